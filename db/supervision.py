"""Supervision (督查) and assessment (考核): patrol records, the biweekly inspection with its
proposed agenda, cases from findings, the villages' ratings of the departments, the
assessment weights and finalising a cycle.

Operations take an `OperationContext` first; run them with
`db.ops.run_operation(engine, actor, Permission.SUPERVISION_RECORD, record_patrol, patrol)`
(ratings, weights and finalising need Permission.ASSESSMENT_MANAGE). Each checks its
permission itself as well, writes an audit entry and returns a ChangeSet ("patrol",
"inspection", "case", "rating", "assessment_cycle", "assessment_weight").

A finding that becomes a case goes through `db.cases.report_case` (source 巡查 "patrol" or
督查 "inspection"), in the same transaction: the case enters the duty officer's queue as a
new report. Read functions return plain dataclasses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import Session

from db import models as m
from db.cases import report_case
from db.clock import now as town_now
from db.ops import (
    ChangeSet,
    InvalidInput,
    InvalidTransition,
    NotFound,
    OperationContext,
    require,
)
from db.permissions import Permission
from db.stats import (
    METRICS,
    Cycle,
    assessment_to_json,
    compute_assessment,
    reference_time,
    validate_weights,
)
from db.supervision_models import (
    AgendaKind,
    AssessmentCycle,
    AssessmentWeight,
    Attachment,
    CycleStatus,
    DepartmentRating,
    FindingOutcome,
    Inspection,
    InspectionFinding,
    InspectionItem,
    ItemResult,
    Patrol,
    PatrolFinding,
    PatrolMember,
    PatrolSlot,
)
from gis.crs import to_metric

P = ParamSpec("P")
T = TypeVar("T")
S = m.CaseState

MORNING_END = time(12, 0)  # a patrol starting before noon is the morning patrol
SLOTS_PER_DAY = 2
MAX_PATROL_HOURS = 12
ROUTE_TOLERANCE_M = 30.0  # a route may run along the grid's edge
INSPECTION_ANCHOR_KEY = "supervision.inspection_anchor"
DEFAULT_INSPECTION_ANCHOR = date(2025, 1, 2)  # a Thursday; inspections every 14 days from it
INSPECTION_START = time(14, 0)
OVERDUE_ITEMS = 8
UNFINISHED_ITEMS = 4
KEY_POINT_ITEMS = 5
GRID_ITEMS = 5
TEAM_ITEMS = 3
REPEAT_WINDOW_DAYS = 30
REPEAT_MIN_CASES = 3
LONG_UNFINISHED_DAYS = 30


def read(
    engine: Engine, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """Run a read function of this module (or db.stats) in a session of its own."""
    with Session(engine) as session:
        return fn(session, *args, **kwargs)


def clock(session: Session) -> datetime:
    """The later of the wall clock and the demo's reference time: what "now" means here."""
    return max(town_now(), reference_time(session))


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class AttachmentInput:
    """Metadata of a photo or file (the file stays where the workstation keeps it)."""

    file_name: str
    media_type: str = "image/jpeg"
    size_bytes: int = 0
    sha256: str = ""
    stored_path: str = ""
    caption: str = ""
    taken_at: datetime | None = None
    lon: float | None = None
    lat: float | None = None


@dataclass(frozen=True, slots=True)
class FindingInput:
    """Something found on a patrol or an inspection.

    `make_case` reports a new case (needs `category_id`; the place is lon/lat, the key
    point, or else the item / grid it belongs to); `case_id` links an existing case
    instead; otherwise the outcome says whether it was fixed on the spot or noted."""

    description: str
    category_id: int | None = None
    lon: float | None = None
    lat: float | None = None
    key_point_id: int | None = None
    make_case: bool = False
    case_id: int | None = None
    outcome: str = FindingOutcome.NOTED
    found_at: datetime | None = None
    department_id: int | None = None  # inspections: the department responsible
    grid_id: int | None = None  # inspections: the grid it is in
    item_seq: int | None = None  # inspections: the agenda item (1-based) it belongs to
    photos: tuple[AttachmentInput, ...] = ()


@dataclass(frozen=True, slots=True)
class PatrolInput:
    grid_id: int  # a responsibility grid
    started_at: datetime
    ended_at: datetime
    leader_member_id: int | None = None  # default: the grid's grid leader
    leader_name: str = ""
    member_ids: tuple[int, ...] = ()
    extra_members: tuple[str, ...] = ()  # people who are not grid members
    route: LineString | None = None  # EPSG:4490
    notes: str = ""
    findings: tuple[FindingInput, ...] = ()
    photos: tuple[AttachmentInput, ...] = ()


@dataclass(frozen=True, slots=True)
class InspectionItemInput:
    kind: str  # AgendaKind
    ref_id: int | None
    title: str
    reason: str = ""
    result: str = ItemResult.NOT_CHECKED
    note: str = ""


@dataclass(frozen=True, slots=True)
class InspectionInput:
    started_at: datetime
    ended_at: datetime
    leader_name: str
    leader_title: str = ""
    participants: str = ""
    route: LineString | None = None
    summary: str = ""
    items: tuple[InspectionItemInput, ...] = ()
    findings: tuple[FindingInput, ...] = ()
    photos: tuple[AttachmentInput, ...] = ()
    agenda: dict[str, Any] | None = None


# ---------------------------------------------------------------- helpers


def _text(value: str, what: str, limit: int = 2000) -> str:
    v = (value or "").strip()
    if not v:
        raise InvalidInput(f"Enter {what}.")
    if len(v) > limit:
        raise InvalidInput(f"{what[0].upper()}{what[1:]} is too long (at most {limit} characters).")
    return v


def _optional_text(value: str, what: str, limit: int) -> str:
    v = (value or "").strip()
    if len(v) > limit:
        raise InvalidInput(f"{what[0].upper()}{what[1:]} is too long (at most {limit} characters).")
    return v


def _check_times(session: Session, start: datetime, end: datetime, what: str) -> None:
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        raise InvalidInput(f"The {what} needs a start and an end time.")
    if end <= start:
        raise InvalidInput(f"The {what} must end after it starts.")
    if start > clock(session) + timedelta(minutes=15):
        raise InvalidInput(
            f"The {what} cannot start in the future; record it after it has taken place."
        )


def _slot(at: datetime) -> str:
    return PatrolSlot.MORNING if at.time() < MORNING_END else PatrolSlot.AFTERNOON


def _lonlat(lon: float | None, lat: float | None, what: str) -> tuple[float, float] | None:
    if lon is None and lat is None:
        return None
    if lon is None or lat is None:
        raise InvalidInput(
            f"{what}: give both longitude and latitude, or pick the point on the map."
        )
    lon, lat = float(lon), float(lat)
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0) or lon != lon or lat != lat:
        raise InvalidInput(
            f"{what}: ({lon}, {lat}) is not a longitude/latitude; pick the point on the map."
        )
    return lon, lat


