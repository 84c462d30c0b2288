"""Numbered sources packed to a token budget."""

import numpy as np

from rag.answer.packing import pack_sources, render_sources
from rag.text.tokens import count_tokens, get_encoding
from rag.types import Hit, Query, Retrieval, ScoredSentence, StoredChunk

ENC = get_encoding()


def hit(file, sentences, score):
    spans = []
    start = 0
    for text, similarity in sentences:
        spans.append(ScoredSentence(file, "en", start, start + len(text), text, similarity,
                                    np.zeros(2)))
        start += len(text) + 1
    chunk = StoredChunk(f"{file}::0", file, "2025-11-27", "en", "t", 0, start, (), "")
    return Hit(chunk, score, tuple(spans))


RETRIEVAL = Retrieval(Query("q?", language="en"), (
    hit("a.txt", [("Vietnam joined 43 countries.", 0.9), ("It was in New York.", 0.7)], 2.0),
    hit("b.txt", [("Korea presented the statement on behalf of the group.", 0.8)], 1.5),
    hit("c.txt", [("An unrelated sentence about football matches. " * 5, 0.2)], 1.0),
))


def test_everything_fits_a_large_budget():
    sources = pack_sources(RETRIEVAL, 10_000, ENC)
    assert [s.n for s in sources] == [1, 2, 3] and [s.file for s in sources] == [
        "a.txt", "b.txt", "c.txt"]
    assert render_sources(sources).startswith("[1] a.txt (2025-11-27): Vietnam joined 43")


def test_the_budget_is_respected_and_sources_are_trimmed_by_sentence():
    budget = count_tokens(pack_sources(RETRIEVAL, 10_000, ENC)[0].render(), ENC) + 10
    sources = pack_sources(RETRIEVAL, budget, ENC)
    assert sum(count_tokens(s.render(), ENC) + 1 for s in sources) <= budget
    assert sources[0].file == "a.txt" and len(sources[0].sentences) == 2


def test_a_tight_budget_keeps_the_best_sentence():
    one = count_tokens("[1] a.txt (2025-11-27): Vietnam joined 43 countries.", ENC) + 1
    sources = pack_sources(RETRIEVAL, one, ENC)
    assert [s.text for s in sources[0].sentences] == ["Vietnam joined 43 countries."]
    assert pack_sources(RETRIEVAL, 3, ENC) == []
