"""The lexical side of retrieval: BM25 (bm25s) over chunk texts, persisted next to the vectors.

The saved index records the content hash of every file it covers and the store generation it
matches. Process start-up loads it as is; after an ingest (ours, or another machine's on a shared
Chroma server) it is brought in step with the store's file manifest by analysing only the files
whose hash changed: the analysed terms of all other chunks are kept on disk, so keeping BM25 current
costs the changed files plus one pass over term ids, never a re-read of the whole corpus.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

import bm25s
import numpy as np

from ..filters import Filter, date_int
from ..text.terms import terms
from ..types import StoredChunk

_ANALYSE_BATCH = 1000  # chunks analysed at a time: a full sync never holds the whole corpus
_CURRENT = "current"  # names the subfolder holding the saved index
_ROWS = "chunks.json"
_TERMS = "terms.npz"
_VOCAB = "terms_vocab.json"


@dataclass
class _Rows:
    """One entry per indexed chunk, in BM25 document order, plus the file hashes they came from."""

    ids: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    dates: list[int] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)

    def take(self, keep: list[int]) -> "_Rows":
        kept = _Rows([self.ids[i] for i in keep], [self.files[i] for i in keep],
                     [self.langs[i] for i in keep], [self.dates[i] for i in keep])
        kept.hashes = {f: self.hashes[f] for f in set(kept.files)}
        return kept

    def append(self, chunk: StoredChunk) -> None:
        self.ids.append(chunk.id)
        self.files.append(chunk.file)
        self.langs.append(chunk.lang)
        self.dates.append(date_int(chunk.date))


FetchChunks = Callable[[list[str]], Iterable[StoredChunk]]


class LexicalIndex:
    """BM25 scores for every chunk, with per-chunk language and date for filtering."""

    def __init__(
        self,
        rows: _Rows,
        bm25: bm25s.BM25 | None,
        generation: str = "",
        folder: Path | None = None,
        term_ids: list[np.ndarray] | None = None,
        vocab: list[str] | None = None,
    ) -> None:
        self._rows = rows
        self.ids = rows.ids
        self.langs = np.asarray(rows.langs)
        self.dates = np.asarray(rows.dates, dtype=np.int64)
        self.generation = generation
        self._bm25 = bm25
        self._folder = folder  # where the analysed terms are, loaded only to sync
        self._term_ids = term_ids
        self._vocab = vocab

    # -- building and syncing ------------------------------------------------------------------

    @classmethod
    def build(cls, chunks: Iterable[StoredChunk], hashes: Mapping[str, str] | None = None
              ) -> "LexicalIndex":
        """An index over these chunks (hashes: each file's content hash, for later syncs)."""
        chunks = list(chunks)
        known = dict(hashes or {f: "" for f in {c.file for c in chunks}})
        return cls(_Rows(), None, term_ids=[], vocab=[]).synced(known, lambda _: chunks)

    def synced(self, manifest: Mapping[str, str], fetch: FetchChunks) -> "LexicalIndex":
        """A copy covering exactly the files of manifest ({file: content hash}): rows of files
        whose hash is unchanged are kept, the chunks of the others are fetched and analysed."""
        old = self._rows
        keep = [i for i, f in enumerate(old.files) if manifest.get(f) == old.hashes.get(f)]
        fresh = sorted(f for f, h in manifest.items() if old.hashes.get(f) != h)
        rows = old.take(keep)
        old_terms, old_vocab = self._analysed()
        term_ids = [old_terms[i] for i in keep]
        ids_of = {term: n for n, term in enumerate(old_vocab)}
        vocab = list(old_vocab)
        for chunks in _batched(fetch(fresh) if fresh else [], _ANALYSE_BATCH):
            for chunk, tokens in zip(chunks, terms([c.text for c in chunks])):
                rows.append(chunk)
                term_ids.append(np.fromiter(
                    (ids_of.setdefault(t, len(ids_of)) for t in tokens), dtype=np.int32))
        vocab += list(ids_of)[len(vocab):]
        rows.hashes.update({f: manifest[f] for f in fresh})
        bm25, term_ids, vocab = _bm25_over(term_ids, vocab)
        return LexicalIndex(rows, bm25, term_ids=term_ids, vocab=vocab)

    def _analysed(self) -> tuple[list[np.ndarray], list[str]]:
        """Every row's term ids and the vocabulary they index (read from disk on first need)."""
        if self._term_ids is None:
            self._term_ids, self._vocab = _load_terms(self._folder, len(self.ids))
        assert self._vocab is not None
        return self._term_ids, self._vocab

    # -- persistence ---------------------------------------------------------------------------

    def save(self, folder: Path, generation: str) -> None:
        """Write BM25, analysed terms and rows into a new subfolder, then point `current` at it.

        A process still reading (or memory-mapping) the previous state is never disturbed, and a
        crash mid-save leaves the previous state in place.
        """
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"gen-{uuid.uuid4().hex[:12]}"
        target.mkdir()
        if self._bm25 is not None:
            self._bm25.save(str(target), show_progress=False)
        term_ids, vocab = self._analysed()
        lengths = np.fromiter((len(t) for t in term_ids), dtype=np.int64, count=len(term_ids))
        flat = np.concatenate(term_ids) if term_ids else np.zeros(0, dtype=np.int32)
        np.savez(target / _TERMS, flat=flat, lengths=lengths)
        (target / _VOCAB).write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        rows = self._rows
        meta = {"generation": generation, "ids": rows.ids, "files": rows.files,
                "langs": rows.langs, "dates": rows.dates, "hashes": rows.hashes}
        (target / _ROWS).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        pointer = folder / f"{_CURRENT}.{target.name}"
        pointer.write_text(target.name, encoding="utf-8")
        pointer.replace(folder / _CURRENT)
        _remove_stale(folder, keep=target.name)
        self.generation, self._folder = generation, target
        self._term_ids = self._vocab = None  # back on disk until the next sync needs them

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex | None":
        """The saved index (whatever generation it matches), or None when missing or damaged."""
        try:
            current = folder / (folder / _CURRENT).read_text(encoding="utf-8").strip()
            meta = json.loads((current / _ROWS).read_text(encoding="utf-8"))
            rows = _Rows(meta["ids"], meta["files"], meta["langs"], meta["dates"], meta["hashes"])
            bm25 = (bm25s.BM25.load(str(current), mmap=True, show_progress=False)
                    if rows.ids else None)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(rows, bm25, meta["generation"], current)

    # -- searching -----------------------------------------------------------------------------

    def knows(self, term: str) -> bool:
        """Whether any chunk contains this (already analysed) term, e.g. a number."""
        return self._bm25 is not None and term in self._bm25.vocab_dict

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, n: int, filter: Filter) -> list[tuple[str, float, str]]:
        """(chunk id, BM25 score, language) of the n best matching chunks whose publication date
        and language pass the filter."""
        if self._bm25 is None:
            return []
        tokens = [t for t in terms([query])[0] if t in self._bm25.vocab_dict]
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        mask = filter.mask(self.dates, self.langs)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i]), str(self.langs[i])) for i in top if scores[i] > 0]


