"""Interactive charts of the statistics dashboard (pyqtgraph, dark): bars that show their
value on hover and report a click, this year's cases per day against last year's, months
side by side, and a grid choropleth drawn with QPainter.

Every chart keeps what it shows (`items`, `values`) so tests can check the numbers, and
has `hover_index` / `click_index` doing exactly what the mouse does."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QVBoxLayout, QWidget
from shapely.geometry.base import BaseGeometry

from desktop import theme
from desktop.app import ui_font
from desktop.supervision.common import BAR, BAR_HOVER, LAST_YEAR, THIS_YEAR
from gis.crs import to_metric

translate = QCoreApplication.translate


def _style_plot(plot: pg.PlotWidget) -> None:
    plot.setBackground(theme.BG_PANEL)
    item = plot.getPlotItem()
    item.setMenuEnabled(False)
    item.hideButtons()
    plot.setMouseEnabled(x=False, y=False)
    font = ui_font(9.5)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(theme.BORDER))
        axis.setTextPen(pg.mkPen(theme.TEXT_DIM))
        axis.setStyle(tickFont=font, tickLength=-4)
    item.showGrid(x=False, y=False)


@dataclass(frozen=True, slots=True)
class BarItem:
    key: str
    label: str
    value: float
    compare: float | None = None  # last year's value, drawn as a thin marker
    tip: str = ""


class BarChart(QWidget):
    """Horizontal (names on the left, largest on top) or vertical bars. Hover shows the
    value; a click emits `bar_clicked(key)`."""

    bar_clicked = Signal(str)

    def __init__(
        self,
        horizontal: bool = True,
        parent: QWidget | None = None,
        label_width: int = 120,
        max_chars: int = 9,
    ) -> None:
        super().__init__(parent)
        self.horizontal = horizontal
        self.max_chars = max_chars
        self.label_width = label_width
        self.baseline = 0.0  # where bars start (a score chart starts near the lowest score)
        self.items: list[BarItem] = []
        self.hovered: int | None = None
        self.plot = pg.PlotWidget(self)
        _style_plot(self.plot)
        if horizontal:
            self.plot.getPlotItem().getAxis("left").setWidth(label_width)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)
        self._bars: pg.BarGraphItem | None = None
        self._marks: pg.ScatterPlotItem | None = None
        self._labels: list[pg.TextItem] = []
        scene = self.plot.scene()
        scene.sigMouseMoved.connect(self._on_move)
        scene.sigMouseClicked.connect(self._on_click)
        self.setMinimumHeight(160)

    # ------------------------------------------------------------------ data
    def short(self, label: str) -> str:
        """A tick label that fits the axis (the tooltip has the full name)."""
        if not self.horizontal:
            return label if len(label) <= self.max_chars else label[: self.max_chars - 1] + "…"
        metrics = QFontMetrics(ui_font(9.5))
        return metrics.elidedText(
            label, Qt.TextElideMode.ElideRight, max(self.label_width - 10, 40)
        )

    def set_items(self, items: Sequence[BarItem], baseline: float = 0.0) -> None:
        self.items = list(items)
        self.baseline = b = float(baseline)
        self.hovered = None
        pi = self.plot.getPlotItem()
        pi.clear()
        self._labels = []
        self._marks = None
        n = len(self.items)
        if n == 0:
            self._bars = None
            return
        values = np.array([max(0.0, float(i.value)) for i in self.items])
        lengths = np.maximum(values - b, 0.0)
        pos = self._positions()
        brushes = [pg.mkBrush(BAR) for _ in self.items]
        ticks = [(float(p), self.short(it.label)) for p, it in zip(pos, self.items, strict=True)]
        if self.horizontal:
            self._bars = pg.BarGraphItem(
                x0=b, y=pos, height=0.62, width=lengths, brushes=brushes, pen=pg.mkPen(None)
            )
            pi.getAxis("left").setTicks([ticks])
            pi.getAxis("bottom").setTicks(None)
        else:
            self._bars = pg.BarGraphItem(
                x=pos, y0=b, width=0.62, height=lengths, brushes=brushes, pen=pg.mkPen(None)
            )
            pi.getAxis("bottom").setTicks([ticks])
            pi.getAxis("left").setTicks(None)
        pi.addItem(self._bars)
        compare = [
            (p, i.compare) for p, i in zip(pos, self.items, strict=True) if i.compare is not None
        ]
        if compare:
            cp = np.array([c[0] for c in compare], dtype=float)
            cv = np.array([c[1] for c in compare], dtype=float)
            xs, ys = (cv, cp) if self.horizontal else (cp, cv)
            self._marks = pg.ScatterPlotItem(
                x=xs,
                y=ys,
                symbol="|" if self.horizontal else "_",
                size=16,
                pen=pg.mkPen(LAST_YEAR, width=3),
                brush=pg.mkBrush(LAST_YEAR),
            )
            pi.addItem(self._marks)
        top = max(max(float(i.value), float(i.compare or 0)) for i in self.items)
        span = max(top - b, 1e-9)
        font = ui_font(9)
        for p, it in zip(pos, self.items, strict=True):
            end = max(float(it.value), float(it.compare or 0))
            digits = 0 if float(it.value).is_integer() or abs(it.value) >= 1000 else 1
            text = pg.TextItem(
                f"{it.value:,.{digits}f}",
                color=theme.TEXT,
                anchor=(0, 0.5) if self.horizontal else (0.5, 1),
            )
            text.setFont(font)
            if self.horizontal:
                text.setPos(end + span * 0.015, float(p))
            else:
                text.setPos(float(p), end + span * 0.01)
            pi.addItem(text)
            self._labels.append(text)
        if self.horizontal:
            pi.setXRange(b, b + span * 1.17, padding=0)
            pi.setYRange(-0.6, n - 0.4, padding=0)
        else:
            pi.setYRange(b, b + span * 1.2, padding=0)
            pi.setXRange(-0.6, n - 0.4, padding=0)

    def _positions(self) -> np.ndarray:
        n = len(self.items)
        return (
            np.arange(n - 1, -1, -1, dtype=float) if self.horizontal else np.arange(n, dtype=float)
        )

    # ------------------------------------------------------------------ hit testing
    def index_at_view(self, x: float, y: float) -> int | None:
        """The bar whose row (or column) holds the view point: anywhere along it counts, so
        short bars are as easy to hit as long ones."""
        n = len(self.items)
        if n == 0:
            return None
        along, across = (y, x) if self.horizontal else (x, y)
        slot = round(along)
        if not 0 <= slot < n or abs(along - slot) > 0.36:
            return None
        top = max(max(float(i.value), float(i.compare or 0)) for i in self.items)
        if across < self.baseline or across > self.baseline + max(top - self.baseline, 1e-9) * 1.2:
            return None
        return (n - 1 - slot) if self.horizontal else slot

    def index_at(self, scene_pos: QPointF) -> int | None:
        vb = self.plot.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        p = vb.mapSceneToView(scene_pos)
        return self.index_at_view(p.x(), p.y())

    def view_point_of(self, index: int) -> QPointF:
        """The middle of bar `index` in the plot widget's coordinates (for tests)."""
        n = len(self.items)
        slot = (n - 1 - index) if self.horizontal else index
        v = self.baseline + max((float(self.items[index].value) - self.baseline) / 2, 0.0)
        vp = QPointF(v, slot) if self.horizontal else QPointF(slot, v)
        scene = self.plot.getPlotItem().getViewBox().mapViewToScene(vp)
        return self.plot.mapFromScene(scene).toPointF()

    def tooltip(self, index: int) -> str:
        it = self.items[index]
        digits = 0 if float(it.value).is_integer() else 1
        text = translate("Supervision", "{a}: {b}").format(a=it.label, b=f"{it.value:,.{digits}f}")
        if it.compare is not None:
            text += "\n" + translate("Supervision", "Before: {n}").format(
                n=f"{it.compare:,.{digits}f}"
            )
        if it.tip:
            text += "\n" + it.tip
        return text

    def hover_index(self, index: int | None, global_pos: Any = None) -> str:
        """Highlight bar `index` and show its value; returns the text shown."""
        self.hovered = index
        if self._bars is not None:
            brushes = [pg.mkBrush(BAR_HOVER if i == index else BAR) for i in range(len(self.items))]
            self._bars.setOpts(brushes=brushes)
        if index is None:
            QToolTip.hideText()
            self.plot.setToolTip("")
            return ""
        text = self.tooltip(index)
        self.plot.setToolTip(text)
        if global_pos is not None:
            QToolTip.showText(global_pos, text, self.plot)
        return text

    def click_index(self, index: int) -> None:
        if 0 <= index < len(self.items):
            self.bar_clicked.emit(self.items[index].key)

    def _on_move(self, scene_pos: QPointF) -> None:
        idx = self.index_at(scene_pos)
        if idx != self.hovered:
            gp = self.plot.mapToGlobal(self.plot.mapFromScene(scene_pos))
            self.hover_index(idx, gp)
            self.plot.setCursor(
                Qt.CursorShape.PointingHandCursor if idx is not None else Qt.CursorShape.ArrowCursor
            )

    def _on_click(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        idx = self.index_at(event.scenePos())
        if idx is not None:
            self.click_index(idx)


def rolling(y: np.ndarray, days: int = 7) -> np.ndarray:
    """The trailing mean over `days` days (over fewer at the start)."""
    if len(y) == 0:
        return y
    c = np.cumsum(np.concatenate([[0.0], y]))
    idx = np.arange(1, len(y) + 1)
    lo = np.maximum(idx - days, 0)
    return (c[idx] - c[lo]) / (idx - lo)


def _month_ticks(year: int) -> list[tuple[float, str]]:
    from PySide6.QtCore import QLocale

    loc = QLocale()
    return [
        (
            float((date(year, mo, 1) - date(year, 1, 1)).days + 1),
            loc.standaloneMonthName(mo, QLocale.FormatType.ShortFormat),
        )
        for mo in range(1, 13)
    ]


class DailyChart(QWidget):
    """Cases per day, this year against last year, by day of the year. Hover shows both
    values of the day; a click emits `day_clicked(date)` (this year's)."""

    day_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year = date.today().year
        self.values: dict[date, int] = {}
        self.last_year: dict[date, int] = {}
        self.plot = pg.PlotWidget(self)
        _style_plot(self.plot)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)
        self.cursor = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen(theme.ACCENT, width=1, style=Qt.PenStyle.DashLine)
        )
        self.readout = pg.TextItem(
            "", color=theme.TEXT, anchor=(0, 0), fill=pg.mkBrush(QColor(20, 27, 36, 220))
        )
        self.readout.setFont(ui_font(9.5))
        scene = self.plot.scene()
        scene.sigMouseMoved.connect(self._on_move)
        scene.sigMouseClicked.connect(self._on_click)
        self.setMinimumHeight(200)

    def set_data(
        self, year: int, values: dict[date, int], last_year: dict[date, int], until: date
    ) -> None:
        self.year, self.values, self.last_year = year, dict(values), dict(last_year)
        pi = self.plot.getPlotItem()
        pi.clear()
        ly_days = [
            date(year - 1, 1, 1) + timedelta(days=i)
            for i in range((date(year, 1, 1) - date(year - 1, 1, 1)).days)
        ]
        x_ly = np.array([d.timetuple().tm_yday for d in ly_days], dtype=float)
        y_ly = np.array([last_year.get(d, 0) for d in ly_days], dtype=float)
        days = [
            date(year, 1, 1) + timedelta(days=i) for i in range((until - date(year, 1, 1)).days + 1)
        ]
        x = np.array([d.timetuple().tm_yday for d in days], dtype=float)
        y = np.array([values.get(d, 0) for d in days], dtype=float)
        faint_ly, faint = QColor(LAST_YEAR), QColor(THIS_YEAR)
        faint_ly.setAlpha(70)
        faint.setAlpha(90)
        pi.addItem(pg.PlotDataItem(x_ly, y_ly, pen=pg.mkPen(faint_ly, width=1)))
        pi.addItem(pg.PlotDataItem(x, y, pen=pg.mkPen(faint, width=1)))
        pi.addItem(pg.PlotDataItem(x_ly, rolling(y_ly), pen=pg.mkPen(LAST_YEAR, width=2.2)))
        pi.addItem(pg.PlotDataItem(x, rolling(y), pen=pg.mkPen(THIS_YEAR, width=2.6)))
        pi.getAxis("bottom").setTicks([_month_ticks(year)])
        top = max([*y.tolist(), *y_ly.tolist(), 1.0])
        pi.setYRange(0, top * 1.12, padding=0)
        pi.setXRange(1, 367, padding=0.01)
        pi.addItem(self.cursor, ignoreBounds=True)
        pi.addItem(self.readout, ignoreBounds=True)
        self.cursor.hide()
        self.readout.hide()

    def day_at_view(self, x: float) -> date | None:
        doy = round(x)
        try:
            d = date(self.year, 1, 1) + timedelta(days=doy - 1)
        except OverflowError:
            return None
        return d if d.year == self.year and doy >= 1 else None

    def readout_text(self, d: date) -> str:
        try:
            before = d.replace(year=d.year - 1)
        except ValueError:
            before = d.replace(year=d.year - 1, day=28)
        return translate("Supervision", "{day}: {n} cases, last year {m}").format(
            day=f"{d:%m-%d}", n=self.values.get(d, 0), m=self.last_year.get(before, 0)
        )

    def hover_day(self, d: date | None) -> str:
        if d is None:
            self.cursor.hide()
            self.readout.hide()
            return ""
        x = float(d.timetuple().tm_yday)
        self.cursor.setValue(x)
        self.cursor.show()
        text = self.readout_text(d)
        self.readout.setText(text)
        vr = self.plot.getPlotItem().getViewBox().viewRange()
        self.readout.setPos(min(x + 3, vr[0][1] - (vr[0][1] - vr[0][0]) * 0.22), vr[1][1] * 0.98)
        self.readout.show()
        return text

    def _on_move(self, scene_pos: QPointF) -> None:
        vb = self.plot.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            self.hover_day(None)
            return
        self.hover_day(self.day_at_view(vb.mapSceneToView(scene_pos).x()))

    def _on_click(self, event: Any) -> None:
        vb = self.plot.getPlotItem().getViewBox()
        if event.button() != Qt.MouseButton.LeftButton or not vb.sceneBoundingRect().contains(
            event.scenePos()
        ):
            return
        d = self.day_at_view(vb.mapSceneToView(event.scenePos()).x())
        if d is not None:
            self.day_clicked.emit(d)


