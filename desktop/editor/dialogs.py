"""The editor's dialogs: merge (whose attributes survive), move a management grid to another
responsibility grid, commit (note and effective date, what will change), the commit's
report (what moved), and the conflict (your version and theirs, side by side on a map)."""

from __future__ import annotations

from datetime import date
from typing import Any

import shapely
from PySide6.QtCore import QCoreApplication, QDate, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from desktop import theme
from desktop.editor.controller import EditorController
from desktop.editor.panels import level_text
from gis.crs import to_metric
from gis.editing import EditGrid

NOTE_LIMIT = 2000


def _grid_line(g: EditGrid) -> str:
    return f"{g.code}  {g.name}  ({g.geometry.area / 1e6:.3f} km²)"


class GridChoiceDialog(QDialog):
    """Pick one grid of a list (double click or OK), with a line on what follows."""

    def __init__(
        self,
        title: str,
        prompt: str,
        grids: list[EditGrid],
        note: str,
        ok_text: str,
        parent: QWidget | None = None,
        preselect: int = 0,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(prompt, self))
        self.list = QListWidget(self)
        for g in grids:
            item = QListWidgetItem(_grid_line(g))
            item.setData(Qt.ItemDataRole.UserRole, g.key)
            self.list.addItem(item)
        if grids:
            self.list.setCurrentRow(preselect)
        lay.addWidget(self.list)
        hint = QLabel(note, self)
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {theme.TEXT_DIM};")
        lay.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.list.itemDoubleClicked.connect(lambda *_: self.accept())

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


class MergeDialog(GridChoiceDialog):
    """Choose the grid whose code, name and people survive the merge."""

    def __init__(self, grids: list[EditGrid], parent: QWidget | None = None) -> None:
        largest = max(range(len(grids)), key=lambda i: grids[i].geometry.area)  # the usual survivor
        super().__init__(
            self.tr("Merge grids"),
            self.tr("The merged grid keeps the code, name and responsible people of:"),
            grids,
            self.tr("The others are retired; their key points, cameras and open cases move into it."),
            self.tr("Merge"),
            parent,
            preselect=largest,
        )
        self.setObjectName("editorMergeDialog")

    def keep(self) -> int | None:
        return self.chosen()


class ParentDialog(GridChoiceDialog):
    """Choose the neighbouring responsibility grid a management grid moves to."""

    def __init__(self, grid: EditGrid, candidates: list[EditGrid], parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Move to another responsibility grid"),
            self.tr("Management grid %1 (%2) moves to:").replace("%1", grid.code).replace("%2", grid.name),
            candidates,
            self.tr("It gets a new code under that grid; both grids' outlines follow."),
            self.tr("Move"),
            parent,
        )
        self.setObjectName("editorParentDialog")

    def target(self) -> int | None:
        return self.chosen()


