"""Import and export of grid layers: GeoJSON (RFC 7946) and ESRI Shapefile.

Export writes EPSG:4490 (CGCS2000 lon/lat) coordinates exactly as stored: GeoJSON without a
"crs" member (RFC 7946 lon/lat; CGCS2000 and WGS84 agree within centimetres over a town, and
GridDesk treats their lon/lat as the same, like every Chinese web map), exterior rings
counter-clockwise; a Shapefile with a .prj (ESRI WKT of EPSG:4490) and a .cpg naming the
attribute encoding (UTF-8 or GBK). Coordinates are written at full double precision, so an
export read back gives the same vertices.

Import reads either format, detects the source CRS (a Shapefile's .prj WKT via pyproj; a
GeoJSON file is lon/lat by RFC 7946, or whatever a legacy "crs" member names), reprojects
every vertex to EPSG:4490 (vertex by vertex, so shared vertices stay shared) and reports
everything that is wrong as `FileProblem`s with the feature index and a code: broken JSON,
a wrong geometry type, self-intersections, an unknown CRS, a wrong attribute encoding,
missing or bad grid codes. Whether the grids tile the town is checked by the caller with
gis.validation (see `problems_from_issues`). Reading never changes anything.

Attributes (case-insensitive; the short names are the Shapefile's):
code (grid code, 14 digits), name, level (responsibility|management, or 责任网格/管理网格;
derived from the code if missing), parent_code/parent (derived from the code if missing),
leader_name/leader, leader_phone/phone, department_code/dept.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.enums import WktVersion
from pyproj.exceptions import CRSError
from shapely.geometry import Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from gis.crs import STORAGE_EPSG
from gis.gridcode import GridCodeError, parse_grid_code
from gis.validation import MANAGEMENT, RESPONSIBILITY, Issue, Severity

Format = Literal["geojson", "shapefile"]
FORMATS: tuple[str, ...] = ("geojson", "shapefile")

# Attribute names the importer understands, by what they mean.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "grid_code", "gridcode", "wgbm", "网格编码", "编码"),
    "name": ("name", "grid_name", "gridname", "wgmc", "网格名称", "名称"),
    "level": ("level", "grid_level", "网格层级", "层级"),
    "parent_code": ("parent_code", "parent", "上级编码", "上级网格"),
    "leader_name": ("leader_name", "leader", "网格长", "负责人"),
    "leader_phone": ("leader_phone", "phone", "电话", "联系电话"),
    "department_code": ("department_code", "dept", "department", "部门", "责任部门"),
}
LEVEL_ALIASES = {
    "responsibility": RESPONSIBILITY, "责任网格": RESPONSIBILITY, "r": RESPONSIBILITY,
    "management": MANAGEMENT, "管理网格": MANAGEMENT, "m": MANAGEMENT,
}
ENCODING_ALIASES = {
    "utf-8": "utf-8", "utf8": "utf-8", "65001": "utf-8",
    "gbk": "gbk", "cp936": "gbk", "936": "gbk", "ansi 936": "gbk", "gb2312": "gbk",
    "gb18030": "gb18030", "54936": "gb18030",
}
# dBASE language driver ids that mean a Chinese code page
_LDID_GBK = {0x4D, 0x7A}


@dataclass(frozen=True, slots=True)
class FileProblem:
    """One thing wrong with an import file (or a warning about it)."""

    code: str  # broken_json, wrong_geometry_type, self_intersection, unknown_crs, ...
    message: str  # English sentence: what is wrong and what to do (the UI translates)
    feature: int | None = None  # 0-based feature / record index, None: the whole file
    grid_code: str = ""
    field: str = ""
    location: tuple[float, float] | None = None  # lon, lat (EPSG:4490) to zoom to
    severity: Literal["error", "warning"] = "error"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "severity": self.severity, "message": self.message}
        if self.feature is not None:
            out["feature"] = self.feature
        if self.grid_code:
            out["grid_code"] = self.grid_code
        if self.field:
            out["field"] = self.field
        if self.location is not None:
            out["lon"], out["lat"] = round(self.location[0], 7), round(self.location[1], 7)
        return out

    def __str__(self) -> str:
        where = f"feature {self.feature}" if self.feature is not None else "file"
        if self.grid_code:
            where += f" ({self.grid_code})"
        return f"{self.severity}: {where}: {self.message} [{self.code}]"


@dataclass(slots=True)
class ImportedGrid:
    index: int  # feature / record index in the file
    code: str
    name: str
    level: str
    parent_code: str | None
    geometry: BaseGeometry  # Polygon, EPSG:4490
    attrs: dict[str, Any] = field(default_factory=dict)  # leader_name, leader_phone, department_code


@dataclass(slots=True)
class ReadResult:
    path: str
    format: str
    crs: str = ""  # what the file is in, e.g. "EPSG:4549"
    encoding: str = ""  # Shapefile attribute encoding used
    features: int = 0
    grids: list[ImportedGrid] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[FileProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "crs": self.crs,
            "encoding": self.encoding,
            "features": self.features,
            "grids": len(self.grids),
            "ok": self.ok,
            "errors": len(self.errors),
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass(frozen=True, slots=True)
class ExportGrid:
    code: str
    name: str
    level: str
    geometry: BaseGeometry  # Polygon, EPSG:4490
    parent_code: str | None = None
    leader_name: str = ""
    leader_phone: str = ""
    department_code: str = ""
    area_m2: float = 0.0


# ---------------------------------------------------------------- CRS


_LONLAT_DATUMS = ("World Geodetic System 1984", "China 2000", "China Geodetic Coordinate System 2000")


def _is_lonlat(crs: CRS) -> bool:
    """Geographic WGS84 or CGCS2000: taken as EPSG:4490 lon/lat as they are."""
    if not crs.is_geographic:
        return False
    datum = crs.datum.name if crs.datum is not None else ""
    return any(datum.startswith(d) for d in _LONLAT_DATUMS)


def crs_label(crs: CRS) -> str:
    epsg = crs.to_epsg(min_confidence=70)
    return f"EPSG:{epsg}" if epsg else crs.name


def _transformer(crs: CRS) -> Transformer | None:
    """None: the coordinates are already EPSG:4490 lon/lat."""
    if _is_lonlat(crs):
        return None
    return Transformer.from_crs(crs, CRS.from_epsg(STORAGE_EPSG), always_xy=True)


def _reproject(geom: BaseGeometry, t: Transformer | None) -> BaseGeometry:
    if t is None:
        return geom

    def apply(c: np.ndarray) -> np.ndarray:
        xs, ys = t.transform(c[:, 0], c[:, 1])
        return np.column_stack([xs, ys])

    return shapely.transform(geom, apply)


def parse_crs(value: Any) -> CRS:
    """A CRS from an EPSG number, "EPSG:4549", an OGC URN or WKT; raises CRSError."""
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        return CRS.from_epsg(int(value))
    return CRS.from_user_input(value)


# ---------------------------------------------------------------- attributes


def _field_map(names: Iterable[str]) -> dict[str, str]:
    """meaning -> the file's field name."""
    lower = {n.lower().strip(): n for n in names}
    out: dict[str, str] = {}
    for meaning, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            if alias.lower() in lower:
                out[meaning] = lower[alias.lower()]
                break
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _grid_from_props(
    index: int, props: dict[str, Any], fmap: dict[str, str], geom: BaseGeometry, problems: list[FileProblem]
) -> ImportedGrid | None:
    code = _text(props.get(fmap.get("code", ""), ""))
    if not code:
        problems.append(
            FileProblem(
                "missing_code", "The feature has no grid code; fill the 'code' attribute (14 digits).", index,
                field=fmap.get("code", "code"),
            )
        )
        return None
    try:
        parsed = parse_grid_code(code)
    except GridCodeError as exc:
        problems.append(FileProblem("bad_code", f"Invalid grid code: {exc}.", index, code, fmap.get("code", "code")))
        return None
    raw_level = _text(props.get(fmap.get("level", ""), "")).lower()
    if raw_level:
        level = LEVEL_ALIASES.get(raw_level)
        if level is None:
            problems.append(
                FileProblem(
                    "bad_level", f"Unknown grid level {raw_level!r}; use responsibility or management.", index, code,
                    fmap.get("level", "level"),
                )
            )
            return None
    else:
        level = RESPONSIBILITY if parsed.is_responsibility else MANAGEMENT
    if (level == RESPONSIBILITY) != parsed.is_responsibility:
        problems.append(
            FileProblem(
                "bad_code",
                f"The code {code} does not fit a {level} grid (responsibility grid codes end in 00).",
                index, code, fmap.get("code", "code"),
            )
        )
        return None
    parent = _text(props.get(fmap.get("parent_code", ""), "")) or parsed.parent_code
    if level == MANAGEMENT and parent and parent != parsed.parent_code:
        problems.append(
            FileProblem(
                "bad_code", f"The code {code} does not belong to responsibility grid {parent}.", index, code,
                fmap.get("parent_code", "parent_code"),
            )
        )
        return None
    name = _text(props.get(fmap.get("name", ""), "")) or code
    attrs: dict[str, Any] = {
        k: _text(props.get(fmap[k]))
        for k in ("leader_name", "leader_phone", "department_code")
        if k in fmap and _text(props.get(fmap[k]))
    }
    return ImportedGrid(index, code, name[:64], level, parent if level == MANAGEMENT else None, geom, attrs)


