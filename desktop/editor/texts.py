"""The editing engine's messages in the user's language.

gis/ stays Qt-free and speaks English: `EditRefused` messages, `Issue.message`,
`Fix.description`, `FileProblem.message` and `Gesture.label` are short English sentences
with values formatted in (grid codes, areas, counts, GEOS reasons). This module recognises
each sentence with a regular expression derived from a translatable template ("Grid %1 would
be tiny (%2 m²).") and returns the template's translation with the values put back, some of
them translated too (GEOS reasons, grid-code errors, geometry types).

A sentence no template knows comes back unchanged: English is better than nothing, and
tests/test_editor_texts.py extracts every message from the gis/ sources so that a new one
without a template fails there rather than in front of a user.

The English templates are the translation sources (resources/translations/editor_zh_CN.ts);
with no translator installed every function returns the English sentence as it came.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from desktop.labels import QT_TRANSLATE_NOOP
from gis.editing import EditRefused
from gis.io import FileProblem
from gis.validation import Fix, Issue, IssueKind, Severity, ValidationReport

# What a placeholder may match. Narrow patterns keep two templates from claiming one
# sentence (tests check that every known sentence has exactly one template).
NUM = r"[-+]?(?:\d[\d.]*|nan|inf)"
INT = r"\d+"
WORD = r"[A-Za-z]+"
ANY = r".+?"
REST = r".*"  # exception text: anything, brackets included

_PLACEHOLDER = re.compile(r"%(\d)")


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def _fill(template: str, args: Mapping[int, str]) -> str:
    """Put the values into %1..%9 in one pass (a value containing "%2" stays as it is)."""
    return _PLACEHOLDER.sub(lambda m: args.get(int(m.group(1)), m.group(0)), template)


@dataclass(frozen=True, slots=True)
class _Template:
    context: str
    source: str
    patterns: Mapping[int, str] = field(default_factory=dict)
    convert: Mapping[int, Callable[[str], str]] = field(default_factory=dict)
    regex: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        parts: list[str] = []
        pos = 0
        for m in _PLACEHOLDER.finditer(self.source):
            n = int(m.group(1))
            parts.append(re.escape(self.source[pos:m.start()]))
            parts.append(f"(?P<p{n}>{self.patterns.get(n, ANY)})")
            pos = m.end()
        parts.append(re.escape(self.source[pos:]))
        object.__setattr__(self, "regex", re.compile("".join(parts), re.DOTALL))

    def render(self, message: str) -> str | None:
        m = self.regex.fullmatch(message)
        if m is None:
            return None
        args = {}
        for name, value in m.groupdict().items():
            n = int(name[1:])
            conv = self.convert.get(n)
            args[n] = conv(value) if conv is not None else value
        translated = _tr(self.context, self.source)
        if translated == self.source:
            return message  # not translated (the English interface): the sentence as it came
        return _fill(translated, args)


def _first(templates: list[_Template], message: str) -> str | None:
    for t in templates:
        out = t.render(message)
        if out is not None:
            return out
    return None


# ---------------------------------------------------------------- words inside sentences

_GEOS_REASONS = [
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Self-intersection")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Ring Self-intersection")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Too few points in geometry component")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Too few distinct points in geometry component")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Hole lies outside shell")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Holes are nested")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Nested holes")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Nested shells")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Interior is disconnected")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Duplicate Rings")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Invalid Coordinate")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Ring is not closed")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Repeated Point")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Topology Validation Error")),
    _Template("EditorGeos", QT_TRANSLATE_NOOP("EditorGeos", "Valid Geometry")),
]
_GEOS_BY_NAME = {t.source.lower(): t for t in _GEOS_REASONS}
_GEOS_SPLIT = re.compile(r"^\s*([^\[]*?)\s*(\[.*)?$", re.DOTALL)


def geos_reason_text(reason: str) -> str:
    """A GEOS is_valid_reason string ("Self-intersection[121.2 31.1]") translated, the
    coordinates kept as they came ("自相交[121.2 31.1]")."""
    m = _GEOS_SPLIT.match(reason or "")
    if m is None:
        return reason
    name, where = m.group(1), m.group(2) or ""
    t = _GEOS_BY_NAME.get(name.lower())
    if t is None:
        return reason
    return _tr(t.context, t.source) + where


_GEOMETRY_TYPES = {
    "point": QT_TRANSLATE_NOOP("EditorTerms", "point"),
    "linestring": QT_TRANSLATE_NOOP("EditorTerms", "line"),
    "linearring": QT_TRANSLATE_NOOP("EditorTerms", "ring"),
    "polygon": QT_TRANSLATE_NOOP("EditorTerms", "polygon"),
    "multipoint": QT_TRANSLATE_NOOP("EditorTerms", "multipoint"),
    "multilinestring": QT_TRANSLATE_NOOP("EditorTerms", "multiline"),
    "multipolygon": QT_TRANSLATE_NOOP("EditorTerms", "multipolygon"),
    "geometrycollection": QT_TRANSLATE_NOOP("EditorTerms", "geometry collection"),
    # pyshp's shape type names (a Shapefile of the wrong kind)
    "polyline": QT_TRANSLATE_NOOP("EditorTerms", "line"),
    "multipatch": QT_TRANSLATE_NOOP("EditorTerms", "multipatch"),
    "null": QT_TRANSLATE_NOOP("EditorTerms", "empty shape"),
}


def geometry_type_text(name: str) -> str:
    """A shapely geometry type ("LineString") or pyshp shape type ("POLYLINEZ") in words."""
    key = (name or "").strip().lower()
    if key not in _GEOMETRY_TYPES and key[-1:] in ("z", "m") and key[:-1] in _GEOMETRY_TYPES:
        key = key[:-1]  # POINTZ, POLYLINEM: the same kind of shape with heights / measures
    text = _GEOMETRY_TYPES.get(key)
    translated = _tr("EditorTerms", text) if text is not None else text
    return translated if translated is not None and translated != text else name


# GridCodeError texts (gis/gridcode.py, and two raised by gis/editing.py), shown after
# "Invalid grid code: ".
_GRID_CODE_ERRORS = [
    _Template("EditorTexts", QT_TRANSLATE_NOOP("EditorTexts", "grid code must be 14 digits, got %1")),
    _Template("EditorTexts", QT_TRANSLATE_NOOP("EditorTexts", "%1: unknown province prefix %2")),
    _Template("EditorTexts", QT_TRANSLATE_NOOP("EditorTexts", "%1: %2 is not a county-level division code")),
    _Template("EditorTexts", QT_TRANSLATE_NOOP("EditorTexts", "%1: street/town code %2 is outside 001-599")),
    _Template("EditorTexts", QT_TRANSLATE_NOOP("EditorTexts", "%1: community sequence must be 01-99")),
    _Template("EditorTexts", QT_TRANSLATE_NOOP("EditorTexts", "%1: responsibility grid number must be 1-9, got 0")),
    _Template("EditorTexts", QT_TRANSLATE_NOOP("EditorTexts", "%1 is not a responsibility grid code"), {1: r"\S+"}),
    _Template("EditorTexts", QT_TRANSLATE_NOOP("EditorTexts", "management grid sequence %1 is outside 1-99")),
    _Template("EditorTexts", QT_TRANSLATE_NOOP("EditorTexts", "%1 ends in 00, which marks a responsibility grid")),
    _Template("EditorTexts", QT_TRANSLATE_NOOP("EditorTexts", "%1 does not belong to responsibility grid %2"), {1: r"\S+"}),
    _Template("EditorTexts", QT_TRANSLATE_NOOP("EditorTexts", "%1 does not end in 00, which a responsibility grid code must")),
    _Template("EditorTexts", QT_TRANSLATE_NOOP("EditorTexts", "the management grid has no responsibility grid")),
]


def grid_code_error_text(message: str) -> str:
    """A GridCodeError's text translated (unknown ones unchanged)."""
    return _first(_GRID_CODE_ERRORS, message) or message


