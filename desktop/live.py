"""The Qt side of live updates (issue 5): follows db.live.ChangeFeed and
db.health.HealthMonitor on the GUI thread without blocking it.

- A QSocketNotifier watches the feed's LISTEN socket (PostgreSQL) and is re-created
  whenever `feed.fileno()` changes (after every reconnect); a QTimer calls `poll()` every
  `feed.poll_interval` seconds as well (SQLite polls the sequence; PostgreSQL heartbeats).
- `HealthMonitor.check()` runs on the thread pool: while offline when its backoff says so,
  and every `heartbeat` seconds while online.
- Changes are grouped by entity and emitted as one `changed({entity: {ids}})`; a RELOAD_ALL
  change becomes `reload_all`. The combined health (feed and main engine) is emitted as
  `health_changed(Health)` once it has held for `settle` seconds (a reconnect that succeeds
  at once does not flash the banner), and `recovered` fires when it is back online after
  an outage, so the views catch up.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from db.health import Health, HealthMonitor, HealthState
from db.live import RELOAD_ALL, Change, ChangeFeed

log = logging.getLogger(__name__)

ONLINE = Health(HealthState.ONLINE)


class LiveUpdates(QObject):
    """One workstation's live connection to the change log and the database's health."""

    changed = Signal(object)  # dict[str, set[int]]
    reload_all = Signal()
    health_changed = Signal(object)  # db.health.Health, settled
    recovered = Signal()

    def __init__(
        self,
        engine: Any,
        after_seq: int | None = None,
        parent: QObject | None = None,
        *,
        feed: ChangeFeed | None = None,
        monitor: HealthMonitor | None = None,
        heartbeat: float = 5.0,
        settle: float = 0.6,
        autostart: bool = True,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.feed = feed if feed is not None else ChangeFeed(
            engine, after_seq, connect_now=engine.dialect.name != "postgresql"
        )
        self.monitor = monitor if monitor is not None else HealthMonitor(engine)
        self.heartbeat = heartbeat
        self.settle = settle
        self.delivered = 0  # changes dispatched so far (diagnostics, tests)
        self._notifier: QSocketNotifier | None = None
        self._fd: int | None = None
        self._checking = False
        self._last_check = time.monotonic()
        self._raw = ONLINE  # the latest combined health
        self._shown = ONLINE  # the settled health the views were told about
        self._ever_online = bool(self.feed.status.online)
        self._closed = False

        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.health_timer = QTimer(self)
        self.health_timer.setInterval(500)
        self.health_timer.timeout.connect(self._maybe_check)
        self._settle_timer = QTimer(self)
        self._settle_timer.setSingleShot(True)
        self._settle_timer.timeout.connect(self._settled)
        if autostart:
            self.start()

    # ------------------------------------------------------------------ lifetime
    def start(self) -> None:
        self._closed = False
        self.timer.start(self._interval_ms())
        self.health_timer.start()
        QTimer.singleShot(0, self.poll)

    def stop(self) -> None:
        self.timer.stop()
        self.health_timer.stop()
        self._settle_timer.stop()
        self._drop_notifier()

    def close(self) -> None:
        self.stop()
        self._closed = True
        try:
            self.feed.close()
        except Exception:  # closing a broken connection may fail; nothing to do
            log.debug("closing the change feed failed", exc_info=True)

    # ------------------------------------------------------------------ polling
    def _interval_ms(self) -> int:
        return max(50, int(self.feed.poll_interval * 1000))

    def poll(self) -> int:
        """Drain the feed and dispatch what changed; returns how many changes."""
        if self._closed:
            return 0
        try:
            changes = self.feed.poll()
        except Exception:  # the feed reports trouble through its status; never let it escape
            log.exception("change feed poll failed")
            changes = []
        self._sync_notifier()
        interval = self._interval_ms()
        if self.timer.interval() != interval:
            self.timer.setInterval(interval)
        self._dispatch(changes)
        self._update_health()
        return len(changes)

    def _dispatch(self, changes: list[Change]) -> None:
        if not changes:
            return
        self.delivered += len(changes)
        if any(c.reload_all for c in changes):
            self.reload_all.emit()
            changes = [c for c in changes if c.entity != RELOAD_ALL]
        grouped: dict[str, set[int]] = {}
        for c in changes:
            grouped.setdefault(c.entity, set()).add(int(c.entity_id))
        if grouped:
            self.changed.emit(grouped)

    def _sync_notifier(self) -> None:
        fd = self.feed.fileno()
        if fd == self._fd:
            return
        self._drop_notifier()
        self._fd = fd
        if fd is not None:
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(lambda *_a: self.poll())

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
        self._notifier = None
        self._fd = None

    # ------------------------------------------------------------------ health
    @property
    def health(self) -> Health:
        """The main engine's health if it is in trouble, else the feed's."""
        main = self.monitor.health
        if not main.online:
            return main
        feed = self.feed.status
        if not feed.online and (self._ever_online or (feed.state is HealthState.OFFLINE and feed.attempts > 0)):
            return feed
        return ONLINE

    @property
    def online(self) -> bool:
        """The settled state the banner shows."""
        return self._shown.online

    def report(self, exc: BaseException | None) -> None:
        """The outcome of a call to the database (an operation, a query)."""
        self.monitor.report(exc)
        self._update_health()

    def check_now(self) -> None:
        self._last_check = 0.0
        self._maybe_check()

    def _maybe_check(self) -> None:
        if self._checking or self._closed:
            return
        due = self.monitor.due() or (
            self.monitor.health.online and time.monotonic() - self._last_check >= self.heartbeat
        )
        if not due:
            self._update_health()
            return
        from desktop.worker import run_async

        self._checking = True
        self._last_check = time.monotonic()
        run_async(self, self.monitor.check, on_done=self._checked, on_error=self._check_failed)

    def _checked(self, _health: Health) -> None:
        self._checking = False
        if not self.feed.status.online and self.monitor.health.online:
            self.poll()  # the server is back: let the feed reconnect now
        self._update_health()

    def _check_failed(self, exc: Exception) -> None:
        self._checking = False
        log.warning("health check failed: %s", exc)
        self._update_health()

    def _update_health(self) -> None:
        if self.feed.status.online:
            self._ever_online = True
        raw = self.health
        self._raw = raw
        if raw.state is self._shown.state:
            self._settle_timer.stop()
            if not raw.online and raw != self._shown:  # the reason or the retry moved on
                self._shown = raw
                self.health_changed.emit(raw)
            return
        if not self._settle_timer.isActive():
            self._settle_timer.start(int(self.settle * 1000))

    def _settled(self) -> None:
        raw = self.health
        if raw.state is self._shown.state:
            return
        was_online = self._shown.online
        self._shown = raw
        self.health_changed.emit(raw)
        if raw.online and not was_online:
            self.recovered.emit()
