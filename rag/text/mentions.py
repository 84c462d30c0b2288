"""What a question mentions (pure functions): its words, proper names, people and key phrases, in
Vietnamese and English, read without a tagger or a model.

Names are runs of capitalised words and codes ("Việt Nam", "Guy Ryder", "IOM", "MH370") and quoted
titles; the capital that opens a question makes no name of a common word ("Giá xăng", "How",
"Còn"). Key phrases are runs of content words between function words, as a keyword extractor
finds them ("joint statement", "Tuyên bố chung", "tìm kiếm máy bay MH370").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .folding import unaccented
from .lexicon import en, vi

Span = tuple[int, int]

_WORD = re.compile(r"[^\W_]+(?:[’'.\-/][^\W_]+)*|[,;:]")
_QUOTED = re.compile(r"[\"“”‘«»]([^\"“”‘’«»]{2,80})[\"“”’»]"
                     r"|(?:(?<=\s)|^)'([^']{2,80})'(?=[\s,.;:?!]|$)")
# a Vietnamese syllable, diacritics taken off: "phim", "trong", "nghieng" (not "malaysia")
_VI_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
                          r"[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$")
# letters of Vietnamese words; "á", "é", "ó"... also write Spanish or French names
VI_LETTERS = frozenset("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
_SHARED_LETTERS = frozenset("àáèéìíòóùúýãõ")

FUNCTION_WORDS = en.FUNCTION_WORDS | vi.FUNCTION_WORDS
TITLES = vi.TITLE_PRONOUNS | {*en.HONORIFICS, *en.HONORIFICS_SPELLED_OUT}
_NAME_JOINERS = {"of", "de", "la"}  # "Republic of Korea"


@dataclass(frozen=True)
class Token:
    """A word (or a comma, semicolon, colon) and where it is in the text."""

    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text not in {",", ";", ":"}

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_code(self) -> bool:
        """IOM, MH370, VN-Index, A320: a name even where a capital proves nothing."""
        letters = [c for c in self.text if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        return upper >= 2 or (bool(letters) and self.text[:1].isalpha()
                              and any(c.isdigit() for c in self.text))


def tokens(text: str) -> list[Token]:
    """Words and clause punctuation, with their offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def words(text: str) -> list[Token]:
    return [t for t in tokens(text) if t.is_word]


def has_vietnamese_letters(text: str) -> bool:
    return any(c in VI_LETTERS for c in text.lower())


def vietnamese_syllable(word: str) -> bool:
    """Whether a word is shaped like one Vietnamese syllable ("Phó", "Liên"; not "Neymar")."""
    return bool(_VI_SYLLABLE.match(unaccented(word.lower())))


def vietnamese_only_letters(text: str) -> bool:
    """Letters only Vietnamese writes (not the á, é of Spanish or French names)."""
    return any(c in VI_LETTERS and c not in _SHARED_LETTERS for c in text.lower())


def content_words(text: str) -> list[Token]:
    """Words that carry a subject of their own: not function words, not bare numbers."""
    return [t for t in words(text) if t.low not in FUNCTION_WORDS and not t.text.isdigit()]


