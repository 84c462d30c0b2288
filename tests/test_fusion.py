"""Fusion of dense, best-sentence and BM25 evidence (pure functions, table-driven)."""

import pytest

from rag.retrieve.fusion import (
    LEXICAL_WEIGHT,
    RECENCY_WEIGHT,
    diversify,
    fuse,
    prefer_recent,
    rank_by,
)

W = LEXICAL_WEIGHT


@pytest.mark.parametrize(
    "dense, sentence, lexical, langs, query_lang, expected",
    [
        pytest.param({}, {}, {}, {}, "en", [], id="nothing"),
        pytest.param(
            {"a": 0.8, "b": 0.9}, {}, {}, {"a": "en", "b": "en"}, "en",
            [("b", 0.9), ("a", 0.8)], id="dense-only",
        ),
        pytest.param(
            {"a": 0.8, "b": 0.9}, {"a": 0.95, "b": 0.7}, {}, {}, "en",
            [("a", 1.75), ("b", 1.6)], id="sentence-evidence-adds-to-dense",
        ),
        pytest.param(
            {"a": 0.8, "b": 0.8}, {}, {"a": 4.0, "b": 2.0}, {"a": "en", "b": "en"}, "en",
            [("a", 0.8), ("b", 0.8 - W / 2)], id="bm25-shortfall-from-the-best",
        ),
        pytest.param(
            {"en1": 0.80, "en2": 0.81, "vi1": 0.82}, {}, {"en1": 5.0, "vi1": 50.0},
            {"en1": "en", "en2": "en", "vi1": "vi"}, "en",
            [("vi1", 0.82), ("en1", 0.80), ("en2", 0.81 - W)],
            id="bm25-reranks-only-the-question-language",
        ),
        pytest.param(
            {"vi1": 0.85, "en1": 0.80}, {}, {"en1": 3.0}, {"en1": "en", "vi1": "vi"}, "vi",
            [("vi1", 0.85), ("en1", 0.80)], id="cross-language-keeps-dense-ranking",
        ),
        pytest.param(
            {}, {}, {"x": 2.0, "y": 1.0}, {"x": "en", "y": "en"}, "en",
            [("x", 0.0), ("y", -W / 2)], id="lexical-only-chunks",
        ),
        pytest.param(
            {"a": 0.5}, {}, {"a": 0.0}, {"a": "en"}, "en", [("a", 0.5)], id="zero-bm25-no-division",
        ),
        pytest.param(
            {"a": 0.5}, {}, {"a": 3.0}, {}, "en", [("a", 0.5)], id="unknown-language-no-bm25",
        ),
        pytest.param(
            {"b": 0.7, "a": 0.7, "c": 0.7}, {}, {}, {}, "en",
            [("a", 0.7), ("b", 0.7), ("c", 0.7)], id="ties-broken-by-id",
        ),
    ],
)
def test_fuse(dense, sentence, lexical, langs, query_lang, expected):
    got = fuse(dense, sentence, lexical, langs, query_lang)
    assert [i for i, _ in got] == [i for i, _ in expected]
    assert [s for _, s in got] == pytest.approx([s for _, s in expected])


@pytest.mark.parametrize("weight, expected", [(0.0, ["b", "a"]), (0.5, ["a", "b"])])
def test_fuse_lexical_weight(weight, expected):
    got = fuse({"a": 0.5, "b": 0.6}, {}, {"a": 1.0}, {"a": "en", "b": "en"}, "en", weight)
    assert [i for i, _ in got] == expected


@pytest.mark.parametrize(
    "scores, expected",
    [
        ({}, []),
        ({"a": 1.0, "b": 3.0, "c": 2.0}, [("b", 3.0), ("c", 2.0), ("a", 1.0)]),
        ({"b": 1.0, "a": 1.0}, [("a", 1.0), ("b", 1.0)]),
    ],
)
def test_rank_by(scores, expected):
    assert rank_by(scores) == expected


@pytest.mark.parametrize(
    "ranking, dates, expected",
    [
        pytest.param([("old", 1.0), ("new", 0.98)], {"old": "2025-01-01", "new": "2025-03-01"},
                     [("new", 0.98 + RECENCY_WEIGHT), ("old", 1.0)], id="newest-gains-the-weight"),
        pytest.param([("old", 1.0), ("new", 0.90)], {"old": "2025-01-01", "new": "2025-03-01"},
                     [("old", 1.0), ("new", 0.90 + RECENCY_WEIGHT)], id="a-preference-not-a-sort"),
        pytest.param([("a", 1.0), ("mid", 0.99), ("b", 0.5)],
                     {"a": "2025-01-01", "mid": "2025-01-11", "b": "2025-01-21"},
                     [("mid", 0.99 + RECENCY_WEIGHT / 2), ("a", 1.0),
                      ("b", 0.5 + RECENCY_WEIGHT)], id="scaled-between-oldest-and-newest"),
        pytest.param([("x", 1.0), ("y", 0.99)], {"y": "2025-01-01"}, [("x", 1.0), ("y", 0.99)],
                     id="undated-or-one-date-no-change"),
    ],
)
def test_prefer_recent(ranking, dates, expected):
    got = prefer_recent(ranking, dates)
    assert [i for i, _ in got] == [i for i, _ in expected]
    assert [s for _, s in got] == pytest.approx([s for _, s in expected])


@pytest.mark.parametrize(
    "ranking, stories, order, moved",
    [
        pytest.param(list("abcdef"), {"a": "A", "b": "A", "c": "A", "d": "A", "e": "B", "f": "C"},
                     list("abefcd"), list("cd"), id="copies-of-one-story-make-room"),
        pytest.param(list("abc"), {}, list("abc"), [], id="no-stories-each-chunk-its-own"),
        pytest.param(list("abc"), {"a": "A", "b": "A", "c": "A"}, list("abc"), ["c"],
                     id="one-story-order-kept"),
    ],
)
def test_diversify(ranking, stories, order, moved):
    scored = [(i, 1.0 - k / 10) for k, i in enumerate(ranking)]
    got, got_moved = diversify(scored, stories)
    assert [i for i, _ in got] == order and got_moved == moved
    assert dict(got) == dict(scored)  # scores are untouched
