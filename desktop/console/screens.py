"""Screenshot views of the duty console (`python main.py screenshot --view NAME`):

- console            the main window with a case open in the detail dock
- console_case       one case in its own window
- console_dispatch   the dispatch dialog of a case waiting to be dispatched
- console_alert      the urgent-case alert (flash and alert bar)
- console_offline    the offline banner across the top
- console_handover   the shift handover dialog

Nothing is written to the database: the alert and the banner are shown as they look, not
caused by a real new case or a real outage."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer
from PySide6.QtWidgets import QApplication, QWidget

from db.health import Health, HealthState
from desktop.app import create_application
from desktop.worker import wait_idle

VIEWS: tuple[str, ...] = (
    "console", "console_case", "console_dispatch", "console_alert", "console_offline", "console_handover",
)


def _settle(app: QApplication, ms: int = 300) -> None:
    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < ms:
        app.processEvents()
        wait_idle(50)


def _wait(app: QApplication, done: Callable[[], bool], ms: int = 8000) -> None:
    timer = QElapsedTimer()
    timer.start()
    while not done() and timer.elapsed() < ms:
        app.processEvents()
        wait_idle(50)


def _pick_case(window: Any, states: tuple[str, ...], prefer: Callable[[Any], bool] | None = None) -> int | None:
    rows = [r for r in window.queue_panel.table_model.cases() if r.state in states]
    if prefer is not None:
        rows = sorted(rows, key=lambda r: (not prefer(r), r.reported_at))
    return rows[0].id if rows else None


def _open(app: QApplication, window: Any, queue: str, states: tuple[str, ...], prefer: Callable[[Any], bool] | None = None) -> Any:
    queue_panel = window.queue_panel
    queue_panel.set_queue(queue)
    _wait(app, lambda: not queue_panel._loading)
    cid = _pick_case(window, states, prefer)
    if cid is None:
        queue_panel.set_queue("all")
        _wait(app, lambda: not queue_panel._loading)
        cid = _pick_case(window, ("dispatched", "feedback", "to_dispatch", "reported"))
    if cid is None:
        return None
    window.console.open_case(cid)
    _wait(app, lambda: window.console.detail.detail is not None and window.console.detail.detail.id == cid)
    return window.console.detail.detail


def save_console_view(
    source: Any,
    out_path: str | Path,
    size: tuple[int, int] = (1600, 1000),
    view: str = "console",
    lang: str = "zh_CN",
    role: str = "duty_officer",
) -> Path:
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; valid views: {', '.join(VIEWS)}")
    from desktop.main_window import MainWindow

    app = create_application(lang)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    window = MainWindow(source, role=role)
    console = window.console
    if console.live_updates is not None:
        console.live_updates.stop()  # a picture, not a session
    window.resize(*size)
    window.show()
    window.fit_docks()
    _settle(app)
    shot: QWidget = window
    extra: list[QWidget] = []
    try:
        if not console.available:
            pass
        elif view == "console":
            _open(app, window, "dispatched", ("dispatched",), lambda r: r.rework_count > 0 or r.urgent)
        elif view == "console_case":
            _open(app, window, "feedback", ("feedback",))
            w = console.open_case_window()
            if w is not None:
                w.resize(760, min(size[1], 900))
                _wait(app, lambda: w.panel.detail is not None)
                shot = w
                extra.append(w)
        elif view == "console_dispatch":
            detail = _open(app, window, "to_dispatch", ("to_dispatch", "returned"))
            if detail is None or detail.state not in ("to_dispatch", "returned"):
                detail = _open(app, window, "reported", ("reported",))
            if detail is not None:
                name = "dispatch" if detail.state in ("to_dispatch", "returned") else "register"
                dialog = console.open_dialog(name, detail)
                loaded: list[bool] = []
                if hasattr(dialog, "ready"):
                    dialog.ready.connect(lambda: loaded.append(True))
                    _wait(app, lambda: bool(loaded))
                dialog.instructions.setPlainText("请于今日内到场核实处置，并拍照反馈。") if hasattr(dialog, "instructions") else None
                shot = dialog
                extra.append(dialog)
        elif view == "console_alert":
            queue = window.queue_panel
            queue.set_queue("all")
            _wait(app, lambda: not queue._loading)
            rows = [r for r in queue.table_model.cases() if r.urgent] or queue.table_model.cases()[:1]
            if rows:
                console.alert.trigger(rows[:1])
                console.alert._timer.stop()  # hold the "on" phase for the picture
                console.alert._apply(True)
                for key in ("reported", "all"):
                    queue.chips[key].set_flash(True)
                queue._flash_timer.stop()
        elif view == "console_offline":
            _open(app, window, "to_dispatch", ("to_dispatch", "reported"))
            from db.clock import now

            console.banners.show_offline(
                Health(HealthState.OFFLINE, "could not connect to server: Connection refused", now(), 3, 4.0)
            )
        elif view == "console_handover":
            dialog = console.open_handover()
            if dialog is not None:
                loaded2: list[bool] = []
                dialog.ready.connect(lambda: loaded2.append(True))
                _wait(app, lambda: bool(loaded2))
                dialog.notes.setPlainText("注意：和园1组积水点需回访；抄报区级案件等待区住建委回复。")
                shot = dialog
                extra.append(dialog)
        _settle(app, 400)
        window.canvas.flush()
        _settle(app, 100)
        pixmap = shot.grab()
        if pixmap.isNull() or not pixmap.save(str(out), "PNG"):
            raise OSError(f"could not write the screenshot {out}")
    finally:
        for w in extra:
            w.close()
        window.close()
        window.deleteLater()
        _settle(app, 50)
    return out
