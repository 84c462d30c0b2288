"""The README's "Use from Python" and "Use from llama-index" examples run as written, from a folder
holding a copy of data/articles, as a new user would paste them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from conftest import REPO_ROOT, SAMPLE_CORPUS, clean_env

SECTIONS = ("Use from Python", "Use from llama-index")


def readme_example(heading: str) -> str:
    """The first ```python block of the README section with this heading."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"^```python\n(.*?)^```$", section, re.S | re.M)
    assert match, f"no python example under '## {heading}'"
    return match.group(1)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    """Each example's output, run in turn in one working folder (as a reader would)."""
    work = tmp_path_factory.mktemp("readme")
    shutil.copytree(SAMPLE_CORPUS, work / "data" / "articles")
    printed = {}
    for heading in SECTIONS:
        done = subprocess.run([sys.executable, "-c", readme_example(heading)], cwd=work,
                              env=clean_env(), capture_output=True, text=True, encoding="utf-8",
                              timeout=600)
        assert done.returncode == 0, f"{heading}:\n{done.stderr[-3000:]}"
        printed[heading] = done.stdout
    return printed


@pytest.mark.slow
def test_the_python_example_runs(outputs):
    out = outputs["Use from Python"]
    assert out.startswith("added 2, updated 0, removed 0, unchanged 0, skipped 0")
    assert "43" in out and "[1] " in out and "'backend': 'extractive'" in out
    assert "error: the question is empty" in out


@pytest.mark.slow
def test_the_llama_index_example_runs(outputs):
    out = outputs["Use from llama-index"]
    assert re.search(r"^\d+\.\d\d 001_eb6c4f8faf122868\.txt 2025-11-27 en ", out, re.M)
    assert "000_f028a96c1069a34d.txt 2025-11-26 vi" not in out  # the filter kept English only
    assert re.search(r"^\[1\] \S+\.txt \(2025-11-2[67]\): .*43", out, re.M)
    assert "presented by the ambassador and delegate head of the Republic of Korea" in out
    assert re.search(r"^added 2, updated 0, removed 0, unchanged 0, skipped 0;", out, re.M)

def test_the_readme_has_both_examples():
    for heading in SECTIONS:
        assert "assistant" in readme_example(heading)
