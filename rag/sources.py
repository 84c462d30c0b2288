"""Reading corpus files back to check citations: `quote == file_text[start:end]`, always.

Nothing outside the corpus folder is ever read: `../`, absolute paths and symlinks that point out
are refused here, for ingest and citation checks alike.
"""

from __future__ import annotations

from pathlib import Path


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
    """Reads each cited file once per answer to check quotes against what is on disk now."""

    def __init__(self, corpus_root: Path | None) -> None:
        self.corpus_root = corpus_root
        self._texts: dict[str, str | None] = {}

    def holds(self, file: str, start: int, end: int, quote: str) -> bool:
        """Whether file[start:end] is exactly quote (always False without a corpus root)."""
        if self.corpus_root is None:
            return False
        if file not in self._texts:
            self._texts[file] = read_source(self.corpus_root, file)
        return quote_matches(self._texts[file], start, end, quote)
