"""Working-time arithmetic for case deadlines.

A case's time limit (处置时限) counts working hours: Monday to Friday, 08:30-12:00 and
13:00-17:30 (8 hours a day), skipping the holidays of the configured calendar. Urgent
categories count clock minutes instead (see Category.dispatch_minutes).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta

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
