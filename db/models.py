"""The GridDesk data model (SQLAlchemy 2 typed ORM), identical on SQLite and PostgreSQL.

Conventions:
- timestamps are naive town time (see db/clock.py);
- geometries are shapely objects stored as WKB in EPSG:4490 (see db/types.py), and every
  spatial table keeps an indexed bounding box for coarse spatial queries;
- rows that several workstations may edit carry `version` for optimistic locking
  (SQLAlchemy's version_id_col: an UPDATE that finds another version fails loudly).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import Geometry
from gis.crs import STORAGE_EPSG

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# ---------------------------------------------------------------- enumerations (stored as text)


class UnitKind(StrEnum):
    VILLAGE = "village"  # 村
    COMMITTEE = "committee"  # 居委会


class GridLevel(StrEnum):
    RESPONSIBILITY = "responsibility"  # 责任网格
    MANAGEMENT = "management"  # 管理网格


class DepartmentLevel(StrEnum):
    TOWN = "town"  # 条线职能部门 of the town
    DISTRICT = "district"  # district offices a case can be escalated to


class TeamRole(StrEnum):
    """A grid member's place in the "1+2+3+X" group team."""

    GROUP_LEADER = "group_leader"  # 1: 组长
    PARTY_VOLUNTEER = "party_volunteer"  # 2: 党员志愿者
    VILLAGER_REP = "villager_rep"  # 3: 村民代表
    ENFORCEMENT = "enforcement"  # X: community police, city management, market regulation


class CaseState(StrEnum):
    REPORTED = "reported"  # 待受理: new report awaiting verification
    TO_DISPATCH = "to_dispatch"  # 待派遣: registered, not yet dispatched
    DISPATCHED = "dispatched"  # 处置中: a unit is handling it
    FEEDBACK = "feedback"  # 待核查: the unit fed back, awaiting verification
    CLOSED = "closed"  # 已结案
    REJECTED = "rejected"  # 不予受理
    RETURNED = "returned"  # 退回: the department returned it (not ours)
    ESCALATED = "escalated"  # 抄报区级: with a district department
    POLICE = "police"  # 警务类: forwarded to the police platform
    LONG_TERM = "long_term"  # 挂账: on the long-term register


OPEN_STATES = frozenset(
    {
        CaseState.REPORTED,
        CaseState.TO_DISPATCH,
        CaseState.DISPATCHED,
        CaseState.FEEDBACK,
        CaseState.RETURNED,
        CaseState.ESCALATED,
        CaseState.POLICE,
        CaseState.LONG_TERM,
    }
)


class CaseSource(StrEnum):
    PATROL = "patrol"  # 网格员巡查
    CITIZEN_QR = "citizen_qr"  # 市民扫码
    HOTLINE = "hotline"  # 热线
    CAMERA = "camera"  # 视频/感知设备
    DEPARTMENT = "department"  # 职能部门 (professional reports, e.g. hazards)
    INSPECTION = "inspection"  # 督查


class Role(StrEnum):
    DUTY_OFFICER = "duty_officer"  # 值班员
    SUPERVISOR = "supervisor"  # 督查/考核人员
    MAP_EDITOR = "map_editor"  # 网格编辑员
    DEPARTMENT_LIAISON = "department_liaison"  # 部门联络员
    ADMIN = "admin"  # 系统管理员


# ---------------------------------------------------------------- settings and metadata


