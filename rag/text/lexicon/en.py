"""English words, by what they are (see `rag.text.lexicon`)."""

from __future__ import annotations

# -- question words ------------------------------------------------------------------------------
# "how many" / "how much": the words a count or an amount is asked with
HOW_MANY = ("how many",)
HOW_MUCH = ("how much",)
QUESTION_WORDS = frozenset({"what", "which", "who", "whom", "whose", "when", "where", "why", "how"})
AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being", "do", "does", "did",
                         "has", "have", "had", "will", "would", "can", "could", "should", "may",
                         "might", "must", "shall"})
# auxiliaries that open a question of their own ("Did ...", "Was ...")
ASKING_AUXILIARIES = ("did", "does", "do", "was", "were", "is", "are", "has", "have", "had")
# nouns after "which" that ask for a person ("which player")
PERSON_QUESTION_NOUNS = ("person", "man", "woman", "player", "actor", "actress", "minister",
                         "official", "leader", "singer", "president", "director", "coach",
                         "athlete", "pilot", "beauty", "contestant", "footballer", "striker",
                         "member", "mayor", "scientist", "goalkeeper", "teacher", "author",
                         "writer", "businessman", "billionaire", "candidate", "suspect", "judge",
                         "lawyer", "doctor", "artist", "rapper", "chairman", "officer", "soldier")
# nouns naming a person whose name a question asks ("the name of the Malaysian man")
PERSON_NOUNS = (*PERSON_QUESTION_NOUNS, "tourist", "hacker", "gunman", "veteran", "driver",
                "victim", "chief", "founder", "owner", "ceo", "wife", "husband", "son", "daughter",
                "brother", "sister", "sister-in-law", "brother-in-law", "mother", "father", "boy",
                "girl", "worker", "employee", "student", "pupil", "presenter", "host")
# nouns after "which" (a word or two between: "which Japanese airport") that ask for a place
PLACE_QUESTION_NOUNS = ("city", "country", "province", "village", "town", "region", "place",
                        "district", "state", "venue", "island", "port", "base", "airport",
                        "landmark", "commune", "county", "prefecture", "street", "road", "river",
                        "lake", "swamp", "mountain", "stadium", "prison", "temple", "pagoda",
                        "church", "beach", "ward")
# nouns after "which/what" that ask for an organisation ("which club")
ORGANISATION_QUESTION_NOUNS = ("company", "firm", "organisation", "organization", "club", "team",
                               "bank", "party", "agency", "corporation", "airline", "carmaker",
                               "brand", "university", "school", "hospital", "newspaper", "college",
                               "hotel", "theatre", "theater", "restaurant", "shop", "store",
                               "network", "channel", "broadcaster", "studio", "unit",
                               "label", "manufacturer", "federation", "association", "court")
# nouns after "what/which" that ask for a figure ("what price", "which rate")
NUMBER_QUESTION_NOUNS = ("level", "price", "percentage", "percent", "rate", "amount", "number",
                         "age", "share", "proportion", "figure", "total", "sum", "value",
                         "height", "distance", "temperature", "threshold", "speed", "size")

# -- numbers, units and quantities ---------------------------------------------------------------
# numbers written out ("four interceptions", "Six-time Grammy winner")
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
                "eighty", "ninety", "hundred", "dozen")
# quantities without a figure ("several times")
VAGUE_QUANTITIES = ("several", "many", "dozens of", "hundreds of", "thousands of", "a few")
# words that make a figure approximate ("about 20", "more than 100")
APPROXIMATIONS = ("over", "about", "nearly", "almost", "around", "more than", "less than",
                  "up to")
# magnitudes after a figure ("1.2 billion", "30bn")
MAGNITUDES = ("million", "billion", "thousand", "trillion", "bn")
# currencies as written after a figure ("400 USD", "20 dollars")
CURRENCIES = ("usd", "euro", "eur", "yen", "won", "baht", "ringgit", "$", "dollar", "dollars")
# ISO 4217 codes other than USD and EUR, matched only in capitals as written ("24.600 CAD"):
# in lower case several are words ("cad", "rub", "php")
CURRENCY_CODES = ("AUD", "CAD", "CHF", "CNY", "GBP", "HKD", "IDR", "INR", "JPY", "KRW", "MYR",
                  "NZD", "PHP", "RUB", "SGD", "THB", "TWD")
