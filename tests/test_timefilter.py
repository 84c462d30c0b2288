"""Time intent in questions (vi and en), and how the query joins it to the filter (table-driven)."""

import datetime as dt
from pathlib import Path

import pytest

from rag import assistant as assistant_module
from rag.evaluate.gold import load_gold
from rag.retrieve import retriever as retriever_module
from rag.retrieve.timefilter import read_intent, time_filter
from rag.types import TimeFilter

TODAY = dt.date(2025, 12, 3)  # a Wednesday
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "question, since, until, recency",
    [
        ("What is the latest on the joint statement?", None, None, True),
        ("Tin mới nhất về mua bán người?", None, None, True),
        ("What happened last week?", "2025-11-24", "2025-11-30", False),
        ("Tuần trước có tin gì về Liên hợp quốc?", "2025-11-24", "2025-11-30", False),
        ("Tuần vừa qua giá cà phê giảm mấy phiên?", "2025-11-24", "2025-11-30", False),
        ("Tháng vừa qua có bao nhiêu vụ lừa đảo qua mạng?", "2025-11-01", "2025-11-30", False),
        ("What was said yesterday?", "2025-12-02", "2025-12-02", False),
        ("Tháng trước Việt Nam làm gì?", "2025-11-01", "2025-11-30", False),
        ("What did the Assembly adopt in 2024?", "2024-01-01", "2024-12-31", False),
        ("Năm 2024 Việt Nam đã làm gì?", "2024-01-01", "2024-12-31", False),
        ("Việt Nam làm gì trong năm 2024?", "2024-01-01", "2024-12-31", False),
        ("What happened on 24 November?", "2025-11-24", "2025-11-24", False),
        ("Ngày 24/11 có sự kiện gì?", "2025-11-24", "2025-11-24", False),
        ("What was the latest news in November 2025?", "2025-11-01", "2025-11-30", True),
    ],
)
def test_read_intent(question, since, until, recency):
    intent = read_intent(question, TODAY)
    assert intent is not None
    assert (intent.since, intent.until, intent.recency) == (since, until, recency)
    assert intent.phrase and intent.source == "question"


@pytest.mark.parametrize(
    "question",
    [
        "Amendments to Vietnam's Anti-Human Trafficking Law of which year were cited?",
        "Luật Phòng, chống mua bán người sửa đổi năm 2024 có hiệu lực từ ngày nào?",
        "What did the 2024 law change?",
        "How many countries signed the joint statement?",
        "Who spoke for Vietnam at the session?",
        "Whose wall has fragments visible in places around Newcastle even today?",
        "Nguyên lý này được phát triển 100 năm trước thuyết tiến hóa của ai?",
        "Một tuần trước khi phiên họp diễn ra, ai đã phát biểu?",
        # a span of that many units back, not last month / last year / last week
        "Trong 8 tháng qua, giá thép xây dựng tăng bao nhiêu lần?",
        "Trận lũ lớn nhất 30 năm qua gây thiệt hại bao nhiêu?",
        "Sau 3 tuần qua, đội tuyển đã thắng mấy trận?",
    ],
)
def test_no_time_intent(question):
    assert read_intent(question, TODAY) is None


GOLD_WITH_TIME_INTENT = {"sample-un-03", "sample-un-04", "sample-time-01", "sample-time-02",
                         "sample-time-03", "sample-time-04"}


def test_the_gold_questions_without_time_words_carry_no_intent():
    """Questions with no time intent keep the old ranking: retrieval gets no time filter."""
    with_intent = {q.id for q in load_gold(ROOT / "data/gold_qa.jsonl")
                   if read_intent(q.question, TODAY)}
    assert with_intent == GOLD_WITH_TIME_INTENT


@pytest.mark.parametrize(
    "question, since, until",
    [
        ("Trong phiên giao dịch liền trước phiên ngày 26/11/2025, VN-Index giảm bao nhiêu?",
         "2025-11-16", "2025-11-25"),
        ("Ở kỳ điều hành giá liền sau kỳ ngày 20/11/2025, giá xăng về mức nào?",
         "2025-11-21", "2025-12-04"),
        ("What did the index do on the day before 26 November 2025?", "2025-11-16",
         "2025-11-25"),
        ("Sau kỳ xổ số miền Nam ngày 22/11/2025, đại lý nào đổi thưởng?", "2025-11-22",
         "2025-11-22"),  # "sau" far from the date: the draw's own day
        ("Ngày 28.11, Bộ Y tế nói gì?", "2025-11-28", "2025-11-28"),
    ],
)
def test_before_and_after_a_day_move_the_range(question, since, until):
    when = read_intent(question, TODAY)
    assert (when.since, when.until) == (since, until)


ASKED_LATER = dt.date(2026, 12, 7)  # a year after the archive's newest article (TODAY)


@pytest.mark.parametrize(
    "question, since, until",
    [
        # a period wholly after the archive counts from its newest article
        ("Năm nay xuất khẩu cà phê đạt bao nhiêu tỷ USD?", "2025-01-01", "2025-12-31"),
        ("How many visitors did the museum draw this year?", "2025-01-01", "2025-12-31"),
        ("Hôm qua giá xăng tăng bao nhiêu?", "2025-12-02", "2025-12-02"),
        ("Which firms announced layoffs last week?", "2025-11-24", "2025-11-30"),
        ("Tháng trước có bao nhiêu vụ cháy rừng?", "2025-11-01", "2025-11-30"),
        # one the archive reaches into counts from today
        ("Năm ngoái xuất khẩu gạo đạt bao nhiêu?", "2025-01-01", "2025-12-31"),
    ],
)
def test_a_period_after_the_whole_archive_is_read_against_its_newest_article(question, since,
                                                                              until):
    when = read_intent(question, ASKED_LATER, newest=TODAY)
    assert (when.since, when.until) == (since, until)


