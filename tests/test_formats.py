"""Reading saved web pages, feed exports and RSS/Atom feeds into articles (no embeddings): what
is extracted, what is left out, item keys and labels, dates, and bad input named in one line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT, SAMPLE_CORPUS
from format_samples import (
    ATOM_FEED,
    CSV_EXPORT,
    EN_PAGE_DATE_IN_TEXT,
    JSONL_ROWS,
    NO_TEXT_PAGE,
    RSS_FEED,
    UNDATED_PAGE,
    VI_PAGE,
)

from rag.config import COLUMN_FIELDS, Settings, parse_columns
from rag.errors import BadArticleError, NewsragError
from rag.ingest.corpus import list_article_files, read_article, read_source_file
from rag.ingest.formats import ReadOptions
from rag.ingest.formats.base import BadItemError, compose_text
from rag.ingest.formats.columns import FIELDS, resolve_columns
from rag.ingest.formats.markup import plain_text
from rag.ingest.formats.published import UnreadableDate, parse_published
from rag.sources import text_on_disk
from rag.types import Article

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from convert_corpus import FORMATS, convert  # noqa: E402


def read(tmp_path: Path, name: str, content: str | bytes, options: ReadOptions = ReadOptions()
         ) -> list[Article | BadArticleError]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return list(read_source_file(tmp_path, path, options))


def jsonl(rows: list) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                   for r in rows)


# -- pure parts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value, day", [
    ("2025-11-20", "2025-11-20"),
    ("2025-11-20T01:30:00+07:00", "2025-11-20"),  # the publisher's day, not 19 Nov in UTC
    ("2025-11-20 23:59:59", "2025-11-20"),
    ("2025/11/20", "2025-11-20"),
    ("Thu, 20 Nov 2025 00:30:00 +0700", "2025-11-20"),
    ("Thứ năm, 20/11/2025, 08:30 (GMT+7)", "2025-11-20"),
    ("20/11/2025 08:30", "2025-11-20"),
    ("20 November 2025", "2025-11-20"),
    ("Nov. 20, 2025", "2025-11-20"),
    ("20 tháng 11 năm 2025", "2025-11-20"),
    (1763600000, "2025-11-20"),  # Unix seconds (a UTC day)
    ("1763600000000", "2025-11-20"),  # milliseconds
    ("", None),
    ("   ", None),
    (None, None),
])
def test_published_dates_as_exports_and_feeds_write_them(value, day):
    assert parse_published(value) == day


@pytest.mark.parametrize("value", ["hôm qua", "2 giờ trước", "yesterday", "32/13/2025",
                                   "2025-02-30", "2025", "tháng 11/2025", "soon", True, 1e30])
def test_relative_partial_and_impossible_dates_are_refused(value):
    with pytest.raises(UnreadableDate):
        parse_published(value)


@pytest.mark.parametrize("value, text", [
    ("<p>One.</p><p>Two <b>bold</b>.</p>", "One.\n\nTwo bold."),
    ('<a href="x"><img src="y.jpg"></a></br>Lead text &amp; more.', "Lead text & more."),
    ("<p>Kept</p><script>alert(1)</script><style>p{}</style><!-- note -->", "Kept"),
    ("plain  text\r\nsecond line\n\n\n\nthird", "plain text\nsecond line\n\nthird"),
    ("a < b and b > c", "a < b and b > c"),  # not markup
])
def test_plain_text_from_fields(value, text):
    assert plain_text(value) == text


@pytest.mark.parametrize("title, parts, expected", [
    ("Headline", ["Body one.", "Body two."], "Headline\n\nBody one.\n\nBody two."),
    ("Headline", ["Lead sentence.", "Lead sentence. More."], "Headline\n\nLead sentence. More."),
    ("Headline", ["Lead sentence...", "Lead sentence and the rest."],
     "Headline\n\nLead sentence and the rest."),  # a summary cut with "..." is the body's lead
    ("Headline", ["Headline\nBody."], "Headline\n\nBody."),  # the body repeats the headline
    ("", ["First line here.\nSecond."], "First line here.\nSecond."),
    ("Only a headline", ["", ""], "Only a headline"),
    ("", ["", ""], ""),
])
def test_compose_text(title, parts, expected):
    assert compose_text(title, parts)[1] == expected


@pytest.mark.parametrize("names, mapped, field, expected", [
    (["Title", "pubDate", "link"], None, "date", ["pubDate"]),
    (["published_at", "date"], None, "date", ["published_at", "date"]),
    (["Published At"], None, "date", ["Published At"]),
    (["tiêu đề", "nội dung"], None, "body", ["nội dung"]),
    (["noi_dung_bai", "content"], {"body": "noi_dung_bai"}, "body", ["noi_dung_bai", "content"]),
    (["source_domain"], None, "outlet", ["source_domain"]),
    (["x", "y"], None, "title", []),
])
def test_column_names_people_use_are_recognised(names, mapped, field, expected):
    assert resolve_columns(names, mapped)[field] == expected


def test_the_columns_setting_names_each_field_or_fails_naming_it():
    assert parse_columns("body=noi_dung, date = ngay_dang") == {"body": "noi_dung",
                                                                 "date": "ngay_dang"}
    assert COLUMN_FIELDS == FIELDS
    for bad in ("bdy=x", "body", "body=", "=x"):
        with pytest.raises(NewsragError, match="setting 'columns'"):
            Settings.load(columns=bad)
    with pytest.raises(NewsragError, match="max_file_mb"):
        Settings.load(max_file_mb=0)


@pytest.mark.parametrize("key, on_disk", [
    ("a.txt", True), ("sub/b.MD", True), ("page.html", False), ("feed.rss#0123abcd4567", False),
    ("export.jsonl#0123abcd4567", False), ("notes.txt.bak", False),
])
def test_which_texts_are_read_from_disk(key, on_disk):
    assert text_on_disk(key) is on_disk


# -- web pages ----------------------------------------------------------------------------------


def test_vietnamese_page_keeps_the_article_and_leaves_out_menus_related_links_and_comments(
        tmp_path):
    [page] = read(tmp_path, "trang/e20.html", VI_PAGE)
    assert isinstance(page, Article)
    assert (page.path, page.source_file, page.item) == ("trang/e20.html", "trang/e20.html", "")
    assert (page.date, page.lang, page.outlet) == ("2025-11-21", "vi", "Báo Thủ Đô")
    assert page.title == "Hà Nội mở tuyến buýt điện thứ 20"
    assert page.url == "https://thudo.example/giao-thong/ha-noi-mo-tuyen-buyt-dien-20.html"
    assert page.text.startswith("Hà Nội mở tuyến buýt điện thứ 20\n\n")
    for kept in ("41 điểm dừng", "9.000 đồng", "40 tuyến buýt điện", "dài 32 km"):
        assert kept in page.text
    for boilerplate in ("Trang chủ", "Tin liên quan", "Giá xăng", "Mong có thêm", "Ý kiến",
                        "bản quyền", "Tổng biên tập", "dataLayer"):
        assert boilerplate not in page.text
    assert page.text.count("Hà Nội mở tuyến buýt điện thứ 20") == 1


def test_english_page_dated_only_in_its_byline(tmp_path):
    [page] = read(tmp_path, "rice.htm", EN_PAGE_DATE_IN_TEXT)
    assert (page.date, page.lang, page.outlet) == ("2025-11-24", "en", "asiadesk.example")
    assert "8.1 million tonnes" in page.text and "Coffee prices" not in page.text


def test_page_without_a_date_is_undated_not_dated_by_its_copyright_year(tmp_path):
    [page] = read(tmp_path, "lanterns.html", UNDATED_PAGE)
    assert isinstance(page, Article) and page.date is None
    assert "paper lanterns" in page.text


@pytest.mark.parametrize("content, reason", [
    (NO_TEXT_PAGE, "no main text found in the page, skipped"),
    ("", "no main text found in the page, skipped"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary file, skipped"),
])
def test_page_without_an_article_is_skipped_naming_the_file(tmp_path, content, reason):
    [bad] = read(tmp_path, "redirect.html", content)
    assert isinstance(bad, BadArticleError) and not isinstance(bad, BadItemError)
    assert str(bad) == f"redirect.html: {reason}"


def test_a_file_over_the_size_limit_is_skipped_unread(tmp_path):
    [bad] = read(tmp_path, "big.html", VI_PAGE * 40, ReadOptions(max_file_bytes=10_000))
    assert str(bad).startswith("big.html: ") and "(setting max_file_mb), skipped" in str(bad)


# -- exports ------------------------------------------------------------------------------------


def test_jsonl_rows_of_news_api_and_scraper_shapes(tmp_path):
    bus, rice, lanterns = read(tmp_path, "feeds/export.jsonl", jsonl(JSONL_ROWS))
    assert [a.item for a in (bus, rice, lanterns)] == ["line 1", "line 2", "line 3"]
    assert all(a.path.startswith("feeds/export.jsonl#") for a in (bus, rice, lanterns))
    assert all(a.source_file == "feeds/export.jsonl" for a in (bus, rice, lanterns))
    assert (bus.date, bus.outlet, bus.lang) == ("2025-11-21", "Báo Thủ Đô", "vi")
    assert bus.text == ("Hà Nội mở tuyến buýt điện thứ 20\n\nTuyến buýt điện E20 nối bến xe Mỹ "
                        "Đình với khu đô thị Ocean Park, dài 32 km.\n\nTuyến E20 có 41 điểm dừng "
                        "và chạy từ 5h đến 22h mỗi ngày. Giá vé lượt là 9.000 đồng.")
    assert (rice.date, rice.outlet, rice.url) == ("2025-11-24", "asiadesk.example",
                                                  "https://asiadesk.example/rice")
    assert "largest\nbuyer" not in rice.text and "The Philippines remained" in rice.text
    assert lanterns.date is None and lanterns.url == "https://travel.example/hoi-an"


def test_item_keys_survive_a_re_export_that_reorders_and_adds_rows(tmp_path):
    first = read(tmp_path, "a/export.jsonl", jsonl(JSONL_ROWS))
    new = {"title": "Tin mới", "content": "Một tin mới nhất.", "url": "https://x.example/new",
           "published": "2025-11-30"}
    again = read(tmp_path, "a/export.jsonl", jsonl([new, *reversed(JSONL_ROWS)]))
    before = {a.path: (a.content_hash, a.item) for a in first}
    after = {a.path: (a.content_hash, a.item) for a in again}
    assert set(before) < set(after) and len(after) == 4
    for key, (content_hash, item) in before.items():
        assert after[key][0] == content_hash and after[key][1] != item  # same article, new place


def test_csv_export_with_vietnamese_column_names_and_semicolons(tmp_path):
    coffee, danang = read(tmp_path, "nongnghiep.csv", "\ufeff" + CSV_EXPORT)
    assert (coffee.item, danang.item) == ("row 2", "row 3")  # as a spreadsheet numbers them
    assert (coffee.date, danang.date) == ("2025-11-25", "2025-11-26")
    assert coffee.outlet == "Nông Nghiệp" and coffee.url == "https://nongnghiep.example/ca-phe"
    assert coffee.text == ("Giá cà phê lập đỉnh mới\n\nGiá cà phê Robusta vượt 5.000 USD một tấn."
                           "\n\nSáng 25/11, giá cà phê Robusta tăng 3%.\n\nNông dân Tây Nguyên "
                           "bán ra mạnh.")
    assert danang.text.startswith("Đà Nẵng đón 8 triệu lượt khách\n\nĐà Nẵng đón 8 triệu")


def test_columns_named_in_settings(tmp_path):
    content = "ma;bai_viet;luc\n1;Thành phố khai trương công viên mới.;2025-11-28\n"
    [bad] = read(tmp_path, "x.csv", content)
    assert str(bad).startswith("x.csv: no title or text column among its columns (ma, bai_viet,"
                               " luc): name one with the setting columns")
    [row] = read(tmp_path, "x.csv", content,
                 ReadOptions(columns={"body": "bai_viet", "date": "luc", "id": "ma"}))
    assert row.text == "Thành phố khai trương công viên mới." and row.date == "2025-11-28"


def test_bad_rows_are_skipped_one_line_each_naming_file_and_row(tmp_path):
    rows = [
        JSONL_ROWS[0],
        '{"title": "Cut off", "url": "https://x.example/cut"',
        '["not", "an", "object"]',
        {"title": "", "description": "  ", "url": "https://x.example/empty"},
        {"title": "Bad date", "content": "Text.", "published": "hôm qua",
         "url": "https://x.example/bad-date"},
    ]
    good, *bad = read(tmp_path, "export.jsonl", jsonl(rows))
    assert isinstance(good, Article) and all(isinstance(e, BadItemError) for e in bad)
    assert [str(e) for e in bad] == [
        "export.jsonl line 2: not valid JSON (Expecting ',' delimiter), skipped",
        "export.jsonl line 3: not a JSON object, skipped",
        "export.jsonl line 4: no title or text, skipped",
        "export.jsonl line 5: unreadable date 'hôm qua', skipped",
    ]
    # a row we can identify keeps what the index holds for it; a line we cannot read could be any
    # item, so the whole file's indexed items are kept
    assert bad[2].key and bad[3].key and bad[0].key is None and bad[1].key is None


def test_an_export_with_no_good_row_is_refused_as_a_whole(tmp_path):
    items = read(tmp_path, "e.jsonl", jsonl([{"title": "x", "published": "soon"}]))
    assert str(items[-1]) == "e.jsonl: no line could be indexed, skipped"
    assert not isinstance(items[-1], BadItemError)
    [bad] = read(tmp_path, "bin.csv", b"title,body\x00\n")
    assert str(bad) == "bin.csv: binary file, skipped"
    [bad] = read(tmp_path, "latin.csv", "title,body\nCafé,Noël à Paris\n".encode("cp1252"))
    assert str(bad).startswith("latin.csv: not UTF-8 text")


# -- feeds --------------------------------------------------------------------------------------


def test_rss_entries_as_vietnamese_outlets_publish_them(tmp_path):
    bus, gold = read(tmp_path, "feeds/thudo.rss", RSS_FEED)
    assert (bus.item, gold.item) == ("entry 1", "entry 2")
    assert (bus.date, gold.date) == ("2025-11-21", "2025-11-22")  # 00:30 +07:00 stays the 22nd
    assert bus.outlet == "Tin mới nhất - Báo Thủ Đô" and bus.url == "https://thudo.example/e20.html"
    assert bus.text == ("Hà Nội mở tuyến buýt điện thứ 20\n\nTuyến buýt điện E20 nối bến xe Mỹ "
                        "Đình với khu đô thị Ocean Park, dài 32 km.")
    assert "<img" not in gold.text and bus.lang == "vi"


def test_atom_entries_summary_not_repeated_and_an_undated_entry(tmp_path):
    rice, pepper = read(tmp_path, "markets.atom", ATOM_FEED)
    assert rice.text == ("Vietnam's rice exports hit record\n\nVietnam exported 8.1 million "
                         "tonnes of rice in the first ten months.\n\nThe Philippines remained the "
                         "largest buyer.")
    assert rice.date == "2025-11-24" and rice.outlet == "Asia Desk - Markets"
    assert pepper.date is None and "Brazilian supply" in pepper.text


@pytest.mark.parametrize("content, reason", [
    ("<html><body><p>Not a feed</p></body></html>", "not an RSS or Atom feed"),
    ("<rss version='2.0'><channel><title>x</title><item><title>Whole</title></item><item><ti",
     "not a well-formed feed (unclosed token), skipped"),  # cut off
    ('<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>',
     "a feed with no entries, skipped"),
    ("", "not an RSS or Atom feed"),
])
def test_a_feed_that_does_not_parse_is_refused_naming_the_file(tmp_path, content, reason):
    [bad] = read(tmp_path, "broken.xml", content)
    assert str(bad).startswith(f"broken.xml: {reason}") and "\n" not in str(bad)
    assert not isinstance(bad, BadItemError)


# -- the sample corpus in every format ----------------------------------------------------------


@pytest.mark.parametrize("kind", FORMATS)
def test_sample_corpus_converted_gives_the_same_text_date_and_language(tmp_path, kind):
    folder = convert(SAMPLE_CORPUS, tmp_path, kind)
    txt = {a.date: a for a in (read_article(SAMPLE_CORPUS, p)
                               for p in list_article_files(SAMPLE_CORPUS))}
    articles = [a for p in list_article_files(folder) for a in read_source_file(folder, p)]
    assert len(articles) == 2 and all(isinstance(a, Article) for a in articles)
    for article in articles:
        original = txt[article.date]
        assert article.text == original.text[original.body_start:]
        assert article.lang == original.lang and article.outlet == "Báo Mẫu"
        assert article.url.startswith("https://bao-mau.example/")


# -- which indexed items a changed file still holds ----------------------------------------------


def _article(key: str, item: str = "line 1") -> Article:
    return Article(key, "Text.", 0, None, "en", "T", "h", source="f.jsonl", item=item)


@pytest.mark.parametrize("read, gone", [
    ([_article("f.jsonl#a")], ["f.jsonl#b", "f.jsonl#c"]),
    ([_article("f.jsonl#a"), BadItemError("f.jsonl", "line 2", "bad date", "f.jsonl#b")],
     ["f.jsonl#c"]),  # a bad item we can name keeps its indexed version
    ([_article("f.jsonl#a"), BadItemError("f.jsonl", "line 2", "not valid JSON")], []),
    ([_article("f.jsonl#a"), BadArticleError("f.jsonl", "not UTF-8 text")], []),
    ([], ["f.jsonl#a", "f.jsonl#b", "f.jsonl#c"]),
])
def test_items_a_changed_file_no_longer_holds(read, gone):
    from rag.ingest.pipeline import _SourceItems

    items = _SourceItems({"f.jsonl#a", "f.jsonl#b", "f.jsonl#c"})
    for item in read:
        items.take(item)
    assert items.gone() == gone


def test_a_second_item_with_the_same_key_is_skipped_naming_it():
    from rag.ingest.pipeline import _SourceItems

    items = _SourceItems(set())
    items.take(BadItemError("f.jsonl", "line 1", "unreadable date", "f.jsonl#a"))
    assert isinstance(items.take(_article("f.jsonl#a", "line 2")), Article)
    second = items.take(_article("f.jsonl#a", "line 3"))
    assert str(second) == ("f.jsonl line 3: the same url or id as an earlier item of the file,"
                           " skipped")
