"""The supervisor's workspace with pytest-qt, offscreen, on a copy of the small demo town:
the patrol matrix and map, the agenda and the inspection history, the ranking and its
exports (xlsx read back, PDF), the dashboard's charts (hover values, a click filters the
case list), the forms' error handling, the menu actions by role."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel

from db import stats
from db import supervision as sv
from db.datasource import DatabaseSource
from db.session import make_engine, resolve_url
from desktop.app import create_application
from desktop.supervision.dashboard import StatisticsPanel
from desktop.supervision.patrols import PatrolDialog
from desktop.supervision.window import SupervisionWindow
from desktop.worker import busy
from tests.test_desktop_fakesource import FakeSource


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[QApplication]:
    yield create_application("zh_CN")


@pytest.fixture
def source(small_demo_sqlite_url: str) -> DatabaseSource:
    return DatabaseSource(make_engine(resolve_url(small_demo_sqlite_url)))


def assert_pdf(path: Path) -> None:
    """A PDF with at least one page whose text is set in the embedded bundled CJK font."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5000
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 1
    assert b"/FontFile" in data and b"NotoSansCJKsc" in data


def _settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not busy(), timeout=30000)
    QApplication.processEvents()


def _window(qtbot, source: DatabaseSource, tab: str) -> SupervisionWindow:  # type: ignore[no-untyped-def]
    win = SupervisionWindow(source, "supervisor", tab=tab)
    qtbot.addWidget(win)
    win.resize(1500, 950)
    win.show()
    _settle(qtbot)
    return win


# ---------------------------------------------------------------- patrols


def test_patrol_matrix_map_and_list(zh, qtbot, source: DatabaseSource) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, source, "patrols")
    panel = win.panels["patrols"]
    pc = panel.completion
    assert pc is not None and len(pc.grids) == 29 and len(pc.days) == 14
    m = panel.matrix
    assert (m.rowCount(), m.columnCount()) == (29, 15)
    assert m.horizontalHeaderItem(14).text() == "漏巡"
    assert "漏巡" in panel.summary.text() and "近 14 天" in panel.summary.text()
    # a missed cell is red or amber, a complete one is not
    missed = [(r, c) for r in range(29) for c in range(14) if pc.missed(pc.grids[r].id, pc.days[c])]
    assert missed, "the demo misses about 3% of patrols"
    r, c = missed[0]
    assert m.item(r, c).background().color().name() in ("#8a5a12", "#b3262a")
    assert m.item(r, 14).text() == str(pc.missed_total(pc.grids[r].id))
    # clicking the cell selects that grid and day: the map colours the day, the list shows the patrols
    m.setCurrentCell(r, c)
    _settle(qtbot)
    grid, day = pc.grids[r].id, pc.days[c]
    assert panel.selected == (grid, day)
    assert panel.map.colours[str(grid)] != "#1f4a31"  # missed: stands out
    assert "漏巡" in panel.map_title.text()
    expected = sv.read(source.engine, sv.patrols_of, day, day + timedelta(days=1), grid)
    assert len(panel.patrols) == len(expected)
    # the map names a grid on hover and selects it on click
    key = next(iter(panel.map.colours))
    pt = panel.map.point_of(key)
    assert panel.map.key_at(pt) == key
    with qtbot.waitSignal(panel.map.shape_clicked, timeout=3000) as sig:
        qtbot.mouseClick(panel.map, Qt.MouseButton.LeftButton, pos=pt.toPoint())
    assert sig.args == [key]


def test_patrol_form_keeps_the_entries_on_bad_input_and_saves(zh, qtbot, source: DatabaseSource) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, source, "patrols")
    panel = win.panels["patrols"]
    pc = panel.completion
    grid = pc.grids[0]
    day = date(2026, 11, 27)
    dlg = PatrolDialog(source.engine, win.actor, pc.grids, grid.id, day, win)
    qtbot.addWidget(dlg)
    dlg.show()
    _settle(qtbot)
    assert dlg.leader.count() > 0 and "组长" in dlg.leader.currentText()
    dlg.start.setTime(dlg.start.time().fromString("07:00", "HH:mm"))
    dlg.end.setTime(dlg.end.time().fromString("06:00", "HH:mm"))
    dlg.add_finding("门口堆物", "case")
    dlg.notes.setPlainText("雨后巡查")
    dlg.save()
    _settle(qtbot)
    assert dlg.isVisible() and not dlg.error.isHidden()
    assert "请检查填写内容" in dlg.error.text() and "end after it starts" in dlg.error.text()
    assert dlg.notes.toPlainText() == "雨后巡查" and dlg.findings.rowCount() == 1  # nothing lost
    dlg.end.setTime(dlg.end.time().fromString("08:30", "HH:mm"))
    dlg.save()
    _settle(qtbot)
    assert "checklist category" in dlg.error.text()  # a case needs a category
    combo = dlg.findings.cellWidget(0, 2)
    combo.setCurrentIndex(1)
    with qtbot.waitSignal(dlg.saved, timeout=10000):
        dlg.save()
    _settle(qtbot)
    rows = sv.read(source.engine, sv.patrols_of, day, day + timedelta(days=1), grid.id)
    assert any(r.started_at.hour == 7 and r.findings and r.findings[0].case_id for r in rows)


