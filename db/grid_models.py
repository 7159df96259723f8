"""Grid boundary versions (the map editor, issue 7).

Every commit of the map editor and every committed import is one `GridVersion`: who, at
which workstation, when, the note and the date the new boundaries take effect. For each
grid it touched a `GridVersionChange` keeps the geometry and attributes before and after
(so the history view can draw what changed), and `GridReassignment` lists the key points,
cameras, open cases and grid members that moved to another grid because of it.

A grid is never deleted: closed cases keep the grid they had. A grid merged away (or left
out of an imported layer) gets the level `RETIRED` and no longer counts as a
responsibility or management grid anywhere.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base
from db.types import Geometry

RETIRED = "retired"  # Grid.level of a grid that no longer exists on the map


class GridVersion(Base):
    """One committed set of boundary changes."""

    __tablename__ = "grid_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    effective_date: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16), default="editor")  # editor | import
    source_file: Mapped[str] = mapped_column(String(255), default="")
    grids_changed: Mapped[int] = mapped_column(Integer, default=0)
    key_points_moved: Mapped[int] = mapped_column(Integer, default=0)
    cameras_moved: Mapped[int] = mapped_column(Integer, default=0)
    cases_moved: Mapped[int] = mapped_column(Integer, default=0)
    members_moved: Mapped[int] = mapped_column(Integer, default=0)


class GridVersionChange(Base):
    """One grid's before and after in a version (geometries in EPSG:4490)."""

    __tablename__ = "grid_version_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("grid_versions.id"), index=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # created | reshaped | attributes | retired
    code: Mapped[str] = mapped_column(String(14))
    before_version: Mapped[int | None] = mapped_column(Integer)
    after_version: Mapped[int | None] = mapped_column(Integer)
    before_geometry: Mapped[BaseGeometry | None] = mapped_column(Geometry("POLYGON"))
    after_geometry: Mapped[BaseGeometry | None] = mapped_column(Geometry("POLYGON"))
    before_attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after_attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    area_before_m2: Mapped[float | None] = mapped_column(Float)
    area_after_m2: Mapped[float | None] = mapped_column(Float)


class GridReassignment(Base):
    """A key point, camera, open case or grid member moved to another grid by a version."""

    __tablename__ = "grid_reassignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("grid_versions.id"), index=True)
    entity: Mapped[str] = mapped_column(String(16))  # key_point | camera | case | grid_member
    entity_id: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(96), default="")  # name or case number
    from_grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    to_grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    __table_args__ = (Index("ix_grid_reassignments_entity", "entity", "entity_id"),)


GRID_VERSION_GEOMETRY_COLUMNS = [
    ("grid_version_changes", "before_geometry", "POLYGON"),
    ("grid_version_changes", "after_geometry", "POLYGON"),
]
