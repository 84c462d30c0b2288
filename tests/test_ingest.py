"""Incremental ingest with real embeddings: unchanged costs nothing, add/change/delete, bad input,
an ingest killed half-way."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading

import numpy as np
import pytest
from conftest import EN_ARTICLE, VI_ARTICLE, clean_env

from rag import Assistant, Settings
from rag.errors import NewsragError
from rag.ingest.chunking import chunk_article
from rag.ingest.corpus import read_article

pytestmark = pytest.mark.slow


class CountingEmbedder:
    """The real embedder, counting the passages it is asked to embed."""

    def __init__(self, inner) -> None:
        self._inner = inner
        self.model_name = inner.model_name
        self.texts: list[str] = []

    @property
    def dim(self) -> int:
        return self._inner.dim

    def embed_query(self, text: str) -> np.ndarray:
        return self._inner.embed_query(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self._inner.embed_passages(texts)


ARTICLES = {
    "metro.txt": " date 2025-01-10 Hanoi opened its second metro line on Monday. The new line has"
                 " twelve stations and carries about 50,000 passengers a day.",
    "rice.txt": " date 2025-02-20 Vietnam exported 8 million tonnes of rice last year. Most of the"
                " rice went to the Philippines, the largest buyer.",
}
FOOTBALL = (" date 2025-03-05 Đội tuyển bóng đá Việt Nam đã vô địch giải khu vực sau loạt sút luân"
            " lưu tại Bangkok. Thủ môn Nguyễn Filip được bầu là cầu thủ xuất sắc nhất trận chung kết.")
COFFEE = (" date 2025-02-21 Vietnam's coffee exports reached 1.6 million tonnes last year. Germany"
          " was the largest buyer of Vietnamese coffee.")
UNDATED = ("# Lantern festival\n\nHoi An holds a lantern festival on the fourteenth day of every"
           " lunar month. The old town switches off its electric lights for the evening.\n")


def write_corpus(root, articles):
    root.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def embedded_texts(root, name):
    """What ingest must embed for one file: its chunks, then each distinct sentence."""
    article = read_article(root, root / name)
    chunks = chunk_article(article)
    spans = dict.fromkeys(s for c in chunks for s in c.sentences)
    return [c.text for c in chunks] + [article.text[s:e] for s, e in spans]


def assistant(index_dir, embedder):
    return Assistant(settings=Settings(index_dir=str(index_dir)), embedder=embedder)


def test_reingest_unchanged_corpus_does_no_embedding_work(sample_index, embedder):
    counting = CountingEmbedder(embedder)
    again = assistant(sample_index.index_dir, counting)
    generation = again.store.generation()
    report = again.ingest(sample_index.corpus)
    assert sorted(report.unchanged) == [VI_ARTICLE, EN_ARTICLE]
    assert (report.added, report.updated, report.removed, report.skipped) == ([], [], [], [])
    assert report.chunks == 0 and not report.changed
    assert counting.texts == []
    assert again.store.generation() == generation  # BM25 is not rebuilt either
    assert "unchanged 2" in report.summary() and "0 chunks written" in report.summary()


def test_add_change_delete(tmp_path, embedder, check_citations):
    root = write_corpus(tmp_path / "corpus", ARTICLES)
    counting = CountingEmbedder(embedder)
    a = assistant(tmp_path / "index", counting)

    report = a.ingest(root)
    assert sorted(report.added) == ["metro.txt", "rice.txt"]
    assert sorted(counting.texts) == sorted(embedded_texts(root, "metro.txt")
                                            + embedded_texts(root, "rice.txt"))

    # add: only the new file is embedded, and it can be cited
    write_corpus(root, {"football.txt": FOOTBALL})
    counting.texts.clear()
    report = a.ingest(root)
    assert report.added == ["football.txt"] and sorted(report.unchanged) == ["metro.txt",
                                                                             "rice.txt"]
    assert counting.texts == embedded_texts(root, "football.txt")
    answer = a.ask("Who was the best player of the football final?")
    assert answer.citations[0].file == "football.txt" and "Nguyễn Filip" in answer.text
    assert answer.citations[0].date == "2025-03-05"

    # change: the old chunks go, the new text answers, the old text is never quoted
    old_ids = [c.id for c in a.store.iter_chunks() if c.file == "rice.txt"]
    write_corpus(root, {"rice.txt": COFFEE})
    counting.texts.clear()
    report = a.ingest(root)
    assert report.updated == ["rice.txt"] and not report.added and not report.removed
    assert counting.texts == embedded_texts(root, "rice.txt")
    assert a.store.get_chunks(old_ids) == {}
    assert all("rice" not in c.text for c in a.store.iter_chunks())
    assert a.store.indexed_files()["rice.txt"].date == "2025-02-21"
    # (asked as "bought the most", the confidence declines this right answer, just under the
    # news cutoff: the quote is not the sentence most like the question)
    answer = a.ask("Which country was the largest buyer of Vietnamese coffee?")
    assert not answer.abstained and "Germany" in answer.text
    assert (answer.citations[0].file, answer.citations[0].date) == ("rice.txt", "2025-02-21")
    check_citations(root, answer.citations)
    stale = a.ask("Which country was the largest buyer of Vietnamese rice?")
    assert all("Philippines" not in c.quote for c in stale.citations)
    check_citations(root, stale.citations)

    # delete: its chunks (with their sentences), BM25 entries and manifest record go; it is never cited
    metro = [c for c in a.store.iter_chunks() if c.file == "metro.txt"]
    metro_ids = [c.id for c in metro]
    (root / "metro.txt").unlink()
    counting.texts.clear()
    report = a.ingest(root)
    assert report.removed == ["metro.txt"] and counting.texts == []
    assert "metro.txt" not in a.store.indexed_files()
    assert {c.file for c in a.store.iter_chunks()} == {"football.txt", "rice.txt"}
    assert a.store.get_chunks(metro_ids) == {}
    assert not set(metro_ids) & set(a.lexical_index().ids)
    gone = a.ask("How many passengers does the new metro line carry a day?")
    assert "metro.txt" not in gone.retrieved and all(c.file != "metro.txt"
                                                     for c in gone.citations)

    # a fresh process sees the same index (BM25 reloaded from disk), and nothing is left to do
    fresh = assistant(tmp_path / "index", counting)
    counting.texts.clear()
    report = fresh.ingest(root)
    assert sorted(report.unchanged) == ["football.txt", "rice.txt"] and counting.texts == []
    assert fresh.lexical_index().ids == a.lexical_index().ids


def test_undated_article_is_indexed_with_date_null(tmp_path, embedder, check_citations, cli):
    root = write_corpus(tmp_path / "corpus", {"lantern.md": UNDATED, **ARTICLES})
    a = assistant(tmp_path / "index", embedder)
    assert "lantern.md" in a.ingest(root).added
    record = a.store.indexed_files()["lantern.md"]
    assert record.date is None and record.title == "Lantern festival"
    answer = a.ask("When does Hoi An hold its lantern festival?")
    assert answer.citations[0].file == "lantern.md" and answer.citations[0].date is None
    check_citations(root, answer.citations)
    dated = a.ask("When does Hoi An hold its lantern festival?", since="2000-01-01")
    assert "lantern.md" not in dated.retrieved  # an undated article has no date to match
    result = cli("ask", "When does Hoi An hold its lantern festival?", "--index-dir",
                 tmp_path / "index")
    assert result.returncode == 0, result.stderr
    assert '[1] lantern.md (undated): "Hoi An holds a lantern festival' in result.stdout


BAD_FILES = {
    "empty.txt": (b"", "empty article, skipped"),
    "header-only.txt": (b" date 2025-11-26 \n", "empty article, skipped"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary file, skipped"),
    "sub/latin1.md": ("Thông tin Hà Nam, café".encode("cp1258"), "not UTF-8 text (byte 2), skipped"),
    "bad-date.txt": (
        b" date 2025-02-30 Text.", "malformed date header '2025-02-30' (want YYYY-MM-DD), skipped"
    ),
}


def test_bad_files_are_skipped_naming_each_and_the_rest_indexed(tmp_path, embedder, cli):
    root = write_corpus(tmp_path / "corpus", ARTICLES)
    for name, (content, _) in BAD_FILES.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_bytes(content)
    index = tmp_path / "index"
    result = cli("ingest", root, "--index-dir", index, "--quiet")
    assert result.returncode == 3
    assert sorted(result.stderr.splitlines()) == sorted(
        f"newsrag: warning: {name}: {reason}" for name, (_, reason) in BAD_FILES.items()
    )
    assert result.stdout.startswith("added 2, updated 0, removed 0, unchanged 0, skipped 5;")

    a = assistant(index, embedder)
    assert sorted(a.store.indexed_files()) == ["metro.txt", "rice.txt"]
    assert "Philippines" in a.ask("Which country was the largest buyer of Vietnamese rice?").text

    # a file that goes bad keeps what the index already holds for it
    kept = a.store.indexed_files()["rice.txt"]
    (root / "rice.txt").write_bytes(b"\xff\xfe garbled " + b"\x00" * 4)
    report = a.ingest(root)
    assert ("rice.txt", "binary file, skipped") in report.skipped and len(report.skipped) == 6
    assert report.unchanged == ["metro.txt"] and not report.changed
    assert a.store.indexed_files()["rice.txt"] == kept
    assert {c.file for c in a.store.iter_chunks()} == {"metro.txt", "rice.txt"}
    answer = a.ask("How many passengers does the new metro line carry a day?")
    assert "50,000" in answer.text and answer.citations[0].file == "metro.txt"


@pytest.fixture
def small_index(tmp_path, embedder):
    root = write_corpus(tmp_path / "corpus", ARTICLES)
    a = assistant(tmp_path / "index", embedder)
    a.ingest(root)
    return a, root


def test_missing_or_empty_corpus_folder_keeps_the_index(tmp_path, small_index, cli):
    a, _ = small_index
    before = (a.store.count(), a.store.indexed_files(), a.store.generation())
    (tmp_path / "empty").mkdir()
    (tmp_path / "no-articles").mkdir()
    (tmp_path / "no-articles" / "photo.jpg").write_bytes(b"\xff\xd8")
    for folder, message in [
        ("missing", "corpus folder not found"),
        ("empty", "corpus folder has no article files"),
        ("no-articles", "corpus folder has no article files"),
    ]:
        with pytest.raises(NewsragError, match=message):
            a.ingest(tmp_path / folder)
    result = cli("ingest", tmp_path / "missing", "--index-dir", tmp_path / "index", "--quiet")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"newsrag: error: corpus folder not found: {tmp_path / 'missing'}"
    ]
    assert (a.store.count(), a.store.indexed_files(), a.store.generation()) == before
    assert a.ask("Which country was the largest buyer of Vietnamese rice?").citations


def test_another_corpus_folder_is_refused(tmp_path, small_index):
    a, _ = small_index
    other = write_corpus(tmp_path / "other", {"football.txt": FOOTBALL})
    before = a.store.indexed_files()
    with pytest.raises(NewsragError, match="the index at .* holds articles from .*corpus, not "
                                           ".*other: use another --index-dir"):
        a.ingest(other)
    assert a.store.indexed_files() == before


def test_ingest_killed_midway_leaves_a_usable_index_and_the_next_run_completes_it(
    tmp_path, sample_corpus, embedder, check_citations
):
    """SIGKILL the CLI once its progress bar (which counts committed files) shows the first
    group of files committed; here ingest writes after every ~64 embedded texts."""
    root = tmp_path / "corpus"
    root.mkdir()
    names = [f"{k}_{EN_ARTICLE}" for k in "abcdefghijkl"]
    for name in names:
        shutil.copy(sample_corpus / EN_ARTICLE, root / name)
    index = tmp_path / "index"
    process = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "ingest", str(root), "--index-dir", str(index)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path,
        env={**clean_env(), "NEWSRAG_INGEST_BATCH": "64"},
    )
    first_group_committed = threading.Event()

    def watch() -> None:
        seen = b""
        while chunk := process.stderr.read1(256):
            seen += chunk
            if re.search(rb"(?<!\d)[1-9]\d*/%d" % len(names), seen):
                first_group_committed.set()

    threading.Thread(target=watch, daemon=True).start()
    try:
        assert first_group_committed.wait(timeout=240), "ingest never committed a file"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()

    a = assistant(index, embedder)
    committed = a.store.indexed_files()
    assert 1 <= len(committed) < len(names)  # interrupted part-way
    answer = a.ask("How many countries signed the joint statement?")
    assert not answer.abstained and "43" in answer.text
    assert {c.file for c in answer.citations} <= set(committed)
    check_citations(root, answer.citations)

    report = a.ingest(root)
    assert sorted(report.unchanged) == sorted(committed)
    assert sorted(report.added) == sorted(set(names) - set(committed))
    assert sorted(a.store.indexed_files()) == sorted(names)
    expected_chunks = sum(len(chunk_article(read_article(root, root / n))) for n in names)
    assert a.store.count() == expected_chunks  # nothing half-written is left behind
    assert len(a.lexical_index()) == expected_chunks
