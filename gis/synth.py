"""Deterministic synthetic geometry for the demo town (a plausible, clearly synthetic Zhaoxiang).

Everything is built in EPSG:4549 metres and converted to the storage CRS at the end, vertex
by vertex, so the exact tiling survives the conversion:

1. an irregular town outline around lon 121.20 E, lat 31.16 N, scaled to exactly 40.47 km²;
2. 29 responsibility-grid centres (17 residential committees packed in the town centre,
   12 village grids around it) and 149 management-grid seeds inside their regions;
3. the Voronoi edges of all 149 seeds plus the outline are noded once and polygonized,
   so neighbouring grids share identical vertices: no gap, no overlap, by construction;
4. responsibility grids and administrative units are unions of their management grids;
5. rivers, key points and cameras are placed inside the grids, away from boundaries.

No database and no Qt here: db/demo.py turns the result into records.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring
from shapely.strtree import STRtree

from gis.crs import project_xy, to_storage

TOWN_AREA_M2 = 40.47e6
CENTRE_LON, CENTRE_LAT = 121.20, 31.16
N_COMMITTEES = 17
N_VILLAGES = 8
N_VILLAGE_GRIDS = 12  # 4 large villages are drawn as two responsibility grids each
N_MANAGEMENT = 149
N_COMMITTEE_MANAGEMENT = 85  # residential compounds; the other 64 are villager groups
# The article names 327 shops, 41 enterprises, 39 rivers and 6 construction sites and gives
# the total as 451; the four add up to 413, so 38 public places (markets, school gates, bus
# hubs, parks) make up the stated total. See docs/DEMO_DATA.md.
KEY_POINT_COUNTS = {"shop": 327, "enterprise": 41, "river": 39, "construction_site": 6, "public_place": 38}
N_CAMERAS = 700
BOUNDARY_CLEARANCE_M = 8.0  # points are kept this far inside their grid


@dataclass
class SynthGrid:
    index: int
    geometry_m: BaseGeometry
    geometry: BaseGeometry = field(default_factory=Polygon)  # storage CRS
    parent: int | None = None  # responsibility index for management grids
    unit: int = -1  # administrative unit index
    urban: bool = False


@dataclass
class SynthPoint:
    kind: str
    x: float
    y: float
    lon: float
    lat: float
    grid: int  # management grid index
    line_m: LineString | None = None
    line: LineString | None = None  # storage CRS


@dataclass
class SynthTown:
    seed: int
    outline_m: Polygon
    outline: BaseGeometry
    units: list[dict]  # {"kind": "village"|"committee", "grids": [resp idx]}
    responsibility: list[SynthGrid]
    management: list[SynthGrid]
    key_points: list[SynthPoint]
    cameras: list[SynthPoint]
    industrial_resp: list[int]


def _outline(rng: np.random.Generator, cx: float, cy: float) -> Polygon:
    """A lobed, slightly elongated outline (a town in the Yangtze delta water network)."""
    n = 240
    theta = np.linspace(0.0, 2 * math.pi, n, endpoint=False)
    r = np.ones(n)
    for k, amp in ((2, 0.10), (3, 0.07), (4, 0.04), (5, 0.03), (7, 0.02), (11, 0.012), (17, 0.008)):
        r += amp * np.cos(k * theta + rng.uniform(0, 2 * math.pi))
    xs = r * np.cos(theta) * 0.82
    ys = r * np.sin(theta) * 1.18
    poly = Polygon(np.column_stack([xs, ys]))
    scale = math.sqrt(TOWN_AREA_M2 / poly.area)
    coords = np.column_stack([cx + xs * scale, cy + ys * scale])
    poly = Polygon(coords)
    # Scale once more so rounding in the first pass cannot leave the area off by a fraction.
    s2 = math.sqrt(TOWN_AREA_M2 / poly.area)
    coords = np.column_stack([cx + (coords[:, 0] - cx) * s2, cy + (coords[:, 1] - cy) * s2])
    return Polygon(coords)


def _sample_in(
    rng: np.random.Generator, poly: BaseGeometry, n: int, min_dist: float, tries: int = 20000
) -> list[tuple[float, float]]:
    """Poisson-disk-like rejection sampling inside a polygon (deterministic for a given rng)."""
    minx, miny, maxx, maxy = poly.bounds
    prepared = shapely.prepare(poly) or poly
    del prepared
    pts: list[tuple[float, float]] = []
    d = min_dist
    attempts = 0
    while len(pts) < n:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        attempts += 1
        if attempts > tries:  # too tight: relax the spacing instead of failing
            d *= 0.85
            attempts = 0
        if not shapely.contains_xy(poly, x, y):
            continue
        if any((x - px) ** 2 + (y - py) ** 2 < d * d for px, py in pts):
            continue
        pts.append((x, y))
    return pts


def _partition(outline: Polygon, seeds: np.ndarray) -> list[Polygon]:
    """Voronoi cells of `seeds` clipped to `outline`, as one noded planar partition.

    Returned in seed order. Neighbouring cells share identical vertices because every cell is
    a face of the same polygonized line work."""
    mp = shapely.MultiPoint(seeds)
    minx, miny, maxx, maxy = outline.bounds
    pad = max(maxx - minx, maxy - miny)
    envelope = shapely.box(minx - pad, miny - pad, maxx + pad, maxy + pad)
    cells = shapely.voronoi_polygons(mp, extend_to=envelope)
    lines = [c.boundary for c in cells.geoms]
    linework = shapely.union_all([*lines, outline.boundary])
    clipped = linework.intersection(outline.buffer(1e-6))
    faces = [f for f in shapely.polygonize([clipped]).geoms if outline.contains(f.representative_point())]
    tree = STRtree(faces)
    out: list[Polygon | None] = [None] * len(seeds)
    for i, (x, y) in enumerate(seeds):
        hits = tree.query(Point(x, y), predicate="intersects")
        if len(hits) != 1:
            raise RuntimeError(f"seed {i} falls in {len(hits)} faces")
        out[i] = faces[int(hits[0])]
    if any(c is None for c in out) or len(faces) != len(seeds):
        raise RuntimeError(f"partition gave {len(faces)} faces for {len(seeds)} seeds")
    return [c for c in out if c is not None]


def _smooth_line(rng: np.random.Generator, start: np.ndarray, end: np.ndarray, wiggle: float) -> LineString:
    n = 40
    t = np.linspace(0, 1, n)
    base = start[None, :] + (end - start)[None, :] * t[:, None]
    normal = np.array([-(end - start)[1], (end - start)[0]])
    normal /= np.linalg.norm(normal)
    offset = np.zeros(n)
    for k in (1, 2, 3, 5):
        offset += wiggle / k * np.sin(k * math.pi * t + rng.uniform(0, 2 * math.pi)) * np.sin(math.pi * t)
    return LineString(base + normal[None, :] * offset[:, None])


def build_town(seed: int = 20260101) -> SynthTown:
    rng = np.random.default_rng(seed)
    cx_arr, cy_arr = project_xy(CENTRE_LON, CENTRE_LAT)
    cx, cy = float(cx_arr), float(cy_arr)
    outline = _outline(rng, cx, cy)

    # -- responsibility-grid centres: committees in a compact core, villages around it
    core_c = np.array([cx + 300.0, cy - 600.0])
    core_r = 1650.0
    committee_centres = []
    golden = math.pi * (3 - math.sqrt(5))
    for i in range(N_COMMITTEES):
        rr = core_r * math.sqrt((i + 0.5) / N_COMMITTEES)
        a = i * golden + rng.uniform(-0.15, 0.15)
        committee_centres.append(core_c + rr * np.array([math.cos(a), math.sin(a)]))
    village_centres = []
    for i in range(N_VILLAGE_GRIDS):
        a = 2 * math.pi * (i + 0.5) / N_VILLAGE_GRIDS + rng.uniform(-0.12, 0.12)
        # project the direction to ~60% of the way to the outline
        far = core_c + 12000 * np.array([math.cos(a), math.sin(a)])
        ray = LineString([core_c, far]).intersection(outline.exterior)
        pts = [ray] if isinstance(ray, Point) else list(getattr(ray, "geoms", []))
        edge = min(pts, key=lambda p: p.distance(Point(core_c)))
        d = Point(core_c).distance(edge)
        frac = 0.62 + rng.uniform(-0.05, 0.05)
        village_centres.append(core_c + (d * frac) * np.array([math.cos(a), math.sin(a)]))
    resp_centres = np.array(committee_centres + village_centres)
    coarse = _partition(outline, resp_centres)
    n_resp = len(resp_centres)

    # -- how many management grids each responsibility grid gets (85 compounds + 64 groups)
    counts = np.zeros(n_resp, dtype=int)
    counts[:N_COMMITTEES] = N_COMMITTEE_MANAGEMENT // N_COMMITTEES
    counts[: N_COMMITTEE_MANAGEMENT % N_COMMITTEES] += 1
    vil_area = np.array([coarse[i].area for i in range(N_COMMITTEES, n_resp)])
    n_vil = N_MANAGEMENT - N_COMMITTEE_MANAGEMENT
    share = np.maximum(3, np.floor(vil_area / vil_area.sum() * n_vil)).astype(int)
    while share.sum() < n_vil:
        share[int(np.argmax(vil_area / share))] += 1
    while share.sum() > n_vil:
        share[int(np.argmax(share))] -= 1
    counts[N_COMMITTEES:] = share

    # -- management seeds inside each coarse region (kept off its edges so cells nest well)
    seeds: list[tuple[float, float]] = []
    owner: list[int] = []
    for r in range(n_resp):
        region = coarse[r].buffer(-60.0)
        if region.is_empty:
            region = coarse[r]
        spacing = math.sqrt(region.area / counts[r]) * 0.75
        for p in _sample_in(rng, region, int(counts[r]), spacing):
            seeds.append(p)
            owner.append(r)
    seeds_arr = np.array(seeds)
    cells = _partition(outline, seeds_arr)

    # A cell belongs to the responsibility grid whose region holds its seed; repair any
    # region that the Voronoi cells left in pieces by moving stray cells to the neighbour
    # they share the longest edge with.
    owner_arr = np.array(owner)
    for _ in range(10):
        moved = False
        for r in range(n_resp):
            idx = np.flatnonzero(owner_arr == r)
            union = shapely.union_all([cells[i] for i in idx])
            if union.geom_type == "Polygon":
                continue
            parts = sorted(union.geoms, key=lambda g: g.area, reverse=True)
            for stray in parts[1:]:
                for i in idx.tolist():
                    if cells[i].representative_point().within(stray):
                        best, best_len = None, 0.0
                        for j in range(len(cells)):
                            if owner_arr[j] == r:
                                continue
                            shared = cells[i].boundary.intersection(cells[j].boundary).length
                            if shared > best_len:
                                best, best_len = j, shared
                        if best is not None:
                            owner_arr[i] = owner_arr[best]
                            moved = True
        if not moved:
            break

    management = [
        SynthGrid(index=i, geometry_m=cells[i], parent=int(owner_arr[i]), urban=owner_arr[i] < N_COMMITTEES)
        for i in range(len(cells))
    ]
    # order management grids by parent then position (west->east, north->south) for codes
    management.sort(key=lambda g: (g.parent, -round(g.geometry_m.centroid.y, -2), g.geometry_m.centroid.x))
    for i, g in enumerate(management):
        g.index = i

    responsibility = []
    for r in range(n_resp):
        parts = [g.geometry_m for g in management if g.parent == r]
        if not parts:
            raise RuntimeError(f"responsibility grid {r} got no management grid")
        responsibility.append(SynthGrid(index=r, geometry_m=shapely.union_all(parts), urban=r < N_COMMITTEES))

    # -- administrative units: each committee = one grid; villages pair up neighbouring grids
    units: list[dict] = [{"kind": "committee", "grids": [r]} for r in range(N_COMMITTEES)]
    vil_idx = list(range(N_COMMITTEES, n_resp))
    vil_area_sorted = sorted(vil_idx, key=lambda r: responsibility[r].geometry_m.area)
    # the 4 largest village grids' neighbours join them; pair around the ring
    n_pairs = N_VILLAGE_GRIDS - N_VILLAGES
    ring = vil_idx  # already in angular order
    used: set[int] = set()
    pairs: list[list[int]] = []
    for r in reversed(vil_area_sorted):
        if len(pairs) == n_pairs:
            break
        if r in used:
            continue
        k = ring.index(r)
        for nb in (ring[(k + 1) % len(ring)], ring[k - 1]):
            if nb not in used and responsibility[r].geometry_m.intersection(
                responsibility[nb].geometry_m
            ).length > 0:
                pairs.append([r, nb])
                used.update((r, nb))
                break
    for r in ring:
        if r not in used:
            pairs.append([r])
    pairs.sort(key=lambda p: ring.index(p[0]))
    for pair in pairs:
        units.append({"kind": "village", "grids": sorted(pair)})
    if len(units) != N_COMMITTEES + N_VILLAGES:
        raise RuntimeError(f"made {len(units)} administrative units")
    for u_i, u in enumerate(units):
        for r in u["grids"]:
            responsibility[r].unit = u_i
    for g in management:
        g.unit = responsibility[g.parent].unit if g.parent is not None else -1

    # -- convert every polygon vertex by vertex
    for g in responsibility + management:
        g.geometry = to_storage(g.geometry_m)
    town_m = shapely.union_all([g.geometry_m for g in management])
    town = to_storage(town_m)

    mtree = STRtree([g.geometry_m for g in management])

    def grid_of(x: float, y: float) -> int | None:
        p = Point(x, y)
        for h in mtree.query(p, predicate="intersects"):
            g = management[int(h)].geometry_m
            if g.contains(p) and g.exterior.distance(p) > BOUNDARY_CLEARANCE_M:
                return int(h)
        return None

    # industrial park: the two village grids furthest east
    industrial = sorted(vil_idx, key=lambda r: -responsibility[r].geometry_m.centroid.x)[:2]

    key_points: list[SynthPoint] = []

    def place(kind: str, n: int, candidates: list[int], weights: np.ndarray, spacing: float) -> None:
        weights = weights / weights.sum()
        placed = 0
        guard = 0
        while placed < n:
            guard += 1
            if guard > n * 500:
                raise RuntimeError(f"could not place {kind}")
            gi = candidates[int(rng.choice(len(candidates), p=weights))]
            g = management[gi].geometry_m
            c = g.representative_point()
            rad = math.sqrt(g.area) * 0.45
            x, y = c.x + rng.normal(0, rad / 2), c.y + rng.normal(0, rad / 2)
            got = grid_of(x, y)
            if got is None:
                continue
            if any((x - p.x) ** 2 + (y - p.y) ** 2 < spacing**2 for p in key_points[-200:]):
                continue
            key_points.append(SynthPoint(kind, x, y, 0.0, 0.0, got))
            placed += 1

    urban_cells = [g.index for g in management if g.urban]
    village_cells = [g.index for g in management if not g.urban and g.parent not in industrial]
    industrial_cells = [g.index for g in management if g.parent in industrial]
    # shops: 80% along the town-centre compounds, the rest near village centres
    shop_cands = urban_cells + village_cells
    shop_w = np.array([4.0] * len(urban_cells) + [0.6] * len(village_cells))
    place("shop", KEY_POINT_COUNTS["shop"], shop_cands, shop_w, 25.0)
    place("enterprise", KEY_POINT_COUNTS["enterprise"], industrial_cells, np.ones(len(industrial_cells)), 120.0)
    fringe = [g.index for g in management if not g.urban and g.geometry_m.distance(Point(core_c)) < 2500]
    place("construction_site", KEY_POINT_COUNTS["construction_site"], fringe, np.ones(len(fringe)), 400.0)
    public_w = np.array([3.0] * len(urban_cells) + [1.0] * len(village_cells))
    place("public_place", KEY_POINT_COUNTS["public_place"], shop_cands, public_w, 150.0)

    # rivers: a few long watercourses across the town, cut into 39 reaches with a placard each
    reaches = _rivers(rng, outline, KEY_POINT_COUNTS["river"])
    for line in reaches:
        for frac in (0.5, 0.42, 0.58, 0.35, 0.65, 0.28, 0.72, 0.2, 0.8):
            p = line.interpolate(frac, normalized=True)
            got = grid_of(p.x, p.y)
            if got is not None:
                # make the placard a vertex of the line, so it stays exactly on the river
                d = line.project(p)
                head = list(substring(line, 0, d).coords)
                tail = list(substring(line, d, line.length).coords)
                with_vertex = LineString([*head[:-1], (p.x, p.y), *tail[1:]])
                key_points.append(SynthPoint("river", p.x, p.y, 0.0, 0.0, got, line_m=with_vertex))
                break
        else:
            raise RuntimeError("no placard position for a river reach")

    # cameras: road junctions and compounds; denser in the centre
    cameras: list[SynthPoint] = []
    cam_w = np.array([3.0 if g.urban else 1.0 for g in management]) * np.array(
        [math.sqrt(g.geometry_m.area) for g in management]
    )
    cam_w /= cam_w.sum()
    while len(cameras) < N_CAMERAS:
        gi = int(rng.choice(len(management), p=cam_w))
        g = management[gi].geometry_m
        minx, miny, maxx, maxy = g.bounds
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        got = grid_of(x, y)
        if got is None:
            continue
        cameras.append(SynthPoint("camera", x, y, 0.0, 0.0, got))

    for pts in (key_points, cameras):
        xs = np.array([sp.x for sp in pts])
        ys = np.array([sp.y for sp in pts])
        lons, lats = project_xy(xs, ys, 4549, 4490)
        for sp, lo, la in zip(pts, lons, lats, strict=True):
            sp.lon, sp.lat = float(lo), float(la)
            if sp.line_m is not None:
                sp.line = to_storage(sp.line_m)

    return SynthTown(
        seed=seed,
        outline_m=town_m if isinstance(town_m, Polygon) else outline,
        outline=town,
        units=units,
        responsibility=responsibility,
        management=management,
        key_points=key_points,
        cameras=cameras,
        industrial_resp=industrial,
    )


def _rivers(rng: np.random.Generator, outline: Polygon, n_reaches: int) -> list[LineString]:
    minx, miny, maxx, maxy = outline.bounds
    w, h = maxx - minx, maxy - miny
    specs = [  # (start, end, wiggle) as fractions of the bounding box
        ((-0.1, 0.30), (1.1, 0.42), 0.06),
        ((-0.1, 0.68), (1.1, 0.60), 0.05),
        ((0.35, -0.1), (0.45, 1.1), 0.05),
        ((0.72, -0.1), (0.66, 1.1), 0.04),
        ((-0.1, 0.88), (0.55, 0.78), 0.03),
        ((0.55, 0.12), (1.1, 0.05), 0.03),
        ((0.05, 0.05), (0.30, 0.50), 0.02),
    ]
    lines: list[LineString] = []
    for (sx, sy), (ex, ey), wig in specs:
        start = np.array([minx + sx * w, miny + sy * h])
        end = np.array([minx + ex * w, miny + ey * h])
        line = _smooth_line(rng, start, end, wig * max(w, h)).intersection(outline)
        if isinstance(line, MultiLineString):
            lines.extend(g for g in line.geoms if g.length > 300)
        elif isinstance(line, LineString) and line.length > 300:
            lines.append(line)
    total = sum(line.length for line in lines)
    shares = [max(1, round(line.length / total * n_reaches)) for line in lines]
    while sum(shares) > n_reaches:
        shares[int(np.argmax(shares))] -= 1
    while sum(shares) < n_reaches:
        shares[int(np.argmax([line.length / s for line, s in zip(lines, shares, strict=True)]))] += 1
    reaches: list[LineString] = []
    for line, k in zip(lines, shares, strict=True):
        for j in range(k):
            seg = substring(line, j / k, (j + 1) / k, normalized=True)
            reaches.append(seg)
    return reaches
