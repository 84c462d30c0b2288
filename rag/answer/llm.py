"""Answers written by any OpenAI-compatible chat model, with citations that cannot lie.

The model sees numbered sources and marks its sentences with `[n]`; `rag.markers` then maps each
marker to a retrieved sentence whose exact text is checked in the file. Server trouble (down, slow,
rate-limited, garbage) becomes an `LLMUnavailableError` with one line naming the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from ..check.markers import resolve_markers, says_not_in_sources
from ..errors import LLMUnavailableError
from ..sources import SourceTexts
from ..text.language import LANGUAGE_NAMES
from ..text.tokens import encoding_for_model
from ..types import Answer, Asked, Retrieval
from .asked import asked_of
from .base import Answerer, abstention, evidence_lacking, final_answer, short_answer_of
from .packing import pack_sources, render_sources
from .prompts import render_prompt

NO_CITATION_WARNING = ("the model's answer cites none of the sources: it is not supported by the "
                       "articles")


@dataclass(frozen=True)
class LLMSettings:
    model: str
    answer_tokens: int = 400
    context_tokens: int = 3000


class OpenAIAnswerer:
    """Answerer over an `openai.OpenAI`-compatible client (OpenAI, vLLM, llama.cpp, Ollama...)."""

    def __init__(self, client: Any, settings: LLMSettings, server: str = "") -> None:
        self.client = client
        self.settings = settings
        self.server = server or str(getattr(client, "base_url", ""))
        self.name = f"openai:{settings.model}"
        self.chat_model = self

    def answer(self, retrieval: Retrieval, sources: SourceTexts) -> Answer:
        return final_answer(self.stream(retrieval, sources))

    def stream(self, retrieval: Retrieval, sources: SourceTexts) -> Iterator[str | Answer]:
        """Yield text deltas as the model writes, then the final Answer with citations."""
        packed = pack_sources(retrieval, self.settings.context_tokens,
                              encoding_for_model(self.settings.model))
        if not packed or evidence_lacking(retrieval):
            yield abstention(retrieval, self.name)
            return
        prompt = render_prompt(
            answer_prompt(asked_of(retrieval.query)),
            language=LANGUAGE_NAMES.get(retrieval.query_lang, "English"),
            sources=render_sources(packed),
            question=retrieval.question,
        )
        parts: list[str] = []
        for delta in self._chat(prompt):
            parts.append(delta)
            yield delta
        reply = "".join(parts).strip()
        if not reply:
            raise LLMUnavailableError(f"LLM at {self.server} returned an empty reply")
        if says_not_in_sources(reply):
            yield abstention(retrieval, self.name)
            return
        resolved = resolve_markers(reply, packed, sources.holds)
        warnings = () if resolved.citations else (NO_CITATION_WARNING,)
        yield Answer(resolved.text, resolved.citations, False, tuple(retrieval.files()),
                     self.name, warnings,
                     short_answer=short_answer_of(resolved.text, resolved.citations, retrieval))

    def complete(self, prompt: str, max_tokens: int | None = None) -> str:
        """A whole reply to one prompt (used to condense follow-up questions), of at most
        `max_tokens` (default: the answer budget)."""
        return "".join(self._chat(prompt, max_tokens)).strip()

    def _chat(self, prompt: str, max_tokens: int | None = None) -> Iterator[str]:
        import openai

        try:
            stream = self.client.chat.completions.create(
                model=self.settings.model,
                messages=[{"role": "user", "content": prompt}],
                max_tokens=max_tokens or self.settings.answer_tokens,
                temperature=0,
                stream=True,
            )
            for chunk in stream:
                if not getattr(chunk, "choices", None):
                    continue
                delta = chunk.choices[0].delta.content
                if delta:
                    yield delta
        except openai.APITimeoutError:
            raise LLMUnavailableError(f"LLM at {self.server} timed out") from None
        except openai.RateLimitError:
            raise LLMUnavailableError(f"LLM at {self.server} is rate-limiting (429)") from None
        except openai.APIConnectionError:
            raise LLMUnavailableError(f"LLM at {self.server} is unreachable") from None
        except openai.APIStatusError as exc:
            raise LLMUnavailableError(
                f"LLM at {self.server} answered HTTP {exc.status_code}{_reason(exc.body)}"
            ) from None
        except (openai.APIError, ValueError, AttributeError, TypeError) as exc:
            raise LLMUnavailableError(
                f"LLM at {self.server} sent an unusable reply ({type(exc).__name__})") from None


def answer_prompt(asked: Asked) -> str:
    """Counting and list questions get a prompt that gathers facts from every source first."""
    return "answer_list" if asked.gathering else "answer"


def _reason(body: Any) -> str:
    """The server's own error message, shortened to fit one line (e.g. a context overflow)."""
    if isinstance(body, dict):
        body = body.get("error", body)
    message = body.get("message") if isinstance(body, dict) else body
    if not isinstance(message, str) or not message.strip():
        return ""
    line = " ".join(message.split())
    return f": {line[:157]}..." if len(line) > 160 else f": {line}"


class FallbackAnswerer:
    """`auto` mode: the LLM answers, and when it cannot, the extractive answerer does, saying so."""

    def __init__(self, primary: Answerer, fallback: Answerer) -> None:
        self.primary = primary
        self.fallback = fallback
        self.name = primary.name
        self.chat_model = primary.chat_model

    def answer(self, retrieval: Retrieval, sources: SourceTexts) -> Answer:
        return final_answer(self.stream(retrieval, sources))

    def stream(self, retrieval: Retrieval, sources: SourceTexts) -> Iterator[str | Answer]:
        try:
            yield from self.primary.stream(retrieval, sources)
        except LLMUnavailableError as exc:
            answer = self.fallback.answer(retrieval, sources)
            warning = f"{exc}; answered extractively instead"
            yield Answer(answer.text, answer.citations, answer.abstained, answer.retrieved,
                         answer.backend, (*answer.warnings, warning))