def _check_route(route: BaseGeometry | None, area: BaseGeometry | None, area_name: str) -> float:
    """Length in metres of a valid route inside `area` (None: no route); else InvalidInput."""
    if route is None:
        return 0.0
    if not isinstance(route, LineString) or route.is_empty or len(route.coords) < 2:
        raise InvalidInput("The route must be a line of at least two points.")
    if not route.is_valid or not all(map(lambda c: all(v == v for v in c), route.coords)):
        raise InvalidInput("The route is not a valid line; draw it again.")
    route_m = to_metric(route)
    if route_m.length <= 0:
        raise InvalidInput("The route has no length; draw it again.")
    if area is not None:
        area_m = to_metric(area).buffer(ROUTE_TOLERANCE_M)
        outside = route_m.difference(area_m).length
        if outside > 0.05 * route_m.length:
            raise InvalidInput(
                f"The route leaves {area_name} for {outside:.0f} m; a patrol stays inside its own grid."
            )
    return float(route_m.length)


def _attachments(
    ctx: OperationContext, owner_kind: str, owner_id: int, photos: Sequence[AttachmentInput]
) -> None:
    for p in photos:
        name = _text(p.file_name, "the photo's file name", 255)
        if p.size_bytes < 0:
            raise InvalidInput(f"{name}: the file size cannot be negative.")
        ctx.session.add(
            Attachment(
                owner_kind=owner_kind,
                owner_id=owner_id,
                file_name=name,
                media_type=_optional_text(p.media_type, "the media type", 64)
                or "application/octet-stream",
                size_bytes=int(p.size_bytes),
                sha256=_optional_text(p.sha256, "the checksum", 64),
                stored_path=_optional_text(p.stored_path, "the stored path", 512),
                caption=_optional_text(p.caption, "the caption", 255),
                taken_at=p.taken_at,
                lon=p.lon,
                lat=p.lat,
                added_at=town_now(),
                added_by=ctx.actor.user_id,
            )
        )


def _new_case(
    ctx: OperationContext,
    source: str,
    f: FindingInput,
    where: tuple[float, float] | None,
    reported_at: datetime,
    label: str,
) -> int:
    """Report the finding as a new case through the case workflow; returns its id."""
    if f.category_id is None:
        raise InvalidInput(f"{label}: pick a checklist category so it can become a case.")
    if where is None and f.key_point_id is None:
        raise InvalidInput(f"{label}: pick where it is (a point on the map or a key point).")
    lon, lat = where if where is not None else (None, None)
    changes = report_case(
        ctx,
        source=source,
        category_id=f.category_id,
        lon=lon,
        lat=lat,
        key_point_id=f.key_point_id,
        description=f.description.strip(),
        reported_at=reported_at,
    )
    (case_id,) = changes.ids("case")
    return case_id


def _existing_case(session: Session, case_id: int, label: str) -> m.Case:
    c = session.get(m.Case, case_id)
    if c is None:
        raise NotFound(f"{label}: case {case_id} does not exist.")
    return c


def _grid(session: Session, grid_id: int) -> m.Grid:
    g = session.get(m.Grid, grid_id)
    if g is None:
        raise NotFound(f"Grid {grid_id} does not exist.")
    return g


def _grid_point(g: m.Grid) -> tuple[float, float]:
    p = g.geometry.representative_point()
    return float(p.x), float(p.y)


# ---------------------------------------------------------------- patrols


def _team_of(session: Session, grid: m.Grid) -> list[m.GridMember]:
    """The members of a responsibility grid: its own (X) and its management grids' (1+2+3)."""
    children = select(m.Grid.id).where(m.Grid.parent_id == grid.id)
    return list(
        session.execute(
            select(m.GridMember)
            .where(
                m.GridMember.active.is_(True),
                (m.GridMember.grid_id == grid.id) | m.GridMember.grid_id.in_(children),
            )
            .order_by(m.GridMember.is_grid_leader.desc(), m.GridMember.id)
        ).scalars()
    )


def record_patrol(ctx: OperationContext, patrol: PatrolInput) -> ChangeSet:
    """Operation (Permission.SUPERVISION_RECORD): record a grid leader's patrol, its
    members, route and findings; findings with `make_case` become new cases."""
    require(ctx.actor, Permission.SUPERVISION_RECORD)
    session = ctx.session
    grid = _grid(session, patrol.grid_id)
    if grid.level != m.GridLevel.RESPONSIBILITY:
        raise InvalidInput(
            f"{grid.name} is a management grid; patrols are recorded for its responsibility grid."
        )
    _check_times(session, patrol.started_at, patrol.ended_at, "patrol")
    if patrol.ended_at - patrol.started_at > timedelta(hours=MAX_PATROL_HOURS):
        raise InvalidInput(
            f"A patrol lasts at most {MAX_PATROL_HOURS} hours; check the start and end times."
        )
    team = {mem.id: mem for mem in _team_of(session, grid)}
    leader: m.GridMember | None = None
    if patrol.leader_member_id is not None:
        leader = team.get(patrol.leader_member_id)
        if leader is None:
            raise InvalidInput(
                f"Member {patrol.leader_member_id} is not in the team of {grid.name}."
            )
    elif not patrol.leader_name.strip():
        leader = next((mem for mem in team.values() if mem.is_grid_leader), None)
    leader_name = (
        leader.name
        if leader is not None
        else _text(patrol.leader_name, "the patrol leader's name", 32)
    )
    for mid in patrol.member_ids:
        if mid not in team:
            raise InvalidInput(f"Member {mid} is not in the team of {grid.name}.")
    length = _check_route(patrol.route, grid.geometry, grid.name)
    overlap = session.execute(
        select(Patrol.started_at, Patrol.ended_at).where(
            Patrol.grid_id == grid.id,
            Patrol.started_at < patrol.ended_at,
            Patrol.ended_at > patrol.started_at,
        )
    ).first()
    if overlap is not None:
        raise InvalidInput(
            f"A patrol of {grid.name} is already recorded from {overlap[0]:%H:%M} to {overlap[1]:%H:%M} "
            "that day; it may be this one."
        )
    at = town_now()
    row = Patrol(
        grid_id=grid.id,
        day=patrol.started_at.date(),
        slot=_slot(patrol.started_at),
        leader_member_id=leader.id if leader is not None else None,
        leader_name=leader_name,
        started_at=patrol.started_at,
        ended_at=patrol.ended_at,
        route=patrol.route,
        route_length_m=round(length, 1),
        notes=_optional_text(patrol.notes, "the notes", 4000),
        recorded_by=ctx.actor.user_id,
        recorded_at=at,
    )
    if patrol.route is not None:
        row.min_lon, row.min_lat, row.max_lon, row.max_lat = patrol.route.bounds
    for mid in dict.fromkeys(patrol.member_ids):
        if leader is not None and mid == leader.id:
            continue
        row.members.append(
            PatrolMember(member_id=mid, name=team[mid].name, team_role=team[mid].team_role)
        )
    for name in patrol.extra_members:
        if name.strip():
            row.members.append(
                PatrolMember(name=_text(name, "the member's name", 32), team_role="")
            )
    session.add(row)
    session.flush()
    changes = ChangeSet(summary=f"patrol of {grid.name} on {row.day:%Y-%m-%d} recorded").add(
        "patrol", row.id
    )
    default_where = _grid_point(grid)
    if patrol.route is not None:
        mid_point = patrol.route.interpolate(0.5, normalized=True)
        default_where = (float(mid_point.x), float(mid_point.y))
    new_cases: list[int] = []
    for i, f in enumerate(patrol.findings, start=1):
        label = f"Finding {i}"
        desc = _text(f.description, f"what finding {i} is", 2000)
        where = _lonlat(f.lon, f.lat, label)
        found_at = f.found_at or patrol.started_at
        if (
            not patrol.started_at - timedelta(minutes=5)
            <= found_at
            <= patrol.ended_at + timedelta(minutes=5)
        ):
            raise InvalidInput(f"{label}: the time it was found must lie within the patrol.")
        case_id: int | None = None
        outcome = f.outcome
        if f.case_id is not None:
            case_id = _existing_case(session, f.case_id, label).id
            outcome = FindingOutcome.CASE
        elif f.make_case:
            if where is None and f.key_point_id is None:
                where = default_where
            case_id = _new_case(ctx, m.CaseSource.PATROL, f, where, found_at, label)
            new_cases.append(case_id)
            outcome = FindingOutcome.CASE
        elif outcome not in {o.value for o in FindingOutcome} or outcome == FindingOutcome.CASE:
            raise InvalidInput(
                f"{label}: say whether it was fixed on the spot, noted, or is a case."
            )
        finding = PatrolFinding(
            seq=i,
            description=desc,
            category_id=f.category_id,
            outcome=outcome,
            lon=where[0] if where else None,
            lat=where[1] if where else None,
            key_point_id=f.key_point_id,
            case_id=case_id,
            found_at=found_at,
        )
        row.findings.append(finding)
        session.flush()
        _attachments(ctx, "patrol_finding", finding.id, f.photos)
        if case_id is not None:
            changes.add("case", case_id)
    _attachments(ctx, "patrol", row.id, patrol.photos)
    session.flush()
    ctx.record(
        "patrol_record",
        "patrol",
        row.id,
        None,
        {
            "grid": grid.code,
            "day": row.day.isoformat(),
            "slot": row.slot,
            "leader": leader_name,
            "started_at": row.started_at.isoformat(sep=" "),
            "ended_at": row.ended_at.isoformat(sep=" "),
            "members": len(row.members),
            "findings": len(row.findings),
            "new_cases": new_cases,
        },
    )
    return changes


