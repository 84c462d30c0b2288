"""The words newsrag knows, one module per language (`vi`, `en`), as spaCy's `lang/*/lex_attrs.py`
or dateparser's per-language data keep them: plain frozensets, dicts and a few compiled patterns.

Every other module takes its words from here, so a concept (the question words of "how many", the
units a count names, person titles, months, ...) is written once. Patterns whose meaning lies in
word order stay with the code that reads them, compiled from these sets with `alternation`.
What ties the two languages together (a unit or a role written either way) lives in this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import en, vi


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, each escaped (spaces match as written): a set's words
    longest first (so "thủ tướng" wins over "thủ"), a sequence's in its own order."""
    if isinstance(words, (set, frozenset)):
        words = sorted(words, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace("\\ ", " ") for w in dict.fromkeys(words))


# a unit as either language writes it: "bao nhiêu nước" is answered by "43 countries"
UNIT_GROUPS = (
    ("người", "dân", "cư dân", "people", "persons", "person", "residents", "inhabitants"),
    ("nước", "quốc gia", "countries", "nations"), ("lần", "times"),
    ("năm", "years", "year"), ("tuổi", "age", "old", "years"), ("tháng", "months"),
    ("ngày", "days"), ("tuần", "weeks"), ("điểm", "points"), ("phiếu", "votes"),
    ("học sinh", "sinh viên", "students", "pupils"), ("ca", "trường hợp", "cases"),
    ("căn", "nhà", "houses", "homes", "apartments"), ("tấn", "tonnes", "tons"),
    ("tàu bay", "máy bay", "aircraft", "planes"), ("bàn", "goals"),
    ("nạn nhân", "victims"), ("khán giả", "cổ động viên", "cđv", "spectators", "fans"),
    ("suất", "ghế", "seats", "places"), ("tờ", "tickets"), ("km", "kilometres", "kilometers"),
)
# parties of one kind as either language counts them: "how many provinces" is not answered by
# "cùng 3 tổ chức" (`rag.text.totals`, across languages)
PARTY_GROUPS = (
    ("nước", "quốc gia", "nền kinh tế", "chính phủ", "countries", "nations", "states", "economies",
     "governments"),
    ("tỉnh", "thành phố", "địa phương", "provinces", "cities", "localities", "municipalities",
     "regions"),
    ("ngân hàng", "banks", "lenders"),
    ("doanh nghiệp", "công ty", "hãng", "tập đoàn", "companies", "firms", "businesses",
     "enterprises", "corporations"),
    ("trường", "đại học", "universities", "schools", "institutes"),
    ("tổ chức", "cơ quan", "organisations", "organizations", "agencies"),
    ("liên đoàn", "hiệp hội", "federations", "associations"),
)
# the same role in both languages (regex alternatives): "the President of the UN General
# Assembly" is the person after "Chủ tịch Đại hội đồng Liên hợp quốc" (not the one after "Đại sứ")
ROLES = {
    "president": r"president|chủ tịch|tổng thống", "premier": r"prime minister|premier|thủ tướng",
    "minister": r"(?<!prime )minister|bộ trưởng", "deputy": r"deputy|vice|phó|thứ trưởng",
    "ambassador": r"ambassador|đại sứ", "secretary": r"secretary|thư ký|bí thư",
    "director": r"director|giám đốc|đạo diễn", "chair": r"chair(?:man|woman|person)?|chủ tịch",
    "coach": r"coach|manager|hlv|huấn luyện viên", "head": r"head|chief|trưởng",
    "spokesperson": r"spokes(?:man|woman|person)|phát ngôn", "author": r"author|writer|tác giả",
    "singer": r"singer|ca sĩ", "actor": r"actor|actress|diễn viên", "player": r"player|cầu thủ",
    "striker": r"striker|forward|tiền đạo", "goalkeeper": r"goalkeeper|thủ môn",
    "governor": r"governor|thống đốc", "mayor": r"mayor|thị trưởng",
    "founder": r"founder|sáng lập", "pilot": r"pilot|phi công", "photographer": r"photo|ảnh",
}

__all__ = ["PARTY_GROUPS", "ROLES", "UNIT_GROUPS", "alternation", "en", "vi"]
