"""Grounding a model's answer in the retrieved sentences, one answer sentence at a time.

A small model often writes a right answer without `[n]` markers, or with markers that point at the
wrong source. Each sentence of its answer is judged on its own: a sentence whose markers cite a
quote that supports it keeps them; any other sentence is matched to the retrieved sentence that
supports it best (the support rule of `rag.check.support`, in either language), which becomes its
citation, exact as every quote is. A sentence nothing supports is left uncited and reported, and
one that states a number or a name the evidence does not hold, or a different figure for the very
fact a retrieved sentence states, is reported as a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..index.calibration import scale_of
from ..text.folding import ascii_letters
from ..text.language import detect_language
from ..text.lexicon import alternation, vi
from ..text.names import anchors, capitalised_names
from ..text.names import name_runs as text_name_runs
from ..text.terms import terms
from ..types import Citation, Retrieval, Scale, ScoredSentence
from .figures import claim_numbers, numbers, numbers_stated, stated_numbers
from .support import supports

Embed = Callable[[list[str]], np.ndarray]  # texts -> unit passage vectors, one row each
Holds = Callable[[str, int, int, str], bool]

_MARKER = re.compile(r"\[\s*(\d+)\s*\]")
_MARKERS = re.compile(r"\s*(?:\[\s*\d+\s*\]\s*)+")
# A sentence ends at . ! ? or … (closing quotes and its markers included), or at a line break.
_END = re.compile(r"[.!?…]+[\"'”’)]*(?:\s*\[\s*\d+\s*\])*(?=\s|$)|\n")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z]|[A-Za-z]+\.[A-Za-z]+|Mr|Mrs|Ms|Dr|St|Jr|Prof|Gen|"
                           r"No|TP|Tp)\.$")
_GAP = re.compile(r"\s+([.,;:!?…])")
_WORD = re.compile(r"\w{2,}")
_ASKING = re.compile(rf"\b(?:{alternation(vi.QUESTION_WORDS)})\b")
_PRONOUN = re.compile(r"(?:It|He|She|They|This|These|Its|His|Her|Their|Họ|Nó|Ông ấy|Bà ấy|"
                      r"Điều này|Văn kiện này)\b")
COVERAGE_MIN, MIN_UNITS = 0.8, 3  # a claim of 3+ words, 80% of them in one retrieved sentence
CANDIDATES = 8  # nearest retrieved sentences tried for each answer sentence
# A sentence searched for among every retrieved sentence (rather than named by the model's marker)
# must clear the support rule by this margin: the best of many is close to something by chance.
SEARCH_MARGIN = 0.03
SHORT_WORDS, SHORT_PENALTY = 5, 0.05  # "Photo: VNA": e5 rates a short sentence close to anything


@dataclass(frozen=True)
class Sentence:
    """One sentence of a model's answer: as written, and the claim it makes (markers removed)."""

    text: str
    claim: str
    markers: tuple[int, ...]  # the citation numbers it carries


@dataclass(frozen=True)
class Judged:
    """An answer sentence after grounding: the citations it ends up with and what was found."""

    claim: str
    citations: tuple[Citation, ...]  # its own markers' citations, then any attributed one
    supported: bool  # some cited quote supports it
    attributed: bool  # its supporting citation was found here, not given by a marker
    conflict: str = ""  # what it states against the evidence ("45", "Japan"), "" when nothing


@dataclass(frozen=True)
class Grounded:
    """A model's answer with every sentence judged; `text` carries the final, renumbered markers."""

    text: str
    citations: tuple[Citation, ...]  # numbered 1.. in order of first mention, `supported` set
    sentences: tuple[Judged, ...]

    @property
    def supported_share(self) -> float:
        return sum(s.supported for s in self.sentences) / len(self.sentences) if self.sentences \
            else 0.0

    @property
    def unsupported(self) -> tuple[str, ...]:
        return tuple(s.claim for s in self.sentences if not s.supported)

    @property
    def conflicts(self) -> tuple[str, ...]:
        return tuple(s.conflict for s in self.sentences if s.conflict)


