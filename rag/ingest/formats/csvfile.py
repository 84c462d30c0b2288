"""Feed exports as CSV (.csv, .tsv): a header row naming the columns, then one article per row.

The delimiter is read from the header line (comma, semicolon, tab or bar); rows are numbered as a
spreadsheet shows them (the header is row 1). Read a record at a time, so an export of any length
costs the memory of one row.
"""

from __future__ import annotations

import csv
from typing import Iterator

from ...errors import BadArticleError
from ...types import Article
from .base import MAX_ITEM_CHARS, ReadOptions, SourceFile, too_large
from .columns import resolve_columns
from .rows import no_text_reason, row_article

_DELIMITERS = ",;\t|"


class CsvReader:
    """.csv/.tsv exports; each row's article text is kept in the index for citations."""

    suffixes = (".csv", ".tsv")
    multi_item = True

    def read(self, source: SourceFile, options: ReadOptions
             ) -> Iterator[Article | BadArticleError]:
        csv.field_size_limit(max(csv.field_size_limit(), 4 * MAX_ITEM_CHARS))
        try:
            refused = too_large(source, options)
            if refused:
                yield refused
                return
            handle = open(source.path, encoding="utf-8-sig", newline="")
        except OSError as exc:
            yield BadArticleError(
                source.rel, f"cannot be read ({exc.strerror or type(exc).__name__}), skipped")
            return
        good = 0
        with handle:
            try:
                header = handle.readline()
                if "\x00" in header:
                    yield BadArticleError(source.rel, "binary file, skipped")
                    return
                delimiter = _delimiter(header, source.path.suffix.lower())
                names = next(csv.reader([header], delimiter=delimiter), [])
                columns = resolve_columns(names, options.columns)
                if not (columns["title"] or columns["summary"] or columns["body"]):
                    yield BadArticleError(source.rel, no_text_reason(names))
                    return
                rows = csv.DictReader(handle, fieldnames=names, delimiter=delimiter)
                for number, row in enumerate(rows, start=2):
                    if not any((v or "").strip() for k, v in row.items() if k is not None):
                        continue
                    article = row_article(source, f"row {number}", row, columns)
                    good += isinstance(article, Article)
                    yield article
            except UnicodeDecodeError as exc:
                yield BadArticleError(source.rel, f"not UTF-8 text (byte {exc.start} of a block),"
                                      " skipped")
                return
            except csv.Error as exc:
                yield BadArticleError(source.rel, f"not readable as CSV ({exc}), skipped")
                return
        if not good:
            yield BadArticleError(source.rel, "no row could be indexed, skipped")


def _delimiter(header: str, suffix: str) -> str:
    """The header's delimiter: a tab for .tsv; else the most frequent of , ; tab |."""
    if suffix == ".tsv":
        return "\t"
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
