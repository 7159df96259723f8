"""The editor's canvas tools (desktop.map.canvas.CanvasTool): they turn mouse gestures into
EditSession gestures through the controller. One mouse gesture is one session gesture, so
one undo step, however many polygons it touched.

- `VertexTool` (the default, as QGIS's vertex tool): hovering shows the vertex or the edge
  midpoint under the pointer (within a tolerance in pixels); dragging a vertex moves it in
  every grid that has it (topological), snapping to other vertices and edges; dragging a
  midpoint adds a vertex there; Delete (or a right click) removes the hovered vertex; a
  click elsewhere selects the grid under the pointer (Ctrl+click adds to the selection).
- `DrawTool`, `SplitTool`, `ReshapeTool`: click to place vertices (snapped), Backspace
  removes the last one, Enter / double click / right click finishes, Escape cancels. A drag
  still pans, so the map can be moved while digitising.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import shapely
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QToolTip
from shapely.geometry import LineString, Polygon

from desktop.editor.layer import VERTEX_MAX_MPP
from desktop.map.canvas import CanvasTool
from gis.editing import Snap, snap_tolerance_m
from gis.mapmodel import MapViewState

if TYPE_CHECKING:
    from desktop.editor.controller import EditorController
    from desktop.map.canvas import MapCanvas

SNAP_PX = 10.0  # default snapping tolerance in screen pixels (the toolbar sets it)
GRAB_PX = 8.0  # a vertex or midpoint this close to the pointer can be grabbed
CLICK_PX = 3.0  # a release this close to the press is a click, not a drag

HOVER = "#ffd34d"
SNAP_TARGET = "#ff5cf0"
RUBBER = "#3fd0ff"

XY = tuple[float, float]


def _world(canvas: MapCanvas, event: QMouseEvent) -> XY:
    pos = event.position()
    x, y = canvas.view.screen_to_world(pos.x(), pos.y())
    return float(x), float(y)


def _paint_snap(p: QPainter, view: MapViewState, snap: Snap, colour: str) -> None:
    sx, sy = view.world_to_screen(snap.x, snap.y)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor("#0a0f15"), 5.0))
    if snap.kind == "vertex":
        p.drawRect(sx - 6, sy - 6, 12, 12)
        p.setPen(QPen(QColor(colour), 2.5))
        p.drawRect(sx - 6, sy - 6, 12, 12)
    elif snap.kind == "midpoint":
        p.drawEllipse(QPointF(sx, sy), 7, 7)
        p.setPen(QPen(QColor(colour), 2.5))
        p.drawEllipse(QPointF(sx, sy), 7, 7)
        p.drawLine(QPointF(sx - 4, sy), QPointF(sx + 4, sy))
        p.drawLine(QPointF(sx, sy - 4), QPointF(sx, sy + 4))
    else:  # a point on an edge
        p.drawLine(QPointF(sx - 7, sy - 7), QPointF(sx + 7, sy + 7))
        p.drawLine(QPointF(sx - 7, sy + 7), QPointF(sx + 7, sy - 7))
        p.setPen(QPen(QColor(colour), 2.5))
        p.drawLine(QPointF(sx - 7, sy - 7), QPointF(sx + 7, sy + 7))
        p.drawLine(QPointF(sx - 7, sy + 7), QPointF(sx + 7, sy - 7))


class EditorTool(CanvasTool):
    """What every editor tool shares: the controller and snapping."""

    name = "tool"

    def __init__(self, controller: EditorController) -> None:
        self.controller = controller
        self.canvas: MapCanvas | None = None

    def tolerance(self, view: MapViewState) -> float:
        """How far (metres) the pointer snaps: the controller's pixel tolerance at this scale."""
        return snap_tolerance_m(self.controller.snap_pixels, view.mpp)

    def grab_tolerance(self, view: MapViewState) -> float:
        return snap_tolerance_m(max(GRAB_PX, self.controller.snap_pixels), view.mpp)

    def snapped(self, x: float, y: float, view: MapViewState, exclude: XY | None = None) -> Snap | None:
        """Snap to a vertex or an edge of any grid (both levels), ignoring `exclude` (the
        vertex being dragged) and the edges that end at it."""
        session = self.controller.session
        if session is None:
            return None
        tol = self.tolerance(view)
        if tol <= 0:
            return None  # snapping switched off
        snap = session.snap(x, y, tol)
        if snap is None or exclude is None:
            return snap
        near = 1e-6
        if snap.kind == "vertex" and math.dist(snap.xy, exclude) < near:
            snap = session.snap(x, y, tol, vertices=False)
        if snap is not None and snap.segment is not None and any(
            math.dist(end, exclude) < near for end in snap.segment
        ):
            return None
        return snap

    def update(self) -> None:
        if self.canvas is not None:
            self.canvas.update()

    def leave(self, canvas: MapCanvas) -> None:
        QToolTip.hideText()


