"""Names, people and key phrases in Vietnamese and English questions (table-driven)."""

import pytest

from rag.text.mentions import key_phrases, names, people


def spans(text, found):
    return [text[s:e] for s, e in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Việt Nam cùng 43 nước ra Tuyên bố chung?", ["Việt Nam", "Tuyên"]),
        ("Còn Hàn Quốc thì sao?", ["Hàn Quốc"]),  # the opening "Còn" is no name
        ("Thủ tướng Úc Anthony Albanese kết hôn với ai?", ["Úc Anthony Albanese"]),
        ("Giá xăng giảm bao nhiêu?", []),  # a capital that only opens the question
        ("Malaysia nối lại tìm kiếm máy bay MH370", ["Malaysia", "MH370"]),
        ("Who is the head of IOM in Vietnam?", ["IOM", "Vietnam"]),
        ("And what did Vietnam call for?", ["Vietnam"]),
        ("What did the Republic of Korea present?", ["Republic of Korea"]),
        ("Phim 'Thám tử Kiên' lấy cảm hứng từ đâu?", ["Thám tử Kiên"]),
        ("VN-Index tăng bao nhiêu điểm?", ["VN-Index"]),
    ],
)
def test_names(text, expected):
    assert spans(text, names(text)) == expected


def test_names_leave_out_skipped_spans():
    text = "What happened on 24 November in New York?"
    assert spans(text, names(text, skip=[(17, 28)])) == ["New York"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bà Kendra Rinas, Trưởng Phái đoàn IOM tại Việt Nam, cho biết", ["Kendra Rinas"]),
        ("Phó Tổng Thư ký Liên hợp quốc phụ trách chính sách Guy Ryder kêu gọi", ["Guy Ryder"]),
        ("Công sứ Nguyễn Hoàng Nguyên phát biểu", ["Nguyễn Hoàng Nguyên"]),
        ("Fátima Bosch trở thành chủ nhân danh hiệu", ["Fátima Bosch"]),  # á is Spanish too
        ("Việt Nam và Hàn Quốc ký tuyên bố", []),  # two syllables with Vietnamese letters: places
    ],
)
def test_people(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("How many countries signed the joint statement?", ["countries", "joint statement"]),
        ("Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?",
         ["Việt Nam", "Tuyên bố chung", "nước"]),  # names first
        ("Why?", []),
    ],
)
def test_key_phrases(text, expected):
    assert key_phrases(text) == expected
