"""newsrag: cited answers over dated Vietnamese and English news articles.

The public API: build an `Assistant` (from settings, or `Assistant.from_config()`), `ingest` a folder,
then `ask` questions (text plus options, or a `Query`) and get an `Answer` whose `Citation`s quote
the articles exactly. Every error a user can fix is a `NewsragError` with a one-line message.
"""

from .assistant import Assistant
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
