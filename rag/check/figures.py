"""The numbers a sentence states, read alike in claims and quotes (pure functions).

A model's claim is supported by a quote only when the quote states every number the claim does;
"2,000" and "2.000" (a Vietnamese thousand) are one figure, "November" states 11, "Vietnam joined
43 countries" states the total 44 too, and digits inside a word or a file name state nothing.
"""

from __future__ import annotations

import re

from ..text.lexicon import en
from ..text.totals import party_count

# a figure stands alone or carries a unit ("5km", "27th"); digits inside a word or a file name
# ("eb6c", "001_eb6c4f8.txt") are no figure
_FIGURE = re.compile(r"(?<!\w)\d+(?![\d_])")
_GROUPED = re.compile(r"(?<!\w)\d{1,3}(?:[.,]\d{3})+(?![\d_])")  # 2,000 / 2.000 (Vietnamese)
_MONTHS = tuple(month[0].capitalize() for month in en.MONTHS)
_MONTH_NUMBER = {m[:3]: i for i, m in enumerate(_MONTHS, start=1)}
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + "|Sept|" + "|".join(m[:3] for m in _MONTHS)
                    + r")\b")


def numbers(text: str) -> set[str]:
    """The numbers a text states, leading zeros dropped; "2,000" and "2.000" also as 2000."""
    found = {str(int(n)) for n in _FIGURE.findall(text)}
    return found | {_joined(g) for g in _GROUPED.findall(text)}


def claim_numbers(text: str) -> set[str]:
    """The numbers a claim states, a grouped figure ("2,000", "2.000") read as one number."""
    grouped = {_joined(g) for g in _GROUPED.findall(text)}
    return grouped | {str(int(n)) for n in _FIGURE.findall(_GROUPED.sub(" ", text))}


def stated_numbers(quote: str) -> set[str]:
    """What a quote states in numbers: its figures, its months by name ("November" is 11), and
    what a count relative to one party implies: "X joined N countries" the total N + 1, "X is
    one of N" the N - 1 others."""
    found = numbers(quote) | {str(_MONTH_NUMBER[m[:3]]) for m in _MONTH.findall(quote)}
    count = party_count(quote)
    return found | ({str(count.total), str(count.others)} if count else set())


def numbers_stated(claim: str, quote: str, year: str | None = None) -> bool:
    """Whether the quote states every number the claim states (`year`, the quote's publication
    year, counts as stated: a model may add it)."""
    return not claim_numbers(claim) - stated_numbers(quote) - {year}


def _joined(grouped: str) -> str:
    return str(int(re.sub(r"\D", "", grouped)))
