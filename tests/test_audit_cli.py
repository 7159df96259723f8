"""The audit trail: append-only in the database (triggers), tampering detected by
`python main.py audit verify`, the viewer's query API (filters, pages, hostile input),
retention (archive, never delete). On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

import main
from db import models as m
from db import retention
from db.audit import audit_filter_values, query_audit, verify_chain
from db.migrate import upgrade
from db.ops import Actor, ChangeSet, InvalidInput, OperationContext, PermissionDenied, run_operation
from db.permissions import Permission
from db.retention import (
    archive_audit,
    months_before,
    retention_cutoff,
    retention_status,
    verify_archive,
)
from db.session import make_engine, resolve_url
from tests.audit_tamper import drop_append_only_guard

REPO = Path(__file__).resolve().parent.parent
ADMIN = Actor(1, "admin", "admin", workstation="ws-a")
SUPERVISOR = Actor(3, "supervisor1", "supervisor", workstation="ws-s")
DUTY = Actor(2, "duty1", "duty_officer", workstation="ws-d")


def _note(ctx: OperationContext, entity: str, entity_id: int, data: dict[str, object]) -> ChangeSet:
    ctx.record(f"{entity}_note", entity, entity_id, None, data)
    return ChangeSet().add(entity, entity_id)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(resolve_url(db_url))
    upgrade(eng)
    for i in range(1, 7):
        actor = ADMIN if i % 2 else DUTY
        run_operation(
            eng, actor, Permission.VIEW, _note, "case" if i <= 4 else "grid", i, {"reporter_phone": "13812345678", "i": i}
        )
    yield eng
    eng.dispose()


def _verify_cli(url: str, *extra: str) -> int:
    return main.main(["audit", "verify", "--db", url, *extra])


def test_append_only_triggers_refuse_update_and_delete(engine: Engine) -> None:
    for sql in (
        "UPDATE audit_log SET username = 'mallory' WHERE seq = 2",
        "UPDATE audit_log SET after = NULL",
        "DELETE FROM audit_log WHERE seq = 6",
        "DELETE FROM audit_log",
    ):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql))
    if engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text("TRUNCATE audit_log"))
    with Session(engine) as s:
        report = verify_chain(s)
        assert report.ok and report.records == 6
    # appends still work
    run_operation(engine, ADMIN, Permission.VIEW, _note, "case", 9, {})
    with Session(engine) as s:
        assert verify_chain(s).records == 7


def test_audit_verify_names_the_first_broken_record(engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _verify_cli(db_url) == 0
    assert "intact: 6 records" in capsys.readouterr().out

    with engine.begin() as conn:
        drop_append_only_guard(conn)
        conn.execute(text("UPDATE audit_log SET after = NULL WHERE seq = 4"))
    assert _verify_cli(db_url) == 1
    err = capsys.readouterr().err
    assert re.search(r"BROKEN at record #4 \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, user duty1, action case_note\)", err), err
    assert "changed" in err and "3 records before it" in err

    assert _verify_cli(db_url, "--json") == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["first_broken"]["seq"] == 4
    assert out["first_broken"]["username"] == "duty1" and out["first_broken"]["action"] == "case_note"


def test_audit_verify_detects_a_deleted_record(engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with engine.begin() as conn:
        drop_append_only_guard(conn)
        conn.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    assert _verify_cli(db_url) == 1
    err = capsys.readouterr().err
    assert "record #3" in err and "missing" in err


def test_audit_verify_on_a_database_without_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main.main(["audit", "verify", "--db", str(tmp_path / "empty.db"), "--lang", "en"])
    assert code == 5 and "migrate" in capsys.readouterr().err


def test_query_filters_and_pages(engine: Engine) -> None:
    page = query_audit(engine, SUPERVISOR, page_size=4)
    assert page.total == 6 and page.pages == 2 and [r.seq for r in page.rows] == [6, 5, 4, 3]
    page2 = query_audit(engine, SUPERVISOR, page=2, page_size=4)
    assert [r.seq for r in page2.rows] == [2, 1]
    assert query_audit(engine, SUPERVISOR, page=3, page_size=4).rows == []
    assert [r.seq for r in query_audit(engine, SUPERVISOR, username="duty1").rows] == [6, 4, 2]
    assert [r.seq for r in query_audit(engine, SUPERVISOR, user_id=1, newest_first=False).rows] == [1, 3, 5]
    assert [r.seq for r in query_audit(engine, SUPERVISOR, entity="grid").rows] == [6, 5]
    assert [r.seq for r in query_audit(engine, SUPERVISOR, entity="case", entity_id=3).rows] == [3]
    assert [r.seq for r in query_audit(engine, SUPERVISOR, action="grid_note", username="admin").rows] == [5]
    first = query_audit(engine, SUPERVISOR, newest_first=False).rows[0]
    assert query_audit(engine, SUPERVISOR, since=first.at, until=first.at + timedelta(hours=1)).total == 6
    assert query_audit(engine, SUPERVISOR, until=first.at).total == 0
    assert query_audit(engine, SUPERVISOR, since=datetime(2999, 1, 1)).total == 0
    # personal data are masked unless revealed (which needs the permission)
    row = query_audit(engine, SUPERVISOR, page_size=1).rows[0]
    assert row.after == {"reporter_phone": "138****5678", "i": 6}
    with pytest.raises(PermissionDenied):
        query_audit(engine, SUPERVISOR, masked=False)
    assert query_audit(engine, ADMIN, masked=False, page_size=1).rows[0].after["reporter_phone"] == "13812345678"
    values = audit_filter_values(engine, SUPERVISOR)
    assert values == {"usernames": ["admin", "duty1"], "actions": ["case_note", "grid_note"], "entities": ["case", "grid"]}


def test_query_needs_audit_view(engine: Engine) -> None:
    for role in ("duty_officer", "map_editor", "department_liaison"):
        with pytest.raises(PermissionDenied):
            query_audit(engine, Actor(9, "x", role))
        with pytest.raises(PermissionDenied):
            audit_filter_values(engine, Actor(9, "x", role))


@pytest.mark.parametrize(
    "value",
    ["' OR '1'='1", "duty1' --", "x'; DELETE FROM audit_log; --", "%", "_", "duty%", "\\", "案件", "💣"],
)
def test_hostile_filters_are_harmless(engine: Engine, value: str) -> None:
    for field in ("username", "action", "entity"):
        page = query_audit(engine, SUPERVISOR, **{field: value})
        assert page.total == 0 and page.rows == []
    with Session(engine) as s:
        assert verify_chain(s).records == 6


@pytest.mark.parametrize("value", ["x" * 10_000, "duty1\x00", "\x00", "a\nb"])
def test_oversized_or_control_filters_are_refused(engine: Engine, value: str) -> None:
    for field in ("username", "action", "entity"):
        with pytest.raises(InvalidInput):
            query_audit(engine, SUPERVISOR, **{field: value})
    with pytest.raises(InvalidInput):
        query_audit(engine, SUPERVISOR, entity_id=2**40)
    with pytest.raises(InvalidInput):
        query_audit(engine, SUPERVISOR, page=0)
    with pytest.raises(InvalidInput):
        query_audit(engine, SUPERVISOR, page_size=10_000)
    with Session(engine) as s:
        assert verify_chain(s).records == 6


def test_retention_archives_and_never_deletes(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert months_before(datetime(2026, 8, 31, 10), 6) == datetime(2026, 2, 28, 10)
    assert months_before(datetime(2026, 3, 15), 6) == datetime(2025, 9, 15)
    status = retention_status(engine, SUPERVISOR)
    assert status.records == 6 and status.older_than_retention == 0
    with pytest.raises(InvalidInput, match="6 months"):
        archive_audit(engine, ADMIN, tmp_path / "a.jsonl", before=datetime(2999, 1, 1))
    with pytest.raises(PermissionDenied):
        archive_audit(engine, SUPERVISOR, tmp_path / "a.jsonl")
    # A year later the records are past the retention period.
    year_later = retention_cutoff() + timedelta(days=730)
    monkeypatch.setattr(retention, "town_now", lambda: year_later)
    assert retention_status(engine, SUPERVISOR).older_than_retention == 6
    report = archive_audit(engine, ADMIN, tmp_path / "a.jsonl")
    assert report.records == 6 and (report.first_seq, report.last_seq) == (1, 6)
    assert verify_archive(tmp_path / "a.jsonl") == (True, 6, "")
    with Session(engine) as s:  # nothing deleted: the archive record itself was appended
        assert s.query(m.AuditRecord).count() == 7
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[3])
    rec["username"] = "mallory"
    lines[3] = json.dumps(rec, ensure_ascii=False)
    (tmp_path / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ok, n, reason = verify_archive(tmp_path / "b.jsonl")
    assert not ok and n == 2 and "record 3" in reason


def test_no_application_code_deletes_audit_rows() -> None:
    """Records are kept at least six months: nothing in db/, desktop/ or main.py deletes or
    updates audit_log rows (only the migrations' downgrades drop the table)."""
    offenders = []
    pattern = re.compile(
        r"(delete\(\s*(m\.)?AuditRecord|update\(\s*(m\.)?AuditRecord|DELETE\s+FROM\s+audit_log|UPDATE\s+audit_log|TRUNCATE\s+audit_log)",
        re.IGNORECASE,
    )
    for folder in ("db", "desktop", "gis"):
        for path in (REPO / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            if pattern.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(REPO)))
    if pattern.search((REPO / "main.py").read_text(encoding="utf-8")):
        offenders.append("main.py")
    assert offenders == []
