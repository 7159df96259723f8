"""Running db/ calls off the GUI thread, for the whole desktop.

    run_async(owner, fn, *args, on_done=..., on_error=..., serial=None, **kwargs)

`fn(*args, **kwargs)` runs on a small pool of plain Python threads; its result or exception
comes back on the GUI thread, and only while `owner` lives, so a closed window never receives
a late answer. An exception carries the worker's formatted traceback (`traceback_of`); with no
`on_error` it is logged. Calls sharing a `serial` key run one at a time in the order they were
made (the screen lock's audit record is written before an unlock attempt is checked).
`busy()` counts the answers still due; `wait_idle()` lets tests and screenshots wait for them.

Python threads, not QThreadPool: a QRunnable's thread gets a fresh Python thread state on
every run, and pyproj (which db/ queries use to measure distances) keeps its per-thread PROJ
context there; two such threads building transformers at once crashed the process.

Nothing Qt-owned is created or freed on a worker thread: a worker only sees a ticket and the
task's callable; it stores its answer and drops every reference before it signals the one
dispatcher on the GUI thread, which then releases the task, so the last reference to anything
the call touched (arguments, result, exception) goes away on the GUI thread.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import threading
import traceback
from collections import deque
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

# Four threads: enough for a window's parallel loads; SQLite serialises writers anyway.
_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="griddesk-db")
atexit.register(_executor.shutdown, wait=False, cancel_futures=True)

_TB_ATTR = "__griddesk_tb__"


class _Receiver(QObject):
    """Knows whether the owner still lives; lives and dies on the GUI thread."""

    def __init__(
        self,
        owner: QObject,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        super().__init__()
        self.on_done, self.on_error = on_done, on_error
        self.alive = True
        owner.destroyed.connect(self._gone)

    @Slot()
    def _gone(self) -> None:
        self.alive = False


@dataclass(eq=False)
class _Task:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    receiver: _Receiver
    serial: Hashable | None
    ok: bool = False
    value: Any = field(default=None)


class _Dispatcher(QObject):
    """The one object the workers signal; lives on the GUI thread, so answers arrive there."""

    answered = Signal(object)  # ticket (object: a Qt int would overflow some day)

    def __init__(self) -> None:
        super().__init__()
        self.answered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, ticket: int) -> None:
        with _lock:
            task = _tasks.pop(ticket, None)
            following = _next_in_lane(task.serial) if task is not None and task.serial is not None else None
        if following is not None:
            # before the callbacks: a callback that raises must not stall its lane
            _executor.submit(_run, following)
        if task is None:
            return
        receiver = task.receiver
        if not receiver.alive:
            return
        if task.ok:
            if receiver.on_done is not None:
                receiver.on_done(task.value)
        elif receiver.on_error is not None:
            receiver.on_error(task.value)
        else:
            log.error("background task failed: %s", traceback_of(task.value))


_lock = threading.Lock()  # guards _tasks, _lanes and the dispatcher's creation
_tasks: dict[int, _Task] = {}  # every call whose answer is still due, by ticket
_lanes: dict[Hashable, deque[int]] = {}  # serial key -> tickets waiting behind the running one
_tickets = itertools.count(1)
_dispatcher: _Dispatcher | None = None
# set whenever a worker signals an answer, so wait_idle wakes at once
_answered = threading.Event()


def _next_in_lane(serial: Hashable) -> int | None:
    """The ticket to start after a serial call finished (caller holds _lock)."""
    lane = _lanes.get(serial)
    if lane:
        return lane.popleft()
    _lanes.pop(serial, None)
    return None


def _the_dispatcher() -> _Dispatcher:
    global _dispatcher
    app = QCoreApplication.instance()
    if app is None:
        # without an application no event loop would ever deliver the answer
        raise RuntimeError("run_async needs a QCoreApplication")
    with _lock:
        if _dispatcher is None:
            _dispatcher = _Dispatcher()
            if _dispatcher.thread() is not app.thread():
                _dispatcher.moveToThread(app.thread())
        return _dispatcher


def _run(ticket: int) -> None:
    """On a worker thread: run one call, store its answer, signal its ticket."""
    with _lock:
        task = _tasks.get(ticket)
    if task is None:
        return
    try:
        task.value = task.fn(*task.args, **task.kwargs)
        task.ok = True
    except BaseException as exc:  # delivered to the GUI thread, never lost with the thread
        if not hasattr(exc, _TB_ATTR):  # a nested call's traceback is the one that matters
            setattr(exc, _TB_ATTR, traceback.format_exc())
        task.value, task.ok = exc, False
    del task  # the GUI thread must hold the last reference (see the module docstring)
    dispatcher = _dispatcher
    if dispatcher is not None:
        dispatcher.answered.emit(ticket)
    _answered.set()


def run_async(
    owner: QObject,
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    serial: Hashable | None = None,
    **kwargs: Any,
) -> None:
    """Run `fn(*args, **kwargs)` on a worker thread; call `on_done(result)` or
    `on_error(exception)` on the GUI thread, but only while `owner` lives. Calls with the same
    `serial` key run one after another in call order. Call it on the GUI thread."""
    dispatcher = _the_dispatcher()
    receiver = _Receiver(owner, on_done, on_error)
    if receiver.thread() is not dispatcher.thread():
        receiver.moveToThread(dispatcher.thread())
    ticket = next(_tickets)
    with _lock:
        _tasks[ticket] = _Task(fn, args, kwargs, receiver, serial)
        if serial is not None:
            if serial in _lanes:
                _lanes[serial].append(ticket)
                return
            _lanes[serial] = deque()
    _executor.submit(_run, ticket)


def busy() -> int:
    """How many calls have not delivered their answer yet (0 when idle)."""
    with _lock:
        return len(_tasks)


def wait_idle(msecs: int = 10000) -> bool:
    """Process events until every call finished and its answer was delivered (answers that
    start further calls included), or `msecs` passed; True if idle. For tests and screenshots;
    call it on the GUI thread."""
    deadline = QDeadlineTimer(msecs)
    while True:
        _answered.clear()
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        if not busy():
            return True
        remaining = deadline.remainingTime()  # -1: msecs was negative, wait for ever
        if remaining == 0:
            return False
        if remaining < 0:
            remaining = 20
        # a worker sets the event right after it signals, so this wakes as soon as an answer
        # is queued; the cap keeps timers and other events flowing meanwhile
        _answered.wait(min(remaining, 20) / 1000)


def traceback_of(exc: BaseException) -> str:
    """The traceback of an exception from a background call, as formatted on its worker."""
    tb = getattr(exc, _TB_ATTR, None)
    if isinstance(tb, str):
        return tb
    return "".join(traceback.format_exception(exc))
