"""The map editor's database side: load an edit session, commit it as one boundary version,
read the version history, validate, import and export grid layers.

- `load_edit_session(engine)` reads the live grids (EPSG:4490) into a gis.editing
  `EditSession` (EPSG:4549) remembering each grid's `version`.
- `commit_edit_session(engine, actor, session, note=..., effective_date=...)` writes every
  change in ONE transaction through `db.ops.run_operation` (Permission.GRID_EDIT): it
  refuses with `Conflict` (both versions in `current`) when another workstation changed a
  touched grid since the session loaded it, refuses with `TilingInvalid` (the issues) when
  the result would not tile, writes the new geometries (bbox and area refreshed), one
  `GridVersion` with each grid's before and after, re-assigns key points, cameras and OPEN
  cases to the management grid that now holds them (closed cases keep theirs; grid members
  of a merged-away grid follow it into the grid that absorbed it), records what moved, and
  returns a `CommitResult` (the ChangeSet, the version id, the report).
- `grid_versions`, `version_diff`: the history view.
- `validate_database`, `export_grids`, `import_grids`: the CLI (`python main.py grids ...`)
  and the dialogs.

Unchanged vertices are written back exactly as they were stored: a vertex the editor did
not move maps back to its original lon/lat, not to a reprojected copy that could differ in
the last bit from the neighbour's, so the tiling stays exact in storage too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from db import models as m
from db.clock import now
from db.grid_models import RETIRED, GridReassignment, GridVersion, GridVersionChange
from db.ops import (
    Actor,
    ChangeSet,
    Conflict,
    InvalidInput,
    NotFound,
    OperationContext,
    require,
    run_operation,
)
from db.permissions import Permission
from gis.crs import METRIC_EPSG, STORAGE_EPSG, project_xy, to_metric, transformer
from gis.editing import EditGrid, EditSession, GridChange
from gis.io import (
    ExportGrid,
    FileProblem,
    ReadResult,
    problems_from_issues,
    read_grid_file,
    write_grid_file,
)
from gis.validation import (
    DEFAULT_CONFIG,
    MANAGEMENT,
    RESPONSIBILITY,
    Issue,
    SimpleGrid,
    ValidationConfig,
    ValidationReport,
    validate_grids,
)

LIVE_LEVELS = (RESPONSIBILITY, MANAGEMENT)
NOTE_LIMIT = 2000


class TilingInvalid(InvalidInput):
    """The commit would break the tiling; `issues` say where and why."""

    def __init__(self, message: str, issues: Iterable[Issue] = ()) -> None:
        super().__init__(message)
        self.issues = list(issues)


# ---------------------------------------------------------------- loading


def _attrs(g: m.Grid) -> dict[str, Any]:
    return {
        "admin_unit_id": g.admin_unit_id,
        "department_id": g.department_id,
        "leader_name": g.leader_name or "",
        "leader_phone": g.leader_phone or "",
    }


def _town_geometry(session: Session) -> BaseGeometry | None:
    towns = [t.geometry for t in session.execute(select(m.Town)).scalars() if t.geometry is not None]
    if not towns:
        return None
    town = shapely.union_all(towns) if len(towns) > 1 else towns[0]
    if town.geom_type == "MultiPolygon" and len(town.geoms) == 1:
        town = town.geoms[0]
    return town


def load_edit_session(
    engine: Engine, *, strict: bool = True, config: ValidationConfig = DEFAULT_CONFIG
) -> EditSession:
    """An edit session over the live grids (both levels) and the town outline."""
    with Session(engine) as session:
        rows = session.execute(select(m.Grid).where(m.Grid.level.in_(LIVE_LEVELS)).order_by(m.Grid.id)).scalars().all()
        codes = set(session.execute(select(m.Grid.code)).scalars())
        town = _town_geometry(session)
        grids = [
            EditGrid(g.id, g.level, g.code, g.name, to_metric(g.geometry), g.parent_id, _attrs(g), g.version)
            for g in rows
        ]
    return EditSession(
        grids, to_metric(town) if town is not None else None, reserved_codes=codes, config=config, strict=strict
    )


def _live_shapes(session: Session) -> tuple[list[SimpleGrid], BaseGeometry | None]:
    rows = session.execute(
        select(m.Grid.id, m.Grid.level, m.Grid.parent_id, m.Grid.code, m.Grid.geometry).where(
            m.Grid.level.in_(LIVE_LEVELS)
        )
    ).all()
    shapes = [SimpleGrid(gid, level, to_metric(geom), parent, code) for gid, level, parent, code, geom in rows]
    town = _town_geometry(session)
    return shapes, to_metric(town) if town is not None else None


def validate_database(engine: Engine, *, config: ValidationConfig = DEFAULT_CONFIG) -> ValidationReport:
    """Full validation of the grids as stored."""
    with Session(engine) as session:
        shapes, town = _live_shapes(session)
    return validate_grids(shapes, town, config=config)


# ---------------------------------------------------------------- committing


@dataclass(frozen=True, slots=True)
class Moved:
    """A record re-assigned to another grid by a version."""

    entity: str  # key_point | camera | case | grid_member
    entity_id: int
    label: str
    from_grid_id: int | None
    to_grid_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity, "id": self.entity_id, "label": self.label,
            "from_grid_id": self.from_grid_id, "to_grid_id": self.to_grid_id,
        }


@dataclass(slots=True)
class ReassignmentReport:
    moved: list[Moved] = field(default_factory=list)

    def of(self, entity: str) -> list[Moved]:
        return [x for x in self.moved if x.entity == entity]

    def counts(self) -> dict[str, int]:
        return {e: len(self.of(e)) for e in ("key_point", "camera", "case", "grid_member")}

    def to_dict(self) -> dict[str, Any]:
        return {"counts": self.counts(), "moved": [x.to_dict() for x in self.moved]}


@dataclass(slots=True)
class CommitResult:
    changes: ChangeSet
    version_id: int
    report: ReassignmentReport
    grid_ids: dict[int, int]  # session key -> grid id (new grids get their id here)
    actions: dict[str, int] = field(default_factory=dict)  # created / reshaped / attributes / retired

    def to_dict(self) -> dict[str, Any]:
        return {
            "version_id": self.version_id,
            "grids": self.actions,
            "reassigned": self.report.counts(),
            "summary": self.changes.summary,
        }


def commit_edit_session(
    engine: Engine,
    actor: Actor,
    session: EditSession,
    *,
    note: str = "",
    effective_date: date | None = None,
    source: str = "editor",
    source_file: str = "",
) -> CommitResult:
    """Commit every change of the edit session as one boundary version (see the module
    docstring). Raises Conflict, TilingInvalid, InvalidInput, PermissionDenied."""
    holder: dict[str, Any] = {}
    changes = run_operation(
        engine, actor, Permission.GRID_EDIT, _commit, session, note, effective_date, source, source_file, holder
    )
    return CommitResult(changes, holder["version_id"], holder["report"], holder["grid_ids"], holder["actions"])


class _StorageCoords:
    """EPSG:4549 -> EPSG:4490 that gives back the stored lon/lat of every vertex the editor
    did not move (bit for bit) and reprojects only new positions."""

    def __init__(self, stored: Iterable[BaseGeometry]) -> None:
        self._map: dict[tuple[float, float], tuple[float, float]] = {}
        coords = [shapely.get_coordinates(g) for g in stored if g is not None and not g.is_empty]
        if coords:
            ll = np.unique(np.vstack(coords), axis=0)
            xs, ys = project_xy(ll[:, 0], ll[:, 1], STORAGE_EPSG, METRIC_EPSG)
            for x, y, lon, lat in zip(xs.tolist(), ys.tolist(), ll[:, 0].tolist(), ll[:, 1].tolist(), strict=True):
                self._map[(x, y)] = (lon, lat)
        self._t = transformer(METRIC_EPSG, STORAGE_EPSG)

    def __call__(self, geom: BaseGeometry) -> BaseGeometry:
        def apply(c: np.ndarray) -> np.ndarray:
            out = np.empty_like(c)
            xs, ys = self._t.transform(c[:, 0], c[:, 1])
            for i, (x, y) in enumerate(c.tolist()):
                hit = self._map.get((x, y))
                out[i] = hit if hit is not None else (xs[i], ys[i])
            return out

        return shapely.transform(geom, apply)


def _grid_state(g: m.Grid) -> dict[str, Any]:
    return {
        "code": g.code, "name": g.name, "level": g.level, "parent_id": g.parent_id,
        "admin_unit_id": g.admin_unit_id, "department_id": g.department_id,
        "leader_name": g.leader_name, "leader_phone": g.leader_phone,
        "valid_from": g.valid_from.isoformat() if g.valid_from else None,
        "version": g.version, "area_m2": round(float(g.area_m2), 2),
    }


def _lonlat_json(geom: BaseGeometry | None) -> dict[str, Any] | None:
    return None if geom is None else dict(mapping(geom))


def _conflict(session: Session, row: m.Grid, change: GridChange, yours: BaseGeometry | None) -> Conflict:
    last = session.execute(
        select(GridVersionChange, GridVersion)
        .join(GridVersion, GridVersion.id == GridVersionChange.version_id)
        .where(GridVersionChange.grid_id == row.id)
        .order_by(GridVersionChange.id.desc())
        .limit(1)
    ).first()
    who, when, note = "another workstation", None, ""
    if last is not None and last[0].after_version == row.version:
        who = last[1].author_name or who
        when = last[1].created_at
        note = last[1].note
    assert change.before is not None
    mine = change.before.version
    at = f" at {when:%Y-%m-%d %H:%M}" if when else ""
    message = (
        f"Grid {row.code} was changed by {who}{at} (now version {row.version}) after you started "
        f"editing it (your copy is version {mine}); nothing was saved: reload the map and redo your edit."
    )
    return Conflict(
        message,
        {
            "grid_id": row.id,
            "code": row.code,
            "changed_by": who,
            "changed_at": when.isoformat() if when else None,
            "note": note,
            "yours": {
                "version": mine,
                "state": change.after and {"code": change.after.code, "name": change.after.name},
                "geometry": _lonlat_json(yours),
            },
            "theirs": {"version": row.version, "state": _grid_state(row), "geometry": _lonlat_json(row.geometry)},
        },
    )


def _commit(
    ctx: OperationContext,
    edit: EditSession,
    note: str,
    effective_date: date | None,
    source: str,
    source_file: str,
    holder: dict[str, Any],
) -> ChangeSet:
    db = ctx.session
    changes = edit.changes()
    if not changes:
        raise InvalidInput("There are no changes to commit.")
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise InvalidInput(f"The note may be at most {NOTE_LIMIT} characters.")
    at = now()
    effective = effective_date or at.date()
    if not isinstance(effective, date):
        raise InvalidInput("The effective date must be a date.")

    # -- lock the touched grids and refuse if someone changed one meanwhile
    existing = [c.key for c in changes if c.before is not None]
    rows: dict[int, m.Grid] = {}
    if existing:
        stmt = select(m.Grid).where(m.Grid.id.in_(existing))
        if db.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        rows = {g.id: g for g in db.execute(stmt).scalars()}
    all_rows = db.execute(select(m.Grid).where(m.Grid.level.in_(LIVE_LEVELS))).scalars().all()
    town = _town_geometry(db)
    back = _StorageCoords([g.geometry for g in all_rows] + ([town] if town is not None else []))
    for c in changes:
        if c.before is None:
            continue
        row = rows.get(c.key)
        if row is None:
            raise NotFound(f"Grid {c.before.code} no longer exists; reload the map.")
        if row.version != c.before.version or row.level not in LIVE_LEVELS:
            raise _conflict(db, row, c, back(c.after.geometry) if c.after is not None else None)
    new_codes = [c.after.code for c in changes if c.after is not None and (c.before is None or c.before.code != c.after.code)]
    if new_codes:
        taken = set(db.execute(select(m.Grid.code).where(m.Grid.code.in_(new_codes))).scalars())
        if taken:
            raise Conflict(
                f"The grid code {sorted(taken)[0]} was taken by another workstation meanwhile; reload and choose another.",
                {"codes": sorted(taken)},
            )

    # -- the result must tile: validate the stored grids with this session's changes on top
    by_key = {c.key: c for c in changes}
    current = [
        SimpleGrid(g.id, g.level, to_metric(g.geometry), g.parent_id, g.code)
        for g in all_rows if g.id not in by_key
    ]
    town_m = to_metric(town) if town is not None else None
    after = current + [
        SimpleGrid(c.key, c.after.level, c.after.geometry, c.after.parent, c.after.code)
        for c in changes if c.after is not None
    ]
    before = current + [
        SimpleGrid(g.id, g.level, to_metric(g.geometry), g.parent_id, g.code)
        for g in all_rows if g.id in by_key
    ]
    result = validate_grids(after, town_m, config=edit.config)
    if not result.ok:
        base_counts = validate_grids(before, town_m, config=edit.config).counts()
        counts = result.counts()
        touched = set(by_key)
        new_errors = [
            i for i in result.errors
            if set(i.keys) & touched or counts[_count_key(i)] > base_counts[_count_key(i)]
        ]
        if new_errors:
            raise TilingInvalid(
                f"The new boundaries do not tile the town: {new_errors[0].message}", new_errors
            )

    # -- write: new grids first (responsibility before management), then the changes
    ids: dict[int, int] = {c.key: c.key for c in changes if c.before is not None}
    out = ChangeSet()
    version = GridVersion(
        created_at=at,
        author_user_id=ctx.actor.user_id,
        author_name=ctx.actor.display_name or ctx.actor.username,
        workstation=ctx.actor.workstation,
        note=note,
        effective_date=effective,
        source=source,
        source_file=source_file[:255],
    )
    db.add(version)
    db.flush()
    units = {u.community_seq: u.id for u in db.execute(select(m.AdminUnit)).scalars()}
    created = sorted(
        (c for c in changes if c.before is None and c.after is not None),
        key=lambda c: (c.after.level != RESPONSIBILITY, c.key),  # type: ignore[union-attr]
    )
    pending_parent: list[tuple[m.Grid, int]] = []
    new_rows: dict[int, m.Grid] = {}
    for c in created:
        a = c.after
        assert a is not None
        geom = back(a.geometry)
        unit = a.attrs.get("admin_unit_id")
        if unit is None:
            parent_row = rows.get(a.parent) if a.parent is not None else None
            unit = parent_row.admin_unit_id if parent_row is not None else units.get(int(a.code[9:11]) if a.code[9:11].isdigit() else -1)
        if unit is None:
            raise InvalidInput(f"Choose the village or residential committee of the new grid {a.code}.")
        g = m.Grid(
            level=a.level, code=a.code, name=a.name, parent_id=None, admin_unit_id=unit,
            department_id=a.attrs.get("department_id"), leader_name=a.attrs.get("leader_name") or "",
            leader_phone=a.attrs.get("leader_phone") or "", geometry=geom, area_m2=float(a.geometry.area),
            valid_from=effective,
        )
        g.set_bbox(geom)
        db.add(g)
        db.flush()
        ids[c.key] = g.id
        new_rows[g.id] = g
        if a.parent is not None:
            pending_parent.append((g, a.parent))
    for g, parent_key in pending_parent:
        g.parent_id = ids.get(parent_key, parent_key)
    actions: dict[str, int] = defaultdict(int)
    geom_before: dict[int, BaseGeometry] = {}
    geom_after: dict[int, BaseGeometry] = {}
    for c in changes:
        action = c.action
        actions[action] += 1
        gid = ids[c.key]
        if c.before is None:
            row = new_rows[gid]
            before_state = None
            before_geom = None
        else:
            row = rows[gid]
            before_state = _grid_state(row)
            before_geom = row.geometry
            a = c.after
            if a is None:
                row.level = RETIRED
            else:
                if action == "reshaped":
                    geom = back(a.geometry)
                    row.geometry = geom
                    row.set_bbox(geom)
                    row.area_m2 = float(a.geometry.area)
                    row.valid_from = effective
                row.code, row.name, row.level = a.code, a.name, a.level
                row.parent_id = ids.get(a.parent, a.parent) if a.parent is not None else None
                if a.attrs.get("admin_unit_id") is not None:
                    row.admin_unit_id = a.attrs["admin_unit_id"]
                row.department_id = a.attrs.get("department_id")
                row.leader_name = a.attrs.get("leader_name") or ""
                row.leader_phone = a.attrs.get("leader_phone") or ""
            db.flush()
        after_geom = row.geometry if c.after is not None else None
        if before_geom is not None:
            geom_before[gid] = before_geom
        if after_geom is not None:
            geom_after[gid] = after_geom
        db.add(
            GridVersionChange(
                version_id=version.id,
                grid_id=gid,
                action=action,
                code=row.code,
                before_version=c.before.version if c.before is not None else None,
                after_version=row.version,
                before_geometry=before_geom,
                after_geometry=after_geom if (action != "attributes") else None,
                before_attrs=before_state,
                after_attrs=_grid_state(row),
                area_before_m2=float(before_state["area_m2"]) if before_state else None,
                area_after_m2=float(row.area_m2) if c.after is not None else None,
            )
        )
        ctx.record(
            f"grid.{action}", "grid", gid, before=before_state,
            after={**_grid_state(row), "grid_version_id": version.id},
        )
        out.add("grid", gid)
    db.flush()

    # -- re-assign what lies in the changed area
    merged = {ids.get(k, k): ids.get(v, v) for k, v in edit.merged_into().items()}
    report = _reassign(ctx, version.id, geom_before, geom_after, merged, out)
    version.grids_changed = len(changes)
    counts = report.counts()
    version.key_points_moved = counts["key_point"]
    version.cameras_moved = counts["camera"]
    version.cases_moved = counts["case"]
    version.members_moved = counts["grid_member"]
    for x in report.moved:
        db.add(
            GridReassignment(
                version_id=version.id, entity=x.entity, entity_id=x.entity_id, label=x.label[:96],
                from_grid_id=x.from_grid_id, to_grid_id=x.to_grid_id,
            )
        )
    out.add("grid_version", version.id)
    parts = [f"{n} {k}" for k, n in sorted(actions.items())]
    moved = [f"{n} {k.replace('_', ' ')}s" for k, n in counts.items() if n]
    out.summary = f"Grid boundaries version {version.id}: " + ", ".join(parts) + (
        "; re-assigned " + ", ".join(moved) if moved else ""
    )
    ctx.record(
        "grid.commit", "grid_version", version.id,
        after={
            "note": note, "effective_date": effective.isoformat(), "source": source, "source_file": source_file,
            "grids": dict(actions), "reassigned": counts,
        },
    )
    holder.update(version_id=version.id, report=report, grid_ids=ids, actions=dict(actions))
    return out


def _count_key(issue: Issue) -> str:
    kind = str(issue.kind)
    return {
        "invalid": "invalid", "not_polygon": "invalid", "gap": "gaps", "overlap": "overlaps",
        "outside_parent": "outside_parent", "no_parent": "outside_parent",
        "not_covering_parent": "not_covering_parent", "edge_mismatch": "edge_mismatches",
        "duplicate_code": "duplicate_codes", "sliver": "slivers", "tiny": "tiny",
    }.get(kind, "errors")


class _Locator:
    """The live management grid holding a lon/lat point (covers; the current grid wins a
    tie on a shared edge, else the lowest id, as db.case_queries.locate does)."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(
            select(m.Grid.id, m.Grid.geometry).where(m.Grid.level == MANAGEMENT).order_by(m.Grid.id)
        ).all()
        self.ids = [int(r[0]) for r in rows]
        geoms = np.empty(len(rows), dtype=object)
        for i, r in enumerate(rows):
            geoms[i] = r[1]
        self.geoms = geoms
        self.tree = shapely.STRtree(geoms) if len(rows) else None

    def find(self, lons: np.ndarray, lats: np.ndarray, current: list[int | None]) -> list[int | None]:
        if self.tree is None or not len(lons):
            return list(current)
        pts = shapely.points(lons, lats)
        src, dst = self.tree.query(pts, predicate="covered_by")
        hits: dict[int, list[int]] = defaultdict(list)
        for s, d in zip(src.tolist(), dst.tolist(), strict=True):
            hits[s].append(self.ids[d])
        out: list[int | None] = []
        for i, cur in enumerate(current):
            found = hits.get(i)
            if not found:
                out.append(None)
            elif cur in found:
                out.append(cur)
            else:
                out.append(min(found))
        return out


