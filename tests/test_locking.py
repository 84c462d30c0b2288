"""Index locks: readers-writer between threads, flock between processes, a bounded ingest wait."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from rag.errors import IndexBusyError
from rag.index.locking import INDEX_LOCK, INGEST_LOCK, IndexLocks, ReadWriteLock


def started(target) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def test_readers_share_and_a_writer_waits_for_them():
    lock = ReadWriteLock()
    events: list[str] = []
    with lock.read(), lock.read():  # two readers at once (held by one thread: no writer waits)
        writer = started(lambda: _record(lock.write, events, "write"))
        time.sleep(0.2)
        assert events == []  # the writer waits for both readers
    writer.join(5)
    assert events == ["write"]


def test_a_waiting_writer_holds_back_new_readers():
    lock = ReadWriteLock()
    events: list[str] = []
    reading = threading.Event()
    release = threading.Event()

    def first_reader() -> None:
        with lock.read():
            reading.set()
            release.wait(5)
        events.append("reader 1 done")

    started(first_reader)
    reading.wait(5)
    writer = started(lambda: _record(lock.write, events, "write"))
    time.sleep(0.2)
    second = started(lambda: _record(lock.read, events, "reader 2"))
    time.sleep(0.2)
    assert events == []  # reader 2 queues behind the writer instead of starving it
    release.set()
    writer.join(5)
    second.join(5)
    assert events == ["reader 1 done", "write", "reader 2"]


def _record(context, events: list[str], name: str) -> None:
    with context():
        events.append(name)


# what another process holds: one of the index's lock files, shared or exclusive (portalocker
# alone, no newsrag import, so it starts at once); given a file, it writes there the time it lets
# go, just before it does
HOLD_LOCK = """
import sys, time
import portalocker
handle = open(sys.argv[1], "a+b")
portalocker.lock(handle, getattr(portalocker.LockFlags, sys.argv[2]))
print("held", flush=True)
time.sleep(float(sys.argv[3]))
if len(sys.argv) > 4:
    with open(sys.argv[4], "w") as released:
        released.write(repr(time.time()))
handle.close()
"""


def hold_in_another_process(index_dir, seconds: float, lock: str = INGEST_LOCK,
                            mode: str = "EXCLUSIVE", released=None) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(index_dir / lock), mode,
                                str(seconds), *([str(released)] if released else [])],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_second_ingester_waits_then_refuses_naming_the_index(tmp_path):
    holder = hold_in_another_process(tmp_path, 30)
    try:
        started_at = time.monotonic()
        with pytest.raises(IndexBusyError) as error, IndexLocks(tmp_path, 0.5).ingesting():
            pass
        assert 0.5 <= time.monotonic() - started_at < 5
        assert str(error.value) == (
            f"another ingest is writing to the index at {tmp_path} (waited 0.5 s): "
            "run this one when it has finished"
        )
    finally:
        holder.kill()
        holder.wait()
    with IndexLocks(tmp_path, 0.5).ingesting():  # a killed holder leaves no stale lock behind
        pass


def test_a_second_ingester_gets_the_lock_when_the_first_finishes_in_time(tmp_path):
    released = tmp_path / "released"  # the holder writes the time it lets go, just before
    holder = hold_in_another_process(tmp_path, 0.5, released=released)
    try:
        with IndexLocks(tmp_path, 30).ingesting():
            entered = time.time()
            assert released.exists()  # in only once the holder had let go ...
            assert float(released.read_text()) <= entered  # ... and after it did
        assert holder.wait(5) == 0
    finally:
        holder.kill()
        holder.wait()


def test_ingest_lock_also_excludes_another_thread_of_the_same_process(tmp_path):
    locks = IndexLocks(tmp_path, 0.3)
    with locks.ingesting():
        failures: list[Exception] = []

        def second() -> None:
            try:
                with IndexLocks(tmp_path, 0.3).ingesting():
                    pass
            except IndexBusyError as exc:
                failures.append(exc)

        started(second).join(5)
    assert len(failures) == 1


def test_readers_of_a_missing_index_dir_create_nothing(tmp_path):
    locks = IndexLocks(tmp_path / "typo", 1)
    with locks.reading():
        pass
    assert not (tmp_path / "typo").exists()


def test_a_reader_in_another_process_holds_back_a_writer_but_not_other_readers(tmp_path):
    reader = hold_in_another_process(tmp_path, 1.0, INDEX_LOCK, "SHARED")
    locks = IndexLocks(tmp_path, 1)
    started_at = time.monotonic()
    with locks.reading():  # readers share the lock
        assert time.monotonic() - started_at < 0.5
    with locks.writing():  # the writer waits until the other process lets go
        assert reader.poll() is not None or time.monotonic() - started_at >= 0.8
    reader.wait(5)


def test_a_writer_in_another_process_holds_back_a_reader(tmp_path):
    writer = hold_in_another_process(tmp_path, 1.0, INDEX_LOCK, "EXCLUSIVE")
    started_at = time.monotonic()
    with IndexLocks(tmp_path, 1).reading():
        assert time.monotonic() - started_at >= 0.8  # never half-way through another's write
    writer.wait(5)

