"""Prompt templates live in rag/prompts/<name>.txt and use $variables (string.Template).

They ship inside the package and are read through importlib.resources, so an installed wheel (or a
zipped one) finds them wherever it is run from.
"""

from __future__ import annotations

import string
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from ..errors import MissingVariablesError, NewsragError

PROMPTS_DIR: Traversable = files("rag") / "prompts"


@lru_cache(maxsize=None)
def load_prompt(name: str, folder: Traversable = PROMPTS_DIR) -> string.Template:
    """The named template; a missing file is a clear error."""
    path = folder / f"{name}.txt"
    try:
        return string.Template(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NewsragError(f"prompt template not found: {path}")


def render_prompt(name: str, folder: Traversable = PROMPTS_DIR, **variables: str) -> str:
    """Fill a template; every $variable it uses must be given."""
    template = load_prompt(name, folder)
    needed = {m.group("named") or m.group("braced") for m in template.pattern.finditer(
        template.template) if m.group("named") or m.group("braced")}
    missing = sorted(needed - set(variables))
    if missing:
        raise MissingVariablesError(f"prompt {name!r} needs: {', '.join(missing)}")
    return template.substitute(variables)
