"""The words newsrag knows, one module per language (`vi`, `en`), as spaCy's `lang/*/lex_attrs.py`
or dateparser's per-language data keep them: plain frozensets, dicts and a few compiled patterns.

Every other module takes its words from here, so a concept (the question words of "how many", the
units a count names, person titles, months, ...) is written once. Patterns whose meaning lies in
word order stay with the code that reads them, compiled from these sets with `alternation`.
What ties the two languages together (a unit or a role written either way) lives in this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import en, vi


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first (so "thủ tướng" wins over "thủ"), each
    escaped; spaces match as written."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


__all__ = ["alternation", "en", "vi"]
