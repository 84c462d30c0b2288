"""Turning a model's `[n]` markers into verified citations (pure functions).

The model only ever says *which* numbered source supports a sentence; the quote, file, date and
offsets always come from the retrieved sentences themselves, and each quote is checked against the
file before it is cited. Markers that point at no source are dropped from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..text.terms import terms
from ..types import Citation, ScoredSentence

_MARKER_GROUP = re.compile(r"(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+")
_NUMBER = re.compile(r"\d+")
_ARTICLE_MARKER = re.compile(r"\[(\s*\d+(?:\s*[,;]\s*\d+)*\s*)\]")
ABSTAIN_TOKEN = "NOT_IN_SOURCES"

Holds = Callable[[str, int, int, str], bool]


@dataclass(frozen=True)
class Source:
    """Source [n] in the prompt: one retrieved chunk's sentences, in article order."""

    n: int
    file: str
    date: str | None
    sentences: tuple[ScoredSentence, ...]

    def render(self) -> str:
        text = " ".join(defuse_markers(s.text) for s in self.sentences)
        return f"[{self.n}] {self.file} ({self.date or 'undated'}): {text}"


@dataclass(frozen=True)
class ResolvedAnswer:
    """The model's text with markers renumbered to the citations that survived."""

    text: str
    citations: tuple[Citation, ...]
    dropped: tuple[int, ...]  # marker numbers that matched no source


def resolve_markers(text: str, sources: list[Source], holds: Holds) -> ResolvedAnswer:
    """Map every marker to the best-supporting sentence of its source; renumber from 1."""
    by_number = {s.n: s for s in sources}
    citations: list[Citation] = []
    numbers: dict[tuple[str, int], int] = {}
    dropped: list[int] = []
    pieces: list[str] = []
    cursor = 0
    for match in _MARKER_GROUP.finditer(text):
        claim = text[cursor : match.start()]
        pieces.append(claim)
        cursor = match.end()
        kept: list[int] = []
        for n in (int(x) for x in _NUMBER.findall(match.group())):
            source = by_number.get(n)
            sentence = _supporting_sentence(claim, source, holds) if source else None
            if sentence is None:
                dropped.append(n)
                continue
            key = (sentence.file, sentence.start)
            if key not in numbers:
                numbers[key] = len(citations) + 1
                citations.append(Citation(
                    numbers[key], sentence.file, source.date, sentence.text, sentence.start,
                    sentence.end, sentence.lang,
                ))
            if numbers[key] not in kept:
                kept.append(numbers[key])
        if kept:
            lead = match.group()[: len(match.group()) - len(match.group().lstrip())]
            pieces.append(lead + "".join(f"[{k}]" for k in kept))
    pieces.append(text[cursor:])
    return ResolvedAnswer(_tidy("".join(pieces)), tuple(citations), tuple(dropped))


def _supporting_sentence(claim: str, source: Source, holds: Holds) -> ScoredSentence | None:
    """The source sentence sharing most words with the claim (then: closest to the question)."""
    claim_terms = set(terms([claim])[0])
    verified = [s for s in source.sentences if holds(s.file, s.start, s.end, s.text)]
    if not verified:
        return None
    return max(verified, key=lambda s: (len(claim_terms & set(terms([s.text])[0])), s.similarity))


def says_not_in_sources(text: str) -> bool:
    """Whether the model declared that the sources do not answer the question."""
    return ABSTAIN_TOKEN in text.upper().replace(" ", "_")


def _tidy(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text).strip()


def defuse_markers(text: str) -> str:
    """Article text with `[n]` written `(n)`: only newsrag writes citation markers, so a bracketed
    number in an article can neither pose as one in an answer nor be copied by the model as one."""
    return _ARTICLE_MARKER.sub(r"(\1)", text)
