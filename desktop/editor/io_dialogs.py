"""Import and export of grid layers from the map editor: `ExportGridsDialog` writes the live
grids to GeoJSON (RFC 7946) or a Shapefile, `ImportGridsDialog` checks a file with a dry run
of `db.grid_edit.import_grids` and only then commits it as one boundary version.

Every database call runs off the GUI thread. A bad file never reaches the database: the
dialog shows what is wrong and where (feature, grid code, location) and keeps "Import"
disabled until a dry run of exactly the chosen file and options came back clean.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.grid_edit import (
    NOTE_LIMIT,
    ImportOutcome,
    VersionDiff,
    export_grids,
    import_grids,
    version_diff,
)
from db.ops import Actor
from desktop import theme
from desktop.editor.texts import file_problem_message_text
from desktop.errors import error_text
from desktop.labels import QT_TRANSLATE_NOOP
from desktop.supervision.common import STYLE as SCREEN_STYLE
from desktop.worker import run_async

translate = QCoreApplication.translate
WORDS = "GridEditorWords"  # translation context of the vocabulary both dialogs and history use

# ---------------------------------------------------------------- vocabulary

ACTIONS: dict[str, str] = {
    "created": QT_TRANSLATE_NOOP("GridEditorWords", "Created"),
    "reshaped": QT_TRANSLATE_NOOP("GridEditorWords", "Reshaped"),
    "merged": QT_TRANSLATE_NOOP("GridEditorWords", "Merged"),
    "retired": QT_TRANSLATE_NOOP("GridEditorWords", "Retired"),
    "attributes": QT_TRANSLATE_NOOP("GridEditorWords", "Attributes changed"),
}
ENTITIES: dict[str, str] = {
    "key_point": QT_TRANSLATE_NOOP("GridEditorWords", "Key point"),
    "camera": QT_TRANSLATE_NOOP("GridEditorWords", "Camera"),
    "case": QT_TRANSLATE_NOOP("GridEditorWords", "Open case"),
    "grid_member": QT_TRANSLATE_NOOP("GridEditorWords", "Grid member"),
}
ATTRIBUTES: dict[str, str] = {
    "code": QT_TRANSLATE_NOOP("GridEditorWords", "Code"),
    "name": QT_TRANSLATE_NOOP("GridEditorWords", "Name"),
    "level": QT_TRANSLATE_NOOP("GridEditorWords", "Level"),
    "parent_id": QT_TRANSLATE_NOOP("GridEditorWords", "Responsibility grid"),
    "admin_unit_id": QT_TRANSLATE_NOOP("GridEditorWords", "Village / committee"),
    "department_id": QT_TRANSLATE_NOOP("GridEditorWords", "Department"),
    "leader_name": QT_TRANSLATE_NOOP("GridEditorWords", "Grid leader"),
    "leader_phone": QT_TRANSLATE_NOOP("GridEditorWords", "Leader's phone"),
}
LEVELS: dict[str, str] = {
    "responsibility": QT_TRANSLATE_NOOP("GridEditorWords", "Responsibility grid"),
    "management": QT_TRANSLATE_NOOP("GridEditorWords", "Management grid"),
    "retired": QT_TRANSLATE_NOOP("GridEditorWords", "Retired"),
}
SOURCES: dict[str, str] = {
    "editor": QT_TRANSLATE_NOOP("GridEditorWords", "Editor"),
    "import": QT_TRANSLATE_NOOP("GridEditorWords", "Import"),
}

# What each FileProblem / validation code means, and what to do about it. The checker's own
# sentence (English, with line numbers and feature indexes) is shown beside it as the detail.
PROBLEMS: dict[str, tuple[str, str]] = {
    "broken_json": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Broken JSON"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The file is not valid JSON; it may be cut off. Export it again."),
    ),
    "not_feature_collection": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Not a FeatureCollection"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The file must be a GeoJSON FeatureCollection of grid polygons."),
    ),
    "not_a_feature": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Not a feature"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "This entry is not a GeoJSON Feature; remove it."),
    ),
    "no_geometry": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "No geometry"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The feature has no boundary; draw it or remove the feature."),
    ),
    "broken_geometry": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Unreadable geometry"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The boundary cannot be read; fix it in the source file."),
    ),
    "wrong_geometry_type": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Wrong geometry type"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Every grid must be exactly one polygon (no points, lines or multi-part shapes)."),
    ),
    "self_intersection": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Self-intersection"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The boundary crosses itself; fix it at the location shown."),
    ),
    "invalid_geometry": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Invalid polygon"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The polygon is not valid; fix its boundary in the source file."),
    ),
    "unknown_crs": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Unknown coordinate system"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The coordinate system cannot be recognised; choose the source CRS above or reproject the file to EPSG:4490."),
    ),
    "no_prj": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "No .prj file"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The Shapefile has no .prj; its lon/lat coordinates are read as CGCS2000 (EPSG:4490)."),
    ),
    "wrong_encoding": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Wrong text encoding"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The Chinese attributes are not in the declared encoding; choose UTF-8 or GBK above, or fix the .cpg file."),
    ),
    "missing_part": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Shapefile part missing"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Copy the .shp, .shx and .dbf files (and .prj, .cpg) together."),
    ),
    "unreadable": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Unreadable file"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The file cannot be read; check that it exists and is not damaged."),
    ),
    "unknown_format": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Unknown file type"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Only GeoJSON (.geojson, .json) and Shapefile (.shp) files can be imported."),
    ),
    "missing_field": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "No grid code field"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Add a 'code' attribute holding each grid's 14-digit code."),
    ),
    "missing_code": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Grid code missing"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Fill in the feature's 14-digit grid code."),
    ),
    "bad_code": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Invalid grid code"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The grid code does not follow the 14-digit scheme or does not fit its level or parent."),
    ),
    "bad_level": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Unknown grid level"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The level must be responsibility or management (责任网格 / 管理网格)."),
    ),
    "duplicate_code": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Duplicate grid code"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Two grids carry the same code; give each grid its own code."),
    ),
    "empty": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Empty file"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The file holds no grids."),
    ),
    "unknown_department": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Unknown department"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The department code is not one of the town's departments."),
    ),
    "code_retired": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Code of a retired grid"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The code belonged to a grid that was merged away; give this grid a new code."),
    ),
    "unknown_community": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Unknown village / committee"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The code names a village or residential committee the town does not have."),
    ),
    "no_changes": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "No changes"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The file matches the grids as they are; there is nothing to import."),
    ),
    # tiling checks (gis.validation.IssueKind)
    "invalid": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Invalid polygon"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The polygon is not valid; fix its boundary in the source file."),
    ),
    "not_polygon": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Not one polygon"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The grid is empty or falls apart into several pieces."),
    ),
    "gap": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Gap"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Part of the town is covered by no grid; the grids must tile the town."),
    ),
    "overlap": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Overlap"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Two grids of one level cover the same area."),
    ),
    "edge_mismatch": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Shared edge does not match"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Neighbouring grids must share the same vertices along their common boundary."),
    ),
    "outside_parent": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Outside its parent"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "A management grid reaches outside its responsibility grid (or a grid outside the town)."),
    ),
    "no_parent": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "No responsibility grid"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The management grid's responsibility grid is unknown."),
    ),
    "not_covering_parent": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Parent not covered"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The management grids do not cover their whole responsibility grid."),
    ),
    "sliver": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Sliver"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "A very thin grid, probably left over from digitising."),
    ),
    "tiny": (
        QT_TRANSLATE_NOOP("ImportGridsDialog", "Tiny grid"),
        QT_TRANSLATE_NOOP("ImportGridsDialog", "The grid is smaller than the minimum area."),
    ),
}


def word(table: dict[str, str], code: str) -> str:
    """A vocabulary entry in the user's language (the code itself when unknown)."""
    src = table.get(code)
    return translate(WORDS, src) if src else code


