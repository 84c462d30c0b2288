"""Hybrid retrieval: Chroma chunks (with their sentences) plus BM25, fused, under the query's
filter, then re-ranked for the question's time and for names shared across languages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Callable

import numpy as np

from ..filters import Filter
from ..index.calibration import current
from ..index.embedders import Embedder
from ..index.lexical import LexicalIndex
from ..index.store import ChunkStore
from ..text.names import anchors, question_anchors
from ..types import Hit, Mode, Query, Retrieval, Scale, ScoredSentence, StoredChunk, TimeFilter
from .fusion import (
    LAG_DAYS,
    diversify,
    evidence_day,
    fuse,
    prefer_in_time,
    prefer_recent,
    prefer_shared_names,
    rank_by,
    time_affinity,
)

_NUMBER = re.compile(r"(?<![\w.,])\d+(?![\w]|[.,]\d)")  # "43", not the 320 of "A320"
_DENSE_CANDIDATES = 40
_FILTER_NEIGHBOURHOOD = 200  # nearest chunks filtered here before Chroma is asked to filter ...
_FILTERED_ENOUGH = 10  # ... which it is when fewer of them than this pass
_LEXICAL_CANDIDATES = 20


class HybridRetriever:
    """Finds the chunks that best answer a query."""

    def __init__(
        self, store: ChunkStore, lexical: Callable[[], LexicalIndex], embedder: Embedder
    ) -> None:
        self.store = store
        self._lexical = lexical
        self.embedder = embedder

    def retrieve(self, query: Query) -> Retrieval:
        """The query's top k chunks (`query` resolved: language, time intent and top k set). The
        time intent filters and/or favours recent articles; without it the ranking is untouched."""
        assert query.top_k is not None and query.language, "resolve the query first"
        vector = self.embedder.embed_query(query.question)
        scale = current(self.store, self.embedder.model_name).scale()
        when = query.time
        dated = set(_NUMBER.findall(when.phrase)) if when else set()  # "in 2025": not a fact
        unknown = frozenset(n for n in _NUMBER.findall(query.question)
                            if n not in dated and not self._lexical().knows(n))
        filter = query.filter  # the user's: a hard filter
        windows = [(filter, filter), *self._time_windows(query)]
        lexical: dict[str, float] = {}
        candidates: list[str] = []
        for dense_window, lexical_window in windows:
            if query.mode != "dense":
                lexical = {**self._lexical_hits(query.question, lexical_window), **lexical}
            if query.mode != "bm25":
                candidates += self._dense_candidates(vector, dense_window)
        chunks = self.store.get_chunks(list(dict.fromkeys([*candidates, *lexical])))
        if not filter.empty:
            chunks = {i: c for i, c in chunks.items()
                      if filter.admits(c[0].date, c[0].lang, c[0].dates)}
            lexical = {i: score for i, score in lexical.items() if i in chunks}
        if not chunks:  # the index is counted only now: most questions find something
            return (Retrieval(query, (), unknown, scale=scale) if self.store.count()
                    else Retrieval(query, (), scale=scale))
        sentences = self._scored_sentences([c for c, _ in chunks.values()], vector, query.language,
                                           scale)
        ranking = self._rank(query.mode, chunks, sentences, lexical, vector, query.language, scale)
        if query.mode != "bm25":
            ranking = prefer_shared_names(ranking, self._shared_names(query, chunks),
                                          scale.name_weight)
        affinity: dict[str, float] = {}
        if len(windows) > 1 and when is not None:
            anchor = _anchor_day(when, [c for c, _ in chunks.values()])
            affinity = _article_affinity({
                i: time_affinity(c.date, c.dates, when.since, when.until, anchor)
                for i, (c, _) in chunks.items()}, {i: c.file for i, (c, _) in chunks.items()})
            ranking = prefer_in_time(ranking, affinity, scale.time_weight)
        if when is not None and when.recency:
            ranking = prefer_recent(ranking, {i: c.date for i, (c, _) in chunks.items() if c.date},
                                    scale.recency_weight)
        ranking = [(i, score) for i, score in ranking if i in chunks]
        undiversified = {i for i, _ in ranking[: query.top_k]}
        ranking, moved = diversify(ranking, {i: c.story for i, (c, _) in chunks.items()})
        top = {i for i, _ in ranking[: query.top_k]}
        scores = dict(ranking)

        def hit(i: str) -> Hit:
            return Hit(chunks[i][0], scores[i], tuple(sentences.get(i, ())),
                       affinity.get(i) if affinity else None)

        return Retrieval(
            query, tuple(hit(i) for i, _ in ranking[: query.top_k]), unknown,
            off_time=bool(affinity) and not any(affinity[i] > OFF_TIME for i in top),
            alternates=tuple(hit(i) for i in moved if i in undiversified and i not in top),
            scale=scale,
        )

    @staticmethod
    def _time_windows(query: Query) -> list[tuple[Filter, Filter]]:
        """Where else to look for candidates when the question names a time, as (dense, BM25)
        filters: chunks mentioning a day in its range or published in it or up to LAG_DAYS after
        (BM25 knows publication dates only), within the user's filter. They are ranked up later,
        never the only ones looked at."""
        when = query.time
        if when is None or not when.has_range or when.source != "question":
            return []
        until = (dt.date.fromisoformat(when.until) + dt.timedelta(days=LAG_DAYS)).isoformat() \
            if when.until else None
        return [(query.filter.about(when.since, until),
                 replace(query.filter, since=when.since, until=until))]

    @staticmethod
    def _shared_names(query: Query, chunks: dict[str, tuple[StoredChunk, np.ndarray]]
                      ) -> dict[str, float]:
        """For chunks in another language than the question: the share of the question's names
        and numbers (outside its time phrase) that the chunk also holds."""
        dated = set(_NUMBER.findall(query.time.phrase)) if query.time else set()
        names = question_anchors(query.question) - dated
        if not names:
            return {}
        return {i: len(names & anchors(c.text)) / len(names) for i, (c, _) in chunks.items()
                if c.lang != query.language}

    def _dense_candidates(self, vector: np.ndarray, filter: Filter) -> list[str]:
        """The chunks nearest the question that pass the filter (their sentences are scored
        afterwards). The filter is first applied to the unfiltered neighbourhood: asking Chroma to
        filter makes it scan the collection's metadata (about a second at 100k chunks), which only
        a filter that admits few of the nearest chunks still needs."""
        if not filter.empty:
            near = self.store.nearest_chunks(vector, _FILTER_NEIGHBOURHOOD)
            passed = [n.id for n in near if filter.matches(n.metadata)]
            if len(passed) >= _FILTERED_ENOUGH or len(near) < _FILTER_NEIGHBOURHOOD:  # or all seen
                return passed[:_DENSE_CANDIDATES]
        return [chunk_id for chunk_id, _ in
                self.store.query_chunks(vector, _DENSE_CANDIDATES, filter.where())]

    def _lexical_hits(self, question: str, filter: Filter) -> dict[str, float]:
        return {i: score for i, score, _ in self._lexical().search(
            question, _LEXICAL_CANDIDATES, filter)}

    @staticmethod
    def _rank(
        mode: Mode,
        chunks: dict[str, tuple[StoredChunk, np.ndarray]],
        sentences: dict[str, list[ScoredSentence]],
        lexical: dict[str, float],
        vector: np.ndarray,
        query_lang: str,
        scale: Scale,
    ) -> list[tuple[str, float]]:
        if mode == "bm25":
            return rank_by(lexical)
        dense = {
            i: float(emb @ vector) + scale.question_gain(chunk.lang, query_lang)
            for i, (chunk, emb) in chunks.items()
        }
        best_sentence = {
            i: max((s.similarity for s in sents), default=0.0) for i, sents in sentences.items()
        }
        if mode == "dense":
            return rank_by({i: dense[i] + best_sentence.get(i, 0.0) for i in chunks})
        langs = {i: chunk.lang for i, (chunk, _) in chunks.items()}
        return fuse(dense, best_sentence, lexical, langs, query_lang, scale.lexical_weight)

    def _scored_sentences(
        self, chunks: list[StoredChunk], vector: np.ndarray, query_lang: str, scale: Scale
    ) -> dict[str, list[ScoredSentence]]:
        by_chunk: dict[str, list[ScoredSentence]] = {}
        for s in self.store.get_sentences(chunks):
            similarity = float(s.embedding @ vector) + scale.question_gain(s.lang, query_lang)
            by_chunk.setdefault(s.chunk_id, []).append(
                ScoredSentence(s.file, s.lang, s.start, s.end, s.text, similarity, s.embedding)
            )
        for sents in by_chunk.values():
            sents.sort(key=lambda s: s.start)
        return by_chunk


ARTICLE_SHARE = 0.75  # a chunk gets this share of its article's best time fit
OFF_TIME = 0.3  # when no hit fits the question's time better than this, none is about it


def _anchor_day(when: TimeFilter, chunks: list[StoredChunk]) -> dt.date | None:
    """For "the session before / after <day>": the day nearest it that the candidates report."""
    days = [d for d in (evidence_day(c.date, c.dates, when.since, when.until, when.nearest)
                        for c in chunks) if d is not None]
    if not days:
        return None
    return max(days) if when.nearest == "until" else min(days)


def _article_affinity(affinity: dict[str, float], files: dict[str, str]) -> dict[str, float]:
    """Each chunk's time fit, raised towards its article's best: an article that names the day
    in one paragraph reports it in the next ("... on 24 November. The same day, ...")."""
    best: dict[str, float] = {}
    for i, value in affinity.items():
        best[files[i]] = max(best.get(files[i], 0.0), value)
    return {i: max(value, ARTICLE_SHARE * best[files[i]]) for i, value in affinity.items()}
