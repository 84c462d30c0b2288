"""How likely an answer is right: features read after the fact from the retrieval and the answer,
and a fitted model, gradient-boosted trees for the answer and a logistic regression for its short
answer, fitted on labelled answers by `newsrag train` (rag/evaluate/train.py) and shipped as data
(confidence.json), that turns them into P(right).

Hand-set thresholds fitted to single questions do not carry to new ones; one decision fitted on
thousands of answers of every kind, and measured on questions it was not fitted on, does. The
features are pure functions of what the pipeline already has, so the extractive and the LLM path
are scored alike. Below the model's answer cutoff (one of its own for dated news, and another
for dated news quoted in the other language) the answer is declined, naming the closest report;
below its short-answer cutoff the bold short answer is dropped and the quote stands alone.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..index.calibration import REFERENCE, scale_of
from ..text.dates import days_named
from ..text.folding import unaccented
from ..text.names import question_anchors
from ..text.terms import terms
from ..types import Answer, Citation, Hit, Retrieval, ScoredSentence, ShortAnswer
from .base import abstention
from .days import DAY_FIT, day_decline, item_time_fit, value_day
from .kinds import expected_answer
from .persons import names_no_one

MODEL_FILE = "confidence.json"
SHORT_SEPARATOR = " — "  # how the extractive answerer puts a short answer before its quote
# the answer confidence a computed short answer ("44" from "Vietnam joined 43 countries") needs:
# the lowest that kept it off all 28 answer-removed counterfactuals of the written totals it was
# chosen on (data/totals/A; checked on data/totals/B: README, "Totals")
COMPUTED_SHORT_CUTOFF = 0.44

# the model's inputs, in the order of its weights
FEATURES: tuple[str, ...] = (
    "top_similarity",  # best sentence's similarity minus the abstention level (its language pair)
    "cited_similarity",  # the cited sentence's, likewise
    "cross_similarity",  # ... when the quote is in the other language (a scale of its own)
    "sentence_margin",  # the cited sentence over the best other sentence retrieved
    "item_margin",  # the cited item's best sentence over the best sentence of any other item
    "cited_rank",  # 1 / rank of the cited item among those retrieved
    # words count only in the question's own language (0 across languages)
    "terms_in_sentence",  # share of the question's words in the cited sentence
    "rare_terms_in_sentence",  # ... rarer words (among those retrieved) weighing more
    "terms_in_item",  # ... in the cited item's retrieved text, rarer words weighing more
    "terms_in_headline",  # ... in the cited item's headline
    "names_in_sentence",  # share of the question's names and numbers in the cited sentence
    "names_in_item",  # ... in the cited item's retrieved text
    "ask_in_item",  # share of the words of the question's last clause (what it asks, after the
    # story it names) in the cited item's headline and retrieved text
    "asks_number",  # what the question asks for (a description is none of these)
    "asks_date",
    "asks_name",
    "typed_in_quote",  # the quote holds something of the asked kind (a figure, a name)
    "short_answer",  # the answerer cut out the fact asked for
    "agreement",  # other items (and outlets) cited beside the first
    "date_misses",  # the question names a day and no cited quote or item is of it
    "cross_language",  # the quote is in the other language
    "undated",  # the evidence has no date (reference text, not news)
    "item_length",  # the cited item's retrieved text, in thousands of characters (at most 3): a
    # long article's sentences compete with each other, a news item's do not
)
DAYS_NAMED = 7  # the longest range read as days named (a week); a month or a year is none
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"(?<=[\s(\"'“])[A-ZÀ-Ỹ][\w-]+")
_NUMBER_KINDS = ("number", "score")
_MARKER = re.compile(r"\[(\d{1,3})\]")  # a citation marker, which an answer's lead never holds
_NUMBER_LIST = re.compile(r"\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]")  # in the model file


@dataclass(frozen=True)
class Logistic:
    """P(y=1 | x) = sigmoid(bias + weights . (x - mean) / scale), x the features in order."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def probability(self, row: list[float]) -> float:
        z = self.bias + sum(w * (x - m) / s for w, x, m, s in
                            zip(self.weights, row, self.mean, self.scale))
        return _sigmoid(z)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


Node = tuple[int, float, int, int, float]  # (feature, threshold, left, right, value); a leaf: -1


