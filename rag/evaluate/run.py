"""The evaluation harness: ask every gold question, score answers, citations and latency."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from tqdm import tqdm

from ..errors import NewsragError
from ..sources import quote_matches, read_source
from ..types import MODES, Answer
from .counterfactual import (
    CONSTRUCTIONS,
    counterfactual_kinds,
    counterfactual_markdown,
    counterfactual_metrics,
    plan_counterfactuals,
    run_counterfactuals,
)
from .gold import GoldQuestion
from .metrics import (
    answer_correct,
    expected_calibration_error,
    first_hit_rank,
    hit_at,
    mean,
    median,
    percentile,
    reciprocal_rank,
    reliability,
    reliability_markdown,
    span_matches,
    token_f1,
)

Ask = Callable[[str, str], Answer]  # (question, retriever mode) -> Answer


@dataclass(frozen=True)
class EvalConfig:
    """One configuration in a comparison (a column of the report)."""

    name: str
    retriever: str = "hybrid"


def parse_compare(spec: str | None) -> list[EvalConfig]:
    """`retriever=dense,bm25,hybrid` -> one config per value; None -> the default config."""
    if not spec:
        return [EvalConfig("hybrid")]
    key, _, values = spec.partition("=")
    if key != "retriever" or not values:
        raise NewsragError(f"--compare: expected retriever=dense,bm25,hybrid, got {spec!r}")
    configs = []
    for value in values.split(","):
        if value not in MODES:
            raise NewsragError(f"--compare: unknown retriever {value!r} (one of {', '.join(MODES)})")
        configs.append(EvalConfig(value, retriever=value))
    return configs


def resolve_sources(question: GoldQuestion, corpus_root: Path) -> tuple[str, ...]:
    """Gold sources relative to the corpus root; a leading folder naming another root is dropped.

    XQuAD's sources read `vi/00_Super_Bowl_50_p0.txt` while its corpus root is `corpus/vi`.
    """
    resolved = []
    for source in question.sources:
        if not (corpus_root / source).exists() and "/" in source:
            stripped = source.split("/", 1)[1]
            if (corpus_root / stripped).exists():
                source = stripped
        resolved.append(source)
    return tuple(resolved)


def run_eval(
    ask: Ask,
    questions: list[GoldQuestion],
    configs: list[EvalConfig],
    progress: bool = True,
    answerer: str = "",
) -> list[dict[str, Any]]:
    """One result row per (config, question): the `ask --json` object plus id, question, latency
    and the answerer configured (`backend` differs from it when another one answered)."""
    rows = []
    with tqdm(total=len(questions) * len(configs), desc="eval", unit="q", disable=not progress) as bar:
        for config in configs:
            for question in questions:
                started = time.perf_counter()
                answer = ask(question.question, config.retriever)
                latency = (time.perf_counter() - started) * 1000
                rows.append({
                    "config": config.name,
                    "id": question.id,
                    "question": question.question,
                    **answer.to_dict(),
                    "answerer": answerer or answer.backend,
                    "latency_ms": round(latency, 2),
                })
                bar.update(1)
    return rows


def compute_metrics(
    rows: list[dict[str, Any]], questions: list[GoldQuestion], corpus_root: Path,
    article_text: Callable[[str], str | None] | None = None,
) -> dict[str, dict[str, float | None]]:
    """The report's figures, per config. `article_text` reads an article's text for checking
    quotes (default: the file itself, as .txt/.md articles are; pass `Assistant.sources().text`
    for articles extracted from pages, exports and feeds)."""
    gold = {q.id: (q, resolve_sources(q, corpus_root)) for q in questions}
    texts: dict[str, str | None] = {}
    read = article_text or (lambda file: read_source(corpus_root, file))

    def source(file: str) -> str | None:
        if file not in texts:
            texts[file] = read(file)
        return texts[file]

    by_config: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_config.setdefault(row["config"], []).append(row)
    return {
        name: _config_metrics(config_rows, gold, source)
        for name, config_rows in by_config.items()
    }


def _config_metrics(
    rows: list[dict[str, Any]], gold: dict, source: Callable
) -> dict[str, float | None]:
    answerable = [(r, *gold[r["id"]]) for r in rows if gold[r["id"]][0].answerable]
    unanswerable = [r for r in rows if not gold[r["id"]][0].answerable]
    ranks = [first_hit_rank(r["retrieved"], sources) for r, _, sources in answerable]
    answered = [r for r in rows if not r["abstained"]]
    cited = [(c, sources) for r, _, sources in answerable for c in r["citations"]]
    citations = [c for r in rows for c in r["citations"]]
    return {
        "questions": len(rows),
        "hit@1": mean([hit_at(k, 1) for k in ranks]),
        "hit@5": mean([hit_at(k, 5) for k in ranks]),
        "mrr": mean([reciprocal_rank(k) for k in ranks]),
        "accuracy": mean([float(_right(r, q)) for r, q, _ in answerable]),
        "token_f1": mean([
            0.0 if r["abstained"] else token_f1(r["answer"], q.answers) for r, q, _ in answerable
        ]),
        "median_answer_chars": median([len(r["answer"]) for r in answered]),
        "citation_precision": mean([float(c["file"] in sources) for c, sources in cited]),
        "citation_recall": mean([
            float(any(c["file"] in sources for c in r["citations"])) for r, _, sources in answerable
        ]),
        "citation_verified": mean([
            float(quote_matches(source(c["file"]), c["start"], c["end"], c["quote"]))
            for c in citations
        ]) if citations else 1.0,
        "citation_supported": mean([float(c.get("supported") is True) for c in citations])
        if citations else None,
        "abstention_recall": (
            mean([float(r["abstained"]) for r in unanswerable]) if unanswerable else None
        ),
        "false_abstention": mean([float(r["abstained"]) for r, _, _ in answerable]),
        "short_answer_given": mean([float(bool(r.get("short_answer"))) for r in answered])
        if answered else None,
        "short_answer_match": mean([
            float(span_matches(r["short_answer"]["text"], q.answers))
            for r, q, _ in answerable if r.get("short_answer") and not r["abstained"]
        ]) if any(r.get("short_answer") for r, _, _ in answerable) else None,
        # the confidence of the answers given against whether they were right (an answer to an
        # unanswerable question is wrong): expected calibration error and the reliability table
        "ece": expected_calibration_error(*_scored(rows, gold)),
        "reliability": reliability(*_scored(rows, gold)),
        # answers another answerer gave instead of the configured one (a model's answer the
        # articles did not support, or a server that failed)
        "fell_back": mean([float(r["backend"] != r.get("answerer", r["backend"])) for r in rows]),
        "latency_p50_ms": percentile([r["latency_ms"] for r in rows], 50),
        "latency_p95_ms": percentile([r["latency_ms"] for r in rows], 95),
    }


def _scored(rows: list[dict[str, Any]], gold: dict) -> tuple[list[float], list[bool]]:
    """The confidences of the answers given (scored ones) and whether each was right."""
    given = [r for r in rows if not r["abstained"] and r.get("confidence") is not None]
    return ([r["confidence"] for r in given],
            [gold[r["id"]][0].answerable and _right(r, gold[r["id"]][0]) for r in given])


def _right(row: dict[str, Any], question: GoldQuestion) -> bool:
    """An answerable question answered with (every, for a count) gold answer in the text."""
    return not row["abstained"] and answer_correct(row["answer"], question.answers,
                                                   every=question.needs_every_answer)


def kind_metrics(
    rows: list[dict[str, Any]], questions: list[GoldQuestion], corpus_root: Path
) -> dict[str, dict[str, dict[str, float]]]:
    """Per config and question kind (the gold `type`): how many were right (answerable: a gold
    answer in the text; unanswerable: declined) and, for answerable kinds, hit@5."""
    gold = {q.id: (q, resolve_sources(q, corpus_root)) for q in questions if q.kind}
    table: dict[str, dict[str, dict[str, float]]] = {}
    for row in rows:
        if row["id"] not in gold:
            continue
        question, sources = gold[row["id"]]
        cell = table.setdefault(row["config"], {}).setdefault(
            question.kind, {"questions": 0, "right": 0, "hit@5": 0})
        cell["questions"] += 1
        cell["right"] += (_right(row, question) if question.answerable else row["abstained"])
        cell["hit@5"] += question.answerable and hit_at(first_hit_rank(row["retrieved"],
                                                                        sources), 5)
    return table


_PERCENT = {
    "hit@1", "hit@5", "mrr", "accuracy", "token_f1", "citation_precision", "citation_recall",
    "citation_verified", "citation_supported", "abstention_recall", "false_abstention",
    "short_answer_given", "short_answer_match", "fell_back", "ece",
    "counterfactual_decline_rate", "counterfactual_short_answer_rate",
}


def report_markdown(metrics: dict[str, dict[str, float | None]], title: str = "newsrag eval") -> str:
    """A Markdown table: one row per metric, one column per config."""
    names = list(metrics)
    lines = [f"# {title}", "", "| metric | " + " | ".join(names) + " |",
             "|---|" + "---|" * len(names)]
    for metric in next(iter(metrics.values())):
        if metric == "reliability":
            continue  # a table of its own, below
        cells = []
        for name in names:
            value = metrics[name][metric]
            if value is None:
                cells.append("n/a")
            else:
                cells.append(f"{value:.3f}" if metric in _PERCENT else f"{value:.0f}")
        lines.append(f"| {metric} | " + " | ".join(cells) + " |")
    for name in names:
        if metrics[name].get("reliability"):
            lines += ["", f"## Reliability ({name}): confidence against share right", "",
                      reliability_markdown(metrics[name]["reliability"]).rstrip("\n")]
    return "\n".join(lines) + "\n"


def kinds_markdown(kinds: dict[str, dict[str, dict[str, float]]]) -> str:
    """The per-kind table: right / questions (hit@5 for answerable kinds), one column per config."""
    names = list(kinds)
    if not names:
        return ""
    order = list(dict.fromkeys(k for name in names for k in kinds[name]))
    lines = ["", "## By question kind", "", "| kind | " + " | ".join(names) + " |",
             "|---|" + "---|" * len(names)]
    for kind in order:
        cells = []
        for name in names:
            cell = kinds[name].get(kind)
            if cell is None:
                cells.append("n/a")
                continue
            hits = f" (hit@5 {cell['hit@5']:.0f})" if kind != "unanswerable" else ""
            cells.append(f"{cell['right']:.0f} / {cell['questions']:.0f}{hits}")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write_run(out_dir: Path, rows: list[dict[str, Any]], metrics: dict, report: str) -> None:
    """results.jsonl, metrics.json and report.md in out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "results.jsonl", "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    (out_dir / "report.md").write_text(report, encoding="utf-8")


