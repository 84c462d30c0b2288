"""The records every stage shares, in pipeline order: an article is read and chunked, chunks are
embedded and stored, a query retrieves hits, and an answer cites quotes from them.

Plain frozen dataclasses with no behaviour beyond small conveniences, so any stage can hold them
without depending on the stage that made them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .filters import Filter

if TYPE_CHECKING:
    import numpy as np

Span = tuple[int, int]  # [start, end) character offsets into an article's text
Mode = Literal["hybrid", "dense", "bm25"]
MODES: tuple[str, ...] = ("hybrid", "dense", "bm25")

# -- read and chunked ------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """One article: its text and the metadata every chunk and citation carries.

    A .txt/.md file is one article whose text is the file itself. A saved web page is one article
    whose text is its extracted main text; each row of a feed export and each entry of an RSS/Atom
    feed is an article of its own, `path` then being `<file>#<item id>`. Offsets point into `text`.
    """

    path: str  # the article's key: the file relative to the corpus root (forward slashes), plus
    # `#<item id>` for a row or entry (an id that survives re-exports: from its url, guid or title)
    text: str  # .txt/.md: the whole file, header included; other formats: the extracted text
    body_start: int  # offset of the first character after the date header
    date: str | None  # publication date YYYY-MM-DD, None when the article has none
    lang: str
    title: str
    content_hash: str  # changes when anything indexed about the article changes
    source: str = ""  # the corpus file it comes from ("": path itself)
    item: str = ""  # which item of that file: "line 12", "row 3", "entry 2" ("": the whole file)
    url: str = ""  # the article's address, when its page or feed gives one
    outlet: str = ""  # the publication: a site name, a feed's title, an export's source column
    source_hash: str = ""  # fingerprint of the whole source file ("": content_hash)

    @property
    def source_file(self) -> str:
        return self.source or self.path


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
    """What the index knows about one indexed article (a file, or an item of a file)."""

    file: str  # the article's key (Article.path)
    content_hash: str
    date: str | None
    lang: str
    title: str
    chunks: int
    source: str = ""  # the corpus file ("": file)
    item: str = ""
    url: str = ""
    outlet: str = ""
    source_hash: str = ""  # the source file's fingerprint when last read ("": content_hash)

    @property
    def source_file(self) -> str:
        return self.source or self.file

    @property
    def source_fingerprint(self) -> str:
        return self.source_hash or self.content_hash


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
    outlet: str = ""  # the article's publication, when its format names one
    url: str = ""  # the article's address, when its format gives one
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
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file or "file item", reason)
    undated: list[str] = field(default_factory=list)  # articles written this run with no date
    chunks: int = 0  # chunks written by this run
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        """Whether the index differs from before this ingest."""
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        """One line of counts, as `newsrag ingest` prints it."""
        return (
            f"added {len(self.added)}, updated {len(self.updated)}, removed {len(self.removed)}, "
            f"unchanged {len(self.unchanged)}, skipped {len(self.skipped)}; "
            f"{self.chunks} chunks written in {self.seconds:.1f} s"
        )

    def to_dict(self) -> dict:
        """The report as plain JSON-ready data."""
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
    nearest: str = ""  # "until" / "since": the days just before / after a day are asked for,
    # the closest one first ("the session before 26/11" is the 25th's)

    @property
    def has_range(self) -> bool:
        """Whether a date range applies (not only a preference for recent news)."""
        return self.since is not None or self.until is not None

    def to_dict(self) -> dict[str, Any]:
        """The `time_filter` object of `ask --json`."""
        return asdict(self)


AnswerKind = Literal["entity", "number", "date", "score", "description"]
Hint = Literal["person", "place", "organisation", ""]
Gathering = Literal["count", "list", ""]


@dataclass(frozen=True)
class Expectation:
    """What the answer must hold: its kind, a hint among entities, and for a number the unit the
    question names ("bao nhiêu tờ" -> "tờ", "how many people" -> "people")."""

    kind: AnswerKind
    hint: Hint = ""
    unit: str = ""


@dataclass(frozen=True)
class Translation:
    """A question asking what something is called in the other language."""

    language: str  # the language the name is wanted in
    subject: str  # what the question names, in its own language


@dataclass(frozen=True)
class Asked:
    """What a question asks for, read once (`rag.answer.asked.read_question`) when the Query is
    made, so that answerers, checks and the candidate finders read it instead of parsing the
    question again. Every word set is case-folded."""

    question: str
    language: str  # the question's language, "vi" or "en"
    expectation: Expectation = Expectation("description")
    gathering: Gathering = ""  # "count" (how many ...), "list" (which ones ...)
    translation: Translation | None = None  # "what is X called in English?"
    folded: str = ""  # the question case-folded (`rag.text.folding.casefolded`)
    unaccented: str = ""  # ... and without accents
    words: frozenset[str] = frozenset()  # every word
    content: frozenset[str] = frozenset()  # words that are no stop word nor a bare number
    heads: frozenset[str] = frozenset()  # the first five letters of its longer content words
    numbers: frozenset[str] = frozenset()  # the figures it writes ("68", "2,5")
    focus: frozenset[str] = frozenset()  # what a Vietnamese number question asks about
    name_endings: frozenset[str] = frozenset()  # its names and their endings, as written
    names: frozenset[str] = frozenset()  # ... without accents
    roles: frozenset[str] = frozenset()  # the roles it names ("president", "coach")
    rank: bool = False  # asks for a rank ("đứng thứ mấy", "ranked")
    ranked: frozenset[str] = frozenset()  # the nouns it ranks ("đợt" in "đợt xả thứ mấy")
    # the words a Vietnamese name of the place or body asked must follow ("bệnh viện nào":
    # "bệnh viện", "BV")
    named_by: tuple[str, ...] = ()
    money: bool = False  # asks about a sum of money ("giá", "cost")
    percent: bool = False  # asks about a share ("tỷ lệ", "rate", "%")
    how_many: bool = False  # says "how many"
    photo: bool = False  # asks about a photo (its credit answers "who")
    local_place: bool = False  # names a city, province or district
    # the questions of its parts, when it asks several things (`rag.answer.gathering`): a value
    # on several days, of several named subjects, or two questions in one; () when one
    parts: tuple[str, ...] = ()

    @property
    def kind(self) -> AnswerKind:
        return self.expectation.kind


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
    asked: Asked | None = None  # what the question asks for (None until resolved)


@dataclass(frozen=True)
class Scale:
    """Every similarity judgement on one embedding model's cosine scale: levels (thresholds),
    spans (margins and weights added to cosines) and cross-language offsets, for the three kinds
    of comparison. Made by `rag.index.calibration`, the one place that knows what the values are."""

    # a question against a passage (retrieval, answer selection, abstention)
    abstain_below: float
    abstain_below_cross_language: float
    question_offset: float  # what a question-passage pair in two languages gains
    overlap_weight: float
    short_penalty: float
    second_margin: float
    list_margin: float
    lexical_weight: float
    recency_weight: float
    question_penalty: float
    typed_margin: float
    span_weight: float
    person_margin: float
    person_weight: float
    version_cost: float
    time_weight: float
    name_weight: float
    day_report_margin: float
    # a passage against a passage (corroboration, duplicates, the support check)
    corroborate_above: float
    duplicate_above: float
    support_shared: float
    support_plain: float
    cross_language_offset: float  # what a passage pair in two languages gains
    # an article (mean chunk vector) against a chunk (stories)
    story_similarity: float
    story_offset: float  # what an article-chunk pair in two languages gains

    def question_gain(self, text_lang: str, query_lang: str) -> float:
        """What a question-passage similarity across two languages gains."""
        return self.question_offset if text_lang != query_lang else 0.0

    def passage_gain(self, a_lang: str, b_lang: str) -> float:
        """What a passage-passage similarity across two languages gains."""
        return self.cross_language_offset if a_lang != b_lang else 0.0

    def story_gain(self, a_lang: str, b_lang: str) -> float:
        """What an article-chunk similarity across two languages gains."""
        return self.story_offset if a_lang != b_lang else 0.0


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
    # how well its article's dates fit the day or range the question asks about, 0..1
    # (`rag.retrieve.fusion.time_affinity`); None when the question names no time
    time_fit: float | None = None


@dataclass(frozen=True)
class Retrieval:
    """What the answerer gets: the resolved query and the ranked hits."""

    query: Query
    hits: tuple[Hit, ...]
    unknown_numbers: frozenset[str] = frozenset()  # numbers in the question no article contains
    off_time: bool = False  # the question names a time that no retrieved article is about
    # chunks that would have been in the top k but for diversity (more copies of a story already
    # in `hits`): not ranked evidence, but other versions of the same facts, citable alongside
    alternates: tuple[Hit, ...] = ()
    scale: Scale | None = None  # the index's similarity thresholds (None: e5's, the reference)

    @property
    def question(self) -> str:
        """The question as asked."""
        return self.query.question

    @property
    def query_lang(self) -> str:
        """The question's language, "vi" or "en"."""
        return self.query.language

    @property
    def time_filter(self) -> TimeFilter | None:
        """The question's time intent (None: there is none)."""
        return self.query.time

    def files(self) -> list[str]:
        """Retrieved files, ranked, each once."""
        return list(dict.fromkeys(hit.chunk.file for hit in self.hits))


