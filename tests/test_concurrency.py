"""Many users at once: 20 threads asking, questions asked while an ingest runs, two ingest
processes on one index."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import clean_env
from llm_servers import free_port
from test_crashes import article, write

from rag import Assistant, Settings

pytestmark = pytest.mark.slow

QUESTIONS = [
    "How many countries signed the joint statement?",
    "Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?",
    "What did Vietnam call on the international community to do?",
    "Phiên họp cấp cao của Liên hợp quốc bàn về vấn đề gì?",
    "Who is Guy Ryder?",
    "What is the capital of Peru?",
    "How many rooms does the new library in Hanoi have?",
    "Which city opened a new stadium?",
    "Thành phố nào mở bảo tàng mới?",
    "How much did the bridge in Hue cost?",
]


def test_twenty_questions_at_once_match_the_same_questions_one_at_a_time(sample_index):
    assistant = sample_index.assistant
    questions = (QUESTIONS * 2)[:20]
    started = time.perf_counter()
    alone = [assistant.ask(q).to_dict() for q in questions]
    one_at_a_time = time.perf_counter() - started
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=20) as pool:
        together = list(pool.map(lambda q: assistant.ask(q).to_dict(), questions))
    print(f"20 questions: {one_at_a_time:.2f} s one at a time, "
          f"{time.perf_counter() - started:.2f} s from 20 threads")
    assert together == alone


def test_questions_during_an_ingest_see_the_index_before_or_after_it(tmp_path, sample_corpus,
                                                                     embedder):
    """Readers keep asking while an ingest adds 40 articles (several embedding groups); every
    answer must be exactly the answer before the ingest or the one after it."""
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus, corpus)
    assistant = Assistant(settings=Settings(index_dir=str(tmp_path / "index")), embedder=embedder)
    assistant.ingest(corpus)
    before = {q: assistant.ask(q).to_dict() for q in QUESTIONS}
    for k in range(40):
        (corpus / f"new{k:02d}.txt").write_text(article(k), encoding="utf-8")

    seen: list[tuple[str, dict, bool]] = []
    errors: list[BaseException] = []
    ingesting = threading.Event()
    done = threading.Event()

    def ask_until_done(offset: int) -> None:
        k = offset
        while not done.is_set():
            question = QUESTIONS[k % len(QUESTIONS)]
            during = ingesting.is_set()
            try:
                seen.append((question, assistant.ask(question).to_dict(), during))
            except BaseException as exc:  # noqa: BLE001 - any failure is the finding
                errors.append(exc)
            k += 1

    readers = [threading.Thread(target=ask_until_done, args=(i,)) for i in range(4)]
    for reader in readers:
        reader.start()
    ingesting.set()
    report = assistant.ingest(corpus)
    ingesting.clear()
    time.sleep(0.5)
    done.set()
    for reader in readers:
        reader.join(60)
    after = {q: assistant.ask(q).to_dict() for q in QUESTIONS}

    print(f"ingest of 40 articles: {report.seconds:.1f} s; {len(seen)} answers, "
          f"{sum(during for _, _, during in seen)} of them asked during the ingest")
    assert not errors, errors[:3]
    assert len(report.added) == 40
    assert sum(during for _, _, during in seen) >= 4  # questions really overlapped the ingest
    assert any(before[q] != after[q] for q in QUESTIONS)  # the ingest changes some answers
    half = [(q, a) for q, a, _ in seen if a not in (before[q], after[q])]
    assert not half, half[:1]


def test_two_ingest_processes_one_waits_or_refuses_and_nothing_is_corrupted(tmp_path, embedder):
    corpus = write(tmp_path / "corpus", {f"n{k:02d}.txt": article(k) for k in range(60)})
    index = tmp_path / "index"

    def ingest(wait: float) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "rag.cli", "ingest", str(corpus), "--index-dir", str(index),
             "--quiet"],
            env={**clean_env(), "NEWSRAG_LOCK_TIMEOUT": str(wait)}, cwd=tmp_path,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    # the first may wait: `_locked` takes the lock for an instant to see whether it is held, and
    # a first ingest that asked for it in that instant would be refused (a flaky failure)
    first = ingest(30)
    deadline = time.monotonic() + 120
    while not _locked(index) and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    impatient = ingest(0.5)
    patient = ingest(300)
    out, err = impatient.communicate(timeout=120)
    assert impatient.returncode == 1 and out == ""
    assert err.splitlines() == [
        f"newsrag: error: another ingest is writing to the index at {index} (waited 0.5 s): "
        "run this one when it has finished"
    ]
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert out.startswith("added 60, updated 0, removed 0, unchanged 0")
    out, err = patient.communicate(timeout=300)
    assert patient.returncode == 0, err
    assert out.startswith("added 0, updated 0, removed 0, unchanged 60")  # it waited its turn

    a = Assistant(settings=Settings(index_dir=str(index)), embedder=embedder)
    assert len(a.store.indexed_files()) == 60 and len(a.lexical_index()) == a.store.count()
    assert a.store.count() == 60  # one chunk per article, none twice


def _locked(index) -> bool:
    """Whether some process holds the index's ingest lock right now."""
    import portalocker

    from rag.index.locking import INGEST_LOCK

    try:
        with open(index / INGEST_LOCK, "a+b") as handle:
            portalocker.lock(handle, portalocker.LockFlags.EXCLUSIVE
                             | portalocker.LockFlags.NON_BLOCKING)
    except portalocker.AlreadyLocked:
        return True
    except FileNotFoundError:
        return False
    return False


def test_twenty_questions_at_once_through_the_running_ui(sample_index):
    """20 browser sessions (Gradio's HTTP API, one client each) ask at once: the answers shown are
    the ones the same questions get one at a time, and none is an error."""
    gradio_client = pytest.importorskip("gradio_client")
    from ui.app import serve

    port = free_port()
    app = serve(sample_index.assistant, port=port, block=False)
    url = f"http://127.0.0.1:{port}/"

    def ask(question: str) -> str:
        client = gradio_client.Client(url, verbose=False)
        _, messages = client.predict(question, None, None, "", api_name="/respond")
        content = messages[-1]["content"]  # Gradio 6: a list of {"type": "text", "text": html}
        return "".join(part["text"] for part in content) if isinstance(content, list) else content

    try:
        questions = (QUESTIONS * 2)[:20]
        started = time.perf_counter()
        alone = [ask(q) for q in questions]
        one_at_a_time = time.perf_counter() - started
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=20) as pool:
            together = list(pool.map(ask, questions))
        print(f"20 UI questions: {one_at_a_time:.2f} s one at a time, "
              f"{time.perf_counter() - started:.2f} s from 20 sessions at once")
    finally:
        app.close()
    assert together == alone
    assert all('class="nr-answer' in html and "nr-error" not in html for html in together)
