"""The evented, Qt-free map model GridDesk's views draw.

`MapModel` is built from a `gis.features.MapData`. It projects every geometry once to the
display CRS (default EPSG:4549, CGCS2000 3-degree Gauss-Kruger, metres; any projected CRS in
metres may be chosen), keeps per-layer numpy arrays ready for batched drawing, a spatial index
per layer for culling and hit-testing (an STRtree for polygons and lines, a bucket grid for
points, which stays fast with a million of them), simplified vertex arrays per zoom level
(coverage-preserving, so a tiling stays a tiling), the layer list (visibility, opacity,
z-order), the thematic colouring, the selection and the view state (centre, metres per pixel,
size in pixels). It emits psygnal signals; Qt views observe it and never own data, so the
whole model runs and is tested headless.

Very large point layers (a city's million cases) can be given as columns
(`MapModel.set_point_columns`) instead of one record object per feature; records are then
made on demand (for a tooltip).

Conventions
-----------
* World coordinates are display-CRS metres (x = easting, y = northing).
* Screen coordinates are pixels, origin top-left, y down.
* Layer ids are the `LayerId` values; layer titles are English source strings that the
  desktop translates (context "Layers").
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import numpy as np
import shapely
from psygnal import Signal
from shapely import STRtree
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from gis.clusterindex import CLUSTER_INDEX_MIN, ClusterIndex
from gis.crs import METRIC_EPSG, STORAGE_EPSG, crs, project_xy
from gis.features import CaseFeature, GridFeature, KeyPointKind, MapData, PointFeature
from gis.thematic import Classification, ThematicField

Bbox = tuple[float, float, float, float]  # minx, miny, maxx, maxy (world metres)
Hit = tuple[str, int]  # (layer id, feature id)

TOWN_TZ = ZoneInfo("Asia/Shanghai")

# Case states that are finished: they never appear on the map or in the live queue.
CLOSED_CASE_STATES: frozenset[str] = frozenset({"closed", "rejected"})
# Open but parked (挂账): long-running matters on the books. They are listed last and never
# raise the overdue alarm (red marker, halo, overdue count), although their deadline shows.
PARKED_CASE_STATES: frozenset[str] = frozenset({"long_term"})
# Compact codes of the open states (the "state_code" attribute of the case layer).
CASE_STATE_CODES: tuple[str, ...] = (
    "reported",
    "to_dispatch",
    "dispatched",
    "feedback",
    "returned",
    "escalated",
    "police",
    "long_term",
)
_STATE_CODE = {s: i for i, s in enumerate(CASE_STATE_CODES)}
UNKNOWN_STATE_CODE = len(CASE_STATE_CODES)

# Below this many points a layer is culled by a plain numpy mask; above, by the bucket grid.
SMALL_POINT_LAYER = 4096
# Layers with fewer vertices than this are never simplified (nothing to gain).
LOD_MIN_VERTICES = 3000
# Simplification tolerance as a share of a pixel: the error stays at about a pixel, which the
# 1-pixel outlines drawn over every boundary hide.
LOD_PIXEL_SHARE = 1.0
# palette-filled layers whose fills are dissolved by parent (MapModel.fill_groups), from this
# many features (a town's few grids fill faster than a merge pays off)
FILL_GROUP_LAYERS = ("management_grids",)
FILL_GROUPS_MIN = 2000


class LayerId(StrEnum):
    TOWN = "town"
    RESPONSIBILITY = "responsibility_grids"
    MANAGEMENT = "management_grids"
    RIVERS = "rivers"
    RIVER_PLACARDS = "river_placards"
    SHOPS = "shops"
    ENTERPRISES = "enterprises"
    CONSTRUCTION_SITES = "construction_sites"
    PUBLIC_PLACES = "public_places"
    OTHER_POINTS = "other_key_points"
    CAMERAS = "cameras"
    MEETINGS = "meetings"
    CASES = "cases"


class GeometryType(StrEnum):
    POLYGON = "polygon"
    LINE = "line"
    POINT = "point"


@dataclass(slots=True)
class Layer:
    """One map layer's presentation state (not its data)."""

    id: str
    title: str  # English source text; the desktop translates it in context "Layers"
    geometry_type: GeometryType
    visible: bool = True
    opacity: float = 1.0
    z: int = 0

    def __post_init__(self) -> None:
        self.id = str(self.id)  # plain str, also for LayerId members


def default_layers() -> list[Layer]:
    """The layers GridDesk shows, bottom to top."""
    P, L, T = GeometryType.POLYGON, GeometryType.LINE, GeometryType.POINT
    return [
        Layer(LayerId.TOWN, "Town boundary", P, z=10),
        Layer(LayerId.RESPONSIBILITY, "Responsibility grids", P, z=20),
        Layer(LayerId.MANAGEMENT, "Management grids", P, z=30),
        Layer(LayerId.RIVERS, "Rivers", L, z=40),
        Layer(LayerId.CAMERAS, "Cameras", T, visible=False, z=50),
        Layer(LayerId.RIVER_PLACARDS, "River QR placards", T, z=60),
        Layer(LayerId.SHOPS, "Shops", T, z=61),
        Layer(LayerId.ENTERPRISES, "Enterprises", T, z=62),
        Layer(LayerId.CONSTRUCTION_SITES, "Construction sites", T, z=63),
        Layer(LayerId.PUBLIC_PLACES, "Public places", T, z=64),
        Layer(LayerId.OTHER_POINTS, "Other key points", T, z=65),
        Layer(LayerId.MEETINGS, "Meetings", T, z=90),
        Layer(LayerId.CASES, "Cases", T, z=100),
    ]


KEY_POINT_LAYERS: dict[str, str] = {
    KeyPointKind.SHOP: LayerId.SHOPS,
    KeyPointKind.ENTERPRISE: LayerId.ENTERPRISES,
    KeyPointKind.CONSTRUCTION_SITE: LayerId.CONSTRUCTION_SITES,
    KeyPointKind.RIVER: LayerId.RIVER_PLACARDS,
    "public_place": LayerId.PUBLIC_PLACES,
}
# Point layers whose look never changes with time: the canvas may cache them as an image.
STATIC_POINT_LAYERS: frozenset[str] = frozenset(
    {
        LayerId.CAMERAS,
        LayerId.RIVER_PLACARDS,
        LayerId.SHOPS,
        LayerId.ENTERPRISES,
        LayerId.CONSTRUCTION_SITES,
        LayerId.PUBLIC_PLACES,
        LayerId.OTHER_POINTS,
        LayerId.MEETINGS,
    }
)
# Point layers fed separately through `set_point_columns` (not from MapData): `set_data`
# keeps them as they are.
FED_POINT_LAYERS: frozenset[str] = frozenset({LayerId.MEETINGS})
# Polygon layers the thematic colouring can apply to.
THEMATIC_LAYERS: tuple[str, ...] = (LayerId.MANAGEMENT, LayerId.RESPONSIBILITY)


def check_display_crs(epsg: int) -> None:
    """Raise ValueError unless `epsg` is a projected CRS in metres (the map draws in metres)."""
    try:
        c = crs(int(epsg))
    except Exception as exc:
        raise ValueError(f"EPSG:{epsg} is not a known coordinate reference system") from exc
    if not c.is_projected:
        raise ValueError(f"EPSG:{epsg} ({c.name}) is not projected; choose a projected CRS")
    units = {(a.unit_name or "").lower() for a in c.axis_info}
    if not units <= {"metre", "meter"}:
        raise ValueError(f"EPSG:{epsg} ({c.name}) is not in metres; choose one that is")


# --------------------------------------------------------------------------- indexes


class IdLookup:
    """Feature id -> position in a layer's arrays, for any number of features (sorted ids +
    binary search; no Python dict of a million entries). Behaves like a read-only dict."""

    __slots__ = ("_ids", "_order", "_sorted")

    def __init__(self, ids: np.ndarray) -> None:
        self._ids = np.asarray(ids, dtype=np.int64)
        self._order = np.argsort(self._ids, kind="stable")
        self._sorted = self._ids[self._order]

    def get(self, feature_id: Any, default: Any = None) -> Any:
        try:
            fid = int(feature_id)
        except (TypeError, ValueError):
            return default
        k = int(np.searchsorted(self._sorted, fid))
        if k < len(self._sorted) and int(self._sorted[k]) == fid:
            return int(self._order[k])
        return default

    def __getitem__(self, feature_id: Any) -> int:
        k = self.get(feature_id)
        if k is None:
            raise KeyError(feature_id)
        return int(k)

    def __contains__(self, feature_id: object) -> bool:
        return self.get(feature_id) is not None

    def __len__(self) -> int:
        return len(self._ids)

    def positions(self, feature_ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Positions of many ids at once (-1 where an id is unknown)."""
        f = np.asarray(feature_ids, dtype=np.int64)
        if len(self._sorted) == 0:
            return np.full(f.shape, -1, dtype=np.int64)
        k = np.clip(np.searchsorted(self._sorted, f), 0, len(self._sorted) - 1)
        found = self._sorted[k] == f
        return np.where(found, self._order[k], -1).astype(np.int64)


class PointIndex:
    """A bucket grid over points: cell-sorted order + cell start offsets.

    Culling a bbox touches only the cells it covers and nearest-point queries only the cells
    around the point, so both stay in the microseconds to low milliseconds for a million
    points (an STRtree of a million shapely points would take seconds and hundreds of MB)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, per_cell: float = 24.0) -> None:
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self._all: np.ndarray | None = None
        n = len(self.x)
        finite = np.isfinite(self.x) & np.isfinite(self.y)
        if n == 0 or not finite.any():
            self.x0 = self.y0 = 0.0
            self.cell = 1.0
            self.ncx = self.ncy = 1
            self.order = np.flatnonzero(finite).astype(np.int64)
            self.starts = np.array([0, len(self.order)], dtype=np.int64)
            return
        fx, fy = self.x[finite], self.y[finite]
        self.x0, self.y0 = float(fx.min()), float(fy.min())
        w = max(float(fx.max()) - self.x0, 1e-6)
        h = max(float(fy.max()) - self.y0, 1e-6)
        cells = max(1.0, len(fx) / per_cell)
        self.cell = max(math.sqrt(w * h / cells), 1e-3)
        self.ncx = int(w / self.cell) + 1
        self.ncy = int(h / self.cell) + 1
        ix = ((fx - self.x0) / self.cell).astype(np.int64)
        iy = ((fy - self.y0) / self.cell).astype(np.int64)
        cid = iy * self.ncx + ix
        idx = np.flatnonzero(finite)
        order = np.argsort(cid, kind="stable")
        self.order = idx[order].astype(np.int64)
        self.starts = np.searchsorted(cid[order], np.arange(self.ncx * self.ncy + 1)).astype(
            np.int64
        )

    def _cell_range(self, minx: float, maxx: float, miny: float, maxy: float) -> tuple[int, ...]:
        c0 = max(0, math.floor((minx - self.x0) / self.cell))
        c1 = min(self.ncx - 1, math.floor((maxx - self.x0) / self.cell))
        r0 = max(0, math.floor((miny - self.y0) / self.cell))
        r1 = min(self.ncy - 1, math.floor((maxy - self.y0) / self.cell))
        return c0, c1, r0, r1

    def candidates(self, bbox: Bbox) -> np.ndarray:
        """Indices of the points in the cells the bbox touches (a superset, unordered)."""
        minx, miny, maxx, maxy = bbox
        c0, c1, r0, r1 = self._cell_range(minx, maxx, miny, maxy)
        if c0 > c1 or r0 > r1:
            return np.empty(0, dtype=np.int64)
        rows = np.arange(r0, r1 + 1, dtype=np.int64)
        lo = self.starts[rows * self.ncx + c0]
        hi = self.starts[rows * self.ncx + c1 + 1]
        counts = hi - lo
        total = int(counts.sum())
        if total == 0:
            return np.empty(0, dtype=np.int64)
        if total == len(self.order):
            return self.order
        offs = np.cumsum(counts) - counts
        take = np.repeat(lo - offs, counts) + np.arange(total)
        return self.order[take]

    def query(self, bbox: Bbox, sort: bool = True) -> np.ndarray:
        """Indices of the points inside bbox (inclusive)."""
        minx, miny, maxx, maxy = bbox
        if self.covered_by(bbox):
            return self.all()
        cand = self.candidates(bbox)
        if len(cand) == 0:
            return cand
        cx, cy = self.x[cand], self.y[cand]
        mask = (cx >= minx) & (cx <= maxx) & (cy >= miny) & (cy <= maxy)
        out = cand if mask.all() else cand[mask]
        return np.sort(out) if sort else out

    def covered_by(self, bbox: Bbox) -> bool:
        """Whether every (located) point lies inside bbox."""
        minx, miny, maxx, maxy = bbox
        return (
            len(self.order) == len(self.x)
            and minx <= self.x0
            and miny <= self.y0
            and maxx >= self.x0 + self.ncx * self.cell
            and maxy >= self.y0 + self.ncy * self.cell
        )

    def all(self) -> np.ndarray:
        if self._all is None or len(self._all) != len(self.x):
            self._all = np.arange(len(self.x), dtype=np.int64)
        return self._all

    def within(self, x: float, y: float, radius: float) -> tuple[np.ndarray, np.ndarray]:
        """(indices, distances) of the points within `radius` of (x, y)."""
        cand = self.candidates((x - radius, y - radius, x + radius, y + radius))
        if len(cand) == 0:
            return cand, np.empty(0)
        d = np.hypot(self.x[cand] - x, self.y[cand] - y)
        keep = d <= radius
        return cand[keep], d[keep]

    def nearest(self, x: float, y: float, radius: float) -> tuple[int, float] | None:
        """The nearest point within `radius` (ties: the lowest index), or None."""
        idx, d = self.within(x, y, radius)
        if len(idx) == 0:
            return None
        best = np.flatnonzero(d == d.min())
        k = int(idx[best].min())
        return k, float(d.min())


