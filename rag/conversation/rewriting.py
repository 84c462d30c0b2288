"""Rewriting a follow-up to stand alone, reading the previous turn as resolved.

A demonstrative whose noun the previous question names takes that phrase ("tuyên bố đó" ->
"Tuyên bố chung"), "he"/"bà ấy" the person it was about (for a "who" question, the person its
answer names), an ellipsis is put back into the previous question, and whatever is still open
gets the previous question's key phrases in brackets. A follow-up keeps the previous question's
time ("on 24 November", "tuần trước", "latest") unless it names its own: the time phrase goes into
the text, so the rewrite read alone gives the same time filter (`times`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.language import detect_language
from ..text.lexicon import alternation, en, vi
from ..text.mentions import (
    FUNCTION_WORDS,
    Token,
    content_words,
    has_vietnamese_letters,
    key_phrases,
    names,
    people,
    tokens,
    words,
)
from .detection import TurnKind, ellipsis, too_little
from .references import Anaphor, antecedent, free_anaphors
from .times import RELATIVE_TIME, own_time, portable, time_phrases, time_spans

_SINGLE_PERSON = vi.SINGLE_PERSON_CUES | en.SINGLE_PERSON_CUES
_ASKS_WHO = re.compile(rf"\b(?:{alternation(vi.WHO_WORDS | en.WHO_WORDS)})\b|"
                       rf"\b(?:{alternation(vi.WHO_HEADS)})\s+nào\b", re.I)
_PREPOSITIONS = vi.SLOT_PREPOSITIONS | en.SLOT_PREPOSITIONS
_MAX_CONTEXT_PHRASES = 3


@dataclass(frozen=True)
class Resolution:
    """A turn's question as retrieval should see it, and why it was (not) rewritten."""

    question: str
    kind: TurnKind = "standalone"
    cues: tuple[str, ...] = ()  # the words that lean on the conversation


def resolve_turn(history: Sequence[tuple[str, str]], message: str, today: dt.date
                 ) -> Resolution:
    """The message rewritten to stand alone, given the conversation so far ((user, assistant)
    turns, oldest first); a message that stands on its own comes back unchanged."""
    message = (message or "").strip()
    questions = [user for user, _ in history]
    answers = [bot for _, bot in history]
    resolved = resolve_conversation([*questions, message], today, answers)[-1]
    return resolved if resolved.kind != "standalone" else Resolution(message)


def resolve_conversation(questions: Sequence[str], today: dt.date,
                         answers: Sequence[str] = ()) -> list[Resolution]:
    """Every turn's standalone question: each follow-up is read against the previous turn as
    resolved, so "and in 2024?" after "who presented it?" keeps what "it" was. `answers[i]`,
    when given, is the answer turn i got (it names the person a "who" question asked for)."""
    out: list[Resolution] = []
    for i, raw in enumerate(questions):
        question = unicodedata.normalize("NFC", (raw or "").strip())
        if not out or not question:
            out.append(Resolution(question))
            continue
        answer = answers[i - 1] if i - 1 < len(answers) else ""
        out.append(rewrite(question, out[-1].question, today, answer))
    return out


def rewrite(question: str, previous: str, today: dt.date, previous_answer: str = ""
            ) -> Resolution:
    """One message against the previous (standalone) question and its answer."""
    part = ellipsis(question)
    if part is not None:
        return Resolution(_fill_ellipsis(part, previous, today), "ellipsis", (question,))
    anaphors = free_anaphors(question, previous)
    if anaphors:
        person = _person_meant(previous, previous_answer)
        text = _resolve_references(question, anaphors, previous, today, person)
        return Resolution(text, "reference", tuple(a.cue for a in anaphors))
    if too_little(question):
        if own_time(question, today) and not content_words(question):
            return Resolution(_fill_ellipsis(question.rstrip("?!. "), previous, today),
                              "ellipsis", (question,))
        return Resolution(_with_context(question, previous, today), "fragment", (question,))
    return Resolution(question)


# -- the previous turn's context and time ---------------------------------------------------------


