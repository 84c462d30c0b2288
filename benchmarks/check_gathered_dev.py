"""Check a gold file's answer strings against its sources (issue 26's dev set).

Every answer must appear in at least one of the question's sources and every source must hold
at least one answer (whole tokens after NFC and case folding, as the eval matches answers); each
date must be its source's folder (the publication day). Exits 1 naming every failure.

    .venv/bin/python benchmarks/check_gathered_dev.py data/gathered_dev.jsonl \
        ../shared/corpus/vnnews-dev
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

TYPES = {"series", "both", "list", "total", "two_part"}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).casefold())


def holds(text: str, answer: str) -> bool:
    """Whole-token containment: '4 tờ' is not inside '14 tờ', '146' not inside '146.000'."""
    pattern = r"(?<![\w.,])" + re.escape(norm(answer)) + r"(?![\w]|[.,]\d)"
    return re.search(pattern, norm(text)) is not None


def check(gold: Path, corpus: Path) -> list[str]:
    problems = []
    ids = set()
    for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        where = f"line {n} ({row.get('id')})"
        if row["id"] in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(row["id"])
        if row["type"] not in TYPES:
            problems.append(f"{where}: type {row['type']!r}")
        if row["question"] != unicodedata.normalize("NFC", row["question"]):
            problems.append(f"{where}: question not NFC")
        if len(row["dates"]) != len(row["sources"]):
            problems.append(f"{where}: dates and sources differ in length")
        texts = {}
        for source, date in zip(row["sources"], row["dates"]):
            path = corpus / source
            if not path.is_file():
                problems.append(f"{where}: no source {source}")
                continue
            texts[source] = path.read_text(encoding="utf-8")
            header = re.match(r"\s*date (\d{4}-\d{2}-\d{2})", texts[source])
            if not header or header[1] != date or not source.startswith(date):
                problems.append(f"{where}: date {date} is not {source}'s")
        for answer in row["answers"]:
            if answer != unicodedata.normalize("NFC", answer):
                problems.append(f"{where}: answer {answer!r} not NFC")
            if not any(holds(t, answer) for t in texts.values()):
                problems.append(f"{where}: no source holds {answer!r}")
        for source, text in texts.items():
            if not any(holds(text, a) for a in row["answers"]):
                problems.append(f"{where}: {source} holds no answer")
    return problems


if __name__ == "__main__":
    found = check(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(found) or "every answer is in its sources")
    sys.exit(1 if found else 0)
