"""The question read once (pure functions): what it asks for, and every word, name, number and
cue the answerers, the checks and the candidate finders look up in it.

`read_question` is called when the assistant resolves a Query; the `Asked` record travels on the
Query, as llama-index's QueryBundle travels with a query, so no later stage parses the question
again. Counting and list questions ("how many countries...", "which officials spoke...") are told
apart here too: they need facts gathered from every source rather than the best sentence.
"""

from __future__ import annotations

import re
import unicodedata

from ..text.folding import casefolded, unaccented
from ..text.lexicon import alternation, en, vi
from ..types import Asked, Gathering, Query
from .gathering import question_parts
from .kinds import expected_answer
from .spans.candidate import _STOP
from .spans.names import capitalised_runs, roles_named
from .translations import asked_translation

_COUNT = re.compile(rf"\b(?:{alternation(en.HOW_MANY + vi.HOW_MANY)})\b", re.I)
_LIST = re.compile(
    r"\b(?:which|what|who)\s+(?:\w+\s+)?(?:countries|nations|officials|people|organi[sz]ations|"
    r"leaders|speakers|delegates|clubs|teams|provinces|cities|companies|players)\b|"
    r"\bnhững\s+(?:ai|\w+(?:,?\s+\w+)?\s+nào)\b|\bcác\s+\w+(?:,?\s+\w+)?\s+nào\b",
    re.I,
)
_HOW_MANY = re.compile(rf"\b(?:{alternation(en.HOW_MANY)})\b", re.I)
_MONEY_WORDS = re.compile(r"\b(?:tiền|giá|phí|vốn|lương|chi phí|đầu tư|doanh thu|lợi nhuận|"
                          r"bồi thường|invest\w*|cost\w*|price\w*|pay\w*|fund\w*|worth|fee\w*|"
                          r"salary|budget|spend\w*|compensation|damages|revenues?|profits?)\b",
                          re.I)
_MONEY_LOOKALIKES = re.compile(rf"\b(?:{alternation(vi.MONEY_LOOKALIKES)})\b", re.I)
# a share asked in so many words: "lợi nhuận bao nhiêu phần trăm" asks for no sum
_PERCENT_ASKED = re.compile(rf"\b(?:{alternation(vi.HOW_MANY)})\s*(?:%|phần trăm)|"
                            r"\b(?:what|which) percent(?:age)?\b|\bhow many per ?cent\b", re.I)
_PERCENT_WORDS = re.compile(r"\b(?:phần trăm|thuế suất|tỷ lệ|tỉ lệ|percent\w*|rate|share)\b",
                            re.I)
# a rank asked in so many words ("đứng thứ mấy", "hạng bao nhiêu", "khóa mấy"): no count, and
# no sum
_RANK_NUMBER = re.compile(rf"\b(?:thứ|hạng|{alternation(vi.RANKED_WITHOUT_THU)}) "
                          rf"(?:{alternation(vi.HOW_MANY)})\b|\bxếp (?:thứ )?mấy\b", re.I)
_RANK_ASKED = re.compile(rf"{_RANK_NUMBER.pattern}|\bxếp hạng\b|\brank(?:ed|ing)?\b", re.I)
# the words a Vietnamese rank question ranks: "ngày thứ bao nhiêu", "đợt xả thứ mấy", "khóa mấy"
_RANKED = re.compile(rf"(?P<before>(?:\S+\s+){{1,3}})thứ\s+(?:{alternation(vi.HOW_MANY)})\b|"
                     rf"\b(?P<noun>{alternation(vi.RANKED_WITHOUT_THU)})\s+"
                     rf"(?:{alternation(vi.HOW_MANY)})\b", re.I)
_NAMED_BY_KIND = re.compile(
    rf"\b(?P<kind>{alternation(vi.NAMED_BY_KIND)})(?:\s+[\w()-]+){{0,2}}?\s+nào\b", re.I)
_NOT_NAMED_BY_KIND = re.compile(rf"\b(?:{alternation(vi.NOT_NAMED_BY_KIND)})\b", re.I)
_PHOTO = re.compile(r"\b(?:photo|picture|image|ảnh|hình)\b", re.I)
_LOCAL_PLACE = re.compile(rf"\b(?:{alternation(en.LOCAL_PLACES + vi.LOCAL_PLACES)})\b", re.I)
# what a Vietnamese number question asks about: the words before "bao nhiêu" ("phí vào cửa"),
# read past asides in brackets and words that name no measure ("giá khởi điểm (quy đổi)")
_FOCUS = re.compile(rf"(?P<before>(?:\S+\s+){{1,3}})(?:là\s+)?(?:{alternation(vi.HOW_MANY)})\b",
                    re.I)
