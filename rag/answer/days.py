"""A value of one day ("giá vàng ngày 25/11", "the close on 26 November", "đại lý ở tỉnh nào ...
kỳ ngày 22/11"): which questions ask for one, when evidence is of that day, and what a decline
names when no report gives it for that day.

Such a question is answered only by a report of that day: the sentence names the day, or names
none and its article names it or was published on it or in the two days after without naming
another (`Hit.time_fit` DAY_FIT and up).
"""

from __future__ import annotations

import datetime as dt

from ..index.calibration import scale_of
from ..types import Answer, Hit, Query, Retrieval
from .base import abstention

DAY_VALUE_KINDS = ("number", "score", "entity")
DAY_FIT = 0.5


def value_day(query: Query, kind: str) -> dt.date | None:
    """The one day whose value a question asks for (`kind`: what it asks for), or None."""
    return _asked_day(query) if kind in DAY_VALUE_KINDS else None


def _asked_day(query: Query) -> dt.date | None:
    """The one day a question asks about ("ngày 25/11", "on 26 November 2025"), not a range nor
    a day reached from another ("the session before 26/11")."""
    when = query.time
    if when is None or when.source != "question" or when.nearest or not when.since \
            or when.since != when.until:
        return None
    return dt.date.fromisoformat(when.since)


def item_time_fit(retrieval: Retrieval, file: str) -> float | None:
    """How well a retrieved item fits the question's time: the best `Hit.time_fit` of its
    chunks (None when none is known)."""
    fits = [h.time_fit for h in (*retrieval.hits, *retrieval.alternates)
            if h.chunk.file == file and h.time_fit is not None]
    return max(fits, default=None)


def day_decline(retrieval: Retrieval, backend: str, kind: str, day: dt.date,
                warnings: tuple[str, ...] = (), sure: bool = True) -> Answer:
    """The decline of a question about one `day`: it names the report nearest the day among those
    most like the question, and says so when that report is of another day ("no report gives the
    figure on 25/11; the nearest, ... (2025-11-26), is about another day"). Not `sure`: see
    `abstention`."""
    report = nearest_report(retrieval, day)
    other_day = report is not None and report.time_fit is not None and report.time_fit < DAY_FIT
    return abstention(retrieval, backend, warnings, closest=report, kind=kind,
                      day=_day_words(day, retrieval.query_lang) if other_day else "", sure=sure)


def nearest_report(retrieval: Retrieval, day: dt.date) -> Hit | None:
    """Among the retrieved reports whose best sentence is about as like the question as the best
    one (`day_report_margin`), the one dated nearest the day. Similarity alone, not the rank: a
    question naming a day ranks that day's reports first, however far off its topic. On 154
    day-shifted questions the decline named a report giving the value for its own day 6 times by
    rank; by similarity 125 (the best only), 126 (within 0.01), 121 (0.02), 112 (0.03)."""
    hits = (*retrieval.hits, *retrieval.alternates)
    if not hits:
        return None
    best = {id(h): max((s.similarity for s in h.sentences), default=-1.0) for h in hits}
    close = max(best.values()) - scale_of(retrieval.scale).day_report_margin
    return min((h for h in hits if best[id(h)] >= close),
               key=lambda h: (_days_from(h, day), -best[id(h)]))


def _days_from(hit: Hit, day: dt.date) -> int:
    return abs((dt.date.fromisoformat(hit.chunk.date) - day).days) if hit.chunk.date else 10**6


def _day_words(day: dt.date, lang: str) -> str:
    return f"{day.day}/{day.month}/{day.year}" if lang == "vi" else \
        f"{day.day} {day.strftime('%B')} {day.year}"
