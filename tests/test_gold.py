"""Gold files: the real ones load; malformed lines are reported with line number and field."""

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.errors import GoldFormatError, NewsragError
from rag.evaluate.gold import load_gold
from rag.text.totals import party_count

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
    """Every answer is written in a source, or is the total a source implies ("How many countries
    signed?" is 44 where the text says "Vietnam joined 43 countries")."""
    root = ROOT / "data/articles"
    for q in load_gold(ROOT / "data/gold_qa.jsonl"):
        texts = [(root / s).read_text(encoding="utf-8") for s in q.sources]
        totals = {str(j.total) for t in texts for line in t.splitlines()
                  if (j := party_count(line)) is not None}
        for answer in q.answers:
            assert any(answer.lower() in t.lower() for t in texts) or answer in totals, (q.id,
                                                                                         answer)


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


def test_a_question_holding_a_unicode_line_separator_loads(tmp_path):
    """JSON strings may hold U+2028/U+2029/U+0085 unescaped; JSON Lines only ends lines at \\n."""
    row = GOOD | {"question": "How many\u2028countries\u0085signed?"}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\r\n", encoding="utf-8")
    assert load_gold(path)[0].question == row["question"]


@pytest.mark.parametrize("content, message", [
    ("[" * 100_000, "gold.jsonl:1: JSON nested too deeply"),
    (b"\xff\xfe{", "gold.jsonl: not UTF-8 text"),
])
def test_hostile_gold_files_are_one_line_errors(tmp_path, content, message):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(GoldFormatError, match=message):
        load_gold(path)


def test_a_folder_given_as_gold_file_is_a_clear_error(tmp_path):
    with pytest.raises(NewsragError, match=f"gold file {tmp_path} cannot be read"):
        load_gold(tmp_path)


# -- fuzzing: any file is questions or one line naming the file ----------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=6,
)
VALID = {
    "id": st.text(min_size=1, max_size=10),
    "question": st.text(min_size=1, max_size=60).filter(str.strip),
    "lang": st.sampled_from(["vi", "en"]),
    "answerable": st.just(False),
    "answers": st.lists(st.text(max_size=10), max_size=2),
    "sources": st.lists(st.text(max_size=10), max_size=2),
    "dates": st.lists(st.dates().map(str), max_size=2),
}


@st.composite
def gold_rows(draw) -> dict:
    """A valid row, then maybe a field dropped or replaced by any JSON value."""
    row = {name: draw(strategy) for name, strategy in VALID.items()}
    for name in list(row):
        choice = draw(st.integers(0, 12))
        if choice == 0:
            del row[name]
        elif choice == 1:
            row[name] = draw(JSON_VALUES)
    return row


@st.composite
def gold_files(draw) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            lines.append(draw(st.text(max_size=40)))
        elif kind == 1:
            lines.append(json.dumps(draw(JSON_VALUES)))
        else:
            lines.append(json.dumps(draw(gold_rows()), ensure_ascii=draw(st.booleans())))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    data = newline.join(lines).encode("utf-8", errors="surrogatepass")
    return data if draw(st.integers(0, 9)) else draw(st.binary(max_size=100))


@settings(max_examples=300, deadline=None)
@given(data=gold_files())
def test_fuzzed_gold_files_load_or_fail_in_one_line_naming_the_file(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gold.jsonl"
        path.write_bytes(data)
        try:
            questions = load_gold(path)
        except NewsragError as exc:
            assert str(path) in str(exc) and len(str(exc).splitlines()) == 1
            return
        assert questions and all(q.question.strip() and q.lang in ("vi", "en") for q in questions)
        assert len({q.id for q in questions}) == len(questions)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.fixed_dictionaries(VALID), min_size=1, max_size=4,
                     unique_by=lambda row: row["id"]))
def test_fuzzed_valid_gold_files_load_exactly(rows):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gold.jsonl"
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
                        encoding="utf-8")
        assert [q.question for q in load_gold(path)] == [r["question"] for r in rows]
