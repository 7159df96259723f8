"""Committing the map editor's work (db/grid_edit.py) on the small demo town, on SQLite and
PostgreSQL: one transaction per commit, a version per commit, conflicts, tiling refused,
re-assignment of key points, cameras and open cases, history, import and export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from db import models as m
from db.grid_edit import (
    TilingInvalid,
    commit_edit_session,
    export_grids,
    grid_versions,
    import_grids,
    load_edit_session,
    management_grid_at,
    validate_database,
    version_diff,
)
from db.grid_models import RETIRED, GridReassignment, GridVersion, GridVersionChange
from db.ops import Actor, Conflict, PermissionDenied
from db.queries import coverage, load_map_data, summary
from db.session import make_engine, resolve_url
from gis.crs import area_m2
from gis.editing import EditSession
from gis.validation import MANAGEMENT, RESPONSIBILITY

EDITOR = Actor(None, "editor", "map_editor", "网格编辑员", "ws-edit")
OTHER = Actor(None, "editor2", "map_editor", "另一位编辑员", "ws-other")
OPEN = [str(s) for s in m.OPEN_STATES]


@pytest.fixture
def engine(small_demo_url: str) -> Iterator[Engine]:
    e = make_engine(resolve_url(small_demo_url))
    yield e
    e.dispose()


def interior_vertex(s: EditSession, key: int) -> tuple[float, float]:
    g = s.grid(key)
    parent = s.grid(g.parent)  # type: ignore[arg-type]
    for xy in shapely.get_coordinates(g.geometry):
        if parent.geometry.exterior.distance(Point(xy)) > 1:
            return float(xy[0]), float(xy[1])
    raise AssertionError("no interior vertex")


def first_management(s: EditSession) -> int:
    return min(g.key for g in s.by_level(MANAGEMENT))


def assert_db_tiles(engine: Engine) -> None:
    report = validate_database(engine)
    assert report.ok, report.summary()
    with Session(engine) as db:
        cov = coverage(db)
    assert cov["gap_m2"] == 0 and cov["overlap_m2"] == 0 and cov["edges_match"] is True


def test_commit_a_vertex_move_as_one_version(engine: Engine) -> None:
    s = load_edit_session(engine)
    key = first_management(s)
    v = interior_vertex(s, key)
    gesture = s.move_vertex(v, (v[0] + 15.0, v[1] - 10.0))
    result = commit_edit_session(engine, EDITOR, s, note="赵巷新苑 boundary")
    assert result.actions == {"reshaped": len(gesture.keys)}
    assert result.changes.ids("grid") == set(gesture.keys)
    assert result.changes.ids("grid_version") == {result.version_id}
    with Session(engine) as db:
        version = db.get(GridVersion, result.version_id)
        assert version is not None and version.author_name == "网格编辑员" and version.note == "赵巷新苑 boundary"
        assert version.grids_changed == len(gesture.keys) and version.source == "editor"
        changes = db.execute(select(GridVersionChange).where(GridVersionChange.version_id == version.id)).scalars().all()
        assert {c.grid_id for c in changes} == set(gesture.keys)
        for c in changes:
            assert c.before_geometry is not None and c.after_geometry is not None
            assert not c.before_geometry.equals(c.after_geometry)
            assert (c.before_version, c.after_version) == (1, 2)
            g = db.get(m.Grid, c.grid_id)
            assert g is not None and g.version == 2
            assert g.area_m2 == pytest.approx(area_m2(g.geometry), rel=1e-9)
            assert (g.min_lon, g.min_lat, g.max_lon, g.max_lat) == pytest.approx(g.geometry.bounds)
        actions = [a for (a,) in db.execute(select(m.AuditRecord.action).order_by(m.AuditRecord.seq))]
        assert actions.count("grid.reshaped") == len(gesture.keys) and actions[-1] == "grid.commit"
        logged = set(db.execute(select(m.ChangeLog.entity_id).where(m.ChangeLog.entity == "grid")).scalars())
        assert logged == set(gesture.keys)
    assert_db_tiles(engine)


def test_someone_else_changed_the_grid_meanwhile(engine: Engine) -> None:
    mine = load_edit_session(engine)
    theirs = load_edit_session(engine)
    key = first_management(mine)
    v = interior_vertex(mine, key)
    theirs.move_vertex(v, (v[0] + 10.0, v[1]))
    commit_edit_session(engine, OTHER, theirs, note="theirs")
    mine.move_vertex(v, (v[0], v[1] + 10.0))
    with pytest.raises(Conflict) as err:
        commit_edit_session(engine, EDITOR, mine, note="mine")
    exc = err.value
    assert "另一位编辑员" in str(exc) and "version 2" in str(exc) and "your copy is version 1" in str(exc)
    cur = exc.current
    assert cur["yours"]["version"] == 1 and cur["theirs"]["version"] == 2
    assert cur["changed_by"] == "另一位编辑员" and cur["note"] == "theirs"
    assert cur["yours"]["geometry"]["type"] == cur["theirs"]["geometry"]["type"] == "Polygon"
    assert cur["yours"]["geometry"] != cur["theirs"]["geometry"]
    with Session(engine) as db:
        assert db.execute(select(func.count()).select_from(GridVersion)).scalar_one() == 1
        g = db.get(m.Grid, cur["grid_id"])
        assert g is not None and g.version == 2
    assert_db_tiles(engine)


def test_a_commit_that_breaks_the_tiling_is_refused(engine: Engine) -> None:
    s = load_edit_session(engine, strict=False)  # let the gesture through, the commit must refuse
    key = first_management(s)
    v = interior_vertex(s, key)
    s.delete_vertex(v)  # a corner of three grids: leaves a gap
    with pytest.raises(TilingInvalid) as err:
        commit_edit_session(engine, EDITOR, s)
    assert any(i.kind == "gap" for i in err.value.issues)
    assert "do not tile" in str(err.value)
    with Session(engine) as db:
        assert db.execute(select(func.count()).select_from(GridVersion)).scalar_one() == 0
        assert db.execute(select(func.max(m.Grid.version))).scalar_one() == 1
    assert_db_tiles(engine)


def test_only_map_editors_commit(engine: Engine) -> None:
    s = load_edit_session(engine)
    v = interior_vertex(s, first_management(s))
    s.move_vertex(v, (v[0] + 5, v[1]))
    with pytest.raises(PermissionDenied):
        commit_edit_session(engine, Actor(None, "duty", "duty_officer"), s)


def test_points_and_open_cases_follow_the_new_boundary(engine: Engine) -> None:
    with Session(engine) as db:
        counts = db.execute(
            select(m.Case.grid_id, func.count()).where(m.Case.state.in_(OPEN)).group_by(m.Case.grid_id)
            .order_by(func.count().desc(), m.Case.grid_id)
        ).all()
        gid = int(counts[0][0])
        open_pts = db.execute(select(m.Case.lon).where(m.Case.grid_id == gid, m.Case.state.in_(OPEN))).scalars().all()
        closed_before = dict(db.execute(select(m.Case.id, m.Case.grid_id).where(m.Case.state.not_in(OPEN))).all())
    s = load_edit_session(engine)
    g = s.grid(gid)
    # a north-south cut through the middle of the grid's open cases
    from gis.crs import project_xy

    xs, _ = project_xy(np.array(open_pts), np.full(len(open_pts), 31.16))
    cut_x = float(np.median(xs)) + 0.5
    b = g.geometry.bounds
    gesture = s.split_grid(gid, LineString([(cut_x, b[1] - 50), (cut_x, b[3] + 50)]))
    [new_key] = gesture.created
    result = commit_edit_session(engine, EDITOR, s, note="split")
    new_id = result.grid_ids[new_key]
    report = result.report
    assert report.counts()["case"] >= 1
    assert all(x.to_grid_id in (gid, new_id) for x in report.of("case"))
    with Session(engine) as db:
        version = db.get(GridVersion, result.version_id)
        assert version is not None and version.cases_moved == report.counts()["case"]
        assert version.key_points_moved == report.counts()["key_point"]
        rows = db.execute(select(GridReassignment).where(GridReassignment.version_id == version.id)).scalars().all()
        assert len(rows) == len(report.moved)
        # every key point, camera and open case now lies in its grid
        for model, cond in ((m.KeyPoint, True), (m.Camera, True), (m.Case, m.Case.state.in_(OPEN))):
            for item in db.execute(select(model).where(cond)).scalars():
                where = management_grid_at(db, item.lon, item.lat)
                if where is not None:
                    grid = db.get(m.Grid, item.grid_id)
                    assert grid is not None and grid.geometry.covers(Point(item.lon, item.lat)), (model, item.id)
        # closed cases keep the grid they had
        closed_after = dict(db.execute(select(m.Case.id, m.Case.grid_id).where(m.Case.state.not_in(OPEN))).all())
        assert closed_after == closed_before
        moved_case = report.of("case")[0]
        event = db.execute(
            select(m.CaseEvent).where(m.CaseEvent.case_id == moved_case.entity_id, m.CaseEvent.kind == "grid_reassigned")
        ).scalar_one()
        assert event.data == {"from_grid_id": gid, "to_grid_id": new_id, "grid_version_id": version.id}
        assert event.from_state == event.to_state
        new_grid = db.get(m.Grid, new_id)
        assert new_grid is not None and new_grid.parent_id == g.parent and new_grid.level == MANAGEMENT
    assert_db_tiles(engine)


def test_merge_retires_a_grid_and_moves_its_members(engine: Engine) -> None:
    s = load_edit_session(engine)
    key = first_management(s)
    g = s.grid(key)
    other = next(
        h.key for h in s.by_level(MANAGEMENT)
        if h.key != key and h.parent == g.parent
        and shapely.intersection(h.geometry.boundary, g.geometry.boundary).length > 1
    )
    with Session(engine) as db:
        members = set(db.execute(select(m.GridMember.id).where(m.GridMember.grid_id == other)).scalars())
        closed = set(db.execute(select(m.Case.id).where(m.Case.grid_id == other, m.Case.state.not_in(OPEN))).scalars())
    s.merge_grids([key, other], keep=key)
    result = commit_edit_session(engine, EDITOR, s, note="两组合并")
    assert result.actions == {"reshaped": 1, "retired": 1}
    assert {x.entity_id for x in result.report.of("grid_member")} == members
    with Session(engine) as db:
        retired = db.get(m.Grid, other)
        assert retired is not None and retired.level == RETIRED
        assert set(db.execute(select(m.GridMember.id).where(m.GridMember.grid_id == key)).scalars()) >= members
        assert set(db.execute(select(m.Case.id).where(m.Case.grid_id == other)).scalars()) == closed
        assert db.execute(select(func.count()).select_from(m.KeyPoint).where(m.KeyPoint.grid_id == other)).scalar_one() == 0
        data = load_map_data(db)
        assert other not in {f.id for f in data.management_grids} and len(data.management_grids) == 148
        assert summary(db)["management_grids"] == 148
    assert_db_tiles(engine)
    # the retired grid's code stays taken
    s2 = load_edit_session(engine)
    assert s2.by_code(retired.code) is None
    from gis.editing import EditRefused

    with pytest.raises(EditRefused, match="already used"):
        s2.set_attributes(key, code=retired.code)


def test_history_and_diff(engine: Engine) -> None:
    s = load_edit_session(engine)
    key = first_management(s)
    v = interior_vertex(s, key)
    s.move_vertex(v, (v[0] + 8, v[1] + 8))
    first = commit_edit_session(engine, EDITOR, s, note="one")
    s = load_edit_session(engine)
    s.set_attributes(key, name="改名网格", leader_name="李四")
    second = commit_edit_session(engine, OTHER, s, note="two")
    versions = grid_versions(engine)
    assert [v.id for v in versions] == [second.version_id, first.version_id]
    assert versions[0].author_name == "另一位编辑员" and versions[1].note == "one"
    assert [v.id for v in grid_versions(engine, grid_id=key)] == [second.version_id, first.version_id]
    diff = version_diff(engine, first.version_id)
    assert {g.action for g in diff.grids} == {"reshaped"} and all(g.before_geometry and g.after_geometry for g in diff.grids)
    renamed = version_diff(engine, second.version_id)
    [only] = renamed.grids
    assert only.action == "attributes" and only.after["name"] == "改名网格" and only.before["name"] != "改名网格"  # type: ignore[index]
    assert json.dumps(renamed.to_dict(), ensure_ascii=False)


def test_new_responsibility_grid_is_committed(engine: Engine) -> None:
    s = load_edit_session(engine)
    v = interior_vertex(s, first_management(s))
    gesture = s.draw_grid(Point(v).buffer(80, quad_segs=4), RESPONSIBILITY, name="新建责任网格")
    result = commit_edit_session(engine, EDITOR, s, note="new estate")
    assert result.actions["created"] >= 2  # the responsibility grid and its management grid(s)
    new_ids = {result.grid_ids[k] for k in gesture.created}
    with Session(engine) as db:
        rows = db.execute(select(m.Grid).where(m.Grid.id.in_(new_ids))).scalars().all()
        resp = [g for g in rows if g.level == RESPONSIBILITY]
        assert len(resp) == 1 and resp[0].name == "新建责任网格"
        kids = [g for g in rows if g.level == MANAGEMENT]
        assert kids and all(k.parent_id == resp[0].id and k.code[:12] == resp[0].code[:12] for k in kids)
    assert_db_tiles(engine)


# ---------------------------------------------------------------- import / export


def test_export_import_round_trip_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    for fmt, name in (("geojson", "all.geojson"), ("shapefile", "all.shp")):
        path = tmp_path / name
        assert export_grids(engine, path, fmt) == 178
        outcome = import_grids(engine, EDITOR, path, dry_run=True)
        assert outcome.ok and outcome.actions == {}, [str(p) for p in outcome.problems]
        assert [p.code for p in outcome.problems] == ["no_changes"]


def _move_vertex_in_file(path: Path, old: list[float], new: list[float]) -> int:
    doc = json.loads(path.read_text(encoding="utf-8"))
    hits = 0
    for f in doc["features"]:
        for ring in f["geometry"]["coordinates"]:
            for pt in ring:
                if pt == old:
                    pt[0], pt[1] = new
                    hits += 1
    path.write_text(json.dumps(doc), encoding="utf-8")
    return hits


def test_import_a_redrawn_layer_commits_one_version(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "mgmt.geojson"
    assert export_grids(engine, path, "geojson", level="management") == 149
    s = load_edit_session(engine)
    v = interior_vertex(s, first_management(s))
    from gis.crs import to_storage

    old = list(to_storage(Point(v)).coords[0])
    with Session(engine) as db:
        stored = db.get(m.Grid, first_management(s))
        assert stored is not None
        old = next([float(x), float(y)] for x, y in shapely.get_coordinates(stored.geometry) if abs(x - old[0]) < 1e-9 and abs(y - old[1]) < 1e-9)
    assert _move_vertex_in_file(path, old, [old[0] + 0.0001, old[1] + 0.0001]) >= 3
    dry = import_grids(engine, EDITOR, path, dry_run=True)
    assert dry.ok and dry.actions == {"reshaped": 3} and dry.committed is None
    done = import_grids(engine, EDITOR, path, note="街道提供的新边界")
    assert done.ok and done.committed is not None
    assert done.committed.actions == {"reshaped": 3}
    versions = grid_versions(engine)
    assert versions[0].source == "import" and versions[0].source_file == "mgmt.geojson"
    assert versions[0].note == "街道提供的新边界"


def test_bad_files_change_nothing(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "gap.geojson"
    export_grids(engine, path, "geojson", level="management")
    doc = json.loads(path.read_text(encoding="utf-8"))
    dropped = doc["features"].pop(7)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    outcome = import_grids(engine, EDITOR, path)
    assert not outcome.ok and outcome.committed is None
    assert any(p.code == "gap" for p in outcome.problems)
    bowtie = tmp_path / "bowtie.geojson"
    dropped["geometry"]["coordinates"][0][1], dropped["geometry"]["coordinates"][0][2] = (
        dropped["geometry"]["coordinates"][0][2], dropped["geometry"]["coordinates"][0][1],
    )
    doc["features"].append(dropped)
    bowtie.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    outcome = import_grids(engine, EDITOR, bowtie)
    assert not outcome.ok and {p.code for p in outcome.problems} & {"self_intersection", "invalid_geometry"}
    broken = tmp_path / "broken.geojson"
    broken.write_text("{", encoding="utf-8")
    assert [p.code for p in import_grids(engine, EDITOR, broken).problems] == ["broken_json"]
    with Session(engine) as db:
        assert db.execute(select(func.count()).select_from(GridVersion)).scalar_one() == 0
        assert db.execute(select(func.max(m.Grid.version))).scalar_one() == 1
    with pytest.raises(PermissionDenied):
        import_grids(engine, Actor(None, "duty", "duty_officer"), path)


def test_partial_import_keeps_the_grids_it_does_not_name(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "few.geojson"
    export_grids(engine, path, "geojson", level="management")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"] = doc["features"][:2]
    doc["features"][1]["properties"]["name"] = "只改这一个"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    whole = import_grids(engine, EDITOR, path, dry_run=True)
    assert not whole.ok and whole.actions.get("retired") == 147  # the others would go: gaps
    partial = import_grids(engine, EDITOR, path, partial=True)
    assert partial.ok and partial.committed is not None and partial.actions == {"attributes": 1}
    with Session(engine) as db:
        assert db.execute(select(func.count()).select_from(m.Grid).where(m.Grid.level == MANAGEMENT)).scalar_one() == 149
