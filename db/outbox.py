"""The outbox: messages for other systems, written in the same transaction as the change
that causes them and delivered afterwards by an adapter (the transactional-outbox pattern).

A case operation that forwards a case to the police platform, notifies a department or
escalates to the district writes an `outbox` row (`enqueue`); nothing leaves the machine
inside that transaction. `send_pending(engine, adapter)` then delivers what is due, one
message per transaction: the message is claimed first (PostgreSQL: FOR UPDATE SKIP LOCKED;
both: a conditional UPDATE that only one workstation can win), handed to the adapter, and
marked sent or failed with its attempt count; failed messages are retried with a growing
delay until `max_attempts`. Delivery is at least once: a message's id is in its payload and
in the adapter's file name, so a receiver can drop a repeat.

Escalation sheets (抄报单) are document requests, not messages: the desktop renders the PDF
from the stored payload and marks the row done with `mark_document_rendered`.

`JsonFolderAdapter` is the adapter for now: it "sends" by writing one JSON file per message
into a folder (atomically: a temporary file renamed into place).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, func, or_, select, update
from sqlalchemy.orm import Session

from db.clock import now
from db.console_models import OutboxKind, OutboxMessage, OutboxStatus
from db.ops import (
    Actor,
    ChangeSet,
    InvalidTransition,
    NotFound,
    OperationContext,
    require,
    run_operation,
)
from db.permissions import Permission

SENDABLE_KINDS: tuple[str, ...] = (OutboxKind.POLICE_FORWARD, OutboxKind.NOTICE)
DEFAULT_MAX_ATTEMPTS = 5
BASE_RETRY_DELAY = timedelta(seconds=30)
MAX_RETRY_DELAY = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One outbox row as plain data."""

    id: int
    kind: str
    case_id: int | None
    target: str
    payload: dict[str, Any]
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None
    external_ref: str


def _item(row: OutboxMessage) -> OutboxItem:
    return OutboxItem(
        id=row.id,
        kind=row.kind,
        case_id=row.case_id,
        target=row.target,
        payload=dict(row.payload or {}),
        status=row.status,
        attempts=row.attempts,
        last_error=row.last_error,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        sent_at=row.sent_at,
        external_ref=row.external_ref,
    )


# ---------------------------------------------------------------- writing (inside operations)


