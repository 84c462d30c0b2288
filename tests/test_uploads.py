"""The upload log beside the index: who sent which files, when, and what became of them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil

import pytest

from rag import Assistant, IngestReport, Settings
from rag.errors import NewsragError
from rag.ingest.uploads import (
    UPLOAD_LOG,
    append_upload_log,
    read_upload_log,
    received_files,
    upload_record,
)

WHEN = dt.datetime(2025, 12, 1, 8, 30, 5, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("report, error, expected", [
    (IngestReport(added=["a.txt"], unchanged=["b.txt"], skipped=[("c.txt", "empty file")]), None,
     {"added": ["a.txt"], "updated": [], "unchanged": ["b.txt"],
      "skipped": [{"file": "c.txt", "reason": "empty file"}], "error": None}),
    (IngestReport(added=["other.txt"], updated=["b.txt"], removed=["gone.txt"],
                  unchanged=["old.txt"], skipped=[("bad.txt", "empty file")]), None,
     {"added": [], "updated": ["b.txt"], "unchanged": [], "skipped": [], "error": None}),
    (None, "index busy", {"added": [], "updated": [], "unchanged": [], "skipped": [],
                          "error": "index busy"}),
])
def test_upload_record(report, error, expected):
    """Only the uploaded files' fate is logged: the ingest also sees the rest of the folder."""
    files = [{"name": n, "bytes": 3, "sha256": "00"} for n in ("a.txt", "b.txt", "c.txt")]
    record = upload_record(files, report, user="ann", client="10.0.0.7", error=error, when=WHEN)
    assert record == {"time": "2025-12-01T08:30:05+00:00", "user": "ann", "client": "10.0.0.7",
                      "files": files, **expected}


def test_received_files(tmp_path):
    (tmp_path / "tin.txt").write_bytes(b"Tin tuc\n")
    facts = received_files([tmp_path / "tin.txt", tmp_path / "gone.txt"])
    assert facts == [
        {"name": "tin.txt", "bytes": 8, "sha256": hashlib.sha256(b"Tin tuc\n").hexdigest()},
        {"name": "gone.txt", "bytes": None, "sha256": None},
    ]


def test_the_log_appends_one_json_line_per_upload(tmp_path):
    assert read_upload_log(tmp_path) == []
    first = upload_record([], None, user="ann", client=None, when=WHEN)
    second = upload_record([{"name": "tin_tức.txt", "bytes": 1, "sha256": "ab"}], IngestReport(),
                           user=None, client="127.0.0.1", when=WHEN)
    append_upload_log(tmp_path, first)
    path = append_upload_log(tmp_path, second)
    assert path == tmp_path / UPLOAD_LOG
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [first, second]
    assert "tin_tức.txt" in lines[1]  # names kept as written
    assert read_upload_log(tmp_path) == [first, second]


def test_a_log_that_cannot_be_written_is_a_one_line_error(tmp_path):
    blocked = tmp_path / "index"
    blocked.write_text("a file where the index folder should be", encoding="utf-8")
    with pytest.raises(NewsragError, match="cannot write the upload log"):
        append_upload_log(blocked, upload_record([], None, user="ann", client=None))


@pytest.mark.slow
def test_add_articles_logs_who_sent_what(tmp_path, sample_corpus, embedder):
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus, corpus)
    assistant = Assistant(settings=Settings(index_dir=str(tmp_path / "index")), embedder=embedder)
    assistant.ingest(corpus)
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    good = uploads / "ferry.txt"
    good.write_text(" date 2025-12-02 The new ferry pier at Cat Ba opens in March.\n",
                    encoding="utf-8")
    (uploads / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 10)
    (uploads / "photo.png").write_bytes(b"\x89PNG")
    paths = [good, uploads / "scan.txt", uploads / "photo.png"]

    report = assistant.add_articles(paths, user="ann", client="10.0.0.7")

    [record] = read_upload_log(tmp_path / "index")
    assert (record["user"], record["client"]) == ("ann", "10.0.0.7")
    assert [f["name"] for f in record["files"]] == ["ferry.txt", "scan.txt", "photo.png"]
    assert record["files"][0]["sha256"] == hashlib.sha256(good.read_bytes()).hexdigest()
    assert record["added"] == report.added == ["ferry.txt"]
    assert {s["file"] for s in record["skipped"]} == {"scan.txt", "photo.png"}
    assert record["error"] is None

    assistant.add_articles([good])  # the Python API without a user: logged as nobody in particular
    last = read_upload_log(tmp_path / "index")[-1]
    assert (last["user"], last["client"], last["unchanged"]) == (None, None, ["ferry.txt"])
