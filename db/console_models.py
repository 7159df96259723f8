"""Tables of the duty officer's console: the holiday calendar, the outbox, deadline
extension requests, shift handovers, the per-day case-number counter, and the indexes the
live queues need.

The columns the console adds to `cases` (claimed_by, claimed_at, dispatch_due_at,
outside_town, merged_into_id) live on `db.models.Case`; they carry no foreign keys so that
SQLite can add them with a plain ALTER TABLE (a table rebuild would cascade-delete the
case events).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, Case, CaseEvent


class HolidayKind(StrEnum):
    HOLIDAY = "holiday"  # 放假: no working hours that day
    WORKDAY = "workday"  # 调休上班: a weekend day made a working day


class Holiday(Base):
    """One day of the holiday calendar the deadlines count working hours against."""

    __tablename__ = "holidays"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64), default="")


class OutboxKind(StrEnum):
    POLICE_FORWARD = "police_forward"  # a police-type case for the police platform
    NOTICE = "notice"  # a dispatch or escalation notice to a department
    ESCALATION_SHEET = "escalation_sheet"  # 抄报单: the desktop renders the PDF from the payload


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"  # delivered (or, for a sheet, rendered)
    FAILED = "failed"  # the last attempt failed; retried until attempts reach the limit


class OutboxMessage(Base):
    """A message for another system, written in the same transaction as the case change
    and delivered afterwards by an adapter (see db/outbox.py)."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(64), default="")  # "police_platform" or a department code
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    external_ref: Mapped[str] = mapped_column(String(255), default="")  # file written, platform id
    __table_args__ = (Index("ix_outbox_status_id", "status", "id"),)


class ExtensionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class CaseExtension(Base):
    """A department's request for more time on a case (申请延期) and its decision."""

    __tablename__ = "case_extensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_by_name: Mapped[str] = mapped_column(String(64), default="")
    old_deadline: Mapped[datetime | None] = mapped_column(DateTime)
    requested_deadline: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=ExtensionStatus.PENDING, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_name: Mapped[str] = mapped_column(String(64), default="")
    granted_deadline: Mapped[datetime | None] = mapped_column(DateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")


class HandoverStatus(StrEnum):
    SIGNED_OFF = "signed_off"  # the outgoing officer signed the summary
    ACKNOWLEDGED = "acknowledged"  # the incoming officer acknowledged it


class ShiftHandover(Base):
    """A shift handover (交接班): the summary the outgoing officer signs off and the
    incoming officer acknowledges; both signatures are kept."""

    __tablename__ = "shift_handovers"
    id: Mapped[int] = mapped_column(primary_key=True)
    shift_name: Mapped[str] = mapped_column(String(32), default="")
    shift_start: Mapped[datetime] = mapped_column(DateTime, index=True)
    shift_end: Mapped[datetime] = mapped_column(DateTime)
    outgoing_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outgoing_name: Mapped[str] = mapped_column(String(64), default="")
    outgoing_workstation: Mapped[str] = mapped_column(String(64), default="")
    signed_off_at: Mapped[datetime] = mapped_column(DateTime)
    incoming_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    incoming_name: Mapped[str] = mapped_column(String(64), default="")
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledged_workstation: Mapped[str] = mapped_column(String(64), default="")
    acknowledge_note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=HandoverStatus.SIGNED_OFF)
    notes: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CaseNumberCounter(Base):
    """The last case number handed out per day (ZX20261127-0012), locked by an UPDATE."""

    __tablename__ = "case_number_counters"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


# ---------------------------------------------------------------- indexes the queues need

# Queues are "the cases of one state, most urgent and oldest first": a partial index over
# the open cases only keeps that an index range scan however many closed cases pile up.
_OPEN = text("state NOT IN ('closed', 'rejected')")
Index(
    "ix_cases_open_queue",
    Case.state,
    Case.urgent,
    Case.reported_at,
    sqlite_where=_OPEN,
    postgresql_where=_OPEN,
)
# "Take the next case" and "my cases" look cases up by who claimed them.
Index("ix_cases_claimed_by", Case.claimed_by)
# Nearby duplicates: same category within a few days.
Index("ix_cases_category_reported", Case.category_id, Case.reported_at)
# Shift summaries count timeline events in a time window.
Index("ix_case_events_at_kind", CaseEvent.at, CaseEvent.kind)
