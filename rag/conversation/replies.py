"""Cleaning a chat model's rewrite of a follow-up: one usable question, or None."""

from __future__ import annotations

import datetime as dt
import re

from ..text.folding import comparable
from ..text.language import detect_language
from ..text.lexicon import alternation, en, vi
from ..text.mentions import content_words, names, words
from .detection import MORE
from .times import reading

# a label the model may put before its rewrite ("Standalone question: ...", "Câu hỏi: ...")
_LABEL = re.compile(rf"^(?:{alternation(en.REWRITE_LABELS | vi.REWRITE_LABELS)})\s*:\s*", re.I)


def clean_rewrite(reply: str, message: str, offline: str, today: dt.date) -> str | None:
    """A chat model's rewrite of a follow-up as one question, or None when it is no usable one:
    empty, not a question (no question mark: an answer, an abstention), citing sources like an
    answer, in another language than the message, rambling, the follow-up unchanged (nothing was
    resolved), leaving out a name or most of the words the message gave (another question), or
    under another time filter than the rule gives (`offline`, the offline rewrite, says which)."""
    lines = [line.strip() for line in (reply or "").splitlines() if line.strip()]
    if not lines:
        return None
    line = _LABEL.sub("", lines[0])
    line = line.strip().strip("\"“”'`*").strip()
    if not line.endswith(("?", "？")) or re.search(r"\[\d+\]", line):
        return None
    if len(line) > max(300, 3 * len(message)) or detect_language(line) != detect_language(message):
        return None
    said, kept = comparable(message), comparable(line)
    if said == kept or any(comparable(message[s:e]) not in kept for s, e in names(message)):
        return None
    own = {w.low for w in content_words(message)} - MORE
    if own and len(own & {w.low for w in words(kept)}) * 2 < len(own):
        return None
    if reading(line, today) != reading(offline, today):
        return None
    return line
