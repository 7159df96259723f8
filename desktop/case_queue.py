"""The case queue (案件队列): live open cases with deadline countdowns, and counts by state.

`CaseTableModel` is a QAbstractTableModel over the map model's open cases; `CaseQueuePanel`
shows it with a header of live counts. Selecting a row selects and zooms to the case on the
map model; selecting a case on the map selects its row.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import labels, theme
from desktop.labels import Urgency
from desktop.qtutil import observe
from gis.features import CaseFeature
from gis.mapmodel import PARKED_CASE_STATES, LayerId, MapModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
URGENCY_ROLE = Qt.ItemDataRole.UserRole + 3

# open states, in the order of the flow 发现 → 派单 → 处置 → 反馈
QUEUE_STATES: tuple[str, ...] = tuple(
    s for s in labels.STATE_ORDER if s not in ("closed", "rejected")
)

URGENCY_COLOURS = {
    Urgency.OK: theme.TEXT,
    Urgency.WARN: theme.WARN_COLOUR,
    Urgency.OVERDUE: theme.OVERDUE_COLOUR,
    Urgency.NONE: theme.TEXT_DIM,
}

Index = QModelIndex | QPersistentModelIndex


def state_icon(state: str, size: int = 12) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(theme.state_colour(state))
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pm)


class CaseTableModel(QAbstractTableModel):
    URGENT, NUMBER, DEADLINE, STATE, CATEGORY, GRID, SOURCE = range(7)
    COLUMN_COUNT = 7

    def __init__(self, map_model: MapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.map_model = map_model
        self._cases: list[CaseFeature] = []
        self._row_of: dict[int, int] = {}
        self._icons: dict[str, QIcon] = {}
        self._now: datetime = map_model.now()
        self._bold = QFont()
        self._bold.setBold(True)
        self.reload()

    # -- data
    def reload(self) -> None:
        self.beginResetModel()
        self._cases = self.map_model.cases()
        self._row_of = {c.id: r for r, c in enumerate(self._cases)}
        self._now = self.map_model.now()
        self.endResetModel()

    def tick(self) -> None:
        """Advance the clock: countdown texts and colours change."""
        self._now = self.map_model.now()
        if self._cases:
            top = self.index(0, self.URGENT)
            bottom = self.index(len(self._cases) - 1, self.COLUMN_COUNT - 1)
            self.dataChanged.emit(top, bottom)

    @property
    def now(self) -> datetime:
        return self._now

    def case_at(self, row: int) -> CaseFeature:
        return self._cases[row]

    def row_of(self, case_id: int) -> int | None:
        return self._row_of.get(int(case_id))

    def cases(self) -> list[CaseFeature]:
        return list(self._cases)

    def urgency(self, case: CaseFeature) -> Urgency:
        parked = case.state in PARKED_CASE_STATES
        return labels.deadline_urgency(case.reported_at, case.deadline_at, self._now, parked)

    def grid_text(self, case: CaseFeature) -> str:
        """The management grid's name (readable at a distance), else the case's grid code."""
        gid = case.grid_id
        if gid is not None and self.map_model.has_feature(LayerId.MANAGEMENT, gid):
            name = self.map_model.record(LayerId.MANAGEMENT, gid).name
            if name:
                return str(name)
        return case.grid_code

    def counts(self) -> dict[str, int]:
        """Open cases by state plus "total", "overdue", "warn" (last quarter) and "urgent"."""
        c = Counter(case.state for case in self._cases)
        out = {state: c.get(state, 0) for state in QUEUE_STATES}
        for state, n in c.items():  # states the vocabulary does not know still count
            out.setdefault(state, n)
        urg = Counter(self.urgency(case) for case in self._cases)
        out["total"] = len(self._cases)
        out["overdue"] = urg.get(Urgency.OVERDUE, 0)
        out["warn"] = urg.get(Urgency.WARN, 0)
        out["urgent"] = sum(1 for case in self._cases if case.urgent)
        return out

    # -- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.URGENT: self.tr("!"),
                self.NUMBER: self.tr("Number"),
                self.DEADLINE: self.tr("Deadline"),
                self.STATE: self.tr("State"),
                self.CATEGORY: self.tr("Category"),
                self.GRID: self.tr("Grid"),
                self.SOURCE: self.tr("Source"),
            }[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == self.URGENT:
            return self.tr("Urgent")
        return None

    def _icon(self, state: str) -> QIcon:
        icon = self._icons.get(state)
        if icon is None:
            icon = state_icon(state)
            self._icons[state] = icon
        return icon

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self._cases[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.URGENT:
                return self.tr("Urg.") if case.urgent else ""
            if col == self.NUMBER:
                return case.number
            if col == self.CATEGORY:
                return case.category_name
            if col == self.GRID:
                return self.grid_text(case)
            if col == self.STATE:
                return labels.state_label(case.state)
            if col == self.SOURCE:
                return labels.source_short_label(case.source) if case.source else ""
            if col == self.DEADLINE:
                return labels.countdown_text(case.deadline_at, self._now)
        elif role == Qt.ItemDataRole.ForegroundRole:
            if col == self.URGENT:
                return QBrush(QColor(theme.URGENT_COLOUR))
            if col == self.DEADLINE:
                return QBrush(QColor(URGENCY_COLOURS[self.urgency(case)]))
            if col == self.NUMBER and self.urgency(case) is Urgency.OVERDUE:
                return QBrush(QColor(theme.OVERDUE_COLOUR))
        elif role == Qt.ItemDataRole.FontRole:
            if col == self.URGENT or (
                col == self.DEADLINE and self.urgency(case) is not Urgency.OK
            ):
                return self._bold
            if col == self.NUMBER and case.urgent:
                return self._bold
        elif role == Qt.ItemDataRole.DecorationRole and col == self.STATE:
            return self._icon(case.state)
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (self.URGENT,):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        elif role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                f"{case.number} · {case.category_name}",
                f"{labels.state_label(case.state)} · {labels.countdown_text(case.deadline_at, self._now)}",
            ]
            if case.source:
                lines.append(
                    self.tr("Source: {source}").format(source=labels.source_label(case.source))
                )
            if case.grid_code:
                lines.append(
                    self.tr("Grid: {name} ({code})").format(
                        name=self.grid_text(case), code=case.grid_code
                    )
                )
            if case.department_name:
                lines.append(self.tr("Department: {name}").format(name=case.department_name))
            if case.urgent:
                lines.append(self.tr("Urgent"))
            return "\n".join(lines)
        elif role == SORT_ROLE:
            return self._sort_key(case, col)
        elif role == CASE_ID_ROLE:
            return case.id
        elif role == URGENCY_ROLE:
            return str(self.urgency(case))
        return None

    def sort_key(self, row: int, col: int) -> Any:
        """A Python-comparable key (parked cases always sort after the live ones)."""
        return self._sort_key(self._cases[row], col)

    def _sort_key(self, case: CaseFeature, col: int) -> Any:
        parked = case.state in PARKED_CASE_STATES
        left = (
            float("inf")
            if case.deadline_at is None
            else (case.deadline_at - self._now).total_seconds()
        )
        if col == self.URGENT:
            return (parked, not case.urgent, left)
        if col == self.DEADLINE:
            return (parked, left)
        if col == self.STATE:
            order = labels.STATE_ORDER
            return order.index(case.state) if case.state in order else len(order)
        return str(self.data(self.index(self._row_of[case.id], col)))


class CaseSortProxy(QSortFilterProxyModel):
    """Sorts by the table model's Python sort keys (tuples, so ties break sensibly)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def lessThan(self, left: Index, right: Index) -> bool:
        source = self.sourceModel()
        if isinstance(source, CaseTableModel):
            return bool(
                source.sort_key(left.row(), left.column())
                < source.sort_key(right.row(), right.column())
            )
        return super().lessThan(left, right)


