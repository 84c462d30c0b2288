"""Names as answers: runs of capitalised words and quoted titles, scored as a person, a place or
an organisation by the words before them and the role the question asks about."""

from __future__ import annotations

import re
from functools import lru_cache

from ...text.folding import unaccented as _plain
from ...text.lexicon import ROLES, alternation, en, vi
from ...text.places import other_names
from ...types import Asked, Expectation
from .candidate import _STOP, Candidate

_CAPITAL_TOKEN = re.compile(r"\w[\w'’.-]*")
_CONNECTORS = en.NAME_CONNECTORS
_PLACE_NOUNS = rf"{alternation(vi.PLACE_NOUNS)}|TP\.?|{alternation(en.PLACE_NOUNS)}"
_PLACE_CUE = re.compile(rf"(?:\b(?:{_PLACE_NOUNS}|ở|tại|in|at|near|từ|đến|to|from|sang|về|miền|"
                        r"vùng|đảo|nước)\s+)$", re.I)
# before a name, what makes it a place rather than a person (not "to": "a pass to Bennie Fowler")
_PLACE_NOUN = re.compile(rf"(?:\b(?:{_PLACE_NOUNS}|district|tại|ở|in|at)\s+)$", re.I)
_ORG_CUE = re.compile(
    rf"(?:\b(?:{alternation(vi.ORGANISATION_NOUNS + en.ORGANISATION_NOUNS)})\s+)$", re.I)
_QUOTED = re.compile(r"['‘“\"«]([^'’”\"»\n]{2,80})['’”\"»]")


TITLE_PART = 0.8  # what a name loses inside a quoted title that it is only part of
_OPENERS = en.OPENERS
# Vietnamese function words: capitalised, they only open a sentence or clause
_VI_OPENERS = vi.OPENERS
# one-syllable names of places a Vietnamese text writes alone that Babel's country names lack
# ("Pháp", "Đức", "Úc" are there); any other lone capitalised syllable before a lower-case one
# starts a common noun ("Trái đất", "Hồi giáo")
_ONE_SYLLABLE_PLACES = vi.ONE_SYLLABLE_PLACES
_GIVEN_NAME_CUE = re.compile(rf"\b(?:{alternation(vi.HONORIFICS + ('hlv',))})\s+$", re.I)
# titles before a name, accents off ("HLV", "Ông", "TS.", "Mr")
_TITLES = {_plain(w) for w in (*vi.TITLE_ABBREVIATIONS, *vi.TITLE_PRONOUNS, *en.HONORIFICS,
                               "the")}
_PERSON_CUE = re.compile(rf"(?:\b(?:{alternation(vi.PERSON_CUES + en.PERSON_CUES)})\b"
                         r"[^,.;:]{0,40}?[\s:]+)$", re.I)
_CALENDAR = {name for month in en.MONTHS for name in month} | set(en.WEEKDAYS)
# "Tổng Giám" (đốc), "Phó Tổng" (thư ký), "Công" (sứ): a title capitalised, cut off by a
# lower-case syllable, is no one's name
_TITLE_STARTS = {_plain(w) for w in vi.TITLE_FIRST_SYLLABLES}
_INSTITUTION = en.INSTITUTION_WORDS | vi.INSTITUTION_SYLLABLES
_ROLE_RES = {role: re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.I) for role, words in ROLES.items()}


def name_candidates(
    sentence: str, lang: str, asked: Asked, published: str | None, context: str = "",
) -> list[Candidate]:
    """The names and quoted titles of a sentence (in language `lang`) that may answer a name
    question."""
    expectation, roles = asked.expectation, asked.roles
    found = []
    common = _lower_words(f"{sentence} {context}")
    titles = [m.span(1) for m in _QUOTED.finditer(sentence)]
    for start, end in capitalised_runs(sentence, lang, common):
        start, end = _trim_asked(sentence, start, end, asked.names)
        if end <= start:
            continue
        start = _after_acronym(sentence, start, end)
        text = sentence[start:end]
        if _plain(text.split()[0]).strip(".") in _CALENDAR:
            continue  # "November 24-26": a date, not a name
        if not _named_as_asked(sentence, start, lang, asked):
            continue  # asked "bệnh viện nào", "Viettel Solutions" is no hospital
        score = _entity_score(sentence, start, text, expectation, common, roles)
        if any(a <= start and end <= b and (a, b) != (start, end) for a, b in titles):
            score -= TITLE_PART  # "Persons" of "... Trafficking in Persons": part of a title
        found.append(Candidate(start, end, text, score,
                               strong=_strong(sentence, start, text, roles),
                               doubtful=_lone_syllable(sentence, lang, start, text)
                               or (bool(other_names(text)) and _not_a_country(asked))))
    for match in _QUOTED.finditer(sentence):
        if not _named_as_asked(sentence, match.start(), lang, asked):
            continue
        if match[1][0].isupper():  # a title ('Phục Gia truyện'), not a quoted phrase
            found.append(Candidate(match.start(1), match.end(1), match[1],
                                   0.3 if expectation.hint == "" else -0.2))
    return found


