"""The case queue (案件队列): the nine live queues of the duty console with their counts,
filters, deadline countdowns and selection sync with the map.

Queues (pills with live counts): all open cases, 待受理 待派遣 处置中 待核查 超期 抄报区级
警务类 退回 挂账. A data source with the console's queries (`db.datasource.DatabaseSource`:
`queue_snapshot`, `queue_counts`, `cases_by_ids`) drives the panel from db/case_queries.py:
every queue is an indexed query run off the GUI thread, and a change refreshes only the rows
it names (`refresh_cases`). Without such a source (test fakes) the panel shows the map
model's open cases and filters them itself.

Rows are `db.case_queries.QueueRow`s in both modes. The proxy decides membership on the
client too (queue and filters at the model's clock), so a row that changed state simply
leaves the queue it no longer belongs to. The countdown turns amber in the last quarter of
the allowed time and red when overdue. Selecting a row selects (and zooms to) the case on
the map; selecting a case on the map selects its row, switching to its queue if needed.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.case_queries import CaseFilter, QueueRow
from desktop import labels, theme
from desktop.labels import Urgency
from desktop.qtutil import observe
from gis.features import CaseFeature
from gis.mapmodel import PARKED_CASE_STATES, LayerId, MapModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
URGENCY_ROLE = Qt.ItemDataRole.UserRole + 3

ALL = "all"  # every open case (db.datasource.ALL_OPEN)
OVERDUE = "overdue"
# open states, in the order of the flow 发现 → 派单 → 处置 → 反馈
QUEUE_STATES: tuple[str, ...] = tuple(
    s for s in labels.STATE_ORDER if s not in ("closed", "rejected")
)
# the pills, in the order the duty officer works them
QUEUE_KEYS: tuple[str, ...] = (
    ALL, "reported", "to_dispatch", "dispatched", "feedback",
    OVERDUE, "escalated", "police", "returned", "long_term",
)
OVERDUE_STATES = frozenset(s for s in QUEUE_STATES if s not in PARKED_CASE_STATES)
ROW_LIMIT = 500  # rows fetched per queue page

URGENCY_COLOURS = {
    Urgency.OK: theme.TEXT,
    Urgency.WARN: theme.WARN_COLOUR,
    Urgency.OVERDUE: theme.OVERDUE_COLOUR,
    Urgency.NONE: theme.TEXT_DIM,
}
QUEUE_COLOURS = {ALL: theme.ACCENT, OVERDUE: theme.OVERDUE_COLOUR}

Index = QModelIndex | QPersistentModelIndex


def state_icon(state: str, size: int = 12) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(QUEUE_COLOURS[state]) if state in QUEUE_COLOURS else theme.state_colour(state))
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pm)


# --------------------------------------------------------------------------- rows


def row_from_feature(case: CaseFeature, grid_name: str = "", ids: dict[str, dict[str, int]] | None = None) -> QueueRow:
    """A queue row for a map-model case (sources without the console's queries). `ids`
    hands out stable stand-in ids for category and department names."""
    ids = ids if ids is not None else {"category": {}, "department": {}}
    cat = ids["category"].setdefault(case.category_name, len(ids["category"]) + 1)
    dept = (
        ids["department"].setdefault(case.department_name, len(ids["department"]) + 1)
        if case.department_name
        else None
    )
    return QueueRow(
        id=case.id, number=case.number, state=case.state, source=case.source, level=case.level,
        urgent=case.urgent, police=case.state == "police", hazard=False, category_id=cat,
        category_code="", category_name=case.category_name, category_name_en="",
        grid_id=case.grid_id, grid_code=case.grid_code, grid_name=grid_name,
        department_id=dept, department_name=case.department_name, department_name_en="",
        address="", lon=case.lon, lat=case.lat, reported_at=case.reported_at,
        deadline_at=case.deadline_at, dispatch_due_at=None, rework_count=0, outside_town=False,
        claimed_by=None, claimed_by_name="", claimed_at=None, version=0, deadline_status="",
        dispatch_overdue=False,
    )


def feature_from_row(row: QueueRow) -> CaseFeature:
    """The map model's record of a case, from a fresh queue row."""
    return CaseFeature(
        id=row.id, number=row.number, state=row.state, category_name=row.category_name,
        lon=row.lon, lat=row.lat, grid_id=row.grid_id, reported_at=row.reported_at,
        deadline_at=row.deadline_at, urgent=row.urgent, level=row.level, source=row.source,
        department_name=row.department_name, grid_code=row.grid_code,
    )


def in_queue(row: QueueRow, key: str, now: datetime) -> bool:
    """Does the row belong to a queue at `now` (db.case_queries.queue_clause, in Python)?"""
    if key == ALL:
        return row.state in QUEUE_STATES
    if key == OVERDUE:
        return row.state in OVERDUE_STATES and row.deadline_at is not None and row.deadline_at < now
    return row.state == key


def matches(row: QueueRow, f: CaseFilter | None, now: datetime, parent_of: dict[int, int | None]) -> bool:
    """Does the row pass a filter (db.case_queries.filter_clause, in Python)? `parent_of`
    maps management grids to their responsibility grid."""
    if f is None:
        return True
    if f.grid_ids and not (
        row.grid_id in f.grid_ids or parent_of.get(row.grid_id or -1) in f.grid_ids
    ):
        return False
    if f.category_ids and row.category_id not in f.category_ids:
        return False
    if f.sources and row.source not in f.sources:
        return False
    if f.department_ids and row.department_id not in f.department_ids:
        return False
    if f.levels and row.level not in f.levels:
        return False
    if f.min_age is not None and row.reported_at > now - f.min_age:
        return False
    if f.max_age is not None and row.reported_at < now - f.max_age:
        return False
    if f.urgent is not None and row.urgent != f.urgent:
        return False
    if f.police is not None and row.police != f.police:
        return False
    if f.claimed_by is not None and row.claimed_by != f.claimed_by:
        return False
    if f.unclaimed and row.claimed_by is not None:
        return False
    return not (f.number.strip() and f.number.strip().lower() not in row.number.lower())


def filter_count(f: CaseFilter) -> int:
    """How many filter fields are set (shown on the filter button)."""
    return sum(
        bool(v)
        for v in (
            f.grid_ids, f.category_ids, f.sources, f.department_ids, f.levels,
            f.min_age is not None or f.max_age is not None, f.urgent is not None,
        )
    )


# --------------------------------------------------------------------------- the table model


class CaseTableModel(QAbstractTableModel):
    URGENT, NUMBER, DEADLINE, STATE, CATEGORY, GRID, SOURCE, DEPARTMENT, LEVEL, AGE, TAKEN = range(11)
    COLUMN_COUNT = 11
    # the server-side sort key (db.case_queries.SORT_KEYS) of each column
    SORT_KEYS: ClassVar[dict[int, str]] = {
        URGENT: "urgency", NUMBER: "number", DEADLINE: "deadline_at", STATE: "state",
        CATEGORY: "category", GRID: "grid", SOURCE: "source", DEPARTMENT: "department",
        LEVEL: "level", AGE: "age", TAKEN: "urgency",
    }

    def __init__(self, map_model: MapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.map_model = map_model
        self._rows: list[QueueRow] = []
        self._row_of: dict[int, int] = {}
        self._icons: dict[str, QIcon] = {}
        self._now: datetime = map_model.now()
        self._bold = QFont()
        self._bold.setBold(True)
        self._stand_in_ids: dict[str, dict[str, int]] = {"category": {}, "department": {}}
        from desktop.app import current_lang

        self._english = current_lang() == "en"
        self.reload()

    # -- data
    def reload(self) -> None:
        """Rows from the map model's open cases (sources without the console's queries)."""
        self.set_rows(
            [row_from_feature(c, self._grid_name(c.grid_id), self._stand_in_ids) for c in self.map_model.cases()],
            self.map_model.now(),
        )

    def set_rows(self, rows: list[QueueRow], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {r.id: i for i, r in enumerate(self._rows)}
        self._now = now or self.map_model.now()
        self.endResetModel()

    def upsert(self, rows: Iterable[QueueRow], keep: Callable[[QueueRow], bool]) -> None:
        """Update the rows named; add those `keep` accepts that are new; drop those it refuses."""
        for row in rows:
            i = self._row_of.get(row.id)
            if not keep(row):
                if i is not None:
                    self.beginRemoveRows(QModelIndex(), i, i)
                    del self._rows[i]
                    self._row_of = {r.id: k for k, r in enumerate(self._rows)}
                    self.endRemoveRows()
            elif i is not None:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, self.COLUMN_COUNT - 1))
            else:
                n = len(self._rows)
                self.beginInsertRows(QModelIndex(), n, n)
                self._rows.append(row)
                self._row_of[row.id] = n
                self.endInsertRows()

    def remove(self, ids: Iterable[int]) -> None:
        for cid in ids:
            i = self._row_of.get(int(cid))
            if i is None:
                continue
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._rows[i]
            self._row_of = {r.id: k for k, r in enumerate(self._rows)}
            self.endRemoveRows()

    def tick(self, now: datetime | None = None) -> None:
        """Advance the clock: countdown texts and colours change."""
        self._now = now or self.map_model.now()
        if self._rows:
            top = self.index(0, self.URGENT)
            bottom = self.index(len(self._rows) - 1, self.COLUMN_COUNT - 1)
            self.dataChanged.emit(top, bottom)

    @property
    def now(self) -> datetime:
        return self._now

    def case_at(self, row: int) -> QueueRow:
        return self._rows[row]

    def row_of(self, case_id: int) -> int | None:
        return self._row_of.get(int(case_id))

    def get(self, case_id: int) -> QueueRow | None:
        i = self._row_of.get(int(case_id))
        return None if i is None else self._rows[i]

    def cases(self) -> list[QueueRow]:
        return list(self._rows)

    def urgency(self, case: QueueRow) -> Urgency:
        parked = case.state in PARKED_CASE_STATES
        return labels.deadline_urgency(case.reported_at, case.deadline_at, self._now, parked)

    def _grid_name(self, gid: int | None) -> str:
        if gid is not None and self.map_model.has_feature(LayerId.MANAGEMENT, gid):
            return str(self.map_model.record(LayerId.MANAGEMENT, gid).name or "")
        return ""

    def grid_text(self, case: QueueRow) -> str:
        """The management grid's name (readable at a distance), else the case's grid code."""
        return case.grid_name or self._grid_name(case.grid_id) or case.grid_code

    def counts(self) -> dict[str, int]:
        """Open cases by state plus "total", "overdue", "warn" (last quarter) and "urgent"."""
        c = Counter(case.state for case in self._rows)
        out = {state: c.get(state, 0) for state in QUEUE_STATES}
        for state, n in c.items():  # states the vocabulary does not know still count
            out.setdefault(state, n)
        urg = Counter(self.urgency(case) for case in self._rows)
        out["total"] = len(self._rows)
        out["overdue"] = urg.get(Urgency.OVERDUE, 0)
        out["warn"] = urg.get(Urgency.WARN, 0)
        out["urgent"] = sum(1 for case in self._rows if case.urgent)
        return out

    # -- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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
                self.DEPARTMENT: self.tr("Department"),
                self.LEVEL: self.tr("Level"),
                self.AGE: self.tr("Age"),
                self.TAKEN: self.tr("Taken by"),
            }[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == self.URGENT:
                return self.tr("Urgent")
            if section == self.LEVEL:
                return self.tr("Response level: 1 handled on the spot, 2 town department, 3 district")
            if section == self.AGE:
                return self.tr("Time since the report")
        return None

    def _icon(self, state: str) -> QIcon:
        icon = self._icons.get(state)
        if icon is None:
            icon = state_icon(state)
            self._icons[state] = icon
        return icon

    def _display(self, case: QueueRow, col: int) -> str:
        if col == self.URGENT:
            return self.tr("Urg.") if case.urgent else ""
        if col == self.NUMBER:
            return case.number
        if col == self.CATEGORY:
            return case.category_name_en if self._english and case.category_name_en else case.category_name
        if col == self.GRID:
            return self.grid_text(case)
        if col == self.STATE:
            return labels.state_label(case.state)
        if col == self.SOURCE:
            return labels.source_short_label(case.source) if case.source else ""
        if col == self.DEADLINE:
            return labels.countdown_text(case.deadline_at, self._now)
        if col == self.DEPARTMENT:
            return case.department_name_en if self._english and case.department_name_en else case.department_name
        if col == self.LEVEL:
            return str(case.level) if case.level else ""
        if col == self.AGE:
            return labels.duration_text((self._now - case.reported_at).total_seconds())
        if col == self.TAKEN:
            return case.claimed_by_name
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(case, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.URGENT:
                return QBrush(QColor(theme.URGENT_COLOUR))
            if col == self.DEADLINE:
                return QBrush(QColor(URGENCY_COLOURS[self.urgency(case)]))
            if col == self.NUMBER and self.urgency(case) is Urgency.OVERDUE:
                return QBrush(QColor(theme.OVERDUE_COLOUR))
            if col == self.STATE and case.dispatch_overdue:
                return QBrush(QColor(theme.WARN_COLOUR))
            if col in (self.AGE, self.TAKEN, self.LEVEL):
                return QBrush(QColor(theme.TEXT_DIM))
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
            if col in (self.URGENT, self.LEVEL):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        elif role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(case)
        elif role == SORT_ROLE:
            return self._sort_key(case, col)
        elif role == CASE_ID_ROLE:
            return case.id
        elif role == URGENCY_ROLE:
            return str(self.urgency(case))
        return None

    def _tooltip(self, case: QueueRow) -> str:
        lines = [
            f"{case.number} · {case.category_name}",
            f"{labels.state_label(case.state)} · {labels.countdown_text(case.deadline_at, self._now)}",
        ]
        if case.source:
            lines.append(self.tr("Source: {source}").format(source=labels.source_label(case.source)))
        if case.grid_code:
            lines.append(
                self.tr("Grid: {name} ({code})").format(name=self.grid_text(case), code=case.grid_code)
            )
        if case.address:
            lines.append(self.tr("Address: {address}").format(address=case.address))
        if case.department_name:
            lines.append(self.tr("Department: {name}").format(name=case.department_name))
        if case.dispatch_overdue:
            lines.append(self.tr("Not dispatched within its dispatch time"))
        if case.claimed_by_name:
            lines.append(self.tr("Taken by {name}").format(name=case.claimed_by_name))
        if case.urgent:
            lines.append(self.tr("Urgent"))
        return "\n".join(lines)

    def sort_key(self, row: int, col: int) -> Any:
        """A Python-comparable key (parked cases always sort after the live ones)."""
        return self._sort_key(self._rows[row], col)

    def _sort_key(self, case: QueueRow, col: int) -> Any:
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
        if col == self.LEVEL:
            return (case.level, left)
        if col == self.AGE:
            return case.reported_at
        return (self._display(case, col), left)


class CaseSortProxy(QSortFilterProxyModel):
    """Sorts by the table model's Python sort keys (tuples, so ties break sensibly) and
    shows the rows `accept` lets through (the current queue and filters)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)
        self.accept: Callable[[QueueRow], bool] | None = None

    def lessThan(self, left: Index, right: Index) -> bool:
        source = self.sourceModel()
        if isinstance(source, CaseTableModel):
            return bool(
                source.sort_key(left.row(), left.column())
                < source.sort_key(right.row(), right.column())
            )
        return super().lessThan(left, right)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        if self.accept is None or not isinstance(source, CaseTableModel):
            return True
        return self.accept(source.case_at(source_row))

    def refilter(self) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter is deprecated
            self.beginFilterChange()
            self.endFilterChange()
        else:  # pragma: no cover - older PySide6
            self.invalidateFilter()


# --------------------------------------------------------------------------- the pills


class QueuePill(QToolButton):
    """One queue: a coloured dot, the queue's name and its live count; checkable (the
    current queue) and able to flash (a new urgent case)."""

    def __init__(self, key: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePill")
        self.key = key
        self.setCheckable(True)
        self.setAutoRaise(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 2, 8, 2)
        lay.setSpacing(5)
        dot = QLabel(self)
        dot.setPixmap(state_icon(key, 10).pixmap(10, 10))
        dot.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.text_label = QLabel(text, self)
        self.text_label.setObjectName("pillLabel")
        self.text_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.count_label = QLabel("0", self)
        self.count_label.setObjectName("pillCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        lay.addWidget(dot)
        lay.addWidget(self.text_label)
        lay.addStretch(1)
        lay.addWidget(self.count_label)
        self.count = 0
        self._flash_on = False
        self.setMinimumHeight(30)

    def sizeHint(self) -> Any:
        hint = self.layout().sizeHint()
        return hint.expandedTo(self.minimumSize())

    def set_count(self, n: int) -> None:
        self.count = int(n)
        self.count_label.setText(f"{n:,}")
        if n == 0:
            colour = theme.TEXT_DIM
        elif self.key == OVERDUE:
            colour = theme.OVERDUE_COLOUR
        else:
            colour = theme.TEXT
        self.count_label.setStyleSheet(f"color: {colour};")

    def set_flash(self, on: bool) -> None:
        self._flash_on = on
        self.setProperty("flash", "true" if on else "false")
        self.style().unpolish(self)
        self.style().polish(self)

    @property
    def flashing(self) -> bool:
        return self._flash_on


# the pills' look, on top of the application's style sheet
PANEL_STYLE = f"""
QToolButton#queuePill {{
    background: {theme.BG_PANEL}; border: 1px solid {theme.BORDER}; border-radius: 13px;
    padding: 0; text-align: left;
}}
QToolButton#queuePill:hover {{ border-color: #4a5a70; }}
QToolButton#queuePill:checked {{ background: #1d3555; border-color: #4a90e8; }}
QToolButton#queuePill[flash="true"] {{ background: #7a1f22; border-color: {theme.OVERDUE_COLOUR}; }}
QLabel#pillLabel {{ font-size: 10.5pt; }}
QLabel#pillCount {{ font-weight: bold; font-size: 10.5pt; }}
QLabel#queueStatus {{ color: {theme.TEXT_DIM}; font-size: 10pt; }}
QLabel#queueError {{ color: {theme.OVERDUE_COLOUR}; font-size: 10pt; }}
QFrame#queueFilters {{ background: {theme.BG_PANEL}; border: 1px solid {theme.BORDER}; border-radius: 4px; }}
QLineEdit#queueSearch, QComboBox#queueFilter {{
    background: {theme.BG_BASE}; border: 1px solid #2f3b4c; border-radius: 3px; padding: 3px 6px;
}}
QLineEdit#queueSearch:focus, QComboBox#queueFilter:focus {{ border-color: #4a90e8; }}
QToolButton#filterButton {{ border: 1px solid {theme.BORDER}; border-radius: 3px; padding: 3px 8px; }}
QToolButton#filterButton:checked {{ background: #1d3555; border-color: #4a90e8; }}
QCheckBox {{ spacing: 7px; }}
QCheckBox::indicator {{
    width: 15px; height: 15px; border: 1px solid #5b6b80; border-radius: 3px; background: {theme.BG_BASE};
}}
QCheckBox::indicator:checked {{ background: #2f7de1; border-color: #4a90e8; image: url({theme.CHECK_ICON}); }}
"""

AGE_CHOICES: tuple[tuple[str, timedelta | None, timedelta | None], ...] = (
    ("any", None, None),
    ("lt1h", None, timedelta(hours=1)),
    ("lt1d", None, timedelta(days=1)),
    ("gt1d", timedelta(days=1), None),
    ("gt3d", timedelta(days=3), None),
    ("gt7d", timedelta(days=7), None),
)


# --------------------------------------------------------------------------- the panel


class CaseQueuePanel(QWidget):
    """The queue pills, the filter bar and the table of cases, bound to a MapModel (and,
    after `attach_source`, to the database's queue queries)."""

    case_selected = Signal(int)  # case id, when the user picks a row
    case_activated = Signal(int)  # Enter or a double click on a row: open the case
    queue_changed = Signal(str)
    refreshed = Signal()  # new rows or counts were applied
    load_failed = Signal(object)  # an exception from the data source

    def __init__(
        self,
        map_model: MapModel,
        parent: QWidget | None = None,
        zoom_on_select: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseQueuePanel")
        self.setStyleSheet(PANEL_STYLE)
        self.map_model = map_model
        self.zoom_on_select = zoom_on_select
        self.source: Any = None  # a data source with the console's queries, or None
        self.queue: str = ALL
        self.sort_column = CaseTableModel.DEADLINE
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.counts_by_queue: dict[str, int] = dict.fromkeys(QUEUE_KEYS, 0)
        self._syncing = False
        self._model_sync_suspended = 0
        self._gen = 0
        self._loading = False
        self._dirty: set[int] = set()
        self._pending_select: int | None = None
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(350)
        self._flash_timer.timeout.connect(self._flash_step)
        self._flash_left = 0
        self._flash_keys: set[str] = set()
        self._filter_cache: CaseFilter | None = None
        self._parent_cache: dict[int, int | None] = {}
        self.table_model = CaseTableModel(map_model, self)
        self.proxy = CaseSortProxy(self)
        self.proxy.setSourceModel(self.table_model)
        self.proxy.accept = self._accepts

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(6)
        outer.addLayout(self._build_pills())
        outer.addLayout(self._build_search_row())
        self.filter_frame = self._build_filters()
        self.filter_frame.setVisible(False)
        outer.addWidget(self.filter_frame)

        title_row = QHBoxLayout()
        self.title_label = QLabel(self)
        self.title_label.setObjectName("panelTitle")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("queueStatus")
        title_row.addWidget(self.title_label)
        title_row.addStretch(1)
        title_row.addWidget(self.status_label)
        outer.addLayout(title_row)

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
        header.sortIndicatorChanged.connect(self._on_sort_changed)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.activated.connect(self._on_activated)
        self.table.doubleClicked.connect(self._on_activated)
        outer.addWidget(self.table, 1)

        self.table.selectionModel().selectionChanged.connect(self._on_rows_selected)
        observe(self, map_model.data_changed, self._on_data_changed)
        observe(self, map_model.selection_changed, self._on_map_selection)
        self._fill_filter_choices()
        self._set_checked_pill(self.queue)
        self._after_reload()
        self._columns_sized = False
        self._size_columns()

    # ------------------------------------------------------------------ construction
    def _queue_title(self, key: str) -> str:
        if key == ALL:
            return self.tr("All open")
        if key == OVERDUE:
            return self.tr("Overdue")
        return labels.state_label(key)

    def _build_pills(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(5)
        grid.setVerticalSpacing(5)
        self.chips: dict[str, QueuePill] = {}
        for i, key in enumerate(QUEUE_KEYS):
            pill = QueuePill(key, self._queue_title(key), self)
            pill.clicked.connect(lambda _checked=False, k=key: self.set_queue(k))
            pill.setToolTip(self._pill_tip(key))
            self.chips[key] = pill
            grid.addWidget(pill, i // 5, i % 5)
        return grid

    def _pill_tip(self, key: str) -> str:
        tips = {
            ALL: self.tr("Every open case"),
            "reported": self.tr("New reports awaiting verification"),
            "to_dispatch": self.tr("Registered, waiting to be dispatched"),
            "dispatched": self.tr("With a town department"),
            "feedback": self.tr("The unit fed back: verify and close"),
            OVERDUE: self.tr("Open cases past their deadline (not the long-term register)"),
            "escalated": self.tr("Escalated to a district department"),
            "police": self.tr("Forwarded to the police platform"),
            "returned": self.tr("Returned by a department: dispatch again"),
            "long_term": self.tr("On the long-term register"),
        }
        return tips.get(key, "")

    def _build_search_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("queueSearch")
        self.search_edit.setPlaceholderText(self.tr("Case number…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(self.tr("Show only cases whose number contains this text"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._filters_changed)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.filter_button = QToolButton(self)
        self.filter_button.setObjectName("filterButton")
        self.filter_button.setCheckable(True)
        self.filter_button.setText(self.tr("Filters"))
        self.filter_button.setToolTip(self.tr("Filter by grid, category, source, department, level and age"))
        self.filter_button.toggled.connect(lambda on: self.filter_frame.setVisible(on))
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.filter_button)
        return row

    def _combo(self, tip: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName("queueFilter")
        combo.setToolTip(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.currentIndexChanged.connect(lambda _i: self._filters_changed())
        return combo

    def _build_filters(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("queueFilters")
        grid = QGridLayout(frame)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.grid_combo = self._combo(self.tr("Responsibility or management grid"))
        self.category_combo = self._combo(self.tr("Category (management checklist)"))
        self.category_combo.setEditable(True)
        self.category_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.source_combo = self._combo(self.tr("Where the report came from"))
        self.department_combo = self._combo(self.tr("Handling department"))
        self.level_combo = self._combo(self.tr("Response level"))
        self.age_combo = self._combo(self.tr("Time since the report"))
        self.urgent_check = QCheckBox(self.tr("Urgent only"), frame)
        self.urgent_check.toggled.connect(lambda _on: self._filters_changed())
        self.clear_button = QToolButton(frame)
        self.clear_button.setObjectName("filterButton")
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear_filters)
        pairs = (
            (self.tr("Grid"), self.grid_combo),
            (self.tr("Category"), self.category_combo),
            (self.tr("Source"), self.source_combo),
            (self.tr("Department"), self.department_combo),
            (self.tr("Level"), self.level_combo),
            (self.tr("Age"), self.age_combo),
        )
        for i, (text, combo) in enumerate(pairs):
            label = QLabel(text, frame)
            label.setObjectName("chipLabel")
            grid.addWidget(label, i // 2, (i % 2) * 2)
            grid.addWidget(combo, i // 2, (i % 2) * 2 + 1)
        grid.addWidget(self.urgent_check, 3, 1)
        grid.addWidget(self.clear_button, 3, 3, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return frame

    def _fill_filter_choices(self) -> None:
        """The pick lists: grids from the map model; categories and departments from the
        source (or, without one, from the rows); sources, levels and ages fixed."""
        with self._quiet_filters():
            self._set_items(self.grid_combo, self._grid_items())
            self._set_items(self.source_combo, [(labels.source_label(s), s) for s in labels.SOURCE_NAMES])
            self._set_items(self.level_combo, [(self.tr("Level {n}").format(n=n), n) for n in (1, 2, 3)])
            ages = {
                "lt1h": self.tr("Under 1 hour"),
                "lt1d": self.tr("Under 1 day"),
                "gt1d": self.tr("Over 1 day"),
                "gt3d": self.tr("Over 3 days"),
                "gt7d": self.tr("Over 7 days"),
            }
            self._set_items(self.age_combo, [(ages[k], k) for k, _a, _b in AGE_CHOICES if k in ages])
            self._fill_named_choices()

    def _fill_named_choices(self) -> None:
        cats: list[tuple[str, Any]] = []
        depts: list[tuple[str, Any]] = []
        if self.source is not None:
            try:
                cats = [(f"{c.code} {c.name}", c.id) for c in self.source.categories()]
                depts = [(d.name, d.id) for d in self.source.departments()]
            except Exception as exc:  # the pick lists are a convenience; the queue still works
                self.load_failed.emit(exc)
        else:
            seen_c: dict[int, str] = {}
            seen_d: dict[int, str] = {}
            for r in self.table_model.cases():
                seen_c.setdefault(r.category_id, r.category_name)
                if r.department_id is not None:
                    seen_d.setdefault(r.department_id, r.department_name)
            cats = sorted(((n, i) for i, n in seen_c.items()), key=lambda t: t[0])
            depts = sorted(((n, i) for i, n in seen_d.items()), key=lambda t: t[0])
        with self._quiet_filters():
            self._set_items(self.category_combo, cats)
            self._set_items(self.department_combo, depts)

    def _grid_items(self) -> list[tuple[str, Any]]:
        items: list[tuple[str, Any]] = []
        resp = self.map_model.source_data.responsibility_grids
        mgmt = self.map_model.source_data.management_grids
        children: dict[int | None, list[Any]] = {}
        for g in mgmt:
            children.setdefault(g.parent_id, []).append(g)
        for r in sorted(resp, key=lambda g: g.code):
            items.append((r.name or r.code, r.id))
            for g in sorted(children.get(r.id, []), key=lambda g: g.code):
                items.append(("    " + (g.name or g.code), g.id))
        return items

    def _set_items(self, combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.clear()
        combo.addItem(self.tr("All"), None)
        for text, value in items:
            combo.addItem(text, value)
        if current is not None:
            i = combo.findData(current)
            combo.setCurrentIndex(max(i, 0))

    @contextlib.contextmanager
    def _quiet_filters(self) -> Iterator[None]:
        combos = (self.grid_combo, self.category_combo, self.source_combo, self.department_combo, self.level_combo, self.age_combo)
        for c in combos:
            c.blockSignals(True)
        try:
            yield
        finally:
            for c in combos:
                c.blockSignals(False)

    def _size_columns(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for col in range(CaseTableModel.COLUMN_COUNT - 1):
            header.resizeSection(col, header.sectionSize(col) + 4)
        header.resizeSection(CaseTableModel.URGENT, 38)
        header.resizeSection(CaseTableModel.LEVEL, 44)
        # long names elide (the tooltip has them whole) rather than push columns off-screen
        for col, cap in (
            (CaseTableModel.CATEGORY, 140),
            (CaseTableModel.GRID, 116),
            (CaseTableModel.DEPARTMENT, 130),
            (CaseTableModel.NUMBER, 150),
        ):
            header.resizeSection(col, min(header.sectionSize(col), cap))
        self._columns_sized = bool(self.table_model.rowCount())

    # ------------------------------------------------------------------ the source
    @property
    def live(self) -> bool:
        """Driven by the database's queue queries (not the map model's cases)."""
        return self.source is not None

    def attach_source(self, source: Any) -> bool:
        """Drive the queues from a source with the console's queries; False (and nothing
        changes) when the source has none."""
        if not all(hasattr(source, n) for n in ("queue_snapshot", "queue_counts", "cases_by_ids")):
            return False
        if getattr(source, "engine", True) is None:
            return False
        self.source = source
        self._fill_named_choices()
        self.refresh()
        return True

    @contextlib.contextmanager
    def model_sync_suspended(self) -> Iterator[None]:
        """While the console itself updates the map model's cases, do not reload the queue."""
        self._model_sync_suspended += 1
        try:
            yield
        finally:
            self._model_sync_suspended -= 1

    # ------------------------------------------------------------------ filters and queues
    def current_filter(self) -> CaseFilter:
        grid = self.grid_combo.currentData()
        cat = self.category_combo.currentData() if self.category_combo.currentIndex() > 0 else None
        src = self.source_combo.currentData()
        dept = self.department_combo.currentData()
        level = self.level_combo.currentData()
        age_key = self.age_combo.currentData()
        min_age = max_age = None
        for key, lo, hi in AGE_CHOICES:
            if key == age_key:
                min_age, max_age = lo, hi
        return CaseFilter(
            grid_ids=(int(grid),) if grid is not None else (),
            category_ids=(int(cat),) if cat is not None else (),
            sources=(str(src),) if src is not None else (),
            department_ids=(int(dept),) if dept is not None else (),
            levels=(int(level),) if level is not None else (),
            min_age=min_age,
            max_age=max_age,
            urgent=True if self.urgent_check.isChecked() else None,
            number=self.search_edit.text().strip(),
        )

    def clear_filters(self) -> None:
        with self._quiet_filters():
            for combo in (self.grid_combo, self.category_combo, self.source_combo, self.department_combo, self.level_combo, self.age_combo):
                combo.setCurrentIndex(0)
        self.urgent_check.blockSignals(True)
        self.urgent_check.setChecked(False)
        self.urgent_check.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self._filters_changed()

    def _filters_changed(self) -> None:
        f = self.current_filter()
        n = filter_count(f)
        self.filter_button.setText(self.tr("Filters ({n})").format(n=n) if n else self.tr("Filters"))
        if self.live:
            self.refresh()
        else:
            self.proxy.refilter()
            self.update_counts()
            self._update_title()

    def _parent_of(self) -> dict[int, int | None]:
        return {g.id: g.parent_id for g in self.map_model.source_data.management_grids}

    def _accepts(self, row: QueueRow) -> bool:
        now = self.table_model.now
        return in_queue(row, self.queue, now) and matches(row, self._filter_cache, now, self._parent_cache)

    def set_queue(self, key: str, *, select: int | None = None) -> None:
        """Show a queue (a QUEUE_KEYS value); `select` a case once its rows are in."""
        if key not in QUEUE_KEYS:
            raise ValueError(f"unknown queue {key!r}; use one of {', '.join(QUEUE_KEYS)}")
        changed = key != self.queue
        self.queue = key
        self._set_checked_pill(key)
        self._pending_select = select
        if self.live:
            self.refresh()
        else:
            self._refilter()
            if select is not None:
                self._select_row_quietly(select)
        if changed:
            self.queue_changed.emit(key)

    def _set_checked_pill(self, key: str) -> None:
        for k, pill in self.chips.items():
            pill.setChecked(k == key)

    def _refilter(self) -> None:
        self._filter_cache = self.current_filter()
        self._parent_cache = self._parent_of()
        self.proxy.refilter()
        self.proxy.sort(self.sort_column, self.sort_order)
        self.update_counts()
        self._update_title()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Reload the current queue (off the GUI thread when live)."""
        if not self.live:
            self.table_model.reload()
            self._after_reload()
            return
        from desktop.worker import run_async

        self._gen += 1
        gen = self._gen
        self._loading = True
        self._dirty.clear()
        at = self.map_model.now()
        self._filter_cache = self.current_filter()
        self._parent_cache = self._parent_of()
        sort_key = CaseTableModel.SORT_KEYS.get(self.sort_column, "deadline_at")
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        if sort_key == "urgency":
            descending = False
        self.status_label.setText(self.tr("Loading…"))
        run_async(
            self,
            self.source.queue_snapshot,
            self.queue,
            at=at,
            filters=self._filter_cache,
            sort=sort_key,
            descending=descending,
            limit=ROW_LIMIT,
            on_done=lambda snap: self._on_snapshot(gen, snap),
            on_error=lambda exc: self._on_error(gen, exc),
        )

    def _on_snapshot(self, gen: int, snap: Any) -> None:
        if gen != self._gen:
            return
        self._loading = False
        keep = self.selected_case_id() if self._pending_select is None else self._pending_select
        self._pending_select = None
        self.table_model.set_rows(list(snap.rows), self.map_model.now())
        self.counts_by_queue = self._with_all(dict(snap.counts))
        self._after_reload(keep)
        self.status_label.setObjectName("queueStatus")
        self.status_label.setText(self.tr("Updated {time}").format(time=f"{self.map_model.now():%H:%M:%S}"))
        self._restyle(self.status_label)
        self.refreshed.emit()
        if self._dirty:
            ids, self._dirty = set(self._dirty), set()
            self.refresh_cases(ids)

    def _on_error(self, gen: int, exc: Exception) -> None:
        if gen is not None and gen != self._gen:
            return
        self._loading = False
        self.status_label.setObjectName("queueError")
        self.status_label.setText(self.tr("Could not load the queue"))
        self.status_label.setToolTip(str(exc))
        self._restyle(self.status_label)
        self.load_failed.emit(exc)

    @staticmethod
    def _restyle(w: QWidget) -> None:
        w.style().unpolish(w)
        w.style().polish(w)

    @staticmethod
    def _with_all(counts: dict[str, int]) -> dict[str, int]:
        counts[ALL] = sum(counts.get(s, 0) for s in QUEUE_STATES)
        return counts

    def refresh_cases(self, ids: Iterable[int], on_rows: Callable[[list[QueueRow]], None] | None = None) -> None:
        """Refresh only the rows of these cases (after a ChangeSet or a live change) and
        the counts; `on_rows` receives the fresh rows (e.g. for the map)."""
        ids = {int(i) for i in ids}
        if not ids:
            return
        if not self.live:
            return
        if self._loading:
            self._dirty |= ids
        from desktop.worker import run_async

        at = self.map_model.now()
        filters = self.current_filter()
        source = self.source

        def fetch() -> tuple[list[QueueRow], dict[str, int]]:
            return source.cases_by_ids(ids, at=at), source.queue_counts(at=at, filters=filters)

        def done(result: tuple[list[QueueRow], dict[str, int]]) -> None:
            rows, counts = result
            self.apply_rows(rows, counts, missing=ids - {r.id for r in rows})
            if on_rows is not None:
                on_rows(rows)

        run_async(self, fetch, on_done=done, on_error=lambda exc: self._on_error(self._gen, exc))

    def apply_rows(self, rows: list[QueueRow], counts: dict[str, int] | None = None, missing: Iterable[int] = ()) -> None:
        """Put fresh rows in place: updated where shown, added where they now belong,
        removed where they no longer do."""
        now = self.map_model.now()
        self.table_model.tick(now)
        self._filter_cache = self.current_filter()
        self._parent_cache = self._parent_of()
        self.table_model.upsert(rows, self._accepts)
        self.table_model.remove(missing)
        self.proxy.refilter()
        self.proxy.sort(self.sort_column, self.sort_order)
        if counts is not None:
            self.counts_by_queue = self._with_all(dict(counts))
        self.update_counts()
        self._update_title()
        self.refreshed.emit()

    # ------------------------------------------------------------------ updates
    def _after_reload(self, keep: int | None = None) -> None:
        self._filter_cache = self.current_filter()
        self._parent_cache = self._parent_of()
        self.proxy.refilter()
        self.proxy.sort(self.sort_column, self.sort_order)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(self.sort_column, self.sort_order)
        header.blockSignals(False)
        if not getattr(self, "_columns_sized", True):
            self._size_columns()
        self.update_counts()
        self._update_title()
        if keep is not None and self._proxy_index_of(keep) is not None:
            self._select_row_quietly(keep)
        else:
            self._on_map_selection(self.map_model.selection)

    def _update_title(self) -> None:
        shown = self.proxy.rowCount()
        total = self.counts_by_queue.get(self.queue, shown) if self.live else shown
        text = self.tr("{queue} · {n} cases").format(queue=self._queue_title(self.queue), n=f"{total:,}")
        if self.live and total > shown:
            text += " " + self.tr("(first {n} shown)").format(n=f"{shown:,}")
        self.title_label.setText(text)

    def preferred_width(self) -> int:
        """Wide enough to show every column without scrolling."""
        header = self.table.horizontalHeader()
        cols = sum(header.sectionSize(c) for c in range(CaseTableModel.COLUMN_COUNT))
        return cols + self.table.verticalScrollBar().sizeHint().width() + 2 * 8 + 6

    def _on_data_changed(self) -> None:
        if self._model_sync_suspended:
            return
        if self.live:
            self.refresh()
            return
        self.table_model.reload()
        self._fill_named_choices()
        self._after_reload()

    def tick(self) -> None:
        """Refresh countdowns and counts (the window's clock calls this)."""
        self.table_model.tick(self.map_model.now())
        if self.live:
            self.proxy.refilter()  # a case may have become overdue
            from desktop.worker import run_async

            at = self.map_model.now()
            run_async(
                self,
                self.source.queue_counts,
                at=at,
                filters=self.current_filter(),
                on_done=self._on_counts,
                on_error=lambda exc: self._on_error(self._gen, exc),
            )
        else:
            if self.queue == OVERDUE:
                self.proxy.refilter()
            self.update_counts()

    def _on_counts(self, counts: dict[str, int]) -> None:
        self.counts_by_queue = self._with_all(dict(counts))
        self.update_counts()
        self._update_title()

    def update_counts(self) -> None:
        if not self.live:
            f = self.current_filter()
            now = self.table_model.now
            parent = self._parent_of()
            rows = [r for r in self.table_model.cases() if matches(r, f, now, parent)]
            self.counts_by_queue = {k: sum(1 for r in rows if in_queue(r, k, now)) for k in QUEUE_KEYS}
        for key, pill in self.chips.items():
            pill.set_count(self.counts_by_queue.get(key, 0))

    # ------------------------------------------------------------------ the alert flash
    def flash(self, keys: Iterable[str] = ("reported",), times: int = 8) -> None:
        """Flash queue pills (a new urgent case)."""
        self._flash_keys = {k for k in keys if k in self.chips}
        self._flash_left = times * 2
        self._flash_timer.start()
        self._flash_step()

    def stop_flash(self) -> None:
        self._flash_timer.stop()
        self._flash_left = 0
        for pill in self.chips.values():
            if pill.flashing:
                pill.set_flash(False)

    def _flash_step(self) -> None:
        if self._flash_left <= 0:
            self.stop_flash()
            return
        self._flash_left -= 1
        on = self._flash_left % 2 == 1
        for key in self._flash_keys:
            self.chips[key].set_flash(on)

    # ------------------------------------------------------------------ selection sync
    def selected_case_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(CASE_ID_ROLE)
        return int(value) if value is not None else None

    def selected_row(self) -> QueueRow | None:
        cid = self.selected_case_id()
        return None if cid is None else self.table_model.get(cid)

    def visible_ids(self) -> list[int]:
        return [int(self.proxy.index(r, 0).data(CASE_ID_ROLE)) for r in range(self.proxy.rowCount())]

    def _proxy_index_of(self, case_id: int) -> QModelIndex | None:
        row = self.table_model.row_of(case_id)
        if row is None:
            return None
        index = self.proxy.mapFromSource(self.table_model.index(row, 0))
        return index if index.isValid() else None

    def select_case(self, case_id: int) -> bool:
        """Select a case's row (as if the user clicked it)."""
        proxy_index = self._proxy_index_of(case_id)
        if proxy_index is None:
            return False
        self.table.selectionModel().select(
            proxy_index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(proxy_index)
        return True

    def _select_row_quietly(self, case_id: int) -> None:
        proxy_index = self._proxy_index_of(case_id)
        if proxy_index is None:
            return
        self._syncing = True
        try:
            self.table.selectionModel().select(
                proxy_index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(proxy_index, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self._syncing = False

    def show_case(self, case_id: int, state: str | None = None) -> None:
        """Select a case's row without acting on it (no map zoom, no case_selected),
        switching to the queue that holds it if it is not shown."""
        if self._proxy_index_of(case_id) is not None:
            self._select_row_quietly(case_id)
            return
        row = self.table_model.get(case_id)
        state = state or (row.state if row is not None else None)
        if state is None and self.map_model.has_feature(LayerId.CASES, case_id):
            state = self.map_model.record(LayerId.CASES, case_id).state
        if state not in QUEUE_STATES:
            return  # closed or rejected: in no queue
        target = state if state in QUEUE_KEYS else ALL
        if self.queue == ALL and not self.live:
            target = ALL
        self.set_queue(target, select=case_id)

    def _on_rows_selected(self, *_args: object) -> None:
        if self._syncing:
            return
        case_id = self.selected_case_id()
        if case_id is None:
            return
        self._syncing = True
        try:
            if self.map_model.has_feature(LayerId.CASES, case_id):
                self.map_model.select(LayerId.CASES, case_id)
                if self.zoom_on_select:
                    self.map_model.zoom_to_feature(LayerId.CASES, case_id)
        finally:
            self._syncing = False
        self.case_selected.emit(case_id)

    def _on_activated(self, index: QModelIndex) -> None:
        value = index.data(CASE_ID_ROLE)
        if value is not None:
            self.case_activated.emit(int(value))

    def _on_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        self.sort_column, self.sort_order = column, order
        if self.live:
            self.refresh()

    def _on_map_selection(self, hit: object) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            sm = self.table.selectionModel()
            if isinstance(hit, tuple) and hit[0] == LayerId.CASES:
                proxy_index = self._proxy_index_of(int(hit[1]))
                if proxy_index is not None:
                    sm.select(
                        proxy_index,
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                    self.table.scrollTo(proxy_index, QAbstractItemView.ScrollHint.EnsureVisible)
                    return
                if not self._loading:
                    sm.clearSelection()
                    self.show_case(int(hit[1]))
                    return
            sm.clearSelection()
        finally:
            self._syncing = False
