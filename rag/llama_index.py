"""newsrag inside llama-index pipelines: a retriever, a query engine, an LLM and document ingest.

The door for llama-index users, and the one module of newsrag that imports llama-index's query
machinery (import it explicitly: `import rag` does not load it).

- `NewsragRetriever`: newsrag's hybrid retrieval as a `BaseRetriever`; each `NodeWithScore` holds a
  `TextNode` whose text is exactly `file[start:end]` of an indexed article, with file, date, title,
  language, story and the offsets in its metadata. Put it under `RetrieverQueryEngine`, node
  postprocessors or evaluators like any other retriever.
- `NewsragQueryEngine`: newsrag's own answers as a llama-index `Response` whose `source_nodes` are
  the answer's citations (quotes checked against the files), streamed or not.
- Metadata filters on `date` (==, >, >=, <, <=) and `language` (==, in) map to `rag.filters.Filter`.
- `ingest_documents`: llama-index `Document`s (any reader's output) written as dated .txt files into
  a corpus folder and ingested, so citations keep `quote == file[start:end]`.
- `NewsragLLM`: the chat model newsrag is configured with (any OpenAI-compatible server), as a
  llama-index LLM for llama-index's own synthesizers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from llama_index.core.base.base_query_engine import BaseQueryEngine
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.llms.types import (
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.base.response.schema import Response, StreamingResponse
from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.core.callbacks import CallbackManager
from llama_index.core.llms.callbacks import llm_completion_callback
from llama_index.core.llms.custom import CustomLLM
from llama_index.core.schema import (
    Document,
    NodeRelationship,
    NodeWithScore,
    QueryBundle,
    RelatedNodeInfo,
    TextNode,
)
from llama_index.core.vector_stores.types import (
    FilterCondition,
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
)

from .answer.base import ChatModel
from .assistant import Assistant
from .config import Settings
from .errors import NewsragError
from .filters import LANGUAGES, Filter
from .ingest.corpus import parse_date_header
from .types import Answer, Citation, Hit, IngestReport, Mode, Query, Retrieval, StoredChunk
from .wiring import make_answerer

__all__ = [
    "CitedStreamingResponse",
    "NewsragLLM",
    "NewsragQueryEngine",
    "NewsragRetriever",
    "as_filter",
    "document_files",
    "ingest_documents",
]

# node metadata the LLM sees (file, date, title, language) and what it does not need to read
_NOT_FOR_LLM = ["story", "start", "end", "n", "supported"]
_NOT_FOR_EMBEDDING = ["file", "date", "title", "language", "story", "start", "end", "n",
                      "supported"]
DATE_KEYS = ("date", "publication_date", "published", "pub_date")  # a Document's publication date

# -- filters --------------------------------------------------------------------------------------

_DATE_OPERATORS = {FilterOperator.EQ, FilterOperator.GT, FilterOperator.GTE, FilterOperator.LT,
                   FilterOperator.LTE}
_UNSUPPORTED = ("newsrag filters on date (==, >, >=, <, <=, with YYYY-MM-DD values) and "
                "language (==, in), all of them joined by AND")


def as_filter(filters: MetadataFilters | Filter | None) -> Filter:
    """A llama-index `MetadataFilters` as newsrag's `Filter` (a `Filter` passes through).

    `date` bounds the publication date (`>` and `<` are exclusive, whole days), `language` (or
    `lang`) keeps articles in one language. Anything else is a one-line error saying what is
    supported: a filter silently ignored would answer from articles the caller ruled out.
    """
    if filters is None:
        return Filter()
    if isinstance(filters, Filter):
        return filters
    if filters.condition not in (None, FilterCondition.AND) and len(filters.filters) > 1:
        raise NewsragError(f"metadata filters joined by {filters.condition.value!r}: "
                           f"{_UNSUPPORTED}")
    since: str | None = None
    until: str | None = None
    languages = set(LANGUAGES)
    for item in filters.filters:
        if isinstance(item, MetadataFilters):
            nested = as_filter(item)
            since, until = _later(since, nested.since), _earlier(until, nested.until)
            languages &= {nested.lang} if nested.lang else set(LANGUAGES)
            continue
        if item.key == "date" and item.operator in _DATE_OPERATORS:
            day = _filter_day(item)
            if item.operator in (FilterOperator.EQ, FilterOperator.GTE, FilterOperator.GT):
                first = day + dt.timedelta(days=item.operator == FilterOperator.GT)
                since = _later(since, first.isoformat())
            if item.operator in (FilterOperator.EQ, FilterOperator.LTE, FilterOperator.LT):
                last = day - dt.timedelta(days=item.operator == FilterOperator.LT)
                until = _earlier(until, last.isoformat())
        elif item.key in ("language", "lang") and item.operator in (FilterOperator.EQ,
                                                                    FilterOperator.IN):
            values = item.value if isinstance(item.value, list) else [item.value]
            unknown = [v for v in values if v not in LANGUAGES]
            if unknown:
                raise NewsragError(f"metadata filter {item.key} {item.operator.value} "
                                   f"{item.value!r}: languages are {', '.join(LANGUAGES)}")
            languages &= set(values)
        else:
            raise NewsragError(f"metadata filter {item.key} {item.operator.value} "
                               f"{item.value!r} is not supported: {_UNSUPPORTED}")
    if not languages:
        raise NewsragError("metadata filters on language exclude every language")
    return Filter(since=since, until=until, lang=languages.pop() if len(languages) == 1 else None)


def _filter_day(item: MetadataFilter) -> dt.date:
    try:
        return dt.date.fromisoformat(str(item.value))
    except ValueError:
        raise NewsragError(f"metadata filter date {item.operator.value} {item.value!r}: "
                           "not a date (want YYYY-MM-DD)") from None


def _later(a: str | None, b: str | None) -> str | None:
    return max(a, b) if a and b else a or b


def _earlier(a: str | None, b: str | None) -> str | None:
    return min(a, b) if a and b else a or b


# -- nodes ----------------------------------------------------------------------------------------


def chunk_node(hit: Hit) -> NodeWithScore:
    """A retrieved chunk as a scored node: its text is exactly `file[start:end]`."""
    chunk = hit.chunk
    return NodeWithScore(node=_node(chunk.id, chunk.text, chunk.start, chunk.end, chunk),
                         score=hit.score)


def citation_node(citation: Citation, chunk: StoredChunk | None) -> NodeWithScore:
    """A citation as a node: the exact quote with its offsets; title and story come from the
    retrieved chunk it was quoted from."""
    node = _node(f"{citation.file}::{citation.start}-{citation.end}", citation.quote,
                 citation.start, citation.end, chunk,
                 file=citation.file, date=citation.date, language=citation.lang,
                 n=citation.n, supported=citation.supported)
    return NodeWithScore(node=node, score=None)


def _node(node_id: str, text: str, start: int, end: int, chunk: StoredChunk | None,
          **overrides: Any) -> TextNode:
    metadata: dict[str, Any] = {
        "file": chunk.file if chunk else "",
        "date": chunk.date if chunk else None,
        "title": chunk.title if chunk else "",
        "language": chunk.lang if chunk else "",
        "story": chunk.story if chunk else "",
        "start": start,
        "end": end,
        **overrides,
    }
    return TextNode(
        id_=node_id, text=text, start_char_idx=start, end_char_idx=end, metadata=metadata,
        excluded_llm_metadata_keys=[k for k in _NOT_FOR_LLM if k in metadata],
        excluded_embed_metadata_keys=[k for k in _NOT_FOR_EMBEDDING if k in metadata],
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=metadata["file"])},
    )


def citation_nodes(answer: Answer, retrieval: Retrieval) -> list[NodeWithScore]:
    """The answer's citations, in order, as nodes."""
    hits = (*retrieval.hits, *retrieval.alternates)

    def source_chunk(c: Citation) -> StoredChunk | None:
        holding = [h.chunk for h in hits if h.chunk.file == c.file
                   and h.chunk.start <= c.start and c.end <= h.chunk.end]
        return holding[0] if holding else next((h.chunk for h in hits if h.chunk.file == c.file),
                                               None)

    return [citation_node(c, source_chunk(c)) for c in answer.citations]


