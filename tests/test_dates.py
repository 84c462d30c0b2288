"""Dates mentioned in article and question text, resolved against a reference date (table-driven)."""

import datetime as dt

import pytest

from rag.text.dates import find_dates

D = dt.date
PUBLISHED = D(2025, 11, 26)


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Trong các ngày 24-26/11, tại New York", [("24-26/11", D(2025, 11, 24),
                     D(2025, 11, 26))], id="vi-day-range"),
        pytest.param("Cũng trong ngày 24/11, bên lề", [("24/11", D(2025, 11, 24), D(2025, 11, 24))],
                     id="vi-day"),
        pytest.param("in New York on November 24-26.", [("November 24-26", D(2025, 11, 24),
                     D(2025, 11, 26))], id="en-month-day-range"),
        pytest.param("on 24 November 2024", [("24 November 2024", D(2024, 11, 24),
                     D(2024, 11, 24))], id="en-day-month-year"),
        pytest.param("ngày 3/12/2025", [("3/12/2025", D(2025, 12, 3), D(2025, 12, 3))],
                     id="vi-full-date"),
        pytest.param("tháng 11/2025", [("tháng 11/2025", D(2025, 11, 1), D(2025, 11, 30))],
                     id="vi-month"),
        pytest.param("in February 2024", [("February 2024", D(2024, 2, 1), D(2024, 2, 29))],
                     id="en-month-leap-year"),
        pytest.param("the 2024 Anti-Human Trafficking Law", [("2024", D(2024, 1, 1),
                     D(2024, 12, 31))], id="a-year-is-the-whole-year"),
        pytest.param("which was launched 15 years ago.", [("15 years ago", D(2010, 1, 1),
                     D(2010, 12, 31))], id="en-years-ago"),
        pytest.param("nhân kỷ niệm 15 năm thông qua văn kiện", [("kỷ niệm 15 năm", D(2010, 1, 1),
                     D(2010, 12, 31))], id="vi-anniversary"),
        pytest.param("cách đây 2 tuần", [("cách đây 2 tuần", D(2025, 11, 12), D(2025, 11, 18))],
                     id="vi-weeks-ago"),
        pytest.param("3 days ago", [("3 days ago", D(2025, 11, 23), D(2025, 11, 23))],
                     id="en-days-ago"),
        pytest.param("on December 20", [("December 20", D(2025, 12, 20), D(2025, 12, 20))],
                     id="no-year-nearest-occurrence"),
        pytest.param("He may speak; 43 countries; 31/02; 26-24/11; 13/13", [],
                     id="no-false-dates"),
        pytest.param("ngày 28.11, Bộ Y tế", [("28.11", D(2025, 11, 28), D(2025, 11, 28))],
                     id="thanh-nien-day"),
        pytest.param("sáng nay 20.8, giá vàng", [("20.8", D(2025, 8, 20), D(2025, 8, 20))],
                     id="thanh-nien-this-morning"),
        pytest.param("khai mạc ngày 22.8.2026", [("22.8.2026", D(2026, 8, 22), D(2026, 8, 22))],
                     id="thanh-nien-full-date-not-the-year"),
        pytest.param("hôm 19-8 và tối 28-11", [("19-8", D(2025, 8, 19), D(2025, 8, 19)),
                     ("28-11", D(2025, 11, 28), D(2025, 11, 28))], id="tuoi-tre-day"),
        pytest.param("từ 1-1-2026 học sinh", [("1-1-2026", D(2026, 1, 1), D(2026, 1, 1))],
                     id="tuoi-tre-full-date"),
        pytest.param("(20.8)", [("20.8", D(2025, 8, 20), D(2025, 8, 20))], id="in-parentheses"),
        pytest.param("on Aug. 19 in Washington", [("Aug. 19", D(2025, 8, 19), D(2025, 8, 19))],
                     id="en-abbreviated-month"),
        pytest.param("tối 19/8 giờ Mỹ", [("19/8", D(2025, 8, 19), D(2025, 8, 19))],
                     id="us-time"),
        pytest.param("thắng 2-1, rồi 3-0; giá 1.500 đồng, 1.50%; lãi 20.5%; 4.220,4 USD", [],
                     id="scores-and-numbers-are-not-dates"),
        pytest.param("the report of 2025-11-18 (updated 2024-02-29T08:00)", [
            ("2025-11-18", D(2025, 11, 18), D(2025, 11, 18)),
            ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29))], id="iso-day"),
    ],
)
def test_find_dates(text, expected):
    found = [(text[m.start:m.end], m.since, m.until) for m in find_dates(text, PUBLISHED)]
    assert found == expected


