"""The upload log: one JSON line per upload, beside the index (`uploads.jsonl`), saying who sent
which files (size and SHA-256), when, from where, and what the ingest made of them.

A newsroom needs to know who put an article into the corpus that answers now quote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import NewsragError
from ..types import IngestReport

UPLOAD_LOG = "uploads.jsonl"


def received_files(paths: Sequence[str | Path]) -> list[dict[str, Any]]:
    """Name, size and SHA-256 of each file as it arrived (read before it is copied anywhere)."""
    facts = []
    for path in paths:
        digest = hashlib.sha256()
        size = 0
        try:
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
                    size += len(block)
        except OSError:
            facts.append({"name": Path(path).name, "bytes": None, "sha256": None})
            continue
        facts.append({"name": Path(path).name, "bytes": size, "sha256": digest.hexdigest()})
    return facts


def upload_record(
    files: list[dict[str, Any]],
    report: IngestReport | None,
    *,
    user: str | None,
    client: str | None,
    error: str | None = None,
    when: dt.datetime | None = None,
) -> dict[str, Any]:
    """The log line for one upload (user None: no login, e.g. one person on loopback); of the
    ingest's report, only what concerns the uploaded files (the ingest covers the whole folder)."""
    when = when or dt.datetime.now(dt.timezone.utc)
    report = report or IngestReport()
    names = {f["name"] for f in files}
    return {
        "time": when.isoformat(timespec="seconds"),
        "user": user,
        "client": client,
        "files": files,
        "added": [f for f in report.added if f in names],
        "updated": [f for f in report.updated if f in names],
        "unchanged": [f for f in report.unchanged if f in names],
        "skipped": [{"file": f, "reason": r} for f, r in report.skipped if f in names],
        "error": error,
    }


def append_upload_log(index_dir: str | Path, record: dict[str, Any]) -> Path:
    """Append one record to `index_dir/uploads.jsonl` (one write, so lines never interleave)."""
    path = Path(index_dir) / UPLOAD_LOG
    line = json.dumps(record, ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
    except OSError as exc:
        raise NewsragError(f"cannot write the upload log {path}: {exc}") from None
    return path


def read_upload_log(index_dir: str | Path) -> list[dict[str, Any]]:
    """Every upload record so far, oldest first (none when nothing was uploaded)."""
    path = Path(index_dir) / UPLOAD_LOG
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
