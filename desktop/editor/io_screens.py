"""Named views of the map editor's import, export and history for
`python main.py screenshot --view NAME`: "editor_import" (the import dialog with the check
report of a deliberately bad file), "editor_export" (the export dialog after writing a
Shapefile) and "editor_history" (the boundary history with the newest version selected).

Each is built on a real database, loaded and ready to grab. A database without any boundary
version gets one first: a small, valid vertex move committed as the demo map editor, chosen
so that a key point changes grid and the history shows a real diff with a moved record.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from PySide6.QtWidgets import QWidget
from shapely.geometry import Point

from db.grid_edit import commit_edit_session, export_grids, grid_versions, load_edit_session
from desktop.editor.history import HistoryPanel
from desktop.editor.io_dialogs import ExportGridsDialog, ImportGridsDialog
from desktop.worker import wait_idle
from gis.crs import project_xy
from gis.editing import EditRefused, EditSession
from gis.validation import MANAGEMENT

VIEWS: tuple[str, ...] = ("editor_import", "editor_export", "editor_history")
DEMO_NOTE = "示例：赵巷新苑围墙外移，边界顺延"


def wait_until_loaded(timeout: float = 60.0) -> bool:
    """Let the background calls finish (their answers, and the calls they start, included)."""
    return wait_idle(int(timeout * 1000))


def _actor(source: Any, role: str) -> Any:
    if role == "duty_officer":  # the CLI's default role: these screens are the map editor's
        role = "map_editor"
    return source.demo_actor(role)


def write_bad_file(folder: Path, engine: Any) -> Path:
    """The town's management grids as GeoJSON with four typical mistakes: a boundary that
    crosses itself, a grid drawn as a line, a code used twice and a code of 13 digits."""
    path = folder / "街道提供的管理网格.geojson"
    export_grids(engine, path, "geojson", level="management")
    doc = json.loads(path.read_text(encoding="utf-8"))
    feats = doc["features"]
    ring = feats[3]["geometry"]["coordinates"][0]
    ring[1], ring[2] = ring[2], ring[1]  # a bow tie
    line = feats[20]["geometry"]["coordinates"][0]
    feats[20]["geometry"] = {"type": "LineString", "coordinates": line}
    feats[12]["properties"]["code"] = feats[11]["properties"]["code"]
    feats[30]["properties"]["code"] = feats[30]["properties"]["code"][:13]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _try_move(session: EditSession, points: np.ndarray) -> bool:
    """Move one interior vertex shared by management grids past a nearby key point, so the
    point changes grid; True when a valid such move was made."""
    tree = shapely.STRtree(shapely.points(points)) if len(points) else None
    for grid in sorted(session.by_level(MANAGEMENT), key=lambda g: g.key):
        parent = session.grid(grid.parent) if grid.parent is not None else None
        for x, y in shapely.get_coordinates(grid.geometry)[:-1]:
            v = (float(x), float(y))
            if parent is not None and parent.geometry.exterior.distance(Point(v)) < 5:
                continue
            if tree is None:
                break
            near = tree.query(Point(v).buffer(45))
            for i in near:
                px, py = points[int(i)]
                before = next((g.key for g in session.by_level(MANAGEMENT) if g.geometry.contains(Point(px, py))), None)
                dst = (px + (px - v[0]) * 0.6, py + (py - v[1]) * 0.6)
                try:
                    session.move_vertex(v, dst)
                except EditRefused:
                    continue
                after = next((g.key for g in session.by_level(MANAGEMENT) if g.geometry.contains(Point(px, py))), None)
                if before != after:
                    return True
                session.undo()
    return False


def ensure_a_version(source: Any, actor: Any) -> None:
    """Commit a small valid boundary edit when the database has no version yet."""
    engine = source.engine
    if grid_versions(engine, limit=1):
        return
    session = load_edit_session(engine)
    data = source.load_map_data()
    lon = np.array([p.lon for p in data.key_points], dtype=float)
    lat = np.array([p.lat for p in data.key_points], dtype=float)
    xs, ys = project_xy(lon, lat)
    if not _try_move(session, np.column_stack([xs, ys])):
        key = min(g.key for g in session.by_level(MANAGEMENT))
        for x, y in shapely.get_coordinates(session.grid(key).geometry)[:-1]:
            try:
                session.move_vertex((float(x), float(y)), (float(x) + 12.0, float(y) - 8.0))
                break
            except EditRefused:
                continue
    commit_edit_session(engine, actor, session, note=DEMO_NOTE)


def build_io_view(view: str, source: Any, role: str = "map_editor") -> QWidget:
    """The widget of a named view, loaded (background calls answered) and ready to grab."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; valid views: {', '.join(VIEWS)}")
    engine = source.engine
    actor = _actor(source, role)
    widget: QWidget
    if view == "editor_history":
        ensure_a_version(source, actor)
        panel = HistoryPanel(engine)
        panel.resize(1500, 900)
        wait_until_loaded()  # the page, then the newest version's diff it selects
        panel.tabs.setCurrentIndex(0)
        widget = panel
    else:
        tmp = tempfile.TemporaryDirectory(prefix="griddesk-editor-screen-")
        folder = Path(tmp.name)
        if view == "editor_import":
            dialog: Any = ImportGridsDialog(engine, actor)
            dialog.set_path(write_bad_file(folder, engine))
            dialog.note_edit.setText(DEMO_NOTE)
            dialog.start_check()
        else:
            dialog = ExportGridsDialog(engine, actor)
            dialog.set_format("shapefile")
            dialog.set_encoding("gbk")
            dialog.set_path(folder / "赵巷镇网格.shp")
            dialog.start_export()
        wait_until_loaded()
        dialog._screen_tmp = tmp  # the files live as long as the screen
        widget = dialog
    return widget
