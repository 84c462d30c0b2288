"""Questions whose answer is gathered from several reports (issue 26), split into parts that each
stand alone, and the one answer composed from the parts' answers (pure functions).

A question has several parts when it asks for

- a value on several days: "on 25/11, 26/11 and 1/12", "ngày 24, 25 và 26/11", "từ 24 đến
  28/11" (a range of at most a week, a figure or score asked), "over the week" / "từng ngày"
  (the days of the range the question's time names);
- the same thing of two or more named subjects, said to be separate: "Liverpool và Man City lần
  lượt thua ...", "did A and B each ...", "mỗi bên", "both", "in all", or the same words leading
  each ("thắng Leeds ... và thắng Fulham ...", "over Tottenham and over Bayern");
- two questions in one: "X rose on D1, and what did Y ... on D2?" / "..., và ... nào?".

Each part is the question with the list replaced by one of its days or subjects, in the
question's language, so the assistant asks it as any question: its own time, retrieval, evidence,
answer, checks and confidence. `compose` then writes one answer: the parts in the order asked (a
series by date), each with its citations renumbered into one list (a quote two parts cite is cited
once), a part no report answers said to be missing, a total computed from the parts' cited figures
with its arithmetic, and the values of one measure on several days as a `series`.

A question of one part (most) is left alone: `split` returns no parts, and the assistant answers
it as before.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Literal

from ..text.lexicon import alternation, en, vi
from ..types import Answer, Asked, Citation, Query, Retrieval, SeriesPoint, ShortAnswer
from .spans import stands_out
from .spans.numbers import number_candidates

Role = Literal["day", "subject", "clause"]
MAX_PARTS = 8  # a longer list is asked as one question
MAX_RANGE_DAYS = 7  # "từ 24 đến 28/11": a range of at most a week is asked day by day


@dataclass(frozen=True)
class Part:
    """One part of a question: a question of its own (`text`), what sets it apart (`label`: a
    day as written, a subject, or the sub-question), and how it was split off (`role`)."""

    text: str
    label: str
    role: Role
    day: dt.date | None = None  # a day part's day, when its year is known


# -- words -------------------------------------------------------------------------------------

_MONTH_NUMBER = {name: n for n, names in enumerate(en.MONTHS, start=1) for name in names}
_MONTH = r"(?:" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")\.?"
_MONTH_NAMES = [calendar.month_name[n] for n in range(13)]
_ORD = r"(?:st|nd|rd|th)?"
_AND_WORDS = alternation((*vi.AND_WORDS, *en.AND_WORDS))  # "và|and"
# one day as a question writes it: 24/11, 24/11/2025, 24 November (2025), November 24 (, 2025),
# 24 tháng 11 (năm 2025), or a bare day number inside a list ("24, 25 và 26/11")
_ITEM = re.compile(
    rf"(?P<dm>(?P<d1>\d{{1,2}})/(?P<m1>\d{{1,2}})(?:/(?P<y1>\d{{4}}))?)(?![\d/])|"
    rf"(?P<dt>(?P<d4>\d{{1,2}})\s+tháng\s+(?P<m4>\d{{1,2}})(?:\s+năm\s+(?P<y4>\d{{4}}))?)\b|"
    rf"(?P<dn>(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<n2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?)\b|"
    rf"(?P<nd>(?P<n3>{_MONTH})\s+(?P<d3>\d{{1,2}}){_ORD}(?:,?\s+(?P<y3>\d{{4}}))?)\b|"
    rf"(?P<bare>\b\d{{1,2}})\b(?![.,]\d|\s*(?:%|h\b|"
    rf"{alternation((*vi.NOT_DAY_UNITS, *en.NOT_DAY_UNITS))}))",
    re.I,
)
# what may stand between two days of a list: "25/11, 26/11 và 1/12", "22 November and on 24 ..."
_BETWEEN = re.compile(
    rf"\s*(?:,\s*(?:(?:{_AND_WORDS})\s+)?|"
    rf"\s+(?:{_AND_WORDS}|&|{alternation((*vi.OR_WORDS, *en.OR_WORDS))})\s+)"
    rf"(?:(?:{alternation((*vi.RANGE_TO, *en.RANGE_TO, *en.DEADLINE))})\s+)?"
    rf"(?:(?:{alternation((*vi.DAY_NOUNS, *vi.DAY_PARTS, *en.BEFORE_DAY))})\s+)?", re.I)
# a range: "từ 24 đến 28/11", "24-28/11", "from 24 to 28 November", "between 24 and 28 Nov"
_RANGE = re.compile(
    rf"(?:\b(?:{alternation(vi.RANGE_FROM)})\s+(?:ngày\s+)?)?(?P<a>\d{{1,2}})"
    rf"(?:/(?P<am>\d{{1,2}}))?\s*(?:-|–|{alternation(vi.RANGE_TO)})\s*"
    rf"(?:ngày\s+)?(?P<b>\d{{1,2}})/(?P<bm>\d{{1,2}})(?:/(?P<y>\d{{4}}))?(?![\d/])|"
    rf"\b(?:{alternation(en.RANGE_FROM)})\s+(?P<ea>\d{{1,2}}){_ORD}(?:\s+(?P<eam>{_MONTH}))?"
    rf"\s+(?:{alternation((*en.RANGE_TO, *en.AND_WORDS))}|-)"
    rf"\s+(?P<eb>\d{{1,2}}){_ORD}\s+(?P<ebm>{_MONTH})(?:,?\s+(?P<ey>\d{{4}}))?\b|"
    rf"\b(?P<fa>\d{{1,2}})\s*[-–]\s*(?P<fb>\d{{1,2}})\s+(?P<fbm>{_MONTH})(?:,?\s+(?P<fy>\d{{4}}))?\b",
    re.I,
)
# "the sessions of", "các phiên", "hai kỳ": the plural that leads a list of days, made singular
_PLURAL_LEAD = re.compile(rf"\b(?:{alternation(vi.PLURAL_LEADS)})\s+"
                          rf"({alternation(vi.DAY_NOUNS)})\b(?=(?:\s+\S+){{0,3}}\s*$)|"
                          rf"\bthe\s+({alternation(en.DAY_NOUNS)})s\s+(of\s+)?$|\bdays\s+$", re.I)
# a question asking each day of its range: "over the week", "mỗi ngày", "từng phiên"
_EACH_DAY = re.compile(rf"\b(?:{alternation((*en.EACH_DAY, *vi.EACH_DAY))})\b", re.I)
# ... or a measure asked over a week ("How did the VN-Index move over the week?"), not a count
# ("How many people died last week?")
_OVER_WEEK = re.compile(rf"\b(?:{alternation((*en.OVER_WEEK, *vi.OVER_WEEK))})\b", re.I)
# words saying that named subjects are asked about one by one
_EACH = re.compile(rf"\b(?:{alternation((*vi.EACH_CUES, *en.EACH_CUES))})\b", re.I)
# a total asked: "tổng cộng", "in all", "add up"
_IN_ALL = alternation((*vi.IN_ALL, *en.IN_ALL))  # what a part asking one subject drops
_PLUS = alternation(vi.PLUS)
_TOTAL = re.compile(rf"\b(?:{_IN_ALL}|{alternation((*vi.TOTAL_WORDS, *en.TOTAL_WORDS))}|"
                    rf"(?:{_PLUS})(?!\s+(?:{alternation(vi.NOT_PLUS_AFTER)})))\b", re.I)
_VI_ASKING = re.compile(rf"\b(?:{alternation(vi.CLAUSE_QUESTION_WORDS)})\b", re.I)
_EN_ASKING = re.compile(rf"^(?:{alternation(en.QUESTION_WORDS)}|"
                        rf"{alternation(en.ASKING_AUXILIARIES)})\b", re.I)
# a clause that leans on the one before it ("..., và đó là những kỳ nào?", "and which were
# they?") is no question of its own
_LEANS = re.compile(rf"\b(?:{alternation((*vi.BACK_REFERENCES, *en.BACK_REFERENCES))})\b",
                    re.I)
_FUNCTION = en.NOT_SUBJECT_WORDS | vi.NOT_SUBJECT_WORDS
_NAME_LINKS = en.NAME_LINKS
# what a range of days is asked day by day for: a measure that has a value each day ("giá vàng
# từ 24 đến 28/11"), not a count over the range ("bao nhiêu kỳ từ 20/11 đến 3/12")
_MEASURE = re.compile(rf"\b(?:{alternation((*vi.MEASURES, *en.MEASURES))})\b|"
                      rf"{alternation(vi.MEASURE_NAMES)}", re.I)
_VALUES = re.compile(rf"\b(?:{alternation((*en.VALUES_ASKED, *vi.VALUES_ASKED))})\b", re.I)
# a time phrase's lead, which a day takes the place of ("trong tuần qua", "over the past week")
_TIME_LEAD = re.compile(
    rf"\b(?:{alternation((*vi.OVER_TIME_LEADS, *en.OVER_TIME_LEADS))})\s+(?:the\s+)?$", re.I)
_CLAUSE_CUT = re.compile(rf",\s*(?:{_AND_WORDS})\s+|;\s*", re.I)  # "..., và ..." / "...; ..."
_SUBJECT_AND = re.compile(rf"\s+(?:{_AND_WORDS}|&)\s+", re.I)  # "A và B", "A & B"
_LEAD_AND = re.compile(rf"\s+(?:{_AND_WORDS})\s+", re.I)  # "thắng A ... và thắng B"
_AFTER_FUNCTION = re.compile(rf"(?:^|,|\b(?:{alternation(_FUNCTION)}))\s*$", re.I)
_DROP_PLUS = re.compile(rf"^\s*(?:{_PLUS})\s+", re.I)
_DROP_IN_ALL = re.compile(rf"\b(?:{_IN_ALL})\b", re.I)
_RANGE_KINDS = frozenset({"number", "score"})

# -- splitting ------------------------------------------------------------------------------------


def split(query: Query) -> list[Part]:
    """The parts of a resolved query (none when it asks one thing). Besides what the question
    writes (`read_parts`), a question asking a figure "over the week" or "mỗi ngày" is asked on
    each day of the range its time names (a week at most)."""
    asked = query.asked
    if asked is None:
        return []
    parts = read_parts(query.question, query.language, asked.kind, asked.gathering)
    if parts or asked.kind not in _RANGE_KINDS or asked.gathering == "list":
        return parts
    when = query.time
    if when is None or not when.since or not when.until or when.source != "question":
        return []
    each_day = _EACH_DAY.search(query.question) or (
        _OVER_WEEK.search(query.question) and _MEASURE.search(query.question)
        and not asked.how_many)
    if not each_day:
        return []
    first, last = dt.date.fromisoformat(when.since), dt.date.fromisoformat(when.until)
    if not 1 <= (last - first).days < MAX_RANGE_DAYS:
        return []
    phrase = when.phrase.split(", ")[0] if when.phrase else ""
    at = query.question.find(phrase) if phrase else -1
    lead = _TIME_LEAD.search(query.question[:max(at, 0)])
    if at >= 0 and lead:  # "trong tuần qua" -> "ngày 24/11/2025", not "trong ngày ..."
        phrase, at = query.question[lead.start(): at + len(phrase)], lead.start()
    days = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
    out = []
    for day in days:
        written = _written(day.day, day.month, day.year, query.language)
        on = f"ngày {written}" if query.language == "vi" else f"on {written}"
        text = (query.question[:at] + on + query.question[at + len(phrase):] if at >= 0
                else f"{query.question.rstrip(' ?')} {on}?")
        out.append(Part(_tidy(_OVER_WEEK.sub("", _EACH_DAY.sub("", text))), written, "day", day))
    return out


def read_parts(question: str, language: str, kind: str = "number", gathering: str = "",
               ) -> list[Part]:
    """The parts a question writes out: its clauses, its days or its subjects (see the module);
    [] for a question of one part. `kind` and `gathering`: what it asks for (`Asked`): a range of
    days is split only for a figure or score of a measure with a value each day ("giá",
    "VN-Index"), so a count over a range ("bao nhiêu kỳ ... từ 20/11 đến 3/12") stays one
    question; a list question ("which players ...") is not split by its subjects."""
    question = unicodedata.normalize("NFC", question.strip())
    for reader in (_clauses, _days, _subjects):
        parts = reader(question, language, kind, gathering)
        if 2 <= len(parts) <= MAX_PARTS:
            return parts
    return []


def question_parts(question: str, language: str, kind: str = "number", gathering: str = ""
                   ) -> tuple[str, ...]:
    """The parts' questions, as `Asked.parts` keeps them."""
    return tuple(p.text for p in read_parts(question, language, kind, gathering))


