"""The optional base map under the grids: tiles from gis.tiles, decoded and drawn with Qt.

Off by default. When switched on it opens the source the administrator set (an MBTiles file
or an XYZ/WMTS URL template); tiles are fetched and decoded (QImage, never QPixmap) in
worker threads and handed to the GUI thread with a queued signal, which re-renders the map.
Every problem -- nothing configured, a missing or broken file, no network, a refused key --
becomes a `BaseMapStatus`; the map keeps working and the layer panel and status bar say why
the base map is missing (`status_text`).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPolygonF, QTransform

from desktop.labels import QT_TRANSLATE_NOOP
from gis.mapmodel import MapModel, MapViewState
from gis.tiles import (
    TILE_SIZE,
    BaseMapConfig,
    BaseMapError,
    BaseMapStatus,
    StatusCode,
    TileCache,
    TileFetcher,
    TileKey,
    TileSource,
    cache_folder_for,
    open_source,
    tile_bounds,
    tiles_for,
    zoom_for,
)

MAX_TILES = 80
MAX_DECODED = 400

STATUS_TEXTS: dict[StatusCode, str] = {
    StatusCode.OFF: QT_TRANSLATE_NOOP("BaseMap", "Base map off"),
    StatusCode.NOT_CONFIGURED: QT_TRANSLATE_NOOP(
        "BaseMap", "No base map is set up; an administrator can set an MBTiles file or a tile URL"
    ),
    StatusCode.OK: QT_TRANSLATE_NOOP("BaseMap", "Base map: {detail}"),
    StatusCode.LOADING: QT_TRANSLATE_NOOP("BaseMap", "Loading the base map…"),
    StatusCode.BAD_FILE: QT_TRANSLATE_NOOP(
        "BaseMap", "Base map missing: the base map file cannot be read ({detail})"
    ),
    StatusCode.NO_NETWORK: QT_TRANSLATE_NOOP(
        "BaseMap", "Base map missing: the tile server cannot be reached ({detail})"
    ),
    StatusCode.REFUSED: QT_TRANSLATE_NOOP(
        "BaseMap", "Base map missing: the tile server refused the request; check the key ({detail})"
    ),
    StatusCode.BAD_TILE: QT_TRANSLATE_NOOP(
        "BaseMap", "Base map missing: the tiles are not images ({detail})"
    ),
    StatusCode.OUTSIDE: QT_TRANSLATE_NOOP("BaseMap", "The base map has no tiles here"),
}
SHORT_TEXTS: dict[StatusCode, str] = {
    StatusCode.OFF: QT_TRANSLATE_NOOP("BaseMap", "off"),
    StatusCode.NOT_CONFIGURED: QT_TRANSLATE_NOOP("BaseMap", "not set up"),
    StatusCode.OK: QT_TRANSLATE_NOOP("BaseMap", "on"),
    StatusCode.LOADING: QT_TRANSLATE_NOOP("BaseMap", "loading"),
    StatusCode.BAD_FILE: QT_TRANSLATE_NOOP("BaseMap", "bad file"),
    StatusCode.NO_NETWORK: QT_TRANSLATE_NOOP("BaseMap", "no network"),
    StatusCode.REFUSED: QT_TRANSLATE_NOOP("BaseMap", "refused"),
    StatusCode.BAD_TILE: QT_TRANSLATE_NOOP("BaseMap", "bad tiles"),
    StatusCode.OUTSIDE: QT_TRANSLATE_NOOP("BaseMap", "no tiles here"),
}


def status_text(status: BaseMapStatus) -> str:
    """The status in words (translated), e.g. for the status bar."""
    src = STATUS_TEXTS.get(status.code, "{detail}")
    return QCoreApplication.translate("BaseMap", src).format(detail=status.detail or "—")


def status_short(status: BaseMapStatus) -> str:
    src = SHORT_TEXTS.get(status.code, status.code.value)
    return QCoreApplication.translate("BaseMap", src)


class BaseMapLayer(QObject):
    """Tiles under the map, when configured and switched on."""

    changed = Signal()  # new tiles arrived: re-render
    status_changed = Signal(object)  # BaseMapStatus
    _tile_arrived = Signal()  # from worker threads (queued to the GUI thread)
    _status_from_worker = Signal(object)

    def __init__(
        self,
        config: BaseMapConfig | None = None,
        cache_dir: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config or BaseMapConfig()
        self.cache_dir = cache_dir
        self.enabled = False
        self.opacity = 0.75
        self.attribution = self.config.attribution
        self._fetcher: TileFetcher | None = None
        self._source: TileSource | None = None
        self._images: dict[TileKey, QImage] = {}
        self._lock = threading.Lock()
        self._generation = 0
        self.status = BaseMapStatus(
            StatusCode.OFF if self.config.configured else StatusCode.NOT_CONFIGURED
        )
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.changed.emit)
        self._tile_arrived.connect(self._debounce.start, Qt.ConnectionType.QueuedConnection)
        self._status_from_worker.connect(self._set_status, Qt.ConnectionType.QueuedConnection)

    @property
    def configured(self) -> bool:
        return self.config.configured

    def set_config(self, config: BaseMapConfig) -> None:
        was = self.enabled
        self.set_enabled(False)
        self.config = config
        self.attribution = config.attribution
        self._set_status(
            BaseMapStatus(StatusCode.OFF if config.configured else StatusCode.NOT_CONFIGURED)
        )
        if was:
            self.set_enabled(True)

    def set_enabled(self, on: bool) -> None:
        """Switch the base map on (opening its source) or off. Opening a bad source leaves it
        off with the reason in `status`."""
        if on == self.enabled and (not on or self._fetcher is not None):
            return
        if not on:
            self.enabled = False
            self._close()
            self._set_status(
                BaseMapStatus(StatusCode.OFF if self.configured else StatusCode.NOT_CONFIGURED)
            )
            self.changed.emit()
            return
        if not self.configured:
            self.enabled = False
            self._set_status(BaseMapStatus(StatusCode.NOT_CONFIGURED))
            return
        try:
            source = open_source(self.config)
        except BaseMapError as exc:
            self.enabled = False
            self._set_status(exc.status)
            return
        folder = None
        if self.cache_dir and self.config.kind.value == "url":
            folder = cache_folder_for(self.cache_dir, self.config)
        self._source = source
        self._fetcher = TileFetcher(
            source,
            on_tile=self._on_tile,
            on_status=self._status_from_worker.emit,
            cache=TileCache(capacity=1024, folder=folder),
        )
        if not self.attribution:
            self.attribution = str(getattr(source, "attribution", "") or "")
        self.enabled = True
        self._set_status(BaseMapStatus(StatusCode.OK, source.description))
        self.changed.emit()

    def _set_status(self, status: BaseMapStatus) -> None:
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)

    def _close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close(wait=False)
        self._fetcher = None
        self._source = None
        with self._lock:
            self._images.clear()

    def close(self) -> None:
        self.enabled = False
        self._close()

    # -- worker side
    def _on_tile(self, key: TileKey, data: bytes | None, generation: int) -> None:
        if data is None:
            return
        img = QImage.fromData(data)
        if img.isNull():
            self._status_from_worker.emit(BaseMapStatus(StatusCode.BAD_TILE, str(key)))
            return
        img = img.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        with self._lock:
            self._images[key] = img
            if len(self._images) > MAX_DECODED:
                for old in list(self._images)[: len(self._images) - MAX_DECODED]:
                    del self._images[old]
        self._tile_arrived.emit()

    def wait_idle(self, timeout_s: float = 5.0) -> bool:
        """Block until no tile is being fetched (tests, screenshots)."""
        import time

        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            if self._fetcher is None or self._fetcher.idle():
                return True
            time.sleep(0.01)
        return False

    # -- drawing (any thread)
    def render(self, p: QPainter, view: MapViewState, model: MapModel) -> int:
        """Draw the tiles the view needs that are at hand (asking for the others); returns
        how many were drawn."""
        fetcher = self._fetcher
        if not self.enabled or fetcher is None:
            return 0
        src = fetcher.source
        x0, y0, x1, y1 = view.visible_bbox()
        xs = [x0, (x0 + x1) / 2, x1, x1, x1, (x0 + x1) / 2, x0, x0]
        ys = [y0, y0, y0, (y0 + y1) / 2, y1, y1, y1, (y0 + y1) / 2]
        lons, lats = model.to_lonlat(xs, ys)
        west, east = float(min(lons)), float(max(lons))
        south, north = float(min(lats)), float(max(lats))
        lat_c = (south + north) / 2.0
        z = zoom_for(src.scheme, view.mpp, lat_c, src.min_zoom, src.max_zoom)
        keys = tiles_for(src.scheme, (west, south, east, north), z, MAX_TILES)
        self._generation += 1
        fetched = fetcher.request(keys, self._generation)
        drawn = 0
        p.save()
        p.setOpacity(self.opacity)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for key in keys:
            img = self._image(key, fetched.get(key))
            if img is None:
                img, key = self._ancestor(key)
                if img is None:
                    continue
            self._draw_tile(p, view, model, src.scheme, key, img)
            drawn += 1
        p.restore()
        return drawn

    def _image(self, key: TileKey, data: bytes | None) -> QImage | None:
        with self._lock:
            img = self._images.get(key)
        if img is None and data is not None:
            img = QImage.fromData(data)
            if img.isNull():
                return None
            with self._lock:
                self._images[key] = img
        return img

    def _ancestor(self, key: TileKey) -> tuple[QImage | None, TileKey]:
        """A lower-zoom tile covering this one (shown, scaled, until the real one comes)."""
        k = key
        for _ in range(4):
            if k.z <= 0:
                break
            k = TileKey(k.z - 1, k.x // 2, k.y // 2)
            with self._lock:
                img = self._images.get(k)
            if img is not None:
                return img, k
        return None, key

    def _draw_tile(
        self,
        p: QPainter,
        view: MapViewState,
        model: MapModel,
        scheme: object,
        key: TileKey,
        img: QImage,
    ) -> None:
        west, south, east, north = tile_bounds(scheme, key)  # type: ignore[arg-type]
        wx, wy = model.to_world([west, east, east, west], [north, north, south, south])
        sx, sy = view.world_to_screen(wx, wy)
        quad = QPolygonF([QPointF(float(a), float(b)) for a, b in zip(sx, sy, strict=True)])
        w, h = img.width(), img.height()
        src = QPolygonF([QPointF(0, 0), QPointF(w, 0), QPointF(w, h), QPointF(0, h)])
        t = QTransform()
        if not QTransform.quadToQuad(src, quad, t):
            return
        p.save()
        p.setTransform(t, combine=True)
        p.drawImage(QRectF(0, 0, w, h), img)
        p.restore()


__all__ = ["TILE_SIZE", "BaseMapLayer", "status_short", "status_text"]
