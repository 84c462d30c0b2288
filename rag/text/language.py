"""Offline vi/en language detection.

Vietnamese is written with letters that English never uses (ă, ơ, ư, đ and stacked tone marks), so
the share of such letters separates the two languages reliably, even on a short question, without a
model or a dependency.
"""

import unicodedata

_VIETNAMESE_LETTERS = set(
    "ăâđêôơư"
    "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
_THRESHOLD = 0.03


def detect_language(text: str) -> str:
    """Return "vi" or "en" for a text (defaults to "en" when there are no letters)."""
    letters = [ch for ch in unicodedata.normalize("NFC", text).lower() if ch.isalpha()]
    if not letters:
        return "en"
    share = sum(ch in _VIETNAMESE_LETTERS for ch in letters) / len(letters)
    return "vi" if share >= _THRESHOLD else "en"


LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}
