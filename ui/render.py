"""Pure HTML for the chat UI: answers, citation cards, the source panel, corpus and ingest notes.

Everything that comes from articles, answers or file names goes through `html.escape`, so an article
containing `<script>` shows as text. Output is a single line: the chat renders messages as Markdown,
and a blank line would end the HTML block.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from rag import Answer, Citation, IngestReport

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}
SHORT_SEPARATOR = " — "  # between the short answer and the quote (rag's extractive answer)
ABSTAIN_NOTE = "The indexed articles do not answer this."
_MARKER = re.compile(r"\[(\d{1,3})\]")


def _text(value: str) -> str:
    """Escaped text with line breaks kept and citation markers styled."""
    out = escape(value).replace("\r\n", "\n").replace("\n", "<br>")
    return _MARKER.sub(r'<sup class="nr-ref">[\1]</sup>', out)


def lang_label(lang: str | None) -> str:
    return (lang or "").upper() or "?"


def cite_payload(c: Citation) -> str:
    """What a card sends back when clicked: enough to open the article at the quoted span."""
    return json.dumps(
        {"n": c.n, "file": c.file, "start": c.start, "end": c.end, "date": c.date, "lang": c.lang},
        ensure_ascii=False, separators=(",", ":"),
    )


def question_html(question: str, standalone: str | None = None) -> str:
    """The user's question as typed and, for a follow-up, the standalone question it was
    searched as, in a faint line under it."""
    html = f'<div class="nr-user">{escape(question)}</div>'
    if standalone:
        html += (f'<div class="nr-standalone" title="The follow-up as it was searched">'
                 f'↳ {escape(standalone)}</div>')
    return html


def citation_card(c: Citation) -> str:
    """One source as a news reader knows it: number, headline, outlet, date and language, then the
    quoted sentence (the file's name stays in small print); a button that opens it. A quote that
    does not support the sentence citing it is marked as such."""
    unsupported = c.supported is False
    title = (f'<span class="nr-card-title">{escape(c.title)}</span>' if c.title else "")
    outlet = (f'<span class="nr-card-outlet">{escape(c.outlet)}</span>' if c.outlet else "")
    return (
        f'<button type="button" class="nr-card{" nr-unsupported" if unsupported else ""}" '
        f'data-cite="{escape(cite_payload(c))}" '
        f'title="Open {escape(c.file)} at the quoted sentence">'
        f'<span class="nr-card-head"><span class="nr-card-n">{c.n}</span>{title}</span>'
        f'<span class="nr-card-facts">{outlet}'
        f'<span class="nr-card-date">{escape(c.date or "undated")}</span>'
        f'<span class="nr-card-lang">{escape(lang_label(c.lang))}</span>'
        f'<span class="nr-card-file">{escape(c.file)}</span>'
        + ('<span class="nr-card-unsupported">⚠ does not support the answer</span>'
           if unsupported else "")
        + f'</span><span class="nr-card-quote">“{escape(c.quote)}”</span></button>'
    )


def citation_cards(citations: Iterable[Citation]) -> str:
    cards = "".join(citation_card(c) for c in citations)
    return f'<div class="nr-cards">{cards}</div>' if cards else ""


def answer_html(answer: Answer) -> str:
    """A finished answer: abstention banner or text, citation cards, then which backend answered."""
    parts = ['<div class="nr-answer">']
    if answer.abstained:
        parts.append(
            f'<div class="nr-abstain" role="status"><strong>{ABSTAIN_NOTE}</strong>'
            f"<span>{_text(answer.text)}</span></div>"
            if answer.text.strip() != ABSTAIN_NOTE
            else f'<div class="nr-abstain" role="status"><strong>{ABSTAIN_NOTE}</strong></div>'
        )
    else:
        parts.append(f'<div class="nr-text">{_answer_text(answer)}</div>')
        parts.append(series_html(answer))
    parts.append(citation_cards(answer.citations))
    for warning in answer.warnings:
        parts.append(f'<div class="nr-warning">{escape(warning)}</div>')
    sources = len(answer.retrieved)
    parts.append(
        f'<div class="nr-meta">{confidence_html(answer)}answered by '
        f'<span class="nr-backend">{escape(answer.backend)}</span>'
        f" · {sources} article{'s' if sources != 1 else ''} searched</div></div>"
    )
    return "".join(parts)


def confidence_html(answer: Answer) -> str:
    """"Confidence: high (0.83) · " before an answer given (the fitted P(right)); nothing for a
    decline or an unscored answer. High from 0.8, medium from 0.5, low below."""
    c = answer.confidence
    if c is None or answer.abstained:
        return ""
    words = "high" if c >= 0.8 else "medium" if c >= 0.5 else "low"
    return (f'<span class="nr-confidence" title="how likely this answer is right">'
            f"Confidence: {words} ({c:.2f})</span> · ")


def _answer_text(answer: Answer) -> str:
    """The answer's text, its short answer ("44 — <quote> [1]") set in bold."""
    short = answer.short_answer
    lead = f"{short.text}{SHORT_SEPARATOR}" if short else ""
    if not lead or not answer.text.startswith(lead):
        return _text(answer.text)
    how = f' title="{escape(short.arithmetic)}"' if short.arithmetic else ""  # a computed total
    return (f'<strong class="nr-short"{how}>{escape(short.text)}</strong>{escape(SHORT_SEPARATOR)}'
            + _text(answer.text[len(lead):]))


def series_html(answer: Answer, width: int = 320, height: int = 120) -> str:
    """A value asked for on several days (`answer.series`) drawn as a small line chart beside the
    cited values: one dot per day with its value as cited and its source number, a hollow mark
    at the bottom for a day no report gives; "" when there is no series."""
    points = answer.series
    values = [p.value for p in points if p.value is not None]
    if len(points) < 2 or not values:
        return ""
    low, high = min(values), max(values)
    spread = (high - low) or abs(high) or 1.0
    low, high = low - spread * 0.15, high + spread * 0.15
    left, right, top, bottom = 12, width - 12, 22, height - 26
    step = (right - left) / (len(points) - 1)

    def y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    def anchor(k: int) -> str:  # the first and last values read inwards, not cut at the edge
        return "start" if k == 0 else "end" if k == len(points) - 1 else "middle"

    marks, line = [], []
    for k, p in enumerate(points):
        x = left + k * step
        day = ".".join(p.date.split("-")[:0:-1]) if p.date else "?"  # 2025-11-24 -> 24.11
        marks.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" font-size="10" '
                     f'fill="currentColor" opacity="0.7">{escape(day)}</text>')
        if p.value is None:
            marks.append(f'<circle cx="{x:.1f}" cy="{bottom:.1f}" r="4" fill="none" '
                         f'stroke="currentColor" opacity="0.5"><title>{escape(p.date)}: no report '
                         f"gives it</title></circle>")
            continue
        line.append(f"{x:.1f},{y(p.value):.1f}")
        ref = f" [{p.citation}]" if p.citation else ""
        marks.append(f'<circle cx="{x:.1f}" cy="{y(p.value):.1f}" r="4" fill="#2563eb">'
                     f"<title>{escape(p.date)}: {escape(p.text)}{ref}</title></circle>"
                     f'<text x="{x:.1f}" y="{y(p.value) - 8:.1f}" text-anchor="{anchor(k)}" '
                     f'font-size="10" fill="currentColor">{escape(p.text)}{escape(ref)}</text>')
    path = (f'<polyline points="{" ".join(line)}" fill="none" stroke="#2563eb" '
            f'stroke-width="2"/>' if len(line) > 1 else "")
    label = escape(", ".join(f"{p.date}: {p.text or 'no report'}" for p in points))
    return (f'<div class="nr-series"><svg class="nr-series-chart" role="img" aria-label="{label}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg">{path}{"".join(marks)}</svg></div>')


