"""Pages, exports and feeds through the whole pipeline with real embeddings and Chroma: the same
answers as the .txt files, exact citations into the kept text, item-level updates, bad input that
loses nothing, uploads, and a Chroma server."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import replace

import pytest
from conftest import REPO_ROOT, SAMPLE_CORPUS
from format_samples import ATOM_FEED, JSONL_ROWS, RSS_FEED, UNDATED_PAGE, VI_PAGE
from test_chroma_server import chroma_url  # noqa: F401  (the fixture: a real `chroma run`)
from test_ingest import CountingEmbedder

from rag import Assistant, Settings
from rag.evaluate.gold import load_gold

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from convert_corpus import FORMATS, convert  # noqa: E402

pytestmark = pytest.mark.slow


def assistant(index_dir, embedder, **settings) -> Assistant:
    return Assistant(settings=Settings(index_dir=str(index_dir), **settings), embedder=embedder)


def jsonl(rows: list) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                   for r in rows)


def assert_exact(a: Assistant, citations) -> None:
    """The citation rule: the quote is the article's text at [start:end], whatever its format."""
    for c in citations:
        text = a.article_text(c.file)
        assert text is not None and text[c.start : c.end] == c.quote, c


def gist(answer) -> tuple:
    """What a reader sees of an answer, file names and offsets aside (and the headline an
    abstention names as the closest report: each format has its own title for an article)."""
    text = answer.text.split(". ")[0] if answer.abstained else answer.text
    return (text, answer.abstained,
            [(c.n, c.quote, c.date, c.lang, c.supported) for c in answer.citations])


@pytest.fixture(scope="module")
def txt_answers(sample_index):
    """The answerer's answers (the fitted confidence, which also reads each format's own headline
    for an article, is left out on both sides)."""
    questions = load_gold(REPO_ROOT / "data" / "gold_qa.jsonl")
    assistant = sample_index.assistant
    assistant.confidence_model = None
    try:
        return [(q.question, gist(assistant.ask(q.question))) for q in questions]
    finally:
        del assistant.confidence_model  # the class's shipped model again


@pytest.mark.parametrize("kind", FORMATS)
def test_sample_corpus_in_each_format_answers_as_the_txt_files(tmp_path, embedder, txt_answers,
                                                               kind):
    folder = convert(SAMPLE_CORPUS, tmp_path / "corpus", kind)
    a = assistant(tmp_path / "index", embedder)
    a.confidence_model = None  # as txt_answers
    report = a.ingest(folder)
    assert len(report.added) == 2 and not report.skipped and not report.undated
    for question, expected in txt_answers:
        answer = a.ask(question)
        assert gist(answer) == expected, question
        assert_exact(a, answer.citations)
        for c in answer.citations:
            assert c.outlet == "Báo Mẫu" and c.url.startswith("https://bao-mau.example/")
            assert c.title and (c.item == "" if kind == "html" else c.item)
    assert a.ingest(folder).unchanged and not a.ingest(folder).changed


