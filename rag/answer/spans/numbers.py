"""Numbers as answers: a figure with its magnitude and unit ("154,8 triệu đồng", "4.220,4
USD/ounce", "417 hài cốt"), counts in words ("twice"), ranks ("thứ ba")."""

from __future__ import annotations

import re
from functools import lru_cache

from ...text.dates import find_dates
from ...text.folding import casefolded as _fold
from ...text.lexicon import UNIT_GROUPS, alternation, en, vi
from ...types import Asked
from .candidate import _STOP, Candidate, _asked_word, _day

# numbers written out: "four interceptions", "Six-time Grammy winner", "hai cán bộ"
_WORD_NUMBERS = rf"(?:{alternation(en.NUMBER_WORDS + vi.NUMBER_WORDS)})(?=[\s-][^\W\d_])"
# quantities without a figure: "nhiều lần", "several times", "hàng trăm người"
_VAGUE = alternation(vi.VAGUE_QUANTITIES + en.VAGUE_QUANTITIES)
_VAGUE_NUMBERS = rf"(?:{_VAGUE})(?=\s[^\W\d_])"
_VAGUE_RE = re.compile(rf"(?:{_VAGUE})", re.I)
_MAGNITUDES = alternation(vi.MAGNITUDES + en.MAGNITUDES)
_NUMBER = (rf"(?<![\w.,])(?P<approx>(?:{alternation(vi.APPROXIMATIONS + en.APPROXIMATIONS)})\s+)?"
           rf"(?P<value>\d+(?:[.,]\d+)*(?:\s*(?:-|–|đến|to)\s*\d+(?:[.,]\d+)*)?|\b{_WORD_NUMBERS}"
           rf"|\b{_VAGUE_NUMBERS})"
           rf"(?P<magnitude>\s*(?:{_MAGNITUDES})"
           r"\b)?(?P<symbol>\s*[%‰])?")
_NUMBER_RE = re.compile(_NUMBER, re.I)
# a word, its combining accents included: a text partly decomposed writes "ở" as "ơ" + U+0309
_WORD = re.compile(r"[^\W\d_][\w\u0300-\u036f'’/-]*")
# currencies in any case ("USD", "đồng"), and codes only as written ("CAD", not "cadres")
_CURRENCIES = rf"(?i:{alternation(vi.CURRENCIES + en.CURRENCIES)})|{alternation(en.CURRENCY_CODES)}"
_CURRENCY = re.compile(rf"^(?:{_CURRENCIES})")
_CURRENCY_SIGNS = set("£$€¥₫")  # "£30m": the sign before the figure
_UNIT_WORDS = {unit: group for group in UNIT_GROUPS for unit in group}
_PEOPLE_AFTER = re.compile(rf"\s+(?:{alternation(vi.PEOPLE_COUNTED)})(?!\w)(?! sạn\b)", re.I)
_TIMES_UNITS = _UNIT_WORDS["lần"]
# a currency as a word of its own ("USD/ounce", "đồng", not the "đô" of "đông")
_CURRENCY_WORD = rf"(?:{_CURRENCIES})(?![^\W\d_])"
_CURRENCY_WORD_RE = re.compile(_CURRENCY_WORD)
_MAGNITUDE = re.compile(rf"(?:{_MAGNITUDES})", re.I)


_TIMES = re.compile(rf"\b(?:{alternation(en.TIMES)})\b", re.I)
_ORDINAL_WORDS = re.compile(rf"\b(?:{alternation(en.ORDINALS)})\b", re.I)
_ORDINAL_BEFORE = re.compile(r"\bthứ\s+$", re.I)
_LEVEL = re.compile(r"\b(?:mức|ngưỡng|level|at|đạt|lên|còn|về)\s*$", re.I)


