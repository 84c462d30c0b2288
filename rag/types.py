"""The records every stage shares, in pipeline order: an article is read and chunked, chunks are
embedded and stored, a query retrieves hits, and an answer cites quotes from them.

Plain frozen dataclasses with no behaviour beyond small conveniences, so any stage can hold them
without depending on the stage that made them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from .filters import Filter

Span = tuple[int, int]  # [start, end) character offsets into an article's file
Mode = Literal["hybrid", "dense", "bm25"]
MODES: tuple[str, ...] = ("hybrid", "dense", "bm25")

# -- read and chunked ------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """One article file: its text and the metadata every chunk and citation carries."""

    path: str  # relative to the corpus root, with forward slashes
    text: str  # the whole file, header included
    body_start: int  # offset of the first character after the date header
    date: str | None  # publication date YYYY-MM-DD, None when the file has no header
    lang: str
    title: str
    content_hash: str


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences of one article, with offsets into the article's file."""

    id: str
    file: str
    index: int
    start: int
    end: int
    sentences: tuple[Span, ...]
    text: str
    dates: tuple[tuple[int, int], ...] = ()  # dates the text mentions, (YYYYMMDD, YYYYMMDD)


# -- embedded and stored -----------------------------------------------------------------------


@dataclass(frozen=True)
class EmbeddedArticle:
    """An article ready to store: its chunks and the embeddings of chunks and sentences."""

    article: Article
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    sentence_vectors: dict[Span, np.ndarray]
    story: str = ""  # the story id (rag.ingest.stories); the article's path when it stands alone


@dataclass(frozen=True)
class FileRecord:
    """What the index knows about one indexed file."""

    file: str
    content_hash: str
    date: str | None
    lang: str
    title: str
    chunks: int


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back from the store."""

    id: str
    file: str
    date: str | None
    lang: str
    title: str
    start: int
    end: int
    sentences: tuple[Span, ...]
    text: str
    dates: tuple[tuple[int, int], ...] = ()  # dates the chunk mentions (YYYYMMDD ranges)
    story: str = ""  # articles reporting the same story share it (rag.ingest.stories)
    packed_sentence_vectors: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class StoredSentence:
    """One sentence of a chunk with its passage embedding."""

    chunk_id: str
    file: str
    lang: str
    start: int
    end: int
    text: str
    embedding: np.ndarray


@dataclass
class IngestReport:
    """What one ingest did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    chunks: int = 0  # chunks written by this run
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (
            f"added {len(self.added)}, updated {len(self.updated)}, removed {len(self.removed)}, "
            f"unchanged {len(self.unchanged)}, skipped {len(self.skipped)}; "
            f"{self.chunks} chunks written in {self.seconds:.1f} s"
        )

    def to_dict(self) -> dict:
        return asdict(self)


# -- asked and retrieved -------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeFilter:
    """A question's time intent: a date range ([since, until], ISO dates, either open) and/or a
    preference for recent news. `source` says where the range came from: "question" (it admits
    articles published in it or mentioning it) or "options" (--since/--until: publication only)."""

    since: str | None = None
    until: str | None = None
    recency: bool = False
    phrase: str = ""  # the question's words it was read from
    source: str = "question"  # "question" | "options"

    @property
    def has_range(self) -> bool:
        return self.since is not None or self.until is not None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Query:
    """A question and everything that shapes its answer; it flows from a door to the answerer.

    A door fills in what the user said (`question`, `filter`, `top_k`, `mode`); the assistant
    resolves the rest (`language` detected from the question, `time` read from it) before
    retrieval, so every stage after sees the same complete record.
    """

    question: str
    filter: Filter = Filter()  # the user's date and language restrictions
    top_k: int | None = None  # None: the `top_k` setting
    mode: Mode = "hybrid"
    language: str = ""  # the question's language, "vi" or "en" ("" until resolved)
    time: TimeFilter | None = None  # the time intent retrieval applies (None: there is none)

    def effective_filter(self) -> Filter:
        """The user's filter joined with the question's own time range (which admits articles
        published in it, mentioning it, or undated)."""
        if self.time is None or not self.time.has_range or self.time.source != "question":
            return self.filter
        return self.filter.about(self.time.since, self.time.until)


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence of a retrieved chunk with its similarity to the question."""

    file: str
    lang: str
    start: int
    end: int
    text: str
    similarity: float
    embedding: np.ndarray


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk, its fused score and its sentences scored against the question."""

    chunk: StoredChunk
    score: float
    sentences: tuple[ScoredSentence, ...]


@dataclass(frozen=True)
class Retrieval:
    """What the answerer gets: the resolved query and the ranked hits."""

    query: Query
    hits: tuple[Hit, ...]
    unknown_numbers: frozenset[str] = frozenset()  # numbers in the question no article contains
    # chunks that would have been in the top k but for diversity (more copies of a story already
    # in `hits`): not ranked evidence, but other versions of the same facts, citable alongside
    alternates: tuple[Hit, ...] = ()

    @property
    def question(self) -> str:
        return self.query.question

    @property
    def query_lang(self) -> str:
        return self.query.language

    @property
    def time_filter(self) -> TimeFilter | None:
        return self.query.time

    def files(self) -> list[str]:
        """Retrieved files, ranked, each once."""
        return list(dict.fromkeys(hit.chunk.file for hit in self.hits))


# -- answered ------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Answer:
    """An answer with its citations; `abstained` when the articles do not answer the question."""

    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    retrieved: tuple[str, ...]
    backend: str
    warnings: tuple[str, ...] = field(default=())
    time_filter: TimeFilter | None = None  # the question's time intent, or --since/--until
    standalone_question: str | None = None  # a chat follow-up as rewritten (None: asked as is)

    def to_dict(self) -> dict:
        """The `ask --json` object."""
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "retrieved": list(self.retrieved),
            "backend": self.backend,
            "warnings": list(self.warnings),
            "time_filter": self.time_filter.to_dict() if self.time_filter else None,
            "standalone_question": self.standalone_question,
        }
