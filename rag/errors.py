"""Every error newsrag shows to users: each carries a one-line message naming the file or setting.

Messages never carry a secret: a server may echo the API key back in its error body, so every
message is passed through `redact` before anyone (terminal, log, eval output, UI) can see it.
"""

import os
import re

_SECRET_NAME = re.compile(r"API_KEY|TOKEN|SECRET|PASSWORD|AUTH", re.IGNORECASE)
_MIN_SECRET = 6  # shorter values ("x", "none") would mask ordinary words
MASK = "***"


class NewsragError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits non-zero."""

    def __init__(self, message: str = "") -> None:
        super().__init__(redact(str(message)))


class BadArticleError(NewsragError):
    """An article file that cannot be indexed (empty, binary, not UTF-8, malformed date header)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{shown(path)}: {reason}")
        self.path = path
        self.reason = reason


class BadItemError(BadArticleError):
    """A row or entry that cannot be indexed. `key` is the article it would have been (its
    indexed version is kept), when the item says enough to tell."""

    def __init__(self, source: str, item: str, reason: str, key: str | None = None) -> None:
        super().__init__(f"{source} {item}", reason)
        self.source, self.item, self.key = source, item, key


class IndexMismatchError(NewsragError):
    """The index was built with another embedding model than the one configured."""


class IndexBusyError(NewsragError):
    """Another ingest holds the index."""


class ChromaServerError(NewsragError):
    """The Chroma server is unreachable, refused us, or failed a request."""


class LLMUnavailableError(NewsragError):
    """The chat model could not give an answer (server down, timeout, rate limit, bad reply)."""


class MissingVariablesError(NewsragError):
    """A prompt template was rendered without all of its variables."""


class GoldFormatError(NewsragError):
    """A gold file line that does not follow the format; names the file, line and field."""


def shown(name: str) -> str:
    """A file name fit for a one-line message: quoted, escapes and all, when it holds a line break
    or another control character."""
    return name if name.isprintable() else repr(name)


def redact(text: str) -> str:
    """text with the values of secret-looking environment variables (OPENAI_API_KEY,
    NEWSRAG_UI_AUTH's password, ...) replaced by ***."""
    for name, value in os.environ.items():
        if _SECRET_NAME.search(name):
            for secret in (value, value.partition(":")[2]):
                if len(secret) >= _MIN_SECRET:
                    text = text.replace(secret, MASK)
    return text
