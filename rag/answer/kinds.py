"""What a question asks for: a name, a number with its unit, a date, a score, or a description
(pure functions, Vietnamese and English).

An answer that holds none of what was asked is no answer: "How high did Bitcoin rise?" is not
answered by the headline "Vì sao Bitcoin tăng phi mã?", which holds no figure. The extractive
answerer uses the expectation to choose evidence that holds a candidate of the asked kind, to cut
the short answer out of it, and to decline when no candidate is found.

Kinds are coarse on purpose: "entity" covers people, places, organisations and named things, whose
candidates are all capitalised names (the `hint` only orders several names in one sentence), and
questions that fit no rule ask for a description, which is never gated.
"""

from __future__ import annotations

import re
import unicodedata

from ..text.lexicon import alternation, en, vi
from ..types import AnswerKind, Expectation, Hint

_I = re.IGNORECASE
# kinds an answer must hold to be an answer at all: when no sentence near the top holds one, the
# articles do not answer the question (an item on the match that gives no score, on the minister
# that names nobody, answers neither "what score?" nor "who?")
GATED_KINDS = ("number", "date", "score", "entity")
# (kind, hint, pattern); the first rule that matches wins, so the specific ones come first
_RULES: list[tuple[AnswerKind, Hint, re.Pattern[str]]] = [
    # "what kind of city", "loại thành phố nào": a description, whatever noun follows
    ("description", "", re.compile(r"\b(?:what|which)\s+(?:kind|kinds|type|types|sort)\s+of\b|"
                                   r"\b(?:loại|kiểu|dạng|hình thức)\b[^?]{0,40}\bnào\b", _I)),
    ("score", "", re.compile(r"\b(?:what|which)\s+(?:was\s+)?(?:the\s+)?(?:final\s+)?score\b|"
                             r"\bby what score\b|\bscoreline\b|\bfinal score\b|"
                             r"\b(?:tỷ số|tỉ số)\s+(?:\w+\s+){0,2}?(?:nào|bao nhiêu|gì|ra sao|"
                             r"thế nào)\b", _I)),
    ("date", "", re.compile(
        r"^\s*when\b|\b(?:what|which|on what|from what|by what)\s+(?:dates?|days?|year)\b|"
        r"\bsince when\b|"
        r"\b(?:khi nào|bao giờ|ngày nào|hôm nào|thời điểm nào|lúc nào|năm nào|tháng nào)\b",
        _I)),
    ("number", "", re.compile(
        r"\bhow\s+(?:many|much|old|long|far|high|big|large|tall|deep|fast|often)\b|"
        rf"\b(?:what|which)\s+(?:[\w-]+\s+){{0,2}}?(?:{alternation(en.NUMBER_QUESTION_NOUNS)})\b|"
        r"\bat what (?:age|level|price|rate|speed)\b|\bby how much\b|"
        rf"\b(?:{alternation(vi.HOW_MANY + vi.NUMBER_QUESTIONS)})\b", _I)),
    # a place or a body asked for right before "nào" or after "which" (a word or two between:
    # "cửa khẩu quốc tế nào", "which Japanese airport"), whatever person the question names first
    # ("bà nội ... sở y tế của tỉnh nào")
    ("entity", "place", re.compile(
        rf"\b(?:{alternation(vi.PLACE_QUESTION_NOUNS)})(?:\s+[\w()-]+){{0,2}}?\s+nào\b|"
        rf"\bwhich\s+(?:[\w-]+\s+){{0,2}}?(?:{alternation(en.PLACE_QUESTION_NOUNS)})s?"
        r"(?![\w-])", _I)),
    ("entity", "organisation", re.compile(
        rf"\b(?:{alternation(vi.ORGANISATION_QUESTION_NOUNS)})(?:\s+[\w()-]+){{0,3}}?\s+nào\b|"
        rf"\bwhich\s+(?:[\w-]+\s+){{0,2}}?(?:{alternation(en.ORGANISATION_QUESTION_NOUNS)})s?"
        r"(?![\w-])", _I)),
    ("entity", "person", re.compile(
        r"^\s*(?:who|whom|whose)\b|\b(?:who|whom)\b|\bwhat is (?:his|her|their) name\b|"
        rf"\bwhich\s+(?:\w+\s+)?(?:{alternation(en.PERSON_QUESTION_NOUNS)})\b|"
        r"(?-i:(?<!\w)ai(?!\w)|^\s*Ai\s+(?!Cập))|\bngười nào\b|\btên đầy đủ\b|"
        # the name of a person the question opens with, or names after "the name of"
        rf"^\s*(?:{alternation(vi.PERSON_SUBJECTS)})\b[^?]*\btên (?:là )?gì\b|"
        rf"\bname of (?:the |a |an )?(?:(?!who\b|whose\b|that\b|which\b)[\w'’-]+\s+){{0,4}}?"
        rf"(?:{alternation(en.PERSON_NOUNS)})\b(?![\w-])|"
        rf"\b(?:{alternation(vi.PERSON_QUESTION_NOUNS)})\b[^?]{{0,90}}?\s+nào\b", _I)),
    ("entity", "place", re.compile(r"^\s*where\b|\bwhere\b|\b(?:ở|tại)\s+đâu\b|\bnơi nào\b", _I)),
    ("entity", "organisation", re.compile(
        rf"\bwhat\s+(?:\w+\s+)?(?:{alternation(en.ORGANISATION_QUESTION_NOUNS)})\b", _I)),
    ("entity", "", re.compile(
        r"\bwhat (?:is|was|are|were) the names?\b|\bname of\b|"
        r"(?<!\bin )(?<!\bby )(?<!\bof )(?<!\bto )(?<!\bat )(?<!\bon )(?<!\bfor )(?<!\bfrom )"
        r"(?<!\bwith )\bwhich\s+\w+|\bwhat\s+\w+\s+"
        r"(?:variant|model|version|title)\b|\btên (?:là )?gì\b|\btên gọi\b|"
        r"\b(?:cuốn|quyển|bộ(?!\s+phận)|phim|tác phẩm|bài hát|ca khúc|chương trình|dự án|"
        r"con tàu|tàu|tên lửa|"
        r"tầng đẩy|mẫu|phiên bản|giải|danh hiệu|loại)(?:\s+[\w()-]+){0,2}?\s+nào\b", _I)),
]
# the unit a number question names: "bao nhiêu tờ", "mấy người", "how many people"
_UNIT_AFTER = re.compile(rf"\b(?:{alternation(vi.HOW_MANY + en.HOW_MANY + en.HOW_MUCH)})\s+"
                         r"(?P<unit>[^\s?,.;:]+)"
                         r"(?:\s+(?P<more>[^\s?,.;:]+))?", _I)