class Setting(Base):
    """Key/value settings of this database (demo reference date, town code, ...)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class GeometryColumn(Base):
    """OGC-style registry: which column holds which geometry type in which CRS."""

    __tablename__ = "geometry_columns"
    f_table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    f_geometry_column: Mapped[str] = mapped_column(String(64), primary_key=True)
    geometry_type: Mapped[str] = mapped_column(String(32))
    srid: Mapped[int] = mapped_column(Integer, default=STORAGE_EPSG)


class BBoxMixin:
    """Indexed bounding box (storage CRS) for coarse spatial filtering in plain SQL."""

    min_lon: Mapped[float] = mapped_column(Float)
    min_lat: Mapped[float] = mapped_column(Float)
    max_lon: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)

    def set_bbox(self, geom: BaseGeometry) -> None:
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = geom.bounds


# ---------------------------------------------------------------- the town and its units


class Town(BBoxMixin, Base):
    __tablename__ = "towns"
    id: Mapped[int] = mapped_column(primary_key=True)
    admin_code: Mapped[str] = mapped_column(String(9), unique=True)  # 6-digit county + 3-digit town
    name: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64), default="")
    district: Mapped[str] = mapped_column(String(64), default="")
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    geometry: Mapped[BaseGeometry] = mapped_column(Geometry("MULTIPOLYGON"))


class AdminUnit(Base):
    """A village (村) or residential committee (居委会)."""

    __tablename__ = "admin_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id"))
    kind: Mapped[str] = mapped_column(String(16))
    admin_code: Mapped[str] = mapped_column(String(12), unique=True)  # GB/T 10114 12-digit code
    community_seq: Mapped[int] = mapped_column(Integer)  # CC in grid codes
    name: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64), default="")
    population_registered: Mapped[int] = mapped_column(Integer, default=0)
    population_migrant: Mapped[int] = mapped_column(Integer, default=0)
    population_other: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (UniqueConstraint("town_id", "community_seq"),)


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(128), default="")
    kind: Mapped[str] = mapped_column(String(32), default="other")
    level: Mapped[str] = mapped_column(String(16), default=DepartmentLevel.TOWN)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Grid(BBoxMixin, Base):
    """A responsibility grid (责任网格) or a management grid (管理网格, the unit grid)."""

    __tablename__ = "grids"
    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(16), index=True)
    code: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"), index=True)
    admin_unit_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    leader_name: Mapped[str] = mapped_column(String(32), default="")  # 网格长 / 组长
    leader_phone: Mapped[str] = mapped_column(String(20), default="")
    geometry: Mapped[BaseGeometry] = mapped_column(Geometry("POLYGON"))
    area_m2: Mapped[float] = mapped_column(Float)  # EPSG:4549, refreshed on every geometry edit
    valid_from: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    parent: Mapped[Grid | None] = relationship(remote_side=[id])
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (Index("ix_grids_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),)


class KeyPoint(Base):
    """A QR-coded key point (重点点位). A river is a line; its point is the QR placard."""

    __tablename__ = "key_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    name: Mapped[str] = mapped_column(String(96))
    address: Mapped[str] = mapped_column(String(128), default="")
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    line: Mapped[BaseGeometry | None] = mapped_column(Geometry("LINESTRING"))
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    qr_code: Mapped[str] = mapped_column(String(32), unique=True)
    qr_active: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (Index("ix_key_points_lonlat", "lon", "lat"),)


class Camera(Base):
    __tablename__ = "cameras"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(96))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    centre: Mapped[str] = mapped_column(String(64), default="")  # village governance centre fed
    online: Mapped[bool] = mapped_column(Boolean, default=True)
    __table_args__ = (Index("ix_cameras_lonlat", "lon", "lat"),)


class GridMember(Base):
    """A grid member (网格员) and their role in the "1+2+3+X" team of a grid."""

    __tablename__ = "grid_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32))
    phone: Mapped[str] = mapped_column(String(20), default="")
    team_role: Mapped[str] = mapped_column(String(24))
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    is_grid_leader: Mapped[bool] = mapped_column(Boolean, default=False)  # 网格长, leads patrols
    party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Category(Base):
    """One item of the management checklist (管理清单): decides how a case is handled."""

    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    major: Mapped[str] = mapped_column(String(32))
    major_en: Mapped[str] = mapped_column(String(64), default="")
    name: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(128), default="")
    police: Mapped[bool] = mapped_column(Boolean, default=False)  # 警务类
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    time_limit_hours: Mapped[int] = mapped_column(Integer)  # working hours to close
    dispatch_minutes: Mapped[int] = mapped_column(Integer, default=30)  # clock minutes
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    default_level: Mapped[int] = mapped_column(Integer, default=2)  # 三级响应 1/2/3
    hazard: Mapped[bool] = mapped_column(Boolean, default=False)  # professional hazard item
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(24))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Sign-in security (db/auth.py); failed_count/locked_until change without a version bump.
    failed_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    demo_account: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # ZX20260627-00012
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    source: Mapped[str] = mapped_column(String(16), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    level: Mapped[int] = mapped_column(Integer, default=2)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    police: Mapped[bool] = mapped_column(Boolean, default=False)
    hazard: Mapped[bool] = mapped_column(Boolean, default=False)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    address: Mapped[str] = mapped_column(String(128), default="")
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"), index=True)
    key_point_id: Mapped[int | None] = mapped_column(ForeignKey("key_points.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    reporter_name: Mapped[str] = mapped_column(String(32), default="")
    reporter_phone: Mapped[str] = mapped_column(String(20), default="")
    reported_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    registered_at: Mapped[datetime | None] = mapped_column(DateTime)
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    rework_count: Mapped[int] = mapped_column(Integer, default=0)
    # The duty console (db/cases.py, migration 0003). No foreign keys here on purpose: SQLite
    # adds these with ALTER TABLE, where a table rebuild would cascade-delete case_events.
    claimed_by: Mapped[int | None] = mapped_column(Integer)  # users.id of the officer on it
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    dispatch_due_at: Mapped[datetime | None] = mapped_column(DateTime)  # dispatch_minutes, clock time
    outside_town: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    merged_into_id: Mapped[int | None] = mapped_column(Integer)  # cases.id of the master case
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.at", cascade="all, delete-orphan"
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_cases_state_deadline", "state", "deadline_at"),
        Index("ix_cases_lonlat", "lon", "lat"),
    )


class CaseEvent(Base):
    """One step of a case's timeline: who, at which workstation, when, what changed."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(24))  # report, register, dispatch, feedback, ...
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    workstation: Mapped[str] = mapped_column(String(64), default="")
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str | None] = mapped_column(String(16))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    case: Mapped[Case] = relationship(back_populates="events")


GEOMETRY_REGISTRY = [
    ("towns", "geometry", "MULTIPOLYGON"),
    ("grids", "geometry", "POLYGON"),
    ("key_points", "line", "LINESTRING"),
    ("key_points", "lon/lat", "POINT"),
    ("cameras", "lon/lat", "POINT"),
    ("cases", "lon/lat", "POINT"),
]


# ---------------------------------------------------------------- audit trail and change log


class AuditRecord(Base):
    """One append-only, hash-chained audit record (see db/audit.py)."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(32))
    workstation: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(48), index=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


class AuditHead(Base):
    """The single row that serialises appends to the audit chain."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class ChangeLog(Base):
    """A committed change, in commit order, for other workstations to catch up on."""

    __tablename__ = "change_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    workstation: Mapped[str] = mapped_column(String(64), default="")