# counts in a word ("twice") and ranks ("third")
TIMES = ("once", "twice", "thrice")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth")
# words after "how many" that name no unit ("how many did", "how many more")
NOT_UNITS = frozenset({"the", "of", "a", "an", "did", "does", "do", "is", "was", "were", "are",
                       "had", "different", "more", "other", "new", "total", "has", "have", "will",
                       "would", "can", "could", "should"})
# words after a bare number that make it no day of a list ("25 USD")
NOT_DAY_UNITS = ("USD",)
# approximations a short answer's figure opens with ("about 20", "more than 100")
SHORT_APPROXIMATIONS = APPROXIMATIONS[:7]
# measures with a value each day, which a range of days is asked day by day for ("gold price")
MEASURES = ("price", "level", "index", "rate", "close", "closing", "point", "points",
            "temperature")
# values asked of each subject apart, even in a description ("the scores")
VALUES_ASKED = ("scores", "results", "figures", "prices")
# "in all": words saying a total, which a part asking one subject drops
IN_ALL = ("in all", "in total", "altogether", "combined")
# other words asking for a total ("add up", "the sum")
TOTAL_WORDS = ("add up", "added up", "adds up", "sum", "total")

# -- counts stated relative to one party ("Vietnam joined 43 countries": 44 in all) -------------
# words joining a named party to N others ("Vietnam joined 43 countries")
WITH_PARTIES = ("teamed up with", "teams up with", "team up with", "together with", "along with",
                "alongside", "joined", "joins", "and its", "and")
# ... opening a sentence before the others and then the party ("Together with 25 countries, X")
WITH_PARTIES_FIRST = ("together with", "along with", "alongside")
# words after the others and before the party they joined ("nine firms have joined FPT")
JOINING = ("joined", "joined with", "teamed up with")
# words leaving the party out ("Besides Vietnam, how many ...")
BESIDES = ("besides", "apart from", "in addition to")
# words counting the party among the N ("Vietnam among 38 countries", "one of 30 cities")
AMONG = ("one of the", "one of", "among the", "among")
# ... after the N ("44 countries, including Viet Nam")
INCLUDING = ("including", "among them")
# words saying the N are the others ("nine other countries")
OTHERS = ("other", "others")
# nouns of parties that sign, join or take part together (one of them within four words of N:
# "43 countries", "eight other ASEAN member states"; not "3 Iskander missiles")
PARTY_NOUNS = frozenset({
    "countries", "nations", "states", "governments", "economies", "provinces", "cities",
    "localities", "regions", "municipalities", "banks", "lenders", "companies", "firms",
    "businesses", "enterprises", "corporations", "groups", "universities", "schools",
    "institutes", "organisations", "organizations", "agencies", "federations", "associations",
    "unions", "clubs", "teams", "members", "partners", "parties", "signatories", "ministries",
    "navies", "armies", "airlines", "hospitals", "investors", "developers", "operators",
})
# count nouns that any participant answers ("how many members / signatories")
ANY_PARTICIPANT = ("members", "parties", "participants", "signatories", "partners", "localities")

# -- dates and times -----------------------------------------------------------------------------
# months, each with its abbreviations, in calendar order
MONTHS = (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
          ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
          ("october", "oct"), ("november", "nov"), ("december", "dec"))
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# nouns of a day that a list of days follows ("the sessions of 5 and 6 August")
DAY_NOUNS = ("session", "day", "trading day")
# words that may lead a day of a list ("22 November and on 24 November")
BEFORE_DAY = ("on", "the")
# words opening and closing a range of days ("from 24 to 28 November"), and "by" a last day
RANGE_FROM = ("from", "between")
RANGE_TO = ("to", "until")
DEADLINE = ("by",)
# words asking each day of a range ("each day", "daily")
EACH_DAY = ("each day", "every day", "daily", "day by day", "each session", "every session")
# a week as a question asks over it ("over the week", "last week")
OVER_WEEK = ("over the week", "during the week", "this week", "last week", "past week")
# words leading a stretch of time ("over the past week")
OVER_TIME_LEADS = ("in", "during", "over")

