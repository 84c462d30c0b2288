"""Totals a sentence implies (pure functions): news often states a count relative to someone,
"Vietnam joined 43 countries" means 44 signatories.

`total_note` reads only that one unambiguous pattern (X joined / together with N countries) and
says the total, so an answer can add it after the quote that states the figure and the support
check can count it as stated.
"""

from __future__ import annotations

import re

_NAME = r"[A-ZĐ][\w’'-]*(?:\s+[A-ZĐ][\w’'-]*)*"
_JOINED = [
    (re.compile(rf"(?P<who>{_NAME})\s+(?:joined|together with|along with)\s+(?P<n>\d+)\s+"
                r"(?:other\s+)?(?:countries|nations)\b")),
    (re.compile(rf"(?P<who>{_NAME})\s+(?:cùng(?:\s+với)?)\s+(?P<n>\d+)\s+(?:nước|quốc gia)\b")),
]
_NOTE = {
    "en": "That makes {total} countries in all: {who} and the {n} others.",
    "vi": "Tức là tổng cộng {total} nước: {who} và {n} nước khác.",
}


def total_note(sentence: str, lang: str) -> str | None:
    """"X joined N countries" -> the total N + 1, in the answer's language; None otherwise."""
    for pattern in _JOINED:
        match = pattern.search(sentence)
        if match:
            n = int(match["n"])
            return _NOTE.get(lang, _NOTE["en"]).format(total=n + 1, who=match["who"], n=n)
    return None
