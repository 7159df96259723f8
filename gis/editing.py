"""The grid editor's engine: an edit session over the grid layer, in EPSG:4549 metres.

A map canvas tool drives an `EditSession` with gestures; the session knows nothing of Qt
(or of the database: db/grid_edit.py loads one from the records and commits it back).

- **Topological.** Neighbouring grids share identical vertices (the layer is an exact
  coverage; see gis/topology.py). A vertex is identified by its position, so moving,
  adding or deleting it acts on every polygon that has it, on both levels: a vertex on the
  border of two villages moves in both responsibility grids and in the management grids
  on each side. After every gesture the new vertices are inserted into the neighbours'
  edges they lie on ("noding"), so shared edges keep matching vertex for vertex.
- **One gesture, one undo step.** Every gesture (move a vertex, draw, split, merge,
  reshape, move a management grid to another responsibility grid, edit attributes, apply
  a fix) changes any number of polygons and is recorded as one `Gesture` (before and after
  of every grid it touched), undone and redone as a whole.
- **Never worse.** In strict mode (the default) a gesture that would add an error to the
  tiling (an invalid or multi-part polygon, a gap, an overlap, a management grid outside
  its parent, a responsibility grid its children no longer cover, mismatched edges) is
  refused with `EditRefused` carrying the reasons, and nothing changes. Problems that were
  already there (say, after an import) do not block unrelated edits.
- **Snapping** (`snap`, `hover`) finds the vertex or edge within a tolerance in metres; the
  canvas converts its pixel tolerance with the current scale.

Keys: a grid's key is its database id; grids drawn in the session get negative keys until
they are committed.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import shapely
from psygnal import Signal
from shapely.geometry import LinearRing, LineString, MultiPoint, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import split as split_geometry
from shapely.ops import substring

from gis.gridcode import GridCodeError, parse_grid_code, validate_management_code
from gis.validation import (
    DEFAULT_CONFIG,
    MANAGEMENT,
    RESPONSIBILITY,
    Fix,
    FixKind,
    Issue,
    IssueKind,
    Severity,
    ValidationConfig,
    ValidationReport,
    area_pieces,
    polygonal,
    shared_length,
    thinness,
    validate_grids,
)

XY = tuple[float, float]
NODE_TOL = 1e-6  # metres: two vertices closer than this are one vertex
LINE_EXTENSION_M = 0.01  # drawn lines are extended this much so an end on a boundary crosses it
EDITABLE_ATTRIBUTES = ("code", "name", "leader_name", "leader_phone", "department_id", "admin_unit_id")


class EditRefused(Exception):
    """A gesture the session will not make; `issues` are the reasons (with locations)."""

    def __init__(self, message: str, issues: Iterable[Issue] = ()) -> None:
        super().__init__(message)
        self.issues = list(issues)


@dataclass(frozen=True, slots=True)
class EditGrid:
    """One grid in the edit buffer (immutable: a gesture replaces it)."""

    key: int
    level: str  # "responsibility" | "management"
    code: str
    name: str
    geometry: BaseGeometry  # Polygon, EPSG:4549
    parent: int | None = None  # key of the responsibility grid (management grids)
    attrs: Mapping[str, Any] = field(default_factory=dict)  # admin_unit_id, department_id, leader_*
    version: int | None = None  # the record's version when loaded (None: drawn here)

    def with_(self, **changes: Any) -> EditGrid:
        return replace(self, **changes)

    def same_as(self, other: EditGrid | None) -> bool:
        """Equal in every respect, geometry vertex for vertex."""
        if other is None:
            return False
        return (
            self.level == other.level
            and self.code == other.code
            and self.name == other.name
            and self.parent == other.parent
            and dict(self.attrs) == dict(other.attrs)
            and same_geometry(self.geometry, other.geometry)
        )


def same_geometry(a: BaseGeometry, b: BaseGeometry) -> bool:
    """The same vertices (ring start and orientation aside), bit for bit."""
    if a is b or bool(shapely.equals_exact(a, b, tolerance=0.0)):
        return True
    return bool(shapely.equals_exact(shapely.normalize(a), shapely.normalize(b), tolerance=0.0))


@dataclass(frozen=True, slots=True)
class Gesture:
    """One undo step: the before and after state of every grid it touched (None: the grid
    did not exist / was removed)."""

    label: str
    before: Mapping[int, EditGrid | None]
    after: Mapping[int, EditGrid | None]
    merged_into: Mapping[int, int] = field(default_factory=dict)  # removed key -> survivor
    warnings: tuple[Issue, ...] = ()

    @property
    def keys(self) -> frozenset[int]:
        return frozenset(self.after)

    @property
    def created(self) -> list[int]:
        return [k for k, g in self.after.items() if g is not None and self.before.get(k) is None]

    @property
    def removed(self) -> list[int]:
        return [k for k, g in self.after.items() if g is None and self.before.get(k) is not None]

    def extent(self) -> tuple[float, float, float, float]:
        """The area the gesture touched (EPSG:4549), for redraw and live validation."""
        geoms = [g.geometry for g in (*self.before.values(), *self.after.values()) if g is not None]
        b = shapely.total_bounds(_arr(geoms))
        return (float(b[0]), float(b[1]), float(b[2]), float(b[3]))


@dataclass(frozen=True, slots=True)
class Snap:
    """Where a pointer snaps: a vertex, a point on an edge, or an edge's midpoint."""

    kind: Literal["vertex", "edge", "midpoint"]
    x: float
    y: float
    keys: tuple[int, ...]  # the grids that have this vertex / edge
    distance: float
    segment: tuple[XY, XY] | None = None  # for edges and midpoints

    @property
    def xy(self) -> XY:
        return (self.x, self.y)


@dataclass(frozen=True, slots=True)
class GridChange:
    """How one grid differs from what was loaded (for the commit)."""

    key: int
    before: EditGrid | None  # as loaded (None: drawn in this session)
    after: EditGrid | None  # now (None: merged away)

    @property
    def action(self) -> str:
        if self.before is None:
            return "created"
        if self.after is None:
            return "retired"
        if not same_geometry(self.before.geometry, self.after.geometry):
            return "reshaped"
        return "attributes"


# ---------------------------------------------------------------- ring helpers


def _rings(poly: Polygon) -> list[np.ndarray]:
    return [np.asarray(poly.exterior.coords)[:, :2]] + [np.asarray(r.coords)[:, :2] for r in poly.interiors]


def _polygon(rings: Sequence[np.ndarray]) -> Polygon:
    return Polygon(rings[0], [r for r in rings[1:]])


def _clean(geom: BaseGeometry) -> BaseGeometry:
    """Drop repeated consecutive vertices (a vertex moved onto its neighbour)."""
    return shapely.remove_repeated_points(geom, tolerance=0.0)


def _extend(line: LineString, by: float = LINE_EXTENSION_M) -> LineString:
    """The line, a little longer at both ends, so an end snapped onto a boundary crosses it."""
    c = np.asarray(line.coords)[:, :2]
    if len(c) < 2:
        return line

    def push(p: np.ndarray, q: np.ndarray) -> np.ndarray:
        d = p - q
        n = float(np.hypot(*d))
        return p if n == 0 else p + d / n * by

    c = c.copy()
    c[0] = push(c[0], c[1])
    c[-1] = push(c[-1], c[-2])
    return LineString(c)


def _arr(geoms: Iterable[BaseGeometry]) -> np.ndarray:
    items = list(geoms)
    out = np.empty(len(items), dtype=object)
    for i, g in enumerate(items):
        out[i] = g
    return out


def _single(geom: BaseGeometry, eps: float) -> list[Polygon]:
    return sorted(area_pieces(geom, eps), key=lambda p: -p.area)


def _union(geoms: Sequence[BaseGeometry]) -> BaseGeometry:
    arr = _arr(geoms)
    if not len(arr):
        return Polygon()
    try:
        if bool(shapely.coverage_is_valid(arr)):
            return shapely.coverage_union_all(arr)
    except shapely.errors.GEOSException:
        pass
    return shapely.union_all(arr)


# ---------------------------------------------------------------- the session


