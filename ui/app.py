"""The Gradio chat: event handlers that call the same `Assistant` API as the CLI, nothing more."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from rag import Answer, Assistant, NewsragError

from . import render
from .guard import RefuseUploads, login_check
from .serving import QuestionGate, ServingPolicy

HERE = files("ui")  # style.css and cite.js ship as package data
EXAMPLES = (
    "How many countries signed the joint statement?",
    "Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?",
    "What did Vietnam call on the international community to do?",
    "Phiên họp cấp cao của Liên hợp quốc bàn về vấn đề gì?",
)
LANG_CHOICES = [("All", ""), ("Tiếng Việt", "vi"), ("English", "en")]
ASK_CONCURRENCY = 4  # questions answered at once; more only queue for the same CPU cores
log = logging.getLogger("newsrag.ui")
INGEST_PROGRESS = gr.Progress(track_tqdm=True)  # Gradio fills it in; ingest's tqdm bar drives it
# Scroll the article body (not the page) so the highlighted quote sits in the middle of the panel.
SCROLL_TO_QUOTE = """
watch('value', () => {
  const body = element.querySelector('.nr-article-body');
  const mark = element.querySelector('mark.nr-cited');
  if (!body || !mark) return;
  const top = mark.getBoundingClientRect().top - body.getBoundingClientRect().top;
  body.scrollTo({top: body.scrollTop + top - body.clientHeight / 3, behavior: 'instant'});
});
"""


def launch_options() -> dict[str, Any]:
    """Theme and CSS (Gradio 6 takes these at launch, not in Blocks)."""
    font = ["Inter", "ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "sans-serif"]
    return {
        "theme": gr.themes.Soft(primary_hue="indigo", neutral_hue="slate", font=font,
                                font_mono=["ui-monospace", "SFMono-Regular", "monospace"]),
        "css": (HERE / "style.css").read_text(encoding="utf-8"),
        "footer_links": [],
    }


def build_app(assistant: Assistant, examples: tuple[str, ...] = EXAMPLES,
              policy: ServingPolicy | None = None) -> gr.Blocks:
    """The chat app over one assistant; launch it with `launch_options()` and
    `access_options(policy)` (see `serve`). The policy (default: one person on loopback) says
    whether uploads exist at all, and the limits each request meets."""
    policy = policy or ServingPolicy.local()
    limits = policy.limits
    gate = QuestionGate(limits.questions_per_user)
    last_ingest: dict[str, str | None] = {"text": _index_mtime(assistant)}

    def stats() -> dict[str, Any]:
        try:
            return assistant.stats()
        except NewsragError:
            return {"articles": 0, "chunks": 0, "languages": {}}

    def corpus_views() -> tuple[str, str]:
        figures = stats()
        return render.header_html(figures), render.stats_html(figures, last_ingest["text"])

    def respond(
        message: str, turns: list[dict[str, str]], since: Any, until: Any, lang: str,
        request: gr.Request,
    ) -> Iterator[tuple[Any, list[dict[str, str]], list[dict[str, str]]]]:
        question = (message or "").strip()
        if not question:
            yield gr.skip(), gr.skip(), gr.skip()
            return
        who = policy.who(request.username, _client(request), request.session_hash)
        try:
            limits.check_question(question)
            with gate.admit(who):
                yield from answer_turn(question, turns, since, until, lang)
        except NewsragError as exc:  # a limit: the question stays in the box, out of the history
            yield gr.skip(), _messages(turns, refused=str(exc)), turns

    def answer_turn(
        question: str, turns: list[dict[str, str]], since: Any, until: Any, lang: str
    ) -> Iterator[tuple[Any, list[dict[str, str]], list[dict[str, str]]]]:
        history = [(t["q"], t["a"]) for t in turns]
        done = [*turns]
        yield "", _messages(done, question, render.pending_html()), done
        try:
            filters = {"since": _date(since), "until": _date(until), "lang": lang or None}
            answer: Answer | None = None
            text = ""
            for item in assistant.chat_stream(history, question, **filters):
                if isinstance(item, Answer):
                    answer = item
                else:
                    text += item
                    yield gr.skip(), _messages(done, question, render.pending_html(text)), done
            if answer is None:
                raise NewsragError("the assistant returned no answer")
            turn = {"q": question, "a": answer.text, "html": render.answer_html(answer),
                    "standalone": answer.standalone_question or ""}
        except NewsragError as exc:
            turn = {"q": question, "a": "", "html": render.error_html(str(exc))}
        except Exception:  # shown as one line; the details (never rendered) go to the server log
            log.exception("answering %r failed", question)
            turn = {"q": question, "a": "", "html": render.error_html(
                "Something went wrong while answering; the server log has the details.")}
        done = [*turns, turn]
        yield gr.skip(), _messages(done), done

    def pick_example(event: gr.SelectData) -> str:
        value = event.value
        return value.get("text", "") if isinstance(value, dict) else str(value)

    def show_source(payload: str) -> tuple[str, Any]:
        try:
            cite = json.loads(payload.rsplit("#", 1)[0])
            file, start, end = str(cite["file"]), int(cite["start"]), int(cite["end"])
            n = int(cite["n"]) if cite.get("n") is not None else None
            date, lang = cite.get("date"), cite.get("lang")
        except (ValueError, KeyError, TypeError):
            return gr.skip(), gr.skip()
        text = assistant.article_text(file)
        if text is None:
            return render.article_missing_html(file), gr.Tabs(selected="source")
        html = render.article_html(file, text, start, end, date=_str(date), lang=_str(lang), n=n)
        return html, gr.Tabs(selected="source")

    def add_articles(paths: list[str] | None, request: gr.Request,
                     progress: gr.Progress = INGEST_PROGRESS):
        if not paths:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        report, error = None, None
        try:
            limits.check_upload([Path(p).stat().st_size for p in paths])
            progress(0, desc="copying")
            report = assistant.add_articles(paths, progress=True, user=request.username,
                                            client=_client(request))
            if report.changed or report.unchanged:  # the ingest ran
                last_ingest["text"] = _now()
        except NewsragError as exc:
            error = str(exc)
        line, table = corpus_views()
        return render.ingest_html(report, (), error), line, table, None

    with gr.Blocks(title="newsrag · cited news answers", analytics_enabled=False) as app:
        turns = gr.State([])
        header = gr.HTML(render.header_html(stats()), elem_id="nr-head")
        if policy.open_to_anyone:
            gr.HTML(render.open_access_html(), elem_id="nr-open-access")
        with gr.Row(equal_height=False, elem_classes="nr-main"):
            with gr.Column(scale=3, min_width=340, elem_classes="nr-chat-col"):
                chatbot = gr.Chatbot(
                    elem_id="nr-chat",
                    show_label=False,
                    height="58vh",
                    min_height=360,
                    sanitize_html=False,  # every message is built by ui.render, escaped there
                    latex_delimiters=[],  # "$5 to $10" in news is money, not maths
                    placeholder=(
                        "<div class='nr-placeholder'><strong>Ask about the news</strong><br>"
                        "in English or Vietnamese. Every answer cites the article, its date and "
                        "the exact sentence.</div>"
                    ),
                    examples=[{"text": q} for q in examples],
                    feedback_options=None,
                    buttons=["copy"],
                    layout="panel",
                )
                with gr.Row(elem_classes="nr-ask-row"):
                    box = gr.Textbox(
                        elem_id="nr-question",
                        show_label=False,
                        placeholder="Ask about the news…",
                        lines=1,
                        max_lines=4,
                        scale=5,
                        autofocus=True,
                        submit_btn=False,
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, min_width=80,
                                     elem_id="nr-send")
                with (
                    gr.Accordion("Filters: dates and language", open=False, elem_id="nr-filters"),
                    gr.Row(elem_classes="nr-filter-row"),
                ):
                    since = gr.DateTime(label="From", include_time=False, type="string",
                                        elem_id="nr-since", min_width=120)
                    until = gr.DateTime(label="To", include_time=False, type="string",
                                        elem_id="nr-until", min_width=120)
                    lang = gr.Radio(LANG_CHOICES, value="", label="Language",
                                    elem_id="nr-lang", min_width=260)
                new_chat = gr.Button("New conversation", size="sm", variant="secondary",
                                     elem_id="nr-new-chat")
            with (
                gr.Column(scale=2, min_width=320, elem_classes="nr-side-col"),
                gr.Tabs(selected="source", elem_id="nr-tabs") as tabs,
            ):
                with gr.Tab("Source", id="source"):
                    source = gr.HTML(
                        render.article_placeholder_html(),
                        elem_id="nr-source",
                        js_on_load=SCROLL_TO_QUOTE,
                    )
                with gr.Tab("Corpus", id="corpus"):
                    corpus_table = gr.HTML(render.stats_html(stats(), last_ingest["text"]),
                                           elem_id="nr-stats")
                    if policy.read_only:
                        gr.HTML(render.read_only_html(), elem_id="nr-read-only")
                    else:
                        upload = gr.File(
                            label="Add articles",
                            file_count="multiple",
                            elem_id="nr-upload",
                            height=130,
                        )
                        gr.HTML(
                            '<p class="nr-hint">UTF-8 <code>.txt</code> or <code>.md</code> files '
                            "(start one with <code> date YYYY-MM-DD </code> to date it), saved web "
                            "pages (<code>.html</code>), feed exports (<code>.jsonl</code>, "
                            "<code>.csv</code>) and RSS/Atom feeds (<code>.xml</code>, "
                            "<code>.rss</code>, <code>.atom</code>). They are copied into the "
                            "corpus folder and indexed."
                            + render.upload_limits_html(limits.upload_files, limits.upload_mb)
                            + "</p>"
                        )
                        ingest_out = gr.HTML("", elem_id="nr-ingest")
        cite_bridge = gr.HTML(
            "", html_template="<span></span>", visible="hidden", elem_id="nr-cite-bridge",
            js_on_load=(HERE / "cite.js").read_text(encoding="utf-8"),
        )

        ask_inputs = [box, turns, since, until, lang]
        ask_outputs = [box, chatbot, turns]
        # questions run side by side and an upload's ingest beside them: the assistant's locks
        # let a question see the index before or after an ingest, never half-way
        asking = {"concurrency_limit": ASK_CONCURRENCY, "concurrency_id": "ask"}
        box.submit(respond, ask_inputs, ask_outputs, **asking)
        send.click(respond, ask_inputs, ask_outputs, **asking)
        chatbot.example_select(pick_example, None, box).then(respond, ask_inputs, ask_outputs,
                                                            **asking)
        new_chat.click(lambda: ([], [], render.article_placeholder_html()), None,
                       [chatbot, turns, source])
        cite_bridge.input(show_source, cite_bridge, [source, tabs], show_progress="hidden")
        if not policy.read_only:  # no handler at all: a read-only server cannot ingest
            upload.upload(add_articles, upload, [ingest_out, header, corpus_table, upload],
                          show_progress_on=upload, concurrency_limit=1, concurrency_id="ingest")
        app.load(corpus_views, None, [header, corpus_table], show_progress="hidden")
    return app


def access_options(policy: ServingPolicy) -> dict[str, Any]:
    """Gradio's launch options that carry out the policy: the login check, the largest file a
    request may post, and (read-only) upload routes that refuse every file."""
    return {
        "auth": login_check(policy.logins) if policy.logins else None,
        "max_file_size": policy.limits.upload_bytes,
        "app_kwargs": {"middleware": [Middleware(RefuseUploads)]} if policy.read_only else None,
    }


def serve(
    assistant: Assistant | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    index_dir: str | Path | None = None,
    auth: str | None = None,
    policy: ServingPolicy | None = None,
    block: bool = True,
) -> gr.Blocks:
    """Serve the chat (127.0.0.1 by default) under a policy: given, or decided from the
    assistant's settings, `host` and `auth` ("user:pass"), which refuses an anonymous start beyond
    loopback unless `ui_allow_anonymous` is set."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    assistant = assistant or Assistant(index_dir=index_dir)
    policy = policy or ServingPolicy.decide(assistant.settings, host, auth)
    app = build_app(assistant, policy=policy)
    app.queue(default_concurrency_limit=4)
    try:
        app.launch(
            server_name=policy.host, server_port=port, prevent_thread_lock=not block,
            show_error=False, quiet=not block, **launch_options(), **access_options(policy),
        )
    except OSError as exc:
        raise NewsragError(f"cannot serve on {policy.host}:{port}: {exc}") from None
    return app


