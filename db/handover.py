"""Shift handover (交接班) of the 24-hour duty room.

The duty day is cut into shifts, by default day 08:30-17:30 and night 17:30-08:30 (next
morning); the pattern is a setting (`shift_pattern`, JSON) changed with `set_shift_pattern`.
A night shift belongs to the duty day it starts on.

At handover the outgoing officer signs off a shift summary (`hand_over_shift`): what came
in, was registered, dispatched, escalated, forwarded, closed in the shift (counted from the
case timeline in SQL), what is overdue and what urgent cases are still open, plus notes. The
incoming officer acknowledges it (`acknowledge_handover`); both signatures are kept in
`shift_handovers`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from db import models as m
from db.clock import now
from db.console_models import (
    CaseExtension,
    ExtensionStatus,
    HandoverStatus,
    OutboxMessage,
    OutboxStatus,
    ShiftHandover,
)
from db.ops import (
    ChangeSet,
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    OperationContext,
    PermissionDenied,
    require,
)
from db.permissions import Permission, has_permission

SETTING_KEY = "shift_pattern"


@dataclass(frozen=True, slots=True)
class ShiftDef:
    """One shift of the pattern: name and clock times (end <= start means next day)."""

    name: str
    start: time
    end: time


DEFAULT_PATTERN: tuple[ShiftDef, ...] = (
    ShiftDef("day", time(8, 30), time(17, 30)),
    ShiftDef("night", time(17, 30), time(8, 30)),
)


@dataclass(frozen=True, slots=True)
class Shift:
    """One concrete shift: its name, the duty day it belongs to, and its time window."""

    name: str
    duty_date: date
    start: datetime
    end: datetime


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def validate_pattern(pattern: tuple[ShiftDef, ...] | list[ShiftDef]) -> tuple[ShiftDef, ...]:
    """Shifts must follow each other without gaps and together cover 24 hours."""
    pat = tuple(pattern)
    if not pat:
        raise InvalidInput("a shift pattern needs at least one shift")
    names = [s.name.strip() for s in pat]
    if any(not n for n in names) or len(set(names)) != len(names):
        raise InvalidInput("every shift needs a name of its own")
    total = 0
    for i, s in enumerate(pat):
        nxt = pat[(i + 1) % len(pat)]
        if s.end != nxt.start:
            raise InvalidInput(f"shift {s.name} ends at {s.end:%H:%M} but {nxt.name} starts at {nxt.start:%H:%M}")
        length = (_minutes(s.end) - _minutes(s.start)) % (24 * 60) or 24 * 60
        total += length
    if total != 24 * 60:
        raise InvalidInput("the shifts must together cover exactly 24 hours")
    return pat


def pattern_to_json(pattern: tuple[ShiftDef, ...] | list[ShiftDef]) -> str:
    return json.dumps([{"name": s.name, "start": f"{s.start:%H:%M}", "end": f"{s.end:%H:%M}"} for s in pattern])


def pattern_from_json(raw: str) -> tuple[ShiftDef, ...]:
    items = json.loads(raw)
    return validate_pattern(
        [ShiftDef(str(i["name"]), time.fromisoformat(i["start"]), time.fromisoformat(i["end"])) for i in items]
    )


def load_shift_pattern(session: Session) -> tuple[ShiftDef, ...]:
    """The configured pattern, or the default day/night one."""
    row = session.get(m.Setting, SETTING_KEY)
    if row is None or not row.value.strip():
        return DEFAULT_PATTERN
    try:
        return pattern_from_json(row.value)
    except (ValueError, KeyError, TypeError, InvalidInput):
        return DEFAULT_PATTERN


def shifts_of_day(duty_date: date, pattern: tuple[ShiftDef, ...] = DEFAULT_PATTERN) -> list[Shift]:
    """The shifts of one duty day, in order; one ending at or before its start time ends
    the next day."""
    out: list[Shift] = []
    day_start = datetime.combine(duty_date, pattern[0].start)
    cursor = day_start
    for s in pattern:
        start = datetime.combine(cursor.date(), s.start)
        if start < cursor:
            start += timedelta(days=1)
        length = (_minutes(s.end) - _minutes(s.start)) % (24 * 60) or 24 * 60
        end = start + timedelta(minutes=length)
        out.append(Shift(s.name, duty_date, start, end))
        cursor = end
    return out


def shift_at(at: datetime, pattern: tuple[ShiftDef, ...] = DEFAULT_PATTERN) -> Shift:
    """The shift running at `at` (a night shift after midnight belongs to the day before)."""
    for day in (at.date(), at.date() - timedelta(days=1)):
        for s in shifts_of_day(day, pattern):
            if s.start <= at < s.end:
                return s
    raise AssertionError("a validated pattern covers every moment")  # pragma: no cover


def previous_shift(shift: Shift, pattern: tuple[ShiftDef, ...] = DEFAULT_PATTERN) -> Shift:
    return shift_at(shift.start - timedelta(seconds=1), pattern)


def handover_shift(at: datetime, pattern: tuple[ShiftDef, ...] = DEFAULT_PATTERN) -> Shift:
    """The shift a handover at `at` closes: the running one, or the one just ended when the
    handover happens in the first half of the next shift (a late handover)."""
    cur = shift_at(at, pattern)
    if at - cur.start < cur.end - at:
        return previous_shift(cur, pattern)
    return cur


# ---------------------------------------------------------------- the summary


@dataclass(frozen=True, slots=True)
class OpenCaseLine:
    id: int
    number: str
    state: str
    deadline_at: datetime | None
    category_name: str


@dataclass(frozen=True, slots=True)
class ShiftSummary:
    """What happened in a shift (counted from the timeline in [start, end)) and what the
    next shift inherits (as of `at`)."""

    start: datetime
    end: datetime
    at: datetime
    received: int  # reports that came in
    registered: int
    rejected: int
    handled_on_spot: int
    dispatched: int  # incl. redispatches
    escalated: int
    forwarded_police: int
    feedback: int
    returned: int
    reworked: int
    closed: int
    merged: int
    still_open: int  # open, not long-term, as of `at`
    overdue: int  # open, not long-term, deadline passed, as of `at`
    long_term: int
    urgent_open: int
    pending_extensions: int
    outbox_failed: int
    urgent_cases: list[OpenCaseLine] = field(default_factory=list)
    notes: str = ""

    def as_json(self) -> dict[str, Any]:
        def conv(v: Any) -> Any:
            if isinstance(v, datetime):
                return v.isoformat(sep=" ")
            if isinstance(v, list):
                return [conv(x) for x in v]
            if isinstance(v, dict):
                return {k: conv(x) for k, x in v.items()}
            return v

        return {k: conv(v) for k, v in asdict(self).items()}


_EVENT_FIELDS = {
    "register": "registered",
    "reject": "rejected",
    "handle_on_spot": "handled_on_spot",
    "dispatch": "dispatched",
    "redispatch": "dispatched",
    "escalate": "escalated",
    "forward_police": "forwarded_police",
    "feedback": "feedback",
    "return": "returned",
    "rework": "reworked",
    "close": "closed",
    "merge": "merged",
}


def shift_summary(
    session: Session, start: datetime, end: datetime, *, at: datetime | None = None, notes: str = "", urgent_limit: int = 20
) -> ShiftSummary:
    """The summary of the window [start, end), aggregated in SQL; the open, overdue and
    urgent figures are as of `at` (default: now, or `end` if that is earlier)."""
    if end <= start:
        raise InvalidInput("the shift must end after it starts")
    at = at or min(now(), end)
    counts = dict.fromkeys(set(_EVENT_FIELDS.values()), 0)
    rows = session.execute(
        select(m.CaseEvent.kind, func.count())
        .where(m.CaseEvent.at >= start, m.CaseEvent.at < end, m.CaseEvent.kind.in_(list(_EVENT_FIELDS)))
        .group_by(m.CaseEvent.kind)
    ).all()
    for kind, n in rows:
        counts[_EVENT_FIELDS[kind]] += int(n)
    received = session.execute(
        select(func.count(m.Case.id)).where(m.Case.reported_at >= start, m.Case.reported_at < end)
    ).scalar_one()
    open_states = [s.value for s in m.OPEN_STATES if s != m.CaseState.LONG_TERM]
    still_open, overdue, urgent_open = session.execute(
        select(
            func.count(m.Case.id),
            func.coalesce(func.sum(case((m.Case.deadline_at < at, 1), else_=0)), 0),
            func.coalesce(func.sum(case((m.Case.urgent.is_(True), 1), else_=0)), 0),
        ).where(m.Case.state.in_(open_states))
    ).one()
    long_term = session.execute(
        select(func.count(m.Case.id)).where(m.Case.state == m.CaseState.LONG_TERM.value)
    ).scalar_one()
    urgent = session.execute(
        select(m.Case.id, m.Case.number, m.Case.state, m.Case.deadline_at, m.Category.name)
        .join(m.Category, m.Category.id == m.Case.category_id)
        .where(m.Case.state.in_(open_states), m.Case.urgent.is_(True))
        .order_by(m.Case.deadline_at, m.Case.id)
        .limit(urgent_limit)
    ).all()
    pending_ext = session.execute(
        select(func.count(CaseExtension.id)).where(CaseExtension.status == ExtensionStatus.PENDING)
    ).scalar_one()
    failed = session.execute(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.status == OutboxStatus.FAILED)
    ).scalar_one()
    return ShiftSummary(
        start=start, end=end, at=at, received=int(received),
        still_open=int(still_open), overdue=int(overdue), long_term=int(long_term),
        urgent_open=int(urgent_open), pending_extensions=int(pending_ext), outbox_failed=int(failed),
        urgent_cases=[OpenCaseLine(i, n, s, d, c) for i, n, s, d, c in urgent],
        notes=notes, **counts,
    )


# ---------------------------------------------------------------- handover records


@dataclass(frozen=True, slots=True)
class HandoverInfo:
    id: int
    shift_name: str
    shift_start: datetime
    shift_end: datetime
    status: str
    outgoing_user_id: int | None
    outgoing_name: str
    outgoing_workstation: str
    signed_off_at: datetime
    incoming_user_id: int | None
    incoming_name: str
    acknowledged_at: datetime | None
    acknowledged_workstation: str
    acknowledge_note: str
    notes: str
    summary: dict[str, Any]
    version: int


def _info(h: ShiftHandover) -> HandoverInfo:
    return HandoverInfo(
        h.id, h.shift_name, h.shift_start, h.shift_end, h.status, h.outgoing_user_id, h.outgoing_name,
        h.outgoing_workstation, h.signed_off_at, h.incoming_user_id, h.incoming_name, h.acknowledged_at,
        h.acknowledged_workstation, h.acknowledge_note, h.notes, dict(h.summary or {}), h.version,
    )


def list_handovers(session: Session, limit: int = 30) -> list[HandoverInfo]:
    """The latest handovers, newest first."""
    rows = session.execute(
        select(ShiftHandover).order_by(ShiftHandover.shift_start.desc(), ShiftHandover.id.desc()).limit(limit)
    ).scalars()
    return [_info(h) for h in rows]


def handover(session: Session, handover_id: int) -> HandoverInfo | None:
    h = session.get(ShiftHandover, handover_id)
    return _info(h) if h is not None else None


def awaiting_acknowledgement(session: Session, user_id: int) -> list[HandoverInfo]:
    """Handovers signed off to `user_id` that they have not acknowledged yet."""
    rows = session.execute(
        select(ShiftHandover)
        .where(ShiftHandover.incoming_user_id == user_id, ShiftHandover.status == HandoverStatus.SIGNED_OFF)
        .order_by(ShiftHandover.shift_start)
    ).scalars()
    return [_info(h) for h in rows]


def hand_over_shift(
    ctx: OperationContext,
    incoming_user_id: int,
    *,
    notes: str = "",
    shift_start: datetime | None = None,
    shift_end: datetime | None = None,
    shift_name: str = "",
) -> ChangeSet:
    """Operation (Permission.SHIFT_HANDOVER): the outgoing officer (the actor) signs off
    the summary of the shift (by default the one a handover now closes) to the incoming
    officer."""
    require(ctx.actor, Permission.SHIFT_HANDOVER)
    session = ctx.session
    at = now()
    if (shift_start is None) != (shift_end is None):
        raise InvalidInput("give both the start and the end of the shift, or neither")
    if shift_start is None or shift_end is None:
        s = handover_shift(at, load_shift_pattern(session))
        shift_start, shift_end, shift_name = s.start, s.end, shift_name or s.name
    if shift_end <= shift_start:
        raise InvalidInput("the shift must end after it starts")
    incoming = session.get(m.User, incoming_user_id)
    if incoming is None:
        raise NotFound(f"user {incoming_user_id} does not exist")
    if not incoming.active or not has_permission(incoming.role, Permission.SHIFT_HANDOVER):
        raise InvalidInput(f"{incoming.display_name} cannot take over a duty shift")
    if incoming.id == ctx.actor.user_id:
        raise InvalidInput("the incoming officer must be someone else")
    earlier = session.execute(
        select(ShiftHandover).where(ShiftHandover.shift_start == shift_start).order_by(ShiftHandover.id.desc())
    ).scalars().first()
    if earlier is not None:
        raise InvalidTransition(
            f"this shift was already handed over by {earlier.outgoing_name} at {earlier.signed_off_at:%Y-%m-%d %H:%M}"
        )
    summary = shift_summary(session, shift_start, shift_end, at=at, notes=notes.strip())
    h = ShiftHandover(
        shift_name=shift_name,
        shift_start=shift_start,
        shift_end=shift_end,
        outgoing_user_id=ctx.actor.user_id,
        outgoing_name=ctx.actor.display_name or ctx.actor.username,
        outgoing_workstation=ctx.actor.workstation,
        signed_off_at=at,
        incoming_user_id=incoming.id,
        incoming_name=incoming.display_name,
        acknowledged_workstation="",
        acknowledge_note="",
        status=HandoverStatus.SIGNED_OFF,
        notes=notes.strip(),
        summary=summary.as_json(),
        version=1,
    )
    session.add(h)
    session.flush()
    ctx.record(
        "shift_handover", "shift_handover", h.id, None,
        {"shift": shift_name, "start": shift_start, "end": shift_end, "incoming": incoming.username,
         "received": summary.received, "closed": summary.closed, "overdue": summary.overdue},
    )
    return ChangeSet(summary=f"shift handed over to {incoming.display_name}").add("shift_handover", h.id)


def acknowledge_handover(
    ctx: OperationContext, handover_id: int, expected_version: int, *, note: str = ""
) -> ChangeSet:
    """Operation (Permission.SHIFT_HANDOVER): the incoming officer acknowledges the
    handover signed off to them."""
    require(ctx.actor, Permission.SHIFT_HANDOVER)
    h = ctx.session.get(ShiftHandover, handover_id, with_for_update=True)
    if h is None:
        raise NotFound(f"handover {handover_id} does not exist")
    if h.incoming_user_id != ctx.actor.user_id:
        raise PermissionDenied(f"this handover was signed off to {h.incoming_name}; only they can acknowledge it")
    if h.status != HandoverStatus.SIGNED_OFF:
        raise InvalidTransition(f"this handover was already acknowledged at {h.acknowledged_at:%Y-%m-%d %H:%M}")
    if h.version != expected_version:
        raise Conflict("this handover was changed meanwhile; reload it and try again", current={"version": h.version})
    h.status = HandoverStatus.ACKNOWLEDGED
    h.acknowledged_at = now()
    h.acknowledged_workstation = ctx.actor.workstation
    h.acknowledge_note = note.strip()
    ctx.session.flush()
    ctx.record(
        "shift_handover_acknowledged", "shift_handover", h.id, {"status": HandoverStatus.SIGNED_OFF},
        {"status": h.status, "note": h.acknowledge_note},
    )
    return ChangeSet(summary="handover acknowledged").add("shift_handover", h.id)


def set_shift_pattern(ctx: OperationContext, pattern: list[ShiftDef] | tuple[ShiftDef, ...]) -> ChangeSet:
    """Operation (Permission.SETTINGS_ADMIN): change the shift pattern."""
    require(ctx.actor, Permission.SETTINGS_ADMIN)
    pat = validate_pattern(pattern)
    row = ctx.session.get(m.Setting, SETTING_KEY)
    before = {"pattern": row.value} if row is not None else None
    if row is None:
        row = m.Setting(key=SETTING_KEY, value=pattern_to_json(pat))
        ctx.session.add(row)
    else:
        row.value = pattern_to_json(pat)
    ctx.session.flush()
    ctx.record("set_shift_pattern", "setting", None, before, {"pattern": row.value})
    return ChangeSet(summary="shift pattern changed").add("setting", 0)


# ---------------------------------------------------------------- who can take over


@dataclass(frozen=True, slots=True)
class OfficerItem:
    """An active account that may take over a duty shift (the incoming-officer picker)."""

    user_id: int
    username: str
    display_name: str
    role: str


def incoming_officers(session: Session, *, exclude_user_id: int | None = None) -> list[OfficerItem]:
    """Active accounts whose role may hand over / take over a shift, duty officers first."""
    roles = [r.value for r in m.Role if has_permission(r.value, Permission.SHIFT_HANDOVER)]
    stmt = (
        select(m.User.id, m.User.username, m.User.display_name, m.User.role)
        .where(m.User.active.is_(True), m.User.role.in_(roles))
        .order_by((m.User.role != m.Role.DUTY_OFFICER.value), m.User.username)
    )
    if exclude_user_id is not None:
        stmt = stmt.where(m.User.id != exclude_user_id)
    return [OfficerItem(int(i), u, d or u, r) for i, u, d, r in session.execute(stmt).all()]
