"""The demo town: a deterministic, clearly synthetic Zhaoxiang that reproduces the numbers in
shared/DOMAIN.md (29 + 149 grids tiling 40.47 km², 451 key points, 95 active QR codes,
700 cameras, 37 departments, 685 grid members, 240 categories, and a case history whose
first half of the reference year has 25,442 cases, 14.47% fewer than a year before, 93 of
them professional hazard reports).

Geometry comes from gis/synth.py; names and the checklist from resources/demo/*.json.
The same seed and reference date always give the same database.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from sqlalchemy import Connection, Engine, delete, insert, inspect, text
from sqlalchemy.orm import Session

from db import models as m
from db.clock import now as town_now
from db.migrate import upgrade
from db.worktime import add_working_hours
from gis.crs import project_xy
from gis.gridcode import make_management_code, make_responsibility_code
from gis.synth import SynthTown, build_town

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "demo"
DEFAULT_SEED = 20260101
COUNTY_CODE = "310118"  # Qingpu district
TOWN_CODE = "106"  # synthetic town code (GB/T 10114: 1xx = town)

CASES_FIRST_HALF = 25_442
CHANGE_PCT = -14.47
HAZARD_REPORTS_FIRST_HALF = 93
N_GRID_MEMBERS = 685
ACTIVE_QR = {"shop": 58, "river": 20, "enterprise": 12, "construction_site": 3, "public_place": 2}  # = 95

SOURCE_SHARES = {
    m.CaseSource.PATROL: 0.52,
    m.CaseSource.HOTLINE: 0.20,
    m.CaseSource.CAMERA: 0.12,
    m.CaseSource.CITIZEN_QR: 0.08,
    m.CaseSource.INSPECTION: 0.05,
    m.CaseSource.DEPARTMENT: 0.03,
}

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DemoReport:
    reference: datetime
    seed: int
    cases: int
    events: int
    open_cases: int
    seconds: float


def reference_half_year(reference: date) -> int:
    """The year whose first half (Jan-Jun) the figures compare: the latest complete one."""
    return reference.year if reference >= date(reference.year, 7, 1) else reference.year - 1


def last_year_count() -> int:
    """Cases in the first half of the year before, so that the change rounds to -14.47%."""
    n = round(CASES_FIRST_HALF / (1 + CHANGE_PCT / 100))
    for cand in (n, n - 1, n + 1, n - 2, n + 2):
        if round((CASES_FIRST_HALF - cand) / cand * 100, 2) == CHANGE_PCT:
            return cand
    raise AssertionError("no whole number of cases gives the target change")


def _load(name: str) -> Any:
    return json.loads((RESOURCES / name).read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------- people


class _Names:
    def __init__(self, rng: np.random.Generator, places: dict[str, Any]) -> None:
        self.rng = rng
        surnames = places["surnames"]
        self.surnames = [s[0] for s in surnames]
        w = np.array([float(s[1]) for s in surnames])
        self.weights = w / w.sum()
        self.given = places["given_chars"]
        self.used_phones: set[str] = set()

    def person(self) -> str:
        s = self.surnames[int(self.rng.choice(len(self.surnames), p=self.weights))]
        k = 1 if self.rng.random() < 0.25 else 2
        return s + "".join(self.given[int(i)] for i in self.rng.integers(0, len(self.given), k))

    def phone(self) -> str:
        while True:
            p = "1" + str(self.rng.choice(["3", "5", "7", "8", "9"])) + "".join(
                str(d) for d in self.rng.integers(0, 10, 9)
            )
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p


def _qr_code(kind: str, seq: int) -> str:
    """ZX + kind letter + 5-digit sequence + a Luhn check digit, e.g. ZXS003271."""
    letter = {"shop": "S", "enterprise": "E", "river": "R", "construction_site": "C", "public_place": "P"}[kind]
    digits = f"{seq:05d}"
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return f"ZX{letter}{digits}{(10 - total % 10) % 10}"


# ---------------------------------------------------------------------------- the build


def reset_database(engine: Engine) -> None:
    """Drop every GridDesk table (and Alembic's bookkeeping) so the demo can be rebuilt."""
    from db.schema import metadata

    metadata.drop_all(engine)
    with engine.begin() as conn:
        if inspect(conn).has_table("alembic_version"):
            conn.execute(text("DROP TABLE alembic_version"))


def has_data(engine: Engine) -> bool:
    insp = inspect(engine)
    if not insp.has_table("grids"):
        return False
    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT count(*) FROM grids")).scalar())


def build_demo(
    engine: Engine,
    *,
    reference: datetime | None = None,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    history_days: int | None = None,
) -> DemoReport:
    """Create the demo town in an empty (or freshly migrated) database.

    `history_days` keeps only the last N days of the case history (the open cases stay the
    same): a small, fast town for tests that do not need the yearly figures."""
    import time as _time

    t0 = _time.perf_counter()
    say = progress or (lambda _msg: None)
    reference = (reference or town_now()).replace(microsecond=0)
    rng = np.random.default_rng(seed)

    upgrade(engine)
    if has_data(engine):
        raise RuntimeError("the database already holds data; rebuild it with --reset")

    say("generating the town geometry")
    town = build_town(seed)
    deps = _load("departments.json")
    cats = _load("categories.json")
    units_ref = _load("admin_units.json")
    places = _load("places.json")
    names = _Names(rng, places)

    # One transaction: a build that fails half-way leaves the database as it was.
    with engine.begin() as conn, Session(bind=conn) as session:
        say("writing the town, units, departments and grids")
        ids = _write_reference(session, town, deps, cats, units_ref, places, names, reference, seed, rng)
        say("writing key points, cameras and grid members")
        _write_points(session, town, ids, places, names, rng)
        _write_members(session, town, ids, names, rng)
        _write_users(session, ids, reference)
        session.flush()
        say("writing the case history")
        n_cases, n_events, n_open = _write_cases(
            conn, town, ids, cats, places, names, reference, rng, say, history_days
        )
        say("writing joint on-site and regular meetings")
        from db.meetings_demo import write_demo_meetings

        write_demo_meetings(session, reference)
        say("writing patrols, inspections and ratings")
        from db.supervision_demo import build_supervision_demo

        build_supervision_demo(session, ids, reference, rng)
    return DemoReport(reference, seed, n_cases, n_events, n_open, _time.perf_counter() - t0)


@dataclass
class _Ids:
    town: int
    units: list[int]
    dept_by_code: dict[str, int]
    dept_kind: dict[str, list[int]]
    district_by_kind: dict[str, list[int]]
    resp: list[int]
    mgmt: list[int]
    cat_ids: list[int]
    key_points: list[tuple[int, str, float, float, int, bool]]  # id, kind, x, y, grid idx, qr
    users: dict[str, int]


def _write_reference(
    session: Session,
    town: SynthTown,
    deps: dict[str, Any],
    cats: list[dict[str, Any]],
    units_ref: dict[str, Any],
    places: dict[str, Any],
    names: _Names,
    reference: datetime,
    seed: int,
    rng: np.random.Generator,
) -> _Ids:
    settings = {
        "town_code": COUNTY_CODE + TOWN_CODE,
        "demo": "1",
        "demo_seed": str(seed),
        "reference_date": reference.date().isoformat(),
        "reference_time": reference.isoformat(sep=" "),
        "synthetic_notice": "演示数据为合成数据，不代表赵巷镇真实情况 / Demo data are synthetic.",
    }
    session.add_all(m.Setting(key=k, value=v) for k, v in settings.items())

    t = m.Town(
        admin_code=COUNTY_CODE + TOWN_CODE,
        name="赵巷镇（演示）",
        name_en="Zhaoxiang Town (demo)",
        district="青浦区",
        synthetic=True,
        geometry=town.outline,
    )
    t.set_bbox(town.outline)
    session.add(t)

    dept_by_code: dict[str, int] = {}
    dept_kind: dict[str, list[int]] = {}
    district_by_kind: dict[str, list[int]] = {}
    for level, key in ((m.DepartmentLevel.TOWN, "town"), (m.DepartmentLevel.DISTRICT, "district")):
        for d in deps[key]:
            dept = m.Department(code=d["code"], name=d["name"], name_en=d["name_en"], kind=d["kind"], level=level)
            session.add(dept)
            session.flush()
            dept_by_code[d["code"]] = dept.id
            target = dept_kind if level == m.DepartmentLevel.TOWN else district_by_kind
            target.setdefault(d["kind"], []).append(dept.id)
    session.flush()

    # administrative units in the order gis.synth made them: 17 committees then 8 villages
    committees = list(units_ref["committees"])
    villages = list(units_ref["villages"])
    unit_ids: list[int] = []
    unit_rows: list[m.AdminUnit] = []
    for i, u in enumerate(town.units):
        ref = committees.pop(0) if u["kind"] == "committee" else villages.pop(0)
        unit_row = m.AdminUnit(
            town_id=t.id,
            kind=m.UnitKind.COMMITTEE if u["kind"] == "committee" else m.UnitKind.VILLAGE,
            admin_code=COUNTY_CODE + TOWN_CODE + ref["code"],
            community_seq=i + 1,
            name=ref["name"],
            name_en=ref.get("name_en", ""),
            population_registered=ref["population_registered"],
            population_migrant=ref["population_migrant"],
            population_other=ref.get("population_other", 0),
        )
        session.add(unit_row)
        unit_rows.append(unit_row)
    session.flush()
    unit_ids = [u.id for u in unit_rows]

    governance: int | None = next(
        iter(dept_kind.get("comprehensive_governance") or dept_kind.get("city_management") or []), None
    )
    valid_from = date(reference.year, 1, 1)
    resp_ids: list[int] = [0] * len(town.responsibility)
    resp_codes: list[str] = [""] * len(town.responsibility)
    cn_num = "一二三四五六七八九"
    for u_i, u in enumerate(town.units):
        unit = unit_rows[u_i]
        for k, r in enumerate(u["grids"], start=1):
            g = town.responsibility[r]
            code = make_responsibility_code(COUNTY_CODE, TOWN_CODE, u_i + 1, k)
            label = unit.name if len(u["grids"]) == 1 else f"{unit.name}第{cn_num[k - 1]}网格"
            row = m.Grid(
                level=m.GridLevel.RESPONSIBILITY,
                code=code,
                name=label if len(u["grids"]) > 1 else f"{unit.name}网格",
                admin_unit_id=unit.id,
                department_id=governance,
                geometry=g.geometry,
                area_m2=g.geometry_m.area,
                valid_from=valid_from,
            )
            row.set_bbox(g.geometry)
            session.add(row)
            session.flush()
            resp_ids[r] = row.id
            resp_codes[r] = code

    compounds = list(places["compounds"])
    mgmt_ids: list[int] = [0] * len(town.management)
    seq_in_parent: dict[int, int] = {}
    group_no: dict[int, int] = {}
    for g in town.management:
        assert g.parent is not None
        seq = seq_in_parent.get(g.parent, 0) + 1
        seq_in_parent[g.parent] = seq
        unit = unit_rows[g.unit]
        if unit.kind == m.UnitKind.COMMITTEE:
            name = compounds.pop(0)
        else:
            n = group_no.get(g.unit, 0) + 1
            group_no[g.unit] = n
            name = f"{unit.name.removesuffix('村')}村第{n}村民小组"
        row = m.Grid(
            level=m.GridLevel.MANAGEMENT,
            code=make_management_code(resp_codes[g.parent], seq),
            name=name,
            parent_id=resp_ids[g.parent],
            admin_unit_id=unit.id,
            geometry=g.geometry,
            area_m2=g.geometry_m.area,
            valid_from=valid_from,
        )
        row.set_bbox(g.geometry)
        session.add(row)
        session.flush()
        mgmt_ids[g.index] = row.id

    cat_ids: list[int] = []
    for c in cats:
        cat = m.Category(
            code=c["code"],
            major=c["major"],
            major_en=c.get("major_en", ""),
            name=c["name"],
            name_en=c.get("name_en", ""),
            police=bool(c["police"]),
            department_id=dept_by_code.get(c["department"]),
            time_limit_hours=int(c["time_limit_hours"]),
            dispatch_minutes=int(c.get("dispatch_minutes", 30)),
            urgent=bool(c.get("urgent", False)),
            default_level=int(c.get("level", 2)),
            hazard=bool(c.get("hazard", False)),
        )
        session.add(cat)
        session.flush()
        cat_ids.append(cat.id)

    return _Ids(
        town=t.id,
        units=unit_ids,
        dept_by_code=dept_by_code,
        dept_kind=dept_kind,
        district_by_kind=district_by_kind,
        resp=resp_ids,
        mgmt=mgmt_ids,
        cat_ids=cat_ids,
        key_points=[],
        users={},
    )


def _dept(ids: _Ids, *kinds: str) -> int | None:
    for k in kinds:
        if ids.dept_kind.get(k):
            return ids.dept_kind[k][0]
    return None


def _write_points(
    session: Session, town: SynthTown, ids: _Ids, places: dict[str, Any], names: _Names, rng: np.random.Generator
) -> None:
    shop_types = places["shop_types"]
    prefixes = places["shop_prefixes"]
    roads = places["roads"]
    enterprises = list(places["enterprises"])
    rivers = list(places["rivers"])
    sites = list(places["construction_sites"])
    dept_for = {
        "shop": _dept(ids, "market_regulation"),
        "enterprise": _dept(ids, "safety", "market_regulation"),
        "river": _dept(ids, "water", "environment"),
        "construction_site": _dept(ids, "planning_construction", "housing"),
        "public_place": _dept(ids, "comprehensive_governance", "city_management"),
    }
    # which key points already have their QR placard in use: spread over the town
    by_kind: dict[str, list[int]] = {}
    for i, p in enumerate(town.key_points):
        by_kind.setdefault(p.kind, []).append(i)
    active: set[int] = set()
    for kind, n in ACTIVE_QR.items():
        pool = by_kind[kind]
        active.update(int(pool[j]) for j in rng.choice(len(pool), size=n, replace=False))

    seq = dict.fromkeys(ACTIVE_QR, 0)
    compounds = list(places["compounds"])
    public_kinds = ["农贸市场", "小学周边", "幼儿园周边", "公交枢纽站", "社区公园", "文化活动中心", "社区卫生服务站", "养老院"]
    used_names: set[str] = set()
    rows = []
    for i, p in enumerate(town.key_points):
        seq[p.kind] += 1
        road = roads[int(rng.integers(0, len(roads)))]
        address = f"{road}{int(rng.integers(1, 1200))}号"
        if p.kind == "shop":
            while True:
                st = shop_types[int(rng.integers(0, len(shop_types)))]
                name = f"{prefixes[int(rng.integers(0, len(prefixes)))]}{st['zh']}"
                if name not in used_names:
                    break
                name = f"{name}（{road}店）"
                if name not in used_names:
                    break
        elif p.kind == "enterprise":
            name = enterprises.pop(0)
        elif p.kind == "river":
            name = rivers.pop(0)
            address = "河道"
        elif p.kind == "construction_site":
            name = sites.pop(0)
        else:  # public places the article's total of 451 includes beyond the four named kinds
            j = seq[p.kind] - 1
            name = f"{compounds[(j * 7) % len(compounds)].rstrip('小区')}{public_kinds[j % len(public_kinds)]}"
        used_names.add(name)
        rows.append(
            {
                "kind": p.kind,
                "name": name,
                "address": address,
                "lon": p.lon,
                "lat": p.lat,
                "line": p.line,
                "grid_id": ids.mgmt[p.grid],
                "department_id": dept_for[p.kind],
                "qr_code": _qr_code(p.kind, seq[p.kind]),
                "qr_active": i in active,
                "version": 1,
            }
        )
    session.execute(insert(m.KeyPoint), rows)
    kp = session.execute(
        text("SELECT id, kind, lon, lat, grid_id, qr_active FROM key_points ORDER BY id")
    ).all()
    grid_index = {gid: i for i, gid in enumerate(ids.mgmt)}
    xs, ys = project_xy(np.array([r[2] for r in kp]), np.array([r[3] for r in kp]))
    ids.key_points = [
        (int(r[0]), str(r[1]), float(x), float(y), grid_index[int(r[4])], bool(r[5]))
        for r, x, y in zip(kp, xs, ys, strict=True)
    ]

    unit_centre = {}
    for u_i, _u in enumerate(town.units):
        unit_centre[u_i] = f"{u_i + 1:02d}"
    cam_rows = []
    compounds_by_grid = {g.index: g for g in town.management}
    for i, c in enumerate(town.cameras, start=1):
        road = roads[int(rng.integers(0, len(roads)))]
        g = compounds_by_grid[c.grid]
        cam_rows.append(
            {
                "code": f"ZXV{i:04d}",
                "name": f"{road}{['路口', '沿线', '出入口', '广场', '桥头'][i % 5]}-{i % 97 + 1:02d}",
                "lon": c.lon,
                "lat": c.lat,
                "grid_id": ids.mgmt[c.grid],
                "centre": f"治理中心{unit_centre[g.unit]}",
                "online": bool(rng.random() > 0.03),
            }
        )
    session.execute(insert(m.Camera), cam_rows)


def _write_members(session: Session, town: SynthTown, ids: _Ids, names: _Names, rng: np.random.Generator) -> None:
    rows: list[dict[str, Any]] = []

    def add(grid_id: int, role: m.TeamRole, **kw: Any) -> None:
        rows.append(
            {
                "name": names.person(),
                "phone": names.phone(),
                "team_role": role,
                "grid_id": grid_id,
                "is_grid_leader": kw.get("leader", False),
                "party_member": kw.get("party", False),
                "department_id": kw.get("department"),
                "active": True,
            }
        )

    # 1 + 2 in every management grid; the first group leader of each responsibility grid is
    # its grid leader (网格长), who leads the twice-daily patrols.
    first_of_parent: set[int] = set()
    for g in town.management:
        assert g.parent is not None
        leader = g.parent not in first_of_parent
        first_of_parent.add(g.parent)
        add(ids.mgmt[g.index], m.TeamRole.GROUP_LEADER, leader=leader, party=bool(rng.random() < 0.7))
        add(ids.mgmt[g.index], m.TeamRole.PARTY_VOLUNTEER, party=True)
        add(ids.mgmt[g.index], m.TeamRole.PARTY_VOLUNTEER, party=True)
    # X: community police, city management and market regulation for each responsibility grid
    enforcement = [_dept(ids, "police"), _dept(ids, "city_management"), _dept(ids, "market_regulation")]
    for r in range(len(town.responsibility)):
        for d in enforcement:
            add(ids.resp[r], m.TeamRole.ENFORCEMENT, department=d)
    # 3: villager representatives, village groups first, until the town's 685 members
    village_grids = [g for g in town.management if not g.urban]
    urban_grids = [g for g in town.management if g.urban]
    order = [g for _ in range(3) for g in village_grids] + urban_grids * 3
    for g in order:
        if len(rows) >= N_GRID_MEMBERS:
            break
        add(ids.mgmt[g.index], m.TeamRole.VILLAGER_REP, party=bool(rng.random() < 0.2))
    if len(rows) != N_GRID_MEMBERS:
        raise AssertionError(f"made {len(rows)} grid members")
    session.execute(insert(m.GridMember), rows)
    # the grid's responsible person is shown on the map: the group leader
    leaders = session.execute(
        text("SELECT grid_id, name, phone FROM grid_members WHERE team_role = 'group_leader'")
    ).all()
    for grid_id, name, phone in leaders:
        session.execute(
            text("UPDATE grids SET leader_name = :n, leader_phone = :p WHERE id = :g"),
            {"n": name, "p": phone, "g": grid_id},
        )
    resp_leaders = session.execute(
        text(
            "SELECT g.parent_id, m.name, m.phone FROM grid_members m JOIN grids g ON g.id = m.grid_id "
            "WHERE m.is_grid_leader"
        )
    ).all()
    for parent_id, name, phone in resp_leaders:
        session.execute(
            text("UPDATE grids SET leader_name = :n, leader_phone = :p WHERE id = :g"),
            {"n": name, "p": phone, "g": parent_id},
        )


DEMO_USERS = [
    ("duty1", "值班员 王海", m.Role.DUTY_OFFICER),
    ("duty2", "值班员 李静", m.Role.DUTY_OFFICER),
    ("supervisor1", "督查员 陈刚", m.Role.SUPERVISOR),
    ("editor1", "网格编辑员 周丽", m.Role.MAP_EDITOR),
    ("liaison1", "部门联络员 吴强", m.Role.DEPARTMENT_LIAISON),
    ("admin", "系统管理员", m.Role.ADMIN),
]


def _write_users(session: Session, ids: _Ids, reference: datetime) -> None:
    # Documented demo passwords (README "Demo accounts"): usable while security.demo_sign_in
    # is "1", to be changed on first real use (db/auth.py).
    from db.auth import DEMO_PASSWORDS, DEMO_SIGN_IN_KEY, hash_password

    session.add(m.Setting(key=DEMO_SIGN_IN_KEY, value="1"))
    city = _dept(ids, "city_management")
    for username, display, role in DEMO_USERS:
        u = m.User(
            username=username,
            display_name=display,
            role=role,
            department_id=city if role == m.Role.DEPARTMENT_LIAISON else None,
            password_hash=hash_password(DEMO_PASSWORDS[username]),
            must_change_password=True,
            demo_account=True,
            password_changed_at=reference,
            created_at=reference,
        )
        session.add(u)
        session.flush()
        ids.users[username] = u.id


# ---------------------------------------------------------------------------- cases


def _allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split `total` into integer parts proportional to `weights` (largest remainder)."""
    raw = weights / weights.sum() * total
    base = np.floor(raw).astype(int)
    rest = total - int(base.sum())
    if rest:
        base[np.argsort(-(raw - base), kind="stable")[:rest]] += 1
    return base


def _day_weights(days: list[date], rng: np.random.Generator) -> np.ndarray:
    w = []
    for d in days:
        season = 1.0 + 0.18 * math.sin((d.timetuple().tm_yday - 100) / 365.0 * 2 * math.pi)
        weekday = 0.78 if d.weekday() >= 5 else 1.0
        w.append(season * weekday)
    return np.array(w) * rng.lognormal(0, 0.12, len(days))


def _write_cases(
    conn: Connection,
    town: SynthTown,
    ids: _Ids,
    cats: list[dict[str, Any]],
    places: dict[str, Any],
    names: _Names,
    reference: datetime,
    rng: np.random.Generator,
    say: Progress,
    history_days: int | None = None,
) -> tuple[int, int, int]:
    y = reference_half_year(reference.date())
    h1_prev = (date(y - 1, 1, 1), date(y - 1, 7, 1))
    h2_prev = (date(y - 1, 7, 1), date(y, 1, 1))
    h1 = (date(y, 1, 1), date(y, 7, 1))
    tail = (date(y, 7, 1), reference.date() + timedelta(days=1))
    last_prev = last_year_count()
    per_day_h1 = CASES_FIRST_HALF / (h1[1] - h1[0]).days
    periods = [
        (h1_prev, last_prev),
        (h2_prev, round(last_prev / 181 * 184 * 0.95)),
        (h1, CASES_FIRST_HALF),
        (tail, round(per_day_h1 * 0.97 * max((tail[1] - tail[0]).days - 1, 0) + per_day_h1 * reference.hour / 24)),
    ]
    days: list[date] = []
    counts: list[int] = []
    for (a, b), total in periods:
        ds = [a + timedelta(days=i) for i in range((b - a).days)]
        if not ds or total <= 0:
            continue
        w = _day_weights(ds, rng)
        if b > reference.date():  # the reference day itself is only partly over
            w[-1] *= max(reference.hour + reference.minute / 60, 0.5) / 24
        days.extend(ds)
        counts.extend(_allocate(total, w).tolist())
    if history_days is not None:
        keep = [k for k, d in enumerate(days) if (reference.date() - d).days < history_days]
        days = [days[k] for k in keep]
        counts = [counts[k] for k in keep]
    n = int(sum(counts))

    # reported_at: day + a time with a daytime peak; the reference day only up to now
    day_idx = np.repeat(np.arange(len(days)), counts)
    hour_w = np.array([1, 0.6, 0.4, 0.3, 0.3, 0.6, 1.5, 3, 5, 6, 6.2, 5.6, 4, 5, 5.8, 5.6, 5.2, 4.6, 3.6, 3, 2.6, 2.2, 1.8, 1.3])
    secs = (rng.choice(24, n, p=hour_w / hour_w.sum()) * 3600 + rng.integers(0, 3600, n)).astype(int)
    base = np.array([datetime.combine(d, time(0)) for d in days], dtype="datetime64[s]")
    reported = base[day_idx] + secs.astype("timedelta64[s]")
    ref64 = np.datetime64(reference, "s")
    late = reported > ref64
    if late.any():  # squeeze today's cases into the hours already gone
        today0 = np.datetime64(datetime.combine(reference.date(), time(0)), "s")
        today_s = max(int((ref64 - today0) / np.timedelta64(1, "s")), 60)
        reported[late] = today0 + rng.integers(0, today_s, int(late.sum())).astype("timedelta64[s]")
    order = np.argsort(reported, kind="stable")
    reported = reported[order]

    # categories: by weight, hazards only as professional reports placed below
    weights = np.array([float(c.get("weight", 10)) for c in cats])
    hazard_mask = np.array([bool(c.get("hazard")) for c in cats])
    w_normal = np.where(hazard_mask, 0.0, weights)
    cat_idx = rng.choice(len(cats), n, p=w_normal / w_normal.sum())
    sources = np.array(list(SOURCE_SHARES))
    src = rng.choice(len(sources), n, p=np.array(list(SOURCE_SHARES.values())))
    dept_src = int(np.flatnonzero(sources == m.CaseSource.DEPARTMENT)[0])
    src[src == dept_src] = 0  # professional reports are made explicitly, below
    hazard_cats = np.flatnonzero(hazard_mask)
    rep_dates = reported.astype("datetime64[D]")
    for (a, b), k in (
        (h1_prev, 108),
        (h2_prev, 97),
        (h1, HAZARD_REPORTS_FIRST_HALF),
        (tail, int(HAZARD_REPORTS_FIRST_HALF * max((tail[1] - tail[0]).days, 0) / 181)),
    ):
        pool = np.flatnonzero((rep_dates >= np.datetime64(a)) & (rep_dates < np.datetime64(b)))
        if k <= 0 or len(pool) == 0:
            continue
        pick = rng.choice(pool, min(k, len(pool)), replace=False)
        cat_idx[pick] = rng.choice(hazard_cats, len(pick))
        src[pick] = dept_src
    # other department reports (non-hazard) keep the source mix honest
    other = rng.choice(np.flatnonzero(src != dept_src), int(n * 0.025), replace=False)
    src[other] = dept_src

    # where: key point cases at their point, the rest anywhere in a grid (denser in town)
    kp = ids.key_points
    kp_active = [i for i, k in enumerate(kp) if k[5]]
    grid_w = np.array([(4.0 if g.urban else 1.0) * math.sqrt(g.geometry_m.area) for g in town.management])
    grid_idx = rng.choice(len(town.management), n, p=grid_w / grid_w.sum())
    kp_of = np.full(n, -1)
    qr_src = int(np.flatnonzero(sources == m.CaseSource.CITIZEN_QR)[0])
    at_kp = (src == qr_src) | (rng.random(n) < 0.12)
    for j in np.flatnonzero(at_kp).tolist():
        kp_pool = kp_active if src[j] == qr_src else range(len(kp))
        kp_of[j] = kp_pool[int(rng.integers(0, len(kp_pool)))]
    xs = np.zeros(n)
    ys = np.zeros(n)
    for j in np.flatnonzero(kp_of >= 0).tolist():
        k = kp[kp_of[j]]
        xs[j], ys[j] = k[2], k[3]
        grid_idx[j] = k[4]
    free = np.flatnonzero(kp_of < 0)
    for gi in np.unique(grid_idx[free]):
        sel = free[grid_idx[free] == gi]
        poly = town.management[int(gi)].geometry_m
        inner = poly.buffer(-3.0)
        minx, miny, maxx, maxy = inner.bounds
        got_x: list[float] = []
        got_y: list[float] = []
        while len(got_x) < len(sel):
            cx = rng.uniform(minx, maxx, len(sel) * 2)
            cy = rng.uniform(miny, maxy, len(sel) * 2)
            ok = shapely.contains_xy(inner, cx, cy)
            got_x.extend(cx[ok].tolist())
            got_y.extend(cy[ok].tolist())
        xs[sel] = got_x[: len(sel)]
        ys[sel] = got_y[: len(sel)]
    lons, lats = project_xy(xs, ys, 4549, 4490)

    # timings
    cat_limit = np.array([int(c["time_limit_hours"]) for c in cats])
    cat_level = np.array([int(c.get("level", 2)) for c in cats])
    cat_police = np.array([bool(c["police"]) for c in cats])
    cat_urgent = np.array([bool(c.get("urgent")) for c in cats])
    cat_dept = np.array([ids.dept_by_code.get(c["department"], 0) for c in cats])
    cat_dispatch = np.array([int(c.get("dispatch_minutes", 30)) for c in cats])
    level = cat_level[cat_idx].copy()
    bump = rng.random(n)
    level[(level == 2) & (bump < 0.06)] = 1
    level[(level == 2) & (bump > 0.995)] = 3
    police = cat_police[cat_idx]
    urgent = cat_urgent[cat_idx]
    district = [d for ds in ids.district_by_kind.values() for d in ds]
    dept_kind_of = {d: k for k, ds in ids.dept_kind.items() for d in ds}

    roads = places["roads"]
    reported_py = reported.astype(datetime)
    closing = rng.lognormal(math.log(0.35), 0.7, n)  # fraction of the time limit used
    overdue_hist = rng.random(n) < 0.065
    closing[overdue_hist] = 1.0 + rng.exponential(0.4, int(overdue_hist.sum()))
    rework = rng.random(n) < 0.03
    stuck = rng.random(n)

    actor = ids.users["duty1"]
    actor2 = ids.users["duty2"]

    case_rows: list[dict[str, Any]] = []
    event_rows: list[list[tuple[Any, ...]]] = []
    daily_seq: dict[date, int] = {}
    n_open = 0
    # draw every per-case random number up front: numpy's scalar calls dominate otherwise
    # citizens' reports (QR, hotline) wait longer for an officer to verify them
    slow_intake = np.isin(src, [int(np.flatnonzero(sources == v)[0]) for v in ("hotline", "citizen_qr")])
    reg_min = np.where(slow_intake, rng.integers(5, 150, n), rng.integers(2, 25, n)).tolist()
    disp_frac = rng.random(n).tolist()
    road_of = rng.integers(0, len(roads), n).tolist()
    house_no = rng.integers(1, 1500, n).tolist()
    pick = rng.random(n).tolist()
    lon_l, lat_l = lons.tolist(), lats.tolist()
    cat_l, grid_l, kp_l, src_l = cat_idx.tolist(), grid_idx.tolist(), kp_of.tolist(), src.tolist()
    source_names = [str(x) for x in sources]
    deadline_cache: dict[tuple[datetime, int], datetime] = {}
    for i in range(n):
        ci = cat_l[i]
        rep: datetime = reported_py[i]
        d = rep.date()
        daily_seq[d] = daily_seq.get(d, 0) + 1
        number = f"ZX{d:%Y%m%d}-{daily_seq[d]:04d}"
        limit_h = int(cat_limit[ci])
        registered = rep + timedelta(minutes=reg_min[i])
        dispatch_min = int(cat_dispatch[ci])
        dispatched = registered + timedelta(minutes=1 + int(disp_frac[i] * max(dispatch_min - 1, 1)))
        if urgent[i]:
            deadline = rep + timedelta(hours=limit_h)
        else:
            # working-hour arithmetic only depends on where in the week the case starts
            key = (rep.replace(second=0), limit_h)
            deadline = deadline_cache.get(key) or deadline_cache.setdefault(key, add_working_hours(key[0], limit_h))
            deadline += timedelta(seconds=rep.second)
        lvl = int(level[i])
        dep: int | None = int(cat_dept[ci]) or None
        if lvl == 3 and district:
            # escalate to the district office of the same line (housing -> district housing)
            same_line = ids.district_by_kind.get(dept_kind_of.get(dep or 0, ""), district)
            dep = same_line[int(pick[i] * len(same_line))]
        limit_span = deadline - rep
        finish = max(rep + limit_span * float(closing[i]), dispatched + timedelta(minutes=15))
        feedback_at = dispatched + (finish - dispatched) * 0.8  # the unit reports, then it is verified
        state = m.CaseState.CLOSED
        if finish > reference:
            # still moving through the workflow at the reference time
            n_open += 1
            state = _state_at(reference, registered, dispatched, feedback_at, bool(police[i]), lvl)
            if state == m.CaseState.DISPATCHED and stuck[i] < 0.03:
                state = m.CaseState.RETURNED
        elif stuck[i] < 0.0012 and not police[i] and (reference - rep).days < 150:
            state = m.CaseState.LONG_TERM  # a hard problem put on the long-term register
            n_open += 1
        closed = finish if state == m.CaseState.CLOSED else None
        src_name = source_names[src_l[i]]
        with_reporter = src_name in ("hotline", "citizen_qr")
        row = {
            "id": i + 1,
            "number": number,
            "category_id": ids.cat_ids[ci],
            "source": src_name,
            "state": str(state),
            "level": lvl,
            "urgent": bool(urgent[i]),
            "police": bool(police[i]),
            "hazard": bool(hazard_mask[ci]),
            "lon": lon_l[i],
            "lat": lat_l[i],
            "address": f"{roads[road_of[i]]}{house_no[i]}号附近",
            "grid_id": ids.mgmt[grid_l[i]],
            "key_point_id": kp[kp_l[i]][0] if kp_l[i] >= 0 else None,
            "department_id": None if police[i] else dep,
            "description": cats[ci]["name"],
            "reporter_name": names.person() if with_reporter else "",
            "reporter_phone": names.phone() if with_reporter else "",
            "reported_at": rep,
            "registered_at": None if state == m.CaseState.REPORTED else registered,
            "dispatched_at": dispatched if state not in (m.CaseState.REPORTED, m.CaseState.TO_DISPATCH) and lvl > 1 else None,
            "deadline_at": deadline,
            "closed_at": closed,
            "rework_count": int(rework[i] and state == m.CaseState.CLOSED),
            "updated_at": closed or min(reference, dispatched),
            "version": 1,
        }
        case_rows.append(row)
        event_rows.append(_events(row, registered, dispatched, feedback_at, closed, actor if i % 2 else actor2))

    say(f"inserting {n} cases")
    n_events = 0
    case_cols = list(case_rows[0])
    event_cols = [
        "case_id", "at", "kind", "actor_user_id", "actor_name", "workstation",
        "from_state", "to_state", "department_id", "note", "data",
    ]
    chunk = 10000
    for first in range(0, n, chunk):
        bulk_insert(conn, "cases", case_cols, [tuple(r.values()) for r in case_rows[first : first + chunk]])
        evs = [e for group in event_rows[first : first + chunk] for e in group]
        bulk_insert(conn, "case_events", event_cols, evs)
        n_events += len(evs)
        if first // chunk % 3 == 2:
            say(f"  {min(first + chunk, n)} / {n}")
    if conn.dialect.name == "postgresql":  # ids were given explicitly: move the sequences on
        for table in ("cases", "case_events"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    return n, n_events, n_open


def _state_at(
    t: datetime, registered: datetime, dispatched: datetime, feedback_at: datetime, police: bool, level: int
) -> m.CaseState:
    """Where a case whose story is still unfinished stands at time `t`."""
    if t < registered:
        return m.CaseState.REPORTED
    if t < dispatched:
        return m.CaseState.TO_DISPATCH
    if police:
        return m.CaseState.POLICE
    if t >= feedback_at:
        return m.CaseState.FEEDBACK
    if level == 3:
        return m.CaseState.ESCALATED
    return m.CaseState.DISPATCHED


# The timeline's first line, as the intake channel records it.
_REPORT_NOTE = {
    "patrol": "网格员巡查上报",
    "citizen_qr": "市民扫描点位二维码上报",
    "hotline": "热线来电",
    "camera": "视频/感知设备告警",
    "department": "职能部门专业上报",
    "inspection": "督查发现",
}


_KIND_FOR_STATE = {
    m.CaseState.REJECTED: "reject",
    m.CaseState.RETURNED: "return",
    m.CaseState.ESCALATED: "escalate",
    m.CaseState.POLICE: "forward_police",
    m.CaseState.LONG_TERM: "long_term",
}


def _events(
    row: dict[str, Any],
    registered: datetime,
    dispatched: datetime,
    fb_at: datetime,
    closed: datetime | None,
    actor: int,
) -> list[tuple[Any, ...]]:
    """The case's timeline, as the workflow would have written it."""
    state = row["state"]
    evs: list[tuple[Any, ...]] = []

    def ev(kind: str, at: datetime, frm: str | None, to: str | None, note: str = "", user: int | None = actor) -> None:
        evs.append(
            (row["id"], at, kind, user, "", "DEMO" if user else "", frm, to, row["department_id"], note, None)
        )

    ev("report", row["reported_at"], None, "reported", _REPORT_NOTE.get(row["source"], ""), user=None)
    if state == "reported":
        return evs
    ev("register", registered, "reported", "to_dispatch")
    if row["police"]:
        ev("forward_police", dispatched, "to_dispatch", "police")
        if closed:
            ev("close", closed, "police", "closed")
        return evs
    if state == "to_dispatch":
        return evs
    if row["level"] == 1:
        ev("handle_on_spot", dispatched, "to_dispatch", "feedback")
    elif row["level"] == 3:
        ev("escalate", dispatched, "to_dispatch", "escalated")
    else:
        ev("dispatch", dispatched, "to_dispatch", "dispatched")
    if state in _KIND_FOR_STATE and state not in ("escalated", "police"):
        ev(_KIND_FOR_STATE[m.CaseState(state)], dispatched + timedelta(hours=2), "dispatched", state)
        return evs
    if state in ("dispatched", "escalated"):
        return evs
    if row["level"] != 1:
        ev("feedback", max(fb_at, dispatched), "escalated" if row["level"] == 3 else "dispatched", "feedback")
    if state == "feedback":
        return evs
    if closed:
        tail = closed - fb_at  # verification happens between the feedback and the close
        if row["rework_count"]:
            ev("rework", fb_at + tail * 0.3, "feedback", "dispatched", "现场核查未处置到位")
            ev("feedback", fb_at + tail * 0.6, "dispatched", "feedback")
        ev("verify", fb_at + tail * 0.9, "feedback", "feedback")
        ev("close", closed, "feedback", "closed")
    return evs


def bulk_insert(conn: Connection, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert many rows through the driver's fast path (the ORM costs 5x more here).

    Values must already be plain: str, int, float, bool, None, datetime. SQLite gets its
    datetimes in the exact text form SQLAlchemy writes, so both read them back alike."""
    if not rows:
        return
    cols = ", ".join(columns)
    dbapi = conn.connection.driver_connection
    assert dbapi is not None
    cur = dbapi.cursor()
    try:
        if conn.dialect.name == "sqlite":
            dt_cols = {j for r in rows[:200] for j, v in enumerate(r) if isinstance(v, datetime)}
            if dt_cols:
                rows = [
                    tuple(
                        v.isoformat(" ", "microseconds") if j in dt_cols and v is not None else v
                        for j, v in enumerate(r)
                    )
                    for r in rows
                ]
            marks = ", ".join("?" * len(columns))
            cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
        else:
            # COPY is an order of magnitude faster than INSERTs on PostgreSQL. In CSV format an
            # unquoted empty field is NULL and a quoted one an empty string.
            buf = io.StringIO()
            buf.writelines(",".join(_csv_field(v) for v in r) + "\n" for r in rows)
            buf.seek(0)
            cur.copy_expert(f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv)", buf)
    finally:
        cur.close()


def _csv_field(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, datetime):
        return v.isoformat(" ")
    return '"' + str(v).replace('"', '""') + '"'


def clear_cases(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(delete(m.CaseEvent))
        conn.execute(delete(m.Case))
