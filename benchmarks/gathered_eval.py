"""Score an eval run on questions gathered across reports (issue 26), by kind.

    .venv/bin/python benchmarks/gathered_eval.py RUN/results.jsonl data/gathered_dev.jsonl
    .venv/bin/python benchmarks/gathered_eval.py --same BEFORE/results.jsonl AFTER/results.jsonl

Per kind (the gold `type`): questions; all parts right (every gold answer in the answer, whole
tokens, as `newsrag eval` scores a count); parts right (share of gold answers found); citation
recall as the eval counts it (a gold source cited); parts cited (share of gold answers that a
cited quote from a gold source holds: every part's evidence, not one); latency p50/p95.
`--same` says how many rows of two runs give the same answer text and citations (the check that
questions of one part are answered as before).
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

from rag.evaluate.metrics import answer_correct, contains_tokens


def load(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def score(results: str, gold: str) -> dict[str, dict[str, float]]:
    golds = {g["id"]: g for g in load(gold)}
    rows = [r for r in load(results) if r["id"] in golds and not r.get("counterfactual")]
    kinds: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    for row in rows:
        kinds[golds[row["id"]]["type"]].append((row, golds[row["id"]]))
    kinds["all"] = [(r, golds[r["id"]]) for r in rows]
    table = {}
    for kind, pairs in kinds.items():
        right = parts = cited = recall = 0.0
        total_parts = 0
        for row, g in pairs:
            answers = g["answers"]
            right += answer_correct(row["answer"], answers, every=True)
            parts += sum(contains_tokens(row["answer"], a) for a in answers)
            recall += any(c["file"] in g["sources"] for c in row["citations"])
            cited += sum(any(c["file"] in g["sources"] and contains_tokens(c["quote"], a)
                             for c in row["citations"]) for a in answers)
            total_parts += len(answers)
        latency = [r["latency_ms"] for r, _ in pairs]
        table[kind] = {
            "questions": len(pairs),
            "all_parts_right": right,
            "parts_right": parts / total_parts,
            "citation_recall": recall / len(pairs),
            "parts_cited": cited / total_parts,
            "p50_ms": statistics.median(latency),
            "p95_ms": percentile(latency, 0.95),
        }
    return table


def markdown(table: dict[str, dict[str, float]]) -> str:
    lines = ["| kind | questions | all parts right | parts right | citation recall | parts cited "
             "| p50 ms | p95 ms |", "|---|---|---|---|---|---|---|---|"]
    for kind, t in sorted(table.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        lines.append(f"| {kind} | {t['questions']} | {t['all_parts_right']:.0f} | "
                     f"{t['parts_right']:.2f} | {t['citation_recall']:.2f} | "
                     f"{t['parts_cited']:.2f} | {t['p50_ms']:.0f} | {t['p95_ms']:.0f} |")
    return "\n".join(lines)


def same(before: str, after: str) -> str:
    old = {r["id"]: r for r in load(before) if not r.get("counterfactual")}
    new = {r["id"]: r for r in load(after) if not r.get("counterfactual")}
    ids = sorted(set(old) & set(new))

    def key(r: dict) -> tuple:
        return (r["answer"], r["abstained"], [(c["file"], c["start"], c["end"])
                                              for c in r["citations"]])

    differ = [i for i in ids if key(old[i]) != key(new[i])]
    gathered = [i for i in ids if new[i].get("parts")]
    return (f"{len(ids) - len(differ)} of {len(ids)} rows give the same answer and citations; "
            f"{len(gathered)} asked in parts; differing: {', '.join(differ) or 'none'}")


if __name__ == "__main__":
    if sys.argv[1] == "--same":
        print(same(sys.argv[2], sys.argv[3]))
    else:
        print(markdown(score(sys.argv[1], sys.argv[2])))
