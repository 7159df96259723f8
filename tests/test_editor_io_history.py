"""The map editor's import/export dialogs and boundary history (desktop/editor/io_dialogs.py,
desktop/editor/history.py) with pytest-qt, offscreen, on copies of the small demo town:
exports read back with gis.io, a bad file's dry run reported and nothing changed, a good
file imported as one version, the history's list, diff, preview and zoom signals."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QFileDialog

from db.datasource import DatabaseSource
from db.grid_edit import (
    commit_edit_session,
    export_grids,
    grid_versions,
    load_edit_session,
    validate_database,
)
from db.ops import Actor
from db.session import make_engine, resolve_url
from desktop.app import create_application
from desktop.editor import history as history_module
from desktop.editor.history import HistoryPanel
from desktop.editor.io_dialogs import ExportGridsDialog, ImportGridsDialog
from desktop.editor.io_screens import VIEWS, build_io_view, write_bad_file
from desktop.worker import wait_idle
from gis.crs import project_xy, to_storage
from gis.io import read_grid_file
from gis.validation import MANAGEMENT

EDITOR = Actor(None, "editor", "map_editor", "网格编辑员", "ws-edit")
DUTY = Actor(None, "duty", "duty_officer", "值班员", "ws-duty")


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[QApplication]:
    yield create_application("zh_CN")


@pytest.fixture
def engine(small_demo_url: str) -> Iterator[object]:
    e = make_engine(resolve_url(small_demo_url))
    yield e
    e.dispose()


@pytest.fixture
def sqlite_engine(small_demo_sqlite_url: str) -> Iterator[object]:
    e = make_engine(resolve_url(small_demo_sqlite_url))
    yield e
    e.dispose()


def settle() -> None:
    assert wait_idle(60000)
    QApplication.processEvents()


def column(table, col: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(r, col).text() for r in range(table.rowCount())]


def commit_vertex_move(engine, note: str = "调整边界", dx: float = 12.0) -> int:  # type: ignore[no-untyped-def]
    """Move one vertex shared by management grids inside a responsibility grid; the version id."""
    s = load_edit_session(engine)
    for g in sorted(s.by_level(MANAGEMENT), key=lambda g: g.key):
        parent = s.grid(g.parent)  # type: ignore[arg-type]
        for x, y in shapely.get_coordinates(g.geometry)[:-1]:
            if parent.geometry.exterior.distance(shapely.Point(x, y)) > 5:
                s.move_vertex((float(x), float(y)), (float(x) + dx, float(y) - dx / 2))
                return commit_edit_session(engine, EDITOR, s, note=note).version_id
    raise AssertionError("no interior vertex")


# ---------------------------------------------------------------- export


def test_export_both_formats_and_read_them_back(zh, qtbot, engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportGridsDialog(engine, EDITOR)
    qtbot.addWidget(dialog)
    assert not dialog.encoding_box.isEnabled()  # GeoJSON is UTF-8 by RFC 7946
    dialog.set_path(tmp_path / "all.geojson")
    with qtbot.waitSignal(dialog.exported, timeout=60000) as sig:
        assert dialog.start_export()
    assert sig.args == [str(tmp_path / "all.geojson"), 178]
    assert "178" in dialog.result_label.text()
    back = read_grid_file(tmp_path / "all.geojson")
    assert back.ok and len(back.grids) == 178

    dialog.set_format("shapefile")
    assert dialog.encoding_box.isEnabled() and dialog.path_edit.text().endswith("all.shp")
    dialog.set_level("management")
    dialog.set_encoding("gbk")
    with qtbot.waitSignal(dialog.exported, timeout=60000) as sig:
        assert dialog.start_export()
    assert sig.args[1] == 149
    assert (tmp_path / "all.cpg").read_text(encoding="ascii") == "GBK"
    assert (tmp_path / "all.prj").exists()
    back = read_grid_file(tmp_path / "all.shp")
    assert back.ok and back.encoding == "gbk" and len(back.grids) == 149
    assert {g.level for g in back.grids} == {MANAGEMENT}
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in g.name) for g in back.grids)  # Chinese names survive
    assert "导出" in dialog.result_label.text() or "Exported" in dialog.result_label.text()


def test_export_refuses_a_missing_folder_and_reports_errors_in_chinese(zh, qtbot, sqlite_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportGridsDialog(sqlite_engine, DUTY)
    qtbot.addWidget(dialog)
    dialog.set_path(tmp_path / "no" / "such" / "grids.geojson")
    assert not dialog.start_export()
    assert "不存在" in dialog.result_label.text()
    assert not (tmp_path / "no").exists()
    # a role without the export permission: the db/ refusal, headline in Chinese
    viewer = Actor(None, "guest", "viewer", "访客", "ws")
    dialog.actor = viewer
    dialog.set_path(tmp_path / "grids.geojson")
    with qtbot.waitSignal(dialog.failed, timeout=60000):
        assert dialog.start_export()
    assert "角色" in dialog.result_label.text() and not (tmp_path / "grids.geojson").exists()
    assert dialog.export_button.isEnabled()


def test_export_destination_from_the_file_dialog(zh, qtbot, sqlite_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportGridsDialog(sqlite_engine, EDITOR)
    qtbot.addWidget(dialog)
    dialog.set_path(tmp_path / "x.geojson")
    fd = dialog.choose_destination()
    assert fd.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert fd.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    fd.fileSelected.emit(str(tmp_path / "chosen.geojson"))
    fd.close()
    assert dialog.path_edit.text() == str(tmp_path / "chosen.geojson")


# ---------------------------------------------------------------- import


def test_a_bad_file_is_reported_and_changes_nothing(zh, qtbot, engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_bad_file(tmp_path, engine)
    dialog = ImportGridsDialog(engine, EDITOR)
    qtbot.addWidget(dialog)
    dialog.note_edit.setText("不该导入")
    dialog.set_path(path)
    with qtbot.waitSignal(dialog.checked, timeout=60000) as sig:
        assert dialog.start_check()
    outcome = sig.args[0]
    assert not outcome.ok and outcome.dry_run
    codes = {p.code for p in outcome.problems}
    assert {"self_intersection", "wrong_geometry_type", "duplicate_code", "bad_code"} <= codes
    assert dialog.problems.rowCount() == len(outcome.problems)
    assert "自相交" in column(dialog.problems, 3)
    assert "#3" in column(dialog.problems, 1)
    assert "EPSG:4326" in dialog.file_label.text()
    assert not dialog.import_button.isEnabled() and not dialog.start_import()
    assert "自相交" in dialog.problem_detail.text()  # the first problem in full
    # broken JSON, a wrong encoding, an unknown CRS: each reported, Import stays disabled
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    gbk = tmp_path / "gbk.geojson"
    gbk.write_bytes(json.dumps({"type": "FeatureCollection", "features": [], "name": "网格"}, ensure_ascii=False).encode("gbk"))
    crs = tmp_path / "crs.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::999999"}}
    crs.write_text(json.dumps(doc), encoding="utf-8")
    for bad, code, word in ((broken, "broken_json", "JSON"), (gbk, "wrong_encoding", "编码"), (crs, "unknown_crs", "坐标")):
        dialog.set_path(bad)
        with qtbot.waitSignal(dialog.checked, timeout=60000) as sig:
            assert dialog.start_check()
        assert code in {p.code for p in sig.args[0].problems}
        assert any(word in t for t in column(dialog.problems, 3)), column(dialog.problems, 3)
        assert not dialog.import_button.isEnabled()
    assert grid_versions(engine) == []
    assert validate_database(engine).ok


def test_a_good_file_is_imported_as_one_version(zh, qtbot, engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mgmt.geojson"
    assert export_grids(engine, path, "geojson", level="management") == 149
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][5]["properties"]["name"] = "新名字网格"
    code = doc["features"][5]["properties"]["code"]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    dialog = ImportGridsDialog(engine, EDITOR)
    qtbot.addWidget(dialog)
    dialog.set_path(path)
    with qtbot.waitSignal(dialog.checked, timeout=60000) as sig:
        assert dialog.start_check()
    assert sig.args[0].ok and sig.args[0].actions == {"attributes": 1}
    assert dialog.count_labels["attributes"].text() == "1" and dialog.count_labels["reshaped"].text() == "0"
    assert not dialog.import_button.isEnabled()  # the note is required
    dialog.note_edit.setText("街道更正网格名称")
    assert dialog.import_button.isEnabled()
    # another option means another reading of the file: check again first
    dialog.set_encoding("gbk")
    assert not dialog.import_button.isEnabled()
    dialog.set_encoding(None)
    assert dialog.import_button.isEnabled()
    dialog.date_edit.setDate(QDate(2026, 12, 1))
    with qtbot.waitSignal(dialog.imported, timeout=60000) as sig:
        dialog.import_button.click()
    outcome = sig.args[0]
    assert outcome.committed is not None and outcome.committed.actions == {"attributes": 1}
    [version] = grid_versions(engine)
    assert version.id == outcome.committed.version_id and version.source == "import"
    assert version.note == "街道更正网格名称" and version.effective_date == date(2026, 12, 1)
    assert version.source_file == "mgmt.geojson"
    assert str(version.id) in dialog.result_label.text()
    assert not dialog.import_button.isEnabled()  # done: a second click cannot import twice
    diff = history_module.version_diff(engine, version.id)
    assert [(g.code, g.action) for g in diff.grids] == [(code, "attributes")]


def test_an_import_that_moves_records_reports_them(zh, qtbot, sqlite_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A redrawn boundary from a file: the result names the records that changed grid."""
    from desktop.editor.io_screens import _try_move

    source = DatabaseSource(sqlite_engine)
    s = load_edit_session(sqlite_engine)
    data = source.load_map_data()
    xs, ys = project_xy(np.array([p.lon for p in data.key_points]), np.array([p.lat for p in data.key_points]))
    assert _try_move(s, np.column_stack([xs, ys]))
    # the vertex that moved, and where to: edit the file the way a GIS would
    [change, *_] = s.changes()
    old = {tuple(c) for c in shapely.get_coordinates(change.before.geometry)}
    new = {tuple(c) for c in shapely.get_coordinates(change.after.geometry)}
    [src] = old - new
    [dst] = new - old
    path = tmp_path / "moved.geojson"
    export_grids(sqlite_engine, path, "geojson", level="management")
    src_ll = to_storage(shapely.Point(src)).coords[0]
    dst_ll = to_storage(shapely.Point(dst)).coords[0]
    doc = json.loads(path.read_text(encoding="utf-8"))
    hits = 0
    for f in doc["features"]:
        for ring in f["geometry"]["coordinates"]:
            for pt in ring:
                if abs(pt[0] - src_ll[0]) < 1e-7 and abs(pt[1] - src_ll[1]) < 1e-7:
                    pt[0], pt[1] = dst_ll
                    hits += 1
    assert hits >= 3
    path.write_text(json.dumps(doc), encoding="utf-8")
    dialog = ImportGridsDialog(sqlite_engine, EDITOR)
    qtbot.addWidget(dialog)
    dialog.set_path(path)
    dialog.note_edit.setText("新边界")
    with qtbot.waitSignal(dialog.checked, timeout=60000) as sig:
        dialog.start_check()
    assert sig.args[0].ok and "reshaped" in sig.args[0].actions, [str(p) for p in sig.args[0].problems]
    with qtbot.waitSignal(dialog.imported, timeout=60000) as sig:
        assert dialog.start_import()
    counts = sig.args[0].committed.report.counts()
    assert counts["key_point"] >= 1
    text = dialog.result_label.text()
    assert "重点点位" in text and "→" in text
    assert validate_database(sqlite_engine).ok


