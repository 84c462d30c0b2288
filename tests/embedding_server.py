"""A real OpenAI-compatible embeddings server on 127.0.0.1 that behaves like a hosted API: every
request is answered after a fixed latency, many at once, and it can refuse some with 429 and
Retry-After, or fail from some request on. It counts what it receives (requests, texts, requests
in flight at once) and keeps each request's inputs.

Vectors are hashed bags of words: deterministic from the text (answers can be compared run to run)
and similar for texts that share words (retrieval still means something), with no model to run.
`python tests/embedding_server.py --latency 0.3` serves one until interrupted.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

DIM = 384
MODEL = "hashed-words-384"
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=200_000)
def _feature(word: str) -> tuple[int, float]:
    digest = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest())
    return digest % DIM, 1.0 if digest >> 63 else -1.0


def vector(text: str) -> np.ndarray:
    """The text's unit vector: its words hashed into DIM signed buckets (the whole text's hash
    as one more word, so no text gets a zero vector)."""
    row = np.zeros(DIM, dtype=np.float32)
    for word in [*_WORD.findall(text.lower()), "\0" + text]:
        index, sign = _feature(word)
        row[index] += sign
    return row / np.linalg.norm(row)


@dataclass
class Endpoint:
    """How the server behaves, and what it has seen."""

    latency: float = 0.3  # seconds before each answer
    refuse_every: int = 0  # refuse every n-th request with 429 (0: none)
    retry_after: str = "1"
    fail_from: int = 0  # answer 503 to this request and every later one (0: never)
    fail_when: str = ""  # answer 503 to every request with a text holding this
    url: str = ""
    requests: int = 0
    refused: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    inputs: list[tuple[str, list[str]]] = field(default_factory=list)  # (input_type, texts)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def texts(self) -> int:
        return sum(len(texts) for _, texts in self.inputs)

    def passages(self) -> list[str]:
        """Every text embedded as a passage, in the order the answers went out."""
        return [t for kind, texts in self.inputs if kind != "query" for t in texts]

    def reset(self) -> None:
        with self.lock:
            self.requests = self.refused = self.max_in_flight = 0
            self.inputs = []


def _answer(endpoint: Endpoint, request: dict) -> tuple[int, dict, dict[str, str]]:
    """Status, body and headers for one request (the count decides refusals and failures)."""
    with endpoint.lock:
        endpoint.requests += 1
        n = endpoint.requests
    texts = request["input"] if isinstance(request["input"], list) else [request["input"]]
    poisoned = endpoint.fail_when and any(endpoint.fail_when in t for t in texts)
    if poisoned or (endpoint.fail_from and n >= endpoint.fail_from):
        return 503, {"error": {"message": "overloaded", "type": "server_error"}}, {}
    if endpoint.refuse_every and n % endpoint.refuse_every == 0:
        with endpoint.lock:
            endpoint.refused += 1
        return 429, {"error": {"message": "rate limit", "type": "rate_limit_error"}}, {
            "Retry-After": endpoint.retry_after}
    time.sleep(endpoint.latency)
    as_base64 = request.get("encoding_format") == "base64"
    data = []
    for i, text in enumerate(texts):
        row = vector(text)
        data.append({"object": "embedding", "index": i, "embedding": (
            base64.b64encode(row.tobytes()).decode() if as_base64 else row.tolist())})
    with endpoint.lock:
        endpoint.inputs.append((request.get("input_type", ""), list(texts)))
    tokens = sum(len(_WORD.findall(t)) for t in texts)
    return 200, {"object": "list", "data": data, "model": request.get("model", MODEL),
                 "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}, {}


@contextmanager
def embedding_server(**behaviour: object) -> Iterator[Endpoint]:
    """Serve /v1/embeddings on a free port until the block ends; yields the `Endpoint`."""
    endpoint = Endpoint(**behaviour)  # type: ignore[arg-type]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a hosted API

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with endpoint.lock:
                endpoint.in_flight += 1
                endpoint.max_in_flight = max(endpoint.max_in_flight, endpoint.in_flight)
            try:
                status, body, headers = _answer(endpoint, json.loads(raw or b"{}"))
                payload = json.dumps(body).encode()
                self.send_response(status)
                for key, value in {**headers, "Content-Type": "application/json"}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            finally:
                with endpoint.lock:
                    endpoint.in_flight -= 1

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    endpoint.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    try:
        yield endpoint
    finally:
        httpd.shutdown()
        httpd.server_close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--refuse-every", type=int, default=0)
    args = parser.parse_args()
    with embedding_server(latency=args.latency, refuse_every=args.refuse_every) as served:
        print(served.url, flush=True)
        try:
            while True:
                time.sleep(5)
                print(f"{served.requests} requests, {served.texts} texts, at most "
                      f"{served.max_in_flight} in flight", flush=True)
        except KeyboardInterrupt:
            pass
