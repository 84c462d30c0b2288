"""Who may log in to the chat UI: a file of users with scrypt-hashed passwords, plus at most one
`user:password` pair given on the command line.

The file has one `name:scrypt$N$r$p$salt$hash` line per user (salt and hash in base64); `#` lines
and blank lines are ignored. It is read again at every login, so `newsrag users add` takes effect
without a restart. Only the standard library's `hashlib.scrypt` is used: no new dependency.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

from rag.errors import NewsragError

SCHEME = "scrypt"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # 16 MiB, 0.05-0.2 s per check; OWASP minimum
MAX_N = 2**20  # a hash asking for more memory than this is refused, not computed
SALT_BYTES, HASH_BYTES = 16, 32
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    """`scrypt$N$r$p$salt$hash` for a password, with a fresh random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join([SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    """Whether a password matches a stored hash (compared in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME or not (0 < int(n) <= MAX_N and 0 < int(r) * int(p) <= 64):
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def check_name(name: str) -> str:
    """A user name fit for the file: non-empty, printable, no ':' and no spaces."""
    if not name or not name.isprintable() or ":" in name or any(c.isspace() for c in name):
        raise NewsragError(f"user name {name!r} must be non-empty, without ':' or spaces")
    return name


def read_users(path: str | Path) -> dict[str, str]:
    """name -> stored hash; a missing file or a malformed line is a one-line error naming it."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise NewsragError(f"users file not found: {path} (create it with `newsrag users add NAME "
                           f"--users-file {path}`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NewsragError(f"cannot read users file {path}: {exc}") from None
    users: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, stored = line.partition(":")
        if not name or not stored.startswith(SCHEME + "$") or stored.count("$") != 5:
            raise NewsragError(f"{path}:{number}: expected name:{SCHEME}$N$r$p$salt$hash "
                               "(write lines with `newsrag users add`)")
        users[name] = stored
    return users


def add_user(path: str | Path, name: str, password: str) -> bool:
    """Add a user, or set a new password for an existing one; True when the user is new."""
    check_name(name)
    if len(password) < MIN_PASSWORD:
        raise NewsragError(f"the password must have at least {MIN_PASSWORD} characters")
    users = read_users(path) if Path(path).exists() else {}
    new = name not in users
    users[name] = hash_password(password)
    _write_users(Path(path), users)
    return new


def remove_user(path: str | Path, name: str) -> None:
    """Take a user out of the file."""
    users = read_users(path)
    if name not in users:
        raise NewsragError(f"no user {name!r} in {path}")
    del users[name]
    _write_users(Path(path), users)


class Logins:
    """The users who may log in: a users file (read at each login) and/or one plain pair."""

    def __init__(self, users_file: str | Path | None = None,
                 pair: tuple[str, str] | None = None) -> None:
        self.users_file = Path(users_file) if users_file else None
        self.pair = pair
        if self.users_file is not None and not read_users(self.users_file) and pair is None:
            raise NewsragError(f"users file {self.users_file} has no users (add one with "
                               f"`newsrag users add NAME --users-file {self.users_file}`)")

    def verify(self, name: str, password: str) -> bool:
        """Whether name and password match a user; a users file that went bad refuses everyone."""
        if self.pair is not None and hmac.compare_digest(
            f"{name}\0{password}".encode(), f"{self.pair[0]}\0{self.pair[1]}".encode()
        ):
            return True
        if self.users_file is None:
            return False
        try:
            stored = read_users(self.users_file).get(name)
        except NewsragError:
            return False
        return stored is not None and verify_password(password, stored)


def parse_pair(value: str) -> tuple[str, str]:
    """ "user:pass" -> (user, pass); the password is never echoed back in the error."""
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise NewsragError("--auth / NEWSRAG_UI_AUTH must look like user:password")
    return user, password


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r, dklen=HASH_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _write_users(path: Path, users: dict[str, str]) -> None:
    """Replace the file in one step, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("# newsrag users: name:scrypt hash (write with `newsrag users add`)\n")
            handle.writelines(f"{name}:{stored}\n" for name, stored in users.items())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
