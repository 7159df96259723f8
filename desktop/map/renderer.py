"""Draws a MapModel with QPainter: batched, culled, simplified by zoom, style by style.

Every polygon or line layer is drawn as one QPainterPath per style (management grids: one per
palette colour or thematic class, then one outline path for the layer), from vertex arrays
simplified for the scale (gis.mapmodel LOD levels); point layers stamp one cached sprite per
style, or, when tens of thousands crowd the view, dots rasterised with numpy in one image;
cases crowd into cluster bubbles with their count and how many are overdue.

The work is split in passes the canvas caches separately:

* `render_static` -- background, base map, polygons, lines and the key points / cameras
  (things that change only with the view, the data or the layer settings);
* `render_dynamic` -- the cases (their colours change with the clock) and `render_labels`;
* `render_selection` and `render_overlays` -- drawn at every frame, cheap.

The static and dynamic passes may run in a background thread: they use QImages only (never a
QPixmap), take a snapshot of the layer settings, and check a cancel callback between layers.
The renderer is independent of any widget, so the canvas, PNG/PDF export and benchmarks share
it. Paths are built in local world coordinates (metres from the data's south-west corner, for
float precision) and placed on screen by a QTransform with cosmetic pens.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, NamedTuple

import numpy as np
import shiboken6
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)

from desktop.app import ui_font
from desktop.map import fastraster
from desktop.map.binned import CELL_PX, BinnedPaths, segments_to_polylines
from desktop.map.qpath import gil_pause, path_from_arrays
from desktop.map.static_cache import StaticImageCache
from desktop.map.style import GRID_PALETTE, MapStyle, SpriteCache, Symbol, colour, cosmetic_pen
from desktop.map.tiles import DEFAULT_TILE_BUDGET_BYTES, TileGrid, TileIndex
from desktop.theme import DEFAULT_STATE_COLOUR, STATE_COLOURS
from gis.clusterindex import CLUSTER_INDEX_MIN, ClusterQuery
from gis.crs import METRIC_EPSG, crs
from gis.mapmodel import (
    CASE_STATE_CODES,
    FILL_GROUP_LAYERS,
    FILL_GROUPS_MIN,
    STATIC_POINT_LAYERS,
    GeometryType,
    Hit,
    LayerData,
    LayerId,
    MapModel,
    MapViewState,
    VertexArrays,
    cluster_points,
    place_labels,
)
from gis.thematic import NO_DATA_COLOUR

# Above this share of a layer's features in view, the cached whole-layer path is drawn (Qt
# clips the rest) instead of building a culled one.
FULL_PATH_SHARE = 0.6
# Polygon fills are drawn without antialiasing: a tiling shows no seams that way, the
# antialiased outline drawn over every edge smooths it, and Qt's antialiased filler is several
# times slower on big paths.
AA_FILL_LIMIT = 0
# A polygon layer whose features are on average narrower than this (pixels) in view loses
# its outlines (they would merge into a mesh); its fills and its parent layer's lines remain.
MIN_OUTLINE_PX = 12.0
SELECTION_DRAW_LIMIT = 5000
# data bigger than this (features + polygon / line vertices / 10) keep static images per view
STATIC_CACHE_ABOVE = 30_000
# PySide keeps the GIL inside a Qt call: a background render keeps each drawPath to about
# this many vertices (a few milliseconds), so the GUI thread is never held up longer.
CHUNK_VERTICES = 40_000
# above this many bubbles the cluster cells grow (a crowd of bubbles says nothing)
MAX_BUBBLES = 350
# an outline edge shared with a layer drawn above (in its own style) is not drawn again
OUTLINE_ABOVE: dict[str, tuple[str, ...]] = {
    LayerId.MANAGEMENT: (LayerId.RESPONSIBILITY, LayerId.TOWN),
    LayerId.RESPONSIBILITY: (LayerId.TOWN,),
}
LABEL_PAD = 3.0  # room for the halo around a cached label image
# A tile costs about this many times its area's share of a one-pass render of a view (per-tile
# culling, cell paths overhanging it; measured 2-3x at a city's district). A view on the tile
# pyramid whose missing tiles would cost more than drawing it in one pass is drawn in one pass
# (as before tiles) and cut into the tiles it covers whole; otherwise only the missing tiles
# are drawn and the view is composed. (A share of 40% missing was the rule before: up to six
# tiles of a 1920x1080 view, ~33 ms, where one pass costs ~18.)
TILE_COST_FACTOR = 2.5

# where the dark halo copies of a label go (pixels): a ring of radius ~1.6
HALO_OFFSETS: tuple[tuple[float, float], ...] = tuple(
    (round(1.6 * math.cos(a), 2), round(1.6 * math.sin(a), 2))
    for a in (k * math.pi / 4 for k in range(8))
)


def _stroke_offsets(width: float) -> tuple[tuple[float, float], ...]:
    """Sub-pixel offsets of the hairlines that together draw a line `width` px wide."""
    if width <= 1.2:
        return ((0.0, 0.0),)
    r = (width - 1.0) / 2.0
    if width <= 3.2:  # a triangle of hairlines thickens a line of any direction
        n, r = 3, r * 1.15
    else:
        n, r = 6, r * 0.8
    return tuple(
        (round(r * math.cos(a), 3), round(r * math.sin(a), 3))
        for a in (math.pi / 2 + k * 2 * math.pi / n for k in range(n))
    )


def stroke_path(
    p: QPainter,
    path: QPainterPath,
    c: QColor,
    width: float,
    soft: bool = False,
    layers: tuple[QTransform, QTransform] | None = None,
) -> None:
    """Stroke a (big) path `width` pixels wide, antialiased, fast.

    Qt strokes a cosmetic pen of at most 1 px with its dedicated hairline stroker; a wider pen
    goes through the general stroker and the antialiased filler, tens of times slower on a
    path with thousands of vertices. So a wide line is drawn as a few hairlines offset by
    fractions of a pixel (their alpha lowered so the overlap keeps the colour's opacity).
    A `soft` stroke (a glow or a casing under a crisp line) is drawn wide without
    antialiasing, which is as fast and whose steps the line on top hides.

    `layers` = (world, outer): the path's world transform and the painter's own transform
    under it (a printed page's scale), so the offsets are in the renderer's pixels."""
    gil_pause()
    if soft and width > 1.2:
        aa = p.testRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = cosmetic_pen(c, width)
        pen.setJoinStyle(Qt.PenJoinStyle.BevelJoin)
        p.setPen(pen)
        p.drawPath(path)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, aa)
        return
    offsets = _stroke_offsets(width)
    if len(offsets) == 1:
        p.setPen(cosmetic_pen(c, max(0.5, min(width, 1.0))))
        p.drawPath(path)
        return
    per = QColor(c)
    per.setAlphaF(1.0 - (1.0 - c.alphaF()) ** (2.0 / len(offsets)))
    p.setPen(cosmetic_pen(per, 1.0))
    base = p.transform()
    for dx, dy in offsets:
        shift = QTransform.fromTranslate(dx, dy)
        p.setTransform(layers[0] * shift * layers[1] if layers else base * shift)
        p.drawPath(path)
    p.setTransform(base)


def stroke_arrays(
    fast: fastraster.RasterTarget,
    arrays: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    c: QColor,
    width: float,
    outer: QTransform,
    origin: tuple[float, float] = (0.0, 0.0),
    soft: bool = False,
) -> None:
    """stroke_path for polylines given as flat arrays (x, y, starts; local coordinates plus
    `origin`), drawn by the kernels into the painter's image: a hairline with stroke_path's
    alpha, a wider line in one pass of the wide kernel (`soft`: a casing under a line,
    opaque, with round joins). `outer`: the painter's transform under the world transform
    (the width is in the renderer's pixels)."""
    shifted = fast.offset(*origin)
    if width > 1.2 or soft:
        # the width in device pixels (a printed page's scale, as stroke_path's offsets)
        px = width * abs(outer.m11())
        joins = soft or c.alpha() == 255
        fastraster.stroke_all(
            shifted,
            [
                fastraster.Stroke(x, y, starts, c, c.alphaF(), width=px, round_joins=joins)
                for x, y, starts in arrays
            ],
        )
        return
    # Qt lowers the coverage of a cosmetic pen under 1 px in proportion to its width
    alpha = c.alphaF() * max(0.5, min(width, 1.0))
    fastraster.stroke_all(shifted, [fastraster.Stroke(x, y, starts, c, alpha) for x, y, starts in arrays])


def line_scale(mpp: float) -> float:
    """Lines are a little thinner zoomed far out and thicker zoomed in close."""
    if mpp < 1.5:
        return 1.6
    if mpp > 15.0:
        return 0.7
    return 1.0


class RenderCancelled(Exception):
    """A background render was overtaken by a newer one."""


class LayerSnapshot(NamedTuple):
    id: str
    geometry_type: GeometryType
    visible: bool
    opacity: float
    z: int


Cancel = Callable[[], bool]


def nice_scale_length(mpp: float, max_px: float = 150.0) -> float:
    """The longest 1/2/5 x 10^k metre length that fits in `max_px` pixels."""
    max_m = max(mpp * max_px, 1e-9)
    exponent = math.floor(math.log10(max_m))
    best = 10.0**exponent
    for base in (1.0, 2.0, 5.0, 10.0):
        length = base * 10.0**exponent
        if length <= max_m:
            best = length
    return best


def raster_dots(
    p: QPainter,
    view: MapViewState,
    layers: list[tuple[np.ndarray, np.ndarray, np.ndarray, str]],
    radius: int = 1,
) -> None:
    """Very many points as square dots, stamped into one image and drawn in one call (O(n), no
    per-point Qt call). `layers`: (x, y, indices, colour) -- the points `indices` of world
    coordinates x, y; later entries are drawn over earlier ones."""
    w, h = view.width, view.height
    target = _direct_target(p, w, h)
    if target is not None:
        # the dots are opaque: stamped straight into the image being painted, they give the
        # same pixels as the blended overlay without clearing and compositing 8 MB
        buf, stride = target
    else:
        buf, stride = _dots_buffer(h, w), w
    if target is not None and fastraster.kernels() is not None:
        # the kernel maps world to screen itself: no gathered, transformed copies per layer
        s = 1.0 / view.mpp
        fastraster.dots_all(
            fastraster.RasterTarget(
                buf[:, :w], s, -s, w / 2.0 - view.cx * s, h / 2.0 + view.cy * s, 1.0
            ),
            [fastraster.Dots(x, y, QColor(c), radius, idx) for x, y, idx, c in layers],
        )
        return
    flat = buf.reshape(-1)
    offsets = [
        dy * stride + dx for dy in range(-radius, radius + 1) for dx in range(-radius, radius + 1)
    ]
    for x, y, idx, hex_colour in layers:
        if len(idx) == 0:
            continue
        sx, sy = view.world_to_screen(x[idx], y[idx])
        argb = np.uint32(0xFF000000 | (QColor(hex_colour).rgb() & 0xFFFFFF))
        ix = np.rint(sx).astype(np.int64)
        iy = np.rint(sy).astype(np.int64)
        inner = (ix >= radius) & (ix < w - radius) & (iy >= radius) & (iy < h - radius)
        if not inner.all():
            # a dot across the edge keeps only its pixels inside, exactly as if the image
            # were bigger: a tile's edge then shows the same pixels as a whole view
            ex, ey = ix[~inner], iy[~inner]
            ix, iy = ix[inner], iy[inner]
            for dy in range(-radius, radius + 1):
                for dx in range(-radius, radius + 1):
                    px, py = ex + dx, ey + dy
                    ok = (px >= 0) & (px < w) & (py >= 0) & (py < h)
                    flat[py[ok] * stride + px[ok]] = argb
        centre = iy * stride + ix
        for off in offsets:
            flat[centre + off] = argb
    if target is not None:
        return
    image = QImage(buf.data, w, h, w * 4, QImage.Format.Format_ARGB32_Premultiplied)
    p.drawImage(QRectF(0, 0, w, h), image)
    del image  # the image borrows buf's memory: drop it before buf


_DOTS = threading.local()
_DIRECT_FORMATS = (
    QImage.Format.Format_RGB32,
    QImage.Format.Format_ARGB32,
    QImage.Format.Format_ARGB32_Premultiplied,
)


def _direct_target(p: QPainter, w: int, h: int) -> tuple[np.ndarray, int] | None:
    """The pixels of the image `p` paints on, as a writable uint32 array and its row stride,
    when opaque dots written there equal what drawing them would give: a 32-bit image at
    pixel ratio 1 the size of the view, no transform, clip or opacity, plain source-over."""
    dev = p.device()
    if not isinstance(dev, QImage) or dev.format() not in _DIRECT_FORMATS:
        return None
    if dev.width() != w or dev.height() != h or dev.devicePixelRatio() != 1.0:
        return None
    if (
        not p.transform().isIdentity()
        or p.hasClipping()
        or p.opacity() < 1.0
        or p.compositionMode() is not QPainter.CompositionMode.CompositionMode_SourceOver
    ):
        return None
    stride = dev.bytesPerLine() // 4
    # constBits does not detach: it is the buffer the painter draws into
    address = int(shiboken6.VoidPtr(dev.constBits()))  # type: ignore[call-arg, arg-type]
    ptr = shiboken6.VoidPtr(address, dev.sizeInBytes(), True)  # type: ignore[call-arg, arg-type]
    arr = np.frombuffer(ptr, dtype=np.uint32)  # type: ignore[call-overload]
    return arr.reshape(h, stride), stride


def _dots_buffer(h: int, w: int) -> np.ndarray:
    """A zeroed (h, w) ARGB buffer, reused per thread (a fresh 8 MB array costs more in page
    faults than the dots themselves)."""
    buf = getattr(_DOTS, "buf", None)
    if buf is None or buf.shape != (h, w):
        buf = np.zeros((h, w), dtype=np.uint32)
        _DOTS.buf = buf
    else:
        buf.fill(0)
    return buf


class _TileCover(NamedTuple):
    """The tiles of one pixel-aligned view: placements are (index, x, y) on the view."""

    decisions: tuple[object, ...]
    stats: dict[str, int]
    placements: list[tuple[TileIndex, int, int]]
    keys: list[tuple[object, ...]]
    images: list[QImage | None]
    missing: list[int]


def _whole_frame(p: QPainter, view: MapViewState, dpr: float) -> bool:
    """Whether `p` paints a whole image of the view as is (its frame), so that tiles covering
    the view may be blitted into it directly: no transform, clip or opacity."""
    dev = p.device()
    return (
        isinstance(dev, QImage)
        and dev.width() == round(view.width * dpr)
        and dev.height() == round(view.height * dpr)
        and dev.devicePixelRatio() == dpr
        and p.transform().isIdentity()
        and not p.hasClipping()
        and p.opacity() >= 1.0
        and p.compositionMode() is QPainter.CompositionMode.CompositionMode_SourceOver
    )


def scale_text(length_m: float) -> str:
    if length_m >= 1000:
        km = length_m / 1000.0
        return QCoreApplication.translate("MapRenderer", "{n} km").format(n=f"{km:g}")
    return QCoreApplication.translate("MapRenderer", "{n} m").format(n=f"{length_m:g}")


def count_text(n: int) -> str:
    """A cluster count in at most four characters: 7, 42, 950, 1.2k, 35k, 1.1M."""
    if n < 1000:
        return str(n)
    if n < 10_000:
        return f"{n / 1000:.1f}k"
    if n < 1_000_000:
        return f"{n // 1000}k"
    return f"{n / 1_000_000:.1f}M"


def crs_note(epsg: int) -> str:
    """The map's CRS in words for the corner note."""
    if epsg == METRIC_EPSG:
        return QCoreApplication.translate("MapRenderer", "CGCS2000 · 3° Gauss-Krüger CM 120°E")
    try:
        name = crs(epsg).name
    except Exception:
        name = ""
    return f"EPSG:{epsg} · {name}" if name else f"EPSG:{epsg}"


class MapRenderer:
    """Drawing over a model, with caches of paths, label widths and sprites (thread-safe:
    a render holds the renderer's lock)."""

    def __init__(self, model: MapModel, style: MapStyle | None = None) -> None:
        self.model = model
        self.style = style or MapStyle()
        self.sprites = SpriteCache()
        self.lock = threading.RLock()
        self._paths: dict[tuple[str, object], QPainterPath] = {}
        self._chunk_paths: dict[tuple[str, object], list[QPainterPath]] = {}
        self._binned: dict[tuple[object, ...], BinnedPaths] = {}
        self._edge_array_cache: dict[
            tuple[str, object], list[tuple[np.ndarray, np.ndarray, np.ndarray]]
        ] = {}
        self._fill_array_cache: dict[
            tuple[object, ...], tuple[np.ndarray, np.ndarray, np.ndarray]
        ] = {}
        self._bin_lock = threading.Lock()
        self._bubbles: dict[tuple[object, ...], QImage] = {}
        self._bubble_looks: dict[tuple[int, int, float], tuple[QImage, float]] = {}
        self._label_widths: dict[tuple[str, str], np.ndarray] = {}
        self._label_images: dict[tuple[object, ...], QImage] = {}
        self._label_lock = threading.Lock()
        self._origin = (0.0, 0.0)
        self.label_font = ui_font(11.0, bold=True)
        self.minor_label_font = ui_font(10.0)
        self.overlay_font = ui_font(9.5)
        self.cluster_font = ui_font(8.5, bold=True)
        self.last_stats: dict[str, int] = {}
        self.basemap: object | None = None  # desktop.map.basemap.BaseMapLayer, when set
        self.render_dpr: float | None = None  # sprite resolution override (print)
        self.show_legend = True
        self.static_images = StaticImageCache()
        # None: cache static images for big data only (see uses_static_cache)
        self.cache_static: bool | None = None
        # world-anchored tiles of the static layers (desktop/map/tiles.py): big data only, once
        # the canvas has set the pyramid (set_tile_base)
        self.tiles = StaticImageCache(DEFAULT_TILE_BUDGET_BYTES)
        self.tile_grid: TileGrid | None = None
        self.use_tiles: bool | None = None  # None: with the static image cache
        self._generation = 0
        self._size_key: int | None = None
        self.invalidate()
        model.data_changed.connect(self.invalidate)
        model.thematic_changed.connect(self._forget_thematic_paths)

    # ------------------------------------------------------------------ caches
    def invalidate(self) -> None:
        """Forget cached paths and label sizes (after the data changed)."""
        with self.lock:
            self._paths.clear()
            self._chunk_paths.clear()
            self._edge_array_cache.clear()
            self._fill_array_cache.clear()
            with self._bin_lock:
                self._binned.clear()
            self._label_widths.clear()
            self._generation += 1
            self._size_key = None
            self.static_images.clear()
            self.tiles.clear()
            minx, miny, _, _ = self.model.extent
            self._origin = (math.floor(minx), math.floor(miny))
            if self.tile_grid is not None:
                self.tile_grid = TileGrid(self.tile_grid.base_mpp, self._origin)

    def _forget_thematic_paths(self) -> None:
        with self.lock:
            self._generation += 1
            self.static_images.clear()
            self.tiles.clear()
            for key in [
                k
                for k in self._chunk_paths
                if isinstance(k[1], tuple) and isinstance(k[1][1], tuple) and k[1][1][0] == "th"
            ]:
                del self._chunk_paths[key]
            for akey in [
                k
                for k in self._fill_array_cache
                if len(k) > 2 and isinstance(k[2], tuple) and k[2][:1] == ("th",)
            ]:
                del self._fill_array_cache[akey]

    def snapshot_layers(self) -> list[LayerSnapshot]:
        """The layer settings now, bottom to top (what a background render works from)."""
        return [
            LayerSnapshot(lay.id, lay.geometry_type, lay.visible, lay.opacity, lay.z)
            for lay in self.model.layers
        ]

    def world_transform(self, view: MapViewState) -> QTransform:
        """Local world coordinates (metres from the origin) -> screen pixels."""
        ox, oy = self._origin
        s = 1.0 / view.mpp
        dx = (ox - view.cx) * s + view.width / 2.0
        dy = view.height / 2.0 + (view.cy - oy) * s
        return QTransform(s, 0.0, 0.0, -s, dx, dy)

    def _build_path(
        self, layer_id: str, indices: np.ndarray | None, mpp: float | None = None
    ) -> QPainterPath:
        d = self.model.layer_data(layer_id)
        lod = d.lod(mpp) if mpp is not None else None
        x, y, starts = d.vertices_of(indices, lod)
        return path_from_arrays(x - self._origin[0], y - self._origin[1], starts)

    def _path(
        self, layer_id: str, key: object, indices: np.ndarray | None, full: bool, mpp: float
    ) -> QPainterPath:
        if not full:
            return self._build_path(layer_id, indices, mpp)
        from gis.mapmodel import lod_tolerance

        cache_key = (layer_id, (key, lod_tolerance(mpp)))
        path = self._paths.get(cache_key)
        if path is None:
            path = self._build_path(layer_id, indices, mpp)
            self._paths[cache_key] = path
        return path

    # ------------------------------------------------------------------ static layers
    def render_static(
        self,
        p: QPainter,
        view: MapViewState,
        layers: list[LayerSnapshot] | None = None,
        cancel: Cancel | None = None,
        background: bool = True,
    ) -> dict[str, int]:
        """Background, base map, polygon and line layers and the static point layers (key
        points, cameras): the part the canvas caches as an image. (Cases and grid labels go
        on top: see render_dynamic and render_labels.)"""
        with self.lock:
            return self._render_static(
                p, view, layers or self.snapshot_layers(), cancel, background
            )

    def uses_static_cache(self) -> bool:
        """Whether render_static_cached keeps images: for big data (a city), where a static
        pass costs tens of milliseconds; the town draws faster than an 8 MB blit pays off."""
        if self.cache_static is not None:
            return self.cache_static
        if self._size_key is None:
            size = 0
            for lid, n in self.model.counts().items():
                d = self.model.layer_data(lid)
                size += n + (
                    d.vertex_count // 10 if d.geometry_type is not GeometryType.POINT else 0
                )
            self._size_key = size
        return self._size_key > STATIC_CACHE_ABOVE

    def static_key(
        self, view: MapViewState, layers: list[LayerSnapshot], dpr: float
    ) -> tuple[object, ...]:
        """Everything a static image depends on: the exact view, the layer settings, the
        data / thematic generation, the style and the pixel ratio."""
        return (
            view.state(),
            tuple(layers),
            self._generation,
            id(self.style),
            round(dpr, 3),
        )

    def render_static_cached(
        self,
        p: QPainter,
        view: MapViewState,
        layers: list[LayerSnapshot] | None = None,
        cancel: Cancel | None = None,
    ) -> dict[str, int]:
        """render_static through the static image cache (for big data, without a base map
        whose tiles arrive later): a view seen before costs one blit; a view on the tile
        pyramid, pixel-aligned (see tile_view_for), is composed from ready tiles. The painter
        must be on a fresh image of the view (the canvas's frame)."""
        layers = layers or self.snapshot_layers()
        basemap_on = self.basemap is not None and bool(getattr(self.basemap, "enabled", False))
        if basemap_on or not self.uses_static_cache() or not p.transform().isIdentity():
            return self.render_static(p, view, layers, cancel)
        dpr = self._dpr(p)
        with self.lock:
            key = self.static_key(view, layers, dpr)
            found = self.static_images.get(key)
            if found is not None:
                image, stats = found
                p.drawImage(QPointF(0, 0), image)
                self.last_stats = dict(stats)
                return dict(stats)
            level = self._aligned_level(view, dpr)
            cover = None
            if level is not None:
                cover = self._tile_cover(level, view, layers, dpr)
                if not cover.missing and _whole_frame(p, view, dpr):
                    # every tile ready and the painter on the frame itself: the tiles go
                    # straight into it (they are the cache; an 8 MB image made, filled, kept
                    # and blitted again per view cost ~3 ms of a ~10 ms frame)
                    self._blit_tiles(p, cover)
                    self.last_stats = dict(cover.stats)
                    return dict(cover.stats)
            image = QImage(
                round(view.width * dpr), round(view.height * dpr), QImage.Format.Format_RGB32
            )
            image.setDevicePixelRatio(dpr)
            if level is not None:
                assert cover is not None
                stats = self._compose_tiles(image, cover, view, layers, dpr, cancel)
            else:
                q = QPainter(image)
                try:
                    stats = self._render_static(q, view, layers, cancel, True)
                finally:
                    q.end()
            self.static_images.put(key, image, stats)
            if not fastraster.copy_image(p, image):
                p.drawImage(QPointF(0, 0), image)
            self.last_stats = dict(stats)
            return stats

    # ------------------------------------------------------------------ tiles
    def set_tile_base(self, mpp: float | None) -> None:
        """Anchor the tile pyramid at scale `mpp` (the canvas's home view; None: no tiles)."""
        with self.lock:
            if mpp is None:
                self.tile_grid = None
            elif self.tile_grid is None or self.tile_grid.base_mpp != mpp:
                self.tile_grid = TileGrid(mpp, self._origin)
                self.tiles.clear()

    def uses_tiles(self) -> bool:
        """Tiles for big data with a pyramid set and no base map (whose own tiles arrive
        later); the town renders as it always did."""
        if self.tile_grid is None:
            return False
        if self.basemap is not None and bool(getattr(self.basemap, "enabled", False)):
            return False
        if self.use_tiles is not None:
            return self.use_tiles
        return self.uses_static_cache()

    def tile_view_for(self, view: MapViewState, dpr: float = 1.0) -> MapViewState | None:
        """The view moved by at most half a pixel onto its pyramid level's pixel grid, so its
        static layers can be composed from tiles; None when tiles do not apply (town, a scale
        between levels, a fractional pixel ratio)."""
        if not self.uses_tiles() or dpr != round(dpr):
            return None
        grid = self.tile_grid
        snapped = grid.snap(view) if grid is not None else None
        return snapped[1] if snapped is not None else None

    def _aligned_level(self, view: MapViewState, dpr: float) -> int | None:
        snapped = self.tile_view_for(view, dpr)
        if snapped is None or self.tile_grid is None:
            return None
        # only a view already on the grid (tile_view_for's) is composed: any other would
        # be half a pixel off its tiles
        tol = 1e-3 * view.mpp
        if abs(snapped.cx - view.cx) > tol or abs(snapped.cy - view.cy) > tol:
            return None
        return self.tile_grid.level_of(view.mpp)

    def static_decisions(
        self, view: MapViewState, layers: list[LayerSnapshot]
    ) -> tuple[tuple[object, ...], dict[str, int]]:
        """What a static render of `view` decides from everything in view (outlines left out
        when grids are too small to outline, crowded rivers as plain lines, key points as
        dots), and how many features of each layer are in view. A tile is drawn with the
        decisions of the view it serves, so a composed view looks like a direct one."""
        bbox = view.visible_bbox(margin_px=16)
        skipped: list[str] = []
        crowded: list[str] = []
        counts: dict[str, int] = {}
        for lay in layers:
            if not lay.visible or lay.geometry_type is GeometryType.POINT:
                continue
            idx = self.model.indices_in(lay.id, bbox)
            counts[lay.id] = len(idx)
            if lay.geometry_type is GeometryType.POLYGON:
                if len(idx) > 200 and self._mean_width_px(lay.id, idx, view.mpp) < MIN_OUTLINE_PX:
                    skipped.append(lay.id)
            elif len(idx) > 300 and view.mpp > 8.0:
                crowded.append(lay.id)
        pbox = view.visible_bbox(margin_px=24)
        total = 0
        for lay in layers:
            if lay.visible and lay.id in STATIC_POINT_LAYERS and lay.id in self.style.points:
                total += len(self.model.indices_in(lay.id, pbox, sort=False))
        counts["static_points"] = total
        for lid in skipped:
            counts[f"{lid}:outline_skipped"] = 1
        return (tuple(skipped), tuple(crowded), total > self.style.sprite_limit), counts

    def tile_key(
        self,
        index: TileIndex,
        layers: list[LayerSnapshot],
        dpr: float,
        decisions: tuple[object, ...],
    ) -> tuple[object, ...]:
        """Everything a tile depends on: as static_key, with the pyramid and the decisions
        of the view it was drawn for instead of the view."""
        grid = self.tile_grid
        return (
            index,
            grid.key() if grid is not None else None,
            tuple(layers),
            self._generation,
            id(self.style),
            round(dpr, 3),
            decisions,
        )

    def render_tile(
        self,
        index: TileIndex,
        layers: list[LayerSnapshot],
        dpr: float,
        decisions: tuple[object, ...],
        cancel: Cancel | None = None,
    ) -> QImage:
        """Draw one tile of the static layers and keep it in the tile cache."""
        grid = self.tile_grid
        if grid is None:
            raise ValueError("no tile pyramid set")
        with self.lock:
            tv = grid.tile_view(index)
            side = round(grid.tile_px * dpr)
            img = QImage(side, side, QImage.Format.Format_RGB32)
            img.setDevicePixelRatio(dpr)
            q = QPainter(img)
            try:
                self._render_static(q, tv, layers, cancel, True, decisions)
            finally:
                q.end()
            self.tiles.put(self.tile_key(index, layers, dpr, decisions), img, {})
            return img

    def _tile_cover(
        self, level: int, view: MapViewState, layers: list[LayerSnapshot], dpr: float
    ) -> _TileCover:
        """The tiles a pixel-aligned view needs, with the view's decisions and which are
        ready."""
        assert self.tile_grid is not None
        decisions, stats = self.static_decisions(view, layers)
        cover = self.tile_grid.tiles_covering(level, view)
        keys = [self.tile_key(idx, layers, dpr, decisions) for idx, _, _ in cover]
        ready = [self.tiles.get(k) for k in keys]
        images = [r[0] if r is not None else None for r in ready]
        missing = [n for n, r in enumerate(images) if r is None]
        stats["tiles"] = len(cover)
        stats["tiles_ready"] = len(cover) - len(missing)
        return _TileCover(decisions, stats, cover, keys, images, missing)

    @staticmethod
    def _blit_tiles(p: QPainter, cover: _TileCover) -> None:
        for (_, x, y), tile_img in zip(cover.placements, cover.images, strict=True):
            assert tile_img is not None
            p.drawImage(QPointF(x, y), tile_img)

    def _compose_tiles(
        self,
        image: QImage,
        cover: _TileCover,
        view: MapViewState,
        layers: list[LayerSnapshot],
        dpr: float,
        cancel: Cancel | None,
    ) -> dict[str, int]:
        """The static layers of a pixel-aligned view from its tiles: the ready ones blitted,
        the missing ones drawn (or, when they would cost more than the view, the view drawn in
        one pass and cut into the tiles it covers whole)."""
        assert self.tile_grid is not None
        stats = dict(cover.stats)
        missing = cover.missing
        t = self.tile_grid.tile_px
        tiles_cost = len(missing) * TILE_COST_FACTOR * t * t
        if missing and tiles_cost > view.width * view.height:
            stats["tiles_direct"] = 1
            q = QPainter(image)
            try:
                self._render_static(q, view, layers, cancel, True, cover.decisions)
            finally:
                q.end()
            for n in missing:
                _, x, y = cover.placements[n]
                if x >= 0 and y >= 0 and x + t <= view.width and y + t <= view.height:
                    side = round(t * dpr)
                    tile = image.copy(round(x * dpr), round(y * dpr), side, side)
                    tile.setDevicePixelRatio(dpr)
                    self.tiles.put(cover.keys[n], tile, {})
            return stats
        for n in missing:
            cover.images[n] = self.render_tile(
                cover.placements[n][0], layers, dpr, cover.decisions, cancel
            )
        q = QPainter(image)
        try:
            self._blit_tiles(q, cover)
        finally:
            q.end()
        return stats

    def tile_plan(
        self, view: MapViewState, layers: list[LayerSnapshot], dpr: float
    ) -> list[tuple[TileIndex, tuple[object, ...]]]:
        """The tiles worth preparing while the user is idle at `view`, most useful first:
        those a wheel notch in at any cursor position needs, a ring for pans, then those a
        notch out needs; only tiles not ready, at most half the tile budget."""
        snapped = self.tile_view_for(view, dpr)
        grid = self.tile_grid
        if snapped is None or grid is None:
            return []
        level = grid.level_of(snapped.mpp)
        assert level is not None
        w, h = snapped.width, snapped.height
        # a notch in at any cursor shows part of today's ground; a notch out, today's ground
        # and up to 0.2 of a screen around it
        zin = grid.zoomed(snapped, 1)
        zout = grid.zoomed(snapped, -1)
        areas = [
            (
                level + 1,
                MapViewState(
                    snapped.cx, snapped.cy, zin.mpp, math.ceil(w * 1.25), math.ceil(h * 1.25)
                ),
                zin,
            ),
            (
                level,
                MapViewState(
                    snapped.cx, snapped.cy, snapped.mpp, w + grid.tile_px, h + grid.tile_px
                ),
                snapped,
            ),
            (
                level - 1,
                MapViewState(
                    snapped.cx, snapped.cy, zout.mpp, math.ceil(w * 1.2), math.ceil(h * 1.2)
                ),
                zout,
            ),
        ]
        side = round(grid.tile_px * dpr)
        room = self.tiles.max_bytes // 2 // (side * side * 4)
        plan: list[tuple[TileIndex, tuple[object, ...]]] = []
        seen: set[TileIndex] = set()
        for lvl, area, typical in areas:
            if grid.level_of(area.mpp) != lvl:
                continue  # beyond the zoom limits
            decisions, _ = self.static_decisions(typical, layers)
            cover = grid.tiles_covering(lvl, area)
            # nearest the centre first
            cover.sort(
                key=lambda c: (
                    (c[1] + grid.tile_px / 2 - area.width / 2) ** 2
                    + (c[2] + grid.tile_px / 2 - area.height / 2) ** 2
                )
            )
            for idx, _, _ in cover:
                if idx in seen or self.tile_key(idx, layers, dpr, decisions) in self.tiles:
                    continue
                seen.add(idx)
                plan.append((idx, decisions))
                if len(plan) >= room:
                    return plan
        return plan

    def _check(self, cancel: Cancel | None) -> None:
        if cancel is not None and cancel():
            raise RenderCancelled()

    def _render_static(
        self,
        p: QPainter,
        view: MapViewState,
        layers: list[LayerSnapshot],
        cancel: Cancel | None,
        background: bool,
        decisions: tuple[object, ...] | None = None,
    ) -> dict[str, int]:
        """`decisions`: static_decisions of the view this is part of (a tile), instead of
        deciding from what this view holds."""
        stats: dict[str, int] = {}
        if background:
            p.fillRect(QRectF(0, 0, view.width, view.height), QColor(self.style.background))
        basemap = self.basemap
        base_on = basemap is not None and bool(getattr(basemap, "enabled", False))
        if base_on:
            basemap.render(p, view, self.model)  # type: ignore[union-attr]
            self._check(cancel)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        bbox = view.visible_bbox(margin_px=16)
        visible = [lay for lay in layers if lay.visible]
        polygons = [lay for lay in visible if lay.geometry_type is GeometryType.POLYGON]
        lines = [lay for lay in visible if lay.geometry_type is GeometryType.LINE]
        culled: dict[str, tuple[np.ndarray, bool]] = {}
        for lay in polygons + lines:
            d = self.model.layer_data(lay.id)
            idx = self.model.indices_in(lay.id, bbox)
            culled[lay.id] = (idx, len(d) > 0 and len(idx) >= FULL_PATH_SHARE * len(d))
            stats[lay.id] = len(idx)
        thematic = self.model.thematic
        mpp = view.mpp
        visible_ids = {lay.id for lay in polygons}
        # tiles and the views composed of them stroke outlines and rivers cell by cell
        # (desktop/map/binned.py), never as a whole-layer path: where glows of two paths
        # overlap they blend, so a tile and a view must cut the lines alike
        cells_only = decisions is not None and self._binning()
        # fills over the opaque land tint are blended beforehand: opaque spans fill fastest
        town = next((lay for lay in polygons if lay.id == LayerId.TOWN), None)
        town_st = self.style.polygons.get(LayerId.TOWN)
        under: QColor | None = None
        if not base_on:
            if town is not None and town.opacity >= 1.0 and town_st and town_st.fill_alpha >= 1.0:
                under = QColor(town_st.fill)
            elif town is None:
                under = QColor(self.style.background)

        outer = p.transform()  # identity on screen; a printed page's scale and offset
        world = self.world_transform(view)
        tl = (world, outer)
        p.save()
        try:
            p.setTransform(world * outer)
            # pass 1: fills, bottom to top
            for lay in polygons:
                st = self.style.polygons.get(lay.id)
                idx, full = culled[lay.id]
                th = thematic if thematic is not None and thematic.layer_id == lay.id else None
                if st is None or len(idx) == 0 or not (st.fill or st.palette_fill or th):
                    continue
                p.setOpacity(lay.opacity)
                p.setPen(Qt.PenStyle.NoPen)
                p.setRenderHint(QPainter.RenderHint.Antialiasing, len(idx) <= AA_FILL_LIMIT)
                blend = under if lay.id != LayerId.TOWN else None
                if th is not None:
                    classes = th.classes
                    colours = th.classification.colours
                    for cls in np.unique(classes[idx]):
                        sel = np.flatnonzero(classes == cls) if full else idx[classes[idx] == cls]
                        c = QColor(colours[int(cls)] if cls >= 0 else NO_DATA_COLOUR)
                        self._fill(
                            p, lay, ("th", th.field, int(cls)), sel, full, mpp, c, 0.82, blend
                        )
                        self._check(cancel)
                elif st.palette_fill and self._fills_dissolved(lay.id):
                    groups = self.model.fill_groups(lay.id, mpp, len(GRID_PALETTE))
                    self._fill_groups(p, lay, groups, bbox, mpp, st.fill_alpha, blend, cancel)
                elif st.palette_fill:
                    slots = self.model.colour_slots(lay.id, len(GRID_PALETTE))
                    for slot in np.unique(slots[idx]):
                        sel = np.flatnonzero(slots == slot) if full else idx[slots[idx] == slot]
                        c = self.style.palette_colour(int(slot))
                        self._fill(
                            p, lay, ("fill", int(slot)), sel, full, mpp, c, st.fill_alpha, blend
                        )
                        self._check(cancel)
                elif st.fill:
                    # over a base map the land tint is thin, so the map below shows through
                    alpha = st.fill_alpha * (0.3 if base_on else 1.0)
                    sel_all = np.arange(len(self.model.layer_data(lay.id))) if full else idx
                    self._fill(p, lay, "all", sel_all, full, mpp, QColor(st.fill), alpha, None)
                self._check(cancel)
                p.setOpacity(1.0)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            # pass 2: outlines, thinnest first so the town boundary ends on top
            for lay in sorted(
                polygons,
                key=lambda lay: (
                    self.style.polygons[lay.id].outline_width
                    if lay.id in self.style.polygons
                    else 0.0
                ),
            ):
                st = self.style.polygons.get(lay.id)
                idx, full = culled[lay.id]
                if st is None or len(idx) == 0:
                    continue
                if (
                    lay.id in decisions[0]  # type: ignore[operator]
                    if decisions is not None
                    else len(idx) > 200 and self._mean_width_px(lay.id, idx, mpp) < MIN_OUTLINE_PX
                ):
                    stats[f"{lay.id}:outline_skipped"] = 1
                    continue
                p.setOpacity(lay.opacity)
                p.setBrush(Qt.BrushStyle.NoBrush)
                exclude = tuple(
                    up
                    for up in OUTLINE_ABOVE.get(lay.id, ())
                    if up in visible_ids and self._opacity(layers, up) >= 0.5
                )
                width = st.outline_width * line_scale(view.mpp)
                line_colour = colour(st.outline, st.outline_alpha)
                fast = fastraster.target(p)
                # every glow before any outline: one path's glow must not cover another's line
                if st.glow_width or fast is None:
                    paths = self._edge_paths(lay.id, exclude, view, bbox, cells_only)
                    if st.glow_width:
                        for path in paths:
                            stroke_path(p, path, colour(st.outline, 0.16), st.glow_width, soft=True)
                if fast is not None:
                    arrays = self._edge_arrays(lay.id, exclude, view, bbox, cells_only)
                    stroke_arrays(fast, arrays, line_colour, width, outer)
                else:
                    for path in paths:
                        stroke_path(p, path, line_colour, width, layers=tl)
                        self._check(cancel)
                self._check(cancel)
            # lines (rivers)
            for lay in lines:
                lst = self.style.lines.get(lay.id)
                idx, full = culled[lay.id]
                if lst is None or len(idx) == 0:
                    continue
                p.setOpacity(lay.opacity)
                p.setBrush(Qt.BrushStyle.NoBrush)
                sel = np.arange(len(self.model.layer_data(lay.id))) if full else idx
                grow = line_scale(view.mpp)
                # zoomed far out, many rivers: a plain line (a casing would only thicken the mesh)
                if decisions is not None:
                    crowded = lay.id in decisions[1]  # type: ignore[operator]
                else:
                    crowded = len(idx) > 300 and view.mpp > 8.0
                whole = (full and not cells_only) or not self._binning()
                casing = bool(lst.casing) and not crowded
                fast = fastraster.target(p)
                line_paths: list[QPainterPath] = []
                if fast is None:
                    if whole:
                        line_paths = self._paths_for(lay.id, "all", sel, full, mpp)
                    else:
                        line_paths = self._line_bins(lay.id, mpp).paths_in(self._local(bbox))
                line_width = 1.0 if crowded else lst.width * grow
                if fast is not None:
                    origin = (0.0, 0.0)
                    if whole:
                        d = self.model.layer_data(lay.id)
                        # world coordinates: the origin goes into the mapping, not a copy
                        arrays = [d.vertices_of(sel, d.lod(mpp))]
                        origin = self._origin
                    else:
                        arrays = self._line_bins(lay.id, mpp).arrays_in(self._local(bbox))
                    # every casing before any line, as for outlines
                    if casing:
                        stroke_arrays(
                            fast,
                            arrays,
                            QColor(lst.casing),
                            lst.casing_width * grow,
                            outer,
                            origin,
                            soft=True,
                        )
                    stroke_arrays(fast, arrays, QColor(lst.colour), line_width, outer, origin)
                else:
                    if casing:
                        for path in line_paths:
                            stroke_path(
                                p, path, QColor(lst.casing), lst.casing_width * grow, soft=True
                            )
                    for path in line_paths:
                        stroke_path(p, path, QColor(lst.colour), line_width, layers=tl)
                        self._check(cancel)
        finally:
            p.restore()  # also when a newer view cancels the render
        p.setOpacity(1.0)
        stats["static_points"] = self._render_point_layers(
            p,
            view,
            [lay for lay in visible if lay.id in STATIC_POINT_LAYERS],
            cancel,
            None if decisions is None else bool(decisions[2]),
        )
        self.last_stats = stats
        return stats

    def _fill(
        self,
        p: QPainter,
        lay: LayerSnapshot,
        key: object,
        sel: np.ndarray,
        full: bool,
        mpp: float,
        c: QColor,
        alpha: float,
        blend_over: QColor | None,
    ) -> None:
        """Fill a group of polygons; over a known opaque colour the colour is blended
        beforehand and filled opaque (much faster than blending every pixel)."""
        opaque = self._opaque_fill(lay, c, alpha, blend_over)
        fast = fastraster.target(p) if opaque is not None else None
        if fast is not None and opaque is not None:
            d = self.model.layer_data(lay.id)
            from gis.mapmodel import lod_tolerance

            cache_key = (lay.id, "fill", key, lod_tolerance(mpp))
            x, y, starts = self._fill_arrays(cache_key, d, sel, full, d.lod(mpp))
            fastraster.fill(self._world(fast), x, y, starts, opaque)
            return
        self._fill_paths(p, lay, self._paths_for(lay.id, key, sel, full, mpp), c, alpha, blend_over)

    @staticmethod
    def _opaque_fill(
        lay: LayerSnapshot, c: QColor, alpha: float, blend_over: QColor | None
    ) -> QColor | None:
        """The opaque colour a fill comes out as (blended over a known colour, or opaque
        itself), or None for a translucent fill."""
        a = alpha * lay.opacity
        if blend_over is not None:
            return QColor(
                round(c.red() * a + blend_over.red() * (1 - a)),
                round(c.green() * a + blend_over.green() * (1 - a)),
                round(c.blue() * a + blend_over.blue() * (1 - a)),
            )
        if a >= 1.0 and c.alpha() == 255:
            return QColor(c)
        return None

    def _world(self, fast: fastraster.RasterTarget) -> fastraster.RasterTarget:
        """A raster target taking world coordinates (the painter's transform takes local
        ones, relative to the data's origin)."""
        return fast.offset(*self._origin)

    def _fill_arrays(
        self,
        key: tuple[object, ...],
        d: LayerData,
        sel: np.ndarray,
        full: bool,
        lod: VertexArrays | None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rings of features `sel` of `d` as flat arrays (world coordinates), kept when
        the whole layer is in view (as the fill paths are)."""
        if full:
            found = self._fill_array_cache.get(key)
            if found is not None:
                return found
        out = d.vertices_of(sel, lod)
        if full:
            self._fill_array_cache[key] = out
        return out

    @staticmethod
    def _fill_paths(
        p: QPainter,
        lay: LayerSnapshot,
        paths: list[QPainterPath],
        c: QColor,
        alpha: float,
        blend_over: QColor | None,
    ) -> None:
        if blend_over is not None:
            fill = MapRenderer._opaque_fill(lay, c, alpha, blend_over)
            assert fill is not None
            p.setOpacity(1.0)
        else:
            fill = QColor(c)
            fill.setAlphaF(alpha)
            p.setOpacity(lay.opacity)
        p.setBrush(fill)
        for path in paths:
            gil_pause()
            p.drawPath(path)

    def _fills_dissolved(self, layer_id: str) -> bool:
        return layer_id in FILL_GROUP_LAYERS and len(self.model.layer_data(layer_id)) >= (
            FILL_GROUPS_MIN
        )

    def _fill_groups(
        self,
        p: QPainter,
        lay: LayerSnapshot,
        groups: LayerData,
        bbox: tuple[float, float, float, float],
        mpp: float,
        alpha: float,
        blend: QColor | None,
        cancel: Cancel | None,
    ) -> None:
        """A palette fill from the model's dissolved groups (one polygon per parent grid):
        the same pixels as filling every grid, from about half the vertices."""
        from gis.mapmodel import lod_tolerance

        b = groups.bounds
        minx, miny, maxx, maxy = bbox
        inside = (b[:, 2] >= minx) & (b[:, 0] <= maxx) & (b[:, 3] >= miny) & (b[:, 1] <= maxy)
        idx = np.flatnonzero(inside)
        if len(idx) == 0:
            return
        full = len(idx) >= FULL_PATH_SHARE * len(groups)
        slots = groups.attrs["slot"]
        tol = lod_tolerance(mpp)
        fast = fastraster.target(p)
        in_view = slots[idx]
        used = np.unique(in_view)
        opaque = [
            self._opaque_fill(lay, self.style.palette_colour(int(slot)), alpha, blend)
            for slot in used.tolist()
        ]
        # the palette is opaque, so the fills are all opaque (blended over the land tint) or
        # all translucent
        if fast is not None and all(c is not None for c in opaque):
            # the groups never overlap: each filled in its colour, straight from the arrays
            fastraster.fill_features(
                self._world(fast),
                groups.x,
                groups.y,
                groups.starts,
                groups.offsets,
                idx,
                opaque,  # type: ignore[arg-type]
                np.searchsorted(used, in_view),
            )
            self._check(cancel)
            return
        # Qt's fills: no raster target, or translucent fills (over a base map)
        for slot in used.tolist():
            sel = np.flatnonzero(slots == slot) if full else idx[in_view == slot]
            key = (lay.id, ("groups", int(slot), tol, id(groups)))
            paths = self._chunk_paths.get(key) if full else None
            if paths is None:
                paths = self._chunks_of(groups, sel, None)
                if full:
                    self._chunk_paths[key] = paths
            c = self.style.palette_colour(int(slot))
            self._fill_paths(p, lay, paths, c, alpha, blend)
            self._check(cancel)

    def _chunks_of(
        self, d: LayerData, indices: np.ndarray, lod: VertexArrays | None
    ) -> list[QPainterPath]:
        """Features `indices` of `d` as paths of at most CHUNK_VERTICES vertices each."""
        offsets = lod.offsets if lod is not None else d.offsets
        idx = np.asarray(indices, dtype=np.int64)
        counts = offsets[idx + 1] - offsets[idx]
        piece = np.cumsum(counts) // CHUNK_VERTICES
        cuts = np.flatnonzero(np.diff(piece)) + 1
        out = []
        for part in np.split(idx, cuts):
            if len(part):
                x, y, starts = d.vertices_of(part, lod)
                out.append(path_from_arrays(x - self._origin[0], y - self._origin[1], starts))
        return out

    def _paths_for(
        self, layer_id: str, key: object, indices: np.ndarray, full: bool, mpp: float
    ) -> list[QPainterPath]:
        """The polygons `indices` as paths of at most CHUNK_VERTICES vertices each (cached
        when the whole layer is in view)."""
        from gis.mapmodel import lod_tolerance

        cache_key = (layer_id, ("chunks", key, lod_tolerance(mpp)))
        if full:
            cached = self._chunk_paths.get(cache_key)
            if cached is not None:
                return cached
        d = self.model.layer_data(layer_id)
        out = self._chunks_of(d, indices, d.lod(mpp))
        if full:
            self._chunk_paths[cache_key] = out
        return out

    @staticmethod
    def _opacity(layers: list[LayerSnapshot], layer_id: str) -> float:
        return next((x.opacity for x in layers if x.id == layer_id), 1.0)

    def _edge_paths(
        self,
        layer_id: str,
        exclude: tuple[str, ...],
        view: MapViewState,
        bbox: tuple[float, float, float, float],
        cells_only: bool = False,
    ) -> list[QPainterPath]:
        """The layer's distinct boundary segments as paths (cached when the whole layer is in
        view; otherwise only the segments in view, so a long boundary mostly off-screen costs
        only its visible part)."""
        return self._edges(layer_id, exclude, view, bbox, cells_only, arrays=False)

    def _edge_arrays(
        self,
        layer_id: str,
        exclude: tuple[str, ...],
        view: MapViewState,
        bbox: tuple[float, float, float, float],
        cells_only: bool = False,
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """_edge_paths as flat polyline arrays (local coordinates) for the raster kernels:
        the same segments, cut the same way."""
        return self._edges(layer_id, exclude, view, bbox, cells_only, arrays=True)

    def _edges(
        self,
        layer_id: str,
        exclude: tuple[str, ...],
        view: MapViewState,
        bbox: tuple[float, float, float, float],
        cells_only: bool,
        arrays: bool,
    ) -> list[Any]:
        from gis.mapmodel import lod_tolerance

        mpp = view.mpp
        # the view shows most of the layer: draw the cached whole-layer paths (Qt clips the
        # rest) rather than cull and rebuild them at every render
        if not cells_only and self._mostly_in_view(layer_id, bbox):
            key = (layer_id, ("edge-arrays" if arrays else "edges", lod_tolerance(mpp), exclude))
            cache: dict[Any, Any] = self._edge_array_cache if arrays else self._chunk_paths
            found = cache.get(key)
            if found is None:
                found = self._edge_shapes(self.model.outline_edges(layer_id, mpp, exclude), arrays)
                cache[key] = found
            return found  # type: ignore[no-any-return]
        if self._binning():
            bins = self._edge_bins(layer_id, exclude, mpp)
            local = self._local(bbox)
            return bins.arrays_in(local) if arrays else bins.paths_in(local)
        return self._edge_shapes(self.model.outline_edges(layer_id, mpp, exclude, bbox), arrays)

    def _edge_shapes(self, edges: object, arrays: bool) -> list[Any]:
        return [self._polylines(edges)] if arrays else self._segments_paths(edges)

    def _mostly_in_view(self, layer_id: str, bbox: tuple[float, float, float, float]) -> bool:
        extent = self.model.layer_data(layer_id).extent
        if extent is None:
            return False
        ix = max(0.0, min(extent[2], bbox[2]) - max(extent[0], bbox[0]))
        iy = max(0.0, min(extent[3], bbox[3]) - max(extent[1], bbox[1]))
        area = (extent[2] - extent[0]) * (extent[3] - extent[1])
        return area <= 0 or ix * iy >= FULL_PATH_SHARE * area

    def _polylines(self, edges: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        e = edges  # gis.mapmodel.EdgeSet
        ox, oy = self._origin
        return segments_to_polylines(
            e.x0 - ox,  # type: ignore[attr-defined]
            e.y0 - oy,  # type: ignore[attr-defined]
            e.x1 - ox,  # type: ignore[attr-defined]
            e.y1 - oy,  # type: ignore[attr-defined]
        )

    # ------------------------------------------------------------------ cells of paths
    def _binning(self) -> bool:
        """Partial views of big data stroke ready per-cell paths (desktop/map/binned.py);
        the town builds its few paths per render as it always did."""
        return self.uses_static_cache()

    def _local(self, bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        ox, oy = self._origin
        return (bbox[0] - ox, bbox[1] - oy, bbox[2] - ox, bbox[3] - oy)

    def _cell_size(self, layer_id: str, mpp: float) -> float:
        """Cell width (metres) for a layer's level at `mpp`: CELL_PX at the finest scale
        that level is drawn at (levels are powers of two of the tolerance)."""
        from gis.mapmodel import LOD_PIXEL_SHARE, lod_tolerance

        lod = self.model.layer_data(layer_id).lod(mpp)
        tol = lod_tolerance(mpp) if lod is not None else 0.0
        finest = tol / LOD_PIXEL_SHARE if tol > 0 else min(mpp, 1.0 / LOD_PIXEL_SHARE)
        return CELL_PX * max(finest, 0.25)

    def _bins(self, key: tuple[object, ...], make: Callable[[], BinnedPaths]) -> BinnedPaths:
        with self._bin_lock:
            found = self._binned.get(key)
        if found is None:
            found = make()
            with self._bin_lock:
                found = self._binned.setdefault(key, found)
        return found

    def _edge_bins(self, layer_id: str, exclude: tuple[str, ...], mpp: float) -> BinnedPaths:
        from gis.mapmodel import lod_tolerance

        d = self.model.layer_data(layer_id)
        tol = lod_tolerance(mpp) if d.lod(mpp) is not None else 0.0

        def make() -> BinnedPaths:
            e = self.model.outline_edges(layer_id, mpp, exclude)
            ox, oy = self._origin
            x, y, starts = segments_to_polylines(e.x0 - ox, e.y0 - oy, e.x1 - ox, e.y1 - oy)
            return BinnedPaths(x, y, starts, self._cell_size(layer_id, mpp), CHUNK_VERTICES)

        return self._bins(("edges", layer_id, tol, exclude), make)

    def _line_bins(self, layer_id: str, mpp: float) -> BinnedPaths:
        from gis.mapmodel import lod_tolerance

        d = self.model.layer_data(layer_id)
        lod = d.lod(mpp)
        tol = lod_tolerance(mpp) if lod is not None else 0.0

        def make() -> BinnedPaths:
            x, y, starts = d.vertices_of(None, lod)
            ox, oy = self._origin
            cell = self._cell_size(layer_id, mpp)
            return BinnedPaths(x - ox, y - oy, starts, cell, CHUNK_VERTICES)

        return self._bins(("lines", layer_id, tol), make)

    def warm_up(self, mpps: Iterable[float], cluster_cell_px: float | None = None) -> None:
        """The model's levels and edges for these scales (MapModel.warm_up), then, for big
        data, the per-cell paths (or the hairline kernel's arrays) partial views of those
        scales stroke: what a worker thread does after a load, so no render builds them."""
        mpps = list(mpps)
        cell = self.style.cluster_cell_px if cluster_cell_px is None else cluster_cell_px
        self.model.warm_up(mpps, cluster_cell_px=cell)
        self.model.case_alarm()  # a big case layer sorts its deadlines once (~0.1 s a million)
        # the raster kernels compile (or load) here, off the GUI thread; with them the cells
        # need their arrays, without them their paths
        arrays = fastraster.kernels() is not None
        if not self._binning():
            return
        layers = self.snapshot_layers()
        visible_ids = {x.id for x in layers if x.visible}
        for mpp in mpps:
            for lay in layers:
                d = self.model.layer_data(lay.id)
                if len(d) == 0:
                    continue
                if lay.geometry_type is GeometryType.LINE and lay.id in self.style.lines:
                    self._line_bins(lay.id, mpp).build_all(arrays=arrays)
                elif lay.geometry_type is GeometryType.POLYGON and lay.id in self.style.polygons:
                    every = np.arange(len(d))
                    if len(d) > 200 and self._mean_width_px(lay.id, every, mpp) < MIN_OUTLINE_PX:
                        continue  # not outlined at this scale
                    exclude = tuple(
                        up
                        for up in OUTLINE_ABOVE.get(lay.id, ())
                        if up in visible_ids and self._opacity(layers, up) >= 0.5
                    )
                    self._edge_bins(lay.id, exclude, mpp).build_all(arrays=arrays)

    def _segments_paths(self, edges: object) -> list[QPainterPath]:
        x, y, starts = self._polylines(edges)
        # cut only where a polyline begins, so no joint is split between two draw calls
        first = np.flatnonzero(starts)
        cuts = first[np.flatnonzero(np.diff(first // CHUNK_VERTICES)) + 1] if len(first) else first
        bounds = [0, *cuts.tolist(), len(x)]
        return [
            path_from_arrays(x[a:b], y[a:b], starts[a:b])
            for a, b in itertools.pairwise(bounds)
            if b > a
        ]

    def _mean_width_px(self, layer_id: str, idx: np.ndarray, mpp: float) -> float:
        b = self.model.layer_data(layer_id).bounds[idx[:: max(1, len(idx) // 500)]]
        return float(np.median(b[:, 2] - b[:, 0])) / mpp

    # ------------------------------------------------------------------ points
    def _dpr(self, p: QPainter) -> float:
        if self.render_dpr is not None:
            return self.render_dpr
        dev = p.device()
        return dev.devicePixelRatioF() if dev is not None else 1.0

    def _render_point_layers(
        self,
        p: QPainter,
        view: MapViewState,
        layers: list[LayerSnapshot],
        cancel: Cancel | None,
        dots: bool | None = None,
    ) -> int:
        """Key point / camera layers: sprites, or one numpy-stamped dot image when crowded
        (`dots`: decided by the caller, e.g. for a tile)."""
        dpr = self._dpr(p)
        bbox = view.visible_bbox(margin_px=24)
        scale = self.style.point_scale(view.mpp)
        picked: list[tuple[LayerSnapshot, np.ndarray]] = []
        total = 0
        for lay in layers:
            if self.style.points.get(lay.id) is None:
                continue
            idx = self._points_in(lay.id, bbox)
            if len(idx):
                picked.append((lay, idx))
                total += len(idx)
        if not picked:
            return 0
        p.save()
        try:
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            if (total > self.style.sprite_limit) if dots is None else dots:
                dot_layers = []
                for lay, idx in picked:
                    d = self.model.layer_data(lay.id)
                    dot_layers.append((d.x, d.y, idx, self.style.points[lay.id].fill))
                raster_dots(p, view, dot_layers, radius=1)
            else:
                for lay, idx in picked:
                    st = self.style.points[lay.id]
                    d = self.model.layer_data(lay.id)
                    sx, sy = view.world_to_screen(d.x[idx], d.y[idx])
                    p.setOpacity(lay.opacity)
                    img = self.sprites.get(
                        st.symbol, st.fill, st.size * scale, st.outline, st.outline_width, None, dpr
                    )
                    self._blit(p, img, sx, sy)
                    self._flag_outside(p, lay.id, idx, sx, sy, dpr, st.size * scale)
                    self._check(cancel)
        finally:
            p.restore()  # also when a newer view cancels the render
        return total

    def _points_in(self, layer_id: str, bbox: tuple[float, float, float, float]) -> np.ndarray:
        """A point layer's features in bbox: one GIL-free pass of a kernel over the layer
        (cheaper than the bucket index for the tens of thousands a city view holds), or the
        model's index without the kernels."""
        d = self.model.layer_data(layer_id)
        if len(d) > 2000:
            found = fastraster.indices_in(d.x, d.y, bbox)
            if found is not None:
                return found
        return self.model.indices_in(layer_id, bbox, sort=False)

    def _flag_outside(
        self,
        p: QPainter,
        layer_id: str,
        idx: np.ndarray,
        sx: np.ndarray,
        sy: np.ndarray,
        dpr: float,
        size: float,
    ) -> None:
        """A dashed warning ring around the points that lie outside the town."""
        out = self.model.outside_town(layer_id)
        if len(out) == 0:
            return
        sel = np.flatnonzero(out[idx])
        if len(sel) == 0:
            return
        ring = self.sprites.get(Symbol.OUTSIDE, self.style.outside_colour, size + 12.0, dpr=dpr)
        self._blit(p, ring, sx[sel], sy[sel])

    @staticmethod
    def _blit(p: QPainter, img: QImage, sx: np.ndarray, sy: np.ndarray) -> None:
        """Stamp a sprite at every (sx, sy), pixel-aligned (Qt's fastest blit)."""
        dpr = img.devicePixelRatio()
        half_w = img.width() / dpr / 2.0
        half_h = img.height() / dpr / 2.0
        draw = p.drawImage
        # integer positions: Qt's plain blit, and the cheapest call from Python
        xs = np.rint(sx - half_w).astype(np.int64).tolist()
        ys = np.rint(sy - half_h).astype(np.int64).tolist()
        for k, (x, y) in enumerate(zip(xs, ys, strict=True)):
            if not k & 63:
                gil_pause()
            draw(x, y, img)

    def render_dynamic(
        self,
        p: QPainter,
        view: MapViewState,
        now: datetime | None = None,
        layers: list[LayerSnapshot] | None = None,
        cancel: Cancel | None = None,
    ) -> int:
        """The cases: sprites by state and urgency (overdue ones red with a halo), crowded
        cells as cluster bubbles. Returns how many cases are in view."""
        with self.lock:
            layers = layers or self.snapshot_layers()
            lay = next((x for x in layers if x.id == LayerId.CASES), None)
            if lay is None or not lay.visible:
                return 0
            d = self.model.layer_data(LayerId.CASES)
            if len(d) == 0:
                return 0
            bbox = view.visible_bbox(margin_px=30)
            pyramid = None
            alarm = None
            if len(d) >= CLUSTER_INDEX_MIN:
                alarm = self.model.case_alarm(now)
                # a very large layer: the precomputed cluster levels, no culling of every point
                pyramid = d.cluster_index.query(
                    self._cluster_cell(view),
                    bbox,
                    self.style.cluster_min_count,
                    {"alarm": alarm},
                )
                if pyramid.total <= self.style.cluster_above:
                    pyramid = None  # few enough to draw one by one
            idx = None
            if pyramid is None:
                idx = self.model.indices_in(LayerId.CASES, bbox, sort=False)
                if len(idx) == 0:
                    return 0
            p.save()
            p.setOpacity(lay.opacity)
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            try:
                if pyramid is not None:
                    assert alarm is not None
                    self._render_case_pyramid(p, view, pyramid, alarm, cancel)
                else:
                    assert idx is not None
                    self._render_cases(p, view, idx, now, cancel)
            finally:
                p.restore()
            return pyramid.total if pyramid is not None else len(idx)  # type: ignore[arg-type]

    def warm_bubbles(
        self,
        view: MapViewState,
        now: datetime | None = None,
        layers: list[LayerSnapshot] | None = None,
        margin_px: float = 0.0,
        cancel: Cancel | None = None,
        dpr: float = 1.0,
    ) -> int:
        """Make the cluster bubbles a view of a big case layer shows, and those of the
        `margin_px` around it, without drawing (the prefetcher, for the views a wheel notch
        reaches: a bubble seen the first time costs ~30 us of text drawing, a few hundred
        per view). The cells are world-anchored, so a bubble's look depends only on its cell
        and the clock. Returns how many were made."""
        layers = layers or self.snapshot_layers()
        lay = next((x for x in layers if x.id == LayerId.CASES), None)
        d = self.model.layer_data(LayerId.CASES)
        if lay is None or not lay.visible or len(d) < CLUSTER_INDEX_MIN:
            return 0
        q = d.cluster_index.query(
            self._cluster_cell(view),
            view.visible_bbox(margin_px=30 + margin_px),
            self.style.cluster_min_count,
            {"alarm": self.model.case_alarm(now)},
        )
        if self.render_dpr is not None:
            dpr = self.render_dpr
        key_dpr = round(dpr, 2)
        looks = self._bubble_looks
        made = 0
        for n, a in zip(q.counts.tolist(), q.flag_counts["alarm"].tolist(), strict=True):
            if (n, a, key_dpr) in looks:
                continue
            self._new_look(n, a, dpr, key_dpr)
            made += 1
            if made % 64 == 0:
                self._check(cancel)
        return made

    def _cluster_cell(self, view: MapViewState) -> float:
        """The cluster cell (metres) for a view of a crowded case layer: the style's cell,
        wider when the view would hold more bubbles than one can read."""
        cell = self.style.cluster_cell_px * view.mpp
        cells_in_view = (view.width / self.style.cluster_cell_px) * (
            view.height / self.style.cluster_cell_px
        )
        if cells_in_view > MAX_BUBBLES:
            cell *= math.sqrt(cells_in_view / MAX_BUBBLES)
        return cell

    def _render_case_pyramid(
        self,
        p: QPainter,
        view: MapViewState,
        q: ClusterQuery,
        alarm: np.ndarray,
        cancel: Cancel | None,
    ) -> None:
        """Cases of a very large layer from the cluster pyramid: the sparse cells' points one
        by one (those in view), then the bubbles."""
        d = self.model.layer_data(LayerId.CASES)
        singles = q.singles
        if len(singles):
            minx, miny, maxx, maxy = view.visible_bbox(margin_px=30)
            sx, sy = d.x[singles], d.y[singles]
            singles = singles[(sx >= minx) & (sx <= maxx) & (sy >= miny) & (sy <= maxy)]
        dpr = self._dpr(p)
        if len(singles):
            self._render_case_points(p, view, singles, alarm, dpr)
        self._check(cancel)
        if len(q.counts):
            self._render_clusters(p, view, q.cx, q.cy, q.counts, q.flag_counts["alarm"], dpr)

    def render_points(self, p: QPainter, view: MapViewState, now: datetime | None = None) -> int:
        """Key points, cameras and cases in one go (export, tests)."""
        with self.lock:
            n = self._render_point_layers(
                p,
                view,
                [x for x in self.snapshot_layers() if x.visible and x.id in STATIC_POINT_LAYERS],
                None,
            )
        return n + self.render_dynamic(p, view, now)

    def _render_cases(
        self,
        p: QPainter,
        view: MapViewState,
        idx: np.ndarray,
        now: datetime | None,
        cancel: Cancel | None,
    ) -> None:
        d = self.model.layer_data(LayerId.CASES)
        dpr = self._dpr(p)
        alarm_all = self.model.case_alarm(now)
        everything = len(idx) == len(d)  # all in view: no gathers of a million values
        if len(idx) > self.style.cluster_above:
            cell = self.style.cluster_cell_px * view.mpp
            # a coarser grid when the view would hold more bubbles than one can read
            cells_in_view = (view.width / self.style.cluster_cell_px) * (
                view.height / self.style.cluster_cell_px
            )
            if cells_in_view > MAX_BUBBLES and len(idx) > 4 * MAX_BUBBLES:
                cell *= math.sqrt(cells_in_view / MAX_BUBBLES)
            cl = cluster_points(
                d.x if everything else d.x[idx],
                d.y if everything else d.y[idx],
                cell,
                self.style.cluster_min_count,
                {"alarm": alarm_all if everything else alarm_all[idx]},
                bounds=view.visible_bbox(margin_px=30),
            )
            singles = idx[cl.singles]
        else:
            cl = None
            singles = idx
        if len(singles):
            self._render_case_points(p, view, singles, alarm_all, dpr)
            self._check(cancel)
        if cl is not None and len(cl.counts):
            self._render_clusters(p, view, cl.cx, cl.cy, cl.counts, cl.flag_counts["alarm"], dpr)

    def _render_case_points(
        self,
        p: QPainter,
        view: MapViewState,
        singles: np.ndarray,
        alarm_all: np.ndarray,
        dpr: float,
    ) -> None:
        """Cases one by one: sprites by state, urgent ones bigger, overdue ones red."""
        d = self.model.layer_data(LayerId.CASES)
        scale = self.style.point_scale(view.mpp)
        sx, sy = view.world_to_screen(d.x[singles], d.y[singles])
        alarm = alarm_all[singles]
        urgent = d.attrs["urgent"][singles]
        codes = d.attrs.get("state_code")
        if codes is None:
            codes = np.zeros(len(d), dtype=np.int8)
        codes = codes[singles]
        # normal first, then urgent, then overdue: the alarming ones end on top
        rank = urgent.astype(np.int8) + 2 * alarm.astype(np.int8)
        for r in (0, 1, 2, 3):
            sel_r = rank == r
            if not sel_r.any():
                continue
            big = r in (1, 3)
            size = (self.style.case_urgent_size if big else self.style.case_size) * scale
            if r >= 2:
                img = self.sprites.get(
                    Symbol.CASE,
                    self.style.overdue_colour,
                    size,
                    halo=self.style.overdue_colour,
                    dpr=dpr,
                )
                sel = np.flatnonzero(sel_r)
                self._blit(p, img, sx[sel], sy[sel])
                continue
            for code in np.unique(codes[sel_r]):
                sel = np.flatnonzero(sel_r & (codes == code))
                state = CASE_STATE_CODES[int(code)] if code < len(CASE_STATE_CODES) else ""
                fill = STATE_COLOURS.get(state, DEFAULT_STATE_COLOUR)
                img = self.sprites.get(Symbol.CASE, fill, size, dpr=dpr)
                self._blit(p, img, sx[sel], sy[sel])
        self._flag_outside(p, LayerId.CASES, singles, sx, sy, dpr, self.style.case_size)

    def _render_clusters(
        self,
        p: QPainter,
        view: MapViewState,
        cx: np.ndarray,
        cy: np.ndarray,
        counts: np.ndarray,
        alarms: np.ndarray,
        dpr: float,
    ) -> None:
        """Bubbles sized by count (log), blue, the count inside; a red badge with how many
        are overdue. Each distinct bubble is an image made once and then blitted."""
        sx, sy = view.world_to_screen(cx, cy)
        order = np.argsort(counts, kind="stable")  # big bubbles on top
        # each (count, overdue) look is found by one lookup of the renderer's table (a view
        # holds a few hundred distinct ones: building their keys per render cost ~1 ms)
        looks = self._bubble_looks
        key_dpr = round(dpr, 2)
        draw = p.drawImage
        for k, (n, a, x, y) in enumerate(
            zip(
                counts[order].tolist(),
                alarms[order].tolist(),
                sx[order].tolist(),
                sy[order].tolist(),
                strict=True,
            )
        ):
            if not k & 63:
                gil_pause()
            look = looks.get((n, a, key_dpr))
            if look is None:
                look = self._new_look(n, a, dpr, key_dpr)
            draw(round(x - look[1]), round(y - look[1]), look[0])

    def _new_look(self, n: int, a: int, dpr: float, key_dpr: float) -> tuple[QImage, float]:
        """A bubble's image and half its width, kept in the look table."""
        img = self._bubble(int(n), int(a), dpr)
        look = (img, img.width() / dpr / 2.0)
        if len(self._bubble_looks) > 50_000:
            self._bubble_looks.clear()
        self._bubble_looks[(n, a, key_dpr)] = look
        return look

    def _bubble(self, count: int, alarm: int, dpr: float) -> QImage:
        rc = int(min(9, max(0, math.floor(math.log10(max(count, 1)) * 2))))
        text = count_text(count)
        badge = count_text(alarm) if alarm else ""
        key = (rc, text, badge, round(dpr, 2))
        with self._label_lock:
            img = self._bubbles.get(key)
        if img is not None:
            return img
        size = 20.0 + 4.0 * rc
        side = size + 16.0  # room for the badge
        img = QImage(
            math.ceil(side * dpr), math.ceil(side * dpr), QImage.Format.Format_ARGB32_Premultiplied
        )
        img.setDevicePixelRatio(dpr)
        img.fill(Qt.GlobalColor.transparent)
        q = QPainter(img)
        q.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        c = side / 2.0
        body = self.sprites.get(
            Symbol.CASE, self.style.cluster_colour, size, outline="#ffffff", dpr=dpr
        )
        bw = body.width() / dpr / 2.0
        q.drawImage(QPointF(c - bw, c - bw), body)
        q.setFont(self.cluster_font)
        fm = QFontMetricsF(self.cluster_font)
        lift = (fm.ascent() - fm.descent()) / 2.0
        q.setPen(QColor("#ffffff"))
        q.drawText(QPointF(c - fm.horizontalAdvance(text) / 2.0, c + lift), text)
        if badge:
            dot = self.sprites.get(
                Symbol.CIRCLE, self.style.overdue_colour, 15.0, outline="#ffffff", dpr=dpr
            )
            bx, by = c + size * 0.36, c - size * 0.36
            dw = dot.width() / dpr / 2.0
            q.drawImage(QPointF(bx - dw, by - dw), dot)
            q.drawText(QPointF(bx - fm.horizontalAdvance(badge) / 2.0, by + lift), badge)
        q.end()
        with self._label_lock:
            if len(self._bubbles) > 4000:
                self._bubbles.clear()
                self._bubble_looks.clear()  # it holds the same images
            self._bubbles[key] = img
        return img

    # ------------------------------------------------------------------ labels
    def label_layer(
        self, view: MapViewState, layers: Iterable[LayerSnapshot] | None = None
    ) -> str | None:
        """Which grid names to show at this scale: management grids when zoomed in close,
        responsibility grids otherwise (whichever is visible)."""
        vis = {x.id: x.visible for x in (layers or self.snapshot_layers())}
        if vis.get(LayerId.MANAGEMENT) and view.mpp <= self.style.management_label_mpp:
            return LayerId.MANAGEMENT
        if vis.get(LayerId.RESPONSIBILITY):
            return LayerId.RESPONSIBILITY
        if vis.get(LayerId.MANAGEMENT):
            return LayerId.MANAGEMENT
        return None

    def _widths(self, layer_id: str, font: QFont, texts: list[str]) -> np.ndarray:
        key = (layer_id, font.key())
        widths = self._label_widths.get(key)
        if widths is None or len(widths) != len(texts):
            fm = QFontMetricsF(font)
            widths = np.asarray([fm.horizontalAdvance(t) for t in texts], dtype=float)
            self._label_widths[key] = widths
        return widths

    def visible_labels(
        self, view: MapViewState, layers: Iterable[LayerSnapshot] | None = None
    ) -> tuple[str | None, list[tuple[str, QRectF]]]:
        """The grid labels to draw at this view: (layer, [(text, screen box)]), collision-free."""
        layer_id = self.label_layer(view, layers)
        if layer_id is None:
            return None, []
        anchors = self.model.label_anchors(layer_id)
        if len(anchors.texts) == 0:
            return layer_id, []
        font = self.label_font if layer_id == LayerId.RESPONSIBILITY else self.minor_label_font
        fm = QFontMetricsF(font)
        widths = self._widths(layer_id, font, anchors.texts)
        height = fm.height()
        d = self.model.layer_data(layer_id)
        cand = self.model.indices_in(layer_id, view.visible_bbox(margin_px=0))
        if len(cand) == 0:
            return layer_id, []
        b = d.bounds[cand]
        fw = (b[:, 2] - b[:, 0]) / view.mpp
        fh = (b[:, 3] - b[:, 1]) / view.mpp
        fits = (fw >= widths[cand] * 1.05) & (fh >= height * 1.6)
        cand = cand[fits]
        sx, sy = view.world_to_screen(anchors.x[cand], anchors.y[cand])
        kept = place_labels(
            sx,
            sy,
            widths[cand],
            np.full(len(cand), height),
            priorities=anchors.weights[cand],
            padding=5.0,
            bounds=(4.0, 4.0, view.width - 4.0, view.height - 4.0),
        )
        out = []
        for j in kept:
            k = cand[j]
            w = float(widths[k])
            out.append((anchors.texts[k], QRectF(sx[j] - w / 2.0, sy[j] - height / 2.0, w, height)))
        return layer_id, out

    def render_labels(
        self, p: QPainter, view: MapViewState, layers: list[LayerSnapshot] | None = None
    ) -> int:
        """Grid names with a dark halo, collision-free; returns how many were drawn. Each
        name is rendered once (text and halo) into a cached image and then blitted."""
        with self.lock:
            layer_id, labels = self.visible_labels(view, layers)
            if not labels:
                return 0
            major = layer_id == LayerId.RESPONSIBILITY
            font = self.label_font if major else self.minor_label_font
            fg = self.style.label_colour if major else self.style.label_minor_colour
            dpr = self._dpr(p)
            for text, box in labels:
                gil_pause()
                img = self._label_image(text, font, fg, dpr)
                pad = LABEL_PAD
                p.drawImage(QPointF(round(box.left() - pad), round(box.top() - pad)), img)
            return len(labels)

    def _label_image(self, text: str, font: QFont, fg: str, dpr: float) -> QImage:
        key = (text, font.key(), fg, round(dpr, 2))
        with self._label_lock:
            img = self._label_images.get(key)
        if img is not None:
            return img
        fm = QFontMetricsF(font)
        pad = LABEL_PAD
        w = fm.horizontalAdvance(text) + 2 * pad
        h = fm.height() + 2 * pad
        img = QImage(
            math.ceil(w * dpr),
            math.ceil(h * dpr),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        img.setDevicePixelRatio(dpr)
        img.fill(Qt.GlobalColor.transparent)
        q = QPainter(img)
        q.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        q.setFont(font)
        origin = QPointF(pad, pad + fm.ascent())
        # halo: the text drawn dark around itself, then the text on top
        q.setPen(colour(self.style.label_halo, 0.55))
        for dx, dy in HALO_OFFSETS:
            q.drawText(origin + QPointF(dx, dy), text)
        q.setPen(QColor(fg))
        q.drawText(origin, text)
        q.end()
        with self._label_lock:
            if len(self._label_images) > 6000:
                self._label_images.clear()
            self._label_images[key] = img
        return img

    # ------------------------------------------------------------------ selection
    def render_selection(self, p: QPainter, view: MapViewState, hover: Hit | None = None) -> None:
        """The selected features (all of a rectangle selection; the primary one brightest)
        and the feature under the mouse."""
        c = QColor(self.style.selection_colour)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        primary = self.model.selection
        drawn = 0
        for lid, fid in self.model.selected_hits():
            if drawn >= SELECTION_DRAW_LIMIT:
                break
            if not self.model.has_feature(lid, fid) or (lid, fid) == primary:
                continue
            self._highlight(p, view, lid, fid, c, strong=False)
            drawn += 1
        if primary is not None and self.model.has_feature(*primary):
            self._highlight(p, view, primary[0], primary[1], c, strong=True)
        if hover is not None and hover != primary and self.model.has_feature(*hover):
            self._highlight(p, view, hover[0], hover[1], QColor(self.style.hover_colour), False)
        p.restore()

    def _highlight(
        self,
        p: QPainter,
        view: MapViewState,
        layer_id: str,
        fid: int,
        c: QColor,
        strong: bool,
    ) -> None:
        d = self.model.layer_data(layer_id)
        k = d.index_of[int(fid)]
        if d.geometry_type is GeometryType.POINT:
            x, y = view.world_to_screen(float(d.x[k]), float(d.y[k]))
            r = 14.0 if strong else 10.0
            p.setBrush(Qt.BrushStyle.NoBrush)
            if strong:
                glow = QColor(c)
                glow.setAlphaF(0.25)
                p.setPen(QPen(glow, 7.0))
                p.drawEllipse(QPointF(x, y), r, r)
            p.setPen(QPen(c, 2.2 if strong else 1.6))
            p.drawEllipse(QPointF(x, y), r, r)
            if strong:
                for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                    p.drawLine(
                        QPointF(x + dx * (r + 3), y + dy * (r + 3)),
                        QPointF(x + dx * (r + 9), y + dy * (r + 9)),
                    )
            return
        path = self._build_path(layer_id, np.asarray([k]), view.mpp)
        p.save()
        p.setTransform(self.world_transform(view), combine=True)
        if d.geometry_type is GeometryType.POLYGON:
            fill = QColor(c)
            fill.setAlphaF(0.12 if strong else 0.07)
            p.fillPath(path, fill)
        p.setBrush(Qt.BrushStyle.NoBrush)
        if strong:
            glow = QColor(c)
            glow.setAlphaF(0.3)
            p.setPen(cosmetic_pen(glow, 7.0))
            p.drawPath(path)
        p.setPen(cosmetic_pen(c, 2.4 if strong else 1.5))
        p.drawPath(path)
        p.restore()

    # ------------------------------------------------------------------ overlays
    def render_overlays(self, p: QPainter, view: MapViewState, legend: bool | None = None) -> None:
        """Scale bar (bottom left), north arrow (top right), CRS note (bottom right), and the
        thematic legend (left, above the scale bar) when grids are coloured by a figure."""
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(self.overlay_font)
        fm = QFontMetricsF(self.overlay_font)
        # scale bar
        box = draw_scale_bar(p, view.mpp, QPointF(12, view.height - 12), self.overlay_font)
        # north arrow
        draw_north_arrow(p, QPointF(view.width - 34.0, 16.0))
        # CRS note (and the base map's attribution above it)
        p.setFont(self.overlay_font)
        notes = [crs_note(self.model.display_epsg)]
        attribution = getattr(self.basemap, "attribution", "") if self.basemap else ""
        if attribution and getattr(self.basemap, "enabled", False):
            notes.insert(0, str(attribution))
        y = view.height - 12.0
        for note in reversed(notes):
            w = fm.horizontalAdvance(note)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour("#0b1118", 0.7))
            p.drawRoundedRect(
                QRectF(view.width - w - 22, y - fm.height() - 6, w + 10, fm.height() + 6), 4, 4
            )
            p.setPen(colour("#8d9aab", 0.95))
            p.drawText(QPointF(view.width - w - 17, y - 3 - fm.descent()), note)
            y -= fm.height() + 10
        show = self.show_legend if legend is None else legend
        if show and self.model.thematic is not None:
            from desktop.map.legend import draw_thematic_legend

            draw_thematic_legend(
                p, QPointF(12, box.top() - 10), self.model.thematic, anchor="bottom"
            )
        p.restore()

    # ------------------------------------------------------------------ everything
    def render(self, p: QPainter, view: MapViewState, now: datetime | None = None) -> None:
        """The whole map (for export): static layers, cases, labels, selection, overlays."""
        layers = self.snapshot_layers()
        self.render_static(p, view, layers)
        self.render_dynamic(p, view, now, layers)
        self.render_labels(p, view, layers)
        self.render_selection(p, view)
        self.render_overlays(p, view)


# --------------------------------------------------------------------------- map furniture


def draw_scale_bar(p: QPainter, mpp: float, bottom_left: QPointF, font: QFont) -> QRectF:
    """A two-tone scale bar with its length and the ratio, in a dark box whose bottom-left
    corner is `bottom_left`; returns the box. `mpp`: metres per unit of the painter."""
    p.save()
    p.setFont(font)
    fm = QFontMetricsF(font)
    length = nice_scale_length(mpp, 160.0)
    px = length / mpp
    text = scale_text(length)
    ratio = QCoreApplication.translate("MapRenderer", "1:{n}").format(
        n=f"{round(mpp * 96 / 0.0254, -1):,.0f}"
    )
    box_w = max(px, fm.horizontalAdvance(text)) + fm.horizontalAdvance(ratio) + 40
    box = QRectF(bottom_left.x(), bottom_left.y() - 44, box_w, 44)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour("#0b1118", 0.78))
    p.drawRoundedRect(box, 5, 5)
    x0 = box.left() + 12
    y0 = box.bottom() - 12
    half = px / 2.0
    p.setBrush(QColor("#e9eef4"))
    p.drawRect(QRectF(x0, y0 - 5, half, 5))
    p.setBrush(QColor("#55606e"))
    p.drawRect(QRectF(x0 + half, y0 - 5, half, 5))
    p.setPen(QPen(QColor("#e9eef4"), 1.2))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(QRectF(x0, y0 - 5, px, 5))
    p.setPen(QColor("#e9eef4"))
    p.drawText(QPointF(x0, y0 - 10), text)
    p.setPen(QColor("#8d9aab"))
    p.drawText(QPointF(x0 + max(px, fm.horizontalAdvance(text)) + 16, y0 - 1), ratio)
    p.restore()
    return box


def draw_north_arrow(p: QPainter, top_centre: QPointF, scale: float = 1.0) -> None:
    """The north arrow in its dark box (the map's north is up: GK grid north)."""
    cx, top = top_centre.x(), top_centre.y()
    s = scale
    p.save()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour("#0b1118", 0.78))
    p.drawRoundedRect(QRectF(cx - 20 * s, top, 40 * s, 62 * s), 5 * s, 5 * s)
    left = QPolygonF(
        [QPointF(cx, top + 24 * s), QPointF(cx - 9 * s, top + 54 * s), QPointF(cx, top + 47 * s)]
    )
    right = QPolygonF(
        [QPointF(cx, top + 24 * s), QPointF(cx + 9 * s, top + 54 * s), QPointF(cx, top + 47 * s)]
    )
    p.setBrush(QColor("#e0b450"))
    p.drawPolygon(left)
    p.setBrush(QColor("#6c7786"))
    p.drawPolygon(right)
    p.setPen(QColor("#eef3f8"))
    p.setFont(ui_font(10.0 * s, bold=True))
    north = QCoreApplication.translate("MapRenderer", "N")
    nfm = QFontMetricsF(p.font())
    p.drawText(QPointF(cx - nfm.horizontalAdvance(north) / 2.0, top + 19 * s), north)
    p.restore()
