"""Hybrid retrieval: Chroma (chunks and sentences) plus BM25, fused, under date/language filters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Literal

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from .embeddings import embed_query
from .filters import Filters, where_matches
from .fusion import diversify, fuse, prefer_recent, rank_by
from .language import detect_language
from .lexical import LexicalIndex
from .store import ChromaStore, StoredChunk
from .timefilter import TimeFilter

_NUMBER = re.compile(r"\d+")
Mode = Literal["hybrid", "dense", "bm25"]
MODES: tuple[str, ...] = ("hybrid", "dense", "bm25")
_DENSE_CANDIDATES = 40
_FILTER_NEIGHBOURHOOD = 200  # nearest chunks filtered here before Chroma is asked to filter ...
_FILTERED_ENOUGH = 10  # ... which it is when fewer of them than this pass
_LEXICAL_CANDIDATES = 20
# multilingual-e5-small scores a question against a translation of the right sentence lower than
# against the sentence in the question's own language (median best-sentence similarity on XQuAD
# dev: 0.871 en->en, 0.812 vi->en); this offset puts both languages on one scale, so a mixed corpus
# does not always favour the question's language and one abstention threshold fits both.
CROSS_LANGUAGE_OFFSET = 0.06


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence of a retrieved chunk with its similarity to the question."""

    file: str
    lang: str
    start: int
    end: int
    text: str
    similarity: float
    embedding: np.ndarray


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk, its fused score and its sentences scored against the question."""

    chunk: StoredChunk
    score: float
    sentences: tuple[ScoredSentence, ...]


@dataclass(frozen=True)
class Retrieval:
    """What the answerer gets: the ranked hits and the question's language."""

    question: str
    query_lang: str
    hits: tuple[Hit, ...]
    unknown_numbers: frozenset[str] = frozenset()  # numbers in the question no article contains
    time_filter: TimeFilter | None = None  # the time intent retrieval applied
    # chunks that would have been in the top k but for diversity (more copies of a story already
    # in `hits`): not ranked evidence, but other versions of the same facts, citable alongside
    alternates: tuple[Hit, ...] = ()

    def files(self) -> list[str]:
        """Retrieved files, ranked, each once."""
        return list(dict.fromkeys(hit.chunk.file for hit in self.hits))


