"""Gold files: the real ones load; malformed lines are reported with line number and field."""

import json
from pathlib import Path

import pytest

from rag.gold import GoldFormatError, load_gold

ROOT = Path(__file__).resolve().parent.parent
GOOD = {"id": "q1", "question": "How many?", "lang": "en", "answerable": True, "answers": ["43"],
        "sources": ["a.txt"], "dates": ["2025-11-27"]}


def test_the_sample_gold_set_loads_and_has_the_promised_mix():
    questions = load_gold(ROOT / "data/gold_qa.jsonl")
    assert len(questions) >= 30
    assert sum(not q.answerable for q in questions) >= 6
    assert {q.lang for q in questions} == {"vi", "en"}
    assert sum(len(q.sources) > 1 for q in questions) >= 3


def test_the_sample_gold_answers_are_in_their_sources():
    root = ROOT / "data/articles"
    for q in load_gold(ROOT / "data/gold_qa.jsonl"):
        texts = [(root / s).read_text(encoding="utf-8").lower() for s in q.sources]
        for answer in q.answers:
            assert any(answer.lower() in t for t in texts), (q.id, answer)


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "second_line, message",
    [
        ("{not json", "gold.jsonl:2: not valid JSON"),
        ("[1, 2]", "gold.jsonl:2: expected a JSON object"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "answers"} | {"id": "q2"}),
         "gold.jsonl:2: missing field 'answers'"),
        (json.dumps(GOOD | {"id": "q2", "answerable": "yes"}),
         "gold.jsonl:2: field 'answerable' must be bool"),
        (json.dumps(GOOD | {"id": "q2", "lang": "fr"}), "gold.jsonl:2: field 'lang'"),
        (json.dumps(GOOD | {"id": "q2", "sources": [1]}), "gold.jsonl:2: field 'sources'"),
        (json.dumps(GOOD | {"id": "q2", "dates": ["27/11/2025"]}), "gold.jsonl:2: field 'dates'"),
        (json.dumps(GOOD), "gold.jsonl:2: field 'id': duplicate"),
        (json.dumps(GOOD | {"id": "q2", "answers": []}), "gold.jsonl:2: field 'answers'/'sources'"),
    ],
)
def test_malformed_lines_name_line_and_field(tmp_path, second_line, message):
    path = _write(tmp_path, [json.dumps(GOOD), second_line])
    with pytest.raises(GoldFormatError) as error:
        load_gold(path)
    assert message in str(error.value)


def test_empty_and_missing_gold_files(tmp_path):
    with pytest.raises(GoldFormatError, match="no questions"):
        load_gold(_write(tmp_path, [""]))
    with pytest.raises(Exception, match="gold file not found"):
        load_gold(tmp_path / "absent.jsonl")
