"""Thematic maps: class breaks and colour ramps for colouring grids by a figure.

A `Classification` turns values (one per feature, NaN for "no value") into class indices and
carries the colours and legend ranges; `classify_values` builds one with a break method:

* ``quantile`` -- about as many features in each class (the default: robust to skew);
* ``equal`` -- classes of equal width;
* ``jenks`` -- natural breaks (Fisher-Jenks, exact dynamic programme on the distinct values,
  on a deterministic sample when there are very many);
* ``pretty`` -- round numbers (1, 2, 5 x 10^k steps).

Counts get a class of their own for zero (a grid without open cases is not "low", it is
calm), and integer-valued figures get integer ranges ("3-5", not "2.4-5.0"). Qt-free: the
colours are hex strings the desktop turns into QColors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np


class ThematicField(StrEnum):
    """The per-grid figures a thematic map can show."""

    OPEN_CASES = "open_cases"
    OVERDUE_CASES = "overdue_cases"
    CASES_PER_KM2 = "cases_per_km2"


class BreakMethod(StrEnum):
    QUANTILE = "quantile"
    EQUAL = "equal"
    JENKS = "jenks"
    PRETTY = "pretty"


# Sequential ramps, light to dark (ColorBrewer schemes; the hex values are the published ones).
RAMPS: dict[str, tuple[str, ...]] = {
    "YlOrRd": ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"),
    "Reds": ("#fee5d9", "#fcbba1", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15"),
    "Purples": ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"),
    "Blues": ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
    "YlGnBu": ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
}
ZERO_COLOUR = "#3a4656"  # the calm class (no cases): a muted slate on the dark map
NO_DATA_COLOUR = "#20262e"

FIELD_RAMPS: dict[str, str] = {
    ThematicField.OPEN_CASES: "YlOrRd",
    ThematicField.OVERDUE_CASES: "Reds",
    ThematicField.CASES_PER_KM2: "Purples",
}
INTEGER_FIELDS = frozenset({ThematicField.OPEN_CASES, ThematicField.OVERDUE_CASES})
JENKS_SAMPLE = 600  # distinct values above this are sampled (deterministically)


def _hex_to_rgb(h: str) -> tuple[int, int, int]:
    h = h.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def ramp(name: str, n: int) -> list[str]:
    """`n` colours spread evenly along a ramp (interpolated in sRGB)."""
    stops = RAMPS[name]
    if n <= 0:
        return []
    if n == 1:
        return [stops[-2]]
    rgb = np.asarray([_hex_to_rgb(s) for s in stops], dtype=float)
    pos = np.linspace(0.0, 1.0, len(stops))
    out = []
    for t in np.linspace(0.0, 1.0, n):
        c = [float(np.interp(t, pos, rgb[:, k])) for k in range(3)]
        out.append("#{:02x}{:02x}{:02x}".format(*(round(v) for v in c)))
    return out


def _nice(step: float) -> float:
    if step <= 0 or not math.isfinite(step):
        return 1.0
    e = math.floor(math.log10(step))
    for base in (1.0, 2.0, 2.5, 5.0, 10.0):
        if base * 10.0**e >= step:
            return base * 10.0**e
    return 10.0 ** (e + 1)


def jenks_breaks(values: Sequence[float] | np.ndarray, k: int) -> list[float]:
    """Fisher-Jenks natural breaks: upper bounds of k classes minimising the within-class
    sum of squared deviations (exact on the given values)."""
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    if n == 0:
        return []
    k = max(1, min(k, n))
    # prefix sums for O(1) class cost
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def ssd(i: np.ndarray | int, j: int) -> np.ndarray:
        # cost of x[i:j] (j exclusive), vectorised over i
        cnt = j - np.asarray(i)
        s = s1[j] - s1[i]
        return np.asarray(s2[j] - s2[i] - np.where(cnt > 0, s * s / np.maximum(cnt, 1), 0.0))

    cost = np.full((k + 1, n + 1), np.inf)
    back = np.zeros((k + 1, n + 1), dtype=np.int64)
    cost[0, 0] = 0.0
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            i = np.arange(c - 1, j)
            total = cost[c - 1, i] + ssd(i, j)
            b = int(np.argmin(total))
            cost[c, j] = total[b]
            back[c, j] = i[b]
    uppers: list[float] = []
    j = n
    for c in range(k, 0, -1):
        uppers.append(float(x[j - 1]))
        j = int(back[c, j])
    return sorted(set(uppers))


def class_breaks(
    values: Sequence[float] | np.ndarray,
    k: int = 5,
    method: BreakMethod | str = BreakMethod.QUANTILE,
    *,
    integer: bool = False,
) -> list[float]:
    """Upper bounds of (at most) k classes over the finite values; the last is the maximum.

    Duplicate bounds collapse (a skewed figure may yield fewer classes); integer figures get
    integer bounds."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return []
    lo, hi = float(v.min()), float(v.max())
    if hi <= lo:
        return [hi]
    method = BreakMethod(method)
    if method is BreakMethod.EQUAL:
        bounds = list(np.linspace(lo, hi, k + 1)[1:])
    elif method is BreakMethod.QUANTILE:
        bounds = list(np.quantile(v, np.linspace(0, 1, k + 1)[1:], method="lower"))
    elif method is BreakMethod.JENKS:
        distinct = np.unique(v)
        if distinct.size > JENKS_SAMPLE:
            take = np.linspace(0, distinct.size - 1, JENKS_SAMPLE).round().astype(int)
            distinct = distinct[take]
        bounds = jenks_breaks(distinct, k)
    else:
        step = _nice((hi - lo) / k)
        start = math.floor(lo / step) * step
        bounds = []
        b = start + step
        while b < hi:
            bounds.append(b)
            b += step
        bounds.append(hi)
    if integer:
        bounds = [math.ceil(b - 1e-9) for b in bounds]
    bounds[-1] = math.ceil(hi) if integer else hi
    out: list[float] = []
    for b in bounds:
        b = float(b)
        if not out or b > out[-1]:
            out.append(b)
    return out


