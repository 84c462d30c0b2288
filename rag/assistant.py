"""`Assistant`: the one Python API the CLI, the UI and the eval harness share."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from llama_index.core.base.embeddings.base import BaseEmbedding

from .answering import Answer, Answerer
from .backends import make_answerer, make_embedder, make_store
from .citations import SourceTexts, read_source
from .config import Settings
from .embeddings import embed_passages
from .errors import NewsragError
from .filters import Filters
from .ingest import IngestReport, ingest_folder
from .language import detect_language
from .lexical import LexicalIndex
from .locking import IndexLocks
from .packing import LANGUAGE_NAMES
from .prompts import render_prompt
from .retrieval import HybridRetriever, Mode, Retrieval
from .store import ChromaStore
from .support import check_citations
from .timefilter import time_filter

_LEXICAL_DIR = "bm25"


class Assistant:
    """Ingest a folder of articles, then answer questions with verifiable citations."""

    def __init__(
        self,
        index_dir: str | Path | None = None,
        *,
        settings: Settings | None = None,
        embedder: BaseEmbedding | None = None,
        answerer: Answerer | None = None,
        store: ChromaStore | None = None,
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

    def retrieve(
        self,
        question: str,
        top_k: int | None = None,
        since: str | None = None,
        until: str | None = None,
        lang: str | None = None,
        mode: Mode = "hybrid",
    ) -> Retrieval:
        """The ranked evidence for a question, under optional date and language filters and the
        question's own time intent ("latest", "last week", "on 24 November")."""
        question = (question or "").strip()
        if not question:
            raise NewsragError("the question is empty")
        filters = Filters(since=since, until=until, lang=lang)
        when = time_filter(question, self.today or dt.date.today(), since, until)
        with self.locks.reading():
            self.store.open()
            return self.retriever.retrieve(question, top_k or self.settings.top_k, filters, mode,
                                           when)

    def ask(
        self,
        question: str,
        top_k: int | None = None,
        since: str | None = None,
        until: str | None = None,
        lang: str | None = None,
        mode: Mode = "hybrid",
    ) -> Answer:
        """Answer a question from the indexed articles, citing file, date and exact quote."""
        retrieval = self.retrieve(question, top_k, since, until, lang, mode)
        return self._checked(self.answerer.answer(retrieval, self.sources()), retrieval)

    def ask_stream(
        self,
        question: str,
        top_k: int | None = None,
        since: str | None = None,
        until: str | None = None,
        lang: str | None = None,
    ) -> Iterator[str | Answer]:
        """Yield the answer's text as it is produced, then the final `Answer` (citations resolved)."""
        retrieval = self.retrieve(question, top_k, since, until, lang)
        stream = getattr(self.answerer, "stream", None)
        if stream is None:
            answer = self.answerer.answer(retrieval, self.sources())
            yield answer.text
            yield self._checked(answer, retrieval)
            return
        for item in stream(retrieval, self.sources()):
            yield self._checked(item, retrieval) if isinstance(item, Answer) else item

    def _checked(self, answer: Answer, retrieval: Retrieval) -> Answer:
        """The answer with each citation's support checked and the time filter it was under."""
        checked = check_citations(answer, retrieval, lambda texts: embed_passages(self.embedder,
                                                                                  texts))
        return replace(checked, time_filter=retrieval.time_filter)

    def chat(self, history: list[tuple[str, str]], message: str, **filters: Any) -> Answer:
        """Answer a message in a conversation (history: (user, assistant) turns, oldest first)."""
        return self.ask(self.standalone_question(history, message), **filters)

    def standalone_question(self, history: list[tuple[str, str]], message: str) -> str:
        """A follow-up ("and who presented it?") rewritten to stand alone, by the chat model.

        Offline there is no model to rewrite it: the follow-up is joined to the previous question,
        which keeps its subject in reach of retrieval.
        """
        message = (message or "").strip()
        if not history or not message:
            return message
        complete = getattr(self.answerer, "complete", None)
        if complete is None:
            return f"{history[-1][0]} {message}"
        lines = "\n".join(f"User: {user}\nAssistant: {bot}" for user, bot in history[-4:])
        prompt = render_prompt("condense", language=LANGUAGE_NAMES[detect_language(message)],
                               history=lines, question=message)
        try:
            rewritten = complete(prompt).strip().splitlines()
        except NewsragError:
            return f"{history[-1][0]} {message}"
        return rewritten[0].strip() if rewritten and rewritten[0].strip() else message

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
        root = self.store.corpus_root()
        return SourceTexts(Path(root) if root else None)

    @property
    def corpus_root(self) -> Path | None:
        root = self.store.corpus_root()
        return Path(root) if root else None