@dataclass(frozen=True)
class Trees:
    """P(y=1 | x) = sigmoid(baseline + one leaf's value from each tree): gradient-boosted trees,
    fitted by scikit-learn in `newsrag train` and read here without it. At a node, x[feature]
    <= threshold goes left; a leaf's feature is -1. Trees let a feature count differently for
    news items and reference paragraphs, or only past a level, which one weight cannot."""

    baseline: float
    trees: tuple[tuple[Node, ...], ...]

    def probability(self, row: list[float]) -> float:
        z = self.baseline
        for nodes in self.trees:
            at = nodes[0]
            while at[0] >= 0:
                at = nodes[at[2] if row[at[0]] <= at[1] else at[3]]
            z += at[4]
        return _sigmoid(z)


def chosen_cutoff(answer: float, news: float | None, cross_news: float | None, *, dated: bool,
                  across: bool) -> float:
    """The cutoff an answer is held to: `news` when its evidence is dated news, `cross_news` when
    that news is in the other language, `answer` otherwise (a missing cutoff falls back to the
    wider one). One rule for the shipped model and for `newsrag train`'s measurements."""
    if not dated or news is None:
        return answer
    return cross_news if across and cross_news is not None else news


@dataclass(frozen=True)
class ConfidenceModel:
    """The fitted model: P(the answer is right), P(its short answer is right), and the cutoffs
    below which an answer is declined (`news_cutoff` when its evidence is dated news in the
    question's language, `cross_news_cutoff` in the other, `answer_cutoff` otherwise) and a short
    answer dropped, all chosen by `newsrag train` on cross-validated predictions; `data_sha256`
    names the feature table it was fitted on."""

    features: tuple[str, ...]
    answer: Logistic | Trees
    short: Logistic | Trees
    answer_cutoff: float
    short_cutoff: float
    data_sha256: str = ""
    rows: int = 0
    notes: str = ""
    news_cutoff: float | None = None  # None: `answer_cutoff` for every answer
    cross_news_cutoff: float | None = None  # None: `news_cutoff` across languages too

    def confidence(self, features: dict[str, float]) -> float:
        return self.answer.probability([features[name] for name in self.features])

    def cutoff(self, features: dict[str, float]) -> float:
        """The answer cutoff for an answer with these features: its own for dated news, and for
        dated news quoted across languages (whose words the features cannot compare)."""
        return chosen_cutoff(self.answer_cutoff, self.news_cutoff, self.cross_news_cutoff,
                             dated=not features.get("undated", 1.0),
                             across=bool(features.get("cross_language")))

    def short_confidence(self, features: dict[str, float]) -> float:
        return self.short.probability([features[name] for name in self.features])

    def to_dict(self) -> dict:
        return {
            "features": list(self.features),
            "answer": _model_dict(self.answer),
            "short": _model_dict(self.short),
            "answer_cutoff": self.answer_cutoff,
            "news_cutoff": self.news_cutoff,
            "cross_news_cutoff": self.cross_news_cutoff,
            "short_cutoff": self.short_cutoff,
            "data_sha256": self.data_sha256,
            "rows": self.rows,
            "notes": self.notes,
        }

    def to_json(self) -> str:
        """The model file's text: rounded and stable, so the same fit writes the same bytes; a
        list of numbers (a tree's node, a weight vector) on one line, so a refit's diff reads."""
        text = json.dumps(_rounded(self.to_dict()), indent=1, ensure_ascii=False)
        return _NUMBER_LIST.sub(
            lambda m: "[" + ", ".join(v.strip() for v in m[1].split(",")) + "]", text) + "\n"

    @classmethod
    def from_dict(cls, data: dict) -> "ConfidenceModel":
        return cls(
            features=tuple(data["features"]),
            answer=_model(data["answer"]),
            short=_model(data["short"]),
            answer_cutoff=float(data["answer_cutoff"]),
            news_cutoff=None if data.get("news_cutoff") is None else float(data["news_cutoff"]),
            cross_news_cutoff=None if data.get("cross_news_cutoff") is None
            else float(data["cross_news_cutoff"]),
            short_cutoff=float(data["short_cutoff"]),
            data_sha256=data.get("data_sha256", ""),
            rows=int(data.get("rows", 0)),
            notes=data.get("notes", ""),
        )


def _model_dict(model: Logistic | Trees) -> dict:
    if isinstance(model, Trees):
        return {"baseline": model.baseline, "trees": [[list(n) for n in t] for t in model.trees]}
    return {"mean": list(model.mean), "scale": list(model.scale), "weights": list(model.weights),
            "bias": model.bias}