def _reassign(
    ctx: OperationContext,
    version_id: int,
    geom_before: dict[int, BaseGeometry],
    geom_after: dict[int, BaseGeometry],
    merged: dict[int, int],
    out: ChangeSet,
) -> ReassignmentReport:
    db = ctx.session
    report = ReassignmentReport()
    touched = sorted(set(geom_before) | set(geom_after))
    if not touched:
        return report
    boxes = np.array([g.bounds for g in (*geom_before.values(), *geom_after.values())])
    x0, y0 = float(boxes[:, 0].min()), float(boxes[:, 1].min())
    x1, y1 = float(boxes[:, 2].max()), float(boxes[:, 3].max())
    locator = _Locator(db)
    retired = {gid for gid in touched if gid not in geom_after}

    def where(model: Any) -> Any:
        return or_(
            model.grid_id.in_(touched),
            (model.lon >= x0) & (model.lon <= x1) & (model.lat >= y0) & (model.lat <= y1),
        )

    def fallback(cur: int | None) -> int | None:
        """A point no grid holds (outside the town): keep its grid, unless that grid was
        merged away: then the grid that absorbed it."""
        if cur in retired:
            return merged.get(cur, cur)
        return cur

    open_states = [str(s) for s in m.OPEN_STATES]
    sources: list[tuple[str, Any, Any]] = [
        ("key_point", m.KeyPoint, where(m.KeyPoint)),
        ("camera", m.Camera, where(m.Camera)),
        ("case", m.Case, where(m.Case) & m.Case.state.in_(open_states)),
    ]
    at = now()
    for entity, model, cond in sources:
        items = db.execute(select(model).where(cond).order_by(model.id)).scalars().all()
        if not items:
            continue
        lons = np.array([float(x.lon) for x in items])
        lats = np.array([float(x.lat) for x in items])
        found = locator.find(lons, lats, [x.grid_id for x in items])
        for item, new in zip(items, found, strict=True):
            target = new if new is not None else fallback(item.grid_id)
            if target == item.grid_id:
                continue
            old = item.grid_id
            item.grid_id = target
            label = getattr(item, "number", None) or getattr(item, "name", "") or ""
            report.moved.append(Moved(entity, item.id, str(label), old, target))
            out.add(entity, item.id)
            if entity == "case":
                item.updated_at = at
                db.add(
                    m.CaseEvent(
                        case_id=item.id, at=at, kind="grid_reassigned",
                        actor_user_id=ctx.actor.user_id,
                        actor_name=ctx.actor.display_name or ctx.actor.username,
                        workstation=ctx.actor.workstation,
                        from_state=item.state, to_state=item.state, department_id=item.department_id,
                        note=f"grid boundaries version {version_id}",
                        data={"from_grid_id": old, "to_grid_id": target, "grid_version_id": version_id},
                    )
                )
    # grid members of a merged-away grid follow it into the grid that absorbed it
    if retired:
        members = db.execute(select(m.GridMember).where(m.GridMember.grid_id.in_(sorted(retired)))).scalars().all()
        for mem in members:
            target = merged.get(mem.grid_id)
            if target is None:
                geom = geom_before.get(mem.grid_id)
                if geom is not None:
                    p = geom.representative_point()
                    target = locator.find(np.array([p.x]), np.array([p.y]), [None])[0]
            if target is None or target == mem.grid_id:
                continue
            report.moved.append(Moved("grid_member", mem.id, mem.name, mem.grid_id, target))
            mem.grid_id = target
            out.add("grid_member", mem.id)
    db.flush()
    return report


