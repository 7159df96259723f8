"""Meetings on the map and in the duty console (issue 8): the "meetings" point layer fed from
db.meetings.meeting_markers, its tooltip and click (opens the meeting), its survival of a map
reload, and the upcoming-meetings tab (近期会议) next to the case detail."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from db import meetings as mt
from desktop.app import create_application
from desktop.map.style import MapStyle, Symbol
from gis.mapmodel import LayerId
from tests.console_helpers import open_window, wait_for


@pytest.fixture
def zh_app(qapp: QApplication) -> Iterator[QApplication]:
    yield create_application("zh_CN")


def _close(w) -> None:  # type: ignore[no-untyped-def]
    """Close the meetings window and the day view it opened (no stray top-level windows)."""
    for d in list(w._dialogs):
        d.close()
    w.close()


def test_the_meetings_layer_shows_the_upcoming_meetings(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    engine = win.source.engine
    expected = mt.meeting_markers(engine, days=14)
    assert expected, "the small demo town has meetings in the next two weeks"
    layer = win.model.layer(LayerId.MEETINGS)
    assert layer.visible and layer.title == "Meetings"
    assert MapStyle().points[LayerId.MEETINGS].symbol is Symbol.CALENDAR
    d = win.model.layer_data(LayerId.MEETINGS)
    assert len(d) == len(expected)
    assert [win.model.record(LayerId.MEETINGS, int(i)).key for i in d.ids] == [m.key for m in expected]
    # the layer panel lists it with its count, in Chinese
    rows = {
        win.layer_panel.tree.topLevelItem(k).text(0): win.layer_panel.tree.topLevelItem(k).text(1)
        for k in range(win.layer_panel.tree.topLevelItemCount())
    }
    assert rows.get("约请会议") == str(len(expected))
    # hit test on a marker returns the meeting; the tooltip names title, time and place
    first = expected[0]
    x, y = win.model.to_world(first.lon, first.lat)
    hit = win.model.hit_test(float(x), float(y), 5.0, layers=[LayerId.MEETINGS])
    assert hit is not None and hit[0] == LayerId.MEETINGS
    rec = win.model.record(*hit)
    assert (rec.lon, rec.lat) == (first.lon, first.lat)
    text = win.canvas.describe_feature(*hit)
    assert rec.title in text and f"{rec.starts_at:%H:%M}" in text and "时间" in text
    if rec.place_name:
        assert rec.place_name in text
    # a map reload keeps the markers
    win.refresh_data()
    assert len(win.model.layer_data(LayerId.MEETINGS)) == len(expected)
    # clicking a marker opens the meetings window on that meeting
    w = win.meeting_layer.open_marker(int(hit[1]))
    assert w is not None
    qtbot.addWidget(w)
    wait_for(qtbot, lambda: w.calendar.selected_key() == rec.key, timeout=8000)
    _close(w)


def test_the_console_lists_the_upcoming_meetings(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    dock = win.console.meetings.dock
    assert dock.windowTitle() == "近期会议"
    assert win.tabifiedDockWidgets(win.console.detail_dock) == [dock]
    widget = win.console.meetings.widget
    expected = mt.upcoming_meetings(win.source.engine, 7)
    assert expected
    wait_for(qtbot, lambda: widget.list.count() == len(expected), timeout=8000)
    assert [m.key for m in widget.meetings] == [m.key for m in expected]
    # activating a meeting opens it in the meetings window
    w = win.console.meetings.open_meeting(expected[0].key)
    assert w is not None
    qtbot.addWidget(w)
    wait_for(qtbot, lambda: w.calendar.selected_key() == expected[0].key, timeout=8000)
    _close(w)
    # live meeting changes refresh the list and the markers
    win.console.on_live_changes({"meeting": {1}})


def test_without_a_database_there_are_no_markers_and_the_tab_says_so(zh_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.main_window import MainWindow
    from tests.test_desktop_fakesource import FakeSource

    win = MainWindow(FakeSource())
    qtbot.addWidget(win)
    assert len(win.model.layer_data(LayerId.MEETINGS)) == 0
    assert not win.meeting_layer.available
    assert win.console.meetings.widget is None
