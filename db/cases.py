"""The case workflow as operations: 发现 → 派单 → 处置 → 反馈 → 核查 → 结案.

Every function here taking an `OperationContext` first is an operation: run it with
`db.ops.run_operation(engine, actor, <its permission>, fn, ...)`, or simply with
`perform(engine, actor, fn, ...)`, which looks its permission up in `PERMISSION_OF`. Each
operation checks its permission itself as well, runs in one transaction, writes a
`case_events` row (who, workstation, when, from/to state, note, what changed) and an audit
entry, and returns `ChangeSet().add("case", id)`.

Optimistic locking: every action on an existing case takes `expected_version`, the version
the user was looking at. The case row is locked first (PostgreSQL: SELECT ... FOR UPDATE;
SQLite: a no-op UPDATE that takes the database's write lock), so a stale version is always
seen and reported as `Conflict` naming who did what when (from the case's last event), with
the fresh case summary in `Conflict.current`.

State machine (db.models.CaseState):

    reported ──register──▶ to_dispatch ──dispatch──▶ dispatched ──feedback──▶ feedback ──close──▶ closed
       │ reject               │  │ ╲ handle_on_spot (level 1) ─────────────────▶ │  ▲
       ▼                      │  │  ╲ escalate (level 3) ─▶ escalated ─feedback─▶ │  │
    rejected                  │  └──forward_police─▶ police ──feedback / close────┘  │
                              │     returned ◀──return── dispatched                  │
                              └── returned ──dispatch (redispatch)──▶ dispatched     │
    feedback ──rework──▶ dispatched / escalated / to_dispatch      feedback ──close──┘
    to_dispatch, dispatched, escalated, returned, feedback ⇄ long_term (挂账)
    any open case ──merge──▶ closed (merged into a master case)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Concatenate, ParamSpec, cast

from sqlalchemy import CursorResult, Engine, Table, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from db import models as m
from db import outbox
from db.case_queries import (
    CaseFilter,
    Queue,
    case_summary,
    filter_clause,
    last_event,
    locate,
)
from db.case_queries import queue_clause as _queue_clause
from db.clock import now
from db.console_models import CaseExtension, CaseNumberCounter, ExtensionStatus, OutboxKind
from db.ops import (
    Actor,
    ChangeSet,
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    OperationContext,
    PermissionDenied,
    require,
    run_operation,
)
from db.permissions import Permission, has_permission
from db.privacy import mask_text
from db.worktime import case_deadline, dispatch_due, load_calendar

P = ParamSpec("P")
S = m.CaseState
_CASES = cast(Table, m.Case.__table__)
Op = Callable[Concatenate[OperationContext, P], ChangeSet]

# ---------------------------------------------------------------- the operation registry

PERMISSION_OF: dict[Callable[..., ChangeSet], Permission] = {}


def operation(permission: Permission) -> Callable[[Op[P]], Op[P]]:
    """Mark a function as an operation needing `permission`, checked on every call."""

    def deco(fn: Op[P]) -> Op[P]:
        @functools.wraps(fn)
        def wrapper(ctx: OperationContext, *args: P.args, **kwargs: P.kwargs) -> ChangeSet:
            require(ctx.actor, permission)
            return fn(ctx, *args, **kwargs)

        PERMISSION_OF[wrapper] = permission
        return wrapper

    return deco


def perform(engine: Engine, actor: Actor, fn: Op[P], *args: P.args, **kwargs: P.kwargs) -> ChangeSet:
    """Run a case operation with the permission it needs (see PERMISSION_OF)."""
    try:
        permission = PERMISSION_OF[fn]
    except KeyError:
        raise ValueError(f"{getattr(fn, '__name__', fn)!r} is not a case operation") from None
    return run_operation(engine, actor, permission, fn, *args, **kwargs)


# ---------------------------------------------------------------- words for messages

STATE_WORDS: dict[str, str] = {
    S.REPORTED: "a new report awaiting verification",
    S.TO_DISPATCH: "registered and waiting to be dispatched",
    S.DISPATCHED: "with a department",
    S.FEEDBACK: "awaiting verification of the feedback",
    S.CLOSED: "already closed",
    S.REJECTED: "rejected",
    S.RETURNED: "returned by the department",
    S.ESCALATED: "escalated to the district",
    S.POLICE: "with the police platform",
    S.LONG_TERM: "on the long-term register",
}

EVENT_WORDS: dict[str, str] = {
    "report": "reported",
    "register": "registered",
    "reject": "rejected",
    "categorize": "re-categorized",
    "handle_on_spot": "recorded as handled on the spot",
    "dispatch": "dispatched",
    "redispatch": "dispatched again",
    "escalate": "escalated to the district",
    "forward_police": "forwarded to the police platform",
    "feedback": "given feedback",
    "return": "returned as not theirs",
    "extension_request": "given an extension request",
    "extension_approved": "granted an extension",
    "extension_refused": "refused an extension",
    "verify": "verified on site",
    "close": "closed",
    "rework": "sent back for rework",
    "long_term": "put on the long-term register",
    "long_term_off": "taken off the long-term register",
    "merge": "merged into another case",
    "merged_from": "merged with a duplicate",
    "claim": "taken",
    "release": "released",
    "attach": "given an attachment",
    "attach_remove": "had an attachment removed",
}


def _name(actor: Actor) -> str:
    return actor.display_name or actor.username


def _jsonable(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat(sep=" ") if isinstance(v, datetime) else v.isoformat()
    return v


def _state_error(c: m.Case, action: str) -> InvalidTransition:
    if c.state == S.CLOSED and c.merged_into_id:
        return InvalidTransition(f"case {c.number} was merged into another case; act on that case instead")
    if c.state in (S.CLOSED, S.REJECTED):
        return InvalidTransition(f"case {c.number} is {STATE_WORDS[c.state]}")
    return InvalidTransition(f"case {c.number} is {STATE_WORDS.get(c.state, c.state)}: it cannot be {action} now")


def _need_state(c: m.Case, allowed: frozenset[str] | set[str] | tuple[str, ...], action: str) -> None:
    if c.state not in allowed:
        raise _state_error(c, action)


def _need_text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"{what} is required")
    return value


# ---------------------------------------------------------------- loading and locking


def _lock_case(ctx: OperationContext, case_id: int) -> m.Case:
    """Load a case for change, locked until the transaction ends."""
    session = ctx.session
    if session.get_bind().dialect.name == "postgresql":
        c = session.execute(
            select(m.Case).where(m.Case.id == case_id).with_for_update().execution_options(populate_existing=True)
        ).scalar_one_or_none()
    else:
        # a no-op write takes SQLite's write lock: nobody can commit a change after our read
        table = _CASES
        session.execute(update(table).where(table.c.id == case_id).values(updated_at=table.c.updated_at))
        c = session.get(m.Case, case_id, populate_existing=True)
    if c is None:
        raise NotFound(f"case {case_id} does not exist")
    return c


def conflict_for(session: Session, c: m.Case) -> Conflict:
    """The Conflict for a case that moved on: who did what when, and the fresh summary."""
    ev = last_event(session, c.id)
    if ev is None:
        msg = f"case {c.number} was changed by someone else; reload it and try again"
    else:
        what = EVENT_WORDS.get(ev.kind, f"changed ({ev.kind})")
        where = f" at workstation {ev.workstation}" if ev.workstation else ""
        msg = (
            f"case {c.number} was {what} by {ev.actor_name}{where} at {ev.at:%Y-%m-%d %H:%M}; "
            "reload it and try again"
        )
    return Conflict(msg, current=case_summary(session, c.id))


def _load(ctx: OperationContext, case_id: int, expected_version: int) -> m.Case:
    c = _lock_case(ctx, case_id)
    if c.version != expected_version:
        raise conflict_for(ctx.session, c)
    return c


def _category(session: Session, category_id: int) -> m.Category:
    cat = session.get(m.Category, category_id)
    if cat is None:
        raise NotFound(f"category {category_id} does not exist")
    if not cat.active:
        raise InvalidInput(f"category {cat.code} {cat.name} is no longer in use; choose another")
    return cat


def _department(session: Session, department_id: int, level: str, action: str) -> m.Department:
    d = session.get(m.Department, department_id)
    if d is None:
        raise NotFound(f"department {department_id} does not exist")
    if not d.active:
        raise InvalidInput(f"department {d.name} is no longer active; choose another")
    if d.level != level:
        hint = "escalate to the district instead" if d.level == m.DepartmentLevel.DISTRICT else "dispatch it instead"
        raise InvalidInput(f"{d.name} is a {d.level} department and cannot be {action}: {hint}")
    return d


def _own_department(ctx: OperationContext, c: m.Case) -> None:
    """Department liaisons act only on the cases dispatched to their department."""
    if ctx.actor.role == m.Role.DEPARTMENT_LIAISON and (
        ctx.actor.department_id is None or ctx.actor.department_id != c.department_id
    ):
        raise PermissionDenied(f"case {c.number} is not with your department; you may act only on your own cases")


# ---------------------------------------------------------------- writing a step


def _event(
    ctx: OperationContext,
    c: m.Case,
    kind: str,
    from_state: str | None,
    to_state: str | None,
    *,
    note: str = "",
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> m.CaseEvent:
    ev = m.CaseEvent(
        case_id=c.id,
        at=at or now(),
        kind=kind,
        actor_user_id=ctx.actor.user_id,
        actor_name=_name(ctx.actor),
        workstation=ctx.actor.workstation,
        from_state=from_state,
        to_state=to_state,
        department_id=c.department_id,
        note=note,
        data=data,
    )
    ctx.session.add(ev)
    return ev


def _apply(
    ctx: OperationContext,
    c: m.Case,
    kind: str,
    *,
    to_state: str | None = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    keep_claim: bool = False,
    summary: str = "",
) -> ChangeSet:
    """Change a case: set fields, move state, bump the version, write event and audit."""
    at = now()
    changes = dict(changes or {})
    from_state = c.state
    if to_state is not None and to_state != from_state:
        changes["state"] = to_state
    if not keep_claim and c.claimed_by is not None:
        changes.setdefault("claimed_by", None)
        changes.setdefault("claimed_at", None)
    changes["updated_at"] = at
    before = {k: getattr(c, k) for k in changes}
    for k, v in changes.items():
        setattr(c, k, v)
    flag_modified(c, "updated_at")  # every step bumps the version, even one changing no field
    ctx.session.flush()  # the version check happens here
    diff = {k: [_jsonable(before[k]), _jsonable(v)] for k, v in changes.items() if k != "updated_at" and before[k] != v}
    payload = {**(data or {}), "changed": diff} if diff else (data or None)
    _event(ctx, c, kind, from_state, c.state, note=note, data=payload, at=at)
    ctx.record(
        f"case_{kind}",
        "case",
        c.id,
        {"number": c.number, "version": c.version - 1, **{k: v[0] for k, v in diff.items()}},
        {"number": c.number, "version": c.version, **{k: v[1] for k, v in diff.items()}, **({"note": note} if note else {})},
    )
    ctx.session.flush()
    return ChangeSet(summary=summary or f"case {c.number} {EVENT_WORDS.get(kind, kind)}").add("case", c.id)


def _deadlines(session: Session, reported_at: datetime, cat: m.Category) -> tuple[datetime, datetime]:
    cal = load_calendar(session)
    return (
        case_deadline(reported_at, cat.time_limit_hours, urgent=cat.urgent, calendar=cal),
        dispatch_due(reported_at, cat.dispatch_minutes),
    )


def _next_number(session: Session, day: date) -> str:
    """ZX20261127-0012: the town's prefix, the day, and the day's sequence, from a counter
    row that the UPDATE locks (so concurrent reports never share a number)."""
    row = session.get(m.Setting, "case_number_prefix")
    prefix = row.value if row is not None else "ZX"
    stem = f"{prefix}{day:%Y%m%d}-"
    highest = session.execute(
        select(func.max(m.Case.number)).where(m.Case.number >= stem, m.Case.number < stem[:-1] + ".")
    ).scalar()
    start = 0
    if highest:
        try:
            start = int(str(highest)[len(stem):])
        except ValueError:
            start = 0
    dialect = session.get_bind().dialect.name
    ins = (pg_insert if dialect == "postgresql" else sqlite_insert)(CaseNumberCounter)
    session.execute(ins.values(day=day, last_seq=start).on_conflict_do_nothing(index_elements=["day"]))
    seq = session.execute(
        update(CaseNumberCounter)
        .where(CaseNumberCounter.day == day)
        .values(last_seq=CaseNumberCounter.last_seq + 1)
        .returning(CaseNumberCounter.last_seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return f"{stem}{int(seq):04d}"


# ---------------------------------------------------------------- 发现: report


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    """What `report_case` made: the new case, its grid, and whether it lies outside the
    town (accepted, but flagged for the officer)."""

    case_id: int
    number: str
    grid_id: int | None
    outside_town: bool


@operation(Permission.CASE_CREATE)
def report_case(
    ctx: OperationContext,
    *,
    source: str,
    category_id: int,
    lon: float | None = None,
    lat: float | None = None,
    key_point_id: int | None = None,
    description: str = "",
    address: str = "",
    reporter_name: str = "",
    reporter_phone: str = "",
    reported_at: datetime | None = None,
) -> ChangeSet:
    """A new report (上报), state reported. The location is either (lon, lat) or the key
    point's. A point outside the town is accepted and flagged `outside_town`; the case
    gets the management grid holding the point (or the key point's grid)."""
    session = ctx.session
    if source not in {s.value for s in m.CaseSource}:
        raise InvalidInput(f"unknown source {source!r}; use one of {', '.join(s.value for s in m.CaseSource)}")
    cat = _category(session, category_id)
    kp = None
    if key_point_id is not None:
        kp = session.get(m.KeyPoint, key_point_id)
        if kp is None:
            raise NotFound(f"key point {key_point_id} does not exist")
        if lon is None or lat is None:
            lon, lat = kp.lon, kp.lat
    if lon is None or lat is None:
        raise InvalidInput("a report needs a location: pick a point on the map or a key point")
    lon, lat = float(lon), float(lat)
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0) or lon != lon or lat != lat:
        raise InvalidInput(f"({lon}, {lat}) is not a longitude/latitude; pick the point on the map again")
    where = locate(session, lon, lat)
    grid_id = where.grid_id if where.grid_id is not None else (kp.grid_id if kp is not None else None)
    at = now()
    rep = reported_at or at
    deadline, due = _deadlines(session, rep, cat)
    c = m.Case(
        number=_next_number(session, rep.date()),
        category_id=cat.id,
        source=source,
        state=S.REPORTED.value,
        level=cat.default_level,
        urgent=cat.urgent,
        police=cat.police,
        hazard=cat.hazard,
        lon=lon,
        lat=lat,
        address=address.strip(),
        grid_id=grid_id,
        key_point_id=key_point_id,
        department_id=None,
        description=description.strip(),
        reporter_name=reporter_name.strip(),
        reporter_phone=reporter_phone.strip(),
        reported_at=rep,
        deadline_at=deadline,
        dispatch_due_at=due,
        rework_count=0,
        outside_town=not where.inside_town,
        updated_at=at,
        version=1,
    )
    session.add(c)
    session.flush()
    data = {
        "source": source,
        "category": cat.code,
        "grid_id": grid_id,
        "key_point_id": key_point_id,
        "outside_town": c.outside_town,
        "deadline_at": _jsonable(deadline),
    }
    _event(ctx, c, "report", None, c.state, note="location outside the town" if c.outside_town else "", data=data, at=at)
    ctx.record(
        "case_report",
        "case",
        c.id,
        None,
        {
            "number": c.number, "source": source, "category": cat.code, "lon": lon, "lat": lat,
            "grid_id": grid_id, "outside_town": c.outside_town,
            "has_reporter_contact": bool(c.reporter_name or c.reporter_phone),
        },
    )
    summary = f"case {c.number} reported"
    if c.outside_town:
        summary += "; its location is outside the town: check it"
    return ChangeSet(summary=summary).add("case", c.id)


