"""Dates an article (or a question) talks about, read with a small vi/en rule set (pure functions).

A rule set rather than dateparser: its `search_dates` reads "24-26/11" and "November 24-26" as
24 November 1926, turns the verb "may" into a date and gives a year mention a made-up day, while
news text needs ranges and whole years/months. Dates without a year are resolved against a
reference date (the article's publication date, or today for a question).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Prefer = Literal["nearest", "past"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAYS = r"(?P<day>\d{1,2})(?:\s*(?:-|–|to|đến)\s*(?P<day2>\d{1,2}))?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_RULES: list[tuple[str, re.Pattern[str]]] = [
    # November 24-26, 2025 / Nov. 24
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAYS}(?:st|nd|rd|th)?\b(?:,?\s*{_YEAR}\b)?", re.I)),
    # 24-26 November 2025 / 24 Nov
    ("day", re.compile(rf"\b{_DAYS}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?:,?\s*{_YEAR}\b)?",
                       re.I)),
    # 24/11, 24-26/11, 24/11/2025 (day first, as Vietnamese and British news write it)
    ("day", re.compile(rf"\b{_DAYS}/(?P<nmonth>\d{{1,2}})(?:/{_YEAR})?\b")),
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
_UNITS = {"day": "d", "days": "d", "ngày": "d", "week": "w", "weeks": "w", "tuần": "w",
          "month": "m", "months": "m", "tháng": "m", "year": "y", "years": "y", "năm": "y"}


@dataclass(frozen=True)
class DateMention:
    """A stretch of text naming a day, a range of days, a month or a year: [since, until]."""

    start: int
    end: int
    since: dt.date
    until: dt.date

    def as_ints(self) -> tuple[int, int]:
        """(YYYYMMDD, YYYYMMDD), the form chunk metadata stores."""
        return _int(self.since), _int(self.until)


def find_dates(
    text: str, reference: dt.date | None, prefer: Prefer = "nearest"
) -> list[DateMention]:
    """Every date mention in text, left to right; overlapping rules keep the first (most specific).

    Without a reference only mentions carrying their own year are kept. `prefer="past"` resolves a
    day without a year to its latest occurrence not after the reference (questions ask about the
    past); "nearest" to the occurrence closest to it (an article may announce next month's event).
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _RULES:
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            span = _resolve(kind, match, reference, prefer)
            if span is not None:
                taken.append((match.start(), match.end()))
                found.append(DateMention(match.start(), match.end(), *span))
    return sorted(found, key=lambda m: m.start)


def _resolve(
    kind: str, match: re.Match[str], reference: dt.date | None, prefer: Prefer
) -> tuple[dt.date, dt.date] | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    try:
        if kind == "year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)  # type: ignore[arg-type]
        if kind == "ago":
            return _ago(int(groups["n"]), groups["unit"].lower(), reference)
        month = _MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["nmonth"])
        if kind == "month":
            return dt.date(year, month, 1), _month_end(year, month)  # type: ignore[arg-type]
        first, last = int(groups["day"]), int(groups["day2"] or groups["day"])
        if last < first:
            return None
        if year is None:
            if reference is None:
                return None
            year = _pick_year(month, first, reference, prefer)
        return dt.date(year, month, first), dt.date(year, month, last)
    except (ValueError, KeyError, TypeError):
        return None  # 31/02, a month of 13, a relative date without a reference


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
