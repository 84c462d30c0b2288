"""Sentence-aware chunking: token budgets, one-sentence overlap, exact offsets into the file."""

import pytest

from rag.ingest.chunking import _MAX_SENTENCE_TOKENS, chunk_article, pack_sentences, sentence_spans
from rag.ingest.corpus import list_article_files, read_article
from rag.text.tokens import count_tokens


@pytest.fixture(scope="module")
def sample_articles(sample_corpus):
    return [read_article(sample_corpus, p) for p in list_article_files(sample_corpus)]


def test_count_tokens_offline_o200k():
    assert count_tokens("hello world") == 2
    assert count_tokens("") == 0
    assert count_tokens("<|endoftext|>") > 1  # special tokens are plain text here


def test_sentence_spans_trimmed_per_line_and_offset_exact():
    text = "  First sentence here. Second one!\n\nA headline\n   Third sentence follows.  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "First sentence here.", "Second one!", "A headline", "Third sentence follows."
    ]


@pytest.mark.parametrize("line, expected", [
    ("Giá xăng giảm hơn 400 đồng một lít", ["Giá xăng giảm hơn 400 đồng một lít"]),
    ("  Headline, no full stop: Vietnam wins  ", ["Headline, no full stop: Vietnam wins"]),
    ("Trump says yes. Others wait", ["Trump says yes.", "Others wait"]),
    ("Why now? Nobody knows!", ["Why now?", "Nobody knows!"]),
    ("Dr. Smith left early.", ["Dr. Smith left early."]),
    ("version 1.5 is out", ["version 1.5 is out"]),
])
def test_a_line_is_split_only_where_punkt_sees_sentence_ends(line, expected):
    """A line without . ? ! (a headline) is one sentence without asking Punkt; others as Punkt
    splits them."""
    assert [line[s:e] for s, e in sentence_spans(line)] == expected


def test_sentence_spans_respect_start():
    text = " date 2025-11-26 Body starts here. And continues."
    spans = sentence_spans(text, 17)
    assert [text[s:e] for s, e in spans] == ["Body starts here.", "And continues."]


def test_overlong_sentence_is_cut_at_word_boundaries():
    words = [f"word{i}" for i in range(400)]
    text = " ".join(words) + "."
    spans = sentence_spans(text)
    assert len(spans) > 1
    assert all(count_tokens(text[s:e]) <= _MAX_SENTENCE_TOKENS for s, e in spans)
    assert " ".join(text[s:e] for s, e in spans) == text  # nothing lost, cut between words


@pytest.mark.parametrize(
    "sizes, budget, overlap, expected",
    [
        # each "sentence" below is `n` copies of " a" (one token each)
        ([3, 3, 3], 10, 1, [[0, 1, 2]]),
        ([4, 4, 4], 8, 1, [[0, 1], [1, 2]]),
        ([4, 4, 4, 4], 8, 0, [[0, 1], [2, 3]]),
        ([6, 6], 8, 1, [[0], [1]]),  # the overlap is dropped when it would bust the budget
        ([12], 8, 1, [[0]]),  # a single sentence over budget still forms a chunk
        ([], 8, 1, []),
    ],
)
def test_pack_sentences(sizes, budget, overlap, expected):
    text, spans = "", []
    for n in sizes:
        start = len(text)
        text += "a" + " a" * (n - 1)
        spans.append((start, len(text)))
        text += "\n"
    assert [count_tokens(text[s:e]) for s, e in spans] == sizes
    groups = pack_sentences(text, spans, budget, overlap)
    assert groups == [[spans[i] for i in group] for group in expected]


@pytest.mark.parametrize("budget", [40, 120, 320])
def test_sample_chunks_keep_exact_offsets_and_cover_the_body(sample_articles, budget):
    for article in sample_articles:
        chunks = chunk_article(article, budget)
        spans = sentence_spans(article.text, article.body_start)
        in_order = list(dict.fromkeys(s for c in chunks for s in c.sentences))
        assert in_order == spans  # every sentence, in order, none lost
        assert len({c.id for c in chunks}) == len(chunks)
        covered = set()
        for k, chunk in enumerate(chunks):
            assert chunk.index == k and chunk.file == article.path
            assert chunk.id == f"{article.path}::{article.content_hash[:12]}::{k}"
            assert chunk.text == article.text[chunk.start : chunk.end]
            assert (chunk.start, chunk.end) == (chunk.sentences[0][0], chunk.sentences[-1][1])
            assert chunk.start >= article.body_start  # the date header is never quoted
            tokens = sum(count_tokens(article.text[s:e]) for s, e in chunk.sentences)
            assert tokens <= budget or len(chunk.sentences) == 1  # a lone long sentence may exceed
            for s, e in chunk.sentences:
                sentence = article.text[s:e]
                assert sentence and sentence == sentence.strip()
                covered.update(range(s, e))
            if k:  # one sentence of overlap, unless that sentence would bust the budget
                last = chunks[k - 1].sentences[-1]
                if chunk.sentences[0] != last:
                    following = spans[spans.index(last) + 1]
                    assert chunk.sentences[0] == following  # no sentence skipped
                    tokens = count_tokens(article.text[slice(*last)])
                    tokens += sum(count_tokens(article.text[s:e]) for s, e in chunk.sentences)
                    assert tokens > budget
        body = range(article.body_start, len(article.text))
        assert all(i in covered for i in body if not article.text[i].isspace())


def test_small_budget_makes_more_chunks(sample_articles):
    vi = next(a for a in sample_articles if a.lang == "vi")
    assert len(chunk_article(vi, 40)) > len(chunk_article(vi, 320)) >= 2