def report(engine: Engine, actor: Actor, **kwargs: Any) -> ReportOutcome:
    """`report_case` for callers that want the new case back (id, number, grid, flag)."""
    changes = perform(engine, actor, report_case, **kwargs)
    (case_id,) = changes.ids("case")
    with Session(engine) as session:
        c = session.get(m.Case, case_id)
        assert c is not None
        return ReportOutcome(c.id, c.number, c.grid_id, bool(c.outside_town))


# ---------------------------------------------------------------- 立案: verify and register


@operation(Permission.CASE_REGISTER)
def register_case(
    ctx: OperationContext, case_id: int, expected_version: int, *, category_id: int | None = None, note: str = ""
) -> ChangeSet:
    """Verify a report and register it (立案): reported → to_dispatch. The officer keeps
    the case to dispatch it. A category given here corrects the reported one."""
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.REPORTED}, "registered")
    changes: dict[str, Any] = {"registered_at": now()}
    if category_id is not None and category_id != c.category_id:
        changes.update(_category_changes(ctx.session, c, _category(ctx.session, category_id)))
    changes["claimed_by"] = ctx.actor.user_id
    changes["claimed_at"] = now()
    return _apply(ctx, c, "register", to_state=S.TO_DISPATCH, changes=changes, note=note, keep_claim=True)


