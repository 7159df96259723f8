"""`python main.py bench editor` runs and reports every figure with its baseline (no timing
is asserted: the figures are recorded in docs/PERFORMANCE.md, not tested)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent

WITH_BASELINE = (
    "full_validation",
    "hover",
    "hover_coarse",
    "move_vertex",
    "gesture",
    "layer_full",
    "layer_full_pan",
    "layer_district",
    "layer_district_pan",
    "layer_1to2000",
    "layer_1to2000_pan",
)
WITHOUT_BASELINE = ("session_load", "session_load_unnoded", "live_validation", "undo")


def _bench(*args: str) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "main.py", "bench", "editor", "--rounds", "2", "--json", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def _check_figures(r: dict[str, Any]) -> None:
    assert r["bench"] == "editor" and r["size"] == [1920, 1080]
    assert {"nproc", "cpu", "ram_gib", "load_avg"} <= set(r["machine"])
    figures = r["figures"]
    assert set(WITH_BASELINE) | set(WITHOUT_BASELINE) <= set(figures)
    for name in (*WITH_BASELINE, *WITHOUT_BASELINE):
        f = figures[name]
        assert f["median_ms"] > 0 and f["p90_ms"] >= f["median_ms"] and f["rounds"] >= 1
        assert f["cpu_median_ms"] >= 0
    for name in WITH_BASELINE:
        assert figures[name]["baseline_ms"] > 0 and "speedup" in figures[name]
    assert figures["full_validation"]["errors"] == 0  # the generated and the demo grids tile
    assert figures["move_vertex"]["touched_grids_median"] >= 1
    assert figures["layer_full"]["polygons"] > 0


def test_bench_editor_small_city_json() -> None:
    """A generated city of 60 management grids, through the city code path."""
    r = _bench("--scale", "city", "--grids", "60")
    assert r["scale"] == "city"
    assert r["data"]["management_grids"] == 60 and r["data"]["responsibility_grids"] == 12
    assert r["data"]["town_outline"] is True
    _check_figures(r)


def test_bench_editor_db_json(small_demo_sqlite_url: str) -> None:
    """--db: the database's live grids, loaded as the editor loads them."""
    r = _bench("--db", small_demo_sqlite_url)
    assert r["scale"] == "town" and r["source"] == small_demo_sqlite_url
    assert r["data"]["management_grids"] > 0 and r["data"]["responsibility_grids"] > 0
    _check_figures(r)


def test_bench_editor_bad_db(tmp_path: Path) -> None:
    """A database that is not a GridDesk one, or one without grids: a message, no traceback."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")

    def bench(db: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "main.py", "bench", "editor", "--rounds", "1", "--db", str(db)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    proc = bench(tmp_path / "none.db")
    assert proc.returncode == 5 and "Traceback" not in proc.stderr
    assert "has no GridDesk schema" in proc.stderr
    empty = tmp_path / "empty.db"
    subprocess.run(
        [sys.executable, "main.py", "migrate", "--db", str(empty)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    proc = bench(empty)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "没有可编辑的网格" in proc.stderr and "no live grids" in proc.stderr


def test_bench_editor_report_text() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.editor.bench import format_report

    fake = {
        "scale": "city",
        "source": "gis.citygen 20,000 management grids",
        "size": [1920, 1080],
        "rounds": 20,
        "heavy_rounds": 4,
        "machine": {"nproc": 2, "cpu": "x", "ram_gib": 1, "load_avg": [0, 0, 0]},
        "data": {"management_grids": 20_000, "town_outline": True},
        "load_s": 1.0,
        "figures": {
            "hover": {
                "median_ms": 8.6,
                "p90_ms": 9.1,
                "cpu_median_ms": 8.5,
                "baseline_ms": 0.02,
                "speedup": 0.0,
                "hits": {"vertex": 90},
            },
            "session_load": {"median_ms": 6800.0, "p90_ms": 7000.0, "min_ms": 6700.0, "rounds": 4},
        },
    }
    text = format_report(fake)
    assert "management_grids 20,000" in text and "town_outline True" in text
    assert "8.60" in text and "0.02" in text and "6800.00" in text and "hits {'vertex': 90}" in text
