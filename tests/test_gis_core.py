"""gis/ without a database or Qt: CRS, grid codes, tiling checks, the synthetic town."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box

from gis.crs import area_m2, distance_m, project_xy, to_metric, to_storage
from gis.gridcode import (
    GridCodeError,
    make_management_code,
    make_responsibility_code,
    parse_grid_code,
    validate_management_code,
)
from gis.synth import KEY_POINT_COUNTS, build_town
from gis.topology import coverage_report


def test_projection_round_trip_and_zone() -> None:
    x, y = project_xy(121.20, 31.16)
    # CM 120E, no false-easting zone prefix: 1.2 degrees east is ~114 km east of 500 000 m
    assert 600_000 < float(x) < 630_000
    assert 3_440_000 < float(y) < 3_460_000
    lon, lat = project_xy(x, y, 4549, 4490)
    assert abs(float(lon) - 121.20) < 1e-9 and abs(float(lat) - 31.16) < 1e-9


def test_area_and_distance_are_metric() -> None:
    x, y = project_xy(121.2, 31.16)
    square = to_storage(box(float(x), float(y), float(x) + 1000, float(y) + 1000))
    assert area_m2(square) == pytest.approx(1e6, rel=1e-9)
    lon2, lat2 = project_xy(float(x) + 300, float(y) + 400, 4549, 4490)
    assert distance_m(121.2, 31.16, float(lon2), float(lat2)) == pytest.approx(500, abs=1e-6)


def test_grid_codes() -> None:
    r = make_responsibility_code("310118", "106", 7, 2)
    assert r == "31011810607200"
    mcode = make_management_code(r, 5)
    assert mcode == "31011810607205"
    parsed = parse_grid_code(mcode)
    assert parsed.parent_code == r and not parsed.is_responsibility
    validate_management_code(mcode, r)
    with pytest.raises(GridCodeError, match="14 digits"):
        parse_grid_code("3101181060720")
    with pytest.raises(GridCodeError, match="province"):
        parse_grid_code("99011810607205")
    with pytest.raises(GridCodeError, match="community"):
        parse_grid_code("31011810600205")
    with pytest.raises(GridCodeError, match="does not belong"):
        validate_management_code(mcode, "31011810607100")
    with pytest.raises(GridCodeError, match="responsibility"):
        validate_management_code(r, r)


def test_coverage_report_detects_gap_and_overlap() -> None:
    x, y = (float(v) for v in project_xy(121.2, 31.16))
    parent = to_storage(box(x, y, x + 100, y + 100))
    exact = [to_storage(box(x, y, x + 50, y + 100)), to_storage(box(x + 50, y, x + 100, y + 100))]
    rep = coverage_report(parent, exact)
    assert rep.exact and rep.edges_match
    gap = [to_storage(box(x, y, x + 49, y + 100)), to_storage(box(x + 50, y, x + 100, y + 100))]
    assert coverage_report(parent, gap).gap_m2 == pytest.approx(100, rel=1e-6)
    over = [to_storage(box(x, y, x + 51, y + 100)), to_storage(box(x + 50, y, x + 100, y + 100))]
    rep = coverage_report(parent, over)
    assert rep.overlap_m2 == pytest.approx(100, rel=1e-6) and not rep.exact


@pytest.fixture(scope="module")
def town():  # type: ignore[no-untyped-def]
    return build_town()


def test_synthetic_town_counts(town) -> None:  # type: ignore[no-untyped-def]
    assert len(town.responsibility) == 29
    assert len(town.management) == 149
    assert len(town.units) == 25
    assert Counter(u["kind"] for u in town.units) == {"committee": 17, "village": 8}
    assert Counter(p.kind for p in town.key_points) == KEY_POINT_COUNTS
    assert sum(KEY_POINT_COUNTS.values()) == 451
    assert len(town.cameras) == 700


def test_synthetic_town_tiles_exactly(town) -> None:  # type: ignore[no-untyped-def]
    assert area_m2(town.outline) == pytest.approx(40.47e6, abs=1.0)
    top = coverage_report(town.outline, [g.geometry for g in town.responsibility])
    assert top.exact and top.edges_match, top
    assert top.gap_m2 == 0.0 and top.overlap_m2 == 0.0
    for r in town.responsibility:
        children = [g.geometry for g in town.management if g.parent == r.index]
        assert children, f"responsibility grid {r.index} has no management grid"
        rep = coverage_report(r.geometry, children)
        assert rep.exact and rep.edges_match, (r.index, rep)
    for g in town.responsibility + town.management:
        assert g.geometry.is_valid and g.geometry.geom_type == "Polygon"


def test_units_are_contiguous(town) -> None:  # type: ignore[no-untyped-def]
    for u in town.units:
        union = shapely.union_all([town.responsibility[r].geometry_m for r in u["grids"]])
        assert union.geom_type == "Polygon", u


def test_every_point_inside_its_grid(town) -> None:  # type: ignore[no-untyped-def]
    for p in town.key_points + town.cameras:
        grid = town.management[p.grid].geometry
        assert grid.contains(Point(p.lon, p.lat)), p
        others = [g for g in town.management if g.index != p.grid and g.geometry.contains(Point(p.lon, p.lat))]
        assert not others
    rivers = [p for p in town.key_points if p.kind == "river"]
    assert all(p.line is not None and p.line.length > 0 for p in rivers)
    assert all(p.line.distance(Point(p.lon, p.lat)) < 1e-9 for p in rivers)


def test_town_is_where_zhaoxiang_is(town) -> None:  # type: ignore[no-untyped-def]
    c = town.outline.centroid
    assert abs(c.x - 121.20) < 0.03 and abs(c.y - 31.16) < 0.03


def test_generator_is_deterministic(town) -> None:  # type: ignore[no-untyped-def]
    again = build_town()
    assert [g.geometry.wkb for g in again.management] == [g.geometry.wkb for g in town.management]
    assert [(p.lon, p.lat) for p in again.key_points] == [(p.lon, p.lat) for p in town.key_points]
    other = build_town(seed=7)
    assert other.management[0].geometry.wkb != town.management[0].geometry.wkb
    assert len(other.management) == 149


def test_metric_transform_keeps_shared_vertices_identical(town) -> None:  # type: ignore[no-untyped-def]
    a, b = town.management[0].geometry, town.management[1].geometry
    back = [to_storage(to_metric(g)) for g in (a, b)]
    assert np.allclose(shapely.get_coordinates(back[0]), shapely.get_coordinates(a), atol=1e-9)
