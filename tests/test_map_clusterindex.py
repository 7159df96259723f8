"""gis.clusterindex: the precomputed cluster pyramid for very large point layers agrees with
on-the-fly clustering, answers a view from the cells it covers, and follows the clock's
flags without a rebuild. No Qt."""

from __future__ import annotations

import numpy as np
import pytest

from gis.citygen import build_city
from gis.clusterindex import CLUSTER_INDEX_MIN, ClusterIndex, ClusterLevel, level_cell
from gis.mapmodel import LayerId, MapModel, cluster_points


def _points(n: int = 5000, seed: int = 4) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    # hot spots plus a sparse background, far from the origin like projected metres
    centres = rng.uniform(0, 20_000, (12, 2))
    k = rng.integers(0, 12, n)
    x = 500_000.0 + centres[k, 0] + rng.normal(0, 400, n)
    y = 3_450_000.0 + centres[k, 1] + rng.normal(0, 400, n)
    x[: n // 10] = 500_000.0 + rng.uniform(0, 20_000, n // 10)
    y[: n // 10] = 3_450_000.0 + rng.uniform(0, 20_000, n // 10)
    return x, y


def _by_position(cx: np.ndarray, cy: np.ndarray, *cols: np.ndarray) -> list[tuple]:
    order = np.lexsort((np.round(cy, 6), np.round(cx, 6)))
    return [tuple(np.round(c[order], 6).tolist()) for c in (cx, cy, *cols)]


@pytest.mark.parametrize("cell", [256.0, 1024.0, 2048.0 * 2**0.5])
def test_a_level_equals_clustering_on_the_fly(cell: float) -> None:
    x, y = _points()
    flag = (np.arange(len(x)) % 7) == 0
    assert level_cell(cell) == pytest.approx(cell)
    q = ClusterLevel(x, y, level_cell(cell)).query(
        (x.min() - 1, y.min() - 1, x.max() + 1, y.max() + 1), 4, {"alarm": flag}
    )
    ref = cluster_points(x, y, level_cell(cell), 4, {"alarm": flag})
    assert q.total == len(x)
    assert _by_position(q.cx, q.cy, q.counts, q.flag_counts["alarm"]) == _by_position(
        ref.cx, ref.cy, ref.counts, ref.flag_counts["alarm"]
    )
    assert sorted(q.singles.tolist()) == sorted(ref.singles.tolist())
    assert int(q.counts.sum()) + len(q.singles) == len(x)


def test_a_view_gets_the_cells_it_covers() -> None:
    x, y = _points()
    lev = ClusterLevel(x, y, 512.0)
    bbox = (505_000.0, 3_455_000.0, 511_000.0, 3_459_000.0)
    q = lev.query(bbox, 4)
    # every point of a cell meeting the view is counted, and no other point
    ix, iy = np.floor(x / 512.0), np.floor(y / 512.0)
    meets = (
        (ix >= np.floor(bbox[0] / 512.0))
        & (ix <= np.floor(bbox[2] / 512.0))
        & (iy >= np.floor(bbox[1] / 512.0))
        & (iy <= np.floor(bbox[3] / 512.0))
    )
    assert q.total == int(meets.sum())
    assert int(q.counts.sum()) + len(q.singles) == q.total
    assert set(q.singles.tolist()) <= set(np.flatnonzero(meets).tolist())
    # a view off the data is empty
    far = lev.query((0.0, 0.0, 10.0, 10.0), 4, {"alarm": np.ones(len(x), bool)})
    assert far.total == 0 and len(far.counts) == 0 and len(far.flag_counts["alarm"]) == 0


def test_flags_follow_the_clock_without_a_rebuild() -> None:
    x, y = _points(3000)
    index = ClusterIndex(x, y)
    bbox = (x.min(), y.min(), x.max(), y.max())
    none = index.query(1000.0, bbox, 4, {"alarm": np.zeros(len(x), bool)})
    every = index.query(1000.0, bbox, 4, {"alarm": np.ones(len(x), bool)})
    assert index.levels == [level_cell(1000.0)]  # one level built, reused
    assert none.flag_counts["alarm"].sum() == 0
    assert np.array_equal(every.flag_counts["alarm"], every.counts)


def test_levels_are_powers_of_the_square_root_of_two() -> None:
    assert level_cell(1.0) == 1.0
    assert level_cell(1000.0) == pytest.approx(1024.0)
    assert level_cell(1300.0) == pytest.approx(1024.0 * 2**0.5)
    for cell in (3.0, 57.0, 4183.0, 99_999.0):
        assert 1 / 1.19 < level_cell(cell) / cell < 1.19
    with pytest.raises(ValueError):
        level_cell(0.0)


def test_points_without_a_position_are_left_out() -> None:
    x = np.array([1.0, np.nan, 2.0, 3.0, 1.5])
    y = np.array([1.0, 5.0, np.nan, 3.0, 1.5])
    q = ClusterLevel(x, y, 16.0).query((0.0, 0.0, 10.0, 10.0), 2)
    assert q.total == 3 and q.counts.tolist() == [3] and len(q.singles) == 0
    empty = ClusterLevel(np.empty(0), np.empty(0), 16.0).query((0.0, 0.0, 1.0, 1.0), 2)
    assert empty.total == 0 and len(empty.singles) == 0


def test_the_case_layer_gets_a_new_pyramid_with_new_data() -> None:
    city = build_city(seed=5, n_grids=60, n_key_points=200, n_cases=CLUSTER_INDEX_MIN + 500)
    model = MapModel(city.data)
    model.set_point_columns(LayerId.CASES, city.cases)
    model.view.set_size(800, 600)
    model.zoom_to_full_extent()
    model.warm_up([model.view.mpp])
    first = model.layer_data(LayerId.CASES).cluster_index
    assert len(first.levels) >= 1  # the warm-up built the levels the first view needs
    model.set_point_columns(LayerId.CASES, city.cases)
    assert model.layer_data(LayerId.CASES).cluster_index is not first


def _frozen(a: np.ndarray) -> np.ndarray:
    a = a.copy()
    a.flags.writeable = False  # as MapModel.case_alarm hands them out
    return a


def test_the_clocks_flags_are_counted_per_cell_and_corrected_where_they_changed() -> None:
    x, y = _points(4000)
    x[7] = np.nan  # a point without a position is in no cell, flagged or not
    rng = np.random.default_rng(11)
    flag = rng.random(len(x)) < 0.3
    index = ClusterIndex(x, y)
    full = (np.nanmin(x), np.nanmin(y), np.nanmax(x), np.nanmax(y))
    part = (505_000.0, 3_455_000.0, 512_000.0, 3_462_000.0)
    states = [flag]
    later = flag.copy()
    later[rng.choice(len(x), 30, replace=False)] ^= True  # a few deadlines passed
    later[7] = not later[7]
    states.append(later)
    states.append(rng.random(len(x)) < 0.6)  # everything different: counted afresh
    for state in states:
        frozen = _frozen(state)
        for bbox in (full, part):
            expect = index.query(700.0, bbox, 4, {"alarm": state})  # writable: gathered
            got = index.query(700.0, bbox, 4, {"alarm": frozen})
            assert np.array_equal(got.counts, expect.counts)
            assert np.array_equal(got.flag_counts["alarm"], expect.flag_counts["alarm"])
        assert index.level(700.0)._flags["alarm"][0] is frozen  # kept for the next query
