"""Numbered sources for a prompt, packed to a token budget (pure functions)."""

from __future__ import annotations

import tiktoken

from ..check.markers import Source
from ..text.tokens import count_tokens
from ..types import Retrieval, ScoredSentence


def pack_sources(
    retrieval: Retrieval, budget_tokens: int, encoding: tiktoken.Encoding
) -> list[Source]:
    """Sources in retrieval order while they fit the budget; a source that does not fit whole is
    cut to its sentences that do (best first by similarity, kept in article order)."""
    sources: list[Source] = []
    used = 0
    for hit in retrieval.hits:
        if not hit.sentences:
            continue
        source = Source(len(sources) + 1, hit.chunk.file, hit.chunk.date, hit.sentences)
        cost = count_tokens(source.render(), encoding) + 1
        if used + cost > budget_tokens:
            source = _trimmed(source, budget_tokens - used, encoding)
            if source is None:
                break
            cost = count_tokens(source.render(), encoding) + 1
        sources.append(source)
        used += cost
    return sources


def _trimmed(source: Source, room: int, encoding: tiktoken.Encoding) -> Source | None:
    kept: list[ScoredSentence] = []
    for sentence in sorted(source.sentences, key=lambda s: -s.similarity):
        trial = Source(source.n, source.file, source.date,
                       tuple(sorted([*kept, sentence], key=lambda s: s.start)))
        if count_tokens(trial.render(), encoding) + 1 <= room:
            kept.append(sentence)
    if not kept:
        return None
    return Source(source.n, source.file, source.date, tuple(sorted(kept, key=lambda s: s.start)))


def render_sources(sources: list[Source]) -> str:
    return "\n\n".join(source.render() for source in sources)
