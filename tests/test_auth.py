"""Sign-in: argon2 hashes, the same message for unknown user and wrong password, lockout
after 5 failures for 15 minutes, must-change-password, expiry, handover, screen lock, the
demo accounts, and hostile input. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

import db.auth as auth
from db import models as m
from db.accounts import create_user, find_user_id, get_user, unlock_user
from db.audit import verify_chain
from db.auth import (
    WRONG_CREDENTIALS,
    AccountDisabled,
    AccountLocked,
    PasswordChangeRequired,
    SecurityPolicy,
    SignInFailed,
    authenticate,
    change_password,
    demo_accounts,
    lock_screen,
    password_problems,
    set_demo_sign_in,
    set_security_policy,
    sign_out,
    switch_officer,
    unlock_screen,
)
from db.migrate import upgrade
from db.ops import Actor, InvalidInput, PermissionDenied, run_operation
from db.permissions import Permission
from db.session import make_engine, resolve_url

ADMIN = Actor(None, "root", "admin", workstation="admin-ws")
T0 = datetime(2026, 11, 27, 9, 0, 0)
PW = "Start#2026"
NEW_PW = "Better#2027"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests hash with light argon2 parameters (verification reads them from the hash)."""
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(auth, "_DUMMY_HASH", None)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(resolve_url(db_url))
    upgrade(eng)
    yield eng
    eng.dispose()


def _ready_user(engine: Engine, username: str = "alice", role: str = "duty_officer") -> int:
    """An account that has chosen its own password (NEW_PW) already."""
    run_operation(engine, ADMIN, Permission.USER_ADMIN, create_user, username, "王小明", role, PW)
    change_password(engine, username, PW, NEW_PW, "ws", at=T0)
    uid = find_user_id(engine, username)
    assert uid is not None
    return uid


def _actions(engine: Engine) -> list[str]:
    with Session(engine) as s:
        return list(s.execute(select(m.AuditRecord.action).order_by(m.AuditRecord.seq)).scalars())


def _last_audit(engine: Engine) -> m.AuditRecord:
    with Session(engine) as s:
        return s.execute(select(m.AuditRecord).order_by(m.AuditRecord.seq.desc()).limit(1)).scalar_one()


def _user(engine: Engine, username: str) -> m.User:
    with Session(engine) as s:
        return s.execute(select(m.User).where(m.User.username == username)).scalar_one()


def test_password_is_hashed_with_argon2_and_sign_in_returns_the_actor(engine: Engine) -> None:
    uid = _ready_user(engine)
    u = _user(engine, "alice")
    assert u.password_hash and u.password_hash.startswith("$argon2id$") and NEW_PW not in u.password_hash
    actor = authenticate(engine, "Alice ", NEW_PW, "duty-ws-1", at=T0)  # name is case/space tolerant
    assert actor == Actor(uid, "alice", "duty_officer", "王小明", "duty-ws-1", None)
    rec = _last_audit(engine)
    assert (rec.action, rec.username, rec.user_id, rec.workstation) == ("sign_in", "alice", uid, "duty-ws-1")
    assert _user(engine, "alice").last_sign_in_at == T0


def test_unknown_user_and_wrong_password_read_the_same_and_are_audited(engine: Engine) -> None:
    _ready_user(engine)
    with pytest.raises(SignInFailed) as unknown:
        authenticate(engine, "mallory", NEW_PW, "ws", at=T0)
    rec = _last_audit(engine)
    assert rec.action == "sign_in_failed" and rec.user_id is None
    assert rec.after == {"username": "mallory", "reason": "unknown_user"}
    with pytest.raises(SignInFailed) as wrong:
        authenticate(engine, "alice", "Wrong#2026", "ws", at=T0)
    rec = _last_audit(engine)
    assert rec.action == "sign_in_failed" and rec.after["username"] == "alice"
    assert str(unknown.value) == str(wrong.value) == WRONG_CREDENTIALS
    assert type(unknown.value) is type(wrong.value)


