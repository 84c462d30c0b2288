"""Data files that llama-index-core ships (NLTK's Punkt model, tiktoken encodings), located
without importing llama-index: importing it costs seconds, and only its files are needed."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from ..errors import NewsragError


@lru_cache(maxsize=4)
def llama_index_static(name: str) -> Path:
    """The folder `llama_index/core/_static/<name>` of the installed llama-index-core."""
    spec = importlib.util.find_spec("llama_index.core")
    if spec is None or not spec.submodule_search_locations:
        raise NewsragError("llama-index-core is not installed: it ships the tokenizer files newsrag"
                           " needs (pip install llama-index-core)")
    return Path(list(spec.submodule_search_locations)[0]) / "_static" / name