def number_candidates(
    sentence: str, lang: str, asked: Asked, published: str | None, context: str = "",
) -> list[Candidate]:
    """The figures of a sentence (in language `lang`) that may answer a number question."""
    expectation = asked.expectation
    dates = [(m.start, m.end) for m in find_dates(sentence, _day(published), relative=False)
             if m.kind in ("day", "month")]  # "15 năm trước" still counts fifteen
    # a sum of money: asked as one ("giá", "how much"), or counted in a currency ("bao nhiêu
    # USD", "bao nhiêu tỉ đồng")
    money = (asked.money and (expectation.unit in ("", "tiền")
                              or expectation.unit not in _UNIT_WORDS)) or _in_currency(asked)
    # a unit the question counts wins over "rate" or "share": "how many square miles per year"
    # (a Vietnamese "bao nhiêu" is often followed by other words than a unit: "bao nhiêu so với")
    counted = bool(expectation.unit) and (expectation.unit.casefold() in _UNIT_WORDS
                                          or asked.how_many)
    percent = asked.percent and not counted
    wanted = _wanted_units(expectation.unit)  # a known unit the question names is required
    known_unit = expectation.unit.casefold() in _UNIT_WORDS
    english = lang == "en"
    # a count in the other language names its unit in words of its own: a Vietnamese
    # classifier ("người") in English ("Huguenots"), an English noun the lexicon cannot
    # translate ("how much compensation") in Vietnamese ("bồi thường 5,1 tỷ USD")
    unit_unreadable = lang != asked.language and (english or not known_unit)
    found = []
    for match in _NUMBER_RE.finditer(sentence):
        start, end = match.span()
        if any(s < end and start < e for s, e in dates) or _is_year(match["value"]):
            continue
        digits = set(re.findall(r"\d+(?:[.,]\d+)*", match["value"]))
        if (digits <= asked.numbers) if digits else _asked_word(_fold(match["value"]),
                                                                asked.folded):
            continue  # "Bình Triệu 1", "Thông tư 68": the question's own numbers
        people_end = _people_end(sentence, end, wanted)
        unit_end = people_end or _unit_end(sentence, end, 1 if english else 2)
        unit = sentence[end:unit_end].strip()
        signed = start > 0 and sentence[start - 1] in _CURRENCY_SIGNS
        if signed:
            start -= 1  # "£30m" whole
        if match["value"].casefold() in ("một", "one") and not (
                match["magnitude"] or match["approx"] or _is_wanted(unit, wanted)):
            continue  # "một khu rừng", "one of the largest": an article, not a count
        if re.search(r"\bphần\s+$", sentence[max(0, start - 6) : start], re.I):
            continue  # "hai phần ba dân số": the "ba" of a fraction counts nothing
        score = 0.0
        ordinal = _ORDINAL_BEFORE.search(sentence[:start])
        if ordinal and not asked.rank:
            continue  # "thứ hai thế giới" ranks, it does not count
        ranked = _ranked_before(sentence[: ordinal.start() if ordinal else start], asked)
        if ordinal or ranked:  # "đứng thứ ba", "lần thứ 6", "xả tràn đợt 8": the rank asked for
            start, unit_end, score = (ranked or ordinal).start(), end, 1.0
        if wanted:
            if _is_wanted(unit, wanted) or people_end:
                score += 1.0
            elif any(w in _fold(sentence) for w in wanted):
                score += 0.5  # "Số người chết ... tăng lên 146"
            elif (known_unit or _counts_another(unit)) and not unit_unreadable:
                continue  # "how many spectators": a count of something else is no answer
            else:
                score -= 0.5
        if money:
            if not (_CURRENCY.match(unit) or match["magnitude"] or signed):
                continue  # a sum of money has a currency or a magnitude
            score += 1.0
        if counted and not money and (signed or _CURRENCY_WORD_RE.match(unit)):
            continue  # nor "how many drones" by "40 tỉ USD", in whatever language
        if match["symbol"] and counted:
            continue  # "how many square miles" is not answered by "18%"
        if percent and match["symbol"]:
            score += 1.0
        if not unit and not match["symbol"]:
            score -= 0.3  # a bare number ("số 1", "lần 2") is rarely the answer
        if _VAGUE_RE.fullmatch(match["value"]):
            if published:
                continue  # "nhiều người bị thương": a dated report that gives no figure
            if wanted and not any(unit.casefold().startswith(w) for w in wanted):
                continue  # "nhiều đại biểu" is no count of victims
            score -= 0.5  # "nhiều lần" answers only when no figure does
        score += 0.5 * _led_by_question_words(sentence, start, asked)
        score += 0.5 if _unit_asked(unit, asked) else 0.0
        found.append(Candidate(start, unit_end, sentence[start:unit_end], score))
    return found + _counts_in_words(sentence, wanted, asked)


def _ranked_before(before: str, asked: Asked) -> re.Match[str] | None:
    """The noun a rank question ranks, right before a figure or its "thứ" ("xả tràn đợt 8",
    "lần thứ 6" for "đợt xả thứ mấy", "lần thứ mấy")."""
    if not asked.ranked:
        return None
    return _rank_patterns(asked.ranked)[0].search(before)