_ENCODING_SOURCES = {
    "the caller": QT_TRANSLATE_NOOP("EditorFileTexts", "the caller"),
    "the .cpg file": QT_TRANSLATE_NOOP("EditorFileTexts", "the .cpg file"),
    "the .dbf language driver": QT_TRANSLATE_NOOP("EditorFileTexts", "the .dbf language driver"),
}


def _encoding_source_text(source: str) -> str:
    text = _ENCODING_SOURCES.get(source.lower())
    if text is None:
        return source
    out = _tr("EditorFileTexts", text)
    return source if out == text else out


_JSON_ERRORS = [
    _Template("EditorFileTexts", QT_TRANSLATE_NOOP("EditorFileTexts", "Expecting value")),
    _Template("EditorFileTexts", QT_TRANSLATE_NOOP("EditorFileTexts", "Expecting ',' delimiter")),
    _Template("EditorFileTexts", QT_TRANSLATE_NOOP("EditorFileTexts", "Expecting ':' delimiter")),
    _Template("EditorFileTexts", QT_TRANSLATE_NOOP("EditorFileTexts", "Expecting property name enclosed in double quotes")),
    _Template("EditorFileTexts", QT_TRANSLATE_NOOP("EditorFileTexts", "Unterminated string starting at")),
    _Template("EditorFileTexts", QT_TRANSLATE_NOOP("EditorFileTexts", "Invalid control character at")),
    _Template("EditorFileTexts", QT_TRANSLATE_NOOP("EditorFileTexts", "Invalid \\escape")),
    _Template("EditorFileTexts", QT_TRANSLATE_NOOP("EditorFileTexts", "Extra data")),
    _Template("EditorFileTexts", QT_TRANSLATE_NOOP("EditorFileTexts", "Illegal trailing comma before end of object")),
    _Template("EditorFileTexts", QT_TRANSLATE_NOOP("EditorFileTexts", "Illegal trailing comma before end of array")),
]


