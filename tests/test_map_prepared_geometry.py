"""Geometry prepared ahead of a render for big data (issue 3, the cold district render): fills
dissolved by parent grid (MapModel.fill_groups), outline edges and rivers cut into cells with
ready paths (desktop/map/binned.py), key-point dots stamped straight into the frame. Each must
draw what the plain way draws: the tests compare pixels of real QPainter renders, offscreen.
No timing."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

import desktop.map.renderer as renderer_module
from desktop.app import create_application
from desktop.map.binned import BinnedPaths, segments_to_polylines
from desktop.map.renderer import MapRenderer, raster_dots
from gis.citygen import build_city
from gis.mapmodel import LayerId, MapModel, MapViewState, dissolve_groups

W, H = 800, 600


def _pixels(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    a = np.frombuffer(img.constBits(), dtype=np.uint32, count=img.width() * img.height())
    return a.reshape(img.height(), img.width()).copy()


def _channel_diff(a: np.ndarray, b: np.ndarray) -> int:
    ca = a.view(np.uint8).reshape(*a.shape, 4)[..., :3].astype(int)
    cb = b.view(np.uint8).reshape(*b.shape, 4)[..., :3].astype(int)
    return int(np.abs(ca - cb).max())


@pytest.fixture(scope="module")
def city_model() -> MapModel:
    city = build_city(7, n_grids=2400, n_key_points=3000, n_cases=500)
    model = MapModel(city.data)
    model.view.set_size(W, H)
    model.zoom_to_full_extent()
    return model


def test_dissolve_groups_keeps_the_area_of_each_group() -> None:
    squares = np.asarray(
        [shapely.box(x, y, x + 1, y + 1) for y in range(3) for x in range(4)], dtype=object
    )
    group = np.asarray([0, 0, 1, 1] * 3)
    merged, first = dissolve_groups(squares, group)
    assert len(merged) == 2
    assert sorted(shapely.area(merged).tolist()) == [6.0, 6.0]
    assert group[first].tolist() == [0, 1]
    # the inner edges are gone: one ring each, its boundary nodes kept (11, not 6 x 5)
    assert shapely.get_num_interior_rings(merged).tolist() == [0, 0]
    assert shapely.get_num_coordinates(merged).tolist() == [11, 11]


def test_fill_groups_cover_the_same_ground_by_colour(city_model: MapModel) -> None:
    m = city_model
    d = m.layer_data(LayerId.MANAGEMENT)
    slots = m.colour_slots(LayerId.MANAGEMENT, 8)
    mpp = m.view.mpp / 4
    groups = m.fill_groups(LayerId.MANAGEMENT, mpp, 8)
    assert 0 < len(groups) < len(d)
    assert groups.vertex_count < shapely.get_num_coordinates(d.geoms_at(mpp)).sum()
    pieces = d.geoms_at(mpp)
    for slot in range(8):
        want = float(shapely.area(pieces[slots == slot]).sum())
        got = float(shapely.area(groups.geoms[groups.attrs["slot"] == slot]).sum())
        assert got == pytest.approx(want, rel=1e-9)
    # made once per level
    assert m.fill_groups(LayerId.MANAGEMENT, mpp, 8) is groups


def test_binned_cells_hold_every_polyline_that_meets_a_box() -> None:
    rng = np.random.default_rng(5)
    x0, y0 = rng.uniform(0, 5000, 400), rng.uniform(0, 5000, 400)
    x1, y1 = x0 + rng.normal(0, 80, 400), y0 + rng.normal(0, 80, 400)
    x, y, starts = segments_to_polylines(x0, y0, x1, y1)
    bins = BinnedPaths(x, y, starts, 700.0)
    assert len(bins) > 4
    for bbox in [(1000, 1000, 1800, 1500), (0, 0, 300, 5000), (4900, 4900, 6000, 6000)]:
        minx, miny, maxx, maxy = bbox
        meets = (
            (np.maximum(x0, x1) >= minx)
            & (np.minimum(x0, x1) <= maxx)
            & (np.maximum(y0, y1) >= miny)
            & (np.minimum(y0, y1) <= maxy)
        )
        paths = bins.paths_in(bbox)
        drawn = sum(p.elementCount() for p in paths) // 2
        assert drawn >= int(meets.sum())
        # every segment meeting the box is in one of the cells' paths
        held = set()
        for p in paths:
            for k in range(0, p.elementCount(), 2):
                e = p.elementAt(k)
                held.add((round(e.x, 6), round(e.y, 6)))
        for k in np.flatnonzero(meets):
            assert (round(float(x0[k]), 6), round(float(y0[k]), 6)) in held
    # a cell's paths are made once
    k = int(bins.cells_in((1000, 1000, 1800, 1500))[0])
    assert bins.paths(k) is bins.paths(k)
    # a big cell is split so that no draw call runs long
    small = BinnedPaths(x + 1000.0, y + 1000.0, starts, 10_000.0, max_vertices=100)
    assert len(small) == 1
    parts = small.paths(0)
    assert len(parts) >= 8 and all(p.elementCount() <= 100 for p in parts)
    assert sum(p.elementCount() for p in parts) == len(x)


def test_dots_stamped_into_the_frame_equal_dots_drawn_over_it(qapp: QApplication) -> None:
    view = MapViewState(width=W, height=H)
    view.center_on(0.0, 0.0, 1.0)
    rng = np.random.default_rng(2)
    sx, sy = rng.uniform(-3, W + 3, 3000), rng.uniform(-3, H + 3, 3000)
    x, y = view.screen_to_world(sx, sy)
    order = rng.permutation(3000)  # any points of the layers, in any order
    layers = [(x, y, order[:2000], "#efc04f"), (x, y, order[2000:], "#4fd1b9")]
    images = []
    for direct in (True, False):
        img = QImage(W, H, QImage.Format.Format_RGB32)
        img.fill(Qt.GlobalColor.darkBlue)
        p = QPainter(img)
        if not direct:
            p.setClipRect(0, 0, W, H)  # with a clip the dots go through an overlay image
        raster_dots(p, view, layers, radius=1)
        p.end()
        images.append(_pixels(img))
    assert (images[0] == images[1]).all()
    assert (images[0] != images[0][0, 0]).sum() > 3000


def _render(r: MapRenderer, view: MapViewState) -> np.ndarray:
    img = QImage(W, H, QImage.Format.Format_RGB32)
    p = QPainter(img)
    r.render_static(p, view)
    p.end()
    return _pixels(img)


@pytest.mark.parametrize("zoom", [4.5, 20.0])
def test_prepared_geometry_draws_what_the_plain_way_draws(
    qapp: QApplication, city_model: MapModel, monkeypatch: pytest.MonkeyPatch, zoom: float
) -> None:
    create_application("zh_CN")
    m = city_model
    m.zoom_to_full_extent()
    cx, cy, mpp, _, _ = m.view.state()
    view = m.view.copy()
    x0, y0, x1, y1 = m.extent
    view.center_on(cx + 0.1 * (x1 - x0), cy - 0.05 * (y1 - y0), mpp / zoom)
    plain = MapRenderer(m)
    plain.cache_static = False  # culled paths built per render, dots drawn as an overlay
    monkeypatch.setattr(renderer_module, "FILL_GROUPS_MIN", 10**9)
    monkeypatch.setattr(renderer_module, "_direct_target", lambda p, w, h: None)
    want = _render(plain, view)
    monkeypatch.undo()
    monkeypatch.setattr(renderer_module, "FILL_GROUPS_MIN", 1000)
    prepared = MapRenderer(m)
    prepared.cache_static = True
    prepared.warm_up([view.mpp])
    assert prepared._binned  # the warm-up made the cells
    got = _render(prepared, view)
    # the same pixels, but for rounding where overlapping strokes blend in another order
    assert _channel_diff(want, got) <= 3
    assert (want != got).mean() < 0.002
