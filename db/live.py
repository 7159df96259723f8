"""Live updates between workstations: a Qt-free feed of the change log.

Every operation appends `change_log` rows (seq, at, entity, entity_id, workstation) in its
own transaction (db/changes.py); on PostgreSQL the commit also delivers
`NOTIFY griddesk_changes, '<last seq>'`. A workstation follows the log with a
`ChangeFeed`:

    feed = ChangeFeed(engine, after_seq=latest_seq_read_before_loading)
    feed.fileno()   # PostgreSQL: the LISTEN socket to watch (QSocketNotifier, select);
                    # None on SQLite and while the feed is not connected
    feed.poll()     # -> [Change, ...] in sequence order; never blocks for long
    feed.status     # Health: online / offline / reconnecting, with the reason
    feed.close()

How the desktop drives it (on the GUI thread): call `poll()` when the socket is readable
and on a timer every `poll_interval` seconds (0.25 s on SQLite and while offline, a 2 s
heartbeat on PostgreSQL), and re-create the socket notifier whenever `fileno()` returns a
different value (it changes after every reconnect). A `Change` whose `entity` is
`RELOAD_ALL` ("*") means "too much changed, or the log was rebuilt, restored or pruned
past this workstation's position: reload everything"; the feed then continues from the end.

The NOTIFY is only a wake-up; the sequence is the truth. `poll()` drains the pending
notifications and then always runs the catch-up query `seq > last_seen`, so a lost,
merged or late notification can delay a change by at most one poll but never lose it, and
after a reconnect the first catch-up brings the workstation up to date. The same query
doubles as a heartbeat: a connection that does not answer it within `query_timeout` is
treated as lost, which catches a silently dead network (no RST, no FIN) that TCP alone
would notice only after minutes.

Never blocking the GUI thread: the LISTEN connection is a psycopg2 *asynchronous*
connection. Connecting, LISTEN and each catch-up query are sent without waiting; `poll()`
waits at most `max_block` seconds (50 ms) for the answer and otherwise returns and picks
the answer up on a later call (the socket becomes readable when it arrives). Deadlines
(`connect_timeout`, `query_timeout`) are measured across calls. So a dead network, a
server that is starting up or a reconnect attempt never freezes the window.

Reconnecting: when the connection fails (server restart, `pg_terminate_backend`, network
drop, timeout) the feed goes offline with the driver's reason, and the next `poll()` calls
reconnect on the `Backoff` schedule of db/health.py (at once, then 0.25 s, 0.5 s, ... up to
10 s, with jitter), LISTEN again and catch up by sequence.

Sequence numbers and commit order. A PostgreSQL sequence hands out numbers in the order
transactions *ask*, not the order they *commit*: if T1 takes seq 41 and T2 takes 42 and T2
commits first, a reader that sees 42 and moves its high-water mark to 42 would skip 41
forever. Two layers prevent that:

1. Writers are serialised (the guarantee). `record_changes` takes a transaction-scoped
   advisory lock (`pg_advisory_xact_lock(CHANGE_LOG_LOCK)`) before it inserts, held to
   COMMIT, and PostgreSQL releases locks only after the commit is visible to everyone. So
   a change-log row is numbered only after every lower-numbered one has committed or
   rolled back, and a reader can never see 42 without 41. The lock covers only the short
   tail of a transaction (after its own work and audit append, which is already
   serialised through the `audit_head` row), so it costs almost nothing; SQLite has a
   single writer anyway. This was chosen over reader-side guessing because it makes the
   invariant hold by construction, independent of timing.
2. Readers re-check holes (defence in depth). A writer that bypasses `record_changes`
   (a bulk import, a maintenance script, an older GridDesk during a rolling update) could
   still commit out of order. The feed remembers every seq it skipped over ("gaps") and
   asks for them again in each catch-up (`seq > last OR seq = ANY(gaps)`), delivering a
   late one when it appears. A gap that stays empty for `gap_grace` seconds (120 s, far
   longer than any GridDesk transaction) is a rolled-back transaction or a sequence jump
   after a crash and is forgotten. The cost is nil when there are no gaps.

`poll()` therefore returns changes in sequence order except that a late-filled gap may
come after higher numbers; consumers refresh by entity and id, so order does not matter.

A feed belongs to one thread (the GUI thread); it is not thread-safe.
"""

from __future__ import annotations

import contextlib
import math
import select
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, or_
from sqlalchemy import select as sa_select

from db import models as m
from db.changes import CHANNEL
from db.health import Backoff, ConnectionTracker, Health, HealthState, keepalive_args, short_reason

