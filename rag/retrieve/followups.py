"""Follow-up questions in a conversation (pure functions): tell a question that leans on the
previous turn from one that stands on its own, and rewrite only the first kind.

A follow-up leans on the conversation in one of three ways:
- reference: a pronoun or demonstrative the question does not itself explain ("who presented it?",
  "ai trình bày tuyên bố đó?", "what did she say?", "họ kêu gọi gì?");
- ellipsis: the previous question with one part swapped ("and in 2024?", "what about Korea?",
  "còn Hàn Quốc thì sao?", "năm 2024 thì sao?");
- fragment: too little of its own to search for: no name and at most two content words ("why?",
  "khi nào?", "tell me more", "how many people were on board?").
Everything else stands on its own, even when it opens with "and" ("And who is the head of IOM in
Vietnam?" names its own subject): joining it to the previous question would drag the old topic
into the new search.

The rewrite reads the previous turn as resolved: a demonstrative whose noun the previous question
names takes that phrase ("tuyên bố đó" -> "Tuyên bố chung"), "he"/"bà ấy" the person it was
about (for a "who" question, the person its answer names), an ellipsis is put back into the
previous question, and whatever is still open gets the previous question's key phrases in
brackets. A follow-up keeps the previous question's time ("on 24 November", "tuần trước",
"latest") unless it names its own: the time phrase goes into the text, so the rewrite read alone
gives the same time filter.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..text.folding import comparable
from ..text.language import detect_language
from ..text.mentions import (
    EN_AUXILIARIES,
    EN_QUESTION_WORDS,
    FUNCTION_WORDS,
    VI_FUNCTION,
    Token,
    content_words,
    has_vietnamese_letters,
    key_phrases,
    names,
    people,
    tokens,
    words,
)
from .timefilter import read_intent

Kind = Literal["standalone", "reference", "ellipsis", "fragment"]


@dataclass(frozen=True)
class Resolution:
    """A turn's question as retrieval should see it, and why it was (not) rewritten."""

    question: str
    kind: Kind = "standalone"
    cues: tuple[str, ...] = ()  # the words that lean on the conversation


@dataclass(frozen=True)
class _Anaphor:
    """A pronoun or demonstrative phrase that may point outside the question."""

    start: int
    end: int
    kind: Literal["person", "neuter", "det"]
    head: tuple[Token, ...] = ()  # a demonstrative's noun ("tuyên bố" in "tuyên bố đó")
    noun_first: bool = False  # Vietnamese order: the noun before the demonstrative
    cue: str = ""  # the pronoun or demonstrative itself


# -- word lists ------------------------------------------------------------------------------------

# words asking for more of the same: with function words only, nothing of its own to search for
_MORE = {"more", "details", "detail", "elaborate", "explain", "further", "chi", "tiết", "cụ",
         "thể", "thêm", "nói", "rõ", "giải", "thích", "kể"}
_MAX_FRAGMENT_WORDS = {"en": 2, "vi": 3}  # Vietnamese counts syllables: "máy bay" is two

_EN_PERSON = {"he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs"}
_SINGLE_PERSON = {"he", "him", "his", "she", "her", "hers", "ấy", "đó", "này", "ông", "bà"}
_EN_DEMONSTRATIVE = {"this", "that", "these", "those"}
_EN_TIME_NOUNS = {"week", "month", "year", "morning", "afternoon", "evening", "weekend",
                  "season", "quarter", "summer", "winter", "spring", "autumn", "fall", "time"}
_EN_SAYING = {"said", "say", "says", "announced", "reported", "claimed", "claim", "believe",
              "think", "thinks", "know", "knows", "confirmed", "confirm", "showed", "shows", "show",
              "stated", "noted", "true", "fact", "mean", "means", "so", "such"}
# words that open a clause after a "that" ("said that the...", "require that their teachers")
_EN_CLAUSE_OPENERS = {"the", "a", "an", "he", "she", "they", "it", "we", "you", "i", "there",
                      "his", "her", "its", "their", "our", "my", "your", "this", "these", "those",
                      "some", "all", "many", "most", "no", "every", "each", "any"}
