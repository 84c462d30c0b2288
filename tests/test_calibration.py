"""The calibration's arithmetic and policy (pure functions, table-driven): e5's values mapped onto
a model's scale, stored and read back, measured again when due, overridden by explicit settings."""

from dataclasses import fields

import pytest

from rag.answer.extractive import ExtractiveSettings
from rag.index.calibration import (
    LEVELS,
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


def _cal(source, articles, version=VERSION):
    return Calibration("m", source, {}, articles, version=version)


@pytest.mark.parametrize(
    "calibration, articles, expected",
    [
        (reference(), 10_000, False),  # e5 is never measured
        (_cal("uncalibrated", 0), 1, False),  # one article has no pairs to measure
        (_cal("uncalibrated", 0), 2, True),
        (_cal("provisional", 2), 3, False),
        (_cal("provisional", 2), 4, True),  # doubled
        (_cal("provisional", 12), MIN_ARTICLES, True),  # now enough to trust
        (_cal("measured", 100), 199, False),  # one more file is not a reason
        (_cal("measured", 100), 200, True),
        (_cal("measured", 100), 101, False),
        (_cal("measured", 100, version=VERSION - 1), 101, True),  # measured another way
    ],
)
def test_due(calibration, articles, expected):
    assert due(calibration, articles) is expected


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
