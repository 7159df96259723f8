"""The console's read side (db/case_queries.py): queue counts against hand-computed
fixtures and against the small demo town, rows, sorting and filters, the case detail with
masked contact and timeline, suggestions, and duplicates within 250 m / 7 days."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest
from shapely.geometry import MultiPolygon, box
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db import case_queries as Q
from db import cases as C
from db import models as m
from db.migrate import upgrade
from db.ops import Actor
from db.session import make_engine, resolve_url
from gis.crs import project_xy

AT = datetime(2026, 11, 27, 10, 0)
S = m.CaseState


# ---------------------------------------------------------------- a tiny town, by hand


def tiny_town(url: str) -> tuple[Engine, dict[str, Any]]:
    """A migrated database with one town (a 2 x 1 km box), one responsibility grid split
    into two management grids, two departments, two categories, four users."""
    engine = make_engine(resolve_url(url))
    upgrade(engine)
    x0, y0 = 121.20, 31.15
    dx, dy = 0.02, 0.009  # about 1.9 km x 1 km
    outline = box(x0, y0, x0 + dx, y0 + dy)
    west, east = box(x0, y0, x0 + dx / 2, y0 + dy), box(x0 + dx / 2, y0, x0 + dx, y0 + dy)
    ids: dict[str, Any] = {}
    with Session(engine) as s, s.begin():
        town = m.Town(admin_code="310118106", name="测试镇", geometry=MultiPolygon([outline]))
        town.set_bbox(outline)
        s.add(town)
        s.flush()
        unit = m.AdminUnit(town_id=town.id, kind="committee", admin_code="310118106001", community_seq=1, name="一居")
        s.add(unit)
        s.flush()
        resp = m.Grid(level="responsibility", code="31011810601000", name="责任网格", admin_unit_id=unit.id,
                      geometry=outline, area_m2=1.0)
        resp.set_bbox(outline)
        s.add(resp)
        s.flush()
        grids = []
        for i, g in enumerate((west, east), start=1):
            grid = m.Grid(level="management", code=f"310118106010{i:02d}", name=f"管理网格{i}", parent_id=resp.id,
                          admin_unit_id=unit.id, geometry=g, area_m2=1.0)
            grid.set_bbox(g)
            s.add(grid)
            grids.append(grid)
        town_dept = m.Department(code="D01", name="城管中队", level="town")
        town_dept2 = m.Department(code="D02", name="市场所", level="town")
        district = m.Department(code="Q01", name="区房管局", level="district")
        s.add_all([town_dept, town_dept2, district])
        s.flush()
        normal = m.Category(code="0101", major="市容", name="暴露垃圾", time_limit_hours=8, dispatch_minutes=30,
                            urgent=False, department_id=town_dept.id, default_level=2)
        urgent = m.Category(code="0301", major="设施", name="窨井盖缺失", time_limit_hours=4, dispatch_minutes=10,
                            urgent=True, department_id=town_dept2.id, default_level=2)
        s.add_all([normal, urgent])
        users = {}
        for username, role, dept in (
            ("duty1", "duty_officer", None), ("duty2", "duty_officer", None),
            ("liaison1", "department_liaison", town_dept), ("supervisor1", "supervisor", None),
        ):
            u = m.User(username=username, display_name=f"{username} 名", role=role,
                       department_id=dept.id if dept else None, created_at=AT)
            s.add(u)
            users[username] = u
        s.flush()
        ids.update(
            town=town.id, resp=resp.id, west=grids[0].id, east=grids[1].id, dept=town_dept.id,
            dept2=town_dept2.id, district=district.id, normal=normal.id, urgent=urgent.id,
            users={k: v.id for k, v in users.items()},
            west_pt=(x0 + dx / 4, y0 + dy / 2), east_pt=(x0 + 3 * dx / 4, y0 + dy / 2),
        )
    return engine, ids


def add_case(engine: Engine, ids: dict[str, Any], number: str, state: str, **kw: Any) -> int:
    grid = kw.pop("grid", "west")
    lon, lat = ids[f"{grid}_pt"] if grid else (121.0, 31.0)
    values: dict[str, Any] = {
        "number": number, "category_id": ids["normal"], "source": "patrol", "state": state,
        "level": 2, "urgent": False, "lon": lon, "lat": lat,
        "grid_id": ids[grid] if grid else None, "reported_at": AT - timedelta(hours=1),
        "deadline_at": AT + timedelta(hours=5), "updated_at": AT, "version": 1,
    }
    values.update(kw)
    with Session(engine) as s, s.begin():
        c = m.Case(**values)
        s.add(c)
        s.flush()
        return c.id


@pytest.fixture
def tiny(db_url: str) -> Any:
    engine, ids = tiny_town(db_url)
    h = AT - timedelta(hours=1)
    case_ids = {
        "c1": add_case(engine, ids, "T-01", "reported", urgent=True, reported_at=AT - timedelta(minutes=5),
                       deadline_at=AT + timedelta(hours=1), category_id=ids["urgent"]),
        "c2": add_case(engine, ids, "T-02", "reported", reported_at=datetime(2026, 11, 26, 8, 0),
                       deadline_at=AT - timedelta(hours=1), source="hotline"),
        "c3": add_case(engine, ids, "T-03", "to_dispatch", grid="east", deadline_at=AT + timedelta(hours=5)),
        "c4": add_case(engine, ids, "T-04", "dispatched", deadline_at=AT - timedelta(hours=2), department_id=ids["dept"]),
        "c5": add_case(engine, ids, "T-05", "dispatched", grid="east", deadline_at=AT + timedelta(hours=10),
                       department_id=ids["dept2"], reported_at=h - timedelta(days=3)),
        "c6": add_case(engine, ids, "T-06", "feedback", deadline_at=AT - timedelta(days=1), level=1),
        "c7": add_case(engine, ids, "T-07", "escalated", grid=None, deadline_at=AT + timedelta(days=1), level=3,
                       department_id=ids["district"]),
        "c8": add_case(engine, ids, "T-08", "police", grid="east", deadline_at=AT - timedelta(minutes=10), police=True),
        "c9": add_case(engine, ids, "T-09", "returned", grid="east", deadline_at=AT + timedelta(hours=1),
                       department_id=ids["dept"]),
        "c10": add_case(engine, ids, "T-10", "long_term", deadline_at=AT - timedelta(days=30)),
        "c11": add_case(engine, ids, "T-11", "closed", deadline_at=AT - timedelta(days=1)),
        "c12": add_case(engine, ids, "T-12", "rejected", deadline_at=AT - timedelta(days=1)),
    }
    yield engine, ids, case_ids
    engine.dispose()


def test_queue_counts_hand_computed(tiny: Any) -> None:
    engine, ids, _ = tiny
    with Session(engine) as s:
        counts = Q.queue_counts(s, at=AT)
        assert counts == {
            "reported": 2, "to_dispatch": 1, "dispatched": 2, "feedback": 1, "overdue": 4,
            "escalated": 1, "police": 1, "returned": 1, "long_term": 1,
        }
        # filters narrow the counts too
        west = Q.queue_counts(s, at=AT, filters=Q.CaseFilter(grid_ids=(ids["west"],)))
        assert west["reported"] == 2 and west["dispatched"] == 1 and west["overdue"] == 3  # c2, c4, c6
        assert west["police"] == 0 and west["escalated"] == 0
        whole = Q.queue_counts(s, at=AT, filters=Q.CaseFilter(grid_ids=(ids["resp"],)))  # both children
        assert sum(whole[q] for q in ("reported", "to_dispatch", "dispatched", "feedback", "police", "returned", "long_term")) == 9
        assert Q.queue_counts(s, at=AT, filters=Q.CaseFilter(sources=("hotline",)))["reported"] == 1
        assert Q.queue_counts(s, at=AT, filters=Q.CaseFilter(department_ids=(ids["dept"],)))["returned"] == 1
        assert Q.queue_counts(s, at=AT, filters=Q.CaseFilter(levels=(3,)))["escalated"] == 1
        old = Q.queue_counts(s, at=AT, filters=Q.CaseFilter(min_age=timedelta(days=1)))
        assert old["reported"] == 1 and old["dispatched"] == 1  # c2 and c5
        assert Q.queue_counts(s, at=AT, filters=Q.CaseFilter(max_age=timedelta(minutes=30)))["reported"] == 1
        # time moves on: at AT + 2 h, c1 (urgent, +1 h) and c9 (+1 h) are overdue as well
        assert Q.queue_counts(s, at=AT + timedelta(hours=2))["overdue"] == 6
        overdue = Q.queue_rows(s, "overdue", at=AT, sort="deadline_at")
        assert [r.number for r in overdue] == ["T-06", "T-04", "T-02", "T-08"]
        assert all(r.deadline_status == "red" for r in overdue)


def test_queue_rows_are_plain_rows_sorted_and_filtered(tiny: Any) -> None:
    engine, _, c = tiny
    with Session(engine) as s:
        rows = Q.queue_rows(s, "reported", at=AT)
        assert [r.number for r in rows] == ["T-01", "T-02"]  # urgent first
        r = rows[0]
        assert type(r) is Q.QueueRow and dataclasses.is_dataclass(r)
        assert r.category_code == "0301" and r.grid_code == "31011810601001" and r.grid_name == "管理网格1"
        assert r.urgent and r.version == 1 and r.claimed_by is None and r.dispatch_due_at == r.reported_at + timedelta(minutes=10)
        assert r.dispatch_overdue is False and rows[1].dispatch_overdue is True  # T-02: reported yesterday
        assert [x.number for x in Q.queue_rows(s, "reported", at=AT, sort="reported_at")] == ["T-02", "T-01"]
        assert [x.number for x in Q.queue_rows(s, "reported", at=AT, sort="age", descending=True)] == ["T-01", "T-02"]
        disp = Q.queue_rows(s, "dispatched", at=AT, sort="department")
        assert [x.department_name for x in disp] == ["城管中队", "市场所"]
        for key in Q.SORT_KEYS:
            for desc in (False, True):
                assert len(Q.queue_rows(s, "dispatched", at=AT, sort=key, descending=desc)) == 2
        with pytest.raises(ValueError):
            Q.queue_rows(s, "dispatched", sort="colour")
        assert [x.number for x in Q.queue_rows(s, "reported", at=AT, limit=1, offset=1)] == ["T-02"]
        assert [x.number for x in Q.queue_rows(s, "escalated", at=AT)] == ["T-07"]
        assert Q.queue_rows(s, "escalated", at=AT)[0].grid_code == ""  # no grid: outer join
        assert [x.number for x in Q.queue_rows(s, "dispatched", at=AT, filters=Q.CaseFilter(number="05"))] == ["T-05"]
        snap = Q.queue_snapshot(s, "police", at=AT)
        assert snap.counts["police"] == 1 and [x.number for x in snap.rows] == ["T-08"]
        assert [x.id for x in Q.cases_by_ids(s, {c["c3"], c["c1"]}, at=AT)] == sorted([c["c3"], c["c1"]])


def test_deadline_status() -> None:
    start = datetime(2026, 11, 27, 8, 0)
    deadline = start + timedelta(hours=8)
    assert Q.deadline_status(start, deadline, start + timedelta(hours=5)) == "ok"
    assert Q.deadline_status(start, deadline, start + timedelta(hours=6)) == "amber"  # last quarter
    assert Q.deadline_status(start, deadline, deadline) == "red"
    assert Q.deadline_status(start, None, start) == "none"


def test_locate_points(tiny: Any) -> None:
    engine, ids, _ = tiny
    with Session(engine) as s:
        loc = Q.locate(s, *ids["east_pt"])
        assert loc.inside_town and loc.grid_id == ids["east"] and loc.grid_name == "管理网格2"
        out = Q.locate(s, 121.5, 31.5)
        assert not out.inside_town and out.grid_id is None


def test_detail_masks_contact_and_shows_the_timeline(tiny: Any) -> None:
    engine, ids, _ = tiny
    duty = Actor(ids["users"]["duty1"], "duty1", "duty_officer", "duty1 名", "ws-7")
    out = C.report(
        engine, duty, source="hotline", category_id=ids["normal"], lon=ids["west_pt"][0], lat=ids["west_pt"][1],
        description="居民来电 13812345678 反映", reporter_name="张三", reporter_phone="13812345678",
    )
    with Session(engine) as s:
        v = Q.case_detail(s, out.case_id)
        assert v is not None
        C.perform(engine, duty, C.register_case, out.case_id, v.version, note="核实属实，电话13812345678")
    with Session(engine) as s:
        d = Q.case_detail(s, out.case_id, at=AT)
        assert d is not None
        assert d.reporter_name == "张*" and d.reporter_phone == "138****5678" and d.has_contact
        assert "13812345678" not in d.description and "138****5678" in d.description
        assert d.grid_id == ids["west"] and d.responsibility_grid_name == "责任网格"
        assert d.category_code == "0101" and d.time_limit_hours == 8 and d.default_department_id == ids["dept"]
        assert [e.kind for e in d.timeline] == ["report", "register"]
        assert all(e.actor_name == "duty1 名" and e.workstation == "ws-7" for e in d.timeline)
        assert "13812345678" not in d.timeline[1].note
        assert d.claimed_by_name == "duty1 名"
        assert Q.case_detail(s, 999_999) is None


def test_suggestions_start_with_the_category_default(tiny: Any) -> None:
    engine, ids, c = tiny
    # history: dept2 handled this category in the west grid twice
    for n in range(2):
        add_case(engine, ids, f"H-{n}", "closed", department_id=ids["dept2"], reported_at=AT - timedelta(days=10 + n))
    with Session(engine) as s:
        sug = Q.suggest_departments(s, c["c2"], at=AT)
        assert [x.department_id for x in sug] == [ids["dept"], ids["dept2"]]
        assert sug[0].reason == "category_default" and sug[1].reason == "grid_history" and sug[1].cases == 2
        assert [d.code for d in Q.list_departments(s, "district")] == ["Q01"]
        assert [x.code for x in Q.list_categories(s)] == ["0101", "0301"]


# ---------------------------------------------------------------- duplicates


def _offset(lon: float, lat: float, east_m: float, north_m: float = 0.0) -> tuple[float, float]:
    x, y = project_xy(np.array([lon]), np.array([lat]), 4490, 4549)
    lo, la = project_xy(x + east_m, y + north_m, 4549, 4490)
    return float(lo[0]), float(la[0])


def test_duplicates_within_250_m_and_7_days(tiny: Any) -> None:
    engine, ids, _ = tiny
    # 350 m north of the fixture's cases, which are far enough away not to count
    lon, lat = _offset(*ids["west_pt"], 0.0, 350.0)
    base = add_case(engine, ids, "D-00", "reported", reported_at=AT, lon=lon, lat=lat)

    def near(number: str, east_m: float, **kw: Any) -> int:
        lo, la = _offset(lon, lat, east_m)
        return add_case(engine, ids, number, kw.pop("state", "to_dispatch"), lon=lo, lat=la, **kw)

    inside = {
        near("D-01", 100),
        near("D-02", 240, reported_at=AT - timedelta(days=6)),
        near("D-03", -200, state="closed", reported_at=AT + timedelta(days=2)),
    }
    near("D-04", 260)  # too far
    near("D-05", 50, reported_at=AT - timedelta(days=8))  # too old
    near("D-06", 10, category_id=ids["urgent"])  # another category
    near("D-07", 10, state="rejected")  # rejected reports are no duplicates
    with Session(engine) as s:
        found = Q.possible_duplicates(s, base)
        assert {d.id for d in found} == inside
        assert [d.number for d in found] == ["D-01", "D-03", "D-02"]  # nearest first
        assert abs(found[0].distance_m - 100) < 0.5 and abs(found[2].distance_m - 240) < 0.5
        detail = Q.case_detail(s, base, at=AT)
        assert detail is not None and {d.id for d in detail.duplicates} == inside
        assert len(Q.possible_duplicates(s, base, radius_m=150)) == 1


# ---------------------------------------------------------------- against the demo town


def test_queue_counts_match_the_records_on_the_demo_town(small_demo_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_url))
    at = datetime(2026, 11, 27, 9, 30)
    with Session(engine) as s:
        rows = s.execute(select(m.Case.state, m.Case.deadline_at, m.Case.grid_id, m.Case.source)).all()
        expected = Counter(st for st, *_ in rows if st in Q.OPEN_STATE_VALUES)
        overdue = sum(1 for st, dl, *_ in rows if st in Q.OVERDUE_STATE_VALUES and dl is not None and dl < at)
        counts = Q.queue_counts(s, at=at)
        for q in Q.Queue:
            want = overdue if q == Q.Queue.OVERDUE else expected.get(q.value, 0)
            assert counts[q.value] == want, q
            assert len(Q.queue_rows(s, q, at=at, limit=10_000)) == want
        assert 100 < sum(expected.values()) < 400 and overdue > 0
        grid = next(g for st, _, g, _ in rows if st == "dispatched" and g is not None)
        f = Q.CaseFilter(grid_ids=(grid,), sources=("patrol", "hotline"))
        n = sum(1 for st, _, g, src in rows if st == "dispatched" and g == grid and src in ("patrol", "hotline"))
        assert Q.queue_counts(s, at=at, filters=f)["dispatched"] == n
        assert all(r.grid_id == grid for r in Q.queue_rows(s, "dispatched", at=at, filters=f))
        some = Q.queue_rows(s, "dispatched", at=at, limit=1)[0]
        detail = Q.case_detail(s, some.id, at=at)
        assert detail is not None and detail.timeline and detail.timeline[0].kind == "report"
        assert detail.timeline[-1].actor_name  # demo events name their actor through the user
    engine.dispose()
