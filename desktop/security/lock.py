"""The screen lock: after the policy's idle minutes without input (an application-wide event
filter watches keyboard, mouse, wheel and touch), or by hand (Ctrl+L), every open GridDesk
window is covered by an opaque overlay that asks for the signed-in officer's password again.

Nothing underneath is touched: the windows stay open as they were, half-typed input stays in
its field, and the focus returns to where it was. While locked the same filter swallows
input meant for anything but the overlays, and no shortcut fires. Locking and unlocking are
audited (db.auth.lock_screen / unlock_screen); wrong passwords count towards the account
lock like failed sign-ins. At a shift handover the incoming officer can take over from the
locked screen ("Switch officer…"), which signs the outgoing one out.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.auth import MAX_PASSWORD, SignInFailed, lock_screen, unlock_screen
from db.clock import now as town_now
from db.ops import Actor
from desktop import theme
from desktop.security.common import STYLE, actor_text, sign_in_error_text
from desktop.worker import run_async

EXEMPT_PROPERTY = "griddeskLockExempt"  # a window with this property stays usable while locked

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
        QEvent.Type.ContextMenu,
        QEvent.Type.Shortcut,
    }
)
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


def lock_pixmap(size: int = 64, colour: str = theme.ACCENT) -> QPixmap:
    """A padlock, drawn (the bundled font has no such glyph)."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 48.0
    pen = QPen(QColor(colour), 4.0 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.drawArc(QRectF(14 * s, 6 * s, 20 * s, 24 * s), 0, 180 * 16)
    p.drawLine(QPointF(14 * s, 18 * s), QPointF(14 * s, 22 * s))
    p.drawLine(QPointF(34 * s, 18 * s), QPointF(34 * s, 22 * s))
    body = QPainterPath()
    body.addRoundedRect(QRectF(9 * s, 21 * s, 30 * s, 22 * s), 4 * s, 4 * s)
    p.fillPath(body, QColor(colour))
    p.setPen(QPen(QColor(theme.BG_WINDOW), 3.4 * s))
    p.drawLine(QPointF(24 * s, 29 * s), QPointF(24 * s, 35 * s))
    p.end()
    return pm


class LockOverlay(QWidget):
    """Covers one window while the screen is locked; asks for the password."""

    unlock_requested = Signal(str)
    switch_requested = Signal()

    def __init__(self, window: QWidget, actor: Actor, locked_at: str, compact: bool = False) -> None:
        super().__init__(window)
        self.setObjectName("lockOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.setAutoFillBackground(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(STYLE + _OVERLAY_STYLE)
        self.window_under = window

        self.card = QFrame(self)
        self.card.setObjectName("lockCard")
        lay = QVBoxLayout(self.card)
        lay.setContentsMargins(34, 28, 34, 24)
        lay.setSpacing(10)
        icon = QLabel(self.card)
        icon.setPixmap(lock_pixmap(56 if not compact else 36))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("Screen locked"), self.card)
        title.setObjectName("lockTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who = QLabel(actor_text(actor), self.card)
        who.setObjectName("lockWho")
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who.setWordWrap(True)
        note = QLabel(
            self.tr("Locked at {t}. Your work is kept as it was; enter your password to go on.").format(t=locked_at),
            self.card,
        )
        note.setObjectName("securitySub")
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        note.setWordWrap(True)
        lay.addWidget(icon)
        lay.addWidget(title)
        lay.addWidget(who)
        lay.addWidget(note)
        lay.addSpacing(6)

        row = QHBoxLayout()
        self.password_edit = QLineEdit(self.card)
        self.password_edit.setObjectName("unlockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Password"))
        self.password_edit.setMaxLength(MAX_PASSWORD)
        self.unlock_button = QPushButton(self.tr("Unlock"), self.card)
        self.unlock_button.setObjectName("primaryButton")
        row.addWidget(self.password_edit, 1)
        row.addWidget(self.unlock_button)
        lay.addLayout(row)
        self.message = QLabel(self.card)
        self.message.setObjectName("securityError")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setVisible(False)
        lay.addWidget(self.message)
        lay.addSpacing(4)
        self.switch_button = QPushButton(self.tr("Switch officer (shift handover)…"), self.card)
        self.switch_button.setObjectName("linkButton")
        self.switch_button.setCursor(Qt.CursorShape.PointingHandCursor)
        lay.addWidget(self.switch_button, 0, Qt.AlignmentFlag.AlignCenter)
        if compact:
            note.setVisible(False)

        self.unlock_button.clicked.connect(self._unlock)
        self.password_edit.returnPressed.connect(self._unlock)
        self.switch_button.clicked.connect(self.switch_requested)
        self.password_edit.textEdited.connect(lambda _t: self.message.setVisible(False))
        window.installEventFilter(self)
        self.cover()

    def cover(self) -> None:
        self.setGeometry(self.window_under.rect())
        width = min(480, max(260, self.width() - 40))
        self.card.setFixedWidth(width)
        self.card.adjustSize()
        self.card.move((self.width() - self.card.width()) // 2, max(10, (self.height() - self.card.height()) // 2 - 30))
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window_under and event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self.cover()
        elif watched is self.window_under and event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self._raise_if_alive)
        return False

    def _raise_if_alive(self) -> None:
        with contextlib.suppress(RuntimeError):  # already deleted
            self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(9, 13, 19))  # opaque: nothing underneath is readable
        p.setPen(QPen(QColor(40, 60, 88, 70), 1))
        step = 48
        for x in range(0, self.width(), step):
            p.drawLine(x, 0, x, self.height())
        for y in range(0, self.height(), step):
            p.drawLine(0, y, self.width(), y)
        p.end()

    def _unlock(self) -> None:
        password = self.password_edit.text()
        if not password:
            self.show_message(self.tr("Enter your password."))
            return
        self.unlock_requested.emit(password)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.cover()

    def set_busy(self, busy: bool) -> None:
        self.password_edit.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.switch_button.setEnabled(not busy)
        if not busy:
            self.password_edit.clear()
            self.password_edit.setFocus()


