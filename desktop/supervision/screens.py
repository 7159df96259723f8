"""Named views of the supervision workspace for `python main.py screenshot --view NAME`:
"supervision" (patrols), "supervision_inspections", "supervision_assessment",
"supervision_statistics". Each is built, loaded and ready to grab."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from desktop.worker import busy

VIEWS: dict[str, str] = {
    "supervision": "patrols",
    "supervision_inspections": "inspections",
    "supervision_assessment": "assessment",
    "supervision_statistics": "statistics",
}


def wait_until_loaded(timeout: float = 60.0) -> bool:
    """Let the background loads finish (their answers arrive through the event loop)."""
    app = QApplication.instance()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app is not None:
            app.processEvents()
        if not busy():
            for _ in range(3):
                if app is not None:
                    app.processEvents()
                time.sleep(0.02)
            if not busy():
                return True
        time.sleep(0.01)
    return False


def build_view(view: str, source: Any, role: str = "supervisor") -> QWidget:
    from desktop.supervision.window import SupervisionWindow

    if role == "duty_officer":  # the CLI's default role: the workspace is the supervisor's
        role = "supervisor"
    win = SupervisionWindow(source, role, tab=VIEWS[view])
    wait_until_loaded()
    return win
