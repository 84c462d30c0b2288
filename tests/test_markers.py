"""Marker resolution on hand-made sources: valid, out of range, missing, repeated, unverifiable."""

import numpy as np
import pytest

from rag.check.markers import Source, resolve_markers, says_not_in_sources
from rag.types import ScoredSentence

TEXT = "Vietnam joined 43 countries. The statement was presented by Korea. It was in New York."


def sentence(start, end, similarity=0.8, file="en.txt", lang="en"):
    return ScoredSentence(file, lang, start, end, TEXT[start:end], similarity, np.zeros(2))


S1, S2, S3 = sentence(0, 28), sentence(29, 66), sentence(67, 87, 0.9)
SOURCES = [Source(1, "en.txt", "2025-11-27", (S1, S2)), Source(2, "en.txt", "2025-11-27", (S3,))]


def holds(file, start, end, quote):
    return TEXT[start:end] == quote


@pytest.mark.parametrize(
    "reply, text, quotes, dropped",
    [
        ("Vietnam joined 43 countries [1].", "Vietnam joined 43 countries [1].",
         [S1.text], ()),
        ("Korea presented it [1]. It happened in New York [2].",
         "Korea presented it [1]. It happened in New York [2].", [S2.text, S3.text], ()),
        ("Vietnam joined 43 countries [7].", "Vietnam joined 43 countries.", [], (7,)),
        ("43 countries [1][7] in New York [2, 1].", "43 countries [1] in New York [2][1].",
         [S1.text, S3.text], (7,)),
        ("No markers at all.", "No markers at all.", [], ()),
        ("Vietnam joined 43 countries [1]. Again 43 countries [1].",
         "Vietnam joined 43 countries [1]. Again 43 countries [1].", [S1.text], ()),
    ],
)
def test_resolve_markers(reply, text, quotes, dropped):
    resolved = resolve_markers(reply, SOURCES, holds)
    assert resolved.text == text
    assert [c.quote for c in resolved.citations] == quotes
    assert [c.n for c in resolved.citations] == list(range(1, len(quotes) + 1))
    assert resolved.dropped == dropped
    for c in resolved.citations:
        assert TEXT[c.start : c.end] == c.quote and c.date == "2025-11-27"


def test_a_quote_not_in_the_file_is_never_cited():
    resolved = resolve_markers("Vietnam joined 43 countries [1].", SOURCES,
                               lambda *args: False)
    assert resolved.citations == () and resolved.dropped == (1,)


@pytest.mark.parametrize(
    "reply, expected",
    [("NOT_IN_SOURCES", True), ("not in sources", True), ("Answer: 43 [1]", False)],
)
def test_says_not_in_sources(reply, expected):
    assert says_not_in_sources(reply) is expected
