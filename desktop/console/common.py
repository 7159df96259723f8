"""Glue shared by the console's screens: the context every dialog gets (engine, actor,
clock, how to run an operation off the GUI thread), a flow layout for the action bar, and
the console's style on top of the application's (desktop.theme)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QWidget

from db.clock import now as town_now
from db.ops import Actor, ChangeSet
from db.permissions import Permission, has_permission
from desktop import theme
from desktop.worker import run_async


def engine_of(source: Any) -> Any | None:
    """The database engine of a data source, or None (test fakes have none)."""
    return getattr(source, "engine", None)


@dataclass(slots=True)
class ConsoleContext:
    """What the console's widgets share: the data source and its engine, the acting
    officer, the data's clock, and hooks the controller sets (health reporting, refresh
    after an operation)."""

    source: Any
    engine: Any
    actor: Actor
    clock: Callable[[], datetime] = town_now
    on_result: Callable[[ChangeSet], None] | None = None  # refresh what a ChangeSet names
    report: Callable[[BaseException | None], None] | None = None  # a call's outcome (health)
    documents_dir: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return self.engine is not None

    def now(self) -> datetime:
        """The data's clock (the demo keeps its reference time)."""
        return self.clock()

    def may(self, permission: Permission) -> bool:
        return has_permission(self.actor.role, permission)

    def run(
        self,
        owner: QObject,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Run a db/ call off the GUI thread; its outcome also goes to `report` (health)."""

        def failed(exc: Exception) -> None:
            if self.report is not None:
                self.report(exc)
            if on_error is not None:
                on_error(exc)

        def done(result: Any) -> None:
            if self.report is not None:
                self.report(None)  # an answer: the database is there
            if on_done is not None:
                on_done(result)

        run_async(owner, fn, *args, on_done=done, on_error=failed, **kwargs)


def title_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("consoleSection")
    return label


def dim_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("consoleDim")
    label.setWordWrap(True)
    return label


def chip(text: str, colour: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("consoleChip")
    set_chip(label, text, colour)
    return label


def set_chip(label: QLabel, text: str, colour: str, filled: bool = False) -> None:
    label.setText(text)
    bg = colour if filled else "transparent"
    fg = theme.BG_BASE if filled else colour
    label.setStyleSheet(
        f"QLabel#consoleChip {{ color: {fg}; background: {bg}; border: 1px solid {colour};"
        " border-radius: 9px; padding: 1px 9px; font-weight: bold; }"
    )
    label.setVisible(bool(text))


class FlowLayout(QLayout):
    """Lays its items out left to right, wrapping to the next line (the action bar)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._do_layout(QRect(0, 0, width, 0), test=True)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, test=False)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _do_layout(self, rect: QRect, test: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_h = area.x(), area.y(), 0
        for item in self._items:
            w = item.widget()
            if w is not None and not w.isVisibleTo(w.parentWidget()):
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line_h > 0:
                x = area.x()
                y += line_h + self._spacing
                line_h = 0
            if not test:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_h = max(line_h, hint.height())
        return y + line_h - rect.y() + m.bottom()


STYLE = f"""
QLabel#consoleTitle {{ font-size: 16pt; font-weight: bold; color: {theme.TEXT}; }}
QLabel#consoleSub {{ color: {theme.TEXT_DIM}; }}
QLabel#consoleSection {{ color: {theme.ACCENT}; font-weight: bold; padding-top: 4px; }}
QLabel#consoleDim {{ color: {theme.TEXT_DIM}; }}
QLabel#consoleKey {{ color: {theme.TEXT_DIM}; }}
QLabel#consoleValue {{ color: {theme.TEXT}; }}
QLabel#consoleError {{ color: {theme.OVERDUE_COLOUR}; }}
QLabel#consoleCountdown {{ font-size: 13pt; font-weight: bold; }}
QFrame#consoleWarning {{
    background: #3a2a10; border: 1px solid {theme.WARN_COLOUR}; border-radius: 4px;
}}
QFrame#consoleWarning QLabel {{ color: #ffd48a; }}
QFrame#consoleErrorBox {{
    background: #3a1518; border: 1px solid {theme.OVERDUE_COLOUR}; border-radius: 4px;
}}
QFrame#consoleErrorBox QLabel {{ color: #ffc2c2; }}
QFrame#consoleCard {{ background: {theme.BG_PANEL}; border: 1px solid {theme.BORDER}; border-radius: 6px; }}
QFrame#consoleHeader {{ background: {theme.BG_HEADER}; border-bottom: 1px solid {theme.BORDER}; }}
QPushButton#actionButton {{
    background: #1d2a3a; border: 1px solid #34465e; border-radius: 4px; padding: 5px 12px;
    color: {theme.TEXT};
}}
QPushButton#actionButton:hover {{ background: #263a52; border-color: #4a90e8; }}
QPushButton#actionButton:disabled {{ color: #5c6775; border-color: #2a3442; }}
QPushButton#actionButton[primary="true"] {{
    background: {theme.HIGHLIGHT}; border-color: #3b7fd6; color: white; font-weight: bold;
}}
QPushButton#actionButton[danger="true"] {{ border-color: #8f3f3f; color: #ffb3b3; }}
QPushButton#primaryButton {{
    background: {theme.HIGHLIGHT}; color: white; border: 1px solid #3b7fd6; border-radius: 4px;
    padding: 6px 18px; font-weight: bold;
}}
QPushButton#primaryButton:disabled {{ background: #253349; color: #8d9aab; }}
QPushButton#linkButton {{
    background: transparent; border: 1px solid {theme.BORDER}; border-radius: 3px; padding: 2px 8px;
    color: #6cb6ff;
}}
QPushButton#linkButton:hover {{ border-color: #4a90e8; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateTimeEdit, QSpinBox {{
    background: {theme.BG_BASE}; border: 1px solid #2f3b4c; border-radius: 3px; padding: 3px 5px;
    selection-background-color: {theme.HIGHLIGHT};
}}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateTimeEdit:focus {{ border-color: #4a90e8; }}
QListWidget#timeline, QListWidget#duplicates, QListWidget#suggestions {{
    background: {theme.BG_BASE}; border: 1px solid {theme.BORDER}; border-radius: 4px;
}}
QListWidget#suggestions::item {{ padding: 5px 4px; }}
QListWidget#suggestions::item:selected {{ background: #1f4f8f; }}
QRadioButton, QCheckBox {{ spacing: 7px; }}
QRadioButton::indicator, QCheckBox::indicator {{
    width: 15px; height: 15px; border: 1px solid #5b6b80; background: {theme.BG_BASE};
}}
QCheckBox::indicator {{ border-radius: 3px; }}
QRadioButton::indicator {{ border-radius: 8px; }}
QCheckBox::indicator:checked {{ background: #2f7de1; border-color: #4a90e8; image: url({theme.CHECK_ICON}); }}
QRadioButton::indicator:checked {{
    background: qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5,
        stop:0 #ffffff, stop:0.35 #ffffff, stop:0.45 #2f7de1, stop:1 #2f7de1);
    border-color: #4a90e8;
}}
QRadioButton::indicator:disabled, QCheckBox::indicator:disabled {{ border-color: #3a4655; }}
QPushButton#actionButton[secondary="true"] {{ padding: 3px 9px; font-size: 10pt; color: #b9c6d6; }}
"""
