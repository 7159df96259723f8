"""The meeting screens with pytest-qt (offscreen): the week calendar (layout, selection,
keys, double-click on empty time), the scheduling dialog on the small demo town (live
check, next free slots, saving, errors that lose nothing), the meetings window and the
on-the-day view (check-in through the buttons), the upcoming list and the PDF notice."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from db import meetings as mt
from db.ops import Actor
from db.session import make_engine, resolve_url
from desktop.app import create_application
from desktop.meetings import texts
from desktop.meetings.calendar_view import WeekCalendar, _lanes
from desktop.worker import wait_idle

MONDAY = date(2026, 11, 23)


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[QApplication]:
    yield create_application("zh_CN")


def _summary(key: str, start: datetime, minutes: int, *, kind: str = "joint_onsite", status: str = "scheduled",
             conflicts: tuple[mt.ConflictWarning, ...] = (), title: str = "约请会") -> mt.MeetingSummary:
    return mt.MeetingSummary(
        key=key, meeting_id=int(key[1:]) if key.startswith("m") else None, series_id=None, occurrence_day=None,
        kind=kind, status=status, title=title, starts_at=start, ends_at=start + timedelta(minutes=minutes),
        place_name="华中苑", lon=121.2, lat=31.16, key_point_id=None, requesting_unit_id=1,
        requesting_unit="华中居委会", parties=("镇房屋管理办公室", "镇城管执法中队"),
        party_keys=(("department", 7), ("department", 2)), case_ids=(), version=1, conflicts=conflicts,
    )


def _week(*meetings: mt.MeetingSummary) -> mt.CalendarWeek:
    days = tuple(MONDAY + timedelta(days=i) for i in range(7))
    return mt.CalendarWeek(MONDAY, days, meetings, {MONDAY + timedelta(days=6): ("holiday", "测试假日")},
                           datetime(2026, 11, 25, 10, 15))


def _settle(qtbot: Any, ready: Any, timeout: int = 15000) -> None:
    def check() -> None:
        wait_idle(20)
        assert ready()

    qtbot.waitUntil(check, timeout=timeout)


# ---------------------------------------------------------------- the week calendar (no database)


def test_lanes_place_overlapping_meetings_side_by_side() -> None:
    a = _summary("m1", datetime(2026, 11, 23, 9, 0), 60)
    b = _summary("m2", datetime(2026, 11, 23, 9, 30), 60)
    c = _summary("m3", datetime(2026, 11, 23, 10, 0), 30)  # a has ended: back to lane 0
    d = _summary("m4", datetime(2026, 11, 23, 14, 0), 30)
    lanes = _lanes([a, b, c, d])
    assert lanes == {"m1": (0, 2), "m2": (1, 2), "m3": (0, 2), "m4": (0, 1)}


def test_calendar_draws_blocks_and_reacts(zh: QApplication, qtbot: Any) -> None:
    clash = mt.ConflictWarning("party_busy", "x", date(2026, 11, 24), party_name="镇城管执法中队",
                               other_title="另一会", other_key="m2",
                               other_start=datetime(2026, 11, 24, 9, 30), other_end=datetime(2026, 11, 24, 10, 30))
    m1 = _summary("m1", datetime(2026, 11, 24, 9, 0), 90, conflicts=(clash,))
    m2 = _summary("m2", datetime(2026, 11, 24, 9, 30), 60, kind="consultation")
    m3 = _summary("m3", datetime(2026, 11, 26, 14, 0), 60, status="cancelled")
    cal = WeekCalendar()
    qtbot.addWidget(cal)
    cal.resize(1200, 800)
    cal.show()
    cal.set_week(_week(m1, m2, m3))
    r1, r2, r3 = cal.block_rect("m1"), cal.block_rect("m2"), cal.block_rect("m3")
    assert r1 is not None and r2 is not None and r3 is not None
    assert r1.right() <= r2.left() + 1  # side by side
    assert r1.top() < r2.top() and abs(r1.height() - 1.5 * r2.height()) < 3  # 90 vs 60 minutes
    assert r3.left() > r1.right()  # Thursday is to the right of Tuesday
    assert cal.hours == (8, 18)
    # a click selects, Enter opens, arrows move through the week, Escape clears
    with qtbot.waitSignal(cal.selected) as sel:
        qtbot.mouseClick(cal, Qt.MouseButton.LeftButton, pos=r1.center().toPoint())
    assert sel.args == ["m1"] and cal.selected_key() == "m1"
    with qtbot.waitSignal(cal.activated) as act:
        qtbot.keyClick(cal, Qt.Key.Key_Return)
    assert act.args == ["m1"]
    qtbot.keyClick(cal, Qt.Key.Key_Right)
    assert cal.selected_key() == "m2"
    qtbot.keyClick(cal, Qt.Key.Key_Escape)
    assert cal.selected_key() == ""
    # double-click on empty time asks for a new meeting there (on the half hour)
    x = cal.x_of(date(2026, 11, 25)) + 20
    y = cal.y_of(time(15, 40))
    with qtbot.waitSignal(cal.slot_activated) as slot:
        qtbot.mouseDClick(cal, Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y)))
    assert slot.args == [datetime(2026, 11, 25, 15, 30)]
    # the tooltip names the clash in Chinese; the picture is not empty
    html = cal.tooltip_html(m1)
    assert "镇城管执法中队在" in html and "已有安排" in html
    image = cal.grab().toImage()
    assert image.pixelColor(int(r1.center().x()), int(r1.center().y())) != image.pixelColor(5, int(r1.center().y()))


def test_vocabulary_is_chinese(zh: QApplication) -> None:
    assert texts.kind_label("joint_onsite") == "约请现场办公"
    assert texts.kind_label("party_joint") == "党建联席会议"
    assert texts.kind_label("regular") == "工作例会"
    assert [texts.attendance_label(a) for a in ("present", "late", "deputy", "absent")] == ["到会", "迟到", "委派代表", "缺席"]
    w = mt.ConflictWarning("holiday", "", date(2026, 10, 1), holiday_name="国庆节")
    assert texts.warning_text(w) == "10月1日 周四是节假日（国庆节）。"
    assert texts.stars_text(4) == "★★★★☆"


# ---------------------------------------------------------------- on the small demo town


@pytest.fixture
def engine(small_demo_sqlite_url: str) -> Iterator[Any]:
    e = make_engine(resolve_url(small_demo_sqlite_url))
    yield e
    wait_idle(5000)
    e.dispose()


@pytest.fixture
def duty(engine: Any) -> Actor:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from db import models as m

    with Session(engine) as s:
        u = s.execute(select(m.User).where(m.User.username == "duty1")).scalar_one()
        return Actor(u.id, u.username, u.role, u.display_name, "qt-test")


def test_schedule_dialog_checks_live_and_saves(zh: QApplication, qtbot: Any, engine: Any, duty: Actor) -> None:
    from desktop.meetings.schedule_dialog import ScheduleDialog

    upcoming = mt.upcoming_meetings(engine, 14)
    busy = next(m for m in upcoming if m.meeting_id and m.case_ids)
    draft = mt.draft_from_case(engine, busy.case_ids[0])
    draft.starts_at = busy.starts_at  # the same parties, the same place, the same time
    dialog = ScheduleDialog(engine, duty, draft)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle(qtbot, lambda: dialog.is_ready() and dialog.report is not None)
    report = dialog.report
    assert report is not None and report.blocking
    assert {w.kind for w in report.warnings} >= {"party_busy", "place_busy"}
    assert dialog.warning_list.count() == len(report.warnings)
    assert dialog.save_button.text() == "仍然安排"
    assert dialog.slot_buttons[0].isVisible() and report.suggestions

    # take the first free slot: the check runs again and is clean
    first = report.suggestions[0]
    dialog.take_slot(0)
    assert dialog.starts_at() == first.starts_at
    _settle(qtbot, lambda: dialog.report is not None and dialog.report is not report and not dialog.report.blocking)
    assert dialog.save_button.text() == "安排"
    assert dialog.check_status.text().startswith("√")

    # a problem the user can fix: said in Chinese, nothing typed is lost
    title = dialog.title_edit.text()
    dialog.title_edit.setText("  ")
    dialog.save()
    assert dialog.isVisible() and dialog.error_label.text() == "请填写会议名称。"
    dialog.title_edit.setText(title)
    _settle(qtbot, lambda: dialog.report is not None and not dialog.report.blocking)

    with qtbot.waitSignal(dialog.saved, timeout=15000) as saved:
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (mid,) = saved.args[0].ids("meeting")
    detail = mt.meeting_detail(engine, mid)
    assert detail.summary.starts_at == first.starts_at and detail.origin_case_id == busy.case_ids[0]
    assert len(detail.notices) == len(detail.parties)


def test_schedule_dialog_reports_a_clash_found_at_save_time(zh: QApplication, qtbot: Any, engine: Any, duty: Actor) -> None:
    """Another workstation books the department between the check and the save: the save is
    refused, the dialog shows the fresh clash and keeps everything; saving again keeps it."""
    from desktop.meetings.schedule_dialog import ScheduleDialog

    day = mt.meeting_clock(engine).date() + timedelta(days=21)
    while day.weekday() != 2:
        day += timedelta(days=1)
    start = datetime.combine(day, time(10, 0))
    draft = mt.draft_from_grid(engine, 5)
    draft.starts_at = start
    draft.title = "网格约请会"
    draft.parties = [mt.PartyRef("department", 33)]
    dialog = ScheduleDialog(engine, duty, draft)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle(qtbot, lambda: dialog.is_ready() and dialog.report is not None)
    assert not dialog.report.blocking  # type: ignore[union-attr]
    other = mt.draft_from_grid(engine, 9)
    other.starts_at, other.title, other.parties = start, "另一会议", [mt.PartyRef("department", 33)]
    mt.perform(engine, duty, mt.create_meeting, other, acknowledge_conflicts=True)
    dialog._check_timer.stop()
    dialog.save()
    _settle(qtbot, lambda: dialog.error_label.isVisible())
    assert "冲突" in dialog.error_label.text() and dialog.isVisible()
    assert dialog.report is not None and any(w.other_title == "另一会议" for w in dialog.report.warnings)
    assert dialog.title_edit.text() == "网格约请会"
    with qtbot.waitSignal(dialog.saved, timeout=15000):
        dialog.save()


def test_meetings_window_and_the_day_view(zh: QApplication, qtbot: Any, engine: Any, duty: Actor, tmp_path: Path) -> None:
    from desktop.meetings.window import MeetingsWindow

    class Source:
        def __init__(self, engine: Any) -> None:
            self.engine = engine

    win = MeetingsWindow(Source(engine), actor=duty)
    qtbot.addWidget(win)
    win.show()
    _settle(qtbot, win.is_loaded)
    week = win.week
    assert week is not None and week.first_day.weekday() == 0
    assert any(m.conflicts for m in week.meetings)  # the demo's double booking today
    assert win.upcoming.list.count() > 0
    first = week.first_day
    win.next_week()
    _settle(qtbot, lambda: win.is_loaded() and win.week is not None and win.week.first_day == first + timedelta(days=7))
    assert any(m.series_id for m in win.week.meetings)  # type: ignore[union-attr]  # the weekly work meeting
    win.this_week()
    _settle(qtbot, lambda: win.is_loaded() and win.week is not None and win.week.first_day == first)

    # live: a meeting scheduled on another workstation shows up by itself (change log)
    other = mt.draft_from_grid(engine, 3)
    other.starts_at = datetime.combine(first + timedelta(days=4), time(16, 30))
    other.title, other.parties = "另一工作站安排的会议", [mt.PartyRef("department", 20)]
    mt.perform(engine, Actor(duty.user_id, duty.username, duty.role, "", "other-ws"), mt.create_meeting, other,
               acknowledge_conflicts=True)
    _settle(qtbot, lambda: any(m.title == "另一工作站安排的会议" for m in (win.week.meetings if win.week else ())))

    # today's joint meeting clashes: select it and see why on the card
    today = next(m for m in win.week.meetings if m.conflicts and m.meeting_id)  # type: ignore[union-attr]
    win.calendar.select(today.key)
    assert win.card_title.text() == today.title and "已有安排" in win.card_body.text()
    # this week's held joint meeting: open the day view (check-in opens on the day)
    held = next(m for m in win.week.meetings if m.status == "held" and m.kind == "joint_onsite")  # type: ignore[union-attr]
    win.calendar.select(held.key)
    dialog = win.open_meeting(held.key)
    assert dialog is not None
    qtbot.addWidget(dialog)
    _settle(qtbot, lambda: dialog.detail is not None and dialog.picks is not None)
    assert dialog.table.rowCount() == len(dialog.detail.parties)  # type: ignore[union-attr]

    # check a party in with its button; the database has it; the view reloads
    row = 1
    party = dialog.detail.parties[row]  # type: ignore[union-attr]
    cell = dialog.table.cellWidget(row, 2)
    buttons = [b for b in cell.findChildren(type(dialog.print_button)) if b.objectName() == "attendanceButton"]
    assert [b.text() for b in buttons] == ["到会", "迟到", "委派代表", "缺席"]
    buttons[1].click()
    _settle(qtbot, lambda: not dialog.busy() and dialog.detail is not None
            and dialog.detail.parties[row].attendance == "late")
    assert mt.meeting_detail(engine, held.meeting_id).parties[row].attendance == "late"  # type: ignore[arg-type]
    # a deputy without a name is refused in the view, nothing is sent
    buttons = [b for b in dialog.table.cellWidget(row, 2).findChildren(type(dialog.print_button))
               if b.objectName() == "attendanceButton"]
    buttons[2].click()
    assert "委派代表的姓名" in dialog.message.text()
    assert party.name in dialog.message.text()

    # the printable notice
    out = tmp_path / "notice.pdf"
    dialog.print_notice(out)
    _settle(qtbot, lambda: out.is_file() and out.stat().st_size > 1000)
    assert out.read_bytes()[:5] == b"%PDF-"
    win.close()


def test_upcoming_widget(zh: QApplication, qtbot: Any, engine: Any) -> None:
    from desktop.meetings.upcoming import UpcomingMeetingsWidget

    none = UpcomingMeetingsWidget(None)
    qtbot.addWidget(none)
    assert "不可用" in none.empty.text() and none.list.isHidden()
    w = UpcomingMeetingsWidget(engine, 7)
    qtbot.addWidget(w)
    _settle(qtbot, lambda: bool(w.meetings))
    assert w.list.count() == len(w.meetings)
    assert all(a.starts_at <= b.starts_at for a, b in zip(w.meetings, w.meetings[1:], strict=False))
    with qtbot.waitSignal(w.activated) as act:
        w._activated(w.list.item(0))
    assert act.args == [w.meetings[0].key]


def test_a_liaison_checks_in_but_does_not_schedule(zh: QApplication, qtbot: Any, engine: Any) -> None:
    from desktop.meetings.window import MeetingsWindow

    win = MeetingsWindow(engine, actor=Actor(None, "liaison1", "department_liaison"))
    qtbot.addWidget(win)
    _settle(qtbot, win.is_loaded)
    assert not win.act_new.isEnabled() and not win.act_remind.isEnabled()
    key = next(m.key for m in win.week.meetings if m.status == "scheduled")  # type: ignore[union-attr]
    win.calendar.select(key)
    assert win.card_open.isEnabled() and not win.card_edit.isEnabled() and not win.card_cancel.isEnabled()
