"""The chat UI in a real headless Chromium over a real index of the sample corpus."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import clean_env

pytest.importorskip("gradio")
playwright = pytest.importorskip("playwright.sync_api")

from rag import Assistant, Settings
from rag.answer.base import final_answer
from rag.answer.extractive import ExtractiveAnswerer
from rag.ingest.uploads import read_upload_log
from ui.app import build_app, launch_options, serve
from ui.guard import READ_ONLY_MESSAGE
from ui.serving import ServingPolicy
from ui.users import add_user

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore:.*:Warning:gradio")
slow = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
MISSION = "How many countries signed the joint statement?"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    """The app on a free port, over an index of a copy of the sample corpus (uploads land there)."""
    base = tmp_path_factory.mktemp("ui")
    corpus = base / "corpus"
    shutil.copytree(REPO / "data" / "articles", corpus)
    assistant = Assistant(index_dir=base / "index", embedder=embedder)
    assistant.ingest(corpus)
    app = build_app(assistant)
    app.queue()
    port = _free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
               **launch_options())
    yield {"url": f"http://127.0.0.1:{port}/", "corpus": corpus, "files": base / "uploads"}
    app.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (make test installs it)")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(server, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server["url"])
    page.wait_for_selector("#nr-question textarea")
    yield page
    context.close()


def ask(page, question: str, turn: int = 1):
    """Type a question, send it, and return the locator of the finished answer."""
    page.fill("#nr-question textarea", question)
    page.click("#nr-send")
    answer = page.locator("#nr-chat .nr-answer:has(.nr-meta)").nth(turn - 1)
    answer.wait_for()
    return answer


def upload(page, *paths: Path):
    """Drop files on the corpus panel and wait for the ingest result."""
    page.get_by_role("tab", name="Corpus").click()
    page.set_input_files("#nr-upload input[type=file]", [str(p) for p in paths])
    result = page.locator("#nr-ingest .nr-ingest")
    result.wait_for()
    return result


def shot(page, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def write(folder: Path, name: str, data: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def start_cli_ui(args: list[str], env: dict[str, str] | None = None,
                 host: str = "127.0.0.1") -> tuple[subprocess.Popen, str]:
    """`newsrag ui ARGS --host HOST` on a free port, once it answers on 127.0.0.1; its stdout and
    stderr together in proc.stdout."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "ui", "--host", host, "--port", str(port), *args],
        env={**clean_env(), "PYTHONPATH": str(REPO), "GRADIO_ANALYTICS_ENABLED": "False",
             **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return proc, url
        except urllib.error.HTTPError:  # it answers (a login wall says 401 to a bare GET)
            return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"newsrag ui did not start: {proc.communicate()[0]}")
            time.sleep(0.3)


def stop(proc: subprocess.Popen) -> str:
    """Stop a server started by `start_cli_ui`; what it printed."""
    proc.terminate()
    return proc.communicate(timeout=30)[0]


def log_in(page, url: str, user: str, password: str) -> None:
    page.goto(url)
    page.get_by_label("username").fill(user)
    page.get_by_label("password").fill(password)
    page.get_by_role("button", name="Login").click()
    page.wait_for_selector("#nr-question textarea")


@slow
def test_empty_state_offers_examples_in_both_languages(page):
    examples = page.locator("#nr-chat").get_by_role("button")
    playwright.expect(page.locator("#nr-chat")).to_contain_text(MISSION)
    playwright.expect(page.locator("#nr-chat")).to_contain_text("Việt Nam cùng bao nhiêu nước")
    assert examples.count() >= 2
    playwright.expect(page.locator("#nr-head")).to_contain_text("2 articles")
    shot(page, "desktop-empty")

    page.locator("#nr-chat button.example", has_text="Việt Nam cùng bao nhiêu nước").click()
    answer = page.locator("#nr-chat .nr-answer:has(.nr-meta)").first
    playwright.expect(answer.locator(".nr-text")).to_contain_text("43")