def _model(data: dict) -> Logistic | Trees:
    if "trees" in data:
        return Trees(float(data["baseline"]), tuple(
            tuple((int(f), float(t), int(left), int(right), float(v))
                  for f, t, left, right, v in tree)
            for tree in data["trees"]))
    return Logistic(tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]),
                    float(data["bias"]))


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def read_model(path: str | Path) -> ConfidenceModel:
    return ConfidenceModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def shipped_model() -> ConfidenceModel | None:
    """The model the package ships (None when it has none: answers then go out unscored)."""
    try:
        text = resources.files("rag.answer").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return ConfidenceModel.from_dict(json.loads(text))


# -- features --------------------------------------------------------------------------------


def confidence_features(retrieval: Retrieval, answer: Answer) -> dict[str, float]:
    """The model's inputs for one answer: how close and how singular its evidence is, how much of
    what the question names the evidence holds, whether it holds the kind of thing asked, whether
    other items agree, and whether its date and language fit the question."""
    scale = scale_of(retrieval.scale)
    lang = retrieval.query_lang
    # the model's cosine differences in e5's units (its calibrated spans over e5's), so that a
    # model whose cosines are e5's scaled gets the features, and the confidence, e5 gets
    unit = scale.second_margin / REFERENCE.second_margin

    def level(s: ScoredSentence) -> float:
        """Similarity over the abstention level of its language pair (0: at the level), in e5's
        units."""
        cross = s.lang != lang
        floor = scale.abstain_below_cross_language if cross else scale.abstain_below
        return (s.similarity + scale.question_gain(s.lang, lang) - floor) / unit

    sentences = [s for hit in retrieval.hits for s in hit.sentences]
    top = max((level(s) for s in sentences), default=-0.2)
    first = answer.citations[0] if answer.citations else None
    cited_file = first.file if first else (retrieval.hits[0].chunk.file if retrieval.hits else "")
    # the cited item is ranked, or else another version of a ranked story (an alternate)
    item_hits = [h for h in retrieval.hits if h.chunk.file == cited_file] or [
        h for h in retrieval.alternates if h.chunk.file == cited_file]
    item_sentences = [s for h in item_hits for s in h.sentences]
    cited = _sentence_of(first, item_sentences) if first else None
    cited_level = level(cited) if cited else top
    runner_up = max((level(s) for s in sentences if s is not cited), default=cited_level - 0.1)
    mine = max((level(s) for s in item_sentences), default=top)
    others = max((level(s) for s in sentences if s.file != cited_file), default=mine - 0.1)
    files = retrieval.files()
    rank = files.index(cited_file) + 1 if cited_file in files else len(files) + 1
    item_text = " ".join(h.chunk.text for h in item_hits)
    headline = item_hits[0].chunk.title if item_hits else (first.title if first else "")
    quote = first.quote if first else ""
    question = retrieval.question
    asked = asked_kind(retrieval)
    cross = bool(first and first.lang and first.lang != lang)
    same = 0.0 if cross else 1.0  # words are compared within one language only
    question_terms = set(terms([question])[0])
    ask_terms = _ask_terms(question) or question_terms
    # each text's words, once: several features count the question's words in them
    quote_words, item_words, headline_words = (set(w) for w in terms([quote, item_text, headline]))
    weights = _rarity(question_terms, [h.chunk.text for h in retrieval.hits])
    anchors = {unaccented(a) for a in question_anchors(question)}
    cited_files = {c.file for c in answer.citations}
    outlets = {c.outlet for c in answer.citations if c.outlet}
    dates = [c.date for c in answer.citations] or [h.chunk.date for h in item_hits]
    return {
        "top_similarity": top,
        "cited_similarity": cited_level,
        "cross_similarity": cited_level if cross else 0.0,
        "sentence_margin": cited_level - runner_up,
        "item_margin": mine - others,
        "cited_rank": 1.0 / rank,
        "terms_in_sentence": same * _covered(question_terms, quote_words),
        "rare_terms_in_sentence": same * _weighted_cover(weights, quote_words),
        "terms_in_item": same * _weighted_cover(weights, item_words),
        "terms_in_headline": same * _covered(question_terms, headline_words),
        "names_in_sentence": _anchors_in(anchors, quote),
        "names_in_item": _anchors_in(anchors, item_text),
        "ask_in_item": same * _covered(ask_terms, headline_words | item_words),
        "asks_number": float(asked in _NUMBER_KINDS),
        "asks_date": float(asked == "date"),
        "asks_name": float(asked == "entity"),
        "typed_in_quote": _typed_in(quote, asked, question),
        "short_answer": float(answer.short_answer is not None),
        "agreement": min(len(cited_files) - 1, 2) / 2 + 0.5 * (len(outlets) > 1)
        if cited_files else 0.0,
        "date_misses": float(_date_misses(retrieval, answer.citations, dates)),
        "cross_language": float(cross),
        "undated": float(not any(dates)),
        "item_length": min(len(item_text) / 1000, 3.0),
    }