class HybridRetriever:
    """Finds the chunks that best answer a question."""

    def __init__(
        self,
        store: ChromaStore,
        lexical: Callable[[], LexicalIndex],
        embedder: BaseEmbedding,
    ) -> None:
        self.store = store
        self._lexical = lexical
        self.embedder = embedder

    def retrieve(
        self,
        question: str,
        top_k: int = 5,
        filters: Filters = Filters(),
        mode: Mode = "hybrid",
        when: TimeFilter | None = None,
    ) -> Retrieval:
        """The top_k chunks; `when` (the question's time intent) filters and/or favours recent
        articles, and leaves the ranking untouched when None."""
        query_lang = detect_language(question)
        vector = embed_query(self.embedder, question)
        total = self.store.count()
        if total == 0:
            return Retrieval(question, query_lang, (), time_filter=when)
        dated = set(_NUMBER.findall(when.phrase)) if when else set()  # "in 2025": not a fact
        unknown = frozenset(n for n in _NUMBER.findall(question)
                            if n not in dated and not self._lexical().knows(n))
        lexical = self._lexical_hits(question, filters) if mode != "dense" else {}
        candidates = self._dense_candidates(vector, filters, total, when) if mode != "bm25" else []
        chunks = self.store.get_chunks(list(dict.fromkeys([*candidates, *lexical])))
        if when is not None and when.has_range:
            chunks = {i: c for i, c in chunks.items() if when.admits(c[0].date, c[0].dates)}
            lexical = {i: score for i, score in lexical.items() if i in chunks}
        if not chunks:
            return Retrieval(question, query_lang, (), unknown, when)
        sentences = self._scored_sentences([c for c, _ in chunks.values()], vector, query_lang)
        ranking = self._rank(mode, chunks, sentences, lexical, vector, query_lang)
        if when is not None and when.recency:
            ranking = prefer_recent(ranking, {i: c.date for i, (c, _) in chunks.items() if c.date})
        ranking = [(i, score) for i, score in ranking if i in chunks]
        undiversified = {i for i, _ in ranking[:top_k]}
        ranking, moved = diversify(ranking, {i: c.story for i, (c, _) in chunks.items()})
        top = {i for i, _ in ranking[:top_k]}
        scores = dict(ranking)

        def hit(i: str) -> Hit:
            return Hit(chunks[i][0], scores[i], tuple(sentences.get(i, ())))

        return Retrieval(
            question, query_lang, tuple(hit(i) for i, _ in ranking[:top_k]), unknown, when,
            alternates=tuple(hit(i) for i in moved if i in undiversified and i not in top),
        )

    def _dense_candidates(
        self, vector: np.ndarray, filters: Filters, total: int, when: TimeFilter | None
    ) -> list[str]:
        """The chunks nearest the question that pass the filters (their sentences are scored
        afterwards). A filter is first applied to the unfiltered neighbourhood: asking Chroma to
        filter makes it scan the collection's metadata (about a second at 100k chunks), which only
        a filter that admits few of the nearest chunks still needs."""
        clauses = [c for c in (filters.to_chroma_where(), when and when.to_chroma_where()) if c]
        where = clauses[0] if len(clauses) == 1 else {"$and": clauses} if clauses else None
        n = min(_DENSE_CANDIDATES, total)
        if where is not None:
            near = self.store.nearest_chunks(vector, min(_FILTER_NEIGHBOURHOOD, total))
            passed = [i for i, _, meta in near if where_matches(where, meta)]
            if len(passed) >= _FILTERED_ENOUGH or len(near) == total:
                return passed[:n]
        return [chunk_id for chunk_id, _ in self.store.query_chunks(vector, n, where)]

    def _lexical_hits(self, question: str, filters: Filters) -> dict[str, float]:
        return {i: score for i, score, _ in self._lexical().search(
            question, _LEXICAL_CANDIDATES, filters)}

    @staticmethod
    def _rank(
        mode: Mode,
        chunks: dict[str, tuple[StoredChunk, np.ndarray]],
        sentences: dict[str, list[ScoredSentence]],
        lexical: dict[str, float],
        vector: np.ndarray,
        query_lang: str,
    ) -> list[tuple[str, float]]:
        if mode == "bm25":
            return rank_by(lexical)
        dense = {
            i: float(emb @ vector) + _offset(chunk.lang, query_lang)
            for i, (chunk, emb) in chunks.items()
        }
        best_sentence = {
            i: max((s.similarity for s in sents), default=0.0) for i, sents in sentences.items()
        }
        if mode == "dense":
            return rank_by({i: dense[i] + best_sentence.get(i, 0.0) for i in chunks})
        langs = {i: chunk.lang for i, (chunk, _) in chunks.items()}
        return fuse(dense, best_sentence, lexical, langs, query_lang)

    def _scored_sentences(
        self, chunks: list[StoredChunk], vector: np.ndarray, query_lang: str
    ) -> dict[str, list[ScoredSentence]]:
        by_chunk: dict[str, list[ScoredSentence]] = {}
        for s in self.store.get_sentences(chunks):
            similarity = float(s.embedding @ vector) + _offset(s.lang, query_lang)
            by_chunk.setdefault(s.chunk_id, []).append(
                ScoredSentence(s.file, s.lang, s.start, s.end, s.text, similarity, s.embedding)
            )
        for sents in by_chunk.values():
            sents.sort(key=lambda s: s.start)
        return by_chunk


def _offset(text_lang: str, query_lang: str) -> float:
    return CROSS_LANGUAGE_OFFSET if text_lang != query_lang else 0.0
