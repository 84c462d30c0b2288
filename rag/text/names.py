"""Names and numbers: the words a translation leaves as they are (pure functions).

"VN-Index", "MH370", "Wang Fuk Court", "Nguyễn Hoàng Nguyên" / "Nguyen Hoang Nguyen" and "43" read
the same in a Vietnamese article and an English question, so they carry evidence across languages
where word matching (BM25) cannot.
"""

from __future__ import annotations

import re

from .folding import ascii_letters

_ANCHOR = re.compile(r"\d+|\b[A-Z][a-z]{2,}\b|\b[A-Z]{2,}\b")
# a run of capitalised words or acronyms, one name ("Victor Vu", "VN-Index")
_NAME_RUN = re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{2,})(?:[ -](?:[A-Z][a-z]+|[A-Z]{2,}))*\b")


def anchors(text: str) -> set[str]:
    """Numbers and capitalised names, accents removed, which survive translation unchanged."""
    return set(_ANCHOR.findall(ascii_letters(text)))


def capitalised_names(text: str) -> set[str]:
    """The anchors that are names, not numbers."""
    return {a for a in anchors(text) if not a.isdigit()}


def name_runs(text: str) -> list[str]:
    """The names a text states as written, accents removed, a run of capitalised words being one
    name ("Victor Vu", "Jodie Haydon"); a two-letter word only as an acronym."""
    return [run for run in _NAME_RUN.findall(ascii_letters(text)) if len(run) > 2 or run.isupper()]


def question_anchors(question: str) -> set[str]:
    """A question's names and numbers, without the capital that only opens it ("What", "Ai")."""
    first = re.match(r"\W*(\w+)", question)
    opening = anchors(first.group(1)) if first and not first.group(1).isupper() else set()
    return anchors(question) - opening
