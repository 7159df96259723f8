"""Render GridDesk views to PNG files, also headless (QT_QPA_PLATFORM=offscreen)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.app import create_application
from desktop.datasource import DataSource

VIEWS: tuple[str, ...] = ("main", "map", "queue")
MEETING_VIEWS: tuple[str, ...] = ("meetings", "meeting_schedule", "meeting_day")  # desktop/meetings/screens.py
VIEWS = (*VIEWS, *MEETING_VIEWS)
SUPERVISION_VIEWS: tuple[str, ...] = (  # desktop/supervision/screens.py
    "supervision", "supervision_inspections", "supervision_assessment", "supervision_statistics",
)
VIEWS = (*VIEWS, *SUPERVISION_VIEWS)
SECURITY_VIEWS: tuple[str, ...] = ("signin", "lock", "admin", "audit")  # desktop/security/screens.py
VIEWS = (*VIEWS, *SECURITY_VIEWS)
CONSOLE_VIEWS: tuple[str, ...] = (  # desktop/console/screens.py
    "console", "console_case", "console_dispatch", "console_alert", "console_offline", "console_handover",
)
VIEWS = (*VIEWS, *CONSOLE_VIEWS)
EDITOR_VIEWS: tuple[str, ...] = (  # desktop/editor/screens.py and io_screens.py
    "editor", "editor_vertex", "editor_problems", "editor_conflict",
    "editor_import", "editor_export", "editor_history",
)
VIEWS = (*VIEWS, *EDITOR_VIEWS)


def _settle(app: QApplication, rounds: int = 4) -> None:
    for _ in range(rounds):
        app.processEvents()


def save_screenshot(
    source: DataSource,
    out_path: str | Path,
    size: tuple[int, int] = (1600, 1000),
    view: str = "main",
    lang: str = "zh_CN",
    role: str = "duty_officer",
    prepare: Callable[[QWidget], None] | None = None,
) -> Path:
    """Show a view of GridDesk at `size`, let it lay out and paint, and save it as a PNG.

    Views: "main" (the whole window), "map" (the map canvas alone), "queue" (the case queue
    panel alone). `prepare`, if given, is called with the widget before the grab (e.g. to
    zoom somewhere). Returns the written path; raises ValueError for an unknown view."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; valid views: {', '.join(VIEWS)}")
    if view in CONSOLE_VIEWS:
        from desktop.console.screens import save_console_view

        return save_console_view(source, out_path, (int(size[0]), int(size[1])), view, lang, role)
    app = create_application(lang)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    width, height = int(size[0]), int(size[1])

    widget: QWidget
    canvas = None
    if view in MEETING_VIEWS:
        from desktop.meetings.screens import build_view

        widget = build_view(view, source, role)
        widget.resize(width, height)
    elif view in SUPERVISION_VIEWS:
        from desktop.supervision.screens import build_view as build_supervision_view

        widget = build_supervision_view(view, source, role)
        widget.resize(width, height)
    elif view in SECURITY_VIEWS:
        from desktop.security.screens import build_view as build_security_view

        widget = build_security_view(view, source, role, (width, height))
    elif view in EDITOR_VIEWS:
        from desktop.editor import io_screens, screens

        if view in io_screens.VIEWS:
            widget = io_screens.build_io_view(view, source, role)
            widget.resize(width, height) if view == "editor_history" else None
        else:
            widget = screens.build_view(view, source, role, (width, height))
    elif view == "main":
        from desktop.main_window import MainWindow

        window = MainWindow(source, role=role)
        window.resize(width, height)
        widget = window
        canvas = window.canvas
    else:
        from gis.mapmodel import MapModel

        model = MapModel(source.load_map_data())
        if view == "map":
            from desktop.map.canvas import MapCanvas

            canvas = MapCanvas(model)
            widget = canvas
        else:
            from desktop.case_queue import CaseQueuePanel

            widget = CaseQueuePanel(model)
        widget.resize(width, height)
    try:
        widget.show()
        _settle(app)
        if view == "main":
            from desktop.main_window import MainWindow

            assert isinstance(widget, MainWindow)
            widget.fit_docks()
            _settle(app)
        if prepare is not None:
            prepare(widget)
            _settle(app)
        if canvas is not None:
            canvas.flush()
        _settle(app)
        pixmap = widget.grab()
        if pixmap.isNull() or not pixmap.save(str(out), "PNG"):
            raise OSError(f"could not write the screenshot {out}")
    finally:
        widget.close()
        widget.deleteLater()
        _settle(app, 2)
    return out
