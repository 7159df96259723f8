"""Coordinate reference systems GridDesk uses, and the transforms between them.

Storage is CGCS2000 geographic (EPSG:4490, lon/lat degrees): the national datum, the
datum of the Tianditu base maps, and within centimetres of WGS84 for a town-sized area.
Metric work (areas, lengths, distances, buffers) and the map display happen in CGCS2000
3-degree Gauss-Kruger, central meridian 120E (EPSG:4549, easting/northing metres), the
zone Shanghai falls in.
"""

from __future__ import annotations

import threading
from functools import cache

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

STORAGE_EPSG = 4490  # CGCS2000 geographic
METRIC_EPSG = 4549  # CGCS2000 / 3-degree Gauss-Kruger CM 120E
WGS84_EPSG = 4326


@cache
def crs(epsg: int) -> CRS:
    return CRS.from_epsg(epsg)


_per_thread = threading.local()


def transformer(src_epsg: int, dst_epsg: int) -> Transformer:
    """A transformer with lon/lat (x/y) axis order, cached per thread: one pyproj
    Transformer used by two threads at once can crash the process (the desktop runs db/
    queries that measure distances on worker threads while the GUI thread projects)."""
    cache: dict[tuple[int, int], Transformer] | None = getattr(_per_thread, "transformers", None)
    if cache is None:
        cache = _per_thread.transformers = {}
    t = cache.get((src_epsg, dst_epsg))
    if t is None:
        t = cache[(src_epsg, dst_epsg)] = Transformer.from_crs(src_epsg, dst_epsg, always_xy=True)
    return t


def project_xy(
    x: np.ndarray | float, y: np.ndarray | float, src: int = STORAGE_EPSG, dst: int = METRIC_EPSG
) -> tuple[np.ndarray, np.ndarray]:
    """Transform coordinate arrays (or scalars) between two EPSG codes."""
    tx, ty = transformer(src, dst).transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(tx), np.asarray(ty)


def transform_geometry(
    geom: BaseGeometry, src: int = STORAGE_EPSG, dst: int = METRIC_EPSG
) -> BaseGeometry:
    """Transform every vertex of a shapely geometry. Vertex-by-vertex, so shared vertices of
    neighbouring polygons stay identical and an exact tiling stays exact."""
    t = transformer(src, dst)

    def _apply(coords: np.ndarray) -> np.ndarray:
        xs, ys = t.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([xs, ys])

    return shapely.transform(geom, _apply)


def to_metric(geom: BaseGeometry) -> BaseGeometry:
    return transform_geometry(geom, STORAGE_EPSG, METRIC_EPSG)


def to_storage(geom: BaseGeometry) -> BaseGeometry:
    return transform_geometry(geom, METRIC_EPSG, STORAGE_EPSG)


def area_m2(geom: BaseGeometry) -> float:
    """Area in square metres of a storage-CRS geometry, measured in EPSG:4549."""
    return float(to_metric(geom).area)


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Planar distance in metres in EPSG:4549 between two storage-CRS points."""
    xs, ys = project_xy(np.array([lon1, lon2]), np.array([lat1, lat2]))
    return float(np.hypot(xs[1] - xs[0], ys[1] - ys[0]))
