"""Named views of the security screens for `python main.py screenshot --view ...`:

- "signin": the sign-in dialog (with the demo accounts while the database's demo sign-in is on);
- "lock": the main window for --role under the lock overlay;
- "admin": the accounts window (as an administrator if --role may not manage accounts);
- "audit": the audit viewer on all records, with the chain verified (as an administrator if
  --role may not view the trail).

None of them needs a sign-in and none writes to the database. `build_view` waits until the
background loads have arrived, so the grab shows data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from db.ops import Actor
from db.permissions import Permission, has_permission
from desktop.security.common import engine_of, workstation_actor
from desktop.worker import busy, wait_idle

VIEWS: tuple[str, ...] = ("signin", "lock", "admin", "audit")


def _wait(ready: Callable[[], bool], timeout: float = 20.0) -> None:
    app = QApplication.instance()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        wait_idle(50)
        if app is not None:
            app.processEvents()
        if ready() and not busy():
            break
    if app is not None:
        for _ in range(4):
            app.processEvents()


def _actor_for(engine: Any, role: str) -> Actor:
    """The first active account of `role` (the demo account in the demo town), else the role."""
    from db.auth import demo_actor

    try:
        return demo_actor(engine, role)
    except Exception:
        return workstation_actor(role)


def build_view(view: str, source: Any, role: str = "duty_officer", size: tuple[int, int] = (1600, 1000)) -> QWidget:
    """The widget of a named security view, loaded and sized (see the module docstring)."""
    engine = engine_of(source)
    if engine is None:
        label = QLabel(QCoreApplication.translate("Security", "Not available: this data source has no database."))
        label.resize(*size)
        return label
    width, height = size
    if view == "signin":
        from desktop.security.signin import SignInDialog

        dialog = SignInDialog(engine, description=source.describe())
        _wait(dialog.is_ready)
        dialog.resize(min(width, 940), min(height, 620))
        return dialog
    if view == "lock":
        from desktop.main_window import MainWindow
        from desktop.security.lock import ScreenLock

        actor = _actor_for(engine, role)
        window = MainWindow(source, role=role, actor=actor)
        window.resize(width, height)
        window.show()
        _wait(lambda: True)
        window.fit_docks()
        lock = ScreenLock(None, lambda: actor, None, window)  # no engine: nothing is audited
        window._screenshot_lock = lock  # keep it alive with the window
        lock.lock("manual")
        return window
    if view == "admin":
        from desktop.security.admin import AccountAdminWindow

        use = role if has_permission(role, Permission.USER_ADMIN) else "admin"
        admin = AccountAdminWindow(source, _actor_for(engine, use))
        admin.resize(width, height)
        _wait(admin.is_loaded)
        admin.select_user(next((u.id for u in admin.model.users if u.username == "duty1"), -1))
        return admin
    if view == "audit":
        from desktop.security.audit_viewer import AuditViewerWindow

        use = role if has_permission(role, Permission.AUDIT_VIEW) else "admin"
        viewer = AuditViewerWindow(source, _actor_for(engine, use))
        viewer.resize(width, height)
        _wait(viewer.is_loaded)
        viewer.range_combo.setCurrentIndex(viewer.RANGE_ALL)
        viewer.apply_filters()
        viewer.verify_chain()
        _wait(lambda: viewer.is_loaded() and viewer.chain is not None)
        rows = viewer.model.rows
        pick = next((i for i, r in enumerate(rows) if r.action == "user_role_changed"), None)
        if pick is None:
            pick = next((i for i, r in enumerate(rows) if r.before or r.after), 0)
        if rows:
            viewer.table.selectRow(pick)
        return viewer
    raise ValueError(f"unknown security view {view!r}; valid: {', '.join(VIEWS)}")