# ---------------------------------------------------------------- inspections


def test_agenda_history_and_report_pdf(zh, qtbot, source: DatabaseSource, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, source, "inspections")
    panel = win.panels["inspections"]
    assert panel.agenda is not None
    assert len(panel.checked_items()) == len(panel.agenda.items) > 5
    assert "2026-12-03 周四" in panel.next_label.text()
    groups = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert any(g.startswith("超期案件") for g in groups)
    panel.tree.topLevelItem(0).child(0).setCheckState(0, Qt.CheckState.Unchecked)
    assert len(panel.checked_items()) == len(panel.agenda.items) - 1
    assert panel.table.rowCount() == len(panel.history) >= 12
    assert panel.detail is not None and panel.detail.id == panel.history[0].id
    assert "督查" in panel.browser.toPlainText()
    out = panel.export_pdf(tmp_path / "inspection.pdf")
    assert out is not None
    assert_pdf(out)


# ---------------------------------------------------------------- assessment


def test_ranking_table_and_exports(zh, qtbot, source: DatabaseSource, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, source, "assessment")
    panel = win.panels["assessment"]
    a = panel.result
    assert a is not None and a.cycle == stats.Cycle(2026, 5)
    assert panel.table.rowCount() == len(a.rows) == 37
    assert panel.table.horizontalHeaderItem(5).text() == "按期结案率"
    first = a.rows[0]
    assert panel.table.item(0, 0).text() == "1"
    assert panel.table.item(0, 10).text() == f"{first.total:,.2f}"
    trend = panel.table.item(0, 1).text()
    assert trend[0] in "↑↓→—"
    assert "村居评分 50%" in panel.weights_label.text()
    assert [i.value for i in panel.chart.items] == [round(r.total or 0, 1) for r in a.rows if r.total is not None][:18]

    xlsx = panel.export_xlsx(tmp_path / "assessment.xlsx")
    assert xlsx is not None
    wb = load_workbook(xlsx)
    ws = wb["考核排名"]
    assert "职能部门考核" in ws["A1"].value
    headers = [c.value for c in ws[4]]
    assert headers[:4] == ["排名", "趋势", "职能部门", "案件数"] and headers[-1] == "上期排名"
    body = list(ws.iter_rows(min_row=5, values_only=True))
    assert len(body) == 37
    assert body[0][0] == 1 and body[0][2] == first.figures.name and body[0][10] == first.total
    assert ws.cell(row=5, column=5).number_format == "0.0%"
    weights = {r[0]: r[1] for r in wb["权重"].iter_rows(min_row=2, max_row=7, values_only=True)}
    assert weights["村居评分"] == 0.5 and abs(sum(weights.values()) - 1) < 1e-9
    assert zipfile.is_zipfile(xlsx)

    pdf = panel.export_pdf(tmp_path / "assessment.pdf")
    assert pdf is not None
    assert_pdf(pdf)

    # another cycle: the year-end
    panel.set_cycle(stats.Cycle(2025, 0))
    _settle(qtbot)
    assert panel.result is not None and panel.result.cycle == stats.Cycle(2025, 0)


# ---------------------------------------------------------------- the dashboard


