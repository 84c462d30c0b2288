"""Publication dates as feeds and exports write them, read into YYYY-MM-DD (pure functions).

The day is the one written in the value, in the publisher's own time zone: "2025-11-20T01:30+07:00"
is 20 November, as the outlet's readers saw it, not 19 November in UTC. Relative values ("2 giờ
trước", "yesterday") are refused rather than resolved against today: an archive is read long after
it was written. dateparser is not used for the same reason (and it takes seconds on some junk).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from ...text.dates import find_dates

_ISO = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_,]|\d{2}:)")
_COMPACT = re.compile(r"\s*(\d{4})(\d{2})(\d{2})(?:$|T)")
_EPOCH = re.compile(r"\s*(\d{9,13})(?:\.\d+)?\s*$")
_VI_WORDS = re.compile(
    r"\b(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm|\s*,|\s*/)?\s+(\d{4})\b", re.I
)
_YEARS = (1800, 2200)


class UnreadableDate(ValueError):
    """A value that holds something but no date we can read for certain."""


def parse_published(value: object) -> str | None:
    """The day a value names, YYYY-MM-DD; None for an empty value; UnreadableDate otherwise.

    Reads ISO 8601 (any time and offset), RFC 822 (RSS), Unix seconds or milliseconds (a UTC day),
    day-first numbers ("20/11/2025", "Thứ năm, 20/11/2025, 08:30 (GMT+7)"), month names ("20
    November 2025", "Nov 20, 2025") and Vietnamese words ("20 tháng 11 năm 2025").
    """
    if value is None or isinstance(value, bool):
        return None if value is None else _refuse(value)
    if isinstance(value, (int, float)):
        return _epoch(float(value), value)
    text = str(value).strip()
    if not text:
        return None
    for read in (_iso, _epoch_text, _rfc822, _vietnamese, _in_words):
        day = read(text)
        if day is not None:
            if not _YEARS[0] <= day.year <= _YEARS[1]:
                return _refuse(value)
            return day.isoformat()
    return _refuse(value)


def _refuse(value: object) -> str:
    shown = str(value)
    raise UnreadableDate(repr(shown if len(shown) <= 40 else shown[:39] + "…"))


def _iso(text: str) -> dt.date | None:
    match = _ISO.match(text) or _COMPACT.match(text)
    if not match:
        return None
    year, month, day = map(int, match.groups())
    return _valid_day(year, month, day)


def _epoch(seconds: float, original: object) -> str:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return _refuse(original)


def _epoch_text(text: str) -> dt.date | None:
    match = _EPOCH.match(text)
    return dt.date.fromisoformat(_epoch(float(match.group(1)), text)) if match else None


def _rfc822(text: str) -> dt.date | None:
    if not re.search(r"[A-Za-z]{3}", text):
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date() if parsed else None


def _vietnamese(text: str) -> dt.date | None:
    match = _VI_WORDS.search(text)
    if not match:
        return None
    day, month, year = map(int, match.groups())
    return _valid_day(year, month, day)


def _valid_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # "31.02.2025"
        return None


def _in_words(text: str) -> dt.date | None:
    """The first single day with its own year: "November 20, 2025", "20/11/2025 08:30"."""
    for mention in find_dates(text, None):
        if mention.since == mention.until:
            return mention.since
    return None
