"""Plain feature records that travel from the database to the map model and the views.

They are deliberately free of SQLAlchemy and Qt: db/ builds them from rows, the map model
(gis/mapmodel.py) projects and indexes them, desktop/ draws them. Geometries are shapely
objects in the storage CRS (CGCS2000 geographic, EPSG:4490, lon/lat degrees).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from shapely.geometry.base import BaseGeometry


class KeyPointKind(StrEnum):
    SHOP = "shop"
    ENTERPRISE = "enterprise"
    RIVER = "river"
    CONSTRUCTION_SITE = "construction_site"
    PUBLIC_PLACE = "public_place"  # markets, school gates, bus hubs: the rest of the 451


class GridLevel(StrEnum):
    TOWN = "town"
    RESPONSIBILITY = "responsibility"
    MANAGEMENT = "management"


@dataclass(frozen=True, slots=True)
class GridFeature:
    """A polygon: the town boundary, a responsibility grid or a management grid."""

    id: int
    level: GridLevel
    code: str
    name: str
    geometry: BaseGeometry  # Polygon or MultiPolygon, EPSG:4490
    parent_id: int | None = None
    unit_name: str = ""  # village / residential committee it is drawn on


@dataclass(frozen=True, slots=True)
class PointFeature:
    """A key point or a camera. Rivers carry their line; the point is the QR placard."""

    id: int
    kind: str  # a KeyPointKind value, or "camera"
    name: str
    lon: float
    lat: float
    grid_id: int | None
    qr_code: str | None = None
    qr_active: bool = False
    line: BaseGeometry | None = None  # LineString for rivers, EPSG:4490


@dataclass(frozen=True, slots=True)
class CaseFeature:
    """An open case as the map and the queues need it."""

    id: int
    number: str
    state: str
    category_name: str
    lon: float
    lat: float
    grid_id: int | None
    reported_at: datetime
    deadline_at: datetime | None
    urgent: bool = False
    level: int = 2
    source: str = ""
    department_name: str = ""
    grid_code: str = ""

    def is_overdue(self, now: datetime) -> bool:
        return self.deadline_at is not None and now > self.deadline_at


@dataclass(slots=True)
class MapData:
    """Everything the map shows, loaded in one go."""

    town: GridFeature | None = None
    responsibility_grids: list[GridFeature] = field(default_factory=list)
    management_grids: list[GridFeature] = field(default_factory=list)
    key_points: list[PointFeature] = field(default_factory=list)
    cameras: list[PointFeature] = field(default_factory=list)
    cases: list[CaseFeature] = field(default_factory=list)
    now: datetime | None = None  # the clock the data was read at (demo: its reference time)
