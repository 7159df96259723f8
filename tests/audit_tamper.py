"""Test helper: remove the append-only triggers of audit_log (migration 0004), as a
database superuser could, so that tests can tamper with the trail and watch
`verify_chain` / `python main.py audit verify` catch it."""

from __future__ import annotations

from sqlalchemy import Connection, text

GUARD_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete", "audit_log_no_truncate")


def drop_append_only_guard(conn: Connection) -> None:
    for name in GUARD_TRIGGERS:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON audit_log"))
        else:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
