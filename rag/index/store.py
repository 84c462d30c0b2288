"""The Chroma store: chunks with their sentences' vectors, and a manifest of indexed articles.

Three collections per embedding model, so each model keeps its own vectors: `chunks--<model>` holds
chunk embeddings we compute ourselves (Chroma's default embedding function would download a
model), with each chunk's sentence vectors packed (float16) in its metadata; `files--<model>`
records each indexed article's hash (and its file's) so ingest can skip unchanged ones;
`texts--<model>` keeps the text of articles extracted from web pages, exports and feeds, which
citations quote (a .txt/.md article's text is its file). An article's record is written only after
its chunks and text, so an interrupted ingest is finished by the next one. The texts live in Chroma,
not beside it, so an index on a Chroma server holds them too.

Sentence vectors ride with their chunk rather than in a collection of their own: that collection
was ten rows per chunk, and at 100k chunks its in-memory HNSW graph alone outgrew a 2 GB budget
and made ingest several times slower, while retrieval only ever reads sentences of candidate chunks.
"""

from __future__ import annotations

import functools
import re
import uuid
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterable, Iterator, NamedTuple, Protocol, TypeVar

import numpy as np

from ..errors import IndexMismatchError, NewsragError
from ..sources import text_on_disk
from ..types import EmbeddedArticle, FileRecord, StoredChunk, StoredSentence
from . import chroma_client
from .rows import (
    chunk_metadata,
    file_metadata,
    file_record,
    record_refresh,
    sentences_of,
    stored_chunk,
    text_metadata,
    text_of,
)

_BATCH = 1000
_FILES_PER_LOOKUP = 100
_Method = TypeVar("_Method", bound=Callable[..., Any])


class Nearest(NamedTuple):
    """A chunk near a query vector: its id, cosine similarity and metadata ({} when not read)."""

    id: str
    similarity: float
    metadata: dict


class ChunkStore(Protocol):
    """What ingest, stories, retrieval and BM25 sync need of the index of chunk rows."""

    location: str

    def open(self, create: bool = False) -> None: ...
    def count(self) -> int: ...
    def generation(self) -> str: ...
    def bump_generation(self) -> str: ...
    def collection_id(self) -> str: ...
    def corpus_root(self) -> str | None: ...
    def set_corpus_root(self, root: Path) -> None: ...
    def calibration_record(self) -> str | None: ...
    def set_calibration_record(self, record: str) -> None: ...
    def indexed_files(self) -> dict[str, FileRecord]: ...
    def records(self, files: list[str]) -> dict[str, FileRecord]: ...
    def article_texts(self, files: list[str]) -> dict[str, str]: ...
    def replace_files(self, batch: list[EmbeddedArticle]) -> None: ...
    def refresh_records(self, records: list[FileRecord]) -> None: ...
    def remove_file(self, file: str) -> None: ...
    def query_chunks(self, vector: np.ndarray, n: int, where: dict | None
                     ) -> list[tuple[str, float]]: ...
    def nearest_chunks(self, vector: np.ndarray, n: int) -> list[Nearest]: ...
    def nearest_chunks_many(self, vectors: np.ndarray, n: int, where: dict | None
                            ) -> list[list[Nearest]]: ...
    def get_chunks(self, ids: list[str]) -> dict[str, tuple[StoredChunk, np.ndarray]]: ...
    def get_sentences(self, chunks: list[StoredChunk]) -> list[StoredSentence]: ...
    def chunks_of_files(self, files: list[str]) -> Iterator[StoredChunk]: ...


