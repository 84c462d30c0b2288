"""Model answers that are grounded in the articles, or not given.

`GroundedAnswerer` wraps a chat-model answerer: the model's text streams as it is written, then its
answer is checked sentence by sentence against the retrieved sentences (`rag.check.attribution`).
An answer most of whose sentences nothing retrieved supports, or that states a number or a name
against the evidence, is not passed off as an answer: the extractive answer is given instead, with
a warning naming the model. So is a supported answer to a number, date, score or name question
that gives no such fact, or a fact the extractive answer's evidence does not hold. A kept answer
is the model's text, every sentence cited; the model's NOT_IN_SOURCES stays an abstention.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from ..check.attribution import Embed, Evidence, Grounded, ground
from ..sources import SourceTexts
from ..text.folding import comparable
from ..types import Answer, Retrieval, ShortAnswer
from .asked import asked_of
from .base import Answerer, final_answer, short_answer_of
from .kinds import GATED_KINDS

MIN_SUPPORTED = 2 / 3  # share of the answer's sentences that must be supported to keep it


def fallback_reason(grounded: Grounded, min_supported: float = MIN_SUPPORTED) -> str | None:
    """Why a model's answer must not be shown (None: it may): the rule the README states."""
    if grounded.conflicts:
        return (f"states “{grounded.conflicts[0]}”, which the retrieved articles contradict or "
                "do not contain")
    if not grounded.sentences or grounded.supported_share < min_supported:
        supported = sum(s.supported for s in grounded.sentences)
        return (f"is mostly not supported by the retrieved articles ({supported} of "
                f"{len(grounded.sentences)} sentences)")
    return None


def unsupported_warning(claims: tuple[str, ...]) -> str:
    quoted = "; ".join(f"“{c}”" for c in claims)
    return (f"{len(claims)} sentence{'s' if len(claims) > 1 else ''} of the model's answer "
            f"{'are' if len(claims) > 1 else 'is'} not supported by the articles: {quoted}")


class GroundedAnswerer:
    """A chat model's answers, kept when the retrieved sentences support them, else extractive."""

    def __init__(self, model: Answerer, fallback: Answerer, embed: Embed,
                 min_supported: float = MIN_SUPPORTED, drop_warnings: tuple[str, ...] = ()) -> None:
        self.model = model
        self.fallback = fallback
        self.embed = embed
        self.min_supported = min_supported
        self.drop_warnings = drop_warnings  # the model answerer's warnings grounding replaces
        self.name = model.name
        self.chat_model = model.chat_model

    def answer(self, retrieval: Retrieval, sources: SourceTexts) -> Answer:
        return final_answer(self.stream(retrieval, sources))

    def stream(self, retrieval: Retrieval, sources: SourceTexts) -> Iterator[str | Answer]:
        """The model's text as it is written, then the grounded answer (or the extractive one)."""
        for item in self.model.stream(retrieval, sources):
            yield self.grounded(item, retrieval, sources) if isinstance(item, Answer) else item

    def grounded(self, answer: Answer, retrieval: Retrieval, sources: SourceTexts) -> Answer:
        """The model's answer with every sentence cited, or the extractive answer and why."""
        if answer.abstained:
            return answer
        checked = ground(answer.text, answer.citations, Evidence.of(retrieval, sources.holds),
                         self.embed)
        # cut from the final citations: grounding renumbers them and adds the ones it found
        short = short_answer_of(checked.text, checked.citations, retrieval)
        instead = self.fallback.answer(retrieval, sources)  # also the evidence a fact must be in
        reason = (fallback_reason(checked, self.min_supported) or _missing(short, retrieval)
                  or _disagreeing(short, instead))
        if reason:
            warning = f"the model's answer ({self.name}) {reason}; answered extractively instead"
            return replace(instead, warnings=(*instead.warnings, warning))
        warnings = tuple(w for w in answer.warnings if w not in self.drop_warnings)
        if checked.unsupported:
            warnings += (unsupported_warning(checked.unsupported),)
        return replace(answer, text=checked.text, citations=checked.citations, warnings=warnings,
                       unsupported=checked.unsupported, short_answer=short)


def _disagreeing(model: ShortAnswer | None, extractive: Answer) -> str | None:
    """Why a model's fact gives way to the extractive answer: that answer's evidence for the same
    question does not hold it ("151" dead where the day's report says 146, a club other than the
    one the report names), or holds another fact that stands out."""
    if model is None or extractive.abstained:
        return None
    ours, evidence = comparable(model.text), extractive.short_answer
    if evidence is not None:
        theirs = {comparable(evidence.text), comparable(_quoted(evidence, extractive))}
        if any(ours in t or t in ours for t in theirs):  # a total's quoted basis agrees too
            return None
        return f"gives “{model.text}” where the best evidence gives “{evidence.text}”"
    if not any(ours in comparable(c.quote) for c in extractive.citations):
        return f"gives “{model.text}”, which the best evidence does not hold"
    return None


def _quoted(short: ShortAnswer, answer: Answer) -> str:
    """The span of its quote a short answer is cut from (for a computed total, its basis:
    "43 countries" of "44 countries")."""
    quote = next((c for c in answer.citations if c.n == short.citation), None)
    return quote.quote[short.start - quote.start : short.end - quote.start] if quote else short.text


def _missing(short: ShortAnswer | None, retrieval: Retrieval) -> str | None:
    """Why a supported answer still answers nothing: the question asks for a number, a date, a
    score or a name and no cited quote gives one ("which book?" answered with its writer)."""
    asked = asked_of(retrieval.query)
    if short is None and asked.kind in GATED_KINDS and asked.gathering != "list":
        return f"gives no {asked.kind} the question asks for"
    return None
