"""The numba kernels behind desktop/map/fastraster.py (imported on first use: numba takes
a moment to import, and the compiled code is cached per user, see fastraster._cache_dir)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, inline="always")
def blend(buf: Any, i: int, j: int, k: int, r: int, g: int, b: int) -> None:
    """Pixel (i, j) moved k/256 of the way to colour (r, g, b)."""
    d = buf[j, i]
    dr = (d >> 16) & 255
    dg = (d >> 8) & 255
    db = d & 255
    nr = dr + (((r - dr) * k) >> 8)
    ng = dg + (((g - dg) * k) >> 8)
    nb = db + (((b - db) * k) >> 8)
    buf[j, i] = np.uint32(0xFF000000) | np.uint32((nr << 16) | (ng << 8) | nb)


# added to the minor coordinate while stepping so that int() floors it (it stays positive for
# lines up to this far off the image; farther ones are culled before)
_BIAS = 1 << 20


@njit(cache=True, nogil=True)
def stroke(
    buf: Any,
    x: Any,
    y: Any,
    starts: Any,
    m11: float,
    m22: float,
    dx: float,
    dy: float,
    r: int,
    g: int,
    b: int,
    alpha: float,
) -> None:
    h = buf.shape[0]
    w = buf.shape[1]
    a256 = int(alpha * 256.0 + 0.5)
    if a256 <= 0:
        return
    for n in range(1, len(x)):
        if starts[n]:
            continue
        x1 = x[n - 1] * m11 + dx
        y1 = y[n - 1] * m22 + dy
        x2 = x[n] * m11 + dx
        y2 = y[n] * m22 + dy
        if (x1 < -1.0 and x2 < -1.0) or (x1 > w + 1.0 and x2 > w + 1.0):
            continue
        if (y1 < -1.0 and y2 < -1.0) or (y1 > h + 1.0 and y2 > h + 1.0):
            continue
        if max(abs(x1), abs(x2), abs(y1), abs(y2)) > _BIAS / 2:
            continue  # absurdly far (a degenerate transform): not drawn
        ex = x2 - x1
        ey = y2 - y1
        if abs(ex) >= abs(ey):
            if ex == 0.0:
                continue
            if x1 > x2:
                x1, x2 = x2, x1
                y1, y2 = y2, y1
            grad = ey / ex
            # the columns whose centres the segment passes, half-open so that a joint of a
            # polyline is drawn once; two pixels per column share the coverage
            i0 = max(int(np.ceil(x1 - 0.5)), 0)
            i1 = min(int(np.ceil(x2 - 0.5)), w)
            yy = y1 + (i0 + 0.5 - x1) * grad - 0.5 + _BIAS
            for i in range(i0, i1):
                jj = int(yy)
                k2 = int((yy - jj) * a256 + 0.5)
                k1 = a256 - k2
                j = jj - _BIAS
                if k1 > 0 and 0 <= j < h:
                    blend(buf, i, j, k1, r, g, b)
                if k2 > 0 and 0 <= j + 1 < h:
                    blend(buf, i, j + 1, k2, r, g, b)
                yy += grad
        else:
            if y1 > y2:
                x1, x2 = x2, x1
                y1, y2 = y2, y1
            grad = ex / ey
            j0 = max(int(np.ceil(y1 - 0.5)), 0)
            j1 = min(int(np.ceil(y2 - 0.5)), h)
            xx = x1 + (j0 + 0.5 - y1) * grad - 0.5 + _BIAS
            for j in range(j0, j1):
                ii = int(xx)
                k2 = int((xx - ii) * a256 + 0.5)
                k1 = a256 - k2
                i = ii - _BIAS
                if k1 > 0 and 0 <= i < w:
                    blend(buf, i, j, k1, r, g, b)
                if k2 > 0 and 0 <= i + 1 < w:
                    blend(buf, i + 1, j, k2, r, g, b)
                xx += grad


@njit(cache=True, nogil=True)
def scan_fill(
    buf: Any,
    x: Any,
    y: Any,
    starts: Any,
    v0: int,
    v1: int,
    m11: float,
    m22: float,
    dx: float,
    dy: float,
    argb: int,
    count: Any,
    at: Any,
    xs: Any,
) -> Any:
    # closed rings (last vertex = first) of vertices v0:v1; a scanline fill: the crossings of
    # each pixel row's centre line, bucketed by row, sorted, filled pairwise (even-odd).
    # count / at: scratch of at least h + 1 entries; xs: scratch for the crossings, returned
    # (grown when too small)
    h = buf.shape[0]
    w = buf.shape[1]
    if v1 - v0 < 3:
        return xs
    # only the rows the rings span
    ylo = np.inf
    yhi = -np.inf
    for k in range(v0, v1):
        yy = y[k] * m22 + dy
        ylo = min(ylo, yy)
        yhi = max(yhi, yy)
    r0 = max(int(np.ceil(ylo - 0.5)), 0)
    r1 = min(int(np.ceil(yhi - 0.5)), h)
    if r1 <= r0:
        return xs
    nr = r1 - r0
    for j in range(nr + 1):
        count[j] = 0
    for k in range(v0 + 1, v1):
        if starts[k]:
            continue
        y1 = y[k - 1] * m22 + dy
        y2 = y[k] * m22 + dy
        j0 = max(int(np.ceil(min(y1, y2) - 0.5)), 0)
        j1 = min(int(np.ceil(max(y1, y2) - 0.5)), h)
        for j in range(j0, j1):
            count[j - r0 + 1] += 1
    for j in range(nr):
        count[j + 1] += count[j]
    if count[nr] > len(xs):
        xs = np.empty(2 * count[nr])
    for j in range(nr):
        at[j] = count[j]
    for k in range(v0 + 1, v1):
        if starts[k]:
            continue
        x1 = x[k - 1] * m11 + dx
        y1 = y[k - 1] * m22 + dy
        x2 = x[k] * m11 + dx
        y2 = y[k] * m22 + dy
        if y1 == y2:
            continue
        j0 = max(int(np.ceil(min(y1, y2) - 0.5)), 0)
        j1 = min(int(np.ceil(max(y1, y2) - 0.5)), h)
        slope = (x2 - x1) / (y2 - y1)
        for j in range(j0, j1):
            xs[at[j - r0]] = x1 + (j + 0.5 - y1) * slope
            at[j - r0] += 1
    colour = np.uint32(argb)
    for jr in range(nr):
        a = count[jr]
        b = count[jr + 1]
        if b - a < 2:
            continue
        # insertion sort in place: a row holds a few dozen crossings
        for q in range(a + 1, b):
            v = xs[q]
            r = q - 1
            while r >= a and xs[r] > v:
                xs[r + 1] = xs[r]
                r -= 1
            xs[r + 1] = v
        j = jr + r0
        for q in range(a, b - 1, 2):
            i0 = max(int(np.ceil(xs[q] - 0.5)), 0)
            i1 = min(int(np.ceil(xs[q + 1] - 0.5)), w)
            if i1 > i0:
                buf[j, i0:i1] = colour
    return xs


@njit(cache=True, nogil=True)
def fill_features(
    buf: Any,
    x: Any,
    y: Any,
    starts: Any,
    offsets: Any,
    idx: Any,
    argbs: Any,
    m11: float,
    m22: float,
    dx: float,
    dy: float,
) -> None:
    # features idx[q] (rings offsets[f]:offsets[f + 1]) each in its colour argbs[q], one by
    # one (even-odd within each): for features that never overlap, the pixels of filling
    # each colour's features as one set, with few crossings a row to sort and only each
    # feature's rows walked
    h = buf.shape[0]
    count = np.empty(h + 1, dtype=np.int64)
    at = np.empty(h + 1, dtype=np.int64)
    xs = np.empty(1024)
    for q in range(len(idx)):
        f = idx[q]
        xs = scan_fill(
            buf, x, y, starts, offsets[f], offsets[f + 1], m11, m22, dx, dy, argbs[q], count, at, xs
        )


@njit(cache=True, nogil=True, inline="always")
def stamp(buf: Any, fx: float, fy: float, radius: int, colour: Any) -> None:
    """A square of side 2 * radius + 1 around (fx, fy)'s nearest pixel, clipped."""
    h = buf.shape[0]
    w = buf.shape[1]
    if not (abs(fx) < 1e9 and abs(fy) < 1e9):  # NaN (an unlocated point) or absurd
        return
    ci = int(np.rint(fx))
    cj = int(np.rint(fy))
    if ci < -radius or cj < -radius or ci >= w + radius or cj >= h + radius:
        return
    for j in range(max(cj - radius, 0), min(cj + radius + 1, h)):
        for i in range(max(ci - radius, 0), min(ci + radius + 1, w)):
            buf[j, i] = colour


