"""The eval metrics on small hand-made cases."""

from pathlib import Path

import pytest

from rag.errors import NewsragError
from rag.evaluate.gold import GoldQuestion
from rag.evaluate.metrics import (
    answer_correct,
    first_hit_rank,
    hit_at,
    normalise,
    percentile,
    reciprocal_rank,
    span_matches,
    token_f1,
)
from rag.evaluate.run import compute_metrics, parse_compare, report_markdown, resolve_sources


@pytest.mark.parametrize(
    "text, expected",
    [
        ("  Việt   Nam ", "việt nam"),
        ("VIỆT NAM", "việt nam"),
        ("Vie\u0323\u0302t Nam", "việt nam"),  # decomposed diacritics become NFC
        ("Forty-three countries", "43 countries"),
        ("twelve", "12"),
        ("năm", "5"),  # a whole answer that is a Vietnamese number word
        ("năm 2024", "năm 2024"),  # ... but inside text "năm" means "year"
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "answer, golds, expected",
    [
        ("Vietnam joined 43 countries in issuing it.", ["43"], True),
        ("Vietnam joined forty-three countries.", ["43"], True),
        ("Chủ tịch ĐẠI HỘI ĐỒNG Annalena  Baerbock", ["annalena baerbock"], True),
        ("Vie\u0323\u0302t Nam cùng 43 nước", ["Việt Nam cùng 43 nước"], True),
        ("The indexed articles do not answer this.", ["43"], False),
        ("Vietnam joined 44 countries", ["43", "forty three"], False),
    ],
)
def test_answer_correct(answer, golds, expected):
    assert answer_correct(answer, golds) is expected


def test_token_f1_takes_the_best_gold():
    assert token_f1("43 countries", ["43 countries", "forty"]) == 1.0
    assert token_f1("the 43 countries", ["43 countries"]) == pytest.approx(0.8)
    assert token_f1("nothing here", ["43"]) == 0.0


@pytest.mark.parametrize(
    "retrieved, sources, rank",
    [(["a", "b", "c"], ["b"], 2), (["a"], ["a", "z"], 1), (["a", "b"], ["z"], None), ([], ["a"], None)],
)
def test_first_hit_rank(retrieved, sources, rank):
    assert first_hit_rank(retrieved, sources) == rank


def test_hit_and_reciprocal_rank():
    assert hit_at(1, 1) == 1.0 and hit_at(2, 1) == 0.0 and hit_at(None, 5) == 0.0
    assert reciprocal_rank(4) == 0.25 and reciprocal_rank(None) == 0.0
    assert percentile([1, 2, 3, 4], 50) == 2.5


def _question(id, answerable=True, answers=("43",), sources=("en.txt",)):
    return GoldQuestion(id, "q?", "en", answerable, answers if answerable else (),
                        sources if answerable else (), ())


def _row(id, answer, citations, retrieved, abstained=False, latency=10.0,
         answerer="extractive"):
    return {"config": "hybrid", "id": id, "question": "q?", "answer": answer,
            "abstained": abstained, "citations": citations, "retrieved": retrieved,
            "backend": "extractive", "answerer": answerer, "latency_ms": latency}


def test_compute_metrics_on_a_hand_made_run(tmp_path: Path):
    text = "Vietnam joined 43 countries. Another sentence."
    (tmp_path / "en.txt").write_text(text, encoding="utf-8")
    (tmp_path / "vi.txt").write_text("Việt Nam cùng 43 nước.", encoding="utf-8")
    good = {"n": 1, "file": "en.txt", "quote": "Vietnam joined 43 countries.", "start": 0, "end": 28,
            "supported": True}
    shifted = {**good, "n": 2, "start": 1, "end": 29}  # a wrong offset: quote not at [start:end]
    other = {"n": 1, "file": "vi.txt", "quote": "Việt Nam cùng 43 nước.", "start": 0, "end": 22,
             "supported": False}
    questions = [_question("a"), _question("b"), _question("c"), _question("u", answerable=False)]
    rows = [
        _row("a", "Vietnam joined 43 countries. [1][2]", [good, shifted], ["en.txt", "vi.txt"]),
        _row("b", "Việt Nam cùng 43 nước. [1]", [other], ["vi.txt", "en.txt"], latency=30.0,
             answerer="openai:m"),  # the model's answer was not given: extractive instead
        _row("c", "The indexed articles do not answer this.", [], ["vi.txt"], abstained=True),
        _row("u", "The indexed articles do not answer this.", [], [], abstained=True),
    ]
    m = compute_metrics(rows, questions, tmp_path)["hybrid"]
    assert m["hit@1"] == pytest.approx(1 / 3)
    assert m["hit@5"] == pytest.approx(2 / 3)
    assert m["mrr"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert m["accuracy"] == pytest.approx(2 / 3)  # the abstention on an answerable question fails
    assert m["false_abstention"] == pytest.approx(1 / 3)
    assert m["abstention_recall"] == 1.0
    assert m["citation_verified"] == pytest.approx(2 / 3)  # the shifted citation is caught
    assert m["citation_precision"] == pytest.approx(2 / 3)  # vi.txt is not a gold source
    assert m["citation_recall"] == pytest.approx(1 / 3)
    assert m["citation_supported"] == pytest.approx(2 / 3)  # the vi quote was flagged
    assert m["fell_back"] == pytest.approx(1 / 4)
    assert m["latency_p50_ms"] == 10.0
    assert "| accuracy | 0.667 |" in report_markdown({"hybrid": m})


def test_resolve_sources_strips_a_language_folder(tmp_path: Path):
    (tmp_path / "p0.txt").write_text("x", encoding="utf-8")
    question = _question("x", sources=("vi/p0.txt",))
    assert resolve_sources(question, tmp_path) == ("p0.txt",)


def test_parse_compare():
    assert [c.retriever for c in parse_compare("retriever=dense,bm25,hybrid")] == [
        "dense", "bm25", "hybrid"]
    assert [c.name for c in parse_compare(None)] == ["hybrid"]
    for bad in ("retriever=fast", "reranker=dense", "retriever="):
        with pytest.raises(NewsragError):
            parse_compare(bad)


@pytest.mark.parametrize("span, golds, expected", [
    ("sáu lần", ["sáu"], True),  # a short answer's leading number word is the count
    ("6 lần", ["sáu"], True),
    ("năm 2015", ["năm"], False),  # "năm" before a figure is "year"
    ("43 countries", ["43"], True),
    ("43", ["43 countries"], True),  # a short answer may lie within the gold answer
    ("4 tờ", ["14 tờ"], False),
])
def test_span_matches(span, golds, expected):
    assert span_matches(span, golds) is expected