@slow
def test_mission_question_cites_dated_sources_and_opens_the_quote(page):
    answer = ask(page, MISSION)
    playwright.expect(answer.locator(".nr-text")).to_contain_text("43")
    total = answer.locator("strong.nr-short")  # the total asked for, in bold, saying how
    playwright.expect(total).to_have_text("44")
    playwright.expect(total).to_have_attribute("title", "Vietnam + 43 = 44")
    card = answer.locator("button.nr-card").first
    playwright.expect(card.locator(".nr-card-file")).to_have_text(re.compile(r"^00[01]_\w+\.txt$"))
    playwright.expect(card.locator(".nr-card-date")).to_have_text(re.compile(r"^2025-11-2[67]$"))
    playwright.expect(answer.locator(".nr-backend")).to_have_text("extractive")
    quote = card.locator(".nr-card-quote").inner_text().strip("“”")

    card.click()
    mark = page.locator("#nr-source mark.nr-cited")
    playwright.expect(mark).to_be_visible()
    playwright.expect(mark).to_be_in_viewport()
    assert mark.inner_text() == quote
    playwright.expect(page.locator("#nr-source .nr-article-file")).to_have_text(
        card.locator(".nr-card-file").inner_text()
    )
    shot(page, "desktop-answer-with-source")


@slow
def test_follow_up_and_date_filter(page):
    ask(page, MISSION)
    page.get_by_text("Filters: dates and language").click()
    page.fill("#nr-since input", "2025-11-27")
    page.keyboard.press("Enter")
    answer = ask(page, "Which joint statement did Vietnam join?", turn=2)
    dates = answer.locator(".nr-card-date").all_inner_texts()
    assert dates and set(dates) == {"2025-11-27"}


@slow
def test_a_follow_up_shows_its_rewrite_and_a_new_conversation_forgets(page):
    ask(page, MISSION)
    ask(page, "Who presented it?", turn=2)
    rewrite = page.locator("#nr-chat .nr-standalone")
    playwright.expect(rewrite).to_have_count(1)
    playwright.expect(rewrite).to_contain_text("↳ Who presented it (")
    playwright.expect(rewrite).to_contain_text("joint statement")
    ARTIFACTS.mkdir(exist_ok=True)
    rewrite.locator("xpath=..").screenshot(path=str(ARTIFACTS / "follow-up-rewrite.png"))
    ask(page, "And who is the head of IOM in Vietnam?", turn=3)  # stands alone: no rewrite
    playwright.expect(rewrite).to_have_count(1)
    page.click("#nr-new-chat")
    playwright.expect(page.locator("#nr-chat .nr-answer")).to_have_count(0)
    ask(page, "Who presented it?")  # no conversation to lean on any more
    playwright.expect(rewrite).to_have_count(0)


@slow
def test_abstention_shows_a_banner(page):
    answer = ask(page, "What is the capital of Peru?")
    playwright.expect(answer.locator(".nr-abstain")).to_contain_text(
        "The indexed articles do not answer this"
    )
    assert answer.locator("button.nr-card").count() == 0


@slow
def test_uploaded_article_is_indexed_and_answers(page, server):
    article = write(
        server["files"], "lotus_festival.txt",
        " date 2025-12-01 The Hue lotus festival drew 128,000 visitors this year, organisers said "
        "on Monday. The festival ran for nine days along the Perfume River.\n",
    )
    result = upload(page, article)
    playwright.expect(result.locator(".nr-ok")).to_contain_text("lotus_festival.txt")
    playwright.expect(page.locator("#nr-head")).to_contain_text("3 articles")
    assert (server["corpus"] / "lotus_festival.txt").is_file()

    answer = ask(page, "How many visitors did the Hue lotus festival draw?")
    playwright.expect(answer.locator(".nr-text")).to_contain_text("128,000")
    card = answer.locator("button.nr-card", has_text="lotus_festival.txt").first
    playwright.expect(card.locator(".nr-card-date")).to_have_text("2025-12-01")
    shot(page, "desktop-uploaded-article")


