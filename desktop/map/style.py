"""How each layer looks: colours, pen widths, symbols, and the sprite cache for point symbols.

Sprites are QImages (not QPixmaps), so background render threads may use them; the cache is
guarded by a lock."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

from desktop import theme
from gis.mapmodel import LayerId

MAP_BACKGROUND = "#0a0f15"
LAND = "#111a24"

# muted qualitative palette for the grid fills (readable on the dark land colour)
GRID_PALETTE: tuple[str, ...] = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#e15759",
    "#9c755f",
)


class Symbol(StrEnum):
    CIRCLE = "circle"
    SQUARE = "square"
    TRIANGLE = "triangle"
    DIAMOND = "diamond"
    HEXAGON = "hexagon"
    RING = "ring"
    CASE = "case"  # filled disc in a white ring
    CALENDAR = "calendar"  # a small calendar sheet: a meeting (约请会议)
    OUTSIDE = "outside"  # dashed warning ring around a point outside the town


@dataclass(frozen=True, slots=True)
class PolygonStyle:
    outline: str
    outline_width: float  # logical pixels (cosmetic)
    outline_alpha: float = 1.0
    fill: str | None = None
    fill_alpha: float = 0.0
    palette_fill: bool = False  # fill by colour slot (GRID_PALETTE) instead of `fill`
    glow_width: float = 0.0  # a soft wider stroke under the outline


@dataclass(frozen=True, slots=True)
class LineStyle:
    colour: str
    width: float
    casing: str | None = None
    casing_width: float = 0.0


@dataclass(frozen=True, slots=True)
class PointStyle:
    symbol: Symbol
    fill: str
    size: float  # logical pixels
    outline: str = "#0a0f15"
    outline_width: float = 1.2


@dataclass(frozen=True)
class MapStyle:
    background: str = MAP_BACKGROUND
    polygons: dict[str, PolygonStyle] = field(
        default_factory=lambda: {
            LayerId.TOWN: PolygonStyle(
                outline=theme.ACCENT, outline_width=2.6, fill=LAND, fill_alpha=1.0, glow_width=9.0
            ),
            LayerId.RESPONSIBILITY: PolygonStyle(
                outline="#d5e0ec", outline_width=1.7, outline_alpha=0.85
            ),
            LayerId.MANAGEMENT: PolygonStyle(
                outline="#a9bbcf",
                outline_width=0.8,
                outline_alpha=0.38,
                palette_fill=True,
                fill_alpha=0.22,
            ),
        }
    )
    lines: dict[str, LineStyle] = field(
        default_factory=lambda: {
            LayerId.RIVERS: LineStyle("#3b8fe0", 1.9, casing="#0c2238", casing_width=4.0),
        }
    )
    points: dict[str, PointStyle] = field(
        default_factory=lambda: {
            LayerId.SHOPS: PointStyle(Symbol.CIRCLE, "#efc04f", 8.0),
            LayerId.ENTERPRISES: PointStyle(Symbol.SQUARE, "#4fd1b9", 9.0),
            LayerId.CONSTRUCTION_SITES: PointStyle(Symbol.TRIANGLE, "#ff8a5c", 13.0),
            LayerId.RIVER_PLACARDS: PointStyle(Symbol.DIAMOND, "#62b8ff", 10.0, "#e8f4ff", 1.2),
            LayerId.PUBLIC_PLACES: PointStyle(Symbol.HEXAGON, "#c89cf2", 10.0),
            LayerId.OTHER_POINTS: PointStyle(Symbol.CIRCLE, "#c7cfd8", 7.0),
            LayerId.CAMERAS: PointStyle(Symbol.RING, "#a5b4ff", 6.0),
            LayerId.MEETINGS: PointStyle(Symbol.CALENDAR, "#ff6fae", 18.0, "#0a0f15", 1.2),
        }
    )
    case_size: float = 12.0
    case_urgent_size: float = 17.0
    overdue_colour: str = theme.OVERDUE_COLOUR
    selection_colour: str = "#34e7ff"
    label_colour: str = "#eef3f8"
    label_minor_colour: str = "#c3cfdb"
    label_halo: str = "#070b10"
    # below this many metres per pixel management grid names replace responsibility grid names
    management_label_mpp: float = 6.0
    # above this many visible points of one layer, draw plain dots in one call, not sprites
    sprite_limit: int = 12000
    # cases: above this many in view, crowded cells become cluster bubbles
    cluster_above: int = 300
    cluster_cell_px: float = 56.0
    cluster_min_count: int = 4
    cluster_colour: str = "#3f7fd0"
    outside_colour: str = "#ff5cf0"  # points outside the town boundary
    hover_colour: str = "#ffffff"

    def palette_colour(self, slot: int) -> QColor:
        return QColor(GRID_PALETTE[int(slot) % len(GRID_PALETTE)])

    def point_scale(self, mpp: float) -> float:
        """Symbols shrink a little at town scale and grow when zoomed in close."""
        if mpp > 10.0:
            return 0.85
        if mpp < 1.5:
            return 1.25
        return 1.0


def colour(hex_colour: str, alpha: float = 1.0) -> QColor:
    c = QColor(hex_colour)
    c.setAlphaF(max(0.0, min(1.0, alpha)))
    return c


def cosmetic_pen(c: QColor, width: float) -> QPen:
    pen = QPen(c, width)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def symbol_path(symbol: Symbol, size: float) -> QPainterPath:
    """The outline of a symbol of `size` logical pixels centred on (0, 0)."""
    r = size / 2.0
    path = QPainterPath()
    if symbol in (Symbol.CIRCLE, Symbol.RING, Symbol.CASE):
        path.addEllipse(QPointF(0, 0), r, r)
    elif symbol is Symbol.CALENDAR:
        path.addRoundedRect(QRectF(-r * 0.9, -r * 0.85, 1.8 * r, 1.75 * r), r * 0.22, r * 0.22)
    elif symbol is Symbol.SQUARE:
        path.addRect(QRectF(-r * 0.9, -r * 0.9, 1.8 * r, 1.8 * r))
    elif symbol is Symbol.TRIANGLE:
        path.addPolygon(
            QPolygonF([QPointF(0, -r), QPointF(r, r * 0.8), QPointF(-r, r * 0.8), QPointF(0, -r)])
        )
    elif symbol is Symbol.HEXAGON:
        pts = [
            QPointF(
                r * math.cos(math.pi / 6 + k * math.pi / 3),
                r * math.sin(math.pi / 6 + k * math.pi / 3),
            )
            for k in range(7)
        ]
        path.addPolygon(QPolygonF(pts))
    elif symbol is Symbol.DIAMOND:
        path.addPolygon(
            QPolygonF(
                [QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0), QPointF(0, -r)]
            )
        )
    return path


class SpriteCache:
    """One pre-rendered QImage per (symbol, colours, size, halo, device pixel ratio).

    Points are then drawn with drawImage: no path filling per point. QImages, unlike QPixmaps,
    may be made and drawn in any thread; a lock guards the cache."""

    def __init__(self) -> None:
        self._cache: dict[tuple[object, ...], QImage] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def __len__(self) -> int:
        return len(self._cache)

    def get(
        self,
        symbol: Symbol,
        fill: str,
        size: float,
        outline: str = "#0a0f15",
        outline_width: float = 1.2,
        halo: str | None = None,
        dpr: float = 1.0,
    ) -> QImage:
        key = (symbol, fill, round(size, 2), outline, outline_width, halo, round(dpr, 2))
        with self._lock:
            img = self._cache.get(key)
            if img is None:
                img = self._render(symbol, fill, size, outline, outline_width, halo, dpr)
                self._cache[key] = img
        return img

    @staticmethod
    def _render(
        symbol: Symbol,
        fill: str,
        size: float,
        outline: str,
        outline_width: float,
        halo: str | None,
        dpr: float,
    ) -> QImage:
        extent = size + (size * 1.2 if halo else 0.0) + 2 * outline_width + 4
        side = int(extent * dpr) + 1
        side += side % 2  # even, so the centre falls on a pixel corner
        img = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
        img.setDevicePixelRatio(dpr)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = side / dpr / 2.0
        p.translate(centre, centre)
        if halo:
            glow = QColor(halo)
            for k, alpha in ((1.1, 0.16), (0.8, 0.26), (0.5, 0.38)):
                glow.setAlphaF(alpha)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(glow)
                rr = size / 2.0 + size * k * 0.55
                p.drawEllipse(QPointF(0, 0), rr, rr)
        if symbol is Symbol.RING:
            p.setBrush(colour(fill, 0.25))
            p.setPen(QPen(QColor(fill), max(1.4, size / 4.0)))
            p.drawPath(symbol_path(symbol, size - 1.5))
        elif symbol is Symbol.OUTSIDE:
            pen = QPen(QColor(fill), 2.0)
            pen.setDashPattern([2.0, 1.6])
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(symbol_path(Symbol.CIRCLE, size - 2.0))
        elif symbol is Symbol.CALENDAR:
            _paint_calendar(p, fill, size, outline, outline_width)
        elif symbol is Symbol.CASE:
            p.setPen(QPen(QColor("#0a0f15"), 1.0))
            p.setBrush(QColor("#ffffff"))
            p.drawPath(symbol_path(Symbol.CIRCLE, size))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(fill))
            p.drawPath(symbol_path(Symbol.CIRCLE, size * 0.66))
        else:
            p.setBrush(QBrush(QColor(fill)))
            p.setPen(QPen(QColor(outline), outline_width))
            p.drawPath(symbol_path(symbol, size))
        p.end()
        return img


def _paint_calendar(p: QPainter, fill: str, size: float, outline: str, outline_width: float) -> None:
    """A calendar sheet centred on (0, 0): white page, `fill` header band, two rings and a
    grid of day dots."""
    r = size / 2.0
    page = symbol_path(Symbol.CALENDAR, size)
    box = page.boundingRect()
    p.setPen(QPen(QColor(outline), outline_width))
    p.setBrush(QColor("#f4f7fb"))
    p.drawPath(page)
    p.save()
    p.setClipPath(page)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(fill))
    p.drawRect(QRectF(box.left(), box.top(), box.width(), box.height() * 0.36))
    p.restore()
    p.setPen(QPen(QColor(outline), outline_width))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(page)
    ring = QPen(QColor(outline), max(1.2, size / 10.0))
    ring.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(ring)
    for x in (-r * 0.4, r * 0.4):
        p.drawLine(QPointF(x, box.top() - r * 0.12), QPointF(x, box.top() + r * 0.28))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(fill).darker(160))
    dot = max(0.9, size / 14.0)
    for row in (0.0, 0.42):
        for col in (-0.45, 0.0, 0.45):
            p.drawEllipse(QPointF(col * r, box.top() + box.height() * 0.58 + row * r), dot, dot)