def test_an_export_re_exported_updates_only_its_changed_items(tmp_path, embedder):
    root = tmp_path / "corpus"
    root.mkdir()
    export = root / "export.jsonl"
    export.write_text(jsonl(JSONL_ROWS), encoding="utf-8")
    counting = CountingEmbedder(embedder)
    a = assistant(tmp_path / "index", counting)
    first = a.ingest(root)
    keys = {r.url: r.file for r in a.store.indexed_files().values()}
    assert sorted(first.added) == sorted(keys.values()) and len(keys) == 3
    assert first.undated == [keys["https://travel.example/hoi-an"]]  # said so

    answer = a.ask("Tuyến buýt điện E20 có bao nhiêu điểm dừng?")
    assert "41 điểm dừng" in answer.text
    bus = answer.citations[0]
    assert (bus.item, bus.url, bus.outlet) == ("line 1", "https://thudo.example/giao-thong/e20.html",
                                               "Báo Thủ Đô")
    assert bus.file == keys[bus.url] and bus.date == "2025-11-21"
    assert_exact(a, answer.citations)

    # re-exported: a new item on top, the bus item moved, the rice item changed, lanterns gone
    rice = dict(JSONL_ROWS[1], maintext="Vietnam exported 8.3 million tonnes of rice in the first"
                " eleven months of the year.")
    new = {"title": "Đà Nẵng đón 8 triệu lượt khách", "content": "Đà Nẵng đón 8 triệu lượt khách "
           "quốc tế trong 11 tháng.", "url": "https://x.example/da-nang", "published": "2025-11-29"}
    export.write_text(jsonl([new, rice, JSONL_ROWS[0]]), encoding="utf-8")
    counting.texts.clear()
    report = a.ingest(root)
    assert report.unchanged == [keys["https://thudo.example/giao-thong/e20.html"]]
    assert report.updated == [keys["https://asiadesk.example/rice"]]
    assert report.removed == [keys["https://travel.example/hoi-an"]]
    assert len(report.added) == 1 and report.added[0].startswith("export.jsonl#")
    assert not any("E20" in t for t in counting.texts)  # the unchanged item is not embedded
    assert any("8.3 million" in t for t in counting.texts)
    answer = a.ask("Tuyến buýt điện E20 có bao nhiêu điểm dừng?")
    assert answer.citations[0].item == "line 3"  # where it sits now
    rice_answer = a.ask("How much rice did Vietnam export?")
    assert "8.3 million" in rice_answer.text and "8.1" not in rice_answer.text
    assert_exact(a, rice_answer.citations)
    assert all("lantern" not in c.quote for c in a.ask("When are Hoi An's lanterns lit?").citations)

    counting.texts.clear()
    again = a.ingest(root)
    assert not again.changed and counting.texts == [] and len(again.unchanged) == 3


def test_bad_items_and_broken_files_keep_what_is_indexed(tmp_path, embedder, cli):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "export.jsonl").write_text(jsonl(JSONL_ROWS), encoding="utf-8")
    (root / "thudo.rss").write_text(RSS_FEED, encoding="utf-8")
    (root / "e20.html").write_text(VI_PAGE, encoding="utf-8")
    (root / "lanterns.html").write_text(UNDATED_PAGE, encoding="utf-8")
    index = tmp_path / "index"
    first = cli("ingest", root, "--index-dir", index, "--quiet")
    assert first.returncode == 0, first.stderr
    assert first.stderr.startswith("newsrag: note: 2 article(s) have no date and are indexed as "
                                   "undated: ")
    assert "lanterns.html" in first.stderr and len(first.stderr.splitlines()) == 1
    a = assistant(index, embedder)
    before = a.store.indexed_files()
    assert len(before) == 3 + 2 + 2

    # the export gets a bad date and a cut-off line; the feed is cut off; the page loses its text
    rows = [dict(JSONL_ROWS[0], publishedAt="hôm qua"), JSONL_ROWS[1], '{"title": "Cut']
    (root / "export.jsonl").write_text(jsonl(rows), encoding="utf-8")
    (root / "thudo.rss").write_text(RSS_FEED[: RSS_FEED.index("<title>Giá vàng")], encoding="utf-8")
    (root / "e20.html").write_text("<html><body><nav>Trang chủ</nav></body></html>",
                                   encoding="utf-8")
    result = cli("ingest", root, "--index-dir", index, "--quiet")
    assert result.returncode == 3
    assert sorted(result.stderr.splitlines()) == [
        "newsrag: warning: e20.html: no main text found in the page, skipped",
        "newsrag: warning: export.jsonl line 1: unreadable date 'hôm qua', skipped",
        "newsrag: warning: export.jsonl line 3: not valid JSON (Unterminated string starting at),"
        " skipped",
        "newsrag: warning: thudo.rss: not a well-formed feed (no element found), skipped",
    ]
    # kept, as a .txt file that goes bad is: not "unchanged", but nothing of them is removed
    assert result.stdout.startswith("added 0, updated 0, removed 0, unchanged 2, skipped 4;")
    a = assistant(index, embedder)
    # nothing lost, nothing half-changed (the export's good row notes the file's new fingerprint)
    after = a.store.indexed_files()
    assert {k: replace(r, source_hash="") for k, r in after.items()} == {
        k: replace(r, source_hash="") for k, r in before.items()}
    answer = a.ask("Giá vàng miếng giảm bao nhiêu?")
    assert "2 triệu đồng" in answer.text and answer.citations[0].item == "entry 2"
    assert_exact(a, answer.citations)

    asked = cli("ask", "Tuyến buýt điện E20 có bao nhiêu điểm dừng?", "--index-dir", index,
                "--json")
    data = json.loads(asked.stdout)
    cited = {(c["file"].split("#")[0], c["item"], c["url"], c["outlet"]) for c in data["citations"]}
    assert ("e20.html", "", "https://thudo.example/giao-thong/ha-noi-mo-tuyen-buyt-dien-20.html",
            "Báo Thủ Đô") in cited
    assert all({"title", "outlet", "url", "item"} <= set(c) for c in data["citations"])


