"""The layout is a contract: stages import downwards (import-linter's layers contract in
pyproject.toml), and the library never loads a door."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSIX_ONLY = {"fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "posix", "syslog"}


def test_the_layers_contract_is_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_library_does_not_load_the_ui():
    code = "import sys, rag; print('ui' in sys.modules, 'gradio' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            check=True)
    assert result.stdout.split() == ["False", "False"]


def module_level_imports(source: str) -> set[str]:
    """Top-level module names a file imports when it is loaded (not inside functions)."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        for inner in ast.walk(node) if isinstance(node, (ast.If, ast.Try)) else [node]:
            if isinstance(inner, ast.Import):
                names |= {alias.name.split(".")[0] for alias in inner.names}
            elif isinstance(inner, ast.ImportFrom) and inner.module and not inner.level:
                names.add(inner.module.split(".")[0])
    return names


def test_module_level_imports_are_portable():
    """`import rag` works off Linux: no module of the library or the UI imports a POSIX-only
    module when it loads (locks go through portalocker)."""
    offenders = {
        str(path.relative_to(ROOT)): sorted(module_level_imports(path.read_text()) & POSIX_ONLY)
        for path in [*ROOT.glob("rag/**/*.py"), *ROOT.glob("ui/**/*.py")]
    }
    assert {file: names for file, names in offenders.items() if names} == {}
    assert module_level_imports("import fcntl\nfrom os import path\n") == {"fcntl", "os"}
