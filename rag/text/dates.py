"""Dates an article (or a question) talks about, read with a small vi/en rule set (pure functions).

A rule set rather than dateparser: its `search_dates` reads "24-26/11" and "November 24-26" as
24 November 1926, turns the verb "may" into a date and gives a year mention a made-up day, while
news text needs ranges and whole years/months. Dates without a year are resolved against a
reference date (the article's publication date, or today for a question).

The Vietnamese press writes a day several ways: "24/11" (VnExpress), "28.11" and "22.8.2026"
(Thanh Niên), "29-11" and "30-12-2025" (Tuổi Trẻ). Without a year, "d.m" and "d-m" are also how
"1.50" and a 2-1 score are written, so they count as dates only after a word that introduces a day
("ngày", "hôm", "sáng nay", "từ", "on", ...) or inside parentheses. Relative days ("hôm nay",
"hôm qua", "sáng nay", "thứ Ba", "yesterday") are read only in articles (`relative=True`), against
the publication date: in a question, "today" is rarely a time filter.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from .lexicon import en

Prefer = Literal["nearest", "past"]

_MONTHS = {name: number for number, names in enumerate(en.MONTHS, start=1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAYS = r"(?P<day>\d{1,2})(?:\s*(?:-|–|to|đến)\s*(?P<day2>\d{1,2}))?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# a word that introduces a day: "ngày 28.11", "hôm 19-8", "sáng nay 20.8", "từ 1.12", "on 19.8"
_DAY_LEAD = (r"(?:\b(?:ngày|hôm|sáng|chiều|tối|trưa|đêm|khuya|từ|đến|tới|trước|sau|"
             r"on|since|until|by|from)(?:\s+(?:nay|qua|mai|hôm|ngày))?\s+|\(\s*)")
_END = r"(?![\d%/]|[.,]\d)"  # not "2-3/11", "1.500", "20.5%"
_RULES: list[tuple[str, re.Pattern[str]]] = [
    # 2025-11-26: the form our citations give a report's date in, so a reader pastes it back
    ("day", re.compile(rf"(?<![\d/.-]){_YEAR}-(?P<nmonth>\d{{2}})-(?P<day>\d{{2}})(?![\d/-])")),
    # 22.8.2026, 30-12-2025, 1-1-2026: day, month and year (Thanh Niên, Tuổi Trẻ)
    ("day", re.compile(rf"(?<![\d.,])(?P<date>(?P<day>\d{{1,2}})(?P<sep>[.-])(?P<nmonth>\d{{1,2}})"
                       rf"(?P=sep){_YEAR}){_END}")),
    # ngày 28.11, hôm 19-8, sáng nay 20.8, (20.8): a day and month after a word for a day
    ("day", re.compile(rf"{_DAY_LEAD}(?P<date>(?P<day>\d{{1,2}})[.-](?P<nmonth>\d{{1,2}})){_END}",
                       re.I)),
    # November 24-26, 2025 / Nov. 24
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAYS}(?:st|nd|rd|th)?\b(?:,?\s*{_YEAR}\b)?", re.I)),
    # 24-26 November 2025 / 24 Nov
    ("day", re.compile(rf"\b{_DAYS}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?:,?\s*{_YEAR}\b)?",
                       re.I)),
    # 24/11, 24-26/11, 24/11/2025 (day first, as Vietnamese and British news write it)
    ("day", re.compile(rf"\b{_DAYS}/(?P<nmonth>\d{{1,2}})(?:/{_YEAR})?\b")),
    # ngày 22 tháng 11 (năm 2025): the long form (33 times in the dev feed's items)
    ("day", re.compile(rf"\bngày\s+{_DAYS}\s+tháng\s+(?P<nmonth>\d{{1,2}})(?:\s+năm\s+{_YEAR})?\b",
                       re.I)),
    # tháng 11/2025, tháng 11 năm 2025, November 2025
    ("month", re.compile(rf"\btháng\s+(?P<nmonth>\d{{1,2}})(?:/|\s+năm\s+){_YEAR}\b", re.I)),
    ("month", re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.I)),
    # 15 years ago / 15 năm trước / cách đây 15 năm / kỷ niệm 15 năm (an anniversary)
    ("ago", re.compile(r"\b(?P<n>\d{1,3})\s+(?P<unit>years?|months?|weeks?|days?)\s+ago\b", re.I)),
    # ("100 năm trước thuyết tiến hóa" is "100 years before the theory": only a closing "trước")
    ("ago", re.compile(
        r"\b(?P<n>\d{1,3})\s+(?P<unit>năm|tháng|tuần|ngày)\s+trước(?=\s*[,.;:?!)]|\s*$)", re.I)),
    ("ago", re.compile(r"\bcách đây\s+(?P<n>\d{1,3})\s+(?P<unit>năm|tháng|tuần|ngày)\b", re.I)),
    ("ago", re.compile(r"\bkỷ niệm\s+(?P<n>\d{1,3})\s+(?P<unit>năm)\b", re.I)),
    ("year", re.compile(rf"\b{_YEAR}\b")),
]
# days named relative to the publication date, read in articles only
_RELATIVE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("offset", re.compile(r"\b(?P<word>hôm nay|sáng nay|trưa nay|chiều nay|tối nay|đêm nay|today|"
                          r"this morning|tonight|hôm qua|sáng qua|trưa qua|chiều qua|tối qua|"
                          r"đêm qua|yesterday|ngày mai|sáng mai|tomorrow)\b", re.I)),
    ("weekday", re.compile(r"\b(?P<word>thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|monday|"
                           r"tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
]
# "thứ ba" is Tuesday after a word for a time or on its own ("sáng thứ Năm", "từ thứ hai đến thứ
# sáu", "hôm nay thứ ba", "(thứ 3)"), or capitalised ("thứ Sáu"); after any other word it counts
# ("lần thứ 3", "năm thứ bảy liên tiếp", "người Việt thứ 4"), as 89 of the 114 "thứ N" in the
# dev feed's items do
_WEEKDAY_LEAD = re.compile(r"(?:\b(?:sáng|chiều|tối|trưa|đêm|khuya|ngày|hôm|nay|từ|đến|tới|vào|mỗi|"
                           r"hằng|hàng)\s+|[(\[,;:–-]\s*|^\s*|[.!?]\s+)$", re.I)
_OFFSETS = {"nay": 0, "today": 0, "this morning": 0, "tonight": 0, "qua": -1, "yesterday": -1,
            "mai": 1, "tomorrow": 1}
_WEEKDAYS = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tư": 2, "4": 2, "năm": 3, "5": 3, "sáu": 4,
             "6": 4, "bảy": 5, "7": 5, "chủ nhật": 6, "monday": 0, "tuesday": 1, "wednesday": 2,
             "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_UNITS = {"day": "d", "days": "d", "ngày": "d", "week": "w", "weeks": "w", "tuần": "w",
          "month": "m", "months": "m", "tháng": "m", "year": "y", "years": "y", "năm": "y"}


@dataclass(frozen=True)
class DateMention:
    """A stretch of text naming a day, a range of days, a month or a year: [since, until]."""

    start: int
    end: int
    since: dt.date
    until: dt.date
    kind: str = "day"  # day | month | year | ago | offset | weekday: the rule that read it

    def as_ints(self) -> tuple[int, int]:
        """(YYYYMMDD, YYYYMMDD), the form chunk metadata stores."""
        return _int(self.since), _int(self.until)


def find_dates(
    text: str, reference: dt.date | None, prefer: Prefer = "nearest", relative: bool = False
) -> list[DateMention]:
    """Every date mention in text, left to right; overlapping rules keep the first (most specific).

    Without a reference only mentions carrying their own year are kept. `prefer="past"` resolves a
    day without a year to its latest occurrence not after the reference (questions ask about the
    past); "nearest" to the occurrence closest to it (an article may announce next month's event).
    `relative` also reads days named relative to the reference ("hôm qua", "thứ Ba", "today"), as
    an article's text does relative to its publication date.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    rules = _RULES + (_RELATIVE_RULES if relative and reference is not None else [])
    for kind, pattern in rules:
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            if kind == "weekday" and _ordinal(text, match):
                continue
            span = _resolve(kind, match, reference, prefer)
            if span is not None:
                taken.append(match.span())  # "hôm nay 29-11": the lead is taken with the date
                start, end = match.span("date") if "date" in pattern.groupindex else match.span()
                found.append(DateMention(start, end, *span, kind))
    return sorted(found, key=lambda m: m.start)


def _ordinal(text: str, match: re.Match[str]) -> bool:
    """Whether a weekday's words are an ordinal ("lần thứ 3"), not a day (see `_WEEKDAY_LEAD`)."""
    word = match["word"]
    if not word.lower().startswith("thứ") or word.split()[-1][0].isupper():
        return False
    return not _WEEKDAY_LEAD.search(text[max(0, match.start() - 12) : match.start()])


ONE_DAY_KINDS = ("day", "offset", "weekday")  # naming one day: "24/11", "hôm qua", "thứ Ba"


def days_named(text: str, published: dt.date | None) -> list[DateMention]:
    """The days a sentence of news names, read against its article's date ("Sáng 20/11", "hôm
    qua"): not a month or a year, which name no one day."""
    return [m for m in find_dates(text, published, relative=True) if m.kind in ONE_DAY_KINDS]


def _resolve(
    kind: str, match: re.Match[str], reference: dt.date | None, prefer: Prefer
) -> tuple[dt.date, dt.date] | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    try:
        if kind in ("offset", "weekday"):
            return _relative_day(kind, groups["word"].lower(), reference)
        if kind == "year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)  # type: ignore[arg-type]
        if kind == "ago":
            return _ago(int(groups["n"]), groups["unit"].lower(), reference)
        month = _MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["nmonth"])
        if kind == "month":
            return dt.date(year, month, 1), _month_end(year, month)  # type: ignore[arg-type]
        first, last = int(groups["day"]), int(groups.get("day2") or groups["day"])
        if last < first:
            return None
        if year is None:
            if reference is None:
                return None
            year = _pick_year(month, first, reference, prefer)
        return dt.date(year, month, first), dt.date(year, month, last)
    except (ValueError, KeyError, TypeError):
        return None  # 31/02, a month of 13, a relative date without a reference