@operation(Permission.CASE_REGISTER)
def reject_case(ctx: OperationContext, case_id: int, expected_version: int, reason: str) -> ChangeSet:
    """Reject a report (不予受理) with a reason: reported → rejected."""
    reason = _need_text(reason, "a reason for rejecting the report")
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.REPORTED}, "rejected")
    return _apply(ctx, c, "reject", to_state=S.REJECTED, note=reason, data={"reason": reason})


CATEGORIZABLE = frozenset({S.REPORTED, S.TO_DISPATCH, S.RETURNED, S.DISPATCHED, S.ESCALATED, S.LONG_TERM})
_PRE_DISPATCH = frozenset({S.REPORTED, S.TO_DISPATCH, S.RETURNED})


def _category_changes(session: Session, c: m.Case, cat: m.Category) -> dict[str, Any]:
    deadline, due = _deadlines(session, c.reported_at, cat)
    changes: dict[str, Any] = {
        "category_id": cat.id,
        "police": cat.police,
        "urgent": cat.urgent,
        "hazard": cat.hazard,
        "deadline_at": deadline,
        "dispatch_due_at": due,
    }
    if c.state in _PRE_DISPATCH:
        changes["level"] = cat.default_level
    return changes


@operation(Permission.CASE_CATEGORIZE)
def set_category(
    ctx: OperationContext, case_id: int, expected_version: int, category_id: int, *, note: str = ""
) -> ChangeSet:
    """Set or correct the category: the checklist row decides police/non-police, urgency,
    the default level (before dispatch) and the deadline, recomputed from the report time."""
    c = _load(ctx, case_id, expected_version)
    _need_state(c, CATEGORIZABLE, "re-categorized")
    if category_id == c.category_id:
        raise InvalidInput(f"case {c.number} already has this category")
    cat = _category(ctx.session, category_id)
    return _apply(ctx, c, "categorize", changes=_category_changes(ctx.session, c, cat), note=note, keep_claim=True)