_EXPLETIVE_IT = re.compile(
    r"\b(?:it\s+(?:is|was|has\s+been)\s+(?:said|reported|true|possible|likely|known|expected|"
    r"clear|believed|common|necessary|important|usual)|(?:is|was)\s+it\s+(?:true|possible|"
    r"likely|right|correct|common|necessary|important|usual)|(?:does|did|will)\s+it\s+take|"
    r"it\s+(?:takes|took))\b", re.I)
_SAYING_OR_THAT = _EN_SAYING | {"that", "announce", "announced", "add", "added", "warn", "warned"}

_VI_DEMONSTRATIVE = {"đó", "này", "ấy", "kia"}
_VI_NOW = {"tuần", "tháng", "năm", "hôm", "sáng", "chiều", "tối", "lúc", "dạo", "bây", "hiện"}
_VI_ABSTRACT = {"điều", "việc", "chuyện", "cái", "thế", "vậy", "đó", "vấn", "đề"}
_VI_PERSON_NOUNS = {"ông", "bà", "anh", "chị", "cô", "người", "vị", "cậu", "em", "nhóm"}
_VI_CLASSIFIERS = {"chiếc", "cái", "con", "cuộc", "vụ", "bản", "bức", "kỳ", "đợt", "lần",
                   "những", "các", "trận", "sự"}
_VI_TIME_NOUNS = {"năm", "ngày", "tháng", "hôm"}
_VI_NOT_THEY_AFTER = {"tên", "hàng", "của", "và"}  # "họ tên", "họ hàng", "họ của" (surname)
_VI_NOT_THEY_BEFORE = {"dòng", "mang", "cùng", "tên"}  # "dòng họ" (clan), "mang họ" (surname)
_VI_NOT_THEY_CHUNG = {"ta", "tôi", "mình", "em", "con", "cháu"}  # "chúng ta" is "we"
_VI_NOT_PERSON_AFTER = {"con", "bà", "ông", "nội", "ngoại", "cháu"}  # "bà con", "ông bà"
_VI_ABOVE = re.compile(r"\b(?:nói|kể|nêu|đề cập)\s+(?:ở\s+)?trên\b|\btrên\s+đây\b", re.I)
_CLAUSE_JOINERS = {"and", "but", "và", "nhưng", "rồi", "còn", "or", "hay", "hoặc", "while"}
_ASKS_WHO = re.compile(r"\b(?:who|whom)\b|\bai\b|\b(?:người|vị|nhân vật)\s+nào\b", re.I)

# ellipsis: "and in 2024?", "what about Korea?", "còn Hàn Quốc thì sao?", "năm 2024 thì sao?"
_VI_TAIL = r"(?:\s+(?:nhỉ|nữa|ạ|vậy|thế))?"
_HOW_ABOUT_VI = r"\s+thì\s+(?:sao|thế nào|ra sao|như thế nào)"
_ELLIPSES = [
    re.compile(rf"^(?:(?:thế|vậy|và)\s+)?còn\s+(?P<x>.+?)(?:{_HOW_ABOUT_VI})?{_VI_TAIL}$", re.I),
    re.compile(rf"^(?:(?:thế|vậy)\s+)?(?P<x>.+?){_HOW_ABOUT_VI}{_VI_TAIL}$", re.I),
    re.compile(r"^và\s+(?P<x>.+)$", re.I),
    re.compile(r"^(?:and|but|so|or)?\s*(?:what|how)\s+about\s+(?P<x>.+)$", re.I),
    re.compile(r"^(?:and|but|or)\s+(?P<x>.+)$", re.I),
    re.compile(r"^(?:same\s+(?:for|with)|also\s+for)\s+(?P<x>.+)$", re.I),
    re.compile(r"^(?P<x>.+?),?\s+(?:too|as well)$", re.I),
]
# a bare phrase of place or time: "in Hanoi?", "ở Đà Nẵng?", "năm 2024?" (a few words at most)
_PHRASE_ELLIPSIS = re.compile(r"^(?P<x>(?:in|on|at|for|during|from|ở|tại|trong|vào|năm|ngày|"
                              r"tháng|hôm)\s+.+)$", re.I)
_MAX_ELLIPSIS_WORDS = 8
_MAX_PHRASE_WORDS = 4
_VI_ASKING = re.compile(r"\b(?:bao nhiêu|bao giờ|khi nào|thế nào|tại sao|vì sao|làm sao|ra sao|"
                        r"là ai|là gì|ở đâu)\b", re.I)
