"""Helpers for tests/test_live.py and tests/test_faults.py: a trivial version-checked case
operation, an integrity check, a feed collector, a TCP proxy whose network can be cut or
blackholed, and stop/start of a throwaway PostgreSQL cluster without deleting it."""

from __future__ import annotations

import contextlib
import select
import shlex
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Session

from db import models as m
from db.audit import verify_chain
from db.clock import now
from db.live import Change, ChangeFeed
from db.ops import Actor, ChangeSet, Conflict, NotFound, OperationContext, run_operation
from db.permissions import Permission

EDIT_KIND = "edit_address"


def set_address(ctx: OperationContext, case_id: int, expected_version: int, address: str) -> ChangeSet:
    """Change a case's address if it is still at `expected_version`: one case event, one
    audit record, one change-log row. (The real case operations live in db/cases.py.)"""
    case = ctx.session.get(m.Case, case_id)
    if case is None:
        raise NotFound(f"case {case_id} does not exist")
    if case.version != expected_version:
        last = ctx.session.execute(
            sa_select(m.AuditRecord)
            .where(m.AuditRecord.entity == "case", m.AuditRecord.entity_id == case_id)
            .order_by(m.AuditRecord.seq.desc())
            .limit(1)
        ).scalar_one_or_none()
        who = f"{last.username} at {last.workstation} ({last.action}, {last.at:%H:%M:%S})" if last else "someone"
        raise Conflict(
            f"{who} changed case {case.number} first; reload and try again",
            {"version": case.version, "address": case.address},
        )
    before = case.address
    case.address = address
    case.updated_at = now()
    ctx.session.add(
        m.CaseEvent(
            case_id=case_id,
            at=now(),
            kind=EDIT_KIND,
            actor_user_id=ctx.actor.user_id,
            actor_name=ctx.actor.username,
            workstation=ctx.actor.workstation,
            from_state=case.state,
            to_state=case.state,
            note=address,
        )
    )
    ctx.session.flush()
    ctx.record(EDIT_KIND, "case", case_id, {"address": before}, {"address": address})
    return ChangeSet().add("case", case_id)


def edit(engine: Engine, actor: Actor, case_id: int, expected_version: int, address: str) -> ChangeSet:
    return run_operation(engine, actor, Permission.CASE_DISPATCH, set_address, case_id, expected_version, address)


def case_version(engine: Engine, case_id: int) -> int:
    with Session(engine) as s:
        return int(s.execute(sa_select(m.Case.version).where(m.Case.id == case_id)).scalar_one())


def integrity(engine: Engine) -> dict[str, Any]:
    """Nothing half-applied: every case's version is 1 + its edit events (the demo writes
    version 1), edit audit records and change-log rows match the edit events one to one,
    and the audit chain verifies."""
    with Session(engine) as s:
        edits = dict(
            s.execute(
                sa_select(m.CaseEvent.case_id, func.count()).where(m.CaseEvent.kind == EDIT_KIND).group_by(m.CaseEvent.case_id)
            ).all()
        )
        bad = [
            (cid, version, edits.get(cid, 0))
            for cid, version in s.execute(sa_select(m.Case.id, m.Case.version)).all()
            if version != 1 + edits.get(cid, 0)
        ]
        audits = s.execute(sa_select(func.count()).select_from(m.AuditRecord).where(m.AuditRecord.action == EDIT_KIND)).scalar_one()
        logged = s.execute(sa_select(func.count()).select_from(m.ChangeLog).where(m.ChangeLog.entity == "case")).scalar_one()
        chain = verify_chain(s)
    total = sum(edits.values())
    return {
        "ok": not bad and audits == total and logged == total and chain.ok,
        "bad_cases": bad[:10],
        "edits": total,
        "audits": audits,
        "change_log": logged,
        "chain": chain,
    }