def asks_total(question: str) -> bool:
    """Whether the question asks for a total of its parts ("tổng cộng", "in all", "add up")."""
    return bool(_TOTAL.search(question))


def _clauses(question: str, language: str, kind: str, gathering: str) -> list[Part]:
    """"A ..., và B ... nào?" / "How ..., and what ...?": two questions each asking its own."""
    for match in _CLAUSE_CUT.finditer(question):
        left, right = question[: match.start()].strip(), question[match.end():].strip()
        if len(left.split()) < 3 or len(right.split()) < 3 or _LEANS.search(right):
            continue
        if language == "en":
            ok = bool(_EN_ASKING.search(left)) and bool(_EN_ASKING.search(right))
        else:
            ok = bool(_VI_ASKING.search(left)) and bool(_VI_ASKING.search(right))
        if ok:
            right = right[0].upper() + right[1:]
            return [Part(_tidy(left), left, "clause"), Part(_tidy(right), right, "clause")]
    return []


def _days(question: str, language: str, kind: str, gathering: str) -> list[Part]:
    """The question once per day of its list or range of days."""
    listed = _day_list(question)
    if listed is None and kind in _RANGE_KINDS and _MEASURE.search(question):
        listed = _day_range(question)
    if listed is None:
        return []
    start, end, days = listed
    if len({(d, m) for d, m, _ in days}) < 2:
        return []
    before = question[:start]
    lead = _PLURAL_LEAD.search(before)
    if lead:
        word = next((g for g in lead.groups() if g), "")
        if lead.group().strip().casefold() == "days":
            before = before[: lead.start()]
        elif language == "en" and lead.group().casefold().startswith("the"):
            before = before[: lead.start()] + f"the {word} of "
        else:
            before = before[: lead.start()] + word + before[lead.end():]
    out = []
    for d, m, y in days:
        written = _written(d, m, y, language)
        text = _tidy(before + written + question[end:])
        out.append(Part(text, written, "day", _date(d, m, y)))
    return out


