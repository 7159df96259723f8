"""Live updates between workstations (db/live.py), connection health (db/health.py), and
the concurrency guarantee: two processes racing on one case, many rounds."""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import sqlite3
import statistics
import threading
import time
from typing import Any

import psycopg2
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError as SAOperationalError
from sqlalchemy.orm import Session

from db import models as m
from db.changes import record_changes
from db.health import (
    BUSY,
    LOST,
    OTHER,
    Backoff,
    ConnectionTracker,
    HealthMonitor,
    HealthState,
    check_health,
    classify,
)
from db.live import RELOAD_ALL, ChangeFeed
from db.migrate import upgrade
from db.ops import Actor, Busy, ChangeSet, ConnectionLost, OperationContext, run_operation
from db.permissions import Permission
from db.session import make_engine, resolve_url
from tests._live_support import Collector, case_version, integrity, race_worker

ADMIN_A = Actor(None, "officer_a", "admin", workstation="ws-a")


def _set(ctx: OperationContext, key: str, value: str) -> ChangeSet:
    row = ctx.session.get(m.Setting, key)
    if row is None:
        ctx.session.add(m.Setting(key=key, value=value))
    else:
        row.value = value
    ctx.record("set_setting", "setting", None, None, {"key": key, "value": value})
    return ChangeSet().add("setting", len(key))


def _engine(url: str) -> Any:
    return make_engine(resolve_url(url))


@pytest.fixture
def engines(db_url: str) -> Any:
    """Two workstations' engines on one fresh, migrated database."""
    a, b = _engine(db_url), _engine(db_url)
    upgrade(a)
    yield a, b
    a.dispose()
    b.dispose()


# ---------------------------------------------------------------- the feed


def test_feed_delivers_changes_from_another_workstation(engines: Any) -> None:
    a, b = engines
    with ChangeFeed(b, after_seq=0) as feed:
        col = Collector(feed)
        assert feed.status.online and feed.poll() == []
        if b.dialect.name == "postgresql":
            assert isinstance(feed.fileno(), int) and feed.backend_pid
        else:
            assert feed.fileno() is None and feed.poll_interval == 0.25
        run_operation(a, ADMIN_A, Permission.SETTINGS_ADMIN, _set, "theme", "dark")
        run_operation(a, ADMIN_A, Permission.SETTINGS_ADMIN, _set, "lang", "en")
        assert col.until(lambda: len(col.changes) == 2, timeout=5)
        assert [(c.seq, c.entity, c.entity_id, c.workstation) for c in col.changes] == [
            (1, "setting", 5, "ws-a"),
            (2, "setting", 4, "ws-a"),
        ]
        assert feed.last_seq == 2 and not feed.gaps
        col.pump(0.3)
        assert len(col.changes) == 2  # nothing twice


def test_feed_started_at_the_end_skips_history(engines: Any) -> None:
    a, b = engines
    for v in "xyz":
        run_operation(a, ADMIN_A, Permission.SETTINGS_ADMIN, _set, "k", v)
    with ChangeFeed(b) as feed:
        assert feed.last_seq == 3 and feed.poll() == []
        run_operation(a, ADMIN_A, Permission.SETTINGS_ADMIN, _set, "k", "w")
        col = Collector(feed)
        assert col.until(lambda: col.seqs() == [4], timeout=5)


def test_serialised_writers_keep_commit_order(engines: Any) -> None:
    """The lower sequence number cannot commit last: a second writer waits (PostgreSQL:
    advisory lock in record_changes; SQLite: the write lock) until the first commits."""
    a, b = engines
    feed = ChangeFeed(b, after_seq=0)
    col = Collector(feed)
    first = Session(a)
    first.begin()
    low = record_changes(first, ChangeSet().add("probe", 1), "ws-a")
    done = threading.Event()
    result: dict[str, Any] = {}

    def second_writer() -> None:
        try:
            with Session(b) as s, s.begin():
                result["seq"] = record_changes(s, ChangeSet().add("probe", 2), "ws-b")
        except BaseException as exc:
            result["error"] = exc
        done.set()

    t = threading.Thread(target=second_writer)
    t.start()
    try:
        assert not done.wait(0.7), "the second writer did not wait for the first"
        col.pump(0.1)
        assert col.changes == []
    finally:
        first.commit()
        first.close()
    t.join(20)
    assert done.is_set() and "error" not in result, result
    assert low is not None and result["seq"] > low
    assert col.until(lambda: len(col.changes) == 2, timeout=5)
    assert [(c.entity_id, c.workstation) for c in col.changes] == [(1, "ws-a"), (2, "ws-b")]
    assert col.seqs() == sorted(col.seqs()) and not feed.gaps
    feed.close()