def _json_error_text(msg: str) -> str:
    return _first(_JSON_ERRORS, msg) or msg


# ---------------------------------------------------------------- the sentences

_C = "EditorTexts"
_F = "EditorFileTexts"
_GEOS = {2: geos_reason_text}

# Refusals of gis/editing.py's EditSession (EditRefused) and the Issues of its strict check.
_EDITING = [
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "There is no grid %1 in this edit session.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "There is no vertex there to move.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "There is no vertex there to delete.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "There is no edge there to add a vertex to.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "There is already a vertex there.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 would have fewer than three vertices.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Draw the new grid as one closed polygon.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The drawn polygon is not valid (%1); draw it again."),
              {1: REST}, {1: geos_reason_text}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Unknown grid level %1."), {1: r"[^;]+"}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 is not a responsibility grid.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 is not a management grid.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The drawn polygon covers no free area; draw it over the hole to fill.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The drawn polygon lies outside the area the grid must be in.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The drawn polygon is in no responsibility grid.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The new grid would be in %1 separate pieces; draw it as one area."),
              {1: INT}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The new grid would swallow grid %1 entirely; merge the grids instead.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The new grid would cut grid %1 in two; split it first.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The line must cross grid %1 from one edge to another.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Choose at least two grids to merge.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Only grids of one level can be merged.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "These management grids belong to different responsibility grids; move them into one responsibility grid first.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The grids do not form one area (they share no edge); merge neighbours only.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The line must leave and re-enter grid %1's outer boundary.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The new outline would leave grid %1 in %2 pieces."), {2: INT}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The new outline would swallow grid %1; merge the grids instead.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The new outline would cut grid %1 in two.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The area grid %1 gives up (%2 m²) has no neighbour to go to; it would become a gap."),
              {2: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 cannot take the area grid %2 gives up.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 already belongs to %2.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 is the whole of %2; merge the responsibility grids instead.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Moving grid %1 would cut %2 in two.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 does not share an edge with %2; it can only move to a neighbour.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "These attributes cannot be edited here: %1.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "A grid name must be 1 to 64 characters.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The leader name may be at most %1 characters."), {1: INT}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The leader phone may be at most %1 characters."), {1: INT}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "A phone number may contain only digits, spaces, + and -.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The department must be chosen from the list.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The admin_unit must be chosen from the list.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 cannot take the gap (they do not share an edge).")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Snapping grid %1 to %2 would leave it in %3 pieces."), {3: INT}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "This problem has no automatic fix.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The file changes nothing.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The edit changes nothing.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Nothing to undo.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Nothing to redo.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Invalid grid code: %1."), {1: REST}, {1: grid_code_error_text}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The code %1 is already used by another grid; choose another.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "A management grid needs a responsibility grid.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Responsibility grid %1 has no free management grid number left (01-99).")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Give the new responsibility grid a code.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Community %1 has no free responsibility grid number left (1-9).")),
    # the strict check of a gesture (EditSession._check)
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 would be in %2 pieces or empty."), {2: INT}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 would not be a valid polygon (%2)."), {2: REST}, _GEOS),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The edit would leave a gap of %1 m²."), {1: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The edit would overlap grid %1 by %2 m²."), {2: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The edit would reach %1 m² outside the town boundary."), {1: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The edit would make grids overlap by %1 m²."), {1: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "The edit would leave edges whose two sides do not share vertices.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 would belong to no responsibility grid.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 would reach %2 m² outside responsibility grid %3."), {2: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Responsibility grid %1 would not be covered by its management grids (%2 m² uncovered)."),
              {2: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 would be a sliver.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 would be tiny (%2 m²)."), {2: NUM}),
]

# Issues and fixes of gis/validation.py's validate_grids.
_VALIDATION = [
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "%1 grids share the code %2; give each grid its own code."), {1: INT}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 has no area; a grid must be one polygon.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 is in %2 separate pieces; a grid must be one polygon."), {2: INT}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 is a %2, not a polygon; a grid must be one polygon."),
              {2: WORD}, {2: geometry_type_text}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 is not a valid polygon (%2); redraw the boundary there."),
              {2: REST}, _GEOS),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Responsibility grid %1 reaches %2 m² outside the town boundary."), {2: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 is a sliver (compactness %2)."), {2: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 is tiny (%2 m²)."), {2: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "A gap of %1 m² that no responsibility grid covers; draw a grid there or give it to a neighbour."),
              {1: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "A gap of %1 m² that no management grid covers; draw a grid there or give it to a neighbour."),
              {1: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grids %1 and %2 overlap by %3 m²."), {3: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Grid %1 does not share its neighbour's vertices along an edge; snap it to the neighbour.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Management grid %1 belongs to no known responsibility grid; move it to one.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Management grid %1 reaches %2 m² outside its responsibility grid."), {2: NUM}),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Responsibility grid %1 is not covered by its own management grids (%2 m² belong to another responsibility grid's management grids)."),
              {2: NUM}),
    # fixes
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Merge grid %1 into the neighbour it shares the longest edge with.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Give the gap to the neighbouring grid that shares the longest edge with it.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Cut the overlap from grid %1 so that it follows grid %2's boundary.")),
    _Template(_C, QT_TRANSLATE_NOOP("EditorTexts", "Snap grid %1 to its neighbour's vertices within %2 m."), {2: NUM}),
]

