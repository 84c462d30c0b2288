"""Word terms for BM25 and for counting shared words: one analyser for Vietnamese and English.

Vietnamese syllables pass through the English stemmer almost untouched, and identically for queries
and documents, so one analyser serves both languages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import bm25s
import Stemmer

_TOKEN_PATTERN = r"(?u)\b\w+\b"
# soft hyphen, zero-width space/joiners, direction marks, word joiner, BOM: invisible, yet they
# would split a word in two or make it a different word
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def terms(texts: list[str]) -> list[list[str]]:
    """Lower-cased, NFC, English-stemmed word tokens without English stop words or invisible
    characters (so NFD and NFC spellings of a Vietnamese word, or a word with a zero-width space in
    it, are the same term)."""
    normalised = [_INVISIBLE.sub("", unicodedata.normalize("NFC", t)) for t in texts]
    return bm25s.tokenize(
        normalised,
        token_pattern=_TOKEN_PATTERN,
        stopwords="en",
        stemmer=_stemmer(),
        return_ids=False,
        show_progress=False,
    )