def _day_list(question: str) -> tuple[int, int, list[tuple[int, int, int | None]]] | None:
    """The first run of two or more days joined by commas and "và/and": (start, end, days)."""
    items = list(_ITEM.finditer(question))
    k = 0
    while k < len(items):
        run = [items[k]]
        while k + len(run) < len(items):
            gap = question[run[-1].end(): items[k + len(run)].start()]
            if not _BETWEEN.fullmatch(gap):
                break
            run.append(items[k + len(run)])
        days = _read_items(run)
        if days is not None and len(days) >= 2:
            return run[0].start(), run[-1].end(), days
        k += len(run)
    return None


def _read_items(run: list[re.Match[str]]) -> list[tuple[int, int, int | None]] | None:
    """The days of a run, bare day numbers taking the month of the next day that names one and
    every day the year of the run's last (a question writes the year once)."""
    read: list[tuple[int, int | None, int | None]] = []
    for item in run:
        g = item.groupdict()
        if g["dm"]:
            read.append((int(g["d1"]), int(g["m1"]), _int(g["y1"])))
        elif g["dt"]:
            read.append((int(g["d4"]), int(g["m4"]), _int(g["y4"])))
        elif g["dn"]:
            read.append((int(g["d2"]), _month(g["n2"]), _int(g["y2"])))
        elif g["nd"]:
            read.append((int(g["d3"]), _month(g["n3"]), _int(g["y3"])))
        else:
            read.append((int(g["bare"]), None, None))
    while read and read[-1][1] is None:  # a bare number after the last day is no day of it
        read.pop()
    if len(read) < 2:
        return None
    years = [y for _, _, y in read if y]
    year = years[-1] if years else None
    out: list[tuple[int, int, int | None]] = []
    month = None
    for d, m, y in reversed(read):
        month = m if m is not None else month
        if month is None or not 1 <= d <= 31 or not 1 <= month <= 12:
            return None
        out.append((d, month, y or year))
    out.reverse()
    return out


