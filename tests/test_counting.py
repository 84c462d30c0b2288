"""Counting and list questions, and counts stated relative to one party ("X joined N countries"),
table-driven."""

import pytest

from rag.answer.asked import gathering
from rag.text.totals import asks_for_others, counts_asked, party_count


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
        ("Cơn áp thấp có thể mạnh lên thành cơn bão thứ bao nhiêu trong năm?", ""),  # a rank
        ("Hội đồng nhân dân tỉnh khóa mấy họp phiên bất thường?", ""),  # a rank, without "thứ"
    ],
)
def test_gathering(question, kind):
    assert gathering(question) == kind


@pytest.mark.parametrize("sentence, who, n, basis, total, others", [
    ("Canada joined 12 countries in backing the plan.", "Canada", 12, "12 countries", 13, 12),
    ("Hàn Quốc cùng với 12 quốc gia ra tuyên bố.", "Hàn Quốc", 12, "12 quốc", 13, 12),
    ("Peru and four other nations signed the accord.", "Peru", 4, "four other nations", 5, 4),
    ("Together with 6 partners, Kenya launched the fund.", "Kenya", 6, "6 partners", 7, 6),
    ("Cùng với 9 nước, Lào thông qua văn kiện.", "Lào", 9, "9 nước", 10, 9),
    ("Ngoài Cần Thơ, còn 5 tỉnh khác tham gia.", "Cần Thơ", 5, "5 tỉnh", 6, 5),
    ("Bệnh viện Chợ Rẫy (BVCR) phối hợp với 3 bệnh viện.", "BVCR", 3, "3 bệnh", 4, 3),
    ("Đội tuyển quốc gia cùng lực lượng cứu hộ 2 tỉnh bạn", None, 0, None, 0, 0),  # no name
    ("Brazil is one of 20 countries backing the text.", "Brazil", 20, "20 countries", 20, 19),
    ("Đà Lạt nằm trong số 12 thành phố được chọn.", "Đà Lạt", 12, "12 thành", 12, 11),
    ("31 nước, trong đó có Lào, đã ký.", "Lào", 31, "31 nước", 31, 30),
    ("Dự án quy tụ thêm 7 nước, trong đó có Lào.", None, 0, None, 0, 0),  # 7 more, not 7 in all
    ("43 countries signed the statement.", None, 0, None, 0, 0),  # no party named: a total
    ("Thái Lan và 5 triệu khách quốc tế", None, 0, None, 0, 0),  # an amount, not parties
    ("Israel bắn hạ 20 UAV cùng 2 quả tên lửa.", None, 0, None, 0, 0),  # what was sent
    ("giống Rùa và Động vật có hai ngành", None, 0, None, 0, 0),  # capitals before N: no party
    ("Kenya and 6 other member states voted.", "Kenya", 6, "6 other member", 7, 6),
    ("Vietnam joined the WTO in 2007.", None, 0, None, 0, 0),
    ("Five banks have joined Citi in the loan.", "Citi", 5, "Five banks", 6, 5),  # after them
    ("12 doanh nghiệp khác đã cùng Vissan ký.", "Vissan", 12, "12 doanh", 13, 12),
    ("Lào, ngoài Thái Lan, 4 nước khác ký.", "Thái Lan", 4, "4 nước", 5, 4),  # mid-sentence
    ("3000 RPM in Europe and other countries with 50 Hertz power", None, 0, None, 0, 0),
])
def test_a_count_relative_to_one_party_is_read_with_the_span_it_reads(sentence, who, n, basis,
                                                                      total, others):
    count = party_count(sentence)
    if who is None:
        assert count is None
        return
    assert (count.who, count.n, count.total, count.others) == (who, n, total, others)
    assert sentence[count.start : count.end] == basis


@pytest.mark.parametrize("question, answer, arithmetic, note", [
    ("How many countries backed the plan?", 13, "Canada + 12 = 13",
     "That makes 13 in all: Canada and the 12 others."),
    ("Canada joined how many countries?", 12, "", ""),  # N as written: nothing to say
    ("Besides Brazil, how many countries back the text?", 19, "20 - Brazil = 19",
     "That is 19 besides Brazil."),
])
def test_the_figure_asked_for_says_how_it_follows(question, answer, arithmetic, note):
    sentence = ("Canada joined 12 countries in backing the plan." if "Brazil" not in question
                else "Brazil is one of 20 countries backing the text.")
    computed = party_count(sentence).asked(question, "en")
    if not arithmetic:
        assert computed is None  # N as written answers it
        return
    assert (computed.figure, computed.arithmetic, computed.note) == (answer, arithmetic, note)


@pytest.mark.parametrize("question, unit, sentence, question_lang, asked", [
    ("Bao nhiêu tỉnh ký?", "tỉnh", "Cần Thơ cùng 5 tỉnh ký kết", "vi", True),
    ("Bao nhiêu nước ký?", "nước", "Lào cùng 7 quốc gia ký kết", "vi", True),  # one unit group
    ("Có bao nhiêu ca mắc?", "ca", "Cần Thơ cùng 5 tỉnh ghi nhận 30 ca mắc", "vi", False),
    ("Có bao nhiêu liên đoàn ký?", "liên", "VFF cùng với liên đoàn 3 nước ký", "vi", True),
    ("How many UN member states backed it?", "un", "Peru, along with 6 fellow member states",
     "en", True),  # the words the question counts with, not only its first
    ("How many members signed?", "members", "Peru joined 4 banks", "en", True),  # any participant
    ("How many provinces signed?", "provinces", "Cần Thơ cùng 5 tỉnh ký kết", "en", True),
    ("How many organisations?", "organisations", "Hội Chữ Thập Đỏ cùng 3 tổ chức", "en", True),
    ("How many provinces signed?", "provinces", "Hội Chữ Thập Đỏ cùng 3 tổ chức", "en", False),
    ("How many football federations?", "football", "Hội Chữ Thập Đỏ cùng 3 tổ chức", "en", True),
])
def test_a_count_answers_only_a_question_counting_its_parties(question, unit, sentence,
                                                              question_lang, asked):
    count = party_count(sentence)
    sentence_lang = "en" if sentence.startswith("Peru") else "vi"
    assert counts_asked(count, question, unit, question_lang, sentence_lang) is asked


@pytest.mark.parametrize("question, others", [
    ("Việt Nam cùng bao nhiêu nước ra tuyên bố?", True),  # the N of "cùng N nước"
    ("Singapore joined how many nations in the pact?", True),
    ("Ngoài Huế, còn bao nhiêu tỉnh ký?", True),
    ("Apart from Chile, how many countries signed?", True),
    ("How many other banks lent to the project?", True),
    ("Có bao nhiêu trường đại học khác tham gia?", True),
    ("How many countries signed the pact?", False),  # the total
    ("Tổng cộng bao nhiêu nước ký hiệp ước?", False),
    ("Ngoài ra, bao nhiêu tỉnh ký?", False),  # "ngoài ra" is "besides that", no party
    ("Hiệp ước ký ở đâu và bao nhiêu nước tham gia?", False),  # "và" joins two questions
])
def test_a_question_counting_the_others_asks_for_n(question, others):
    assert asks_for_others(question) is others
