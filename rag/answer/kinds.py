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
        r"\b(?:what|which)\s+(?:[\w-]+\s+){0,2}?(?:level|price|percentage|percent|rate|amount|"
        r"number|age|share|proportion|figure|total|sum|value|height|distance|temperature|"
        r"threshold|speed|size)\b|"
        r"\bat what (?:age|level|price|rate|speed)\b|\bby how much\b|"
        r"\b(?:bao nhiêu|mấy|bao lâu|bao xa|mức nào|ngưỡng nào|mức giá nào|con số nào)\b", _I)),
    ("entity", "person", re.compile(
        r"^\s*(?:who|whom|whose)\b|\b(?:who|whom)\b|\bwhat is (?:his|her|their) name\b|"
        r"\bwhich\s+(?:\w+\s+)?(?:person|man|woman|player|actor|actress|minister|official|leader|"
        r"singer|president|director|coach|athlete|pilot|beauty|contestant|footballer|striker)\b|"
        r"(?<!\w)ai(?!\w)|^\s*Ai\s+(?!Cập)|\bngười nào\b|\btên đầy đủ\b|"
        r"\b(?:ông|bà|người đẹp|cầu thủ|ca sĩ|diễn viên|hoa hậu|giám đốc|cục trưởng|bộ trưởng|"
        r"thủ tướng|chủ tịch|tổng thống|nhạc sĩ|đạo diễn|vận động viên|huấn luyện viên|HLV|"
        r"phi công|nghệ sĩ|tân hoa hậu|thí sinh|nữ hoàng)\b[^?]{0,90}?\s+nào\b", _I)),
    ("entity", "place", re.compile(
        r"^\s*where\b|\bwhere\b|\b(?:in|at|from)?\s*which\s+(?:city|country|province|village|town|"
        r"region|place|district|state|venue|island|port|base)\b|"
        r"\b(?:ở|tại)\s+đâu\b|\bnơi nào\b|\b(?:tỉnh|thành phố|TP|nước|quốc gia|địa phương|làng|xã|"
        r"huyện|quận|vùng|khu vực|di tích|sân|địa điểm|đảo|cảng)\s+nào\b", _I)),
    ("entity", "organisation", re.compile(
        r"\b(?:which|what)\s+(?:\w+\s+)?(?:company|firm|organi[sz]ation|club|team|bank|party|"
        r"agency|corporation|airline|carmaker|brand|university|school|hospital|newspaper)\b|"
        r"\b(?:tập đoàn|công ty|hãng|doanh nghiệp|ngân hàng|tổ chức|CLB|câu lạc bộ|đội|đảng|"
        r"cơ quan|trường|bệnh viện|tờ báo)(?:\s+[\w()-]+){0,3}?\s+nào\b", _I)),
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
_UNIT_AFTER = re.compile(r"\b(?:bao nhiêu|mấy|how many|how much)\s+(?P<unit>[^\s?,.;:]+)"
                         r"(?:\s+(?P<more>[^\s?,.;:]+))?", _I)
# two syllables make one Vietnamese unit: "nạn nhân", "tàu bay", "khán giả"
TWO_SYLLABLE_UNITS = {"nạn nhân", "tàu bay", "máy bay", "khán giả", "cổ động viên", "học sinh",
                       "sinh viên", "trường hợp", "quốc gia"}
_YEAR_QUESTION = re.compile(r"\b(?:what|which|in what|in which)\s+year\b|\bnăm nào\b|"
                            r"\bnăm bao nhiêu\b", _I)
_DAY_QUESTION = re.compile(r"\b(?:what|which|on what|on which)\s+(?:dates?|days?)\b|"
                           r"\b(?:ngày|hôm)\s+nào\b", _I)
_NOT_UNITS = {"the", "of", "a", "an", "did", "does", "do", "is", "was", "were", "are", "had",
              "different", "more", "other", "new", "total",
              "has", "have", "will", "would", "can", "could", "should", "một", "là", "thì", "được",
              "đã", "sẽ", "có", "người", "ngày", "lần", "mỗi", "một"}
_KEEP_UNITS = {"người", "ngày", "lần"}  # units after all, though common words


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
    unit = match["unit"].lower()
    if match["more"] and f"{unit} {match['more'].lower()}" in TWO_SYLLABLE_UNITS:
        return f"{unit} {match['more'].lower()}"
    if unit in _KEEP_UNITS:
        return unit
    return "" if unit in _NOT_UNITS or unit.isdigit() else unit