def _guarded(method: _Method) -> _Method:
    """Report a Chroma server's failures as one line naming its URL (a no-op when embedded)."""

    @functools.wraps(method)
    def wrapper(self: "ChromaStore", *args: Any, **kwargs: Any) -> Any:
        with self._guard():
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _slug(model: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", model).strip("-._") or "model"


class ChromaStore:
    """Chunk, sentence and file collections for one embedding model in one Chroma database."""

    def __init__(
        self,
        client: Any,
        embed_model: str,
        dim: int,
        index_dir: Path | None = None,
        url: str | None = None,
    ) -> None:
        self._client = client
        self._index_dir = index_dir  # a local index is only created by ingest
        self.url = url  # set for a Chroma server, named in its errors
        self.embed_model = embed_model
        self.dim = dim
        slug = _slug(embed_model)
        self._names = {kind: f"{kind}--{slug}" for kind in ("chunks", "files", "texts")}
        self._chunks: Any = None
        self._files: Any = None
        self._texts: Any = None

    @classmethod
    def persistent(cls, index_dir: str | Path, embed_model: str, dim: int) -> "ChromaStore":
        """A store in a local folder (Chroma's embedded PersistentClient)."""
        path = Path(index_dir)
        if path.exists() and not path.is_dir():
            raise NewsragError(f"index dir is not a folder: {path}")
        return cls(None, embed_model, dim, index_dir=path)

    @classmethod
    def remote(
        cls, url: str, embed_model: str, dim: int, token: str = "", header: str = "Authorization"
    ) -> "ChromaStore":
        """A store on a Chroma server (`chroma run`, or a distributed deployment)."""
        return cls(chroma_client.connect(url, token, header), embed_model, dim, url=url)

    @property
    def location(self) -> str:
        """Where the index lives, for messages: the server URL or the index folder."""
        return self.url or str(self._index_dir)

    def _guard(self) -> ContextManager[None]:
        return chroma_client.server_errors(self.url) if self.url else nullcontext()

    @property
    def client(self) -> Any:
        """The Chroma client; a local one is opened on first use."""
        if self._client is None:
            assert self._index_dir is not None
            self._client = chroma_client.embedded(self._index_dir)
        return self._client

    # -- opening -----------------------------------------------------------------------------

    @_guarded
    def exists(self) -> bool:
        """Whether this model's collections exist (something was ingested with this model)."""
        return self._names["chunks"] in self._collection_names()

    def _collection_names(self) -> list[str]:
        return [c if isinstance(c, str) else c.name for c in self.client.list_collections()]

    @_guarded
    def open(self, create: bool = False) -> None:
        """Open the collections; refuse an index built with another model or dimension."""
        if self._chunks is not None:
            return
        if not create and self._index_dir is not None and not self._index_dir.is_dir():
            raise NewsragError(f"no index at {self._index_dir}: run `newsrag ingest` first")
        self._drop_old_layout(create)
        if not self.exists():
            others = [n for n in self._collection_names() if n.startswith("chunks--")]
            if others:
                built = ", ".join(self._model_of(n) for n in others)
                if not create:
                    raise IndexMismatchError(
                        f"the index was built with embedding model {built}, not {self.embed_model}:"
                        " use that model or ingest again with this one"
                    )
            elif not create:
                where = f" on the Chroma server at {self.url}" if self.url else ""
                raise NewsragError(f"the index is empty{where}: run `newsrag ingest` first")
        space = {"hnsw": {"space": "cosine"}}
        meta = {"embed_model": self.embed_model, "dim": self.dim}
        self._chunks = self.client.get_or_create_collection(
            self._names["chunks"], metadata=meta, configuration=space, embedding_function=None
        )
        recorded = self._chunks.metadata or {}
        if recorded.get("embed_model") != self.embed_model or recorded.get("dim") != self.dim:
            self._chunks = None
            raise IndexMismatchError(
                f"the index was built with {recorded.get('embed_model')} "
                f"(dim {recorded.get('dim')}), not {self.embed_model} (dim {self.dim})"
            )
        self._files = self.client.get_or_create_collection(
            self._names["files"], embedding_function=None
        )
        self._texts = self._texts_collection(create)

    def _texts_collection(self, create: bool) -> Any:
        """The texts collection; an index from before it existed gets it at its next ingest (so a
        question never writes to the index)."""
        if create or self._names["texts"] in self._collection_names():
            return self.client.get_or_create_collection(self._names["texts"],
                                                        embedding_function=None)
        return None

    def _drop_old_layout(self, create: bool) -> None:
        """An index from before sentence vectors moved into chunk rows is rebuilt by ingest."""
        old = f"sentences--{_slug(self.embed_model)}"
        if old not in self._collection_names():
            return
        if not create:
            raise NewsragError(f"the index at {self.location} was built by an older newsrag:"
                               " run `newsrag ingest` to rebuild it")
        for name in (old, *self._names.values()):
            if name in self._collection_names():
                self.client.delete_collection(name)

    def _model_of(self, name: str) -> str:
        meta = self.client.get_collection(name, embedding_function=None).metadata or {}
        return f"{meta.get('embed_model', name)} (dim {meta.get('dim', '?')})"

    # -- bookkeeping ---------------------------------------------------------------------------

    @property
    def info(self) -> dict[str, Any]:
        self.open()
        with self._guard():
            return dict(self._chunks.metadata or {})

    @_guarded
    def _set_info(self, **changes: Any) -> None:
        meta = {**self.info, **changes}
        self._chunks.modify(metadata=meta)

    def corpus_root(self) -> str | None:
        return self.info.get("corpus_root")

    def set_corpus_root(self, root: Path) -> None:
        self._set_info(corpus_root=str(root))

    def calibration_record(self) -> str | None:
        """The model's calibration (JSON, `rag.index.calibration`), stored with the chunks."""
        return self.info.get("calibration")

    def set_calibration_record(self, record: str) -> None:
        self._set_info(calibration=record)

    def collection_id(self) -> str:
        """The chunk collection's id: the same whether it is opened embedded or via a server."""
        self.open()
        return str(self._chunks.id)

    def generation(self) -> str:
        """Changes whenever the chunk set changes; the lexical index is stamped with it."""
        return str(self.info.get("generation", ""))

    def bump_generation(self) -> str:
        token = uuid.uuid4().hex
        self._set_info(generation=token)
        return token

    @_guarded
    def count(self) -> int:
        self.open()
        return int(self._chunks.count())

    # -- the file manifest ---------------------------------------------------------------------

    @_guarded
    def indexed_files(self) -> dict[str, FileRecord]:
        self.open()
        records = {}
        for _, meta, _ in self._iter_collection(self._files, ["metadatas"]):
            record = file_record(meta)
            records[record.file] = record
        return records

    @_guarded
    def records(self, files: list[str]) -> dict[str, FileRecord]:
        """The records of these articles (those indexed), by key."""
        self.open()
        found: dict[str, FileRecord] = {}
        for k in range(0, len(files), _BATCH):
            got = self._files.get(ids=list(dict.fromkeys(files[k : k + _BATCH])),
                                  include=["metadatas"])
            found.update((r.file, r) for r in map(file_record, got["metadatas"]))
        return found

    @_guarded
    def article_texts(self, files: list[str]) -> dict[str, str]:
        """The extracted texts kept for these articles (web pages, rows, entries), by key."""
        self.open()
        wanted = list(dict.fromkeys(f for f in files if not text_on_disk(f)))
        if wanted and self._texts is None:  # another process's ingest may have made it since
            self._texts = self._texts_collection(create=False)
        if not wanted or self._texts is None:
            return {}
        got = self._texts.get(ids=wanted, include=["metadatas"])
        return {i: text_of(meta) for i, meta in zip(got["ids"], got["metadatas"])}

    # -- writing -------------------------------------------------------------------------------

    @_guarded
    def replace_files(self, batch: list[EmbeddedArticle]) -> None:
        """Swap in articles' chunks and sentences, then record their hashes (the commit point).

        One write per collection for the whole batch: Chroma commits every call, so writing
        article by article costs more than the bookkeeping itself.
        """
        if not batch:
            return
        self._delete_file_rows([item.article.path for item in batch])
        chunk_rows = [(item, c) for item in batch for c in item.chunks]
        self._add(
            self._chunks,
            ids=[c.id for _, c in chunk_rows],
            embeddings=np.concatenate([item.chunk_vectors for item in batch]),
            documents=[c.text for _, c in chunk_rows],
            metadatas=[chunk_metadata(item, c) for item, c in chunk_rows],
        )
        extracted = [item.article for item in batch if not text_on_disk(item.article.path)]
        if extracted and self._texts is None:
            self._texts = self._texts_collection(create=True)
        for k in range(0, len(extracted), _BATCH):
            self._texts.upsert(
                ids=[a.path for a in extracted[k : k + _BATCH]],
                embeddings=[[1.0]] * len(extracted[k : k + _BATCH]),
                metadatas=[text_metadata(a.text) for a in extracted[k : k + _BATCH]],
            )
        self._files.upsert(
            ids=[item.article.path for item in batch],
            embeddings=[[1.0]] * len(batch),
            metadatas=[file_metadata(item) for item in batch],
        )

    @_guarded
    def refresh_records(self, records: list[FileRecord]) -> None:
        """Note where unchanged articles now sit in their file and the file's new fingerprint
        (no embedding: their rows are unchanged)."""
        self.open()
        for k in range(0, len(records), _BATCH):
            part = records[k : k + _BATCH]
            self._files.update(ids=[r.file for r in part],
                               metadatas=[record_refresh(r) for r in part])

    @_guarded
    def remove_file(self, file: str) -> None:
        """Drop an article's rows and text, then its record (so an interruption leaves it to be
        removed again)."""
        self.open()
        self._delete_file_rows([file])
        if self._texts is not None:
            self._texts.delete(ids=[file])
        self._files.delete(ids=[file])

    def _delete_file_rows(self, files: list[str]) -> None:
        where = {"file": {"$in": files}}
        self._chunks.delete(where=where)

    def _add(self, collection: Any, ids: list[str], embeddings: np.ndarray, **columns: list) -> None:
        for i in range(0, len(ids), _BATCH):
            collection.add(
                ids=ids[i : i + _BATCH],
                embeddings=embeddings[i : i + _BATCH],
                **{key: values[i : i + _BATCH] for key, values in columns.items()},
            )

    # -- reading -------------------------------------------------------------------------------

    def query_chunks(
        self, vector: np.ndarray, n: int, where: dict | None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the n nearest chunks (their metadata is not read)."""
        return [(i, s) for i, s, _ in self._query_many(self._chunks, np.asarray([vector]), n, where,
                                                      with_metadata=False)[0]]

    def nearest_chunks(self, vector: np.ndarray, n: int) -> list[Nearest]:
        """(chunk id, cosine similarity, metadata) of the n nearest chunks, unfiltered."""
        return self._query(self._chunks, vector, n, None)

    def nearest_chunks_many(
        self, vectors: np.ndarray, n: int, where: dict | None
    ) -> list[list[Nearest]]:
        """For each vector, (chunk id, cosine similarity, metadata) of its n nearest chunks that
        pass `where`, in one Chroma call (a filtered query scans the metadata once, not once per
        vector)."""
        return self._query_many(self._chunks, vectors, n, where)

    def _query(self, collection: Any, vector: np.ndarray, n: int, where: dict | None) -> list:
        return self._query_many(collection, np.asarray([vector]), n, where)[0]

    @_guarded
    def _query_many(self, collection: Any, vectors: np.ndarray, n: int, where: dict | None,
                    with_metadata: bool = True) -> list[list[Nearest]]:
        """Without metadata ({} in its place) Chroma
        converts far less (each chunk's metadata carries its sentence vectors)."""
        self.open()
        if not len(vectors):
            return []
        include = ["distances", "metadatas"] if with_metadata else ["distances"]
        result = collection.query(query_embeddings=vectors, n_results=n, where=where,
                                  include=include)
        metadatas = result["metadatas"] if with_metadata else [[{}] * len(i) for i in result["ids"]]
        return [[Nearest(i, 1.0 - d, meta) for i, d, meta in zip(ids, distances, metas)]
                for ids, distances, metas in zip(result["ids"], result["distances"], metadatas)]

    @_guarded
    def get_chunks(self, ids: list[str]) -> dict[str, tuple[StoredChunk, np.ndarray]]:
        """Chunks with their embeddings, by id."""
        self.open()
        if not ids:
            return {}
        got = self._chunks.get(ids=ids, include=["documents", "metadatas", "embeddings"])
        return {
            i: (stored_chunk(i, doc, meta), np.asarray(emb, dtype=np.float32))
            for i, doc, meta, emb in zip(
                got["ids"], got["documents"], got["metadatas"], got["embeddings"]
            )
        }

    @staticmethod
    def get_sentences(chunks: list[StoredChunk]) -> list[StoredSentence]:
        """All sentences of the given chunks, with their passage embeddings (stored with each
        chunk, so this reads nothing more from Chroma)."""
        return [sentence for chunk in chunks for sentence in sentences_of(chunk)]

    def iter_chunks(self) -> Iterator[StoredChunk]:
        """Every chunk (no embeddings), in pages."""
        self.open()
        for i, meta, doc in self._iter_collection(self._chunks, ["metadatas", "documents"]):
            yield stored_chunk(i, doc, meta)

    def chunks_of_files(self, files: list[str]) -> Iterator[StoredChunk]:
        """The chunks of these files (no embeddings): by file for a few, by a scan for many."""
        if len(files) > _FILES_PER_LOOKUP * 10:
            wanted = set(files)
            yield from (c for c in self.iter_chunks() if c.file in wanted)
            return
        self.open()
        for k in range(0, len(files), _FILES_PER_LOOKUP):
            with self._guard():
                got = self._chunks.get(where={"file": {"$in": files[k : k + _FILES_PER_LOOKUP]}},
                                       include=["metadatas", "documents"])
            yield from map(stored_chunk, got["ids"], got["documents"], got["metadatas"])

    def _iter_collection(self, collection: Any, include: list[str]) -> Iterable[tuple]:
        offset = 0
        while True:
            with self._guard():
                got = collection.get(include=include, limit=_BATCH, offset=offset)
            if not got["ids"]:
                return
            docs = got.get("documents") or [None] * len(got["ids"])
            yield from zip(got["ids"], got["metadatas"], docs)
            offset += len(got["ids"])