def answer_metadata(answer: Answer) -> dict[str, Any]:
    """What a `Response` carries besides text and sources: the typed `Answer` under "answer"."""
    return {
        "answer": answer,
        "abstained": answer.abstained,
        "backend": answer.backend,
        "warnings": list(answer.warnings),
        "time_filter": answer.time_filter.to_dict() if answer.time_filter else None,
        "confidence": answer.confidence,
    }


# -- retriever and query engine -------------------------------------------------------------------


class NewsragRetriever(BaseRetriever):
    """newsrag's hybrid retrieval (dense + best sentence + BM25, the question's time intent, date
    and language filters) as a llama-index retriever: one node per chunk, best first."""

    def __init__(
        self,
        assistant: Assistant,
        *,
        top_k: int | None = None,
        filters: MetadataFilters | Filter | None = None,
        mode: Mode = "hybrid",
        callback_manager: CallbackManager | None = None,
        verbose: bool = False,
    ) -> None:
        super().__init__(callback_manager=callback_manager, verbose=verbose)
        self.assistant = assistant
        self.top_k = top_k
        self.filter = as_filter(filters)
        self.mode: Mode = mode

    def query(self, question: str) -> Query:
        """The newsrag query for a question, with this retriever's options."""
        return Query(question, self.filter, self.top_k, self.mode)

    def retrieval(self, question: str) -> Retrieval:
        """newsrag's own record of the evidence (the resolved query, hits and alternates)."""
        return self.assistant.retrieve(self.query(question))

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [chunk_node(hit) for hit in self.retrieval(query_bundle.query_str).hits]


