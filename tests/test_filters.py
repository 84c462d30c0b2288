"""The one filter: validation, the Chroma clause, the same test in Python, the BM25 mask, the exact
test on a chunk, and its effect in every retriever."""

import numpy as np
import pytest
from conftest import EN_ARTICLE, VI_ARTICLE

from rag.errors import NewsragError
from rag.filters import Filter, date_int


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"since": "2025-13-01"}, "--since: '2025-13-01' is not a date"),
        ({"until": "yesterday"}, "--until: 'yesterday' is not a date"),
        ({"lang": "fr"}, "--lang: 'fr' is not one of vi, en"),
        ({"since": "2025-12-01", "until": "2025-11-01"}, "--since 2025-12-01 is after --until"),
    ],
)
def test_invalid_filters(kwargs, message):
    with pytest.raises(NewsragError) as err:
        Filter(**kwargs)
    assert message in str(err.value)


@pytest.mark.parametrize(
    "kwargs, where",
    [
        ({}, None),
        ({"lang": "vi"}, {"lang": "vi"}),
        (
            {"since": "2025-11-27"},
            {"$and": [{"date_int": {"$gte": 20251127}}, {"date_int": {"$gt": 0}}]},
        ),
        (
            {"since": "2025-11-01", "until": "2025-11-30", "lang": "en"},
            {"$and": [
                {"date_int": {"$gte": 20251101}},
                {"date_int": {"$lte": 20251130}},
                {"date_int": {"$gt": 0}},
                {"lang": "en"},
            ]},
        ),
        ({"since": "2025-11-26", "until": "2025-11-26"},
         {"$and": [{"date_int": {"$gte": 20251126}}, {"date_int": {"$lte": 20251126}},
                   {"date_int": {"$gt": 0}}]}),
    ],
)
def test_where(kwargs, where):
    filter = Filter(**kwargs)
    assert filter.where() == where
    assert filter.empty == (where is None)


def test_a_question_range_in_the_where_clause():
    where = Filter().about("2025-01-01", "2025-01-31").where()
    assert where == {"$or": [
        {"$and": [{"date_int": {"$gte": 20250101}}, {"date_int": {"$lte": 20250131}}]},
        {"$and": [{"dates_min": {"$lte": 20250131}}, {"dates_max": {"$gte": 20250101}}]},
        {"date_int": 0},
    ]}
    assert Filter(lang="vi").about(None, "2025-01-31").where() == {"$and": [
        {"lang": "vi"},
        {"$or": [
            {"$and": [{"date_int": {"$gte": 1}}, {"date_int": {"$lte": 20250131}}]},
            {"$and": [{"dates_min": {"$lte": 20250131}}, {"dates_max": {"$gte": 1}}]},
            {"date_int": 0},
        ]},
    ]}


QUESTION_RANGE = Filter().about("2025-11-24", "2025-11-24")


@pytest.mark.parametrize(
    "filter, published, lang, mentions, admitted",
    [
        (QUESTION_RANGE, "2025-11-26", "en", [(20251124, 20251126)], True),
        (QUESTION_RANGE, "2025-11-26", "en", [(20240101, 20241231)], False),
        (Filter().about("2025-11-24", "2025-11-26"), "2025-11-26", "en", [], True),
        (QUESTION_RANGE, None, "en", [(20251124, 20251124)], True),
        (Filter().about("2015-01-01", "2015-12-31"), None, "en", [], True),  # undated: kept
        (Filter().about("2015-01-01", "2015-12-31"), None, "vi", [(20160207, 20160207)], True),
        (Filter(since="2015-01-01", until="2015-12-31"), None, "en", [], False),
        (Filter(since="2025-11-24", until="2025-11-24"), "2025-11-26", "en",
         [(20251124, 20251126)], False),  # --since/--until: publication only
        (Filter().about(None, "2024-12-31"), "2025-11-26", "en", [(20240101, 20241231)], True),
        (Filter(), "2025-11-26", "en", [], True),
        (Filter(lang="vi"), "2025-11-26", "en", [], False),
        (Filter(lang="vi").about("2025-11-24", "2025-11-24"), "2025-11-24", "en", [], False),
    ],
)
def test_admits(filter, published, lang, mentions, admitted):
    assert filter.admits(published, lang, mentions) is admitted


