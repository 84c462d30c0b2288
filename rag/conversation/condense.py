"""The model step of a follow-up: a chat model rewrites it as one standalone question
(`rag/prompts/condense.txt`); a reply that is no usable question (`replies.clean_rewrite`), or a
model that cannot be reached, leaves the offline rewrite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..answer.base import ChatModel
from ..answer.prompts import render_prompt
from ..errors import NewsragError
from ..text.language import LANGUAGE_NAMES, detect_language
from .replies import clean_rewrite

# a follow-up's rewrite sees the last turns, each answer cut short (the gist names the topic), and
# is one question, not an answer
_CONDENSE_TURNS, _CONDENSE_ANSWER_CHARS, _CONDENSE_TOKENS = 3, 300, 96


def condensed(model: ChatModel, history: Sequence[tuple[str, str]], message: str, offline: str,
              today: dt.date) -> str:
    """The model's rewrite of a follow-up (history: (user, assistant) turns, oldest first), or
    `offline`, the offline rewrite, when its reply is no usable question or it cannot be
    reached."""
    lines = "\n".join(f"User: {user}\nAssistant: {_shortened(bot)}"
                      for user, bot in history[-_CONDENSE_TURNS:])
    prompt = render_prompt("condense", language=LANGUAGE_NAMES[detect_language(message)],
                           history=lines, question=message)
    try:
        reply = model.complete(prompt, max_tokens=_CONDENSE_TOKENS)
    except NewsragError:
        return offline
    return clean_rewrite(reply, message, offline, today) or offline


def _shortened(text: str, limit: int = _CONDENSE_ANSWER_CHARS) -> str:
    """One line of at most `limit` characters, cut at a word."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + " …"
