"""Hybrid retrieval: Chroma chunks (with their sentences) plus BM25, fused, under the query's filter."""

from __future__ import annotations

import re
from typing import Callable

import numpy as np

from ..filters import Filter
from ..index.calibration import current
from ..index.embedders import Embedder
from ..index.lexical import LexicalIndex
from ..index.store import ChunkStore
from ..types import Hit, Mode, Query, Retrieval, Scale, ScoredSentence, StoredChunk
from .fusion import diversify, fuse, prefer_recent, rank_by

_NUMBER = re.compile(r"\d+")
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
        total = self.store.count()
        if total == 0:
            return Retrieval(query, (), scale=scale)
        when = query.time
        dated = set(_NUMBER.findall(when.phrase)) if when else set()  # "in 2025": not a fact
        unknown = frozenset(n for n in _NUMBER.findall(query.question)
                            if n not in dated and not self._lexical().knows(n))
        filter = query.effective_filter()
        lexical = self._lexical_hits(query.question, filter) if query.mode != "dense" else {}
        candidates = (self._dense_candidates(vector, filter, total)
                      if query.mode != "bm25" else [])
        chunks = self.store.get_chunks(list(dict.fromkeys([*candidates, *lexical])))
        if not filter.empty:
            chunks = {i: c for i, c in chunks.items()
                      if filter.admits(c[0].date, c[0].lang, c[0].dates)}
            lexical = {i: score for i, score in lexical.items() if i in chunks}
        if not chunks:
            return Retrieval(query, (), unknown, scale=scale)
        sentences = self._scored_sentences([c for c, _ in chunks.values()], vector, query.language,
                                           scale)
        ranking = self._rank(query.mode, chunks, sentences, lexical, vector, query.language, scale)
        if when is not None and when.recency:
            ranking = prefer_recent(ranking, {i: c.date for i, (c, _) in chunks.items() if c.date},
                                    scale.recency_weight)
        ranking = [(i, score) for i, score in ranking if i in chunks]
        undiversified = {i for i, _ in ranking[: query.top_k]}
        ranking, moved = diversify(ranking, {i: c.story for i, (c, _) in chunks.items()})
        top = {i for i, _ in ranking[: query.top_k]}
        scores = dict(ranking)

        def hit(i: str) -> Hit:
            return Hit(chunks[i][0], scores[i], tuple(sentences.get(i, ())))

        return Retrieval(
            query, tuple(hit(i) for i, _ in ranking[: query.top_k]), unknown,
            alternates=tuple(hit(i) for i in moved if i in undiversified and i not in top),
            scale=scale,
        )

    def _dense_candidates(self, vector: np.ndarray, filter: Filter, total: int) -> list[str]:
        """The chunks nearest the question that pass the filter (their sentences are scored
        afterwards). The filter is first applied to the unfiltered neighbourhood: asking Chroma to
        filter makes it scan the collection's metadata (about a second at 100k chunks), which only
        a filter that admits few of the nearest chunks still needs."""
        n = min(_DENSE_CANDIDATES, total)
        if not filter.empty:
            near = self.store.nearest_chunks(vector, min(_FILTER_NEIGHBOURHOOD, total))
            passed = [i for i, _, meta in near if filter.matches(meta)]
            if len(passed) >= _FILTERED_ENOUGH or len(near) == total:
                return passed[:n]
        return [chunk_id for chunk_id, _ in self.store.query_chunks(vector, n, filter.where())]

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