@dataclass(frozen=True)
class EvalRun:
    """A finished evaluation: where it was written and what it measured."""

    out_dir: Path
    metrics: dict[str, dict[str, float | None]]
    report: str


def evaluate(
    assistant: Any,
    corpus_dir: str | Path,
    gold_path: str | Path,
    out_dir: str | Path | None = None,
    compare: str | None = None,
    limit: int | None = None,
    progress: bool = True,
    counterfactual: str | None = None,
) -> EvalRun:
    """Ingest the corpus (incrementally), ask every gold question per config, write the run.

    `counterfactual` ("gold" or "question", `rag.evaluate.counterfactual`) also asks the
    answerable questions again over corpora without their answers: those rows are marked
    `counterfactual` and scored apart (counterfactual_* metrics), the usual metrics are not."""
    from .gold import load_gold

    questions = load_gold(gold_path)[:limit] if limit else load_gold(gold_path)
    configs = parse_compare(compare)
    if limit is not None and limit < 1:
        raise NewsragError("--limit must be at least 1")
    if counterfactual is not None and counterfactual not in CONSTRUCTIONS:
        raise NewsragError(f"--counterfactual: expected one of {', '.join(CONSTRUCTIONS)},"
                           f" got {counterfactual!r}")
    assistant.ingest(corpus_dir, progress=progress)
    answerer = assistant.answerer.name
    rows = run_eval(
        lambda question, mode: assistant.ask(question, mode=mode), questions, configs, progress,
        answerer=answerer,
    )
    corpus_root = Path(corpus_dir).resolve()
    metrics = compute_metrics(rows, questions, corpus_root, assistant.sources().text)
    kinds = kind_metrics(rows, questions, corpus_root)
    title = f"newsrag eval: {Path(gold_path).name}"
    extra = ""
    kinds_out: dict[str, Any] = {"by_kind": kinds} if kinds else {}
    if counterfactual:
        plan = plan_counterfactuals(questions, corpus_root, counterfactual,
                                    options=_read_options(assistant))
        counter_rows, reports = run_counterfactuals(
            assistant, plan, corpus_root,
            lambda ask, asked: run_eval(ask, asked, configs, progress=False, answerer=answerer),
            progress=progress,
        )
        for name, figures in counterfactual_metrics(counter_rows, plan, metrics).items():
            metrics[name].update(figures)
        rows += counter_rows
        counter_kinds = counterfactual_kinds(counter_rows, questions)
        extra = counterfactual_markdown(plan, reports, counter_kinds)
        if counter_kinds:
            kinds_out["counterfactual_by_kind"] = counter_kinds
    report = report_markdown(metrics, title=title) + kinds_markdown(kinds) + extra
    out = Path(out_dir) if out_dir else Path("eval_runs") / time.strftime("%Y%m%d-%H%M%S")
    write_run(out, rows, {**metrics, **kinds_out}, report)
    return EvalRun(out, metrics, report)


def _read_options(assistant: Any) -> Any:
    """How the assistant reads corpus files (export columns, size limit), for reading items."""
    from ..config import parse_columns
    from ..ingest.formats import ReadOptions

    settings = assistant.settings
    return ReadOptions(parse_columns(settings.columns), settings.max_file_mb * 2**20)