class MonthChart(QWidget):
    """Cases per month: this year's bar beside last year's. Hover shows both; a click
    emits `month_clicked(month)`."""

    month_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[int] = [0] * 12
        self.last_year: list[int] = [0] * 12
        self.year = date.today().year
        self.hovered: int | None = None
        self.plot = pg.PlotWidget(self)
        _style_plot(self.plot)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)
        self._now: pg.BarGraphItem | None = None
        scene = self.plot.scene()
        scene.sigMouseMoved.connect(self._on_move)
        scene.sigMouseClicked.connect(self._on_click)
        self.setMinimumHeight(180)

    def set_data(self, year: int, values: Sequence[int], last_year: Sequence[int]) -> None:
        self.year, self.values, self.last_year = year, list(values), list(last_year)
        pi = self.plot.getPlotItem()
        pi.clear()
        x = np.arange(1, 13, dtype=float)
        pi.addItem(
            pg.BarGraphItem(
                x=x - 0.19,
                y0=0,
                width=0.36,
                height=np.array(last_year, float),
                brush=pg.mkBrush(LAST_YEAR),
                pen=pg.mkPen(None),
            )
        )
        self._now = pg.BarGraphItem(
            x=x + 0.19,
            y0=0,
            width=0.36,
            height=np.array(values, float),
            brush=pg.mkBrush(THIS_YEAR),
            pen=pg.mkPen(None),
        )
        pi.addItem(self._now)
        from PySide6.QtCore import QLocale

        loc = QLocale()
        pi.getAxis("bottom").setTicks(
            [
                [
                    (float(m), loc.standaloneMonthName(m, QLocale.FormatType.ShortFormat))
                    for m in range(1, 13)
                ]
            ]
        )
        pi.setXRange(0.4, 12.6, padding=0)
        pi.setYRange(0, max([*values, *last_year, 1]) * 1.12, padding=0)

    def month_at_view(self, x: float) -> int | None:
        mo = round(x)
        return mo if 1 <= mo <= 12 and abs(x - mo) <= 0.45 else None

    def tooltip(self, month: int) -> str:
        return translate("Supervision", "Month {m}: {n} cases, last year {p}").format(
            m=month, n=f"{self.values[month - 1]:,}", p=f"{self.last_year[month - 1]:,}"
        )

    def hover_month(self, month: int | None, global_pos: Any = None) -> str:
        self.hovered = month
        if self._now is not None:
            self._now.setOpts(
                brushes=[pg.mkBrush(BAR_HOVER if m == month else THIS_YEAR) for m in range(1, 13)]
            )
        if month is None:
            self.plot.setToolTip("")
            return ""
        text = self.tooltip(month)
        self.plot.setToolTip(text)
        if global_pos is not None:
            QToolTip.showText(global_pos, text, self.plot)
        return text

    def _on_move(self, scene_pos: QPointF) -> None:
        vb = self.plot.getPlotItem().getViewBox()
        mo = (
            self.month_at_view(vb.mapSceneToView(scene_pos).x())
            if vb.sceneBoundingRect().contains(scene_pos)
            else None
        )
        if mo != self.hovered:
            self.hover_month(mo, self.plot.mapToGlobal(self.plot.mapFromScene(scene_pos)))

    def _on_click(self, event: Any) -> None:
        vb = self.plot.getPlotItem().getViewBox()
        if event.button() != Qt.MouseButton.LeftButton or not vb.sceneBoundingRect().contains(
            event.scenePos()
        ):
            return
        mo = self.month_at_view(vb.mapSceneToView(event.scenePos()).x())
        if mo is not None:
            self.month_clicked.emit(mo)


