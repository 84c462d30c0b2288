"""Plain text from the bits of HTML that feeds and exports carry (summaries, `content:encoded`,
scraped bodies): paragraphs kept, tags, scripts and images dropped (pure functions)."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header footer "
    "figure figcaption pre dd dt hr".split()
)
_DROPPED = frozenset("script style noscript template iframe object svg head".split())
_SPACES = re.compile(r"[ \t\f\v\u00a0\u200b]+")


def looks_like_html(text: str) -> bool:
    """Whether a field holds markup rather than plain text ("a < b" does not count)."""
    return bool(_TAG.search(text))


def plain_text(value: str) -> str:
    """A field's text: markup turned into paragraphs when it has any; lines trimmed, runs of
    blank lines cut to one, so paragraphs are separated by exactly one blank line."""
    text = _from_html(value) if looks_like_html(value) else html.unescape(value)
    return tidy(text)


def tidy(text: str) -> str:
    """Line endings as `open()` reads them, spaces collapsed within lines, one blank line between
    paragraphs, nothing around the whole."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    return "\n\n".join(paragraphs)


def one_line(text: str) -> str:
    """A title: its text with white space (line breaks included) collapsed to single spaces."""
    return " ".join(plain_text(text).split())


def _from_html(fragment: str) -> str:
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return html.unescape(_TAG.sub(" ", fragment))
    for element in list(root.iter()):
        dropped = not isinstance(element.tag, str) or element.tag.lower() in _DROPPED
        if dropped and element.getparent() is not None:  # comments too
            element.drop_tree()
    parts: list[str] = []
    _walk(root, parts)
    return "".join(parts)


def _walk(element, parts: list[str]) -> None:
    block = isinstance(element.tag, str) and element.tag.lower() in _BLOCKS
    if block:
        parts.append("\n\n")
    if element.text:
        parts.append(element.text)
    for child in element:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n\n")
