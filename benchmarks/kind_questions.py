"""Questions of three kinds the gold sets hold too few of, generated from a news folder: ranks
("đợt xả thứ mấy", "khóa mấy"), places or bodies named by their kind ("bệnh viện nào",
"trường nào") and people counted by another noun than "người" ("bao nhiêu người" answered by
"17 thanh thiếu niên"). The rules of `rag/answer` for them were measured on these (see the
CHANGELOG), as `rag/evaluate/generated.py`'s questions measure figures.

Each question is an item's sentence around the rank or name, that part asked ("Huỳnh Như lần
thứ mấy dự SEA Games?"), after the story as its headline tells it; a third open with the
item's day. The gold cites every item stating the answer; a question is dropped when more
than three items state it or when the question itself holds the answer's figure or first word.
Nothing of the items is kept in the repository: the gold files are written where you say.

Usage: .venv/bin/python benchmarks/kind_questions.py ../shared/corpus/vnnews-dev OUT_DIR
then `newsrag eval --corpus ... --gold OUT_DIR/ranks.jsonl [--counterfactual]` (and
`OUT_DIR/named_by_kind.jsonl`, `OUT_DIR/people_counted.jsonl`).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from rag.evaluate.metrics import normalise

MAX_STATING = 3
_HEADER = re.compile(r"^\s*date (\d{4})-(\d{2})-(\d{2})\s+")
# "<noun> thứ 6", "đợt 8", "khóa XVIII"
_RANKED = re.compile(r"(?<![\w.,])(?P<noun>[^\W\d_]+) (?P<thu>thứ )?"
                     r"(?P<n>\d+(?:\.\d+)?|[IVXLC]{1,7}\b)(?![\w.,]\d)")
_NOT_RANKED = {"tối", "sáng", "chiều", "vào", "đêm", "trưa", "hôm", "từ", "đến", "và", "các",
               "là", "thứ"}  # "tối thứ 7" is a weekday
_BARE = {"đợt", "lần", "kỳ", "ngày", "khóa", "phiên"}  # ranks written without "thứ"
_WITHOUT_THU = {"đợt", "lần", "kỳ", "khóa", "phiên"}  # ... and asked without it
_KINDS = ["bệnh viện", "trường", "khách sạn", "nhà hát", "tiệm vàng", "học viện", "nhà hàng",
          "ngân hàng", "công ty"]
_NOT_KIND = ("đồng", "Tổng", "tổng", "thị", "Thị", "Quảng", "quảng", "môi", "Môi", "chiến",
             "hiện", "lập", "sân", "ngôi")  # "thị trường", "đồng đội" are no school, no team
# nouns news counts people with, other than "người" (and "dân", "cư dân", its unit group): the
# kind's definition, kept apart from `vi.PEOPLE_COUNTED`, the rule measured on it, so that a noun
# added to the rule does not add the questions it answers
_PEOPLE = ["thanh thiếu niên", "thiếu niên", "thanh niên", "bị can", "bị cáo", "nghi phạm",
           "đối tượng", "học sinh", "du học sinh", "sinh viên", "học viên", "công nhân", "ngư dân",
           "du khách", "hành khách", "khách", "bệnh nhân", "nạn nhân", "trẻ em", "em", "cháu",
           "cán bộ", "chiến sĩ", "binh sĩ", "lính", "lao động", "thí sinh", "đại biểu", "cầu thủ",
           "vận động viên", "giáo viên", "bác sĩ", "y bác sĩ", "cảnh sát", "phụ nữ", "thuyền viên",
           "nhân viên", "tình nguyện viên", "phạm nhân", "tù nhân", "con tin", "thương binh"]
_PEOPLE_COUNT = re.compile(r"(?<![\w.,])(?P<n>\d{1,3}(?:\.\d{3})*|\d+) (?P<noun>"
                           + "|".join(sorted(_PEOPLE, key=len, reverse=True)) + r")(?!\w)")
_NAME = (r"(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\w.&'-]*)"
         r"(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈÍÌÓÒÚÙÝ0-9][\w.&'-]*){0,5}")
_NAMED = re.compile("".join(f"(?<!{w} )" for w in _NOT_KIND) + r"(?<![\w-])(?P<kind>"
                    + "|".join(k for kind in _KINDS for k in (kind, kind[0].upper() + kind[1:]))
                    + rf")\s+(?P<name>{_NAME})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    texts = {p.relative_to(args.corpus).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(args.corpus.rglob("*.txt"))}
    normalised = {file: normalise(text) for file, text in texts.items()}
    args.out.mkdir(parents=True, exist_ok=True)
    for name, questions in (("ranks", rank_questions(texts, normalised)),
                            ("named_by_kind", named_questions(texts, normalised)),
                            ("people_counted", people_questions(texts, normalised))):
        path = args.out / f"{name}.jsonl"
        path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions),
                        encoding="utf-8")
        print(f"{len(questions)} questions written to {path}")


def rank_questions(texts: dict[str, str], normalised: dict[str, str]) -> list[dict]:
    """One question per item holding a rank, in file order."""
    rng, found = random.Random(7), []
    for file, text in texts.items():
        golds = (_gold(f"rank{len(found) + 1:03d}", _dated(asked, day, rng), [answer, figure],
                       file, day, normalised)
                 for story, sentence, headline, day in _sentences(text)
                 for asked, answer, figure in _rank_questions(story, sentence, headline, rng))
        gold = next((g for g in golds if g), None)
        if gold:
            found.append(gold)
    return found


def named_questions(texts: dict[str, str], normalised: dict[str, str]) -> list[dict]:
    """Up to 120 questions, one per item naming a place or body by its kind, in a seeded order."""
    (rng, order), found = _seeded_order(texts, 11), []
    for file in order:
        if len(found) >= 120:
            break
        sentences = list(_sentences(texts[file]))
        if not sentences:
            continue
        story, day = sentences[0][0], sentences[0][3]
        named = [(s, m) for _, s, headline, _ in sentences if not headline
                 for m in _NAMED.finditer(s) if len(m["name"]) > 2]
        if not named:
            continue
        sentence, match = rng.choice(named)
        name, tail = match["name"].rstrip(".,;:"), sentence[match.end():].split()[:3]
        if name.lower() in story.lower() or (
                tail and tail[0][0].islower() and any(w[0].isupper() for w in tail[1:])):
            continue  # the headline gives it away, or the name runs on in lower case
        before = " ".join(sentence[: match.start()].split()[-6:])
        after = " ".join(sentence[match.end():].split(",")[0].split()[:4])
        asked = _question(f"{story}: {before} {match['kind'].lower()} nào {after}")
        if len(asked.split()) < 8 or name.split()[0].lower() in asked.lower():
            continue
        gold = _gold(f"org{len(found) + 1:03d}", _dated(asked, day, rng),
                     [name, f"{match['kind']} {name}"], file, day, normalised)
        if gold:
            found.append(gold)
    return found


def people_questions(texts: dict[str, str], normalised: dict[str, str]) -> list[dict]:
    """Up to 120 questions "bao nhiêu người", one per item counting people by another noun, in a
    seeded order."""
    (rng, order), found = _seeded_order(texts, 13), []
    for file in order:
        if len(found) >= 120:
            break
        counts = [(story, sentence, headline, day, m)
                  for story, sentence, headline, day in _sentences(texts[file])
                  for m in _PEOPLE_COUNT.finditer(sentence)]
        if not counts:
            continue
        story, sentence, headline, day, match = rng.choice(counts)
        asked = _asked_in(story, sentence, headline, match, "bao nhiêu người", (6, 4))
        if len(asked.split()) < 7 or _holds_figure(asked, match["n"]):
            continue
        gold = _gold(f"people{len(found) + 1:03d}", _dated(asked, day, rng),
                     [f"{match['n']} {match['noun']}", match["n"]], file, day, normalised)
        if gold:
            found.append(gold)
    return found


def _seeded_order(texts: dict[str, str], seed: int) -> tuple[random.Random, list[str]]:
    """The files in an order drawn with `seed`, and the generator that drew it (drawn on next)."""
    rng, order = random.Random(seed), list(texts)
    rng.shuffle(order)
    return rng, order


def _sentences(text: str) -> Iterator[tuple[str, str, bool, str]]:
    """(story, sentence, whether it is the headline, the item's day) for each of the item's
    sentences, the headline first."""
    header = _HEADER.match(text)
    if header is None:
        return
    day = "-".join(header.groups())
    headline, _, summary = text[header.end():].partition("\n")
    story = re.split(r"[:|]", headline)[0].strip()
    yield story, headline, True, day
    for sentence in re.split(r"(?<=[.!?])\s+", summary.strip()):
        yield story, sentence, False, day


def _rank_questions(story: str, sentence: str, headline: bool, rng: random.Random
                    ) -> Iterator[tuple[str, str, str]]:
    """(question, answer, the rank's figure) for each rank of a sentence, lazily: each draws
    on `rng`."""
    for match in _RANKED.finditer(sentence):
        noun, figure = match["noun"], match["n"]
        bare = noun.lower() in _BARE
        if noun.lower() in _NOT_RANKED or not (match["thu"] or bare):
            continue
        if noun.lower() == "ngày" and not re.fullmatch(r"\d\.\d{3}", figure):
            continue  # "ngày 20.12" is a date, "ngày 1.368" of a war a rank
        if re.fullmatch(r"(?:19|20)\d\d", figure) or (
                re.fullmatch(r"[IVXLC]+", figure) and not (match["thu"] or bare)):
            continue
        word = rng.choice(["mấy", "bao nhiêu"])
        rank = (f"{noun} {word}" if noun.lower() in _WITHOUT_THU and rng.random() >= 0.5
                else f"{noun} thứ {word}")
        asked = _asked_in(story, sentence, headline, match, rank, (5, 3))
        if len(asked.split()) < 7 or _holds_figure(asked, figure):
            continue
        yield asked, f"{noun} {match['thu'] or ''}{figure}".replace("  ", " "), figure


def _asked_in(story: str, sentence: str, headline: bool, match: re.Match[str], asking: str,
              window: tuple[int, int]) -> str:
    """The question asking what `match` holds: a headline with the match replaced by `asking`,
    a summary sentence as the story, then the words around it (`window`: how many before, and
    after up to a comma)."""
    if headline:
        return _question(f"{sentence[: match.start()]}{asking}{sentence[match.end():]}")
    before = " ".join(sentence[: match.start()].split()[-window[0]:])
    after = " ".join(sentence[match.end():].split(",")[0].split()[: window[1]])
    return _question(f"{story}: {before} {asking} {after}")


def _holds_figure(asked: str, figure: str) -> bool:
    return bool(re.search(rf"(?<![\d.,]){re.escape(figure)}(?!\d)", asked))


def _question(text: str) -> str:
    return text.strip().rstrip(" .!?:;,") + "?"


def _dated(asked: str, day: str, rng: random.Random) -> str:
    """A third of the questions open with the item's day, which brings the day rules in."""
    if rng.random() >= 1 / 3:
        return asked
    _, month, date = (int(part) for part in day.split("-"))
    opening = asked[0].lower() if asked[1:2].islower() else asked[0]
    return f"Ngày {date}/{month}, {opening}{asked[1:]}"


def _gold(id_: str, asked: str, answers: list[str], file: str, day: str,
          normalised: dict[str, str]) -> dict | None:
    """The gold record, citing every item that states the first answer; None when the item
    itself does not, or more than MAX_STATING do."""
    stating = [f for f, text in normalised.items() if normalise(answers[0]) in text]
    if file not in stating or len(stating) > MAX_STATING:
        return None
    return {"id": id_, "lang": "vi", "type": "fact", "question": asked, "answerable": True,
            "answers": answers, "sources": stating, "dates": [day]}


if __name__ == "__main__":
    main()
