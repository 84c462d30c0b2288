"""Fusing dense and lexical evidence into one chunk ranking (pure functions).

Plain reciprocal-rank fusion wrecks cross-language questions: BM25 has nothing to match between an
English question and a Vietnamese article, yet its noise gets the same vote as the dense ranking.
Here each chunk's score is its dense similarity plus its best sentence's similarity (sentence-level
evidence helps most across languages), and BM25 only re-ranks the chunks written in the question's
language: each loses `lexical_weight` times its shortfall from the best lexical match. In a
one-language corpus that is plain score fusion; in a mixed one it never lifts the question's
language above an article in the other language that answers better.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from ..index.calibration import REFERENCE

LEXICAL_WEIGHT = REFERENCE.lexical_weight  # on e5's scale; the retriever passes the index's
PER_STORY = 2  # chunks of one story (near-copies, translations) kept in the top k
RECENCY_WEIGHT = REFERENCE.recency_weight  # "latest": what the newest candidate gains at most
TIME_WEIGHT = REFERENCE.time_weight  # the most a chunk whose dates fit the question's time gains
LAG_DAYS = 2  # news of day D is published on D..D+2
OFF_ANCHOR = 0.1  # "the session before 26/11": another day of the range fits this much
NAME_WEIGHT = REFERENCE.name_weight  # what another language's chunk gains at most for shared names


def fuse(
    dense: Mapping[str, float],
    sentence: Mapping[str, float],
    lexical: Mapping[str, float],
    chunk_langs: Mapping[str, str],
    query_lang: str,
    lexical_weight: float = LEXICAL_WEIGHT,
) -> list[tuple[str, float]]:
    """Chunk ids ranked by fused score, best first (ties broken by id for stable output)."""
    same_language = {i: s for i, s in lexical.items() if chunk_langs.get(i) == query_lang}
    best = max(same_language.values(), default=0.0)
    ids = set(dense) | set(sentence) | set(lexical)

    def shortfall(i: str) -> float:
        if best <= 0 or chunk_langs.get(i) != query_lang:
            return 0.0
        return lexical_weight * (same_language.get(i, 0.0) / best - 1.0)

    scored = [(i, dense.get(i, 0.0) + sentence.get(i, 0.0) + shortfall(i)) for i in ids]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0]))


def rank_by(scores: Mapping[str, float]) -> list[tuple[str, float]]:
    """Ids ranked by a single score, best first (for the dense-only and BM25-only modes)."""
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def prefer_recent(
    ranking: list[tuple[str, float]], dates: Mapping[str, str], weight: float = RECENCY_WEIGHT
) -> list[tuple[str, float]]:
    """Re-rank for "latest" questions: each chunk gains up to `weight` by its publication date,
    scaled between the oldest and newest dated candidates (undated chunks gain nothing)."""
    days = {i: dt.date.fromisoformat(d).toordinal() for i, d in dates.items()}
    low, high = min(days.values(), default=0), max(days.values(), default=0)

    def bonus(i: str) -> float:
        return weight * (days[i] - low) / (high - low) if i in days and high > low else 0.0

    return sorted(((i, s + bonus(i)) for i, s in ranking), key=lambda pair: (-pair[1], pair[0]))


def diversify(
    ranking: list[tuple[str, float]], stories: Mapping[str, str], per_story: int = PER_STORY
) -> tuple[list[tuple[str, float]], list[str]]:
    """The ranking with chunks beyond `per_story` of their story moved after all others (in
    order), and the ids so moved."""
    seen: dict[str, int] = {}
    kept, moved = [], []
    for chunk_id, score in ranking:
        story = stories.get(chunk_id, chunk_id)
        seen[story] = seen.get(story, 0) + 1
        (kept if seen[story] <= per_story else moved).append((chunk_id, score))
    return kept + moved, [i for i, _ in moved]


def time_affinity(
    published: str | None, mentions: Iterable[tuple[int, int]], since: str | None,
    until: str | None, anchor: dt.date | None = None,
) -> float:
    """How well a chunk's date evidence fits a question's range [since, until], 0..1.

    A mention of a day in the range fits best (1); then publication in the range (0.8), or in the
    LAG_DAYS after it (0.5): a report names the day it is about when it is not its own. A chunk
    that names only days outside the range reports another day's news (0.4 / 0.2), whenever it was
    published. A mention much broader than the range ("Miss Universe 2025" for a question on
    March 2025) is weak evidence (0.3), and does not hide the publication date ("nhiệm kỳ
    2025-2030" in a report of the day asked). Undated text (an encyclopedia) says nothing either
    way (0.5). With an `anchor` ("the session before 26/11" is the latest session before it that the
    articles report), evidence of any other day in the range counts for less (x OFF_ANCHOR).
    """
    if not published:
        return 0.5
    low, high = _bounds(since, until)
    days = [(_day(s), _day(e)) for s, e in mentions]
    inside = [(s, e) for s, e in days if s <= high and e >= low]
    tight = [(max(s, low), min(e, high)) for s, e in inside if _tight(s, e, low, high)]
    if tight:
        return _at_anchor(tight, anchor)
    broad = 0.3 if inside else 0.0
    elsewhere = any(s == e for s, e in days)  # names another day
    day = dt.date.fromisoformat(published)
    if low <= day <= high:
        return max(broad, (0.4 if elsewhere else 0.8) * _at_anchor([(day, day)], anchor))
    if high < dt.date.max and high < day <= high + dt.timedelta(days=LAG_DAYS):
        return max(broad, 0.2 if elsewhere else 0.5)
    return broad


def evidence_day(
    published: str | None, mentions: Iterable[tuple[int, int]], since: str | None,
    until: str | None, nearest: str,
) -> dt.date | None:
    """The day in the range a chunk reports that lies nearest its `nearest` end ("until": the
    latest, "since": the earliest), from its tight mentions or else its publication date."""
    if not published or nearest not in ("until", "since"):
        return None
    low, high = _bounds(since, until)
    days = [(max(_day(s), low), min(_day(e), high)) for s, e in mentions
            if _day(s) <= high and _day(e) >= low and _tight(_day(s), _day(e), low, high)]
    day = dt.date.fromisoformat(published)
    if not days and low <= day <= high:
        days = [(day, day)]
    if not days:
        return None
    return max(e for _, e in days) if nearest == "until" else min(s for s, _ in days)


def _bounds(since: str | None, until: str | None) -> tuple[dt.date, dt.date]:
    return (dt.date.fromisoformat(since) if since else dt.date.min,
            dt.date.fromisoformat(until) if until else dt.date.max)


def _tight(start: dt.date, end: dt.date, low: dt.date, high: dt.date) -> bool:
    """A mention no broader than the range asked about (a week, at least, counts as tight)."""
    asked = (high - low).days + 1 if high < dt.date.max and low > dt.date.min else 10**6
    return (end - start).days + 1 <= max(3 * asked, 7)


def _at_anchor(days: list[tuple[dt.date, dt.date]], anchor: dt.date | None) -> float:
    if anchor is None or any(s <= anchor <= e for s, e in days):
        return 1.0
    return OFF_ANCHOR


def prefer_in_time(
    ranking: list[tuple[str, float]], affinity: Mapping[str, float], weight: float = TIME_WEIGHT
) -> list[tuple[str, float]]:
    """Re-rank by how well each chunk's dates fit the question's range (nothing is excluded)."""
    return sorted(((i, s + weight * affinity.get(i, 0.0)) for i, s in ranking),
                  key=lambda pair: (-pair[1], pair[0]))


def _day(value: int) -> dt.date:
    return dt.date(value // 10000, value // 100 % 100, value % 100)


def prefer_shared_names(
    ranking: list[tuple[str, float]], shares: Mapping[str, float], weight: float = NAME_WEIGHT
) -> list[tuple[str, float]]:
    """Re-rank by the share of the question's names and numbers each chunk also holds
    ("VN-Index", "MH370", "Wang Fuk Court" are written the same in both languages): BM25 gives a
    chunk in the question's language this evidence, dense similarity across languages barely."""
    return sorted(((i, s + weight * shares.get(i, 0.0)) for i, s in ranking),
                  key=lambda pair: (-pair[1], pair[0]))
