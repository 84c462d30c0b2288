"""Candidate answers inside a sentence: the spans that hold what a question asks for and that the
question does not already contain (pure functions, Vietnamese and English).

A number comes with its magnitude and unit ("154,8 triệu đồng", "4.220,4 USD/ounce", "417 hài
cốt"), a name is a run of capitalised words or a quoted title, a date is any date the text names,
a score is "2-1". Each candidate gets a small score for how well it fits the expectation (the unit
the question names, a person's name against a place, ...): the best one becomes the short answer.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace

from ..text.dates import find_dates
from ..text.folding import casefolded as _fold
from ..text.folding import unaccented as _plain
from ..text.language import detect_language
from ..text.places import other_names
from .kinds import TWO_SYLLABLE_UNITS, Expectation

# numbers written out: "four interceptions", "Six-time Grammy winner", "hai cán bộ"
_WORD_NUMBERS = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                 r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
                 r"fifty|sixty|seventy|eighty|ninety|hundred|dozen|"
                 r"một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)(?=[\s-][^\W\d_])")
# quantities without a figure: "nhiều lần", "several times", "hàng trăm người"
_VAGUE = (r"nhiều|vài|một số|hàng chục|hàng trăm|hàng nghìn|hàng ngàn|several|many|dozens of|"
          r"hundreds of|thousands of|a few")
_VAGUE_NUMBERS = rf"(?:{_VAGUE})(?=\s[^\W\d_])"
_VAGUE_RE = re.compile(rf"(?:{_VAGUE})", re.I)
_NUMBER = (r"(?<![\w.,])(?P<approx>(?:hơn|gần|khoảng|trên|dưới|chừng|tới|đến|over|about|nearly|"
           r"almost|around|more than|less than|up to)\s+)?"
           rf"(?P<value>\d+(?:[.,]\d+)*(?:\s*(?:-|–|đến|to)\s*\d+(?:[.,]\d+)*)?|\b{_WORD_NUMBERS}"
           rf"|\b{_VAGUE_NUMBERS})"
           r"(?P<magnitude>\s*(?:triệu|tỉ|tỷ|nghìn|ngàn|trăm|million|billion|thousand|trillion|bn)"
           r"\b)?(?P<symbol>\s*[%‰])?")
_NUMBER_RE = re.compile(_NUMBER, re.I)
_WORD = re.compile(r"[^\W\d_][\w'’/-]*")
# words that end a unit: "44 nước ra ...", "16 tháng để ...", "43 countries in ..."
_STOP = set(
    "và để của cho với từ trong tại ở khi thì mà này đó nay các những một sau trước theo như hơn "
    "gần về đến tới so mỗi mới cũng sẽ vẫn còn đang chỉ không ra vào lên xuống đã được bị có là "
    "nhưng hay hoặc vì nên do bởi qua trên dưới giữa the of in and to for a an on at by with from "
    "as is was were are be been has have had that which who this these than or per each".split())
_CURRENCY = re.compile(r"^(?:đồng|vnd|vnđ|usd|euro|eur|yen|yên|nhân dân tệ|won|bảng|baht|ringgit|"
                       r"\$|dollars?|đô)", re.I)
_CURRENCY_SIGNS = set("£$€¥₫")  # "£30m": the sign before the figure
_MONEY_WORDS = re.compile(r"\b(?:tiền|giá|phí|vốn|lương|chi phí|đầu tư|invest\w*|cost\w*|price\w*|"
                          r"pay\w*|fund\w*|worth|fee\w*|salary|budget|spend\w*)\b", re.I)
_PERCENT_WORDS = re.compile(r"\b(?:phần trăm|thuế suất|tỷ lệ|tỉ lệ|percent\w*|rate|share)\b",
                            re.I)
# a unit as either language writes it: "bao nhiêu nước" is answered by "43 countries"
_UNIT_GROUPS = [
    ("người", "dân", "cư dân", "people", "persons", "person", "residents", "inhabitants"),
    ("nước", "quốc gia", "countries", "nations"), ("lần", "times"),
    ("năm", "years", "year"), ("tuổi", "age", "old", "years"), ("tháng", "months"),
    ("ngày", "days"), ("tuần", "weeks"), ("điểm", "points"), ("phiếu", "votes"),
    ("học sinh", "sinh viên", "students", "pupils"), ("ca", "trường hợp", "cases"),
    ("căn", "nhà", "houses", "homes", "apartments"), ("tấn", "tonnes", "tons"),
    ("tàu bay", "máy bay", "aircraft", "planes"), ("bàn", "goals"),
    ("nạn nhân", "victims"), ("khán giả", "cổ động viên", "cđv", "spectators", "fans"),
    ("suất", "ghế", "seats", "places"), ("tờ", "tickets"), ("km", "kilometres", "kilometers"),
]
_UNIT_WORDS = {unit: group for group in _UNIT_GROUPS for unit in group}
_CAPITAL_TOKEN = re.compile(r"\w[\w'’.-]*")
_CONNECTORS = {"de", "del", "da", "van", "von", "bin", "al", "la", "di", "du", "y", "of"}
_PLACE_CUE = re.compile(r"(?:\b(?:tỉnh|thành phố|TP\.?|huyện|xã|quận|làng|thị xã|phường|ở|tại|"
                        r"in|at|near|từ|đến|to|from|sang|về|miền|vùng|đảo|nước|village|city|"
                        r"province|town)\s+)$", re.I)
# before a name, what makes it a place rather than a person (not "to": "a pass to Bennie Fowler")
_PLACE_NOUN = re.compile(r"(?:\b(?:tỉnh|thành phố|TP\.?|huyện|xã|quận|làng|thị xã|phường|village|city|"
                         r"province|town|district|tại|ở|in|at)\s+)$", re.I)
_ORG_CUE = re.compile(r"(?:\b(?:tập đoàn|công ty|hãng|ngân hàng|tổ chức|câu lạc bộ|CLB|đội|"
                      r"group|company|firm|club|bank|agency)\s+)$", re.I)
_SURNAMES = set(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trịnh đoàn lâm "
    "mai trương cao lưu tạ châu quách thái hà tô lương văn kiều chu triệu tăng".split())
_QUOTED = re.compile(r"['‘“\"«]([^'’”\"»\n]{2,80})['’”\"»]")
_SCORE = re.compile(r"(?<![\w./-])(\d{1,2})\s*[-–]\s*(\d{1,2})(?![\w/]|[.,]\d)")


@dataclass(frozen=True)
class Candidate:
    """A span of a sentence ([start, end) within it) that may answer the question."""

    start: int
    end: int
    text: str
    score: float
    strong: bool = False  # named under the very role the question asks about ("Chủ tịch ...")
    # evidence, never shown: maybe a longer name's first syllable ("Tòa" of "Tòa án Tối cao"), or
    # a country where a person is asked for ("Hoa Kỳ" for "who did Internet2 partner with?")
    doubtful: bool = False


def answer_spans(
    sentence: str, expectation: Expectation, question: str, published: str | None = None,
    context: str = "",
) -> list[Candidate]:
    """The sentence's candidates for what the question asks, best first (none for a
    description). A candidate the question already holds is no answer; nor is a figure in an
    item (`context`: the sentence's chunk) that never names what a Vietnamese number question
    asks about ("phí vào cửa bao nhiêu?" is not answered by an item about income)."""
    finder = _FINDERS.get(expectation.kind)
    if finder is None:
        return []
    focus = _focus_words(question) if expectation.kind == "number" and not expectation.unit \
        else set()
    if focus and detect_language(sentence) == "vi" \
            and not focus & set(re.findall(r"\w+", _fold(f"{sentence} {context}"))):
        return []  # (an English sentence cannot be checked word by word against them)
    asked = _fold(question)
    words = _question_words(question)
    found = [replace(c, score=c.score + NEAR_WEIGHT * _near(sentence, c, words)
                     - (CONTRASTED if _contrasted(sentence, c, expectation, question) else 0.0))
             for c in finder(sentence, expectation, question, published, context)
             if not _already_asked(c.text, asked)
             and not (expectation.kind == "entity" and _place_asked(c.text, question))]
    return sorted(found, key=lambda c: (-c.score, c.start))


NEAR_WEIGHT = 0.3  # a candidate among the question's own words is more likely what was asked
_NEAR_WORDS = 6


def _question_words(question: str) -> set[str]:
    return {w for w in re.findall(r"\w+", _fold(question)) if w not in _STOP and not w.isdigit()}


def _near(sentence: str, candidate: Candidate, words: set[str]) -> float:
    """The share of the few words on either side of a candidate that the question also uses:
    "amendments to the 2024 Anti-Human Trafficking Law" is no answer to when a compact was
    adopted, though the sentence names the compact further on."""
    before = re.findall(r"\w+", _fold(sentence[: candidate.start]))[-_NEAR_WORDS:]
    after = re.findall(r"\w+", _fold(sentence[candidate.end :]))[:_NEAR_WORDS]
    around = [w for w in before + after if w not in _STOP]
    return sum(w in words for w in around) / len(around) if around else 0.0


CONTRASTED = 0.6  # what a figure loses when the sentence sets it against the one asked for
_CONTRAST = re.compile(r"\b(?:trong khi|trong lúc|thay vì|so với|whereas|while|compared (?:with|to)"
                       r"|in contrast to|instead of)\b[^.;]{0,40}$", re.I)


def _contrasted(sentence: str, candidate: Candidate, expectation: Expectation,
                question: str) -> bool:
    """A figure after "trong khi", "so với", "whereas": "chỉ được 940.000 đồng, trong khi các
    trường khác được nhận 1,6 triệu đồng" states the asked value first and a comparison after,
    unless what follows the contrast names the question's subject ("trong khi Kuechly ...")."""
    if expectation.kind != "number":
        return False
    contrast = _CONTRAST.search(sentence[max(0, candidate.start - 60) : candidate.start])
    if not contrast:
        return False
    return not any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", contrast.group())
                   for name in _name_endings(question))  # as written: "Trường" is no "trường"