def asked_kind(retrieval: Retrieval) -> str:
    """What the question asks for ("number", "date", "score", "entity", "description"): read
    once with the query where it carries it, else from the question."""
    asked = getattr(retrieval.query, "asked", None)
    return asked.kind if asked is not None else expected_answer(retrieval.question).kind


def _sentence_of(citation: Citation, sentences: list[ScoredSentence]) -> ScoredSentence | None:
    """The scored sentence a quote starts in (quotes are whole sentences of retrieved chunks)."""
    for s in sentences:
        if s.file == citation.file and s.start <= citation.start < s.end:
            return s
    return None


def _rarity(question_terms: set[str], texts: list[str]) -> dict[str, float]:
    """Each question word's weight: rarer among the retrieved chunks counts more (an idf over
    what was retrieved, the only collection every answerer sees)."""
    bags = [set(t) for t in terms(texts)] if texts else []
    n = len(bags)
    return {t: math.log((n + 1) / (sum(t in b for b in bags) + 0.5)) for t in question_terms}


def _covered(question_terms: set[str], have: set[str]) -> float:
    if not question_terms:
        return 1.0
    return len(question_terms & have) / len(question_terms)


def _weighted_cover(weights: dict[str, float], have: set[str]) -> float:
    total = sum(weights.values())
    if total <= 0:
        return 1.0
    return sum(w for t, w in weights.items() if t in have) / total


def _ask_terms(question: str) -> set[str]:
    """The words of the question's last clause of two words or more: a long question states the
    story first ("Sau vụ …, ", "Iran threatened … .") and asks last."""
    for clause in reversed(re.split(r"[,;:.?!—]\s", question + " ")):
        words = set(terms([clause])[0])
        if len(words) >= 2:
            return words
    return set()


def _anchors_in(anchors: set[str], text: str) -> float:
    """Share of the question's names and numbers the text holds (whole words, accents aside)."""
    if not anchors:
        return 1.0
    words = set(re.findall(r"\w+", unaccented(text)))
    return sum(all(w in words for w in re.findall(r"\w+", a)) for a in anchors) / len(anchors)


def _typed_in(quote: str, asked: str, question: str) -> float:
    """Whether the quote holds a thing of the asked kind that the question does not: a figure
    for a number, date or score, a capitalised name for a name; a description needs none."""
    if asked in (*_NUMBER_KINDS, "date"):
        own = set(_DIGITS.findall(question))
        return float(any(d not in own for d in _DIGITS.findall(quote)))
    if asked == "entity":
        own = {unaccented(w) for w in re.findall(r"\w+", question)}
        return float(any(unaccented(m) not in own for m in _CAPITALISED.findall(" " + quote)))
    return 1.0


def _date_misses(retrieval: Retrieval, citations: tuple[Citation, ...],
                 dates: list[str | None]) -> bool:
    """The question names a day (a few, under `DAYS_NAMED`, those before or after one, or a
    deadline) and no cited evidence is of it (a value reported for another day does not answer
    a question about this one). A quote is of the days it names ("Sáng 20/11", "hôm qua"), read
    against its item's date; a quote naming none is of its item's date or the day before (news
    is published the day after). Undated evidence is never out of a range, as in retrieval. A
    month or a year named is no day: it is as often the story's background ("commuted in 2021",
    "Giáng sinh năm nay")."""
    time = retrieval.time_filter
    if time is None or not time.has_range or time.source != "question" or not any(dates):
        return False
    since = dt.date.fromisoformat(time.since) if time.since else dt.date.min
    until = dt.date.fromisoformat(time.until) if time.until else dt.date.max
    if time.since and time.until and not time.nearest and (until - since).days >= DAYS_NAMED:
        return False  # a month or a year ("the session before 26/11" reaches back 10 days)
    quoted = [(c.quote, c.date) for c in citations] or [("", d) for d in dates]
    for quote, date in quoted:
        if not date:
            continue
        published = dt.date.fromisoformat(date)
        days = days_named(quote, published)
        if days and any(m.since <= until and since <= m.until for m in days):
            return False
        if not days and since <= published and published - dt.timedelta(days=1) <= until:
            return False
    return True