class Collector:
    """Polls a feed and keeps everything it delivered."""

    def __init__(self, feed: ChangeFeed) -> None:
        self.feed = feed
        self.changes: list[Change] = []
        self.states: list[str] = []

    def pump(self, timeout: float = 0.1) -> list[Change]:
        self.feed.wait(timeout)
        got = self.feed.poll()
        self.changes.extend(got)
        state = self.feed.status.state.value
        if not self.states or self.states[-1] != state:
            self.states.append(state)
        return got

    def until(self, cond: Callable[[], bool], timeout: float = 10.0, step: float = 0.1) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(step)
            if cond():
                return True
        return cond()

    def seqs(self, entity: str | None = None) -> list[int]:
        return [c.seq for c in self.changes if entity is None or c.entity == entity]


def race_worker(url: str, case_id: int, rounds: int, name: str, barrier: Any, results: Any) -> None:
    """One workstation of the race test (runs in its own process): each round, read the
    case's version, wait for the other process, then try to change the address."""
    from db.session import make_engine, resolve_url

    engine = make_engine(resolve_url(url))
    actor = Actor(None, name, "duty_officer", workstation=f"ws-{name}")
    try:
        for r in range(rounds):
            barrier.wait(timeout=60)
            v = case_version(engine, case_id)
            barrier.wait(timeout=60)
            try:
                edit(engine, actor, case_id, v, f"round {r} by {name}")
                results.put((r, name, "won", v, ""))
            except Conflict as exc:
                results.put((r, name, "conflict", v, str(exc)))
            except Exception as exc:
                results.put((r, name, "error", v, repr(exc)))
    finally:
        engine.dispose()


# ---------------------------------------------------------------- a network that fails


class FlakyProxy:
    """A TCP proxy 127.0.0.1:<port> -> target. `cut()` resets every connection and makes new
    ones fail at once (a router restart, a firewall RST); `blackhole()` keeps connections
    open but silently drops everything (a pulled cable); `restore()` lets traffic through."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.mode = "pass"
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = int(self._listener.getsockname()[1])
        self._stop = False
        threading.Thread(target=self._accept_loop, daemon=True).start()

    def _accept_loop(self) -> None:
        while not self._stop:
            r, _, _ = select.select([self._listener], [], [], 0.1)
            if not r:
                continue
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.mode == "cut":
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                self._socks += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while not self._stop:
                r, _, _ = select.select([src], [], [], 0.1)
                if not r:
                    continue
                data = src.recv(65536)
                if not data:
                    break
                if self.mode == "pass":
                    dst.sendall(data)
                # blackhole: swallow
        except (OSError, ValueError):
            pass
        finally:
            for s in (src, dst):
                _reset(s)

    def cut(self) -> None:
        self.mode = "cut"
        with self._lock:
            socks, self._socks = self._socks, []
        for s in socks:
            _reset(s)

    def blackhole(self) -> None:
        self.mode = "blackhole"

    def restore(self) -> None:
        self.mode = "pass"

    def close(self) -> None:
        self._stop = True
        self.cut()
        with contextlib.suppress(OSError):
            self._listener.close()


def _reset(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = RST
    with contextlib.suppress(OSError):
        s.close()


# ---------------------------------------------------------------- stop / start a throwaway cluster


def cluster_ctl(cluster: Any, action: str) -> None:
    """pg_ctl stop (fast: a clean shutdown that keeps every committed change) or start,
    keeping the data directory and the port of a tests.conftest.ThrowawayCluster."""
    from tests.conftest import _run_pg

    pg_ctl = str(cluster.bindir / "pg_ctl")
    if action == "stop":
        _run_pg(cluster, [pg_ctl, "-D", str(cluster.datadir), "-m", "fast", "-w", "-t", "60", "stop"], timeout=90)
        return
    opts = (
        f"-h 127.0.0.1 -p {cluster.port} -k {shlex.quote(str(cluster.basedir))} -F "
        "-c full_page_writes=off -c synchronous_commit=off -c max_connections=100"
    )
    _run_pg(
        cluster,
        [pg_ctl, "-D", str(cluster.datadir), "-l", str(cluster.logfile), "-o", opts, "-w", "-t", "60", "start"],
        timeout=90,
    )
