"""What a question asks for, and the candidates a sentence holds for it (table-driven)."""

import pytest

from rag.answer.asked import read_question
from rag.answer.kinds import expected_answer
from rag.answer.spans import answer_spans, short_answer_in_quotes, stands_out
from rag.text.language import detect_language
from rag.types import Citation, Expectation, ShortAnswer


def asked(question: str):
    return read_question(question, detect_language(question))


@pytest.mark.parametrize(
    "question, kind, hint, unit",
    [
        ("Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?", "number", "", "nước"),
        ("How many people had been confirmed dead by 30 November?", "number", "", "people"),
        ("Năm 2024 Việt Nam đã phát hiện bao nhiêu nạn nhân bị mua bán?", "number", "",
         "nạn nhân"),
        ("At what level did the world gold price close the week?", "number", "", ""),
        ("What starting price per share was set for the auction?", "number", "", ""),
        ("Cơ sở hậu mãi thứ 350 của VinFast được đặt ở tỉnh nào?", "entity", "place", ""),
        ("Where was the wedding held?", "entity", "place", ""),
        ("Ai là Chủ tịch Đại hội đồng Liên hợp quốc?", "entity", "person", ""),
        ("Who scored a hat-trick in Arsenal's 4-1 win?", "entity", "person", ""),
        ("Giám đốc Sở Nội vụ nào được chỉ định đứng đầu UBND đặc khu Hoàng Sa?", "entity",
         "person", ""),
        ("Tập đoàn Thái Lan nào nắm trên 94% cổ phần của Sovi?", "entity", "organisation", ""),
        ("Phần 2 của phim lấy cảm hứng từ cuốn sách nào?", "entity", "", ""),
        ("From what date will students be barred from using smartphones?", "date", "", "day"),
        ("Bệnh viện ra mắt cơ sở 2 khi nào?", "date", "", ""),
        ("Tuyên bố chung được đưa ra vào ngày nào?", "date", "", "day"),
        ("Việt Nam sửa đổi Luật Phòng, chống mua bán người năm nào?", "date", "", "year"),
        ("In what year was the Global Compact adopted?", "date", "", "year"),
        ("Liverpool thua Nottingham Forest với tỷ số nào?", "score", "", ""),
        ("What was the final score of the second leg?", "score", "", ""),
        ("Trận đấu còn lại bao lâu khi Denver nâng tỷ số lên 24-10?", "number", "", ""),
        ("What kind of migration channels did Vietnam call for?", "description", "", ""),
        ("Warsaw thuộc loại thành phố nào?", "description", "", ""),
        ("Sứa lược dùng bộ phận nào thay cho răng?", "description", "", ""),  # not "bộ phim"
        ("In the encoding, what is the way in which integers are expressed?", "description", "",
         ""),
        ("What did Vietnam call on the international community to do?", "description", "", ""),
    ],
)
def test_expected_answer(question, kind, hint, unit):
    assert expected_answer(question) == Expectation(kind, hint, unit)


