"""desktop.map.qpath.gil_pause: a worker thread hands the GIL over every few milliseconds of Qt
calls; the GUI thread never sleeps in it."""

from __future__ import annotations

import threading

import numpy as np

from desktop.map import qpath


def test_gil_pause_sleeps_only_in_worker_threads(monkeypatch) -> None:
    slept: list[tuple[str, float]] = []
    monkeypatch.setattr(
        qpath.time, "sleep", lambda s: slept.append((threading.current_thread().name, s))
    )
    qpath.gil_pause()  # the main (GUI) thread: never
    assert slept == []

    def worker() -> None:
        qpath.gil_pause()  # the first call of a thread pauses
        qpath.gil_pause()  # straight after: the slice has not run out

    t = threading.Thread(target=worker, name="render")
    t.start()
    t.join()
    assert slept == [("render", qpath.GIL_PAUSE_S)]


def test_path_from_arrays_in_a_worker_gives_the_same_path() -> None:
    x = np.array([0.0, 10.0, 10.0, 0.0, 5.0, 6.0])
    y = np.array([0.0, 0.0, 10.0, 0.0, 5.0, 6.0])
    starts = np.array([True, False, False, False, True, False])
    here = qpath.path_from_arrays(x, y, starts)
    there: list[object] = []
    t = threading.Thread(target=lambda: there.append(qpath.path_from_arrays(x, y, starts)))
    t.start()
    t.join()
    assert there[0] == here
    assert here.elementCount() == 6


def test_coverage_simplify_in_chunks_gives_shapelys_geometries(monkeypatch) -> None:
    import shapely
    from shapely.geometry import box

    from gis import mapmodel

    monkeypatch.setattr(mapmodel, "GIL_CHUNK", 7)  # several chunks and a short last one
    # a 5x5 tiling of wobbly squares (shared edges with extra vertices to simplify away)
    cells = []
    for i in range(5):
        for j in range(5):
            cells.append(
                shapely.segmentize(box(i * 10.0, j * 10.0, i * 10.0 + 10, j * 10.0 + 10), 1.0)
            )
    geoms = np.asarray(cells, dtype=object)
    expected = shapely.to_wkb(shapely.coverage_simplify(geoms, 2.0))
    here = mapmodel._coverage_simplify(geoms, 2.0)
    there: list[np.ndarray] = []
    t = threading.Thread(target=lambda: there.append(mapmodel._coverage_simplify(geoms, 2.0)))
    t.start()
    t.join()
    assert len(here) == 25
    assert (shapely.to_wkb(here) == expected).all()
    assert (shapely.to_wkb(there[0]) == expected).all()


def test_vertex_arrays_in_chunks_are_the_same_arrays(monkeypatch) -> None:
    import shapely
    from shapely.geometry import MultiPolygon, Polygon, box

    from gis import mapmodel

    holed = Polygon([(0, 0), (9, 0), (9, 9), (0, 9)], [[(2, 2), (4, 2), (4, 4), (2, 4)]])
    multi = MultiPolygon([box(20, 0, 22, 2), box(30, 0, 33, 3)])
    geoms = np.asarray(
        [box(i, 0, i + 1, 1) for i in range(5)] + [holed, multi, Polygon(), box(40, 0, 41, 1)],
        dtype=object,
    )
    whole = mapmodel._vertex_arrays(geoms, mapmodel.GeometryType.POLYGON)
    for chunk in (1, 2, 4):
        monkeypatch.setattr(mapmodel, "GIL_CHUNK", chunk)
        for got in (
            mapmodel._vertex_arrays(geoms, mapmodel.GeometryType.POLYGON),
            _in_worker(lambda: mapmodel._vertex_arrays(geoms, mapmodel.GeometryType.POLYGON)),
        ):
            for a, b in zip(got, whole, strict=True):
                assert a.dtype == b.dtype
                assert np.array_equal(a, b)
    assert whole[3][-1] == len(shapely.get_coordinates(geoms))


def _in_worker(fn):  # type: ignore[no-untyped-def]
    out: list[object] = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]
