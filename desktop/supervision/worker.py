"""Running db/ calls off the GUI thread: one QRunnable per call on the global thread pool,
its result or error delivered back on the GUI thread through a queued signal.

`run_async(owner, fn, *args, on_done=..., on_error=...)` calls back only while `owner`
lives, so a closed window never receives a late answer."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(
        self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = _Signals()
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Exception as exc:  # handed to the GUI thread
            exc.__dict__.setdefault("griddesk_traceback", traceback.format_exc())
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class _Receiver(QObject):
    """Lives on the GUI thread, so the queued signals call back there."""

    def __init__(
        self,
        owner: QObject,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[Exception], None] | None,
    ) -> None:
        super().__init__()
        self.on_done, self.on_error = on_done, on_error
        self.alive = True
        owner.destroyed.connect(self._gone)

    @Slot()
    def _gone(self) -> None:
        self.alive = False

    @Slot(object)
    def done(self, result: Any) -> None:
        _pending.discard(self)
        if self.alive and self.on_done is not None:
            self.on_done(result)

    @Slot(object)
    def failed(self, exc: Exception) -> None:
        _pending.discard(self)
        if not self.alive:
            return
        if self.on_error is not None:
            self.on_error(exc)
        else:
            log.error("background task failed: %s", exc.__dict__.get("griddesk_traceback", exc))


_pending: set[_Receiver] = set()


def run_async(
    owner: QObject,
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    **kwargs: Any,
) -> None:
    """Run `fn(*args, **kwargs)` on the thread pool; call back on the GUI thread."""
    task = _Task(fn, args, kwargs)
    receiver = _Receiver(owner, on_done, on_error)
    _pending.add(receiver)
    task.signals.done.connect(receiver.done, Qt.ConnectionType.QueuedConnection)
    task.signals.failed.connect(receiver.failed, Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(task)


def busy() -> bool:
    """Whether answers are still on their way (tests and screenshots wait for them)."""
    return bool(_pending)
