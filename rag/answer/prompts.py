"""Prompt templates live in prompts/<name>.txt and use $variables (string.Template)."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from ..errors import MissingVariablesError, NewsragError

PROMPTS_DIR = Path(__file__).resolve().parent.parent.parent / "prompts"


@lru_cache(maxsize=None)
def load_prompt(name: str, folder: Path = PROMPTS_DIR) -> string.Template:
    """The named template; a missing file is a clear error."""
    path = folder / f"{name}.txt"
    try:
        return string.Template(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NewsragError(f"prompt template not found: {path}")


def render_prompt(name: str, folder: Path = PROMPTS_DIR, **variables: str) -> str:
    """Fill a template; every $variable it uses must be given."""
    template = load_prompt(name, folder)
    needed = {m.group("named") or m.group("braced") for m in template.pattern.finditer(
        template.template) if m.group("named") or m.group("braced")}
    missing = sorted(needed - set(variables))
    if missing:
        raise MissingVariablesError(f"prompt {name!r} needs: {', '.join(missing)}")
    return template.substitute(variables)
