"""Faults against a real PostgreSQL: a backend killed in the middle of an operation, the
feed's LISTEN backend killed, the network cut or silently dropped, the server stopped and
started again. And SQLite on a network share is refused."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from db import models as m
from db.health import Backoff, HealthMonitor, HealthState, check_health
from db.live import ChangeFeed
from db.migrate import upgrade
from db.ops import Actor, ChangeSet, ConnectionLost, OperationContext, run_operation
from db.permissions import Permission
from db.session import DatabaseUrlError, _filesystem_type, make_engine, resolve_url
from tests._live_support import (
    Collector,
    FlakyProxy,
    case_version,
    cluster_ctl,
    edit,
    integrity,
    set_address,
)

OFFICER = Actor(None, "officer_a", "duty_officer", workstation="ws-a")
ADMIN = Actor(None, "admin", "admin", workstation="ws-a")
FAST = Backoff(initial=0.1, factor=2, maximum=0.5, jitter=0)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _terminate(libpq_url: str, pid: int) -> None:
    """pg_terminate_backend(pid) and wait until the backend is gone."""
    conn = psycopg2.connect(libpq_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
            assert cur.fetchone()[0]
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                cur.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,))
                if cur.fetchone()[0] == 0:
                    return
                time.sleep(0.02)
        raise AssertionError(f"backend {pid} did not go away")
    finally:
        conn.close()


def _open_case(engine: Any) -> int:
    with Session(engine) as s:
        return int(
            s.execute(select(m.Case.id).where(m.Case.state == "dispatched").order_by(m.Case.id).limit(1)).scalar_one()
        )


# ---------------------------------------------------------------- killed in mid-transaction


@pytest.mark.parametrize("kill_point", ["in_operation", "before_change_log", "at_commit"])
def test_backend_killed_mid_operation_leaves_nothing_half_applied(small_demo_pg_url: str, kill_point: str) -> None:
    engine = make_engine(resolve_url(small_demo_pg_url))
    admin = _libpq(small_demo_pg_url)
    case_id = _open_case(engine)
    feed = ChangeFeed(engine)
    col = Collector(feed)
    edit(engine, OFFICER, case_id, 1, "before the fault")
    assert integrity(engine)["ok"]

    def kill_own_backend(conn: Any) -> None:
        _terminate(admin, conn.connection.driver_connection.get_backend_pid())

    def edit_then_die(ctx: OperationContext, case_id: int, version: int, address: str) -> ChangeSet:
        changes = set_address(ctx, case_id, version, address)  # case updated, event inserted
        kill_own_backend(ctx.session.connection())
        ctx.session.connection().exec_driver_sql("SELECT 1")
        return changes

    armed = [True]

    def before_execute(conn: Any, _cursor: Any, statement: str, *_a: Any) -> None:
        if armed[0] and statement.lstrip().upper().startswith("INSERT INTO CHANGE_LOG"):
            armed[0] = False
            kill_own_backend(conn)

    def on_commit(conn: Any) -> None:
        if armed[0]:
            armed[0] = False
            kill_own_backend(conn)

    if kill_point == "in_operation":
        fn = edit_then_die
    else:
        fn = set_address
        if kill_point == "before_change_log":
            event.listen(engine, "before_cursor_execute", before_execute)
        else:
            event.listen(engine, "commit", on_commit)
    with pytest.raises(ConnectionLost) as info:
        run_operation(engine, OFFICER, Permission.CASE_DISPATCH, fn, case_id, 2, "half-applied?")
    assert info.value.outcome_unknown == (kill_point == "at_commit")
    assert "connection was lost" in str(info.value)

    # nothing half-applied
    report = integrity(engine)
    assert report["ok"] and report["edits"] == 1, report
    assert case_version(engine, case_id) == 2
    with Session(engine) as s:
        assert s.get(m.Case, case_id).address == "before the fault"
    # the next operation works on a fresh connection
    edit(engine, OFFICER, case_id, 2, "after the fault")
    report = integrity(engine)
    assert report["ok"] and report["edits"] == 2, report
    assert col.until(lambda: len(col.changes) == 2, timeout=5)
    assert [c.entity_id for c in col.changes] == [case_id, case_id]
    feed.close()
    engine.dispose()


# ---------------------------------------------------------------- the feed's own connection


def test_feed_reconnects_after_its_backend_is_killed(pg_url: str) -> None:
    engine = make_engine(resolve_url(pg_url))
    upgrade(engine)
    history: list[Any] = []
    feed = ChangeFeed(engine, after_seq=0, backoff=FAST, on_status=history.append)
    col = Collector(feed)
    pid = feed.backend_pid
    assert pid and feed.status.online
    _set_many(engine, 2)
    assert col.until(lambda: len(col.changes) == 2, timeout=5)
    _terminate(_libpq(pg_url), pid)
    _set_many(engine, 3)  # while the feed is down
    assert col.until(lambda: len(col.changes) == 5 and feed.status.online, timeout=10)
    assert col.seqs() == [1, 2, 3, 4, 5]
    assert feed.backend_pid not in (None, pid)
    lost = [h for h in history if h.state is HealthState.OFFLINE]
    assert lost and ("terminat" in lost[0].reason or "closed" in lost[0].reason), history
    assert history[-1].state is HealthState.ONLINE
    feed.close()
    engine.dispose()


_counter = [0]


def _set(ctx: OperationContext, value: str) -> ChangeSet:
    row = ctx.session.get(m.Setting, "fault")
    if row is None:
        ctx.session.add(m.Setting(key="fault", value=value))
    else:
        row.value = value
    ctx.record("set_setting", "setting", None, None, {"value": value})
    return ChangeSet().add("setting", int(value))


def _set_many(engine: Any, n: int) -> None:
    for _ in range(n):
        _counter[0] += 1
        run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, _set, str(_counter[0]))


def _max_poll_time(col: Collector, seconds: float) -> float:
    """Pump the feed for `seconds`; the longest single poll() call."""
    worst = 0.0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        col.feed.wait(0.05)
        t = time.perf_counter()
        col.changes.extend(col.feed.poll())
        worst = max(worst, time.perf_counter() - t)
    return worst


def test_feed_survives_a_network_cut_and_a_silent_drop(pg_url: str) -> None:
    writer = make_engine(resolve_url(pg_url))
    upgrade(writer)
    url = make_url(pg_url)
    proxy = FlakyProxy(url.host or "127.0.0.1", url.port or 5432)
    via_proxy = make_engine(url.set(port=proxy.port))
    history: list[Any] = []
    feed = ChangeFeed(
        via_proxy, after_seq=0, backoff=FAST, connect_timeout=1.5, query_timeout=1.5, on_status=history.append
    )
    col = Collector(feed)
    try:
        assert feed.status.online
        _set_many(writer, 1)
        assert col.until(lambda: len(col.changes) == 1, timeout=5)

        # 1. the connection is reset and new ones are refused for a while
        proxy.cut()
        _set_many(writer, 2)
        assert col.until(lambda: not feed.status.online, timeout=5)
        assert _max_poll_time(col, 1.0) < 0.75
        assert not feed.status.online and feed.fileno() is None
        proxy.restore()
        assert col.until(lambda: len(col.changes) == 3 and feed.status.online, timeout=10)

        # 2. a silent drop: packets vanish, no reset; only the heartbeat's deadline notices
        history.clear()
        proxy.blackhole()
        _set_many(writer, 2)
        worst = _max_poll_time(col, 3.0)
        assert worst < 0.75, f"poll() blocked for {worst:.2f} s"  # never the 1.5 s timeouts
        assert not feed.status.online
        assert any("no answer from the server" in h.reason for h in history), history
        proxy.restore()
        assert col.until(lambda: len(col.changes) == 5 and feed.status.online, timeout=10)
        assert col.seqs() == [1, 2, 3, 4, 5]
    finally:
        feed.close()
        proxy.close()
        via_proxy.dispose()
        writer.dispose()


def test_feed_started_while_the_server_is_unreachable(pg_url: str) -> None:
    writer = make_engine(resolve_url(pg_url))
    upgrade(writer)
    _set_many(writer, 2)
    url = make_url(pg_url)
    proxy = FlakyProxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.cut()
    via_proxy = make_engine(url.set(port=proxy.port))
    try:
        t = time.monotonic()
        feed = ChangeFeed(via_proxy, after_seq=1, backoff=FAST, connect_timeout=1.0)  # never raises
        assert time.monotonic() - t < 3
        assert not feed.status.online and feed.status.reason and feed.fileno() is None
        col = Collector(feed)
        col.pump(0.3)
        assert col.changes == []
        proxy.restore()
        assert col.until(lambda: feed.status.online and len(col.changes) == 1, timeout=10)
        assert col.seqs() == [2]
        feed.close()
    finally:
        proxy.close()
        via_proxy.dispose()
        writer.dispose()


# ---------------------------------------------------------------- the server restarts


@pytest.mark.postgres
def test_feed_and_engine_survive_a_server_restart() -> None:
    from tests.conftest import create_test_database, find_pg_bindir, start_throwaway_cluster

    if find_pg_bindir() is None:
        pytest.skip("no PostgreSQL server binaries to start a throwaway cluster")
    cluster = start_throwaway_cluster()
    engine = feed = None
    try:
        _name, url = create_test_database(cluster.url)
        engine = make_engine(resolve_url(url))
        upgrade(engine)
        monitor = HealthMonitor(engine, FAST)
        history: list[Any] = []
        feed = ChangeFeed(engine, after_seq=0, backoff=FAST, connect_timeout=2, on_status=history.append)
        col = Collector(feed)
        _set_many(engine, 3)  # committed; the feed has not looked yet

        cluster_ctl(cluster, "stop")
        assert col.until(lambda: not feed.status.online, timeout=10)
        assert feed.status.state in (HealthState.OFFLINE, HealthState.RECONNECTING)
        assert feed.status.reason
        assert not check_health(engine).online
        with pytest.raises(ConnectionLost) as info:
            _set_many(engine, 1)
        assert not info.value.outcome_unknown
        assert monitor.report(info.value) and monitor.health.state is HealthState.OFFLINE
        col.pump(0.3)
        assert not feed.status.online and feed.status.attempts >= 1

        cluster_ctl(cluster, "start")
        assert col.until(lambda: feed.status.online and len(col.changes) == 3, timeout=20), history
        time.sleep(0.2)
        assert monitor.due() and monitor.check().online
        _set_many(engine, 2)  # the pool reconnects by itself
        assert col.until(lambda: len(col.changes) == 5, timeout=5)
        assert len(col.seqs()) == len(set(col.seqs())) == 5  # nothing missed, nothing twice
        states = [h.state.value for h in history]
        assert "offline" in states and states[-1] == "online"
    finally:
        if feed is not None:
            feed.close()
        if engine is not None:
            engine.dispose()
        cluster.stop()


# ---------------------------------------------------------------- SQLite on a network share


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
fileserver:/export/duty /mnt/duty nfs4 rw,relatime 0 0
//nas/griddesk /mnt/grid\\040desk cifs rw 0 0
/dev/sdb1 /mnt/duty/local ext4 rw 0 0
"""


