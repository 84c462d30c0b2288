"""`Assistant`: the one Python API the CLI, the UI and the eval harness share."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections import Counter
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from .answer.base import Answerer
from .answer.prompts import render_prompt
from .answer.support import check_citations
from .config import Settings
from .errors import NewsragError
from .filters import Filter
from .index.embedders import Embedder
from .index.lexical import LexicalIndex
from .index.locking import IndexLocks
from .index.store import ChunkStore
from .ingest.corpus import ARTICLE_SUFFIXES
from .ingest.pipeline import ingest_folder
from .retrieve.followups import clean_rewrite, resolve_turn
from .retrieve.retriever import HybridRetriever
from .retrieve.timefilter import time_filter
from .sources import SourceTexts, read_source
from .text.language import LANGUAGE_NAMES, detect_language
from .types import Answer, IngestReport, Mode, Query, Retrieval
from .wiring import make_answerer, make_embedder, make_store

_LEXICAL_DIR = "bm25"
# a follow-up's rewrite sees the last turns, each answer cut short (the gist names the topic), and
# is one question, not an answer
_CONDENSE_TURNS, _CONDENSE_ANSWER_CHARS, _CONDENSE_TOKENS = 3, 300, 96
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
        self.answerer: Answerer = answerer or make_answerer(self.settings)
        self.store = store or make_store(self.settings, self.embedder)
        self._lexical: LexicalIndex | None = None
        self._lexical_mutex = threading.Lock()  # one thread (re)builds BM25, the others wait
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
        with self.locks.ingesting(), ExitStack() as writing:
            report = ingest_folder(
                corpus_dir or self.settings.corpus_dir,
                self.store,
                self.embedder,
                chunk_tokens=self.settings.chunk_tokens,
                progress=progress,
                batch_texts=self.settings.ingest_batch,
                begin_writing=lambda: writing.enter_context(self.locks.writing()),
            )
            if self._lexical is None or self._lexical.generation != self.store.generation():
                self._lexical = None
                self.lexical_index()
        return report

    def add_articles(self, paths: Sequence[str | Path], progress: bool = False) -> IngestReport:
        """Copy article files (uploads) into the corpus folder and ingest it.

        Files of another kind are reported as skipped and not copied; a copied file that cannot
        be indexed is reported and taken out again (the corpus folder keeps what it held before
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
                rejected.append((name, "not a .txt or .md file, skipped"))
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
        return Query(
            question=text,
            filter=filter,
            top_k=top_k or self.settings.top_k,
            mode=mode,
            language=detect_language(text),
            time=time_filter(text, self.today or dt.date.today(), filter.since, filter.until),
        )

    def retrieve(self, question: str | Query, **options: Any) -> Retrieval:
        """The ranked evidence for a question (options: see `query`)."""
        query = self.query(question, **options)
        with self.locks.reading():
            self.store.open()
            return self.retriever.retrieve(query)

    def ask(self, question: str | Query, **options: Any) -> Answer:
        """Answer a question from the indexed articles, citing file, date and exact quote."""
        retrieval = self.retrieve(question, **options)
        return self._checked(self.answerer.answer(retrieval, self.sources()), retrieval)

    def ask_stream(self, question: str | Query, **options: Any) -> Iterator[str | Answer]:
        """Yield the answer's text as it is produced, then the final `Answer` (citations resolved
        and checked)."""
        retrieval = self.retrieve(question, **options)
        for item in self.answerer.stream(retrieval, self.sources()):
            yield self._checked(item, retrieval) if isinstance(item, Answer) else item

    def _checked(self, answer: Answer, retrieval: Retrieval) -> Answer:
        """The answer with each citation's support checked and the time filter it was under."""
        checked = check_citations(answer, retrieval, self.embedder.embed_passages)
        return replace(checked, time_filter=retrieval.time_filter)

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
        unchanged (`rag.retrieve.followups` tells them apart).

        With a chat model the model writes the rewrite (`prompts/condense.txt`); a reply that is
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
        lines = "\n".join(f"User: {user}\nAssistant: {_shortened(bot)}"
                          for user, bot in history[-_CONDENSE_TURNS:])
        prompt = render_prompt("condense", language=LANGUAGE_NAMES[detect_language(message)],
                               history=lines, question=message)
        try:
            reply = model.complete(prompt, max_tokens=_CONDENSE_TOKENS)
        except NewsragError:
            return resolution.question
        return clean_rewrite(reply, message, resolution.question, today) or resolution.question

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
        }

    def article_text(self, file: str) -> str | None:
        """The full text of an indexed article (None when it is not in the corpus folder)."""
        root = self.corpus_root
        if root is None or file not in self.store.indexed_files():
            return None
        return read_source(root, file)

    def sources(self) -> SourceTexts:
        """Reader for the indexed corpus files, used to check every quote before it is cited."""
        return SourceTexts(self.corpus_root)

    @property
    def corpus_root(self) -> Path | None:
        root = self.store.corpus_root()
        return Path(root) if root else None


def _shortened(text: str, limit: int = _CONDENSE_ANSWER_CHARS) -> str:
    """One line of at most `limit` characters, cut at a word."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + " …"


def _rewritten(answer: Answer, message: str, question: str) -> Answer:
    """The answer marked with the standalone question it answers, when that is not the message."""
    return replace(answer, standalone_question=question) if question != message else answer


def _restore(path: Path, before: bytes | None) -> None:
    """Put a file back as it was (None: it did not exist)."""
    if before is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(before)
