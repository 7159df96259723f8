"""The append-only, hash-chained audit trail.

Every change of state writes one `audit_log` row: who, at which workstation, when, what,
before and after. Row n stores the hash of row n-1, and its own hash covers its content and
that link, so editing or deleting any row breaks the chain from there on; `verify_chain`
names the first broken row. Appends are serialised through the single `audit_head` row
(locked by an UPDATE first, on SQLite and PostgreSQL alike), so concurrent workstations
never fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from db import models as m
from db.clock import now

if TYPE_CHECKING:
    from db.ops import Actor

GENESIS = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_default)


def record_hash(row: m.AuditRecord | dict[str, Any], prev_hash: str) -> str:
    get = row.get if isinstance(row, dict) else (lambda k: getattr(row, k))
    payload = canonical(
        {
            "seq": get("seq"),
            "at": get("at"),
            "user_id": get("user_id"),
            "username": get("username"),
            "workstation": get("workstation"),
            "action": get("action"),
            "entity": get("entity"),
            "entity_id": get("entity_id"),
            "before": get("before"),
            "after": get("after"),
        }
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def append_audit(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> m.AuditRecord:
    # Take the chain's lock before reading its head: an UPDATE locks the row on PostgreSQL
    # and takes the write lock on SQLite.
    session.execute(update(m.AuditHead).where(m.AuditHead.id == 1).values(last_seq=m.AuditHead.last_seq))
    head = session.get(m.AuditHead, 1, populate_existing=True)
    if head is None:
        head = m.AuditHead(id=1, last_seq=0, last_hash=GENESIS)
        session.add(head)
        session.flush()
    rec = m.AuditRecord(
        seq=head.last_seq + 1,
        at=now(),
        user_id=actor.user_id,
        username=actor.username,
        workstation=actor.workstation,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=json.loads(canonical(before)) if before is not None else None,
        after=json.loads(canonical(after)) if after is not None else None,
        prev_hash=head.last_hash,
    )
    rec.hash = record_hash(rec, head.last_hash)
    session.add(rec)
    head.last_seq = rec.seq
    head.last_hash = rec.hash
    session.flush()
    return rec


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    records: int
    first_broken_seq: int | None = None
    reason: str = ""


def verify_chain(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the chain in order; report the first record whose link or content is wrong."""
    prev_hash = GENESIS
    expected_seq = 1
    count = 0
    last_seen = 0
    while True:
        rows = session.execute(
            select(m.AuditRecord).where(m.AuditRecord.seq > last_seen).order_by(m.AuditRecord.seq).limit(batch)
        ).scalars().all()
        if not rows:
            break
        for rec in rows:
            if rec.seq != expected_seq:
                return ChainReport(False, count, expected_seq, f"record {expected_seq} is missing")
            if rec.prev_hash != prev_hash:
                return ChainReport(False, count, rec.seq, "its link to the previous record is broken")
            if record_hash(rec, prev_hash) != rec.hash:
                return ChainReport(False, count, rec.seq, "its content was changed after it was written")
            prev_hash = rec.hash
            expected_seq += 1
            count += 1
            last_seen = rec.seq
        session.expunge_all()
    head = session.get(m.AuditHead, 1)
    if head is not None and (head.last_seq != count or head.last_hash != prev_hash):
        return ChainReport(False, count, count + 1 if head.last_seq > count else count, "records after it were deleted")
    return ChainReport(True, count)


def audit_count(session: Session) -> int:
    return int(session.execute(text("SELECT count(*) FROM audit_log")).scalar_one())