def test_only_map_editors_import(zh, qtbot, sqlite_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "all.geojson"
    export_grids(sqlite_engine, path, "geojson")
    dialog = ImportGridsDialog(sqlite_engine, DUTY)
    qtbot.addWidget(dialog)
    dialog.set_path(path)
    with qtbot.waitSignal(dialog.failed, timeout=60000):
        assert dialog.start_check()
    assert "角色" in dialog.result_label.text()
    assert not dialog.import_button.isEnabled()
    # a typed CRS that is no EPSG code is refused before anything runs
    dialog.crs_box.setEditText("not a crs")
    assert not dialog.start_check() and "EPSG" in dialog.result_label.text()
    assert grid_versions(sqlite_engine) == []


# ---------------------------------------------------------------- history


def test_history_lists_versions_shows_the_diff_and_zooms(zh, qtbot, engine) -> None:  # type: ignore[no-untyped-def]
    first = commit_vertex_move(engine, "第一次调整")
    panel = HistoryPanel(engine)
    qtbot.addWidget(panel)
    panel.resize(1400, 900)
    with qtbot.waitSignal(panel.version_selected, timeout=60000) as sig:
        settle()
    diff = sig.args[0]
    assert diff.info.id == first and panel.table.rowCount() == 1
    assert panel.table.item(0, 4).text() == "第一次调整"
    assert panel.grid_table.rowCount() == len(diff.grids) >= 2
    assert set(column(panel.grid_table, 3)) == {"重塑"}
    assert all("平方米" in t for t in column(panel.grid_table, 4))
    assert len(panel.preview.grids) == len(diff.grids) and panel.preview.bounds is not None
    # the preview is drawn in EPSG:4549 metres (Gauss-Kruger CM 120E: eastings near 600 km)
    minx, miny, maxx, maxy = panel.preview.bounds
    assert 500_000 < minx < maxx < 700_000 and 3_000_000 < miny < maxy < 4_000_000
    image = panel.preview.grab().toImage()
    assert image.width() > 100
    with qtbot.waitSignal(panel.zoom_requested, timeout=1000) as zoom:
        panel.grid_table.cellDoubleClicked.emit(0, 0)
    g0 = panel.view.grids[0]
    assert zoom.args == pytest.approx(list(g0.bounds))
    with qtbot.waitSignal(panel.zoom_requested, timeout=1000) as zoom:
        assert panel.show_on_map()
    assert zoom.args == pytest.approx(list(panel.view.bounds))

    # a second commit: refresh() puts it on top and keeps the selected version selected
    second = commit_vertex_move(engine, "第二次调整", dx=-9.0)
    panel.refresh()
    settle()
    assert [panel.table.item(r, 0).text() for r in range(2)] == [str(second), str(first)]
    assert panel.selected_version().id == first
    assert panel.select_version(second)
    settle()
    assert panel.view is not None and panel.view.diff.info.id == second


def test_history_pages_and_attribute_changes(zh, qtbot, sqlite_engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    commit_vertex_move(sqlite_engine, "一")
    s = load_edit_session(sqlite_engine)
    key = min(g.key for g in s.by_level(MANAGEMENT))
    s.set_attributes(key, name="改名网格", leader_name="李四")
    renamed = commit_edit_session(sqlite_engine, EDITOR, s, note="二").version_id
    monkeypatch.setattr(history_module, "PAGE", 1)
    panel = HistoryPanel(sqlite_engine)
    qtbot.addWidget(panel)
    settle()
    assert panel.table.rowCount() == 1 and panel.has_more and not panel.more_button.isHidden()
    panel.load_more()
    settle()
    assert panel.table.rowCount() == 2
    panel.load_more()
    settle()
    assert panel.table.rowCount() == 2 and not panel.has_more
    assert panel.select_version(renamed)
    settle()
    [row] = column(panel.grid_table, 4)
    assert "改名网格" in row and "李四" in row and "→" in row
    assert column(panel.grid_table, 3) == ["属性变更"]


def test_history_without_versions(zh, qtbot, sqlite_engine) -> None:  # type: ignore[no-untyped-def]
    panel = HistoryPanel(sqlite_engine)
    qtbot.addWidget(panel)
    settle()
    assert panel.table.rowCount() == 0 and panel.view is None
    assert not panel.zoom_button.isEnabled() and not panel.show_on_map()


# ---------------------------------------------------------------- screens


def test_screens_build(zh, qtbot, small_demo_sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    source = DatabaseSource(make_engine(resolve_url(small_demo_sqlite_url)))
    for view in VIEWS:
        widget = build_io_view(view, source)
        qtbot.addWidget(widget)
        widget.show()
        assert not widget.grab().isNull()
        if view == "editor_import":
            assert widget.problems.rowCount() >= 4 and not widget.import_button.isEnabled()
        elif view == "editor_export":
            assert "178" in widget.result_label.text()
        else:
            assert widget.table.rowCount() == 1 and widget.moved_table.rowCount() >= 1
        widget.close()
    with pytest.raises(ValueError):
        build_io_view("editor_nothing", source)
