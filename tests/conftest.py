"""Shared test fixtures for GridDesk.

Fixture names are a contract other tests rely on:

* ``sqlite_url``  -- ``sqlite:///<tmp>/griddesk.db`` in the test's tmp_path.
* ``pg_server``   -- (session) libpq URL of an admin connection to a PostgreSQL *server*.
* ``pg_url``      -- a fresh, empty database on that server as a ``postgresql+psycopg2://``
                     URL; dropped after the test.
* ``db_url``      -- parametrized over sqlite / postgresql (the latter marked ``postgres``).

Where the PostgreSQL server comes from (first that works):

1. ``GRIDDESK_TEST_PG_ADMIN`` (a URL), if set -- used as is, never second-guessed;
2. a local server with trust auth on 127.0.0.1:5432 (as ``postgres``, then the current user);
3. a throwaway cluster (initdb + pg_ctl from /usr/lib/postgresql/*/bin) in a temp dir on a
   free port, stopped and removed at session end. ``GRIDDESK_TEST_PG_FORCE_THROWAWAY=1``
   skips step 2.

Without any PostgreSQL binaries the postgres tests are skipped -- except under CI, where
that is an error (./test.sh installs postgresql). ``pytest -m "not postgres"`` never
touches PostgreSQL: every test that uses ``pg_server``/``pg_url`` is marked automatically.
"""

from __future__ import annotations

import atexit
import contextlib
import getpass
import glob
import os
import pwd
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import pytest  # noqa: E402

PG_ENV_ADMIN = "GRIDDESK_TEST_PG_ADMIN"
PG_ENV_FORCE_THROWAWAY = "GRIDDESK_TEST_PG_FORCE_THROWAWAY"
LOCAL_PG_CANDIDATES = (
    "postgresql://postgres@127.0.0.1:5432/postgres",
    f"postgresql://{getpass.getuser()}@127.0.0.1:5432/postgres",
)
_PG_FIXTURES = {"pg_server", "pg_url", "small_demo_pg_url", "small_demo_pg_template"}


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "false", "no", "off")


def running_under_ci() -> bool:
    return _truthy(os.environ.get("CI"))


# --------------------------------------------------------------------------- markers


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that (directly or through a fixture) needs PostgreSQL as ``postgres``,
    so that ``-m "not postgres"`` deselects it before any server is looked for."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & _PG_FIXTURES and item.get_closest_marker("postgres") is None:
            item.add_marker(pytest.mark.postgres)


# --------------------------------------------------------------------------- sqlite


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'griddesk.db'}"


# --------------------------------------------------------------------------- postgres helpers


def _libpq_url(url: str) -> str:
    """``postgresql+psycopg2://...`` -> ``postgresql://...`` (what libpq/psycopg2 accept)."""
    return re.sub(r"^postgres(?:ql)?(?:\+\w+)?://", "postgresql://", url.strip())


def _sqlalchemy_url(libpq_url: str, database: str) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(libpq_url).set(drivername="postgresql+psycopg2", database=database)
    return url.render_as_string(hide_password=False)


def _admin_connect(url: str, timeout: int = 3):  # -> psycopg2 connection
    import psycopg2

    conn = psycopg2.connect(_libpq_url(url), connect_timeout=timeout)
    conn.autocommit = True
    return conn


def _try_admin(url: str) -> str | None:
    """Return None if ``url`` is a usable admin connection (can create databases),
    else a short reason."""
    try:
        conn = _admin_connect(url)
    except Exception as exc:
        first_line = (str(exc).strip().splitlines() or [""])[0]
        return f"{type(exc).__name__}: {first_line}"
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user")
            row = cur.fetchone()
        if not row or not row[0]:
            return "role may not create databases"
        return None
    finally:
        conn.close()


