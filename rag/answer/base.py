"""The answerer protocol (extractive offline, or a chat model when one is configured) and the
answers every answerer shares: the abstention, and draining a stream."""

from __future__ import annotations

from typing import Iterable, Iterator, Protocol

from ..sources import SourceTexts
from ..types import Answer, Retrieval

ABSTENTION = {
    "en": "The indexed articles do not answer this.",
    "vi": "Các bài báo đã lập chỉ mục không trả lời câu hỏi này.",
}


class ChatModel(Protocol):
    """A language model behind an answerer, which the assistant also asks to rewrite follow-ups."""

    def complete(self, prompt: str, max_tokens: int | None = None) -> str:
        """The whole reply to one prompt, of at most `max_tokens` (None: the model's default)."""
        ...


class Answerer(Protocol):
    """Turns retrieved evidence into an answer whose citations are checked against the sources."""

    name: str
    chat_model: ChatModel | None  # None: no language model stands behind this answerer

    def answer(self, retrieval: Retrieval, sources: SourceTexts) -> Answer:
        """The whole answer at once."""
        ...

    def stream(self, retrieval: Retrieval, sources: SourceTexts) -> Iterator[str | Answer]:
        """Text as it is produced, then the final `Answer` (citations resolved)."""
        ...


def abstention(retrieval: Retrieval, backend: str, warnings: tuple[str, ...] = ()) -> Answer:
    """The answer given when the evidence does not answer the question."""
    return Answer(
        text=ABSTENTION.get(retrieval.query_lang, ABSTENTION["en"]),
        citations=(),
        abstained=True,
        retrieved=tuple(retrieval.files()),
        backend=backend,
        warnings=warnings,
    )


def final_answer(stream: Iterable[str | Answer]) -> Answer:
    """Drain a streamed answer (text deltas, then the Answer) and return the Answer."""
    answers = [item for item in stream if isinstance(item, Answer)]
    if not answers:
        raise ValueError("the answer stream ended without an Answer")
    return answers[-1]