def _day_range(question: str) -> tuple[int, int, list[tuple[int, int, int | None]]] | None:
    """A range of two to seven days, one per day."""
    match = _RANGE.search(question)
    if not match:
        return None
    g = match.groupdict()
    if g["a"]:
        a, b, bm, year = int(g["a"]), int(g["b"]), int(g["bm"]), _int(g["y"])
        am = int(g["am"]) if g["am"] else bm
    elif g["ea"]:
        a, b, bm, year = int(g["ea"]), int(g["eb"]), _month(g["ebm"]), _int(g["ey"])
        am = _month(g["eam"]) if g["eam"] else bm
    else:
        a, b, bm, year = int(g["fa"]), int(g["fb"]), _month(g["fbm"]), _int(g["fy"])
        am = bm
    y = year or 2001  # a year only to count the days; the parts keep the question's
    try:
        first = dt.date(y - (1 if am > bm else 0), am, a)
        last = dt.date(y, bm, b)
    except ValueError:
        return None
    if not 1 <= (last - first).days < MAX_RANGE_DAYS:
        return None
    days = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
    return match.start(), match.end(), [(d.day, d.month, d.year if year else None)
                                        for d in days]


def _subjects(question: str, language: str, kind: str, gathering: str) -> list[Part]:
    """The question once per named subject, when it says they are asked about one by one
    ("lần lượt", "each", "mỗi bên", a total) or leads each with the same words ("over Tottenham
    and over Bayern Munich")."""
    if gathering == "list":
        return []
    joint = kind == "description" and not _VALUES.search(question)  # "X và Y tạo thành gì?"
    return ([] if joint else _repeated_lead(question)) or _named_each(question)


