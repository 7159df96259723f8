"""The demo town's supervision history (called by db/demo.py's build_demo):

* twice-daily patrols of every responsibility grid by its grid leader over the last 60
  days, about 3% missed, routes along a ring inside the grid, findings linked to the
  patrol-sourced cases reported during the patrol, some fixed on the spot;
* the biweekly inspections (every second Thursday afternoon) of the last six months, led
  by a town leader, with the agenda of their day, results, findings and photo metadata;
* the villages' and committees' ratings of every town department for each finished
  bimonthly cycle since January of the year before.

The statistics roll-up is not built here: the first refresh (the dashboard's first
opening) builds it from the finished demo, in a few seconds.

Deterministic for the generator it is given; about a second on the demo town.
"""

from __future__ import annotations

import struct
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
from shapely.geometry import LineString
from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from db import models as m
from db.stats import Cycle
from db.supervision import DEFAULT_INSPECTION_ANCHOR, MORNING_END, inspection_days
from db.supervision_models import (
    AgendaKind,
    AssessmentCycle,
    Attachment,
    FindingOutcome,
    Inspection,
    InspectionFinding,
    InspectionItem,
    ItemResult,
    Patrol,
    PatrolSlot,
)
from gis.crs import METRIC_EPSG, STORAGE_EPSG, project_xy, to_metric

PATROL_DAYS = 60
MISSED_SHARE = 0.03
INSPECTION_MONTHS = 6
LEADERS = [
    ("沈建国", "镇党委副书记"),
    ("陆卫东", "副镇长"),
    ("顾明华", "镇人大主席"),
    ("朱晓燕", "镇纪委书记"),
]
ON_SPOT = [
    "劝导店外占道经营，已现场整改",
    "清理绿化带内暴露垃圾",
    "规范非机动车乱停放",
    "劝离流动摊贩",
    "督促商户落实门前三包",
    "扶正倾倒的公共设施指示牌",
    "清除小广告",
    "提醒居民规范垃圾分类投放",
]
NOTED = [
    "路灯不亮，待报修",
    "河道岸边有少量漂浮物，持续关注",
    "小区围墙局部破损，需物业跟进",
    "消防通道有杂物，已提醒，下次复查",
]
PARTICIPANTS = "镇督查办、网格化管理中心、城管中队、市场监管所"


def _bulk(conn: Connection, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    from db.demo import bulk_insert

    for i in range(0, len(rows), 5000):
        bulk_insert(conn, table, columns, rows[i : i + 5000])


def _blob(conn: Connection, wkb: bytes) -> Any:
    return "\\x" + wkb.hex() if conn.dialect.name == "postgresql" else wkb


def _next_id(conn: Connection, table: str) -> int:
    return int(conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()) + 1


def _fix_sequences(conn: Connection, tables: list[str]) -> None:
    if conn.dialect.name != "postgresql":
        return
    for t in tables:
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT coalesce(max(id), 1) FROM {t}))"
            )
        )


class _Ring:
    """A closed ring inside a grid (metres), walked along by routes: vertices twice over
    and their cumulative distance, so a piece is two binary searches."""

    def __init__(self, ring: Any) -> None:
        xy = np.asarray(ring.coords, dtype=float)
        seg = np.hypot(np.diff(xy[:, 0]), np.diff(xy[:, 1]))
        self.length = float(seg.sum())
        self.xy = np.vstack([xy, xy[1:]])
        self.cum = np.concatenate([[0.0], np.cumsum(np.concatenate([seg, seg]))])

    def piece(self, start: float, length: float) -> np.ndarray:
        """Coordinates of the piece `length` metres long from fraction `start`."""
        s = np.array([start * self.length, start * self.length + min(length, 0.95 * self.length)])
        i = np.clip(np.searchsorted(self.cum, s, side="right") - 1, 0, len(self.cum) - 2)
        span = self.cum[i + 1] - self.cum[i]
        t = np.where(span > 0, (s - self.cum[i]) / np.where(span > 0, span, 1.0), 0.0)
        ends = self.xy[i] + (self.xy[i + 1] - self.xy[i]) * t[:, None]
        return np.vstack([ends[:1], self.xy[i[0] + 1 : i[1] + 1], ends[1:]])