def enqueue(
    session: Session,
    *,
    kind: str,
    target: str,
    payload: dict[str, Any],
    case_id: int | None = None,
    created_by: int | None = None,
) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction; returns the flushed row."""
    if kind not in {k.value for k in OutboxKind}:
        raise ValueError(f"unknown outbox kind {kind!r}")
    msg = OutboxMessage(
        kind=kind,
        case_id=case_id,
        target=target,
        payload=payload,
        status=OutboxStatus.PENDING,
        attempts=0,
        last_error="",
        created_at=now(),
        created_by=created_by,
        external_ref="",
    )
    session.add(msg)
    session.flush()
    # the id is known only now; receivers use it to drop repeats
    msg.payload = {**payload, "message_id": msg.id, "kind": kind, "target": target}
    session.flush()
    return msg


# ---------------------------------------------------------------- adapters


class OutboxAdapter(Protocol):
    """Delivers one message; returns an external reference (a file name, a platform id)
    or raises any exception to report a failure."""

    name: str

    def send(self, message: OutboxItem) -> str: ...


class JsonFolderAdapter:
    """Writes each message as `<folder>/<kind>/<id>_<case number>.json` (UTF-8, indented).

    A repeated delivery of the same message overwrites the same file."""

    name = "json-folder"

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def path_for(self, message: OutboxItem) -> Path:
        number = str(message.payload.get("case_number") or "").replace("/", "_")
        stem = f"{message.id:08d}_{number}" if number else f"{message.id:08d}"
        return self.folder / message.kind / f"{stem}.json"

    def send(self, message: OutboxItem) -> str:
        path = self.path_for(message)
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "message_id": message.id,
            "kind": message.kind,
            "target": message.target,
            "case_id": message.case_id,
            "created_at": message.created_at.isoformat(sep=" "),
            "attempt": message.attempts,
            "payload": message.payload,
        }
        tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
        tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        tmp.replace(path)
        return str(path)


# ---------------------------------------------------------------- delivering


@dataclass(slots=True)
class SendReport:
    """What one `send_pending` run did."""

    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)

    @property
    def attempted(self) -> int:
        return len(self.sent) + len(self.failed)


def retry_delay(attempts: int) -> timedelta:
    """Wait before the next attempt after `attempts` failures: 30 s, 1 min, 2 min, ... 1 h."""
    delay = BASE_RETRY_DELAY * (2 ** max(attempts - 1, 0))
    return min(delay, MAX_RETRY_DELAY)


def _due_clause(kinds: Iterable[str], max_attempts: int, at: datetime) -> list[Any]:
    return [
        OutboxMessage.kind.in_(list(kinds)),
        OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.FAILED]),
        OutboxMessage.attempts < max_attempts,
        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= at),
    ]


def _deliver_next(
    ctx: OperationContext,
    adapter: OutboxAdapter,
    kinds: tuple[str, ...],
    max_attempts: int,
    skip: frozenset[int],
    report: SendReport,
) -> ChangeSet:
    """Claim the oldest due message, hand it to the adapter, record the outcome."""
    require(ctx.actor, Permission.CASE_FORWARD_POLICE)
    session = ctx.session
    at = now()
    postgres = session.get_bind().dialect.name == "postgresql"
    for _ in range(20):  # another workstation may win a candidate; try the next one
        stmt = select(OutboxMessage.id, OutboxMessage.attempts).where(*_due_clause(kinds, max_attempts, at))
        if skip:
            stmt = stmt.where(OutboxMessage.id.not_in(skip))
        stmt = stmt.order_by(OutboxMessage.id).limit(1)
        if postgres:
            stmt = stmt.with_for_update(skip_locked=True)
        row = session.execute(stmt).first()
        if row is None:
            return ChangeSet()
        msg_id, seen_attempts = int(row[0]), int(row[1])
        claimed = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == msg_id, OutboxMessage.attempts == seen_attempts, *_due_clause(kinds, max_attempts, at))
            .values(attempts=seen_attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            break
    else:
        return ChangeSet()
    msg = session.get(OutboxMessage, msg_id, populate_existing=True)
    assert msg is not None
    try:
        ref = adapter.send(_item(msg))
    except Exception as exc:  # any adapter failure is recorded, never raised
        error = f"{type(exc).__name__}: {exc}"[:2000]
        msg.status = OutboxStatus.FAILED
        msg.last_error = error
        msg.next_attempt_at = at + retry_delay(msg.attempts)
        report.failed.append(msg.id)
        report.errors[msg.id] = error
        ctx.record(
            "outbox_failed", "outbox", msg.id, None,
            {"kind": msg.kind, "attempts": msg.attempts, "error": error, "adapter": adapter.name},
        )
    else:
        msg.status = OutboxStatus.SENT
        msg.sent_at = at
        msg.last_error = ""
        msg.next_attempt_at = None
        msg.external_ref = str(ref)[:255]
        report.sent.append(msg.id)
        ctx.record(
            "outbox_sent", "outbox", msg.id, None,
            {"kind": msg.kind, "attempts": msg.attempts, "ref": msg.external_ref, "adapter": adapter.name},
        )
    session.flush()
    return ChangeSet(summary=f"outbox message {msg.id} {msg.status}").add("outbox", msg.id)


def send_pending(
    engine: Engine,
    adapter: OutboxAdapter,
    *,
    kinds: Iterable[str] = SENDABLE_KINDS,
    limit: int = 100,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    actor: Actor | None = None,
) -> SendReport:
    """Deliver up to `limit` due messages (oldest first), each in its own transaction.

    Safe to run on several workstations at once: a message is claimed by exactly one."""
    who = actor or Actor.system("outbox")
    kinds_t = tuple(kinds)
    report = SendReport()
    done: set[int] = set()
    for _ in range(limit):
        changes = run_operation(
            engine, who, Permission.CASE_FORWARD_POLICE, _deliver_next,
            adapter, kinds_t, max_attempts, frozenset(done), report,
        )
        ids = changes.ids("outbox")
        if not ids:
            break
        done |= ids  # a message that just failed is not retried in the same run
    return report


# ---------------------------------------------------------------- operations on messages


def retry_message(ctx: OperationContext, message_id: int) -> ChangeSet:
    """Operation (Permission.CASE_FORWARD_POLICE): send a failed message again now, with a
    fresh attempt count."""
    require(ctx.actor, Permission.CASE_FORWARD_POLICE)
    msg = ctx.session.get(OutboxMessage, message_id)
    if msg is None:
        raise NotFound(f"outbox message {message_id} does not exist")
    if msg.status != OutboxStatus.FAILED:
        raise InvalidTransition(f"outbox message {message_id} is {msg.status}, not failed: nothing to retry")
    before = {"status": msg.status, "attempts": msg.attempts, "last_error": msg.last_error}
    msg.status = OutboxStatus.PENDING
    msg.attempts = 0
    msg.next_attempt_at = None
    ctx.session.flush()
    ctx.record("outbox_retry", "outbox", msg.id, before, {"status": msg.status, "attempts": 0})
    return ChangeSet(summary=f"outbox message {message_id} will be sent again").add("outbox", msg.id)


def mark_document_rendered(ctx: OperationContext, message_id: int, path: str) -> ChangeSet:
    """Operation (Permission.CASE_ESCALATE): the desktop rendered an escalation sheet's PDF
    to `path`; the request is done."""
    require(ctx.actor, Permission.CASE_ESCALATE)
    msg = ctx.session.get(OutboxMessage, message_id)
    if msg is None:
        raise NotFound(f"outbox message {message_id} does not exist")
    if msg.kind != OutboxKind.ESCALATION_SHEET:
        raise InvalidTransition(f"outbox message {message_id} is a {msg.kind}, not an escalation sheet")
    before = {"status": msg.status, "external_ref": msg.external_ref}
    msg.status = OutboxStatus.SENT
    msg.sent_at = now()
    msg.external_ref = path[:255]
    msg.attempts += 1
    ctx.session.flush()
    ctx.record("escalation_sheet_rendered", "outbox", msg.id, before, {"status": msg.status, "path": msg.external_ref})
    if msg.case_id is not None:
        return ChangeSet(summary="escalation sheet rendered").add("outbox", msg.id).add("case", msg.case_id)
    return ChangeSet(summary="escalation sheet rendered").add("outbox", msg.id)


# ---------------------------------------------------------------- reading


def list_messages(
    session: Session,
    *,
    status: str | None = None,
    kind: str | None = None,
    case_id: int | None = None,
    limit: int = 200,
) -> list[OutboxItem]:
    """Outbox rows, newest first, optionally of one status, kind or case."""
    stmt = select(OutboxMessage)
    if status is not None:
        stmt = stmt.where(OutboxMessage.status == status)
    if kind is not None:
        stmt = stmt.where(OutboxMessage.kind == kind)
    if case_id is not None:
        stmt = stmt.where(OutboxMessage.case_id == case_id)
    rows = session.execute(stmt.order_by(OutboxMessage.id.desc()).limit(limit)).scalars().all()
    return [_item(r) for r in rows]


def pending_documents(session: Session, limit: int = 100) -> list[OutboxItem]:
    """Escalation sheets the desktop still has to render, oldest first."""
    rows = session.execute(
        select(OutboxMessage)
        .where(OutboxMessage.kind == OutboxKind.ESCALATION_SHEET, OutboxMessage.status == OutboxStatus.PENDING)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).scalars().all()
    return [_item(r) for r in rows]


def outbox_counts(session: Session) -> dict[str, int]:
    """Messages per status (pending, sent, failed), for a status-bar badge."""
    rows = session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
    counts = {s.value: 0 for s in OutboxStatus}
    counts.update({str(s): int(n) for s, n in rows})
    return counts
