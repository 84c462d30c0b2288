"""newsrag: cited answers over dated Vietnamese and English news articles.

The public API: build an `Assistant` (from settings, or `Assistant.from_config()`), `ingest` a folder,
then `ask` questions (text plus options, or a `Query`) and get an `Answer` whose `Citation`s quote
the articles exactly. Every error a user can fix is a `NewsragError` with a one-line message.

`Assistant` is imported on first use: `import rag` (and so `newsrag --help`) stays light, and each
command loads only what it needs (Chroma, the embedding model, BM25, the UI, an LLM client).
"""

from typing import TYPE_CHECKING, Any

from .config import Settings
from .errors import (
    BadArticleError,
    BadItemError,
    ChromaServerError,
    GoldFormatError,
    IndexBusyError,
    IndexMismatchError,
    LLMUnavailableError,
    MissingVariablesError,
    NewsragError,
)
from .filters import Filter
from .types import Answer, Citation, IngestReport, Query, Retrieval, TimeFilter

if TYPE_CHECKING:
    from .assistant import Assistant

__all__ = [
    "Answer",
    "Assistant",
    "BadArticleError",
    "BadItemError",
    "ChromaServerError",
    "Citation",
    "Filter",
    "GoldFormatError",
    "IndexBusyError",
    "IndexMismatchError",
    "IngestReport",
    "LLMUnavailableError",
    "MissingVariablesError",
    "NewsragError",
    "Query",
    "Retrieval",
    "Settings",
    "TimeFilter",
]


def __getattr__(name: str) -> Any:
    """`rag.Assistant`, imported when first asked for."""
    if name == "Assistant":
        from .assistant import Assistant

        return Assistant
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
