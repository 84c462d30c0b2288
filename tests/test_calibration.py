"""The calibration's arithmetic and policy (pure functions, table-driven): e5's values mapped onto
a model's scale, stored and read back, measured again when due (and only when a new measurement
could see more), overridden by explicit settings."""

from dataclasses import fields

import pytest

from rag.answer.extractive import ExtractiveSettings
from rag.index.calibration import (
    LEVELS,
    MAX_ARTICLES,
    MIN_ARTICLES,
    REFERENCE,
    REFERENCE_MODEL,
    SPANS,
    VERSION,
    Calibration,
    Line,
    current,
    due,
    filled,
    reference,
)
from rag.types import Scale


def test_the_reference_scale_holds_the_tuned_values():
    assert (REFERENCE.abstain_below, REFERENCE.abstain_below_cross_language) == (0.87, 0.83)
    assert (REFERENCE.support_shared, REFERENCE.support_plain) == (0.82, 0.88)
    assert (REFERENCE.corroborate_above, REFERENCE.duplicate_above) == (0.90, 0.92)
    assert REFERENCE.story_similarity == 0.93
    assert REFERENCE.question_offset == REFERENCE.cross_language_offset == 0.06
    assert REFERENCE.story_offset == 0.06
    assert (REFERENCE.lexical_weight, REFERENCE.recency_weight) == (0.1, 0.05)
    assert {f.name for f in fields(Scale)} == {*LEVELS, *SPANS, "question_offset",
                                               "cross_language_offset", "story_offset"}


@pytest.mark.parametrize(
    "line, e5, level, span, offset",
    [
        pytest.param(Line(), 0.87, 0.87, 0.87, 0.06, id="identity"),
        pytest.param(Line(0.5, 0.0), 0.87, 0.435, 0.435, 0.03, id="compressed-towards-0"),
        pytest.param(Line(0.5, 0.5), 0.87, 0.935, 0.435, 0.03, id="squeezed-towards-1"),
        pytest.param(Line(2.0, -1.2), 0.8, 0.4, 1.6, 0.12, id="spread-out"),
        # pairs in two languages score 0.05 lower on the model than its line says: the offset
        # makes that up on top of e5's own (stretched) offset
        pytest.param(Line(0.5, 0.0, -0.05), 0.87, 0.435, 0.435, 0.08, id="wider-language-gap"),
        pytest.param(Line(0.5, 0.0, 0.01), 0.87, 0.435, 0.435, 0.02, id="narrower-language-gap"),
    ],
)
def test_line(line, e5, level, span, offset):
    assert line.level(e5) == pytest.approx(level)
    assert line.span(e5) == pytest.approx(span)
    assert line.offset() == pytest.approx(offset)


def test_each_value_follows_the_line_of_its_kind():
    calibration = Calibration("m", "measured", {"question": Line(0.5, 0.0),
                                                "passage": Line(0.4, 0.1),
                                                "article": Line(2.0, -1.0)}, articles=100)
    scale = calibration.scale()
    assert scale.abstain_below == pytest.approx(0.435)  # question
    assert scale.second_margin == pytest.approx(0.015)
    assert scale.lexical_weight == pytest.approx(0.05)
    assert scale.support_plain == pytest.approx(0.4 * 0.88 + 0.1)  # passage
    assert scale.cross_language_offset == pytest.approx(0.024)
    assert scale.story_similarity == pytest.approx(0.86)  # article
    assert scale.story_offset == pytest.approx(0.12)
    assert scale.question_gain("vi", "en") == pytest.approx(0.03)
    assert scale.question_gain("en", "en") == 0.0


def test_stored_as_json_and_read_back():
    calibration = Calibration("m", "provisional", {"question": Line(0.5, 0.01, None),
                                                   "passage": Line(0.6, 0.0, -0.02)},
                              articles=8, sampled=8, languages=("en", "vi"), notes=("n",))
    assert Calibration.from_json(calibration.to_json()) == calibration
    assert calibration.to_dict()["version"] == VERSION


