"""Vietnamese words, by what they are (see `rag.text.lexicon`)."""

from __future__ import annotations

# -- question words ------------------------------------------------------------------------------
# "how many": the words a count or an amount is asked with ("bao nhiêu tờ", "mấy người")
HOW_MANY = ("bao nhiêu", "mấy")
# a Vietnamese question word a sentence that copies the question keeps ("... nào vừa được điều động")
QUESTION_WORDS = ("nào", "gì", "đâu", *HOW_MANY)
# syllables of question words, as a tokenizer sees them ("bao", "nhiêu", "giờ")
QUESTION_SYLLABLES = frozenset({"ai", "gì", "nào", "đâu", "sao", "bao", "nhiêu", "mấy", "giờ"})
# other phrases asking for a figure ("bao lâu", "mức nào")
NUMBER_QUESTIONS = ("bao lâu", "bao xa", "mức nào", "ngưỡng nào", "mức giá nào", "con số nào")
# words holding a syllable of money ("giá", "tiền", "phí") that name no money: "băng giá" is
# frost, "tiền đạo" a striker
MONEY_LOOKALIKES = ("băng giá", "giá rét", "giá lạnh", "đánh giá", "mặt tiền", "tiền đạo",
                    "tiền vệ", "tiền thân", "tiền lệ", "tiền sử", "tiền đề", "tiền bối",
                    "tiền tuyến", "tiền phương", "tiền sảnh", "lãng phí")
# words that say a figure is asked but not what it measures ("có quy mô bao nhiêu", "giá khởi
# điểm bao nhiêu", "đạt lượng trên bao nhiêu"): no focus of a number question
MEASURE_WORDS = ("quy mô", "khởi điểm", "bắt đầu", "lượng")
# person nouns that both ask who before "nào" ("cầu thủ nào") and open a question naming the
# person whose name it asks ("Cầu thủ ... tên là gì?")
PERSON_ROLES = ("cầu thủ", "ca sĩ", "diễn viên", "vận động viên", "giám đốc", "chủ tịch",
                "phi công", "giáo viên", "bị can", "bị cáo", "nghi phạm")
# nouns before "... nào" that ask for a person ("cầu thủ nào", "bộ trưởng nào")
PERSON_QUESTION_NOUNS = (*PERSON_ROLES, "ông", "bà", "người đẹp", "hoa hậu", "cục trưởng",
                         "bộ trưởng", "thủ tướng", "tổng thống", "nhạc sĩ", "đạo diễn",
                         "huấn luyện viên", "HLV", "nghệ sĩ", "tân hoa hậu", "thí sinh",
                         "nữ hoàng", "nhà khoa học", "nhà văn", "tác giả", "thầy giáo", "cô giáo",
                         "thủ môn", "tiền đạo", "trung tá", "thượng tá", "đại tá", "thiếu tá",
                         "viện sĩ", "tỷ phú", "doanh nhân")
# words a question opens with that name a person ("Người đàn ông ... tên là gì?", "Tài xế ...
# tên là gì?"): the name it asks is that person's
PERSON_SUBJECTS = (*PERSON_ROLES, "người", "nam", "nữ", "cô gái", "chàng trai", "thanh niên", "bé",
                   "cháu", "tài xế", "nạn nhân", "kẻ", "đối tượng", "đại gia", "nghệ nhân", "cựu",
                   "đại sứ", "bác sĩ")
# nouns before "nào" (a word or two between: "cửa khẩu quốc tế nào") that ask for a place
PLACE_QUESTION_NOUNS = ("tỉnh", "thành phố", "TP", "nước", "quốc gia", "địa phương", "làng", "xã",
                        "huyện", "quận", "vùng", "khu vực", "di tích", "sân", "địa điểm", "đảo",
                        "cảng", "phường", "thị xã", "thị trấn", "đặc khu", "cửa khẩu", "sân bay",
                        "đường", "phố", "chùa", "nhà thờ", "sông", "núi", "bãi biển")
