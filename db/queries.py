"""Read-only queries: the summary figures and what the map and the queues show.

Every figure is computed from the records; nothing here is a stored constant.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import models as m
from db.clock import now as town_now
from gis.features import CaseFeature, GridFeature, GridLevel, MapData, PointFeature
from gis.topology import coverage_report


def setting(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(m.Setting, key)
    return row.value if row else default


def reference_time(session: Session) -> datetime:
    """The clock figures are computed at: the demo's reference time, else now."""
    raw = setting(session, "reference_time")
    return datetime.fromisoformat(raw) if raw else town_now()


def reference_half_year(reference: date) -> int:
    """The year whose first half the summary reports: the latest complete one."""
    return reference.year if reference >= date(reference.year, 7, 1) else reference.year - 1


def _count(session: Session, stmt: Any) -> int:
    return int(session.execute(stmt).scalar_one())


def cases_between(session: Session, start: date, end: date, *, hazard: bool | None = None) -> int:
    stmt = select(func.count(m.Case.id)).where(
        m.Case.reported_at >= datetime.combine(start, datetime.min.time()),
        m.Case.reported_at < datetime.combine(end, datetime.min.time()),
    )
    if hazard is not None:
        stmt = stmt.where(m.Case.hazard.is_(hazard))
    return _count(session, stmt)


def coverage(session: Session) -> dict[str, Any]:
    """How exactly the grids tile the town, measured with shapely in EPSG:4549."""
    town = session.execute(select(m.Town)).scalars().first()
    grids = session.execute(select(m.Grid)).scalars().all()
    resp = [g for g in grids if g.level == m.GridLevel.RESPONSIBILITY]
    if town is None or not resp:
        return {"gap_m2": 0.0, "overlap_m2": 0.0, "area_km2": 0.0, "edges_match": True}
    top = coverage_report(town.geometry, [g.geometry for g in resp])
    gap, overlap, outside = top.gap_m2, top.overlap_m2, top.outside_m2
    edges = top.edges_match
    children: dict[int, list[m.Grid]] = {}
    for g in grids:
        if g.level == m.GridLevel.MANAGEMENT and g.parent_id is not None:
            children.setdefault(g.parent_id, []).append(g)
    for r in resp:
        rep = coverage_report(r.geometry, [c.geometry for c in children.get(r.id, [])])
        gap += rep.gap_m2
        overlap += rep.overlap_m2
        outside += rep.outside_m2
        edges = edges and rep.edges_match
    return {
        "gap_m2": round(gap, 4),
        "overlap_m2": round(overlap + outside, 4),
        "area_km2": round(top.parent_area_m2 / 1e6, 2),
        "edges_match": edges,
    }


def summary(session: Session) -> dict[str, Any]:
    ref = reference_time(session)
    year = reference_half_year(ref.date())
    this_h1 = cases_between(session, date(year, 1, 1), date(year, 7, 1))
    last_h1 = cases_between(session, date(year - 1, 1, 1), date(year - 1, 7, 1))
    change = round((this_h1 - last_h1) / last_h1 * 100, 2) if last_h1 else None
    kinds = dict(
        session.execute(select(m.KeyPoint.kind, func.count(m.KeyPoint.id)).group_by(m.KeyPoint.kind)).all()
    )
    levels = dict(session.execute(select(m.Grid.level, func.count(m.Grid.id)).group_by(m.Grid.level)).all())
    units = dict(
        session.execute(select(m.AdminUnit.kind, func.count(m.AdminUnit.id)).group_by(m.AdminUnit.kind)).all()
    )
    open_states = [str(s) for s in m.OPEN_STATES]
    pop = session.execute(
        select(
            func.coalesce(func.sum(m.AdminUnit.population_registered), 0),
            func.coalesce(func.sum(m.AdminUnit.population_migrant), 0),
            func.coalesce(func.sum(m.AdminUnit.population_other), 0),
        )
    ).one()
    return {
        "town": session.execute(select(m.Town.name)).scalars().first(),
        "synthetic": bool(session.execute(select(m.Town.synthetic)).scalars().first()),
        "reference_date": ref.date().isoformat(),
        "reference_year": year,
        "villages": int(units.get(m.UnitKind.VILLAGE, 0)),
        "residential_committees": int(units.get(m.UnitKind.COMMITTEE, 0)),
        "population": {
            "total": int(pop[0] + pop[1] + pop[2]),
            "registered": int(pop[0]),
            "migrant": int(pop[1]),
        },
        "responsibility_grids": int(levels.get(m.GridLevel.RESPONSIBILITY, 0)),
        "management_grids": int(levels.get(m.GridLevel.MANAGEMENT, 0)),
        "key_points": {
            k: int(kinds.get(k, 0)) for k in ("shop", "enterprise", "river", "construction_site", "public_place")
        },
        "key_points_total": int(sum(kinds.values())),
        "active_qr_codes": _count(session, select(func.count()).where(m.KeyPoint.qr_active.is_(True))),
        "cameras": _count(session, select(func.count(m.Camera.id))),
        "departments": _count(
            session, select(func.count(m.Department.id)).where(m.Department.level == m.DepartmentLevel.TOWN)
        ),
        "district_departments": _count(
            session,
            select(func.count(m.Department.id)).where(m.Department.level == m.DepartmentLevel.DISTRICT),
        ),
        "grid_members": _count(session, select(func.count(m.GridMember.id)).where(m.GridMember.active.is_(True))),
        "categories": _count(session, select(func.count(m.Category.id)).where(m.Category.active.is_(True))),
        "cases_total": _count(session, select(func.count(m.Case.id))),
        "cases_first_half": this_h1,
        "cases_first_half_last_year": last_h1,
        "cases_first_half_change_pct": change,
        "hazard_reports": cases_between(session, date(year, 1, 1), date(year, 7, 1), hazard=True),
        "open_cases": _count(session, select(func.count(m.Case.id)).where(m.Case.state.in_(open_states))),
        "overdue_cases": _count(
            session,
            # the long-term register holds cases that cannot finish on time by nature
            select(func.count(m.Case.id)).where(
                m.Case.state.in_([s for s in open_states if s != m.CaseState.LONG_TERM]),
                m.Case.deadline_at < ref,
            ),
        ),
        "coverage": coverage(session),
    }


