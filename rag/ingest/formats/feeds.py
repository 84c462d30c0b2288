"""RSS and Atom feeds (.xml, .rss, .atom), read with feedparser: each entry is an article.

The entry's title, summary and content (HTML turned into paragraphs) make its text; its link, its
publication date as the feed writes it (the publisher's day, not UTC) and the feed's title (or the
entry's own <source>) as the outlet. The file is handed to feedparser as bytes in memory: it never
fetches anything.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, Iterator
from xml.sax import SAXException

from ...errors import BadArticleError
from ...types import Article
from .base import BadItemError, ReadOptions, SourceFile, item_article, item_key, read_bytes
from .published import UnreadableDate, parse_published


class FeedReader:
    """RSS 0.9x/1.0/2.0 and Atom files; each entry's text is kept in the index for citations."""

    suffixes = (".xml", ".rss", ".atom")
    multi_item = True

    def read(self, source: SourceFile, options: ReadOptions
             ) -> Iterator[Article | BadArticleError]:
        import feedparser

        raw = read_bytes(source, options)
        if isinstance(raw, BadArticleError):
            yield raw
            return
        parsed = feedparser.parse(io.BytesIO(raw), sanitize_html=True, resolve_relative_uris=False)
        if not parsed.entries:
            problem = parsed.get("bozo_exception")
            reason = (f"not an RSS or Atom feed ({_first_line(problem)}), skipped" if problem
                      or not parsed.get("version") else "a feed with no entries, skipped")
            yield BadArticleError(source.rel, reason)
            return
        problem = parsed.get("bozo_exception")
        if isinstance(problem, SAXException) and not all(map(_complete, parsed.entries)):
            # the lenient parser recovers sloppy feeds whole; a cut-off file leaves a hollow entry
            yield BadArticleError(source.rel, f"not a well-formed feed ({problem.getMessage()}),"
                                  " skipped")
            return
        outlet = parsed.feed.get("title", "")
        good = 0
        for number, entry in enumerate(parsed.entries, start=1):
            article = entry_article(source, f"entry {number}", entry, outlet)
            good += isinstance(article, Article)
            yield article
        if not good:
            yield BadArticleError(source.rel, "no entry could be indexed, skipped")


def entry_article(source: SourceFile, item: str, entry: Any, outlet: str
                  ) -> Article | BadItemError:
    """One entry's article, or why it cannot be one."""
    title = entry.get("title", "")
    url = entry.get("link", "")
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created") or ""
    identity = (entry.get("id") or url or "\x1f".join([title, raw_date]).strip("\x1f")
                or entry.get("summary", ""))
    try:
        date = parse_published(raw_date)
    except UnreadableDate as exc:
        date = _parsed_date(entry)  # feedparser reads more forms, but only as a UTC time
        if date is None:
            return BadItemError(source.rel, item, f"unreadable date {exc}, skipped",
                                item_key(source.rel, identity) if identity else None)
    contents = [c.get("value", "") for c in entry.get("content", [])]
    source_title = (entry.get("source") or {}).get("title", "")
    return item_article(
        source, item, identity, title=title, parts=[entry.get("summary", ""), *contents],
        date=date, url=url, outlet=source_title or outlet,
    )


def _complete(entry: Any) -> bool:
    return bool(entry.get("title") or entry.get("summary") or entry.get("content"))


def _parsed_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    return None


def _first_line(problem: object) -> str:
    text = str(problem).strip().splitlines()
    return (text[0] if text else type(problem).__name__)[:120]