# nouns before "nào" that ask for an organisation ("ngân hàng nào", "CLB nào")
ORGANISATION_QUESTION_NOUNS = ("tập đoàn", "công ty", "hãng", "doanh nghiệp", "ngân hàng",
                               "tổ chức", "CLB", "câu lạc bộ", "đội", "đảng", "cơ quan", "trường",
                               "bệnh viện", "tờ báo", "đại học", "học viện", "khách sạn", "nhà hát",
                               "nhà hàng", "cửa hàng", "tiệm vàng", "đơn vị", "pháp nhân",
                               "thương hiệu", "nhãn hiệu", "đài", "liên đoàn", "hiệp hội",
                               "nhà mạng", "ủy ban", "tòa án")
# words that make a clause a question of its own ("..., và ngân hàng nào trả cao nhất?")
CLAUSE_QUESTION_WORDS = (*HOW_MANY, "nào", "gì", "ai", "đâu", "sao", "bao giờ", "khi nào",
                         "thế nào")

# -- numbers, units and quantities ---------------------------------------------------------------
# numbers written out ("hai cán bộ")
NUMBER_WORDS = ("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười")
# quantities without a figure ("nhiều lần", "hàng trăm người")
VAGUE_QUANTITIES = ("nhiều", "vài", "một số", "hàng chục", "hàng trăm", "hàng nghìn", "hàng ngàn")
# words that make a figure approximate ("hơn 100", "khoảng 20")
APPROXIMATIONS = ("hơn", "gần", "khoảng", "trên", "dưới", "chừng", "tới", "đến")
# magnitudes after a figure ("154,8 triệu")
MAGNITUDES = ("triệu", "tỉ", "tỷ", "nghìn", "ngàn", "trăm")
# currencies as written after a figure ("940.000 đồng")
CURRENCIES = ("đồng", "vnd", "vnđ", "yên", "nhân dân tệ", "bảng", "đô", "đài tệ")
# nouns a count of people is written with besides "người": "khởi tố 17 thanh thiếu niên" answers
# "khởi tố bao nhiêu người" ("khách" but for "khách sạn", hotels)
PEOPLE_COUNTED = frozenset({
    "thanh thiếu niên", "thiếu niên", "thanh niên", "bị can", "bị cáo", "nghi phạm", "đối tượng",
    "học sinh", "du học sinh", "sinh viên", "học viên", "công nhân", "ngư dân", "khách",
    "khách hàng", "du khách", "hành khách", "bệnh nhân", "nạn nhân", "trẻ em", "em", "em bé",
    "cháu", "cán bộ", "chiến sĩ", "binh sĩ", "lính", "lao động", "thí sinh", "đại biểu", "cầu thủ",
    "vận động viên", "giáo viên", "bác sĩ", "y bác sĩ", "cảnh sát", "phụ nữ", "thuyền viên",
    "nhân viên", "tình nguyện viên", "phạm nhân", "tù nhân", "con tin", "thương binh"})
# two syllables that make one unit ("nạn nhân", "tàu bay", "khán giả")
TWO_SYLLABLE_UNITS = frozenset({"nạn nhân", "tàu bay", "máy bay", "khán giả", "cổ động viên",
                                "học sinh", "sinh viên", "trường hợp", "quốc gia"})
# units of one syllable: the word after them is no part of the unit ("9 lần", not "9 lần xuất")
WHOLE_UNITS = frozenset({"lần", "tờ", "suất", "người", "nước", "đội", "chiếc", "căn", "ngày",
                         "tháng", "tuổi", "điểm", "bàn", "tấn", "lít", "ca", "vụ", "tỉnh", "xã",
                         "phút", "giờ", "dân"})
