"""Portable column types.

Geometry is stored as ISO WKB in a binary column (BLOB on SQLite, bytea on PostgreSQL), so
one schema serves both databases without SpatiaLite or PostGIS. The CRS of every geometry
column is recorded in the OGC-style `geometry_columns` table. Spatial filtering uses the
indexed bounding-box columns each spatial table carries, then shapely for the exact test.
"""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class Geometry(TypeDecorator[BaseGeometry]):
    """A shapely geometry stored as WKB."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, geometry_type: str = "GEOMETRY", srid: int = 4490) -> None:
        super().__init__()
        self.geometry_type = geometry_type
        self.srid = srid

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        if not isinstance(value, BaseGeometry):
            raise TypeError(f"expected a shapely geometry, got {type(value).__name__}")
        return bytes(shapely.to_wkb(value, output_dimension=2))

    def process_result_value(self, value: Any, dialect: Dialect) -> BaseGeometry | None:
        if value is None:
            return None
        return shapely.from_wkb(bytes(value))
