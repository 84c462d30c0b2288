"""Totals a sentence implies (pure functions): news often states a count relative to someone,
"Vietnam joined 43 countries" means 44 signatories.

`total_note` reads only that one unambiguous pattern (X joined / together with N countries) and
says the total, so an answer can add it after the quote that states the figure and the support
check can count it as stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import alternation, en, vi

_NAME = r"[A-ZĐ][\w’'-]*(?:\s+[A-ZĐ][\w’'-]*)*"
_JOINED = [
    (re.compile(rf"(?P<who>{_NAME})\s+(?:joined|together with|along with)\s+(?P<n>\d+)\s+"
                r"(?:other\s+)?(?:countries|nations)\b")),
    (re.compile(rf"(?P<who>{_NAME})\s+(?:cùng(?:\s+với)?)\s+(?P<n>\d+)\s+(?:nước|quốc gia)\b")),
]
# a question that itself counts the others ("Việt Nam cùng bao nhiêu nước", "Vietnam joined how
# many countries") asks for N, not the total
_ASKS_PARTNERS = re.compile(r"\b(?:joined|together with|along with|cùng(?:\s+với)?)\s+"
                            rf"(?:{alternation(en.HOW_MANY + vi.HOW_MANY)})\b", re.I)
_NOTE = {
    "en": "That makes {total} countries in all: {who} and the {n} others.",
    "vi": "Tức là tổng cộng {total} nước: {who} và {n} nước khác.",
}
_UNIT = {"en": "countries", "vi": "nước"}


@dataclass(frozen=True)
class JoinedTotal:
    """"X joined N countries": who joined, N, and where "N countries" is in the sentence."""

    who: str
    n: int
    start: int
    end: int

    @property
    def total(self) -> int:
        return self.n + 1

    def text(self, lang: str) -> str:
        """The total as a short answer, in the answer's language ("44 countries", "44 nước")."""
        return f"{self.total} {_UNIT.get(lang, _UNIT['en'])}"

    def arithmetic(self) -> str:
        """How the total follows from the sentence ("Vietnam + 43 = 44")."""
        return f"{self.who} + {self.n} = {self.total}"

    def note(self, lang: str) -> str:
        """The total said in a sentence, in the answer's language."""
        return _NOTE.get(lang, _NOTE["en"]).format(total=self.total, who=self.who, n=self.n)


def joined_total(sentence: str) -> JoinedTotal | None:
    """"X joined N countries" -> X, N and the span of "N countries"; None otherwise."""
    for pattern in _JOINED:
        match = pattern.search(sentence)
        if match:
            return JoinedTotal(match["who"], int(match["n"]), match.start("n"), match.end())
    return None


def asks_for_partners(question: str) -> bool:
    """Whether the question counts those who joined someone ("Việt Nam cùng bao nhiêu nước ...?"),
    which the quoted N answers as it is."""
    return bool(_ASKS_PARTNERS.search(question))


def total_note(sentence: str, lang: str) -> str | None:
    """"X joined N countries" -> the total N + 1, in the answer's language; None otherwise."""
    joined = joined_total(sentence)
    return joined.note(lang) if joined else None
