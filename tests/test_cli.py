"""main.py as a user runs it: real processes, real databases, exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    full_env.pop("GRIDDESK_DB", None)
    if env and "GRIDDESK_DB" in env:
        full_env["GRIDDESK_DB"] = env["GRIDDESK_DB"]
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=REPO,
    )


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    res = run("demo", "--db", str(path), "--reference-date", "2026-11-27")
    assert res.returncode == 0, res.stderr
    assert "demo town ready" in res.stderr
    return path


def test_summary_json(demo_file: Path) -> None:
    res = run("summary", "--json", "--db", str(demo_file))
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    for key in (
        "responsibility_grids", "management_grids", "key_points", "active_qr_codes", "cameras",
        "departments", "grid_members", "categories", "cases_first_half",
        "cases_first_half_change_pct", "hazard_reports", "coverage",
    ):
        assert key in data, key
    assert data["key_points"]["shop"] == 327
    assert data["cases_first_half_change_pct"] == -14.47
    assert set(data["coverage"]) >= {"gap_m2", "overlap_m2", "area_km2"}


def test_env_var_picks_the_database(demo_file: Path) -> None:
    res = run("summary", "--json", env={"GRIDDESK_DB": str(demo_file)})
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["management_grids"] == 149


def test_demo_refuses_to_overwrite_without_reset(demo_file: Path) -> None:
    res = run("demo", "--db", str(demo_file))
    assert res.returncode == 1 and "--reset" in res.stderr


def test_migrate_is_idempotent(demo_file: Path) -> None:
    res = run("migrate", "--db", str(demo_file))
    assert res.returncode == 0 and "already current" in res.stdout


@pytest.mark.parametrize(
    "db, code, words",
    [
        ("mysql://u@h/x", 2, "数据库地址无效"),
        ("postgresql://nobody@127.0.0.1:1/none", 3, "无法连接数据库"),
    ],
)
def test_bad_database_is_a_message_not_a_traceback(db: str, code: int, words: str) -> None:
    res = run("summary", "--json", "--db", db)
    assert res.returncode == code
    assert words in res.stderr and "Traceback" not in res.stderr


def test_english_messages(tmp_path: Path) -> None:
    res = run("summary", "--db", str(tmp_path / "empty.db"), "--lang", "en")
    assert res.returncode == 5
    assert "no GridDesk schema yet" in res.stderr and "Traceback" not in res.stderr


def test_newer_schema_is_refused_by_the_cli(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "future.db"
    assert run("migrate", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999_from_the_future'")
    res = run("summary", "--db", str(db))
    assert res.returncode == 4 and "更新版本" in res.stderr and "Traceback" not in res.stderr


def test_first_start_builds_the_demo_in_the_data_folder(tmp_path: Path) -> None:
    """No --db, no GRIDDESK_DB: the embedded database in the user's data folder."""
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    res = run("summary", "--json", env=env)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "data" / "GridDesk" / "griddesk.db").exists()
    assert json.loads(res.stdout)["responsibility_grids"] == 29


def test_screenshot(demo_file: Path, tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "main.png"
    res = run("screenshot", "--db", str(demo_file), "--out", str(out), "--size", "1280x800")
    assert res.returncode == 0, res.stderr
    img = Image.open(out).convert("RGB")
    assert img.size == (1280, 800)
    colours = img.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 500  # a drawn map, not a blank window
    bad = run("screenshot", "--db", str(demo_file), "--out", str(tmp_path / "x.png"), "--view", "nope")
    assert bad.returncode == 2 and "main" in bad.stderr
    bad = run("screenshot", "--db", str(demo_file), "--out", str(tmp_path / "x.png"), "--size", "huge")
    assert bad.returncode == 2
