"""Connection health: is the database there, and what to do when it is not.

A duty room runs 24 hours; the database server restarts, the network drops, a backend is
killed. Nothing here knows Qt: the desktop shows `Health` (online / offline / reconnecting,
with the reason) in a banner and drives the checks from a timer off the GUI thread.

- `classify(exc)` sorts an exception into "connection lost", "busy" (a lock or a
  serialisation conflict; the same action may simply be retried) or "other";
  `db.ops.run_operation` uses it to raise `ConnectionLost` / `Busy`.
- `Backoff` is the reconnect policy: the first retry at once (a killed backend usually
  means the server is fine), then exponentially slower up to a ceiling, with jitter so
  that ten workstations do not hammer a server that has just come back all at once.
- `ConnectionTracker` is the small state machine shared by the change feed (db/live.py)
  and `HealthMonitor`, which follows the main engine.
- `check_health(engine)` runs one `SELECT 1` and says whether the database answered.
- `keepalive_args()` are the libpq settings that make a silently dead TCP connection
  (cable pulled, VPN down) fail within seconds instead of hanging for many minutes.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, text

from db.clock import now

# ---------------------------------------------------------------- classifying errors

LOST = "connection lost"
BUSY = "busy"
OTHER = "other"

# SQLSTATEs: class 08 = connection exception; 57P01 admin shutdown (pg_terminate_backend,
# server stopping), 57P02 crash shutdown, 57P03 cannot connect now (starting up / shutting
# down), 57P04 database dropped; 53300 too many connections.
_LOST_CODES = {"57P01", "57P02", "57P03", "57P04", "53300"}
# 40001 serialization failure, 40P01 deadlock, 55P03 lock not available, 57014 cancelled
# (statement or lock timeout).
_BUSY_CODES = {"40001", "40P01", "55P03", "57014"}
_LOST_TEXT = (
    "server closed the connection",
    "connection already closed",
    "terminating connection",
    "could not connect",
    "connection refused",
    "connection timed out",
    "timeout expired",
    "no connection to the server",
    "could not receive data",
    "could not send data",
    "ssl syscall error",
    "ssl connection has been closed",
    "the database system is",  # ... starting up / shutting down / in recovery mode
    "network is unreachable",
    "no route to host",
    "could not translate host name",
    "unable to open database file",
    "disk i/o error",
)
_BUSY_TEXT = ("database is locked", "database table is locked", "deadlock detected")


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception, what SQLAlchemy wrapped (`.orig`) and its causes, each once."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        todo.extend([getattr(e, "orig", None), e.__cause__, e.__context__])
    return seen


def classify(exc: BaseException) -> str:
    """LOST, BUSY or OTHER for any exception a database call raised."""
    import psycopg2

    from db.ops import Busy, ConnectionLost

    chain = _chain(exc)
    for e in chain:
        if isinstance(e, ConnectionLost):
            return LOST
        if isinstance(e, Busy):
            return BUSY
        if getattr(e, "connection_invalidated", False):
            return LOST
        code = getattr(e, "pgcode", None)
        if isinstance(code, str) and code:
            if code.startswith("08") or code in _LOST_CODES:
                return LOST
            if code in _BUSY_CODES:
                return BUSY
    for e in chain:
        if isinstance(e, psycopg2.Error | sqlite3.Error):
            msg = str(e).lower()
            if any(t in msg for t in _BUSY_TEXT):
                return BUSY
            if any(t in msg for t in _LOST_TEXT):
                return LOST
            if isinstance(e, psycopg2.InterfaceError):
                return LOST
            if isinstance(e, psycopg2.OperationalError) and getattr(e, "pgcode", None) is None:
                # libpq reports every transport failure without a SQLSTATE.
                return LOST
        elif isinstance(e, ConnectionError | TimeoutError | OSError):
            return LOST
    return OTHER


def is_connection_lost(exc: BaseException) -> bool:
    return classify(exc) == LOST


def short_reason(exc: BaseException) -> str:
    """The first line of the driver's message: what a banner can show as the detail."""
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(orig).__name__


# ---------------------------------------------------------------- state


