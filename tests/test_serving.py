"""Serving the UI to others: the policy decided before start, the limits, the per-user gate."""

from __future__ import annotations

import os
import threading

import pytest

from rag import Settings
from rag.cli import main
from rag.errors import NewsragError
from ui.serving import MB, Limits, QuestionGate, ServingPolicy, is_loopback
from ui.users import add_user


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """An empty working folder and no NEWSRAG_* variables: only what a test passes counts."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("NEWSRAG_"):
            monkeypatch.delenv(name)


@pytest.fixture
def users_file(tmp_path):
    path = tmp_path / "users"
    add_user(path, "ann", "ann's password")
    return str(path)


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.8.9.10", True), ("localhost", True), ("LOCALHOST", True),
    ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("::", False), ("", False), ("10.0.0.5", False), ("192.168.1.20", False),
    ("newsroom.example.org", False), ("fe80::1", False),
])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


# (host, users file?, --auth?, allow anonymous, read_only setting) -> read-only, or None: refused
@pytest.mark.parametrize("host, with_file, pair, anonymous, read_only, expected", [
    ("127.0.0.1", False, None, False, False, False),  # one person on this machine: uploads on
    ("127.0.0.1", False, None, False, True, True),
    ("localhost", False, None, True, False, False),   # anonymous on loopback needs no opt-in
    ("0.0.0.0", False, None, False, False, None),     # anonymous beyond loopback: refused...
    ("10.0.0.5", False, None, False, True, None),
    ("0.0.0.0", False, None, True, False, True),      # ...unless asked for; then read-only
    ("0.0.0.0", True, None, False, False, False),     # logged-in users may upload
    ("0.0.0.0", True, None, False, True, True),
    ("0.0.0.0", False, "ed:pw-of-ed", False, False, False),
    ("0.0.0.0", True, "ed:pw-of-ed", True, False, False),
])
def test_serving_policy(users_file, host, with_file, pair, anonymous, read_only, expected):
    settings = Settings(ui_users_file=users_file if with_file else "",
                        ui_allow_anonymous=anonymous, ui_read_only=read_only)
    if expected is None:
        with pytest.raises(NewsragError, match=f"refusing to serve on {host} without a login"):
            ServingPolicy.decide(settings, host, pair)
        return
    policy = ServingPolicy.decide(settings, host, pair)
    assert policy.read_only is expected
    assert (policy.logins is None) == (not with_file and not pair)
    assert (policy.warning is not None) == (policy.logins is None and not is_loopback(host))


def test_the_warning_names_the_address_and_read_only():
    policy = ServingPolicy.decide(Settings(ui_allow_anonymous=True), "0.0.0.0")
    assert policy.open_to_anyone
    assert "0.0.0.0" in policy.warning and "read-only" in policy.warning


def test_a_missing_users_file_is_refused_at_start(tmp_path):
    with pytest.raises(NewsragError, match="users file not found"):
        ServingPolicy.decide(Settings(ui_users_file=str(tmp_path / "nope")), "0.0.0.0")


@pytest.mark.parametrize("question, fits", [("x" * 10, True), ("x" * 11, False), ("", True)])
def test_question_length(question, fits):
    limits = Limits(question_chars=10)
    if fits:
        limits.check_question(question)
    else:
        with pytest.raises(NewsragError, match="11 characters long; the limit is 10 "
                                               r"\(setting ui_max_question_chars\)"):
            limits.check_question(question)


@pytest.mark.parametrize("sizes, message", [
    ([1] * 3, None),
    ([1] * 4, r"4 files in one upload; the limit is 3 \(setting ui_max_upload_files\)"),
    ([MB, MB // 2], None),
    ([MB, MB // 2 + 1], r"1.5 MB; the limit is 1.5 MB .*\(setting ui_max_upload_mb\)"),
    ([2 * MB], r"2.0 MB; the limit is 1.5 MB"),
    ([], None),
])
def test_upload_limits(sizes, message):
    limits = Limits(upload_files=3, upload_mb=1.5)
    if message is None:
        limits.check_upload(sizes)
    else:
        with pytest.raises(NewsragError, match=message) as error:
            limits.check_upload(sizes)
        assert "Nothing was added" in str(error.value)


def test_limits_come_from_settings():
    settings = Settings.load(ui_max_upload_files=3, ui_max_upload_mb=0.5,
                             ui_max_question_chars=80, ui_max_questions_per_user=1)
    assert Limits.from_settings(settings) == Limits(3, 0.5, 80, 1)
    assert Limits.from_settings(Settings()) == Limits()


@pytest.mark.parametrize("name", ["ui_max_upload_files", "ui_max_upload_mb",
                                  "ui_max_question_chars", "ui_max_questions_per_user"])
def test_limits_must_be_positive(name, monkeypatch):
    monkeypatch.setenv(f"NEWSRAG_{name.upper()}", "0")
    with pytest.raises(NewsragError, match=f"setting '{name}' must be positive"):
        Settings.load()


def test_question_gate_counts_each_user_apart():
    gate = QuestionGate(per_user=2)
    with gate.admit("user:ann"), gate.admit("user:ann"):
        with pytest.raises(NewsragError, match="already have 2 questions being answered"):
            with gate.admit("user:ann"):
                pass
        with gate.admit("user:bob"):
            assert gate.running("user:bob") == 1
        assert gate.running("user:ann") == 2
    assert gate.running("user:ann") == 0
    with gate.admit("user:ann"):  # free again once the others finished
        pass


def test_question_gate_frees_a_slot_when_the_answer_fails():
    gate = QuestionGate(per_user=1)
    with pytest.raises(RuntimeError), gate.admit("user:ann"):
        raise RuntimeError("answering failed")
    with gate.admit("user:ann"):
        pass


def test_question_gate_under_threads():
    """Three questions held in three threads fill ann's slots; a fourth is refused at once."""
    gate = QuestionGate(per_user=3)
    admitted, release = threading.Semaphore(0), threading.Event()

    def ask():
        with gate.admit("user:ann"):
            admitted.release()
            release.wait(timeout=30)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    for _ in threads:
        assert admitted.acquire(timeout=30)
    with pytest.raises(NewsragError, match="already have 3 questions"), gate.admit("user:ann"):
        pass
    release.set()
    for t in threads:
        t.join(timeout=30)
    assert gate.running("user:ann") == 0


@pytest.mark.parametrize("host, username, client, session, who", [
    ("0.0.0.0", "ann", "10.0.0.7", "s1", "user:ann"),
    ("127.0.0.1", "ann", "127.0.0.1", "s1", "user:ann"),
    ("0.0.0.0", None, "10.0.0.7", "s1", "address:10.0.0.7"),   # anonymous: by address
    ("127.0.0.1", None, "127.0.0.1", "s1", "session:s1"),      # every visitor is local
    ("0.0.0.0", None, None, "s2", "session:s2"),
])
def test_whom_a_question_counts_against(host, username, client, session, who):
    assert ServingPolicy(host, None, True, Limits()).who(username, client, session) == who


def test_cli_refuses_an_anonymous_start_beyond_loopback(tmp_path, capsys):
    assert main(["ui", "--host", "0.0.0.0", "--index-dir", str(tmp_path / "index")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("newsrag: error: refusing to serve on 0.0.0.0")
    assert "newsrag users add NAME --users-file FILE" in err and "--allow-anonymous" in err
    assert not (tmp_path / "index").exists()


def test_cli_names_a_missing_users_file(tmp_path, capsys):
    missing = tmp_path / "users"
    assert main(["ui", "--host", "0.0.0.0", "--users-file", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"users file not found: {missing}" in err
