"""Time intent in a question ("latest", "last week", "in 2024", "ngày 24/11") as a date range or a
recency preference (pure functions).

A range read from the question is a preference, not a filter: news of day D is reported on D..D+2
and quoted reports name their own days, so retrieval looks for chunks that mention a day in the
range or were published in it (or just after), ranks them first, and still keeps the rest in reach
("the session before 26/11" is answered by the report of the 25th). "liền trước / ngay trước /
before" and "liền sau / ngay sau / after" a date move the range to the days before or after it.
Explicit `--since/--until` options win over the question and keep their meaning (publication date
only, a hard filter).
"""

from __future__ import annotations

import datetime as dt
import re

from ..text.dates import DateMention, find_dates
from ..types import TimeFilter

# "liền trước phiên ngày 26/11" (the session before the 26th), "the day after 3 December"
_BEFORE = re.compile(r"\b(?:liền trước|ngay trước|kế trước|before|prior to|preceding)\s+"
                     r"(?:[\w-]+\s+){0,3}$", re.I)
_AFTER = re.compile(r"\b(?:liền sau|ngay sau|kế tiếp|tiếp theo|after|following)\s+"
                    r"(?:[\w-]+\s+){0,3}$", re.I)
BEFORE_DAYS, AFTER_DAYS = 10, 14  # how far "before"/"after" a day may reach
_RECENCY = re.compile(r"\b(?:latest|most recent|newest|mới nhất|gần đây nhất|gần nhất)\b", re.I)
# A bare year is a time filter only after a preposition: "in 2024", not "the 2024 law".
_YEAR_LEAD = re.compile(r"(?:\b(?:in|during|throughout|trong năm|vào năm)|^năm)\s*$", re.I)
# ("today" is left out: "still visible today" is no time filter, and an archive is rarely asked it)
# ("11 tháng qua", "50 năm qua" are spans of that many months or years back, not last month or
# last year: no period)
_PERIODS: list[tuple[re.Pattern[str], str, int]] = [
    (re.compile(r"(?<!\d\s)" + p, re.I), unit, back)
    for p, unit, back in [
        (r"\b(?:yesterday|hôm qua)\b", "day", 1),
        (r"\b(?:this week|tuần này)\b", "week", 0),
        (r"\b(?:last week|past week|tuần (?:vừa )?qua|tuần trước(?!\s+(?:khi|đó)))\b", "week", 1),
        (r"\b(?:this month|tháng này)\b", "month", 0),
        (r"\b(?:last month|past month|tháng (?:vừa )?qua|tháng trước(?!\s+(?:khi|đó)))\b",
         "month", 1),
        (r"\b(?:this year|năm nay)\b", "year", 0),
        (r"\b(?:last year|past year|năm ngoái|năm (?:vừa )?qua)\b", "year", 1),
    ]
]


def time_filter(
    question: str, today: dt.date, since: str | None = None, until: str | None = None,
    newest: dt.date | None = None,
) -> TimeFilter | None:
    """The question's time intent, unless --since/--until were given: those win (recency stays).
    `newest` is the newest article's date (see `read_intent`)."""
    if since or until:
        recency = _RECENCY.search(question)
        return TimeFilter(since, until, recency is not None, recency.group() if recency else "",
                          "options")
    return read_intent(question, today, newest)


def read_intent(question: str, today: dt.date, newest: dt.date | None = None
                ) -> TimeFilter | None:
    """"latest" -> recency; periods, dates and "in <year>" -> a range; None when there is none.

    Periods ("last week") count from today, or, when that period is wholly after an archive's
    newest article, from that article: asked in 2026 of an archive that ends on 3 December 2025,
    "năm nay" is 2025 and "hôm qua" 2 December, where counted from today they would hold
    nothing. A day without a year ("ngày 20/11") is its latest occurrence up to today, or, asked
    of an archive whose newest article is older than today, its occurrence nearest that article:
    "20/11" is the archive's November and "5 đến 7/12" the days just after it.
    """
    recency = _RECENCY.search(question)
    archive = newest is not None and newest < today
    reference = newest if archive else today
    # asked of an archive, a day may be after its newest article (an event it announced)
    mentions = [m for m in find_dates(question, reference, prefer="nearest" if archive else "past")
                if not _bare_year(m, question)]
    spans = [(*_directed(m, question)[:2], m.start, m.end) for m in mentions]
    directions = {_directed(m, question)[2] for m in mentions} - {""}
    for pattern, unit, back in _PERIODS:
        for match in pattern.finditer(question):
            if not any(match.start() < e and s < match.end() for _, _, s, e in spans):
                since, until = _period(unit, back, today)
                if newest is not None and since > newest:  # after all of the archive
                    since, until = _period(unit, back, newest)
                spans.append((since, until, match.start(), match.end()))
    if not spans and not recency:
        return None
    phrases = sorted([(s, e) for _, _, s, e in spans] + ([recency.span()] if recency else []))
    return TimeFilter(
        since=min(s for s, _, _, _ in spans).isoformat() if spans else None,
        until=max(u for _, u, _, _ in spans).isoformat() if spans else None,
        recency=recency is not None,
        phrase=", ".join(question[s:e] for s, e in phrases),
        nearest=directions.pop() if len(directions) == 1 and len(spans) == 1 else "",
    )


def _directed(mention: DateMention, question: str) -> tuple[dt.date, dt.date, str]:
    """The mention's range, or the days just before / after it when the question says so, with
    the end nearest the day ("until" / "since"; "" for the mention's own range)."""
    before = question[: mention.start]
    if _BEFORE.search(before):
        return (mention.since - dt.timedelta(days=BEFORE_DAYS),
                mention.since - dt.timedelta(days=1), "until")
    if _AFTER.search(before):
        return (mention.until + dt.timedelta(days=1),
                mention.until + dt.timedelta(days=AFTER_DAYS), "since")
    return mention.since, mention.until, ""


def _bare_year(mention: DateMention, question: str) -> bool:
    """A four-digit year not led by "in"/"trong năm"/"vào năm" (or "Năm" opening the question)."""
    text = question[mention.start:mention.end]
    return text.isdigit() and not _YEAR_LEAD.search(question[: mention.start])


def _period(unit: str, back: int, today: dt.date) -> tuple[dt.date, dt.date]:
    if unit == "day":
        day = today - dt.timedelta(days=back)
        return day, day
    if unit == "week":
        monday = today - dt.timedelta(days=today.weekday() + 7 * back)
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        first = dt.date(year, month + 1, 1)
        following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    return dt.date(today.year - back, 1, 1), dt.date(today.year - back, 12, 31)
