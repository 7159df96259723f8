"""The duty-room main window: map in the centre, layers and town overview on the left, the live
case queue on the right, database / counts / cursor / clock in the status bar. Menus and the
toolbar come from the action registry (desktop.actions), filtered by the user's role."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from desktop import actions as action_registry
from desktop import labels
from desktop.case_queue import CaseQueuePanel
from desktop.console import install_console
from desktop.datasource import DataSource
from desktop.labels import Role
from desktop.layer_panel import LayerPanel
from desktop.map.canvas import MapCanvas
from desktop.map.meeting_layer import install_meeting_layer
from desktop.map.window_tools import display_epsg_of, install_map_tools
from desktop.overview_panel import OverviewPanel
from desktop.qtutil import observe
from gis.mapmodel import LayerId, MapModel

log = logging.getLogger(__name__)

CLOCK_MS = 1000
QUEUE_TICK_EVERY = 15  # clock ticks between countdown refreshes


def _summary_counts(summary: dict[str, Any], model: MapModel) -> tuple[int, int, int]:
    def count(key: str, fallback: int) -> int:
        try:
            return int(summary[key])
        except (KeyError, TypeError, ValueError):
            return fallback

    kp = summary.get("key_points")
    if isinstance(summary.get("key_points_total"), int | float):
        key_points = int(summary["key_points_total"])
    elif isinstance(kp, dict):
        key_points = sum(int(v) for v in kp.values() if isinstance(v, int | float))
    else:
        key_points = sum(
            len(model.layer_data(lid))
            for lid in (
                LayerId.SHOPS,
                LayerId.ENTERPRISES,
                LayerId.RIVER_PLACARDS,
                LayerId.CONSTRUCTION_SITES,
            )
        )
    return (
        count("responsibility_grids", len(model.layer_data(LayerId.RESPONSIBILITY))),
        count("management_grids", len(model.layer_data(LayerId.MANAGEMENT))),
        key_points,
    )


class MainWindow(QMainWindow):
    """GridDesk's main window over a data source, for one role."""

    def __init__(
        self,
        source: DataSource,
        role: str = Role.DUTY_OFFICER,
        parent: QWidget | None = None,
        *,
        actor: Any = None,
    ) -> None:
        super().__init__(parent)
        # the signed-in db.ops.Actor (desktop.security signs in); None: acting as `role` only
        self.actor = actor
        self.security_session: Any = None  # desktop.security.WorkstationSession, if signed in
        if actor is not None:
            role = actor.role
        if role not in set(Role):
            raise ValueError(f"unknown role {role!r}; use one of {', '.join(Role)}")
        self.setObjectName("mainWindow")
        self.source = source
        self.role = str(role)
        self.model = MapModel(source.load_map_data(), display_epsg=display_epsg_of(source))
        self.summary = self._load_summary()
        self.setWindowTitle(self.tr("GridDesk Grid Command Centre"))

        self.canvas = MapCanvas(self.model, self)
        self.setCentralWidget(self.canvas)

        self.layer_panel = LayerPanel(self.model, self.canvas.renderer.style, self)
        self.overview_panel = OverviewPanel(self.summary, self)
        self.queue_panel = CaseQueuePanel(self.model, self)
        self.layer_dock = self._dock("layersDock", self.tr("Layers"), self.layer_panel)
        overview_scroll = QScrollArea(self)  # the overview yields height to the layer list
        overview_scroll.setObjectName("overviewScroll")
        overview_scroll.setWidget(self.overview_panel)
        overview_scroll.setWidgetResizable(True)
        overview_scroll.setFrameShape(QFrame.Shape.NoFrame)
        overview_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.overview_dock = self._dock("overviewDock", self.tr("Town overview"), overview_scroll)
        self.queue_dock = self._dock("queueDock", self.tr("Case queue"), self.queue_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.layer_dock)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.overview_dock)
        self.splitDockWidget(self.layer_dock, self.overview_dock, Qt.Orientation.Vertical)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.queue_dock)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

        self.actions_by_id: dict[str, QAction] = action_registry.build_actions(self, self.role)
        self.menus = action_registry.populate_menus(self.menuBar(), self.actions_by_id)
        self.toolbar = self._build_toolbar()
        self._sync_layer_actions()
        self._hide_empty_optional_layers()
        self._build_status_bar()
        self.map_tools = install_map_tools(self)  # search box, base map, thematic, PDF
        self.meeting_layer = install_meeting_layer(self)  # 约请会议 markers (desktop/map/meeting_layer)
        self.console = install_console(self)  # case detail, actions, live updates (desktop/console)

        observe(self, self.model.layers_changed, self._on_layers_changed)
        self.canvas.cursor_moved.connect(self._on_cursor_moved)
        self.canvas.cursor_left.connect(self._on_cursor_left)
        self._ticks = 0
        self.clock = QTimer(self)
        self.clock.setInterval(CLOCK_MS)
        self.clock.timeout.connect(self._tick)
        self.clock.start()
        self._update_clock()
        self.resize(1600, 1000)
        self.fit_docks()
        self.canvas.setFocus()

    # ------------------------------------------------------------------ construction
    def _load_summary(self) -> dict[str, Any]:
        try:
            summary = self.source.summary()
        except Exception:  # the map still works without the counts
            log.exception("data source summary failed")
            return {}
        return dict(summary) if isinstance(summary, dict) else {}

    def _dock(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        return dock

    def fit_docks(self) -> None:
        """Give the docks sensible widths for the window size (the map takes the rest)."""
        width = max(self.width(), 800)
        overview_w = self.overview_panel.sizeHint().width() + 16  # + the scroll bar
        needed = max(self.layer_panel.preferred_width(), overview_w)
        left = int(min(max(230, needed), max(230, width * 0.22)))
        # the queue gets what it needs to show every column, the map keeps at least ~640 px
        right = int(min(self.queue_panel.preferred_width(), max(420, width - left - 640)))
        self.resizeDocks(
            [self.layer_dock, self.queue_dock], [left, right], Qt.Orientation.Horizontal
        )
        layers_h = self.layer_panel.content_height() + 34  # + the dock title
        rest = max(200, self.height() - layers_h - 160)
        self.resizeDocks(
            [self.layer_dock, self.overview_dock], [layers_h, rest], Qt.Orientation.Vertical
        )
        if getattr(self, "console", None) is not None:
            self.console.fit_docks()  # the queue above the case detail

    def _build_toolbar(self) -> QToolBar:
        tb = QToolBar(self.tr("Main toolbar"), self)
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setIconSize(QSize(26, 26))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        action_registry.populate_toolbar(tb, self.actions_by_id)
        spacer = QWidget(tb)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        town = self.model.source_data.town
        title = self.tr("Grid Command Centre")
        if town is not None and town.name:
            title = f"{town.name} · {title}"
        self.title_label = QLabel(title, tb)
        self.title_label.setObjectName("appTitle")
        tb.addWidget(self.title_label)
        self.role_label = QLabel(labels.role_label(self.role), tb)
        self.role_label.setObjectName("roleBadge")
        self.role_label.setToolTip(self.tr("Signed-in role"))
        tb.addWidget(self.role_label)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        return tb

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        sb.setSizeGripEnabled(False)
        self.source_label = QLabel(self.source.describe(), sb)
        self.source_label.setObjectName("statusSource")
        self.source_label.setToolTip(self.tr("Data source"))
        self.counts_label = QLabel(sb)
        self.counts_label.setObjectName("statusCounts")
        self.cursor_label = QLabel(sb)
        self.cursor_label.setObjectName("statusCursor")
        self.cursor_label.setMinimumWidth(
            self.cursor_label.fontMetrics().horizontalAdvance(self._cursor_text(121.2, 31.16)) + 24
        )
        self.clock_label = QLabel(sb)
        self.clock_label.setObjectName("statusClock")
        sb.addWidget(self.source_label, 1)
        sb.addPermanentWidget(self.counts_label)
        sb.addPermanentWidget(self.cursor_label)
        sb.addPermanentWidget(self.clock_label)
        self._update_counts()

    def _update_counts(self) -> None:
        resp, mgmt, kp = _summary_counts(self.summary, self.model)
        self.counts_label.setText(
            self.tr("{r} responsibility grids · {m} management grids · {k} key points").format(
                r=f"{resp:,}", m=f"{mgmt:,}", k=f"{kp:,}"
            )
        )

    # ------------------------------------------------------------------ status bar
    def _cursor_text(
        self, lon: float, lat: float, x: float | None = None, y: float | None = None
    ) -> str:
        if x is None or y is None:
            xs, ys = self.model.to_world(lon, lat)
            x, y = float(xs), float(ys)
        return self.tr("{lon:.5f}°E {lat:.5f}°N · E {x:.1f} m N {y:.1f} m").format(
            lon=lon, lat=lat, x=x, y=y
        )

    def _on_cursor_moved(self, x: float, y: float) -> None:
        lon, lat = self.model.to_lonlat(x, y)
        self.cursor_label.setText(self._cursor_text(float(lon), float(lat), x, y))

    def _on_cursor_left(self) -> None:
        self.cursor_label.setText("")

    def _update_clock(self) -> None:
        now = self.model.now()
        locale = QLocale()
        day = locale.dayName(now.isoweekday(), QLocale.FormatType.ShortFormat)
        self.clock_label.setText(f"{now:%Y-%m-%d} {day} {now:%H:%M:%S}")

    def _tick(self) -> None:
        self._ticks += 1
        self._update_clock()
        if self._ticks % QUEUE_TICK_EVERY == 0:
            self.queue_panel.tick()
            self.canvas.update()  # cases may have become overdue

    # ------------------------------------------------------------------ layer toggles
    def _sync_layer_actions(self) -> None:
        for layer in self.model.layers:
            action = self.actions_by_id.get(f"view.layer.{layer.id}")
            if action is not None and action.isChecked() != layer.visible:
                action.blockSignals(True)
                action.setChecked(layer.visible)
                action.blockSignals(False)

    def _hide_empty_optional_layers(self) -> None:
        empty = len(self.model.layer_data(LayerId.OTHER_POINTS)) == 0
        action = self.actions_by_id.get(f"view.layer.{LayerId.OTHER_POINTS}")
        if action is not None:
            action.setVisible(not empty)

    def _on_layers_changed(self, _layer_id: str) -> None:
        self._sync_layer_actions()

    # ------------------------------------------------------------------ action handlers
    def toggle_layer(self, layer_id: str, visible: bool | None = None) -> None:
        layer = self.model.layer(layer_id)
        self.model.set_visible(layer_id, (not layer.visible) if visible is None else visible)

    def zoom_full_extent(self) -> None:
        self.model.zoom_to_full_extent()

    def zoom_in(self) -> None:
        self.model.view.zoom_at(1.5)

    def zoom_out(self) -> None:
        self.model.view.zoom_at(1 / 1.5)

    def refresh_data(self) -> None:
        """Reload everything from the data source (the view and layer state are kept)."""
        self.model.set_data(self.source.load_map_data())
        self._hide_empty_optional_layers()
        self.summary = self._load_summary()
        self.overview_panel.set_summary(self.summary)
        self._update_counts()
        self.statusBar().showMessage(self.tr("Data reloaded"), 3000)

    def _ask_png_path(self, caption: str, default_name: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            self, caption, str(Path.home() / default_name), self.tr("PNG images (*.png)")
        )
        return Path(path) if path else None

    def save_window_screenshot(self, path: str | Path | None = None) -> Path | None:
        """The whole window as a PNG (asks for a file name when none is given)."""
        target = (
            Path(path) if path else self._ask_png_path(self.tr("Save screenshot"), "griddesk.png")
        )
        if target is None:
            return None
        self.canvas.flush()
        if not self.grab().save(str(target), "PNG"):
            raise OSError(f"could not write {target}")
        return target

    def export_map_png(self, path: str | Path | None = None) -> Path | None:
        """The current map view rendered at twice the screen resolution, as a PNG."""
        target = (
            Path(path) if path else self._ask_png_path(self.tr("Export map"), "griddesk-map.png")
        )
        if target is None:
            return None
        image = self.canvas.render_to_image(dpr=2.0)
        if not image.save(str(target), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"could not write {target}")
        return target

    def export_map_pdf(self, path: str | Path | None = None, **options: Any) -> Path | None:
        """The current map as a printable PDF (A4/A3, title, legend, scale bar, date)."""
        return self.map_tools.export_pdf(path, **options)

    def zoom_to_selection(self) -> None:
        self.model.zoom_to_selection()

    def focus_search(self) -> None:
        self.map_tools.search.focus_search()

    def about_text(self) -> str:
        return self.tr(
            "<h3>GridDesk</h3>"
            "<p>Grid command centre for a town's 24-hour grid-management duty room: one map and "
            "one case queue for the party-building, city-management and comprehensive-governance "
            "grids.</p>"
            "<p><b>The demo data are synthetic.</b> Every name, grid, key point, camera and case "
            "in the demo database is invented for demonstration and is not real data.</p>"
            "<p>Interface font: Noto Sans CJK SC (subset to GB2312), © Google and Adobe, "
            "licensed under the SIL Open Font License 1.1 (OFL); see resources/fonts/OFL.txt.</p>"
            "<p>Data source: {source}</p>"
        ).format(source=self.source.describe())

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About GridDesk"), self.about_text())

    # ------------------------------------------------------------------ session, accounts, audit (desktop/security)
    def lock_screen(self) -> None:
        from desktop.security import lock_screen

        lock_screen(self)

    def switch_officer(self) -> None:
        from desktop.security import switch_officer

        switch_officer(self)

    def sign_out(self) -> None:
        from desktop.security import sign_out

        sign_out(self)

    def open_account_admin(self) -> None:
        from desktop.security import open_account_admin

        open_account_admin(self)

    def open_audit_log(self) -> None:
        from desktop.security import open_audit_log

        open_audit_log(self)

    # ------------------------------------------------------------------ meetings (desktop/meetings)
    def open_meetings(self) -> None:
        from desktop.meetings import open_meetings_window

        open_meetings_window(self)

    def schedule_meeting(self) -> None:
        from desktop.meetings import schedule_from_main

        schedule_from_main(self)

    # ------------------------------------------------------------------ grid editor (desktop/editor)
    def open_grid_editor(self, what: str = "edit") -> None:
        from desktop.editor.window import open_grid_editor

        open_grid_editor(self, what)

    # ------------------------------------------------------------------ supervision (desktop/supervision)
    def open_supervision(self, tab: str = "patrols") -> None:
        from desktop.supervision.window import open_workspace

        open_workspace(self, tab)

    # ------------------------------------------------------------------ the duty console (desktop/console)
    def console_action(self, name: str) -> None:
        self.console.trigger(name)

    # ------------------------------------------------------------------ lifetime
    def closeEvent(self, event: QCloseEvent) -> None:
        self.clock.stop()
        super().closeEvent(event)