@pytest.mark.postgres
def test_lower_seq_committing_last_is_not_lost(pg_url: str) -> None:
    """Writers that bypass record_changes (so nothing serialises them) commit out of
    order: the feed sees the higher number first, remembers the hole, and delivers the
    lower number when its transaction commits."""
    engine = _engine(pg_url)
    upgrade(engine)
    feed = ChangeFeed(engine, after_seq=0)
    col = Collector(feed)
    slow, fast = engine.connect(), engine.connect()
    insert = text(
        "INSERT INTO change_log (at, entity, entity_id, workstation) VALUES (now(), 'probe', :i, :ws) RETURNING seq"
    )
    low = slow.execute(insert, {"i": 1, "ws": "slow"}).scalar_one()
    high = fast.execute(insert, {"i": 2, "ws": "fast"}).scalar_one()
    assert high == low + 1
    fast.execute(text("SELECT pg_notify('griddesk_changes', :p)"), {"p": str(high)})
    fast.commit()
    assert col.until(lambda: high in col.seqs(), timeout=5)
    assert low not in col.seqs() and feed.gaps == {low} and feed.last_seq == high
    slow.execute(text("SELECT pg_notify('griddesk_changes', :p)"), {"p": str(low)})
    slow.commit()
    assert col.until(lambda: low in col.seqs(), timeout=5)
    assert sorted(col.seqs()) == [low, high] and not feed.gaps
    # ... and with no NOTIFY at all, the heartbeat poll finds it too
    slow.execute(insert, {"i": 3, "ws": "slow"})
    fast.execute(insert, {"i": 4, "ws": "fast"})
    fast.commit()
    assert col.until(lambda: len(col.changes) == 3, timeout=5)
    slow.commit()
    assert col.until(lambda: len(col.changes) == 4, timeout=5)
    assert sorted(c.entity_id for c in col.changes) == [1, 2, 3, 4]
    slow.close()
    fast.close()
    feed.close()
    engine.dispose()


@pytest.mark.postgres
def test_gap_of_a_rolled_back_transaction_is_forgotten(pg_url: str) -> None:
    engine = _engine(pg_url)
    upgrade(engine)
    now = [1000.0]
    feed = ChangeFeed(engine, after_seq=0, gap_grace=60, clock=lambda: now[0])
    with Session(engine) as s:
        s.begin()
        record_changes(s, ChangeSet().add("probe", 1), "ws")
        s.rollback()
    run_operation(engine, ADMIN_A, Permission.SETTINGS_ADMIN, _set, "k", "v")
    col = Collector(feed)
    assert col.until(lambda: col.seqs() == [2], timeout=5)
    assert feed.gaps == {1}
    now[0] += 61
    col.pump(0.05)
    assert feed.gaps == frozenset() and col.seqs() == [2]
    feed.close()
    engine.dispose()


def test_far_behind_or_rebuilt_log_means_reload_all(engines: Any) -> None:
    a, b = engines
    feed = ChangeFeed(b, after_seq=0, max_batch=5)
    for i in range(8):
        run_operation(a, ADMIN_A, Permission.SETTINGS_ADMIN, _set, "k", str(i))
    got = Collector(feed)
    assert got.until(lambda: bool(got.changes), timeout=5)
    assert [c.entity for c in got.changes] == [RELOAD_ALL] and got.changes[0].reload_all
    assert feed.last_seq == 8
    feed.close()
    # a feed that has seen more than the log holds: the database was rebuilt
    feed = ChangeFeed(b, after_seq=500)
    got = Collector(feed)
    assert got.until(lambda: bool(got.changes), timeout=5)
    assert got.changes[0].reload_all and feed.last_seq == 8
    feed.close()
    # rows this workstation has not seen were pruned
    with a.begin() as conn:
        conn.execute(text("DELETE FROM change_log WHERE seq <= 5"))
    feed = ChangeFeed(b, after_seq=2)
    got = Collector(feed)
    assert got.until(lambda: bool(got.changes), timeout=5)
    assert [c.entity for c in got.changes] == [RELOAD_ALL] and feed.last_seq == 8
    feed.close()