# -- people: titles, offices, roles --------------------------------------------------------------
# honorifics before a name
HONORIFICS = ("mr", "mrs", "ms", "dr", "sir")
HONORIFICS_SPELLED_OUT = ("madam", "mister")
# words before a person's name: a title, an office, a trade, a credit ("Photo:")
PERSON_CUES = ("president", "minister", "secretary", "ambassador", "chairman", "chairwoman",
               "director", "spokesman", "spokeswoman", "spokesperson", "coach", "striker",
               "midfielder", "singer", "actor", "actress", "author", "mr", "mrs", "ms", "dr",
               "photo", "source")
# words of institutions and offices: a capitalised run holding one names no person
INSTITUTION_WORDS = frozenset(
    "manager executive officer chief general director chairman president vice minister secretary "
    "coach captain head spokesman charge affaires counsellor envoy "
    "united nations assembly council committee commission mission ministry department agency "
    "organisation organization office union court bank law convention statement plan compact "
    "republic kingdom party university hospital school company group corporation fund programme "
    "program forum league federation association institute embassy government parliament".split())

# -- places and organisations --------------------------------------------------------------------
# nouns before a place's name ("the city of", "Quang Tri province")
PLACE_NOUNS = ("village", "city", "province", "town")
# places within a country, as a question names them ("which city")
LOCAL_PLACES = ("city", "town", "village", "province", "state", "district", "county")
# nouns before an organisation's name
ORGANISATION_NOUNS = ("group", "company", "firm", "club", "bank", "agency")

# -- function words, stop words, name connectors -------------------------------------------------
# words that end a unit or a phrase ("43 countries in ...")
STOP_WORDS = frozenset("the of in and to for a an on at by with from as is was were are be been "
                       "has have had that which who this these than or per each".split())
# words that open a sentence, capitalised for that alone ("The", "On November 24", "Then")
OPENERS = frozenset("the a an in on at it its this that these those he she they we i there here "
                    "but and so if when while after before as for with from by to of then "
                    "although however meanwhile during despite since because according following "
                    "also later earlier today yesterday though thus still yet once now".split())
# words with no subject of their own in a question ("the", "tell", "happened")
FUNCTION_WORDS = QUESTION_WORDS | AUXILIARIES | {
    "a", "an", "the", "and", "or", "but", "so", "nor", "of", "in", "on", "at", "to", "for", "from",
    "by", "with", "about", "as", "into", "onto", "over", "under", "after", "before", "during",
    "since", "until", "till", "than", "then", "there", "here", "not", "no", "yes", "any", "some",
    "all", "each", "every", "more", "most", "much", "many", "other", "also", "too", "very", "just",
    "only", "again", "else", "well", "like", "if", "whether", "i", "me", "my", "we", "us", "our",
    "you", "your", "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "he",
    "him", "his", "himself", "she", "her", "hers", "herself", "this", "that", "these", "those",
    "same", "such", "one", "ones", "please", "tell", "say", "said", "says", "know", "happen",
    "happened", "happens", "mean", "means", "meant", "get", "got", "make", "made", "exactly",
    "really", "now", "yet", "still", "ever", "even", "both", "either", "neither", "own", "per",
    "via", "among", "between", "against", "within", "without", "through", "up", "down", "out",
    "give", "list", "show", "name", "describe", "summarize", "summarise", "compare",
}
# small words inside a foreign name ("Ana de Armas", "Ludwig van Beethoven", "Republic of Korea")
NAME_CONNECTORS = frozenset({"de", "del", "da", "van", "von", "bin", "al", "la", "di", "du", "y",
                             "of"})
# small words joining two names into one ("UN Convention against Cybercrime")
NAME_JOINERS = ("against", "for", "on", "in", "to", "of", "and", "the", "with", "at")
# the small words a subject's name is read across ("Bank of America", "Ana de Armas")
NAME_LINKS = NAME_CONNECTORS - {"al", "di", "du", "y"}
# "and", "or" joining a list ("on 8, 9 and 10 April", "A and B")
AND_WORDS = ("and",)
OR_WORDS = ("or",)
# small words that end a subject's name read backwards ("... of Arsenal and Chelsea")
NOT_SUBJECT_WORDS = frozenset("the a an of did does do was were is are has have had by what which "
                              "who how in on at to for with and or".split())