def split_sentences(text: str) -> list[Sentence]:
    """The answer's sentences, each with the markers that follow it; a piece with fewer than two
    words (a list number, "Answer:") joins the sentence after it."""
    pieces: list[str] = []
    start = 0
    for match in _END.finditer(text):
        piece = text[start : match.end()]
        if match.group() != "\n" and _ABBREVIATION.search(piece.rstrip()):
            continue
        pieces.append(piece)
        start = match.end()
    pieces.append(text[start:])
    sentences: list[Sentence] = []
    carry = ""
    for piece in pieces:
        piece = carry + piece
        claim = _claim(piece)
        if len(_WORD.findall(claim)) < 2:
            carry = piece
            continue
        carry = ""
        sentences.append(Sentence(" ".join(piece.split()), claim,
                                  tuple(int(n) for n in _MARKER.findall(piece))))
    if carry.strip() and sentences:
        last = sentences[-1]
        joined = f"{last.text} {' '.join(carry.split())}"
        sentences[-1] = Sentence(joined, _claim(joined),
                                 last.markers + tuple(int(n) for n in _MARKER.findall(carry)))
    return sentences


def _claim(piece: str) -> str:
    """The sentence without its markers (a marker before the full stop leaves no gap)."""
    plain = " ".join(_MARKERS.sub(" ", piece).split())
    return _GAP.sub(r"\1", plain).strip(" :;-–")


@dataclass(frozen=True)
class Evidence:
    """What the answer may draw on: the retrieved sentences whose quotes are exact in their files,
    and the numbers and names stated there or in the question."""

    question: str
    sentences: tuple[ScoredSentence, ...]
    dates: dict[str, str | None]  # file -> publication date
    numbers: frozenset[str]
    names: NameIndex  # every name the evidence (and the question) holds
    langs: frozenset[str]
    scale: Scale  # the index's embedder's similarity scale (its calibration)

    @classmethod
    def of(cls, retrieval: Retrieval, holds: Holds) -> "Evidence":
        hits = (*retrieval.hits, *retrieval.alternates)
        seen: dict[tuple[str, int], ScoredSentence] = {}
        for hit in hits:
            for s in hit.sentences:
                if (s.file, s.start) not in seen and holds(s.file, s.start, s.end, s.text):
                    seen[(s.file, s.start)] = s
        sentences = tuple(seen.values())
        dates = {hit.chunk.file: hit.chunk.date for hit in hits}
        said = [retrieval.question, *(d for d in dates.values() if d)]
        stated = {n for t in said for n in numbers(t)}
        stated |= {n for s in sentences for n in stated_numbers(s.text)}
        return cls(retrieval.question, sentences, dates, frozenset(stated),
                   NameIndex(" ".join([*said, *(s.text for s in sentences)])),
                   frozenset(s.lang for s in sentences), scale_of(retrieval.scale))

    def year(self, file: str) -> str | None:
        """The year a file was published (a claim may add it to what the file says)."""
        date = self.dates.get(file)
        return date[:4] if date else None

    # The support rule and the embedder's scale, in one place: the thresholds are the support
    # check's, the cross-language gain the retriever's, both from the index's calibration.
    @property
    def same_topic(self) -> float:
        """A sentence this close to a claim is about the same fact."""
        return self.scale.support_shared

    def gain(self, text_lang: str, claim_lang: str) -> float:
        """What a sentence in another language than the claim adds to its similarity."""
        return self.scale.passage_gain(text_lang, claim_lang)

    def supports(self, claim: str, quote: str, similarity: float, file: str) -> bool:
        """The support check's rule, with the quote's publication year counting as stated."""
        return supports(claim, quote, similarity, self.scale, self.year(file))


def names(claim: str) -> set[str]:
    """Capitalised words other than the sentence's first: the names a claim states."""
    return capitalised_names(_body(claim))


def name_runs(claim: str) -> list[str]:
    """The names a claim states as written, a run of capitalised words being one name ("Victor
    Vu", "Jodie Haydon"), the sentence's first word left out (it is capitalised anyway)."""
    return text_name_runs(_body(claim))


def _body(claim: str) -> str:
    return claim.split(None, 1)[1] if " " in claim else ""


def _words(text: str) -> list[str]:
    """Accents and case removed, word by word, so "Hồng Thái" reads "hong thai"."""
    return re.findall(r"[a-z0-9]+", ascii_letters(text).casefold())


class NameIndex:
    """The names a text holds. A name of several words is held when each of its words is and its
    last two stand together ("Prime Minister Anthony Albanese" in "Australian Prime Minister
    Anthony Albanese", not "Hồng Thái" in "không ... Thái Lan"); "Viet Nam" and "Vietnam" are one
    word, and "Korean" or "Vietnamese" name what "Korea" or "Vietnam" do."""

    def __init__(self, text: str) -> None:
        words = _words(text)
        self.spaced = f" {' '.join(words)} "
        self.words = set(words) | {a + b for a, b in zip(words, words[1:])}

    def __contains__(self, name: str) -> bool:
        parts = _words(name)
        if len(parts) < 2:
            return not parts or self._holds(parts[0])
        last = f" {parts[-2]} {parts[-1]} "
        return all(self._holds(p) for p in parts) and (
            last in self.spaced or parts[-2] + parts[-1] in self.words)

    def _holds(self, word: str) -> bool:
        return word in self.words or any(word[:n] in self.words
                                         for n in range(max(4, len(word) - 3), len(word)))


