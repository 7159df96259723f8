"""Glue shared by the meeting screens: the engine behind a data source, the acting user,
error messages in the user's language, and small widgets (chips, section titles)."""

from __future__ import annotations

import socket
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from db.meetings import MeetingConflicts
from db.ops import (
    Actor,
)
from desktop import errors, theme


def engine_of(source: Any) -> Any | None:
    """The database engine of a data source, or None (test fakes have none)."""
    return getattr(source, "engine", None)


def workstation_actor(role: str, username: str = "", display_name: str = "", user_id: int | None = None) -> Actor:
    """The acting user when the window was given none: the role at this workstation."""
    return Actor(user_id, username or role, role, display_name, socket.gethostname())


def error_text(exc: BaseException) -> tuple[str, str]:
    """(headline in the user's language, the detail) for an error from a db/ operation."""
    if isinstance(exc, MeetingConflicts):
        return QCoreApplication.translate("MeetingsCommon", "The meeting clashes with others; nothing was saved."), str(exc)
    return errors.error_text(
        exc, QCoreApplication.translate("MeetingsCommon", "Someone else changed this meeting first. Reload it and try again.")
    )


def error_html(exc: BaseException) -> str:
    head, detail = error_text(exc)
    return f"<b>{errors.escape(head)}</b><br><span style='color:{theme.TEXT_DIM}'>{errors.escape(detail)}</span>"


def section_title(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("panelTitle")
    return label


def chip(text: str, colour: str, parent: QWidget | None = None) -> QLabel:
    """A small rounded label in a colour (kind, status)."""
    label = QLabel(text, parent)
    label.setObjectName("meetingChip")
    set_chip(label, text, colour)
    return label


def set_chip(label: QLabel, text: str, colour: str) -> None:
    label.setText(text)
    label.setStyleSheet(
        f"QLabel#meetingChip {{ color: {colour}; background: transparent; border: 1px solid {colour};"
        " border-radius: 9px; padding: 1px 9px; font-weight: bold; }"
    )


# the style of the meeting screens, on top of the application's (desktop.theme)
STYLE = f"""
QLabel#meetingTitle {{ font-size: 15pt; font-weight: bold; color: {theme.TEXT}; }}
QLabel#meetingSub {{ color: {theme.TEXT_DIM}; }}
QLabel#meetingError {{ color: {theme.OVERDUE_COLOUR}; }}
QLabel#meetingOk {{ color: {theme.OK_COLOUR}; font-weight: bold; }}
QLabel#meetingWarn {{ color: {theme.OVERDUE_COLOUR}; font-weight: bold; }}
QLabel#meetingHint {{ color: {theme.TEXT_DIM}; font-size: 10pt; }}
QFrame#meetingHeader {{ background: {theme.BG_HEADER}; border-bottom: 1px solid {theme.BORDER}; }}
QFrame#meetingCard {{ background: {theme.BG_PANEL}; border: 1px solid {theme.BORDER}; border-radius: 6px; }}
QPushButton#slotButton {{
    text-align: left; padding: 5px 10px; border: 1px solid #3f6f4a; border-radius: 4px;
    color: {theme.OK_COLOUR}; background: #15231a;
}}
QPushButton#slotButton:hover {{ background: #1c3324; }}
QPushButton#primaryButton {{
    background: {theme.HIGHLIGHT}; color: white; border: 1px solid #3b7fd6; border-radius: 4px;
    padding: 6px 18px; font-weight: bold;
}}
QPushButton#primaryButton[warn="true"] {{ background: #8f2f2f; border-color: {theme.OVERDUE_COLOUR}; }}
QPushButton#attendanceButton {{
    padding: 3px 8px; border: 1px solid {theme.BORDER}; border-radius: 3px; background: #1a222d;
}}
QPushButton#attendanceButton:checked {{ background: #24466f; border-color: #4a90e8; color: white; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateEdit, QTimeEdit, QDateTimeEdit, QSpinBox, QDoubleSpinBox {{
    background: {theme.BG_BASE}; border: 1px solid #2f3b4c; border-radius: 3px; padding: 3px 5px;
    selection-background-color: {theme.HIGHLIGHT};
}}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateEdit:focus, QTimeEdit:focus,
QDateTimeEdit:focus, QDoubleSpinBox:focus {{ border-color: #4a90e8; }}
QPushButton {{ padding: 4px 12px; }}
QTabWidget::pane {{ border: 1px solid {theme.BORDER}; top: -1px; }}
QTabBar::tab {{
    background: {theme.BG_HEADER}; color: {theme.TEXT_DIM}; padding: 6px 16px; border: 1px solid {theme.BORDER};
    border-bottom: none; margin-right: 2px;
}}
QTabBar::tab:selected {{ color: {theme.ACCENT}; background: {theme.BG_PANEL}; font-weight: bold; }}
"""