# ---------------------------------------------------------------- 派单: the three levels


def _not_police(c: m.Case, action: str) -> None:
    if c.police:
        raise InvalidTransition(
            f"case {c.number} is police-type and cannot be {action}: forward it to the police platform"
        )


@operation(Permission.CASE_DISPATCH)
def handle_on_spot(ctx: OperationContext, case_id: int, expected_version: int, *, note: str = "") -> ChangeSet:
    """Level 1 (即发现、即处置): the grid member handled it on the spot; the case goes to
    verification. A report not yet registered is registered by this step."""
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.REPORTED, S.TO_DISPATCH, S.RETURNED}, "recorded as handled on the spot")
    _not_police(c, "handled on the spot")
    changes: dict[str, Any] = {"level": 1}
    if c.registered_at is None:
        changes["registered_at"] = now()
    return _apply(ctx, c, "handle_on_spot", to_state=S.FEEDBACK, changes=changes, note=note)


def _case_payload(session: Session, c: m.Case, *, contact: bool = False) -> dict[str, Any]:
    cat = session.get(m.Category, c.category_id)
    grid = session.get(m.Grid, c.grid_id) if c.grid_id else None
    kp = session.get(m.KeyPoint, c.key_point_id) if c.key_point_id else None
    out: dict[str, Any] = {
        "case_id": c.id,
        "case_number": c.number,
        "category_code": cat.code if cat else "",
        "category_name": cat.name if cat else "",
        "urgent": c.urgent,
        "police": c.police,
        "level": c.level,
        "lon": c.lon,
        "lat": c.lat,
        "crs": "EPSG:4490",
        "address": c.address,
        "grid_code": grid.code if grid else "",
        "grid_name": grid.name if grid else "",
        "key_point": kp.name if kp else "",
        "description": c.description if contact else mask_text(c.description),
        "reported_at": _jsonable(c.reported_at),
        "deadline_at": _jsonable(c.deadline_at),
        "source": c.source,
    }
    if contact:
        out["reporter_name"] = c.reporter_name
        out["reporter_phone"] = c.reporter_phone
    return out


@operation(Permission.CASE_DISPATCH)
def dispatch_case(
    ctx: OperationContext,
    case_id: int,
    expected_version: int,
    department_id: int,
    *,
    instructions: str = "",
    deadline_at: datetime | None = None,
    notify: bool = True,
) -> ChangeSet:
    """Level 2 (平台派单): dispatch to a town department with instructions, keeping the
    category's deadline unless `deadline_at` overrides it; a returned case is dispatched
    again (redispatch). `notify` queues a dispatch notice for the department."""
    session = ctx.session
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.TO_DISPATCH, S.RETURNED}, "dispatched")
    _not_police(c, "dispatched to a department")
    dept = _department(session, department_id, m.DepartmentLevel.TOWN, "dispatched to")
    at = now()
    if deadline_at is not None and deadline_at <= at:
        raise InvalidInput("the deadline must be in the future")
    kind = "redispatch" if c.state == S.RETURNED else "dispatch"
    if kind == "redispatch" and c.department_id == dept.id:
        raise InvalidInput(f"{dept.name} returned this case; dispatch it to another department")
    changes: dict[str, Any] = {"department_id": dept.id, "dispatched_at": at, "level": 2}
    if c.registered_at is None:
        changes["registered_at"] = at
    if deadline_at is not None:
        changes["deadline_at"] = deadline_at
    result = _apply(
        ctx, c, kind, to_state=S.DISPATCHED, changes=changes, note=instructions.strip(),
        data={"department": dept.code, "instructions": instructions.strip()},
        summary=f"case {c.number} dispatched to {dept.name}",
    )
    if notify:
        msg = outbox.enqueue(
            session,
            kind=OutboxKind.NOTICE,
            target=dept.code,
            payload={
                **_case_payload(session, c),
                "notice": kind,
                "department_code": dept.code,
                "department_name": dept.name,
                "instructions": instructions.strip(),
                "dispatched_by": _name(ctx.actor),
            },
            case_id=c.id,
            created_by=ctx.actor.user_id,
        )
        result.add("outbox", msg.id)
    return result


