"""gis.mapmodel for scale and GIS work, without Qt: the point index and culling, LOD
(simplification by zoom), distinct edges, clusters, thematic colouring, multi-selection,
rectangle queries, points outside the town, the display CRS, search, layer order."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gis.citygen import build_city
from gis.crs import METRIC_EPSG, project_xy, to_metric
from gis.mapmodel import (
    GeometryType,
    IdLookup,
    LayerId,
    MapModel,
    MapViewState,
    PointColumns,
    PointIndex,
    check_display_crs,
    cluster_points,
    edge_set,
    lod_tolerance,
)
from gis.thematic import ThematicField, classify_field
from tests.test_desktop_fakesource import small_map_data, town_map_data


@pytest.fixture(scope="module")
def city():  # type: ignore[no-untyped-def]
    return build_city(seed=5, n_grids=600, n_key_points=3000, n_cases=60_000)


@pytest.fixture(scope="module")
def city_model(city):  # type: ignore[no-untyped-def]
    m = MapModel(city.data)
    m.set_point_columns(LayerId.CASES, city.cases)
    return m


# --------------------------------------------------------------------------- indexes


@pytest.mark.parametrize("seed", range(4))
def test_point_index_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 50_000
    x = rng.normal(600_000, 8_000, n)
    y = rng.normal(3_450_000, 5_000, n)
    x[::997] = np.nan  # missing positions are never returned
    idx = PointIndex(x, y)
    for _ in range(20):
        x0, y0 = rng.uniform(585_000, 615_000), rng.uniform(3_440_000, 3_460_000)
        bbox = (x0, y0, x0 + rng.uniform(10, 8000), y0 + rng.uniform(10, 6000))
        want = np.flatnonzero((x >= bbox[0]) & (x <= bbox[2]) & (y >= bbox[1]) & (y <= bbox[3]))
        assert np.array_equal(idx.query(bbox), want)
        px, py = rng.uniform(590_000, 610_000), rng.uniform(3_445_000, 3_455_000)
        d = np.hypot(x - px, y - py)
        found = idx.nearest(px, py, 300.0)
        if np.nanmin(d) > 300.0:
            assert found is None
        else:
            assert found is not None and found[1] == pytest.approx(np.nanmin(d))
    assert len(idx.query((0, 0, 1, 1))) == 0


def test_id_lookup_is_a_dict_without_the_dict() -> None:
    ids = np.array([50, 10, 40, 20])
    look = IdLookup(ids)
    assert look[40] == 2 and look.get(99) is None and 10 in look and 11 not in look
    assert look.positions([20, 99, 50]).tolist() == [3, -1, 0]
    with pytest.raises(KeyError):
        look[7]


def test_a_million_columnar_points_cull_and_hit_fast_enough_to_test(city_model: MapModel) -> None:
    m = city_model
    d = m.layer_data(LayerId.CASES)
    assert len(d) == 60_000 and d.records[5].number.startswith("SH")
    k = 1234
    hit = m.hit_test(float(d.x[k]), float(d.y[k]), 0.5, layers=[LayerId.CASES])
    assert hit == (LayerId.CASES, int(d.ids[k]))
    rec = m.record(*hit)
    assert rec.id == d.ids[k] and rec.state in d.attrs["state"]
    # culling without a sort for the renderer gives the same set
    x0, y0, x1, y1 = m.extent
    box = (x0, y0, (x0 + x1) / 2, (y0 + y1) / 2)
    assert set(m.indices_in(LayerId.CASES, box, sort=False)) == set(
        m.indices_in(LayerId.CASES, box)
    )


# --------------------------------------------------------------------------- LOD & edges


def test_lod_simplifies_by_zoom_and_keeps_the_tiling(city_model: MapModel) -> None:
    d = city_model.layer_data(LayerId.MANAGEMENT)
    assert d.lod(0.5) is None  # close up: full detail
    assert lod_tolerance(0.5) == 0.0 and lod_tolerance(40.0) == 32.0
    coarse = d.lod(60.0)
    medium = d.lod(8.0)
    assert coarse is not None and medium is not None
    assert len(coarse.x) < len(medium.x) < d.vertex_count
    assert len(coarse.x) < 0.6 * d.vertex_count
    # the simplified polygons still tile: neighbours share their simplified edges
    polys = []
    for k in range(len(d)):
        x, y, starts = d.vertices_of(np.array([k]), coarse)
        rings = np.split(np.column_stack([x, y]), np.flatnonzero(starts)[1:])
        polys.append(shapely.Polygon(rings[0], rings[1:]))
    arr = np.asarray(polys, dtype=object)
    assert shapely.is_valid(arr).all()
    assert bool(shapely.coverage_is_valid(arr))
    assert d.lod(60.0) is coarse  # made once


def test_small_layers_are_never_simplified() -> None:
    m = MapModel(small_map_data())
    assert m.layer_data(LayerId.MANAGEMENT).lod(100.0) is None


def test_distinct_edges_are_stroked_once() -> None:
    m = MapModel(small_map_data())  # 4 x 3 square grids
    d = m.layer_data(LayerId.MANAGEMENT)
    e = edge_set(d.x, d.y, d.starts)
    # a 4 x 3 grid of cells has 4*4 + 3*5 = 31 distinct unit edges (not 12 * 4 = 48)
    assert len(e) == 31
    inner = m.outline_edges(LayerId.MANAGEMENT, 5.0, exclude=(LayerId.RESPONSIBILITY,))
    resp = m.outline_edges(LayerId.RESPONSIBILITY, 5.0)
    assert 0 < len(resp) < len(e)
    assert not np.isin(inner.keys, resp.keys).any()
    assert len(inner) + int(np.isin(e.keys, resp.keys).sum()) == len(e)
    x0, y0, _, _ = m.extent
    part = m.outline_edges(LayerId.MANAGEMENT, 5.0, bbox=(x0, y0, x0 + 100, y0 + 100))
    assert 0 < len(part) < len(e)


# --------------------------------------------------------------------------- clusters


def test_clusters_count_everything_and_stay_put_when_panning() -> None:
    rng = np.random.default_rng(2)
    x = np.concatenate([rng.normal(1000, 30, 500), rng.uniform(0, 10_000, 300)])
    y = np.concatenate([rng.normal(1000, 30, 500), rng.uniform(0, 10_000, 300)])
    flag = np.zeros(len(x), dtype=bool)
    flag[:50] = True
    cl = cluster_points(x, y, 200.0, min_count=3, flags={"alarm": flag})
    assert cl.counts.sum() + len(cl.singles) == len(x)
    assert cl.flag_counts["alarm"].sum() + flag[cl.singles].sum() == 50
    assert cl.counts.max() >= 100  # the crowd around (1000, 1000)
    big = int(np.argmax(cl.counts))
    assert (cl.cx[big], cl.cy[big]) == pytest.approx((1000, 1000), abs=80)
    # the cells are anchored to the world: the same points give the same clusters whatever
    # part of them is in view
    sub = (x > 500) & (x < 3000) & (y > 500) & (y < 3000)
    cl2 = cluster_points(x[sub], y[sub], 200.0, min_count=3)
    assert cl2.counts.max() == cl.counts.max()
    empty = cluster_points(np.empty(0), np.empty(0), 10.0, flags={"alarm": np.empty(0, bool)})
    assert len(empty.counts) == 0 and len(empty.singles) == 0


# --------------------------------------------------------------------------- thematic


def test_thematic_colouring_by_open_cases() -> None:
    m = MapModel(small_map_data())
    events: list[int] = []
    m.thematic_changed.connect(lambda: events.append(1))
    figs = m.figures_from_cases(LayerId.MANAGEMENT)
    assert set(figs) == set(ThematicField)
    open_n = figs[ThematicField.OPEN_CASES]
    assert open_n.sum() == len(m.layer_data(LayerId.CASES))  # every open case has a grid
    assert figs[ThematicField.OVERDUE_CASES].sum() == 1  # 9002; the parked one raises none
    th = m.set_thematic(
        LayerId.MANAGEMENT,
        ThematicField.OPEN_CASES,
        open_n,
        classify_field(open_n, ThematicField.OPEN_CASES),
    )
    assert th.classes.shape == (12,) and (th.classes[open_n == 0] == 0).all()
    assert (th.classes[open_n > 0] > 0).all()
    # responsibility grids sum their management grids
    resp = m.figures_from_cases(LayerId.RESPONSIBILITY)[ThematicField.OPEN_CASES]
    assert resp.sum() == open_n.sum()
    # values by id, missing ones become "no data"
    th2 = m.set_thematic(
        LayerId.MANAGEMENT,
        "overdue_cases",
        {101: 3.0},
        classify_field([3.0], ThematicField.OVERDUE_CASES),
    )
    assert (th2.classes == -1).sum() == 11
    m.clear_thematic()
    assert m.thematic is None and len(events) == 3
    with pytest.raises(ValueError):
        m.set_thematic(LayerId.SHOPS, "open_cases", {}, th.classification)


def test_thematic_survives_a_reload_with_the_same_grids() -> None:
    m = MapModel(small_map_data())
    v = m.figures_from_cases()[ThematicField.OPEN_CASES]
    m.set_thematic(LayerId.MANAGEMENT, "open_cases", v, classify_field(v, "open_cases"))
    m.set_data(small_map_data())
    assert m.thematic is not None
    data = small_map_data()
    data.management_grids = data.management_grids[:-1]
    m.set_data(data)
    assert m.thematic is None  # the grids changed: the colouring would be wrong


# --------------------------------------------------------------------------- selection


def test_rectangle_selection_and_many_selected() -> None:
    m = MapModel(small_map_data())
    sets: list[int] = []
    prim: list[object] = []
    m.selection_set_changed.connect(lambda: sets.append(1))
    m.selection_changed.connect(prim.append)
    hits = m.features_in_rect(m.extent)
    layers = {h[0] for h in hits}
    assert layers <= {lay.id for lay in m.layers if lay.geometry_type is GeometryType.POINT}
    assert LayerId.CAMERAS not in layers  # hidden layers are not selected
    m.select_many(hits)
    assert m.selection_count == len(hits) and m.selection == hits[0]
    assert m.is_selected(*hits[-1])
    assert prim == [hits[0]] and sets == [1]
    # a rectangle without points selects the grids it meets
    ax, ay = m.feature_anchor(LayerId.MANAGEMENT, 101)
    inside = (ax - 2, ay - 2, ax + 2, ay + 2)
    grid_hits = m.features_in_rect(inside)
    assert grid_hits == [(LayerId.MANAGEMENT, 101)]
    assert m.zoom_to_selection()
    m.clear_selection()
    assert m.selection is None and m.selection_count == 0 and not m.zoom_to_selection()


def test_single_select_still_works_as_before() -> None:
    m = MapModel(small_map_data())
    m.select(LayerId.CASES, 9001)
    assert m.selected_hits() == [(LayerId.CASES, 9001)]
    m.select_many([(LayerId.CASES, 9001), (LayerId.SHOPS, 99999)])  # unknown ids are dropped
    assert m.selection_count == 1


# --------------------------------------------------------------------------- outside the town


def test_points_outside_the_town_are_kept_and_flagged() -> None:
    data = small_map_data()
    shop = data.key_points[0]
    stray = type(shop)(4242, "shop", "飞地商铺", shop.lon + 0.2, shop.lat, shop.grid_id)
    data.key_points.append(stray)
    m = MapModel(data)
    d = m.layer_data(LayerId.SHOPS)
    assert 4242 in d.index_of  # never dropped
    out = m.outside_town(LayerId.SHOPS)
    assert out[d.index_of[4242]] and out.sum() == 1
    assert m.outside_counts() == {LayerId.SHOPS: 1}
    assert m.is_outside(shop.lon + 0.2, shop.lat) and not m.is_outside(121.2, 31.16)
    # it is still found by a hit test where it is
    assert m.hit_test(float(d.x[-1]), float(d.y[-1]), 5.0) == (LayerId.SHOPS, 4242)


# --------------------------------------------------------------------------- CRS


def test_display_crs_is_configurable() -> None:
    check_display_crs(METRIC_EPSG)
    check_display_crs(32651)  # WGS84 / UTM 51N
    for bad in (4326, 4490, 999999):
        with pytest.raises(ValueError):
            check_display_crs(bad)
    utm = MapModel(small_map_data(), display_epsg=32651)
    gk = MapModel(small_map_data())
    x, y = utm.to_world(121.2, 31.16)
    ux, uy = project_xy(121.2, 31.16, 4490, 32651)
    assert (x, y) == pytest.approx((float(ux), float(uy)))
    assert utm.to_lonlat(x, y) == pytest.approx((121.2, 31.16))
    # the same grid, the same area, in either projection (within the scale factor)
    a_utm = utm.feature_geometry(LayerId.TOWN, 0).area
    a_gk = gk.feature_geometry(LayerId.TOWN, 0).area
    assert a_utm == pytest.approx(a_gk, rel=2e-3)
    assert a_gk == pytest.approx(to_metric(small_map_data().town.geometry).area)  # type: ignore[union-attr]


def test_box_zoom_shows_the_box() -> None:
    v = MapViewState(cx=0, cy=0, mpp=10, width=800, height=600)
    v.zoom_to_screen_rect(600, 400, 200, 100)  # any corner order
    x0, y0, x1, y1 = v.visible_bbox()
    assert x0 <= -2000 + 1e-6 and x1 >= 2000 - 1e-6 and y1 >= 2000 - 1e-6 and y0 <= -1000 + 1e-6
    assert v.mpp == pytest.approx(5.0)  # a 400 x 300 px box fills the 800 x 600 view
    assert v.scale_denominator() == pytest.approx(5 * 96 / 0.0254)


# --------------------------------------------------------------------------- search & order


def test_search_grids_key_points_and_cases_locally() -> None:
    m = MapModel(town_map_data())
    rec = m.layer_data(LayerId.MANAGEMENT).records[3]
    hits = m.search(rec.code)
    assert hits[0].feature_id == rec.id and hits[0].kind == "grid" and hits[0].score == 0
    shop = m.layer_data(LayerId.SHOPS).records[0]
    assert any(h.feature_id == shop.id for h in m.search(shop.name))
    if shop.qr_code:
        assert m.search(shop.qr_code)[0].feature_id == shop.id
    case = m.cases()[0]
    found = m.search(case.number)
    assert found[0].layer_id == LayerId.CASES and found[0].feature_id == case.id
    assert m.search("   ") == []
    assert m.search("no such thing at all") == []


def test_layers_move_within_their_kind() -> None:
    m = MapModel(small_map_data())
    order: list[int] = []
    m.layer_order_changed.connect(lambda: order.append(1))
    points = [lay.id for lay in m.layers if lay.geometry_type is GeometryType.POINT]
    top = points[-1]
    assert not m.move_layer(top, +1)  # already on top
    assert m.move_layer(top, -1)
    after = [lay.id for lay in m.layers if lay.geometry_type is GeometryType.POINT]
    assert after[-2] == top and order == [1]
    # a point layer never goes under the polygons
    assert m.move_layer(top, -100)
    kinds = [lay.geometry_type for lay in m.layers]
    assert kinds.index(GeometryType.POINT) > max(
        i for i, k in enumerate(kinds) if k is GeometryType.POLYGON
    )


def test_point_columns_replace_a_layer_and_make_records_on_demand() -> None:
    m = MapModel(small_map_data())
    made: list[int] = []

    def rec(k: int) -> str:
        made.append(k)
        return f"camera {k}"

    cols = PointColumns(
        ids=np.arange(10, 13),
        lon=np.array([121.2, 121.201, 121.202]),
        lat=np.array([31.16, 31.16, 31.16]),
        record=rec,
    )
    m.set_point_columns(LayerId.CAMERAS, cols)
    assert len(m.layer_data(LayerId.CAMERAS)) == 3 and made == []
    assert m.record(LayerId.CAMERAS, 12) == "camera 2" and made == [2]
    with pytest.raises(ValueError):
        m.set_point_columns(LayerId.MANAGEMENT, cols)
