"""The demo town as stored, on SQLite and on PostgreSQL: every figure of DOMAIN.md,
computed from the records, and the invariants the tiling and the workflow promise."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import shapely
from shapely.geometry import Point
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from db import models as m
from db.demo import build_demo, has_data, reset_database
from db.queries import load_map_data, summary
from db.session import make_engine, resolve_url
from gis.gridcode import parse_grid_code, validate_management_code
from tests.conftest import create_test_database, drop_test_database

REFERENCE = datetime(2026, 11, 27, 9, 30)


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def demo_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
        engine = make_engine(resolve_url(url))
        build_demo(engine, reference=REFERENCE)
        yield engine
        engine.dispose()
    else:
        admin = request.getfixturevalue("pg_server")
        name, url = create_test_database(admin)
        engine = make_engine(resolve_url(url))
        build_demo(engine, reference=REFERENCE)
        yield engine
        engine.dispose()
        drop_test_database(admin, name)


@pytest.fixture(scope="module")
def figures(demo_engine: Engine) -> dict:
    with Session(demo_engine) as s:
        return summary(s)


def test_domain_figures(figures: dict) -> None:
    assert figures["responsibility_grids"] == 29
    assert figures["management_grids"] == 149
    assert figures["villages"] == 8 and figures["residential_committees"] == 17
    assert figures["population"] == {"total": 151_200, "registered": 56_800, "migrant": 93_100}
    kp = figures["key_points"]
    assert (kp["shop"], kp["enterprise"], kp["river"], kp["construction_site"]) == (327, 41, 39, 6)
    assert figures["key_points_total"] == 451
    assert figures["active_qr_codes"] == 95
    assert figures["cameras"] == 700
    assert figures["departments"] == 37
    assert figures["grid_members"] == 685
    assert figures["categories"] == 240
    assert figures["cases_first_half"] == 25_442
    assert figures["cases_first_half_change_pct"] == -14.47
    assert figures["hazard_reports"] == 93
    assert figures["reference_date"] == "2026-11-27"


def test_coverage_is_exact(figures: dict) -> None:
    cov = figures["coverage"]
    assert cov["area_km2"] == 40.47
    assert cov["gap_m2"] == 0.0 and cov["overlap_m2"] == 0.0 and cov["edges_match"]


def test_open_cases_look_like_a_working_day(demo_engine: Engine, figures: dict) -> None:
    with Session(demo_engine) as s:
        states = dict(s.execute(select(m.Case.state, func.count()).group_by(m.Case.state)).all())
    assert 100 <= figures["open_cases"] <= 600
    for state in ("dispatched", "feedback", "long_term", "returned"):
        assert states.get(state, 0) > 0, state
    assert 0 < figures["overdue_cases"] < figures["open_cases"]


def test_points_and_grids_are_consistent(demo_engine: Engine) -> None:
    with Session(demo_engine) as s:
        grids = {g.id: g for g in s.execute(select(m.Grid)).scalars()}
        for kp in s.execute(select(m.KeyPoint)).scalars():
            grid = grids[kp.grid_id]
            assert grid.level == "management"
            assert grid.geometry.contains(Point(kp.lon, kp.lat)), kp.name
            if kp.kind == "river":
                assert kp.line is not None and kp.line.distance(Point(kp.lon, kp.lat)) < 1e-12
        for cam in s.execute(select(m.Camera)).scalars():
            assert grids[cam.grid_id].geometry.contains(Point(cam.lon, cam.lat))
        open_cases = s.execute(select(m.Case).where(m.Case.state != "closed")).scalars().all()
        for c in open_cases:
            assert grids[c.grid_id].geometry.contains(Point(c.lon, c.lat)), c.number
        for g in grids.values():
            code = parse_grid_code(g.code)
            if g.level == "management":
                validate_management_code(g.code, grids[g.parent_id].code)
                assert grids[g.parent_id].geometry.covers(g.geometry.representative_point())
            else:
                assert code.is_responsibility and g.parent_id is None
        # the grid members' team roles: 1 group leader + 2 party volunteers per management grid
        roles = dict(s.execute(select(m.GridMember.team_role, func.count()).group_by(m.GridMember.team_role)).all())
        assert roles["group_leader"] == 149 and roles["party_volunteer"] == 298
        assert s.execute(select(func.count()).where(m.GridMember.is_grid_leader)).scalar() == 29
        # QR codes are unique and carry a check digit
        codes = s.execute(select(m.KeyPoint.qr_code)).scalars().all()
        assert len(set(codes)) == 451


def test_case_timelines_follow_the_workflow(demo_engine: Engine) -> None:
    with Session(demo_engine) as s:
        sample = s.execute(select(m.Case).where(m.Case.state == "closed").limit(300)).scalars().all()
        for c in sample:
            kinds = [e.kind for e in c.events]
            assert kinds[0] == "report" and kinds[-1] == "close", (c.number, kinds)
            assert c.closed_at is not None and c.closed_at >= c.reported_at
            times = [e.at for e in c.events]
            assert times == sorted(times), c.number
        police = s.execute(select(m.Case).where(m.Case.police).limit(50)).scalars().all()
        assert police and all(c.department_id is None for c in police)


def test_map_data_loads(demo_engine: Engine) -> None:
    with Session(demo_engine) as s:
        data = load_map_data(s)
    assert data.town is not None and len(data.responsibility_grids) == 29
    assert len(data.management_grids) == 149 and len(data.key_points) == 451
    assert len(data.cameras) == 700 and data.cases
    union = shapely.union_all([g.geometry for g in data.management_grids])
    assert union.symmetric_difference(data.town.geometry).area < 1e-12


def test_summary_is_computed_not_stored(demo_engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Session(demo_engine) as s:
        s.begin()
        victim = s.execute(select(m.Camera).limit(1)).scalar_one()
        s.execute(delete(m.Camera).where(m.Camera.id == victim.id))
        assert summary(s)["cameras"] == 699
        s.rollback()
        assert summary(s)["cameras"] == 700


def test_rebuild_needs_reset(demo_engine: Engine) -> None:
    assert has_data(demo_engine)
    with pytest.raises(RuntimeError, match="reset"):
        build_demo(demo_engine, reference=REFERENCE)


def test_demo_is_deterministic_and_resettable(demo_engine: Engine, figures: dict) -> None:
    """Same seed, same reference: same database; a reset rebuilds from scratch. (Runs last in
    the module: it rebuilds the shared demo. On PostgreSQL the identical figures above already
    show the same build, so the slow rebuild runs on SQLite only.)"""
    if demo_engine.dialect.name != "sqlite":
        pytest.skip("rebuild checked on SQLite; PostgreSQL shares the generator")
    query = select(m.Case.number, m.Case.lon, m.Case.state).order_by(m.Case.id).limit(3000)
    with Session(demo_engine) as s:
        first = s.execute(query).all()
    reset_database(demo_engine)
    assert not has_data(demo_engine)
    build_demo(demo_engine, reference=REFERENCE)
    with Session(demo_engine) as s:
        second = s.execute(query).all()
        assert summary(s) == figures
    assert first == second
