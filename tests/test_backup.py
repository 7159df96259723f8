"""Backup and restore round trips on SQLite and PostgreSQL, verified by a restore into a
scratch database (row counts per table, the audit chain); refusal to overwrite data; clear
messages when the PostgreSQL client tools are missing or too old; the CLI."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

import main
from db import backup as bk
from db.audit import query_audit, verify_chain
from db.backup import (
    BackupError,
    RestoreRefused,
    backup_database,
    manifest_path,
    read_manifest,
    restore_database,
    table_counts,
    verify_backup,
)
from db.migrate import head_revisions, upgrade
from db.ops import Actor, ChangeSet, OperationContext, PermissionDenied, run_operation
from db.permissions import Permission
from db.session import make_engine, resolve_url
from tests.audit_tamper import drop_append_only_guard

ADMIN = Actor(None, "root", "admin", workstation="backup-ws")


def _note(ctx: OperationContext, i: int) -> ChangeSet:
    ctx.record("note", "case", i, None, {"i": i})
    return ChangeSet().add("case", i)


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return table_counts(conn)


def _engine(url: str) -> Engine:
    return make_engine(resolve_url(url))


def test_round_trip(small_demo_url: str, db_url: str, tmp_path: Path) -> None:
    """Back up the small demo town, verify, restore into an empty database of the same
    kind: every table's rows and the audit chain come back."""
    source = _engine(small_demo_url)
    run_operation(source, ADMIN, Permission.VIEW, _note, 1)  # an audit trail to carry over
    before = _counts(source)
    out = tmp_path / "town.backup"
    report = backup_database(source, out, ADMIN)
    assert out.is_file() and manifest_path(out).is_file()
    mf = report.manifest
    assert mf.tables == before and mf.tables["cases"] > 3000 and mf.audit_records == before["audit_log"] >= 1
    assert mf.schema == sorted(head_revisions())
    assert report.verification is not None and report.verification.ok, report.verification.problems
    assert report.verification.chain is not None and report.verification.chain.records == mf.audit_records
    assert all(t.ok for t in report.verification.tables) and len(report.verification.tables) == len(before)
    # the backup is audited in the source (after the snapshot)
    last = query_audit(source, ADMIN, action="backup").rows[0]
    assert last.after["verified"] is True and last.after["sha256"] == mf.sha256 and last.username == "root"

    if source.dialect.name != _engine(db_url).dialect.name:
        with pytest.raises(BackupError, match="can only be restored into"):
            restore_database(_engine(db_url), out, ADMIN)
        source.dispose()
        return
    target = _engine(db_url)
    result = restore_database(target, out, ADMIN)
    assert result.verification.ok and not result.replaced, result.verification.problems
    after = _counts(target)
    assert after == {**before, "audit_log": before["audit_log"] + 1}  # plus the restore record
    restored = query_audit(target, ADMIN, action="restore").rows[0]
    assert restored.after["verified"] is True and restored.after["replaced_data"] is False
    with Session(target) as s:
        assert verify_chain(s).ok
    # append-only guard came along
    with pytest.raises(Exception, match="append-only"), target.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))

    # A second restore over data is refused without force, and replaces it with force.
    with pytest.raises(RestoreRefused, match="--force"):
        restore_database(target, out, ADMIN)
    run_operation(target, ADMIN, Permission.VIEW, _note, 2)
    again = restore_database(target, out, ADMIN, force=True)
    assert again.replaced and again.verification.ok
    assert _counts(target)["audit_log"] == before["audit_log"] + 1
    source.dispose()
    target.dispose()


def test_backup_is_consistent_while_the_app_writes(small_demo_sqlite_url: str, tmp_path: Path) -> None:
    engine = _engine(small_demo_sqlite_url)
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        i = 0
        try:
            while not stop.is_set():
                i += 1
                run_operation(engine, ADMIN, Permission.VIEW, _note, i)
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=writer)
    t.start()
    try:
        report = backup_database(engine, tmp_path / "live.db", ADMIN)
    finally:
        stop.set()
        t.join()
    assert not errors, errors
    assert report.verification is not None and report.verification.ok, report.verification.problems
    engine.dispose()


