"""Grid layer files (gis/io.py): GeoJSON and Shapefile export and import, CRS detection and
reprojection, and a clear report for every kind of bad file. No database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapefile
import shapely
from pyproj import CRS
from pyproj.enums import WktVersion
from shapely.geometry import Polygon, box, mapping

from gis.crs import to_metric, to_storage
from gis.io import (
    ExportGrid,
    problems_from_issues,
    read_geojson,
    read_grid_file,
    read_shapefile,
    write_geojson,
    write_shapefile,
)
from gis.validation import SimpleGrid, validate_grids
from tests.grid_helpers import demo_grids

LON, LAT = 121.20, 31.16
R1, R2 = "31011810301100", "31011810302100"


def lonlat_box(i: int, j: int, size: float = 0.002) -> Polygon:
    return box(LON + i * size, LAT + j * size, LON + (i + 1) * size, LAT + (j + 1) * size)


def small_layer() -> list[ExportGrid]:
    """Two responsibility grids, each of two management grids, in lon/lat."""
    return [
        ExportGrid(R1, "一村", "responsibility", shapely.union_all([lonlat_box(0, 0), lonlat_box(1, 0)])),
        ExportGrid(R2, "二村", "responsibility", shapely.union_all([lonlat_box(2, 0), lonlat_box(3, 0)])),
        ExportGrid(R1[:12] + "01", "东组", "management", lonlat_box(0, 0), R1, "张三", "13800000001"),
        ExportGrid(R1[:12] + "02", "西组", "management", lonlat_box(1, 0), R1),
        ExportGrid(R2[:12] + "01", "南苑", "management", lonlat_box(2, 0), R2),
        ExportGrid(R2[:12] + "02", "北苑", "management", lonlat_box(3, 0), R2),
    ]


def feature(code: str, geom: dict | None, **props: object) -> dict:
    return {"type": "Feature", "properties": {"code": code, **props}, "geometry": geom}


def write_json(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.code for p in result.problems]


# ---------------------------------------------------------------- GeoJSON


def test_geojson_round_trip_is_exact(tmp_path: Path) -> None:
    layer = small_layer()
    path = tmp_path / "grids.geojson"
    assert write_geojson(path, layer) == 6
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc  # RFC 7946
    ring = doc["features"][0]["geometry"]["coordinates"][0]
    assert Polygon(ring).exterior.is_ccw  # right-hand rule
    result = read_geojson(path)
    assert result.ok, result.problems and result.crs == "EPSG:4326"
    assert [g.code for g in result.grids] == [g.code for g in layer]
    for g, src in zip(result.grids, layer, strict=True):
        assert shapely.equals_exact(shapely.normalize(g.geometry), shapely.normalize(src.geometry), tolerance=0)
    assert result.grids[2].name == "东组" and result.grids[2].attrs["leader_name"] == "张三"
    assert result.grids[2].level == "management" and result.grids[2].parent_code == R1


def test_demo_town_round_trip_through_both_formats_is_vertex_exact(tmp_path: Path) -> None:
    grids = [
        ExportGrid(g.code, g.name, g.level, to_storage(g.geometry), None) for g in demo_grids()
    ]
    for name, writer, reader in (
        ("t.geojson", lambda p: write_geojson(p, grids), read_geojson),
        ("u.shp", lambda p: write_shapefile(p, grids, encoding="utf-8"), read_shapefile),
        ("g.shp", lambda p: write_shapefile(p, grids, encoding="gbk"), read_shapefile),
    ):
        path = tmp_path / name
        assert writer(path) == 178
        result = reader(path)
        assert result.ok, [str(p) for p in result.problems]
        assert len(result.grids) == 178
        for got, src in zip(result.grids, grids, strict=True):
            assert got.code == src.code and got.name == src.name
            assert shapely.equals_exact(shapely.normalize(got.geometry), shapely.normalize(src.geometry), tolerance=0)
    # the read-back layer still tiles exactly
    read = read_geojson(tmp_path / "t.geojson")
    shapes = [SimpleGrid(i, g.level, to_metric(g.geometry), None, g.code) for i, g in enumerate(read.grids)]
    parents = {g.code: i for i, g in enumerate(read.grids)}
    shapes = [
        SimpleGrid(s.key, s.level, s.geometry, parents.get(read.grids[s.key].parent_code or ""), s.code) for s in shapes
    ]
    assert validate_grids(shapes).ok


def test_broken_json_is_reported_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [ {"type": "Feature",, } ]}', encoding="utf-8")
    result = read_geojson(path)
    assert not result.ok and codes(result) == ["broken_json"]
    assert "line 2" in result.problems[0].message and not result.grids


def test_wrong_geometry_types_name_the_feature(tmp_path: Path) -> None:
    doc = {
        "type": "FeatureCollection",
        "features": [
            feature(R1, mapping(lonlat_box(0, 0))),
            feature(R2, {"type": "Point", "coordinates": [LON, LAT]}),
            feature(R1[:12] + "01", {"type": "LineString", "coordinates": [[LON, LAT], [LON + 0.01, LAT]]}),
            feature(R1[:12] + "02", mapping(shapely.MultiPolygon([lonlat_box(5, 5), lonlat_box(7, 7)]))),
            feature(R1[:12] + "03", None),
        ],
    }
    result = read_geojson(write_json(tmp_path / "types.geojson", doc))
    wrong = [(p.feature, p.code) for p in result.problems]
    assert wrong == [
        (1, "wrong_geometry_type"), (2, "wrong_geometry_type"), (3, "wrong_geometry_type"), (4, "no_geometry"),
    ]
    assert result.problems[0].grid_code == R2 and "Point" in result.problems[0].message
    assert "2 parts" in result.problems[2].message
    assert [g.code for g in result.grids] == [R1]


def test_self_intersection_is_located(tmp_path: Path) -> None:
    bowtie = Polygon([(LON, LAT), (LON + 0.01, LAT + 0.01), (LON + 0.01, LAT), (LON, LAT + 0.01)])
    doc = {"type": "FeatureCollection", "features": [feature(R1, mapping(lonlat_box(0, 0))), feature(R2, mapping(bowtie))]}
    result = read_geojson(write_json(tmp_path / "bowtie.geojson", doc))
    [p] = result.problems
    assert (p.code, p.feature, p.grid_code) == ("self_intersection", 1, R2)
    assert p.location == pytest.approx((LON + 0.005, LAT + 0.005))


def test_unknown_crs_in_a_legacy_member(tmp_path: Path) -> None:
    for crs in (
        {"type": "name", "properties": {"name": "EPSG:999999"}},
        {"type": "link", "properties": {"href": "http://example.com/crs", "type": "proj4"}},
        "nonsense",
    ):
        doc = {"type": "FeatureCollection", "crs": crs, "features": [feature(R1, mapping(lonlat_box(0, 0)))]}
        result = read_geojson(write_json(tmp_path / "crs.geojson", doc))
        assert codes(result) == ["unknown_crs"], crs
        assert not result.grids


def test_projected_coordinates_without_a_crs_are_refused(tmp_path: Path) -> None:
    metric = to_metric(lonlat_box(0, 0))
    doc = {"type": "FeatureCollection", "features": [feature(R1, mapping(metric))]}
    result = read_geojson(write_json(tmp_path / "metric.geojson", doc))
    assert codes(result) == ["unknown_crs"] and "not longitude/latitude" in result.problems[0].message


def test_legacy_crs_member_is_honoured_and_reprojected(tmp_path: Path) -> None:
    metric = to_metric(lonlat_box(0, 0))
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}},
        "features": [feature(R1, mapping(metric))],
    }
    result = read_geojson(write_json(tmp_path / "cgcs.geojson", doc))
    assert result.ok and result.crs == "EPSG:4549"
    got = result.grids[0].geometry
    assert shapely.equals_exact(shapely.normalize(got), shapely.normalize(to_storage(metric)), tolerance=1e-12)
    assert got.bounds[0] == pytest.approx(LON, abs=1e-9)


def test_codes_are_checked(tmp_path: Path) -> None:
    doc = {
        "type": "FeatureCollection",
        "features": [
            feature(R1, mapping(lonlat_box(0, 0))),
            feature("123", mapping(lonlat_box(1, 0))),
            feature(R1, mapping(lonlat_box(2, 0))),
            feature(R2, mapping(lonlat_box(3, 0)), level="management"),
            feature(R2[:12] + "01", mapping(lonlat_box(4, 0)), parent_code=R1),
            {"type": "Feature", "properties": {"name": "无编码"}, "geometry": mapping(lonlat_box(5, 0))},
        ],
    }
    result = read_geojson(write_json(tmp_path / "codes.geojson", doc))
    assert [(p.feature, p.code) for p in result.problems] == [
        (1, "bad_code"), (2, "duplicate_code"), (3, "bad_code"), (4, "bad_code"), (5, "missing_code"),
    ]


def test_a_file_that_does_not_tile_names_the_features(tmp_path: Path) -> None:
    layer = small_layer()
    # management grid 西组 stops 20 % short: a gap inside responsibility grid R1
    short = box(LON + 0.002, LAT, LON + 0.0036, LAT + 0.002)
    layer[3] = ExportGrid(layer[3].code, layer[3].name, "management", short, R1)
    path = tmp_path / "gap.geojson"
    write_geojson(path, layer)
    result = read_geojson(path)
    assert result.ok  # the file itself is readable ...
    keys = {g.code: i for i, g in enumerate(result.grids)}
    shapes = [
        SimpleGrid(i, g.level, to_metric(g.geometry), keys.get(g.parent_code or ""), g.code)
        for i, g in enumerate(result.grids)
    ]
    report = validate_grids(shapes)
    assert report.counts()["gaps"] == 1  # ... but does not tile
    problems = problems_from_issues(report.issues, {i: g.index for i, g in enumerate(result.grids)}, {i: g.code for i, g in enumerate(result.grids)})
    [gap] = [p for p in problems if p.code == "gap"]
    assert gap.feature in (2, 3, 4) and gap.severity == "error"


def test_not_a_feature_collection(tmp_path: Path) -> None:
    result = read_geojson(write_json(tmp_path / "x.geojson", {"type": "Polygon", "coordinates": []}))
    assert codes(result) == ["not_feature_collection"]
    assert codes(read_geojson(tmp_path / "missing.geojson")) == ["unreadable"]
    (tmp_path / "latin.geojson").write_bytes('{"name": "网格"}'.encode("gbk"))
    assert codes(read_geojson(tmp_path / "latin.geojson")) == ["wrong_encoding"]


# ---------------------------------------------------------------- Shapefile


def write_raw_shapefile(
    path: Path,
    polygons: list[Polygon],
    records: list[tuple[str, str]],
    *,
    encoding: str,
    cpg: str | None,
    prj_epsg: int | None,
    shape_type: int = shapefile.POLYGON,
) -> Path:
    with shapefile.Writer(str(path.with_suffix("")), shapeType=shape_type, encoding=encoding) as w:
        w.field("code", "C", size=14)
        w.field("name", "C", size=100)
        for poly, rec in zip(polygons, records, strict=True):
            if shape_type == shapefile.POINT:
                w.point(poly.centroid.x, poly.centroid.y)
            else:
                oriented = shapely.orient_polygons(poly, exterior_cw=True)
                w.poly([list(oriented.exterior.coords)])
            w.record(*rec)
    if cpg is not None:
        path.with_suffix(".cpg").write_text(cpg, encoding="ascii")
    if prj_epsg is not None:
        path.with_suffix(".prj").write_text(CRS.from_epsg(prj_epsg).to_wkt(WktVersion.WKT1_ESRI), encoding="ascii")
    return path


CHINESE = [(R1, "赵巷村第一网格"), (R2, "华中苑社区")]


def test_gbk_shapefile_with_cpg(tmp_path: Path) -> None:
    path = write_raw_shapefile(
        tmp_path / "gbk.shp", [lonlat_box(0, 0), lonlat_box(1, 0)], CHINESE, encoding="gbk", cpg="GBK", prj_epsg=4490
    )
    result = read_shapefile(path)
    assert result.ok, [str(p) for p in result.problems]
    assert result.encoding == "gbk" and result.crs == "EPSG:4490"
    assert [g.name for g in result.grids] == ["赵巷村第一网格", "华中苑社区"]


def test_wrong_encoding_is_reported_both_ways(tmp_path: Path) -> None:
    gbk_as_utf8 = write_raw_shapefile(
        tmp_path / "a.shp", [lonlat_box(0, 0), lonlat_box(1, 0)], CHINESE, encoding="gbk", cpg="UTF-8", prj_epsg=4490
    )
    result = read_shapefile(gbk_as_utf8)
    assert not result.ok and set(codes(result)) == {"wrong_encoding"}
    assert result.problems[0].feature == 0 and result.problems[0].field == "name" and "GBK" in result.problems[0].message
    utf8_as_gbk = write_raw_shapefile(
        tmp_path / "b.shp", [lonlat_box(0, 0), lonlat_box(1, 0)], CHINESE, encoding="utf-8", cpg="GBK", prj_epsg=4490
    )
    result = read_shapefile(utf8_as_gbk)
    assert not result.ok and set(codes(result)) == {"wrong_encoding"}
    assert "UTF-8" in result.problems[0].message


def test_prj_in_epsg_4549_is_reprojected(tmp_path: Path) -> None:
    lonlat = [lonlat_box(0, 0), lonlat_box(1, 0)]
    metric = [to_metric(p) for p in lonlat]
    path = write_raw_shapefile(tmp_path / "m.shp", metric, CHINESE, encoding="utf-8", cpg="UTF-8", prj_epsg=4549)
    result = read_shapefile(path)
    assert result.ok and result.crs == "EPSG:4549"
    for got, want in zip(result.grids, lonlat, strict=True):
        assert shapely.equals_exact(shapely.normalize(got.geometry), shapely.normalize(want), tolerance=1e-9)
    # the two polygons still share their edge exactly after reprojection
    a, b = result.grids[0].geometry, result.grids[1].geometry
    assert shapely.intersection(a.boundary, b.boundary).length > 0
    assert bool(shapely.coverage_is_valid([a, b]))


def test_missing_prj(tmp_path: Path) -> None:
    ll = write_raw_shapefile(tmp_path / "ll.shp", [lonlat_box(0, 0)], CHINESE[:1], encoding="utf-8", cpg="UTF-8", prj_epsg=None)
    result = read_shapefile(ll)
    assert result.ok and codes(result) == ["no_prj"] and result.problems[0].severity == "warning"
    mm = write_raw_shapefile(
        tmp_path / "mm.shp", [to_metric(lonlat_box(0, 0))], CHINESE[:1], encoding="utf-8", cpg="UTF-8", prj_epsg=None
    )
    result = read_shapefile(mm)
    assert codes(result) == ["unknown_crs"]
    assert read_shapefile(mm, assume_crs=4549).ok


def test_unknown_prj_and_missing_parts_and_points(tmp_path: Path) -> None:
    path = write_raw_shapefile(tmp_path / "u.shp", [lonlat_box(0, 0)], CHINESE[:1], encoding="utf-8", cpg="UTF-8", prj_epsg=None)
    path.with_suffix(".prj").write_text('PROJCS["nowhere",GEOGCS["x"]]', encoding="ascii")
    assert codes(read_shapefile(path)) == ["unknown_crs"]
    path.with_suffix(".dbf").unlink()
    assert codes(read_shapefile(path)) == ["missing_part"]
    pts = write_raw_shapefile(
        tmp_path / "p.shp", [lonlat_box(0, 0)], CHINESE[:1], encoding="utf-8", cpg="UTF-8", prj_epsg=4490,
        shape_type=shapefile.POINT,
    )
    result = read_shapefile(pts)
    assert codes(result) == ["wrong_geometry_type"] and "POINT" in result.problems[0].message


def test_self_intersecting_shapefile_polygon(tmp_path: Path) -> None:
    bowtie = Polygon([(LON, LAT), (LON + 0.01, LAT + 0.01), (LON + 0.01, LAT), (LON, LAT + 0.01)])
    path = tmp_path / "bow.shp"
    with shapefile.Writer(str(path.with_suffix("")), shapeType=shapefile.POLYGON, encoding="utf-8") as w:
        w.field("code", "C", size=14)
        w.poly([list(bowtie.exterior.coords)])
        w.record(R1)
    result = read_shapefile(path)
    assert [(p.code, p.feature, p.grid_code) for p in result.errors] == [("self_intersection", 0, R1)]


def test_read_grid_file_by_extension(tmp_path: Path) -> None:
    write_geojson(tmp_path / "a.json", small_layer())
    assert read_grid_file(tmp_path / "a.json").ok
    write_shapefile(tmp_path / "b.shp", small_layer(), encoding="gbk")
    assert (tmp_path / "b.cpg").read_text() == "GBK" and (tmp_path / "b.prj").exists()
    got = read_grid_file(tmp_path / "b.dbf")
    assert got.ok and got.encoding == "gbk" and got.grids[0].name == "一村"
    assert [p.code for p in read_grid_file(tmp_path / "c.kml").problems] == ["unknown_format"]
