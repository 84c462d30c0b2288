"""`Assistant`: the one Python API the CLI, the UI and the eval harness share."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from .answer.asked import read_question
from .answer.base import Answerer
from .answer.confidence import ConfidenceModel, scored, shipped_model
from .answer.gathering import Part, compose, split
from .check.support import check_citations
from .config import Settings, parse_columns
from .conversation import condensed, resolve_turn
from .errors import NewsragError
from .filters import Filter
from .index.calibration import Calibration, current
from .index.embedders import Embedder
from .index.lexical import LexicalIndex
from .index.locking import IndexLocks
from .index.store import ChunkStore
from .ingest.corpus import ARTICLE_SUFFIXES
from .ingest.uploads import append_upload_log, received_files, upload_record
from .retrieve.retriever import HybridRetriever
from .retrieve.timefilter import time_filter
from .sources import SourceTexts
from .text.language import detect_language
from .types import Answer, Citation, FileRecord, IngestReport, Mode, Query, Retrieval
from .wiring import make_answerer, make_embedder, make_store

_LEXICAL_DIR = "bm25"
History = list[tuple[str, str]]  # (user, assistant) turns, oldest first


class Assistant:
    """Ingest a folder of articles, then answer questions with verifiable citations.

    Questions are given as text plus options (`top_k`, `since`, `until`, `lang`, `mode`) or as a
    `Query`; either way one resolved `Query` travels to the answerer.
    """

    def __init__(
        self,
        index_dir: str | Path | None = None,
        *,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        answerer: Answerer | None = None,
        store: ChunkStore | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.today = today  # what "last week" is relative to (None: the real today)
        self.settings = settings or Settings.load(index_dir=str(index_dir) if index_dir else None)
        self.index_dir = Path(self.settings.index_dir)
        self.embedder = embedder or make_embedder(self.settings)
        self.answerer: Answerer = answerer or make_answerer(self.settings, self.embedder)
        self.store = store or make_store(self.settings, self.embedder)
        self._lexical: LexicalIndex | None = None
        self._lexical_mutex = threading.Lock()  # one thread (re)builds BM25, the others wait
        self._newest: tuple[str | None, dt.date | None] = (None, None)
        self.locks = IndexLocks(self.index_dir, self.settings.lock_timeout)
        self.retriever = HybridRetriever(self.store, self.lexical_index, self.embedder)

    @classmethod
    def from_config(cls, config_file: str | Path | None = None, **overrides: Any) -> "Assistant":
        """An assistant built from newsrag.toml / NEWSRAG_* settings plus explicit overrides."""
        return cls(settings=Settings.load(config_file, **overrides))

    # -- ingest --------------------------------------------------------------------------------

    def ingest(self, corpus_dir: str | Path | None = None, progress: bool = False) -> IngestReport:
        """Index new and changed articles, drop deleted ones; unchanged files cost no embedding.

        One ingest per index at a time (another waits `lock_timeout`, then fails); questions asked
        meanwhile wait only while the store and BM25 change, and see them before or after.
        """
        from .ingest.formats import ReadOptions  # readers, chunking, stories: ingest only
        from .ingest.pipeline import ingest_folder

        with self.locks.ingesting(), ExitStack() as writing:
            report = ingest_folder(
                corpus_dir or self.settings.corpus_dir,
                self.store,
                self.embedder,
                chunk_tokens=self.settings.chunk_tokens,
                progress=progress,
                batch_texts=self.settings.ingest_batch,
                begin_writing=lambda: writing.enter_context(self.locks.writing()),
                options=ReadOptions(parse_columns(self.settings.columns),
                                    self.settings.max_file_mb * 2**20),
            )
            if self._lexical is None or self._lexical.generation != self.store.generation():
                self._lexical = None
                self.lexical_index()
        return report

    def add_articles(self, paths: Sequence[str | Path], progress: bool = False, *,
                     user: str | None = None, client: str | None = None) -> IngestReport:
        """Copy article files (uploads: .txt/.md, web pages, .jsonl/.csv exports, RSS/Atom feeds)
        into the corpus folder and ingest it, and log the upload
        in `uploads.jsonl` beside the index: who sent it (`user`, from `client`), when, each
        file's size and SHA-256, and what became of it (see `_copy_and_ingest`)."""
        received = received_files(paths)
        try:
            report = self._copy_and_ingest(paths, progress)
        except NewsragError as exc:
            append_upload_log(self.index_dir, upload_record(received, None, user=user,
                                                            client=client, error=str(exc)))
            raise
        append_upload_log(self.index_dir, upload_record(received, report, user=user, client=client))
        return report

    def _copy_and_ingest(self, paths: Sequence[str | Path], progress: bool) -> IngestReport:
        """Copy article files into the corpus folder and ingest it.

        Files of another kind are reported as skipped and not copied; a copied file of which
        nothing can be indexed is reported and taken out again (an export's bad rows are reported
        while its good ones stay) (the corpus folder keeps what it held before
        under that name). When the ingest itself fails, every copied file is put back as it was
        and the error is raised.
        """
        root = self.corpus_root or Path(self.settings.corpus_dir)
        rejected: list[tuple[str, str]] = []
        originals: dict[str, bytes | None] = {}  # what each copied name held before, to restore
        root.mkdir(parents=True, exist_ok=True)
        for path in paths:
            name = Path(path).name
            if Path(name).suffix.lower() not in ARTICLE_SUFFIXES:
                rejected.append((name, f"not a file newsrag reads ({', '.join(ARTICLE_SUFFIXES)}),"
                                       " skipped"))
                continue
            target = root / name
            if name not in originals:
                originals[name] = target.read_bytes() if target.is_file() else None
            shutil.copyfile(path, target)
        if not originals:
            return IngestReport(skipped=rejected)
        try:
            report = self.ingest(root, progress=progress)
        except NewsragError:
            for name, before in originals.items():
                _restore(root / name, before)
            raise
        for file, _ in report.skipped:  # a bad upload must not linger in the corpus
            if file in originals:
                _restore(root / file, originals[file])
        report.skipped[:0] = rejected
        return report

    def lexical_index(self) -> LexicalIndex:
        """The BM25 index as saved, brought in step with the store when the store has changed
        since (only the changed files are analysed again); one thread does it, the others wait."""
        with self._lexical_mutex:
            if self._lexical is None:
                folder = self._lexical_dir()
                generation = self.store.generation()
                index = LexicalIndex.load(folder)
                if index is None or index.generation != generation:
                    manifest = {f: r.content_hash for f, r in self.store.indexed_files().items()}
                    index = (index or LexicalIndex.build([])).synced(
                        manifest, self.store.chunks_of_files)
                    index.save(folder, generation)
                self._lexical = index
            return self._lexical

    def _lexical_dir(self) -> Path:
        """BM25 lives in the index dir, one folder per chunk collection: an index served by
        `chroma run` from the same folder shares it, and another server's index does not."""
        return self.index_dir / _LEXICAL_DIR / self.store.collection_id()

    # -- questions -----------------------------------------------------------------------------

    def query(
        self,
        question: str | Query,
        *,
        top_k: int | None = None,
        since: str | None = None,
        until: str | None = None,
        lang: str | None = None,
        mode: Mode = "hybrid",
    ) -> Query:
        """The resolved query: the question's language, its time intent ("latest", "last week",
        "on 24 November"; `since`/`until` win over it) and the top k. A `Query` whose language is
        already set is taken as resolved."""
        if isinstance(question, Query):
            if question.language:
                return question
            text, filter = question.question.strip(), question.filter
            top_k, mode = question.top_k, question.mode
        else:
            text = (question or "").strip()
            filter = None
        if not text:
            raise NewsragError("the question is empty")
        filter = filter or Filter(since=since, until=until, lang=lang)
        language = detect_language(text)
        return Query(
            question=text,
            filter=filter,
            top_k=top_k or self.settings.top_k,
            mode=mode,
            language=language,
            time=time_filter(text, self.today or dt.date.today(), filter.since, filter.until,
                             newest=self._newest_date()),
            asked=read_question(text, language),
        )

    def _newest_date(self) -> dt.date | None:
        """The newest indexed article's publication date (read once per store generation)."""
        try:
            generation = self.store.generation()
        except NewsragError:
            return None  # nothing indexed yet: the question fails later, with its own message
        if self._newest[0] != generation:
            dates = [r.date for r in self.store.indexed_files().values() if r.date]
            self._newest = (generation, dt.date.fromisoformat(max(dates)) if dates else None)
        return self._newest[1]

    def retrieve(self, question: str | Query, **options: Any) -> Retrieval:
        """The ranked evidence for a question (options: see `query`)."""
        query = self.query(question, **options)
        with self.locks.reading():
            self.store.open()
            return self.retriever.retrieve(query)

    def ask(self, question: str | Query, **options: Any) -> Answer:
        """Answer a question from the indexed articles, citing file, date and exact quote."""
        query = self.query(question, **options)
        return self._gathered(query) or self.answer(self.retrieve(query))

    def ask_stream(self, question: str | Query, **options: Any) -> Iterator[str | Answer]:
        """Yield the answer's text as it is produced, then the final `Answer` (citations resolved
        and checked)."""
        query = self.query(question, **options)
        gathered = self._gathered(query)
        yield from (gathered.text, gathered) if gathered else \
            self.answer_stream(self.retrieve(query))

    def _gathered(self, query: Query) -> Answer | None:
        """The composed answer of a question of several parts, each asked as a question of its
        own (its time, retrieval, answer, checks and confidence); None for a question of one."""
        parts = split(query) if self.settings.gather else []  # NEWSRAG_GATHER=false: whole
        if len(parts) < 2:
            return None

        def asked(part: Part) -> tuple[Retrieval, Answer]:
            retrieval = self.retrieve(Query(part.text, filter=query.filter, top_k=query.top_k,
                                            mode=query.mode))
            return retrieval, self.answer(retrieval)

        with ThreadPoolExecutor(max_workers=min(len(parts), 4)) as pool:  # model calls overlap
            done = list(pool.map(asked, parts))
        return compose(query, parts, [a for _, a in done], self.answerer.name,
                       [r for r, _ in done])

    def answer(self, retrieval: Retrieval) -> Answer:
        """The cited answer to evidence already retrieved (`retrieve`): for callers that need the
        ranked chunks as well as the answer, such as the llama-index query engine."""
        return self._checked(self.answerer.answer(retrieval, self.sources()), retrieval)

    def answer_stream(self, retrieval: Retrieval) -> Iterator[str | Answer]:
        """`answer`, streamed as `ask_stream` streams. An answerer with no model behind it writes
        its answer at once, so its text goes out once the confidence has judged it: a short answer
        it drops, or an answer it declines, is never shown first."""
        if self.answerer.chat_model is None:
            answer = self.answer(retrieval)
            yield answer.text
            yield answer
            return
        for item in self.answerer.stream(retrieval, self.sources()):
            yield self._checked(item, retrieval) if isinstance(item, Answer) else item

    # the fitted answer confidence (rag/answer/confidence.json); None: answers go out unscored,
    # as `newsrag train` asks for them to label the answerer's own answers
    confidence_model: ConfidenceModel | None = shipped_model()

    def _checked(self, answer: Answer, retrieval: Retrieval) -> Answer:
        """The answer with each citation's support checked, the time filter it was under, and its
        confidence (declined, or without its short answer, below the model's cutoffs)."""
        checked = check_citations(answer, retrieval, self.embedder.embed_passages)
        checked = replace(checked, citations=self._attributed(checked.citations),
                          time_filter=retrieval.time_filter)
        return scored(checked, retrieval, self.confidence_model)

    def _attributed(self, citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
        """Citations with their article's title, outlet, url and item, as the index records
        them now (an item's place in its file changes with a re-export)."""
        if not citations:
            return citations
        records = self.store.records([c.file for c in citations])
        return tuple(attributed(c, records.get(c.file)) for c in citations)

    # -- conversations -------------------------------------------------------------------------

    def chat(self, history: History, message: str, **options: Any) -> Answer:
        """Answer a message in a conversation (history: (user, assistant) turns, oldest first).

        A follow-up is answered as its standalone rewrite, which the answer carries as
        `standalone_question`; a question that stands on its own is asked as it is.
        """
        question = self.standalone_question(history, message)
        return _rewritten(self.ask(question, **options), message, question)

    def chat_stream(self, history: History, message: str, **options: Any
                    ) -> Iterator[str | Answer]:
        """`chat`, streamed as `ask_stream` streams."""
        question = self.standalone_question(history, message)
        for item in self.ask_stream(question, **options):
            yield _rewritten(item, message, question) if isinstance(item, Answer) else item

    def standalone_question(self, history: History, message: str) -> str:
        """The message as a question that stands alone: a follow-up ("who presented it?", "còn
        Hàn Quốc thì sao?") rewritten with the previous turn's names and time, anything else
        unchanged (`rag.conversation` tells them apart).

        With a chat model the model writes the rewrite (`rag/prompts/condense.txt`); a reply that is
        no usable question, or a model that cannot be reached, leaves the offline rewrite.
        """
        message = (message or "").strip()
        if not history or not message:
            return message
        today = self.today or dt.date.today()
        resolution = resolve_turn(history, message, today)
        model = self.answerer.chat_model
        if resolution.kind == "standalone" or model is None:
            return resolution.question
        return condensed(model, history, message, resolution.question, today)

    # -- the corpus ----------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Corpus figures for the UI: articles, chunks, date span, languages, corpus folder."""
        with self.locks.reading():
            self.store.open()
            files = self.store.indexed_files().values()
            chunks = self.store.count()
        dates = sorted(f.date for f in files if f.date)
        return {
            "articles": len(files),
            "chunks": chunks,
            "first_date": dates[0] if dates else None,
            "last_date": dates[-1] if dates else None,
            "languages": dict(Counter(f.lang for f in files)),
            "corpus_root": self.store.corpus_root(),
            "calibration": current(self.store, self.embedder.model_name).describe(),
        }

    def calibration(self) -> Calibration:
        """What the index's model's cosines mean: the thresholds every similarity judgement uses,
        where they came from, and warnings when they may not fit (`rag.index.calibration`)."""
        with self.locks.reading():
            self.store.open()
            return current(self.store, self.embedder.model_name)

    def article_text(self, file: str) -> str | None:
        """The full text of an indexed article, which its citations' offsets point into: a
        .txt/.md file as it is on disk, the text extracted from a page, row or entry as the index
        keeps it (None when it is not indexed or its file is gone)."""
        if self.corpus_root is None or not self.store.records([file]):
            return None
        return self.sources().text(file)

    def sources(self) -> SourceTexts:
        """Reader for the indexed articles' texts, used to check every quote before it is cited."""
        return SourceTexts(self.corpus_root, self.store.article_texts)

    @property
    def corpus_root(self) -> Path | None:
        """The folder the indexed files live in (citations' `file` is relative to it); None
        before the first ingest."""
        root = self.store.corpus_root()
        return Path(root) if root else None


def attributed(citation: Citation, record: FileRecord | None) -> Citation:
    """A citation with its article's title, outlet, url and item (unchanged without a record)."""
    if record is None:
        return citation
    return replace(citation, title=record.title, outlet=record.outlet, url=record.url,
                   item=record.item)


def _rewritten(answer: Answer, message: str, question: str) -> Answer:
    """The answer marked with the standalone question it answers, when that is not the message."""
    return replace(answer, standalone_question=question) if question != message else answer


def _restore(path: Path, before: bytes | None) -> None:
    """Put a file back as it was (None: it did not exist)."""
    if before is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(before)
