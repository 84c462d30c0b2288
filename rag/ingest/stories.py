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
    batch = {a.path for a in articles}
    indexed = store.count() > 0  # asked once per batch, not once per article
    for k, article in enumerate(articles):
        story = _indexed_story(article, store, batch, scale) if indexed else None
        for other in articles[:k]:
            if story is None and same_story(article, other.lang, other.date,
                                            float(article.vector @ other.vector), scale):
                story = stories[other.path]
        stories[article.path] = story or article.path
    return stories


def _indexed_story(article: ArticleVector, store: ChunkStore, batch: set[str],
                   scale: Scale) -> str | None:
    """The story of the closest indexed article (outside this batch) in the date window."""
    if not article.date:
        return None
    day = dt.date.fromisoformat(article.date)
    window = Filter(since=(day - dt.timedelta(days=STORY_DAYS)).isoformat(),
                    until=(day + dt.timedelta(days=STORY_DAYS)).isoformat())
    near = store.query_chunks(article.vector, _NEIGHBOURS, window.where())
    chunks = store.get_chunks([i for i, _ in near])
    for chunk_id, similarity in sorted(near, key=lambda pair: -pair[1]):
        chunk = chunks[chunk_id][0]
        if chunk.file not in batch and same_story(article, chunk.lang, chunk.date, similarity,
                                                  scale):
            return chunk.story
    return None
