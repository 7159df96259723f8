"""MapCanvas: the interactive map widget. It draws a MapModel and never owns data.

Static layers (grid polygons, rivers) and the grid labels are rendered into two cached QImages
that are redrawn only when the scale, size, data or layers change; while panning or mid-zoom
the cached images are shifted/scaled as a preview and re-rendered once the view settles.
Points (from cached sprites) go between the two, the selection and overlays on top, at every
paint.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop import labels
from desktop.map.renderer import MapRenderer
from desktop.map.style import MapStyle
from desktop.qtutil import observe
from gis.features import CaseFeature, GridFeature, PointFeature
from gis.mapmodel import Hit, LayerId, MapModel, MapViewState

WHEEL_STEP = 1.25  # zoom factor per wheel notch
KEY_ZOOM = 1.5
DRAG_THRESHOLD_PX = 4
SETTLE_MS = 140  # re-render the static cache this long after the last pan/zoom step
HIT_TOLERANCE_PX = 8.0


class MapCanvas(QWidget):
    """Draws `model`; wheel zoom at the cursor, drag pan, keys, hover tooltips, click select."""

    cursor_moved = Signal(float, float)  # world x, y (EPSG:4549 metres)
    cursor_left = Signal()
    feature_clicked = Signal(str, int)  # layer id, feature id (after model.select)

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
        self._cache: QImage | None = None
        self._label_cache: QImage | None = None
        self._cache_view: tuple[float, float, float, int, int] | None = None
        self._cache_dirty = True
        self._fitted = False
        self._press_pos: QPointF | None = None
        self._last_drag_pos: QPointF | None = None
        self._dragging = False
        self.static_renders = 0  # how many times the static cache was rendered (tests, bench)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._on_settled)
        observe(self, model.data_changed, self._on_data_changed)
        observe(self, model.layers_changed, self._on_layers_changed)
        observe(self, model.view_changed, self._on_view_changed)
        observe(self, model.selection_changed, self._on_selection_changed)

    # ------------------------------------------------------------------ model events
    @property
    def view(self) -> MapViewState:
        return self.model.view

    def _on_data_changed(self) -> None:
        self.invalidate()

    def _on_layers_changed(self, _layer_id: str) -> None:
        self.invalidate()

    def _on_view_changed(self) -> None:
        self.update()

    def _on_selection_changed(self, _hit: object) -> None:
        self.update()

    def invalidate(self) -> None:
        """Re-render the static layers at the next paint."""
        self._cache_dirty = True
        self.update()

    def _on_settled(self) -> None:
        if self._dragging:
            self._settle.start()
            return
        if self._cache_view != self.view.state():
            self._cache_dirty = True
            self.update()

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

    # ------------------------------------------------------------------ painting
    def _render_cache(self) -> None:
        dpr = self.devicePixelRatioF()
        w, h = self.view.width, self.view.height
        img = QImage(int(w * dpr), int(h * dpr), QImage.Format.Format_ARGB32_Premultiplied)
        img.setDevicePixelRatio(dpr)
        p = QPainter(img)
        self.renderer.render_static(p, self.view)
        p.end()
        labels_img = QImage(img.size(), QImage.Format.Format_ARGB32_Premultiplied)
        labels_img.setDevicePixelRatio(dpr)
        labels_img.fill(Qt.GlobalColor.transparent)
        p = QPainter(labels_img)
        self.renderer.last_stats["labels"] = self.renderer.render_labels(p, self.view)
        p.end()
        self._cache = img
        self._label_cache = labels_img
        self._cache_view = self.view.state()
        self._cache_dirty = False
        self.static_renders += 1

    def flush(self) -> None:
        """Bring the static cache up to date now (before a grab or a benchmark frame)."""
        self.ensure_fitted()
        if self._cache_dirty or self._cache is None or self._cache_view != self.view.state():
            self._render_cache()
        self.update()

    def _cache_transform(self) -> QTransform | None:
        """Screen transform from the cached image to the current view (None: unusable)."""
        if self._cache is None or self._cache_view is None:
            return None
        cx0, cy0, mpp0, w0, h0 = self._cache_view
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
        transform = None
        if not self._cache_dirty:
            transform = self._cache_transform()
        if transform is None:
            self._render_cache()
            transform = QTransform()
        elif not transform.isIdentity():
            self._settle.start()
        p = QPainter(self)
        if not transform.isIdentity():
            p.fillRect(self.rect(), QColor(self.renderer.style.background))
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            p.setTransform(transform)
        assert self._cache is not None and self._label_cache is not None
        p.drawImage(QPointF(0, 0), self._cache)
        p.resetTransform()
        self.renderer.render_points(p, self.view, self.model.now())
        p.setTransform(transform)
        p.drawImage(QPointF(0, 0), self._label_cache)
        p.resetTransform()
        self.renderer.render_selection(p, self.view)
        self.renderer.render_overlays(p, self.view)
        p.end()

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
    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps == 0:
            return
        pos = event.position()
        self.view.zoom_at(WHEEL_STEP**steps, pos.x(), pos.y())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos = event.position()
            self._last_drag_pos = event.position()
            self._dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        wx, wy = self.view.screen_to_world(pos.x(), pos.y())
        self.cursor_moved.emit(wx, wy)
        if self._press_pos is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if not self._dragging:
                d = pos - self._press_pos
                if abs(d.x()) + abs(d.y()) >= DRAG_THRESHOLD_PX:
                    self._dragging = True
                    self.setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._dragging and self._last_drag_pos is not None:
                d = pos - self._last_drag_pos
                self._last_drag_pos = pos
                self.view.pan(d.x(), d.y())
            return
        text = self.tooltip_text_at(pos)
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press_pos is None:
            return
        was_drag = self._dragging
        self._press_pos = None
        self._last_drag_pos = None
        self._dragging = False
        self.unsetCursor()
        if was_drag:
            self._settle.start(0)
            return
        self.select_at(event.position())

    def leaveEvent(self, event: object) -> None:
        self.cursor_left.emit()
        QToolTip.hideText()

    def keyPressEvent(self, event: QKeyEvent) -> None:
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
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # ------------------------------------------------------------------ picking
    def hit_at(self, pos: QPointF | QPoint) -> Hit | None:
        p = QPointF(pos)
        wx, wy = self.view.screen_to_world(p.x(), p.y())
        return self.model.hit_test(wx, wy, HIT_TOLERANCE_PX * self.view.mpp)

    def select_at(self, pos: QPointF | QPoint) -> Hit | None:
        """Select what is under a screen position (or clear the selection)."""
        hit = self.hit_at(pos)
        if hit is None:
            self.model.clear_selection()
            return None
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
        if isinstance(rec, CaseFeature):
            return self._describe_case(rec, self.model.now())
        if isinstance(rec, GridFeature):
            if layer_id == LayerId.TOWN:
                return self.tr("Town · {name}").format(name=rec.name)
            if layer_id == LayerId.RESPONSIBILITY:
                return self.tr("Responsibility grid {code}\n{name}").format(
                    code=rec.code, name=rec.name
                )
            parent = ""
            if rec.parent_id is not None and self.model.has_feature(
                LayerId.RESPONSIBILITY, rec.parent_id
            ):
                parent = self.model.record(LayerId.RESPONSIBILITY, rec.parent_id).name
            text = self.tr("Management grid {code}\n{name}").format(code=rec.code, name=rec.name)
            if parent:
                text += "\n" + self.tr("In responsibility grid: {name}").format(name=parent)
            return text
        if isinstance(rec, PointFeature):
            text = f"{labels.kind_label(rec.kind)} · {rec.name}"
            if rec.qr_code:
                state = self.tr("in use") if rec.qr_active else self.tr("not yet in use")
                text += "\n" + self.tr("QR code {code} ({state})").format(
                    code=rec.qr_code, state=state
                )
            return text
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