def _bm25_over(
    term_ids: list[np.ndarray], vocab: list[str]
) -> tuple[bm25s.BM25 | None, list[np.ndarray], list[str]]:
    """BM25 over rows of term ids, after dropping terms no row uses any more (so `knows` stays
    exact), with the compacted term ids and vocabulary."""
    used = np.unique(np.concatenate(term_ids)) if term_ids else np.zeros(0, dtype=np.int32)
    if not len(used):
        return None, term_ids, []
    remap = np.full(len(vocab), -1, dtype=np.int32)
    remap[used] = np.arange(len(used), dtype=np.int32)
    term_ids = [remap[t] for t in term_ids]
    vocab = [vocab[i] for i in used]
    bm25 = bm25s.BM25()
    bm25.index((term_ids, {term: i for i, term in enumerate(vocab)}), show_progress=False)
    return bm25, term_ids, vocab


def _load_terms(folder: Path | None, rows: int) -> tuple[list[np.ndarray], list[str]]:
    if folder is None or rows == 0:
        return [], []
    with np.load(folder / _TERMS) as saved:
        flat, lengths = saved["flat"], saved["lengths"]
    vocab = json.loads((folder / _VOCAB).read_text(encoding="utf-8"))
    if len(lengths) != rows:
        raise ValueError(f"{folder / _TERMS}: {len(lengths)} rows, expected {rows}")
    return np.split(flat, np.cumsum(lengths)[:-1]), vocab


def _batched(items: Iterable[StoredChunk], size: int) -> Iterator[list[StoredChunk]]:
    batch: list[StoredChunk] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _remove_stale(folder: Path, keep: str, grace_s: float = 600) -> None:
    """Drop earlier saved states; one written in the last grace_s may be another process's
    save in progress (on Linux a memory-mapped file outlives its deletion, so readers are safe)."""
    now = time.time()
    for old in folder.glob("gen-*"):
        try:
            if old.name != keep and now - old.stat().st_mtime > grace_s:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
