"""Which database, and how to talk to it.

`--db` (or GRIDDESK_DB) is either a SQLite path / sqlite:/// URL (one workstation, the
demo) or a postgresql:// URL (the shared database of several workstations). Every problem a
user can cause here becomes a DatabaseError with a message fit to show them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

ENV_VAR = "GRIDDESK_DB"
APP_NAME = "GridDesk"


class DatabaseError(Exception):
    """A database problem explained for the user. `exit_code` is what the CLI returns."""

    exit_code = 2


class DatabaseUrlError(DatabaseError):
    pass


class DatabaseUnavailable(DatabaseError):
    exit_code = 3


class SchemaTooNew(DatabaseError):
    exit_code = 4


class SchemaNotReady(DatabaseError):
    exit_code = 5


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_sqlite_path() -> Path:
    return default_data_dir() / "griddesk.db"


def resolve_url(raw: str | None = None) -> URL:
    """Turn `--db`, GRIDDESK_DB or the default into a SQLAlchemy URL (not yet connected)."""
    raw = raw or os.environ.get(ENV_VAR) or ""
    if not raw:
        return make_url(f"sqlite:///{default_sqlite_path()}")
    if "://" not in raw:
        # A bare path means a SQLite file.
        return make_url(f"sqlite:///{Path(raw).expanduser().absolute()}")
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseUrlError(f"Cannot read the database address {raw!r}: {exc}") from None
    backend = url.get_backend_name()
    if backend == "postgresql":
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg2")
        if not url.database:
            raise DatabaseUrlError(f"The PostgreSQL address {raw!r} names no database.")
        return url
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise DatabaseUrlError("An in-memory SQLite database cannot hold GridDesk data.")
        return url
    raise DatabaseUrlError(
        f"Unsupported database {backend!r} in {raw!r}: use a SQLite file path or a "
        "postgresql://user@host/dbname address."
    )


def describe_url(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return f"SQLite · {url.database}"
    return f"PostgreSQL · {url.render_as_string(hide_password=True).split('://', 1)[1]}"


_NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p", "afs"}


MOUNTS_FILE = Path("/proc/mounts")


def _read_mounts() -> str | None:
    try:
        return MOUNTS_FILE.read_text()
    except OSError:
        return None


def _unescape_mount_path(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash as octal escapes (\040 ...).
    return re.sub(r"\\([0-7]{3})", lambda mo: chr(int(mo.group(1), 8)), field)


def _filesystem_type(path: Path, mounts: str | None = None) -> str | None:
    """The type of the mount holding `path`, from the text of /proc/mounts (read when
    `mounts` is None), or None when unknown."""
    if mounts is None:
        mounts = _read_mounts()
        if mounts is None:
            return None
    best, best_type = "", None
    target = str(path.resolve())
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape_mount_path(parts[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, best_type = point, parts[2]
    return best_type


def make_engine(url: URL, *, create_dir: bool = True) -> Engine:
    """Create an engine. SQLite: WAL, foreign keys, a busy timeout, no network shares."""
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if create_dir:
            path.parent.mkdir(parents=True, exist_ok=True)
        fs = _filesystem_type(path.parent)
        if fs in _NETWORK_FS:
            raise DatabaseUrlError(
                f"{path} is on a network share ({fs}). SQLite locking is unreliable there and "
                "the database could be corrupted; several workstations must share a "
                "PostgreSQL database instead (--db postgresql://...)."
            )
        engine = create_engine(url, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    from db.health import keepalive_args

    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 5, "application_name": "griddesk", **keepalive_args()},
    )


def check_connection(engine: Engine) -> None:
    """Connect once, turning driver errors into a message for the user."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        where = describe_url(engine.url)
        raise DatabaseUnavailable(f"Cannot connect to the database ({where}): {reason}") from None
    except SADatabaseError as exc:
        raise DatabaseUnavailable(
            f"The file or server at {describe_url(engine.url)} is not a usable database: "
            f"{str(exc.orig).strip() if exc.orig else exc}"
        ) from None


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with session_factory(engine)() as session, session.begin():
        yield session