@operation(Permission.CASE_ESCALATE)
def escalate_case(
    ctx: OperationContext,
    case_id: int,
    expected_version: int,
    district_department_id: int,
    reason: str,
    *,
    deadline_at: datetime | None = None,
) -> ChangeSet:
    """Level 3 (抄报区级): escalate/copy to a district department with a reason. Queues
    the escalation sheet (the desktop renders its PDF from the stored data) and a notice."""
    session = ctx.session
    reason = _need_text(reason, "a reason for escalating to the district")
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.TO_DISPATCH, S.RETURNED, S.DISPATCHED}, "escalated")
    _not_police(c, "escalated")
    dept = _department(session, district_department_id, m.DepartmentLevel.DISTRICT, "escalated to")
    at = now()
    if deadline_at is not None and deadline_at <= at:
        raise InvalidInput("the deadline must be in the future")
    town_dept = session.get(m.Department, c.department_id) if c.department_id else None
    changes: dict[str, Any] = {"department_id": dept.id, "level": 3}
    if c.dispatched_at is None:
        changes["dispatched_at"] = at
    if c.registered_at is None:
        changes["registered_at"] = at
    if deadline_at is not None:
        changes["deadline_at"] = deadline_at
    result = _apply(
        ctx, c, "escalate", to_state=S.ESCALATED, changes=changes, note=reason,
        data={"department": dept.code, "reason": reason, "town_department": town_dept.code if town_dept else None},
        summary=f"case {c.number} escalated to {dept.name}",
    )
    timeline = session.execute(
        select(m.CaseEvent.at, m.CaseEvent.kind, m.CaseEvent.actor_name, m.CaseEvent.note)
        .where(m.CaseEvent.case_id == c.id)
        .order_by(m.CaseEvent.at, m.CaseEvent.id)
    ).all()
    town = session.execute(select(m.Town.name, m.Town.district)).first()
    sheet = {
        **_case_payload(session, c),
        "sheet": "escalation",
        "town": town[0] if town else "",
        "district": town[1] if town else "",
        "district_department_code": dept.code,
        "district_department_name": dept.name,
        "town_department_name": town_dept.name if town_dept else "",
        "reason": reason,
        "escalated_by": _name(ctx.actor),
        "workstation": ctx.actor.workstation,
        "escalated_at": _jsonable(at),
        "timeline": [
            {"at": _jsonable(t), "kind": k, "actor": a or "", "note": mask_text(n)} for t, k, a, n in timeline
        ],
    }
    doc = outbox.enqueue(
        session, kind=OutboxKind.ESCALATION_SHEET, target=dept.code, payload=sheet,
        case_id=c.id, created_by=ctx.actor.user_id,
    )
    notice = outbox.enqueue(
        session, kind=OutboxKind.NOTICE, target=dept.code,
        payload={**_case_payload(session, c), "notice": "escalate", "reason": reason,
                 "department_code": dept.code, "department_name": dept.name},
        case_id=c.id, created_by=ctx.actor.user_id,
    )
    return result.add("outbox", doc.id, notice.id)


@operation(Permission.CASE_FORWARD_POLICE)
def forward_to_police(ctx: OperationContext, case_id: int, expected_version: int, *, note: str = "") -> ChangeSet:
    """Forward a police-type case (警务类) to the police platform: state police, and an
    outbox message that `db.outbox.send_pending` delivers. A report not yet registered is
    registered by this step (police cases do not wait)."""
    session = ctx.session
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.REPORTED, S.TO_DISPATCH, S.RETURNED}, "forwarded to the police platform")
    if not c.police:
        raise InvalidTransition(
            f"case {c.number} is not police-type; set a police category first, or dispatch it"
        )
    at = now()
    changes: dict[str, Any] = {"department_id": None, "dispatched_at": at}
    if c.registered_at is None:
        changes["registered_at"] = at
    result = _apply(ctx, c, "forward_police", to_state=S.POLICE, changes=changes, note=note)
    msg = outbox.enqueue(
        session,
        kind=OutboxKind.POLICE_FORWARD,
        target="police_platform",
        payload={**_case_payload(session, c, contact=True), "note": note, "forwarded_by": _name(ctx.actor),
                 "forwarded_at": _jsonable(at), "workstation": ctx.actor.workstation},
        case_id=c.id,
        created_by=ctx.actor.user_id,
    )
    return result.add("outbox", msg.id)


# ---------------------------------------------------------------- 处置 / 反馈: the department's side


@operation(Permission.CASE_FEEDBACK)
def record_feedback(ctx: OperationContext, case_id: int, expected_version: int, result: str) -> ChangeSet:
    """The handling unit reports back (反馈): dispatched / escalated / police → feedback."""
    result = _need_text(result, "the result of the handling")
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.DISPATCHED, S.ESCALATED, S.POLICE}, "given feedback")
    _own_department(ctx, c)
    return _apply(ctx, c, "feedback", to_state=S.FEEDBACK, note=result)


