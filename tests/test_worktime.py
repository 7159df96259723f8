from __future__ import annotations

from datetime import date, datetime

import pytest

from db.worktime import add_working_hours


def test_within_a_morning() -> None:
    assert add_working_hours(datetime(2026, 11, 23, 9, 0), 2) == datetime(2026, 11, 23, 11, 0)


def test_lunch_break_is_skipped() -> None:
    assert add_working_hours(datetime(2026, 11, 23, 11, 0), 2) == datetime(2026, 11, 23, 14, 0)


def test_evening_report_starts_next_morning() -> None:
    assert add_working_hours(datetime(2026, 11, 23, 20, 0), 1) == datetime(2026, 11, 24, 9, 30)


def test_weekend_is_skipped() -> None:
    # Friday 16:30 + 4 h: one hour on Friday, three on Monday
    assert add_working_hours(datetime(2026, 11, 27, 16, 30), 4) == datetime(2026, 11, 30, 11, 30)


def test_long_limits_and_holidays() -> None:
    start = datetime(2026, 9, 28, 8, 30)  # Monday
    assert add_working_hours(start, 80) == datetime(2026, 10, 9, 17, 30)  # two working weeks
    holidays = {date(2026, 10, d) for d in range(1, 8)}
    workdays = {date(2026, 10, 10)}  # a Saturday made a working day
    assert add_working_hours(start, 24, holidays, workdays) == datetime(2026, 9, 30, 17, 30)
    assert add_working_hours(start, 32, holidays, workdays) == datetime(2026, 10, 8, 17, 30)


def test_negative_is_refused() -> None:
    with pytest.raises(ValueError):
        add_working_hours(datetime(2026, 1, 1), -1)
