"""From evidence to a cited answer: the extractive and LLM answerers, markers, prompts, and the
support check every citation goes through."""