def test_uploads_of_each_format(tmp_path, embedder):
    root = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, root)
    a = assistant(tmp_path / "index", embedder)
    a.ingest(root)
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "markets.atom").write_text(ATOM_FEED, encoding="utf-8")
    (uploads / "mixed.jsonl").write_text(jsonl([JSONL_ROWS[0], '["no"]']), encoding="utf-8")
    (uploads / "broken.xml").write_text("<rss><channel><item><title>x</ti", encoding="utf-8")
    (uploads / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    report = a.add_articles(sorted(uploads.iterdir()))
    assert ("sheet.xlsx", "not a file newsrag reads (.txt, .md, .html, .htm, .jsonl, .ndjson, "
            ".csv, .tsv, .xml, .rss, .atom), skipped") in report.skipped
    assert ("mixed.jsonl line 2", "not a JSON object, skipped") in report.skipped
    assert any(f == "broken.xml" for f, _ in report.skipped)
    assert len(report.added) == 3  # two entries and the good row
    assert (root / "markets.atom").exists() and (root / "mixed.jsonl").exists()
    assert not (root / "broken.xml").exists() and not (root / "sheet.xlsx").exists()
    answer = a.ask("How much rice did Vietnam export in the first ten months?")
    assert "8.1 million" in answer.text and answer.citations[0].outlet == "Asia Desk - Markets"
    assert_exact(a, answer.citations)


def test_extracted_texts_live_in_the_chroma_server(tmp_path, embedder, chroma_url):  # noqa: F811
    folder = convert(SAMPLE_CORPUS, tmp_path / "corpus", "rss")
    index_dir = tmp_path / "local"
    settings = {"chroma_url": chroma_url}
    a = assistant(index_dir, embedder, **settings)
    assert len(a.ingest(folder).added) == 2
    other = assistant(tmp_path / "elsewhere", embedder, **settings)  # another machine's view
    answer = other.ask("How many countries signed the joint statement?")
    assert "43" in answer.text and answer.citations
    assert_exact(other, answer.citations)
    assert all(p.name != "chroma.sqlite3" for p in index_dir.rglob("*"))


def test_an_index_from_before_the_texts_collection_is_read_without_writing(tmp_path, embedder):
    """Questions never write to the index: a .txt index made before texts were kept is read as it
    is, and gets the collection at the ingest that first needs it."""
    root = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, root)
    a = assistant(tmp_path / "index", embedder)
    a.ingest(root)
    a.store.client.delete_collection(a.store._names["texts"])  # as main's index was
    reader = assistant(tmp_path / "index", embedder)
    answer = reader.ask("How many countries signed the joint statement?")
    assert "43" in answer.text and answer.citations
    names = {c.name for c in reader.store.client.list_collections()}
    assert not any(n.startswith("texts--") for n in names)
    (root / "markets.atom").write_text(ATOM_FEED, encoding="utf-8")
    writer = assistant(tmp_path / "index", embedder)
    assert len(writer.ingest(root).added) == 2
    rice = reader.ask("How much rice did Vietnam export in the first ten months?")  # still open
    assert "8.1 million" in rice.text
    assert_exact(reader, rice.citations)
