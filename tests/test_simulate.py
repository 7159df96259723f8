"""Demo life (`python main.py --simulate`): reports arrive through the real operation."""

from __future__ import annotations

import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import models as m
from db.audit import verify_chain
from db.changes import latest_seq
from db.session import make_engine, resolve_url
from db.simulate import Simulator


def test_each_step_reports_a_plausible_case(small_demo_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_url))
    with Session(engine) as s:
        before = s.execute(select(func.count(m.Case.id))).scalar_one()
        seq = latest_seq(s)
        reference = s.get(m.Setting, "reference_time").value
    sim = Simulator(engine, seed=7)
    made = [sim.step() for _ in range(12)]
    with Session(engine) as s:
        assert s.execute(select(func.count(m.Case.id))).scalar_one() == before + 12
        cases = [s.get(m.Case, o.case_id) for o in made]
        assert all(c.state == "reported" and c.grid_id is not None for c in cases)
        assert {c.source for c in cases} <= {"patrol", "citizen_qr", "camera", "hotline"}
        # on the demo clock: just after its reference time, not on today's wall clock
        assert all(str(c.reported_at) >= reference[:16] for c in cases)
        assert all((c.reported_at - cases[0].reported_at).total_seconds() < 600 for c in cases)
        assert all(c.events[0].kind == "report" for c in cases)
        assert latest_seq(s) > seq  # other workstations see them through the change log
        assert verify_chain(s).ok
    engine.dispose()


def test_background_loop_runs_and_stops(small_demo_sqlite_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_sqlite_url))
    sim = Simulator(engine, seed=1)
    thread = sim.run(interval_s=1.0, jitter=0.0)
    deadline = time.monotonic() + 15
    while not sim.made and time.monotonic() < deadline:
        time.sleep(0.1)
    sim.stop()
    thread.join(timeout=10)
    assert sim.made and not thread.is_alive()
    engine.dispose()