class EditSession:
    """An edit buffer over the grid layer with undo/redo. See the module docstring."""

    changed = Signal(object, str)  # (Gesture, "do" | "undo" | "redo" | "revert")

    def __init__(
        self,
        grids: Iterable[EditGrid],
        town: BaseGeometry | None = None,
        *,
        reserved_codes: Iterable[str] = (),
        config: ValidationConfig = DEFAULT_CONFIG,
        strict: bool = True,
        node_on_load: bool = True,
    ) -> None:
        self.config = config
        self.strict = strict
        self.town = town
        self._grids: dict[int, EditGrid] = {}
        for g in grids:
            if g.key in self._grids:
                raise ValueError(f"two grids with key {g.key}")
            self._grids[g.key] = g
        self._children: dict[int, set[int]] = defaultdict(set)
        for g in self._grids.values():
            if g.level == MANAGEMENT and g.parent is not None:
                self._children[g.parent].add(g.key)
        self._index_dirty = True  # rebuild the bbox index in full at the next query
        self._index_pending: set[int] = set()  # or update only these grids' rows
        self._idx_keys = np.zeros(0, dtype=np.int64)
        self._idx_bounds = np.zeros((0, 4))
        self._idx_row: dict[int, int] = {}
        if node_on_load:
            self._node_all()
        self._loaded: dict[int, EditGrid] = dict(self._grids)
        self._reserved = set(reserved_codes) | {g.code for g in self._grids.values()}
        self._undo: list[Gesture] = []
        self._redo: list[Gesture] = []
        self._next_key = -1

    # ------------------------------------------------------------ reading

    @property
    def grids(self) -> Mapping[int, EditGrid]:
        return self._grids

    def grid(self, key: int) -> EditGrid:
        try:
            return self._grids[key]
        except KeyError:
            raise EditRefused(f"There is no grid {key} in this edit session.") from None

    def by_level(self, level: str) -> list[EditGrid]:
        return [g for g in self._grids.values() if g.level == level]

    def children(self, key: int) -> list[EditGrid]:
        return [self._grids[k] for k in sorted(self._children.get(key, ())) if k in self._grids]

    def by_code(self, code: str) -> EditGrid | None:
        for g in self._grids.values():
            if g.code == code:
                return g
        return None

    def loaded(self, key: int) -> EditGrid | None:
        return self._loaded.get(key)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    @property
    def history(self) -> list[Gesture]:
        """The gestures applied so far, oldest first."""
        return list(self._undo)

    @property
    def dirty(self) -> bool:
        return bool(self.changes())

    def changes(self) -> list[GridChange]:
        """Every grid that differs from what was loaded."""
        out: list[GridChange] = []
        for key in sorted(set(self._loaded) | set(self._grids)):
            before, after = self._loaded.get(key), self._grids.get(key)
            if before is None and after is None:
                continue
            if before is not None and after is not None and after.same_as(before):
                continue
            out.append(GridChange(key, before, after))
        return out

    def merged_into(self) -> dict[int, int]:
        """Grids merged away in this session -> the grid that absorbed them (resolved
        through chains of merges)."""
        succ: dict[int, int] = {}
        for gesture in self._undo:
            succ.update(gesture.merged_into)
        out: dict[int, int] = {}
        for k in succ:
            t, seen = succ[k], {k}
            while t in succ and t not in seen:
                seen.add(t)
                t = succ[t]
            out[k] = t
        return {k: v for k, v in out.items() if k in self._loaded or k < 0}

    def validate(self, region: BaseGeometry | None = None) -> ValidationReport:
        """Full validation (or only the grids meeting `region`) of the current state."""
        return validate_grids(list(self._grids.values()), self.town, config=self.config, region=region)

    def validate_last(self, margin: float = 1.0) -> ValidationReport:
        """Live validation around the last gesture."""
        if not self._undo:
            return ValidationReport(grids_checked=0)
        x0, y0, x1, y1 = self._undo[-1].extent()
        return self.validate(shapely.box(x0 - margin, y0 - margin, x1 + margin, y1 + margin))

    # ------------------------------------------------------------ spatial index

    def _refresh_index(self) -> None:
        """Bring the bbox index up to date: rebuilt after a load or revert, otherwise only
        the rows of the grids the last gestures touched (a city has tens of thousands)."""
        if self._index_dirty:
            keys = list(self._grids)
            self._idx_keys = np.array(keys, dtype=np.int64)
            if keys:
                self._idx_bounds = shapely.bounds(np.array([self._grids[k].geometry for k in keys], dtype=object))
            else:
                self._idx_bounds = np.zeros((0, 4))
            self._idx_row = {k: i for i, k in enumerate(keys)}
            self._index_dirty = False
            self._index_pending.clear()
            return
        if not self._index_pending:
            return
        added: list[int] = []
        for k in self._index_pending:
            g = self._grids.get(k)
            row = self._idx_row.get(k)
            if row is None:
                if g is not None:
                    added.append(k)
                continue
            # a removed grid keeps its row with NaN bounds: no comparison ever matches it
            self._idx_bounds[row] = g.geometry.bounds if g is not None else (np.nan,) * 4
        if added:
            start = len(self._idx_keys)
            self._idx_keys = np.concatenate([self._idx_keys, np.array(added, dtype=np.int64)])
            extra = shapely.bounds(np.array([self._grids[k].geometry for k in added], dtype=object))
            self._idx_bounds = np.vstack([self._idx_bounds.reshape(-1, 4), extra])
            for i, k in enumerate(added):
                self._idx_row[k] = start + i
        self._index_pending.clear()

    def keys_in(self, bounds: Sequence[float], level: str | None = None) -> list[int]:
        """Keys of the grids (of `level`) whose bounding box meets `bounds` (x0, y0, x1, y1):
        what a view or a tool needs to look at."""
        return self._near(bounds, level=level)

    def _near(
        self,
        bounds: Sequence[float],
        work: Mapping[int, EditGrid | None] | None = None,
        *,
        level: str | None = None,
        margin: float = 0.0,
    ) -> list[int]:
        """Keys of grids (the current state overlaid with `work`) whose bbox meets `bounds`."""
        self._refresh_index()
        x0, y0, x1, y1 = bounds[0] - margin, bounds[1] - margin, bounds[2] + margin, bounds[3] + margin
        b = self._idx_bounds
        hit = (b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0) if len(b) else np.zeros(0, bool)
        keys = {int(k) for k in self._idx_keys[hit]}
        if work:
            for k, g in work.items():
                keys.discard(k)
                if g is not None:
                    gx0, gy0, gx1, gy1 = g.geometry.bounds
                    if gx0 <= x1 and gx1 >= x0 and gy0 <= y1 and gy1 >= y0:
                        keys.add(k)
        out = sorted(keys)
        if level is not None:
            out = [k for k in out if self._get(k, work).level == level]  # type: ignore[union-attr]
        return out

    def _get(self, key: int, work: Mapping[int, EditGrid | None] | None = None) -> EditGrid | None:
        if work is not None and key in work:
            return work[key]
        return self._grids.get(key)

    def _children_of(self, key: int, work: Mapping[int, EditGrid | None]) -> set[int]:
        kids = {k for k in self._children.get(key, ()) if k not in work}
        for k, g in work.items():
            if g is not None and g.level == MANAGEMENT and g.parent == key:
                kids.add(k)
        return kids

    # ------------------------------------------------------------ snapping

    def _vertices_near(self, x: float, y: float, tol: float, level: str | None = None) -> list[tuple[float, int, XY]]:
        out: list[tuple[float, int, XY]] = []
        for k in self._near((x, y, x, y), margin=tol, level=level):
            c = shapely.get_coordinates(self._grids[k].geometry)
            d = np.hypot(c[:, 0] - x, c[:, 1] - y)
            i = int(np.argmin(d))
            if d[i] <= tol:
                out.append((float(d[i]), k, (float(c[i, 0]), float(c[i, 1]))))
        return sorted(out)

    def _segments_near(
        self, x: float, y: float, tol: float, level: str | None = None
    ) -> list[tuple[float, int, XY, XY, XY]]:
        """(distance, key, nearest point, segment start, segment end) per grid."""
        out: list[tuple[float, int, XY, XY, XY]] = []
        for k in self._near((x, y, x, y), margin=tol, level=level):
            best: tuple[float, int, XY, XY, XY] | None = None
            for ring in _rings(self._grids[k].geometry):
                a, b = ring[:-1], ring[1:]
                ab = b - a
                ll = np.einsum("ij,ij->i", ab, ab)
                t = np.clip(np.einsum("ij,ij->i", np.array([x, y]) - a, ab) / np.where(ll == 0, 1, ll), 0, 1)
                p = a + ab * t[:, None]
                d = np.hypot(p[:, 0] - x, p[:, 1] - y)
                i = int(np.argmin(d))
                if d[i] <= tol and (best is None or d[i] < best[0]):
                    best = (
                        float(d[i]), k, (float(p[i, 0]), float(p[i, 1])),
                        (float(a[i, 0]), float(a[i, 1])), (float(b[i, 0]), float(b[i, 1])),
                    )
            if best is not None:
                out.append(best)
        return sorted(out)

    def snap(
        self,
        x: float,
        y: float,
        tolerance: float,
        *,
        vertices: bool = True,
        edges: bool = True,
        level: str | None = None,
    ) -> Snap | None:
        """Snap a pointer position: the nearest vertex within `tolerance` metres, else the
        nearest point on an edge; None if nothing is that close."""
        if vertices:
            hits = self._vertices_near(x, y, tolerance, level)
            if hits:
                d, _, xy = hits[0]
                keys = tuple(sorted({k for _, k, v in self._vertices_near(xy[0], xy[1], NODE_TOL)}))
                return Snap("vertex", xy[0], xy[1], keys, d)
        if edges:
            segs = self._segments_near(x, y, tolerance, level)
            if segs:
                d, _, p, a, b = segs[0]
                keys = tuple(sorted({k for _, k, *_ in self._segments_near(p[0], p[1], NODE_TOL * 10)}))
                return Snap("edge", p[0], p[1], keys, d, (a, b))
        return None

    def hover(self, x: float, y: float, tolerance: float, level: str | None = None) -> Snap | None:
        """What the pointer would grab: a vertex (to move), else an edge's midpoint (drag it
        to add a vertex), else None."""
        hit = self.snap(x, y, tolerance, edges=False, level=level)
        if hit is not None:
            return hit
        best: Snap | None = None
        for _, _k, _p, a, b in self._segments_near(x, y, tolerance * 4 + 1e-9, level):
            mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
            d = math.hypot(mx - x, my - y)
            if d <= tolerance and (best is None or d < best.distance):
                keys = tuple(sorted({kk for _, kk, *_ in self._segments_near(mx, my, NODE_TOL * 10)}))
                best = Snap("midpoint", mx, my, keys, d, (a, b))
        return best

    # ------------------------------------------------------------ gestures: vertices

    def move_vertex(self, src: XY, dst: XY, *, tolerance: float = NODE_TOL) -> Gesture:
        """Move the vertex at `src` (within `tolerance`) to `dst` in every grid that has it."""
        hits = self._vertices_near(src[0], src[1], tolerance)
        if not hits:
            raise EditRefused("There is no vertex there to move.")
        vx, vy = hits[0][2]
        owners = [k for _, k, _ in self._vertices_near(vx, vy, NODE_TOL)]
        target = np.array([float(dst[0]), float(dst[1])])
        work: dict[int, EditGrid | None] = {}
        for k in owners:
            g = self._grids[k]

            def move(c: np.ndarray) -> np.ndarray:
                hit = np.hypot(c[:, 0] - vx, c[:, 1] - vy) <= NODE_TOL
                c = c.copy()
                c[hit] = target
                return c

            work[k] = g.with_(geometry=_clean(shapely.transform(g.geometry, move)))
        return self._apply("Move vertex", work)

    def add_vertex(self, at: XY, *, tolerance: float = NODE_TOL, move_to: XY | None = None) -> Gesture:
        """Insert a vertex on the edge nearest to `at` (within `tolerance`), in every grid
        that has that edge; with `move_to`, drag it there in the same gesture (grabbing an
        edge's midpoint)."""
        segs = self._segments_near(at[0], at[1], tolerance)
        if not segs:
            raise EditRefused("There is no edge there to add a vertex to.")
        p = segs[0][2]
        if self._vertices_near(p[0], p[1], NODE_TOL * 10):
            raise EditRefused("There is already a vertex there.")
        work: dict[int, EditGrid | None] = {}
        for _, k, *_ in self._segments_near(p[0], p[1], NODE_TOL * 10):
            g = self._grids[k]
            work[k] = g.with_(geometry=_insert_vertex(g.geometry, p, NODE_TOL * 10))
        if move_to is not None:
            target = np.array([float(move_to[0]), float(move_to[1])])
            for k, moved in list(work.items()):
                assert moved is not None

                def move(c: np.ndarray) -> np.ndarray:
                    hit = np.hypot(c[:, 0] - p[0], c[:, 1] - p[1]) <= NODE_TOL
                    c = c.copy()
                    c[hit] = target
                    return c

                work[k] = moved.with_(geometry=_clean(shapely.transform(moved.geometry, move)))
        return self._apply("Add vertex", work)

    def delete_vertex(self, at: XY, *, tolerance: float = NODE_TOL) -> Gesture:
        """Remove the vertex at `at` from every grid that has it."""
        hits = self._vertices_near(at[0], at[1], tolerance)
        if not hits:
            raise EditRefused("There is no vertex there to delete.")
        vx, vy = hits[0][2]
        work: dict[int, EditGrid | None] = {}
        for _, k, _ in self._vertices_near(vx, vy, NODE_TOL):
            g = self._grids[k]
            rings = []
            for i, ring in enumerate(_rings(g.geometry)):
                keep = np.hypot(ring[:, 0] - vx, ring[:, 1] - vy) > NODE_TOL
                r = ring[keep]
                if len(r) and not np.array_equal(r[0], r[-1]):
                    r = np.vstack([r, r[:1]])
                if len(r) < 4:
                    if i == 0:
                        raise EditRefused(f"Grid {g.code} would have fewer than three vertices.")
                    continue  # a hole of two vertices is gone
                rings.append(r)
            work[k] = g.with_(geometry=_polygon(rings))
        return self._apply("Delete vertex", work)

    # ------------------------------------------------------------ gestures: shapes

    def draw_grid(
        self,
        polygon: BaseGeometry,
        level: str = MANAGEMENT,
        *,
        parent: int | None = None,
        code: str | None = None,
        name: str | None = None,
        attrs: Mapping[str, Any] | None = None,
        mode: Literal["carve", "fill"] = "carve",
    ) -> Gesture:
        """A new grid from a drawn polygon, clipped to its parent (management) or the town
        (responsibility). "carve": the neighbours give up the area it covers; "fill": it
        takes only area no grid of its level covers (a hole)."""
        eps = self.config.area_epsilon_m2
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            raise EditRefused("Draw the new grid as one closed polygon.")
        if not polygon.is_valid:
            raise EditRefused(f"The drawn polygon is not valid ({shapely.is_valid_reason(polygon)}); draw it again.")
        if level not in (MANAGEMENT, RESPONSIBILITY):
            raise EditRefused(f"Unknown grid level {level!r}.")
        if level == MANAGEMENT:
            if parent is None:
                parent = self._best_parent(polygon)
            par = self.grid(parent)
            if par.level != RESPONSIBILITY:
                raise EditRefused(f"Grid {par.code} is not a responsibility grid.")
            region: BaseGeometry | None = par.geometry
        else:
            parent = None
            region = self.town
        shape = polygonal(polygon.intersection(region)) if region is not None else polygon
        same = [self._grids[k] for k in self._near(shape.bounds, level=level)]
        if level == MANAGEMENT:
            same = [g for g in same if g.parent == parent]
        if mode == "fill":
            shape = polygonal(shape.difference(_union([g.geometry for g in same if g.geometry.intersects(shape)])))
        pieces = _single(shape, eps)
        if not pieces:
            raise EditRefused(
                "The drawn polygon covers no free area; draw it over the hole to fill."
                if mode == "fill" else "The drawn polygon lies outside the area the grid must be in."
            )
        if len(pieces) > 1:
            raise EditRefused(f"The new grid would be in {len(pieces)} separate pieces; draw it as one area.")
        shape = pieces[0]
        work: dict[int, EditGrid | None] = {}
        if mode == "carve":
            for g in same:
                if not g.geometry.intersects(shape):
                    continue
                rest = _single(g.geometry.difference(shape), eps)
                if not rest:
                    raise EditRefused(
                        f"The new grid would swallow grid {g.code} entirely; merge the grids instead."
                    )
                if len(rest) > 1:
                    raise EditRefused(f"The new grid would cut grid {g.code} in two; split it first.")
                if rest[0].area < g.geometry.area - eps:
                    work[g.key] = g.with_(geometry=rest[0])
        key = self._new_key()
        base_attrs: dict[str, Any] = {}
        if level == MANAGEMENT and parent is not None:
            base_attrs["admin_unit_id"] = self._grids[parent].attrs.get("admin_unit_id")
        else:
            donor = max(
                (self._grids[k] for k in self._near(shape.bounds, level=RESPONSIBILITY)),
                key=lambda g: g.geometry.intersection(shape).area, default=None,
            )
            if donor is not None:
                base_attrs["admin_unit_id"] = donor.attrs.get("admin_unit_id")
        base_attrs.update(attrs or {})
        if code is None:
            code = self._alloc_code(level, parent, work, template=self._template_code(shape, level))
        else:
            self._check_code(code, level, parent, work, key)
        new = EditGrid(key, level, code, name or code, shape, parent, base_attrs)
        work[key] = new
        if level == RESPONSIBILITY:
            self._sync_children(work)
        return self._apply("Draw grid", work)

    def split_grid(
        self,
        key: int,
        line: LineString,
        *,
        codes: Sequence[str] = (),
        names: Sequence[str] = (),
    ) -> Gesture:
        """Cut a grid with a drawn line into two or more grids. The largest piece keeps the
        grid's identity and attributes; the others become new grids (codes allocated
        unless given). A responsibility grid's management grids follow the cut."""
        eps = self.config.area_epsilon_m2
        g = self.grid(key)
        line = _extend(LineString(line))
        pieces = [p for p in split_geometry(g.geometry, line).geoms if p.area > eps]
        pieces.sort(key=lambda p: -p.area)
        if len(pieces) < 2:
            raise EditRefused(f"The line must cross grid {g.code} from one edge to another.")
        work: dict[int, EditGrid | None] = {key: g.with_(geometry=pieces[0])}
        for i, piece in enumerate(pieces[1:]):
            nk = self._new_key()
            code = codes[i] if i < len(codes) else None
            if code is None:
                code = self._alloc_code(g.level, g.parent, work, template=g.code)
            else:
                self._check_code(code, g.level, g.parent, work, nk)
            name = names[i] if i < len(names) else self._derived_name(g.name, work)
            attrs = {k: v for k, v in g.attrs.items() if k in ("admin_unit_id", "department_id")}
            work[nk] = EditGrid(nk, g.level, code, name, piece, g.parent, attrs)
        if g.level == RESPONSIBILITY:
            self._sync_children(work)
        return self._apply("Split grid", work)

    def merge_grids(self, keys: Sequence[int], keep: int) -> Gesture:
        """Merge adjacent grids of one level into `keep`, whose code, name and attributes
        survive. Management grids must share a responsibility grid; merging responsibility
        grids moves the others' management grids into `keep`."""
        keys = list(dict.fromkeys(keys))
        if keep not in keys:
            keys.insert(0, keep)
        if len(keys) < 2:
            raise EditRefused("Choose at least two grids to merge.")
        grids = [self.grid(k) for k in keys]
        survivor = self.grid(keep)
        if len({g.level for g in grids}) > 1:
            raise EditRefused("Only grids of one level can be merged.")
        if survivor.level == MANAGEMENT and len({g.parent for g in grids}) > 1:
            raise EditRefused(
                "These management grids belong to different responsibility grids; "
                "move them into one responsibility grid first."
            )
        merged = polygonal(_union([g.geometry for g in grids]))
        if merged.geom_type != "Polygon":
            raise EditRefused("The grids do not form one area (they share no edge); merge neighbours only.")
        work: dict[int, EditGrid | None] = {keep: survivor.with_(geometry=merged)}
        for g in grids:
            if g.key != keep:
                work[g.key] = None
        if survivor.level == RESPONSIBILITY:
            for g in grids:
                if g.key == keep:
                    continue
                for ck in sorted(self._children_of(g.key, work)):
                    c = self._get(ck, work)
                    assert c is not None
                    work[ck] = c.with_(parent=keep, code=self._alloc_code(MANAGEMENT, keep, work))
        return self._apply("Merge grids", work, merged_into={g.key: keep for g in grids if g.key != keep})

    def reshape(self, key: int, line: LineString) -> Gesture:
        """Redraw part of a grid's outer boundary with a line that leaves and re-enters it
        (QGIS's reshape: of the two possible outlines the larger is kept). Area the grid
        gains is taken from its neighbours; area it gives up goes to the neighbour sharing
        the longest edge with it."""
        eps = self.config.area_epsilon_m2
        g = self.grid(key)
        new_shape = _reshaped(g.geometry, _extend(LineString(line)))
        if new_shape is None:
            raise EditRefused(f"The line must leave and re-enter grid {g.code}'s outer boundary.")
        region = self._grids[g.parent].geometry if g.level == MANAGEMENT and g.parent in self._grids else self.town
        if region is not None:
            new_shape = polygonal(new_shape.intersection(region))
        pieces = _single(new_shape, eps)
        if len(pieces) != 1:
            raise EditRefused(f"The new outline would leave grid {g.code} in {len(pieces)} pieces.")
        new_shape = pieces[0]
        work: dict[int, EditGrid | None] = {key: g.with_(geometry=new_shape)}
        gained = polygonal(new_shape.difference(g.geometry))
        lost = polygonal(g.geometry.difference(new_shape))
        same = [k for k in self._near(new_shape.union(g.geometry).bounds, level=g.level) if k != key]
        if g.level == MANAGEMENT:
            same = [k for k in same if self._grids[k].parent == g.parent]
        if gained.area > eps:
            for k in same:
                n = self._grids[k]
                if not n.geometry.intersects(gained):
                    continue
                rest = _single(n.geometry.difference(new_shape), eps)
                if not rest:
                    raise EditRefused(f"The new outline would swallow grid {n.code}; merge the grids instead.")
                if len(rest) > 1:
                    raise EditRefused(f"The new outline would cut grid {n.code} in two.")
                if rest[0].area < n.geometry.area - eps:
                    work[k] = n.with_(geometry=rest[0])
        for piece in _single(lost, eps):
            best, best_len = None, 0.0
            for k in same:
                cand = self._get(k, work)
                assert cand is not None
                length = shared_length(piece, cand.geometry)
                if length > best_len:
                    best, best_len = k, length
            if best is None:
                raise EditRefused(
                    f"The area grid {g.code} gives up ({piece.area:.0f} m²) has no neighbour to go to; "
                    "it would become a gap."
                )
            taker = self._get(best, work)
            assert taker is not None
            joined = polygonal(_union([taker.geometry, piece]))
            if joined.geom_type != "Polygon":
                raise EditRefused(f"Grid {taker.code} cannot take the area grid {g.code} gives up.")
            work[best] = taker.with_(geometry=joined)
        if g.level == RESPONSIBILITY:
            self._sync_children(work)
        return self._apply("Reshape boundary", work)

    def move_to_parent(self, key: int, new_parent: int, *, code: str | None = None) -> Gesture:
        """Move a management grid to another (neighbouring) responsibility grid: both
        responsibility grids change shape; the management grid gets a code under its new
        parent (allocated unless given)."""
        eps = self.config.area_epsilon_m2
        g = self.grid(key)
        if g.level != MANAGEMENT:
            raise EditRefused(f"Grid {g.code} is not a management grid.")
        new = self.grid(new_parent)
        if new.level != RESPONSIBILITY:
            raise EditRefused(f"Grid {new.code} is not a responsibility grid.")
        if g.parent == new_parent:
            raise EditRefused(f"Grid {g.code} already belongs to {new.code}.")
        work: dict[int, EditGrid | None] = {}
        if g.parent is not None and g.parent in self._grids:
            old = self._grids[g.parent]
            rest = _single(old.geometry.difference(g.geometry), eps)
            if not rest:
                raise EditRefused(
                    f"Grid {g.code} is the whole of {old.code}; merge the responsibility grids instead."
                )
            if len(rest) > 1:
                raise EditRefused(f"Moving grid {g.code} would cut {old.code} in two.")
            work[old.key] = old.with_(geometry=rest[0])
        joined = polygonal(_union([new.geometry, g.geometry]))
        if joined.geom_type != "Polygon":
            raise EditRefused(f"Grid {g.code} does not share an edge with {new.code}; it can only move to a neighbour.")
        work[new.key] = new.with_(geometry=joined)
        if code is None:
            code = self._alloc_code(MANAGEMENT, new_parent, work)
        else:
            self._check_code(code, MANAGEMENT, new_parent, work, key)
        attrs = dict(g.attrs)
        if "admin_unit_id" in new.attrs:
            attrs["admin_unit_id"] = new.attrs["admin_unit_id"]
        work[key] = g.with_(parent=new_parent, code=code, attrs=attrs)
        return self._apply("Move to another responsibility grid", work)

    def set_attributes(self, key: int, **changes: Any) -> Gesture:
        """Edit a grid's code, name, responsible person and phone, department or unit. A new
        code is checked against the grid-code scheme, the level and the parent, and must be
        unused; a responsibility grid's new code is carried into its management grids'."""
        g = self.grid(key)
        unknown = set(changes) - set(EDITABLE_ATTRIBUTES)
        if unknown:
            raise EditRefused(f"These attributes cannot be edited here: {', '.join(sorted(unknown))}.")
        work: dict[int, EditGrid | None] = {}
        new = g
        if "name" in changes:
            name = str(changes["name"] or "").strip()
            if not name or len(name) > 64:
                raise EditRefused("A grid name must be 1 to 64 characters.")
            new = new.with_(name=name)
        attrs = dict(g.attrs)
        for field_name, limit in (("leader_name", 32), ("leader_phone", 20)):
            if field_name in changes:
                value = str(changes[field_name] or "").strip()
                if len(value) > limit:
                    raise EditRefused(f"The {field_name.replace('_', ' ')} may be at most {limit} characters.")
                if field_name == "leader_phone" and value and not all(ch.isdigit() or ch in "+- " for ch in value):
                    raise EditRefused("A phone number may contain only digits, spaces, + and -.")
                attrs[field_name] = value
        for field_name in ("department_id", "admin_unit_id"):
            if field_name in changes:
                value = changes[field_name]
                if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                    raise EditRefused(f"The {field_name.replace('_id', '')} must be chosen from the list.")
                attrs[field_name] = value
        new = new.with_(attrs=attrs)
        if "code" in changes and changes["code"] != g.code:
            code = str(changes["code"]).strip()
            self._check_code(code, g.level, g.parent, work, key)
            new = new.with_(code=code)
            if g.level == RESPONSIBILITY:
                for ck in sorted(self._children_of(key, work)):
                    c = self._grids[ck]
                    child_code = code[:12] + c.code[12:]
                    self._check_code(child_code, MANAGEMENT, key, work, ck, parent_code=code)
                    work[ck] = c.with_(code=child_code)
        work[key] = new
        return self._apply("Edit attributes", work, node=False)

    def apply_fix(self, fix: Fix) -> Gesture:
        """Apply a validation issue's fix as one gesture."""
        eps = self.config.area_epsilon_m2
        if fix.kind == FixKind.MERGE_INTO_NEIGHBOUR and fix.key is not None and fix.target is not None:
            return self.merge_grids([fix.target, fix.key], keep=fix.target)
        if fix.kind == FixKind.FILL_GAP and fix.target is not None and fix.geometry is not None:
            t = self.grid(fix.target)
            joined = polygonal(_union([t.geometry, fix.geometry]))
            if joined.geom_type != "Polygon":
                raise EditRefused(f"Grid {t.code} cannot take the gap (they do not share an edge).")
            work: dict[int, EditGrid | None] = {t.key: t.with_(geometry=joined)}
            if t.level == RESPONSIBILITY:
                self._sync_children(work)
            return self._apply("Fill gap", work)
        if fix.kind == FixKind.SNAP_TO_NEIGHBOUR and fix.key is not None and fix.target is not None:
            g, t = self.grid(fix.key), self.grid(fix.target)
            geom = g.geometry
            if fix.tolerance_m > 0:
                geom = shapely.snap(geom, t.geometry, fix.tolerance_m)
            geom = polygonal(geom.difference(t.geometry))
            pieces = _single(geom, eps)
            if len(pieces) != 1:
                raise EditRefused(f"Snapping grid {g.code} to {t.code} would leave it in {len(pieces)} pieces.")
            work = {g.key: g.with_(geometry=pieces[0])}
            if g.level == RESPONSIBILITY:
                self._sync_children(work)
            return self._apply("Snap to neighbour", work)
        raise EditRefused("This problem has no automatic fix.")

    def replace_grids(
        self,
        grids: Iterable[EditGrid],
        *,
        levels: Iterable[str],
        parent_codes: Mapping[str, str | None] | None = None,
        label: str = "Import",
        remove_missing: bool = True,
    ) -> Gesture:
        """Make the given grids the whole of `levels` (an import): grids are matched to the
        session's by code (a new code is a new grid, a missing code is removed unless
        `remove_missing` is False), a
        management grid's parent is found by `parent_codes[code]` among the incoming and
        the session's grids. One gesture, neither noded nor checked: validate the result."""
        levels = set(levels)
        incoming = list(grids)
        parent_codes = parent_codes or {}
        work: dict[int, EditGrid | None] = {}
        by_code = {g.code: g for g in self._grids.values()}
        code_to_key: dict[str, int] = {}
        for g in incoming:
            cur = by_code.get(g.code)
            code_to_key[g.code] = cur.key if cur is not None and cur.level == g.level else self._new_key()
        for g in incoming:
            key = code_to_key[g.code]
            cur = self._grids.get(key)
            parent = g.parent
            pc = parent_codes.get(g.code)
            if g.level == MANAGEMENT and pc:
                parent = code_to_key.get(pc)
                if parent is None and pc in by_code:
                    parent = by_code[pc].key
            attrs = dict(cur.attrs) if cur is not None else {}
            attrs.update(g.attrs)
            new = g.with_(key=key, parent=parent, attrs=attrs, version=cur.version if cur else None)
            if cur is None or not new.same_as(cur):
                work[key] = new
        seen = set(code_to_key.values())
        for g in self._grids.values():
            if remove_missing and g.level in levels and g.key not in seen:
                work[g.key] = None
        if not work:
            raise EditRefused("The file changes nothing.")
        return self._apply(label, work, node=False, check=False)

    def new_key(self) -> int:
        """A key for a grid made outside the gestures (e.g. by an importer)."""
        return self._new_key()

    # ------------------------------------------------------------ undo / redo

    def undo(self) -> Gesture:
        if not self._undo:
            raise EditRefused("Nothing to undo.")
        g = self._undo.pop()
        self._set(g.before)
        self._redo.append(g)
        self.changed.emit(g, "undo")
        return g

    def redo(self) -> Gesture:
        if not self._redo:
            raise EditRefused("Nothing to redo.")
        g = self._redo.pop()
        self._set(g.after)
        self._undo.append(g)
        self.changed.emit(g, "redo")
        return g

    def revert(self) -> None:
        """Throw away every edit: back to what was loaded (the stacks are cleared)."""
        if not self._undo and not self._redo:
            return
        keys = set(self._grids) | set(self._loaded)
        before = {k: self._grids.get(k) for k in keys}
        self._grids = dict(self._loaded)
        self._rebuild_children()
        self._index_dirty = True
        self._undo.clear()
        self._redo.clear()
        self.changed.emit(Gesture("Revert", before, {k: self._grids.get(k) for k in keys}), "revert")

    # ------------------------------------------------------------ internals

    def _new_key(self) -> int:
        k = self._next_key
        self._next_key -= 1
        return k

    def _set(self, state: Mapping[int, EditGrid | None]) -> None:
        for k, g in state.items():
            old = self._grids.get(k)
            if old is not None and old.parent is not None:
                self._children[old.parent].discard(k)
            if g is None:
                self._grids.pop(k, None)
            else:
                self._grids[k] = g
                if g.level == MANAGEMENT and g.parent is not None:
                    self._children[g.parent].add(k)
        self._index_pending.update(state)

    def _rebuild_children(self) -> None:
        self._children = defaultdict(set)
        for g in self._grids.values():
            if g.level == MANAGEMENT and g.parent is not None:
                self._children[g.parent].add(g.key)

    def _apply(
        self,
        label: str,
        work: dict[int, EditGrid | None],
        *,
        node: bool = True,
        check: bool = True,
        merged_into: Mapping[int, int] | None = None,
    ) -> Gesture:
        if node:
            self._node(work)
        for k in list(work):
            cur, new = self._grids.get(k), work[k]
            if (cur is None and new is None) or (cur is not None and new is not None and new.same_as(cur)):
                del work[k]
        if not work:
            raise EditRefused("The edit changes nothing.")
        warnings: list[Issue] = []
        if check:
            found = self._check(work)
            errors = [i for i in found if i.severity == Severity.ERROR]
            if errors and self.strict:
                raise EditRefused(errors[0].message, errors)
            warnings = [i for i in found if i.severity == Severity.WARNING]
        gesture = Gesture(label, {k: self._grids.get(k) for k in work}, dict(work), dict(merged_into or {}), tuple(warnings))
        self._set(gesture.after)
        self._undo.append(gesture)
        self._redo.clear()
        self.changed.emit(gesture, "do")
        return gesture

    # -- noding: shared edges keep matching vertices

    def _node_all(self) -> None:
        """On load: insert every vertex lying on another grid's edge into that edge."""
        work: dict[int, EditGrid | None] = {}
        all_keys = list(self._grids)
        if not all_keys:
            return
        geoms = np.array([self._grids[k].geometry for k in all_keys], dtype=object)
        need = _grids_needing_nodes(geoms)
        if not len(need):
            return  # a layer loaded from the database is noded already: nothing to insert
        tree = shapely.STRtree(geoms)
        left, right = tree.query(geoms[need], predicate="intersects")
        near: dict[int, list[int]] = defaultdict(list)
        for i, j in zip(need[left], right, strict=True):
            if i != j:
                near[int(i)].append(int(j))
        for i, js in near.items():
            g = self._grids[all_keys[i]]
            pts = np.vstack([shapely.get_coordinates(geoms[j]) for j in js])
            snapped = _snap_to_points(g.geometry, pts)
            if snapped is not None:
                work[g.key] = g.with_(geometry=snapped)
        for k, noded in work.items():
            if noded is not None:
                self._grids[k] = noded
        self._index_dirty = True

    def _node(self, work: dict[int, EditGrid | None]) -> None:
        changed = [k for k, g in work.items() if g is not None]
        if not changed:
            return
        # 1. the changed grids take the existing vertices of the grids around them
        for k in changed:
            g = work[k]
            assert g is not None
            others = [n for n in self._near(g.geometry.bounds, work, margin=NODE_TOL * 10) if n != k]
            pts = [shapely.get_coordinates(self._get(n, work).geometry) for n in others]  # type: ignore[union-attr]
            if pts:
                snapped = _snap_to_points(g.geometry, np.vstack(pts))
                if snapped is not None:
                    work[k] = g.with_(geometry=snapped)
        # 2. the grids around them take the changed grids' vertices
        geoms = [g.geometry for g in (work[k] for k in changed) if g is not None]
        new_pts = np.vstack([shapely.get_coordinates(geom) for geom in geoms])
        b = shapely.total_bounds(_arr(geoms))
        for n in self._near(b, work, margin=NODE_TOL * 10):
            g2 = self._get(n, work)
            assert g2 is not None
            snapped = _snap_to_points(g2.geometry, new_pts)
            if snapped is not None:
                work[n] = g2.with_(geometry=snapped)

    # -- the strict check: the gesture must not add errors

    def _check(self, work: Mapping[int, EditGrid | None]) -> list[Issue]:
        eps = self.config.area_epsilon_m2
        issues: list[Issue] = []
        for g in work.values():
            if g is None:
                continue
            geom = g.geometry
            if geom.is_empty or geom.geom_type != "Polygon":
                n = len(getattr(geom, "geoms", ())) or 0
                issues.append(_issue(IssueKind.NOT_POLYGON, f"Grid {g.code} would be in {n} pieces or empty.", g, geom))
            elif not geom.is_valid:
                reason = shapely.is_valid_reason(geom)
                issues.append(
                    _issue(IssueKind.INVALID, f"Grid {g.code} would not be a valid polygon ({reason}).", g, geom, reason=reason)
                )
        if issues:
            return issues
        before = {k: self._grids.get(k) for k in work}
        for level in (RESPONSIBILITY, MANAGEMENT):
            tk = [
                k for k in work
                if (before[k] is not None and before[k].level == level)  # type: ignore[union-attr]
                or (work[k] is not None and work[k].level == level)  # type: ignore[union-attr]
            ]
            if not tk:
                continue
            b_geoms = [before[k].geometry for k in tk if before[k] is not None and before[k].level == level]  # type: ignore[union-attr]
            a_geoms = [work[k].geometry for k in tk if work[k] is not None and work[k].level == level]  # type: ignore[union-attr]
            bu, au = _union(b_geoms), _union(a_geoms)
            env = shapely.union_all([bu, au]).bounds
            untouched = [self._grids[k] for k in self._near(env, level=level, margin=1.0) if k not in work]
            uu = _union([g.geometry for g in untouched])
            lost = polygonal(bu.difference(au))
            if lost.area > eps:
                uncovered = polygonal(lost.difference(uu)) if not uu.is_empty else lost
                for piece in area_pieces(uncovered, eps):
                    issues.append(
                        _issue(IssueKind.GAP, f"The edit would leave a gap of {piece.area:.1f} m².", None, piece, level=level)
                    )
            gained = polygonal(au.difference(bu))
            if gained.area > eps:
                if not uu.is_empty:
                    for piece in area_pieces(gained.intersection(uu), eps):
                        hit = tuple(g.key for g in untouched if g.geometry.intersects(piece))
                        codes = ", ".join(self._grids[k].code for k in hit)
                        issues.append(
                            _issue(
                                IssueKind.OVERLAP,
                                f"The edit would overlap grid {codes} by {piece.area:.1f} m².",
                                None, piece, level=level, keys=hit,
                            )
                        )
                if level == RESPONSIBILITY and self.town is not None:
                    for piece in area_pieces(gained.difference(self.town), eps):
                        issues.append(
                            _issue(
                                IssueKind.OUTSIDE_PARENT,
                                f"The edit would reach {piece.area:.1f} m² outside the town boundary.",
                                None, piece, level=level,
                            )
                        )
            over_after = sum(g.area for g in a_geoms) - au.area
            over_before = sum(g.area for g in b_geoms) - bu.area
            if over_after - over_before > eps:
                for i, a in enumerate(a_geoms):
                    for b in a_geoms[i + 1:]:
                        inter = polygonal(a.intersection(b))
                        if inter.area > eps:
                            issues.append(
                                _issue(IssueKind.OVERLAP, f"The edit would make grids overlap by {inter.area:.1f} m².", None, inter, level=level)
                            )
            u_geoms = [g.geometry for g in untouched]
            if a_geoms and not bool(shapely.coverage_is_valid(_arr(a_geoms + u_geoms))) and (
                not b_geoms or bool(shapely.coverage_is_valid(_arr(b_geoms + u_geoms)))
            ):
                edges = shapely.coverage_invalid_edges(_arr(a_geoms + u_geoms))
                bad = shapely.union_all([e for e in edges if not e.is_empty])
                issues.append(
                    _issue(
                        IssueKind.EDGE_MISMATCH,
                        "The edit would leave edges whose two sides do not share vertices.",
                        None, bad, level=level,
                    )
                )
        # parents and children
        kids: set[int] = set()
        for k, g in work.items():
            old = before[k]
            if g is not None and g.level == MANAGEMENT:
                kids.add(k)
            if (g is not None and g.level == RESPONSIBILITY) or (old is not None and old.level == RESPONSIBILITY):
                kids |= self._children_of(k, work)
        for ck in sorted(kids):
            c = self._get(ck, work)
            if c is None:
                continue
            p = self._get(c.parent, work) if c.parent is not None else None
            if p is None or p.level != RESPONSIBILITY:
                issues.append(_issue(IssueKind.NO_PARENT, f"Grid {c.code} would belong to no responsibility grid.", c, c.geometry))
                continue
            out = polygonal(c.geometry.difference(p.geometry))
            if out.area > eps:
                old_c, old_p = self._grids.get(ck), self._grids.get(c.parent)  # type: ignore[arg-type]
                was = (
                    polygonal(old_c.geometry.difference(old_p.geometry)).area
                    if old_c is not None and old_p is not None and old_c.parent == c.parent else 0.0
                )
                if out.area - was > eps:
                    issues.append(
                        _issue(
                            IssueKind.OUTSIDE_PARENT,
                            f"Grid {c.code} would reach {out.area:.1f} m² outside responsibility grid {p.code}.",
                            c, out,
                        )
                    )
        for k, g in work.items():
            old = before[k]
            if g is None or g.level != RESPONSIBILITY:
                continue
            mine = [self._get(c, work).geometry for c in self._children_of(k, work)]  # type: ignore[union-attr]
            if not mine and old is None:
                continue
            missing = polygonal(g.geometry.difference(_union(mine))) if mine else g.geometry
            was = 0.0
            if old is not None:
                old_kids = [self._grids[c].geometry for c in self._children.get(k, ()) if c in self._grids]
                was = polygonal(old.geometry.difference(_union(old_kids))).area if old_kids else old.geometry.area
            if missing.area - was > eps:
                issues.append(
                    _issue(
                        IssueKind.NOT_COVERING_PARENT,
                        f"Responsibility grid {g.code} would not be covered by its management grids "
                        f"({missing.area:.1f} m² uncovered).",
                        g, missing,
                    )
                )
        # warnings: new slivers and tiny grids
        for g in work.values():
            if g is None:
                continue
            t, a = thinness(g.geometry), g.geometry.area
            if t < self.config.sliver_thinness:
                issues.append(_issue(IssueKind.SLIVER, f"Grid {g.code} would be a sliver.", g, g.geometry, severity=Severity.WARNING))
            elif a < self.config.tiny_area_m2:
                issues.append(_issue(IssueKind.TINY, f"Grid {g.code} would be tiny ({a:.1f} m²).", g, g.geometry, severity=Severity.WARNING))
        return issues

    # -- management grids follow a responsibility grid's new shape

    def _sync_children(self, work: dict[int, EditGrid | None]) -> None:
        """After responsibility grids in `work` changed shape (or were drawn or removed),
        re-home their management grids: each goes to the responsibility grid holding its
        largest part; parts cut off become new management grids (or, when tiny, join the
        neighbouring one); area no management grid covers gets a new one."""
        eps = self.config.area_epsilon_m2
        affected = [
            k for k, g in work.items()
            if (g is not None and g.level == RESPONSIBILITY)
            or (g is None and k in self._grids and self._grids[k].level == RESPONSIBILITY)
        ]
        if not affected:
            return
        resp_after = {k: work[k] for k in affected if work[k] is not None}
        kids: set[int] = set()
        for rkey in affected:
            kids |= self._children_of(rkey, work)
            kids |= set(self._children.get(rkey, ()))
        orphans: dict[int, list[tuple[Polygon, EditGrid | None]]] = defaultdict(list)
        for ck in sorted(kids):
            c = self._get(ck, work)
            if c is None or c.level != MANAGEMENT:
                continue
            p = self._get(c.parent, work) if c.parent is not None else None
            if p is not None and polygonal(c.geometry.difference(p.geometry)).area <= eps:
                continue
            parts: dict[int, BaseGeometry] = {}
            for rk, r in resp_after.items():
                assert r is not None
                if r.geometry.intersects(c.geometry):
                    part = polygonal(c.geometry.intersection(r.geometry))
                    if part.area > eps:
                        parts[rk] = part
            if not parts:
                continue
            home = max(parts, key=lambda rk: (parts[rk].area, rk == c.parent))
            pieces = _single(parts[home], eps)
            new_c = c.with_(geometry=pieces[0])
            if home != c.parent:
                attrs = dict(c.attrs)
                home_grid = resp_after[home]
                assert home_grid is not None
                if "admin_unit_id" in home_grid.attrs:
                    attrs["admin_unit_id"] = home_grid.attrs["admin_unit_id"]
                new_c = new_c.with_(parent=home, attrs=attrs, code=self._alloc_code(MANAGEMENT, home, work))
            work[ck] = new_c
            for extra in pieces[1:]:
                orphans[home].append((extra, c))
            for rk, part in parts.items():
                if rk != home:
                    orphans[rk].extend((pp, c) for pp in _single(part, eps))
        for rk, r in resp_after.items():
            assert r is not None
            mine = [kid.geometry for kid in (self._get(x, work) for x in self._children_of(rk, work)) if kid is not None]
            queued = [pp for pp, _ in orphans.get(rk, [])]
            missing = polygonal(r.geometry.difference(_union(mine + queued))) if (mine or queued) else r.geometry
            for piece in _single(missing, eps):
                orphans[rk].append((piece, None))
        for rk, pieces in orphans.items():
            r = resp_after[rk]
            assert r is not None
            for piece, origin in sorted(pieces, key=lambda t: -t[0].area):
                if piece.area < self.config.tiny_area_m2:
                    best, best_len = None, 0.0
                    for ck in self._children_of(rk, work):
                        kid = self._get(ck, work)
                        assert kid is not None
                        length = shared_length(piece, kid.geometry)
                        if length > best_len:
                            best, best_len = ck, length
                    if best is not None:
                        taker = self._get(best, work)
                        assert taker is not None
                        joined = polygonal(_union([taker.geometry, piece]))
                        if joined.geom_type == "Polygon":
                            work[best] = taker.with_(geometry=joined)
                            continue
                nk = self._new_key()
                code = self._alloc_code(MANAGEMENT, rk, work)
                base = origin.name if origin is not None else r.name
                attrs = {"admin_unit_id": r.attrs.get("admin_unit_id")}
                if origin is not None and "department_id" in origin.attrs:
                    attrs["department_id"] = origin.attrs["department_id"]
                work[nk] = EditGrid(nk, MANAGEMENT, code, self._derived_name(base, work), piece, rk, attrs)

    # -- codes and names

    def _used_codes(self, work: Mapping[int, EditGrid | None], exclude_key: int | None = None) -> set[str]:
        used = set(self._reserved)
        used |= {g.code for k, g in self._grids.items() if k not in work and k != exclude_key}
        used |= {g.code for k, g in work.items() if g is not None and k != exclude_key and g.code}
        for gesture in self._undo:
            used |= {g.code for g in gesture.after.values() if g is not None}
        return used

    def _check_code(
        self,
        code: str,
        level: str,
        parent: int | None,
        work: Mapping[int, EditGrid | None],
        key: int,
        parent_code: str | None = None,
    ) -> None:
        try:
            parsed = parse_grid_code(code)
            if level == RESPONSIBILITY:
                if not parsed.is_responsibility:
                    raise GridCodeError(f"{code} does not end in 00, which a responsibility grid code must")
            else:
                if parent_code is None:
                    p = self._get(parent, work) if parent is not None else None
                    if p is None:
                        raise GridCodeError("the management grid has no responsibility grid")
                    parent_code = p.code
                validate_management_code(code, parent_code)
        except GridCodeError as exc:
            raise EditRefused(f"Invalid grid code: {exc}.") from None
        owner = next((g for k, g in self._grids.items() if g.code == code and k != key and k not in work), None)
        if owner is None:
            owner = next((g for k, g in work.items() if g is not None and g.code == code and k != key), None)
        if owner is not None or (code in self._reserved and (self._loaded.get(key) is None or self._loaded[key].code != code)):
            raise EditRefused(f"The code {code} is already used by another grid; choose another.")

    def _alloc_code(
        self,
        level: str,
        parent: int | None,
        work: Mapping[int, EditGrid | None],
        *,
        template: str | None = None,
        exclude_key: int | None = None,
    ) -> str:
        used = self._used_codes(work, exclude_key)
        if level == MANAGEMENT:
            p = self._get(parent, work) if parent is not None else None
            if p is None:
                raise EditRefused("A management grid needs a responsibility grid.")
            for seq in range(1, 100):
                code = f"{p.code[:12]}{seq:02d}"
                if code not in used:
                    return code
            raise EditRefused(f"Responsibility grid {p.code} has no free management grid number left (01-99).")
        if not template:
            raise EditRefused("Give the new responsibility grid a code.")
        for number in range(1, 10):
            code = f"{template[:11]}{number}00"
            if code not in used:
                return code
        raise EditRefused(f"Community {template[9:11]} has no free responsibility grid number left (1-9).")

    def _template_code(self, shape: BaseGeometry, level: str) -> str | None:
        if level != RESPONSIBILITY:
            return None
        best = max(
            (self._grids[k] for k in self._near(shape.bounds, level=RESPONSIBILITY)),
            key=lambda g: g.geometry.intersection(shape).area if g.geometry.intersects(shape) else -g.geometry.distance(shape),
            default=None,
        )
        return best.code if best is not None else None

    def _derived_name(self, base: str, work: Mapping[int, EditGrid | None]) -> str:
        names = {g.name for k, g in self._grids.items() if k not in work} | {g.name for g in work.values() if g is not None}
        for n in range(2, 1000):
            name = f"{base} {n}"[:64]
            if name not in names:
                return name
        return base[:64]

    def _best_parent(self, shape: BaseGeometry) -> int:
        cands = [self._grids[k] for k in self._near(shape.bounds, level=RESPONSIBILITY)]
        cands = [g for g in cands if g.geometry.intersects(shape)]
        if not cands:
            raise EditRefused("The drawn polygon is in no responsibility grid.")
        return max(cands, key=lambda g: g.geometry.intersection(shape).area).key