def _named_each(question: str) -> list[Part]:
    """"Liverpool và Man City lần lượt thua ...", "did A and B each lose", "A và B mỗi bên ..."."""
    cue = _EACH.search(question) or _TOTAL.search(question)
    if not cue:
        return []
    for conj in _SUBJECT_AND.finditer(question):
        left = _name_before(question, conj.start())
        if left is None:
            continue
        right_end = _name_after(question, conj.end(), cue)
        if right_end is None:
            continue
        # more names before: "A, B và C"
        subjects = [left]
        while True:
            comma = re.search(r",\s*$", question[: subjects[0][0]])
            if not comma:
                break
            more = _name_before(question, comma.start())
            if more is None or not _AFTER_FUNCTION.search(question[: more[0]]):
                break
            subjects.insert(0, more)
        names = [question[s:e].strip() for s, e in subjects] + \
                [question[conj.end(): right_end].strip()]
        start, end = subjects[0][0], right_end
        out = []
        for name in names:
            text = question[:start] + name + question[end:]
            out.append(Part(_tidy(_drop_cue(text)), name, "subject"))
        return out
    return []


def _repeated_lead(question: str) -> list[Part]:
    """"thắng Leeds ở vòng 13 và thắng Fulham ở vòng 14", "over Tottenham and over Bayern
    Munich": the same one to three words lead both subjects."""
    for conj in _LEAD_AND.finditer(question):
        after = question[conj.end():]
        right_words = after.split()
        before = question[: conj.start()]
        for k in (3, 2, 1):
            if len(right_words) <= k:
                continue
            lead = " ".join(right_words[:k])
            if lead.casefold() in _FUNCTION or not lead[:1].islower():
                continue
            at = before.casefold().rfind(lead.casefold() + " ")
            if at < 0 or (at > 0 and before[at - 1].isalnum()):
                continue
            left = before[at + len(lead) + 1:]
            if not left.strip() or len(left.split()) > 6 or not _has_capital(left):
                continue
            right_rest = after[len(" ".join(right_words[:k])):]
            right = _take_words(right_rest, len(left.split()))
            if not _has_capital(right):
                continue
            tail = right_rest[len(right):]
            head = question[:at]
            return [Part(_tidy(_drop_cue(head + lead + " " + left.strip() + tail)),
                         left.strip(), "subject"),
                    Part(_tidy(_drop_cue(head + lead + " " + right.strip() + tail)),
                         right.strip(), "subject")]
    return []


def _take_words(text: str, n: int) -> str:
    """The first n words of text (from its start, spaces kept), and further capitalised words
    that go on a name ("Bayern" + "Munich")."""
    words = list(re.finditer(r"\S+", text))
    if not words:
        return ""
    k = min(n, len(words))
    while k < len(words) and words[k - 1].group()[:1].isupper() and \
            words[k].group()[:1].isupper() and not words[k - 1].group().endswith((",", ")")):
        k += 1
    end = words[k - 1].end()
    chunk = text[:end]
    return chunk.rstrip(",;?")


