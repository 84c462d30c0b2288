"""Embedders and the index: Chroma chunk rows with their sentence vectors, BM25, and the locks that
keep both consistent while they are shared."""
