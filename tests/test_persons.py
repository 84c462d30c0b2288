"""A question asking who is answered only by a quote that names a person (rag/answer/persons.py):
over a small feed, real index and embeddings, with and without the report that names them."""

from __future__ import annotations

import datetime as dt

import pytest
from news_samples import write_feed

from rag import Assistant, Settings
from rag.answer.persons import _names_someone
from rag.text.folding import unaccented

TODAY = dt.date(2025, 12, 5)
# a story told twice: one report names the new coach, the other does not
NAMES_HIM = "2025-11-26/thanh-nien_5e6f7a8b.txt"
FEED = {
    NAMES_HIM:
        "CLB Sông Lam Nghệ An có tân huấn luyện viên trưởng\n\nChiều 26.11, CLB Sông Lam Nghệ An "
        "bổ nhiệm ông Phan Thanh Hùng làm huấn luyện viên trưởng thay người tiền nhiệm vừa từ "
        "chức sau chuỗi 5 trận không thắng.",
    "2025-11-26/vnexpress_6f7a8b9c.txt":
        "Sông Lam Nghệ An thay huấn luyện viên giữa mùa\n\nBan lãnh đạo CLB Sông Lam Nghệ An "
        "quyết định thay huấn luyện viên trưởng sau chuỗi 5 trận không thắng tại V-League, "
        "chiến lược gia mới sẽ ra mắt ở vòng 10.",
    "2025-11-25/tuoi-tre_7a8b9c0d.txt":
        "Giá cà phê xuất khẩu lập đỉnh\n\nGiá cà phê Robusta xuất khẩu ngày 25-11 lên 5.200 "
        "USD/tấn, cao nhất trong một năm.",
}
ASKED = ("Ai được CLB Sông Lam Nghệ An bổ nhiệm làm huấn luyện viên trưởng sau chuỗi trận "
         "không thắng?")


def _indexed(root, embedder, leave_out: str = "") -> Assistant:
    assistant = Assistant(settings=Settings(index_dir=str(root / "index"), llm="extractive"),
                          embedder=embedder, today=TODAY)
    assistant.ingest(write_feed(root / "corpus", FEED, leave_out))
    return assistant


@pytest.mark.slow
def test_who_is_answered_by_the_report_that_names_him(tmp_path, embedder):
    answer = _indexed(tmp_path, embedder).ask(ASKED)
    assert not answer.abstained
    assert "Phan Thanh Hùng" in answer.text


@pytest.mark.slow
def test_who_is_declined_when_the_reports_left_name_no_one(tmp_path, embedder):
    """The other report tells the story (the coach was replaced) but names no one: declined,
    naming it, and saying it does not give the name asked for."""
    answer = _indexed(tmp_path, embedder, leave_out=NAMES_HIM).ask(ASKED)
    assert answer.abstained and answer.citations == ()
    assert '"Sông Lam Nghệ An thay huấn luyện viên giữa mùa" (2025-11-26)' in answer.text
    assert "không nêu tên được hỏi" in answer.text


@pytest.mark.parametrize(
    "quote, someone",
    [
        # a title, a full name, a player's or singer's short name, a foreign one-word name
        ("Bà Lê Thị Hoa được bầu làm chủ tịch hội.", True),
        ("Tiền vệ Hoàng Đức sút phạt ấn định chiến thắng.", True),
        ("Văn Toàn đánh đầu mở tỷ số ở phút 12.", True),
        ("Haaland lập hat-trick trong trận thắng đậm.", True),
        ("Ca sĩ Mỹ Linh hoãn đêm nhạc vì lý do sức khỏe.", True),
        # bodies, places, codes, countries, lone syllables of an office: no one
        ("Phòng Cảnh sát kinh tế Công an tỉnh đã bắt giữ hai nghi phạm.", False),
        ("UBND phường Tân Định cho biết sẽ xử lý dứt điểm.", False),
        ("Người đàn ông bị bắt tại Đà Nẵng sau ba ngày lẩn trốn.", False),
        ("Cảnh sát Pháp bắt giữ ba người liên quan vụ trộm ở bảo tàng.", False),
        ("Phó bí thư Thành ủy chủ trì cuộc họp với các sở ngành.", False),
    ],
)
def test_who_is_named_in_a_quote(quote, someone):
    question = unaccented("Ai là người được nhắc tới?").casefold()
    assert _names_someone(quote, question) is someone


def test_a_name_the_question_gives_is_no_answer_to_who():
    question = unaccented("Ai thay ông Trần Minh Khoa làm giám đốc sở?").casefold()
    assert not _names_someone("Ông Trần Minh Khoa nghỉ hưu từ tháng 12.", question)


def test_a_headline_opening_on_the_name_asked_names_no_one():
    """A headline's capitalised first word glued to the question's own name ("Truyện Superman")
    is no one's name; a full name opening a quote still is."""
    question = unaccented("Who found the Batman comic in the attic?").casefold()
    assert not _names_someone("Truyện Batman trên gác xép giá hơn 3 triệu USD", question)
    assert _names_someone("Nguyễn Văn Tâm tìm thấy truyện Batman trên gác xép", question)