_PREPOSITIONS = {"in", "on", "at", "for", "from", "of", "with", "by", "during", "to", "about",
                 "ở", "tại", "trong", "của", "với", "cho", "về", "từ", "đến", "vào"}

# words that lead a time phrase and belong with it ("in 2024", "trong năm 2024", "ngày 24/11")
_TIME_LEADS = {"in", "on", "during", "since", "from", "until", "till", "by", "at", "of", "before",
               "after", "throughout", "as", "the", "ngày", "hôm", "tháng", "năm", "trong", "vào",
               "từ", "đến", "tới", "sau", "trước", "tính", "kể"}
# times relative to the previous turn's: its range would exclude what they ask about
_RELATIVE_TIME = re.compile(r"\b(?:sau đó|trước đó|tiếp theo|kế tiếp|liền sau|liền trước|"
                            r"after that|before that|afterwards|next|previous|earlier)\b", re.I)
_MAX_CONTEXT_PHRASES = 3
_ENOUGH_BEFORE = 4  # content words before "their"/"họ" that give it something to refer to


# -- the public functions ----------------------------------------------------------------------


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


def classify(question: str, previous: str = "") -> Kind:
    """How a message leans on the conversation ("standalone" when it does not)."""
    if _ellipsis(question) is not None:
        return "ellipsis"
    if _free_anaphors(question, previous):
        return "reference"
    if _too_little(question):
        return "fragment"
    return "standalone"


def rewrite(question: str, previous: str, today: dt.date, previous_answer: str = ""
            ) -> Resolution:
    """One message against the previous (standalone) question and its answer."""
    part = _ellipsis(question)
    if part is not None:
        return Resolution(_fill_ellipsis(part, previous, today), "ellipsis", (question,))
    anaphors = _free_anaphors(question, previous)
    if anaphors:
        person = _person_meant(previous, previous_answer)
        text = _resolve_references(question, anaphors, previous, today, person)
        return Resolution(text, "reference", tuple(a.cue for a in anaphors))
    if _too_little(question):
        if _own_time(question, today) and not content_words(question):
            return Resolution(_fill_ellipsis(question.rstrip("?!. "), previous, today),
                              "ellipsis", (question,))
        return Resolution(_with_context(question, previous, today), "fragment", (question,))
    return Resolution(question)


def clean_rewrite(reply: str, message: str, offline: str, today: dt.date) -> str | None:
    """A chat model's rewrite of a follow-up as one question, or None when it is no usable one:
    empty, not a question (no question mark: an answer, an abstention), citing sources like an
    answer, in another language than the message, rambling, the follow-up unchanged (nothing was
    resolved), leaving out a name or most of the words the message gave (another question), or
    under another time filter than the rule gives (`offline`, the offline rewrite, says which)."""
    lines = [line.strip() for line in (reply or "").splitlines() if line.strip()]
    if not lines:
        return None
    line = re.sub(r"^(?:standalone question|question|câu hỏi)\s*:\s*", "", lines[0], flags=re.I)
    line = line.strip().strip("\"“”'`*").strip()
    if not line.endswith(("?", "？")) or re.search(r"\[\d+\]", line):
        return None
    if len(line) > max(300, 3 * len(message)) or detect_language(line) != detect_language(message):
        return None
    said, kept = comparable(message), comparable(line)
    if said == kept or any(comparable(message[s:e]) not in kept for s, e in names(message)):
        return None
    own = {w.low for w in content_words(message)} - _MORE
    if own and len(own & {w.low for w in words(kept)}) * 2 < len(own):
        return None
    if _reading(line, today) != _reading(offline, today):
        return None
    return line


# -- what leans on the conversation ----------------------------------------------------------


def _ellipsis(question: str) -> str | None:
    """The part that replaces something in the previous question ("in 2024", "Hàn Quốc"), or
    None when the question is no ellipsis."""
    text = question.strip().rstrip("?!.… ").strip()
    for pattern in (*_ELLIPSES, _PHRASE_ELLIPSIS):
        match = pattern.match(text)
        if not match:
            continue
        part = match.group("x").strip(" ,")
        part_words = words(part)
        limit = _MAX_PHRASE_WORDS if pattern is _PHRASE_ELLIPSIS else _MAX_ELLIPSIS_WORDS
        if not part_words or len(part_words) > limit:
            continue
        if any(w.low in EN_QUESTION_WORDS | EN_AUXILIARIES | {"ai", "gì", "đâu", "mấy"}
               for w in part_words) or _VI_ASKING.search(part):
            continue  # "and who is the head of IOM?" asks its own question
        if _anaphors(part):
            return None  # "and his title?", "còn kỳ sau đó?": a reference to resolve
        return part
    return None