def capitalised_runs(sentence: str, lang: str,
                     common: set[str] = frozenset()  # type: ignore[assignment]
                     ) -> list[tuple[int, int]]:
    """Runs of capitalised words, acronyms and model numbers ("Leopard 2A8", "Booster 18"), joined
    by single spaces. A lone capital opening the sentence is mostly just its first word ("Giá
    vàng", "The"): it counts only when the text never writes it in lower case ("Germany was the
    largest buyer"). `lang`: the sentence's language (a Vietnamese name is several capitals)."""
    tokens = list(_CAPITAL_TOKEN.finditer(sentence))
    english = lang == "en"
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for token in tokens:
        word = token.group().strip(".-'’")
        joined = current and sentence[current[-1].end() : token.start()] == " "
        code = any(ch.isdigit() for ch in word) and not re.search(r"\d[-–][^\W\d_]", word)
        if _is_name_word(word) or (current and joined and (
                code or word.casefold() in _CONNECTORS)):
            if current and not joined:
                runs.append(current)
                current = []
            current.append(token)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    spans = []
    for run in runs:
        while run and run[-1].group().strip(".-'’").casefold() in _CONNECTORS:
            run = run[:-1]
        opens = bool(run) and not sentence[: run[0].start()].strip(" \"'‘“(")
        if opens and run[0].group().casefold() in _OPENERS:
            run = run[1:]  # "On November 24-26", "The Philippines", "Then Anderson"
        while run and not english and run[0].group().casefold() in _VI_OPENERS:
            run = run[1:]  # "Ở Trung Quốc", "Tại Hoa Kỳ", "Vì Đệ tứ": a clause's first word
        if not run:
            continue
        words = [t for t in run if not any(ch.isdigit() for ch in t.group())]
        dated = any(re.search(r"\d[./-]\d", t.group()) for t in run)
        acronym = bool(words) and len(words[0].group()) > 1 and words[0].group().isupper()
        lone = (bool(words) and len(run) == 1 and english
                and _is_proper(words[0].group(), common))
        if opens and len(words) <= 1 and (dated or len(run) == 1) and not acronym and not lone:
            continue  # "Giá vàng ...", "Ngày 3-12, ...": a capital that only opens the sentence
        spans.append((run[0].start(), run[-1].end() - _trailing_punctuation(run[-1].group())))
    return spans


def _named_as_asked(sentence: str, start: int, lang: str, asked: Asked) -> bool:
    """Whether a name may be of the kind of place or body asked: in Vietnamese text, asked one
    that is named by its kind ("bệnh viện nào"), it opens with a word naming that kind ("Bệnh
    viện Nhi đồng 1", "Đội THPT Cầu Giấy") or follows one within a few words ("bệnh viện đa
    khoa tỉnh Đồng Tháp", "Bệnh viện Từ Dũ", whose "Từ" the runs leave out)."""
    if not asked.named_by or lang != "vi":
        return True
    opens, follows = _kind_patterns(asked.named_by)
    before = sentence[max(0, start - 60) : start]
    return bool(opens.match(sentence[start:]) or follows.search(before))


