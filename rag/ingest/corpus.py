"""A corpus folder: which files are articles (or hold articles), and reading them.

Each file is read by the reader for its format (`rag.ingest.formats`): .txt/.md files are one
article each with an optional ` date YYYY-MM-DD ` header; saved web pages one article each; feed
exports (.jsonl, .csv) one article per row; RSS/Atom feeds one per entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import BadArticleError, NewsragError
from ..sources import inside
from ..types import Article
from .formats import SUFFIXES, ReadOptions, SourceFile, fingerprint, reader_for
from .formats.text import parse_date_header, read_article

ARTICLE_SUFFIXES = SUFFIXES
__all__ = ["ARTICLE_SUFFIXES", "iter_articles", "list_article_files",
           "parse_date_header", "read_article", "read_source_file"]


def list_article_files(root: Path) -> list[Path]:
    """All corpus files under root (any supported format), sorted; fails when the folder is
    missing or holds none."""
    if not root.is_dir():
        raise NewsragError(f"corpus folder not found: {root}")
    files = sorted(
        p for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
    )
    if not files:
        raise NewsragError(f"corpus folder has no article files ({', '.join(SUFFIXES)}): {root}")
    return files


def read_source_file(root: Path, path: Path, options: ReadOptions = ReadOptions(),
                     source_hash: str | None = None) -> Iterator[Article | BadArticleError]:
    """The articles of one corpus file, or the reasons it (or an item of it) was skipped."""
    rel = path.relative_to(root).as_posix()
    if not inside(root, path):
        yield BadArticleError(rel, "links to a file outside the corpus folder, skipped")
        return
    source = SourceFile(root, path, rel, source_hash or fingerprint(path, options) or "")
    yield from reader_for(path).read(source, options)


def iter_articles(root: Path, files: list[Path], options: ReadOptions = ReadOptions()
                  ) -> Iterator[Article | BadArticleError]:
    """Read each file, yielding its articles or the reasons they were skipped."""
    for path in files:
        yield from read_source_file(root, path, options)
