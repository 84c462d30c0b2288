"""The one filter: which articles a question may draw on, in every encoding retrieval needs.

A `Filter` holds the user's restrictions (published in [since, until], written in `lang`) and,
when the question names a time, its range (`about`): a chunk passes that when its article was
published in the range, when the chunk mentions a date in it ("what happened on 24 November?" is
answered by the report of the 26th), or when the article is undated (encyclopedia-like text rarely
repeats the year a question gives as context).

The same object gives Chroma's `where` clause, the same test on a row's metadata in Python (so
candidates already fetched need not be filtered by a scan of Chroma's metadata), a boolean mask
over BM25's per-chunk arrays, and the exact test on a chunk.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .errors import NewsragError

if TYPE_CHECKING:
    import numpy as np

LANGUAGES = ("vi", "en")
_OPEN_END = 99991231


def date_int(date: str | None) -> int:
    """YYYY-MM-DD as the integer YYYYMMDD (0 for undated), so Chroma can compare dates."""
    return int(date.replace("-", "")) if date else 0


@dataclass(frozen=True)
class Filter:
    """Restrict retrieval to articles published in [since, until], in one language, and/or
    relevant to a time range named by the question (`about_since`/`about_until`)."""

    since: str | None = None
    until: str | None = None
    lang: str | None = None
    about_since: str | None = None
    about_until: str | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until", "about_since", "about_until"):
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

    def about(self, since: str | None, until: str | None) -> "Filter":
        """This filter plus a question's time range."""
        return replace(self, about_since=since, about_until=until)

    @property
    def empty(self) -> bool:
        """Whether the filter restricts nothing."""
        return not (self.since or self.until or self.lang or self._has_about)

    @property
    def _has_about(self) -> bool:
        return self.about_since is not None or self.about_until is not None

    @functools.lru_cache(maxsize=64)  # noqa: B019 (frozen and hashable; asked once per row)
    def _about_bounds(self) -> tuple[int, int]:
        low = date_int(self.about_since) if self.about_since else 1
        high = date_int(self.about_until) if self.about_until else _OPEN_END
        return low, high

    # -- Chroma, and the same test in Python -----------------------------------------------------

    def where(self) -> dict[str, Any] | None:
        """A Chroma `where` clause. Undated articles never match a publication range. The time
        range is coarse here (a chunk's mentions as one span); `admits` is exact."""
        clauses: list[dict[str, Any]] = []
        if self.since:
            clauses.append({"date_int": {"$gte": date_int(self.since)}})
        if self.until:
            clauses.append({"date_int": {"$lte": date_int(self.until)}})
        if self.since or self.until:
            clauses.append({"date_int": {"$gt": 0}})
        if self.lang:
            clauses.append({"lang": self.lang})
        if self._has_about:
            low, high = self._about_bounds()
            clauses.append({"$or": [
                {"$and": [{"date_int": {"$gte": low}}, {"date_int": {"$lte": high}}]},
                {"$and": [{"dates_min": {"$lte": high}}, {"dates_max": {"$gte": low}}]},
                {"date_int": 0},
            ]})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, metadata: Mapping[str, Any]) -> bool:
        """Whether a stored row passes `where()`, decided here as Chroma would decide it (a
        missing key matches nothing)."""
        try:
            published = metadata["date_int"] if self.since or self.until or self._has_about else 0
            if self.since and not published >= date_int(self.since):
                return False
            if self.until and not published <= date_int(self.until):
                return False
            if (self.since or self.until) and not published > 0:
                return False
            if self.lang and metadata["lang"] != self.lang:
                return False
            if self._has_about:
                low, high = self._about_bounds()
                return (low <= published <= high or published == 0
                        or (metadata["dates_min"] <= high and metadata["dates_max"] >= low))
        except KeyError:
            return False
        return True

    # -- exact tests -----------------------------------------------------------------------------

    def admits(self, published: str | None, lang: str,
               mentions: Iterable[tuple[int, int]] = ()) -> bool:
        """Whether a chunk passes: its article's date and language, and the dates it mentions."""
        day = date_int(published)
        if (self.since or self.until) and not day:
            return False
        if self.since and day < date_int(self.since):
            return False
        if self.until and day > date_int(self.until):
            return False
        if self.lang and lang != self.lang:
            return False
        if not self._has_about:
            return True
        low, high = self._about_bounds()
        if not day or low <= day <= high:
            return True
        return any(s <= high and e >= low for s, e in mentions)

    def mask(self, dates: np.ndarray, langs: np.ndarray) -> np.ndarray | None:
        """Which rows of per-chunk publication dates (YYYYMMDD, 0 undated) and languages pass the
        publication and language parts (None: all pass). The time range needs each chunk's
        mentions, which these arrays do not hold: `admits` applies it to the candidates."""
        if not (self.since or self.until or self.lang):
            return None
        import numpy as np  # loaded by BM25's caller already; kept off `import rag`'s path

        mask = np.ones(len(dates), dtype=bool)
        if self.since or self.until:
            mask &= dates > 0
        if self.since:
            mask &= dates >= date_int(self.since)
        if self.until:
            mask &= dates <= date_int(self.until)
        if self.lang:
            mask &= langs == self.lang
        return mask