def problem_texts(code: str) -> tuple[str, str]:
    """(name, what to do) of a file problem code in the user's language."""
    pair = PROBLEMS.get(code)
    if pair is None:
        return code, ""
    return translate("ImportGridsDialog", pair[0]), translate("ImportGridsDialog", pair[1])


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def error_html(exc: BaseException) -> str:
    """An error of a db/ call as rich text (headline in the user's language, then detail)."""
    if isinstance(exc, OSError):
        head = translate("GridEditorWords", "The file cannot be written or read; nothing was changed.")
        detail = str(exc)
    else:
        head, detail = error_text(exc)
    return (
        f"<b style='color:{theme.OVERDUE_COLOUR}'>{esc(head)}</b><br>"
        f"<span style='color:{theme.TEXT_DIM}'>{esc(detail)}</span>"
    )


STYLE = (
    SCREEN_STYLE
    + f"""
QLabel#ioVerdictOk {{ color: {theme.OK_COLOUR}; font-weight: bold; font-size: 12pt; }}
QLabel#ioVerdictBad {{ color: {theme.OVERDUE_COLOUR}; font-weight: bold; font-size: 12pt; }}
QLabel#ioCount {{ font-size: 15pt; font-weight: bold; color: {theme.TEXT}; }}
QLabel#ioCountLabel {{ color: {theme.TEXT_DIM}; }}
QTableWidget {{ gridline-color: #1f2732; }}
QPushButton#primary:disabled {{ background: #1d2531; border-color: #2c3747; color: #5c6775; }}
QLabel#importProblemDetail {{ padding: 2px 2px; }}
"""
)


