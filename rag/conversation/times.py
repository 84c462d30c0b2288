"""The time phrases of a conversation's questions: where a question's time intent was read from,
with the words leading it ("in 2024", "trong năm 2024", "ngày 24/11"), and how to carry one into
another question so that it reads the same there."""

from __future__ import annotations

import datetime as dt
import re

from ..retrieve.timefilter import read_intent
from ..text.lexicon import alternation, en, vi

# words that lead a time phrase and belong with it ("in 2024", "trong năm 2024", "ngày 24/11")
TIME_LEADS = vi.TIME_LEADS | en.TIME_LEADS
# times relative to the previous turn's: its range would exclude what they ask about
RELATIVE_TIME = re.compile(rf"\b(?:{alternation(vi.RELATIVE_TIMES | en.RELATIVE_TIMES)})\b", re.I)


def time_spans(text: str, today: dt.date) -> list[tuple[int, int, bool]]:
    """(start, end, is_range) of each time phrase the question's time intent was read from, with
    the words leading it ("in 2024", "ngày 24/11")."""
    intent = read_intent(text, today)
    if intent is None or not intent.phrase:
        return []
    spans: list[tuple[int, int, bool]] = []
    cursor = 0
    parts = intent.phrase.split(", ")
    while parts:
        for k in range(len(parts), 0, -1):  # a phrase may hold ", " itself: "November 24, 2025"
            piece = ", ".join(parts[:k])
            at = text.find(piece, cursor)
            if at >= 0:
                break
        else:
            parts.pop(0)
            continue
        start = _lead_start(text, at)
        alone = read_intent(f"x {text[start:at + len(piece)]}", today)
        spans.append((start, at + len(piece), bool(alone and alone.has_range)))
        cursor = at + len(piece)
        del parts[:k]
    return spans


def _lead_start(text: str, at: int) -> int:
    """A phrase's start moved back over the words leading it ("trong năm" of "trong năm 2024")."""
    start = at
    while True:
        match = re.search(r"([^\W\d_]+)\s+$", text[:start])
        if not match or match.group(1).lower() not in TIME_LEADS:
            return start
        start = match.start(1)


def portable(phrase: str, today: dt.date) -> str:
    """A time phrase that reads the same inside a question: "Năm 2024" opening a question is a
    year, "... năm 2024" inside one is not, "trong năm 2024" is, anywhere."""
    if phrase.split()[0].lower() in TIME_LEADS:
        phrase = phrase[:1].lower() + phrase[1:]
    wanted = reading(phrase, today)
    for candidate in (phrase, f"trong {phrase}", f"in {phrase}"):
        if reading(f"x {candidate}", today) == wanted:
            return candidate
    return phrase


def reading(text: str, today: dt.date) -> tuple[str | None, str | None, bool] | None:
    """The time filter a text is read under (since, until, recency); None without one."""
    intent = read_intent(text, today)
    return (intent.since, intent.until, intent.recency) if intent else None


def own_time(text: str, today: dt.date) -> bool:
    """Whether the question names a time of its own, or one relative to the previous turn's
    ("sau đó", "the next one"), which the previous turn's range would wrongly exclude."""
    return read_intent(text, today) is not None or RELATIVE_TIME.search(text) is not None


def time_phrases(previous: str, today: dt.date) -> list[str]:
    """The previous question's time phrases, each as it reads inside another question."""
    return [portable(previous[s:e], today) for s, e, _ in time_spans(previous, today)]