def test_mask_over_bm25_arrays():
    dates = np.array([20251126, 20251127, 0])
    langs = np.array(["vi", "en", "en"])
    assert Filter().mask(dates, langs) is None
    assert Filter().about("2025-11-26", "2025-11-26").mask(dates, langs) is None  # exact later
    assert Filter(lang="en").mask(dates, langs).tolist() == [False, True, True]
    assert Filter(until="2025-11-30").mask(dates, langs).tolist() == [True, True, False]
    assert Filter(since="2025-11-27", lang="vi").mask(dates, langs).tolist() == [False] * 3


@pytest.mark.parametrize("date, value", [(None, 0), ("", 0), ("2025-11-26", 20251126),
                                         ("1999-01-02", 19990102)])
def test_date_int(date, value):
    assert date_int(date) == value


# -- the filters in each retriever, on the real sample index --------------------------------------

# each question, and the article in its language (the only one BM25 can match)
QUESTIONS = {
    "How many countries signed the joint statement?": EN_ARTICLE,
    "Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?": VI_ARTICLE,
}
BOTH = {VI_ARTICLE, EN_ARTICLE}


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize(
    "filters, allowed",
    [
        ({}, BOTH),
        ({"lang": "vi"}, {VI_ARTICLE}),
        ({"lang": "en"}, {EN_ARTICLE}),
        ({"since": "2025-11-27"}, {EN_ARTICLE}),
        ({"until": "2025-11-26"}, {VI_ARTICLE}),
        ({"since": "2025-12-01"}, set()),
        ({"until": "2025-11-25"}, set()),
        ({"since": "2025-11-27", "lang": "vi"}, set()),
    ],
)
def test_filters_restrict_every_retriever(sample_index, mode, question, filters, allowed):
    expected = allowed & {QUESTIONS[question]} if mode == "bm25" else allowed
    answer = sample_index.assistant.ask(question, mode=mode, **filters)
    assert set(answer.retrieved) == expected  # unfiltered, the question matches both articles
    assert {c.file for c in answer.citations} <= allowed
    if not allowed:
        assert answer.abstained and not answer.citations


FILTERS = [
    Filter(lang="vi"),
    Filter(since="2025-11-27"),
    Filter(since="2025-11-01", until="2025-11-26", lang="vi"),
    Filter(until="2025-11-01"),  # nothing
    Filter().about("2025-11-24", "2025-11-24"),
    Filter().about("2024-01-01", "2024-12-31"),
    Filter(lang="en").about("2025-11-20", None),
    Filter(since="2025-11-27").about(None, "2025-11-26"),
]


@pytest.mark.slow
@pytest.mark.parametrize("filter", FILTERS)
def test_matches_agrees_with_chroma(sample_index, embedder, filter):
    """Retrieval filters a neighbourhood itself before asking Chroma to: both must agree."""
    store = sample_index.assistant.store
    vector = embedder.embed_query("joint statement")
    everything = store.nearest_chunks(vector, store.count())
    by_chroma = {i for i, _ in store.query_chunks(vector, store.count(), filter.where())}
    assert {i for i, _, meta in everything if filter.matches(meta)} == by_chroma


def test_matches_needs_the_keys_it_tests():
    """A row without a key the filter tests matches nothing, as in Chroma."""
    assert not Filter(lang="vi").matches({"date_int": 20251126})
    assert not Filter().about("2025-11-24", None).matches({"date_int": 20240101, "lang": "vi"})
    assert Filter().about("2025-11-24", None).matches({"date_int": 20251126, "lang": "vi"})
    assert Filter(lang="vi").matches({"lang": "vi"})
