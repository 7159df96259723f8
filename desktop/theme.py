"""The duty-room look: a dark Fusion palette, one small style sheet, the shared colours.

Readable at a distance: an 11.5 pt base font, high-contrast text, colour always paired with
text (state names, countdowns) so nothing depends on colour alone.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from desktop.paths import ICONS

BASE_POINT_SIZE = 11.5

# surfaces
BG_WINDOW = "#121821"
BG_PANEL = "#161d27"
BG_BASE = "#0f141b"
BG_ALT = "#141b24"
BG_HEADER = "#1b2430"
BORDER = "#283241"
TEXT = "#dbe3ec"
TEXT_DIM = "#8d9aab"
ACCENT = "#e0b450"  # the duty-room gold: titles, the town boundary
HIGHLIGHT = "#2463b8"

# deadline levels
OK_COLOUR = "#7fd18b"
WARN_COLOUR = "#f2a93b"  # amber: last quarter of the allowed time
OVERDUE_COLOUR = "#ff4d4f"  # red: overdue
URGENT_COLOUR = "#ff6b5e"

# case states (also the map's case markers)
STATE_COLOURS: dict[str, str] = {
    "reported": "#4dd0e1",
    "to_dispatch": "#ffb74d",
    "dispatched": "#64a8f6",
    "feedback": "#aed581",
    "returned": "#f48fb1",
    "escalated": "#ba68c8",
    "police": "#8c9eff",
    "long_term": "#a0aab6",
    "closed": "#66bb6a",
    "rejected": "#78828c",
}
DEFAULT_STATE_COLOUR = "#cfd8dc"


def state_colour(state: str) -> QColor:
    return QColor(STATE_COLOURS.get(state, DEFAULT_STATE_COLOUR))


def dark_palette() -> QPalette:
    p = QPalette()
    c = QColor
    roles = {
        QPalette.ColorRole.Window: c(BG_WINDOW),
        QPalette.ColorRole.WindowText: c(TEXT),
        QPalette.ColorRole.Base: c(BG_BASE),
        QPalette.ColorRole.AlternateBase: c(BG_ALT),
        QPalette.ColorRole.ToolTipBase: c("#202a37"),
        QPalette.ColorRole.ToolTipText: c(TEXT),
        QPalette.ColorRole.PlaceholderText: c(TEXT_DIM),
        QPalette.ColorRole.Text: c(TEXT),
        QPalette.ColorRole.Button: c("#1d2531"),
        QPalette.ColorRole.ButtonText: c(TEXT),
        QPalette.ColorRole.BrightText: c("#ffffff"),
        QPalette.ColorRole.Light: c("#2c3747"),
        QPalette.ColorRole.Midlight: c("#242e3b"),
        QPalette.ColorRole.Mid: c("#1a212b"),
        QPalette.ColorRole.Dark: c("#0b0f14"),
        QPalette.ColorRole.Shadow: c("#000000"),
        QPalette.ColorRole.Highlight: c(HIGHLIGHT),
        QPalette.ColorRole.HighlightedText: c("#ffffff"),
        QPalette.ColorRole.Link: c("#6cb6ff"),
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, c("#5c6775"))
    return p


CHECK_ICON = (ICONS / "check.svg").as_posix()

STYLE_SHEET = f"""
QMainWindow::separator {{ background: {BORDER}; width: 2px; height: 2px; }}
QDockWidget {{ color: {TEXT}; font-weight: bold; }}
QDockWidget::title {{
    background: {BG_HEADER}; padding: 6px 10px; border-bottom: 1px solid {BORDER};
}}
QToolBar {{
    background: {BG_HEADER}; border: none; border-bottom: 1px solid {BORDER};
    spacing: 4px; padding: 3px 6px;
}}
QToolButton {{ border: 1px solid transparent; border-radius: 4px; padding: 4px 6px; }}
QToolButton:hover {{ background: #263142; border-color: #34435a; }}
QToolButton:pressed {{ background: #1d3555; }}
QMenuBar {{ background: {BG_HEADER}; border-bottom: 1px solid {BORDER}; }}
QMenuBar::item {{ padding: 4px 12px; background: transparent; }}
QMenuBar::item:selected {{ background: #263142; }}
QMenu {{ background: #1a222d; border: 1px solid {BORDER}; padding: 4px; }}
QMenu::item {{ padding: 5px 28px 5px 24px; }}
QMenu::item:selected {{ background: {HIGHLIGHT}; }}
QMenu::separator {{ height: 1px; background: {BORDER}; margin: 4px 8px; }}
QStatusBar {{ background: {BG_HEADER}; border-top: 1px solid {BORDER}; color: {TEXT}; }}
QStatusBar::item {{ border: none; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QLabel#statusClock {{ color: {ACCENT}; font-weight: bold; }}
QLabel#statusSource, QLabel#statusCursor {{ color: {TEXT_DIM}; }}
QTableView {{
    background: {BG_BASE}; alternate-background-color: {BG_ALT}; gridline-color: #1f2732;
    border: none; selection-background-color: #1f4f8f; selection-color: #ffffff;
}}
QTableView#caseTable {{ font-size: 10.5pt; }}
QTableView#caseTable QHeaderView::section {{ font-size: 10pt; }}
QHeaderView::section {{
    background: {BG_HEADER}; color: {TEXT_DIM}; padding: 5px 6px; border: none;
    border-right: 1px solid {BORDER}; border-bottom: 1px solid {BORDER}; font-weight: bold;
}}
QTreeWidget, QListWidget {{ background: {BG_PANEL}; border: none; }}
QTreeWidget::item, QListWidget::item {{ padding: 3px 2px; }}
QTreeWidget::item:selected, QListWidget::item:selected {{ background: #1f3a5f; }}
QGroupBox {{
    border: 1px solid {BORDER}; border-radius: 4px; margin-top: 14px; padding-top: 6px;
    font-weight: bold; color: {TEXT_DIM};
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
QFrame#stateChip {{
    background: {BG_PANEL}; border: 1px solid {BORDER}; border-radius: 4px;
}}
QLabel#chipCount {{ font-size: 16pt; font-weight: bold; }}
QFrame#statePill {{ background: {BG_PANEL}; border: 1px solid {BORDER}; border-radius: 11px; }}
QLabel#pillCount {{ font-weight: bold; }}
QLabel#chipLabel {{ color: {TEXT_DIM}; }}
QLabel#panelTitle {{ color: {ACCENT}; font-weight: bold; }}
QLabel#roleBadge {{
    color: {ACCENT}; border: 1px solid #6b5a2e; border-radius: 4px; padding: 2px 10px;
}}
QLabel#appTitle {{ color: {TEXT}; font-weight: bold; padding: 0 10px; }}
QTreeWidget::indicator, QListWidget::indicator {{
    width: 15px; height: 15px; border: 1px solid #5b6b80; border-radius: 3px; background: {BG_BASE};
}}
QTreeWidget::indicator:checked, QListWidget::indicator:checked {{
    background: #2f7de1; border-color: #4a90e8; image: url({CHECK_ICON});
}}
QToolTip {{ background: #202a37; color: {TEXT}; border: 1px solid #3a4a60; padding: 4px; }}
QScrollBar:vertical {{ background: {BG_BASE}; width: 12px; margin: 0; }}
QScrollBar::handle:vertical {{ background: #2c3747; min-height: 24px; border-radius: 5px; margin: 2px; }}
QScrollBar:horizontal {{ background: {BG_BASE}; height: 12px; margin: 0; }}
QScrollBar::handle:horizontal {{ background: #2c3747; min-width: 24px; border-radius: 5px; margin: 2px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
"""