def _already_asked(candidate: str, asked: str) -> bool:
    words = re.findall(r"\w+", _fold(candidate))
    return bool(words) and all(_asked_word(w, asked) or (w.isascii()  # "Suarez" for "Suárez";
                                   and _asked_word(w, _plain(asked)))  # "nhiều" is not "nhiêu"
                               for w in words)


def _place_asked(candidate: str, question: str) -> bool:
    """Whether the question names the candidate's country or region in another language or
    form ("Southeast Asian" for "Đông Nam Á", "the US" for "Hoa Kỳ"); an acronym matches only
    whole and in capitals ("US", not "us" or "USD")."""
    return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", question) if name.isupper()
               else re.search(rf"(?<!\w){re.escape(name)}", question, re.I)
               for name in other_names(candidate))


def _asked_word(word: str, asked: str) -> bool:
    """Whether the question uses the word, or (for a long word) one of its forms: "Australian"
    asks about "Australia"."""
    if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", asked):
        return True
    return len(word) >= 6 and re.search(rf"(?<!\w){re.escape(word[:6])}", asked) is not None


# -- numbers -------------------------------------------------------------------------------------


def _numbers(sentence: str, expectation: Expectation, question: str, published: str | None,
             context: str = "") -> list[Candidate]:
    dates = [(m.start, m.end) for m in find_dates(sentence, _day(published), relative=False)
             if m.kind in ("day", "month")]  # "15 năm trước" still counts fifteen
    money = bool(_MONEY_WORDS.search(question)) and (expectation.unit in ("", "tiền")
                                                     or expectation.unit not in _UNIT_WORDS)
    # a unit the question counts wins over "rate" or "share": "how many square miles per year"
    # (a Vietnamese "bao nhiêu" is often followed by other words than a unit: "bao nhiêu so với")
    counted = bool(expectation.unit) and (expectation.unit.casefold() in _UNIT_WORDS or bool(
        re.search(r"\bhow many\b", question, re.I)))
    percent = (bool(_PERCENT_WORDS.search(question)) or "%" in question) and not counted
    wanted = _wanted_units(expectation.unit)  # a known unit the question names is required
    known_unit = expectation.unit.casefold() in _UNIT_WORDS
    asked_numbers = set(re.findall(r"\d+(?:[.,]\d+)*", question))
    asked = _fold(question)
    english = detect_language(sentence) == "en"
    # a Vietnamese count names a classifier ("người"), an English one its noun ("Huguenots")
    counted_in_english = english and detect_language(question) != "en"
    found = []
    for match in _NUMBER_RE.finditer(sentence):
        start, end = match.span()
        if any(s < end and start < e for s, e in dates) or _is_year(match["value"]):
            continue
        digits = set(re.findall(r"\d+(?:[.,]\d+)*", match["value"]))
        if (digits <= asked_numbers) if digits else _asked_word(_fold(match["value"]), asked):
            continue  # "Bình Triệu 1", "Thông tư 68": the question's own numbers
        unit_end = _unit_end(sentence, end, 1 if english else 2)
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
        if ordinal:
            if not _RANK_ASKED.search(question):
                continue  # "thứ hai thế giới" ranks, it does not count
            start, score = ordinal.start(), 1.0  # "đứng thứ ba": the rank asked for
        if wanted:
            if _is_wanted(unit, wanted):
                score += 1.0
            elif any(w in _fold(sentence) for w in wanted):
                score += 0.5  # "Số người chết ... tăng lên 146"
            elif known_unit and not counted_in_english:
                continue  # "how many spectators": a count of something else is no answer
            else:
                score -= 0.5
        if money:
            if not (_CURRENCY.match(unit) or match["magnitude"] or signed):
                continue  # a sum of money has a currency or a magnitude
            score += 1.0
        if match["symbol"] and counted:
            continue  # "how many square miles" is not answered by "18%"
        if percent and match["symbol"]:
            score += 1.0
        if not unit and not match["symbol"]:
            score -= 0.3  # a bare number ("số 1", "lần 2") is rarely the answer
        if _VAGUE_RE.fullmatch(match["value"]):
            if wanted and not any(unit.casefold().startswith(w) for w in wanted):
                continue  # "nhiều đại biểu" is no count of victims
            score -= 0.5  # "nhiều lần" answers only when no figure does
        score += 0.5 * _led_by_question_words(sentence, start, question)
        score += 0.5 if _unit_asked(unit, question) else 0.0
        found.append(Candidate(start, unit_end, sentence[start:unit_end], score))
    return found + _counts_in_words(sentence, wanted, question)


