"""Saved web pages (.html, .htm): one article each, its main text, title, date and outlet
extracted offline with trafilatura (boilerplate such as menus, related links and comments left out)
and htmldate.

The date is read conservatively first (meta tags, JSON-LD, <time>, the canonical URL). Failing
that, htmldate's extensive search looks through the page, and its answer is taken only when the
page really writes that day in full: alone, that search turns a "© 1997-2025" footer into
1 January 2025.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Iterator
from urllib.parse import urlsplit

from ...errors import BadArticleError
from ...text.dates import find_dates
from ...text.language import detect_language
from ...types import Article
from .base import MAX_ITEM_CHARS, ReadOptions, SourceFile, compose_text, read_bytes

_MIN_TEXT_CHARS = 20  # less than this is not an article's main text (an empty shell, a stub)


class HtmlReader:
    """.html/.htm pages; the extracted text is kept in the index for citations."""

    suffixes = (".html", ".htm")
    multi_item = False

    def read(self, source: SourceFile, options: ReadOptions
             ) -> Iterator[Article | BadArticleError]:
        raw = read_bytes(source, options)
        if isinstance(raw, BadArticleError):
            yield raw
            return
        yield page_article(source, raw)


def page_article(source: SourceFile, raw: bytes) -> Article | BadArticleError:
    """The page's article, or why it has none."""
    import trafilatura

    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return BadArticleError(source.rel, "binary file, skipped")
    try:
        doc = trafilatura.bare_extraction(
            raw, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params=_date_params(extensive=False),
        )
    except Exception as exc:  # lxml and the extractor raise many kinds on broken input
        return BadArticleError(source.rel, f"cannot be read as HTML ({type(exc).__name__}),"
                               " skipped")
    if doc is None or len((doc.text or "").strip()) < _MIN_TEXT_CHARS:
        return BadArticleError(source.rel, "no main text found in the page, skipped")
    # the extractor writes a paragraph per line: a blank line between them reads as the page did
    paragraphs = (doc.text or "").replace("\n", "\n\n")
    title, text = compose_text(doc.title or "", [paragraphs], markup=False)
    if len(text) > MAX_ITEM_CHARS:
        return BadArticleError(source.rel, f"text over {MAX_ITEM_CHARS:,} characters, skipped")
    url = doc.url or ""
    return Article(
        path=source.rel,
        text=text,
        body_start=0,
        date=doc.date or _date_elsewhere(raw, url),
        lang=detect_language(text[:4000]),
        title=title,
        content_hash=hashlib.sha256(raw).hexdigest(),
        source=source.rel,
        url=url,
        outlet=doc.sitename or (urlsplit(url).hostname or "").removeprefix("www."),
        source_hash=source.fingerprint,
    )


def _date_params(extensive: bool) -> dict:
    return {"original_date": True, "extensive_search": extensive,
            "max_date": (dt.date.today() + dt.timedelta(days=1)).isoformat()}


def _date_elsewhere(raw: bytes, url: str) -> str | None:
    """htmldate's extensive search, confirmed by the day written in full in the page's text."""
    import htmldate
    import lxml.html

    try:
        tree = lxml.html.fromstring(raw)
        found = htmldate.find_date(tree, url=url or None, **_date_params(extensive=True))
    except Exception:  # a page htmldate cannot walk has no date we can trust
        return None
    if not found:
        return None
    day = dt.date.fromisoformat(found)
    written = find_dates(tree.text_content(), None)
    return found if any(m.since == m.until == day for m in written) else None
