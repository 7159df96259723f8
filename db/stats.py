"""Every figure of supervision and assessment, computed from the records in SQL.

Two kinds of figures:

* **Counts of cases** (per day and month this year against last year, by category, source,
  grid, department; the professional hazard reports; the grid choropleth) come from the
  daily roll-up `case_stats_daily` (dim, day, key, n): a few thousand rows instead of every
  case. `refresh_case_stats` keeps it current: it recomputes, from the cases themselves,
  the days of every case the change log names since the last refresh (every operation
  writes the change log) and of every case with a higher id than it has seen (bulk loads
  such as the demo). Case deletions and changes to `reported_at` are not part of the
  workflow; a lower highest case id (a reset database) rebuilds the roll-up from scratch.
* **The assessment** of the town departments (closure rate, on-time closure rate 按期结案率,
  rework rate 返工率, average handling time, accurate-dispatch rate, the villages' and
  committees' scores, the weighted total, the ranking and its trend) adds up per-department
  parts the same roll-up keeps per reported day (cases, closed, closed on time, closed
  after rework, handling minutes, returned or dispatched again), plus the open cases
  already due, an indexed handful. `department_figures_direct` computes the same straight
  from the cases; the tests hold the two equal.

Definitions (one cycle [start, end), evaluated at `as_of`):

* the department's cases: reported in the cycle, dispatched to it (dispatched_at set,
  department_id = it), neither rejected nor merged into another case;
* closure rate = closed / cases;
* on-time closure rate = closed by the deadline / cases due (closed, or deadline <= as_of);
* rework rate = cases sent back for rework at least once / cases due;
* average handling time = mean hours from dispatch to close over the closed cases;
* accurate-dispatch rate = cases never returned and never dispatched again (no `return` or
  `redispatch` event) / cases;
* villages' score = mean of the villages' and committees' scores (0-100) in the cycle.

Scores 0-100: the rates x 100, rework 100 x (1 - rate), handling time 100 x fastest
department's mean / this department's mean, villages' score as given. The total is the
weighted mean of the scores the department has (weights of missing parts are shared out
over the others in proportion); defaults: villages 50%, closure 10%, on-time 15%, rework
10%, handling time 5%, accurate dispatch 10%.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Engine,
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    true,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from db import models as m
from db.changes import latest_seq
from db.clock import now as town_now
from db.supervision_models import (
    AssessmentCycle,
    AssessmentWeight,
    CaseStatsDaily,
    CaseStatsState,
    CycleKind,
    CycleStatus,
    DepartmentRating,
)

S = m.CaseState

# ---------------------------------------------------------------- the clock figures use


def reference_time(session: Session) -> datetime:
    """The demo's reference time (setting "reference_time"), else now."""
    row = session.get(m.Setting, "reference_time")
    return datetime.fromisoformat(row.value) if row is not None else town_now()


def reference_half_year(reference: date) -> int:
    """The year whose first half is reported: the latest complete first half."""
    return reference.year if reference >= date(reference.year, 7, 1) else reference.year - 1


def _as_date(v: Any) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def _start(d: date) -> datetime:
    return datetime.combine(d, time(0))


def change_pct(now_value: int | float, before: int | float) -> float | None:
    """Percentage change rounded to 2 places (None when there is nothing to compare)."""
    if not before:
        return None
    return round((now_value - before) / before * 100, 2)


# ---------------------------------------------------------------- the daily roll-up

DIMS: tuple[str, ...] = ("all", "category", "source", "grid", "department", "hazard")
MONTHLY = "m:"  # prefix of the monthly sums of a dimension (day = the 1st of the month)
_LOCK_KEY = 0x677264737461  # PostgreSQL advisory lock serialising roll-up refreshes


def _key_expr(dim: str) -> ColumnElement[Any]:
    c = m.Case
    if dim == "all":
        return literal("", String)
    if dim == "source":
        return c.source.expression
    if dim == "category" or dim == "hazard":
        return cast(c.category_id, String)
    if dim == "grid":
        return func.coalesce(cast(c.grid_id, String), "")
    if dim == "department":
        return func.coalesce(cast(c.department_id, String), "")
    raise ValueError(f"unknown dimension {dim!r}")


# The assessment's parts per department and reported day (see department_figures): the
# department's cases, closed, closed on time, closed after rework, minutes from dispatch to
# close (a sum), and cases returned or dispatched again.
ASSESS_DIMS: tuple[str, ...] = (
    "a_cases",
    "a_closed",
    "a_ontime",
    "a_rework",
    "a_minutes",
    "a_inacc",
)
ALL_DIMS: tuple[str, ...] = DIMS + ASSESS_DIMS
DISPATCH_KINDS = ("dispatch", "redispatch")
INACCURATE_KINDS = ("return", "redispatch")  # returned as not theirs, or dispatched again


def _population() -> list[ColumnElement[bool]]:
    """A department's cases: dispatched to it, neither rejected nor merged into another."""
    c = m.Case
    return [
        c.dispatched_at.is_not(None),
        c.department_id.is_not(None),
        c.state != S.REJECTED.value,
        c.merged_into_id.is_(None),
    ]


def _closed() -> ColumnElement[bool]:
    return and_(m.Case.state == S.CLOSED.value, m.Case.closed_at.is_not(None))


def _minutes(dialect: str) -> ColumnElement[Any]:
    c = m.Case
    if dialect == "postgresql":
        span: ColumnElement[Any] = func.extract("epoch", c.closed_at - c.dispatched_at) / 60.0
    else:
        span = (func.julianday(c.closed_at) - func.julianday(c.dispatched_at)) * 1440.0
    return cast(func.round(span), Integer)


def _inaccurate() -> ColumnElement[bool]:
    e = m.CaseEvent
    return (
        select(literal(1))
        .where(e.case_id == m.Case.id, e.kind.in_(INACCURATE_KINDS))
        .correlate(m.Case)
        .exists()
    )


