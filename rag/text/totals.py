"""Counts stated relative to one party (pure functions): news often gives a count as "X joined 43
countries", "Việt Nam và 54 nước khác", "Ngoài Việt Nam, còn 11 nền kinh tế khác" (the others,
so 44, 55 and 12 in all) or as "TP.HCM là một trong 30 thành phố" (the party among them, 30).

`party_count` reads such a phrase from a sentence; a question asking for the total then gets
N + 1, and one asking for the others ("Việt Nam cùng bao nhiêu nước", "Besides X, how many")
N - 1 where the sentence counted the party in. The answer says how (`arithmetic`, `note`), and
the support check counts the computed figure as stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon
from .lexicon import alternation, en, vi

_NAME = r"(?<![\w.])[A-ZĐ][\w’'.-]*(?:\s+[A-ZĐ][\w’'.-]*)*(?:\s+\([^()]{1,20}\))?"
_NUMBER_VALUES = {**{w: i + 1 for i, w in enumerate(en.NUMBER_WORDS[:20])},
                  **vi.PARTY_NUMBER_WORDS}
_N = rf"(?P<n>\d{{1,3}}(?![\d.,]\d)|(?i:{alternation(_NUMBER_VALUES)})\b)"
# words between the connector and N ("quân đội 8 nước", "liên đoàn của 3 nước"), which must be
# lower-case (checked after the match: a regex range of Vietnamese letters holds capitals too)
_WORD_PATTERN = r"[^\W\d_][\w’'-]*"  # a word: letters first, then letters, digits, ' or -
_WORDS_BEFORE_N = rf"(?P<between>(?:{_WORD_PATTERN}\s+){{0,4}}?)"
_WITH = alternation(en.WITH_PARTIES + vi.WITH_PARTIES)
_WITH_FIRST = alternation(w.capitalize() for w in en.WITH_PARTIES_FIRST + vi.WITH_PARTIES_FIRST)
_BESIDES = rf"(?i:{alternation(en.BESIDES + vi.BESIDES)})"  # "Ngoài X, ...", "..., ngoài X, ..."
_AMONG = alternation(en.AMONG + vi.AMONG)
_INCLUDING = alternation(en.INCLUDING + vi.INCLUDING)
_AUX = r"(?:(?:has|have|had|is|was|are|were|đã|vừa|là)\s+)?"
# words after the others and before the party they joined ("9 firms have joined FPT")
_JOINED_BY_THEM = alternation(en.JOINING + vi.JOINING)
# the word after N (and after "other"): where the span "N countries" ends
_UNIT = rf"(?:(?:{alternation(en.OTHERS)})\s+)?(?P<unit>{_WORD_PATTERN})"

_PARTY_NOUNS = en.PARTY_NOUNS | {w.casefold() for w in vi.PARTY_NOUNS}
_WORD = re.compile(_WORD_PATTERN)

# (pattern, whether N counts the party in)
_PHRASES: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(rf"(?P<who>{_NAME}),?\s+{_AUX}(?:{_WITH})\s+{_WORDS_BEFORE_N}{_N}\s+{_UNIT}"),
     False),  # "Việt Nam cùng 43 nước", "Japan and nine other countries"
    (re.compile(rf"\b(?:{_WITH_FIRST})\s+{_N}\s+{_UNIT}[^,.;]{{0,80}},\s+(?P<who>{_NAME})"),
     False),  # "Together with 25 countries, Vietnam ..."
    (re.compile(rf"\b{_BESIDES}\s+(?P<who>{_NAME}),\s+(?:(?:còn|có|thêm)\s+){{0,3}}{_N}"
                rf"\s+{_UNIT}"), False),  # "Ngoài Việt Nam, còn 11 nền kinh tế khác"
    (re.compile(rf"(?<![\w.,]){_N}\s+{_UNIT}[^,.;\d]{{0,40}}?\s+{_AUX}(?:{_JOINED_BY_THEM})\s+"
                rf"(?P<who>{_NAME})"), False),  # "Nine firms have joined FPT", "14 ... đã cùng X"
    (re.compile(rf"(?P<who>{_NAME})\s+{_AUX}(?:{_AMONG})\s+{_N}\s+{_UNIT}"),
     True),  # "TP.HCM là một trong 30 thành phố", "Vietnam among 38 countries"
    (re.compile(rf"(?<![\w.,])(?<!thêm )(?<!more ){_N}\s+{_UNIT}[^,.;]{{0,40}},\s+"
                rf"(?:{_INCLUDING})\s+(?P<who>{_NAME})"),
     True),  # "55 quốc gia, trong đó có Việt Nam" (not "thêm 7 nước, trong đó có ...")
)
_HOW_MANY = rf"(?i:{alternation(en.HOW_MANY + vi.HOW_MANY)})"
# "and" / "và" join clauses too ("... ở đâu và bao nhiêu nước ký?"): no sign of the others asked
_WITH_NOT_AND = alternation(w for w in en.WITH_PARTIES + vi.WITH_PARTIES
                            if w.split()[0] not in ("and", "và"))
_ASKS_OTHERS = (
    re.compile(rf"\b(?i:{_WITH_NOT_AND})\s+{_HOW_MANY}\b"),  # "Việt Nam cùng bao nhiêu nước"
    re.compile(rf"\b{_BESIDES}\s+{_NAME}"),  # "Ngoài SHBank, ..."
    re.compile(rf"\b{_HOW_MANY}(?:\s+[\w-]+){{0,4}}?\s+"
               rf"(?i:{alternation(en.OTHERS + vi.OTHERS)})\b"),  # "how many other banks"
)
_NOTE = {
    "en": "That makes {total} in all: {who} and the {n} others.",
    "vi": "Tức là tổng cộng {total}: {who} và {n} bên khác.",
}
_OTHERS_NOTE = {
    "en": "That is {others} besides {who}.",
    "vi": "Tức là {others} bên, không kể {who}.",
}


@dataclass(frozen=True)
class Computed:
    """A figure computed from a count ("44" from "Vietnam joined 43 countries"), how it follows
    ("Vietnam + 43 = 44") and the sentence that says so after the quote."""

    figure: int
    arithmetic: str
    note: str


@dataclass(frozen=True)
class PartyCount:
    """A count stated relative to a named party: who, N as the sentence reads it, where "N
    <unit>" is in the sentence, whether N counts the party in, and the words naming the parties
    (`_phrases`)."""

    who: str
    n: int
    start: int
    end: int
    counts_who: bool
    phrases: frozenset[str]

    @property
    def total(self) -> int:
        return self.n if self.counts_who else self.n + 1

    @property
    def others(self) -> int:
        return self.n - 1 if self.counts_who else self.n

    def asked(self, question: str, lang: str) -> Computed | None:
        """The figure the question asks for (the others or the total) when it is not the N
        written, with how it follows; None when N as written answers it."""
        if asks_for_others(question):
            if self.others == self.n:
                return None
            note = _OTHERS_NOTE.get(lang, _OTHERS_NOTE["en"])
            return Computed(self.others, f"{self.n} - {self.who} = {self.others}",
                            note.format(others=self.others, who=self.who))
        if self.total == self.n:
            return None
        note = _NOTE.get(lang, _NOTE["en"])
        return Computed(self.total, f"{self.who} + {self.n} = {self.total}",
                        note.format(total=self.total, who=self.who, n=self.n))


def party_count(sentence: str) -> PartyCount | None:
    """The first count the sentence states relative to a named party; None when it states none."""
    found = []
    for pattern, counts_who in _PHRASES:
        for match in pattern.finditer(sentence):
            n = match["n"]
            value = int(n) if n.isdigit() else _NUMBER_VALUES.get(n.casefold(), 0)
            between = match.groupdict().get("between") or ""
            if between and not between.islower():  # "Placozoa và Động vật đối xứng hai bên"
                continue
            after = _words_after(sentence, match.end("n"))
            if value and _phrases(after) & _PARTY_NOUNS:  # the noun after N names parties
                found.append(PartyCount(_who(match["who"]), value, match.start("n"),
                                        match.end("unit"), counts_who,
                                        _phrases(_WORD.findall(between.casefold()) + after)))
    return min(found, key=lambda c: c.start, default=None)


def counts_asked(count: PartyCount, question: str, unit: str, question_lang: str,
                 sentence_lang: str) -> bool:
    """Whether the count is of what the question counts. In one language: a word the question
    counts with ("how many UN member states", "bao nhiêu liên đoàn") names the count's parties,
    or its unit is of their unit group. Across languages: the count's parties are of the kind
    asked (`PARTY_GROUPS`: "provinces" is not "3 tổ chức"), where the kind is known. A question
    counting any participant ("how many members") takes any count."""
    if not unit:
        return True
    asked = unit.casefold()
    if asked in en.ANY_PARTICIPANT + vi.ANY_PARTICIPANT:
        return True
    if question_lang != sentence_lang:
        group = next((g for g in lexicon.PARTY_GROUPS
                      if asked in g or asked in {w.split()[0] for w in g}), None)
        return group is None or bool(count.phrases & {w.casefold() for w in group})
    if _counted_words(question) & count.phrases:
        return True
    firsts = {p.split()[0] for p in count.phrases}
    return any(asked in group and firsts & {w.split()[0] for w in group}
               for group in lexicon.UNIT_GROUPS)


def _counted_words(question: str) -> frozenset[str]:
    """The three words after "how many" / "bao nhiêu", folded: what the question counts."""
    match = re.search(rf"{_HOW_MANY}\s+((?:{_WORD_PATTERN}\s*){{1,3}})", question)
    return frozenset(w.casefold() for w in _WORD.findall(match[1])) if match else frozenset()


def asks_for_others(question: str) -> bool:
    """Whether the question counts those beside a named party ("Việt Nam cùng bao nhiêu nước",
    "Besides X, how many", "how many other"), which "N others" answers as written."""
    return any(p.search(question) for p in _ASKS_OTHERS)


def _words_after(sentence: str, end: int) -> list[str]:
    """Up to four words after N, folded, stopping at a figure or a punctuation mark: where a
    count names its parties ("43 countries", "8 nước ASEAN khác"; not "5 tỉnh ghi nhận 300 ca")."""
    after = re.split(r"[\d,.;:()]", sentence[end:], maxsplit=1)[0]
    return _WORD.findall(after.casefold())[:4]


def _phrases(words: list[str]) -> frozenset[str]:
    """The words one to three at a time ("liên đoàn bóng đá", "member states")."""
    return frozenset(" ".join(words[i:j]) for i in range(len(words))
                     for j in range(i + 1, min(i + 3, len(words)) + 1))


def _who(name: str) -> str:
    """The party as named: its short name when one follows in brackets ("Liên đoàn Bóng đá Việt
    Nam (VFF)": VFF, where the capitalised run would give "Việt Nam"), without a leading article."""
    short = re.search(r"\(([^()]*)\)$", name)
    return short[1] if short else re.sub(r"^(?:The|A|An)\s+", "", name)
