"""Grounded model answers through a real HTTP server on 127.0.0.1 that streams a scripted reply:
kept and cited when the articles support them, the extractive answer with a warning when not."""

from __future__ import annotations

import json
import re

import pytest
from llm_servers import chat_stream, scripted_server

from rag import Assistant, Settings
from rag.answer.grounded import fallback_reason
from rag.check.attribution import Grounded, Judged

MISSION = "How many countries signed the joint statement?"
CORRECT = ("Vietnam joined 43 other countries in issuing the joint statement on "
           "technology-facilitated human trafficking. It was presented by the head of the "
           "delegation of the Republic of Korea.")
CORRECT_VI = "Việt Nam cùng 43 nước đã ra Tuyên bố chung về phòng, chống mua bán người."
WRONG_NUMBER = "Vietnam joined 45 countries in issuing the joint statement."
UNSUPPORTED = ("The statement was signed in a hurry. Nobody read it before signing. "
               "Vietnam joined 43 countries in issuing the joint statement.")


def model_assistant(index, embedder, monkeypatch, url, llm="auto"):
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    return Assistant(settings=Settings(index_dir=str(index.index_dir), llm=llm,
                                       llm_model="scripted", llm_retries=0), embedder=embedder)


def scripted_reply(reply):
    return scripted_server(200, chat_stream(reply), content_type="text/event-stream")


def sentences_of(text):
    return [s for s in re.split(r"(?<=\])\s+", text) if s]


@pytest.mark.parametrize("question, reply", [(MISSION, CORRECT),
                                             ("Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?",
                                              CORRECT_VI)])
def test_a_correct_answer_without_markers_gets_a_citation_for_every_sentence(
        sample_index, embedder, monkeypatch, check_citations, question, reply):
    with scripted_reply(reply) as server:
        answer = model_assistant(sample_index, embedder, monkeypatch, server.url).ask(question)
    assert answer.backend == "openai:scripted" and not answer.abstained
    assert answer.warnings == () and answer.unsupported == ()
    sentences = sentences_of(answer.text)
    assert len(sentences) == len(re.findall(r"[.!?]", reply))
    assert all(re.search(r"\[\d+\]$", s) for s in sentences)  # every sentence carries a marker
    assert re.sub(r"\s*\[\d+\]", "", answer.text) == reply  # the model's words, as written
    assert answer.citations and all(c.supported for c in answer.citations)
    assert any("43" in c.quote for c in answer.citations)
    check_citations(sample_index.corpus, answer.citations)


@pytest.mark.parametrize("llm", ["auto", "openai"])
def test_a_wrong_number_falls_back_to_the_extractive_answer(sample_index, embedder, monkeypatch,
                                                            check_citations, llm):
    with scripted_reply(WRONG_NUMBER) as server:
        assistant = model_assistant(sample_index, embedder, monkeypatch, server.url, llm)
        streamed = list(assistant.ask_stream(MISSION))
    answer = streamed[-1]
    assert "".join(streamed[:-1]) == WRONG_NUMBER  # the model's text streamed as it came
    assert answer.backend == "extractive" and "43" in answer.text and "45" not in answer.text
    assert len(answer.warnings) == 1
    assert "openai:scripted" in answer.warnings[0] and "“45”" in answer.warnings[0]
    assert "answered extractively instead" in answer.warnings[0]
    check_citations(sample_index.corpus, answer.citations)


def test_a_mostly_unsupported_answer_falls_back(sample_index, embedder, monkeypatch):
    with scripted_reply(UNSUPPORTED) as server:
        answer = model_assistant(sample_index, embedder, monkeypatch, server.url).ask(MISSION)
    assert answer.backend == "extractive" and "43" in answer.text
    assert "(1 of 3 sentences)" in answer.warnings[0]


