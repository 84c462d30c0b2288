"""The `newsrag` command, run as users run it: output formats, filters, exit codes, one-line errors."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EN_ARTICLE, VI_ARTICLE, clean_env

from rag.cli import main

MISSION = "How many countries signed the joint statement?"
VI_MISSION = "Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?"
DATES = {VI_ARTICLE: "2025-11-26", EN_ARTICLE: "2025-11-27"}
SOURCE_LINE = re.compile(r'^\[(\d+)\] (\S+) \((\d{4}-\d{2}-\d{2}|undated)\): "(.*)"$')


@pytest.mark.slow
def test_ask_json_shape(sample_index, cli, check_citations):
    result = cli("ask", MISSION, "--index-dir", sample_index.index_dir, "--json")
    assert result.returncode == 0 and result.stderr == ""
    data = json.loads(result.stdout)  # exactly one JSON object
    assert set(data) == {"answer", "abstained", "citations", "retrieved", "backend", "warnings",
                         "time_filter", "short_answer", "unsupported", "standalone_question",
                         "confidence"}
    assert data["time_filter"] is None  # the question has no time intent
    assert data["standalone_question"] is None  # asked as typed
    assert isinstance(data["answer"], str) and "43" in data["answer"]
    # the total asked for ("Vietnam joined 43 countries": 44) leads in bold, computed from a span
    # of the quote (which says how), and is said after the quote
    assert "That makes 44 in all: Vietnam and the 43 others." in data["answer"]
    assert isinstance(data["confidence"], float) and 0 < data["confidence"] < 1
    short = data["short_answer"]
    assert set(short) == {"text", "citation", "start", "end", "arithmetic"}
    assert short["text"] == "44" and short["arithmetic"] == "Vietnam + 43 = 44"
    quote = data["citations"][short["citation"] - 1]
    assert quote["start"] <= short["start"] < short["end"] <= quote["end"]
    with open(sample_index.corpus / quote["file"], encoding="utf-8") as handle:
        assert handle.read()[short["start"] : short["end"]] == "43 countries"
    assert data["answer"].startswith("44 — ")
    assert data["abstained"] is False and data["backend"] == "extractive"
    assert data["warnings"] == []
    assert sorted(data["retrieved"]) == sorted(DATES)  # ranked files, each once
    assert [c["n"] for c in data["citations"]] == list(range(1, len(data["citations"]) + 1))
    for c in data["citations"]:
        assert set(c) == {"n", "file", "date", "quote", "start", "end", "lang", "supported",
                          "title", "outlet", "url", "item"}
        assert c["title"] and (c["outlet"], c["url"], c["item"]) == ("", "", "")  # .txt files
        assert c["supported"] is True
        assert c["date"] == DATES[c["file"]] and isinstance(c["start"], int)
    assert {c["file"] for c in data["citations"]} == set(DATES)
    check_citations(sample_index.corpus, data["citations"])


@pytest.mark.slow
def test_ask_plain_output_through_the_entry_point(sample_index, tmp_path, check_citations):
    newsrag = Path(sys.executable).with_name("newsrag")
    assert newsrag.exists(), "the newsrag console script is not installed next to python"
    result = subprocess.run(
        [str(newsrag), "ask", VI_MISSION, "--index-dir", str(sample_index.index_dir)],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=clean_env(),
        timeout=120, check=False,
    )
    assert result.returncode == 0 and result.stderr == ""
    answer, blank, *sources = result.stdout.rstrip("\n").split("\n")
    assert "43" in answer and "[1]" in answer and blank == ""
    citations = []
    for n, line in enumerate(sources, 1):
        match = SOURCE_LINE.match(line)
        assert match, line
        number, file, date, quote = match.groups()
        assert int(number) == n and date == DATES[file]
        text = (sample_index.corpus / file).read_text(encoding="utf-8")
        start = text.index(quote)
        citations.append({"file": file, "quote": quote, "start": start, "end": start + len(quote)})
    assert {c["file"] for c in citations} == set(DATES)
    check_citations(sample_index.corpus, citations)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, options, allowed",
    [
        (MISSION, ["--retriever", "dense", "--until", "2025-11-26"], VI_ARTICLE),
        (VI_MISSION, ["--retriever", "dense", "--lang", "en"], EN_ARTICLE),
        (MISSION, ["--retriever", "bm25", "--since", "2025-11-27"], EN_ARTICLE),
        (VI_MISSION, ["--retriever", "bm25", "--lang", "vi", "--since", "2025-11-01",
                      "--until", "2025-11-26"], VI_ARTICLE),
    ],
)
def test_filters_restrict_citations_in_each_retriever(
    sample_index, cli, check_citations, question, options, allowed
):
    result = cli("ask", question, "--index-dir", sample_index.index_dir, "--json", *options)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["retrieved"] == [allowed]
    assert not data["abstained"] and "43" in data["answer"]
    assert data["citations"] and {c["file"] for c in data["citations"]} == {allowed}
    check_citations(sample_index.corpus, data["citations"])


@pytest.mark.slow
@pytest.mark.parametrize(
    "options, time_filter",
    [
        ([], {"since": "2025-11-24", "until": "2025-11-24", "recency": False,
              "phrase": "24 November 2025", "source": "question", "nearest": ""}),
        (["--since", "2025-11-27"], {"since": "2025-11-27", "until": None, "recency": False,
                                     "phrase": "", "source": "options", "nearest": ""}),
    ],
)
def test_ask_json_shows_the_time_filter(sample_index, cli, options, time_filter):
    question = "What did Vietnam and other countries issue on 24 November 2025?"
    result = cli("ask", question, "--index-dir", sample_index.index_dir, "--json", *options)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["time_filter"] == time_filter
    # both articles mention the 24th; only the English one was published from the 27th on
    assert set(data["retrieved"]) == (set(DATES) if not options else {EN_ARTICLE})


@pytest.mark.slow
@pytest.mark.parametrize(
    "args, code, message",
    [
        (["ask", MISSION, "--bogus"], 2, "newsrag: error: unrecognized arguments: --bogus"),
        (["ask", ""], 1, "newsrag: error: the question is empty"),
        (["ask", MISSION, "--since", "2025-13-45"], 1,
         "newsrag: error: --since: '2025-13-45' is not a date (want YYYY-MM-DD)"),
    ],
)
def test_bad_command_lines(sample_index, cli, args, code, message):
    result = cli(*args, "--index-dir", sample_index.index_dir)
    assert result.returncode == code and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == message
    if code == 1:
        assert len(lines) == 1  # one line, no traceback


@pytest.mark.slow
def test_ask_before_any_ingest(tmp_path, cli):
    result = cli("ask", MISSION, "--index-dir", tmp_path / "nothing-here")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"newsrag: error: no index at {tmp_path / 'nothing-here'}: run `newsrag ingest` first"
    ]
    assert not (tmp_path / "nothing-here").exists()  # a mistyped --index-dir creates nothing
    (tmp_path / "empty").mkdir()
    result = cli("ask", MISSION, "--index-dir", tmp_path / "empty")
    assert result.stderr.splitlines() == [
        "newsrag: error: the index is empty: run `newsrag ingest` first"
    ]


# -- more error paths, through the same `main` in-process (no process start-up per case) ----------


@pytest.mark.parametrize(
    "args, message",
    [
        (["ask", "q", "--lang", "fr"], "argument --lang: invalid choice: 'fr'"),
        (["ask", "q", "--top-k", "many"], "argument --top-k: invalid int value: 'many'"),
        (["ask"], "the following arguments are required: question"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: command"),
    ],
)
def test_usage_errors_exit_2(capsys, args, message):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: newsrag") and message in err


@pytest.mark.slow
@pytest.mark.parametrize(
    "args, message",
    [
        (["ask", "   "], "the question is empty"),
        (["ask", MISSION, "--until", "26/11/2025"], "--until: '26/11/2025' is not a date (want YYYY-MM-DD)"),
        (["ask", MISSION, "--since", "2025-11-28", "--until", "2025-11-01"],
         "--since 2025-11-28 is after --until 2025-11-01"),
        (["ask", MISSION, "--top-k", "0"], "--top-k must be at least 1"),
    ],
)
def test_errors_exit_1_with_one_line(sample_index, capsys, args, message):
    assert main([*args, "--index-dir", str(sample_index.index_dir)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == f"newsrag: error: {message}\n"


def test_missing_config_file(tmp_path, capsys):
    assert main(["--config", str(tmp_path / "nope.toml"), "ask", MISSION]) == 1
    assert capsys.readouterr().err == f"newsrag: error: config file not found: {tmp_path}/nope.toml\n"


def test_chat_json_prints_one_object_per_answer_with_the_rewrite(sample_index, cli,
                                                                  check_citations):
    done = cli("chat", "--index-dir", sample_index.index_dir, "--json",
               input=f"{VI_MISSION}\nAi trình bày tuyên bố đó?\nAnd who is the head of IOM in "
                     "Vietnam?\n")
    assert done.returncode == 0, done.stderr
    turns = [json.loads(line) for line in done.stdout.splitlines()]
    assert [t["standalone_question"] for t in turns] == [None, "Ai trình bày Tuyên bố chung?",
                                                         None]
    assert "Hàn Quốc" in turns[1]["answer"] and "Kendra Rinas" in turns[2]["answer"]
    for turn in turns:
        check_citations(sample_index.corpus, turn["citations"])