def _too_little(question: str) -> bool:
    """No name and at most two content words (three Vietnamese syllables) of its own."""
    if names(question):
        return False
    limit = _MAX_FRAGMENT_WORDS[detect_language(question)]
    return len([w for w in content_words(question) if w.low not in _MORE]) <= limit


def _free_anaphors(text: str, previous: str = "") -> list[_Anaphor]:
    """The pronouns and demonstratives that point outside the question.

    One is bound inside the question (and so no sign of a follow-up) when an earlier clause says
    enough on its own ("Vietnam joined 43 countries; who presented it?"), or, for a person or a
    demonstrative, when a name comes before it ("Who is Guy Ryder and what did he say?", "...
    trở thành người phụ nữ đầu tiên giữ cương vị này"), unless the demonstrative's noun is the
    previous question's ("Hong Kong lập ủy ban gì sau vụ cháy đó?" after a question on the fire).
    """
    found = _anaphors(text)
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
                anaphor.kind == "det" and previous and _antecedent(anaphor, previous)):
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


def _anaphors(text: str) -> list[_Anaphor]:
    """Every pronoun and demonstrative that could point back (vi and en), before binding."""
    all_words = words(text)
    expletive = [m.span() for m in _EXPLETIVE_IT.finditer(text)]
    out: list[_Anaphor] = []
    for i, token in enumerate(all_words):
        out.extend(replace(a, cue=token.text) for a in _anaphors_at(all_words, i, expletive))
    for match in _VI_ABOVE.finditer(text):  # "tuyên bố nói trên": the statement above
        head = tuple(t for t in all_words if t.end <= match.start())[-3:]
        head = tuple(t for t in head if t.low not in FUNCTION_WORDS)
        out.append(_Anaphor(head[0].start if head else match.start(), match.end(), "det", head,
                            noun_first=True, cue=match.group()))
    return sorted(out, key=lambda a: a.start)


def _anaphors_at(all_words: list[Token], i: int, expletive: list[tuple[int, int]]
                 ) -> list[_Anaphor]:
    token = all_words[i]
    low = token.low
    before = all_words[i - 1] if i > 0 else None
    after = all_words[i + 1] if i + 1 < len(all_words) else None
    person = [_Anaphor(token.start, token.end, "person")]
    neuter = [_Anaphor(token.start, token.end, "neuter")]
    if low in _EN_PERSON:
        return person
    if token.text.isupper() and len(token.text) > 1:
        return []  # "IT", "THEY" in a title or an acronym
    if low == "it":
        if any(s <= token.start < e for s, e in expletive):
            return []
        if before is not None and before.low in _SAYING_OR_THAT and i > 1:
            return []  # "Toyota said it will ...": it is the one who said
        return neuter
    if low in {"its", "their"}:
        return [_Anaphor(token.start, token.end, "det", cue=token.text)]
    if low in _EN_DEMONSTRATIVE:
        return _en_demonstrative(token, before, after)
    if low == "there":  # "what happened there?", not "there were 44" or "are there"
        return neuter if before is not None and before.low not in EN_AUXILIARIES and (
            after is None or after.low not in EN_AUXILIARIES) else []
    if low in _VI_DEMONSTRATIVE:
        return _vi_demonstrative(all_words, i)
    if low == "họ":
        if (after and after.low in _VI_NOT_THEY_AFTER) or (
                before and before.low in _VI_NOT_THEY_BEFORE):
            return []
        return person
    if low == "nó":
        return neuter
    if low == "chúng":
        return [] if after and after.low in _VI_NOT_THEY_CHUNG else person
    if low in {"ông", "bà"}:  # "Ông được truy tặng gì?", not "ông Nguyễn ..." or "bà con"
        if after is None or after.capitalised or after.low in _VI_NOT_PERSON_AFTER | {"ấy"} or (
                before is not None and before.low in {"ông", "bà"}):
            return []
        return person
    return []