def _rings(grid_m: Any) -> list[_Ring]:
    """Rings inside a grid (metres) for routes to follow."""
    out = []
    for d in (25.0, 55.0, 95.0):
        inner = grid_m.buffer(-d)
        if inner.is_empty:
            continue
        if inner.geom_type == "MultiPolygon":
            inner = max(inner.geoms, key=lambda g: g.area)
        out.append(_Ring(inner.exterior))
    return out or [_Ring(grid_m.buffer(-2.0).exterior)]


def _wkb_line(xy: np.ndarray) -> bytes:
    """ISO WKB of a 2-D LineString (little endian), as shapely would write it."""
    return (
        b"\x01" + struct.pack("<II", 2, len(xy)) + np.ascontiguousarray(xy, dtype="<f8").tobytes()
    )


def build_supervision_demo(
    conn_or_session: Connection | Session,
    town_ids: Any,
    reference: datetime,
    rng: np.random.Generator,
) -> dict[str, int]:
    """Write the demo's patrols, inspections and ratings (see the module docstring).
    `town_ids` is db.demo's id bundle (its responsibility grids are used). Returns what it
    wrote."""
    if isinstance(conn_or_session, Session):
        session = conn_or_session
        session.flush()
        conn = session.connection()
    else:
        conn = conn_or_session
        session = Session(bind=conn)
    resp_ids: list[int] = [int(g) for g in town_ids.resp]
    counts = {}
    counts.update(_patrols(conn, session, resp_ids, reference, rng))
    counts.update(_inspections(conn, session, resp_ids, reference, rng))
    counts["ratings"] = _ratings(conn, session, town_ids, reference, rng)
    session.flush()
    return counts


# ---------------------------------------------------------------- patrols


