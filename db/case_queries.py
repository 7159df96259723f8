"""Read-only queries of the duty officer's console: the live queues and their counts,
filters and sorting, the case detail with its timeline, reporter contacts masked, department
suggestions and nearby possible duplicates.

Everything returns plain dataclasses (never ORM objects), so the desktop can hold them
across threads and sessions. Every queue is an indexed query over the open cases only
(`ix_cases_open_queue`, `ix_cases_state_deadline`); counts are aggregated in SQL; no
function here loads all cases.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import numpy as np
import shapely
from sqlalchemy import Boolean, ColumnElement, and_, case, func, or_, select, text
from sqlalchemy.orm import Session, aliased

from db import models as m
from db.clock import now as town_now
from db.console_models import CaseExtension, ExtensionStatus, OutboxMessage
from db.privacy import mask_name, mask_phone, mask_text
from gis.crs import METRIC_EPSG, STORAGE_EPSG, project_xy

S = m.CaseState

# ---------------------------------------------------------------- queues


class Queue(StrEnum):
    REPORTED = "reported"  # 待受理
    TO_DISPATCH = "to_dispatch"  # 待派遣
    DISPATCHED = "dispatched"  # 处置中
    FEEDBACK = "feedback"  # 待核查
    OVERDUE = "overdue"  # 超期: open, not long-term, deadline passed
    ESCALATED = "escalated"  # 抄报区级
    POLICE = "police"  # 警务类
    RETURNED = "returned"  # 退回
    LONG_TERM = "long_term"  # 挂账


QUEUE_ORDER: tuple[Queue, ...] = tuple(Queue)

QUEUE_TITLES: dict[Queue, tuple[str, str]] = {
    Queue.REPORTED: ("待受理", "New reports"),
    Queue.TO_DISPATCH: ("待派遣", "To dispatch"),
    Queue.DISPATCHED: ("处置中", "Being handled"),
    Queue.FEEDBACK: ("待核查", "Awaiting verification"),
    Queue.OVERDUE: ("超期", "Overdue"),
    Queue.ESCALATED: ("抄报区级", "Escalated to district"),
    Queue.POLICE: ("警务类", "Police"),
    Queue.RETURNED: ("退回", "Returned"),
    Queue.LONG_TERM: ("挂账", "Long-term register"),
}

OPEN_STATE_VALUES: tuple[str, ...] = tuple(sorted(s.value for s in m.OPEN_STATES))
# the cases whose deadline can be overdue: open and not on the long-term register
OVERDUE_STATE_VALUES: tuple[str, ...] = tuple(v for v in OPEN_STATE_VALUES if v != S.LONG_TERM)


# The predicate of the partial index ix_cases_open_queue, verbatim: SQLite uses a partial
# index only when the query repeats its WHERE term, and without it the planner may walk a
# per-grid or per-source index through the whole history instead of the few open cases.
OPEN_PREDICATE: ColumnElement[bool] = text("state NOT IN ('closed', 'rejected')")  # type: ignore[assignment]


def queue_clause(queue: Queue | str, at: datetime) -> list[ColumnElement[bool]]:
    """The SQL conditions of a queue at time `at`."""
    q = Queue(queue)
    if q == Queue.OVERDUE:
        return [m.Case.state.in_(OVERDUE_STATE_VALUES), m.Case.deadline_at < at, OPEN_PREDICATE]
    return [m.Case.state == q.value, OPEN_PREDICATE]


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """Narrow a queue. Empty tuples mean "any". A responsibility grid in `grid_ids` stands
    for all its management grids. Ages count from the report."""

    grid_ids: tuple[int, ...] = ()
    category_ids: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()
    department_ids: tuple[int, ...] = ()
    levels: tuple[int, ...] = ()
    min_age: timedelta | None = None
    max_age: timedelta | None = None
    urgent: bool | None = None
    police: bool | None = None
    claimed_by: int | None = None
    unclaimed: bool = False
    number: str = ""  # a case number or part of it


def filter_clause(f: CaseFilter | None, at: datetime, *, dialect: str = "") -> list[ColumnElement[bool]]:
    """The SQL conditions of a filter. On SQLite each is wrapped in likely(): that tells
    its planner (which has no statistics on skew) to walk the few open cases by state and
    test the filters on them, not to walk a per-grid or per-source index through the whole
    case history."""
    if f is None:
        return []
    out: list[ColumnElement[bool]] = []
    if f.grid_ids:
        ids = list(f.grid_ids)
        children = select(m.Grid.id).where(m.Grid.parent_id.in_(ids))
        out.append(or_(m.Case.grid_id.in_(ids), m.Case.grid_id.in_(children)))
    if f.category_ids:
        out.append(m.Case.category_id.in_(list(f.category_ids)))
    if f.sources:
        out.append(m.Case.source.in_(list(f.sources)))
    if f.department_ids:
        out.append(m.Case.department_id.in_(list(f.department_ids)))
    if f.levels:
        out.append(m.Case.level.in_(list(f.levels)))
    if f.min_age is not None:
        out.append(m.Case.reported_at <= at - f.min_age)
    if f.max_age is not None:
        out.append(m.Case.reported_at >= at - f.max_age)
    if f.urgent is not None:
        out.append(m.Case.urgent.is_(f.urgent))
    if f.police is not None:
        out.append(m.Case.police.is_(f.police))
    if f.claimed_by is not None:
        out.append(m.Case.claimed_by == f.claimed_by)
    if f.unclaimed:
        out.append(m.Case.claimed_by.is_(None))
    if f.number.strip():
        out.append(m.Case.number.contains(f.number.strip(), autoescape=True))
    if dialect == "sqlite":
        return [func.likely(c, type_=Boolean) for c in out]
    return out


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def queue_counts(session: Session, *, at: datetime | None = None, filters: CaseFilter | None = None) -> dict[str, int]:
    """The live count of every queue (keys: Queue values), in one aggregate query over the
    open cases."""
    at = at or town_now()
    overdue = func.sum(
        case((and_(m.Case.deadline_at < at, m.Case.state != S.LONG_TERM.value), 1), else_=0)
    )
    rows = session.execute(
        select(m.Case.state, func.count(), overdue)
        .where(m.Case.state.in_(OPEN_STATE_VALUES), OPEN_PREDICATE, *filter_clause(filters, at, dialect=_dialect(session)))
        .group_by(m.Case.state)
    ).all()
    counts = {q.value: 0 for q in Queue}
    for state, n, late in rows:
        if state in counts:
            counts[state] = int(n)
        counts[Queue.OVERDUE.value] += int(late or 0)
    return counts


def deadline_status(start: datetime | None, deadline: datetime | None, at: datetime) -> str:
    """"none" (no deadline), "ok", "amber" (in the last quarter of its time) or "red"
    (overdue): what the countdown column shows."""
    if deadline is None:
        return "none"
    if deadline <= at:
        return "red"
    if start is not None and deadline > start and (deadline - at) <= (deadline - start) / 4:
        return "amber"
    return "ok"


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One row of a queue table."""

    id: int
    number: str
    state: str
    source: str
    level: int
    urgent: bool
    police: bool
    hazard: bool
    category_id: int
    category_code: str
    category_name: str
    category_name_en: str
    grid_id: int | None
    grid_code: str
    grid_name: str
    department_id: int | None
    department_name: str
    department_name_en: str
    address: str
    lon: float
    lat: float
    reported_at: datetime
    deadline_at: datetime | None
    dispatch_due_at: datetime | None
    rework_count: int
    outside_town: bool
    claimed_by: int | None
    claimed_by_name: str
    claimed_at: datetime | None
    version: int
    deadline_status: str  # none / ok / amber / red at the query's time
    dispatch_overdue: bool  # still undispatched after its dispatch minutes