@njit(cache=True, nogil=True)
def dots(
    buf: Any,
    x: Any,
    y: Any,
    m11: float,
    m22: float,
    dx: float,
    dy: float,
    radius: int,
    argb: int,
) -> None:
    colour = np.uint32(argb)
    for k in range(len(x)):
        stamp(buf, x[k] * m11 + dx, y[k] * m22 + dy, radius, colour)


@njit(cache=True, nogil=True)
def dots_at(
    buf: Any,
    x: Any,
    y: Any,
    idx: Any,
    m11: float,
    m22: float,
    dx: float,
    dy: float,
    radius: int,
    argb: int,
) -> None:
    # points idx of x, y (no gathered copies of a layer's coordinates)
    colour = np.uint32(argb)
    for q in range(len(idx)):
        k = idx[q]
        stamp(buf, x[k] * m11 + dx, y[k] * m22 + dy, radius, colour)


@njit(cache=True, nogil=True, inline="always")
def cover(lo: float, hi: float, k: int) -> float:
    """How much of pixel span [k, k + 1] lies in [lo, hi]."""
    return max(0.0, min(hi, k + 1.0) - max(lo, float(k)))


@njit(cache=True, nogil=True)
def stroke_wide(
    buf: Any,
    x: Any,
    y: Any,
    starts: Any,
    m11: float,
    m22: float,
    dx: float,
    dy: float,
    r: int,
    g: int,
    b: int,
    alpha: float,
    width: float,
    round_joins: bool,
) -> None:
    # an antialiased line `width` pixels wide: along the major axis one step per pixel
    # column (row), across it the coverage of each pixel by the line's cross-section (a box
    # filter; a hairline's two-pixel split is the case width = 1). Round joins (a disc at
    # each vertex) close the notches of wide opaque lines; translucent ones go without, as a
    # disc would blend twice where it overlaps the segments.
    h = buf.shape[0]
    w = buf.shape[1]
    a256 = alpha * 256.0
    half = width / 2.0
    reach = half + 2.0
    for n in range(len(x)):
        x2 = x[n] * m11 + dx
        y2 = y[n] * m22 + dy
        if round_joins and -reach < x2 < w + reach and -reach < y2 < h + reach:
            j0 = max(int(np.floor(y2 - half)), 0)
            j1 = min(int(np.floor(y2 + half)) + 1, h)
            i0 = max(int(np.floor(x2 - half)), 0)
            i1 = min(int(np.floor(x2 + half)) + 1, w)
            for j in range(j0, j1):
                for i in range(i0, i1):
                    d = np.hypot(i + 0.5 - x2, j + 0.5 - y2)
                    c = min(1.0, max(0.0, half + 0.5 - d))
                    k = int(c * a256 + 0.5)
                    if k > 0:
                        # an opaque line: the disc's edge pixels blend once more, the rest
                        # are already the line's colour
                        blend(buf, i, j, k, r, g, b)
        if n == 0 or starts[n]:
            continue
        x1 = x[n - 1] * m11 + dx
        y1 = y[n - 1] * m22 + dy
        if (x1 < -reach and x2 < -reach) or (x1 > w + reach and x2 > w + reach):
            continue
        if (y1 < -reach and y2 < -reach) or (y1 > h + reach and y2 > h + reach):
            continue
        if max(abs(x1), abs(x2), abs(y1), abs(y2)) > _BIAS / 2:
            continue
        ex = x2 - x1
        ey = y2 - y1
        if abs(ex) >= abs(ey):
            if ex == 0.0:
                continue
            if x1 > x2:
                x1, x2 = x2, x1
                y1, y2 = y2, y1
            grad = ey / ex
            hw = half * np.sqrt(1.0 + grad * grad)
            i0 = max(int(np.ceil(x1 - 0.5)), 0)
            i1 = min(int(np.ceil(x2 - 0.5)), w)
            for i in range(i0, i1):
                yc = y1 + (i + 0.5 - x1) * grad
                lo = yc - hw
                hi = yc + hw
                for j in range(max(int(np.floor(lo)), 0), min(int(np.floor(hi)) + 1, h)):
                    k = int(cover(lo, hi, j) * a256 + 0.5)
                    if k > 0:
                        blend(buf, i, j, k, r, g, b)
        else:
            if y1 > y2:
                x1, x2 = x2, x1
                y1, y2 = y2, y1
            grad = ex / ey
            hw = half * np.sqrt(1.0 + grad * grad)
            j0 = max(int(np.ceil(y1 - 0.5)), 0)
            j1 = min(int(np.ceil(y2 - 0.5)), h)
            for j in range(j0, j1):
                xc = x1 + (j + 0.5 - y1) * grad
                lo = xc - hw
                hi = xc + hw
                for i in range(max(int(np.floor(lo)), 0), min(int(np.floor(hi)) + 1, w)):
                    k = int(cover(lo, hi, i) * a256 + 0.5)
                    if k > 0:
                        blend(buf, i, j, k, r, g, b)


@njit(cache=True, nogil=True)
def indices_in(x: Any, y: Any, minx: float, miny: float, maxx: float, maxy: float) -> Any:
    # one pass without branches (a test per point mispredicts as often as points fall in)
    out = np.empty(len(x), dtype=np.int64)
    n = 0
    for k in range(len(x)):
        out[n] = k
        n += (minx <= x[k]) & (x[k] <= maxx) & (miny <= y[k]) & (y[k] <= maxy)
    return out[:n].copy()
