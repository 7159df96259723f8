"""The operation frame: permission first, one transaction, audit chain, change log."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from db import models as m
from db.audit import verify_chain
from db.changes import changes_since, latest_seq
from db.migrate import upgrade
from db.ops import Actor, ChangeSet, InvalidInput, OperationContext, PermissionDenied, run_operation
from db.permissions import ROLE_PERMISSIONS, Permission, has_permission
from db.session import make_engine, resolve_url
from tests.audit_tamper import drop_append_only_guard


def _rename_setting(ctx: OperationContext, key: str, value: str) -> ChangeSet:
    row = ctx.session.get(m.Setting, key)
    before = {"value": row.value} if row else None
    if row is None:
        row = m.Setting(key=key, value=value)
        ctx.session.add(row)
    else:
        row.value = value
    ctx.record("set_setting", "setting", None, before, {"key": key, "value": value})
    return ChangeSet().add("setting", 1)


def _fails_half_way(ctx: OperationContext) -> ChangeSet:
    ctx.session.add(m.Setting(key="half", value="way"))
    ctx.session.flush()
    ctx.record("half", "setting", None)
    raise InvalidInput("no")


ADMIN = Actor(1, "admin", "admin", workstation="ws-a")
EDITOR = Actor(2, "editor1", "map_editor", workstation="ws-b")


def test_permission_matrix_is_complete() -> None:
    assert set(ROLE_PERMISSIONS) == {"duty_officer", "supervisor", "map_editor", "department_liaison", "admin"}
    for role in ROLE_PERMISSIONS:
        assert has_permission(role, Permission.VIEW)
    assert not has_permission("map_editor", Permission.CASE_DISPATCH)
    assert has_permission("map_editor", Permission.GRID_EDIT)
    assert not has_permission("duty_officer", Permission.GRID_EDIT)
    assert not has_permission("nobody", Permission.VIEW)


def test_operation_writes_audit_and_change_log(db_url: str) -> None:
    engine = make_engine(resolve_url(db_url))
    upgrade(engine)
    changes = run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, _rename_setting, "theme", "dark")
    assert changes.ids("setting") == {1}
    run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, _rename_setting, "theme", "darker")
    with pytest.raises(PermissionDenied):
        run_operation(engine, EDITOR, Permission.SETTINGS_ADMIN, _rename_setting, "theme", "light")
    with pytest.raises(InvalidInput):
        run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, _fails_half_way)
    with Session(engine) as s:
        assert s.get(m.Setting, "theme").value == "darker"
        assert s.get(m.Setting, "half") is None  # rolled back whole, audit included
        recs = s.execute(select(m.AuditRecord).order_by(m.AuditRecord.seq)).scalars().all()
        assert [r.action for r in recs] == ["set_setting", "set_setting"]
        assert recs[1].before == {"value": "dark"} and recs[1].workstation == "ws-a"
        assert verify_chain(s).ok
        assert latest_seq(s) == 2 and [c.entity for c in changes_since(s, 0)] == ["setting", "setting"]
    engine.dispose()


def test_tampering_is_detected(db_url: str) -> None:
    engine = make_engine(resolve_url(db_url))
    upgrade(engine)
    for v in ("a", "b", "c", "d"):
        run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, _rename_setting, "k", v)
    with engine.begin() as conn:
        drop_append_only_guard(conn)  # migration 0004's triggers refuse tampering
        conn.execute(text("UPDATE audit_log SET username = 'mallory' WHERE seq = 2"))
    with Session(engine) as s:
        report = verify_chain(s)
        assert not report.ok and report.first_broken_seq == 2 and "changed" in report.reason
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET username = 'admin' WHERE seq = 2"))
        conn.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    with Session(engine) as s:
        report = verify_chain(s)
        assert not report.ok and report.first_broken_seq == 3 and "missing" in report.reason
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq >= 3"))
    with Session(engine) as s:
        report = verify_chain(s)
        assert not report.ok and "deleted" in report.reason
    engine.dispose()


def test_concurrent_appends_never_fork_the_chain(db_url: str) -> None:
    engine = make_engine(resolve_url(db_url))
    upgrade(engine)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        actor = Actor(1, "admin", "admin", workstation=f"ws-{n}")
        try:
            for i in range(15):
                run_operation(engine, actor, Permission.SETTINGS_ADMIN, _rename_setting, f"k{n}", str(i))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with Session(engine) as s:
        report = verify_chain(s)
        assert report.ok and report.records == 60, report
    engine.dispose()


def test_head_row_exists_after_migration(sqlite_url: str) -> None:
    engine = make_engine(resolve_url(sqlite_url))
    upgrade(engine)
    with Session(engine) as s:
        head = s.get(m.AuditHead, 1)
        assert head is not None and head.last_seq == 0 and head.last_hash == "0" * 64
        s.execute(update(m.AuditHead).values(last_seq=0))
