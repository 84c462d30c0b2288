"""Questions generated from a news folder: many news cases of one kind (a figure an item
reports), on which the answer confidence is measured, beside the few dozen written by hand.

Each generated question asks for a figure an item reports: the story as its headline tells it,
then the words around the figure in its summary, the figure replaced by "bao nhiêu" ("Vietjet
hoàn thành cập nhật phần mềm ... trước thời hạn: hãng đã hoàn tất cập nhật bao nhiêu tàu bay
Airbus A320/A321?"); as in questions people write, the question's words are only partly the
answer sentence's. A headline's own figure is asked in the headline's words. A third of them
open with the item's day ("Ngày 30/11, ..."), which brings the day rules in. The gold cites every
item that states the figure, so its counterfactual (those items removed) is one where no item
holds the answer. Figures stated by more than a few items ("2 người") are too common to tell a
right answer from a lucky one and are left out. Generation is deterministic (a seeded sample of
the items); nothing of the items is kept in the repository: the questions are written next to
the index, and only their features reach the training table.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from ..text.lexicon import alternation, vi
from .metrics import normalise, tokens

GENERATED = "generated"  # the questions' type in the gold file and the training table
QUESTIONS = 400  # questions asked of a folder: enough to fit on, a few minutes to answer
MAX_STATING = 3  # a figure more items state than this is too common to be an answer
MIN_WORDS = 8  # a shorter question names too little to be asked of a whole folder
WINDOW_BEFORE, WINDOW_AFTER = 5, 3  # words of the summary kept around the figure asked
_NOT_ASKED_UNITS = {"tháng", "ngày", "giờ"}  # "23 tháng 11" and "22 giờ" are dates and times
_UNITS = alternation({*(vi.WHOLE_UNITS - _NOT_ASKED_UNITS), *vi.TWO_SYLLABLE_UNITS, "%", "USD",
                      "km", "ha", "MW", "đồng",
                      *(f"{m} {c}" for m in vi.MAGNITUDES for c in ("đồng", "USD"))})
_FIGURE = re.compile(rf"(?<![\w.,/-])(?P<number>\d+(?:[.,]\d+)*)\s?(?P<unit>{_UNITS})(?!\w)")
_HEADER = re.compile(r"^\s*date (\d{4})-(\d{2})-(\d{2})\s+")


def generated_questions(corpus: Path, count: int = QUESTIONS, seed: int = 0) -> list[dict]:
    """Up to `count` gold questions (the gold file's fields) asking for figures of the items."""
    files = sorted(corpus.rglob("*.txt"))
    texts = {p.relative_to(corpus).as_posix(): p.read_text(encoding="utf-8") for p in files}
    normalised = {file: normalise(text) for file, text in texts.items()}
    bags = {file: tokens(text) for file, text in texts.items()}
    rng = random.Random(seed)
    order = sorted(texts)
    rng.shuffle(order)
    questions: list[dict] = []
    for file in order:
        if len(questions) >= count:
            break
        question = _question_of(texts[file], rng)
        if question is None:
            continue
        asked, answer, date = question
        wanted = tokens(answer)
        stating = [f for f, bag in bags.items()
                   if wanted and wanted[0] in normalised[f] and _holds(bag, wanted)]
        if file not in stating or len(stating) > MAX_STATING:
            continue
        questions.append({"id": f"gen{len(questions) + 1:03d}", "lang": "vi", "type": GENERATED,
                          "question": asked, "answerable": True, "answers": [answer],
                          "sources": sorted(stating), "dates": [date]})
    return questions


def write_generated_gold(corpus: Path, path: Path, count: int = QUESTIONS) -> Path:
    """The generated questions as a gold file (JSON Lines) at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(q, ensure_ascii=False) for q in generated_questions(corpus, count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _question_of(text: str, rng: random.Random) -> tuple[str, str, str] | None:
    """(question, answer, the item's date) for one figure of the item, or None."""
    header = _HEADER.match(text)
    if header is None:
        return None
    year, month, day = header.groups()
    body = text[header.end():]
    headline, _, summary = body.partition("\n")
    sentences = re.split(r"(?<=[.!?])\s+", summary.strip())
    found = [(s, m) for s in sentences for m in _FIGURE.finditer(s)]
    if found:  # the story told by its headline, the figure asked in the summary's words
        sentence, figure = rng.choice(found)
        before = sentence[: figure.start()].split()[-WINDOW_BEFORE:]
        after = sentence[figure.end():].split(",")[0].split()[:WINDOW_AFTER]
        story = re.split(r"[:|]", headline)[0].strip()
        asked = f"{story}: {' '.join(before)} bao nhiêu {figure['unit']} {' '.join(after)}"
    else:  # a figure of the headline, asked in its words
        figure = next(_FIGURE.finditer(headline), None)
        if figure is None:
            return None
        asked = f"{headline[: figure.start()]}bao nhiêu {figure['unit']}{headline[figure.end():]}"
    asked = asked.strip().rstrip(" .!?:;,") + "?"
    if len(asked.split()) < MIN_WORDS or _FIGURE.search(asked):
        return None  # too short, or a second figure would tell the answer apart by itself
    if rng.random() < 1 / 3:
        opening = asked[0].lower() if asked[1:2].islower() else asked[0]  # "UBND" stays
        asked = f"Ngày {int(day)}/{int(month)}, {opening}{asked[1:]}"
    return asked, figure.group(0), f"{year}-{month}-{day}"


def _holds(bag: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return bool(n) and any(bag[i:i + n] == wanted for i in range(len(bag) - n + 1))
