"""Roles and account administration: the full permission matrix against real db/ operations,
the account operations (create, role, reset, lock, unlock, deactivate), their guards,
optimistic locking and hostile input. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

import db.auth as auth
from db import accounts as acc
from db import models as m
from db.audit import query_audit, verify_chain
from db.auth import AccountLocked, PasswordChangeRequired, authenticate, change_password
from db.migrate import upgrade
from db.ops import (
    Actor,
    ChangeSet,
    Conflict,
    InvalidInput,
    NotFound,
    OperationContext,
    PermissionDenied,
    run_operation,
)
from db.permissions import ROLE_PERMISSIONS, Permission
from db.session import make_engine, resolve_url

P = Permission
ROLES = ("duty_officer", "supervisor", "map_editor", "department_liaison", "admin")

# The intended matrix, written out: a change to db/permissions.py must change this too.
EXPECTED: dict[Permission, set[str]] = {
    P.VIEW: set(ROLES),
    P.CASE_CREATE: {"duty_officer", "supervisor", "admin"},
    P.CASE_REGISTER: {"duty_officer", "admin"},
    P.CASE_CATEGORIZE: {"duty_officer", "admin"},
    P.CASE_DISPATCH: {"duty_officer", "admin"},
    P.CASE_ESCALATE: {"duty_officer", "admin"},
    P.CASE_FORWARD_POLICE: {"duty_officer", "admin"},
    P.CASE_FEEDBACK: {"duty_officer", "department_liaison", "admin"},
    P.CASE_RETURN: {"department_liaison", "admin"},
    P.CASE_EXTENSION_REQUEST: {"department_liaison", "admin"},
    P.CASE_EXTENSION_APPROVE: {"duty_officer", "supervisor", "admin"},
    P.CASE_VERIFY_CLOSE: {"duty_officer", "admin"},
    P.CASE_LONG_TERM: {"duty_officer", "supervisor", "admin"},
    P.CASE_MERGE: {"duty_officer", "admin"},
    P.CASE_REVEAL_CONTACT: {"duty_officer", "admin"},
    P.SHIFT_HANDOVER: {"duty_officer", "admin"},
    P.MEETING_SCHEDULE: {"duty_officer", "supervisor", "admin"},
    P.MEETING_ATTEND: {"duty_officer", "department_liaison", "admin"},
    P.GRID_EDIT: {"map_editor", "admin"},
    P.SUPERVISION_RECORD: {"supervisor", "admin"},
    P.ASSESSMENT_MANAGE: {"supervisor", "admin"},
    P.EXPORT: {"duty_officer", "supervisor", "map_editor", "admin"},
    P.AUDIT_VIEW: {"supervisor", "admin"},
    P.USER_ADMIN: {"admin"},
    P.SETTINGS_ADMIN: {"admin"},
    P.BACKUP: {"admin"},
}

ROOT = Actor(None, "root", "admin", workstation="admin-ws")
PW = "Start#2026"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(auth, "_DUMMY_HASH", None)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(resolve_url(db_url))
    upgrade(eng)
    yield eng
    eng.dispose()


def _touch(ctx: OperationContext, permission: str) -> ChangeSet:
    """A trivial operation: one setting row, one audit entry."""
    key = f"matrix.{ctx.actor.role}"
    row = ctx.session.get(m.Setting, key)
    if row is None:
        ctx.session.add(m.Setting(key=key, value=permission))
    else:
        row.value = permission
    ctx.record("matrix_probe", "setting", None, None, {"permission": permission})
    return ChangeSet().add("setting", 1)


def _create(engine: Engine, username: str, role: str = "duty_officer", dept: int | None = None) -> int:
    run_operation(engine, ROOT, P.USER_ADMIN, acc.create_user, username, "测试 " + username, role, PW, dept)
    uid = acc.find_user_id(engine, username)
    assert uid is not None
    return uid


def _version(engine: Engine, uid: int) -> int:
    return acc.get_user(engine, ROOT, uid).version


def _department(engine: Engine) -> int:
    with Session(engine) as s, s.begin():
        d = m.Department(code="CM", name="城管中队", kind="city_management")
        s.add(d)
        s.flush()
        return d.id


def test_the_matrix_is_the_intended_one() -> None:
    assert set(EXPECTED) == set(Permission), "every permission has a row here"
    for role in ROLES:
        assert ROLE_PERMISSIONS[role] == {p for p, roles in EXPECTED.items() if role in roles}, role
    assert set(ROLE_PERMISSIONS) == set(ROLES) == {r.value for r in m.Role}


def test_full_permission_matrix_against_run_operation(engine: Engine) -> None:
    """Every role x every permission through the real operation frame: allowed ones commit
    and are audited, refused ones raise PermissionDenied and leave no trace."""
    for role in ROLES:
        actor = Actor(None, f"probe-{role}"[:32], role, workstation="matrix")
        for permission in Permission:
            if role in EXPECTED[permission]:
                run_operation(engine, actor, permission, _touch, permission.value)
            else:
                with pytest.raises(PermissionDenied, match=role):
                    run_operation(engine, actor, permission, _touch, permission.value)
    with Session(engine) as s:
        audited = s.execute(select(m.AuditRecord.username, m.AuditRecord.after)).all()
        assert verify_chain(s).ok
    got = {(u.removeprefix("probe-"), a["permission"]) for u, a in audited}
    want = {(r, p.value) for p, roles in EXPECTED.items() for r in roles}
    assert got == want
    unknown = Actor(None, "ghost", "no_such_role")
    with pytest.raises(PermissionDenied):
        run_operation(engine, unknown, P.VIEW, _touch, "view")


ACCOUNT_OPS = [
    ("create_user", lambda uid, v: (acc.create_user, "newbie", "新人", "duty_officer", PW)),
    ("update_user", lambda uid, v: (acc.update_user, uid, v, "改名", None)),
    ("set_role", lambda uid, v: (acc.set_role, uid, "supervisor", v)),
    ("reset_password", lambda uid, v: (acc.reset_password, uid, "Reset#2026", v)),
    ("lock_user", lambda uid, v: (acc.lock_user, uid, v)),
    ("unlock_user", lambda uid, v: (acc.unlock_user, uid, v)),
    ("deactivate_user", lambda uid, v: (acc.deactivate_user, uid, v)),
    ("reactivate_user", lambda uid, v: (acc.reactivate_user, uid, v)),
    ("set_demo_sign_in", lambda uid, v: (auth.set_demo_sign_in, False)),
]


def test_account_operations_need_user_admin(engine: Engine) -> None:
    uid = _create(engine, "target")
    for role in ROLES:
        actor = Actor(None, f"probe-{role}"[:32], role)
        for name, make in ACCOUNT_OPS:
            fn, *args = make(uid, _version(engine, uid))
            if role == "admin":
                run_operation(engine, actor, P.USER_ADMIN, fn, *args)
            else:
                with pytest.raises(PermissionDenied):
                    run_operation(engine, actor, P.USER_ADMIN, fn, *args)
                with pytest.raises(PermissionDenied):
                    acc.list_users(engine, actor)
                with pytest.raises(PermissionDenied):
                    acc.get_user(engine, actor, uid)
            assert name
    # reading one's own account needs no permission
    me = Actor(uid, "target", "duty_officer")
    assert acc.get_user(engine, me, uid).username == "target"


def test_account_lifecycle_is_audited(engine: Engine) -> None:
    dept = _department(engine)
    uid = _create(engine, "Zhou.Li", "map_editor")
    info = acc.get_user(engine, ROOT, uid)
    assert info.username == "zhou.li" and info.must_change_password and info.version == 1
    assert not hasattr(info, "password_hash")

    with pytest.raises(InvalidInput, match="department"):
        run_operation(engine, ROOT, P.USER_ADMIN, acc.set_role, uid, "department_liaison", info.version)
    run_operation(engine, ROOT, P.USER_ADMIN, acc.update_user, uid, info.version, "周丽", dept)
    run_operation(engine, ROOT, P.USER_ADMIN, acc.set_role, uid, "department_liaison", _version(engine, uid))
    info = acc.get_user(engine, ROOT, uid)
    assert (info.role, info.department_id, info.display_name, info.version) == ("department_liaison", dept, "周丽", 3)

    change_password(engine, "zhou.li", PW, "Own#Pass2026")
    run_operation(engine, ROOT, P.USER_ADMIN, acc.lock_user, uid, _version(engine, uid))
    info = acc.get_user(engine, ROOT, uid)
    assert info.locked and info.locked_by_admin
    with pytest.raises(AccountLocked, match="administrator"):
        authenticate(engine, "zhou.li", "Own#Pass2026")
    run_operation(engine, ROOT, P.USER_ADMIN, acc.unlock_user, uid, _version(engine, uid))
    assert authenticate(engine, "zhou.li", "Own#Pass2026").role == "department_liaison"

    run_operation(engine, ROOT, P.USER_ADMIN, acc.reset_password, uid, "Temp#2026x", _version(engine, uid))
    with pytest.raises(PasswordChangeRequired) as exc:
        authenticate(engine, "zhou.li", "Temp#2026x")
    assert exc.value.reason == "reset"
    change_password(engine, "zhou.li", "Temp#2026x", "Own#Pass2027")

    run_operation(engine, ROOT, P.USER_ADMIN, acc.deactivate_user, uid, _version(engine, uid))
    assert not acc.get_user(engine, ROOT, uid).active
    assert [u.username for u in acc.list_users(engine, ROOT, include_inactive=False)] == []
    assert [u.username for u in acc.list_users(engine, ROOT)] == ["zhou.li"]  # never deleted
    run_operation(engine, ROOT, P.USER_ADMIN, acc.reactivate_user, uid, _version(engine, uid))
    with pytest.raises(PasswordChangeRequired):
        authenticate(engine, "zhou.li", "Own#Pass2027")

    page = query_audit(engine, ROOT, entity="user", entity_id=uid, newest_first=False, page_size=500)
    admin_actions = [r.action for r in page.rows if r.username == "root"]
    assert admin_actions == [
        "user_created",
        "user_updated",
        "user_role_changed",
        "user_locked",
        "user_unlocked",
        "password_reset",
        "user_deactivated",
        "user_reactivated",
    ]
    role_change = next(r for r in page.rows if r.action == "user_role_changed")
    assert role_change.before["role"] == "map_editor" and role_change.after["role"] == "department_liaison"
    for r in page.rows:  # no password or hash ever reaches the audit trail
        assert "Own#Pass" not in str(r.before) + str(r.after) and "argon2" not in str(r.after)


def test_stale_version_is_a_conflict_naming_who(engine: Engine) -> None:
    uid = _create(engine, "target")
    stale = _version(engine, uid)
    other_admin = Actor(None, "admin2", "admin")
    run_operation(engine, other_admin, P.USER_ADMIN, acc.set_role, uid, "supervisor", stale)
    with pytest.raises(Conflict, match="admin2") as exc:
        run_operation(engine, ROOT, P.USER_ADMIN, acc.lock_user, uid, stale)
    assert "role changed" in str(exc.value) and exc.value.current["by"] == "admin2"
    assert not acc.get_user(engine, ROOT, uid).locked


def test_sign_in_does_not_make_the_admin_form_stale(engine: Engine) -> None:
    uid = _create(engine, "target")
    change_password(engine, "target", PW, "Own#Pass2026")
    version = _version(engine, uid)
    authenticate(engine, "target", "Own#Pass2026")
    with pytest.raises(auth.SignInFailed):
        authenticate(engine, "target", "bad")
    run_operation(engine, ROOT, P.USER_ADMIN, acc.set_role, uid, "supervisor", version)


def test_guards_keep_an_administrator(engine: Engine) -> None:
    a1 = _create(engine, "admin1", "admin")
    me = Actor(a1, "admin1", "admin")
    with pytest.raises(InvalidInput, match="your own"):
        run_operation(engine, me, P.USER_ADMIN, acc.deactivate_user, a1, _version(engine, a1))
    with pytest.raises(InvalidInput, match="your own"):
        run_operation(engine, me, P.USER_ADMIN, acc.lock_user, a1, _version(engine, a1))
    with pytest.raises(InvalidInput, match="your own"):
        run_operation(engine, me, P.USER_ADMIN, acc.set_role, a1, "supervisor", _version(engine, a1))
    for fn, args in (
        (acc.deactivate_user, ()),
        (acc.lock_user, ()),
        (acc.set_role, ("duty_officer",)),
    ):
        with pytest.raises(InvalidInput, match="last active administrator"):
            if fn is acc.set_role:
                run_operation(engine, ROOT, P.USER_ADMIN, fn, a1, *args, _version(engine, a1))
            else:
                run_operation(engine, ROOT, P.USER_ADMIN, fn, a1, _version(engine, a1))
    a2 = _create(engine, "admin2", "admin")
    run_operation(engine, me, P.USER_ADMIN, acc.set_role, a2, "supervisor", _version(engine, a2))
    run_operation(engine, ROOT, P.USER_ADMIN, acc.set_role, a2, "admin", _version(engine, a2))
    run_operation(engine, me, P.USER_ADMIN, acc.deactivate_user, a2, _version(engine, a2))
    assert not acc.get_user(engine, ROOT, a2).active


@pytest.mark.parametrize(
    "username",
    ["' OR '1'='1", "admin'--", "x" * 10_000, "bad\x00name", "a", "", "名字", "a b", "robert'); DROP TABLE users;--"],
)
def test_create_user_refuses_hostile_names(engine: Engine, username: str) -> None:
    with pytest.raises(InvalidInput, match="user name"):
        run_operation(engine, ROOT, P.USER_ADMIN, acc.create_user, username, "x", "duty_officer", PW)
    assert acc.find_user_id(engine, username) is None
    assert acc.list_users(engine, ROOT) == []


def test_create_user_validation(engine: Engine) -> None:
    _create(engine, "taken")
    cases = [
        (("Taken", "x", "duty_officer", PW), "taken"),
        (("newbie", "x", "superuser", PW), "Unknown role"),
        (("newbie", "x", "department_liaison", PW), "department"),
        (("newbie", "", "duty_officer", PW), "name"),
        (("newbie", "x" * 65, "duty_officer", PW), "64"),
        (("newbie", "bad\x00", "duty_officer", PW), "control"),
        (("newbie", "x", "duty_officer", "password"), "mix"),
        (("newbie", "x", "duty_officer", PW, 99999), "no department"),
    ]
    for args, words in cases:
        with pytest.raises(InvalidInput, match=words):
            run_operation(engine, ROOT, P.USER_ADMIN, acc.create_user, *args)
    with pytest.raises(NotFound):
        run_operation(engine, ROOT, P.USER_ADMIN, acc.lock_user, 424242, 1)
    assert [u.username for u in acc.list_users(engine, ROOT)] == ["taken"]


def test_role_permissions_for_the_admin_screen() -> None:
    assert "manage accounts and roles" in acc.role_permissions("admin")
    assert acc.role_permissions("map_editor") == sorted(["view", "edit grid boundaries", "export data"])
    assert acc.role_permissions("nobody") == []