_TIMES = re.compile(r"\b(?:once|twice|thrice)\b", re.I)
_ORDINAL_WORDS = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                            r"tenth)\b", re.I)


def _counts_in_words(sentence: str, wanted: tuple[str, ...], question: str) -> list[Candidate]:
    """English counts without a number word: "twice" answers how many times, "third" a question
    about a rank ("đứng thứ mấy", "ranked")."""
    found = []
    if "times" in wanted:
        found += [Candidate(m.start(), m.end(), m.group(), 1.0) for m in _TIMES.finditer(sentence)]
    if _RANK_ASKED.search(question):
        found += [Candidate(m.start(), m.end(), m.group(), 1.0)
                  for m in _ORDINAL_WORDS.finditer(sentence)]
    return found


def _is_wanted(unit: str, wanted: tuple[str, ...]) -> bool:
    return any(unit.casefold().lstrip("-").startswith(w) for w in wanted)


_ORDINAL_BEFORE = re.compile(r"\bthứ\s+$", re.I)
_RANK_ASKED = re.compile(r"\bthứ (?:mấy|bao nhiêu)\b|\bhạng (?:mấy|bao nhiêu)\b|\bxếp hạng\b|"
                         r"\brank(?:ed|ing)?\b|\bxếp (?:thứ )?mấy\b", re.I)