# FileProblems of gis/io.py (reading a GeoJSON / Shapefile) and of the import in db/grid_edit.py.
_FILES = [
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The feature has no grid code; fill the 'code' attribute (14 digits).")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "Unknown grid level %1; use responsibility or management.")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The code %1 does not fit a responsibility grid (responsibility grid codes end in 00).")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The code %1 does not fit a management grid (responsibility grid codes end in 00).")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The code %1 does not belong to responsibility grid %2."), {1: r"\S+"}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The feature has no geometry.")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The feature is a MultiPolygon of %1 parts; every grid must be one polygon."), {1: INT}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The feature is a %1; every grid must be one polygon."),
              {1: WORD}, {1: geometry_type_text}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The polygon crosses itself (%1); fix its boundary in the source file."),
              {1: REST}, {1: geos_reason_text}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The polygon is not a valid polygon (%1); fix its boundary in the source file."),
              {1: REST}, {1: geos_reason_text}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The code %1 is used again (first by feature %2)."), {2: INT}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The file cannot be read (%1)."), {1: REST}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The file is not UTF-8 text (byte %1); RFC 7946 GeoJSON must be UTF-8: save it as UTF-8."),
              {1: INT}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The file is not valid JSON: %1 at line %2, column %3."),
              {1: REST, 2: INT, 3: INT}, {1: _json_error_text}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The file is not a GeoJSON FeatureCollection of grid polygons.")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The coordinate reference system %1 is unknown (%2); reproject the file to EPSG:4490 or WGS84 lon/lat."),
              {2: REST}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "This entry is not a GeoJSON Feature.")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The geometry cannot be read (%1)."), {1: REST}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The coordinates are not longitude/latitude degrees and the file names no coordinate reference system; add a \"crs\" member or reproject it to EPSG:4490.")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The file has no grid code attribute; add a 'code' field with each grid's 14-digit code.")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The coordinates cannot be reprojected (%1)."), {1: REST}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The coordinates cannot be reprojected to EPSG:4490.")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The file holds no features.")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The .%1 file of the Shapefile is missing; copy all its files together."), {1: r"\w+"}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The .prj file names a coordinate reference system pyproj does not know (%1)."), {1: REST}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "%1 names the encoding %2, which GridDesk does not read; use UTF-8 or GBK."),
              {}, {1: _encoding_source_text}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The Shapefile cannot be read (%1)."), {1: REST}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The Shapefile holds %1 shapes; grids must be polygons."),
              {1: r"\S+"}, {1: geometry_type_text}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The record cannot be read (%1)."), {1: REST}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The attribute %1 is not %2 text (%3 says it is); it may be %4: fix the .cpg file."),
              {2: r"[\w-]+", 4: r"[\w-]+"}, {3: _encoding_source_text}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The shape cannot be read (%1)."), {1: REST}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "%1 of %2 records in all are not %3 text."), {1: INT, 2: INT}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The attributes are UTF-8 text although %1 says %2 (%3 of %4 Chinese values); fix the .cpg file."),
              {2: r"[\w-]+", 3: INT, 4: INT}, {1: _encoding_source_text}),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The Shapefile has no .prj file; its coordinates look like lon/lat and are read as EPSG:4490.")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The Shapefile has no .prj file and its coordinates are not lon/lat; add the .prj or name the CRS (e.g. --crs 4549).")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "Only GeoJSON (.geojson, .json) and Shapefile (.shp) files can be imported.")),
    # the import's own checks (db/grid_edit.py)
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The file holds no grids.")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "There is no department with the code %1.")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The code %1 belonged to a grid that was merged away; give this grid a new code.")),
    _Template(_F, QT_TRANSLATE_NOOP("EditorFileTexts", "The code %1 names community %2, which the town does not have."), {1: r"\S+"}),
]

