"""GIL-free raster kernels: hairlines, polygon fills and dots stamped straight into an image.

Qt's rasteriser is fast, but PySide keeps the GIL for the whole of each draw call, and its
hairline stroker costs ~100 ns per segment: at a city's district the grid outlines and rivers
(~75,000 segments) took 9-12 ms of a ~20 ms render, the fills 5-6 ms (a third of it building
QPainterPaths from the vertex arrays). These kernels, compiled by numba with the GIL released,
draw the same pixels from the vertex arrays themselves:

* `stroke` -- antialiased one-pixel lines: Xiaolin Wu's two-pixel coverage per step along the
  major axis, as Qt's antialiased cosmetic stroker does; a polyline's joints are drawn once, so
  translucent outlines show no beads at their vertices;
* `fill_features` -- opaque non-antialiased polygon fills (even-odd, a pixel is in when its
  centre is, as Qt's aliased filler decides), a ring set or a tiling's features one by one;
* `dots` / `dots_at` -- opaque square dots (the crowded key points), and `indices_in`, the
  culling of big point layers.

They apply where the result equals what QPainter would draw up to antialiasing rounding: an
opaque 32-bit image (Format_RGB32: the canvas's frames, tiles and static images) at pixel
ratio 1, a painter with no clip, no rotation or shear and plain source-over. Anything else
(PDF and print, high-DPI images, a clipped painter) is drawn by Qt as before; so is everything
when numba is missing or fails to compile (a log line says so).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple

import numpy as np
import shiboken6
from PySide6.QtGui import QColor, QImage, QPainter, QTransform

log = logging.getLogger(__name__)

# GRIDDESK_QT_RASTER=1 leaves all drawing to Qt (to compare looks or speed)
_enabled = os.environ.get("GRIDDESK_QT_RASTER", "") in ("", "0")

_lock = threading.Lock()
_kernels: Any = None
_state = "new"  # new | ready | failed


def _cache_dir() -> None:
    """Compiled kernels are cached per user (the install folder may be read-only, e.g. a
    PyInstaller bundle): the first start compiles in about a second, later ones load."""
    if "NUMBA_CACHE_DIR" in os.environ:
        return
    try:
        from platformdirs import user_cache_dir

        os.environ["NUMBA_CACHE_DIR"] = os.path.join(user_cache_dir("griddesk"), "numba")
    except Exception:  # pragma: no cover - platformdirs is a dependency
        pass


def _build() -> Any:
    _cache_dir()
    from desktop.map import _rasterkernels as rk

    stroke, dots, dots_at = rk.stroke, rk.dots, rk.dots_at
    stroke_wide, indices_in, fill_features = rk.stroke_wide, rk.indices_in, rk.fill_features
    # compile (or load from the cache) now, on this thread, not in the middle of a render
    z = np.zeros((2, 2), dtype=np.uint32)
    f = np.zeros(2)
    b = np.zeros(2, dtype=np.bool_)
    stroke(z, f, f, b, 1.0, 1.0, 0.0, 0.0, 0, 0, 0, 1.0)
    i = np.zeros(2, dtype=np.int64)
    fill_features(z, f, f, b, i, i[:0], i[:0], 1.0, 1.0, 0.0, 0.0)
    dots(z, f, f, 1.0, 1.0, 0.0, 0.0, 1, 0)
    dots_at(z, f, f, np.zeros(1, dtype=np.int64), 1.0, 1.0, 0.0, 0.0, 1, 0)
    stroke_wide(z, f, f, b, 1.0, 1.0, 0.0, 0.0, 0, 0, 0, 1.0, 2.0, True)
    indices_in(f, f, 0.0, 0.0, 1.0, 1.0)
    return Kernels(stroke, dots, stroke_wide, indices_in, fill_features, dots_at)


class Kernels(NamedTuple):
    stroke: Any
    dots: Any
    stroke_wide: Any
    indices_in: Any
    fill_features: Any
    dots_at: Any


def kernels() -> Kernels | None:
    """The compiled kernels, or None (numba missing, failed, or disabled). The first call
    compiles or loads them (a few seconds the first time on a machine, then ~0.1 s)."""
    global _kernels, _state
    if not _enabled:
        return None
    if _state == "ready":
        return _kernels  # type: ignore[no-any-return]
    if _state == "failed":
        return None
    with _lock:
        if _state == "new":
            try:
                _kernels = _build()
                _state = "ready"
            except Exception as exc:  # missing or broken numba: Qt strokes everything
                log.warning("raster kernels unavailable, Qt draws everything: %s", exc)
                _state = "failed"
    return _kernels if _state == "ready" else None  # type: ignore[no-any-return]


def set_enabled(on: bool) -> None:
    """Use the kernel (default) or let Qt stroke every line (the benchmark compares both;
    callers must empty their image caches, whose lines were drawn the other way)."""
    global _enabled
    _enabled = on


def preload() -> None:
    """Compile or load the kernel in a background thread (at start-up, so the first map
    render does not wait for it)."""
    if _state == "new" and _enabled:
        threading.Thread(target=kernels, name="fastraster", daemon=True).start()


class RasterTarget(NamedTuple):
    """An image's pixels (rows x stride, uint32) and the painter's world -> pixel mapping."""

    pixels: np.ndarray
    m11: float
    m22: float
    dx: float
    dy: float
    opacity: float

    def offset(self, ox: float, oy: float) -> RasterTarget:
        """The target for coordinates (ox, oy) more than the ones this one maps (world
        coordinates where the painter's transform takes them relative to an origin)."""
        return self._replace(dx=self.dx - ox * self.m11, dy=self.dy - oy * self.m22)


def target(p: QPainter, world: QTransform | None = None) -> RasterTarget | None:
    """Where `p` draws, when the kernels can stand in for it (see the module docstring);
    `world`: the transform the coordinates go through (default: the painter's)."""
    if kernels() is None:
        return None
    dev = p.device()
    if not isinstance(dev, QImage) or dev.format() is not QImage.Format.Format_RGB32:
        return None
    if dev.devicePixelRatio() != 1.0 or p.hasClipping():
        return None
    if p.compositionMode() is not QPainter.CompositionMode.CompositionMode_SourceOver:
        return None
    t = world if world is not None else p.transform()
    if t.type().value > QTransform.TransformationType.TxScale.value:
        return None
    w, h = dev.width(), dev.height()
    stride = dev.bytesPerLine() // 4
    # constBits does not detach: it is the buffer the painter draws into
    address = int(shiboken6.VoidPtr(dev.constBits()))  # type: ignore[call-arg, arg-type]
    ptr = shiboken6.VoidPtr(address, dev.sizeInBytes(), True)  # type: ignore[call-arg, arg-type]
    rows = np.frombuffer(ptr, dtype=np.uint32).reshape(h, stride)  # type: ignore[call-overload]
    return RasterTarget(rows[:, :w], t.m11(), t.m22(), t.dx(), t.dy(), p.opacity())


def copy_image(p: QPainter, image: QImage) -> bool:
    """Draw the opaque `image` at (0, 0) of what `p` paints, as one copy in two bands at once
    (a cold district's 8 MB static image into its frame: ~0.75 ms, Qt's blit ~1.1); False,
    drawing nothing, where the kernels could not stand in for the painter or the image is not
    an RGB32 one of the same size at pixel ratio 1."""
    tgt = target(p)
    if tgt is None or not p.transform().isIdentity() or p.opacity() < 1.0:
        return False
    h, w = tgt.pixels.shape
    if image.format() is not QImage.Format.Format_RGB32 or image.devicePixelRatio() != 1.0:
        return False
    if image.width() != w or image.height() != h:
        return False
    stride = image.bytesPerLine() // 4
    src = np.frombuffer(image.constBits(), dtype=np.uint32).reshape(h, stride)[:, :w]

    def draw(pixels: np.ndarray, shift_y: float) -> None:
        top = int(-shift_y)
        pixels[:] = src[top : top + pixels.shape[0]]

    _banded(tgt, draw)
    return True


class Stroke(NamedTuple):
    """Polylines (`starts` marks each one's first vertex) stroked in `colour` at `alpha`
    (times the painter's opacity), moved by `shift` pixels: one pixel wide (a hairline) or,
    given a `width` over 1, that many pixels, with round joins if asked (opaque lines)."""

    x: np.ndarray
    y: np.ndarray
    starts: np.ndarray
    colour: QColor
    alpha: float
    shift: tuple[float, float] = (0.0, 0.0)
    width: float = 1.0
    round_joins: bool = False


class Fill(NamedTuple):
    """Closed rings filled (even-odd) in the opaque `colour`, without antialiasing."""

    x: np.ndarray
    y: np.ndarray
    starts: np.ndarray
    colour: QColor


class Dots(NamedTuple):
    """Opaque square dots 2 * radius + 1 pixels wide at the points' nearest pixels: every
    point of x, y, or with `idx` those points only."""

    x: np.ndarray
    y: np.ndarray
    colour: QColor
    radius: int = 1
    idx: np.ndarray | None = None


# An image this tall or taller is drawn in two bands at once, the top one by a helper thread:
# the kernels hold no GIL, every pixel depends only on the geometry (a line's coverage of a
# pixel, a row's crossings), so the halves come out exactly as one pass would draw them.
BAND_MIN_ROWS = 256
# polyline sets drawn alike and smaller than this are joined (see _merged; copying big ones
# costs more than the calls it saves)
MERGE_VERTICES = 512
_band_pool: ThreadPoolExecutor | None = None
_band_lock = threading.Lock()
_two_cores = (os.cpu_count() or 1) >= 2


def _pool() -> ThreadPoolExecutor:
    global _band_pool
    with _band_lock:
        if _band_pool is None:
            _band_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fastraster-band")
        return _band_pool


def _banded(tgt: RasterTarget, draw: Callable[[np.ndarray, float], None]) -> None:
    """draw(pixels, dy) over the whole image, or over its two halves at once."""
    h = tgt.pixels.shape[0]
    if not _two_cores or h < BAND_MIN_ROWS:
        draw(tgt.pixels, 0.0)
        return
    half = h // 2
    top = _pool().submit(draw, tgt.pixels[:half], 0.0)
    try:
        draw(tgt.pixels[half:], -float(half))
    finally:
        top.result()


def _argb(c: QColor) -> int:
    return int(0xFF000000 | (c.rgb() & 0xFFFFFF))


def stroke_all(tgt: RasterTarget, items: Sequence[Stroke]) -> None:
    """Draw the strokes, in order."""
    k = kernels()
    if k is None:
        return
    jobs = _merged(
        [
            (
                s.x,
                s.y,
                s.starts,
                (
                    tgt.m11,
                    tgt.m22,
                    tgt.dx + s.shift[0],
                    tgt.dy + s.shift[1],
                    s.colour.red(),
                    s.colour.green(),
                    s.colour.blue(),
                    max(0.0, min(1.0, s.alpha * tgt.opacity)),
                    float(s.width),
                    bool(s.round_joins),
                ),
            )
            for s in items
            if len(s.x) >= 2
        ]
    )
    if not jobs:
        return

    def draw(pixels: np.ndarray, shift_y: float) -> None:
        for x, y, st, (m11, m22, dx, dy, r, g, b, a, width, joins) in jobs:
            if width > 1.0:
                k.stroke_wide(
                    pixels, x, y, st, m11, m22, dx, dy + shift_y, r, g, b, a, width, joins
                )
            else:
                k.stroke(pixels, x, y, st, m11, m22, dx, dy + shift_y, r, g, b, a)

    _banded(tgt, draw)


def _merged(
    items: list[tuple[np.ndarray, np.ndarray, np.ndarray, tuple[Any, ...]]],
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, tuple[Any, ...]]]:
    """Runs of consecutive small polyline sets drawn alike joined into one set each (zoomed
    in, a view's outline cells are dozens of sets of a few dozen vertices): the same pixels
    in the same order, one kernel call per run instead of one per set."""
    out: list[tuple[np.ndarray, np.ndarray, np.ndarray, tuple[Any, ...]]] = []
    i = 0
    while i < len(items):
        j = i + 1
        if len(items[i][0]) < MERGE_VERTICES:
            while (
                j < len(items) and items[j][3] == items[i][3] and len(items[j][0]) < MERGE_VERTICES
            ):
                j += 1
        run = items[i:j]
        if len(run) == 1:
            x, y, st, how = run[0]
            st = np.ascontiguousarray(st, dtype=np.bool_)
        else:
            x = np.concatenate([r[0] for r in run])
            y = np.concatenate([r[1] for r in run])
            st = np.concatenate([r[2] for r in run]).astype(np.bool_, copy=False)
            # every set's first vertex begins a polyline
            st[np.cumsum([0] + [len(r[0]) for r in run[:-1]])] = True
            how = run[0][3]
        out.append((f64(x), f64(y), st, how))
        i = j
    return out


