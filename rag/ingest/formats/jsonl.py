"""Feed exports as JSON Lines (.jsonl, .ndjson): one JSON object per line, each an article.

Read a line at a time, so an export of any length costs the memory of one row.
"""

from __future__ import annotations

import json
from typing import Iterator

from ...errors import BadArticleError
from ...types import Article
from .base import BadItemError, ReadOptions, SourceFile, too_large
from .columns import resolve_columns
from .rows import no_text_reason, row_article


class JsonLinesReader:
    """.jsonl/.ndjson exports; each line's article text is kept in the index for citations."""

    suffixes = (".jsonl", ".ndjson")
    multi_item = True

    def read(self, source: SourceFile, options: ReadOptions
             ) -> Iterator[Article | BadArticleError]:
        try:
            refused = too_large(source, options)
            if refused:
                yield refused
                return
            handle = open(source.path, "rb")
        except OSError as exc:
            yield BadArticleError(
                source.rel, f"cannot be read ({exc.strerror or type(exc).__name__}), skipped")
            return
        good, names = 0, set()
        resolved: dict[frozenset, dict[str, list[str]]] = {}
        with handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                item = f"line {number}"
                try:
                    row = json.loads(raw.decode("utf-8-sig").rstrip("\r\n"))
                except UnicodeDecodeError as exc:
                    yield BadItemError(source.rel, item, f"not UTF-8 text (byte {exc.start} of the"
                                       " line), skipped")
                    continue
                except (json.JSONDecodeError, RecursionError) as exc:
                    reason = getattr(exc, "msg", type(exc).__name__)
                    yield BadItemError(source.rel, item, f"not valid JSON ({reason}), skipped")
                    continue
                if not isinstance(row, dict):
                    yield BadItemError(source.rel, item, "not a JSON object, skipped")
                    continue
                keys = frozenset(row)
                names.update(row)
                if keys not in resolved:
                    resolved[keys] = resolve_columns(list(row), options.columns)
                article = row_article(source, item, row, resolved[keys])
                good += isinstance(article, Article)
                yield article
        if not good:
            reason = (no_text_reason(sorted(names)) if names and not any(
                cols["title"] or cols["summary"] or cols["body"] for cols in resolved.values())
                else "no line could be indexed, skipped")
            yield BadArticleError(source.rel, reason)
