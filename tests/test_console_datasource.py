"""The data-source methods the console uses (db/datasource.py), on SQLite and PostgreSQL:
thin wrappers over db/case_queries, db/handover, db/outbox and db/auth."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from db import case_queries as cq
from db import cases as ops
from db.auth import demo_actor
from db.datasource import ALL_OPEN, DatabaseSource
from db.handover import incoming_officers
from db.session import make_engine, resolve_url

AT = datetime(2026, 11, 27, 9, 30)


def test_console_queries_through_the_source(small_demo_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_url))
    source = DatabaseSource(engine)
    assert source.reference_now() == AT
    counts = source.queue_counts(at=AT)
    # "all open" merges the state queues, sorted as asked, counts included
    snap = source.queue_snapshot(ALL_OPEN, at=AT, sort="deadline_at", limit=1000)
    assert snap.queue == ALL_OPEN and snap.counts == counts
    assert len(snap.rows) == sum(n for k, n in counts.items() if k != "overdue")
    deadlines = [r.deadline_at for r in snap.rows if r.deadline_at is not None]
    assert deadlines == sorted(deadlines)
    page = source.queue_snapshot(ALL_OPEN, at=AT, sort="urgency", limit=10)
    assert len(page.rows) == 10 and [r.urgent for r in page.rows] == sorted((r.urgent for r in page.rows), reverse=True)
    one = source.queue_snapshot("dispatched", at=AT, filters=cq.CaseFilter(levels=(2,)))
    assert one.rows and all(r.state == "dispatched" and r.level == 2 for r in one.rows)
    ids = {r.id for r in snap.rows[:5]}
    assert {r.id for r in source.cases_by_ids(ids, at=AT)} == ids
    detail = source.case_detail(snap.rows[0].id, at=AT)
    assert detail is not None and detail.id == snap.rows[0].id and detail.timeline
    assert source.case_detail(10**9) is None
    assert len(source.departments("town")) == 37 and len(source.departments("district")) > 0
    assert len(source.categories()) == 240
    seq = source.latest_change_seq()
    actor = source.demo_actor("duty_officer", "WS-T")
    assert actor.username == "duty1" and actor.workstation == "WS-T"
    reported = source.queue_snapshot("reported", at=AT).rows[0]
    ops.perform(engine, actor, ops.register_case, reported.id, reported.version)
    assert source.latest_change_seq() > seq
    assert source.suggest_departments(reported.id, at=AT)
    assert source.pending_documents() == [] or all(d.kind == "escalation_sheet" for d in source.pending_documents())
    context = source.handover_context(AT, actor.user_id)
    assert context["shift"].start < AT <= context["shift"].end or context["shift"].end <= AT
    assert context["summary"].still_open > 0
    assert next(o.username for o in context["officers"]) == "duty2"
    assert context["awaiting"] == [] and isinstance(context["recent"], list)
    with Session(engine) as s:
        officers = incoming_officers(s)
    assert {o.username for o in officers} >= {"duty1", "duty2", "admin"}
    assert "editor1" not in {o.username for o in officers}
    assert demo_actor(engine, "map_editor").username == "editor1"
    engine.dispose()
