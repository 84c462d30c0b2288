"""Questions that ask what something is called in the other language (pure functions).

"Chức danh Công sứ trong tiếng Anh là gì?" is answered by a name in an English item
("Minister-Counsellor"), which shares no word with the question; what ties the two is meaning, so
the name is chosen among the other language's names by how close the embedder puts it to what
the question names.
"""

from __future__ import annotations

import re

import numpy as np

from ..text.lexicon import en, vi
from ..types import Translation
from .spans import Candidate

_LANGUAGES = {"anh": "en", "english": "en", "việt": "vi", "vietnamese": "vi"}
_ASKS = [
    re.compile(r"\b(?:tên|chức danh|danh xưng|tiêu đề|tựa đề|tên gọi)\b(?P<subject>[^?]{0,80}?)"
               r"\btiếng (?P<language>Anh|Việt)\b", re.I),
    re.compile(r"\btiếng (?P<language>Anh|Việt)\b[^?]{0,40}?\b(?:là gì|gọi là gì|gọi là)", re.I),
    re.compile(r"\b(?P<language>English|Vietnamese)\s+(?:name|title|word|term|translation)\b",
               re.I),
    re.compile(r"\b(?:called|named|say|write|written|translated?)\b(?P<subject>[^?]{0,80}?)"
               r"\b(?:in|into)\s+(?P<language>English|Vietnamese)\b", re.I),
]
# the words around what is asked about that only ask
_EDGE = re.compile(
    r"^(?:\s|[,:;?\"“”]|của|có|là|gì|được|gọi|chức danh|danh xưng|tên|tiêu đề|tựa đề|bằng|trong|"
    r"what|what's|is|was|the|of|for|in|how|do|does|you|a|an)+(?=\s|$|\W)|"
    r"(?<=\s)(?:\s|[,:;?\"“”]|của|có|là|gì|được|gọi|tên|bằng|trong|the|of|for|in|is|was)+$",
    re.I)


def asked_translation(question: str, question_lang: str) -> Translation | None:
    """What a question asking for a name in the other language names, and that language; None
    for any other question (or one asking for a name in its own language)."""
    for pattern in _ASKS:
        match = pattern.search(question)
        if match:
            language = _LANGUAGES[match["language"].casefold()]
            if language == question_lang:
                return None
            subject = match.groupdict().get("subject") or ""
            if not _EDGE.sub("", subject.strip()):  # the longer side of the words that ask
                subject = max(question[: match.start()], question[match.end() :], key=len)
            subject = _EDGE.sub("", " ".join(subject.split())).strip(" ,.:;?")
            return Translation(language, subject) if subject else None
    return None


def closest_name(subject: np.ndarray, names: np.ndarray) -> int:
    """The index of the name whose embedding is closest to the subject's."""
    return int(np.argmax(names @ subject))


# the small words inside an official name: "Convention against Cybercrime", "Plan of Action"
_NAME_JOINERS = set(en.NAME_JOINERS + vi.NAME_JOINERS)


def with_full_names(sentence: str, names: list[Candidate]) -> list[Candidate]:
    """The names, and the longer names two of them make across one small word ("UN Convention"
    + "against" + "Cybercrime"): the name asked for may be either. A joined name that only cuts
    a longer one short (a quoted title) is left out."""
    ordered = sorted(names, key=lambda c: c.start)
    joined = []
    for first, *rest in (ordered[k:] for k in range(len(ordered))):
        end = first.end
        for following in rest:
            gap = sentence[end : following.start].split()
            if len(gap) != 1 or gap[0].casefold() not in _NAME_JOINERS:
                break
            end = following.end
            joined.append(Candidate(first.start, end, sentence[first.start : end], first.score))
    return ordered + [j for j in joined if not any(
        n.start <= j.start and j.end <= n.end and n.end - n.start > j.end - j.start
        for n in ordered)]