@dataclass(frozen=True, slots=True)
class GridInfo:
    id: int
    code: str
    name: str
    unit_name: str
    leader_name: str


@dataclass(frozen=True, slots=True)
class TeamMember:
    id: int
    name: str
    team_role: str
    is_grid_leader: bool
    grid_id: int


def responsibility_grids(session: Session) -> list[GridInfo]:
    rows = session.execute(
        select(m.Grid.id, m.Grid.code, m.Grid.name, m.AdminUnit.name, m.Grid.leader_name)
        .join(m.AdminUnit, m.AdminUnit.id == m.Grid.admin_unit_id)
        .where(m.Grid.level == m.GridLevel.RESPONSIBILITY)
        .order_by(m.Grid.code)
    ).all()
    return [GridInfo(int(i), c, n, u or "", ln or "") for i, c, n, u, ln in rows]


def grid_team(session: Session, grid_id: int) -> list[TeamMember]:
    """A responsibility grid's team, the grid leader first (for the patrol form)."""
    grid = _grid(session, grid_id)
    return [
        TeamMember(mem.id, mem.name, mem.team_role, mem.is_grid_leader, mem.grid_id)
        for mem in _team_of(session, grid)
    ]


def expected_slots(day: date, as_of: datetime) -> int:
    """How many of a day's two patrols are due by `as_of`: the morning one from noon, the
    afternoon one from midnight."""
    if as_of >= datetime.combine(day + timedelta(days=1), time(0)):
        return SLOTS_PER_DAY
    if as_of >= datetime.combine(day, MORNING_END):
        return 1
    return 0


def _slots_done(
    session: Session, start: date, end: date, grid_ids: Sequence[int] | None = None
) -> dict[tuple[int, date], set[str]]:
    stmt = (
        select(Patrol.grid_id, Patrol.day, Patrol.slot)
        .where(Patrol.day >= start, Patrol.day < end)
        .distinct()
    )
    if grid_ids is not None:
        stmt = stmt.where(Patrol.grid_id.in_(list(grid_ids)))
    done: dict[tuple[int, date], set[str]] = defaultdict(set)
    for gid, day, slot in session.execute(stmt).all():
        done[(int(gid), day if isinstance(day, date) else date.fromisoformat(str(day)))].add(
            str(slot)
        )
    return done


def missed_patrol_grids(
    session: Session, day: date, as_of: datetime | None = None
) -> dict[int, int]:
    """Responsibility grids that missed patrols on `day`, with how many (1 or 2) of the
    patrols due by `as_of` (default: now) are missing. For the map to colour."""
    as_of = as_of or clock(session)
    due = expected_slots(day, as_of)
    if due == 0:
        return {}
    due_slots = (
        {PatrolSlot.MORNING.value}
        if due == 1
        else {PatrolSlot.MORNING.value, PatrolSlot.AFTERNOON.value}
    )
    done = _slots_done(session, day, day + timedelta(days=1))
    grids = session.execute(
        select(m.Grid.id).where(m.Grid.level == m.GridLevel.RESPONSIBILITY)
    ).scalars()
    out: dict[int, int] = {}
    for gid in grids:
        missing = len(due_slots - done.get((int(gid), day), set()))
        if missing:
            out[int(gid)] = missing
    return out


@dataclass
class PatrolCompletion:
    """Each responsibility grid's patrols per day: `done[(grid, day)]` distinct patrols
    (0..2) against `expected[day]` due by `as_of`."""

    start: date
    end: date  # exclusive
    as_of: datetime
    grids: list[GridInfo]
    days: list[date]
    done: dict[tuple[int, date], int]
    records: dict[tuple[int, date], int]
    expected: dict[date, int]

    def missed(self, grid_id: int, day: date) -> int:
        return max(0, self.expected.get(day, 0) - self.done.get((grid_id, day), 0))

    @property
    def due_total(self) -> int:
        return sum(self.expected.values()) * len(self.grids)

    @property
    def done_total(self) -> int:
        return sum(
            min(self.done.get((g.id, d), 0), self.expected.get(d, 0))
            for g in self.grids
            for d in self.days
        )

    @property
    def completion_rate(self) -> float | None:
        return self.done_total / self.due_total if self.due_total else None

    def missed_total(self, grid_id: int | None = None) -> int:
        ids = [g.id for g in self.grids] if grid_id is None else [grid_id]
        return sum(self.missed(g, d) for g in ids for d in self.days)


