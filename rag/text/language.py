"""Offline vi/en language detection.

Vietnamese is written with letters that English never uses (ă, ơ, ư, đ and stacked tone marks), so
the share of such letters separates the two languages reliably, even on a short question, without a
model or a dependency. An English question naming Vietnamese places and people ("How much money
did actor Vương Đại Lục admit to paying?") has such letters too, but only in its names: it is read
by its words, and English's small words outnumber the names' syllables.
"""

import re
import unicodedata

from .lexicon import en

_VIETNAMESE_LETTERS = set(
    "ăâđêôơư"
    "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
_THRESHOLD = 0.03
_WORD = re.compile(r"[^\W\d_]+")
# a title or a name in quotes is in its own language ("Ai đóng vai chính trong 'The Man Who Knew
# Too Much'?"): the words around it tell the text's
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)")


def detect_language(text: str) -> str:
    """Return "vi" or "en" for a text (defaults to "en" when there are no letters)."""
    lowered = unicodedata.normalize("NFC", text).lower()
    letters = [ch for ch in lowered if ch.isalpha()]
    if not letters:
        return "en"
    share = sum(ch in _VIETNAMESE_LETTERS for ch in letters) / len(letters)
    if share < _THRESHOLD:
        return "en"
    words = _WORD.findall(_QUOTED.sub(" ", lowered)) or _WORD.findall(lowered)
    vietnamese = sum(any(ch in _VIETNAMESE_LETTERS for ch in word) for word in words)
    english = sum(word in en.FUNCTION_WORDS for word in words)
    return "en" if english > vietnamese else "vi"


LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}
