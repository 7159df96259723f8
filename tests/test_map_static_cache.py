"""The static image cache (desktop/map/static_cache.py, MapRenderer.render_static_cached) and
the cluster pyramid in the renderer: a cached frame equals a direct render; data, layer,
thematic and style changes never reuse a stale image; big case layers are drawn through the
pyramid. Real QPainter on QImages, offscreen; no timing."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from desktop.app import create_application
from desktop.map.canvas import render_frame
from desktop.map.renderer import MapRenderer
from desktop.map.static_cache import StaticImageCache
from desktop.map.style import MapStyle
from gis.citygen import build_city
from gis.clusterindex import CLUSTER_INDEX_MIN
from gis.mapmodel import LayerId, MapModel
from gis.thematic import ThematicField, classify_field
from tests.test_desktop_fakesource import town_map_data

W, H = 640, 480


def _array(img: QImage) -> np.ndarray:
    """(height, width, 4) bytes: B, G, R, A (RGB32 images read as opaque)."""
    if img.format() != QImage.Format.Format_ARGB32_Premultiplied:
        img = img.convertToFormat(QImage.Format.Format_RGB32)
    a = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    rows = a.reshape(img.height(), img.bytesPerLine())[:, : img.width() * 4]
    return rows.reshape(img.height(), img.width(), 4).copy()


@pytest.fixture
def renderer(qapp: QApplication) -> MapRenderer:
    create_application("zh_CN")
    model = MapModel(town_map_data())
    model.view.set_size(W, H)
    model.zoom_to_full_extent()
    r = MapRenderer(model)
    r.cache_static = True  # the town is small: force what a city gets by itself
    return r


def _frame(r: MapRenderer) -> np.ndarray:
    f = render_frame(r, r.model.view.copy(), r.snapshot_layers(), r.model.now())
    return _array(f.image)


def test_a_cached_frame_equals_a_direct_render(renderer: MapRenderer) -> None:
    cold = _frame(renderer)
    assert renderer.static_images.misses == 1 and len(renderer.static_images) == 1
    warm = _frame(renderer)
    assert renderer.static_images.hits == 1
    renderer.cache_static = False
    direct = _frame(renderer)
    assert len(np.unique(direct.reshape(-1, 4), axis=0)) > 20  # a real map, not blank
    for img in (cold, warm):
        diff = np.abs(img.astype(int) - direct.astype(int))
        assert (diff > 8).mean() < 0.001  # within a small pixel tolerance (here: equal)


def test_a_new_view_misses_and_a_revisited_one_hits(renderer: MapRenderer) -> None:
    view = renderer.model.view
    _frame(renderer)
    view.zoom_at(1.6)
    _frame(renderer)
    view.zoom_at(1 / 1.6)
    _frame(renderer)
    assert renderer.static_images.misses == 2 and renderer.static_images.hits == 1


def test_data_layer_thematic_and_style_changes_never_reuse_an_image(
    renderer: MapRenderer,
) -> None:
    model = renderer.model
    cache = renderer.static_images
    base = _frame(renderer)
    # a layer toggled: another key, and the picture differs
    model.set_visible(LayerId.MANAGEMENT, False)
    hidden = _frame(renderer)
    assert cache.misses == 2 and not np.array_equal(hidden, base)
    model.set_visible(LayerId.MANAGEMENT, True)
    assert np.array_equal(_frame(renderer), base) and cache.hits == 1
    # opacity and order are part of the key too
    model.set_opacity(LayerId.MANAGEMENT, 0.5)
    _frame(renderer)
    assert cache.misses == 3
    model.set_opacity(LayerId.MANAGEMENT, 1.0)
    # a thematic colouring clears the images
    d = model.layer_data(LayerId.MANAGEMENT)
    values = np.arange(len(d), dtype=float)
    model.set_thematic(
        LayerId.MANAGEMENT,
        ThematicField.OPEN_CASES,
        values,
        classify_field(values, ThematicField.OPEN_CASES),
    )
    assert len(cache) == 0
    themed = _frame(renderer)
    assert not np.array_equal(themed, base)
    model.clear_thematic()
    assert len(cache) == 0
    assert np.array_equal(_frame(renderer), base)
    # new data: everything forgotten
    _frame(renderer)
    model.set_data(town_map_data(seed=8))
    assert len(cache) == 0
    assert not np.array_equal(_frame(renderer), base)
    # another style object: another key
    n = cache.misses
    renderer.style = MapStyle(background="#202020")
    _frame(renderer)
    assert cache.misses == n + 1


def test_a_base_map_or_a_print_transform_bypasses_the_cache(renderer: MapRenderer) -> None:
    class _Base:
        enabled = True

        def render(self, p: QPainter, view: object, model: object) -> None:
            pass

    renderer.basemap = _Base()
    _frame(renderer)
    assert len(renderer.static_images) == 0
    renderer.basemap = None
    img = QImage(W * 2, H * 2, QImage.Format.Format_RGB32)
    p = QPainter(img)
    p.scale(2.0, 2.0)  # a printed page's scale
    renderer.render_static_cached(p, renderer.model.view)
    p.end()
    assert len(renderer.static_images) == 0


def test_the_town_does_not_cache_by_default(qapp: QApplication) -> None:
    model = MapModel(town_map_data())
    assert not MapRenderer(model).uses_static_cache()


def test_the_byte_budget_drops_the_least_recently_used(qapp: QApplication) -> None:
    img = QImage(100, 100, QImage.Format.Format_RGB32)  # 40,000 bytes
    cache = StaticImageCache(max_bytes=100_000)
    cache.put("a", img, {})
    cache.put("b", img, {})
    assert cache.get("a") is not None  # a is now the most recent
    cache.put("c", img, {})
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None
    assert cache.nbytes == 80_000
    cache.put("huge", QImage(400, 400, QImage.Format.Format_RGB32), {})
    assert cache.get("huge") is None and len(cache) == 2


def test_a_big_case_layer_is_drawn_from_the_cluster_pyramid(qapp: QApplication) -> None:
    create_application("zh_CN")
    city = build_city(seed=5, n_grids=60, n_key_points=200, n_cases=CLUSTER_INDEX_MIN + 5000)
    model = MapModel(city.data)
    model.set_point_columns(LayerId.CASES, city.cases)
    model.view.set_size(W, H)
    model.zoom_to_full_extent()
    r = MapRenderer(model)
    img = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(0)
    p = QPainter(img)
    n = r.render_dynamic(p, model.view, model.now())
    p.end()
    assert n == len(model.layer_data(LayerId.CASES))  # all in view, counted by the pyramid
    assert model.layer_data(LayerId.CASES).cluster_index.levels  # a level was built
    alpha = _array(img)[:, :, 3]
    assert (alpha > 0).mean() > 0.02  # bubbles drawn
    # zoomed in on a few cases, they are drawn one by one as before
    d = model.layer_data(LayerId.CASES)
    model.view.center_on(float(d.x[0]), float(d.y[0]), 0.05)
    img.fill(0)
    p = QPainter(img)
    few = r.render_dynamic(p, model.view, model.now())
    p.end()
    assert 1 <= few <= r.style.cluster_above
    assert (_array(img)[:, :, 3] > 0).any()