def _rollup_inserts(where: Sequence[ColumnElement[bool]], dialect: str = "sqlite") -> list[Any]:
    """INSERT ... SELECTs writing the roll-up rows of the cases matching `where`: one
    GROUP BY per counting dimension, and one for all the assessment parts (a row per day
    and department with every part, unpivoted into one row per part)."""
    c = m.Case
    day = func.date(c.reported_at)
    cols = ["dim", "day", "key", "n"]
    stmts = []
    for dim in DIMS:
        key = _key_expr(dim)
        sel = (
            select(
                literal(dim, String).label("dim"),
                day.label("day"),
                key.label("key"),
                func.count().label("n"),
            )
            .where(*where, *([c.hazard.is_(True)] if dim == "hazard" else []))
            .group_by(day, *([] if dim == "all" else [key]))
        )
        stmts.append(insert(CaseStatsDaily).from_select(cols, sel))
    dept = cast(c.department_id, String)
    closed = _closed()
    one, zero = literal(1), literal(0)
    parts = (
        select(
            day.label("day"),
            dept.label("key"),
            func.count().label("a_cases"),
            func.sum(case((closed, one), else_=zero)).label("a_closed"),
            func.sum(case((and_(closed, c.closed_at <= c.deadline_at), one), else_=zero)).label(
                "a_ontime"
            ),
            func.sum(case((and_(closed, c.rework_count > 0), one), else_=zero)).label("a_rework"),
            func.sum(case((closed, _minutes(dialect)), else_=zero)).label("a_minutes"),
            func.sum(case((_inaccurate(), one), else_=zero)).label("a_inacc"),
        )
        .where(*where, *_population())
        .group_by(day, dept)
        .subquery("parts")
    )
    names = union_all(*[select(literal(d, String).label("dim")) for d in ASSESS_DIMS]).subquery(
        "names"
    )
    value = case(*[(names.c.dim == d, parts.c[d]) for d in ASSESS_DIMS], else_=zero)
    sel = (
        select(names.c.dim, parts.c.day, parts.c.key, value.label("n"))
        .select_from(parts.join(names, true()))
        .where(value > 0)
    )
    stmts.append(insert(CaseStatsDaily).from_select(cols, sel))
    return stmts