def load_map_data(session: Session) -> MapData:
    """Everything the map draws, in one round of queries."""
    ref = reference_time(session)
    data = MapData(now=ref)
    town = session.execute(select(m.Town)).scalars().first()
    if town is not None:
        data.town = GridFeature(town.id, GridLevel.TOWN, town.admin_code, town.name, town.geometry)
    unit_names = dict(session.execute(select(m.AdminUnit.id, m.AdminUnit.name)).all())
    live = (m.GridLevel.RESPONSIBILITY, m.GridLevel.MANAGEMENT)  # not "retired" grids (db/grid_models.py)
    for g in session.execute(select(m.Grid).where(m.Grid.level.in_(live)).order_by(m.Grid.code)).scalars():
        feat = GridFeature(
            g.id,
            GridLevel(g.level),
            g.code,
            g.name,
            g.geometry,
            g.parent_id,
            unit_names.get(g.admin_unit_id, ""),
        )
        if g.level == m.GridLevel.RESPONSIBILITY:
            data.responsibility_grids.append(feat)
        else:
            data.management_grids.append(feat)
    for k in session.execute(select(m.KeyPoint).order_by(m.KeyPoint.id)).scalars():
        data.key_points.append(
            PointFeature(k.id, k.kind, k.name, k.lon, k.lat, k.grid_id, k.qr_code, k.qr_active, k.line)
        )
    for c in session.execute(select(m.Camera).order_by(m.Camera.id)).scalars():
        data.cameras.append(PointFeature(c.id, "camera", c.name, c.lon, c.lat, c.grid_id))
    data.cases = open_cases(session)
    return data


def open_cases(session: Session) -> list[CaseFeature]:
    grid_codes = dict(session.execute(select(m.Grid.id, m.Grid.code)).all())
    dept_names = dict(session.execute(select(m.Department.id, m.Department.name)).all())
    rows = session.execute(
        select(m.Case, m.Category.name)
        .join(m.Category, m.Category.id == m.Case.category_id)
        .where(m.Case.state.in_([str(s) for s in m.OPEN_STATES]))
        .order_by(m.Case.reported_at.desc())
    ).all()
    return [
        CaseFeature(
            id=c.id,
            number=c.number,
            state=c.state,
            category_name=cat_name,
            lon=c.lon,
            lat=c.lat,
            grid_id=c.grid_id,
            reported_at=c.reported_at,
            deadline_at=c.deadline_at,
            urgent=c.urgent,
            level=c.level,
            source=c.source,
            department_name=dept_names.get(c.department_id, "") if c.department_id else "",
            grid_code=grid_codes.get(c.grid_id, "") if c.grid_id else "",
        )
        for c, cat_name in rows
    ]
