"""Secrets and exposure: an API key echoed back by a failing server never reaches the terminal, the
logs, eval outputs or the UI; the UI listens on 127.0.0.1 only unless told otherwise."""

from __future__ import annotations

import json
import logging
import socket

import pytest
from conftest import clean_env
from llm_servers import free_port, scripted_server

from rag import Assistant, NewsragError, Settings
from rag.errors import MASK, redact

KEY = "sk-newsrag-FAKE-0123456789abcdef"
# a server that echoes the key it was sent, as some proxies and older servers do
ECHO = json.dumps({"error": {"message": f"Incorrect API key provided: {KEY}. Check your key."}})
MISSION = "How many countries signed the joint statement?"


def test_redact_masks_secret_environment_values(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("NEWSRAG_UI_AUTH", "ann:s3cret-Pw")
    monkeypatch.setenv("SHORT_TOKEN", "x")
    assert redact(f"key {KEY}, login ann:s3cret-Pw, x marks") == (
        f"key {MASK}, login {MASK}, x marks")
    assert str(NewsragError(f"server said {KEY}")) == f"server said {MASK}"


@pytest.fixture
def echoing_server():
    with scripted_server(401, ECHO) as server:
        yield server


def env_for(server) -> dict[str, str]:
    return {**clean_env(), "OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": server.url}


@pytest.mark.slow
@pytest.mark.parametrize("llm", ["openai", "auto"])
def test_cli_never_prints_the_key(sample_index, echoing_server, cli, llm):
    result = cli("ask", MISSION, "--index-dir", sample_index.index_dir, "--llm", llm,
                 env=env_for(echoing_server))
    assert echoing_server.requests, "the LLM server was never called"
    assert KEY not in result.stdout + result.stderr
    assert "HTTP 401: Incorrect API key provided: ***" in result.stderr
    assert result.returncode == (1 if llm == "openai" else 0)


@pytest.mark.slow
def test_eval_outputs_never_hold_the_key(sample_index, echoing_server, cli, repo_root, tmp_path):
    out = tmp_path / "run"
    gold = repo_root / "data/gold_qa.jsonl"
    result = cli("eval", "--corpus", sample_index.corpus, "--gold", gold,
                 "--index-dir", sample_index.index_dir, "--out", out, "--limit", "3", "--quiet",
                 "--llm", "auto", env=env_for(echoing_server))
    assert result.returncode == 0, result.stderr
    written = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert set(written) >= {"results.jsonl", "metrics.json", "report.md"}
    assert "Incorrect API key provided: ***" in written["results.jsonl"]  # the warning is kept...
    for text in [*written.values(), result.stdout, result.stderr]:
        assert KEY not in text  # ...without the key


@pytest.mark.slow
def test_logs_never_hold_the_key(sample_index, echoing_server, embedder, monkeypatch, caplog):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", echoing_server.url)
    caplog.set_level(logging.DEBUG)
    assistant = Assistant(settings=Settings(index_dir=str(sample_index.index_dir), llm="auto",
                                            llm_retries=0), embedder=embedder)
    answer = assistant.ask(MISSION)
    assert any("HTTP 401" in w for w in answer.warnings)
    assert caplog.records and KEY not in caplog.text
    assert KEY not in json.dumps(answer.to_dict())


@pytest.mark.slow
def test_ui_never_shows_the_key(sample_index, echoing_server, embedder, monkeypatch):
    gradio_client = pytest.importorskip("gradio_client")
    from ui.app import serve

    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", echoing_server.url)
    assistant = Assistant(settings=Settings(index_dir=str(sample_index.index_dir), llm="openai",
                                            llm_retries=0), embedder=embedder)
    port = free_port()
    app = serve(assistant, port=port, block=False)
    try:
        client = gradio_client.Client(f"http://127.0.0.1:{port}/", verbose=False)
        result = client.predict(MISSION, None, None, "", api_name="/respond")
        page = json.dumps(result, ensure_ascii=False)
        assert "HTTP 401: Incorrect API key provided: ***" in page
        assert KEY not in page
    finally:
        app.close()


def _outward_address() -> str | None:
    """This machine's address on its default route (no packet is sent), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


@pytest.mark.slow
def test_ui_listens_on_localhost_only_by_default(sample_index):
    from ui.app import serve

    port = free_port()
    app = serve(sample_index.assistant, port=port, block=False)  # no host given
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        outward = _outward_address()
        if outward is None:
            pytest.skip("no non-loopback address to try")
        with pytest.raises(OSError):
            socket.create_connection((outward, port), timeout=2).close()
    finally:
        app.close()