def _messages(turns: list[dict[str, str]], pending_q: str | None = None,
              pending_html: str | None = None, refused: str | None = None
              ) -> list[dict[str, str]]:
    """Chat messages for the turns so far, plus a question still being answered, or the reason
    the last one was refused."""
    out: list[dict[str, str]] = []
    for t in turns:
        out += [{"role": "user", "content": render.question_html(t["q"], t.get("standalone"))},
                {"role": "assistant", "content": t["html"]}]
    if pending_q is not None:
        out += [{"role": "user", "content": render.question_html(pending_q)},
                {"role": "assistant", "content": pending_html or render.pending_html()}]
    if refused is not None:
        out.append({"role": "assistant", "content": render.error_html(refused)})
    return out


def _client(request: gr.Request) -> str | None:
    """The address a request came from (None when Gradio does not know it)."""
    client = getattr(request, "client", None)
    return getattr(client, "host", None) if client else None


def _date(value: Any) -> str | None:
    """A DateTime picker's value as YYYY-MM-DD (None when empty)."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value).date().isoformat()
    return str(value).strip()[:10] or None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M")


def _index_mtime(assistant: Assistant) -> str | None:
    """When the index was last written, as a stand-in for the last ingest before this session."""
    try:
        stamp = max(p.stat().st_mtime for p in Path(assistant.index_dir).rglob("*"))
    except (OSError, ValueError, AttributeError):
        return None
    return dt.datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M")
