"""Installed as users install it: a wheel built from the checkout, installed into a new virtualenv,
answers the sample question from a folder that has no checkout in it, offline.

Installing every dependency from the network would take minutes, so the new venv gets the wheel
alone (`--no-deps`) and borrows the test venv's installed dependencies through a .pth file. The
.pth names site-packages folders only, never the checkout, and a path line in a .pth does not run
the editable-install hooks in that folder: the `rag` that answers is the one from the wheel
(checked).
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import CALLER_SETTINGS, REPO_ROOT, SAMPLE_CORPUS
from llm_servers import free_port

pytestmark = pytest.mark.slow

MISSION = "How many countries signed the joint statement?"
NOT_SOURCES = (".git", ".venv", "index_store", "build", "dist", "*.egg-info", "__pycache__",
               ".pytest_cache", "test-artifacts", "eval_runs", "bench_runs", "benchmarks")


def run(*args: str | Path, cwd: Path, env: dict[str, str], timeout: float = 300
        ) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout, check=False)


def user_env(**extra: str) -> dict[str, str]:
    """A user's shell: no PYTHONPATH, none of the caller's settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(CALLER_SETTINGS) and k not in ("PYTHONPATH", "PYTHONHOME")}
    return {**env, **extra}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A new venv holding the newsrag wheel built from this checkout; returns its bin folder."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    shutil.copytree(REPO_ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    env = user_env()
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                "--no-index", "--wheel-dir", base / "dist", source, cwd=base, env=env)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = (base / "dist").glob("newsrag-*.whl")

    venv = base / "venv"
    made = run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=base, env=env)
    assert made.returncode == 0, made.stderr
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    done = run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
               "--no-index", wheel, cwd=base, env=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]

    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                  cwd=base, env=env).stdout.strip()
    # the test venv's site-packages (which `make test` keeps under the checkout, in .venv), never
    # a folder that holds a `rag` package itself, such as the checkout
    shared = {p for p in [*site.getsitepackages(), sysconfig.get_paths()["purelib"]]
              if Path(p).is_dir() and not (Path(p) / "rag").exists()}
    (Path(purelib) / "newsrag-test-shared-deps.pth").write_text("\n".join(sorted(shared)) + "\n")
    return python.parent


def test_the_installed_package_is_the_wheel_and_holds_its_files(installed, tmp_path):
    code = ("import rag, ui; from importlib.resources import files; "
            "print(rag.__file__); "
            "print(sorted(p.name for p in (files('rag') / 'prompts').iterdir())); "
            "print((files('ui') / 'style.css').is_file(), (files('ui') / 'cite.js').is_file()); "
            "from rag.answer.prompts import render_prompt; "
            "print(len(render_prompt('condense', language='English', history='', question='q')))")
    done = run(installed / "python", "-c", code, cwd=tmp_path, env=user_env())
    assert done.returncode == 0, done.stderr
    module, prompts, ui_files, rendered = done.stdout.splitlines()
    assert Path(module).resolve().is_relative_to(installed.parent.resolve())  # not the checkout
    assert prompts == "['answer.txt', 'answer_list.txt', 'condense.txt']"
    assert ui_files == "True True" and int(rendered) > 0


def test_newsrag_ingests_and_answers_from_another_folder(installed, tmp_path, check_citations):
    corpus = tmp_path / "my articles"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    work = tmp_path / "elsewhere"
    work.mkdir()
    newsrag = installed / "newsrag"

    ingested = run(newsrag, "ingest", corpus, "--index-dir", "idx", "--quiet", cwd=work,
                   env=user_env())
    assert ingested.returncode == 0, ingested.stderr
    assert ingested.stdout.startswith("added 2, updated 0, removed 0, unchanged 0, skipped 0")

    asked = run(newsrag, "ask", MISSION, "--json", "--index-dir", "idx", cwd=work, env=user_env())
    assert asked.returncode == 0 and asked.stderr == "", asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["backend"] == "extractive" and "43" in answer["answer"]
    assert len(answer["citations"]) >= 2
    check_citations(corpus, answer["citations"])

    # with a chat model configured, the answer prompt is rendered from the installed package
    # before the (dead) server is called: the fallback's warning proves the template was found
    dead = f"http://127.0.0.1:{free_port()}/v1"
    fallback = run(newsrag, "ask", MISSION, "--json", "--index-dir", "idx", cwd=work,
                   env=user_env(OPENAI_BASE_URL=dead, NEWSRAG_LLM_RETRIES="0"))
    assert fallback.returncode == 0, fallback.stderr
    warnings = json.loads(fallback.stdout)["warnings"]
    assert len(warnings) == 1 and "is unreachable; answered extractively instead" in warnings[0]