def _name_before(question: str, end: int) -> tuple[int, int] | None:
    """The named subject ending at `end`: capitalised words, with the small words inside a name
    ("Đoàn phim Mùi phở", "Bank of America") and a question that opens with it."""
    words = list(re.finditer(r"[\w.()'’-]+", question[:end]))
    if not words:
        return None
    k = len(words)
    start = None
    while k > 0:
        word = words[k - 1].group()
        if word[:1].isupper() and word.casefold() not in _FUNCTION:
            start = words[k - 1].start()
        elif word.casefold() in _FUNCTION and word.casefold() not in _NAME_LINKS:
            break
        elif not any(w.group()[:1].isupper() for w in words[: k - 1]
                     if w.start() >= _clause_start(question, words[k - 1].start())):
            break
        k -= 1
        if question[words[k].start() - 2: words[k].start()].strip() in {",", ";", ":"}:
            break
    if start is None:
        return None
    # a name's small words inside it only: trim lower-case words at its start
    while start is not None:
        piece = question[start:end].split()
        if piece and not piece[0][:1].isupper() and not piece[0][:1].isdigit():
            start = start + len(piece[0]) + 1
        else:
            break
    return (start, end) if question[start:end].strip() else None


def _clause_start(question: str, at: int) -> int:
    cut = max(question.rfind(",", 0, at), question.rfind(";", 0, at), question.rfind(":", 0, at))
    return cut + 1


def _name_after(question: str, start: int, cue: re.Match[str] | None) -> int | None:
    """Where the second subject ends: at the cue word that follows it ("Man City lần lượt"), or
    where its capitalised words end."""
    rest = question[start:]
    if cue is not None and cue.start() >= start and len(question[start: cue.start()].split()) <= 8:
        piece = question[start: cue.start()].rstrip()
        if piece and piece[:1].isupper():
            return start + len(piece)
        return None
    words = list(re.finditer(r"[\w.()'’-]+", rest))
    if not words or not words[0].group()[:1].isupper():
        return None
    end = words[0].end()
    for word in words[1:]:
        text = word.group()
        if rest[end: word.start()] != " ":
            break
        if text[:1].isupper() or text.casefold() in _NAME_LINKS or text[:1].isdigit():
            end = word.end()
        else:
            break
    return start + end


def _drop_cue(text: str) -> str:
    """A part asks about one subject: no "lần lượt", "each", "mỗi bên", "tổng cộng", "in all"."""
    text = _EACH.sub("", text)
    text = _DROP_PLUS.sub("", text)
    return _DROP_IN_ALL.sub("", text)


def _has_capital(text: str) -> bool:
    return any(w[:1].isupper() for w in text.split())


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,.?!;:)])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
    text = re.sub(r"^[,;\s]+", "", text)
    if text and not text.endswith(("?", ".", "!")):
        text += "?"
    return text[:1].upper() + text[1:]


def _written(day: int, month: int, year: int | None, language: str) -> str:
    """A day as a question writes it: "25/11/2025" (vi), "25 November 2025" (en)."""
    if language == "vi":
        return f"{day}/{month}" + (f"/{year}" if year else "")
    return f"{day} {_MONTH_NAMES[month]}" + (f" {year}" if year else "")


def _date(day: int, month: int, year: int | None) -> dt.date | None:
    try:
        return dt.date(year, month, day) if year else None
    except ValueError:
        return None


def _month(name: str) -> int:
    return _MONTH_NUMBER[name.casefold().rstrip(".")]


def _int(text: str | None) -> int | None:
    return int(text) if text else None


# -- composing -------------------------------------------------------------------------------------

_MARKER = re.compile(r"\[(\d+)\]")
_NUMBER = re.compile(
    rf"(?P<approx>(?:{alternation((*vi.SHORT_APPROXIMATIONS, *en.SHORT_APPROXIMATIONS))})\s+)?"
    r"(?P<n>\d+(?:[.,]\d+)*)(?P<rest>.*)$", re.I)
_SHORT_SEPARATOR = " — "