def test_year_ranges_and_codes_are_no_iso_days():
    text = "giai đoạn 2026-2030, mã 12/2025-11-18, số 2025-11-18-07, ngày 2025-02-30"
    assert {m.kind for m in find_dates(text, PUBLISHED)} == {"year"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("hôm nay 29-11 ở mức 4.220,4 USD", [("29-11", D(2025, 11, 29))]),  # the date wins
        ("Hôm qua, Bộ Công an cho biết", [("Hôm qua", D(2025, 11, 25))]),
        ("sáng nay giá vàng tăng", [("sáng nay", D(2025, 11, 26))]),
        ("vào thứ Ba, ông cho biết", [("thứ Ba", D(2025, 11, 25))]),  # the 26th is a Wednesday
        ("chủ nhật tuần này", [("chủ nhật", D(2025, 11, 23))]),
        ("The minister said yesterday", [("yesterday", D(2025, 11, 25))]),
        ("will meet tomorrow", [("tomorrow", D(2025, 11, 27))]),
    ],
)
def test_days_relative_to_the_publication_date(text, expected):
    found = [(text[m.start:m.end], m.since) for m in find_dates(text, PUBLISHED, relative=True)]
    assert found == expected
    assert not [m for m in find_dates(text, PUBLISHED) if m.kind in ("offset", "weekday")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # after a word for a time, at the start, in brackets, or capitalised: a weekday
        ("mở cửa từ thứ hai đến thứ bảy", [("thứ hai", D(2025, 11, 24)),
                                           ("thứ bảy", D(2025, 11, 22))]),
        ("hội chợ họp vào tối thứ năm hằng tuần", [("thứ năm", D(2025, 11, 20))]),
        ("Thứ sáu, đoàn khảo sát về tới xã", [("Thứ sáu", D(2025, 11, 21))]),
        ("lịch thi đấu (thứ 7) đã đổi", [("thứ 7", D(2025, 11, 22))]),
        ("phiên giao dịch thứ Hai khép lại", [("thứ Hai", D(2025, 11, 24))]),
        # after any other word: an ordinal, no day
        ("đội bóng thua lần thứ ba trong mùa", []),
        ("ở vòng đấu thứ 4 của giải", []),
        ("doanh thu tăng năm thứ sáu liên tiếp", []),
        ("bà là nữ thẩm phán thứ 2 của tòa", []),
        ("xếp hạng thứ năm châu Á", []),
    ],
)
def test_a_weekday_or_an_ordinal(text, expected):
    """"thứ ba" is Tuesday or "third": an ordinal follows the noun it counts."""
    found = [(text[m.start:m.end], m.since) for m in find_dates(text, PUBLISHED, relative=True)]
    assert found == expected


def test_without_a_reference_only_dates_with_a_year_are_kept():
    text = "On November 24, 15 years ago, and on 24 November 2025"
    assert [(m.since, m.until) for m in find_dates(text, None)] == [(D(2025, 11, 24),) * 2]


def test_a_question_resolves_to_the_past():
    today = D(2026, 1, 10)
    [nearest] = find_dates("on 24 December", today)
    [past] = find_dates("on 24 December", today, prefer="past")
    [ahead] = find_dates("on 12 January", today, prefer="past")
    assert nearest.since == D(2025, 12, 24) and past.since == D(2025, 12, 24)
    assert ahead.since == D(2025, 1, 12)  # not the day after tomorrow
    assert past.as_ints() == (20251224, 20251224)
