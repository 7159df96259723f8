"""The grid editor's window: a map canvas with the edit layer and tools, the attribute and
problem panels, the boundary history, and the edit session's commit / rollback.

Opened from the main window's Grids menu by users who may edit grid boundaries (the map
editor, the administrator). Menus and the toolbar come from `EDITOR_ACTIONS`, one registry
filtered by role like the main window's.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QTabWidget,
    QToolBar,
    QWidget,
)

from db.ops import Actor, Conflict
from db.permissions import Permission, has_permission
from desktop import actions as action_registry
from desktop import theme
from desktop.actions import ActionSpec
from desktop.editor import texts
from desktop.editor.controller import EditorController
from desktop.editor.dialogs import (
    CommitDialog,
    ConflictDialog,
    MergeDialog,
    ParentDialog,
    moved_summary,
)
from desktop.editor.history import HistoryPanel
from desktop.editor.layer import EditLayer
from desktop.editor.panels import AttributePanel, IssuePanel
from desktop.editor.tools import DrawTool, EditorTool, ReshapeTool, SplitTool, VertexTool
from desktop.errors import error_text
from desktop.labels import QT_TRANSLATE_NOOP, Role
from desktop.map.canvas import MapCanvas
from gis.crs import METRIC_EPSG, to_metric
from gis.mapmodel import LayerId, MapModel
from gis.validation import MANAGEMENT, RESPONSIBILITY, Issue

log = logging.getLogger(__name__)

_EDITORS = frozenset(r for r in Role if has_permission(r, Permission.GRID_EDIT))


def _spec(id_: str, menu: str, text: str, handler: str, keys: tuple[str, ...] = (), **kw: Any) -> ActionSpec:
    return ActionSpec(id_, menu, text, handler, shortcuts=keys, roles=_EDITORS, **kw)


EDITOR_ACTIONS: tuple[ActionSpec, ...] = (
    _spec("editor.undo", "edit", QT_TRANSLATE_NOOP("Actions", "&Undo"), "undo", ("Ctrl+Z",), icon="undo", toolbar=True),
    _spec("editor.redo", "edit", QT_TRANSLATE_NOOP("Actions", "&Redo"), "redo", ("Ctrl+Y", "Ctrl+Shift+Z"),
          icon="redo", toolbar=True),
    _spec("editor.merge", "edit", QT_TRANSLATE_NOOP("Actions", "&Merge selected grids…"), "merge_selected", ("M",),
          icon="merge", toolbar=True, separator_before=True,
          tip=QT_TRANSLATE_NOOP("Actions", "Join adjacent grids into one (Ctrl+click to select several)")),
    _spec("editor.parent", "edit", QT_TRANSLATE_NOOP("Actions", "Move to another &responsibility grid…"),
          "move_selected_to_parent", ("Shift+M",), icon="parent", toolbar=True,
          tip=QT_TRANSLATE_NOOP("Actions", "Give the selected management grid to a neighbouring responsibility grid")),
    _spec("editor.delete_vertex", "edit", QT_TRANSLATE_NOOP("Actions", "Delete &vertex under the pointer"),
          "delete_hovered_vertex", ("Delete",)),
    _spec("editor.discard", "edit", QT_TRANSLATE_NOOP("Actions", "&Discard all edits…"), "discard_edits",
          ("Ctrl+Shift+Backspace",), icon="discard", separator_before=True,
          tip=QT_TRANSLATE_NOOP("Actions", "Roll back every edit of this session; the database is untouched")),
    _spec("editor.tool.vertex", "tools", QT_TRANSLATE_NOOP("Actions", "&Vertex tool"), "set_tool", ("V",),
          icon="vertex", param="vertex", checkable=True, toolbar=True,
          tip=QT_TRANSLATE_NOOP("Actions", "Drag vertices (shared ones move in every grid), click to select")),
    _spec("editor.tool.draw", "tools", QT_TRANSLATE_NOOP("Actions", "&Draw a new grid"), "set_tool", ("P",),
          icon="draw", param="draw", checkable=True, toolbar=True,
          tip=QT_TRANSLATE_NOOP("Actions", "Click the corners, double-click or Enter to finish")),
    _spec("editor.tool.split", "tools", QT_TRANSLATE_NOOP("Actions", "&Split a grid"), "set_tool", ("K",),
          icon="split", param="split", checkable=True, toolbar=True,
          tip=QT_TRANSLATE_NOOP("Actions", "Draw a line across a grid, double-click or Enter to cut")),
    _spec("editor.tool.reshape", "tools", QT_TRANSLATE_NOOP("Actions", "&Reshape a boundary"), "set_tool", ("R",),
          icon="reshape", param="reshape", checkable=True, toolbar=True,
          tip=QT_TRANSLATE_NOOP("Actions", "Draw the new boundary from the old one out and back")),
    _spec("editor.level.management", "tools", QT_TRANSLATE_NOOP("Actions", "Edit &management grids"), "set_level",
          ("Ctrl+1",), param=MANAGEMENT, separator_before=True),
    _spec("editor.level.responsibility", "tools", QT_TRANSLATE_NOOP("Actions", "Edit r&esponsibility grids"),
          "set_level", ("Ctrl+2",), param=RESPONSIBILITY),
    _spec("editor.validate", "grids", QT_TRANSLATE_NOOP("Actions", "&Validate all grids"), "validate_all", ("F7",),
          icon="validate", toolbar=True, separator_before=True,
          tip=QT_TRANSLATE_NOOP("Actions", "Check the whole layer: gaps, overlaps, slivers, codes")),
    _spec("editor.commit", "grids", QT_TRANSLATE_NOOP("Actions", "&Save as a boundary version…"), "commit_edits",
          ("Ctrl+S",), icon="commit", toolbar=True,
          tip=QT_TRANSLATE_NOOP("Actions", "Write every edit in one transaction, refused if the tiling breaks")),
    _spec("editor.reload", "grids", QT_TRANSLATE_NOOP("Actions", "&Reload from the database"), "reload_grids",
          ("F5",), icon="refresh"),
    _spec("editor.history", "grids", QT_TRANSLATE_NOOP("Actions", "Boundary &versions"), "show_history",
          ("Ctrl+H",), separator_before=True),
    _spec("editor.import", "grids", QT_TRANSLATE_NOOP("Actions", "&Import grid boundaries…"), "import_grids",
          ("Ctrl+I",)),
    _spec("editor.export", "grids", QT_TRANSLATE_NOOP("Actions", "E&xport grid boundaries…"), "export_grids",
          ("Ctrl+Shift+E",)),
    _spec("editor.full_extent", "grids", QT_TRANSLATE_NOOP("Actions", "&Full extent"), "zoom_full", ("Home",),
          icon="extent", separator_before=True),
    _spec("editor.close", "grids", QT_TRANSLATE_NOOP("Actions", "&Close editor"), "close", ("Ctrl+W",)),
)


class GridEditorWindow(QMainWindow):
    def __init__(
        self,
        source: Any,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("gridEditorWindow")
        self.setWindowTitle(self.tr("Grid boundary editor"))
        self.source = source
        self.actor = actor
        self.engine = source.engine
        self.today = today or date.today()
        self.controller = EditorController(self.engine, actor, self)
        self.confirm_close = True  # ask about unsaved edits (screenshots and tests turn it off)

        # the other layers for orientation (key points, cameras, rivers); the grids are
        # drawn by the edit layer from the session
        self.model = MapModel(source.load_map_data(), display_epsg=METRIC_EPSG)
        for lid in (LayerId.RESPONSIBILITY, LayerId.MANAGEMENT, LayerId.CASES, LayerId.MEETINGS):
            if lid in {layer.id for layer in self.model.layers}:
                self.model.set_visible(lid, False)
        self.canvas = MapCanvas(self.model, self)
        self.canvas.setObjectName("editorCanvas")
        self.layer = EditLayer(self.controller)
        self.canvas.overlays.append(self.layer)
        self.setCentralWidget(self.canvas)

        self.tools: dict[str, EditorTool] = {
            "vertex": VertexTool(self.controller),
            "draw": DrawTool(self.controller),
            "split": SplitTool(self.controller),
            "reshape": ReshapeTool(self.controller),
        }
        self.tool_name = "vertex"

        try:
            departments = list(source.departments())
        except Exception:  # the picker is then empty; everything else works
            log.exception("departments failed")
            departments = []
        self.attributes = AttributePanel(self.controller, departments, self)
        self.issues = IssuePanel(self.controller, self)
        self.side = QTabWidget(self)
        self.side.setObjectName("editorSideTabs")
        self.side.addTab(self.attributes, self.tr("Attributes"))
        self.side.addTab(self.issues, self.tr("Problems"))
        self.history = HistoryPanel(self.engine, self)
        self.history_index = self.side.addTab(self.history, self.tr("Versions"))
        self.history.zoom_requested.connect(
            lambda x0, y0, x1, y1: self.model.view.zoom_to_extent((x0, y0, x1, y1), margin=0.15)
        )
        self.history.version_selected.connect(self._show_version)
        self.side.currentChanged.connect(self._on_side_tab)
        dock = QDockWidget(self.tr("Grid"), self)
        dock.setObjectName("editorDock")
        dock.setWidget(self.side)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.dock = dock

        self.actions_by_id: dict[str, QAction] = action_registry.build_actions(self, actor.role, EDITOR_ACTIONS)
        self.menus = action_registry.populate_menus(self.menuBar(), self.actions_by_id, EDITOR_ACTIONS)
        group = QActionGroup(self)
        for name in self.tools:
            a = self.actions_by_id.get(f"editor.tool.{name}")
            if a is not None:
                group.addAction(a)
        self.level_group = QActionGroup(self)
        for level in (MANAGEMENT, RESPONSIBILITY):
            a = self.actions_by_id.get(f"editor.level.{level}")
            if a is not None:
                a.setCheckable(True)
                self.level_group.addAction(a)
        short = {  # the toolbar's words; the menus keep the full text
            "editor.undo": self.tr("Undo"), "editor.redo": self.tr("Redo"),
            "editor.merge": self.tr("Merge"), "editor.parent": self.tr("Change parent"),
            "editor.tool.vertex": self.tr("Vertices"), "editor.tool.draw": self.tr("Draw"),
            "editor.tool.split": self.tr("Split"), "editor.tool.reshape": self.tr("Reshape"),
            "editor.validate": self.tr("Validate"), "editor.commit": self.tr("Save"),
        }
        for action_id, text in short.items():
            if action_id in self.actions_by_id:
                self.actions_by_id[action_id].setIconText(text)
        self.toolbar = self._build_toolbar()
        self._build_status_bar()

        c = self.controller
        c.edited.connect(self._on_edited)
        c.refused.connect(self._on_refused)
        c.selection_changed.connect(self._on_selection_changed)
        c.issues_changed.connect(self.canvas.update)
        c.issues_changed.connect(self._on_issues_changed)
        c.busy_changed.connect(self._on_busy)
        c.loaded.connect(self._on_loaded)
        c.load_failed.connect(self._on_load_failed)
        c.committed.connect(self._on_committed)
        c.commit_failed.connect(self._on_commit_failed)
        self.issues.zoom_requested.connect(self.zoom_to_issue)
        self.canvas.cursor_moved.connect(self._on_cursor)

        self.set_tool("vertex")
        self._check_level(MANAGEMENT)
        self._update_actions()
        self.resize(1500, 950)
        self.resizeDocks([dock], [430], Qt.Orientation.Horizontal)
        self.canvas.setFocus()
        c.load()

    # ------------------------------------------------------------------ construction
    def _show_version(self, diff: Any) -> None:
        """Outline a version's changes on the map while the Versions tab is open: before
        dashed red, after green (the edit layer draws them)."""
        pairs = []
        for g in getattr(diff, "grids", []):
            before = to_metric(g.before_geometry) if g.before_geometry is not None else None
            after = to_metric(g.after_geometry) if g.after_geometry is not None else None
            pairs.append((before, after))
        self.layer.set_history(pairs)
        self.canvas.update()

    def _on_side_tab(self, index: int) -> None:
        if index != self.history_index and self.layer.history:
            self.layer.set_history([])
            self.canvas.update()

    def _build_toolbar(self) -> QToolBar:
        tb = QToolBar(self.tr("Editor toolbar"), self)
        tb.setObjectName("editorToolbar")
        tb.setMovable(False)
        tb.setIconSize(QSize(26, 26))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        action_registry.populate_toolbar(tb, self.actions_by_id, EDITOR_ACTIONS)
        tb.addSeparator()
        tb.addWidget(QLabel(" " + self.tr("Level") + " ", tb))
        self.level_combo = QComboBox(tb)
        self.level_combo.setObjectName("editorLevel")
        self.level_combo.addItem(self.tr("Management grids"), MANAGEMENT)
        self.level_combo.addItem(self.tr("Responsibility grids"), RESPONSIBILITY)
        self.level_combo.currentIndexChanged.connect(
            lambda i: self.set_level(self.level_combo.itemData(i))
        )
        tb.addWidget(self.level_combo)
        tb.addWidget(QLabel("  " + self.tr("Snap") + " ", tb))
        self.snap_spin = QSpinBox(tb)
        self.snap_spin.setObjectName("editorSnap")
        self.snap_spin.setRange(0, 30)
        self.snap_spin.setValue(int(self.controller.snap_pixels))
        self.snap_spin.setSuffix(" " + self.tr("px"))
        self.snap_spin.setSpecialValueText(self.tr("off"))
        self.snap_spin.setToolTip(self.tr("Snap to vertices and edges within this many pixels (0: off)"))
        self.snap_spin.valueChanged.connect(lambda v: setattr(self.controller, "snap_pixels", float(v)))
        tb.addWidget(self.snap_spin)
        self.addToolBar(tb)
        return tb

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.message = QLabel(self)
        self.message.setObjectName("editorMessage")
        self.pending = QLabel(self)
        self.pending.setObjectName("editorPending")
        self.coords = QLabel(self)
        self.coords.setObjectName("editorCoords")
        sb.addWidget(self.message, 1)
        sb.addPermanentWidget(self.pending)
        sb.addPermanentWidget(self.coords)
        self._clear_message = QTimer(self)
        self._clear_message.setSingleShot(True)
        self._clear_message.setInterval(12_000)
        self._clear_message.timeout.connect(lambda: self.message.setText(""))

    # ------------------------------------------------------------------ status
    def say(self, text: str, error: bool = False) -> None:
        colour = theme.OVERDUE_COLOUR if error else theme.TEXT
        self.message.setStyleSheet(f"color: {colour}; font-weight: {'bold' if error else 'normal'};")
        self.message.setText(text)
        self._clear_message.start()

    def _update_actions(self) -> None:
        c = self.controller
        s = c.session
        ready = c.ready
        a = self.actions_by_id
        if "editor.undo" in a:
            a["editor.undo"].setEnabled(ready and s is not None and s.can_undo)
            label = s.undo_label if s is not None else None
            text = self.tr("Undo %1").replace("%1", texts.gesture_label_text(label)) if label else self.tr("&Undo")
            a["editor.undo"].setText(text)
            a["editor.undo"].setIconText(self.tr("Undo"))
            a["editor.undo"].setToolTip(f"{text} (Ctrl+Z)")
        if "editor.redo" in a:
            a["editor.redo"].setEnabled(ready and s is not None and s.can_redo)
            label = s.redo_label if s is not None else None
            text = self.tr("Redo %1").replace("%1", texts.gesture_label_text(label)) if label else self.tr("&Redo")
            a["editor.redo"].setText(text)
            a["editor.redo"].setIconText(self.tr("Redo"))
            a["editor.redo"].setToolTip(f"{text} (Ctrl+Y)")
        sel = [c.grid(k) for k in c.selected]
        if "editor.merge" in a:
            a["editor.merge"].setEnabled(ready and len(sel) >= 2)
        if "editor.parent" in a:
            a["editor.parent"].setEnabled(ready and len(sel) == 1 and sel[0] is not None and sel[0].level == MANAGEMENT)
        dirty = c.dirty
        for name in ("editor.commit", "editor.discard"):
            if name in a:
                a[name].setEnabled(ready and dirty)
        for name in ("editor.validate", "editor.reload", "editor.import"):
            if name in a:
                a[name].setEnabled(ready)
        n = len(s.changes()) if s is not None else 0
        self.pending.setText(self.tr("%n grids changed, not saved", "", n) if n else self.tr("No unsaved edits"))
        self.pending.setStyleSheet(f"color: {theme.WARN_COLOUR if n else theme.TEXT_DIM};")
        title = self.tr("Grid boundary editor")
        self.setWindowTitle(f"{title} *" if n else title)

    # ------------------------------------------------------------------ controller events
    def _on_loaded(self) -> None:
        self.canvas.update()
        self._update_actions()
        s = self.controller.session
        if s is not None:
            self.say(self.tr("%n grids loaded for editing.", "", len(s.grids)))

    def _on_load_failed(self, exc: Exception) -> None:
        self.say(self.tr("The grids could not be loaded: %1").replace("%1", str(exc)), error=True)

    def _on_edited(self, gesture: Any, kind: str) -> None:
        self.canvas.update()
        self._update_actions()
        if gesture is None:
            self.say(self.tr("Every edit was discarded."))
            return
        label = texts.gesture_label_text(gesture.label)
        n = len(gesture.keys)
        words = {
            "do": self.tr("%1: %n grids changed.", "", n),
            "undo": self.tr("Undone %1 (%n grids).", "", n),
            "redo": self.tr("Redone %1 (%n grids).", "", n),
        }
        self.say(words.get(kind, "%1").replace("%1", label))

    def _on_refused(self, text: str, exc: Any) -> None:
        self.say(text, error=True)
        self.canvas.update()

    def _on_selection_changed(self) -> None:
        self.canvas.update()
        self._update_actions()
        if self.controller.selected and self.side.currentWidget() not in (self.attributes, self.issues):
            self.side.setCurrentWidget(self.attributes)

    def _on_issues_changed(self) -> None:
        n = len(self.controller.issues)
        i = self.side.indexOf(self.issues)
        self.side.setTabText(i, self.tr("Problems (%1)").replace("%1", str(n)) if n else self.tr("Problems"))

    def _on_busy(self, busy: bool) -> None:
        self._update_actions()
        if busy:
            self.canvas.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.canvas.unsetCursor()

    def _on_committed(self, result: Any) -> None:
        self._update_actions()
        self.say(moved_summary(result))
        self.history.refresh()
        QMessageBox.information(self, self.tr("Boundary version saved"), moved_summary(result))

    def _on_commit_failed(self, exc: Exception) -> None:
        self._update_actions()
        if isinstance(exc, Conflict):
            keys = self.controller.conflict_keys(exc)
            if keys:
                self.controller.select(keys)
            dialog = ConflictDialog(exc, self)
            if dialog.exec() == ConflictDialog.RELOAD:
                self.controller.load()
            return
        issues = getattr(exc, "issues", None)
        if issues:
            self.side.setCurrentWidget(self.issues)
            self.say(
                self.tr("Not saved: the tiling would break (%n problems). Nothing was written.", "", len(issues)),
                error=True,
            )
            return
        head, detail = error_text(exc)
        self.say(f"{head} {detail}", error=True)
        QMessageBox.warning(self, self.tr("Not saved"), f"{head}\n\n{detail}")

    def _on_cursor(self, x: float, y: float) -> None:
        self.coords.setText(f"X {x:,.1f}  Y {y:,.1f}  (EPSG:{METRIC_EPSG})")

    # ------------------------------------------------------------------ handlers (EDITOR_ACTIONS)
    def set_tool(self, name: str, checked: bool = True) -> None:
        if not checked or name not in self.tools:
            return
        old = self.tools.get(self.tool_name)
        if isinstance(old, (DrawTool, SplitTool)):
            old.cancel()
        self.tool_name = name
        tool = self.tools[name]
        tool.canvas = self.canvas
        self.canvas.set_edit_tool(tool)
        a = self.actions_by_id.get(f"editor.tool.{name}")
        if a is not None and not a.isChecked():
            a.setChecked(True)
        hints = {
            "vertex": self.tr("Vertex tool: drag a vertex or an edge midpoint; Delete removes the vertex under the pointer."),
            "draw": self.tr("Draw: click the corners of the new grid; double-click, Enter or right-click finishes (with Shift: fill a gap only)."),
            "split": self.tr("Split: draw a line across the grid; double-click, Enter or right-click cuts."),
            "reshape": self.tr("Reshape: draw from the boundary out and back to it; double-click or Enter applies."),
        }
        self.say(hints[name])

    def set_level(self, level: str, checked: bool = True) -> None:
        if not checked or level not in (MANAGEMENT, RESPONSIBILITY):
            return
        self.controller.set_level(level)
        self._check_level(level)

    def _check_level(self, level: str) -> None:
        i = self.level_combo.findData(level)
        if i >= 0 and self.level_combo.currentIndex() != i:
            self.level_combo.setCurrentIndex(i)
        a = self.actions_by_id.get(f"editor.level.{level}")
        if a is not None and not a.isChecked():
            a.setChecked(True)

    def undo(self) -> None:
        self.controller.undo()

    def redo(self) -> None:
        self.controller.redo()

    def delete_hovered_vertex(self) -> None:
        tool = self.tools["vertex"]
        assert isinstance(tool, VertexTool)
        if self.tool_name == "vertex" and tool.hover is not None and tool.hover.kind == "vertex":
            self.controller.do("delete_vertex", tool.hover.xy)
            tool.hover = None

    def merge_selected(self) -> None:
        c = self.controller
        grids = [g for k in c.selected if (g := c.grid(k)) is not None]
        if len(grids) < 2:
            self.say(self.tr("Select two or more neighbouring grids first (Ctrl+click)."), error=True)
            return
        dialog = MergeDialog(grids, self)
        if dialog.exec() == MergeDialog.DialogCode.Accepted and (keep := dialog.keep()) is not None:
            c.do("merge_grids", [g.key for g in grids], keep)

    def move_selected_to_parent(self) -> None:
        c = self.controller
        g = c.grid(c.selected[0]) if len(c.selected) == 1 else None
        if g is None or g.level != MANAGEMENT:
            self.say(self.tr("Select one management grid first."), error=True)
            return
        candidates = [n for n in c.neighbours(g.key, RESPONSIBILITY) if n.key != g.parent]
        if not candidates:
            self.say(self.tr("Grid %1 borders no other responsibility grid.").replace("%1", g.code), error=True)
            return
        dialog = ParentDialog(g, candidates, self)
        if dialog.exec() == ParentDialog.DialogCode.Accepted and (target := dialog.target()) is not None:
            c.do("move_to_parent", g.key, target)

    def discard_edits(self) -> None:
        if not self.controller.dirty:
            return
        answer = QMessageBox.question(
            self, self.tr("Discard all edits"),
            self.tr("Roll back every edit of this session? The database has not been changed."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.controller.revert()

    def validate_all(self) -> None:
        self.side.setCurrentWidget(self.issues)
        self.controller.validate_all()

    def commit_edits(self) -> None:
        c = self.controller
        if not c.dirty or not c.ready:
            return
        dialog = CommitDialog(c, self.today, self)
        if dialog.exec() == CommitDialog.DialogCode.Accepted:
            self.say(self.tr("Saving…"))
            c.commit(dialog.note_text(), dialog.effective_date())

    def reload_grids(self) -> None:
        if self.controller.dirty:
            answer = QMessageBox.question(
                self, self.tr("Reload"),
                self.tr("Reloading drops your unsaved edits. Reload anyway?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.controller.load()

    def show_history(self) -> None:
        self.side.setCurrentWidget(self.history)
        self.dock.show()

    def import_grids(self) -> None:
        from desktop.editor.io_dialogs import ImportGridsDialog

        if self.controller.dirty:
            self.say(self.tr("Save or discard your edits before importing."), error=True)
            return
        dialog = ImportGridsDialog(self.engine, self.actor, self)
        dialog.imported.connect(lambda _outcome: self._after_import())
        dialog.exec()

    def _after_import(self) -> None:
        self.controller.load()
        self.history.refresh()

    def export_grids(self) -> None:
        from desktop.editor.io_dialogs import ExportGridsDialog

        ExportGridsDialog(self.engine, self.actor, self).exec()

    def zoom_full(self) -> None:
        self.model.zoom_to_full_extent()

    def zoom_to_issue(self, issue: Issue) -> None:
        x0, y0, x1, y1 = issue.bbox
        pad = max(40.0, (x1 - x0) * 0.6, (y1 - y0) * 0.6)
        self.model.view.zoom_to_extent((x0 - pad, y0 - pad, x1 + pad, y1 + pad), margin=0.05)
        if issue.keys:
            self.controller.select([k for k in issue.keys if self.controller.grid(k) is not None][:1])

    def zoom_to_grid(self, key: int) -> None:
        g = self.controller.grid(key)
        if g is not None:
            x0, y0, x1, y1 = g.geometry.bounds
            self.model.view.zoom_to_extent((x0, y0, x1, y1), margin=0.12)

    # ------------------------------------------------------------------ other workstations
    def on_live_changes(self, grouped: dict[str, set[int]]) -> None:
        """Grids committed anywhere (the main window's change feed). Without edits of its
        own the editor simply reloads; with edits it says so -- saving will then show a
        conflict for any grid both changed, never overwrite it."""
        if "grid" not in grouped or self.controller.busy:
            return
        if self.controller.dirty:
            self.say(
                self.tr("Another workstation has just saved grid boundaries; if it changed a grid "
                        "you edited, saving will show both versions."),
                error=True,
            )
        else:
            self.controller.load()

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.controller.busy:
            self.say(self.tr("Please wait: the editor is talking to the database."), error=True)
            event.ignore()
            return
        if self.controller.dirty and self.confirm_close:
            box = QMessageBox(self)
            box.setWindowTitle(self.tr("Unsaved edits"))
            box.setText(self.tr("You have edits that are not saved as a boundary version."))
            save = box.addButton(self.tr("Save…"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
            cancel = box.addButton(self.tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is cancel:
                event.ignore()
                return
            if box.clickedButton() is save:
                event.ignore()
                self.commit_edits()
                return
        super().closeEvent(event)


def open_grid_editor(window: Any, what: str = "edit") -> GridEditorWindow | None:
    """Open (or raise) the editor from the main window; `what`: edit, history, import, export."""
    from desktop.supervision.common import actor_of

    source = window.source
    if getattr(source, "engine", None) is None:
        QMessageBox.information(window, QCoreApplication.translate("GridEditorWindow", "Grid editor"), QCoreApplication.translate("GridEditorWindow", "The grid editor needs a database."))
        return None
    editor = getattr(window, "_grid_editor", None)
    if editor is None or not editor.isVisible():
        actor = actor_of(window, window.role)
        if not has_permission(actor.role, Permission.GRID_EDIT):
            QMessageBox.warning(window, QCoreApplication.translate("GridEditorWindow", "Grid editor"), QCoreApplication.translate("GridEditorWindow", "Your role may not edit grid boundaries."))
            return None
        editor = GridEditorWindow(source, actor, window)
        window._grid_editor = editor
        live = getattr(getattr(window, "console", None), "live_updates", None)
        if live is not None:
            live.changed.connect(editor.on_live_changes)
    editor.show()
    editor.raise_()
    editor.activateWindow()
    if what == "history":
        editor.show_history()
    elif what == "import":
        QTimer.singleShot(0, editor.import_grids)
    elif what == "export":
        QTimer.singleShot(0, editor.export_grids)
    return editor

