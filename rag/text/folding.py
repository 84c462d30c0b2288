"""Text folded for comparison (pure functions): the one place that says what "the same words"
means when a question, a quote and a model's answer are compared."""

from __future__ import annotations

import unicodedata


def casefolded(text: str) -> str:
    """NFC, case-folded; one character per character, so offsets found in it hold in the text."""
    return unicodedata.normalize("NFC", text).casefold()


def comparable(text: str) -> str:
    """Case-folded with white space collapsed: two phrases written alike compare equal."""
    return " ".join(casefolded(text).split())


def unaccented(text: str) -> str:
    """Case-folded without accents ("đ" as "d"): "Suárez" and "Suarez", "Hồng" and "hong" are one
    word."""
    return _stripped(text.casefold())


def ascii_letters(text: str) -> str:
    """The text in ASCII, case kept: accents off, "Đ"/"đ" as "D"/"d", anything else outside ASCII
    dropped, so a name reads alike in a Vietnamese item and an English one ("Đà Nẵng", "Da
    Nang")."""
    return _stripped(text).encode("ascii", "ignore").decode()


def _stripped(text: str) -> str:
    """The one accent stripping: "Đ"/"đ" (a letter of its own, which Unicode does not decompose)
    as "D"/"d", then every combining mark off."""
    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
