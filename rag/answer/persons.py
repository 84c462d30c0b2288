"""A question asking who ("Ai là hiệu trưởng ...?", "Who won the 10 km race?") is answered only by
a quote that names a person, one the question does not already name.

News names a person in full or after a title at first mention ("Chủ tịch Lương Cường", "ông Trần
Anh Tú"), which `rag.text.mentions.people` reads; a report on the story that names no one (the
school's principal was dismissed; the suspect was arrested) answers the story, not who. So such an
answer from dated news is declined, whoever gave it (the extractive answerer takes any
capitalised name as a candidate, an LLM may too). Reference text (undated) often names a person
by a surname alone ("Tesla"), which the reader cannot tell from a place: it is left to the
answer confidence.
"""

from __future__ import annotations

import re

from ..text.folding import unaccented
from ..text.lexicon import alternation, en, vi
from ..text.mentions import people
from ..types import Answer, Retrieval
from .asked import asked_of

# a place or an organisation asked for right before "nào" / after "which": the question asks for
# it, whatever person it names first ("... bà nội ... sở y tế của tỉnh nào", "ông điều hành từ
# quốc gia nào"), though the question reader takes the person noun
_ASKS_PLACE_OR_BODY = re.compile(
    rf"\b(?:{alternation(vi.PLACE_QUESTION_NOUNS + vi.ORGANISATION_QUESTION_NOUNS)})\s+nào\b|"
    rf"\bwhich\s+(?:{alternation(en.PLACE_QUESTION_NOUNS + en.ORGANISATION_QUESTION_NOUNS)})\b",
    re.I)


def names_no_one(retrieval: Retrieval, answer: Answer) -> bool:
    """Whether the question asks who and the answer's quotes, from dated news, name no person
    the question does not name already."""
    asked = asked_of(retrieval.query)
    if asked.expectation.hint != "person" or _ASKS_PLACE_OR_BODY.search(asked.question):
        return False
    if not answer.citations or not all(c.date for c in answer.citations):
        return False
    question = unaccented(asked.question).casefold()
    named = people(" ".join(c.quote for c in answer.citations))
    return all(unaccented(name).casefold() in question for name in named)
