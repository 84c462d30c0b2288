"""The offline answerer: quote the sentence(s) that answer the question, with citations.

Sentences of the best chunks are scored by their similarity to the question, the fused score of
their chunk, and the question words they share. The best one (and a close runner-up) becomes the
answer; a sentence in another article that states the same fact (a translation, a second report) is
cited too. Weak evidence means abstaining instead of quoting something unrelated.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Callable, Iterator

import numpy as np

from ..check.markers import defuse_markers
from ..index.calibration import filled, scale_of
from ..sources import SourceTexts
from ..text.dates import days_named
from ..text.folding import casefolded
from ..text.names import anchors
from ..text.terms import terms
from ..text.totals import Computed, PartyCount, counts_asked, party_count
from ..types import (
    Answer,
    Asked,
    Citation,
    Expectation,
    Retrieval,
    ScoredSentence,
    ShortAnswer,
)
from .asked import asked_of
from .base import abstention
from .days import DAY_FIT, day_decline, value_day
from .kinds import GATED_KINDS
from .spans import Candidate, answer_spans, stands_out
from .spans.numbers import in_unit_asked
from .translations import closest_name, with_full_names

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
    question_penalty: float | None = None  # a sentence that asks ("Vì sao Bitcoin tăng?") tells
    # nothing
    second_margin: float | None = None  # add the runner-up sentence when it scores this close
    max_chars: int = 400  # never let two sentences exceed this
    abstain_below: float | None = None  # best sentence score under this means "not answered" ...
    abstain_below_cross_language: float | None = None  # ... or this, in the other language
    corroborate_above: float | None = None  # similarity for another article's sentence to cite too
    # (translations score lower: a pair in two languages gets the cross-language offset)
    cross_language_offset: float | None = None  # what a sentence pair in two languages gains
    duplicate_above: float | None = None  # a runner-up this similar to the first adds nothing
    list_sentences: int = 4  # "which officials spoke?": quote up to this many sentences ...
    list_margin: float | None = None  # ... scoring this close to the best one
    typed_margin: float | None = None  # a sentence holding what was asked may score this far
    typed_reach: int = 8  # below the best one, among the best this many (or be in the best one's
    # chunk: a news item's headline and summary), and still be chosen over it ...
    span_weight: float | None = None  # ... by its score plus this much per point of its candidate
    person_margin: float | None = None  # a name under the role the question asks about ("Chủ
    person_weight: float | None = None  # tịch" for "President") may come from further down, and
    # weighs more
    redundancy: float = 0.5  # points for a name each other retrieved item repeats (up to two)
    version_cost: float | None = None  # another version of a sentence stands in for it, just
    # below it


_CREDIT = re.compile(r"\b(?:Ảnh|Photo|Nguồn|Source)\s*:", re.I)
SHORT_SEPARATOR = " — "


@dataclass(frozen=True)
class _Candidate:
    sentence: ScoredSentence
    score: float
    chunk: str = ""  # the id of the chunk it was read from


@dataclass(frozen=True)
class _Typed:
    """The sentence chosen for what the question asks, the candidate span cut from it, and
    whether that span stands out enough to be shown as the short answer."""

    candidate: _Candidate
    span: Candidate
    shown: bool


_NUMBER = re.compile(r"\d+")


class ExtractiveAnswerer:
    """Answers by quoting retrieved sentences; needs no model beyond the embedder."""

    name = BACKEND
    chat_model = None

    def __init__(self, settings: ExtractiveSettings = ExtractiveSettings(),
                 embed: Callable[[list[str]], np.ndarray] | None = None) -> None:
        """`embed` (the index's passage embedder) lets a question that asks what something is
        called in the other language be answered; without it such a question is answered as any
        other."""
        self.settings = settings
        self.embed = embed

    def stream(self, retrieval: Retrieval, sources: SourceTexts) -> Iterator[str | Answer]:
        """The whole answer's text at once, then the answer (nothing is generated piecemeal)."""
        answer = self.answer(retrieval, sources)
        yield answer.text
        yield answer

    def answer(self, retrieval: Retrieval, sources: SourceTexts) -> Answer:
        settings = filled(self.settings, scale_of(retrieval.scale))
        if settings is not self.settings:  # similarity values on the scale of the index's model
            return ExtractiveAnswerer(settings, self.embed).answer(retrieval, sources)
        candidates = [
            c for c in self.rank_sentences(retrieval)
            if sources.holds(c.sentence.file, c.sentence.start, c.sentence.end, c.sentence.text)
        ]
        asked = asked_of(retrieval.query)
        day = value_day(retrieval.query, asked.kind)
        if not candidates or self._weak(candidates[0], retrieval) or retrieval.unknown_numbers \
                or (retrieval.off_time and day is None):  # (a day's value: declined below,
            return abstention(retrieval, BACKEND)  # naming the nearest day's report)
        if day is not None:
            # a value of one day: another day's report is no answer, however close its words
            in_time = [c for c in candidates if _fits_day(c.sentence, c.chunk, retrieval, day)]
            if not in_time or retrieval.off_time:
                return day_decline(retrieval, BACKEND, asked.kind, day)
            candidates = in_time
        # other versions of a fact and its corroborations: for a value of one day, of that day too
        pool = [s for hit in (*retrieval.hits, *retrieval.alternates) for s in hit.sentences
                if sources.holds(s.file, s.start, s.end, s.text) and (
                    day is None or _fits_day(s, hit.chunk.id, retrieval, day))]
        kind = asked.gathering
        typed = self._translated(candidates, asked, retrieval) or (
            None if kind == "list" else self._typed(candidates, asked, retrieval, pool))
        if typed is None and kind != "list" and asked.kind == "number" \
                and asked.expectation.unit and _date_of(candidates[0].sentence.file, retrieval):
            # nothing near the top: a count in the very unit asked, a little further down
            typed = self._typed(candidates, asked, retrieval, pool, wider=True)
        if typed is None and asked.kind in GATED_KINDS and kind != "list":
            # on topic, but nothing near the top holds what was asked
            if day is not None:
                return day_decline(retrieval, BACKEND, asked.kind, day)
            closest = next(h for h in retrieval.hits if h.chunk.file == candidates[0].sentence.file)
            return abstention(retrieval, BACKEND, closest=closest, kind=asked.kind)
        if typed is None:
            chosen = self._choose(candidates, kind == "list")
        else:  # the sentence holding the short answer, then a close runner-up as for any answer
            rest = [c for c in candidates if c.sentence is not typed.candidate.sentence]
            chosen = self._choose([typed.candidate, *rest])
        text, citations = self._compose(chosen, pool, retrieval)
        counted = _party_total(citations, asked, retrieval.query_lang) \
            if asked.gathering == "count" else None
        note = counted[2].note if counted else ""
        short = None
        if counted:  # "how many countries signed?": the total "X joined N" implies
            quote, count, computed = counted
            short = ShortAnswer(str(computed.figure), quote.n,
                                quote.start + count.start, quote.start + count.end,
                                arithmetic=computed.arithmetic)
        elif typed and typed.shown:  # a short answer only when the sentence's candidates agree
            span, quote = typed.span, citations[0]
            short = ShortAnswer(span.text, quote.n, quote.start + span.start,
                                quote.start + span.end)
        if short:
            text = f"{defuse_markers(short.text)}{SHORT_SEPARATOR}{text}"
        return Answer(
            text=f"{text} {note}" if note else text,
            citations=tuple(citations),
            abstained=False,
            retrieved=tuple(retrieval.files()),
            backend=BACKEND,
            short_answer=short,
        )

    def _typed(
        self, candidates: list[_Candidate], asked: Asked, retrieval: Retrieval,
        pool: list[ScoredSentence], wider: bool = False,
    ) -> _Typed | None:
        """The best sentence near the top that holds what the question asks for, its best
        candidate span, and whether that span stands out enough to be shown as the short answer
        (None for a description, or when no sentence holds a candidate). A sentence that does
        not hold it lends its score to another version of the same fact that does ("the same
        day" in English, "ngày 24/11" in the Vietnamese report). Reaching below the best
        sentence relies on news being redundant (a headline and its summary, several reports of
        one fact): in an undated text, a reference paragraph, that sentence is quoted but its
        candidate is not put first (on XQuAD such candidates were right 9 times in 43).

        `wider`: the second look of a count in dated news, when the first found nothing: as far
        below the best as a name under the role asked (`person_margin`), in the question's
        language, and only a figure in the unit the question counts ("5 trẻ em" for "bao nhiêu
        trẻ em", not "5 xóm")."""
        expectation = asked.expectation
        if expectation.kind == "description":
            return None
        s = self.settings
        person = expectation.hint == "person"
        floor = candidates[0].score - (s.person_margin if wider else s.typed_margin)
        wide = candidates[0].score - s.person_margin if person else floor
        best_chunk = candidates[0].chunk
        considered = [c for c in candidates[: s.typed_reach]
                      if (c.score >= wide or c.chunk == best_chunk)
                      and not (wider and c.sentence.lang != retrieval.query_lang)]
        credits = [c for c in candidates if _CREDIT.search(c.sentence.text)]
        photo = asked.photo and bool(credits)
        if photo:  # "who took the photo": the credit, however short and low it scores
            considered = credits
        chunks = {h.chunk.id: h.chunk.text for h in retrieval.hits}
        repeated = self._repetition(retrieval) if expectation.kind == "entity" else None
        found = []
        for candidate in considered:
            versions = [candidate]
            for attempt in versions:
                sentence = attempt.sentence
                spans = answer_spans(sentence.text, asked, _date_of(sentence.file, retrieval),
                                     context=chunks.get(attempt.chunk, ""))
                for span in spans:
                    if wider and not in_unit_asked(span.text, asked):
                        continue
                    if (attempt.score < floor and attempt.chunk != best_chunk
                            and not (span.strong or photo)):
                        continue  # further down, only a name under the role asked for
                    points = span.score + (repeated(span.text) if repeated else 0.0)
                    weight = s.person_weight if span.strong else s.span_weight
                    found.append((attempt.score + weight * points, attempt, span, spans))
                if not spans and attempt is candidate:
                    versions += [_Candidate(other, candidate.score - s.version_cost)
                                 for other in self._versions(sentence, pool, set())]
        if not found:
            return None
        _, candidate, span, spans = max(found, key=lambda f: f[0])
        cross = candidate.sentence.lang != retrieval.query_lang
        shown = stands_out(span, spans, asked, cross) and (
            candidate.sentence is candidates[0].sentence
            or _date_of(candidate.sentence.file, retrieval) is not None)
        return _Typed(candidate, span, shown)

    def _translated(self, candidates: list[_Candidate], asked: Asked, retrieval: Retrieval
                    ) -> _Typed | None:
        """For "what is X called in English?": among the names in the wanted language's
        sentences near the top, the one the embedder puts closest to X, and its sentence."""
        ask = asked.translation
        if ask is None or self.embed is None:
            return None
        entity = replace(asked, expectation=Expectation("entity"))
        wanted = [c for c in candidates if c.sentence.lang == ask.language]
        names = [(c, span) for c in wanted[: self.settings.typed_reach]
                 for span in with_full_names(c.sentence.text, [
                     s for s in answer_spans(c.sentence.text, entity) if not s.doubtful])]
        if not names:
            return None
        vectors = self.embed([ask.subject, *(span.text for _, span in names)])
        candidate, span = names[closest_name(vectors[0], vectors[1:])]
        return _Typed(candidate, span, True)

    def _repetition(self, retrieval: Retrieval) -> Callable[[str], float]:
        """Points for a name that other retrieved items repeat ("hat-trick của Eze" in one
        headline, "Eberechi Eze ghi ba bàn" in another item): more likely the one asked about
        than a name a single sentence mentions."""
        texts = [(s.file, casefolded(s.text)) for hit in retrieval.hits for s in hit.sentences
                 if hit.chunk.date]  # reports of several days or outlets, not one encyclopedia

        def points(name: str) -> float:
            if len(name.split()) < 2 and not (name.isupper() and len(name) > 1):
                return 0.0  # "Anh", "Úc": one common word is repeated everywhere
            wanted = casefolded(name)
            files = {f for f, text in texts if wanted in text}
            return self.settings.redundancy * min(max(len(files) - 1, 0), 2)

        return points

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
                - (self.settings.question_penalty if _asks(sentence.text) else 0.0)
            )
            key = (sentence.file, sentence.start, sentence.end)
            if key not in best or score > best[key].score:
                best[key] = _Candidate(sentence, score, hit.chunk.id)
        return sorted(best.values(), key=lambda c: -c.score)

    def _weak(self, best: _Candidate, retrieval: Retrieval) -> bool:
        """The best sentence scores below the abstention level: cross-language scores are noisier,
        hence their own level."""
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
        meaning): the same fact reported in another article or language; one per article, the
        one closest to the question."""
        found: dict[str, ScoredSentence] = {}
        for other in self._versions(sentence, pool, cited):
            if other.file not in found or other.similarity > found[other.file].similarity:
                found[other.file] = other
        return list(found.values())

    def _versions(
        self, sentence: ScoredSentence, pool: list[ScoredSentence], cited: set
    ) -> list[ScoredSentence]:
        """Every sentence of another article that states the same fact as `sentence`."""
        numbers = set(_NUMBER.findall(sentence.text))
        names = anchors(sentence.text)
        found = []
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
                found.append(other)
        return found


def _fits_day(sentence: ScoredSentence, chunk: str, retrieval: Retrieval, day: dt.date) -> bool:
    """Whether a sentence (of the chunk with id `chunk`) reports the day asked: it names that day
    (among others: "tăng so với hôm qua"), or names no day and its article fits the day."""
    published = _date_of(sentence.file, retrieval)
    named = days_named(sentence.text, dt.date.fromisoformat(published) if published else None)
    if named:
        return any(m.since <= day <= m.until for m in named)
    fit = next((h.time_fit for h in (*retrieval.hits, *retrieval.alternates)
                if h.chunk.id == chunk), None)
    return (1.0 if fit is None else fit) >= DAY_FIT


def _party_total(citations: list[Citation], asked: Asked, lang: str
                 ) -> tuple[Citation, PartyCount, Computed] | None:
    """A count of what the question counts stated relative to one party ("X joined N
    countries"), read from a quote in the question's language when there is one, and the
    figure asked computed from it (in `lang`); None when no quote states one, or when its N as
    written is the figure asked."""
    for citation in sorted(citations, key=lambda c: c.lang != asked.language):
        count = party_count(citation.quote)
        if count and counts_asked(count, asked.question, asked.expectation.unit, asked.language,
                                  citation.lang):
            computed = count.asked(asked.question, lang)
            return (citation, count, computed) if computed else None
    return None


def _asks(text: str) -> bool:
    """A headline or sentence that is itself a question."""
    return text.rstrip(" \"'”’)»").endswith("?")


def _date_of(file: str, retrieval: Retrieval) -> str | None:
    return next(h.chunk.date for h in (*retrieval.hits, *retrieval.alternates)
                if h.chunk.file == file)


def _citation(n: int, sentence: ScoredSentence, retrieval: Retrieval) -> Citation:
    return Citation(n, sentence.file, _date_of(sentence.file, retrieval), sentence.text,
                    sentence.start, sentence.end, sentence.lang)