def test_lockout_after_five_failures_for_fifteen_minutes(engine: Engine) -> None:
    _ready_user(engine)
    for i in range(4):
        with pytest.raises(SignInFailed):
            authenticate(engine, "alice", f"bad-{i}", "ws", at=T0 + timedelta(seconds=i))
    assert _user(engine, "alice").failed_count == 4
    with pytest.raises(AccountLocked) as fifth:
        authenticate(engine, "alice", "bad-5", "ws", at=T0 + timedelta(seconds=5))
    until = T0 + timedelta(seconds=5, minutes=15)
    assert fifth.value.until == until and "09:15" in str(fifth.value)
    assert _actions(engine)[-2:] == ["sign_in_failed", "account_locked"]

    # While locked the password is not looked at: right and wrong read exactly the same.
    during = T0 + timedelta(minutes=14)
    with pytest.raises(AccountLocked) as right:
        authenticate(engine, "alice", NEW_PW, "ws", at=during)
    with pytest.raises(AccountLocked) as wrong:
        authenticate(engine, "alice", "bad-6", "ws", at=during)
    assert str(right.value) == str(wrong.value)
    assert _last_audit(engine).after["reason"] == "locked"
    assert _user(engine, "alice").failed_count == 5  # refused attempts do not extend the lock
    with pytest.raises(AccountLocked):
        authenticate(engine, "alice", NEW_PW, "ws", at=until - timedelta(seconds=1))

    # Fifteen minutes later the lock is gone and the count starts afresh.
    actor = authenticate(engine, "alice", NEW_PW, "ws", at=until)
    assert actor.username == "alice"
    u = _user(engine, "alice")
    assert u.failed_count == 0 and u.locked_until is None


def test_expired_lock_gives_a_fresh_count(engine: Engine) -> None:
    _ready_user(engine)
    for i in range(5):
        with pytest.raises((SignInFailed, AccountLocked)):
            authenticate(engine, "alice", "bad", "ws", at=T0 + timedelta(seconds=i))
    later = T0 + timedelta(minutes=30)
    with pytest.raises(SignInFailed):  # one failure after the lock ran out: not locked again
        authenticate(engine, "alice", "bad", "ws", at=later)
    assert _user(engine, "alice").failed_count == 1
    assert authenticate(engine, "alice", NEW_PW, "ws", at=later).username == "alice"


def test_a_success_resets_the_failure_count(engine: Engine) -> None:
    _ready_user(engine)
    for _ in range(4):
        with pytest.raises(SignInFailed):
            authenticate(engine, "alice", "bad", "ws", at=T0)
    authenticate(engine, "alice", NEW_PW, "ws", at=T0)
    for _ in range(4):
        with pytest.raises(SignInFailed):
            authenticate(engine, "alice", "bad", "ws", at=T0)
    assert _user(engine, "alice").locked_until is None


def test_administrator_unlocks_early(engine: Engine) -> None:
    uid = _ready_user(engine)
    for _ in range(5):
        with pytest.raises((SignInFailed, AccountLocked)):
            authenticate(engine, "alice", "bad", "ws")
    version = get_user(engine, ADMIN, uid).version
    assert get_user(engine, ADMIN, uid).locked
    run_operation(engine, ADMIN, Permission.USER_ADMIN, unlock_user, uid, version)
    assert authenticate(engine, "alice", NEW_PW, "ws").username == "alice"


def test_concurrent_failures_all_count(engine: Engine) -> None:
    _ready_user(engine)
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            authenticate(engine, "alice", "bad", "ws", at=T0)
        except (SignInFailed, AccountLocked):
            pass
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    u = _user(engine, "alice")
    assert u.failed_count == 5 and u.locked_until == T0 + timedelta(minutes=15)
    with Session(engine) as s:
        assert verify_chain(s).ok


def test_must_change_password_on_first_use(engine: Engine) -> None:
    run_operation(engine, ADMIN, Permission.USER_ADMIN, create_user, "bob", "李静", "supervisor", PW)
    assert _user(engine, "bob").must_change_password
    with pytest.raises(PasswordChangeRequired) as exc:
        authenticate(engine, "bob", PW, "ws", at=T0)
    assert exc.value.reason == "first_use" and exc.value.username == "bob"
    assert _last_audit(engine).action == "password_change_required"
    # A wrong old password is a failed sign-in; a weak new one names the rules it breaks.
    with pytest.raises(SignInFailed):
        change_password(engine, "bob", "nope", NEW_PW, "ws", at=T0)
    with pytest.raises(InvalidInput, match="at least 8 characters"):
        change_password(engine, "bob", PW, "short", "ws", at=T0)
    with pytest.raises(InvalidInput, match="differ"):
        change_password(engine, "bob", PW, PW, "ws", at=T0)
    with pytest.raises(InvalidInput, match="user name"):
        change_password(engine, "bob", PW, "bob#Bob#2026", "ws", at=T0)
    actor = change_password(engine, "bob", PW, NEW_PW, "ws", at=T0)
    assert actor.username == "bob" and actor.role == "supervisor"
    assert _actions(engine)[-2:] == ["password_changed", "sign_in"]
    u = _user(engine, "bob")
    assert not u.must_change_password and u.password_changed_at == T0 and u.failed_count == 0
    assert authenticate(engine, "bob", NEW_PW, "ws", at=T0).username == "bob"
    with pytest.raises(SignInFailed):
        authenticate(engine, "bob", PW, "ws", at=T0)


