"""Prompt templates: loaded by name from prompts/, every variable required."""

import pytest

from rag.errors import NewsragError
from rag.prompts import MissingVariablesError, load_prompt, render_prompt


def test_answer_prompt_renders_every_variable():
    text = render_prompt("answer", language="Vietnamese", sources="[1] a.txt: x", question="Q?")
    assert "Answer in Vietnamese" in text and "[1] a.txt: x" in text and "Question: Q?" in text
    assert "$" not in text


def test_condense_prompt_renders():
    text = render_prompt("condense", language="English", history="User: a", question="and b?")
    assert "User: a" in text and "and b?" in text


def test_a_missing_variable_fails_loudly():
    with pytest.raises(MissingVariablesError, match="prompt 'answer' needs: question, sources"):
        render_prompt("answer", language="English")


def test_an_unknown_prompt_is_a_clear_error(tmp_path):
    with pytest.raises(NewsragError, match="prompt template not found"):
        load_prompt("nope", tmp_path)
