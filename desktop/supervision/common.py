"""Glue shared by the supervision screens: the engine behind a data source, the acting user,
the vocabulary (agenda reasons, results, assessment parts, cycles) in the user's language,
number formats, error messages, and the screens' style on top of desktop.theme."""

from __future__ import annotations

import socket
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from db.ops import (
    Actor,
)
from desktop import errors, theme
from desktop.labels import QT_TRANSLATE_NOOP

CTX = "Supervision"


translate = QCoreApplication.translate


def tr(text: str) -> str:
    """`text` (a QT_TRANSLATE_NOOP source of context "Supervision") in the user's language."""
    return QCoreApplication.translate(CTX, text)


def engine_of(source: Any) -> Any | None:
    """The database engine of a data source, or None (test fakes have none)."""
    return getattr(source, "engine", None)


def actor_of(window: Any, role: str) -> Actor:
    """The signed-in user of the main window, else the role at this workstation."""
    actor = getattr(window, "actor", None)
    if isinstance(actor, Actor):
        return actor
    return Actor(None, role, role, "", socket.gethostname())


# ---------------------------------------------------------------- vocabulary

REASONS: dict[str, str] = {
    "overdue": QT_TRANSLATE_NOOP("Supervision", "Overdue {days_overdue} days"),
    "long_unfinished": QT_TRANSLATE_NOOP("Supervision", "Unfinished for {days_open} days"),
    "repeated_problems": QT_TRANSLATE_NOOP("Supervision", "{cases} cases in {days} days"),
    "missed_patrols": QT_TRANSLATE_NOOP("Supervision", "{missed} patrols missed since {since}"),
    "team_check": QT_TRANSLATE_NOOP("Supervision", "Team check (last checked {last_checked})"),
}
REASON_GROUPS: dict[str, str] = {
    "overdue": QT_TRANSLATE_NOOP("Supervision", "Overdue cases"),
    "long_unfinished": QT_TRANSLATE_NOOP("Supervision", "Long unfinished cases"),
    "repeated_problems": QT_TRANSLATE_NOOP("Supervision", "Key points with repeated problems"),
    "missed_patrols": QT_TRANSLATE_NOOP("Supervision", "Grids with missed patrols"),
    "team_check": QT_TRANSLATE_NOOP("Supervision", "Patrol teams to check"),
}
KINDS: dict[str, str] = {
    "case": QT_TRANSLATE_NOOP("Supervision", "Case"),
    "key_point": QT_TRANSLATE_NOOP("Supervision", "Key point"),
    "grid": QT_TRANSLATE_NOOP("Supervision", "Grid"),
    "team": QT_TRANSLATE_NOOP("Supervision", "Team"),
}
RESULTS: dict[str, str] = {
    "ok": QT_TRANSLATE_NOOP("Supervision", "In order"),
    "problem": QT_TRANSLATE_NOOP("Supervision", "Problem found"),
    "not_checked": QT_TRANSLATE_NOOP("Supervision", "Not checked"),
}
OUTCOMES: dict[str, str] = {
    "case": QT_TRANSLATE_NOOP("Supervision", "Became a case"),
    "on_spot": QT_TRANSLATE_NOOP("Supervision", "Fixed on the spot"),
    "noted": QT_TRANSLATE_NOOP("Supervision", "Noted"),
}
SLOTS: dict[str, str] = {
    "morning": QT_TRANSLATE_NOOP("Supervision", "Morning"),
    "afternoon": QT_TRANSLATE_NOOP("Supervision", "Afternoon"),
}
METRICS: dict[str, str] = {
    "village_score": QT_TRANSLATE_NOOP("Supervision", "Villages' score"),
    "closure_rate": QT_TRANSLATE_NOOP("Supervision", "Closure rate"),
    "on_time_rate": QT_TRANSLATE_NOOP("Supervision", "On-time closure rate"),
    "rework": QT_TRANSLATE_NOOP("Supervision", "Rework rate"),
    "handling_time": QT_TRANSLATE_NOOP("Supervision", "Average handling time"),
    "accurate_dispatch": QT_TRANSLATE_NOOP("Supervision", "Accurate-dispatch rate"),
}
TEAM_ROLES: dict[str, str] = {
    "group_leader": QT_TRANSLATE_NOOP("Supervision", "Group leader"),
    "party_volunteer": QT_TRANSLATE_NOOP("Supervision", "Party volunteer"),
    "villager_rep": QT_TRANSLATE_NOOP("Supervision", "Villager representative"),
    "enforcement": QT_TRANSLATE_NOOP("Supervision", "Enforcement"),
}
WEEKDAYS = (
    QT_TRANSLATE_NOOP("Supervision", "Mon"),
    QT_TRANSLATE_NOOP("Supervision", "Tue"),
    QT_TRANSLATE_NOOP("Supervision", "Wed"),
    QT_TRANSLATE_NOOP("Supervision", "Thu"),
    QT_TRANSLATE_NOOP("Supervision", "Fri"),
    QT_TRANSLATE_NOOP("Supervision", "Sat"),
    QT_TRANSLATE_NOOP("Supervision", "Sun"),
)


def word(table: dict[str, str], code: str) -> str:
    src = table.get(code)
    return tr(src) if src else code