def test_password_expiry(engine: Engine) -> None:
    _ready_user(engine)  # changed at T0
    assert authenticate(engine, "alice", NEW_PW, "ws", at=T0 + timedelta(days=90)).username == "alice"
    with pytest.raises(PasswordChangeRequired) as exc:
        authenticate(engine, "alice", NEW_PW, "ws", at=T0 + timedelta(days=91))
    assert exc.value.reason == "expired" and "expired" in str(exc.value)
    later = T0 + timedelta(days=91)
    assert change_password(engine, "alice", NEW_PW, "Newer#2028", "ws", at=later).username == "alice"
    # expiry 0 = never
    run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, set_security_policy, SecurityPolicy(expiry_days=0))
    assert authenticate(engine, "alice", "Newer#2028", "ws", at=later + timedelta(days=3000)).username == "alice"


def test_deactivated_account(engine: Engine) -> None:
    from db.accounts import deactivate_user

    uid = _ready_user(engine)
    run_operation(engine, ADMIN, Permission.USER_ADMIN, deactivate_user, uid, get_user(engine, ADMIN, uid).version)
    with pytest.raises(SignInFailed):  # a wrong password reveals nothing
        authenticate(engine, "alice", "bad", "ws", at=T0)
    with pytest.raises(AccountDisabled, match="deactivated"):
        authenticate(engine, "alice", NEW_PW, "ws", at=T0)
    assert _last_audit(engine).after == {"reason": "deactivated"}


def test_policy_is_stored_in_settings_and_bounded(engine: Engine) -> None:
    policy = SecurityPolicy(min_length=12, min_classes=4, expiry_days=30, max_failures=3, lockout_minutes=5)
    with pytest.raises(PermissionDenied):
        run_operation(engine, Actor(9, "duty1", "duty_officer"), Permission.SETTINGS_ADMIN, set_security_policy, policy)
    run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, set_security_policy, policy)
    assert auth.security_policy(engine) == policy
    with Session(engine) as s:
        assert s.get(m.Setting, "security.min_length").value == "12"
    assert _last_audit(engine).action == "security_policy_changed"
    with pytest.raises(InvalidInput, match="min_length"):
        run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, set_security_policy, SecurityPolicy(min_length=4))
    assert password_problems("Abcdefgh#123", policy) == []
    assert len(password_problems("abcdefgh1234", policy)) == 1  # classes only
    with pytest.raises(InvalidInput, match="at least 12"):
        run_operation(engine, ADMIN, Permission.USER_ADMIN, create_user, "carol", "周丽", "map_editor", "Short#1")
    # three failures now lock, for five minutes
    _ready_user_with(engine, "dave", policy)
    for _ in range(2):
        with pytest.raises(SignInFailed):
            authenticate(engine, "dave", "bad", "ws", at=T0)
    with pytest.raises(AccountLocked) as exc:
        authenticate(engine, "dave", "bad", "ws", at=T0)
    assert exc.value.until == T0 + timedelta(minutes=5)


def _ready_user_with(engine: Engine, username: str, policy: SecurityPolicy) -> None:
    strong = "Strong#Pass2026"
    run_operation(engine, ADMIN, Permission.USER_ADMIN, create_user, username, "吴强", "duty_officer", strong)
    change_password(engine, username, strong, "Stronger#Pass2027", "ws", at=T0)


def test_switch_officer_at_shift_handover(engine: Engine) -> None:
    _ready_user(engine, "alice")
    _ready_user(engine, "bob")
    outgoing = authenticate(engine, "alice", NEW_PW, "duty-ws", at=T0)
    n = len(_actions(engine))
    with pytest.raises(SignInFailed):
        switch_officer(engine, outgoing, "bob", "bad", at=T0)
    assert _actions(engine)[n:] == ["sign_in_failed"]  # alice is still signed in
    incoming = switch_officer(engine, outgoing, "bob", NEW_PW, at=T0)
    assert incoming.username == "bob" and incoming.workstation == "duty-ws"
    with Session(engine) as s:
        out_rec, in_rec = s.execute(select(m.AuditRecord).order_by(m.AuditRecord.seq.desc()).limit(2)).scalars().all()[::-1]
    assert (out_rec.action, out_rec.username, out_rec.after) == (
        "sign_out", "alice", {"reason": "shift_handover", "handed_to": "bob"}
    )
    assert (in_rec.action, in_rec.username, in_rec.after) == ("sign_in", "bob", {"handed_over_by": "alice"})


