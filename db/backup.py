"""Backup and restore, verified by restoring into a scratch database.

- SQLite: the sqlite3 online backup API copies the database page by page while the app keeps
  working; the copy is one self-contained SQLite file.
- PostgreSQL: `pg_dump -Fc` (custom format) and `pg_restore`. The client tools are looked
  up in GRIDDESK_PG_BINDIR, on PATH and in /usr/lib/postgresql/*/bin; a pg_dump older than
  the server cannot dump it, so the newest suitable one is picked and a clear message names
  what to install when none is.

Next to the backup FILE a manifest FILE.manifest.json records what was backed up: the row
count of every table and the audit chain's head, read in the same snapshot as the copy
(SQLite: the same read transaction; PostgreSQL: pg_dump --snapshot of an exported
snapshot), plus the file's SHA-256. `verify_backup` restores the file into a scratch
database and compares counts per table and the audit chain with the manifest.

`restore` refuses a target that holds data unless forced; with force it replaces the whole
database. Backups are audited in the source database, restores in the restored one.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from db.audit import ChainReport, append_audit, verify_chain
from db.clock import now as town_now
from db.ops import Actor, require
from db.permissions import Permission
from db.session import DatabaseError, describe_url, make_engine

MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_FORMAT = "griddesk-backup/1"
BINDIR_ENV = "GRIDDESK_PG_BINDIR"
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# Tables that exist in a freshly migrated, empty database: rows there do not make it "in use".
BOOKKEEPING_TABLES = frozenset({"alembic_version", "audit_head", "geometry_columns", "change_log"})
PG_GUARD_FUNCTION = "griddesk_audit_log_append_only"


class BackupError(DatabaseError):
    """Backup or restore failed; the message says why and what to do."""

    exit_code = 6


class RestoreRefused(BackupError):
    """The target database holds data and --force was not given."""

    exit_code = 7


# ---------------------------------------------------------------- what a backup holds


@dataclass(slots=True)
class BackupManifest:
    backend: str  # "sqlite" or "postgresql"
    created_at: datetime
    source: str  # describe_url of the source
    schema: list[str]  # Alembic revisions of the source
    tables: dict[str, int]  # row count per table, same snapshot as the copy
    audit_records: int
    audit_last_seq: int
    audit_last_hash: str
    file: str = ""
    bytes: int = 0
    sha256: str = ""
    tool: str = ""  # pg_dump version, or the SQLite library version
    format: str = MANIFEST_FORMAT

    def to_json(self) -> str:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat(sep=" ")
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> BackupManifest:
        data = json.loads(raw)
        if data.get("format") != MANIFEST_FORMAT:
            raise BackupError(f"The manifest has an unknown format {data.get('format')!r}.")
        data["created_at"] = datetime.fromisoformat(data["created_at"])
        return cls(**data)


def manifest_path(backup_file: str | Path) -> Path:
    p = Path(backup_file)
    return p.with_name(p.name + MANIFEST_SUFFIX)


def read_manifest(backup_file: str | Path) -> BackupManifest | None:
    path = manifest_path(backup_file)
    if not path.exists():
        return None
    try:
        return BackupManifest.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, TypeError, KeyError) as exc:
        raise BackupError(f"The manifest {path} is damaged ({exc}).") from None


@dataclass(frozen=True, slots=True)
class TableCheck:
    table: str
    expected: int | None  # None: not in the manifest
    found: int | None  # None: not in the restored database

    @property
    def ok(self) -> bool:
        return self.expected == self.found


@dataclass(slots=True)
class BackupVerification:
    ok: bool
    backend: str
    tables: list[TableCheck]
    chain: ChainReport | None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth knowing, not a failure


@dataclass(slots=True)
class BackupReport:
    path: Path
    manifest: BackupManifest
    verification: BackupVerification | None


@dataclass(slots=True)
class RestoreReport:
    target: str
    replaced: bool  # the target held data that was replaced (--force)
    verification: BackupVerification
    upgraded_from: str | None  # schema revision of the backup, when a migration ran after
    schema: str | None


# ---------------------------------------------------------------- small helpers


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def detect_backend(path: str | Path) -> str:
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise BackupError(f"Cannot read the backup {path}: {exc.strerror or exc}.") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a GridDesk backup (neither a SQLite file nor a pg_dump archive).")


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _table_names(conn: Connection) -> list[str]:
    return sorted(inspect(conn).get_table_names())


def table_counts(conn: Connection) -> dict[str, int]:
    """Rows per table of the database `conn` is connected to."""
    return {
        t: int(conn.execute(text(f"SELECT count(*) FROM {_quote(conn, t)}")).scalar_one())
        for t in _table_names(conn)
    }


def _revisions(conn: Connection) -> list[str]:
    if not inspect(conn).has_table("alembic_version"):
        return []
    return sorted(str(r) for r in conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _audit_head(conn: Connection) -> tuple[int, str]:
    if not inspect(conn).has_table("audit_head"):
        return 0, ""
    row = conn.execute(text("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")).first()
    return (int(row[0]), str(row[1])) if row else (0, "")


def database_has_data(engine: Engine) -> bool:
    """True if any table other than the schema's bookkeeping holds a row."""
    with engine.connect() as conn:
        for t in _table_names(conn):
            if t in BOOKKEEPING_TABLES:
                continue
            if conn.execute(text(f"SELECT 1 FROM {_quote(conn, t)} LIMIT 1")).first() is not None:
                return True
    return False


