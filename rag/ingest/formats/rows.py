"""A row of a feed export (a JSONL object, a CSV record) as an article: the part the JSONL and CSV
readers share."""

from __future__ import annotations

from collections.abc import Mapping

from ...types import Article
from .base import BadItemError, SourceFile, item_article, item_key
from .columns import TEXT_FIELDS, field_value, raw_value
from .published import UnreadableDate, parse_published


def row_article(source: SourceFile, item: str, row: Mapping[str, object],
                columns: dict[str, list[str]]) -> Article | BadItemError:
    """The row's article: its title, summary and body composed into the text, its url, date and
    outlet; or why it cannot be one. A row without a date is an undated article."""
    values = {field: field_value(row, columns[field]) for field in columns if field != "date"}
    raw_date = raw_value(row, columns["date"])
    identity = (values["url"].strip() or values["id"].strip()
                or "\x1f".join([values["title"].strip(), str(raw_date or "")]).strip("\x1f")
                or "\x1f".join(values[f] for f in TEXT_FIELDS))
    try:
        date = parse_published(raw_date)
    except UnreadableDate as exc:
        return BadItemError(source.rel, item, f"unreadable date {exc}, skipped",
                            item_key(source.rel, identity) if identity else None)
    return item_article(
        source, item, identity, title=values["title"], parts=[values["summary"], values["body"]],
        date=date, url=values["url"], outlet=values["outlet"],
    )


def no_text_reason(names: list[str]) -> str:
    shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return (f"no title or text column among its columns ({shown or 'none'}): name one with the "
            "setting columns, e.g. \"body=noi_dung\", skipped")