def patrol_completion(
    session: Session, start: date, end: date, as_of: datetime | None = None
) -> PatrolCompletion:
    """Patrol completion of every responsibility grid on the days [start, end)."""
    as_of = as_of or clock(session)
    grids = responsibility_grids(session)
    days = [start + timedelta(days=i) for i in range((end - start).days)]
    slot_sets = _slots_done(session, start, end)
    records = session.execute(
        select(Patrol.grid_id, Patrol.day, func.count())
        .where(Patrol.day >= start, Patrol.day < end)
        .group_by(Patrol.grid_id, Patrol.day)
    ).all()
    return PatrolCompletion(
        start=start,
        end=end,
        as_of=as_of,
        grids=grids,
        days=days,
        done={k: len(v) for k, v in slot_sets.items()},
        records={
            (int(g), d if isinstance(d, date) else date.fromisoformat(str(d))): int(n)
            for g, d, n in records
        },
        expected={d: expected_slots(d, as_of) for d in days},
    )


@dataclass(frozen=True, slots=True)
class FindingRow:
    id: int
    seq: int
    description: str
    category_name: str
    outcome: str
    case_id: int | None
    case_number: str
    case_state: str
    lon: float | None
    lat: float | None
    department_name: str = ""


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    id: int
    owner_kind: str
    owner_id: int
    file_name: str
    media_type: str
    size_bytes: int
    caption: str
    stored_path: str
    taken_at: datetime | None


@dataclass(frozen=True, slots=True)
class PatrolRow:
    id: int
    grid_id: int
    grid_name: str
    day: date
    slot: str
    leader_name: str
    started_at: datetime
    ended_at: datetime
    route_length_m: float
    members: list[str]
    findings: list[FindingRow]
    notes: str
    route: BaseGeometry | None = None


def _findings(
    session: Session,
    model: type[PatrolFinding] | type[InspectionFinding],
    owner_col: Any,
    ids: Sequence[int],
) -> dict[int, list[FindingRow]]:
    if not ids:
        return {}
    rows = session.execute(
        select(model, m.Category.name, m.Case.number, m.Case.state, m.Department.name)
        .outerjoin(m.Category, m.Category.id == model.category_id)
        .outerjoin(m.Case, m.Case.id == model.case_id)
        .outerjoin(
            m.Department,
            m.Department.id
            == (
                func.coalesce(model.department_id, m.Case.department_id)
                if model is InspectionFinding
                else m.Case.department_id
            ),
        )
        .where(owner_col.in_(list(ids)))
        .order_by(owner_col, model.seq)
    ).all()
    out: dict[int, list[FindingRow]] = defaultdict(list)
    for f, cat, number, state, dept in rows:
        f = cast(Any, f)
        owner = f.patrol_id if isinstance(f, PatrolFinding) else f.inspection_id
        out[owner].append(
            FindingRow(
                f.id,
                f.seq,
                f.description,
                cat or "",
                f.outcome,
                f.case_id,
                number or "",
                state or "",
                f.lon,
                f.lat,
                dept or "",
            )
        )
    return out


def patrols_of(
    session: Session, start: date, end: date, grid_id: int | None = None
) -> list[PatrolRow]:
    """The patrols recorded on the days [start, end), newest first (one grid or all)."""
    stmt = (
        select(Patrol, m.Grid.name)
        .join(m.Grid, m.Grid.id == Patrol.grid_id)
        .where(Patrol.day >= start, Patrol.day < end)
        .order_by(Patrol.started_at.desc())
    )
    if grid_id is not None:
        stmt = stmt.where(Patrol.grid_id == grid_id)
    rows = session.execute(stmt).all()
    ids = [p.id for p, _ in rows]
    members: dict[int, list[str]] = defaultdict(list)
    if ids:
        for pid, name in session.execute(
            select(PatrolMember.patrol_id, PatrolMember.name)
            .where(PatrolMember.patrol_id.in_(ids))
            .order_by(PatrolMember.id)
        ).all():
            members[int(pid)].append(name)
    findings = _findings(session, PatrolFinding, PatrolFinding.patrol_id, ids)
    return [
        PatrolRow(
            p.id,
            p.grid_id,
            gname,
            p.day,
            p.slot,
            p.leader_name,
            p.started_at,
            p.ended_at,
            p.route_length_m,
            members.get(p.id, []),
            findings.get(p.id, []),
            p.notes,
            p.route,
        )
        for p, gname in rows
    ]


# ---------------------------------------------------------------- the inspection calendar and agenda


def inspection_anchor(session: Session) -> date:
    row = session.get(m.Setting, INSPECTION_ANCHOR_KEY)
    if row is not None:
        try:
            return date.fromisoformat(row.value)
        except ValueError:
            pass
    return DEFAULT_INSPECTION_ANCHOR


def inspection_days(anchor: date, start: date, end: date) -> list[date]:
    """The biweekly inspection Thursdays in [start, end)."""
    offset = (start - anchor).days % 14
    first = start + timedelta(days=(14 - offset) % 14)
    out = []
    d = first
    while d < end:
        out.append(d)
        d += timedelta(days=14)
    return out


