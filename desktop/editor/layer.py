"""The editor's live grid layer: the edit session's polygons drawn over the map's other
layers, with what the editor needs to see -- changed grids, the selection, the problems of
the validation, and the vertices when zoomed in close enough to grab them.

It is a canvas overlay (`MapCanvas.overlays`): a callable drawing into the frame. The
drawing is cached as one image per (view, controller revision), so hover frames and the
tool's rubber bands cost a blit; a gesture, a selection change or a new validation bumps
the revision. Only grids meeting the view are drawn (a numpy bbox cull over the session).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QImage, QPainter, QPainterPath, QPen
from shapely.geometry.base import BaseGeometry

from desktop import theme
from desktop.app import ui_font
from desktop.editor.controller import EditorController
from desktop.map.qpath import path_from_arrays, polygonf_from_arrays
from desktop.map.renderer import stroke_path
from gis.editing import EditGrid, same_geometry
from gis.mapmodel import MapViewState
from gis.validation import MANAGEMENT, RESPONSIBILITY, Severity

OVERVIEW_ABOVE = 3000  # more management grids in view than this: draw the overview only
LABEL_BUCKET_PX = 128  # screen cells of the label collision check
PAN_MARGIN = 320  # pixels drawn beyond each edge of the view, so pans blit
VERTEX_MAX_MPP = 6.0  # vertices are drawn (and grabbable) from this scale in
LABEL_MAX_MPP = 9.0  # management grid codes are labelled from this scale in

RESP_OUTLINE = "#e6edf5"
MGMT_OUTLINE = "#9fb4ca"
MGMT_FILL = "#4e79a7"
CHANGED = theme.WARN_COLOUR  # grids that differ from what was loaded
SELECTED = "#3fd0ff"
ERROR = theme.OVERDUE_COLOUR
WARNING = "#f2d13b"
VERTEX = "#f4f7fb"
HISTORY_BEFORE = "#ff6b5e"  # a version's grids as they were (dashed)
HISTORY_AFTER = "#5fd68a"  # and as they became


def _rings_xy(geoms: list[object], view: MapViewState) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Screen x, y and ring-start flags of every ring of the polygons (one batch)."""
    arr = np.asarray(geoms, dtype=object)
    rings = shapely.get_rings(arr)
    if len(rings) == 0:
        return np.zeros(0), np.zeros(0), np.zeros(0, bool)
    coords, ring_index = shapely.get_coordinates(rings, return_index=True)
    starts = np.ones(len(coords), dtype=bool)
    starts[1:] = ring_index[1:] != ring_index[:-1]
    sx, sy = view.world_to_screen(coords[:, 0], coords[:, 1])
    return np.asarray(sx), np.asarray(sy), starts


def _path(geoms: list[object], view: MapViewState) -> QPainterPath:
    sx, sy, starts = _rings_xy(geoms, view)
    return path_from_arrays(sx, sy, starts)