# nouns asked for a rank without "thứ" ("khóa mấy", as "khóa thứ mấy") ...
RANKED_WITHOUT_THU = ("đợt", "lần", "kỳ", "khóa", "phiên")
# ... and, with "ngày" ("ngày mấy" asks a date), the nouns a rank is written after without
# "thứ" ("xả tràn đợt 8", "Chiến sự Ukraine ngày 1.368")
ORDINAL_NOUNS = (*RANKED_WITHOUT_THU, "ngày")
# common words that are still units after "bao nhiêu" ("bao nhiêu người")
COMMON_UNITS = frozenset({"người", "ngày", "lần"})
# words after "bao nhiêu" that name no unit ("bao nhiêu là", "mấy đã")
NOT_UNITS = frozenset({"một", "là", "thì", "được", "đã", "sẽ", "có", "mỗi"}) | COMMON_UNITS
# words after a bare number that make it no day of a list ("24 giờ", "25 triệu", "26 điểm")
NOT_DAY_UNITS = ("giờ", "điểm", "người", "tờ", "triệu", "tỉ", "tỷ", "đồng")
# approximations a short answer's figure opens with ("hơn 7 điểm", "khoảng 20 người")
SHORT_APPROXIMATIONS = APPROXIMATIONS[:5]
# measures with a value each day, which a range of days is asked day by day for ("giá vàng")
MEASURES = ("giá", "mức", "chỉ số", "tỷ giá", "tỉ giá", "lãi suất", "điểm", "nhiệt độ")
# measures named rather than described ("VN-Index")
MEASURE_NAMES = ("VN-Index",)
# values asked of each subject apart, even in a description ("tỷ số", "kết quả")
VALUES_ASKED = ("tỷ số", "tỉ số", "kết quả")
# "in all": words saying a total, which a part asking one subject drops ("tổng cộng", "cộng lại")
IN_ALL = ("tổng cộng", "cộng lại")
# other words asking for a total ("tổng số", "tính chung")
TOTAL_WORDS = ("tổng số", "tổng giá trị", "tổng mức", "cộng dồn", "tính chung")
# "plus": a total asked ("cộng 3 ngày") ...
PLUS = ("cộng",)
# ... but not before these ("Cộng hòa", "cộng đồng", "cộng sự", "cộng tác", "cộng sản")
NOT_PLUS_AFTER = ("hòa", "hoà", "đồng", "sự", "tác", "sản")

# -- counts stated relative to one party ("Việt Nam cùng 43 nước": 44 in all) ------------------
# words joining a named party to N others ("Việt Nam cùng 43 nước", "bắt tay với 4 doanh nghiệp")
WITH_PARTIES = ("cùng với", "cùng", "và", "bắt tay với", "bắt tay", "ký kết với", "ký với",
                "phối hợp với", "liên kết với", "hợp tác với")
# ... opening a sentence before the others and then the party ("Cùng với 25 nước, Việt Nam ...")
WITH_PARTIES_FIRST = ("cùng với",)
# words after the others and before the party they joined ("14 doanh nghiệp khác đã cùng X")
JOINING = ("cùng với", "cùng")
# words leaving the party out ("Ngoài Việt Nam, còn 11 nền kinh tế khác")
BESIDES = ("ngoài", "bên cạnh")
# words counting the party among the N ("là một trong 30 thành phố", "nằm trong số 18 thành phố")
AMONG = ("một trong số", "một trong", "nằm trong số", "trong số")
# ... after the N ("55 quốc gia, trong đó có Việt Nam")
INCLUDING = ("trong đó có", "bao gồm cả", "bao gồm")
# words saying the N are the others ("54 nước khác")
OTHERS = ("khác",)
# nouns of parties that sign, join or take part together, one to three syllables (one of them
# within four words of N: "43 nước", "3 liên đoàn thành viên khác"; not "3 quả đạn")
PARTY_NOUNS = frozenset({
    "nước", "quốc gia", "nền kinh tế", "chính phủ", "tỉnh", "thành", "thành phố", "địa phương",
    "ngân hàng", "doanh nghiệp", "công ty", "tập đoàn", "hãng", "trường", "đại học", "viện",
    "tổ chức", "cơ quan", "liên đoàn", "hiệp hội", "hội", "câu lạc bộ", "CLB", "đội", "thành viên",
    "đối tác", "bộ", "ngành", "đơn vị", "bệnh viện", "nhà đầu tư", "quân đội", "hải quân",
})
# count nouns that any participant answers ("bao nhiêu thành viên / địa phương / bên")
ANY_PARTICIPANT = ("thành", "bên", "địa", "đơn", "thành viên", "địa phương", "đơn vị")
# numbers written out that count parties; "một", "ba" and "năm" are left out: "cùng năm ngoái",
# "cùng ba mẹ"
PARTY_NUMBER_WORDS = {"hai": 2, "bốn": 4, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}

