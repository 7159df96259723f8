"""Live updates in the window (desktop/live.py with the console): a change committed on
another workstation reaches the queue, the map and the open case detail; a dialog with
unsaved input keeps it and says who changed the case; a new urgent case raises the alert;
the offline banner comes and goes with the database, keeping the user's input. One test
runs against a real PostgreSQL through LISTEN/NOTIFY."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db import cases as ops
from db import models as m
from db.auth import demo_actor
from db.health import HealthMonitor
from db.ops import Actor
from db.session import make_engine, resolve_url
from desktop.app import create_application
from desktop.console.dialogs import RegisterDialog
from gis.mapmodel import LayerId
from tests.console_helpers import (
    case_state,
    first_case,
    open_case,
    open_window,
    show_queue,
    wait_for,
)


@pytest.fixture
def zh_app(qapp: QApplication) -> Iterator[QApplication]:
    yield create_application("zh_CN")


def _other_workstation(engine) -> Actor:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        duty2 = s.execute(select(m.User).where(m.User.username == "duty2")).scalar_one()
        return Actor(duty2.id, duty2.username, duty2.role, duty2.display_name, "WS-B")


def test_a_change_on_another_workstation_reaches_queue_map_and_detail(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    other = make_engine(resolve_url(small_demo_sqlite_url))
    show_queue(qtbot, win, "reported")
    panel = win.queue_panel
    case_id = first_case(other, "reported", police=False)
    open_case(qtbot, win, case_id)
    reported = panel.chips["reported"].count
    ops.perform(other, _other_workstation(other), ops.register_case, case_id, case_state(other, case_id)[1])
    wait_for(qtbot, lambda: panel.chips["reported"].count == reported - 1, timeout=3000)
    assert panel._proxy_index_of(case_id) is None  # left the 待受理 queue
    wait_for(qtbot, lambda: win.model.record(LayerId.CASES, case_id).state == "to_dispatch", timeout=3000)
    detail = win.console.detail
    wait_for(qtbot, lambda: detail.detail is not None and detail.detail.state == "to_dispatch", timeout=3000)
    last = detail.detail.timeline[-1]
    assert (last.actor_name, last.workstation) == ("值班员 李静", "WS-B")
    assert win.console.live_updates.delivered >= 1


def test_an_open_dialog_keeps_its_input_and_says_who_changed_the_case(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    other = make_engine(resolve_url(small_demo_sqlite_url))
    case_id = first_case(other, "reported", police=False)
    open_case(qtbot, win, case_id)
    win.console.trigger("register")
    wait_for(qtbot, lambda: isinstance(win.console.dialog, RegisterDialog))
    dialog = win.console.dialog
    dialog.note.insertPlainText("正在核实，稍后立案")
    assert dialog.has_input()
    cats = [c for c in win.source.categories() if c.id != dialog.case.category_id and not c.police]
    ops.perform(other, _other_workstation(other), ops.set_category, case_id, case_state(other, case_id)[1], cats[0].id)
    wait_for(qtbot, lambda: not dialog.warning_box.isHidden(), timeout=3000)
    warning = dialog.warning_label.text()
    assert "值班员 李静" in warning and "WS-B" in warning and "保留" in warning
    assert dialog.note.toPlainText() == "正在核实，稍后立案"
    assert dialog.expected_version == case_state(other, case_id)[1]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # acts on the fresh case
    wait_for(qtbot, lambda: case_state(other, case_id)[0] == "to_dispatch")


def test_a_new_urgent_case_raises_the_alert(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    other = make_engine(resolve_url(small_demo_sqlite_url))
    alert = win.console.alert
    assert not alert.audible  # PySide6-Essentials has no QtMultimedia: the visual fallback
    with Session(other) as s:
        urgent = s.execute(select(m.Category).where(m.Category.urgent.is_(True), m.Category.police.is_(False))).scalars().first()
        kp = s.execute(select(m.KeyPoint).order_by(m.KeyPoint.id)).scalars().first()
        assert urgent is not None and kp is not None
        cat_id, kp_id = urgent.id, kp.id
    new = ops.report(other, _other_workstation(other), source="camera", category_id=cat_id, key_point_id=kp_id, description="燃气泄漏告警")
    wait_for(qtbot, lambda: alert.count == 1, timeout=3000)
    assert alert.last_rows[0].id == new.case_id
    banners = win.console.banners
    assert banners.alert_shown and new.number in banners.alert.headline.text()
    assert alert.flashing and any(win.queue_panel.chips[k].flashing for k in ("reported", "all"))
    assert win.windowTitle().startswith("【紧急】") or win.title_label.styleSheet()
    # a change to a known case does not alert again
    ops.perform(other, _other_workstation(other), ops.register_case, new.case_id, 1)
    wait_for(qtbot, lambda: win.model.record(LayerId.CASES, new.case_id).state == "to_dispatch", timeout=3000)
    assert alert.count == 1
    # "open case" from the bar shows it and stops the flash
    qtbot.mouseClick(banners.alert.open_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: win.console.detail.detail is not None and win.console.detail.detail.id == new.case_id)
    assert not alert.flashing and not banners.alert_shown


def test_offline_banner_keeps_input_and_goes_away_after_catching_up(zh_app, qtbot, small_demo_sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    console = win.console
    good = win.source.engine
    dead = make_engine(resolve_url(f"sqlite:///{tmp_path / 'gone' / 'nowhere.db'}"), create_dir=False)
    case_id = first_case(good, "reported", police=False)
    open_case(qtbot, win, case_id)
    monitor = HealthMonitor(dead)
    live = console.start_live(None, monitor=monitor, heartbeat=0.2, settle=0.2)
    # the user is typing when the connection goes
    console.trigger("reject")
    wait_for(qtbot, lambda: console.dialog is not None and console.dialog.isVisible())
    dialog = console.dialog
    dialog.reason.insertPlainText("现场无此情况")
    wait_for(qtbot, lambda: console.banners.offline_shown, timeout=5000)
    banner = console.banners.offline
    assert "数据库连接中断" in banner.headline.text() and "保留" in banner.detail.text()
    assert not live.online
    # saving fails while offline: nothing is lost
    console.ctx.engine = dead
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: dialog.error is not None)
    assert "无法连接数据库" in dialog.error_label.text()
    assert dialog.isVisible() and dialog.reason.toPlainText() == "现场无此情况"
    assert case_state(good, case_id)[0] == "reported"
    # a change made elsewhere meanwhile is caught up after the reconnect
    other = make_engine(resolve_url(small_demo_sqlite_url))
    second = first_case(other, "to_dispatch", police=False)
    ops.perform(other, _other_workstation(other), ops.put_on_long_term, second, case_state(other, second)[1], "待区级规划")
    # the database is back
    console.ctx.engine = good
    monitor.engine = good
    wait_for(qtbot, lambda: not console.banners.offline_shown, timeout=8000)
    assert live.online
    wait_for(qtbot, lambda: win.model.record(LayerId.CASES, second).state == "long_term", timeout=3000)
    # and the kept input can now be saved
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: case_state(good, case_id)[0] == "rejected")


@pytest.mark.postgres
def test_postgres_change_reaches_the_queue_within_a_second(zh_app, qtbot, small_demo_pg_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_pg_url)
    live = win.console.live_updates
    wait_for(qtbot, lambda: live.feed.fileno() is not None, timeout=8000)  # LISTEN is up
    assert live._notifier is not None  # watched by a socket notifier
    other = make_engine(resolve_url(small_demo_pg_url))
    show_queue(qtbot, win, "reported")
    panel = win.queue_panel
    case_id = first_case(other, "reported", police=False)
    assert panel._proxy_index_of(case_id) is not None
    actor = _other_workstation(other)
    ops.perform(other, actor, ops.register_case, case_id, case_state(other, case_id)[1])
    # delivered by the feed, not by a reload (latency is measured by `bench live`, not here)
    qtbot.waitUntil(lambda: panel._proxy_index_of(case_id) is None, timeout=5000)
    wait_for(qtbot, lambda: win.model.record(LayerId.CASES, case_id).state == "to_dispatch", timeout=5000)
    # the LISTEN connection is killed; a change committed meanwhile is caught up
    pid = live.feed.backend_pid
    with other.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        conn.commit()
    second = first_case(other, "to_dispatch", police=False)
    ops.perform(other, actor, ops.put_on_long_term, second, case_state(other, second)[1], "待区级规划")
    wait_for(qtbot, lambda: win.model.record(LayerId.CASES, second).state == "long_term", timeout=8000)
    wait_for(qtbot, lambda: live.feed.backend_pid not in (None, pid), timeout=8000)
    assert live.online
    other.dispose()


def test_demo_actor_is_the_roles_demo_account(small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(resolve_url(small_demo_sqlite_url))
    actor = demo_actor(engine, "duty_officer", "WS-T")
    assert (actor.username, actor.role, actor.workstation) == ("duty1", "duty_officer", "WS-T")
    liaison = demo_actor(engine, "department_liaison")
    assert liaison.department_id is not None
    nobody = demo_actor(engine, "no_such_role")
    assert nobody.user_id is None
