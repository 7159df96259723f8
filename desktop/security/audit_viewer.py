"""The audit viewer (Permission.AUDIT_VIEW): the append-only, hash-chained trail page by page,
filtered by time range, user, action, entity and entity id, with each record's before and
after side by side. Personal data inside the records are masked (db.audit.query_audit does
it; the viewer never asks for them unmasked). "Verify chain" walks the whole chain
(db.audit.verify_audit_trail) and names the first broken record, as `python main.py audit
verify` does. Nothing here can change or delete a record.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.audit import (
    AuditPage,
    AuditRow,
    ChainReport,
    audit_filter_values,
    audit_row,
    query_audit,
    verify_audit_trail,
)
from db.clock import now as town_now
from db.ops import Actor
from db.permissions import Permission
from desktop import labels, theme
from desktop.security.common import (
    STYLE,
    audit_action_label,
    audit_entity_label,
    audit_field_label,
    audit_value_text,
    chain_reason_text,
    engine_of,
    error_html,
    header_bar,
    may,
)
from desktop.worker import run_async

PAGE_SIZES = (50, 100, 200, 500)
MAX_FILTER = 64
SECURITY_ACTIONS = frozenset(
    {"sign_in_failed", "sign_in_refused", "account_locked", "user_locked", "user_deactivated", "password_reset"}
)


def change_summary(row: AuditRow, limit: int = 140) -> str:
    """One line of what a record says: changed fields as "field: before → after", else the
    fields written."""
    before, after = row.before or {}, row.after or {}
    parts = []
    for key in list(dict.fromkeys([*before.keys(), *after.keys()])):
        b, a = before.get(key), after.get(key)
        name = audit_field_label(key)
        if key in before and key in after:
            if a != b:
                parts.append(f"{name}: {audit_value_text(key, b)} → {audit_value_text(key, a)}")
        elif key in after:
            parts.append(f"{name}: {audit_value_text(key, a)}")
        else:
            parts.append(f"{name}: {audit_value_text(key, b)} → ∅")
    text = " · ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AuditTableModel(QAbstractTableModel):
    SEQ, AT, USER, WORKSTATION, ACTION, ENTITY, ENTITY_ID, SUMMARY = range(8)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []
        self.headers = [
            self.tr("No."),
            self.tr("Time"),
            self.tr("User"),
            self.tr("Workstation"),
            self.tr("Action"),
            self.tr("Entity"),
            self.tr("Id"),
            self.tr("What changed"),
        ]

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(r.seq),
                f"{r.at:%Y-%m-%d %H:%M:%S}",
                r.username,
                r.workstation,
                audit_action_label(r.action),
                audit_entity_label(r.entity),
                "" if r.entity_id is None else str(r.entity_id),
                change_summary(r),
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.ACTION:
                return r.action
            if col == self.ENTITY:
                return r.entity
            if col == self.SUMMARY:
                return change_summary(r, 2000)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.ACTION and r.action in SECURITY_ACTIONS:
                return QColor(theme.OVERDUE_COLOUR)
            if col == self.ACTION:
                return QColor(theme.ACCENT)
            if col in (self.SEQ, self.WORKSTATION, self.SUMMARY):
                return QColor(theme.TEXT_DIM)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.SEQ, self.ENTITY_ID):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class AuditViewerWindow(QMainWindow):
    """The audit trail, read only."""

    RANGE_ALL, RANGE_TODAY, RANGE_24H, RANGE_7D, RANGE_30D, RANGE_CUSTOM = range(6)

    def __init__(self, source: Any, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if parent is not None:
            self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("auditViewerWindow")
        self.setWindowTitle(self.tr("Audit trail · GridDesk"))
        self.setStyleSheet(STYLE)
        self.source = source
        self.engine = engine_of(source)
        self.actor = actor
        self.page = 1
        self.page_data: AuditPage | None = None
        self.chain: ChainReport | None = None
        self._request = 0
        self._pending = 0
        self.resize(1440, 860)
        if self.engine is None:
            self._refuse(self.tr("The audit trail is not available: this data source has no database."))
            return
        if not may(actor, Permission.AUDIT_VIEW):
            self._refuse(self.tr("Your role ({role}) may not view the audit trail.").format(
                role=labels.role_label(actor.role)))
            return
        self._build()
        self.load_filter_values()
        self.query()

    def _refuse(self, text: str) -> None:
        self.refusal = QLabel(text, self)
        self.refusal.setObjectName("securityWarn")
        self.refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.refusal.setWordWrap(True)
        self.setCentralWidget(self.refusal)

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        header, _t, self.subtitle = header_bar(
            self.tr("Audit trail"),
            self.tr("Loading…"),
            central,
        )
        hl = header.layout()
        assert isinstance(hl, QHBoxLayout)
        self.chain_banner = QFrame(header)
        self.chain_banner.setObjectName("chainBanner")
        bl = QHBoxLayout(self.chain_banner)
        bl.setContentsMargins(10, 4, 10, 4)
        self.chain_label = QLabel(self.tr("Hash chain not checked yet"), self.chain_banner)
        self.chain_label.setObjectName("securitySub")
        self.chain_label.setWordWrap(False)
        bl.addWidget(self.chain_label)
        self.verify_button = QPushButton(self.tr("Verify chain"), header)
        self.verify_button.setObjectName("primaryButton")
        self.verify_button.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.verify_button.setToolTip(self.tr(
            "Check every record's hash and link, as `python main.py audit verify` does (Ctrl+Shift+V)"))
        self.verify_button.clicked.connect(self.verify_chain)
        hl.addWidget(self.chain_banner)
        hl.addSpacing(8)
        hl.addWidget(self.verify_button)
        lay.addWidget(header)

        lay.addWidget(self._build_filters(central))

        split = QSplitter(Qt.Orientation.Vertical, central)
        table_box = QWidget(split)
        tl = QVBoxLayout(table_box)
        tl.setContentsMargins(12, 0, 12, 0)
        self.model = AuditTableModel(self)
        self.table = QTableView(table_box)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        head = self.table.horizontalHeader()
        head.setStretchLastSection(True)
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((70, 170, 120, 140, 230, 100, 70)):
            self.table.setColumnWidth(col, width)
        tl.addWidget(self.table, 1)
        tl.addLayout(self._build_pager(table_box))
        split.addWidget(table_box)

        detail = QWidget(split)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(12, 4, 12, 10)
        self.detail_title = QLabel(self.tr("Select a record to see its before and after."), detail)
        self.detail_title.setObjectName("panelTitle")
        dl.addWidget(self.detail_title)
        self.detail_table = QTableWidget(0, 3, detail)
        self.detail_table.setObjectName("auditDetail")
        self.detail_table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Before"), self.tr("After")])
        self.detail_table.verticalHeader().setVisible(False)
        self.detail_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail_table.setWordWrap(True)
        dh = self.detail_table.horizontalHeader()
        dh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        dh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        dh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        dl.addWidget(self.detail_table, 1)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 200])
        lay.addWidget(split, 1)
        self.setCentralWidget(central)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_detail(cur.row()))
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        QShortcut(QKeySequence("Alt+Right"), self, activated=self.next_page)
        QShortcut(QKeySequence("Alt+Left"), self, activated=self.previous_page)

    def _build_filters(self, parent: QWidget) -> QFrame:
        box = QFrame(parent)
        box.setObjectName("auditFilters")
        grid = QGridLayout(box)
        grid.setContentsMargins(12, 10, 12, 8)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)

        def label(text: str) -> QLabel:
            lab = QLabel(text, box)
            lab.setObjectName("fieldLabel")
            return lab

        self.range_combo = QComboBox(box)
        self.range_combo.setObjectName("rangeCombo")
        for text in (
            self.tr("All time"),
            self.tr("Today"),
            self.tr("Last 24 hours"),
            self.tr("Last 7 days"),
            self.tr("Last 30 days"),
            self.tr("Custom range"),
        ):
            self.range_combo.addItem(text)
        self.since_edit = QDateTimeEdit(box)
        self.until_edit = QDateTimeEdit(box)
        for edit in (self.since_edit, self.until_edit):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
        now = QDateTime(town_now())
        self.since_edit.setDateTime(now.addDays(-7))
        self.until_edit.setDateTime(now.addSecs(3600))

        self.user_combo = self._filter_combo(box, "userFilter")
        self.action_combo = self._filter_combo(box, "actionFilter")
        self.entity_combo = self._filter_combo(box, "entityFilter")
        self.entity_id_edit = QLineEdit(box)
        self.entity_id_edit.setObjectName("entityIdFilter")
        self.entity_id_edit.setValidator(QIntValidator(0, 2**31 - 1, self.entity_id_edit))
        self.entity_id_edit.setPlaceholderText(self.tr("any"))
        self.entity_id_edit.setMaximumWidth(110)
        self.apply_button = QPushButton(self.tr("Search"), box)
        self.apply_button.setObjectName("primaryButton")
        self.apply_button.setToolTip(self.tr("Apply the filters (Enter)"))
        self.clear_button = QPushButton(self.tr("Clear"), box)

        self.range_combo.setMinimumWidth(150)
        for edit in (self.since_edit, self.until_edit):
            edit.setMinimumWidth(170)
        self.entity_combo.setMinimumWidth(130)
        self.action_combo.setMinimumWidth(210)
        row1 = QHBoxLayout()
        row1.setSpacing(8)
        for w in (label(self.tr("Time")), self.range_combo, self.since_edit, label(self.tr("to")), self.until_edit):
            row1.addWidget(w)
        row1.addSpacing(18)
        row1.addWidget(label(self.tr("User")))
        row1.addWidget(self.user_combo)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        row2.setSpacing(8)
        for w in (
            label(self.tr("Action")), self.action_combo, label(self.tr("Entity")), self.entity_combo,
            label(self.tr("Entity id")), self.entity_id_edit,
        ):
            row2.addWidget(w)
        row2.addStretch(1)
        row2.addWidget(self.apply_button)
        row2.addWidget(self.clear_button)
        grid.addLayout(row1, 0, 0)
        grid.addLayout(row2, 1, 0)
        self.filter_message = QLabel(box)
        self.filter_message.setObjectName("securityError")
        self.filter_message.setVisible(False)
        grid.addWidget(self.filter_message, 2, 0)

        self.range_combo.currentIndexChanged.connect(self._range_changed)
        self.range_combo.setCurrentIndex(self.RANGE_7D)
        self._range_changed(self.RANGE_7D)
        self.apply_button.clicked.connect(self.apply_filters)
        self.clear_button.clicked.connect(self.clear_filters)
        self.entity_id_edit.returnPressed.connect(self.apply_filters)
        for combo in (self.user_combo, self.action_combo, self.entity_combo):
            line = combo.lineEdit()
            if line is not None:
                line.returnPressed.connect(self.apply_filters)
            combo.activated.connect(lambda _i: self.apply_filters())
        return box

    def _filter_combo(self, parent: QWidget, name: str) -> QComboBox:
        combo = QComboBox(parent)
        combo.setObjectName(name)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMinimumWidth(150)
        line = combo.lineEdit()
        if line is not None:
            line.setMaxLength(MAX_FILTER)
            line.setPlaceholderText(self.tr("any"))
            line.setClearButtonEnabled(True)
        return combo

    def _build_pager(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 6, 0, 6)
        self.first_button = QPushButton("|◀", parent)
        self.prev_button = QPushButton("◀", parent)
        self.page_label = QLabel(parent)
        self.page_label.setObjectName("pageLabel")
        self.next_button = QPushButton("▶", parent)
        self.last_button = QPushButton("▶|", parent)
        self.first_button.setToolTip(self.tr("First page (newest records)"))
        self.prev_button.setToolTip(self.tr("Previous page (Alt+Left)"))
        self.next_button.setToolTip(self.tr("Next page (Alt+Right)"))
        self.last_button.setToolTip(self.tr("Last page (oldest records)"))
        self.size_combo = QComboBox(parent)
        for n in PAGE_SIZES:
            self.size_combo.addItem(self.tr("{n} per page").format(n=n), n)
        self.size_combo.setCurrentIndex(PAGE_SIZES.index(100))
        self.total_label = QLabel(parent)
        self.total_label.setObjectName("securitySub")
        row.addWidget(self.total_label)
        row.addStretch(1)
        for w in (self.first_button, self.prev_button, self.page_label, self.next_button, self.last_button):
            row.addWidget(w)
        row.addSpacing(12)
        row.addWidget(self.size_combo)
        self.first_button.clicked.connect(lambda: self.go_to(1))
        self.prev_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.last_button.clicked.connect(lambda: self.go_to(self.page_data.pages if self.page_data else 1))
        self.size_combo.currentIndexChanged.connect(lambda _i: self.go_to(1))
        return row

    # ------------------------------------------------------------------ filters
    def _range_changed(self, index: int) -> None:
        custom = index == self.RANGE_CUSTOM
        self.since_edit.setEnabled(custom)
        self.until_edit.setEnabled(custom)
        since, until = self._preset(index)
        if since is not None:
            self.since_edit.setDateTime(QDateTime(since))
        if until is not None:
            self.until_edit.setDateTime(QDateTime(until))

    def _preset(self, index: int) -> tuple[datetime | None, datetime | None]:
        now = town_now()
        if index == self.RANGE_TODAY:
            return now.replace(hour=0, minute=0, second=0), None
        if index == self.RANGE_24H:
            return now - timedelta(hours=24), None
        if index == self.RANGE_7D:
            return now - timedelta(days=7), None
        if index == self.RANGE_30D:
            return now - timedelta(days=30), None
        return None, None

    def time_range(self) -> tuple[datetime | None, datetime | None]:
        index = self.range_combo.currentIndex()
        if index == self.RANGE_CUSTOM:
            since = self.since_edit.dateTime().toPython()
            until = self.until_edit.dateTime().toPython()
            assert isinstance(since, datetime) and isinstance(until, datetime)
            return since.replace(second=0, microsecond=0), until.replace(second=0, microsecond=0)
        return self._preset(index)

    @staticmethod
    def _combo_value(combo: QComboBox) -> str | None:
        text = combo.currentText().strip()
        if not text:
            return None
        i = combo.findText(text, Qt.MatchFlag.MatchFixedString)
        data = combo.itemData(i) if i >= 0 else None
        return str(data) if data else text

    def filters(self) -> dict[str, Any]:
        """The current filters as query_audit keywords (raises ValueError with a message)."""
        since, until = self.time_range()
        if since is not None and until is not None and since >= until:
            raise ValueError(self.tr("The start of the time range must be before its end."))
        raw_id = self.entity_id_edit.text().strip()
        entity_id = None
        if raw_id:
            if not raw_id.isdigit() or len(raw_id) > 10 or int(raw_id) >= 2**31:
                raise ValueError(self.tr("The entity id must be a whole number."))
            entity_id = int(raw_id)
        return {
            "since": since,
            "until": until,
            "username": self._combo_value(self.user_combo),
            "action": self._combo_value(self.action_combo),
            "entity": self._combo_value(self.entity_combo),
            "entity_id": entity_id,
        }

    def apply_filters(self) -> None:
        self.go_to(1)

    def clear_filters(self) -> None:
        for combo in (self.user_combo, self.action_combo, self.entity_combo):
            combo.setCurrentIndex(-1)
            combo.setEditText("")
        self.entity_id_edit.clear()
        self.range_combo.setCurrentIndex(self.RANGE_ALL)
        self.go_to(1)

    def set_filters(self, *, username: str | None = None, action: str | None = None, entity: str | None = None,
                    entity_id: int | None = None, range_index: int | None = None) -> None:
        """Set filter fields from code (tests, links from other screens); then apply_filters()."""
        if range_index is not None:
            self.range_combo.setCurrentIndex(range_index)
        for combo, value in ((self.user_combo, username), (self.action_combo, action), (self.entity_combo, entity)):
            if value is None:
                continue
            i = combo.findData(value)
            if i >= 0:
                combo.setCurrentIndex(i)
            else:
                combo.setEditText(value)
        if entity_id is not None:
            self.entity_id_edit.setText(str(entity_id))

    # ------------------------------------------------------------------ loading
    def is_loaded(self) -> bool:
        return self._pending == 0 and self.page_data is not None

    def load_filter_values(self) -> None:
        self._pending += 1
        run_async(self, audit_filter_values, self.engine, self.actor,
                  on_done=self._filter_values, on_error=self._filter_values_failed)

    def _filter_values(self, values: dict[str, list[str]]) -> None:
        self._pending -= 1
        for combo, key, label in (
            (self.user_combo, "usernames", None),
            (self.action_combo, "actions", audit_action_label),
            (self.entity_combo, "entities", audit_entity_label),
        ):
            text = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            items = sorted(((label(v) if label else v), v) for v in values.get(key, []))
            for shown, value in items:
                combo.addItem(shown, value)
            combo.setCurrentIndex(-1)
            combo.setEditText(text)
            combo.blockSignals(False)

    def _filter_values_failed(self, exc: Exception) -> None:
        self._pending -= 1
        self._show_filter_message(error_html(exc))

    def _show_filter_message(self, html: str) -> None:
        self.filter_message.setText(html)
        self.filter_message.setVisible(bool(html))

    def go_to(self, page: int) -> None:
        self.page = max(1, page)
        self.query()

    def next_page(self) -> None:
        if self.page_data is not None and self.page < self.page_data.pages:
            self.go_to(self.page + 1)

    def previous_page(self) -> None:
        if self.page > 1:
            self.go_to(self.page - 1)

    def refresh(self) -> None:
        self.load_filter_values()
        self.query()

    def query(self) -> None:
        """Load the current page with the current filters (off the GUI thread)."""
        if self.engine is None or not may(self.actor, Permission.AUDIT_VIEW):
            return
        try:
            filters = self.filters()
        except ValueError as exc:
            self._show_filter_message(str(exc))
            return
        self._show_filter_message("")
        self._request += 1
        request = self._request
        self._pending += 1
        size = int(self.size_combo.currentData() or 100)
        run_async(
            self, query_audit, self.engine, self.actor, page=self.page, page_size=size, **filters,
            on_done=lambda page, r=request: self._page_loaded(r, page),
            on_error=lambda exc, r=request: self._page_failed(r, exc),
        )

    def _page_loaded(self, request: int, page: AuditPage) -> None:
        self._pending -= 1
        if request != self._request:
            return  # an older query answered late
        if page.total and page.page > page.pages:  # fewer records than before: last page
            self.go_to(page.pages)
            return
        self.page_data = page
        self.page = page.page
        self.model.set_rows(page.rows)
        self.subtitle.setText(
            self.tr("{n} records match · personal data shown masked · records can be neither changed nor deleted")
            .format(n=f"{page.total:,}")
        )
        self.page_label.setText(self.tr("Page {p} of {n}").format(p=page.page, n=page.pages))
        first = (page.page - 1) * page.page_size + 1 if page.total else 0
        last = min(page.total, page.page * page.page_size)
        self.total_label.setText(self.tr("Records {a}-{b} of {n}, newest first").format(
            a=f"{first:,}", b=f"{last:,}", n=f"{page.total:,}"))
        self.first_button.setEnabled(page.page > 1)
        self.prev_button.setEnabled(page.page > 1)
        self.next_button.setEnabled(page.page < page.pages)
        self.last_button.setEnabled(page.page < page.pages)
        if page.rows:
            self.table.selectRow(0)
        else:
            self._show_detail(-1)

    def _page_failed(self, request: int, exc: Exception) -> None:
        self._pending -= 1
        if request == self._request:
            self._show_filter_message(error_html(exc).replace("<br>", " "))

    def _show_detail(self, row: int) -> None:
        if row < 0 or row >= len(self.model.rows):
            self.detail_title.setText(self.tr("Select a record to see its before and after."))
            self.detail_table.setRowCount(0)
            return
        r = self.model.rows[row]
        self.detail_title.setText(self.tr("Record {seq} · {time} · {user} @ {ws} · {action}").format(
            seq=r.seq, time=f"{r.at:%Y-%m-%d %H:%M:%S}", user=r.username, ws=r.workstation,
            action=audit_action_label(r.action)))
        before, after = r.before or {}, r.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        if not keys:
            self.detail_table.setRowCount(1)
            item = QTableWidgetItem(self.tr("This record carries no before or after values."))
            item.setForeground(QColor(theme.TEXT_DIM))
            self.detail_table.setItem(0, 0, QTableWidgetItem("—"))
            self.detail_table.setItem(0, 1, item)
            self.detail_table.setItem(0, 2, QTableWidgetItem(""))
            return
        self.detail_table.setRowCount(len(keys))
        for i, key in enumerate(keys):
            b = before.get(key) if key in before else None
            a = after.get(key) if key in after else None
            cells = (
                audit_field_label(key),
                "" if key not in before else audit_value_text(key, b, 400),
                "" if key not in after else audit_value_text(key, a, 400),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(key if col == 0 else text)
                if col == 2 and key in before and key in after and a != b:
                    item.setForeground(QColor(theme.ACCENT))
                if col == 0:
                    item.setForeground(QColor(theme.TEXT_DIM))
                self.detail_table.setItem(i, col, item)
        self.detail_table.verticalHeader().setDefaultSectionSize(26)
        if any(len(str(v)) > 60 for v in (*before.values(), *after.values())):
            self.detail_table.resizeRowsToContents()

    # ------------------------------------------------------------------ the chain
    def verify_chain(self) -> None:
        if self.engine is None:
            return
        self.verify_button.setEnabled(False)
        self.chain_label.setText(self.tr("Checking every record of the chain…"))
        self._pending += 1

        def check(engine: Any) -> tuple[ChainReport, AuditRow | None]:
            report = verify_audit_trail(engine)
            broken = audit_row(engine, report.first_broken_seq) if report.first_broken_seq else None
            return report, broken

        run_async(self, check, self.engine, on_done=self._verified, on_error=self._verify_failed)

    def _set_banner(self, state: str, text: str) -> None:
        self.chain_banner.setProperty("state", state)
        self.chain_banner.style().unpolish(self.chain_banner)
        self.chain_banner.style().polish(self.chain_banner)
        self.chain_label.setObjectName({"ok": "securityOk", "broken": "securityError"}.get(state, "securitySub"))
        self.chain_label.style().unpolish(self.chain_label)
        self.chain_label.style().polish(self.chain_label)
        self.chain_label.setText(text)

    def _verified(self, result: tuple[ChainReport, AuditRow | None]) -> None:
        self._pending -= 1
        self.verify_button.setEnabled(True)
        report, broken = result
        self.chain = report
        stamp = f"{town_now():%H:%M}"
        if report.ok:
            self._set_banner("ok", self.tr("√ Chain intact: all {n} records verified ({t}).").format(
                n=f"{report.records:,}", t=stamp))
            return
        where = ""
        if broken is not None:
            where = self.tr(" ({time}, {user}, {action})").format(
                time=f"{broken.at:%Y-%m-%d %H:%M}", user=broken.username, action=audit_action_label(broken.action))
        self._set_banner("broken", self.tr("× Chain broken at record {seq}{where}: {reason}.").format(
            seq=report.first_broken_seq, where=where, reason=chain_reason_text(report.reason)))

    def _verify_failed(self, exc: Exception) -> None:
        self._pending -= 1
        self.verify_button.setEnabled(True)
        self._set_banner("broken", error_html(exc).replace("<br>", " "))