SORT_KEYS: tuple[str, ...] = (
    "urgency", "reported_at", "deadline_at", "age", "number", "grid", "category",
    "department", "level", "state", "source",
)

_Claimer = aliased(m.User)
_UNDISPATCHED = (S.REPORTED.value, S.TO_DISPATCH.value, S.RETURNED.value)


def _order(sort: str, descending: bool) -> list[Any]:
    def d(col: Any) -> Any:
        return col.desc() if descending else col.asc()

    if sort == "urgency":  # the order "take the next case" uses
        primary = [m.Case.urgent.asc() if descending else m.Case.urgent.desc(), d(m.Case.reported_at)]
    elif sort == "reported_at":
        primary = [d(m.Case.reported_at)]
    elif sort == "age":  # oldest first unless descending
        primary = [m.Case.reported_at.desc() if descending else m.Case.reported_at.asc()]
    elif sort == "deadline_at":
        primary = [m.Case.deadline_at.is_(None), d(m.Case.deadline_at)]
    elif sort == "number":
        primary = [d(m.Case.number)]
    elif sort == "grid":
        primary = [d(m.Grid.code)]
    elif sort == "category":
        primary = [d(m.Category.code)]
    elif sort == "department":
        primary = [d(m.Department.code)]
    elif sort == "level":
        primary = [d(m.Case.level)]
    elif sort == "state":
        primary = [d(m.Case.state)]
    elif sort == "source":
        primary = [d(m.Case.source)]
    else:
        raise ValueError(f"unknown sort key {sort!r}; use one of {', '.join(SORT_KEYS)}")
    return [*primary, m.Case.id.asc()]


