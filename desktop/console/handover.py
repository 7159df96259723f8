"""Shift handover (交接班): the summary of the shift a handover now closes (received,
registered, dispatched, escalated, forwarded, closed, ..., still open, overdue, urgent
cases), the incoming officer and notes; the outgoing officer signs it off. Handovers
signed off to the signed-in officer wait here to be acknowledged. Both signatures are kept
(db/handover.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import handover as ho
from db.ops import ChangeSet, run_operation
from db.permissions import Permission
from desktop import labels, theme
from desktop.console import texts
from desktop.console.common import STYLE, ConsoleContext, dim_label, title_label


def _fmt(value: Any) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if hasattr(value, "strftime") else str(value or "–")


class HandoverDialog(QDialog):
    """Sign off the shift to the incoming officer; acknowledge a handover signed to you."""

    handed_over = Signal(object)  # ChangeSet
    acknowledged = Signal(object)  # ChangeSet
    ready = Signal()

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.setStyleSheet(STYLE)
        self.ctx = ctx
        self.context: dict[str, Any] | None = None
        self.changes: ChangeSet | None = None
        self.busy = False
        self.setWindowTitle(self.tr("Shift handover"))
        self.resize(920, 700)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 14)
        outer.setSpacing(10)
        head = QHBoxLayout()
        title = QLabel(self.tr("Shift handover"), self)
        title.setObjectName("consoleTitle")
        self.shift_label = QLabel(self)
        self.shift_label.setObjectName("consoleSub")
        head.addWidget(title)
        head.addSpacing(14)
        head.addWidget(self.shift_label, 1)
        outer.addLayout(head)

        self.awaiting_box = QFrame(self)
        self.awaiting_box.setObjectName("consoleWarning")
        aw = QHBoxLayout(self.awaiting_box)
        aw.setContentsMargins(10, 6, 10, 6)
        self.awaiting_label = QLabel(self.awaiting_box)
        self.awaiting_label.setWordWrap(True)
        self.ack_button = QPushButton(self.tr("Acknowledge"), self.awaiting_box)
        self.ack_button.setObjectName("primaryButton")
        self.ack_button.clicked.connect(self.acknowledge)
        aw.addWidget(self.awaiting_label, 1)
        aw.addWidget(self.ack_button)
        self.awaiting_box.setVisible(False)
        outer.addWidget(self.awaiting_box)

        body = QHBoxLayout()
        body.setSpacing(14)
        left = QFrame(self)
        left.setObjectName("consoleCard")
        ll = QVBoxLayout(left)
        ll.setContentsMargins(12, 10, 12, 10)
        ll.addWidget(title_label(self.tr("In this shift"), left))
        self.figures = QGridLayout()
        self.figures.setHorizontalSpacing(18)
        self.figures.setVerticalSpacing(6)
        ll.addLayout(self.figures)
        ll.addWidget(title_label(self.tr("Handed on to the next shift"), left))
        self.inherit = QGridLayout()
        self.inherit.setHorizontalSpacing(18)
        self.inherit.setVerticalSpacing(6)
        ll.addLayout(self.inherit)
        ll.addWidget(title_label(self.tr("Urgent cases still open"), left))
        self.urgent_label = dim_label("", left)
        self.urgent_label.setTextFormat(Qt.TextFormat.RichText)
        ll.addWidget(self.urgent_label)
        ll.addStretch(1)
        body.addWidget(left, 3)

        right = QFrame(self)
        right.setObjectName("consoleCard")
        rl = QVBoxLayout(right)
        rl.setContentsMargins(12, 10, 12, 10)
        rl.addWidget(title_label(self.tr("Outgoing officer"), right))
        self.outgoing_label = QLabel(f"{ctx.actor.display_name or ctx.actor.username} · {ctx.actor.workstation}", right)
        rl.addWidget(self.outgoing_label)
        rl.addWidget(title_label(self.tr("Incoming officer"), right))
        self.incoming = QComboBox(right)
        self.incoming.addItem(self.tr("Loading…"), None)
        rl.addWidget(self.incoming)
        rl.addWidget(title_label(self.tr("Notes for the next shift"), right))
        self.notes = QPlainTextEdit(right)
        self.notes.setPlaceholderText(self.tr("What the next officer must know: cases to watch, calls to return…"))
        self.notes.setTabChangesFocus(True)
        rl.addWidget(self.notes, 1)
        rl.addWidget(title_label(self.tr("Recent handovers"), right))
        self.recent_label = dim_label("", right)
        rl.addWidget(self.recent_label)
        body.addWidget(right, 2)
        outer.addLayout(body, 1)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("consoleError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Close"), self)
        self.cancel_button.clicked.connect(self.reject)
        self.sign_button = QPushButton(self.tr("Sign off and hand over"), self)
        self.sign_button.setObjectName("primaryButton")
        self.sign_button.setEnabled(False)
        self.sign_button.clicked.connect(self.sign_off)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_button)
        outer.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.sign_off)
        self.load()

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        if not self.ctx.available:
            self.shift_label.setText(self.tr("Not available: this data source has no database."))
            return
        self.ctx.run(
            self, self.ctx.source.handover_context, self.ctx.now(), self.ctx.actor.user_id,
            on_done=self._loaded, on_error=self._failed,
        )

    def _loaded(self, context: dict[str, Any]) -> None:
        self.context = context
        shift, s = context["shift"], context["summary"]
        self.shift_label.setText(
            self.tr("{name} shift · {start} – {end}").format(
                name=self._shift_name(shift.name), start=_fmt(shift.start), end=f"{shift.end:%H:%M}"
            )
        )
        self._fill(self.figures, [
            (self.tr("Received"), s.received), (self.tr("Registered"), s.registered),
            (self.tr("Rejected"), s.rejected), (self.tr("Handled on the spot"), s.handled_on_spot),
            (self.tr("Dispatched"), s.dispatched), (self.tr("Escalated"), s.escalated),
            (self.tr("To the police"), s.forwarded_police), (self.tr("Feedback"), s.feedback),
            (self.tr("Returned"), s.returned), (self.tr("Reworked"), s.reworked),
            (self.tr("Closed"), s.closed), (self.tr("Merged"), s.merged),
        ])
        self._fill(self.inherit, [
            (self.tr("Still open"), s.still_open), (self.tr("Overdue"), s.overdue),
            (self.tr("Long-term"), s.long_term), (self.tr("Urgent open"), s.urgent_open),
            (self.tr("Extension requests"), s.pending_extensions), (self.tr("Failed messages"), s.outbox_failed),
        ], warn={self.tr("Overdue"), self.tr("Urgent open"), self.tr("Failed messages")})
        lines = [
            f"<b>{texts.esc(c.number)}</b> · {texts.esc(c.category_name)} · {texts.esc(labels.state_label(c.state))} · "
            + texts.esc(labels.countdown_text(c.deadline_at, self.ctx.now()))
            for c in s.urgent_cases[:8]
        ]
        self.urgent_label.setText("<br>".join(lines) if lines else texts.esc(self.tr("None")))
        current = self.incoming.currentData()
        self.incoming.clear()
        for o in context["officers"]:
            self.incoming.addItem(f"{o.display_name} ({o.username} · {labels.role_label(o.role)})", o.user_id)
        if current is not None:
            self.incoming.setCurrentIndex(max(0, self.incoming.findData(current)))
        recent = [
            self.tr("{start} {shift}: {out} → {inc} · {status}").format(
                start=f"{h.shift_start:%m-%d %H:%M}", shift=self._shift_name(h.shift_name), out=h.outgoing_name,
                inc=h.incoming_name,
                status=self.tr("acknowledged") if h.status == "acknowledged" else self.tr("signed off"),
            )
            for h in context["recent"][:5]
        ]
        self.recent_label.setText("\n".join(recent) if recent else self.tr("None yet"))
        awaiting = context["awaiting"]
        if awaiting:
            h = awaiting[0]
            self.awaiting_label.setText(
                self.tr("{who} handed over the {shift} shift ({start}) to you on workstation {ws} at {at}. Read it and acknowledge.").format(
                    who=h.outgoing_name, shift=self._shift_name(h.shift_name), start=_fmt(h.shift_start),
                    ws=h.outgoing_workstation or "–", at=_fmt(h.signed_off_at),
                )
                + (f"\n{h.notes}" if h.notes else "")
            )
        self.awaiting_box.setVisible(bool(awaiting))
        self.sign_button.setEnabled(self.ctx.may(Permission.SHIFT_HANDOVER) and self.incoming.count() > 0)
        self.ready.emit()

    def _shift_name(self, name: str) -> str:
        return {"day": self.tr("day"), "night": self.tr("night")}.get(name, name)

    def _fill(self, grid: QGridLayout, items: list[tuple[str, int]], warn: set[str] | None = None) -> None:
        while grid.count():
            item = grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        for i, (text, n) in enumerate(items):
            number = QLabel(f"{n:,}")
            colour = theme.OVERDUE_COLOUR if warn and text in warn and n else (theme.TEXT if n else theme.TEXT_DIM)
            number.setStyleSheet(f"font-size: 16pt; font-weight: bold; color: {colour};")
            name = QLabel(text)
            name.setObjectName("consoleDim")
            cell = QVBoxLayout()
            cell.setSpacing(0)
            cell.addWidget(number)
            cell.addWidget(name)
            holder = QWidget()
            holder.setLayout(cell)
            grid.addWidget(holder, i // 4, i % 4)

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.sign_button.setEnabled(self.context is not None)
        self.error_label.setText(texts.error_html(exc))

    # ------------------------------------------------------------------ signing
    def sign_off(self) -> None:
        if self.busy or self.context is None:
            return
        incoming = self.incoming.currentData()
        if incoming is None:
            self.error_label.setText(texts.esc(self.tr("Choose the incoming officer.")))
            return
        shift = self.context["shift"]
        self.busy = True
        self.sign_button.setEnabled(False)
        self.error_label.setText("")
        self.ctx.run(
            self, run_operation, self.ctx.engine, self.ctx.actor, Permission.SHIFT_HANDOVER, ho.hand_over_shift,
            int(incoming), notes=self.notes.toPlainText().strip(), shift_start=shift.start,
            shift_end=shift.end, shift_name=shift.name,
            on_done=self._signed, on_error=self._failed,
        )

    def _signed(self, changes: ChangeSet) -> None:
        self.busy = False
        self.changes = changes
        self.handed_over.emit(changes)
        self.accept()

    def acknowledge(self) -> None:
        if self.busy or self.context is None or not self.context["awaiting"]:
            return
        h = self.context["awaiting"][0]
        self.busy = True
        self.ack_button.setEnabled(False)
        self.ctx.run(
            self, run_operation, self.ctx.engine, self.ctx.actor, Permission.SHIFT_HANDOVER, ho.acknowledge_handover,
            h.id, h.version, on_done=self._acknowledged, on_error=self._ack_failed,
        )

    def _acknowledged(self, changes: ChangeSet) -> None:
        self.busy = False
        self.ack_button.setEnabled(True)
        self.acknowledged.emit(changes)
        self.load()

    def _ack_failed(self, exc: Exception) -> None:
        self.ack_button.setEnabled(True)
        self._failed(exc)