def names(text: str, skip: Sequence[Span] = ()) -> list[Span]:
    """Spans of proper names (runs of capitalised words, codes, quoted titles), leaving out any
    word inside the `skip` spans (a date's "November")."""
    found: list[Span] = []
    run: list[Token] = []
    all_words = words(text)
    previous_end = -1

    def close() -> None:
        while run and run[-1].low in _NAME_JOINERS:
            run.pop()
        # the opening capital makes no name of "Thủ" (tướng) or "Còn"; "Việt Nam" is one
        while run and _opening(run[0], all_words) and not run[0].is_code and (
                run[0].low in FUNCTION_WORDS or len(run) == 1):
            run.pop(0)
        if run:
            found.append((run[0].start, run[-1].end))
        run.clear()

    for token in tokens(text):
        skipped = any(s <= token.start < e for s, e in skip)
        adjacent = bool(run) and not text[previous_end:token.start].strip()
        if token.is_word and not skipped and (token.capitalised or token.is_code):
            if run and not adjacent:
                close()
            run.append(token)
        elif adjacent and token.low in _NAME_JOINERS and not skipped:
            run.append(token)
        else:
            close()
        previous_end = token.end
    close()
    quoted = []  # a quoted title is one name, whatever its capitals: 'Thám tử Kiên'
    for match in _QUOTED.finditer(text):
        group = 1 if match.group(1) is not None else 2
        quoted.append((match.start(group), match.end(group)))
    found = [(s, e) for s, e in found if not any(qs < e and s < qe for qs, qe in quoted)]
    return sorted(found + quoted)


def _opening(token: Token, all_words: list[Token]) -> bool:
    """Whether the word opens the question (after nothing but function words such as "and",
    "còn") and so may be capitalised for that alone: a function word, a word with Vietnamese
    letters or shaped like a Vietnamese syllable ("Phim", "Trong"), but not a foreign name
    ("Malaysia", "Vietnam")."""
    position = next((i for i, w in enumerate(all_words) if w.start == token.start), -1)
    if position < 0 or any(w.low not in FUNCTION_WORDS for w in all_words[:position]):
        return False
    return token.low in FUNCTION_WORDS or has_vietnamese_letters(token.low) or \
        vietnamese_syllable(token.low)


def people(text: str) -> list[str]:
    """Names that look like a person's: after a title ("Bà Kendra Rinas"), two or more words
    without Vietnamese-only letters ("Guy Ryder", "Fátima Bosch"), or three or more words
    ("Nguyễn Hoàng Nguyên")."""
    all_tokens = tokens(text)
    out = []
    for start, end in names(text):
        span_words = [t for t in all_tokens if start <= t.start < end and t.is_word]
        before = [t for t in all_tokens if t.end <= start and t.is_word][-1:]
        titled = bool(before and before[0].low in TITLES) or bool(
            span_words and span_words[0].low in TITLES)
        span_words = [w for w in span_words if w.low not in TITLES]
        if not span_words:
            continue
        phrase = text[span_words[0].start:span_words[-1].end]
        foreign = not vietnamese_only_letters(phrase)
        if not foreign and span_words[0].low in vi.OFFICE_SYLLABLES:
            continue
        if titled or (len(span_words) >= 2 and foreign) or len(span_words) >= 3:
            out.append(phrase)
    return list(dict.fromkeys(out))


def key_phrases(text: str, skip: Sequence[Span] = ()) -> list[str]:
    """Runs of content words, names first ("Việt Nam", "Tuyên bố chung", "nước"; "joint
    statement"), an English verb in -ed trimmed from a run's ends ("countries signed")."""
    runs: list[list[Token]] = [[]]
    for token in tokens(text):
        skipped = any(s <= token.start < e for s, e in skip)
        if not token.is_word or skipped or token.text.isdigit() or (
                token.low in FUNCTION_WORDS and not token.is_code):
            runs.append([])
            continue
        if runs[-1] and text[runs[-1][-1].end:token.start].strip():
            runs.append([])  # a bracket or a question mark between them
        runs[-1].append(token)
    named = {s for s, _ in names(text, skip)}
    phrases = []
    for run in runs:
        while run and _english_past(run[-1]):
            run.pop()
        while run and _english_past(run[0]):
            run.pop(0)
        if run:
            has_name = any(t.start in named or t.is_code for t in run)
            phrases.append((not has_name, run[0].start, text[run[0].start:run[-1].end]))
    return list(dict.fromkeys(phrase for _, _, phrase in sorted(phrases)))


def _english_past(token: Token) -> bool:
    return token.low.endswith("ed") and not has_vietnamese_letters(token.low) and \
        not token.capitalised
