"""Token counting with tiktoken, offline.

tiktoken downloads encodings on first use; llama-index-core ships a cache of cl100k_base and
o200k_base, so we point tiktoken at it and never touch the network. The cache is found without
importing llama-index (which takes seconds), and tiktoken loads on the first count.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from .bundled import llama_index_static

if TYPE_CHECKING:
    import tiktoken

DEFAULT_ENCODING = "o200k_base"


@lru_cache(maxsize=4)
def get_encoding(name: str = DEFAULT_ENCODING) -> "tiktoken.Encoding":
    """The named encoding, loaded from llama-index-core's bundled cache."""
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(llama_index_static("tiktoken_cache")))
    import tiktoken

    return tiktoken.get_encoding(name)


@lru_cache(maxsize=16)
def encoding_for_model(model: str) -> "tiktoken.Encoding":
    """The encoding a model uses, or o200k_base for names tiktoken does not know."""
    import tiktoken

    try:
        name = tiktoken.encoding_name_for_model(model)
    except KeyError:
        name = DEFAULT_ENCODING
    if name not in ("cl100k_base", "o200k_base"):
        name = DEFAULT_ENCODING
    return get_encoding(name)


def count_tokens(text: str, encoding: "tiktoken.Encoding | None" = None) -> int:
    """Number of tokens in text (special-token strings counted as plain text)."""
    return len((encoding or get_encoding()).encode(text, disallowed_special=()))