def _day_runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Sorted days as [first, last + 1) runs of consecutive days."""
    runs: list[tuple[date, date]] = []
    for d in sorted(set(days)):
        if runs and runs[-1][1] == d:
            runs[-1] = (runs[-1][0], d + timedelta(days=1))
        else:
            runs.append((d, d + timedelta(days=1)))
    return runs


def _lock_state(session: Session) -> CaseStatsState | None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    else:  # take SQLite's write lock before reading, so two refreshes never interleave
        session.execute(update(CaseStatsState).where(CaseStatsState.id == 1).values(id=1))
    return session.get(CaseStatsState, 1, populate_existing=True)


ROLLUP_LAYOUT_KEY = "stats.rollup_layout"
ROLLUP_LAYOUT = "2"  # bump when the roll-up's dimensions change: the next refresh rebuilds it


def rebuild_case_stats(session: Session) -> None:
    """Recompute the whole roll-up from the cases (after a bulk load; seconds on a million)."""
    _lock_state(session)
    session.merge(m.Setting(key=ROLLUP_LAYOUT_KEY, value=ROLLUP_LAYOUT))
    seq = latest_seq(session)
    max_id = int(session.execute(select(func.coalesce(func.max(m.Case.id), 0))).scalar_one())
    session.execute(delete(CaseStatsDaily))
    for stmt in _rollup_inserts([], session.get_bind().dialect.name):
        session.execute(stmt)
    _rebuild_months(session, None)
    _save_state(session, seq, max_id)


def _save_state(session: Session, seq: int, max_id: int) -> None:
    state = session.get(CaseStatsState, 1)
    if state is None:
        session.add(
            CaseStatsState(id=1, last_change_seq=seq, last_case_id=max_id, refreshed_at=town_now())
        )
    else:
        state.last_change_seq, state.last_case_id, state.refreshed_at = seq, max_id, town_now()
    session.flush()


def refresh_case_stats(session: Session) -> int:
    """Bring the roll-up up to date (see the module docstring); returns how many days were
    recomputed (-1 for a full rebuild). Commit the session afterwards."""
    state = _lock_state(session)
    seq = latest_seq(session)
    max_id = int(session.execute(select(func.coalesce(func.max(m.Case.id), 0))).scalar_one())
    layout = session.get(m.Setting, ROLLUP_LAYOUT_KEY)
    if (
        state is None
        or max_id < state.last_case_id
        or layout is None
        or layout.value != ROLLUP_LAYOUT
    ):
        rebuild_case_stats(session)
        return -1
    if seq == state.last_change_seq and max_id == state.last_case_id:
        return 0
    day = func.date(m.Case.reported_at)
    days: set[date] = set()
    if max_id > state.last_case_id:
        days.update(
            _as_date(d)
            for d in session.execute(
                select(day).where(m.Case.id > state.last_case_id).distinct()
            ).scalars()
        )
    if seq > state.last_change_seq:
        changed = select(m.ChangeLog.entity_id).where(
            m.ChangeLog.seq > state.last_change_seq,
            m.ChangeLog.seq <= seq,
            m.ChangeLog.entity == "case",
        )
        days.update(
            _as_date(d)
            for d in session.execute(select(day).where(m.Case.id.in_(changed)).distinct()).scalars()
        )
    for first, after in _day_runs(days):
        session.execute(
            delete(CaseStatsDaily).where(
                CaseStatsDaily.dim.in_(ALL_DIMS),
                CaseStatsDaily.day >= first,
                CaseStatsDaily.day < after,
            )
        )
        window = [m.Case.reported_at >= _start(first), m.Case.reported_at < _start(after)]
        for stmt in _rollup_inserts(window, session.get_bind().dialect.name):
            session.execute(stmt)
    _rebuild_months(session, {_month(d) for d in days})
    _save_state(session, seq, max_id)
    return len(days)


def refresh(engine: Engine) -> int:
    """`refresh_case_stats` in its own transaction."""
    with Session(engine) as session, session.begin():
        return refresh_case_stats(session)


def _month(d: date) -> date:
    return date(d.year, d.month, 1)


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def _rebuild_months(session: Session, months: set[date] | None) -> None:
    """The monthly sums of every dimension, from the daily rows (all months, or these)."""
    t = CaseStatsDaily
    if session.get_bind().dialect.name == "postgresql":
        month: ColumnElement[Any] = cast(func.date_trunc("month", t.day), Date)
    else:  # dates are 'YYYY-MM-DD' text in SQLite
        month = func.substr(t.day, 1, 8, type_=String) + literal("01", String)
    ranges: list[tuple[date, date] | None] = (
        [(mo, _next_month(mo)) for mo in sorted(months)] if months is not None else [None]
    )
    for rng in ranges:
        window = [] if rng is None else [t.day >= rng[0], t.day < rng[1]]
        session.execute(delete(t).where(t.dim.in_([MONTHLY + d for d in ALL_DIMS]), *window))
        sel = (
            select(
                (literal(MONTHLY, String) + t.dim).label("dim"),
                month.label("day"),
                t.key,
                func.sum(t.n),
            )
            .where(t.dim.in_(ALL_DIMS), *window)
            .group_by(t.dim, month, t.key)
        )
        session.execute(insert(t).from_select(["dim", "day", "key", "n"], sel))


def _rollup(session: Session, dim: str, start: date, end: date) -> dict[str, int]:
    """Sums per key over [start, end): whole months from the monthly rows, the rest from
    the daily ones."""
    t = CaseStatsDaily
    full_from = start if start.day == 1 else _next_month(start)
    full_to = _month(end)
    if full_from >= full_to:
        where = and_(t.dim == dim, t.day >= start, t.day < end)
    else:
        where = or_(
            and_(t.dim == dim, t.day >= start, t.day < full_from),
            and_(t.dim == MONTHLY + dim, t.day >= full_from, t.day < full_to),
            and_(t.dim == dim, t.day >= full_to, t.day < end),
        )
    rows = session.execute(select(t.key, func.sum(t.n)).where(where).group_by(t.key)).all()
    return {str(k): int(n) for k, n in rows}


def cases_per_day(session: Session, start: date, end: date) -> dict[date, int]:
    """Cases reported per day in [start, end) (days without cases are absent)."""
    rows = session.execute(
        select(CaseStatsDaily.day, CaseStatsDaily.n).where(
            CaseStatsDaily.dim == "all", CaseStatsDaily.day >= start, CaseStatsDaily.day < end
        )
    ).all()
    return {_as_date(d): int(n) for d, n in rows}


def cases_per_month(session: Session, year: int) -> list[int]:
    """Twelve monthly counts of a year."""
    months = [0] * 12
    for d, n in cases_per_day(session, date(year, 1, 1), date(year + 1, 1, 1)).items():
        months[d.month - 1] += n
    return months


def count_between(session: Session, start: date, end: date) -> int:
    return sum(cases_per_day(session, start, end).values())


def _int_keys(counts: Mapping[str, int]) -> dict[int | None, int]:
    return {(int(k) if k else None): n for k, n in counts.items()}


def cases_by_category(session: Session, start: date, end: date) -> dict[int, int]:
    return {int(k): n for k, n in _rollup(session, "category", start, end).items()}


def cases_by_source(session: Session, start: date, end: date) -> dict[str, int]:
    return _rollup(session, "source", start, end)


def cases_by_department(session: Session, start: date, end: date) -> dict[int | None, int]:
    """By the department the case is with (None: not yet dispatched, or police)."""
    return _int_keys(_rollup(session, "department", start, end))


def cases_by_grid(
    session: Session, start: date, end: date, level: str = "management"
) -> dict[int | None, int]:
    """By management grid, or summed up to the responsibility grids (level "responsibility")."""
    counts = _int_keys(_rollup(session, "grid", start, end))
    if level == m.GridLevel.MANAGEMENT:
        return counts
    parent = dict(session.execute(select(m.Grid.id, m.Grid.parent_id)).all())
    out: dict[int | None, int] = defaultdict(int)
    for gid, n in counts.items():
        out[parent.get(gid) or gid if gid is not None else None] += n
    return dict(out)


def grid_case_counts(
    session: Session, start: date, end: date, level: str = "management"
) -> dict[int, int]:
    """The grid choropleth: cases per grid id (every grid of the level, zeros included)."""
    counts = cases_by_grid(session, start, end, level)
    ids = session.execute(select(m.Grid.id).where(m.Grid.level == level)).scalars().all()
    return {int(g): int(counts.get(int(g), 0)) for g in ids}


def hazard_by_category(session: Session, start: date, end: date) -> dict[int, int]:
    return {int(k): n for k, n in _rollup(session, "hazard", start, end).items()}


# ---------------------------------------------------------------- case lists behind the bars


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """What a click on a chart selects (any combination)."""

    category_id: int | None = None
    source: str | None = None
    grid_id: int | None = None  # a management grid, or a responsibility grid with its children
    department_id: int | None = None
    no_department: bool = False
    hazard: bool | None = None
    major: str | None = None  # a category group (大类)


@dataclass(frozen=True, slots=True)
class CaseListRow:
    id: int
    number: str
    state: str
    source: str
    category_name: str
    category_name_en: str
    grid_name: str
    department_name: str
    department_name_en: str
    reported_at: datetime
    deadline_at: datetime | None
    closed_at: datetime | None
    address: str


@dataclass(frozen=True, slots=True)
class CaseList:
    rows: list[CaseListRow]
    total: int


def _filter_conds(session: Session, f: CaseFilter) -> list[ColumnElement[bool]]:
    c = m.Case
    conds: list[ColumnElement[bool]] = []
    if f.category_id is not None:
        conds.append(c.category_id == f.category_id)
    if f.major is not None:
        conds.append(c.category_id.in_(select(m.Category.id).where(m.Category.major == f.major)))
    if f.source is not None:
        conds.append(c.source == f.source)
    if f.department_id is not None:
        conds.append(c.department_id == f.department_id)
    if f.no_department:
        conds.append(c.department_id.is_(None))
    if f.hazard is not None:
        conds.append(c.hazard.is_(f.hazard))
    if f.grid_id is not None:
        g = session.get(m.Grid, f.grid_id)
        if g is not None and g.level == m.GridLevel.RESPONSIBILITY:
            conds.append(c.grid_id.in_(select(m.Grid.id).where(m.Grid.parent_id == g.id)))
        else:
            conds.append(c.grid_id == f.grid_id)
    return conds


def rollup_total(session: Session, start: date, end: date, f: CaseFilter) -> int | None:
    """How many cases match a filter of at most one dimension, from the roll-up (None for
    a combination the roll-up does not hold). Refresh the roll-up first."""
    given = (
        [
            name
            for name in ("category_id", "source", "grid_id", "department_id", "major")
            if getattr(f, name) is not None
        ]
        + (["no_department"] if f.no_department else [])
        + (["hazard"] if f.hazard is not None else [])
    )
    if len(given) > 1 or f.hazard is False:
        return None
    if not given:
        return count_between(session, start, end)
    name = given[0]
    if name == "hazard":
        return sum(_rollup(session, "hazard", start, end).values())
    if name == "source":
        return _rollup(session, "source", start, end).get(str(f.source), 0)
    if name == "category_id":
        return _rollup(session, "category", start, end).get(str(f.category_id), 0)
    if name == "department_id":
        return _rollup(session, "department", start, end).get(str(f.department_id), 0)
    if name == "no_department":
        return _rollup(session, "department", start, end).get("", 0)
    if name == "major":
        ids = {
            str(i)
            for i in session.execute(
                select(m.Category.id).where(m.Category.major == f.major)
            ).scalars()
        }
        return sum(n for k, n in _rollup(session, "category", start, end).items() if k in ids)
    counts = _rollup(session, "grid", start, end)
    g = session.get(m.Grid, f.grid_id)
    if g is not None and g.level == m.GridLevel.RESPONSIBILITY:
        kids = {
            str(i)
            for i in session.execute(select(m.Grid.id).where(m.Grid.parent_id == g.id)).scalars()
        }
        return sum(n for k, n in counts.items() if k in kids)
    return counts.get(str(f.grid_id), 0)


def case_list(
    session: Session,
    start: date,
    end: date,
    filters: CaseFilter | None = None,
    *,
    limit: int = 300,
    total_from_rollup: bool = False,
) -> CaseList:
    """The cases reported in [start, end) that match `filters`, newest first (at most
    `limit`), and how many match in all (counted from the roll-up when asked and
    possible: refresh it first)."""
    f = filters or CaseFilter()
    c = m.Case
    conds = [
        c.reported_at >= _start(start),
        c.reported_at < _start(end),
        *_filter_conds(session, f),
    ]
    total = rollup_total(session, start, end, f) if total_from_rollup else None
    if total is None:
        total = int(session.execute(select(func.count()).select_from(c).where(*conds)).scalar_one())
    rows = session.execute(
        select(
            c.id,
            c.number,
            c.state,
            c.source,
            m.Category.name,
            m.Category.name_en,
            m.Grid.name,
            m.Department.name,
            m.Department.name_en,
            c.reported_at,
            c.deadline_at,
            c.closed_at,
            c.address,
        )
        .join(m.Category, m.Category.id == c.category_id)
        .outerjoin(m.Grid, m.Grid.id == c.grid_id)
        .outerjoin(m.Department, m.Department.id == c.department_id)
        .where(*conds)
        .order_by(c.reported_at.desc(), c.id.desc())
        .limit(limit)
    ).all()
    return CaseList(
        [
            CaseListRow(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5] or "",
                r[6] or "",
                r[7] or "",
                r[8] or "",
                r[9],
                r[10],
                r[11],
                r[12] or "",
            )
            for r in rows
        ],
        total,
    )


# ---------------------------------------------------------------- the dashboard


@dataclass(frozen=True, slots=True)
class Count:
    """One bar: what it counts (id or code), its names, this period and the same period a
    year before."""

    key: str
    name: str
    name_en: str
    n: int
    n_last_year: int = 0
    group: str = ""  # category major, grid's parent, department level


@dataclass(frozen=True, slots=True)
class HazardReport:
    id: int
    number: str
    category_name: str
    category_name_en: str
    department_name: str
    department_name_en: str
    grid_name: str
    state: str
    reported_at: datetime
    address: str


@dataclass
class Dashboard:
    """Everything the statistics dashboard shows, computed at `as_of`."""

    as_of: datetime
    year: int
    start: date  # this year's period [start, end): Jan 1 .. the day after as_of
    end: date
    per_day: dict[date, int]
    per_day_last_year: dict[date, int]  # the whole year before
    per_month: list[int]
    per_month_last_year: list[int]
    total: int
    total_last_year_same_period: int
    half_year: int  # the year whose first half is compared
    first_half: int
    first_half_last_year: int
    first_half_change_pct: float | None
    by_category: list[Count]
    by_major: list[Count]
    by_source: list[Count]
    by_department: list[Count]
    by_grid: list[Count]  # responsibility grids
    by_management_grid: dict[int, int]
    hazard_first_half: int
    hazard_reports: list[HazardReport]  # the first half's professional hazard reports
    hazard_by_category: list[Count] = field(default_factory=list)
    open_cases: int = 0

    @property
    def change_pct(self) -> float | None:
        return change_pct(self.total, self.total_last_year_same_period)


def _same_day_last_year(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def hazard_reports(session: Session, start: date, end: date) -> list[HazardReport]:
    """The professional hazard reports (fire hazards, major hazard sources) of a period."""
    c = m.Case
    rows = session.execute(
        select(
            c.id,
            c.number,
            m.Category.name,
            m.Category.name_en,
            m.Department.name,
            m.Department.name_en,
            m.Grid.name,
            c.state,
            c.reported_at,
            c.address,
        )
        .join(m.Category, m.Category.id == c.category_id)
        .outerjoin(m.Department, m.Department.id == c.department_id)
        .outerjoin(m.Grid, m.Grid.id == c.grid_id)
        .where(c.hazard.is_(True), c.reported_at >= _start(start), c.reported_at < _start(end))
        .order_by(c.reported_at)
    ).all()
    return [
        HazardReport(
            r[0], r[1], r[2], r[3] or "", r[4] or "", r[5] or "", r[6] or "", r[7], r[8], r[9] or ""
        )
        for r in rows
    ]


def dashboard(session: Session, as_of: datetime | None = None) -> Dashboard:
    """The dashboard's figures from the roll-up (refresh it first: `load_dashboard`)."""
    as_of = as_of or reference_time(session)
    year = as_of.year
    start, end = date(year, 1, 1), as_of.date() + timedelta(days=1)
    ly_start, ly_end = date(year - 1, 1, 1), _same_day_last_year(as_of.date()) + timedelta(days=1)

    per_day = cases_per_day(session, start, end)
    per_day_ly = cases_per_day(session, ly_start, date(year, 1, 1))
    per_month = [0] * 12
    for d, n in per_day.items():
        per_month[d.month - 1] += n
    per_month_ly = [0] * 12
    for d, n in per_day_ly.items():
        per_month_ly[d.month - 1] += n
    total_ly_same = sum(n for d, n in per_day_ly.items() if d < ly_end)

    hy = reference_half_year(as_of.date())
    h1 = (date(hy, 1, 1), date(hy, 7, 1))
    if hy == year:
        first_half = sum(n for d, n in per_day.items() if d < h1[1])
        first_half_ly = sum(per_month_ly[:6])
    else:
        first_half = sum(per_month_ly[:6])
        first_half_ly = count_between(session, date(hy - 1, 1, 1), date(hy - 1, 7, 1))

    cats = {
        cid: (code, name, name_en or "", major, major_en or "")
        for cid, code, name, name_en, major, major_en in session.execute(
            select(
                m.Category.id,
                m.Category.code,
                m.Category.name,
                m.Category.name_en,
                m.Category.major,
                m.Category.major_en,
            )
        )
    }
    by_cat_now = cases_by_category(session, start, end)
    by_cat_ly = cases_by_category(session, ly_start, ly_end)
    by_category = sorted(
        (
            Count(str(cid), cats[cid][1], cats[cid][2], n, by_cat_ly.get(cid, 0), cats[cid][3])
            for cid, n in by_cat_now.items()
            if cid in cats
        ),
        key=lambda x: (-x.n, x.key),
    )
    majors: dict[str, list[int]] = {}
    major_en: dict[str, str] = {}
    for cid, (_code, _name, _name_en, major, m_en) in cats.items():
        acc = majors.setdefault(major, [0, 0])
        acc[0] += by_cat_now.get(cid, 0)
        acc[1] += by_cat_ly.get(cid, 0)
        major_en[major] = m_en
    by_major = sorted(
        (Count(k, k, major_en.get(k, ""), v[0], v[1]) for k, v in majors.items() if v[0] or v[1]),
        key=lambda x: (-x.n, x.key),
    )

    src_now, src_ly = (
        cases_by_source(session, start, end),
        cases_by_source(session, ly_start, ly_end),
    )
    by_source = sorted(
        (Count(s, s, s, src_now.get(s, 0), src_ly.get(s, 0)) for s in set(src_now) | set(src_ly)),
        key=lambda x: (-x.n, x.key),
    )

    depts = {
        did: (name, name_en or "", level)
        for did, name, name_en, level in session.execute(
            select(m.Department.id, m.Department.name, m.Department.name_en, m.Department.level)
        )
    }
    dep_now, dep_ly = (
        cases_by_department(session, start, end),
        cases_by_department(session, ly_start, ly_end),
    )
    by_department = sorted(
        (
            Count(str(d), depts[d][0], depts[d][1], n, dep_ly.get(d, 0), depts[d][2])
            for d, n in dep_now.items()
            if d is not None and d in depts
        ),
        key=lambda x: (-x.n, x.key),
    )

    grids = {
        gid: (code, name, parent, level)
        for gid, code, name, parent, level in session.execute(
            select(m.Grid.id, m.Grid.code, m.Grid.name, m.Grid.parent_id, m.Grid.level)
        )
    }
    g_now = cases_by_grid(session, start, end)
    g_ly = cases_by_grid(session, ly_start, ly_end)
    resp_now: dict[int, int] = defaultdict(int)
    resp_ly: dict[int, int] = defaultdict(int)
    for src, dst in ((g_now, resp_now), (g_ly, resp_ly)):
        for gid, n in src.items():
            if gid is None or gid not in grids:
                continue
            parent = grids[gid][2] or gid
            dst[parent] += n
    by_grid = sorted(
        (
            Count(str(g), grids[g][1], grids[g][0], resp_now.get(g, 0), resp_ly.get(g, 0))
            for g, info in grids.items()
            if info[3] == m.GridLevel.RESPONSIBILITY
        ),
        key=lambda x: (-x.n, x.key),
    )

    hz_cat = hazard_by_category(session, h1[0], h1[1])
    hazard_cats = sorted(
        (
            Count(str(cid), cats[cid][1], cats[cid][2], n)
            for cid, n in hz_cat.items()
            if cid in cats
        ),
        key=lambda x: (-x.n, x.key),
    )
    reports = hazard_reports(session, h1[0], h1[1])
    open_cases = int(
        session.execute(
            select(func.count())
            .select_from(m.Case)
            .where(m.Case.state.in_([s.value for s in m.OPEN_STATES]))
        ).scalar_one()
    )
    return Dashboard(
        as_of=as_of,
        year=year,
        start=start,
        end=end,
        per_day=per_day,
        per_day_last_year=per_day_ly,
        per_month=per_month,
        per_month_last_year=per_month_ly,
        total=sum(per_day.values()),
        total_last_year_same_period=total_ly_same,
        half_year=hy,
        first_half=first_half,
        first_half_last_year=first_half_ly,
        first_half_change_pct=change_pct(first_half, first_half_ly),
        by_category=by_category,
        by_major=by_major,
        by_source=by_source,
        by_department=by_department,
        by_grid=by_grid,
        by_management_grid={int(k): v for k, v in g_now.items() if k is not None},
        hazard_first_half=sum(hz_cat.values()),
        hazard_reports=reports,
        hazard_by_category=hazard_cats,
        open_cases=open_cases,
    )


