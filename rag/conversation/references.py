"""Pronouns and demonstratives that may point outside a question ("who presented it?", "ai trình
bày tuyên bố đó?", "what did she say?", "họ kêu gọi gì?"): finding them, telling the ones the
question binds itself from the free ones, and the previous question's phrase a demonstrative's
noun stands for."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from ..text.lexicon import alternation, en, vi
from ..text.mentions import (
    FUNCTION_WORDS,
    Token,
    content_words,
    names,
    tokens,
    words,
)

_ENOUGH_BEFORE = 4  # content words before "their"/"họ" that give it something to refer to
_CLAUSE_JOINERS = vi.CLAUSE_JOINERS | en.CLAUSE_JOINERS
# "it" that stands for nothing ("it is said", "is it true", "does it take")
_EXPLETIVE_IT = re.compile(
    rf"\b(?:it\s+(?:is|was|has\s+been)\s+(?:{alternation(en.AFTER_IT_IS)})|(?:is|was)\s+it\s+"
    rf"(?:{alternation(en.AFTER_IS_IT)})|(?:does|did|will)\s+it\s+take|"
    r"it\s+(?:takes|took))\b", re.I)
# "tuyên bố nói trên": the statement mentioned above
_VI_ABOVE = re.compile(rf"\b(?:{alternation(vi.MENTIONED_ABOVE)})\s+(?:ở\s+)?trên\b|"
                       r"\btrên\s+đây\b", re.I)
_VI_OPENING = vi.ABSTRACT_NOUNS | vi.PERSON_NOUNS | vi.CLASSIFIERS


@dataclass(frozen=True)
class Anaphor:
    """A pronoun or demonstrative phrase that may point outside the question."""

    start: int
    end: int
    kind: Literal["person", "neuter", "det"]
    head: tuple[Token, ...] = ()  # a demonstrative's noun ("tuyên bố" in "tuyên bố đó")
    noun_first: bool = False  # Vietnamese order: the noun before the demonstrative
    cue: str = ""  # the pronoun or demonstrative itself


def free_anaphors(text: str, previous: str = "") -> list[Anaphor]:
    """The pronouns and demonstratives that point outside the question.

    One is bound inside the question (and so no sign of a follow-up) when an earlier clause says
    enough on its own ("Vietnam joined 43 countries; who presented it?"), or, for a person or a
    demonstrative, when a name comes before it ("Who is Guy Ryder and what did he say?", "...
    trở thành người phụ nữ đầu tiên giữ cương vị này"), unless the demonstrative's noun is the
    previous question's ("Hong Kong lập ủy ban gì sau vụ cháy đó?" after a question on the fire).
    """
    found = anaphors(text)
    if not found:
        return []
    all_tokens = tokens(text)
    clause_of = _clauses(all_tokens)
    name_ends = [e for _, e in names(text)]
    free = []
    for anaphor in found:
        clause = next((clause_of[i] for i, t in enumerate(all_tokens) if t.end > anaphor.start),
                      0)
        earlier = {clause_of[i] for i, t in enumerate(all_tokens) if clause_of[i] < clause}
        if any(_says_enough(text, [t for i, t in enumerate(all_tokens) if clause_of[i] == c])
               for c in earlier):
            continue
        before = text[:anaphor.start]
        said_before = any(e <= anaphor.start for e in name_ends) or len(
            content_words(before)) >= _ENOUGH_BEFORE
        if anaphor.kind != "neuter" and said_before and not (
                anaphor.kind == "det" and previous and antecedent(anaphor, previous)):
            continue
        free.append(anaphor)
    return free


def _clauses(all_tokens: list[Token]) -> list[int]:
    """Each token's clause number: a comma, semicolon or "and"/"và" (not an opening one) starts
    a new clause."""
    clause, out = 0, []
    for i, token in enumerate(all_tokens):
        if i > 0 and (not token.is_word or token.low in _CLAUSE_JOINERS):
            clause += 1
        out.append(clause)
    return out


def _says_enough(text: str, clause: list[Token]) -> bool:
    """A clause with a name or two content words of its own."""
    if not clause:
        return False
    span = text[clause[0].start:clause[-1].end]
    return bool(names(span)) or len(content_words(span)) >= 2


def anaphors(text: str) -> list[Anaphor]:
    """Every pronoun and demonstrative that could point back (vi and en), before binding."""
    all_words = words(text)
    expletive = [m.span() for m in _EXPLETIVE_IT.finditer(text)]
    out: list[Anaphor] = []
    for i, token in enumerate(all_words):
        out.extend(replace(a, cue=token.text) for a in _anaphors_at(all_words, i, expletive))
    for match in _VI_ABOVE.finditer(text):  # "tuyên bố nói trên": the statement above
        head = tuple(t for t in all_words if t.end <= match.start())[-3:]
        head = tuple(t for t in head if t.low not in FUNCTION_WORDS)
        out.append(Anaphor(head[0].start if head else match.start(), match.end(), "det", head,
                           noun_first=True, cue=match.group()))
    return sorted(out, key=lambda a: a.start)


def _anaphors_at(all_words: list[Token], i: int, expletive: list[tuple[int, int]]
                 ) -> list[Anaphor]:
    token = all_words[i]
    low = token.low
    before = all_words[i - 1] if i > 0 else None
    after = all_words[i + 1] if i + 1 < len(all_words) else None
    person = [Anaphor(token.start, token.end, "person")]
    neuter = [Anaphor(token.start, token.end, "neuter")]
    if low in en.PERSON_PRONOUNS:
        return person
    if token.text.isupper() and len(token.text) > 1:
        return []  # "IT", "THEY" in a title or an acronym
    if low == "it":
        if any(s <= token.start < e for s, e in expletive):
            return []
        if before is not None and before.low in en.SAYER_BEFORE_IT and i > 1:
            return []  # "Toyota said it will ...": it is the one who said
        return neuter
    if low in en.POSSESSIVE_DETERMINERS:
        return [Anaphor(token.start, token.end, "det", cue=token.text)]
    if low in en.DEMONSTRATIVES:
        return _en_demonstrative(token, before, after)
    if low == "there":  # "what happened there?", not "there were 44" or "are there"
        return neuter if before is not None and before.low not in en.AUXILIARIES and (
            after is None or after.low not in en.AUXILIARIES) else []
    if low in vi.DEMONSTRATIVES:
        return _vi_demonstrative(all_words, i)
    if low == "họ":
        if (after and after.low in vi.NOT_THEY_AFTER_HO) or (
                before and before.low in vi.NOT_THEY_BEFORE_HO):
            return []
        return person
    if low == "nó":
        return neuter
    if low == "chúng":
        return [] if after and after.low in vi.NOT_THEY_AFTER_CHUNG else person
    if low in vi.TITLE_PRONOUNS:  # "Ông được truy tặng gì?", not "ông Nguyễn ..." or "bà con"
        if after is None or after.capitalised or after.low in vi.NOT_PERSON_AFTER_TITLE | {
                "ấy"} or (before is not None and before.low in vi.TITLE_PRONOUNS):
            return []
        return person
    return []


def _en_demonstrative(token: Token, before: Token | None, after: Token | None
                      ) -> list[Anaphor]:
    low = token.low
    if after is not None and after.low in en.NOW_NOUNS and low in en.NEAR_DEMONSTRATIVES:
        return []  # "this year": now, not an earlier turn
    if low == "those" and after is not None and after.low in en.RELATIVE_PRONOUNS:
        return []
    if low == "that":
        if before is not None and before.low in en.SAYING_WORDS:
            return []  # "said that ...": a clause follows
        if after is not None and (after.low in en.CLAUSE_OPENERS or after.capitalised
                                  or after.text[:1].isdigit()):
            return []  # "... that Vietnam joined"
        if before is not None and before.low not in FUNCTION_WORDS and (
                before.low.endswith("s") or (after is not None and (
                    after.low in en.AUXILIARIES or after.low.endswith("ed")
                    or (after.low.endswith("s") and not after.low.endswith("ss"))))):
            return []  # "the areas that make up", "the team that belongs": a relative clause
    noun = after is not None and after.low not in FUNCTION_WORDS and not after.text[:1].isdigit()
    if noun and low == "that" and after.low.endswith("s") and not after.low.endswith("ss"):
        noun = False  # "the law that governs ...": a verb
    if noun:
        return [Anaphor(token.start, after.end, "det", (after,))]
    return [Anaphor(token.start, token.end, "neuter")]


def _vi_demonstrative(all_words: list[Token], i: int) -> list[Anaphor]:
    """"tuyên bố đó" (a noun, up to three syllables, then the demonstrative), "ông ấy" (a
    person), "điều đó", "sau đó" (no noun)."""
    token = all_words[i]
    low = token.low
    before = all_words[i - 1] if i > 0 else None
    if low == "kia" and before is not None and before.low == "hôm":
        return []  # "hôm kia": the day before yesterday
    if low == "đó" and before is not None and before.low == "trong" and i + 1 < len(all_words):
        return []  # "không gian trong đó vật liệu cháy": "in which", a relative clause
    if low == "này" and before is not None and before.low in vi.NOW_NOUNS:
        return []  # "tuần này", "lúc này": now, not an earlier turn
    head: list[Token] = []
    for j in range(i - 1, max(-1, i - 4), -1):
        word = all_words[j]
        if word.low in vi.FUNCTION_WORDS and word.low not in _VI_OPENING | vi.TIME_HEADS:
            break
        head.insert(0, word)
        if word.low in _VI_OPENING:
            break  # the classifier opens the noun phrase: "chiếc máy bay đó"
    nouns = tuple(w for w in head if w.low not in vi.CLASSIFIERS)
    if not nouns or all(w.low in vi.ABSTRACT_NOUNS for w in nouns):
        return [Anaphor(head[0].start if head else token.start, token.end, "neuter")]
    if all(w.low in vi.PERSON_NOUNS for w in nouns):
        return [Anaphor(head[0].start, token.end, "person")]
    return [Anaphor(head[0].start, token.end, "det", nouns, noun_first=True)]


def antecedent(anaphor: Anaphor, previous: str) -> tuple[str, int] | None:
    """The previous question's phrase holding a demonstrative's noun, widened over the words that
    make it specific ("tuyên bố đó" -> "Tuyên bố chung", "that statement" -> "the joint
    statement", "máy bay đó" -> "máy bay MH370"), and where the replacement starts in the
    question (the matched noun in Vietnamese, the demonstrative in English)."""
    if not anaphor.head:
        return None
    prior = words(previous)
    lows = [t.low for t in prior]
    head = [t.low for t in anaphor.head]
    for size in range(len(head), 0, -1):
        part = head[-size:] if anaphor.noun_first else head[:size]
        for i in range(len(lows) - size + 1):
            if lows[i:i + size] == part:
                phrase = _widened(previous, prior, i, i + size, anaphor.noun_first)
                start = anaphor.head[-size].start if anaphor.noun_first else anaphor.start
                return phrase, start
    return None


def _widened(text: str, prior: list[Token], first: int, last: int, noun_first: bool) -> str:
    """prior[first:last] widened over the words that modify it: after it in Vietnamese
    ("Tuyên bố chung", "vụ cháy chung cư Wang Fuk Court"), before it in English, with its
    article ("the joint statement"), and an "of <Name>" after it ("the head of IOM")."""

    def adjacent(a: Token, b: Token) -> bool:
        return not text[a.end:b.start].strip()

    if noun_first:
        end = last
        while end < len(prior) and end - last < 6 and adjacent(prior[end - 1], prior[end]) and (
                prior[end].low not in FUNCTION_WORDS or prior[end].capitalised):
            end += 1
        return text[prior[first].start:prior[end - 1].end]
    start = first
    while start > 0 and first - start < 4 and adjacent(prior[start - 1], prior[start]) and \
            prior[start - 1].low not in FUNCTION_WORDS and not prior[start - 1].low.endswith("ed"):
        start -= 1
    if start > 0 and prior[start - 1].low in en.ARTICLES:
        start -= 1
    end = last
    if end + 1 < len(prior) and prior[end].low == "of" and (
            prior[end + 1].capitalised or prior[end + 1].is_code):
        end += 2
    return text[prior[start].start:prior[end - 1].end]