_LEVEL = re.compile(r"\b(?:mức|ngưỡng|level|at|đạt|lên|còn|về)\s*$", re.I)


def _led_by_question_words(sentence: str, start: int, question: str) -> float:
    """1 when the words just before the number are the question's own ("với tổng điểm 21,17"
    for "tổng điểm là bao nhiêu?"), or say it is a level ("ở mức 4.220,4"); else 0."""
    before = sentence[max(0, start - 30) : start]
    words = [w for w in re.findall(r"\w+", _fold(before)) if w not in _STOP][-1:]
    asked = set(re.findall(r"\w+", _fold(question)))
    if _LEVEL.search(before):
        return 1.0
    return 1.0 if words and words[0] in asked and not words[0].isdigit() else 0.0


_FOCUS = re.compile(r"(?P<before>(?:\S+\s+){1,3})(?:là\s+)?(?:bao nhiêu|mấy)\b", re.I)
_NOT_FOCUS = _STOP | {"mức", "quanh", "khoảng", "tổng", "cộng", "tối", "đa", "thiểu", "phải", "đủ",
                      "mất", "nhận", "được", "tăng", "giảm", "đạt", "lên", "còn"}


def _focus_words(question: str) -> set[str]:
    """The Vietnamese words naming what a number question asks ("phí vào cửa bao nhiêu" ->
    phí, cửa): a sentence without any of them is about another figure. Empty when there are none
    (an English question cannot be checked against Vietnamese text word by word)."""
    match = _FOCUS.search(unicodedata.normalize("NFC", question))
    if not match:
        return set()
    words = re.findall(r"\w+", _fold(match["before"]))
    return {w for w in words if w not in _NOT_FOCUS and not w.isdigit() and len(w) > 1}


def _unit_asked(unit: str, question: str) -> bool:
    """Whether the unit is a word the question uses in some form ("intercept" for
    "interceptions", "sack" for "sacks")."""
    heads = {w[:5] for w in re.findall(r"\w+", _fold(question)) if len(w) >= 4 and w not in _STOP}
    return any(len(w) >= 4 and w[:5] in heads for w in re.findall(r"\w+", _fold(unit)))


