"""Gold question files (JSONL) for the evaluation harness, validated line by line."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import GoldFormatError, NewsragError

_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "question": str,
    "lang": str,
    "answerable": bool,
    "answers": list,
    "sources": list,
    "dates": list,
}


@dataclass(frozen=True)
class GoldQuestion:
    """One gold question: acceptable answers (any counts) and the files that hold them."""

    id: str
    question: str
    lang: str
    answerable: bool
    answers: tuple[str, ...]
    sources: tuple[str, ...]
    dates: tuple[str, ...]
    kind: str = ""  # the optional `type`: fact, cross, time, story, count, unanswerable, ...

    @property
    def needs_every_answer(self) -> bool:
        """A count/list question is right only when it names every item."""
        return self.kind == "count"


def load_gold(path: str | Path) -> list[GoldQuestion]:
    """Every question of a gold JSONL file; the first malformed line raises, nothing runs."""
    path = Path(path)
    try:
        # JSON Lines ends lines at \n only: a JSON string may hold U+2028 and other characters
        # that str.splitlines() would also break at
        lines = path.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:
        raise NewsragError(f"gold file not found: {path}")
    except UnicodeDecodeError:
        raise GoldFormatError(f"{path}: not UTF-8 text")
    except OSError as exc:
        raise NewsragError(f"gold file {path} cannot be read ({exc.strerror or exc})")
    questions: list[GoldQuestion] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if line.strip():
            question = _parse_line(path, number, line)
            if question.id in seen:
                raise GoldFormatError(f"{path}:{number}: field 'id': duplicate id {question.id!r}")
            seen.add(question.id)
            questions.append(question)
    if not questions:
        raise GoldFormatError(f"{path}: no questions")
    return questions


def _parse_line(path: Path, number: int, line: str) -> GoldQuestion:
    where = f"{path}:{number}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GoldFormatError(f"{where}: not valid JSON ({exc.msg})")
    except RecursionError:
        raise GoldFormatError(f"{where}: JSON nested too deeply")
    if not isinstance(row, dict):
        raise GoldFormatError(f"{where}: expected a JSON object")
    for name, kind in _FIELDS.items():
        if name not in row:
            raise GoldFormatError(f"{where}: missing field {name!r}")
        if not isinstance(row[name], kind):
            raise GoldFormatError(f"{where}: field {name!r} must be {kind.__name__}")
    for name in ("answers", "sources", "dates"):
        if not all(isinstance(item, str) for item in row[name]):
            raise GoldFormatError(f"{where}: field {name!r} must be a list of strings")
    if row["lang"] not in ("vi", "en"):
        raise GoldFormatError(f"{where}: field 'lang' must be 'vi' or 'en'")
    if not row["question"].strip():
        raise GoldFormatError(f"{where}: field 'question' is empty")
    if row["answerable"] and not (row["answers"] and row["sources"]):
        raise GoldFormatError(f"{where}: field 'answers'/'sources' empty on an answerable question")
    if not isinstance(row.get("type", ""), str):
        raise GoldFormatError(f"{where}: field 'type' must be str")
    for date in row["dates"]:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise GoldFormatError(f"{where}: field 'dates': {date!r} is not YYYY-MM-DD")
    return GoldQuestion(
        id=row["id"], question=row["question"], lang=row["lang"], answerable=row["answerable"],
        answers=tuple(row["answers"]), sources=tuple(row["sources"]), dates=tuple(row["dates"]),
        kind=row.get("type", ""),
    )
