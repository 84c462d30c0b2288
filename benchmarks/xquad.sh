#!/usr/bin/env bash
# Reproduce the README's XQuAD table: dense / BM25 / hybrid on the four dev pairs (632 questions each).
# Usage: bash benchmarks/xquad.sh [LIMIT]    (from the repo root, after `make install`)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
DATA=benchmarks/data/xquad
OUT=${OUT:-bench_runs}
LIMIT=${1:-}
for pair in en-en vi-vi en-vi vi-en; do
  lang=${pair#*-}
  $BIN/newsrag eval --corpus "$DATA/corpus/$lang" --gold "$DATA/dev.$pair.jsonl" \
    --index-dir "$OUT/index-$lang" --out "$OUT/xquad-$pair" --compare retriever=dense,bm25,hybrid \
    --quiet ${LIMIT:+--limit "$LIMIT"} > /dev/null
done
$BIN/python benchmarks/xquad_table.py "$OUT"
