"""The candidate record every finder returns, and what the finders share: the words that end a
unit or a phrase, a question's own words, a sentence's publication day."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ...text.lexicon import en, vi

# words that end a unit or a phrase: "44 nước ra ...", "16 tháng để ...", "43 countries in ..."
_STOP = vi.STOP_WORDS | en.STOP_WORDS


@dataclass(frozen=True)
class Candidate:
    """A span of a sentence ([start, end) within it) that may answer the question."""

    start: int
    end: int
    text: str
    score: float
    strong: bool = False  # named under the very role the question asks about ("Chủ tịch ...")
    # evidence, never shown: maybe a longer name's first syllable ("Tòa" of "Tòa án Tối cao"), or
    # a country where a person is asked for ("Hoa Kỳ" for "who did Internet2 partner with?")
    doubtful: bool = False



def _asked_word(word: str, asked: str) -> bool:
    """Whether the question uses the word, or (for a long word) one of its forms: "Australian"
    asks about "Australia"."""
    if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", asked):
        return True
    return len(word) >= 6 and re.search(rf"(?<!\w){re.escape(word[:6])}", asked) is not None



def _day(published: str | None) -> dt.date | None:
    return dt.date.fromisoformat(published) if published else None

