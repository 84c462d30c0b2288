"""The suite is hermetic: the caller's OPENAI_*/NEWSRAG_* variables change no result, and every
subprocess runs the checkout under test (conftest.py's `pytest_configure` and `clean_env`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CALLER_SETTINGS, REPO_ROOT, clean_env

from rag import Settings
from rag.wiring import make_answerer

# what most users of this tool have exported, pointing at a port nobody listens on
HOSTILE_ENV = {"OPENAI_API_KEY": "sk-bogus", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
               "NEWSRAG_LLM": "openai"}

# one test of each kind the caller's settings could reach: in-process answers with the default
# settings, the CLI as a subprocess, settings loading, an LLM test that sets its own server, and
# the two checks below
REPRESENTATIVE = [
    "tests/test_answers.py::test_joint_statement_answered_with_43_citing_both_articles",
    "tests/test_cli.py::test_ask_json_shape",
    "tests/test_config.py",
    "tests/test_llm.py::test_auto_falls_back_to_extractive_when_the_server_is_down",
    "tests/test_hermetic.py::test_tests_see_none_of_the_callers_settings",
    "tests/test_hermetic.py::test_subprocesses_run_the_checkout_under_test",
]


def test_tests_see_none_of_the_callers_settings():
    leaked = {k for k in os.environ if k.startswith(CALLER_SETTINGS)} - {"NEWSRAG_CONFIG"}
    assert leaked == set()
    assert Path(os.environ["NEWSRAG_CONFIG"]).read_text(encoding="utf-8") == ""
    assert make_answerer(Settings.load()).name == "extractive"  # what an Assistant gets


def test_subprocesses_run_the_checkout_under_test(tmp_path):
    code = "import os, rag; print(rag.__file__); print(sorted(k for k in os.environ " \
           "if k.startswith(('OPENAI_', 'NEWSRAG_'))))"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=clean_env(),
                          capture_output=True, text=True, timeout=60, check=True)
    module, variables = done.stdout.splitlines()
    assert Path(module).resolve() == (REPO_ROOT / "rag" / "__init__.py").resolve()
    assert variables == "['NEWSRAG_CONFIG']"  # the suite's own: an empty file


@pytest.mark.slow
def test_the_suite_gives_the_same_results_with_the_callers_llm_settings_exported(tmp_path):
    """A representative subset of the suite, run in a new pytest with a bogus key, a dead server
    and `llm = openai` exported: everything passes, as it does without them."""
    env = {**clean_env(), **HOSTILE_ENV}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         *REPRESENTATIVE],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    passed = re.search(r"(\d+) passed", summary)
    assert passed and int(passed.group(1)) >= 15 and "failed" not in summary, summary
