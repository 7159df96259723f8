"""Named views of the grid editor for `python main.py screenshot --view NAME`:

- "editor": the editor window over the town, a management grid selected, its attributes;
- "editor_vertex": zoomed in on a shared vertex being dragged (rubber lines, the snap
  target), after one edit (the changed grids in amber);
- "editor_problems": a sloppy layer (one grid reaching into its neighbour, as an import
  could leave it) validated in full, the problem list open, zoomed to the first problem;
- "editor_conflict": the dialog shown when another workstation changed the grid first.
The io views ("editor_import", "editor_export", "editor_history") are in io_screens.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import shapely
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from shapely.geometry import Point

from db.ops import Conflict
from desktop.editor.dialogs import ConflictDialog
from desktop.editor.window import GridEditorWindow
from desktop.worker import wait_idle
from gis.editing import EditSession
from gis.validation import MANAGEMENT

VIEWS: tuple[str, ...] = ("editor", "editor_vertex", "editor_problems", "editor_conflict")
SCREEN_DAY = date(2026, 11, 27)


def _settle() -> None:
    app = QApplication.instance()
    for _ in range(3):
        if app is not None:
            app.processEvents()
    wait_idle(60_000)
    for _ in range(3):
        if app is not None:
            app.processEvents()


def _actor(source: Any, role: str) -> Any:
    if role == "duty_officer":  # the CLI's default role: these screens are the map editor's
        role = "map_editor"
    return source.demo_actor(role)


def shared_vertex(s: EditSession) -> tuple[float, float, list[int]]:
    """An inner vertex shared by two management grids of one responsibility grid."""
    for g in sorted(s.by_level(MANAGEMENT), key=lambda g: g.key):
        parent = s.grid(g.parent) if g.parent is not None else None
        for x, y in shapely.get_coordinates(g.geometry)[:-1]:
            p = Point(x, y)
            if parent is None or parent.geometry.exterior.distance(p) < 5:
                continue
            owners = [h.key for h in s.by_level(MANAGEMENT) if h.geometry.exterior.distance(p) < 1e-6]
            if len(owners) >= 2:
                return float(x), float(y), owners
    raise LookupError("no shared inner vertex")


def _mouse(widget: QWidget, kind: QEvent.Type, pos: QPointF, buttons: Qt.MouseButton) -> None:
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    ev = QMouseEvent(kind, pos, QPointF(widget.mapToGlobal(pos.toPoint())), button, buttons,
                     Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)


def build_view(view: str, source: Any, role: str = "map_editor", size: tuple[int, int] = (1600, 1000)) -> QWidget:
    win = GridEditorWindow(source, _actor(source, role), today=SCREEN_DAY)
    win.confirm_close = False  # the grab closes it: no question about the demo edit
    win.resize(*size)
    win.show()
    _settle()
    c = win.controller
    s = c.session
    if s is None:
        return win
    if view == "editor":
        g = sorted(s.by_level(MANAGEMENT), key=lambda g: -g.geometry.area)[len(s.grids) // 3]
        c.select([g.key])
        parent = c.grid(g.parent) if g.parent is not None else None
        x0, y0, x1, y1 = (parent or g).geometry.bounds
        win.model.view.zoom_to_extent((x0, y0, x1, y1), margin=0.08)
    elif view == "editor_vertex":
        x, y, owners = shared_vertex(s)
        win.canvas.view.center_on(x + 30, y - 10, 0.9)
        _settle()
        # one finished edit elsewhere on the same grids, then a drag in progress
        g = s.grid(owners[0])
        c.select([g.key])
        coords = shapely.get_coordinates(g.geometry)[:-1]
        other = next((float(cx), float(cy)) for cx, cy in coords if abs(cx - x) + abs(cy - y) > 1)
        c.do("move_vertex", other, (other[0] + 4.0, other[1] - 3.0))
        sx, sy = win.canvas.view.world_to_screen(x, y)
        start = QPointF(sx, sy)
        _mouse(win.canvas, QEvent.Type.MouseMove, start, Qt.MouseButton.NoButton)
        _mouse(win.canvas, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
        for i in range(1, 5):
            _mouse(win.canvas, QEvent.Type.MouseMove, start + QPointF(9 * i, -6 * i), Qt.MouseButton.LeftButton)
    elif view == "editor_problems":
        x, y, owners = shared_vertex(s)
        a = s.grid(owners[0])
        grids = [
            g if g.key != a.key else g.with_(geometry=shapely.buffer(g.geometry, 3.0, join_style="mitre"))
            for g in s.grids.values()
        ]
        c.set_session(EditSession(grids, s.town, strict=False, node_on_load=False))
        win.validate_all()
        _settle()
        win.issues.zoom_to_current()
        win.model.view.zoom_at(0.5)
    elif view == "editor_conflict":
        return _conflict_dialog(win, source)
    _settle()
    win.canvas.update()
    return win


def _conflict_dialog(win: GridEditorWindow, source: Any) -> QWidget:
    """The dialog as a refused commit shows it: another workstation moved a vertex of the
    grid first. Built from the session without writing to the database (a screenshot must
    not change the data it is pointed at); the shape is db.grid_edit's Conflict."""
    from shapely.geometry import mapping

    from gis.crs import to_storage

    s = win.controller.session
    assert s is not None
    x, y, owners = shared_vertex(s)
    g = s.grid(owners[0])
    yours = shapely.transform(g.geometry, lambda c: _moved(c, (x, y), (x - 12.0, y + 20.0)))
    theirs = shapely.transform(g.geometry, lambda c: _moved(c, (x, y), (x + 18.0, y + 6.0)))
    exc = Conflict(
        "conflict",
        {
            "grid_id": g.key, "code": g.code, "changed_by": "王建国（地图编辑）",
            "changed_at": "2026-11-27T09:42:00", "note": "按街道新测绘调整华中苑北侧边界",
            "yours": {"version": g.version, "state": {"code": g.code, "name": g.name},
                      "geometry": mapping(to_storage(yours))},
            "theirs": {"version": (g.version or 1) + 1, "state": {"code": g.code, "name": g.name},
                       "geometry": mapping(to_storage(theirs))},
        },
    )
    dialog = ConflictDialog(exc, win)
    dialog.resize(760, 620)
    dialog.show()
    _settle()
    return dialog


def _moved(c: Any, src: tuple[float, float], dst: tuple[float, float]) -> Any:
    out = c.copy()
    hit = (abs(out[:, 0] - src[0]) < 1e-6) & (abs(out[:, 1] - src[1]) < 1e-6)
    out[hit] = dst
    return out
