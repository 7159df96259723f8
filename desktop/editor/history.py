"""The boundary history: every committed boundary version (who, when, where from, what it
changed and moved), newest first and loaded page by page, and for the selected version the
changed grids, the records that moved to another grid, and a small before/after map.

The versions come from `db.grid_edit.grid_versions` / `version_diff` off the GUI thread. The
diff's geometries are stored CGCS2000 lon/lat (EPSG:4490); they are projected to EPSG:4549
metres in the worker, so the preview draws true shapes and `zoom_requested` speaks the map's
coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import shapely
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from db.datasource import DatabaseSource
from db.grid_edit import GridDiff, VersionDiff, VersionInfo, grid_versions, version_diff
from desktop import theme
from desktop.editor.io_dialogs import (
    ACTIONS,
    ATTRIBUTES,
    ENTITIES,
    LEVELS,
    SOURCES,
    STYLE,
    cell,
    error_html,
    hint,
    make_table,
    word,
)
from desktop.worker import run_async
from gis.crs import to_metric

PAGE = 50
BEFORE_COLOUR = "#ff5a52"
AFTER_COLOUR = "#5fd38a"
CHANGED_COLOUR = "#f2a93b"
Bounds = tuple[float, float, float, float]


# ---------------------------------------------------------------- the diff, ready to show


@dataclass(slots=True)
class DiffGrid:
    """One changed grid with its geometries in EPSG:4549 metres."""

    diff: GridDiff
    before: BaseGeometry | None
    after: BaseGeometry | None
    changed: BaseGeometry | None  # the area that changed hands (symmetric difference)

    @property
    def bounds(self) -> Bounds | None:
        geoms = [g for g in (self.before, self.after) if g is not None and not g.is_empty]
        if not geoms:
            return None
        b = shapely.total_bounds(geoms)
        return float(b[0]), float(b[1]), float(b[2]), float(b[3])


@dataclass(slots=True)
class DiffView:
    diff: VersionDiff
    grids: list[DiffGrid]
    codes: dict[int, str] = field(default_factory=dict)  # grid id -> code
    departments: dict[int, str] = field(default_factory=dict)  # department id -> name

    @property
    def bounds(self) -> Bounds | None:
        boxes = [b for b in (g.bounds for g in self.grids) if b is not None]
        if not boxes:
            return None
        return (
            min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes),
        )


def _metric(geom: BaseGeometry | None) -> BaseGeometry | None:
    return None if geom is None or geom.is_empty else to_metric(geom)


def load_diff(engine: Any, version_id: int) -> DiffView:
    """`version_diff` with the geometries projected for drawing (runs on a worker thread)."""
    diff = version_diff(engine, version_id)
    grids: list[DiffGrid] = []
    for g in diff.grids:
        before, after = _metric(g.before_geometry), _metric(g.after_geometry)
        changed = None
        if g.action != "attributes" and before is not None and after is not None:
            try:
                changed = shapely.symmetric_difference(before, after)
            except GEOSException:
                changed = None  # only a highlight: the outlines still show the change
        grids.append(DiffGrid(g, before, after, changed))
    codes = {g.grid_id: g.code for g in diff.grids}
    try:
        departments = {d.id: d.name for d in DatabaseSource(engine).departments()}
    except Exception:  # names are a nicety; ids still say which department
        departments = {}
    return DiffView(diff, grids, codes, departments)


# ---------------------------------------------------------------- the preview map


class DiffPreview(QWidget):
    """A small map of one version's changed grids: before dashed red, after solid green with
    a translucent fill, the area that changed hands in amber; fitted to their extent."""

    MARGIN = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPreview")
        self.setMinimumSize(260, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.grids: list[DiffGrid] = []
        self.bounds: Bounds | None = None
        self.highlight: set[int] = set()  # indexes into grids
        self.message = self.tr("Select a version to see what changed.")

    def set_view(self, view: DiffView | None) -> None:
        self.grids = list(view.grids) if view is not None else []
        self.bounds = view.bounds if view is not None else None
        self.highlight = set()
        if view is not None and not self.grids:
            self.message = self.tr("This version changed no grid.")
        elif view is None:
            self.message = self.tr("Select a version to see what changed.")
        self.update()

    def set_highlight(self, rows: set[int]) -> None:
        self.highlight = set(rows)
        self.update()

    def _mapper(self) -> tuple[float, float, float, float] | None:
        """(scale, offset x, offset y, height) mapping metres to pixels, y up."""
        if self.bounds is None:
            return None
        minx, miny, maxx, maxy = self.bounds
        legend_h = 30
        w = max(1.0, self.width() - 2 * self.MARGIN)
        h = max(1.0, self.height() - 2 * self.MARGIN - legend_h)
        span_x, span_y = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
        scale = min(w / span_x, h / span_y)
        ox = self.MARGIN + (w - span_x * scale) / 2 - minx * scale
        oy = self.MARGIN + (h - span_y * scale) / 2 + maxy * scale
        return scale, ox, oy, h

    def _path(self, geom: BaseGeometry | None, m: tuple[float, float, float, float]) -> QPainterPath:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)
        if geom is None or geom.is_empty:
            return path
        scale, ox, oy, _ = m
        polys = getattr(geom, "geoms", [geom])
        for poly in polys:
            if poly.geom_type != "Polygon":
                continue
            for ring in (poly.exterior, *poly.interiors):
                pts = [QPointF(ox + x * scale, oy - y * scale) for x, y in ring.coords]
                if len(pts) < 3:
                    continue
                path.moveTo(pts[0])
                for p in pts[1:]:
                    path.lineTo(p)
                path.closeSubpath()
        return path

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.fillRect(self.rect(), QColor(theme.BG_BASE))
        p.setPen(QPen(QColor(theme.BORDER), 1))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        m = self._mapper()
        if m is None or not self.grids:
            p.setPen(QColor(theme.TEXT_DIM))
            p.drawText(self.rect().adjusted(12, 12, -12, -12), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            p.end()
            return
        after_fill = QColor(AFTER_COLOUR)
        after_fill.setAlpha(46)
        changed_fill = QColor(CHANGED_COLOUR)
        changed_fill.setAlpha(120)
        # the after line wider beneath the dashed before line: where a boundary did not
        # move both stay visible, green between the red dashes
        before_pen = QPen(QColor(BEFORE_COLOUR), 1.6)
        before_pen.setDashPattern([4.0, 3.5])
        after_pen = QPen(QColor(AFTER_COLOUR), 3.2)
        # fills first, outlines on top, so no fill hides a neighbour's line
        for g in self.grids:
            if g.after is not None:
                p.fillPath(self._path(g.after, m), after_fill)
        for g in self.grids:
            if g.changed is not None and not g.changed.is_empty:
                p.fillPath(self._path(g.changed, m), changed_fill)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for g in self.grids:
            if g.after is not None:
                p.setPen(after_pen)
                p.drawPath(self._path(g.after, m))
        for g in self.grids:
            if g.before is not None:
                p.setPen(before_pen)
                p.drawPath(self._path(g.before, m))
        if self.highlight:
            p.setPen(QPen(QColor(theme.ACCENT), 3.5))
            for i in sorted(self.highlight):
                if 0 <= i < len(self.grids):
                    g = self.grids[i]
                    p.drawPath(self._path(g.after if g.after is not None else g.before, m))
        self._labels(p, m)
        self._legend(p)
        p.end()

    def _labels(self, p: QPainter, m: tuple[float, float, float, float]) -> None:
        if len(self.grids) > 24:
            return  # a big import: the outlines say enough, the table names them
        scale, ox, oy, _ = m
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, font.pointSizeF() - 1.5))
        font.setBold(True)
        p.setFont(font)
        for g in self.grids:
            geom = g.after if g.after is not None else g.before
            if geom is None:
                continue
            pt = geom.representative_point()
            x, y = ox + pt.x * scale, oy - pt.y * scale
            text = g.diff.code[-5:]
            rect = p.fontMetrics().boundingRect(text)
            box = QRectF(x - rect.width() / 2 - 4, y - rect.height() / 2 - 1, rect.width() + 8, rect.height() + 2)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(15, 20, 27, 190))
            p.drawRoundedRect(box, 3, 3)
            p.setPen(QColor(theme.TEXT))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _legend(self, p: QPainter) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, font.pointSizeF() - 1.5))
        font.setBold(False)
        p.setFont(font)
        fm = p.fontMetrics()
        entries = [
            (self.tr("Before"), "before"),
            (self.tr("After"), "after"),
            (self.tr("Changed area"), "changed"),
        ]
        x = float(self.MARGIN)
        y = float(self.height() - 12 - fm.height() / 2)
        bg = QRectF(x - 8, y - fm.height() / 2 - 5, 0, fm.height() + 10)
        width = sum(30 + fm.horizontalAdvance(t) + 16 for t, _ in entries)
        bg.setWidth(width + 8)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(22, 29, 39, 220))
        p.drawRoundedRect(bg, 4, 4)
        for text, kind in entries:
            swatch = QRectF(x, y - 6, 22, 12)
            if kind == "before":
                p.setBrush(Qt.BrushStyle.NoBrush)
                pen = QPen(QColor(BEFORE_COLOUR), 1.6)
                pen.setDashPattern([4.0, 3.5])
                p.setPen(pen)
                p.drawLine(QPointF(swatch.left(), swatch.center().y()), QPointF(swatch.right(), swatch.center().y()))
            elif kind == "after":
                fill = QColor(AFTER_COLOUR)
                fill.setAlpha(46)
                p.setBrush(QBrush(fill))
                p.setPen(QPen(QColor(AFTER_COLOUR), 2))
                p.drawRect(swatch)
            else:
                fill = QColor(CHANGED_COLOUR)
                fill.setAlpha(120)
                p.setBrush(QBrush(fill))
                p.setPen(Qt.PenStyle.NoPen)
                p.drawRect(swatch)
            p.setPen(QColor(theme.TEXT))
            p.drawText(QPointF(x + 28, y + fm.ascent() / 2 - 1), text)
            x += 30 + fm.horizontalAdvance(text) + 16


# ---------------------------------------------------------------- the panel


class HistoryPanel(QWidget):
    """The boundary versions, newest first, and what the selected one changed."""

    zoom_requested = Signal(float, float, float, float)  # minx, miny, maxx, maxy (EPSG:4549 m)
    version_selected = Signal(object)  # VersionDiff
    versions_loaded = Signal(int)  # how many versions the list holds
    diff_loaded = Signal(object)  # DiffView shown

    def __init__(self, engine: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.setObjectName("historyPanel")
        self.setStyleSheet(STYLE)
        self.versions: list[VersionInfo] = []
        self.view: DiffView | None = None
        self.has_more = False
        self.loading = False
        self._generation = 0  # a refresh makes older page answers stale
        self._diff_request = 0  # a newer selection makes older diff answers stale
        self._want: int | None = None  # the version to select after a (re)load
        self.auto_select = True  # select the newest version when nothing is selected

        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(6)
        top = QHBoxLayout()
        title = QLabel(self.tr("Boundary versions"), self)
        title.setObjectName("supTitle")
        top.addWidget(title)
        self.count_label = hint("", self)
        top.addWidget(self.count_label, 1)
        self.zoom_button = QPushButton(self.tr("Show on map"), self)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        top.addWidget(self.zoom_button)
        top.addWidget(self.refresh_button)
        lay.addLayout(top)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        lay.addWidget(split, 1)
        upper = QWidget(split)
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.setSpacing(4)
        self.table = make_table(
            [
                self.tr("Version"), self.tr("Committed"), self.tr("Author"), self.tr("Workstation"),
                self.tr("Note"), self.tr("Effective"), self.tr("Source"), self.tr("Grids"),
                self.tr("Key points"), self.tr("Cameras"), self.tr("Cases"),
            ],
            upper,
        )
        self.table.setObjectName("historyVersions")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for col in range(self.table.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        ul.addWidget(self.table, 1)
        more = QHBoxLayout()
        self.status = hint("", upper)
        more.addWidget(self.status, 1)
        self.more_button = QPushButton(self.tr("Load older versions"), upper)
        self.more_button.setVisible(False)
        more.addWidget(self.more_button)
        ul.addLayout(more)

        lower = QSplitter(Qt.Orientation.Horizontal, split)
        self.lower = lower
        lower.setChildrenCollapsible(False)
        left = QWidget(lower)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.setSpacing(4)
        self.summary = QLabel(self.tr("Select a version to see what changed."), left)
        self.summary.setObjectName("historySummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        ll.addWidget(self.summary)
        self.tabs = QTabWidget(left)
        self.grid_table = make_table(
            [self.tr("Grid code"), self.tr("Name"), self.tr("Level"), self.tr("Action"), self.tr("What changed")],
            self.tabs,
        )
        self.grid_table.setObjectName("historyGrids")
        gh = self.grid_table.horizontalHeader()
        for col in range(4):
            gh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.moved_table = make_table(
            [self.tr("Record"), self.tr("Label"), self.tr("From grid"), self.tr("To grid")], self.tabs
        )
        self.moved_table.setObjectName("historyMoved")
        mh = self.moved_table.horizontalHeader()
        for col in range(3):
            mh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tabs.addTab(self.grid_table, self.tr("Changed grids"))
        self.tabs.addTab(self.moved_table, self.tr("Moved records"))
        ll.addWidget(self.tabs, 1)
        self.preview = DiffPreview(lower)
        lower.addWidget(left)
        lower.addWidget(self.preview)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)

        self.table.itemSelectionChanged.connect(self._version_changed)
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.more_button.clicked.connect(self.load_more)
        self.refresh_button.clicked.connect(self.refresh)
        self.zoom_button.clicked.connect(self.show_on_map)
        self.grid_table.itemSelectionChanged.connect(self._grids_selected)
        self.grid_table.cellDoubleClicked.connect(lambda row, _col: self.zoom_to_rows([row]))
        self._update_buttons()
        self.refresh()

    # -- layout
    NARROW = 900  # below this width (the editor's side dock) the preview goes under the tables
    SECONDARY_COLUMNS = (3, 5, 6, 9, 10)  # workstation, effective date, source, cameras, cases

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        narrow = self.width() < self.NARROW
        orientation = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.lower.orientation() != orientation:
            self.lower.setOrientation(orientation)
        for col in self.SECONDARY_COLUMNS:  # still in the summary and the tooltips
            self.table.setColumnHidden(col, narrow)
        self.grid_table.setColumnHidden(2, narrow)  # the level: the code says it too

    # -- the list
    def refresh(self) -> None:
        """Reload the list from the newest version (after a commit or an import), keeping
        the selected version selected."""
        current = self.selected_version()
        self._want = current.id if current is not None else None
        self._generation += 1
        self.versions = []
        self.has_more = False
        self.loading = False
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        self._load_page(0, max(PAGE, 1))

    def load_more(self) -> None:
        """Append the next page of older versions."""
        if self.has_more and not self.loading:
            self._load_page(len(self.versions), PAGE)

    def _scrolled(self, value: int) -> None:
        bar = self.table.verticalScrollBar()
        if value >= bar.maximum() - 2 and bar.maximum() > 0:
            self.load_more()

    def _load_page(self, offset: int, limit: int) -> None:
        if self.engine is None:
            self.status.setText(self.tr("The history needs the GridDesk database."))
            return
        self.loading = True
        generation = self._generation
        self.status.setText(self.tr("Loading versions…"))
        run_async(
            self, grid_versions, self.engine, limit=limit, offset=offset,
            on_done=lambda page: self._page_loaded(generation, limit, page),
            on_error=lambda exc: self._page_failed(generation, exc),
        )

    def _page_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.status.setText("")
        self.summary.setText(error_html(exc))

    def _page_loaded(self, generation: int, limit: int, page: list[VersionInfo]) -> None:
        if generation != self._generation:
            return
        self.loading = False
        known = {v.id for v in self.versions}
        page = [v for v in page if v.id not in known]  # a commit meanwhile shifts the pages
        self.has_more = len(page) >= limit
        self.table.blockSignals(True)
        for v in page:
            self._add_row(v)
        self.table.blockSignals(False)
        self.versions.extend(page)
        self.more_button.setVisible(self.has_more)
        if not self.versions:
            self.count_label.setText("")
            self.status.setText(self.tr("No boundary version yet: every commit of the editor or import becomes one."))
        else:
            self.count_label.setText(
                self.tr("{n} versions shown").format(n=len(self.versions))
                + (self.tr(" (more when you scroll down)") if self.has_more else "")
            )
            self.status.setText("")
        self._reselect()
        self.versions_loaded.emit(len(self.versions))

    def _reselect(self) -> None:
        if self.table.selectedItems():
            return
        target = None
        if self._want is not None:
            target = next((i for i, v in enumerate(self.versions) if v.id == self._want), None)
            if target is None and self.has_more:
                return  # perhaps on a later page: keep waiting
        if target is None and self.auto_select and self.versions:
            target = 0
        self._want = None
        if target is not None:
            self.table.selectRow(target)
        else:
            self._show(None)

    def _add_row(self, v: VersionInfo) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        source = word(SOURCES, v.source)
        if v.source_file:
            source += f" · {v.source_file}"
        values: list[Any] = [
            v.id, f"{v.created_at:%Y-%m-%d %H:%M}", v.author_name, v.workstation, v.note,
            f"{v.effective_date:%Y-%m-%d}", source, v.grids_changed, v.key_points_moved, v.cameras_moved,
            v.cases_moved,
        ]
        for col, value in enumerate(values):
            right = col in (0, 7, 8, 9, 10)
            colour = theme.ACCENT if col == 0 else None
            self.table.setItem(r, col, cell(value, colour, tip=v.note if col == 4 else "", align_right=right))

    def selected_version(self) -> VersionInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        r = rows[0].row()
        return self.versions[r] if 0 <= r < len(self.versions) else None

    def select_version(self, version_id: int) -> bool:
        for i, v in enumerate(self.versions):
            if v.id == version_id:
                self.table.selectRow(i)
                return True
        return False

    # -- the selected version
    def _version_changed(self) -> None:
        v = self.selected_version()
        self._diff_request += 1
        if v is None:
            self._show(None)
            return
        request = self._diff_request
        self.summary.setText(
            f"<span style='color:{theme.TEXT_DIM}'>"
            + self.tr("Loading version {v}…").format(v=v.id)
            + "</span>"
        )
        run_async(
            self, load_diff, self.engine, v.id,
            on_done=lambda view: self._diff_loaded(request, view),
            on_error=lambda exc: self._diff_failed(request, exc),
        )

    def _diff_failed(self, request: int, exc: Exception) -> None:
        if request == self._diff_request:
            self._show(None)
            self.summary.setText(error_html(exc))

    def _diff_loaded(self, request: int, view: DiffView) -> None:
        if request != self._diff_request:
            return
        self._show(view)
        self.version_selected.emit(view.diff)
        self.diff_loaded.emit(view)

    def _show(self, view: DiffView | None) -> None:
        self.view = view
        self.preview.set_view(view)
        self.grid_table.setRowCount(0)
        self.moved_table.setRowCount(0)
        self._update_buttons()
        if view is None:
            self.summary.setText(self.tr("Select a version to see what changed."))
            self.tabs.setTabText(0, self.tr("Changed grids"))
            self.tabs.setTabText(1, self.tr("Moved records"))
            return
        info = view.diff.info
        head = self.tr("Version {v}, committed {when} by {who} at {where}").format(
            v=info.id, when=f"{info.created_at:%Y-%m-%d %H:%M}", who=info.author_name, where=info.workstation
        )
        eff = self.tr("effective from {d}").format(d=f"{info.effective_date:%Y-%m-%d}")
        note = info.note.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.summary.setText(
            f"<b style='color:{theme.ACCENT}'>{head}</b> · {eff}<br>"
            f"<span style='color:{theme.TEXT}'>{note}</span>"
        )
        for g in view.grids:
            self._add_grid_row(g, view)
        for x in view.diff.moved:
            r = self.moved_table.rowCount()
            self.moved_table.insertRow(r)
            self.moved_table.setItem(r, 0, cell(word(ENTITIES, x.entity)))
            self.moved_table.setItem(r, 1, cell(x.label or f"#{x.entity_id}"))
            self.moved_table.setItem(r, 2, cell(self._grid_name(view, x.from_grid_id), BEFORE_COLOUR))
            self.moved_table.setItem(r, 3, cell(self._grid_name(view, x.to_grid_id), AFTER_COLOUR))
        self.tabs.setTabText(0, self.tr("Changed grids ({n})").format(n=len(view.grids)))
        self.tabs.setTabText(1, self.tr("Moved records ({n})").format(n=len(view.diff.moved)))

    @staticmethod
    def _grid_name(view: DiffView, grid_id: int | None) -> str:
        if grid_id is None:
            return "—"
        return view.codes.get(grid_id, f"#{grid_id}")

    def _attr_value(self, view: DiffView, key: str, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if key == "parent_id":
            return self._grid_name(view, int(value))
        if key == "department_id":
            return view.departments.get(int(value), f"#{value}")
        if key == "level":
            return word(LEVELS, str(value))
        return str(value)

    def change_text(self, g: DiffGrid, view: DiffView) -> str:
        """What changed in one grid, in words: areas and attributes before -> after."""
        d = g.diff
        parts: list[str] = []
        if d.action == "created" and d.area_after_m2 is not None:
            parts.append(self.tr("area {a} m²").format(a=f"{d.area_after_m2:,.0f}"))
        elif d.action in ("retired", "merged") and d.area_before_m2 is not None:
            parts.append(self.tr("area {a} m² given up").format(a=f"{d.area_before_m2:,.0f}"))
        elif d.area_before_m2 is not None and d.area_after_m2 is not None and d.action != "attributes":
            delta = d.area_after_m2 - d.area_before_m2
            parts.append(
                self.tr("area {a} → {b} m² ({d})").format(
                    a=f"{d.area_before_m2:,.0f}", b=f"{d.area_after_m2:,.0f}", d=f"{delta:+,.0f}"
                )
            )
        if d.before and d.after:
            for key in ATTRIBUTES:
                old, new = d.before.get(key), d.after.get(key)
                if (old or None) != (new or None):
                    parts.append(
                        f"{word(ATTRIBUTES, key)}: {self._attr_value(view, key, old)} → {self._attr_value(view, key, new)}"
                    )
        return "; ".join(parts)

    def _add_grid_row(self, g: DiffGrid, view: DiffView) -> None:
        d = g.diff
        state = d.after or d.before or {}
        r = self.grid_table.rowCount()
        self.grid_table.insertRow(r)
        colour = {
            "created": AFTER_COLOUR, "retired": BEFORE_COLOUR, "merged": BEFORE_COLOUR,
            "reshaped": CHANGED_COLOUR,
        }.get(d.action)
        self.grid_table.setItem(r, 0, cell(d.code, theme.ACCENT))
        self.grid_table.setItem(r, 1, cell(state.get("name", "")))
        self.grid_table.setItem(r, 2, cell(word(LEVELS, str((d.before or d.after or {}).get("level", "")))))
        self.grid_table.setItem(r, 3, cell(word(ACTIONS, d.action), colour))
        text = self.change_text(g, view)
        self.grid_table.setItem(r, 4, cell(text, tip=text))

    # -- zooming
    def _grids_selected(self) -> None:
        rows = {i.row() for i in self.grid_table.selectionModel().selectedRows()}
        self.preview.set_highlight(rows)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.zoom_button.setEnabled(self.view is not None and self.view.bounds is not None)

    def zoom_to_rows(self, rows: list[int]) -> bool:
        """Ask the map to show these changed grids (all of the version's if none)."""
        view = self.view
        if view is None:
            return False
        grids = [view.grids[r] for r in rows if 0 <= r < len(view.grids)] or view.grids
        boxes = [b for b in (g.bounds for g in grids) if b is not None]
        if not boxes:
            return False
        self.zoom_requested.emit(
            min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes),
        )
        return True

    def show_on_map(self) -> bool:
        """The "Show on map" button: the selected changed grids, else the whole version."""
        rows = sorted({i.row() for i in self.grid_table.selectionModel().selectedRows()})
        return self.zoom_to_rows(rows)