def _rows_base() -> Any:
    return (
        select(
            m.Case.id, m.Case.number, m.Case.state, m.Case.source, m.Case.level, m.Case.urgent,
            m.Case.police, m.Case.hazard, m.Case.category_id, m.Category.code, m.Category.name,
            m.Category.name_en, m.Case.grid_id, m.Grid.code, m.Grid.name, m.Case.department_id,
            m.Department.name, m.Department.name_en, m.Case.address, m.Case.lon, m.Case.lat,
            m.Case.reported_at, m.Case.deadline_at, m.Case.dispatch_due_at, m.Category.dispatch_minutes,
            m.Case.rework_count, m.Case.outside_town, m.Case.claimed_by, _Claimer.display_name,
            m.Case.claimed_at, m.Case.version,
        )
        .select_from(m.Case)
        .join(m.Category, m.Category.id == m.Case.category_id)
        .outerjoin(m.Grid, m.Grid.id == m.Case.grid_id)
        .outerjoin(m.Department, m.Department.id == m.Case.department_id)
        .outerjoin(_Claimer, _Claimer.id == m.Case.claimed_by)
    )


_ROWS_BASE = _rows_base()  # built once: constructing a 31-column select costs milliseconds


def _rows_stmt(where: list[ColumnElement[bool]]) -> Any:
    return _ROWS_BASE.where(*where)


def _row(r: Any, at: datetime) -> QueueRow:
    (
        cid, number, state, source, level, urgent, police, hazard, cat_id, cat_code, cat_name,
        cat_name_en, grid_id, grid_code, grid_name, dept_id, dept_name, dept_name_en, address,
        lon, lat, reported_at, deadline_at, dispatch_due_at, dispatch_minutes, rework_count,
        outside_town, claimed_by, claimer, claimed_at, version,
    ) = r
    due = dispatch_due_at or reported_at + timedelta(minutes=int(dispatch_minutes or 30))
    return QueueRow(
        id=cid, number=number, state=state, source=source, level=level, urgent=bool(urgent),
        police=bool(police), hazard=bool(hazard), category_id=cat_id, category_code=cat_code,
        category_name=cat_name, category_name_en=cat_name_en or "", grid_id=grid_id,
        grid_code=grid_code or "", grid_name=grid_name or "", department_id=dept_id,
        department_name=dept_name or "", department_name_en=dept_name_en or "",
        address=address or "", lon=lon, lat=lat, reported_at=reported_at, deadline_at=deadline_at,
        dispatch_due_at=due, rework_count=rework_count, outside_town=bool(outside_town),
        claimed_by=claimed_by, claimed_by_name=claimer or "", claimed_at=claimed_at,
        version=version, deadline_status=deadline_status(reported_at, deadline_at, at),
        dispatch_overdue=state in _UNDISPATCHED and due <= at,
    )


