"""The statistics dashboard (统计分析): this year's cases against last year's by day and by
month, by source, category, department and grid (bars and a choropleth), the professional
hazard reports, and the case list every chart filters with a click."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import stats
from db.supervision import grid_shapes, read
from desktop import labels, theme
from desktop.app import current_lang
from desktop.supervision.charts import BarChart, BarItem, DailyChart, GridMap, MonthChart, Shape
from desktop.supervision.common import error_html, signed_pct, title
from desktop.worker import run_async

translate = QCoreApplication.translate
TOP_N = 12


def pick(name: str, name_en: str) -> str:
    """A record's name in the interface language (English names where there are some)."""
    return name_en if current_lang() == "en" and name_en else name


@dataclass
class ListFilter:
    """What the case list shows: a period, a chart's selection and its description."""

    start: date
    end: date
    filters: stats.CaseFilter
    text: str


def card(heading: str, body: QWidget, parent: QWidget | None = None, hint: str = "") -> QFrame:
    frame = QFrame(parent)
    frame.setObjectName("supCard")
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(12, 10, 12, 10)
    lay.setSpacing(6)
    head = QHBoxLayout()
    label = QLabel(heading, frame)
    label.setObjectName("supSection")
    frame.setProperty("heading", heading)
    frame.heading = label  # type: ignore[attr-defined]
    head.addWidget(label)
    head.addStretch(1)
    if hint:
        h = QLabel(hint, frame)
        h.setObjectName("supHint")
        head.addWidget(h)
    lay.addLayout(head)
    lay.addWidget(body, 1)
    return frame


