"""Schema migrations (Alembic), run from code so no alembic.ini is needed at run time."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from db.session import SchemaNotReady, SchemaTooNew, describe_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revisions() -> tuple[str, ...]:
    """The newest revision of every branch (one, unless parallel work left branches)."""
    return tuple(sorted(ScriptDirectory.from_config(alembic_config()).get_heads()))


def head_revision() -> str:
    return "+".join(head_revisions())


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revisions(engine: Engine) -> tuple[str, ...]:
    with engine.connect() as conn:
        return tuple(sorted(MigrationContext.configure(conn).get_current_heads()))


def current_revision(engine: Engine) -> str | None:
    revs = current_revisions(engine)
    return "+".join(revs) if revs else None


def check_schema_version(engine: Engine) -> str | None:
    """Refuse a database written by a newer GridDesk. Returns the current revision."""
    current = current_revision(engine)
    unknown = set(current_revisions(engine)) - known_revisions()
    if unknown:
        raise SchemaTooNew(
            f"The database {describe_url(engine.url)} has schema version {current}, which this "
            f"GridDesk does not know (it knows up to {head_revision()}). It was probably "
            "written by a newer GridDesk: update GridDesk on this workstation."
        )
    return current


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema up to date. Returns (revision before, revision after)."""
    before = check_schema_version(engine)
    if before is None and inspect(engine).has_table("grids"):
        raise SchemaNotReady(
            f"{describe_url(engine.url)} has GridDesk tables but no schema version; "
            "it was not created by GridDesk's migrations and will not be touched."
        )
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
    return before, head_revision()


def ensure_current(engine: Engine) -> None:
    """For commands that read: the schema must exist and be exactly current."""
    current = check_schema_version(engine)
    if current is None:
        raise SchemaNotReady(
            f"{describe_url(engine.url)} has no GridDesk schema yet: run "
            "`python main.py migrate` (or `python main.py demo` for the demo town)."
        )
    if current_revisions(engine) != head_revisions():
        raise SchemaNotReady(
            f"{describe_url(engine.url)} has an older schema ({current}): run "
            "`python main.py migrate` to update it."
        )
