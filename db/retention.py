"""Audit retention: records are kept at least six months (Cybersecurity Law art. 21) and
GridDesk never deletes them.

Nothing in the application deletes or changes audit rows, and the database refuses to:
migration 0004 installs triggers on audit_log that abort every UPDATE and DELETE (and
TRUNCATE on PostgreSQL). Old records can be *archived* — copied to a JSON Lines file with
their hashes, so that the file can be verified on its own — but they stay in the database:
deleting a prefix of the chain would break `audit verify`, and the retention duty is a
minimum, not a maximum. (Should a site ever need to shrink the table, the way that keeps
verification intact is a new chain anchored at an archived record's hash; not implemented.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from db import models as m
from db.audit import GENESIS, append_audit, canonical, record_hash
from db.clock import now as town_now
from db.ops import Actor, InvalidInput, require
from db.permissions import Permission

RETENTION_MONTHS = 6
ARCHIVE_FORMAT = "griddesk-audit-archive/1"


def months_before(at: datetime, months: int) -> datetime:
    """`at` moved back by whole calendar months (the day clipped to the month's length)."""
    year, month = divmod(at.year * 12 + at.month - 1 - months, 12)
    month += 1
    for day in (at.day, 30, 29, 28):
        try:
            return at.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def retention_cutoff(at: datetime | None = None) -> datetime:
    """Records before this moment are older than the retention period."""
    return months_before(at or town_now(), RETENTION_MONTHS)


@dataclass(frozen=True, slots=True)
class RetentionStatus:
    records: int
    oldest: datetime | None
    newest: datetime | None
    older_than_retention: int  # records past the six months (kept anyway)
    cutoff: datetime


def retention_status(engine: Engine, actor: Actor) -> RetentionStatus:
    """How much audit history the database holds (Permission.AUDIT_VIEW)."""
    require(actor, Permission.AUDIT_VIEW)
    cutoff = retention_cutoff()
    with Session(engine) as session:
        n, oldest, newest = session.execute(
            select(func.count(), func.min(m.AuditRecord.at), func.max(m.AuditRecord.at))
        ).one()
        old = session.execute(
            select(func.count()).select_from(m.AuditRecord).where(m.AuditRecord.at < cutoff)
        ).scalar_one()
    return RetentionStatus(int(n), oldest, newest, int(old), cutoff)


@dataclass(frozen=True, slots=True)
class ArchiveReport:
    path: Path
    records: int
    first_seq: int | None
    last_seq: int | None
    last_hash: str


def archive_audit(engine: Engine, actor: Actor, out: str | Path, *, before: datetime | None = None) -> ArchiveReport:
    """Copy the audit records older than `before` (at most the retention cutoff, six months
    ago) to `out` as JSON Lines: a header line, then one record per line with its hashes.
    Nothing is deleted. Permission.BACKUP; the archive itself is audited."""
    require(actor, Permission.BACKUP)
    cutoff = retention_cutoff()
    before = before or cutoff
    if before > cutoff:
        raise InvalidInput(f"Only records older than {RETENTION_MONTHS} months (before {cutoff:%Y-%m-%d}) can be archived.")
    out = Path(out)
    part = out.with_name(out.name + ".part")
    n, first, last, last_hash = 0, None, None, GENESIS
    with Session(engine) as session, part.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"format": ARCHIVE_FORMAT, "before": before.isoformat(sep=" ")}) + "\n")
        last_seen = 0
        while True:
            rows = session.execute(
                select(m.AuditRecord)
                .where(m.AuditRecord.seq > last_seen, m.AuditRecord.at < before)
                .order_by(m.AuditRecord.seq)
                .limit(5000)
            ).scalars().all()
            if not rows:
                break
            for r in rows:
                fh.write(
                    canonical(
                        {
                            "seq": r.seq,
                            "at": r.at,
                            "user_id": r.user_id,
                            "username": r.username,
                            "workstation": r.workstation,
                            "action": r.action,
                            "entity": r.entity,
                            "entity_id": r.entity_id,
                            "before": r.before,
                            "after": r.after,
                            "prev_hash": r.prev_hash,
                            "hash": r.hash,
                        }
                    )
                    + "\n"
                )
                n += 1
                first = r.seq if first is None else first
                last, last_hash = r.seq, r.hash
                last_seen = r.seq
            session.expunge_all()
    part.replace(out)
    with Session(engine) as session, session.begin():
        append_audit(
            session,
            actor,
            "audit_archived",
            "audit_log",
            None,
            None,
            {"file": str(out), "records": n, "first_seq": first, "last_seq": last, "before": before},
        )
    return ArchiveReport(out, n, first, last, last_hash)


def verify_archive(path: str | Path) -> tuple[bool, int, str]:
    """Check an archive file on its own: every record's hash and link. Returns (ok, records,
    reason); the chain may start after the genesis record (its first prev_hash is trusted)."""
    with Path(path).open(encoding="utf-8") as fh:
        header = json.loads(fh.readline() or "{}")
        if header.get("format") != ARCHIVE_FORMAT:
            return False, 0, "not a GridDesk audit archive"
        prev: str | None = None
        n = 0
        for line in fh:
            rec = json.loads(line)
            if prev is not None and rec["prev_hash"] != prev:
                return False, n, f"record {rec['seq']}: its link to the previous record is broken"
            if record_hash(rec, rec["prev_hash"]) != rec["hash"]:
                return False, n, f"record {rec['seq']}: its content was changed"
            prev = rec["hash"]
            n += 1
    return True, n, ""