def _with_time(text: str, previous: str, today: dt.date) -> str:
    """The text with the previous question's time phrases, unless it names a time of its own."""
    phrases = [] if own_time(text, today) else time_phrases(previous, today)
    return _before_mark(text, " ".join(phrases)) if phrases else text


def _before_mark(text: str, addition: str) -> str:
    """Words inserted before the closing question mark (or at the end)."""
    stripped, mark = text.rstrip(), ""
    while stripped and stripped[-1] in "?!.…":
        mark = stripped[-1] + mark
        stripped = stripped[:-1].rstrip()
    return f"{stripped} {addition}{mark}"


def _with_context(question: str, previous: str, today: dt.date) -> str:
    """The question with the previous question's key phrases (names first, a few at most) and
    time in brackets, less what the question already says."""
    times = time_spans(previous, today)
    said = question.lower()
    phrases = [p for p in key_phrases(previous, skip=[(s, e) for s, e, _ in times])
               if p.lower() not in said][:_MAX_CONTEXT_PHRASES]
    if not own_time(question, today):
        phrases += [p for p in time_phrases(previous, today) if p.lower() not in said]
    return _before_mark(question, f"({', '.join(phrases)})") if phrases else question


# -- references ----------------------------------------------------------------------------------


def _resolve_references(question: str, anaphors: list[Anaphor], previous: str,
                        today: dt.date, person: str | None) -> str:
    """Demonstratives whose noun the previous question names take that phrase, "he"/"bà ấy" the
    person the previous turn was about; when anything is left open, or the rewrite names nothing,
    the previous turn's context follows in brackets."""
    text, open_left = question, False
    for anaphor in sorted(anaphors, key=lambda a: a.start, reverse=True):
        found = antecedent(anaphor, previous) if anaphor.kind == "det" else None
        if anaphor.kind == "person" and person and anaphor.cue.lower() in _SINGLE_PERSON:
            found = (person + ("'s" if _possessive(anaphor, question) else ""), anaphor.start)
        if anaphor.cue.lower() == "its" and (owner := _only_name(previous, today)):
            found = (owner if owner.endswith(("'s", "’s")) else f"{owner}'s", anaphor.start)
        if found is None:
            open_left = True
            continue
        phrase, start = found
        text = text[:start] + phrase + text[anaphor.end:]
    if open_left or not names(text):
        return _with_context(text, previous, today)
    return _with_time(text, previous, today)


def _only_name(previous: str, today: dt.date) -> str | None:
    """The previous question's name when it has exactly one ("VinFast's" in "In which province is
    VinFast's 350th workshop?"): what a following "its" stands for."""
    found = names(previous, skip=[(s, e) for s, e, _ in time_spans(previous, today)])
    return previous[found[0][0]:found[0][1]] if len(found) == 1 else None


def _possessive(anaphor: Anaphor, question: str) -> bool:
    """"his", or "her" before a noun ("her age", not "ask her")."""
    cue = anaphor.cue.lower()
    following = words(question[anaphor.end:])[:1]
    return cue in en.POSSESSIVE_PRONOUNS or (cue == "her" and bool(following)
                                             and following[0].low not in FUNCTION_WORDS)


def _person_meant(previous: str, answer: str) -> str | None:
    """The person a follow-up's "he"/"bà ấy" stands for: the one the previous question names
    ("Whom did Anthony Albanese marry?" -> he is Albanese), or, when it asked "who" without
    naming anyone, the first person its answer names ("Who heads IOM in Vietnam?" -> she is
    the head its answer names)."""
    asked = people(previous)
    if asked:
        return asked[0]
    if answer and _ASKS_WHO.search(previous):
        found = people(_first_claim(answer))
        return found[0] if found else None
    return None


def _first_claim(answer: str) -> str:
    """What an answer says first: up to its first citation marker, or its first sentence."""
    marked = re.split(r"\[\d+\]", answer, maxsplit=1)
    if len(marked) > 1:
        return marked[0]
    return re.split(r"(?<=[.!?])\s", answer, maxsplit=1)[0]


