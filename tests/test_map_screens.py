"""A picture of every layer state, each checked not blank (and looked at while developing:
set GRIDDESK_SHOTS=/some/dir to keep the PNGs): every layer alone, the grids coloured by each
figure, the selection, clusters of a crowd of cases, the base map, the PDF page."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from desktop.app import create_application
from desktop.map.basemap import BaseMapLayer
from desktop.map.canvas import MapCanvas
from gis.citygen import build_city
from gis.mapmodel import LayerId, MapModel
from gis.thematic import ThematicField, classify_field
from gis.tiles import BaseMapConfig, BaseMapKind, tile_of
from tests.test_desktop_fakesource import town_map_data

SIZE = QSize(1000, 720)


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[QApplication]:
    yield create_application("zh_CN")


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    keep = os.environ.get("GRIDDESK_SHOTS")
    out = Path(keep) if keep else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    return out


def _canvas(qtbot, model: MapModel) -> MapCanvas:  # type: ignore[no-untyped-def]
    c = MapCanvas(model)
    qtbot.addWidget(c)
    c.resize(SIZE)
    c.show()
    qtbot.waitExposed(c)
    c.flush()
    return c


def _ink(img: QImage, background: str) -> int:
    """Pixels that differ from the background (sampled)."""
    a = img.convertToFormat(QImage.Format.Format_RGB32)
    bg = QColor(background).rgb()
    return sum(
        1 for y in range(0, a.height(), 3) for x in range(0, a.width(), 3) if a.pixel(x, y) != bg
    )


def _colours(img: QImage) -> int:
    a = img.convertToFormat(QImage.Format.Format_RGB32)
    return len({a.pixel(x, y) for y in range(0, a.height(), 4) for x in range(0, a.width(), 4)})


def _save(img: QImage, shots: Path, name: str) -> Path:
    path = shots / f"map-{name}.png"
    assert img.save(str(path), "PNG")
    return path


LAYERS = [
    LayerId.TOWN,
    LayerId.RESPONSIBILITY,
    LayerId.MANAGEMENT,
    LayerId.RIVERS,
    LayerId.RIVER_PLACARDS,
    LayerId.SHOPS,
    LayerId.ENTERPRISES,
    LayerId.CONSTRUCTION_SITES,
    LayerId.PUBLIC_PLACES,
    LayerId.CAMERAS,
    LayerId.CASES,
]


@pytest.mark.parametrize("alone", LAYERS)
def test_each_layer_alone_draws_something(zh, qtbot, shots: Path, alone: str) -> None:  # type: ignore[no-untyped-def]
    model = MapModel(town_map_data())
    c = _canvas(qtbot, model)
    bg = c.renderer.style.background
    for lay in model.layers:
        model.set_visible(lay.id, lay.id == alone)
    img = c.render_to_image()
    _save(img, shots, f"layer-{alone}")
    # the map furniture (scale bar, north arrow, CRS note) alone draws about 1,800 sampled
    # pixels; every layer adds many more
    nothing = MapModel(town_map_data())
    for lay in nothing.layers:
        nothing.set_visible(lay.id, False)
    base = _ink(_canvas(qtbot, nothing).render_to_image(), bg)
    assert _ink(img, bg) > base + 20, alone


@pytest.mark.parametrize("field", list(ThematicField))
def test_thematic_maps(zh, qtbot, shots: Path, field: str) -> None:  # type: ignore[no-untyped-def]
    model = MapModel(town_map_data())
    c = _canvas(qtbot, model)
    values = model.figures_from_cases()[field]
    model.set_thematic(LayerId.MANAGEMENT, field, values, classify_field(values, field))
    img = c.render_to_image()
    _save(img, shots, f"thematic-{field}")
    th = model.thematic
    assert th is not None and len(set(th.classes.tolist())) >= 2
    assert _colours(img) > 30


def test_selection_and_hover(zh, qtbot, shots: Path) -> None:  # type: ignore[no-untyped-def]
    model = MapModel(town_map_data())
    c = _canvas(qtbot, model)
    mg = model.layer_data(LayerId.MANAGEMENT).ids[40]
    model.select_many(
        [
            (LayerId.MANAGEMENT, int(mg)),
            *[(LayerId.SHOPS, int(i)) for i in model.layer_data(LayerId.SHOPS).ids[:25]],
        ]
    )
    c._hover = (LayerId.RESPONSIBILITY, int(model.layer_data(LayerId.RESPONSIBILITY).ids[3]))
    img = c.grab().toImage()
    _save(img, shots, "selection")
    sel = QColor(c.renderer.style.selection_colour).rgb()
    a = img.convertToFormat(QImage.Format.Format_RGB32)
    hits = sum(
        1 for y in range(0, a.height(), 2) for x in range(0, a.width(), 2) if a.pixel(x, y) == sel
    )
    assert hits > 30


def test_a_crowd_of_cases_becomes_clusters(zh, qtbot, shots: Path) -> None:  # type: ignore[no-untyped-def]
    city = build_city(seed=3, n_grids=300, n_key_points=1500, n_cases=40_000)
    model = MapModel(city.data)
    model.set_point_columns(LayerId.CASES, city.cases)
    c = _canvas(qtbot, model)
    img = c.render_to_image()
    _save(img, shots, "city-clusters")
    blue = QColor(c.renderer.style.cluster_colour).rgb()
    a = img.convertToFormat(QImage.Format.Format_RGB32)
    bubbles = sum(
        1 for y in range(0, a.height(), 2) for x in range(0, a.width(), 2) if a.pixel(x, y) == blue
    )
    assert bubbles > 200  # the crowd is drawn as bubbles, not 40,000 markers
    model.view.zoom_at(25.0)
    close = c.render_to_image()
    _save(close, shots, "city-close")
    assert _colours(close) > 30


def _png(colour: str) -> bytes:
    img = QImage(256, 256, QImage.Format.Format_RGB32)
    img.fill(QColor(colour))
    p = QPainter(img)
    p.setPen(QColor("#ffffff"))
    for k in range(0, 256, 32):
        p.drawLine(k, 0, k, 255)
        p.drawLine(0, k, 255, k)
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(data.data())


def test_base_map_under_the_grids(zh, qtbot, shots: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "b.mbtiles"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE tiles (zoom_level, tile_column, tile_row, tile_data)")
    z = 13
    cx, cy = tile_of("webmercator", 121.2, 31.16, z)
    for x in range(cx - 3, cx + 4):
        for y in range(cy - 3, cy + 4):
            colour = "#3f6f4a" if (x + y) % 2 else "#5f7f8f"
            con.execute("INSERT INTO tiles VALUES (?,?,?,?)", (z, x, 2**z - 1 - y, _png(colour)))
    con.commit()
    con.close()
    model = MapModel(town_map_data())
    c = _canvas(qtbot, model)
    layer = BaseMapLayer(BaseMapConfig(BaseMapKind.MBTILES, str(path), min_zoom=z, max_zoom=z))
    c.set_basemap(layer)
    layer.set_enabled(True)
    c.render_to_image()  # asks for the tiles
    assert layer.wait_idle()
    qtbot.waitUntil(lambda: len(layer._images) >= 4, timeout=5000)
    img = c.render_to_image()
    _save(img, shots, "basemap")
    corner = QColor(img.pixel(8, 200))
    assert corner.name() != QColor(c.renderer.style.background).name()
    layer.close()


def test_pdf_page(zh, qtbot, shots: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.map.export import export_pdf

    model = MapModel(town_map_data())
    c = _canvas(qtbot, model)
    values = model.figures_from_cases()[ThematicField.OPEN_CASES]
    model.set_thematic(
        LayerId.MANAGEMENT, "open_cases", values, classify_field(values, "open_cases")
    )
    out = export_pdf(c.renderer, c.view, shots / "map-page.pdf", title="赵巷镇网格地图", page="A4")
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 50_000
    assert np.isfinite(values).all()
