"""The UI's users: scrypt hashes, the users file, logins, and `newsrag users`."""

from __future__ import annotations

import io
import stat

import pytest

from rag.cli import main
from rag.errors import NewsragError
from ui.users import (
    Logins,
    add_user,
    check_name,
    hash_password,
    parse_pair,
    read_users,
    remove_user,
    verify_password,
)

PASSWORD = "correct horse battery"


def test_a_hash_verifies_its_password_only():
    stored = hash_password(PASSWORD)
    assert stored.startswith("scrypt$16384$8$1$")
    assert PASSWORD not in stored
    assert verify_password(PASSWORD, stored)
    assert not verify_password(PASSWORD + " ", stored)
    assert not verify_password("", stored)


def test_each_hash_has_its_own_salt():
    assert hash_password(PASSWORD) != hash_password(PASSWORD)


@pytest.mark.parametrize("stored", [
    "", "plain-text", "bcrypt$12$abc", "scrypt$16384$8$1$salt", "scrypt$x$8$1$AAAA$AAAA",
    "scrypt$16384$8$1$not base64!$AAAA",
    "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",  # asks for 1 TiB: refused, not computed
])
def test_malformed_or_hostile_hashes_never_verify(stored):
    assert not verify_password(PASSWORD, stored)


@pytest.mark.parametrize("value, expected", [("ann:s3cret", ("ann", "s3cret")),
                                             ("ann:pa:ss", ("ann", "pa:ss"))])
def test_parse_pair(value, expected):
    assert parse_pair(value) == expected


@pytest.mark.parametrize("value", ["ann", "ann:", ":s3cret", ""])
def test_parse_pair_rejects_and_never_echoes_the_password(value):
    with pytest.raises(NewsragError) as error:
        parse_pair(value)
    assert "s3cret" not in str(error.value)


@pytest.mark.parametrize("name", ["", "a:b", "two words", "tab\there", "line\nbreak"])
def test_bad_user_names(name):
    with pytest.raises(NewsragError, match="user name"):
        check_name(name)


def test_users_file_round_trip(tmp_path):
    path = tmp_path / "users"
    assert add_user(path, "ann", PASSWORD) is True
    assert add_user(path, "bob", "another password") is True
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert PASSWORD not in path.read_text(encoding="utf-8")
    first = read_users(path)["ann"]
    assert add_user(path, "ann", "a new password") is False  # a new password, same user
    users = read_users(path)
    assert list(users) == ["ann", "bob"] and users["ann"] != first
    assert verify_password("a new password", users["ann"])
    remove_user(path, "bob")
    assert list(read_users(path)) == ["ann"]
    with pytest.raises(NewsragError, match="no user 'bob'"):
        remove_user(path, "bob")


def test_short_passwords_are_refused(tmp_path):
    with pytest.raises(NewsragError, match="at least 8 characters"):
        add_user(tmp_path / "users", "ann", "short")
    assert not (tmp_path / "users").exists()


@pytest.mark.parametrize("content, where", [
    ("ann:plaintext\n", ":1:"),
    ("# users\n\nann:scrypt$1$2$3$4$5\nbob\n", ":4:"),
])
def test_a_malformed_users_file_names_the_file_and_line(tmp_path, content, where):
    path = tmp_path / "users"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NewsragError, match="newsrag users add") as error:
        read_users(path)
    assert f"{path}{where}" in str(error.value) and "\n" not in str(error.value)


def test_a_missing_users_file_says_how_to_make_one(tmp_path):
    with pytest.raises(NewsragError, match="users file not found.*newsrag users add"):
        read_users(tmp_path / "nope")


def test_logins_from_the_file_and_the_pair(tmp_path):
    path = tmp_path / "users"
    add_user(path, "ann", PASSWORD)
    logins = Logins(path, ("cli", "pair-password"))
    assert logins.verify("ann", PASSWORD)
    assert logins.verify("cli", "pair-password")
    assert not logins.verify("ann", "pair-password")
    assert not logins.verify("cli", PASSWORD)
    assert not logins.verify("nobody", PASSWORD)
    add_user(path, "bob", "added while serving")  # read again at each login: no restart
    assert logins.verify("bob", "added while serving")
    path.write_text("broken\n", encoding="utf-8")  # a file gone bad refuses everyone in it
    assert not logins.verify("ann", PASSWORD)
    assert logins.verify("cli", "pair-password")


def test_an_empty_users_file_is_refused_at_start(tmp_path):
    path = tmp_path / "users"
    path.write_text("# nobody yet\n", encoding="utf-8")
    with pytest.raises(NewsragError, match="has no users"):
        Logins(path)


def test_users_command(tmp_path, capsys, monkeypatch):
    path = tmp_path / "users"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "ann", "--users-file", str(path), "--password-stdin"]) == 0
    assert capsys.readouterr().out.strip() == f"added ann in {path}"
    assert verify_password(PASSWORD, read_users(path)["ann"])

    assert main(["users", "list", "--users-file", str(path)]) == 0
    assert capsys.readouterr().out.split() == ["ann"]

    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "bob", "--users-file", str(path), "--password-stdin"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newsrag: error:") and "at least 8" in err and err.count("\n") == 1

    assert main(["users", "remove", "ann", "--users-file", str(path)]) == 0
    assert read_users(path) == {}


def test_users_command_needs_a_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSRAG_UI_USERS_FILE", raising=False)
    monkeypatch.delenv("NEWSRAG_CONFIG", raising=False)
    assert main(["users", "list"]) == 1
    assert "--users-file" in capsys.readouterr().err