def compose(query: Query, parts: list[Part], answers: list[Answer], backend: str,
            retrievals: list[Retrieval] | None = None) -> Answer:
    """One answer from the parts' answers (in the parts' order; day parts by date). With the
    parts' `retrievals`, a day part whose answer quotes only reports of other days (a name or a
    description, which the answerer does not hold to the day) is said to be missing too."""
    language = query.language
    asked_parts = None
    if retrievals is not None:
        answers = [_declined(a) if p.role == "day" and off_day(a, r) else a
                   for p, a, r in zip(parts, answers, retrievals)]
        asked_parts = [r.query.asked for r in retrievals]
    pairs = list(zip(parts, answers))
    days = [a.time_filter.since if a.time_filter and a.time_filter.since == a.time_filter.until
            else None for _, a in pairs]
    if all(p.role == "day" for p in parts) and all(days):
        order = sorted(range(len(pairs)), key=lambda k: days[k] or "")
        pairs, days = [pairs[k] for k in order], [days[k] for k in order]
    citations: list[Citation] = []
    where: dict[tuple[str, int, int], int] = {}
    lines: list[str] = []
    shorts: list[tuple[ShortAnswer | None, Answer]] = []
    for part, answer in pairs:
        label = _label(part, answer, language)
        if answer.abstained or not answer.citations:
            lines.append(f"{label}: {_missing(part, answer, language)}")
            shorts.append((None, answer))
            continue
        renumber: dict[int, int] = {}
        for c in answer.citations:
            key = (c.file, c.start, c.end)
            if key not in where:
                where[key] = len(citations) + 1
                citations.append(replace(c, n=where[key]))
            renumber[c.n] = where[key]
        text = _MARKER.sub(lambda m: f"[{renumber.get(int(m.group(1)), int(m.group(1)))}]",
                           answer.text)
        lines.append(f"{label}: {text}")
        short = answer.short_answer
        if short is None and asked_parts is not None:
            short = _figure_in_quote(answer, asked_parts[parts.index(part)], language)
        shorts.append((replace(short, citation=renumber.get(short.citation, short.citation))
                       if short else None, answer))
    total_line, total = (_total(shorts, language) if asks_total(query.question)
                         else ("", None))
    series = _series(parts, pairs, shorts, days)
    answered = [a for _, a in pairs if not a.abstained and a.citations]
    text = "\n".join(([total_line] if total_line else []) + lines)
    warnings = tuple(dict.fromkeys(w for _, a in pairs for w in a.warnings))
    unsupported = tuple(dict.fromkeys(u for _, a in pairs for u in a.unsupported))
    retrieved = tuple(dict.fromkeys(f for _, a in pairs for f in a.retrieved))
    confidences = [a.confidence for a in answered]
    return Answer(
        text=text,
        citations=tuple(citations),
        abstained=not answered,
        retrieved=retrieved,
        backend=backend,
        warnings=warnings,
        time_filter=query.time,
        short_answer=total,
        unsupported=unsupported,
        confidence=(min(confidences) if confidences and None not in confidences else None),
        series=series,
        parts=tuple(part.text for part, _ in pairs),
    )


def off_day(answer: Answer, retrieval: Retrieval) -> bool:
    """Whether an answer to a question about one day quotes only reports that do not fit that
    day (`Hit.time_fit` under DAY_FIT: not published on it or in the two days after, nor naming
    it); False for a decline or a question without one day."""
    from .days import DAY_FIT, item_time_fit  # the answerer's rule (late: days reads Asked)

    if answer.abstained or not answer.citations:
        return False
    short = answer.short_answer
    cited = answer.citations[short.citation - 1] if short and \
        0 < short.citation <= len(answer.citations) else answer.citations[0]
    fit = item_time_fit(retrieval, cited.file)
    return fit is not None and fit < DAY_FIT


def _figure_in_quote(answer: Answer, asked: Asked | None, language: str) -> ShortAnswer | None:
    """For a total or a series, the figure a part's answer quotes when the answerer put none
    first: the candidate of its first quote that stands out among that quote's figures (as a
    short answer must, `spans.stands_out`), cut from the quote with the file's offsets."""
    if asked is None or asked.kind != "number" or not answer.citations:
        return None
    quote = answer.citations[0]
    found = number_candidates(quote.quote, quote.lang or language, asked, quote.date)
    if not found:
        return None
    best = max(found, key=lambda c: c.score)
    if not stands_out(best, found, asked, (quote.lang or language) != asked.language):
        return None
    return ShortAnswer(best.text, quote.n, quote.start + best.start, quote.start + best.end)


def _declined(answer: Answer) -> Answer:
    return replace(answer, abstained=True, citations=(), short_answer=None)


def _label(part: Part, answer: Answer, language: str) -> str:
    if part.role == "day" and answer.time_filter and answer.time_filter.since and \
            answer.time_filter.since == answer.time_filter.until:
        day = dt.date.fromisoformat(answer.time_filter.since)
        return _written(day.day, day.month, day.year, language)
    return part.label.rstrip(" ?")


def _missing(part: Part, answer: Answer, language: str) -> str:
    """What is said of a part no report answers: that it is missing, never a neighbour's value."""
    if part.role == "day":
        day = _label(part, answer, language)
        return (f"Không bài nào nêu điều được hỏi vào ngày {day}." if language == "vi"
                else f"No report gives what was asked for on {day}.")
    if part.role == "subject":
        return (f"Không bài nào nêu điều được hỏi về {part.label}." if language == "vi"
                else f"No report gives what was asked about {part.label}.")
    return ("Không bài nào trả lời phần này." if language == "vi"
            else "No report answers this part.")