def find_pg_bindir() -> Path | None:
    """Directory holding initdb + pg_ctl (newest PostgreSQL major first)."""

    def major(path: str) -> float:
        m = re.search(r"/postgresql/(\d+(?:\.\d+)?)/", path)
        return float(m.group(1)) if m else 0.0

    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=major, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for cand in candidates:
        d = Path(cand)
        if (d / "initdb").is_file() and (d / "pg_ctl").is_file():
            return d
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ThrowawayCluster:
    """A private PostgreSQL cluster in a temp dir; ``stop()`` kills it and removes the dir."""

    bindir: Path
    basedir: Path
    port: int
    run_as: str | None  # system user that owns the cluster when we are root
    _stopped: bool = field(default=False, init=False)

    @property
    def url(self) -> str:
        """libpq admin URL (trust auth, superuser ``postgres``)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def datadir(self) -> Path:
        return self.basedir / "data"

    @property
    def logfile(self) -> Path:
        return self.basedir / "postgres.log"

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if (self.datadir / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                _run_pg(
                    self,
                    [
                        str(self.bindir / "pg_ctl"),
                        "-D",
                        str(self.datadir),
                        "-m",
                        "immediate",
                        "-w",
                        "-t",
                        "20",
                        "stop",
                    ],
                    timeout=30,
                )
        shutil.rmtree(self.basedir, ignore_errors=True)


def _run_pg(cluster: ThrowawayCluster, argv: list[str], timeout: float) -> None:
    if cluster.run_as:
        argv = ["runuser", "-u", cluster.run_as, "--", *argv]
    proc = subprocess.run(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        cwd=str(cluster.basedir),
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv)} failed with exit {proc.returncode}:\n{proc.stdout.strip()}"
        )


def _unprivileged_user() -> str | None:
    """initdb and pg_ctl refuse to run as root: pick a system user to run them as."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        if shutil.which("runuser"):
            return name
    raise RuntimeError(
        "running as root, but there is neither a 'postgres' nor a 'nobody' user "
        "(or no runuser) to own a throwaway PostgreSQL cluster"
    )


def start_throwaway_cluster(bindir: Path | None = None) -> ThrowawayCluster:
    """initdb + start a trust-auth PostgreSQL on 127.0.0.1:<free port>, socket in its tempdir.

    Raises FileNotFoundError if no PostgreSQL binaries exist, RuntimeError if it won't start.
    """
    bindir = bindir or find_pg_bindir()
    if bindir is None:
        raise FileNotFoundError("no PostgreSQL server binaries (initdb, pg_ctl) found")
    run_as = _unprivileged_user()
    basedir = Path(tempfile.mkdtemp(prefix="griddesk-pg-"))
    if run_as:
        pw = pwd.getpwnam(run_as)
        os.chown(basedir, pw.pw_uid, pw.pw_gid)
    cluster = ThrowawayCluster(bindir=bindir, basedir=basedir, port=0, run_as=run_as)
    try:
        initdb = [
            str(bindir / "initdb"),
            "-D",
            str(cluster.datadir),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        ]
        try:
            _run_pg(cluster, [*initdb, "--locale=C.UTF-8"], timeout=120)
        except RuntimeError:
            shutil.rmtree(cluster.datadir, ignore_errors=True)
            _run_pg(cluster, [*initdb, "--no-locale"], timeout=120)
        last_error: Exception | None = None
        for _attempt in range(3):  # the free port may be taken between probe and bind
            cluster.port = _free_port()
            opts = (
                f"-h 127.0.0.1 -p {cluster.port} -k {shlex.quote(str(cluster.basedir))} -F "
                "-c full_page_writes=off -c synchronous_commit=off -c max_connections=100"
            )
            try:
                _run_pg(
                    cluster,
                    [
                        str(bindir / "pg_ctl"),
                        "-D",
                        str(cluster.datadir),
                        "-l",
                        str(cluster.logfile),
                        "-o",
                        opts,
                        "-w",
                        "-t",
                        "60",
                        "start",
                    ],
                    timeout=90,
                )
            except RuntimeError as exc:
                last_error = RuntimeError(f"{exc}\n--- server log ---\n{cluster.log_tail()}")
                continue
            deadline = time.monotonic() + 20
            while True:
                reason = _try_admin(cluster.url)
                if reason is None:
                    return cluster
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"throwaway cluster started but does not answer: {reason}\n"
                        f"--- server log ---\n{cluster.log_tail()}"
                    )
                time.sleep(0.2)
        raise RuntimeError(f"could not start a throwaway PostgreSQL cluster: {last_error}")
    except BaseException:
        cluster.stop()
        raise