def queue_rows(
    session: Session,
    queue: Queue | str,
    *,
    at: datetime | None = None,
    filters: CaseFilter | None = None,
    sort: str = "urgency",
    descending: bool = False,
    limit: int = 200,
    offset: int = 0,
) -> list[QueueRow]:
    """One page of a queue, sorted (see SORT_KEYS) and filtered."""
    at = at or town_now()
    stmt = (
        _rows_stmt([*queue_clause(queue, at), *filter_clause(filters, at, dialect=_dialect(session))])
        .order_by(*_order(sort, descending))
        .limit(limit)
        .offset(offset)
    )
    return [_row(r, at) for r in session.execute(stmt).all()]


def cases_by_ids(session: Session, ids: list[int] | set[int], *, at: datetime | None = None) -> list[QueueRow]:
    """Queue rows for given cases (after an operation's ChangeSet, to refresh those rows)."""
    if not ids:
        return []
    at = at or town_now()
    stmt = _rows_stmt([m.Case.id.in_(sorted(ids))]).order_by(m.Case.id)
    return [_row(r, at) for r in session.execute(stmt).all()]


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    """Everything one refresh of the console needs: the counts of every queue and the
    rows of the one shown."""

    at: datetime
    queue: str
    counts: dict[str, int]
    rows: list[QueueRow]


def queue_snapshot(
    session: Session,
    queue: Queue | str,
    *,
    at: datetime | None = None,
    filters: CaseFilter | None = None,
    sort: str = "urgency",
    descending: bool = False,
    limit: int = 200,
    offset: int = 0,
) -> QueueSnapshot:
    at = at or town_now()
    return QueueSnapshot(
        at=at,
        queue=Queue(queue).value,
        counts=queue_counts(session, at=at, filters=filters),
        rows=queue_rows(
            session, queue, at=at, filters=filters, sort=sort, descending=descending,
            limit=limit, offset=offset,
        ),
    )


# ---------------------------------------------------------------- where is a point


@dataclass(frozen=True, slots=True)
class Location:
    """Where a reported point lies: its management grid and whether it is in the town."""

    lon: float
    lat: float
    inside_town: bool
    grid_id: int | None
    grid_code: str
    grid_name: str


def locate(session: Session, lon: float, lat: float) -> Location:
    """Find the management grid holding (lon, lat) with a bounding-box prefilter in SQL
    and an exact shapely test; `inside_town` tests the town outline (True when no town is
    recorded, as there is nothing to test against)."""
    point = shapely.Point(lon, lat)
    towns = session.execute(
        select(m.Town.geometry).where(
            m.Town.min_lon <= lon, m.Town.max_lon >= lon, m.Town.min_lat <= lat, m.Town.max_lat >= lat
        )
    ).scalars().all()
    any_town = session.execute(select(func.count(m.Town.id))).scalar_one() > 0
    inside = any(g.covers(point) for g in towns) if any_town else True
    grids = session.execute(
        select(m.Grid.id, m.Grid.code, m.Grid.name, m.Grid.geometry)
        .where(
            m.Grid.level == m.GridLevel.MANAGEMENT.value,
            m.Grid.min_lon <= lon, m.Grid.max_lon >= lon,
            m.Grid.min_lat <= lat, m.Grid.max_lat >= lat,
        )
        .order_by(m.Grid.id)
    ).all()
    for gid, code, name, geom in grids:
        if geom is not None and geom.covers(point):
            return Location(lon, lat, inside, gid, code, name)
    return Location(lon, lat, inside, None, "", "")


# ---------------------------------------------------------------- detail and timeline


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    id: int
    at: datetime
    kind: str
    actor_user_id: int | None
    actor_name: str
    workstation: str
    from_state: str | None
    to_state: str | None
    department_id: int | None
    department_name: str
    note: str  # masked: phone and ID numbers inside notes are hidden
    data: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class ExtensionInfo:
    id: int
    status: str
    requested_at: datetime
    requested_by_name: str
    old_deadline: datetime | None
    requested_deadline: datetime
    reason: str
    decided_at: datetime | None
    decided_by_name: str
    granted_deadline: datetime | None
    decision_note: str


