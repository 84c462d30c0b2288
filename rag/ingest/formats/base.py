"""What every format reader shares: the reader protocol, read options, and how an item (a row or
a feed entry) becomes an `Article` whose text is composed once and kept, so quotes stay exact."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Protocol

from ...errors import BadArticleError, BadItemError
from ...text.language import detect_language
from ...types import Article
from .markup import one_line, plain_text, tidy

MAX_ITEM_CHARS = 2_000_000  # an item's text beyond this is not a news item (a dump, a bug)
MAX_TITLE_CHARS = 300
_FIRST_LINE_TITLE = 120  # a title made from the first line, as for .txt files
ITEM_ID_CHARS = 12


@dataclass(frozen=True)
class ReadOptions:
    """How sources are read: extra column names for exports and the size limit for any file."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> column ("body" -> "noi_dung")
    max_file_bytes: int = 256 * 2**20

    def fingerprint(self) -> str:
        """What, besides a file's bytes, decides the articles read from an export."""
        return ",".join(f"{k}={v}" for k, v in sorted(self.columns.items()))


@dataclass(frozen=True)
class SourceFile:
    """A corpus file to read: where it is, its name in the corpus, its fingerprint."""

    root: Path
    path: Path
    rel: str
    fingerprint: str


class Reader(Protocol):
    """Reads one kind of corpus file into articles, or the reasons its items cannot be read.

    A reader yields a `BadArticleError` naming the file when nothing of it can be read (the index
    then keeps all it held from the file) and a `BadItemError` for one bad item.
    """

    suffixes: tuple[str, ...]
    multi_item: bool  # rows or entries (True), or one article per file

    def read(self, source: SourceFile, options: ReadOptions
             ) -> Iterator[Article | BadArticleError]: ...


def item_key(rel: str, identity: str) -> str:
    """`<file>#<id>`: the id is a hash of what identifies the item (url, guid, title and date),
    so a re-export that reorders or adds items keeps every other item's key."""
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:ITEM_ID_CHARS]
    return f"{rel}#{digest}"


def compose_text(title: str, parts: list[str], markup: bool = True) -> tuple[str, str]:
    """(title, text): the headline on the first line, then each part's paragraphs; a part that
    repeats the headline or that the next part starts with (a summary that is the body's lead)
    is not repeated. Without a headline, the first line stands for it. `markup`: the parts may
    hold HTML (feeds, exports), else they are plain text already (an extractor's output)."""
    title = one_line(title) if markup else " ".join(title.split())
    blocks = [block for block in (plain_text(p) if markup else tidy(p) for p in parts) if block]
    if title:
        blocks = [_without_first_line(block, title) for block in blocks]
    blocks = [b for i, b in enumerate(blocks)
              if b and not any(later.startswith(_lead(b)) for later in blocks[i + 1 :])]
    text = "\n\n".join(([title] if title else []) + list(dict.fromkeys(blocks)))
    if not title and text:
        first = text.split("\n", 1)[0]
        title = first if len(first) <= _FIRST_LINE_TITLE else first[: _FIRST_LINE_TITLE - 1] + "…"
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return title, text


def _lead(block: str) -> str:
    """A summary without its closing ellipsis: feeds cut the body's lead with "..." or "[…]"."""
    for mark in ("[...]", "[…]", "...", "…"):
        if block.endswith(mark):
            return block[: -len(mark)].rstrip()
    return block


def _without_first_line(block: str, title: str) -> str:
    first, _, rest = block.partition("\n")
    return rest.lstrip("\n") if " ".join(first.split()) == title else block


def item_article(
    source: SourceFile, item: str, identity: str, *, title: str, parts: list[str],
    date: str | None, url: str = "", outlet: str = "",
) -> Article | BadItemError:
    """A row or entry as an article, or why it cannot be one (no text, too long)."""
    key = item_key(source.rel, identity)
    title, text = compose_text(title, parts)
    if not text:
        return BadItemError(source.rel, item, "no title or text, skipped", key)
    if len(text) > MAX_ITEM_CHARS:
        return BadItemError(source.rel, item, f"text over {MAX_ITEM_CHARS:,} characters, skipped",
                            key)
    url, outlet = one_line(url), one_line(outlet)
    facts = "\x1f".join([text, date or "", title, url, outlet])
    return Article(
        path=key,
        text=text,
        body_start=0,
        date=date,
        lang=detect_language(text[:4000]),
        title=title,
        content_hash=hashlib.sha256(facts.encode("utf-8")).hexdigest(),
        source=source.rel,
        item=item,
        url=url,
        outlet=outlet,
        source_hash=source.fingerprint,
    )


def too_large(source: SourceFile, options: ReadOptions) -> BadArticleError | None:
    """Why a file is not read at all: over the size limit (raises OSError when it is gone)."""
    size = source.path.stat().st_size
    if size <= options.max_file_bytes:
        return None
    return BadArticleError(source.rel, f"{size / 2**20:,.0f} MB, over the limit of "
                           f"{options.max_file_bytes / 2**20:,.0f} MB (setting max_file_mb),"
                           " skipped")


def read_bytes(source: SourceFile, options: ReadOptions) -> bytes | BadArticleError:
    """The file's bytes, or why they cannot be read (gone, unreadable, over the size limit)."""
    try:
        return too_large(source, options) or source.path.read_bytes()
    except OSError as exc:
        return BadArticleError(
            source.rel, f"cannot be read ({exc.strerror or type(exc).__name__}), skipped")


def decode(source: SourceFile, raw: bytes) -> str | BadArticleError:
    """UTF-8 text (a byte order mark dropped), or why not."""
    if b"\x00" in raw[:8192]:
        return BadArticleError(source.rel, "binary file, skipped")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return BadArticleError(source.rel, f"not UTF-8 text (byte {exc.start}), skipped")