class VertexTool(EditorTool):
    name = "vertex"

    def __init__(self, controller: EditorController) -> None:
        super().__init__(controller)
        self.hover: Snap | None = None
        self.drag_from: Snap | None = None
        self.drag_to: XY | None = None
        self.target: Snap | None = None
        self._press: QPointF | None = None
        self._anchors: list[XY] = []  # the dragged vertex's neighbours (rubber lines)

    # -- hover
    def _hover_at(self, canvas: MapCanvas, event: QMouseEvent) -> None:
        session = self.controller.session
        view = canvas.view
        hover = None
        if session is not None and view.mpp <= VERTEX_MAX_MPP:
            x, y = _world(canvas, event)
            hover = session.hover(x, y, self.grab_tolerance(view))
        if hover != self.hover:
            self.hover = hover
            canvas.update()
        if hover is None:
            canvas.unsetCursor()
            return
        canvas.setCursor(
            Qt.CursorShape.SizeAllCursor if hover.kind == "vertex" else Qt.CursorShape.CrossCursor
        )
        codes = "、".join(self.controller.code_of(k) for k in hover.keys)
        tip = (
            QCoreApplication.translate("EditorTools", "Vertex of %1 — drag to move, Delete to remove").replace("%1", codes)
            if hover.kind == "vertex"
            else QCoreApplication.translate("EditorTools", "Edge of %1 — drag to add a vertex").replace("%1", codes)
        )
        QToolTip.showText(event.globalPosition().toPoint(), tip, canvas)

    # -- events
    def mouse_move(self, canvas: MapCanvas, event: QMouseEvent) -> bool:
        self.canvas = canvas
        if self.drag_from is not None:
            x, y = _world(canvas, event)
            self.target = self.snapped(x, y, canvas.view, exclude=self.drag_from.xy if self.drag_from.kind == "vertex" else None)
            self.drag_to = self.target.xy if self.target is not None else (x, y)
            canvas.update()
            return True
        self._hover_at(canvas, event)
        return self.hover is not None

    def mouse_press(self, canvas: MapCanvas, event: QMouseEvent) -> bool:
        self.canvas = canvas
        if self.controller.session is None or not self.controller.ready:
            return False
        if event.button() == Qt.MouseButton.RightButton and self.hover is not None and self.hover.kind == "vertex":
            self.controller.do("delete_vertex", self.hover.xy)
            self.hover = None
            canvas.update()
            return True
        if event.button() != Qt.MouseButton.LeftButton or self.hover is None:
            return False
        self.drag_from = self.hover
        self.drag_to = self.hover.xy
        self.target = None
        self._press = event.position()
        self._anchors = self._neighbours_of(self.hover)
        QToolTip.hideText()
        return True

    def mouse_release(self, canvas: MapCanvas, event: QMouseEvent) -> bool:
        if event.button() == Qt.MouseButton.LeftButton and self.drag_from is not None:
            start, dst, press = self.drag_from, self.drag_to, self._press
            self._reset_drag()
            moved = press is not None and (event.position() - press).manhattanLength() > CLICK_PX
            if start.kind == "vertex":
                if moved and dst is not None:
                    self.controller.do("move_vertex", start.xy, dst)
            elif start.kind == "midpoint":
                # a click on a midpoint adds the vertex there; a drag adds it where dropped
                self.controller.do("add_vertex", start.xy, move_to=dst if moved else None)
            self.hover = None
            canvas.update()
            return True
        if event.button() == Qt.MouseButton.LeftButton and canvas.drag_mode is None:
            # a plain click: select the grid under the pointer
            x, y = _world(canvas, event)
            g = self.controller.grid_at(x, y)
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if g is not None:
                    self.controller.toggle(g.key)
            else:
                self.controller.select([g.key] if g is not None else [])
            canvas.end_press()
            return True
        return False

    def key_press(self, canvas: MapCanvas, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape and self.drag_from is not None:
            self._reset_drag()
            canvas.update()
            return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.hover is not None and self.hover.kind == "vertex":
            self.controller.do("delete_vertex", self.hover.xy)
            self.hover = None
            canvas.update()
            return True
        return False

    def leave(self, canvas: MapCanvas) -> None:
        super().leave(canvas)
        if self.drag_from is None and self.hover is not None:
            self.hover = None
            canvas.update()

    def _reset_drag(self) -> None:
        self.drag_from = None
        self.drag_to = None
        self.target = None
        self._press = None
        self._anchors = []

    def _neighbours_of(self, snap: Snap) -> list[XY]:
        """The vertices joined to the grabbed vertex (or the midpoint's edge ends)."""
        if snap.kind != "vertex":
            return list(snap.segment or ())
        session = self.controller.session
        assert session is not None
        out: set[XY] = set()
        for k in snap.keys:
            g = session.grids.get(k)
            if g is None:
                continue
            for ring in shapely.get_rings(g.geometry):
                c = shapely.get_coordinates(ring)[:-1]
                n = len(c)
                for i in range(n):
                    if math.dist((c[i, 0], c[i, 1]), snap.xy) < 1e-6:
                        for j in (i - 1, (i + 1) % n):
                            out.add((float(c[j, 0]), float(c[j, 1])))
        return sorted(out)

    def paint(self, p: QPainter, view: MapViewState) -> None:
        p.save()
        if self.drag_from is not None and self.drag_to is not None:
            sx, sy = view.world_to_screen(*self.drag_to)
            pen = QPen(QColor(RUBBER), 1.6, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(pen)
            for ax, ay in self._anchors:
                a = view.world_to_screen(ax, ay)
                p.drawLine(QPointF(*a), QPointF(sx, sy))
            if self.target is not None:
                _paint_snap(p, view, self.target, SNAP_TARGET)
            else:
                p.setPen(QPen(QColor(RUBBER), 2.0))
                p.drawEllipse(QPointF(sx, sy), 4, 4)
        elif self.hover is not None:
            _paint_snap(p, view, self.hover, HOVER)
        p.restore()


class LineTool(EditorTool):
    """Digitise a line or polygon by clicks (snapped); subclasses finish it."""

    closed = False
    min_points = 2

    def __init__(self, controller: EditorController) -> None:
        super().__init__(controller)
        self.points: list[XY] = []
        self.shift = False  # Shift held when finishing
        self.cursor: XY | None = None
        self.target: Snap | None = None

    def _place(self, canvas: MapCanvas, event: QMouseEvent) -> XY:
        x, y = _world(canvas, event)
        snap = self.snapped(x, y, canvas.view)
        return snap.xy if snap is not None else (x, y)

    def mouse_move(self, canvas: MapCanvas, event: QMouseEvent) -> bool:
        self.canvas = canvas
        x, y = _world(canvas, event)
        self.target = self.snapped(x, y, canvas.view)
        self.cursor = self.target.xy if self.target is not None else (x, y)
        canvas.setCursor(Qt.CursorShape.CrossCursor)
        canvas.update()
        return False  # the canvas may still pan with a drag

    def mouse_press(self, canvas: MapCanvas, event: QMouseEvent) -> bool:
        self.canvas = canvas
        if event.button() == Qt.MouseButton.RightButton:
            self.finish(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            return True
        return False

    def mouse_release(self, canvas: MapCanvas, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or canvas.drag_mode is not None:
            return False
        xy = self._place(canvas, event)
        tol = self.grab_tolerance(canvas.view) / 4
        if not self.points or math.dist(self.points[-1], xy) > tol:
            self.points.append(xy)
        canvas.end_press()
        canvas.update()
        return True

    def mouse_double_click(self, canvas: MapCanvas, event: QMouseEvent) -> bool:
        if event.button() == Qt.MouseButton.LeftButton:
            self.finish(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            return True
        return False

    def key_press(self, canvas: MapCanvas, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            return True
        if key == Qt.Key.Key_Backspace and self.points:
            self.points.pop()
            canvas.update()
            return True
        if key == Qt.Key.Key_Escape and self.points:
            self.cancel()
            return True
        return False

    def cancel(self) -> None:
        self.points = []
        self.update()

    def finish(self, shift: bool = False) -> None:
        """Apply the line (Shift held: the tool's variant, e.g. draw into a gap only)."""
        self.shift = shift
        pts = list(self.points)
        if len(pts) < self.min_points:
            self.controller.refused.emit(self.too_short_text(), None)
            return
        if self.commit(pts):
            self.points = []
        self.update()

    def too_short_text(self) -> str:
        return QCoreApplication.translate("EditorTools", "Place at least two points.")

    def commit(self, points: list[XY]) -> bool:
        raise NotImplementedError  # every concrete tool says what its line does

    def paint(self, p: QPainter, view: MapViewState) -> None:
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pts = [QPointF(*view.world_to_screen(x, y)) for x, y in self.points]
        if self.cursor is not None and pts:
            pts_live = [*pts, QPointF(*view.world_to_screen(*self.cursor))]
        else:
            pts_live = pts
        if self.closed and len(pts_live) >= 3:
            fill = QColor(RUBBER)
            fill.setAlphaF(0.18)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(fill)
            p.drawPolygon(QPolygonF(pts_live))
        if len(pts_live) >= 2:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor("#0a0f15"), 4.5))
            p.drawPolyline(QPolygonF(pts_live))
            p.setPen(QPen(QColor(RUBBER), 2.2))
            p.drawPolyline(QPolygonF(pts_live))
            if self.closed and len(pts_live) >= 3:
                p.setPen(QPen(QColor(RUBBER), 1.4, Qt.PenStyle.DashLine))
                p.drawLine(pts_live[-1], pts_live[0])
        p.setPen(QPen(QColor("#0a0f15"), 1.5))
        p.setBrush(QColor(RUBBER))
        for q in pts:
            p.drawEllipse(q, 4.0, 4.0)
        if self.target is not None:
            _paint_snap(p, view, self.target, SNAP_TARGET)
        p.restore()


class DrawTool(LineTool):
    """Draw a new grid (of the editing level) as a polygon; it carves its area out of the
    neighbours. Finished with Shift held, it takes only area no grid covers (fills a gap)."""

    name = "draw"
    closed = True
    min_points = 3

    def too_short_text(self) -> str:
        return QCoreApplication.translate("EditorTools", "A grid needs at least three corners.")

    def commit(self, points: list[XY]) -> bool:
        poly = Polygon(points)
        if not poly.is_valid:
            poly = shapely.make_valid(poly)
            if poly.geom_type != "Polygon":
                self.controller.refused.emit(QCoreApplication.translate("EditorTools", "The outline crosses itself; draw it again."), None)
                return False
        return self.controller.do("draw_grid", poly, self.controller.level, mode="fill" if self.shift else "carve") is not None


class SplitTool(LineTool):
    """Split a grid with a line drawn across it (the selected grid, else the grid of the
    editing level the line runs through longest)."""

    name = "split"

    def commit(self, points: list[XY]) -> bool:
        line = LineString(points)
        key = self._target(line)
        if key is None:
            self.controller.refused.emit(QCoreApplication.translate("EditorTools", "Draw the line across the grid to split."), None)
            return False
        return self.controller.do("split_grid", key, line) is not None

    def _target(self, line: LineString) -> int | None:
        c = self.controller
        sel = [k for k in c.selected if (g := c.grid(k)) is not None and g.geometry.intersects(line)]
        if len(sel) == 1:
            return sel[0]
        along = c.grids_along(line)
        return along[0].key if along else None


class ReshapeTool(SplitTool):
    """Redraw part of a grid's boundary: a line leaving and re-entering it."""

    name = "reshape"

    def commit(self, points: list[XY]) -> bool:
        line = LineString(points)
        key = self._target(line)
        if key is None:
            self.controller.refused.emit(QCoreApplication.translate("EditorTools", "Draw the new boundary across the grid to reshape."), None)
            return False
        return self.controller.do("reshape", key, line) is not None
