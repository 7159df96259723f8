"""Accounts, roles, the audit trail and the session (issue 6, the desktop half).

- `WorkstationSession` (session.py): the sign-in dialog before the main window, the idle
  screen lock, switching officer at shift handover, signing out; `desktop.app.run` uses it.
- `SignInDialog` (signin.py), `ScreenLock` / `LockOverlay` (lock.py).
- `AccountAdminWindow` (admin.py, Permission.USER_ADMIN) and `AuditViewerWindow`
  (audit_viewer.py, Permission.AUDIT_VIEW).

The main window's File / System menu handlers call the functions below with themselves.
Everything that changes a record is a db/ operation run off the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from desktop.security.admin import AccountAdminWindow
from desktop.security.audit_viewer import AuditViewerWindow
from desktop.security.common import actor_of
from desktop.security.lock import LockOverlay, ScreenLock
from desktop.security.session import WorkstationSession
from desktop.security.signin import SignInDialog

__all__ = [
    "AccountAdminWindow",
    "AuditViewerWindow",
    "LockOverlay",
    "ScreenLock",
    "SignInDialog",
    "WorkstationSession",
    "lock_screen",
    "open_account_admin",
    "open_audit_log",
    "sign_out",
    "switch_officer",
]


def _session(window: Any) -> WorkstationSession | None:
    session = getattr(window, "security_session", None)
    return session if isinstance(session, WorkstationSession) else None


def _no_session(window: Any) -> None:
    QMessageBox.information(
        window,
        QCoreApplication.translate("Security", "Not signed in"),
        QCoreApplication.translate(
            "Security",
            "This window was opened without signing in (a test or a screenshot), so there is no session "
            "to lock, hand over or sign out. Start GridDesk normally to sign in.",
        ),
    )


def lock_screen(window: Any) -> bool:
    """Lock the screen now (File > Lock screen, Ctrl+L)."""
    session = _session(window)
    if session is None:
        _no_session(window)
        return False
    return session.lock_screen()


def switch_officer(window: Any) -> None:
    """Shift handover: the incoming officer signs in, the outgoing one is signed out."""
    session = _session(window)
    if session is None:
        _no_session(window)
        return
    session.switch_officer()


def sign_out(window: Any) -> None:
    session = _session(window)
    if session is None:
        _no_session(window)
        return
    session.sign_out()


def _open(window: Any, attr: str, make: Any) -> Any:
    existing = getattr(window, attr, None)
    if existing is not None:
        try:
            if existing.isVisible():
                existing.raise_()
                existing.activateWindow()
                return existing
        except RuntimeError:  # deleted
            pass
    w = make(window.source, actor_of(window), window)
    setattr(window, attr, w)
    w.show()
    return w


def open_account_admin(window: Any) -> AccountAdminWindow:
    """Open (or raise) the accounts window of a main window (System > Accounts)."""
    return _open(window, "_account_admin_window", AccountAdminWindow)  # type: ignore[no-any-return]


def open_audit_log(window: Any) -> AuditViewerWindow:
    """Open (or raise) the audit viewer of a main window (System > Audit trail)."""
    return _open(window, "_audit_window", AuditViewerWindow)  # type: ignore[no-any-return]
