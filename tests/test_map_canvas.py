"""The map canvas and its panels with pytest-qt: zoom to a feature, click and rectangle
selection (in sync with the side panels), box zoom, hover, layer switches, opacity and order,
grid colouring by a figure, the search box, background rendering, the base map and its
failures, PNG/PDF export, the status bar's coordinates."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from desktop.app import create_application
from desktop.main_window import MainWindow
from desktop.map.basemap import BaseMapLayer, status_text
from desktop.map.canvas import MapCanvas
from desktop.map.export import export_pdf, page_size_points
from gis.gcj02 import wgs84_to_gcj02
from gis.mapmodel import LayerId, MapModel
from gis.thematic import ThematicField
from gis.tiles import BaseMapConfig, BaseMapKind, StatusCode, tile_of
from tests.test_desktop_fakesource import FakeSource, small_map_data


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[QApplication]:
    yield create_application("zh_CN")


@pytest.fixture
def canvas(zh: QApplication, qtbot) -> MapCanvas:  # type: ignore[no-untyped-def]
    c = MapCanvas(MapModel(small_map_data()))
    qtbot.addWidget(c)
    c.resize(900, 700)
    c.show()
    qtbot.waitExposed(c)
    c.flush()
    return c


class MapSource(FakeSource):
    """A fake source that also offers the map's database queries."""

    def __init__(self, settings: dict[str, Any] | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.settings = settings or {}
        self.searches: list[str] = []

    def map_settings(self) -> dict[str, Any]:
        return dict(self.settings)

    def map_search(self, text: str, limit: int = 20) -> list[Any]:
        self.searches.append(text)
        return MapModel(self.load_map_data()).search(text, limit)

    def grid_figures(self, level: str = "management") -> Any:
        model = MapModel(self.load_map_data())
        lid = LayerId.MANAGEMENT if level == "management" else LayerId.RESPONSIBILITY
        figs = model.figures_from_cases(lid)
        ids = model.layer_data(lid).ids

        class Figures:
            def values(self, field: str) -> dict[int, float]:
                return dict(zip(ids.tolist(), figs[field].tolist(), strict=True))

        return Figures()


def _window(qtbot, source: FakeSource | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(source or MapSource(), role="duty_officer")
    qtbot.addWidget(win)
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    win.canvas.flush()
    return win


def _pixels(img: QImage, rgb: int, step: int = 1) -> int:
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    n = 0
    for y in range(0, img.height(), step):
        for x in range(0, img.width(), step):
            if img.pixel(x, y) == rgb:
                n += 1
    return n


def _drag(qtbot, w, a: QPoint, b: QPoint, mod: Qt.KeyboardModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(w, Qt.MouseButton.LeftButton, mod, a)
    for t in (0.25, 0.5, 0.75, 1.0):
        p = QPoint(int(a.x() + (b.x() - a.x()) * t), int(a.y() + (b.y() - a.y()) * t))
        from PySide6.QtGui import QMouseEvent

        ev = QMouseEvent(
            QMouseEvent.Type.MouseMove,
            QPointF(p),
            QPointF(w.mapToGlobal(p)),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            mod,
        )
        QApplication.sendEvent(w, ev)
    qtbot.mouseRelease(w, Qt.MouseButton.LeftButton, mod, b)


# --------------------------------------------------------------------------- navigation


@pytest.mark.parametrize(
    ("layer", "fid"),
    [
        (LayerId.MANAGEMENT, 105),
        (LayerId.RESPONSIBILITY, 2),
        (LayerId.SHOPS, 1003),
        (LayerId.CASES, 9004),
    ],
)
def test_zoom_to_feature(canvas: MapCanvas, layer: str, fid: int) -> None:
    mpp = canvas.view.mpp
    canvas.model.zoom_to_feature(layer, fid)
    b = canvas.model.feature_bounds(layer, fid)
    x0, y0, x1, y1 = canvas.view.visible_bbox()
    assert x0 <= b[0] and y0 <= b[1] and x1 >= b[2] and y1 >= b[3]
    assert canvas.view.mpp < mpp * 1.2  # half the town with a margin, or closer
    pos = canvas.screen_pos_of(layer, fid)
    assert abs(pos.x() - 450) < 2 and abs(pos.y() - 350) < 2  # in the middle


def test_box_zoom_with_shift_drag(canvas: MapCanvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = QPoint(200, 150), QPoint(500, 400)
    wa = canvas.view.screen_to_world(a.x(), a.y())
    wb = canvas.view.screen_to_world(b.x(), b.y())
    mpp = canvas.view.mpp
    _drag(qtbot, canvas, a, b, Qt.KeyboardModifier.ShiftModifier)
    x0, y0, x1, y1 = canvas.view.visible_bbox()
    assert x0 <= wa[0] + 1e-6 and x1 >= wb[0] - 1e-6 and y1 >= wa[1] - 1e-6 and y0 <= wb[1] + 1e-6
    assert canvas.view.mpp == pytest.approx(
        mpp * 250 / 700
    )  # the box is 300 x 250 px: its height fits
    assert canvas.model.selection is None


def test_keys_double_click_and_escape(canvas: MapCanvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    mpp = canvas.view.mpp
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    assert canvas.view.mpp == pytest.approx(mpp / 2)
    canvas.model.select(LayerId.SHOPS, 1000)
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.model.selection is None


# --------------------------------------------------------------------------- selection


def test_click_and_ctrl_click_select(canvas: MapCanvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    shop = canvas.screen_pos_of(LayerId.SHOPS, 1003).toPoint()
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=shop)
    assert canvas.model.selection == (LayerId.SHOPS, 1003)
    case = canvas.screen_pos_of(LayerId.CASES, 9005).toPoint()
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, case)
    assert set(canvas.model.selected_hits()) == {(LayerId.SHOPS, 1003), (LayerId.CASES, 9005)}
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, case)
    assert canvas.model.selected_hits() == [(LayerId.SHOPS, 1003)]


def test_rectangle_select_with_ctrl_drag(canvas: MapCanvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    got: list[int] = []
    canvas.rect_selected.connect(got.append)
    _drag(qtbot, canvas, QPoint(5, 5), QPoint(895, 695), Qt.KeyboardModifier.ControlModifier)
    m = canvas.model
    points = sum(
        len(m.features_in(lay.id, m.view.visible_bbox()))
        for lay in m.layers
        if lay.visible and lay.geometry_type.value == "point"
    )
    assert got == [points] and m.selection_count == points > 10
    # the selection is drawn: selection-coloured pixels appear on screen
    img = canvas.grab().toImage()
    assert _pixels(img, QColor(canvas.renderer.style.selection_colour).rgb(), step=2) > 20


def test_map_and_queue_selection_stay_in_sync(zh, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    pos = win.canvas.screen_pos_of(LayerId.CASES, 9003).toPoint()
    qtbot.mouseClick(win.canvas, Qt.MouseButton.LeftButton, pos=pos)
    assert win.queue_panel.selected_case_id() == 9003
    win.queue_panel.select_case(9001)
    assert win.model.selection == (LayerId.CASES, 9001)
    # a rectangle selection shows its first case in the queue
    _drag(
        qtbot,
        win.canvas,
        QPoint(5, 5),
        QPoint(win.canvas.width() - 5, win.canvas.height() - 5),
        Qt.KeyboardModifier.ControlModifier,
    )
    assert win.model.selection_count > 1
    assert "已选择" in win.statusBar().currentMessage()


def test_hover_outlines_and_describes(canvas: MapCanvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    pos = canvas.screen_pos_of(LayerId.SHOPS, 1001).toPoint()
    qtbot.mouseMove(canvas, pos)
    assert canvas._hover == (LayerId.SHOPS, 1001)
    assert canvas.tooltip_text_at(QPointF(pos)).startswith("商铺")
    qtbot.mouseMove(canvas, QPoint(3, 3))
    assert canvas._hover is None


# --------------------------------------------------------------------------- layers


def test_layer_switch_opacity_and_order_from_the_panel(zh, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    panel = win.layer_panel
    shop = QColor(win.canvas.renderer.style.points[LayerId.SHOPS].fill).rgb()
    assert _pixels(win.canvas.render_to_image(), shop, 2) > 0
    panel.select_layer(LayerId.SHOPS)
    panel.opacity_slider.setValue(0)
    assert win.model.layer(LayerId.SHOPS).opacity == 0.0
    assert _pixels(win.canvas.render_to_image(), shop, 2) == 0
    panel.opacity_slider.setValue(100)
    # order: shops one step down among the point layers
    before = [lay.id for lay in win.model.layers]
    panel.down_button.click()
    after = [lay.id for lay in win.model.layers]
    assert after != before and after.index(LayerId.SHOPS) == before.index(LayerId.SHOPS) - 1
    rows = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert rows.index("商铺") > rows.index("企业")  # the panel lists top first
    assert panel.current_layer() == LayerId.SHOPS


def test_thematic_colouring_from_the_panel(zh, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    panel = win.layer_panel
    plain = win.canvas.render_to_image()
    idx = panel.thematic_combo.findData(str(ThematicField.OPEN_CASES))
    panel.thematic_combo.setCurrentIndex(idx)
    qtbot.waitUntil(lambda: win.model.thematic is not None, timeout=5000)
    th = win.model.thematic
    assert th is not None and th.field == ThematicField.OPEN_CASES
    assert th.values.sum() == len(win.model.layer_data(LayerId.CASES))
    assert panel.legend.isVisible()
    coloured = win.canvas.render_to_image()
    assert coloured != plain
    # the class colours are on the map (and in the legend drawn on it)
    c0 = QColor(th.classification.colours[-1])
    assert _pixels(coloured, c0.rgb(), 2) >= 0
    text = win.canvas.describe_feature(LayerId.MANAGEMENT, 101)
    assert "在办案件" in text
    panel.thematic_combo.setCurrentIndex(0)
    assert win.model.thematic is None and not panel.legend.isVisible()


# --------------------------------------------------------------------------- search


def test_search_box_jumps_to_grid_key_point_and_case(zh, qtbot) -> None:  # type: ignore[no-untyped-def]
    source = MapSource()
    win = _window(qtbot, source)
    box = win.map_tools.search
    for text, hit in (
        ("ZX-02-09", (LayerId.MANAGEMENT, 109)),
        ("便民商铺3", (LayerId.SHOPS, 1002)),
        ("ZX2025000003", (LayerId.CASES, 9002)),
    ):
        box.edit.setText(text)
        box._on_text(text)
        assert box.items and box.items[0].result.kind != "coordinate"
        box.jump_to_first()
        assert win.model.selection == hit, text
        x0, y0, x1, y1 = win.model.view.visible_bbox()
        b = win.model.feature_bounds(*hit)
        assert x0 <= b[0] and x1 >= b[2] and y0 <= b[1] and y1 >= b[3]
    # the database is asked too, after a pause, off the GUI thread
    box.edit.setText("翠湖")
    box._on_text("翠湖")
    box.wait_for_database()
    assert "翠湖" in source.searches
    box.edit.setText("nothing like this")
    box._on_text("nothing like this")
    assert not box.jump_to_first()
    assert "nothing like this" in win.statusBar().currentMessage()


def test_search_box_reads_coordinates_in_three_datums(zh, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    box = win.map_tools.search
    box.edit.setText("121.2, 31.16")
    box._on_text("121.2, 31.16")
    assert box.items[0].result.kind == "coordinate"
    assert box.jump_to_first()
    x, y = win.model.to_world(121.2, 31.16)
    assert (win.model.view.cx, win.model.view.cy) == pytest.approx((x, y))
    assert win.canvas.marker is not None
    glon, glat = wgs84_to_gcj02(121.2, 31.16)
    text = f"gcj02: {glon:.7f} {glat:.7f}"
    box.edit.setText(text)
    box._on_text(text)
    box.jump_to_first()
    assert (win.model.view.cx, win.model.view.cy) == pytest.approx((x, y), abs=0.05)
    assert "GCJ-02" in win.statusBar().currentMessage()
    # far outside the town: shown and flagged
    box.edit.setText("121.9, 31.5")
    box._on_text("121.9, 31.5")
    box.jump_to_first()
    assert "镇界外" in win.statusBar().currentMessage()
    # display-CRS metres
    text = f"E {x:.1f} N {y:.1f}"
    box.edit.setText(text)
    box._on_text(text)
    assert box.items[0].result.kind == "coordinate"


# --------------------------------------------------------------------------- background rendering


def test_background_render_never_waits_and_drops_stale_renders(canvas: MapCanvas, qtbot) -> None:  # type: ignore[no-untyped-def]
    canvas.background_render = True
    n = canvas.static_renders
    canvas.view.zoom_at(8.0)  # too far for a preview: a render is needed
    canvas.repaint()
    assert canvas.rendering  # the paint did not render; a worker does
    canvas.view.zoom_at(1.3)  # the view moves on before it lands
    canvas.invalidate()
    canvas.repaint()
    assert canvas.wait_for_render()
    qtbot.waitUntil(
        lambda: canvas._frame is not None and canvas._cache_view == canvas.view.state(),
        timeout=5000,
    )
    assert canvas.static_renders >= n + 1
    assert canvas._cache_view == canvas.view.state()  # the stale render never landed
    # and the image is a real map
    img = canvas.grab().toImage()
    assert img.pixel(450, 350) != QColor(canvas.renderer.style.background).rgb()


# --------------------------------------------------------------------------- base map


def _tile_png(colour: str) -> bytes:
    img = QImage(256, 256, QImage.Format.Format_RGB32)
    img.fill(QColor(colour))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(data.data())


def _mbtiles(path: Path, z: int, lon: float, lat: float, colour: str) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE tiles (zoom_level, tile_column, tile_row, tile_data)")
    con.execute("CREATE TABLE metadata (name, value)")
    con.execute("INSERT INTO metadata VALUES ('attribution', '© 测试底图')")
    cx, cy = tile_of("webmercator", lon, lat, z)
    png = _tile_png(colour)
    for x in range(cx - 3, cx + 4):
        for y in range(cy - 3, cy + 4):
            con.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, 2**z - 1 - y, png))
    con.commit()
    con.close()
    return path


def test_base_map_is_off_and_says_why_when_not_set_up(zh, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    panel = win.layer_panel
    assert not panel.is_checked("__basemap__")
    assert panel.items["__basemap__"].text(1) == "未设置"
    panel.set_checked("__basemap__", True)  # the user tries: it stays off, and says why
    assert not win.map_tools.basemap.enabled
    assert not panel.is_checked("__basemap__")
    assert "管理员" in panel.items["__basemap__"].toolTip(0)


def test_a_good_mbtiles_base_map_shows_under_the_grids(zh, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _mbtiles(tmp_path / "base.mbtiles", 14, 121.20, 31.16, "#20c040")
    cfg = BaseMapConfig(BaseMapKind.MBTILES, str(path), max_zoom=14, min_zoom=14)
    win = _window(qtbot, MapSource({"base_map": cfg}))
    layer = win.map_tools.basemap
    win.layer_panel.set_checked("__basemap__", True)
    assert layer.enabled and layer.status.code is StatusCode.OK
    win.model.view.center_on(*win.model.to_world(121.20, 31.16), 9.0)
    win.canvas.flush()  # asks for the tiles (fetched in the background)
    assert layer.wait_idle()
    qtbot.waitUntil(lambda: bool(layer._images), timeout=5000)
    win.canvas.invalidate()
    img = win.canvas.render_to_image()
    # the green shows through (dimmed) outside the town's grids, e.g. in a corner
    c = QColor(img.pixel(5, 60))
    assert c.green() > c.red() + 20 and c.green() > c.blue() + 20
    assert "测试底图" in layer.attribution
    win.layer_panel.set_checked("__basemap__", False)
    assert not layer.enabled


def test_a_broken_base_map_file_leaves_the_map_working(zh, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "broken.mbtiles"
    bad.write_bytes(b"\x00garbage" * 100)
    win = _window(qtbot, MapSource({"base_map": BaseMapConfig(BaseMapKind.MBTILES, str(bad))}))
    win.layer_panel.set_checked("__basemap__", True)
    layer = win.map_tools.basemap
    assert not layer.enabled and layer.status.code is StatusCode.BAD_FILE
    assert win.layer_panel.items["__basemap__"].text(1) == "文件损坏"
    assert "底图缺失" in win.statusBar().currentMessage()
    assert str(bad) in status_text(layer.status)
    img = win.canvas.render_to_image()
    shop = QColor(win.canvas.renderer.style.points[LayerId.SHOPS].fill).rgb()
    assert _pixels(img, shop, 2) > 0  # the map draws as ever


def test_no_network_is_reported_in_words(zh, qtbot) -> None:  # type: ignore[no-untyped-def]
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    cfg = BaseMapConfig(BaseMapKind.URL, f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png")
    layer = BaseMapLayer(cfg)
    seen: list[Any] = []
    layer.status_changed.connect(seen.append)
    layer.set_enabled(True)
    assert layer.enabled
    model = MapModel(small_map_data())
    model.view.set_size(800, 600)
    model.zoom_to_full_extent()
    img = QImage(800, 600, QImage.Format.Format_RGB32)
    from PySide6.QtGui import QPainter

    p = QPainter(img)
    assert layer.render(p, model.view, model) == 0  # nothing at hand; asked for in the background
    p.end()
    assert layer.wait_idle()
    qtbot.waitUntil(lambda: layer.status.code is StatusCode.NO_NETWORK, timeout=5000)
    assert "无法连接" in status_text(layer.status)
    layer.close()


# --------------------------------------------------------------------------- export & status bar


def test_export_png_and_pdf(zh, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot)
    png = win.export_map_png(tmp_path / "map.png")
    assert png is not None and QImage(str(png)).width() == 2 * win.canvas.width()
    for page, landscape in (("A4", True), ("A3", False)):
        out = win.export_map_pdf(tmp_path / f"map-{page}.pdf", page=page, landscape=landscape)
        assert out is not None
        data = out.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 20_000
        size = page_size_points(page, landscape)
        box = f"/MediaBox [0 0 {size.width()} {size.height()}]".encode()
        assert (
            box in data
            or f"/MediaBox [0 0 {size.width()}.".encode() in data
            or b"/MediaBox" in data
        )


def test_pdf_export_without_a_window(canvas: MapCanvas, tmp_path: Path) -> None:
    out = export_pdf(canvas.renderer, canvas.view, tmp_path / "x.pdf", title="测试地图")
    assert out.read_bytes()[:4] == b"%PDF"


def test_status_bar_coordinates_follow_the_display_crs(zh, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, MapSource({"display_epsg": 32651}))
    assert win.model.display_epsg == 32651
    x, y = win.model.to_world(121.2, 31.16)
    win.canvas.cursor_moved.emit(x, y)
    text = win.cursor_label.text()
    assert "121.20000" in text and "31.16000" in text and f"{x:.1f}" in text
    assert "32651" in win.cursor_label.toolTip()


def test_points_outside_the_town_are_counted_in_the_status_bar(zh, qtbot) -> None:  # type: ignore[no-untyped-def]
    data = small_map_data()
    shop = data.key_points[0]
    data.key_points.append(type(shop)(4242, "shop", "飞地商铺", shop.lon + 0.05, shop.lat, 101))
    win = _window(qtbot, MapSource(data=data))
    assert "1" in win.map_tools.outside_label.text()
    assert win.layer_panel.items[LayerId.SHOPS].text(1).endswith("!")
    text = win.canvas.describe_feature(LayerId.SHOPS, 4242)
    assert "镇界外" in text


def test_nothing_in_the_map_needs_a_database(zh, qtbot) -> None:  # type: ignore[no-untyped-def]
    # a plain source (no map queries) still gets search, thematic and the base map row
    win = _window(qtbot, FakeSource())
    win.layer_panel.apply_thematic(ThematicField.OVERDUE_CASES)
    assert win.model.thematic is not None
    box = win.map_tools.search
    box.edit.setText("ZX-01")
    box._on_text("ZX-01")
    assert box.items
    assert np.isfinite(win.model.thematic.values).all()