def _relative_day(kind: str, word: str, reference: dt.date | None
                  ) -> tuple[dt.date, dt.date] | None:
    """"hôm qua" is the day before the reference; "thứ Ba" the latest Tuesday not after it."""
    if reference is None:
        return None
    if kind == "offset":
        day = reference + dt.timedelta(days=_OFFSETS[word.split()[-1]])
    else:
        weekday = _WEEKDAYS[" ".join(word.split()[1:]) if word.startswith("thứ") else
                            " ".join(word.split())]
        day = reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)
    return day, day


def _ago(n: int, unit: str, reference: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """"3 days ago" is that day, "2 weeks ago" that week, "15 years ago" that whole year."""
    if reference is None:
        return None
    unit = _UNITS[unit]
    if unit in ("d", "w"):
        day = reference - dt.timedelta(days=n * (7 if unit == "w" else 1))
        return (day, day) if unit == "d" else (day, day + dt.timedelta(days=6))
    if unit == "y":
        return dt.date(reference.year - n, 1, 1), dt.date(reference.year - n, 12, 31)
    year, month = divmod(reference.year * 12 + reference.month - 1 - n, 12)
    return dt.date(year, month + 1, 1), _month_end(year, month + 1)


def _pick_year(month: int, day: int, reference: dt.date, prefer: Prefer) -> int:
    options = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if prefer == "past":
        past = [d for d in options if d <= reference]
        return max(past).year if past else min(options).year
    return min(options, key=lambda d: abs((d - reference).days)).year


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _int(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day
