"""Date and language filters, applied the same way by the dense and the lexical retriever."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .errors import NewsragError

LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to articles published in [since, until] and/or in one language."""

    since: str | None = None
    until: str | None = None
    lang: str | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    raise NewsragError(f"--{name}: {value!r} is not a date (want YYYY-MM-DD)")
        if self.lang is not None and self.lang not in LANGUAGES:
            raise NewsragError(f"--lang: {self.lang!r} is not one of {', '.join(LANGUAGES)}")
        if self.since and self.until and self.since > self.until:
            raise NewsragError(f"--since {self.since} is after --until {self.until}")

    @property
    def empty(self) -> bool:
        return self.since is None and self.until is None and self.lang is None

    def to_chroma_where(self) -> dict[str, Any] | None:
        """A Chroma `where` clause (undated articles never match a date range)."""
        clauses: list[dict[str, Any]] = []
        if self.since:
            clauses.append({"date_int": {"$gte": date_int(self.since)}})
        if self.until:
            clauses.append({"date_int": {"$lte": date_int(self.until)}})
        if self.since or self.until:
            clauses.append({"date_int": {"$gt": 0}})
        if self.lang:
            clauses.append({"lang": self.lang})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def date_int(date: str | None) -> int:
    """YYYY-MM-DD as the integer YYYYMMDD (0 for undated), so Chroma can compare dates."""
    return int(date.replace("-", "")) if date else 0


_COMPARE = {
    "$eq": lambda a, b: a == b,
    "$ne": lambda a, b: a != b,
    "$gt": lambda a, b: a > b,
    "$gte": lambda a, b: a >= b,
    "$lt": lambda a, b: a < b,
    "$lte": lambda a, b: a <= b,
    "$in": lambda a, b: a in b,
    "$nin": lambda a, b: a not in b,
}


def where_matches(where: dict[str, Any] | None, metadata: dict[str, Any]) -> bool:
    """Whether a row's metadata passes a Chroma `where` clause, evaluated here (so candidates
    already fetched can be filtered without asking Chroma to scan the collection). A missing key
    matches nothing, as in Chroma."""
    if not where:
        return True
    for key, condition in where.items():
        if key == "$and":
            ok = all(where_matches(c, metadata) for c in condition)
        elif key == "$or":
            ok = any(where_matches(c, metadata) for c in condition)
        elif key not in metadata:
            ok = False
        elif isinstance(condition, dict):
            ok = all(_COMPARE[op](metadata[key], value) for op, value in condition.items())
        else:
            ok = metadata[key] == condition
        if not ok:
            return False
    return True
