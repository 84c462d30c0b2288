"""Date and language filters: validation, the Chroma clause, and their effect in every retriever."""

import numpy as np
import pytest
from conftest import EN_ARTICLE, VI_ARTICLE

from rag.errors import NewsragError
from rag.filters import Filters, date_int, where_matches
from rag.timefilter import TimeFilter


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
        Filters(**kwargs)
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
def test_to_chroma_where(kwargs, where):
    filters = Filters(**kwargs)
    assert filters.to_chroma_where() == where
    assert filters.empty == (where is None)


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


WHERES = [
    Filters(lang="vi").to_chroma_where(),
    Filters(since="2025-11-27").to_chroma_where(),
    Filters(since="2025-11-01", until="2025-11-26", lang="vi").to_chroma_where(),
    Filters(until="2025-11-01").to_chroma_where(),  # nothing
    TimeFilter("2025-11-24", "2025-11-24", False, "24/11", "question").to_chroma_where(),
    TimeFilter("2024-01-01", "2024-12-31", False, "2024", "question").to_chroma_where(),
    {"$or": [{"lang": {"$in": ["en"]}}, {"date_int": {"$lt": 20251127}}]},
    {"$and": [{"lang": {"$ne": "en"}}, {"missing_key": 1}]},  # a key no row has matches nothing
]


@pytest.mark.parametrize("where", WHERES)
def test_where_matches_agrees_with_chroma(sample_index, embedder, where):
    """Retrieval filters a neighbourhood itself before asking Chroma to: both must agree."""
    store = sample_index.assistant.store
    vector = np.asarray(embedder.get_query_embedding("joint statement"), dtype=np.float32)
    everything = store.nearest_chunks(vector, store.count())
    by_chroma = {i for i, _ in store.query_chunks(vector, store.count(), where)}
    assert {i for i, _, meta in everything if where_matches(where, meta)} == by_chroma
