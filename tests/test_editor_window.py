"""The grid editor's window and canvas tools, driven with real mouse and key events on a
real MapCanvas offscreen, over the small demo town in a real database (issue 7)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest
import shapely
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog
from shapely.geometry import Point

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from db.datasource import DatabaseSource
from db.grid_edit import commit_edit_session, grid_versions, load_edit_session
from db.ops import Actor
from db.session import make_engine, resolve_url
from desktop.editor import dialogs as editor_dialogs
from desktop.editor import window as editor_window
from desktop.editor.controller import EditorController
from desktop.editor.tools import VertexTool
from desktop.editor.window import GridEditorWindow
from desktop.worker import wait_idle
from gis.editing import EditSession
from gis.validation import MANAGEMENT, RESPONSIBILITY, IssueKind

EDITOR = Actor(None, "editor1", "map_editor", "网格编辑员", "ws-edit")
OTHER = Actor(None, "editor2", "map_editor", "另一位编辑员", "ws-other")
L = Qt.MouseButton.LeftButton
NO = Qt.MouseButton.NoButton
NOMOD = Qt.KeyboardModifier.NoModifier


# ---------------------------------------------------------------- helpers


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()
    assert wait_idle(30_000)
    for _ in range(3):
        app.processEvents()


def send_mouse(widget, kind: QEvent.Type, pos: QPointF, button=L, buttons=L, modifiers=NOMOD) -> None:  # type: ignore[no-untyped-def]
    g = widget.mapToGlobal(pos.toPoint())
    ev = QMouseEvent(kind, pos, QPointF(g), button, buttons, modifiers)
    QApplication.sendEvent(widget, ev)


def hover(widget, pos: QPointF) -> None:  # type: ignore[no-untyped-def]
    send_mouse(widget, QEvent.Type.MouseMove, pos, NO, NO)


def drag(widget, start: QPointF, end: QPointF, steps: int = 6, modifiers=NOMOD) -> None:  # type: ignore[no-untyped-def]
    hover(widget, start)
    send_mouse(widget, QEvent.Type.MouseButtonPress, start, L, L, modifiers)
    for i in range(1, steps + 1):
        t = i / steps
        send_mouse(widget, QEvent.Type.MouseMove, start + (end - start) * t, NO, L, modifiers)
    send_mouse(widget, QEvent.Type.MouseButtonRelease, end, L, NO, modifiers)


def click(widget, pos: QPointF, modifiers=NOMOD) -> None:  # type: ignore[no-untyped-def]
    hover(widget, pos)
    send_mouse(widget, QEvent.Type.MouseButtonPress, pos, L, L, modifiers)
    send_mouse(widget, QEvent.Type.MouseButtonRelease, pos, L, NO, modifiers)


def key(widget, k: Qt.Key, modifiers=NOMOD) -> None:  # type: ignore[no-untyped-def]
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, k, modifiers))


def screen(win: GridEditorWindow, xy: tuple[float, float]) -> QPointF:
    sx, sy = win.canvas.view.world_to_screen(*xy)
    return QPointF(sx, sy)


def shared_interior_vertex(s: EditSession) -> tuple[float, float, list[int]]:
    """A vertex inside the town shared by two or more management grids of one parent."""
    town = s.town
    for g in sorted(s.by_level(MANAGEMENT), key=lambda g: g.key):
        parent = s.grid(g.parent)  # type: ignore[arg-type]
        for x, y in shapely.get_coordinates(g.geometry)[:-1]:
            p = Point(x, y)
            if parent.geometry.exterior.distance(p) < 5 or (town is not None and town.exterior.distance(p) < 5):
                continue
            owners = [h.key for h in s.by_level(MANAGEMENT) if h.geometry.exterior.distance(p) < 1e-6]
            if len(owners) >= 2:
                return float(x), float(y), owners
    raise AssertionError("no shared interior vertex")


def sloppy_session(s: EditSession, by: float = 2.0) -> EditSession:
    """A non-strict session in which one management grid reaches `by` metres into its
    neighbours (overlaps), as an import of a sloppy file would leave it."""
    key = shared_interior_vertex(s)[2][0]
    grids = [g if g.key != key else g.with_(geometry=shapely.buffer(g.geometry, by, join_style="mitre"))
             for g in s.grids.values()]
    return EditSession(grids, s.town, strict=False, node_on_load=False)


@pytest.fixture
def editor(qapp: QApplication, small_demo_sqlite_url: str) -> Iterator[GridEditorWindow]:
    engine = make_engine(resolve_url(small_demo_sqlite_url))
    win = GridEditorWindow(DatabaseSource(engine), EDITOR, today=date(2026, 11, 27))
    win.resize(1400, 900)
    win.show()
    settle(qapp)
    assert win.controller.session is not None
    yield win
    win.confirm_close = False  # no "unsaved edits" question at close
    win.close()
    win.deleteLater()
    settle(qapp)
    engine.dispose()


def zoom_on(win: GridEditorWindow, xy: tuple[float, float], mpp: float = 1.0) -> None:
    win.canvas.view.center_on(xy[0], xy[1], mpp)
    QApplication.processEvents()


# ---------------------------------------------------------------- vertex tool


def test_dragging_a_shared_vertex_moves_it_in_every_grid_as_one_undo_step(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    c = editor.controller
    s = c.session
    x, y, owners = shared_interior_vertex(s)
    zoom_on(editor, (x, y), 1.0)
    canvas = editor.canvas
    start = screen(editor, (x, y))
    hover(canvas, start + QPointF(3, 2))
    tool = editor.tools["vertex"]
    assert isinstance(tool, VertexTool)
    assert tool.hover is not None and tool.hover.kind == "vertex"
    assert set(owners) <= set(tool.hover.keys)
    before = {k: s.grid(k).geometry for k in tool.hover.keys}
    drag(canvas, start, start + QPointF(25, -18))
    assert len(s.history) == 1
    gesture = s.history[0]
    assert set(before) <= set(gesture.keys)
    new_x, new_y = x + 25 * 1.0, y + 18 * 1.0
    for k in before:
        coords = shapely.get_coordinates(s.grid(k).geometry)
        assert not any(abs(cx - x) < 1e-6 and abs(cy - y) < 1e-6 for cx, cy in coords)
        assert any(abs(cx - new_x) < 0.6 and abs(cy - new_y) < 0.6 for cx, cy in coords), k
    assert s.validate().ok
    assert c.dirty and editor.actions_by_id["editor.commit"].isEnabled()
    assert "*" in editor.windowTitle()
    # one gesture, one undo step: every polygon comes back
    editor.actions_by_id["editor.undo"].trigger()
    for k, geom in before.items():
        assert s.grid(k).geometry.equals(geom)
    assert not c.dirty
    editor.actions_by_id["editor.redo"].trigger()
    assert c.dirty and len(s.history) == 1


def test_dragging_an_edge_midpoint_adds_a_vertex(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    s = editor.controller.session
    x, y, owners = shared_interior_vertex(s)
    g = s.grid(owners[0])
    coords = shapely.get_coordinates(g.geometry)
    i = next(i for i, (cx, cy) in enumerate(coords[:-1]) if abs(cx - x) < 1e-6 and abs(cy - y) < 1e-6)
    a, b = coords[i], coords[i + 1]
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    zoom_on(editor, mid, 1.0)
    n_before = len(coords)
    p = screen(editor, mid)
    hover(editor.canvas, p)
    tool = editor.tools["vertex"]
    assert tool.hover is not None and tool.hover.kind == "midpoint"
    drag(editor.canvas, p, p + QPointF(4, 6))
    assert len(shapely.get_coordinates(s.grid(owners[0]).geometry)) == n_before + 1
    assert s.validate().ok


def test_delete_key_removes_the_hovered_vertex(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    s = editor.controller.session
    x, y, owners = shared_interior_vertex(s)
    zoom_on(editor, (x, y), 1.0)
    counts = {k: len(shapely.get_coordinates(s.grid(k).geometry)) for k in owners}
    hover(editor.canvas, screen(editor, (x, y)))
    key(editor.canvas, Qt.Key.Key_Delete)
    if s.history:  # removed in every grid that had it
        for k in owners:
            assert len(shapely.get_coordinates(s.grid(k).geometry)) == counts[k] - 1
        assert s.validate().ok
    else:  # refused (a junction of three grids can't simply go): said, nothing changed
        assert editor.message.text()
        assert {k: len(shapely.get_coordinates(s.grid(k).geometry)) for k in owners} == counts


def test_click_selects_and_attributes_are_validated(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    c = editor.controller
    s = c.session
    g = sorted(s.by_level(MANAGEMENT), key=lambda g: g.key)[0]
    pt = g.geometry.representative_point()
    zoom_on(editor, (pt.x, pt.y), 4.0)
    click(editor.canvas, screen(editor, (pt.x, pt.y)))
    assert c.selected == [g.key]
    panel = editor.attributes
    assert panel.code.text() == g.code and panel.name.text() == g.name
    # a code of another responsibility grid, a taken code, a malformed code: refused live
    panel.code.setText("123")
    assert panel.code_problem.text() and not panel.apply_button.isEnabled()
    sibling = next(h for h in s.by_level(MANAGEMENT) if h.parent == g.parent and h.key != g.key)
    panel.code.setText(sibling.code)
    assert sibling.name in panel.code_problem.text() and not panel.apply_button.isEnabled()
    panel.code.setText(g.code[:12] + "00")
    assert panel.code_problem.text()
    panel.code.setText(g.code)
    assert panel.code_problem.text() == "" and panel.apply_button.isEnabled()
    panel.name.setText("新华网格")
    panel.phone.setText("021-5555 0101")
    panel.apply_button.click()
    assert s.grid(g.key).name == "新华网格"
    assert s.grid(g.key).attrs["leader_phone"] == "021-5555 0101"
    assert len(s.history) == 1
    # a bad phone number is refused by the engine with a message, nothing changes
    panel.phone.setText("call 110!")
    panel.apply_button.click()
    assert len(s.history) == 1 and editor.message.text()
    c.undo()
    assert s.grid(g.key).name == g.name


def test_ctrl_click_and_merge_keep_the_chosen_attributes(qapp, editor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = editor.controller
    s = c.session
    x, y, owners = shared_interior_vertex(s)
    a, b = s.grid(owners[0]), s.grid(owners[1])
    assert a.parent == b.parent
    zoom_on(editor, (x, y), 3.0)
    for g, mods in ((a, NOMOD), (b, Qt.KeyboardModifier.ControlModifier)):
        pt = g.geometry.representative_point()
        editor.canvas.view.center_on(pt.x, pt.y)
        click(editor.canvas, screen(editor, (pt.x, pt.y)), mods)
    assert c.selected == [a.key, b.key]
    assert editor.actions_by_id["editor.merge"].isEnabled()
    monkeypatch.setattr(editor_dialogs.MergeDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(editor_dialogs.MergeDialog, "keep", lambda self: b.key)
    n = len(s.grids)
    editor.actions_by_id["editor.merge"].trigger()
    assert len(s.grids) == n - 1
    assert a.key not in s.grids and s.grid(b.key).code == b.code
    assert s.grid(b.key).geometry.area == pytest.approx(a.geometry.area + b.geometry.area, rel=1e-9)
    assert c.selected == [b.key]
    editor.undo()
    assert len(s.grids) == n


# ---------------------------------------------------------------- line tools


def test_split_by_drawing_a_line_then_reshape(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    c = editor.controller
    s = c.session
    g = max(s.by_level(MANAGEMENT), key=lambda g: g.geometry.area)
    x0, y0, x1, y1 = g.geometry.bounds
    cx = g.geometry.representative_point().x
    zoom_on(editor, ((x0 + x1) / 2, (y0 + y1) / 2), max(x1 - x0, y1 - y0) / 700)
    c.select([g.key])
    editor.actions_by_id["editor.tool.split"].trigger()
    assert editor.canvas.edit_tool is editor.tools["split"]
    click(editor.canvas, screen(editor, (cx, y1 + 30)))
    click(editor.canvas, screen(editor, (cx, y0 - 30)))
    n = len(s.grids)
    key(editor.canvas, Qt.Key.Key_Return)
    assert len(s.grids) == n + 1, editor.message.text()
    new = [k for k in s.grids if k < 0]
    assert len(new) == 1 and s.grid(new[0]).parent == g.parent
    assert s.validate().ok
    # Escape drops a half-drawn line; the reshape tool needs a grid to act on
    editor.actions_by_id["editor.tool.reshape"].trigger()
    click(editor.canvas, screen(editor, (cx, y1 + 30)))
    key(editor.canvas, Qt.Key.Key_Escape)
    assert editor.tools["reshape"].points == []


def test_a_self_intersecting_drawing_is_refused_in_chinese(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    from desktop.app import install_translator

    install_translator(qapp, "zh_CN")
    c = editor.controller
    s = c.session
    g = max(s.by_level(MANAGEMENT), key=lambda g: g.geometry.area)
    pt = g.geometry.representative_point()
    zoom_on(editor, (pt.x, pt.y), 1.0)
    editor.actions_by_id["editor.tool.draw"].trigger()
    for dx, dy in ((-30, -30), (30, 30), (30, -30), (-30, 30)):  # a bow tie
        click(editor.canvas, screen(editor, (pt.x + dx, pt.y + dy)))
    n = len(s.grids)
    key(editor.canvas, Qt.Key.Key_Return)
    assert len(s.grids) == n and not s.history
    text = editor.message.text()
    assert text and not any(ch.isascii() and ch.isalpha() for ch in text), text


def test_drawing_a_new_grid_carves_it_out_of_its_neighbours(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    c = editor.controller
    s = c.session
    x, y, _owners = shared_interior_vertex(s)
    zoom_on(editor, (x, y), 1.0)
    editor.actions_by_id["editor.tool.draw"].trigger()
    for dx, dy in ((-40, -40), (40, -40), (40, 40), (-40, 40)):
        click(editor.canvas, screen(editor, (x + dx, y + dy)))
    n = len(s.grids)
    send_mouse(editor.canvas, QEvent.Type.MouseButtonDblClick, screen(editor, (x - 40, y + 40)))
    assert len(s.grids) == n + 1, editor.message.text()
    new = next(k for k in s.grids if k < 0)
    assert s.grid(new).level == MANAGEMENT and s.grid(new).geometry.area == pytest.approx(80 * 80, rel=0.05)
    assert c.selected == [new]
    assert s.validate().ok


# ---------------------------------------------------------------- problems


def test_problem_list_zooms_to_a_problem_and_fixes_it(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    c = editor.controller
    s = c.session
    c.set_session(sloppy_session(s))
    c.validate_all()
    settle(qapp)
    panel = editor.issues
    assert panel.tree.topLevelItemCount() > 0
    kinds = {i.kind for i in c.issues}
    assert IssueKind.OVERLAP in kinds or IssueKind.EDGE_MISMATCH in kinds
    fixable = next(i for i in c.issues if i.fix is not None)
    for row in range(panel.tree.topLevelItemCount()):
        if panel.tree.topLevelItem(row).data(0, Qt.ItemDataRole.UserRole) is fixable:
            panel.tree.setCurrentItem(panel.tree.topLevelItem(row))
    editor.model.zoom_to_full_extent()
    full_mpp = editor.canvas.view.mpp
    panel.zoom_button.click()
    assert editor.canvas.view.mpp < full_mpp / 4
    vx0, vy0, vx1, vy1 = editor.canvas.view.visible_bbox()
    lx, ly = fixable.location
    assert vx0 <= lx <= vx1 and vy0 <= ly <= vy1
    errors_before = len([i for i in c.issues if i.severity == "error"])
    assert panel.fix_button.isEnabled()
    panel.fix_button.click()
    assert len(c.session.history) == 1
    c.validate_all()
    settle(qapp)
    assert len([i for i in c.issues if i.severity == "error"]) < errors_before
    editor.grab()  # the layer draws the problems without error


# ---------------------------------------------------------------- commit, conflict


@pytest.fixture
def pg_or_sqlite_editor(qapp, small_demo_url):  # type: ignore[no-untyped-def]
    engine = make_engine(resolve_url(small_demo_url))
    win = GridEditorWindow(DatabaseSource(engine), EDITOR, today=date(2026, 11, 27))
    win.resize(1300, 850)
    win.show()
    settle(qapp)
    yield win, engine
    win.confirm_close = False
    win.close()
    win.deleteLater()
    settle(qapp)
    engine.dispose()


def _move_shared_vertex(editor: GridEditorWindow, dx: float = 20, dy: float = 0) -> tuple[float, float]:
    s = editor.controller.session
    x, y, _ = shared_interior_vertex(s)
    zoom_on(editor, (x, y), 1.0)
    drag(editor.canvas, screen(editor, (x, y)), screen(editor, (x, y)) + QPointF(dx, dy))
    assert len(s.history) == 1, editor.message.text()
    return x, y


def test_commit_saves_one_version_and_reloads(qapp, pg_or_sqlite_editor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    editor, engine = pg_or_sqlite_editor
    _move_shared_vertex(editor)
    monkeypatch.setattr(editor_dialogs.CommitDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(editor_dialogs.CommitDialog, "note_text", lambda self: "测试：调整边界")
    shown: list[str] = []
    monkeypatch.setattr(editor_window.QMessageBox, "information", lambda *a: shown.append(a[2]))
    editor.actions_by_id["editor.commit"].trigger()
    settle(qapp)
    settle(qapp)
    versions = grid_versions(engine)
    assert len(versions) == 1 and versions[0].note == "测试：调整边界"
    assert versions[0].author_name == EDITOR.display_name and versions[0].grids_changed >= 2
    assert shown and str(versions[0].id) in shown[0]
    s = editor.controller.session
    assert s is not None and not s.dirty and not s.history  # reloaded from the database
    assert not editor.actions_by_id["editor.commit"].isEnabled()


def test_a_conflicting_commit_is_refused_and_shows_both_versions(qapp, pg_or_sqlite_editor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    editor, engine = pg_or_sqlite_editor
    x, y = _move_shared_vertex(editor, 0, 6)
    theirs = load_edit_session(engine)
    theirs.move_vertex((x, y), (x + 5.0, y))
    commit_edit_session(engine, OTHER, theirs, note="他们的修改")
    seen: list[editor_dialogs.ConflictDialog] = []

    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        seen.append(self)
        self.grab()  # it renders
        return editor_dialogs.ConflictDialog.RELOAD

    monkeypatch.setattr(editor_dialogs.ConflictDialog, "exec", fake_exec)
    monkeypatch.setattr(editor_dialogs.CommitDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(editor_dialogs.CommitDialog, "note_text", lambda self: "我的修改")
    editor.actions_by_id["editor.commit"].trigger()
    settle(qapp)
    settle(qapp)
    assert len(seen) == 1
    dialog = seen[0]
    assert dialog.preview.yours is not None and dialog.preview.theirs is not None
    assert not dialog.preview.yours.equals(dialog.preview.theirs)
    assert len(grid_versions(engine)) == 1  # only theirs
    # reloaded: their version is what the editor now shows
    s = editor.controller.session
    assert s is not None and not s.dirty
    assert any(abs(cx - (x + 5.0)) < 1e-3 and abs(cy - y) < 1e-3
               for g in s.grids.values() for cx, cy in shapely.get_coordinates(g.geometry))


def test_commit_keeps_the_edits_when_the_database_refuses(qapp, editor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = editor.controller
    _move_shared_vertex(editor)
    failures: list[Exception] = []
    c.commit_failed.connect(failures.append)
    monkeypatch.setattr(editor_window.QMessageBox, "warning", lambda *a: None)
    reader = Actor(None, "duty1", "duty_officer", "值班员", "ws")
    c.actor = reader  # a role that may not edit grids
    c.commit("note", date(2026, 11, 27))
    settle(qapp)
    assert failures and c.session is not None and c.session.dirty and len(c.session.history) == 1
    assert editor.message.text()
    assert grid_versions(c.engine) == []


# ---------------------------------------------------------------- roles, wiring


def test_only_grid_editors_get_the_grids_menu(qapp, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    from desktop.main_window import MainWindow

    engine = make_engine(resolve_url(small_demo_sqlite_url))
    source = DatabaseSource(engine)
    duty = MainWindow(source, role="duty_officer")
    assert "grids.edit" not in duty.actions_by_id
    duty.close()
    win = MainWindow(source, role="map_editor")
    assert "grids.edit" in win.actions_by_id
    assert win.actions_by_id["grids.edit"].shortcut().toString() == "Ctrl+Shift+G"
    win.actions_by_id["grids.edit"].trigger()
    settle(qapp)
    editor = win._grid_editor
    assert isinstance(editor, GridEditorWindow) and editor.isVisible()
    assert editor.controller.session is not None and len(editor.controller.session.grids) > 0
    assert editor.actions_by_id["editor.undo"].shortcut().toString() == "Ctrl+Z"
    assert editor.actions_by_id["editor.commit"].shortcut().toString() == "Ctrl+S"
    editor.close()
    win.close()
    settle(qapp)
    engine.dispose()


def test_controller_level_and_neighbours(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    c: EditorController = editor.controller
    s = c.session
    r = s.by_level(RESPONSIBILITY)[0]
    assert all(n.level == RESPONSIBILITY for n in c.neighbours(r.key))
    assert c.neighbours(r.key)
    editor.actions_by_id["editor.level.responsibility"].trigger()
    assert c.level == RESPONSIBILITY and editor.level_combo.currentData() == RESPONSIBILITY
    pt = r.geometry.representative_point()
    assert c.grid_at(pt.x, pt.y).key == r.key


# ---------------------------------------------------------------- more tools


def test_points_snap_to_vertices_unless_snapping_is_off(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    s = editor.controller.session
    x, y, _ = shared_interior_vertex(s)
    zoom_on(editor, (x, y), 1.0)
    editor.actions_by_id["editor.tool.draw"].trigger()
    tool = editor.tools["draw"]
    click(editor.canvas, screen(editor, (x, y)) + QPointF(4, -3))
    assert tool.points[-1] == (x, y)  # snapped exactly onto the shared vertex
    tool.cancel()
    editor.snap_spin.setValue(0)
    assert editor.controller.snap_pixels == 0
    click(editor.canvas, screen(editor, (x, y)) + QPointF(4, -3))
    assert tool.points[-1] != (x, y)
    tool.cancel()


def test_reshape_a_boundary_with_the_tool(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    c = editor.controller
    s = c.session
    x, y, owners = shared_interior_vertex(s)
    g = s.grid(owners[0])
    coords = shapely.get_coordinates(g.geometry)
    i = next(i for i, (cx, cy) in enumerate(coords[:-1]) if abs(cx - x) < 1e-6 and abs(cy - y) < 1e-6)
    a, b = coords[i], coords[i + 1]
    p1, p2 = a + (b - a) * 0.3, a + (b - a) * 0.7
    mid = (a + b) / 2
    centre = g.geometry.centroid
    normal = mid - (centre.x, centre.y)
    normal = normal / (normal ** 2).sum() ** 0.5
    bulge = mid + normal * 12.0
    zoom_on(editor, (float(mid[0]), float(mid[1])), 0.25)
    c.select([g.key])
    editor.actions_by_id["editor.tool.reshape"].trigger()
    editor.snap_spin.setValue(0)  # place exactly where clicked
    area = g.geometry.area
    for pt in (p1, bulge, p2):
        click(editor.canvas, screen(editor, (float(pt[0]), float(pt[1]))))
    key(editor.canvas, Qt.Key.Key_Return)
    assert len(s.history) == 1, editor.message.text()
    assert s.grid(g.key).geometry.area > area + 10  # it took the bulge from its neighbour
    assert s.validate().ok


def test_move_a_management_grid_to_another_responsibility_grid(qapp, editor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = editor.controller
    s = c.session
    monkeypatch.setattr(editor_dialogs.ParentDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    moved = None
    for g in sorted(s.by_level(MANAGEMENT), key=lambda g: g.key):
        candidates = [n for n in c.neighbours(g.key, RESPONSIBILITY) if n.key != g.parent]
        if not candidates:
            continue
        target = candidates[0]
        monkeypatch.setattr(editor_dialogs.ParentDialog, "target", lambda self, t=target.key: t)
        c.select([g.key])
        assert editor.actions_by_id["editor.parent"].isEnabled()
        editor.actions_by_id["editor.parent"].trigger()
        if s.history:
            moved = (g, target)
            break
    assert moved is not None, editor.message.text()
    g, target = moved
    now = s.grid(g.key)
    assert now.parent == target.key and now.code.startswith(target.code[:12])
    assert s.validate().ok
    # both responsibility grids changed in the same gesture: one undo restores everything
    assert {g.key, g.parent, target.key} <= set(s.history[0].keys)
    editor.undo()
    assert s.grid(g.key).parent == g.parent and s.grid(g.key).code == g.code


def test_a_commit_that_would_break_the_tiling_is_refused_with_the_reasons(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    c = editor.controller
    s = c.session
    loaded = sloppy_session(s)
    a = loaded.grid(shared_interior_vertex(s)[2][0])
    # the sloppy geometry is an edit of this session (as if drawn here), so it is committed
    session = EditSession(list(s.grids.values()), s.town, strict=False, node_on_load=False)
    parents = {g.code: s.grid(g.parent).code for g in s.by_level(MANAGEMENT)}  # type: ignore[arg-type]
    session.replace_grids(
        [g for g in loaded.grids.values() if g.key == a.key], levels=[MANAGEMENT],
        parent_codes=parents, remove_missing=False,
    )
    c.set_session(session)
    failures: list[Exception] = []
    c.commit_failed.connect(failures.append)
    c.commit("越界的修改", date(2026, 11, 27))
    settle(qapp)
    assert failures and getattr(failures[0], "issues", None)
    assert c.issues and editor.side.currentWidget() is editor.issues
    assert editor.message.text()
    assert grid_versions(c.engine) == []
    assert c.session is session and session.dirty  # the edits are kept


def test_boundaries_saved_elsewhere_reload_a_clean_editor_and_warn_a_busy_one(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    c = editor.controller
    engine = c.engine
    theirs = load_edit_session(engine)
    x, y, _ = shared_interior_vertex(theirs)
    theirs.move_vertex((x, y), (x + 3.0, y))
    commit_edit_session(engine, OTHER, theirs, note="另一台工作站")
    editor.on_live_changes({"grid": {1}})
    settle(qapp)
    s = c.session
    assert any(abs(cx - (x + 3.0)) < 1e-3 for g in s.grids.values() for cx, _ in shapely.get_coordinates(g.geometry))
    # with unsaved edits of its own the editor keeps them and warns
    _move_shared_vertex(editor, 0, 4)
    editor.on_live_changes({"grid": {1}})
    settle(qapp)
    assert c.session is s and s.dirty and editor.message.text()


def test_a_selected_version_is_outlined_on_the_editor_map(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    engine = editor.controller.engine
    theirs = load_edit_session(engine)
    x, y, _owners = shared_interior_vertex(theirs)
    theirs.move_vertex((x, y), (x + 3.0, y))
    commit_edit_session(engine, OTHER, theirs, note="版本一")
    editor.show_history()
    editor.history.refresh()
    settle(qapp)
    if not editor.layer.history:  # the panel may wait for a click to pick a version
        editor.history.table.selectRow(0)
        settle(qapp)
    assert editor.layer.history and all(a is not None for _, a in editor.layer.history)
    editor.grab()
    editor.side.setCurrentWidget(editor.issues)
    assert editor.layer.history == []


def test_shift_finishes_a_drawing_into_a_gap_only(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    c = editor.controller
    s = c.session
    hole = sorted(s.by_level(MANAGEMENT), key=lambda g: g.key)[3]
    # a layer with one management grid missing (a hole, as a sloppy import leaves it)
    c.set_session(EditSession([g for g in s.grids.values() if g.key != hole.key], s.town, strict=False,
                              node_on_load=False))
    x0, y0, x1, y1 = hole.geometry.bounds
    zoom_on(editor, ((x0 + x1) / 2, (y0 + y1) / 2), max(x1 - x0, y1 - y0) / 500)
    editor.actions_by_id["editor.tool.draw"].trigger()
    editor.snap_spin.setValue(0)
    for px, py in ((x0 - 20, y0 - 20), (x1 + 20, y0 - 20), (x1 + 20, y1 + 20), (x0 - 20, y1 + 20)):
        click(editor.canvas, screen(editor, (px, py)))
    key(editor.canvas, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    new = [k for k in c.session.grids if k < 0]
    assert len(new) == 1, editor.message.text()
    assert c.session.grid(new[0]).geometry.area == pytest.approx(hole.geometry.area, rel=1e-6)
    assert c.session.grid(new[0]).parent == hole.parent


def test_the_edit_layer_pans_by_shifting_its_image(qapp, editor) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage, QPainter

    from desktop.editor.layer import PAN_MARGIN

    v = editor.canvas.view
    target = QImage(v.width, v.height, QImage.Format.Format_ARGB32_Premultiplied)

    def draw() -> object:
        p = QPainter(target)
        editor.layer(p, v)
        p.end()
        return editor.layer._image

    first = draw()
    v.pan(PAN_MARGIN / 2, -PAN_MARGIN / 3)
    assert draw() is first  # a pan inside the margin: the same image, shifted
    v.pan(PAN_MARGIN * 2, 0)
    assert draw() is not first  # beyond it: drawn again
    again = draw()
    editor.controller.select([next(iter(editor.controller.session.grids))])
    assert draw() is not again  # any change of what is drawn: drawn again


def test_a_city_seen_whole_draws_only_its_responsibility_grids(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage, QPainter
    from shapely.geometry import box

    from desktop.editor.layer import OVERVIEW_ABOVE, EditLayer
    from gis.editing import EditGrid
    from gis.mapmodel import MapViewState

    n = 64  # 4,096 management grids of 100 m in 64 responsibility grids of 800 m
    grids = [
        EditGrid(10_000 + r * 8 + c, RESPONSIBILITY, f"3101181060{r:1d}{c:1d}00"[:14], f"R{r}{c}",
                 box(c * 800, r * 800, (c + 1) * 800, (r + 1) * 800))
        for r in range(8) for c in range(8)
    ]
    grids += [
        EditGrid(i * n + j + 1, MANAGEMENT, f"M{i:02d}{j:02d}", f"M{i}-{j}",
                 box(j * 100, i * 100, (j + 1) * 100, (i + 1) * 100), 10_000 + (i // 8) * 8 + j // 8)
        for i in range(n) for j in range(n)
    ]
    assert n * n > OVERVIEW_ABOVE
    c = EditorController(None, EDITOR)
    c.set_session(EditSession(grids, None, node_on_load=False))
    layer = EditLayer(c)
    img = QImage(1200, 900, QImage.Format.Format_ARGB32_Premultiplied)
    for mpp, overview in ((8.0, True), (0.5, False)):
        p = QPainter(img)
        layer(p, MapViewState(3200, 3200, mpp, 1200, 900))
        p.end()
        assert layer.overview is overview


def test_one_key_shortcuts_act_on_the_map_only(qapp, editor, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor.activateWindow()
    editor.canvas.setFocus()
    qtbot.keyClick(editor.canvas, Qt.Key.Key_P)
    assert editor.canvas.edit_tool is editor.tools["draw"]
    qtbot.keyClick(editor.canvas, Qt.Key.Key_V)
    assert editor.canvas.edit_tool is editor.tools["vertex"]
    # typing in a panel's field: the letters stay text
    editor.attributes.department.setFocus()
    qtbot.keyClick(editor.attributes.department, Qt.Key.Key_P)
    assert editor.canvas.edit_tool is editor.tools["vertex"]