# -- dates and times -----------------------------------------------------------------------------
# nouns of a day that a list of days follows ("các phiên 24/11 và 25/11", "hai kỳ")
DAY_NOUNS = ("ngày", "phiên", "kỳ", "hôm")
# parts of a day that may lead a day of a list ("sáng 24/11 và chiều 25/11")
DAY_PARTS = ("sáng", "chiều", "tối")
# words opening and closing a range of days ("từ 24 đến 28/11")
RANGE_FROM = ("từ",)
RANGE_TO = ("đến", "tới")
# words asking each day of a range ("mỗi ngày", "từng phiên")
EACH_DAY = ("mỗi ngày", "từng ngày", "hằng ngày", "hàng ngày", "mỗi phiên", "từng phiên")
# a week as a question asks over it ("trong tuần", "tuần qua")
OVER_WEEK = ("trong tuần", "tuần qua", "tuần này", "tuần trước")
# words leading a stretch of time ("trong tuần qua")
OVER_TIME_LEADS = ("trong",)

# -- people: titles, offices, roles --------------------------------------------------------------
# honorifics before a name ("ông", "chị", "cụ")
HONORIFICS = ("ông", "bà", "anh", "chị", "em", "cô", "chú", "bé", "cháu", "cụ")
# words before a person's name: a title, an office, a trade, a credit ("Chủ tịch", "tiền đạo",
# "Ảnh:")
PERSON_CUES = ("ông", "bà", "anh", "chị", "chủ tịch", "phó chủ tịch", "tổng thư ký", "thư ký",
               "bộ trưởng", "thứ trưởng", "thủ tướng", "tổng thống", "đại sứ", "giám đốc",
               "cục trưởng", "trưởng phái đoàn", "trưởng", "phát ngôn viên", "hlv",
               "huấn luyện viên", "tiền vệ", "tiền đạo", "hậu vệ", "thủ môn", "cầu thủ", "ca sĩ",
               "nhạc sĩ", "diễn viên", "đạo diễn", "tác giả", "nhà văn", "bị cáo", "nghi phạm",
               "ảnh", "nguồn")
# academic and professional titles written before a name ("TS.", "PGS", "HLV")
TITLE_ABBREVIATIONS = ("hlv", "ts", "pgs", "gs", "ths", "bs")
# first syllables of offices and titles, capitalised like names ("Tổng Giám đốc", "Phó Thủ tướng")
TITLE_FIRST_SYLLABLES = frozenset({"tổng", "phó", "chủ", "bộ", "thủ", "thư", "giám", "cục", "viện",
                                   "đại", "công"})
# first syllables of offices and bodies: "Bộ Quốc phòng", "Chủ tịch Đại hội đồng" name no person
OFFICE_SYLLABLES = frozenset({"phó", "tổng", "chủ", "thủ", "bộ", "trưởng", "giám", "đại", "tân",
                              "cựu", "hội", "ủy", "ban", "sở", "viện", "trường", "bệnh", "công",
                              "tập", "ngân", "quốc", "liên", "hoa", "phái", "tổ", "cục", "vụ",
                              "thành", "tỉnh"})
