"""A precomputed cluster pyramid for very large point layers (a city's million cases).

`cluster_points` bins every point in view at every render: O(n) numpy passes, ~15 ms for a
million points, and the culling before it as much again. A `ClusterIndex` does the binning
once per cell size instead: at level `cell` (a power of the square root of two in metres,
anchored at the world origin like `cluster_points`) the points are sorted by cell, and each non-empty cell keeps its
member range, count and centroid. A view then touches only the cells it covers: a few
`searchsorted` calls per row of cells, however many points there are.

What changes with the clock (which members are overdue) is not baked in: the caller passes
the flag arrays of the moment and the members of the crowded cells in view are summed (the
members of a row of cells are one contiguous slice of the sorted order).

No Qt here; the desktop renderer decides when to use it (see desktop/map/renderer.py).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

Bbox = tuple[float, float, float, float]

# Point layers smaller than this are clustered on the fly (cheap, and exactly at the view's
# cell size); larger ones through the pyramid.
CLUSTER_INDEX_MIN = 20_000
# level cells are powers of sqrt(2) in metres, between these powers of two
MIN_LEVEL_EXP = 0
MAX_LEVEL_EXP = 24


def level_cell(cell: float) -> float:
    """The pyramid level nearest to a wanted cell size in log scale: levels are the powers
    of the square root of two in metres, so a bubble grid is within 19 % of the size asked."""
    if not math.isfinite(cell) or cell <= 0:
        raise ValueError("cell must be a positive number of metres")
    half = round(2.0 * math.log2(cell))
    half = min(2 * MAX_LEVEL_EXP, max(2 * MIN_LEVEL_EXP, half))
    return float(2.0 ** (half / 2.0))


def _ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The concatenation of arange(lo[k], hi[k]) for every k (int64)."""
    counts = hi - lo
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offs = np.cumsum(counts) - counts
    return np.repeat(lo - offs, counts) + np.arange(total, dtype=np.int64)


@dataclass(frozen=True)
class ClusterQuery:
    """The clusters of a view at one level.

    `cx`, `cy`, `counts`, `flag_counts` describe the crowded cells meeting the view (at least
    `min_count` members; their centroid may lie just outside the view); `singles` are the
    indices of the points of the sparse cells meeting the view; `total` is how many points
    the cells meeting the view hold."""

    cx: np.ndarray
    cy: np.ndarray
    counts: np.ndarray
    flag_counts: dict[str, np.ndarray]
    singles: np.ndarray
    total: int
    cell: float


