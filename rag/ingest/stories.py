"""Grouping articles that report the same story: syndicated near-copies and translations.

At ingest each dated article gets a story id: that of an article published within `STORY_DAYS`
whose text is close enough in meaning (article vector = mean of its chunk vectors; the threshold and
the cross-language offset come from the index's calibration), or its own path. Retrieval then
keeps at most `PER_STORY` chunks of a story in the top k, so five copies of one wire story do not
crowd out the rest (`rag.retrieve.fusion.diversify`), while the set-aside copies stay available for
citing the same fact in every version.
Undated articles are never grouped: without a date, "the same story" cannot be told from "the same
topic".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..filters import Filter
from ..index.calibration import REFERENCE
from ..index.store import ChunkStore
from ..types import Scale

STORY_DAYS = 3  # publication dates at most this far apart
_NEIGHBOURS = 10


@dataclass(frozen=True)
class ArticleVector:
    """What grouping needs of an article: path, language, publication date, mean chunk vector."""

    path: str
    lang: str
    date: str | None
    vector: np.ndarray


def article_vector(path: str, lang: str, date: str | None, chunks: np.ndarray) -> ArticleVector:
    mean = chunks.mean(axis=0)
    return ArticleVector(path, lang, date, mean / (np.linalg.norm(mean) or 1.0))


def same_story(a: ArticleVector, b_lang: str, b_date: str | None, similarity: float,
               scale: Scale = REFERENCE) -> bool:
    """Dated within STORY_DAYS of each other and close in meaning (similarity is cosine)."""
    if not a.date or not b_date:
        return False
    days = abs((dt.date.fromisoformat(a.date) - dt.date.fromisoformat(b_date)).days)
    return (days <= STORY_DAYS
            and similarity + scale.story_gain(a.lang, b_lang) >= scale.story_similarity)


def assign_stories(articles: Sequence[ArticleVector], store: ChunkStore,
                   scale: Scale = REFERENCE) -> dict[str, str]:
    """A story id per article: an indexed article's story, an earlier one's in this batch, or
    its own path."""
    stories: dict[str, str] = {}
    indexed = _indexed_stories(articles, store, scale) if store.count() > 0 else {}
    near = _maybe_same(articles, scale)
    for k, article in enumerate(articles):
        story = indexed.get(article.path)
        for j in np.flatnonzero(near[k, :k]) if story is None else ():
            other = articles[j]
            if same_story(article, other.lang, other.date, float(article.vector @ other.vector),
                          scale):
                story = stories[other.path]
                break
        stories[article.path] = story or article.path
    return stories


def _maybe_same(articles: Sequence[ArticleVector], scale: Scale) -> np.ndarray:
    """Pairs of the batch that `same_story` may accept (a superset, from one matrix product: a
    write group holds hundreds of articles, and most pairs are far apart in meaning)."""
    if not articles:
        return np.zeros((0, 0), dtype=bool)
    vectors = np.stack([a.vector for a in articles])
    loosest = scale.story_similarity - max(scale.story_offset, 0.0) - 1e-3
    dated = np.array([a.date is not None for a in articles])
    return (vectors @ vectors.T >= loosest) & dated[:, None] & dated[None, :]


def _indexed_stories(articles: Sequence[ArticleVector], store: ChunkStore, scale: Scale
                     ) -> dict[str, str]:
    """For each dated article, the story of the closest indexed article (outside this batch) in
    its date window. Articles of one day share a window, so they ask the index in one call."""
    batch = {a.path for a in articles}
    by_day: dict[str, list[ArticleVector]] = {}
    for article in articles:
        if article.date:
            by_day.setdefault(article.date, []).append(article)
    found: dict[str, str] = {}
    for date, group in by_day.items():
        day = dt.date.fromisoformat(date)
        window = Filter(since=(day - dt.timedelta(days=STORY_DAYS)).isoformat(),
                        until=(day + dt.timedelta(days=STORY_DAYS)).isoformat())
        nearest = store.nearest_chunks_many(np.stack([a.vector for a in group]), _NEIGHBOURS,
                                            window.where())
        for article, near in zip(group, nearest):
            for hit in sorted(near, key=lambda hit: -hit.similarity):
                meta = hit.metadata
                if meta["file"] not in batch and same_story(
                    article, meta["lang"], meta.get("date") or None, hit.similarity, scale
                ):
                    found[article.path] = meta.get("story") or meta["file"]
                    break
    return found