# syllables of institutions' names, accents off ("Liên hợp quốc", "Ủy ban", "Tòa án")
INSTITUTION_SYLLABLES = frozenset("lien hop quoc bo so cuc vien uy ban hoi dang toa truong benh "
                                  "cong tap doan ngan hang quy chinh phu quoc hoi".split())
# the commonest family names ("Nguyễn", "Trần")
SURNAMES = frozenset(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trịnh đoàn lâm "
    "mai trương cao lưu tạ châu quách thái hà tô lương văn kiều chu triệu tăng".split())

# -- places and organisations --------------------------------------------------------------------
# nouns before a place's name ("tỉnh Bắc Ninh", "thị xã")
PLACE_NOUNS = ("tỉnh", "thành phố", "huyện", "xã", "quận", "làng", "thị xã", "phường")
# places within a country, as a question names them ("thành phố nào")
LOCAL_PLACES = ("thành phố", "tỉnh", "huyện", "xã", "quận", "làng", "phường", "thị xã")
# one-syllable places the text writes alone that Babel's country names lack ("Pháp" is there)
ONE_SYLLABLE_PLACES = frozenset({"ý", "nhật", "hàn", "thái", "huế", "vinh"})
# nouns before an organisation's name ("công ty", "CLB")
ORGANISATION_NOUNS = ("tập đoàn", "công ty", "hãng", "ngân hàng", "tổ chức", "câu lạc bộ", "CLB",
                      "đội")
# places and bodies a Vietnamese text names by their kind ("bệnh viện Chợ Rẫy", "THPT Cầu
# Giấy"): asked "bệnh viện nào", a name without one of these words before it is another thing
# (not hotels nor restaurants, often named by their brand alone: "Legacy Mekong")
NAMED_BY_KIND = {"bệnh viện": ("bệnh viện", "BV", "BVĐK"),
                 "trường": ("trường", "THPT", "THCS", "tiểu học", "mầm non", "đại học", "ĐH",
                            "cao đẳng", "học viện"),
                 "nhà hát": ("nhà hát",), "tiệm vàng": ("tiệm vàng", "tiệm", "cửa hàng")}
# words holding one of those kinds that name another thing ("thị trường nào": which market;
# "trong trường hợp nào": in which case)
NOT_NAMED_BY_KIND = ("thị trường", "môi trường", "chiến trường", "quảng trường", "hiện trường",
                     "lập trường", "phi trường", "trường hợp")

# -- function words, stop words, name connectors -------------------------------------------------
# words that end a unit or a phrase ("44 nước ra ...", "16 tháng để ...")
STOP_WORDS = frozenset(
    "và để của cho với từ trong tại ở khi thì mà này đó nay các những một sau trước theo như hơn "
    "gần về đến tới so mỗi mới cũng sẽ vẫn còn đang chỉ không ra vào lên xuống đã được bị có là "
    "nhưng hay hoặc vì nên do bởi qua trên dưới giữa".split())
# function words: capitalised, they only open a sentence or clause ("Ở Trung Quốc", "Tại Hoa Kỳ")
OPENERS = frozenset("ở tại vì trong theo với khi sau trước từ do nhưng và tuy nếu để cho bởi các "
                    "những một hay hoặc còn cũng lúc nhờ qua giữa ngoài trên dưới về đối".split())