def test_verification_catches_damage(small_demo_sqlite_url: str, tmp_path: Path) -> None:
    engine = _engine(small_demo_sqlite_url)
    run_operation(engine, ADMIN, Permission.VIEW, _note, 1)
    out = tmp_path / "b.db"
    backup_database(engine, out, ADMIN, verify=False)
    mf = read_manifest(out)
    assert mf is not None

    # a manifest that disagrees with the file: counts differ
    mf.tables["cases"] += 1
    v = verify_backup(out, manifest=mf)
    assert not v.ok and any("cases" in p for p in v.problems)

    # a changed file no longer matches its manifest's checksum
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(out.read_bytes())
    manifest_path(damaged).write_text(manifest_path(out).read_text())
    with Session(_engine(str(damaged))) as s, s.begin():
        drop_append_only_guard(s.connection())
        s.execute(text("UPDATE audit_log SET username = 'mallory' WHERE seq = 1"))
    with pytest.raises(BackupError, match="SHA-256"):
        verify_backup(damaged)
    # without a manifest the audit chain still catches the edit
    manifest_path(damaged).unlink()
    v = verify_backup(damaged)
    assert not v.ok and v.chain is not None and v.chain.first_broken_seq == 1
    assert any("manifest" in n for n in v.notes)

    not_a_backup = tmp_path / "x.txt"
    not_a_backup.write_text("hello")
    with pytest.raises(BackupError, match="not a GridDesk backup"):
        verify_backup(not_a_backup)
    engine.dispose()


def test_backup_and_restore_need_the_permission(sqlite_url: str, tmp_path: Path) -> None:
    engine = _engine(sqlite_url)
    upgrade(engine)
    for role in ("duty_officer", "supervisor", "map_editor", "department_liaison"):
        with pytest.raises(PermissionDenied):
            backup_database(engine, tmp_path / "x.db", Actor(1, "x", role))
        with pytest.raises(PermissionDenied):
            restore_database(engine, tmp_path / "x.db", Actor(1, "x", role))
    assert not (tmp_path / "x.db").exists()
    engine.dispose()


def test_missing_or_old_pg_dump_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bk, "_candidate_paths", lambda name: [])
    with pytest.raises(BackupError, match=r"pg_dump was not found.*postgresql-client-16"):
        bk.find_pg_tool("pg_dump", 16)
    monkeypatch.setattr(bk, "_candidate_paths", lambda name: [Path("/usr/bin/pg_dump")])
    monkeypatch.setattr(bk, "_tool_version", lambda p: bk.PgTool(p, 15, "pg_dump (PostgreSQL) 15.2"))
    with pytest.raises(BackupError, match=r"PostgreSQL 17 but the newest pg_dump here is version 15"):
        bk.find_pg_tool("pg_dump", 17)
    assert bk.find_pg_tool("pg_dump", 14).major == 15


def test_cli_backup_and_restore(small_demo_sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = small_demo_sqlite_url.removeprefix("sqlite:///")
    out = tmp_path / "cli.backup"
    assert main.main(["backup", "--db", src, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "verified by restoring into a scratch database: OK" in printed and "audit chain" in printed

    target = tmp_path / "restored.db"
    assert main.main(["restore", str(out), "--db", str(target)]) == 0
    assert "checked against the backup: OK" in capsys.readouterr().out
    assert main.main(["restore", str(out), "--db", str(target), "--lang", "en"]) == 7
    assert "--force" in capsys.readouterr().err
    assert main.main(["restore", str(out), "--db", str(target), "--force"]) == 0
    assert main.main(["audit", "verify", "--db", str(target)]) == 0
    assert main.main(["restore", str(tmp_path / "nope.backup"), "--db", str(tmp_path / "t2.db")]) == 6
    assert "no backup file" in capsys.readouterr().err
    assert main.main(["backup", "--db", src, "--out", str(tmp_path / "no" / "such" / "dir.db")]) == 6
