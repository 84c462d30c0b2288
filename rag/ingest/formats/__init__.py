"""Corpus file formats, one module each behind the `Reader` protocol (`base.py`): plain-text
articles, saved web pages, JSON Lines and CSV feed exports, RSS/Atom feeds. Whatever the format,
the pipeline sees `Article`s."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .base import BadItemError, Reader, ReadOptions, SourceFile
from .csvfile import CsvReader
from .feeds import FeedReader
from .html import HtmlReader
from .jsonl import JsonLinesReader
from .text import TextReader

READERS: tuple[Reader, ...] = (TextReader(), HtmlReader(), JsonLinesReader(), CsvReader(),
                               FeedReader())
SUFFIXES: tuple[str, ...] = tuple(s for reader in READERS for s in reader.suffixes)
_BY_SUFFIX = {suffix: reader for reader in READERS for suffix in reader.suffixes}

__all__ = ["BadItemError", "READERS", "ReadOptions", "Reader", "SUFFIXES", "SourceFile",
           "fingerprint", "reader_for"]


def reader_for(path: Path) -> Reader:
    """The reader for a corpus file, by its suffix (a file of another kind is never listed)."""
    return _BY_SUFFIX[path.suffix.lower()]


def fingerprint(path: Path, options: ReadOptions) -> str | None:
    """What decides the articles read from a file: a hash of its bytes (read in blocks), and for
    exports the column names mapped in settings; None when it cannot be read (reading it again
    then reports why)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError:
        return None
    file_hash = digest.hexdigest()
    extra = options.fingerprint() if reader_for(path).multi_item else ""
    return hashlib.sha256(f"{file_hash}\x1f{extra}".encode()).hexdigest() if extra else file_hash