def ground(
    text: str,
    citations: Sequence[Citation],
    evidence: Evidence,
    embed: Embed,
) -> Grounded:
    """Judge every sentence of `text` (markers already resolved to `citations`), attribute the
    uncited or wrongly cited ones, and renumber the citations in order of first mention."""
    sentences = split_sentences(text)
    if not sentences:
        return Grounded(text.strip(), (), ())
    by_n = {c.n: c for c in citations}
    pool = list(evidence.sentences)
    known = {s.text: np.asarray(s.embedding, dtype=np.float32) for s in pool}
    contexts = [f"{before.claim} {s.claim}" if _leans_back(s.claim) else s.claim
                for before, s in zip([sentences[0], *sentences], sentences)]
    texts = contexts + [c.quote for c in citations if c.quote not in known]
    fresh = dict(zip(texts, np.asarray(embed(texts), dtype=np.float32)))
    matrix = np.stack([known[s.text] for s in pool]) if pool else None
    judged: list[Judged] = []
    for sentence, context in zip(sentences, contexts):
        vector = fresh[context]
        lang = detect_language(sentence.claim)
        cited = [by_n[n] for n in dict.fromkeys(sentence.markers) if n in by_n]
        verdicts = [_supports(sentence.claim, lang, vector, c, known.get(c.quote, fresh.get(
            c.quote)), evidence) for c in cited]
        cited = [replace(c, supported=ok) for c, ok in zip(cited, verdicts)]
        best, nearest = (None, None) if any(verdicts) else _best_support(
            sentence.claim, lang, vector, evidence, matrix)
        if best is not None:
            cited.append(Citation(0, best.file, evidence.dates.get(best.file), best.text,
                                  best.start, best.end, best.lang, True))
        supported = any(verdicts) or best is not None
        # names are compared only with text in the claim's own language: translated, they differ
        same_language = lang in evidence.langs and (not supported or any(
            c.supported and c.lang == lang for c in cited))
        conflict = _conflict(sentence.claim, evidence, None if supported else nearest,
                             same_language)
        judged.append(Judged(sentence.claim, tuple(cited), supported, best is not None, conflict))
    return _numbered(judged)


def _leans_back(claim: str) -> bool:
    """Whether a sentence opens with a pronoun ("It was presented by Korea"): it is compared with
    the sources together with the sentence before it, which says what "it" is."""
    return bool(_PRONOUN.match(claim))


def _supports(claim: str, lang: str, vector: np.ndarray, citation: Citation,
              quote_vector: np.ndarray | None, evidence: Evidence) -> bool:
    if quote_vector is None:
        return False
    similarity = float(vector @ quote_vector) + evidence.gain(citation.lang or lang, lang)
    return evidence.supports(claim, citation.quote, similarity, citation.file) and \
        adds_to_question(claim, lang, evidence.question, citation.quote, citation.lang or lang)


def adds_to_question(claim: str, lang: str, question: str, quote: str, quote_lang: str) -> bool:
    """Whether the claim says something beyond the question that the quote says too: a sentence
    restating the question answers nothing, however close it is to a retrieved sentence (small
    models echo the question), and a question ("…?") answers nothing either. What it adds and the
    quote says must be a word in Vietnamese (a pair of syllables), a name or a figure, or two
    words in English (one common word, "nation", is no evidence). Across languages words cannot
    be compared, names and figures can: the claim must add one that the quote states."""
    if claim.rstrip().endswith("?") or _asks_back(claim, question):
        return False
    added = (names(claim) - anchors(question)) | (claim_numbers(claim) - numbers(question))
    if quote_lang != lang:
        return bool(added & (anchors(quote) | stated_numbers(quote)))
    shared = (_units(claim, lang) - _units(question, lang)) & _units(quote, lang)
    if lang == "vi" or len(shared) >= 2:
        return bool(shared)
    return bool(added & (anchors(quote) | stated_numbers(quote)))


def _asks_back(claim: str, question: str) -> bool:
    """Whether the claim repeats the question's Vietnamese question word ("… (C03) nào vừa được
    điều động"): a copy of the question, cut short before its question mark."""
    asked = set(_ASKING.findall(question.casefold()))
    return bool(asked & set(_ASKING.findall(claim.casefold())))