# ---------------------------------------------------------------- geometry helpers


def _issue(
    kind: IssueKind,
    message: str,
    grid: EditGrid | None,
    geom: BaseGeometry,
    *,
    level: str | None = None,
    keys: tuple[int, ...] = (),
    reason: str = "",
    severity: Severity = Severity.ERROR,
) -> Issue:
    if geom is None or geom.is_empty:
        loc: XY = (0.0, 0.0)
        bbox = (0.0, 0.0, 0.0, 0.0)
    else:
        try:
            p = geom.representative_point()
        except shapely.errors.GEOSException:
            p = geom.centroid
        loc = (float(p.x), float(p.y))
        b = geom.bounds
        bbox = (float(b[0]), float(b[1]), float(b[2]), float(b[3]))
    return Issue(
        kind, severity, message,
        keys or ((grid.key,) if grid is not None else ()),
        level or (grid.level if grid is not None else ""),
        loc, bbox, geom, float(getattr(geom, "area", 0.0)), reason=reason,
    )


def _grids_needing_nodes(geoms: np.ndarray) -> np.ndarray:
    """Indices of the polygons that some other polygon's vertex lies on (within NODE_TOL)
    without being one of their own vertices -- the only ones noding can change. One
    vectorised pass, so a city's already noded layer costs a few spatial queries rather than
    a Python loop over every grid."""
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    if not len(coords):
        return np.zeros(0, dtype=np.int64)
    # a vertex as one complex number: 1-D unique is hash-based, far quicker than axis=0
    as_complex = np.ascontiguousarray(coords, dtype=np.float64).view(np.complex128).reshape(-1)
    uniq_c, inverse = np.unique(as_complex, return_inverse=True)
    uniq = np.column_stack([uniq_c.real, uniq_c.imag])
    n = np.int64(len(uniq))
    own = np.unique(owner.astype(np.int64) * n + inverse.reshape(-1).astype(np.int64))
    tree = shapely.STRtree(shapely.boundary(geoms))
    point_idx, grid_idx = tree.query(shapely.points(uniq), predicate="dwithin", distance=NODE_TOL)
    touching = grid_idx.astype(np.int64) * n + point_idx.astype(np.int64)
    foreign = ~np.isin(touching, own, assume_unique=False)
    return np.unique(grid_idx[foreign]).astype(np.int64)