class CommitDialog(QDialog):
    """A note (required) and an effective date for the new boundary version, with a summary
    of what it changes."""

    def __init__(self, controller: EditorController, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorCommitDialog")
        self.setWindowTitle(self.tr("Save boundary version"))
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        session = controller.session
        changes = session.changes() if session is not None else []
        counts: dict[str, int] = {}
        for ch in changes:
            counts[ch.action] = counts.get(ch.action, 0) + 1
        words = {
            "created": self.tr("%n new", "", counts.get("created", 0)),
            "reshaped": self.tr("%n reshaped", "", counts.get("reshaped", 0)),
            "retired": self.tr("%n retired (merged)", "", counts.get("retired", 0)),
            "attributes": self.tr("%n with new attributes", "", counts.get("attributes", 0)),
        }
        summary = self.tr("This version changes %n grids: ", "", len(changes)) + "，".join(
            words[k] for k in ("created", "reshaped", "retired", "attributes") if counts.get(k)
        )
        head = QLabel(summary, self)
        head.setWordWrap(True)
        head.setObjectName("editorCommitSummary")
        lay.addWidget(head)
        self.list = QListWidget(self)
        action_words = {
            "created": self.tr("new"), "reshaped": self.tr("reshaped"),
            "retired": self.tr("retired"), "attributes": self.tr("attributes"),
        }
        for ch in changes:
            g = ch.after or ch.before
            assert g is not None
            self.list.addItem(f"{action_words[ch.action]}  ·  {level_text(g.level)}  {g.code}  {g.name}")
        self.list.setMaximumHeight(150)
        lay.addWidget(self.list)
        form = QFormLayout()
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("editorCommitNote")
        self.note.setPlaceholderText(self.tr("Why the boundaries change, e.g. the two villages merged (required)"))
        self.note.setFixedHeight(80)
        self.effective = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.effective.setCalendarPopup(True)
        self.effective.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Effective from"), self.effective)
        lay.addLayout(form)
        after = QLabel(
            self.tr("Key points, cameras and open cases are re-assigned to the grid that now holds them; "
                    "closed cases keep their grid."),
            self,
        )
        after.setWordWrap(True)
        after.setStyleSheet(f"color: {theme.TEXT_DIM};")
        lay.addWidget(after)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Save version"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.note.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        text = self.note_text()
        self.ok.setEnabled(0 < len(text) <= NOTE_LIMIT)

    def note_text(self) -> str:
        return self.note.toPlainText().strip()

    def effective_date(self) -> date:
        d = self.effective.date()
        return date(d.year(), d.month(), d.day())


def moved_summary(result: Any) -> str:
    """One sentence of what a commit moved, in the user's language."""
    counts = result.report.counts()
    return (
        QCoreApplication.translate(
            "EditorDialogs", "Version %1 saved. Re-assigned: %2 key points, %3 cameras, %4 open cases, %5 grid members."
        )
        .replace("%1", str(result.version_id))
        .replace("%2", str(counts.get("key_point", 0)))
        .replace("%3", str(counts.get("camera", 0)))
        .replace("%4", str(counts.get("case", 0)))
        .replace("%5", str(counts.get("grid_member", 0)))
    )


class VersionsPreview(QWidget):
    """Two outlines of one grid on a small map: yours (blue) and theirs (amber)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(360, 260)
        self.yours: BaseGeometry | None = None
        self.theirs: BaseGeometry | None = None

    def set_geometries(self, yours: BaseGeometry | None, theirs: BaseGeometry | None) -> None:
        self.yours, self.theirs = yours, theirs
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.fillRect(self.rect(), QColor("#0a0f15"))
        geoms = [g for g in (self.yours, self.theirs) if g is not None and not g.is_empty]
        if geoms:
            x0, y0, x1, y1 = (float(v) for v in shapely.total_bounds(geoms))
            margin = 16.0
            legend = 26.0
            scale = min((self.width() - 2 * margin) / max(x1 - x0, 1e-6),
                        (self.height() - 2 * margin - legend) / max(y1 - y0, 1e-6))
            ox = (self.width() - (x1 - x0) * scale) / 2
            oy = legend + (self.height() - legend - (y1 - y0) * scale) / 2

            def path(geom: BaseGeometry) -> QPainterPath:
                out = QPainterPath()
                for ring in shapely.get_rings(shapely.get_parts(geom)):
                    pts = shapely.get_coordinates(ring)
                    for i, (x, y) in enumerate(pts):
                        q = QPointF(ox + (x - x0) * scale, oy + (y1 - y) * scale)
                        out.moveTo(q) if i == 0 else out.lineTo(q)
                return out

            if self.theirs is not None:
                fill = QColor(theme.WARN_COLOUR)
                fill.setAlphaF(0.18)
                p.fillPath(path(self.theirs), fill)
                p.strokePath(path(self.theirs), QPen(QColor(theme.WARN_COLOUR), 2.4))
            if self.yours is not None:
                pen = QPen(QColor("#3fd0ff"), 2.0, Qt.PenStyle.DashLine)
                p.strokePath(path(self.yours), pen)
        p.setPen(QColor(theme.WARN_COLOUR))
        p.drawText(QRectF(10, 4, 200, 20), Qt.AlignmentFlag.AlignLeft, self.tr("━ theirs (saved)"))
        p.setPen(QColor("#3fd0ff"))
        p.drawText(QRectF(180, 4, 200, 20), Qt.AlignmentFlag.AlignLeft, self.tr("┅ yours (not saved)"))
        p.end()


class ConflictDialog(QDialog):
    """Someone else changed a grid you edited: who, when, why, and both outlines. Nothing
    was saved; the user reloads (their edits on the map are dropped) or keeps editing."""

    RELOAD = 2

    def __init__(self, exc: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorConflictDialog")
        self.setWindowTitle(self.tr("Someone else changed this grid"))
        self.setMinimumWidth(640)
        cur: dict[str, Any] = getattr(exc, "current", {}) or {}
        lay = QVBoxLayout(self)
        head = QLabel(
            self.tr("Grid %1 was changed by %2 at %3 after you started editing. Nothing was saved.")
            .replace("%1", str(cur.get("code", "?")))
            .replace("%2", str(cur.get("changed_by") or self.tr("another workstation")))
            .replace("%3", str(cur.get("changed_at") or "?").replace("T", " ")[:16]),
            self,
        )
        head.setObjectName("editorConflictHeadline")
        head.setWordWrap(True)
        head.setStyleSheet(f"color: {theme.WARN_COLOUR}; font-weight: bold;")
        lay.addWidget(head)
        theirs = cur.get("theirs") or {}
        yours = cur.get("yours") or {}
        state = theirs.get("state") or {}
        form = QFormLayout()
        form.addRow(self.tr("Their note"), QLabel(str(cur.get("note") or "—"), self))
        form.addRow(
            self.tr("Their version"),
            QLabel(f"v{theirs.get('version', '?')}  {state.get('code', '')}  {state.get('name', '')}", self),
        )
        your_state = yours.get("state") or {}
        form.addRow(
            self.tr("Your copy"),
            QLabel(f"v{yours.get('version', '?')}  {your_state.get('code', '')}  {your_state.get('name', '')}", self),
        )
        lay.addLayout(form)
        self.preview = VersionsPreview(self)
        self.preview.setObjectName("editorConflictPreview")

        def metric(js: Any) -> BaseGeometry | None:
            try:
                return to_metric(shape(js)) if js else None
            except Exception:  # a preview only: the text above still says what happened
                return None

        self.preview.set_geometries(metric(yours.get("geometry")), metric(theirs.get("geometry")))
        lay.addWidget(self.preview, 1)
        hint = QLabel(
            self.tr("Reload to continue from their version (your unsaved edits are dropped), "
                    "or keep editing and save later."),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {theme.TEXT_DIM};")
        lay.addWidget(hint)
        buttons = QDialogButtonBox(self)
        self.reload_button = buttons.addButton(self.tr("Reload their version"), QDialogButtonBox.ButtonRole.DestructiveRole)
        keep = buttons.addButton(self.tr("Keep editing"), QDialogButtonBox.ButtonRole.RejectRole)
        keep.setDefault(True)
        self.reload_button.clicked.connect(lambda: self.done(self.RELOAD))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
