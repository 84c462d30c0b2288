"""The chat UI in a real headless Chromium over a real index of the sample corpus."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("gradio")
playwright = pytest.importorskip("playwright.sync_api")

from rag import (
    Assistant,
    NewsragError,
)
from ui.app import (
    build_app,
    launch_options,
    parse_auth,
)

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
    playwright.expect(error).to_contain_text("not a .txt or .md file")
    assert result.locator(".nr-ok").count() == 0
    assert sorted(p.name for p in server["corpus"].iterdir()) == before
    shot(page, "desktop-binary-upload-error")

    answer = ask(page, MISSION)
    playwright.expect(answer.locator(".nr-text")).to_contain_text("43")


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


@pytest.mark.parametrize("value, expected", [("ann:s3cret", ("ann", "s3cret")),
                                             ("ann:pa:ss", ("ann", "pa:ss"))])
def test_parse_auth(value, expected):
    assert parse_auth(value) == expected


@pytest.mark.parametrize("value", ["ann", "ann:", ":s3cret", ""])
def test_parse_auth_rejects_and_never_echoes_the_password(value):
    with pytest.raises(NewsragError) as error:
        parse_auth(value)
    assert "s3cret" not in str(error.value)


@slow
def test_cli_serves_on_localhost_behind_a_login(tmp_path, browser):
    """`newsrag ui` with NEWSRAG_UI_AUTH: a login page first, the app after, the secret never shown."""
    port = _free_port()
    env = {**os.environ, "NEWSRAG_UI_AUTH": "ann:s3cret-Pw", "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "ui", "--index-dir", str(tmp_path / "index"),
         "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"newsrag ui did not start: {proc.stdout.read() if proc.stdout else ''}")
                time.sleep(0.3)
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
