"""`bench queue` runs and reports its figures next to the raw baseline (no timing asserted)."""

from __future__ import annotations

from db.bench_queue import format_report, run_queue_bench
from db.session import make_engine, resolve_url


def test_queue_bench_reports_figures_and_machine(small_demo_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_url))
    r = run_queue_bench(engine, runs=3)
    assert r["cases"] > 1000 and r["runs"] == 3
    for key in ("raw_open_cases_ms", "queue_counts_ms", "queue_rows_ms", "queue_refresh_ms", "ratio_to_raw"):
        assert r[key] > 0, key
    assert r["machine"]["nproc"] >= 1 and ("sqlite" in r["machine"] or "postgresql" in r["machine"])
    assert "full refresh" in format_report(r)
    engine.dispose()
