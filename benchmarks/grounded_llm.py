"""Grounded model answers on a gold set: `newsrag eval --llm openai` against llama.cpp serving
SmolLM2-135M (the test model), its replies recorded, so the grounding can be measured again on
the same replies without asking the model again (on two busy cores it takes minutes a question).

    .venv/bin/python benchmarks/grounded_llm.py --corpus data/articles --gold data/gold_qa.jsonl \
        --index-dir bench_runs/index-sample --out bench_runs/grounded-sample [--limit N]

Replies are kept in `--replies` (default bench_runs/smollm2-replies), one file per request body
(temperature 0: the same prompt gets the same reply); delete it to ask the model afresh. Prints
the eval report, whose `fell_back` is the share of answers the extractive answerer gave instead.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from llm_servers import llama_server  # noqa: E402

from rag import Assistant, Settings  # noqa: E402
from rag.evaluate.run import evaluate  # noqa: E402

SMALL_MODEL = {"context_tokens": 350, "answer_tokens": 100}  # SmolLM2: 4096 tokens, slow CPU


@contextmanager
def recording_proxy(upstream: str, folder: Path) -> Iterator[str]:
    """An OpenAI-compatible endpoint on 127.0.0.1 answering each request body with the reply the
    upstream server gave it the first time (one request upstream at a time); yields its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    origin = upstream.rsplit("/v1", 1)[0]
    one_at_a_time = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with urllib.request.urlopen(origin + self.path) as reply:
                self._send(reply.status, reply.read(), "application/json")

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            record = folder / (hashlib.sha256(self.path.encode() + body).hexdigest() + ".reply")
            if not record.exists():
                with one_at_a_time:
                    request = urllib.request.Request(origin + self.path, data=body,
                                                     headers={"Content-Type": "application/json"})
                    try:
                        with urllib.request.urlopen(request, timeout=3600) as reply:
                            data = b"200 " + reply.read()
                    except urllib.error.HTTPError as error:
                        data = f"{error.code} ".encode() + error.read()
                    record.write_bytes(data)
            status, _, data = record.read_bytes().partition(b" ")
            self._send(int(status), data,
                       "text/event-stream" if status == b"200" else "application/json")

        def _send(self, status: int, data: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--gold", required=True)
    parser.add_argument("--index-dir", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--replies", default="bench_runs/smollm2-replies")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    with llama_server() as upstream, recording_proxy(upstream, Path(args.replies)) as url:
        os.environ.update(OPENAI_BASE_URL=url, OPENAI_API_KEY="not-needed")
        settings = Settings(index_dir=args.index_dir, llm="openai", llm_model="smollm2",
                            llm_timeout=3600, **SMALL_MODEL)
        run = evaluate(Assistant(settings=settings), args.corpus, args.gold, out_dir=args.out,
                       limit=args.limit, progress=True)
    print(run.report)


if __name__ == "__main__":
    main()
