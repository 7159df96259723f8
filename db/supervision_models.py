"""Tables of supervision and assessment (issue 9): patrol records (巡查记录), biweekly
inspections (督查), photo/attachment metadata, assessment cycles (双月考核 and year-end), the
villages' and residential committees' ratings of the town departments, the assessment
weights, and the daily case roll-up the statistics dashboard reads (db/stats.py).

Conventions as in db/models.py: naive town time, shapely geometries in EPSG:4490 stored as
WKB with an indexed bounding box, `version` for optimistic locking where records are edited.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models import Base, Case
from db.types import Geometry


class PatrolSlot(StrEnum):
    """Grid leaders patrol twice a day: a patrol starting before noon is the morning one."""

    MORNING = "morning"  # 上午巡查
    AFTERNOON = "afternoon"  # 下午巡查


class FindingOutcome(StrEnum):
    ON_SPOT = "on_spot"  # 即发现、即处置: fixed on the spot, no case
    CASE = "case"  # became a case (new or an existing one)
    NOTED = "noted"  # noted for follow-up


class InspectionStatus(StrEnum):
    RECORDED = "recorded"


class AgendaKind(StrEnum):
    """What an inspection agenda item points at."""

    CASE = "case"  # an unfinished or overdue case
    KEY_POINT = "key_point"  # a key point with repeated problems
    GRID = "grid"  # a responsibility grid with missed patrols
    TEAM = "team"  # a grid's "1+2+3+X" team to check


class ItemResult(StrEnum):
    OK = "ok"  # checked, in order
    PROBLEM = "problem"  # checked, a problem found (see the findings)
    NOT_CHECKED = "not_checked"


class CycleKind(StrEnum):
    BIMONTHLY = "bimonthly"  # 双月考核: period 1..6 = Jan-Feb .. Nov-Dec
    YEAR_END = "year_end"  # 年终考核: period 0


class CycleStatus(StrEnum):
    OPEN = "open"
    FINALISED = "finalised"  # results frozen (tied to pay and ranking)


# ---------------------------------------------------------------- patrols


class Patrol(Base):
    """One patrol (巡查) of a responsibility grid led by its grid leader (网格长)."""

    __tablename__ = "patrols"
    id: Mapped[int] = mapped_column(primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"))  # a responsibility grid
    day: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(16))  # PatrolSlot
    leader_member_id: Mapped[int | None] = mapped_column(ForeignKey("grid_members.id"))
    leader_name: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime] = mapped_column(DateTime)
    route: Mapped[BaseGeometry | None] = mapped_column(Geometry("LINESTRING"))
    route_length_m: Mapped[float] = mapped_column(Float, default=0.0)  # EPSG:4549
    min_lon: Mapped[float | None] = mapped_column(Float)
    min_lat: Mapped[float | None] = mapped_column(Float)
    max_lon: Mapped[float | None] = mapped_column(Float)
    max_lat: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    members: Mapped[list[PatrolMember]] = relationship(
        back_populates="patrol", cascade="all, delete-orphan", order_by="PatrolMember.id"
    )
    findings: Mapped[list[PatrolFinding]] = relationship(
        back_populates="patrol", cascade="all, delete-orphan", order_by="PatrolFinding.seq"
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_patrols_day_grid", "day", "grid_id"),
        Index("ix_patrols_grid_day", "grid_id", "day"),
    )


class PatrolMember(Base):
    """Someone who walked the patrol with the leader (a grid member, or a named helper)."""

    __tablename__ = "patrol_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    patrol_id: Mapped[int] = mapped_column(ForeignKey("patrols.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("grid_members.id"))
    name: Mapped[str] = mapped_column(String(32))
    team_role: Mapped[str] = mapped_column(String(24), default="")

    patrol: Mapped[Patrol] = relationship(back_populates="members")


class PatrolFinding(Base):
    """Something the patrol found: fixed on the spot, noted, or a case (new or existing)."""

    __tablename__ = "patrol_findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    patrol_id: Mapped[int] = mapped_column(ForeignKey("patrols.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=1)
    description: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    outcome: Mapped[str] = mapped_column(String(16), default=FindingOutcome.NOTED)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    key_point_id: Mapped[int | None] = mapped_column(ForeignKey("key_points.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    found_at: Mapped[datetime | None] = mapped_column(DateTime)

    patrol: Mapped[Patrol] = relationship(back_populates="findings")


# ---------------------------------------------------------------- inspections


class Inspection(Base):
    """A biweekly inspection (督查), every second Thursday afternoon, led by a town leader."""

    __tablename__ = "inspections"
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime] = mapped_column(DateTime)
    leader_name: Mapped[str] = mapped_column(String(64))  # the town leader leading it
    leader_title: Mapped[str] = mapped_column(String(64), default="")
    participants: Mapped[str] = mapped_column(Text, default="")
    route: Mapped[BaseGeometry | None] = mapped_column(Geometry("LINESTRING"))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=InspectionStatus.RECORDED)
    agenda: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the proposal it started from
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_by_name: Mapped[str] = mapped_column(String(64), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    items: Mapped[list[InspectionItem]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="InspectionItem.seq"
    )
    findings: Mapped[list[InspectionFinding]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="InspectionFinding.seq"
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class InspectionItem(Base):
    """One agenda item of an inspection and what the inspection made of it."""

    __tablename__ = "inspection_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(16))  # AgendaKind
    ref_id: Mapped[int | None] = mapped_column(Integer)  # case / key point / grid id
    title: Mapped[str] = mapped_column(String(160))
    reason: Mapped[str] = mapped_column(String(160), default="")
    result: Mapped[str] = mapped_column(String(16), default=ItemResult.NOT_CHECKED)
    note: Mapped[str] = mapped_column(Text, default="")

    inspection: Mapped[Inspection] = relationship(back_populates="items")
    __table_args__ = (Index("ix_inspection_items_kind_ref", "kind", "ref_id"),)


class InspectionFinding(Base):
    """A problem the inspection found; most become cases (source 督查)."""

    __tablename__ = "inspection_findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer, default=1)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_items.id"))
    description: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    key_point_id: Mapped[int | None] = mapped_column(ForeignKey("key_points.id"))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(16), default=FindingOutcome.CASE)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)

    inspection: Mapped[Inspection] = relationship(back_populates="findings")


class Attachment(Base):
    """Metadata of a photo or file attached to a patrol, an inspection or one of their
    findings; the file itself stays where the workstation stored it (`stored_path`)."""

    __tablename__ = "supervision_attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_kind: Mapped[str] = mapped_column(
        String(24)
    )  # patrol, patrol_finding, inspection, inspection_finding
    owner_id: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(64), default="image/jpeg")
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    stored_path: Mapped[str] = mapped_column(String(512), default="")
    caption: Mapped[str] = mapped_column(String(255), default="")
    taken_at: Mapped[datetime | None] = mapped_column(DateTime)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    __table_args__ = (Index("ix_supervision_attachments_owner", "owner_kind", "owner_id"),)


# ---------------------------------------------------------------- assessment


class AssessmentCycle(Base):
    """A bimonthly assessment cycle (period 1..6) or the year-end assessment (period 0).
    A finalised cycle keeps the weights and results it was decided with."""

    __tablename__ = "assessment_cycles"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # CycleKind
    period: Mapped[int] = mapped_column(Integer)  # 1..6 bimonthly, 0 year-end
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)  # exclusive
    status: Mapped[str] = mapped_column(String(16), default=CycleStatus.OPEN)
    weights: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # frozen at finalisation
    results: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # frozen at finalisation
    finalised_at: Mapped[datetime | None] = mapped_column(DateTime)
    finalised_by: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        UniqueConstraint("year", "kind", "period", name="uq_assessment_cycles_year_kind_period"),
    )


class DepartmentRating(Base):
    """A village's or residential committee's score (0-100) of a town department in a cycle."""

    __tablename__ = "department_ratings"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("assessment_cycles.id", ondelete="CASCADE"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    admin_unit_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"))
    score: Mapped[float] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text, default="")
    rated_by: Mapped[str] = mapped_column(String(64), default="")
    rated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        UniqueConstraint(
            "cycle_id",
            "department_id",
            "admin_unit_id",
            name="uq_department_ratings_cycle_dept_unit",
        ),
    )


class AssessmentWeight(Base):
    """The weight of one part of a department's total score (they sum to 1)."""

    __tablename__ = "assessment_weights"
    metric: Mapped[str] = mapped_column(String(32), primary_key=True)
    weight: Mapped[float] = mapped_column(Float)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


