"""Joint on-site meetings (基层约请), consultations and regular meetings (联席会议, 例会):
the week calendar window, the scheduling dialog, the on-the-day view and the "upcoming
meetings" widget the duty console can embed. Data and every change go through
db.meetings; see desktop/meetings/window.py for the keys.

The main window opens the screens through `open_meetings_window` and `schedule_from_main`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.meetings.calendar_view import WeekCalendar
from desktop.meetings.day_view import MeetingDayDialog
from desktop.meetings.schedule_dialog import ScheduleDialog
from desktop.meetings.upcoming import UpcomingMeetingsWidget
from desktop.meetings.window import MeetingsWindow

__all__ = [
    "MeetingDayDialog",
    "MeetingsWindow",
    "ScheduleDialog",
    "UpcomingMeetingsWidget",
    "WeekCalendar",
    "open_meetings_window",
    "schedule_from_main",
]

_KEY_POINT_LAYERS = frozenset(
    {"shops", "enterprises", "construction_sites", "public_places", "other_key_points", "river_placards", "rivers"}
)


def _actor_of(window: Any) -> Any:
    from desktop.meetings.common import workstation_actor

    actor = getattr(window, "actor", None)
    return actor if actor is not None else workstation_actor(str(getattr(window, "role", "duty_officer")))


def _unavailable(parent: QWidget) -> None:
    QMessageBox.information(
        parent,
        QCoreApplication.translate("MeetingsCommon", "Meetings"),
        QCoreApplication.translate("MeetingsCommon", "Meetings are not available: this data source has no database."),
    )


def open_meetings_window(window: Any) -> MeetingsWindow | None:
    """Open (or raise) the meetings window of a main window."""
    existing = getattr(window, "_meetings_window", None)
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing  # type: ignore[no-any-return]
    w = MeetingsWindow(window.source, actor=_actor_of(window), role=str(getattr(window, "role", "duty_officer")))
    window._meetings_window = w
    w.show()
    return w


def schedule_from_main(window: Any) -> ScheduleDialog | None:
    """Schedule a meeting from what is selected on the main window's map: a case, a key
    point or a grid (or from scratch)."""
    from db import meetings as mt
    from desktop.meetings.common import engine_of
    from desktop.worker import run_async

    engine = engine_of(window.source)
    if engine is None:
        _unavailable(window)
        return None
    hit = None
    model = getattr(window, "model", None)
    if model is not None:
        try:
            hit = model.selection()
        except Exception:
            hit = None
    if hit and hit[0] == "cases":
        make, arg = mt.draft_from_case, hit[1]
    elif hit and hit[0] in _KEY_POINT_LAYERS:
        make, arg = mt.draft_from_key_point, hit[1]
    elif hit and hit[0] in ("management_grids", "responsibility_grids"):
        make, arg = mt.draft_from_grid, hit[1]
    else:
        make, arg = mt.blank_draft, None

    def open_dialog(draft: mt.MeetingDraft) -> None:
        dialog = ScheduleDialog(engine, _actor_of(window), draft, parent=window)
        dialog.open()
        window._meeting_dialog = dialog

    def failed(_exc: Exception) -> None:
        run_async(window, mt.blank_draft, engine, on_done=open_dialog)

    if arg is None:
        run_async(window, make, engine, on_done=open_dialog, on_error=failed)  # type: ignore[arg-type]
    else:
        run_async(window, make, engine, arg, on_done=open_dialog, on_error=failed)  # type: ignore[arg-type]
    return None