def test_sign_out_and_screen_lock(engine: Engine) -> None:
    _ready_user(engine, "alice")
    _ready_user(engine, "bob")
    actor = authenticate(engine, "alice", NEW_PW, "ws", at=T0)
    lock_screen(engine, actor)
    with pytest.raises(SignInFailed):
        unlock_screen(engine, actor, "bad", at=T0)
    with pytest.raises(SignInFailed):
        unlock_screen(engine, actor, NEW_PW.replace("Better", "Bitter"), at=T0)
    assert unlock_screen(engine, actor, NEW_PW, at=T0) == actor
    sign_out(engine, actor)
    assert _actions(engine)[-5:] == ["screen_locked", "sign_in_failed", "sign_in_failed", "screen_unlocked", "sign_out"]
    assert _user(engine, "alice").failed_count == 0


HOSTILE = [
    "' OR '1'='1",
    "admin'--",
    "admin\"; DROP TABLE users; --",
    "alice' UNION SELECT password_hash FROM users --",
    "alice\x00",
    "\x00",
    "a" * 10_000,
    "ａｌｉｃｅ\u202e",
    "%",
    "_",
    "",
    "   ",
    "💣" * 40,
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_usernames_are_harmless(engine: Engine, name: str) -> None:
    _ready_user(engine)
    with pytest.raises(SignInFailed) as exc:
        authenticate(engine, name, NEW_PW, "ws\x00" + "w" * 500, at=T0)
    assert str(exc.value) == WRONG_CREDENTIALS
    rec = _last_audit(engine)
    assert rec.action == "sign_in_failed" and rec.user_id is None
    assert len(rec.username) <= 32 and "\x00" not in rec.username and len(rec.workstation) <= 64
    assert "\x00" not in rec.after["username"] and len(rec.after["username"]) <= 64
    with Session(engine) as s:
        assert s.execute(select(func.count()).select_from(m.User)).scalar_one() == 1
        assert verify_chain(s).ok
    assert _user(engine, "alice").failed_count == 0


@pytest.mark.parametrize("password", ["' OR '1'='1", "x" * 10_000, NEW_PW + "\x00", "\x00", "", None, 12345])
def test_hostile_passwords_are_harmless(engine: Engine, password: object) -> None:
    _ready_user(engine)
    with pytest.raises(SignInFailed):
        authenticate(engine, "alice", password, "ws", at=T0)  # type: ignore[arg-type]
    assert _user(engine, "alice").failed_count == 1
    if password != "' OR '1'='1":  # that one is a fine password; the rest are refused as new ones
        with pytest.raises(InvalidInput):
            change_password(engine, "alice", NEW_PW, password, "ws", at=T0)  # type: ignore[arg-type]
    assert authenticate(engine, "alice", NEW_PW, "ws", at=T0).username == "alice"


def test_no_password_hash_means_no_sign_in(engine: Engine) -> None:
    with Session(engine) as s, s.begin():
        s.add(m.User(username="legacy", display_name="x", role="admin", password_hash=None, created_at=T0))
    with pytest.raises(SignInFailed):
        authenticate(engine, "legacy", "", "ws", at=T0)
    with pytest.raises(SignInFailed):
        authenticate(engine, "legacy", "anything", "ws", at=T0)


def test_demo_accounts(small_demo_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_url))
    try:
        offered = demo_accounts(engine)
        assert [a.username for a in offered] == ["duty1", "duty2", "supervisor1", "editor1", "liaison1", "admin"]
        roles = {a.username: a.role for a in offered}
        assert roles["admin"] == "admin" and roles["liaison1"] == "department_liaison"
        for acc in offered:
            actor = authenticate(engine, acc.username, acc.password, "demo-ws")
            assert actor.role == acc.role
        u = _user(engine, "duty1")
        assert u.demo_account and u.must_change_password  # still flagged for real use
        liaison = authenticate(engine, "liaison1", "Liaison#2026")
        assert liaison.department_id is not None

        # A real deployment turns demo sign-in off: the documented passwords must be changed.
        admin = authenticate(engine, "admin", "Admin#2026")
        run_operation(engine, admin, Permission.USER_ADMIN, set_demo_sign_in, False)
        assert demo_accounts(engine) == []
        with pytest.raises(PasswordChangeRequired) as exc:
            authenticate(engine, "duty1", "Duty#2026")
        assert exc.value.reason == "first_use"
        change_password(engine, "duty1", "Duty#2026", "MyOwn#Pass1")
        u = _user(engine, "duty1")
        assert not u.demo_account and not u.must_change_password
        run_operation(engine, admin, Permission.USER_ADMIN, set_demo_sign_in, True)
        assert "duty1" not in [a.username for a in demo_accounts(engine)]  # no longer on its demo password
        with Session(engine) as s:
            assert verify_chain(s).ok
            assert s.execute(text("SELECT count(*) FROM users WHERE password_hash IS NULL")).scalar_one() == 0
    finally:
        engine.dispose()