def _unit_end(sentence: str, end: int, most: int = 2) -> int:
    """The end of the unit after a number: up to `most` words (a Vietnamese unit is often two
    syllables, "hài cốt"; an English one word), stopping at a function word."""
    if sentence[end : end + 1] == "-":  # "Six-time", "17-year-old"
        end += 1
    cursor, words = end, 0
    for match in _WORD.finditer(sentence, end):
        gap = sentence[cursor : match.start()]
        if gap.strip() or words == most or match.group().casefold() in _STOP:
            break
        if words and not match.group()[0].islower() and not _CURRENCY.match(match.group()):
            break
        cursor, words = match.end(), words + 1
        if _CURRENCY.match(match.group()) or match.group().casefold() in _WHOLE_UNITS:
            return _per_unit_end(sentence, cursor, match.group())
    return cursor


def _per_unit_end(sentence: str, end: int, unit: str) -> int:
    """The end of "đồng/sinh viên": a two-syllable unit after the slash is taken whole."""
    per = unit.rpartition("/")[2].casefold()
    following = _WORD.match(sentence, end + 1) if sentence[end : end + 1] == " " else None
    if per and following and f"{per} {following.group().casefold()}" in TWO_SYLLABLE_UNITS:
        return following.end()
    return end


# Vietnamese units of one syllable: the word after them is no part of the unit ("9 lần", not "9
# lần xuất"; "4 tờ", not "4 tờ trúng")
_WHOLE_UNITS = {"lần", "tờ", "suất", "người", "nước", "đội", "chiếc", "căn", "ngày", "tháng",
                "tuổi", "điểm", "bàn", "tấn", "lít", "ca", "vụ", "tỉnh", "xã", "phút", "giờ", "dân"}


def _wanted_units(unit: str) -> tuple[str, ...]:
    if not unit or unit == "tiền":
        return ()
    return (unit.casefold(), *_UNIT_WORDS.get(unit.casefold(), ()))