# words with no subject of their own in a question ("là", "của", "người", "tin")
FUNCTION_WORDS = QUESTION_SYLLABLES | {
    "thế", "vậy", "là", "có", "không", "được", "bị", "của", "và", "với", "cho", "về", "ở", "tại",
    "trong", "ngoài", "trên", "dưới", "từ", "đến", "tới", "sau", "trước", "khi", "lúc", "đã",
    "đang", "sẽ", "vừa", "mới", "rồi", "còn", "thì", "mà", "nhưng", "hay", "hoặc", "các",
    "những", "một", "này", "đó", "ấy", "kia", "nó", "họ", "chúng", "ông", "bà", "anh", "chị",
    "cô", "việc", "điều", "chuyện", "cái", "chiếc", "sự", "nữa", "hơn", "nhất", "rất", "cũng",
    "đều", "vì", "bởi", "nên", "để", "như", "ra", "làm", "bằng", "cùng", "theo", "vào", "lại",
    "hãy", "nhé", "ạ", "à", "ư", "nhỉ", "đây", "bạn", "tôi", "mình", "ta", "người", "năm",
    "ngày", "tháng", "hôm", "tin", "mỗi",
}
# small words inside a name ("UN Convention về ...")
NAME_JOINERS = ("về", "của")
# "and", "or" joining a list ("24, 25 và 26/11", "A và B")
AND_WORDS = ("và",)
OR_WORDS = ("hoặc",)
# words making a day noun plural before a list of days ("các phiên", "hai kỳ", "mấy ngày")
PLURAL_LEADS = ("các", "những", "hai", "ba", "bốn", "năm", "mấy")
# small words that end a subject's name read backwards ("... của Liverpool và Man City")
NOT_SUBJECT_WORDS = frozenset("từ của và với là thì được đã sẽ có các những ở tại trong theo khi "
                              "sau trước bao nhiêu nào gì ai mấy lượt vòng trận ngày".split())

# -- conversation: follow-ups, references, ellipses ----------------------------------------------
# words asking for more of the same ("nói rõ thêm", "chi tiết"): nothing of their own to search for
ASKING_FOR_MORE = frozenset({"chi", "tiết", "cụ", "thể", "thêm", "nói", "rõ", "giải", "thích",
                             "kể"})
# words a follow-up names the one person of the previous turn with ("ông ấy", "bà đó")
SINGLE_PERSON_CUES = frozenset({"ấy", "đó", "này", "ông", "bà"})
# demonstratives, after their noun ("tuyên bố đó", "ông ấy")
DEMONSTRATIVES = frozenset({"đó", "này", "ấy", "kia"})
# nouns that with "này" mean now, not an earlier turn ("tuần này", "lúc này")
NOW_NOUNS = frozenset({"tuần", "tháng", "năm", "hôm", "sáng", "chiều", "tối", "lúc", "dạo", "bây",
                       "hiện"})
# nouns with nothing of their own before a demonstrative ("điều đó", "vấn đề này")
ABSTRACT_NOUNS = frozenset({"điều", "việc", "chuyện", "cái", "thế", "vậy", "đó", "vấn", "đề"})
# nouns for a person before a demonstrative ("ông ấy", "người đó", "nhóm này")
PERSON_NOUNS = frozenset({"ông", "bà", "anh", "chị", "cô", "người", "vị", "cậu", "em", "nhóm"})
# classifiers that open a noun phrase before a demonstrative ("chiếc máy bay đó", "vụ cháy này")
CLASSIFIERS = frozenset({"chiếc", "cái", "con", "cuộc", "vụ", "bản", "bức", "kỳ", "đợt", "lần",
                         "những", "các", "trận", "sự"})