@pytest.mark.parametrize(
    "question, sentence, best",
    [
        ("Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?",
         "Việt Nam cùng 43 nước từ nhiều khu vực đã cùng ra Tuyên bố chung.", "43 nước"),
        ("How many countries signed the joint statement?",
         "Việt Nam cùng 43 nước đã ra Tuyên bố chung.", "43 nước"),  # the unit in Vietnamese
        ("Công an cáo buộc hai cán bộ thuế nhận tổng cộng bao nhiêu tiền?",
         "Bắt tạm giam 2 cán bộ thuế nhận 4,3 tỉ đồng hối lộ", "4,3 tỉ đồng"),
        ("At what level did the world gold price close the week on 29 November 2025?",
         "Giá vàng tăng 62,9 USD/ounce, kết thúc tuần ở mức 4.220,4 USD/ounce.",
         "4.220,4 USD/ounce"),
        ("Nhạc sĩ Nguyễn Văn Chung trúng tuyển với tổng điểm là bao nhiêu?",
         "Ông trúng tuyển hệ chính quy (4 năm) với tổng điểm 21,17.", "21,17"),
        ("How many balls did Josh Norman intercept?",
         "Josh Norman recorded four interceptions that season.", "four interceptions"),
        ("Cơ sở hậu mãi thứ 350 của VinFast được đặt ở tỉnh nào?",
         "VinFast khai trương cơ sở hậu mãi thứ 350 tại Bắc Ninh.", "Bắc Ninh"),
        ("Whom did Australian Prime Minister Anthony Albanese marry?",
         "Thủ tướng Úc Anthony Albanese kết hôn với bạn gái Jodie Haydon tại Canberra.",
         "Jodie Haydon"),
        ("Người con lớn của tỷ phú Phạm Nhật Vượng có tên đầy đủ là gì?",
         "Ông Phạm Nhật Quân Anh, con trai cả của ông Phạm Nhật Vượng, vào HĐQT.",
         "Phạm Nhật Quân Anh"),  # shares a surname with the question, not its name
        ("Who is the President of the UN General Assembly?",
         "Chủ tịch Đại hội đồng Liên hợp quốc Annalena Baerbock phát biểu khai mạc.",
         "Annalena Baerbock"),
        ("Which Leopard tank variant did KNDS unveil?",
         "KNDS ra mắt Leopard 2A8 đầu tiên cho quân đội Đức.", "Leopard 2A8"),
        ("Phần 2 của phim lấy cảm hứng từ cuốn sách nào?",
         "Phần 2 lấy cảm hứng từ cuốn 'Phục Gia truyện' của Tôn Thất Hân.", "Phục Gia truyện"),
        ("When is the search for MH370 due to resume?",
         "Malaysia sẽ nối lại tìm kiếm MH370 từ ngày 30-12-2025.", "30-12-2025"),
        ("When did the partnership form?", "Tesla partnered with two businessmen in 1886.",
         "1886"),
        ("Sự kiện tuyệt chủng xảy ra khi nào?", "Sự kiện xảy ra cách đây 66 triệu năm trước.",
         "66 triệu năm trước"),
        ("Liverpool thua Nottingham Forest với tỷ số nào?",
         "Liverpool thua Nottingham Forest 0-3 ngày 22-11 trên sân nhà.", "0-3"),
        # a one-syllable unit ends there; a two-syllable one is kept whole
        ("Địa tầng học phát triển ở nước nào?",  # a clause's first word is no part of a name
         "Ở Trung Quốc, học giả Shen Kuo đưa ra giả thuyết về quá trình hình thành đất.",
         "Trung Quốc"),
        ("Where did Vietnam's anti-trafficking talks take place?",  # one-syllable country
         "Cuộc họp giữa Việt Nam và Úc diễn ra tại Pháp tuần trước.", "Pháp"),
        ("Siêu đô thị đứng thứ mấy về dân số?",  # a rank, not "một môi trường"
         "Đây là một môi trường đô thị lớn, đứng thứ ba về dân số cả nước.", "thứ ba"),
        ("Có bao nhiêu người chết?", "Vụ cháy làm một người chết.", "một người"),  # the unit
        ("Có bao nhiêu người đã chết ở Algiers?", "Algiers mất 30 đến 50 nghìn dân năm 1620.",
         "30 đến 50 nghìn dân"),  # "dân" counts people
        ("Giá vàng ở nước nào cao nhất, tính theo USD?",  # "USD" does not name the US
         "Giá vàng tại Mỹ cao nhất, 4.200 USD/ounce.", "Mỹ"),
        ("Polonia giành được cúp bao nhiêu lần?",  # English counts in words
         "Polonia won the Polish Cup twice.", "twice"),
        ("Sân bay đứng thứ mấy về lượng khách quốc tế?",
         "LAX is the third busiest airport by international passengers.", "third"),
        ("How many times did plague occur in Venice?", "Dịch hạch bùng phát 22 lần ở Venice.",
         "22 lần"),
        ("Phí phát sóng hàng năm cho các kênh là bao nhiêu?",  # a sum with its sign
         "The annual fee for the channels was £30m.", "£30m"),
        ("Có bao nhiêu người Huguenot rời nước Pháp?",  # an English count names its noun
         "By the 1700s some 500,000 Huguenots had fled France.", "500,000 Huguenots"),
        # a contrast sets a figure aside
        ("Sinh viên Trường Du lịch chỉ được nhận bao nhiêu tiền?",
         "Sinh viên chỉ được chi 940.000 đồng, trong khi các trường khác được nhận 1,6 triệu "
         "đồng.", "940.000 đồng"),
        ("Luke Kuechly đã có bao nhiêu cú húc?",  # the contrast names the one asked about
         "Davis có 4 lần húc văng bóng, trong khi Kuechly dẫn đầu về số lần húc (118 lần).",
         "118 lần"),
        ("Các trường khác trả bao nhiêu tiền cho mỗi sinh viên?",  # a two-syllable per-unit
         "Các trường khác trả từ 1,6 triệu đồng/sinh viên.", "1,6 triệu đồng/sinh viên"),
        ("Đại lý ở Tây Ninh đổi thưởng bao nhiêu tờ?",
         "Một đại lý ở Tây Ninh đổi thưởng 4 tờ trúng độc đắc.", "4 tờ"),
        ("Có bao nhiêu hài cốt liệt sĩ được tìm thấy?",
         "Đoàn đã tìm thấy 417 hài cốt liệt sĩ tại Quảng Trị.", "417 hài cốt"),
    ],
)
def test_the_best_candidate(question, sentence, best):
    found = answer_spans(sentence, asked(question), "2025-11-30")
    assert found and found[0].text == best
    assert sentence[found[0].start : found[0].end] == found[0].text


