"""Dates and scores as answers: any date the text names ("24/11", "66 triệu năm trước", "the
1990s") and a match score ("2-1")."""

from __future__ import annotations

import re

from ...text.dates import find_dates
from ...text.lexicon import en
from ...types import Asked
from .candidate import Candidate, _day

_SCORE = re.compile(r"(?<![\w./-])(\d{1,2})\s*[-–]\s*(\d{1,2})(?![\w/]|[.,]\d)")
_DATE_SCORES = {"day": 0.3, "month": 0.3, "year": 0.3, "ago": 0.1}
# "in 1886", "năm 1817" (years before 1900 are not read as dates elsewhere), "the 1990s"
_OLD_YEAR = re.compile(r"(?:\b(?:in|since|from|until|by|of|năm|từ|đến)\s+)(?P<year>1\d{3})\b"
                       r"(?!\s*[^\W\d_]*\s*(?:người|people|km|tấn))", re.I)
_DECADE = re.compile(r"\b(?:(?:thập niên|những năm)\s+)?(?:1\d|20)\d0s?\b(?<=0s)|"
                     r"\b(?:thập niên|những năm)\s+(?:1\d|20)\d0\b", re.I)
_MONTH_NAMES = "|".join(month[0].capitalize() for month in en.MONTHS)
_WEEKDAY_NAMES = "|".join(day.capitalize() for day in en.WEEKDAYS)
_VAGUE_DATE = re.compile(r"\b(?:cuối|đầu|giữa)\s+tháng\s+(?:\d{1,2}|này|sau|tới)\b|"
                         r"\b\d+(?:[.,]\d+)?\s+(?:triệu|tỷ|tỉ|nghìn|ngàn|million|billion|thousand)"
                         r"\s+(?:năm trước|years ago)|"  # "66 triệu năm trước": a time in the past
                         r"\bthe\s+\w+(?:th|st|nd|rd)\s+day\b(?:\s+of\s+(?:every|each)\s+[\w ]+?"
                         r"(?:month|year|week))?|\b(?:every|each)\s+(?:day|week|month|year|"
                         rf"morning|evening|{_WEEKDAY_NAMES})\b|\b(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|năm)\b|"
                         r"\b(?:mùng|mồng)\s+\d{1,2}\b|\bngày\s+rằm\b|"
                         rf"\b(?:end|early|mid|late|beginning)\s+(?:of\s+)?(?:{_MONTH_NAMES})\b",
                         re.I)


def date_candidates(
    sentence: str, lang: str, asked: Asked, published: str | None, context: str = "",
) -> list[Candidate]:
    """The dates a sentence names that may answer a "when" question (a day or a year when the
    question asks for one)."""
    expectation = asked.expectation
    if expectation.unit == "day":  # "ngày nào?": "15 years ago" or "2025" does not say
        return _any_dates(sentence, published, days_only=True)
    found = _any_dates(sentence, published)
    if expectation.unit == "year":  # "năm nào?": a day without its year does not say
        return [c for c in found if re.search(r"\b1\d{3}|\b20\d{2}", c.text)]
    return found


def _any_dates(sentence: str, published: str | None, days_only: bool = False
               ) -> list[Candidate]:
    found = [Candidate(m.start, m.end, sentence[m.start : m.end], _DATE_SCORES[m.kind])
             for m in find_dates(sentence, _day(published), relative=False)
             if m.kind == "day" or not days_only]
    if days_only:
        return found
    found += [Candidate(m.start(), m.end(), m.group(), 0.2)
              for m in _VAGUE_DATE.finditer(sentence)]
    found += [Candidate(m.start("year"), m.end("year"), m["year"], 0.3)
              for m in _OLD_YEAR.finditer(sentence)]
    found += [Candidate(m.start(), m.end(), m.group(), 0.3) for m in _DECADE.finditer(sentence)]
    return found


def score_candidates(
    sentence: str, lang: str, asked: Asked, published: str | None, context: str = "",
) -> list[Candidate]:
    """Match scores ("2-1"), not dates written alike ("3-12")."""
    days = [(m.start, m.end) for m in find_dates(sentence, _day(published), relative=False)]
    return [Candidate(m.start(), m.end(), m.group(), 0.0) for m in _SCORE.finditer(sentence)
            if not any(s < m.end() and m.start() < e for s, e in days)]

