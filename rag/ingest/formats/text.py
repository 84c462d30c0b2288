"""Plain-text articles (.txt, .md): the file is the article, with an optional date header.

An article file may start with the header ` date YYYY-MM-DD `; the text follows on the same line.
Text is read exactly as `open(path, encoding="utf-8").read()` reads it, so every character offset we
store is an offset into what a user gets when they open the file the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Iterator

from ...errors import BadArticleError
from ...sources import TEXT_SUFFIXES, inside
from ...text.language import detect_language
from ...types import Article
from .base import ReadOptions, SourceFile

# the value must start with a digit: an article that merely begins with the word "date" has none
_HEADER = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d\S*)[ \t]*")
_TITLE_CHARS = 120


class TextReader:
    """.txt and .md files, one article each, read from disk again to check every quote."""

    suffixes = TEXT_SUFFIXES
    multi_item = False

    def read(self, source: SourceFile, options: ReadOptions
             ) -> Iterator[Article | BadArticleError]:
        try:
            yield read_article(source.root, source.path, options.max_file_bytes)
        except BadArticleError as exc:
            yield exc


def read_article(root: Path, path: Path, max_bytes: int | None = None) -> Article:
    """Parse one file; raises BadArticleError naming the file when it cannot be indexed."""
    rel = path.relative_to(root).as_posix()
    if not inside(root, path):
        raise BadArticleError(rel, "links to a file outside the corpus folder, skipped")
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise BadArticleError(rel, f"{path.stat().st_size / 2**20:,.0f} MB, over the limit of "
                                  f"{max_bytes / 2**20:,.0f} MB (setting max_file_mb), skipped")
        raw = path.read_bytes()
    except OSError as exc:
        raise BadArticleError(
            rel, f"cannot be read ({exc.strerror or type(exc).__name__}), skipped"
        ) from None
    if b"\x00" in raw[:8192]:
        raise BadArticleError(rel, "binary file, skipped")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadArticleError(rel, f"not UTF-8 text (byte {exc.start}), skipped") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as open() in text mode reads it
    date, body_start = parse_date_header(rel, text)
    body = text[body_start:]
    if not visible(body):
        raise BadArticleError(rel, "empty article, skipped")
    return Article(
        path=rel,
        text=text,
        body_start=body_start,
        date=date,
        lang=detect_language(body[:4000]),
        title=_title(path, body),
        content_hash=hashlib.sha256(raw).hexdigest(),
        outlet=outlet_from_name(path.stem),
    )


# "vnexpress-kinh-doanh_f64987ba", "tuoi-tre_195c9ad7": how scrapers and feed archivers name items
_OUTLET_NAME = re.compile(r"(?P<outlet>[a-z][a-z0-9.-]*[a-z])_[0-9a-f]{6,}")


def outlet_from_name(stem: str) -> str:
    """The outlet a file is named after (`<outlet>_<hex id>.txt`, as feed archives name items),
    or "" for any other name."""
    match = _OUTLET_NAME.fullmatch(stem)
    return match["outlet"] if match else ""


def parse_date_header(rel: str, text: str) -> tuple[str | None, int]:
    """(date, body offset); a header whose date is not a real YYYY-MM-DD is an error."""
    match = _HEADER.match(text)
    if not match:
        return None, 0
    value = match.group(1)
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        raise BadArticleError(rel, f"malformed date header {value!r} (want YYYY-MM-DD), skipped")
    return value, match.end()


def visible(text: str) -> bool:
    """Whether text shows anything: white space and invisible format characters do not count."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def _title(path: Path, body: str) -> str:
    for line in body.splitlines():
        line = line.strip()
        if line:
            if path.suffix.lower() == ".md":
                line = line.lstrip("#").strip()
            return line if len(line) <= _TITLE_CHARS else line[: _TITLE_CHARS - 1].rstrip() + "…"
    return path.stem
