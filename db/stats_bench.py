"""Benchmark: opening the statistics dashboard on a million cases (`python main.py bench
dashboard`), next to a bare GROUP BY over the same cases measured in the same run.

`generate_cases` fills a database with the demo town (no history) and `n` synthetic cases
over the year before and this year up to the reference day, with their timelines (report,
dispatch, 2% returned and dispatched again, feedback, close), through the driver's fast
path (executemany on SQLite, COPY on PostgreSQL), then builds the roll-up once.

What "opening the dashboard" costs, measured per run on a warm connection pool:

* `load_dashboard`: the roll-up refresh check (and the few days operations touched since)
  plus every figure the dashboard shows (per day and month this year and last, by source,
  category, department and grid, the hazard reports, the open-case count);
* the first page of its case list with its total (`load_case_list`).

The bare GROUP BY is `SELECT category_id, count(*) FROM cases GROUP BY category_id`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from db import models as m
from db.machine import machine_info
from db.stats import Cycle, load_assessment, load_case_list, load_dashboard, rebuild_case_stats

BENCH_KEY = "bench.cases"
Progress = Callable[[str], None]


def bench_cases(engine: Engine) -> int:
    """How many synthetic cases `generate_cases` wrote into this database (0: none)."""
    with Session(engine) as s:
        row = s.get(m.Setting, BENCH_KEY)
        return int(row.value) if row is not None else 0


def generate_cases(
    engine: Engine,
    n: int = 1_000_000,
    *,
    reference: datetime = datetime(2026, 11, 27, 9, 30),
    seed: int = 7,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Build the demo town (its last week of cases only) in an empty database and add
    cases up to `n` in all (about 3.3 events each), spread over January of the year before
    up to `reference`."""
    from db.demo import build_demo, bulk_insert

    say = progress or (lambda _m: None)
    t0 = time.perf_counter()
    say("building the demo town (its last week of cases only)")
    build_demo(engine, reference=reference, history_days=7)
    rng = np.random.default_rng(seed)
    with Session(engine) as s:
        n = max(0, n - int(s.execute(select(func.count()).select_from(m.Case)).scalar_one()))
        cats = s.execute(
            select(
                m.Category.id,
                m.Category.department_id,
                m.Category.time_limit_hours,
                m.Category.hazard,
                m.Category.police,
            )
        ).all()
        mgmt = (
            s.execute(select(m.Grid.id).where(m.Grid.level == m.GridLevel.MANAGEMENT))
            .scalars()
            .all()
        )
        first_id = int(s.execute(select(func.coalesce(func.max(m.Case.id), 0))).scalar_one()) + 1
        first_event = (
            int(s.execute(select(func.coalesce(func.max(m.CaseEvent.id), 0))).scalar_one()) + 1
        )
    cat_ids = np.array([c[0] for c in cats])
    cat_dept = np.array([c[1] or 0 for c in cats])
    cat_hours = np.array([c[2] for c in cats], dtype=float)
    cat_hazard = np.array([bool(c[3]) for c in cats])
    cat_police = np.array([bool(c[4]) for c in cats])
    weights = np.where(cat_hazard, 0.02, 1.0)
    start = datetime(reference.year - 1, 1, 1)
    span = (reference - start).total_seconds()
    secs = np.sort(rng.uniform(0, span, n))
    reported = np.datetime64(start, "s") + secs.astype("timedelta64[s]")
    ci = rng.choice(len(cats), n, p=weights / weights.sum())
    sources = np.array(["patrol", "hotline", "camera", "citizen_qr", "inspection", "department"])
    src = rng.choice(len(sources), n, p=[0.52, 0.2, 0.12, 0.08, 0.05, 0.03])
    grid = np.array(mgmt)[rng.integers(0, len(mgmt), n)]
    dispatch_min = rng.integers(3, 40, n)
    used = rng.lognormal(np.log(0.35), 0.7, n)
    late = rng.random(n) < 0.065
    used[late] = 1.0 + rng.exponential(0.4, int(late.sum()))
    returned = rng.random(n) < 0.02
    rework = rng.random(n) < 0.03
    lon = 121.15 + rng.random(n) * 0.1
    lat = 31.12 + rng.random(n) * 0.08
    ref64 = np.datetime64(reference, "s")
    rep_py = reported.astype(datetime).tolist()
    limit_h = cat_hours[ci]
    deadline = reported + (limit_h * 3 * 3600).astype("timedelta64[s]")  # working hours ~ 3x clock
    dispatched = reported + (dispatch_min * 60).astype("timedelta64[s]")
    closed = dispatched + (limit_h * 3 * 3600 * used).astype("timedelta64[s]")
    is_open = closed > ref64
    dept = np.where(cat_police[ci], 0, cat_dept[ci])
    hazard = cat_hazard[ci]
    say(f"writing {n:,} cases and their timelines")
    case_cols = [
        "id",
        "number",
        "category_id",
        "source",
        "state",
        "level",
        "urgent",
        "police",
        "hazard",
        "lon",
        "lat",
        "address",
        "grid_id",
        "department_id",
        "description",
        "reporter_name",
        "reporter_phone",
        "reported_at",
        "registered_at",
        "dispatched_at",
        "deadline_at",
        "closed_at",
        "rework_count",
        "updated_at",
        "version",
    ]
    event_cols = [
        "id",
        "case_id",
        "at",
        "kind",
        "actor_name",
        "workstation",
        "from_state",
        "to_state",
        "department_id",
        "note",
    ]
    chunk = 50_000
    eid = first_event
    n_events = 0
    daily: dict[date, int] = {}
    with engine.begin() as conn:
        for a in range(0, n, chunk):
            b = min(n, a + chunk)
            rows: list[tuple[Any, ...]] = []
            events: list[tuple[Any, ...]] = []
            dep_l, disp_l, dl_l, cl_l = (
                dept[a:b].tolist(),
                dispatched[a:b].astype(datetime).tolist(),
                deadline[a:b].astype(datetime).tolist(),
                closed[a:b].astype(datetime).tolist(),
            )
            for k in range(b - a):
                i = a + k
                rep = rep_py[i]
                d = rep.date()
                daily[d] = daily.get(d, 0) + 1
                cid = first_id + i
                dep = dep_l[k] or None
                open_ = bool(is_open[i])
                state = "dispatched" if open_ else "closed"
                disp = disp_l[k]
                clo = None if open_ else cl_l[k]
                rows.append(
                    (
                        cid,
                        f"B{d:%Y%m%d}-{daily[d]:06d}",
                        int(cat_ids[ci[i]]),
                        str(sources[src[i]]),
                        state,
                        2,
                        False,
                        bool(cat_police[ci[i]]),
                        bool(hazard[i]),
                        float(lon[i]),
                        float(lat[i]),
                        "",
                        int(grid[i]),
                        dep,
                        "",
                        "",
                        "",
                        rep,
                        rep,
                        disp,
                        dl_l[k],
                        clo,
                        int(rework[i] and not open_),
                        clo or disp,
                        1,
                    )
                )
                events.append((eid, cid, rep, "report", "", "", None, "reported", None, ""))
                events.append(
                    (
                        eid + 1,
                        cid,
                        disp,
                        "dispatch",
                        "bench",
                        "BENCH",
                        "to_dispatch",
                        "dispatched",
                        dep,
                        "",
                    )
                )
                eid += 2
                if returned[i]:
                    events.append(
                        (
                            eid,
                            cid,
                            disp + timedelta(hours=2),
                            "return",
                            "bench",
                            "BENCH",
                            "dispatched",
                            "returned",
                            dep,
                            "",
                        )
                    )
                    events.append(
                        (
                            eid + 1,
                            cid,
                            disp + timedelta(hours=3),
                            "redispatch",
                            "bench",
                            "BENCH",
                            "returned",
                            "dispatched",
                            dep,
                            "",
                        )
                    )
                    eid += 2
                if clo is not None:
                    events.append(
                        (eid, cid, clo, "close", "bench", "BENCH", "feedback", "closed", dep, "")
                    )
                    eid += 1
            bulk_insert(conn, "cases", case_cols, rows)
            bulk_insert(conn, "case_events", event_cols, events)
            n_events += len(events)
            if (a // chunk) % 4 == 3:
                say(f"  {b:,} / {n:,}")
        if conn.dialect.name == "postgresql":
            for table in ("cases", "case_events"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
                )
            say("analysing")
            conn.execute(text("ANALYZE cases"))
            conn.execute(text("ANALYZE case_events"))
        else:
            conn.execute(text("ANALYZE"))
    say("building the statistics roll-up")
    t1 = time.perf_counter()
    with Session(engine) as s, s.begin():
        rebuild_case_stats(s)
        s.merge(m.Setting(key=BENCH_KEY, value=str(first_id - 1 + n)))
    rollup_s = time.perf_counter() - t1
    return {
        "cases_added": n,
        "events_added": n_events,
        "build_s": round(time.perf_counter() - t0, 1),
        "rollup_build_s": round(rollup_s, 2),
    }


def run_dashboard_bench(engine: Engine, runs: int = 7) -> dict[str, Any]:
    """Time opening the dashboard `runs` times and a bare GROUP BY as often, interleaved."""
    with Session(engine) as s:
        n_cases = int(s.execute(select(func.count()).select_from(m.Case)).scalar_one())
    load_dashboard(engine)  # warm-up (after a bulk load the first open builds the roll-up)
    dash_times: list[float] = []
    list_times: list[float] = []
    bare_times: list[float] = []
    bare = text("SELECT category_id, count(*) FROM cases GROUP BY category_id")
    d = load_dashboard(engine)
    for _ in range(runs):
        t = time.perf_counter()
        d = load_dashboard(engine)
        t2 = time.perf_counter()
        load_case_list(engine, d.start, d.end)
        t3 = time.perf_counter()
        dash_times.append(t2 - t)
        list_times.append(t3 - t2)
        with engine.connect() as conn:
            t4 = time.perf_counter()
            conn.execute(bare).all()
            bare_times.append(time.perf_counter() - t4)
    cycle = Cycle.containing(d.as_of.date()).previous()
    t5 = time.perf_counter()
    load_assessment(engine, cycle)
    ta = time.perf_counter() - t5
    with Session(engine) as s:
        rollup_rows = int(s.execute(text("SELECT count(*) FROM case_stats_daily")).scalar_one())
    opened = [a + b for a, b in zip(dash_times, list_times, strict=True)]
    return {
        "backend": engine.dialect.name,
        "cases": n_cases,
        "rollup_rows": rollup_rows,
        "runs": runs,
        "open_dashboard_s": round(statistics.median(opened), 4),
        "open_dashboard_max_s": round(max(opened), 4),
        "dashboard_figures_s": round(statistics.median(dash_times), 4),
        "case_list_first_page_s": round(statistics.median(list_times), 4),
        "bare_group_by_s": round(statistics.median(bare_times), 4),
        "ratio_to_bare_group_by": round(
            statistics.median(opened) / max(statistics.median(bare_times), 1e-9), 2
        ),
        "assessment_cycle": cycle.label(),
        "assessment_s": round(ta, 3),
        "first_half": d.first_half,
        "target_s": 0.5,
        "machine": machine_info(engine),
    }


def format_report(r: dict[str, Any]) -> str:
    mach = r["machine"]
    return "\n".join(
        [
            f"Statistics dashboard on {r['cases']:,} cases ({r['backend']}; roll-up {r['rollup_rows']:,} rows), "
            f"median of {r['runs']} runs:",
            f"  opening the dashboard     {r['open_dashboard_s'] * 1000:8.1f} ms  (max {r['open_dashboard_max_s'] * 1000:.1f} ms; target < 500 ms)",
            f"    figures and charts      {r['dashboard_figures_s'] * 1000:8.1f} ms",
            f"    case list, first page   {r['case_list_first_page_s'] * 1000:8.1f} ms",
            f"  bare GROUP BY over cases  {r['bare_group_by_s'] * 1000:8.1f} ms  (dashboard = {r['ratio_to_bare_group_by']} x)",
            f"  assessment {r['assessment_cycle']}: {r['assessment_s'] * 1000:.0f} ms",
            f"machine: {mach.get('nproc')} CPUs, {mach.get('cpu', '?')}, {mach.get('ram_gib', '?')} GiB RAM, "
            f"{'PostgreSQL ' + str(mach['postgresql']) if 'postgresql' in mach else 'SQLite ' + str(mach.get('sqlite'))}",
        ]
    )