def _is_year(value: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d{2}", value))


def _day(published: str | None) -> dt.date | None:
    return dt.date.fromisoformat(published) if published else None


# -- names ---------------------------------------------------------------------------------------


def _entities(sentence: str, expectation: Expectation, question: str, published: str | None,
              context: str = "") -> list[Candidate]:
    found = []
    names = _question_names(question)
    common = _lower_words(f"{sentence} {context}")
    roles = _roles(question)
    titles = [m.span(1) for m in _QUOTED.finditer(sentence)]
    for start, end in _capitalised_runs(sentence, common):
        start, end = _trim_asked(sentence, start, end, names)
        if end <= start:
            continue
        start = _after_acronym(sentence, start, end)
        text = sentence[start:end]
        if _plain(text.split()[0]).strip(".") in _CALENDAR:
            continue  # "November 24-26": a date, not a name
        score = _entity_score(sentence, start, text, expectation, common, roles)
        if any(a <= start and end <= b and (a, b) != (start, end) for a, b in titles):
            score -= TITLE_PART  # "Persons" of "... Trafficking in Persons": part of a title
        found.append(Candidate(start, end, text, score,
                               strong=_strong(sentence, start, text, roles),
                               doubtful=_lone_syllable(sentence, start, text)
                               or (bool(other_names(text)) and _not_a_country(expectation,
                                                                              question))))
    for match in _QUOTED.finditer(sentence):
        if match[1][0].isupper():  # a title ('Phục Gia truyện'), not a quoted phrase
            found.append(Candidate(match.start(1), match.end(1), match[1],
                                   0.3 if expectation.hint == "" else -0.2))
    return found


TITLE_PART = 0.8  # what a name loses inside a quoted title that it is only part of


def _capitalised_runs(sentence: str, common: set[str] = frozenset()  # type: ignore[assignment]
                      ) -> list[tuple[int, int]]:
    """Runs of capitalised words, acronyms and model numbers ("Leopard 2A8", "Booster 18"), joined
    by single spaces. A lone capital opening the sentence is mostly just its first word ("Giá
    vàng", "The"): it counts only when the text never writes it in lower case ("Germany was the
    largest buyer")."""
    tokens = list(_CAPITAL_TOKEN.finditer(sentence))
    english = detect_language(sentence) == "en"  # a Vietnamese name is several capitals
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


_OPENERS = set("the a an in on at it its this that these those he she they we i there here "
               "but and so if when while after before as for with from by to of then although "
               "however meanwhile during despite since because according following also later "
               "earlier today yesterday though thus still yet once now".split())


# Vietnamese function words: capitalised, they only open a sentence or clause
_VI_OPENERS = set("ở tại vì trong theo với khi sau trước từ do nhưng và tuy nếu để cho bởi các "
                  "những một hay hoặc còn cũng lúc nhờ qua giữa ngoài trên dưới về đối".split())
# one-syllable names of places a Vietnamese text writes alone that Babel's country names lack
# ("Pháp", "Đức", "Úc" are there); any other lone capitalised syllable before a lower-case one
# starts a common noun ("Trái đất", "Hồi giáo")
_ONE_SYLLABLE_PLACES = set("ý nhật hàn thái huế vinh".split())
_GIVEN_NAME_CUE = re.compile(r"\b(?:ông|bà|anh|chị|em|cô|chú|bé|cháu|cụ|hlv)\s+$", re.I)
_LOCAL_PLACE = re.compile(r"\b(?:city|town|village|province|state|district|county|thành phố|"
                          r"tỉnh|huyện|xã|quận|làng|phường|thị xã)\b", re.I)


def _not_a_country(expectation: Expectation, question: str) -> bool:
    """Whether a country or region cannot be what is asked: a person ("Hoa Kỳ" for "who did
    Internet2 partner with?"), or a city or province."""
    return expectation.hint == "person" or (expectation.hint in ("place", "")
                                            and bool(_LOCAL_PLACE.search(question)))


def _lone_syllable(sentence: str, start: int, text: str) -> bool:
    """One accented capitalised Vietnamese syllable that is neither a one-syllable place nor a
    given name after "ông"/"chị": mostly the start of a name written in lower case after its
    first syllable ("Tòa án Tối cao", "Trái đất"); a foreign name is unaccented ("Newton")."""
    return (text.isalpha() and len(text) > 1 and not text.isupper()
            and _plain(text) != text.casefold() and text.casefold() not in _ONE_SYLLABLE_PLACES
            and not other_names(text)
            and not _GIVEN_NAME_CUE.search(sentence[max(0, start - 8) : start])
            and detect_language(sentence) != "en")


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


_TITLES = {"hlv", "ts", "pgs", "gs", "ths", "bs", "ong", "ba", "mr", "mrs", "ms", "dr", "sir", "the"}


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


def _question_names(question: str) -> set[str]:
    """The names a question uses, accents dropped, with their endings ("Prime Minister Anthony
    Albanese" also names "Anthony Albanese" and "Albanese"; "Phạm Nhật Vượng" does not name
    "Phạm Nhật")."""
    return {_plain(name) for name in _name_endings(question)}


def _name_endings(question: str) -> set[str]:
    """The question's names and their endings, as written."""
    return {" ".join(words[k:]) for s, e in _capitalised_runs(question)
            for words in [question[s:e].split()] for k in range(len(words))}


_PERSON_CUE = re.compile(
    r"(?:\b(?:ông|bà|anh|chị|chủ tịch|phó chủ tịch|tổng thư ký|thư ký|bộ trưởng|thứ trưởng|"
    r"thủ tướng|tổng thống|đại sứ|giám đốc|cục trưởng|trưởng phái đoàn|trưởng|phát ngôn viên|"
    r"hlv|huấn luyện viên|tiền vệ|tiền đạo|hậu vệ|thủ môn|cầu thủ|ca sĩ|nhạc sĩ|diễn viên|đạo diễn|"
    r"tác giả|nhà văn|bị cáo|nghi phạm|ảnh|president|minister|secretary|ambassador|chairman|"
    r"chairwoman|director|spokes(?:man|woman|person)|coach|striker|midfielder|singer|actor|"
    r"actress|author|mr|mrs|ms|dr|photo|nguồn|source)\b[^,.;:]{0,40}?[\s:]+)$", re.I)


_CALENDAR = set(
    "january february march april may june july august september october november december jan "
    "feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday".split())
# "Tổng Giám" (đốc), "Phó Tổng" (thư ký), "Công" (sứ): a title capitalised, cut off by a
# lower-case syllable, is no one's name
_TITLE_STARTS = {"tong", "pho", "chu", "bo", "thu", "giam", "cuc", "vien", "dai", "cong"}
_INSTITUTION = set(
    "manager executive officer chief general director chairman president vice minister secretary "
    "coach captain head spokesman charge affaires counsellor envoy "
    "united nations assembly council committee commission mission ministry department agency "
    "organisation organization office union court bank law convention statement plan compact "
    "republic kingdom party university hospital school company group corporation fund programme "
    "program forum league federation association institute embassy government parliament "
    "lien hop quoc bo so cuc vien uy ban hoi dang toa truong benh cong tap doan ngan hang quy "
    "chinh phu quoc hoi".split())


# the same role in both languages: "the President of the UN General Assembly" is the person after
# "Chủ tịch Đại hội đồng Liên hợp quốc" (and not the one after "Đại sứ")
_ROLES = {
    "president": r"president|chủ tịch|tổng thống", "premier": r"prime minister|premier|thủ tướng",
    "minister": r"(?<!prime )minister|bộ trưởng", "deputy": r"deputy|vice|phó|thứ trưởng",
    "ambassador": r"ambassador|đại sứ", "secretary": r"secretary|thư ký|bí thư",
    "director": r"director|giám đốc|đạo diễn", "chair": r"chair(?:man|woman|person)?|chủ tịch",
    "coach": r"coach|manager|hlv|huấn luyện viên", "head": r"head|chief|trưởng",
    "spokesperson": r"spokes(?:man|woman|person)|phát ngôn", "author": r"author|writer|tác giả",
    "singer": r"singer|ca sĩ", "actor": r"actor|actress|diễn viên", "player": r"player|cầu thủ",
    "striker": r"striker|forward|tiền đạo", "goalkeeper": r"goalkeeper|thủ môn",
    "governor": r"governor|thống đốc", "mayor": r"mayor|thị trưởng",
    "founder": r"founder|sáng lập", "pilot": r"pilot|phi công", "photographer": r"photo|ảnh",
}
_ROLE_RES = {role: re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.I) for role, words in _ROLES.items()}