def test_a_supported_answer_keeps_its_unsupported_sentence_flagged(sample_index, embedder,
                                                                   monkeypatch):
    reply = f"{CORRECT} Everyone at the meeting was very happy about the weather."
    with scripted_reply(reply) as server:
        answer = model_assistant(sample_index, embedder, monkeypatch, server.url).ask(MISSION)
    assert answer.backend == "openai:scripted"
    assert answer.unsupported == ("Everyone at the meeting was very happy about the weather.",)
    assert answer.text.endswith("the weather.")
    assert any("1 sentence of the model's answer is not supported" in w for w in answer.warnings)
    assert answer.to_dict()["unsupported"] == list(answer.unsupported)


def test_a_supported_answer_naming_another_person_than_the_evidence_falls_back(
        sample_index, embedder, monkeypatch):
    """The model's sentence is supported (the Vietnamese article says it of Guy Ryder), but the
    person asked about is the one the best evidence names: the extractive answer."""
    question = "Who spoke for Vietnam at the UN session on human trafficking?"
    reply = "Guy Ryder called on the international community to invest more in supporting victims."
    with scripted_reply(reply) as server:
        assistant = model_assistant(sample_index, embedder, monkeypatch, server.url)
        assistant.confidence_model = None  # the fallback's own short answer, before the gate
        answer = assistant.ask(question)
    assert answer.backend == "extractive" and answer.short_answer.text == "Nguyen Hoang Nguyen"
    assert "“Guy Ryder” where the best evidence gives “Nguyen Hoang Nguyen”" in answer.warnings[0]


def test_a_supported_answer_whose_fact_the_best_evidence_lacks_falls_back(
        sample_index, embedder, monkeypatch):
    """No short answer stands out in the extractive answer, but its evidence names the head of the
    IOM mission, not the person the model names: the extractive answer."""
    question = "Who is the head of the IOM mission in Vietnam?"
    reply = "Guy Ryder called on the international community to invest more in supporting victims."
    with scripted_reply(reply) as server:
        answer = model_assistant(sample_index, embedder, monkeypatch, server.url).ask(question)
    assert answer.backend == "extractive" and "Kendra Rinas" in answer.citations[0].quote
    assert "“Guy Ryder”, which the best evidence does not hold" in answer.warnings[0]


def test_the_models_abstention_stands(sample_index, embedder, monkeypatch):
    with scripted_reply("NOT_IN_SOURCES") as server:
        answer = model_assistant(sample_index, embedder, monkeypatch, server.url).ask(MISSION)
    assert answer.abstained and answer.backend == "openai:scripted" and answer.citations == ()


def test_cli_json_says_which_answerer_answered(cli, sample_index):
    with scripted_reply(WRONG_NUMBER) as server:
        env = {"OPENAI_BASE_URL": server.url, "PATH": "/usr/bin:/bin", "NEWSRAG_LLM_RETRIES": "0",
               "NEWSRAG_LLM_MODEL": "scripted"}
        done = cli("ask", MISSION, "--json", "--index-dir", sample_index.index_dir, env=env)
        plain = cli("ask", MISSION, "--index-dir", sample_index.index_dir, env=env)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["backend"] == "extractive" and "openai:scripted" in answer["warnings"][0]
    assert done.stderr.startswith("newsrag: warning: the model's answer (openai:scripted)")
    assert plain.returncode == 0 and WRONG_NUMBER in plain.stdout
    assert "Answered from the articles instead:" in plain.stdout and "43" in plain.stdout


def _judged(supported, conflict=""):
    return Judged("claim", (), supported, False, conflict)


@pytest.mark.parametrize(
    "verdicts, reason",
    [
        ([_judged(True)], None),
        ([_judged(True), _judged(True), _judged(False)], None),  # kept, the third flagged
        ([_judged(True), _judged(False)], "(1 of 2 sentences)"),  # two thirds must be supported
        ([_judged(True), _judged(False), _judged(False)], "(1 of 3 sentences)"),
        ([_judged(True), _judged(True, "45")], "“45”"),  # a conflict anywhere falls back
        ([], "(0 of 0 sentences)"),
    ],
)
def test_fallback_reason(verdicts, reason):
    found = fallback_reason(Grounded("text", (), tuple(verdicts)))
    assert found is None if reason is None else reason in found
