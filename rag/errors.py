"""Errors newsrag shows to users: each carries a one-line message naming the file or setting."""


class NewsragError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits non-zero."""


class BadArticleError(NewsragError):
    """An article file that cannot be indexed (empty, binary, not UTF-8, malformed date header)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{shown(path)}: {reason}")
        self.path = path
        self.reason = reason


class IndexMismatchError(NewsragError):
    """The index was built with another embedding model than the one configured."""


def shown(name: str) -> str:
    """A file name fit for a one-line message: quoted, escapes and all, when it holds a line break
    or another control character."""
    return name if name.isprintable() else repr(name)