def _roles(text: str) -> set[str]:
    return {role for role, pattern in _ROLE_RES.items() if pattern.search(text)}


def _strong(sentence: str, start: int, text: str, asked_roles: set[str]) -> bool:
    """A person under the role asked for: a name of two words or more (one capitalised syllable
    after "Trưởng Phái đoàn" starts an institution), not a place after "tại"/"in"."""
    return (" " in text and not _PLACE_NOUN.search(sentence[max(0, start - 25) : start])
            and _role_matched(sentence, start, asked_roles))


def _role_matched(sentence: str, start: int, asked_roles: set[str]) -> bool:
    """Whether the words before a name give the role the question asks about."""
    cue = _PERSON_CUE.search(sentence[max(0, start - 60) : start]) if asked_roles else None
    return bool(cue) and bool(asked_roles & _roles(cue.group()))


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
        cue_roles = _roles(cue.group()) if cue else set()
        if asked_roles and cue_roles:  # the role asked for, or another one
            score += 1.0 if asked_roles & cue_roles else -0.8
        score += 0.3 if 2 <= len(words) <= 4 else 0.0
        score += 0.3 if words[0].casefold() in _SURNAMES else 0.0
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


# -- dates and scores -----------------------------------------------------------------------------

_DATE_SCORES = {"day": 0.3, "month": 0.3, "year": 0.3, "ago": 0.1}
# "in 1886", "năm 1817" (years before 1900 are not read as dates elsewhere), "the 1990s"
_OLD_YEAR = re.compile(r"(?:\b(?:in|since|from|until|by|of|năm|từ|đến)\s+)(?P<year>1\d{3})\b"
                       r"(?!\s*[^\W\d_]*\s*(?:người|people|km|tấn))", re.I)
_DECADE = re.compile(r"\b(?:(?:thập niên|những năm)\s+)?(?:1\d|20)\d0s?\b(?<=0s)|"
                     r"\b(?:thập niên|những năm)\s+(?:1\d|20)\d0\b", re.I)
_VAGUE_DATE = re.compile(r"\b(?:cuối|đầu|giữa)\s+tháng\s+(?:\d{1,2}|này|sau|tới)\b|"
                         r"\b\d+(?:[.,]\d+)?\s+(?:triệu|tỷ|tỉ|nghìn|ngàn|million|billion|thousand)"
                         r"\s+(?:năm trước|years ago)|"  # "66 triệu năm trước": a time in the past
                         r"\bthe\s+\w+(?:th|st|nd|rd)\s+day\b(?:\s+of\s+(?:every|each)\s+[\w ]+?"
                         r"(?:month|year|week))?|\b(?:every|each)\s+(?:day|week|month|year|"
                         r"morning|evening|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                         r"Sunday)\b|\b(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|năm)\b|"
                         r"\b(?:mùng|mồng)\s+\d{1,2}\b|\bngày\s+rằm\b|"
                         r"\b(?:end|early|mid|late|beginning)\s+(?:of\s+)?(?:January|February|"
                         r"March|April|May|June|July|August|September|October|November|"
                         r"December)\b", re.I)


