"""Serving the chat to others: who may connect, who may add articles, the limits of a request.

Decided once, before the server starts (`ServingPolicy.decide`, from the settings and the address
to bind); the UI's event handlers only consult the policy. The safe way is the easy way: beyond
loopback the UI needs a login unless anonymous access is asked for by name, and anonymous access
beyond loopback is always read-only.
"""

from __future__ import annotations

import ipaddress
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from rag.config import Settings
from rag.errors import NewsragError

from .users import Logins, parse_pair

LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
MB = 1024 * 1024


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the server to this machine; an unknown name counts as not."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def refusal(host: str) -> str:
    """The one-line error for an anonymous start beyond loopback, saying how to add a login."""
    return (
        f"refusing to serve on {host} without a login: anyone who can reach it could use the UI. "
        "Add users with `newsrag users add NAME --users-file FILE` and pass --users-file FILE "
        "(or --auth user:password), or pass --allow-anonymous to serve it read-only to anyone"
    )


@dataclass(frozen=True)
class Limits:
    """What one request may ask of the server; each limit is a setting, named in its message."""

    upload_files: int = 20
    upload_mb: float = 10.0
    question_chars: int = 1000
    questions_per_user: int = 2

    @classmethod
    def from_settings(cls, settings: Settings) -> "Limits":
        return cls(settings.ui_max_upload_files, settings.ui_max_upload_mb,
                   settings.ui_max_question_chars, settings.ui_max_questions_per_user)

    @property
    def upload_bytes(self) -> int:
        return int(self.upload_mb * MB)

    def check_question(self, question: str) -> None:
        """Refuse a question longer than `question_chars`."""
        if len(question) > self.question_chars:
            raise NewsragError(
                f"The question is {len(question):,} characters long; the limit is "
                f"{self.question_chars:,} (setting ui_max_question_chars). Shorten it and ask "
                "again."
            )

    def check_upload(self, sizes: Sequence[int]) -> None:
        """Refuse an upload of more than `upload_files` files or `upload_mb` in all."""
        if len(sizes) > self.upload_files:
            raise NewsragError(
                f"{len(sizes)} files in one upload; the limit is {self.upload_files} (setting "
                "ui_max_upload_files). Nothing was added: upload them in smaller groups."
            )
        if sum(sizes) > self.upload_bytes:
            raise NewsragError(
                f"This upload holds {sum(sizes) / MB:.1f} MB; the limit is {self.upload_mb:g} MB "
                "for all its files together (setting ui_max_upload_mb). Nothing was added."
            )


class QuestionGate:
    """At most `per_user` questions being answered at once for each user; one more is refused
    with a message, not queued, so that one user cannot fill every answering slot."""

    def __init__(self, per_user: int) -> None:
        self.per_user = per_user
        self._running: Counter[str] = Counter()
        self._lock = threading.Lock()

    @contextmanager
    def admit(self, who: str) -> Iterator[None]:
        with self._lock:
            if self._running[who] >= self.per_user:
                raise NewsragError(
                    f"You already have {self._running[who]} question"
                    f"{'s' if self._running[who] != 1 else ''} being answered; ask again when one "
                    "has finished (setting ui_max_questions_per_user)."
                )
            self._running[who] += 1
        try:
            yield
        finally:
            with self._lock:
                self._running[who] -= 1
                if not self._running[who]:
                    del self._running[who]

    def running(self, who: str) -> int:
        with self._lock:
            return self._running[who]


@dataclass(frozen=True)
class ServingPolicy:
    """Where the UI listens, who may log in (None: nobody needs to), whether uploads are off."""

    host: str
    logins: Logins | None
    read_only: bool
    limits: Limits

    @classmethod
    def decide(cls, settings: Settings, host: str = "127.0.0.1",
               auth: str | None = None) -> "ServingPolicy":
        """The policy for serving on `host`; an anonymous start beyond loopback is refused unless
        `ui_allow_anonymous` is set, and is then read-only whatever `ui_read_only` says."""
        pair = parse_pair(auth) if auth else None
        users_file = settings.ui_users_file or None
        logins = Logins(users_file, pair) if users_file or pair else None
        beyond_loopback = not is_loopback(host)
        if logins is None and beyond_loopback and not settings.ui_allow_anonymous:
            raise NewsragError(refusal(host))
        read_only = settings.ui_read_only or (logins is None and beyond_loopback)
        return cls(host, logins, read_only, Limits.from_settings(settings))

    @classmethod
    def local(cls, limits: Limits = Limits()) -> "ServingPolicy":
        """One person on this machine: loopback, no login, uploads on."""
        return cls("127.0.0.1", None, False, limits)

    @property
    def open_to_anyone(self) -> bool:
        """Anonymous beyond loopback: anyone who can reach the address can use the UI."""
        return self.logins is None and not is_loopback(self.host)

    @property
    def warning(self) -> str | None:
        """The line printed at start (and the reason for the page's banner), if any."""
        if not self.open_to_anyone:
            return None
        return (f"anonymous access on {self.host}: anyone who can reach it can ask questions "
                "without logging in; adding articles is turned off (read-only)")

    def who(self, username: str | None, client: str | None, session: str | None) -> str:
        """Whom a question counts against: the logged-in user; else, beyond loopback, the
        client's address; else (every visitor comes from this machine) the browser session."""
        if username:
            return f"user:{username}"
        if client and not is_loopback(self.host):
            return f"address:{client}"
        return f"session:{session or ''}"