_SENTENCES = _EDITING + _VALIDATION + _FILES


def _sentence_text(message: str) -> str:
    return _first(_SENTENCES, message) or message


def matching_templates(message: str) -> list[str]:
    """The English templates a sentence matches (exactly one for every known sentence)."""
    return [t.source for t in _SENTENCES if t.regex.fullmatch(message)]


def is_known_message(message: str) -> bool:
    """Whether a template recognises the sentence (else it is shown in English)."""
    return any(t.regex.fullmatch(message) for t in _SENTENCES)


# ---------------------------------------------------------------- public functions


def refusal_text(exc_or_message: BaseException | str) -> str:
    """The sentence of an `EditRefused` (or its message) in the user's language."""
    if isinstance(exc_or_message, EditRefused):
        message = str(exc_or_message.args[0]) if exc_or_message.args else ""
        if not message and exc_or_message.issues:
            message = exc_or_message.issues[0].message
    else:
        message = str(exc_or_message or "")
    if not message.strip():
        return QCoreApplication.translate("EditorTexts", "The edit was refused.")
    return _sentence_text(message)


def issue_text(issue: Issue) -> str:
    """An Issue's message in the user's language."""
    if not issue.message.strip():
        return issue_kind_text(issue.kind)
    return _sentence_text(issue.message)