# ---------------------------------------------------------------- history


@dataclass(frozen=True, slots=True)
class VersionInfo:
    id: int
    created_at: datetime
    author_name: str
    workstation: str
    note: str
    effective_date: date
    source: str
    source_file: str
    grids_changed: int
    key_points_moved: int
    cameras_moved: int
    cases_moved: int
    members_moved: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "created_at": self.created_at.isoformat(), "author": self.author_name,
            "workstation": self.workstation, "note": self.note, "effective_date": self.effective_date.isoformat(),
            "source": self.source, "source_file": self.source_file, "grids_changed": self.grids_changed,
            "key_points_moved": self.key_points_moved, "cameras_moved": self.cameras_moved,
            "cases_moved": self.cases_moved, "members_moved": self.members_moved,
        }


@dataclass(frozen=True, slots=True)
class GridDiff:
    """One grid's change in a version; geometries in EPSG:4490 (None: did not exist)."""

    grid_id: int
    code: str
    action: str
    before_geometry: BaseGeometry | None
    after_geometry: BaseGeometry | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    area_before_m2: float | None
    area_after_m2: float | None


@dataclass(frozen=True, slots=True)
class VersionDiff:
    info: VersionInfo
    grids: list[GridDiff]
    moved: list[Moved]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.info.to_dict(),
            "grids": [
                {
                    "grid_id": g.grid_id, "code": g.code, "action": g.action,
                    "area_before_m2": g.area_before_m2, "area_after_m2": g.area_after_m2,
                }
                for g in self.grids
            ],
            "moved": [x.to_dict() for x in self.moved],
        }


