"""Sentence-aware chunking that keeps exact character offsets.

Sentences come from NLTK's Punkt model as shipped inside llama-index-core (no download, and found
without importing llama-index), split per line so headlines and captions stay separate. Chunks pack
whole sentences up to a token budget counted with tiktoken and overlap by a sentence, and remember
every sentence's offsets in the file so a quote can always be located exactly.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ..text.bundled import llama_index_static
from ..text.dates import find_dates
from ..text.tokens import count_tokens
from ..types import Article, Chunk, Span

DEFAULT_CHUNK_TOKENS = 320
DEFAULT_OVERLAP_SENTENCES = 1
_MAX_SENTENCE_TOKENS = 160
_LINE = re.compile(r"[^\n]+")
_LINE_END = ".!?…:;\"”’»)]"  # a line ending so closes its sentence
_SENTENCE_END = re.compile(r"[.?!]")


@lru_cache(maxsize=1)
def _punkt():
    import nltk
    from nltk.tokenize import PunktTokenizer

    cache = str(llama_index_static("nltk_cache"))
    if cache not in nltk.data.path:
        nltk.data.path.insert(0, cache)
    tokenizer = PunktTokenizer("english")
    # news abbreviations Punkt's English model does not know ("Chargé d'Affaires a.i. of ...")
    tokenizer._params.abbrev_types.update({"a.i", "i.e", "e.g", "tp", "ths", "ts", "pgs", "gs"})
    return tokenizer


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Offsets of the sentences in text[start:end], trimmed of surrounding white space."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for line_start, line_end in _lines(text, start, end):
        piece = text[line_start:line_end]
        # Punkt ends sentences only at . ? ! : a line without them (a headline) is one sentence
        found = (_punkt().span_tokenize(piece) if _SENTENCE_END.search(piece)
                 else [(0, len(piece))])
        for s, e in found:
            s, e = _trim(piece, s, e)
            if e > s:
                spans.extend(_split_long(text, line_start + s, line_start + e))
    return spans


def _lines(text: str, start: int, end: int) -> list[Span]:
    """The text's lines, a line joined to the one before when it carries on a sentence that a
    line break cut ("... vào hôm nay 29-11 \nở mức 4.220,4 USD/ounce"): the break has no
    sentence-ending mark before it and a lower-case letter after it."""
    lines: list[Span] = []
    for line in _LINE.finditer(text, start, end):
        before = text[lines[-1][0] : lines[-1][1]].rstrip() if lines else ""
        carries_on = (before and before[-1] not in _LINE_END and not before.startswith("#")
                      and text[line.start() : line.end()].lstrip()[:1].islower()
                      and not text[lines[-1][1] : line.start()].count("\n") > 1)
        if carries_on:
            lines[-1] = (lines[-1][0], line.end())
        else:
            lines.append(line.span())
    return lines


def _trim(text: str, s: int, e: int) -> Span:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _split_long(text: str, s: int, e: int) -> list[Span]:
    """Cut a sentence longer than the per-sentence budget at word boundaries."""
    if count_tokens(text[s:e]) <= _MAX_SENTENCE_TOKENS:
        return [(s, e)]
    pieces: list[Span] = []
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[s:e])]
    begin = 0
    while begin < len(words):
        stop = begin + 1
        while stop < len(words) and count_tokens(
            text[s + words[begin][0] : s + words[stop][1]]
        ) <= _MAX_SENTENCE_TOKENS:
            stop += 1
        pieces.append((s + words[begin][0], s + words[stop - 1][1]))
        begin = stop
    return pieces


def pack_sentences(
    text: str, spans: list[Span], max_tokens: int, overlap: int = DEFAULT_OVERLAP_SENTENCES
) -> list[list[Span]]:
    """Group consecutive sentences into chunks of at most max_tokens, overlapping by `overlap`."""
    sizes = [count_tokens(text[s:e]) for s, e in spans]
    groups: list[list[int]] = []
    current: list[int] = []
    used = 0
    for i, size in enumerate(sizes):
        if current and used + size > max_tokens:
            groups.append(current)
            carry = current[-overlap:] if overlap else []
            if sum(sizes[j] for j in carry) + size > max_tokens:
                carry = []
            current, used = list(carry), sum(sizes[j] for j in carry)
        current.append(i)
        used += size
    if current:
        groups.append(current)
    return [[spans[i] for i in group] for group in groups]


def chunk_article(
    article: Article,
    max_tokens: int = DEFAULT_CHUNK_TOKENS,
    overlap: int = DEFAULT_OVERLAP_SENTENCES,
) -> list[Chunk]:
    """Split an article's body (after its date header) into chunks, with the dates each mentions
    (resolved against the publication date)."""
    spans = sentence_spans(article.text, article.body_start)
    published = dt.date.fromisoformat(article.date) if article.date else None
    chunks = []
    for index, group in enumerate(pack_sentences(article.text, spans, max_tokens, overlap)):
        start, end = group[0][0], group[-1][1]
        chunks.append(
            Chunk(
                id=f"{article.path}::{article.content_hash[:12]}::{index}",
                file=article.path,
                index=index,
                start=start,
                end=end,
                sentences=tuple(group),
                text=article.text[start:end],
                dates=tuple(dict.fromkeys(
                    m.as_ints()
                    for m in find_dates(article.text[start:end], published, relative=True))),
            )
        )
    return chunks
