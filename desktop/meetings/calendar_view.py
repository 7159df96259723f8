"""The week calendar: days across, hours down, meetings as blocks coloured by kind.

Clashing meetings (a party or the place booked twice) get a red frame and a warning
triangle; held meetings are dimmed and ticked, cancelled ones greyed and struck through.
Holidays and weekends are shaded and named, the lunch break is banded, and a line marks
the current time. Overlapping meetings of a day share the column side by side.

Mouse: click selects, double-click opens a meeting, double-click on empty time asks for a
new meeting there. Keys: arrows move the selection through the week, Enter opens it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from db.meetings import CalendarWeek, MeetingSummary
from desktop import theme
from desktop.app import ui_font
from desktop.meetings import texts

HEADER_H = 58
GUTTER_W = 58
MIN_ROW_H = 22  # pixels per half hour, at least
DEFAULT_HOURS = (8, 18)


@dataclass(slots=True)
class _Block:
    key: str
    rect: QRectF
    meeting: MeetingSummary


def _lanes(meetings: list[MeetingSummary]) -> dict[str, tuple[int, int]]:
    """Side-by-side placement of overlapping meetings: key -> (lane, lanes in its group)."""
    out: dict[str, tuple[int, int]] = {}
    group: list[tuple[MeetingSummary, int]] = []
    group_end: datetime | None = None
    lane_ends: list[datetime] = []

    def flush() -> None:
        n = max((lane for _, lane in group), default=-1) + 1
        for m, lane in group:
            out[m.key] = (lane, n)

    for m in sorted(meetings, key=lambda x: (x.starts_at, x.ends_at, x.key)):
        if group_end is not None and m.starts_at >= group_end:
            flush()
            group, lane_ends, group_end = [], [], None
        lane = next((i for i, end in enumerate(lane_ends) if end <= m.starts_at), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(m.ends_at)
        else:
            lane_ends[lane] = m.ends_at
        group.append((m, lane))
        group_end = m.ends_at if group_end is None else max(group_end, m.ends_at)
    flush()
    return out


class WeekCalendar(QWidget):
    """Draws a CalendarWeek (db.meetings.calendar_week)."""

    selected = Signal(str)  # a meeting key, "" when nothing is selected
    activated = Signal(str)  # a meeting key (double-click, Enter)
    slot_activated = Signal(object)  # a datetime: double-click on empty time

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingWeekCalendar")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(False)
        self.week: CalendarWeek | None = None
        self.now: datetime | None = None
        self.hours = DEFAULT_HOURS
        self._blocks: list[_Block] = []
        self._selected = ""
        self._font = ui_font(10.5)
        self._bold = ui_font(10.5, bold=True)
        self._small = ui_font(9.5)
        self._head = ui_font(11.5, bold=True)

    # ------------------------------------------------------------------ data
    def set_week(self, week: CalendarWeek, now: datetime | None = None) -> None:
        self.week = week
        self.now = now or week.now
        lo, hi = DEFAULT_HOURS
        for m in week.meetings:
            lo = min(lo, m.starts_at.hour)
            end_hour = m.ends_at.hour + (1 if m.ends_at.minute or m.ends_at.date() > m.starts_at.date() else 0)
            hi = max(hi, min(24, end_hour if m.ends_at.date() == m.starts_at.date() else 24))
        self.hours = (lo, hi)
        if self._selected and self.meeting(self._selected) is None:
            self._selected = ""
            self.selected.emit("")
        self._relayout()

    def set_now(self, now: datetime) -> None:
        self.now = now
        self.update()

    def meeting(self, key: str) -> MeetingSummary | None:
        if self.week is None:
            return None
        return next((m for m in self.week.meetings if m.key == key), None)

    def selected_key(self) -> str:
        return self._selected

    def select(self, key: str) -> None:
        if key != self._selected:
            self._selected = key
            self.selected.emit(key)
            self.update()

    def block_rect(self, key: str) -> QRectF | None:
        return next((b.rect for b in self._blocks if b.key == key), None)

    # ------------------------------------------------------------------ geometry
    def sizeHint(self) -> QSize:
        return QSize(1000, 700)

    def minimumSizeHint(self) -> QSize:
        return QSize(560, HEADER_H + MIN_ROW_H * 2 * (DEFAULT_HOURS[1] - DEFAULT_HOURS[0]))

    def _days(self) -> tuple[date, ...]:
        return self.week.days if self.week is not None else ()

    def _weights(self) -> list[float]:
        """Working days get a full column; a weekend or holiday without meetings half."""
        days = self._days()
        hol = self.week.holidays if self.week else {}
        busy = {m.starts_at.date() for m in (self.week.meetings if self.week else ())}
        out = []
        for d in days:
            kind = hol.get(d, ("", ""))[0]
            off = kind == "holiday" or (d.weekday() >= 5 and kind != "workday")
            out.append(0.5 if off and d not in busy else 1.0)
        return out

    def _col_w(self, day: date | None = None) -> float:
        weights = self._weights()
        unit = (self.width() - GUTTER_W) / max(0.5, sum(weights))
        days = self._days()
        if day is None or day not in days:
            return unit
        return unit * weights[days.index(day)]

    def _row_h(self) -> float:
        rows = max(1, (self.hours[1] - self.hours[0]) * 2)
        return max(float(MIN_ROW_H), (self.height() - HEADER_H - 4) / rows)

    def y_of(self, t: datetime | time) -> float:
        hh = t.hour + t.minute / 60.0
        return HEADER_H + (hh - self.hours[0]) * 2 * self._row_h()

    def x_of(self, day: date) -> float:
        days = self._days()
        i = days.index(day) if day in days else 0
        weights = self._weights()
        unit = (self.width() - GUTTER_W) / max(0.5, sum(weights))
        return GUTTER_W + unit * sum(weights[:i])

    def time_at(self, x: float, y: float) -> datetime | None:
        days = self._days()
        if not days or x < GUTTER_W or y < HEADER_H:
            return None
        i = next((k for k, d in enumerate(days) if self.x_of(d) <= x < self.x_of(d) + self._col_w(d)), -1)
        if not 0 <= i < len(days):
            return None
        half_hours = int((y - HEADER_H) // self._row_h())
        minutes = self.hours[0] * 60 + half_hours * 30
        if minutes >= 24 * 60:
            return None
        return datetime.combine(days[i], time()) + timedelta(minutes=minutes)

    def _relayout(self) -> None:
        self._blocks = []
        if self.week is None:
            self.update()
            return
        for day in self._days():
            col_w = self._col_w(day)
            todays = [m for m in self.week.meetings if m.starts_at.date() == day]
            lanes = _lanes(todays)
            x0 = self.x_of(day)
            for m in todays:
                lane, n = lanes[m.key]
                w = (col_w - 8) / n
                y0 = self.y_of(m.starts_at)
                end = m.ends_at if m.ends_at.date() == day else datetime.combine(day, time(23, 59))
                y1 = max(y0 + 18, self.y_of(end))
                rect = QRectF(x0 + 4 + lane * w, y0 + 1, w - 2, y1 - y0 - 2)
                self._blocks.append(_Block(m.key, rect, m))
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    # ------------------------------------------------------------------ painting
    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(self.rect(), QColor(theme.BG_BASE))
        self._paint_grid(p)
        for b in self._blocks:
            self._paint_block(p, b)
        self._paint_now(p)
        if self.week is not None and not self.week.meetings:
            p.setFont(self._font)
            p.setPen(QColor(theme.TEXT_DIM))
            p.drawText(
                QRectF(GUTTER_W, HEADER_H + 20, self.width() - GUTTER_W, 30),
                Qt.AlignmentFlag.AlignHCenter,
                self.tr("No meetings this week. Double-click a time to schedule one."),
            )
        p.end()

    def _paint_grid(self, p: QPainter) -> None:
        days = self._days()
        row_h = self._row_h()
        bottom = HEADER_H + (self.hours[1] - self.hours[0]) * 2 * row_h
        today = self.now.date() if self.now else None
        hol = self.week.holidays if self.week else {}
        # day backgrounds: weekends and holidays darker, unless a make-up working day
        for day in days:
            x, col_w = self.x_of(day), self._col_w(day)
            kind = hol.get(day, ("", ""))[0]
            off = kind == "holiday" or (day.weekday() >= 5 and kind != "workday")
            colour = QColor("#0b0f14") if off else QColor(theme.BG_PANEL)
            p.fillRect(QRectF(x, HEADER_H, col_w, bottom - HEADER_H), colour)
            if off:
                p.setPen(QPen(QColor(255, 255, 255, 10), 1))
                step = 14
                for k in range(-int(bottom), int(col_w), step):
                    p.drawLine(QPointF(x + k, HEADER_H), QPointF(x + k + (bottom - HEADER_H), bottom))
            # lunch break band
            y0, y1 = self.y_of(time(12, 0)), self.y_of(time(13, 0))
            if self.hours[0] <= 12 < self.hours[1]:
                p.fillRect(QRectF(x, y0, col_w, y1 - y0), QColor(255, 255, 255, 6))
        # hour and half-hour lines
        for k in range((self.hours[1] - self.hours[0]) * 2 + 1):
            y = HEADER_H + k * row_h
            full = k % 2 == 0
            p.setPen(QPen(QColor(theme.BORDER) if full else QColor("#1c2430"), 1))
            p.drawLine(QPointF(GUTTER_W - (6 if full else 0), y), QPointF(self.width(), y))
            if full and k < (self.hours[1] - self.hours[0]) * 2:
                p.setFont(self._small)
                p.setPen(QColor(theme.TEXT_DIM))
                p.drawText(
                    QRectF(0, y - 1, GUTTER_W - 10, row_h),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    f"{self.hours[0] + k // 2:02d}:00",
                )
        # column separators and the header
        p.fillRect(QRectF(0, 0, self.width(), HEADER_H), QColor(theme.BG_HEADER))
        for day in days:
            x, col_w = self.x_of(day), self._col_w(day)
            p.setPen(QPen(QColor(theme.BORDER), 1))
            p.drawLine(QPointF(x, 0), QPointF(x, bottom))
            is_today = day == today
            if is_today:
                p.fillRect(QRectF(x + 1, 0, col_w - 1, HEADER_H), QColor(224, 180, 80, 28))
                p.fillRect(QRectF(x + 1, 0, col_w - 1, 3), QColor(theme.ACCENT))
            p.setFont(self._head)
            p.setPen(QColor(theme.ACCENT if is_today else theme.TEXT))
            label = f"{texts.weekday_name(day, True)}  {day.month}/{day.day}"
            if is_today:
                label += "  " + self.tr("Today")
            p.drawText(QRectF(x + 8, 6, col_w - 12, 24), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            kind, name = hol.get(day, ("", ""))
            if kind:
                p.setFont(self._small)
                if kind == "holiday":
                    p.setPen(QColor(theme.OVERDUE_COLOUR))
                    text = name or self.tr("Holiday")
                else:
                    p.setPen(QColor(theme.OK_COLOUR))
                    text = self.tr("Make-up working day")
                p.drawText(QRectF(x + 8, 30, col_w - 12, 22), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            else:
                count = sum(1 for m in (self.week.meetings if self.week else ()) if m.starts_at.date() == day and m.status != "cancelled")
                if count:
                    p.setFont(self._small)
                    p.setPen(QColor(theme.TEXT_DIM))
                    p.drawText(
                        QRectF(x + 8, 30, col_w - 12, 22),
                        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                        self.tr("Meetings: {n}").format(n=count),
                    )
        p.setPen(QPen(QColor(theme.BORDER), 1))
        p.drawLine(QPointF(0, HEADER_H), QPointF(self.width(), HEADER_H))

    def _paint_now(self, p: QPainter) -> None:
        if self.now is None or self.now.date() not in self._days():
            return
        if not self.hours[0] <= self.now.hour < self.hours[1]:
            return
        x0 = self.x_of(self.now.date())
        y = self.y_of(self.now)
        colour = QColor(theme.URGENT_COLOUR)
        p.setPen(QPen(colour, 2))
        p.drawLine(QPointF(x0, y), QPointF(x0 + self._col_w(self.now.date()), y))
        p.setBrush(colour)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawEllipse(QPointF(x0 + 1, y), 5, 5)
        p.setFont(self._small)
        box = QRectF(3, y - 10, GUTTER_W - 8, 20)
        p.setBrush(colour)
        p.drawRoundedRect(box, 3, 3)
        p.setPen(QColor("#ffffff"))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, f"{self.now:%H:%M}")

    def _paint_block(self, p: QPainter, b: _Block) -> None:
        m = b.meeting
        r = b.rect
        base = texts.kind_colour(m.kind)
        cancelled = m.status == "cancelled"
        held = m.status == "held"
        conflict = bool(m.conflicts) and not cancelled
        fill = QColor("#2a313b") if cancelled else QColor(base)
        fill.setAlpha(150 if cancelled else (50 if held else 78))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(theme.BG_BASE))
        p.drawRoundedRect(r, 4, 4)
        p.setBrush(fill)
        p.drawRoundedRect(r, 4, 4)
        bar = QColor("#6b7480") if cancelled else QColor(base)
        p.fillRect(QRectF(r.left(), r.top() + 1, 4, r.height() - 2), bar)
        # frame: selection, clash, kind
        if b.key == self._selected:
            pen = QPen(QColor("#ffffff"), 2)
        elif conflict:
            pen = QPen(QColor(theme.OVERDUE_COLOUR), 2)
        else:
            edge = QColor(base)
            edge.setAlpha(140 if not cancelled else 60)
            pen = QPen(edge, 1)
        if cancelled:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        if conflict and b.key == self._selected:
            p.setPen(QPen(QColor(theme.OVERDUE_COLOUR), 1.5))
            p.drawRoundedRect(r.adjusted(3, 3, -3, -3), 3, 3)

        # text: time and kind, title (wrapped), place, a tag; narrow blocks show the title only
        inner = r.adjusted(9, 3, -6, -3)
        if conflict:
            self._warning_triangle(p, QPointF(r.right() - 11, r.top() + 11))
        text_colour = QColor("#8a939f") if cancelled else QColor(theme.TEXT)
        compact = inner.width() < 110
        fm_b, fm_s = QFontMetrics(self._bold), QFontMetrics(self._small)
        head = f"{m.starts_at:%H:%M}-{m.ends_at:%H:%M}  {texts.kind_short(m.kind)}"
        tag = ""
        if cancelled:
            tag = texts.status_label("cancelled")
        elif held:
            tag = "√ " + texts.status_label("held")
        elif m.parties:
            tag = self.tr("Parties: {n}").format(n=len(m.parties) + (1 if m.requesting_unit else 0))
        extras: list[tuple[QColor, str]] = []
        if not compact:
            if m.place_name:
                extras.append((QColor(theme.TEXT_DIM), m.place_name))
            if tag:
                extras.append((QColor(theme.OK_COLOUR) if held else QColor(theme.TEXT_DIM), tag))
        title_font = QFont(self._bold)
        title_font.setStrikeOut(cancelled)
        p.save()
        p.setClipRect(r.adjusted(2, 2, -2, -2))
        y = inner.top()
        head_w = inner.width() - (16 if conflict else 0)
        if not compact or inner.height() > 5 * fm_b.height():
            p.setFont(self._small)
            p.setPen(QColor(base) if not cancelled else text_colour)
            shown = head if not compact else f"{m.starts_at:%H:%M}"
            p.drawText(QRectF(inner.left(), y, head_w, fm_s.height()), Qt.AlignmentFlag.AlignLeft,
                       fm_s.elidedText(shown, Qt.TextElideMode.ElideRight, int(head_w)))
            y += fm_s.height()
        room = inner.bottom() - y - len(extras) * fm_s.height()
        n_title = max(1, int(room // fm_b.height()))
        if not compact:
            n_title = min(n_title, 3)
        p.setFont(title_font)
        p.setPen(text_colour)
        title_w = inner.width() - (16 if conflict and y == inner.top() else 0)
        for line in self._wrap(fm_b, m.title, title_w, n_title):
            if y + fm_b.height() > inner.bottom() + 3:
                break
            p.drawText(QRectF(inner.left(), y, inner.width(), fm_b.height()), Qt.AlignmentFlag.AlignLeft, line)
            y += fm_b.height()
        p.setFont(self._small)
        for colour, text in extras:
            if y + fm_s.height() > inner.bottom() + 3:
                break
            p.setPen(colour)
            p.drawText(QRectF(inner.left(), y, inner.width(), fm_s.height()), Qt.AlignmentFlag.AlignLeft,
                       fm_s.elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width())))
            y += fm_s.height()
        p.restore()

    @staticmethod
    def _wrap(fm: QFontMetrics, text: str, width: float, max_lines: int) -> list[str]:
        """Break `text` (Chinese has no spaces) into at most `max_lines` lines."""
        out: list[str] = []
        rest = text
        while rest and len(out) < max_lines:
            if len(out) == max_lines - 1 or fm.horizontalAdvance(rest) <= width:
                out.append(fm.elidedText(rest, Qt.TextElideMode.ElideRight, int(width)))
                break
            n = len(rest)
            while n > 1 and fm.horizontalAdvance(rest[:n]) > width:
                n -= 1
            out.append(rest[:n])
            rest = rest[n:]
        return out

    @staticmethod
    def _warning_triangle(p: QPainter, centre: QPointF) -> None:
        tri = QPolygonF([centre + QPointF(0, -7), centre + QPointF(7.5, 6), centre + QPointF(-7.5, 6)])
        p.setPen(QPen(QColor("#1a0d0d"), 1))
        p.setBrush(QBrush(QColor(theme.OVERDUE_COLOUR)))
        p.drawPolygon(tri)
        p.setPen(QPen(QColor("#ffffff"), 1.8))
        p.drawLine(centre + QPointF(0, -2.5), centre + QPointF(0, 1.8))
        p.drawPoint(centre + QPointF(0, 4.2))

    # ------------------------------------------------------------------ interaction
    def block_at(self, pos: QPointF) -> _Block | None:
        for b in reversed(self._blocks):
            if b.rect.contains(pos):
                return b
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            b = self.block_at(event.position())
            self.select(b.key if b else "")
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        b = self.block_at(event.position())
        if b is not None:
            self.activated.emit(b.key)
            return
        at = self.time_at(event.position().x(), event.position().y())
        if at is not None:
            self.slot_activated.emit(at)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        order = sorted(self._blocks, key=lambda b: (b.meeting.starts_at, b.rect.left()))
        keys = [b.key for b in order]
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._selected:
            self.activated.emit(self._selected)
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Left) and keys:
            i = keys.index(self._selected) if self._selected in keys else -1
            step = 1 if key in (Qt.Key.Key_Down, Qt.Key.Key_Right) else -1
            self.select(keys[(i + step) % len(keys)] if i >= 0 else keys[0 if step > 0 else -1])
            return
        if key == Qt.Key.Key_Escape and self._selected:
            self.select("")
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            b = self.block_at(QPointF(pos))
            if b is None:
                QToolTip.hideText()
                event.ignore()
                return True
            QToolTip.showText(event.globalPos(), self.tooltip_html(b.meeting), self)  # type: ignore[attr-defined]
            return True
        return super().event(event)

    def tooltip_html(self, m: MeetingSummary) -> str:
        rows = [
            f"<b>{_esc(m.title)}</b>",
            f"{_esc(texts.kind_label(m.kind))} · {_esc(texts.status_label(m.status))}",
            f"{m.starts_at:%Y-%m-%d %H:%M}-{m.ends_at:%H:%M}",
        ]
        if m.place_name:
            rows.append(_esc(self.tr("Place: {place}").format(place=m.place_name)))
        if m.requesting_unit:
            rows.append(_esc(self.tr("Requested by: {unit}").format(unit=m.requesting_unit)))
        if m.parties:
            rows.append(_esc(self.tr("Invited: {parties}").format(parties="、".join(m.parties))))
        for w in m.conflicts:
            rows.append(f"<span style='color:{theme.OVERDUE_COLOUR}'>▲ {_esc(texts.warning_text(w))}</span>")
        return "<br>".join(rows)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
