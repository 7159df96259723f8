"""The biweekly inspection (督查): the proposed agenda of the next inspection, the form that
records an inspection (items checked, findings that become cases, photos), the history of
past inspections and each one's PDF report."""

from __future__ import annotations

import hashlib
import mimetypes
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTime, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTimeEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import supervision as sv
from db.case_queries import list_categories
from db.ops import Actor, run_operation
from db.permissions import Permission, has_permission
from desktop import labels, theme
from desktop.supervision.common import (
    KINDS,
    OUTCOMES,
    REASON_GROUPS,
    RESULTS,
    day_text,
    error_html,
    hhmm,
    reason_text,
    title,
    word,
)
from desktop.supervision.exports import export_inspection_pdf
from desktop.worker import run_async

translate = QCoreApplication.translate
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class InspectionPanel(QWidget):
    loaded = Signal()
    detail_loaded = Signal()
    exported = Signal(str)

    def __init__(self, engine: Any, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectionPanel")
        self.engine, self.actor = engine, actor
        self.agenda: sv.Agenda | None = None
        self.history: list[sv.InspectionRow] = []
        self.detail: sv.InspectionDetail | None = None

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 10, 12, 10)
        root.setSpacing(8)
        head = QHBoxLayout()
        head.addWidget(title(self.tr("Biweekly inspection"), self))
        self.next_label = QLabel("", self)
        self.next_label.setObjectName("supSub")
        head.addWidget(self.next_label, 1)
        self.record_button = QPushButton(self.tr("Record the inspection…"), self)
        self.record_button.setObjectName("primary")
        self.record_button.setShortcut(QKeySequence("Ctrl+N"))
        self.record_button.setToolTip(
            self.tr("Record an inspection with the ticked agenda items (Ctrl+N)")
        )
        self.record_button.clicked.connect(self.record_inspection)
        self.record_button.setEnabled(has_permission(actor.role, Permission.SUPERVISION_RECORD))
        head.addWidget(self.record_button)
        self.pdf_button = QPushButton(self.tr("Report PDF…"), self)
        self.pdf_button.setShortcut(QKeySequence("Ctrl+P"))
        self.pdf_button.setToolTip(self.tr("Export the selected inspection's report (Ctrl+P)"))
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.pdf_button.setEnabled(False)
        head.addWidget(self.pdf_button)
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
        self.agenda_title = QLabel(self.tr("Proposed agenda"), left)
        self.agenda_title.setObjectName("supSection")
        ll.addWidget(self.agenda_title)
        hint = QLabel(self.tr("Untick what the inspection will not look at."), left)
        hint.setObjectName("supHint")
        ll.addWidget(hint)
        self.tree = QTreeWidget(left)
        self.tree.setObjectName("agendaTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Item"), self.tr("Why")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        ll.addWidget(self.tree, 1)
        split.addWidget(left)

        right = QSplitter(Qt.Orientation.Vertical, split)
        hist = QFrame(right)
        hist.setObjectName("supCard")
        hl = QVBoxLayout(hist)
        hl.setContentsMargins(10, 10, 10, 10)
        ht = QLabel(self.tr("Past inspections"), hist)
        ht.setObjectName("supSection")
        hl.addWidget(ht)
        self.table = QTableWidget(0, 6, hist)
        self.table.setObjectName("inspectionHistory")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Day"),
                self.tr("Led by"),
                self.tr("Items"),
                self.tr("Problems"),
                self.tr("Findings"),
                self.tr("Cases"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda r, _c, _pr, _pc: self.show_inspection(r))
        hl.addWidget(self.table)
        right.addWidget(hist)
        det = QFrame(right)
        det.setObjectName("supCard")
        dl = QVBoxLayout(det)
        dl.setContentsMargins(10, 10, 10, 10)
        self.browser = QTextBrowser(det)
        self.browser.setObjectName("inspectionDetail")
        self.browser.setOpenLinks(False)
        dl.addWidget(self.browser)
        right.addWidget(det)
        right.setSizes([330, 560])
        split.addWidget(right)
        split.setSizes([700, 880])

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        self.refresh_button.setEnabled(False)
        run_async(self, self._compute, on_done=self._show, on_error=self._failed)

    def _compute(self) -> tuple[sv.Agenda, list[sv.InspectionRow]]:
        return sv.read(self.engine, sv.propose_agenda), sv.read(self.engine, sv.list_inspections)

    def _failed(self, exc: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.error.setText(error_html(exc))
        self.error.show()

    def _show(self, result: tuple[sv.Agenda, list[sv.InspectionRow]]) -> None:
        agenda, history = result
        self.error.hide()
        self.refresh_button.setEnabled(True)
        self.agenda, self.history = agenda, history
        self.next_label.setText(
            self.tr("Next inspection: {day} afternoon · agenda since {since}").format(
                day=day_text(agenda.held_on), since=f"{agenda.since:%Y-%m-%d}"
            )
        )
        self.agenda_title.setText(
            self.tr("Proposed agenda ({n} items)").format(n=len(agenda.items))
        )
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for item in agenda.items:
            parent = groups.get(item.reason)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [word(REASON_GROUPS, item.reason), ""])
                parent.setForeground(0, QColor(theme.ACCENT))
                parent.setFirstColumnSpanned(False)
                groups[item.reason] = parent
            from desktop.app import current_lang

            name = item.title_en if current_lang() == "en" else item.title
            child = QTreeWidgetItem(parent, [name, reason_text(item.reason, item.figures)])
            child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            child.setCheckState(0, Qt.CheckState.Checked)
            child.setData(0, ITEM_ROLE, item)
            if item.reason == "overdue":
                child.setForeground(1, QColor(theme.OVERDUE_COLOUR))
            dept = item.figures.get("department") or item.figures.get("leader")
            if dept:
                child.setToolTip(0, str(dept))
        for p in groups.values():
            p.setText(0, self.tr("{g} ({n})").format(g=p.text(0), n=p.childCount()))
        self.tree.expandAll()
        t = self.table
        t.blockSignals(True)
        t.setRowCount(len(history))
        for i, r in enumerate(history):
            values = (
                day_text(r.held_on),
                f"{r.leader_title} {r.leader_name}".strip(),
                str(r.items),
                str(r.problems),
                str(r.findings),
                str(r.cases),
            )
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                if j >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if j == 3 and r.problems:
                    item.setForeground(QColor(theme.WARN_COLOUR))
                t.setItem(i, j, item)
        t.blockSignals(False)
        if history:
            t.selectRow(0)
            self.show_inspection(0)
        self.loaded.emit()

    def checked_items(self) -> list[sv.AgendaItem]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                child = group.child(j)
                if child.checkState(0) == Qt.CheckState.Checked:
                    out.append(child.data(0, ITEM_ROLE))
        return out

    # ------------------------------------------------------------------ history
    def show_inspection(self, row: int) -> None:
        if not 0 <= row < len(self.history):
            return
        run_async(
            self,
            sv.read,
            self.engine,
            sv.inspection_detail,
            self.history[row].id,
            on_done=self._show_detail,
            on_error=self._failed,
        )

    def _show_detail(self, d: sv.InspectionDetail) -> None:
        heading = self.tr("Inspection of {day}").format(day=day_text(d.held_on))
        agenda_word, findings_word = self.tr("Agenda items"), self.tr("Findings")
        self.detail = d
        self.pdf_button.setEnabled(has_permission(self.actor.role, Permission.EXPORT))
        html = [
            f"<h2 style='color:{theme.ACCENT}'>{_esc(heading)}</h2>",
            "<p>"
            + _esc(
                self.tr("Led by {who}, {start}–{end}").format(
                    who=f"{d.leader_title} {d.leader_name}".strip(),
                    start=hhmm(d.started_at),
                    end=hhmm(d.ended_at),
                )
            )
            + "<br>"
            + _esc(self.tr("Participants: {p}").format(p=d.participants or "—"))
            + "</p>",
        ]
        if d.summary:
            html.append(f"<p>{_esc(d.summary)}</p>")
        html.append(
            f"<p><b>{_esc(agenda_word)}</b></p><table cellspacing='0' cellpadding='3' width='100%'>"
        )
        for it in d.items:
            colour = (
                theme.WARN_COLOUR
                if it.result == "problem"
                else theme.OK_COLOUR
                if it.result == "ok"
                else theme.TEXT_DIM
            )
            html.append(
                f"<tr><td>{it.seq}.</td><td>{_esc(word(KINDS, it.kind))}</td><td>{_esc(it.title)}</td>"
                f"<td style='color:{colour}'>{_esc(word(RESULTS, it.result))}</td><td>{_esc(it.note)}</td></tr>"
            )
        html.append("</table>")
        html.append(f"<p><b>{_esc(findings_word)}</b></p><ol>")
        for f in d.findings:
            case = (
                f" — <span style='color:{theme.ACCENT}'>{_esc(f.case_number)}</span> {labels.state_label(f.case_state)}"
                if f.case_id
                else ""
            )
            dept = f" · {_esc(f.department_name)}" if f.department_name else ""
            html.append(
                f"<li>{_esc(f.description)} [{_esc(word(OUTCOMES, f.outcome))}]{case}{dept}</li>"
            )
        html.append("</ol>")
        if d.attachments:
            html.append(
                "<p><b>"
                + _esc(self.tr("Photos"))
                + "</b>: "
                + _esc("、".join(a.file_name for a in d.attachments))
                + "</p>"
            )
        self.browser.setHtml("".join(html))
        self.detail_loaded.emit()

    def export_pdf(self, path: str | Path | None = None) -> Path | None:
        d = self.detail
        if d is None:
            return None
        target = Path(path) if path else None
        if target is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the inspection report"),
                str(Path.home() / f"inspection-{d.held_on:%Y%m%d}.pdf"),
                self.tr("PDF files (*.pdf)"),
            )
            if not chosen:
                return None
            target = Path(chosen)
        try:
            out = export_inspection_pdf(d, target)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Export failed"),
                self.tr("Could not write {path}: {e}").format(path=target, e=exc),
            )
            return None
        self.exported.emit(str(out))
        return out

    # ------------------------------------------------------------------ recording
    def record_inspection(self) -> None:
        if self.agenda is None:
            return
        dlg = InspectionDialog(self.engine, self.actor, self.agenda, self.checked_items(), self)
        dlg.saved.connect(lambda _c: self.load())
        dlg.open()


