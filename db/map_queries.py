"""What the map asks the database: search, per-grid figures for thematic maps, and the map
settings (base map, display CRS) with the operations an administrator changes them with.

* `search` finds grids by code or name, key points by name or QR code, cases by number --
  over every record (also closed cases and grids the map has not loaded), exact matches
  first, then prefixes, then substrings; each hit carries where it is on the map.
* `grid_figures` aggregates, in SQL (GROUP BY, the same statement on SQLite and
  PostgreSQL), per management or responsibility grid: open cases, overdue cases (open, not on
  the long-term register, past the deadline at the reference time) and cases reported per km²
  over a window (default the last 365 days).
* `base_map_config` / `set_base_map` and `display_epsg` / `set_display_epsg` keep the map
  settings in the `settings` table; the setters are operations (SETTINGS_ADMIN, audited).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from db import models as m
from db.ops import ChangeSet, InvalidInput, OperationContext
from db.queries import reference_time
from gis.mapmodel import KEY_POINT_LAYERS, LayerId, SearchResult, check_display_crs
from gis.thematic import ThematicField
from gis.tiles import BaseMapConfig, BaseMapKind, TileScheme

LIVE_LEVELS = (m.GridLevel.RESPONSIBILITY.value, m.GridLevel.MANAGEMENT.value)
DISPLAY_EPSG_KEY = "map.display_epsg"
DEFAULT_DISPLAY_EPSG = 4549
DENSITY_WINDOW_DAYS = 365


# --------------------------------------------------------------------------- search


@dataclass(frozen=True, slots=True)
class MapSearchHit:
    """A search hit with its storage-CRS position (for records the map has not loaded)."""

    result: SearchResult
    lon: float
    lat: float
    on_map: bool  # False for a closed case: the map shows open cases only


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _rank(col: Any, q: str) -> Any:
    """0 exact, 1 prefix, 2 substring (case-insensitive)."""
    low = func.lower(col)
    return case(
        (low == q, 0),
        (low.like(_escape_like(q) + "%", escape="\\"), 1),
        else_=2,
    )


def _least(a: Any, b: Any) -> Any:
    """min() of two expressions, portable (PostgreSQL's MIN is only an aggregate)."""
    return case((a <= b, a), else_=b)


def _matches(col: Any, q: str) -> Any:
    return func.lower(col).like("%" + _escape_like(q) + "%", escape="\\")


def search(session: Session, text: str, limit: int = 20) -> list[MapSearchHit]:
    """Grids (code, name), key points (name, QR code) and cases (number) matching `text`."""
    q = text.strip().lower()
    if not q:
        return []
    per_kind = max(limit, 5)
    hits: list[tuple[int, MapSearchHit]] = []

    grid_rank = _least(_rank(m.Grid.code, q), _rank(m.Grid.name, q) + 1)
    grid_stmt: Select[Any] = (
        select(m.Grid, grid_rank.label("r"))
        .where(
            m.Grid.level.in_(LIVE_LEVELS), or_(_matches(m.Grid.code, q), _matches(m.Grid.name, q))
        )
        .order_by("r", m.Grid.code)
        .limit(per_kind)
    )
    for g, r in session.execute(grid_stmt).all():
        layer = LayerId.MANAGEMENT if g.level == m.GridLevel.MANAGEMENT else LayerId.RESPONSIBILITY
        lon = (g.min_lon + g.max_lon) / 2.0
        lat = (g.min_lat + g.max_lat) / 2.0
        res = SearchResult(str(layer), g.id, "grid", g.code, g.name, int(r) * 10)
        hits.append((int(r) * 10, MapSearchHit(res, lon, lat, True)))

    kp_rank = _least(_rank(m.KeyPoint.qr_code, q), _rank(m.KeyPoint.name, q) + 1)
    kp_stmt: Select[Any] = (
        select(
            m.KeyPoint.id,
            m.KeyPoint.kind,
            m.KeyPoint.name,
            m.KeyPoint.qr_code,
            m.KeyPoint.lon,
            m.KeyPoint.lat,
            kp_rank.label("r"),
        )
        .where(or_(_matches(m.KeyPoint.name, q), _matches(m.KeyPoint.qr_code, q)))
        .order_by("r", m.KeyPoint.id)
        .limit(per_kind)
    )
    for kid, kind, name, qr, lon, lat, r in session.execute(kp_stmt).all():
        kp_layer = str(KEY_POINT_LAYERS.get(kind, LayerId.OTHER_POINTS))
        res = SearchResult(kp_layer, kid, "key_point", qr or "", name, int(r) * 10 + 1)
        hits.append((int(r) * 10 + 1, MapSearchHit(res, lon, lat, True)))

    open_states = [str(s) for s in m.OPEN_STATES]
    case_stmt: Select[Any] = (
        select(
            m.Case.id,
            m.Case.number,
            m.Case.state,
            m.Case.lon,
            m.Case.lat,
            m.Category.name,
            _rank(m.Case.number, q).label("r"),
        )
        .join(m.Category, m.Category.id == m.Case.category_id)
        .where(_matches(m.Case.number, q))
        .order_by("r", m.Case.number.desc())
        .limit(per_kind)
    )
    for cid, number, state, lon, lat, cat, r in session.execute(case_stmt).all():
        res = SearchResult(str(LayerId.CASES), cid, "case", number, cat, int(r) * 10 + 2)
        hits.append((int(r) * 10 + 2, MapSearchHit(res, lon, lat, state in open_states)))

    hits.sort(key=lambda h: (h[0], h[1].result.label))
    return [h for _, h in hits[:limit]]


# --------------------------------------------------------------------------- figures


@dataclass
class GridFigures:
    """Per-grid figures for a thematic map, by grid id."""

    level: str
    reference: datetime
    window_days: int
    open_cases: dict[int, float] = field(default_factory=dict)
    overdue_cases: dict[int, float] = field(default_factory=dict)
    cases_per_km2: dict[int, float] = field(default_factory=dict)
    area_km2: dict[int, float] = field(default_factory=dict)

    def values(self, name: ThematicField | str) -> dict[int, float]:
        return {
            ThematicField.OPEN_CASES: self.open_cases,
            ThematicField.OVERDUE_CASES: self.overdue_cases,
            ThematicField.CASES_PER_KM2: self.cases_per_km2,
        }[ThematicField(name)]


def grid_figures(
    session: Session,
    level: str = m.GridLevel.MANAGEMENT,
    window_days: int = DENSITY_WINDOW_DAYS,
    reference: datetime | None = None,
) -> GridFigures:
    """Open cases, overdue cases and cases per km² for every live grid of a level, aggregated
    in SQL. A responsibility grid counts the cases of its management grids (cases are filed
    against management grids) plus any filed against itself."""
    if level not in LIVE_LEVELS:
        raise InvalidInput(f"unknown grid level {level!r}; use management or responsibility")
    ref = reference or reference_time(session)
    since = ref - timedelta(days=window_days)
    grids = session.execute(select(m.Grid.id, m.Grid.area_m2).where(m.Grid.level == level)).all()
    out = GridFigures(level=str(level), reference=ref, window_days=window_days)
    for gid, area in grids:
        out.area_km2[gid] = float(area or 0.0) / 1e6
        out.open_cases[gid] = 0.0
        out.overdue_cases[gid] = 0.0
        out.cases_per_km2[gid] = 0.0

    open_states = [str(s) for s in m.OPEN_STATES]
    alarm_states = [s for s in open_states if s != m.CaseState.LONG_TERM]
    open_n = func.sum(case((m.Case.state.in_(open_states), 1), else_=0))
    overdue_n = func.sum(
        case((and_(m.Case.state.in_(alarm_states), m.Case.deadline_at < ref), 1), else_=0)
    )
    recent_n = func.sum(
        case((and_(m.Case.reported_at >= since, m.Case.reported_at < ref), 1), else_=0)
    )
    relevant = or_(m.Case.state.in_(open_states), m.Case.reported_at >= since)
    if level == m.GridLevel.MANAGEMENT:
        target: Any = m.Case.grid_id
        stmt = (
            select(target.label("gid"), open_n, overdue_n, recent_n)
            .where(m.Case.grid_id.is_not(None), relevant)
            .group_by(target)
        )
    else:
        child = aliased(m.Grid)
        # the responsibility grid of a case: its grid's parent, or the grid itself
        target = func.coalesce(child.parent_id, child.id)
        stmt = (
            select(target.label("gid"), open_n, overdue_n, recent_n)
            .select_from(m.Case)
            .join(child, child.id == m.Case.grid_id)
            .where(relevant)
            .group_by(target)
        )
    for gid, o, od, recent in session.execute(stmt).all():
        if gid not in out.area_km2:
            continue
        out.open_cases[gid] = float(o or 0)
        out.overdue_cases[gid] = float(od or 0)
        area = out.area_km2[gid]
        out.cases_per_km2[gid] = float(recent or 0) / area if area > 0 else float("nan")
    return out


# --------------------------------------------------------------------------- settings


def _settings(session: Session, prefix: str) -> dict[str, str | None]:
    rows = session.execute(
        select(m.Setting.key, m.Setting.value).where(m.Setting.key.like(prefix + "%"))
    )
    return {k: v for k, v in rows.all()}


def base_map_config(session: Session) -> BaseMapConfig:
    """The base map the administrator set (kind NONE when none)."""
    return BaseMapConfig.from_settings(_settings(session, "basemap."))


def display_epsg(session: Session) -> int:
    """The projected CRS the map displays in (EPSG code; default 4549)."""
    row = session.get(m.Setting, DISPLAY_EPSG_KEY)
    try:
        epsg = int(row.value) if row is not None else DEFAULT_DISPLAY_EPSG
        check_display_crs(epsg)
    except ValueError:
        return DEFAULT_DISPLAY_EPSG
    return epsg


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(m.Setting, key)
    if row is None:
        session.add(m.Setting(key=key, value=value))
    else:
        row.value = value


def _public(config: BaseMapConfig) -> dict[str, Any]:
    """A configuration for the audit trail: the key is never written there."""
    d: dict[str, Any] = dict(config.to_settings())
    d["basemap.key"] = "(set)" if config.key else ""
    return d


def set_base_map(ctx: OperationContext, config: BaseMapConfig) -> ChangeSet:
    """Operation (Permission.SETTINGS_ADMIN): set or clear the base map.

    Checks the form of the setting only (a file path or an http(s) URL template with the
    {x}, {y}, {z} placeholders); whether the file or server works shows on the map."""
    if config.kind is BaseMapKind.MBTILES:
        if not config.location.strip():
            raise InvalidInput("Give the path of the MBTiles file.")
    elif config.kind is BaseMapKind.URL:
        loc = config.location.strip()
        if not loc.lower().startswith(("http://", "https://")):
            raise InvalidInput("The base map URL must start with http:// or https://.")
        norm = loc.replace("{TileCol}", "{x}").replace("{TileRow}", "{y}")
        norm = norm.replace("{TileMatrix}", "{z}")
        if "{x}" not in norm or "{z}" not in norm or ("{y}" not in norm and "{-y}" not in norm):
            raise InvalidInput("The base map URL needs the {x}, {y} and {z} placeholders.")
        if ("{key}" in loc or "{tk}" in loc) and not config.key:
            raise InvalidInput("The base map URL has a {key} placeholder: give the key.")
    if not 0 <= config.min_zoom <= config.max_zoom <= 22:
        raise InvalidInput("Zoom levels must satisfy 0 <= min_zoom <= max_zoom <= 22.")
    TileScheme(config.scheme)
    before = _public(base_map_config(ctx.session))
    for key, value in config.to_settings().items():
        _put(ctx.session, key, value)
    ctx.record("set_base_map", "setting", None, before, _public(config))
    summary = "base map off" if config.kind is BaseMapKind.NONE else f"base map: {config.kind}"
    return ChangeSet(summary=summary).add("setting", 0)


def set_display_epsg(ctx: OperationContext, epsg: int) -> ChangeSet:
    """Operation (Permission.SETTINGS_ADMIN): the projected CRS the map displays in."""
    try:
        check_display_crs(int(epsg))
    except ValueError as exc:
        raise InvalidInput(f"{exc}.") from exc
    before = display_epsg(ctx.session)
    _put(ctx.session, DISPLAY_EPSG_KEY, str(int(epsg)))
    ctx.record("set_display_crs", "setting", None, {"epsg": before}, {"epsg": int(epsg)})
    return ChangeSet(summary=f"map display CRS EPSG:{int(epsg)}").add("setting", 0)
