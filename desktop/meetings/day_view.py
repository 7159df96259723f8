"""On the day of a meeting: check the parties in (present, late, sent a deputy, absent),
write the minutes and the decisions, turn follow-up tasks into cases with deadlines and
owners, and record the requesting committee's rating of each department.

Every action is a db.meetings operation run in the background; the view reloads from the
database after each one, so another workstation's changes show up too. A regular meeting's
occurrence that has no records yet is opened first ("Start recording").

Keys: 1-4 check the selected party in (present, late, deputy, absent), Ctrl+S saves the
minutes, Ctrl+P prints the notice, F5 reloads.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db import meetings as mt
from db.ops import Actor, ChangeSet
from desktop import labels, theme
from desktop.meetings import texts
from desktop.meetings.common import STYLE, chip, error_html, set_chip
from desktop.meetings.notice_pdf import render_notice_pdf
from desktop.worker import run_async

ATTENDANCE_ORDER = ("present", "late", "deputy", "absent")


class MeetingDayDialog(QDialog):
    """The on-the-day view of one meeting (a stored one, or an occurrence to open)."""

    changed = Signal(object)  # a ChangeSet, after every successful action
    loaded = Signal()

    def __init__(
        self,
        engine: Any,
        actor: Actor,
        *,
        meeting_id: int | None = None,
        occurrence: mt.MeetingSummary | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingDayDialog")
        self.setStyleSheet(STYLE)
        self.engine = engine
        self.actor = actor
        self.meeting_id = meeting_id
        self.occurrence = occurrence
        self.detail: mt.MeetingDetail | None = None
        self.picks: mt.PickLists | None = None
        self._rows: dict[int, dict[str, Any]] = {}
        self._busy = 0
        self.setWindowTitle(self.tr("Meeting on the day"))
        self.resize(1280, 820)
        self._build()
        self.reload()
        run_async(self, mt.pick_lists, engine, on_done=self._on_picks)

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 8)
        header = QFrame(self)
        header.setObjectName("meetingHeader")
        hv = QVBoxLayout(header)
        hv.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        self.kind_chip = chip("", theme.ACCENT, header)
        self.status_chip = chip("", theme.TEXT_DIM, header)
        self.title_label = QLabel(header)
        self.title_label.setObjectName("meetingTitle")
        top.addWidget(self.kind_chip)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.status_chip)
        self.print_button = QPushButton(self.tr("Print notice…"), header)
        self.print_button.setToolTip(self.tr("Save the invitation to all parties as a PDF (Ctrl+P)"))
        self.finish_button = QPushButton(self.tr("Close the meeting"), header)
        self.finish_button.setToolTip(self.tr("Mark the meeting held: every party checked in and the minutes written"))
        top.addWidget(self.print_button)
        top.addWidget(self.finish_button)
        hv.addLayout(top)
        self.sub_label = QLabel(header)
        self.sub_label.setObjectName("meetingSub")
        self.sub_label.setWordWrap(True)
        hv.addWidget(self.sub_label)
        root.addWidget(header)

        # the "not opened yet" banner of a regular meeting's occurrence
        self.open_banner = QFrame(self)
        self.open_banner.setObjectName("meetingCard")
        bl = QHBoxLayout(self.open_banner)
        bl.setContentsMargins(14, 10, 14, 10)
        self.open_label = QLabel(
            self.tr("This occurrence of the regular meeting has no records yet. Start recording to check the parties in."),
            self.open_banner,
        )
        self.open_label.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Start recording"), self.open_banner)
        self.open_button.setObjectName("primaryButton")
        bl.addWidget(self.open_label, 1)
        bl.addWidget(self.open_button)
        root.addWidget(self.open_banner)
        self.open_banner.hide()

        self.tabs = QTabWidget(self)
        root.addWidget(self.tabs, 1)
        self.tabs.setContentsMargins(12, 0, 12, 0)
        self._build_attendance()
        self._build_minutes()
        self._build_follow_ups()
        self._build_agenda()

        self.message = QLabel(self)
        self.message.setObjectName("meetingHint")
        self.message.setWordWrap(True)
        self.message.setContentsMargins(16, 0, 16, 0)
        root.addWidget(self.message)

        self.print_button.clicked.connect(self.print_notice)
        self.finish_button.clicked.connect(self.finish)
        self.open_button.clicked.connect(self.open_occurrence)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_notice)
        QShortcut(QKeySequence("F5"), self, activated=self.reload)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save_minutes)
        for i, code in enumerate(ATTENDANCE_ORDER):
            QShortcut(QKeySequence(str(i + 1)), self.table, activated=lambda c=code: self._key_attendance(c))

    def _build_attendance(self) -> None:
        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(12, 10, 12, 10)
        hint = QLabel(
            self.tr("Check each party in as it arrives (keys 1-4 on the selected row). The requesting committee rates the departments' response after the meeting."),
            page,
        )
        hint.setObjectName("meetingHint")
        hint.setWordWrap(True)
        v.addWidget(hint)
        self.table = QTableWidget(0, 7, page)
        self.table.setObjectName("attendanceTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Party"), self.tr("Type"), self.tr("Attendance"), self.tr("Attendee or deputy"),
             self.tr("Checked in"), self.tr("Rating by the committee"), self.tr("Comment")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, w in ((1, 150), (2, 330), (3, 160), (4, 84), (5, 150), (6, 190)):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, w)
        self.table.verticalHeader().setDefaultSectionSize(44)
        v.addWidget(self.table, 1)
        self.counts_label = QLabel(page)
        self.counts_label.setObjectName("meetingSub")
        v.addWidget(self.counts_label)
        self.tabs.addTab(page, self.tr("Check-in and ratings"))

    def _build_minutes(self) -> None:
        page = QWidget()
        h = QHBoxLayout(page)
        h.setContentsMargins(12, 10, 12, 10)
        left = QGroupBox(self.tr("Minutes"), page)
        lv = QVBoxLayout(left)
        self.minutes_edit = QPlainTextEdit(left)
        self.minutes_edit.setPlaceholderText(self.tr("Who said what, what was agreed, what is left open…"))
        lv.addWidget(self.minutes_edit, 1)
        row = QHBoxLayout()
        self.minutes_info = QLabel(left)
        self.minutes_info.setObjectName("meetingHint")
        self.save_minutes_button = QPushButton(self.tr("Save minutes"), left)
        self.save_minutes_button.setToolTip("Ctrl+S")
        row.addWidget(self.minutes_info, 1)
        row.addWidget(self.save_minutes_button)
        lv.addLayout(row)
        h.addWidget(left, 3)
        right = QGroupBox(self.tr("Decisions"), page)
        rv = QVBoxLayout(right)
        self.decision_list = QListWidget(right)
        self.decision_list.setWordWrap(True)
        self.decision_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rv.addWidget(self.decision_list, 1)
        self.decision_edit = QLineEdit(right)
        self.decision_edit.setPlaceholderText(self.tr("A decision of the meeting; Enter adds it"))
        self.add_decision_button = QPushButton(self.tr("Add decision"), right)
        rv.addWidget(self.decision_edit)
        rv.addWidget(self.add_decision_button)
        h.addWidget(right, 2)
        self.save_minutes_button.clicked.connect(self.save_minutes)
        self.add_decision_button.clicked.connect(self.add_decision)
        self.decision_edit.returnPressed.connect(self.add_decision)
        self.tabs.addTab(page, self.tr("Minutes and decisions"))

    def _build_follow_ups(self) -> None:
        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(12, 10, 12, 10)
        self.fu_table = QTableWidget(0, 6, page)
        self.fu_table.setHorizontalHeaderLabels(
            [self.tr("Task"), self.tr("Owner department"), self.tr("Owner"), self.tr("Deadline"), self.tr("Case"), self.tr("Case state")]
        )
        self.fu_table.verticalHeader().hide()
        self.fu_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fu_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, w in ((1, 200), (2, 120), (3, 150), (4, 170), (5, 110)):
            self.fu_table.setColumnWidth(col, w)
        v.addWidget(self.fu_table, 1)
        box = QGroupBox(self.tr("New follow-up task (becomes a case for the owner)"), page)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.fu_title = QLineEdit(box)
        self.fu_title.setMaxLength(200)
        self.fu_title.setPlaceholderText(self.tr("What is to be done"))
        form.addRow(self.tr("Task"), self.fu_title)
        row = QHBoxLayout()
        self.fu_dept = QComboBox(box)
        self.fu_owner = QLineEdit(box)
        self.fu_owner.setPlaceholderText(self.tr("Person responsible (optional)"))
        row.addWidget(self.fu_dept, 3)
        row.addWidget(self.fu_owner, 2)
        form.addRow(self.tr("Owner"), row)
        row2 = QHBoxLayout()
        self.fu_deadline = QDateTimeEdit(box)
        self.fu_deadline.setCalendarPopup(True)
        self.fu_deadline.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.fu_category = QComboBox(box)
        row2.addWidget(self.fu_deadline, 2)
        row2.addWidget(self.fu_category, 3)
        form.addRow(self.tr("Deadline and category"), row2)
        self.fu_decision = QComboBox(box)
        form.addRow(self.tr("From decision"), self.fu_decision)
        self.fu_button = QPushButton(self.tr("Create case"), box)
        self.fu_button.setObjectName("primaryButton")
        form.addRow("", self.fu_button)
        v.addWidget(box)
        self.fu_button.clicked.connect(self.add_follow_up)
        self.tabs.addTab(page, self.tr("Follow-up tasks"))

    def _build_agenda(self) -> None:
        page = QWidget()
        h = QHBoxLayout(page)
        h.setContentsMargins(12, 10, 12, 10)
        left = QGroupBox(self.tr("Agenda"), page)
        lv = QVBoxLayout(left)
        self.agenda_list = QListWidget(left)
        self.agenda_list.setWordWrap(True)
        self.agenda_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lv.addWidget(self.agenda_list)
        self.warn_list = QListWidget(left)
        self.warn_list.setWordWrap(True)
        self.warn_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.warn_list.setMaximumHeight(130)
        lv.addWidget(QLabel(self.tr("Scheduling warnings"), left))
        lv.addWidget(self.warn_list)
        h.addWidget(left, 1)
        right = QGroupBox(self.tr("Notices in the outbox"), page)
        rv = QVBoxLayout(right)
        self.notice_table = QTableWidget(0, 4, right)
        self.notice_table.setHorizontalHeaderLabels([self.tr("Notice"), self.tr("To"), self.tr("Status"), self.tr("Queued")])
        self.notice_table.verticalHeader().hide()
        self.notice_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.notice_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.notice_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        rv.addWidget(self.notice_table, 1)
        self.print_one = QPushButton(self.tr("Print the selected notice…"), right)
        rv.addWidget(self.print_one)
        h.addWidget(right, 1)
        self.print_one.clicked.connect(self.print_selected_notice)
        self.tabs.addTab(page, self.tr("Agenda and notices"))

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        if self.meeting_id is None:
            self._show_occurrence()
            return
        run_async(self, mt.meeting_detail, self.engine, self.meeting_id, on_done=self._on_detail, on_error=self._fail)

    def is_loaded(self) -> bool:
        return self.detail is not None or (self.meeting_id is None and self.occurrence is not None)

    def _on_picks(self, picks: mt.PickLists) -> None:
        self.picks = picks
        self.fu_dept.clear()
        for d in picks.town_departments:
            self.fu_dept.addItem(d.name, d.id)
        for d in picks.district_offices:
            self.fu_dept.addItem(self.tr("{name} (district)").format(name=d.name), d.id)
        self.fu_category.clear()
        for c in picks.categories:
            self.fu_category.addItem(c.name, c.id)
        self._prefill_follow_up()

    def _show_occurrence(self) -> None:
        o = self.occurrence
        if o is None:
            return
        self._header(o)
        self.open_banner.show()
        self.tabs.setEnabled(False)
        self.finish_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self.table.setRowCount(0)
        self.loaded.emit()

    def _header(self, s: mt.MeetingSummary) -> None:
        set_chip(self.kind_chip, texts.kind_label(s.kind), texts.KIND_COLOURS.get(s.kind, theme.TEXT_DIM))
        status_colour = {"held": theme.OK_COLOUR, "cancelled": theme.OVERDUE_COLOUR}.get(s.status, theme.WARN_COLOUR)
        set_chip(self.status_chip, texts.status_label(s.status), status_colour)
        self.title_label.setText(s.title)
        parts = [f"{s.starts_at:%Y-%m-%d} {texts.weekday_name(s.starts_at.date(), True)} {s.starts_at:%H:%M}-{s.ends_at:%H:%M}"]
        if s.place_name:
            parts.append(self.tr("at {place}").format(place=s.place_name))
        if s.requesting_unit:
            parts.append(self.tr("requested by {unit}").format(unit=s.requesting_unit))
        self.sub_label.setText("  ·  ".join(parts))
        self.setWindowTitle(self.tr("Meeting on the day — {title}").format(title=s.title))

    def _on_detail(self, d: mt.MeetingDetail) -> None:
        self.detail = d
        s = d.summary
        self._header(s)
        self.open_banner.hide()
        self.tabs.setEnabled(True)
        cancelled = s.status == "cancelled"
        self.finish_button.setEnabled(s.status == "scheduled")
        self.print_button.setEnabled(True)
        self._fill_attendance(d)
        if not self.minutes_edit.document().isModified() or self.minutes_edit.toPlainText() == d.minutes:
            self.minutes_edit.setPlainText(d.minutes)
            self.minutes_edit.document().setModified(False)
        self.minutes_info.setText(
            self.tr("Last saved {at} by {name}").format(at=f"{d.minutes_updated_at:%Y-%m-%d %H:%M}", name=d.minutes_by_name)
            if d.minutes_updated_at
            else self.tr("Not saved yet")
        )
        self.decision_list.clear()
        for x in d.decisions:
            self.decision_list.addItem(f"{x.position}. {x.text}")
        self.fu_decision.clear()
        self.fu_decision.addItem(self.tr("— none —"), None)
        for x in d.decisions:
            self.fu_decision.addItem(f"{x.position}. {x.text}"[:60], x.id)
        self._fill_follow_ups(d)
        self.agenda_list.clear()
        for a in d.agenda:
            extra = ""
            if a.case_number:
                extra = f"  [{a.case_number} · {labels.state_label(a.case_state)}]"
            self.agenda_list.addItem(f"{a.position}. {a.title}{extra}")
        self.warn_list.clear()
        for w in s.conflicts:
            item = texts.warning_text(w)
            self.warn_list.addItem("▲ " + item)
        if not s.conflicts:
            self.warn_list.addItem(self.tr("No clashes with other meetings."))
        self._fill_notices(d)
        for w in (self.minutes_edit, self.save_minutes_button, self.decision_edit, self.add_decision_button, self.fu_button):
            w.setEnabled(not cancelled)
        if cancelled:
            self.message.setText(self.tr("This meeting was cancelled: {reason}").format(reason=d.cancel_reason))
        self._prefill_follow_up()
        self.loaded.emit()

    def _fill_attendance(self, d: mt.MeetingDetail) -> None:
        t = self.table
        current = t.currentRow()
        t.setRowCount(len(d.parties))
        self._rows.clear()
        rated = d.summary.requesting_unit_id is not None
        counts = dict.fromkeys(texts.ATTENDANCE_NAMES, 0)
        for r, p in enumerate(d.parties):
            counts[p.attendance] = counts.get(p.attendance, 0) + 1
            kind = texts.party_kind_label(p.kind)
            if p.kind == "department" and p.level == "district":
                kind = self.tr("District office")
            name = QTableWidgetItem(p.name)
            name.setData(Qt.ItemDataRole.UserRole, p.id)
            name.setToolTip(p.name)
            if p.role == "requester":
                name.setForeground(QColor(theme.ACCENT))
            t.setItem(r, 0, name)
            type_item = QTableWidgetItem(f"{kind} · {texts.role_label(p.role)}")
            type_item.setForeground(QColor(theme.ACCENT if p.role == "requester" else theme.TEXT_DIM))
            t.setItem(r, 1, type_item)
            # attendance buttons
            cell = QWidget()
            hl = QHBoxLayout(cell)
            hl.setContentsMargins(4, 4, 4, 4)
            hl.setSpacing(4)
            group = QButtonGroup(cell)
            group.setExclusive(True)
            for code in ATTENDANCE_ORDER:
                b = QPushButton(texts.attendance_label(code), cell)
                b.setObjectName("attendanceButton")
                b.setCheckable(True)
                b.setChecked(p.attendance == code)
                if p.attendance == code:
                    b.setStyleSheet(f"QPushButton#attendanceButton:checked {{ border-color: {texts.ATTENDANCE_COLOURS[code]}; }}")
                b.clicked.connect(lambda _c=False, pid=p.id, c=code: self.record_attendance(pid, c))
                group.addButton(b)
                hl.addWidget(b)
            t.setCellWidget(r, 2, cell)
            who = QLineEdit(p.attendee_name)
            who.setPlaceholderText(self.tr("Name"))
            who.editingFinished.connect(lambda pid=p.id: self._name_edited(pid))
            t.setCellWidget(r, 3, who)
            checked = QTableWidgetItem(f"{p.checked_in_at:%H:%M}" if p.checked_in_at else "—")
            checked.setForeground(QColor(texts.ATTENDANCE_COLOURS.get(p.attendance, theme.TEXT_DIM)))
            t.setItem(r, 4, checked)
            if rated and p.kind == "department":
                stars = QComboBox()
                stars.addItem(self.tr("Not rated"), None)
                for n in range(1, 6):
                    stars.addItem(f"{texts.stars_text(n)}  {n}", n)
                stars.setCurrentIndex(p.rating or 0)
                stars.activated.connect(lambda _i, pid=p.id: self._rating_changed(pid))
                t.setCellWidget(r, 5, stars)
                comment = QLineEdit(p.rating_comment)
                comment.setCursorPosition(0)
                comment.setToolTip(p.rating_comment)
                comment.setPlaceholderText(self.tr("Comment"))
                comment.editingFinished.connect(lambda pid=p.id: self._comment_edited(pid))
                t.setCellWidget(r, 6, comment)
            else:
                t.removeCellWidget(r, 5)
                t.removeCellWidget(r, 6)
                t.setItem(r, 5, QTableWidgetItem("—"))
                t.setItem(r, 6, QTableWidgetItem(""))
                stars = comment = None  # type: ignore[assignment]
            self._rows[p.id] = {"row": r, "party": p, "who": who, "stars": stars, "comment": comment}
        if 0 <= current < t.rowCount():
            t.selectRow(current)
        summary = "  ".join(
            f"{texts.attendance_label(code)} {counts.get(code, 0)}" for code in ("present", "late", "deputy", "absent", "pending")
        )
        self.counts_label.setText(summary)

    def _fill_follow_ups(self, d: mt.MeetingDetail) -> None:
        t = self.fu_table
        t.setRowCount(len(d.follow_ups))
        for r, f in enumerate(d.follow_ups):
            vals = [f.title, f.department_name, f.owner_name, f"{f.deadline_at:%Y-%m-%d %H:%M}", f.case_number, labels.state_label(f.case_state)]
            for c, v in enumerate(vals):
                item = QTableWidgetItem(v)
                if c == 5:
                    item.setForeground(QColor(theme.STATE_COLOURS.get(f.case_state, theme.TEXT)))
                t.setItem(r, c, item)

    def _fill_notices(self, d: mt.MeetingDetail) -> None:
        t = self.notice_table
        t.setRowCount(len(d.notices))
        for r, n in enumerate(d.notices):
            vals = [texts.notice_label(n.kind), n.party_name, texts.outbox_status_label(n.status), f"{n.created_at:%m-%d %H:%M}"]
            for c, v in enumerate(vals):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, n.id)
                t.setItem(r, c, item)
        t.resizeColumnToContents(0)
        t.resizeColumnToContents(2)

    def _prefill_follow_up(self) -> None:
        d = self.detail
        if d is None or self.picks is None:
            return
        if self.fu_deadline.dateTime() < QDateTime.currentDateTime():
            base = max(d.summary.starts_at, datetime.now()).date() + timedelta(days=7)
            dt = datetime.combine(base, time(17, 30))
            self.fu_deadline.setDateTime(QDateTime(dt))
        if d.origin_case_id is not None and self.fu_category.currentIndex() <= 0:
            run_async(self, mt.find_case, self.engine, d.origin_case_number, on_done=self._origin_case)

    def _origin_case(self, brief: mt.CaseBrief) -> None:
        i = self.fu_category.findData(brief.category_id)
        if i >= 0:
            self.fu_category.setCurrentIndex(i)
        if brief.department_id is not None:
            j = self.fu_dept.findData(brief.department_id)
            if j >= 0:
                self.fu_dept.setCurrentIndex(j)

    # ------------------------------------------------------------------ actions
    def _run(self, fn: Any, *args: Any, done_message: str = "", **kwargs: Any) -> None:
        self._busy += 1
        self.message.setText(self.tr("Saving…"))

        def ok(changes: ChangeSet) -> None:
            self._busy -= 1
            self.message.setText(done_message or changes.summary)
            self.changed.emit(changes)
            self.reload()

        def bad(exc: Exception) -> None:
            self._busy -= 1
            self._fail(exc)
            self.reload()

        run_async(self, mt.perform, self.engine, self.actor, fn, *args, on_done=ok, on_error=bad, **kwargs)

    def _fail(self, exc: Exception) -> None:
        self.message.setText(error_html(exc))

    def busy(self) -> bool:
        return self._busy > 0

    def open_occurrence(self) -> None:
        o = self.occurrence
        if o is None or o.series_id is None or o.occurrence_day is None:
            return

        def opened(changes: ChangeSet) -> None:
            (self.meeting_id,) = changes.ids("meeting")
            self.changed.emit(changes)
            self.reload()

        run_async(self, mt.perform, self.engine, self.actor, mt.open_occurrence, o.series_id, o.occurrence_day,
                  on_done=opened, on_error=self._fail)

    def record_attendance(self, party_id: int, code: str) -> None:
        row = self._rows.get(party_id)
        if row is None:
            return
        p: mt.PartyInfo = row["party"]
        name = row["who"].text().strip()
        if code == "deputy" and not name:
            self.message.setText(self.tr("Enter the name of the deputy {party} sent, then press “Sent a deputy” again.").format(party=p.name))
            row["who"].setFocus()
            self.reload()
            return
        self._run(mt.record_attendance, party_id, p.version, code, attendee_name=name)

    def _key_attendance(self, code: str) -> None:
        r = self.table.currentRow()
        item = self.table.item(r, 0) if r >= 0 else None
        if item is not None:
            self.record_attendance(int(item.data(Qt.ItemDataRole.UserRole)), code)

    def _name_edited(self, party_id: int) -> None:
        row = self._rows.get(party_id)
        if row is None:
            return
        p: mt.PartyInfo = row["party"]
        name = row["who"].text().strip()
        if p.attendance in ("present", "late", "deputy") and name != p.attendee_name:
            self._run(mt.record_attendance, party_id, p.version, p.attendance, attendee_name=name)

    def _rating_changed(self, party_id: int) -> None:
        row = self._rows.get(party_id)
        if row is None or row["stars"] is None:
            return
        p: mt.PartyInfo = row["party"]
        stars = row["stars"].currentData()
        if stars is None:
            return
        self._run(mt.rate_department, party_id, p.version, int(stars), comment=row["comment"].text().strip())

    def _comment_edited(self, party_id: int) -> None:
        row = self._rows.get(party_id)
        if row is None or row["stars"] is None:
            return
        p: mt.PartyInfo = row["party"]
        comment = row["comment"].text().strip()
        if p.rating and comment != p.rating_comment:
            self._run(mt.rate_department, party_id, p.version, int(p.rating), comment=comment)

    def save_minutes(self) -> None:
        if self.detail is None:
            return
        self.minutes_edit.document().setModified(False)
        self._run(mt.save_minutes, self.detail.summary.meeting_id, self.detail.summary.version, self.minutes_edit.toPlainText(),
                  done_message=self.tr("Minutes saved."))

    def add_decision(self) -> None:
        text = self.decision_edit.text().strip()
        if self.detail is None or not text:
            return
        self.decision_edit.clear()
        self._run(mt.add_decision, self.detail.summary.meeting_id, text)

    def add_follow_up(self) -> None:
        if self.detail is None:
            return
        title = self.fu_title.text().strip()
        if not title:
            self.message.setText(self.tr("Enter what is to be done."))
            self.fu_title.setFocus()
            return
        dept = self.fu_dept.currentData()
        if dept is None:
            self.message.setText(self.tr("Choose the department that owns the task."))
            return
        deadline: datetime = self.fu_deadline.dateTime().toPython()  # type: ignore[assignment]
        if deadline <= datetime.now():
            self.message.setText(self.tr("The deadline must be in the future."))
            return
        self.fu_title.clear()
        self._run(
            mt.add_follow_up, self.detail.summary.meeting_id, title, int(dept), deadline.replace(second=0, microsecond=0),
            category_id=self.fu_category.currentData(), owner_name=self.fu_owner.text().strip(),
            decision_id=self.fu_decision.currentData(),
        )

    def finish(self) -> None:
        if self.detail is None:
            return
        pending = [p.name for p in self.detail.parties if p.attendance == "pending"]
        if pending:
            self.message.setText(self.tr("Check in every party first: {names}").format(names="、".join(pending)))
            self.tabs.setCurrentIndex(0)
            return
        if self.minutes_edit.document().isModified():
            self.message.setText(self.tr("Save the minutes first (Ctrl+S)."))
            self.tabs.setCurrentIndex(1)
            return
        self._run(mt.finish_meeting, self.detail.summary.meeting_id, self.detail.summary.version,
                  done_message=self.tr("The meeting is closed."))

    # ------------------------------------------------------------------ notices
    def _ask_pdf(self, name: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save notice as PDF"), str(Path.home() / name), self.tr("PDF documents (*.pdf)"))
        return Path(path) if path else None

    def print_notice(self, path: str | Path | None = None) -> None:
        if self.detail is None:
            return
        target = Path(path) if path else self._ask_pdf(f"meeting-{self.detail.summary.meeting_id}.pdf")
        if target is None:
            return
        run_async(self, mt.notice_document, self.engine, self.detail.summary.meeting_id,
                  on_done=lambda payload: self._write_pdf(payload, target), on_error=self._fail)

    def print_selected_notice(self) -> None:
        r = self.notice_table.currentRow()
        item = self.notice_table.item(r, 0) if r >= 0 else None
        if item is None:
            self.message.setText(self.tr("Select a notice in the list first."))
            return
        notice_id = int(item.data(Qt.ItemDataRole.UserRole))
        target = self._ask_pdf(f"notice-{notice_id}.pdf")
        if target is None:
            return
        run_async(self, mt.notice_payload_of, self.engine, notice_id,
                  on_done=lambda payload: self._write_pdf(payload, target), on_error=self._fail)

    def _write_pdf(self, payload: dict[str, Any], target: Path) -> None:
        try:
            out = render_notice_pdf(payload, target)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Print notice"), str(exc))
            return
        self.message.setText(self.tr("Notice saved to {path}").format(path=str(out)))
        self.last_pdf = out
