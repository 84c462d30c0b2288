"""Prompt templates: loaded by name from rag/prompts/ (package data), every variable required."""

import pytest

from rag.answer.prompts import load_prompt, render_prompt
from rag.errors import MissingVariablesError, NewsragError


def test_answer_prompt_renders_every_variable():
    text = render_prompt("answer", language="Vietnamese", sources="[1] a.txt: x", question="Q?")
    assert "Answer in Vietnamese" in text and "[1] a.txt: x" in text and "Question: Q?" in text
    assert "$" not in text


@pytest.mark.parametrize(
    "question, name",
    [
        ("How many countries signed the joint statement?", "answer_list"),
        ("Những nước nào tham gia Tuyên bố chung?", "answer_list"),
        ("Who presented the joint statement?", "answer"),
    ],
)
def test_counting_and_list_questions_get_the_gathering_prompt(question, name):
    from rag.answer.asked import read_question
    from rag.answer.llm import answer_prompt

    assert answer_prompt(read_question(question, "en")) == name
    text = render_prompt(name, language="English", sources="[1] a.txt: x", question=question)
    assert question in text and "$" not in text


def test_condense_prompt_renders():
    text = render_prompt("condense", language="English", history="User: a", question="and b?")
    assert "User: a" in text and "and b?" in text


def test_a_missing_variable_fails_loudly():
    with pytest.raises(MissingVariablesError, match="prompt 'answer' needs: question, sources"):
        render_prompt("answer", language="English")


def test_an_unknown_prompt_is_a_clear_error(tmp_path):
    with pytest.raises(NewsragError, match="prompt template not found"):
        load_prompt("nope", tmp_path)
