"""Text folded for comparison: one accent stripping, with "Đ" read as "D" (table-driven)."""

import pytest

from rag.text.folding import ascii_letters, unaccented
from rag.text.names import anchors


@pytest.mark.parametrize("text, folded", [
    ("Đà Nẵng", "Da Nang"), ("Đức Trịnh", "Duc Trinh"), ("Suárez", "Suarez"),
    ("Nguyễn Hoàng Nguyên", "Nguyen Hoang Nguyen"), ("O’Neil", "ONeil"),
])
def test_ascii_letters_keeps_case_and_reads_d_bar_as_d(text, folded):
    assert ascii_letters(text) == folded


def test_unaccented_is_the_casefolded_form_of_the_same_stripping():
    assert unaccented("Đà Nẵng ĐỨC") == "da nang duc"
    assert unaccented("O’Neil") == "o’neil"  # only accents go: the apostrophe stays


def test_names_starting_with_d_bar_survive_translation():
    """A name written with "Đ" in a Vietnamese item is the same anchor as its English spelling."""
    assert anchors("Đà Nẵng và Đức Trịnh") == {"Nang", "Duc", "Trinh"}
    assert anchors("Duc Trinh") <= anchors("Đức Trịnh")
