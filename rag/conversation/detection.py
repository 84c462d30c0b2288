"""How a message leans on the conversation, if it does.

- reference: a pronoun or demonstrative the question does not itself explain ("who presented it?",
  "ai trình bày tuyên bố đó?"; see `references`);
- ellipsis: the previous question with one part swapped ("and in 2024?", "what about Korea?",
  "còn Hàn Quốc thì sao?", "năm 2024 thì sao?");
- fragment: too little of its own to search for: no name and at most two content words ("why?",
  "khi nào?", "tell me more", "how many people were on board?").
Everything else stands on its own, even when it opens with "and" ("And who is the head of IOM in
Vietnam?" names its own subject).
"""

from __future__ import annotations

import re
from typing import Literal

from ..text.language import detect_language
from ..text.lexicon import alternation, en, vi
from ..text.mentions import content_words, names, words
from .references import anaphors, free_anaphors

TurnKind = Literal["standalone", "reference", "ellipsis", "fragment"]

# words asking for more of the same: with function words only, nothing of its own to search for
MORE = vi.ASKING_FOR_MORE | en.ASKING_FOR_MORE
_MAX_FRAGMENT_WORDS = {"en": 2, "vi": 3}  # Vietnamese counts syllables: "máy bay" is two

# ellipsis: "and in 2024?", "what about Korea?", "còn Hàn Quốc thì sao?", "năm 2024 thì sao?"
_VI_TAIL = rf"(?:\s+(?:{alternation(vi.QUESTION_TAILS)}))?"
_HOW_ABOUT_VI = rf"\s+thì\s+(?:{alternation(vi.HOW_ABOUT)})"
_ELLIPSES = [
    re.compile(rf"^(?:(?:thế|vậy|và)\s+)?còn\s+(?P<x>.+?)(?:{_HOW_ABOUT_VI})?{_VI_TAIL}$", re.I),
    re.compile(rf"^(?:(?:thế|vậy)\s+)?(?P<x>.+?){_HOW_ABOUT_VI}{_VI_TAIL}$", re.I),
    re.compile(r"^và\s+(?P<x>.+)$", re.I),
    re.compile(r"^(?:and|but|so|or)?\s*(?:what|how)\s+about\s+(?P<x>.+)$", re.I),
    re.compile(r"^(?:and|but|or)\s+(?P<x>.+)$", re.I),
    re.compile(r"^(?:same\s+(?:for|with)|also\s+for)\s+(?P<x>.+)$", re.I),
    re.compile(r"^(?P<x>.+?),?\s+(?:too|as well)$", re.I),
]
# a bare phrase of place or time: "in Hanoi?", "ở Đà Nẵng?", "năm 2024?" (a few words at most)
_PHRASE_ELLIPSIS = re.compile(
    rf"^(?P<x>(?:{alternation(vi.PHRASE_LEADS | en.PHRASE_LEADS)})\s+.+)$", re.I)
_MAX_ELLIPSIS_WORDS = 8
_MAX_PHRASE_WORDS = 4
# an ellipsis holding one of these asks its own question ("and who is the head of IOM?")
_ASKING_WORDS = en.QUESTION_WORDS | en.AUXILIARIES | vi.ASKING_WORDS
_VI_ASKING = re.compile(rf"\b(?:{alternation(vi.ASKING_PHRASES)})\b", re.I)


def classify(question: str, previous: str = "") -> TurnKind:
    """How a message leans on the conversation ("standalone" when it does not)."""
    if ellipsis(question) is not None:
        return "ellipsis"
    if free_anaphors(question, previous):
        return "reference"
    if too_little(question):
        return "fragment"
    return "standalone"


def ellipsis(question: str) -> str | None:
    """The part that replaces something in the previous question ("in 2024", "Hàn Quốc"), or
    None when the question is no ellipsis."""
    text = question.strip().rstrip("?!.… ").strip()
    for pattern in (*_ELLIPSES, _PHRASE_ELLIPSIS):
        match = pattern.match(text)
        if not match:
            continue
        part = match.group("x").strip(" ,")
        part_words = words(part)
        limit = _MAX_PHRASE_WORDS if pattern is _PHRASE_ELLIPSIS else _MAX_ELLIPSIS_WORDS
        if not part_words or len(part_words) > limit:
            continue
        if any(w.low in _ASKING_WORDS for w in part_words) or _VI_ASKING.search(part):
            continue  # "and who is the head of IOM?" asks its own question
        if anaphors(part):
            return None  # "and his title?", "còn kỳ sau đó?": a reference to resolve
        return part
    return None


def too_little(question: str) -> bool:
    """No name and at most two content words (three Vietnamese syllables) of its own."""
    if names(question):
        return False
    limit = _MAX_FRAGMENT_WORDS[detect_language(question)]
    return len([w for w in content_words(question) if w.low not in MORE]) <= limit
