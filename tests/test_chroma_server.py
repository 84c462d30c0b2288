"""The same newsrag against a real `chroma run` on loopback: ingest, incremental re-ingest, ask,
eval; a dead URL, a malformed URL and a server that refuses the token give one-line errors."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import EN_ARTICLE, clean_env

from rag import Assistant, Settings

pytestmark = pytest.mark.slow

MISSION = "How many countries signed the joint statement?"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_url(tmp_path_factory):
    """A real Chroma server (`chroma run`, shipped with chromadb) on a free loopback port."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path_factory.mktemp("chroma-data")),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        assert server.poll() is None, "chroma run exited"
        time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def corpus(tmp_path, sample_corpus):
    folder = tmp_path / "corpus"
    shutil.copytree(sample_corpus, folder)
    return folder


def test_ingest_reingest_and_ask_through_the_server(cli, chroma_url, corpus, tmp_path,
                                                    check_citations):
    index_dir = tmp_path / "local"  # holds only the BM25 state in server mode
    base = ["--chroma-url", chroma_url, "--index-dir", index_dir]
    first = cli("ingest", corpus, *base, "--quiet")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("added 2, updated 0, removed 0, unchanged 0")
    assert not (index_dir / "chroma.sqlite3").exists()  # the vectors live on the server

    again = cli("ingest", corpus, *base, "--quiet")
    assert again.stdout.startswith(
        "added 0, updated 0, removed 0, unchanged 2, skipped 0; 0 chunks")

    asked = cli("ask", MISSION, "--json", *base)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert "43" in answer["answer"] and not answer["abstained"]
    check_citations(corpus, answer["citations"])

    # a changed article is re-indexed (vectors and BM25 alike) and only it
    with open(corpus / EN_ARTICLE, "a", encoding="utf-8") as handle:
        handle.write("\nThe signing ceremony was held at the Hanoi Opera House on a rainy day.\n")
    changed = cli("ingest", corpus, *base, "--quiet")
    assert changed.stdout.startswith("added 0, updated 1, removed 0, unchanged 1")
    found = cli("ask", "Where was the signing ceremony held?", "--json", "--retriever", "bm25",
                *base)
    top = json.loads(found.stdout)
    assert top["retrieved"][0] == EN_ARTICLE and "Opera House" in top["answer"]

    env = {**clean_env(), "NEWSRAG_CHROMA_URL": chroma_url}  # the variable works like the option
    via_env = cli("ask", MISSION, "--json", "--index-dir", index_dir, env=env)
    assert json.loads(via_env.stdout)["citations"] == answer["citations"]



def test_api_and_eval_on_the_server(chroma_url, corpus, tmp_path, embedder, repo_root):
    settings = Settings(index_dir=str(tmp_path / "local"), chroma_url=chroma_url, llm="extractive")
    assistant = Assistant(settings=settings, embedder=embedder)
    assistant.ingest(corpus)
    assert assistant.store.url == chroma_url and assistant.stats()["articles"] == 2
    # a second process-like client sees the same index, and BM25 comes from its own sync
    other = Assistant(settings=settings.merged({"index_dir": str(tmp_path / "elsewhere")}, "test"),
                      embedder=embedder)
    assert other.ask(MISSION).citations == assistant.ask(MISSION).citations
    assert {c.lang for c in other.ask(MISSION, lang="vi").citations} == {"vi"}  # filters too

    from rag.evaluate.run import evaluate

    run = evaluate(assistant, corpus, repo_root / "data" / "gold_qa.jsonl",
                   out_dir=tmp_path / "eval", limit=5, progress=False)
    assert (tmp_path / "eval" / "metrics.json").is_file() and "hit@1" in run.report


def test_a_dead_server_is_one_line_naming_the_url(cli, tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    for args in (["ask", MISSION], ["ingest", tmp_path, "--quiet"]):
        done = cli(*args, "--chroma-url", url, "--index-dir", tmp_path / "local")
        assert done.returncode == 1
        assert done.stderr == (f"newsrag: error: Chroma server at {url}: cannot connect "
                               "(is `chroma run` up at that address?)\n")


def test_a_malformed_url_names_the_setting(cli, tmp_path):
    done = cli("ask", MISSION, "--chroma-url", "localhost:8000")
    assert done.returncode == 1
    assert done.stderr == ("newsrag: error: setting 'chroma_url' must look like http://host:port,"
                           " got 'localhost:8000'\n")


class RefusingServer(http.server.BaseHTTPRequestHandler):
    """A secured endpoint that refuses every request, recording the headers it was sent.

    `chroma run` has no token auth of its own (deployments put it behind a proxy that checks
    one), so this stands in for that proxy."""

    seen: list[dict] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        RefusingServer.seen.append(dict(self.headers))
        body = b'{"error":"Unauthorized"}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.mark.parametrize("header, expected", [
    ("", ("Authorization", "Bearer s3cret-token")),
    ("X-Chroma-Token", ("X-Chroma-Token", "s3cret-token")),
])
def test_the_token_is_sent_and_a_refusal_is_clear(cli, tmp_path, header, expected):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RefusingServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    env = {**clean_env(), "NEWSRAG_CHROMA_TOKEN": "s3cret-token"}
    if header:
        env["NEWSRAG_CHROMA_AUTH_HEADER"] = header
    RefusingServer.seen.clear()
    try:
        done = cli("ask", MISSION, "--chroma-url", url, env=env)
    finally:
        server.shutdown()
    assert done.returncode == 1
    assert done.stderr == (f"newsrag: error: Chroma server at {url}: the server refused our "
                           "credentials: check chroma_token / chroma_auth_header\n")
    assert "s3cret" not in done.stdout + done.stderr
    assert RefusingServer.seen and RefusingServer.seen[0].get(expected[0]) == expected[1]
