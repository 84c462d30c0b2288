"""Counting and list questions ("how many countries...", "which officials spoke...") (pure functions).

Such questions need facts gathered from every source rather than the single best sentence, and
news often states a count relative to someone: "Vietnam joined 43 countries" means 44 signatories.
`total_note` reads only that one unambiguous pattern (X joined / together with N countries) and says
the total, so the extractive answer can add it after the quote that states the figure.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["count", "list"]

_COUNT = re.compile(r"\bhow many\b|\bbao nhiêu\b|\bmấy\b", re.I)
_LIST = re.compile(
    r"\b(?:which|what|who)\s+(?:\w+\s+)?(?:countries|nations|officials|people|organi[sz]ations|"
    r"leaders|speakers|delegates|clubs|teams|provinces|cities|companies|players)\b|"
    r"\bnhững\s+(?:ai|\w+(?:,?\s+\w+)?\s+nào)\b|\bcác\s+\w+(?:,?\s+\w+)?\s+nào\b",
    re.I,
)
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


def question_kind(question: str) -> Kind | None:
    """"count" for how-many questions, "list" for which-ones questions (also when a question asks
    both: "how many draws, and which were they?"), else None."""
    if _LIST.search(question):
        return "list"
    if _COUNT.search(question):
        return "count"
    return None


def total_note(sentence: str, lang: str) -> str | None:
    """"X joined N countries" -> the total N + 1, in the answer's language; None otherwise."""
    for pattern in _JOINED:
        match = pattern.search(sentence)
        if match:
            n = int(match["n"])
            return _NOTE.get(lang, _NOTE["en"]).format(total=n + 1, who=match["who"], n=n)
    return None
