"""Answers and the answerer protocol: extractive offline, or a chat model when one is configured."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Protocol

from .citations import Citation, SourceTexts
from .retrieval import Retrieval
from .timefilter import TimeFilter

ABSTENTION = {
    "en": "The indexed articles do not answer this.",
    "vi": "Các bài báo đã lập chỉ mục không trả lời câu hỏi này.",
}


@dataclass(frozen=True)
class Answer:
    """An answer with its citations; `abstained` when the articles do not answer the question."""

    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    retrieved: tuple[str, ...]
    backend: str
    warnings: tuple[str, ...] = field(default=())
    time_filter: TimeFilter | None = None  # the question's time intent, or --since/--until

    def to_dict(self) -> dict:
        """The `ask --json` object."""
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "retrieved": list(self.retrieved),
            "backend": self.backend,
            "warnings": list(self.warnings),
            "time_filter": self.time_filter.to_dict() if self.time_filter else None,
        }


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


class Answerer(Protocol):
    """Turns retrieved evidence into an answer whose citations are checked against the sources."""

    name: str

    def answer(self, retrieval: Retrieval, sources: SourceTexts) -> Answer: ...