@lru_cache(maxsize=16)
def _kind_patterns(words: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A name opening with one of the kind's words (or with it second), and the end of a text
    that names the kind a few words before: compiled once per kind, not per candidate."""
    kinds = rf"\b(?:{alternation(words)})\b"
    return (re.compile(rf"(?:\S+\s+)?{kinds}", re.I),
            re.compile(rf"{kinds}(?:\s+[^\s,.;:]+){{0,3}}\s+$", re.I))


def _not_a_country(asked: Asked) -> bool:
    """Whether a country or region cannot be what is asked: a person ("Hoa Kỳ" for "who did
    Internet2 partner with?"), or a city or province."""
    hint = asked.expectation.hint
    return hint == "person" or (hint in ("place", "") and asked.local_place)


def _lone_syllable(sentence: str, lang: str, start: int, text: str) -> bool:
    """One accented capitalised Vietnamese syllable that is neither a one-syllable place nor a
    given name after "ông"/"chị": mostly the start of a name written in lower case after its
    first syllable ("Tòa án Tối cao", "Trái đất"); a foreign name is unaccented ("Newton")."""
    return (text.isalpha() and len(text) > 1 and not text.isupper()
            and _plain(text) != text.casefold() and text.casefold() not in _ONE_SYLLABLE_PLACES
            and not other_names(text)
            and not _GIVEN_NAME_CUE.search(sentence[max(0, start - 8) : start])
            and lang != "en")


def _is_proper(word: str, common: set[str]) -> bool:
    """A capitalised word the text never writes in lower case, and no article or pronoun."""
    folded = word.casefold()
    return bool(common) and folded not in common and folded not in _OPENERS \
        and folded not in _STOP and len(word) > 2


def _is_name_word(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (len(word) > 1 and word[0].isdigit()
                                                 and any(ch.isupper() for ch in word)))


def _trailing_punctuation(token: str) -> int:
    return len(token) - len(token.rstrip(".-'’"))


def _trim_asked(sentence: str, start: int, end: int, names: set[str]) -> tuple[int, int]:
    """Drop a title ("HLV", "Ông") and a name the question already holds from either end of a
    run: "Úc Anthony Albanese" asked about Anthony Albanese leaves "Úc", while "Phạm Nhật Quân
    Anh" asked about Phạm Nhật Vượng stays whole (`names`: the question's names, `_plain`)."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+",
                                                                        sentence[start:end])]

    def plain(first: int, last: int) -> str:
        return _plain(sentence[words[first][0] : words[last][1]]).strip(".,'’")

    def wordy(kept: list[tuple[int, int]]) -> bool:  # "2A8" alone is no name
        return any(sentence[a:b].isalpha() for a, b in kept)

    while words and plain(0, 0) in _TITLES:
        words.pop(0)
    for k in range(len(words) - 1, 0, -1):  # the longest asked name opening the run
        if plain(0, k - 1) in names and wordy(words[k:]):
            words = words[k:]
            break
    for k in range(len(words) - 1):  # ... and closing it
        if plain(k + 1, len(words) - 1) in names and wordy(words[: k + 1]):
            words = words[: k + 1]
            break
    return (words[0][0], words[-1][1]) if words else (start, start)


def roles_named(text: str) -> set[str]:
    """The roles a text names ("Chủ tịch" and "President" name one)."""
    return {role for role, pattern in _ROLE_RES.items() if pattern.search(text)}


def _strong(sentence: str, start: int, text: str, asked_roles: set[str]) -> bool:
    """A person under the role asked for: a name of two words or more (one capitalised syllable
    after "Trưởng Phái đoàn" starts an institution), not a place after "tại"/"in"."""
    return (" " in text and not _PLACE_NOUN.search(sentence[max(0, start - 25) : start])
            and _role_matched(sentence, start, asked_roles))


def _role_matched(sentence: str, start: int, asked_roles: set[str]) -> bool:
    """Whether the words before a name give the role the question asks about."""
    cue = _PERSON_CUE.search(sentence[max(0, start - 60) : start]) if asked_roles else None
    return bool(cue) and bool(asked_roles & roles_named(cue.group()))


def _after_acronym(sentence: str, start: int, end: int) -> int:
    """Where a name starts once an organisation's acronym before it is left out ("the UN
    Nguyen Hoang Nguyen" names Nguyen Hoang Nguyen)."""
    first, *rest = sentence[start:end].split()
    if len(rest) >= 2 and len(first) > 1 and first.isupper() and all(w[0].isupper() for w in rest):
        return start + len(first) + 1
    return start


def _lower_words(text: str) -> set[str]:
    """Words the text also writes in lower case: common nouns, even when a title capitalises
    them ("Trafficking", "Law", "Nations" in a document's name)."""
    return {w for w in re.findall(r"\w+", text) if w.islower()}


def _entity_score(sentence: str, start: int, text: str, expectation: Expectation,
                  common: set[str] = frozenset(),  # type: ignore[assignment]
                  asked_roles: set[str] = frozenset()) -> float:  # type: ignore[assignment]
    before = sentence[max(0, start - 60) : start]
    words = text.split()
    score = 0.0
    if expectation.hint == "person":
        place = _PLACE_NOUN.search(before[-25:])  # "tại Việt Nam": a place, whatever came before
        cue = None if place else _PERSON_CUE.search(before)
        cue_roles = roles_named(cue.group()) if cue else set()
        if asked_roles and cue_roles:  # the role asked for, or another one
            score += 1.0 if asked_roles & cue_roles else -0.8
        score += 0.3 if 2 <= len(words) <= 4 else 0.0
        score += 0.3 if words[0].casefold() in vi.SURNAMES else 0.0
        score -= 0.5 if any(w.casefold() in _CONNECTORS for w in words) else 0.0
        score += 0.3 if cue else 0.0
        score -= 0.7 if place or _ORG_CUE.search(before[-25:]) else 0.0
        score -= 0.5 if text.isupper() else 0.0
        # a Vietnamese person is named by several syllables: one alone ("Tổ" of "Tổ chức")
        # begins another name (a foreign name in Vietnamese text is written unaccented: "Newton")
        score -= 0.8 if len(words) == 1 and _plain(text) != text.casefold() else 0.0
        score -= 0.6 if any(w.casefold() in common for w in re.findall(r"\w+", text)) else 0.0
        score -= 1.0 if any(w in _INSTITUTION for w in _plain(text).split()) else 0.0
        score -= 1.0 if len(words) <= 2 and _plain(words[0]) in _TITLE_STARTS else 0.0
    elif expectation.hint == "place":
        score += 0.7 if _PLACE_CUE.search(before) else 0.0
    elif expectation.hint == "organisation":
        score += 0.5 if _ORG_CUE.search(before) else 0.0
        score += 0.3 if text.isupper() and len(text) > 1 else 0.0
    return score