# -- answered ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """The n-th source of an answer: a quoted span of an article's text.

    `quote == text[start:end]`, where text is `Assistant.article_text(file)`: the file itself for
    .txt/.md, the extracted text (kept in the index) for web pages, rows and feed entries.
    """

    n: int
    file: str  # the article's key: a path relative to the corpus root, `#<item id>` for an item
    date: str | None
    quote: str
    start: int
    end: int
    lang: str = ""
    supported: bool | None = None  # does the quote support the answer sentence? None: unchecked
    title: str = ""  # the article's headline (its first line for .txt/.md)
    outlet: str = ""  # the publication, when the format names one
    url: str = ""  # the article's address, when the format gives one
    item: str = ""  # which item of the file: "line 12", "row 3", "entry 2" ("" for a whole file)

    def to_dict(self) -> dict:
        """One citation of `ask --json`."""
        return asdict(self)


@dataclass(frozen=True)
class ShortAnswer:
    """The fact asked for ("Đức Trịnh", "152,8 triệu đồng"), cut from a cited quote: the text is
    exactly the file's text at [start, end), inside citation `citation`'s quote. A total the
    quote implies ("44 countries" for "Vietnam joined 43 countries") is computed from that span
    instead, and says how (`arithmetic`)."""

    text: str
    citation: int
    start: int
    end: int
    arithmetic: str = ""  # "Vietnam + 43 = 44": how `text` follows from the quoted span

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SeriesPoint:
    """One day's value of a measure asked for on several days (`Answer.series`): the figure as
    cited (`text`, a span of citation `citation`'s quote) and read (`value`, `unit`); `value` and
    `citation` are None on a day no report gives it."""

    date: str  # YYYY-MM-DD
    value: float | None
    text: str = ""
    unit: str = ""
    citation: int | None = None

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
    short_answer: ShortAnswer | None = None  # the asked-for fact, when one could be cut out
    unsupported: tuple[str, ...] = ()  # a model's answer sentences that no retrieved text supports
    standalone_question: str | None = None  # a chat follow-up as rewritten (None: asked as is)
    # P(the answer is right), from the fitted model (rag.answer.confidence); None: not scored (an
    # answer the answerer itself declined, or no model)
    confidence: float | None = None
    # a question of several parts (rag.answer.gathering): the parts' questions as asked, and the
    # values of one measure on several days, by date
    parts: tuple[str, ...] = ()
    series: tuple[SeriesPoint, ...] = ()

    def to_dict(self) -> dict:
        """The `ask --json` object (`parts` and `series` only for a question of several parts)."""
        gathered = {"parts": list(self.parts),
                    "series": [p.to_dict() for p in self.series]} if self.parts else {}
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "retrieved": list(self.retrieved),
            "backend": self.backend,
            "warnings": list(self.warnings),
            "time_filter": self.time_filter.to_dict() if self.time_filter else None,
            "short_answer": self.short_answer.to_dict() if self.short_answer else None,
            "unsupported": list(self.unsupported),
            "standalone_question": self.standalone_question,
            "confidence": self.confidence,
            **gathered,
        }