def next_inspection_day(session: Session, on_or_after: date | None = None) -> date:
    day = on_or_after or clock(session).date()
    return inspection_days(inspection_anchor(session), day, day + timedelta(days=14))[0]


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One proposed agenda item. `reason` is a code the interface words:
    overdue (figures: days_overdue, department), long_unfinished (days_open, state),
    repeated_problems (cases, days), missed_patrols (missed, due, since), team_check
    (last_checked, open_cases)."""

    kind: str
    ref_id: int
    title: str
    title_en: str
    reason: str
    figures: dict[str, Any]
    lon: float | None = None
    lat: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ref_id": self.ref_id,
            "title": self.title,
            "title_en": self.title_en,
            "reason": self.reason,
            "figures": self.figures,
            "lon": self.lon,
            "lat": self.lat,
        }


@dataclass
class Agenda:
    held_on: date
    since: date  # the previous inspection (or two weeks before)
    as_of: datetime
    items: list[AgendaItem]

    def as_json(self) -> dict[str, Any]:
        return {
            "held_on": self.held_on.isoformat(),
            "since": self.since.isoformat(),
            "as_of": self.as_of.isoformat(sep=" "),
            "items": [i.as_json() for i in self.items],
        }


def propose_agenda(
    session: Session, held_on: date | None = None, as_of: datetime | None = None
) -> Agenda:
    """What the next inspection should look at: overdue cases (most overdue first), long
    unfinished ones, key points with repeated problems, grids with missed patrols since
    the previous inspection, and the teams checked least recently."""
    as_of = as_of or clock(session)
    held_on = held_on or next_inspection_day(session, as_of.date())
    last = session.execute(
        select(func.max(Inspection.held_on)).where(Inspection.held_on < held_on)
    ).scalar()
    since = (
        last
        if isinstance(last, date)
        else (date.fromisoformat(str(last)) if last else held_on - timedelta(days=14))
    )
    c = m.Case
    items: list[AgendaItem] = []
    open_states = [s.value for s in m.OPEN_STATES if s != S.LONG_TERM]
    overdue = session.execute(
        select(
            c.id,
            c.number,
            m.Category.name,
            m.Category.name_en,
            c.deadline_at,
            m.Department.name,
            c.lon,
            c.lat,
        )
        .join(m.Category, m.Category.id == c.category_id)
        .outerjoin(m.Department, m.Department.id == c.department_id)
        .where(c.state.in_(open_states), c.deadline_at < as_of, c.merged_into_id.is_(None))
        .order_by(c.deadline_at, c.id)
        .limit(OVERDUE_ITEMS)
    ).all()
    for cid, number, cat, cat_en, deadline, dept, lon, lat in overdue:
        if deadline is None:
            continue
        days = max(0, (as_of - deadline).days)
        items.append(
            AgendaItem(
                AgendaKind.CASE,
                cid,
                f"{number} {cat}",
                f"{number} {cat_en or cat}",
                "overdue",
                {
                    "days_overdue": days,
                    "department": dept or "",
                    "deadline": deadline.isoformat(sep=" "),
                },
                lon,
                lat,
            )
        )
    seen = {i.ref_id for i in items}
    unfinished = session.execute(
        select(
            c.id,
            c.number,
            m.Category.name,
            m.Category.name_en,
            c.reported_at,
            c.state,
            c.lon,
            c.lat,
        )
        .join(m.Category, m.Category.id == c.category_id)
        .where(
            c.state.in_([s.value for s in m.OPEN_STATES]),
            c.reported_at < as_of - timedelta(days=LONG_UNFINISHED_DAYS),
            c.merged_into_id.is_(None),
        )
        .order_by(c.reported_at, c.id)
        .limit(UNFINISHED_ITEMS + len(seen))
    ).all()
    for cid, number, cat, cat_en, reported, state, lon, lat in unfinished:
        if (
            cid in seen
            or sum(1 for i in items if i.reason == "long_unfinished") >= UNFINISHED_ITEMS
        ):
            continue
        items.append(
            AgendaItem(
                AgendaKind.CASE,
                cid,
                f"{number} {cat}",
                f"{number} {cat_en or cat}",
                "long_unfinished",
                {"days_open": (as_of - reported).days, "state": state},
                lon,
                lat,
            )
        )
    window = as_of - timedelta(days=REPEAT_WINDOW_DAYS)
    repeated = session.execute(
        select(
            m.KeyPoint.id,
            m.KeyPoint.name,
            m.KeyPoint.kind,
            func.count(c.id),
            m.KeyPoint.lon,
            m.KeyPoint.lat,
        )
        .join(c, c.key_point_id == m.KeyPoint.id)
        .where(c.reported_at >= window, c.reported_at < as_of)
        .group_by(m.KeyPoint.id, m.KeyPoint.name, m.KeyPoint.kind, m.KeyPoint.lon, m.KeyPoint.lat)
        .having(func.count(c.id) >= REPEAT_MIN_CASES)
        .order_by(func.count(c.id).desc(), m.KeyPoint.id)
        .limit(KEY_POINT_ITEMS)
    ).all()
    for kid, name, kind, n, lon, lat in repeated:
        items.append(
            AgendaItem(
                AgendaKind.KEY_POINT,
                kid,
                name,
                name,
                "repeated_problems",
                {"cases": int(n), "days": REPEAT_WINDOW_DAYS, "kind": kind},
                lon,
                lat,
            )
        )
    grids = {g.id: g for g in responsibility_grids(session)}
    completion = patrol_completion(session, since, as_of.date() + timedelta(days=1), as_of)
    missed = sorted(
        ((completion.missed_total(gid), gid) for gid in grids),
        key=lambda x: (-x[0], grids[x[1]].code),
    )
    geoms: dict[int, BaseGeometry] = dict(
        session.execute(select(m.Grid.id, m.Grid.geometry).where(m.Grid.id.in_(list(grids)))).all()
    )
    due = sum(completion.expected.values())
    for n, gid in missed[:GRID_ITEMS]:
        if n <= 0:
            break
        p = geoms[gid].representative_point()
        items.append(
            AgendaItem(
                AgendaKind.GRID,
                gid,
                grids[gid].name,
                grids[gid].name,
                "missed_patrols",
                {
                    "missed": n,
                    "due": due,
                    "since": since.isoformat(),
                    "leader": grids[gid].leader_name,
                },
                p.x,
                p.y,
            )
        )
    checked = dict(
        session.execute(
            select(InspectionItem.ref_id, func.max(Inspection.held_on))
            .join(Inspection, Inspection.id == InspectionItem.inspection_id)
            .where(
                InspectionItem.kind == AgendaKind.TEAM,
                InspectionItem.result != ItemResult.NOT_CHECKED,
            )
            .group_by(InspectionItem.ref_id)
        ).all()
    )
    open_by_grid: dict[int, int] = defaultdict(int)
    for parent, n in session.execute(
        select(m.Grid.parent_id, func.count(c.id))
        .join(m.Grid, m.Grid.id == c.grid_id)
        .where(c.state.in_([s.value for s in m.OPEN_STATES]))
        .group_by(m.Grid.parent_id)
    ).all():
        if parent is not None:
            open_by_grid[int(parent)] += int(n)
    teams = sorted(
        grids.values(),
        key=lambda g: (str(checked.get(g.id) or ""), -open_by_grid.get(g.id, 0), g.code),
    )
    for g in teams[:TEAM_ITEMS]:
        last_checked = checked.get(g.id)
        p = geoms[g.id].representative_point()
        items.append(
            AgendaItem(
                AgendaKind.TEAM,
                g.id,
                g.name,
                g.name,
                "team_check",
                {
                    "last_checked": str(last_checked) if last_checked else None,
                    "open_cases": open_by_grid.get(g.id, 0),
                    "leader": g.leader_name,
                },
                p.x,
                p.y,
            )
        )
    return Agenda(held_on, since, as_of, items)


# ---------------------------------------------------------------- recording an inspection


def _item_place(
    session: Session, kind: str, ref_id: int | None
) -> tuple[tuple[float, float] | None, int | None]:
    """Where an agenda item is (lon/lat) and its key point id, to place a finding."""
    if ref_id is None:
        return None, None
    if kind == AgendaKind.CASE:
        c = session.get(m.Case, ref_id)
        return ((c.lon, c.lat) if c else None), None
    if kind == AgendaKind.KEY_POINT:
        k = session.get(m.KeyPoint, ref_id)
        return ((k.lon, k.lat) if k else None), (k.id if k else None)
    g = session.get(m.Grid, ref_id)
    return (_grid_point(g) if g else None), None


def record_inspection(ctx: OperationContext, inspection: InspectionInput) -> ChangeSet:
    """Operation (Permission.SUPERVISION_RECORD): record a biweekly inspection: its leader,
    route, what each agenda item showed, its findings (new cases from `make_case`, links
    to existing cases) and photos."""
    require(ctx.actor, Permission.SUPERVISION_RECORD)
    session = ctx.session
    ins = inspection
    leader = _text(ins.leader_name, "the name of the town leader leading the inspection", 64)
    _check_times(session, ins.started_at, ins.ended_at, "inspection")
    if ins.ended_at.date() != ins.started_at.date():
        raise InvalidInput("An inspection starts and ends on the same day.")
    length = _check_route(ins.route, None, "")
    del length
    kinds = {k.value for k in AgendaKind}
    results = {r.value for r in ItemResult}
    row = Inspection(
        held_on=ins.started_at.date(),
        started_at=ins.started_at,
        ended_at=ins.ended_at,
        leader_name=leader,
        leader_title=_optional_text(ins.leader_title, "the leader's title", 64),
        participants=_optional_text(ins.participants, "the participants", 2000),
        route=ins.route,
        summary=_optional_text(ins.summary, "the summary", 8000),
        agenda=ins.agenda,
        recorded_by=ctx.actor.user_id,
        recorded_by_name=ctx.actor.display_name or ctx.actor.username,
        recorded_at=town_now(),
    )
    for i, it in enumerate(ins.items, start=1):
        if it.kind not in kinds:
            raise InvalidInput(f"Agenda item {i}: unknown kind {it.kind!r}.")
        if it.result not in results:
            raise InvalidInput(
                f"Agenda item {i}: the result must be in order, a problem, or not checked."
            )
        row.items.append(
            InspectionItem(
                seq=i,
                kind=it.kind,
                ref_id=it.ref_id,
                title=_text(it.title, f"the title of agenda item {i}", 160),
                reason=_optional_text(it.reason, "the reason", 160),
                result=it.result,
                note=_optional_text(it.note, "the note", 4000),
            )
        )
    session.add(row)
    session.flush()
    changes = ChangeSet(summary=f"inspection of {row.held_on:%Y-%m-%d} recorded").add(
        "inspection", row.id
    )
    new_cases: list[int] = []
    for i, f in enumerate(ins.findings, start=1):
        label = f"Finding {i}"
        desc = _text(f.description, f"what finding {i} is", 2000)
        where = _lonlat(f.lon, f.lat, label)
        item: InspectionItem | None = None
        if f.item_seq is not None:
            if not 1 <= f.item_seq <= len(row.items):
                raise InvalidInput(
                    f"{label} belongs to agenda item {f.item_seq}, which does not exist."
                )
            item = row.items[f.item_seq - 1]
        key_point_id = f.key_point_id
        if where is None and item is not None:
            where, kp = _item_place(session, item.kind, item.ref_id)
            key_point_id = key_point_id or kp
        if where is None and f.grid_id is not None:
            where = _grid_point(_grid(session, f.grid_id))
        if f.department_id is not None:
            d = session.get(m.Department, f.department_id)
            if d is None:
                raise NotFound(f"{label}: department {f.department_id} does not exist.")
        case_id: int | None = None
        outcome = f.outcome
        if f.case_id is not None:
            case_id = _existing_case(session, f.case_id, label).id
            outcome = FindingOutcome.CASE
        elif (
            item is not None
            and item.kind == AgendaKind.CASE
            and not f.make_case
            and item.ref_id is not None
        ):
            case_id = _existing_case(session, item.ref_id, label).id
            outcome = FindingOutcome.CASE
        elif f.make_case:
            found = f.found_at or ins.started_at
            fi = FindingInput(
                description=desc,
                category_id=f.category_id,
                key_point_id=key_point_id,
                make_case=True,
            )
            case_id = _new_case(ctx, m.CaseSource.INSPECTION, fi, where, found, label)
            new_cases.append(case_id)
            outcome = FindingOutcome.CASE
        elif outcome not in {o.value for o in FindingOutcome} or outcome == FindingOutcome.CASE:
            raise InvalidInput(
                f"{label}: say whether it was fixed on the spot, noted, or is a case."
            )
        grid_id, department_id = f.grid_id, f.department_id
        linked = session.get(m.Case, case_id) if case_id is not None else None
        if linked is not None:
            grid_id = grid_id if grid_id is not None else linked.grid_id
            department_id = department_id if department_id is not None else linked.department_id
        finding = InspectionFinding(
            seq=i,
            item_id=item.id if item is not None else None,
            description=desc,
            category_id=f.category_id,
            department_id=department_id,
            grid_id=grid_id,
            key_point_id=key_point_id,
            lon=where[0] if where else None,
            lat=where[1] if where else None,
            outcome=outcome,
            case_id=case_id,
        )
        row.findings.append(finding)
        session.flush()
        _attachments(ctx, "inspection_finding", finding.id, f.photos)
        if case_id is not None:
            changes.add("case", case_id)
    _attachments(ctx, "inspection", row.id, ins.photos)
    session.flush()
    ctx.record(
        "inspection_record",
        "inspection",
        row.id,
        None,
        {
            "held_on": row.held_on.isoformat(),
            "leader": leader,
            "items": len(row.items),
            "problems": sum(1 for it in row.items if it.result == ItemResult.PROBLEM),
            "findings": len(row.findings),
            "new_cases": new_cases,
        },
    )
    return changes


def finding_to_case(
    ctx: OperationContext, kind: str, finding_id: int, category_id: int
) -> ChangeSet:
    """Operation (Permission.SUPERVISION_RECORD): turn a noted finding of a patrol
    (kind "patrol") or an inspection ("inspection") into a new case."""
    require(ctx.actor, Permission.SUPERVISION_RECORD)
    session = ctx.session
    finding: PatrolFinding | InspectionFinding | None
    if kind == "patrol":
        finding = session.get(PatrolFinding, finding_id)
        source = m.CaseSource.PATROL
    elif kind == "inspection":
        finding = session.get(InspectionFinding, finding_id)
        source = m.CaseSource.INSPECTION
    else:
        raise InvalidInput(f"Unknown finding kind {kind!r}; use patrol or inspection.")
    if finding is None:
        raise NotFound(f"Finding {finding_id} does not exist.")
    if finding.case_id is not None:
        raise InvalidTransition("This finding is already a case.")
    where = (
        (finding.lon, finding.lat) if finding.lon is not None and finding.lat is not None else None
    )
    if where is None and isinstance(finding, PatrolFinding):
        where = _grid_point(_grid(session, finding.patrol.grid_id))
    fi = FindingInput(
        description=finding.description, category_id=category_id, key_point_id=finding.key_point_id
    )
    at = finding.found_at if isinstance(finding, PatrolFinding) and finding.found_at else None
    reported = at or (
        finding.inspection.started_at if isinstance(finding, InspectionFinding) else town_now()
    )
    case_id = _new_case(ctx, source, fi, where, reported, "The finding")
    before = {"outcome": finding.outcome, "case_id": None}
    finding.case_id, finding.outcome, finding.category_id = (
        case_id,
        FindingOutcome.CASE,
        category_id,
    )
    session.flush()
    ctx.record(
        f"{kind}_finding_to_case",
        f"{kind}_finding",
        finding.id,
        before,
        {"outcome": "case", "case_id": case_id},
    )
    owner = finding.patrol_id if isinstance(finding, PatrolFinding) else finding.inspection_id
    return ChangeSet(summary="finding reported as a case").add("case", case_id).add(kind, owner)


# ---------------------------------------------------------------- inspection history


@dataclass(frozen=True, slots=True)
class InspectionRow:
    id: int
    held_on: date
    started_at: datetime
    ended_at: datetime
    leader_name: str
    leader_title: str
    items: int
    problems: int
    findings: int
    cases: int


@dataclass(frozen=True, slots=True)
class ItemRow:
    id: int
    seq: int
    kind: str
    ref_id: int | None
    title: str
    reason: str
    result: str
    note: str


@dataclass
class InspectionDetail:
    id: int
    held_on: date
    started_at: datetime
    ended_at: datetime
    leader_name: str
    leader_title: str
    participants: str
    summary: str
    route: BaseGeometry | None
    recorded_by_name: str
    recorded_at: datetime
    items: list[ItemRow]
    findings: list[FindingRow]
    attachments: list[AttachmentRow] = field(default_factory=list)
    agenda: dict[str, Any] | None = None
    version: int = 1


def list_inspections(
    session: Session, start: date | None = None, end: date | None = None
) -> list[InspectionRow]:
    """The inspections held in [start, end) (all by default), newest first."""
    stmt = select(Inspection).order_by(Inspection.held_on.desc(), Inspection.id.desc())
    if start is not None:
        stmt = stmt.where(Inspection.held_on >= start)
    if end is not None:
        stmt = stmt.where(Inspection.held_on < end)
    rows = session.execute(stmt).scalars().all()
    ids = [r.id for r in rows]
    items: dict[int, tuple[int, int]] = {}
    findings: dict[int, tuple[int, int]] = {}
    if ids:
        for iid, n, problems in session.execute(
            select(
                InspectionItem.inspection_id,
                func.count(),
                func.sum(
                    func.coalesce(
                        (InspectionItem.result == ItemResult.PROBLEM.value).cast(m.Integer), 0
                    )
                ),
            )
            .where(InspectionItem.inspection_id.in_(ids))
            .group_by(InspectionItem.inspection_id)
        ).all():
            items[int(iid)] = (int(n), int(problems or 0))
        for iid, n, cases in session.execute(
            select(
                InspectionFinding.inspection_id, func.count(), func.count(InspectionFinding.case_id)
            )
            .where(InspectionFinding.inspection_id.in_(ids))
            .group_by(InspectionFinding.inspection_id)
        ).all():
            findings[int(iid)] = (int(n), int(cases))
    return [
        InspectionRow(
            r.id,
            r.held_on,
            r.started_at,
            r.ended_at,
            r.leader_name,
            r.leader_title,
            items.get(r.id, (0, 0))[0],
            items.get(r.id, (0, 0))[1],
            findings.get(r.id, (0, 0))[0],
            findings.get(r.id, (0, 0))[1],
        )
        for r in rows
    ]


def _attachment_rows(session: Session, owners: Sequence[tuple[str, int]]) -> list[AttachmentRow]:
    if not owners:
        return []
    conds = [and_(Attachment.owner_kind == k, Attachment.owner_id == i) for k, i in owners]
    return [
        AttachmentRow(
            a.id,
            a.owner_kind,
            a.owner_id,
            a.file_name,
            a.media_type,
            a.size_bytes,
            a.caption,
            a.stored_path,
            a.taken_at,
        )
        for a in session.execute(
            select(Attachment).where(or_(*conds)).order_by(Attachment.id)
        ).scalars()
    ]


def inspection_detail(session: Session, inspection_id: int) -> InspectionDetail:
    row = session.get(Inspection, inspection_id)
    if row is None:
        raise NotFound(f"Inspection {inspection_id} does not exist.")
    findings = _findings(session, InspectionFinding, InspectionFinding.inspection_id, [row.id]).get(
        row.id, []
    )
    owners = [("inspection", row.id)] + [("inspection_finding", f.id) for f in findings]
    return InspectionDetail(
        id=row.id,
        held_on=row.held_on,
        started_at=row.started_at,
        ended_at=row.ended_at,
        leader_name=row.leader_name,
        leader_title=row.leader_title,
        participants=row.participants,
        summary=row.summary,
        route=row.route,
        recorded_by_name=row.recorded_by_name,
        recorded_at=row.recorded_at,
        items=[
            ItemRow(i.id, i.seq, i.kind, i.ref_id, i.title, i.reason, i.result, i.note)
            for i in row.items
        ],
        findings=findings,
        attachments=_attachment_rows(session, owners),
        agenda=row.agenda,
        version=row.version,
    )


# ---------------------------------------------------------------- assessment operations


def _ensure_cycle(session: Session, cycle: Cycle) -> AssessmentCycle:
    row = session.execute(
        select(AssessmentCycle).where(
            AssessmentCycle.year == cycle.year,
            AssessmentCycle.kind == cycle.kind,
            AssessmentCycle.period == cycle.period,
        )
    ).scalar_one_or_none()
    if row is None:
        row = AssessmentCycle(
            year=cycle.year,
            kind=cycle.kind,
            period=cycle.period,
            starts_on=cycle.start,
            ends_on=cycle.end,
        )
        session.add(row)
        session.flush()
    return row


def _cycle_of(cycle: Cycle) -> Cycle:
    try:
        return cycle.validate()
    except ValueError as exc:
        raise InvalidInput(f"{exc}; pick a bimonthly period 1-6 or the year-end.") from None


def rate_departments(
    ctx: OperationContext,
    cycle: Cycle,
    admin_unit_id: int,
    scores: Mapping[int, float],
    *,
    rated_by: str = "",
    comment: str = "",
) -> ChangeSet:
    """Operation (Permission.ASSESSMENT_MANAGE): a village's or committee's scores (0-100)
    of town departments in a cycle; a second rating replaces the first."""
    require(ctx.actor, Permission.ASSESSMENT_MANAGE)
    session = ctx.session
    cycle = _cycle_of(cycle)
    unit = session.get(m.AdminUnit, admin_unit_id)
    if unit is None:
        raise NotFound(f"Village or committee {admin_unit_id} does not exist.")
    row = _ensure_cycle(session, cycle)
    if row.status == CycleStatus.FINALISED:
        raise InvalidTransition(
            f"The assessment {cycle.label()} is finalised; its ratings can no longer change."
        )
    if not scores:
        raise InvalidInput("Enter at least one department's score.")
    depts = {
        d.id: d
        for d in session.execute(
            select(m.Department).where(m.Department.id.in_(list(scores)))
        ).scalars()
    }
    existing = {
        r.department_id: r
        for r in session.execute(
            select(DepartmentRating).where(
                DepartmentRating.cycle_id == row.id, DepartmentRating.admin_unit_id == unit.id
            )
        ).scalars()
    }
    changes = ChangeSet(summary=f"{unit.name} rated {len(scores)} departments for {cycle.label()}")
    at = town_now()
    who = (
        _optional_text(rated_by, "the rater's name", 64)
        or ctx.actor.display_name
        or ctx.actor.username
    )
    note = _optional_text(comment, "the comment", 2000)
    for dep_id, raw in scores.items():
        d = depts.get(dep_id)
        if d is None:
            raise NotFound(f"Department {dep_id} does not exist.")
        if d.level != m.DepartmentLevel.TOWN:
            raise InvalidInput(
                f"{d.name} is a district department; villages rate the town departments."
            )
        try:
            score = float(raw)
        except (TypeError, ValueError):
            raise InvalidInput(f"The score of {d.name} must be a number from 0 to 100.") from None
        if not 0.0 <= score <= 100.0 or score != score:
            raise InvalidInput(f"The score of {d.name} must be from 0 to 100 (it is {raw}).")
        rating = existing.get(dep_id)
        before = None
        if rating is None:
            rating = DepartmentRating(
                cycle_id=row.id,
                department_id=dep_id,
                admin_unit_id=unit.id,
                score=score,
                comment=note,
                rated_by=who,
                rated_at=at,
            )
            session.add(rating)
        else:
            before = {"score": rating.score}
            rating.score, rating.comment, rating.rated_by, rating.rated_at = score, note, who, at
        session.flush()
        ctx.record(
            "department_rating",
            "rating",
            rating.id,
            before,
            {"cycle": cycle.label(), "unit": unit.name, "department": d.code, "score": score},
        )
        changes.add("rating", rating.id)
    return changes.add("assessment_cycle", row.id)


def set_assessment_weights(ctx: OperationContext, weights: Mapping[str, float]) -> ChangeSet:
    """Operation (Permission.ASSESSMENT_MANAGE): change the weights of the assessment
    (every part, each 0..1, adding up to 1). Finalised cycles keep theirs."""
    require(ctx.actor, Permission.ASSESSMENT_MANAGE)
    try:
        clean = validate_weights(weights)
    except ValueError as exc:
        raise InvalidInput(f"{str(exc)[0].upper()}{str(exc)[1:]}.") from None
    session = ctx.session
    rows = {w.metric: w for w in session.execute(select(AssessmentWeight)).scalars()}
    before = {k: rows[k].weight for k in rows}
    for k in METRICS:
        if k in rows:
            rows[k].weight = clean[k]
        else:
            session.add(AssessmentWeight(metric=k, weight=clean[k]))
    session.flush()
    ctx.record("assessment_weights", "assessment_weight", None, before or None, clean)
    return ChangeSet(summary="assessment weights changed").add("assessment_weight", 1)


def finalise_cycle(ctx: OperationContext, cycle: Cycle, as_of: datetime | None = None) -> ChangeSet:
    """Operation (Permission.ASSESSMENT_MANAGE): freeze a cycle's results and weights
    (they are tied to pay and ranking); only once the cycle is over."""
    require(ctx.actor, Permission.ASSESSMENT_MANAGE)
    session = ctx.session
    cycle = _cycle_of(cycle)
    at = as_of or clock(session)
    if at < datetime.combine(cycle.end, time(0)):
        raise InvalidInput(
            f"The assessment {cycle.label()} is not over yet; it ends on {cycle.end - timedelta(days=1):%Y-%m-%d}."
        )
    row = _ensure_cycle(session, cycle)
    if row.status == CycleStatus.FINALISED:
        raise InvalidTransition(f"The assessment {cycle.label()} is already finalised.")
    result = compute_assessment(session, cycle, at)
    row.status = CycleStatus.FINALISED
    row.weights = dict(result.weights)
    row.results = assessment_to_json(result)
    row.finalised_at = town_now()
    row.finalised_by = ctx.actor.display_name or ctx.actor.username
    session.flush()
    ranking = {r.figures.code: r.rank for r in result.rows if r.rank is not None}
    ctx.record(
        "assessment_finalise",
        "assessment_cycle",
        row.id,
        {"status": "open"},
        {"status": "finalised", "ranking": ranking},
    )
    return ChangeSet(summary=f"assessment {cycle.label()} finalised").add(
        "assessment_cycle", row.id
    )


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    name: str
    kind: str


def admin_units(session: Session) -> list[UnitInfo]:
    return [
        UnitInfo(int(i), n, k)
        for i, n, k in session.execute(
            select(m.AdminUnit.id, m.AdminUnit.name, m.AdminUnit.kind).order_by(
                m.AdminUnit.community_seq
            )
        )
    ]


def ratings_of(session: Session, cycle: Cycle, admin_unit_id: int) -> dict[int, float]:
    """A unit's scores of the departments in a cycle (department id -> score)."""
    r, cy = DepartmentRating, AssessmentCycle
    rows = session.execute(
        select(r.department_id, r.score)
        .join(cy, cy.id == r.cycle_id)
        .where(
            cy.year == cycle.year,
            cy.kind == cycle.kind,
            cy.period == cycle.period,
            r.admin_unit_id == admin_unit_id,
        )
    ).all()
    return {int(d): float(s) for d, s in rows}


def cycle_status(session: Session, cycle: Cycle) -> str:
    row = session.execute(
        select(AssessmentCycle.status).where(
            AssessmentCycle.year == cycle.year,
            AssessmentCycle.kind == cycle.kind,
            AssessmentCycle.period == cycle.period,
        )
    ).scalar()
    return str(row) if row else CycleStatus.OPEN


def point_inside(geom: BaseGeometry, lon: float, lat: float) -> bool:
    return bool(shapely.covers(geom, Point(lon, lat)))


@dataclass(frozen=True, slots=True)
class GridShape:
    id: int
    code: str
    name: str
    parent_id: int | None
    geometry: BaseGeometry  # EPSG:4490


def grid_shapes(session: Session, level: str = m.GridLevel.RESPONSIBILITY) -> list[GridShape]:
    """The grids of a level with their outlines, for the choropleths."""
    rows = session.execute(
        select(m.Grid.id, m.Grid.code, m.Grid.name, m.Grid.parent_id, m.Grid.geometry)
        .where(m.Grid.level == level)
        .order_by(m.Grid.code)
    ).all()
    return [GridShape(int(i), c, n, p, g) for i, c, n, p, g in rows]
