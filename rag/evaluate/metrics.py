"""Evaluation metrics as pure functions over answers and gold questions (no LLM judge needed)."""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence

import numpy as np

_EN_NUMBERS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "hundred": "100",
}
_VI_NUMBERS = {
    "một": "1", "hai": "2", "ba": "3", "bốn": "4", "năm": "5", "sáu": "6",
    "bảy": "7", "tám": "8", "chín": "9", "mười": "10",
}
_WORD = re.compile(r"\w+")
_COMPOUND = re.compile(
    r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
    r"(one|two|three|four|five|six|seven|eight|nine)\b"
)


def normalise(text: str) -> str:
    """NFC, case-folded, white space collapsed, number words written as digits.

    Vietnamese number words double as ordinary words ("năm" is also "year"), so only English
    number words are rewritten inside running text; a whole answer that is one number word is too.
    """
    text = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    if text in _VI_NUMBERS:
        return _VI_NUMBERS[text]
    text = _COMPOUND.sub(lambda m: str(int(_EN_NUMBERS[m[1]]) + int(_EN_NUMBERS[m[2]])), text)
    return re.sub(r"\b[a-z]+\b", lambda m: _EN_NUMBERS.get(m.group(), m.group()), text)


# a number keeps its separators ("4.220,4", "146.000"), so "146" never matches inside "146.000"
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+")


def tokens(text: str) -> list[str]:
    """The normalised text's words and numbers, punctuation dropped."""
    return _TOKEN.findall(normalise(text))


def contains_tokens(text: str, gold: str) -> bool:
    """Whether gold's tokens appear, in order and whole, in text ("4 tờ" is not in "14 tờ")."""
    have, want = tokens(text), tokens(gold)
    if not want:
        return False
    return any(have[i : i + len(want)] == want for i in range(len(have) - len(want) + 1))


def answer_correct(answer: str, golds: Sequence[str], every: bool = False) -> bool:
    """Whether a gold answer (each of them, with `every`, as a list question expects) is in the
    answer, matched on whole normalised tokens."""
    found = [contains_tokens(answer, g) for g in golds if tokens(g)]
    return bool(found) and (all(found) if every else any(found))


def span_matches(span: str, golds: Sequence[str]) -> bool:
    """Whether a short answer holds a gold answer or lies within one (on whole tokens)."""
    span = _counted(span)
    return any(contains_tokens(span, g) or contains_tokens(g, span) for g in golds)


def _counted(span: str) -> str:
    """A short answer that opens with a Vietnamese number word before its unit ("sáu lần") with
    the number as digits: in a short answer that word is the count, never "year" or "five"."""
    first, _, rest = " ".join(span.split()).partition(" ")
    number = _VI_NUMBERS.get(first.casefold())
    return f"{number} {rest}" if number and rest[:1].isalpha() else span


def token_f1(answer: str, golds: Sequence[str]) -> float:
    """Best token-level F1 of the answer against any gold answer."""
    predicted = _WORD.findall(normalise(answer))
    best = 0.0
    for gold in golds:
        expected = _WORD.findall(normalise(gold))
        common = sum((Counter(predicted) & Counter(expected)).values())
        if common:
            precision, recall = common / len(predicted), common / len(expected)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def first_hit_rank(retrieved: Sequence[str], sources: Sequence[str]) -> int | None:
    """1-based rank of the first gold source among the retrieved files, None when absent."""
    for rank, file in enumerate(retrieved, start=1):
        if file in sources:
            return rank
    return None


def hit_at(rank: int | None, k: int) -> float:
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None) -> float:
    return 1.0 / rank if rank else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else 0.0


def mean(values: Sequence[float]) -> float:
    return float(sum(values) / len(values)) if values else 0.0


def reliability(confidence: Sequence[float], right: Sequence[bool], bins: int = 10
                ) -> list[dict[str, float]]:
    """The reliability table: answers binned by confidence (tenths), with each bin's count, mean
    confidence and share right; a calibrated confidence has the last two equal."""
    table: dict[int, list[tuple[float, bool]]] = {}
    for c, r in zip(confidence, right):
        table.setdefault(min(int(c * bins), bins - 1), []).append((c, bool(r)))
    return [{"low": b / bins, "high": (b + 1) / bins, "answers": len(table[b]),
             "confidence": sum(c for c, _ in table[b]) / len(table[b]),
             "right": sum(r for _, r in table[b]) / len(table[b])}
            for b in sorted(table)]


def expected_calibration_error(confidence: Sequence[float], right: Sequence[bool],
                               bins: int = 10) -> float | None:
    """ECE: the gap between confidence and share right, bin by bin, weighted by the bin's share
    of the answers (None with no answers)."""
    if not confidence:
        return None
    return sum(b["answers"] / len(confidence) * abs(b["confidence"] - b["right"])
               for b in reliability(confidence, right, bins))


def reliability_markdown(table: list[dict[str, float]]) -> str:
    """The reliability table as Markdown rows."""
    lines = ["| confidence | answers | mean confidence | share right |", "|---|---|---|---|"]
    lines += [f"| {b['low']:.1f}-{b['high']:.1f} | {b['answers']:.0f} | {b['confidence']:.3f} | "
              f"{b['right']:.3f} |" for b in table]
    return "\n".join(lines) + "\n"