def _info(v: GridVersion) -> VersionInfo:
    return VersionInfo(
        v.id, v.created_at, v.author_name, v.workstation, v.note, v.effective_date, v.source, v.source_file,
        v.grids_changed, v.key_points_moved, v.cameras_moved, v.cases_moved, v.members_moved,
    )


def grid_versions(
    engine: Engine, *, limit: int = 100, offset: int = 0, grid_id: int | None = None
) -> list[VersionInfo]:
    """Boundary versions, newest first (only those touching `grid_id`, if given)."""
    if not 1 <= limit <= 1000 or offset < 0:
        raise InvalidInput("The page must hold 1 to 1000 versions.")
    with Session(engine) as session:
        stmt = select(GridVersion).order_by(GridVersion.id.desc()).limit(limit).offset(offset)
        if grid_id is not None:
            stmt = stmt.where(
                GridVersion.id.in_(select(GridVersionChange.version_id).where(GridVersionChange.grid_id == grid_id))
            )
        return [_info(v) for v in session.execute(stmt).scalars()]


def version_diff(engine: Engine, version_id: int) -> VersionDiff:
    """What a version changed on the map (before/after of each grid) and what it moved."""
    with Session(engine) as session:
        v = session.get(GridVersion, version_id)
        if v is None:
            raise NotFound(f"There is no grid boundary version {version_id}.")
        changes = session.execute(
            select(GridVersionChange).where(GridVersionChange.version_id == version_id).order_by(GridVersionChange.id)
        ).scalars().all()
        moved = session.execute(
            select(GridReassignment).where(GridReassignment.version_id == version_id).order_by(GridReassignment.id)
        ).scalars().all()
        return VersionDiff(
            _info(v),
            [
                GridDiff(
                    c.grid_id, c.code, c.action, c.before_geometry,
                    c.after_geometry if c.action != "attributes" else c.before_geometry,
                    c.before_attrs, c.after_attrs, c.area_before_m2, c.area_after_m2,
                )
                for c in changes
            ],
            [Moved(r.entity, r.entity_id, r.label, r.from_grid_id, r.to_grid_id) for r in moved],
        )


