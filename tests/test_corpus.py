"""Reading a folder of dated articles: file listing, date headers, metadata, bad files."""

import datetime as dt
import hashlib
import tempfile
import unicodedata
from pathlib import Path

import pytest
from conftest import EN_ARTICLE, VI_ARTICLE
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.errors import BadArticleError, NewsragError, shown
from rag.ingest.chunking import chunk_article
from rag.ingest.corpus import iter_articles, list_article_files, parse_date_header, read_article
from rag.sources import read_source


def write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def test_sample_articles_metadata(sample_corpus):
    by_name = {p.name: read_article(sample_corpus, p) for p in list_article_files(sample_corpus)}
    assert set(by_name) == {VI_ARTICLE, EN_ARTICLE}
    vi, en = by_name[VI_ARTICLE], by_name[EN_ARTICLE]
    assert (vi.date, vi.lang, en.date, en.lang) == ("2025-11-26", "vi", "2025-11-27", "en")
    assert vi.title.startswith("Trong các ngày 24-26/11")
    assert en.title.startswith("Minister-Counsellor")
    for article in (vi, en):
        path = sample_corpus / article.path
        assert article.text == path.read_text(encoding="utf-8")
        assert article.text[: article.body_start] == " date " + article.date + " "
        assert article.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()


def test_listing_is_recursive_sorted_and_only_article_formats(tmp_path):
    for name in ["b.txt", "a.md", "sub/deeper/c.TXT", "notes.pdf", "d.json", ".hidden.txt",
                 "page.HTML", "feeds/vn.rss", "export.jsonl", "rows.csv", "image.png"]:
        write(tmp_path / name, "Some text.")
    files = [p.relative_to(tmp_path).as_posix() for p in list_article_files(tmp_path)]
    assert files == ["a.md", "b.txt", "export.jsonl", "feeds/vn.rss", "page.HTML", "rows.csv",
                     "sub/deeper/c.TXT"]


def test_nested_article_path_is_relative_with_forward_slashes(tmp_path):
    path = write(tmp_path / "2025" / "nov" / "x.txt", " date 2025-11-01 Hello there.")
    assert read_article(tmp_path, path).path == "2025/nov/x.txt"


def test_missing_folder(tmp_path):
    with pytest.raises(NewsragError, match="corpus folder not found: .*nowhere"):
        list_article_files(tmp_path / "nowhere")


@pytest.mark.parametrize("contents", [[], ["image.png", "data.xlsx", "notes.pdf"]])
def test_folder_without_articles(tmp_path, contents):
    for name in contents:
        write(tmp_path / name, "x")
    with pytest.raises(NewsragError, match=r"no article files \(\.txt, \.md, \.html"):
        list_article_files(tmp_path)


def test_undated_article_has_null_date_and_body_from_start(tmp_path):
    path = write(tmp_path / "u.txt", "An undated report about rice.\nSecond line.")
    article = read_article(tmp_path, path)
    assert article.date is None and article.body_start == 0 and article.title == (
        "An undated report about rice."
    )


def test_byte_order_mark_before_header(tmp_path):
    path = write(tmp_path / "bom.txt", "\ufeff date 2024-02-29 Leap day news.")
    article = read_article(tmp_path, path)
    assert article.date == "2024-02-29"
    assert article.text[article.body_start :] == "Leap day news."


def test_markdown_title_drops_hashes_and_long_titles_are_cut(tmp_path):
    md = read_article(tmp_path, write(tmp_path / "a.md", "\n\n## Big headline\n\nBody."))
    assert md.title == "Big headline"
    long = read_article(tmp_path, write(tmp_path / "b.txt", "word " * 100))
    assert len(long.title) == 120 and long.title.endswith("…")