def _check_geometry(
    index: int, geom: BaseGeometry | None, code: str, problems: list[FileProblem]
) -> BaseGeometry | None:
    """The feature's polygon, or None after reporting why it cannot be one."""
    if geom is None or geom.is_empty:
        problems.append(FileProblem("no_geometry", "The feature has no geometry.", index, code))
        return None
    if geom.geom_type == "MultiPolygon" and len(geom.geoms) == 1:
        geom = geom.geoms[0]
    if geom.geom_type != "Polygon":
        what = f"a MultiPolygon of {len(geom.geoms)} parts" if geom.geom_type == "MultiPolygon" else f"a {geom.geom_type}"
        problems.append(
            FileProblem(
                "wrong_geometry_type", f"The feature is {what}; every grid must be one polygon.", index, code,
                location=_lonlat_of(geom),
            )
        )
        return None
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        kind = "self_intersection" if "self-intersection" in reason.lower() else "invalid_geometry"
        what = "crosses itself" if kind == "self_intersection" else "is not a valid polygon"
        problems.append(
            FileProblem(
                kind, f"The polygon {what} ({reason}); fix its boundary in the source file.", index, code,
                location=_reason_point(reason) or _lonlat_of(geom),
            )
        )
        return None
    return geom


_REASON_XY = re.compile(r"\[\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)")


