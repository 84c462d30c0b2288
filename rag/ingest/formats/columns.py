"""Which column of an export row holds which field (pure functions).

Exports from feed readers, scrapers and news APIs name their columns in a handful of ways; each
field lists the names we recognise, compared without case, spaces or punctuation ("pubDate",
"published_at" and "Published At" are one name). The `columns` setting names others
("body=noi_dung, date=ngay_dang"); those come first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

# in order of preference; a field's first non-empty column wins
KNOWN_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "tieude", "tiêuđề", "subject"),
    "summary": ("summary", "description", "desc", "excerpt", "lead", "sapo", "abstract", "teaser",
                "standfirst", "subtitle", "tomtat", "tómtắt", "môtả", "mota"),
    "body": ("body", "content", "text", "maintext", "articlebody", "fulltext", "article",
             "contentencoded", "story", "noidung", "nộidung", "html", "contenthtml"),
    "url": ("url", "link", "href", "permalink", "canonicalurl", "articleurl", "sourceurl", "uri",
            "guidurl", "đườngdẫn", "duongdan", "liênkết", "lienket"),
    "date": ("published", "publishedat", "pubdate", "publishdate", "publisheddate", "datepublish",
             "datepublished", "publicationdate", "publishedtime", "date", "datetime", "time",
             "created", "createdat", "timestamp", "ngày", "ngay", "ngaydang", "ngàyđăng",
             "thoigian", "thờigian"),
    "outlet": ("outlet", "source", "sourcename", "site", "sitename", "publisher", "publication",
               "newspaper", "domain", "sourcedomain", "feed", "feedtitle", "feedname", "báo",
               "nguon", "nguồn"),
    "id": ("id", "guid", "uid", "uuid", "itemid", "articleid", "entryid"),
}
FIELDS = tuple(KNOWN_COLUMNS)
TEXT_FIELDS = ("title", "summary", "body")


def normalise(name: str) -> str:
    """A column name compared without case, spaces or punctuation."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFC", name).casefold())


def resolve_columns(names: list[str], mapped: Mapping[str, str] | None = None
                    ) -> dict[str, list[str]]:
    """For each field, the row's columns that may hold it, best first (mapped ones lead)."""
    by_norm: dict[str, str] = {}
    for name in names:
        by_norm.setdefault(normalise(name), name)
    resolved: dict[str, list[str]] = {}
    for field, known in KNOWN_COLUMNS.items():
        wanted = ([normalise(mapped[field])] if mapped and field in mapped else []) + list(known)
        resolved[field] = list(dict.fromkeys(by_norm[n] for n in wanted if n in by_norm))
    return resolved


def field_value(row: Mapping[str, object], columns: list[str]) -> str:
    """The first non-empty value among columns, as text: a {"name": ...} or {"href": ...} object
    gives that member, a list of strings its paragraphs, a number its digits."""
    for column in columns:
        text = as_text(row.get(column))
        if text.strip():
            return text
    return ""


def raw_value(row: Mapping[str, object], columns: list[str]) -> object:
    """The first non-empty value among columns, as it is (a date may be a number)."""
    for column in columns:
        value = row.get(column)
        if value is not None and as_text(value).strip():
            return value
    return None


def as_text(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, Mapping):
        for key in ("name", "title", "href", "url", "value", "text"):
            if key in value:
                return as_text(value[key])
        return ""
    if isinstance(value, (list, tuple)):
        return "\n\n".join(t for t in (as_text(v) for v in value) if t.strip())
    return ""