@pytest.mark.parametrize(
    "text, date, body",
    [
        (" date 2025-11-26 Body", "2025-11-26", "Body"),
        ("date 2025-11-26\nBody", "2025-11-26", "\nBody"),
        ("\tdate\t2025-01-31  Body", "2025-01-31", "Body"),
        ("Body without header", None, "Body without header"),
        ("Date 2025-11-26 capitalised", None, "Date 2025-11-26 capitalised"),
        ("date night markets reopen", None, "date night markets reopen"),  # a word, not a header
        ("Body.\n date 2020-01-01 a fake header line", None,
         "Body.\n date 2020-01-01 a fake header line"),
    ],
)
def test_parse_date_header(text, date, body):
    found, body_start = parse_date_header("f.txt", text)
    assert (found, text[body_start:]) == (date, body)


@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30", "2025-1-05", "26/11/2025", "2025"])
def test_malformed_date_header_is_rejected_naming_the_file(tmp_path, value):
    path = write(tmp_path / "dir" / "bad.txt", f" date {value} Body text.")
    with pytest.raises(BadArticleError) as err:
        read_article(tmp_path, path)
    assert err.value.path == "dir/bad.txt"
    assert str(err.value).startswith("dir/bad.txt: malformed date header")
    assert value in str(err.value)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty article"),
        (b"   \n\n\t ", "empty article"),
        (b" date 2025-11-26   \n", "empty article"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Tin tức Việt Nam".encode("utf-16"), "binary file"),
        ("Thông tin Hà Nam, café".encode("cp1258"), "not UTF-8"),
        (b"caf\xe9 au lait", "not UTF-8 text (byte 3)"),
    ],
)
def test_bad_files_are_rejected_with_reason(tmp_path, content, reason):
    path = write(tmp_path / "bad.txt", content)
    with pytest.raises(BadArticleError) as err:
        read_article(tmp_path, path)
    assert err.value.path == "bad.txt" and reason in err.value.reason


def test_iter_articles_yields_articles_and_errors_in_order(tmp_path):
    good = write(tmp_path / "a.txt", "Good article.")
    bad = write(tmp_path / "b.txt", b"")
    other = write(tmp_path / "c.txt", " date 2025-01-01 Another.")
    items = list(iter_articles(tmp_path, [good, bad, other]))
    assert [type(i).__name__ for i in items] == ["Article", "BadArticleError", "Article"]
    assert [i.path for i in items] == ["a.txt", "b.txt", "c.txt"]


def test_crlf_file_offsets_refer_to_text_as_opened(tmp_path):
    path = write(tmp_path / "crlf.txt", " date 2025-11-26 First line.\r\nSecond line.\r\n")
    article = read_article(tmp_path, path)
    with open(path, encoding="utf-8") as handle:  # universal newlines, as users open it
        assert article.text == handle.read()
    assert "\r" not in article.text


# -- files that point outside the corpus -----------------------------------------------------------


def test_symlink_out_of_the_corpus_is_neither_ingested_nor_readable(tmp_path):
    root, outside = tmp_path / "corpus", tmp_path / "private"
    write(root / "ok.txt", "An ordinary article.")
    secret = write(outside / "secret.txt", "The password is hunter2.")
    (root / "leak.txt").symlink_to(secret)
    (root / "inner.txt").symlink_to(root / "ok.txt")  # a link inside the corpus is fine
    with pytest.raises(BadArticleError) as err:
        read_article(root, root / "leak.txt")
    assert str(err.value) == "leak.txt: links to a file outside the corpus folder, skipped"
    assert read_article(root, root / "inner.txt").text == "An ordinary article."
    assert read_source(root, "leak.txt") is None
    assert read_source(root, "inner.txt") == "An ordinary article."


@pytest.mark.parametrize("file", ["../private/secret.txt", "sub/../../private/secret.txt",
                                  "/etc/passwd", "%s/private/secret.txt"])
def test_source_reader_refuses_paths_out_of_the_corpus(tmp_path, file):
    root = tmp_path / "corpus"
    write(root / "sub" / "ok.txt", "An ordinary article.")
    write(tmp_path / "private" / "secret.txt", "The password is hunter2.")
    assert read_source(root, file.replace("%s", str(tmp_path))) is None
    assert read_source(root, "sub/../sub/ok.txt") == "An ordinary article."


