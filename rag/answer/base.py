"""The answerer protocol (extractive offline, or a chat model when one is configured) and the
answers every answerer shares: the abstention, and draining a stream."""

from __future__ import annotations

from typing import Iterable, Iterator, Protocol, Sequence

from ..check.markers import defuse_markers
from ..sources import SourceTexts
from ..types import Answer, Citation, Hit, Retrieval, ShortAnswer
from .asked import asked_of
from .spans import short_answer_in_quotes

ABSTENTION = {
    "en": "The indexed articles do not answer this.",
    "vi": "Các bài báo đã lập chỉ mục không trả lời câu hỏi này.",
}
# what was found instead, when the articles are on topic but none holds what was asked
CLOSEST = {
    "en": 'The closest report, "{title}" ({date}), does not give {what}.',
    "vi": 'Bài gần nhất, "{title}" ({date}), không nêu {what}.',
}
# the same, when the decline is the confidence's: the report may well hold it, unclearly
CLOSEST_UNSURE = {
    "en": 'The closest report, "{title}" ({date}), may not give {what}.',
    "vi": 'Bài gần nhất, "{title}" ({date}), có thể không nêu {what}.',
}
# a value asked for on one day that only other days' reports give
OTHER_DAY = {
    "en": 'No report gives {what} on {day}; the nearest, "{title}" ({date}), is about another day.',
    "vi": 'Không bài nào nêu {what} vào ngày {day}; bài gần nhất, "{title}" ({date}), nói về ngày '
          'khác.',
}
WHAT = {
    "en": {"number": "the figure asked for", "date": "the date asked for",
           "score": "the score", "entity": "the name asked for", "description": "what was asked"},
    "vi": {"number": "con số được hỏi", "date": "thời điểm được hỏi", "score": "tỷ số",
           "entity": "tên được hỏi", "description": "điều được hỏi"},
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


def abstention(retrieval: Retrieval, backend: str, warnings: tuple[str, ...] = (),
               closest: Hit | None = None, kind: str = "", day: str = "",
               sure: bool = True) -> Answer:
    """The answer given when the evidence does not answer the question; with the closest
    article (`closest`) and what it lacks (`kind`, what the question asks for) when the articles
    are on topic but none holds what was asked, or (`day`) holds it only for other days. Not
    `sure`: the confidence, not the evidence, declined, so the closest report only may lack it."""
    lang = retrieval.query_lang if retrieval.query_lang in ABSTENTION else "en"
    text = ABSTENTION[lang]
    if closest is not None and kind in WHAT[lang]:
        title = defuse_markers(closest.chunk.title or closest.chunk.file)  # "[1]" cites nothing
        template = OTHER_DAY[lang] if day else CLOSEST[lang] if sure else CLOSEST_UNSURE[lang]
        text += " " + template.format(title=title, date=closest.chunk.date or "undated",
                                      what=WHAT[lang][kind], day=day)
    return Answer(
        text=text,
        citations=(),
        abstained=True,
        retrieved=tuple(retrieval.files()),
        backend=backend,
        warnings=warnings,
    )


def evidence_lacking(retrieval: Retrieval) -> bool:
    """Whether retrieval already shows the articles cannot answer: the question names a number
    no article contains, or a time no retrieved article is about."""
    return bool(retrieval.unknown_numbers) or retrieval.off_time


def short_answer_of(text: str, citations: Sequence[Citation], retrieval: Retrieval
                    ) -> ShortAnswer | None:
    """The fact asked for in a written answer (a model's), when a cited quote holds it: a short
    answer is always a span of a quote, offsets into its article like the quote's own."""
    return short_answer_in_quotes(text, citations, asked_of(retrieval.query))


def final_answer(stream: Iterable[str | Answer]) -> Answer:
    """Drain a streamed answer (text deltas, then the Answer) and return the Answer."""
    answers = [item for item in stream if isinstance(item, Answer)]
    if not answers:
        raise ValueError("the answer stream ended without an Answer")
    return answers[-1]