def test_dashboard_figures_hover_and_click_filter(zh, qtbot, source: DatabaseSource) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, source, "statistics")
    panel: StatisticsPanel = win.panels["statistics"]  # type: ignore[assignment]
    d = panel.data
    expected = stats.load_dashboard(source.engine)
    assert d is not None and d.total == expected.total and d.per_month == expected.per_month
    assert panel.kpi_year.value.text() == f"{expected.total:,}"
    assert panel.kpi_open.value.text() == f"{expected.open_cases:,}"
    assert [i.key for i in panel.sources.items] == [c.key for c in expected.by_source]
    assert [i.value for i in panel.sources.items] == [c.n for c in expected.by_source]
    assert panel.case_list is not None and panel.case_list.total == expected.total
    assert panel.filter_chip.text() == "今年全部案件"

    # hover: the bar lights up and shows its value
    text = panel.sources.hover_index(0)
    assert f"{expected.by_source[0].n:,}" in text
    # a real mouse click on the second source bar filters the case list
    chart = panel.sources
    key = chart.items[1].key
    pos = chart.view_point_of(1).toPoint()
    assert chart.index_at(chart.plot.mapToScene(pos)) == 1
    with qtbot.waitSignal(panel.list_loaded, timeout=10000):
        qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert panel.current is not None and panel.current.filters.source == key
    assert panel.case_list.total == chart.items[1].value
    assert panel.case_list.rows and all(r.source == key for r in panel.case_list.rows)
    assert panel.filter_chip.text().startswith("来源：")

    # a category bar (horizontal), a month, a day, a grid on the choropleth
    cat = panel.categories.items[0]
    with qtbot.waitSignal(panel.list_loaded, timeout=10000):
        panel.categories.click_index(0)
    assert panel.case_list.total == cat.value
    with qtbot.waitSignal(panel.list_loaded, timeout=10000):
        panel.monthly.month_clicked.emit(11)
    assert panel.case_list.total == expected.per_month[10]
    day = max(expected.per_day)
    with qtbot.waitSignal(panel.list_loaded, timeout=10000):
        panel.daily.day_clicked.emit(day)
    assert panel.case_list.total == expected.per_day[day]
    assert f"{expected.per_day[day]} 件" in panel.daily.hover_day(day)
    key = max(panel.grid_map.values, key=lambda k: panel.grid_map.values[k])
    with qtbot.waitSignal(panel.list_loaded, timeout=10000):
        qtbot.mouseClick(panel.grid_map, Qt.MouseButton.LeftButton, pos=panel.grid_map.point_of(key).toPoint())
    assert panel.case_list.total == panel.grid_map.values[key]
    assert panel.grid_map.tooltip(key).endswith("件")
    with qtbot.waitSignal(panel.list_loaded, timeout=10000):
        panel.clear_button.click()
    assert panel.case_list.total == expected.total


def test_dashboard_renders_something(zh, qtbot, source: DatabaseSource) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, source, "statistics")
    img: QImage = win.grab().toImage()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colours) > 200


# ---------------------------------------------------------------- without a database, in the main window


def test_a_source_without_a_database_says_so(zh, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = SupervisionWindow(FakeSource(), "supervisor")
    qtbot.addWidget(win)
    label = win.findChild(QLabel, "supNotAvailable")
    assert label is not None and "需要 GridDesk 数据库" in label.text()
    assert win.tabs is None


def test_menu_actions_by_role_open_the_workspace(zh, qtbot, source: DatabaseSource) -> None:  # type: ignore[no-untyped-def]
    from desktop.main_window import MainWindow

    main = MainWindow(source, role="supervisor")
    qtbot.addWidget(main)
    ids = set(main.actions_by_id)
    assert {"supervision.patrols", "supervision.inspections", "supervision.assessment", "supervision.statistics"} <= ids
    assert main.actions_by_id["supervision.statistics"].shortcut().toString() == "Ctrl+Shift+D"
    assert main.menus["supervision"].title() == "督查考核(&U)"
    main.actions_by_id["supervision.assessment"].trigger()
    win = main._supervision_window
    qtbot.addWidget(win)
    _settle(qtbot)
    assert win.isVisible() and win.tabs.currentIndex() == 2
    main.actions_by_id["supervision.statistics"].trigger()
    _settle(qtbot)
    assert main._supervision_window is win and win.tabs.currentIndex() == 3
    duty = MainWindow(source, role="duty_officer")
    qtbot.addWidget(duty)
    assert "supervision.statistics" in duty.actions_by_id
    assert "supervision.patrols" not in duty.actions_by_id
    win.close()


def test_english(qapp, qtbot, source: DatabaseSource) -> None:  # type: ignore[no-untyped-def]
    create_application("en")
    try:
        win = _window(qtbot, source, "statistics")
        assert win.tabs.tabText(3) == "Statistics"
        assert win.panels["statistics"].filter_chip.text() == "All cases this year"
    finally:
        create_application("zh_CN")


def test_screenshot_views(zh, source: DatabaseSource, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.screenshot import save_screenshot

    out = save_screenshot(source, tmp_path / "sup.png", size=(1200, 800), view="supervision_assessment")
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1200, 800)
    colours = {img.pixel(QPoint(x, y)) for x in range(0, 1200, 9) for y in range(0, 800, 9)}
    assert len(colours) > 100