@pytest.mark.postgres
def test_notification_latency(pg_url: str) -> None:
    """Commit on one engine to the change in another engine's feed: well under 100 ms."""
    a, b = _engine(pg_url), _engine(pg_url)
    upgrade(a)
    feed = ChangeFeed(b)
    latencies = []
    for i in range(30):
        run_operation(a, ADMIN_A, Permission.SETTINGS_ADMIN, _set, "k", str(i))
        t0 = time.perf_counter()
        seen: list[Any] = []
        while not seen and time.perf_counter() - t0 < 5:
            feed.wait(1.0)
            seen = feed.poll()
        assert seen
        latencies.append(time.perf_counter() - t0)
    assert statistics.median(latencies) < 0.1, latencies
    feed.close()
    a.dispose()
    b.dispose()


# ---------------------------------------------------------------- two processes, one case


ROUNDS = 30


def test_two_processes_race_on_one_case(small_demo_url: str) -> None:
    engine = _engine(small_demo_url)
    with Session(engine) as s:
        case_id = s.execute(
            select(m.Case.id).where(m.Case.state == "dispatched").order_by(m.Case.id).limit(1)
        ).scalar_one()
    v0 = case_version(engine, case_id)
    feed = ChangeFeed(engine)
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=race_worker, args=(small_demo_url, case_id, ROUNDS, name, barrier, results))
        for name in ("alpha", "bravo")
    ]
    for p in procs:
        p.start()
    outcomes: list[tuple[Any, ...]] = []
    col = Collector(feed)
    deadline = time.monotonic() + 180
    while len(outcomes) < 2 * ROUNDS and time.monotonic() < deadline:
        with contextlib.suppress(queue.Empty):
            outcomes.append(results.get(timeout=0.2))
        col.pump(0)
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert len(outcomes) == 2 * ROUNDS, outcomes
    winners = []
    for r in range(ROUNDS):
        this = sorted((o for o in outcomes if o[0] == r), key=lambda o: o[2], reverse=True)
        kinds = sorted(o[2] for o in this)
        assert kinds == ["conflict", "won"], this  # exactly one wins, the other is told
        assert this[0][3] == this[1][3] == v0 + r  # both started from the same version
        winners.append(next(o[1] for o in this if o[2] == "won"))
        loser_msg = next(o[4] for o in this if o[2] == "conflict")
        assert "reload and try again" in loser_msg
    # nothing lost: every win is there, once
    assert case_version(engine, case_id) == v0 + ROUNDS
    with Session(engine) as s:
        assert s.get(m.Case, case_id).address == f"round {ROUNDS - 1} by {winners[-1]}"
    report = integrity(engine)
    assert report["ok"] and report["edits"] == ROUNDS, report
    assert col.until(lambda: len(col.changes) == ROUNDS, timeout=10)
    assert {c.entity_id for c in col.changes} == {case_id}
    assert sorted(c.workstation for c in col.changes) == sorted(f"ws-{w}" for w in winners)
    feed.close()
    engine.dispose()


# ---------------------------------------------------------------- health


def test_backoff_and_tracker() -> None:
    b = Backoff(initial=0.25, factor=2, maximum=2, jitter=0)
    assert [b.delay(n) for n in range(6)] == [0, 0.25, 0.5, 1.0, 2.0, 2.0]
    assert 0.8 <= Backoff(initial=1, jitter=0.2).delay(1) <= 1.2
    now = [0.0]
    seen: list[HealthState] = []
    t = ConnectionTracker(b, clock=lambda: now[0], on_change=lambda h: seen.append(h.state))
    assert t.retry_due() and t.health.state is HealthState.OFFLINE
    t.attempting()
    t.succeeded()
    t.failed("server closed the connection unexpectedly")
    assert t.retry_due()  # the first retry is immediate
    t.attempting()
    t.failed("connection refused")
    h = t.health
    assert h.state is HealthState.OFFLINE and h.reason == "connection refused" and h.attempts == 2
    assert not t.retry_due() and h.retry_in == pytest.approx(0.25)
    now[0] += 0.3
    assert t.retry_due()
    assert seen[:3] == [HealthState.RECONNECTING, HealthState.ONLINE, HealthState.OFFLINE]