def _reason_point(reason: str) -> tuple[float, float] | None:
    m = _REASON_XY.search(reason)
    return (float(m.group(1)), float(m.group(2))) if m else None


def _lonlat_of(geom: BaseGeometry) -> tuple[float, float] | None:
    try:
        p = geom.representative_point()
        return (float(p.x), float(p.y))
    except Exception:
        return None


def _plausible_lonlat(geoms: list[BaseGeometry]) -> bool:
    if not geoms:
        return True
    b = shapely.total_bounds(_objects(geoms))
    return bool(-180 <= b[0] <= 180 and -180 <= b[2] <= 180 and -90 <= b[1] <= 90 and -90 <= b[3] <= 90)


def _objects(items: Iterable[Any]) -> np.ndarray:
    seq = list(items)
    out = np.empty(len(seq), dtype=object)
    for i, v in enumerate(seq):
        out[i] = v
    return out


def _duplicates(grids: list[ImportedGrid], problems: list[FileProblem]) -> list[ImportedGrid]:
    seen: dict[str, int] = {}
    out = []
    for g in grids:
        if g.code in seen:
            problems.append(
                FileProblem(
                    "duplicate_code", f"The code {g.code} is used again (first by feature {seen[g.code]}).", g.index, g.code,
                )
            )
            continue
        seen[g.code] = g.index
        out.append(g)
    return out


# ---------------------------------------------------------------- GeoJSON


