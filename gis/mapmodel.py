"""The evented, Qt-free map model GridDesk's views draw.

`MapModel` is built from a `gis.features.MapData`. It projects every geometry once to the
display CRS (EPSG:4549, CGCS2000 3-degree Gauss-Kruger, metres), keeps per-layer numpy
arrays ready for batched drawing, an STRtree per layer for culling and hit-testing, the layer
list (visibility, opacity, z-order), the selection and the view state (centre, metres per
pixel, size in pixels). It emits psygnal signals; Qt views observe it and never own data, so
the whole model runs and is tested headless.

Conventions
-----------
* World coordinates are EPSG:4549 metres (x = easting, y = northing).
* Screen coordinates are pixels, origin top-left, y down.
* Layer ids are the `LayerId` values; layer titles are English source strings that the
  desktop translates (context "Layers").
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import shapely
from psygnal import Signal
from shapely import STRtree
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from gis.crs import METRIC_EPSG, STORAGE_EPSG, project_xy
from gis.features import CaseFeature, GridFeature, KeyPointKind, MapData, PointFeature

Bbox = tuple[float, float, float, float]  # minx, miny, maxx, maxy (world metres)
Hit = tuple[str, int]  # (layer id, feature id)

TOWN_TZ = ZoneInfo("Asia/Shanghai")

# Case states that are finished: they never appear on the map or in the live queue.
CLOSED_CASE_STATES: frozenset[str] = frozenset({"closed", "rejected"})
# Open but parked (挂账): long-running matters on the books. They are listed last and never
# raise the overdue alarm (red marker, halo, overdue count), although their deadline shows.
PARKED_CASE_STATES: frozenset[str] = frozenset({"long_term"})


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
        Layer(LayerId.CASES, "Cases", T, z=100),
    ]


KEY_POINT_LAYERS: dict[str, str] = {
    KeyPointKind.SHOP: LayerId.SHOPS,
    KeyPointKind.ENTERPRISE: LayerId.ENTERPRISES,
    KeyPointKind.CONSTRUCTION_SITE: LayerId.CONSTRUCTION_SITES,
    KeyPointKind.RIVER: LayerId.RIVER_PLACARDS,
    "public_place": LayerId.PUBLIC_PLACES,
}


# --------------------------------------------------------------------------- layer data


@dataclass(eq=False)
class LayerData:
    """The projected, indexed geometry of one layer.

    For polygon and line layers the vertices of all features are flattened into `x`, `y`
    (ring by ring, each ring closed) with `starts` marking the first vertex of every ring or
    line part, and `offsets[i]:offsets[i + 1]` the vertex range of feature i: a renderer turns
    any subset into one path with a couple of numpy gathers. Point layers keep `x`, `y` one
    entry per feature (`offsets` is then simply arange(n + 1)).
    """

    geometry_type: GeometryType
    ids: np.ndarray  # int64, feature ids
    records: list[Any]  # GridFeature / PointFeature / CaseFeature, same order
    geoms: np.ndarray  # object array of projected shapely geometries
    bounds: np.ndarray  # (n, 4) float64
    x: np.ndarray  # float64 vertices (or point x)
    y: np.ndarray
    starts: np.ndarray  # bool, True where a ring / part begins
    offsets: np.ndarray  # int64, (n + 1,)
    tree: STRtree
    index_of: dict[int, int] = field(default_factory=dict)
    attrs: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.ids.shape[0])

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

    def vertices_of(self, indices: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x, y, starts) of the given feature indices (None: all), concatenated."""
        if indices is None or len(indices) == len(self):
            return self.x, self.y, self.starts
        indices = np.asarray(indices, dtype=np.int64)
        if indices.size == 0:
            empty = np.empty(0)
            return empty, empty, np.empty(0, dtype=bool)
        lo = self.offsets[indices]
        counts = self.offsets[indices + 1] - lo
        total = int(counts.sum())
        # vertex index = lo[k] + (running position within feature k)
        feature_start = np.repeat(np.cumsum(counts) - counts, counts)
        take = np.repeat(lo, counts) + (np.arange(total) - feature_start)
        return self.x[take], self.y[take], self.starts[take]


