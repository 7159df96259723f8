"""A deterministic synthetic city for scale tests: what GridDesk must stay fast on when one
town's duty room becomes a district's or a city's.

`build_city()` makes, from a seed, in about ten seconds:

* a city outline of the area 20,000 town-sized management grids cover (~5,400 km²);
* 20,000 management grids tiling it exactly (Voronoi cells of a jittered hexagonal lattice,
  their edges densified and bent by a smooth displacement field, so boundaries carry tens of
  vertices like surveyed ones and simplification by zoom has work to do; the field is a
  function of position, so neighbours keep sharing identical vertices);
* 4,000 responsibility grids, each the union of about five management grids;
* 100,000 key points in the town's mix (shops, enterprises, river placards on their river
  reaches, construction sites, public places), denser towards the centre;
* 1,000,000 open cases as columns (`PointColumns`), clustered in hot spots, in the open
  states with deadlines around the reference time (some overdue, a few urgent).

Everything is returned in the storage CRS (EPSG:4490) like the database delivers it, so the
map model does the same work it does for the real town. No database, no Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon

from gis.crs import METRIC_EPSG, STORAGE_EPSG, project_xy, transform_geometry
from gis.features import CaseFeature, GridFeature, GridLevel, MapData, PointFeature
from gis.mapmodel import CASE_STATE_CODES, PARKED_CASE_STATES, PointColumns

CITY_GRIDS = 20_000
CITY_KEY_POINTS = 100_000
CITY_CASES = 1_000_000
GRIDS_PER_RESPONSIBILITY = 5
GRID_AREA_M2 = 40.47e6 / 149  # a Zhaoxiang management grid, on average
CENTRE_LON, CENTRE_LAT = 121.45, 31.20
REFERENCE = datetime(2026, 11, 27, 9, 30)
DEFAULT_SEED = 20261127

SEGMENT_M = 60.0  # boundary vertices every this many metres before bending
BEND_M = 7.0  # amplitude of the displacement field

# The town's key point mix (327 shops, 41 enterprises, 39 rivers, 6 sites, 38 public places).
KIND_SHARES: dict[str, float] = {
    "shop": 327 / 451,
    "enterprise": 41 / 451,
    "river": 39 / 451,
    "construction_site": 6 / 451,
    "public_place": 38 / 451,
}
KIND_NAMES = {
    "shop": "商铺",
    "enterprise": "企业",
    "river": "河道",
    "construction_site": "在建工地",
    "public_place": "公共场所",
}
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
# open-state mix of the cases (shares of CASE_STATE_CODES)
STATE_SHARES = (0.04, 0.03, 0.62, 0.17, 0.04, 0.02, 0.01, 0.07)


@dataclass
class City:
    """The generated city: map data (grids, key points) and the cases as columns."""

    data: MapData
    cases: PointColumns
    reference: datetime
    seed: int

    @property
    def counts(self) -> dict[str, int]:
        return {
            "management_grids": len(self.data.management_grids),
            "responsibility_grids": len(self.data.responsibility_grids),
            "key_points": len(self.data.key_points),
            "cases": len(self.cases.ids),
        }


# --------------------------------------------------------------------------- geometry


def _outline(rng: np.random.Generator, cx: float, cy: float, area: float) -> Polygon:
    theta = np.linspace(0.0, 2.0 * math.pi, 721)[:-1]
    r = np.ones_like(theta)
    for k, amp in ((2, 0.10), (3, 0.07), (5, 0.04), (7, 0.025), (11, 0.012)):
        r += amp * np.sin(k * theta + rng.uniform(0, 2 * math.pi))
    poly = Polygon(np.column_stack([cx + r * np.cos(theta), cy + 0.85 * r * np.sin(theta)]))
    scale = math.sqrt(area / poly.area)
    return Polygon(
        np.column_stack([cx + scale * r * np.cos(theta), cy + scale * 0.85 * r * np.sin(theta)])
    )


def _bend(coords: np.ndarray) -> np.ndarray:
    """A smooth displacement field (metres): a function of position only, so a vertex two
    polygons share moves identically in both."""
    x, y = coords[:, 0], coords[:, 1]
    dx = BEND_M * (np.sin(x / 97.0 + 3.0 * np.cos(y / 131.0)) + 0.5 * np.sin(y / 41.0))
    dy = BEND_M * (np.cos(y / 89.0 + 3.0 * np.sin(x / 113.0)) + 0.5 * np.cos(x / 37.0))
    return np.column_stack([x + dx / 1.5, y + dy / 1.5])


class _Lattice:
    """Jittered hexagonal lattice sites (the grid seeds) and nearest-site lookup."""

    def __init__(
        self, rng: np.random.Generator, outline: Polygon, n: int, jitter: float = 0.28
    ) -> None:
        minx, miny, maxx, maxy = outline.bounds
        s = math.sqrt(outline.area / (n * math.sqrt(3.0) / 2.0)) * 0.985
        rows = int((maxy - miny) / (s * math.sqrt(3.0) / 2.0)) + 3
        cols = int((maxx - minx) / s) + 3
        jj, ii = np.mgrid[0:rows, 0:cols]
        x = minx - s + ii * s + (jj % 2) * s / 2.0
        y = miny - s + jj * s * math.sqrt(3.0) / 2.0
        x = x + rng.uniform(-jitter, jitter, x.shape) * s
        y = y + rng.uniform(-jitter, jitter, y.shape) * s
        inside = shapely.contains_xy(outline, x, y)
        flat = np.flatnonzero(inside.ravel())
        if len(flat) < n:
            raise RuntimeError("lattice too coarse for the outline")
        keep = np.sort(rng.choice(flat, size=n, replace=False))
        mask = np.zeros(x.size, dtype=bool)
        mask[keep] = True
        self.s = s
        self.x0, self.y0 = minx - s, miny - s
        self.rows, self.cols = rows, cols
        self.sx = np.where(mask, x.ravel(), np.nan).reshape(rows, cols)
        self.sy = np.where(mask, y.ravel(), np.nan).reshape(rows, cols)
        # site number (0..n-1) of each kept lattice slot, in row-major order
        self.number = np.full(rows * cols, -1, dtype=np.int64)
        self.number[keep] = np.arange(n)
        self.seeds = np.column_stack([x.ravel()[keep], y.ravel()[keep]])

    def nearest(self, px: np.ndarray, py: np.ndarray) -> np.ndarray:
        """Number of the nearest kept site of every point (vectorised over a 5x5 window)."""
        j = np.rint((py - self.y0) / (self.s * math.sqrt(3.0) / 2.0)).astype(np.int64)
        i = np.rint((px - self.x0) / self.s).astype(np.int64)
        best = np.full(len(px), np.inf)
        out = np.full(len(px), -1, dtype=np.int64)
        flat_x, flat_y = self.sx.ravel(), self.sy.ravel()
        for dj in range(-2, 3):
            jj = np.clip(j + dj, 0, self.rows - 1) * self.cols
            for di in range(-2, 3):
                slot = jj + np.clip(i + di, 0, self.cols - 1)
                dx = flat_x[slot] - px
                dy = flat_y[slot] - py
                d = dx * dx + dy * dy
                better = d < best  # NaN (dropped slot) is never better
                best[better] = d[better]
                out[better] = self.number[slot[better]]
        return out


def _cells(lattice: _Lattice, outline: Polygon) -> np.ndarray:
    """The Voronoi cells of the sites clipped to the outline, in site order, bent."""
    seeds = shapely.points(lattice.seeds)
    box = shapely.box(*shapely.bounds(outline.buffer(lattice.s * 3)))
    raw = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=box))
    # the Voronoi output order is not the input order: match each cell to its site
    tree = shapely.STRtree(raw)
    site, cell = tree.query(seeds, predicate="within")
    order = np.empty(len(seeds), dtype=np.int64)
    order[site] = cell
    cells = raw[order]
    edge = ~shapely.contains(outline, cells)  # only the cells on the outline need clipping
    cells[edge] = shapely.intersection(cells[edge], outline)
    cells = shapely.segmentize(cells, SEGMENT_M)
    cells = shapely.set_precision(cells, 0.01)  # identical vertices on shared edges
    bent = shapely.transform(cells, _bend)
    bad = ~shapely.is_valid(bent)
    if bad.any():  # a rare pinched corner: keep that cell straight (its edges still match)
        bent[bad] = cells[bad]
    return np.asarray(bent, dtype=object)


def _river_reaches(rng: np.random.Generator, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """A short meandering reach through each placard (the placard is its middle vertex)."""
    n = len(x)
    angle = rng.uniform(0, math.pi, n)[:, None]
    t = np.linspace(-1.0, 1.0, 9)[None, :]
    length = rng.uniform(400.0, 900.0, n)[:, None]
    wig = rng.uniform(20.0, 60.0, n)[:, None] * np.sin(
        t * math.pi * rng.uniform(1.0, 2.0, n)[:, None]
    )
    ux, uy = np.cos(angle), np.sin(angle)
    xs = x[:, None] + t * length / 2.0 * ux - wig * uy
    ys = y[:, None] + t * length / 2.0 * uy + wig * ux
    xs[:, 4], ys[:, 4] = x, y
    coords = np.column_stack([xs.ravel(), ys.ravel()])
    return np.asarray(shapely.linestrings(coords, indices=np.repeat(np.arange(n), 9)), dtype=object)


def _to_storage(geoms: np.ndarray) -> np.ndarray:
    def _apply(coords: np.ndarray) -> np.ndarray:
        lon, lat = project_xy(coords[:, 0], coords[:, 1], METRIC_EPSG, STORAGE_EPSG)
        return np.column_stack([lon, lat])

    return np.asarray(shapely.transform(geoms, _apply), dtype=object)


def _hotspots(
    rng: np.random.Generator, outline: Polygon, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    minx, miny, maxx, maxy = outline.bounds
    hx = rng.uniform(minx, maxx, n)
    hy = rng.uniform(miny, maxy, n)
    ok = shapely.contains_xy(outline, hx, hy)
    return hx[ok], hy[ok], rng.uniform(300.0, 2500.0, int(ok.sum()))


def _sample_points(
    rng: np.random.Generator,
    outline: Polygon,
    n: int,
    centre: tuple[float, float],
    hot: tuple[np.ndarray, np.ndarray, np.ndarray],
    hot_share: float,
    centre_sigma: float,
) -> tuple[np.ndarray, np.ndarray]:
    """n points inside the outline: a share around hot spots, the rest around the centre
    (wide) and uniform."""
    minx, miny, maxx, maxy = outline.bounds
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    have = 0
    while have < n:
        m = int((n - have) * 1.4) + 64
        kind = rng.uniform(0, 1, m)
        x = rng.uniform(minx, maxx, m)
        y = rng.uniform(miny, maxy, m)
        hx, hy, hr = hot
        k = rng.integers(0, len(hx), m)
        sel = kind < hot_share
        x[sel] = hx[k[sel]] + rng.normal(0, 1, int(sel.sum())) * hr[k[sel]]
        y[sel] = hy[k[sel]] + rng.normal(0, 1, int(sel.sum())) * hr[k[sel]]
        cen = (kind >= hot_share) & (kind < hot_share + (1 - hot_share) * 0.6)
        x[cen] = centre[0] + rng.normal(0, centre_sigma, int(cen.sum()))
        y[cen] = centre[1] + rng.normal(0, centre_sigma, int(cen.sum()))
        ok = shapely.contains_xy(outline, x, y)
        xs.append(x[ok])
        ys.append(y[ok])
        have += int(ok.sum())
    return np.concatenate(xs)[:n], np.concatenate(ys)[:n]


# --------------------------------------------------------------------------- the city


def build_city(
    seed: int = DEFAULT_SEED,
    n_grids: int = CITY_GRIDS,
    n_key_points: int = CITY_KEY_POINTS,
    n_cases: int = CITY_CASES,
    grids_per_responsibility: int = GRIDS_PER_RESPONSIBILITY,
    reference: datetime = REFERENCE,
) -> City:
    """The synthetic city for a seed (same seed, same city)."""
    rng = np.random.default_rng(seed)
    cx, cy = (float(v) for v in project_xy(CENTRE_LON, CENTRE_LAT))
    outline = _outline(rng, cx, cy, n_grids * GRID_AREA_M2)
    shapely.prepare(outline)

    # management grids
    lattice = _Lattice(rng, outline, n_grids)
    cells = _cells(lattice, outline)
    # responsibility grids: every management grid joins the nearest of a coarser lattice
    n_resp = max(1, n_grids // grids_per_responsibility)
    coarse = _Lattice(rng, outline, n_resp, jitter=0.2)
    parent = coarse.nearest(lattice.seeds[:, 0], lattice.seeds[:, 1])
    order = np.argsort(parent, kind="stable")
    bounds = np.searchsorted(parent[order], np.arange(n_resp + 1))
    resp_geoms = np.empty(n_resp, dtype=object)
    for r in range(n_resp):
        members = cells[order[bounds[r] : bounds[r + 1]]]
        resp_geoms[r] = shapely.coverage_union_all(members) if len(members) else Polygon()
    city_geom = shapely.coverage_union_all(cells)

    resp_storage = _to_storage(resp_geoms)
    cell_storage = _to_storage(cells)
    town_storage = transform_geometry(city_geom, METRIC_EPSG, STORAGE_EPSG)

    def grid_code(r: int, seq: int) -> str:
        county = 310101 + r // 400  # 6 digits
        town = 1 + (r % 400) // 50  # 3 digits
        community = 1 + r % 50  # 2 digits
        return f"{county:06d}{town:03d}{community:02d}{seq:03d}"

    data = MapData(now=reference)
    data.town = GridFeature(0, GridLevel.TOWN, "310100000", "示例城市（合成）", town_storage)
    resp_id0, mgmt_id0 = 1, 100_000
    for r in range(n_resp):
        if resp_geoms[r].is_empty:
            continue
        data.responsibility_grids.append(
            GridFeature(
                resp_id0 + r,
                GridLevel.RESPONSIBILITY,
                grid_code(r, 0),
                f"第{r + 1}责任网格",
                resp_storage[r],
            )
        )
    seq_in_parent = np.zeros(n_resp, dtype=np.int64)
    for k in range(n_grids):
        r = int(parent[k])
        seq_in_parent[r] += 1
        s = int(seq_in_parent[r])
        data.management_grids.append(
            GridFeature(
                mgmt_id0 + k,
                GridLevel.MANAGEMENT,
                grid_code(r, s),
                f"{r + 1}-{s}网格",
                cell_storage[k],
                parent_id=resp_id0 + r,
            )
        )

    # key points
    hot = _hotspots(rng, outline, 400)
    kx, ky = _sample_points(rng, outline, n_key_points, (cx, cy), hot, 0.3, 12_000.0)
    kinds = np.asarray(list(KIND_SHARES), dtype=object)
    kind_of = kinds[
        np.searchsorted(
            np.cumsum(list(KIND_SHARES.values())), rng.uniform(0, 1, n_key_points)
        ).clip(0, len(kinds) - 1)
    ]
    grid_of = lattice.nearest(kx, ky)
    klon, klat = project_xy(kx, ky, METRIC_EPSG, STORAGE_EPSG)
    qr_active = rng.uniform(0, 1, n_key_points) < 95 / 451
    counters = dict.fromkeys(KIND_SHARES, 0)
    river_idx = np.flatnonzero(kind_of == "river")
    river_storage: dict[int, LineString] = {}
    if len(river_idx):
        lines = _to_storage(_river_reaches(rng, kx[river_idx], ky[river_idx]))
        river_storage = dict(zip(river_idx.tolist(), lines, strict=True))
    for k in range(n_key_points):
        kind = str(kind_of[k])
        counters[kind] += 1
        data.key_points.append(
            PointFeature(
                id=1_000_000 + k,
                kind=kind,
                name=f"{KIND_NAMES[kind]}{counters[kind]}",
                lon=float(klon[k]),
                lat=float(klat[k]),
                grid_id=mgmt_id0 + int(grid_of[k]),
                qr_code=f"QR{k:08d}",
                qr_active=bool(qr_active[k]),
                line=river_storage.get(k),
            )
        )

    # cases, as columns
    px, py = _sample_points(rng, outline, n_cases, (cx, cy), hot, 0.55, 9_000.0)
    lon, lat = project_xy(px, py, METRIC_EPSG, STORAGE_EPSG)
    case_grid = lattice.nearest(px, py)
    ref_ts = reference.timestamp()
    # reported within 1.15 of its time limit ago: about one case in eight is overdue
    limit = rng.choice(np.array([4, 8, 24, 48, 120, 240]) * 3600.0, n_cases)
    reported = ref_ts - rng.uniform(0, 1.15, n_cases) * limit
    deadline = reported + limit
    state_code = (
        np.searchsorted(np.cumsum(STATE_SHARES), rng.uniform(0, 1, n_cases))
        .clip(0, len(CASE_STATE_CODES) - 1)
        .astype(np.int8)
    )
    states = np.asarray(CASE_STATE_CODES, dtype=object)[state_code]
    parked_codes = [CASE_STATE_CODES.index(s) for s in PARKED_CASE_STATES]
    urgent = rng.uniform(0, 1, n_cases) < 0.03
    category = rng.integers(0, len(CATEGORIES), n_cases).astype(np.int16)
    ids = np.arange(10_000_000, 10_000_000 + n_cases, dtype=np.int64)
    grid_ids = mgmt_id0 + case_grid

    def make_case(k: int) -> CaseFeature:
        rep = datetime.fromtimestamp(float(reported[k]))
        return CaseFeature(
            id=int(ids[k]),
            number=f"SH{rep:%Y%m%d}-{int(ids[k]) % 1_000_000:06d}",
            state=str(states[k]),
            category_name=CATEGORIES[int(category[k])],
            lon=float(lon[k]),
            lat=float(lat[k]),
            grid_id=int(grid_ids[k]),
            reported_at=rep,
            deadline_at=datetime.fromtimestamp(float(deadline[k])),
            urgent=bool(urgent[k]),
            source="patrol",
        )

    cases = PointColumns(
        ids=ids,
        lon=np.asarray(lon, dtype=float),
        lat=np.asarray(lat, dtype=float),
        attrs={
            "state": states,
            "state_code": state_code,
            "urgent": urgent,
            "parked": np.isin(state_code, parked_codes),
            "deadline": deadline,
            "reported": reported,
            "grid_id": grid_ids.astype(np.int64),
        },
        record=make_case,
    )
    return City(data=data, cases=cases, reference=reference, seed=seed)
