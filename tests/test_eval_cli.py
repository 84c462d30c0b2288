"""`newsrag eval` end to end on a tiny gold file over the sample corpus, with real components."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import clean_env

ROOT = Path(__file__).resolve().parent.parent
TINY_GOLD = [
    {"id": "mission", "question": "How many countries signed the joint statement?", "lang": "en",
     "answerable": True, "answers": ["43"],
     "sources": ["000_f028a96c1069a34d.txt", "001_eb6c4f8faf122868.txt"],
     "dates": ["2025-11-26", "2025-11-27"]},
    {"id": "vi", "question": "Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?", "lang": "vi",
     "answerable": True, "answers": ["43"],
     "sources": ["000_f028a96c1069a34d.txt", "001_eb6c4f8faf122868.txt"],
     "dates": ["2025-11-26", "2025-11-27"]},
    {"id": "unanswerable", "question": "Who won the 2031 Nobel Peace Prize?", "lang": "en",
     "answerable": False, "answers": [], "sources": [], "dates": []},
]


def newsrag(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, env=clean_env(), timeout=600)


@pytest.mark.slow
def test_eval_writes_results_metrics_and_report(tmp_path):
    corpus = tmp_path / "articles"
    shutil.copytree(ROOT / "data/articles", corpus)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in TINY_GOLD),
                    encoding="utf-8")
    out = tmp_path / "run"
    done = newsrag("eval", "--corpus", str(corpus), "--gold", str(gold), "--index-dir",
                   str(tmp_path / "index"), "--out", str(out), "--compare",
                   "retriever=dense,hybrid", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "| metric | dense | hybrid |" in done.stdout

    rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert len(rows) == 6
    assert {r["config"] for r in rows} == {"dense", "hybrid"}
    for row in rows:
        assert {"id", "question", "latency_ms", "answer", "abstained", "citations", "retrieved",
                "backend"} <= set(row)
    mission = next(r for r in rows if r["id"] == "mission" and r["config"] == "hybrid")
    assert "43" in mission["answer"]

    metrics = json.loads((out / "metrics.json").read_text())
    hybrid = metrics["hybrid"]
    assert hybrid["questions"] == 3
    assert hybrid["accuracy"] == 1.0
    assert hybrid["citation_verified"] == 1.0
    assert hybrid["abstention_recall"] == 1.0
    assert hybrid["hit@5"] == 1.0
    assert (out / "report.md").read_text().startswith("# newsrag eval")

    again = newsrag("eval", "--corpus", str(corpus), "--gold", str(gold), "--index-dir",
                    str(tmp_path / "index"), "--out", str(tmp_path / "run2"), "--limit", "1",
                    "--quiet")
    assert again.returncode == 0, again.stderr
    assert len((tmp_path / "run2/results.jsonl").read_text().splitlines()) == 1


def test_malformed_gold_stops_before_any_work(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(TINY_GOLD[0]) + "\n" + '{"id": "x", "question": "?"}\n',
                    encoding="utf-8")
    done = newsrag("eval", "--corpus", str(ROOT / "data/articles"), "--gold", str(gold),
                   "--index-dir", str(tmp_path / "index"), "--out", str(tmp_path / "run"))
    assert done.returncode == 1
    assert "gold.jsonl:2: missing field 'lang'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "index").exists() and not (tmp_path / "run").exists()


def test_unknown_compare_value_is_a_clear_error(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(TINY_GOLD[0]) + "\n", encoding="utf-8")
    done = newsrag("eval", "--gold", str(gold), "--compare", "retriever=magic",
                   "--index-dir", str(tmp_path / "index"))
    assert done.returncode == 1
    assert "unknown retriever 'magic'" in done.stderr
