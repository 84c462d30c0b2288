# ruff: noqa: E501  (the samples keep the long lines real pages and feeds have)
"""Small pages, exports and feeds in the shapes outlets and tools produce, written for the tests
(synthetic stories, not outlets' items): Vietnamese and English, with and without dates, with
boilerplate around the article."""

from __future__ import annotations

VI_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Hà Nội mở tuyến buýt điện thứ 20 - Báo Thủ Đô</title>
<meta property="og:site_name" content="Báo Thủ Đô">
<meta property="og:title" content="Hà Nội mở tuyến buýt điện thứ 20">
<meta property="article:published_time" content="2025-11-21T06:45:00+07:00">
<link rel="canonical" href="https://thudo.example/giao-thong/ha-noi-mo-tuyen-buyt-dien-20.html">
<script>window.dataLayer = [];</script>
</head><body>
<header><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li>
<li><a href="/giao-thong">Giao thông</a></li><li><a href="/the-thao">Thể thao</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/giao-thong">Giao thông</a></div>
<main><article class="fck_detail">
<h1 class="title-detail">Hà Nội mở tuyến buýt điện thứ 20</h1>
<span class="date">Thứ sáu, 21/11/2025, 06:45 (GMT+7)</span>
<p class="description">Tuyến buýt điện E20 nối bến xe Mỹ Đình với khu đô thị Ocean Park, dài 32 km.</p>
<p>Sở Xây dựng Hà Nội cho biết tuyến E20 có 41 điểm dừng và chạy từ 5h đến 22h mỗi ngày.</p>
<p>Giá vé lượt là 9.000 đồng; người trên 60 tuổi được miễn phí.</p>
<p>Theo kế hoạch, đến cuối năm 2026 thành phố sẽ có 40 tuyến buýt điện.</p>
</article>
<aside class="box-tinlienquan"><h3>Tin liên quan</h3><ul>
<li><a href="/a.html">Giá xăng giảm lần thứ ba liên tiếp</a></li>
<li><a href="/b.html">Cao tốc Bắc - Nam thông xe thêm 100 km</a></li></ul></aside>
<section id="box_comment"><h3>Ý kiến (12)</h3>
<div class="comment_item"><p>Mong có thêm tuyến buýt điện về Sóc Sơn.</p></div>
<div class="comment_item"><p>Giá vé 9.000 đồng là hợp lý.</p></div></section>
</main>
<footer><p>© 1997-2025. Toàn bộ bản quyền thuộc Báo Thủ Đô.</p>
<p>Tổng biên tập: Nguyễn Văn B. Địa chỉ: 12 Lê Thánh Tông, Hà Nội.</p></footer>
</body></html>
"""

# English, no date in the head: the byline in the page says it; no site name but a canonical URL
EN_PAGE_DATE_IN_TEXT = """<html><head><title>Vietnam's rice exports hit record | Asia Desk</title>
<link rel="canonical" href="https://www.asiadesk.example/markets/vietnam-rice-record">
</head><body>
<div id="menu"><a href="/">Home</a> | <a href="/markets">Markets</a> | <a href="/world">World</a></div>
<div class="story">
<h1>Vietnam's rice exports hit record</h1>
<p class="byline">By Jane Tran, published November 24, 2025</p>
<p>Vietnam exported 8.1 million tonnes of rice in the first ten months of the year, the Ministry of
Agriculture said on Monday.</p>
<p>The Philippines remained the largest buyer, taking about 40 percent of the total.</p>
<p>Exporters expect prices to ease in December as the new harvest arrives.</p>
</div>
<div class="related"><h4>Read more</h4><a href="/x">Coffee prices climb</a><a href="/y">Pepper demand</a></div>
<div class="footer">Copyright 2025 Asia Desk. All rights reserved.</div>
</body></html>
"""

# no date anywhere but the copyright year: indexed as undated, not as 1 January
UNDATED_PAGE = """<html><head><title>Hoi An lantern nights</title></head><body>
<nav><a href="/">Home</a> <a href="/travel">Travel</a></nav>
<article><h1>Hoi An lantern nights</h1>
<p>Hoi An switches off its street lights on the fourteenth night of every lunar month.</p>
<p>Shops and houses in the old town light silk lanterns instead, and the river fills with
paper lanterns that visitors float for luck.</p></article>
<footer>© 2025 Travel Notes</footer></body></html>
"""

NO_TEXT_PAGE = """<html><head><title>Đang chuyển hướng...</title>
<meta http-equiv="refresh" content="0; url=https://thudo.example/"></head>
<body><nav><a href="/">Trang chủ</a></nav><script>location.href='/'</script></body></html>
"""

# a JSON Lines export in the shapes scrapers and news APIs write: NewsAPI-like and news-please-like
JSONL_ROWS = [
    {"source": {"id": None, "name": "Báo Thủ Đô"}, "author": "Minh Anh",
     "title": "Hà Nội mở tuyến buýt điện thứ 20",
     "description": "Tuyến buýt điện E20 nối bến xe Mỹ Đình với khu đô thị Ocean Park, dài 32 km.",
     "url": "https://thudo.example/giao-thong/e20.html",
     "publishedAt": "2025-11-21T06:45:00+07:00",
     "content": "Tuyến E20 có 41 điểm dừng và chạy từ 5h đến 22h mỗi ngày. Giá vé lượt là 9.000 "
                "đồng."},
    {"title": "Vietnam's rice exports hit record", "maintext": "Vietnam exported 8.1 million "
     "tonnes of rice in the first ten months of the year.\n\nThe Philippines remained the largest "
     "buyer.", "date_publish": "2025-11-24 09:10:00", "url": "https://asiadesk.example/rice",
     "source_domain": "asiadesk.example"},
    {"title": "Hoi An lantern nights", "description": "Hoi An switches off its street lights on "
     "the fourteenth night of every lunar month.", "link": "https://travel.example/hoi-an"},
]

CSV_EXPORT = (
    "tieu_de;tom_tat;noi_dung;duong_dan;ngay_dang;nguon\r\n"
    "Giá cà phê lập đỉnh mới;Giá cà phê Robusta vượt 5.000 USD một tấn.;\"Sáng 25/11, giá cà phê "
    "Robusta tăng 3%.\n\nNông dân Tây Nguyên bán ra mạnh.\";https://nongnghiep.example/ca-phe;"
    "25/11/2025 07:30;Nông Nghiệp\r\n"
    "Đà Nẵng đón 8 triệu lượt khách;;Đà Nẵng đón 8 triệu lượt khách quốc tế trong 11 tháng.;"
    "https://nongnghiep.example/da-nang;26/11/2025;Nông Nghiệp\r\n"
)

# RSS 2.0 as Vietnamese outlets publish it: CDATA summary with a thumbnail link, RFC 822 dates
RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>Tin mới nhất - Báo Thủ Đô</title><link>https://thudo.example/</link>
<description>Tin nhanh Thủ Đô</description><language>vi</language>
<item>
<title>Hà Nội mở tuyến buýt điện thứ 20</title>
<description><![CDATA[<a href="https://thudo.example/e20.html"><img src="https://thudo.example/e20.jpg"></a></br>Tuyến buýt điện E20 nối bến xe Mỹ Đình với khu đô thị Ocean Park, dài 32 km.]]></description>
<pubDate>Fri, 21 Nov 2025 06:45:00 +0700</pubDate>
<link>https://thudo.example/e20.html</link>
<guid isPermaLink="true">https://thudo.example/e20.html</guid>
</item>
<item>
<title>Giá vàng giảm sâu</title>
<description><![CDATA[<a href="https://thudo.example/vang.html"><img src="https://thudo.example/v.jpg"></a></br>Giá vàng miếng giảm 2 triệu đồng một lượng trong phiên sáng.]]></description>
<pubDate>Sat, 22 Nov 2025 00:30:00 +0700</pubDate>
<link>https://thudo.example/vang.html</link>
<guid isPermaLink="true">https://thudo.example/vang.html</guid>
</item>
</channel></rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Asia Desk - Markets</title><id>https://asiadesk.example/markets</id>
<updated>2025-11-24T12:00:00Z</updated>
<entry><title>Vietnam's rice exports hit record</title>
<link href="https://asiadesk.example/rice"/><id>tag:asiadesk.example,2025:rice</id>
<published>2025-11-24T09:10:00+07:00</published><updated>2025-11-24T10:00:00+07:00</updated>
<summary type="html">&lt;p&gt;Vietnam exported 8.1 million tonnes of rice in the first ten months.&lt;/p&gt;</summary>
<content type="html">&lt;p&gt;Vietnam exported 8.1 million tonnes of rice in the first ten months.&lt;/p&gt;&lt;p&gt;The Philippines remained the largest buyer.&lt;/p&gt;&lt;div class="related"&gt;&lt;/div&gt;</content>
</entry>
<entry><title>Pepper prices ease</title><link href="https://asiadesk.example/pepper"/>
<id>tag:asiadesk.example,2025:pepper</id>
<content type="text">Black pepper prices eased for a third week as Brazilian supply grew.</content>
</entry>
</feed>
"""
