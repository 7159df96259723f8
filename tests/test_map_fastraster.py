"""The GIL-free raster kernels (desktop/map/fastraster.py) against Qt's own rasteriser: fills
equal to Qt's aliased fills, hairlines close to its antialiased cosmetic lines with joints
drawn once, dots, the cases where Qt must draw instead, and whole renders with and without
the kernels. Real QPainter on QImages, offscreen; no timing."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses
from collections.abc import Callable, Iterator

import numpy as np
import pytest
import shapely
import shapely.affinity
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QTransform
from PySide6.QtWidgets import QApplication

from desktop.app import create_application
from desktop.map import fastraster
from desktop.map.canvas import render_frame
from desktop.map.qpath import path_from_arrays
from desktop.map.renderer import MapRenderer
from desktop.map.style import MapStyle
from gis.citygen import build_city
from gis.mapmodel import GeometryType, MapModel, _vertex_arrays

W, H = 420, 320
BACKGROUND = 0xFF1B2633
TF = QTransform(1.37, 0, 0, -1.29, 3.3, 310.0)  # scale, y flipped and moved, as a map's


@pytest.fixture(autouse=True)
def kernels_on() -> Iterator[None]:
    if fastraster.kernels() is None:
        pytest.fail("the raster kernels did not compile (numba missing or broken)")
    yield
    fastraster.set_enabled(True)


def _image(fmt: QImage.Format = QImage.Format.Format_RGB32) -> QImage:
    img = QImage(W, H, fmt)
    img.fill(BACKGROUND)
    return img


def _rgb(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    a = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    return a.reshape(img.height(), img.width(), 4)[..., :3].astype(int).copy()


def _by_kernel(draw: Callable[[fastraster.RasterTarget], None]) -> QImage:
    """A fresh image, `draw` given its raster target under the map-like transform TF."""
    img = _image()
    p = QPainter(img)
    p.setTransform(TF)
    target = fastraster.target(p)
    assert target is not None
    draw(target)
    p.end()
    return img


def _blobs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    polys = [
        shapely.Point(rng.uniform(0, 300), rng.uniform(0, 230)).buffer(
            rng.uniform(5, 50), quad_segs=int(rng.integers(2, 8))
        )
        for _ in range(40)
    ]
    polys.append(
        shapely.Polygon(
            [(5, 5), (290, 8), (285, 230), (12, 225)], [[(80, 80), (160, 90), (120, 170)]]
        )
    )
    union = shapely.union_all(polys)
    geoms = np.array(list(getattr(union, "geoms", [union])))
    x, y, starts, _ = _vertex_arrays(geoms, GeometryType.POLYGON)
    return x, y, starts


def test_fill_gives_the_pixels_of_qts_aliased_fill(qapp: QApplication) -> None:
    x, y, starts = _blobs()
    want = _image()
    p = QPainter(want)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#c04030"))
    p.setTransform(TF)
    p.drawPath(path_from_arrays(x, y, starts))
    p.end()
    got = _by_kernel(lambda t: fastraster.fill(t, x, y, starts, QColor("#c04030")))
    a, b = _rgb(want), _rgb(got)
    filled = int((a != _rgb(_image())).any(axis=2).sum())
    assert filled > 20_000  # the holes stay holes and the shapes are there
    differ = int((a != b).any(axis=2).sum())
    assert differ <= filled * 0.001  # only where an edge passes exactly through a centre


def test_features_filled_one_by_one_give_the_pixels_of_a_fill_per_colour(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a tiling (shared edges, a feature with a hole and an island in it, a multipolygon):
    # what the dissolved grid fills are; banded and not
    cells = [
        shapely.box(x0, y0, x0 + 50, y0 + 40).buffer(0)
        for x0 in range(0, 300, 50)
        for y0 in range(0, 240, 40)
    ]
    cells = [shapely.affinity.rotate(c, 7, origin=(150, 120)) for c in cells]  # slanted edges
    hole = shapely.affinity.rotate(shapely.Point(25, 40).buffer(14, quad_segs=5), 7, (150, 120))
    island = shapely.affinity.rotate(shapely.Point(25, 40).buffer(6, quad_segs=4), 7, (150, 120))
    cells[1] = cells[1].union(cells[0]).difference(hole)
    assert shapely.get_num_interior_rings(cells[1]) == 1
    cells[0] = island
    cells[2] = shapely.MultiPolygon([cells[2], cells[-1]])
    cells.pop()
    geoms = np.array(cells)
    assert shapely.union_all(geoms).area == pytest.approx(sum(g.area for g in geoms))
    x, y, starts, offsets = _vertex_arrays(geoms, GeometryType.POLYGON)
    colours = [QColor("#c04030"), QColor("#30a060"), QColor("#4060c0")]
    colour_of = np.arange(len(geoms)) % 3
    idx = np.arange(len(geoms))[::-1].copy()  # any order
    for banded in (False, True):
        monkeypatch.setattr(fastraster, "_two_cores", banded)
        want = _by_kernel(
            lambda t: fastraster.fill_all(
                t,
                [
                    fastraster.Fill(
                        *_vertex_arrays(geoms[colour_of == k], GeometryType.POLYGON)[:3], c
                    )
                    for k, c in enumerate(colours)
                ],
            )
        )
        got = _by_kernel(
            lambda t: fastraster.fill_features(
                t, x, y, starts, offsets, idx, colours, colour_of[idx]
            )
        )
        a, b = _rgb(want), _rgb(got)
        assert (a != _rgb(_image())).any(axis=2).sum() > 50_000
        assert np.array_equal(a, b)


def _random_polylines(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    xs, ys, st = [], [], []
    for _ in range(n):
        k = int(rng.integers(2, 9))
        steps = rng.normal(0, 14, (k, 2))
        start = rng.uniform(-20, 320, 2)
        pts = start + np.cumsum(steps, axis=0)
        xs.append(pts[:, 0])
        ys.append(pts[:, 1])
        s = np.zeros(k, dtype=bool)
        s[0] = True
        st.append(s)
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(st)


@pytest.mark.parametrize("alpha", [1.0, 0.38])
def test_hairlines_look_like_qts_antialiased_cosmetic_lines(
    qapp: QApplication, alpha: float
) -> None:
    x, y, starts = _random_polylines(120, 5)
    colour = QColor("#d5e0ec")
    colour.setAlphaF(alpha)
    want = _image()
    p = QPainter(want)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(colour, 1.0)
    pen.setCosmetic(True)
    p.setPen(pen)
    p.setTransform(TF)
    p.drawPath(path_from_arrays(x, y, starts))
    p.end()
    got = _by_kernel(lambda t: fastraster.stroke(t, x, y, starts, colour, alpha))
    bg = _rgb(_image())
    ink_qt = np.abs(_rgb(want) - bg).sum()
    ink_kernel = np.abs(_rgb(got) - bg).sum()
    # the same amount of ink (Qt draws each joint once per segment, the kernel once) ...
    assert ink_kernel == pytest.approx(ink_qt, rel=0.12)

    # ... in the same places: blurred by a pixel, the two pictures agree closely
    def blur(a: np.ndarray) -> np.ndarray:
        s = a.astype(float)
        return (s + np.roll(s, 1, 0) + np.roll(s, -1, 0) + np.roll(s, 1, 1) + np.roll(s, -1, 1)) / 5

    diff = np.abs(blur(_rgb(want) - bg) - blur(_rgb(got) - bg)).mean()
    assert diff < 0.08 * np.abs(blur(_rgb(want) - bg)).mean() + 0.5


def test_a_joint_is_drawn_once(qapp: QApplication) -> None:
    """Two segments of a translucent polyline meeting on a row: no darker bead where they
    meet (Qt strokes separate segments with a cap each, blending the joint twice)."""
    x = np.array([20.5, 60.5, 100.5])
    y = np.array([50.5, 50.5, 50.5])
    starts = np.array([True, False, False])
    img = _image()
    p = QPainter(img)
    target = fastraster.target(p)
    assert target is not None
    fastraster.stroke(target, x, y, starts, QColor("#ffffff"), 0.5)
    p.end()
    row = _rgb(img)[50, 21:100]
    assert (row == row[0]).all()
    assert (row[0] != _rgb(_image())[50, 0]).all()


def test_dots_are_squares_clipped_at_the_edges(qapp: QApplication) -> None:
    img = _image()
    p = QPainter(img)
    target = fastraster.target(p)
    assert target is not None
    fastraster.dots(
        target,
        np.array([10.2, 0.4, W - 0.6]),
        np.array([10.7, 5.0, H - 1.0]),
        QColor("#efc04f"),
        radius=1,
    )
    p.end()
    on = (_rgb(img) == [0x4F, 0xC0, 0xEF]).all(axis=2)  # bytes in B, G, R order
    assert on[10:13, 9:12].all() and on.sum() == 9 + 6 + 4


def test_qt_draws_where_the_kernels_would_differ(qapp: QApplication) -> None:
    def target_for(img: QImage, setup: object = None) -> fastraster.RasterTarget | None:
        p = QPainter(img)
        if callable(setup):
            setup(p)
        try:
            return fastraster.target(p)
        finally:
            p.end()

    assert target_for(_image()) is not None
    assert target_for(_image(), lambda p: p.setTransform(TF)) is not None
    # translucent or other formats, high-DPI images, a clip, a rotation, another mode
    assert target_for(_image(QImage.Format.Format_ARGB32_Premultiplied)) is None
    hi = _image()
    hi.setDevicePixelRatio(2.0)
    assert target_for(hi) is None
    assert target_for(_image(), lambda p: p.setClipRect(QRectF(0, 0, 50, 50))) is None
    assert target_for(_image(), lambda p: p.rotate(10)) is None
    assert (
        target_for(
            _image(),
            lambda p: p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply),
        )
        is None
    )
    fastraster.set_enabled(False)
    assert fastraster.kernels() is None
    assert target_for(_image()) is None


@pytest.fixture(scope="module")
def city_data():  # type: ignore[no-untyped-def]
    return build_city(11, n_grids=1200, n_key_points=6000, n_cases=300).data


@pytest.mark.parametrize("zoom", [1.0, 4.0])
def test_a_render_with_the_kernels_shows_what_qt_draws(
    qapp: QApplication,
    city_data,
    zoom: float,  # type: ignore[no-untyped-def]
) -> None:
    create_application("zh_CN")
    model = MapModel(city_data)
    model.view.set_size(900, 700)
    model.zoom_to_full_extent()
    cx, cy, mpp, _, _ = model.view.state()
    model.view.center_on(cx, cy, mpp / zoom)
    # the city's path: cell paths, dissolved fills, key points as dots
    r = MapRenderer(model, dataclasses.replace(MapStyle(), sprite_limit=500))
    r.cache_static = True
    pictures = []
    for on in (False, True):
        fastraster.set_enabled(on)
        r.static_images.clear()
        frame = render_frame(r, model.view.copy(), r.snapshot_layers(), model.now())
        assert frame.stats["static_points"] > 500  # drawn as dots
        pictures.append(_rgb(frame.image))
    qt_drawn, kernel_drawn = pictures
    diff = np.abs(qt_drawn - kernel_drawn)
    # fills, dots, labels and cases identical; lines within antialiasing rounding
    assert diff.mean() < 1.0
    assert (diff.max(axis=2) > 40).mean() < 0.01


def test_two_bands_at_once_draw_what_one_pass_draws(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    x, y, starts = _random_polylines(300, 9)
    fx, fy, fstarts = _blobs()
    pictures = []
    for banded in (False, True):
        monkeypatch.setattr(fastraster, "_two_cores", banded)
        img = QImage(700, 520, QImage.Format.Format_RGB32)
        img.fill(BACKGROUND)
        p = QPainter(img)
        p.setTransform(QTransform(2.1, 0, 0, -2.0, 5.5, 505.0))
        target = fastraster.target(p)
        assert target is not None and target.pixels.shape[0] >= fastraster.BAND_MIN_ROWS
        fastraster.fill_all(target, [fastraster.Fill(fx, fy, fstarts, QColor("#304a5c"))])
        fastraster.stroke_all(
            target,
            [
                fastraster.Stroke(x, y, starts, QColor("#d5e0ec"), 0.85),
                fastraster.Stroke(x, y, starts, QColor("#3b8fe0"), 0.6, (0.4, -0.3)),
            ],
        )
        fastraster.dots_all(target, [fastraster.Dots(x, y, QColor("#efc04f"), 1)])
        p.end()
        pictures.append(_rgb(img))
    assert (pictures[0] != _rgb(_image())[0, 0]).any()
    assert np.array_equal(pictures[0], pictures[1])


@pytest.mark.parametrize("width", [1.0, 3.0])
def test_small_sets_joined_draw_what_one_call_per_set_draws(
    qapp: QApplication, width: float
) -> None:
    # cells of a zoomed-in view: many small sets, some styles repeated in a row, a set
    # whose first vertex is not marked, and one big set that stays as it is
    x, y, starts = _random_polylines(400, 5)
    cuts = np.flatnonzero(starts)[::7]
    sets = [
        (x[a:b], y[a:b], starts[a:b].copy()) for a, b in zip(cuts, [*cuts[1:], len(x)], strict=True)
    ]
    sets[3][2][0] = False
    big = _random_polylines(200, 6)
    blue, pale = QColor("#3b8fe0"), QColor("#d5e0ec")
    strokes = [
        fastraster.Stroke(sx, sy, st, blue if k % 9 < 6 else pale, 0.7, width=width)
        for k, (sx, sy, st) in enumerate(sets)
    ]
    strokes.insert(20, fastraster.Stroke(*big, blue, 0.7, width=width))
    assert min(len(s.x) for s in strokes) < fastraster.MERGE_VERTICES < len(big[0])
    joined = _by_kernel(lambda t: fastraster.stroke_all(t, strokes))
    one_by_one = _by_kernel(lambda t: [fastraster.stroke_all(t, [s]) for s in strokes])
    assert (_rgb(joined) != _rgb(_image())).any(axis=2).sum() > 10_000
    assert np.array_equal(_rgb(joined), _rgb(one_by_one))


def test_a_wide_line_covers_its_width(qapp: QApplication) -> None:
    """An opaque 3-pixel line on a row centre fills three rows exactly; a diagonal one
    covers 3 * sqrt(2) pixels of each column (its cross-section, not its projection)."""
    img = _image()
    p = QPainter(img)
    target = fastraster.target(p)
    assert target is not None
    line = fastraster.Stroke(
        np.array([10.5, 90.5]),
        np.array([50.5, 50.5]),
        np.array([True, False]),
        QColor("#3b8fe0"),
        1.0,
        width=3.0,
        round_joins=True,
    )
    diagonal = fastraster.Stroke(
        np.array([100.0, 300.0]),
        np.array([100.0, 300.0]),
        np.array([True, False]),
        QColor("#ffffff"),
        1.0,
        width=3.0,
    )
    fastraster.stroke_all(target, [line, diagonal])
    p.end()
    px = _rgb(img)
    blue = (px == [0xE0, 0x8F, 0x3B]).all(axis=2)  # bytes in B, G, R order
    assert blue[49:52, 12:89].all()
    assert not blue[47, 12:89].any() and not blue[53, 12:89].any()
    bg = _rgb(_image())[0, 0]
    ink = (px[:, 200].astype(float) - bg).sum(axis=1) / (255 - bg).sum()
    assert ink.sum() == pytest.approx(3 * 2**0.5, rel=0.05)


def test_points_in_a_box_are_found_edges_included_nan_left_out() -> None:
    rng = np.random.default_rng(4)
    x, y = rng.uniform(0, 100, 5000), rng.uniform(0, 100, 5000)
    x[:3] = [20.0, 60.0, np.nan]  # on the box's edges, and an unlocated point
    y[:3] = [30.0, 70.0, 50.0]
    box = (20.0, 30.0, 60.0, 70.0)
    found = fastraster.indices_in(x, y, box)
    inside = (x >= 20) & (x <= 60) & (y >= 30) & (y <= 70)
    assert found is not None and found.dtype == np.int64
    assert np.array_equal(found, np.flatnonzero(inside))
    assert {0, 1} <= set(found.tolist()) and 2 not in found


def test_an_image_copied_in_bands_is_the_image(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = QImage(640, 300, QImage.Format.Format_RGB32)
    a = np.frombuffer(src.bits(), dtype=np.uint32)  # type: ignore[call-overload]
    a[:] = np.random.default_rng(5).integers(0, 2**32, a.size, dtype=np.uint32) | 0xFF000000
    for banded in (False, True):
        monkeypatch.setattr(fastraster, "_two_cores", banded)
        dst = QImage(640, 300, QImage.Format.Format_RGB32)
        dst.fill(BACKGROUND)
        p = QPainter(dst)
        assert fastraster.copy_image(p, src)
        p.end()
        assert dst == src
    # where a copy is not what drawing gives, nothing is done
    dst = QImage(640, 300, QImage.Format.Format_RGB32)
    for setup in (
        lambda p: p.translate(3, 0),
        lambda p: p.setOpacity(0.5),
        lambda p: p.setClipRect(0, 0, 10, 10),
    ):
        dst.fill(BACKGROUND)
        p = QPainter(dst)
        setup(p)
        assert not fastraster.copy_image(p, src)
        p.end()
        assert (_rgb(dst) == _rgb(_image())[0, 0]).all()
    small = src.copy(0, 0, 320, 300)
    p = QPainter(dst)
    assert not fastraster.copy_image(p, small)
    assert not fastraster.copy_image(p, src.convertToFormat(QImage.Format.Format_ARGB32))
    p.end()
