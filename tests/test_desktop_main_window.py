"""The main window over a fake data source: queue, layers, selection sync, languages,
actions by role, status bar, screenshots."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from desktop import actions
from desktop.app import create_application
from desktop.case_queue import CASE_ID_ROLE, CaseTableModel
from desktop.main_window import MainWindow
from desktop.screenshot import VIEWS, save_screenshot
from gis.mapmodel import LayerId
from tests.test_desktop_fakesource import FakeSource, small_map_data


@pytest.fixture
def zh_app(qapp: QApplication) -> Iterator[QApplication]:
    yield create_application("zh_CN")


@pytest.fixture
def en_app(qapp: QApplication) -> Iterator[QApplication]:
    app = create_application("en")
    yield app
    create_application("zh_CN")  # back to the default for the next test


def _window(qtbot, role: str = "duty_officer", source: FakeSource | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(source or FakeSource(), role=role)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.canvas.flush()
    return win


def _distinct_colours(img: QImage, step: int = 3) -> int:
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    seen = set()
    for y in range(0, img.height(), step):
        for x in range(0, img.width(), step):
            seen.add(img.pixel(x, y))
    return len(seen)


# --------------------------------------------------------------------------- opening


def test_window_opens_in_chinese_by_default(zh_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    assert win.windowTitle() == "GridDesk 三网融合网格指挥台"
    assert win.queue_dock.windowTitle() == "案件队列"
    assert win.layer_dock.windowTitle() == "图层"
    menus = [a.text() for a in win.menuBar().actions()]
    assert menus[:2] == ["文件(&F)", "视图(&V)"] and menus[-1] == "帮助(&H)"  # feature menus between
    assert "会议(&M)" in menus
    assert win.role_label.text() == "值班员"
    assert "示范镇" in win.title_label.text()


def test_english_shows_the_source_strings(en_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    assert win.windowTitle() == "GridDesk Grid Command Centre"
    assert win.queue_dock.windowTitle() == "Case queue"
    tm = win.queue_panel.table_model
    states = {tm.index(r, CaseTableModel.STATE).data() for r in range(tm.rowCount())}
    assert "Being handled" in states
    assert "2 responsibility grids" in win.counts_label.text()


# --------------------------------------------------------------------------- the queue


def test_queue_lists_the_open_cases(zh_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    proxy = win.queue_panel.proxy
    assert proxy.rowCount() == 7  # the closed case is not queued
    numbers = [proxy.index(r, CaseTableModel.NUMBER).data() for r in range(7)]
    assert "ZX2025000007" not in numbers
    # most pressing first: the overdue case (9002) leads, the parked (挂账) one comes last
    order = [proxy.index(r, 0).data(CASE_ID_ROLE) for r in range(7)]
    assert order[0] == 9002 and order[-1] == 9007
    row = {case_id: r for r, case_id in enumerate(order)}
    overdue = proxy.index(row[9002], CaseTableModel.DEADLINE)
    assert overdue.data().startswith("超期")
    assert overdue.data(Qt.ItemDataRole.ForegroundRole).color() == QColor("#ff4d4f")
    assert proxy.index(row[9002], CaseTableModel.STATE).data() == "处置中"
    assert proxy.index(row[9002], CaseTableModel.SOURCE).data() == "热线"
    warn = proxy.index(row[9004], CaseTableModel.DEADLINE)  # 1 h of 13 h left: last quarter
    assert warn.data().startswith("剩余")
    assert warn.data(Qt.ItemDataRole.ForegroundRole).color() == QColor("#f2a93b")
    calm = proxy.index(row[9000], CaseTableModel.DEADLINE)
    assert calm.data(Qt.ItemDataRole.ForegroundRole).color() not in (
        QColor("#ff4d4f"),
        QColor("#f2a93b"),
    )
    assert proxy.index(row[9001], CaseTableModel.URGENT).data() == "急"
    assert proxy.index(row[9000], CaseTableModel.URGENT).data() == ""
    parked = proxy.index(row[9007], CaseTableModel.DEADLINE)
    assert parked.data().startswith("超期")  # the deadline shows, but raises no alarm
    assert parked.data(Qt.ItemDataRole.ForegroundRole).color() != QColor("#ff4d4f")
    assert proxy.index(row[9007], CaseTableModel.STATE).data() == "挂账"
    assert proxy.index(row[9000], CaseTableModel.GRID).data() == "和园1组"  # the grid's name
    counts = win.queue_panel.table_model.counts()
    assert counts["total"] == 7 and counts["overdue"] == 1 and counts["urgent"] == 1
    assert counts["dispatched"] == 1 and counts["escalated"] == 1
    chip = win.queue_panel.chips["overdue"]
    assert chip.count_label.text() == "1" and chip.text_label.text() == "超期"
    assert win.queue_panel.chips["to_dispatch"].text_label.text() == "待派遣"


# --------------------------------------------------------------------------- layers


def test_layer_toggle_hides_a_layer(zh_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    shop_colour = QColor(win.canvas.renderer.style.points[LayerId.SHOPS].fill).rgb()

    def shop_pixels() -> int:
        img = win.canvas.render_to_image().convertToFormat(QImage.Format.Format_RGB32)
        return sum(
            1
            for y in range(img.height())
            for x in range(0, img.width(), 2)
            if img.pixel(x, y) == shop_colour
        )

    assert shop_pixels() > 0
    panel = win.layer_panel
    assert panel.items[LayerId.SHOPS].text(0) == "商铺"
    panel.set_checked(LayerId.SHOPS, False)
    assert win.model.layer(LayerId.SHOPS).visible is False
    assert win.actions_by_id["view.layer.shops"].isChecked() is False
    assert shop_pixels() == 0
    # the View menu toggles the same model state, and the panel follows
    win.actions_by_id["view.layer.shops"].trigger()
    assert win.model.layer(LayerId.SHOPS).visible is True
    assert panel.is_checked(LayerId.SHOPS)
    # cameras start hidden
    assert not panel.is_checked(LayerId.CAMERAS)
    assert not win.actions_by_id["view.layer.cameras"].isChecked()


# --------------------------------------------------------------------------- selection


def test_queue_row_selects_and_zooms_the_case_on_the_map(zh_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    mpp_before = win.model.view.mpp
    assert win.queue_panel.select_case(9003)
    assert win.model.selection == (LayerId.CASES, 9003)
    b = win.model.feature_bounds(LayerId.CASES, 9003)
    assert (win.model.view.cx, win.model.view.cy) == pytest.approx((b[0], b[1]))
    assert win.model.view.mpp <= min(mpp_before, 2.5)


def test_clicking_a_case_on_the_map_selects_its_row(zh_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    win.model.zoom_to_full_extent()
    win.canvas.flush()
    pos = win.canvas.screen_pos_of(LayerId.CASES, 9005)
    qtbot.mouseClick(
        win.canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(pos.x()), round(pos.y()))
    )
    assert win.model.selection == (LayerId.CASES, 9005)
    assert win.queue_panel.selected_case_id() == 9005
    # clicking a grid (no case there) selects the grid and clears the queue selection
    gx, gy = win.model.feature_bounds(LayerId.MANAGEMENT, 103)[:2]
    sx, sy = win.model.view.world_to_screen(gx + 30, gy + 30)
    qtbot.mouseClick(win.canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(sx), round(sy)))
    assert win.model.selection == (LayerId.MANAGEMENT, 103)
    assert win.queue_panel.selected_case_id() is None


# --------------------------------------------------------------------------- actions by role


def test_menus_come_from_the_registry_filtered_by_role(zh_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    ids = set(win.actions_by_id)
    assert {
        "file.screenshot",
        "file.export_map",
        "file.quit",
        "view.full_extent",
        "help.about",
    } <= ids
    assert win.actions_by_id["view.full_extent"].shortcut().toString() == "Home"
    assert win.actions_by_id["file.quit"].shortcut().toString() == "Ctrl+Q"
    keys = [k.toString() for k in win.actions_by_id["view.zoom_in"].shortcuts()]
    assert "+" in keys
    assert win.actions_by_id["view.zoom_in"].iconText() == "放大"
    restricted = (
        *actions.ACTIONS,
        actions.ActionSpec(
            "view.supervisors_only", "view", "Zoom &in", "zoom_in", roles=frozenset({"supervisor"})
        ),
    )
    assert "view.supervisors_only" not in {
        s.id for s in actions.actions_for_role("duty_officer", restricted)
    }
    assert "view.supervisors_only" in {
        s.id for s in actions.actions_for_role("supervisor", restricted)
    }
    built = actions.build_actions(win, "duty_officer", restricted)
    assert "view.supervisors_only" not in built
    assert "view.supervisors_only" in actions.build_actions(win, "supervisor", restricted)


def test_every_role_gets_a_window_and_unknown_roles_are_refused(zh_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    for role in ("supervisor", "map_editor", "department_liaison", "admin"):
        win = _window(qtbot, role=role)
        assert win.role == role and win.menuBar().actions()
    with pytest.raises(ValueError, match="unknown role"):
        MainWindow(FakeSource(), role="janitor")


def test_zoom_actions_and_refresh(zh_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    source = FakeSource()
    win = _window(qtbot, source=source)
    mpp = win.model.view.mpp
    win.actions_by_id["view.zoom_in"].trigger()
    assert win.model.view.mpp == pytest.approx(mpp / 1.5)
    win.actions_by_id["view.zoom_out"].trigger()
    win.actions_by_id["view.zoom_out"].trigger()
    assert win.model.view.mpp == pytest.approx(mpp * 1.5)
    win.actions_by_id["view.full_extent"].trigger()
    assert win.model.view.mpp == pytest.approx(mpp)
    loads = source.loads
    win.actions_by_id["view.refresh"].trigger()
    assert source.loads == loads + 1
    assert win.queue_panel.proxy.rowCount() == 7


# --------------------------------------------------------------------------- status bar & about


def test_status_bar(zh_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, source=FakeSource(description="SQLite · /tmp/griddesk.db"))
    assert win.source_label.text() == "SQLite · /tmp/griddesk.db"
    assert win.counts_label.text() == "2 责任网格 · 12 管理网格 · 10 重点点位"
    assert win.clock_label.text().startswith("2025-06-30")
    x, y = win.model.view.cx, win.model.view.cy
    win.canvas.cursor_moved.emit(x, y)
    text = win.cursor_label.text()
    assert "东经 121.2" in text and "北纬 31.1" in text and f"X {y:.1f} 米" in text


def test_about_names_the_synthetic_data_and_the_font_licence(zh_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    text = win.about_text()
    assert "虚构" in text and "OFL" in text and "SIL" in text and "Fake" in text


def test_exports(zh_app, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    shot = win.save_window_screenshot(tmp_path / "window.png")
    exported = win.export_map_png(tmp_path / "map.png")
    assert shot is not None and exported is not None
    w_img, m_img = QImage(str(shot)), QImage(str(exported))
    assert (w_img.width(), w_img.height()) == (1400, 900)
    assert m_img.width() == 2 * win.canvas.width()  # exported at twice the resolution


# --------------------------------------------------------------------------- screenshots


def test_save_screenshot_writes_a_rich_png(zh_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = save_screenshot(FakeSource(small_map_data()), tmp_path / "main.png", size=(1280, 800))
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1280, 800)
    assert _distinct_colours(img) > 300  # not blank: map, palette fills, text


@pytest.mark.parametrize("view", ["map", "queue"])
def test_save_screenshot_named_views(zh_app, tmp_path: Path, view: str) -> None:  # type: ignore[no-untyped-def]
    out = save_screenshot(FakeSource(), tmp_path / f"{view}.png", size=(700, 500), view=view)
    img = QImage(str(out))
    assert (img.width(), img.height()) == (700, 500)
    assert _distinct_colours(img) > 50


def test_save_screenshot_rejects_unknown_views(zh_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="main, map, queue"):
        save_screenshot(FakeSource(), tmp_path / "x.png", view="dashboard")
    assert VIEWS[:3] == ("main", "map", "queue")  # feature areas append their own views
    assert not (tmp_path / "x.png").exists()