class Store:
    """What calibration needs of a store: one metadata value."""

    def __init__(self, record=None):
        self.record = record

    def calibration_record(self):
        return self.record

    def set_calibration_record(self, record):
        self.record = record


def test_current():
    assert current(Store(), REFERENCE_MODEL) == reference()  # e5 needs nothing stored
    missing = current(Store(), "other-model")
    assert missing.source == "uncalibrated" and missing.scale() == REFERENCE
    assert "newsrag ingest" in " ".join(missing.warnings())
    measured = Calibration("other-model", "measured", {"question": Line(0.5, 0.0)}, 50)
    assert current(Store(measured.to_json()), "other-model") == measured
    assert current(Store(measured.to_json()), "third-model").source == "uncalibrated"


def _cal(source, articles, sampled=None, languages=("vi",), version=VERSION):
    sampled = min(articles, MAX_ARTICLES) if sampled is None else sampled
    return Calibration("m", source, {}, articles, sampled, languages, version=version)


FULL = MAX_ARTICLES  # a measurement that drew on as many articles as one ever does


@pytest.mark.parametrize(
    "calibration, articles, languages, expected",
    [
        (reference(), 10_000, {"vi"}, False),  # e5 is never measured
        (_cal("uncalibrated", 0), 1, {"vi"}, False),  # one article has no pairs to measure
        (_cal("uncalibrated", 0), 2, {"vi"}, True),
        (_cal("provisional", 2), 3, {"vi"}, False),
        (_cal("provisional", 2), 4, {"vi"}, True),  # doubled: a sample of 4, not 2
        (_cal("provisional", 12), MIN_ARTICLES, {"vi"}, True),  # now enough to trust
        (_cal("measured", 30), 59, {"vi"}, False),  # one more file is not a reason
        (_cal("measured", 30), 60, {"vi"}, True),  # doubled, and it drew on only 30
        (_cal("measured", 100, sampled=FULL), 101, {"vi"}, False),
        # doubled, but a full sample of the same language: another draw measures the same line
        (_cal("measured", 100, sampled=FULL), 200, {"vi"}, False),
        (_cal("measured", 100, sampled=FULL), 10_000, {"vi"}, False),
        (_cal("measured", 100, sampled=FULL - 1), 200, {"vi"}, True),  # it could draw on more
        # doubled, with a language the sample did not see: its cross-language offset is wanted
        (_cal("measured", 100, sampled=FULL), 200, {"vi", "en"}, True),
        (_cal("measured", 100, sampled=FULL), 199, {"vi", "en"}, False),  # not doubled yet
        (_cal("measured", 100, sampled=FULL, languages=("en", "vi")), 200, {"vi"}, False),
        # a measurement that found too little to fit a line is tried again as the corpus grows
        (_cal("uncalibrated", 100, sampled=FULL), 200, {"vi"}, True),
        # measured another way: measured again, full sample or not
        (_cal("measured", 100, sampled=FULL, version=VERSION - 1), 101, {"vi"}, True),
    ],
)
def test_due(calibration, articles, languages, expected):
    assert due(calibration, articles, languages) is expected


def test_warnings_say_why():
    assert reference().warnings() == []
    provisional = Calibration("m", "provisional", {"question": Line(0.5, 0.0)}, 3, 3)
    assert "only 3 article(s)" in provisional.warnings()[0]
    assert "provisional, measured on 3 of 3 articles" in provisional.describe()
    assert Calibration("m", "measured", {}, 50, 48).warnings() == []


def test_explicit_settings_win_over_the_calibration():
    scale = Calibration("m", "measured", {"question": Line(0.5, 0.0),
                                          "passage": Line(0.5, 0.0)}, 50).scale()
    settings = filled(ExtractiveSettings(abstain_below=0.6), scale)
    assert settings.abstain_below == 0.6  # given: on the model's own scale, as it is
    assert settings.abstain_below_cross_language == pytest.approx(0.415)
    assert settings.corroborate_above == pytest.approx(0.45)
    assert settings.cross_language_offset == pytest.approx(0.03)
    assert settings.chunk_weight == 0.5  # not a similarity: untouched
    assert filled(settings, REFERENCE) is settings  # nothing left to fill
