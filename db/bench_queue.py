"""Benchmark: refreshing the duty console's queues on a big database (issue 4).

Measures, as medians, the console's real calls (`queue_counts` + `queue_rows` for each
queue, as one refresh does) next to the raw baseline: the bare open-cases query on the
partial index, through the driver, in the same run. Run with
`python main.py bench queue [--db URL] [--cases N] [--json]`.
"""

from __future__ import annotations

import statistics
import time
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from db import models as m
from db.case_queries import Queue, queue_counts, queue_rows
from db.machine import machine_info
from db.queries import reference_time

RAW_OPEN_CASES = (
    "SELECT id, number, state, deadline_at FROM cases "
    "WHERE state NOT IN ('closed', 'rejected') ORDER BY reported_at LIMIT 200"
)


def _median_ms(fn: Any, runs: int) -> float:
    fn()  # warm the caches once
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 3)


def run_queue_bench(engine: Engine, runs: int = 25) -> dict[str, Any]:
    with Session(engine) as s:
        cases = int(s.execute(select(func.count(m.Case.id))).scalar_one())
        at: datetime = reference_time(s)

    def raw() -> None:
        with engine.connect() as conn:
            conn.exec_driver_sql(RAW_OPEN_CASES).fetchall()

    def counts() -> None:
        with Session(engine) as s:
            queue_counts(s, at=at)

    def one_queue() -> None:
        with Session(engine) as s:
            queue_rows(s, Queue.DISPATCHED, at=at, limit=200)

    def full_refresh() -> None:  # what the console does on a reload: counts + the shown queue
        with Session(engine) as s:
            queue_counts(s, at=at)
            queue_rows(s, Queue.DISPATCHED, at=at, limit=200)

    result: dict[str, Any] = {
        "backend": engine.dialect.name,
        "cases": cases,
        "runs": runs,
        "raw_open_cases_ms": _median_ms(raw, runs),
        "queue_counts_ms": _median_ms(counts, runs),
        "queue_rows_ms": _median_ms(one_queue, runs),
        "queue_refresh_ms": _median_ms(full_refresh, runs),
        "target_ms": 20.0,
        "machine": machine_info(engine),
    }
    result["ratio_to_raw"] = round(result["queue_refresh_ms"] / max(result["raw_open_cases_ms"], 1e-3), 1)
    return result


def format_report(r: dict[str, Any]) -> str:
    return (
        f"queue refresh on {r['cases']:,} cases ({r['backend']}), medians of {r['runs']}:\n"
        f"  raw open-cases query   {r['raw_open_cases_ms']:8.2f} ms\n"
        f"  queue counts           {r['queue_counts_ms']:8.2f} ms\n"
        f"  one queue (200 rows)   {r['queue_rows_ms']:8.2f} ms\n"
        f"  full refresh           {r['queue_refresh_ms']:8.2f} ms  (target < {r['target_ms']:g} ms, "
        f"{r['ratio_to_raw']}x raw)"
    )
