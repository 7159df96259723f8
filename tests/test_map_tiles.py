"""World-anchored tiles of the static layers (desktop/map/tiles.py, MapRenderer's tile
methods, the canvas's prefetcher): keys and anchoring, a composed view equal to a direct
render, invalidation on every kind of change, the LRU budget, the prefetcher cancelled by a
view change, and the town untouched (no tiles). Real QPainter on QImages and a real canvas,
offscreen; no timing."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from desktop.app import create_application
from desktop.map.canvas import WHEEL_STEP, MapCanvas, render_frame
from desktop.map.renderer import MapRenderer
from desktop.map.static_cache import StaticImageCache
from desktop.map.style import MapStyle
from desktop.map.tiles import TILE_PX, ZOOM_STEP, TileGrid
from gis.citygen import build_city
from gis.mapmodel import LayerId, MapModel, MapViewState
from gis.thematic import ThematicField, classify_field
from tests.test_desktop_fakesource import town_map_data

W, H = 1200, 1000


def _pixels(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    a = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    return a.reshape(img.height(), img.width(), 4)[..., :3].astype(int).copy()


@pytest.fixture(scope="module")
def city_data():  # type: ignore[no-untyped-def]
    return build_city(7, n_grids=2400, n_key_points=14000, n_cases=500).data


@pytest.fixture
def renderer(qapp: QApplication, city_data) -> MapRenderer:  # type: ignore[no-untyped-def]
    create_application("zh_CN")
    model = MapModel(city_data)
    model.view.set_size(W, H)
    model.zoom_to_full_extent()
    r = MapRenderer(model)
    r.cache_static = True  # big data's path, whatever this test set's size
    r.set_tile_base(model.view.mpp)
    return r


def _zoomed(r: MapRenderer, notches: int = 2) -> MapViewState:
    view = r.model.view
    view.zoom_at(WHEEL_STEP**notches, 0.37 * W + 0.3, 0.61 * H + 0.7)
    return view.copy()


def _static(r: MapRenderer, view: MapViewState) -> tuple[np.ndarray, dict[str, int]]:
    r.static_images.clear()
    img = QImage(view.width, view.height, QImage.Format.Format_RGB32)
    p = QPainter(img)
    stats = r.render_static_cached(p, view, r.snapshot_layers())
    p.end()
    return _pixels(img), stats


def _prepare_all(r: MapRenderer, view: MapViewState) -> int:
    assert r.tile_grid is not None
    level = r.tile_grid.level_of(view.mpp)
    assert level is not None
    layers = r.snapshot_layers()
    decisions, _ = r.static_decisions(view, layers)
    cover = r.tile_grid.tiles_covering(level, view)
    for index, _, _ in cover:
        r.render_tile(index, layers, 1.0, decisions)
    return len(cover)


# --------------------------------------------------------------------------- the grid


def test_levels_are_the_wheel_steps_from_the_base() -> None:
    grid = TileGrid(10.0, (1000.0, 2000.0))
    view = MapViewState(1500.0, 1800.0, 10.0, W, H)
    assert grid.level_of(view.mpp) == 0
    for k in range(1, 12):
        view.zoom_at(WHEEL_STEP, 123.4, 456.7)
        assert grid.level_of(view.mpp) == k
    for _ in range(15):
        view.zoom_at(1 / WHEEL_STEP, 10.0, 10.0)
    assert grid.level_of(view.mpp) == -4
    assert grid.level_of(10.0 / 1.5) is None  # the +/- keys' step: between levels
    assert grid.level_of(10.0 / ZOOM_STEP**3) == 3


def test_snapping_moves_a_view_under_half_a_pixel_onto_the_grid() -> None:
    grid = TileGrid(4.0, (500.0, 700.0))
    rng = np.random.default_rng(3)
    for _ in range(50):
        level = int(rng.integers(-2, 9))
        mpp = grid.level_mpp(level) * (1 + 1e-13)
        view = MapViewState(float(rng.uniform(0, 9000)), float(rng.uniform(0, 9000)), mpp, W, H)
        snapped = grid.snap(view)
        assert snapped is not None
        lvl, sv = snapped
        assert lvl == level and sv.mpp == grid.level_mpp(level)
        assert abs(sv.cx - view.cx) <= 0.5 * mpp + 1e-9
        assert abs(sv.cy - view.cy) <= 0.5 * mpp + 1e-9
        # the view's top-left pixel is a whole pixel of the level
        u = (sv.cx - 500.0) / sv.mpp - W / 2
        v = (700.0 - sv.cy) / sv.mpp - H / 2
        assert abs(u - round(u)) < 1e-6 and abs(v - round(v)) < 1e-6
    assert grid.snap(MapViewState(0.0, 0.0, 4.0 / 1.5, W, H)) is None


def test_tiles_are_anchored_to_the_world_and_cover_the_view() -> None:
    grid = TileGrid(2.0, (0.0, 0.0))
    level = 3
    view = grid.snap(MapViewState(5000.3, -3000.7, grid.level_mpp(level), W, H))
    assert view is not None
    cover = grid.tiles_covering(level, view[1])
    # the tiles tile the view: each meets it, together they cover every pixel once
    hits = np.zeros((H, W), dtype=int)
    for (lvl, i, j), x, y in cover:
        assert lvl == level
        assert x < W and y < H and x + TILE_PX > 0 and y + TILE_PX > 0
        hits[max(y, 0) : y + TILE_PX, max(x, 0) : x + TILE_PX] += 1
        # the tile's own view shows the ground at that place of the view
        tv = grid.tile_view((lvl, i, j))
        wx, wy = view[1].screen_to_world(x, y)
        tx, ty = tv.screen_to_world(0, 0)
        assert abs(wx - tx) < 1e-6 and abs(wy - ty) < 1e-6
    assert (hits == 1).all()
    # panning by one tile shifts the indices by one: the same ground, the same tile
    moved = MapViewState(
        view[1].cx + TILE_PX * view[1].mpp, view[1].cy, view[1].mpp, view[1].width, H
    )
    shifted = {(i - 1, j) for (_, i, j), _, _ in grid.tiles_covering(level, moved)}
    assert shifted == {(i, j) for (_, i, j), _, _ in cover}


# --------------------------------------------------------------------------- rendering


def test_a_composed_view_equals_a_direct_render(renderer: MapRenderer) -> None:
    r = renderer
    view = r.tile_view_for(_zoomed(r))
    assert view is not None
    # first visit: most tiles missing, the view is drawn in one pass and cut into tiles
    direct, stats = _static(r, view)
    assert stats["tiles_direct"] == 1 and stats["tiles_ready"] == 0
    assert len(r.tiles) >= 1  # the tiles the view covers whole
    r.tiles.clear()
    n = _prepare_all(r, view)
    composed, stats = _static(r, view)
    assert stats["tiles"] == stats["tiles_ready"] == n and "tiles_direct" not in stats
    assert len(np.unique(composed.reshape(-1, 3), axis=0)) > 20  # a real map
    diff = np.abs(composed - direct).max(axis=2)
    # equal but for antialiased hairlines where a tile's edge clips them (a few pixels)
    assert (diff > 8).mean() < 0.002
    # and close to the renderer without tiles (which strokes some lines as whole-layer
    # paths instead of cells: glows overlap differently along a few outlines)
    r.use_tiles = False
    plain, stats = _static(r, view)
    assert "tiles" not in stats
    assert (np.abs(plain - composed).max(axis=2) > 8).mean() < 0.01


def test_ready_tiles_go_straight_into_the_frame(renderer: MapRenderer) -> None:
    r = renderer
    view = r.tile_view_for(_zoomed(r))
    assert view is not None
    n = _prepare_all(r, view)
    # the painter on the frame itself: the tiles are blitted into it, no view image is made
    direct, stats = _static(r, view)
    assert stats["tiles"] == stats["tiles_ready"] == n
    assert len(r.static_images) == 0
    # a painter that is not on a whole frame (clipped): composed in an image first, as before
    r.static_images.clear()
    img = QImage(view.width, view.height, QImage.Format.Format_RGB32)
    p = QPainter(img)
    p.setClipRect(0, 0, view.width, view.height)
    r.render_static_cached(p, view, r.snapshot_layers())
    p.end()
    assert len(r.static_images) == 1
    assert np.array_equal(_pixels(img), direct)


def test_a_frame_on_the_pyramid_is_drawn_snapped_and_keeps_its_view(
    renderer: MapRenderer,
) -> None:
    r = renderer
    view = _zoomed(r, 3)
    frame = render_frame(r, view, r.snapshot_layers(), r.model.now())
    assert frame.view == view.state()  # the canvas sees its own view as current
    assert frame.stats["tiles"] > 0
    # between levels (a zoom to a feature, the keys' 1.5x): drawn directly as before
    view.zoom_at(1.5)
    frame = render_frame(r, view, r.snapshot_layers(), r.model.now())
    assert "tiles" not in frame.stats


def test_a_partly_ready_view_draws_only_its_missing_tiles(renderer: MapRenderer) -> None:
    r = renderer
    view = r.tile_view_for(_zoomed(r))
    assert view is not None
    assert r.tile_grid is not None
    layers = r.snapshot_layers()
    decisions, _ = r.static_decisions(view, layers)
    level = r.tile_grid.level_of(view.mpp)
    assert level is not None
    cover = r.tile_grid.tiles_covering(level, view)
    for index, _, _ in cover[1:]:  # all but one
        r.render_tile(index, layers, 1.0, decisions)
    # one tile missing costs less than the view in one pass: it is drawn, the view composed
    _, stats = _static(r, view)
    assert stats["tiles_ready"] == stats["tiles"] - 1 and "tiles_direct" not in stats
    assert len(r.tiles) == len(cover)
    # a new column of tiles (a pan) would cost more (a tile costs ~2.5x its share of the
    # view): the view is drawn in one pass and the tiles it covers whole are kept
    moved = r.tile_view_for(
        MapViewState(view.cx + 0.75 * TILE_PX * view.mpp, view.cy, view.mpp, W, H)
    )
    assert moved is not None
    _, stats = _static(r, moved)
    assert 0 < stats["tiles_ready"] < stats["tiles"] and stats["tiles_direct"] == 1
    assert len(r.tiles) >= len(cover)


def test_every_kind_of_change_misses_the_old_tiles(renderer: MapRenderer) -> None:
    r = renderer
    model = r.model
    view = r.tile_view_for(_zoomed(r))
    assert view is not None
    _prepare_all(r, view)
    assert _static(r, view)[1]["tiles_ready"] > 0

    def ready() -> int:
        return _static(r, view)[1]["tiles_ready"]

    def reset() -> None:
        r.tiles.clear()
        _prepare_all(r, view)

    model.set_visible(LayerId.RIVERS, False)
    assert ready() == 0
    model.set_visible(LayerId.RIVERS, True)
    reset()
    model.set_opacity(LayerId.MANAGEMENT, 0.5)
    assert ready() == 0
    model.set_opacity(LayerId.MANAGEMENT, 1.0)
    reset()
    r.style = MapStyle(background="#202020")
    assert ready() == 0
    reset()
    # another pixel ratio: other tiles
    img = QImage(W * 2, H * 2, QImage.Format.Format_RGB32)
    img.setDevicePixelRatio(2.0)
    p = QPainter(img)
    stats = r.render_static_cached(p, view, r.snapshot_layers())
    p.end()
    assert stats["tiles_ready"] == 0
    # a thematic colouring and new data forget every tile
    reset()
    d = model.layer_data(LayerId.MANAGEMENT)
    values = np.arange(len(d), dtype=float)
    model.set_thematic(
        LayerId.MANAGEMENT,
        ThematicField.OPEN_CASES,
        values,
        classify_field(values, ThematicField.OPEN_CASES),
    )
    assert len(r.tiles) == 0
    reset()
    model.clear_thematic()
    assert len(r.tiles) == 0
    reset()
    model.set_data(build_city(8, n_grids=300, n_key_points=500, n_cases=50).data)
    assert len(r.tiles) == 0


def test_the_tile_budget_drops_the_least_recently_used(renderer: MapRenderer) -> None:
    r = renderer
    tile_bytes = TILE_PX * TILE_PX * 4
    r.tiles = StaticImageCache(max_bytes=3 * tile_bytes)
    view = r.tile_view_for(_zoomed(r))
    assert view is not None
    _prepare_all(r, view)
    assert len(r.tiles) == 3 and r.tiles.nbytes <= 3 * tile_bytes
    # the plan of what to prefetch never asks for more than half the budget
    assert len(r.tile_plan(view, r.snapshot_layers(), 1.0)) <= 1


# --------------------------------------------------------------------------- the canvas


@pytest.fixture
def city_canvas(qapp: QApplication, qtbot, city_data) -> MapCanvas:  # type: ignore[no-untyped-def]
    create_application("zh_CN")
    c = MapCanvas(MapModel(city_data))
    qtbot.addWidget(c)
    c.resize(W, H)
    c.renderer.cache_static = True
    c.background_render = True
    c.show()
    c.ensure_fitted()
    c._prepare_frame()  # what a paint does: the warm-up and the first render start
    assert c.renderer.tile_grid is not None  # the pyramid is anchored at this home view
    assert c.wait_for_render(60_000)
    c._pool.waitForDone(60_000)
    return c


def test_the_prefetcher_prepares_the_next_notch_and_a_view_change_cancels_it(
    city_canvas: MapCanvas, qtbot
) -> None:  # type: ignore[no-untyped-def]
    c = city_canvas
    assert c.renderer.tile_grid is not None
    # idle: the prefetcher starts, and a pan cancels it at once
    c._start_prefetch()
    job = c._prefetch
    assert job is not None and c.prefetching
    c.view.pan(40, 0)
    assert job.cancelled.is_set() and not c.prefetching
    c._pool.waitForDone(60_000)
    qtbot.waitUntil(lambda: c.prefetch_stats["runs"] >= 1, timeout=10_000)
    # back at a view on the pyramid, left alone: the tiles a notch in get ready
    c.view.pan(-40, 0)
    c._schedule()
    assert c.wait_for_render(60_000)
    qtbot.waitUntil(lambda: c.prefetching, timeout=10_000)  # started by the idle timer
    c._pool.waitForDone(120_000)
    qtbot.waitUntil(lambda: not c.prefetching, timeout=10_000)
    assert c.prefetch_stats["tiles"] > 0
    c.view.zoom_at(WHEEL_STEP, W * 0.3, H * 0.6)  # a wheel notch anywhere in the view
    c._schedule()
    assert c.wait_for_render(60_000)
    frame = c._frame
    assert frame is not None and frame.view == c.view.state()
    assert frame.stats["tiles"] > 0 and frame.stats["tiles_ready"] == frame.stats["tiles"]


def test_the_town_draws_as_before_without_tiles(qapp: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    create_application("zh_CN")
    c = MapCanvas(MapModel(town_map_data()))
    qtbot.addWidget(c)
    c.resize(W, H)
    c.show()
    c.ensure_fitted()
    c.flush()
    c.view.zoom_at(WHEEL_STEP, 100, 100)
    c.flush()
    c._start_prefetch()
    assert not c.renderer.uses_tiles() and c.renderer.tile_grid is None
    assert c.renderer.tile_view_for(c.view) is None
    assert len(c.renderer.tiles) == 0 and not c.prefetching
    assert c._frame is not None and "tiles" not in c._frame.stats


def test_bubbles_made_ahead_for_any_notch_draw_the_same_frame(qapp: QApplication) -> None:
    from gis.clusterindex import CLUSTER_INDEX_MIN

    create_application("zh_CN")
    city = build_city(5, n_grids=60, n_key_points=200, n_cases=CLUSTER_INDEX_MIN + 5000)

    def renderer() -> MapRenderer:
        model = MapModel(city.data)
        model.set_point_columns(LayerId.CASES, city.cases)
        model.view.set_size(W, H)
        model.zoom_to_full_extent()
        model.view.zoom_at(2.0)
        return MapRenderer(model)

    def cases(r: MapRenderer, view: MapViewState) -> np.ndarray:
        img = QImage(W, H, QImage.Format.Format_RGB32)
        img.fill(0)
        p = QPainter(img)
        assert r.render_dynamic(p, view, now) > 0
        p.end()
        return _pixels(img)

    warmed, fresh = renderer(), renderer()
    now = warmed.model.now()
    v = warmed.model.view.copy()
    grow = (ZOOM_STEP - 1.0) / 2.0 * max(W, H)
    zin = MapViewState(v.cx, v.cy, v.mpp / ZOOM_STEP, W, H)
    assert warmed.warm_bubbles(zin, now, None, grow) > 0
    assert warmed.warm_bubbles(zin, now, None, grow) == 0  # all made already
    made: list[int] = []
    real = warmed._bubble
    warmed._bubble = lambda *a: made.append(1) or real(*a)  # type: ignore[method-assign]
    # a notch in at a corner: its bubbles were among those made ahead
    notch = warmed.model.view
    notch.zoom_at(ZOOM_STEP, 0.05 * W, 0.9 * H)
    view = notch.copy()
    assert np.array_equal(cases(warmed, view), cases(fresh, view))
    assert made == [] and len(fresh._bubble_looks) > 10  # bubbles drawn, none made late