def test_a_period_the_archive_reaches_counts_from_today():
    # the archive ends on Friday 5 December; asked on Wednesday the 10th, last week is 1-7 December
    when = read_intent("What happened last week?", dt.date(2025, 12, 10),
                       newest=dt.date(2025, 12, 5))
    assert (when.since, when.until) == ("2025-12-01", "2025-12-07")


def test_explicit_options_win_over_the_question():
    when = time_filter("What is the latest news from last week?", TODAY, since="2025-01-01")
    assert when == TimeFilter("2025-01-01", None, True, "latest", "options")
    assert time_filter("Who spoke?", TODAY, until="2025-06-30") == TimeFilter(
        None, "2025-06-30", False, "", "options")
    assert time_filter("Who spoke?", TODAY) is None


UN_STORY = {"a1_vi_original.txt", "a2_en_original.txt", "a3_en_copy.txt", "a4_vi_copy.txt",
            "a5_en_brief.txt"}  # published 26-28 November, all mentioning the 24th


@pytest.mark.slow
def test_a_date_in_the_question_ranks_articles_that_mention_it_first(variants_index):
    retrieval = variants_index.assistant.retrieve("What happened at the UN on 24 November 2025?")
    assert retrieval.time_filter == TimeFilter("2025-11-24", "2025-11-24", False,
                                               "24 November 2025")
    # the story's two best chunks lead (two per story: the rest are other stories' chunks,
    # which mention other dates and are kept in reach, not excluded)
    assert [h.chunk.file in UN_STORY for h in retrieval.hits[:2]] == [True, True]
    plain = variants_index.assistant.retrieve("What happened at the UN?")
    assert plain.time_filter is None
    in_story = [h.score for h in retrieval.hits if h.chunk.file in UN_STORY]
    others = [h.score for h in retrieval.hits if h.chunk.file not in UN_STORY]
    assert min(in_story) > max(others, default=0)


@pytest.mark.slow
def test_latest_prefers_newer_articles(variants_index):
    plain = variants_index.assistant.retrieve("What is the news about trafficking victims?")
    latest = variants_index.assistant.retrieve("What is the latest news about trafficking victims?")
    assert plain.time_filter is None and latest.time_filter.recency
    assert latest.files()[0] == "c1_vi_iom_workshop.txt"  # published 2025-12-05, the newest
    old = "d1_en_law_adopted.txt"  # published 2024-11-28, the oldest
    assert latest.files().index(old) > plain.files().index(old)


@pytest.mark.slow
def test_last_week_is_relative_to_today_and_options_win(variants_index):
    # VARIANTS_TODAY is 2025-12-10: last week is 1-7 December, which only c1 falls in; it is
    # preferred, the others stay in reach
    answer = variants_index.assistant.ask("Tuần trước có hội thảo gì về nạn nhân bị mua bán?")
    assert answer.time_filter.since == "2025-12-01"
    assert answer.retrieved[0] == "c1_vi_iom_workshop.txt"
    assert {c.file for c in answer.citations} == {"c1_vi_iom_workshop.txt"}
    explicit = variants_index.assistant.ask(
        "Tuần trước có hội thảo gì về nạn nhân bị mua bán?", since="2024-11-01",
        until="2024-11-30")
    assert explicit.time_filter.source == "options"  # --since/--until: a hard filter
    assert set(explicit.retrieved) == {"d1_en_law_adopted.txt"}


def _no_time_logic(monkeypatch) -> None:
    """Retrieval as it was before time intent: no time filter is read from the question, no
    candidate windows for a time range, no re-ranking by date fit or by recency."""
    monkeypatch.setattr(assistant_module, "time_filter", lambda *args, **kwargs: None)
    monkeypatch.setattr(retriever_module.HybridRetriever, "_time_windows",
                        staticmethod(lambda query: []))
    monkeypatch.setattr(retriever_module, "prefer_in_time", lambda ranking, *args: ranking)
    monkeypatch.setattr(retriever_module, "prefer_recent", lambda ranking, *args: ranking)


@pytest.mark.slow
def test_questions_without_time_intent_are_ranked_as_before(sample_index, monkeypatch):
    """Questions with no time intent rank exactly as a retriever without any time logic ranks
    them: same chunks, same order, same scores."""
    questions = [q.question for q in load_gold(ROOT / "data/gold_qa.jsonl")
                 if q.id not in GOLD_WITH_TIME_INTENT]
    assert len(questions) > 40

    def rankings() -> list[list[tuple[str, float]]]:
        retrievals = [sample_index.assistant.retrieve(q) for q in questions]
        assert [r.time_filter for r in retrievals] == [None] * len(questions)
        return [[(h.chunk.id, h.score) for h in r.hits] for r in retrievals]

    with_time_logic = rankings()
    _no_time_logic(monkeypatch)
    without_time_logic = rankings()
    for question, ranked, plain in zip(questions, with_time_logic, without_time_logic):
        assert ranked and ranked == plain, question
