"""gis.thematic: class breaks, colour ramps, legend ranges (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from gis.thematic import (
    RAMPS,
    ZERO_COLOUR,
    BreakMethod,
    ThematicField,
    class_breaks,
    classify_field,
    classify_values,
    jenks_breaks,
    ramp,
)


def test_jenks_finds_the_natural_groups() -> None:
    assert jenks_breaks([1, 2, 3, 10, 11, 12, 30, 31, 32], 3) == [3.0, 12.0, 32.0]
    assert jenks_breaks([5, 5, 5], 3) == [5.0]
    assert jenks_breaks([], 3) == []


@pytest.mark.parametrize("method", list(BreakMethod))
def test_every_method_covers_the_values(method: str) -> None:
    rng = np.random.default_rng(4)
    v = rng.gamma(2.0, 10.0, 500)
    b = class_breaks(v, 5, method)
    assert 1 <= len(b) <= 6 and b == sorted(b) and b[-1] == pytest.approx(v.max())
    c = classify_values(v, 5, method, zero_class=False)
    classes = c.classify(v)
    assert classes.min() >= 0 and classes.max() == c.n_classes - 1


def test_quantiles_balance_and_equal_intervals_are_equal() -> None:
    v = np.arange(1, 101, dtype=float)
    q = class_breaks(v, 4, "quantile")
    assert q == [25.0, 50.0, 75.0, 100.0]
    e = class_breaks(v, 4, "equal")
    assert np.diff([1.0, *e]) == pytest.approx([24.75] * 4)
    assert class_breaks(v, 5, "pretty") == [20.0, 40.0, 60.0, 80.0, 100.0]


def test_counts_get_a_zero_class_and_integer_ranges() -> None:
    v = np.array([0, 0, 0, 1, 1, 2, 3, 5, 8, 13, np.nan])
    c = classify_field(v, ThematicField.OPEN_CASES)
    assert c.zero_class and c.integer and c.colours[0] == ZERO_COLOUR
    cls = c.classify(v)
    assert (cls[:3] == 0).all() and cls[-1] == -1  # NaN: no data
    assert (cls[3:10] >= 1).all() and list(cls[3:10]) == sorted(cls[3:10])
    labels = c.labels()
    assert labels[0] == "0" and all("." not in t for t in labels)
    assert labels[1].startswith("1")
    assert all(ch.isascii() for t in labels for ch in t)  # every font can draw them


def test_densities_start_at_their_smallest_positive_value() -> None:
    v = np.array([0.0, 0.0, 2.5, 3.0, 10.0, 40.0])
    c = classify_field(v, ThematicField.CASES_PER_KM2)
    assert c.zero_class and not c.integer
    assert c.ranges()[1][0] == pytest.approx(2.5)
    assert c.labels(1)[0] == "0.0"


def test_ramps_interpolate_from_light_to_dark() -> None:
    for name in RAMPS:
        cs = ramp(name, 7)
        assert len(cs) == 7 and cs[0] == RAMPS[name][0] and cs[-1] == RAMPS[name][-1]
    assert ramp("Reds", 0) == []
    assert len(ramp("Reds", 1)) == 1