# ---------------------------------------------------------------- the statistics roll-up


class CaseStatsDaily(Base):
    """Cases reported per day by one dimension (dim: all, category, source, grid,
    department, hazard: hazard reports by category; key: the code or id as text, "" for
    all), and their monthly sums (dim "m:<dim>", day = the first of the month). Kept current by
    db.stats.refresh_case_stats from the change log, so the dashboard reads a few thousand
    rows instead of scanning every case."""

    __tablename__ = "case_stats_daily"
    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    key: Mapped[str] = mapped_column(String(24), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class CaseStatsState(Base):
    """Where the roll-up stands: the last change-log sequence and case id it has seen."""

    __tablename__ = "case_stats_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_change_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_case_id: Mapped[int] = mapped_column(Integer, default=0)
    case_count: Mapped[int] = mapped_column(Integer, default=0)
    refreshed_at: Mapped[datetime | None] = mapped_column(DateTime)


# ---------------------------------------------------------------- indexes on cases

# The professional hazard reports (a few hundred among a million cases) by date.
Index("ix_cases_hazard_reported", Case.hazard, Case.reported_at)
# The dashboard's filtered case lists: by source / department / grid, newest first.
Index("ix_cases_source_reported", Case.source, Case.reported_at)
Index("ix_cases_department_reported", Case.department_id, Case.reported_at)
Index("ix_cases_grid_reported", Case.grid_id, Case.reported_at)
