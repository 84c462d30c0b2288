"""The llama-index door (rag/llama_index.py): newsrag's retriever and answers inside llama-index
pipelines, and llama-index documents into newsrag. Real components throughout: the sample index,
llama-index's own `RetrieverQueryEngine`, `SimpleDirectoryReader` and a llama.cpp server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import EN_ARTICLE, VI_ARTICLE
from llama_index.core import SimpleDirectoryReader
from llama_index.core.base.response.schema import Response
from llama_index.core.postprocessor import SimilarityPostprocessor
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.schema import Document, NodeWithScore, TextNode
from llama_index.core.vector_stores.types import (
    FilterCondition,
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
)
from llm_servers import llama_server

from rag import Answer, Assistant, Filter, NewsragError, Settings
from rag.llama_index import (
    CitedStreamingResponse,
    NewsragLLM,
    NewsragQueryEngine,
    NewsragRetriever,
    as_filter,
    document_files,
    ingest_documents,
)

MISSION = "How many countries signed the joint statement?"
VI_MISSION = "Việt Nam cùng bao nhiêu nước ra Tuyên bố chung?"
DATES = {VI_ARTICLE: "2025-11-26", EN_ARTICLE: "2025-11-27"}
NODE_KEYS = {"file", "date", "title", "language", "story", "start", "end"}


def f(key: str, value, op: str = "==") -> MetadataFilter:
    return MetadataFilter(key=key, value=value, operator=FilterOperator(op))


def filters(*items, condition: str = "and") -> MetadataFilters:
    return MetadataFilters(filters=list(items), condition=FilterCondition(condition))


# -- filters (pure) -------------------------------------------------------------------------------


@pytest.mark.parametrize("given, expected", [
    (None, Filter()),
    (Filter(lang="en"), Filter(lang="en")),
    (filters(), Filter()),
    (filters(f("language", "vi")), Filter(lang="vi")),
    (filters(f("lang", "en")), Filter(lang="en")),
    (filters(f("language", ["vi"], "in")), Filter(lang="vi")),
    (filters(f("language", ["vi", "en"], "in")), Filter()),
    (filters(f("date", "2025-11-26")), Filter(since="2025-11-26", until="2025-11-26")),
    (filters(f("date", "2025-11-26", ">=")), Filter(since="2025-11-26")),
    (filters(f("date", "2025-11-26", ">")), Filter(since="2025-11-27")),
    (filters(f("date", "2025-11-27", "<=")), Filter(until="2025-11-27")),
    (filters(f("date", "2025-12-01", "<")), Filter(until="2025-11-30")),
    (filters(f("date", "2025-11-20", ">="), f("date", "2025-11-30", "<="), f("language", "en")),
     Filter(since="2025-11-20", until="2025-11-30", lang="en")),
    (filters(f("date", "2025-11-20", ">="), f("date", "2025-11-24", ">=")),
     Filter(since="2025-11-24")),  # bounds joined by AND: the tighter one wins
    (filters(f("language", "vi"), filters(f("date", "2025-11-26", "<="))),
     Filter(until="2025-11-26", lang="vi")),
    (filters(f("language", "vi"), condition="or"), Filter(lang="vi")),  # one filter: no joining
])
def test_metadata_filters_map_to_the_newsrag_filter(given, expected):
    assert as_filter(given) == expected


@pytest.mark.parametrize("given, message", [
    (filters(f("title", "UN")), "metadata filter title == 'UN' is not supported: newsrag filters "
                                "on date"),
    (filters(f("date", "2025-11-26", "!=")), "metadata filter date != '2025-11-26' is not "
                                             "supported"),
    (filters(f("language", "vi"), f("date", "2025-11-26"), condition="or"),
     "metadata filters joined by 'or'"),
    (filters(f("date", "26/11/2025")), "metadata filter date == '26/11/2025': not a date"),
    (filters(f("language", "fr")), "metadata filter language == 'fr': languages are vi, en"),
    (filters(f("language", "vi"), f("language", "en")), "exclude every language"),
    (filters(f("date", "2025-11-27", ">="), f("date", "2025-11-26", "<=")),
     "--since 2025-11-27 is after --until 2025-11-26"),
])
def test_unsupported_or_contradictory_filters_are_one_line_errors(given, message):
    with pytest.raises(NewsragError) as error:
        as_filter(given)
    assert message in str(error.value) and "\n" not in str(error.value)


# -- documents to files (pure) ---------------------------------------------------------------------


def doc(text: str, **metadata) -> Document:
    return Document(text=text, metadata=metadata)


@pytest.mark.parametrize("metadata, expected_start", [
    ({}, "Plain text."),  # undated: no header
    ({"date": "2025-11-26"}, " date 2025-11-26 Plain text."),
    ({"publication_date": "2025-11-26T08:30:00+07:00"}, " date 2025-11-26 Plain text."),
    ({"published": dt.date(2025, 11, 26)}, " date 2025-11-26 Plain text."),
    ({"date": dt.datetime(2025, 11, 26, 23, 0)}, " date 2025-11-26 Plain text."),
    ({"creation_date": "2025-01-01"}, "Plain text."),  # a file's dates are not publication dates
])
def test_documents_are_dated_from_their_metadata(metadata, expected_start):
    ((name, text),) = document_files([doc("Plain text.", file_name="a.txt", **metadata)])
    assert text == expected_start and name.endswith(".txt")


def test_a_header_already_in_the_text_is_kept():
    ((_, text),) = document_files([doc(" date 2025-11-27 Body.", date="2025-01-01")])
    assert text == " date 2025-11-27 Body."


@pytest.mark.parametrize("bad", [{"date": "yesterday"}, {"date": "2025-13-01"}])
def test_a_bad_date_is_an_error_naming_the_document(bad):
    with pytest.raises(NewsragError, match=r"document report-\w+\.txt: metadata date = .* is "
                                           r"not a date \(want YYYY-MM-DD\)"):
        document_files([doc("x", file_name="report.pdf", **bad)])


def test_file_names_follow_the_source_and_stay_stable():
    first = document_files([doc("v1", file_path="/news/a.txt", file_name="a.txt"),
                            doc("other", file_path="/news/b.txt", file_name="b.txt")])
    again = document_files([doc("v2", file_path="/news/a.txt", file_name="a.txt")])
    assert first[0][0] == again[0][0] != first[1][0]  # a re-read source updates its file
    assert first[0][0].startswith("a-") and first[1][0].startswith("b-")
    pages = document_files([doc("p1", file_path="/r.pdf", file_name="r.pdf"),
                            doc("p2", file_path="/r.pdf", file_name="r.pdf")])
    assert [n.rsplit("-", 1)[1] for n, _ in pages] == ["1.txt", "2.txt"]  # pages of one file
    assert document_files([doc("x", file_name="Bài báo: số 1?.txt")])[0][0].startswith(
        "Bài-báo-số-1-")


# -- the retriever over the sample index ----------------------------------------------------------


def test_retriever_nodes_are_exact_chunks_with_their_article(sample_index):
    retriever = NewsragRetriever(sample_index.assistant, top_k=4)
    nodes = retriever.retrieve(MISSION)
    assert 1 <= len(nodes) <= 4 and all(isinstance(n, NodeWithScore) for n in nodes)
    assert [n.score for n in nodes] == sorted((n.score for n in nodes), reverse=True)
    for scored in nodes:
        node = scored.node
        assert isinstance(node, TextNode) and set(node.metadata) == NODE_KEYS
        meta = node.metadata
        text = (sample_index.corpus / meta["file"]).read_text(encoding="utf-8")
        assert text[meta["start"]:meta["end"]] == node.text
        assert (node.start_char_idx, node.end_char_idx) == (meta["start"], meta["end"])
        assert meta["date"] == DATES[meta["file"]] and node.ref_doc_id == meta["file"]
        assert meta["language"] == ("vi" if meta["file"] == VI_ARTICLE else "en")
        assert meta["title"] and meta["story"]
        shown = node.get_content(metadata_mode="llm")  # what a synthesizer puts in the prompt
        assert f"file: {meta['file']}" in shown and "story:" not in shown
    assert {n.node.metadata["story"] for n in nodes} == {VI_ARTICLE}  # one story, two languages


@pytest.mark.parametrize("given, check", [
    (filters(f("language", "vi")), lambda m: m["language"] == "vi"),
    (filters(f("date", "2025-11-27")), lambda m: m["date"] == "2025-11-27"),
    (filters(f("date", "2025-11-26", ">")), lambda m: m["file"] == EN_ARTICLE),
])
def test_retriever_applies_metadata_filters(sample_index, given, check):
    nodes = NewsragRetriever(sample_index.assistant, filters=given).retrieve(MISSION)
    assert nodes and all(check(n.node.metadata) for n in nodes)


# -- newsrag's answers as llama-index responses ---------------------------------------------------


def assert_citation_nodes(response, corpus: Path, answer: Answer) -> None:
    """source_nodes are the answer's citations, in order, each an exact quote of its file."""
    assert [n.node.metadata["n"] for n in response.source_nodes] == [c.n for c in
                                                                     answer.citations]
    for scored, citation in zip(response.source_nodes, answer.citations):
        meta = scored.node.metadata
        assert scored.node.text == citation.quote
        text = (corpus / meta["file"]).read_text(encoding="utf-8")
        assert text[meta["start"]:meta["end"]] == scored.node.text
        assert meta["date"] == citation.date and meta["language"] == citation.lang
        assert meta["title"] and meta["story"] and meta["supported"] is citation.supported


