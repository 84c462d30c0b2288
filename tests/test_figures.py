"""Numbers as claims and quotes state them (table-driven)."""

import pytest

from rag.check.figures import claim_numbers, numbers_stated, stated_numbers


@pytest.mark.parametrize(
    "text, stated, claimed",
    [
        ("43 countries", {"43"}, {"43"}),
        ("on 24-26/11/2025", {"24", "26", "11", "2025"}, {"24", "26", "11", "2025"}),
        ("2,000 people", {"2", "0", "2000"}, {"2000"}),
        ("2.000 người", {"2", "0", "2000"}, {"2000"}),
        ("21,17 điểm", {"21", "17"}, {"21", "17"}),
        ("ngày 08/12", {"8", "12"}, {"8", "12"}),
        ("in New York on November 24-26", {"24", "26", "11"}, {"24", "26"}),  # a month by name
        ("Vietnam joined 43 countries", {"43", "44"}, {"43"}),  # and the total it implies
        ("no numbers, and may is not May", {"5"}, set()),
        ("Marine Decision, Sept. 3 and Oct 4", {"9", "3", "10", "4"}, {"3", "4"}),
        ("5km on the 27th, see 001_eb6c4f8.txt or H5N1", {"5", "27"}, {"5", "27"}),
    ],
)
def test_numbers(text, stated, claimed):
    assert stated_numbers(text) == stated
    assert claim_numbers(text) == claimed


@pytest.mark.parametrize(
    "claim, quote, year, stated",
    [
        ("Vietnam joined 43 countries", "Vietnam joined 43 countries in issuing it", None, True),
        ("44 countries signed it", "Vietnam joined 43 countries in issuing it", None, True),
        ("45 countries signed it", "Vietnam joined 43 countries in issuing it", None, False),
        ("In 2025, 43 countries", "Vietnam joined 43 countries", "2025", True),
        ("In 2019, 43 countries", "Vietnam joined 43 countries", "2025", False),
        ("held on 24-26/11", "held in New York on November 24-26", None, True),
        ("no figure at all", "Vietnam joined 43 countries", None, True),
    ],
)
def test_numbers_stated(claim, quote, year, stated):
    assert numbers_stated(claim, quote, year) is stated