def _draw(
    p: QPainter,
    path: QPainterPath,
    outline: str | None,
    width: float,
    *,
    fill: str | None = None,
    fill_alpha: float = 0.0,
    dash: bool = False,
) -> None:
    """Fill (translucent) and stroke one batched path with a cosmetic pen."""
    if fill is not None:
        colour = QColor(fill)
        colour.setAlphaF(fill_alpha)
        # fills without antialiasing (as the map renderer does): the outline stroked over
        # them hides the edge, and an antialiased fill of a large area costs several times more
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.fillPath(path, colour)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if outline is None:
        return
    if dash:
        # Qt dashes only through its general stroker: keep dashed outlines one pixel wide
        pen = QPen(QColor(outline), min(width, 1.3), Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        p.strokePath(path, pen)
    else:
        stroke_path(p, path, QColor(outline), width)  # wide lines as offset hairlines: fast


class EditLayer:
    """Draws the controller's session; install with `canvas.overlays.append(layer)`."""

    def __init__(self, controller: EditorController) -> None:
        self.controller = controller
        self._image: QImage | None = None
        self._key: tuple[object, ...] | None = None
        self._origin: tuple[float, float] = (0.0, 0.0)  # world position of the image's corner
        self.label_font = ui_font(10.0, bold=True)
        self.resp_font = ui_font(12.0, bold=True)
        self.show_vertices = True
        self.overview = False  # the last paint showed only responsibility grids (zoom in)
        self.history: list[tuple[BaseGeometry | None, BaseGeometry | None]] = []  # a version shown
        self._history_rev = 0

    def set_history(self, pairs: list[tuple[BaseGeometry | None, BaseGeometry | None]]) -> None:
        """Show a boundary version's grids (before, after; EPSG:4549) over the session."""
        self.history = list(pairs)
        self._history_rev += 1

    # ------------------------------------------------------------------ culling
    def visible_keys(self, view: MapViewState) -> list[int]:
        """The session's grids meeting the view (the session's own bbox index)."""
        session = self.controller.session
        return [] if session is None else session.keys_in(view.visible_bbox(8.0))

    # ------------------------------------------------------------------ drawing
    def __call__(self, p: QPainter, view: MapViewState) -> None:
        """Blit the cached layer image; it is drawn PAN_MARGIN pixels larger than the view on
        every side, so a pan is a shifted blit until it leaves that margin."""
        c = self.controller
        key = (view.mpp, view.width, view.height, c.revision, id(c.issues), len(c.issues),
               self.show_vertices, self._history_rev)
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        m = PAN_MARGIN
        offset: tuple[float, float] | None = None
        if self._image is not None and self._key == key and self._image.devicePixelRatioF() == dpr:
            # where the image's top-left corner (a world point) lands on the screen now
            sx, sy = view.world_to_screen(*self._origin)
            if -2 * m <= sx <= 0 and -2 * m <= sy <= 0:
                offset = (round(sx), round(sy))
        if offset is None:
            big = MapViewState(view.cx, view.cy, view.mpp, view.width + 2 * m, view.height + 2 * m)
            img = QImage(
                max(1, round(big.width * dpr)), max(1, round(big.height * dpr)),
                QImage.Format.Format_ARGB32_Premultiplied,
            )
            img.setDevicePixelRatio(dpr)
            img.fill(Qt.GlobalColor.transparent)
            q = QPainter(img)
            try:
                self.paint(q, big)
            finally:
                q.end()
            self._image, self._key = img, key
            self._origin = big.screen_to_world(0.0, 0.0)
            offset = (-m, -m)
        assert self._image is not None
        p.drawImage(QPointF(*offset), self._image)

    def paint(self, p: QPainter, view: MapViewState) -> None:
        """Everything of the layer, uncached (the cache calls this)."""
        session = self.controller.session
        if session is None:
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        keys = self.visible_keys(view)
        grids = [session.grids[k] for k in keys]
        mgmt = [g for g in grids if g.level == MANAGEMENT]
        resp = [g for g in grids if g.level == RESPONSIBILITY]
        self.overview = len(mgmt) > OVERVIEW_ABOVE
        if self.overview:
            # a city seen whole: the management grids are a few pixels each, too small to
            # edit and slow to draw one by one; show the responsibility grids until zoomed in
            grids = [g for g in grids if g.level == RESPONSIBILITY or g.key in self.controller.selected]
            mgmt = []

        # management grids: a light fill and thin outlines
        if mgmt:
            _draw(p, _path([g.geometry for g in mgmt], view), MGMT_OUTLINE, 1.0, fill=MGMT_FILL, fill_alpha=0.16)
        # responsibility grids: strong outlines over the management grids
        if resp:
            _draw(p, _path([g.geometry for g in resp], view), RESP_OUTLINE, 2.2)
        # grids that differ from what was loaded, in amber: the pending work (a light fill
        # only for management grids, or a changed village would tint half the map)
        changed = [
            g for g in grids
            if (old := session.loaded(g.key)) is None or not same_geometry(old.geometry, g.geometry)
        ]
        changed_mgmt = [g.geometry for g in changed if g.level == MANAGEMENT]
        if changed_mgmt:
            hatch = QColor(CHANGED)
            hatch.setAlphaF(0.45)
            p.fillPath(_path(changed_mgmt, view), QBrush(hatch, Qt.BrushStyle.BDiagPattern))
        if changed:
            _draw(p, _path([g.geometry for g in changed], view), CHANGED, 2.0, dash=True)
        self._paint_issues(p, view)
        self._paint_selection(p, view)
        if self.show_vertices and view.mpp <= VERTEX_MAX_MPP:
            self._paint_vertices(p, view, grids)
        self._paint_labels(p, view, mgmt, resp)
        if self.history:
            self._paint_history(p, view)

    def _paint_history(self, p: QPainter, view: MapViewState) -> None:
        befores = [b for b, _ in self.history if b is not None and not b.is_empty]
        afters = [a for _, a in self.history if a is not None and not a.is_empty]
        if afters:
            parts = [part for a in afters for part in shapely.get_parts(a)]
            _draw(p, _path(parts, view), HISTORY_AFTER, 2.6, fill=HISTORY_AFTER, fill_alpha=0.18)
        if befores:
            parts = [part for b in befores for part in shapely.get_parts(b)]
            _draw(p, _path(parts, view), HISTORY_BEFORE, 2.2, dash=True)

    def _paint_selection(self, p: QPainter, view: MapViewState) -> None:
        session = self.controller.session
        assert session is not None
        sel = [session.grids[k].geometry for k in self.controller.selected if k in session.grids]
        if not sel:
            return
        path = _path(sel, view)
        fill = QColor(SELECTED)
        fill.setAlphaF(0.22)
        p.fillPath(path, fill)
        glow = QColor(SELECTED)
        glow.setAlphaF(0.35)
        pen = QPen(glow, 7.0)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.strokePath(path, pen)
        pen = QPen(QColor(SELECTED), 2.4)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.strokePath(path, pen)

    def _paint_issues(self, p: QPainter, view: MapViewState) -> None:
        x0, y0, x1, y1 = view.visible_bbox(20.0)
        for issue in self.controller.issues:
            bx0, by0, bx1, by1 = issue.bbox
            if bx0 > x1 or bx1 < x0 or by0 > y1 or by1 < y0:
                continue
            colour = QColor(ERROR if issue.severity == Severity.ERROR else WARNING)
            geom = issue.geometry
            if geom is not None and not geom.is_empty and geom.geom_type in ("Polygon", "MultiPolygon"):
                path = _path(list(shapely.get_parts(geom)), view)
                fill = QColor(colour)
                fill.setAlphaF(0.45)
                p.fillPath(path, QBrush(fill, Qt.BrushStyle.SolidPattern))
                pen = QPen(colour, 1.6)
                pen.setCosmetic(True)
                p.strokePath(path, pen)
            elif geom is not None and not geom.is_empty and "LineString" in geom.geom_type:
                coords, idx = shapely.get_coordinates(shapely.get_parts(geom), return_index=True)
                sx, sy = view.world_to_screen(coords[:, 0], coords[:, 1])
                starts = np.ones(len(coords), dtype=bool)
                starts[1:] = idx[1:] != idx[:-1]
                pen = QPen(colour, 3.0)
                pen.setCosmetic(True)
                p.strokePath(path_from_arrays(np.asarray(sx), np.asarray(sy), starts), pen)
            # a ring marker, so even a problem of a few square metres is seen at any scale
            sx0, sy0 = view.world_to_screen(*issue.location)
            pen = QPen(colour, 2.4)
            pen.setCosmetic(True)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(QPointF(sx0, sy0), 11.0, 11.0)
            p.drawLine(QPointF(sx0, sy0 - 16), QPointF(sx0, sy0 - 7))
            p.drawLine(QPointF(sx0, sy0 + 7), QPointF(sx0, sy0 + 16))
            p.drawLine(QPointF(sx0 - 16, sy0), QPointF(sx0 - 7, sy0))
            p.drawLine(QPointF(sx0 + 7, sy0), QPointF(sx0 + 16, sy0))

    def _paint_vertices(self, p: QPainter, view: MapViewState, grids: list[EditGrid]) -> None:
        if not grids:
            return
        coords = shapely.get_coordinates(np.asarray([g.geometry for g in grids], dtype=object))
        coords = np.unique(np.round(coords, 6), axis=0)
        sx, sy = view.world_to_screen(coords[:, 0], coords[:, 1])
        inside = (sx >= -4) & (sx <= view.width + 4) & (sy >= -4) & (sy <= view.height + 4)
        sx, sy = np.asarray(sx)[inside], np.asarray(sy)[inside]
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(QColor("#0a0f15"), 6.0)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        p.setPen(pen)
        pts = polygonf_from_arrays(sx, sy)
        p.drawPoints(pts)
        pen = QPen(QColor(VERTEX), 4.0)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        p.setPen(pen)
        p.drawPoints(pts)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)

    def _paint_labels(self, p: QPainter, view: MapViewState, mgmt: list[EditGrid], resp: list[EditGrid]) -> None:
        """Codes (and names when there is room) at each grid's inner point; a label that
        would overlap one already placed is left out. Placed labels are kept in screen
        buckets, so each new one is checked against its neighbours only."""
        buckets: dict[tuple[int, int], list[QRectF]] = defaultdict(list)
        todo = list(resp) + (list(mgmt) if view.mpp <= LABEL_MAX_MPP else [])
        metrics = {id(self.resp_font): QFontMetricsF(self.resp_font), id(self.label_font): QFontMetricsF(self.label_font)}
        for g in todo:
            is_resp = g.level == RESPONSIBILITY
            font = self.resp_font if is_resp else self.label_font
            pt = g.geometry.representative_point()
            sx, sy = view.world_to_screen(pt.x, pt.y)
            if not (0 <= sx <= view.width and 0 <= sy <= view.height):
                continue
            text = f"{g.name}" if is_resp else f"{g.code[-2:]} {g.name}"
            fm = metrics[id(font)]
            w, h = fm.horizontalAdvance(text) + 8, fm.height() + 2
            box = QRectF(sx - w / 2, sy - h / 2, w, h)
            cells = [
                (cx, cy)
                for cx in range(int(box.left() // LABEL_BUCKET_PX), int(box.right() // LABEL_BUCKET_PX) + 1)
                for cy in range(int(box.top() // LABEL_BUCKET_PX), int(box.bottom() // LABEL_BUCKET_PX) + 1)
            ]
            if any(box.intersects(r) for cell in cells for r in buckets.get(cell, ())):
                continue
            for cell in cells:
                buckets[cell].append(box)
            p.setFont(font)
            p.setPen(QPen(QColor("#0a0f15"), 1))
            for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                p.drawText(box.translated(dx, dy), Qt.AlignmentFlag.AlignCenter, text)
            p.setPen(QColor(theme.ACCENT if is_resp else "#e8eef5"))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