def _item_of_the_day(retrieval: Retrieval, citations: tuple[Citation, ...]) -> bool:
    """Whether a cited quote naming no day comes from an item that reports the day asked, as
    the extractive answerer reads one (`rag.answer.days`): its article names the day ("Cầu Đình
    Khao ... khởi công ngày 19/12" above "Cầu dài 4,3 km"), or it was published on the day or in
    the two days after (`Hit.time_fit` DAY_FIT and up). `_date_misses`, a feature the model was
    fitted with, reads a quote naming no day by its item's date alone."""
    return any(c.date and (item_time_fit(retrieval, c.file) or 0.0) >= DAY_FIT
               and not days_named(c.quote, dt.date.fromisoformat(c.date)) for c in citations)


# -- applying it -------------------------------------------------------------------------------


def scored(answer: Answer, retrieval: Retrieval, model: ConfidenceModel | None) -> Answer:
    """The answer with its confidence; declined below its cutoff, or when a value of one day
    is quoted from another day or a question asking who from reports naming no one (naming the
    closest report; for a value of one day, the report most like the question), and without its
    short answer below the short-answer cutoff. An answer the answerer already declined has no
    confidence to give (None)."""
    if model is None or answer.abstained:
        return answer
    features = confidence_features(retrieval, answer)
    confidence = model.confidence(features)
    kind = asked_kind(retrieval)
    day = value_day(retrieval.query, kind)
    # a value of one day quoted from another day's report is no answer, whoever gave it (the
    # extractive answerer keeps to the day itself; an LLM may not); nor is a report naming no one
    # an answer to who
    no_one = names_no_one(retrieval, answer)
    other_day = day is not None and bool(features["date_misses"]) \
        and not _item_of_the_day(retrieval, answer.citations)
    if confidence < model.cutoff(features) or other_day or no_one:
        declined = (day_decline(retrieval, answer.backend, kind, day, answer.warnings, sure=False)
                    if day else
                    abstention(retrieval, answer.backend, answer.warnings,
                               closest=_closest(answer, retrieval.hits), kind=kind, sure=no_one))
        return replace(declined, confidence=round(confidence, 3), time_filter=answer.time_filter,
                       standalone_question=answer.standalone_question)
    if answer.short_answer is not None and not _short_shown(answer.short_answer, confidence,
                                                            model.short_confidence(features),
                                                            model.short_cutoff):
        answer = without_short_answer(answer)
    return replace(answer, confidence=round(confidence, 3))


def _short_shown(short: ShortAnswer, confidence: float, short_confidence: float,
                 short_cutoff: float) -> bool:
    """Whether the bold short answer stays. A span cut from the quote is judged by the
    short-answer model; a figure computed from the quote ("X joined 43 countries": 44) is right
    exactly when the quote is the one asked about, so the answer's own confidence judges it."""
    if short.arithmetic:
        return confidence >= COMPUTED_SHORT_CUTOFF
    return short_confidence >= short_cutoff


def without_short_answer(answer: Answer) -> Answer:
    """The quote alone: the short answer dropped, and its bold lead in front of the quote."""
    assert answer.short_answer is not None
    short = answer.short_answer.text
    text = answer.text
    for lead in (short, _MARKER.sub(r"(\1)", short)):  # as written, or with [n] defused
        if text.startswith(lead + SHORT_SEPARATOR):
            text = text[len(lead + SHORT_SEPARATOR):]
            break
    return replace(answer, text=text, short_answer=None)


def _closest(answer: Answer, hits: tuple[Hit, ...]) -> Hit | None:
    """The retrieved item the answer would have quoted."""
    file = answer.citations[0].file if answer.citations else None
    return next((h for h in hits if h.chunk.file == file), hits[0] if hits else None)


def confidence_words(confidence: float) -> str:
    """How a reader is told: high at 0.8 and above, medium from 0.5, low below."""
    return "high" if confidence >= 0.8 else "medium" if confidence >= 0.5 else "low"
