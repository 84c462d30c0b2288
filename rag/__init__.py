"""newsrag: cited answers over dated Vietnamese and English news articles."""

from .answering import Answer
from .assistant import Assistant
from .citations import Citation
from .config import Settings
from .errors import NewsragError
from .ingest import IngestReport

__all__ = ["Answer", "Assistant", "Citation", "IngestReport", "NewsragError", "Settings"]
