"""Draws a MapModel with QPainter: batched, culled, style by style.

Every polygon or line layer is drawn as one QPainterPath per style (management grids: one per
palette colour, then one outline path for the layer); point layers blit one cached sprite per
style. The renderer is independent of any widget, so the canvas, PNG export and benchmarks
share it. Paths are built in local world coordinates (metres from the data's south-west
corner, for float precision) and placed on screen by a QTransform with cosmetic pens.
"""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
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
from desktop.map.qpath import path_from_arrays
from desktop.map.style import GRID_PALETTE, MapStyle, SpriteCache, Symbol, colour, cosmetic_pen
from desktop.theme import DEFAULT_STATE_COLOUR, STATE_COLOURS
from gis.mapmodel import GeometryType, LayerId, MapModel, MapViewState

# Above this share of a layer's features in view, the cached whole-layer path is drawn (Qt
# clips the rest) instead of building a culled one.
FULL_PATH_SHARE = 0.6

# where the dark halo copies of a label go (pixels): a ring of radius ~1.6
HALO_OFFSETS: tuple[tuple[float, float], ...] = tuple(
    (round(1.6 * math.cos(a), 2), round(1.6 * math.sin(a), 2))
    for a in (k * math.pi / 4 for k in range(8))
)


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
    layers: list[tuple[np.ndarray, np.ndarray, str]],
    radius: int = 1,
) -> None:
    """Very many points as square dots, stamped with numpy into one image and drawn in one call
    (O(n), no per-point Qt call). Later entries of `layers` are drawn over earlier ones."""
    w, h = view.width, view.height
    buf = np.zeros((h, w), dtype=np.uint32)
    for sx, sy, hex_colour in layers:
        if len(sx) == 0:
            continue
        argb = np.uint32(0xFF000000 | (QColor(hex_colour).rgb() & 0xFFFFFF))
        ix = np.rint(sx).astype(np.int64)
        iy = np.rint(sy).astype(np.int64)
        for dy in range(-radius, radius + 1):
            for dx in range(-radius, radius + 1):
                x, y = ix + dx, iy + dy
                ok = (x >= 0) & (x < w) & (y >= 0) & (y < h)
                buf[y[ok], x[ok]] = argb
    image = QImage(buf.data, w, h, w * 4, QImage.Format.Format_ARGB32_Premultiplied)
    p.drawImage(QRectF(0, 0, w, h), image)
    del image  # the image borrows buf's memory: drop it before buf


def scale_text(length_m: float) -> str:
    if length_m >= 1000:
        km = length_m / 1000.0
        return QCoreApplication.translate("MapRenderer", "{n} km").format(n=f"{km:g}")
    return QCoreApplication.translate("MapRenderer", "{n} m").format(n=f"{length_m:g}")


