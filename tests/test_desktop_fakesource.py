"""A synthetic data source for the map model and desktop tests (no database, no Qt).

`small_map_data()` is a tiny hand-made town (12 square management grids in 2 responsibility
grids around lon 121.20 E, lat 31.16 N) whose every feature is known; `town_map_data()` builds
a town at demo scale (29 responsibility grids tiled exactly by 149 management grids over
~40 km², 451 key points, 700 cameras, open cases) for looking at screenshots.
All names are invented.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import LineString, MultiPoint, Polygon, box
from shapely.ops import unary_union

from gis.crs import METRIC_EPSG, STORAGE_EPSG, project_xy
from gis.features import CaseFeature, GridFeature, GridLevel, MapData, PointFeature

NOW = datetime(2025, 6, 30, 9, 0, 0)
LON0, LAT0 = 121.20, 31.16
DLON, DLAT = 0.008, 0.006  # one management grid cell: ~760 m x ~665 m

CASE_STATES = ("reported", "to_dispatch", "dispatched", "feedback", "returned", "escalated")
SOURCES = ("patrol", "citizen_qr", "hotline", "camera", "department", "inspection")
CATEGORIES = (
    "占道经营",
    "乱堆物料",
    "违法搭建",
    "河道漂浮物",
    "噪声扰民",
    "消防通道堵塞",
    "共享单车乱停放",
    "垃圾分类",
    "井盖破损",
    "违规广告",
)


class FakeSource:
    """Satisfies desktop.datasource.DataSource without a database."""

    def __init__(self, data: MapData | None = None, description: str = "Fake · 测试数据") -> None:
        self._data = data if data is not None else small_map_data()
        self._description = description
        self.loads = 0

    def load_map_data(self) -> MapData:
        self.loads += 1
        return self._data

    def describe(self) -> str:
        return self._description

    def summary(self) -> dict[str, Any]:
        return summary_of(self._data)


def summary_of(data: MapData) -> dict[str, Any]:
    kinds = {"shop": 0, "enterprise": 0, "river": 0, "construction_site": 0, "public_place": 0}
    for p in data.key_points:
        kinds[p.kind] = kinds.get(p.kind, 0) + 1
    return {
        "responsibility_grids": len(data.responsibility_grids),
        "management_grids": len(data.management_grids),
        "key_points": kinds,
        "key_points_total": sum(kinds.values()),
        "active_qr_codes": sum(1 for p in data.key_points if p.qr_active),
        "cameras": len(data.cameras),
        "departments": 37,
        "grid_members": 685,
        "categories": 240,
        "cases_first_half": 25442,
        "cases_first_half_change_pct": -14.47,
        "hazard_reports": 93,
        "coverage": {"gap_m2": 0.0, "overlap_m2": 0.0, "area_km2": 40.47},
    }


# --------------------------------------------------------------------------- the small town


def _cell(col: int, row: int) -> Polygon:
    x0 = LON0 - 2 * DLON + col * DLON
    y0 = LAT0 - 1.5 * DLAT + row * DLAT
    return box(x0, y0, x0 + DLON, y0 + DLAT)


def small_map_data() -> MapData:
    """4 x 3 management grids; columns 0-1 form responsibility grid 1, columns 2-3 grid 2."""
    mgmt: list[GridFeature] = []
    resp_cells: dict[int, list[Polygon]] = {1: [], 2: []}
    fid = 100
    for col in range(4):
        for row in range(3):
            parent = 1 if col < 2 else 2
            cell = _cell(col, row)
            resp_cells[parent].append(cell)
            fid += 1
            mgmt.append(
                GridFeature(
                    id=fid,
                    level=GridLevel.MANAGEMENT,
                    code=f"ZX-{parent:02d}-{col * 3 + row + 1:02d}",
                    name=f"{'和园' if parent == 1 else '翠湖'}{col * 3 + row + 1}组",
                    geometry=cell,
                    parent_id=parent,
                )
            )
    resp = [
        GridFeature(
            1,
            GridLevel.RESPONSIBILITY,
            "ZX-01",
            "和园村",
            unary_union(resp_cells[1]),
            parent_id=0,
            unit_name="和园村",
        ),
        GridFeature(
            2,
            GridLevel.RESPONSIBILITY,
            "ZX-02",
            "翠湖居委会",
            unary_union(resp_cells[2]),
            parent_id=0,
            unit_name="翠湖居委会",
        ),
    ]
    town = GridFeature(0, GridLevel.TOWN, "ZX", "示范镇", unary_union([r.geometry for r in resp]))

    def at(col: float, row: float) -> tuple[float, float]:
        return LON0 - 2 * DLON + col * DLON, LAT0 - 1.5 * DLAT + row * DLAT

    points: list[PointFeature] = []
    for k, (c, r) in enumerate([(0.3, 0.4), (0.6, 1.5), (1.4, 2.2), (2.5, 0.5), (3.3, 2.6)]):
        lon, lat = at(c, r)
        points.append(
            PointFeature(
                1000 + k,
                "shop",
                f"便民商铺{k + 1}",
                lon,
                lat,
                101,
                qr_code=f"QR-S{k}",
                qr_active=k % 2 == 0,
            )
        )
    for k, (c, r) in enumerate([(1.7, 0.3), (3.6, 1.2)]):
        lon, lat = at(c, r)
        points.append(PointFeature(2000 + k, "enterprise", f"精密制造企业{k + 1}", lon, lat, 102))
    lon, lat = at(2.2, 1.8)
    points.append(PointFeature(3000, "construction_site", "翠湖二期工地", lon, lat, 108))
    lon, lat = at(1.2, 2.7)
    points.append(PointFeature(3500, "public_place", "和园农贸市场", lon, lat, 103))
    river_line = LineString(
        [at(0.0, 1.1), at(1.0, 1.25), at(2.0, 1.05), at(3.0, 1.3), at(4.0, 1.2)]
    )
    lon, lat = at(2.0, 1.05)
    points.append(
        PointFeature(
            4000, "river", "横泾港", lon, lat, 105, qr_code="QR-R1", qr_active=True, line=river_line
        )
    )
    cameras = []
    for k, (c, r) in enumerate([(0.5, 0.5), (2.0, 2.0), (3.5, 0.5)]):
        lon, lat = at(c, r)
        cameras.append(PointFeature(5000 + k, "camera", f"监控{k + 1}", lon, lat, None))

    cases = []
    specs = [
        # state, col, row, deadline offset (h), urgent, source
        ("reported", 0.5, 2.5, 20.0, False, "citizen_qr"),
        ("to_dispatch", 1.5, 0.6, 3.0, True, "patrol"),  # urgent
        ("dispatched", 2.6, 2.4, -5.0, False, "hotline"),  # overdue
        ("feedback", 3.4, 0.4, 30.0, False, "camera"),
        ("returned", 0.8, 1.6, 1.0, False, "inspection"),  # in its last quarter
        ("escalated", 3.7, 1.8, 60.0, False, "department"),
        ("closed", 1.2, 1.2, 10.0, False, "patrol"),  # not open: never shown
        ("long_term", 2.9, 0.8, -100.0, False, "department"),  # parked (挂账), long overdue
    ]
    for k, (state, c, r, hours, urgent, source) in enumerate(specs):
        lon, lat = at(c, r)
        reported = NOW - timedelta(hours=12)
        cases.append(
            CaseFeature(
                id=9000 + k,
                number=f"ZX2025{k + 1:06d}",
                state=state,
                category_name=CATEGORIES[k],
                lon=lon,
                lat=lat,
                grid_id=101 + k,
                reported_at=reported,
                deadline_at=NOW + timedelta(hours=hours),
                urgent=urgent,
                source=source,
                department_name="城管中队",
                grid_code=f"ZX-0{1 if c < 2 else 2}-{k + 1:02d}",
            )
        )
    return MapData(
        town=town,
        responsibility_grids=resp,
        management_grids=mgmt,
        key_points=points,
        cameras=cameras,
        cases=cases,
        now=NOW,
    )


# --------------------------------------------------------------------------- a demo-scale town

RESP_NAMES = (
    "和园",
    "翠湖",
    "金桂",
    "清溪",
    "枫林",
    "瑞景",
    "丰泽",
    "新苑",
    "锦绣",
    "银杏",
    "松涛",
    "竹园",
    "荷塘",
    "柳岸",
    "梅陇",
    "兰亭",
    "芳草",
    "嘉禾",
    "绿洲",
    "星河",
    "明珠",
    "朝阳",
    "东湖",
    "西浜",
    "南塘",
    "北苑",
    "长春",
    "永乐",
    "康桥",
)


def _to_storage(geom: Any) -> Any:
    def _apply(c: np.ndarray) -> np.ndarray:
        lon, lat = project_xy(c[:, 0], c[:, 1], METRIC_EPSG, STORAGE_EPSG)
        return np.column_stack([lon, lat])

    return shapely.transform(geom, _apply)


def _random_in(poly: Polygon, n: int, rng: np.random.Generator) -> np.ndarray:
    minx, miny, maxx, maxy = poly.bounds
    out: list[np.ndarray] = []
    while sum(len(o) for o in out) < n:
        pts = rng.uniform([minx, miny], [maxx, maxy], size=(n * 2, 2))
        ok = shapely.contains_xy(poly, pts[:, 0], pts[:, 1])
        out.append(pts[ok])
    return np.concatenate(out)[:n]


def town_map_data(
    seed: int = 7, n_resp: int = 29, n_mgmt: int = 149, n_cases: int = 140
) -> MapData:
    """A synthetic town at demo scale; exact tiling, all names invented."""
    rng = np.random.default_rng(seed)
    cx, cy = (float(v) for v in project_xy(LON0, LAT0))
    angles = np.linspace(0, 2 * np.pi, 48, endpoint=False)
    radius = 3600 * (1 + 0.12 * np.sin(3 * angles + 0.5) + 0.06 * np.cos(5 * angles))
    radius *= 1 + rng.normal(0, 0.02, size=angles.size)
    boundary = Polygon(
        np.column_stack([cx + 1.15 * radius * np.cos(angles), cy + 0.9 * radius * np.sin(angles)])
    )
    boundary = affinity.scale(
        boundary, np.sqrt(40.47e6 / boundary.area), np.sqrt(40.47e6 / boundary.area)
    )
    # management cells: Lloyd-relaxed Voronoi cells clipped to the boundary
    seeds = _random_in(boundary, n_mgmt, rng)
    for _ in range(3):
        cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=boundary)
        cells = [c.intersection(boundary) for c in shapely.get_parts(cells)]
        seeds = np.asarray([[c.centroid.x, c.centroid.y] for c in cells])
    cells_arr = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=boundary)
    cells = [c.intersection(boundary) for c in shapely.get_parts(cells_arr)]
    cent = np.asarray([[c.centroid.x, c.centroid.y] for c in cells])
    # responsibility grids: k-means clusters of management cells
    centres = cent[rng.choice(len(cent), n_resp, replace=False)]
    for _ in range(12):
        assign = np.argmin(((cent[:, None, :] - centres[None, :, :]) ** 2).sum(-1), axis=1)
        for k in range(n_resp):
            if np.any(assign == k):
                centres[k] = cent[assign == k].mean(axis=0)
    assign = np.argmin(((cent[:, None, :] - centres[None, :, :]) ** 2).sum(-1), axis=1)
    used = sorted(set(assign.tolist()))
    resp: list[GridFeature] = []
    mgmt: list[GridFeature] = []
    for r_no, k in enumerate(used, start=1):
        members = [i for i in range(len(cells)) if assign[i] == k]
        name = RESP_NAMES[(r_no - 1) % len(RESP_NAMES)] + ("村" if r_no % 3 else "居委会")
        resp.append(
            GridFeature(
                r_no,
                GridLevel.RESPONSIBILITY,
                f"ZX-{r_no:02d}",
                name,
                _to_storage(unary_union([cells[i] for i in members])),
                parent_id=0,
                unit_name=name,
            )
        )
        for m_no, i in enumerate(members, start=1):
            mgmt.append(
                GridFeature(
                    100 * r_no + m_no,
                    GridLevel.MANAGEMENT,
                    f"ZX-{r_no:02d}-{m_no:02d}",
                    f"{RESP_NAMES[(r_no - 1) % len(RESP_NAMES)]}{m_no}组",
                    _to_storage(cells[i]),
                    parent_id=r_no,
                )
            )
    town = GridFeature(0, GridLevel.TOWN, "ZX", "示范镇", _to_storage(boundary))

    def lonlat(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lon, lat = project_xy(xy[:, 0], xy[:, 1], METRIC_EPSG, STORAGE_EPSG)
        return np.asarray(lon), np.asarray(lat)

    points: list[PointFeature] = []
    pid = 10000
    # shops cluster along a few streets
    centre = np.array([cx, cy])
    streets = [LineString(rng.uniform(-2500, 2500, size=(4, 2)) + centre) for _ in range(5)]
    shop_xy = []
    while len(shop_xy) < 327:
        s = streets[int(rng.integers(len(streets)))]
        p = s.interpolate(rng.uniform(0, s.length))
        q = np.array([p.x, p.y]) + rng.normal(0, 60, 2)
        if boundary.contains(shapely.Point(q)):
            shop_xy.append(q)
    lon, lat = lonlat(np.asarray(shop_xy))
    for k in range(327):
        pid += 1
        points.append(
            PointFeature(
                pid,
                "shop",
                f"商铺{k + 1:03d}",
                float(lon[k]),
                float(lat[k]),
                None,
                qr_code=f"QR{pid}",
                qr_active=k < 70,
            )
        )
    ind_centre = np.array([cx + 1800, cy - 1200])
    ent = ind_centre + rng.normal(0, 450, size=(41, 2))
    lon, lat = lonlat(ent)
    for k in range(41):
        pid += 1
        points.append(
            PointFeature(
                pid,
                "enterprise",
                f"企业{k + 1:02d}",
                float(lon[k]),
                float(lat[k]),
                None,
                qr_code=f"QR{pid}",
                qr_active=k < 15,
            )
        )
    sites = _random_in(boundary, 6, rng)
    lon, lat = lonlat(sites)
    for k in range(6):
        pid += 1
        points.append(
            PointFeature(
                pid,
                "construction_site",
                f"在建工地{k + 1}",
                float(lon[k]),
                float(lat[k]),
                None,
                qr_code=f"QR{pid}",
                qr_active=k < 4,
            )
        )
    places = _random_in(boundary, 38, rng)
    lon, lat = lonlat(places)
    for k in range(38):
        pid += 1
        points.append(
            PointFeature(
                pid,
                "public_place",
                f"公共场所{k + 1:02d}",
                float(lon[k]),
                float(lat[k]),
                None,
                qr_code=f"QR{pid}",
                qr_active=False,
            )
        )
    # rivers: meandering polylines clipped to the town
    rivers = 0
    while rivers < 39:
        start = _random_in(boundary, 1, rng)[0]
        heading = rng.uniform(0, 2 * np.pi)
        n = int(rng.integers(6, 18))
        steps = np.cumsum(rng.normal(0, 0.35, n)) + heading
        xy = start + np.cumsum(np.column_stack([np.cos(steps), np.sin(steps)]) * 180, axis=0)
        line = LineString(np.vstack([start, xy])).intersection(boundary)
        if line.is_empty or line.geom_type != "LineString" or line.length < 400:
            continue
        rivers += 1
        pid += 1
        placard = line.interpolate(0.5, normalized=True)
        plon, plat = lonlat(np.array([[placard.x, placard.y]]))
        points.append(
            PointFeature(
                pid,
                "river",
                f"{RESP_NAMES[rivers % 29]}河",
                float(plon[0]),
                float(plat[0]),
                None,
                qr_code=f"QR{pid}",
                qr_active=rivers < 6,
                line=_to_storage(line),
            )
        )
    cam_xy = _random_in(boundary, 700, rng)
    lon, lat = lonlat(cam_xy)
    cameras = [
        PointFeature(50000 + k, "camera", f"监控点{k + 1:03d}", float(lon[k]), float(lat[k]), None)
        for k in range(700)
    ]
    case_xy = _random_in(boundary, n_cases, rng)
    lon, lat = lonlat(case_xy)
    states = (
        "reported",
        "to_dispatch",
        "dispatched",
        "dispatched",
        "dispatched",
        "feedback",
        "returned",
        "escalated",
        "police",
        "long_term",
    )
    cases = []
    for k in range(n_cases):
        state = states[int(rng.integers(len(states)))]
        limit = timedelta(hours=float(rng.choice([8, 24, 48, 72, 120])))
        # most cases are well inside their time limit; about one in ten is overdue
        used = float(rng.beta(2.4, 2.0)) * 1.18
        reported = NOW - limit * used
        cases.append(
            CaseFeature(
                id=70000 + k,
                number=f"ZX2025{k + 1:06d}",
                state=state,
                category_name=CATEGORIES[int(rng.integers(len(CATEGORIES)))],
                lon=float(lon[k]),
                lat=float(lat[k]),
                grid_id=None,
                reported_at=reported,
                deadline_at=reported + limit,
                urgent=bool(rng.random() < 0.06),
                source=SOURCES[int(rng.integers(len(SOURCES)))],
                department_name="城管中队",
                grid_code=mgmt[int(rng.integers(len(mgmt)))].code,
            )
        )
    return MapData(
        town=town,
        responsibility_grids=resp,
        management_grids=mgmt,
        key_points=points,
        cameras=cameras,
        cases=cases,
        now=NOW,
    )


# --------------------------------------------------------------------------- the fakes hold


def test_fake_source_satisfies_the_protocol() -> None:
    from desktop.datasource import DataSource

    assert isinstance(FakeSource(), DataSource)


def test_small_data_is_an_exact_tiling() -> None:
    data = small_map_data()
    assert data.town is not None
    union = unary_union([g.geometry for g in data.management_grids])
    assert union.symmetric_difference(data.town.geometry).area < 1e-12
    kinds = {p.kind for p in data.key_points}
    assert kinds == {"shop", "enterprise", "construction_site", "river", "public_place"}


def test_town_data_is_at_demo_scale() -> None:
    data = town_map_data()
    assert len(data.responsibility_grids) <= 29
    assert len(data.management_grids) == 149
    # 327 shops + 41 enterprises + 39 rivers + 6 construction sites + 38 public places
    assert len(data.key_points) == 451
    assert len(data.cameras) == 700
