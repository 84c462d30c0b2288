"""Scoring answers against gold questions: gold files, metrics, the eval run."""