def fill_all(tgt: RasterTarget, items: Sequence[Fill]) -> None:
    """Fill the ring sets, in order (each set's rings as one feature of fill_features)."""
    first = np.zeros(1, dtype=np.int64)
    for f in items:
        if len(f.x) >= 3:
            whole = np.array([0, len(f.x)], dtype=np.int64)
            fill_features(tgt, f.x, f.y, f.starts, whole, first, [f.colour], first)


def fill_features(
    tgt: RasterTarget,
    x: np.ndarray,
    y: np.ndarray,
    starts: np.ndarray,
    offsets: np.ndarray,
    idx: np.ndarray,
    colours: Sequence[QColor],
    colour_of: np.ndarray,
) -> None:
    """Fill features `idx` of a layer's flat arrays (feature f: vertices offsets[f] to
    offsets[f + 1]), each in the opaque colours[colour_of[k]] for idx[k], without
    antialiasing. For features that never overlap (a tiling's groups) these are the pixels of
    a Fill per colour, without gathering each colour's rings first."""
    k = kernels()
    if k is None or len(idx) == 0:
        return
    table = np.array([_argb(c) for c in colours], dtype=np.int64)
    argbs = table[np.asarray(colour_of, dtype=np.int64)]
    xs, ys = f64(x), f64(y)
    st = np.ascontiguousarray(starts, dtype=np.bool_)
    off = np.ascontiguousarray(offsets, dtype=np.int64)
    feats = np.ascontiguousarray(idx, dtype=np.int64)

    def draw(pixels: np.ndarray, shift_y: float) -> None:
        k.fill_features(
            pixels, xs, ys, st, off, feats, argbs, tgt.m11, tgt.m22, tgt.dx, tgt.dy + shift_y
        )

    _banded(tgt, draw)


