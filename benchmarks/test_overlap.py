"""How many question strings in a test file are (near) copies of a dev or gold question.

Issue 25 item 6: tests of the answerer should state the behaviour of a kind in
phrasings of their own, not in the words of the questions the rules are measured on.

Definition used here:

* A test file's *question strings* are the first element of every row (a tuple or
  a ``pytest.param``) of a ``pytest.mark.parametrize`` table whose first argument
  name starts with ``question``, and every string assigned to a variable named
  ``question``.
* A question's *content words* are its word tokens (``\\w+`` after Unicode NFC and
  lower-casing; Vietnamese syllables count as words), less a small stop list of
  English and Vietnamese function and question words (``STOP`` below).
* A test question *overlaps* a gold question when at least half of the test
  question's distinct content words (``--share``, default 0.5) appear among the
  content words of that one gold question, and at least two of them do
  (``--least``, default 2; a one-word question such as "Who won?" copies nothing).
* The gold questions: ``../shared/corpus/vnnews-dev-gold.jsonl``, the XQuAD dev
  files ``../shared/benchmarks/xquad/dev.*.jsonl``, ``data/gold_qa.jsonl`` and
  ``data/gold_variants.jsonl`` (field ``question``); missing files are skipped.

Usage: python benchmarks/test_overlap.py [tests/test_kinds.py ...] [-v]
Prints the count of overlapping question strings per file; ``-v`` lists each one
with the gold question it copies.
"""

from __future__ import annotations

import argparse
import ast
import glob
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = [
    str(SHARED / "corpus" / "vnnews-dev-gold.jsonl"),
    str(SHARED / "benchmarks" / "xquad" / "dev.*.jsonl"),
    str(ROOT / "data" / "gold_qa.jsonl"),
    str(ROOT / "data" / "gold_variants.jsonl"),
]

STOP = set(
    # English function and question words
    "a an the of in on at to for from by with and or is are was were be been has have had "
    "do does did what which who whom whose when where why how many much it its this that "
    "these those their there as into than"
    .split()
    # Vietnamese function and question syllables
    + "là của có được đã và các những một ở tại với cho trong ra vào thì mà này đó nào gì "
    "ai đâu bao nhiêu khi mấy sao thế không bị về từ theo như nhà người"
    .split()
)
WORD = re.compile(r"\w+")


def content_words(text: str) -> set[str]:
    text = unicodedata.normalize("NFC", text).lower()
    return {w for w in WORD.findall(text) if w not in STOP and w != "_"}


def gold_questions(patterns=GOLD) -> list[tuple[str, set[str]]]:
    seen: dict[str, set[str]] = {}
    for pattern in patterns:
        for name in sorted(glob.glob(pattern)):
            with open(name, encoding="utf-8") as lines:
                for line in lines:
                    if line.strip():
                        q = json.loads(line).get("question", "")
                        if q and q not in seen:
                            seen[q] = content_words(q)
    return list(seen.items())


def question_strings(path: str) -> list[tuple[int, str]]:
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "parametrize":
            names = node.args[0] if node.args else None
            if not (isinstance(names, ast.Constant) and isinstance(names.value, str)):
                continue
            if not names.value.split(",")[0].strip().startswith("question"):
                continue
            rows = node.args[1] if len(node.args) > 1 else None
            for row in getattr(rows, "elts", []):
                if isinstance(row, ast.Call) and getattr(row.func, "attr", "") == "param":
                    row = row.args[0] if row.args else row  # pytest.param(question, ...)
                first = row.elts[0] if isinstance(row, ast.Tuple) else row
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append((first.lineno, first.value))
        elif isinstance(node, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == "question" for t in node.targets):
                if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                    found.append((node.value.lineno, node.value.value))
    return sorted(found)


def overlap(question: str, gold, share: float = 0.5, least: int = 2):
    """The gold question sharing most of the question's content words, or None."""
    words = content_words(question)
    if not words:
        return None
    best = None
    for text, gold_words in gold:
        common = len(words & gold_words)
        if common >= least and common / len(words) >= share:
            if best is None or common / len(words) > best[1]:
                best = (text, common / len(words))
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", default=[str(ROOT / "tests" / "test_kinds.py")])
    parser.add_argument("--share", type=float, default=0.5)
    parser.add_argument("--least", type=int, default=2)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    gold = gold_questions()
    for path in args.files:
        questions = question_strings(path)
        hits = []
        for line, q in questions:
            best = overlap(q, gold, args.share, args.least)
            if best:
                hits.append((line, q, best))
        print(f"{path}: {len(hits)} of {len(questions)} question strings share "
              f">= {args.share:.0%} of their content words with one of {len(gold)} "
              f"dev/gold questions")
        if args.verbose:
            for line, q, (text, frac) in hits:
                print(f"  line {line} ({frac:.0%}): {q!r}\n      ~ {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