def test_filesystem_type_reads_the_mount_table() -> None:
    assert _filesystem_type(Path("/mnt/duty/griddesk.db"), MOUNTS) == "nfs4"
    assert _filesystem_type(Path("/mnt/duty"), MOUNTS) == "nfs4"
    assert _filesystem_type(Path("/mnt/duty/local/x.db"), MOUNTS) == "ext4"  # longest match
    assert _filesystem_type(Path("/mnt/dutyroom/x.db"), MOUNTS) == "ext4"  # not a prefix match
    assert _filesystem_type(Path("/mnt/grid desk/x.db"), MOUNTS) == "cifs"  # \\040 is a space
    assert _filesystem_type(Path("/home/x.db"), "") is None


@pytest.mark.parametrize("fs", ["nfs4", "cifs", "fuse.sshfs"])
def test_sqlite_on_a_network_share_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fs: str, capsys: Any) -> None:
    import db.session
    import main

    share = tmp_path / "share"
    share.mkdir()
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\nserver:/x {share.resolve()} {fs} rw 0 0\n")
    monkeypatch.setattr(db.session, "MOUNTS_FILE", mounts)
    with pytest.raises(DatabaseUrlError, match="network share"):
        make_engine(resolve_url(str(share / "griddesk.db")))
    assert main.main(["summary", "--lang", "en", "--db", str(share / "griddesk.db")]) == 2
    assert "PostgreSQL" in capsys.readouterr().err
    local = tmp_path / "local"
    local.mkdir()
    make_engine(resolve_url(str(local / "griddesk.db"))).dispose()  # a local disk is fine