# -- ellipses ------------------------------------------------------------------------------------


def _fill_ellipsis(part: str, previous: str, today: dt.date) -> str:
    """The previous question with the ellipsis put in: a time replaces its time, "in X" its
    "in Y", a name its first whole name; otherwise the part is added to it. A time relative to
    the previous one ("còn kỳ tiếp theo?") drops the previous time."""
    spans = time_spans(part, today)
    time_text = " ".join(portable(part[s:e], today) for s, e, _ in spans)
    rest = part
    for s, e, _ in sorted(spans, reverse=True):
        rest = rest[:s] + rest[e:]
    rest = re.sub(r"\s+", " ", rest).strip(" ,")
    text = previous
    if RELATIVE_TIME.search(part):
        text = _without_time(text, today)
    if rest:
        text = _replace_slot(rest, text, today)
    if time_text:
        text = _replace_time(time_text, text, today)
    return text


def _without_time(text: str, today: dt.date) -> str:
    for s, e, _ in reversed(time_spans(text, today)):
        text = (text[:s].rstrip() + " " + text[e:].lstrip()).strip()
    return re.sub(r"\s+([?!.,])", r"\1", text)


def _replace_time(time_text: str, previous: str, today: dt.date) -> str:
    ranges = [(s, e) for s, e, is_range in time_spans(previous, today) if is_range]
    if not ranges:
        return _before_mark(previous, time_text)
    text = previous
    for s, e in reversed(ranges[1:]):
        text = (text[:s].rstrip() + " " + text[e:].lstrip()).strip()
    s, e = ranges[0]
    return text[:s] + time_text + text[e:]


def _replace_slot(part: str, previous: str, today: dt.date) -> str:
    """"in X" replaces the previous question's "in Y"; a name replaces its first whole name."""
    part_words = words(part)
    times = [(s, e) for s, e, _ in time_spans(previous, today)]
    if part_words and part_words[0].low in _PREPOSITIONS:
        prior = words(previous)
        for i, token in enumerate(prior[:-1]):
            if token.low != part_words[0].low or any(s <= token.start < e for s, e in times):
                continue
            end = i + 1
            while end < len(prior) and (prior[end].low not in FUNCTION_WORDS
                                        or prior[end].capitalised):
                end += 1
            if end > i + 1:
                return previous[:token.start] + part + previous[prior[end - 1].end:]
        return _before_mark(previous, part)
    if names(part):
        whole = [(s, e) for s, e in names(previous, skip=times) if _whole_name(previous[s:e])]
        if whole:
            s, e = whole[0]
            return previous[:s] + part + previous[e:]
    same_head = _same_head(part_words, previous)
    if same_head:
        s, e = same_head
        return previous[:s] + (part if s else part[:1].upper() + part[1:]) + previous[e:]
    return _before_mark(previous, f"({part})")


def _same_head(part_words: list[Token], previous: str) -> tuple[int, int] | None:
    """Where the previous question has a phrase of the part's length around the part's head
    noun: "giá vàng" for "giá bạc" (the head first in Vietnamese), "gold price" for "silver
    price" (last in English)."""
    prior = words(previous)
    size = len(part_words)
    noun_first = detect_language(" ".join(w.text for w in part_words)) == "vi"
    head = part_words[0 if noun_first else -1].low
    for i, token in enumerate(prior):
        if token.low != head or head in FUNCTION_WORDS:
            continue
        first = i if noun_first else i - size + 1
        if first >= 0 and first + size <= len(prior):
            start, end = prior[first].start, prior[first + size - 1].end
            return start, next((t.start for t in tokens(previous)  # not past a comma
                                if start < t.start < end and not t.is_word), end)
    return None


def _whole_name(name: str) -> bool:
    """A name that can be swapped for another: several capitalised words ("Việt Nam"), or one
    without Vietnamese letters ("Malaysia", "IOM"); not the "Tuyên" of "Tuyên bố chung", whose
    capital marks only the start of a Vietnamese title."""
    return len(name.split()) >= 2 or not has_vietnamese_letters(name)
