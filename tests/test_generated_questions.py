"""Questions generated from a news folder (rag/evaluate/generated.py): what they ask, what their
gold cites, which figures are left out; and their rows in the training table, which are measured
on and never fitted on (rag/evaluate/train.py)."""

from __future__ import annotations

import json

from conftest import REPO_ROOT

from rag.evaluate.generated import GENERATED, generated_questions, write_generated_gold
from rag.evaluate.gold import load_gold
from rag.evaluate.train import fit_table, held_out, read_table, write_table

TABLE = REPO_ROOT / "data" / "confidence_train.jsonl"


def _item(folder, name: str, date: str, headline: str, summary: str) -> None:
    (folder / name).write_text(f" date {date} {headline}\n\n{summary}\n", encoding="utf-8")


def _feed(tmp_path):
    day = tmp_path / "feed" / "2025-11-30"
    day.mkdir(parents=True)
    _item(day, "a_1.txt", "2025-11-30", "Hãng bay nội địa hoàn tất nâng cấp đội tàu bay trước hạn",
          "Hãng cho biết đến sáng nay đã hoàn tất cập nhật phần mềm cho 69 tàu bay Airbus A321.")
    _item(day, "b_1.txt", "2025-11-30", "Nâng cấp xong đội máy bay thân hẹp của hãng nội địa",
          "Đại diện hãng xác nhận toàn bộ 69 tàu bay đã được cập nhật, sớm hơn thời hạn.")
    _item(day, "c_1.txt", "2025-11-30", "Thành phố chi ngân sách hỗ trợ người dân vùng ngập",
          "Ủy ban thành phố quyết định trích ngân sách hỗ trợ 12,5 tỉ đồng cho các hộ bị ngập.")
    for n in range(4):  # a figure this many items state is too common to ask for
        _item(day, f"d_{n}.txt", "2025-11-30", f"Tai nạn giao thông ở tỉnh miền núi số {n + 1}",
              "Vụ va chạm giữa xe tải và xe khách trên quốc lộ làm 2 người bị thương nặng.")
    return tmp_path / "feed"


def test_a_figure_is_asked_in_the_story_words_and_cites_every_item_stating_it(tmp_path):
    questions = generated_questions(_feed(tmp_path), count=10)
    by_answer = {q["answers"][0]: q for q in questions}
    assert set(by_answer) == {"69 tàu bay", "12,5 tỉ đồng"}  # "2 người": four items state it
    planes = by_answer["69 tàu bay"]
    assert "bao nhiêu tàu bay" in planes["question"] and "69" not in planes["question"]
    assert planes["question"].endswith("?") and planes["type"] == GENERATED
    assert planes["sources"] == ["2025-11-30/a_1.txt", "2025-11-30/b_1.txt"]
    assert planes["dates"] == ["2025-11-30"] and planes["lang"] == "vi"
    money = by_answer["12,5 tỉ đồng"]
    assert "bao nhiêu tỉ đồng" in money["question"] and money["sources"] == ["2025-11-30/c_1.txt"]


def test_generation_is_deterministic_and_writes_a_gold_file(tmp_path):
    feed = _feed(tmp_path)
    assert generated_questions(feed, count=10) == generated_questions(feed, count=10)
    gold = load_gold(write_generated_gold(feed, tmp_path / "gen.jsonl", count=10))
    assert len(gold) == 3  # the planes asked from either report, the sum from its one
    assert all(q.answerable and q.kind == GENERATED for q in gold)


def test_generated_rows_are_measured_on_and_never_fitted_on(tmp_path):
    rows = read_table(TABLE)
    held = [r for r in rows if held_out(r)]
    assert len(held) >= 60  # 30 questions and 30 counterfactuals at the least
    written = tmp_path / "written.jsonl"
    write_table([r for r in rows if not held_out(r)], written)
    with_held, figures = fit_table(TABLE)
    without, _ = fit_table(written)
    assert with_held.answer == without.answer and with_held.short == without.short
    assert (with_held.answer_cutoff, with_held.short_cutoff) == (without.answer_cutoff,
                                                                  without.short_cutoff)
    after = figures["held_out"]["all"]["after"]
    assert after["answerable"] == sum(r["answerable"] for r in held)
    assert json.dumps(after)  # figures a reader can be shown
