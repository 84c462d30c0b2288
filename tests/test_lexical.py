"""BM25 over chunk texts: analysis, filtered search, persistence stamped with the store generation."""

import unicodedata

import pytest

from rag.filters import Filters
from rag.lexical import LexicalIndex, terms
from rag.store import StoredChunk


def chunk(i, text, lang="en", date="2025-11-26"):
    return StoredChunk(id=i, file=f"{i}.txt", date=date, lang=lang, title="", start=0,
                       end=len(text), sentences=((0, len(text)),), text=text)


CHUNKS = [
    chunk("en1", "Vietnam joined 43 countries in issuing the joint statement.", "en", "2025-11-27"),
    chunk("vi1", "Việt Nam cùng 43 nước ra Tuyên bố chung.", "vi", "2025-11-26"),
    chunk("en2", "The rice harvest in the Mekong delta was large this year.", "en", None),
    chunk("en3", "Countries discussed trafficking and statement drafting.", "en", "2025-10-01"),
]


@pytest.fixture(scope="module")
def index():
    return LexicalIndex.build(CHUNKS)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("How many countries signed the joint statement?",
         ["how", "mani", "countri", "sign", "joint", "statement"]),
        ("The THE the", []),  # stop words only
        ("Việt Nam cùng 43 nước", ["việt", "nam", "cùng", "43", "nước"]),
        (unicodedata.normalize("NFD", "Việt Nam"), ["việt", "nam"]),  # NFD and NFC analyse alike
    ],
)
def test_terms(text, expected):
    assert terms([text])[0] == expected


@pytest.mark.parametrize(
    "query, filters, expected",
    [
        ("joint statement countries", Filters(), ["en1", "en3"]),
        ("Tuyên bố chung", Filters(), ["vi1"]),
        ("43", Filters(), ["en1", "vi1"]),  # numbers match across languages
        ("43", Filters(lang="vi"), ["vi1"]),
        ("43", Filters(since="2025-11-27"), ["en1"]),
        ("43", Filters(until="2025-11-26"), ["vi1"]),
        ("rice harvest", Filters(), ["en2"]),
        ("rice harvest", Filters(until="2030-01-01"), []),  # undated never matches a date range
        ("countries statement", Filters(since="2025-11-01", until="2025-11-30"), ["en1"]),
        ("bitcoin price", Filters(), []),  # no known term
        ("the of and", Filters(), []),
    ],
)
def test_search(index, query, filters, expected):
    hits = index.search(query, 10, filters)
    assert sorted(i for i, _, _ in hits) == sorted(expected)
    scores = [s for _, s, _ in hits]
    assert all(s > 0 for s in scores) and scores == sorted(scores, reverse=True)
    langs = {c.id: c.lang for c in CHUNKS}
    assert all(lang == langs[i] for i, _, lang in hits)


def test_search_ranks_best_match_first_and_limits_n(index):
    hits = index.search("joint statement countries", 1, Filters())
    assert [i for i, _, _ in hits] == ["en1"]


def test_knows_numbers_and_terms(index):
    assert index.knows("43") and index.knows("countri")
    assert not index.knows("2022") and not index.knows("countries")  # analysed terms only


def test_empty_index():
    empty = LexicalIndex.build([])
    assert len(empty) == 0 and empty.search("anything", 5, Filters()) == []
    assert not empty.knows("43")


def test_save_and_load_by_generation(index, tmp_path):
    folder = tmp_path / "bm25"
    index.save(folder, "gen-1")
    loaded = LexicalIndex.load(folder, "gen-1")
    assert loaded is not None and loaded.ids == index.ids
    assert loaded.search("43", 10, Filters(lang="vi")) == index.search("43", 10, Filters(lang="vi"))
    assert LexicalIndex.load(folder, "gen-2") is None  # stale: the store changed since
    assert LexicalIndex.load(tmp_path / "missing", "gen-1") is None


def test_corrupt_metadata_means_rebuild(index, tmp_path):
    index.save(tmp_path, "g")
    (tmp_path / "generation-g" / "chunks.json").write_text("{not json", encoding="utf-8")
    assert LexicalIndex.load(tmp_path, "g") is None


def test_each_generation_is_saved_whole_in_its_own_folder_and_old_ones_go(index, tmp_path):
    index.save(tmp_path, "g1")
    index.save(tmp_path, "g2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generation-g2"]
    assert LexicalIndex.load(tmp_path, "g1") is None and LexicalIndex.load(tmp_path, "g2")


def test_empty_index_round_trip(tmp_path):
    LexicalIndex.build([]).save(tmp_path, "g")
    loaded = LexicalIndex.load(tmp_path, "g")
    assert loaded is not None and len(loaded) == 0
