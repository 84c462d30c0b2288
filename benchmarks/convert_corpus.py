"""Write a folder of .txt articles (` date YYYY-MM-DD ` header, headline as the first line) in the
other formats newsrag reads, in the shapes outlets and tools produce them: saved web pages with
menus, related links and comments around the article; a JSON Lines and a CSV export; an RSS 2.0
and an Atom feed. Used by the format tests (same answers as the .txt files) and the format
benchmark (ingest throughput).

Usage: python benchmarks/convert_corpus.py CORPUS_DIR OUT_DIR
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from dataclasses import dataclass
from email.utils import format_datetime
from html import escape
from pathlib import Path

FORMATS = ("html", "jsonl", "csv", "rss", "atom")
OUTLET = "Báo Mẫu"
TZ = dt.timezone(dt.timedelta(hours=7))


@dataclass(frozen=True)
class Story:
    """A .txt article taken apart: its name, date, headline and paragraphs."""

    name: str
    date: str | None
    title: str
    paragraphs: list[str]

    @property
    def url(self) -> str:
        return f"https://bao-mau.example/{Path(self.name).with_suffix('.html').as_posix()}"

    @property
    def published(self) -> dt.datetime | None:
        return (dt.datetime.fromisoformat(self.date).replace(hour=8, tzinfo=TZ)
                if self.date else None)


def read_stories(corpus: Path) -> list[Story]:
    stories = []
    for path in sorted(corpus.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        date = None
        if text.lstrip("\ufeff").lstrip(" \t").startswith("date "):
            _, date, text = text.lstrip("\ufeff").lstrip(" \t").split(None, 2)
        blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
        first, _, rest = blocks[0].partition("\n")
        paragraphs = ([rest.strip()] if rest.strip() else []) + blocks[1:]
        stories.append(Story(path.relative_to(corpus).as_posix(), date, first.strip(), paragraphs))
    return stories


def page(story: Story) -> str:
    """A saved news page: menu, the article, related links, comments, footer."""
    meta = (f'<meta property="article:published_time" content="{story.published.isoformat()}">'
            if story.published else "")
    body = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<title>{escape(story.title)} - {OUTLET}</title>
<meta property="og:site_name" content="{OUTLET}">
<meta property="og:title" content="{escape(story.title)}">{meta}
<link rel="canonical" href="{story.url}">
</head><body>
<header><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li>
<li><a href="/the-gioi">Thế giới</a></li><li><a href="/kinh-doanh">Kinh doanh</a></li>
</ul></nav></header>
<main><article class="fck_detail">
<h1 class="title-detail">{escape(story.title)}</h1>
{body}
</article>
<aside class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/a.html">Giá vàng hôm nay tăng mạnh</a></li>
<li><a href="/b.html">Thời tiết cuối tuần</a></li>
</ul></aside>
<section class="comments"><h3>Ý kiến bạn đọc</h3>
<div class="comment"><p>Bài viết rất hay, cảm ơn tòa soạn!</p></div></section>
</main>
<footer><p>© 2025 {OUTLET}. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></footer>
</body></html>
"""


def export_rows(story: Story) -> dict:
    return {"title": story.title, "description": story.paragraphs[0] if story.paragraphs else "",
            "content": "\n\n".join(story.paragraphs), "link": story.url,
            "published": story.published.isoformat() if story.published else "",
            "source": {"id": None, "name": OUTLET}}


def rss(stories: list[Story]) -> str:
    items = []
    for s in stories:
        lead = escape(s.paragraphs[0]) if s.paragraphs else ""
        body = "".join(f"<p>{escape(p)}</p>" for p in s.paragraphs)
        date = f"<pubDate>{format_datetime(s.published)}</pubDate>" if s.published else ""
        items.append(f"""<item><title>{escape(s.title)}</title>
<description><![CDATA[<a href="{s.url}"><img src="https://bao-mau.example/i.jpg"></a></br>{lead}]]></description>
<content:encoded><![CDATA[{body}]]></content:encoded>
{date}<link>{s.url}</link><guid isPermaLink="true">{s.url}</guid></item>""")
    return (f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>{OUTLET}</title><link>https://bao-mau.example/</link><description>Tin mới nhất</description>
""" + "\n".join(items) + "\n</channel></rss>\n")


def atom(stories: list[Story]) -> str:
    entries = []
    for s in stories:
        body = escape("".join(f"<p>{escape(p)}</p>" for p in s.paragraphs))
        date = (f"<published>{s.published.isoformat()}</published>"
                f"<updated>{s.published.isoformat()}</updated>" if s.published else "")
        entries.append(f"""<entry><title>{escape(s.title)}</title><link href="{s.url}"/>
<id>{s.url}</id>{date}<content type="html">{body}</content></entry>""")
    return (f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{OUTLET}</title><id>https://bao-mau.example/</id>
<updated>2025-12-01T00:00:00+07:00</updated>
""" + "\n".join(entries) + "\n</feed>\n")


def convert(corpus: Path, out: Path, kind: str) -> Path:
    """corpus's .txt articles written as `kind` under out/kind/; returns that folder."""
    stories = read_stories(corpus)
    folder = out / kind
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "html":
        for s in stories:
            target = folder / Path(s.name).with_suffix(".html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page(s), encoding="utf-8")
    elif kind == "jsonl":
        with open(folder / "export.jsonl", "w", encoding="utf-8") as handle:
            for s in stories:
                handle.write(json.dumps(export_rows(s), ensure_ascii=False) + "\n")
    elif kind == "csv":
        with open(folder / "export.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["headline", "body", "url", "date", "site"])
            for s in stories:
                writer.writerow([s.title, "\n\n".join(s.paragraphs), s.url,
                                 s.published.strftime("%d/%m/%Y %H:%M") if s.published else "",
                                 OUTLET])
    elif kind == "rss":
        (folder / "feed.rss").write_text(rss(stories), encoding="utf-8")
    elif kind == "atom":
        (folder / "feed.atom").write_text(atom(stories), encoding="utf-8")
    else:
        raise ValueError(kind)
    return folder


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    for kind in FORMATS:
        print(convert(source, target, kind))