def _sqlite_path(url: URL) -> Path:
    return Path(url.database or "")


def _libpq_uri(url: URL) -> str:
    """The address for pg_dump/pg_restore, without the password (passed in PGPASSWORD)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _pg_env(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return env


def _audit(engine: Engine, actor: Actor, action: str, after: dict[str, Any]) -> None:
    with Session(engine) as session, session.begin():
        append_audit(session, actor, action, "database", None, None, after)


# ---------------------------------------------------------------- PostgreSQL client tools


@dataclass(frozen=True, slots=True)
class PgTool:
    path: Path
    major: int
    version: str


def _tool_version(path: Path) -> PgTool | None:
    try:
        out = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    mo = re.search(r"(\d+)(?:\.(\d+))?", out)
    if not mo:
        return None
    return PgTool(path, int(mo.group(1)), out.strip())


def _candidate_paths(name: str) -> list[Path]:
    found: list[Path] = []
    env = os.environ.get(BINDIR_ENV)
    if env:
        found.append(Path(env) / name)
    on_path = shutil.which(name)
    if on_path:
        found.append(Path(on_path))
    found += [Path(p) / name for p in glob.glob("/usr/lib/postgresql/*/bin")]
    found += [Path(p) / name for p in glob.glob("/usr/pgsql-*/bin")]
    seen: set[Path] = set()
    unique = []
    for p in found:
        key = p.resolve() if p.exists() else p
        if p.is_file() and os.access(p, os.X_OK) and key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def find_pg_tool(name: str, server_major: int) -> PgTool:
    """The newest `name` (pg_dump, pg_restore) that can handle a server of `server_major`."""
    tools = [t for t in (_tool_version(p) for p in _candidate_paths(name)) if t is not None]
    if not tools:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL {server_major} client tools "
            f"(e.g. apt install postgresql-client-{server_major}) or set {BINDIR_ENV} to their folder."
        )
    good = [t for t in tools if t.major >= server_major]
    if not good:
        newest = max(tools, key=lambda t: t.major)
        raise BackupError(
            f"The server runs PostgreSQL {server_major} but the newest {name} here is version "
            f"{newest.major} ({newest.path}), which cannot handle it. Install the PostgreSQL "
            f"{server_major} client tools (e.g. apt install postgresql-client-{server_major}) "
            f"or set {BINDIR_ENV} to their folder."
        )
    return max(good, key=lambda t: t.major)


def _server_major(conn: Connection) -> int:
    return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    try:
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=6 * 3600, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise BackupError(f"{what} could not run: {exc}.") from None
    if proc.returncode != 0:
        detail = "\n".join((proc.stderr or proc.stdout or "").strip().splitlines()[-6:])
        raise BackupError(f"{what} failed (exit {proc.returncode}): {detail}")


# ---------------------------------------------------------------- backup


def backup_database(engine: Engine, out: str | Path, actor: Actor, *, verify: bool = True) -> BackupReport:
    """Back up the database of `engine` to `out` (plus `out`.manifest.json), verify it by a
    restore into a scratch database unless `verify` is False, and audit it
    (Permission.BACKUP). An existing `out` is replaced only when the new backup is complete."""
    require(actor, Permission.BACKUP)
    out = Path(out).expanduser().absolute()
    if out.is_dir():
        raise BackupError(f"{out} is a folder; give a file name for the backup.")
    if not out.parent.is_dir():
        raise BackupError(f"The folder {out.parent} does not exist; create it first.")
    backend = engine.url.get_backend_name()
    part = out.with_name(out.name + ".part")
    part.unlink(missing_ok=True)
    try:
        if backend == "sqlite":
            manifest = _backup_sqlite(engine, part)
        elif backend == "postgresql":
            manifest = _backup_postgresql(engine, part)
        else:  # pragma: no cover - resolve_url admits no other backend
            raise BackupError(f"Cannot back up a {backend} database.")
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    manifest.file = out.name
    manifest.bytes = part.stat().st_size
    manifest.sha256 = file_sha256(part)
    part.replace(out)
    manifest_path(out).write_text(manifest.to_json(), encoding="utf-8")
    verification = verify_backup(out, server_url=engine.url) if verify else None
    _audit(
        engine,
        actor,
        "backup",
        {
            "file": str(out),
            "bytes": manifest.bytes,
            "sha256": manifest.sha256,
            "tables": len(manifest.tables),
            "rows": sum(manifest.tables.values()),
            "audit_records": manifest.audit_records,
            "verified": None if verification is None else verification.ok,
        },
    )
    return BackupReport(out, manifest, verification)


def _backup_sqlite(engine: Engine, part: Path) -> BackupManifest:
    src_path = _sqlite_path(engine.url)
    if not src_path.is_file():
        raise BackupError(f"There is no database file at {src_path}.")
    src = sqlite3.connect(src_path, isolation_level=None, timeout=30)
    try:
        src.execute("BEGIN")  # one read snapshot for the counts and the copy
        tables = {
            name: int(src.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for (name,) in src.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
        }
        revisions = (
            sorted(str(r) for (r,) in src.execute("SELECT version_num FROM alembic_version"))
            if "alembic_version" in tables
            else []
        )
        head = (
            src.execute("SELECT last_seq, last_hash FROM audit_head WHERE id = 1").fetchone()
            if "audit_head" in tables
            else None
        )
        dst = sqlite3.connect(part)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dst.close()
        src.execute("COMMIT")
    except sqlite3.Error as exc:
        raise BackupError(f"The SQLite backup of {src_path} failed: {exc}.") from None
    finally:
        src.close()
    return BackupManifest(
        backend="sqlite",
        created_at=town_now(),
        source=describe_url(engine.url),
        schema=revisions,
        tables=tables,
        audit_records=tables.get("audit_log", 0),
        audit_last_seq=int(head[0]) if head else 0,
        audit_last_hash=str(head[1]) if head else "",
        tool=f"SQLite {sqlite3.sqlite_version}",
    )


def _backup_postgresql(engine: Engine, part: Path) -> BackupManifest:
    with engine.connect() as conn:
        tool = find_pg_tool("pg_dump", _server_major(conn))
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        snapshot = str(conn.execute(text("SELECT pg_export_snapshot()")).scalar_one())
        tables = table_counts(conn)
        revisions = _revisions(conn)
        last_seq, last_hash = _audit_head(conn)
        _run(
            [
                str(tool.path),
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-owner",
                "--no-privileges",
                f"--file={part}",
                f"--dbname={_libpq_uri(engine.url)}",
            ],
            _pg_env(engine.url),
            "pg_dump",
        )
    return BackupManifest(
        backend="postgresql",
        created_at=town_now(),
        source=describe_url(engine.url),
        schema=revisions,
        tables=tables,
        audit_records=tables.get("audit_log", 0),
        audit_last_seq=last_seq,
        audit_last_hash=last_hash,
        tool=tool.version,
    )


# ---------------------------------------------------------------- restore


def _restore_sqlite_file(backup_file: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        raise BackupError(
            f"Restoring into {target} failed: {exc}. Close GridDesk on this workstation and try again."
        ) from None
    finally:
        dst.close()
        src.close()


def _clear_postgresql(engine: Engine) -> None:
    """Drop every table of the target (and the audit guard function), in one transaction."""
    with engine.begin() as conn:
        meta = MetaData()
        meta.reflect(conn)
        meta.drop_all(conn)
        conn.execute(text(f"DROP FUNCTION IF EXISTS {PG_GUARD_FUNCTION}() CASCADE"))


def _restore_postgresql_file(backup_file: Path, url: URL) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            tool = find_pg_tool("pg_restore", _server_major(conn))
        _clear_postgresql(engine)
    finally:
        engine.dispose()
    _run(
        [
            str(tool.path),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={_libpq_uri(url)}",
            str(backup_file),
        ],
        _pg_env(url),
        "pg_restore",
    )


def _restore_file(backup_file: Path, backend: str, url: URL) -> None:
    if backend != url.get_backend_name():
        raise BackupError(
            f"{backup_file} is a {backend} backup; it can only be restored into a {backend} database."
        )
    if backend == "sqlite":
        _restore_sqlite_file(backup_file, _sqlite_path(url))
    else:
        _restore_postgresql_file(backup_file, url)


def _check_file(backup_file: Path, manifest: BackupManifest | None) -> str:
    backend = detect_backend(backup_file)
    if manifest is not None:
        if manifest.backend != backend:
            raise BackupError(f"The manifest of {backup_file} describes a {manifest.backend} backup.")
        if manifest.sha256 and file_sha256(backup_file) != manifest.sha256:
            raise BackupError(f"{backup_file} does not match its manifest (SHA-256 differs): the file is damaged.")
    return backend


def backup_revisions(path: Path, backend: str) -> list[str]:
    """The schema revisions recorded inside a backup file (read without restoring it)."""
    if backend == "sqlite":
        try:
            with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as c:
                return sorted(str(r) for (r,) in c.execute("SELECT version_num FROM alembic_version"))
        except sqlite3.Error:
            raise BackupError(f"{path} is not a GridDesk database (no schema version).") from None
    tool = find_pg_tool("pg_restore", 0)
    try:
        proc = subprocess.run(
            [str(tool.path), "--data-only", "--table=alembic_version", "--file=-", str(path)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise BackupError(f"pg_restore could not read {path}: {exc}.") from None
    if proc.returncode != 0:
        raise BackupError(f"pg_restore could not read {path}: {proc.stderr.strip()[:300]}")
    revisions: list[str] = []
    copying = False
    for line in proc.stdout.splitlines():
        if line.startswith("COPY ") and "alembic_version" in line:
            copying = True
        elif copying and line == "\\.":
            break
        elif copying and line.strip():
            revisions.append(line.strip())
    if not revisions:
        raise BackupError(f"{path} is not a GridDesk backup (no schema version inside).")
    return sorted(revisions)


def _known_schema(revisions: list[str]) -> None:
    from db.migrate import known_revisions

    unknown = set(revisions) - known_revisions()
    if unknown:
        raise BackupError(
            f"The backup has schema version {'+'.join(sorted(unknown))}, which this GridDesk does not "
            "know: it was written by a newer GridDesk. Restore it with that version."
        )


def _check_restored(engine: Engine, manifest: BackupManifest | None, backend: str) -> BackupVerification:
    problems: list[str] = []
    notes: list[str] = []
    with engine.connect() as conn:
        found = table_counts(conn)
        revisions = _revisions(conn)
        last_seq, last_hash = _audit_head(conn)
        if backend == "sqlite":
            integrity = conn.execute(text("PRAGMA integrity_check")).scalar_one()
            if integrity != "ok":
                problems.append(f"SQLite integrity check: {integrity}")
    if "audit_log" in found:
        with Session(engine) as session:
            chain: ChainReport | None = verify_chain(session)
    else:
        chain = None
        problems.append("The backup holds no audit trail.")
    if chain is not None and not chain.ok:
        problems.append(f"The audit chain is broken at record {chain.first_broken_seq}: {chain.reason}.")
    checks: list[TableCheck] = []
    if manifest is not None:
        for name in sorted(set(found) | set(manifest.tables)):
            check = TableCheck(name, manifest.tables.get(name), found.get(name))
            checks.append(check)
            if not check.ok:
                problems.append(f"Table {name}: {check.expected} rows backed up, {check.found} restored.")
        if sorted(manifest.schema) != revisions:
            problems.append(f"Schema {'+'.join(revisions)} restored, {'+'.join(manifest.schema)} backed up.")
        if (last_seq, last_hash) != (manifest.audit_last_seq, manifest.audit_last_hash):
            problems.append("The audit chain's head differs from the one backed up.")
    else:
        checks = [TableCheck(name, None, n) for name, n in sorted(found.items())]
        notes.append("No manifest next to the backup: row counts could not be compared.")
    ok = not problems and chain is not None and chain.ok
    return BackupVerification(ok, backend, checks, chain, problems, notes)


@contextlib.contextmanager
def _scratch_database(backend: str, server_url: URL | None) -> Iterator[URL]:
    """An empty scratch database, removed afterwards: a temp SQLite file, or a new database
    on the PostgreSQL server of `server_url`."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="griddesk-verify-") as tmp:
            yield make_url(f"sqlite:///{Path(tmp) / 'scratch.db'}")
        return
    if server_url is None or server_url.get_backend_name() != "postgresql":
        raise BackupError("Verifying a PostgreSQL backup needs a PostgreSQL server: give --db.")
    name = f"griddesk_verify_{secrets.token_hex(6)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
        except Exception as exc:
            raise BackupError(
                f"Cannot create a scratch database to verify the backup ({exc.__class__.__name__}: "
                f"{str(getattr(exc, 'orig', exc)).strip().splitlines()[0]}). The GridDesk role needs "
                "the CREATEDB privilege, or verify on another server."
            ) from None
        try:
            yield server_url.set(database=name)
        finally:
            with admin.connect() as conn:
                if int(conn.execute(text("SHOW server_version_num")).scalar_one()) >= 130000:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                else:
                    conn.execute(
                        text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                        {"n": name},
                    )
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        admin.dispose()


