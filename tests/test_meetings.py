"""Joint on-site and regular meetings without Qt: recurrence, rating arithmetic (pure), and
on the small demo town (SQLite and PostgreSQL) the conflict rules, next free slots,
follow-up cases, ratings, notices, optimistic locking and the demo meetings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db import meetings as mt
from db import models as m
from db.console_models import Holiday, OutboxMessage
from db.meeting_models import (
    Attendance,
    ExternalParty,
    Frequency,
    HolidayPolicy,
    Meeting,
    MeetingNotice,
    MeetingSeries,
    MeetingStatus,
    NoticeKind,
)
from db.ops import Actor, Conflict, InvalidInput, InvalidTransition, PermissionDenied
from db.session import make_engine, resolve_url
from db.worktime import HolidayCalendar, load_calendar

# ---------------------------------------------------------------- recurrence (pure)


def _rule(**kw: object) -> mt.RecurrenceRule:
    base: dict[str, object] = {
        "frequency": Frequency.WEEKLY,
        "first_day": date(2026, 9, 2),  # a Wednesday
        "start_minute": 8 * 60 + 30,
        "duration_minutes": 60,
        "weekday": 0,
    }
    base.update(kw)
    return mt.RecurrenceRule(**base)  # type: ignore[arg-type]


def test_weekly_starts_on_the_first_matching_weekday_and_stops_at_until() -> None:
    rule = _rule(until_day=date(2026, 10, 5))
    occ = mt.expand_rule(rule, date(2026, 8, 1), date(2026, 12, 1))
    assert [o.day for o in occ] == [date(2026, 9, 7) + timedelta(weeks=i) for i in range(5)]
    assert occ[0].starts_at == datetime(2026, 9, 7, 8, 30) and occ[0].ends_at == datetime(2026, 9, 7, 9, 30)
    # a window inside the series
    assert [o.day for o in mt.expand_rule(rule, date(2026, 9, 15), date(2026, 9, 29))] == [
        date(2026, 9, 21),
        date(2026, 9, 28),
    ]


def test_biweekly_counts_from_the_first_occurrence() -> None:
    rule = _rule(frequency=Frequency.BIWEEKLY, weekday=3)  # Thursdays, every second week
    occ = mt.expand_rule(rule, date(2026, 10, 1), date(2026, 11, 15))
    assert [o.day for o in occ] == [date(2026, 10, 1), date(2026, 10, 15), date(2026, 10, 29), date(2026, 11, 12)]
    assert all((o.day - date(2026, 9, 3)).days % 14 == 0 for o in occ)


def test_monthly_by_day_and_by_nth_weekday() -> None:
    by_day = _rule(frequency=Frequency.MONTHLY, weekday=None, month_day=31, first_day=date(2026, 1, 1))
    days = [o.day for o in mt.expand_rule(by_day, date(2026, 1, 1), date(2026, 5, 1))]
    assert days == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    first_wed = _rule(frequency=Frequency.MONTHLY, weekday=2, month_week=1, first_day=date(2026, 10, 8))
    days = [o.day for o in mt.expand_rule(first_wed, date(2026, 9, 1), date(2027, 1, 1))]
    assert days == [date(2026, 11, 4), date(2026, 12, 2)]  # October's first Wednesday is before first_day
    last_fri = _rule(frequency=Frequency.MONTHLY, weekday=4, month_week=-1, first_day=date(2026, 11, 1))
    assert [o.day for o in mt.expand_rule(last_fri, date(2026, 11, 1), date(2027, 1, 1))] == [
        date(2026, 11, 27),
        date(2026, 12, 25),
    ]


def test_exceptions_and_holiday_policies() -> None:
    cal = HolidayCalendar(
        holidays=frozenset(date(2026, 10, d) for d in range(1, 8)),
        workdays=frozenset({date(2026, 10, 10)}),
        names={date(2026, 10, 5): "国庆节"},
    )
    window = (date(2026, 9, 28), date(2026, 10, 20))
    moved = mt.expand_rule(_rule(holiday_policy=HolidayPolicy.NEXT_WORKING_DAY), *window, cal)
    assert [(o.day, o.starts_at.date(), o.moved) for o in moved] == [
        (date(2026, 9, 28), date(2026, 9, 28), False),
        (date(2026, 10, 5), date(2026, 10, 8), True),  # the holiday's Monday moves to Thursday
        (date(2026, 10, 12), date(2026, 10, 12), False),
        (date(2026, 10, 19), date(2026, 10, 19), False),
    ]
    skipped = mt.expand_rule(_rule(holiday_policy=HolidayPolicy.SKIP), *window, cal)
    assert date(2026, 10, 5) not in [o.day for o in skipped] and len(skipped) == 3
    kept = mt.expand_rule(_rule(holiday_policy=HolidayPolicy.KEEP), *window, cal)
    assert [o.holiday for o in kept if o.day == date(2026, 10, 5)] == ["国庆节"]
    ex = mt.expand_rule(_rule(exdates=frozenset({date(2026, 10, 12)})), *window, cal)
    assert date(2026, 10, 12) not in [o.day for o in ex]
    # an occurrence moved into the window from before it is found
    late = mt.expand_rule(_rule(holiday_policy=HolidayPolicy.NEXT_WORKING_DAY), date(2026, 10, 8), date(2026, 10, 9), cal)
    assert [o.day for o in late] == [date(2026, 10, 5)]


def test_invalid_rules_are_refused() -> None:
    with pytest.raises(InvalidInput):
        mt.validate_rule(_rule(weekday=None))
    with pytest.raises(InvalidInput):
        mt.validate_rule(_rule(frequency=Frequency.MONTHLY, weekday=1, month_week=5))
    with pytest.raises(InvalidInput):
        mt.validate_rule(_rule(until_day=date(2026, 1, 1)))
    with pytest.raises(InvalidInput):
        mt.validate_rule(_rule(duration_minutes=5))
    assert mt.rule_text(_rule()) == "weekly on Monday at 08:30, 60 min"


# ---------------------------------------------------------------- rating arithmetic (pure)


def test_rating_points() -> None:
    assert mt.rating_points(Attendance.PRESENT, 5) == 100.0
    assert mt.rating_points(Attendance.PRESENT, 1) == 20.0
    assert mt.rating_points(Attendance.LATE, 4) == 70.0
    assert mt.rating_points(Attendance.DEPUTY, 4) == 75.0
    assert mt.rating_points(Attendance.LATE, 0) == 0.0  # never below zero
    assert mt.rating_points(Attendance.ABSENT, 5) == 0.0  # absent scores nothing
    assert mt.rating_points(Attendance.ABSENT, None) == 0.0
    assert mt.rating_points(Attendance.PRESENT, None) is None  # unrated: not counted


def test_aggregate_ratings() -> None:
    rows = [
        (1, Attendance.PRESENT, 5),
        (1, Attendance.LATE, 4),
        (1, Attendance.PRESENT, None),
        (2, Attendance.ABSENT, None),
        (2, Attendance.DEPUTY, 3),
        (3, Attendance.PRESENT, None),
    ]
    out = {r.department_id: r for r in mt.aggregate_ratings(rows, {1: ("A", "town"), 2: ("B", "district")})}
    assert out[1].meetings == 3 and out[1].rated == 2 and out[1].mean_stars == 4.5
    assert out[1].score == 85.0  # (100 + 70) / 2
    assert (out[1].present, out[1].late) == (2, 1)
    assert out[2].score == 27.5  # (0 + 55) / 2
    assert out[2].absent == 1 and out[2].deputy == 1 and out[2].mean_stars == 3.0
    assert out[3].score is None and out[3].name == "#3"
    assert [r.department_id for r in mt.aggregate_ratings(rows, {})] == [1, 2, 3]  # best first, unscored last


# ---------------------------------------------------------------- on the small demo town


@pytest.fixture
def engine(small_demo_url: str) -> Iterator[Engine]:
    e = make_engine(resolve_url(small_demo_url))
    yield e
    e.dispose()


def _actor(engine: Engine, username: str) -> Actor:
    with Session(engine) as s:
        u = s.execute(select(m.User).where(m.User.username == username)).scalar_one()
        return Actor(u.id, u.username, u.role, u.display_name, "test-ws", u.department_id)


def _dept(engine: Engine, code: str) -> int:
    with Session(engine) as s:
        return int(s.execute(select(m.Department.id).where(m.Department.code == code)).scalar_one())


def _free_day(engine: Engine, weekday: int, weeks_ahead: int = 3) -> date:
    """A working day with `weekday` some weeks after the meeting clock (clear of the demo)."""
    day = mt.meeting_clock(engine).date() + timedelta(weeks=weeks_ahead)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    with Session(engine) as s:
        while s.get(Holiday, day) is not None:
            day += timedelta(weeks=1)
    return day


def _key_points(engine: Engine, n: int) -> list[m.KeyPoint]:
    with Session(engine) as s:
        return list(s.execute(select(m.KeyPoint).where(m.KeyPoint.kind == "shop").order_by(m.KeyPoint.id).limit(n)).scalars())


def _draft(engine: Engine, start: datetime, kp: m.KeyPoint, *codes: str, minutes: int = 90) -> mt.MeetingDraft:
    with Session(engine) as s:
        unit = s.get(m.Grid, kp.grid_id).admin_unit_id  # type: ignore[union-attr]
    return mt.MeetingDraft(
        kind="joint_onsite",
        title=f"约请会 {kp.name}",
        starts_at=start,
        duration_minutes=minutes,
        requesting_unit_id=unit,
        parties=[mt.PartyRef("department", _dept(engine, c)) for c in codes],
        key_point_id=kp.id,
        origin="key_point",
    )


def _create(engine: Engine, actor: Actor, draft: mt.MeetingDraft, **kw: object) -> int:
    changes = mt.perform(engine, actor, mt.create_meeting, draft, **kw)  # type: ignore[arg-type]
    (mid,) = changes.ids("meeting")
    return mid


def test_conflict_rules(engine: Engine) -> None:
    duty = _actor(engine, "duty1")
    kp1, kp2, kp3 = _key_points(engine, 3)
    tue = _free_day(engine, 1)
    first = _create(engine, duty, _draft(engine, datetime.combine(tue, time(9, 30)), kp1, "D07", "Q06"))

    # the same department at an overlapping time, elsewhere
    clash = _draft(engine, datetime.combine(tue, time(10, 0)), kp2, "D07", "D03")
    report = mt.check_draft(engine, clash)
    kinds = [(w.kind, w.party_name) for w in report.warnings]
    assert ("party_busy", "镇房屋管理办公室") in kinds
    assert all(w.other_key == f"m{first}" for w in report.warnings if w.kind == "party_busy")
    assert report.suggestions, "next free slots are offered"
    with Session(engine) as s:
        calendar = load_calendar(s)
    for slot in report.suggestions:
        assert slot.starts_at >= clash.starts_at
        assert calendar.is_working_day(slot.starts_at.date())
        assert (slot.ends_at - slot.starts_at) == timedelta(minutes=90)
        assert not mt.check_draft(engine, _draft(engine, slot.starts_at, kp2, "D07", "D03"), suggestions=0).blocking
    assert report.suggestions[0].starts_at == datetime.combine(tue, time(13, 0))  # the first free afternoon

    with pytest.raises(mt.MeetingConflicts) as err:
        mt.perform(engine, duty, mt.create_meeting, clash)
    assert "镇房屋管理办公室" in str(err.value) and err.value.report.suggestions
    second = _create(engine, duty, clash, acknowledge_conflicts=True)
    with Session(engine) as s:
        row = s.get(Meeting, second)
        assert row is not None and row.acknowledged_warnings[0]["kind"] == "party_busy"

    # the place: the same key point, another department, touching times do not clash
    same_place = _draft(engine, datetime.combine(tue, time(10, 30)), kp1, "D02")
    # the requesting committee is the same too (the key point's)
    assert [w.kind for w in mt.check_draft(engine, same_place).warnings] == ["party_busy", "place_busy"]
    same_place.requesting_unit_id, same_place.kind = None, "consultation"
    assert [w.kind for w in mt.check_draft(engine, same_place).warnings] == ["place_busy"]
    touching = _draft(engine, datetime.combine(tue, time(11, 0)), kp1, "D02", minutes=60)
    assert not mt.check_draft(engine, touching).warnings
    # ... a point a few metres away, or the same place name, is the same place
    near = mt.MeetingDraft(
        "consultation", "协商会", datetime.combine(tue, time(10, 0)), 60, None,
        [mt.PartyRef("department", _dept(engine, "D09"))], lon=kp1.lon + 0.0002, lat=kp1.lat,
    )
    assert [w.kind for w in mt.check_draft(engine, near).warnings] == ["place_busy"]
    named = mt.MeetingDraft(
        "consultation", "协商会", datetime.combine(tue, time(10, 0)), 60, None,
        [mt.PartyRef("department", _dept(engine, "D09"))], place_name=f" {kp1.name} ",
    )
    assert [w.kind for w in mt.check_draft(engine, named).warnings] == ["place_busy"]

    # an update does not clash with itself; a cancelled meeting clashes with nothing
    draft, version = mt.meeting_draft(engine, first)
    assert version == 1
    assert {w.other_key for w in mt.check_draft(engine, draft, meeting_id=first).warnings} == {f"m{second}"}
    mt.perform(engine, duty, mt.cancel_meeting, second, 1, "部门另有安排")
    assert not [w for w in mt.check_draft(engine, draft, meeting_id=first).warnings if w.kind == "party_busy"]

    # holidays (from the calendar table), weekends, office hours and the past
    thu = tue + timedelta(days=2)
    with Session(engine) as s, s.begin():
        s.add(Holiday(day=thu, kind="holiday", name="测试假日"))
    holiday = mt.check_draft(engine, _draft(engine, datetime.combine(thu, time(9, 30)), kp3, "D09"))
    assert [(w.kind, w.holiday_name) for w in holiday.warnings] == [("holiday", "测试假日")]
    assert all(sl.starts_at.date() != thu for sl in holiday.suggestions)
    sat = tue + timedelta(days=4)
    assert [w.kind for w in mt.check_draft(engine, _draft(engine, datetime.combine(sat, time(9, 30)), kp3, "D09")).warnings] == ["non_working_day"]
    evening = mt.check_draft(engine, _draft(engine, datetime.combine(tue, time(18, 0)), kp3, "D09"))
    assert [w.kind for w in evening.warnings] == ["outside_hours"] and not evening.blocking
    past = mt.check_draft(engine, _draft(engine, mt.meeting_clock(engine) - timedelta(days=1), kp3, "D09"))
    assert "past" in [w.kind for w in past.warnings]


def test_series_occurrences_take_part_in_the_rules(engine: Engine) -> None:
    duty = _actor(engine, "duty1")
    (kp,) = _key_points(engine, 1)
    thu = _free_day(engine, 3)
    rule = mt.RecurrenceRule(Frequency.WEEKLY, thu - timedelta(weeks=1), 10 * 60, 60, weekday=3)
    series = mt.SeriesDraft("regular", "片区例会", rule, parties=[mt.PartyRef("department", _dept(engine, "D33"))], place_name="片区会议室")
    assert not mt.check_series(engine, series)
    (sid,) = mt.perform(engine, duty, mt.create_series, series).ids("meeting_series")
    report = mt.check_draft(engine, _draft(engine, datetime.combine(thu, time(10, 30)), kp, "D33"))
    assert [w.other_key for w in report.warnings] == [f"s{sid}:{thu.isoformat()}"]
    # the same rule again clashes with itself on every occurrence
    with pytest.raises(mt.MeetingConflicts):
        mt.perform(engine, duty, mt.create_series, series)

    week = mt.calendar_week(engine, thu - timedelta(days=3))
    occ = [x for x in week.meetings if x.series_id == sid]
    assert len(occ) == 1 and occ[0].virtual and occ[0].starts_at == datetime.combine(thu, time(10, 0))

    # skip one (an exception), open the next one for recording
    mt.perform(engine, duty, mt.skip_occurrence, sid, thu, "与区级会议冲突")
    assert not [x for x in mt.calendar_week(engine, thu - timedelta(days=3)).meetings if x.series_id == sid]
    nxt = thu + timedelta(weeks=1)
    changes = mt.perform(engine, duty, mt.open_occurrence, sid, nxt)
    (mid,) = changes.ids("meeting")
    again = mt.perform(engine, duty, mt.open_occurrence, sid, nxt)
    assert again.ids("meeting") == {mid}
    week = mt.calendar_week(engine, nxt - timedelta(days=3))
    occ = [x for x in week.meetings if x.series_id == sid]
    assert [(x.meeting_id, x.virtual) for x in occ] == [(mid, False)]
    with pytest.raises(InvalidInput):
        mt.perform(engine, duty, mt.skip_occurrence, sid, nxt, "")
    mt.perform(engine, duty, mt.end_series, sid, _series_version(engine, sid), nxt)
    assert not [x for x in mt.calendar_week(engine, nxt + timedelta(days=4)).meetings if x.series_id == sid]


def _series_version(engine: Engine, sid: int) -> int:
    with Session(engine) as s:
        row = s.get(MeetingSeries, sid)
        assert row is not None
        return row.version


def _meeting_today(engine: Engine, actor: Actor, *codes: str, external: bool = False) -> int:
    """A meeting that started half an hour ago (so it can be checked in and minuted)."""
    (kp,) = _key_points(engine, 1)
    start = mt.meeting_clock(engine).replace(second=0, microsecond=0) - timedelta(minutes=30)
    draft = _draft(engine, start, kp, *codes)
    if external:
        with Session(engine) as s:
            x = s.execute(select(ExternalParty).order_by(ExternalParty.id)).scalars().first()
            assert x is not None
            draft.parties.append(mt.PartyRef("external", x.id))
    return _create(engine, actor, draft, acknowledge_conflicts=True)


def test_on_the_day_follow_up_cases_and_ratings(engine: Engine) -> None:
    duty = _actor(engine, "duty1")
    mid = _meeting_today(engine, duty, "D02", "D07", "Q06", external=True)
    detail = mt.meeting_detail(engine, mid)
    parties = {p.name: p for p in detail.parties}
    assert detail.summary.requesting_unit in parties and parties[detail.summary.requesting_unit].role == "requester"
    assert len(detail.notices) == len(detail.parties)  # one invitation each
    assert {n.kind for n in detail.notices} == {NoticeKind.INVITATION}

    # attendance
    statuses = {"镇城管执法中队": "present", "镇房屋管理办公室": "late", "青浦区房管局": "deputy"}
    with pytest.raises(InvalidInput):
        p = parties["青浦区房管局"]
        mt.perform(engine, duty, mt.record_attendance, p.id, p.version, "deputy")  # the deputy's name is needed
    for p in detail.parties:
        status = statuses.get(p.name, "present")
        mt.perform(engine, duty, mt.record_attendance, p.id, p.version, status, attendee_name="陆科长" if status == "deputy" else "")
    stale = parties["镇城管执法中队"]
    with pytest.raises(Conflict):
        mt.perform(engine, duty, mt.record_attendance, stale.id, stale.version, "absent")

    # minutes, decision, follow-ups that become cases
    v = mt.meeting_detail(engine, mid).summary.version
    with pytest.raises(InvalidInput):
        mt.perform(engine, duty, mt.finish_meeting, mid, v)  # no minutes yet
    mt.perform(engine, duty, mt.save_minutes, mid, v, "与会各方现场查看并议定整改措施。")
    with pytest.raises(Conflict) as err:
        mt.perform(engine, duty, mt.save_minutes, mid, v, "另一台工作站的纪要")
    assert "duty1" in str(err.value) and "test-ws" in str(err.value)
    mt.perform(engine, duty, mt.add_decision, mid, "城管中队一周内清理占道堆物。")
    detail = mt.meeting_detail(engine, mid)
    deadline = datetime.combine(mt.meeting_clock(engine).date() + timedelta(days=7), time(17, 30))
    with Session(engine) as s:
        cat = s.execute(select(m.Category).where(m.Category.code == "0701")).scalar_one()
    town = mt.perform(
        engine, duty, mt.add_follow_up, mid, "清理占道堆物", _dept(engine, "D02"), deadline,
        category_id=cat.id, owner_name="张队", decision_id=detail.decisions[0].id,
    )
    district = mt.perform(
        engine, duty, mt.add_follow_up, mid, "督促开发商落实保修责任", _dept(engine, "Q06"), deadline + timedelta(days=7),
        category_id=cat.id,
    )
    assert town.ids("outbox") and district.ids("outbox")
    with Session(engine) as s:
        (cid,) = town.ids("case")
        c = s.get(m.Case, cid)
        assert c is not None
        assert (c.state, c.department_id, c.deadline_at, c.source) == ("dispatched", _dept(engine, "D02"), deadline, "department")
        assert [e.kind for e in c.events] == ["report", "register", "dispatch"]
        assert f"meeting {mid}" in (c.events[-1].note or "")
        (did,) = district.ids("case")
        d = s.get(m.Case, did)
        assert d is not None and d.state == "escalated" and d.level == 3 and d.department_id == _dept(engine, "Q06")
        actions = s.execute(
            select(m.AuditRecord.action).where(m.AuditRecord.entity == "meeting", m.AuditRecord.entity_id == mid)
        ).scalars().all()
        assert {"meeting_create", "meeting_attendance", "meeting_minutes", "meeting_decision", "meeting_follow_up"} <= set(actions)
    fus = mt.meeting_detail(engine, mid).follow_ups
    assert [(f.title, f.case_state, f.owner_name) for f in fus] == [
        ("清理占道堆物", "dispatched", "张队"),
        ("督促开发商落实保修责任", "escalated", ""),
    ]
    with pytest.raises(InvalidInput):  # a deadline in the past
        mt.perform(engine, duty, mt.add_follow_up, mid, "x", _dept(engine, "D02"), datetime(2020, 1, 1), category_id=cat.id)
    # a supervisor may schedule but not dispatch: the follow-up is refused, nothing is left behind
    with pytest.raises(PermissionDenied):
        mt.perform(engine, _actor(engine, "supervisor1"), mt.add_follow_up, mid, "y", _dept(engine, "D02"), deadline, category_id=cat.id)
    assert len(mt.meeting_detail(engine, mid).follow_ups) == 2

    # ratings by the requesting committee
    detail = mt.meeting_detail(engine, mid)
    for p in detail.parties:
        if p.kind == "department":
            mt.perform(engine, duty, mt.rate_department, p.id, p.version, {"镇城管执法中队": 5, "镇房屋管理办公室": 4, "青浦区房管局": 3}[p.name])
        else:
            with pytest.raises(InvalidInput):
                mt.perform(engine, duty, mt.rate_department, p.id, p.version, 5)
    with pytest.raises(InvalidInput):
        p = next(p for p in detail.parties if p.kind == "department")
        mt.perform(engine, duty, mt.rate_department, p.id, p.version + 1, 6)
    clock = mt.meeting_clock(engine)
    ratings = {r.name: r for r in mt.department_ratings(engine, clock - timedelta(days=1), clock + timedelta(days=1))}
    assert ratings["镇城管执法中队"].score == 100.0
    assert ratings["镇房屋管理办公室"].score == 70.0  # 4 stars, late
    assert ratings["青浦区房管局"].score == 55.0  # 3 stars, deputy
    scores = mt.department_unit_scores(engine, clock - timedelta(days=1), clock + timedelta(days=1))
    unit = mt.meeting_detail(engine, mid).summary.requesting_unit_id
    assert (_dept(engine, "D02"), unit, 100.0, 1) in scores

    # close the meeting
    v = mt.meeting_detail(engine, mid).summary.version
    mt.perform(engine, duty, mt.finish_meeting, mid, v)
    detail = mt.meeting_detail(engine, mid)
    assert detail.summary.status == MeetingStatus.HELD
    with pytest.raises(InvalidTransition):
        mt.perform(engine, duty, mt.cancel_meeting, mid, detail.summary.version, "too late")


def test_future_meetings_refuse_check_in_and_ratings(engine: Engine) -> None:
    duty = _actor(engine, "duty1")
    (kp,) = _key_points(engine, 1)
    mid = _create(engine, duty, _draft(engine, datetime.combine(_free_day(engine, 1), time(14, 0)), kp, "D02"))
    p = next(p for p in mt.meeting_detail(engine, mid).parties if p.kind == "department")
    with pytest.raises(InvalidTransition):
        mt.perform(engine, duty, mt.record_attendance, p.id, p.version, "present")
    with pytest.raises(InvalidTransition):
        mt.perform(engine, duty, mt.rate_department, p.id, p.version, 5)
    with pytest.raises(PermissionDenied):  # a department liaison may check in, not schedule
        mt.perform(engine, _actor(engine, "liaison1"), mt.create_meeting, _draft(engine, datetime.combine(_free_day(engine, 2), time(9, 30)), kp, "D02"))


def test_update_cancel_and_notices(engine: Engine) -> None:
    duty = _actor(engine, "duty1")
    kp1, kp2 = _key_points(engine, 2)
    tue = _free_day(engine, 1)
    mid = _create(engine, duty, _draft(engine, datetime.combine(tue, time(9, 30)), kp1, "D02"))
    draft, version = mt.meeting_draft(engine, mid)
    draft.starts_at = datetime.combine(tue, time(14, 0))
    draft.parties.append(mt.PartyRef("department", _dept(engine, "D03")))
    changes = mt.perform(engine, duty, mt.update_meeting, mid, version, draft)
    with Session(engine) as s:
        kinds = sorted(
            (n.kind, n.party_id is not None)
            for n in s.execute(select(MeetingNotice).where(MeetingNotice.meeting_id == mid)).scalars()
        )
        assert [k for k, _ in kinds].count("invitation") == 3  # 2 first, 1 for the new party
        assert [k for k, _ in kinds].count("change") == 2  # the time moved: the first two are told
        msgs = s.execute(select(OutboxMessage).where(OutboxMessage.id.in_(changes.ids("outbox")))).scalars().all()
        assert all(msg.payload["meeting_id"] == mid and msg.payload["notice"].startswith("meeting_") for msg in msgs)
    with pytest.raises(Conflict):
        mt.perform(engine, duty, mt.update_meeting, mid, version, draft)
    with pytest.raises(InvalidInput):
        mt.perform(engine, duty, mt.cancel_meeting, mid, version + 1, "  ")
    mt.perform(engine, duty, mt.cancel_meeting, mid, version + 1, "改期")
    detail = mt.meeting_detail(engine, mid)
    assert detail.summary.status == "cancelled" and detail.cancel_reason == "改期"
    assert sum(1 for n in detail.notices if n.kind == "cancellation") == 3
    doc = mt.notice_document(engine, mid, "cancellation")
    assert doc["title"] == detail.summary.title and len(doc["parties"]) == 3
    # invalid drafts
    bad = _draft(engine, datetime.combine(tue, time(9, 30)), kp2)
    with pytest.raises(InvalidInput):
        mt.perform(engine, duty, mt.create_meeting, bad)  # nobody invited
    bad = _draft(engine, datetime.combine(tue, time(9, 30)), kp2, "D02")
    bad.title = " "
    with pytest.raises(InvalidInput):
        mt.perform(engine, duty, mt.create_meeting, bad)
    nowhere = mt.MeetingDraft("consultation", "协商会", datetime.combine(tue, time(9, 30)), 60, None, [mt.PartyRef("department", 2)])
    with pytest.raises(InvalidInput):
        mt.perform(engine, duty, mt.create_meeting, nowhere)


def test_reminders_and_reading_queries(engine: Engine) -> None:
    duty = _actor(engine, "duty1")
    clock = mt.meeting_clock(engine)
    changes = mt.perform(engine, duty, mt.queue_reminders, hours_ahead=24 * 7)
    assert changes.ids("outbox")
    again = mt.perform(engine, duty, mt.queue_reminders, hours_ahead=24 * 7)
    assert not again.ids("outbox")  # once per meeting
    upcoming = mt.upcoming_meetings(engine, 14)
    assert upcoming and all(u.ends_at > clock and u.status != "cancelled" for u in upcoming)
    assert [u.starts_at for u in upcoming] == sorted(u.starts_at for u in upcoming)
    markers = mt.meeting_markers(engine)
    assert markers and all(-180 <= mk.lon <= 180 for mk in markers)
    picks = mt.pick_lists(engine)
    assert len(picks.town_departments) == 37 and picks.district_offices and len(picks.admin_units) == 25
    assert len(picks.key_points) == 451 and picks.external_parties
    d = mt.draft_from_grid(engine, 1)
    assert d.lon is not None and d.requesting_unit_id is not None and d.origin == "grid"


def test_demo_meetings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    # the demo's story is told as of its reference morning: on the wall clock of a later hour
    # (or day) its "this afternoon" meetings would already have begun
    from tests.conftest import SMALL_DEMO_REFERENCE

    monkeypatch.setattr(mt, "now", lambda: datetime.fromisoformat(SMALL_DEMO_REFERENCE))
    with Session(engine) as s:
        hz = s.execute(select(Meeting).where(Meeting.title.like("华中苑%"))).scalar_one()
        assert hz.status == MeetingStatus.HELD and hz.origin == "case" and hz.origin_case_id is not None
        names = {p.name for p in hz.parties}
        assert {"青浦区房管局", "镇房屋管理办公室", "镇城管执法中队", "赵巷市场监管所"} <= names
        assert {"上海华中物业管理有限公司", "上海华中置业发展有限公司"} <= names
        assert len(hz.decisions) == 4 and len(hz.follow_ups) == 4
        assert all(s.get(m.Case, f.case_id).state == "closed" for f in hz.follow_ups)  # type: ignore[union-attr]
        wall = s.get(m.Case, hz.origin_case_id)
        assert wall is not None and wall.state == "closed" and wall.closed_at is not None
        kinds = {x.kind: x for x in s.execute(select(MeetingSeries)).scalars()}
        assert kinds["regular"].frequency == "weekly" and kinds["party_joint"].frequency == "monthly"
    clock = mt.meeting_clock(engine)
    monday = clock.date() - timedelta(days=clock.weekday())
    this_week = mt.calendar_week(engine, monday).meetings
    next_week = mt.calendar_week(engine, monday + timedelta(days=7)).meetings
    assert sum(1 for x in this_week + next_week if x.kind == "joint_onsite" and x.starts_at > clock) >= 3
    assert any(x.conflicts for x in this_week + next_week), "the demo shows a double-booked department"
    assert any(x.series_id and x.virtual for x in next_week), "the weekly work meeting recurs"
    ratings = mt.department_ratings(engine, clock - timedelta(days=200), clock)
    assert ratings and ratings[0].score is not None
