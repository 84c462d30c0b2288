"""The offline answerer: quote the sentence(s) that answer the question, with citations.

Sentences of the best chunks are scored by their similarity to the question, the fused score of
their chunk, and the question words they share. The best one (and a close runner-up) becomes the
answer; a sentence in another article that states the same fact (a translation, a second report) is
cited too. Weak evidence means abstaining instead of quoting something unrelated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..index.calibration import filled, scale_of
from ..sources import SourceTexts
from ..text.terms import terms
from ..types import Answer, Citation, Retrieval, ScoredSentence
from .base import abstention
from .counting import question_kind, total_note
from .markers import defuse_markers
from .support import anchors

BACKEND = "extractive"


@dataclass(frozen=True)
class ExtractiveSettings:
    """Tuned on the gold questions and XQuAD dev sets (see README). A value left None is a
    similarity judgement read from the index's calibration (`rag.index.calibration`, which holds
    e5's tuned values); one given here is used as it is, on the model's own cosine scale."""

    chunks: int = 3  # how many top chunks to read sentences from
    chunk_weight: float = 0.5  # weight of the chunk's fused score (relative to the best chunk)
    overlap_weight: float | None = None  # weight of the share of question terms in the sentence
    short_words: int = 5  # sentences shorter than this (captions, bylines) ...
    short_penalty: float | None = None  # ... lose this much: embeddings rate them close to anything
    second_margin: float | None = None  # add the runner-up sentence when it scores this close
    max_chars: int = 400  # never let two sentences exceed this
    abstain_below: float | None = None  # best sentence score under this means "not answered" ...
    abstain_below_cross_language: float | None = None  # ... or this, in the other language
    corroborate_above: float | None = None  # similarity for another article's sentence to cite too
    # (translations score lower: a pair in two languages gets the cross-language offset)
    cross_language_offset: float | None = None  # what a sentence pair in two languages gains
    duplicate_above: float | None = None  # a runner-up this similar to the first adds nothing
    list_sentences: int = 3  # "which officials spoke?": quote up to this many sentences ...
    list_margin: float | None = None  # ... scoring this close to the best one


@dataclass(frozen=True)
class _Candidate:
    sentence: ScoredSentence
    score: float


_NUMBER = re.compile(r"\d+")


class ExtractiveAnswerer:
    """Answers by quoting retrieved sentences; needs no model beyond the embedder."""

    name = BACKEND
    chat_model = None

    def __init__(self, settings: ExtractiveSettings = ExtractiveSettings()) -> None:
        self.settings = settings

    def stream(self, retrieval: Retrieval, sources: SourceTexts) -> Iterator[str | Answer]:
        """The whole answer's text at once, then the answer (nothing is generated piecemeal)."""
        answer = self.answer(retrieval, sources)
        yield answer.text
        yield answer

    def answer(self, retrieval: Retrieval, sources: SourceTexts) -> Answer:
        settings = filled(self.settings, scale_of(retrieval.scale))
        if settings is not self.settings:  # similarity values on the scale of the index's model
            return ExtractiveAnswerer(settings).answer(retrieval, sources)
        candidates = [
            c for c in self.rank_sentences(retrieval)
            if sources.holds(c.sentence.file, c.sentence.start, c.sentence.end, c.sentence.text)
        ]
        if not candidates or self._too_weak(candidates[0], retrieval):
            return abstention(retrieval, BACKEND)
        pool = [s for hit in (*retrieval.hits, *retrieval.alternates) for s in hit.sentences
                if sources.holds(s.file, s.start, s.end, s.text)]
        kind = question_kind(retrieval.question)
        text, citations = self._compose(self._choose(candidates, kind == "list"), pool, retrieval)
        note = _count_note(citations, retrieval.query_lang) if kind == "count" else None
        return Answer(
            text=f"{text} {note}" if note else text,
            citations=tuple(citations),
            abstained=False,
            retrieved=tuple(retrieval.files()),
            backend=BACKEND,
        )

    def _compose(
        self, chosen: list[_Candidate], pool: list[ScoredSentence], retrieval: Retrieval
    ) -> tuple[str, list[Citation]]:
        """Quote each chosen sentence, followed by markers for it and its corroborations."""
        parts: list[str] = []
        citations: list[Citation] = []
        cited: set[tuple[str, int]] = set()
        for candidate in chosen:
            if (candidate.sentence.file, candidate.sentence.start) in cited:
                continue
            group = [candidate.sentence, *self._corroborating(candidate.sentence, pool, cited)]
            markers = []
            for sentence in group:
                cited.add((sentence.file, sentence.start))
                citations.append(_citation(len(citations) + 1, sentence, retrieval))
                markers.append(f"[{len(citations)}]")
            parts.append(f"{defuse_markers(candidate.sentence.text)} {''.join(markers)}")
        return " ".join(parts), citations

    def rank_sentences(self, retrieval: Retrieval) -> list[_Candidate]:
        """Sentences of the top chunks, best first, each sentence once."""
        hits = retrieval.hits[: self.settings.chunks]
        if not hits:
            return []
        question_terms = set(terms([retrieval.question])[0])
        top = hits[0].score
        pairs = [(hit, sentence) for hit in hits for sentence in hit.sentences]
        analysed = terms([s.text for _, s in pairs]) if pairs else []  # one tokenizer call
        best: dict[tuple[str, int, int], _Candidate] = {}
        for (hit, sentence), sentence_terms in zip(pairs, analysed):
            shared = question_terms & set(sentence_terms)
            overlap = len(shared) / len(question_terms) if question_terms else 0.0
            score = (
                sentence.similarity
                + self.settings.chunk_weight * (hit.score - top)
                + self.settings.overlap_weight * overlap
                - (self.settings.short_penalty
                   if len(sentence.text.split()) < self.settings.short_words else 0.0)
            )
            key = (sentence.file, sentence.start, sentence.end)
            if key not in best or score > best[key].score:
                best[key] = _Candidate(sentence, score)
        return sorted(best.values(), key=lambda c: -c.score)

    def _too_weak(self, best: _Candidate, retrieval: Retrieval) -> bool:
        """Abstain when the best sentence scores too low, or the question names a year or count
        that no article mentions. Cross-language scores are noisier, hence their own threshold."""
        if retrieval.unknown_numbers:
            return True
        cross = best.sentence.lang != retrieval.query_lang
        threshold = (
            self.settings.abstain_below_cross_language if cross else self.settings.abstain_below
        )
        return best.score < threshold

    def _choose(self, candidates: list[_Candidate], listing: bool = False) -> list[_Candidate]:
        """The best sentence and a close runner-up; for a list question, up to `list_sentences`
        within `list_margin` (each must add something and fit the length budget)."""
        s = self.settings
        wanted, margin, budget = (
            (s.list_sentences, s.list_margin, s.max_chars * 3 // 2) if listing
            else (2, s.second_margin, s.max_chars)
        )
        first = candidates[0]
        chosen = [first]
        for other in candidates[1:]:
            if len(chosen) == wanted or other.score < first.score - margin:
                break
            if any(float(c.sentence.embedding @ other.sentence.embedding) >= s.duplicate_above
                   for c in chosen):
                continue
            if sum(len(c.sentence.text) for c in chosen) + len(other.sentence.text) >= budget:
                break
            chosen.append(other)
            if not listing:
                break
        return chosen

    def _corroborating(
        self, sentence: ScoredSentence, pool: list[ScoredSentence], cited: set
    ) -> list[ScoredSentence]:
        """Sentences of other articles that say the same thing (a shared number or name, close
        meaning): the same fact reported in another article or language."""
        numbers = set(_NUMBER.findall(sentence.text))
        names = anchors(sentence.text)
        found: dict[str, ScoredSentence] = {}
        for other in pool:
            if other.file == sentence.file or (other.file, other.start) in cited:
                continue
            if not numbers <= set(_NUMBER.findall(other.text)):  # every number must recur
                continue
            if not names & anchors(other.text):
                continue
            similarity = float(sentence.embedding @ other.embedding) + (
                self.settings.cross_language_offset if other.lang != sentence.lang else 0.0)
            if similarity >= self.settings.corroborate_above:
                if other.file not in found or other.similarity > found[other.file].similarity:
                    found[other.file] = other
        return list(found.values())


def _count_note(citations: list[Citation], lang: str) -> str | None:
    """The computed total for "X joined N countries", read from a quote in the question's
    language when there is one."""
    for citation in sorted(citations, key=lambda c: c.lang != lang):
        note = total_note(citation.quote, lang)
        if note:
            return note
    return None


def _citation(n: int, sentence: ScoredSentence, retrieval: Retrieval) -> Citation:
    date = next(h.chunk.date for h in (*retrieval.hits, *retrieval.alternates)
                if h.chunk.file == sentence.file)
    return Citation(n, sentence.file, date, sentence.text, sentence.start, sentence.end,
                    sentence.lang)