def verify_backup(
    backup_file: str | Path,
    *,
    server_url: URL | str | None = None,
    manifest: BackupManifest | None = None,
) -> BackupVerification:
    """Restore `backup_file` into a scratch database and compare it with its manifest: row
    counts per table, schema version, the audit chain (verified record by record) and its
    head. A PostgreSQL backup needs `server_url` (any database on the server: the scratch
    database is created there and dropped afterwards)."""
    path = Path(backup_file).expanduser().absolute()
    manifest = manifest or read_manifest(path)
    backend = _check_file(path, manifest)
    url = make_url(server_url) if isinstance(server_url, str) else server_url
    with _scratch_database(backend, url) as scratch:
        _restore_file(path, backend, scratch)
        engine = make_engine(scratch)
        try:
            return _check_restored(engine, manifest, backend)
        finally:
            engine.dispose()


def restore_database(
    engine: Engine, backup_file: str | Path, actor: Actor, *, force: bool = False, upgrade: bool = True
) -> RestoreReport:
    """Replace the database of `engine` with `backup_file` (Permission.BACKUP). Refuses a
    database that holds data unless `force`. Checks the restored data against the manifest
    and the audit chain, brings an older schema up to date (unless `upgrade` is False) and
    writes a "restore" audit record into the restored database."""
    from db.migrate import current_revision
    from db.migrate import upgrade as migrate_upgrade

    require(actor, Permission.BACKUP)
    path = Path(backup_file).expanduser().absolute()
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    manifest = read_manifest(path)
    backend = _check_file(path, manifest)
    _known_schema(backup_revisions(path, backend))
    target = describe_url(engine.url)
    replaced = database_has_data(engine) if _target_exists(engine) else False
    if replaced and not force:
        raise RestoreRefused(
            f"{target} already holds data. Restoring would replace all of it: add --force if "
            "that is what you want (back it up first)."
        )
    url = engine.url
    engine.dispose()
    _restore_file(path, backend, url)
    engine.dispose()
    verification = _check_restored(engine, manifest, backend)
    before = current_revision(engine)
    upgraded_from = None
    if upgrade:
        migrate_upgrade(engine)
        after = current_revision(engine)
        upgraded_from = before if after != before else None
    _audit(
        engine,
        actor,
        "restore",
        {
            "file": str(path),
            "sha256": manifest.sha256 if manifest else file_sha256(path),
            "backed_up_at": manifest.created_at if manifest else None,
            "source": manifest.source if manifest else None,
            "replaced_data": replaced,
            "verified": verification.ok,
            "problems": verification.problems[:10],
            "upgraded_from": upgraded_from,
        },
    )
    return RestoreReport(target, replaced, verification, upgraded_from, current_revision(engine))


def _target_exists(engine: Engine) -> bool:
    if engine.url.get_backend_name() == "sqlite":
        return _sqlite_path(engine.url).exists()
    return True
