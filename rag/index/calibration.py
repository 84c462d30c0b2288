"""What the embedding model's cosines mean: the scale every similarity judgement is made on.

multilingual-e5-small scores a question against a translation of the right sentence lower than
against the sentence in the question's own language (median best-sentence similarity on XQuAD dev:
0.871 en->en, 0.812 vi->en); `CROSS_LANGUAGE_OFFSET` puts both languages on one scale, so a mixed
corpus does not always favour the question's language and one abstention threshold fits both.
"""

from __future__ import annotations

CROSS_LANGUAGE_OFFSET = 0.06


def language_offset(text_lang: str, query_lang: str) -> float:
    """What a similarity across two languages gains to be comparable with one within a language."""
    return CROSS_LANGUAGE_OFFSET if text_lang != query_lang else 0.0
