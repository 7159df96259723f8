"""The scheduling dialog: a joint on-site meeting, a consultation or a regular meeting.

Left: kind, title, requesting village or committee, date, time and length, the place (a
key point, a point on the map, a place name), the agenda with linked cases, and for a
regular meeting its rule. Right: the invited parties (town departments, district offices,
villages and committees, outside parties) and the live scheduling check: every change is
checked in the background (db.meetings.check_draft) and the clashes, holidays and the next
free slots are shown before saving; a slot button moves the meeting there.

Nothing typed is lost on an error: the dialog stays open with the message.
Keys: Ctrl+Return saves, Escape closes, Alt+1..3 take a suggested slot.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTimeEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import meetings as mt
from db.ops import Actor, ChangeSet
from desktop import theme
from desktop.meetings import texts
from desktop.meetings.common import STYLE, error_html
from desktop.worker import run_async

DURATIONS = (30, 45, 60, 90, 120, 150, 180, 240)
PARTY_ROLE = Qt.ItemDataRole.UserRole + 1
CHECK_DELAY_MS = 350
PARTY_GROUPS = (
    ("department_town", "department"),
    ("department_district", "department"),
    ("admin_unit", "admin_unit"),
    ("external", "external"),
)


class ScheduleDialog(QDialog):
    """Create or edit a meeting (or create a regular meeting) from a draft."""

    saved = Signal(object)  # the ChangeSet
    ready = Signal()  # the pick lists arrived

    def __init__(
        self,
        engine: Any,
        actor: Actor,
        draft: mt.MeetingDraft,
        *,
        meeting_id: int | None = None,
        version: int | None = None,
        picks: mt.PickLists | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingScheduleDialog")
        self.setStyleSheet(STYLE)
        self.engine = engine
        self.actor = actor
        self.meeting_id = meeting_id
        self.version = version
        self.initial = draft
        self.picks: mt.PickLists | None = None
        self.report: mt.ConflictReport | None = None
        self._check_seq = 0
        self._busy = False
        self._acknowledge = False
        self._loading = True
        self.setWindowTitle(self.tr("Edit meeting") if meeting_id else self.tr("Schedule a meeting"))
        self.resize(1240, 820)
        self._build()
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_now)
        if picks is not None:
            self._on_picks(picks)
        else:
            run_async(self, mt.pick_lists, engine, on_done=self._on_picks, on_error=self._on_load_error)

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        root.setSpacing(10)
        head = QLabel(self.windowTitle(), self)
        head.setObjectName("meetingTitle")
        root.addWidget(head)
        sub = QLabel(
            self.tr("A village or committee invites departments to hold office on site; the check on the right runs as you type."),
            self,
        )
        sub.setObjectName("meetingSub")
        root.addWidget(sub)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        root.addWidget(split, 1)
        left = QWidget(split)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 6, 0)
        lv.setSpacing(8)
        right = QWidget(split)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(6, 0, 0, 0)
        rv.setSpacing(8)
        split.setSizes([660, 560])

        # -- the meeting
        box = QGroupBox(self.tr("Meeting"), left)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.kind_combo = QComboBox(box)
        for code in texts.KIND_NAMES:
            self.kind_combo.addItem(texts.kind_label(code), code)
        form.addRow(self.tr("Kind"), self.kind_combo)
        self.title_edit = QLineEdit(box)
        self.title_edit.setMaxLength(mt.MAX_TITLE)
        self.title_edit.setPlaceholderText(self.tr("What the meeting is about, e.g. falling external wall tiles"))
        form.addRow(self.tr("Title"), self.title_edit)
        self.unit_combo = QComboBox(box)
        form.addRow(self.tr("Requested by"), self.unit_combo)
        when = QHBoxLayout()
        self.date_edit = QDateEdit(box)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd ddd")
        self.time_edit = QTimeEdit(box)
        self.time_edit.setDisplayFormat("HH:mm")
        self.duration_combo = QComboBox(box)
        for minutes in DURATIONS:
            self.duration_combo.addItem(self.tr("{n} min").format(n=minutes), minutes)
        when.addWidget(self.date_edit, 3)
        when.addWidget(self.time_edit, 2)
        when.addWidget(self.duration_combo, 2)
        form.addRow(self.tr("When"), when)
        lv.addWidget(box)

        # -- the place
        place = QGroupBox(self.tr("Place"), left)
        pf = QFormLayout(place)
        pf.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.kp_combo = QComboBox(place)
        self.kp_combo.setEditable(True)
        self.kp_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.kp_combo.lineEdit().setPlaceholderText(self.tr("Type to search the key points"))
        pf.addRow(self.tr("Key point"), self.kp_combo)
        coords = QHBoxLayout()
        self.point_check = QCheckBox(self.tr("Point on the map"), place)
        self.lon_spin = QDoubleSpinBox(place)
        self.lat_spin = QDoubleSpinBox(place)
        for spin, lo, hi, val in ((self.lon_spin, 73.0, 135.0, 121.2), (self.lat_spin, 3.0, 54.0, 31.16)):
            spin.setDecimals(6)
            spin.setRange(lo, hi)
            spin.setSingleStep(0.0005)
            spin.setValue(val)
            spin.setEnabled(False)
        self.lon_spin.setSuffix(" °E")
        self.lat_spin.setSuffix(" °N")
        coords.addWidget(self.point_check)
        coords.addWidget(self.lon_spin, 1)
        coords.addWidget(self.lat_spin, 1)
        pf.addRow(self.tr("Coordinates"), coords)
        self.place_edit = QLineEdit(place)
        self.place_edit.setMaxLength(128)
        self.place_edit.setPlaceholderText(self.tr("e.g. the estate's property service centre"))
        pf.addRow(self.tr("Place name"), self.place_edit)
        lv.addWidget(place)

        # -- the agenda
        agenda = QGroupBox(self.tr("Agenda"), left)
        av = QVBoxLayout(agenda)
        self.agenda_list = QListWidget(agenda)
        self.agenda_list.setMinimumHeight(72)
        av.addWidget(self.agenda_list, 1)
        arow = QHBoxLayout()
        self.agenda_edit = QLineEdit(agenda)
        self.agenda_edit.setPlaceholderText(self.tr("Agenda item"))
        self.case_edit = QLineEdit(agenda)
        self.case_edit.setPlaceholderText(self.tr("Case number (optional)"))
        self.case_edit.setMaximumWidth(190)
        self.agenda_add = QPushButton(self.tr("Add"), agenda)
        self.agenda_remove = QPushButton(self.tr("Remove"), agenda)
        arow.addWidget(self.agenda_edit, 3)
        arow.addWidget(self.case_edit, 2)
        arow.addWidget(self.agenda_add)
        arow.addWidget(self.agenda_remove)
        av.addLayout(arow)
        lv.addWidget(agenda, 1)

        # -- recurrence (new meetings only)
        self.repeat_box = QGroupBox(self.tr("Repeats (regular meeting)"), left)
        self.repeat_box.setCheckable(True)
        self.repeat_box.setChecked(False)
        rf = QFormLayout(self.repeat_box)
        rf.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.freq_combo = QComboBox(self.repeat_box)
        for code, src in texts.FREQUENCY_NAMES.items():
            self.freq_combo.addItem(texts.translated(src), code)
        self.month_mode = QComboBox(self.repeat_box)
        self.month_mode.addItem(self.tr("on the weekday of the chosen week"), "nth")
        self.month_mode.addItem(self.tr("on the day of the month"), "day")
        self.week_combo = QComboBox(self.repeat_box)
        for n, src in texts.MONTH_WEEK_NAMES.items():
            self.week_combo.addItem(texts.translated(src), n)
        freq_row = QHBoxLayout()
        freq_row.addWidget(self.freq_combo, 2)
        freq_row.addWidget(self.month_mode, 3)
        freq_row.addWidget(self.week_combo, 1)
        rf.addRow(self.tr("Frequency"), freq_row)
        until = QHBoxLayout()
        self.until_check = QCheckBox(self.tr("Until"), self.repeat_box)
        self.until_edit = QDateEdit(self.repeat_box)
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setDisplayFormat("yyyy-MM-dd")
        self.until_edit.setEnabled(False)
        until.addWidget(self.until_check)
        until.addWidget(self.until_edit, 1)
        rf.addRow(self.tr("Ends"), until)
        self.policy_combo = QComboBox(self.repeat_box)
        for code, src in texts.HOLIDAY_POLICY_NAMES.items():
            self.policy_combo.addItem(texts.translated(src), code)
        rf.addRow(self.tr("On a holiday"), self.policy_combo)
        lv.addWidget(self.repeat_box)
        if self.meeting_id is not None:
            self.repeat_box.hide()

        # -- parties
        parties = QGroupBox(self.tr("Invited parties"), right)
        pv = QVBoxLayout(parties)
        frow = QHBoxLayout()
        self.party_filter = QLineEdit(parties)
        self.party_filter.setPlaceholderText(self.tr("Filter by name"))
        self.party_filter.setClearButtonEnabled(True)
        self.add_external = QPushButton(self.tr("Add outside party…"), parties)
        frow.addWidget(self.party_filter, 1)
        frow.addWidget(self.add_external)
        pv.addLayout(frow)
        self.party_tree = QTreeWidget(parties)
        self.party_tree.setHeaderHidden(True)
        self.party_tree.setObjectName("partyTree")
        pv.addWidget(self.party_tree, 1)
        self.party_count = QLabel(parties)
        self.party_count.setObjectName("meetingHint")
        self.party_count.setWordWrap(True)
        pv.addWidget(self.party_count)
        rv.addWidget(parties, 3)

        # -- the scheduling check
        check = QGroupBox(self.tr("Scheduling check"), right)
        cv = QVBoxLayout(check)
        self.check_status = QLabel(self.tr("Checking…"), check)
        self.check_status.setObjectName("meetingHint")
        cv.addWidget(self.check_status)
        self.warning_list = QListWidget(check)
        self.warning_list.setObjectName("warningList")
        self.warning_list.setWordWrap(True)
        self.warning_list.setMinimumHeight(90)
        cv.addWidget(self.warning_list, 1)
        self.slots_label = QLabel(self.tr("Next free slots for all parties and the place:"), check)
        self.slots_label.setObjectName("meetingHint")
        cv.addWidget(self.slots_label)
        self.slot_row = QHBoxLayout()
        self.slot_buttons: list[QPushButton] = []
        for i in range(3):
            b = QPushButton(check)
            b.setObjectName("slotButton")
            b.clicked.connect(lambda _c=False, n=i: self.take_slot(n))
            b.hide()
            self.slot_buttons.append(b)
            self.slot_row.addWidget(b)
        self.slot_row.addStretch(1)
        cv.addLayout(self.slot_row)
        rv.addWidget(check, 2)

        # -- bottom
        self.error_label = QLabel(self)
        self.error_label.setObjectName("meetingError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        root.addWidget(self.error_label)
        buttons = QHBoxLayout()
        hint = QLabel(self.tr("Ctrl+Enter saves · Alt+1/2/3 takes a suggested slot"), self)
        hint.setObjectName("meetingHint")
        buttons.addWidget(hint, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.save_button = QPushButton(self.tr("Save") if self.meeting_id else self.tr("Schedule"), self)
        self.save_button.setObjectName("primaryButton")
        self.save_button.setDefault(True)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        root.addLayout(buttons)

        # wiring
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        for sc in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(sc), self, activated=self.save)
        for i in range(3):
            QShortcut(QKeySequence(f"Alt+{i + 1}"), self, activated=lambda n=i: self.take_slot(n))
        self.agenda_add.clicked.connect(self._add_agenda)
        self.agenda_edit.returnPressed.connect(self._add_agenda)
        self.case_edit.returnPressed.connect(self._add_agenda)
        self.agenda_remove.clicked.connect(self._remove_agenda)
        self.add_external.clicked.connect(self._add_external_party)
        self.party_filter.textChanged.connect(self._filter_parties)
        self.point_check.toggled.connect(self._point_toggled)
        self.until_check.toggled.connect(self.until_edit.setEnabled)
        self.freq_combo.currentIndexChanged.connect(self._freq_changed)
        self.month_mode.currentIndexChanged.connect(self._freq_changed)
        self.kp_combo.activated.connect(self._kp_chosen)
        self.party_tree.itemChanged.connect(lambda *_: self._changed())
        for w in (self.kind_combo, self.unit_combo, self.duration_combo, self.freq_combo, self.week_combo,
                  self.policy_combo, self.month_mode):
            w.currentIndexChanged.connect(self._changed)
        for e in (self.title_edit, self.place_edit):
            e.textChanged.connect(self._changed)
        self.date_edit.dateChanged.connect(self._changed)
        self.time_edit.timeChanged.connect(self._changed)
        self.lon_spin.valueChanged.connect(self._changed)
        self.lat_spin.valueChanged.connect(self._changed)
        self.repeat_box.toggled.connect(self._changed)
        self.until_edit.dateChanged.connect(self._changed)
        self.until_check.toggled.connect(self._changed)
        self._freq_changed()
        self._set_enabled(False)

    def _set_enabled(self, on: bool) -> None:
        for w in (self.save_button, self.party_tree, self.kp_combo, self.unit_combo, self.add_external):
            w.setEnabled(on)

    # ------------------------------------------------------------------ loading
    def _on_load_error(self, exc: Exception) -> None:
        self._show_error(exc)

    def _on_picks(self, picks: mt.PickLists) -> None:
        self.picks = picks
        self.unit_combo.blockSignals(True)
        self.unit_combo.addItem(self.tr("— none —"), None)
        for u in picks.admin_units:
            self.unit_combo.addItem(u.name, u.id)
        self.unit_combo.blockSignals(False)
        self.kp_combo.blockSignals(True)
        self.kp_combo.addItem(self.tr("— none —"), None)
        from desktop import labels

        for k in picks.key_points:
            self.kp_combo.addItem(f"{k.name}（{labels.kind_label(k.kind)}）", k.id)
        completer = QCompleter(self.kp_combo.model(), self.kp_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.kp_combo.setCompleter(completer)
        self.kp_combo.blockSignals(False)
        self._fill_party_tree(picks)
        self._set_enabled(True)
        self.load_draft(self.initial)
        self._loading = False
        self.ready.emit()
        self.check_now()

    def is_ready(self) -> bool:
        return not self._loading

    def _fill_party_tree(self, picks: mt.PickLists, checked: set[tuple[str, int]] | None = None) -> None:
        tree = self.party_tree
        tree.blockSignals(True)
        tree.clear()
        groups = (
            (self.tr("Town departments"), "department", picks.town_departments),
            (self.tr("District offices"), "department", picks.district_offices),
            (self.tr("Villages and committees"), "admin_unit", picks.admin_units),
            (self.tr("Outside parties"), "external", picks.external_parties),
        )
        for title, kind, items in groups:
            top = QTreeWidgetItem(tree, [f"{title} ({len(items)})"])
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            top.setForeground(0, Qt.GlobalColor.gray)
            for it in items:
                label = it.name
                if kind == "external" and it.kind:
                    label = f"{it.name}（{texts.external_kind_label(it.kind)}）"
                child = QTreeWidgetItem(top, [label])
                child.setData(0, PARTY_ROLE, (kind, it.id))
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                on = checked is not None and (kind, it.id) in checked
                child.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            top.setExpanded(kind != "admin_unit")
        tree.blockSignals(False)
        self._update_party_count()

    # ------------------------------------------------------------------ the draft
    def load_draft(self, d: mt.MeetingDraft) -> None:
        """Put a draft into the fields (prefilled from a case, key point, grid)."""
        i = self.kind_combo.findData(d.kind)
        self.kind_combo.setCurrentIndex(max(0, i))
        self.title_edit.setText(d.title)
        self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(d.requesting_unit_id)))
        self.date_edit.setDate(QDate(d.starts_at.year, d.starts_at.month, d.starts_at.day))
        self.time_edit.setTime(QTime(d.starts_at.hour, d.starts_at.minute))
        j = self.duration_combo.findData(int(d.duration_minutes))
        if j < 0:
            self.duration_combo.addItem(self.tr("{n} min").format(n=int(d.duration_minutes)), int(d.duration_minutes))
            j = self.duration_combo.count() - 1
        self.duration_combo.setCurrentIndex(j)
        self.kp_combo.setCurrentIndex(max(0, self.kp_combo.findData(d.key_point_id)))
        if d.lon is not None and d.lat is not None:
            self.point_check.setChecked(True)
            self.lon_spin.setValue(d.lon)
            self.lat_spin.setValue(d.lat)
        self.place_edit.setText(d.place_name)
        self.agenda_list.clear()
        for a in d.agenda:
            self._append_agenda(a)
        wanted = {p.key for p in d.parties}
        self._set_checked(wanted)
        self.until_edit.setDate(self.date_edit.date().addMonths(6))
        self.repeat_box.setChecked(False)
        self._origin = (d.origin, d.origin_case_id, d.grid_id)

    def _set_checked(self, wanted: set[tuple[str, int]]) -> None:
        self.party_tree.blockSignals(True)
        for top_i in range(self.party_tree.topLevelItemCount()):
            top = self.party_tree.topLevelItem(top_i)
            for k in range(top.childCount()):
                child = top.child(k)
                key = child.data(0, PARTY_ROLE)
                child.setCheckState(0, Qt.CheckState.Checked if tuple(key) in wanted else Qt.CheckState.Unchecked)
        self.party_tree.blockSignals(False)
        self._update_party_count()

    def checked_parties(self) -> list[mt.PartyRef]:
        out = []
        for top_i in range(self.party_tree.topLevelItemCount()):
            top = self.party_tree.topLevelItem(top_i)
            for k in range(top.childCount()):
                child = top.child(k)
                if child.checkState(0) == Qt.CheckState.Checked:
                    kind, ref = child.data(0, PARTY_ROLE)
                    out.append(mt.PartyRef(kind, int(ref)))
        return out

    def set_party(self, kind: str, ref: int, on: bool = True) -> None:
        keys = {p.key for p in self.checked_parties()}
        if on:
            keys.add((kind, ref))
        else:
            keys.discard((kind, ref))
        self._set_checked(keys)
        self._changed()

    def starts_at(self) -> datetime:
        d, t = self.date_edit.date(), self.time_edit.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())

    def set_start(self, when: datetime) -> None:
        self.date_edit.setDate(QDate(when.year, when.month, when.day))
        self.time_edit.setTime(QTime(when.hour, when.minute))

    def current_draft(self) -> mt.MeetingDraft:
        origin, origin_case, grid = getattr(self, "_origin", ("scratch", None, None))
        kp = self.kp_combo.currentData() if self.kp_combo.currentIndex() > 0 else None
        lon = self.lon_spin.value() if self.point_check.isChecked() else None
        lat = self.lat_spin.value() if self.point_check.isChecked() else None
        return mt.MeetingDraft(
            kind=str(self.kind_combo.currentData()),
            title=self.title_edit.text().strip(),
            starts_at=self.starts_at(),
            duration_minutes=int(self.duration_combo.currentData()),
            requesting_unit_id=self.unit_combo.currentData(),
            parties=self.checked_parties(),
            place_name=self.place_edit.text().strip(),
            key_point_id=kp,
            lon=lon,
            lat=lat,
            grid_id=grid if origin == "grid" else None,
            origin=origin,
            origin_case_id=origin_case,
            agenda=[self.agenda_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.agenda_list.count())],
        )

    def repeating(self) -> bool:
        return self.meeting_id is None and self.repeat_box.isChecked()

    def current_series(self) -> mt.SeriesDraft:
        d = self.current_draft()
        freq = str(self.freq_combo.currentData())
        start = d.starts_at
        monthly_day = freq == "monthly" and self.month_mode.currentData() == "day"
        rule = mt.RecurrenceRule(
            frequency=freq,
            first_day=start.date(),
            start_minute=start.hour * 60 + start.minute,
            duration_minutes=d.duration_minutes,
            weekday=None if monthly_day else start.weekday(),
            month_week=int(self.week_combo.currentData()) if freq == "monthly" and not monthly_day else None,
            month_day=start.day if monthly_day else None,
            until_day=self.until_edit.date().toPython() if self.until_check.isChecked() else None,  # type: ignore[arg-type]
            holiday_policy=str(self.policy_combo.currentData()),
        )
        return mt.SeriesDraft(
            kind=d.kind, title=d.title, rule=rule, requesting_unit_id=d.requesting_unit_id, parties=d.parties,
            place_name=d.place_name, key_point_id=d.key_point_id, lon=d.lon, lat=d.lat,
            agenda=[a.title for a in d.agenda],
        )

    # ------------------------------------------------------------------ field helpers
    def _freq_changed(self) -> None:
        monthly = self.freq_combo.currentData() == "monthly"
        self.month_mode.setVisible(monthly)
        self.week_combo.setVisible(monthly and self.month_mode.currentData() == "nth")
        if monthly and self.month_mode.currentData() == "nth":
            d = self.starts_at().date()
            nth = (d.day - 1) // 7 + 1
            self.week_combo.setCurrentIndex(max(0, self.week_combo.findData(min(nth, 4))))

    def _point_toggled(self, on: bool) -> None:
        self.lon_spin.setEnabled(on)
        self.lat_spin.setEnabled(on)
        self._changed()

    def _kp_chosen(self, index: int) -> None:
        if self.picks is None or index <= 0:
            self._changed()
            return
        kp_id = self.kp_combo.itemData(index)
        kp = next((k for k in self.picks.key_points if k.id == kp_id), None)
        if kp is not None and kp.lon is not None and kp.lat is not None:
            self.point_check.setChecked(True)
            self.lon_spin.setValue(kp.lon)
            self.lat_spin.setValue(kp.lat)
            if not self.place_edit.text().strip():
                self.place_edit.setText(kp.name)
        self._changed()

    def _append_agenda(self, a: mt.AgendaDraft, number: str = "") -> None:
        linked = self.tr("linked case")
        label = a.title if not (number or a.case_id) else f"{a.title}  [{number or linked}]"
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, a)
        self.agenda_list.addItem(item)

    def _add_agenda(self) -> None:
        title = self.agenda_edit.text().strip()
        number = self.case_edit.text().strip()
        if not title and not number:
            return
        if not number:
            self._append_agenda(mt.AgendaDraft(title))
            self.agenda_edit.clear()
            return

        def found(brief: mt.CaseBrief) -> None:
            self._append_agenda(mt.AgendaDraft(title or f"{brief.category}: {brief.description}"[:200], brief.id), brief.number)
            self.agenda_edit.clear()
            self.case_edit.clear()
            self._hide_error()

        run_async(self, mt.find_case, self.engine, number, on_done=found, on_error=self._show_error)

    def _remove_agenda(self) -> None:
        row = self.agenda_list.currentRow()
        if row >= 0:
            self.agenda_list.takeItem(row)

    def _filter_parties(self, text: str) -> None:
        text = text.strip().lower()
        for top_i in range(self.party_tree.topLevelItemCount()):
            top = self.party_tree.topLevelItem(top_i)
            shown = 0
            for k in range(top.childCount()):
                child = top.child(k)
                hide = bool(text) and text not in child.text(0).lower()
                child.setHidden(hide)
                shown += 0 if hide else 1
            if text:
                top.setExpanded(shown > 0)

    def _update_party_count(self) -> None:
        names = []
        for top_i in range(self.party_tree.topLevelItemCount()):
            top = self.party_tree.topLevelItem(top_i)
            names += [
                top.child(k).text(0)
                for k in range(top.childCount())
                if top.child(k).checkState(0) == Qt.CheckState.Checked
            ]
        text = self.tr("Invited: {n}").format(n=len(names))
        if names:
            text += " — " + "、".join(names)
        self.party_count.setText(text)
        self.party_count.setToolTip("\n".join(names))

    def _add_external_party(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add outside party"), self.tr("Name (e.g. a property company):"))
        if not ok or not name.strip():
            return
        kinds = [texts.external_kind_label(k) for k in texts.EXTERNAL_KIND_NAMES]
        kind_label, ok = QInputDialog.getItem(self, self.tr("Add outside party"), self.tr("Kind:"), kinds, 0, False)
        if not ok:
            return
        kind = list(texts.EXTERNAL_KIND_NAMES)[kinds.index(kind_label)]

        def added(changes: ChangeSet) -> None:
            (new_id,) = changes.ids("external_party")
            keys = {p.key for p in self.checked_parties()} | {("external", new_id)}
            run_async(self, mt.pick_lists, self.engine, on_done=lambda picks: self._refill(picks, keys))

        run_async(self, mt.perform, self.engine, self.actor, mt.add_external_party, name.strip(), kind,
                  on_done=added, on_error=self._show_error)

    def _refill(self, picks: mt.PickLists, keys: set[tuple[str, int]]) -> None:
        self.picks = picks
        self._fill_party_tree(picks, keys)
        self._changed()

    # ------------------------------------------------------------------ the live check
    def _changed(self, *_args: object) -> None:
        self._update_party_count()
        self._acknowledge = False
        self._set_save_text()
        if not self._loading:
            self._check_timer.start()

    def check_now(self) -> None:
        """Run the scheduling check for the current fields (in the background)."""
        if self._loading or self.engine is None:
            return
        self._check_seq += 1
        seq = self._check_seq
        self.check_status.setText(self.tr("Checking…"))
        if self.repeating():
            run_async(self, mt.check_series, self.engine, self.current_series(),
                      on_done=lambda r: self._show_report(r, seq), on_error=lambda e: self._check_failed(e, seq))
        else:
            run_async(self, mt.check_draft, self.engine, self.current_draft(), meeting_id=self.meeting_id,
                      on_done=lambda r: self._show_report(r, seq), on_error=lambda e: self._check_failed(e, seq))

    def _check_failed(self, exc: Exception, seq: int) -> None:
        if seq == self._check_seq:
            self.check_status.setText(self.tr("The check could not run: {reason}").format(reason=str(exc)))

    def _show_report(self, report: mt.ConflictReport, seq: int) -> None:
        if seq != self._check_seq:
            return  # an older answer
        self.report = report
        self.warning_list.clear()
        blocking = report.blocking
        for w in report.warnings:
            item = QListWidgetItem("▲ " + texts.warning_text(w))
            colour = theme.OVERDUE_COLOUR if w in blocking else theme.WARN_COLOUR
            item.setForeground(QColor(colour))
            self.warning_list.addItem(item)
        if not report.warnings:
            self.check_status.setText(self.tr("√ No clashes: every party and the place are free, and it is a working day."))
            self.check_status.setObjectName("meetingOk")
        else:
            self.check_status.setText(
                self.tr("Warnings: {n}. See below; pick a free slot or save anyway.").format(n=len(report.warnings))
                if blocking
                else self.tr("Notes: {n}; nothing clashes.").format(n=len(report.warnings))
            )
            self.check_status.setObjectName("meetingWarn" if blocking else "meetingHint")
        self.check_status.style().unpolish(self.check_status)
        self.check_status.style().polish(self.check_status)
        today = datetime.now().date()
        for i, b in enumerate(self.slot_buttons):
            if i < len(report.suggestions):
                slot = report.suggestions[i]
                b.setText(f"{i + 1}. {texts.when_text(slot.starts_at, slot.ends_at, today)}")
                b.setToolTip(self.tr("Move the meeting to this time (Alt+{n})").format(n=i + 1))
                b.show()
            else:
                b.hide()
        self.slots_label.setVisible(bool(report.suggestions))
        self._set_save_text()

    def take_slot(self, n: int) -> None:
        if self.report is None or n >= len(self.report.suggestions):
            return
        self.set_start(self.report.suggestions[n].starts_at)

    def _set_save_text(self) -> None:
        warn = bool(self.report and self.report.blocking)
        if warn:
            self.save_button.setText(self.tr("Save anyway") if self.meeting_id else self.tr("Schedule anyway"))
        else:
            self.save_button.setText(self.tr("Save") if self.meeting_id else self.tr("Schedule"))
        self.save_button.setProperty("warn", "true" if warn else "false")
        self.save_button.style().unpolish(self.save_button)
        self.save_button.style().polish(self.save_button)

    # ------------------------------------------------------------------ saving
    def validation_problem(self) -> str:
        """A problem the user can fix before anything is sent to the database."""
        d = self.current_draft()
        if not d.title:
            return self.tr("Enter a title for the meeting.")
        if d.kind == "joint_onsite" and d.requesting_unit_id is None:
            return self.tr("Choose the village or committee that requests the joint on-site meeting.")
        if d.kind in ("joint_onsite", "consultation") and not any(p.kind in ("department", "external") for p in d.parties):
            return self.tr("Invite at least one department or outside party.")
        if not self.repeating() and not d.parties and d.requesting_unit_id is None:
            return self.tr("Invite at least one party.")
        if d.key_point_id is None and d.lon is None and not d.place_name:
            return self.tr("Choose where the meeting is held: a key point, a point on the map or a place name.")
        if self.repeating() and self.until_check.isChecked() and self.until_edit.date() < self.date_edit.date():
            return self.tr("The last day of a regular meeting cannot be before its first day.")
        return ""

    def save(self) -> None:
        if self._busy or self._loading:
            return
        problem = self.validation_problem()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        acknowledge = bool(self.report and self.report.blocking)
        self._busy = True
        self.save_button.setEnabled(False)
        self._hide_error()
        if self.repeating():
            run_async(self, mt.perform, self.engine, self.actor, mt.create_series, self.current_series(),
                      acknowledge_conflicts=acknowledge, on_done=self._saved, on_error=self._save_failed)
        elif self.meeting_id is None:
            run_async(self, mt.perform, self.engine, self.actor, mt.create_meeting, self.current_draft(),
                      acknowledge_conflicts=acknowledge, on_done=self._saved, on_error=self._save_failed)
        else:
            run_async(self, mt.perform, self.engine, self.actor, mt.update_meeting, self.meeting_id,
                      self.version or 1, self.current_draft(), acknowledge_conflicts=acknowledge,
                      on_done=self._saved, on_error=self._save_failed)

    def _saved(self, changes: ChangeSet) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.result_changes = changes
        self.saved.emit(changes)
        self.accept()

    def _save_failed(self, exc: Exception) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        if isinstance(exc, mt.MeetingConflicts):
            self._check_seq += 1
            self._show_report(exc.report, self._check_seq)
        self._show_error(exc)

    def _show_error(self, exc: Exception) -> None:
        self.error_label.setText(error_html(exc))
        self.error_label.show()

    def _hide_error(self) -> None:
        self.error_label.hide()


def default_start(now: datetime) -> datetime:
    """09:30 on the next day (the dialog's default when nothing else is known)."""
    return datetime.combine(now.date() + timedelta(days=1), time(9, 30))