def _patrols(
    conn: Connection,
    session: Session,
    resp_ids: list[int],
    reference: datetime,
    rng: np.random.Generator,
) -> dict[str, int]:
    geoms: dict[int, Any] = dict(
        session.execute(select(m.Grid.id, m.Grid.geometry).where(m.Grid.id.in_(resp_ids))).all()
    )
    parent_of: dict[int, Any] = dict(
        session.execute(
            select(m.Grid.id, m.Grid.parent_id).where(m.Grid.parent_id.in_(resp_ids))
        ).all()
    )
    team: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    leader: dict[int, tuple[int, str]] = {}
    for mid, name, role, gid, is_leader in session.execute(
        select(
            m.GridMember.id,
            m.GridMember.name,
            m.GridMember.team_role,
            m.GridMember.grid_id,
            m.GridMember.is_grid_leader,
        )
        .where(m.GridMember.active.is_(True))
        .order_by(m.GridMember.id)
    ).all():
        resp = int(parent_of.get(gid) or gid)
        if resp not in geoms:
            continue
        if is_leader:
            leader[resp] = (int(mid), name)
        else:
            team[resp].append((int(mid), name, role))
    rings = {g: _rings(to_metric(geoms[g])) for g in resp_ids}

    first_day = reference.date() - timedelta(days=PATROL_DAYS)
    days = [first_day + timedelta(days=i) for i in range(PATROL_DAYS + 1)]
    recorded_by = (
        session.execute(select(m.User.id).where(m.User.role == m.Role.SUPERVISOR)).scalars().first()
    )
    pid = _next_id(conn, "patrols")
    patrol_rows: list[list[Any]] = []
    coords_m: list[np.ndarray] = []
    member_rows: list[tuple[Any, ...]] = []
    windows: dict[tuple[int, date, str], tuple[int, datetime, datetime]] = {}
    mem_id = _next_id(conn, "patrol_members")
    n_slots = len(resp_ids) * len(days) * 2
    missed = rng.random(n_slots) < MISSED_SHARE
    starts = rng.normal(0, 18, n_slots)
    durations = rng.uniform(65, 150, n_slots)
    ring_pick = rng.integers(0, 3, n_slots)
    ring_start = rng.random(n_slots)
    speeds = rng.uniform(2200, 3600, n_slots)  # metres an hour, with stops
    mate_count = rng.integers(1, 4, n_slots)
    mate_draws = rng.random((n_slots, 3))
    k = -1
    for day in days:
        for slot, base in ((PatrolSlot.MORNING, time(8, 40)), (PatrolSlot.AFTERNOON, time(14, 30))):
            for g in resp_ids:
                k += 1
                if missed[k] or g not in leader:
                    continue
                start = datetime.combine(day, base) + timedelta(minutes=float(starts[k]))
                start = start.replace(second=0, microsecond=0)
                if slot == PatrolSlot.MORNING and start.time() >= MORNING_END:
                    start = datetime.combine(day, time(11, 30))
                end = start + timedelta(minutes=float(durations[k]))
                end = end.replace(second=0, microsecond=0)
                if end > reference:
                    continue  # still out on patrol (or not yet started)
                ring = rings[g][int(ring_pick[k]) % len(rings[g])]
                coords_m.append(
                    ring.piece(float(ring_start[k]), float(speeds[k]) * float(durations[k]) / 60.0)
                )
                lid, lname = leader[g]
                patrol_rows.append(
                    [
                        pid,
                        g,
                        day,
                        str(slot),
                        lid,
                        lname,
                        start,
                        end,
                        None,
                        0.0,
                        None,
                        None,
                        None,
                        None,
                        "",
                        recorded_by,
                        end + timedelta(minutes=20),
                        1,
                    ]
                )
                windows[(g, day, str(slot))] = (pid, start, end)
                mates = team.get(g, [])
                picked = (
                    {int(r * len(mates)) for r in mate_draws[k, : int(mate_count[k])]}
                    if mates
                    else set()
                )
                for j in sorted(picked):
                    mm = mates[j]
                    member_rows.append((mem_id, pid, mm[0], mm[1], mm[2]))
                    mem_id += 1
                pid += 1
    # project every route at once
    flat = np.vstack(coords_m) if coords_m else np.zeros((0, 2))
    lons, lats = project_xy(flat[:, 0], flat[:, 1], METRIC_EPSG, STORAGE_EPSG)
    pos = 0
    for row, cs in zip(patrol_rows, coords_m, strict=True):
        n = len(cs)
        lo, la = lons[pos : pos + n], lats[pos : pos + n]
        pos += n
        row[8] = _blob(conn, _wkb_line(np.column_stack([lo, la])))
        row[9] = round(float(np.hypot(np.diff(cs[:, 0]), np.diff(cs[:, 1])).sum()), 1)
        row[10], row[11], row[12], row[13] = (
            float(lo.min()),
            float(la.min()),
            float(lo.max()),
            float(la.max()),
        )
    cols = [
        "id",
        "grid_id",
        "day",
        "slot",
        "leader_member_id",
        "leader_name",
        "started_at",
        "ended_at",
        "route",
        "route_length_m",
        "min_lon",
        "min_lat",
        "max_lon",
        "max_lat",
        "notes",
        "recorded_by",
        "recorded_at",
        "version",
    ]
    _bulk(conn, "patrols", cols, [tuple(r) for r in patrol_rows])
    _bulk(
        conn, "patrol_members", ["id", "patrol_id", "member_id", "name", "team_role"], member_rows
    )

    # findings: the patrol-sourced cases reported while a patrol of their grid was out
    c = m.Case
    cases = session.execute(
        select(
            c.id,
            c.reported_at,
            c.grid_id,
            c.lon,
            c.lat,
            c.category_id,
            c.description,
            c.key_point_id,
        ).where(
            c.source == m.CaseSource.PATROL.value,
            c.reported_at >= datetime.combine(first_day, time(0)),
            c.reported_at <= reference,
        )
    ).all()
    fid = _next_id(conn, "patrol_findings")
    seq: dict[int, int] = defaultdict(int)
    finding_rows: list[tuple[Any, ...]] = []
    for cid, rep, case_grid, lon, lat, cat, desc, kp in cases:
        parent = parent_of.get(case_grid) if case_grid is not None else None
        if parent is None:
            continue
        hit = windows.get(
            (
                int(parent),
                rep.date(),
                str(PatrolSlot.MORNING if rep.time() < MORNING_END else PatrolSlot.AFTERNOON),
            )
        )
        if hit is None or not hit[1] <= rep <= hit[2]:
            continue
        seq[hit[0]] += 1
        finding_rows.append(
            (
                fid,
                hit[0],
                seq[hit[0]],
                desc or "巡查发现",
                cat,
                FindingOutcome.CASE.value,
                lon,
                lat,
                kp,
                cid,
                rep,
            )
        )
        fid += 1
    # fixed on the spot or noted: about one patrol in six
    extra = rng.random(len(patrol_rows))
    pick = rng.integers(0, 1000, len(patrol_rows))
    for i, row in enumerate(patrol_rows):
        if extra[i] > 0.17:
            continue
        on_spot = extra[i] < 0.13
        texts = ON_SPOT if on_spot else NOTED
        seq[row[0]] += 1
        at = row[6] + (row[7] - row[6]) * 0.5
        finding_rows.append(
            (
                fid,
                row[0],
                seq[row[0]],
                texts[int(pick[i]) % len(texts)],
                None,
                (FindingOutcome.ON_SPOT if on_spot else FindingOutcome.NOTED).value,
                None,
                None,
                None,
                None,
                at.replace(microsecond=0),
            )
        )
        fid += 1
    _bulk(
        conn,
        "patrol_findings",
        [
            "id",
            "patrol_id",
            "seq",
            "description",
            "category_id",
            "outcome",
            "lon",
            "lat",
            "key_point_id",
            "case_id",
            "found_at",
        ],
        finding_rows,
    )
    _fix_sequences(conn, ["patrols", "patrol_members", "patrol_findings"])
    return {
        "patrols": len(patrol_rows),
        "patrol_members": len(member_rows),
        "patrol_findings": len(finding_rows),
    }


