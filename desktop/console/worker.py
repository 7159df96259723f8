"""Running db/ calls off the GUI thread: each call runs on a small pool of Python worker
threads and its result (a ChangeSet, rows, a detail) or exception comes back on the GUI
thread through a queued Qt signal.

Python threads, not QThreadPool: a QRunnable's thread gets a fresh Python thread state on
every run, and pyproj (which db/ queries use to measure distances) keeps its per-thread
PROJ context there; two such threads building transformers at once crash the process.
Python threads keep their state for their whole life, so pyproj's per-thread contexts hold.

`run_async(owner, fn, *args, on_done=..., on_error=...)` calls back only while `owner`
lives, so a closed window never receives a late answer. `busy()` counts the calls still
running (tests and screenshots wait for them with `wait_idle`)."""

from __future__ import annotations

import atexit
import logging
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject, Qt, QThread, Signal, Slot

log = logging.getLogger(__name__)

_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="griddesk-db")
atexit.register(_executor.shutdown, wait=False, cancel_futures=True)


class _Receiver(QObject):
    """Lives on the GUI thread, so the queued signal calls back there."""

    deliver = Signal(bool, object)

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
        self.deliver.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _gone(self) -> None:
        self.alive = False

    @Slot(bool, object)
    def _deliver(self, ok: bool, value: Any) -> None:
        _live.discard(self)
        if not self.alive:
            return
        if ok:
            if self.on_done is not None:
                self.on_done(value)
        elif self.on_error is not None:
            self.on_error(value)
        else:
            log.error("background task failed: %s", getattr(value, "__griddesk_tb__", value))


_live: set[_Receiver] = set()  # keeps receivers alive until their answer arrives


def run_async(
    owner: QObject,
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    **kwargs: Any,
) -> None:
    """Run `fn(*args, **kwargs)` on a worker thread; call back on the GUI thread."""
    receiver = _Receiver(owner, on_done, on_error)
    app = QCoreApplication.instance()
    if app is not None and receiver.thread() is not app.thread():
        receiver.moveToThread(app.thread())
    _live.add(receiver)

    def job() -> None:
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # delivered to the GUI thread
            exc.__griddesk_tb__ = traceback.format_exc()  # type: ignore[attr-defined]
            receiver.deliver.emit(False, exc)
        else:
            receiver.deliver.emit(True, result)

    _executor.submit(job)


def busy() -> int:
    """How many calls have not delivered their answer yet."""
    return len(_live)


def wait_idle(msecs: int = 10000) -> bool:
    """Wait until every call finished and its answer was delivered (tests, screenshots)."""
    timer = QElapsedTimer()
    timer.start()
    while _live and timer.elapsed() < msecs:
        QCoreApplication.processEvents()
        QThread.msleep(5)
    QCoreApplication.processEvents()
    return not _live
