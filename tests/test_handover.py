"""Shift handover (db/handover.py): shift patterns, the shift summary computed in SQL
against hand-made timelines and the demo town, sign-off and acknowledgement."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from db import handover as H
from db import models as m
from db.console_models import ShiftHandover
from db.ops import Actor, Conflict, InvalidInput, InvalidTransition, PermissionDenied, run_operation
from db.permissions import Permission
from db.session import make_engine, resolve_url
from tests.test_case_queries import add_case, tiny_town

DAY = date(2026, 11, 27)


# ---------------------------------------------------------------- shifts


def test_default_shifts_of_a_duty_day() -> None:
    day, night = H.shifts_of_day(DAY)
    assert (day.name, day.start, day.end) == ("day", datetime(2026, 11, 27, 8, 30), datetime(2026, 11, 27, 17, 30))
    assert (night.name, night.start, night.end) == ("night", datetime(2026, 11, 27, 17, 30), datetime(2026, 11, 28, 8, 30))
    assert H.shift_at(datetime(2026, 11, 28, 3, 0)) == night  # after midnight: still the 27th's night
    assert H.shift_at(datetime(2026, 11, 27, 8, 30)) == day
    assert H.shift_at(datetime(2026, 11, 27, 8, 29)).duty_date == date(2026, 11, 26)
    # which shift a handover closes: the running one near its end, the last one just after it
    assert H.handover_shift(datetime(2026, 11, 27, 17, 20)) == day
    assert H.handover_shift(datetime(2026, 11, 27, 17, 45)) == day
    assert H.handover_shift(datetime(2026, 11, 28, 8, 20)) == night
    assert H.handover_shift(datetime(2026, 11, 28, 8, 40)) == night


def test_custom_patterns_are_validated() -> None:
    three = (
        H.ShiftDef("early", time(8, 0), time(16, 0)),
        H.ShiftDef("late", time(16, 0), time(0, 0)),
        H.ShiftDef("night", time(0, 0), time(8, 0)),
    )
    shifts = H.shifts_of_day(DAY, H.validate_pattern(three))
    assert [(s.start.hour, s.end.hour, s.end.date()) for s in shifts] == [
        (8, 16, DAY), (16, 0, DAY + timedelta(days=1)), (0, 8, DAY + timedelta(days=1)),
    ]
    assert H.shift_at(datetime(2026, 11, 28, 2, 0), three).name == "night"
    assert H.shift_at(datetime(2026, 11, 28, 2, 0), three).duty_date == DAY
    assert H.pattern_from_json(H.pattern_to_json(three)) == three
    with pytest.raises(InvalidInput, match="ends at"):
        H.validate_pattern([H.ShiftDef("a", time(8, 0), time(16, 0)), H.ShiftDef("b", time(17, 0), time(8, 0))])
    with pytest.raises(InvalidInput, match="name"):
        H.validate_pattern([H.ShiftDef("a", time(8, 0), time(20, 0)), H.ShiftDef("a", time(20, 0), time(8, 0))])


# ---------------------------------------------------------------- the summary, by hand


def _event(engine: Engine, case_id: int, kind: str, at: datetime) -> None:
    with Session(engine) as s, s.begin():
        s.add(m.CaseEvent(case_id=case_id, at=at, kind=kind, actor_name="x", workstation="w"))


@pytest.fixture
def tiny(db_url: str) -> Any:
    engine, ids = tiny_town(db_url)
    yield engine, ids
    engine.dispose()


def test_shift_summary_hand_computed(tiny: Any) -> None:
    engine, ids = tiny
    start, end = datetime(2026, 11, 27, 8, 30), datetime(2026, 11, 27, 17, 30)
    inside, before = start + timedelta(hours=1), start - timedelta(minutes=1)
    a = add_case(engine, ids, "S-01", "closed", reported_at=inside, deadline_at=end)
    b = add_case(engine, ids, "S-02", "dispatched", reported_at=inside, deadline_at=start + timedelta(hours=2))
    c = add_case(engine, ids, "S-03", "escalated", reported_at=before, deadline_at=end + timedelta(days=1))
    d = add_case(engine, ids, "S-04", "to_dispatch", reported_at=end, urgent=True, deadline_at=end + timedelta(hours=1))
    add_case(engine, ids, "S-05", "long_term", reported_at=before, deadline_at=start)
    add_case(engine, ids, "S-06", "reported", reported_at=inside, urgent=True, deadline_at=start)
    for kind in ("register", "dispatch", "feedback", "close"):
        _event(engine, a, kind, inside)
    for kind in ("register", "dispatch", "return", "redispatch"):
        _event(engine, b, kind, inside + timedelta(minutes=5))
    _event(engine, c, "register", before)  # before the shift: not counted
    _event(engine, c, "escalate", inside)
    _event(engine, d, "register", end)  # at the end: the next shift's
    with Session(engine) as s:
        sm = H.shift_summary(s, start, end, at=end, notes="交接说明")
    assert sm.received == 3  # S-01, S-02, S-06 (S-04 came in at the end, S-03/S-05 before)
    assert (sm.registered, sm.dispatched, sm.returned, sm.feedback, sm.closed, sm.escalated) == (2, 3, 1, 1, 1, 1)
    assert (sm.rejected, sm.forwarded_police, sm.reworked, sm.merged, sm.handled_on_spot) == (0, 0, 0, 0, 0)
    assert sm.still_open == 4  # S-02, S-03, S-04, S-06 (long-term and closed excluded)
    assert sm.overdue == 2  # S-02 and S-06 at 17:30
    assert sm.long_term == 1 and sm.urgent_open == 2
    assert [u.number for u in sm.urgent_cases] == ["S-06", "S-04"]  # nearest deadline first
    assert sm.notes == "交接说明"
    js = sm.as_json()
    assert js["start"] == "2026-11-27 08:30:00" and js["urgent_cases"][0]["number"] == "S-06"
    with pytest.raises(InvalidInput), Session(engine) as s:
        H.shift_summary(s, end, start)


def test_hand_over_and_acknowledge(tiny: Any) -> None:
    engine, ids = tiny
    u = ids["users"]
    duty1 = Actor(u["duty1"], "duty1", "duty_officer", "duty1 名", "ws-1")
    duty2 = Actor(u["duty2"], "duty2", "duty_officer", "duty2 名", "ws-2")
    start, end = datetime(2026, 11, 20, 8, 30), datetime(2026, 11, 20, 17, 30)  # a past shift
    add_case(engine, ids, "S-01", "dispatched", reported_at=start + timedelta(hours=1), deadline_at=start)

    def hand(actor: Actor, incoming: int, **kw: Any) -> Any:
        return run_operation(engine, actor, Permission.SHIFT_HANDOVER, H.hand_over_shift, incoming, **kw)

    with pytest.raises(PermissionDenied):
        run_operation(engine, Actor(u["supervisor1"], "supervisor1", "supervisor"), Permission.VIEW, H.hand_over_shift, u["duty2"])
    with pytest.raises(InvalidInput, match="cannot take over"):
        hand(duty1, u["liaison1"], shift_start=start, shift_end=end)
    with pytest.raises(InvalidInput, match="someone else"):
        hand(duty1, u["duty1"], shift_start=start, shift_end=end)
    changes = hand(duty1, u["duty2"], shift_start=start, shift_end=end, shift_name="day", notes="S-01 需跟进")
    (hid,) = changes.ids("shift_handover")
    with pytest.raises(InvalidTransition, match="already handed over"):
        hand(duty1, u["duty2"], shift_start=start, shift_end=end)
    with Session(engine) as s:
        pending = H.awaiting_acknowledgement(s, u["duty2"])
        assert [p.id for p in pending] == [hid]
        h = pending[0]
        assert h.outgoing_name == "duty1 名" and h.outgoing_workstation == "ws-1" and h.incoming_name == "duty2 名"
        assert h.status == "signed_off" and h.summary["received"] == 1 and h.summary["overdue"] == 1
        assert h.summary["notes"] == "S-01 需跟进" and h.notes == "S-01 需跟进"
    with pytest.raises(PermissionDenied, match="only they"):
        run_operation(engine, duty1, Permission.SHIFT_HANDOVER, H.acknowledge_handover, hid, h.version)
    with pytest.raises(Conflict):
        run_operation(engine, duty2, Permission.SHIFT_HANDOVER, H.acknowledge_handover, hid, h.version + 5)
    run_operation(engine, duty2, Permission.SHIFT_HANDOVER, H.acknowledge_handover, hid, h.version, note="已阅")
    with pytest.raises(InvalidTransition, match="already acknowledged"):
        run_operation(engine, duty2, Permission.SHIFT_HANDOVER, H.acknowledge_handover, hid, h.version + 1)
    with Session(engine) as s:
        done = H.handover(s, hid)
        assert done is not None and done.status == "acknowledged" and done.acknowledged_workstation == "ws-2"
        assert done.acknowledge_note == "已阅" and done.signed_off_at is not None and done.acknowledged_at is not None
        assert [x.id for x in H.list_handovers(s)] == [hid]
        assert H.awaiting_acknowledgement(s, u["duty2"]) == []
        actions = s.execute(
            select(m.AuditRecord.action).where(m.AuditRecord.entity == "shift_handover").order_by(m.AuditRecord.seq)
        ).scalars().all()
        assert actions == ["shift_handover", "shift_handover_acknowledged"]
    # without a window, the handover closes the shift the clock says
    changes = hand(duty2, u["duty1"])
    with Session(engine) as s:
        row = s.get(ShiftHandover, next(iter(changes.ids("shift_handover"))))
        assert row is not None and row.shift_name in ("day", "night") and row.shift_end - row.shift_start > timedelta(hours=8)


def test_shift_pattern_setting(tiny: Any) -> None:
    engine, _ = tiny
    admin = Actor(None, "admin", "admin", "管理员", "ws")
    with Session(engine) as s:
        assert H.load_shift_pattern(s) == H.DEFAULT_PATTERN
    three = [
        H.ShiftDef("早班", time(8, 0), time(16, 0)),
        H.ShiftDef("中班", time(16, 0), time(0, 0)),
        H.ShiftDef("夜班", time(0, 0), time(8, 0)),
    ]
    run_operation(engine, admin, Permission.SETTINGS_ADMIN, H.set_shift_pattern, three)
    with Session(engine) as s:
        assert H.load_shift_pattern(s) == tuple(three)
    with pytest.raises(InvalidInput):
        run_operation(engine, admin, Permission.SETTINGS_ADMIN, H.set_shift_pattern, three[:2])
    with pytest.raises(PermissionDenied):
        run_operation(engine, Actor(1, "duty1", "duty_officer"), Permission.VIEW, H.set_shift_pattern, three)


# ---------------------------------------------------------------- against the demo town


def test_summary_matches_the_timeline_on_the_demo_town(small_demo_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_url))
    start, end = datetime(2026, 11, 26, 8, 30), datetime(2026, 11, 26, 17, 30)
    with Session(engine) as s:
        sm = H.shift_summary(s, start, end, at=end)
        events = s.execute(
            select(m.CaseEvent.kind, func.count()).where(m.CaseEvent.at >= start, m.CaseEvent.at < end).group_by(m.CaseEvent.kind)
        ).all()
        by_kind = dict(events)
        received = s.execute(
            select(func.count()).select_from(m.Case).where(m.Case.reported_at >= start, m.Case.reported_at < end)
        ).scalar_one()
    assert sm.received == received and received > 50
    assert sm.registered == by_kind.get("register", 0) > 0
    assert sm.dispatched == by_kind.get("dispatch", 0) + by_kind.get("redispatch", 0)
    assert sm.closed == by_kind.get("close", 0) and sm.escalated == by_kind.get("escalate", 0)
    assert sm.forwarded_police == by_kind.get("forward_police", 0)
    assert sm.handled_on_spot == by_kind.get("handle_on_spot", 0)
    assert sm.still_open > 0 and sm.overdue <= sm.still_open
    engine.dispose()
