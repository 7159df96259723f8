"""The meetings window: the week calendar in the middle, the selected meeting, the upcoming
meetings and the departments' ratings on the right.

Everything is read and written through db.meetings in the background; the window follows
the change log (db.live.ChangeFeed), so meetings scheduled or checked in on another
workstation appear within a second or two.

Keys: Alt+Left / Alt+Right previous / next week, Home this week, Ctrl+N new meeting,
Enter or Ctrl+O the selected meeting on the day, Ctrl+E edit, Delete cancel, Ctrl+R queue
reminders, Ctrl+P print the notice, F5 reload.
"""

from __future__ import annotations

import logging
import time as _time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from db import meetings as mt
from db.ops import Actor, ChangeSet
from db.permissions import Permission, has_permission
from desktop import icons, theme
from desktop.meetings import texts
from desktop.meetings.calendar_view import WeekCalendar
from desktop.meetings.common import STYLE, chip, engine_of, error_text, set_chip, workstation_actor
from desktop.meetings.day_view import MeetingDayDialog
from desktop.meetings.notice_pdf import render_notice_pdf
from desktop.meetings.schedule_dialog import ScheduleDialog
from desktop.meetings.upcoming import UpcomingMeetingsWidget
from desktop.worker import run_async

log = logging.getLogger(__name__)

