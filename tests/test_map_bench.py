"""`python main.py bench map` runs and reports every figure with its baseline (no timing is
asserted: the figures are recorded in docs/PERFORMANCE.md, not tested)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_bench_map_town_json() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "main.py", "bench", "map", "--scale", "town", "--rounds", "2", "--json"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    r = json.loads(proc.stdout)
    assert r["bench"] == "map" and r["scale"] == "town" and r["size"] == [1920, 1080]
    assert r["data"]["management_grids"] == 149 and r["data"]["key_points"] == 451
    assert {"nproc", "cpu", "ram_gib"} <= set(r["machine"])
    for name in ("full_render", "pan_frame", "hover_frame"):
        f = r["figures"][name]
        assert f["median_ms"] > 0 and f["baseline_ms"] > 0 and "speedup" in f
        assert f["target_ms"] in (8.0, 20.0) and isinstance(f["met"], bool)


def test_bench_map_report_text() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.bench_map import format_report

    fake = {
        "scale": "city",
        "source": "gis.citygen city",
        "size": [1920, 1080],
        "machine": {"nproc": 2, "cpu": "x", "ram_gib": 1, "load_avg": [0, 0, 0]},
        "data": {"cases": 1_000_000},
        "load_s": 1.0,
        "model_s": 1.0,
        "figures": {
            "full_render": {
                "median_ms": 120.0,
                "p90_ms": 130.0,
                "cpu_median_ms": 110.0,
                "target_ms": 150.0,
                "met": True,
                "baseline_ms": 9000.0,
                "speedup": 75.0,
            },
            "gui_stall": {"median_ms": 2.0, "p90_ms": 4.0, "max_ms": 9.0},
        },
    }
    text = format_report(fake)
    assert "full_render" in text and "<150" in text and "75.0x" in text and "max 9.00 ms" in text