@slow
def test_binary_upload_shows_the_error_and_loses_nothing(page, server):
    before = sorted(p.name for p in server["corpus"].iterdir())
    fake_text = write(server["files"], "scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    image = write(server["files"], "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    result = upload(page, fake_text, image)
    error = result.locator(".nr-error")
    playwright.expect(error).to_contain_text("scan.txt")
    playwright.expect(error).to_contain_text("photo.png")
    playwright.expect(error).to_contain_text("not a file newsrag reads")
    assert result.locator(".nr-ok").count() == 0
    assert sorted(p.name for p in server["corpus"].iterdir()) == before
    shot(page, "desktop-binary-upload-error")

    answer = ask(page, MISSION)
    playwright.expect(answer.locator(".nr-text")).to_contain_text("43")
    total = answer.locator("strong.nr-short")  # the total asked for, in bold, saying how
    playwright.expect(total).to_have_text("44")
    playwright.expect(total).to_have_attribute("title", "Vietnam + 43 = 44")


@slow
def test_article_html_renders_as_text(page, server):
    article = write(
        server["files"], "script_article.md",
        " date 2025-12-02 The harbour authority said <script>window.__pwned = 1</script> the new "
        "<b>ferry pier</b> at Cat Ba will open with 17 berths in March.\n",
    )
    upload(page, article)
    answer = ask(page, "How many berths will the new ferry pier at Cat Ba have?")
    card = answer.locator("button.nr-card", has_text="script_article.md").first
    playwright.expect(card).to_contain_text("17 berths")
    card.click()
    body = page.locator("#nr-source .nr-article-body")
    playwright.expect(body).to_contain_text("<script>window.__pwned = 1</script>")
    playwright.expect(body).to_contain_text("<b>ferry pier</b>")
    assert page.locator("#nr-source script, #nr-source b, #nr-chat .nr-answer b").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    shot(page, "desktop-html-article-as-text")


@slow
def test_phone_width_layout(server, browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(server["url"])
        page.wait_for_selector("#nr-question textarea")
        shot(page, "phone-empty")
        answer = ask(page, MISSION)
        playwright.expect(answer.locator(".nr-text")).to_contain_text("43")
        shot(page, "phone-answer")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1
        answer.locator("button.nr-card").first.tap()
        mark = page.locator("#nr-source mark.nr-cited")
        playwright.expect(mark).to_be_visible(timeout=TIMEOUT_MS)
        playwright.expect(mark).to_be_in_viewport(timeout=TIMEOUT_MS)  # a smooth scroll, slow
        page.wait_for_timeout(800)                                     # on a busy machine  # let the smooth scroll to the panel settle for the screenshot
        shot(page, "phone-source")
    finally:
        context.close()


@slow
def test_uploaded_feed_entries_answer_and_open_at_the_quote(page, server):
    from format_samples import RSS_FEED

    result = upload(page, write(server["files"], "thudo.rss", RSS_FEED))
    playwright.expect(result.locator(".nr-ok")).to_contain_text("Indexed 2 articles")
    answer = ask(page, "Giá vàng miếng giảm bao nhiêu?")
    playwright.expect(answer.locator(".nr-text")).to_contain_text("2 triệu đồng")
    card = answer.locator("button.nr-card", has_text="thudo.rss#").first
    playwright.expect(card.locator(".nr-card-date")).to_have_text("2025-11-22")
    quote = card.locator(".nr-card-quote").inner_text().strip("“”")
    card.click()
    mark = page.locator("#nr-source mark.nr-cited")
    playwright.expect(mark).to_be_visible()
    assert mark.inner_text() == quote  # the entry's text as kept in the index, not the XML
    playwright.expect(page.locator("#nr-source")).to_contain_text("Giá vàng giảm sâu")
    playwright.expect(page.locator("#nr-source")).not_to_contain_text("<img")
    shot(page, "desktop-feed-entry-source")


@slow
def test_cli_serves_on_localhost_behind_a_login(tmp_path, browser):
    """`newsrag ui` with NEWSRAG_UI_AUTH: a login page first, the app after, the secret never shown."""
    proc, url = start_cli_ui(["--index-dir", str(tmp_path / "index")],
                             {"NEWSRAG_UI_AUTH": "ann:s3cret-Pw"})
    try:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        page.get_by_label("username").fill("ann")
        page.get_by_label("password").fill("wrong")
        page.get_by_role("button", name="Login").click()
        playwright.expect(page.get_by_text("Incorrect Credentials")).to_be_visible()
        page.get_by_label("username").fill("ann")
        page.get_by_label("password").fill("s3cret-Pw")
        page.get_by_role("button", name="Login").click()
        try:
            page.wait_for_selector("#nr-question textarea")
        finally:
            shot(page, "desktop-after-login")
        assert "s3cret-Pw" not in page.content()
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# -- on a shared host: logins, read-only, limits --------------------------------------------------

USERS = {"ann": "ann-password-1", "bob": "bob-password-2"}
SMALL_LIMITS = {"ui_max_upload_files": 3, "ui_max_upload_mb": 0.01,  # 10 KiB per upload
                "ui_max_question_chars": 300, "ui_max_questions_per_user": 2}


class HeldAnswerer:
    """The extractive answerer, except that a question containing HOLD waits for `release`: an
    answer that takes as long as the test needs, which a real answerer cannot be made to do."""

    name = "extractive"
    chat_model = None

    def __init__(self) -> None:
        self.inner = ExtractiveAnswerer()
        self.release = threading.Event()
        self.holding = threading.Semaphore(0)

    def answer(self, retrieval, sources):
        return final_answer(self.stream(retrieval, sources))

    def stream(self, retrieval, sources):
        if "HOLD" in retrieval.question:
            self.holding.release()
            self.release.wait(timeout=120)
        yield from self.inner.stream(retrieval, sources)


@pytest.fixture(scope="module")
def shared_host(tmp_path_factory, embedder):
    """The app as a newsroom runs it: bound to 0.0.0.0 behind a users file (ann, bob), with
    small limits; questions containing HOLD are held until released."""
    base = tmp_path_factory.mktemp("shared")
    corpus = base / "corpus"
    shutil.copytree(REPO / "data" / "articles", corpus)
    users = base / "users"
    for name, password in USERS.items():
        add_user(users, name, password)
    settings = Settings(index_dir=str(base / "index"), ui_users_file=str(users), **SMALL_LIMITS)
    answerer = HeldAnswerer()
    assistant = Assistant(settings=settings, embedder=embedder, answerer=answerer)
    assistant.ingest(corpus)
    port = _free_port()
    app = serve(assistant, policy=ServingPolicy.decide(settings, "0.0.0.0"), port=port,
                block=False)
    yield {"url": f"http://127.0.0.1:{port}/", "corpus": corpus, "index": base / "index",
           "files": base / "uploads", "answerer": answerer}
    answerer.release.set()
    app.close()


@pytest.fixture
def ann(shared_host, browser):
    """A desktop page logged in as ann on the shared host."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    log_in(page, shared_host["url"], "ann", USERS["ann"])
    yield page
    context.close()


def corpus_state(server) -> tuple[list[str], int]:
    """The corpus folder's files and the number of upload records: what a refusal must not touch."""
    return sorted(p.name for p in server["corpus"].iterdir()), len(read_upload_log(server["index"]))


def gradio_text(messages) -> str:
    """The last chat message's HTML from Gradio's HTTP API (Gradio 6: a list of text parts)."""
    content = messages[-1]["content"]
    return "".join(part["text"] for part in content) if isinstance(content, list) else content


@slow
def test_anonymous_start_beyond_loopback_is_refused(tmp_path):
    port = _free_port()
    result = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ui", "--host", "0.0.0.0", "--port", str(port),
         "--index-dir", str(tmp_path / "index")],
        env={**clean_env(), "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("newsrag: error: refusing to serve on 0.0.0.0 without a login")
    assert "newsrag users add" in result.stderr and "--allow-anonymous" in result.stderr
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


@slow
def test_anonymous_mode_is_read_only_and_shows_its_warning(sample_index, browser, tmp_path):
    httpx = pytest.importorskip("httpx")
    gradio_client = pytest.importorskip("gradio_client")
    proc, url = start_cli_ui(["--index-dir", str(sample_index.index_dir), "--allow-anonymous"],
                             host="0.0.0.0")
    try:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)  # no login page
        banner = page.locator("#nr-open-access")
        playwright.expect(banner).to_be_visible()
        playwright.expect(banner).to_contain_text("anyone who can reach it")
        playwright.expect(banner).to_contain_text("read-only")
        answer = ask(page, MISSION)  # questions work for anyone
        playwright.expect(answer.locator(".nr-text")).to_contain_text("43")
        page.get_by_role("tab", name="Corpus").click()
        playwright.expect(page.locator("#nr-read-only")).to_contain_text("Read-only")
        assert page.locator("#nr-upload, input[type=file]").count() == 0
        shot(page, "desktop-anonymous-read-only")
        context.close()

        # over HTTP: Gradio's upload route stores nothing, and no handler would ingest anyway
        article = write(tmp_path, "planted.txt", " date 2025-12-01 Planted news.\n")
        with open(article, "rb") as handle:
            posted = httpx.post(url + "gradio_api/upload", files={"files": handle}, timeout=30)
        assert (posted.status_code, posted.text) == (403, READ_ONLY_MESSAGE)
        client = gradio_client.Client(url, verbose=False)
        assert "/add_articles" not in client.view_api(print_info=False, return_format="dict")[
            "named_endpoints"]
        with pytest.raises(Exception):
            client.predict([gradio_client.handle_file(str(article))], api_name="/add_articles")
    finally:
        output = stop(proc)
    assert ("newsrag: warning: anonymous access on 0.0.0.0: anyone who can reach it can ask "
            "questions without logging in; adding articles is turned off (read-only)") in output
    assert not (sample_index.corpus / "planted.txt").exists()
    assert sample_index.assistant.stats()["articles"] == 2


@slow
def test_logged_in_upload_works_and_is_logged(ann, shared_host):
    article = write(
        shared_host["files"], "harbour_tolls.txt",
        " date 2025-12-03 Hai Phong port will cut harbour tolls by 12 percent from January, the "
        "port authority said on Wednesday.\n",
    )
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    result = upload(ann, article)
    playwright.expect(result.locator(".nr-ok")).to_contain_text("harbour_tolls.txt")
    finished = dt.datetime.now(dt.timezone.utc)
    playwright.expect(ann.locator("#nr-upload + .nr-hint, .nr-hint").first).to_contain_text(
        "At most 3 files and 0.01 MB per upload")
    shot(ann, "desktop-logged-in-upload")

    record = read_upload_log(shared_host["index"])[-1]
    assert record["user"] == "ann" and record["client"] == "127.0.0.1"
    assert started <= dt.datetime.fromisoformat(record["time"]) <= finished
    assert record["files"] == [{"name": "harbour_tolls.txt", "bytes": article.stat().st_size,
                                "sha256": hashlib.sha256(article.read_bytes()).hexdigest()}]
    assert record["added"] == ["harbour_tolls.txt"] and record["error"] is None

    answer = ask(ann, "By how much will Hai Phong port cut harbour tolls?")
    playwright.expect(answer.locator(".nr-text")).to_contain_text("12 percent")
    playwright.expect(answer.locator("button.nr-card", has_text="harbour_tolls.txt").first
                      ).to_be_visible()


@slow
def test_upload_limits_answer_with_their_message_and_lose_nothing(ann, shared_host):
    files = shared_host["files"] / "limits"
    before = corpus_state(shared_host)
    article = " date 2025-12-04 A short article about the limits of uploads.\n"

    four = [write(files, f"note_{i}.txt", article) for i in range(4)]
    result = upload(ann, *four)
    playwright.expect(result.locator(".nr-error")).to_contain_text(
        "4 files in one upload; the limit is 3 (setting ui_max_upload_files). Nothing was added")
    shot(ann, "desktop-upload-too-many-files")
    assert corpus_state(shared_host) == before

    padding = "Filler sentence for size. " * 240  # ~6 KB each: two exceed 10 KiB together
    two = [write(files, f"long_{i}.txt", article + padding) for i in range(2)]
    result = upload(ann, *two)
    playwright.expect(result.locator(".nr-error")).to_contain_text(
        "the limit is 0.01 MB for all its files together (setting ui_max_upload_mb)")
    assert corpus_state(shared_host) == before

    answer = ask(ann, MISSION)  # what was indexed before still answers
    playwright.expect(answer.locator(".nr-text")).to_contain_text("43")


@slow
def test_an_oversized_file_is_refused_before_it_reaches_the_server(ann, shared_host):
    """One file over the whole upload's limit: Gradio's page refuses it (its route would too)."""
    before = corpus_state(shared_host)
    big = write(shared_host["files"], "huge.txt", " date 2025-12-04 Big. " + "x" * 20_000)
    ann.get_by_role("tab", name="Corpus").click()
    ann.set_input_files("#nr-upload input[type=file]", [str(big)])
    toast = ann.locator("[data-testid=toast-text]")  # Gradio's check, before any byte is sent
    playwright.expect(toast).to_contain_text(
        'File(s) exceed the maximum allowed size of 10.2 Kb: "huge.txt"')
    shot(ann, "desktop-upload-too-large")
    assert corpus_state(shared_host) == before


@slow
def test_a_long_question_answers_with_its_message(ann, shared_host):
    long_question = "How many countries signed " + "the joint statement " * 15 + "?"
    ann.fill("#nr-question textarea", long_question)
    ann.click("#nr-send")
    error = ann.locator("#nr-chat .nr-error")
    playwright.expect(error).to_contain_text(
        f"The question is {len(long_question)} characters long; the limit is 300 "
        "(setting ui_max_question_chars)")
    playwright.expect(ann.locator("#nr-question textarea")).to_have_value(long_question)
    shot(ann, "desktop-question-too-long")

    answer = ask(ann, MISSION)  # the refused question is not a turn of the conversation
    playwright.expect(answer.locator(".nr-text")).to_contain_text("43")
    assert ann.locator("#nr-chat .nr-user").all_inner_texts() == [MISSION]


@slow
def test_concurrent_questions_per_user(shared_host):
    """Over Gradio's HTTP API: ann's two held questions fill her slots, a third is refused with
    the message, bob is answered meanwhile, and ann is answered again once hers finish."""
    gradio_client = pytest.importorskip("gradio_client")
    url, answerer = shared_host["url"], shared_host["answerer"]

    def client(user: str):
        return gradio_client.Client(url, auth=(user, USERS[user]), verbose=False)

    def ask_api(user: str, question: str):
        return client(user).submit(question, None, None, "", api_name="/respond")

    held = [ask_api("ann", f"HOLD {MISSION}") for _ in range(2)]
    try:
        for _ in held:
            assert answerer.holding.acquire(timeout=60)
        _, refused = ask_api("ann", MISSION).result(timeout=60)
        assert ("You already have 2 questions being answered; ask again when one has finished "
                "(setting ui_max_questions_per_user)") in gradio_text(refused)
        _, bob = ask_api("bob", MISSION).result(timeout=60)
        assert "43" in gradio_text(bob) and "nr-error" not in gradio_text(bob)
    finally:
        answerer.release.set()
    for job in held:
        _, messages = job.result(timeout=60)
        assert "43" in gradio_text(messages)
    _, again = ask_api("ann", MISSION).result(timeout=60)
    assert "43" in gradio_text(again) and "nr-error" not in gradio_text(again)