RELOAD_ALL = "*"
MAX_GAPS = 1000

_CATCH_UP_SQL = (
    "SELECT h.head, h.low, c.seq, c.at, c.entity, c.entity_id, c.workstation "
    "FROM (SELECT coalesce(max(seq), 0) AS head, coalesce(min(seq), 0) AS low FROM change_log) AS h "
    "LEFT JOIN (SELECT seq, at, entity, entity_id, workstation FROM change_log "
    "           WHERE seq > %(last)s OR seq = ANY(%(gaps)s::integer[]) "
    "           ORDER BY seq LIMIT %(limit)s) AS c ON true "
    "ORDER BY c.seq"
)

# Phases of the PostgreSQL connection.
_IDLE, _CONNECTING, _LISTEN, _READY, _QUERY = "idle", "connecting", "listen", "ready", "query"
_NO_SEQ = 2**31 - 1  # "after the end": the first catch-up only learns the head


@dataclass(frozen=True, slots=True)
class Change:
    """One change-log row: `entity` id `entity_id` changed at `workstation`."""

    seq: int
    at: datetime | None
    entity: str
    entity_id: int
    workstation: str = ""

    @property
    def reload_all(self) -> bool:
        return self.entity == RELOAD_ALL


class _NoAnswer(Exception):
    """The server did not answer within the deadline."""