def _dates(sentence: str, expectation: Expectation, question: str, published: str | None,
           context: str = "") -> list[Candidate]:
    if expectation.unit == "day":  # "ngày nào?": "15 years ago" or "2025" does not say
        return _any_dates(sentence, published, days_only=True)
    found = _any_dates(sentence, published)
    if expectation.unit == "year":  # "năm nào?": a day without its year does not say
        return [c for c in found if re.search(r"\b1\d{3}|\b20\d{2}", c.text)]
    return found


def _any_dates(sentence: str, published: str | None, days_only: bool = False
               ) -> list[Candidate]:
    found = [Candidate(m.start, m.end, sentence[m.start : m.end], _DATE_SCORES[m.kind])
             for m in find_dates(sentence, _day(published), relative=False)
             if m.kind == "day" or not days_only]
    if days_only:
        return found
    found += [Candidate(m.start(), m.end(), m.group(), 0.2)
              for m in _VAGUE_DATE.finditer(sentence)]
    found += [Candidate(m.start("year"), m.end("year"), m["year"], 0.3)
              for m in _OLD_YEAR.finditer(sentence)]
    found += [Candidate(m.start(), m.end(), m.group(), 0.3) for m in _DECADE.finditer(sentence)]
    return found


def _scores(sentence: str, expectation: Expectation, question: str, published: str | None,
            context: str = "") -> list[Candidate]:
    dates = [(m.start, m.end) for m in find_dates(sentence, _day(published), relative=False)]
    return [Candidate(m.start(), m.end(), m.group(), 0.0) for m in _SCORE.finditer(sentence)
            if not any(s < m.end() and m.start() < e for s, e in dates)]


_FINDERS = {"number": _numbers, "entity": _entities, "date": _dates, "score": _scores}


# A short answer is shown only when it stands out among its sentence's candidates: measured on the
# dev sets, a name that is the only one, or under the role asked, or clearly ahead (same language),
# and a figure that is the only one or clearly ahead, are right far more often than the rest;
# across languages a figure must also score high on its own (the unit matched in the other
# language).
NAME_LEAD, FIGURE_LEAD, CROSS_FIGURE = 0.3, 0.2, 0.8


def stands_out(chosen: Candidate, spans: list[Candidate], expectation: Expectation,
               cross_language: bool) -> bool:
    """Whether the chosen candidate is clear enough to be shown as the short answer (the
    sentence is evidence either way)."""
    if chosen.doubtful:
        return False
    rivals = [c.score for c in spans if c is not chosen]
    lead = chosen.score - max(rivals) if rivals else None
    if expectation.kind == "entity":
        return chosen.strong or lead is None or (not cross_language and lead >= NAME_LEAD)
    if cross_language:
        return chosen.score >= CROSS_FIGURE and (lead is None or lead >= FIGURE_LEAD)
    return lead is None or lead >= FIGURE_LEAD


def short_answer_in_quotes(
    answer_text: str, quotes: list[tuple[int, str, int, str | None]], expectation: Expectation,
    question: str,
) -> tuple[int, int, int] | None:  # (citation, start, end)
    """A short answer for a written answer (a model's): the best candidate of the asked kind in
    the answer that a cited quote also holds, as (citation number, start, end) with offsets into
    that quote's file. `quotes` are (citation number, quote, quote's start in its file, published
    date). None when no candidate is backed by a quote: a short answer is always a quote's span."""
    for candidate in answer_spans(answer_text, expectation, question):
        if candidate.doubtful:
            continue
        wanted = _fold(candidate.text)
        for n, quote, offset, _ in quotes:
            at = _fold(quote).find(wanted)
            end = at + len(candidate.text)
            if at >= 0 and _fold(quote[at:end]) == wanted:  # folding kept the offsets
                return n, offset + at, offset + end
        figures = re.findall(r"\d+", candidate.text)
        for n, quote, offset, published in quotes if figures else ():
            # the same figure in the quote's own words ("43 other countries" for "43 countries")
            same = [c for c in answer_spans(quote, expectation, question, published)
                    if re.findall(r"\d+", c.text) == figures]
            if same:
                return n, offset + same[0].start, offset + same[0].end
    return None
