"""A small news feed in the shape of real ones (headline, blank line, a summary; three outlets; the
same story twice; values that change day by day; press date forms), written for these tests."""

from pathlib import Path

FEED = {
    # the gold price, day by day: each day's report names its own day
    "2025-11-20/vnexpress_a1b2c3d4.txt":
        "Giá vàng miếng lên 151,5 triệu đồng\n\nSáng 20/11, các thương hiệu nâng giá vàng miếng "
        "lên 151,5 triệu đồng mỗi lượng, tăng 1 triệu đồng so với hôm qua.",
    "2025-11-21/thanh-nien_b2c3d4e5.txt":
        "Giá vàng miếng lập đỉnh mới\n\nSáng nay 21.11, giá vàng miếng được các thương hiệu nâng "
        "lên 152,8 triệu đồng mỗi lượng, cao nhất từ trước tới nay.",
    # the world price of the 22nd, reported on the 23rd
    "2025-11-23/tuoi-tre_c3d4e5f6.txt":
        "Vàng thế giới khép lại tuần tăng giá\n\nGiá vàng thế giới khi kết thúc tuần giao dịch "
        "hôm qua 22-11 ở mức 4.080,5 USD/ounce, tăng 45 USD so với tuần trước.",
    # a headline that asks instead of telling
    "2025-11-22/vnexpress-kinh-doanh_d4e5f6a7.txt":
        "Vì sao Bitcoin tăng phi mã?\n\nGiá Bitcoin hôm nay 22/11 tăng lên 98.500 USD, mức cao "
        "nhất trong hai tuần, khi dòng tiền quay lại thị trường tiền số.",
    # on topic, but no entry fee
    "2025-11-26/vnexpress_e5f6a7b8.txt":
        "Người Việt được vào casino Phú Quốc từ 21 tuổi\n\nNgười Việt Nam từ 21 tuổi, có thu nhập "
        "từ 10 triệu đồng mỗi tháng được phép vào chơi casino tại Phú Quốc, theo nghị quyết "
        "mới của Chính phủ.",
    # a fact only the Vietnamese press states
    "2025-11-21/thanh-nien_f6a7b8c9.txt":
        "Tân Hoa hậu Hoàn vũ 2025 đến từ Mexico\n\nNgười đẹp Fátima Bosch của Mexico đăng quang "
        "Miss Universe 2025 tại Thái Lan, vượt qua 120 thí sinh.",
    # one story, two outlets
    "2025-11-21/thanh-nien_a7b8c9d0.txt":
        "Điều động Phó cục trưởng C03 làm Giám đốc Công an Lạng Sơn\n\nBộ Công an điều động "
        "Đại tá Vũ Thanh Tùng, Phó cục trưởng C03, giữ chức Giám đốc Công an tỉnh Lạng Sơn.",
    "2025-11-21/tuoi-tre_b8c9d0e1.txt":
        "Công an tỉnh Lạng Sơn có giám đốc mới\n\nĐại tá Vũ Thanh Tùng, Phó cục trưởng Cục C03, "
        "được điều động làm Giám đốc Công an tỉnh Lạng Sơn từ ngày 21-11.",
    # the stock index, session by session
    "2025-11-21/vnexpress_c9d0e1f2.txt":
        "Chứng khoán chốt tuần trong sắc đỏ\n\nHơn 200 cổ phiếu giảm giá khiến VN-Index chốt "
        "phiên giảm hơn 1 điểm.",
    "2025-11-25/vnexpress-kinh-doanh_d0e1f2a3.txt":
        "Chứng khoán bị bán mạnh\n\nNhà đầu tư xả hàng khiến gần 250 cổ phiếu đóng cửa dưới "
        "tham chiếu, VN-Index giảm hơn 7 điểm và thanh khoản tăng vọt.",
    "2025-11-26/vnexpress-kinh-doanh_e1f2a3b4.txt":
        "VN-Index hồi phục\n\nDòng tiền trở lại nhóm ngân hàng giúp VN-Index tăng hơn 12 điểm, "
        "lên 1.680 điểm khi đóng cửa.",
}
TODAY = (2025, 12, 5)


def write_feed(root: Path, feed: dict[str, str], leave_out: str = "") -> Path:
    """The feed as a corpus folder under `root` (each item headed by its date, as the dev feed's
    are), less the item `leave_out`: an answer-removed counterfactual."""
    for name, text in feed.items():
        if name != leave_out:
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f" date {name[:10]} {text}\n", encoding="utf-8")
    return root