def _en_demonstrative(token: Token, before: Token | None, after: Token | None
                      ) -> list[_Anaphor]:
    low = token.low
    if after is not None and after.low in _EN_TIME_NOUNS and low in {"this", "these"}:
        return []  # "this year": now, not an earlier turn
    if low == "those" and after is not None and after.low in {"who", "which", "that"}:
        return []
    if low == "that":
        if before is not None and before.low in _EN_SAYING:
            return []  # "said that ...": a clause follows
        if after is not None and (after.low in _EN_CLAUSE_OPENERS or after.capitalised
                                  or after.text[:1].isdigit()):
            return []  # "... that Vietnam joined"
        if before is not None and before.low not in FUNCTION_WORDS and (
                before.low.endswith("s") or (after is not None and (
                    after.low in EN_AUXILIARIES or after.low.endswith("ed")
                    or (after.low.endswith("s") and not after.low.endswith("ss"))))):
            return []  # "the areas that make up", "the team that belongs": a relative clause
    noun = after is not None and after.low not in FUNCTION_WORDS and not after.text[:1].isdigit()
    if noun and low == "that" and after.low.endswith("s") and not after.low.endswith("ss"):
        noun = False  # "the law that governs ...": a verb
    if noun:
        return [_Anaphor(token.start, after.end, "det", (after,))]
    return [_Anaphor(token.start, token.end, "neuter")]


def _vi_demonstrative(all_words: list[Token], i: int) -> list[_Anaphor]:
    """"tuyên bố đó" (a noun, up to three syllables, then the demonstrative), "ông ấy" (a
    person), "điều đó", "sau đó" (no noun)."""
    token = all_words[i]
    low = token.low
    before = all_words[i - 1] if i > 0 else None
    if low == "kia" and before is not None and before.low == "hôm":
        return []  # "hôm kia": the day before yesterday
    if low == "đó" and before is not None and before.low == "trong" and i + 1 < len(all_words):
        return []  # "không gian trong đó vật liệu cháy": "in which", a relative clause
    if low == "này" and before is not None and before.low in _VI_NOW:
        return []  # "tuần này", "lúc này": now, not an earlier turn
    opening = _VI_ABSTRACT | _VI_PERSON_NOUNS | _VI_CLASSIFIERS
    head: list[Token] = []
    for j in range(i - 1, max(-1, i - 4), -1):
        word = all_words[j]
        if word.low in VI_FUNCTION and word.low not in opening | _VI_TIME_NOUNS:
            break
        head.insert(0, word)
        if word.low in opening:
            break  # the classifier opens the noun phrase: "chiếc máy bay đó"
    nouns = tuple(w for w in head if w.low not in _VI_CLASSIFIERS)
    if not nouns or all(w.low in _VI_ABSTRACT for w in nouns):
        return [_Anaphor(head[0].start if head else token.start, token.end, "neuter")]
    if all(w.low in _VI_PERSON_NOUNS for w in nouns):
        return [_Anaphor(head[0].start, token.end, "person")]
    return [_Anaphor(head[0].start, token.end, "det", nouns, noun_first=True)]


# -- time ------------------------------------------------------------------------------------------


def _time_spans(text: str, today: dt.date) -> list[tuple[int, int, bool]]:
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
        if not match or match.group(1).lower() not in _TIME_LEADS:
            return start
        start = match.start(1)


def _portable(phrase: str, today: dt.date) -> str:
    """A time phrase that reads the same inside a question: "Năm 2024" opening a question is a
    year, "... năm 2024" inside one is not, "trong năm 2024" is, anywhere."""
    if phrase.split()[0].lower() in _TIME_LEADS:
        phrase = phrase[:1].lower() + phrase[1:]
    wanted = _reading(phrase, today)
    for candidate in (phrase, f"trong {phrase}", f"in {phrase}"):
        if _reading(f"x {candidate}", today) == wanted:
            return candidate
    return phrase


def _reading(text: str, today: dt.date) -> tuple[str | None, str | None, bool] | None:
    intent = read_intent(text, today)
    return (intent.since, intent.until, intent.recency) if intent else None


def _own_time(text: str, today: dt.date) -> bool:
    """Whether the question names a time of its own, or one relative to the previous turn's
    ("sau đó", "the next one"), which the previous turn's range would wrongly exclude."""
    return read_intent(text, today) is not None or _RELATIVE_TIME.search(text) is not None