def fix_text(fix: Fix) -> str:
    """A Fix's description in the user's language."""
    return _sentence_text(fix.description) if fix.description.strip() else QCoreApplication.translate("EditorTexts", "Apply fix")


_ISSUE_KINDS: dict[str, str] = {
    IssueKind.GAP: QT_TRANSLATE_NOOP("EditorIssueKinds", "Gap"),  # 缝隙
    IssueKind.OVERLAP: QT_TRANSLATE_NOOP("EditorIssueKinds", "Overlap"),  # 重叠
    IssueKind.SLIVER: QT_TRANSLATE_NOOP("EditorIssueKinds", "Sliver"),  # 狭长碎片
    IssueKind.TINY: QT_TRANSLATE_NOOP("EditorIssueKinds", "Tiny grid"),  # 面积过小
    IssueKind.INVALID: QT_TRANSLATE_NOOP("EditorIssueKinds", "Invalid geometry"),  # 几何无效
    IssueKind.NOT_POLYGON: QT_TRANSLATE_NOOP("EditorIssueKinds", "Not one polygon"),  # 不是单一多边形
    IssueKind.EDGE_MISMATCH: QT_TRANSLATE_NOOP("EditorIssueKinds", "Edge vertices differ"),  # 公共边顶点不一致
    IssueKind.OUTSIDE_PARENT: QT_TRANSLATE_NOOP("EditorIssueKinds", "Outside parent grid"),  # 超出上级网格
    IssueKind.NO_PARENT: QT_TRANSLATE_NOOP("EditorIssueKinds", "No responsibility grid"),  # 无所属责任网格
    IssueKind.NOT_COVERING_PARENT: QT_TRANSLATE_NOOP("EditorIssueKinds", "Parent not covered"),  # 未覆盖上级网格
    IssueKind.DUPLICATE_CODE: QT_TRANSLATE_NOOP("EditorIssueKinds", "Duplicate code"),  # 编码重复
}


def issue_kind_text(kind: IssueKind | str) -> str:
    """A short title for a kind of problem (the issue list's first column)."""
    text = _ISSUE_KINDS.get(str(kind))
    return _tr("EditorIssueKinds", text) if text is not None else str(kind)


_SEVERITIES: dict[str, str] = {
    Severity.ERROR: QT_TRANSLATE_NOOP("EditorIssueKinds", "Error"),  # 错误
    Severity.WARNING: QT_TRANSLATE_NOOP("EditorIssueKinds", "Warning"),  # 警告
}


def severity_text(severity: Severity | str) -> str:
    text = _SEVERITIES.get(str(severity))
    return _tr("EditorIssueKinds", text) if text is not None else str(severity)


# ValidationReport.counts() keys -> the kind whose title names them
_COUNT_KINDS = {
    "invalid": IssueKind.INVALID,
    "gaps": IssueKind.GAP,
    "overlaps": IssueKind.OVERLAP,
    "outside_parent": IssueKind.OUTSIDE_PARENT,
    "not_covering_parent": IssueKind.NOT_COVERING_PARENT,
    "edge_mismatches": IssueKind.EDGE_MISMATCH,
    "duplicate_codes": IssueKind.DUPLICATE_CODE,
    "slivers": IssueKind.SLIVER,
    "tiny": IssueKind.TINY,
}