@lru_cache(maxsize=16)
def _rank_patterns(ranked: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The end of a text naming a ranked noun, and a rank in Roman numerals after "thứ" or one
    ("khóa XVIII", "lần thứ XIV"): compiled once per question's nouns, not per candidate."""
    ranks = alternation(("thứ", *sorted(ranked, key=lambda w: (-len(w), w))))
    return (re.compile(rf"\b(?:{alternation(ranked)})\s+$", re.I),
            re.compile(rf"(?i:\b(?:{ranks})\s+)(?:thứ\s+)?[IVXLC]{{1,7}}\b"))


def _counts_another(unit: str) -> bool:
    """Whether a figure's unit is one of the units we know ("điểm", "người", "USD"): asked for
    another unit ("bao nhiêu ha"), it counts something else. "lần" / "times" counts whatever
    happened ("118 lần" answers "bao nhiêu cú húc"), so it is none."""
    word = _fold(unit).split(" ")[0] if unit else ""
    return bool(word) and word not in _TIMES_UNITS and (
        word in _UNIT_WORDS or bool(_CURRENCY_WORD_RE.match(word)))


def _in_currency(asked: Asked) -> bool:
    """Whether the question counts in a currency: its unit is one, or a magnitude before one."""
    unit = asked.expectation.unit
    return bool(_CURRENCY_WORD_RE.match(unit)) or (
        bool(_MAGNITUDE.fullmatch(unit))
        and bool(re.search(rf"\b{re.escape(unit)}\s+{_CURRENCY_WORD}", asked.folded, re.I)))


def _counts_in_words(sentence: str, wanted: tuple[str, ...], asked: Asked) -> list[Candidate]:
    """Counts and ranks without a figure: "twice" answers how many times, "third" a question
    about a rank ("đứng thứ mấy", "ranked"), as "khóa XVIII" does "khóa mấy"."""
    found = []
    if "times" in wanted:
        found += [Candidate(m.start(), m.end(), m.group(), 1.0) for m in _TIMES.finditer(sentence)]
    if asked.rank:
        found += [Candidate(m.start(), m.end(), m.group(), 1.0)
                  for m in _ORDINAL_WORDS.finditer(sentence)]
        found += [Candidate(m.start(), m.end(), m.group(), 1.0)  # "khóa XVIII", "lần thứ XIV"
                  for m in _rank_patterns(asked.ranked)[1].finditer(sentence)]
    return found


def _is_wanted(unit: str, wanted: tuple[str, ...]) -> bool:
    return any(unit.casefold().lstrip("-").startswith(w) for w in wanted)


def _led_by_question_words(sentence: str, start: int, asked: Asked) -> float:
    """1 when the words just before the number are the question's own ("với tổng điểm 21,17"
    for "tổng điểm là bao nhiêu?"), or say it is a level ("ở mức 4.220,4"); else 0."""
    before = sentence[max(0, start - 30) : start]
    words = [w for w in re.findall(r"\w+", _fold(before)) if w not in _STOP][-1:]
    if _LEVEL.search(before):
        return 1.0
    return 1.0 if words and words[0] in asked.words and not words[0].isdigit() else 0.0


def _unit_asked(unit: str, asked: Asked) -> bool:
    """Whether the unit is a word the question uses in some form ("intercept" for
    "interceptions", "sack" for "sacks")."""
    return any(len(w) >= 4 and w[:5] in asked.heads for w in re.findall(r"\w+", _fold(unit)))


def _unit_end(sentence: str, end: int, most: int = 2) -> int:
    """The end of the unit after a number: up to `most` words (a Vietnamese unit is often two
    syllables, "hài cốt"; an English one word), stopping at a function word."""
    if sentence[end : end + 1] == "-":  # "Six-time", "17-year-old"
        end += 1
    cursor, words = end, 0
    for match in _WORD.finditer(sentence, end):
        gap = sentence[cursor : match.start()]
        if gap.strip() or words == most or _fold(match.group()) in _STOP:
            break
        if words and not match.group()[0].islower() and not _CURRENCY.match(match.group()):
            break
        cursor, words = match.end(), words + 1
        if _CURRENCY.match(match.group()) or match.group().casefold() in vi.WHOLE_UNITS:
            return _per_unit_end(sentence, cursor, match.group())
    return cursor


def _per_unit_end(sentence: str, end: int, unit: str) -> int:
    """The end of "đồng/sinh viên": a two-syllable unit after the slash is taken whole."""
    per = unit.rpartition("/")[2].casefold()
    following = _WORD.match(sentence, end + 1) if sentence[end : end + 1] == " " else None
    if per and following and f"{per} {following.group().casefold()}" in vi.TWO_SYLLABLE_UNITS:
        return following.end()
    return end


def _wanted_units(unit: str) -> tuple[str, ...]:
    if not unit or unit == "tiền":
        return ()
    return (unit.casefold(), *_UNIT_WORDS.get(unit.casefold(), ()))


def in_unit_asked(figure: str, asked: Asked) -> bool:
    """Whether a candidate figure ("17 thanh thiếu niên", "9 trẻ em") is written in the very
    unit the question counts ("bao nhiêu người", "bao nhiêu trẻ em")."""
    wanted = _wanted_units(asked.expectation.unit)
    unit = re.split(r"\d", figure)[-1]
    return bool(wanted) and (_is_wanted(unit.strip(), wanted)
                             or _people_end(unit, 0, wanted) is not None)


def _people_end(sentence: str, end: int, wanted: tuple[str, ...]) -> int | None:
    """Asked how many people, the end of another noun people are counted by after a figure
    ("17 thanh thiếu niên": the count asked, and three syllables where a unit is cut at two),
    or None."""
    if "người" not in wanted:
        return None
    match = _PEOPLE_AFTER.match(sentence, end)
    return match.end() if match else None


def _is_year(value: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d{2}", value))