def read_geojson(path: str | Path, *, assume_crs: Any = None) -> ReadResult:
    """Read a GeoJSON FeatureCollection of grid polygons (see the module docstring)."""
    path = Path(path)
    result = ReadResult(str(path), "geojson")
    problems = result.problems
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(FileProblem("unreadable", f"The file cannot be read ({exc.strerror or exc})."))
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            FileProblem(
                "wrong_encoding",
                f"The file is not UTF-8 text (byte {exc.start}); RFC 7946 GeoJSON must be UTF-8: save it as UTF-8.",
            )
        )
        return result
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(
            FileProblem("broken_json", f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.")
        )
        return result
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        doc = {"type": "FeatureCollection", "features": [doc], **({"crs": doc["crs"]} if "crs" in doc else {})}
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        problems.append(
            FileProblem("not_feature_collection", "The file is not a GeoJSON FeatureCollection of grid polygons.")
        )
        return result
    # -- the CRS: RFC 7946 lon/lat unless a legacy "crs" member (or the caller) says otherwise
    crs: CRS | None = None
    declared = doc.get("crs")
    try:
        if assume_crs is not None:
            crs = parse_crs(assume_crs)
        elif declared is not None:
            crs = _legacy_crs(declared)
        else:
            crs = CRS.from_epsg(4326)
    except (CRSError, ValueError, TypeError) as exc:
        problems.append(
            FileProblem(
                "unknown_crs",
                f"The coordinate reference system {json.dumps(declared, ensure_ascii=False)[:120]} is unknown ({exc}); "
                "reproject the file to EPSG:4490 or WGS84 lon/lat.",
            )
        )
        return result
    result.crs = crs_label(crs)
    features = doc["features"]
    result.features = len(features)
    geoms: list[tuple[int, BaseGeometry, dict[str, Any]]] = []
    names: set[str] = set()
    for i, feat in enumerate(features):
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            problems.append(FileProblem("not_a_feature", "This entry is not a GeoJSON Feature.", i))
            continue
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            props = {}
        names |= set(props)
        gj = feat.get("geometry")
        if gj is None:
            problems.append(FileProblem("no_geometry", "The feature has no geometry.", i))
            continue
        try:
            geom = shape(gj)
        except Exception as exc:
            problems.append(FileProblem("broken_geometry", f"The geometry cannot be read ({exc}).", i))
            continue
        geoms.append((i, geom, props))
    if crs is not None and crs.is_geographic and not _plausible_lonlat([g for _, g, _ in geoms]):
        problems.append(
            FileProblem(
                "unknown_crs",
                "The coordinates are not longitude/latitude degrees and the file names no coordinate reference "
                "system; add a \"crs\" member or reproject it to EPSG:4490.",
            )
        )
        return result
    _finish(result, geoms, _field_map(names), _transformer(crs))
    return result


def _legacy_crs(declared: Any) -> CRS:
    """The pre-RFC 7946 "crs" member: {"type": "name", "properties": {"name": ...}} or
    {"type": "EPSG", "properties": {"code": ...}}; a "link" CRS cannot be resolved."""
    if not isinstance(declared, dict):
        raise ValueError("the crs member is not an object")
    kind = str(declared.get("type", "")).lower()
    props = declared.get("properties") or {}
    if kind == "name":
        return parse_crs(str(props.get("name", "")))
    if kind == "epsg":
        return CRS.from_epsg(int(str(props.get("code"))))
    raise ValueError(f"crs of type {declared.get('type')!r} is not supported")


def _finish(
    result: ReadResult,
    geoms: list[tuple[int, BaseGeometry, dict[str, Any]]],
    fmap: dict[str, str],
    t: Transformer | None,
) -> None:
    problems = result.problems
    if "code" not in fmap:
        problems.append(
            FileProblem(
                "missing_field",
                "The file has no grid code attribute; add a 'code' field with each grid's 14-digit code.",
                field="code",
            )
        )
        return
    grids: list[ImportedGrid] = []
    for i, geom, props in geoms:
        code = _text(props.get(fmap["code"], ""))
        try:
            geom = _reproject(geom, t)
        except Exception as exc:
            problems.append(FileProblem("unknown_crs", f"The coordinates cannot be reprojected ({exc}).", i, code))
            continue
        if not np.isfinite(shapely.get_coordinates(geom)).all():
            problems.append(
                FileProblem("unknown_crs", "The coordinates cannot be reprojected to EPSG:4490.", i, code)
            )
            continue
        poly = _check_geometry(i, geom, code, problems)
        if poly is None:
            continue
        grid = _grid_from_props(i, props, fmap, poly, problems)
        if grid is not None:
            grids.append(grid)
    result.grids = _duplicates(grids, problems)
    if not result.features:
        problems.append(FileProblem("empty", "The file holds no features."))
    # the whole file first, then by feature
    problems.sort(key=lambda p: (p.feature is not None, p.feature or 0))


def write_geojson(path: str | Path, grids: Iterable[ExportGrid]) -> int:
    """Write an RFC 7946 FeatureCollection; returns the number of features."""
    features = []
    for g in grids:
        geom = shapely.orient_polygons(g.geometry, exterior_cw=False)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": g.code,
                    "name": g.name,
                    "level": g.level,
                    "parent_code": g.parent_code,
                    "leader_name": g.leader_name,
                    "leader_phone": g.leader_phone,
                    "department_code": g.department_code,
                    "area_m2": round(g.area_m2, 2),
                },
                "geometry": _exact_mapping(geom),
            }
        )
    doc = {"type": "FeatureCollection", "features": features}
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(features)


