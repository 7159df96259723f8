"""db/ calls off the GUI thread: each call runs on the global thread pool and its result or
error comes back on the GUI thread, and only while the owning widget lives.

    run_async(owner, fn, *args, on_done=..., on_error=..., **kwargs)

Password hashing (argon2) and audit writes take tens of milliseconds and a busy shared
database may take longer, so every sign-in, unlock and account operation goes through here.

No QObject is created or destroyed on a pool thread: the pool runs a plain Python callable,
which emits a signal of one dispatcher living on the GUI thread (a queued connection), so
nothing Qt-owned is ever freed on the wrong thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Receiver(QObject):
    """Knows whether the owner still lives; lives and dies on the GUI thread."""

    def __init__(
        self, owner: QObject, on_done: Callable[[Any], None] | None, on_error: Callable[[Exception], None] | None
    ) -> None:
        super().__init__()
        self.on_done, self.on_error = on_done, on_error
        self.alive = True
        owner.destroyed.connect(self._gone)

    @Slot()
    def _gone(self) -> None:
        self.alive = False


class _Dispatcher(QObject):
    finished = Signal(int, object, object)  # ticket, result, error

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(int, object, object)
    def _deliver(self, ticket: int, result: Any, error: Any) -> None:
        receiver = _pending.pop(ticket, None)
        if receiver is None or not receiver.alive:
            return
        if error is None:
            if receiver.on_done is not None:
                receiver.on_done(result)
        elif receiver.on_error is not None:
            receiver.on_error(error)
        else:
            log.error("background task failed: %r", error)


_pending: dict[int, _Receiver] = {}  # keeps receivers alive until their answer arrives
_dispatcher: _Dispatcher | None = None
_tickets = 0


def run_async(
    owner: QObject,
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    pool: QThreadPool | None = None,
    **kwargs: Any,
) -> None:
    """Run `fn(*args, **kwargs)` on the thread pool (`pool`, default the global one; a pool of
    one thread keeps calls in order); call back on the GUI thread. Must be called on the GUI
    thread."""
    global _dispatcher, _tickets
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    dispatcher = _dispatcher
    _tickets += 1
    ticket = _tickets
    _pending[ticket] = _Receiver(owner, on_done, on_error)

    def job() -> None:
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # handed to the GUI thread
            dispatcher.finished.emit(ticket, None, exc)
        else:
            dispatcher.finished.emit(ticket, result, None)

    (pool or QThreadPool.globalInstance()).start(job)


def busy() -> bool:
    """True while an answer is still due (tests and screenshots wait on this)."""
    return bool(_pending)


def wait_for_tasks(msecs: int = 10000) -> bool:
    return bool(QThreadPool.globalInstance().waitForDone(msecs))
