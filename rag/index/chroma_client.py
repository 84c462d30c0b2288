"""Connecting to Chroma: the embedded database in a local folder, or a server (`chroma run`, or
Chroma's distributed deployment) over HTTP.

The same `ChromaStore` works on either client; what differs is how a connection is made, and that
a server can be down, refuse the token, or go away mid-session, each of which must reach the user
as one line naming the URL (and never the token).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..errors import ChromaServerError, NewsragError


def embedded(index_dir: Path) -> Any:
    """A `chromadb.PersistentClient` on index_dir (created if missing), telemetry off."""
    import chromadb
    from chromadb.config import Settings

    index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(index_dir),
                                     settings=Settings(anonymized_telemetry=False))


def parse_url(url: str) -> tuple[str, int, bool]:
    """(host, port, ssl) of an http(s)://host[:port] URL; a clear error for anything else."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    malformed = port == -1 or parts.path not in ("", "/") or not parts.hostname
    if parts.scheme not in ("http", "https") or malformed:
        raise NewsragError(f"setting 'chroma_url' must look like http://host:port, got {url!r}")
    ssl = parts.scheme == "https"
    return parts.hostname, port or (443 if ssl else 8000), ssl


def auth_headers(token: str, header: str) -> dict[str, str]:
    """The header a secured server expects: `Authorization: Bearer <token>`, or the raw token
    in a custom header such as Chroma's `X-Chroma-Token`."""
    if not token:
        return {}
    if header.lower() == "authorization":
        return {"Authorization": f"Bearer {token}"}
    return {header: token}


def connect(url: str, token: str = "", header: str = "Authorization") -> Any:
    """A `chromadb.HttpClient` for the server at url, checked with a heartbeat."""
    import chromadb
    from chromadb.config import Settings

    host, port, ssl = parse_url(url)
    with server_errors(url):
        client = chromadb.HttpClient(
            host=host, port=port, ssl=ssl, headers=auth_headers(token, header),
            settings=Settings(anonymized_telemetry=False),
        )
        client.heartbeat()
    return client


@contextmanager
def server_errors(url: str) -> Iterator[None]:
    """Turn the client's connection, HTTP and auth failures into one-line errors naming the URL."""
    try:
        yield
    except NewsragError:
        raise
    except Exception as exc:  # httpx, chromadb and ValueError subclasses all mean the same here
        raise ChromaServerError(f"Chroma server at {url}: {_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    lowered = text.lower()
    if "connect" in lowered or "connect" in type(exc).__name__.lower():
        return "cannot connect (is `chroma run` up at that address?)"
    if "401" in text or "403" in text or "unauthorized" in lowered or "forbidden" in lowered:
        return "the server refused our credentials: check chroma_token / chroma_auth_header"
    return text[:200]
