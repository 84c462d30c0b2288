"""Vietnamese words, by what they are (see `rag.text.lexicon`)."""

from __future__ import annotations

# -- question words ------------------------------------------------------------------------------

# -- numbers, units and quantities ---------------------------------------------------------------

# -- dates and times -----------------------------------------------------------------------------

# -- people: titles, offices, roles --------------------------------------------------------------

# -- places and organisations --------------------------------------------------------------------

# -- function words, stop words, name connectors -------------------------------------------------

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
ASKING_WORDS = frozenset({"ai", "gì", "đâu", "mấy"})
ASKING_PHRASES = frozenset({"bao nhiêu", "bao giờ", "khi nào", "thế nào", "tại sao", "vì sao",
                            "làm sao", "ra sao", "là ai", "là gì", "ở đâu"})
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