@operation(Permission.CASE_RETURN)
def return_case(
    ctx: OperationContext,
    case_id: int,
    expected_version: int,
    reason: str,
    *,
    suggested_department_id: int | None = None,
) -> ChangeSet:
    """The department returns the case as not theirs (退回), with a reason; the duty
    officer dispatches it again."""
    reason = _need_text(reason, "a reason for returning the case")
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.DISPATCHED}, "returned")
    _own_department(ctx, c)
    data: dict[str, Any] = {"reason": reason}
    if suggested_department_id is not None:
        d = ctx.session.get(m.Department, suggested_department_id)
        if d is None:
            raise NotFound(f"department {suggested_department_id} does not exist")
        data["suggested_department"] = d.code
    return _apply(ctx, c, "return", to_state=S.RETURNED, note=reason, data=data)


@operation(Permission.CASE_EXTENSION_REQUEST)
def request_extension(
    ctx: OperationContext, case_id: int, expected_version: int, requested_deadline: datetime, reason: str
) -> ChangeSet:
    """The department asks for more time (申请延期): one open request per case."""
    session = ctx.session
    reason = _need_text(reason, "a reason for the extension")
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.DISPATCHED, S.ESCALATED}, "extended")
    _own_department(ctx, c)
    pending = session.execute(
        select(CaseExtension.id).where(CaseExtension.case_id == c.id, CaseExtension.status == ExtensionStatus.PENDING)
    ).first()
    if pending is not None:
        raise InvalidTransition(f"case {c.number} already has an extension request waiting for a decision")
    at = now()
    if requested_deadline <= max(at, c.deadline_at or at):
        raise InvalidInput("the requested deadline must be later than the current deadline")
    ext = CaseExtension(
        case_id=c.id,
        department_id=c.department_id,
        requested_at=at,
        requested_by=ctx.actor.user_id,
        requested_by_name=_name(ctx.actor),
        old_deadline=c.deadline_at,
        requested_deadline=requested_deadline,
        reason=reason,
        status=ExtensionStatus.PENDING,
        decided_by_name="",
        decision_note="",
    )
    session.add(ext)
    session.flush()
    return _apply(
        ctx, c, "extension_request", note=reason, keep_claim=True,
        data={"extension_id": ext.id, "requested_deadline": _jsonable(requested_deadline)},
    ).add("extension", ext.id)


@operation(Permission.CASE_EXTENSION_APPROVE)
def decide_extension(
    ctx: OperationContext,
    case_id: int,
    expected_version: int,
    approve: bool,
    *,
    deadline: datetime | None = None,
    note: str = "",
) -> ChangeSet:
    """Approve (optionally with another deadline) or refuse the case's open extension
    request; an approval moves the deadline."""
    session = ctx.session
    c = _load(ctx, case_id, expected_version)
    ext = session.execute(
        select(CaseExtension).where(CaseExtension.case_id == c.id, CaseExtension.status == ExtensionStatus.PENDING)
    ).scalar_one_or_none()
    if ext is None:
        raise InvalidTransition(f"case {c.number} has no extension request waiting for a decision")
    _need_state(c, {S.DISPATCHED, S.ESCALATED, S.FEEDBACK, S.LONG_TERM, S.RETURNED}, "extended")
    at = now()
    ext.decided_at = at
    ext.decided_by = ctx.actor.user_id
    ext.decided_by_name = _name(ctx.actor)
    ext.decision_note = note.strip()
    changes: dict[str, Any] = {}
    if approve:
        granted = deadline or ext.requested_deadline
        if granted <= at:
            raise InvalidInput("the new deadline must be in the future")
        ext.status = ExtensionStatus.APPROVED
        ext.granted_deadline = granted
        changes["deadline_at"] = granted
        kind = "extension_approved"
    else:
        ext.status = ExtensionStatus.REFUSED
        kind = "extension_refused"
    session.flush()
    return _apply(
        ctx, c, kind, changes=changes, note=note.strip(), keep_claim=True,
        data={"extension_id": ext.id, "approved": approve},
    ).add("extension", ext.id)


# ---------------------------------------------------------------- 核查 / 结案: verify and close


def _rework_target(c: m.Case) -> str:
    if c.police:
        return S.POLICE
    if c.level == 3:
        return S.ESCALATED
    if c.level == 1 or c.department_id is None:
        return S.TO_DISPATCH
    return S.DISPATCHED


@operation(Permission.CASE_VERIFY_CLOSE)
def verify_on_site(
    ctx: OperationContext, case_id: int, expected_version: int, *, passed: bool = True, note: str = ""
) -> ChangeSet:
    """Record the on-site verification (核查) of the feedback. A failed verification sends
    the case back for rework (rework_count + 1)."""
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.FEEDBACK}, "verified")
    if passed:
        return _apply(ctx, c, "verify", note=note, data={"passed": True}, keep_claim=True)
    note = _need_text(note, "what was not done (the verification failed)")
    return _apply(
        ctx, c, "rework", to_state=_rework_target(c), changes={"rework_count": c.rework_count + 1},
        note=note, data={"passed": False},
    )


@operation(Permission.CASE_VERIFY_CLOSE)
def close_case(ctx: OperationContext, case_id: int, expected_version: int, *, note: str = "") -> ChangeSet:
    """Close the case (结案): from feedback, or from police when the police platform
    has dealt with it."""
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.FEEDBACK, S.POLICE}, "closed")
    return _apply(ctx, c, "close", to_state=S.CLOSED, changes={"closed_at": now()}, note=note)


