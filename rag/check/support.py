"""Does the quote a citation points at support the answer sentence that cites it? (offline check)

Citations are always real quotes, but a model can still put `[2]` after a sentence source 2 does not
say. Each answer sentence is compared with every quote it cites: passage-to-passage embedding
similarity (with the cross-language offset, so a translation counts), and the numbers and names the
two share. A claim stating a number the quote does not is unsupported whatever its wording;
one sharing a number or a name needs less similarity than one sharing neither (both thresholds from
the index's calibration, `Retrieval.scale`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from ..index.calibration import REFERENCE, scale_of
from ..text.names import anchors
from ..types import Answer, Citation, Retrieval, Scale
from .figures import numbers_stated

_MARKERS = re.compile(r"(?:\s*\[\d+\])+")
_NUMBER = re.compile(r"\d+")

Embed = Callable[[list[str]], np.ndarray]  # texts -> unit passage vectors, one row each


def claims(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """Each stretch of answer text that ends in citation markers, with the numbers it cites."""
    found = []
    cursor = 0
    for match in _MARKERS.finditer(text):
        claim = text[cursor : match.start()].strip().lstrip(".,;:) ")
        numbers = tuple(int(n) for n in _NUMBER.findall(match.group()))
        if claim:
            found.append((claim, numbers))
        cursor = match.end()
    return found


def supports(claim: str, quote: str, similarity: float, scale: Scale = REFERENCE,
             year: str | None = None) -> bool:
    """The support rule (similarity already on one scale across languages); the quote must state
    every number the claim states (`year`: its publication year, which counts as stated)."""
    if not numbers_stated(claim, quote, year):
        return False
    claim_numbers = set(_NUMBER.findall(claim))
    shared_numbers = claim_numbers & set(_NUMBER.findall(quote))
    shared = bool(shared_numbers) or bool((anchors(claim) - claim_numbers) & anchors(quote))
    return similarity >= (scale.support_shared if shared else scale.support_plain)


def check_citations(answer: Answer, retrieval: Retrieval, embed: Embed) -> Answer:
    """The answer with `supported` set on every citation (a citation no claim carries: False);
    a citation already judged (a grounded model answer's) keeps its verdict."""
    if all(c.supported is not None for c in answer.citations):
        return answer
    text = answer.text
    if answer.short_answer is not None:  # "44 nước — <quote> [1]": the claim is the quote
        text = text.split(" — ", 1)[-1] if text.startswith(answer.short_answer.text) else text
    pairs = claims(text)
    known = {s.text: s.embedding for hit in (*retrieval.hits, *retrieval.alternates)
             for s in hit.sentences}
    vectors = _vectors([claim for claim, _ in pairs] + [c.quote for c in answer.citations],
                       known, embed)
    langs = _claim_languages(answer.citations, pairs, retrieval.query_lang)
    scale = scale_of(retrieval.scale)
    by_n = {c.n: c for c in answer.citations}
    verdict = {c.n: c.supported or False for c in answer.citations}
    judged = {c.n for c in answer.citations if c.supported is not None}
    for (claim, numbers), lang in zip(pairs, langs):
        for n in numbers:
            citation = by_n.get(n)
            if citation is None or verdict[n] or n in judged:
                continue
            similarity = float(vectors[claim] @ vectors[citation.quote])
            if citation.lang:
                similarity += scale.passage_gain(citation.lang, lang)
            verdict[n] = supports(claim, citation.quote, similarity, scale,
                                  citation.date[:4] if citation.date else None)
    return replace(answer, citations=tuple(replace(c, supported=verdict[c.n])
                                           for c in answer.citations))


def _claim_languages(
    citations: Sequence[Citation], pairs: list[tuple[str, tuple[int, ...]]], query_lang: str
) -> list[str]:
    """A claim quoted verbatim has its quote's language; anything else is in the answer's."""
    quoted = {c.quote: c.lang for c in citations}
    return [quoted.get(claim, query_lang) or query_lang for claim, _ in pairs]


def _vectors(texts: list[str], known: Mapping[str, np.ndarray], embed: Embed) -> dict:
    """A vector per distinct text: retrieved sentences reuse theirs, the rest are embedded."""
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    fresh = dict(zip(missing, embed(missing))) if missing else {}
    return {t: known[t] if t in known else fresh[t] for t in texts}
