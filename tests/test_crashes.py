"""kill -9 at chosen points of an ingest (tests/crash_ingest.py), then ingest again: the index must
equal a clean ingest of the same corpus, row for row and answer for answer."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import clean_env

from rag import Assistant, Settings

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
CITIES = ["Hanoi", "Hue", "Da Nang", "Can Tho", "Hai Phong", "Nha Trang", "Vinh", "Da Lat",
          "Quy Nhon", "Buon Ma Thuot", "Ha Long", "Vung Tau"]
THINGS = ["library", "bridge", "hospital", "stadium", "market", "museum"]
QUESTIONS = [
    "How many books does the new library in Hue hold?",
    "When did the Da Nang bridge open?",
    "How many beds does the hospital in Can Tho have?",
    "Which city opened a new museum with 9 galleries?",
    "Thư viện mới ở Huế có bao nhiêu cuốn sách?",
]


def article(k: int, version: int = 1) -> str:
    city, thing = CITIES[k % len(CITIES)], THINGS[k % len(THINGS)]
    return (f" date 2025-0{1 + k % 9}-1{k % 10} {city} opened a new {thing} on Monday after "
            f"{k + 2} years of work. The {thing} has {version * (k + 3)} rooms and cost {k + 7} "
            f"million dollars. Officials in {city} said the {thing} would serve {1000 * (k + 1)} "
            "people a week.\n")


def corpus_v1() -> dict[str, str]:
    return {f"a{k:02d}.txt": article(k) for k in range(10)}


def corpus_v2() -> dict[str, str]:
    """v1 with two files deleted, two changed and eight added (the killed ingest writes them in
    groups of 12 texts: 4 per article, so three articles a group)."""
    files = {name: text for name, text in corpus_v1().items() if name not in ("a03.txt",
                                                                               "a07.txt")}
    files["a01.txt"] = article(1, version=2)
    files["a05.txt"] = article(5, version=2)
    files |= {f"b{k:02d}.txt": article(k + 30) for k in range(8)}
    files["b20.txt"] = (" date 2025-06-01 The new library in Hue holds 120,000 books, the city"
                        " said. Thư viện mới ở Huế có 120.000 cuốn sách.\n")
    return files


def write(root: Path, files: dict[str, str]) -> Path:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def snapshot(assistant: Assistant) -> dict:
    """Everything that must match a clean ingest: rows, manifest, BM25 and answers."""
    store = assistant.store
    chunks = sorted(store.iter_chunks(), key=lambda c: c.id)
    return {
        "chunks": [(c.id, c.file, c.start, c.end, c.sentences, c.text) for c in chunks],
        "sentences": sorted((s.chunk_id, s.start, s.end, s.text)
                            for s in store.get_sentences(chunks)),
        "rows": sorted((c.name, c.count()) for c in store.client.list_collections()),  # no orphans
        "manifest": store.indexed_files(),
        "bm25": sorted(assistant.lexical_index().ids),
        "answers": [assistant.ask(q).to_dict() for q in QUESTIONS],
    }


@pytest.fixture(scope="module")
def base(tmp_path_factory, embedder):
    """An index of corpus v1, and the snapshot of a clean ingest of corpus v2."""
    folder = tmp_path_factory.mktemp("crash")
    v1 = folder / "v1-index"
    corpus = write(folder / "corpus", corpus_v1())
    Assistant(settings=Settings(index_dir=str(v1)), embedder=embedder).ingest(corpus)
    write(corpus, corpus_v2())
    clean = folder / "clean-index"
    shutil.copytree(v1, clean)
    clean_assistant = Assistant(settings=Settings(index_dir=str(clean)), embedder=embedder)
    clean_assistant.ingest(corpus)
    return {"v1": v1, "corpus": corpus, "clean": snapshot(clean_assistant)}


@pytest.mark.parametrize("point", ["embedding", "chunks-written",
                                   "before-manifest", "inside-chroma-add", "removing",
                                   "saving-bm25"])
def test_killed_ingest_then_rerun_equals_a_clean_ingest(base, tmp_path, embedder, point):
    index = tmp_path / "index"
    shutil.copytree(base["v1"], index)
    killed = subprocess.run(
        [sys.executable, str(HERE / "crash_ingest.py"), point, "ingest", str(base["corpus"]),
         "--index-dir", str(index), "--quiet"],
        cwd=tmp_path, env=clean_env(), capture_output=True, text=True, timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr  # it died where it was told to

    rerun = Assistant(settings=Settings(index_dir=str(index)), embedder=embedder)
    report = rerun.ingest(base["corpus"])
    assert not report.skipped
    assert snapshot(rerun) == base["clean"]
    fresh = Assistant(settings=Settings(index_dir=str(index)), embedder=embedder)
    assert snapshot(fresh) == base["clean"]  # the BM25 saved by the re-run loads as well
