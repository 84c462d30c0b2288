"""BM25 over chunk texts: analysis, filtered search, persistence stamped with the store generation."""

import unicodedata

import pytest

from rag.filters import Filter
from rag.index.lexical import LexicalIndex
from rag.text.terms import terms
from rag.types import StoredChunk


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
        ("joint statement countries", Filter(), ["en1", "en3"]),
        ("Tuyên bố chung", Filter(), ["vi1"]),
        ("43", Filter(), ["en1", "vi1"]),  # numbers match across languages
        ("43", Filter(lang="vi"), ["vi1"]),
        ("43", Filter(since="2025-11-27"), ["en1"]),
        ("43", Filter(until="2025-11-26"), ["vi1"]),
        ("rice harvest", Filter(), ["en2"]),
        ("rice harvest", Filter(until="2030-01-01"), []),  # undated never matches a date range
        ("countries statement", Filter(since="2025-11-01", until="2025-11-30"), ["en1"]),
        ("bitcoin price", Filter(), []),  # no known term
        ("the of and", Filter(), []),
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
    hits = index.search("joint statement countries", 1, Filter())
    assert [i for i, _, _ in hits] == ["en1"]


def test_knows_numbers_and_terms(index):
    assert index.knows("43") and index.knows("countri")
    assert not index.knows("2022") and not index.knows("countries")  # analysed terms only


def test_empty_index():
    empty = LexicalIndex.build([])
    assert len(empty) == 0 and empty.search("anything", 5, Filter()) == []
    assert not empty.knows("43")


def test_save_and_load_keep_the_generation(index, tmp_path):
    folder = tmp_path / "bm25"
    index.save(folder, "gen-1")
    loaded = LexicalIndex.load(folder)
    assert loaded is not None and loaded.ids == index.ids and loaded.generation == "gen-1"
    assert loaded.search("43", 10, Filter(lang="vi")) == index.search("43", 10, Filter(lang="vi"))
    assert LexicalIndex.load(tmp_path / "missing") is None


def test_corrupt_metadata_means_rebuild(index, tmp_path):
    index.save(tmp_path, "g")
    current = tmp_path / (tmp_path / "current").read_text(encoding="utf-8")
    (current / "chunks.json").write_text("{not json", encoding="utf-8")
    assert LexicalIndex.load(tmp_path) is None


def test_a_save_never_disturbs_a_loaded_index(index, tmp_path):
    """Another process (the UI) keeps the saved BM25 memory-mapped while an ingest saves anew."""
    index.save(tmp_path, "g1")
    loaded = LexicalIndex.load(tmp_path)
    before = loaded.search("joint statement", 5, Filter())
    shrunk = loaded.synced({"en2.txt": ""}, Fetcher(CHUNKS))
    shrunk.save(tmp_path, "g2")
    assert loaded.search("joint statement", 5, Filter()) == before  # still reads its own files
    again = LexicalIndex.load(tmp_path)
    assert again.generation == "g2" and again.ids == ["en2"]
    assert len(list(tmp_path.glob("gen-*"))) == 2  # the earlier state outlives a grace period


def test_empty_index_round_trip(tmp_path):
    LexicalIndex.build([]).save(tmp_path, "g")
    loaded = LexicalIndex.load(tmp_path)
    assert loaded is not None and len(loaded) == 0


class Fetcher:
    """The store's chunks_of_files over a fixed chunk list, recording what was asked for."""

    def __init__(self, chunks):
        self.chunks, self.asked = chunks, []

    def __call__(self, files):
        self.asked.append(sorted(files))
        return [c for c in self.chunks if c.file in files]


def test_sync_analyses_only_changed_files_and_matches_a_fresh_build(index, tmp_path):
    index.save(tmp_path, "g1")
    saved = LexicalIndex.load(tmp_path)
    en2_v2 = chunk("en2", "Rice exports to the Philippines rose sharply.", "en", "2025-11-28")
    en4 = chunk("en4", "A new bridge opened over the Red River.", "en", "2025-11-29")
    now = [CHUNKS[0], CHUNKS[1], en2_v2, en4]  # en3.txt deleted, en2.txt changed, en4.txt new
    manifest = {"en1.txt": "", "vi1.txt": "", "en2.txt": "v2", "en4.txt": ""}
    fetch = Fetcher(now)
    synced = saved.synced(manifest, fetch)
    assert fetch.asked == [["en2.txt", "en4.txt"]]  # unchanged files are not read again
    fresh = LexicalIndex.build(now, manifest)
    assert sorted(synced.ids) == sorted(fresh.ids) == ["en1", "en2", "en4", "vi1"]
    for query in ["rice exports Philippines", "bridge Red River", "43 joint statement"]:
        assert synced.search(query, 10, Filter()) == fresh.search(query, 10, Filter())
    assert not synced.knows("harvest") and synced.knows("bridg")  # gone with the old text
    assert synced.search("rice", 10, Filter(since="2025-11-28")) == [
        ("en2", synced.search("rice", 1, Filter())[0][1], "en")]
    synced.save(tmp_path, "g2")  # and the synced state persists, terms included
    again = LexicalIndex.load(tmp_path).synced(manifest, Fetcher(now))
    assert again.search("bridge", 5, Filter()) == synced.search("bridge", 5, Filter())


def test_sync_to_an_empty_manifest_empties_the_index(index, tmp_path):
    index.save(tmp_path, "g1")
    emptied = LexicalIndex.load(tmp_path).synced({}, Fetcher(CHUNKS))
    assert len(emptied) == 0 and emptied.search("43", 5, Filter()) == []
