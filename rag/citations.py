"""Citations that can be checked: `quote == file_text[start:end]`, always."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from .corpus import inside

_MARKER = re.compile(r"\[(\s*\d+(?:\s*[,;]\s*\d+)*\s*)\]")


@dataclass(frozen=True)
class Citation:
    """The n-th source of an answer: a quoted span of an article file."""

    n: int
    file: str  # relative to the corpus root
    date: str | None
    quote: str
    start: int
    end: int
    lang: str = ""
    supported: bool | None = None  # does the quote support the answer sentence? None: unchecked

    def to_dict(self) -> dict:
        return asdict(self)


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


def defuse_markers(text: str) -> str:
    """Article text with `[n]` written `(n)`: only newsrag writes citation markers, so a bracketed
    number in an article can neither pose as one in an answer nor be copied by the model as one."""
    return _MARKER.sub(r"(\1)", text)
