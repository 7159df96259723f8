"""The "meetings" map layer: 约请会议 with a place, from today to two weeks ahead.

`install_meeting_layer(window)` feeds the map model's `LayerId.MEETINGS` point layer from
the data source's `meeting_markers()` (db.meetings.MeetingMarker records; a source without
that method leaves the layer empty), refreshes it off the GUI thread when asked (the duty
console calls `refresh()` when the live feed reports meeting changes) and opens a meeting in
the meetings window when its marker is clicked. Feature ids are positions (1..n) because
occurrences of regular meetings have no row id yet; the record carries the meeting key.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject

from gis.mapmodel import LayerId, PointColumns

log = logging.getLogger(__name__)

MARKER_DAYS = 14  # the map shows the meetings of the next two weeks


def describe_meeting(marker: Any) -> str:
    """The tooltip of a meeting marker: title, time and place (plain text)."""
    from desktop.meetings import texts

    start, end = marker.starts_at, marker.ends_at
    lines = [
        f"{texts.kind_label(marker.kind)} · {marker.title}",
        QCoreApplication.translate("MeetingLayer", "Time: {day} {start}-{end}").format(
            day=f"{start:%Y-%m-%d}", start=f"{start:%H:%M}", end=f"{end:%H:%M}"
        ),
    ]
    if marker.place_name:
        lines.append(QCoreApplication.translate("MeetingLayer", "Place: {place}").format(place=marker.place_name))
    if marker.status and marker.status != "scheduled":
        lines.append(texts.status_label(marker.status))
    if marker.conflict:
        lines.append(QCoreApplication.translate("MeetingLayer", "Scheduling conflict: check it in the meetings window"))
    return "\n".join(lines)


def describe_meeting_html(marker: Any) -> str:
    return "<br>".join(escape(line) for line in describe_meeting(marker).split("\n"))


class MeetingLayer(QObject):
    """Keeps the map's meetings layer in step with the database."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.model
        self.markers: list[Any] = []
        self._loader = getattr(window.source, "meeting_markers", None)
        canvas = getattr(window, "canvas", None)
        if canvas is not None:
            canvas.feature_clicked.connect(self._on_clicked)
        if self._loader is not None:
            try:  # the first load is synchronous: the window opens with its markers
                self.set_markers(self._loader(MARKER_DAYS))
            except Exception:  # the map still works without the markers
                log.exception("loading the meeting markers failed")

    @property
    def available(self) -> bool:
        return self._loader is not None

    def set_markers(self, markers: list[Any]) -> None:
        """Show these markers (db.meetings.MeetingMarker) on the map."""
        self.markers = list(markers)
        n = len(self.markers)
        items = self.markers
        self.model.set_point_columns(
            LayerId.MEETINGS,
            PointColumns(
                ids=np.arange(1, n + 1, dtype=np.int64),
                lon=np.fromiter((m.lon for m in items), dtype=float, count=n),
                lat=np.fromiter((m.lat for m in items), dtype=float, count=n),
                record=lambda k: items[k],
            ),
        )

    def refresh(self) -> None:
        """Reload the markers off the GUI thread."""
        if self._loader is None:
            return
        from desktop.worker import run_async

        run_async(self, self._loader, MARKER_DAYS, on_done=self.set_markers, on_error=self._failed)

    def _failed(self, exc: Exception) -> None:
        log.warning("refreshing the meeting markers failed: %s", exc)

    def marker(self, feature_id: int) -> Any:
        """The MeetingMarker of a feature id of the meetings layer."""
        return self.model.record(LayerId.MEETINGS, int(feature_id))

    def _on_clicked(self, layer_id: str, feature_id: int) -> None:
        if layer_id == LayerId.MEETINGS:
            self.open_marker(feature_id)

    def open_marker(self, feature_id: int) -> Any:
        """Open the meetings window on the meeting of a marker (its week, selected, and its
        on-the-day view)."""
        marker = self.marker(feature_id)
        if marker is None:
            return None
        return open_meeting(self.window, marker.key, marker.starts_at.date())


def open_meeting(window: Any, key: str, day: Any) -> Any:
    """Open the meetings window of `window` at the week of `day` and open meeting `key`."""
    from desktop.meetings import open_meetings_window
    from desktop.meetings.window import monday_of

    w = open_meetings_window(window)
    if w is None or getattr(w, "calendar", None) is None:
        return w
    tries = [0]

    def go() -> bool:
        if w.calendar.meeting(key) is None:
            return False
        w.calendar.select(key)
        w.open_meeting(key)
        return True

    def on_week() -> None:
        tries[0] += 1
        if go() or tries[0] > 3:
            w.week_loaded.disconnect(on_week)
        elif getattr(w, "week_start", None) != monday_of(day):
            w.show_week(day)

    if not go():
        w.week_loaded.connect(on_week)
        if getattr(w, "week_start", None) != monday_of(day):
            w.show_week(day)
    return w


def install_meeting_layer(window: Any) -> MeetingLayer:
    """Feed the main window's meetings layer (see the module docstring)."""
    return MeetingLayer(window)
