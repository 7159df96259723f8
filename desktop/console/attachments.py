"""The "Attachments" (附件) section of the case detail: the list (name, size, who, when),
"Add attachment…" (a file dialog, then stored in the database off the GUI thread), "Open"
(written to a temporary file and opened with the system viewer) and "Remove…" (a soft
removal with a reason; the row stays, shown struck through)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import attachments as att
from db.permissions import Permission
from desktop import theme
from desktop.console import texts
from desktop.console.common import ConsoleContext, dim_label, title_label


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"


def _read_and_attach(engine: Any, actor: Any, case_id: int, path: str) -> Any:
    data = Path(path).read_bytes()
    return att.attach(engine, actor, case_id, os.path.basename(path), data)


def _write_temp(fetch: Callable[[int], bytes], attachment_id: int, filename: str) -> str:
    data = fetch(attachment_id)
    folder = Path(tempfile.gettempdir()) / "griddesk-attachments" / str(attachment_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / att.sanitize_filename(filename)
    path.write_bytes(data)
    return str(path)


class AttachmentsSection(QWidget):
    """The attachments of one case. Emits `changed(ChangeSet)` after an add or removal."""

    changed = Signal(object)

    def __init__(self, ctx: ConsoleContext, case_id: int, items: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentsSection")
        self.ctx = ctx
        self.case_id = case_id
        self.items = list(items)
        self.busy = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        head = QHBoxLayout()
        live = sum(not a.removed for a in self.items)
        head.addWidget(title_label(self.tr("Attachments ({n})").format(n=live), self))
        head.addStretch(1)
        self.status = dim_label("", self)
        self.status.setWordWrap(False)
        head.addWidget(self.status)
        self.add_button = QPushButton(self.tr("Add attachment…"), self)
        self.add_button.setObjectName("linkButton")
        self.add_button.setShortcut("Ctrl+Shift+A")
        self.add_button.setToolTip(self.tr("Attach photos or documents to this case (Ctrl+Shift+A); at most 20 MB each"))
        self.add_button.clicked.connect(self.choose_files)
        self.add_button.setVisible(att.may_add(ctx.actor))
        head.addWidget(self.add_button)
        lay.addLayout(head)
        self.rows: dict[int, QWidget] = {}
        if not self.items:
            lay.addWidget(dim_label(self.tr("No attachments."), self))
        can_remove = ctx.may(Permission.CASE_VERIFY_CLOSE)
        for a in self.items:
            row = self._row(a, can_remove)
            self.rows[a.id] = row
            lay.addWidget(row)

    def _row(self, a: Any, can_remove: bool) -> QWidget:
        row = QFrame(self)
        row.setObjectName("attachmentRow")
        rl = QHBoxLayout(row)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(8)
        meta = " · ".join(
            x for x in (size_text(a.size), a.uploader_name, f"{a.uploaded_at:%Y-%m-%d %H:%M}", a.workstation and self.tr("workstation {ws}").format(ws=a.workstation)) if x
        )
        name = texts.esc(a.filename)
        if a.removed:
            removed = self.tr("removed by {who} at {at}: {reason}").format(
                who=a.removed_by_name or "–", at=f"{a.removed_at:%Y-%m-%d %H:%M}" if a.removed_at else "–", reason=a.removed_reason
            )
            html = (
                f"<s style='color:{theme.TEXT_DIM}'>{name}</s>&nbsp;&nbsp;<span style='color:{theme.TEXT_DIM}'>{texts.esc(meta)}</span>"
                f"<br><span style='color:{theme.WARN_COLOUR}'>{texts.esc(removed)}</span>"
            )
        else:
            html = f"<b>{name}</b>&nbsp;&nbsp;<span style='color:{theme.TEXT_DIM}'>{texts.esc(meta)}</span>"
        if a.note and a.note != a.filename:
            html += f"<br><span style='color:{theme.TEXT_DIM}'>{texts.esc(a.note)}</span>"
        label = QLabel(html, row)
        label.setObjectName("consoleValue")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setToolTip(f"{a.mime} · SHA-256 {a.sha256}")
        rl.addWidget(label, 1)
        open_button = QPushButton(self.tr("Open"), row)
        open_button.setObjectName("linkButton")
        open_button.clicked.connect(lambda _c=False, i=a.id, n=a.filename: self.open_attachment(i, n))
        rl.addWidget(open_button, 0, Qt.AlignmentFlag.AlignTop)
        if can_remove and not a.removed:
            remove_button = QPushButton(self.tr("Remove…"), row)
            remove_button.setObjectName("linkButton")
            remove_button.clicked.connect(lambda _c=False, i=a.id, n=a.filename: self.ask_remove(i, n))
            rl.addWidget(remove_button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    # ------------------------------------------------------------------ actions
    def _error(self, exc: Exception) -> None:
        self.busy = False
        self.status.setText("")
        QMessageBox.warning(self, self.tr("Attachments"), f"{texts.error_headline(exc)}\n\n{texts.error_detail(exc)}")

    def _done(self, result: Any) -> None:
        self.busy = False
        self.status.setText("")
        self.changed.emit(result)

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add attachment"), "",
            self.tr("Photos and documents (*.jpg *.jpeg *.png *.gif *.bmp *.heic *.pdf *.doc *.docx *.xls *.xlsx *.txt *.mp4);;All files (*)"),
        )
        for path in paths:
            self.add_file(path)

    def add_file(self, path: str) -> bool:
        """Check the file here, then store it off the GUI thread."""
        name = os.path.basename(path)
        try:
            size = os.path.getsize(path)
        except OSError:
            QMessageBox.warning(self, self.tr("Attachments"), self.tr("{name} cannot be read; check the file and try again.").format(name=name))
            return False
        if size == 0:
            QMessageBox.warning(self, self.tr("Attachments"), self.tr("{name} is empty; choose a file with content.").format(name=name))
            return False
        if size > att.MAX_ATTACHMENT_BYTES:
            QMessageBox.warning(
                self, self.tr("Attachments"),
                self.tr("{name} is {size}; attachments may be at most 20 MB. Make it smaller or split it.").format(name=name, size=size_text(size)),
            )
            return False
        self.busy = True
        self.status.setText(self.tr("Saving {name}…").format(name=name))
        self.ctx.run(self, _read_and_attach, self.ctx.engine, self.ctx.actor, self.case_id, path, on_done=self._done, on_error=self._error)
        return True

    def open_attachment(self, attachment_id: int, filename: str) -> None:
        self.status.setText(self.tr("Opening {name}…").format(name=filename))

        def opened(path: str) -> None:
            self.status.setText("")
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

        self.ctx.run(self, _write_temp, self.ctx.source.attachment_data, attachment_id, filename, on_done=opened, on_error=self._error)

    def ask_remove(self, attachment_id: int, filename: str) -> None:
        reason, ok = QInputDialog.getText(
            self, self.tr("Remove attachment"),
            self.tr("Why remove {name}? It stays on record, marked as removed.").format(name=filename),
        )
        if not ok:
            return
        if not reason.strip():
            QMessageBox.warning(self, self.tr("Attachments"), self.tr("Give a reason for removing the attachment."))
            return
        self.remove(attachment_id, reason)

    def remove(self, attachment_id: int, reason: str) -> None:
        self.busy = True
        self.ctx.run(self, att.detach, self.ctx.engine, self.ctx.actor, attachment_id, reason, on_done=self._done, on_error=self._error)
