"""gis.citygen: the deterministic synthetic city the map is benchmarked on (built small here;
the benchmark builds it at 20,000 grids, 100,000 key points and 1,000,000 cases)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gis.citygen import CITY_CASES, CITY_GRIDS, CITY_KEY_POINTS, build_city
from gis.crs import to_metric
from gis.mapmodel import CASE_STATE_CODES, LayerId, MapModel, case_attributes


@pytest.fixture(scope="module")
def city():  # type: ignore[no-untyped-def]
    return build_city(seed=11, n_grids=400, n_key_points=2000, n_cases=20_000)


def test_the_defaults_are_city_scale() -> None:
    assert (CITY_GRIDS, CITY_KEY_POINTS, CITY_CASES) == (20_000, 100_000, 1_000_000)


def test_counts_are_exact(city) -> None:  # type: ignore[no-untyped-def]
    assert city.counts == {
        "management_grids": 400,
        "responsibility_grids": 80,
        "key_points": 2000,
        "cases": 20_000,
    }
    kinds = {p.kind for p in city.data.key_points}
    assert kinds == {"shop", "enterprise", "river", "construction_site", "public_place"}
    rivers = [p for p in city.data.key_points if p.kind == "river"]
    assert rivers and all(p.line is not None for p in rivers)
    # the placard is a vertex of its reach
    r = rivers[0]
    assert r.line is not None
    coords = np.asarray(r.line.coords)
    assert np.hypot(coords[:, 0] - r.lon, coords[:, 1] - r.lat).min() < 1e-9


def test_same_seed_same_city_other_seed_other_city(city) -> None:  # type: ignore[no-untyped-def]
    again = build_city(seed=11, n_grids=400, n_key_points=2000, n_cases=20_000)
    a = [g.geometry.wkb for g in city.data.management_grids[:20]]
    b = [g.geometry.wkb for g in again.data.management_grids[:20]]
    assert a == b
    assert np.array_equal(city.cases.lon, again.cases.lon)
    other = build_city(seed=12, n_grids=400, n_key_points=2000, n_cases=20_000)
    assert other.data.management_grids[0].geometry.wkb != a[0]


def test_the_grids_tile_the_city_exactly(city) -> None:  # type: ignore[no-untyped-def]
    cells = np.asarray([to_metric(g.geometry) for g in city.data.management_grids], dtype=object)
    assert shapely.is_valid(cells).all()
    assert bool(shapely.coverage_is_valid(cells))  # no overlaps, edges match exactly
    town = to_metric(city.data.town.geometry)
    union_area = float(shapely.area(cells).sum())
    assert union_area == pytest.approx(town.area, rel=1e-6)  # no gaps either
    # about a Zhaoxiang management grid each (0.27 km²), with many vertices per boundary
    assert union_area / 400 == pytest.approx(40.47e6 / 149, rel=0.05)
    assert shapely.get_num_coordinates(cells).mean() > 15


def test_management_grids_lie_in_their_responsibility_grid(city) -> None:  # type: ignore[no-untyped-def]
    resp = {g.id: to_metric(g.geometry) for g in city.data.responsibility_grids}
    for g in city.data.management_grids[::17]:
        assert g.parent_id in resp
        inner = to_metric(g.geometry)
        assert resp[g.parent_id].buffer(0.01).contains(inner)
        assert (
            g.code[:11]
            == next(r.code for r in city.data.responsibility_grids if r.id == g.parent_id)[:11]
        )
        assert len(g.code) == 14 and g.code.isdigit()


def test_cases_are_columns_with_the_case_layer_attributes(city) -> None:  # type: ignore[no-untyped-def]
    cols = city.cases
    assert set(cols.attrs) >= set(case_attributes([]))
    assert set(np.unique(cols.attrs["state"])) <= set(CASE_STATE_CODES)
    ref = city.reference.timestamp()
    overdue = np.mean(cols.attrs["deadline"] < ref)
    assert 0.05 < overdue < 0.3  # some overdue, most not
    assert 0.01 < cols.attrs["urgent"].mean() < 0.06
    rec = cols.record(7)  # type: ignore[misc]
    assert rec.id == cols.ids[7] and rec.lon == cols.lon[7] and rec.number.startswith("SH")


def test_the_map_model_takes_the_city(city) -> None:  # type: ignore[no-untyped-def]
    m = MapModel(city.data)
    m.set_point_columns(LayerId.CASES, city.cases)
    assert len(m.layer_data(LayerId.CASES)) == 20_000
    assert len(m.layer_data(LayerId.MANAGEMENT)) == 400
    # almost every point is inside the city; the few on the bent edge are flagged, not lost
    out = m.outside_town(LayerId.CASES)
    assert out.mean() < 0.01
