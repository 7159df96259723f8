"""Named views of the meeting screens for `python main.py screenshot --view ...`:

- "meetings": the meetings window on the current week (a clashing meeting selected);
- "meeting_schedule": the scheduling dialog prefilled from an open case, moved onto a
  department's other meeting so the live check shows the clash and the next free slots;
- "meeting_day": the on-the-day view of the Huazhongyuan joint meeting (attendance,
  ratings) or else the first held meeting.

`build_view` waits until the background loads have arrived, so the grab shows data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop.meetings.common import engine_of, workstation_actor
from desktop.worker import wait_idle

VIEWS: tuple[str, ...] = ("meetings", "meeting_schedule", "meeting_day")


def _wait(ready: Callable[[], bool], timeout: float = 20.0) -> None:
    app = QApplication.instance()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        wait_idle(50)
        if app is not None:
            app.processEvents()
        if ready():
            break
    wait_idle(2000)
    if app is not None:
        for _ in range(4):
            app.processEvents()


def build_view(view: str, source: Any, role: str = "duty_officer") -> QWidget:
    """The widget of a named meetings view, loaded (see the module docstring)."""
    from db import meetings as mt
    from desktop.meetings.day_view import MeetingDayDialog
    from desktop.meetings.schedule_dialog import ScheduleDialog
    from desktop.meetings.window import MeetingsWindow

    engine = engine_of(source)
    actor = workstation_actor(role)
    if engine is None:
        return QLabel(QApplication.translate("MeetingsCommon", "Meetings are not available: this data source has no database."))
    if view == "meetings":
        w = MeetingsWindow(source, actor=actor, role=role)
        _wait(w.is_loaded)
        week = w.week
        if week is not None:
            clash = next((m for m in week.meetings if m.conflicts and m.status != "cancelled"), None)
            if clash is None:
                # the demo's double booking is next week
                w.next_week()
                _wait(lambda: w.is_loaded() and w.week is not None and w.week.first_day != week.first_day)
                clash = next((m for m in (w.week.meetings if w.week else ()) if m.conflicts), None)
            if clash is not None:
                w.calendar.select(clash.key)
        return w
    if view == "meeting_schedule":
        upcoming = mt.upcoming_meetings(engine, 14)
        origin = next((m for m in reversed(upcoming) if m.case_ids and m.meeting_id), None)
        others = [m for m in upcoming if origin is None or m.key != origin.key]
        target = next((m for m in others if m.conflicts), others[0] if others else None)
        draft = mt.draft_from_case(engine, origin.case_ids[0]) if origin else mt.blank_draft(engine)
        if target is not None:
            draft.starts_at = target.starts_at
            # invite a department the target meeting already has
            dept = next((k for k in target.party_keys if k[0] == "department"), None)
            if dept is not None and mt.PartyRef(*dept) not in draft.parties:
                draft.parties.append(mt.PartyRef(*dept))
        d = ScheduleDialog(engine, actor, draft)
        _wait(lambda: d.is_ready() and d.report is not None)
        return d
    if view == "meeting_day":
        mid = _demo_meeting(engine)
        dlg = MeetingDayDialog(engine, actor, meeting_id=mid)
        _wait(lambda: dlg.detail is not None and dlg.picks is not None)
        return dlg
    raise ValueError(f"unknown meetings view {view!r}; valid views: {', '.join(VIEWS)}")


def _demo_meeting(engine: Any) -> int | None:
    from datetime import timedelta

    from db import meetings as mt

    clock = mt.meeting_clock(engine)
    past = mt.meetings_between(engine, clock - timedelta(days=400), clock)
    held = [m for m in past if m.meeting_id and m.status == "held" and m.requesting_unit_id]
    hz = next((m for m in held if "华中苑" in m.title), None)
    chosen = hz or (held[-1] if held else None)
    return chosen.meeting_id if chosen else None