def _empty_layer(gtype: GeometryType) -> LayerData:
    return LayerData(
        geometry_type=gtype,
        ids=np.empty(0, dtype=np.int64),
        records=[],
        geoms=np.empty(0, dtype=object),
        bounds=np.empty((0, 4)),
        x=np.empty(0),
        y=np.empty(0),
        starts=np.empty(0, dtype=bool),
        offsets=np.zeros(1, dtype=np.int64),
        tree=STRtree([]),
    )


def _project_geometries(geoms: Sequence[BaseGeometry]) -> np.ndarray:
    """Project storage-CRS geometries to EPSG:4549 with one vectorised transform call.

    Vertex by vertex (like gis.crs.transform_geometry), so an exact tiling stays exact."""
    arr = np.empty(len(geoms), dtype=object)
    arr[:] = list(geoms)

    def _apply(coords: np.ndarray) -> np.ndarray:
        xs, ys = project_xy(coords[:, 0], coords[:, 1], STORAGE_EPSG, METRIC_EPSG)
        return np.column_stack([xs, ys])

    return np.asarray(shapely.transform(arr, _apply), dtype=object)


def _vertex_arrays(
    geoms: np.ndarray, gtype: GeometryType
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Flatten polygon rings / line parts: x, y, starts, per-feature offsets."""
    n = len(geoms)
    parts, part_feature = shapely.get_parts(geoms, return_index=True)
    if gtype is GeometryType.POLYGON:
        rings, ring_part = shapely.get_rings(parts, return_index=True)
        chain_feature = part_feature[ring_part]
        chains = rings
    else:
        chains, chain_feature = parts, part_feature
    coords, coord_chain = shapely.get_coordinates(chains, return_index=True)
    if len(coords) == 0:
        empty = np.empty(0)
        return empty, empty, np.empty(0, dtype=bool), np.zeros(n + 1, dtype=np.int64)
    coord_feature = chain_feature[coord_chain]
    starts = np.empty(len(coords), dtype=bool)
    starts[0] = True
    starts[1:] = coord_chain[1:] != coord_chain[:-1]
    offsets = np.searchsorted(coord_feature, np.arange(n + 1), side="left").astype(np.int64)
    return coords[:, 0].copy(), coords[:, 1].copy(), starts, offsets


def _shape_layer(
    records: Sequence[Any], geoms: Sequence[BaseGeometry], gtype: GeometryType
) -> LayerData:
    if not records:
        return _empty_layer(gtype)
    projected = _project_geometries(geoms)
    x, y, starts, offsets = _vertex_arrays(projected, gtype)
    ids = np.fromiter((r.id for r in records), dtype=np.int64, count=len(records))
    return LayerData(
        geometry_type=gtype,
        ids=ids,
        records=list(records),
        geoms=projected,
        bounds=shapely.bounds(projected),
        x=x,
        y=y,
        starts=starts,
        offsets=offsets,
        tree=STRtree(projected),
        index_of={int(i): k for k, i in enumerate(ids)},
    )


def _point_layer(records: Sequence[PointFeature | CaseFeature]) -> LayerData:
    if not records:
        return _empty_layer(GeometryType.POINT)
    n = len(records)
    lon = np.fromiter((r.lon for r in records), dtype=float, count=n)
    lat = np.fromiter((r.lat for r in records), dtype=float, count=n)
    x, y = project_xy(lon, lat)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    geoms = shapely.points(x, y)
    ids = np.fromiter((r.id for r in records), dtype=np.int64, count=n)
    return LayerData(
        geometry_type=GeometryType.POINT,
        ids=ids,
        records=list(records),
        geoms=geoms,
        bounds=np.column_stack([x, y, x, y]),
        x=x,
        y=y,
        starts=np.ones(n, dtype=bool),
        offsets=np.arange(n + 1, dtype=np.int64),
        tree=STRtree(geoms),
        index_of={int(i): k for k, i in enumerate(ids)},
    )


def _timestamp(dt: datetime | None) -> float:
    return float("nan") if dt is None else dt.timestamp()


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
    for i in order:
        if not (inside[i] and finite[i]):
            continue
        cx0, cx1 = int(x0[i] // cell), int(x1[i] // cell)
        cy0, cy1 = int(y0[i] // cell), int(y1[i] // cell)
        clash = False
        for gx in range(cx0, cx1 + 1):
            for gy in range(cy0, cy1 + 1):
                for j in grid.get((gx, gy), ()):
                    # boxes grown by padding each: they clash when the gap is < 2 * padding
                    if x0[i] < x1[j] and x0[j] < x1[i] and y0[i] < y1[j] and y0[j] < y1[i]:
                        clash = True
                        break
                if clash:
                    break
            if clash:
                break
        if clash:
            continue
        kept.append(int(i))
        for gx in range(cx0, cx1 + 1):
            for gy in range(cy0, cy1 + 1):
                grid.setdefault((gx, gy), []).append(int(i))
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


# --------------------------------------------------------------------------- the model


class MapModel:
    """Projected, indexed, evented map data plus layer, selection and view state."""

    data_changed = Signal()
    layers_changed = Signal(str)  # layer id
    view_changed = Signal()
    selection_changed = Signal(object)  # Hit | None

    def __init__(
        self,
        data: MapData | None = None,
        *,
        layers: Iterable[Layer] | None = None,
        wall_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._layers: dict[str, Layer] = {
            layer.id: layer for layer in (layers if layers is not None else default_layers())
        }
        self._data: dict[str, LayerData] = {}
        self._labels: dict[str, LabelAnchors] = {}
        self._colours: dict[str, np.ndarray] = {}
        self._selection: Hit | None = None
        self._wall_clock = wall_clock
        self._loaded_at = wall_clock()
        self._data_now: datetime | None = None
        self._naive = True
        self.source_data: MapData = MapData()
        self.view = MapViewState()
        self.view.changed.connect(self._relay_view_changed)
        self.set_data(data if data is not None else MapData(), _emit=False)

    def _relay_view_changed(self) -> None:
        self.view_changed.emit()

    # ------------------------------------------------------------------ data
    def set_data(self, data: MapData, *, _emit: bool = True) -> None:
        """Replace the data (e.g. on refresh). The view is kept; a selection that no longer
        exists is cleared."""
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
            built[lid] = _shape_layer(feats, [f.geometry for f in feats], GeometryType.POLYGON)

        rivers = [p for p in data.key_points if p.kind == KeyPointKind.RIVER and p.line is not None]
        built[LayerId.RIVERS] = _shape_layer(
            rivers, [p.line for p in rivers if p.line is not None], GeometryType.LINE
        )
        by_kind: dict[str, list[PointFeature]] = {lid: [] for lid in KEY_POINT_LAYERS.values()}
        by_kind[LayerId.OTHER_POINTS] = []
        for p in data.key_points:  # a kind without its own layer still shows, as "other"
            by_kind[KEY_POINT_LAYERS.get(p.kind, LayerId.OTHER_POINTS)].append(p)
        for lid, pts in by_kind.items():
            built[lid] = _point_layer(pts)
        built[LayerId.CAMERAS] = _point_layer(list(data.cameras))

        cases = [c for c in data.cases if c.state not in CLOSED_CASE_STATES]
        case_layer = _point_layer(cases)
        case_layer.attrs["state"] = np.asarray([c.state for c in cases], dtype=object)
        case_layer.attrs["urgent"] = np.asarray([c.urgent for c in cases], dtype=bool)
        case_layer.attrs["parked"] = np.asarray(
            [c.state in PARKED_CASE_STATES for c in cases], dtype=bool
        )
        case_layer.attrs["deadline"] = np.asarray(
            [_timestamp(c.deadline_at) for c in cases], dtype=float
        )
        case_layer.attrs["reported"] = np.asarray(
            [_timestamp(c.reported_at) for c in cases], dtype=float
        )
        built[LayerId.CASES] = case_layer

        for lid in self._layers:
            built.setdefault(lid, _empty_layer(self._layers[lid].geometry_type))
        self._data = built
        self._labels.clear()
        self._colours.clear()
        if self._selection is not None and not self.has_feature(*self._selection):
            self._selection = None
            if _emit:
                self.selection_changed.emit(None)
        if _emit:
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
            x, y = project_xy(121.20, 31.16)
            return (float(x) - 3000, float(y) - 3000, float(x) + 3000, float(y) + 3000)
        arr = np.asarray(boxes)
        return (arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max())

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
        """Boolean per open case: overdue and not parked (挂账) -- the ones to raise."""
        parked = self._data[LayerId.CASES].attrs.get("parked", np.empty(0, dtype=bool))
        return self.case_overdue(now) & ~parked

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

    # ------------------------------------------------------------------ queries
    def indices_in(self, layer_id: str, bbox: Bbox) -> np.ndarray:
        """Sorted indices (into the layer arrays) of features whose envelope meets bbox."""
        d = self._data[layer_id]
        if len(d) == 0:
            return np.empty(0, dtype=np.int64)
        minx, miny, maxx, maxy = bbox
        if d.geometry_type is GeometryType.POINT:
            mask = (d.x >= minx) & (d.x <= maxx) & (d.y >= miny) & (d.y <= maxy)
            return np.flatnonzero(mask).astype(np.int64)
        idx = d.tree.query(shapely.box(minx, miny, maxx, maxy))
        return np.sort(np.asarray(idx, dtype=np.int64))

    def features_in(self, layer_id: str, bbox: Bbox) -> np.ndarray:
        """Ids of the features of a layer whose envelope meets bbox (culling)."""
        d = self._data[layer_id]
        return d.ids[self.indices_in(layer_id, bbox)]

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
        pt = shapely.Point(x, y)
        best: tuple[float, int, str, int] | None = None  # distance, -z, layer, id
        for layer in candidates:
            d = self._data[layer.id]
            if len(d) == 0 or d.geometry_type is GeometryType.POLYGON:
                continue
            idx = d.tree.query_nearest(pt, max_distance=tolerance_m, all_matches=True)
            if len(idx) == 0:
                continue
            dist = shapely.distance(d.geoms[idx], pt)
            k = int(idx[int(np.argmin(dist))])
            cand = (float(dist.min()), -layer.z, layer.id, int(d.ids[k]))
            if best is None or cand[:2] < best[:2]:
                best = cand
        if best is not None:
            return (best[2], best[3])
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

    def feature_bounds(self, layer_id: str, feature_id: int) -> Bbox:
        d = self._data[layer_id]
        b = d.bounds[d.index_of[int(feature_id)]]
        return (float(b[0]), float(b[1]), float(b[2]), float(b[3]))

    def feature_geometry(self, layer_id: str, feature_id: int) -> BaseGeometry:
        d = self._data[layer_id]
        return d.geoms[d.index_of[int(feature_id)]]

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
            slots = np.empty(len(d), dtype=np.int64)
            for k, rec in enumerate(d.records):
                pk = pdata.index_of.get(int(rec.parent_id)) if rec.parent_id is not None else None
                slots[k] = parent[pk] if pk is not None else k % n_colours
        else:
            slots = greedy_colouring(d.geoms, n_colours)
        self._colours[key] = slots
        return slots

    # ------------------------------------------------------------------ selection
    @property
    def selection(self) -> Hit | None:
        return self._selection

    def select(self, layer_id: str | None, feature_id: int | None = None) -> None:
        """Select one feature (or clear with None). Emits selection_changed on change."""
        if layer_id is None or feature_id is None:
            new: Hit | None = None
        else:
            if not self.has_feature(layer_id, feature_id):
                raise KeyError(f"no feature {feature_id} in layer {layer_id!r}")
            new = (str(layer_id), int(feature_id))
        if new != self._selection:
            self._selection = new
            self.selection_changed.emit(new)

    def clear_selection(self) -> None:
        self.select(None)

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