@dataclass(frozen=True)
class Classification:
    """Class bounds and colours of a thematic map.

    Class 0 is the zero class when `zero_class` (value == 0); then class i covers
    (bounds[i-1], bounds[i]] with bounds[-1] = 0 for the first. Without a zero class, class 0
    covers [minimum, bounds[0]]. NaN values get class -1 ("no data")."""

    bounds: tuple[float, ...]  # upper bound of each non-zero class
    colours: tuple[str, ...]  # one per class, the zero class first if any
    zero_class: bool
    integer: bool
    minimum: float

    @property
    def n_classes(self) -> int:
        return len(self.colours)

    def classify(self, values: Sequence[float] | np.ndarray) -> np.ndarray:
        v = np.asarray(values, dtype=float)
        out = np.full(v.shape, -1, dtype=np.int64)
        finite = np.isfinite(v)
        if not self.bounds and not self.zero_class:
            return out
        shift = 1 if self.zero_class else 0
        if self.bounds:
            idx = np.searchsorted(np.asarray(self.bounds), v, side="left")
            idx = np.minimum(idx, len(self.bounds) - 1) + shift
            out[finite] = idx[finite]
        if self.zero_class:
            out[finite & (v <= 0)] = 0
        return out

    def ranges(self) -> list[tuple[float, float]]:
        """(low, high) of each class, the zero class as (0, 0)."""
        out: list[tuple[float, float]] = []
        if self.zero_class:
            out.append((0.0, 0.0))
        low = (1.0 if self.integer else self.minimum) if self.zero_class else self.minimum
        for b in self.bounds:
            out.append((low, b))
            low = b + 1.0 if self.integer else b
        return out

    def labels(self, decimals: int = 1) -> list[str]:
        """Legend texts: "0", "1-2", "3", "4.5-12.0" (ASCII hyphens: every font has them)."""
        out = []
        for lo, hi in self.ranges():
            if self.integer:
                lo_i, hi_i = round(lo), round(hi)
                out.append(f"{lo_i}" if lo_i >= hi_i else f"{lo_i}-{hi_i}")
            elif lo == hi:
                out.append(f"{lo:.{decimals}f}")
            else:
                out.append(f"{lo:.{decimals}f}-{hi:.{decimals}f}")
        return out


def classify_values(
    values: Sequence[float] | np.ndarray,
    k: int = 5,
    method: BreakMethod | str = BreakMethod.QUANTILE,
    ramp_name: str = "YlOrRd",
    *,
    integer: bool = False,
    zero_class: bool | None = None,
) -> Classification:
    """A classification of the values: breaks by `method`, colours from `ramp_name`.

    `zero_class` (default: when the figure has zeros and is non-negative) puts 0 in a class
    of its own and breaks the positive values only."""
    v = np.asarray(values, dtype=float)
    finite = v[np.isfinite(v)]
    if zero_class is None:
        zero_class = bool(finite.size and finite.min() >= 0 and (finite == 0).any())
    basis = finite[finite > 0] if zero_class else finite
    bounds = class_breaks(basis, k, method, integer=integer) if basis.size else []
    colours = ramp(ramp_name, len(bounds))
    if zero_class:
        colours = [ZERO_COLOUR, *colours]
    minimum = float(basis.min()) if basis.size else 0.0
    return Classification(tuple(bounds), tuple(colours), bool(zero_class), integer, minimum)


def classify_field(
    values: Sequence[float] | np.ndarray,
    field: ThematicField | str,
    k: int = 5,
    method: BreakMethod | str = BreakMethod.QUANTILE,
) -> Classification:
    """The classification GridDesk uses for a per-grid figure."""
    field = ThematicField(field)
    return classify_values(values, k, method, FIELD_RAMPS[field], integer=field in INTEGER_FIELDS)
