"""Counting and list questions, and the total read from "X joined N countries" (table-driven)."""

import pytest

from rag.answer.asked import gathering
from rag.text.totals import asks_for_partners, joined_total, total_note


@pytest.mark.parametrize(
    "question, kind",
    [
        ("How many countries signed the joint statement?", "count"),
        ("Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?", "count"),
        ("Có mấy nước tham gia?", "count"),
        ("Which officials spoke at the session?", "list"),
        ("Which countries joined the statement?", "list"),
        ("Who spoke for Vietnam at the session?", ""),
        ("Những nước nào tham gia Tuyên bố chung?", "list"),
        ("Những ai phát biểu tại phiên họp?", "list"),
        ("Which clubs beat Liverpool and Manchester City respectively?", "list"),
        ("Những tỉnh, thành nào đã công bố tình huống khẩn cấp?", "list"),
        ("Which UN convention did Vietnam urge countries to sign?", ""),
        ("Who is Guy Ryder?", ""),
        ("Nhiều đại biểu bày tỏ lo ngại trước số lượng nạn nhân nào gia tăng?", ""),
    ],
)
def test_gathering(question, kind):
    assert gathering(question) == kind


@pytest.mark.parametrize(
    "sentence, lang, note",
    [
        ("On the sidelines of the session the same day, Vietnam joined 43 countries in issuing "
         "the “Joint Statement”", "en", "That makes 44 countries in all: Vietnam and the 43 others."),
        ("Cũng trong ngày 24/11, Việt Nam cùng 43 nước từ nhiều khu vực đã cùng ra “Tuyên bố chung”",
         "vi", "Tức là tổng cộng 44 nước: Việt Nam và 43 nước khác."),
        ("Việt Nam cùng 43 nước ra Tuyên bố chung", "en",
         "That makes 44 countries in all: Việt Nam and the 43 others."),
        ("Korea, together with 12 other countries, ...", "en", None),  # a comma: not read
        ("43 countries signed the statement.", "en", None),  # already a total
        ("Vietnam joined 43 organisations.", "en", None),  # only countries are counted
    ],
)
def test_total_note(sentence, lang, note):
    assert total_note(sentence, lang) == note


@pytest.mark.parametrize("sentence, basis, total", [
    ("Vietnam joined 43 countries in issuing the statement.", "43 countries", "44 countries"),
    ("Hàn Quốc cùng với 12 quốc gia ra tuyên bố.", "12 quốc gia", "13 countries"),
    ("Brazil, together with 7 other nations, signed.", None, None),  # a comma: not read
])
def test_a_joined_total_is_computed_from_the_span_it_reads(sentence, basis, total):
    joined = joined_total(sentence)
    if basis is None:
        assert joined is None
        return
    assert sentence[joined.start : joined.end] == basis and joined.text("en") == total
    assert joined.arithmetic() == f"{joined.who} + {joined.n} = {joined.total}"


@pytest.mark.parametrize("question, partners", [
    ("Việt Nam cùng bao nhiêu nước ra tuyên bố?", True),  # the N of "cùng N nước"
    ("Singapore joined how many nations in the pact?", True),
    ("How many countries signed the pact?", False),  # the total
    ("Tổng cộng bao nhiêu nước ký hiệp ước?", False),
])
def test_a_question_counting_the_others_asks_for_n(question, partners):
    assert asks_for_partners(question) is partners
