"""Legends: the thematic classes of a coloured grid layer and the symbol of every visible
layer, drawn with QPainter (on the map, in the layer panel, on a printed page)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QPolygonF

from desktop import labels, theme
from desktop.app import ui_font
from desktop.labels import QT_TRANSLATE_NOOP
from desktop.map.style import GRID_PALETTE, MapStyle, SpriteCache, Symbol, colour
from gis.mapmodel import GeometryType, LayerId, MapModel, Thematic
from gis.thematic import NO_DATA_COLOUR, ThematicField

THEMATIC_TITLES: dict[str, str] = {
    ThematicField.OPEN_CASES: QT_TRANSLATE_NOOP("Thematic", "Open cases"),
    ThematicField.OVERDUE_CASES: QT_TRANSLATE_NOOP("Thematic", "Overdue cases"),
    ThematicField.CASES_PER_KM2: QT_TRANSLATE_NOOP("Thematic", "Cases per km², last 12 months"),
}
THEMATIC_LEVELS: dict[str, str] = {
    LayerId.MANAGEMENT: QT_TRANSLATE_NOOP("Thematic", "Management grids by {figure}"),
    LayerId.RESPONSIBILITY: QT_TRANSLATE_NOOP("Thematic", "Responsibility grids by {figure}"),
}
NO_DATA = QT_TRANSLATE_NOOP("Thematic", "no data")

SWATCH_W, SWATCH_H = 22.0, 13.0


def thematic_field_title(field: str) -> str:
    src = THEMATIC_TITLES.get(field)
    return QCoreApplication.translate("Thematic", src) if src else field


def thematic_title(th: Thematic) -> str:
    figure = thematic_field_title(th.field)
    pattern = THEMATIC_LEVELS.get(th.layer_id)
    if pattern is None:
        return figure
    return QCoreApplication.translate("Thematic", pattern).format(figure=figure)


def thematic_rows(th: Thematic) -> list[tuple[str, str, int]]:
    """(colour, label, feature count) per class, then "no data" if any feature lacks a value."""
    cls = th.classification
    decimals = 0 if cls.integer else 1
    rows = []
    for k, (c, text) in enumerate(zip(cls.colours, cls.labels(decimals), strict=True)):
        rows.append((c, text, int((th.classes == k).sum())))
    missing = int((th.classes < 0).sum())
    if missing:
        rows.append((NO_DATA_COLOUR, QCoreApplication.translate("Thematic", NO_DATA), missing))
    return rows


def draw_thematic_legend(
    p: QPainter,
    at: QPointF,
    th: Thematic,
    anchor: str = "top",
    font: QFont | None = None,
    dark: bool = True,
) -> QRectF:
    """The classes of a thematic map in a box whose top-left (anchor "top") or bottom-left
    (anchor "bottom") corner is `at`; returns the box."""
    font = font or ui_font(9.5)
    title_font = QFont(font)
    title_font.setBold(True)
    fm = QFontMetricsF(font)
    tfm = QFontMetricsF(title_font)
    rows = thematic_rows(th)
    title = thematic_title(th)
    row_h = max(fm.height(), SWATCH_H) + 4
    text_w = max([fm.horizontalAdvance(f"{t}  ({n})") for _, t, n in rows] + [0])
    w = max(tfm.horizontalAdvance(title), SWATCH_W + 8 + text_w) + 20
    h = tfm.height() + 8 + row_h * len(rows) + 10
    top = at.y() - h if anchor == "bottom" else at.y()
    box = QRectF(at.x(), top, w, h)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour("#0b1118", 0.82) if dark else QColor("#ffffff"))
    p.drawRoundedRect(box, 5, 5)
    text_colour = QColor("#e9eef4" if dark else "#1b2430")
    dim = QColor("#8d9aab" if dark else "#5b6673")
    p.setFont(title_font)
    p.setPen(text_colour)
    y = top + 6 + tfm.ascent()
    p.drawText(QPointF(box.left() + 10, y), title)
    y = top + 6 + tfm.height() + 6
    p.setFont(font)
    for c, text, n in rows:
        sw = QRectF(box.left() + 10, y + (row_h - SWATCH_H) / 2 - 2, SWATCH_W, SWATCH_H)
        p.setPen(QPen(colour("#a9bbcf", 0.6), 0.8))
        p.setBrush(QColor(c))
        p.drawRect(sw)
        p.setPen(text_colour)
        base = y + (row_h - 4) / 2 + (fm.ascent() - fm.descent()) / 2
        p.drawText(QPointF(sw.right() + 8, base), text)
        p.setPen(dim)
        p.drawText(QPointF(sw.right() + 8 + fm.horizontalAdvance(text + "  "), base), f"({n})")
        y += row_h
    p.restore()
    return box


def draw_layer_symbol(
    p: QPainter,
    rect: QRectF,
    layer_id: str,
    gtype: GeometryType,
    style: MapStyle,
    sprites: SpriteCache,
    dpr: float = 2.0,
) -> None:
    """A small picture of how a layer is drawn, inside `rect`."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = rect.adjusted(2, 2, -2, -2)
    if gtype is GeometryType.POLYGON:
        st = style.polygons.get(layer_id)
        if st is not None:
            if st.palette_fill:
                w = box.width() / 4.0
                for k in range(4):
                    c = QColor(GRID_PALETTE[k])
                    c.setAlphaF(0.55)
                    p.fillRect(QRectF(box.left() + k * w, box.top(), w, box.height()), c)
            elif st.fill:
                p.fillRect(box, QColor(st.fill))
            pen = QPen(colour(st.outline, max(st.outline_alpha, 0.7)), max(1.2, st.outline_width))
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(box)
    elif gtype is GeometryType.LINE:
        st_line = style.lines.get(layer_id)
        if st_line is not None:
            pen = QPen(QColor(st_line.colour), 2.6)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            x0, y0, w, h = box.left(), box.top(), box.width(), box.height()
            p.drawPolyline(
                QPolygonF(
                    [
                        QPointF(x0 + 0.04 * w, y0 + 0.75 * h),
                        QPointF(x0 + 0.33 * w, y0 + 0.3 * h),
                        QPointF(x0 + 0.62 * w, y0 + 0.75 * h),
                        QPointF(x0 + 0.96 * w, y0 + 0.2 * h),
                    ]
                )
            )
    elif layer_id == LayerId.CASES:
        cy = box.center().y()
        step = box.width() / 4.0
        for k, state in enumerate(("reported", "dispatched", "feedback")):
            img = sprites.get(Symbol.CASE, theme.STATE_COLOURS[state], 9.0, dpr=dpr)
            _centre(p, img, QPointF(box.left() + step * (k + 0.5), cy))
        over = sprites.get(Symbol.CASE, theme.OVERDUE_COLOUR, 9.0, dpr=dpr)
        _centre(p, over, QPointF(box.left() + step * 3.5, cy))
    else:
        st_pt = style.points.get(layer_id)
        if st_pt is not None:
            img = sprites.get(
                st_pt.symbol,
                st_pt.fill,
                max(st_pt.size, 9.0),
                st_pt.outline,
                st_pt.outline_width,
                dpr=dpr,
            )
            _centre(p, img, box.center())
    p.restore()


