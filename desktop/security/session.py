"""One workstation's session: sign in, the main window for the signed-in officer, the idle
lock, switching officer at shift handover and signing out.

`desktop.app.run` creates a `WorkstationSession` and calls `start()`: the sign-in dialog
first, then the main window built for the Actor's role (`MainWindow(source, role=, actor=)`).
The window gets `security_session` (this object) and `actor`; its File-menu handlers call
`lock_screen`, `switch_officer` and `sign_out` here.

- Switching officer: the incoming officer signs in (db.auth.switch_officer signs the
  outgoing one out in the same transaction). Same role: the window stays as it is and acts
  as the new officer from then on; another role: the main window is rebuilt for it.
- Signing out closes every window (each may still ask about unsaved input and refuse),
  records the sign-out and shows the sign-in dialog again.
- Closing the last window records a sign-out ("closed") and quits.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from db.auth import security_policy
from db.auth import sign_out as db_sign_out
from db.ops import Actor
from desktop import labels
from desktop.security.common import actor_text, engine_of, person_name
from desktop.security.lock import EXEMPT_PROPERTY, LockOverlay, ScreenLock
from desktop.security.signin import SignInDialog

log = logging.getLogger(__name__)


class WorkstationSession(QObject):
    """Who is signed in at this workstation, and the window they work in."""

    actor_changed = Signal(object)  # Actor | None

    def __init__(
        self,
        source: Any,
        *,
        workstation: str | None = None,
        idle_ms: int | None = None,
        maximize: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.engine = engine_of(source)
        self.workstation = workstation
        self.maximize = maximize
        self.actor: Actor | None = None
        self.window: Any = None
        self._idle_override = idle_ms
        self._transition = False
        self._quit_hooked = False
        self.screen_lock = ScreenLock(self.engine, lambda: self.actor, None, self)
        self.screen_lock.switch_requested.connect(self.switch_officer)

    # ------------------------------------------------------------------ signing in
    def _description(self) -> str:
        try:
            return str(self.source.describe())
        except Exception:
            return ""

    def sign_in_dialog(self, handover_from: Actor | None = None, parent: QWidget | None = None) -> SignInDialog:
        dialog = SignInDialog(
            self.engine,
            handover_from=handover_from,
            description=self._description(),
            workstation=self.workstation,
            parent=parent,
        )
        dialog.setProperty(EXEMPT_PROPERTY, True)  # usable over a locked screen
        return dialog

    def ask_sign_in(self) -> Actor | None:
        """The sign-in dialog, modal; the signed-in Actor or None if it was closed."""
        dialog = self.sign_in_dialog()
        dialog.exec()
        actor = dialog.actor
        dialog.deleteLater()
        return actor

    def start(self) -> bool:
        """Sign in, then open the main window. False if the sign-in was cancelled."""
        actor = self.ask_sign_in()
        if actor is None:
            return False
        self.begin(actor)
        return True

    def begin(self, actor: Actor) -> Any:
        """Open the main window for a signed-in `actor` and start the idle lock."""
        self.actor = actor
        self._apply_policy()
        window = self._build_window(actor)
        self._hook_quit()
        self.screen_lock.install()
        self.actor_changed.emit(actor)
        return window

    def _apply_policy(self) -> None:
        if self._idle_override is not None:
            self.screen_lock.set_idle_ms(self._idle_override)
            return
        try:
            minutes = security_policy(self.engine).idle_lock_minutes if self.engine is not None else 0
        except Exception:  # the lock must not keep anybody out of the app
            log.exception("could not read the security policy")
            minutes = 10
        self.screen_lock.set_idle_ms(minutes * 60_000)

    def _build_window(self, actor: Actor) -> Any:
        from desktop.main_window import MainWindow

        window = MainWindow(self.source, role=actor.role, actor=actor)
        window.security_session = self
        window.actor = actor
        self._show_person(window, actor)
        if self.maximize:
            window.showMaximized()
        else:
            window.show()
        fit = getattr(window, "fit_docks", None)
        if callable(fit):
            fit()
        self.window = window
        return window

    @staticmethod
    def _show_person(window: Any, actor: Actor) -> None:
        badge = getattr(window, "role_label", None)
        if badge is not None:
            name = person_name(actor.display_name or actor.username, actor.role)
            role = labels.role_label(actor.role)
            badge.setText(role if name == role else f"{role} · {name}")
            badge.setToolTip(actor_text(actor))

    def _hook_quit(self) -> None:
        app = QApplication.instance()
        if app is None or self._quit_hooked:
            return
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(False)
        app.lastWindowClosed.connect(self._on_last_window_closed)
        self._quit_hooked = True

    def _on_last_window_closed(self) -> None:
        if self._transition:
            return
        if self.actor is not None:
            self._record_sign_out(self.actor, "closed")
            self.actor = None
        self.screen_lock.uninstall()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def _record_sign_out(self, actor: Actor, reason: str) -> None:
        if self.engine is None:
            return
        try:
            db_sign_out(self.engine, actor, reason=reason)
        except Exception:  # the database may be gone; signing out locally still happens
            log.exception("could not record the sign-out")

    # ------------------------------------------------------------------ the lock
    def lock_screen(self) -> bool:
        return self.screen_lock.lock("manual")

    # ------------------------------------------------------------------ handover
    def switch_officer(self) -> Actor | None:
        """Shift handover: the incoming officer signs in, the outgoing one is signed out."""
        outgoing = self.actor
        if outgoing is None:
            return None
        parent = self.window if self.window is not None and not self.screen_lock.is_locked() else None
        dialog = self.sign_in_dialog(handover_from=outgoing, parent=parent)
        dialog.exec()
        incoming = dialog.actor
        dialog.deleteLater()
        if incoming is None:
            if self.screen_lock.is_locked():
                self.screen_lock.focus_primary()
            return None
        self.take_over(incoming)
        return incoming

    def take_over(self, incoming: Actor) -> None:
        """Hand the workstation to `incoming` (already signed in by db.auth)."""
        old_window = self.window
        same_role = old_window is not None and getattr(old_window, "role", None) == incoming.role
        self.actor = incoming
        self._close_security_windows(old_window)
        if same_role:
            old_window.actor = incoming
            self._show_person(old_window, incoming)
            if self.screen_lock.is_locked():
                self.screen_lock.release(incoming)
        else:
            self._transition = True
            try:
                if self.screen_lock.is_locked():
                    self.screen_lock.release(incoming)
                self._build_window(incoming)
                if old_window is not None:
                    old_window.security_session = None
                    old_window.close()
                    old_window.deleteLater()
            finally:
                self._transition = False
        self.screen_lock.touch()
        self.actor_changed.emit(incoming)

    @staticmethod
    def _close_security_windows(window: Any) -> None:
        """Windows opened by the outgoing officer act as them (accounts, audit, meetings, ...):
        close them; the main window stays."""
        if window is not None:
            for name in ("_account_admin_window", "_audit_window"):
                w = getattr(window, name, None)
                if w is not None:
                    with contextlib.suppress(RuntimeError):
                        w.close()
                    setattr(window, name, None)
        for w in QApplication.topLevelWidgets():
            if (
                w is not window
                and w.isVisible()
                and w.windowType() in _CLOSABLE
                and not w.property(EXEMPT_PROPERTY)
                and not isinstance(w, LockOverlay)
            ):
                with contextlib.suppress(RuntimeError):
                    w.close()

    # ------------------------------------------------------------------ signing out
    def sign_out(self, ask: bool = True) -> bool:
        """Close every window and record the sign-out, then offer the sign-in again."""
        actor = self.actor
        if actor is None:
            return False
        if ask and self.window is not None:
            answer = QMessageBox.question(
                self.window,
                self.tr("Sign out"),
                self.tr("Sign out {name}? Every GridDesk window closes; input not yet saved is lost.").format(
                    name=actor.display_name or actor.username
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self._transition = True
        try:
            for w in QApplication.topLevelWidgets():
                if w.isVisible() and w.isWindow() and w.windowType() in _CLOSABLE:
                    w.close()
            still_open = [
                w for w in QApplication.topLevelWidgets()
                if w.isVisible() and w.isWindow() and w.windowType() in _CLOSABLE
            ]
            if still_open:  # a window kept its unsaved input: stay signed in
                return False
            if self.window is not None:
                self.window.security_session = None
                self.window.deleteLater()
            self.window = None
            self.actor = None
            self._record_sign_out(actor, "sign_out")
            self.actor_changed.emit(None)
        finally:
            self._transition = False
        QTimer.singleShot(0, self._sign_in_again)
        return True

    def _sign_in_again(self) -> None:
        self._transition = True
        try:
            actor = self.ask_sign_in()
        finally:
            self._transition = False
        if actor is None:
            self.screen_lock.uninstall()
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        self.begin(actor)


_CLOSABLE = (Qt.WindowType.Window, Qt.WindowType.Dialog)
