"""What the desktop needs from a data source: the protocol the database layer implements.

The desktop never talks SQL; `db.datasource` (SQLite or PostgreSQL) and the test fakes provide
an object with these three methods. This module stays free of Qt so it can be imported
anywhere.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from gis.features import MapData


@runtime_checkable
class DataSource(Protocol):
    def load_map_data(self) -> MapData:
        """Everything the map shows (grids, key points, cameras, open cases), in EPSG:4490."""
        ...

    def describe(self) -> str:
        """One line naming the store, e.g. "SQLite · /root/.local/share/GridDesk/griddesk.db"."""
        ...

    def summary(self) -> dict[str, Any]:
        """Counts as `python main.py summary --json` prints them: keys responsibility_grids,
        management_grids, key_points {shop, enterprise, river, construction_site},
        active_qr_codes, cameras, departments, grid_members, categories, cases_first_half,
        cases_first_half_change_pct, hazard_reports, coverage {gap_m2, overlap_m2, area_km2}."""
        ...