@dataclass(frozen=True, slots=True)
class OutboxInfo:
    id: int
    kind: str
    target: str
    status: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    last_error: str
    external_ref: str


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    id: int
    number: str
    state: str
    reported_at: datetime
    distance_m: float
    grid_code: str
    address: str
    version: int


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """Everything the detail pane shows. Reporter contact is masked (138****5678, 张*):
    `reveal_contact` (db/cases.py) shows it in full, audited."""

    id: int
    number: str
    state: str
    source: str
    level: int
    urgent: bool
    police: bool
    hazard: bool
    version: int
    category_id: int
    category_code: str
    category_name: str
    category_name_en: str
    category_major: str
    time_limit_hours: int
    dispatch_minutes: int
    default_department_id: int | None
    lon: float
    lat: float
    address: str
    outside_town: bool
    grid_id: int | None
    grid_code: str
    grid_name: str
    responsibility_grid_code: str
    responsibility_grid_name: str
    grid_leader_name: str  # masked
    key_point_id: int | None
    key_point_name: str
    key_point_kind: str
    key_point_qr: str
    department_id: int | None
    department_name: str
    department_name_en: str
    department_level: str
    description: str  # masked
    reporter_name: str  # masked
    reporter_phone: str  # masked
    has_contact: bool
    reported_at: datetime
    registered_at: datetime | None
    dispatched_at: datetime | None
    deadline_at: datetime | None
    dispatch_due_at: datetime | None
    closed_at: datetime | None
    updated_at: datetime
    rework_count: int
    claimed_by: int | None
    claimed_by_name: str
    claimed_at: datetime | None
    merged_into_id: int | None
    merged_into_number: str
    deadline_status: str
    timeline: list[TimelineEvent] = field(default_factory=list)
    extensions: list[ExtensionInfo] = field(default_factory=list)
    outbox: list[OutboxInfo] = field(default_factory=list)
    duplicates: list[DuplicateCandidate] = field(default_factory=list)
    attachments: list[Any] = field(default_factory=list)  # db.attachments.AttachmentInfo, removed ones too

    @property
    def pending_extension(self) -> ExtensionInfo | None:
        return next((e for e in self.extensions if e.status == ExtensionStatus.PENDING), None)


def case_timeline(session: Session, case_id: int) -> list[TimelineEvent]:
    """Every event of a case, oldest first, with the actor's name and workstation."""
    actor = aliased(m.User)
    rows = session.execute(
        select(m.CaseEvent, actor.display_name, m.Department.name)
        .outerjoin(actor, actor.id == m.CaseEvent.actor_user_id)
        .outerjoin(m.Department, m.Department.id == m.CaseEvent.department_id)
        .where(m.CaseEvent.case_id == case_id)
        .order_by(m.CaseEvent.at, m.CaseEvent.id)
    ).all()
    return [
        TimelineEvent(
            id=ev.id,
            at=ev.at,
            kind=ev.kind,
            actor_user_id=ev.actor_user_id,
            actor_name=ev.actor_name or display or ("" if ev.actor_user_id is None else f"#{ev.actor_user_id}"),
            workstation=ev.workstation or "",
            from_state=ev.from_state,
            to_state=ev.to_state,
            department_id=ev.department_id,
            department_name=dept or "",
            note=mask_text(ev.note),
            data=dict(ev.data) if ev.data else None,
        )
        for ev, display, dept in rows
    ]


