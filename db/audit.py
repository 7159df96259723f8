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

from sqlalchemy import Engine, select, text, update
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


# ---------------------------------------------------------------- reading the trail (the viewer)

MAX_PAGE_SIZE = 500
_FILTER_LIMIT = 64  # longer filter text cannot match any stored value


@dataclass(frozen=True, slots=True)
class AuditRow:
    seq: int
    at: datetime
    user_id: int | None
    username: str
    workstation: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class AuditPage:
    rows: list[AuditRow]
    total: int  # records matching the filters
    page: int  # 1-based
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _row(rec: m.AuditRecord, masked: bool) -> AuditRow:
    from db.privacy import mask_json

    before, after = rec.before, rec.after
    if masked:
        before, after = mask_json(before), mask_json(after)
    return AuditRow(
        rec.seq, rec.at, rec.user_id, rec.username, rec.workstation, rec.action, rec.entity, rec.entity_id, before, after
    )


def _filter_text(name: str, value: str | None) -> str | None:
    from db.ops import InvalidInput

    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"The {name} filter must be text.")
    if len(value) > _FILTER_LIMIT:
        raise InvalidInput(f"The {name} filter is too long (at most {_FILTER_LIMIT} characters).")
    if any(ord(ch) < 32 for ch in value):
        raise InvalidInput(f"The {name} filter must not contain control characters.")
    return value.strip()


def query_audit(
    engine: Engine,
    actor: Actor,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    username: str | None = None,
    user_id: int | None = None,
    action: str | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
    page: int = 1,
    page_size: int = 100,
    newest_first: bool = True,
    masked: bool = True,
) -> AuditPage:
    """One page of the audit trail for the viewer (Permission.AUDIT_VIEW). Filters combine:
    time range [since, until), user (name or id), action, entity and entity id. Personal
    data inside before/after are masked unless `masked` is False, which needs
    Permission.CASE_REVEAL_CONTACT as well."""
    from sqlalchemy import func

    from db.ops import InvalidInput, require
    from db.permissions import Permission

    require(actor, Permission.AUDIT_VIEW)
    if not masked:
        require(actor, Permission.CASE_REVEAL_CONTACT)
    if not isinstance(page, int) or page < 1:
        raise InvalidInput("The page number must be 1 or more.")
    if not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(f"The page size must be from 1 to {MAX_PAGE_SIZE}.")
    conds: list[Any] = []
    if since is not None:
        conds.append(m.AuditRecord.at >= since)
    if until is not None:
        conds.append(m.AuditRecord.at < until)
    for name, column, value in (
        ("user", m.AuditRecord.username, username),
        ("action", m.AuditRecord.action, action),
        ("entity", m.AuditRecord.entity, entity),
    ):
        text_value = _filter_text(name, value)
        if text_value:
            conds.append(column == text_value)
    id_filters: tuple[tuple[str, Any, int | None], ...] = (
        ("user id", m.AuditRecord.user_id, user_id),
        ("entity id", m.AuditRecord.entity_id, entity_id),
    )
    for name, id_column, number in id_filters:
        if number is not None:
            if not isinstance(number, int) or isinstance(number, bool) or not -(2**31) <= number < 2**31:
                raise InvalidInput(f"The {name} filter must be a whole number.")
            conds.append(id_column == number)
    order = m.AuditRecord.seq.desc() if newest_first else m.AuditRecord.seq.asc()
    with Session(engine) as session:
        total = int(session.execute(select(func.count()).select_from(m.AuditRecord).where(*conds)).scalar_one())
        recs = session.execute(
            select(m.AuditRecord).where(*conds).order_by(order).limit(page_size).offset((page - 1) * page_size)
        ).scalars()
        return AuditPage([_row(r, masked) for r in recs], total, page, page_size)


def audit_filter_values(engine: Engine, actor: Actor) -> dict[str, list[str]]:
    """The distinct user names, actions and entities in the trail, for the viewer's filter
    lists (Permission.AUDIT_VIEW)."""
    from db.ops import require
    from db.permissions import Permission

    require(actor, Permission.AUDIT_VIEW)
    with Session(engine) as session:
        return {
            name: sorted(v for v in session.execute(select(col).distinct()).scalars() if v is not None)
            for name, col in (
                ("usernames", m.AuditRecord.username),
                ("actions", m.AuditRecord.action),
                ("entities", m.AuditRecord.entity),
            )
        }


def audit_record(session: Session, seq: int) -> m.AuditRecord | None:
    """The audit record with sequence number `seq` (e.g. the first broken one), or None."""
    return session.get(m.AuditRecord, seq)


def verify_audit_trail(engine: Engine) -> ChainReport:
    """verify_chain on a database (for `python main.py audit verify`)."""
    with Session(engine) as session:
        return verify_chain(session)


def audit_row(engine: Engine, seq: int) -> AuditRow | None:
    """One record as stored (not masked), e.g. the first broken one; None if it is missing."""
    with Session(engine) as session:
        rec = session.get(m.AuditRecord, seq)
        return None if rec is None else _row(rec, masked=False)