def _exact_mapping(geom: BaseGeometry) -> dict[str, Any]:
    m = mapping(geom)
    # plain lists of floats: json writes repr(float), which reads back bit for bit
    return {"type": m["type"], "coordinates": json.loads(json.dumps(m["coordinates"]))}


# ---------------------------------------------------------------- Shapefile


def _shapefile_parts(path: Path) -> dict[str, Path | None]:
    base = path.with_suffix("")
    out: dict[str, Path | None] = {}
    for ext in ("shp", "shx", "dbf", "prj", "cpg"):
        found = None
        for cand in (base.with_suffix("." + ext), base.with_suffix("." + ext.upper())):
            if cand.exists():
                found = cand
                break
        out[ext] = found
    return out


def read_shapefile(path: str | Path, *, assume_crs: Any = None, encoding: str | None = None) -> ReadResult:
    """Read an ESRI Shapefile of grid polygons with its .prj (CRS) and .cpg (encoding)."""
    import shapefile  # pyshp

    path = Path(path)
    result = ReadResult(str(path), "shapefile")
    problems = result.problems
    parts = _shapefile_parts(path)
    for ext in ("shp", "dbf"):
        if parts[ext] is None:
            problems.append(
                FileProblem("missing_part", f"The .{ext} file of the Shapefile is missing; copy all its files together.")
            )
    if problems:
        return result
    # -- CRS from the .prj
    crs: CRS | None = None
    try:
        if assume_crs is not None:
            crs = parse_crs(assume_crs)
        elif parts["prj"] is not None:
            crs = CRS.from_wkt(parts["prj"].read_text(encoding="utf-8", errors="replace").strip())
    except (CRSError, ValueError) as exc:
        problems.append(
            FileProblem(
                "unknown_crs", f"The .prj file names a coordinate reference system pyproj does not know ({exc}).",
            )
        )
        return result
    if crs is not None:
        result.crs = crs_label(crs)
    # -- the attribute encoding: the caller, the .cpg, the dBASE language driver, else UTF-8
    declared = encoding
    source = "the caller"
    if declared is None and parts["cpg"] is not None:
        declared = parts["cpg"].read_text(encoding="ascii", errors="replace").strip()
        source = "the .cpg file"
    if declared is None:
        with open(parts["dbf"], "rb") as fh:  # type: ignore[arg-type]
            head = fh.read(32)
        if len(head) > 29 and head[29] in _LDID_GBK:
            declared, source = "GBK", "the .dbf language driver"
    enc = ENCODING_ALIASES.get((declared or "utf-8").strip().lower())
    if enc is None:
        problems.append(
            FileProblem(
                "wrong_encoding",
                f"{source.capitalize()} names the encoding {declared!r}, which GridDesk does not read; use UTF-8 or GBK.",
            )
        )
        return result
    result.encoding = enc
    try:
        reader = shapefile.Reader(
            shp=open(parts["shp"], "rb"),  # type: ignore[arg-type]  # noqa: SIM115
            dbf=open(parts["dbf"], "rb"),  # type: ignore[arg-type]  # noqa: SIM115
            shx=open(parts["shx"], "rb") if parts["shx"] else None,  # noqa: SIM115
            encoding="latin-1",  # raw bytes; decoded below, so errors name the record
        )
    except Exception as exc:
        problems.append(FileProblem("unreadable", f"The Shapefile cannot be read ({exc})."))
        return result
    try:
        if reader.shapeType not in (shapefile.POLYGON, shapefile.POLYGONZ, shapefile.POLYGONM, shapefile.NULL):
            problems.append(
                FileProblem(
                    "wrong_geometry_type",
                    f"The Shapefile holds {reader.shapeTypeName} shapes; grids must be polygons.",
                )
            )
            return result
        names = [f[0] for f in reader.fields[1:]]
        char_fields = {f[0] for f in reader.fields[1:] if f[1] == "C"}
        fmap = _field_map(names)
        geoms: list[tuple[int, BaseGeometry, dict[str, Any]]] = []
        result.features = len(reader)
        bad_encoding = 0
        non_ascii: list[tuple[int, str, bool]] = []  # (record, field, also valid UTF-8)
        for i in range(len(reader)):
            try:
                sr = reader.shapeRecord(i)
            except Exception as exc:
                problems.append(FileProblem("unreadable", f"The record cannot be read ({exc}).", i))
                continue
            props: dict[str, Any] = {}
            failed = False
            for name, value in zip(names, list(sr.record), strict=False):
                if name in char_fields and isinstance(value, str):
                    raw = value.encode("latin-1")
                    try:
                        value = raw.decode(enc).strip()
                    except UnicodeDecodeError:
                        failed = True
                        bad_encoding += 1
                        if bad_encoding <= 5:
                            hint = "GBK" if enc == "utf-8" else "UTF-8"
                            problems.append(
                                FileProblem(
                                    "wrong_encoding",
                                    f"The attribute {name!r} is not {enc.upper()} text ({source} says it is); "
                                    f"it may be {hint}: fix the .cpg file.",
                                    i, field=name,
                                )
                            )
                        break
                    if enc != "utf-8" and any(b >= 0x80 for b in raw):
                        non_ascii.append((i, name, _looks_utf8(raw)))
                props[name] = value
            if failed:
                continue
            shp = sr.shape
            if shp.shapeType == shapefile.NULL or not getattr(shp, "points", None):
                geoms.append((i, Polygon(), props))
                continue
            try:
                geom = shape(shp.__geo_interface__)
            except Exception as exc:
                problems.append(FileProblem("broken_geometry", f"The shape cannot be read ({exc}).", i))
                continue
            geoms.append((i, shapely.force_2d(geom), props))
    finally:
        reader.close()
    if bad_encoding:
        if bad_encoding > 5:
            problems.append(
                FileProblem(
                    "wrong_encoding", f"{bad_encoding} of {result.features} records in all are not {enc.upper()} text."
                )
            )
        return result
    utf8_like = [x for x in non_ascii if x[2]]
    if non_ascii and len(utf8_like) >= 0.9 * len(non_ascii):
        # GBK text is almost never valid UTF-8 as well; a whole file of it is UTF-8
        first, name, _ = utf8_like[0]
        problems.append(
            FileProblem(
                "wrong_encoding",
                f"The attributes are UTF-8 text although {source} says {enc.upper()} "
                f"({len(utf8_like)} of {len(non_ascii)} Chinese values); fix the .cpg file.",
                first, field=name,
            )
        )
        return result
    if crs is None:
        if _plausible_lonlat([g for _, g, _ in geoms if not g.is_empty]):
            crs = CRS.from_epsg(STORAGE_EPSG)
            problems.append(
                FileProblem(
                    "no_prj",
                    "The Shapefile has no .prj file; its coordinates look like lon/lat and are read as EPSG:4490.",
                    severity="warning",
                )
            )
        else:
            problems.append(
                FileProblem(
                    "unknown_crs",
                    "The Shapefile has no .prj file and its coordinates are not lon/lat; "
                    "add the .prj or name the CRS (e.g. --crs 4549).",
                )
            )
            return result
    result.crs = crs_label(crs)
    _finish(result, geoms, fmap, _transformer(crs))
    return result