def last_event(session: Session, case_id: int) -> TimelineEvent | None:
    """The latest event of a case (what the last person did to it)."""
    actor = aliased(m.User)
    row = session.execute(
        select(m.CaseEvent, actor.display_name)
        .outerjoin(actor, actor.id == m.CaseEvent.actor_user_id)
        .where(m.CaseEvent.case_id == case_id)
        .order_by(m.CaseEvent.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    ev, display = row
    return TimelineEvent(
        ev.id, ev.at, ev.kind, ev.actor_user_id,
        ev.actor_name or display or ("system" if ev.actor_user_id is None else f"#{ev.actor_user_id}"),
        ev.workstation or "", ev.from_state, ev.to_state, ev.department_id, "", mask_text(ev.note),
        dict(ev.data) if ev.data else None,
    )


def case_summary(session: Session, case_id: int) -> dict[str, Any]:
    """A small, fresh description of a case (what a Conflict carries in `current`)."""
    c = session.get(m.Case, case_id, populate_existing=True)
    if c is None:
        return {}
    last = last_event(session, case_id)
    dept = session.get(m.Department, c.department_id) if c.department_id else None
    return {
        "id": c.id,
        "number": c.number,
        "state": c.state,
        "version": c.version,
        "level": c.level,
        "department_id": c.department_id,
        "department_name": dept.name if dept else "",
        "deadline_at": c.deadline_at,
        "claimed_by": c.claimed_by,
        "updated_at": c.updated_at,
        "last_event": None
        if last is None
        else {"kind": last.kind, "actor": last.actor_name, "workstation": last.workstation, "at": last.at},
    }


def case_detail(
    session: Session, case_id: int, *, at: datetime | None = None, with_duplicates: bool = True
) -> CaseDetail | None:
    """The case detail: fields, location, grid, key point, category, masked contact,
    timeline, extension requests, outbox messages and (optionally) possible duplicates."""
    at = at or town_now()
    c = session.get(m.Case, case_id)
    if c is None:
        return None
    cat = session.get(m.Category, c.category_id)
    assert cat is not None
    grid = session.get(m.Grid, c.grid_id) if c.grid_id else None
    parent = session.get(m.Grid, grid.parent_id) if grid is not None and grid.parent_id else None
    kp = session.get(m.KeyPoint, c.key_point_id) if c.key_point_id else None
    dept = session.get(m.Department, c.department_id) if c.department_id else None
    claimer = session.get(m.User, c.claimed_by) if c.claimed_by else None
    master = session.get(m.Case, c.merged_into_id) if c.merged_into_id else None
    exts = session.execute(
        select(CaseExtension).where(CaseExtension.case_id == c.id).order_by(CaseExtension.id)
    ).scalars().all()
    msgs = session.execute(
        select(OutboxMessage).where(OutboxMessage.case_id == c.id).order_by(OutboxMessage.id)
    ).scalars().all()
    return CaseDetail(
        id=c.id, number=c.number, state=c.state, source=c.source, level=c.level,
        urgent=c.urgent, police=c.police, hazard=c.hazard, version=c.version,
        category_id=cat.id, category_code=cat.code, category_name=cat.name,
        category_name_en=cat.name_en, category_major=cat.major,
        time_limit_hours=cat.time_limit_hours, dispatch_minutes=cat.dispatch_minutes,
        default_department_id=cat.department_id,
        lon=c.lon, lat=c.lat, address=c.address, outside_town=bool(c.outside_town),
        grid_id=c.grid_id, grid_code=grid.code if grid else "", grid_name=grid.name if grid else "",
        responsibility_grid_code=parent.code if parent else "",
        responsibility_grid_name=parent.name if parent else "",
        grid_leader_name=mask_name(grid.leader_name) if grid else "",
        key_point_id=c.key_point_id, key_point_name=kp.name if kp else "",
        key_point_kind=kp.kind if kp else "", key_point_qr=kp.qr_code if kp else "",
        department_id=c.department_id, department_name=dept.name if dept else "",
        department_name_en=dept.name_en if dept else "", department_level=dept.level if dept else "",
        description=mask_text(c.description),
        reporter_name=mask_name(c.reporter_name), reporter_phone=mask_phone(c.reporter_phone),
        has_contact=bool(c.reporter_name or c.reporter_phone),
        reported_at=c.reported_at, registered_at=c.registered_at, dispatched_at=c.dispatched_at,
        deadline_at=c.deadline_at,
        dispatch_due_at=c.dispatch_due_at or c.reported_at + timedelta(minutes=cat.dispatch_minutes),
        closed_at=c.closed_at, updated_at=c.updated_at, rework_count=c.rework_count,
        claimed_by=c.claimed_by, claimed_by_name=claimer.display_name if claimer else "",
        claimed_at=c.claimed_at, merged_into_id=c.merged_into_id,
        merged_into_number=master.number if master else "",
        deadline_status=deadline_status(c.reported_at, c.deadline_at, at)
        if c.state in m.OPEN_STATES
        else "none",
        timeline=case_timeline(session, c.id),
        extensions=[
            ExtensionInfo(
                e.id, e.status, e.requested_at, e.requested_by_name, e.old_deadline,
                e.requested_deadline, e.reason, e.decided_at, e.decided_by_name,
                e.granted_deadline, e.decision_note,
            )
            for e in exts
        ],
        outbox=[
            OutboxInfo(o.id, o.kind, o.target, o.status, o.attempts, o.created_at, o.sent_at, o.last_error, o.external_ref)
            for o in msgs
        ],
        duplicates=possible_duplicates(session, c.id) if with_duplicates else [],
        attachments=_case_attachments(session, c.id),
    )


def _case_attachments(session: Session, case_id: int) -> list[Any]:
    from db.attachments import list_attachments

    return list(list_attachments(session, case_id))


# ---------------------------------------------------------------- duplicates


DUPLICATE_RADIUS_M = 250.0
DUPLICATE_DAYS = 7
_M_PER_DEG_LAT = 110_574.0  # the shortest degree of latitude: a safe bbox margin
_M_PER_DEG_LON_EQUATOR = 111_320.0


def nearby_cases(
    session: Session,
    *,
    category_id: int,
    lon: float,
    lat: float,
    around: datetime,
    radius_m: float = DUPLICATE_RADIUS_M,
    days: int = DUPLICATE_DAYS,
    exclude_id: int | None = None,
    limit: int = 20,
) -> list[DuplicateCandidate]:
    """Cases of one category within `radius_m` (measured in EPSG:4549) and `days` either
    side of `around`, nearest first; rejected and merged cases are left out. A bounding box
    in degrees (with a margin) prefilters in SQL on the lon/lat index; the exact distance
    is measured on the few that pass."""
    margin = 1.1
    dlat = radius_m / _M_PER_DEG_LAT * margin
    dlon = radius_m / (_M_PER_DEG_LON_EQUATOR * max(math.cos(math.radians(lat)), 0.01)) * margin
    stmt = (
        select(
            m.Case.id, m.Case.number, m.Case.state, m.Case.reported_at, m.Case.lon, m.Case.lat,
            m.Grid.code, m.Case.address, m.Case.version,
        )
        .outerjoin(m.Grid, m.Grid.id == m.Case.grid_id)
        .where(
            m.Case.lon.between(lon - dlon, lon + dlon),
            m.Case.lat.between(lat - dlat, lat + dlat),
            m.Case.category_id == category_id,
            m.Case.reported_at.between(around - timedelta(days=days), around + timedelta(days=days)),
            m.Case.state != S.REJECTED.value,
            m.Case.merged_into_id.is_(None),
        )
    )
    if exclude_id is not None:
        stmt = stmt.where(m.Case.id != exclude_id)
    rows = session.execute(stmt).all()
    if not rows:
        return []
    xs, ys = project_xy(
        np.array([lon] + [r[4] for r in rows]), np.array([lat] + [r[5] for r in rows]), STORAGE_EPSG, METRIC_EPSG
    )
    dist = np.hypot(xs[1:] - xs[0], ys[1:] - ys[0])
    out = [
        DuplicateCandidate(r[0], r[1], r[2], r[3], round(float(d), 1), r[6] or "", r[7] or "", r[8])
        for r, d in zip(rows, dist, strict=True)
        if d <= radius_m
    ]
    out.sort(key=lambda c: (c.distance_m, c.reported_at, c.id))
    return out[:limit]


def possible_duplicates(
    session: Session, case_id: int, *, radius_m: float = DUPLICATE_RADIUS_M, days: int = DUPLICATE_DAYS
) -> list[DuplicateCandidate]:
    """Other cases that may report the same thing: same category, within 250 m and 7 days."""
    c = session.get(m.Case, case_id)
    if c is None:
        return []
    return nearby_cases(
        session, category_id=c.category_id, lon=c.lon, lat=c.lat, around=c.reported_at,
        radius_m=radius_m, days=days, exclude_id=c.id,
    )


# ---------------------------------------------------------------- dispatch suggestions


@dataclass(frozen=True, slots=True)
class DepartmentSuggestion:
    department_id: int
    code: str
    name: str
    name_en: str
    level: str
    reason: str  # "category_default" or "grid_history"
    cases: int  # how many cases of this category in this area it handled (history)


def suggest_departments(
    session: Session, case_id: int, *, limit: int = 5, history_days: int = 365, at: datetime | None = None
) -> list[DepartmentSuggestion]:
    """Who should handle a case: the category's default department first, then the town
    departments that handled this category in the same grid (or, failing that, in its
    responsibility grid) over the last `history_days`, most cases first."""
    at = at or town_now()
    c = session.get(m.Case, case_id)
    if c is None:
        return []
    cat = session.get(m.Category, c.category_id)
    out: list[DepartmentSuggestion] = []
    seen: set[int] = set()
    if cat is not None and cat.department_id is not None:
        d = session.get(m.Department, cat.department_id)
        if d is not None and d.active and d.level == m.DepartmentLevel.TOWN:
            out.append(DepartmentSuggestion(d.id, d.code, d.name, d.name_en, d.level, "category_default", 0))
            seen.add(d.id)

    def history(grid_clause: ColumnElement[bool]) -> list[Any]:
        return list(
            session.execute(
                select(m.Department.id, m.Department.code, m.Department.name, m.Department.name_en, m.Department.level, func.count(m.Case.id))
                .join(m.Department, m.Department.id == m.Case.department_id)
                .where(
                    m.Case.category_id == c.category_id,
                    grid_clause,
                    m.Case.id != c.id,
                    m.Case.reported_at >= at - timedelta(days=history_days),
                    m.Case.state.in_([S.CLOSED.value, S.FEEDBACK.value, S.DISPATCHED.value]),
                    m.Department.level == m.DepartmentLevel.TOWN.value,
                    m.Department.active.is_(True),
                )
                .group_by(m.Department.id, m.Department.code, m.Department.name, m.Department.name_en, m.Department.level)
                .order_by(func.count(m.Case.id).desc(), m.Department.code)
                .limit(limit + 1)
            ).all()
        )

    rows: list[Any] = []
    if c.grid_id is not None:
        rows = history(m.Case.grid_id == c.grid_id)
        if not rows:
            parent = session.execute(select(m.Grid.parent_id).where(m.Grid.id == c.grid_id)).scalar()
            if parent is not None:
                rows = history(m.Case.grid_id.in_(select(m.Grid.id).where(m.Grid.parent_id == parent)))
    for did, code, name, name_en, level, n in rows:
        if did in seen:
            out[0] = DepartmentSuggestion(
                out[0].department_id, out[0].code, out[0].name, out[0].name_en, out[0].level,
                "category_default", int(n),
            )
            continue
        seen.add(did)
        out.append(DepartmentSuggestion(did, code, name, name_en, level, "grid_history", int(n)))
    return out[:limit]


# ---------------------------------------------------------------- pick lists


@dataclass(frozen=True, slots=True)
class DepartmentItem:
    id: int
    code: str
    name: str
    name_en: str
    level: str
    kind: str


@dataclass(frozen=True, slots=True)
class CategoryItem:
    id: int
    code: str
    major: str
    name: str
    name_en: str
    police: bool
    urgent: bool
    hazard: bool
    default_level: int
    time_limit_hours: int
    dispatch_minutes: int
    department_id: int | None


def list_departments(session: Session, level: str | None = None) -> list[DepartmentItem]:
    """Active departments (town or district) for the dispatch and escalate pickers."""
    stmt = select(m.Department).where(m.Department.active.is_(True)).order_by(m.Department.code)
    if level is not None:
        stmt = stmt.where(m.Department.level == level)
    return [DepartmentItem(d.id, d.code, d.name, d.name_en, d.level, d.kind) for d in session.execute(stmt).scalars()]


def list_categories(session: Session) -> list[CategoryItem]:
    """The active checklist items, in code order."""
    rows = session.execute(select(m.Category).where(m.Category.active.is_(True)).order_by(m.Category.code)).scalars()
    return [
        CategoryItem(
            c.id, c.code, c.major, c.name, c.name_en, c.police, c.urgent, c.hazard, c.default_level,
            c.time_limit_hours, c.dispatch_minutes, c.department_id,
        )
        for c in rows
    ]