def load_dashboard(engine: Engine, as_of: datetime | None = None) -> Dashboard:
    """Refresh the roll-up (usually a few days' worth) and compute the dashboard."""
    refresh(engine)
    with Session(engine) as session:
        return dashboard(session, as_of)


def load_case_list(
    engine: Engine, start: date, end: date, filters: CaseFilter | None = None, *, limit: int = 300
) -> CaseList:
    """The case list behind a chart: refreshes the roll-up (usually nothing to do) and
    takes the count from it, so a filter on a million cases costs one indexed page."""
    refresh(engine)
    with Session(engine) as session:
        return case_list(session, start, end, filters, limit=limit, total_from_rollup=True)


# ---------------------------------------------------------------- assessment cycles

BIMONTHLY_PERIODS = 6


@dataclass(frozen=True, slots=True, order=True)
class Cycle:
    """A bimonthly cycle (period 1..6: Jan-Feb .. Nov-Dec) or the year-end (period 0)."""

    year: int
    period: int

    @property
    def kind(self) -> str:
        return CycleKind.YEAR_END if self.period == 0 else CycleKind.BIMONTHLY

    @property
    def start(self) -> date:
        return (
            date(self.year, 1, 1) if self.period == 0 else date(self.year, 2 * self.period - 1, 1)
        )

    @property
    def end(self) -> date:
        if self.period == 0 or self.period == BIMONTHLY_PERIODS:
            return date(self.year + 1, 1, 1)
        return date(self.year, 2 * self.period + 1, 1)

    def previous(self) -> Cycle:
        if self.period == 0:
            return Cycle(self.year - 1, 0)
        if self.period == 1:
            return Cycle(self.year - 1, BIMONTHLY_PERIODS)
        return Cycle(self.year, self.period - 1)

    def validate(self) -> Cycle:
        if not 0 <= self.period <= BIMONTHLY_PERIODS or not 2000 <= self.year <= 2100:
            raise ValueError(f"no assessment cycle {self.year}/{self.period}")
        return self

    @classmethod
    def containing(cls, day: date) -> Cycle:
        return cls(day.year, (day.month + 1) // 2)

    @property
    def months(self) -> tuple[int, int]:
        if self.period == 0:
            return (1, 12)
        return (2 * self.period - 1, 2 * self.period)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def label(self) -> str:
        if self.period == 0:
            return f"{self.year} year-end"
        a, b = self.months
        return f"{self.year} {calendar.month_abbr[a]}-{calendar.month_abbr[b]}"


METRICS: tuple[str, ...] = (
    "village_score",
    "closure_rate",
    "on_time_rate",
    "rework",
    "handling_time",
    "accurate_dispatch",
)
DEFAULT_WEIGHTS: dict[str, float] = {
    "village_score": 0.50,
    "closure_rate": 0.10,
    "on_time_rate": 0.15,
    "rework": 0.10,
    "handling_time": 0.05,
    "accurate_dispatch": 0.10,
}


def assessment_weights(session: Session) -> dict[str, float]:
    """The current weights: the defaults, overridden by what the table holds."""
    weights = dict(DEFAULT_WEIGHTS)
    for metric, weight in session.execute(select(AssessmentWeight.metric, AssessmentWeight.weight)):
        if metric in weights:
            weights[metric] = float(weight)
    return weights


def validate_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Complete weights (every metric, each 0..1, summing to 1), or ValueError saying why."""
    unknown = set(weights) - set(METRICS)
    if unknown:
        raise ValueError(f"unknown assessment parts: {', '.join(sorted(unknown))}")
    missing = set(METRICS) - set(weights)
    if missing:
        raise ValueError(f"weights missing for: {', '.join(sorted(missing))}")
    out: dict[str, float] = {}
    for k in METRICS:
        try:
            w = float(weights[k])
        except (TypeError, ValueError):
            raise ValueError(f"the weight of {k} must be a number") from None
        if not 0.0 <= w <= 1.0 or w != w:
            raise ValueError(f"the weight of {k} must be between 0 and 100%")
        out[k] = w
    total = sum(out.values())
    if abs(total - 1.0) > 1e-6:
        raise ValueError(f"the weights add up to {total * 100:.1f}%; they must add up to 100%")
    return out


@dataclass
class DepartmentFigures:
    """A department's figures in one cycle (rates are 0..1, None when undefined)."""

    department_id: int
    code: str
    name: str
    name_en: str
    cases: int = 0
    closed: int = 0
    due: int = 0
    on_time: int = 0
    reworked: int = 0
    handled: int = 0  # closed cases with a dispatch time (the handling-time base)
    handling_hours: float = 0.0  # summed
    accurate: int = 0
    village_score: float | None = None
    ratings: int = 0

    @property
    def closure_rate(self) -> float | None:
        return self.closed / self.cases if self.cases else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due if self.due else None

    @property
    def rework_rate(self) -> float | None:
        return self.reworked / self.due if self.due else None

    @property
    def avg_handling_hours(self) -> float | None:
        return self.handling_hours / self.handled if self.handled else None

    @property
    def accurate_dispatch_rate(self) -> float | None:
        return self.accurate / self.cases if self.cases else None


@dataclass
class AssessmentRow:
    figures: DepartmentFigures
    scores: dict[str, float | None]
    total: float | None
    rank: int | None
    previous_rank: int | None = None
    previous_total: float | None = None

    @property
    def rank_change(self) -> int | None:
        """Places gained since the previous cycle (positive = up)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def total_change(self) -> float | None:
        if self.total is None or self.previous_total is None:
            return None
        return round(self.total - self.previous_total, 2)


@dataclass
class Assessment:
    cycle: Cycle
    as_of: datetime
    weights: dict[str, float]
    rows: list[AssessmentRow]  # ranked first, unranked (no figures) last
    finalised: bool = False
    previous: Cycle | None = None


def _hours(later: Any, earlier: Any, dialect: str) -> ColumnElement[Any]:
    if dialect == "postgresql":
        return func.extract("epoch", later - earlier) / 3600.0
    return (func.julianday(later) - func.julianday(earlier)) * 24.0


def town_departments(session: Session) -> list[tuple[int, str, str, str]]:
    return [
        (int(i), c, n, e or "")
        for i, c, n, e in session.execute(
            select(m.Department.id, m.Department.code, m.Department.name, m.Department.name_en)
            .where(m.Department.level == m.DepartmentLevel.TOWN, m.Department.active.is_(True))
            .order_by(m.Department.code)
        )
    ]


def department_figures(
    session: Session, start: date, end: date, as_of: datetime | None = None, *, refresh: bool = True
) -> dict[int, DepartmentFigures]:
    """The case figures of every town department for cases reported in [start, end): the
    parts kept in the roll-up (refreshed first unless `refresh` is False), plus the open
    cases already due at `as_of` (a small, indexed set)."""
    as_of = as_of or reference_time(session)
    if refresh:
        refresh_case_stats(session)
    out = {
        d: DepartmentFigures(d, code, name, name_en)
        for d, code, name, name_en in town_departments(session)
    }
    if not out:
        return out
    parts = {dim: _int_keys(_rollup(session, dim, start, end)) for dim in ASSESS_DIMS}
    for d, f in out.items():
        f.cases = parts["a_cases"].get(d, 0)
        f.closed = f.handled = parts["a_closed"].get(d, 0)
        f.on_time = parts["a_ontime"].get(d, 0)
        f.reworked = parts["a_rework"].get(d, 0)
        f.handling_hours = parts["a_minutes"].get(d, 0) / 60.0
        f.accurate = f.cases - parts["a_inacc"].get(d, 0)
        f.due = f.closed
    c = m.Case
    open_due = session.execute(
        select(c.department_id, func.count(), func.sum(case((c.rework_count > 0, 1), else_=0)))
        .where(
            text("cases.state NOT IN ('closed', 'rejected')"),  # the open-queue partial index
            c.reported_at >= _start(start),
            c.reported_at < _start(end),
            c.deadline_at <= as_of,
            *_population(),
        )
        .group_by(c.department_id)
    ).all()
    for dep, n, n_rework in open_due:
        fig = out.get(int(dep))
        if fig is not None:
            fig.due += int(n)
            fig.reworked += int(n_rework or 0)
    return out


def department_figures_direct(
    session: Session, start: date, end: date, as_of: datetime | None = None
) -> dict[int, DepartmentFigures]:
    """`department_figures` straight from the cases (a scan of the period's cases and a
    look at each one's events): the reference the roll-up is checked against."""
    as_of = as_of or reference_time(session)
    dialect = session.get_bind().dialect.name
    c = m.Case
    out = {
        d: DepartmentFigures(d, code, name, name_en)
        for d, code, name, name_en in town_departments(session)
    }
    if not out:
        return out
    population = [c.reported_at >= _start(start), c.reported_at < _start(end), *_population()]
    closed = _closed()
    due = or_(closed, c.deadline_at <= as_of)
    one, zero = literal(1), literal(0)
    rows = session.execute(
        select(
            c.department_id,
            func.count(),
            func.sum(case((closed, one), else_=zero)),
            func.sum(case((due, one), else_=zero)),
            func.sum(case((and_(closed, c.closed_at <= c.deadline_at), one), else_=zero)),
            func.sum(case((and_(due, c.rework_count > 0), one), else_=zero)),
            func.sum(
                case((closed, _hours(c.closed_at, c.dispatched_at, dialect)), else_=literal(0.0))
            ),
            func.sum(case((_inaccurate(), one), else_=zero)),
        )
        .where(*population)
        .group_by(c.department_id)
    ).all()
    for dep, n, n_closed, n_due, n_on_time, n_rework, hours, n_inacc in rows:
        got = out.get(int(dep))
        if got is None:
            continue
        f = got
        f.cases, f.closed, f.handled, f.due = (
            int(n),
            int(n_closed or 0),
            int(n_closed or 0),
            int(n_due or 0),
        )
        f.on_time, f.reworked, f.handling_hours = (
            int(n_on_time or 0),
            int(n_rework or 0),
            float(hours or 0.0),
        )
        f.accurate = f.cases - int(n_inacc or 0)
    return out


def village_scores(session: Session, cycle: Cycle) -> dict[int, tuple[float, int]]:
    """Mean villages' and committees' score per department (and how many rated): the
    cycle's ratings; for the year-end without its own ratings, the mean of that year's
    bimonthly means."""
    r = DepartmentRating
    cy = AssessmentCycle
    rows = session.execute(
        select(r.department_id, func.avg(r.score), func.count())
        .join(cy, cy.id == r.cycle_id)
        .where(cy.year == cycle.year, cy.kind == cycle.kind, cy.period == cycle.period)
        .group_by(r.department_id)
    ).all()
    out = {int(d): (float(avg), int(n)) for d, avg, n in rows}
    if out or cycle.period != 0:
        return out
    per_cycle = session.execute(
        select(r.department_id, cy.period, func.avg(r.score), func.count())
        .join(cy, cy.id == r.cycle_id)
        .where(cy.year == cycle.year, cy.kind == CycleKind.BIMONTHLY)
        .group_by(r.department_id, cy.period)
    ).all()
    acc: dict[int, list[float]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    for d, _p, avg, n in per_cycle:
        acc[int(d)].append(float(avg))
        counts[int(d)] += int(n)
    return {d: (sum(v) / len(v), counts[d]) for d, v in acc.items()}


def _scores(figs: DepartmentFigures, fastest: float | None) -> dict[str, float | None]:
    def pct(v: float | None) -> float | None:
        return None if v is None else v * 100.0

    hours = figs.avg_handling_hours
    handling: float | None = None
    if hours is not None and fastest is not None:
        handling = 100.0 if hours <= 0 else min(100.0, fastest / hours * 100.0)
    return {
        "village_score": figs.village_score,
        "closure_rate": pct(figs.closure_rate),
        "on_time_rate": pct(figs.on_time_rate),
        "rework": None if figs.rework_rate is None else (1.0 - figs.rework_rate) * 100.0,
        "handling_time": handling,
        "accurate_dispatch": pct(figs.accurate_dispatch_rate),
    }


def weighted_total(
    scores: Mapping[str, float | None], weights: Mapping[str, float]
) -> float | None:
    """The weighted mean of the scores present (missing parts' weights shared out)."""
    present = [(weights.get(k, 0.0), v) for k, v in scores.items() if v is not None]
    wsum = sum(w for w, _ in present)
    if wsum <= 0:
        return None
    return round(sum(w * v for w, v in present) / wsum, 2)


def _rank(rows: list[AssessmentRow]) -> None:
    """Competition ranking by total (1, 2, 2, 4); rows without a total stay unranked."""
    ranked = sorted(
        (r for r in rows if r.total is not None), key=lambda r: (-(r.total or 0), r.figures.code)
    )
    prev_total: float | None = None
    prev_rank = 0
    for i, row in enumerate(ranked, start=1):
        if row.total != prev_total:
            prev_rank, prev_total = i, row.total
        row.rank = prev_rank
    rest = sorted((r for r in rows if r.total is None), key=lambda r: r.figures.code)
    rows[:] = ranked + rest


def compute_assessment(
    session: Session,
    cycle: Cycle,
    as_of: datetime | None = None,
    weights: Mapping[str, float] | None = None,
) -> Assessment:
    """The live assessment of one cycle (no trend)."""
    cycle.validate()
    as_of = as_of or reference_time(session)
    w = dict(weights) if weights is not None else assessment_weights(session)
    figs = department_figures(session, cycle.start, cycle.end, as_of)
    for d, (avg, n) in village_scores(session, cycle).items():
        if d in figs:
            figs[d].village_score, figs[d].ratings = round(avg, 2), n
    times = [f.avg_handling_hours for f in figs.values() if f.avg_handling_hours is not None]
    fastest = min(times) if times else None
    rows = []
    for f in figs.values():
        sc = _scores(f, fastest)
        rows.append(AssessmentRow(f, sc, weighted_total(sc, w), None))
    _rank(rows)
    return Assessment(cycle, as_of, w, rows)


def _cycle_row(session: Session, cycle: Cycle) -> AssessmentCycle | None:
    return session.execute(
        select(AssessmentCycle).where(
            AssessmentCycle.year == cycle.year,
            AssessmentCycle.kind == cycle.kind,
            AssessmentCycle.period == cycle.period,
        )
    ).scalar_one_or_none()


def _frozen(session: Session, cycle: Cycle) -> Assessment | None:
    row = _cycle_row(session, cycle)
    if row is None or row.status != CycleStatus.FINALISED or not row.results:
        return None
    return assessment_from_json(row.results)


def assessment(session: Session, cycle: Cycle, as_of: datetime | None = None) -> Assessment:
    """A cycle's ranking with its trend against the previous cycle. A finalised cycle
    shows the results it was finalised with."""
    result = _frozen(session, cycle) or compute_assessment(session, cycle, as_of)
    prev_cycle = cycle.previous()
    prev = _frozen(session, prev_cycle) or compute_assessment(
        session, prev_cycle, as_of, result.weights
    )
    before = {r.figures.department_id: r for r in prev.rows}
    for row in result.rows:
        p = before.get(row.figures.department_id)
        if p is not None:
            row.previous_rank, row.previous_total = p.rank, p.total
    result.previous = prev_cycle
    return result


def load_assessment(engine: Engine, cycle: Cycle, as_of: datetime | None = None) -> Assessment:
    with Session(engine) as session:
        return assessment(session, cycle, as_of)


def assessment_to_json(a: Assessment) -> dict[str, Any]:
    """A finalised cycle's frozen results (see `assessment_from_json`)."""
    return {
        "year": a.cycle.year,
        "period": a.cycle.period,
        "as_of": a.as_of.isoformat(sep=" "),
        "weights": a.weights,
        "rows": [
            {
                "figures": {
                    k: getattr(r.figures, k) for k in DepartmentFigures.__dataclass_fields__
                },
                "scores": r.scores,
                "total": r.total,
                "rank": r.rank,
            }
            for r in a.rows
        ],
    }


def assessment_from_json(data: Mapping[str, Any]) -> Assessment:
    rows = [
        AssessmentRow(DepartmentFigures(**r["figures"]), dict(r["scores"]), r["total"], r["rank"])
        for r in data["rows"]
    ]
    return Assessment(
        Cycle(int(data["year"]), int(data["period"])),
        datetime.fromisoformat(data["as_of"]),
        {k: float(v) for k, v in data["weights"].items()},
        rows,
        finalised=True,
    )


def cycles_with_data(session: Session, as_of: datetime | None = None) -> list[Cycle]:
    """The cycles a supervisor can pick: this year's and last year's bimonthly cycles up to
    the current one, and their year-ends, newest first."""
    as_of = as_of or reference_time(session)
    current = Cycle.containing(as_of.date())
    out: list[Cycle] = []
    for year in (as_of.year, as_of.year - 1):
        for p in range(BIMONTHLY_PERIODS, 0, -1):
            cy = Cycle(year, p)
            if cy <= current or year < as_of.year:
                out.append(cy)
        out.append(Cycle(year, 0))
    return sorted(set(out), key=lambda cy: (cy.year, cy.period == 0, cy.period), reverse=True)
