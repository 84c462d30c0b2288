"""The conversation: follow-up questions (pure functions), told apart from questions that stand
on their own, and only they rewritten to stand alone.

A follow-up leans on the conversation in one of three ways (`detection`): a reference, a pronoun or
demonstrative the question does not itself explain ("who presented it?", "ai trình bày tuyên bố
đó?"; `references`); an ellipsis, the previous question with one part swapped ("and in 2024?",
"còn Hàn Quốc thì sao?"); a fragment, too little of its own to search for ("why?", "khi nào?").
Everything else stands on its own, even when it opens with "and": joining it to the previous
question would drag the old topic into the new search.

The rewrite (`rewriting`) reads the previous turn as resolved and keeps its time unless the
follow-up names its own (`times`). With a chat model the model writes the rewrite (`condense`),
and its reply is kept only when it is one usable question (`replies`). The words all this reads
are the lexicon's (`rag.text.lexicon`, "conversation").
"""

from __future__ import annotations

from .condense import condensed
from .detection import TurnKind, classify
from .replies import clean_rewrite
from .rewriting import Resolution, resolve_conversation, resolve_turn, rewrite

__all__ = ["Resolution", "TurnKind", "classify", "clean_rewrite", "condensed",
           "resolve_conversation", "resolve_turn", "rewrite"]
