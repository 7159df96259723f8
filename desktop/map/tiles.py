"""World-anchored tiles of the static layers on a fixed pyramid of scales (big data only).

A city's static layers (background, grids, rivers, key points) cost ~25 ms of QPainter
rasterising per 1920x1080 view, and PySide holds the GIL for each Qt call, so that cost can
only be paid ahead of the user, never in parallel with the GUI. As in web maps and QGIS's
caches, the static picture is cut into square tiles anchored to the world:

* the pyramid: the scales a wheel reaches from the home view, `base_mpp / ZOOM_STEP**level`
  for every integer `level` (the canvas zooms by ZOOM_STEP per wheel notch); a view at any
  other scale (a zoom to a feature, the +/- keys' 1.5x) is drawn directly, as before, because
  tiles re-sampled to another scale are not the same picture (hairlines blur and thin out);
* tile (level, i, j) covers the level's pixels [i*TILE_PX, (i+1)*TILE_PX) to the east and
  [j*TILE_PX, (j+1)*TILE_PX) to the south of the data's origin (the renderer's `_origin`),
  so the same ground always lands in the same tile;
* a view is composed by blitting the tiles that cover it at integer offsets, which needs the
  view's pixel grid on the level's: `snap` moves the view's centre by at most half a pixel
  (as a web map rounds its pixel origin); the frame is drawn for that snapped view.

This module only does the arithmetic (no Qt): the renderer renders and composes tiles, the
canvas's prefetcher decides which to prepare (desktop/map/canvas.py).
"""

from __future__ import annotations

import math

from gis.mapmodel import MapViewState

TILE_PX = 512
ZOOM_STEP = 1.25  # the canvas's wheel step: the pyramid is every scale a wheel reaches
# how close (relative) a view's scale must be to a level's to count as that level: a few
# dozen wheel steps of float rounding, far below a thousandth of a pixel over a screen
LEVEL_TOLERANCE = 1e-9
# 256 MB: about 250 tiles of 512x512 (RGB32), a dozen 1920x1080 views' worth
DEFAULT_TILE_BUDGET_BYTES = 256 * 1024 * 1024

TileIndex = tuple[int, int, int]  # level, i (east), j (south)


class TileGrid:
    """The pyramid and the tiling of one data set: `origin` is the world point (display CRS
    metres) at pixel (0, 0) of every level, `base_mpp` the scale of level 0."""

    def __init__(
        self, base_mpp: float, origin: tuple[float, float], tile_px: int = TILE_PX
    ) -> None:
        if not base_mpp > 0:
            raise ValueError("base_mpp must be positive")
        self.base_mpp = float(base_mpp)
        self.origin = (float(origin[0]), float(origin[1]))
        self.tile_px = int(tile_px)

    def key(self) -> tuple[float, float, float, int]:
        return (self.base_mpp, *self.origin, self.tile_px)

    def level_mpp(self, level: int) -> float:
        return self.base_mpp / ZOOM_STEP**level

    def level_of(self, mpp: float) -> int | None:
        """The pyramid level at scale `mpp`, or None if `mpp` is between levels."""
        if not mpp > 0:
            return None
        level = round(math.log(self.base_mpp / mpp) / math.log(ZOOM_STEP))
        exact = self.level_mpp(level)
        return level if abs(exact - mpp) <= LEVEL_TOLERANCE * exact else None

    def _pixel_origin(self, view: MapViewState, mpp: float) -> tuple[float, float]:
        """Level pixel coordinates of the view's top-left corner."""
        ox, oy = self.origin
        u = (view.cx - ox) / mpp - view.width / 2.0
        v = (oy - view.cy) / mpp - view.height / 2.0
        return u, v

    def snap(self, view: MapViewState) -> tuple[int, MapViewState] | None:
        """(level, the view at the level's exact scale with its centre moved by at most half
        a pixel onto the level's pixel grid), or None for a scale between levels."""
        level = self.level_of(view.mpp)
        if level is None:
            return None
        mpp = self.level_mpp(level)
        u, v = self._pixel_origin(view, mpp)
        ox, oy = self.origin
        cx = ox + (round(u) + view.width / 2.0) * mpp
        cy = oy - (round(v) + view.height / 2.0) * mpp
        return level, MapViewState(cx, cy, mpp, view.width, view.height)

    def placement(self, level: int, view: MapViewState) -> tuple[int, int]:
        """Level pixel of the (snapped) view's top-left corner, as integers."""
        u, v = self._pixel_origin(view, self.level_mpp(level))
        return round(u), round(v)

    def tiles_covering(
        self, level: int, view: MapViewState, margin_px: int = 0
    ) -> list[tuple[TileIndex, int, int]]:
        """The tiles a view (grown by `margin_px` on every side) needs, each with where its
        top-left corner goes on the view (pixels), row by row from the north-west."""
        u0, v0 = self.placement(level, view)
        t = self.tile_px
        a0, b0 = u0 - margin_px, v0 - margin_px
        a1, b1 = u0 + view.width + margin_px, v0 + view.height + margin_px
        out = []
        for j in range(b0 // t, -(-b1 // t)):
            for i in range(a0 // t, -(-a1 // t)):
                out.append(((level, i, j), i * t - u0, j * t - v0))
        return out

    def tile_view(self, index: TileIndex) -> MapViewState:
        """The view a tile is rendered as: TILE_PX square at its level's scale."""
        level, i, j = index
        mpp = self.level_mpp(level)
        t = self.tile_px
        ox, oy = self.origin
        return MapViewState(ox + (i + 0.5) * t * mpp, oy - (j + 0.5) * t * mpp, mpp, t, t)

    def zoomed(self, view: MapViewState, steps: int) -> MapViewState:
        """The view `steps` wheel notches in (out if negative) about its centre."""
        return MapViewState(view.cx, view.cy, view.mpp / ZOOM_STEP**steps, view.width, view.height)