class ChangeFeed:
    """Follows the change log after `after_seq`. Pass the `latest_seq()` read *before*
    loading the data the workstation shows, so nothing between the two is missed; None
    starts at the end of the log as found on the first connection. With `connect_now`
    (the default) the constructor waits up to about `connect_timeout` for that first
    connection; otherwise the first `poll()` starts it. Failing to connect never raises:
    see `status`. The other arguments tune the timeouts and policies described in the
    module docstring."""

    def __init__(
        self,
        engine: Engine,
        after_seq: int | None = None,
        *,
        backoff: Backoff | None = None,
        connect_timeout: float = 5.0,
        query_timeout: float = 3.0,
        max_block: float = 0.05,
        max_batch: int = 2000,
        gap_grace: float = 120.0,
        sqlite_interval: float = 0.25,
        heartbeat: float = 2.0,
        on_status: Callable[[Health], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        keepalive: dict[str, Any] | None = None,
        connect_now: bool = True,
    ) -> None:
        self.engine = engine
        self.is_postgres = engine.dialect.name == "postgresql"
        self.connect_timeout = connect_timeout
        self.query_timeout = query_timeout
        self.max_block = max_block
        self.max_batch = max_batch
        self.gap_grace = gap_grace
        self.sqlite_interval = sqlite_interval
        self.heartbeat = heartbeat
        self._clock = clock
        self._tracker = ConnectionTracker(backoff, clock=clock, on_change=on_status)
        self._last: int | None = after_seq
        self._gaps: dict[int, float] = {}
        self._pending: list[Change] = []
        self._closed = False
        # PostgreSQL LISTEN connection (psycopg2, asynchronous)
        self._conn: Any = None
        self._cursor: Any = None
        self._phase = _IDLE
        self._phase_deadline = 0.0
        self._notified = 0
        self._connect_kwargs: dict[str, Any] = {}
        if self.is_postgres:
            _cargs, cparams = engine.dialect.create_connect_args(engine.url)
            self._connect_kwargs = {
                **cparams,
                "connect_timeout": max(2, math.ceil(connect_timeout)),
                "application_name": "griddesk-feed",
                **(keepalive if keepalive is not None else keepalive_args()),
            }
            if connect_now:
                # The first connection and catch-up, waiting up to about connect_timeout.
                self._advance(clock() + connect_timeout + query_timeout)
        elif connect_now:
            self._poll_sqlite()

    # ------------------------------------------------------------ public

    def fileno(self) -> int | None:
        """The LISTEN connection's socket while connected (PostgreSQL), else None."""
        if self._conn is not None and self._phase in (_READY, _QUERY):
            try:
                return int(self._conn.fileno())
            except Exception:
                return None
        return None

    def poll(self) -> list[Change]:
        """Drain notifications, catch up by sequence, reconnect when due. Returns the
        changes seen since the last call (possibly none); waits at most `max_block`."""
        if not self._closed:
            if self.is_postgres:
                self._advance(self._clock() + self.max_block)
            else:
                self._poll_sqlite()
        out, self._pending = self._pending, []
        return out

    def wait(self, timeout: float) -> bool:
        """For callers without an event loop (benchmarks, tests, scripts): wait until the
        socket is readable or `timeout` passes; True if readable. On SQLite, or while not
        connected, sleep for the shorter of `timeout` and `poll_interval` instead."""
        fd = self.fileno()
        if fd is None:
            time.sleep(max(0.0, min(timeout, self.poll_interval)))
            return False
        readable, _, _ = select.select([fd], [], [], max(0.0, timeout))
        return bool(readable)

    def close(self) -> None:
        self._closed = True
        self._close_conn()

    def __enter__(self) -> ChangeFeed:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def status(self) -> Health:
        return self._tracker.health

    @property
    def last_seq(self) -> int | None:
        """The highest sequence number delivered (None before the first connection when
        the feed was started at the end of the log)."""
        return self._last

    @property
    def gaps(self) -> frozenset[int]:
        """Sequence numbers skipped over and still being watched for (see module doc)."""
        return frozenset(self._gaps)

    @property
    def poll_interval(self) -> float:
        """How often the owner should call `poll()` from a timer, in seconds."""
        if not self.is_postgres:
            return self.sqlite_interval
        if self._phase in (_READY, _QUERY):
            return self.heartbeat
        return self.sqlite_interval

    @property
    def backend_pid(self) -> int | None:
        """PostgreSQL: the server process of the LISTEN connection (for diagnostics)."""
        if self._conn is not None and self._phase in (_READY, _QUERY):
            return int(self._conn.get_backend_pid())
        return None

    # ------------------------------------------------------------ sequence bookkeeping

    def _absorb(self, head: int, low: int, changes: Sequence[Change]) -> None:
        """Take the rows of one catch-up (sorted by seq) and the log's first and last seq."""
        if self._last is None:
            self._last = head
            return
        if head < self._last or (self._last > 0 and low > self._last + 1):
            # The log is shorter than what we have seen (the database was rebuilt or
            # restored), or rows we have not seen were pruned: reload everything.
            self._reload_all(head)
            return
        newer = sum(1 for c in changes if c.seq > self._last)
        if newer > self.max_batch:
            self._reload_all(head)
            return
        t = self._clock()
        for c in changes:
            if c.seq in self._gaps:
                del self._gaps[c.seq]
                self._pending.append(c)
            elif c.seq > self._last:
                for s in range(max(self._last + 1, c.seq - MAX_GAPS), c.seq):
                    self._gaps.setdefault(s, t)
                self._last = c.seq
                self._pending.append(c)
        if self._gaps:
            self._gaps = {s: t0 for s, t0 in self._gaps.items() if t - t0 < self.gap_grace}
            if len(self._gaps) > MAX_GAPS:
                self._gaps = dict(sorted(self._gaps.items())[-MAX_GAPS:])

    def _reload_all(self, head: int) -> None:
        self._pending = [Change(head, None, RELOAD_ALL, 0, "")]
        self._last = head
        self._gaps.clear()

    # ------------------------------------------------------------ SQLite: poll the sequence

    def _poll_sqlite(self) -> None:
        if not self._tracker.health.online and not self._tracker.retry_due():
            return
        t = m.ChangeLog.__table__
        try:
            with self.engine.connect() as conn:
                head, low = (
                    int(v)
                    for v in conn.execute(
                        sa_select(func.coalesce(func.max(t.c.seq), 0), func.coalesce(func.min(t.c.seq), 0))
                    ).one()
                )
                rows: Sequence[Any] = ()
                if self._last is not None and (head > self._last or self._gaps):
                    cond = t.c.seq > self._last
                    if self._gaps:
                        cond = or_(cond, t.c.seq.in_(sorted(self._gaps)))
                    rows = conn.execute(
                        sa_select(t.c.seq, t.c.at, t.c.entity, t.c.entity_id, t.c.workstation)
                        .where(cond)
                        .order_by(t.c.seq)
                        .limit(self.max_batch + 1)
                    ).all()
        except Exception as exc:
            self._tracker.failed(short_reason(exc))
            return
        if not self._tracker.health.online:
            self._tracker.succeeded()
        self._absorb(head, low, [Change(int(r[0]), r[1], r[2], int(r[3]), r[4] or "") for r in rows])

    # ------------------------------------------------------------ PostgreSQL: LISTEN + catch-up

    def _advance(self, deadline: float) -> None:
        """Move the connection on as far as possible before `deadline`."""
        while not self._closed:
            if self._conn is None:
                if not self._tracker.retry_due():
                    return
                self._start_connect()
                if self._conn is None:
                    continue  # failed at once; the loop stops when no retry is due
            try:
                if not self._step(deadline):
                    return
            except Exception as exc:
                reason = str(exc) if isinstance(exc, _NoAnswer) else short_reason(exc)
                self._close_conn()
                self._tracker.failed(reason)

    def _start_connect(self) -> None:
        import psycopg2

        self._tracker.attempting()
        try:
            self._conn = psycopg2.connect(**self._connect_kwargs, async_=True)
        except Exception as exc:
            self._conn = None
            self._tracker.failed(short_reason(exc))
            return
        self._phase = _CONNECTING
        self._phase_deadline = self._clock() + self.connect_timeout

    def _step(self, deadline: float) -> bool:
        """One step of the connection's state machine; False when there is nothing more
        to do in this call (finished, or waiting for the server)."""
        conn = self._conn
        if self._phase == _CONNECTING:
            if not self._wait_io(deadline, "connect"):
                return False
            self._cursor = conn.cursor()
            self._cursor.execute(f"LISTEN {CHANNEL}")
            self._phase, self._phase_deadline = _LISTEN, self._clock() + self.query_timeout
            return True
        if self._phase == _LISTEN:
            if not self._wait_io(deadline, "LISTEN"):
                return False
            self._phase = _READY
            self._begin_catch_up()
            return True
        if self._phase == _READY:
            conn.poll()  # read what arrived (notifications); raises if the connection died
            self._collect_notifies()
            self._begin_catch_up()
            return True
        if self._phase == _QUERY:
            if not self._wait_io(deadline, "the catch-up query"):
                return False
            rows = self._cursor.fetchall()
            self._phase = _READY
            if not self._tracker.health.online:
                # Online only once a catch-up worked: a connection that fails right after
                # LISTEN keeps backing off instead of reconnecting in a tight loop.
                self._tracker.succeeded()
            head, low = (int(rows[0][0]), int(rows[0][1])) if rows else (0, 0)
            self._absorb(
                head,
                low,
                [Change(int(r[2]), r[3], r[4], int(r[5]), r[6] or "") for r in rows if r[2] is not None],
            )
            self._collect_notifies()
            if self._last is not None and self._notified > self._last:
                # Announced while the query ran, possibly after its snapshot: look again.
                self._begin_catch_up()
                return True
            return False
        return False

    def _begin_catch_up(self) -> None:
        # Whatever was announced so far committed before this query starts: it covers them.
        self._notified = 0
        last = _NO_SEQ if self._last is None else self._last
        self._cursor.execute(_CATCH_UP_SQL, {"last": last, "gaps": sorted(self._gaps), "limit": self.max_batch + 1})
        self._phase, self._phase_deadline = _QUERY, self._clock() + self.query_timeout

    def _wait_io(self, deadline: float, what: str) -> bool:
        """Poll the asynchronous connection until the current step is done (True) or
        `deadline` passes (False); raise _NoAnswer past the step's own deadline."""
        import psycopg2.extensions as ext

        conn = self._conn
        while True:
            state = conn.poll()
            if state == ext.POLL_OK:
                return True
            t = self._clock()
            if t >= self._phase_deadline:
                limit = self.connect_timeout if what == "connect" else self.query_timeout
                raise _NoAnswer(f"no answer from the server to {what} within {limit:g} s")
            wait = min(deadline, self._phase_deadline) - t
            if wait <= 0:
                return False
            fd = conn.fileno()
            if state == ext.POLL_WRITE:
                select.select([], [fd], [], wait)
            else:
                select.select([fd], [], [], wait)

    def _collect_notifies(self) -> None:
        conn = self._conn
        if conn is None or not conn.notifies:
            return
        for n in conn.notifies:
            try:
                self._notified = max(self._notified, int(n.payload))
            except (TypeError, ValueError):
                self._notified = max(self._notified, (self._last or 0) + 1)
        del conn.notifies[:]

    def _close_conn(self) -> None:
        conn, self._conn, self._cursor = self._conn, None, None
        self._phase = _IDLE
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()


def feed_status_text(health: Health) -> str:
    """A one-line English description of a feed's or engine's state, for logs and the CLI
    (the desktop builds its own translated banner from the Health fields)."""
    if health.state is HealthState.ONLINE:
        return "online"
    text = f"{health.state.value}: {health.reason}" if health.reason else health.state.value
    if health.retry_in is not None and health.state is HealthState.OFFLINE:
        text += f" (retry in {health.retry_in:.1f} s)"
    return text