def _units(text: str, lang: str) -> set:
    """What a text says, word by word: English stemmed terms, Vietnamese pairs of syllables (a
    syllable alone is rarely a word: "văn" is in "văn kiện" and "nhà văn")."""
    tokens = terms([text])[0]
    return set(zip(tokens, tokens[1:])) if lang == "vi" else set(tokens)


def _best_support(
    claim: str, lang: str, vector: np.ndarray, evidence: Evidence, matrix: np.ndarray | None,
) -> tuple[ScoredSentence | None, tuple[ScoredSentence, float] | None]:
    """The retrieved sentence that supports the claim best (None when none does), and the nearest
    one whatever it says, with its similarity."""
    if matrix is None:
        return None, None
    pool = evidence.sentences
    similarity = matrix @ vector + np.array([
        evidence.gain(s.lang, lang) - (SHORT_PENALTY if len(s.text.split()) < SHORT_WORDS
                                         else 0.0) for s in pool])
    order = np.argsort(-similarity)[:CANDIDATES]
    nearest = (pool[order[0]], float(similarity[order[0]]))
    restated = False  # a closer sentence in the claim's language says only what was asked
    for i in order:
        s = pool[i]
        if (restated and s.lang != lang) or not evidence.supports(
                claim, s.text, float(similarity[i]) - SEARCH_MARGIN, s.file):
            continue  # after such a sentence, a translation cannot vouch for the rest
        if adds_to_question(claim, lang, evidence.question, s.text, s.lang):
            return s, nearest
        restated = restated or s.lang == lang
    return _restating(claim, lang, evidence), nearest


def _restating(claim: str, lang: str, evidence: Evidence) -> ScoredSentence | None:
    """The retrieved sentence in the claim's language that holds nearly all its words: a claim
    restating one clause of a long sentence ("It was presented by Korea") is too far from the
    whole sentence's vector to be found by it."""
    wanted = _units(claim, lang)
    if len(wanted) < MIN_UNITS:
        return None
    best, best_share = None, COVERAGE_MIN
    for s in evidence.sentences:
        if s.lang != lang or not numbers_stated(claim, s.text, evidence.year(s.file)):
            continue
        share = len(wanted & _units(s.text, lang)) / len(wanted)
        if share >= best_share and adds_to_question(claim, lang, evidence.question, s.text, lang):
            best, best_share = s, share
    return best


def _conflict(claim: str, evidence: Evidence, nearest: tuple[ScoredSentence, float] | None,
              check_names: bool) -> str:
    """What a claim states against the evidence: a number found nowhere in it; for an unsupported
    claim (`nearest` given), a different figure for the fact its nearest sentence states; or, with
    `check_names` (evidence in the claim's language, so names are spelled alike), a name found
    nowhere in it."""
    stated = claim_numbers(claim)
    unknown = sorted(stated - evidence.numbers, key=claim.find)
    if unknown:
        return unknown[0]
    if nearest is not None and stated:
        sentence, similarity = nearest
        theirs = stated_numbers(sentence.text)
        if similarity >= evidence.same_topic and theirs and not stated & theirs \
                and anchors(claim) - stated & anchors(sentence.text):
            return sorted(stated, key=claim.find)[0]
    if check_names:
        for name in name_runs(claim):
            if name not in evidence.names:
                return name
    return ""


def _numbered(judged: list[Judged]) -> Grounded:
    """Citations numbered 1.. by first mention (the same quote keeps one number; it counts as
    supported when any sentence it is cited for is), and the answer text with those markers."""
    numbers_of: dict[tuple[str, int], int] = {}
    merged: list[Citation] = []
    parts: list[str] = []
    final: list[Judged] = []
    for sentence in judged:
        marks: list[int] = []
        renumbered: list[Citation] = []
        for c in sentence.citations:
            key = (c.file, c.start)
            if key not in numbers_of:
                numbers_of[key] = len(merged) + 1
                merged.append(replace(c, n=numbers_of[key]))
            n = numbers_of[key]
            if c.supported and not merged[n - 1].supported:
                merged[n - 1] = replace(merged[n - 1], supported=True)
            renumbered.append(replace(c, n=n))
            if n not in marks:
                marks.append(n)
        parts.append(sentence.claim + (" " + "".join(f"[{n}]" for n in marks) if marks else ""))
        final.append(replace(sentence, citations=tuple(renumbered)))
    return Grounded(" ".join(parts), tuple(merged), tuple(final))

