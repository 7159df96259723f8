"""MapCanvas: the interactive map widget. It draws a MapModel and never owns data.

Rendering is split in two cached images: the static layers (background, base map, grids,
rivers, key points) and the top layers (cases, grid labels). They are redrawn only when the
scale, size, data or layers change; while panning or mid-zoom the cached images are shifted /
scaled as a preview and re-rendered once the view settles. Selection, hover highlight, scale
bar, north arrow and legend are drawn live at every frame (cheap).

When a render is expensive (a city: tens of thousands of grids, a million cases) it runs in a
background thread into QImages -- never a QPixmap -- and a newer view cancels a stale render;
the GUI thread only ever blits the last finished images, so it never waits. Small data (the
town) renders synchronously, which is faster than a thread hop. For big data the static
layers are also kept as world-anchored tiles on the wheel's pyramid of scales
(desktop/map/tiles.py): while the user is idle, the same thread prepares the tiles a pan or
a wheel notch will need, and any pan or zoom cancels that.

Interaction, as in a desktop GIS: drag pans, the wheel zooms at the cursor, +/- and the arrow
keys zoom and pan, Home shows everything, Shift+drag zooms to a box, Ctrl+drag selects the
features in a rectangle, a click selects (Ctrl+click adds), Escape clears; hovering shows a
tooltip and outlines the feature under the mouse.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop import labels
from desktop.map.renderer import LayerSnapshot, MapRenderer, RenderCancelled
from desktop.map.style import MapStyle
from desktop.map.tiles import ZOOM_STEP
from desktop.qtutil import observe
from gis.features import CaseFeature, GridFeature, PointFeature
from gis.mapmodel import Hit, LayerId, MapModel, MapViewState

WHEEL_STEP = ZOOM_STEP  # zoom factor per wheel notch: the tile pyramid's step
KEY_ZOOM = 1.5
DRAG_THRESHOLD_PX = 4
SETTLE_MS = 140  # re-render the caches this long after the last pan/zoom step
HIT_TOLERANCE_PX = 8.0
# data larger than this (features + vertices / 10) render in the background thread; the
# town (about 2,000) renders synchronously, which is faster than a thread hop
BACKGROUND_ABOVE = 30_000
# the user counts as idle this long after a render landed: then tiles around the view are
# prepared (cancelled by the next pan or zoom)
PREFETCH_IDLE_MS = 60


class Tool:
    PAN = "pan"
    ZOOM_BOX = "zoom_box"
    SELECT = "select"


class CanvasTool:
    """An interactive tool installed on the canvas (e.g. the grid editor's vertex tool).

    The canvas offers each mouse and key event to the tool first; a handler that returns True
    consumed the event, False lets the canvas do its usual thing (pan, zoom, select), so a
    tool only claims the gestures it understands. `paint` draws the tool's rubber bands on
    top of everything, in screen pixels."""

    def mouse_press(self, canvas: MapCanvas, event: QMouseEvent) -> bool:
        return False

    def mouse_move(self, canvas: MapCanvas, event: QMouseEvent) -> bool:
        return False

    def mouse_release(self, canvas: MapCanvas, event: QMouseEvent) -> bool:
        return False

    def mouse_double_click(self, canvas: MapCanvas, event: QMouseEvent) -> bool:
        return False

    def key_press(self, canvas: MapCanvas, event: QKeyEvent) -> bool:
        return False

    def leave(self, canvas: MapCanvas) -> None:
        return None

    def paint(self, p: QPainter, view: MapViewState) -> None:
        return None


class RenderedFrame:
    """The cached image of one view (everything but selection, hover and map furniture)."""

    __slots__ = ("dynamic_count", "image", "label_count", "ms", "stats", "view")

    def __init__(self, image: QImage, view: tuple[float, float, float, int, int]):
        self.image = image
        self.view = view
        self.ms = 0.0
        self.stats: dict[str, int] = {}
        self.label_count = 0
        self.dynamic_count = 0


def render_frame(
    renderer: MapRenderer,
    view: MapViewState,
    layers: list[LayerSnapshot],
    now: datetime | None,
    dpr: float = 1.0,
    cancel: Any = None,
    reuse: QImage | None = None,
) -> RenderedFrame:
    """Render a view into one image (any thread: QImages only): static layers, cases, labels.

    `reuse`: an image of the right size no longer shown (saves allocating and page-faulting
    8 MB per frame). For big data at a scale of the tile pyramid the frame is drawn for the
    view moved by at most half a pixel onto the tiles' pixel grid (MapRenderer.tile_view_for),
    so its static layers can be composed from tiles; the frame keeps the requested view."""
    t0 = time.perf_counter()
    requested = view.state()
    view = renderer.tile_view_for(view, dpr) or view
    w, h = int(view.width * dpr), int(view.height * dpr)
    if reuse is not None and reuse.width() == w and reuse.height() == h:
        image = reuse
    else:
        image = QImage(w, h, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(dpr)
    p = QPainter(image)
    try:
        stats = renderer.render_static_cached(p, view, layers, cancel)
        dynamic = renderer.render_dynamic(p, view, now, layers, cancel)
        label_count = renderer.render_labels(p, view, layers)
    finally:
        p.end()
    frame = RenderedFrame(image, requested)
    frame.stats = dict(stats)
    frame.label_count = label_count
    frame.dynamic_count = dynamic
    frame.ms = (time.perf_counter() - t0) * 1000.0
    return frame


class _WarmUp(QRunnable):
    """Builds the simplified levels, edges and per-cell paths the usual zooms need, ahead of
    the renders (MapRenderer.warm_up)."""

    def __init__(self, renderer: MapRenderer, mpps: list[float]) -> None:
        super().__init__()
        self.renderer = renderer
        self.mpps = mpps

    def run(self) -> None:
        # a warm-up is an optimisation: if it fails, the render builds what it needs
        with contextlib.suppress(Exception):
            self.renderer.warm_up(self.mpps)
        # the loaded data and what the warm-up built are millions of long-lived objects: a
        # full collection walking them holds the GIL (and so the GUI) for ~60 ms; frozen,
        # they are left out (unfrozen when the data is replaced: MapCanvas._on_data_changed)
        gc.freeze()


class _PrefetchSignals(QObject):
    done = Signal(int, int, float, bool)  # serial, tiles drawn, thread CPU ms, cancelled


class _Prefetch(QRunnable):
    """Draws the tiles around an idle view (MapRenderer.tile_plan), most useful first, until
    cancelled; at the lowest priority of the canvas's one render thread."""

    def __init__(
        self,
        renderer: MapRenderer,
        view: MapViewState,
        layers: list[LayerSnapshot],
        dpr: float,
        signals: _PrefetchSignals,
        serial: int = 0,
        now: datetime | None = None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.serial = serial
        self.now = now
        self.renderer = renderer
        self.view = view
        self.layers = layers
        self.dpr = dpr
        self.signals = signals
        self.cancelled = threading.Event()

    def run(self) -> None:
        c0 = time.thread_time()
        drawn = 0
        stopped = self.cancelled.is_set()
        if not stopped:
            try:
                # the geometry and case clusters of the scales a notch in and out (the
                # render after a wheel notch would otherwise build them first)
                mpp = self.view.mpp
                self.renderer.warm_up([mpp / ZOOM_STEP, mpp, mpp * ZOOM_STEP])
                if self.now is not None and not self.cancelled.is_set():
                    self._warm_dynamic()
                plan = self.renderer.tile_plan(self.view, self.layers, self.dpr)
                for index, decisions in plan:
                    if self.cancelled.is_set():
                        break
                    self.renderer.render_tile(
                        index, self.layers, self.dpr, decisions, self.cancelled.is_set
                    )
                    drawn += 1
            except RenderCancelled:
                pass
            stopped = self.cancelled.is_set()
        self.signals.done.emit(self.serial, drawn, (time.thread_time() - c0) * 1000.0, stopped)

    def _warm_dynamic(self) -> None:
        """Make the cluster bubbles of every view a notch in or out reaches (whatever the
        cursor), and draw the labels a notch in once into a scratch image: the real render
        then finds them cached."""
        v = self.view
        r = self.renderer
        zin = MapViewState(v.cx, v.cy, v.mpp / ZOOM_STEP, v.width, v.height)
        zout = MapViewState(v.cx, v.cy, v.mpp * ZOOM_STEP, v.width, v.height)
        # a notch in shows part of today's ground; a notch out, up to a quarter screen more
        grow = (ZOOM_STEP - 1.0) / 2.0 * max(v.width, v.height)
        cancel = self.cancelled.is_set
        r.warm_bubbles(zin, self.now, self.layers, grow, cancel, self.dpr)
        if cancel():
            return
        r.warm_bubbles(zout, self.now, self.layers, grow, cancel, self.dpr)
        scratch = QImage(v.width, v.height, QImage.Format.Format_ARGB32_Premultiplied)
        scratch.setDevicePixelRatio(self.dpr)
        p = QPainter(scratch)
        try:
            r.render_labels(p, zin, self.layers)
        finally:
            p.end()


class _JobSignals(QObject):
    done = Signal(object, int)  # RenderedFrame | None, generation


class _RenderJob(QRunnable):
    def __init__(
        self,
        renderer: MapRenderer,
        view: MapViewState,
        layers: list[LayerSnapshot],
        now: datetime,
        dpr: float,
        generation: int,
        signals: _JobSignals,
        reuse: QImage | None = None,
    ) -> None:
        super().__init__()
        self.reuse = reuse
        self.setAutoDelete(True)
        self.renderer = renderer
        self.view = view
        self.layers = layers
        self.now = now
        self.dpr = dpr
        self.generation = generation
        self.signals = signals
        self.cancelled = threading.Event()

    def run(self) -> None:
        frame: RenderedFrame | None = None
        if not self.cancelled.is_set():
            try:
                frame = render_frame(
                    self.renderer,
                    self.view,
                    self.layers,
                    self.now,
                    self.dpr,
                    cancel=self.cancelled.is_set,
                    reuse=self.reuse,
                )
            except RenderCancelled:
                frame = None
        self.signals.done.emit(frame, self.generation)


class MapCanvas(QWidget):
    """Draws `model`; wheel zoom at the cursor, drag pan, box zoom, rectangle select, keys,
    hover tooltips and highlight, click select."""

    cursor_moved = Signal(float, float)  # world x, y (display CRS metres)
    cursor_left = Signal()
    feature_clicked = Signal(str, int)  # layer id, feature id (after model.select)
    rect_selected = Signal(int)  # how many features a rectangle selected
    render_finished = Signal(float)  # ms of the render that just landed

    def __init__(
        self, model: MapModel, parent: QWidget | None = None, style: MapStyle | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mapCanvas")
        self.model = model
        self.renderer = MapRenderer(model, style)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMinimumSize(320, 240)
        self.tool = Tool.PAN
        self.background_render: bool | None = None  # None: decide by how long renders take
        self._frame: RenderedFrame | None = None
        self._spare: QImage | None = None
        self._cache_dirty = True
        self._fitted = False
        self._press_pos: QPointF | None = None
        self._last_drag_pos: QPointF | None = None
        self._drag_mode: str | None = None  # "pan" | "zoom_box" | "select"
        self._band: QRectF | None = None
        self._hover: Hit | None = None
        self.marker: tuple[float, float, str] | None = None  # a search result's position
        # drawn over the cached layers at every frame, e.g. the editor's live grid layer
        self.overlays: list[Any] = []  # callables (QPainter, MapViewState) -> None
        self.edit_tool: CanvasTool | None = None
        self._render_ms = 0.0
        self._warmed = False
        self._size_key: int | None = None
        self.static_renders = 0  # renders landed (tests, bench)
        self._generation = 0
        self._job: _RenderJob | None = None
        self._job_view: tuple[float, float, float, int, int] | None = None
        self._signals = _JobSignals(self)
        self._signals.done.connect(self._on_job_done, Qt.ConnectionType.QueuedConnection)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # tiles prepared while the user is idle (big data on the tile pyramid)
        self.prefetch_enabled = True
        self.prefetch_stats = {"runs": 0, "tiles": 0, "cpu_ms": 0.0, "cancelled": 0}
        self._prefetch: _Prefetch | None = None
        self._prefetch_serial = 0
        self._prefetch_signals = _PrefetchSignals(self)
        self._prefetch_signals.done.connect(
            self._on_prefetch_done, Qt.ConnectionType.QueuedConnection
        )
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(PREFETCH_IDLE_MS)
        self._idle.timeout.connect(self._start_prefetch)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._on_settled)
        observe(self, model.data_changed, self._on_data_changed)
        observe(self, model.layers_changed, self._on_layers_changed)
        observe(self, model.view_changed, self._on_view_changed)
        observe(self, model.selection_changed, self._on_selection_changed)
        observe(self, model.selection_set_changed, self._on_selection_set_changed)
        observe(self, model.thematic_changed, self._on_thematic_changed)

    # ------------------------------------------------------------------ model events
    @property
    def view(self) -> MapViewState:
        return self.model.view

    @property
    def _cache(self) -> QImage | None:
        return self._frame.image if self._frame is not None else None

    @property
    def _cache_view(self) -> tuple[float, float, float, int, int] | None:
        return self._frame.view if self._frame is not None else None

    def _on_data_changed(self) -> None:
        self._hover = None
        self._size_key = None
        if self._warmed:
            # the old data was frozen after its warm-up (_WarmUp): let the collector see it
            gc.unfreeze()
        self._warmed = False
        self.renderer.set_tile_base(None)
        self.invalidate()

    def _warm_up(self) -> None:
        """For big data: prepare the full extent's and the first zoom levels' geometry in the
        background (the first render after a load or a zoom then does not build it)."""
        if self._warmed or not self._in_background():
            return
        self._warmed = True
        mpp = self.view.mpp
        # the tile pyramid: every scale the wheel reaches from this first (home) view
        self.renderer.set_tile_base(mpp)
        self._pool.start(_WarmUp(self.renderer, [mpp, mpp / 2, mpp / 4, mpp / 8]))

    def _on_layers_changed(self, _layer_id: str) -> None:
        self.invalidate()

    def _on_thematic_changed(self) -> None:
        self.invalidate()

    def _on_view_changed(self) -> None:
        self._cancel_prefetch()
        self.update()

    def _on_selection_changed(self, _hit: object) -> None:
        self.update()

    def _on_selection_set_changed(self) -> None:
        self.update()

    def set_basemap(self, layer: Any) -> None:
        """Draw a desktop.map.basemap.BaseMapLayer under the grids."""
        self.renderer.basemap = layer
        layer.changed.connect(self.invalidate)

    def invalidate(self) -> None:
        """Re-render the cached layers (at the next paint, or in the background)."""
        self._cache_dirty = True
        self._cancel_prefetch()
        self.update()

    def _on_settled(self) -> None:
        if self._drag_mode == "pan":
            self._settle.start()
            return
        if self._cache_view != self.view.state():
            self._cache_dirty = True
            self.update()

    def _in_background(self) -> bool:
        if self.background_render is not None:
            return self.background_render
        if self._size_key is None:
            counts = self.model.counts()
            vertices = sum(
                self.model.layer_data(lid).vertex_count
                for lid in counts
                if self.model.layer_data(lid).geometry_type.value != "point"
            )
            self._size_key = sum(counts.values()) + vertices // 10
        return self._size_key > BACKGROUND_ABOVE

    # ------------------------------------------------------------------ sizing
    def sizeHint(self) -> QSize:
        return QSize(900, 700)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.view.set_size(self.width(), self.height())
        if not self._fitted:
            self._fitted = True
            self.model.zoom_to_full_extent()
        self._cache_dirty = True
        super().resizeEvent(event)

    def ensure_fitted(self) -> None:
        """Size the view to the widget and, the first time, fit the whole town."""
        self.view.set_size(self.width(), self.height())
        if not self._fitted:
            self._fitted = True
            self.model.zoom_to_full_extent()

    # ------------------------------------------------------------------ rendering
    def _install(self, frame: RenderedFrame) -> None:
        if self._frame is not None and self._frame.image is not frame.image:
            self._spare = self._frame.image  # reused by the next render
        self._frame = frame
        self._render_ms = 0.7 * self._render_ms + 0.3 * frame.ms if self._render_ms else frame.ms
        self.renderer.last_stats = dict(frame.stats)
        self.renderer.last_stats["labels"] = frame.label_count
        self.static_renders += 1
        self.render_finished.emit(frame.ms)

    def _render_now(self) -> None:
        self._cancel_job()
        spare, self._spare = self._spare, None
        frame = render_frame(
            self.renderer,
            self.view.copy(),
            self.renderer.snapshot_layers(),
            self.model.now(),
            self.devicePixelRatioF(),
            reuse=spare,
        )
        self._cache_dirty = False
        self._install(frame)

    def _cancel_prefetch(self) -> None:
        self._idle.stop()
        if self._prefetch is not None:
            self._prefetch.cancelled.set()
            self._prefetch = None

    def _start_prefetch(self) -> None:
        """The user is idle: prepare the tiles around the view (lowest priority; any pan,
        zoom or render cancels it)."""
        if (
            not self.prefetch_enabled
            or self._prefetch is not None
            or self._job is not None
            or self._drag_mode is not None
            or self._cache_dirty
            or not self._in_background()
            or self.renderer.tile_view_for(self.view, self.devicePixelRatioF()) is None
        ):
            return
        job = _Prefetch(
            self.renderer,
            self.view.copy(),
            self.renderer.snapshot_layers(),
            self.devicePixelRatioF(),
            self._prefetch_signals,
            self._prefetch_serial + 1,
            self.model.now(),
        )
        self._prefetch_serial += 1
        self._prefetch = job
        self._pool.start(job, -1)

    def _on_prefetch_done(self, serial: int, tiles: int, cpu_ms: float, cancelled: bool) -> None:
        st = self.prefetch_stats
        st["runs"] += 1
        st["tiles"] += tiles
        st["cpu_ms"] += cpu_ms
        st["cancelled"] += int(cancelled)
        if self._prefetch is not None and self._prefetch.serial == serial:
            self._prefetch = None

    @property
    def prefetching(self) -> bool:
        """Whether tiles are being prepared in the background."""
        return self._prefetch is not None

    def _cancel_job(self) -> None:
        if self._job is not None:
            self._job.cancelled.set()
            self._job = None
            self._job_view = None

    def _schedule(self) -> None:
        """Start a background render of the current view (cancelling a stale one)."""
        want = self.view.state()
        if self._job is not None and self._job_view == want and not self._cache_dirty:
            return  # already rendering exactly this
        self._cancel_job()
        self._cancel_prefetch()
        self._generation += 1
        spare, self._spare = self._spare, None
        job = _RenderJob(
            self.renderer,
            self.view.copy(),
            self.renderer.snapshot_layers(),
            self.model.now(),
            self.devicePixelRatioF(),
            self._generation,
            self._signals,
            spare,
        )
        self._job = job
        self._job_view = want
        self._cache_dirty = False
        self._pool.start(job)

    def _on_job_done(self, frame: RenderedFrame | None, generation: int) -> None:
        if generation != self._generation:
            return  # overtaken
        self._job = None
        self._job_view = None
        if frame is None:
            return
        self._install(frame)
        self.update()
        self._idle.start()

    @property
    def rendering(self) -> bool:
        """Whether a background render is under way."""
        return self._job is not None

    def wait_for_render(self, timeout_ms: int = 10_000) -> bool:
        """Block until the background render has landed (tests, screenshots)."""
        from PySide6.QtWidgets import QApplication

        end = time.monotonic() + timeout_ms / 1000.0
        while self._job is not None and time.monotonic() < end:
            self._pool.waitForDone(20)
            QApplication.processEvents()
        return self._job is None

    def flush(self) -> None:
        """Bring the caches up to date now (before a grab or a benchmark frame)."""
        self.ensure_fitted()
        if self._cache_dirty or self._frame is None or self._cache_view != self.view.state():
            self._render_now()
        self.update()

    def _cache_transform(self) -> QTransform | None:
        """Screen transform from the cached images to the current view (None: unusable)."""
        if self._frame is None:
            return None
        cx0, cy0, mpp0, w0, h0 = self._frame.view
        v = self.view
        if (w0, h0) != (v.width, v.height):
            return None
        s = mpp0 / v.mpp
        if s > 4.0 or s < 0.25:
            return None
        # cache pixel u -> world x = (u - w/2) * mpp0 + cx0 -> screen (x - cx)/mpp + w/2
        dx = (cx0 - v.cx) / v.mpp + v.width / 2.0 - s * v.width / 2.0
        dy = (v.cy - cy0) / v.mpp + v.height / 2.0 - s * v.height / 2.0
        return QTransform(s, 0.0, 0.0, s, dx, dy)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.ensure_fitted()
        self._prepare_frame()
        p = QPainter(self)
        try:
            self.paint_frame(p)
        finally:
            p.end()

    def _prepare_frame(self) -> None:
        """Decide whether the caches are re-rendered now, later, or in the background."""
        current = self._frame is not None and self._cache_view == self.view.state()
        transform = None if self._cache_dirty else self._cache_transform()
        if self._in_background():
            self._warm_up()
            if self._cache_dirty or (transform is None and not current):
                self._schedule()
            elif not current and not self._settle.isActive() and self._job is None:
                self._settle.start()
            return
        if transform is None:
            self._render_now()
        elif not current:
            self._settle.start()

    def paint_frame(self, p: QPainter) -> None:
        """One frame from the caches: the cached images (shifted / scaled to the current view
        while it moves), then selection, hover and the map furniture."""
        transform = self._cache_transform()
        v = self.view
        if transform is None or self._frame is None:
            p.fillRect(QRectF(0, 0, v.width, v.height), QColor(self.renderer.style.background))
            if self._job is not None:
                p.setPen(QColor("#8d9aab"))
                p.drawText(
                    QRectF(0, 0, v.width, v.height),
                    Qt.AlignmentFlag.AlignCenter,
                    self.tr("Drawing the map…"),
                )
        elif transform.isIdentity():
            p.drawImage(QPointF(0, 0), self._frame.image)
        elif transform.m11() == 1.0:  # panning: shift the image, fill the strips it uncovers
            dx, dy = transform.dx(), transform.dy()
            bg = QColor(self.renderer.style.background)
            if dx > 0:
                p.fillRect(QRectF(0, 0, dx, v.height), bg)
            elif dx < 0:
                p.fillRect(QRectF(v.width + dx, 0, -dx, v.height), bg)
            if dy > 0:
                p.fillRect(QRectF(0, 0, v.width, dy), bg)
            elif dy < 0:
                p.fillRect(QRectF(0, v.height + dy, v.width, -dy), bg)
            p.drawImage(QPointF(round(dx), round(dy)), self._frame.image)
        else:  # mid-zoom: a scaled preview until the re-render lands
            p.fillRect(QRectF(0, 0, v.width, v.height), QColor(self.renderer.style.background))
            p.setTransform(transform)
            p.drawImage(QPointF(0, 0), self._frame.image)
            p.resetTransform()
        for draw in self.overlays:
            draw(p, v)
        self.renderer.render_selection(p, v, self._hover)
        if self.marker is not None:
            self._paint_marker(p)
        self.renderer.render_overlays(p, v)
        if self._band is not None:
            self._paint_band(p)
        if self.edit_tool is not None:
            self.edit_tool.paint(p, v)

    def set_marker(self, x: float, y: float, text: str = "") -> None:
        """Pin a position (world metres), e.g. a coordinate typed into the search box."""
        self.marker = (float(x), float(y), text)
        self.update()

    def clear_marker(self) -> None:
        self.marker = None
        self.update()

    def _paint_marker(self, p: QPainter) -> None:
        assert self.marker is not None
        x, y, text = self.marker
        sx, sy = self.view.world_to_screen(x, y)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        c = QColor(self.renderer.style.selection_colour)
        p.setPen(QPen(QColor("#0a0f15"), 4.0))
        p.drawLine(QPointF(sx - 12, sy), QPointF(sx + 12, sy))
        p.drawLine(QPointF(sx, sy - 12), QPointF(sx, sy + 12))
        p.setPen(QPen(c, 2.0))
        p.drawLine(QPointF(sx - 12, sy), QPointF(sx + 12, sy))
        p.drawLine(QPointF(sx, sy - 12), QPointF(sx, sy + 12))
        p.drawEllipse(QPointF(sx, sy), 6.0, 6.0)
        if text:
            p.setFont(self.renderer.overlay_font)
            p.setPen(QColor("#0a0f15"))
            p.drawText(QPointF(sx + 11, sy - 9), text)
            p.setPen(c)
            p.drawText(QPointF(sx + 10, sy - 10), text)
        p.restore()

    def _paint_band(self, p: QPainter) -> None:
        assert self._band is not None
        c = QColor(self.renderer.style.selection_colour)
        fill = QColor(c)
        fill.setAlphaF(0.12)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(
            c, 1.5, Qt.PenStyle.DashLine if self._drag_mode == "select" else Qt.PenStyle.SolidLine
        )
        p.setPen(pen)
        p.setBrush(fill)
        p.drawRect(self._band.normalized())

    def render_to_image(self, size: QSize | None = None, dpr: float = 1.0) -> QImage:
        """The current view rendered off-screen at `size` (default: the widget size)."""
        self.ensure_fitted()
        size = size or self.size()
        view = MapViewState(self.view.cx, self.view.cy, self.view.mpp, size.width(), size.height())
        if size != self.size():  # keep the same ground extent visible
            view.zoom_to_extent(self.view.visible_bbox(), margin=0.0)
        img = QImage(
            int(size.width() * dpr),
            int(size.height() * dpr),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        img.setDevicePixelRatio(dpr)
        p = QPainter(img)
        self.renderer.render(p, view, self.model.now())
        p.end()
        return img

    # ------------------------------------------------------------------ interaction
    def set_tool(self, tool: str) -> None:
        """What a plain left drag does: pan (default), zoom to a box, select a rectangle."""
        self.tool = tool
        self.setCursor(
            Qt.CursorShape.CrossCursor if tool != Tool.PAN else Qt.CursorShape.ArrowCursor
        )

    @property
    def drag_mode(self) -> str | None:
        """What the left button is doing: None (not dragging yet), "pan", "zoom_box",
        "select" -- a tool's release handler tells a click from the end of a pan by it."""
        return self._drag_mode

    def end_press(self) -> None:
        """Forget the press in progress (a tool consumed its release)."""
        self._press_pos = None
        self._last_drag_pos = None
        self._drag_mode = None
        self._band = None

    def set_edit_tool(self, tool: CanvasTool | None) -> None:
        """Give mouse and key events to `tool` first (None: plain map navigation)."""
        if self.edit_tool is not None:
            self.edit_tool.leave(self)
        self.edit_tool = tool
        self._hover = None
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps == 0:
            return
        pos = event.position()
        self.view.zoom_at(WHEEL_STEP**steps, pos.x(), pos.y())
        event.accept()

    def _drag_kind(self, modifiers: Qt.KeyboardModifier) -> str:
        if modifiers & Qt.KeyboardModifier.ShiftModifier:
            return "zoom_box"
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            return "select"
        return {Tool.ZOOM_BOX: "zoom_box", Tool.SELECT: "select"}.get(self.tool, "pan")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.edit_tool is not None and self.edit_tool.mouse_press(self, event):
            self._press_pos = None
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos = event.position()
            self._last_drag_pos = event.position()
            self._drag_mode = None
            self._pending_kind = self._drag_kind(event.modifiers())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        wx, wy = self.view.screen_to_world(pos.x(), pos.y())
        self.cursor_moved.emit(wx, wy)
        if self.edit_tool is not None and self.edit_tool.mouse_move(self, event):
            return
        if self._press_pos is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if self._drag_mode is None:
                d = pos - self._press_pos
                if abs(d.x()) + abs(d.y()) >= DRAG_THRESHOLD_PX:
                    self._drag_mode = self._pending_kind
                    if self._drag_mode == "pan":
                        self.setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._drag_mode == "pan" and self._last_drag_pos is not None:
                d = pos - self._last_drag_pos
                self._last_drag_pos = pos
                self.view.pan(d.x(), d.y())
            elif self._drag_mode in ("zoom_box", "select"):
                self._band = QRectF(self._press_pos, pos)
                self.update()
            return
        self._hover_at(pos, event.globalPosition().toPoint())

    def _hover_at(self, pos: QPointF, global_pos: QPoint) -> None:
        hit = self.hit_at(pos)
        if hit != self._hover:
            self._hover = hit
            self.update()
        text = self.describe_feature(*hit) if hit is not None else ""
        if text:
            QToolTip.showText(global_pos, text, self)
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.edit_tool is not None and self.edit_tool.mouse_release(self, event):
            return
        if event.button() != Qt.MouseButton.LeftButton or self._press_pos is None:
            return
        mode = self._drag_mode
        start = self._press_pos
        self._press_pos = None
        self._last_drag_pos = None
        self._drag_mode = None
        band = self._band
        self._band = None
        self.unsetCursor() if self.tool == Tool.PAN else None
        if mode == "pan":
            self._settle.start(0)
            return
        if mode == "zoom_box" and band is not None:
            self.zoom_to_box(band)
            return
        if mode == "select" and band is not None:
            self.select_in_box(
                band, add=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            )
            return
        del start
        add = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        self.select_at(event.position(), add=add)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.edit_tool is not None and self.edit_tool.mouse_double_click(self, event):
            return
        if event.button() == Qt.MouseButton.LeftButton:
            pos = event.position()
            self.view.zoom_at(2.0, pos.x(), pos.y())

    def leaveEvent(self, event: object) -> None:
        self.cursor_left.emit()
        if self.edit_tool is not None:
            self.edit_tool.leave(self)
        QToolTip.hideText()
        if self._hover is not None:
            self._hover = None
            self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.edit_tool is not None and self.edit_tool.key_press(self, event):
            event.accept()
            return
        key = event.key()
        step_x, step_y = self.width() / 8.0, self.height() / 8.0
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.view.zoom_at(KEY_ZOOM)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.view.zoom_at(1.0 / KEY_ZOOM)
        elif key == Qt.Key.Key_Home:
            self.model.zoom_to_full_extent()
        elif key == Qt.Key.Key_Left:
            self.view.pan(step_x, 0)
        elif key == Qt.Key.Key_Right:
            self.view.pan(-step_x, 0)
        elif key == Qt.Key.Key_Up:
            self.view.pan(0, step_y)
        elif key == Qt.Key.Key_Down:
            self.view.pan(0, -step_y)
        elif key == Qt.Key.Key_Escape:
            if self._band is not None:
                self._band = None
                self._press_pos = None
                self._drag_mode = None
                self.update()
            else:
                self.model.clear_selection()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # ------------------------------------------------------------------ box zoom / select
    def zoom_to_box(self, rect: QRectF | QRect) -> None:
        """Show the screen rectangle as large as fits (a tiny box zooms in 2x there)."""
        r = QRectF(rect).normalized()
        if r.width() < 6 or r.height() < 6:
            c = r.center()
            self.view.zoom_at(2.0, c.x(), c.y())
            return
        self.view.zoom_to_screen_rect(r.left(), r.top(), r.right(), r.bottom())

    def select_in_box(self, rect: QRectF | QRect, add: bool = False) -> int:
        """Select the features in a screen rectangle (see MapModel.features_in_rect)."""
        r = QRectF(rect).normalized()
        x0, y1 = self.view.screen_to_world(r.left(), r.top())
        x1, y0 = self.view.screen_to_world(r.right(), r.bottom())
        hits = self.model.features_in_rect((x0, y0, x1, y1))
        if add:
            hits = self.model.selected_hits() + [h for h in hits if not self.model.is_selected(*h)]
        self.model.select_many(hits)
        self.rect_selected.emit(len(hits))
        return len(hits)

    # ------------------------------------------------------------------ picking
    def hit_at(self, pos: QPointF | QPoint) -> Hit | None:
        p = QPointF(pos)
        wx, wy = self.view.screen_to_world(p.x(), p.y())
        return self.model.hit_test(wx, wy, HIT_TOLERANCE_PX * self.view.mpp)

    def select_at(self, pos: QPointF | QPoint, add: bool = False) -> Hit | None:
        """Select what is under a screen position (or clear the selection); with `add`, the
        feature is added to (or removed from) the selection."""
        hit = self.hit_at(pos)
        if hit is None:
            if not add:
                self.model.clear_selection()
            return None
        if add:
            current = self.model.selected_hits()
            if hit in current:
                current.remove(hit)
                self.model.select_many(current)
            else:
                self.model.select_many([hit, *current])
        else:
            self.model.select(*hit)
        self.feature_clicked.emit(hit[0], hit[1])
        return hit

    def screen_pos_of(self, layer_id: str, feature_id: int) -> QPointF:
        """Where a point feature is on screen (or the centre of a polygon's envelope)."""
        b = self.model.feature_bounds(layer_id, feature_id)
        x, y = self.view.world_to_screen((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0)
        return QPointF(x, y)

    def tooltip_text_at(self, pos: QPointF | QPoint) -> str:
        hit = self.hit_at(pos)
        if hit is None:
            return ""
        return self.describe_feature(*hit)

    def describe_feature(self, layer_id: str, feature_id: int) -> str:
        rec = self.model.record(layer_id, feature_id)
        text = self._describe(layer_id, feature_id, rec)
        d = self.model.layer_data(layer_id)
        out = self.model.outside_town(layer_id) if d.geometry_type.value == "point" else None
        if out is not None and len(out) and out[d.index_of[int(feature_id)]]:
            text += "\n" + self.tr("Outside the town boundary: check the position")
        return text

    def _describe(self, layer_id: str, feature_id: int, rec: object) -> str:
        if isinstance(rec, CaseFeature):
            return self._describe_case(rec, self.model.now())
        if isinstance(rec, GridFeature):
            if layer_id == LayerId.TOWN:
                return self.tr("Town · {name}").format(name=rec.name)
            th = self.model.thematic
            extra = ""
            if th is not None and th.layer_id == layer_id:
                from desktop.map.legend import thematic_field_title

                k = self.model.layer_data(layer_id).index_of[int(feature_id)]
                v = th.values[k]
                value = "—" if v != v else (f"{v:.0f}" if th.classification.integer else f"{v:.1f}")
                extra = "\n" + f"{thematic_field_title(th.field)}: {value}"
            if layer_id == LayerId.RESPONSIBILITY:
                return (
                    self.tr("Responsibility grid {code}\n{name}").format(
                        code=rec.code, name=rec.name
                    )
                    + extra
                )
            parent = ""
            if rec.parent_id is not None and self.model.has_feature(
                LayerId.RESPONSIBILITY, rec.parent_id
            ):
                parent = self.model.record(LayerId.RESPONSIBILITY, rec.parent_id).name
            text = self.tr("Management grid {code}\n{name}").format(code=rec.code, name=rec.name)
            if parent:
                text += "\n" + self.tr("In responsibility grid: {name}").format(name=parent)
            return text + extra
        if isinstance(rec, PointFeature):
            text = f"{labels.kind_label(rec.kind)} · {rec.name}"
            if rec.qr_code:
                state = self.tr("in use") if rec.qr_active else self.tr("not yet in use")
                text += "\n" + self.tr("QR code {code} ({state})").format(
                    code=rec.qr_code, state=state
                )
            return text
        if layer_id == LayerId.MEETINGS and rec is not None:
            from desktop.map.meeting_layer import describe_meeting

            return describe_meeting(rec)
        return str(feature_id)

    def _describe_case(self, case: CaseFeature, now: datetime) -> str:
        head = self.tr("Case {number}").format(number=case.number)
        if case.urgent:
            head += "  " + self.tr("[urgent]")
        lines = [
            head,
            f"{case.category_name} · {labels.state_label(case.state)}",
            labels.countdown_text(case.deadline_at, now),
        ]
        if case.source:
            lines.append(
                self.tr("Source: {source}").format(source=labels.source_label(case.source))
            )
        return "\n".join(lines)

    def visible_world_rect(self) -> QRectF:
        x0, y0, x1, y1 = self.view.visible_bbox()
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def closeEvent(self, event: Any) -> None:
        self._cancel_job()
        self._cancel_prefetch()
        self._pool.waitForDone(2000)
        super().closeEvent(event)