def test_classify_errors() -> None:
    def wrap(orig: BaseException) -> SAOperationalError:
        return SAOperationalError("SELECT 1", {}, orig)

    assert classify(wrap(sqlite3.OperationalError("database is locked"))) == BUSY
    assert classify(wrap(sqlite3.OperationalError("unable to open database file"))) == LOST
    assert classify(sqlite3.OperationalError("no such table: cases")) == OTHER
    assert classify(wrap(psycopg2.OperationalError("server closed the connection unexpectedly"))) == LOST
    assert classify(psycopg2.InterfaceError("connection already closed")) == LOST
    assert classify(ConnectionResetError()) == LOST
    assert classify(ValueError("x")) == OTHER
    assert classify(ConnectionLost("gone")) == LOST
    assert classify(Busy("busy")) == BUSY


@pytest.mark.postgres
def test_classify_real_postgresql_errors(pg_url: str) -> None:
    engine = _engine(pg_url)
    upgrade(engine)
    with engine.connect() as conn:
        conn.execute(text("SET lock_timeout = '100ms'"))
        with engine.connect() as other:
            other.execute(text("LOCK TABLE settings IN ACCESS EXCLUSIVE MODE"))
            with pytest.raises(Exception) as info:
                conn.execute(text("SELECT * FROM settings"))
            assert classify(info.value) == BUSY
            other.rollback()
        conn.rollback()
        with pytest.raises(Exception) as info:
            conn.execute(text("SELECT * FROM no_such_table"))
        assert classify(info.value) == OTHER
    engine.dispose()


def test_health_monitor_on_a_vanished_sqlite_file(tmp_path: Any) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    engine = make_engine(resolve_url(str(folder / "g.db")))
    upgrade(engine)
    assert check_health(engine).online
    states: list[str] = []
    mon = HealthMonitor(engine, Backoff(initial=0.01, jitter=0), on_change=lambda h: states.append(h.state.value))
    assert mon.health.online and not mon.due()
    assert not mon.report(ValueError("not a database problem")) and mon.health.online
    engine.dispose()
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
    assert mon.report(SAOperationalError("x", {}, sqlite3.OperationalError("unable to open database file")))
    assert mon.health.state is HealthState.OFFLINE and "unable to open" in mon.health.reason
    assert mon.due()  # the first check is due at once
    assert not mon.check().online  # the folder is gone: still offline
    folder.mkdir()
    time.sleep(0.05)
    assert mon.due() and mon.check().online
    assert states == ["offline", "reconnecting", "offline", "reconnecting", "online"]
    engine.dispose()


# ---------------------------------------------------------------- the benchmark


def test_bench_live(engines: Any, db_url: str) -> None:
    from db.bench_live import format_report, run_live_bench

    r = run_live_bench(db_url, rounds=5, warmup=1)
    assert r["rounds"] == 5 and r["backend"] == engines[0].dialect.name
    assert 0 < r["commit_to_feed_ms"]["median"] < r["target_ms"]
    assert r["machine"]["nproc"] >= 1
    if r["backend"] == "postgresql":
        assert r["raw_notify_roundtrip_ms"]["median"] > 0 and r["ratio_to_raw"] > 0
        assert r["machine"]["postgresql"]
    else:
        assert r["raw_notify_roundtrip_ms"] is None
    assert "target" in format_report(r)


@pytest.mark.postgres
def test_bench_live_command_line(pg_url: str) -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    engine = _engine(pg_url)
    upgrade(engine)
    engine.dispose()
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, str(root / "main.py"), "bench", "live", "--db", pg_url, "--rounds", "5", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
    )
    assert proc.returncode == 0, proc.stderr
    r = json.loads(proc.stdout)
    assert r["benchmark"] == "live" and r["meets_target"] and r["raw_notify_roundtrip_ms"]["median"] > 0
