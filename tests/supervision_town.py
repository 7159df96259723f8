"""A tiny hand-made town for the supervision and statistics tests: every figure the tests
expect is computed by hand from the rows written here.

Two responsibility grids (R1, R2), each with one management grid (M1, M2), squares of
about 1 km near 121.20 E, 31.16 N; two town departments (T01, T02), an idle one (T03) and a
district one (Q01); three categories (one a hazard); two villages; a grid leader and two
members in R1; users of every role. The reference time is 2026-11-27 09:30.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from shapely.geometry import LineString, Polygon, box
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db import models as m
from db.migrate import upgrade
from db.ops import Actor
from db.session import make_engine, resolve_url

REFERENCE = datetime(2026, 11, 27, 9, 30)
SUPERVISOR = Actor(None, "supervisor1", "supervisor", "督查员 陈刚", "ws-test")
DUTY = Actor(None, "duty1", "duty_officer", "值班员 王海", "ws-test")
ADMIN = Actor(None, "admin", "admin", "管理员", "ws-test")

X0, Y0 = 121.20, 31.16
STEP = 0.01  # about 950 m east-west, 1100 m north-south


def square(i: int) -> Polygon:
    return box(X0 + i * STEP, Y0, X0 + (i + 1) * STEP, Y0 + STEP)


def inside(i: int, fx: float = 0.5, fy: float = 0.5) -> tuple[float, float]:
    return X0 + (i + fx) * STEP, Y0 + fy * STEP


def route_in(i: int) -> LineString:
    return LineString([inside(i, 0.2, 0.2), inside(i, 0.8, 0.2), inside(i, 0.8, 0.8)])


@dataclass
class Town:
    engine: Engine
    r1: int
    r2: int
    m1: int
    m2: int
    t01: int
    t02: int
    t03: int
    q01: int
    cat_a: int  # 市容, 8 working hours, T01
    cat_b: int  # 环境, T02
    cat_h: int  # hazard (消防隐患), T01
    u1: int
    u2: int
    leader: int  # grid leader of R1 (a member of M1)
    volunteer: int
    rep: int
    kp1: int  # a shop in M1


def build_town(url: str) -> Town:
    engine = make_engine(resolve_url(url))
    upgrade(engine)
    with Session(engine) as s, s.begin():
        s.add(m.Setting(key="reference_time", value=REFERENCE.isoformat(sep=" ")))
        t = m.Town(admin_code="310118106", name="测试镇", geometry=square(0).union(square(1)))
        t.set_bbox(t.geometry)
        s.add(t)
        s.flush()
        u1 = m.AdminUnit(town_id=t.id, kind="village", admin_code="310118106201", community_seq=1, name="一村")
        u2 = m.AdminUnit(town_id=t.id, kind="committee", admin_code="310118106001", community_seq=2, name="二居")
        s.add_all([u1, u2])
        deps = [
            m.Department(code="T01", name="城管中队", name_en="City management", level="town"),
            m.Department(code="T02", name="环卫所", name_en="Sanitation", level="town"),
            m.Department(code="T03", name="文体中心", name_en="Culture centre", level="town"),
            m.Department(code="Q01", name="区城管局", name_en="District city management", level="district"),
        ]
        s.add_all(deps)
        s.flush()
        grids: list[m.Grid] = []
        for i, unit in enumerate((u1, u2)):
            r = m.Grid(
                level="responsibility", code=f"3101181060{i + 1}R00", name=f"R{i + 1}网格",
                admin_unit_id=unit.id, geometry=square(i), area_m2=1.0e6,
            )
            r.set_bbox(r.geometry)
            s.add(r)
            s.flush()
            mg = m.Grid(
                level="management", code=f"3101181060{i + 1}R01", name=f"M{i + 1}小区", parent_id=r.id,
                admin_unit_id=unit.id, geometry=square(i), area_m2=1.0e6,
            )
            mg.set_bbox(mg.geometry)
            s.add(mg)
            s.flush()
            grids += [r, mg]
        cats = [
            m.Category(code="A01", major="市容", name="占道经营", name_en="Street vending", department_id=deps[0].id, time_limit_hours=8),
            m.Category(code="B01", major="环境", name="暴露垃圾", name_en="Exposed rubbish", department_id=deps[1].id, time_limit_hours=8),
            m.Category(code="H01", major="安全", name="消防隐患", name_en="Fire hazard", department_id=deps[0].id, time_limit_hours=8, hazard=True),
        ]
        s.add_all(cats)
        s.flush()
        members = [
            m.GridMember(name="张网格", team_role="group_leader", grid_id=grids[1].id, is_grid_leader=True),
            m.GridMember(name="李志愿", team_role="party_volunteer", grid_id=grids[1].id),
            m.GridMember(name="王代表", team_role="villager_rep", grid_id=grids[1].id),
            m.GridMember(name="赵网格", team_role="group_leader", grid_id=grids[3].id, is_grid_leader=True),
        ]
        s.add_all(members)
        x, y = inside(0, 0.3, 0.3)
        kp = m.KeyPoint(kind="shop", name="好运来超市", lon=x, lat=y, grid_id=grids[1].id, qr_code="ZXS000011")
        s.add(kp)
        s.flush()
        return Town(
            engine, grids[0].id, grids[2].id, grids[1].id, grids[3].id, deps[0].id, deps[1].id, deps[2].id,
            deps[3].id, cats[0].id, cats[1].id, cats[2].id, u1.id, u2.id, members[0].id, members[1].id,
            members[2].id, kp.id,
        )


_seq = [0]


def add_case(
    town: Town,
    reported: datetime,
    *,
    category: int | None = None,
    source: str = "patrol",
    state: str = "closed",
    department: int | None = None,
    dispatched: datetime | None = None,
    deadline: datetime | None = None,
    closed: datetime | None = None,
    rework: int = 0,
    grid: int | None = None,
    hazard: bool = False,
    key_point: int | None = None,
    events: tuple[str, ...] = (),
    merged_into: int | None = None,
) -> int:
    """Insert one case (and the events named) directly, as history."""
    _seq[0] += 1
    with Session(town.engine) as s, s.begin():
        lon, lat = inside(0)
        c = m.Case(
            number=f"T{reported:%Y%m%d}-{_seq[0]:05d}",
            category_id=category or town.cat_a,
            source=source,
            state=state,
            lon=lon,
            lat=lat,
            grid_id=grid if grid is not None else town.m1,
            key_point_id=key_point,
            department_id=department,
            reported_at=reported,
            registered_at=reported,
            dispatched_at=dispatched,
            deadline_at=deadline if deadline is not None else reported + timedelta(days=2),
            closed_at=closed,
            rework_count=rework,
            hazard=hazard,
            merged_into_id=merged_into,
            updated_at=reported,
        )
        s.add(c)
        s.flush()
        at = reported
        for kind in events:
            at += timedelta(minutes=5)
            s.add(m.CaseEvent(case_id=c.id, at=at, kind=kind, department_id=department))
        return c.id


def day(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi)


def as_date(v: Any) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v))
