"""Names and numbers: the words a translation leaves as they are (pure functions).

"VN-Index", "MH370", "Wang Fuk Court", "Nguyễn Hoàng Nguyên" / "Nguyen Hoang Nguyen" and "43" read
the same in a Vietnamese article and an English question, so they carry evidence across languages
where word matching (BM25) cannot.
"""

from __future__ import annotations

import re

from .folding import ascii_letters

_ANCHOR = re.compile(r"\d+|\b[A-Z][a-z]{2,}\b|\b[A-Z]{2,}\b")


def anchors(text: str) -> set[str]:
    """Numbers and capitalised names, accents removed, which survive translation unchanged."""
    return set(_ANCHOR.findall(ascii_letters(text)))


def question_anchors(question: str) -> set[str]:
    """A question's names and numbers, without the capital that only opens it ("What", "Ai")."""
    first = re.match(r"\W*(\w+)", question)
    opening = anchors(first.group(1)) if first and not first.group(1).isupper() else set()
    return anchors(question) - opening
