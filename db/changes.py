"""The change log: a monotonically increasing sequence of "entity X id N changed" rows.

Written in the same transaction as the change itself, so a workstation that reads the log
by sequence number never misses a committed change and never sees an uncommitted one. On
PostgreSQL each transaction also sends `NOTIFY griddesk_changes, '<last seq>'`, which is
delivered at commit; listeners catch up by sequence after any gap or reconnect. SQLite
workstations poll the sequence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from db import models as m
from db.clock import now

if TYPE_CHECKING:
    from db.ops import ChangeSet

CHANNEL = "griddesk_changes"
# The advisory lock that serialises change-log writers on PostgreSQL ("griddesk" in ASCII).
CHANGE_LOG_LOCK = 0x677269646465736B


def record_changes(session: Session, changes: ChangeSet, workstation: str) -> int | None:
    """Append one row per changed record; returns the last sequence number written."""
    rows = [
        {"at": now(), "entity": entity, "entity_id": int(i), "workstation": workstation}
        for entity, ids in sorted(changes.changed.items())
        for i in sorted(ids)
    ]
    if not rows:
        return None
    if session.get_bind().dialect.name == "postgresql":
        # Sequence numbers must become visible in order (see db/live.py): one writer at a
        # time from here to COMMIT. Flush first, so no row lock is awaited while holding it.
        session.flush()
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_LOG_LOCK})
    session.execute(insert(m.ChangeLog), rows)
    last = session.execute(select(func.max(m.ChangeLog.seq))).scalar_one()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:ch, :payload)"), {"ch": CHANNEL, "payload": str(last)})
    return int(last)


def latest_seq(session: Session) -> int:
    return int(session.execute(select(func.coalesce(func.max(m.ChangeLog.seq), 0))).scalar_one())


def changes_since(session: Session, seq: int, limit: int = 10000) -> list[m.ChangeLog]:
    return list(
        session.execute(select(m.ChangeLog).where(m.ChangeLog.seq > seq).order_by(m.ChangeLog.seq).limit(limit))
        .scalars()
        .all()
    )
