"""The map's parts of the main window, installed in one call so the window stays small:
the search box in the toolbar, the optional base map (its switch in the layer panel, its
trouble in the status bar), per-grid figures for the thematic map from the database, the
outside-the-town warning and selection messages in the status bar, and PDF export.

The data source may offer (db.datasource.DatabaseSource does; test fakes need not):
`map_search(text, limit)`, `grid_figures(level)` and `map_settings()`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QLabel, QSizePolicy, QWidget

from desktop.map.basemap import BaseMapLayer, status_text
from desktop.map.export import ExportPdfDialog, export_pdf
from desktop.search import MapSearchBox
from gis.crs import METRIC_EPSG
from gis.mapmodel import LayerId, check_display_crs
from gis.tiles import BaseMapConfig, BaseMapStatus, StatusCode


def map_settings_of(source: Any) -> dict[str, Any]:
    """The source's map settings, or the defaults (a source without them, or an error)."""
    fn = getattr(source, "map_settings", None)
    if fn is None:
        return {}
    try:
        value = fn()
    except Exception:
        return {}
    return dict(value) if isinstance(value, dict) else {}


def display_epsg_of(source: Any) -> int:
    """The display CRS the administrator chose (default EPSG:4549)."""
    epsg = map_settings_of(source).get("display_epsg", METRIC_EPSG)
    try:
        check_display_crs(int(epsg))
    except (TypeError, ValueError):
        return METRIC_EPSG
    return int(epsg)


def _tiles_cache_dir() -> str:
    root = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return root or str(Path.home() / ".cache" / "GridDesk")


class MapTools(QObject):
    """What install_map_tools adds to a MainWindow."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        source = window.source
        model = window.model
        canvas = window.canvas
        # search box in the toolbar, before the spacer that pushes the title right
        db_search = getattr(source, "map_search", None)
        self.search = MapSearchBox(model, db_search, window.toolbar)
        self.search.marker_callback = canvas.set_marker
        self.search.jumped.connect(self._on_jumped)
        spacer = self._spacer_action(window.toolbar)
        window.toolbar.insertSeparator(spacer) if spacer is not None else None
        if spacer is not None:
            window.toolbar.insertWidget(spacer, self.search)
        else:
            window.toolbar.addWidget(self.search)
        # base map
        config = map_settings_of(source).get("base_map")
        if not isinstance(config, BaseMapConfig):
            config = BaseMapConfig()
        self.basemap = BaseMapLayer(config, _tiles_cache_dir(), window)
        canvas.set_basemap(self.basemap)
        window.layer_panel.set_basemap(self.basemap)
        self.basemap.status_changed.connect(self._on_basemap_status)
        # thematic figures from the database (aggregated in SQL), fetched off the GUI thread
        grid_figures = getattr(source, "grid_figures", None)
        if grid_figures is not None:

            def provider(field: str, layer_id: str) -> dict[int, float]:
                level = "responsibility" if layer_id == LayerId.RESPONSIBILITY else "management"
                return dict(grid_figures(level).values(field))

            window.layer_panel.set_figures_provider(provider)
        # status bar: points outside the town; selections
        self.outside_label = QLabel(window.statusBar())
        self.outside_label.setObjectName("statusOutside")
        self.outside_label.setStyleSheet("color: #ff5cf0;")
        window.statusBar().addPermanentWidget(self.outside_label)
        canvas.rect_selected.connect(self._on_rect_selected)
        window.layer_panel.thematic_failed.connect(
            lambda msg: window.statusBar().showMessage(msg, 8000)
        )
        model.data_changed.connect(self.update_outside)
        self.update_outside()
        cursor = getattr(window, "cursor_label", None)
        if cursor is not None:
            cursor.setToolTip(
                self.tr(
                    "Position under the cursor: CGCS2000 longitude/latitude and EPSG:{epsg} metres"
                ).format(epsg=model.display_epsg)
            )

    @staticmethod
    def _spacer_action(toolbar: Any) -> Any:
        for action in toolbar.actions():
            w = toolbar.widgetForAction(action)
            if (
                isinstance(w, QWidget)
                and not isinstance(w, QLabel)
                and w.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Expanding
            ):
                return action
        return None

    # -- status bar
    def _on_jumped(self, message: str) -> None:
        if message:
            self.window.statusBar().showMessage(message, 8000)

    def _on_rect_selected(self, n: int) -> None:
        self.window.statusBar().showMessage(
            self.tr("{n} features selected").format(n=f"{n:,}"), 5000
        )

    def _on_basemap_status(self, status: BaseMapStatus) -> None:
        if status.code in (StatusCode.OK, StatusCode.OFF, StatusCode.LOADING):
            return
        self.window.statusBar().showMessage(status_text(status), 15000)

    def update_outside(self) -> None:
        counts = self.window.model.outside_counts()
        n = sum(counts.values())
        if n:
            self.outside_label.setText(self.tr("{n} outside the town").format(n=f"{n:,}"))
            self.outside_label.setToolTip(
                self.tr(
                    "Points whose position lies outside the town boundary: kept and flagged on "
                    "the map with a dashed ring; check their coordinates"
                )
            )
        else:
            self.outside_label.setText("")

    # -- export
    def export_pdf(
        self,
        path: str | Path | None = None,
        *,
        title: str | None = None,
        page: str = "A4",
        landscape: bool = True,
    ) -> Path | None:
        """The current view as a printable PDF (asks for options and a file name when no
        path is given)."""
        window = self.window
        town = window.model.source_data.town
        default_title = (town.name + " · " if town is not None and town.name else "") + self.tr(
            "Grid map"
        )
        options: dict[str, Any] = {
            "title": default_title if title is None else title,
            "page": page,
            "landscape": landscape,
        }
        if path is None:
            dialog = ExportPdfDialog(str(options["title"]), window)
            if not dialog.exec():
                return None
            options.update(dialog.options())
            chosen, _ = QFileDialog.getSaveFileName(
                window,
                self.tr("Export map as PDF"),
                str(Path.home() / "griddesk-map.pdf"),
                self.tr("PDF documents (*.pdf)"),
            )
            if not chosen:
                return None
            path = chosen
        note = ""
        if window.summary.get("synthetic"):
            note = self.tr("Synthetic demo data")
        return export_pdf(
            window.canvas.renderer,
            window.model.view,
            path,
            page=str(options["page"]),
            landscape=bool(options["landscape"]),
            title=str(options["title"]),
            subtitle=window.source.describe(),
            when=window.model.now() if isinstance(window.model.now(), datetime) else None,
            note=note,
        )


def install_map_tools(window: Any) -> MapTools:
    """Add the map's search box, base map, thematic figures and status messages to a
    MainWindow (after its toolbar and status bar exist)."""
    return MapTools(window)