# ---------------------------------------------------------------- inspections


def _inspections(
    conn: Connection,
    session: Session,
    resp_ids: list[int],
    reference: datetime,
    rng: np.random.Generator,
) -> dict[str, int]:
    c = m.Case
    start = reference.date() - timedelta(days=INSPECTION_MONTHS * 30 + 3)
    held = [
        d
        for d in inspection_days(
            DEFAULT_INSPECTION_ANCHOR, start, reference.date() + timedelta(days=1)
        )
        if datetime.combine(d, time(17, 30)) <= reference
    ]
    grid_names = dict(
        session.execute(select(m.Grid.id, m.Grid.name).where(m.Grid.id.in_(resp_ids))).all()
    )
    grid_geom: dict[int, Any] = dict(
        session.execute(select(m.Grid.id, m.Grid.geometry).where(m.Grid.id.in_(resp_ids))).all()
    )
    parent_of: dict[int, Any] = dict(
        session.execute(
            select(m.Grid.id, m.Grid.parent_id).where(m.Grid.parent_id.in_(resp_ids))
        ).all()
    )
    recorder = session.execute(
        select(m.User.id, m.User.display_name).where(m.User.role == m.Role.SUPERVISOR)
    ).first()
    # patrols missed per grid and day (from what was just written)
    done: dict[tuple[int, date], int] = defaultdict(int)
    for g, d, n in session.execute(
        select(Patrol.grid_id, Patrol.day, func.count(func.distinct(Patrol.slot))).group_by(
            Patrol.grid_id, Patrol.day
        )
    ).all():
        done[(int(g), d if isinstance(d, date) else date.fromisoformat(str(d)))] = int(n)
    n_items = n_findings = n_photos = 0
    team_rotation = list(resp_ids)
    rng.shuffle(team_rotation)
    previous = start
    for k, day in enumerate(held):
        t0 = datetime.combine(day, time(14, 0)) + timedelta(minutes=int(rng.integers(-10, 20)))
        t1 = t0 + timedelta(minutes=int(rng.integers(150, 200)))
        leader, title = LEADERS[k % len(LEADERS)]
        items: list[tuple[str, int, str, str, float, float]] = []
        overdue = session.execute(
            select(c.id, c.number, m.Category.name, c.lon, c.lat)
            .join(m.Category, m.Category.id == c.category_id)
            .where(
                c.deadline_at < t0,
                c.deadline_at >= t0 - timedelta(days=20),
                c.reported_at < t0,
                (c.closed_at.is_(None)) | (c.closed_at > t0),
                c.police.is_(False),
            )
            .order_by(c.deadline_at)
            .limit(4)
        ).all()
        for case_ref, number, cat_name, o_lon, o_lat in overdue:
            items.append(
                (AgendaKind.CASE, case_ref, f"{number} {cat_name}", "overdue", o_lon, o_lat)
            )
        repeated = session.execute(
            select(m.KeyPoint.id, m.KeyPoint.name, m.KeyPoint.lon, m.KeyPoint.lat, func.count(c.id))
            .join(c, c.key_point_id == m.KeyPoint.id)
            .where(c.reported_at >= t0 - timedelta(days=30), c.reported_at < t0)
            .group_by(m.KeyPoint.id, m.KeyPoint.name, m.KeyPoint.lon, m.KeyPoint.lat)
            .having(func.count(c.id) >= 3)
            .order_by(func.count(c.id).desc(), m.KeyPoint.id)
            .limit(3)
        ).all()
        for kid, name, lon, lat, _n in repeated:
            items.append((AgendaKind.KEY_POINT, kid, name, "repeated_problems", lon, lat))
        span = [previous + timedelta(days=i) for i in range((day - previous).days)]
        missed = sorted(
            ((sum(2 - done.get((g, d), 0) for d in span), g) for g in resp_ids),
            key=lambda x: (-x[0], x[1]),
        )
        for n_missed, g in missed[:3]:
            if n_missed <= 0:
                break
            p = grid_geom[g].representative_point()
            items.append((AgendaKind.GRID, g, grid_names[g], "missed_patrols", p.x, p.y))
        for g in (
            team_rotation[(2 * k) % len(team_rotation)],
            team_rotation[(2 * k + 1) % len(team_rotation)],
        ):
            p = grid_geom[g].representative_point()
            items.append((AgendaKind.TEAM, g, grid_names[g], "team_check", p.x, p.y))
        previous = day

        results = rng.random(len(items))
        row = Inspection(
            held_on=day,
            started_at=t0,
            ended_at=t1,
            leader_name=leader,
            leader_title=title,
            participants=PARTICIPANTS,
            route=LineString([(x[4], x[5]) for x in items]) if len(items) >= 2 else None,
            summary="",
            agenda={
                "held_on": day.isoformat(),
                "items": [
                    {"kind": str(x[0]), "ref_id": x[1], "title": x[2], "reason": x[3]}
                    for x in items
                ],
            },
            recorded_by=recorder[0] if recorder else None,
            recorded_by_name=recorder[1] if recorder else "",
            recorded_at=t1 + timedelta(hours=1),
        )
        problems = 0
        for i, (kind, ref, title_text, reason, _lon, _lat) in enumerate(items, start=1):
            problem = results[i - 1] < 0.35 or reason == "overdue"
            problems += problem
            row.items.append(
                InspectionItem(
                    seq=i,
                    kind=str(kind),
                    ref_id=ref,
                    title=title_text[:160],
                    reason=reason,
                    result=(ItemResult.PROBLEM if problem else ItemResult.OK).value,
                    note="现场督促责任部门限期整改" if problem else "现场查看情况良好",
                )
            )
        session.add(row)
        session.flush()
        seq = 0
        for it in row.items:
            if it.result != ItemResult.PROBLEM:
                continue
            seq += 1
            case_id = it.ref_id if it.kind == AgendaKind.CASE else None
            f_lon: float | None = None
            f_lat: float | None = None
            for x in items:
                if x[1] == it.ref_id and str(x[0]) == it.kind:
                    f_lon, f_lat = x[4], x[5]
            row.findings.append(
                InspectionFinding(
                    seq=seq,
                    item_id=it.id,
                    description=(
                        "超期未办结，督促责任部门限期办结"
                        if case_id
                        else f"{it.title}：发现问题，责成整改"
                    ),
                    grid_id=it.ref_id if it.kind in (AgendaKind.GRID, AgendaKind.TEAM) else None,
                    key_point_id=it.ref_id if it.kind == AgendaKind.KEY_POINT else None,
                    lon=f_lon,
                    lat=f_lat,
                    outcome=(FindingOutcome.CASE if case_id else FindingOutcome.NOTED).value,
                    case_id=case_id,
                )
            )
        # the inspection-sourced cases reported that afternoon are this inspection's findings
        for new_id, desc, cat, c_grid, kp, c_lon, c_lat in session.execute(
            select(
                c.id, c.description, c.category_id, c.grid_id, c.key_point_id, c.lon, c.lat
            ).where(
                c.source == m.CaseSource.INSPECTION.value, c.reported_at >= t0, c.reported_at <= t1
            )
        ).all():
            seq += 1
            row.findings.append(
                InspectionFinding(
                    seq=seq,
                    description=desc or "督查发现",
                    category_id=cat,
                    grid_id=(parent_of.get(c_grid) or c_grid) if c_grid is not None else None,
                    key_point_id=kp,
                    lon=c_lon,
                    lat=c_lat,
                    outcome=FindingOutcome.CASE.value,
                    case_id=new_id,
                )
            )
        new_cases = sum(1 for f in row.findings if f.case_id and f.item_id is None)
        row.summary = (
            f"{title}{leader}带队，对{len(items)}个督查事项进行现场督查，发现问题{problems}处，"
            f"新立案{new_cases}件，均已督促责任单位限期整改。"
        )
        session.flush()
        for j in range(int(rng.integers(1, 4))):
            taken = t0 + timedelta(
                minutes=int(rng.integers(5, max(6, int((t1 - t0).total_seconds() // 60))))
            )
            session.add(
                Attachment(
                    owner_kind="inspection",
                    owner_id=row.id,
                    file_name=f"IMG_{taken:%Y%m%d_%H%M}{j:02d}.jpg",
                    media_type="image/jpeg",
                    size_bytes=int(rng.integers(1_200_000, 4_800_000)),
                    sha256="",
                    stored_path=f"photos/inspections/{day.isoformat()}/IMG_{taken:%Y%m%d_%H%M}{j:02d}.jpg",
                    caption="督查现场照片",
                    taken_at=taken,
                    added_at=t1 + timedelta(hours=1),
                    added_by=recorder[0] if recorder else None,
                )
            )
            n_photos += 1
        n_items += len(row.items)
        n_findings += len(row.findings)
    session.flush()
    return {
        "inspections": len(held),
        "inspection_items": n_items,
        "inspection_findings": n_findings,
        "photos": n_photos,
    }


# ---------------------------------------------------------------- ratings


def _ratings(
    conn: Connection, session: Session, town_ids: Any, reference: datetime, rng: np.random.Generator
) -> int:
    depts = [
        int(d)
        for d in session.execute(
            select(m.Department.id)
            .where(m.Department.level == m.DepartmentLevel.TOWN)
            .order_by(m.Department.code)
        ).scalars()
    ]
    units = [
        int(u)
        for u in session.execute(
            select(m.AdminUnit.id).order_by(m.AdminUnit.community_seq)
        ).scalars()
    ]
    current = Cycle.containing(reference.date())
    cycles = [
        Cycle(y, p)
        for y in (reference.year - 1, reference.year)
        for p in range(1, 7)
        if Cycle(y, p) < current
    ]
    quality = rng.normal(86.0, 3.5, len(depts))
    bias = rng.normal(0.0, 1.8, len(units))
    drift = np.zeros(len(depts))
    rows: list[tuple[Any, ...]] = []
    rid = _next_id(conn, "department_ratings")
    for cy in [*cycles, current]:
        session.add(
            AssessmentCycle(
                year=cy.year, kind=cy.kind, period=cy.period, starts_on=cy.start, ends_on=cy.end
            )
        )
    session.add(
        AssessmentCycle(
            year=reference.year - 1,
            kind="year_end",
            period=0,
            starts_on=date(reference.year - 1, 1, 1),
            ends_on=date(reference.year, 1, 1),
        )
    )
    session.flush()
    ids = {
        (y, p): i
        for i, y, p in session.execute(
            select(AssessmentCycle.id, AssessmentCycle.year, AssessmentCycle.period)
        )
    }
    for cy in cycles:
        drift += rng.normal(0.0, 1.4, len(depts))
        noise = rng.normal(0.0, 3.0, (len(depts), len(units)))
        rated_at = datetime.combine(cy.end + timedelta(days=5), time(10, 0))
        scores = np.round(
            np.clip((quality + drift)[:, None] + bias[None, :] + noise, 60.0, 100.0), 1
        ).tolist()
        cycle_id = ids[(cy.year, cy.period)]
        for di, d in enumerate(depts):
            for ui, u in enumerate(units):
                rows.append((rid, cycle_id, d, u, scores[di][ui], "", "村居测评", rated_at, 1))
                rid += 1
    _bulk(
        conn,
        "department_ratings",
        [
            "id",
            "cycle_id",
            "department_id",
            "admin_unit_id",
            "score",
            "comment",
            "rated_by",
            "rated_at",
            "version",
        ],
        rows,
    )
    _fix_sequences(conn, ["department_ratings"])
    return len(rows)
