"""desktop/worker.py: db/ calls off the GUI thread, answers back on it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication, QWidget

from desktop.worker import busy, run_async, traceback_of, wait_idle

GATE_TIMEOUT = 30  # seconds; only reached if the code under test is broken


@pytest.fixture(autouse=True)
def idle_around(qapp: QApplication) -> Iterator[None]:
    assert wait_idle(), "a previous test left background calls behind"
    yield
    assert wait_idle()


@pytest.fixture
def owner(qtbot: Any) -> QWidget:
    w = QWidget()
    qtbot.addWidget(w)
    return w


def _on_gui_thread() -> bool:
    app = QApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


def test_result_is_delivered_on_the_gui_thread(owner: QWidget) -> None:
    seen: dict[str, Any] = {}

    def call(a: int, b: int, *, scale: int) -> int:
        seen["call_on_gui"] = _on_gui_thread()
        seen["call_thread"] = threading.current_thread().name
        return (a + b) * scale

    def done(result: int) -> None:
        seen["result"] = result
        seen["done_on_gui"] = _on_gui_thread()

    run_async(owner, call, 2, 3, scale=10, on_done=done, on_error=lambda e: pytest.fail(repr(e)))
    assert wait_idle()
    assert seen["result"] == 50
    assert seen["call_on_gui"] is False  # the database call never runs on the GUI thread
    assert seen["call_thread"].startswith("griddesk-db")
    assert seen["done_on_gui"] is True


def _deep_failure(value: int) -> int:
    raise ValueError(f"bad value {value}")


def test_error_is_delivered_with_its_traceback(owner: QWidget) -> None:
    errors: list[tuple[BaseException, bool]] = []

    def call() -> int:
        return _deep_failure(7)

    run_async(owner, call, on_done=lambda _r: pytest.fail("no result expected"),
              on_error=lambda exc: errors.append((exc, _on_gui_thread())))
    assert wait_idle()
    [(exc, on_gui)] = errors
    assert on_gui
    assert isinstance(exc, ValueError) and str(exc) == "bad value 7"
    tb = traceback_of(exc)
    assert tb.startswith("Traceback")
    assert "_deep_failure" in tb and "ValueError: bad value 7" in tb


def test_an_error_without_on_error_is_logged_with_its_traceback(
    owner: QWidget, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="desktop.worker"):
        run_async(owner, _deep_failure, 3)
        assert wait_idle()
    assert "background task failed" in caplog.text
    assert "_deep_failure" in caplog.text and "ValueError: bad value 3" in caplog.text


def test_a_nested_calls_traceback_is_kept() -> None:
    inner = RuntimeError("inner")
    inner.__griddesk_tb__ = "the worker's own traceback"  # type: ignore[attr-defined]
    assert traceback_of(inner) == "the worker's own traceback"
    plain = KeyError("k")
    assert "KeyError" in traceback_of(plain)


def test_no_callback_once_the_owner_is_destroyed(qapp: QApplication) -> None:
    gate = threading.Event()
    started = threading.Event()
    calls: list[str] = []

    def slow(fail: bool) -> str:
        started.set()
        gate.wait(GATE_TIMEOUT)
        if fail:
            raise RuntimeError("too late")
        return "late answer"

    owner = QWidget()
    run_async(owner, slow, False, on_done=lambda r: calls.append(r), on_error=lambda e: calls.append(repr(e)))
    run_async(owner, slow, True, on_done=lambda r: calls.append(r), on_error=lambda e: calls.append(repr(e)))
    assert started.wait(GATE_TIMEOUT)
    shiboken6.delete(owner)  # the window closes while its calls are running
    assert busy() == 2
    gate.set()
    assert wait_idle()
    assert calls == []
    assert busy() == 0


def test_an_owner_destroyed_before_the_call_starts_gets_nothing(qapp: QApplication) -> None:
    calls: list[Any] = []
    owner = QObject()
    run_async(owner, lambda: 1, on_done=calls.append)
    shiboken6.delete(owner)  # the answer cannot have been delivered: no events processed yet
    assert wait_idle()
    assert calls == []


def test_busy_counts_answers_until_they_are_delivered(owner: QWidget) -> None:
    gate = threading.Event()
    finished = threading.Event()
    results: list[str] = []

    def call() -> str:
        gate.wait(GATE_TIMEOUT)
        finished.set()
        return "ok"

    assert busy() == 0
    run_async(owner, call, on_done=results.append)
    assert busy() == 1
    assert wait_idle(30) is False  # still running: waiting gives up and says so
    assert busy() == 1 and results == []
    gate.set()
    assert finished.wait(GATE_TIMEOUT)
    # finished, but no event processed yet: the answer is still due
    assert busy() == 1 and results == []
    assert wait_idle() is True
    assert busy() == 0 and results == ["ok"]
    assert wait_idle(0) is True  # idle: returns at once


def test_wait_idle_also_waits_for_calls_started_by_an_answer(owner: QWidget) -> None:
    chain: list[int] = []

    def step(n: int) -> int:
        return n + 1

    def done(n: int) -> None:
        chain.append(n)
        if n < 5:
            run_async(owner, step, n, on_done=done)

    run_async(owner, step, 0, on_done=done)
    assert wait_idle()
    assert chain == [1, 2, 3, 4, 5]


def test_many_concurrent_calls(owner: QWidget) -> None:
    # four calls that can only finish together prove the calls run side by side
    barrier = threading.Barrier(4, timeout=GATE_TIMEOUT)
    together: list[int] = []

    def meet(i: int) -> int:
        barrier.wait()
        return i

    for i in range(4):
        run_async(owner, meet, i, on_done=together.append, on_error=lambda e: pytest.fail(repr(e)))
    results: dict[int, int] = {}
    threads: set[str] = set()

    def square(i: int) -> tuple[int, int]:
        threads.add(threading.current_thread().name)
        if i % 7 == 0:
            raise ArithmeticError(i)
        return i, i * i

    errors: list[int] = []
    for i in range(300):
        run_async(owner, square, i, on_done=lambda r: results.__setitem__(*r),
                  on_error=lambda e: errors.append(e.args[0]))
    assert busy() > 0
    assert wait_idle(60000)
    assert sorted(together) == [0, 1, 2, 3]
    assert set(errors) == {i for i in range(300) if i % 7 == 0}
    assert results == {i: i * i for i in range(300) if i % 7}
    assert all(name.startswith("griddesk-db") for name in threads)
    assert busy() == 0


def test_serial_calls_run_one_at_a_time_in_call_order(owner: QWidget) -> None:
    lock = threading.Lock()
    running = 0
    overlaps = 0
    order: list[int] = []
    answers: list[int] = []
    gate = threading.Event()

    def call(i: int) -> int:
        nonlocal running, overlaps
        if i == 0:
            gate.wait(GATE_TIMEOUT)  # the lane holds while the first call is blocked
        with lock:
            running += 1
            overlaps += running > 1
        order.append(i)
        with lock:
            running -= 1
        return i

    other = QObject()
    for i in range(20):
        run_async(owner, call, i, on_done=answers.append, serial="lane")
    # another lane and unkeyed calls are not held up by the blocked one
    free: list[str] = []
    run_async(owner, lambda: "free", on_done=free.append)
    run_async(owner, lambda: "other lane", on_done=free.append, serial=other)
    while len(free) < 2:
        assert wait_idle(50) is False  # the blocked lane keeps it busy
    assert order == [] and sorted(free) == ["free", "other lane"]
    gate.set()
    assert wait_idle()
    assert order == list(range(20)) and answers == list(range(20))
    assert overlaps == 0


def test_a_failing_serial_call_does_not_stall_its_lane(owner: QWidget) -> None:
    got: list[Any] = []

    def fail() -> None:
        raise OSError("disk")

    def raising_callback(_exc: BaseException) -> None:
        got.append("error")
        raise RuntimeError("a broken callback")

    run_async(owner, fail, on_error=raising_callback, serial=owner)
    run_async(owner, lambda: "next", on_done=got.append, serial=owner)
    # the broken callback's exception surfaces through Qt's slot machinery; capture it
    from pytestqt.exceptions import capture_exceptions

    with capture_exceptions() as exceptions:
        assert wait_idle()
    assert got == ["error", "next"]
    assert any("a broken callback" in str(e[1]) for e in exceptions)
