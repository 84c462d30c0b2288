"""English words, by what they are (see `rag.text.lexicon`)."""

from __future__ import annotations

# -- question words ------------------------------------------------------------------------------

# -- numbers, units and quantities ---------------------------------------------------------------

# -- dates and times -----------------------------------------------------------------------------

# -- people: titles, offices, roles --------------------------------------------------------------

# -- places and organisations --------------------------------------------------------------------

# -- function words, stop words, name connectors -------------------------------------------------

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
