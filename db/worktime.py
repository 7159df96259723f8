"""Working-time arithmetic for case deadlines.

A case's time limit (处置时限) counts working hours: Monday to Friday, 08:30-12:00 and
13:00-17:30 (8 hours a day), skipping the holidays of the configured calendar. Urgent
categories count clock hours instead, and every case must be dispatched within its
category's `dispatch_minutes` of clock time (the duty room is staffed 24 hours).

The calendar lives in the `holidays` table (seeded with the 2025 and 2026 public holidays
and make-up working days by migration 0003): `load_calendar(session)` reads it, and the
`set_calendar_day` / `remove_calendar_day` operations change it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.ops import ChangeSet, OperationContext

WORK_PERIODS: tuple[tuple[time, time], ...] = ((time(8, 30), time(12, 0)), (time(13, 0), time(17, 30)))
HOURS_PER_DAY = 8.0


def is_working_day(day: date, holidays: Collection[date] = (), workdays: Collection[date] = ()) -> bool:
    """`workdays` are the weekend days China makes up for a holiday (调休上班)."""
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_hours(
    start: datetime,
    hours: float,
    holidays: Collection[date] = (),
    workdays: Collection[date] = (),
) -> datetime:
    """The moment `hours` working hours after `start`."""
    if hours < 0:
        raise ValueError("hours must not be negative")
    remaining = timedelta(hours=hours)
    # whole working days first, so long limits do not walk period by period
    day = start.date()
    cursor = start
    while True:
        if is_working_day(day, holidays, workdays):
            for begin, end in WORK_PERIODS:
                p_start = datetime.combine(day, begin)
                p_end = datetime.combine(day, end)
                if cursor >= p_end:
                    continue
                s = max(cursor, p_start)
                available = p_end - s
                if remaining <= available:
                    return s + remaining
                remaining -= available
                cursor = p_end
        day += timedelta(days=1)
        cursor = datetime.combine(day, time(0, 0))
        if remaining > timedelta(hours=HOURS_PER_DAY * 3):
            # skip ahead over full days that are certainly working days
            while is_working_day(day, holidays, workdays) and remaining > timedelta(hours=HOURS_PER_DAY):
                remaining -= timedelta(hours=HOURS_PER_DAY)
                day += timedelta(days=1)
                cursor = datetime.combine(day, time(0, 0))


# ---------------------------------------------------------------- the calendar in the database


@dataclass(frozen=True, slots=True)
class HolidayCalendar:
    """The configured calendar: public holidays and make-up working days (调休上班)."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    names: Mapping[date, str] = field(default_factory=dict)

    def is_working_day(self, day: date) -> bool:
        return is_working_day(day, self.holidays, self.workdays)

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        return add_working_hours(start, hours, self.holidays, self.workdays)

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        return working_hours_between(start, end, self.holidays, self.workdays)


def working_hours_between(
    start: datetime,
    end: datetime,
    holidays: Collection[date] = (),
    workdays: Collection[date] = (),
) -> float:
    """Working hours from `start` to `end` (negative when `end` is earlier): how much of a
    working-hour time limit is left or overdue."""
    if end < start:
        return -working_hours_between(end, start, holidays, workdays)
    total = timedelta(0)
    day = start.date()
    while day <= end.date():
        if is_working_day(day, holidays, workdays):
            for begin, finish in WORK_PERIODS:
                s = max(start, datetime.combine(day, begin))
                e = min(end, datetime.combine(day, finish))
                if e > s:
                    total += e - s
        day += timedelta(days=1)
    return total.total_seconds() / 3600.0


def case_deadline(
    start: datetime,
    time_limit_hours: float,
    *,
    urgent: bool,
    calendar: HolidayCalendar | None = None,
) -> datetime:
    """When a case reported at `start` must be closed: urgent categories count clock hours
    (a duty room is staffed around the clock), the others working hours on the calendar."""
    if urgent:
        return start + timedelta(hours=time_limit_hours)
    cal = calendar or HolidayCalendar()
    return cal.add_working_hours(start, time_limit_hours)


def dispatch_due(start: datetime, dispatch_minutes: int) -> datetime:
    """When a case must be dispatched: `dispatch_minutes` clock minutes after the report."""
    return start + timedelta(minutes=dispatch_minutes)


def load_calendar(session: Session) -> HolidayCalendar:
    """The holiday calendar stored in the database (table `holidays`)."""
    from db.console_models import Holiday, HolidayKind

    rows = session.execute(select(Holiday.day, Holiday.kind, Holiday.name)).all()
    return HolidayCalendar(
        holidays=frozenset(d for d, k, _ in rows if k == HolidayKind.HOLIDAY),
        workdays=frozenset(d for d, k, _ in rows if k == HolidayKind.WORKDAY),
        names={d: n for d, _, n in rows},
    )


def list_holidays(session: Session, year: int | None = None) -> list[tuple[date, str, str]]:
    """(day, kind, name) of the calendar, in date order; one year or all."""
    from db.console_models import Holiday

    stmt = select(Holiday.day, Holiday.kind, Holiday.name).order_by(Holiday.day)
    if year is not None:
        stmt = stmt.where(Holiday.day >= date(year, 1, 1), Holiday.day < date(year + 1, 1, 1))
    return [(d, k, n) for d, k, n in session.execute(stmt).all()]


def set_calendar_day(ctx: OperationContext, day: date, kind: str, name: str = "") -> ChangeSet:
    """Operation (Permission.SETTINGS_ADMIN): make `day` a holiday or a make-up working day.
    Deadlines already set keep their value; new ones count with the changed calendar."""
    from db.console_models import Holiday, HolidayKind
    from db.ops import ChangeSet, InvalidInput, require
    from db.permissions import Permission

    require(ctx.actor, Permission.SETTINGS_ADMIN)
    if kind not in {k.value for k in HolidayKind}:
        raise InvalidInput(f"unknown calendar day kind {kind!r}: use 'holiday' or 'workday'")
    row = ctx.session.get(Holiday, day)
    before = {"day": day.isoformat(), "kind": row.kind, "name": row.name} if row else None
    if row is None:
        row = Holiday(day=day, kind=kind, name=name)
        ctx.session.add(row)
    else:
        row.kind, row.name = kind, name
    ctx.session.flush()
    ctx.record("set_calendar_day", "holiday", None, before, {"day": day.isoformat(), "kind": kind, "name": name})
    return ChangeSet(summary=f"{day.isoformat()} is now a {kind}").add("holiday", day.toordinal())


def remove_calendar_day(ctx: OperationContext, day: date) -> ChangeSet:
    """Operation (Permission.SETTINGS_ADMIN): make `day` an ordinary day again."""
    from db.console_models import Holiday
    from db.ops import ChangeSet, NotFound, require
    from db.permissions import Permission

    require(ctx.actor, Permission.SETTINGS_ADMIN)
    row = ctx.session.get(Holiday, day)
    if row is None:
        raise NotFound(f"{day.isoformat()} is not in the holiday calendar")
    before = {"day": day.isoformat(), "kind": row.kind, "name": row.name}
    ctx.session.delete(row)
    ctx.session.flush()
    ctx.record("remove_calendar_day", "holiday", None, before, None)
    return ChangeSet(summary=f"{day.isoformat()} is an ordinary day again").add("holiday", day.toordinal())
