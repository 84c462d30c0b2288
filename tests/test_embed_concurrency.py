"""Ingest through a remote embeddings endpoint (tests/embedding_server.py, a real HTTP server on
127.0.0.1 that answers after a latency and counts what it receives): full requests, several in
flight and never more than `embed_concurrency`, vectors back in their texts' order, 429s honoured,
a token budget paced to, a failing endpoint stopping the ingest with what was written kept, and
kill -9 mid-ingest then re-ingest equal to a clean ingest."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import clean_env
from embedding_server import MODEL, embedding_server, vector

from rag import Assistant, NewsragError, Settings
from rag.index.openai_embedder import OpenAICompatibleEmbedder, TokenBudget

CITIES = ["Hanoi", "Hue", "Da Nang", "Can Tho", "Hai Phong", "Nha Trang", "Vinh", "Da Lat",
          "Quy Nhon", "Ha Long", "Vung Tau", "Sa Pa"]
THINGS = ["library", "bridge", "hospital", "stadium", "market", "museum", "school", "port"]
QUESTIONS = [
    "How many rooms does the library in Hue have?",
    "When did the bridge in Da Nang open?",
    "How many people a week will the hospital in Can Tho serve?",
    "Bảo tàng mới ở Vinh có bao nhiêu phòng?",
]
ARTICLES = 48


def article(k: int) -> str:
    city, thing = CITIES[k % len(CITIES)], THINGS[k % len(THINGS)]
    return (f" date 2025-0{1 + k % 9}-1{k % 10} {city} opened a new {thing} on Monday after "
            f"{k + 2} years of work. The {thing} has {k + 3} rooms and cost {k + 7} million "
            f"dollars. Officials in {city} said the {thing} would serve {1000 * (k + 1)} people a"
            " week.\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("remote") / "corpus"
    root.mkdir()
    for k in range(ARTICLES):
        (root / f"a{k:02d}.txt").write_text(article(k), encoding="utf-8")
    return root


def remote(index: Path, url: str, **more: object) -> Settings:
    """An index embedded through the endpoint at `url`, 8 texts (two articles) a request,
    written every 64 texts (so calibration is measured twice, not five times)."""
    values = dict(index_dir=str(index), llm="extractive", embed="openai", embed_base_url=url,
                  embed_model=MODEL, embed_input_type=True, embed_batch=8, embed_concurrency=4,
                  ingest_batch=64)
    return Settings(**{**values, **more})


def snapshot(assistant: Assistant) -> dict:
    """What must match between two ingests of the corpus: rows, manifest, answers."""
    store = assistant.store
    chunks = sorted(store.iter_chunks(), key=lambda c: c.id)
    return {
        "chunks": [(c.id, c.file, c.start, c.end, c.sentences, c.text) for c in chunks],
        "rows": sorted((c.name, c.count()) for c in store.client.list_collections()),
        "manifest": store.indexed_files(),
        "answers": [assistant.ask(q).to_dict() for q in QUESTIONS],
    }


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> dict:
    """A clean ingest with one request at a time, no refusals: the reference."""
    with embedding_server(latency=0.05) as endpoint:
        assistant = Assistant(settings=remote(tmp_path_factory.mktemp("clean") / "index",
                                              endpoint.url, embed_concurrency=1))
        report = assistant.ingest(corpus)
        assert len(report.added) == ARTICLES and endpoint.max_in_flight == 1
        return snapshot(assistant)


@pytest.mark.slow
def test_requests_are_full_several_in_flight_and_vectors_in_order(corpus, clean, tmp_path):
    with embedding_server(latency=0.3) as endpoint:
        assistant = Assistant(settings=remote(tmp_path / "index", endpoint.url))
        assistant.ingest(corpus)
        passages = [texts for kind, texts in endpoint.inputs if kind == "passage"]
        assert len(passages) >= ARTICLES // 2 and all(len(t) <= 8 for t in passages)
        assert sum(len(t) == 8 for t in passages) >= len(passages) - 1  # full, but the last
        assert 3 <= endpoint.max_in_flight <= 4  # requests at once, never more than allowed
        stored = assistant.store.get_chunks([c.id for c in assistant.store.iter_chunks()])
        for chunk, row in stored.values():  # each vector is its own text's, not a neighbour's
            assert np.allclose(row, vector(chunk.text), atol=1e-3)
        assert snapshot(assistant) == clean


@pytest.mark.slow
def test_every_fifth_request_refused_with_retry_after_still_indexes_all(corpus, clean, tmp_path):
    with embedding_server(latency=0.05, refuse_every=5, retry_after="1") as endpoint:
        assistant = Assistant(settings=remote(tmp_path / "index", endpoint.url))
        started = time.perf_counter()
        report = assistant.ingest(corpus)
        assert endpoint.refused >= 3 and time.perf_counter() - started >= 1.0  # it waited
        assert len(report.added) == ARTICLES and not report.skipped
        assert snapshot(assistant) == clean


def test_token_budget_paces_requests():
    now = [100.0]
    budget = TokenBudget(60_000, clock=lambda: now[0])  # 1,000 tokens a second
    assert [budget.reserve(500), budget.reserve(1000), budget.reserve(500)] == [0.0, 0.5, 1.5]
    now[0] += 10
    assert budget.reserve(10) == 0.0  # an idle budget does not bank more than one request
    with pytest.raises(NewsragError, match="embed_tokens_per_minute"):
        TokenBudget(0)


@pytest.mark.slow
def test_ingest_under_a_token_budget_slows_down_instead_of_failing(corpus, tmp_path):
    with embedding_server(latency=0.0) as endpoint:
        assistant = Assistant(settings=remote(tmp_path / "index", endpoint.url,
                                              embed_tokens_per_minute=120_000))
        started = time.perf_counter()
        assistant.ingest(corpus)
        seconds = time.perf_counter() - started
        traffic = assistant.embedder.traffic
        assert traffic.tokens > 4_000 and traffic.waited > 0
        # the first request goes at once, then 2,000 tokens a second, whatever the concurrency
        assert seconds >= (traffic.tokens - 200) / 2_000


def test_requests_are_cut_by_texts_and_tokens_sent_at_once_and_put_back_in_order():
    import openai

    with embedding_server(latency=0.2) as endpoint:
        client = openai.OpenAI(api_key="not-needed", base_url=endpoint.url, max_retries=0)
        embedder = OpenAICompatibleEmbedder(client, MODEL, batch_size=4, batch_tokens=40,
                                            concurrency=3)
        texts = [f"text {i} " + "word " * (5 * (i % 7)) for i in range(24)]
        rows = embedder.embed_passages(texts)
        assert np.allclose(rows, [vector(t) for t in texts], atol=1e-3)
        sent = [batch for _, batch in endpoint.inputs]
        for batch in sent:
            tokens = sum(embedder.count_tokens(t) for t in batch)
            assert len(batch) <= 4 and (tokens <= 40 or len(batch) == 1)
        assert len(sent) > len(texts) // 4  # the token budget cut some requests short
        assert embedder.traffic.max_in_flight == 3 and 2 <= endpoint.max_in_flight <= 3


def test_settings_refuse_no_requests_at_once():
    with pytest.raises(NewsragError, match="embed_concurrency"):
        Settings(embed_concurrency=0).check()
    with pytest.raises(NewsragError, match="embed_batch"):
        Settings.load(embed_batch="0")


@pytest.mark.slow
def test_failing_endpoint_stops_with_one_line_keeps_what_was_written_and_resumes(
        corpus, clean, tmp_path):
    poison = " 42 years of work"  # in a late article only: those before it are written
    assert [k for k in range(ARTICLES) if poison in article(k)] == [40]
    with embedding_server(latency=0.05, fail_when=poison) as endpoint:
        assistant = Assistant(settings=remote(tmp_path / "index", endpoint.url))
        with pytest.raises(NewsragError) as failed:
            assistant.ingest(corpus)
        message = str(failed.value)
        assert endpoint.url.rstrip("/") in message and "\n" not in message and "503" in message
        written = assistant.store.indexed_files()
        assert 16 <= len(written) < ARTICLES and "a40.txt" not in written
        committed = {c.text for c in assistant.store.iter_chunks()}

        endpoint.fail_when = ""  # the endpoint recovers
        endpoint.reset()
        report = Assistant(settings=remote(tmp_path / "index", endpoint.url)).ingest(corpus)
        assert sorted(report.added) == sorted(f"a{k:02d}.txt" for k in range(ARTICLES)
                                              if f"a{k:02d}.txt" not in written)
        assert not committed & set(endpoint.passages())  # nothing written is embedded again
    with embedding_server(latency=0.0) as endpoint:  # the same vectors from a fresh server
        assert snapshot(Assistant(settings=remote(tmp_path / "index", endpoint.url))) == clean


@pytest.mark.slow
def test_killed_concurrent_ingest_then_rerun_equals_a_clean_ingest(corpus, clean, tmp_path):
    index = tmp_path / "index"
    with embedding_server(latency=0.2) as endpoint:
        env = clean_env() | {
            "NEWSRAG_INDEX_DIR": str(index), "NEWSRAG_LLM": "extractive",
            "NEWSRAG_EMBED": "openai", "NEWSRAG_EMBED_BASE_URL": endpoint.url,
            "NEWSRAG_EMBED_MODEL": MODEL, "NEWSRAG_EMBED_INPUT_TYPE": "true",
            "NEWSRAG_EMBED_BATCH": "8", "NEWSRAG_EMBED_CONCURRENCY": "4",
            "NEWSRAG_INGEST_BATCH": "64"}
        process = subprocess.Popen([sys.executable, "-m", "rag.cli", "ingest", str(corpus),
                                    "--quiet"], env=env, cwd=tmp_path)
        # 24 passage requests in all; ingest hands on each answer in order and queues at most
        # 9, so once 18 are answered at least 9 groups (18 articles) have reached the writer,
        # which writes every 16 articles
        while len(endpoint.passages()) < 18 * 8 and process.poll() is None:
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait() == -signal.SIGKILL  # killed mid-ingest, not finished
        assistant = Assistant(settings=remote(index, endpoint.url))
        assert 0 < len(assistant.store.indexed_files()) < ARTICLES
        report = assistant.ingest(corpus)
        assert not report.skipped and report.added
        assert snapshot(assistant) == clean
        assert snapshot(Assistant(settings=remote(index, endpoint.url))) == clean


@pytest.mark.slow
def test_progress_bar_shows_texts_per_second_and_requests_in_flight(corpus, tmp_path, capsys):
    with embedding_server(latency=0.2) as endpoint:
        Assistant(settings=remote(tmp_path / "index", endpoint.url)).ingest(corpus, progress=True)
    shown = capsys.readouterr().err
    assert "texts/s" in shown and "requests in flight" in shown