def pending_html(text: str = "") -> str:
    """An answer still streaming in (or not started: a typing indicator)."""
    if not text:
        return '<div class="nr-answer"><div class="nr-typing" aria-label="answering">' \
               "<span></span><span></span><span></span></div></div>"
    return f'<div class="nr-answer"><div class="nr-text nr-streaming">{_text(text)}</div></div>'


def error_html(message: str) -> str:
    return f'<div class="nr-answer"><div class="nr-error" role="alert">{escape(message)}</div></div>'


def article_html(
    file: str, text: str, start: int | None = None, end: int | None = None,
    date: str | None = None, lang: str | None = None, n: int | None = None,
) -> str:
    """The whole article, escaped, with text[start:end] highlighted as the cited sentence."""
    head = [f'<div class="nr-article-head"><div class="nr-article-file">{escape(file)}</div>']
    facts = [escape(date or "undated")]
    if lang:
        facts.append(escape(LANG_NAMES.get(lang, lang)))
    if n is not None:
        facts.append(f"cited as [{n}]")
    head.append(f'<div class="nr-article-facts">{" · ".join(facts)}</div></div>')
    valid = start is not None and end is not None and 0 <= start < end <= len(text)
    if valid:
        body = (
            escape(text[:start])
            + f'<mark class="nr-cited" id="nr-cited">{escape(text[start:end])}</mark>'
            + escape(text[end:])
        )
    else:
        body = escape(text)
    note = "" if valid or start is None else (
        '<div class="nr-warning">The cited span is no longer in this file; showing it whole.</div>'
    )
    return f'<div class="nr-article">{"".join(head)}{note}<div class="nr-article-body">{body}</div></div>'