# ---------------------------------------------------------------- export and import


def export_grids(
    engine: Engine,
    path: str | Path,
    fmt: str,
    *,
    level: str | None = None,
    encoding: str = "utf-8",
    actor: Actor | None = None,
) -> int:
    """Write the live grids (one level, or both) to a GeoJSON or Shapefile; returns how
    many. With an actor, Permission.EXPORT is checked."""
    if actor is not None:
        require(actor, Permission.EXPORT)
    if level is not None and level not in LIVE_LEVELS:
        raise InvalidInput(f"Unknown grid level {level!r}; use responsibility or management.")
    with Session(engine) as session:
        stmt = select(m.Grid).where(m.Grid.level.in_([level] if level else LIVE_LEVELS)).order_by(
            m.Grid.level.desc(), m.Grid.code
        )
        rows = session.execute(stmt).scalars().all()
        codes = dict(session.execute(select(m.Grid.id, m.Grid.code)).all())
        depts = dict(session.execute(select(m.Department.id, m.Department.code)).all())
        grids = [
            ExportGrid(
                g.code, g.name, g.level, g.geometry, codes.get(g.parent_id) if g.parent_id else None,
                g.leader_name or "", g.leader_phone or "", depts.get(g.department_id, "") if g.department_id else "",
                float(g.area_m2),
            )
            for g in rows
        ]
    try:
        return write_grid_file(path, grids, fmt, encoding=encoding)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