def section(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("supSection")
    return label


def hint(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("supHint")
    label.setWordWrap(True)
    return label


def make_table(headers: list[str], parent: QWidget | None = None) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setHighlightSections(False)
    return table


def cell(text: Any, colour: str | None = None, tip: str = "", align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if colour:
        item.setForeground(QColor(colour))
    if tip:
        item.setToolTip(tip)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def file_dialog(parent: QWidget, caption: str, directory: str, filters: str, save: bool) -> QFileDialog:
    """A Qt (not native) file dialog: it behaves the same on every desktop and offscreen."""
    dialog = QFileDialog(parent, caption, directory, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    return dialog


# ---------------------------------------------------------------- export

SUFFIX = {"geojson": ".geojson", "shapefile": ".shp"}


class ExportGridsDialog(QDialog):
    """Write the live grids (one level or both) to GeoJSON or a Shapefile."""

    exported = Signal(str, int)  # path, number of grids
    failed = Signal(str)  # the error shown

    def __init__(self, engine: Any, actor: Actor | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor = engine, actor
        self.running = False
        self.setObjectName("exportGridsDialog")
        self.setWindowTitle(self.tr("Export grids"))
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(640)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 16, 18, 16)
        lay.setSpacing(10)
        head = QLabel(self.tr("Export grid boundaries"), self)
        head.setObjectName("supTitle")
        lay.addWidget(head)
        lay.addWidget(
            hint(
                self.tr(
                    "Writes the grids as they are stored, in CGCS2000 longitude/latitude (EPSG:4490), "
                    "at full precision: a file exported and imported again changes nothing."
                ),
                self,
            )
        )
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        self.format_box = QComboBox(self)
        self.format_box.addItem(self.tr("GeoJSON (RFC 7946)"), "geojson")
        self.format_box.addItem(self.tr("Shapefile (.shp, .prj, .cpg)"), "shapefile")
        form.addRow(self.tr("Format"), self.format_box)
        self.level_box = QComboBox(self)
        self.level_box.addItem(self.tr("Both levels"), None)
        self.level_box.addItem(self.tr("Responsibility grids only"), "responsibility")
        self.level_box.addItem(self.tr("Management grids only"), "management")
        form.addRow(self.tr("Grids"), self.level_box)
        self.encoding_box = QComboBox(self)
        self.encoding_box.addItem("UTF-8", "utf-8")
        self.encoding_box.addItem(self.tr("GBK (older Chinese GIS software)"), "gbk")
        self.encoding_label = QLabel(self.tr("Attribute encoding"), self)
        form.addRow(self.encoding_label, self.encoding_box)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setPlaceholderText(self.tr("Where to write the file"))
        self.path_edit.setText(str(Path.home() / f"griddesk-grids-{date.today():%Y%m%d}.geojson"))
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        form.addRow(self.tr("Destination"), row)
        lay.addLayout(form)
        self.result_label = QLabel("", self)
        self.result_label.setObjectName("exportResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setMinimumHeight(48)
        lay.addWidget(self.result_label)
        lay.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_button = QPushButton(self.tr("Export"), self)
        self.export_button.setObjectName("primary")
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        lay.addLayout(buttons)

        self.dialog: QFileDialog | None = None
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.browse_button.clicked.connect(self.choose_destination)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)
        for b in (self.browse_button, self.close_button):
            b.setAutoDefault(False)
        self.export_button.setDefault(True)
        self._format_changed()

    # -- choices
    @property
    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def set_format(self, fmt: str) -> None:
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(fmt)))

    def set_level(self, level: str | None) -> None:
        self.level_box.setCurrentIndex(max(0, self.level_box.findData(level)))

    def set_encoding(self, encoding: str) -> None:
        self.encoding_box.setCurrentIndex(max(0, self.encoding_box.findData(encoding)))

    def set_path(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))

    def _format_changed(self) -> None:
        shp = self.fmt == "shapefile"
        self.encoding_box.setEnabled(shp)
        self.encoding_label.setEnabled(shp)
        text = self.path_edit.text().strip()
        if text:
            p = Path(text)
            if p.suffix.lower() in (".geojson", ".json", ".shp"):
                self.path_edit.setText(str(p.with_suffix(SUFFIX[self.fmt])))

    def choose_destination(self) -> QFileDialog:
        """Open the (non-native) save dialog; the chosen file becomes the destination."""
        shp = self.fmt == "shapefile"
        filters = self.tr("Shapefile (*.shp)") if shp else self.tr("GeoJSON (*.geojson *.json)")
        current = self.path_edit.text().strip() or str(Path.home())
        dialog = file_dialog(self, self.tr("Export grids to"), current, filters, save=True)
        dialog.setDefaultSuffix(SUFFIX[self.fmt].lstrip("."))
        if Path(current).suffix:
            dialog.selectFile(Path(current).name)
        dialog.fileSelected.connect(self.set_path)
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- running
    def start_export(self) -> bool:
        """Check the destination and start the export; False (with a message) if it cannot."""
        if self.running:
            return False
        text = self.path_edit.text().strip()
        if not text:
            self._show_problem(self.tr("Choose where to write the file."))
            return False
        path = Path(text).expanduser()
        allowed = (".geojson", ".json") if self.fmt == "geojson" else (".shp",)
        if path.suffix.lower() not in allowed:
            path = path.with_suffix(SUFFIX[self.fmt]) if path.suffix.lower() in (".geojson", ".json", ".shp") else (
                path.with_name(path.name + SUFFIX[self.fmt])
            )
            self.path_edit.setText(str(path))
        if not path.parent.is_dir():
            self._show_problem(self.tr("The folder {folder} does not exist.").format(folder=path.parent))
            return False
        self.running = True
        self._set_enabled(False)
        self.result_label.setText(f"<span style='color:{theme.TEXT_DIM}'>{esc(self.tr('Exporting…'))}</span>")
        run_async(
            self, export_grids, self.engine, path, self.fmt,
            level=self.level_box.currentData(), encoding=str(self.encoding_box.currentData()), actor=self.actor,
            on_done=lambda n: self._done(path, int(n)), on_error=self._failed,
        )
        return True

    def _set_enabled(self, on: bool) -> None:
        for w in (self.export_button, self.browse_button, self.format_box, self.level_box, self.path_edit):
            w.setEnabled(on)
        self.encoding_box.setEnabled(on and self.fmt == "shapefile")

    def _show_problem(self, text: str) -> None:
        self.result_label.setText(f"<b style='color:{theme.OVERDUE_COLOUR}'>{esc(text)}</b>")
        self.failed.emit(text)

    def _done(self, path: Path, count: int) -> None:
        self.running = False
        self._set_enabled(True)
        files = [path.name]
        if self.fmt == "shapefile":
            files = [path.with_suffix(s).name for s in (".shp", ".shx", ".dbf", ".prj", ".cpg")]
        head = self.tr("Exported {n} grids.").format(n=count)
        where = self.tr("Folder: {folder}").format(folder=path.parent)
        written = self.tr("Files: {files}").format(files=", ".join(files))
        self.result_label.setText(
            f"<b style='color:{theme.OK_COLOUR}'>{esc(head)}</b><br>{esc(where)}<br>"
            f"<span style='color:{theme.TEXT_DIM}'>{esc(written)}</span>"
        )
        self.exported.emit(str(path), count)

    def _failed(self, exc: Exception) -> None:
        self.running = False
        self._set_enabled(True)
        html = error_html(exc)
        self.result_label.setText(html)
        self.failed.emit(html)


# ---------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class _Request:
    """What a dry run was made for: the import may only commit exactly this."""

    path: str
    crs: Any
    encoding: str | None


CRS_CHOICES: tuple[tuple[str, int | None], ...] = (
    (QT_TRANSLATE_NOOP("ImportGridsDialog", "Detect from the file"), None),
    (QT_TRANSLATE_NOOP("ImportGridsDialog", "EPSG:4490 CGCS2000 longitude/latitude"), 4490),
    (QT_TRANSLATE_NOOP("ImportGridsDialog", "EPSG:4326 WGS 84 longitude/latitude"), 4326),
    (QT_TRANSLATE_NOOP("ImportGridsDialog", "EPSG:4549 CGCS2000 / 3-degree Gauss-Kruger CM 120E"), 4549),
)


def _import_and_diff(engine: Any, actor: Actor, path: str, **kwargs: Any) -> tuple[ImportOutcome, VersionDiff | None]:
    """The import, and the new version's diff (it names the grids records moved between)."""
    outcome = import_grids(engine, actor, path, **kwargs)
    diff = version_diff(engine, outcome.committed.version_id) if outcome.committed is not None else None
    return outcome, diff


class ImportGridsDialog(QDialog):
    """Check a grid layer file with a dry run, then import it as one boundary version."""

    checked = Signal(object)  # ImportOutcome of a dry run (shown)
    imported = Signal(object)  # ImportOutcome of the committed import
    failed = Signal(str)  # the error shown

    def __init__(self, engine: Any, actor: Actor | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor = engine, actor
        self.running = False
        self.report: ImportOutcome | None = None  # the last dry run
        self._request: _Request | None = None  # what that dry run was made for
        self.result: ImportOutcome | None = None
        self.dialog: QFileDialog | None = None
        self.setObjectName("importGridsDialog")
        self.setWindowTitle(self.tr("Import grids"))
        self.setStyleSheet(STYLE)
        self.resize(1100, 760)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 16, 18, 16)
        lay.setSpacing(10)
        head = QLabel(self.tr("Import grid boundaries"), self)
        head.setObjectName("supTitle")
        lay.addWidget(head)
        lay.addWidget(
            hint(
                self.tr(
                    "The file is checked first and nothing is changed. Grids are matched by code: new codes "
                    "become new grids, grids missing from the file are retired. Only a clean file can be imported, "
                    "as one boundary version."
                ),
                self,
            )
        )
        # -- the file and how to read it
        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText(self.tr("A .geojson, .json or .shp file"))
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        self.check_button = QPushButton(self.tr("Check file"), self)
        form.addWidget(QLabel(self.tr("File"), self), 0, 0)
        form.addWidget(self.path_edit, 0, 1, 1, 3)
        form.addWidget(self.browse_button, 0, 4)
        form.addWidget(self.check_button, 0, 5)
        self.crs_box = QComboBox(self)
        self.crs_box.setEditable(True)
        self.crs_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for text, epsg in CRS_CHOICES:
            self.crs_box.addItem(translate("ImportGridsDialog", text), epsg)
        self.crs_box.setToolTip(self.tr("Override the file's coordinate system: pick one or type an EPSG code, e.g. 4549."))
        self.encoding_box = QComboBox(self)
        self.encoding_box.addItem(self.tr("Detect"), None)
        self.encoding_box.addItem("UTF-8", "utf-8")
        self.encoding_box.addItem("GBK", "gbk")
        form.addWidget(QLabel(self.tr("Source CRS"), self), 1, 0)
        form.addWidget(self.crs_box, 1, 1)
        form.addWidget(QLabel(self.tr("Attribute encoding"), self), 1, 2)
        form.addWidget(self.encoding_box, 1, 3)
        form.setColumnStretch(1, 3)
        form.setColumnStretch(3, 1)
        lay.addLayout(form)
        # -- the report
        card = QFrame(self)
        card.setObjectName("supCard")
        card_lay = QVBoxLayout(card)
        card_lay.setContentsMargins(14, 10, 14, 10)
        card_lay.setSpacing(8)
        card_lay.addWidget(section(self.tr("Check report"), card))
        self.file_label = QLabel(self.tr("No file checked yet."), card)
        self.file_label.setObjectName("importFileInfo")
        self.file_label.setWordWrap(True)
        card_lay.addWidget(self.file_label)
        counts = QHBoxLayout()
        counts.setSpacing(22)
        self.count_labels: dict[str, QLabel] = {}
        for action in ("created", "reshaped", "retired", "attributes"):
            box = QVBoxLayout()
            box.setSpacing(0)
            value = QLabel("—", card)
            value.setObjectName("ioCount")
            name = QLabel(self._would(action), card)
            name.setObjectName("ioCountLabel")
            box.addWidget(value)
            box.addWidget(name)
            counts.addLayout(box)
            self.count_labels[action] = value
        counts.addStretch(1)
        card_lay.addLayout(counts)
        self.verdict = QLabel("", card)
        self.verdict.setObjectName("ioVerdictOk")
        self.verdict.setWordWrap(True)
        card_lay.addWidget(self.verdict)
        self.problems = make_table(
            [
                self.tr("Severity"), self.tr("Feature"), self.tr("Grid code"), self.tr("Problem"),
                self.tr("What to do"), self.tr("Location (lon, lat)"), self.tr("Details"),
            ],
            card,
        )
        self.problems.setObjectName("importProblems")
        header = self.problems.horizontalHeader()
        for col in (0, 1, 2, 3, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        self.problems.setColumnWidth(4, 420)
        card_lay.addWidget(self.problems, 1)
        # the selected problem in full: the table keeps one line per problem
        self.problem_detail = QLabel("", card)
        self.problem_detail.setObjectName("importProblemDetail")
        self.problem_detail.setWordWrap(True)
        self.problem_detail.setTextFormat(Qt.TextFormat.RichText)
        self.problem_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card_lay.addWidget(self.problem_detail)
        lay.addWidget(card, 1)
        # -- committing
        commit = QHBoxLayout()
        commit.setSpacing(10)
        commit.addWidget(QLabel(self.tr("Note"), self))
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("importNote")
        self.note_edit.setMaxLength(NOTE_LIMIT)
        self.note_edit.setPlaceholderText(self.tr("Required: why the boundaries change (e.g. the street office's new map)"))
        commit.addWidget(self.note_edit, 1)
        commit.addWidget(QLabel(self.tr("Effective from"), self))
        self.date_edit = QDateEdit(QDate.currentDate(), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        commit.addWidget(self.date_edit)
        lay.addLayout(commit)
        self.result_label = QLabel("", self)
        self.result_label.setObjectName("importResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.result_label)
        buttons = QHBoxLayout()
        self.status = hint("", self)
        buttons.addWidget(self.status, 1)
        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setObjectName("primary")
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        lay.addLayout(buttons)

        self.browse_button.clicked.connect(self.choose_file)
        self.check_button.clicked.connect(self.start_check)
        self.path_edit.returnPressed.connect(self.start_check)
        self.path_edit.textChanged.connect(self._invalidate)
        self.crs_box.currentIndexChanged.connect(self._invalidate)
        self.crs_box.editTextChanged.connect(self._invalidate)
        self.encoding_box.currentIndexChanged.connect(self._invalidate)
        self.note_edit.textChanged.connect(self._update_buttons)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        self.problems.itemSelectionChanged.connect(self._problem_selected)
        for b in (self.browse_button, self.check_button, self.import_button, self.close_button):
            b.setAutoDefault(False)  # Enter in the path runs the check, never the import
        self._update_buttons()

    def _would(self, action: str) -> str:
        texts = {
            "created": self.tr("would be created"),
            "reshaped": self.tr("would be reshaped"),
            "retired": self.tr("would be retired"),
            "attributes": self.tr("attributes would change"),
        }
        return texts[action]

    # -- choices
    def set_path(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))

    def set_crs(self, epsg: int | None) -> None:
        i = self.crs_box.findData(epsg)
        if i >= 0:
            self.crs_box.setCurrentIndex(i)
        else:
            self.crs_box.setEditText(f"EPSG:{epsg}")

    def set_encoding(self, encoding: str | None) -> None:
        self.encoding_box.setCurrentIndex(max(0, self.encoding_box.findData(encoding)))

    def choose_file(self) -> QFileDialog:
        """Open the (non-native) open dialog; a chosen file is checked at once."""
        current = self.path_edit.text().strip()
        folder = str(Path(current).parent) if current else str(Path.home())
        dialog = file_dialog(
            self, self.tr("Import grids from"), folder,
            self.tr("Grid layers (*.geojson *.json *.shp);;All files (*)"), save=False,
        )

        def chosen(path: str) -> None:
            self.set_path(path)
            self.start_check()

        dialog.fileSelected.connect(chosen)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _crs_choice(self) -> tuple[bool, Any]:
        """(understood, value): the CRS override (None: the file's own)."""
        text = self.crs_box.currentText().strip()
        i = self.crs_box.findText(text)
        if i >= 0:
            return True, self.crs_box.itemData(i)
        digits = text.upper().removeprefix("EPSG:").strip()
        if digits.isdigit():
            return True, int(digits)
        return (True, None) if not text else (False, text)

    def _current_request(self) -> _Request | None:
        text = self.path_edit.text().strip()
        ok, crs = self._crs_choice()
        if not text or not ok:
            return None
        enc = self.encoding_box.currentData()
        return _Request(str(Path(text).expanduser()), crs, None if enc is None else str(enc))

    # -- state
    def _invalidate(self, *_: Any) -> None:
        """A different file or option: the last check no longer speaks for it."""
        if self._request is not None and self._request != self._current_request():
            self.status.setText(self.tr("The file or the options changed: check the file again."))
        self._update_buttons()

    def can_import(self) -> bool:
        r = self.report
        return (
            not self.running
            and r is not None
            and r.ok
            and bool(r.actions)
            and self._request is not None
            and self._request == self._current_request()
            and bool(self.note_edit.text().strip())
        )

    def _update_buttons(self, *_: Any) -> None:
        self.import_button.setEnabled(self.can_import())
        self.check_button.setEnabled(not self.running)
        self.browse_button.setEnabled(not self.running)
        r = self.report
        if r is not None and r.ok and r.actions and not self.running and self._request is not None:
            if not self.note_edit.text().strip():
                self.status.setText(self.tr("Write a note to import."))
            elif self.import_button.isEnabled():
                self.status.setText(self.tr("Ready to import as one boundary version."))

    # -- the dry run
    def start_check(self) -> bool:
        """Run the dry run of the chosen file; False (with a message) if it cannot start."""
        if self.running:
            return False
        text = self.path_edit.text().strip()
        if not text:
            self._message(self.tr("Choose a file to import."))
            return False
        ok, crs = self._crs_choice()
        if not ok:
            self._message(self.tr("{crs} is not a coordinate system; type an EPSG code such as 4549.").format(crs=crs))
            return False
        if self.actor is None:
            self._message(self.tr("Sign in as a map editor to import grids."))
            return False
        request = self._current_request()
        assert request is not None
        self.running = True
        self.result_label.clear()
        self.status.setText(self.tr("Checking the file…"))
        self._update_buttons()
        run_async(
            self, import_grids, self.engine, self.actor, request.path, dry_run=True,
            assume_crs=request.crs, encoding=request.encoding,
            on_done=lambda outcome: self._checked(request, outcome), on_error=self._failed,
        )
        return True

    def _message(self, text: str) -> None:
        self.result_label.setText(f"<b style='color:{theme.OVERDUE_COLOUR}'>{esc(text)}</b>")
        self.failed.emit(text)

    def _checked(self, request: _Request, outcome: ImportOutcome) -> None:
        self.running = False
        self.report = outcome
        self._request = request
        self.show_report(outcome)
        if request != self._current_request():  # the options changed while it ran
            self.status.setText(self.tr("The file or the options changed: check the file again."))
        self._update_buttons()
        self.checked.emit(outcome)

    def show_report(self, outcome: ImportOutcome) -> None:
        """Fill the report: the file, the counts, the verdict and every problem."""
        read = outcome.read
        fmt = {"geojson": "GeoJSON", "shapefile": "Shapefile"}.get(read.format, read.format)
        parts = [
            self.tr("File: {name}").format(name=Path(read.path).name),
            self.tr("Format: {fmt}").format(fmt=fmt),
            self.tr("Coordinate system: {crs}").format(crs=read.crs or self.tr("not recognised")),
            self.tr("Features: {n}").format(n=read.features),
        ]
        if read.encoding:
            parts.append(self.tr("Attribute encoding: {enc}").format(enc=read.encoding.upper()))
        if read.crs and read.crs != "EPSG:4490":
            parts.append(self.tr("reprojected to EPSG:4490"))
        self.file_label.setText("  ·  ".join(parts))
        for action, label in self.count_labels.items():
            label.setText(str(outcome.actions.get(action, 0)) if read.ok and outcome.ok else "—")
        errors = [p for p in outcome.problems if p.severity == "error"]
        if errors:
            self.verdict.setObjectName("ioVerdictBad")
            self.verdict.setText(
                self.tr("{n} problems: nothing can be imported until they are fixed. Nothing was changed.").format(
                    n=len(errors)
                )
            )
        elif not outcome.actions:
            self.verdict.setObjectName("ioVerdictBad")
            self.verdict.setText(self.tr("The file changes nothing: there is nothing to import."))
        else:
            self.verdict.setObjectName("ioVerdictOk")
            self.verdict.setText(
                self.tr("The file is clean and tiles the town: {n} grids would change.").format(
                    n=sum(outcome.actions.values())
                )
            )
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)
        self.problems.setRowCount(0)
        ordered = sorted(outcome.problems, key=lambda p: (p.severity != "error", p.feature is not None, p.feature or 0))
        for p in ordered:
            r = self.problems.rowCount()
            self.problems.insertRow(r)
            name, advice = problem_texts(p.code)
            is_error = p.severity == "error"
            colour = theme.OVERDUE_COLOUR if is_error else theme.WARN_COLOUR
            self.problems.setItem(r, 0, cell(self.tr("Error") if is_error else self.tr("Warning"), colour))
            where = self.tr("#{n}").format(n=p.feature) if p.feature is not None else self.tr("whole file")
            self.problems.setItem(r, 1, cell(where))
            self.problems.setItem(r, 2, cell(p.grid_code or "—"))
            self.problems.setItem(r, 3, cell(name, colour))
            self.problems.setItem(r, 4, cell(advice, tip=advice))
            loc = f"{p.location[0]:.6f}, {p.location[1]:.6f}" if p.location else "—"
            self.problems.setItem(r, 5, cell(loc))
            detail = file_problem_message_text(p.message) + (f" [{p.field}]" if p.field else "")
            self.problems.setItem(r, 6, cell(detail, theme.TEXT_DIM, tip=detail))
        self.problem_detail.clear()
        if ordered:
            self.problems.selectRow(0)
        if not errors:
            self.status.setText(
                self.tr("Write a note to import.") if outcome.actions else self.tr("Nothing to import.")
            )
        else:
            self.status.setText(self.tr("Fix the file and check it again."))

    def _problem_selected(self) -> None:
        rows = self.problems.selectionModel().selectedRows()
        if not rows:
            self.problem_detail.clear()
            return
        r = rows[0].row()
        texts = [self.problems.item(r, c).text() if self.problems.item(r, c) else "" for c in range(7)]
        where = texts[1] + (f" · {texts[2]}" if texts[2] != "—" else "")
        if texts[5] != "—":
            where += " · " + texts[5]
        self.problem_detail.setText(
            f"<b>{esc(texts[3])}</b> ({esc(where)}): {esc(texts[4])}<br>"
            f"<span style='color:{theme.TEXT_DIM}'>{esc(texts[6])}</span>"
        )

    # -- the import
    def start_import(self) -> bool:
        """Import the checked file as one boundary version; False if it may not (yet)."""
        if not self.can_import():
            return False
        assert self._request is not None and self.actor is not None
        request = self._request
        qd = self.date_edit.date()
        effective = date(qd.year(), qd.month(), qd.day())
        self.running = True
        self.status.setText(self.tr("Importing…"))
        self._update_buttons()
        run_async(
            self, _import_and_diff, self.engine, self.actor, request.path,
            note=self.note_edit.text().strip(), effective_date=effective,
            assume_crs=request.crs, encoding=request.encoding,
            on_done=self._imported, on_error=self._failed,
        )
        return True

    def _imported(self, answer: tuple[ImportOutcome, VersionDiff | None]) -> None:
        outcome, diff = answer
        self.running = False
        if outcome.committed is None:
            # the database changed since the check and the file no longer fits: say why
            self.report = outcome
            self._request = None
            self.show_report(outcome)
            self._update_buttons()
            self._message(self.tr("The import was refused; nothing was changed. See the report."))
            return
        self.result = outcome
        self.report = None
        self._request = None
        self.result_label.setText(self.result_html(outcome, diff))
        self.status.setText(self.tr("Imported."))
        self._update_buttons()
        self.imported.emit(outcome)

    def result_html(self, outcome: ImportOutcome, diff: VersionDiff | None) -> str:
        committed = outcome.committed
        assert committed is not None
        changed = "、".join(
            f"{word(ACTIONS, a)} {n}" for a, n in sorted(committed.actions.items())
        )
        counts = committed.report.counts()
        moved = self.tr("Moved to other grids: {kp} key points, {cam} cameras, {cases} open cases.").format(
            kp=counts.get("key_point", 0), cam=counts.get("camera", 0), cases=counts.get("case", 0)
        )
        lines = [
            f"<b style='color:{theme.OK_COLOUR}'>"
            + esc(self.tr("Imported as boundary version {v}.").format(v=committed.version_id))
            + "</b>",
            esc(self.tr("Grids: {changes}").format(changes=changed)),
            esc(moved),
        ]
        codes = {g.grid_id: g.code for g in diff.grids} if diff is not None else {}
        shown = [x for x in committed.report.moved if x.entity in ("key_point", "camera", "case")][:8]
        for x in shown:
            lines.append(
                f"<span style='color:{theme.TEXT_DIM}'>"
                + esc(
                    f"{word(ENTITIES, x.entity)} {x.label}: "
                    f"{codes.get(x.from_grid_id or -1, x.from_grid_id or '—')} → "
                    f"{codes.get(x.to_grid_id or -1, x.to_grid_id or '—')}"
                )
                + "</span>"
            )
        rest = len([x for x in committed.report.moved if x.entity in ("key_point", "camera", "case")]) - len(shown)
        if rest > 0:
            lines.append(
                f"<span style='color:{theme.TEXT_DIM}'>"
                + esc(self.tr("… and {n} more (see the boundary history).").format(n=rest))
                + "</span>"
            )
        return "<br>".join(lines)

    def _failed(self, exc: Exception) -> None:
        self.running = False
        html = error_html(exc)
        self.result_label.setText(html)
        self.status.setText("")
        self._update_buttons()
        self.failed.emit(html)
