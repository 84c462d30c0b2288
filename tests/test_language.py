"""Offline vi/en detection from Vietnamese-only letters."""

import unicodedata

import pytest

from rag.text.language import detect_language


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?", "vi"),
        ("How many countries signed the joint statement?", "en"),
        ("Ai là Chủ tịch Đại hội đồng Liên hợp quốc?", "vi"),
        ("Who is the President of the UN General Assembly?", "en"),
        ("Đà Nẵng", "vi"),
        ("VIỆT NAM ĐỒNG Ý", "vi"),  # upper case
        (unicodedata.normalize("NFD", "Hà Nội mưa lớn"), "vi"),  # decomposed accents
        ("Nguyen Hoang Nguyen met Annalena Baerbock in New York.", "en"),  # names without accents
        ("The delegates met for a coffee at a café near the United Nations headquarters.", "en"),
        # an English question naming Vietnamese people and places: its small words are English
        ("How much did the actor Vương Đại Lục pay to dodge military service?", "en"),
        ("How many people died in Đắk Lắk as of the morning of 23 November?", "en"),
        # ... and a Vietnamese one naming English things: its syllables are Vietnamese
        ("Apple ra mắt iPhone 17 Pro Max với giá bao nhiêu?", "vi"),
        ("Do mưa lớn, trận đấu của The Cong Viettel bị hoãn đến ngày nào?", "vi"),
        # a title in quotes is in its own language: the words around it tell the text's
        ("Ai đóng vai chính trong phim 'The Man Who Knew Too Much'?", "vi"),
        ("How much did the 'Nghĩa tình phương Nam' concert raise for flood victims?", "en"),
        ("", "en"),
        ("2025-11-26 12:00 !!!", "en"),  # no letters
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_sample_articles_languages(sample_corpus):
    texts = {p.name: p.read_text(encoding="utf-8") for p in sample_corpus.glob("*.txt")}
    assert sorted(detect_language(t) for t in texts.values()) == ["en", "vi"]
