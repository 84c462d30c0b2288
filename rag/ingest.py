"""Incremental ingest: embed and store only what changed since the last run."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from llama_index.core.base.embeddings.base import BaseEmbedding
from tqdm import tqdm

from .chunking import DEFAULT_CHUNK_TOKENS, Chunk, chunk_article
from .corpus import Article, file_hash, iter_articles, list_article_files
from .embeddings import embed_passages
from .errors import BadArticleError, NewsragError
from .store import ChromaStore, EmbeddedArticle

EMBED_GROUP_TEXTS = 64  # texts embedded (and articles written) together: bounded memory, few writes


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


def ingest_folder(
    corpus_dir: str | Path,
    store: ChromaStore,
    embedder: BaseEmbedding,
    chunk_tokens: int = DEFAULT_CHUNK_TOKENS,
    progress: bool = True,
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
        report.seconds = time.perf_counter() - started
        return report
    writing = False

    def write(batch: list[EmbeddedArticle]) -> None:
        nonlocal writing
        if not writing:
            writing = True
            begin_writing()
            store.set_corpus_root(root)
            store.bump_generation()  # before any change: an interrupted run leaves BM25 stale
            for rel in gone:
                store.remove_file(rel)
                report.removed.append(rel)
        store.replace_files(batch)
        for item in batch:
            (report.updated if item.article.path in indexed else report.added).append(
                item.article.path)
            report.chunks += len(item.chunks)

    bar = tqdm(total=len(todo), desc="ingest", unit="file", disable=not progress, leave=False)
    with bar:
        pending: list[tuple[Article, list[Chunk]]] = []
        for item in iter_articles(root, todo):
            if isinstance(item, BadArticleError):
                report.skipped.append((item.path, item.reason))
                bar.update(1)
                continue
            pending.append((item, chunk_article(item, chunk_tokens)))
            if sum(_text_count(chunks) for _, chunks in pending) >= EMBED_GROUP_TEXTS:
                write(_embed_group(pending, embedder))
                bar.update(len(pending))  # the bar counts committed files
                pending = []
        if pending or (gone and not writing):
            write(_embed_group(pending, embedder))
        bar.update(len(pending))
    report.seconds = time.perf_counter() - started
    return report


def _check_same_corpus(store: ChromaStore, root: Path) -> None:
    known = store.corpus_root()
    if known and known != str(root) and store.count() > 0:
        raise NewsragError(
            f"the index at {store.location} holds articles from {known}, not {root}:"
            " use another --index-dir (or --chroma-url)"
        )


def _text_count(chunks: list[Chunk]) -> int:
    return len(chunks) + len({span for c in chunks for span in c.sentences})


def _embed_group(
    group: list[tuple[Article, list[Chunk]]], embedder: BaseEmbedding
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
    vectors = embed_passages(embedder, texts)
    batch = []
    for (article, chunks), (offset, spans) in zip(group, layout):
        sentence_start = offset + len(chunks)
        batch.append(EmbeddedArticle(
            article,
            chunks,
            vectors[offset:sentence_start],
            dict(zip(spans, vectors[sentence_start : sentence_start + len(spans)])),
        ))
    return batch
