"""gis.mapmodel: projection, culling, hit testing, view transforms, labels (no Qt)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
import shapely

from gis.crs import area_m2, project_xy
from gis.mapmodel import (
    CLOSED_CASE_STATES,
    LayerId,
    MapModel,
    MapViewState,
    greedy_colouring,
    place_labels,
)
from tests.test_desktop_fakesource import NOW, small_map_data, town_map_data

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def model() -> MapModel:
    return MapModel(small_map_data())


def _centre_of(model: MapModel, layer: str, fid: int) -> tuple[float, float]:
    b = model.feature_bounds(layer, fid)
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


# --------------------------------------------------------------------------- no Qt


def test_mapmodel_imports_no_qt() -> None:
    code = (
        "import sys, gis.mapmodel; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')]; "
        "assert not bad, bad"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr


# --------------------------------------------------------------------------- projection


def test_everything_is_projected_to_epsg_4549(model: MapModel) -> None:
    data = small_map_data()
    cx, cy = (float(v) for v in project_xy(121.20, 31.16))
    minx, miny, maxx, maxy = model.extent
    assert minx < cx < maxx and miny < cy < maxy
    # GK 120E: easting ~ 500 km + ~115 km at 121.2E; northing ~ 3450 km at 31.16N
    assert 600_000 < cx < 630_000 and 3_440_000 < cy < 3_460_000
    town = model.feature_geometry(LayerId.TOWN, 0)
    assert town.area == pytest.approx(area_m2(data.town.geometry), rel=1e-9)  # type: ignore[union-attr]
    shop = next(p for p in data.key_points if p.kind == "shop")
    d = model.layer_data(LayerId.SHOPS)
    k = d.index_of[shop.id]
    px, py = project_xy(shop.lon, shop.lat)
    assert (d.x[k], d.y[k]) == pytest.approx((float(px), float(py)))
    # the source records are untouched (still lon/lat)
    assert data.town is not None and data.town.geometry.bounds[0] < 200


def test_layers_and_counts(model: MapModel) -> None:
    counts = {lay.id: len(model.layer_data(lay.id)) for lay in model.layers}
    assert counts == {
        "town": 1,
        "responsibility_grids": 2,
        "management_grids": 12,
        "rivers": 1,
        "cameras": 3,
        "river_placards": 1,
        "shops": 5,
        "enterprises": 2,
        "construction_sites": 1,
        "public_places": 1,
        "other_key_points": 0,
        "meetings": 0,  # fed separately (MapModel.set_point_columns), not from MapData
        "cases": 7,  # the closed case is not on the map
    }
    assert [lay.z for lay in model.layers] == sorted(lay.z for lay in model.layers)
    assert model.layer(LayerId.CAMERAS).visible is False
    assert all(model.layer(lid).visible for lid in counts if lid != LayerId.CAMERAS)
    assert all(c.state not in CLOSED_CASE_STATES for c in model.cases())


def test_key_points_of_an_unknown_kind_are_still_shown() -> None:
    data = small_map_data()
    shop = data.key_points[0]
    data.key_points.append(
        type(shop)(7777, "school", "和园小学", shop.lon + 0.001, shop.lat, shop.grid_id)
    )
    m = MapModel(data)
    assert m.layer_data(LayerId.OTHER_POINTS).ids.tolist() == [7777]


def test_vertex_arrays_match_the_geometries(model: MapModel) -> None:
    d = model.layer_data(LayerId.MANAGEMENT)
    assert d.offsets[0] == 0 and d.offsets[-1] == len(d.x)
    for k in (0, 5, 11):
        x, y, starts = d.vertices_of(np.array([k]))
        coords = shapely.get_coordinates(d.geoms[k])
        assert np.allclose(np.column_stack([x, y]), coords)
        assert starts[0] and starts.sum() == 1  # one ring, closed
        assert (x[0], y[0]) == (x[-1], y[-1])
    x, y, starts = d.vertices_of(np.array([2, 7]))
    assert starts.sum() == 2 and len(x) == (d.offsets[3] - d.offsets[2]) + (
        d.offsets[8] - d.offsets[7]
    )
    river = model.layer_data(LayerId.RIVERS)
    assert len(river.x) == 5 and river.starts.sum() == 1


# --------------------------------------------------------------------------- culling


def test_features_in_culls_by_bbox(model: MapModel) -> None:
    cx, cy = _centre_of(model, LayerId.MANAGEMENT, 101)
    small = (cx - 10, cy - 10, cx + 10, cy + 10)
    assert model.features_in(LayerId.MANAGEMENT, small).tolist() == [101]
    assert model.features_in(LayerId.RESPONSIBILITY, small).tolist() == [1]
    far = (cx + 50_000, cy, cx + 51_000, cy + 1000)
    for layer in model.layers:
        assert len(model.features_in(layer.id, far)) == 0
    everything = model.extent
    assert len(model.features_in(LayerId.MANAGEMENT, everything)) == 12
    assert sorted(model.features_in(LayerId.SHOPS, everything).tolist()) == list(range(1000, 1005))
    shop_x, shop_y = _centre_of(model, LayerId.SHOPS, 1002)
    near = (shop_x - 1, shop_y - 1, shop_x + 1, shop_y + 1)
    assert model.features_in(LayerId.SHOPS, near).tolist() == [1002]


def test_culling_scales_to_many_points() -> None:
    big = town_map_data()
    m = MapModel(big)
    minx, miny, maxx, maxy = m.extent
    quarter = (minx, miny, (minx + maxx) / 2, (miny + maxy) / 2)
    ids = m.features_in(LayerId.CAMERAS, quarter)
    d = m.layer_data(LayerId.CAMERAS)
    expected = d.ids[
        (d.x >= quarter[0]) & (d.x <= quarter[2]) & (d.y >= quarter[1]) & (d.y <= quarter[3])
    ]
    assert sorted(ids.tolist()) == sorted(expected.tolist())
    assert 0 < len(ids) < len(d)


# --------------------------------------------------------------------------- hit test


def test_hit_test_picks_the_most_specific_feature(model: MapModel) -> None:
    cx, cy = _centre_of(model, LayerId.MANAGEMENT, 105)
    assert model.hit_test(cx, cy, 1.0) == (LayerId.MANAGEMENT, 105)
    model.set_visible(LayerId.MANAGEMENT, False)
    assert model.hit_test(cx, cy, 1.0) == (LayerId.RESPONSIBILITY, 1)
    model.set_visible(LayerId.RESPONSIBILITY, False)
    assert model.hit_test(cx, cy, 1.0) == (LayerId.TOWN, 0)
    minx, miny, _, _ = model.extent
    assert model.hit_test(minx - 500, miny - 500, 5.0) is None


def test_hit_test_points_within_tolerance(model: MapModel) -> None:
    sx, sy = _centre_of(model, LayerId.SHOPS, 1003)
    assert model.hit_test(sx + 4, sy, 5.0) == (LayerId.SHOPS, 1003)
    assert model.hit_test(sx + 4, sy, 2.0) != (LayerId.SHOPS, 1003)
    model.set_visible(LayerId.SHOPS, False)
    assert model.hit_test(sx, sy, 5.0) != (LayerId.SHOPS, 1003)
    # hidden cameras are never hit; shown, they are
    camx, camy = _centre_of(model, LayerId.CAMERAS, 5001)
    assert model.hit_test(camx, camy, 3.0) != (LayerId.CAMERAS, 5001)
    model.set_visible(LayerId.CAMERAS, True)
    assert model.hit_test(camx, camy, 3.0) == (LayerId.CAMERAS, 5001)


def test_hit_test_lines_and_cases(model: MapModel) -> None:
    river = model.feature_geometry(LayerId.RIVERS, 4000)
    p = river.interpolate(0.3, normalized=True)
    assert model.hit_test(p.x, p.y + 3, 5.0) == (LayerId.RIVERS, 4000)
    cx, cy = _centre_of(model, LayerId.CASES, 9002)
    assert model.hit_test(cx, cy, 5.0) == (LayerId.CASES, 9002)


# --------------------------------------------------------------------------- view


def test_world_screen_round_trip() -> None:
    v = MapViewState(cx=614_000, cy=3_449_000, mpp=2.5, width=800, height=600)
    assert v.world_to_screen(614_000, 3_449_000) == (400.0, 300.0)
    assert v.world_to_screen(614_000 + 250, 3_449_000 + 250) == (500.0, 200.0)  # y is down
    xs = np.array([613_000.0, 615_321.5])
    ys = np.array([3_448_000.0, 3_450_123.25])
    sx, sy = v.world_to_screen(xs, ys)
    bx, by = v.screen_to_world(sx, sy)
    assert np.allclose(bx, xs) and np.allclose(by, ys)
    x0, y0, x1, y1 = v.visible_bbox()
    assert (x1 - x0, y1 - y0) == pytest.approx((2000, 1500))


@pytest.mark.parametrize("factor", [1.25, 0.5, 3.0, 1e6, 1e-6])
@pytest.mark.parametrize("cursor", [(0, 0), (123.5, 456.25), (800, 600), (400, 300)])
def test_zoom_at_keeps_the_point_under_the_cursor(
    factor: float, cursor: tuple[float, float]
) -> None:
    v = MapViewState(cx=614_000, cy=3_449_000, mpp=5.0, width=800, height=600)
    before = v.screen_to_world(*cursor)
    v.zoom_at(factor, *cursor)
    after = v.screen_to_world(*cursor)
    assert after == pytest.approx(before, abs=1e-6)
    assert MapViewState.MIN_MPP <= v.mpp <= MapViewState.MAX_MPP


def test_pan_and_zoom_to_extent_and_signals() -> None:
    v = MapViewState(cx=0, cy=0, mpp=1.0, width=400, height=200)
    events: list[int] = []
    v.changed.connect(lambda: events.append(1))
    v.pan(10, -20)  # content moves right and up: the centre moves left and down
    assert (v.cx, v.cy) == (-10, -20)
    v.zoom_to_extent((1000, 2000, 3000, 2500), margin=0.0)
    assert (v.cx, v.cy) == (2000, 2250)
    x0, y0, x1, y1 = v.visible_bbox()
    assert x0 <= 1000 + 1e-6 and x1 >= 3000 - 1e-6 and y0 <= 2000 + 1e-6 and y1 >= 2500 - 1e-6
    v.set_size(400, 200)  # no change, no signal
    assert len(events) == 2


def test_model_relays_view_and_zooms_to_features(model: MapModel) -> None:
    seen: list[str] = []
    model.view_changed.connect(lambda: seen.append("view"))
    model.view.set_size(1000, 800)
    model.zoom_to_full_extent()
    x0, y0, x1, y1 = model.view.visible_bbox()
    ex = model.extent
    assert x0 <= ex[0] and y0 <= ex[1] and x1 >= ex[2] and y1 >= ex[3]
    model.zoom_to_feature(LayerId.CASES, 9003, max_mpp=1.0)
    assert model.view.mpp <= 1.0
    assert (model.view.cx, model.view.cy) == pytest.approx(_centre_of(model, LayerId.CASES, 9003))
    assert seen


# --------------------------------------------------------------------------- state & events


def test_layer_and_selection_events(model: MapModel) -> None:
    layers: list[str] = []
    selections: list[object] = []
    model.layers_changed.connect(layers.append)
    model.selection_changed.connect(selections.append)
    model.set_visible(LayerId.SHOPS, False)
    model.set_visible(LayerId.SHOPS, False)  # no change
    model.set_opacity(LayerId.MANAGEMENT, 0.5)
    assert layers == ["shops", "management_grids"]
    model.select(LayerId.CASES, 9001)
    model.select(LayerId.CASES, 9001)
    model.clear_selection()
    assert selections == [("cases", 9001), None]
    with pytest.raises(KeyError):
        model.select(LayerId.CASES, 123456)


def test_set_data_keeps_view_and_drops_a_vanished_selection(model: MapModel) -> None:
    events: list[str] = []
    model.data_changed.connect(lambda: events.append("data"))
    model.selection_changed.connect(lambda hit: events.append(f"sel:{hit}"))
    model.view.center_on(1.0, 2.0, 3.0)
    model.select(LayerId.CASES, 9000)
    events.clear()
    data = small_map_data()
    data.cases = [c for c in data.cases if c.id != 9000]
    model.set_data(data)
    assert model.selection is None
    assert events == ["sel:None", "data"]
    assert (model.view.cx, model.view.cy, model.view.mpp) == (1.0, 2.0, 3.0)
    assert len(model.layer_data(LayerId.CASES)) == 6


def test_clock_and_overdue_cases() -> None:
    t = [100.0]
    m = MapModel(small_map_data(), wall_clock=lambda: t[0])
    assert m.now() == NOW
    t[0] += 90
    assert m.now() == NOW + timedelta(seconds=90)
    ids = m.layer_data(LayerId.CASES).ids
    assert ids[m.case_overdue()].tolist() == [9002, 9007]
    assert ids[m.case_alarm()].tolist() == [9002]  # the parked (挂账) case raises no alarm
    # an hour and a bit later the "returned" case (1 h left) is overdue too
    later = NOW + timedelta(hours=1.1)
    assert sorted(ids[m.case_alarm(later)]) == [9002, 9004]


def test_the_alarm_is_updated_only_where_a_deadline_passed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gis.mapmodel as mapmodel

    monkeypatch.setattr(mapmodel, "ALARM_SORTED_MIN", 0)  # a big layer's way, on small data
    m = MapModel(small_map_data(), wall_clock=lambda: 100.0)
    ids = m.layer_data(LayerId.CASES).ids
    parked = m.layer_data(LayerId.CASES).attrs["parked"]
    first = m.case_alarm(NOW)
    assert not first.flags.writeable  # shared between renders: nobody may change it
    assert ids[first].tolist() == [9002]
    # a minute later no deadline has passed: the same answer, not recomputed
    assert m.case_alarm(NOW + timedelta(minutes=1)) is first
    # forwards, backwards and far: always what comparing every deadline gives
    for hours in (1.1, 0.5, 30.0, -48.0, 2.0, 1.1):
        t = NOW + timedelta(hours=hours)
        got = m.case_alarm(t)
        assert np.array_equal(got, m.case_overdue(t) & ~parked), hours
    assert sorted(ids[m.case_alarm(NOW + timedelta(hours=1.1))]) == [9002, 9004]
    assert not first.flags.writeable and ids[first].tolist() == [9002]  # left as it was
    # new data: never the old data's answer
    data = small_map_data()
    data.cases = [c for c in data.cases if c.id != 9002]
    m.set_data(data)
    assert m.layer_data(LayerId.CASES).ids[m.case_alarm(NOW)].tolist() == []


# --------------------------------------------------------------------------- labels & colours


def test_label_anchors_lie_inside_their_polygons() -> None:
    m = MapModel(town_map_data())
    for layer in (LayerId.RESPONSIBILITY, LayerId.MANAGEMENT):
        a = m.label_anchors(layer)
        d = m.layer_data(layer)
        assert len(a.texts) == len(d)
        inside = shapely.contains_xy(d.geoms, a.x, a.y)
        assert inside.all()
        assert all(a.texts)


def _boxes(xs, ys, ws, hs, idx):  # type: ignore[no-untyped-def]
    return [
        (xs[i] - ws[i] / 2, ys[i] - hs[i] / 2, xs[i] + ws[i] / 2, ys[i] + hs[i] / 2) for i in idx
    ]


def _overlap(a, b, pad):  # type: ignore[no-untyped-def]
    return (
        a[0] - pad < b[2] + pad
        and b[0] - pad < a[2] + pad
        and a[1] - pad < b[3] + pad
        and b[1] - pad < a[3] + pad
    )


@pytest.mark.parametrize("seed", range(6))
def test_place_labels_never_overlaps(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 400
    xs, ys = rng.uniform(0, 800, n), rng.uniform(0, 600, n)
    ws, hs = rng.uniform(20, 120, n), np.full(n, 18.0)
    pr = rng.uniform(0, 1, n)
    kept = place_labels(xs, ys, ws, hs, pr, padding=3.0, bounds=(0, 0, 800, 600))
    assert len(kept) > 10
    boxes = _boxes(xs, ys, ws, hs, kept)
    for i in range(len(boxes)):
        b = boxes[i]
        assert b[0] >= 0 and b[1] >= 0 and b[2] <= 800 and b[3] <= 600
        for j in range(i + 1, len(boxes)):
            assert not _overlap(b, boxes[j], 3.0 - 1e-9), (kept[i], kept[j])
    # the most important label always survives (it is placed first)
    all_boxes = _boxes(xs, ys, ws, hs, range(n))
    inside = [
        i
        for i, b in enumerate(all_boxes)
        if b[0] >= 0 and b[1] >= 0 and b[2] <= 800 and b[3] <= 600
    ]
    best = max(inside, key=lambda i: pr[i])
    assert kept[0] == best


def test_place_labels_thins_at_small_scales() -> None:
    rng = np.random.default_rng(1)
    n = 200
    wx, wy = rng.uniform(0, 10_000, n), rng.uniform(0, 10_000, n)
    ws, hs = np.full(n, 60.0), np.full(n, 18.0)
    counts = []
    for mpp in (5.0, 20.0, 80.0):  # zooming out: the same labels crowd together
        kept = place_labels(wx / mpp, wy / mpp, ws, hs, padding=2.0)
        counts.append(len(kept))
    assert counts[0] > counts[1] > counts[2] >= 1
    assert place_labels([], [], [], []).size == 0


def test_colouring_separates_neighbours() -> None:
    m = MapModel(town_map_data())
    slots = m.colour_slots(LayerId.RESPONSIBILITY)
    geoms = m.layer_data(LayerId.RESPONSIBILITY).geoms
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="touches")
    clashes = [(i, j) for i, j in zip(a, b, strict=True) if i != j and slots[i] == slots[j]]
    assert not clashes
    mgmt = m.layer_data(LayerId.MANAGEMENT)
    mslots = m.colour_slots(LayerId.MANAGEMENT)
    resp = m.layer_data(LayerId.RESPONSIBILITY)
    for k, rec in enumerate(mgmt.records):
        assert mslots[k] == slots[resp.index_of[rec.parent_id]]
    assert greedy_colouring([]).size == 0