def _looks_utf8(raw: bytes) -> bool:
    """Non-ASCII bytes that decode as UTF-8: true GBK text almost never does."""
    if all(b < 0x80 for b in raw):
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def write_shapefile(path: str | Path, grids: Iterable[ExportGrid], *, encoding: str = "utf-8") -> int:
    """Write a polygon Shapefile (.shp .shx .dbf) with .prj (EPSG:4490) and .cpg; returns
    the number of records. `encoding` is "utf-8" or "gbk"."""
    import shapefile  # pyshp

    enc = ENCODING_ALIASES.get(encoding.strip().lower())
    if enc not in ("utf-8", "gbk"):
        raise ValueError(f"encoding must be UTF-8 or GBK, not {encoding!r}")
    base = Path(path).with_suffix("")
    base.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    w = shapefile.Writer(str(base), shapeType=shapefile.POLYGON, encoding=enc, encodingErrors="strict")
    try:
        w.field("code", "C", size=14)
        w.field("name", "C", size=192)
        w.field("level", "C", size=16)
        w.field("parent", "C", size=14)
        w.field("leader", "C", size=96)
        w.field("phone", "C", size=20)
        w.field("dept", "C", size=16)
        w.field("area_m2", "N", size=18, decimal=2)
        for g in grids:
            geom = shapely.orient_polygons(g.geometry, exterior_cw=True)  # the Shapefile convention
            rings = [list(map(tuple, np.asarray(geom.exterior.coords)[:, :2]))]
            rings += [list(map(tuple, np.asarray(r.coords)[:, :2])) for r in geom.interiors]
            w.poly(rings)
            w.record(
                g.code, g.name, g.level, g.parent_code or "", g.leader_name, g.leader_phone, g.department_code,
                round(float(g.area_m2), 2) if math.isfinite(g.area_m2) else 0.0,
            )
            n += 1
    finally:
        w.close()
    base.with_suffix(".prj").write_text(CRS.from_epsg(STORAGE_EPSG).to_wkt(WktVersion.WKT1_ESRI), encoding="ascii")
    base.with_suffix(".cpg").write_text("UTF-8" if enc == "utf-8" else "GBK", encoding="ascii")
    return n


