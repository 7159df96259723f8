"""The duty console's "upcoming meetings" tab (近期会议), next to the case detail.

It embeds desktop.meetings.UpcomingMeetingsWidget (the next 7 days); activating a meeting
opens it in the meetings window. Without a database the tab says meetings are not
available."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QVBoxLayout, QWidget

from desktop.meetings.common import engine_of

UPCOMING_DAYS = 7


class MeetingsDock(QObject):
    """The dock and its widget; `refresh()` reloads the list (after meeting changes)."""

    def __init__(self, window: Any, detail_dock: QDockWidget) -> None:
        super().__init__(window)
        self.window = window
        engine = engine_of(window.source)
        self.widget: Any = None
        body = QWidget(window)
        body.setObjectName("consoleMeetings")
        v = QVBoxLayout(body)
        v.setContentsMargins(6, 6, 6, 6)
        if engine is None:
            hint = QLabel(self.tr("Meetings are not available: this data source has no database."), body)
            hint.setObjectName("meetingHint")
            hint.setWordWrap(True)
            v.addWidget(hint)
            v.addStretch(1)
        else:
            from desktop.meetings import UpcomingMeetingsWidget

            self.widget = UpcomingMeetingsWidget(engine, UPCOMING_DAYS, body, title=False)
            self.widget.activated.connect(self.open_meeting)
            v.addWidget(self.widget, 1)
        self.dock = QDockWidget(self.tr("Upcoming meetings"), window)
        self.dock.setObjectName("upcomingMeetingsDock")
        self.dock.setWidget(body)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(detail_dock, self.dock)
        detail_dock.raise_()  # the case detail stays in front

    def refresh(self) -> None:
        if self.widget is not None:
            self.widget.refresh()

    def open_meeting(self, key: str) -> Any:
        """Open a meeting (by db.meetings key) in the meetings window."""
        from desktop.map.meeting_layer import open_meeting

        summary = next((m for m in self.widget.meetings if m.key == key), None) if self.widget else None
        if summary is None:
            return None
        return open_meeting(self.window, key, summary.starts_at.date())


def install_meetings_dock(window: Any, detail_dock: QDockWidget) -> MeetingsDock:
    return MeetingsDock(window, detail_dock)