def test_query_engine_returns_the_answer_with_its_citations_as_source_nodes(sample_index):
    response = NewsragQueryEngine(sample_index.assistant).query(MISSION)
    assert isinstance(response, Response)
    answer = response.metadata["answer"]
    assert answer == sample_index.assistant.ask(MISSION)  # the same answer as the Python API
    assert response.response == answer.text and "43" in answer.text
    assert response.metadata["backend"] == "extractive" and response.metadata["abstained"] is False
    assert {n.node.metadata["file"] for n in response.source_nodes} == set(DATES)
    assert_citation_nodes(response, sample_index.corpus, answer)


def test_query_engine_filters_and_abstains_like_the_assistant(sample_index):
    only_en = NewsragQueryEngine(sample_index.assistant, filters=filters(f("language", "en")))
    response = only_en.query(VI_MISSION)
    assert {n.node.metadata["file"] for n in response.source_nodes} == {EN_ARTICLE}
    nothing = NewsragQueryEngine(sample_index.assistant).query("What is the capital of Peru?")
    assert nothing.metadata["abstained"] is True and nothing.source_nodes == []


def test_streaming_query_engine_fills_citations_when_the_stream_ends(sample_index):
    response = NewsragQueryEngine(sample_index.assistant, streaming=True).query(VI_MISSION)
    assert isinstance(response, CitedStreamingResponse) and response.source_nodes == []
    final = response.get_response()
    answer = response.metadata["answer"]
    assert final.response == answer.text and "43" in final.response
    assert answer == sample_index.assistant.ask(VI_MISSION)
    assert_citation_nodes(final, sample_index.corpus, answer)


