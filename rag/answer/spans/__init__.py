"""Candidate answers inside a sentence: the spans that hold what a question asks for and that the
question does not already contain (pure functions, Vietnamese and English).

A number comes with its magnitude and unit ("154,8 triệu đồng", "4.220,4 USD/ounce", "417 hài
cốt"), a name is a run of capitalised words or a quoted title, a date is any date the text names,
a score is "2-1". Each candidate gets a small score for how well it fits the expectation (the unit
the question names, a person's name against a place, ...): the best one becomes the short answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ...text.folding import casefolded as _fold
from ...text.language import detect_language
from ...text.places import other_names
from ...types import Asked, Citation, ShortAnswer
from .candidate import _STOP, Candidate, _asked_word
from .dates import date_candidates, score_candidates
from .names import name_candidates
from .numbers import number_candidates

_FINDERS = {"number": number_candidates, "entity": name_candidates, "date": date_candidates,
            "score": score_candidates}


NEAR_WEIGHT = 0.3  # a candidate among the question's own words is more likely what was asked
_NEAR_WORDS = 6
CONTRASTED = 0.6  # what a figure loses when the sentence sets it against the one asked for
_CONTRAST = re.compile(r"\b(?:trong khi|trong lúc|thay vì|so với|whereas|while|compared (?:with|to)"
                       r"|in contrast to|instead of)\b[^.;]{0,40}$", re.I)
# A short answer is shown only when it stands out among its sentence's candidates: measured on the
# dev sets, a name that is the only one, or under the role asked, or clearly ahead (same language),
# and a figure that is the only one or clearly ahead, are right far more often than the rest;
# across languages a figure must also score high on its own (the unit matched in the other
# language).
NAME_LEAD, FIGURE_LEAD, CROSS_FIGURE = 0.3, 0.2, 0.8


def answer_spans(
    sentence: str, asked: Asked, published: str | None = None, context: str = "",
    lang: str | None = None,
) -> list[Candidate]:
    """The sentence's candidates for what the question asks, best first (none for a
    description). A candidate the question already holds is no answer; nor is a figure in an
    item (`context`: the sentence's chunk) that never names what a Vietnamese number question
    asks about ("phí vào cửa bao nhiêu?" is not answered by an item about income). `lang`: the
    sentence's language, when the caller knows it."""
    expectation = asked.expectation
    finder = _FINDERS.get(expectation.kind)
    if finder is None:
        return []
    lang = lang or detect_language(sentence)
    focus = asked.focus if expectation.kind == "number" and not expectation.unit else set()
    if focus and lang == "vi" \
            and not focus & set(re.findall(r"\w+", _fold(f"{sentence} {context}"))):
        return []  # (an English sentence cannot be checked word by word against them)
    found = [replace(c, score=c.score + NEAR_WEIGHT * _near(sentence, c, asked.content)
                     - (CONTRASTED if _contrasted(sentence, c, asked) else 0.0))
             for c in finder(sentence, lang, asked, published, context)
             if not _already_asked(c.text, asked)
             and not (expectation.kind == "entity" and _place_asked(c.text, asked.question))]
    return sorted(found, key=lambda c: (-c.score, c.start))


def _near(sentence: str, candidate: Candidate, words: frozenset[str]) -> float:
    """The share of the few words on either side of a candidate that the question also uses:
    "amendments to the 2024 Anti-Human Trafficking Law" is no answer to when a compact was
    adopted, though the sentence names the compact further on."""
    before = re.findall(r"\w+", _fold(sentence[: candidate.start]))[-_NEAR_WORDS:]
    after = re.findall(r"\w+", _fold(sentence[candidate.end :]))[:_NEAR_WORDS]
    around = [w for w in before + after if w not in _STOP]
    return sum(w in words for w in around) / len(around) if around else 0.0


def _contrasted(sentence: str, candidate: Candidate, asked: Asked) -> bool:
    """A figure after "trong khi", "so với", "whereas": "chỉ được 940.000 đồng, trong khi các
    trường khác được nhận 1,6 triệu đồng" states the asked value first and a comparison after,
    unless what follows the contrast names the question's subject ("trong khi Kuechly ...")."""
    if asked.expectation.kind != "number":
        return False
    contrast = _CONTRAST.search(sentence[max(0, candidate.start - 60) : candidate.start])
    if not contrast:
        return False
    return not any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", contrast.group())
                   for name in asked.name_endings)  # as written: "Trường" is no "trường"


def _already_asked(candidate: str, asked: Asked) -> bool:
    words = re.findall(r"\w+", _fold(candidate))
    return bool(words) and all(_asked_word(w, asked.folded) or (w.isascii()  # "Suarez" for
                                   and _asked_word(w, asked.unaccented))  # "Suárez"; "nhiều"
                               for w in words)  # is not "nhiêu"


def _place_asked(candidate: str, question: str) -> bool:
    """Whether the question names the candidate's country or region in another language or
    form ("Southeast Asian" for "Đông Nam Á", "the US" for "Hoa Kỳ"); an acronym matches only
    whole and in capitals ("US", not "us" or "USD")."""
    return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", question) if name.isupper()
               else re.search(rf"(?<!\w){re.escape(name)}", question, re.I)
               for name in other_names(candidate))


def stands_out(chosen: Candidate, spans: list[Candidate], asked: Asked,
               cross_language: bool) -> bool:
    """Whether the chosen candidate is clear enough to be shown as the short answer (the
    sentence is evidence either way)."""
    if chosen.doubtful:
        return False
    rivals = [c.score for c in spans if c is not chosen]
    lead = chosen.score - max(rivals) if rivals else None
    if asked.expectation.kind == "entity":
        return chosen.strong or lead is None or (not cross_language and lead >= NAME_LEAD)
    if cross_language:
        return chosen.score >= CROSS_FIGURE and (lead is None or lead >= FIGURE_LEAD)
    return lead is None or lead >= FIGURE_LEAD


def short_answer_in_quotes(answer_text: str, citations: Sequence[Citation], asked: Asked
                           ) -> ShortAnswer | None:
    """A short answer for a written answer (a model's): the best candidate of the asked kind in
    the answer that a cited quote also holds, with offsets into that quote's file. None when no
    candidate is backed by a quote: a short answer is always a quote's span."""
    for candidate in answer_spans(answer_text, asked):
        if candidate.doubtful:
            continue
        wanted = _fold(candidate.text)
        for citation in citations:
            at = _fold(citation.quote).find(wanted)
            end = at + len(candidate.text)
            if at >= 0 and _fold(citation.quote[at:end]) == wanted:  # folding kept the offsets
                return _cut(citation, at, end)
        figures = re.findall(r"\d+", candidate.text)
        for citation in citations if figures else ():
            # the same figure in the quote's own words ("43 other countries" for "43 countries")
            same = [c for c in answer_spans(citation.quote, asked, citation.date)
                    if re.findall(r"\d+", c.text) == figures]
            if same:
                return _cut(citation, same[0].start, same[0].end)
    return None


def _cut(citation: Citation, start: int, end: int) -> ShortAnswer:
    """The span [start, end) of a citation's quote as a short answer (offsets into its file)."""
    return ShortAnswer(citation.quote[start:end], citation.n, citation.start + start,
                       citation.start + end)