# ---------------------------------------------------------------- the documented server setup


def _setup_steps() -> dict[int, list[str]]:
    """The SQL blocks of docs/POSTGRESQL.md marked `-- griddesk-setup: step N`."""
    import re

    doc = (Path(__file__).resolve().parent.parent / "docs" / "POSTGRESQL.md").read_text()
    steps: dict[int, list[str]] = {}
    for block in re.findall(r"```sql\n(.*?)```", doc, re.S):
        mark = re.match(r"-- griddesk-setup: step (\d+)", block)
        if mark:
            body = "\n".join(line for line in block.splitlines() if not line.startswith("--"))
            steps[int(mark.group(1))] = [st.strip() for st in body.split(";") if st.strip()]
    return steps


def _run_sql(url: str, statements: list[str]) -> None:
    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for st in statements:
                cur.execute(st)
    finally:
        conn.close()


@pytest.mark.postgres
def test_the_documented_server_setup_works() -> None:
    """docs/POSTGRESQL.md, run on a throwaway cluster (roles are cluster-wide): the admin
    role migrates; the workstation role works, follows live updates, and can neither
    change the schema nor rewrite the audit trail."""
    from sqlalchemy import text
    from sqlalchemy.exc import ProgrammingError

    from db.migrate import ensure_current
    from tests.conftest import find_pg_bindir, start_throwaway_cluster

    steps = _setup_steps()
    assert sorted(steps) == [1, 2, 4]
    if find_pg_bindir() is None:
        pytest.skip("no PostgreSQL server binaries to start a throwaway cluster")
    cluster = start_throwaway_cluster()
    try:
        base = f"postgresql://{{}}@127.0.0.1:{cluster.port}/{{}}"
        _run_sql(base.format("postgres", "postgres"), steps[1])
        _run_sql(base.format("postgres", "griddesk"), steps[2])
        admin = make_engine(resolve_url(base.format("griddesk_admin", "griddesk")))
        upgrade(admin)
        admin.dispose()
        _run_sql(base.format("griddesk_admin", "griddesk"), steps[4])

        app = make_engine(resolve_url(base.format("griddesk_app", "griddesk")))
        ensure_current(app)
        feed = ChangeFeed(app, after_seq=0)
        col = Collector(feed)
        _set_many(app, 2)
        assert col.until(lambda: len(col.changes) == 2, timeout=5)
        for forbidden in ("CREATE TABLE intruder (x int)", "UPDATE audit_log SET username = 'x'", "DROP TABLE cases"):
            with pytest.raises(ProgrammingError), app.begin() as conn:
                conn.execute(text(forbidden))
        with app.connect() as conn:
            can = conn.execute(
                text("SELECT has_table_privilege('audit_log', 'UPDATE'), has_table_privilege('audit_log', 'DELETE')")
            ).one()
            assert tuple(can) == (False, False)
        feed.close()
        app.dispose()
    finally:
        cluster.stop()
