"""The database fixtures of conftest.py work: sqlite file, fresh PostgreSQL database, and the
throwaway-cluster fallback used when no local server answers."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from tests import conftest


def test_sqlite_url_is_creatable(sqlite_url: str, tmp_path: Path) -> None:
    assert sqlite_url == f"sqlite:///{tmp_path / 'griddesk.db'}"
    engine = create_engine(sqlite_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
    finally:
        engine.dispose()
    assert (tmp_path / "griddesk.db").is_file()
    with sqlite3.connect(tmp_path / "griddesk.db") as raw:
        assert raw.execute("SELECT x FROM t").fetchall() == [(1,)]


def _database_exists(admin_url: str, name: str) -> bool:
    conn = conftest._admin_connect(admin_url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return cur.fetchone() is not None
    finally:
        conn.close()


@pytest.mark.postgres
def test_pg_database_is_fresh_empty_and_dropped(pg_server: str) -> None:
    # The helpers behind pg_url, driven by hand so that the drop can be observed here.
    name, url = conftest.create_test_database(pg_server)
    try:
        parsed = make_url(url)
        assert parsed.drivername == "postgresql+psycopg2"
        assert parsed.database == name and name.startswith("griddesk_test_")
        assert _database_exists(pg_server, name)
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                assert "PostgreSQL" in conn.execute(text("SELECT version()")).scalar_one()
                assert conn.execute(text("SELECT current_database()")).scalar_one() == name
                assert inspect(conn).get_table_names() == []
                conn.execute(text("CREATE TABLE t (x integer)"))
                conn.commit()
            # a connection left open must not block the drop
            lingering = engine.connect()
            conftest.drop_test_database(pg_server, name)
            lingering.invalidate()
        finally:
            engine.dispose()
        assert not _database_exists(pg_server, name)
    finally:
        conftest.drop_test_database(pg_server, name)


@pytest.mark.postgres
def test_pg_url_fixture_gives_a_usable_database(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
            assert inspect(conn).get_table_names() == []
    finally:
        engine.dispose()


def test_db_url_parametrization(db_url: str, request: pytest.FixtureRequest) -> None:
    backend = request.node.callspec.params["db_url"]
    assert make_url(db_url).get_backend_name() == backend
    if backend == "postgresql":
        assert request.node.get_closest_marker("postgres") is not None


@pytest.mark.postgres
def test_throwaway_cluster_starts_and_stops() -> None:
    if conftest.find_pg_bindir() is None:
        if conftest.running_under_ci():
            pytest.fail("CI: no PostgreSQL server binaries (initdb, pg_ctl) installed")
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) installed")
    t0 = time.monotonic()
    cluster = conftest.start_throwaway_cluster()
    try:
        conn = conftest._admin_connect(cluster.url)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT current_setting('port')::int, version()")
                port, version = cur.fetchone()
        finally:
            conn.close()
        assert port == cluster.port
        assert "PostgreSQL" in version
        assert cluster.datadir.is_dir()
    finally:
        cluster.stop()
    assert not cluster.basedir.exists()
    assert conftest._try_admin(cluster.url) is not None, "cluster still answers after stop()"
    assert time.monotonic() - t0 < 30


@pytest.mark.postgres
def test_pg_server_honours_force_throwaway(pg_server: str) -> None:
    if os.environ.get(conftest.PG_ENV_ADMIN):
        pytest.skip(f"{conftest.PG_ENV_ADMIN} is set")
    if not conftest._truthy(os.environ.get(conftest.PG_ENV_FORCE_THROWAWAY)):
        pytest.skip(f"{conftest.PG_ENV_FORCE_THROWAWAY} is not set")
    assert make_url(pg_server).port != 5432