# ---------------------------------------------------------------- either


def detect_format(path: str | Path) -> str | None:
    suffix = Path(path).suffix.lower()
    if suffix in (".geojson", ".json"):
        return "geojson"
    if suffix in (".shp", ".dbf", ".shx"):
        return "shapefile"
    return None


def read_grid_file(path: str | Path, *, assume_crs: Any = None, encoding: str | None = None) -> ReadResult:
    """Read a GeoJSON or Shapefile grid layer (by the file's extension)."""
    fmt = detect_format(path)
    if fmt == "geojson":
        return read_geojson(path, assume_crs=assume_crs)
    if fmt == "shapefile":
        return read_shapefile(Path(path).with_suffix(".shp"), assume_crs=assume_crs, encoding=encoding)
    result = ReadResult(str(path), "unknown")
    result.problems.append(
        FileProblem("unknown_format", "Only GeoJSON (.geojson, .json) and Shapefile (.shp) files can be imported.")
    )
    return result


def write_grid_file(
    path: str | Path, grids: Iterable[ExportGrid], fmt: str, *, encoding: str = "utf-8"
) -> int:
    if fmt == "geojson":
        return write_geojson(path, grids)
    if fmt == "shapefile":
        return write_shapefile(path, grids, encoding=encoding)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def problems_from_issues(
    issues: Iterable[Issue],
    feature_of: dict[int, int],
    code_of: dict[int, str],
    to_lonlat: Any = None,
) -> list[FileProblem]:
    """Turn tiling validation issues (gis.validation) into file problems that name the
    features involved. `feature_of` maps a grid key to its feature index, `code_of` to its
    code; `to_lonlat(x, y)` converts an EPSG:4549 location."""
    out: list[FileProblem] = []
    for issue in issues:
        feats = [feature_of[k] for k in issue.keys if k in feature_of]
        loc = None
        if to_lonlat is not None:
            lon, lat = to_lonlat(issue.location[0], issue.location[1])
            loc = (float(lon), float(lat))
        codes = [code_of[k] for k in issue.keys if k in code_of]
        message = issue.message
        if len(feats) > 1:
            message += f" (features {', '.join(str(f) for f in feats)})"
        out.append(
            FileProblem(
                str(issue.kind), message, feats[0] if feats else None, codes[0] if codes else "",
                location=loc, severity="error" if issue.severity == Severity.ERROR else "warning",
            )
        )
    return out
