"""Outline edges and line features cut into world-anchored cells, one ready path per cell.

A view of part of a big layer used to cull the segments in view and build a path from them at
every render (3-5 ms for a district of a city, before Qt drew a pixel). Here the segments of a
simplification level are sorted once into square cells of a fixed size in metres (anchored to
the data's origin, so every view at that level shares them) and each cell's path is made once,
in the background warm-up or at its first use. A render then strokes the paths of the cells
that meet the view: Qt clips the few segments that overhang it, at a fraction of the cost of
building them. The paths are in local world coordinates, like every path of the renderer.
QPainterPaths only (no QPixmap): any thread may build or draw them; a lock guards each table.
"""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtGui import QPainterPath

from desktop.map.qpath import path_from_arrays

# a cell is this many pixels wide at the finest scale of its level (1-2x that on screen), so
# a 1920x1080 view meets about 6-20 cells
CELL_PX = 512.0


class BinnedPaths:
    """Paths of polylines grouped by cell: `paths_in(bbox)` gives those meeting a bbox.

    Built from flat polyline vertices (`x`, `y` in local coordinates, `starts` marking the
    first vertex of each polyline) and, per polyline, the cell it belongs to."""

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        starts: np.ndarray,
        cell: float,
        max_vertices: int = 40_000,
    ) -> None:
        self._lock = threading.Lock()
        self._paths: dict[int, list[QPainterPath]] = {}
        self._arrays: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.max_vertices = max(2, int(max_vertices))
        n = len(x)
        first = np.flatnonzero(starts) if n else np.empty(0, dtype=np.int64)
        ends = np.append(first[1:], n).astype(np.int64)
        # each polyline goes to the cell of its bounding box's centre
        if len(first):
            lo_x = np.minimum.reduceat(x, first)
            hi_x = np.maximum.reduceat(x, first)
            lo_y = np.minimum.reduceat(y, first)
            hi_y = np.maximum.reduceat(y, first)
        else:
            lo_x = hi_x = lo_y = hi_y = np.empty(0)
        cx = np.floor((lo_x + hi_x) / 2.0 / cell).astype(np.int64)
        cy = np.floor((lo_y + hi_y) / 2.0 / cell).astype(np.int64)
        key = cx * (1 << 32) + cy
        order = np.argsort(key, kind="stable")
        keys, begin = np.unique(key[order], return_index=True)
        stop = np.append(begin[1:], len(order))
        self._x, self._y, self._starts = x, y, starts
        self._first, self._ends, self._order = first, ends, order
        self._begin, self._stop = begin, stop
        # each cell's true extent (its polylines may overhang it)
        if len(keys):
            self.bounds = np.column_stack(
                [
                    np.minimum.reduceat(lo_x[order], begin),
                    np.minimum.reduceat(lo_y[order], begin),
                    np.maximum.reduceat(hi_x[order], begin),
                    np.maximum.reduceat(hi_y[order], begin),
                ]
            )
        else:
            self.bounds = np.empty((0, 4))

    def __len__(self) -> int:
        return len(self.bounds)

    def cells_in(self, bbox: tuple[float, float, float, float]) -> np.ndarray:
        """Indices of the cells whose polylines may meet bbox (local coordinates)."""
        b = self.bounds
        minx, miny, maxx, maxy = bbox
        return np.flatnonzero(
            (b[:, 2] >= minx) & (b[:, 0] <= maxx) & (b[:, 3] >= miny) & (b[:, 1] <= maxy)
        )

    def _take(self, lines: np.ndarray) -> np.ndarray:
        """Vertex indices of polylines `lines`, in order."""
        lo = self._first[lines]
        c = self._ends[lines] - lo
        within = np.arange(int(c.sum())) - np.repeat(np.cumsum(c) - c, c)
        return np.repeat(lo, c) + within

    def arrays(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cell k's polylines as flat arrays (x, y, starts), made on first use (for the
        hairline kernel, desktop/map/hairlines.py)."""
        with self._lock:
            found = self._arrays.get(k)
        if found is not None:
            return found
        take = self._take(self._order[self._begin[k] : self._stop[k]])
        out = (self._x[take], self._y[take], self._starts[take])
        with self._lock:
            self._arrays[k] = out
        return out

    def paths(self, k: int) -> list[QPainterPath]:
        """Cell k's paths (made on first use): one, or several of at most `max_vertices`
        vertices each (a coarse level's big cell), so no single draw call runs long."""
        with self._lock:
            found = self._paths.get(k)
        if found is not None:
            return found
        lines = self._order[self._begin[k] : self._stop[k]]
        counts = self._ends[lines] - self._first[lines]
        out = []
        piece = np.cumsum(counts) // self.max_vertices
        for part in np.split(np.arange(len(lines)), np.flatnonzero(np.diff(piece)) + 1):
            if len(part) == 0:
                continue
            take = self._take(lines[part])
            out.append(path_from_arrays(self._x[take], self._y[take], self._starts[take]))
        with self._lock:
            self._paths[k] = out
        return out

    def paths_in(self, bbox: tuple[float, float, float, float]) -> list[QPainterPath]:
        return [path for k in self.cells_in(bbox).tolist() for path in self.paths(k)]

    def arrays_in(
        self, bbox: tuple[float, float, float, float]
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        return [self.arrays(k) for k in self.cells_in(bbox).tolist()]

    def build_all(self, arrays: bool = False) -> None:
        """Make every cell's paths (or, `arrays`, its flat arrays) now (the background
        warm-up)."""
        for k in range(len(self)):
            if arrays:
                self.arrays(k)
            else:
                self.paths(k)


def segments_to_polylines(
    x0: np.ndarray,
    y0: np.ndarray,
    x1: np.ndarray,
    y1: np.ndarray,
    max_segments: int = 32,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Segments as polylines (x, y, starts): a segment that begins where the one before it
    ends continues that polyline (an outline's edges come in ring order), up to
    `max_segments` per polyline so that each stays within a cell or two.

    Fewer, longer polylines are cheaper for Qt's hairline stroker than as many two-vertex
    ones (the per-subpath setup is a third of a district's stroking), and a joint is drawn
    once instead of once per segment, so translucent outlines show no beads at vertices."""
    n = len(x0)
    if n == 0:
        e = np.empty(0)
        return e, e.copy(), np.empty(0, dtype=bool)
    follows = np.zeros(n, dtype=bool)
    follows[1:] = (x0[1:] == x1[:-1]) & (y0[1:] == y1[:-1])
    if max_segments > 0:
        first = np.flatnonzero(~follows)
        run = np.cumsum(~follows) - 1
        within = np.arange(n) - first[run]
        follows &= within % max_segments != 0
    x = np.empty(2 * n)
    y = np.empty(2 * n)
    x[0::2], x[1::2] = x0, x1
    y[0::2], y[1::2] = y0, y1
    starts = np.zeros(2 * n, dtype=bool)
    starts[0::2] = True
    keep = np.ones(2 * n, dtype=bool)
    keep[0::2] = ~follows  # a continuing segment's start is the previous segment's end
    return x[keep], y[keep], starts[keep]
