"""Pure HTML rendering for the chat UI: escaping, highlighting, cards, corpus and ingest notes."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html import unescape

import pytest

from rag import Answer, Citation, IngestReport
from ui import render

CITE = Citation(n=1, file="000_a.txt", date="2025-11-26", quote="Việt Nam cùng 43 nước.", start=10,
                end=32, lang="vi")


def answer(**changes) -> Answer:
    fields = {"text": "Vietnam joined 43 countries. [1]", "citations": (CITE,),
              "abstained": False, "retrieved": ("000_a.txt",), "backend": "extractive",
              "warnings": ()}
    fields.update(changes)
    return Answer(**fields)


def visible_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize(
    "text, start, end, marked",
    [
        ("Hello world. The cited one. Bye.", 13, 27, "The cited one."),
        ("abc", 0, 3, "abc"),
        ("x <b>y</b> z", 2, 10, "&lt;b&gt;y&lt;/b&gt;"),
    ],
)
def test_article_highlights_exactly_the_span(text, start, end, marked):
    html = render.article_html("a.txt", text, start, end)
    assert f'id="nr-cited">{marked}</mark>' in html
    assert html.count("<mark") == 1
    body = html.split('class="nr-article-body">', 1)[1]
    assert visible_text(body) == text


@pytest.mark.parametrize("start, end", [(5, 3), (-1, 2), (0, 99), (2, 2)])
def test_article_with_stale_offsets_shows_whole_text_and_a_note(start, end):
    html = render.article_html("a.txt", "short text", start, end)
    assert "<mark" not in html
    assert "no longer in this file" in html


def test_article_html_is_escaped():
    text = ' date 2025-12-02 <script>alert("x")</script> <img src=x onerror=alert(1)> & more'
    html = render.article_html("<evil>.txt", text, 17, 46, date="2025-12-02", lang="en", n=2)
    assert "<script" not in html and "<img" not in html and "<evil>" not in html
    assert "&lt;script&gt;" in html and "&lt;evil&gt;.txt" in html
    assert "2025-12-02 · English · cited as [2]" in html


def test_citation_card_shows_number_file_date_language_quote():
    html = render.citation_card(CITE)
    text = visible_text(html)
    for part in ("1", "000_a.txt", "2025-11-26", "VI", "“Việt Nam cùng 43 nước.”"):
        assert part in text
    payload = re.search(r'data-cite="([^"]*)"', html).group(1)
    assert json.loads(unescape(payload)) == {
        "n": 1, "file": "000_a.txt", "start": 10, "end": 32, "date": "2025-11-26", "lang": "vi"
    }


def test_citation_card_escapes_quote_and_file_name():
    cite = Citation(n=3, file='x"><script>.md', date=None, quote="<b>bold</b> & 'q'", start=0,
                    end=5, lang="en")
    html = render.citation_card(cite)
    assert "<script>" not in html and "<b>" not in html
    assert "undated" in html
    assert json.loads(unescape(re.search(r'data-cite="([^"]*)"', html).group(1)))["file"] == (
        'x"><script>.md'
    )


@pytest.mark.parametrize(
    "changes, present, absent",
    [
        ({}, ["nr-text", "nr-card", 'nr-ref">[1]', "extractive", "1 article searched"],
         ["nr-abstain"]),
        ({"abstained": True, "citations": (), "text": "The indexed articles do not answer this."},
         ["nr-abstain", "The indexed articles do not answer this."], ["nr-card", "nr-text"]),
        ({"abstained": True, "citations": (),
          "text": "Các bài báo đã lập chỉ mục không trả lời câu hỏi này."},
         ["nr-abstain", "không trả lời"], ["nr-card"]),
        ({"backend": "llm:qwen2.5-1.5b", "warnings": ("dropped citation [7]",)},
         ["llm:qwen2.5-1.5b", "dropped citation [7]"], []),
        ({"text": "a <script>x</script>\nline two $5 to $10"},
         ["a &lt;script&gt;x&lt;/script&gt;<br>line two $5 to $10"], ["<script>"]),
    ],
)
def test_answer_html(changes, present, absent):
    html = render.answer_html(answer(**changes))
    for part in present:
        assert part in html
    for part in absent:
        assert part not in html
    assert "\n" not in html  # one line, so the chat's Markdown keeps it as one HTML block


def test_pending_and_error_are_escaped():
    assert "nr-typing" in render.pending_html()
    assert "&lt;i&gt;partial" in render.pending_html("<i>partial")
    assert "&lt;oops&gt;" in render.error_html("<oops>")


@pytest.mark.parametrize(
    "stats, expected",
    [
        ({"articles": 2, "chunks": 6, "first_date": "2025-11-26", "last_date": "2025-11-27",
          "languages": {"vi": 1, "en": 1}},
         ["2 articles", "2025-11-26 → 2025-11-27", "EN · VI"]),
        ({"articles": 1, "chunks": 1, "first_date": None, "last_date": None, "languages": {}},
         ["1 article"]),
    ],
)
def test_header_summarises_the_corpus(stats, expected):
    html = render.header_html(stats)
    for part in expected:
        assert part in html


def test_stats_table():
    html = render.stats_html({"articles": 3, "chunks": 7, "first_date": "2025-11-26",
                              "last_date": "2025-12-01", "languages": {"en": 2, "vi": 1}},
                             "2025-12-01 10:00")
    text = visible_text(html)
    for part in ("Articles3", "Chunks7", "2025-11-26 → 2025-12-01", "English 2, Tiếng Việt 1",
                 "2025-12-01 10:00"):
        assert part in text


def test_ingest_lists_each_bad_file_with_its_reason():
    report = IngestReport(added=["new.txt"], skipped=[("bad.txt", "binary file, skipped")],
                          chunks=2, seconds=0.4)
    html = render.ingest_html(report, rejected=[("<x>.png", "not a .txt or .md file, skipped")])
    assert "Indexed 1 article (2 chunks" in html and "new.txt" in html
    assert "Not added (2)" in html
    assert "bad.txt</span>: binary file, skipped" in html
    assert "&lt;x&gt;.png" in html and "<x>" not in html


def test_ingest_of_nothing_new_and_errors():
    assert "Nothing new" in render.ingest_html(IngestReport(unchanged=["a.txt"]))
    html = render.ingest_html(None, error="corpus folder not found: /x")
    assert "nr-error" in html and "corpus folder not found" in html and "nr-ok" not in html


def test_a_citation_that_does_not_support_its_sentence_is_marked():
    flagged = render.citation_card(replace(CITE, supported=False))
    assert "nr-unsupported" in flagged and "does not support the answer" in flagged
    for supported in (True, None):
        html = render.citation_card(replace(CITE, supported=supported))
        assert "nr-unsupported" not in html and "does not support" not in html


@pytest.mark.parametrize(
    "question, standalone, shown",
    [
        ("Who presented it?", None, ["Who presented it?"]),
        ("Who presented it?", "Who presented the joint statement?",
         ["Who presented it?", "↳ Who presented the joint statement?"]),
        ("<b>it</b>?", "<script>x</script>", ["<b>it</b>?", "↳ <script>x</script>"]),
    ],
)
def test_question_shows_the_standalone_rewrite_under_it(question, standalone, shown):
    html = render.question_html(question, standalone)
    assert "<b>" not in html and "<script>" not in html and "\n" not in html
    parts = re.findall(r"<div[^>]*>(.*?)</div>", html)
    assert [unescape(p) for p in parts] == shown
    assert ('class="nr-standalone"' in html) == bool(standalone)
