"""The console's queues over a real database (the small demo town): nine queues with live
counts from db/case_queries, filters, sorting, countdown colours, selection sync with the
map and the case detail; and the fallback over a source without a database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session

from db import case_queries as cq
from desktop.app import create_application
from desktop.case_queue import CASE_ID_ROLE, QUEUE_KEYS, CaseTableModel
from gis.mapmodel import LayerId
from tests.console_helpers import open_case, open_window, show_queue, wait_for, wait_queue


@pytest.fixture
def zh_app(qapp: QApplication) -> Iterator[QApplication]:
    yield create_application("zh_CN")


def _counts(engine, at):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return cq.queue_counts(s, at=at)


def test_pills_show_the_live_counts_of_the_nine_queues(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    panel = win.queue_panel
    expected = _counts(win.source.engine, win.model.now())
    assert set(QUEUE_KEYS) == {"all", *expected}
    for key, n in expected.items():
        assert panel.chips[key].count == n, key
    assert panel.chips["all"].count == sum(n for k, n in expected.items() if k != "overdue")
    assert panel.chips["all"].count == len(win.model.cases())  # the map shows the same open cases
    titles = {k: panel.chips[k].text_label.text() for k in QUEUE_KEYS}
    assert titles["reported"] == "待受理" and titles["overdue"] == "超期" and titles["long_term"] == "挂账"
    assert titles["escalated"] == "抄报区级" and titles["police"] == "警务类" and titles["returned"] == "退回"
    # a queue shows exactly its cases
    for key in ("reported", "dispatched", "overdue", "returned"):
        show_queue(qtbot, win, key)
        shown = panel.proxy.rowCount()
        assert shown == min(expected[key], 500), key
        rows = [panel.table_model.case_at(r) for r in range(panel.table_model.rowCount())]
        if key != "overdue":
            assert {r.state for r in rows} <= {key}
        else:
            assert all(r.deadline_at is not None and r.deadline_at < win.model.now() for r in rows)
        assert str(shown) in panel.title_label.text()


def test_countdowns_are_red_when_overdue_and_amber_in_the_last_quarter(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    panel = win.queue_panel
    show_queue(qtbot, win, "overdue")
    idx = panel.proxy.index(0, CaseTableModel.DEADLINE)
    assert idx.data().startswith("超期")
    assert idx.data(Qt.ItemDataRole.ForegroundRole).color() == QColor("#ff4d4f")
    # a case in the last quarter of its time shows amber
    show_queue(qtbot, win, "all")
    tm = panel.table_model
    now = win.model.now()
    warn = [
        r for r in range(tm.rowCount())
        if (c := tm.case_at(r)).deadline_at is not None and c.state != "long_term"
        and now < c.deadline_at and (c.deadline_at - now) <= (c.deadline_at - c.reported_at) / 4
    ]
    assert warn, "the demo has cases in the last quarter of their time"
    src = tm.index(warn[0], CaseTableModel.DEADLINE)
    assert src.data().startswith("剩余")
    assert src.data(Qt.ItemDataRole.ForegroundRole).color() == QColor("#f2a93b")


def test_filters_narrow_the_queue_and_its_counts(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    panel = win.queue_panel
    show_queue(qtbot, win, "dispatched")
    everything = panel.proxy.rowCount()
    # by source
    panel.source_combo.setCurrentIndex(panel.source_combo.findData("patrol"))
    wait_queue(qtbot, win)
    rows = [panel.table_model.case_at(r) for r in range(panel.table_model.rowCount())]
    assert rows and all(r.source == "patrol" for r in rows)
    assert 0 < panel.proxy.rowCount() < everything
    assert panel.chips["dispatched"].count == panel.proxy.rowCount()
    assert "1" in panel.filter_button.text()
    # plus a responsibility grid: its management grids' cases only
    grid = next(g for g in win.model.source_data.responsibility_grids)
    children = {g.id for g in win.model.source_data.management_grids if g.parent_id == grid.id}
    panel.grid_combo.setCurrentIndex(panel.grid_combo.findData(grid.id))
    wait_queue(qtbot, win)
    assert all(panel.table_model.case_at(r).grid_id in children for r in range(panel.table_model.rowCount()))
    # level and age
    panel.clear_filters()
    wait_queue(qtbot, win)
    assert panel.proxy.rowCount() == everything
    panel.level_combo.setCurrentIndex(panel.level_combo.findData(3))
    wait_queue(qtbot, win)
    assert all(panel.table_model.case_at(r).level == 3 for r in range(panel.table_model.rowCount()))
    panel.clear_filters()
    panel.age_combo.setCurrentIndex(panel.age_combo.findData("gt7d"))
    wait_queue(qtbot, win)
    now = win.model.now()
    ages = [(now - panel.table_model.case_at(r).reported_at).days for r in range(panel.table_model.rowCount())]
    assert ages and min(ages) >= 7
    # the number search
    panel.clear_filters()
    wait_queue(qtbot, win)
    number = panel.table_model.case_at(0).number
    panel.search_edit.setText(number[-7:])
    wait_for(qtbot, lambda: not panel._loading and panel.proxy.rowCount() == 1 and panel.table_model.case_at(0).number == number)


def test_sorting_by_a_column_asks_the_database_in_that_order(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    panel = win.queue_panel
    show_queue(qtbot, win, "dispatched")
    panel.table.sortByColumn(CaseTableModel.AGE, Qt.SortOrder.AscendingOrder)
    wait_queue(qtbot, win)
    reported = [panel.proxy.index(r, 0).data(CASE_ID_ROLE) for r in range(panel.proxy.rowCount())]
    times = [panel.table_model.get(i).reported_at for i in reported]
    assert times == sorted(times)
    panel.table.sortByColumn(CaseTableModel.GRID, Qt.SortOrder.AscendingOrder)
    wait_queue(qtbot, win)
    texts = [panel.proxy.index(r, CaseTableModel.GRID).data() for r in range(panel.proxy.rowCount())]
    assert texts == sorted(texts)


def test_row_selection_syncs_map_and_detail_both_ways(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    panel = win.queue_panel
    show_queue(qtbot, win, "dispatched")
    case_id = panel.proxy.index(2, 0).data(CASE_ID_ROLE)
    assert panel.select_case(case_id)
    assert win.model.selection == (LayerId.CASES, case_id)
    wait_for(qtbot, lambda: win.console.detail.detail is not None and win.console.detail.detail.id == case_id)
    detail = win.console.detail
    assert detail.number_label.text() == panel.table_model.get(case_id).number
    assert "派单" in " ".join(detail.allowed_actions()) or "escalate" in detail.allowed_actions()
    # a case on the map in another queue: its queue opens with the row selected
    other = next(c for c in win.model.cases() if c.state == "feedback")
    win.model.select(LayerId.CASES, other.id)
    wait_for(qtbot, lambda: panel.queue == "feedback" and panel.selected_case_id() == other.id)
    wait_for(qtbot, lambda: detail.detail is not None and detail.detail.id == other.id)
    assert panel.chips["feedback"].isChecked()


def test_the_detail_shows_timeline_location_and_masked_contact(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    case = next(c for c in win.model.cases() if c.state == "dispatched")
    d = open_case(qtbot, win, case.id)
    panel = win.console.detail
    texts = [w.text() for w in panel.body.findChildren(type(panel.number_label))]
    joined = "\n".join(texts)
    assert d.grid_name in joined and d.category_name in joined
    assert "办理过程" in joined  # the timeline heading
    kinds = {ev.kind for ev in d.timeline}
    assert {"report", "dispatch"} <= kinds
    assert any("工作站" in t for t in texts)  # who, at which workstation
    if d.has_contact:
        contact = next(w for w in panel.body.findChildren(type(panel.number_label)) if w.objectName() == "reporterContact")
        assert "*" in contact.text()  # masked


def test_without_a_database_the_console_says_it_is_not_available(zh_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.main_window import MainWindow
    from tests.test_desktop_fakesource import FakeSource

    win = MainWindow(FakeSource())
    qtbot.addWidget(win)
    win.show()
    assert not win.console.available
    assert "不可用" in win.console.detail.placeholder.text()
    assert win.queue_panel.proxy.rowCount() == 7  # the queue falls back to the map's cases
    win.queue_panel.set_queue("dispatched")
    assert win.queue_panel.proxy.rowCount() == 1
    win.console.trigger("dispatch")
    assert "不可用" in win.statusBar().currentMessage()


def test_pills_switch_queues_and_enter_opens_the_case(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    panel = win.queue_panel
    qtbot.mouseClick(panel.chips["returned"], Qt.MouseButton.LeftButton)
    wait_queue(qtbot, win)
    assert panel.queue == "returned" and panel.chips["returned"].isChecked()
    assert not panel.chips["all"].isChecked()
    assert panel.proxy.rowCount() == panel.chips["returned"].count > 0
    case_id = panel.proxy.index(0, 0).data(CASE_ID_ROLE)
    assert panel.select_case(case_id)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: any(w.panel.detail is not None and w.panel.detail.id == case_id for w in win.console.case_windows))
    window = win.console.case_windows[0]
    assert "退回" in window.windowTitle()
    # the queue's number search is one key away
    win.activateWindow()
    wait_for(qtbot, lambda: QApplication.activeWindow() is win)
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_for(qtbot, lambda: QApplication.focusWidget() is panel.search_edit)


def test_system_player_plays_the_bundled_chime_detached(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Without QtMultimedia the alert is audible through the desktop's WAV player."""
    from desktop.console import alert

    log = tmp_path / "played.txt"
    fake = tmp_path / "player"
    fake.write_text(f'#!/bin/sh\necho "$1" >> {log}\n')
    fake.chmod(0o755)
    player = alert.SystemPlayer(str(fake))
    player.play()
    for proc in player._running:
        proc.wait(timeout=10)
    assert log.read_text().strip() == str(alert.CHIME)
    assert alert.CHIME.is_file() and alert.CHIME.read_bytes()[:4] == b"RIFF"
    # offscreen (tests, screenshots) stays silent
    assert alert.SystemPlayer.find() is None