@operation(Permission.CASE_VERIFY_CLOSE)
def rework_case(ctx: OperationContext, case_id: int, expected_version: int, reason: str) -> ChangeSet:
    """Send the case back to the handling unit (返工): rework_count + 1."""
    reason = _need_text(reason, "a reason for the rework")
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.FEEDBACK}, "sent back for rework")
    return _apply(
        ctx, c, "rework", to_state=_rework_target(c), changes={"rework_count": c.rework_count + 1}, note=reason
    )


# ---------------------------------------------------------------- 挂账: the long-term register

LONG_TERM_FROM = frozenset({S.TO_DISPATCH, S.DISPATCHED, S.ESCALATED, S.RETURNED, S.FEEDBACK})


@operation(Permission.CASE_LONG_TERM)
def put_on_long_term(ctx: OperationContext, case_id: int, expected_version: int, reason: str) -> ChangeSet:
    """Put a hard case on the long-term register (挂账): it leaves the overdue count."""
    reason = _need_text(reason, "a reason for the long-term register")
    c = _load(ctx, case_id, expected_version)
    _need_state(c, LONG_TERM_FROM, "put on the long-term register")
    return _apply(ctx, c, "long_term", to_state=S.LONG_TERM, note=reason, data={"previous_state": c.state})


@operation(Permission.CASE_LONG_TERM)
def take_off_long_term(
    ctx: OperationContext, case_id: int, expected_version: int, *, deadline_at: datetime | None = None, note: str = ""
) -> ChangeSet:
    """Take a case off the long-term register, back to the state it came from, with a
    new deadline if given."""
    c = _load(ctx, case_id, expected_version)
    _need_state(c, {S.LONG_TERM}, "taken off the long-term register")
    prev = ctx.session.execute(
        select(m.CaseEvent.from_state)
        .where(m.CaseEvent.case_id == c.id, m.CaseEvent.to_state == S.LONG_TERM.value)
        .order_by(m.CaseEvent.id.desc())
        .limit(1)
    ).scalar()
    target = prev if prev in LONG_TERM_FROM else (S.DISPATCHED if c.department_id else S.TO_DISPATCH)
    changes: dict[str, Any] = {}
    if deadline_at is not None:
        if deadline_at <= now():
            raise InvalidInput("the deadline must be in the future")
        changes["deadline_at"] = deadline_at
    return _apply(ctx, c, "long_term_off", to_state=target, changes=changes, note=note)


# ---------------------------------------------------------------- duplicates

MERGEABLE = frozenset(m.OPEN_STATES)


@operation(Permission.CASE_MERGE)
def merge_cases(
    ctx: OperationContext,
    duplicate_id: int,
    expected_version: int,
    master_id: int,
    *,
    master_version: int | None = None,
    note: str = "",
) -> ChangeSet:
    """Merge a duplicate into its master case: the duplicate closes as merged; both
    timelines record it."""
    if duplicate_id == master_id:
        raise InvalidInput("a case cannot be merged into itself")
    # lock both in id order, so two merges of the same pair cannot deadlock
    first, second = sorted((duplicate_id, master_id))
    locked = {first: _lock_case(ctx, first), second: _lock_case(ctx, second)}
    dup, master = locked[duplicate_id], locked[master_id]
    if dup.version != expected_version:
        raise conflict_for(ctx.session, dup)
    if master_version is not None and master.version != master_version:
        raise conflict_for(ctx.session, master)
    _need_state(dup, MERGEABLE, "merged")
    if master.state == S.REJECTED or master.merged_into_id is not None:
        raise InvalidTransition(f"case {master.number} is {STATE_WORDS[master.state] if master.state == S.REJECTED else 'merged itself'}; choose another master case")
    at = now()
    result = _apply(
        ctx, dup, "merge", to_state=S.CLOSED, changes={"merged_into_id": master.id, "closed_at": at},
        note=note, data={"master_id": master.id, "master_number": master.number},
        summary=f"case {dup.number} merged into {master.number}",
    )
    result.merge(
        _apply(
            ctx, master, "merged_from", note=note, keep_claim=True,
            data={"duplicate_id": dup.id, "duplicate_number": dup.number},
        )
    )
    result.summary = f"case {dup.number} merged into {master.number}"
    return result


# ---------------------------------------------------------------- taking cases: claims

QUEUE_PERMISSION: dict[str, Permission] = {
    Queue.REPORTED: Permission.CASE_REGISTER,
    Queue.TO_DISPATCH: Permission.CASE_DISPATCH,
    Queue.DISPATCHED: Permission.CASE_DISPATCH,
    Queue.FEEDBACK: Permission.CASE_VERIFY_CLOSE,
    Queue.OVERDUE: Permission.CASE_DISPATCH,
    Queue.ESCALATED: Permission.CASE_ESCALATE,
    Queue.POLICE: Permission.CASE_FORWARD_POLICE,
    Queue.RETURNED: Permission.CASE_DISPATCH,
    Queue.LONG_TERM: Permission.CASE_LONG_TERM,
}


def _require_taker(actor: Actor) -> None:
    """Taking cases is for those who act on some queue (duty officers, supervisors, admins)."""
    if not any(has_permission(actor.role, p) for p in QUEUE_PERMISSION.values()):
        raise PermissionDenied(f"{actor.username} ({actor.role}) may not take cases")
    if actor.user_id is None:
        raise InvalidInput("only a signed-in officer can take cases")


