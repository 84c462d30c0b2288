"""Locks that keep one index consistent while it is shared: by threads (the UI) and by processes.

- `ingesting()`: one ingest per index dir. A second ingest, in this process or another, waits a
  bounded time for the first to finish, then stops with a message naming the index dir.
- `writing()` / `reading()`: ingest holds the write side only while it changes the store and saves
  BM25; questions hold the read side while they retrieve. So an answer sees the index before or
  after an ingest's changes, never a file half replaced, and questions do not wait for embedding.

Across processes these are OS file locks on files in the index dir (shared for readers, exclusive
for writers), taken through portalocker: `flock` on Linux and macOS, `LockFileEx` on Windows. The OS
drops them when their holder dies, so a killed ingest leaves no stale lock. Inside a process a
writer-preferring readers-writer lock comes first, so a stream of questions cannot starve an ingest.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import portalocker
from portalocker import LockFlags

from ..errors import IndexBusyError

INGEST_LOCK = "ingest.lock"
INDEX_LOCK = "index.lock"
_POLL_SECONDS = 0.1


class ReadWriteLock:
    """Many readers or one writer (threads); a waiting writer holds back new readers."""

    def __init__(self) -> None:
        self._state = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._state:
            self._state.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._state:
                self._readers -= 1
                self._state.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._state:
            self._writers_waiting += 1
            self._state.wait_for(lambda: not self._writing and not self._readers)
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._state:
                self._writing = False
                self._state.notify_all()


class IndexLocks:
    """The locks of one index dir (one instance per `Assistant`)."""

    def __init__(self, index_dir: Path, wait_seconds: float) -> None:
        self.index_dir = index_dir
        self.wait_seconds = wait_seconds
        self._threads = ReadWriteLock()

    @contextmanager
    def ingesting(self) -> Iterator[None]:
        """Exclusive right to ingest; IndexBusyError after `wait_seconds` of waiting."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.wait_seconds
        handle = _open_lock_file(self.index_dir / INGEST_LOCK)
        try:
            while not _try_lock(handle, LockFlags.EXCLUSIVE):
                if time.monotonic() >= deadline:
                    raise IndexBusyError(
                        f"another ingest is writing to the index at {self.index_dir} "
                        f"(waited {self.wait_seconds:g} s): run this one when it has finished"
                    )
                time.sleep(_POLL_SECONDS)
            yield
        finally:
            handle.close()  # closing the file releases its lock

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Held while the store and BM25 change: waits for questions being retrieved."""
        with self._threads.write(), _locked(self.index_dir / INDEX_LOCK, LockFlags.EXCLUSIVE):
            yield

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Held while a question is retrieved: waits while an ingest writes."""
        with self._threads.read(), _locked(self.index_dir / INDEX_LOCK, LockFlags.SHARED):
            yield


@contextmanager
def _locked(path: Path, mode: LockFlags) -> Iterator[None]:
    """Hold a file lock on path. Without an index dir (nothing ingested yet) there is nothing to
    lock, and a read-only one is left to the thread lock alone."""
    try:
        handle = _open_lock_file(path)
    except OSError:
        yield
        return
    try:
        portalocker.lock(handle, mode)
        yield
    finally:
        handle.close()  # closing the file releases its lock


def _open_lock_file(path: Path) -> IO[bytes]:
    """The lock file, created when missing; its content is never read or written."""
    return open(path, "a+b")


def _try_lock(handle: IO[bytes], mode: LockFlags) -> bool:
    try:
        portalocker.lock(handle, mode | LockFlags.NON_BLOCKING)
    except portalocker.AlreadyLocked:
        return False
    return True