def report_summary_text(report: ValidationReport) -> str:
    """ValidationReport.summary() in the user's language ("已检查 178 个网格：缝隙 1，重叠 2")."""
    if not report.issues:
        template = QCoreApplication.translate("EditorTexts", "%1 grids checked: the tiling is exact.")
        if template == "%1 grids checked: the tiling is exact.":
            return report.summary()
        return _fill(template, {1: str(report.grids_checked)})
    template = QCoreApplication.translate("EditorTexts", "%1 grids checked: %2.")
    if template == "%1 grids checked: %2.":
        return report.summary()
    item = QCoreApplication.translate("EditorTexts", "%1 %2")
    counts = report.counts()
    parts = [
        _fill(item, {1: issue_kind_text(kind), 2: str(counts[key])})
        for key, kind in _COUNT_KINDS.items()
        if counts.get(key)
    ]
    return _fill(template, {1: str(report.grids_checked), 2: QCoreApplication.translate("EditorTexts", ", ").join(parts)})


_FEATURES_SUFFIX = re.compile(r"^(?P<message>.*) \(features (?P<features>\d+(?:, \d+)*)\)$", re.DOTALL)


def file_problem_message_text(message: str) -> str:
    """A FileProblem's message in the user's language (problems_from_issues' trailing
    "(features 3, 7)" included)."""
    m = _FEATURES_SUFFIX.match(message)
    if m is None:
        return _sentence_text(message)
    features = QCoreApplication.translate("EditorFileTexts", ", ").join(m.group("features").split(", "))
    suffix = _fill(QCoreApplication.translate("EditorFileTexts", " (features %1)"), {1: features})
    text = _sentence_text(m.group("message"))
    if text.endswith("。"):  # Chinese puts the note inside the sentence: "…平方米（要素 1、2）。"
        return text[:-1] + suffix + text[-1]
    return text + suffix


def file_problem_where_text(problem: FileProblem) -> str:
    """Which feature a problem is about ("feature 3 (31011810301101)"), or "" for the file."""
    if problem.feature is None:
        return _fill(QCoreApplication.translate("EditorFileTexts", "code %1"), {1: problem.grid_code}) if problem.grid_code else ""
    if problem.grid_code:
        return _fill(QCoreApplication.translate("EditorFileTexts", "feature %1 (%2)"), {1: str(problem.feature), 2: problem.grid_code})
    return _fill(QCoreApplication.translate("EditorFileTexts", "feature %1"), {1: str(problem.feature)})


def file_problem_text(problem: FileProblem, *, with_where: bool = True) -> str:
    """A FileProblem in the user's language, led by where it is (feature index, code) unless
    `with_where` is False (a report with its own feature column)."""
    text = file_problem_message_text(problem.message)
    where = file_problem_where_text(problem) if with_where else ""
    if not where:
        return text
    return _fill(QCoreApplication.translate("EditorFileTexts", "%1: %2"), {1: where, 2: text})


_GESTURES = [
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Move vertex")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Add vertex")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Delete vertex")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Draw grid")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Split grid")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Merge grids")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Reshape boundary")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Move to another responsibility grid")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Edit attributes")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Fill gap")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Snap to neighbour")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Apply fix")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Import")),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Import %1"), {1: REST}),
    _Template("EditorGestures", QT_TRANSLATE_NOOP("EditorGestures", "Revert")),
]


def gesture_label_text(label: str) -> str:
    """A Gesture's label ("Move vertex") in the user's language, for the undo/redo items."""
    return _first(_GESTURES, label or "") or label


def undo_action_text(label: str | None) -> str:
    """The Undo menu item: "Undo Move vertex" / "撤销 移动顶点"; plain "Undo" with nothing
    to undo."""
    if not label:
        return QCoreApplication.translate("EditorGestures", "Undo")
    return _fill(QCoreApplication.translate("EditorGestures", "Undo %1"), {1: gesture_label_text(label)})


def redo_action_text(label: str | None) -> str:
    """The Redo menu item, like undo_action_text."""
    if not label:
        return QCoreApplication.translate("EditorGestures", "Redo")
    return _fill(QCoreApplication.translate("EditorGestures", "Redo %1"), {1: gesture_label_text(label)})