@dataclass
class CitedStreamingResponse(StreamingResponse):
    """A streamed newsrag answer. Citations are known only once the answer is complete, so
    `source_nodes` and `metadata` fill in when `response_gen` is exhausted; `get_response()`
    then gives the checked answer's text, whose `[n]` markers match `source_nodes`."""

    answer: Answer | None = None

    def get_response(self) -> Response:
        super().get_response()  # drains the stream
        text = self.answer.text if self.answer is not None else self.response_txt
        return Response(text, self.source_nodes, self.metadata)


class NewsragQueryEngine(BaseQueryEngine):
    """Questions answered by newsrag (extractive offline, or the configured chat model), as
    llama-index responses whose `source_nodes` are the citations: exact quotes of the files,
    checked, numbered as the answer's `[n]` markers."""

    def __init__(
        self,
        assistant: Assistant,
        *,
        streaming: bool = False,
        top_k: int | None = None,
        filters: MetadataFilters | Filter | None = None,
        mode: Mode = "hybrid",
        callback_manager: CallbackManager | None = None,
    ) -> None:
        super().__init__(callback_manager)
        self.assistant = assistant
        self.streaming = streaming
        self.retriever = NewsragRetriever(assistant, top_k=top_k, filters=filters, mode=mode)

    def _get_prompt_modules(self) -> dict[str, Any]:
        return {}  # newsrag's prompts are package files (rag/prompts/), not llama-index prompts

    def retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self.retriever.retrieve(query_bundle)

    def _query(self, query_bundle: QueryBundle) -> Response | CitedStreamingResponse:
        retrieval = self.retriever.retrieval(query_bundle.query_str)
        if not self.streaming:
            answer = self.assistant.answer(retrieval)
            return Response(answer.text, citation_nodes(answer, retrieval),
                            answer_metadata(answer))
        response = CitedStreamingResponse(response_gen=iter(()), metadata={})
        response.response_gen = self._stream(retrieval, response)
        return response

    def _stream(self, retrieval: Retrieval, response: CitedStreamingResponse) -> Iterator[str]:
        for item in self.assistant.answer_stream(retrieval):
            if isinstance(item, str):
                yield item
            else:
                response.answer = item
                response.source_nodes[:] = citation_nodes(item, retrieval)
                response.metadata = answer_metadata(item)

    async def _aquery(self, query_bundle: QueryBundle) -> Response | CitedStreamingResponse:
        return await asyncio.to_thread(self._query, query_bundle)


# -- documents in ---------------------------------------------------------------------------------