def _snap_to_points(geom: BaseGeometry, pts: np.ndarray) -> BaseGeometry | None:
    """`geom` with the points of `pts` that lie on its edges (within NODE_TOL) inserted as
    vertices and its vertices within NODE_TOL of a point moved onto it; None if unchanged."""
    if not len(pts):
        return None
    x0, y0, x1, y1 = geom.bounds
    t = NODE_TOL * 10
    inb = (pts[:, 0] >= x0 - t) & (pts[:, 0] <= x1 + t) & (pts[:, 1] >= y0 - t) & (pts[:, 1] <= y1 + t)
    pts = pts[inb]
    if not len(pts):
        return None
    pts = np.unique(pts, axis=0)
    # keep only points near the boundary (cheap filter before GEOS snap)
    d = shapely.distance(geom.boundary, shapely.points(pts))
    pts = pts[d <= NODE_TOL]
    if not len(pts):
        return None
    own = shapely.get_coordinates(geom)
    own_set = {(float(a), float(b)) for a, b in own}
    if all((float(a), float(b)) in own_set for a, b in pts):
        return None
    snapped = shapely.snap(geom, MultiPoint(pts), NODE_TOL)
    if snapped.geom_type != "Polygon" or not snapped.is_valid:
        return None
    if same_geometry(snapped, geom):
        return None
    return snapped


