"""Patrol records and completion, missed patrols, the inspection calendar and agenda,
inspections whose findings become cases, on SQLite and PostgreSQL; the demo's history."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from shapely.geometry import LineString
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import models as m
from db.audit import verify_chain
from db.ops import InvalidInput, InvalidTransition, NotFound, PermissionDenied, run_operation
from db.permissions import Permission
from db.session import make_engine, resolve_url
from db.supervision import (
    DEFAULT_INSPECTION_ANCHOR,
    FindingInput,
    InspectionInput,
    InspectionItemInput,
    PatrolInput,
    expected_slots,
    finding_to_case,
    grid_team,
    inspection_days,
    inspection_detail,
    list_inspections,
    missed_patrol_grids,
    next_inspection_day,
    patrol_completion,
    patrols_of,
    propose_agenda,
    record_inspection,
    record_patrol,
)
from db.supervision_models import Attachment, Patrol, PatrolFinding
from tests.supervision_town import (
    DUTY,
    SUPERVISOR,
    Town,
    add_case,
    build_town,
    day,
    inside,
    route_in,
)

REC = Permission.SUPERVISION_RECORD


@pytest.fixture
def town(db_url: str) -> Town:
    return build_town(db_url)


def _patrol(town: Town, start: datetime, minutes: int = 90, **kw: object) -> set[int]:
    p = PatrolInput(grid_id=kw.pop("grid_id", town.r1), started_at=start, ended_at=start + timedelta(minutes=minutes), **kw)  # type: ignore[arg-type]
    return run_operation(town.engine, SUPERVISOR, REC, record_patrol, p).ids("patrol")


# ---------------------------------------------------------------- patrols


def test_record_a_patrol_with_findings_that_become_cases(town: Town) -> None:
    existing = add_case(town, day(2026, 11, 26, 8, 50), state="dispatched", department=town.t01)
    x, y = inside(0, 0.6, 0.4)
    p = PatrolInput(
        grid_id=town.r1,
        started_at=day(2026, 11, 26, 8, 30),
        ended_at=day(2026, 11, 26, 10, 0),
        member_ids=(town.volunteer, town.rep),
        extra_members=("物业 孙经理",),
        route=route_in(0),
        notes="雨后巡查",
        findings=(
            FindingInput("店外占道经营", category_id=town.cat_a, lon=x, lat=y, make_case=True,
                         found_at=day(2026, 11, 26, 9, 10)),
            FindingInput("垃圾箱满溢，已联系保洁", outcome="on_spot"),
            FindingInput("见已有案件", case_id=existing),
            FindingInput("门口堆物", category_id=town.cat_b, key_point_id=town.kp1, make_case=True),
        ),
    )
    changes = run_operation(town.engine, SUPERVISOR, REC, record_patrol, p)
    (pid,) = changes.ids("patrol")
    assert len(changes.ids("case")) == 3
    with Session(town.engine) as s:
        patrol = s.get(Patrol, pid)
        assert patrol is not None
        assert (patrol.leader_name, patrol.slot, patrol.day) == ("张网格", "morning", date(2026, 11, 26))
        assert [mm.name for mm in patrol.members] == ["李志愿", "王代表", "物业 孙经理"]
        assert 1150 < patrol.route_length_m < 1350  # two legs: ~571 m east, ~666 m north
        new = s.execute(select(m.Case).where(m.Case.id.in_(changes.ids("case") - {existing}))).scalars().all()
        assert {c.source for c in new} == {"patrol"}
        assert {c.state for c in new} == {"reported"}
        assert {c.grid_id for c in new} == {town.m1}
        assert sorted(c.reported_at for c in new) == [day(2026, 11, 26, 8, 30), day(2026, 11, 26, 9, 10)]
        assert {c.key_point_id for c in new} == {None, town.kp1}
        assert [f.outcome for f in patrol.findings] == ["case", "on_spot", "case", "case"]
        assert verify_chain(s).ok
    rows = patrols_of(Session(town.engine), date(2026, 11, 26), date(2026, 11, 27))
    assert len(rows) == 1 and len(rows[0].findings) == 4 and rows[0].findings[2].case_id == existing


def test_patrol_input_is_checked(town: Town) -> None:
    start = day(2026, 11, 26, 8, 30)
    cases = [
        (dict(grid_id=town.m1), "management grid"),
        (dict(minutes=-10), "end after it starts"),
        (dict(minutes=60 * 13), "at most 12 hours"),
        (dict(route=LineString([inside(0, 0.2, 0.2), inside(1, 0.8, 0.8)])), "leaves R1网格"),
        (dict(route=LineString([inside(0), inside(0)])), "draw it again"),
        (dict(member_ids=(99999,)), "not in the team"),
        (dict(findings=(FindingInput("  "),)), "finding 1"),
        (dict(findings=(FindingInput("乱停车", make_case=True),)), "checklist category"),
        (dict(findings=(FindingInput("乱停车", outcome="case"),)), "fixed on the spot"),
    ]
    for kw, message in cases:
        with pytest.raises(InvalidInput, match=message):
            _patrol(town, start, **kw)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="future"):
        _patrol(town, datetime(2099, 1, 1, 8))
    _patrol(town, start)
    with pytest.raises(InvalidInput, match="already recorded from 08:30 to 10:00"):
        _patrol(town, start + timedelta(minutes=30))
    with pytest.raises(PermissionDenied):
        run_operation(town.engine, DUTY, REC, record_patrol, PatrolInput(town.r1, start, start + timedelta(hours=1)))
    with Session(town.engine) as s:
        assert s.execute(select(func.count()).select_from(Patrol)).scalar_one() == 1
        assert s.execute(select(func.count()).select_from(m.Case)).scalar_one() == 0


def test_completion_and_missed_patrols(town: Town) -> None:
    d1, d2, d3 = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)
    _patrol(town, datetime.combine(d1, datetime.min.time()) + timedelta(hours=8))
    _patrol(town, datetime.combine(d1, datetime.min.time()) + timedelta(hours=14))
    _patrol(town, datetime.combine(d1, datetime.min.time()) + timedelta(hours=16))  # a third one: still 2/2
    _patrol(town, datetime.combine(d2, datetime.min.time()) + timedelta(hours=15))  # afternoon only
    _patrol(town, datetime.combine(d2, datetime.min.time()) + timedelta(hours=9), grid_id=town.r2)
    _patrol(town, datetime.combine(d2, datetime.min.time()) + timedelta(hours=13), grid_id=town.r2)
    as_of = datetime(2026, 11, 26, 13, 0)
    assert [expected_slots(d, as_of) for d in (d1, d2, d3, date(2026, 11, 27))] == [2, 2, 1, 0]
    with Session(town.engine) as s:
        pc = patrol_completion(s, d1, d3 + timedelta(days=1), as_of)
        assert pc.days == [d1, d2, d3]
        assert (pc.done[(town.r1, d1)], pc.records[(town.r1, d1)]) == (2, 3)
        assert [pc.missed(town.r1, d) for d in pc.days] == [0, 1, 1]
        assert [pc.missed(town.r2, d) for d in pc.days] == [2, 0, 1]
        assert pc.due_total == 10 and pc.done_total == 5 and pc.completion_rate == 0.5
        assert pc.missed_total() == 5 and pc.missed_total(town.r2) == 3
        assert missed_patrol_grids(s, d1, as_of) == {town.r2: 2}
        assert missed_patrol_grids(s, d2, as_of) == {town.r1: 1}
        assert missed_patrol_grids(s, d3, as_of) == {town.r1: 1, town.r2: 1}
        assert missed_patrol_grids(s, d3, datetime(2026, 11, 26, 11, 0)) == {}
        assert [t.name for t in grid_team(s, town.r1)][:1] == ["张网格"]


# ---------------------------------------------------------------- the inspection calendar and agenda


def test_inspection_calendar() -> None:
    assert DEFAULT_INSPECTION_ANCHOR.weekday() == 3  # a Thursday
    days = inspection_days(DEFAULT_INSPECTION_ANCHOR, date(2026, 11, 1), date(2026, 12, 31))
    assert days == [date(2026, 11, 5), date(2026, 11, 19), date(2026, 12, 3), date(2026, 12, 17)]
    assert all(d.weekday() == 3 for d in days)
    assert all((b - a).days == 14 for a, b in itertools.pairwise(days))


def test_agenda_proposal(town: Town) -> None:
    as_of = datetime(2026, 11, 27, 9, 30)
    # overdue: the most overdue first; a long-term case is never "overdue"
    very = add_case(town, day(2026, 11, 1), state="dispatched", department=town.t01, deadline=day(2026, 11, 3))
    add_case(town, day(2026, 11, 20), state="dispatched", department=town.t02, deadline=day(2026, 11, 24))
    add_case(town, day(2026, 11, 26), state="dispatched", deadline=day(2026, 11, 30))  # not yet due
    old = add_case(town, day(2026, 9, 1), state="long_term", deadline=day(2026, 9, 3))
    add_case(town, day(2026, 8, 1), state="closed", deadline=day(2026, 8, 3), closed=day(2026, 8, 2))
    # a key point with 3 cases in 30 days, another with 2
    for d in (3, 10, 20):
        add_case(town, day(2026, 11, d), key_point=town.kp1)
    # patrols: R1 all done since the last inspection (19 Nov), R2 none
    with Session(town.engine) as s:
        assert next_inspection_day(s, date(2026, 11, 27)) == date(2026, 12, 3)
    for i in range(8):
        d0 = datetime(2026, 11, 19, 8) + timedelta(days=i)
        _patrol(town, d0)
        _patrol(town, d0 + timedelta(hours=6))
    with Session(town.engine) as s:
        agenda = propose_agenda(s, date(2026, 12, 3), as_of)
    assert agenda.since == date(2026, 11, 19)
    by_reason: dict[str, list] = {}
    for item in agenda.items:
        by_reason.setdefault(item.reason, []).append(item)
    overdue = by_reason["overdue"]
    assert overdue[0].ref_id == very
    assert len(overdue) == 2 and overdue[0].figures["days_overdue"] == 24
    assert overdue[0].figures["department"] == "城管中队"
    assert [i.ref_id for i in by_reason["long_unfinished"]] == [old]
    (kp,) = by_reason["repeated_problems"]
    assert (kp.ref_id, kp.figures["cases"]) == (town.kp1, 3)
    grids = by_reason["missed_patrols"]
    # 19..26 Nov are due (8 days x 2) and the morning of the 27th is not yet: R2 missed 16
    assert [(g.ref_id, g.figures["missed"]) for g in grids] == [(town.r2, 16)]
    teams = by_reason["team_check"]
    assert {t.ref_id for t in teams} == {town.r1, town.r2}
    assert agenda.as_json()["items"][0]["reason"] == "overdue"


# ---------------------------------------------------------------- inspections


def test_inspection_findings_become_cases(town: Town) -> None:
    overdue = add_case(town, day(2026, 11, 1), state="dispatched", department=town.t01, deadline=day(2026, 11, 3))
    with Session(town.engine) as s:
        agenda = propose_agenda(s, date(2026, 11, 19), datetime(2026, 11, 19, 13, 0))
    items = tuple(
        InspectionItemInput(
            i.kind, i.ref_id, i.title, i.reason, "problem" if (i.kind, i.ref_id) == ("case", overdue) else "ok"
        )
        for i in agenda.items
    )
    case_item = next(n for n, i in enumerate(items, start=1) if (i.kind, i.ref_id) == ("case", overdue))
    team_item = next(n for n, i in enumerate(items, start=1) if i.kind == "team")
    ins = InspectionInput(
        started_at=datetime(2026, 11, 19, 14, 0),
        ended_at=datetime(2026, 11, 19, 17, 0),
        leader_name="沈建国",
        leader_title="镇党委副书记",
        participants="督查办、城管中队",
        route=LineString([inside(0, 0.1, 0.1), inside(1, 0.9, 0.9)]),
        summary="督查超期案件与网格巡查",
        items=items,
        findings=(
            FindingInput("超期未办结", item_seq=case_item),  # the agenda's case itself
            FindingInput("小区门口垃圾堆放", category_id=town.cat_b, item_seq=team_item, make_case=True),
            FindingInput("消防通道堵塞", category_id=town.cat_h, lon=inside(1)[0], lat=inside(1)[1],
                         make_case=True, department_id=town.t01),
            FindingInput("宣传栏破损，已记录", outcome="noted", grid_id=town.r1),
        ),
        agenda=agenda.as_json(),
    )
    changes = run_operation(town.engine, SUPERVISOR, REC, record_inspection, ins)
    (iid,) = changes.ids("inspection")
    new_cases = changes.ids("case") - {overdue}
    assert len(new_cases) == 2 and overdue in changes.ids("case")
    with Session(town.engine) as s:
        new = s.execute(select(m.Case).where(m.Case.id.in_(new_cases))).scalars().all()
        assert {c.source for c in new} == {"inspection"}
        assert {c.state for c in new} == {"reported"}
        assert {c.hazard for c in new} == {False, True}
        assert {c.grid_id for c in new} == {town.m1, town.m2}
        detail = inspection_detail(s, iid)
        assert detail.leader_title == "镇党委副书记" and detail.agenda is not None
        assert [f.outcome for f in detail.findings] == ["case", "case", "case", "noted"]
        assert detail.findings[0].case_id == overdue and detail.findings[0].department_name == "城管中队"
        assert [i.result for i in detail.items].count("problem") == 1
        (row,) = list_inspections(s)
        assert (row.items, row.problems, row.findings, row.cases) == (len(items), 1, 4, 3)
    # a noted finding can become a case later
    noted = detail.findings[3]
    more = run_operation(town.engine, SUPERVISOR, REC, finding_to_case, "inspection", noted.id, town.cat_a)
    assert len(more.ids("case")) == 1
    with pytest.raises(InvalidTransition):
        run_operation(town.engine, SUPERVISOR, REC, finding_to_case, "inspection", noted.id, town.cat_a)
    with pytest.raises(NotFound):
        run_operation(town.engine, SUPERVISOR, REC, finding_to_case, "patrol", 4242, town.cat_a)


def test_inspection_input_is_checked(town: Town) -> None:
    t0 = datetime(2026, 11, 19, 14, 0)
    ok = dict(started_at=t0, ended_at=t0 + timedelta(hours=3), leader_name="沈建国")
    bad = [
        (dict(ok, leader_name=" "), "town leader"),
        (dict(ok, ended_at=t0 + timedelta(days=1)), "same day"),
        (dict(ok, items=(InspectionItemInput("shop", 1, "x"),)), "unknown kind"),
        (dict(ok, items=(InspectionItemInput("case", 1, "x", result="maybe"),)), "result"),
        (dict(ok, findings=(FindingInput("x", item_seq=3),)), "does not exist"),
        (dict(ok, findings=(FindingInput("x", make_case=True, category_id=town.cat_a),)), "where it is"),
    ]
    for kw, message in bad:
        with pytest.raises(InvalidInput, match=message):
            run_operation(town.engine, SUPERVISOR, REC, record_inspection, InspectionInput(**kw))  # type: ignore[arg-type]
    photo = dict(ok, photos=())
    from db.supervision import AttachmentInput

    photo["photos"] = (AttachmentInput("IMG_0001.jpg", size_bytes=2048, caption="现场"),)
    (iid,) = run_operation(town.engine, SUPERVISOR, REC, record_inspection, InspectionInput(**photo)).ids("inspection")  # type: ignore[arg-type]
    with Session(town.engine) as s:
        assert [a.file_name for a in inspection_detail(s, iid).attachments] == ["IMG_0001.jpg"]
        assert s.execute(select(func.count()).select_from(Attachment)).scalar_one() == 1


# ---------------------------------------------------------------- the demo's history


def test_demo_supervision_history(small_demo_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_url))
    ref = datetime(2026, 11, 27, 9, 30)
    with Session(engine) as s:
        n_patrols = s.execute(select(func.count()).select_from(Patrol)).scalar_one()
        expected = 29 * 2 * 60  # 60 whole days (plus none yet on the reference morning)
        assert 0.95 * expected <= n_patrols <= expected
        pc = patrol_completion(s, ref.date() - timedelta(days=60), ref.date(), ref)
        assert 0.95 <= (pc.completion_rate or 0) <= 0.99  # about 3% missed
        missed = missed_patrol_grids(s, ref.date() - timedelta(days=1), ref)
        assert all(1 <= v <= 2 for v in missed.values())
        linked = s.execute(
            select(func.count()).select_from(PatrolFinding).where(PatrolFinding.case_id.is_not(None))
        ).scalar_one()
        assert linked > 100
        rows = patrols_of(s, ref.date() - timedelta(days=1), ref.date())
        assert rows and all(r.route is not None and r.route_length_m > 100 for r in rows)
        inspections = list_inspections(s)
        assert 12 <= len(inspections) <= 14
        assert all(i.held_on.weekday() == 3 and i.started_at.hour >= 13 for i in inspections)
        assert all(i.items >= 3 for i in inspections)
        agenda = propose_agenda(s, as_of=ref)
        assert agenda.held_on == date(2026, 12, 3) and agenda.since == inspections[0].held_on
        assert {i.reason for i in agenda.items} >= {"overdue", "missed_patrols", "team_check"}