# ---------------------------------------------------------------- the grid choropleth

RAMP = ("#163047", "#1f4f75", "#2b6f9f", "#e0b450", "#f08a3c", "#e8503a")


def ramp_colour(t: float, ramp: Sequence[str] = RAMP) -> QColor:
    """Colour at 0..1 along a ramp (dark blue for few, gold to red for many)."""
    t = min(max(t, 0.0), 1.0) * (len(ramp) - 1)
    i = min(int(t), len(ramp) - 2)
    a, b = QColor(ramp[i]), QColor(ramp[i + 1])
    f = t - i
    return QColor(
        int(a.red() + (b.red() - a.red()) * f),
        int(a.green() + (b.green() - a.green()) * f),
        int(a.blue() + (b.blue() - a.blue()) * f),
    )


@dataclass(frozen=True, slots=True)
class Shape:
    key: str
    name: str
    geometry: BaseGeometry  # EPSG:4490


class GridMap(QWidget):
    """Polygons coloured by a value per key (a choropleth); hover names the grid and its
    value, a click emits `shape_clicked(key)`. `colours` overrides the ramp per key (e.g.
    missed patrols in red), `lines` draws routes on top."""

    shape_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shapes: list[Shape] = []
        self.values: dict[str, float] = {}
        self.colours: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.lines: list[BaseGeometry] = []
        self.unit = ""
        self.hovered: str | None = None
        self.selected: str | None = None
        self.legend = True
        self._paths: list[tuple[str, QPainterPath]] = []
        self._line_paths: list[QPainterPath] = []
        self._bounds = QRectF()
        self.setMouseTracking(True)
        self.setMinimumSize(220, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_shapes(self, shapes: Sequence[Shape]) -> None:
        self.shapes = list(shapes)
        self._paths = []
        xmin = ymin = math.inf
        xmax = ymax = -math.inf
        for s in self.shapes:
            g = to_metric(s.geometry)
            path = QPainterPath()
            polys = list(getattr(g, "geoms", [g]))
            for poly in polys:
                for ring in [poly.exterior, *poly.interiors]:
                    path.addPolygon(QPolygonF([QPointF(x, -y) for x, y in ring.coords]))
                    path.closeSubpath()
            self._paths.append((s.key, path))
            bx0, by0, bx1, by1 = g.bounds
            xmin, ymin, xmax, ymax = min(xmin, bx0), min(ymin, by0), max(xmax, bx1), max(ymax, by1)
        self._bounds = QRectF(xmin, -ymax, xmax - xmin, ymax - ymin) if self.shapes else QRectF()
        self.update()

    def set_values(
        self,
        values: dict[str, float],
        unit: str = "",
        colours: dict[str, str] | None = None,
        labels: dict[str, str] | None = None,
    ) -> None:
        self.values, self.unit = dict(values), unit
        self.colours = dict(colours or {})
        self.labels = dict(labels or {})
        self.update()

    def set_lines(self, lines: Sequence[BaseGeometry]) -> None:
        self.lines = list(lines)
        self._line_paths = []
        for line in self.lines:
            g = to_metric(line)
            path = QPainterPath()
            coords = list(g.coords)
            if coords:
                path.moveTo(coords[0][0], -coords[0][1])
                for x, y in coords[1:]:
                    path.lineTo(x, -y)
            self._line_paths.append(path)
        self.update()

    def _transform(self) -> tuple[float, float, float]:
        b = self._bounds
        if b.isEmpty():
            return 1.0, 0.0, 0.0
        m = 10.0
        s = min((self.width() - 2 * m) / b.width(), (self.height() - 2 * m) / b.height())
        ox = (self.width() - b.width() * s) / 2 - b.left() * s
        oy = (self.height() - b.height() * s) / 2 - b.top() * s
        return s, ox, oy

    def colour_of(self, key: str) -> QColor:
        if key in self.colours:
            return QColor(self.colours[key])
        top = max(self.values.values(), default=0) or 1
        v = self.values.get(key)
        if v is None:
            return QColor(theme.BG_ALT)
        return ramp_colour(v / top)

    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(theme.BG_PANEL))
        s, ox, oy = self._transform()
        p.translate(ox, oy)
        p.scale(s, s)
        edge = QPen(QColor("#0b0f14"), 1.2 / s)
        for key, path in self._paths:
            p.setPen(edge)
            p.setBrush(QBrush(self.colour_of(key)))
            p.drawPath(path)
        for key, path in self._paths:
            if key in (self.hovered, self.selected):
                p.setPen(QPen(QColor(theme.ACCENT), 2.6 / s))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(path)
        if self._line_paths:
            p.setPen(QPen(QColor("#7ee0ff"), 2.0 / s))
            p.setBrush(Qt.BrushStyle.NoBrush)
            for path in self._line_paths:
                p.drawPath(path)
        p.resetTransform()
        p.setFont(ui_font(8.5))
        for key, path in self._paths:
            text = self.labels.get(key)
            br = path.boundingRect()
            if not text or min(br.width(), br.height()) * s < 42:
                continue
            c = br.center()
            pt = QPointF(c.x() * s + ox, c.y() * s + oy)
            p.setPen(QColor("#0b0f14"))
            p.drawText(
                QRectF(pt.x() - 40 + 1, pt.y() - 9 + 1, 80, 18), Qt.AlignmentFlag.AlignCenter, text
            )
            p.setPen(QColor("#ffffff"))
            p.drawText(QRectF(pt.x() - 40, pt.y() - 9, 80, 18), Qt.AlignmentFlag.AlignCenter, text)
        if self.legend and self.values and not self.colours:
            self._draw_legend(p)
        p.end()

    def _draw_legend(self, p: QPainter) -> None:
        top = max(self.values.values(), default=0)
        w, h = 120, 10
        x, y = 12, self.height() - 32
        for i in range(w):
            p.setPen(ramp_colour(i / (w - 1)))
            p.drawLine(x + i, y, x + i, y + h)
        p.setPen(QColor(theme.TEXT_DIM))
        p.drawText(QRectF(x, y + h + 1, w, 16), Qt.AlignmentFlag.AlignLeft, "0")
        p.drawText(QRectF(x, y + h + 1, w, 16), Qt.AlignmentFlag.AlignRight, f"{top:,.0f}")

    def key_at(self, pos: QPointF) -> str | None:
        s, ox, oy = self._transform()
        if s == 0:
            return None
        pt = QPointF((pos.x() - ox) / s, (pos.y() - oy) / s)
        for key, path in reversed(self._paths):
            if path.contains(pt):
                return key
        return None

    def point_of(self, key: str) -> QPointF:
        """A point inside `key`'s shape, in widget coordinates (for tests)."""
        s, ox, oy = self._transform()
        for k, shape in zip((k for k, _ in self._paths), self.shapes, strict=True):
            if k == key:
                rp = to_metric(shape.geometry).representative_point()
                return QPointF(rp.x * s + ox, -rp.y * s + oy)
        return QPointF()

    def tooltip(self, key: str) -> str:
        name = next((s.name for s in self.shapes if s.key == key), key)
        v = self.values.get(key)
        if v is None:
            return name
        return f"{name}: {v:,.0f} {self.unit}".strip()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        key = self.key_at(event.position())
        if key != self.hovered:
            self.hovered = key
            text = self.tooltip(key) if key else ""
            self.setToolTip(text)
            if key:
                QToolTip.showText(event.globalPosition().toPoint(), text, self)
            self.setCursor(Qt.CursorShape.PointingHandCursor if key else Qt.CursorShape.ArrowCursor)
            self.update()

    def leaveEvent(self, _event: Any) -> None:
        self.hovered = None
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        key = self.key_at(event.position())
        if key is not None:
            self.selected = key
            self.update()
            self.shape_clicked.emit(key)


def bold(font: QFont) -> QFont:
    f = QFont(font)
    f.setBold(True)
    return f