def _insert_vertex(geom: BaseGeometry, p: XY, tol: float) -> BaseGeometry:
    """Insert `p` into every edge of `geom` that passes within `tol` of it."""
    px, py = p
    rings = []
    for ring in _rings(geom):
        out = [ring[0]]
        for a, b in itertools.pairwise(ring):
            ab = b - a
            ll = float(ab @ ab)
            if ll > 0:
                t = float(((px - a[0]) * ab[0] + (py - a[1]) * ab[1]) / ll)
                if 0 < t < 1:
                    q = a + ab * t
                    if math.hypot(q[0] - px, q[1] - py) <= tol:
                        out.append(np.array([px, py]))
            out.append(b)
        rings.append(np.array(out))
    return _polygon(rings)


def _reshaped(poly: BaseGeometry, line: LineString) -> Polygon | None:
    """QGIS-style reshape of a polygon's exterior with a line crossing it at least twice:
    the line replaces the boundary between its first and last crossing; of the two
    outlines this makes, the larger (valid) one is returned."""
    if poly.geom_type != "Polygon":
        return None
    ring = LineString(poly.exterior.coords)
    hits = line.intersection(ring)
    pts = [p for p in shapely.get_parts(hits) if p.geom_type == "Point"]
    pts += [Point(c) for part in shapely.get_parts(hits) if part.geom_type == "LineString" for c in part.coords]
    if len(pts) < 2:
        return None
    pos = sorted((line.project(p), p) for p in pts)
    (d0, p0), (d1, p1) = pos[0], pos[-1]
    if d1 - d0 <= NODE_TOL:
        return None
    middle = substring(line, d0, d1)
    mid = np.asarray(middle.coords)[:, :2]
    total = ring.length
    s0, s1 = ring.project(p0), ring.project(p1)

    def arc(a: float, b: float) -> np.ndarray:
        """Ring coordinates walking forward from a to b (wrapping)."""
        if b >= a:
            part = substring(ring, a, b)
            return np.asarray(part.coords)[:, :2] if not part.is_empty else np.zeros((0, 2))
        first = np.asarray(substring(ring, a, total).coords)[:, :2]
        second = np.asarray(substring(ring, 0, b).coords)[:, :2]
        return np.vstack([first, second[1:]])

    candidates: list[Polygon] = []
    back = arc(s1, s0)  # p1 -> p0 forward
    fwd = arc(s0, s1)  # p0 -> p1 forward (walk it backwards from p1)
    for closing in (back, fwd[::-1]):
        if len(closing) < 2:
            continue
        coords = np.vstack([mid, closing[1:]])
        if len(coords) < 3:
            continue
        shell = LinearRing(coords)
        cand = Polygon(shell)
        if not cand.is_valid or cand.area <= 0:
            continue
        holes = [h for h in poly.interiors if cand.contains(Polygon(h))]
        cand = Polygon(shell, holes)
        if cand.is_valid:
            candidates.append(cand)
    if not candidates:
        return None
    return max(candidates, key=lambda c: c.area)


def snap_tolerance_m(pixels: float, metres_per_pixel: float) -> float:
    """The canvas's pixel tolerance in metres at the current scale."""
    return float(pixels) * float(metres_per_pixel)