def _centre(p: QPainter, img: QImage, at: QPointF) -> None:
    d = img.devicePixelRatio()
    p.drawImage(QPointF(at.x() - img.width() / d / 2, at.y() - img.height() / d / 2), img)


def draw_layer_legend(
    p: QPainter,
    at: QPointF,
    model: MapModel,
    style: MapStyle,
    sprites: SpriteCache,
    font: QFont | None = None,
    max_height: float | None = None,
    dark: bool = False,
) -> QRectF:
    """Every visible layer (top first) with its symbol, and the thematic classes if any;
    top-left corner at `at`. Returns the box used."""
    font = font or ui_font(9.0)
    fm = QFontMetricsF(font)
    row_h = max(fm.height(), 16.0) + 3
    text_colour = QColor("#e9eef4" if dark else "#1b2430")
    visible = [
        lay for lay in reversed(model.layers) if lay.visible and len(model.layer_data(lay.id))
    ]
    title_font = QFont(font)
    title_font.setBold(True)
    tfm = QFontMetricsF(title_font)
    title = QCoreApplication.translate("MapExport", "Legend")
    width = (
        max([fm.horizontalAdvance(labels.layer_title(lay.title)) for lay in visible] + [60])
        + 28
        + 10
    )
    x, y = at.x(), at.y()
    p.save()
    p.setFont(title_font)
    p.setPen(text_colour)
    p.drawText(QPointF(x, y + tfm.ascent()), title)
    y += tfm.height() + 4
    p.setFont(font)
    for lay in visible:
        if max_height is not None and y + row_h > at.y() + max_height:
            break
        draw_layer_symbol(p, QRectF(x, y, 26, row_h - 2), lay.id, lay.geometry_type, style, sprites)
        p.setPen(text_colour)
        p.drawText(
            QPointF(x + 32, y + (row_h + fm.ascent() - fm.descent()) / 2 - 1),
            labels.layer_title(lay.title),
        )
        y += row_h
    p.restore()
    box = QRectF(at.x(), at.y(), width, y - at.y())
    th = model.thematic
    if th is not None:
        tb = draw_thematic_legend(p, QPointF(at.x(), y + 8), th, font=font, dark=dark)
        box = box.united(tb)
    return box
