"""Schema and migrations on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from shapely.geometry import LineString, Polygon
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from db import models as m
from db.clock import now
from db.migrate import (
    check_schema_version,
    current_revision,
    ensure_current,
    head_revision,
    upgrade,
)
from db.session import (
    DatabaseUnavailable,
    DatabaseUrlError,
    SchemaNotReady,
    SchemaTooNew,
    check_connection,
    make_engine,
    resolve_url,
)


def test_migrate_creates_the_schema_and_matches_the_models(db_url: str) -> None:
    engine = make_engine(resolve_url(db_url))
    assert current_revision(engine) is None
    before, after = upgrade(engine)
    assert before is None and after == head_revision()
    assert upgrade(engine) == (after, after)  # idempotent
    ensure_current(engine)
    names = set(inspect(engine).get_table_names())
    assert {"grids", "key_points", "cases", "case_events", "categories", "users", "geometry_columns"} <= names
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), m.Base.metadata)
        srids = conn.execute(text("SELECT DISTINCT srid FROM geometry_columns")).scalars().all()
    # Boolean/JSON rendering differs harmlessly between dialects; anything structural is a bug.
    structural = [d for d in diffs if d[0] not in ("modify_type",)]
    assert structural == [], structural
    assert srids == [4490]
    engine.dispose()


def test_geometry_round_trip_and_optimistic_lock(db_url: str) -> None:
    engine = make_engine(resolve_url(db_url))
    upgrade(engine)
    poly = Polygon([(121.2, 31.16), (121.21, 31.16), (121.21, 31.17), (121.2, 31.17)])
    with Session(engine) as s, s.begin():
        town = m.Town(admin_code="310118106", name="赵巷镇", geometry=poly)
        town.set_bbox(poly)
        s.add(town)
        s.flush()
        unit = m.AdminUnit(town_id=town.id, kind="committee", admin_code="310118106001", community_seq=1, name="甲")
        s.add(unit)
        s.flush()
        g = m.Grid(level="responsibility", code="31011810601100", name="甲网格", admin_unit_id=unit.id, geometry=poly, area_m2=1.0)
        g.set_bbox(poly)
        s.add(g)
        s.flush()
        line = LineString([(121.2, 31.16), (121.205, 31.165)])
        s.add(m.KeyPoint(kind="river", name="河", lon=121.2, lat=31.16, line=line, grid_id=g.id, qr_code="ZXR000011"))
    with Session(engine) as s:
        g = s.execute(select(m.Grid)).scalar_one()
        assert g.geometry.equals_exact(poly, 0) and g.min_lon == 121.2
        kp = s.execute(select(m.KeyPoint)).scalar_one()
        assert kp.line.equals_exact(line, 0)
    # two workstations load the same grid; the second writer must not silently win
    s1, s2 = Session(engine), Session(engine)
    g1 = s1.execute(select(m.Grid)).scalar_one()
    g2 = s2.execute(select(m.Grid)).scalar_one()
    g1.name = "first"
    s1.commit()
    g2.name = "second"
    with pytest.raises(StaleDataError):
        s2.commit()
    s1.close()
    s2.close()
    assert now().tzinfo is None
    engine.dispose()


def test_newer_schema_is_refused(db_url: str) -> None:
    engine = make_engine(resolve_url(db_url))
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(SchemaTooNew, match="newer GridDesk"):
        check_schema_version(engine)
    with pytest.raises(SchemaTooNew):
        upgrade(engine)
    engine.dispose()


def test_empty_database_is_not_ready(sqlite_url: str) -> None:
    engine = make_engine(resolve_url(sqlite_url))
    with pytest.raises(SchemaNotReady, match="migrate"):
        ensure_current(engine)


@pytest.mark.parametrize(
    "raw, message",
    [
        ("mysql://u@h/db", "Unsupported database"),
        ("postgresql://u@h", "names no database"),
        ("sqlite://", "in-memory"),
        ("postgresql://u@h:notaport/db", "Cannot read"),
    ],
)
def test_bad_urls_are_explained(raw: str, message: str) -> None:
    with pytest.raises(DatabaseUrlError, match=message):
        resolve_url(raw)


def test_bare_path_means_sqlite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = resolve_url(str(tmp_path / "x.db"))
    assert url.get_backend_name() == "sqlite" and url.database == str(tmp_path / "x.db")


def test_unreachable_postgres_is_explained() -> None:
    engine = make_engine(resolve_url("postgresql://nobody@127.0.0.1:1/none"))
    with pytest.raises(DatabaseUnavailable, match="Cannot connect"):
        check_connection(engine)


def test_not_a_database_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    engine = make_engine(resolve_url(str(bad)))
    with pytest.raises(DatabaseUnavailable, match="not a usable database"):
        check_connection(engine)
