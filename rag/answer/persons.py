"""A question asking who ("Ai là hiệu trưởng ...?", "Who won the 10 km race?") is answered only by
a quote that names someone the question does not already name.

A report on the story that names no one (the school's principal was dismissed; the suspect was
arrested) answers the story, not who: from dated news such an answer is declined, whoever gave it
(the extractive answerer takes any capitalised run as a candidate, "Phòng Cảnh" of "Phòng Cảnh
sát hình sự"; an LLM may quote it too). Someone is named by a person's name as
`rag.text.mentions.people` reads one (after a title, a full name) or by any other name but a
country, a code, a body, a place, or a lone Vietnamese syllable ("Phó" of "Phó bí thư", "Liên" of
"Liên đoàn"): news calls singers and players by two syllables or one foreign word ("Mỹ Tâm",
"Tiến Linh", "Neymar"), which no reader tells from other names by their shape. Reference text
(undated) is left to the answer confidence.
"""

from __future__ import annotations

import re

from ..text.folding import unaccented
from ..text.lexicon import vi
from ..text.mentions import names, people, vietnamese_syllable
from ..text.places import other_names
from ..types import Answer, Retrieval
from .asked import asked_of

# the word before a place's name, accents off: a place noun's last ("phường Xuân Hòa", "thành phố
# Huế"), "TP", "tại" / "ở" (at), "ủy" ("Thành ủy Hà Nội")
_BEFORE_PLACE = frozenset({unaccented(noun.split()[-1]) for noun in vi.PLACE_NOUNS}
                          | {"tp", "tai", "o", "uy"})
# the first word of a body's name, accents off ("Cục Cảnh sát", "Tập đoàn", "Bệnh viện"); not
# `vi.INSTITUTION_SYLLABLES`, which holds given names too ("Quốc Thiên", "Trường Giang", "Công
# Phượng")
_BODY_FIRST = frozenset({"cuc", "phong", "so", "bo", "dang", "uy", "ubnd", "tap", "co", "benh",
                         "toa", "ngan", "chinh"})


def names_no_one(retrieval: Retrieval, answer: Answer) -> bool:
    """Whether the question asks who and the answer's quotes, from dated news, name no one the
    question does not name already."""
    asked = asked_of(retrieval.query)
    if asked.expectation.hint != "person":
        return False
    if not answer.citations or not all(c.date for c in answer.citations):
        return False
    question = _folded(asked.question)
    return not any(_names_someone(c.quote, question) for c in answer.citations)


def _names_someone(quote: str, question: str) -> bool:
    """Whether the quote names someone the (folded) question does not."""
    named = people(quote) + [quote[s:e] for s, e in names(quote) if not _no_one(quote, s, e)]
    return any(_folded(name) not in question and not _opener_then_asked(quote, name, question)
               for name in named)


def _opener_then_asked(quote: str, name: str, question: str) -> bool:
    """Whether the name is the quote's capitalised first syllable glued to a name the question
    holds: "Truyện Superman trên căn gác cũ ..." names Superman, not someone called Truyện."""
    opener, _, rest = name.partition(" ")
    return bool(rest) and quote.startswith(name) and vietnamese_syllable(opener) \
        and _folded(rest) in question


def _no_one(text: str, start: int, end: int) -> bool:
    """Whether the name text[start:end] is surely no one's: a quoted title, a code, a country, a
    lone Vietnamese syllable, a place (after a place noun) or a body."""
    run = text[start:end]
    before = re.findall(r"\w+", text[max(0, start - 15):start])[-1:]
    return (not run[:1].isupper() or run.isupper() or any(c.isdigit() for c in run)
            or bool(other_names(run))
            or (" " not in run and vietnamese_syllable(run))
            or (bool(before) and _folded(before[0]) in _BEFORE_PLACE)
            or _folded(run.split()[0]) in _BODY_FIRST)


def _folded(text: str) -> str:
    return unaccented(text).casefold()