def _claimed(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


def _write_claim(ctx: OperationContext, case_id: int, at: datetime, guard: list[Any]) -> bool:
    """Claim a case with one conditional UPDATE (unclaimed, still matching `guard`), also
    bumping its version; True if this transaction won it."""
    table = _CASES
    res = ctx.session.execute(
        update(table)
        .where(table.c.id == case_id, table.c.claimed_by.is_(None), *guard)
        .values(claimed_by=ctx.actor.user_id, claimed_at=at, updated_at=at, version=table.c.version + 1)
    )
    return _claimed(res) == 1


def _after_claim(ctx: OperationContext, case_id: int, queue: str, at: datetime) -> ChangeSet:
    c = ctx.session.get(m.Case, case_id, populate_existing=True)
    assert c is not None
    _event(ctx, c, "claim", c.state, c.state, data={"queue": queue}, at=at)
    ctx.record(
        "case_claim", "case", c.id, {"claimed_by": None, "version": c.version - 1},
        {"claimed_by": ctx.actor.user_id, "version": c.version, "queue": queue},
    )
    ctx.session.flush()
    return ChangeSet(summary=f"case {c.number} is yours").add("case", c.id)


@operation(Permission.VIEW)
def claim_next_case(
    ctx: OperationContext, queue: str, *, filters: CaseFilter | None = None, at: datetime | None = None
) -> ChangeSet:
    """"Take the next case": claim the most urgent, oldest unclaimed case of `queue` for
    the acting officer. Never hands one case to two officers: PostgreSQL skips rows other
    transactions hold (FOR UPDATE SKIP LOCKED), and on both databases the claim is one
    conditional UPDATE (... WHERE claimed_by IS NULL) whose row count decides. Returns an
    empty ChangeSet when the queue has no unclaimed case."""
    q = Queue(queue)
    _require_taker(ctx.actor)
    require(ctx.actor, QUEUE_PERMISSION[q])
    session = ctx.session
    at = at or now()
    guard = [*_queue_clause(q, at), *filter_clause(filters, at, dialect=session.get_bind().dialect.name)]
    postgres = session.get_bind().dialect.name == "postgresql"
    tried: set[int] = set()
    for _ in range(50):
        stmt = select(m.Case.id).where(*guard, m.Case.claimed_by.is_(None))
        if tried:
            stmt = stmt.where(m.Case.id.not_in(tried))
        stmt = stmt.order_by(m.Case.urgent.desc(), m.Case.reported_at, m.Case.id).limit(1)
        if postgres:
            stmt = stmt.with_for_update(skip_locked=True, of=m.Case)
        cid = session.execute(stmt).scalar()
        if cid is None:
            return ChangeSet(summary=f"no unclaimed case in {q.value}")
        if _write_claim(ctx, int(cid), at, guard):
            return _after_claim(ctx, int(cid), q.value, at)
        tried.add(int(cid))
    return ChangeSet(summary=f"no unclaimed case in {q.value}")


def take_next_case(
    engine: Engine, actor: Actor, queue: str, *, filters: CaseFilter | None = None
) -> int | None:
    """Run `claim_next_case` with the queue's permission; the claimed case id or None."""
    changes = run_operation(engine, actor, QUEUE_PERMISSION[Queue(queue)], claim_next_case, queue, filters=filters)
    ids = changes.ids("case")
    return next(iter(ids)) if ids else None


@operation(Permission.VIEW)
def claim_case(ctx: OperationContext, case_id: int, expected_version: int) -> ChangeSet:
    """Take one particular open case (picked in the table) if nobody has it."""
    _require_taker(ctx.actor)
    c = _load(ctx, case_id, expected_version)
    _need_state(c, m.OPEN_STATES, "taken")
    if c.claimed_by == ctx.actor.user_id:
        return ChangeSet(summary=f"case {c.number} is already yours")
    if c.claimed_by is not None:
        raise conflict_for(ctx.session, c)
    at = now()
    if not _write_claim(ctx, c.id, at, []):
        raise conflict_for(ctx.session, c)
    return _after_claim(ctx, c.id, "", at)


@operation(Permission.VIEW)
def release_case(ctx: OperationContext, case_id: int, expected_version: int, *, note: str = "") -> ChangeSet:
    """Give a claimed case back to its queue (one's own, or anyone's for a duty officer)."""
    _require_taker(ctx.actor)
    c = _load(ctx, case_id, expected_version)
    if c.claimed_by is None:
        raise InvalidTransition(f"case {c.number} is not taken by anyone")
    if c.claimed_by != ctx.actor.user_id:
        require(ctx.actor, Permission.CASE_DISPATCH)
    return _apply(ctx, c, "release", changes={"claimed_by": None, "claimed_at": None}, note=note)


# ---------------------------------------------------------------- reporter contact


@dataclass(frozen=True, slots=True)
class ReporterContact:
    case_id: int
    number: str
    name: str
    phone: str


@operation(Permission.CASE_REVEAL_CONTACT)
def reveal_contact_op(
    ctx: OperationContext, case_id: int, reason: str, out: list[ReporterContact]
) -> ChangeSet:
    """Operation: read the reporter's contact in full, audited (who, why). Appends the
    contact to `out`; changes nothing, so its ChangeSet is empty."""
    reason = _need_text(reason, "a reason for revealing the reporter's contact")
    c = ctx.session.get(m.Case, case_id)
    if c is None:
        raise NotFound(f"case {case_id} does not exist")
    ctx.record("reveal_contact", "case", c.id, None, {"number": c.number, "reason": reason})
    out.append(ReporterContact(c.id, c.number, c.reporter_name, c.reporter_phone))
    return ChangeSet(summary=f"contact of case {c.number} revealed")


def reveal_contact(engine: Engine, actor: Actor, case_id: int, reason: str) -> ReporterContact:
    """The reporter's name and phone in full; needs Permission.CASE_REVEAL_CONTACT and
    leaves an audit record naming the reason."""
    out: list[ReporterContact] = []
    run_operation(engine, actor, Permission.CASE_REVEAL_CONTACT, reveal_contact_op, case_id, reason, out)
    return out[0]