def article_missing_html(file: str) -> str:
    return (f'<div class="nr-article"><div class="nr-error" role="alert">{escape(file)} is not in '
            "the indexed corpus any more.</div></div>")


def article_placeholder_html() -> str:
    return ('<div class="nr-article nr-empty">Click a source under an answer to read the article '
            "here, with the quoted sentence highlighted.</div>")


def stats_html(stats: Mapping[str, Any], last_ingest: str | None = None) -> str:
    """Corpus figures: articles, chunks, date span, languages, last ingest."""
    langs = stats.get("languages") or {}
    lang_text = ", ".join(f"{escape(LANG_NAMES.get(k, k))} {v}" for k, v in sorted(langs.items()))
    first, last = stats.get("first_date"), stats.get("last_date")
    span = f"{escape(first)} → {escape(last)}" if first and last else "—"
    rows = [
        ("Articles", str(stats.get("articles", 0))),
        ("Chunks", str(stats.get("chunks", 0))),
        ("Dates", span),
        ("Languages", lang_text or "—"),
        ("Last ingest", escape(last_ingest or "—")),
    ]
    cells = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in rows)
    return f'<dl class="nr-stats">{cells}</dl>'


def stats_line(stats: Mapping[str, Any]) -> str:
    """The header's one-line corpus summary."""
    n = stats.get("articles", 0)
    parts = [f"{n} article{'s' if n != 1 else ''}"]
    if stats.get("first_date") and stats.get("last_date"):
        parts.append(f"{escape(stats['first_date'])} → {escape(stats['last_date'])}")
    langs = stats.get("languages") or {}
    if langs:
        parts.append(" · ".join(escape(lang_label(k)) for k in sorted(langs)))
    return f'<div class="nr-corpus-line">{" · ".join(parts)}</div>'


def header_html(stats: Mapping[str, Any]) -> str:
    """The app's title with the corpus summary beside it."""
    return (
        '<div class="nr-header"><div class="nr-brand"><span class="nr-logo">n</span><div>'
        "<h1>newsrag</h1><p>Answers from dated Vietnamese &amp; English news, every claim with its "
        f"source</p></div></div>{stats_line(stats)}</div>"
    )


def ingest_html(report: IngestReport | None, rejected: Iterable[tuple[str, str]] = (),
                error: str | None = None) -> str:
    """What an upload did: files indexed, and each bad file with the reason it was left out."""
    bad = list(rejected) + (list(report.skipped) if report else [])
    parts = ['<div class="nr-ingest">']
    if error:
        parts.append(f'<div class="nr-error" role="alert">{escape(error)}</div>')
    if report is not None:
        added, updated = len(report.added), len(report.updated)
        if added or updated:
            files = ", ".join(escape(f) for f in report.added + report.updated)
            parts.append(
                f'<div class="nr-ok">Indexed {added + updated} article'
                f"{'s' if added + updated != 1 else ''} ({report.chunks} chunk"
                f"{'s' if report.chunks != 1 else ''} in "
                f"{report.seconds:.1f} s): {files}</div>"
            )
        elif not bad:
            parts.append('<div class="nr-ok">Nothing new: these articles are already indexed.</div>')
    if bad:
        items = "".join(
            f'<li><span class="nr-bad-file">{escape(f)}</span>: {escape(reason)}</li>'
            for f, reason in bad
        )
        parts.append(
            f'<div class="nr-error" role="alert">Not added ({len(bad)}), the rest of the corpus is '
            f"unchanged:<ul>{items}</ul></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def open_access_html() -> str:
    """The banner of a server that asks no login beyond loopback."""
    return (
        '<div class="nr-warning nr-open-access" role="status"><strong>Open access.</strong> '
        "This server asks no login: anyone who can reach it can ask questions here. It is "
        "read-only: articles cannot be added from this page.</div>"
    )


def read_only_html() -> str:
    """What the Corpus tab shows instead of the upload box on a read-only server."""
    return ('<div class="nr-read-only nr-hint">Read-only: adding articles is turned off on this '
            "server. Ask whoever runs it to index new articles.</div>")


def upload_limits_html(files: int, megabytes: float) -> str:
    """The upload limits, said before anyone hits them."""
    return f" At most {files} files and {megabytes:g} MB per upload."