class InspectionDialog(QDialog):
    """The form that records an inspection from the ticked agenda items."""

    saved = Signal(object)

    def __init__(
        self,
        engine: Any,
        actor: Actor,
        agenda: sv.Agenda,
        items: list[sv.AgendaItem],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inspectionDialog")
        self.setWindowTitle(self.tr("Record the inspection"))
        self.engine, self.actor, self.agenda, self.items = engine, actor, agenda, items
        self.categories: list[Any] = []
        self.photos: list[sv.AttachmentInput] = []
        lay = QVBoxLayout(self)
        form = QFormLayout()
        leader = QHBoxLayout()
        self.leader_title = QLineEdit(self)
        self.leader_title.setPlaceholderText(self.tr("Title, e.g. deputy mayor"))
        self.leader_name = QLineEdit(self)
        self.leader_name.setPlaceholderText(self.tr("Name of the town leader"))
        leader.addWidget(self.leader_title, 1)
        leader.addWidget(self.leader_name, 1)
        form.addRow(self.tr("Led by"), leader)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = min(agenda.held_on, agenda.as_of.date())
        self.day.setDate(QDate(today.year, today.month, today.day))
        form.addRow(self.tr("Day"), self.day)
        times = QHBoxLayout()
        self.start = QTimeEdit(QTime(14, 0), self)
        self.end = QTimeEdit(QTime(17, 0), self)
        for t in (self.start, self.end):
            t.setDisplayFormat("HH:mm")
        times.addWidget(self.start)
        times.addWidget(QLabel("–", self))
        times.addWidget(self.end)
        times.addStretch(1)
        form.addRow(self.tr("From – to"), times)
        self.participants = QLineEdit(self)
        form.addRow(self.tr("Participants"), self.participants)
        self.summary = QPlainTextEdit(self)
        self.summary.setMaximumHeight(70)
        form.addRow(self.tr("Summary"), self.summary)
        lay.addLayout(form)

        it = QLabel(self.tr("Agenda items"), self)
        it.setObjectName("supSection")
        lay.addWidget(it)
        self.item_table = QTableWidget(len(items), 3, self)
        self.item_table.setObjectName("itemTable")
        self.item_table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Result"), self.tr("Note")]
        )
        self.item_table.verticalHeader().hide()
        self.item_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.item_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for r, item in enumerate(items):
            cell = QTableWidgetItem(f"{word(KINDS, item.kind)} · {item.title}")
            cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.item_table.setItem(r, 0, cell)
            combo = QComboBox(self.item_table)
            for code in ("ok", "problem", "not_checked"):
                combo.addItem(word(RESULTS, code), code)
            self.item_table.setCellWidget(r, 1, combo)
            self.item_table.setItem(r, 2, QTableWidgetItem(""))
        self.item_table.setMinimumHeight(160)
        lay.addWidget(self.item_table, 1)

        ft = QLabel(self.tr("Findings"), self)
        ft.setObjectName("supSection")
        lay.addWidget(ft)
        self.findings = QTableWidget(0, 4, self)
        self.findings.setObjectName("findingTable")
        self.findings.setHorizontalHeaderLabels(
            [
                self.tr("What was found"),
                self.tr("Agenda item"),
                self.tr("Outcome"),
                self.tr("Category (for a case)"),
            ]
        )
        self.findings.verticalHeader().hide()
        self.findings.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.findings.setColumnWidth(1, 200)
        self.findings.setColumnWidth(2, 120)
        self.findings.setColumnWidth(3, 230)
        self.findings.setMinimumHeight(120)
        lay.addWidget(self.findings, 1)
        fb = QHBoxLayout()
        add = QPushButton(self.tr("Add a finding"), self)
        add.setShortcut(QKeySequence("Ctrl+Shift+N"))
        add.clicked.connect(lambda: self.add_finding())
        remove = QPushButton(self.tr("Remove"), self)
        remove.clicked.connect(lambda: self.findings.removeRow(self.findings.currentRow()))
        photos = QPushButton(self.tr("Add photos…"), self)
        photos.clicked.connect(self.add_photos)
        fb.addWidget(add)
        fb.addWidget(remove)
        fb.addWidget(photos)
        fb.addStretch(1)
        lay.addLayout(fb)
        self.photo_list = QListWidget(self)
        self.photo_list.setMaximumHeight(60)
        lay.addWidget(self.photo_list)
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
        self.resize(900, 820)
        run_async(self, sv.read, self.engine, list_categories, on_done=self._set_categories)

    def _set_categories(self, cats: list[Any]) -> None:
        self.categories = [c for c in cats if not c.police]
        for r in range(self.findings.rowCount()):
            self._fill_categories(self.findings.cellWidget(r, 3))

    def _fill_categories(self, combo: Any) -> None:
        if not isinstance(combo, QComboBox) or combo.count() > 1:
            return
        for c in self.categories:
            combo.addItem(f"{c.code} {c.name}", c.id)

    def set_result(self, row: int, result: str, note: str = "") -> None:
        combo = self.item_table.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(result))
        self.item_table.item(row, 2).setText(note)

    def add_finding(
        self,
        text: str = "",
        item_seq: int | None = None,
        outcome: str = "case",
        category_id: int | None = None,
    ) -> int:
        r = self.findings.rowCount()
        self.findings.insertRow(r)
        self.findings.setCellWidget(r, 0, QLineEdit(text, self.findings))
        ic = QComboBox(self.findings)
        ic.addItem("—", None)
        for i, item in enumerate(self.items, start=1):
            ic.addItem(f"{i}. {item.title}", i)
        if item_seq is not None:
            ic.setCurrentIndex(max(0, ic.findData(item_seq)))
        self.findings.setCellWidget(r, 1, ic)
        oc = QComboBox(self.findings)
        for code in ("case", "on_spot", "noted"):
            oc.addItem(word(OUTCOMES, code), code)
        oc.setCurrentIndex(oc.findData(outcome))
        self.findings.setCellWidget(r, 2, oc)
        cc = QComboBox(self.findings)
        cc.addItem("—", None)
        self._fill_categories(cc)
        if category_id is not None:
            cc.setCurrentIndex(max(0, cc.findData(category_id)))
        self.findings.setCellWidget(r, 3, cc)
        return r

    def add_photos(self, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(
                self,
                self.tr("Add photos"),
                str(Path.home()),
                self.tr("Images (*.jpg *.jpeg *.png *.heic);;All files (*)"),
            )
        for p in paths:
            path = Path(p)
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.error.setText(error_html(exc))
                self.error.show()
                continue
            self.photos.append(
                sv.AttachmentInput(
                    file_name=path.name,
                    media_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
                    size_bytes=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    stored_path=str(path),
                    taken_at=datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0),
                )
            )
            self.photo_list.addItem(path.name)

    def inspection_input(self) -> sv.InspectionInput:
        qd = self.day.date()
        d = date(qd.year(), qd.month(), qd.day())
        st, et = self.start.time(), self.end.time()
        items = []
        for r, item in enumerate(self.items):
            combo = self.item_table.cellWidget(r, 1)
            assert isinstance(combo, QComboBox)
            note = self.item_table.item(r, 2)
            items.append(
                sv.InspectionItemInput(
                    item.kind,
                    item.ref_id,
                    item.title,
                    item.reason,
                    combo.currentData(),
                    note.text() if note else "",
                )
            )
        findings = []
        for r in range(self.findings.rowCount()):
            text, ic, oc, cc = (self.findings.cellWidget(r, c) for c in range(4))
            assert isinstance(text, QLineEdit) and isinstance(ic, QComboBox)
            assert isinstance(oc, QComboBox) and isinstance(cc, QComboBox)
            outcome = oc.currentData()
            seq = ic.currentData()
            linked = seq is not None and self.items[seq - 1].kind == "case"
            findings.append(
                sv.FindingInput(
                    text.text(),
                    category_id=cc.currentData(),
                    item_seq=seq,
                    make_case=outcome == "case" and not linked,
                    outcome="noted" if outcome == "case" else outcome,
                )
            )
        return sv.InspectionInput(
            started_at=datetime.combine(d, time(st.hour(), st.minute())),
            ended_at=datetime.combine(d, time(et.hour(), et.minute())),
            leader_name=self.leader_name.text(),
            leader_title=self.leader_title.text(),
            participants=self.participants.text(),
            summary=self.summary.toPlainText(),
            items=tuple(items),
            findings=tuple(findings),
            photos=tuple(self.photos),
            agenda=self.agenda.as_json(),
        )

    def save(self) -> None:
        self.buttons.setEnabled(False)
        run_async(
            self,
            run_operation,
            self.engine,
            self.actor,
            Permission.SUPERVISION_RECORD,
            sv.record_inspection,
            self.inspection_input(),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_html(exc))
        self.error.show()

    def _saved(self, changes: Any) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(changes)
        self.accept()