def number_of(text: str) -> tuple[float, str, bool] | None:
    """A short answer's figure: (value, what follows it, approximate); "1.250 ca" -> 1250,
    "154,8 triệu đồng" -> 154.8, "62,9 USD/ounce" -> 62.9; None for a range or no figure."""
    match = _NUMBER.match(text.strip())
    if not match or re.search(r"\d\s*[-–]\s*\d", match["n"] + match["rest"][:3]):
        return None
    raw = match["n"]
    if "." in raw and "," in raw:
        raw = raw.replace(".", "").replace(",", ".") if raw.rfind(",") > raw.rfind(".") \
            else raw.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
        raw = raw.replace(".", "").replace(",", "")
    else:
        raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return None
    return value, match["rest"].strip(), bool(match["approx"])


def _figure(value: float, language: str) -> str:
    """A figure as the question's language writes it: 2.080 / 154,8 (vi), 2,080 / 154.8 (en)."""
    whole = f"{value:,.2f}".rstrip("0").rstrip(".")
    if language == "vi":
        whole = whole.replace(",", "§").replace(".", ",").replace("§", ".")
    return whole


def _total(shorts: list[tuple[ShortAnswer | None, Answer]], language: str
           ) -> tuple[str, ShortAnswer | None]:
    """The total of the parts' cited figures with its arithmetic ("1.250 + 830 = 2.080 ca
    [1][2]"), when every part gave one in the same unit; else a line saying why there is none."""
    if any(a.abstained or not a.citations for _, a in shorts):
        return ("Không tính được tổng: có phần không bài nào nêu." if language == "vi"
                else "No total: a part is missing from the reports."), None
    read = [(s, number_of(s.text)) if s else (None, None) for s, _ in shorts]
    if any(n is None for _, n in read) or _unit([n[1] for _, n in read if n]) is None:
        return ("Không tính được tổng: không phải phần nào cũng nêu một con số cùng đơn vị."
                if language == "vi" else
                "No total: not every part gives one figure in the same unit."), None
    values = [n for _, n in read if n]
    total = sum(v for v, _, _ in values)
    unit = _unit([u for _, u, _ in values]) or ""
    approx = any(a for _, _, a in values)
    shown = f"{_figure(total, language)} {unit}".strip()
    if approx:
        shown = ("khoảng " if language == "vi" else "about ") + shown
    sums = " + ".join(s.text for s, _ in read if s) if approx else \
        " + ".join(_figure(v, language) for v, _, _ in values)
    arithmetic = f"{sums} = {shown}"
    markers = "".join(f"[{s.citation}]" for s, _ in read if s)
    word = "Tổng cộng" if language == "vi" else "In all"
    first = read[0][0]
    assert first is not None
    short = ShortAnswer(shown, first.citation, first.start, first.end, arithmetic=arithmetic)
    return f"{word}: {arithmetic} {markers}", short


def _series(parts: list[Part], pairs: list[tuple[Part, Answer]],
            shorts: list[tuple[ShortAnswer | None, Answer]], days: list[str | None]
            ) -> tuple[SeriesPoint, ...]:
    """The values of one measure on several days: every day part's date, figure and unit (None
    where no report gives it), when the days that have a figure have it in one unit."""
    if not all(p.role == "day" for p, _ in pairs) or not all(days):
        return ()
    points = []
    for (short, _), day in zip(shorts, days):
        read = number_of(short.text) if short else None
        points.append(SeriesPoint(
            date=day or "", value=read[0] if read else None, text=short.text if short else "",
            unit=read[1] if read else "", citation=short.citation if short else None))
    valued = [p for p in points if p.value is not None]
    unit = _unit([p.unit for p in valued])
    if not valued or len(points) < 2 or unit is None:
        return ()
    return tuple(replace(p, unit=unit) if p.value is not None else p for p in points)


def _unit(units: list[str]) -> str | None:
    """The one unit of several figures, the longest way it is written ("triệu" and "triệu đồng"
    are one: the press drops the currency), or None when they differ."""
    if not units:
        return None
    longest = max(units, key=len)
    folded = longest.casefold()
    if all(folded == u.casefold() or folded.startswith(u.casefold() + " ") for u in units):
        return longest
    return None