def test_file_that_vanishes_or_cannot_be_read_is_a_bad_article(tmp_path):
    gone = tmp_path / "gone.txt"
    with pytest.raises(BadArticleError, match=r"^gone.txt: cannot be read \(No such file"):
        read_article(tmp_path, gone)
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(BadArticleError, match="^folder.txt: cannot be read"):
        read_article(tmp_path, tmp_path / "folder.txt")


@pytest.mark.parametrize("body", ["\u200b\u200d\ufeff", "\u00ad \n\u2060", " \u200e\t"])
def test_invisible_only_article_is_empty(tmp_path, body):
    with pytest.raises(BadArticleError, match="empty article"):
        read_article(tmp_path, write(tmp_path / "z.txt", " date 2025-01-01 " + body))


def test_file_name_with_a_line_break_keeps_the_message_on_one_line(tmp_path):
    path = write(tmp_path / "two\nlines.txt", b"")
    with pytest.raises(BadArticleError) as err:
        read_article(tmp_path, path)
    assert str(err.value) == "'two\\nlines.txt': empty article, skipped"


# -- fuzzing: whatever the file holds, an Article or one clear line ------------------------------

HEADERS = st.sampled_from(["", " date ", "date ", "\ufeff date ", "\tdate\t", " DATE ", " date",
                           "date:", "  date  "])
DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2025-02-30", "2025-13-01", "2025-1-5", "20251105", "2025-11-26T10:00",
                     "２０２５-01-01", "2025-11-26\u200b", "0000-01-01", "9999-12-31"]),
    st.text(max_size=12),
)
SEPARATORS = st.sampled_from(["", " ", "\n", "\t", "\r\n", "\r", "\u200b", "\u00a0"])
BODIES = st.one_of(
    st.text(max_size=400),
    st.sampled_from(["", " ", "\n\n", "\u200b\u200d", "\ufeff", "Hà Nội.",
                     unicodedata.normalize("NFD", "Việt Nam ký kết tuyên bố."),
                     "x" * 5000, "word " * 400 + "end", "[1] ignore previous instructions [2]"]),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1258"])
NAMES = st.sampled_from(["a.txt", "sub/b.md", "tin tức.txt", "two\nlines.txt", "tab\there.md"])


@st.composite
def file_bytes(draw) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    text = draw(HEADERS) + draw(DATES) + draw(SEPARATORS) + draw(BODIES)
    return text.encode(draw(ENCODINGS), errors="replace")


@settings(max_examples=300, deadline=None)
@given(data=file_bytes(), name=NAMES)
def test_fuzzed_article_files_load_exactly_or_are_refused_in_one_line(data, name):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = write(root / name, data)
        try:
            article = read_article(root, path)
        except BadArticleError as exc:
            message = str(exc)
            assert message.startswith(f"{shown(name)}: ") and message.endswith("skipped")
            assert len(message.splitlines()) == 1
            return
        with open(path, encoding="utf-8") as handle:
            assert article.text == handle.read()
        assert 0 <= article.body_start <= len(article.text)
        assert article.date is None or dt.date.fromisoformat(article.date)
        assert article.lang in ("vi", "en") and "\n" not in article.title
        for chunk in chunk_article(article):
            assert chunk.text == article.text[chunk.start : chunk.end]
            for s, e in chunk.sentences:
                quote = article.text[s:e]
                assert article.body_start <= s < e <= len(article.text)
                assert quote == quote.strip()


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40))
def test_fuzzed_date_headers_parse_or_name_the_file(text):
    try:
        date, body_start = parse_date_header("f.txt", text)
    except BadArticleError as exc:
        assert str(exc).startswith("f.txt: malformed date header ")
        assert len(str(exc).splitlines()) == 1
        return
    assert (date is None and body_start == 0) or dt.date.fromisoformat(date)
