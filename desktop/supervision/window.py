"""The supervisor's workspace window: patrols, inspections, assessment and statistics in
tabs (Ctrl+1..4), each loading its data off the GUI thread the first time it is shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from db.ops import Actor
from desktop.supervision.common import STYLE, actor_of, engine_of, not_available

TABS: tuple[str, ...] = ("patrols", "inspections", "assessment", "statistics")


class SupervisionWindow(QMainWindow):
    def __init__(
        self,
        source: Any,
        role: str = "supervisor",
        actor: Actor | None = None,
        parent: QWidget | None = None,
        tab: str = "patrols",
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("supervisionWindow")
        self.setWindowTitle(self.tr("Supervision and assessment"))
        self.setStyleSheet(STYLE)
        self.source = source
        self.role = role
        self.actor = actor or actor_of(parent, role)
        self.engine = engine_of(source)
        self.panels: dict[str, QWidget] = {}
        self._loaded: set[str] = set()
        if self.engine is None:
            self.tabs = None
            self.setCentralWidget(not_available(self))
        else:
            from desktop.supervision.assessment import AssessmentPanel
            from desktop.supervision.dashboard import StatisticsPanel
            from desktop.supervision.inspections import InspectionPanel
            from desktop.supervision.patrols import PatrolPanel

            self.tabs = QTabWidget(self)
            self.tabs.setObjectName("supervisionTabs")
            self.tabs.setDocumentMode(True)
            self.panels = {
                "patrols": PatrolPanel(self.engine, self.actor, self),
                "inspections": InspectionPanel(self.engine, self.actor, self),
                "assessment": AssessmentPanel(self.engine, self.actor, self),
                "statistics": StatisticsPanel(self.engine, self),
            }
            titles = {
                "patrols": self.tr("Patrols"),
                "inspections": self.tr("Inspections"),
                "assessment": self.tr("Assessment"),
                "statistics": self.tr("Statistics"),
            }
            for name in TABS:
                self.tabs.addTab(self.panels[name], titles[name])
            self.tabs.currentChanged.connect(self._on_tab)
            self.setCentralWidget(self.tabs)
            for i, _name in enumerate(TABS, start=1):
                sc = QShortcut(QKeySequence(f"Ctrl+{i}"), self)
                sc.activated.connect(
                    lambda i=i: self.tabs.setCurrentIndex(i - 1) if self.tabs else None
                )
        close = QShortcut(QKeySequence("Ctrl+W"), self)
        close.activated.connect(self.close)
        self.resize(1600, 1000)
        self.show_tab(tab)

    def show_tab(self, name: str) -> None:
        if self.tabs is None:
            return
        if name not in self.panels:
            name = TABS[0]
        index = TABS.index(name)
        if self.tabs.currentIndex() != index:
            self.tabs.setCurrentIndex(index)
        else:
            self._on_tab(index)

    def _on_tab(self, index: int) -> None:
        name = TABS[index]
        if name not in self._loaded:
            self._loaded.add(name)
            self.panels[name].load()  # type: ignore[attr-defined]

    def current_panel(self) -> QWidget | None:
        if self.tabs is None:
            return None
        return self.panels[TABS[self.tabs.currentIndex()]]


def open_workspace(main_window: Any, tab: str = "patrols") -> SupervisionWindow:
    """Open (or bring forward) the workspace of a main window at a tab."""
    win = getattr(main_window, "_supervision_window", None)
    if not isinstance(win, SupervisionWindow) or not win.isVisible():
        win = SupervisionWindow(
            main_window.source, getattr(main_window, "role", "supervisor"), None, main_window, tab
        )
        main_window._supervision_window = win
    else:
        win.show_tab(tab)
    win.show()
    win.raise_()
    win.activateWindow()
    return win