class MapRenderer:
    """Stateless drawing over a model, with caches of paths, label widths and sprites."""

    def __init__(self, model: MapModel, style: MapStyle | None = None) -> None:
        self.model = model
        self.style = style or MapStyle()
        self.sprites = SpriteCache()
        self._paths: dict[tuple[str, object], QPainterPath] = {}
        self._label_widths: dict[tuple[str, str], np.ndarray] = {}
        self._origin = (0.0, 0.0)
        self.label_font = ui_font(11.0, bold=True)
        self.minor_label_font = ui_font(10.0)
        self.overlay_font = ui_font(9.5)
        self.last_stats: dict[str, int] = {}
        self.invalidate()
        model.data_changed.connect(self.invalidate)

    # ------------------------------------------------------------------ caches
    def invalidate(self) -> None:
        """Forget cached paths and label sizes (after the data changed)."""
        self._paths.clear()
        self._label_widths.clear()
        minx, miny, _, _ = self.model.extent
        self._origin = (math.floor(minx), math.floor(miny))

    def world_transform(self, view: MapViewState) -> QTransform:
        """Local world coordinates (metres from the origin) -> screen pixels."""
        ox, oy = self._origin
        s = 1.0 / view.mpp
        dx = (ox - view.cx) * s + view.width / 2.0
        dy = view.height / 2.0 + (view.cy - oy) * s
        return QTransform(s, 0.0, 0.0, -s, dx, dy)

    def _build_path(self, layer_id: str, indices: np.ndarray | None) -> QPainterPath:
        d = self.model.layer_data(layer_id)
        x, y, starts = d.vertices_of(indices)
        return path_from_arrays(x - self._origin[0], y - self._origin[1], starts)

    def _path(
        self, layer_id: str, key: object, indices: np.ndarray | None, full: bool
    ) -> QPainterPath:
        if not full:
            return self._build_path(layer_id, indices)
        cache_key = (layer_id, key)
        path = self._paths.get(cache_key)
        if path is None:
            path = self._build_path(layer_id, indices)
            self._paths[cache_key] = path
        return path

    # ------------------------------------------------------------------ static layers
    def render_static(self, p: QPainter, view: MapViewState) -> None:
        """Background, polygon and line layers: the part the canvas caches as an image.
        (Grid labels go on top of the points: see render_labels.)"""
        stats: dict[str, int] = {}
        p.fillRect(QRectF(0, 0, view.width, view.height), QColor(self.style.background))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        bbox = view.visible_bbox(margin_px=16)
        layers = [lay for lay in self.model.layers if lay.visible]
        polygons = [lay for lay in layers if lay.geometry_type is GeometryType.POLYGON]
        lines = [lay for lay in layers if lay.geometry_type is GeometryType.LINE]
        culled: dict[str, tuple[np.ndarray, bool]] = {}
        for lay in polygons + lines:
            d = self.model.layer_data(lay.id)
            idx = self.model.indices_in(lay.id, bbox)
            culled[lay.id] = (idx, len(d) > 0 and len(idx) >= FULL_PATH_SHARE * len(d))
            stats[lay.id] = len(idx)

        p.save()
        p.setTransform(self.world_transform(view))
        # pass 1: fills, bottom to top
        for lay in polygons:
            st = self.style.polygons.get(lay.id)
            idx, full = culled[lay.id]
            if st is None or len(idx) == 0 or not (st.fill or st.palette_fill):
                continue
            p.setOpacity(lay.opacity)
            p.setPen(Qt.PenStyle.NoPen)
            if st.palette_fill:
                slots = self.model.colour_slots(lay.id, len(GRID_PALETTE))
                for slot in np.unique(slots[idx]):
                    sel = np.flatnonzero(slots == slot) if full else idx[slots[idx] == slot]
                    path = self._path(lay.id, ("fill", int(slot)), sel, full)
                    c = self.style.palette_colour(int(slot))
                    c.setAlphaF(st.fill_alpha)
                    p.setBrush(c)
                    p.drawPath(path)
            elif st.fill:
                p.setBrush(colour(st.fill, st.fill_alpha))
                p.drawPath(self._path(lay.id, "all", None if full else idx, full))
        # pass 2: outlines, thinnest first so the town boundary ends on top
        for lay in sorted(
            polygons,
            key=lambda lay: (
                self.style.polygons[lay.id].outline_width if lay.id in self.style.polygons else 0.0
            ),
        ):
            st = self.style.polygons.get(lay.id)
            idx, full = culled[lay.id]
            if st is None or len(idx) == 0:
                continue
            p.setOpacity(lay.opacity)
            p.setBrush(Qt.BrushStyle.NoBrush)
            path = self._path(lay.id, "all", None if full else idx, full)
            width = st.outline_width * (1.6 if view.mpp < 1.5 else 1.0)
            if st.glow_width:
                p.setPen(cosmetic_pen(colour(st.outline, 0.16), st.glow_width))
                p.drawPath(path)
            p.setPen(cosmetic_pen(colour(st.outline, st.outline_alpha), width))
            p.drawPath(path)
        # lines (rivers)
        for lay in lines:
            lst = self.style.lines.get(lay.id)
            idx, full = culled[lay.id]
            if lst is None or len(idx) == 0:
                continue
            p.setOpacity(lay.opacity)
            p.setBrush(Qt.BrushStyle.NoBrush)
            path = self._path(lay.id, "all", None if full else idx, full)
            grow = 1.5 if view.mpp < 1.5 else 1.0
            if lst.casing:
                p.setPen(cosmetic_pen(QColor(lst.casing), lst.casing_width * grow))
                p.drawPath(path)
            p.setPen(cosmetic_pen(QColor(lst.colour), lst.width * grow))
            p.drawPath(path)
        p.restore()
        p.setOpacity(1.0)
        self.last_stats = stats

    # ------------------------------------------------------------------ labels
    def label_layer(self, view: MapViewState) -> str | None:
        """Which grid names to show at this scale: management grids when zoomed in close,
        responsibility grids otherwise (whichever is visible)."""
        mgmt = self.model.layer(LayerId.MANAGEMENT)
        resp = self.model.layer(LayerId.RESPONSIBILITY)
        if mgmt.visible and view.mpp <= self.style.management_label_mpp:
            return LayerId.MANAGEMENT
        if resp.visible:
            return LayerId.RESPONSIBILITY
        if mgmt.visible:
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

    def visible_labels(self, view: MapViewState) -> tuple[str | None, list[tuple[str, QRectF]]]:
        """The grid labels to draw at this view: (layer, [(text, screen box)]), collision-free."""
        from gis.mapmodel import place_labels

        layer_id = self.label_layer(view)
        if layer_id is None:
            return None, []
        anchors = self.model.label_anchors(layer_id)
        if len(anchors.texts) == 0:
            return layer_id, []
        font = self.label_font if layer_id == LayerId.RESPONSIBILITY else self.minor_label_font
        fm = QFontMetricsF(font)
        widths = self._widths(layer_id, font, anchors.texts)
        height = fm.height()
        sx, sy = view.world_to_screen(anchors.x, anchors.y)
        b = self.model.layer_data(layer_id).bounds
        fw = (b[:, 2] - b[:, 0]) / view.mpp
        fh = (b[:, 3] - b[:, 1]) / view.mpp
        fits = (fw >= widths * 1.05) & (fh >= height * 1.6)
        onscreen = (sx > -200) & (sx < view.width + 200) & (sy > -50) & (sy < view.height + 50)
        cand = np.flatnonzero(fits & onscreen)
        kept = place_labels(
            sx[cand],
            sy[cand],
            widths[cand],
            np.full(len(cand), height),
            priorities=anchors.weights[cand],
            padding=5.0,
            bounds=(4.0, 4.0, view.width - 4.0, view.height - 4.0),
        )
        out = []
        for k in cand[kept]:
            w = float(widths[k])
            out.append((anchors.texts[k], QRectF(sx[k] - w / 2.0, sy[k] - height / 2.0, w, height)))
        return layer_id, out

    def render_labels(self, p: QPainter, view: MapViewState) -> int:
        """Grid names with a dark halo, collision-free; returns how many were drawn."""
        layer_id, labels = self.visible_labels(view)
        if not labels:
            return 0
        major = layer_id == LayerId.RESPONSIBILITY
        font = self.label_font if major else self.minor_label_font
        fm = QFontMetricsF(font)
        lift = (fm.ascent() - fm.descent()) / 2.0
        origins = [(QPointF(box.left(), box.center().y() + lift), text) for text, box in labels]
        p.save()
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setFont(font)
        # halo: the text drawn dark around itself (glyph-cached drawText, far cheaper than
        # stroking glyph outlines), then the text on top
        p.setPen(colour(self.style.label_halo, 0.55))
        for dx, dy in HALO_OFFSETS:
            shift = QPointF(dx, dy)
            for origin, text in origins:
                p.drawText(origin + shift, text)
        p.setPen(QColor(self.style.label_colour if major else self.style.label_minor_colour))
        for origin, text in origins:
            p.drawText(origin, text)
        p.restore()
        return len(labels)

    # ------------------------------------------------------------------ points
    def render_points(self, p: QPainter, view: MapViewState, now: datetime | None = None) -> int:
        """Key points, cameras and cases: one sprite per style, blitted."""
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        bbox = view.visible_bbox(margin_px=24)
        scale = self.style.point_scale(view.mpp)
        drawn = 0
        p.save()
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        for lay in self.model.layers:
            if not lay.visible or lay.geometry_type is not GeometryType.POINT:
                continue
            d = self.model.layer_data(lay.id)
            idx = self.model.indices_in(lay.id, bbox)
            if len(idx) == 0:
                continue
            sx, sy = view.world_to_screen(d.x[idx], d.y[idx])
            p.setOpacity(lay.opacity)
            if lay.id == LayerId.CASES:
                drawn += self._render_cases(p, view, idx, sx, sy, dpr, scale, now)
                continue
            st = self.style.points.get(lay.id)
            if st is None:
                continue
            if len(idx) > self.style.sprite_limit:
                raster_dots(p, view, [(sx, sy, st.fill)], radius=1)
            else:
                pm = self.sprites.get(
                    st.symbol, st.fill, st.size * scale, st.outline, st.outline_width, None, dpr
                )
                self._blit(p, pm, sx, sy)
            drawn += len(idx)
        p.restore()
        return drawn

    @staticmethod
    def _blit(p: QPainter, pm: object, sx: np.ndarray, sy: np.ndarray) -> None:
        from PySide6.QtGui import QPixmap

        assert isinstance(pm, QPixmap)
        half_w = pm.width() / pm.devicePixelRatio() / 2.0
        half_h = pm.height() / pm.devicePixelRatio() / 2.0
        draw = p.drawPixmap
        for x, y in zip((sx - half_w).tolist(), (sy - half_h).tolist(), strict=True):
            draw(QPointF(x, y), pm)

    def _render_cases(
        self,
        p: QPainter,
        view: MapViewState,
        idx: np.ndarray,
        sx: np.ndarray,
        sy: np.ndarray,
        dpr: float,
        scale: float,
        now: datetime | None,
    ) -> int:
        d = self.model.layer_data(LayerId.CASES)
        overdue = self.model.case_alarm(now)[idx]  # parked (挂账) cases raise no alarm
        urgent = d.attrs["urgent"][idx]
        states = d.attrs["state"][idx]
        if len(idx) > self.style.sprite_limit:
            calm = np.flatnonzero(~overdue)
            od = np.flatnonzero(overdue)
            raster_dots(
                p,
                view,
                [
                    (sx[calm], sy[calm], STATE_COLOURS["dispatched"]),
                    (sx[od], sy[od], self.style.overdue_colour),
                ],
                radius=1,
            )
            return len(idx)
        # normal first, then urgent, then overdue: the alarming ones end on top
        rank = urgent.astype(int) + 2 * overdue.astype(int)
        for r in (0, 1, 2, 3):
            sel_r = rank == r
            if not sel_r.any():
                continue
            for state in np.unique(states[sel_r]):
                sel = np.flatnonzero(sel_r & (states == state))
                big = r in (1, 3)
                size = (self.style.case_urgent_size if big else self.style.case_size) * scale
                if r >= 2:
                    fill, halo = self.style.overdue_colour, self.style.overdue_colour
                else:
                    fill, halo = STATE_COLOURS.get(str(state), DEFAULT_STATE_COLOUR), None
                pm = self.sprites.get(Symbol.CASE, fill, size, halo=halo, dpr=dpr)
                self._blit(p, pm, sx[sel], sy[sel])
        return len(idx)

    # ------------------------------------------------------------------ selection
    def render_selection(self, p: QPainter, view: MapViewState) -> None:
        sel = self.model.selection
        if sel is None:
            return
        layer_id, fid = sel
        if not self.model.has_feature(layer_id, fid):
            return
        d = self.model.layer_data(layer_id)
        k = d.index_of[int(fid)]
        c = QColor(self.style.selection_colour)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if d.geometry_type is GeometryType.POINT:
            x, y = view.world_to_screen(float(d.x[k]), float(d.y[k]))
            r = 14.0
            glow = QColor(c)
            glow.setAlphaF(0.25)
            p.setPen(QPen(glow, 7.0))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(QPointF(x, y), r, r)
            p.setPen(QPen(c, 2.2))
            p.drawEllipse(QPointF(x, y), r, r)
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                p.drawLine(
                    QPointF(x + dx * (r + 3), y + dy * (r + 3)),
                    QPointF(x + dx * (r + 9), y + dy * (r + 9)),
                )
        else:
            path = self._build_path(layer_id, np.asarray([k]))
            p.setTransform(self.world_transform(view))
            if d.geometry_type is GeometryType.POLYGON:
                fill = QColor(c)
                fill.setAlphaF(0.12)
                p.fillPath(path, fill)
            glow = QColor(c)
            glow.setAlphaF(0.3)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(cosmetic_pen(glow, 7.0))
            p.drawPath(path)
            p.setPen(cosmetic_pen(c, 2.4))
            p.drawPath(path)
        p.restore()

    # ------------------------------------------------------------------ overlays
    def render_overlays(self, p: QPainter, view: MapViewState) -> None:
        """Scale bar (bottom left), north arrow (top right), CRS note (bottom right)."""
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(self.overlay_font)
        fm = QFontMetricsF(self.overlay_font)
        # scale bar
        length = nice_scale_length(view.mpp, 160.0)
        px = length / view.mpp
        text = scale_text(length)
        ratio = QCoreApplication.translate("MapRenderer", "1:{n}").format(
            n=f"{round(view.mpp * 96 / 0.0254, -1):,.0f}"
        )
        box_w = max(px, fm.horizontalAdvance(text)) + fm.horizontalAdvance(ratio) + 40
        box = QRectF(12, view.height - 12 - 44, box_w, 44)
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
        # north arrow
        cx, top = view.width - 34.0, 16.0
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour("#0b1118", 0.78))
        p.drawRoundedRect(QRectF(cx - 20, top, 40, 62), 5, 5)
        left = QPolygonF([QPointF(cx, top + 24), QPointF(cx - 9, top + 54), QPointF(cx, top + 47)])
        right = QPolygonF([QPointF(cx, top + 24), QPointF(cx + 9, top + 54), QPointF(cx, top + 47)])
        p.setBrush(QColor("#e0b450"))
        p.drawPolygon(left)
        p.setBrush(QColor("#6c7786"))
        p.drawPolygon(right)
        p.setPen(QColor("#eef3f8"))
        p.setFont(ui_font(10.0, bold=True))
        north = QCoreApplication.translate("MapRenderer", "N")
        nfm = QFontMetricsF(p.font())
        p.drawText(QPointF(cx - nfm.horizontalAdvance(north) / 2.0, top + 19), north)
        # CRS note
        p.setFont(self.overlay_font)
        note = QCoreApplication.translate("MapRenderer", "CGCS2000 · 3° Gauss-Krüger CM 120°E")
        w = fm.horizontalAdvance(note)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour("#0b1118", 0.7))
        p.drawRoundedRect(
            QRectF(
                view.width - w - 22, view.height - 12 - fm.height() - 6, w + 10, fm.height() + 6
            ),
            4,
            4,
        )
        p.setPen(colour("#8d9aab", 0.95))
        p.drawText(QPointF(view.width - w - 17, view.height - 15 - fm.descent()), note)
        p.restore()

    # ------------------------------------------------------------------ everything
    def render(self, p: QPainter, view: MapViewState, now: datetime | None = None) -> None:
        """The whole map (for export): static layers, points, selection, overlays."""
        self.render_static(p, view)
        self.render_points(p, view, now)
        self.render_labels(p, view)
        self.render_selection(p, view)
        self.render_overlays(p, view)