_YEAR_QUESTION = re.compile(r"\b(?:what|which|in what|in which)\s+year\b|\bnăm nào\b|"
                            r"\bnăm bao nhiêu\b", _I)
_DAY_QUESTION = re.compile(r"\b(?:what|which|on what|on which)\s+(?:dates?|days?)\b|"
                           r"\b(?:ngày|hôm)\s+nào\b", _I)
_NOT_UNITS = en.NOT_UNITS | vi.NOT_UNITS


def expected_answer(question: str) -> Expectation:
    """What the question asks for; "description" when no rule says. A date question that asks
    for a year ("năm nào", "in what year") has the unit "year", one that asks for a day ("ngày
    nào", "on what date") the unit "day"."""
    text = unicodedata.normalize("NFC", question)
    if _YEAR_QUESTION.search(text):
        return Expectation("date", "", "year")
    for kind, hint, pattern in _RULES:
        if pattern.search(text):
            if kind == "date":
                return Expectation(kind, hint, "day" if _DAY_QUESTION.search(text) else "")
            return Expectation(kind, hint, _unit(text) if kind == "number" else "")
    return Expectation("description")


def _unit(question: str) -> str:
    match = _UNIT_AFTER.search(question)
    if not match:
        return ""
    if re.search(rf"\b(?:thứ|{alternation(vi.RANKED_WITHOUT_THU)})\s+$", question[: match.start()],
                 _I):
        return ""  # "ngày thứ bao nhiêu của cuộc chiến", "khóa mấy": a rank; what follows no unit
    unit = match["unit"].lower()
    if match["more"] and f"{unit} {match['more'].lower()}" in vi.TWO_SYLLABLE_UNITS:
        return f"{unit} {match['more'].lower()}"
    if unit in vi.COMMON_UNITS:  # units after all, though common words
        return unit
    return "" if unit in _NOT_UNITS or unit.isdigit() else unit
