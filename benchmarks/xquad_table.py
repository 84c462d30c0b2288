"""Combine the four XQuAD eval runs into the README's table (one row per pair and retriever)."""

import json
import sys
from pathlib import Path

COLUMNS = ["hit@1", "hit@5", "mrr", "accuracy", "token_f1", "median_answer_chars",
           "citation_precision", "citation_recall", "citation_verified", "false_abstention",
           "latency_p50_ms", "latency_p95_ms"]


def _cell(column: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0f}" if column.endswith(("_ms", "_chars")) else f"{value:.3f}"


def main(out: Path) -> None:
    print("| pair | retriever | " + " | ".join(COLUMNS) + " |")
    print("|---|---|" + "---|" * len(COLUMNS))
    for pair in ("en-en", "vi-vi", "en-vi", "vi-en"):
        metrics = json.loads((out / f"xquad-{pair}" / "metrics.json").read_text())
        for config, values in metrics.items():
            cells = [_cell(c, values[c]) for c in COLUMNS]
            print(f"| {pair} | {config} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "bench_runs"))