class ScreenLock(QObject):
    """Idle detection and the lock overlays of every GridDesk window.

    `actor_of()` returns who is signed in (None: nobody, nothing to lock). `idle_ms` is the
    idle time before locking (None or 0: never); tests inject a short one."""

    locked = Signal()
    unlocked = Signal(object)  # the Actor
    switch_requested = Signal()

    def __init__(
        self,
        engine: Any,
        actor_of: Callable[[], Actor | None],
        idle_ms: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.actor_of = actor_of
        self.overlays: list[LockOverlay] = []
        self._last_input = time.monotonic()
        self._idle_ms = 0
        self._focus: QWidget | None = None
        self._busy = False
        self._installed = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._check_idle)
        self.set_idle_ms(idle_ms)

    # ------------------------------------------------------------------ idle time
    def set_idle_ms(self, idle_ms: int | None) -> None:
        self._idle_ms = max(0, int(idle_ms or 0))
        self.timer.stop()
        if self._idle_ms:
            self.timer.setInterval(max(50, min(5000, self._idle_ms // 4)))
            self.timer.start()

    @property
    def idle_ms(self) -> int:
        return self._idle_ms

    def install(self) -> None:
        """Watch the whole application's input (idempotent)."""
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self.touch()

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False
        self.timer.stop()

    def touch(self) -> None:
        self._last_input = time.monotonic()

    def idle_seconds(self) -> float:
        return time.monotonic() - self._last_input

    def _check_idle(self) -> None:
        if self.is_locked() or not self._idle_ms or self.actor_of() is None:
            return
        if QApplication.activeModalWidget() is not None and QApplication.activeModalWidget().property(EXEMPT_PROPERTY):
            return
        if self.idle_seconds() * 1000 >= self._idle_ms:
            self.lock("idle")

    # ------------------------------------------------------------------ locking
    def is_locked(self) -> bool:
        return bool(self.overlays)

    def lock(self, reason: str = "manual") -> bool:
        """Cover every GridDesk window; False if nobody is signed in or it is locked already."""
        actor = self.actor_of()
        if actor is None or self.is_locked():
            return False
        popup = QApplication.activePopupWidget()
        while popup is not None:  # open menus, combo lists
            popup.close()
            nxt = QApplication.activePopupWidget()
            popup = None if nxt is popup else nxt
        self._focus = QApplication.focusWidget()
        stamp = f"{town_now():%H:%M}"
        for window in self._windows():
            self._cover(window, actor, stamp)
        if not self.overlays:
            return False
        self.focus_primary()
        self.locked.emit()
        if self.engine is not None:
            # serial: the lock's audit record is written before any unlock attempt is checked
            run_async(self, lock_screen, self.engine, actor, reason=reason, serial=self)
        return True

    def _windows(self) -> list[QWidget]:
        out = []
        for w in QApplication.topLevelWidgets():
            if not w.isVisible() or w.property(EXEMPT_PROPERTY) or isinstance(w, LockOverlay):
                continue
            kind = w.windowType()
            if kind in (Qt.WindowType.Window, Qt.WindowType.Dialog):
                out.append(w)
        return out

    def _cover(self, window: QWidget, actor: Actor, stamp: str) -> None:
        if any(o.window_under is window for o in self.overlays):
            return
        compact = window.width() < 520 or window.height() < 420
        overlay = LockOverlay(window, actor, stamp, compact=compact)
        overlay.unlock_requested.connect(self.unlock)
        overlay.switch_requested.connect(self.switch_requested)
        overlay.destroyed.connect(lambda _o=None, ov=overlay: self._forget(ov))
        overlay.show()
        overlay.raise_()
        self.overlays.append(overlay)

    def _forget(self, overlay: LockOverlay) -> None:
        if overlay in self.overlays:
            self.overlays.remove(overlay)

    def primary_overlay(self) -> LockOverlay | None:
        """The overlay to type into: the one on the modal dialog, else the active window."""
        if not self.overlays:
            return None
        for w in (QApplication.activeModalWidget(), QApplication.activeWindow()):
            for o in self.overlays:
                if w is not None and o.window_under is w:
                    return o
        return self.overlays[0]

    def focus_primary(self) -> None:
        overlay = self.primary_overlay()
        if overlay is not None:
            overlay.window_under.activateWindow()
            overlay.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def unlock(self, password: str) -> None:
        """Check the password (off the GUI thread); remove the overlays if it is right."""
        actor = self.actor_of()
        if actor is None or self._busy:
            return
        if self.engine is None:
            self.release(actor)
            return
        self._busy = True
        for o in self.overlays:
            o.set_busy(True)
        run_async(self, unlock_screen, self.engine, actor, password,
                  on_done=self.release, on_error=self._refused, serial=self)

    def _refused(self, exc: Exception) -> None:
        self._busy = False
        if isinstance(exc, SignInFailed):
            text = QCoreApplication.translate("Security", "Wrong password.")
        else:
            text = sign_in_error_text(exc)
        for o in self.overlays:
            o.set_busy(False)
            o.show_message(text)
        self.focus_primary()

    def release(self, actor: Actor | None = None) -> None:
        """Remove every overlay and give the focus back to where it was."""
        self._busy = False
        for o in list(self.overlays):
            o.window_under.removeEventFilter(o)
            o.hide()
            o.deleteLater()
        self.overlays.clear()
        focus, self._focus = self._focus, None
        if focus is not None:
            try:
                focus.window().activateWindow()
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
            except RuntimeError:  # the widget is gone
                pass
        self.touch()
        self.unlocked.emit(actor)

    # ------------------------------------------------------------------ the filter
    def _in_overlay(self, widget: QWidget) -> bool:
        w: QWidget | None = widget
        while w is not None:
            if isinstance(w, LockOverlay):
                return True
            if w.isWindow():
                return bool(w.property(EXEMPT_PROPERTY))
            w = w.parentWidget()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.overlays:
            if kind in _ACTIVITY:
                self._last_input = time.monotonic()
            return False
        if not isinstance(watched, QWidget):
            return False  # window-system objects pass; their widgets are filtered below
        if kind == QEvent.Type.ShortcutOverride:
            # Claim every key for the focus widget, so that no action shortcut fires.
            event.accept()
            return not self._in_overlay(watched)
        if kind in _INPUT:
            return not self._in_overlay(watched)
        if kind == QEvent.Type.FocusIn and not self._in_overlay(watched):
            QTimer.singleShot(0, self.focus_primary)
        if kind == QEvent.Type.Show and watched.isWindow() and not isinstance(watched, LockOverlay):
            actor = self.actor_of()
            if actor is not None and not watched.property(EXEMPT_PROPERTY):
                kind_w = watched.windowType()
                if kind_w in (Qt.WindowType.Window, Qt.WindowType.Dialog):
                    QTimer.singleShot(0, lambda w=watched, a=actor: self._late_cover(w, a))
        return False

    def _late_cover(self, window: QWidget, actor: Actor) -> None:
        try:
            if self.overlays and window.isVisible():
                self._cover(window, actor, f"{town_now():%H:%M}")
        except RuntimeError:
            pass


_OVERLAY_STYLE = f"""
QFrame#lockCard {{ background: {theme.BG_PANEL}; border: 1px solid #34435a; border-radius: 8px; }}
QLabel#lockTitle {{ color: {theme.TEXT}; font-size: 20pt; font-weight: bold; }}
QLabel#lockWho {{ color: {theme.ACCENT}; font-size: 12.5pt; font-weight: bold; }}
QLineEdit#unlockPassword {{ padding: 7px 9px; font-size: 12.5pt; }}
QPushButton#linkButton {{ background: transparent; border: none; color: #6cb6ff; padding: 2px 4px; }}
QPushButton#linkButton:hover {{ color: #9ccfff; text-decoration: underline; }}
"""
