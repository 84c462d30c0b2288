"""Settings: defaults, overridden by an optional TOML file, then NEWSRAG_* variables, then code."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import NewsragError

CONFIG_FILE = "newsrag.toml"


@dataclass(frozen=True)
class Settings:
    """Everything a user may set; each field maps to NEWSRAG_<FIELD> and a key in newsrag.toml."""

    index_dir: str = "index_store"
    corpus_dir: str = "data/articles"
    top_k: int = 5
    chunk_tokens: int = 320

    @classmethod
    def load(cls, config_file: str | Path | None = None, **overrides: Any) -> "Settings":
        """Defaults < config file (explicit, $NEWSRAG_CONFIG or ./newsrag.toml) < env < overrides."""
        settings = cls()
        path = config_file or os.environ.get("NEWSRAG_CONFIG")
        if path is None and Path(CONFIG_FILE).is_file():
            path = CONFIG_FILE
        if path is not None:
            settings = settings.merged(_read_toml(Path(path)), source=str(path))
        env = {
            f.name: os.environ[f"NEWSRAG_{f.name.upper()}"]
            for f in fields(cls)
            if f"NEWSRAG_{f.name.upper()}" in os.environ
        }
        settings = settings.merged(env, source="environment")
        return settings.merged({k: v for k, v in overrides.items() if v is not None}, source="option")

    def merged(self, values: dict[str, Any], source: str) -> "Settings":
        """A copy with values applied, converted to each field's type; unknown keys are errors."""
        known = {f.name: f for f in fields(self)}
        changes = {}
        for key, value in values.items():
            if key not in known:
                raise NewsragError(f"{source}: unknown setting {key!r}")
            kind = type(getattr(self, key))
            try:
                changes[key] = kind(value)
            except (TypeError, ValueError):
                raise NewsragError(f"{source}: setting {key!r} must be {kind.__name__}, got {value!r}")
        return replace(self, **changes)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NewsragError(f"config file not found: {path}")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise NewsragError(f"config file {path} is not valid TOML: {exc}")
    return data.get("newsrag", data)