def _time_phrases(previous: str, today: dt.date) -> list[str]:
    return [_portable(previous[s:e], today) for s, e, _ in _time_spans(previous, today)]


def _with_time(text: str, previous: str, today: dt.date) -> str:
    """The text with the previous question's time phrases, unless it names a time of its own."""
    phrases = [] if _own_time(text, today) else _time_phrases(previous, today)
    return _before_mark(text, " ".join(phrases)) if phrases else text


def _before_mark(text: str, addition: str) -> str:
    """Words inserted before the closing question mark (or at the end)."""
    stripped, mark = text.rstrip(), ""
    while stripped and stripped[-1] in "?!.…":
        mark = stripped[-1] + mark
        stripped = stripped[:-1].rstrip()
    return f"{stripped} {addition}{mark}"


# -- rewriting -----------------------------------------------------------------------------------


def _with_context(question: str, previous: str, today: dt.date) -> str:
    """The question with the previous question's key phrases (names first, a few at most) and
    time in brackets, less what the question already says."""
    times = _time_spans(previous, today)
    said = question.lower()
    phrases = [p for p in key_phrases(previous, skip=[(s, e) for s, e, _ in times])
               if p.lower() not in said][:_MAX_CONTEXT_PHRASES]
    if not _own_time(question, today):
        phrases += [p for p in _time_phrases(previous, today) if p.lower() not in said]
    return _before_mark(question, f"({', '.join(phrases)})") if phrases else question


def _resolve_references(question: str, anaphors: list[_Anaphor], previous: str,
                        today: dt.date, person: str | None) -> str:
    """Demonstratives whose noun the previous question names take that phrase, "he"/"bà ấy" the
    person the previous turn was about; when anything is left open, or the rewrite names nothing,
    the previous turn's context follows in brackets."""
    text, open_left = question, False
    for anaphor in sorted(anaphors, key=lambda a: a.start, reverse=True):
        found = _antecedent(anaphor, previous) if anaphor.kind == "det" else None
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
    found = names(previous, skip=[(s, e) for s, e, _ in _time_spans(previous, today)])
    return previous[found[0][0]:found[0][1]] if len(found) == 1 else None


def _possessive(anaphor: _Anaphor, question: str) -> bool:
    """"his", or "her" before a noun ("her age", not "ask her")."""
    cue = anaphor.cue.lower()
    following = words(question[anaphor.end:])[:1]
    return cue in {"his", "hers"} or (cue == "her" and bool(following)
                                      and following[0].low not in FUNCTION_WORDS)


def _antecedent(anaphor: _Anaphor, previous: str) -> tuple[str, int] | None:
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
    if start > 0 and prior[start - 1].low in {"the", "a", "an"}:
        start -= 1
    end = last
    if end + 1 < len(prior) and prior[end].low == "of" and (
            prior[end + 1].capitalised or prior[end + 1].is_code):
        end += 2
    return text[prior[start].start:prior[end - 1].end]


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


def _fill_ellipsis(part: str, previous: str, today: dt.date) -> str:
    """The previous question with the ellipsis put in: a time replaces its time, "in X" its
    "in Y", a name its first whole name; otherwise the part is added to it. A time relative to
    the previous one ("còn kỳ tiếp theo?") drops the previous time."""
    spans = _time_spans(part, today)
    time_text = " ".join(_portable(part[s:e], today) for s, e, _ in spans)
    rest = part
    for s, e, _ in sorted(spans, reverse=True):
        rest = rest[:s] + rest[e:]
    rest = re.sub(r"\s+", " ", rest).strip(" ,")
    text = previous
    if _RELATIVE_TIME.search(part):
        text = _without_time(text, today)
    if rest:
        text = _replace_slot(rest, text, today)
    if time_text:
        text = _replace_time(time_text, text, today)
    return text


def _without_time(text: str, today: dt.date) -> str:
    for s, e, _ in reversed(_time_spans(text, today)):
        text = (text[:s].rstrip() + " " + text[e:].lstrip()).strip()
    return re.sub(r"\s+([?!.,])", r"\1", text)


def _replace_time(time_text: str, previous: str, today: dt.date) -> str:
    ranges = [(s, e) for s, e, is_range in _time_spans(previous, today) if is_range]
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
    times = [(s, e) for s, e, _ in _time_spans(previous, today)]
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
