"""Tiling checks: do a set of polygons cover their parent exactly, with no gap or overlap?

All measurements are in EPSG:4549 square metres; inputs are storage-CRS geometries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

from gis.crs import to_metric

# Below this an area is floating-point noise from reprojection, not a real gap (1 cm²).
AREA_EPSILON_M2 = 1e-4


@dataclass(frozen=True, slots=True)
class CoverageReport:
    parent_area_m2: float
    pieces_area_m2: float
    union_area_m2: float
    gap_m2: float
    overlap_m2: float
    outside_m2: float
    invalid: int
    edges_match: bool  # every shared edge has the same vertices on both sides

    @property
    def exact(self) -> bool:
        return (
            self.invalid == 0
            and self.gap_m2 <= AREA_EPSILON_M2
            and self.overlap_m2 <= AREA_EPSILON_M2
            and self.outside_m2 <= AREA_EPSILON_M2
        )


def coverage_report(parent: BaseGeometry, pieces: Sequence[BaseGeometry]) -> CoverageReport:
    """Measure how exactly `pieces` tile `parent` (both in the storage CRS)."""
    parent_m = to_metric(parent)
    pieces_m = [to_metric(p) for p in pieces]
    invalid = sum(1 for p in pieces_m if not p.is_valid)
    union = shapely.union_all(pieces_m)
    pieces_area = float(sum(p.area for p in pieces_m))
    union_area = float(union.area)
    gap = float(parent_m.difference(union).area)
    outside = float(union.difference(parent_m).area)
    overlap = max(pieces_area - union_area, 0.0)
    edges_match = bool(shapely.coverage_is_valid(pieces_m))
    return CoverageReport(
        parent_area_m2=float(parent_m.area),
        pieces_area_m2=pieces_area,
        union_area_m2=union_area,
        gap_m2=gap,
        overlap_m2=overlap,
        outside_m2=outside,
        invalid=invalid,
        edges_match=edges_match,
    )