@pytest.mark.parametrize(
    "question, sentence",
    [
        # the figure asked for is not there, though others are
        ("How many spectators attended the opening match?",
         "Việt Nam thắng Lào 2-1 ở trận mở màn SEA Games 33 trước 20.000 lượt truy cập."),
        ("Người Việt vào casino phải trả phí vào cửa bao nhiêu mỗi lượt?",
         "Người Việt từ 21 tuổi, có thu nhập từ 10 triệu mỗi tháng được vào chơi casino."),
        ("Dự án cầu Bình Triệu 1 có tổng vốn đầu tư bao nhiêu?",
         "Dự án cầu Bình Triệu 1 dự kiến thông xe vào cuối tháng 11.2025."),
        ("Việt Nam đã sửa luật năm nào?", "Luật được thông qua ngày 24/11."),  # no year
        # names the question holds, sentence-opening capitals, titles cut off, dates
        ("Phi công vụ tiêm kích Tejas của Ấn Độ rơi ở Dubai tên là gì?",
         "Chiến đấu cơ Tejas của Ấn Độ rơi khi trình diễn tại Dubai."),
        ("Who won?", "On November 24-26, delegates met."),
        # "one" as an article, a rank where a count is asked
        ("How much of the forest did the fire destroy?",
         "The fire was one of the largest the region has seen."),
        ("Brazil sản xuất bao nhiêu đậu nành?", "Brazil là nhà sản xuất đậu nành lớn thứ hai."),
        # a unit is named: a percentage does not count it, whatever "rate" says
        ("The rate of clearing was how many square miles per year?",
         "Tốc độ phá rừng tăng hơn 18% mỗi năm."),
        ("How many people died?", "He was the first to die in the fire."),  # no rank asked
        # a day is asked: "15 years ago" and a year do not say which
        ("On which dates was the session held?",
         "The plan was launched 15 years ago and reviewed in 2025."),
        ("Ở đâu bị ảnh hưởng?", "Ở một số trường hợp, nguồn nhiệt là lò phản ứng."),
        # the question names the place in the other language
        ("Which two Southeast Asian countries share a currency agreement?",
         "Hiệp định giúp đồng tiền hai nước Đông Nam Á này được giao dịch ngang giá."),
        ("In the US, who decides on the requirements for teachers?",
         "Tại Hoa Kỳ, các yêu cầu do luật quy định."),
    ],
)
def test_no_candidate(question, sentence):
    assert answer_spans(sentence, asked(question), "2025-11-30") == []