# -- conversation: follow-ups, references, ellipses ----------------------------------------------
# words asking for more of the same ("tell me more", "details?"): nothing of their own to search for
ASKING_FOR_MORE = frozenset({"more", "details", "detail", "elaborate", "explain", "further"})
# pronouns for people ("what did she say?", "where are they from?")
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "they", "them", "their",
                             "theirs"})
# pronouns for the one person of the previous turn ("what did he say?")
SINGLE_PERSON_CUES = frozenset({"he", "him", "his", "she", "her", "hers"})
# possessives that are always possessive ("his title"; "her" may be either)
POSSESSIVE_PRONOUNS = frozenset({"his", "hers"})
# determiners that point back at an owner ("its plant", "their teachers")
POSSESSIVE_DETERMINERS = frozenset({"its", "their"})
# demonstratives, before their noun ("that statement")
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
# the near ones: before a time noun they mean now ("this year", "these days")
NEAR_DEMONSTRATIVES = frozenset({"this", "these"})
# time nouns that with "this"/"these" mean now, not an earlier turn
NOW_NOUNS = frozenset({"week", "month", "year", "morning", "afternoon", "evening", "weekend",
                       "season", "quarter", "summer", "winter", "spring", "autumn", "fall", "time"})
# words after which "that" opens a clause, no demonstrative ("said that ...", "the fact that")
SAYING_WORDS = frozenset({"said", "say", "says", "announced", "reported", "claimed", "claim",
                          "believe", "think", "thinks", "know", "knows", "confirmed", "confirm",
                          "showed", "shows", "show", "stated", "noted", "true", "fact", "mean",
                          "means", "so", "such"})
# words after which "it" is the one who said ("Toyota said it will ...")
SAYER_BEFORE_IT = SAYING_WORDS | frozenset({"that", "announce", "announced", "add", "added", "warn",
                                            "warned"})
# words that open a clause after a "that" ("said that the...", "require that their teachers")
CLAUSE_OPENERS = frozenset({"the", "a", "an", "he", "she", "they", "it", "we", "you", "i", "there",
                            "his", "her", "its", "their", "our", "my", "your", "this", "these",
                            "those", "some", "all", "many", "most", "no", "every", "each", "any"})
# relative pronouns after "those" ("those who ..."): no demonstrative
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# an "it" that stands for nothing: "it is <one of these>" ("it is said"), "is it <one of these>"
AFTER_IT_IS = frozenset({"said", "reported", "true", "possible", "likely", "known", "expected",
                         "clear", "believed", "common", "necessary", "important", "usual"})
AFTER_IS_IT = frozenset({"true", "possible", "likely", "right", "correct", "common", "necessary",
                         "important", "usual"})
# articles a phrase taken from the previous question keeps ("the joint statement")
ARTICLES = frozenset({"the", "a", "an"})
# words that start a new clause ("Who is Guy Ryder and what did he say?")
CLAUSE_JOINERS = frozenset({"and", "but", "or", "while"})
# "who"
WHO_WORDS = frozenset({"who", "whom"})
# words that lead a bare phrase of place or time taken for an ellipsis ("in Hanoi?")
PHRASE_LEADS = frozenset({"in", "on", "at", "for", "during", "from"})
# prepositions whose phrase an ellipsis swaps ("in Korea" for the previous "in Vietnam")
SLOT_PREPOSITIONS = frozenset({"in", "on", "at", "for", "from", "of", "with", "by", "during", "to",
                               "about"})
# words that lead a time phrase and belong with it ("in 2024", "since the start of")
TIME_LEADS = frozenset({"in", "on", "during", "since", "from", "until", "till", "by", "at", "of",
                        "before", "after", "throughout", "as", "the"})
# times relative to the previous turn's ("after that", "the next one")
RELATIVE_TIMES = frozenset({"after that", "before that", "afterwards", "next", "previous",
                            "earlier"})
# labels a chat model may put before its rewrite ("Standalone question: ...")
REWRITE_LABELS = frozenset({"standalone question", "question"})
# words pointing back at the clause before: such a clause asks no question of its own
# ("..., and which were they?")
BACK_REFERENCES = ("it", "its", "they", "them", "their", "those", "these", "one", "ones")

# -- gathering: several days, several subjects, two questions in one -----------------------------
# words saying named subjects are asked about one by one ("each", "respectively", "both")
EACH_CUES = ("each", "respectively", "both", "separately")