# -- documents from llama-index readers -----------------------------------------------------------

ARTICLES = {
    "bridge.txt": "The new bridge over the Perfume River in Hue cost 2,100 billion dong. It opened "
                  "to traffic on Saturday after three years of work.",
    "museum.md": "# Museum\n\nDa Nang opened a museum of Cham sculpture with 500 pieces on show.",
    "dated.txt": " date 2025-11-20 Hanoi's new library has 1,200 reading rooms, officials said.",
}
PUBLISHED = {"bridge.txt": "2025-11-24"}  # what a reader's file_metadata adds


def test_documents_from_simple_directory_reader_are_ingested_and_cited(tmp_path, embedder):
    source = tmp_path / "downloads"
    source.mkdir()
    for name, text in ARTICLES.items():
        (source / name).write_text(text, encoding="utf-8")
    reader = SimpleDirectoryReader(
        str(source), file_metadata=lambda p: {"file_path": p, "file_name": Path(p).name,
                                              **({"date": PUBLISHED[Path(p).name]}
                                                 if Path(p).name in PUBLISHED else {})})
    documents = reader.load_data()
    assistant = Assistant(settings=Settings(index_dir=str(tmp_path / "index")), embedder=embedder)
    corpus = tmp_path / "corpus"

    report = ingest_documents(assistant, documents, corpus)
    assert len(report.added) == 3 and not report.skipped

    answer = assistant.ask("How much did the bridge in Hue cost?")
    assert "2,100 billion dong" in answer.text
    (citation,) = [c for c in answer.citations if "2,100" in c.quote]
    assert citation.date == "2025-11-24"  # from the document's metadata
    assert (corpus / citation.file).read_text(encoding="utf-8")[
        citation.start:citation.end] == citation.quote
    library = assistant.ask("How many reading rooms does the library in Hanoi have?")
    assert library.citations[0].date == "2025-11-20"  # from the header in the text

    again = ingest_documents(assistant, SimpleDirectoryReader(
        str(source), file_metadata=reader.file_metadata).load_data(), corpus)
    assert len(again.unchanged) == 3 and not again.changed  # read again: nothing re-embedded


