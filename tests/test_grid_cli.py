"""`python main.py grids ...` as a user runs it: real processes on a copy of the small demo
town (SQLite, and validate on PostgreSQL too), JSON output, exit codes, reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIRST_KEYS = ["invalid", "gaps", "overlaps", "outside_parent"]


def run(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("GRIDDESK_DB", None)
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=REPO,
    )


def test_validate_json_on_both_backends(small_demo_url: str) -> None:
    res = run("grids", "validate", "--json", "--db", small_demo_url)
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert list(data)[:4] == FIRST_KEYS
    assert {k: data[k] for k in FIRST_KEYS} == {"invalid": 0, "gaps": 0, "overlaps": 0, "outside_parent": 0}


def test_export_both_formats_and_import_them_back(small_demo_sqlite_url: str, tmp_path: Path) -> None:
    db = small_demo_sqlite_url
    gj = tmp_path / "grids.geojson"
    res = run("grids", "export", "--format", "geojson", "--out", str(gj), "--db", db)
    assert res.returncode == 0, res.stderr
    assert "178 grids" in res.stdout
    assert len(json.loads(gj.read_text(encoding="utf-8"))["features"]) == 178
    shp = tmp_path / "shp" / "mgmt.shp"
    res = run("grids", "export", "--format", "shapefile", "--out", str(shp), "--level", "management",
              "--encoding", "gbk", "--db", db)
    assert res.returncode == 0, res.stderr
    for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        assert shp.with_suffix(ext).exists(), ext
    assert shp.with_suffix(".cpg").read_text() == "GBK"
    for path in (gj, shp):
        res = run("grids", "import", str(path), "--dry-run", "--json", "--db", db)
        assert res.returncode == 0, res.stdout + res.stderr
        out = json.loads(res.stdout)
        assert out["ok"] and out["changes"] == {} and out["committed"] is None


def test_import_a_bad_file_reports_and_exits_non_zero(small_demo_sqlite_url: str, tmp_path: Path) -> None:
    db = small_demo_sqlite_url
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    res = run("grids", "import", str(bad), "--db", db)
    assert res.returncode == 1
    assert "broken_json" in res.stdout and "nothing was changed" in res.stderr and "Traceback" not in res.stderr
    res = run("grids", "import", str(bad), "--json", "--db", db)
    assert res.returncode == 1 and json.loads(res.stdout)["problems"][0]["code"] == "broken_json"
    # a file with a gap: one management grid left out
    gj = tmp_path / "m.geojson"
    assert run("grids", "export", "--format", "geojson", "--out", str(gj), "--level", "management", "--db", db).returncode == 0
    doc = json.loads(gj.read_text(encoding="utf-8"))
    del doc["features"][3]
    gj.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    res = run("grids", "import", str(gj), "--json", "--db", db)
    assert res.returncode == 1
    report = json.loads(res.stdout)
    assert any(p["code"] == "gap" and "lon" in p for p in report["problems"])
    assert report["committed"] is None
    history = run("grids", "history", "--json", "--db", db)
    assert history.returncode == 0 and json.loads(history.stdout)["versions"] == []


def test_import_commits_a_version_and_history_shows_it(small_demo_sqlite_url: str, tmp_path: Path) -> None:
    db = small_demo_sqlite_url
    gj = tmp_path / "m.geojson"
    assert run("grids", "export", "--format", "geojson", "--out", str(gj), "--level", "management", "--db", db).returncode == 0
    doc = json.loads(gj.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["name"] = "新名字"
    doc["features"][0]["properties"]["leader_name"] = "赵六"
    gj.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    res = run("grids", "import", str(gj), "--note", "rename", "--effective-date", "2026-12-01", "--db", db)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "saved as grid boundaries version 1" in res.stdout
    history = json.loads(run("grids", "history", "--json", "--db", db).stdout)["versions"]
    assert len(history) == 1 and history[0]["effective_date"] == "2026-12-01" and history[0]["source"] == "import"
    diff = run("grids", "diff", "1", "--json", "--db", db)
    assert diff.returncode == 0
    assert json.loads(diff.stdout)["grids"][0]["action"] == "attributes"
    assert run("grids", "validate", "--db", db).returncode == 0
    bad_date = run("grids", "import", str(gj), "--effective-date", "tomorrow", "--db", db)
    assert bad_date.returncode == 2


@pytest.mark.parametrize("args", [("grids",), ("grids", "export", "--format", "kml", "--out", "x")])
def test_usage_errors(args: tuple[str, ...]) -> None:
    res = run(*args)
    assert res.returncode == 2 and "usage" in res.stderr
