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
from collections.abc import Mapping

from ..index.calibration import REFERENCE

LEXICAL_WEIGHT = REFERENCE.lexical_weight  # on e5's scale; the retriever passes the index's
PER_STORY = 2  # chunks of one story (near-copies, translations) kept in the top k
RECENCY_WEIGHT = REFERENCE.recency_weight  # "latest": what the newest candidate gains at most


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