# time nouns that may head a phrase before a demonstrative ("năm đó", "ngày này")
TIME_HEADS = frozenset({"năm", "ngày", "tháng", "hôm"})
# "họ" is a surname, not "they", before these ("họ tên", "họ hàng", "họ của")
NOT_THEY_AFTER_HO = frozenset({"tên", "hàng", "của", "và"})
# ... and after these ("dòng họ": a clan, "mang họ": a surname)
NOT_THEY_BEFORE_HO = frozenset({"dòng", "mang", "cùng", "tên"})
# "chúng" before these is "we" or "they" of the speaker's side ("chúng ta", "chúng tôi")
NOT_THEY_AFTER_CHUNG = frozenset({"ta", "tôi", "mình", "em", "con", "cháu"})
# titles that stand alone as "he"/"she" ("Ông được truy tặng gì?")
TITLE_PRONOUNS = frozenset({"ông", "bà"})
# ... but not before these ("bà con", "ông bà", "ông nội")
NOT_PERSON_AFTER_TITLE = frozenset({"con", "bà", "ông", "nội", "ngoại", "cháu"})
# verbs of "nói ở trên" (said above): what an earlier turn named ("tuyên bố nói trên")
MENTIONED_ABOVE = frozenset({"nói", "kể", "nêu", "đề cập"})
# words that start a new clause ("... và ai trình bày nó?")
CLAUSE_JOINERS = frozenset({"và", "nhưng", "rồi", "còn", "hay", "hoặc"})
# "who" ("ai"), and the nouns that ask it before "nào" ("người nào", "nhân vật nào")
WHO_WORDS = frozenset({"ai"})
WHO_HEADS = frozenset({"người", "vị", "nhân vật"})
# particles closing a question ("còn Hàn Quốc nữa?", "thì sao nhỉ?")
QUESTION_TAILS = frozenset({"nhỉ", "nữa", "ạ", "vậy", "thế"})
# "how about" after "thì" ("năm 2024 thì sao?", "còn Hàn Quốc thì thế nào?")
HOW_ABOUT = frozenset({"sao", "thế nào", "ra sao", "như thế nào"})
# words that lead a bare phrase of place or time taken for an ellipsis ("ở Đà Nẵng?", "năm 2024?")
PHRASE_LEADS = frozenset({"ở", "tại", "trong", "vào", "năm", "ngày", "tháng", "hôm"})
# question words and phrases: an ellipsis holding one asks its own question ("còn ai nữa?")
ASKING_WORDS = frozenset({"ai", "gì", "đâu"} | {w for w in HOW_MANY if " " not in w})
ASKING_PHRASES = frozenset({w for w in HOW_MANY if " " in w}
                           | {"bao giờ", "khi nào", "thế nào", "tại sao", "vì sao", "làm sao",
                              "ra sao", "là ai", "là gì", "ở đâu"})
# prepositions whose phrase an ellipsis swaps ("ở Hà Nội" for the previous "ở Đà Nẵng")
SLOT_PREPOSITIONS = frozenset({"ở", "tại", "trong", "của", "với", "cho", "về", "từ", "đến", "vào"})
# words that lead a time phrase and belong with it ("trong năm 2024", "ngày 24/11", "kể từ")
TIME_LEADS = frozenset({"ngày", "hôm", "tháng", "năm", "trong", "vào", "từ", "đến", "tới", "sau",
                        "trước", "tính", "kể"})
# times relative to the previous turn's ("sau đó", "tiếp theo")
RELATIVE_TIMES = frozenset({"sau đó", "trước đó", "tiếp theo", "kế tiếp", "liền sau",
                            "liền trước"})
# labels a chat model may put before its rewrite ("Câu hỏi: ...")
REWRITE_LABELS = frozenset({"câu hỏi"})
# words pointing back at the clause before: such a clause asks no question of its own
# ("..., và đó là những đội nào?")
BACK_REFERENCES = ("đó", "này", "ấy", "chúng", "họ")

# -- gathering: several days, several subjects, two questions in one -----------------------------
# words saying named subjects are asked about one by one ("lần lượt", "mỗi bên", "cả hai")
EACH_CUES = ("lần lượt", "mỗi bên", "mỗi nơi", "mỗi đội", "mỗi người", "mỗi nước", "mỗi tỉnh",
             "mỗi thành phố", "mỗi câu lạc bộ", "mỗi CLB", "mỗi công ty", "mỗi trận", "mỗi", "từng",
             "cả hai", "riêng")