class LazyRecords(Sequence[Any]):
    """Records of a columnar layer, made one at a time when asked for."""

    def __init__(self, n: int, make: Callable[[int], Any]) -> None:
        self._n = int(n)
        self._make = make

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self._make(i) for i in range(*k.indices(self._n))]
        k = int(k)
        if k < 0:
            k += self._n
        if not 0 <= k < self._n:
            raise IndexError(k)
        return self._make(k)

    def __iter__(self) -> Iterator[Any]:
        return (self._make(i) for i in range(self._n))


@dataclass
class PointColumns:
    """A point layer given as columns: ids, storage-CRS lon/lat, attribute arrays and a
    function that makes the record of the k-th point on demand."""

    ids: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    attrs: dict[str, np.ndarray] = field(default_factory=dict)
    record: Callable[[int], Any] | None = None


class VertexArrays(NamedTuple):
    x: np.ndarray
    y: np.ndarray
    starts: np.ndarray
    offsets: np.ndarray


class EdgeSet(NamedTuple):
    """The distinct boundary segments of a polygon layer: an edge two neighbours share is
    listed once (so an outline is stroked once, not twice). `keys` identify a segment whatever
    its direction: a 64-bit hash of its end points quantised to millimetres (integer keys sort
    without holding Python's GIL, unlike rows of bytes; two distinct segments share a key
    with a probability of about n² / 2⁶⁴)."""

    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    keys: np.ndarray  # uint64 hashes of the quantised, ordered end points

    def __len__(self) -> int:
        return len(self.x0)

    def subset(self, mask: np.ndarray) -> EdgeSet:
        return EdgeSet(self.x0[mask], self.y0[mask], self.x1[mask], self.y1[mask], self.keys[mask])


def edge_set(x: np.ndarray, y: np.ndarray, starts: np.ndarray) -> EdgeSet:
    """The distinct segments of closed rings given as flat vertex arrays."""
    n = len(x)
    if n < 2:
        e = np.empty(0)
        return EdgeSet(e, e, e, e, np.empty(0, dtype=np.uint64))
    follows = np.zeros(n, dtype=bool)
    follows[:-1] = ~starts[1:]
    i = np.flatnonzero(follows)
    qx = np.round(x * 1000.0).astype(np.int64)
    qy = np.round(y * 1000.0).astype(np.int64)
    ax, ay, bx, by = qx[i], qy[i], qx[i + 1], qy[i + 1]
    keep = (ax != bx) | (ay != by)  # drop zero-length segments
    i, ax, ay, bx, by = i[keep], ax[keep], ay[keep], bx[keep], by[keep]
    swap = (ax > bx) | ((ax == bx) & (ay > by))
    keys = _mix(
        np.where(swap, bx, ax),
        np.where(swap, by, ay),
        np.where(swap, ax, bx),
        np.where(swap, ay, by),
    )
    _, first = np.unique(keys, return_index=True)
    first = np.sort(first)
    j = i[first]
    return EdgeSet(x[j], y[j], x[j + 1], y[j + 1], keys[first])


_MIX = (
    np.uint64(0x9E3779B97F4A7C15),
    np.uint64(0xC2B2AE3D27D4EB4F),
    np.uint64(0x165667B19E3779F9),
    np.uint64(0x27D4EB2F165667C5),
)


