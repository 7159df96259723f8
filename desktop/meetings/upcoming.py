"""The "upcoming meetings" list for the duty console (and the meetings window's side).

`UpcomingMeetingsWidget(engine, days=7)` loads `db.meetings.upcoming_meetings` in the
background, refreshes every minute (and on `refresh()`), and emits `activated(key)` when a
meeting is double-clicked or Enter is pressed. Each row: when (today / tomorrow / day),
kind, title, place, and a red triangle for a clash. Without an engine it says so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from db import meetings as mt
from desktop import theme
from desktop.app import ui_font
from desktop.meetings import texts
from desktop.worker import run_async

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
REFRESH_MS = 60_000
Index = QModelIndex | QPersistentModelIndex


class _Delegate(QStyledItemDelegate):
    """Two lines per meeting, a kind-coloured bar on the left."""

    def __init__(self, owner: UpcomingMeetingsWidget) -> None:
        super().__init__(owner)
        self.owner = owner
        self.bold = ui_font(10.5, bold=True)
        self.small = ui_font(9.5)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, QFontMetrics(self.bold).height() + QFontMetrics(self.small).height() * 2 + 14)

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        m: mt.MeetingSummary | None = index.data(SUMMARY_ROLE)
        if m is None:
            return
        r: QRect = option.rect  # type: ignore[attr-defined]
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        p.fillRect(r, QColor("#1f3a5f") if selected else QColor(theme.BG_PANEL))
        p.setPen(QPen(QColor(theme.BORDER), 1))
        p.drawLine(r.bottomLeft(), r.bottomRight())
        colour = texts.kind_colour(m.kind)
        p.fillRect(QRect(r.left() + 4, r.top() + 6, 4, r.height() - 12), colour)
        x = r.left() + 16
        w = r.width() - 24
        fm_b, fm_s = QFontMetrics(self.bold), QFontMetrics(self.small)
        y = r.top() + 6
        p.setFont(self.small)
        p.setPen(colour)
        head = f"{texts.when_text(m.starts_at, m.ends_at, self.owner.today())}  {texts.kind_short(m.kind)}"
        p.drawText(QRect(x, y, w, fm_s.height()), Qt.AlignmentFlag.AlignLeft, head)
        y += fm_s.height()
        p.setFont(self.bold)
        p.setPen(QColor(theme.TEXT))
        room = w - (20 if m.conflicts else 0)
        p.drawText(QRect(x, y, room, fm_b.height()), Qt.AlignmentFlag.AlignLeft, fm_b.elidedText(m.title, Qt.TextElideMode.ElideRight, room))
        if m.conflicts:
            c = QPointF(r.right() - 14, y + fm_b.height() / 2)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(theme.OVERDUE_COLOUR))
            p.drawPolygon(QPolygonF([c + QPointF(0, -7), c + QPointF(7, 6), c + QPointF(-7, 6)]))
            p.setPen(QPen(QColor("#ffffff"), 1.6))
            p.drawLine(c + QPointF(0, -2.5), c + QPointF(0, 1.5))
            p.drawPoint(c + QPointF(0, 4))
        y += fm_b.height()
        p.setFont(self.small)
        p.setPen(QColor(theme.TEXT_DIM))
        where = m.place_name
        if m.requesting_unit:
            where = f"{where} · {m.requesting_unit}" if where else m.requesting_unit
        p.drawText(QRect(x, y, w, fm_s.height()), Qt.AlignmentFlag.AlignLeft, fm_s.elidedText(where, Qt.TextElideMode.ElideRight, w))
        p.restore()


class UpcomingMeetingsWidget(QWidget):
    """The next `days` days of meetings, for the duty console to embed."""

    activated = Signal(str)  # a meeting key (db.meetings.MeetingSummary.key)
    loaded = Signal()

    def __init__(self, engine: Any, days: int = 7, parent: QWidget | None = None, *, title: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("upcomingMeetings")
        self.engine = engine
        self.days = days
        self.meetings: list[mt.MeetingSummary] = []
        self._now: datetime | None = None
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(4)
        self.title = QLabel(self.tr("Upcoming meetings"), self)
        self.title.setObjectName("panelTitle")
        self.title.setVisible(title)
        v.addWidget(self.title)
        self.list = QListWidget(self)
        self.list.setObjectName("upcomingList")
        self.list.setItemDelegate(_Delegate(self))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        v.addWidget(self.list, 1)
        self.empty = QLabel(self)
        self.empty.setObjectName("meetingHint")
        self.empty.setWordWrap(True)
        v.addWidget(self.empty)
        self.list.itemActivated.connect(self._activated)
        self.list.itemDoubleClicked.connect(self._activated)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        if engine is None:
            self.empty.setText(self.tr("Meetings are not available: this data source has no database."))
            self.list.hide()
        else:
            self.timer.start()
            self.refresh()

    def today(self) -> Any:
        return (self._now or datetime.now()).date()

    def refresh(self) -> None:
        if self.engine is None:
            return
        run_async(self, mt.upcoming_meetings, self.engine, self.days, on_done=self._show, on_error=self._failed)

    def set_meetings(self, meetings: list[mt.MeetingSummary], now: datetime | None = None) -> None:
        self._now = now
        self._show(meetings)

    def _show(self, meetings: list[mt.MeetingSummary]) -> None:
        self.meetings = list(meetings)
        if self._now is None and self.engine is not None:
            run_async(self, mt.meeting_clock, self.engine, on_done=self._set_now)
        current = self.list.currentItem().data(SUMMARY_ROLE).key if self.list.currentItem() else ""
        self.list.clear()
        for m in self.meetings:
            item = QListWidgetItem()
            item.setData(SUMMARY_ROLE, m)
            item.setToolTip(f"{m.title}\n{m.starts_at:%Y-%m-%d %H:%M}-{m.ends_at:%H:%M}\n{m.place_name}")
            self.list.addItem(item)
            if m.key == current:
                self.list.setCurrentItem(item)
        self.empty.setText("" if self.meetings else self.tr("No meetings in the next {n} days.").format(n=self.days))
        self.empty.setVisible(not self.meetings)
        self.loaded.emit()

    def _set_now(self, now: datetime) -> None:
        self._now = now
        self.list.viewport().update()

    def _failed(self, exc: Exception) -> None:
        self.empty.setText(self.tr("The meetings could not be loaded: {reason}").format(reason=str(exc)))
        self.empty.show()

    def _activated(self, item: QListWidgetItem) -> None:
        m = item.data(SUMMARY_ROLE)
        if m is not None:
            self.activated.emit(m.key)
