"""Reading articles back to check citations: `quote == text[start:end]`, always.

A .txt/.md article's text is its file, read again from disk, so a quote is checked against what a
user gets by opening the file. Any other article's text (a web page's main text, a feed entry, an
export row) was extracted at ingest and is kept in the index; it is read back from there.

Nothing outside the corpus folder is ever read: `../`, absolute paths and symlinks that point out
are refused here, for ingest and citation checks alike.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Callable

TEXT_SUFFIXES = (".txt", ".md")  # articles whose text is their file, as it is on disk
StoredTexts = Callable[[list[str]], dict[str, str]]  # article keys -> texts kept in the index


def text_on_disk(file: str) -> bool:
    """Whether an article's text is its file (.txt/.md) rather than text kept in the index (a
    web page, an export row, a feed entry: their keys end in another suffix or `#<item id>`)."""
    return PurePosixPath(file).suffix.lower() in TEXT_SUFFIXES


def inside(root: Path, path: Path) -> bool:
    """Whether path, symlinks followed, lies under root: nothing outside the corpus is read."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # unreadable, or a symlink loop
        return False


def read_source(corpus_root: Path, file: str) -> str | None:
    """A corpus file's text exactly as users open it; None when it is gone, unreadable, or outside
    the corpus folder (`../`, an absolute path, a symlink pointing out)."""
    path = corpus_root / file
    if not inside(corpus_root, path):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def quote_matches(source_text: str | None, start: int, end: int, quote: str) -> bool:
    """The citation rule: the quote is exactly the source's text at [start:end]."""
    return (
        source_text is not None
        and 0 <= start < end <= len(source_text)
        and source_text[start:end] == quote
    )


class SourceTexts:
    """Reads each cited article once per answer to check quotes: a .txt/.md file as it is on disk
    now, any other article as its extracted text was kept in the index (`stored`)."""

    def __init__(self, corpus_root: Path | None, stored: StoredTexts | None = None) -> None:
        self.corpus_root = corpus_root
        self._stored = stored
        self._texts: dict[str, str | None] = {}

    def text(self, file: str) -> str | None:
        """The article's text; None when it is gone or cannot be read."""
        if file not in self._texts:
            if text_on_disk(file):
                self._texts[file] = (read_source(self.corpus_root, file)
                                     if self.corpus_root is not None else None)
            else:
                self._texts[file] = (self._stored([file]).get(file)
                                     if self._stored is not None else None)
        return self._texts[file]

    def holds(self, file: str, start: int, end: int, quote: str) -> bool:
        """Whether the article's text[start:end] is exactly quote (False when it cannot be read,
        e.g. without a corpus root)."""
        if self.corpus_root is None:
            return False
        return quote_matches(self.text(file), start, end, quote)