class Kpi(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supKpi")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 8, 14, 8)
        lay.setSpacing(2)
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("kpiLabel")
        self.value = QLabel("—", self)
        self.value.setObjectName("kpiValue")
        self.change = QLabel("", self)
        self.change.setObjectName("kpiLabel")
        lay.addWidget(self.caption)
        lay.addWidget(self.value)
        lay.addWidget(self.change)

    def set(self, value: str, change: str = "", pct: float | None = None) -> None:
        self.value.setText(value)
        self.change.setText(change)
        self.change.setObjectName(
            "kpiDown" if (pct or 0) < 0 else "kpiUp" if (pct or 0) > 0 else "kpiLabel"
        )
        self.change.style().unpolish(self.change)
        self.change.style().polish(self.change)


class CaseListTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setObjectName("supCaseList")
        self.setHorizontalHeaderLabels(
            [
                translate("Supervision", "Number"),
                translate("Supervision", "Reported"),
                translate("Supervision", "Category"),
                translate("Supervision", "Grid"),
                translate("Supervision", "State"),
            ]
        )
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        hh = self.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(3, 110)
        self.rows: list[stats.CaseListRow] = []

    def set_rows(self, rows: list[stats.CaseListRow]) -> None:
        self.rows = rows
        self.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = (
                r.number,
                f"{r.reported_at:%m-%d %H:%M}",
                pick(r.category_name, r.category_name_en),
                r.grid_name,
                labels.state_label(r.state),
            )
            tip = "\n".join(
                x
                for x in (
                    labels.source_label(r.source),
                    pick(r.department_name, r.department_name_en),
                    r.address,
                )
                if x
            )
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setToolTip(tip)
                if j == 4:
                    item.setForeground(theme.state_colour(r.state))
                self.setItem(i, j, item)


class StatisticsPanel(QWidget):
    """The dashboard over an engine; `load()` computes it off the GUI thread."""

    loaded = Signal()
    list_loaded = Signal()

    def __init__(self, engine: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsPanel")
        self.engine = engine
        self.data: stats.Dashboard | None = None
        self.current: ListFilter | None = None
        self.case_list: stats.CaseList | None = None
        self.shapes: list[Shape] = []

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 10, 12, 10)
        root.setSpacing(8)
        head = QHBoxLayout()
        head.addWidget(title(self.tr("Statistics"), self))
        self.as_of = QLabel("", self)
        self.as_of.setObjectName("supSub")
        head.addWidget(self.as_of)
        head.addStretch(1)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.load)
        head.addWidget(self.refresh_button)
        root.addLayout(head)
        self.error = QLabel("", self)
        self.error.setObjectName("supError")
        self.error.setWordWrap(True)
        self.error.hide()
        root.addWidget(self.error)

        kpis = QHBoxLayout()
        self.kpi_half = Kpi(self.tr("Cases, first half"), self)
        self.kpi_year = Kpi(self.tr("Cases this year to date"), self)
        self.kpi_hazard = Kpi(self.tr("Professional hazard reports, first half"), self)
        self.kpi_open = Kpi(self.tr("Open cases now"), self)
        for k in (self.kpi_half, self.kpi_year, self.kpi_hazard, self.kpi_open):
            kpis.addWidget(k, 1)
        root.addLayout(kpis)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        root.addWidget(split, 1)
        scroll = QScrollArea(split)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        charts = QWidget(scroll)
        grid = QGridLayout(charts)
        grid.setContentsMargins(0, 0, 6, 0)
        grid.setSpacing(10)
        self.daily = DailyChart(charts)
        self.daily.setMinimumHeight(230)
        self.monthly = MonthChart(charts)
        self.sources = BarChart(horizontal=False, parent=charts)
        self.categories = BarChart(horizontal=True, parent=charts, label_width=130)
        self.departments = BarChart(horizontal=True, parent=charts, label_width=150)
        self.grids = BarChart(horizontal=True, parent=charts, label_width=130)
        self.grid_map = GridMap(charts)
        self.hazards = QTableWidget(0, 5, charts)
        self.hazards.setObjectName("supHazards")
        self.hazards.setHorizontalHeaderLabels(
            [
                self.tr("Number"),
                self.tr("Reported"),
                self.tr("Category"),
                self.tr("Grid"),
                self.tr("State"),
            ]
        )
        self.hazards.verticalHeader().hide()
        self.hazards.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hazards.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hazards.setAlternatingRowColors(True)
        self.hazards.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.hazards.horizontalHeader().setStretchLastSection(True)
        self.hazards.setMinimumHeight(220)
        for w in (self.categories, self.departments, self.grids):
            w.setMinimumHeight(330)
        self.grid_map.setMinimumHeight(330)
        self.hint = self.tr("Click a bar to list its cases")
        grid.addWidget(
            card(
                self.tr("Cases per day, this year against last year"),
                self.daily,
                charts,
                self.tr("Click a day to list its cases"),
            ),
            0,
            0,
            1,
            2,
        )
        grid.addWidget(
            card(
                self.tr("Cases per month"),
                self.monthly,
                charts,
                self.tr("blue: this year · grey: last year"),
            ),
            1,
            0,
        )
        grid.addWidget(card(self.tr("Cases by source"), self.sources, charts, self.hint), 1, 1)
        grid.addWidget(
            card(self.tr("Cases by category (top 12)"), self.categories, charts, self.hint), 2, 0
        )
        grid.addWidget(
            card(self.tr("Cases by department (top 12)"), self.departments, charts, self.hint), 2, 1
        )
        grid.addWidget(
            card(self.tr("Cases by responsibility grid (top 15)"), self.grids, charts, self.hint),
            3,
            0,
        )
        grid.addWidget(
            card(
                self.tr("Cases per grid this year"),
                self.grid_map,
                charts,
                self.tr("Click a grid to list its cases"),
            ),
            3,
            1,
        )
        self.hazard_card = card(
            self.tr("Professional hazard reports"),
            self.hazards,
            charts,
            self.tr("fire hazards and major hazard sources"),
        )
        grid.addWidget(self.hazard_card, 4, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll.setWidget(charts)
        split.addWidget(scroll)

        side = QFrame(split)
        side.setObjectName("supCard")
        sl = QVBoxLayout(side)
        sl.setContentsMargins(10, 10, 10, 10)
        row = QHBoxLayout()
        lt = QLabel(self.tr("Cases"), side)
        lt.setObjectName("supSection")
        row.addWidget(lt)
        row.addStretch(1)
        self.clear_button = QPushButton(self.tr("Show all"), side)
        self.clear_button.setShortcut("Esc")
        self.clear_button.clicked.connect(self.clear_filter)
        row.addWidget(self.clear_button)
        sl.addLayout(row)
        self.filter_chip = QLabel("", side)
        self.filter_chip.setObjectName("filterChip")
        self.filter_chip.setWordWrap(True)
        sl.addWidget(self.filter_chip)
        self.list_count = QLabel("", side)
        self.list_count.setObjectName("supHint")
        sl.addWidget(self.list_count)
        self.case_table = CaseListTable(side)
        sl.addWidget(self.case_table, 1)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([1000, 560])

        self.daily.day_clicked.connect(self._on_day)
        self.monthly.month_clicked.connect(self._on_month)
        self.sources.bar_clicked.connect(lambda k: self._on_bar("source", k))
        self.categories.bar_clicked.connect(lambda k: self._on_bar("category", k))
        self.departments.bar_clicked.connect(lambda k: self._on_bar("department", k))
        self.grids.bar_clicked.connect(lambda k: self._on_bar("grid", k))
        self.grid_map.shape_clicked.connect(lambda k: self._on_bar("grid", k))
        self.hazard_card.setVisible(False)

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        self.refresh_button.setEnabled(False)
        self.as_of.setText(self.tr("Computing…"))
        run_async(self, self._compute, on_done=self._show, on_error=self._failed)

    def _compute(self) -> tuple[stats.Dashboard, list[Any]]:
        data = stats.load_dashboard(self.engine)
        shapes = self.shapes or read(self.engine, grid_shapes)
        return data, shapes

    def _failed(self, exc: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.as_of.setText("")
        self.error.setText(error_html(exc))
        self.error.show()

    def _show(self, result: tuple[stats.Dashboard, list[Any]]) -> None:
        data, shapes = result
        self.error.hide()
        self.refresh_button.setEnabled(True)
        if not self.shapes:
            self.shapes = [Shape(str(s.id), s.name, s.geometry) for s in shapes]
            self.grid_map.set_shapes(self.shapes)
        self.data = d = data
        self.as_of.setText(self.tr("as of {t}").format(t=f"{d.as_of:%Y-%m-%d %H:%M}"))
        self.kpi_half.set(
            f"{d.first_half:,}",
            self.tr("{year} H1 · {pct} on last year ({n})").format(
                year=d.half_year,
                pct=signed_pct(d.first_half_change_pct),
                n=f"{d.first_half_last_year:,}",
            ),
            d.first_half_change_pct,
        )
        self.kpi_year.set(
            f"{d.total:,}",
            self.tr("{pct} on the same period last year").format(pct=signed_pct(d.change_pct)),
            d.change_pct,
        )
        self.kpi_hazard.set(
            f"{d.hazard_first_half:,}", self.tr("fire hazards, major hazard sources")
        )
        self.kpi_open.set(f"{d.open_cases:,}", self.tr("reported, being handled or to verify"))
        self.daily.set_data(d.year, d.per_day, d.per_day_last_year, d.as_of.date())
        self.monthly.set_data(d.year, d.per_month, d.per_month_last_year)
        self.sources.set_items(
            [
                BarItem(
                    c.key,
                    labels.source_short_label(c.key),
                    c.n,
                    c.n_last_year,
                    labels.source_label(c.key),
                )
                for c in d.by_source
            ]
        )
        self.categories.set_items(
            [
                BarItem(c.key, pick(c.name, c.name_en), c.n, c.n_last_year, pick(c.group, ""))
                for c in d.by_category[:TOP_N]
            ]
        )
        self.departments.set_items(
            [
                BarItem(c.key, pick(c.name, c.name_en), c.n, c.n_last_year)
                for c in d.by_department[:TOP_N]
            ]
        )
        self.grids.set_items([BarItem(c.key, c.name, c.n, c.n_last_year) for c in d.by_grid[:15]])
        per_grid = {c.key: float(c.n) for c in d.by_grid}
        self.grid_map.set_values(
            per_grid, self.tr("cases"), labels={k: f"{v:,.0f}" for k, v in per_grid.items()}
        )
        self.hazards.setRowCount(len(d.hazard_reports))
        for i, h in enumerate(d.hazard_reports):
            for j, v in enumerate(
                (
                    h.number,
                    f"{h.reported_at:%Y-%m-%d}",
                    pick(h.category_name, h.category_name_en),
                    h.grid_name,
                    labels.state_label(h.state),
                )
            ):
                self.hazards.setItem(i, j, QTableWidgetItem(v))
        self.hazard_card.heading.setText(  # type: ignore[attr-defined]
            self.tr("Professional hazard reports, {year} H1: {n}").format(
                year=d.half_year, n=d.hazard_first_half
            )
        )
        self.hazard_card.setVisible(True)
        if self.current is None:
            self.current = ListFilter(
                d.start, d.end, stats.CaseFilter(), self.tr("All cases this year")
            )
        self.load_list(self.current)
        self.loaded.emit()

    # ------------------------------------------------------------------ the case list
    def load_list(self, f: ListFilter) -> None:
        self.current = f
        self.filter_chip.setText(f.text)
        self.list_count.setText(self.tr("Loading…"))
        run_async(
            self,
            stats.load_case_list,
            self.engine,
            f.start,
            f.end,
            f.filters,
            on_done=self._show_list,
            on_error=self._failed,
        )

    def _show_list(self, result: stats.CaseList) -> None:
        self.case_list = result
        self.case_table.set_rows(result.rows)
        if result.total > len(result.rows):
            self.list_count.setText(
                self.tr("{total} cases; the newest {n} shown").format(
                    total=f"{result.total:,}", n=len(result.rows)
                )
            )
        else:
            self.list_count.setText(self.tr("{total} cases").format(total=f"{result.total:,}"))
        self.list_loaded.emit()

    def clear_filter(self) -> None:
        if self.data is not None:
            self.load_list(
                ListFilter(
                    self.data.start,
                    self.data.end,
                    stats.CaseFilter(),
                    self.tr("All cases this year"),
                )
            )

    def _year(self) -> tuple[date, date]:
        assert self.data is not None
        return self.data.start, self.data.end

    def _on_day(self, d: date) -> None:
        self.load_list(
            ListFilter(
                d,
                d + timedelta(days=1),
                stats.CaseFilter(),
                self.tr("Reported on {day}").format(day=f"{d:%Y-%m-%d}"),
            )
        )

    def _on_month(self, month: int) -> None:
        if self.data is None:
            return
        start = date(self.data.year, month, 1)
        end = date(self.data.year + month // 12, month % 12 + 1, 1)
        self.load_list(
            ListFilter(
                start,
                min(end, self.data.end),
                stats.CaseFilter(),
                self.tr("Reported in month {m}").format(m=month),
            )
        )

    def _on_bar(self, dim: str, key: str) -> None:
        if self.data is None:
            return
        start, end = self._year()
        name = key
        if dim == "source":
            f = stats.CaseFilter(source=key)
            name = labels.source_label(key)
            text = self.tr("Source: {name}").format(name=name)
        elif dim == "category":
            f = stats.CaseFilter(category_id=int(key))
            name = next(
                (pick(c.name, c.name_en) for c in self.data.by_category if c.key == key), key
            )
            text = self.tr("Category: {name}").format(name=name)
        elif dim == "department":
            f = stats.CaseFilter(department_id=int(key))
            name = next(
                (pick(c.name, c.name_en) for c in self.data.by_department if c.key == key), key
            )
            text = self.tr("Department: {name}").format(name=name)
        else:
            f = stats.CaseFilter(grid_id=int(key))
            name = next((c.name for c in self.data.by_grid if c.key == key), key)
            text = self.tr("Grid: {name}").format(name=name)
        self.load_list(ListFilter(start, end, f, text + " · " + self.tr("this year")))