# --------------------------------------------------------------------------- postgres fixtures


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    explicit = os.environ.get(PG_ENV_ADMIN, "").strip()
    if explicit:
        reason = _try_admin(explicit)
        if reason is not None:
            pytest.fail(f"{PG_ENV_ADMIN}={explicit!r} is not a usable admin URL: {reason}")
        yield _libpq_url(explicit)
        return

    tried: list[str] = []
    if not _truthy(os.environ.get(PG_ENV_FORCE_THROWAWAY)):
        for cand in dict.fromkeys(LOCAL_PG_CANDIDATES):
            reason = _try_admin(cand)
            if reason is None:
                yield cand
                return
            tried.append(f"{cand}: {reason}")

    try:
        cluster = start_throwaway_cluster()
    except FileNotFoundError as exc:
        msg = (
            f"PostgreSQL not available: {exc}; tried {tried or 'no local server'}. "
            f"Install postgresql (./test.sh does) or set {PG_ENV_ADMIN}."
        )
        if running_under_ci():
            pytest.fail(f"CI: {msg}", pytrace=False)
        pytest.skip(msg)
    atexit.register(cluster.stop)  # also on Ctrl-C / a crashed session
    try:
        yield cluster.url
    finally:
        cluster.stop()


def drop_test_database(admin_url: str, name: str) -> None:
    """Drop ``name``, even while connections to it are still open."""
    conn = _admin_connect(admin_url, timeout=10)
    try:
        with conn.cursor() as cur:
            if conn.server_version >= 130000:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            else:
                cur.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (name,),
                )
                cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        conn.close()


def create_test_database(admin_url: str) -> tuple[str, str]:
    """Create an empty database ``griddesk_test_<pid>_<hex>``; return (name, SQLAlchemy URL)."""
    name = f"griddesk_test_{os.getpid()}_{secrets.token_hex(4)}"
    conn = _admin_connect(admin_url, timeout=10)
    try:
        with conn.cursor() as cur:
            try:
                cur.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
            except Exception:  # e.g. a non-UTF-8 server locale: take the server's defaults
                cur.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()
    return name, _sqlalchemy_url(admin_url, name)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    name, url = create_test_database(pg_server)
    try:
        yield url
    finally:
        drop_test_database(pg_server, name)


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest) -> str:
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


# --------------------------------------------------------------------------- a small demo town
# The demo town with only the last 30 days of case history (~3,500 cases, open cases as in
# the full demo): built once per session and per backend, then copied for each test.

SMALL_DEMO_REFERENCE = "2026-11-27 09:30:00"


def _build_small_demo(url: str) -> None:
    from datetime import datetime

    from db.demo import build_demo
    from db.session import make_engine, resolve_url

    engine = make_engine(resolve_url(url))
    build_demo(engine, reference=datetime.fromisoformat(SMALL_DEMO_REFERENCE), history_days=30)
    engine.dispose()


@pytest.fixture(scope="session")
def small_demo_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import sqlite3

    path = tmp_path_factory.mktemp("small_demo") / "template.db"
    _build_small_demo(f"sqlite:///{path}")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    return path


@pytest.fixture(scope="session")
def small_demo_pg_template(pg_server: str) -> Iterator[str]:
    name, url = create_test_database(pg_server)
    _build_small_demo(url)
    try:
        yield name
    finally:
        drop_test_database(pg_server, name)


@pytest.fixture
def small_demo_sqlite_url(small_demo_sqlite_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "demo.db"
    shutil.copyfile(small_demo_sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def small_demo_pg_url(pg_server: str, small_demo_pg_template: str) -> Iterator[str]:
    name = f"griddesk_test_{os.getpid()}_{secrets.token_hex(4)}"
    conn = _admin_connect(pg_server, timeout=10)
    try:
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{small_demo_pg_template}"')
    finally:
        conn.close()
    try:
        yield _sqlalchemy_url(pg_server, name)
    finally:
        drop_test_database(pg_server, name)


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def small_demo_url(request: pytest.FixtureRequest) -> str:
    """A fresh copy of the small demo town, on SQLite and on PostgreSQL."""
    name = "small_demo_sqlite_url" if request.param == "sqlite" else "small_demo_pg_url"
    return str(request.getfixturevalue(name))
