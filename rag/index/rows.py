"""How chunks and files are encoded as Chroma rows and read back (pure functions).

Chroma metadata holds only scalars, so a chunk's sentence offsets and mentioned dates are JSON, and
its sentence vectors are packed float16 in base64: half the bytes, and cosines move by under 1e-3.
Dates are also stored as YYYYMMDD integers (`date_int`, `dates_min`/`dates_max`) so Chroma's `where`
can compare them. An extracted article's text (a web page, an export row, a feed entry) is kept
zlib-compressed in base64 in metadata: as a Chroma document it would be indexed for full-text
search, which made writing 2,000 such texts eight times slower.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

import numpy as np

from ..filters import date_int
from ..types import Article, Chunk, EmbeddedArticle, FileRecord, StoredChunk, StoredSentence


def chunk_metadata(item: EmbeddedArticle, chunk: Chunk) -> dict[str, Any]:
    """A chunk row's metadata: its article, offsets, sentences (with vectors), dates and story."""
    return {
        **_article_metadata(item.article),
        "title": item.article.title,
        "index": chunk.index,
        "start": chunk.start,
        "end": chunk.end,
        "sentences": json.dumps(chunk.sentences),
        "sentence_vectors": pack([item.sentence_vectors[s] for s in chunk.sentences]),
        **_dates_metadata(chunk),
        "story": item.story or item.article.path,
        **_optional(outlet=item.article.outlet, url=item.article.url),
    }


def file_metadata(item: EmbeddedArticle) -> dict[str, Any]:
    """A file record's metadata: what ingest needs to skip the file when it has not changed."""
    return {
        "file": item.article.path,
        "content_hash": item.article.content_hash,
        "date": item.article.date or "",
        "lang": item.article.lang,
        "title": item.article.title,
        "chunks": len(item.chunks),
        # all written, empty or not: an upsert keeps keys it is not given
        "source": item.article.source,
        "item": item.article.item,
        "url": item.article.url,
        "outlet": item.article.outlet,
        "source_hash": item.article.source_hash,
    }


def record_refresh(record: FileRecord) -> dict[str, Any]:
    """The parts of a file record that change while the article does not: where its item sits
    in the file now, and the file's fingerprint."""
    return {"item": record.item, "source_hash": record.source_hash}


def file_record(meta: dict[str, Any]) -> FileRecord:
    return FileRecord(
        file=meta["file"],
        content_hash=meta["content_hash"],
        date=meta.get("date") or None,
        lang=meta["lang"],
        title=meta.get("title", ""),
        chunks=int(meta.get("chunks", 0)),
        source=meta.get("source", ""),
        item=meta.get("item", ""),
        url=meta.get("url", ""),
        outlet=meta.get("outlet", ""),
        source_hash=meta.get("source_hash", ""),
    )


def text_metadata(text: str) -> dict[str, Any]:
    """An extracted article's text as a row of the texts collection."""
    return {"text_z": base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")}


def text_of(meta: dict[str, Any]) -> str:
    return zlib.decompress(base64.b64decode(meta["text_z"])).decode("utf-8")


def stored_chunk(chunk_id: str, document: str, meta: dict[str, Any]) -> StoredChunk:
    return StoredChunk(
        id=chunk_id,
        file=meta["file"],
        date=meta.get("date") or None,
        lang=meta["lang"],
        title=meta.get("title", ""),
        start=int(meta["start"]),
        end=int(meta["end"]),
        sentences=tuple(tuple(s) for s in json.loads(meta["sentences"])),
        text=document,
        dates=tuple(tuple(d) for d in json.loads(meta.get("dates", "[]"))),
        story=meta.get("story") or meta["file"],
        outlet=meta.get("outlet", ""),
        url=meta.get("url", ""),
        packed_sentence_vectors=meta.get("sentence_vectors", ""),
    )


def sentences_of(chunk: StoredChunk) -> list[StoredSentence]:
    """A stored chunk's sentences with their passage vectors (unpacked from its row)."""
    vectors = unpack(chunk.packed_sentence_vectors, len(chunk.sentences))
    return [
        StoredSentence(chunk.id, chunk.file, chunk.lang, s, e,
                       chunk.text[s - chunk.start : e - chunk.start], vector)
        for (s, e), vector in zip(chunk.sentences, vectors)
    ]


def _article_metadata(article: Article) -> dict[str, Any]:
    return {
        "file": article.path,
        "date": article.date or "",
        "date_int": date_int(article.date),
        "lang": article.lang,
    }


def _optional(**values: str) -> dict[str, str]:
    """Metadata that only some formats have: left out when empty, so .txt rows stay as they were."""
    return {key: value for key, value in values.items() if value}


def _dates_metadata(chunk: Chunk) -> dict[str, Any]:
    """Dates a chunk mentions: the list, and its span for Chroma's coarse `where` (0 when none)."""
    return {
        "dates": json.dumps(chunk.dates),
        "dates_min": min((s for s, _ in chunk.dates), default=0),
        "dates_max": max((e for _, e in chunk.dates), default=0),
    }


def pack(vectors: list[np.ndarray]) -> str:
    """Sentence vectors as base64 float16."""
    return base64.b64encode(np.asarray(vectors, dtype=np.float16).tobytes()).decode("ascii")


def unpack(packed: str, rows: int) -> np.ndarray:
    half = np.frombuffer(base64.b64decode(packed), dtype=np.float16)
    return half.astype(np.float32).reshape(rows, -1) if rows else np.zeros((0, 0), np.float32)