@dataclass(slots=True)
class ImportOutcome:
    read: ReadResult
    problems: list[FileProblem] = field(default_factory=list)  # the file's and the tiling's
    actions: dict[str, int] = field(default_factory=dict)  # created / reshaped / attributes / retired
    changed_codes: dict[str, list[str]] = field(default_factory=dict)
    committed: CommitResult | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "file": {k: v for k, v in self.read.to_dict().items() if k != "problems"},
            "errors": sum(1 for p in self.problems if p.severity == "error"),
            "problems": [p.to_dict() for p in self.problems],
            "changes": self.actions,
            "codes": self.changed_codes,
            "committed": self.committed.to_dict() if self.committed else None,
        }


def import_grids(
    engine: Engine,
    actor: Actor,
    path: str | Path,
    *,
    dry_run: bool = False,
    note: str = "",
    effective_date: date | None = None,
    assume_crs: Any = None,
    encoding: str | None = None,
    partial: bool = False,
) -> ImportOutcome:
    """Read a grid layer file, validate it against the town, and (unless `dry_run` or the
    file is bad) commit it as one boundary version through the same operation as the
    editor. The levels present in the file replace those levels: grids are matched by
    code, new codes become new grids, grids missing from the file are retired (with
    `partial`, they are kept: the file holds only the grids that changed). A bad file
    changes nothing; the outcome lists what is wrong and where."""
    require(actor, Permission.GRID_EDIT)
    read = read_grid_file(path, assume_crs=assume_crs, encoding=encoding)
    outcome = ImportOutcome(read, list(read.problems), dry_run=dry_run)
    if not read.ok or not read.grids:
        if read.ok:
            outcome.problems.append(FileProblem("empty", "The file holds no grids."))
        return outcome
    session = load_edit_session(engine)
    with Session(engine) as db:
        depts = dict(db.execute(select(m.Department.code, m.Department.id)).all())
        units = {u.community_seq: u.id for u in db.execute(select(m.AdminUnit)).scalars()}
        retired = set(db.execute(select(m.Grid.code).where(m.Grid.level.not_in(LIVE_LEVELS))).scalars())
    incoming: list[EditGrid] = []
    parent_codes: dict[str, str | None] = {}
    feature_of: dict[str, int] = {}
    for g in read.grids:
        attrs: dict[str, Any] = {}
        if "leader_name" in g.attrs:
            attrs["leader_name"] = g.attrs["leader_name"][:32]
        if "leader_phone" in g.attrs:
            attrs["leader_phone"] = g.attrs["leader_phone"][:20]
        dept = g.attrs.get("department_code")
        if dept:
            if dept not in depts:
                outcome.problems.append(
                    FileProblem("unknown_department", f"There is no department with the code {dept}.", g.index, g.code)
                )
                continue
            attrs["department_id"] = depts[dept]
        if g.code in retired:
            outcome.problems.append(
                FileProblem(
                    "code_retired",
                    f"The code {g.code} belonged to a grid that was merged away; give this grid a new code.",
                    g.index, g.code,
                )
            )
            continue
        existing = session.by_code(g.code)
        if existing is None:
            unit = units.get(int(g.code[9:11]))
            if unit is None:
                outcome.problems.append(
                    FileProblem(
                        "unknown_community",
                        f"The code {g.code} names community {g.code[9:11]}, which the town does not have.",
                        g.index, g.code,
                    )
                )
                continue
            attrs["admin_unit_id"] = unit
        incoming.append(EditGrid(0, g.level, g.code, g.name, to_metric(g.geometry), None, attrs))
        parent_codes[g.code] = g.parent_code
        feature_of[g.code] = g.index
    if not outcome.ok:
        return outcome
    from gis.editing import EditRefused

    levels = {g.level for g in incoming}
    try:
        session.replace_grids(
            incoming, levels=levels, parent_codes=parent_codes, label=f"Import {Path(path).name}",
            remove_missing=not partial,
        )
    except EditRefused as exc:
        outcome.problems.append(FileProblem("no_changes", str(exc), severity="warning"))
        return outcome
    report = session.validate()
    key_feature = {g.key: feature_of[g.code] for g in session.grids.values() if g.code in feature_of}
    key_code = {g.key: g.code for g in session.grids.values()}

    def to_lonlat(x: float, y: float) -> tuple[float, float]:
        lon, lat = project_xy(x, y, METRIC_EPSG, STORAGE_EPSG)
        return float(lon), float(lat)

    outcome.problems += problems_from_issues(report.issues, key_feature, key_code, to_lonlat)
    actions: dict[str, list[str]] = defaultdict(list)
    for c in session.changes():
        code = (c.after or c.before).code  # type: ignore[union-attr]
        actions[c.action].append(code)
    outcome.actions = {k: len(v) for k, v in sorted(actions.items())}
    outcome.changed_codes = {k: sorted(v) for k, v in sorted(actions.items())}
    if dry_run or not outcome.ok:
        return outcome
    outcome.committed = commit_edit_session(
        engine, actor, session, note=note or f"Import of {Path(path).name}", effective_date=effective_date,
        source="import", source_file=Path(path).name,
    )
    return outcome


def management_grid_at(session: Session, lon: float, lat: float) -> int | None:
    """The live management grid holding a lon/lat point (None outside every grid)."""
    return _Locator(session).find(np.array([lon]), np.array([lat]), [None])[0]
