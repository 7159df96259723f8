"""Validation of the grid layer (gis/validation.py), without Qt or a database."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import Polygon, box

from gis.validation import (
    MANAGEMENT,
    RESPONSIBILITY,
    FixKind,
    IssueKind,
    Severity,
    SimpleGrid,
    thinness,
    validate_grids,
)
from tests.grid_helpers import demo_grids, demo_town, quad_layer

FIRST_KEYS = ["invalid", "gaps", "overlaps", "outside_parent"]


def row(n: int, *, parent: int = 100, width: float = 100.0) -> list[SimpleGrid]:
    """n management squares side by side in one responsibility grid (key 100)."""
    grids = [SimpleGrid(parent, RESPONSIBILITY, box(0, 0, n * width, 100), None, "R")]
    grids += [SimpleGrid(i + 1, MANAGEMENT, box(i * width, 0, (i + 1) * width, 100), parent, f"M{i}") for i in range(n)]
    return grids


def town_of(grids: list[SimpleGrid]) -> Polygon:
    return shapely.union_all([g.geometry for g in grids if g.level == RESPONSIBILITY])


def test_demo_town_is_an_exact_tiling() -> None:
    town = demo_town()
    report = validate_grids(demo_grids(), town.outline_m)
    assert report.ok and not report.issues
    assert list(report.counts())[:4] == FIRST_KEYS
    assert report.counts()["invalid"] == report.counts()["gaps"] == 0
    assert report.grids_checked == 178


def test_self_intersection_is_reported_with_reason_and_location() -> None:
    grids = row(2)
    bowtie = Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])
    grids[1] = SimpleGrid(1, MANAGEMENT, bowtie, 100, "M0")
    report = validate_grids(grids, town_of(grids))
    [bad] = report.of_kind(IssueKind.INVALID)
    assert bad.keys == (1,) and "Self-intersection" in bad.reason
    assert bad.location == pytest.approx((50.0, 50.0))
    assert report.counts()["invalid"] == 1 and not report.ok


def test_multipart_grid_is_not_a_polygon() -> None:
    grids = row(2)
    grids[2] = SimpleGrid(2, MANAGEMENT, shapely.MultiPolygon([box(100, 0, 150, 100), box(160, 0, 200, 100)]), 100, "M1")
    report = validate_grids(grids, town_of(grids))
    assert report.counts()["invalid"] == 1
    assert report.of_kind(IssueKind.NOT_POLYGON)[0].keys == (2,)
    assert report.counts()["gaps"] == 1  # the strip between the two parts


def test_gap_has_a_location_and_a_fill_fix_to_the_longest_edge() -> None:
    grids = row(3)
    # grid 2 (100..200) gives up a 10 m strip on its right: a gap against grid 3
    grids[2] = SimpleGrid(2, MANAGEMENT, box(100, 0, 190, 100), 100, "M1")
    report = validate_grids(grids, town_of(grids))
    counts = report.counts()
    assert counts["gaps"] == 1 and counts["overlaps"] == 0 and counts["invalid"] == 0
    [gap] = report.of_kind(IssueKind.GAP)
    assert gap.area_m2 == pytest.approx(1000.0)
    assert 190 <= gap.location[0] <= 200 and 0 <= gap.location[1] <= 100
    assert gap.bbox == pytest.approx((190, 0, 200, 100))
    assert set(gap.keys) == {2, 3}
    assert gap.fix is not None and gap.fix.kind == FixKind.FILL_GAP and gap.fix.target in (2, 3)


def test_overlap_is_reported_once_with_a_snap_fix() -> None:
    grids = row(3)
    grids[2] = SimpleGrid(2, MANAGEMENT, box(100, 0, 210, 100), 100, "M1")  # reaches 10 m into grid 3
    report = validate_grids(grids, town_of(grids))
    assert report.counts()["overlaps"] == 1
    [over] = report.of_kind(IssueKind.OVERLAP)
    assert set(over.keys) == {2, 3} and over.area_m2 == pytest.approx(1000.0)
    assert over.fix is not None and over.fix.kind == FixKind.SNAP_TO_NEIGHBOUR


def test_sliver_and_tiny_grids_are_warnings_with_a_merge_fix() -> None:
    grids = [SimpleGrid(100, RESPONSIBILITY, box(0, 0, 1000, 100), None, "R")]
    grids += [
        SimpleGrid(1, MANAGEMENT, box(0, 0, 500, 100), 100, "A"),
        SimpleGrid(2, MANAGEMENT, box(500, 0, 501, 100), 100, "S"),  # 1 m x 100 m
        SimpleGrid(3, MANAGEMENT, box(501, 0, 1000, 100), 100, "B"),
    ]
    report = validate_grids(grids, town_of(grids))
    assert report.ok  # warnings do not block
    [sliver] = report.of_kind(IssueKind.SLIVER)
    assert sliver.severity == Severity.WARNING and sliver.keys == (2,)
    assert thinness(grids[2].geometry) < 0.05
    assert sliver.fix is not None and sliver.fix.kind == FixKind.MERGE_INTO_NEIGHBOUR and sliver.fix.target in (1, 3)
    grids[2] = SimpleGrid(2, MANAGEMENT, box(500, 0, 510, 10), 100, "T")
    grids.append(SimpleGrid(4, MANAGEMENT, box(500, 10, 510, 100), 100, "U"))
    grids[3] = SimpleGrid(3, MANAGEMENT, box(510, 0, 1000, 100), 100, "B")
    tiny = validate_grids(grids, town_of(grids)).of_kind(IssueKind.TINY)
    assert [t.keys for t in tiny] == [(2,)]


def test_management_grid_outside_its_parent() -> None:
    grids = [
        SimpleGrid(100, RESPONSIBILITY, box(0, 0, 100, 100), None, "R1"),
        SimpleGrid(200, RESPONSIBILITY, box(100, 0, 200, 100), None, "R2"),
        SimpleGrid(1, MANAGEMENT, box(0, 0, 120, 100), 100, "A"),  # 20 m into R2
        SimpleGrid(2, MANAGEMENT, box(120, 0, 200, 100), 200, "B"),
    ]
    report = validate_grids(grids, box(0, 0, 200, 100))
    counts = report.counts()
    assert counts["outside_parent"] == 1 and counts["gaps"] == 0 and counts["overlaps"] == 0
    [out] = report.of_kind(IssueKind.OUTSIDE_PARENT)
    assert out.keys[0] == 1 and out.area_m2 == pytest.approx(2000.0)
    [nc] = report.of_kind(IssueKind.NOT_COVERING_PARENT)
    assert nc.keys[0] == 200 and nc.area_m2 == pytest.approx(2000.0)


def test_grid_in_the_wrong_parent_and_without_parent() -> None:
    grids = row(2)
    grids.append(SimpleGrid(300, RESPONSIBILITY, box(200, 0, 300, 100), None, "R3"))
    grids.append(SimpleGrid(3, MANAGEMENT, box(200, 0, 300, 100), 999, "M9"))  # unknown parent
    report = validate_grids(grids, box(0, 0, 300, 100))
    assert [i.keys for i in report.of_kind(IssueKind.NO_PARENT)] == [(3,)]
    assert report.counts()["outside_parent"] == 1  # no_parent counts there


def test_responsibility_grids_must_tile_the_town() -> None:
    grids = row(2)
    report = validate_grids(grids, box(-10, 0, 200, 100))  # town 10 m wider than the grids
    assert report.counts()["gaps"] == 1
    report = validate_grids(grids, box(10, 0, 200, 100))  # grids 10 m outside the town
    assert report.counts()["outside_parent"] >= 1


def test_mismatched_shared_edge_is_found() -> None:
    # B has a vertex in the middle of the edge it shares with A; A has not
    a = Polygon([(0, 0), (100, 0), (100, 100), (0, 100)])
    b = Polygon([(100, 0), (200, 0), (200, 100), (100, 100), (100, 50.001)])
    grids = [SimpleGrid(100, RESPONSIBILITY, box(0, 0, 200, 100), None, "R"),
             SimpleGrid(1, MANAGEMENT, a, 100, "A"), SimpleGrid(2, MANAGEMENT, b, 100, "B")]
    report = validate_grids(grids, box(0, 0, 200, 100))
    assert report.counts()["edge_mismatches"] + report.counts()["overlaps"] >= 1
    assert not report.ok


def test_duplicate_codes() -> None:
    grids = row(2)
    grids[2] = SimpleGrid(2, MANAGEMENT, grids[2].geometry, 100, "M0")
    assert validate_grids(grids, town_of(grids)).counts()["duplicate_codes"] == 1


def test_region_limits_the_check() -> None:
    grids = row(4)
    grids[4] = SimpleGrid(4, MANAGEMENT, box(305, 0, 400, 100), 100, "M3")  # gap at 300..305
    full = validate_grids(grids, town_of(grids))
    assert full.counts()["gaps"] == 1
    near = validate_grids(grids, town_of(grids), region=box(0, 0, 150, 100))
    assert near.counts()["gaps"] == 0
    assert near.grids_checked < full.grids_checked


def test_issue_to_dict_has_lon_lat() -> None:
    grids = demo_grids(drop=(5,))  # a hole where management grid 5 was
    report = validate_grids(grids, demo_town().outline_m)
    [gap] = report.of_kind(IssueKind.GAP)
    d = gap.to_dict()
    assert d["kind"] == "gap" and 121.0 < d["lon"] < 121.4 and 31.0 < d["lat"] < 31.3


def test_full_validation_of_20000_grids() -> None:
    """City scale: 20,200 grids (200 responsibility, 20,000 management) validate clean.
    (Speed is measured by the benchmark in docs/PERFORMANCE.md, not asserted here.)"""
    grids, outline = quad_layer()
    report = validate_grids(grids, outline)
    assert report.grids_checked == 20200 and report.ok, report.summary()


def test_benchmark_layer_with_an_error_is_still_fast_and_found() -> None:
    grids, outline = quad_layer()
    g = grids[5000]
    grids[5000] = SimpleGrid(g.key, g.level, shapely.affinity.translate(g.geometry, 3.0, 0.0), g.parent, g.code)
    report = validate_grids(grids, outline)
    counts = report.counts()
    assert counts["overlaps"] >= 1 and counts["gaps"] >= 1
