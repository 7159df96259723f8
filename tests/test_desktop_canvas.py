"""MapCanvas: the cached static layers, interaction, tooltips, batched path building."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from desktop.app import create_application
from desktop.map.canvas import MapCanvas
from desktop.map.qpath import path_from_arrays, polygonf_from_arrays
from desktop.map.renderer import nice_scale_length
from gis.mapmodel import LayerId, MapModel
from tests.test_desktop_fakesource import small_map_data, town_map_data


@pytest.fixture
def canvas(qapp: QApplication, qtbot) -> MapCanvas:  # type: ignore[no-untyped-def]
    create_application("zh_CN")
    c = MapCanvas(MapModel(small_map_data()))
    qtbot.addWidget(c)
    c.resize(900, 700)
    c.show()
    qtbot.waitExposed(c)
    c.flush()
    return c


def test_first_show_fits_the_whole_town(canvas: MapCanvas) -> None:
    x0, y0, x1, y1 = canvas.view.visible_bbox()
    ex = canvas.model.extent
    assert x0 <= ex[0] and y0 <= ex[1] and x1 >= ex[2] and y1 >= ex[3]
    assert (canvas.view.width, canvas.view.height) == (900, 700)


def test_static_layers_are_cached_and_pan_reuses_the_image(canvas: MapCanvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    n = canvas.static_renders
    canvas.repaint()
    assert canvas.static_renders == n  # nothing changed: no re-render
    canvas.view.pan(40, 10)
    canvas.repaint()
    assert canvas.static_renders == n  # the cached image is shifted while panning
    qtbot.waitUntil(lambda: canvas.static_renders == n + 1, timeout=2000)  # then it settles
    canvas.repaint()
    assert canvas.static_renders == n + 1
    canvas.model.set_visible(LayerId.MANAGEMENT, False)  # a layer change re-renders at once
    canvas.repaint()
    assert canvas.static_renders == n + 2
    canvas.resize(800, 600)
    canvas.repaint()
    assert canvas.static_renders == n + 3


def test_zoom_previews_then_rerenders(canvas: MapCanvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    n = canvas.static_renders
    canvas.view.zoom_at(1.25, 100, 100)
    canvas.repaint()
    assert canvas.static_renders == n  # scaled preview of the cached image
    qtbot.waitUntil(lambda: canvas.static_renders == n + 1, timeout=2000)
    canvas.view.zoom_at(10.0)  # too far for a preview: re-rendered immediately
    canvas.repaint()
    assert canvas.static_renders == n + 2


def test_wheel_zooms_at_the_cursor(canvas: MapCanvas) -> None:
    from PySide6.QtCore import QPoint as P
    from PySide6.QtGui import QWheelEvent

    pos = QPointF(250, 180)
    before = canvas.view.screen_to_world(pos.x(), pos.y())
    mpp = canvas.view.mpp
    event = QWheelEvent(
        pos,
        canvas.mapToGlobal(pos),
        P(0, 0),
        P(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, event)
    assert canvas.view.mpp == pytest.approx(mpp / 1.25)
    assert canvas.view.screen_to_world(pos.x(), pos.y()) == pytest.approx(before)


def test_drag_pans(canvas: MapCanvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    cx, cy = canvas.view.cx, canvas.view.cy
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    qtbot.mouseMove(canvas, QPoint(430, 320))
    qtbot.mouseMove(canvas, QPoint(460, 340))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(460, 340))
    assert canvas.view.cx == pytest.approx(cx - 60 * canvas.view.mpp)
    assert canvas.view.cy == pytest.approx(cy + 40 * canvas.view.mpp)
    assert canvas.model.selection is None  # a drag is not a click


def test_keyboard(canvas: MapCanvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    mpp = canvas.view.mpp
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.view.mpp == pytest.approx(mpp / 1.5)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.view.mpp == pytest.approx(mpp)
    cx = canvas.view.cx
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.view.cx > cx
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert canvas.view.cx == pytest.approx(sum(canvas.model.extent[0::2]) / 2)


def test_tooltips_describe_what_is_under_the_cursor(canvas: MapCanvas) -> None:
    b = canvas.model.feature_bounds(LayerId.MANAGEMENT, 101)
    sx, sy = canvas.view.world_to_screen(b[0] + 40, b[1] + 40)
    text = canvas.tooltip_text_at(QPointF(sx, sy))
    assert text.startswith("管理网格 ZX-01-01") and "所属责任网格：和园村" in text
    shop = canvas.screen_pos_of(LayerId.SHOPS, 1000)
    assert canvas.tooltip_text_at(shop).startswith("商铺 · 便民商铺1")
    case = canvas.screen_pos_of(LayerId.CASES, 9002)
    text = canvas.tooltip_text_at(case)
    assert "案件 ZX2025000003" in text and "处置中" in text and "超期" in text
    urgent = canvas.tooltip_text_at(canvas.screen_pos_of(LayerId.CASES, 9001))
    assert "【紧急】" in urgent


def test_labels_never_overlap_at_any_zoom(qapp: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    create_application("zh_CN")
    c = MapCanvas(MapModel(town_map_data()))
    qtbot.addWidget(c)
    c.resize(1000, 700)
    c.show()
    c.flush()
    layers = set()
    for _ in range(5):
        layer, labels = c.renderer.visible_labels(c.view)
        layers.add(layer)
        assert labels
        for i, (_, a) in enumerate(labels):
            assert a.left() >= 0 and a.right() <= c.width()
            for _, b in labels[i + 1 :]:
                assert not a.intersects(b)
        c.view.zoom_at(1.8)
    assert layers == {LayerId.RESPONSIBILITY, LayerId.MANAGEMENT}  # names switch when zoomed in


def test_overdue_and_urgent_cases_are_marked(canvas: MapCanvas) -> None:
    img = canvas.render_to_image().convertToFormat(QImage.Format.Format_RGB32)
    red = QColor(canvas.renderer.style.overdue_colour).rgb()
    pos = canvas.screen_pos_of(LayerId.CASES, 9002)
    x, y = round(pos.x()), round(pos.y())
    assert img.pixel(x, y) == red  # the overdue case is drawn red
    # ... with a halo: reddish pixels well outside the marker itself
    halo = QColor(img.pixel(x + 10, y))
    assert halo.red() > halo.green() + 30
    ok = canvas.screen_pos_of(LayerId.CASES, 9000)
    assert img.pixel(round(ok.x()), round(ok.y())) != red
    parked = canvas.screen_pos_of(LayerId.CASES, 9007)  # overdue but parked (挂账): no alarm
    assert img.pixel(round(parked.x()), round(parked.y())) != red


def test_sprites_are_cached_per_style(canvas: MapCanvas) -> None:
    n = len(canvas.renderer.sprites)
    assert 0 < n < 20
    canvas.repaint()
    canvas.repaint()
    assert len(canvas.renderer.sprites) == n


def test_batched_path_building() -> None:
    x = np.array([0, 10, 10, 0, 0, 20, 30, 30, 20.0])
    y = np.array([0, 0, 10, 10, 0, 0, 0, 10, 0.0])
    starts = np.array([1, 0, 0, 0, 0, 1, 0, 0, 0], dtype=bool)
    path = path_from_arrays(x, y, starts)
    assert path.elementCount() == 9
    assert path.contains(QPointF(5, 5)) and path.contains(QPointF(27, 3))
    assert not path.contains(QPointF(15, 5))
    assert path_from_arrays(np.empty(0), np.empty(0), np.empty(0, dtype=bool)).isEmpty()
    poly = polygonf_from_arrays(x[:3], y[:3])
    assert poly.size() == 3 and poly.at(2) == QPointF(10, 10)


@pytest.mark.parametrize(
    ("mpp", "expected"), [(1.0, 100.0), (2.5, 200.0), (12.0, 1000.0), (0.1, 10.0), (40.0, 5000.0)]
)
def test_scale_bar_lengths_are_round(mpp: float, expected: float) -> None:
    assert nice_scale_length(mpp, 150.0) == expected