class HealthState(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"  # lost; waiting for the next attempt
    RECONNECTING = "reconnecting"  # an attempt is under way


@dataclass(frozen=True, slots=True)
class Health:
    """What the status bar shows. `since` is town time (db/clock.py) of the last change of
    state; `attempts` counts failed reconnects since the connection was lost; `retry_in` is
    the number of seconds until the next attempt (offline only)."""

    state: HealthState
    reason: str = ""
    since: datetime | None = None
    attempts: int = 0
    retry_in: float | None = None

    @property
    def online(self) -> bool:
        return self.state is HealthState.ONLINE


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delay before reconnect attempt n (n = failed attempts so far): 0 for the first, then
    `initial * factor**(n-1)` capped at `maximum`, times a random factor in
    [1 - jitter, 1 + jitter]."""

    initial: float = 0.25
    factor: float = 2.0
    maximum: float = 10.0
    jitter: float = 0.2

    def delay(self, failures: int, rng: random.Random | None = None) -> float:
        if failures <= 0:
            return 0.0
        base = min(self.maximum, self.initial * self.factor ** (failures - 1))
        spread = (rng or random).uniform(1.0 - self.jitter, 1.0 + self.jitter) if self.jitter else 1.0
        return base * spread


class ConnectionTracker:
    """Online / offline / reconnecting, with the reason and a backoff schedule.

    Call `attempting()` when a (re)connect starts, `succeeded()` when it worked and
    `failed(reason)` when it or the connection failed; `retry_due()` says when to try next.
    `on_change` is called with the new Health on every change of state or reason (from the
    thread that caused it). Safe to use from several threads.
    """

    def __init__(
        self,
        backoff: Backoff | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[Health], None] | None = None,
        initial: HealthState = HealthState.OFFLINE,
        reason: str = "not connected yet",
    ) -> None:
        self.backoff = backoff or Backoff()
        self._clock = clock
        self._on_change = on_change
        self._rng = random.Random()
        self._lock = threading.RLock()
        self._failures = 0
        self._retry_at = clock()
        self._health = Health(initial, reason, now())

    @property
    def health(self) -> Health:
        with self._lock:
            h = self._health
            if h.state is HealthState.OFFLINE:
                return replace(h, retry_in=max(0.0, self._retry_at - self._clock()))
            return h

    @property
    def failures(self) -> int:
        return self._failures

    def retry_due(self) -> bool:
        with self._lock:
            return self._health.state is HealthState.OFFLINE and self._clock() >= self._retry_at

    def _set(self, state: HealthState, reason: str) -> None:
        old = self._health
        if old.state is state and old.reason == reason and old.attempts == self._failures:
            return
        since = old.since if old.state is state else now()
        self._health = Health(state, reason, since, self._failures)
        if self._on_change is not None:
            self._on_change(self.health)

    def attempting(self, reason: str = "") -> None:
        with self._lock:
            self._set(HealthState.RECONNECTING, reason or self._health.reason)

    def succeeded(self) -> None:
        with self._lock:
            self._failures = 0
            self._set(HealthState.ONLINE, "")

    def failed(self, reason: str) -> None:
        """The connection or an attempt failed: offline, next attempt after the backoff."""
        with self._lock:
            self._retry_at = self._clock() + self.backoff.delay(self._failures, self._rng)
            self._failures += 1
            self._set(HealthState.OFFLINE, reason)


# ---------------------------------------------------------------- the main engine


def check_health(engine: Engine) -> Health:
    """One round trip (`SELECT 1`) through the engine's pool. PostgreSQL engines from
    `make_engine` pre-ping pooled connections and reconnect, so after an outage this is
    also what brings the pool back. Blocks for up to the connect timeout: run it off the
    GUI thread."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        return Health(HealthState.OFFLINE, short_reason(exc), now())
    return Health(HealthState.ONLINE, "", now())


class HealthMonitor:
    """The main engine's health, for the banner: fed by the outcome of operations and by
    `check()` calls the desktop schedules (off the GUI thread) while `due()` is true.

        monitor.report(exc)   # an operation raised: goes offline if the connection was lost
        monitor.report(None)  # an operation or query worked
        if monitor.due(): monitor.check()
    """

    def __init__(
        self,
        engine: Engine,
        backoff: Backoff | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[Health], None] | None = None,
    ) -> None:
        self.engine = engine
        self._tracker = ConnectionTracker(
            backoff, clock=clock, on_change=on_change, initial=HealthState.ONLINE, reason=""
        )

    @property
    def health(self) -> Health:
        return self._tracker.health

    def report(self, exc: BaseException | None) -> bool:
        """Note an operation's outcome; True if it means the connection is lost."""
        if exc is None:
            if not self._tracker.health.online:
                self._tracker.succeeded()
            return False
        if classify(exc) != LOST:
            return False
        self._tracker.failed(short_reason(exc))
        return True

    def due(self) -> bool:
        return self._tracker.retry_due()

    def check(self) -> Health:
        was_online = self._tracker.health.online
        if not was_online:
            self._tracker.attempting()
        result = check_health(self.engine)
        if result.online:
            self._tracker.succeeded()
        else:
            self._tracker.failed(result.reason)
        return self._tracker.health


# ---------------------------------------------------------------- libpq settings


def keepalive_args(idle: int = 10, interval: int = 5, count: int = 3, user_timeout_ms: int = 15000) -> dict[str, Any]:
    """libpq connection parameters that bound how long a dead peer goes unnoticed: TCP
    keepalives on an idle connection (idle + interval * count seconds) and, where libpq
    supports it (12+), `tcp_user_timeout` for data sent but never acknowledged."""
    args: dict[str, Any] = {
        "keepalives": 1,
        "keepalives_idle": idle,
        "keepalives_interval": interval,
        "keepalives_count": count,
    }
    try:
        import psycopg2

        if int(getattr(psycopg2, "__libpq_version__", 0)) >= 120000:
            args["tcp_user_timeout"] = user_timeout_ms
    except ImportError:  # pragma: no cover - psycopg2 is a dependency
        pass
    return args