RATING_DAYS = 61  # the bimonthly assessment period (双月考核)
FEED_MS = 1000


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class MeetingsWindow(QMainWindow):
    """Joint on-site meetings, consultations and regular meetings, week by week."""

    week_loaded = Signal()

    def __init__(
        self,
        source: Any,
        *,
        actor: Actor | None = None,
        role: str = "duty_officer",
        first_day: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingsWindow")
        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.engine = engine_of(source) if not hasattr(source, "dialect") else source
        self.actor = actor or workstation_actor(role)
        self.week_start = monday_of(first_day) if first_day else None
        self.week: mt.CalendarWeek | None = None
        self._clock: tuple[datetime, float] | None = None  # (meeting clock, monotonic) at load
        self._feed: Any = None
        self._loading = 0
        self._dialogs: list[Any] = []
        self.setWindowTitle(self.tr("Meetings — joint on-site meetings and regular meetings"))
        self.resize(1600, 1000)
        if self.engine is None:
            self._build_unavailable()
            return
        self._build()
        self.reload()
        run_async(self, mt.meeting_clock, self.engine, on_done=self._got_clock)
        self.tick = QTimer(self)
        self.tick.setInterval(30_000)
        self.tick.timeout.connect(self._tick)
        self.tick.start()
        self.feed_timer = QTimer(self)
        self.feed_timer.setInterval(FEED_MS)
        self.feed_timer.timeout.connect(self._poll_feed)
        self._reload_soon = QTimer(self)
        self._reload_soon.setSingleShot(True)
        self._reload_soon.setInterval(300)
        self._reload_soon.timeout.connect(self.reload)
        self._start_feed()

    # ------------------------------------------------------------------ construction
    def _build_unavailable(self) -> None:
        label = QLabel(
            self.tr("Meetings are not available: this data source has no database. Start GridDesk with --db to schedule meetings."),
            self,
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setObjectName("meetingSub")
        self.setCentralWidget(label)
        self.calendar = None  # type: ignore[assignment]

    def _action(self, text: str, slot: Any, *keys: str, icon: str | None = None, tip: str = "") -> QAction:
        a = QAction(text, self)
        if keys:
            a.setShortcuts([QKeySequence(k) for k in keys])
        if icon:
            a.setIcon(icons.icon(icon))
        if tip:
            a.setToolTip(f"{tip} ({', '.join(keys)})" if keys else tip)
            a.setStatusTip(tip)
        a.triggered.connect(lambda _c=False: slot())
        self.addAction(a)
        return a

    def _build(self) -> None:
        tb = QToolBar(self.tr("Meetings"), self)
        tb.setObjectName("meetingsToolbar")
        tb.setMovable(False)
        tb.setIconSize(QSize(24, 24))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.act_prev = self._action(self.tr("◀ Previous week"), self.previous_week, "Alt+Left", "Ctrl+PgUp",
                                     tip=self.tr("Show the previous week"))
        self.act_today = self._action(self.tr("This week"), self.this_week, "Home", tip=self.tr("Show the current week"))
        self.act_next = self._action(self.tr("Next week ▶"), self.next_week, "Alt+Right", "Ctrl+PgDown",
                                     tip=self.tr("Show the next week"))
        self.act_new = self._action(self.tr("New meeting…"), self.new_meeting, "Ctrl+N",
                                    tip=self.tr("Schedule a joint on-site meeting, a consultation or a regular meeting"))
        self.act_open = self._action(self.tr("On the day…"), self.open_selected, "Ctrl+O",
                                     tip=self.tr("Check-in, minutes, decisions, follow-ups and ratings of the selected meeting"))
        self.act_edit = self._action(self.tr("Edit…"), self.edit_selected, "Ctrl+E", tip=self.tr("Change the selected meeting"))
        self.act_cancel = self._action(self.tr("Cancel meeting…"), self.cancel_selected, "Delete",
                                       tip=self.tr("Cancel the selected meeting and notify every party"))
        self.act_remind = self._action(self.tr("Queue reminders"), self.queue_reminders, "Ctrl+R",
                                       tip=self.tr("Queue reminders to the parties of the meetings in the next 24 hours"))
        self.act_print = self._action(self.tr("Print notice…"), self.print_selected, "Ctrl+P",
                                      tip=self.tr("Save the selected meeting's notice as a PDF"))
        self.act_refresh = self._action(self.tr("Reload"), self.reload, "F5", icon="refresh", tip=self.tr("Reload the week"))
        for a in (self.act_prev, self.act_today, self.act_next):
            tb.addAction(a)
        tb.addSeparator()
        for a in (self.act_new, self.act_open, self.act_edit, self.act_cancel):
            tb.addAction(a)
        tb.addSeparator()
        for a in (self.act_remind, self.act_print, self.act_refresh):
            tb.addAction(a)
        spacer = QWidget(tb)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        self.week_label = QLabel(tb)
        self.week_label.setObjectName("appTitle")
        tb.addWidget(self.week_label)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        self.toolbar = tb

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        left = QWidget(split)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.setSpacing(0)
        self.calendar = WeekCalendar(left)
        lv.addWidget(self.calendar, 1)
        legend = QFrame(left)
        legend.setObjectName("meetingHeader")
        lh = QHBoxLayout(legend)
        lh.setContentsMargins(10, 5, 10, 5)
        lh.setSpacing(10)
        for code in texts.KIND_NAMES:
            lh.addWidget(chip(texts.kind_label(code), texts.KIND_COLOURS[code], legend))
        lh.addWidget(chip("▲ " + self.tr("Clash"), theme.OVERDUE_COLOUR, legend))
        lh.addWidget(chip("√ " + texts.status_label("held"), theme.OK_COLOUR, legend))
        lh.addWidget(chip(texts.status_label("cancelled"), "#8a939f", legend))
        hint = QLabel(self.tr("Double-click an empty time to schedule a meeting there"), legend)
        hint.setObjectName("meetingHint")
        hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lh.addWidget(hint, 1)
        lv.addWidget(legend)
        side = QWidget(split)
        side.setMinimumWidth(360)
        sv = QVBoxLayout(side)
        sv.setContentsMargins(8, 8, 8, 8)
        sv.setSpacing(8)
        sv.addWidget(self._build_card(side))
        tabs = QTabWidget(side)
        self.upcoming = UpcomingMeetingsWidget(self.engine, 7, tabs, title=False)
        tabs.addTab(self.upcoming, self.tr("Upcoming (7 days)"))
        tabs.addTab(self._build_ratings(tabs), self.tr("Department ratings"))
        sv.addWidget(tabs, 1)
        split.addWidget(left)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setSizes([1180, 420])
        self.setCentralWidget(split)

        sb = self.statusBar()
        sb.setSizeGripEnabled(False)
        self.live_label = QLabel(sb)
        self.live_label.setObjectName("statusSource")
        sb.addPermanentWidget(self.live_label)

        self.calendar.selected.connect(self._selected)
        self.calendar.activated.connect(self.open_meeting)
        self.calendar.slot_activated.connect(self.new_meeting_at)
        self.upcoming.activated.connect(self._upcoming_activated)
        self._selected("")

    def _build_card(self, parent: QWidget) -> QFrame:
        card = QFrame(parent)
        card.setObjectName("meetingCard")
        v = QVBoxLayout(card)
        v.setContentsMargins(12, 10, 12, 10)
        v.setSpacing(5)
        top = QHBoxLayout()
        self.card_kind = chip("", theme.ACCENT, card)
        self.card_status = chip("", theme.TEXT_DIM, card)
        top.addWidget(self.card_kind)
        top.addStretch(1)
        top.addWidget(self.card_status)
        v.addLayout(top)
        self.card_title = QLabel(card)
        self.card_title.setObjectName("meetingTitle")
        self.card_title.setWordWrap(True)
        v.addWidget(self.card_title)
        self.card_body = QLabel(card)
        self.card_body.setWordWrap(True)
        self.card_body.setTextFormat(Qt.TextFormat.RichText)
        v.addWidget(self.card_body)
        row = QHBoxLayout()
        self.card_open = QPushButton(self.tr("On the day…"), card)
        self.card_open.setObjectName("primaryButton")
        self.card_edit = QPushButton(self.tr("Edit…"), card)
        self.card_cancel = QPushButton(self.tr("Cancel…"), card)
        row.addWidget(self.card_open)
        row.addWidget(self.card_edit)
        row.addWidget(self.card_cancel)
        row.addStretch(1)
        v.addLayout(row)
        self.card_open.clicked.connect(self.open_selected)
        self.card_edit.clicked.connect(self.edit_selected)
        self.card_cancel.clicked.connect(self.cancel_selected)
        return card

    def _build_ratings(self, parent: QWidget) -> QWidget:
        page = QWidget(parent)
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 6, 0, 0)
        self.ratings_hint = QLabel(page)
        self.ratings_hint.setObjectName("meetingHint")
        self.ratings_hint.setWordWrap(True)
        v.addWidget(self.ratings_hint)
        self.ratings = QTableWidget(0, 4, page)
        self.ratings.setObjectName("ratingsTable")
        self.ratings.setHorizontalHeaderLabels([self.tr("Department"), self.tr("Meetings"), self.tr("Stars"), self.tr("Score")])
        self.ratings.verticalHeader().hide()
        self.ratings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ratings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        hh = self.ratings.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        v.addWidget(self.ratings, 1)
        return page

    # ------------------------------------------------------------------ data
    def now(self) -> datetime:
        if self._clock is None:
            return datetime.now()
        at, mono = self._clock
        return at + timedelta(seconds=_time.monotonic() - mono)

    def _got_clock(self, at: datetime) -> None:
        self._clock = (at, _time.monotonic())
        if self.week_start is None:
            self.week_start = monday_of(at.date())
            self.reload()
        elif self.calendar is not None:
            self.calendar.set_now(self.now())
        self._load_ratings()

    def _tick(self) -> None:
        if self.calendar is not None:
            self.calendar.set_now(self.now())

    def is_loaded(self) -> bool:
        return self.week is not None and self._loading == 0 and self._clock is not None

    def reload(self) -> None:
        if self.engine is None or self.week_start is None:
            return
        self._loading += 1
        start = self.week_start
        run_async(self, mt.calendar_week, self.engine, start, on_done=self._show_week, on_error=self._failed)
        self.upcoming.refresh()

    def _show_week(self, week: mt.CalendarWeek) -> None:
        self._loading -= 1
        if week.first_day != self.week_start:
            return  # the user moved on meanwhile
        self.week = week
        self.calendar.set_week(week, self.now() if self._clock else week.now)
        end = week.days[-1]
        iso = week.first_day.isocalendar()
        self.week_label.setText(
            self.tr("{y}-{m:02d}-{d:02d} to {m2:02d}-{d2:02d} · week {w}").format(
                y=week.first_day.year, m=week.first_day.month, d=week.first_day.day, m2=end.month, d2=end.day, w=iso.week
            )
        )
        self._selected(self.calendar.selected_key())
        n = sum(1 for m in week.meetings if m.status != "cancelled")
        clashes = sum(1 for m in week.meetings if m.conflicts and m.status != "cancelled")
        self.statusBar().showMessage(self.tr("Meetings this week: {n}; with clashes: {c}").format(n=n, c=clashes), 8000)
        self.week_loaded.emit()

    def _failed(self, exc: Exception) -> None:
        self._loading = max(0, self._loading - 1)
        head, detail = error_text(exc)
        self.statusBar().showMessage(f"{head} {detail}", 15000)

    def _load_ratings(self) -> None:
        now = self.now()
        start = now - timedelta(days=RATING_DAYS)
        self.ratings_hint.setText(
            self.tr("The requesting villages' and committees' ratings from {start} to today; an absent department scores 0, late -10, a deputy -5.").format(
                start=f"{start:%Y-%m-%d}"
            )
        )
        run_async(self, mt.department_ratings, self.engine, start, now + timedelta(days=1), on_done=self._show_ratings)

    def _show_ratings(self, rows: list[mt.DepartmentRating]) -> None:
        t = self.ratings
        t.setRowCount(len(rows))
        for r, x in enumerate(rows):
            score = "—" if x.score is None else f"{x.score:.1f}"
            stars = "—" if x.mean_stars is None else f"{x.mean_stars:.1f}"
            for c, v in enumerate((x.name, str(x.meetings), stars, score)):
                item = QTableWidgetItem(v)
                if c == 3 and x.score is not None:
                    colour = theme.OK_COLOUR if x.score >= 80 else theme.WARN_COLOUR if x.score >= 60 else theme.OVERDUE_COLOUR
                    item.setForeground(QColor(colour))
                if c > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                t.setItem(r, c, item)

    # ------------------------------------------------------------------ live updates
    def _start_feed(self) -> None:
        from db.live import ChangeFeed

        def made(feed: Any) -> None:
            self._feed = feed
            self.feed_timer.start()
            self.live_label.setText(self.tr("Live: following other workstations"))

        def failed(exc: Exception) -> None:
            self.live_label.setText(self.tr("Live updates off: {reason}").format(reason=str(exc)[:80]))

        run_async(self, ChangeFeed, self.engine, on_done=made, on_error=failed)

    def _poll_feed(self) -> None:
        if self._feed is None:
            return
        try:
            changes = self._feed.poll()
        except Exception as exc:  # the feed reports its own health; never break the window
            log.warning("change feed poll failed: %s", exc)
            return
        wanted = mt.meeting_change_entities() | {"case"}
        if any(c.reload_all or c.entity in wanted for c in changes):
            self._reload_soon.start()
        # an open on-the-day view follows its meeting too (another workstation checks in)
        changed = {c.entity_id for c in changes if c.entity == "meeting"}
        reload_all = any(c.reload_all for c in changes)
        for d in self._dialogs:
            if not shiboken6.isValid(d):
                continue
            mine = isinstance(d, MeetingDayDialog) and d.isVisible() and d.meeting_id is not None
            if mine and (reload_all or d.meeting_id in changed) and not d.busy():
                d.reload()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._feed is not None:
            self.feed_timer.stop()
            try:
                self._feed.close()
            except Exception:
                log.debug("closing the change feed failed", exc_info=True)
            self._feed = None
        super().closeEvent(event)

    # ------------------------------------------------------------------ navigation
    def show_week(self, day: date) -> None:
        self.week_start = monday_of(day)
        self.reload()

    def previous_week(self) -> None:
        if self.week_start:
            self.show_week(self.week_start - timedelta(days=7))

    def next_week(self) -> None:
        if self.week_start:
            self.show_week(self.week_start + timedelta(days=7))

    def this_week(self) -> None:
        self.show_week(self.now().date())

    # ------------------------------------------------------------------ the selection
    def selected(self) -> mt.MeetingSummary | None:
        return self.calendar.meeting(self.calendar.selected_key()) if self.calendar else None

    def may_schedule(self) -> bool:
        return has_permission(self.actor.role, Permission.MEETING_SCHEDULE)

    def _selected(self, key: str) -> None:
        m = self.calendar.meeting(key) if key else None
        for w in (self.card_open, self.card_edit, self.card_cancel):
            w.setEnabled(m is not None)
        for a in (self.act_open, self.act_edit, self.act_cancel, self.act_print):
            a.setEnabled(m is not None)
        for a in (self.act_new, self.act_remind):
            a.setEnabled(self.may_schedule())
        if m is None:
            set_chip(self.card_kind, self.tr("No meeting selected"), theme.TEXT_DIM)
            self.card_status.hide()
            self.card_title.setText("")
            self.card_body.setText(
                self.tr("Click a meeting in the calendar to see it here; double-click an empty time to schedule one there.")
            )
            return
        self.card_status.show()
        set_chip(self.card_kind, texts.kind_label(m.kind), texts.KIND_COLOURS.get(m.kind, theme.TEXT_DIM))
        status_colour = {"held": theme.OK_COLOUR, "cancelled": theme.OVERDUE_COLOUR}.get(m.status, theme.WARN_COLOUR)
        set_chip(self.card_status, texts.status_label(m.status), status_colour)
        self.card_title.setText(m.title)
        lines = [f"<b>{texts.when_text(m.starts_at, m.ends_at, self.now().date())}</b>"]
        if m.place_name:
            lines.append(self.tr("Place: {place}").format(place=_esc(m.place_name)))
        if m.requesting_unit:
            lines.append(self.tr("Requested by: {unit}").format(unit=_esc(m.requesting_unit)))
        if m.parties:
            lines.append(self.tr("Invited: {parties}").format(parties=_esc("、".join(m.parties))))
        if m.virtual:
            lines.append(f"<span style='color:{theme.TEXT_DIM}'>{self.tr('A regular meeting; nothing recorded on this one yet.')}</span>")
        for w in m.conflicts:
            lines.append(f"<span style='color:{theme.OVERDUE_COLOUR}'>▲ {_esc(texts.warning_text(w))}</span>")
        self.card_body.setText("<br>".join(lines))
        editable = m.status == "scheduled" and self.may_schedule()
        self.card_edit.setEnabled(editable)
        self.card_cancel.setEnabled(editable)
        self.act_edit.setEnabled(editable)
        self.act_cancel.setEnabled(editable)
        self.act_print.setEnabled(not m.virtual)

    def _upcoming_activated(self, key: str) -> None:
        m = next((x for x in self.upcoming.meetings if x.key == key), None)
        if m is None:
            return
        if self.week_start != monday_of(m.starts_at.date()):
            self.show_week(m.starts_at.date())
        self.calendar.select(key)
        self.open_meeting(key, m)

    # ------------------------------------------------------------------ actions
    def _after_change(self, changes: ChangeSet) -> None:
        if changes.summary:
            self.statusBar().showMessage(changes.summary, 6000)
        self.reload()
        self._load_ratings()

    def _error(self, exc: Exception) -> None:
        head, detail = error_text(exc)
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Meetings"), head, QMessageBox.StandardButton.Ok, self)
        box.setInformativeText(detail)
        box.open()
        self._dialogs.append(box)

    def _keep(self, dialog: Any) -> None:
        self._dialogs = [d for d in self._dialogs if shiboken6.isValid(d) and d.isVisible()]
        self._dialogs.append(dialog)

    def new_meeting(self) -> None:
        if not self.may_schedule():
            return
        run_async(self, mt.blank_draft, self.engine, on_done=self.schedule, on_error=self._error)

    def new_meeting_at(self, when: datetime) -> None:
        if not self.may_schedule():
            return

        def go(d: mt.MeetingDraft) -> None:
            d.starts_at = when
            self.schedule(d)

        run_async(self, mt.blank_draft, self.engine, on_done=go, on_error=self._error)

    def schedule(self, draft: mt.MeetingDraft, meeting_id: int | None = None, version: int | None = None) -> ScheduleDialog:
        dialog = ScheduleDialog(self.engine, self.actor, draft, meeting_id=meeting_id, version=version, parent=self)
        dialog.saved.connect(self._after_change)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self._keep(dialog)
        return dialog

    def open_selected(self) -> None:
        key = self.calendar.selected_key() if self.calendar else ""
        if key:
            self.open_meeting(key)

    def open_meeting(self, key: str, summary: mt.MeetingSummary | None = None) -> MeetingDayDialog | None:
        m = summary or self.calendar.meeting(key)
        if m is None:
            return None
        dialog = MeetingDayDialog(
            self.engine, self.actor, meeting_id=m.meeting_id, occurrence=None if m.meeting_id else m, parent=self
        )
        dialog.changed.connect(self._after_change)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self._keep(dialog)
        return dialog

    def edit_selected(self) -> None:
        m = self.selected()
        if m is None or m.status != "scheduled":
            return
        if m.meeting_id is not None:
            self._edit(m.meeting_id)
            return
        # a regular meeting's occurrence: open it, then move or change that one
        assert m.series_id is not None and m.occurrence_day is not None

        def opened(changes: ChangeSet) -> None:
            (mid,) = changes.ids("meeting")
            self._edit(mid)

        run_async(self, mt.perform, self.engine, self.actor, mt.open_occurrence, m.series_id, m.occurrence_day,
                  on_done=opened, on_error=self._error)

    def _edit(self, meeting_id: int) -> None:
        run_async(self, mt.meeting_draft, self.engine, meeting_id,
                  on_done=lambda dv: self.schedule(dv[0], meeting_id, dv[1]), on_error=self._error)

    def cancel_selected(self) -> None:
        m = self.selected()
        if m is None or m.status != "scheduled":
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Cancel meeting"),
            self.tr("Why is “{title}” cancelled? Every party is notified.").format(title=m.title),
        )
        if not ok:
            return
        if not reason.strip():
            self._error_text(self.tr("Enter a reason for cancelling."))
            return
        if m.meeting_id is not None:
            run_async(self, mt.perform, self.engine, self.actor, mt.cancel_meeting, m.meeting_id, m.version, reason.strip(),
                      on_done=self._after_change, on_error=self._error)
        else:
            assert m.series_id is not None and m.occurrence_day is not None
            run_async(self, mt.perform, self.engine, self.actor, mt.skip_occurrence, m.series_id, m.occurrence_day,
                      reason.strip(), on_done=self._after_change, on_error=self._error)

    def _error_text(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def queue_reminders(self) -> None:
        run_async(self, mt.perform, self.engine, self.actor, mt.queue_reminders, hours_ahead=24,
                  on_done=self._after_change, on_error=self._error)

    def print_selected(self, path: str | Path | None = None) -> None:
        m = self.selected()
        if m is None or m.meeting_id is None:
            return
        target = path
        if target is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save notice as PDF"), str(Path.home() / f"meeting-{m.meeting_id}.pdf"), self.tr("PDF documents (*.pdf)")
            )
            if not chosen:
                return
            target = chosen
        out = Path(target)

        def write(payload: dict[str, Any]) -> None:
            try:
                render_notice_pdf(payload, out)
            except OSError as exc:
                self._error(exc)
                return
            self.statusBar().showMessage(self.tr("Notice saved to {path}").format(path=str(out)), 8000)

        run_async(self, mt.notice_document, self.engine, m.meeting_id, on_done=write, on_error=self._error)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
