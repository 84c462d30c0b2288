"""Countries and regions under their English and Vietnamese names (pure functions).

"Southeast Asian" in an English question and "Đông Nam Á" in a Vietnamese item name the same
place, which no shared word or number shows. Babel ships the Unicode CLDR names of every territory
in both languages, so no list of ours goes stale.
"""

from __future__ import annotations

from functools import lru_cache

from .folding import casefolded

# the short forms the press writes beside CLDR's names
_EXTRA = {"US": ("US", "U.S.", "USA", "America", "American", "Mỹ"),
          "GB": ("UK", "Britain", "British", "Anh"), "KR": ("Korea", "Korean"),
          "CN": ("Chinese",), "JP": ("Japanese",), "VN": ("Vietnamese",)}


@lru_cache(maxsize=1)
def _territories() -> dict[str, frozenset[str]]:
    """Each case-folded territory name mapped to every name of that territory (Babel is loaded
    on first use, not when the CLI starts)."""
    from babel import Locale

    names: dict[str, set[str]] = {}
    for language in ("en", "vi"):
        for code, name in Locale(language).territories.items():
            names.setdefault(code, set()).add(name)
    for code, extra in _EXTRA.items():
        names[code] |= set(extra)
    return {casefolded(name): frozenset(group) for group in names.values() for name in group}


def other_names(place: str) -> frozenset[str]:
    """Every name of the country or region `place` names (empty when it names none): "Đông Nam
    Á" gives {"Đông Nam Á", "Southeast Asia"}."""
    return _territories().get(casefolded(place), frozenset())
