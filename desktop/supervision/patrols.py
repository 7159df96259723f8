"""Patrol records (巡查记录): every responsibility grid's patrols per day over the last two
weeks, missed patrols in red, the selected day's grids on a map, the patrols of a grid and
day with their routes, and the form that records a patrol and its findings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTime, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from db import supervision as sv
from db.case_queries import list_categories
from db.ops import Actor, run_operation
from db.permissions import Permission, has_permission
from desktop import labels, theme
from desktop.supervision.charts import GridMap, Shape
from desktop.supervision.common import (
    MISSED,
    OUTCOMES,
    PARTIAL,
    SLOTS,
    TEAM_ROLES,
    day_text,
    error_html,
    hhmm,
    pct,
    title,
    weekday,
    word,
)
from desktop.worker import run_async

translate = QCoreApplication.translate
DAYS = 14


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class PatrolPanel(QWidget):
    loaded = Signal()
    patrols_loaded = Signal()

    def __init__(self, engine: Any, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patrolPanel")
        self.engine = engine
        self.actor = actor
        self.completion: sv.PatrolCompletion | None = None
        self.shapes: list[Shape] = []
        self.selected: tuple[int | None, date] | None = None
        self.patrols: list[sv.PatrolRow] = []

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 10, 12, 10)
        root.setSpacing(8)
        head = QHBoxLayout()
        head.addWidget(title(self.tr("Patrol records"), self))
        self.summary = QLabel("", self)
        self.summary.setObjectName("supSub")
        head.addWidget(self.summary, 1)
        self.record_button = QPushButton(self.tr("Record a patrol…"), self)
        self.record_button.setObjectName("primary")
        self.record_button.setShortcut(QKeySequence("Ctrl+N"))
        self.record_button.setToolTip(self.tr("Record a patrol (Ctrl+N)"))
        self.record_button.clicked.connect(self.record_patrol)
        self.record_button.setEnabled(has_permission(actor.role, Permission.SUPERVISION_RECORD))
        head.addWidget(self.record_button)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setShortcut(QKeySequence("F5"))
        self.refresh_button.clicked.connect(self.load)
        head.addWidget(self.refresh_button)
        root.addLayout(head)
        self.error = QLabel("", self)
        self.error.setObjectName("supError")
        self.error.setWordWrap(True)
        self.error.hide()
        root.addWidget(self.error)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        root.addWidget(split, 1)
        left = QFrame(split)
        left.setObjectName("supCard")
        ll = QVBoxLayout(left)
        ll.setContentsMargins(10, 10, 10, 10)
        lt = QLabel(self.tr("Patrols per grid and day (two a day)"), left)
        lt.setObjectName("supSection")
        ll.addWidget(lt)
        legend = QLabel(
            self.tr("green: both patrols · amber: one missed · red: both missed · — not due yet"),
            left,
        )
        legend.setObjectName("supHint")
        ll.addWidget(legend)
        self.matrix = QTableWidget(0, 0, left)
        self.matrix.setObjectName("patrolMatrix")
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matrix.verticalHeader().setDefaultSectionSize(26)
        self.matrix.cellClicked.connect(self._on_cell)
        self.matrix.currentCellChanged.connect(lambda r, c, _pr, _pc: self._on_cell(r, c))
        ll.addWidget(self.matrix, 1)
        split.addWidget(left)

        right = QSplitter(Qt.Orientation.Vertical, split)
        map_card = QFrame(right)
        map_card.setObjectName("supCard")
        ml = QVBoxLayout(map_card)
        ml.setContentsMargins(10, 10, 10, 10)
        self.map_title = QLabel("", map_card)
        self.map_title.setObjectName("supSection")
        ml.addWidget(self.map_title)
        self.map = GridMap(map_card)
        self.map.shape_clicked.connect(self._on_map_grid)
        ml.addWidget(self.map, 1)
        right.addWidget(map_card)
        list_card = QFrame(right)
        list_card.setObjectName("supCard")
        pl = QVBoxLayout(list_card)
        pl.setContentsMargins(10, 10, 10, 10)
        self.list_title = QLabel(self.tr("Patrols"), list_card)
        self.list_title.setObjectName("supSection")
        pl.addWidget(self.list_title)
        self.patrol_list = QListWidget(list_card)
        self.patrol_list.setObjectName("patrolList")
        self.patrol_list.currentRowChanged.connect(self._on_patrol)
        pl.addWidget(self.patrol_list, 1)
        self.detail = QTextBrowser(list_card)
        self.detail.setObjectName("patrolDetail")
        self.detail.setOpenLinks(False)
        pl.addWidget(self.detail, 2)
        right.addWidget(list_card)
        right.setSizes([420, 480])
        split.addWidget(right)
        split.setSizes([980, 600])

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        self.refresh_button.setEnabled(False)
        run_async(self, self._compute, on_done=self._show, on_error=self._failed)

    def _compute(self) -> tuple[sv.PatrolCompletion, list[sv.GridShape]]:
        with_shapes = [] if self.shapes else sv.read(self.engine, sv.grid_shapes)
        as_of = sv.read(self.engine, sv.clock)
        end = as_of.date() + timedelta(days=1)
        return sv.read(
            self.engine, sv.patrol_completion, end - timedelta(days=DAYS), end, as_of
        ), with_shapes

    def _failed(self, exc: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.error.setText(error_html(exc))
        self.error.show()

    def _show(self, result: tuple[sv.PatrolCompletion, list[sv.GridShape]]) -> None:
        pc, shapes = result
        self.error.hide()
        self.refresh_button.setEnabled(True)
        if shapes:
            self.shapes = [Shape(str(s.id), s.name, s.geometry) for s in shapes]
            self.map.set_shapes(self.shapes)
        self.completion = pc
        missed = pc.missed_total()
        self.summary.setText(
            self.tr("Last {n} days: {done} of {due} patrols done ({rate}), {missed} missed").format(
                n=len(pc.days),
                done=f"{pc.done_total:,}",
                due=f"{pc.due_total:,}",
                rate=pct(pc.completion_rate),
                missed=missed,
            )
        )
        m = self.matrix
        m.blockSignals(True)
        m.clear()
        m.setRowCount(len(pc.grids))
        m.setColumnCount(len(pc.days) + 1)
        m.setHorizontalHeaderLabels(
            [f"{d:%m-%d}\n{weekday(d)}" for d in pc.days] + [self.tr("Missed")]
        )
        m.setVerticalHeaderLabels([g.name for g in pc.grids])
        for r, g in enumerate(pc.grids):
            for c, d in enumerate(pc.days):
                due = pc.expected.get(d, 0)
                done = min(pc.done.get((g.id, d), 0), 2)
                item = QTableWidgetItem("—" if due == 0 and done == 0 else f"{done}/2")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                miss = pc.missed(g.id, d)
                if due == 0 and done == 0:
                    item.setForeground(QColor(theme.TEXT_DIM))
                elif miss == 0:
                    item.setBackground(QBrush(QColor("#173324")))
                    item.setForeground(QColor("#7fc495"))
                elif miss == 1:
                    item.setBackground(QBrush(QColor("#8a5a12")))
                    item.setForeground(QColor("#ffffff"))
                else:
                    item.setBackground(QBrush(QColor("#b3262a")))
                    item.setForeground(QColor("#ffffff"))
                n_rec = pc.records.get((g.id, d), 0)
                item.setToolTip(
                    self.tr("{grid}, {day}: {done} of {due} due patrols done ({n} records)").format(
                        grid=g.name, day=day_text(d), done=done, due=due, n=n_rec
                    )
                )
                item.setData(Qt.ItemDataRole.UserRole, (g.id, d))
                m.setItem(r, c, item)
            total = pc.missed_total(g.id)
            item = QTableWidgetItem(str(total))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if total:
                item.setForeground(QColor(MISSED))
            m.setItem(r, len(pc.days), item)
        hh = m.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(len(pc.days), QHeaderView.ResizeMode.ResizeToContents)
        m.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        m.blockSignals(False)
        day = (
            self.selected[1] if self.selected else pc.days[-2] if len(pc.days) > 1 else pc.days[-1]
        )
        grid = self.selected[0] if self.selected else None
        self.select(grid, day)
        self.loaded.emit()

    # ------------------------------------------------------------------ selection
    def select(self, grid_id: int | None, day: date) -> None:
        """Show `day` on the map and the patrols of that grid (or all grids) and day."""
        pc = self.completion
        if pc is None:
            return
        self.selected = (grid_id, day)
        colours: dict[str, str] = {}
        texts: dict[str, str] = {}
        for g in pc.grids:
            due = pc.expected.get(day, 0)
            done = min(pc.done.get((g.id, day), 0), 2)
            miss = pc.missed(g.id, day)
            colours[str(g.id)] = (
                "#2a3441"
                if due == 0 and done == 0
                else "#1f4a31"
                if miss == 0
                else PARTIAL
                if miss == 1
                else MISSED
            )
            if miss:
                texts[str(g.id)] = f"{done}/2"
        self.map.set_values({k: 0.0 for k in colours}, "", colours, texts)
        self.map.selected = str(grid_id) if grid_id is not None else None
        missing = sum(pc.missed(g.id, day) for g in pc.grids)
        self.map_title.setText(
            self.tr("{day}: {missed} patrols missed").format(day=day_text(day), missed=missing)
        )
        name = next((g.name for g in pc.grids if g.id == grid_id), None)
        self.list_title.setText(
            self.tr("Patrols of {grid} on {day}").format(grid=name, day=day_text(day))
            if name
            else self.tr("Patrols on {day}").format(day=day_text(day))
        )
        run_async(
            self,
            sv.read,
            self.engine,
            sv.patrols_of,
            day,
            day + timedelta(days=1),
            grid_id,
            on_done=self._show_patrols,
            on_error=self._failed,
        )

    def _on_cell(self, row: int, col: int) -> None:
        pc = self.completion
        if pc is None or row < 0 or col < 0 or row >= len(pc.grids):
            return
        day = (
            pc.days[col]
            if col < len(pc.days)
            else (self.selected[1] if self.selected else pc.days[-1])
        )
        self.select(pc.grids[row].id, day)

    def _on_map_grid(self, key: str) -> None:
        if self.selected is not None:
            self.select(int(key), self.selected[1])

    def _show_patrols(self, rows: list[sv.PatrolRow]) -> None:
        self.patrols = rows
        self.patrol_list.blockSignals(True)
        self.patrol_list.clear()
        for p in rows:
            cases = sum(1 for f in p.findings if f.case_id)
            text = self.tr(
                "{start}–{end} {grid} · {leader} · {km} km · {n} findings, {c} cases"
            ).format(
                start=hhmm(p.started_at),
                end=hhmm(p.ended_at),
                grid=p.grid_name,
                leader=p.leader_name,
                km=f"{p.route_length_m / 1000:.1f}",
                n=len(p.findings),
                c=cases,
            )
            QListWidgetItem(text, self.patrol_list)
        if not rows:
            QListWidgetItem(self.tr("No patrol recorded."), self.patrol_list)
        self.patrol_list.blockSignals(False)
        self.map.set_lines([p.route for p in rows if p.route is not None])
        self.patrol_list.setCurrentRow(0 if rows else -1)
        if rows:
            self._on_patrol(0)
        else:
            self.detail.setHtml("")
        self.patrols_loaded.emit()

    def _on_patrol(self, row: int) -> None:
        if not 0 <= row < len(self.patrols):
            return
        p = self.patrols[row]
        if p.route is not None:
            self.map.set_lines([p.route])
        lines = [
            f"<h3 style='color:{theme.ACCENT}'>{_esc(p.grid_name)} · {word(SLOTS, p.slot)}</h3>",
            "<p>"
            + self.tr("Leader: {name}").format(name=_esc(p.leader_name))
            + "<br>"
            + self.tr("Time: {day} {start}–{end}").format(
                day=day_text(p.day), start=hhmm(p.started_at), end=hhmm(p.ended_at)
            )
            + "<br>"
            + self.tr("Members: {names}").format(names=_esc("、".join(p.members) or "—"))
            + "<br>"
            + self.tr("Route: {m} m").format(m=f"{p.route_length_m:,.0f}")
            + "</p>",
        ]
        if p.notes:
            lines.append(f"<p>{_esc(p.notes)}</p>")
        if p.findings:
            lines.append("<p><b>" + self.tr("Findings") + "</b></p><ol>")
            for f in p.findings:
                case = ""
                if f.case_id:
                    case = f" — <span style='color:{theme.ACCENT}'>{_esc(f.case_number)}</span> {labels.state_label(f.case_state)}"
                lines.append(f"<li>{_esc(f.description)} [{word(OUTCOMES, f.outcome)}]{case}</li>")
            lines.append("</ol>")
        self.detail.setHtml("".join(lines))

    # ------------------------------------------------------------------ recording
    def record_patrol(self) -> None:
        pc = self.completion
        grids = pc.grids if pc is not None else []
        preset = self.selected
        dlg = PatrolDialog(
            self.engine,
            self.actor,
            grids,
            preset[0] if preset else None,
            preset[1] if preset else None,
            self,
        )
        dlg.saved.connect(lambda _changes: self.load())
        dlg.open()


class PatrolDialog(QDialog):
    """The form that records a patrol: grid, day and times, leader and members, notes, and
    findings (fixed on the spot, noted, or a new case of a checklist category)."""

    saved = Signal(object)

    def __init__(
        self,
        engine: Any,
        actor: Actor,
        grids: list[sv.GridInfo],
        grid_id: int | None = None,
        day: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("patrolDialog")
        self.setWindowTitle(self.tr("Record a patrol"))
        self.engine, self.actor = engine, actor
        self.team: list[sv.TeamMember] = []
        self.categories: list[Any] = []
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.grid = QComboBox(self)
        for g in grids:
            self.grid.addItem(f"{g.name}（{g.leader_name}）" if g.leader_name else g.name, g.id)
        if grid_id is not None:
            self.grid.setCurrentIndex(max(0, self.grid.findData(grid_id)))
        self.grid.currentIndexChanged.connect(self._load_team)
        form.addRow(self.tr("Responsibility grid"), self.grid)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        d = day or date.today()
        self.day.setDate(QDate(d.year, d.month, d.day))
        form.addRow(self.tr("Day"), self.day)
        times = QHBoxLayout()
        self.start = QTimeEdit(QTime(8, 30), self)
        self.end = QTimeEdit(QTime(10, 0), self)
        for t in (self.start, self.end):
            t.setDisplayFormat("HH:mm")
        times.addWidget(self.start)
        times.addWidget(QLabel("–", self))
        times.addWidget(self.end)
        times.addStretch(1)
        form.addRow(self.tr("From – to"), times)
        self.leader = QComboBox(self)
        form.addRow(self.tr("Leader"), self.leader)
        self.members = QListWidget(self)
        self.members.setMaximumHeight(110)
        form.addRow(self.tr("Members"), self.members)
        self.notes = QPlainTextEdit(self)
        self.notes.setMaximumHeight(60)
        form.addRow(self.tr("Notes"), self.notes)
        lay.addLayout(form)

        ft = QLabel(self.tr("Findings"), self)
        ft.setObjectName("supSection")
        lay.addWidget(ft)
        self.findings = QTableWidget(0, 3, self)
        self.findings.setObjectName("findingTable")
        self.findings.setHorizontalHeaderLabels(
            [self.tr("What was found"), self.tr("Outcome"), self.tr("Category (for a case)")]
        )
        self.findings.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.findings.setColumnWidth(1, 120)
        self.findings.setColumnWidth(2, 250)
        self.findings.verticalHeader().hide()
        self.findings.setMinimumHeight(140)
        lay.addWidget(self.findings)
        fb = QHBoxLayout()
        add = QPushButton(self.tr("Add a finding"), self)
        add.setShortcut(QKeySequence("Ctrl+Shift+N"))
        add.clicked.connect(lambda: self.add_finding())
        remove = QPushButton(self.tr("Remove"), self)
        remove.clicked.connect(lambda: self.findings.removeRow(self.findings.currentRow()))
        fb.addWidget(add)
        fb.addWidget(remove)
        fb.addStretch(1)
        lay.addLayout(fb)

        self.error = QLabel("", self)
        self.error.setObjectName("supError")
        self.error.setWordWrap(True)
        self.error.hide()
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        self.resize(760, 720)
        run_async(self, sv.read, self.engine, list_categories, on_done=self._set_categories)
        self._load_team()

    def _set_categories(self, cats: list[Any]) -> None:
        self.categories = [c for c in cats if not c.police]
        for r in range(self.findings.rowCount()):
            self._fill_categories(self.findings.cellWidget(r, 2))

    def _fill_categories(self, combo: Any) -> None:
        if not isinstance(combo, QComboBox) or combo.count() > 1:
            return
        for c in self.categories:
            combo.addItem(f"{c.code} {c.name}", c.id)

    def _load_team(self) -> None:
        gid = self.grid.currentData()
        if gid is None:
            return
        run_async(self, sv.read, self.engine, sv.grid_team, int(gid), on_done=self._set_team)

    def _set_team(self, team: list[sv.TeamMember]) -> None:
        self.team = team
        self.leader.clear()
        self.members.clear()
        for t in team:
            role = word(TEAM_ROLES, t.team_role)
            self.leader.addItem(f"{t.name}（{role}）", t.id)
            item = QListWidgetItem(f"{t.name}（{role}）", self.members)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        leader = next((i for i, t in enumerate(team) if t.is_grid_leader), 0)
        self.leader.setCurrentIndex(leader)

    def add_finding(
        self, text: str = "", outcome: str = "noted", category_id: int | None = None
    ) -> int:
        r = self.findings.rowCount()
        self.findings.insertRow(r)
        self.findings.setCellWidget(r, 0, QLineEdit(text, self.findings))
        oc = QComboBox(self.findings)
        for code in ("case", "on_spot", "noted"):
            oc.addItem(word(OUTCOMES, code), code)
        oc.setCurrentIndex(oc.findData(outcome))
        self.findings.setCellWidget(r, 1, oc)
        cc = QComboBox(self.findings)
        cc.addItem("—", None)
        self._fill_categories(cc)
        if category_id is not None:
            cc.setCurrentIndex(max(0, cc.findData(category_id)))
        self.findings.setCellWidget(r, 2, cc)
        return r

    def patrol_input(self) -> sv.PatrolInput:
        qd = self.day.date()
        d = date(qd.year(), qd.month(), qd.day())
        st, et = self.start.time(), self.end.time()
        started = datetime.combine(d, time(st.hour(), st.minute()))
        ended = datetime.combine(d, time(et.hour(), et.minute()))
        findings = []
        for r in range(self.findings.rowCount()):
            text = self.findings.cellWidget(r, 0)
            oc = self.findings.cellWidget(r, 1)
            cc = self.findings.cellWidget(r, 2)
            assert (
                isinstance(text, QLineEdit)
                and isinstance(oc, QComboBox)
                and isinstance(cc, QComboBox)
            )
            outcome = oc.currentData()
            findings.append(
                sv.FindingInput(
                    text.text(),
                    category_id=cc.currentData(),
                    make_case=outcome == "case",
                    outcome="noted" if outcome == "case" else outcome,
                )
            )
        leader = self.leader.currentData()
        members = tuple(
            int(self.members.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.members.count())
            if self.members.item(i).checkState() == Qt.CheckState.Checked
            and self.members.item(i).data(Qt.ItemDataRole.UserRole) != leader
        )
        return sv.PatrolInput(
            grid_id=int(self.grid.currentData()),
            started_at=started,
            ended_at=ended,
            leader_member_id=int(leader) if leader is not None else None,
            member_ids=members,
            notes=self.notes.toPlainText(),
            findings=tuple(findings),
        )

    def save(self) -> None:
        if self.grid.currentData() is None:
            self.show_error(self.tr("Pick the responsibility grid."))
            return
        self.buttons.setEnabled(False)
        run_async(
            self,
            run_operation,
            self.engine,
            self.actor,
            Permission.SUPERVISION_RECORD,
            sv.record_patrol,
            self.patrol_input(),
            on_done=self._saved,
            on_error=self._failed,
        )

    def show_error(self, html: str) -> None:
        self.error.setText(html)
        self.error.show()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.show_error(error_html(exc))

    def _saved(self, changes: Any) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(changes)
        self.accept()