def test_a_bad_document_date_writes_and_indexes_nothing(tmp_path, embedder):
    assistant = Assistant(settings=Settings(index_dir=str(tmp_path / "index")), embedder=embedder)
    documents = [doc("Fine.", file_name="a.txt"), doc("Bad.", file_name="b.txt", date="soon")]
    with pytest.raises(NewsragError, match="metadata date = 'soon' is not a date"):
        ingest_documents(assistant, documents, tmp_path / "corpus")
    assert not (tmp_path / "corpus").exists()


# -- llama-index's own query engine over the newsrag retriever, with a real LLM -------------------


@pytest.fixture(scope="module")
def llama_url():
    with llama_server() as url:
        yield url


@pytest.mark.slow
def test_retriever_query_engine_with_a_real_llm(sample_index, llama_url, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", llama_url)
    llm = NewsragLLM.from_settings(Settings(llm_model="smollm2", answer_tokens=80))
    assert llm.metadata.model_name == "smollm2"
    retriever = NewsragRetriever(sample_index.assistant, top_k=2,
                                 filters=filters(f("language", "en")))
    engine = RetrieverQueryEngine.from_args(
        retriever, llm=llm, node_postprocessors=[SimilarityPostprocessor(similarity_cutoff=0.5)])
    response = engine.query(MISSION)
    assert isinstance(response.response, str) and response.response.strip()
    assert 1 <= len(response.source_nodes) <= 2  # the synthesizer's sources: our chunks
    for scored in response.source_nodes:
        meta = scored.node.metadata
        assert meta["language"] == "en" and scored.score >= 0.5
        text = (sample_index.corpus / meta["file"]).read_text(encoding="utf-8")
        assert text[meta["start"]:meta["end"]] == scored.node.text


@pytest.mark.slow
def test_streamed_llm_answer_as_a_llama_index_response(sample_index, embedder, llama_url,
                                                       monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", llama_url)
    settings = Settings(index_dir=str(sample_index.index_dir), llm="openai", llm_model="smollm2",
                        context_tokens=350, answer_tokens=100, top_k=3)
    assistant = Assistant(settings=settings, embedder=embedder)
    response = NewsragQueryEngine(assistant, streaming=True).query(MISSION)
    deltas = list(response.response_gen)
    assert len(deltas) > 2  # the model's tokens, as they came
    answer = response.metadata["answer"]
    # the model's answer when the articles support it, else the extractive one naming the model
    assert answer.backend == "openai:smollm2" or (
        answer.backend == "extractive" and any("smollm2" in w for w in answer.warnings))
    assert response.get_response().response == answer.text
    for scored, citation in zip(response.source_nodes, answer.citations, strict=True):
        meta = scored.node.metadata
        text = (sample_index.corpus / meta["file"]).read_text(encoding="utf-8")
        assert text[meta["start"]:meta["end"]] == scored.node.text == citation.quote
