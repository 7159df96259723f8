"""Toolbar and menu icons, drawn with QPainter (no image files, crisp at any scale)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

INK = QColor("#cfd9e6")
ACCENT = QColor("#e0b450")
SIZE = 48


def _pen(colour: QColor = INK, width: float = 3.6) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _extent(p: QPainter) -> None:
    p.setPen(_pen())
    for x, y, dx, dy in ((8, 8, 1, 1), (40, 8, -1, 1), (8, 40, 1, -1), (40, 40, -1, -1)):
        p.drawLine(QPointF(x, y), QPointF(x + 10 * dx, y))
        p.drawLine(QPointF(x, y), QPointF(x, y + 10 * dy))
    p.setPen(_pen(ACCENT, 3.0))
    p.drawRect(QRectF(17, 17, 14, 14))


def _magnifier(p: QPainter, plus: bool) -> None:
    p.setPen(_pen())
    p.drawEllipse(QRectF(7, 7, 26, 26))
    p.setPen(_pen(INK, 5.0))
    p.drawLine(QPointF(30, 30), QPointF(41, 41))
    p.setPen(_pen(ACCENT, 3.4))
    p.drawLine(QPointF(13, 20), QPointF(27, 20))
    if plus:
        p.drawLine(QPointF(20, 13), QPointF(20, 27))


def _camera(p: QPainter) -> None:
    p.setPen(_pen())
    body = QPainterPath()
    body.addRoundedRect(QRectF(6, 14, 36, 24), 4, 4)
    p.drawPath(body)
    p.drawLine(QPointF(17, 14), QPointF(20, 9))
    p.drawLine(QPointF(20, 9), QPointF(28, 9))
    p.drawLine(QPointF(28, 9), QPointF(31, 14))
    p.setPen(_pen(ACCENT, 3.0))
    p.drawEllipse(QRectF(17, 18, 14, 14))


def _export(p: QPainter) -> None:
    p.setPen(_pen())
    p.drawRect(QRectF(7, 11, 28, 28))
    p.setPen(_pen(QColor("#5fa8e8"), 3.0))
    p.drawPolyline(QPolygonF([QPointF(10, 33), QPointF(18, 24), QPointF(24, 29), QPointF(32, 20)]))
    p.setPen(_pen(ACCENT, 3.4))
    p.drawLine(QPointF(30, 8), QPointF(42, 8))
    p.drawLine(QPointF(42, 8), QPointF(42, 20))
    p.drawLine(QPointF(42, 8), QPointF(28, 22))


def _refresh(p: QPainter) -> None:
    p.setPen(_pen())
    p.drawArc(QRectF(9, 9, 30, 30), 60 * 16, 280 * 16)
    p.setBrush(INK)
    p.setPen(Qt.PenStyle.NoPen)
    p.drawPolygon(QPolygonF([QPointF(30, 4), QPointF(40, 14), QPointF(27, 17)]))


def _quit(p: QPainter) -> None:
    p.setPen(_pen())
    p.drawArc(QRectF(9, 11, 30, 30), 120 * 16, 300 * 16)
    p.setPen(_pen(ACCENT, 3.8))
    p.drawLine(QPointF(24, 6), QPointF(24, 24))


def _about(p: QPainter) -> None:
    p.setPen(_pen())
    p.drawEllipse(QRectF(7, 7, 34, 34))
    p.setPen(_pen(ACCENT, 4.0))
    p.drawLine(QPointF(24, 22), QPointF(24, 33))
    p.drawPoint(QPointF(24, 15))


def _calendar(p: QPainter) -> None:
    """The meetings calendar (desktop/meetings)."""
    p.setPen(_pen())
    p.drawRoundedRect(QRectF(7, 10, 34, 31), 3, 3)
    p.drawLine(QPointF(7, 19), QPointF(41, 19))
    p.drawLine(QPointF(16, 6), QPointF(16, 13))
    p.drawLine(QPointF(32, 6), QPointF(32, 13))
    p.setPen(_pen(ACCENT, 3.0))
    p.drawRect(QRectF(14, 25, 7, 6))
    p.drawRect(QRectF(27, 25, 7, 6))


def _chart(p: QPainter) -> None:
    """The statistics dashboard (desktop/supervision)."""
    p.setPen(_pen())
    p.drawLine(QPointF(7, 41), QPointF(42, 41))
    for x, h in ((11, 12), (21, 22), (31, 16)):
        p.drawRect(QRectF(x, 41 - h, 6, h))
    p.setPen(_pen(ACCENT, 3.0))
    p.drawPolyline(QPolygonF([QPointF(8, 22), QPointF(18, 14), QPointF(28, 19), QPointF(41, 8)]))


def _layers(p: QPainter) -> None:
    for dy, colour in ((12, INK), (0, ACCENT)):
        p.setPen(_pen(colour, 3.0))
        p.drawPolygon(
            QPolygonF(
                [
                    QPointF(24, 10 + dy),
                    QPointF(42, 19 + dy),
                    QPointF(24, 28 + dy),
                    QPointF(6, 19 + dy),
                ]
            )
        )


def _lock(p: QPainter) -> None:
    """Lock the screen (desktop/security)."""
    p.setPen(_pen())
    p.drawArc(QRectF(15, 6, 18, 22), 0, 180 * 16)
    p.drawLine(QPointF(15, 17), QPointF(15, 22))
    p.drawLine(QPointF(33, 17), QPointF(33, 22))
    p.setPen(_pen(ACCENT, 3.4))
    p.drawRoundedRect(QRectF(10, 22, 28, 20), 3, 3)
    p.drawLine(QPointF(24, 29), QPointF(24, 35))


def _users(p: QPainter) -> None:
    """Accounts and roles (desktop/security)."""
    p.setPen(_pen())
    p.drawEllipse(QRectF(12, 7, 14, 14))
    p.drawArc(QRectF(5, 24, 28, 26), 20 * 16, 140 * 16)
    p.setPen(_pen(ACCENT, 3.2))
    p.drawEllipse(QRectF(28, 11, 11, 11))
    p.drawArc(QRectF(24, 26, 21, 20), 20 * 16, 140 * 16)


def _audit(p: QPainter) -> None:
    """The audit trail (desktop/security): a list under a chain link."""
    p.setPen(_pen())
    p.drawRoundedRect(QRectF(8, 6, 26, 36), 3, 3)
    for y in (15, 22, 29):
        p.drawLine(QPointF(14, y), QPointF(28, y))
    p.setPen(_pen(ACCENT, 3.2))
    p.drawRoundedRect(QRectF(27, 28, 10, 14), 5, 5)
    p.drawRoundedRect(QRectF(33, 20, 10, 14), 5, 5)


def _next_case(p: QPainter) -> None:
    """Take the next case (desktop/console): a stack of cards and an arrow out of it."""
    p.setPen(_pen())
    p.drawRoundedRect(QRectF(6, 14, 24, 28), 3, 3)
    p.drawLine(QPointF(11, 9), QPointF(33, 9))
    p.drawLine(QPointF(33, 9), QPointF(33, 34))
    p.setPen(_pen(ACCENT, 3.6))
    p.drawLine(QPointF(22, 28), QPointF(42, 28))
    p.drawPolyline(QPolygonF([QPointF(36, 22), QPointF(42, 28), QPointF(36, 34)]))


def _handover(p: QPainter) -> None:
    """Shift handover (desktop/console): two arrows passing a baton."""
    p.setPen(_pen())
    p.drawLine(QPointF(8, 17), QPointF(36, 17))
    p.drawPolyline(QPolygonF([QPointF(30, 11), QPointF(36, 17), QPointF(30, 23)]))
    p.setPen(_pen(ACCENT, 3.6))
    p.drawLine(QPointF(40, 31), QPointF(12, 31))
    p.drawPolyline(QPolygonF([QPointF(18, 25), QPointF(12, 31), QPointF(18, 37)]))


# ------------------------------------------------------------------ the grid editor (desktop/editor)
def _grid_outline(p: QPainter) -> None:
    p.setPen(_pen(INK, 3.0))
    p.drawPolygon(QPolygonF([QPointF(7, 12), QPointF(30, 6), QPointF(42, 24), QPointF(34, 42), QPointF(9, 36)]))


def _vertex(p: QPainter) -> None:
    """Move vertices: an outline with a grabbed corner."""
    _grid_outline(p)
    p.setPen(_pen(ACCENT, 3.0))
    p.setBrush(QColor("#10161e"))
    p.drawRect(QRectF(25, 1, 10, 10))
    for x, y in ((7, 12), (42, 24), (34, 42), (9, 36)):
        p.drawRect(QRectF(x - 3, y - 3, 6, 6))


def _draw(p: QPainter) -> None:
    """Draw a new grid: a polygon being digitised."""
    p.setPen(_pen(INK, 3.0))
    p.drawPolyline(QPolygonF([QPointF(8, 38), QPointF(12, 10), QPointF(36, 8)]))
    pen = _pen(ACCENT, 3.0)
    pen.setStyle(Qt.PenStyle.DashLine)
    p.setPen(pen)
    p.drawPolyline(QPolygonF([QPointF(36, 8), QPointF(40, 36), QPointF(8, 38)]))
    p.setPen(_pen(ACCENT, 3.4))
    p.drawLine(QPointF(34, 30), QPointF(46, 30))
    p.drawLine(QPointF(40, 24), QPointF(40, 36))


def _split(p: QPainter) -> None:
    _grid_outline(p)
    p.setPen(_pen(ACCENT, 3.6))
    p.drawLine(QPointF(18, 2), QPointF(28, 46))


def _reshape(p: QPainter) -> None:
    _grid_outline(p)
    p.setPen(_pen(ACCENT, 3.4))
    path = QPainterPath(QPointF(30, 6))
    path.cubicTo(QPointF(48, 6), QPointF(50, 30), QPointF(42, 24))
    p.drawPath(path)


def _merge(p: QPainter) -> None:
    p.setPen(_pen(INK, 3.0))
    p.drawRect(QRectF(5, 12, 18, 24))
    p.drawRect(QRectF(25, 12, 18, 24))
    p.setPen(_pen(ACCENT, 3.4))
    p.drawPolyline(QPolygonF([QPointF(10, 24), QPointF(20, 24)]))
    p.drawPolyline(QPolygonF([QPointF(38, 24), QPointF(28, 24)]))
    p.drawPolyline(QPolygonF([QPointF(16, 19), QPointF(21, 24), QPointF(16, 29)]))
    p.drawPolyline(QPolygonF([QPointF(32, 19), QPointF(27, 24), QPointF(32, 29)]))


def _arrow_turn(p: QPainter, redo: bool) -> None:
    if redo:
        p.translate(SIZE, 0)
        p.scale(-1, 1)
    p.setPen(_pen(INK, 3.8))
    path = QPainterPath(QPointF(12, 20))
    path.cubicTo(QPointF(30, 8), QPointF(46, 22), QPointF(36, 38))
    p.drawPath(path)
    p.setPen(_pen(ACCENT, 3.8))
    p.drawPolyline(QPolygonF([QPointF(12, 9), QPointF(11, 21), QPointF(23, 23)]))


def _validate(p: QPainter) -> None:
    _grid_outline(p)
    p.setPen(_pen(QColor("#7fd18b"), 4.4))
    p.drawPolyline(QPolygonF([QPointF(15, 25), QPointF(22, 32), QPointF(35, 16)]))


def _commit(p: QPainter) -> None:
    """Save the edits as a boundary version: a disk."""
    p.setPen(_pen(INK, 3.2))
    p.drawRoundedRect(QRectF(7, 7, 34, 34), 4, 4)
    p.drawRect(QRectF(14, 7, 18, 11))
    p.setPen(_pen(ACCENT, 3.2))
    p.drawRect(QRectF(13, 26, 22, 11))


def _discard(p: QPainter) -> None:
    p.setPen(_pen(INK, 3.2))
    p.drawRoundedRect(QRectF(9, 12, 30, 30), 4, 4)
    p.drawLine(QPointF(6, 12), QPointF(42, 12))
    p.drawLine(QPointF(19, 6), QPointF(29, 6))
    p.setPen(_pen(QColor("#ff6b5e"), 3.4))
    p.drawLine(QPointF(18, 20), QPointF(30, 34))
    p.drawLine(QPointF(30, 20), QPointF(18, 34))


def _parent(p: QPainter) -> None:
    """Move a management grid to another responsibility grid."""
    p.setPen(_pen(INK, 3.0))
    p.drawRect(QRectF(4, 8, 18, 32))
    p.drawRect(QRectF(26, 8, 18, 32))
    p.setPen(_pen(ACCENT, 3.0))
    p.setBrush(QColor(224, 180, 80, 90))
    p.drawRect(QRectF(8, 18, 10, 10))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawLine(QPointF(18, 34), QPointF(34, 34))
    p.drawPolyline(QPolygonF([QPointF(29, 29), QPointF(34, 34), QPointF(29, 39)]))


def _edit_grids(p: QPainter) -> None:
    _grid_outline(p)
    p.setPen(_pen(ACCENT, 4.0))
    p.drawLine(QPointF(22, 34), QPointF(40, 10))
    p.drawLine(QPointF(20, 40), QPointF(22, 34))


_PAINTERS: dict[str, Callable[[QPainter], None]] = {
    "extent": _extent,
    "zoom_in": lambda p: _magnifier(p, True),
    "zoom_out": lambda p: _magnifier(p, False),
    "screenshot": _camera,
    "export": _export,
    "refresh": _refresh,
    "quit": _quit,
    "about": _about,
    "layers": _layers,
    "calendar": _calendar,
    "lock": _lock,
    "users": _users,
    "audit": _audit,
    "chart": _chart,
    "next_case": _next_case,
    "handover": _handover,
    "vertex": _vertex,
    "draw": _draw,
    "split": _split,
    "reshape": _reshape,
    "merge": _merge,
    "undo": lambda p: _arrow_turn(p, False),
    "redo": lambda p: _arrow_turn(p, True),
    "validate": _validate,
    "commit": _commit,
    "discard": _discard,
    "parent": _parent,
    "edit_grids": _edit_grids,
}

ICON_NAMES = tuple(_PAINTERS)


def icon(name: str) -> QIcon:
    """A named icon (see ICON_NAMES); an unknown name gives an empty icon."""
    painter_fn = _PAINTERS.get(name)
    if painter_fn is None:
        return QIcon()
    pm = QPixmap(SIZE, SIZE)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter_fn(p)
    p.end()
    return QIcon(pm)
