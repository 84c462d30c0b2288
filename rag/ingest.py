"""Incremental ingest: embed and store only what changed since the last run."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from tqdm import tqdm

from .chunking import DEFAULT_CHUNK_TOKENS, Chunk, Span, chunk_article
from .corpus import Article, file_hash, iter_articles, list_article_files
from .embeddings import embed_passages
from .errors import BadArticleError, NewsragError
from .store import ChromaStore


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
) -> IngestReport:
    """Bring the store in line with the folder: add new, replace changed, drop deleted files.

    Bad files are skipped and reported; what the index already holds for them is kept.
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
    store.set_corpus_root(root)
    store.bump_generation()  # before any change, so an interrupted run leaves BM25 marked stale
    for rel in gone:
        store.remove_file(rel)
        report.removed.append(rel)
    bar = tqdm(total=len(todo), desc="ingest", unit="file", disable=not progress, leave=False)
    with bar:
        for item in iter_articles(root, todo):
            bar.update(1)
            if isinstance(item, BadArticleError):
                report.skipped.append((item.path, item.reason))
                continue
            report.chunks += _index_article(item, store, embedder, chunk_tokens)
            (report.updated if item.path in indexed else report.added).append(item.path)
    report.seconds = time.perf_counter() - started
    return report


def _check_same_corpus(store: ChromaStore, root: Path) -> None:
    known = store.corpus_root()
    if known and known != str(root) and store.count() > 0:
        raise NewsragError(
            f"the index holds articles from {known}, not {root}: use another --index-dir"
        )


def _index_article(
    article: Article, store: ChromaStore, embedder: BaseEmbedding, chunk_tokens: int
) -> int:
    """Embed an article's chunks and sentences (each sentence once) and store them."""
    chunks: list[Chunk] = chunk_article(article, chunk_tokens)
    sentences: list[Span] = list(dict.fromkeys(span for c in chunks for span in c.sentences))
    texts = [c.text for c in chunks] + [article.text[s:e] for s, e in sentences]
    vectors = embed_passages(embedder, texts)
    chunk_vectors = vectors[: len(chunks)]
    sentence_vectors: dict[Span, np.ndarray] = dict(zip(sentences, vectors[len(chunks) :]))
    store.replace_file(article, chunks, chunk_vectors, sentence_vectors)
    return len(chunks)
