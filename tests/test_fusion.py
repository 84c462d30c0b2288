"""Fusion of dense, best-sentence and BM25 evidence (pure functions, table-driven)."""

import datetime as dt

import pytest

from rag.retrieve.fusion import (
    LEXICAL_WEIGHT,
    OFF_ANCHOR,
    RECENCY_WEIGHT,
    TIME_WEIGHT,
    diversify,
    evidence_day,
    fuse,
    prefer_in_time,
    prefer_recent,
    rank_by,
    time_affinity,
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


@pytest.mark.parametrize(
    "published, mentions, affinity",
    [
        ("2025-11-30", [(20251129, 20251129)], 1.0),  # "hôm nay 29-11", published the next day
        ("2025-11-29", [], 0.8),  # published that day, naming no other day
        ("2025-11-29", [(20251128, 20251128)], 0.4),  # published that day about the 28th
        ("2025-11-30", [], 0.5),  # a report of the next day
        ("2025-12-01", [], 0.5),
        ("2025-11-30", [(20251130, 20251130)], 0.2),  # the next day's own news
        ("2025-12-02", [], 0.0),  # too late to be that day's report
        ("2025-11-28", [], 0.0),  # before it
        ("2025-11-28", [(20251101, 20251130)], 0.3),  # a whole month says little of one day
        # ... nor hides that the report is of the day ("nhiệm kỳ 2025-2030"), or the day after
        ("2025-11-29", [(20250101, 20301231)], 0.8),
        ("2025-11-30", [(20250101, 20251231)], 0.5),
        ("2025-11-28", [(20251127, 20251130)], 1.0),  # a few days that hold it
        (None, [], 0.5),  # undated: says nothing either way
    ],
)
def test_time_affinity_for_one_day(published, mentions, affinity):
    assert time_affinity(published, mentions, "2025-11-29", "2025-11-29") == affinity


def test_the_day_before_is_the_latest_day_the_articles_report():
    """"The session before 26/11": of the days before it, the one nearest it that the candidates
    report is the anchor; evidence of the other days counts for little."""
    since, until = "2025-11-16", "2025-11-25"
    days = [evidence_day(published, mentions, since, until, "until") for published, mentions in
            [("2025-11-21", []), ("2025-11-25", []), ("2025-11-26", [(20251124, 20251124)]),
             ("2025-11-27", [])]]
    assert days == [dt.date(2025, 11, 21), dt.date(2025, 11, 25), dt.date(2025, 11, 24), None]
    anchor = max(d for d in days if d)
    assert time_affinity("2025-11-25", [], since, until, anchor) == 0.8
    assert time_affinity("2025-11-21", [], since, until, anchor) == pytest.approx(0.8 * OFF_ANCHOR)
    assert evidence_day("2025-11-21", [], since, until, "") is None  # no direction asked


def test_time_affinity_with_an_open_range():
    assert time_affinity("2025-11-20", [], None, "2025-11-25") == 0.8
    assert time_affinity("2025-11-26", [], None, "2025-11-25") == 0.5
    assert time_affinity("2025-11-20", [], "2025-11-25", None) == 0.0


def test_prefer_in_time_reorders_without_excluding():
    ranking = [("other-day", 1.70), ("that-day", 1.65), ("unknown", 1.60)]
    ranked = prefer_in_time(ranking, {"other-day": 0.2, "that-day": 1.0})
    assert [i for i, _ in ranked] == ["that-day", "other-day", "unknown"]
    assert dict(ranked)["that-day"] == pytest.approx(1.65 + TIME_WEIGHT)