def ingest_documents(assistant: Assistant, documents: Iterable[Document],
                     corpus_dir: str | Path, progress: bool = False) -> IngestReport:
    """Index llama-index `Document`s (any reader's output): each is written into `corpus_dir` as a
    .txt file, dated by its `date` metadata (or the ` date YYYY-MM-DD ` header its text already
    has), and the folder is ingested, so every citation is checkable in a file on disk.

    Files are named after the document's source (`file_path`, `url` or id), so documents read
    again from the same sources update their files in place and unchanged ones cost nothing.
    Other files already in `corpus_dir` stay part of the corpus.
    """
    files = document_files(documents)
    folder = Path(corpus_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files:
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8", errors="replace") != text:
            path.write_text(text, encoding="utf-8")
    return assistant.ingest(folder, progress=progress)


def document_files(documents: Iterable[Document]) -> list[tuple[str, str]]:
    """(file name, file text) for each document; a bad `date` is an error naming the document,
    raised before anything is written."""
    documents = list(documents)
    identities = [_identity(doc) for doc in documents]
    repeats = Counter(identities)
    seen: Counter[str] = Counter()
    files = []
    for doc, identity in zip(documents, identities):
        seen[identity] += 1
        part = f"-{seen[identity]}" if repeats[identity] > 1 else ""  # pages of one PDF, ...
        key = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:10]
        name = f"{_slug(doc)}-{key}{part}.txt"
        files.append((name, _dated_text(doc, name)))
    return files


def _identity(doc: Document) -> str:
    meta = doc.metadata or {}
    return str(meta.get("file_path") or meta.get("url") or meta.get("source") or doc.id_)


def _slug(doc: Document) -> str:
    meta = doc.metadata or {}
    stem = Path(str(meta.get("file_name") or meta.get("title") or "document")).stem
    return re.sub(r"[^\w.]+", "-", stem).strip("-.")[:60] or "document"


def _dated_text(doc: Document, name: str) -> str:
    text = doc.text
    if parse_date_header(name, text)[0] is not None:  # a malformed header is reported here too
        return text
    meta = doc.metadata or {}
    key = next((k for k in DATE_KEYS if meta.get(k)), None)
    if key is None:
        return text
    return f" date {_day(meta[key], name, key)} {text}"


def _day(value: Any, name: str, key: str) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", str(value))
    if match:
        try:
            return dt.date.fromisoformat(match.group(1)).isoformat()
        except ValueError:
            pass
    raise NewsragError(f"document {name}: metadata {key} = {value!r} is not a date "
                       "(want YYYY-MM-DD)")


# -- an LLM for llama-index's own synthesizers ----------------------------------------------------


class NewsragLLM(CustomLLM):
    """The chat model newsrag is configured with (OPENAI_BASE_URL / OPENAI_API_KEY, `llm_model`,
    `answer_tokens`, `llm_timeout`, `llm_retries`) as a llama-index LLM, with newsrag's one-line
    errors. Replies come whole: `stream_complete` yields one piece."""

    model: str = "newsrag"
    context_window: int = 4096
    num_output: int = 400
    _chat: ChatModel = PrivateAttr()

    def __init__(self, chat_model: ChatModel, **fields: Any) -> None:
        super().__init__(**fields)
        self._chat = chat_model

    @classmethod
    def from_settings(cls, settings: Settings | None = None, context_window: int = 4096
                      ) -> "NewsragLLM":
        """The OpenAI-compatible chat model these settings name (whatever their `llm` mode)."""
        settings = replace(settings or Settings.load(), llm="openai")
        chat_model = make_answerer(settings).chat_model
        assert chat_model is not None  # llm=openai always has one
        return cls(chat_model, model=settings.llm_model, context_window=context_window,
                   num_output=settings.answer_tokens)

    @classmethod
    def class_name(cls) -> str:
        return "NewsragLLM"

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(context_window=self.context_window, num_output=self.num_output,
                           model_name=self.model)

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._chat.complete(prompt))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any
                        ) -> CompletionResponseGen:
        text = self._chat.complete(prompt)

        def whole() -> CompletionResponseGen:
            yield CompletionResponse(text=text, delta=text)

        return whole()