class StateChip(QFrame):
    """A headline count with its label under it ("12 / 超期"), marked by a coloured left bar."""

    def __init__(self, key: str, text: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stateChip")
        self.key = key
        self._colour = colour
        self.setStyleSheet(f"QFrame#stateChip {{ border-left: 4px solid {colour}; }}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 3, 8, 4)
        lay.setSpacing(0)
        self.count_label = QLabel("0")
        self.count_label.setObjectName("chipCount")
        self.text_label = QLabel(text)
        self.text_label.setObjectName("chipLabel")
        lay.addWidget(self.count_label)
        lay.addWidget(self.text_label)

    def set_count(self, n: int) -> None:
        self.count_label.setText(f"{n:,}")
        if n == 0:
            c = theme.TEXT_DIM
        elif self.key in ("overdue", "warn", "urgent"):
            c = self._colour
        else:
            c = theme.TEXT
        self.count_label.setStyleSheet(f"color: {c};")


class StatePill(QFrame):
    """A compact per-state count: coloured dot, state name, count."""

    def __init__(self, key: str, text: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statePill")
        self.key = key
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 2, 8, 2)
        lay.setSpacing(6)
        dot = QLabel(self)
        dot.setPixmap(state_icon(key, 10).pixmap(10, 10))
        self.text_label = QLabel(text, self)
        self.text_label.setObjectName("pillLabel")
        self.count_label = QLabel("0", self)
        self.count_label.setObjectName("pillCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(dot)
        lay.addWidget(self.text_label)
        lay.addStretch(1)
        lay.addWidget(self.count_label)

    def set_count(self, n: int) -> None:
        self.count_label.setText(f"{n:,}")
        self.count_label.setStyleSheet(f"color: {theme.TEXT_DIM if n == 0 else theme.TEXT};")


class CaseQueuePanel(QWidget):
    """Counts by state and the table of open cases, bound to a MapModel."""

    case_selected = Signal(int)  # case id, when the user picks a row

    def __init__(
        self,
        map_model: MapModel,
        parent: QWidget | None = None,
        zoom_on_select: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseQueuePanel")
        self.map_model = map_model
        self.zoom_on_select = zoom_on_select
        self._syncing = False
        self.table_model = CaseTableModel(map_model, self)
        self.proxy = CaseSortProxy(self)
        self.proxy.setSourceModel(self.table_model)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(8)
        self.chips: dict[str, StateChip | StatePill] = {}
        chip_grid = QGridLayout()
        chip_grid.setHorizontalSpacing(6)
        chip_grid.setVerticalSpacing(4)
        summary = [
            ("total", self.tr("Open"), theme.ACCENT),
            ("overdue", self.tr("Overdue"), theme.OVERDUE_COLOUR),
            ("warn", self.tr("Due soon"), theme.WARN_COLOUR),
            ("urgent", self.tr("Urgent"), theme.URGENT_COLOUR),
        ]
        states = [
            (s, labels.state_label(s), theme.STATE_COLOURS.get(s, theme.DEFAULT_STATE_COLOUR))
            for s in QUEUE_STATES
        ]
        for i, (key, text, col) in enumerate(summary):
            chip = StateChip(key, text, col, self)
            self.chips[key] = chip
            chip_grid.addWidget(chip, 0, i)
        for i, (key, text, col) in enumerate(states):
            pill = StatePill(key, text, col, self)
            self.chips[key] = pill
            chip_grid.addWidget(pill, 1 + i // 4, i % 4)
        outer.addLayout(chip_grid)

        hint_row = QHBoxLayout()
        self.title_label = QLabel(self.tr("Open cases, most pressing first"))
        self.title_label.setObjectName("panelTitle")
        hint_row.addWidget(self.title_label)
        hint_row.addStretch(1)
        outer.addLayout(hint_row)

        self.table = QTableView(self)
        self.table.setObjectName("caseTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(30)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        outer.addWidget(self.table, 1)

        self.table.selectionModel().selectionChanged.connect(self._on_rows_selected)
        observe(self, map_model.data_changed, self._on_data_changed)
        observe(self, map_model.selection_changed, self._on_map_selection)
        self._after_reload()

    # ------------------------------------------------------------------ updates
    def _after_reload(self) -> None:
        self.proxy.sort(CaseTableModel.DEADLINE, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicator(
            CaseTableModel.DEADLINE, Qt.SortOrder.AscendingOrder
        )
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for col in range(CaseTableModel.COLUMN_COUNT - 1):
            header.resizeSection(col, header.sectionSize(col) + 4)
        header.resizeSection(CaseTableModel.URGENT, 38)
        # long names elide (the tooltip has them whole) rather than push columns off-screen
        for col, cap in ((CaseTableModel.CATEGORY, 140), (CaseTableModel.GRID, 116)):
            header.resizeSection(col, min(header.sectionSize(col), cap))
        self.update_counts()
        self._on_map_selection(self.map_model.selection)

    def preferred_width(self) -> int:
        """Wide enough to show every column without scrolling."""
        header = self.table.horizontalHeader()
        cols = sum(header.sectionSize(c) for c in range(CaseTableModel.COLUMN_COUNT))
        return cols + self.table.verticalScrollBar().sizeHint().width() + 2 * 8 + 6

    def _on_data_changed(self) -> None:
        self.table_model.reload()
        self._after_reload()

    def tick(self) -> None:
        """Refresh countdowns and counts (the window's clock calls this)."""
        self.table_model.tick()
        self.update_counts()

    def update_counts(self) -> None:
        counts = self.table_model.counts()
        for key, chip in self.chips.items():
            chip.set_count(counts.get(key, 0))

    # ------------------------------------------------------------------ selection sync
    def selected_case_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(CASE_ID_ROLE)
        return int(value) if value is not None else None

    def select_case(self, case_id: int) -> bool:
        """Select a case's row (as if the user clicked it)."""
        row = self.table_model.row_of(case_id)
        if row is None:
            return False
        proxy_index = self.proxy.mapFromSource(self.table_model.index(row, 0))
        self.table.selectionModel().select(
            proxy_index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(proxy_index)
        return True

    def _on_rows_selected(self, *_args: object) -> None:
        if self._syncing:
            return
        case_id = self.selected_case_id()
        if case_id is None:
            return
        self._syncing = True
        try:
            self.map_model.select(LayerId.CASES, case_id)
            if self.zoom_on_select:
                self.map_model.zoom_to_feature(LayerId.CASES, case_id)
        finally:
            self._syncing = False
        self.case_selected.emit(case_id)

    def _on_map_selection(self, hit: object) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            sm = self.table.selectionModel()
            if isinstance(hit, tuple) and hit[0] == LayerId.CASES:
                row = self.table_model.row_of(int(hit[1]))
                if row is not None:
                    proxy_index = self.proxy.mapFromSource(self.table_model.index(row, 0))
                    sm.select(
                        proxy_index,
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                    self.table.scrollTo(proxy_index, QAbstractItemView.ScrollHint.EnsureVisible)
                    return
            sm.clearSelection()
        finally:
            self._syncing = False
