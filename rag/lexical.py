"""The lexical side of retrieval: BM25 (bm25s) over chunk texts, persisted next to the vectors.

The saved index is stamped with the store's generation; when they differ (the chunk set changed, or
an ingest was interrupted) the index is rebuilt from the chunks stored in Chroma.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tempfile
import time
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import bm25s
import numpy as np
import Stemmer

from .filters import Filters, date_int
from .store import StoredChunk

_TOKEN_PATTERN = r"(?u)\b\w+\b"
# soft hyphen, zero-width space/joiners, direction marks, word joiner, BOM: invisible, yet they
# would split a word in two or make it a different word
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_META = "chunks.json"
_ABANDONED_SECONDS = 3600


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def terms(texts: list[str]) -> list[list[str]]:
    """Lower-cased, NFC, English-stemmed word tokens without English stop words or invisible
    characters (so NFD and NFC spellings of a Vietnamese word, or a word with a zero-width space in
    it, are the same term).

    Vietnamese syllables pass through the English stemmer almost untouched, and identically for
    queries and documents, so one analyser serves both languages.
    """
    normalised = [_INVISIBLE.sub("", unicodedata.normalize("NFC", t)) for t in texts]
    return bm25s.tokenize(
        normalised,
        token_pattern=_TOKEN_PATTERN,
        stopwords="en",
        stemmer=_stemmer(),
        return_ids=False,
        show_progress=False,
    )


class LexicalIndex:
    """BM25 scores for every chunk, with per-chunk language and date for filtering."""

    def __init__(self, ids: list[str], langs: list[str], dates: list[int], bm25: bm25s.BM25 | None):
        self.ids = ids
        self.langs = np.asarray(langs)
        self.dates = np.asarray(dates, dtype=np.int64)
        self._bm25 = bm25

    @classmethod
    def build(cls, chunks: Iterable[StoredChunk]) -> "LexicalIndex":
        ids, langs, dates, texts = [], [], [], []
        for chunk in chunks:
            ids.append(chunk.id)
            langs.append(chunk.lang)
            dates.append(date_int(chunk.date))
            texts.append(chunk.text)
        bm25 = None
        if texts:
            bm25 = bm25s.BM25()
            bm25.index(terms(texts), show_progress=False)
        return cls(ids, langs, dates, bm25)

    def save(self, folder: Path, generation: str) -> None:
        """Write the index to its generation's own subfolder, renamed into place when complete, so
        a reader in another process never loads a half-written one; older generations go."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / _generation_dir(generation)
        tmp = Path(tempfile.mkdtemp(prefix=".saving-", dir=folder))
        if self._bm25 is not None:
            self._bm25.save(str(tmp), show_progress=False)
        meta = {"generation": generation, "ids": self.ids, "langs": self.langs.tolist(),
                "dates": self.dates.tolist()}
        (tmp / _META).write_text(json.dumps(meta), encoding="utf-8")
        try:
            tmp.rename(target)
        except OSError:  # another process saved this generation first: the same index
            shutil.rmtree(tmp, ignore_errors=True)
        for old in folder.glob(_generation_dir("*")):
            if old != target:
                shutil.rmtree(old, ignore_errors=True)
        for left in folder.glob(".saving-*"):  # by a process killed while saving
            with contextlib.suppress(OSError):
                if time.time() - left.stat().st_mtime > _ABANDONED_SECONDS:
                    shutil.rmtree(left, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path, generation: str) -> "LexicalIndex | None":
        """The saved index if it matches the store's generation, else None."""
        folder = folder / _generation_dir(generation)
        try:
            meta = json.loads((folder / _META).read_text(encoding="utf-8"))
            if meta["generation"] != generation:
                return None
            bm25 = bm25s.BM25.load(str(folder), show_progress=False) if meta["ids"] else None
        except (OSError, ValueError, KeyError, EOFError):
            return None
        return cls(meta["ids"], meta["langs"], meta["dates"], bm25)

    def knows(self, term: str) -> bool:
        """Whether any chunk contains this (already analysed) term, e.g. a number."""
        return self._bm25 is not None and term in self._bm25.vocab_dict

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, n: int, filters: Filters) -> list[tuple[str, float, str]]:
        """(chunk id, BM25 score, language) of the n best matching chunks that pass the filters."""
        if self._bm25 is None:
            return []
        tokens = [t for t in terms([query])[0] if t in self._bm25.vocab_dict]
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        mask = self._mask(filters)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i]), str(self.langs[i])) for i in top if scores[i] > 0]

    def _mask(self, filters: Filters) -> np.ndarray | None:
        if filters.empty:
            return None
        mask = np.ones(len(self.ids), dtype=bool)
        if filters.since or filters.until:
            mask &= self.dates > 0
        if filters.since:
            mask &= self.dates >= date_int(filters.since)
        if filters.until:
            mask &= self.dates <= date_int(filters.until)
        if filters.lang:
            mask &= self.langs == filters.lang
        return mask


def _generation_dir(generation: str) -> str:
    return f"generation-{generation or 'none'}"