def dots_all(tgt: RasterTarget, items: Sequence[Dots]) -> None:
    """Stamp the dot sets, in order."""
    k = kernels()
    if k is None:
        return
    jobs = [
        (
            f64(d.x),
            f64(d.y),
            None if d.idx is None else np.ascontiguousarray(d.idx, dtype=np.int64),
            int(d.radius),
            _argb(d.colour),
        )
        for d in items
        if len(d.x) and (d.idx is None or len(d.idx))
    ]
    if not jobs:
        return

    def draw(pixels: np.ndarray, shift_y: float) -> None:
        for x, y, idx, radius, argb in jobs:
            dy = tgt.dy + shift_y
            if idx is None:
                k.dots(pixels, x, y, tgt.m11, tgt.m22, tgt.dx, dy, radius, argb)
            else:
                k.dots_at(pixels, x, y, idx, tgt.m11, tgt.m22, tgt.dx, dy, radius, argb)

    _banded(tgt, draw)


def stroke(
    tgt: RasterTarget,
    x: np.ndarray,
    y: np.ndarray,
    starts: np.ndarray,
    c: QColor,
    alpha: float,
    shift: tuple[float, float] = (0.0, 0.0),
) -> None:
    """One Stroke (see stroke_all)."""
    stroke_all(tgt, [Stroke(x, y, starts, c, alpha, shift)])


def fill(tgt: RasterTarget, x: np.ndarray, y: np.ndarray, starts: np.ndarray, c: QColor) -> None:
    """One Fill (see fill_all)."""
    fill_all(tgt, [Fill(x, y, starts, c)])


def dots(tgt: RasterTarget, x: np.ndarray, y: np.ndarray, c: QColor, radius: int = 1) -> None:
    """One set of Dots (see dots_all)."""
    dots_all(tgt, [Dots(x, y, c, radius)])


def indices_in(
    x: np.ndarray, y: np.ndarray, bbox: tuple[float, float, float, float]
) -> np.ndarray | None:
    """Indices of the points lying in bbox (edges included), ascending, in one pass without
    the GIL; None without the kernels."""
    k = kernels()
    if k is None:
        return None
    return k.indices_in(f64(x), f64(y), *map(float, bbox))  # type: ignore[no-any-return]


def f64(a: np.ndarray) -> np.ndarray:
    """A C-contiguous float64 array (no copy when it is one)."""
    return np.ascontiguousarray(a, dtype=np.float64)