_NO_FOCUS = re.compile(rf"\s*\([^)]*\)|\b(?:{alternation(vi.MEASURE_WORDS)})\s+", re.I)
_NOT_FOCUS = _STOP | {"mức", "quanh", "khoảng", "tổng", "cộng", "tối", "đa", "thiểu", "phải", "đủ",
                      "mất", "nhận", "được", "tăng", "giảm", "đạt", "lên", "còn"}


def read_question(question: str, language: str) -> Asked:
    """Everything later stages look up in the question (`language`: its language, as the
    Query's)."""
    folded = casefolded(question)
    words = frozenset(re.findall(r"\w+", folded))
    endings = _name_endings(question, language)
    return Asked(
        question=question,
        language=language,
        expectation=expected_answer(question),
        gathering=gathering(question),
        translation=asked_translation(question, language),
        folded=folded,
        unaccented=unaccented(folded),
        words=words,
        content=frozenset(w for w in words if w not in _STOP and not w.isdigit()),
        heads=frozenset(w[:5] for w in words if len(w) >= 4 and w not in _STOP),
        numbers=frozenset(re.findall(r"\d+(?:[.,]\d+)*", question)),
        focus=_focus_words(question),
        name_endings=endings,
        names=frozenset(unaccented(name) for name in endings),
        roles=frozenset(roles_named(question)),
        rank=bool(_RANK_ASKED.search(question)),
        ranked=_ranked_nouns(question),
        named_by=_named_by(question, language),
        money=bool(_MONEY_WORDS.search(_MONEY_LOOKALIKES.sub(" ", question)))
        and not _PERCENT_ASKED.search(question) and not _RANK_NUMBER.search(question),
        percent=bool(_PERCENT_WORDS.search(question)) or "%" in question,
        how_many=bool(_HOW_MANY.search(question)),
        photo=bool(_PHOTO.search(question)),
        local_place=bool(_LOCAL_PLACE.search(question)),
        parts=question_parts(question, language, expected_answer(question).kind,
                             gathering(question)),
    )


def asked_of(query: Query) -> Asked:
    """The query's reading: the one the assistant made, or (for a Query made by hand) one made
    now."""
    return query.asked or read_question(query.question, query.language)


def gathering(question: str) -> Gathering:
    """"count" for how-many questions, "list" for which-ones questions (also when a question asks
    both: "how many draws, and which were they?"), else "". A rank ("cơn bão thứ bao nhiêu") is
    no count."""
    if _LIST.search(question):
        return "list"
    if _COUNT.search(_RANK_NUMBER.sub(" ", question)):
        return "count"
    return ""


def _focus_words(question: str) -> frozenset[str]:
    """The Vietnamese words naming what a number question asks ("phí vào cửa bao nhiêu" ->
    phí, cửa): a sentence without any of them is about another figure. Empty when there are none
    (an English question cannot be checked against Vietnamese text word by word)."""
    match = _FOCUS.search(_NO_FOCUS.sub("", unicodedata.normalize("NFC", question)))
    if not match:
        return frozenset()
    words = re.findall(r"\w+", casefolded(match["before"]))
    return frozenset(w for w in words if w not in _NOT_FOCUS and not w.isdigit() and len(w) > 1)


def _ranked_nouns(question: str) -> frozenset[str]:
    """The nouns a rank is written after without "thứ" that the question ranks ("đợt xả thứ
    mấy" -> đợt, answered by "xả tràn đợt 8")."""
    match = _RANKED.search(unicodedata.normalize("NFC", question))
    if not match:
        return frozenset()
    words = casefolded(match["before"] or match["noun"])
    return frozenset(re.findall(r"\w+", words)) & set(vi.ORDINAL_NOUNS)


def _named_by(question: str, language: str) -> tuple[str, ...]:
    """The words a Vietnamese name of the place or body asked follows ("trường nào" -> trường,
    THPT, THCS, ...; not "thị trường nào"): none for an English question, whose answer a
    Vietnamese text may name otherwise."""
    if language != "vi":
        return ()
    match = _NAMED_BY_KIND.search(_NOT_NAMED_BY_KIND.sub(" ", question))
    return vi.NAMED_BY_KIND[match["kind"].lower()] if match else ()


def _name_endings(question: str, language: str) -> frozenset[str]:
    """The question's names and their endings, as written ("Prime Minister Anthony Albanese"
    also names "Anthony Albanese" and "Albanese"; "Phạm Nhật Vượng" does not name "Phạm
    Nhật")."""
    return frozenset(" ".join(words[k:]) for s, e in capitalised_runs(question, language)
                     for words in [question[s:e].split()] for k in range(len(words)))