def _mix(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    """A 64-bit hash of four int64 columns (multiply-xorshift, wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        h = np.zeros(len(a), dtype=np.uint64)
        for col, m in zip((a, b, c, d), _MIX, strict=True):
            h ^= col.astype(np.uint64) * m
            h ^= h >> np.uint64(29)
            h *= np.uint64(0xBF58476D1CE4E5B9)
            h ^= h >> np.uint64(32)
    return h


# --------------------------------------------------------------------------- layer data


class LayerData:
    """The projected, indexed geometry of one layer.

    For polygon and line layers the vertices of all features are flattened into `x`, `y`
    (ring by ring, each ring closed) with `starts` marking the first vertex of every ring or
    line part, and `offsets[i]:offsets[i + 1]` the vertex range of feature i: a renderer turns
    any subset into one path with a couple of numpy gathers. Point layers keep `x`, `y` one
    entry per feature (`offsets` is then simply arange(n + 1)). Shapely geometries and the
    STRtree of a point layer are made only if asked for (hit tests use the bucket grid).
    """

    def __init__(
        self,
        geometry_type: GeometryType,
        ids: np.ndarray,
        records: Sequence[Any],
        x: np.ndarray,
        y: np.ndarray,
        starts: np.ndarray,
        offsets: np.ndarray,
        geoms: np.ndarray | None = None,
        bounds: np.ndarray | None = None,
        attrs: dict[str, np.ndarray] | None = None,
    ) -> None:
        self.geometry_type = geometry_type
        self.ids = np.asarray(ids, dtype=np.int64)
        self.records = records
        self.x = x
        self.y = y
        self.starts = starts
        self.offsets = offsets
        self._geoms = geoms
        self._tree: STRtree | None = None
        self._points: PointIndex | None = None
        self._clusters: ClusterIndex | None = None
        if bounds is None:
            if geometry_type is GeometryType.POINT:
                bounds = np.column_stack([x, y, x, y]) if len(x) else np.empty((0, 4))
            else:
                bounds = shapely.bounds(geoms) if geoms is not None else np.empty((0, 4))
        self.bounds = bounds
        self.index_of = IdLookup(self.ids)
        self.attrs: dict[str, np.ndarray] = attrs or {}
        self.lods: dict[float, VertexArrays] = {}
        # the simplified shapely geometries of a level, kept (when `keep_simplified`) until
        # the model has dissolved them into fill groups: tens of thousands of objects per
        # level that Python's garbage collector would otherwise walk for good
        self.keep_simplified = False
        self.lod_geoms: dict[float, np.ndarray] = {}
        self._edges: dict[float, EdgeSet] = {}
        self.source: LayerData | None = None  # the layer a derived one (fill groups) is made of
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @property
    def geoms(self) -> np.ndarray:
        """Projected shapely geometries (made on first use for point layers)."""
        if self._geoms is None:
            self._geoms = shapely.points(self.x, self.y) if len(self) else np.empty(0, object)
        return self._geoms

    @property
    def tree(self) -> STRtree:
        if self._tree is None:
            self._tree = STRtree(self.geoms)
        return self._tree

    @property
    def point_index(self) -> PointIndex:
        if self._points is None:
            self._points = PointIndex(self.x, self.y)
        return self._points

    @property
    def cluster_index(self) -> ClusterIndex:
        """The cluster pyramid of a point layer (levels built on first use). A new LayerData
        comes with every data change, so the pyramid never outlives its points."""
        if self._clusters is None:
            with self._lock:
                if self._clusters is None:
                    self._clusters = ClusterIndex(self.x, self.y)
        return self._clusters

    @property
    def extent(self) -> Bbox | None:
        if len(self) == 0:
            return None
        b = self.bounds
        return (
            float(np.nanmin(b[:, 0])),
            float(np.nanmin(b[:, 1])),
            float(np.nanmax(b[:, 2])),
            float(np.nanmax(b[:, 3])),
        )

    @property
    def vertex_count(self) -> int:
        return len(self.x)

    def vertices_of(
        self, indices: np.ndarray | None, lod: VertexArrays | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x, y, starts) of the given feature indices (None: all), concatenated; from a
        simplified level when `lod` is given."""
        x, y, starts, offsets = (
            lod if lod is not None else (self.x, self.y, self.starts, self.offsets)
        )
        if indices is None or len(indices) == len(self):
            return x, y, starts
        indices = np.asarray(indices, dtype=np.int64)
        if indices.size == 0:
            empty = np.empty(0)
            return empty, empty, np.empty(0, dtype=bool)
        lo = offsets[indices]
        counts = offsets[indices + 1] - lo
        total = int(counts.sum())
        # vertex index = lo[k] + (running position within feature k)
        feature_start = np.repeat(np.cumsum(counts) - counts, counts)
        take = np.repeat(lo, counts) + (np.arange(total) - feature_start)
        return x[take], y[take], starts[take]

    def lod(self, mpp: float) -> VertexArrays | None:
        """Vertex arrays simplified for a view at `mpp` metres per pixel, or None when the
        full detail should be drawn. Levels are powers of two in metres, made once (polygon
        layers with a coverage-preserving simplification, so neighbours keep sharing their
        edges), and shared between threads."""
        tol = lod_tolerance(mpp)
        if tol <= 0 or self.geometry_type is GeometryType.POINT:
            return None
        if self.vertex_count < LOD_MIN_VERTICES:
            return None
        level = self.lods.get(tol)
        if level is not None:
            return level
        with self._lock:
            level = self.lods.get(tol)
            if level is None:
                level, simple = _simplified(self.geoms, self.geometry_type, tol)
                if len(level.x) >= 0.9 * self.vertex_count:
                    # simplification gains nothing at this level: reuse the full arrays
                    level = VertexArrays(self.x, self.y, self.starts, self.offsets)
                    simple = self.geoms
                if self.keep_simplified:
                    self.lod_geoms[tol] = simple
                self.lods[tol] = level
        return level

    def geoms_at(self, mpp: float | None) -> np.ndarray:
        """The shapely geometries at the detail `lod(mpp)` draws (all of it when None)."""
        lod = self.lod(mpp) if mpp is not None else None
        if lod is None or mpp is None:
            return self.geoms
        tol = lod_tolerance(mpp)
        if lod.x is self.x:
            return self.geoms  # the level is the full detail
        with self._lock:
            found = self.lod_geoms.get(tol)
        if found is None:  # not kept: simplify again (the same deterministic result)
            found = _simplified(self.geoms, self.geometry_type, tol)[1]
        return found

    def release_simplified(self, mpp: float) -> None:
        """Forget the kept shapely geometries of the level for `mpp` (see geoms_at)."""
        with self._lock:
            self.lod_geoms.pop(lod_tolerance(mpp), None)

    def edges(self, mpp: float | None = None) -> EdgeSet:
        """The distinct boundary segments (polygon layers), at the detail for `mpp`."""
        lod = self.lod(mpp) if mpp is not None else None
        tol = lod_tolerance(mpp) if lod is not None and mpp is not None else 0.0
        found = self._edges.get(tol)
        if found is None:
            x, y, starts, _ = (
                lod if lod is not None else (self.x, self.y, self.starts, self.offsets)
            )
            found = edge_set(x, y, starts)
            self._edges[tol] = found
        return found


def lod_tolerance(mpp: float) -> float:
    """The simplification tolerance (metres, a power of two; 0 = none) for a view."""
    limit = mpp * LOD_PIXEL_SHARE
    if limit < 1.0:
        return 0.0
    return float(2.0 ** math.floor(math.log2(limit)))


def _simplified(
    geoms: np.ndarray, gtype: GeometryType, tol: float
) -> tuple[VertexArrays, np.ndarray]:
    if gtype is GeometryType.POLYGON:
        try:
            simple = _coverage_simplify(geoms, tol)
        except Exception:  # not a valid coverage: simplify each polygon on its own
            simple = shapely.simplify(geoms, tol, preserve_topology=True)
    else:
        simple = shapely.simplify(geoms, tol, preserve_topology=False)
    simple = np.asarray(simple, dtype=object)
    return VertexArrays(*_vertex_arrays(simple, gtype)), simple


# Geometries handed out to Python per shapely call in a worker: making the Python objects
# holds the GIL (~1 us each), and the GUI thread waits for the GIL meanwhile.
GIL_CHUNK = 1000


def _coverage_simplify(geoms: np.ndarray, tol: float) -> np.ndarray:
    """shapely.coverage_simplify(geoms, tol), the same geometries, but taken out of the
    simplified coverage in chunks: shapely's get_parts makes all 20,000 of a city's grids in
    one call that holds the GIL for ~15-20 ms (the GEOS simplification itself releases it)."""
    lib: Any = getattr(shapely, "lib", None)
    if lib is None or not hasattr(lib, "create_collection") or not hasattr(lib, "coverage_simplify"):
        return np.asarray(shapely.coverage_simplify(geoms, tol), dtype=object)
    coverage = lib.create_collection(
        np.asarray(geoms, dtype=object).ravel(), np.intc(shapely.GeometryType.GEOMETRYCOLLECTION)
    )
    simplified = lib.coverage_simplify(coverage, tol, True)
    n = int(shapely.get_num_geometries(simplified))
    out = np.empty(n, dtype=object)
    worker = threading.current_thread() is not threading.main_thread()
    for lo in range(0, n, GIL_CHUNK):
        hi = min(n, lo + GIL_CHUNK)
        out[lo:hi] = shapely.get_geometry(simplified, np.arange(lo, hi))
        if worker:
            # shapely drops and retakes the GIL around GEOS work: a waiting thread only gets
            # it if this one pauses (see desktop/map/qpath.py gil_pause)
            time.sleep(0.0001)
    return out


def dissolve_groups(geoms: np.ndarray, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(union geometry per group, first member of each group) of polygons labelled by
    `group`: what one fill colour covers, with the edges between same-group neighbours gone.
    A tiling (a valid coverage) is merged exactly by coverage_union; anything else by a
    general union."""
    uniq, inv, counts = np.unique(group, return_inverse=True, return_counts=True)
    if len(uniq) == 0:
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    order = np.argsort(inv, kind="stable")
    rank = np.arange(len(order)) - np.repeat(np.cumsum(counts) - counts, counts)
    table = np.full((len(uniq), int(counts.max())), None, dtype=object)
    table[inv[order], rank] = geoms[order]
    try:
        merged = shapely.coverage_union_all(table, axis=1)
    except Exception:  # not a valid coverage (overlaps, gaps in shared edges)
        merged = shapely.union_all(table, axis=1)
    first = order[np.cumsum(counts) - counts]
    return np.asarray(merged, dtype=object), first.astype(np.int64)


def _empty_layer(gtype: GeometryType) -> LayerData:
    return LayerData(
        geometry_type=gtype,
        ids=np.empty(0, dtype=np.int64),
        records=[],
        x=np.empty(0),
        y=np.empty(0),
        starts=np.empty(0, dtype=bool),
        offsets=np.zeros(1, dtype=np.int64),
        geoms=np.empty(0, dtype=object),
        bounds=np.empty((0, 4)),
    )


def _project_geometries(geoms: Sequence[BaseGeometry], epsg: int) -> np.ndarray:
    """Project storage-CRS geometries to the display CRS with one vectorised transform call.

    Vertex by vertex (like gis.crs.transform_geometry), so an exact tiling stays exact."""
    arr = np.empty(len(geoms), dtype=object)
    arr[:] = list(geoms)

    def _apply(coords: np.ndarray) -> np.ndarray:
        xs, ys = project_xy(coords[:, 0], coords[:, 1], STORAGE_EPSG, epsg)
        return np.column_stack([xs, ys])

    return np.asarray(shapely.transform(arr, _apply), dtype=object)


def _vertex_arrays(
    geoms: np.ndarray, gtype: GeometryType
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Flatten polygon rings / line parts: x, y, starts, per-feature offsets.

    In chunks of GIL_CHUNK features: shapely's get_parts / get_rings make a Python object per
    part and ring with the GIL held (~20 ms each for 20,000 grids in one call)."""
    n = len(geoms)
    worker = threading.current_thread() is not threading.main_thread()
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    starts_: list[np.ndarray] = []
    features: list[np.ndarray] = []
    for lo in range(0, n, GIL_CHUNK):
        parts, part_feature = shapely.get_parts(geoms[lo : lo + GIL_CHUNK], return_index=True)
        if gtype is GeometryType.POLYGON:
            rings, ring_part = shapely.get_rings(parts, return_index=True)
            chain_feature = part_feature[ring_part]
            chains = rings
        else:
            chains, chain_feature = parts, part_feature
        coords, coord_chain = shapely.get_coordinates(chains, return_index=True)
        if worker and n > GIL_CHUNK:
            time.sleep(0.0001)  # hand the GIL over (see _coverage_simplify)
        if len(coords) == 0:
            continue
        starts = np.empty(len(coords), dtype=bool)
        starts[0] = True  # a chunk begins with a feature, so with a new chain
        starts[1:] = coord_chain[1:] != coord_chain[:-1]
        xs.append(coords[:, 0].copy())
        ys.append(coords[:, 1].copy())
        starts_.append(starts)
        features.append(chain_feature[coord_chain] + lo)
    if not xs:
        empty = np.empty(0)
        return empty, empty, np.empty(0, dtype=bool), np.zeros(n + 1, dtype=np.int64)
    if len(xs) == 1:
        x, y, starts, coord_feature = xs[0], ys[0], starts_[0], features[0]
    else:
        x, y = np.concatenate(xs), np.concatenate(ys)
        starts, coord_feature = np.concatenate(starts_), np.concatenate(features)
    offsets = np.searchsorted(coord_feature, np.arange(n + 1), side="left").astype(np.int64)
    return x, y, starts, offsets


def _shape_layer(
    records: Sequence[Any], geoms: Sequence[BaseGeometry], gtype: GeometryType, epsg: int
) -> LayerData:
    if not records:
        return _empty_layer(gtype)
    projected = _project_geometries(geoms, epsg)
    x, y, starts, offsets = _vertex_arrays(projected, gtype)
    ids = np.fromiter((r.id for r in records), dtype=np.int64, count=len(records))
    return LayerData(gtype, ids, list(records), x, y, starts, offsets, geoms=projected)


def _point_layer(records: Sequence[PointFeature | CaseFeature], epsg: int) -> LayerData:
    if not records:
        return _empty_layer(GeometryType.POINT)
    n = len(records)
    lon = np.fromiter((r.lon for r in records), dtype=float, count=n)
    lat = np.fromiter((r.lat for r in records), dtype=float, count=n)
    ids = np.fromiter((r.id for r in records), dtype=np.int64, count=n)
    return _columns_layer(ids, lon, lat, list(records), epsg)


def _columns_layer(
    ids: np.ndarray, lon: np.ndarray, lat: np.ndarray, records: Sequence[Any], epsg: int
) -> LayerData:
    n = len(ids)
    if n == 0:
        return _empty_layer(GeometryType.POINT)
    x, y = project_xy(
        np.asarray(lon, dtype=float), np.asarray(lat, dtype=float), STORAGE_EPSG, epsg
    )
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return LayerData(
        GeometryType.POINT,
        ids,
        records,
        x,
        y,
        np.ones(n, dtype=bool),
        np.arange(n + 1, dtype=np.int64),
    )


def _timestamp(dt: datetime | None) -> float:
    return float("nan") if dt is None else dt.timestamp()


def case_attributes(cases: Sequence[CaseFeature]) -> dict[str, np.ndarray]:
    """The attribute columns the case layer carries (from case records)."""
    states = np.asarray([c.state for c in cases], dtype=object)
    return {
        "state": states,
        "state_code": np.asarray(
            [_STATE_CODE.get(c.state, UNKNOWN_STATE_CODE) for c in cases], dtype=np.int8
        ),
        "urgent": np.asarray([c.urgent for c in cases], dtype=bool),
        "parked": np.asarray([c.state in PARKED_CASE_STATES for c in cases], dtype=bool),
        "deadline": np.asarray([_timestamp(c.deadline_at) for c in cases], dtype=float),
        "reported": np.asarray([_timestamp(c.reported_at) for c in cases], dtype=float),
        "grid_id": np.asarray(
            [c.grid_id if c.grid_id is not None else -1 for c in cases], dtype=np.int64
        ),
    }


# --------------------------------------------------------------------------- view state


class MapViewState:
    """Where the map looks: centre (world metres), metres per pixel, widget size in pixels.

    World <-> screen: sx = (x - cx) / mpp + w / 2, sy = h / 2 - (y - cy) / mpp.
    """

    changed = Signal()

    MIN_MPP = 0.05
    MAX_MPP = 2000.0

    def __init__(
        self,
        cx: float = 0.0,
        cy: float = 0.0,
        mpp: float = 10.0,
        width: int = 800,
        height: int = 600,
    ) -> None:
        self._cx = float(cx)
        self._cy = float(cy)
        self._mpp = float(np.clip(mpp, self.MIN_MPP, self.MAX_MPP))
        self._width = max(1, int(width))
        self._height = max(1, int(height))

    # -- properties
    @property
    def cx(self) -> float:
        return self._cx

    @property
    def cy(self) -> float:
        return self._cy

    @property
    def mpp(self) -> float:
        """Metres per (logical) pixel."""
        return self._mpp

    @property
    def width(self) -> int:
        return self._width

    @property
    def height(self) -> int:
        return self._height

    def state(self) -> tuple[float, float, float, int, int]:
        return (self._cx, self._cy, self._mpp, self._width, self._height)

    def copy(self) -> MapViewState:
        """A detached copy (no signal connections): a snapshot for a background render."""
        return MapViewState(self._cx, self._cy, self._mpp, self._width, self._height)

    # -- transforms
    def world_to_screen(self, x: Any, y: Any) -> tuple[Any, Any]:
        """World metres to screen pixels (scalars or numpy arrays)."""
        sx = (np.asarray(x, dtype=float) - self._cx) / self._mpp + self._width / 2.0
        sy = self._height / 2.0 - (np.asarray(y, dtype=float) - self._cy) / self._mpp
        if np.ndim(sx) == 0:
            return float(sx), float(sy)
        return sx, sy

    def screen_to_world(self, sx: Any, sy: Any) -> tuple[Any, Any]:
        """Screen pixels to world metres (scalars or numpy arrays)."""
        x = (np.asarray(sx, dtype=float) - self._width / 2.0) * self._mpp + self._cx
        y = (self._height / 2.0 - np.asarray(sy, dtype=float)) * self._mpp + self._cy
        if np.ndim(x) == 0:
            return float(x), float(y)
        return x, y

    def visible_bbox(self, margin_px: float = 0.0) -> Bbox:
        x0, y1 = self.screen_to_world(-margin_px, -margin_px)
        x1, y0 = self.screen_to_world(self._width + margin_px, self._height + margin_px)
        return (x0, y0, x1, y1)

    def scale_denominator(self, dpi: float = 96.0) -> float:
        """The map scale 1:N on a screen of `dpi` dots per inch."""
        return self._mpp * dpi / 0.0254

    # -- changes
    def _set(self, cx: float, cy: float, mpp: float) -> None:
        mpp = float(np.clip(mpp, self.MIN_MPP, self.MAX_MPP))
        if (cx, cy, mpp) == (self._cx, self._cy, self._mpp):
            return
        self._cx, self._cy, self._mpp = float(cx), float(cy), mpp
        self.changed.emit()

    def set_size(self, width: int, height: int) -> None:
        width, height = max(1, int(width)), max(1, int(height))
        if (width, height) == (self._width, self._height):
            return
        self._width, self._height = width, height
        self.changed.emit()

    def center_on(self, x: float, y: float, mpp: float | None = None) -> None:
        self._set(x, y, self._mpp if mpp is None else mpp)

    def set_mpp(self, mpp: float) -> None:
        self._set(self._cx, self._cy, mpp)

    def zoom_at(self, factor: float, sx: float | None = None, sy: float | None = None) -> None:
        """Zoom by `factor` (>1 zooms in) keeping the world point under (sx, sy) fixed on screen.

        Without a screen point, zooms about the centre."""
        if factor <= 0:
            raise ValueError("zoom factor must be positive")
        if sx is None or sy is None:
            sx, sy = self._width / 2.0, self._height / 2.0
        wx, wy = self.screen_to_world(sx, sy)
        new_mpp = float(np.clip(self._mpp / factor, self.MIN_MPP, self.MAX_MPP))
        # keep (wx, wy) at (sx, sy): wx = (sx - w/2) * mpp + cx
        cx = wx - (sx - self._width / 2.0) * new_mpp
        cy = wy - (self._height / 2.0 - sy) * new_mpp
        self._set(cx, cy, new_mpp)

    def pan(self, dx_px: float, dy_px: float) -> None:
        """Move the map content by (dx, dy) screen pixels (drag direction)."""
        self._set(self._cx - dx_px * self._mpp, self._cy + dy_px * self._mpp, self._mpp)

    def zoom_to_extent(self, bbox: Bbox, margin: float = 0.03) -> None:
        """Fit a world bbox into the view, with a margin (fraction of the view) on each side."""
        minx, miny, maxx, maxy = bbox
        w = max(maxx - minx, 1e-6)
        h = max(maxy - miny, 1e-6)
        usable_w = self._width * (1.0 - 2 * margin)
        usable_h = self._height * (1.0 - 2 * margin)
        mpp = max(w / max(usable_w, 1.0), h / max(usable_h, 1.0))
        self._set((minx + maxx) / 2.0, (miny + maxy) / 2.0, mpp)

    def zoom_to_screen_rect(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """Box zoom: show the screen rectangle (pixels, any corner order) as large as fits."""
        wx0, wy0 = self.screen_to_world(min(x0, x1), max(y0, y1))
        wx1, wy1 = self.screen_to_world(max(x0, x1), min(y0, y1))
        self.zoom_to_extent((wx0, wy0, wx1, wy1), margin=0.0)


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True, slots=True)
class LabelAnchors:
    """Label anchor points (world metres) of a polygon layer, one per feature."""

    ids: np.ndarray
    x: np.ndarray
    y: np.ndarray
    texts: list[str]
    weights: np.ndarray  # larger = more important (polygon area)


def place_labels(
    xs: Sequence[float] | np.ndarray,
    ys: Sequence[float] | np.ndarray,
    widths: Sequence[float] | np.ndarray,
    heights: Sequence[float] | np.ndarray,
    priorities: Sequence[float] | np.ndarray | None = None,
    padding: float = 3.0,
    bounds: Bbox | None = None,
) -> np.ndarray:
    """Choose labels to draw so that no two overlap: greedy, most important first.

    Each label is a box of `widths[i]` x `heights[i]` centred on (xs[i], ys[i]) (screen
    pixels). A label is kept when its box grown by `padding` on each side meets no kept box,
    and, if `bounds` (minx, miny, maxx, maxy) is given, lies wholly inside it. At small scales
    anchors crowd together and fewer labels survive: the thinning is automatic. Ties in
    priority keep the input order. Returns the kept indices, most important first.
    """
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    w = np.asarray(widths, dtype=float)
    h = np.asarray(heights, dtype=float)
    n = x.shape[0]
    if n == 0:
        return np.empty(0, dtype=np.int64)
    pr = np.zeros(n) if priorities is None else np.asarray(priorities, dtype=float)
    order = np.argsort(-pr, kind="stable")
    x0 = x - w / 2.0 - padding
    x1 = x + w / 2.0 + padding
    y0 = y - h / 2.0 - padding
    y1 = y + h / 2.0 + padding
    if bounds is not None:
        bx0, by0, bx1, by1 = bounds
        inside = (x - w / 2.0 >= bx0) & (x + w / 2.0 <= bx1) & (y - h / 2.0 >= by0)
        inside &= y + h / 2.0 <= by1
    else:
        inside = np.ones(n, dtype=bool)
    finite = np.isfinite(x) & np.isfinite(y) & np.isfinite(w) & np.isfinite(h)
    cell = max(float(np.median(w[finite])) if finite.any() else 1.0, 1.0) + 2 * padding
    grid: dict[tuple[int, int], list[int]] = {}
    kept: list[int] = []
    ok = (inside & finite).tolist()
    gx0 = np.floor(x0 / cell).astype(np.int64).tolist() if n else []
    gx1 = np.floor(x1 / cell).astype(np.int64).tolist() if n else []
    gy0 = np.floor(y0 / cell).astype(np.int64).tolist() if n else []
    gy1 = np.floor(y1 / cell).astype(np.int64).tolist() if n else []
    lx0, lx1, ly0, ly1 = x0.tolist(), x1.tolist(), y0.tolist(), y1.tolist()
    for i in order.tolist():
        if not ok[i]:
            continue
        cx0, cx1, cy0, cy1 = gx0[i], gx1[i], gy0[i], gy1[i]
        clash = False
        for gx in range(cx0, cx1 + 1):
            for gy in range(cy0, cy1 + 1):
                for j in grid.get((gx, gy), ()):
                    # boxes grown by padding each: they clash when the gap is < 2 * padding
                    if lx0[i] < lx1[j] and lx0[j] < lx1[i] and ly0[i] < ly1[j] and ly0[j] < ly1[i]:
                        clash = True
                        break
                if clash:
                    break
            if clash:
                break
        if clash:
            continue
        kept.append(i)
        for gx in range(cx0, cx1 + 1):
            for gy in range(cy0, cy1 + 1):
                grid.setdefault((gx, gy), []).append(i)
    return np.asarray(kept, dtype=np.int64)


def _label_point(geom: BaseGeometry) -> tuple[float, float]:
    """The pole of inaccessibility of the largest part (visual centre), falling back to
    point_on_surface."""
    try:
        parts = shapely.get_parts(np.asarray([geom], dtype=object))
        largest = max(parts, key=lambda g: g.area)
        tol = max(1.0, float(np.sqrt(largest.area)) / 100.0)
        p = polylabel(largest, tolerance=tol)
    except Exception:
        p = geom.point_on_surface()
    return float(p.x), float(p.y)


def greedy_colouring(geoms: Sequence[BaseGeometry] | np.ndarray, n_colours: int = 8) -> np.ndarray:
    """Give every polygon a palette slot so that touching polygons get different slots where
    possible (largest-degree-first greedy colouring; a planar tiling needs few colours)."""
    arr = np.asarray(geoms, dtype=object)
    n = len(arr)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    tree = STRtree(arr)
    left, right = tree.query(arr, predicate="intersects")
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        if a != b:
            neighbours[a].add(b)
            neighbours[b].add(a)
    colour = np.full(n, -1, dtype=np.int64)
    order = sorted(range(n), key=lambda i: (-len(neighbours[i]), i))
    for i in order:
        used = {int(colour[j]) for j in neighbours[i] if colour[j] >= 0}
        free = [c for c in range(n_colours) if c not in used]
        # cycle through the free slots so the palette is used evenly
        colour[i] = free[i % len(free)] if free else i % n_colours
    return colour


# --------------------------------------------------------------------------- clusters


@dataclass(frozen=True)
class Clusters:
    """Points aggregated on a world-anchored square grid (see `cluster_points`).

    `cx`, `cy`, `counts` and `flag_counts[name]` describe the crowded cells (at least
    `min_count` points), drawn as one bubble each; `singles` are the indices of the points in
    the other cells, drawn one by one."""

    cx: np.ndarray
    cy: np.ndarray
    counts: np.ndarray
    flag_counts: dict[str, np.ndarray]
    singles: np.ndarray
    cell: float


def cluster_points(
    x: np.ndarray,
    y: np.ndarray,
    cell: float,
    min_count: int = 3,
    flags: dict[str, np.ndarray] | None = None,
    bounds: Bbox | None = None,
) -> Clusters:
    """Aggregate points (world metres) into square cells of `cell` metres anchored at the
    world origin, so the clusters stay put while the map pans. O(n) with numpy (bincount),
    fast enough for a million points per frame.

    Cells holding `min_count` points or more become a bubble at their members' centroid,
    with the member count and, per boolean `flags` array, how many members are flagged;
    points in sparser cells are returned as `singles`. `bounds`, if given, must hold every
    point (e.g. the view the points were culled to): it spares two passes over them."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    flags = flags or {}
    n = len(x)
    empty = np.empty(0)
    if n == 0:
        return Clusters(
            empty,
            empty,
            np.empty(0, np.int64),
            {k: np.empty(0, np.int64) for k in flags},
            np.empty(0, np.int64),
            cell,
        )
    # world-anchored cells: cell k covers [k * cell, (k + 1) * cell)
    lo_x = bounds[0] if bounds is not None else float(np.nanmin(x))
    lo_y = bounds[1] if bounds is not None else float(np.nanmin(y))
    x0 = math.floor(lo_x / cell) * cell
    y0 = math.floor(lo_y / cell) * cell
    inv = 1.0 / cell
    ix = ((x - x0) * inv).astype(np.int64)
    iy = ((y - y0) * inv).astype(np.int64)
    ix0, iy0 = 0, 0
    if bounds is not None:
        ncols = int((bounds[2] - x0) * inv) + 1
        nrows = int((bounds[3] - y0) * inv) + 1
        np.clip(ix, 0, ncols - 1, out=ix)
        np.clip(iy, 0, nrows - 1, out=iy)
    else:
        ncols = int(ix.max()) + 1
        nrows = int(iy.max()) + 1
    if ncols * nrows > 4 * n + 1024:  # sparse: compact the keys instead of a dense grid
        key_raw = (iy - iy0) * ncols + (ix - ix0)
        uniq, key = np.unique(key_raw, return_inverse=True)
        ncell = len(uniq)
    else:
        key = (iy - iy0) * ncols + (ix - ix0)
        ncell = ncols * nrows
    counts = np.bincount(key, minlength=ncell)
    crowded = counts >= min_count
    member_crowded = crowded[key]
    singles = np.flatnonzero(~member_crowded)
    cells = np.flatnonzero(crowded)
    if len(cells) == 0:
        return Clusters(
            empty,
            empty,
            np.empty(0, np.int64),
            {k: np.empty(0, np.int64) for k in flags},
            singles,
            cell,
        )
    if len(singles) == 0:
        ks, xs, ys = key, x, y
        fc = {
            k: np.bincount(key[np.asarray(v, dtype=bool)], minlength=ncell)
            for k, v in flags.items()
        }
    else:
        sel = np.flatnonzero(member_crowded)
        ks, xs, ys = key[sel], x[sel], y[sel]
        fc = {
            k: np.bincount(key[np.asarray(v, dtype=bool) & member_crowded], minlength=ncell)
            for k, v in flags.items()
        }
    # centroids relative to the anchor (smaller numbers, better sums)
    sx = np.bincount(ks, weights=xs - x0, minlength=ncell)
    sy = np.bincount(ks, weights=ys - y0, minlength=ncell)
    c = counts[cells]
    return Clusters(
        cx=sx[cells] / c + x0,
        cy=sy[cells] / c + y0,
        counts=c.astype(np.int64),
        flag_counts={k: np.rint(v[cells]).astype(np.int64) for k, v in fc.items()},
        singles=singles,
        cell=cell,
    )


# --------------------------------------------------------------------------- thematic


@dataclass(frozen=True)
class Thematic:
    """A thematic colouring of a polygon layer: the figure, per-feature values (layer order,
    NaN = no value), their classes and the classification (colours, legend ranges)."""

    layer_id: str
    field: str  # a ThematicField value
    values: np.ndarray
    classes: np.ndarray
    classification: Classification
    title: str = ""  # English source text of the legend title (context "Thematic")


# --------------------------------------------------------------------------- search


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One hit of a search: what, where it is on the map, and how to show it."""

    layer_id: str
    feature_id: int
    kind: str  # "grid", "key_point", "case", "camera", "coordinate"
    label: str  # code / number
    detail: str  # name / category
    score: int = 0  # lower is better (exact before prefix before substring)


def _match_score(query: str, *fields: str) -> int | None:
    best: int | None = None
    for rank, text in enumerate(fields):
        if not text:
            continue
        t = text.lower()
        if t == query:
            s = 0
        elif t.startswith(query):
            s = 10
        elif query in t:
            s = 20
        else:
            continue
        s += rank
        best = s if best is None else min(best, s)
    return best


# --------------------------------------------------------------------------- the model


# case layers from this size on keep their deadlines sorted (MapModel.case_alarm)
ALARM_SORTED_MIN = 20_000


class _AlarmState(NamedTuple):
    """MapModel.case_alarm's last answer: the arrays it was for, the cases with a deadline
    sorted by it, how many of those had passed, and the alarm then (read-only)."""

    deadline: np.ndarray
    parked: np.ndarray
    by_deadline: np.ndarray
    sorted_deadlines: np.ndarray
    passed: int
    alarm: np.ndarray | None


class MapModel:
    """Projected, indexed, evented map data plus layer, selection and view state."""

    data_changed = Signal()
    layers_changed = Signal(str)  # layer id
    view_changed = Signal()
    selection_changed = Signal(object)  # Hit | None: the primary (first) selected feature
    selection_set_changed = Signal()  # the set of selected features changed
    thematic_changed = Signal()
    layer_order_changed = Signal()

    def __init__(
        self,
        data: MapData | None = None,
        *,
        layers: Iterable[Layer] | None = None,
        wall_clock: Callable[[], float] = time.monotonic,
        display_epsg: int = METRIC_EPSG,
    ) -> None:
        check_display_crs(display_epsg)
        self.display_epsg = int(display_epsg)
        self._layers: dict[str, Layer] = {
            layer.id: layer for layer in (layers if layers is not None else default_layers())
        }
        self._data: dict[str, LayerData] = {}
        self._labels: dict[str, LabelAnchors] = {}
        self._colours: dict[str, np.ndarray] = {}
        self._outside: dict[str, np.ndarray] = {}
        self._outline_cache: dict[tuple[object, ...], EdgeSet] = {}
        self._fill_groups: dict[tuple[object, ...], LayerData] = {}
        self._selection: Hit | None = None
        self._selected: dict[str, np.ndarray] = {}
        self._thematic: Thematic | None = None
        self._wall_clock = wall_clock
        self._alarm_cache: _AlarmState | None = None  # case_alarm's last answer
        self._loaded_at = wall_clock()
        self._data_now: datetime | None = None
        self._naive = True
        self._town_metric: BaseGeometry | None = None
        self.source_data: MapData = MapData()
        self.view = MapViewState()
        self.view.changed.connect(self._relay_view_changed)
        self.set_data(data if data is not None else MapData(), _emit=False)

    def _relay_view_changed(self) -> None:
        self.view_changed.emit()

    # ------------------------------------------------------------------ data
    def set_data(self, data: MapData, *, _emit: bool = True) -> None:
        """Replace the data (e.g. on refresh). The view is kept; a selection that no longer
        exists is cleared; a thematic colouring is dropped if its layer's features changed."""
        epsg = self.display_epsg
        self.source_data = data
        self._data_now = data.now
        self._loaded_at = self._wall_clock()
        deadlines = [c.deadline_at for c in data.cases if c.deadline_at is not None]
        reference = data.now or (deadlines[0] if deadlines else None)
        self._naive = reference is None or reference.tzinfo is None

        grids: dict[str, list[GridFeature]] = {
            LayerId.TOWN: [data.town] if data.town is not None else [],
            LayerId.RESPONSIBILITY: list(data.responsibility_grids),
            LayerId.MANAGEMENT: list(data.management_grids),
        }
        built: dict[str, LayerData] = {}
        for lid, feats in grids.items():
            built[lid] = _shape_layer(
                feats, [f.geometry for f in feats], GeometryType.POLYGON, epsg
            )

        rivers = [p for p in data.key_points if p.kind == KeyPointKind.RIVER and p.line is not None]
        built[LayerId.RIVERS] = _shape_layer(
            rivers, [p.line for p in rivers if p.line is not None], GeometryType.LINE, epsg
        )
        by_kind: dict[str, list[PointFeature]] = {lid: [] for lid in KEY_POINT_LAYERS.values()}
        by_kind[LayerId.OTHER_POINTS] = []
        for p in data.key_points:  # a kind without its own layer still shows, as "other"
            by_kind[KEY_POINT_LAYERS.get(p.kind, LayerId.OTHER_POINTS)].append(p)
        for lid, pts in by_kind.items():
            built[lid] = _point_layer(pts, epsg)
        built[LayerId.CAMERAS] = _point_layer(list(data.cameras), epsg)

        cases = [c for c in data.cases if c.state not in CLOSED_CASE_STATES]
        case_layer = _point_layer(cases, epsg)
        case_layer.attrs.update(case_attributes(cases))
        built[LayerId.CASES] = case_layer

        for lid in FED_POINT_LAYERS:
            if lid in self._data:
                built[lid] = self._data[lid]
        for lid in self._layers:
            built.setdefault(lid, _empty_layer(self._layers[lid].geometry_type))
        for lid in FILL_GROUP_LAYERS:
            if lid in built and len(built[lid]) >= FILL_GROUPS_MIN:
                built[lid].keep_simplified = True
        old = self._data
        self._data = built
        self._town_metric = None
        self._labels.clear()
        self._colours.clear()
        self._outside.clear()
        self._outline_cache.clear()
        self._fill_groups.clear()
        self._revalidate_after_data(old, _emit)

    def set_point_columns(self, layer_id: str, columns: PointColumns) -> None:
        """Replace one point layer with columnar data (for very large layers): storage-CRS
        lon/lat, ids, attribute arrays (the case layer needs the `case_attributes` keys) and
        an on-demand record maker."""
        layer = self._layers[layer_id]
        if layer.geometry_type is not GeometryType.POINT:
            raise ValueError(f"layer {layer_id!r} is not a point layer")
        n = len(columns.ids)
        make = columns.record or (lambda k: None)
        records = LazyRecords(n, make)
        d = _columns_layer(
            np.asarray(columns.ids, dtype=np.int64),
            columns.lon,
            columns.lat,
            records,
            self.display_epsg,
        )
        d.attrs.update(columns.attrs)
        old = dict(self._data)
        self._data[layer_id] = d
        self._outside.pop(layer_id, None)
        self._revalidate_after_data(old, True)

    def _revalidate_after_data(self, old: dict[str, LayerData], emit: bool) -> None:
        if self._selection is not None and not self.has_feature(*self._selection):
            self._selection = None
            self._selected = {}
            if emit:
                self.selection_changed.emit(None)
                self.selection_set_changed.emit()
        elif self._selected:
            kept = {
                lid: ids[self._data[lid].index_of.positions(ids) >= 0]
                for lid, ids in self._selected.items()
                if lid in self._data
            }
            self._selected = {lid: ids for lid, ids in kept.items() if len(ids)}
        if self._thematic is not None:
            lid = self._thematic.layer_id
            before = old.get(lid)
            now = self._data.get(lid)
            if before is None or now is None or not np.array_equal(before.ids, now.ids):
                self._thematic = None
                if emit:
                    self.thematic_changed.emit()
        if emit:
            self.data_changed.emit()

    def layer_data(self, layer_id: str) -> LayerData:
        return self._data[layer_id]

    def record(self, layer_id: str, feature_id: int) -> Any:
        """The source record (GridFeature / PointFeature / CaseFeature) of a feature."""
        d = self._data[layer_id]
        return d.records[d.index_of[int(feature_id)]]

    def has_feature(self, layer_id: str, feature_id: int) -> bool:
        d = self._data.get(layer_id)
        return d is not None and int(feature_id) in d.index_of

    def cases(self) -> list[CaseFeature]:
        """The open cases, in data order."""
        return list(self._data[LayerId.CASES].records)

    @property
    def extent(self) -> Bbox:
        """Full extent of all data (town boundary first), world metres."""
        for lid in (LayerId.TOWN, LayerId.RESPONSIBILITY, LayerId.MANAGEMENT):
            e = self._data[lid].extent
            if e is not None:
                return e
        boxes = [d.extent for d in self._data.values() if d.extent is not None]
        if not boxes:
            # an empty model looks at the town centre (lon 121.20 E, lat 31.16 N)
            x, y = project_xy(121.20, 31.16, STORAGE_EPSG, self.display_epsg)
            return (float(x) - 3000, float(y) - 3000, float(x) + 3000, float(y) + 3000)
        arr = np.asarray(boxes)
        return (arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max())

    def counts(self) -> dict[str, int]:
        """Feature count per layer."""
        return {lid: len(d) for lid, d in self._data.items()}

    # ------------------------------------------------------------------ coordinates
    def to_world(self, lon: Any, lat: Any) -> tuple[Any, Any]:
        """Storage-CRS lon/lat to display-CRS metres."""
        x, y = project_xy(lon, lat, STORAGE_EPSG, self.display_epsg)
        if np.ndim(x) == 0:
            return float(x), float(y)
        return x, y

    def to_lonlat(self, x: Any, y: Any) -> tuple[Any, Any]:
        """Display-CRS metres to storage-CRS lon/lat."""
        lon, lat = project_xy(x, y, self.display_epsg, STORAGE_EPSG)
        if np.ndim(lon) == 0:
            return float(lon), float(lat)
        return lon, lat

    # ------------------------------------------------------------------ outside the town
    def town_geometry(self) -> BaseGeometry | None:
        """The town boundary in display metres (None without one)."""
        if self._town_metric is None:
            d = self._data[LayerId.TOWN]
            if len(d) == 0:
                return None
            geom = shapely.union_all(d.geoms) if len(d) > 1 else d.geoms[0]
            shapely.prepare(geom)
            self._town_metric = geom
        return self._town_metric

    def outside_town(self, layer_id: str) -> np.ndarray:
        """Boolean per feature of a point layer: outside the town boundary. Such points are
        kept and drawn (flagged), never dropped. All False when there is no boundary."""
        cached = self._outside.get(layer_id)
        if cached is not None:
            return cached
        d = self._data[layer_id]
        town = self.town_geometry()
        if town is None or d.geometry_type is not GeometryType.POINT or len(d) == 0:
            out = np.zeros(len(d), dtype=bool)
        else:
            out = ~np.asarray(shapely.intersects_xy(town, d.x, d.y), dtype=bool)
        self._outside[layer_id] = out
        return out

    def outside_counts(self) -> dict[str, int]:
        """How many points of each point layer lie outside the town (layers with any)."""
        out: dict[str, int] = {}
        for lid, d in self._data.items():
            if d.geometry_type is GeometryType.POINT and len(d):
                n = int(self.outside_town(lid).sum())
                if n:
                    out[lid] = n
        return out

    def is_outside(self, lon: float, lat: float) -> bool:
        """Whether a storage-CRS position lies outside the town boundary."""
        town = self.town_geometry()
        if town is None:
            return False
        x, y = self.to_world(lon, lat)
        return not bool(shapely.intersects_xy(town, x, y))

    # ------------------------------------------------------------------ clock
    def now(self) -> datetime:
        """The model's clock: the data's reference time advanced by the wall time since it was
        loaded (the demo keeps its story), or the town's wall clock (naive China time)."""
        if self._data_now is not None:
            return self._data_now + timedelta(seconds=self._wall_clock() - self._loaded_at)
        now = datetime.now(TOWN_TZ)
        return now.replace(tzinfo=None) if self._naive else now

    def case_overdue(self, now: datetime | None = None) -> np.ndarray:
        """Boolean per open case (layer order): past its deadline at `now`."""
        t = (now or self.now()).timestamp()
        deadline = self._data[LayerId.CASES].attrs.get("deadline", np.empty(0))
        with np.errstate(invalid="ignore"):
            return np.asarray(np.isfinite(deadline) & (deadline < t))

    def case_alarm(self, now: datetime | None = None) -> np.ndarray:
        """Boolean per open case: overdue and not parked (挂账) -- the ones to raise.

        Read-only. Every map render asks for it with a new clock: for a big layer (a million
        cases, ~0.8 ms to compare every deadline) the last answer is kept and only the cases
        whose deadline passed since (or, the clock going back, came again) are changed in a
        copy, found in the deadlines sorted once per data set."""
        attrs = self._data[LayerId.CASES].attrs
        deadline = attrs.get("deadline", np.empty(0))
        parked = attrs.get("parked", np.empty(0, dtype=bool))
        t = (now or self.now()).timestamp()
        if len(deadline) < ALARM_SORTED_MIN:
            return self.case_overdue(now) & ~parked
        kept = self._alarm_cache
        if kept is None or kept.deadline is not deadline or kept.parked is not parked:
            with np.errstate(invalid="ignore"):
                finite = np.flatnonzero(np.isfinite(deadline))
            by_deadline = finite[np.argsort(deadline[finite], kind="stable")]
            kept = _AlarmState(deadline, parked, by_deadline, deadline[by_deadline], 0, None)
        k = int(np.searchsorted(kept.sorted_deadlines, t, "left"))  # deadlines before t
        alarm = kept.alarm
        if alarm is None:
            alarm = np.zeros(len(deadline), dtype=bool)
            sel = kept.by_deadline[:k]
            alarm[sel] = ~parked[sel]
        elif k > kept.passed:
            alarm = alarm.copy()
            sel = kept.by_deadline[kept.passed : k]
            alarm[sel] = ~parked[sel]
        elif k < kept.passed:
            alarm = alarm.copy()
            alarm[kept.by_deadline[k : kept.passed]] = False
        if alarm is not kept.alarm:
            alarm.flags.writeable = False
            self._alarm_cache = kept._replace(passed=k, alarm=alarm)
        return alarm

    # ------------------------------------------------------------------ layers
    @property
    def layers(self) -> list[Layer]:
        """Layers, bottom to top (z ascending)."""
        return sorted(self._layers.values(), key=lambda layer: layer.z)

    def layer(self, layer_id: str) -> Layer:
        return self._layers[layer_id]

    def set_visible(self, layer_id: str, visible: bool) -> None:
        layer = self._layers[layer_id]
        if layer.visible != bool(visible):
            layer.visible = bool(visible)
            self.layers_changed.emit(layer_id)

    def set_opacity(self, layer_id: str, opacity: float) -> None:
        layer = self._layers[layer_id]
        opacity = float(np.clip(opacity, 0.0, 1.0))
        if layer.opacity != opacity:
            layer.opacity = opacity
            self.layers_changed.emit(layer_id)

    def set_z(self, layer_id: str, z: int) -> None:
        layer = self._layers[layer_id]
        if layer.z != int(z):
            layer.z = int(z)
            self.layers_changed.emit(layer_id)
            self.layer_order_changed.emit()

    def move_layer(self, layer_id: str, steps: int) -> bool:
        """Move a layer up (+) or down (-) the drawing order among layers of the same kind
        (polygons stay under lines under points, as in any GIS); returns whether it moved."""
        layer = self._layers[layer_id]
        same = [lay for lay in self.layers if _kind_rank(lay) == _kind_rank(layer)]
        pos = same.index(layer)
        target = max(0, min(len(same) - 1, pos + int(steps)))
        if target == pos:
            return False
        same.insert(target, same.pop(pos))
        zs = sorted(lay.z for lay in same)
        changed = []
        for lay, z in zip(same, zs, strict=True):
            if lay.z != z:
                lay.z = z
                changed.append(lay.id)
        for lid in changed:
            self.layers_changed.emit(lid)
        self.layer_order_changed.emit()
        return True

    # ------------------------------------------------------------------ queries
    def indices_in(self, layer_id: str, bbox: Bbox, sort: bool = True) -> np.ndarray:
        """Indices (into the layer arrays) of features whose envelope meets bbox; sorted
        unless `sort` is False (faster for very large point layers)."""
        d = self._data[layer_id]
        if len(d) == 0:
            return np.empty(0, dtype=np.int64)
        minx, miny, maxx, maxy = bbox
        if d.geometry_type is GeometryType.POINT:
            if len(d) <= SMALL_POINT_LAYER:
                mask = (d.x >= minx) & (d.x <= maxx) & (d.y >= miny) & (d.y <= maxy)
                return np.flatnonzero(mask).astype(np.int64)
            return d.point_index.query(bbox, sort=sort)
        idx = d.tree.query(shapely.box(minx, miny, maxx, maxy))
        return np.sort(np.asarray(idx, dtype=np.int64))

    def outline_edges(
        self, layer_id: str, mpp: float, exclude: Sequence[str] = (), bbox: Bbox | None = None
    ) -> EdgeSet:
        """The boundary segments of a polygon layer to stroke at this scale: each shared edge
        once, without the edges of the layers in `exclude` (a management grid's edge that is
        also a responsibility grid's edge is drawn in the responsibility grid's style only),
        and, given a bbox, only the segments meeting it."""
        d = self._data[layer_id]
        key = (layer_id, lod_tolerance(mpp) if d.lod(mpp) is not None else 0.0, tuple(exclude))
        edges = self._outline_cache.get(key)
        if edges is None:
            edges = d.edges(mpp)
            for other in exclude:
                o = self._data.get(other)
                if o is None or len(o) == 0 or len(edges) == 0:
                    continue
                edges = edges.subset(~np.isin(edges.keys, o.edges(mpp).keys))
            self._outline_cache[key] = edges
        if bbox is None or len(edges) == 0:
            return edges
        minx, miny, maxx, maxy = bbox
        lo_x = np.minimum(edges.x0, edges.x1)
        hi_x = np.maximum(edges.x0, edges.x1)
        lo_y = np.minimum(edges.y0, edges.y1)
        hi_y = np.maximum(edges.y0, edges.y1)
        mask = (hi_x >= minx) & (lo_x <= maxx) & (hi_y >= miny) & (lo_y <= maxy)
        return edges if mask.all() else edges.subset(mask)

    def warm_up(self, mpps: Iterable[float], cluster_cell_px: float = 56.0) -> None:
        """Build the simplified levels and distinct edges the given scales need, and for a
        very large case layer the cluster levels of cells about `cluster_cell_px` wide (a
        worker thread calls this after a big load, so the first zoom does not pay for them)."""
        cases = self._data.get(LayerId.CASES)
        for mpp in mpps:
            for d in list(self._data.values()):
                if d.geometry_type is GeometryType.POINT or len(d) == 0:
                    continue
                d.lod(mpp)
                if d.geometry_type is GeometryType.POLYGON:
                    d.edges(mpp)
            for lid in FILL_GROUP_LAYERS:
                if len(self._data.get(lid, ())) >= FILL_GROUPS_MIN:
                    self.fill_groups(lid, mpp)
            if cases is not None and len(cases) >= CLUSTER_INDEX_MIN and cluster_cell_px > 0:
                # the renderer widens cells when a view would hold too many bubbles
                for grow in (1.0, 1.5):
                    cases.cluster_index.level(cluster_cell_px * mpp * grow)
        self.label_anchors(LayerId.RESPONSIBILITY)
        self.label_anchors(LayerId.MANAGEMENT)

    def features_in(self, layer_id: str, bbox: Bbox) -> np.ndarray:
        """Ids of the features of a layer whose envelope meets bbox (culling)."""
        d = self._data[layer_id]
        return d.ids[self.indices_in(layer_id, bbox)]

    def _nearest_point(
        self, d: LayerData, x: float, y: float, tolerance_m: float
    ) -> tuple[int, float] | None:
        if len(d) <= SMALL_POINT_LAYER:
            dist = np.hypot(d.x - x, d.y - y)
            k = int(np.argmin(dist))
            return (k, float(dist[k])) if dist[k] <= tolerance_m else None
        return d.point_index.nearest(x, y, tolerance_m)

    def hit_test(
        self,
        x: float,
        y: float,
        tolerance_m: float,
        layers: Iterable[str] | None = None,
    ) -> Hit | None:
        """The feature under world point (x, y) among visible layers.

        Points and lines within `tolerance_m` win, the nearest first (ties: the higher layer);
        otherwise the top-most polygon containing the point (a management grid before its
        responsibility grid before the town)."""
        wanted = set(layers) if layers is not None else None
        candidates = [
            layer
            for layer in self._layers.values()
            if layer.visible and (wanted is None or layer.id in wanted)
        ]
        best: tuple[float, int, str, int] | None = None  # distance, -z, layer, id
        pt: BaseGeometry | None = None
        for layer in candidates:
            d = self._data[layer.id]
            if len(d) == 0 or d.geometry_type is GeometryType.POLYGON:
                continue
            if d.geometry_type is GeometryType.POINT:
                found = self._nearest_point(d, x, y, tolerance_m)
                if found is None:
                    continue
                k, dist_k = found
            else:
                pt = pt if pt is not None else shapely.Point(x, y)
                idx = d.tree.query_nearest(pt, max_distance=tolerance_m, all_matches=True)
                if len(idx) == 0:
                    continue
                dist = shapely.distance(d.geoms[idx], pt)
                k = int(idx[int(np.argmin(dist))])
                dist_k = float(dist.min())
            cand = (dist_k, -layer.z, layer.id, int(d.ids[k]))
            if best is None or cand[:2] < best[:2]:
                best = cand
        if best is not None:
            return (best[2], best[3])
        pt = pt if pt is not None else shapely.Point(x, y)
        for layer in sorted(candidates, key=lambda lay: -lay.z):
            d = self._data[layer.id]
            if len(d) == 0 or d.geometry_type is not GeometryType.POLYGON:
                continue
            idx = d.tree.query(pt, predicate="intersects")
            if len(idx):
                areas = shapely.area(d.geoms[idx])
                k = int(idx[int(np.argmin(areas))])
                return (layer.id, int(d.ids[k]))
        return None

    def features_in_rect(
        self, bbox: Bbox, layers: Iterable[str] | None = None, limit: int = 100_000
    ) -> list[Hit]:
        """Rectangle selection: the features of the given visible layers (default: every
        visible point layer; if none has a point inside, the top-most visible polygon layer)
        inside the rectangle -- points inside it, lines and polygons meeting it."""
        minx, miny, maxx, maxy = bbox
        rect = shapely.box(minx, miny, maxx, maxy)
        visible = [lay for lay in self.layers if lay.visible]
        if layers is not None:
            wanted = set(layers)
            chosen = [lay for lay in visible if lay.id in wanted]
        else:
            chosen = [lay for lay in visible if lay.geometry_type is GeometryType.POINT]
        hits: list[Hit] = []
        for lay in reversed(chosen):
            d = self._data[lay.id]
            if len(d) == 0:
                continue
            if d.geometry_type is GeometryType.POINT:
                idx = self.indices_in(lay.id, bbox)
            else:
                idx = np.sort(d.tree.query(rect, predicate="intersects"))
            hits.extend((lay.id, int(i)) for i in d.ids[idx[: max(0, limit - len(hits))]])
            if len(hits) >= limit:
                break
        if not hits and layers is None:
            polys = [lay for lay in visible if lay.geometry_type is GeometryType.POLYGON]
            for lay in reversed(polys):
                d = self._data[lay.id]
                if len(d) == 0 or lay.id == LayerId.TOWN:
                    continue
                idx = np.sort(d.tree.query(rect, predicate="intersects"))
                if len(idx):
                    hits.extend((lay.id, int(i)) for i in d.ids[idx[:limit]])
                    break
        return hits

    def feature_bounds(self, layer_id: str, feature_id: int) -> Bbox:
        d = self._data[layer_id]
        b = d.bounds[d.index_of[int(feature_id)]]
        return (float(b[0]), float(b[1]), float(b[2]), float(b[3]))

    def feature_geometry(self, layer_id: str, feature_id: int) -> BaseGeometry:
        d = self._data[layer_id]
        return d.geoms[d.index_of[int(feature_id)]]

    def feature_anchor(self, layer_id: str, feature_id: int) -> tuple[float, float]:
        """A point to show a feature at: the point itself, a polygon's label point, a line's
        middle (world metres)."""
        d = self._data[layer_id]
        k = d.index_of[int(feature_id)]
        if d.geometry_type is GeometryType.POINT:
            return float(d.x[k]), float(d.y[k])
        if d.geometry_type is GeometryType.POLYGON:
            a = self.label_anchors(layer_id)
            return float(a.x[k]), float(a.y[k])
        p = d.geoms[k].interpolate(0.5, normalized=True)
        return float(p.x), float(p.y)

    # ------------------------------------------------------------------ search
    def search(self, text: str, limit: int = 20) -> list[SearchResult]:
        """Find grids by code or name, key points by name or QR code, cases by number (in the
        loaded data; the database offers the same over every record). Exact matches first,
        then prefixes, then substrings."""
        q = text.strip().lower()
        if not q:
            return []
        found: list[SearchResult] = []
        for grid_layer in (LayerId.MANAGEMENT, LayerId.RESPONSIBILITY, LayerId.TOWN):
            for rec in self._data[grid_layer].records:
                s = _match_score(q, rec.code, rec.name)
                if s is not None:
                    found.append(
                        SearchResult(str(grid_layer), int(rec.id), "grid", rec.code, rec.name, s)
                    )
        for lid in sorted(STATIC_POINT_LAYERS - {LayerId.CAMERAS}):
            d = self._data[lid]
            if len(d) > 200_000:
                continue
            for rec in d.records:
                s = _match_score(q, rec.qr_code or "", rec.name)
                if s is not None:
                    found.append(
                        SearchResult(lid, int(rec.id), "key_point", rec.qr_code or "", rec.name, s)
                    )
        cases = self._data[LayerId.CASES]
        if len(cases) <= 200_000:
            for rec in cases.records:
                s = _match_score(q, rec.number)
                if s is not None:
                    found.append(
                        SearchResult(
                            LayerId.CASES, int(rec.id), "case", rec.number, rec.category_name, s
                        )
                    )
        found.sort(key=lambda r: (r.score, r.label, r.feature_id))
        return found[:limit]

    # ------------------------------------------------------------------ labels & colours
    def label_anchors(self, layer_id: str) -> LabelAnchors:
        """Anchor points for the names of a polygon layer (cached). Small layers use the pole
        of inaccessibility (polylabel), large ones point_on_surface (vectorised)."""
        cached = self._labels.get(layer_id)
        if cached is not None:
            return cached
        d = self._data[layer_id]
        n = len(d)
        if n == 0:
            anchors = LabelAnchors(d.ids, np.empty(0), np.empty(0), [], np.empty(0))
        else:
            if n <= 2000:
                pts = np.asarray([_label_point(g) for g in d.geoms], dtype=float)
                lx, ly = pts[:, 0], pts[:, 1]
            else:
                pos = shapely.point_on_surface(d.geoms)
                lx, ly = shapely.get_x(pos), shapely.get_y(pos)
            anchors = LabelAnchors(
                ids=d.ids,
                x=np.asarray(lx, dtype=float),
                y=np.asarray(ly, dtype=float),
                texts=[getattr(r, "name", "") or getattr(r, "code", "") for r in d.records],
                weights=np.asarray(shapely.area(d.geoms), dtype=float),
            )
        self._labels[layer_id] = anchors
        return anchors

    def colour_slots(self, layer_id: str, n_colours: int = 8) -> np.ndarray:
        """Palette slot per feature of a polygon layer. Responsibility grids are coloured so
        that neighbours differ; a management grid takes its responsibility grid's slot."""
        key = f"{layer_id}:{n_colours}"
        cached = self._colours.get(key)
        if cached is not None:
            return cached
        d = self._data[layer_id]
        if layer_id == LayerId.MANAGEMENT:
            parent = self.colour_slots(LayerId.RESPONSIBILITY, n_colours)
            pdata = self._data[LayerId.RESPONSIBILITY]
            parents = np.asarray(
                [r.parent_id if r.parent_id is not None else -1 for r in d.records], dtype=np.int64
            )
            pk = pdata.index_of.positions(parents) if len(parents) else parents
            fallback = np.arange(len(d), dtype=np.int64) % n_colours
            slots = np.where(pk >= 0, parent[np.maximum(pk, 0)] if len(parent) else 0, fallback)
            slots = slots.astype(np.int64)
        else:
            slots = greedy_colouring(d.geoms, n_colours)
        self._colours[key] = slots
        return slots

    def fill_groups(self, layer_id: str, mpp: float, n_colours: int = 8) -> LayerData:
        """A palette-filled polygon layer's fills at the detail for `mpp`, dissolved: the
        features of one parent (a management grid's responsibility grid) share a colour slot,
        so each parent's pieces become one polygon (about half the vertices to fill, the same
        pixels). Features without a parent stay on their own. A LayerData of the merged
        polygons, with attrs["slot"]; made once per level (warm_up builds the usual ones)."""
        d = self._data[layer_id]
        tol = lod_tolerance(mpp) if d.lod(mpp) is not None else 0.0
        key = (layer_id, tol, n_colours)
        found = self._fill_groups.get(key)
        if found is not None and found.source is d:
            return found
        slots = self.colour_slots(layer_id, n_colours)
        n = len(d)
        own = np.arange(n, dtype=np.int64)
        if layer_id == LayerId.MANAGEMENT and n:
            pdata = self._data[LayerId.RESPONSIBILITY]
            parents = np.asarray(
                [r.parent_id if r.parent_id is not None else -1 for r in d.records], dtype=np.int64
            )
            pk = pdata.index_of.positions(parents)
            group = np.where(pk >= 0, pk, len(pdata) + own)
        else:
            group = own
        merged, first = dissolve_groups(d.geoms_at(mpp), group * n_colours + slots)
        d.release_simplified(mpp)
        keep = ~shapely.is_empty(merged) if len(merged) else np.zeros(0, dtype=bool)
        merged, first = merged[keep], first[keep]
        x, y, starts, offsets = _vertex_arrays(merged, GeometryType.POLYGON)
        out = LayerData(
            GeometryType.POLYGON,
            np.arange(len(merged), dtype=np.int64),
            [],
            x,
            y,
            starts,
            offsets,
            geoms=merged,
            attrs={"slot": slots[first]},
        )
        out.source = d
        self._fill_groups[key] = out
        return out

    # ------------------------------------------------------------------ thematic
    @property
    def thematic(self) -> Thematic | None:
        return self._thematic

    def set_thematic(
        self,
        layer_id: str,
        field_name: ThematicField | str,
        values: dict[int, float] | np.ndarray,
        classification: Classification,
        title: str = "",
    ) -> Thematic:
        """Colour a polygon layer by a figure. `values` maps feature id -> value (missing
        features get NaN, "no data") or is an array in layer order."""
        if layer_id not in THEMATIC_LAYERS:
            raise ValueError(f"layer {layer_id!r} cannot be coloured thematically")
        d = self._data[layer_id]
        if isinstance(values, dict):
            arr = np.full(len(d), np.nan)
            for fid, v in values.items():
                k = d.index_of.get(fid)
                if k is not None and v is not None:
                    arr[k] = float(v)
        else:
            arr = np.asarray(values, dtype=float)
            if arr.shape != (len(d),):
                raise ValueError("thematic values must have one entry per feature")
        th = Thematic(
            str(layer_id),
            str(ThematicField(field_name)),
            arr,
            classification.classify(arr),
            classification,
            title,
        )
        self._thematic = th
        self.thematic_changed.emit()
        return th

    def clear_thematic(self) -> None:
        if self._thematic is not None:
            self._thematic = None
            self.thematic_changed.emit()

    def figures_from_cases(self, layer_id: str = LayerId.MANAGEMENT) -> dict[str, np.ndarray]:
        """Per-grid open and overdue case counts and open cases per km² from the loaded open
        cases (the fallback when the data source has no per-grid figures): arrays in layer
        order under the ThematicField names. A case without a known grid is counted in the
        management grid its position falls in."""
        d = self._data[layer_id]
        mg = self._data[LayerId.MANAGEMENT]
        cases = self._data[LayerId.CASES]
        grid_of = cases.attrs.get("grid_id", np.full(len(cases), -1, dtype=np.int64))
        pos = mg.index_of.positions(grid_of) if len(grid_of) else np.empty(0, np.int64)
        lost = np.flatnonzero(pos < 0)
        if len(lost) and len(mg):  # no (known) grid on record: locate the case by position
            pts = shapely.points(cases.x[lost], cases.y[lost])
            where, grid = mg.tree.query(pts, predicate="intersects")
            pos = pos.copy()
            pos[lost[where]] = grid
        alarm = self.case_alarm() if len(cases) else np.empty(0, dtype=bool)
        if layer_id == LayerId.RESPONSIBILITY and len(mg):
            parents = np.asarray(
                [r.parent_id if r.parent_id is not None else -1 for r in mg.records], np.int64
            )
            ppos = d.index_of.positions(parents)
            pos = np.where(pos >= 0, ppos[np.maximum(pos, 0)], -1)
        ok = pos >= 0
        open_n = np.bincount(pos[ok], minlength=len(d)).astype(float)
        over_n = np.bincount(pos[ok], weights=alarm[ok].astype(float), minlength=len(d))
        area_km2 = np.asarray(shapely.area(d.geoms), dtype=float) / 1e6 if len(d) else open_n
        with np.errstate(divide="ignore", invalid="ignore"):
            density = np.where(area_km2 > 0, open_n / area_km2, np.nan)
        return {
            ThematicField.OPEN_CASES: open_n,
            ThematicField.OVERDUE_CASES: over_n,
            ThematicField.CASES_PER_KM2: density,
        }

    # ------------------------------------------------------------------ selection
    @property
    def selection(self) -> Hit | None:
        """The primary selected feature (the one the side panels show)."""
        return self._selection

    def selected_ids(self, layer_id: str) -> np.ndarray:
        """Ids of the selected features of a layer (rectangle selections hold many)."""
        return self._selected.get(layer_id, np.empty(0, dtype=np.int64))

    @property
    def selection_count(self) -> int:
        return int(sum(len(v) for v in self._selected.values()))

    def selected_hits(self) -> list[Hit]:
        return [(lid, int(i)) for lid, ids in self._selected.items() for i in ids]

    def select(self, layer_id: str | None, feature_id: int | None = None) -> None:
        """Select one feature (or clear with None). Emits selection_changed on change."""
        if layer_id is None or feature_id is None:
            self.select_many([])
            return
        if not self.has_feature(layer_id, feature_id):
            raise KeyError(f"no feature {feature_id} in layer {layer_id!r}")
        self.select_many([(str(layer_id), int(feature_id))])

    def select_many(self, hits: Iterable[Hit]) -> None:
        """Select several features (a rectangle selection); the first is the primary one.
        Unknown features are ignored."""
        by_layer: dict[str, list[int]] = {}
        primary: Hit | None = None
        for lid, fid in hits:
            if not self.has_feature(lid, fid):
                continue
            by_layer.setdefault(str(lid), []).append(int(fid))
            if primary is None:
                primary = (str(lid), int(fid))
        new_sets = {lid: np.unique(np.asarray(v, dtype=np.int64)) for lid, v in by_layer.items()}
        same_set = new_sets.keys() == self._selected.keys() and all(
            np.array_equal(new_sets[k], self._selected[k]) for k in new_sets
        )
        old_primary = self._selection
        self._selected = new_sets
        self._selection = primary
        if primary != old_primary:
            self.selection_changed.emit(primary)
        if not same_set:
            self.selection_set_changed.emit()

    def clear_selection(self) -> None:
        self.select(None)

    def is_selected(self, layer_id: str, feature_id: int) -> bool:
        ids = self._selected.get(layer_id)
        return ids is not None and bool(np.isin(int(feature_id), ids))

    # ------------------------------------------------------------------ view helpers
    def zoom_to_full_extent(self) -> None:
        self.view.zoom_to_extent(self.extent)

    def zoom_to_feature(self, layer_id: str, feature_id: int, max_mpp: float = 2.5) -> None:
        """Centre the view on a feature; points are zoomed in to at least `max_mpp`, polygons
        and lines are fitted."""
        d = self._data[layer_id]
        b = self.feature_bounds(layer_id, feature_id)
        if d.geometry_type is GeometryType.POINT:
            self.view.center_on(b[0], b[1], min(self.view.mpp, max_mpp))
        else:
            self.view.zoom_to_extent(b, margin=0.15)

    def zoom_to_selection(self) -> bool:
        """Fit every selected feature into the view; False when nothing is selected."""
        boxes = [self.feature_bounds(lid, fid) for lid, fid in self.selected_hits()[:50_000]]
        if not boxes:
            return False
        arr = np.asarray(boxes)
        bbox = (arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max())
        if bbox[2] - bbox[0] < 50 and bbox[3] - bbox[1] < 50:
            self.view.center_on(
                (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2, min(self.view.mpp, 2.5)
            )
        else:
            self.view.zoom_to_extent(bbox, margin=0.1)
        return True


def _kind_rank(layer: Layer) -> int:
    return {GeometryType.POLYGON: 0, GeometryType.LINE: 1, GeometryType.POINT: 2}[
        layer.geometry_type
    ]
