"""The editing engine's English messages in the user's language (desktop/editor/texts.py).

Every message is extracted from the gis/ (and db/grid_edit.py) sources with the ast module,
its formatted values replaced by plausible samples, and must be recognised by exactly one
template and come out in Chinese: a message added later without a template fails here. Real
refusals and issues are provoked on a small synthetic tiling; the English interface gets the
English sentence back unchanged; an unknown sentence comes back as it is."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ast
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import shapely
from PySide6.QtWidgets import QApplication
from shapely.geometry import LineString, Polygon, box

from desktop.app import create_application
from desktop.editor import texts
from gis.editing import EditGrid, EditRefused, EditSession
from gis.gridcode import make_management_code, make_responsibility_code
from gis.io import FileProblem, read_grid_file
from gis.validation import (
    MANAGEMENT,
    RESPONSIBILITY,
    IssueKind,
    Severity,
    SimpleGrid,
    validate_grids,
)

REPO = Path(__file__).resolve().parent.parent
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Technical names a Chinese GIS product keeps in Latin letters
KEPT_WORDS = {
    "EPSG", "WGS", "UTF", "GBK", "GeoJSON", "JSON", "RFC", "Shapefile", "FeatureCollection",
    "Feature", "prj", "cpg", "dbf", "shp", "shx", "geojson", "json", "crs", "code",
    "responsibility", "management",
}

# Which argument of which call carries the English sentence, per source file.
MESSAGE_CALLS: dict[str, dict[str, int]] = {
    "gis/editing.py": {"EditRefused": 0, "_issue": 1, "GridCodeError": 0},
    "gis/validation.py": {"Issue": 2, "Fix": 1},
    "gis/io.py": {"FileProblem": 1},
    "gis/gridcode.py": {"GridCodeError": 0},
    "db/grid_edit.py": {"FileProblem": 1},
}


@pytest.fixture
def zh(qapp: QApplication) -> QApplication:
    return create_application("zh_CN")


@pytest.fixture
def en(qapp: QApplication) -> Iterator[QApplication]:
    app = create_application("en")
    try:
        yield app
    finally:
        create_application("zh_CN")


# ---------------------------------------------------------------- messages from the source


class _Extractor:
    """Renders the message arguments of one source file into sample sentences."""

    def __init__(self, path: Path) -> None:
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node

    def calls(self, names: dict[str, int]) -> Iterator[tuple[str, ast.Call, ast.expr]]:
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in names and len(node.args) > names[name]:
                yield name, node, node.args[names[name]]

    # -- what a formatted value may be

    def _function_of(self, node: ast.AST) -> ast.AST:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return self.tree

    def _loop_values(self, name: str, use: ast.AST) -> list[str] | None:
        node = use
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.For):
                try:
                    items = ast.literal_eval(node.iter)
                except ValueError:
                    return None
                if isinstance(node.target, ast.Name) and node.target.id == name:
                    return [str(v) for v in items]
                if isinstance(node.target, ast.Tuple):
                    for i, elt in enumerate(node.target.elts):
                        if isinstance(elt, ast.Name) and elt.id == name:
                            return [str(v[i]) for v in items]
        return None

    def _assigned_values(self, name: str, use: ast.AST) -> list[str] | None:
        """The values the nearest assignment before `use` gives `name`; for plain
        constants, every constant assigned before (branches of an if)."""
        found: list[tuple[int, ast.expr]] = []
        for node in ast.walk(self._function_of(use)):
            if not isinstance(node, ast.Assign) or node.lineno >= getattr(use, "lineno", 0):
                continue
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    found.append((node.lineno, node.value))
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    for elt, val in zip(target.elts, node.value.elts, strict=False):
                        if isinstance(elt, ast.Name) and elt.id == name:
                            found.append((node.lineno, val))
        if not found:
            return None
        found.sort(key=lambda t: t[0])
        nearest = found[-1][1]
        if isinstance(nearest, ast.Constant):
            values = [str(v.value) for _, v in found if isinstance(v, ast.Constant)]
            return list(dict.fromkeys(values))
        rendered = self.render(nearest)
        return rendered or None

    def values(self, expr: ast.expr) -> list[str] | None:
        if isinstance(expr, ast.Name):
            if expr.id in ("RESPONSIBILITY", "MANAGEMENT"):
                return [expr.id.lower()]
            return self._loop_values(expr.id, expr) or self._assigned_values(expr.id, expr)
        if isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Slice):
            base = self.values(expr.value) or [self.sample(expr.value)]
            s = expr.slice
            bounds = [ast.literal_eval(b) if b is not None else None for b in (s.lower, s.upper, s.step)]
            return [b[slice(*bounds)] for b in base]
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and expr.func.attr in ("capitalize", "upper", "lower", "replace")
            and all(isinstance(a, ast.Constant) for a in expr.args)
        ):
            base = self.values(expr.func.value)
            if base is None:
                return None
            args = [a.value for a in expr.args]  # type: ignore[attr-defined]
            return [getattr(b, expr.func.attr)(*args) for b in base]
        return None

    @staticmethod
    def sample(expr: ast.expr) -> str:
        src = ast.unparse(expr).lower()
        if "reason" in src:
            return "Self-intersection[500050.5 3450050.25]"
        if "area" in src or "tolerance" in src:
            return "12.5"
        if re.search(r"len\(|lineno|colno|\.start|seen\[|features|bad_encoding|sequence|\bn\b", src):
            return "3"
        if re.search(r"county|town", src):
            return "310118"
        if re.search(r"code|_label|template", src):
            return "31011810301101"
        if "key" in src:
            return "42"
        if "msg" in src:
            return "Expecting value"
        if "geom_type" in src:
            return "LineString"
        if "shapetypename" in src:
            return "POLYLINE"
        if "enc" in src or "hint" in src:
            return "GBK"
        if "ext" in src:
            return "shp"
        return "sample text"

    def formatted(self, fv: ast.FormattedValue) -> list[str]:
        if fv.format_spec is not None:
            spec = "".join(str(v.value) for v in fv.format_spec.values if isinstance(v, ast.Constant))  # type: ignore[attr-defined]
            return [format(12.5, spec)]
        out = self.values(fv.value) or [self.sample(fv.value)]
        if fv.conversion == ord("r"):
            out = [repr(v) for v in out]
        return out

    def render(self, expr: ast.expr) -> list[str]:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return [expr.value]
        if isinstance(expr, ast.IfExp):
            return self.render(expr.body) + self.render(expr.orelse)
        if isinstance(expr, ast.JoinedStr):
            choices = [
                [v.value] if isinstance(v, ast.Constant) else self.formatted(v)  # type: ignore[arg-type]
                for v in expr.values
            ]
            return ["".join(parts) for parts in itertools.product(*choices)]
        if isinstance(expr, ast.Name):  # a constant of the module, e.g. RESPONSIBILITY
            return self.values(expr) or []
        return []  # not a literal (a message passed on): nothing to extract


def source_messages() -> dict[str, list[tuple[str, str]]]:
    """{"sentence" | "grid_code": [(where, sample message)]} from the sources."""
    out: dict[str, list[tuple[str, str]]] = {"sentence": [], "grid_code": []}
    for rel, calls in MESSAGE_CALLS.items():
        ex = _Extractor(REPO / rel)
        for name, call, arg in ex.calls(calls):
            for text in ex.render(arg):
                out["grid_code" if name == "GridCodeError" else "sentence"].append((f"{rel}:{call.lineno}", text))
    return out


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in KEPT_WORDS}


def test_the_extraction_finds_every_kind_of_message() -> None:
    msgs = source_messages()
    by_file: dict[str, int] = {}
    for where, _ in msgs["sentence"]:
        by_file[where.split(":")[0]] = by_file.get(where.split(":")[0], 0) + 1
    assert by_file["gis/editing.py"] >= 60  # ~50 refusals + the strict check's issues
    assert by_file["gis/validation.py"] >= 18
    assert by_file["gis/io.py"] >= 30
    assert len(msgs["grid_code"]) >= 10
    texts_ = [t for _, t in msgs["sentence"]]
    # the f-string parts that vary were expanded, not left as placeholders
    assert "The leader phone may be at most 20 characters." in texts_
    assert "The admin_unit must be chosen from the list." in texts_
    assert any(t.startswith("The .cpg file names the encoding") for t in texts_)
    assert any("no management grid covers" in t for t in texts_)
    assert not any("{" in t for t in texts_)


def test_every_message_of_the_sources_has_exactly_one_template_and_a_translation(zh: QApplication) -> None:
    problems = []
    for where, message in source_messages()["sentence"]:
        found = texts.matching_templates(message)
        if len(found) != 1:
            problems.append((where, message, found))
            continue
        zh_text = texts.refusal_text(message)
        leftover = english_words(zh_text) - {"sample", "text"}  # the extractor's own filler
        if not CHINESE.search(zh_text) or leftover:
            problems.append((where, message, zh_text, leftover))
    assert not problems, "\n".join(map(repr, problems))


def test_every_grid_code_error_is_translated(zh: QApplication) -> None:
    for where, message in source_messages()["grid_code"]:
        zh_text = texts.grid_code_error_text(message)
        assert CHINESE.search(zh_text), (where, message)
        assert not english_words(zh_text) - {"sample", "text"}, (where, zh_text)


def test_every_gesture_label_is_translated(zh: QApplication) -> None:
    tree = ast.parse((REPO / "gis/editing.py").read_text(encoding="utf-8"))
    labels = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            if (isinstance(func, ast.Attribute) and func.attr == "_apply") or (isinstance(func, ast.Name) and func.id == "Gesture"):
                labels.add(node.args[0].value)
    labels |= {"Import", "Import grids.geojson"}  # replace_grids' default, db/grid_edit.py's
    assert len(labels) >= 12
    for label in labels:
        zh_text = texts.gesture_label_text(label)
        assert CHINESE.search(zh_text) and not english_words(zh_text) - {"grids", "geojson"}, (label, zh_text)
    assert texts.gesture_label_text("Move vertex") == "移动顶点"
    assert texts.undo_action_text("Move vertex") == "撤销 移动顶点"
    assert texts.redo_action_text("Merge grids") == "重做 合并网格"
    assert texts.undo_action_text(None) == "撤销"
    assert texts.gesture_label_text("Import 赵巷.geojson") == "导入 赵巷.geojson"


def test_words_of_the_issue_list(zh: QApplication) -> None:
    expected = {
        IssueKind.GAP: "缝隙", IssueKind.OVERLAP: "重叠", IssueKind.SLIVER: "狭长碎片",
        IssueKind.TINY: "面积过小", IssueKind.INVALID: "几何无效", IssueKind.NOT_POLYGON: "不是单一多边形",
        IssueKind.EDGE_MISMATCH: "公共边顶点不一致", IssueKind.OUTSIDE_PARENT: "超出上级网格",
        IssueKind.NO_PARENT: "无所属责任网格", IssueKind.NOT_COVERING_PARENT: "未覆盖上级网格",
        IssueKind.DUPLICATE_CODE: "编码重复",
    }
    assert set(expected) == set(IssueKind)
    for kind, word in expected.items():
        assert texts.issue_kind_text(kind) == word
        assert texts.issue_kind_text(str(kind)) == word
    assert texts.severity_text(Severity.ERROR) == "错误"
    assert texts.severity_text(Severity.WARNING) == "警告"
    assert texts.issue_kind_text("something_new") == "something_new"


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("Self-intersection[500050.5 3450050.25]", "自相交[500050.5 3450050.25]"),
        ("Ring Self-intersection[5 5]", "环自相交[5 5]"),
        ("Too few points in geometry component[1 2]", "几何部件的点数过少[1 2]"),
        ("Hole lies outside shell[3 3]", "内环位于外环之外[3 3]"),
        ("Holes are nested[2 2]", "内环相互嵌套[2 2]"),
        ("Nested shells[0 0]", "外环相互嵌套[0 0]"),
        ("Interior is disconnected[5 0]", "内部不连通[5 0]"),
        ("Duplicate Rings[0 0]", "重复的环[0 0]"),
        ("Invalid Coordinate[1 nan]", "无效坐标[1 nan]"),
        ("Ring is not closed[0 0]", "环未闭合[0 0]"),
        ("Something GEOS says one day[1 2]", "Something GEOS says one day[1 2]"),
    ],
)
def test_geos_reasons(zh: QApplication, reason: str, expected: str) -> None:
    assert texts.geos_reason_text(reason) == expected


def test_geos_reasons_of_real_geometries(zh: QApplication) -> None:
    bowtie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    hole_outside = Polygon([(0, 0), (2, 0), (2, 2), (0, 2)], [[(3, 3), (4, 3), (4, 4)]])
    for geom, word in ((bowtie, "自相交"), (hole_outside, "内环位于外环之外")):
        reason = shapely.is_valid_reason(geom)
        out = texts.geos_reason_text(reason)
        assert out.startswith(word) and out.endswith(reason[reason.index("["):]), (reason, out)


# ---------------------------------------------------------------- real refusals and issues


def tiling() -> tuple[list[EditGrid], Polygon]:
    """Three 200 m responsibility grids in a row, each four 100 m management grids."""
    grids: list[EditGrid] = []
    x0, y0 = 500000.0, 3450000.0
    for r in range(3):
        rcode = make_responsibility_code("310118", "103", 1, r + 1)
        rkey = 100 + r
        grids.append(EditGrid(rkey, RESPONSIBILITY, rcode, f"责任网格{r + 1}",
                              box(x0 + 200 * r, y0, x0 + 200 * (r + 1), y0 + 200), None, {"admin_unit_id": 1}, 1))
        for i, (dx, dy) in enumerate(((0, 0), (100, 0), (0, 100), (100, 100))):
            x, y = x0 + 200 * r + dx, y0 + dy
            grids.append(EditGrid(rkey * 10 + i, MANAGEMENT, make_management_code(rcode, i + 1), f"管理网格{r + 1}-{i + 1}",
                                  box(x, y, x + 100, y + 100), rkey, {"admin_unit_id": 1}, 1))
    return grids, box(x0, y0, x0 + 600, y0 + 200)


@pytest.fixture
def session() -> EditSession:
    grids, town = tiling()
    return EditSession(grids, town)


def refusal(action) -> EditRefused:  # type: ignore[no-untyped-def]
    with pytest.raises(EditRefused) as err:
        action()
    return err.value


def assert_chinese(text: str, *must_contain: str) -> None:
    assert CHINESE.search(text), text
    assert not re.search(r"[A-Za-z]{2,}", text.replace("nan", "")), text
    for part in must_contain:
        assert part in text, (part, text)


def test_real_refusals_in_chinese(zh: QApplication, session: EditSession) -> None:
    s = session
    m1, m2, m5 = s.grid(1000), s.grid(1001), s.grid(1010)
    r1, r3 = s.grid(100), s.grid(102)
    x0, y0 = 500000.0, 3450000.0
    cases = [
        (lambda: s.move_vertex((x0 + 50, y0 + 50), (x0 + 60, y0 + 60)), "没有可移动的顶点", ()),
        (lambda: s.delete_vertex((x0 + 100, y0 + 100)), "缝隙", ()),
        (lambda: s.merge_grids([m1.key, m5.key], keep=m1.key), "不同的责任网格", ()),
        (lambda: s.merge_grids([m1.key, 1003], keep=m1.key), "没有公共边", ()),
        (lambda: s.merge_grids([m1.key, r1.key], keep=m1.key), "同一层级", ()),
        (lambda: s.set_attributes(m1.key, code="12345"), "网格编码无效", ("12345",)),
        (lambda: s.set_attributes(m1.key, code=m5.code), "不属于责任网格", (m5.code, r1.code)),
        (lambda: s.set_attributes(m1.key, code=m2.code), "已被其他网格使用", (m2.code,)),
        (lambda: s.set_attributes(m1.key, leader_phone="call me"), "电话号码", ()),
        (lambda: s.set_attributes(m1.key, leader_name="王" * 40), "负责人姓名最多 32 个字符", ()),
        (lambda: s.set_attributes(m1.key, department_id="x"), "部门", ()),
        (lambda: s.set_attributes(m1.key, name=""), "网格名称", ()),
        (lambda: s.split_grid(m1.key, LineString([(x0 + 10, y0 + 10), (x0 + 20, y0 + 20)])), "穿过网格", (m1.code,)),
        (lambda: s.move_to_parent(m1.key, r3.key), "没有公共边", (m1.code, r3.code)),
        (lambda: s.move_to_parent(m1.key, m2.key), "不是责任网格", (m2.code,)),
        (lambda: s.move_to_parent(m1.key, r1.key), "已属于", (m1.code, r1.code)),
        (lambda: s.draw_grid(m1.geometry.buffer(5), MANAGEMENT, parent=r1.key), "吞并网格", (m1.code,)),
        (lambda: s.draw_grid(Polygon([(x0, y0), (x0 + 50, y0 + 50), (x0 + 50, y0), (x0, y0 + 50)]), MANAGEMENT),
         "自相交", ()),
        (lambda: s.grid(999), "没有网格 999", ()),
        (lambda: s.move_vertex((x0, y0), (x0 - 30, y0 - 30)), "超出", ()),
        (s.undo, "没有可撤销", ()),
        (s.redo, "没有可重做", ()),
    ]
    for action, phrase, codes in cases:
        exc = refusal(action)
        zh_text = texts.refusal_text(exc)
        assert_chinese(zh_text, phrase, *codes)
        assert texts.refusal_text(str(exc)) == zh_text
        for issue in exc.issues:
            assert_chinese(texts.issue_text(issue))
            assert CHINESE.search(texts.issue_kind_text(issue.kind))
    assert not s.can_undo  # nothing was changed by any of them


def test_real_validation_issues_and_fixes_in_chinese(zh: QApplication) -> None:
    grids, town = tiling()
    by_key = {g.key: g for g in grids}
    x0, y0 = 500000.0, 3450000.0
    shapes = [SimpleGrid(g.key, g.level, g.geometry, g.parent, g.code) for g in grids]
    shapes = [s for s in shapes if s.key != 1003]  # a gap in responsibility grid 1
    # a grid grown into its neighbour: an overlap
    grown = by_key[1010].geometry.union(box(x0 + 300, y0, x0 + 300.4, y0 + 100))
    shapes = [SimpleGrid(s.key, s.level, grown, s.parent, s.code) if s.key == 1010 else s for s in shapes]
    # a bow-tie, a duplicate code, a grid with no known parent, a sliver
    bowtie = Polygon([(x0 + 400, y0), (x0 + 500, y0 + 100), (x0 + 500, y0), (x0 + 400, y0 + 100)])
    shapes = [SimpleGrid(s.key, s.level, bowtie, s.parent, s.code) if s.key == 1020 else s for s in shapes]
    shapes.append(SimpleGrid(7001, MANAGEMENT, box(x0 + 700, y0, x0 + 800, y0 + 100), 555, by_key[1021].code))
    shapes.append(SimpleGrid(7002, MANAGEMENT, box(x0 + 900, y0, x0 + 1000, y0 + 0.5), 102, "31011810301399"))
    report = validate_grids(shapes, town)
    kinds = {i.kind for i in report.issues}
    assert {IssueKind.GAP, IssueKind.OVERLAP, IssueKind.INVALID, IssueKind.DUPLICATE_CODE,
            IssueKind.NO_PARENT, IssueKind.SLIVER} <= kinds, kinds
    for issue in report.issues:
        zh_text = texts.issue_text(issue)
        assert_chinese(zh_text)
        codes = [by_key[k].code for k in issue.keys if k in by_key and by_key[k].code in issue.message]
        for code in codes:
            assert code in zh_text
        if issue.fix is not None:
            assert_chinese(texts.fix_text(issue.fix))
    [invalid] = report.of_kind(IssueKind.INVALID)
    assert "自相交[" in texts.issue_text(invalid)
    summary = texts.report_summary_text(report)
    assert summary.startswith(f"已检查 {report.grids_checked} 个网格：") and re.search(r"缝隙 \d", summary), summary
    assert_chinese(summary)
    exact = validate_grids([SimpleGrid(g.key, g.level, g.geometry, g.parent, g.code) for g in grids], town)
    assert texts.report_summary_text(exact) == f"已检查 {len(grids)} 个网格：拼接严密，无缝隙、无重叠。"


def test_real_file_problems_in_chinese(zh: QApplication, tmp_path: Path) -> None:
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    gbk = tmp_path / "gbk.geojson"
    gbk.write_bytes('{"type": "FeatureCollection", "name": "赵巷"}'.encode("gbk"))
    bad = tmp_path / "bad.geojson"
    bad.write_text(
        '{"type": "FeatureCollection", "features": ['
        '{"type": "Feature", "properties": {"code": "31011810301101"}, "geometry": {"type": "Point", "coordinates": [121.2, 31.1]}},'
        '{"type": "Feature", "properties": {"code": "31011810301102"}, "geometry": {"type": "Polygon", "coordinates": '
        '[[[121.2, 31.1], [121.21, 31.11], [121.21, 31.1], [121.2, 31.11], [121.2, 31.1]]]}},'
        '{"type": "Feature", "properties": {"name": "x"}, "geometry": {"type": "Polygon", "coordinates": '
        '[[[121.2, 31.1], [121.21, 31.1], [121.21, 31.11], [121.2, 31.1]]]}},'
        '"not a feature"]}',
        encoding="utf-8",
    )
    other = tmp_path / "grids.kml"
    other.write_text("<kml/>", encoding="utf-8")
    problems: list[FileProblem] = []
    for path in (broken, gbk, bad, other):
        result = read_grid_file(path)
        assert result.problems, path
        problems += result.problems
    assert {"broken_json", "wrong_encoding", "wrong_geometry_type", "self_intersection", "missing_code",
            "not_a_feature", "unknown_format"} <= {p.code for p in problems}
    for p in problems:
        zh_text = texts.file_problem_text(p)
        assert CHINESE.search(zh_text), p
        assert not english_words(zh_text), (p.message, zh_text)
        if p.feature is not None:
            assert zh_text.startswith(f"要素 {p.feature}"), zh_text
        if p.grid_code:
            assert p.grid_code in zh_text
    point = next(p for p in problems if p.code == "wrong_geometry_type")
    assert texts.file_problem_text(point) == "要素 0（31011810301101）：该要素是点，每个网格必须是单一多边形。"
    assert texts.file_problem_text(point, with_where=False) == "该要素是点，每个网格必须是单一多边形。"
    json_problem = next(p for p in problems if p.code == "broken_json")
    assert "JSON" in texts.file_problem_text(json_problem) and "行" in texts.file_problem_text(json_problem)


def test_tiling_problems_of_an_import_name_their_features(zh: QApplication) -> None:
    p = FileProblem("overlap", "Grids 31011810301101 and 31011810301102 overlap by 3.0 m². (features 1, 2)", 1, "31011810301101")
    assert texts.file_problem_text(p) == "要素 1（31011810301101）：网格 31011810301101 与 31011810301102 重叠 3.0 平方米（要素 1、2）。"


# ---------------------------------------------------------------- English, and the unknown


def test_the_english_interface_gets_the_english_sentence_back(en: QApplication, session: EditSession) -> None:
    s = session
    exc = refusal(lambda: s.set_attributes(1000, code="12345"))
    assert texts.refusal_text(exc) == str(exc)
    exc = refusal(lambda: s.move_to_parent(1000, 102))
    assert texts.refusal_text(exc) == str(exc)
    for _, message in source_messages()["sentence"]:
        assert texts.refusal_text(message) == message
    for _, message in source_messages()["grid_code"]:
        assert texts.grid_code_error_text(message) == message
    p = FileProblem("overlap", "Grids A and B overlap by 3.0 m². (features 1, 2)", 1, "A")
    assert texts.file_problem_text(p, with_where=False) == p.message
    assert texts.file_problem_text(p) == f"feature 1 (A): {p.message}"
    assert texts.gesture_label_text("Move vertex") == "Move vertex"
    assert texts.undo_action_text("Move vertex") == "Undo Move vertex"
    assert texts.issue_kind_text(IssueKind.GAP) == "Gap"
    assert texts.geos_reason_text("Self-intersection[1 2]") == "Self-intersection[1 2]"
    grids, town = tiling()
    report = validate_grids([SimpleGrid(g.key, g.level, g.geometry, g.parent, g.code) for g in grids if g.key != 1003], town)
    assert texts.report_summary_text(report) == report.summary()


def test_an_unknown_message_comes_back_as_it_is(zh: QApplication) -> None:
    odd = "The grid 31011810301101 was eaten by a dragon."
    assert not texts.is_known_message(odd)
    assert texts.refusal_text(odd) == odd
    assert texts.refusal_text(EditRefused(odd)) == odd
    assert texts.refusal_text(ValueError("boom")) == "boom"
    assert texts.gesture_label_text("Teleport grid") == "Teleport grid"
    assert texts.grid_code_error_text("odd") == "odd"
    assert texts.file_problem_text(FileProblem("odd", odd)) == odd
    # never empty, never an exception
    assert texts.refusal_text("") == "此次编辑被拒绝。"
    assert texts.refusal_text(EditRefused("")) == "此次编辑被拒绝。"
    assert texts.refusal_text("Grid %1 would be tiny (%2 m²).") == "Grid %1 would be tiny (%2 m²)."
    # a value that looks like a placeholder is put in as it is, not filled again
    assert texts.refusal_text("Grid A%2 would be a sliver.") == "网格 A%2 将成为狭长碎片。"
