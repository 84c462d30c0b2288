"""Answer-removed counterfactuals in the eval harness (`newsrag eval --counterfactual`): which
questions are kept, what is taken out of the corpus, and the run over a copy of the index."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.cli import build_parser
from rag.evaluate.counterfactual import CorpusView, plan_counterfactuals
from rag.evaluate.gold import GoldQuestion
from rag.evaluate.run import evaluate

# (file, text): dated news items in the feed's shape, and one undated paragraph (XQuAD's shape)
ARTICLES = {
    "2025-11-20/tuoi-tre_metro01.txt":
        " date 2025-11-20 Tuyến metro Nhổn - ga Hà Nội chở khách ngày đầu\n\n"
        "Tuyến metro Nhổn - ga Hà Nội đã chở 35.000 lượt khách trong ngày đầu vận hành đoạn"
        " đi ngầm, theo Hanoi Metro.\n",
    "2025-11-21/vnexpress_metro02.txt":
        " date 2025-11-21 Metro Hà Nội đông khách\n\n"
        "Đoạn đi ngầm của tuyến metro Nhổn - ga Hà Nội đón 35.000 lượt khách ngày đầu tiên.\n",
    "2025-11-21/thanh-nien_gold0001.txt":
        " date 2025-11-21 Giá vàng miếng SJC tăng mạnh\n\n"
        "Sáng 21/11, giá vàng miếng SJC được niêm yết ở mức 152,5 triệu đồng/lượng bán ra,"
        " tăng 1 triệu đồng so với hôm qua.\n",
    "2025-11-22/vnexpress_storm001.txt":
        " date 2025-11-22 Bão Kalmaegi đổ bộ Gia Lai\n\n"
        "Bão Kalmaegi đổ bộ vào Gia Lai với sức gió mạnh nhất 150 km/h, hàng nghìn ngôi nhà"
        " bị tốc mái.\n",
    "2025-11-23/thanh-nien_stadium1.txt":
        " date 2025-11-23 Sân Mỹ Đình đón khách\n\n"
        "Trận giao hữu tối qua có 2.308 khán giả; ban tổ chức ở Đà Nẵng cho biết sẽ mở thêm"
        " khán đài.\n",
    "2025-11-24/tuoi-tre_festival1.txt":
        " date 2025-11-24 Lễ hội pháo hoa quốc tế\n\n"
        "Lễ hội pháo hoa quốc tế năm nay diễn ra tại Đà Nẵng từ tháng 6, với tám đội tham gia.\n",
    "paragraphs/super_bowl_p0.txt":
        "The Panthers defense gave up just 308 points, ranking sixth in the league. Pro Bowl"
        " defensive tackle Kawann Short led the team in sacks with 11. The Broncos finished the"
        " regular season with a 12-4 record.\n",
}
METRO, METRO2, GOLD, STORM, STADIUM, FESTIVAL, PARAGRAPH = ARTICLES

GOLD_SET = [
    {"id": "metro", "question": "Tuyến metro Nhổn - ga Hà Nội chở bao nhiêu lượt khách ngày đầu?",
     "lang": "vi", "answerable": True, "answers": ["35.000"], "sources": [METRO],
     "dates": ["2025-11-20"]},
    {"id": "gold", "question": "Giá vàng miếng SJC bán ra sáng 21/11 là bao nhiêu?",
     "lang": "vi", "answerable": True, "answers": ["152,5 triệu đồng"], "sources": [GOLD],
     "dates": ["2025-11-21"], "type": "time"},
    {"id": "storm", "question": "What was the strongest wind speed when Typhoon Kalmaegi made"
     " landfall?", "lang": "en", "answerable": True, "answers": ["150 km/h"], "sources": [STORM],
     "dates": ["2025-11-22"], "type": "cross"},
    {"id": "festival", "question": "Lễ hội pháo hoa quốc tế diễn ra ở thành phố nào?",
     "lang": "vi", "answerable": True, "answers": ["Đà Nẵng"], "sources": [FESTIVAL],
     "dates": ["2025-11-24"]},
    {"id": "points", "question": "How many points did the Panthers defense give up?",
     "lang": "en", "answerable": True, "answers": ["308"], "sources": [PARAGRAPH], "dates": [],
     "type": "fact"},
    {"id": "trap", "question": "Giá vàng nhẫn ngày 21/11 là bao nhiêu?", "lang": "vi",
     "answerable": False, "answers": [], "sources": [], "dates": []},
]


def write_corpus(root: Path, articles: dict[str, str] = ARTICLES) -> Path:
    for file, text in articles.items():
        path = root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def gold_questions(rows=GOLD_SET) -> list[GoldQuestion]:
    return [GoldQuestion(id=r["id"], question=r["question"], lang=r["lang"],
                         answerable=r["answerable"], answers=tuple(r["answers"]),
                         sources=tuple(r["sources"]), dates=tuple(r["dates"])) for r in rows]


def by_id(plan) -> dict[str, object]:
    return {q.id: v for v in plan.variants for q in v.questions}


def test_gold_construction_drops_every_cited_file_and_keeps_questions_no_item_answers(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    plan = plan_counterfactuals(gold_questions(), corpus, "gold")

    assert len(plan.variants) == 1
    variant = plan.variants[0]
    assert set(variant.removed) == {METRO, GOLD, STORM, FESTIVAL}
    # another outlet still states the metro figure, and "Đà Nẵng" stands in the stadium item
    assert plan.left_out == {"metro": f"an answer is still stated in {METRO2}",
                             "festival": f"an answer is still stated in {STADIUM}"}
    # "308" is not inside "2.308": whole tokens; the trap is never a counterfactual
    assert sorted(q.id for q in variant.questions) == ["gold", "points", "storm"]
    assert plan.answerable == 5 and plan.kept == 3


def test_paragraph_gold_cuts_only_the_answer_sentence(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    variant = plan_counterfactuals(gold_questions(), corpus, "gold").variants[0]

    assert PARAGRAPH not in variant.removed
    edited = dict(variant.edited)[PARAGRAPH]
    assert "308" not in edited
    assert edited == ("Pro Bowl defensive tackle Kawann Short led the team in sacks with 11. The"
                      " Broncos finished the regular season with a 12-4 record.\n")
    assert variant.cut == ((PARAGRAPH, "The Panthers defense gave up just 308 points, ranking"
                                       " sixth in the league."),)
    assert (corpus / PARAGRAPH).read_text(encoding="utf-8") == ARTICLES[PARAGRAPH]


def test_answers_match_after_nfc_and_case_folding(tmp_path):
    """An item in decomposed Unicode and other case still states the answer; "4 tờ" is not
    stated by "14 tờ"."""
    articles = {
        "2025-11-20/a_00000001.txt": " date 2025-11-20 Hà Nội\n\nSở phát hành 4 tờ hướng dẫn.\n",
        "2025-11-20/b_00000002.txt": unicodedata.normalize(
            "NFD", " date 2025-11-20 Tin khác\n\nĐOÀN KHÁCH ĐẾN TỪ ĐÀ NẴNG.\n"),
        "2025-11-21/c_00000003.txt": " date 2025-11-21 Hội nghị\n\nHội nghị ở Đà Nẵng.\n",
        "2025-11-21/d_00000004.txt": " date 2025-11-21 Tin thêm\n\nĐã phát 14 tờ rơi.\n",
    }
    corpus = write_corpus(tmp_path / "corpus", articles)
    rows = [
        {"id": "place", "question": "Hội nghị ở đâu?", "lang": "vi", "answerable": True,
         "answers": ["Đà Nẵng"], "sources": ["2025-11-21/c_00000003.txt"],
         "dates": ["2025-11-21"]},
        {"id": "sheets", "question": "Sở phát hành bao nhiêu tờ hướng dẫn?", "lang": "vi",
         "answerable": True, "answers": ["4 tờ"], "sources": ["2025-11-20/a_00000001.txt"],
         "dates": ["2025-11-20"]},
    ]
    plan = plan_counterfactuals(gold_questions(rows), corpus, "question")

    assert plan.left_out == {"place": "an answer is still stated in 2025-11-20/b_00000002.txt"}
    assert [q.id for v in plan.variants for q in v.questions] == ["sheets"]


def test_question_construction_builds_one_corpus_per_source_set(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    questions = gold_questions() + gold_questions([{
        **GOLD_SET[1], "id": "gold-en", "question": "What was the SJC gold bar price on 21 Nov?",
        "lang": "en"}])
    plan = plan_counterfactuals(questions, corpus, "question")

    variants = by_id(plan)
    assert set(variants) == {"gold", "gold-en", "storm", "points"}
    assert variants["gold"] is variants["gold-en"]  # the same sources: one corpus
    assert variants["gold"].removed == (GOLD,)
    assert variants["storm"].removed == (STORM,)
    assert variants["points"].removed == () and dict(variants["points"].edited).keys() == {
        PARAGRAPH}
    assert len(plan.variants) == 3


def test_a_corpus_every_question_cites_leaves_nothing_to_ask(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {GOLD: ARTICLES[GOLD]})
    plan = plan_counterfactuals(gold_questions([GOLD_SET[1]]), corpus, "gold")
    assert plan.variants == []
    assert plan.left_out == {"gold": "no article would be left in the corpus"}


def test_view_puts_back_what_the_last_variant_took_out(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    plan = plan_counterfactuals(gold_questions(), corpus, "question")
    variants = by_id(plan)
    view = CorpusView(corpus, tmp_path / "view")

    view.apply(variants["gold"])
    assert not (view.root / GOLD).exists() and (view.root / STORM).exists()
    view.apply(variants["points"])
    assert (view.root / GOLD).read_text(encoding="utf-8") == ARTICLES[GOLD]
    assert "308" not in (view.root / PARAGRAPH).read_text(encoding="utf-8")
    view.apply(variants["storm"])
    assert (view.root / PARAGRAPH).read_text(encoding="utf-8") == ARTICLES[PARAGRAPH]
    assert not (view.root / STORM).exists()
    assert {p.relative_to(corpus).as_posix(): p.read_text(encoding="utf-8")
            for p in corpus.rglob("*.txt")} == ARTICLES  # the user's corpus is never changed


def test_cli_option_defaults_to_one_corpus_per_gold_set():
    parser = build_parser()
    assert parser.parse_args(["eval", "--gold", "g.jsonl", "--counterfactual"]).counterfactual \
        == "gold"
    assert parser.parse_args(["eval", "--gold", "g.jsonl", "--counterfactual", "question"]
                             ).counterfactual == "question"
    assert parser.parse_args(["eval", "--gold", "g.jsonl"]).counterfactual is None


@pytest.mark.slow
@pytest.mark.parametrize("construction", ["gold", "question"])
def test_eval_asks_counterfactuals_over_a_copy_of_the_index(tmp_path, embedder, construction):
    corpus = write_corpus(tmp_path / "corpus")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in GOLD_SET) + "\n",
                    encoding="utf-8")
    index_dir = tmp_path / "index"
    assistant = Assistant(settings=Settings(index_dir=str(index_dir)), embedder=embedder)
    assistant.ingest(corpus)
    before = assistant.store.indexed_files()
    generation = assistant.store.generation()

    run = evaluate(assistant, corpus, gold, out_dir=tmp_path / "run", progress=False,
                   compare="retriever=dense,hybrid", counterfactual=construction)

    rows = [json.loads(line) for line in (run.out_dir / "results.jsonl").read_text(
        encoding="utf-8").splitlines()]
    usual = [r for r in rows if not r.get("counterfactual")]
    counter = [r for r in rows if r.get("counterfactual")]
    assert len(usual) == 2 * len(GOLD_SET)
    assert sorted((r["config"], r["id"]) for r in counter) == [
        (c, q) for c in ("dense", "hybrid") for q in ("gold", "points", "storm")]
    cited = {q["id"]: q["sources"] for q in GOLD_SET}
    for row in counter:
        assert set(cited[row["id"]]) <= set(row["removed"]) or row.get("cut")
        # what was dropped is gone from the index the question was asked over
        assert not set(row["removed"]) & set(row["retrieved"])
        assert not set(row["removed"]) & {c["file"] for c in row["citations"]}
        if row["id"] == "points":
            assert row["cut"] == [{"file": PARAGRAPH, "sentence": "The Panthers defense gave up"
                                   " just 308 points, ranking sixth in the league."}]
            # the paragraph is still there, without its answer sentence
            assert all("308" not in c["quote"] for c in row["citations"])
    if construction == "gold":
        assert {f for r in counter for f in r["removed"]} == {METRO, GOLD, STORM, FESTIVAL}
    else:
        assert {tuple(r["removed"]) for r in counter} == {(GOLD,), (STORM,), ()}

    metrics = json.loads((run.out_dir / "metrics.json").read_text(encoding="utf-8"))
    for config in ("dense", "hybrid"):
        mine = [r for r in counter if r["config"] == config]
        figures = metrics[config]
        assert figures["questions"] == len(GOLD_SET)  # the usual metrics: the usual rows only
        assert figures["counterfactual_questions"] == 3
        assert figures["counterfactual_left_out"] == 2
        assert figures["counterfactual_declined"] == sum(r["abstained"] for r in mine)
        assert figures["counterfactual_short_answers"] == sum(
            bool(r["short_answer"]) and not r["abstained"] for r in mine)
        assert figures["counterfactual_decline_rate"] == pytest.approx(
            figures["counterfactual_declined"] / 3)
        kinds = metrics["counterfactual_by_kind"][config]
        assert {k: c["questions"] for k, c in kinds.items()} == {"time": 1, "cross": 1, "fact": 1}
        assert sum(c["declined"] for c in kinds.values()) == figures["counterfactual_declined"]
    report = (run.out_dir / "report.md").read_text(encoding="utf-8")
    assert "| counterfactual_declined |" in report and "## Counterfactuals" in report
    assert "3 of 5 answerable questions asked" in report

    # the user's index and corpus are as they were
    reopened = Assistant(settings=Settings(index_dir=str(index_dir)), embedder=embedder)
    assert reopened.store.indexed_files() == before
    assert reopened.store.generation() == generation
    assert reopened.corpus_root == corpus.resolve()
    assert (corpus / GOLD).read_text(encoding="utf-8") == ARTICLES[GOLD]