def reason_text(reason: str, figures: dict[str, Any]) -> str:
    src = REASONS.get(reason)
    if src is None:
        return reason
    values = {k: ("—" if v is None else v) for k, v in figures.items()}
    if reason == "team_check" and not figures.get("last_checked"):
        return translate("Supervision", "Team check (never checked)")
    try:
        return tr(src).format(**values)
    except (KeyError, IndexError):
        return tr(src)


def cycle_label(year: int, period: int) -> str:
    if period == 0:
        return translate("Supervision", "{year} year-end").format(year=year)
    return translate("Supervision", "{year} period {period} (months {a}-{b})").format(
        year=year, period=period, a=2 * period - 1, b=2 * period
    )


def weekday(d: date) -> str:
    return tr(WEEKDAYS[d.weekday()])


def day_text(d: date) -> str:
    return f"{d:%Y-%m-%d} {weekday(d)}"


def pct(v: float | None, digits: int = 1) -> str:
    return "—" if v is None else f"{v * 100:.{digits}f}%"


def num(v: float | None, digits: int = 1) -> str:
    return "—" if v is None else f"{v:,.{digits}f}"


def signed_pct(v: float | None) -> str:
    return "—" if v is None else f"{v:+.2f}%"


def hhmm(t: datetime | None) -> str:
    return "" if t is None else f"{t:%H:%M}"


# ---------------------------------------------------------------- errors


def error_text(exc: BaseException) -> tuple[str, str]:
    """(headline in the user's language, the detail) for an error from a db/ call."""
    return errors.error_text(exc)


def error_html(exc: BaseException) -> str:
    return errors.error_html(exc)


def not_available(parent: QWidget | None = None) -> QWidget:
    """What a screen shows over a data source without a database (a test fake)."""
    w = QWidget(parent)
    lay = QVBoxLayout(w)
    label = QLabel(
        translate(
            "Supervision",
            "Supervision needs the GridDesk database; this data source has none. Open GridDesk on a database (--db) to use it.",
        ),
        w,
    )
    label.setObjectName("supNotAvailable")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lay.addWidget(label)
    return w


def title(text: str, parent: QWidget | None = None, name: str = "supTitle") -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(name)
    return label


# ---------------------------------------------------------------- style

THIS_YEAR = "#4f9df7"
LAST_YEAR = "#7d8896"
BAR = "#3d8bd9"
BAR_HOVER = theme.ACCENT
MISSED = theme.OVERDUE_COLOUR
PARTIAL = theme.WARN_COLOUR
DONE = "#2f8f4e"

STYLE = f"""
QLabel#supTitle {{ font-size: 14pt; font-weight: bold; color: {theme.TEXT}; }}
QLabel#supSection {{ color: {theme.ACCENT}; font-weight: bold; font-size: 12pt; }}
QLabel#supSub, QLabel#supHint {{ color: {theme.TEXT_DIM}; }}
QLabel#supHint {{ font-size: 10pt; }}
QLabel#supError {{ color: {theme.OVERDUE_COLOUR}; }}
QLabel#supNotAvailable {{ color: {theme.TEXT_DIM}; font-size: 13pt; padding: 40px; }}
QFrame#supCard {{ background: {theme.BG_PANEL}; border: 1px solid {theme.BORDER}; border-radius: 6px; }}
QFrame#supKpi {{ background: {theme.BG_PANEL}; border: 1px solid {theme.BORDER}; border-radius: 6px; }}
QLabel#kpiValue {{ font-size: 19pt; font-weight: bold; color: {theme.TEXT}; }}
QLabel#kpiLabel {{ color: {theme.TEXT_DIM}; }}
QLabel#kpiDown {{ color: {theme.OK_COLOUR}; font-weight: bold; }}
QLabel#kpiUp {{ color: {theme.WARN_COLOUR}; font-weight: bold; }}
QLabel#filterChip {{
    color: {theme.ACCENT}; border: 1px solid #6b5a2e; border-radius: 10px; padding: 2px 10px;
}}
QTabWidget::pane {{ border: none; border-top: 1px solid {theme.BORDER}; }}
QTabBar::tab {{
    background: {theme.BG_HEADER}; color: {theme.TEXT_DIM}; padding: 8px 22px; border: 1px solid {theme.BORDER};
    border-bottom: none; margin-right: 2px; border-top-left-radius: 4px; border-top-right-radius: 4px;
}}
QTabBar::tab:selected {{ background: {theme.BG_PANEL}; color: {theme.ACCENT}; font-weight: bold; }}
QPushButton {{
    background: #1d2531; border: 1px solid #34435a; border-radius: 4px; padding: 5px 14px;
}}
QPushButton:hover {{ background: #263142; }}
QPushButton:default, QPushButton#primary {{ background: #1f4f8f; border-color: #2f6fc0; color: #ffffff; }}
QPushButton:disabled {{ color: #5c6775; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit, QTimeEdit {{
    background: {theme.BG_BASE}; border: 1px solid #34435a; border-radius: 3px; padding: 3px 5px;
}}
QTextBrowser {{ background: {theme.BG_BASE}; border: 1px solid {theme.BORDER}; }}
QTableWidget {{ background: {theme.BG_BASE}; alternate-background-color: {theme.BG_ALT}; border: none; }}
"""