def test_a_description_has_no_candidates():
    question = "What did Vietnam call on the international community to do?"
    assert answer_spans("It called for safe migration.", asked(question)) == []


def test_a_written_answer_gets_a_short_answer_only_from_a_quote():
    question = "How many countries signed the joint statement?"
    quote = "Vietnam joined 43 countries in issuing the Joint Statement."
    quotes = [Citation(1, "a.txt", "2025-11-27", quote, 1000, 1000 + len(quote))]
    found = short_answer_in_quotes("Vietnam and 43 countries signed it [1].", quotes,
                                   asked(question))
    at = 1000 + quote.index("43")
    assert found == ShortAnswer("43 countries", 1, at, at + len("43 countries"))
    assert short_answer_in_quotes("They were 44 countries [1].", quotes, asked(question)) is None
    # the same figure in the quote's own words: "43 other countries" is the quote's "43 countries"
    assert short_answer_in_quotes("Vietnam joined 43 other countries [1].", quotes,
                                  asked(question)) == found


@pytest.mark.parametrize("question, sentence, cross, shown", [
    # one name, or a name under the role asked for: shown
    ("Who took the photo?", "(Ảnh: Thanh Tuấn/TTXVN)", False, True),
    ("Who is the President of the UN General Assembly?",
     "Chủ tịch Đại hội đồng Liên hợp quốc Annalena Baerbock và Đại sứ Kim Dong-hyun phát biểu.",
     True, True),
    # two names and nothing to tell them apart: the sentence is evidence, no name is put first
    ("Who spoke at the meeting?", "Guy Ryder and Kendra Rinas spoke at the meeting.", False, False),
    # a single figure in the question's language: shown; two close ones: not
    ("How many countries signed the statement?", "43 countries signed the statement.", False, True),
    ("How many goals were scored?", "Arsenal scored 3 goals and Chelsea scored 2 goals.", False,
     False),
    # one accented capitalised syllable may begin a longer name: evidence, never shown
    ("Ai phân tích các lõi khoan?", "Họ tái tạo các quá trình trên bề mặt Trái đất.", False,
     False),
    ("Cơ quan nào nói điều đó là hợp hiến?", "Phán quyết của Tòa án Tối cao năm 1977.", False,
     False),
    ("Họ gặp nhau ở nước nào?", "Hai bên gặp nhau tại Pháp.", False, True),  # a whole name
    # a country is nobody's name, nor a city
    ("Who did Internet2 partner with?", "Internet2 là một tập đoàn mạng của Hoa Kỳ.", True,
     False),
    ("Which is the largest city without a highway?", "Đây là đô thị lớn nhất Hoa Kỳ.", True,
     False),
    ("Which country hosted the games?", "Thế vận hội diễn ra tại Hoa Kỳ.", True, True),
    # across languages a figure must score high on its own, and lead as in one language
    ("How many countries signed the statement?", "43 nước đã ký tuyên bố.", True, True),
    ("How many goals did Arsenal and Chelsea score?", "Arsenal ghi 3 bàn, Chelsea ghi 2 bàn.",
     True, False),
])
def test_a_short_answer_is_shown_only_when_it_stands_out(question, sentence, cross, shown):
    spans = answer_spans(sentence, asked(question), "2025-11-26")
    assert spans
    assert stands_out(spans[0], spans, asked(question), cross) is shown


def test_a_fractions_denominator_counts_nothing():
    question = "What share of the deputies backed the bill?"
    sentence = "Dự luật được hai phần ba đại biểu ủng hộ."
    found = answer_spans(sentence, asked(question))
    assert [c.text for c in found] == ["hai phần ba"]
