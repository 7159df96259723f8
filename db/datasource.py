"""The desktop's window onto the database: read-only loaders behind a small interface.

desktop/ never imports SQLAlchemy; it receives an object with these methods (see
desktop/datasource.py for the protocol), so a view can be driven by a fake in tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
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

    # -- the map (db/map_queries.py); optional for other sources, the desktop checks
    def map_search(self, text: str, limit: int = 20) -> list[Any]:
        from db import map_queries

        with Session(self.engine) as session:
            return map_queries.search(session, text, limit)

    def grid_figures(self, level: str = "management") -> Any:
        from db import map_queries

        with Session(self.engine) as session:
            return map_queries.grid_figures(session, level)

    def map_settings(self) -> dict[str, Any]:
        """{"base_map": gis.tiles.BaseMapConfig, "display_epsg": int}"""
        from db import map_queries

        with Session(self.engine) as session:
            return {
                "base_map": map_queries.base_map_config(session),
                "display_epsg": map_queries.display_epsg(session),
            }

    # -- the duty console (desktop/case_queue.py, desktop/console, desktop/live.py); optional
    #    for other sources: the desktop falls back to the map model's cases without them
    def latest_change_seq(self) -> int:
        """The change log's head: read it before loading what a live view shows."""
        from db.changes import latest_seq

        with Session(self.engine) as session:
            return latest_seq(session)

    def queue_snapshot(
        self,
        queue: str,
        *,
        at: datetime | None = None,
        filters: Any = None,
        sort: str = "urgency",
        descending: bool = False,
        limit: int = 200,
    ) -> Any:
        """db.case_queries.queue_snapshot; queue "all" merges the open-state queues."""
        from db import case_queries as cq

        with Session(self.engine) as session:
            if queue != ALL_OPEN:
                return cq.queue_snapshot(
                    session, queue, at=at, filters=filters, sort=sort, descending=descending, limit=limit
                )
            at = at or reference_now(session)
            rows = [
                row
                for q in cq.QUEUE_ORDER
                if q != cq.Queue.OVERDUE
                for row in cq.queue_rows(
                    session, q, at=at, filters=filters, sort=sort, descending=descending, limit=limit
                )
            ]
            counts = cq.queue_counts(session, at=at, filters=filters)
        rows.sort(key=lambda r: _row_key(r, sort), reverse=descending)
        return cq.QueueSnapshot(at=at, queue=ALL_OPEN, counts=counts, rows=rows[:limit])

    def queue_counts(self, *, at: datetime | None = None, filters: Any = None) -> dict[str, int]:
        from db import case_queries as cq

        with Session(self.engine) as session:
            return cq.queue_counts(session, at=at, filters=filters)

    def cases_by_ids(self, ids: Iterable[int], *, at: datetime | None = None) -> list[Any]:
        """Fresh queue rows (db.case_queries.QueueRow) of some cases, open or not."""
        from db import case_queries as cq

        with Session(self.engine) as session:
            return cq.cases_by_ids(session, set(ids), at=at)

    def case_detail(self, case_id: int, *, at: datetime | None = None) -> Any:
        """db.case_queries.CaseDetail (contact masked), or None if the case does not exist."""
        from db import case_queries as cq

        with Session(self.engine) as session:
            return cq.case_detail(session, case_id, at=at)

    def attachment_data(self, attachment_id: int) -> bytes:
        """The stored bytes of a case attachment (db.attachments)."""
        from db.attachments import attachment_data

        with Session(self.engine) as session:
            return attachment_data(session, attachment_id)

    def suggest_departments(self, case_id: int, *, at: datetime | None = None) -> list[Any]:
        from db import case_queries as cq

        with Session(self.engine) as session:
            return cq.suggest_departments(session, case_id, at=at)

    def departments(self, level: str | None = None) -> list[Any]:
        from db import case_queries as cq

        with Session(self.engine) as session:
            return cq.list_departments(session, level)

    def categories(self) -> list[Any]:
        from db import case_queries as cq

        with Session(self.engine) as session:
            return cq.list_categories(session)

    def pending_documents(self, limit: int = 100) -> list[Any]:
        """Escalation sheets still to be rendered (db.outbox.OutboxItem)."""
        from db import outbox

        with Session(self.engine) as session:
            return outbox.pending_documents(session, limit)

    def outbox_messages(self, case_id: int) -> list[Any]:
        from db import outbox

        with Session(self.engine) as session:
            return outbox.list_messages(session, case_id=case_id)

    def handover_context(self, at: datetime, user_id: int | None) -> dict[str, Any]:
        """What the handover dialog shows: {"shift": the shift a handover at `at` closes,
        "summary": its ShiftSummary, "officers": who may take over, "awaiting": handovers
        signed off to `user_id` not yet acknowledged, "recent": the latest handovers}."""
        from db import handover as ho

        with Session(self.engine) as session:
            shift = ho.handover_shift(at, ho.load_shift_pattern(session))
            return {
                "shift": shift,
                "summary": ho.shift_summary(session, shift.start, shift.end, at=at),
                "officers": ho.incoming_officers(session, exclude_user_id=user_id),
                "awaiting": ho.awaiting_acknowledgement(session, user_id) if user_id is not None else [],
                "recent": ho.list_handovers(session, 10),
            }

    def meeting_markers(self, days: int = 14) -> list[Any]:
        """The meetings with a place on the map from today to `days` days ahead
        (db.meetings.MeetingMarker), by the data's clock; optional for other sources."""
        from db.meetings import meeting_markers

        return list(meeting_markers(self.engine, days=days))

    def demo_actor(self, role: str, workstation: str | None = None) -> Any:
        """The Actor a window without a sign-in acts as (db.auth.demo_actor)."""
        from db.auth import demo_actor

        return demo_actor(self.engine, role, workstation)

    def demo_sign_in_enabled(self) -> bool:
        """Whether the sign-in screen may offer the demo accounts (setting security.demo_sign_in)."""
        from db.auth import demo_sign_in_enabled

        with Session(self.engine) as session:
            return demo_sign_in_enabled(session)

    def reference_now(self) -> datetime:
        """The data's clock: the demo's reference time, else the town's wall clock."""
        with Session(self.engine) as session:
            return reference_now(session)


ALL_OPEN = "all"  # the queue of every open case (the console's first tab)


def reference_now(session: Session) -> datetime:
    return queries.reference_time(session)


def _row_key(row: Any, sort: str) -> Any:
    """Python sort key for merging queue pages (mirrors db.case_queries' SQL order)."""
    far = datetime.max
    if sort == "urgency":
        return (not row.urgent, row.reported_at, row.id)
    if sort in ("reported_at", "age"):
        return (row.reported_at, row.id)
    if sort == "deadline_at":
        return (row.deadline_at is None, row.deadline_at or far, row.id)
    field = {
        "number": "number", "grid": "grid_code", "category": "category_code",
        "department": "department_name", "level": "level", "state": "state", "source": "source",
    }.get(sort, "number")
    return (getattr(row, field), row.id)
