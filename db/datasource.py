"""The desktop's window onto the database: read-only loaders behind a small interface.

desktop/ never imports SQLAlchemy; it receives an object with these methods (see
desktop/datasource.py for the protocol), so a view can be driven by a fake in tests.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db import queries
from db.session import describe_url
from gis.features import MapData


class DatabaseSource:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def describe(self) -> str:
        return describe_url(self.engine.url)

    def load_map_data(self) -> MapData:
        with Session(self.engine) as session:
            return queries.load_map_data(session)

    def summary(self) -> dict[str, Any]:
        with Session(self.engine) as session:
            return queries.summary(session)