class ClusterLevel:
    """The points of a layer sorted into the world-anchored cells of one size."""

    def __init__(self, x: np.ndarray, y: np.ndarray, cell: float) -> None:
        self.cell = float(cell)
        ok = np.isfinite(x) & np.isfinite(y)
        idx = np.flatnonzero(ok)
        inv = 1.0 / self.cell
        ix = np.floor(x[idx] * inv).astype(np.int64)
        iy = np.floor(y[idx] * inv).astype(np.int64)
        if len(idx) == 0:
            self.ix0 = self.iy0 = 0
            self.ncols = self.nrows = 1
            key = np.empty(0, dtype=np.int64)
        else:
            self.ix0, self.iy0 = int(ix.min()), int(iy.min())
            self.ncols = int(ix.max()) - self.ix0 + 1
            self.nrows = int(iy.max()) - self.iy0 + 1
            key = (iy - self.iy0) * self.ncols + (ix - self.ix0)
        order = np.argsort(key, kind="stable")
        skey = key[order]
        # points in cell order (int32 halves the memory of a million-point level)
        dtype = np.int32 if len(x) < 2**31 else np.int64
        self.order = idx[order].astype(dtype)
        if len(skey):
            first = np.flatnonzero(np.r_[True, skey[1:] != skey[:-1]])
        else:
            first = np.empty(0, dtype=np.int64)
        self.keys = skey[first]
        self.start = np.r_[first, len(skey)].astype(np.int64)
        self.counts = np.diff(self.start)
        rank = np.repeat(np.arange(len(self.keys)), self.counts)
        ox, oy = self.ix0 * self.cell, self.iy0 * self.cell  # sums relative to the anchor
        sx = np.bincount(rank, weights=x[self.order] - ox, minlength=len(self.keys))
        sy = np.bincount(rank, weights=y[self.order] - oy, minlength=len(self.keys))
        with np.errstate(invalid="ignore", divide="ignore"):
            self.cx = sx / self.counts + ox
            self.cy = sy / self.counts + oy
        self._x, self._y = x, y
        # flagged points per cell of the clock's last flags (see _flag_cells): name -> (flags,
        # counts per cell)
        self._flags: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _flag_cells(self, name: str, flag: object) -> np.ndarray | None:
        """How many flagged points each cell holds, for a read-only boolean array over the
        layer (MapModel.case_alarm's), kept per flag name. The clock's flags change a few
        points at a time (a deadline passes), so a new array is compared with the last one
        and only the cells of the points that changed are corrected: gathering the flags of
        every member of the cells in view cost ~4 ms a render at a district of a million
        cases. None for any other array (it may change in place): gathered as before."""
        if (
            not isinstance(flag, np.ndarray)
            or flag.dtype != np.bool_
            or flag.flags.writeable
            or flag.ndim != 1
            or len(flag) != len(self._x)
            or len(self.keys) == 0
        ):
            return None
        kept = self._flags.get(name)
        if kept is not None and kept[0] is flag:
            return kept[1]
        per_cell = None
        if kept is not None:
            changed = np.flatnonzero(kept[0] != flag)
            if len(changed) <= len(flag) // 50:
                per_cell = kept[1].copy()
                x, y = self._x[changed], self._y[changed]
                ok = np.isfinite(x) & np.isfinite(y)  # points without a position are in no cell
                changed, x, y = changed[ok], x[ok], y[ok]
                inv = 1.0 / self.cell
                key = (np.floor(y * inv).astype(np.int64) - self.iy0) * self.ncols + (
                    np.floor(x * inv).astype(np.int64) - self.ix0
                )
                rank = np.searchsorted(self.keys, key)
                np.add.at(per_cell, rank, np.where(flag[changed], 1, -1).astype(np.int32))
        if per_cell is None:
            per_cell = np.add.reduceat(flag[self.order].astype(np.int32), self.start[:-1])
        self._flags[name] = (flag, per_cell)
        return per_cell

    @property
    def nbytes(self) -> int:
        return int(
            self.order.nbytes
            + self.keys.nbytes
            + self.start.nbytes
            + self.counts.nbytes
            + self.cx.nbytes
            + self.cy.nbytes
        )

    def cells_in(self, bbox: Bbox) -> np.ndarray:
        """Ranks (positions in `keys`) of the non-empty cells meeting bbox, in key order."""
        if len(self.keys) == 0:
            return np.empty(0, dtype=np.int64)
        minx, miny, maxx, maxy = bbox
        inv = 1.0 / self.cell
        c0 = max(0, math.floor(minx * inv) - self.ix0)
        c1 = min(self.ncols - 1, math.floor(maxx * inv) - self.ix0)
        r0 = max(0, math.floor(miny * inv) - self.iy0)
        r1 = min(self.nrows - 1, math.floor(maxy * inv) - self.iy0)
        if c0 > c1 or r0 > r1:
            return np.empty(0, dtype=np.int64)
        if c0 == 0 and c1 == self.ncols - 1:  # whole rows: one contiguous run of cells
            a = int(np.searchsorted(self.keys, r0 * self.ncols, "left"))
            b = int(np.searchsorted(self.keys, r1 * self.ncols + c1, "right"))
            return np.arange(a, b, dtype=np.int64)
        rows = np.arange(r0, r1 + 1, dtype=np.int64) * self.ncols
        lo = np.searchsorted(self.keys, rows + c0, "left")
        hi = np.searchsorted(self.keys, rows + c1, "right")
        return _ranges(lo.astype(np.int64), hi.astype(np.int64))

    def query(
        self,
        bbox: Bbox,
        min_count: int = 3,
        flags: dict[str, np.ndarray] | None = None,
    ) -> ClusterQuery:
        """The bubbles and single points of the cells meeting bbox (see ClusterQuery);
        `flags`: boolean arrays over all the layer's points, counted per bubble."""
        flags = flags or {}
        ranks = self.cells_in(bbox)
        counts = self.counts[ranks]
        crowded = counts >= min_count
        cr = ranks[crowded]
        sparse = ranks[~crowded]
        singles = self.order[_ranges(self.start[sparse], self.start[sparse + 1])].astype(np.int64)
        flag_counts: dict[str, np.ndarray] = {}
        if flags and len(cr):
            gathered = {}
            for name, flag in flags.items():
                per_cell = self._flag_cells(name, flag)
                if per_cell is not None:
                    flag_counts[name] = per_cell[cr].astype(np.int64)
                else:
                    gathered[name] = flag
            if gathered:
                if len(cr) == len(self.keys):  # everything in view: no gather of positions
                    members = self.order
                    bounds = self.start[:-1]
                else:
                    pos = _ranges(self.start[cr], self.start[cr + 1])
                    members = self.order[pos]
                    bounds = np.cumsum(self.counts[cr]) - self.counts[cr]
                for name, flag in gathered.items():
                    f = np.asarray(flag, dtype=bool)[members]
                    flag_counts[name] = np.add.reduceat(f.astype(np.int64), bounds)
        else:
            flag_counts = {name: np.zeros(len(cr), dtype=np.int64) for name in flags}
        return ClusterQuery(
            cx=self.cx[cr],
            cy=self.cy[cr],
            counts=self.counts[cr].astype(np.int64),
            flag_counts=flag_counts,
            singles=singles,
            total=int(counts.sum()),
            cell=self.cell,
        )


class ClusterIndex:
    """The levels of one point layer, built on first use and shared between threads."""

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self._levels: dict[float, ClusterLevel] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.x)

    def level(self, cell: float) -> ClusterLevel:
        """The level for a wanted cell size (snapped, see level_cell)."""
        c = level_cell(cell)
        lev = self._levels.get(c)
        if lev is None:
            with self._lock:
                lev = self._levels.get(c)
                if lev is None:
                    lev = ClusterLevel(self.x, self.y, c)
                    self._levels[c] = lev
        return lev

    @property
    def levels(self) -> list[float]:
        return sorted(self._levels)

    def query(
        self,
        cell: float,
        bbox: Bbox,
        min_count: int = 3,
        flags: dict[str, np.ndarray] | None = None,
    ) -> ClusterQuery:
        return self.level(cell).query(bbox, min_count, flags)
