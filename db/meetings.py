"""Joint on-site meetings (基层约请 / 现场办公), consultations and regular meetings
(联席会议, 例会) as operations and queries.

Every function taking an `OperationContext` first is an operation: run it with
`perform(engine, actor, fn, ...)` (which looks its permission up in `PERMISSION_OF`) or with
`db.ops.run_operation(engine, actor, <permission>, fn, ...)`. Each checks its permission
itself too, runs in one transaction, writes an audit entry and returns a ChangeSet naming
"meeting" (and "meeting_series", "case", "outbox") ids.

Scheduling rules (`check_draft`): before a meeting is saved it is checked for a party
already booked at that time (a department, a district office, a committee or an outside
party), a place already booked (the same key point, points within `PLACE_RADIUS_M`, or the
same place name), a day on the holiday calendar or a weekend, a time outside office hours
and a start in the past. Each finding is a `ConflictWarning`; `suggest_slots` proposes the
next free slots (working days, inside one office-hours period, at most one per half day).
`create_meeting` refuses with `MeetingConflicts` (carrying the report) unless the officer
acknowledged the warnings; acknowledged warnings are kept on the meeting and in the audit.

Regular meetings are `MeetingSeries` rows; `expand_rule` turns a rule into occurrences
(weekly, biweekly, monthly by day or by "n-th weekday", with skipped days and a holiday
policy). Occurrences are computed, not stored, until something is recorded on one
(`open_occurrence` materialises it as a `Meeting` row with `series_id`/`occurrence_day`).

Follow-up tasks become cases through db/cases.py (report → register → dispatch to a town
department or escalate to a district office) with the agreed deadline and owner.

Ratings: the requesting village or committee gives each invited department 1-5 stars for
its response; `rating_points` turns stars and attendance into 0-100 points and
`department_ratings` / `department_unit_scores` aggregate them for the assessment.

Invitations, reminders, change and cancellation notices go to the outbox (kind "notice",
payload "notice": "meeting_<kind>"); the desktop prints them as PDF notices.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Concatenate, ParamSpec, cast

from sqlalchemy import Engine, Table, func, select, update
from sqlalchemy.orm import Session

from db import models as m
from db import outbox
from db.clock import now
from db.console_models import OutboxKind, OutboxMessage
from db.meeting_models import (
    Attendance,
    ExternalParty,
    ExternalPartyKind,
    Frequency,
    HolidayPolicy,
    Meeting,
    MeetingAgendaItem,
    MeetingDecision,
    MeetingFollowUp,
    MeetingKind,
    MeetingNotice,
    MeetingOrigin,
    MeetingParty,
    MeetingSeries,
    MeetingStatus,
    NoticeKind,
    PartyKind,
    PartyRole,
)
from db.ops import (
    Actor,
    ChangeSet,
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    OperationContext,
    OperationError,
    require,
    run_operation,
)
from db.permissions import Permission
from db.worktime import WORK_PERIODS, HolidayCalendar, load_calendar

P = ParamSpec("P")
Op = Callable[Concatenate[OperationContext, P], ChangeSet]

PLACE_RADIUS_M = 50.0  # two meeting points closer than this are the same place
MIN_DURATION = 15
MAX_DURATION = 10 * 60
SLOT_STEP = timedelta(minutes=30)
SUGGEST_DAYS = 21  # how far ahead next free slots are looked for
ATTEND_EARLY = timedelta(hours=2)  # check-in opens this long before the start
SERIES_CHECK_DAYS = 92  # a new series is checked for conflicts this far ahead
MAX_TITLE = 128

_MEETINGS = cast(Table, Meeting.__table__)
_PARTIES = cast(Table, MeetingParty.__table__)

# ---------------------------------------------------------------- the operation registry

PERMISSION_OF: dict[Callable[..., ChangeSet], Permission] = {}


def operation(permission: Permission) -> Callable[[Op[P]], Op[P]]:
    """Mark a function as an operation needing `permission`, checked on every call."""

    def deco(fn: Op[P]) -> Op[P]:
        @functools.wraps(fn)
        def wrapper(ctx: OperationContext, *args: P.args, **kwargs: P.kwargs) -> ChangeSet:
            require(ctx.actor, permission)
            return fn(ctx, *args, **kwargs)

        PERMISSION_OF[wrapper] = permission
        return wrapper

    return deco


def perform(engine: Engine, actor: Actor, fn: Op[P], *args: P.args, **kwargs: P.kwargs) -> ChangeSet:
    """Run a meeting operation with the permission it needs (see PERMISSION_OF)."""
    try:
        permission = PERMISSION_OF[fn]
    except KeyError:
        raise ValueError(f"{getattr(fn, '__name__', fn)!r} is not a meeting operation") from None
    return run_operation(engine, actor, permission, fn, *args, **kwargs)


# ---------------------------------------------------------------- plain data: drafts


@dataclass(frozen=True, slots=True)
class PartyRef:
    """A party by kind ("department", "admin_unit", "external") and id."""

    kind: str
    id: int

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


@dataclass(frozen=True, slots=True)
class AgendaDraft:
    title: str
    case_id: int | None = None
    note: str = ""


@dataclass(slots=True)
class MeetingDraft:
    """What the scheduling dialog edits: everything a meeting is created or updated from."""

    kind: str
    title: str
    starts_at: datetime
    duration_minutes: int = 90
    requesting_unit_id: int | None = None
    parties: list[PartyRef] = field(default_factory=list)  # the invited parties
    place_name: str = ""
    key_point_id: int | None = None
    lon: float | None = None
    lat: float | None = None
    grid_id: int | None = None
    origin: str = MeetingOrigin.SCRATCH
    origin_case_id: int | None = None
    agenda: list[AgendaDraft] = field(default_factory=list)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=int(self.duration_minutes))


@dataclass(frozen=True, slots=True)
class RecurrenceRule:
    """When a regular meeting happens. Weekly and biweekly need `weekday` (0 = Monday);
    monthly needs either `month_day` (1..31, the last day in shorter months) or
    `month_week` (1..4, -1 = last) with `weekday`. `until_day` is inclusive."""

    frequency: str
    first_day: date
    start_minute: int
    duration_minutes: int
    weekday: int | None = None
    month_week: int | None = None
    month_day: int | None = None
    until_day: date | None = None
    holiday_policy: str = HolidayPolicy.NEXT_WORKING_DAY
    exdates: frozenset[date] = frozenset()


@dataclass(slots=True)
class SeriesDraft:
    """A regular meeting: the template of its occurrences and its rule."""

    kind: str
    title: str
    rule: RecurrenceRule
    requesting_unit_id: int | None = None
    parties: list[PartyRef] = field(default_factory=list)
    place_name: str = ""
    key_point_id: int | None = None
    lon: float | None = None
    lat: float | None = None
    grid_id: int | None = None
    agenda: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- plain data: results


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One computed occurrence of a rule: `day` is the rule's day (the occurrence's key);
    `starts_at` may lie on a later day when the holiday policy moved it."""

    day: date
    starts_at: datetime
    ends_at: datetime
    moved: bool = False
    holiday: str = ""  # the holiday it was kept on (policy "keep")


@dataclass(frozen=True, slots=True)
class ConflictWarning:
    """One finding of the scheduling rules. `kind`: party_busy, place_busy, holiday,
    non_working_day, outside_hours, past. The fields name what the desktop shows;
    `message` is the English sentence."""

    kind: str
    message: str
    day: date | None = None
    party_name: str = ""
    other_title: str = ""
    other_key: str = ""
    other_start: datetime | None = None
    other_end: datetime | None = None
    holiday_name: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "day": self.day.isoformat() if self.day else None,
            "party": self.party_name,
            "other": self.other_key,
            "holiday": self.holiday_name,
        }


@dataclass(frozen=True, slots=True)
class Slot:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class ConflictReport:
    warnings: tuple[ConflictWarning, ...] = ()
    suggestions: tuple[Slot, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.warnings)

    @property
    def blocking(self) -> tuple[ConflictWarning, ...]:
        """The warnings that need the officer's acknowledgement (all but office hours)."""
        return tuple(w for w in self.warnings if w.kind != "outside_hours")


class MeetingConflicts(OperationError):
    """The meeting clashes with others or falls on a holiday; nothing was saved. Show
    `report` and save again with `acknowledge_conflicts=True` to keep the time."""

    def __init__(self, report: ConflictReport) -> None:
        first = report.blocking[0].message if report.blocking else "the meeting has scheduling conflicts"
        more = len(report.blocking) - 1
        super().__init__(first + (f" (and {more} more)" if more > 0 else ""))
        self.report = report


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    """A meeting as the calendar, the upcoming list and the map show it. A computed
    occurrence of a series has `meeting_id` None and is keyed by series and day."""

    key: str
    meeting_id: int | None
    series_id: int | None
    occurrence_day: date | None
    kind: str
    status: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place_name: str
    lon: float | None
    lat: float | None
    key_point_id: int | None
    requesting_unit_id: int | None
    requesting_unit: str
    parties: tuple[str, ...]
    party_keys: tuple[tuple[str, int], ...]
    case_ids: tuple[int, ...]
    version: int
    conflicts: tuple[ConflictWarning, ...] = ()
    minutes_recorded: bool = False

    @property
    def virtual(self) -> bool:
        return self.meeting_id is None


@dataclass(frozen=True, slots=True)
class MeetingMarker:
    """A meeting for the map: where, what, when."""

    key: str
    meeting_id: int | None
    series_id: int | None
    occurrence_day: date | None
    lon: float
    lat: float
    title: str
    kind: str
    status: str
    starts_at: datetime
    ends_at: datetime
    place_name: str
    conflict: bool


@dataclass(frozen=True, slots=True)
class CalendarWeek:
    """What the week calendar draws."""

    first_day: date
    days: tuple[date, ...]
    meetings: tuple[MeetingSummary, ...]
    holidays: dict[date, tuple[str, str]]  # day -> (kind "holiday"/"workday", name)
    now: datetime


@dataclass(frozen=True, slots=True)
class PartyInfo:
    id: int | None
    kind: str
    role: str
    ref_id: int
    name: str
    level: str  # "town"/"district" for departments, else ""
    attendance: str
    attendee_name: str
    checked_in_at: datetime | None
    attendance_note: str
    rating: int | None
    rating_comment: str
    rated_by_name: str
    version: int


@dataclass(frozen=True, slots=True)
class AgendaInfo:
    id: int | None
    position: int
    title: str
    case_id: int | None
    case_number: str
    case_state: str
    note: str


@dataclass(frozen=True, slots=True)
class DecisionInfo:
    id: int
    position: int
    text: str
    created_at: datetime
    created_by_name: str


@dataclass(frozen=True, slots=True)
class FollowUpInfo:
    id: int
    title: str
    department_id: int
    department_name: str
    owner_name: str
    deadline_at: datetime
    case_id: int | None
    case_number: str
    case_state: str
    decision_id: int | None


@dataclass(frozen=True, slots=True)
class NoticeInfo:
    id: int
    kind: str
    party_name: str
    outbox_id: int | None
    status: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class MeetingDetail:
    summary: MeetingSummary
    origin: str
    origin_case_id: int | None
    origin_case_number: str
    grid_id: int | None
    grid_name: str
    parties: tuple[PartyInfo, ...]
    agenda: tuple[AgendaInfo, ...]
    decisions: tuple[DecisionInfo, ...]
    follow_ups: tuple[FollowUpInfo, ...]
    notices: tuple[NoticeInfo, ...]
    minutes: str
    minutes_updated_at: datetime | None
    minutes_by_name: str
    cancel_reason: str
    created_by_name: str
    acknowledged_warnings: tuple[dict[str, Any], ...]
    series_title: str
    rule_text: str


@dataclass(frozen=True, slots=True)
class DepartmentRating:
    """A department's rating by the requesting villages and committees over a period."""

    department_id: int
    name: str
    level: str
    meetings: int  # meetings it was invited to (not cancelled, requested by a village)
    rated: int  # of those, rated with stars
    mean_stars: float | None
    present: int
    late: int
    deputy: int
    absent: int
    score: float | None  # 0-100, the mean of `rating_points` over counted meetings


@dataclass(frozen=True, slots=True)
class PickItem:
    id: int
    name: str
    kind: str = ""  # department kind / unit kind / external kind / key point kind
    level: str = ""  # department level
    lon: float | None = None
    lat: float | None = None
    grid_id: int | None = None


@dataclass(frozen=True, slots=True)
class PickLists:
    """Everything the scheduling dialog's pickers offer."""

    town_departments: tuple[PickItem, ...]
    district_offices: tuple[PickItem, ...]
    admin_units: tuple[PickItem, ...]
    external_parties: tuple[PickItem, ...]
    key_points: tuple[PickItem, ...]
    categories: tuple[PickItem, ...]


@dataclass(frozen=True, slots=True)
class CaseBrief:
    id: int
    number: str
    state: str
    category: str
    description: str
    address: str
    lon: float
    lat: float
    grid_id: int | None
    key_point_id: int | None
    department_id: int | None
    category_id: int


# ---------------------------------------------------------------- small helpers


def _name(actor: Actor) -> str:
    return actor.display_name or actor.username


def _jsonable(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def clock(session: Session) -> datetime:
    """The meeting clock: the town's wall clock, or the demo's reference time when that is
    later (so the demo story's "today" can be recorded on)."""
    from db.queries import reference_time

    return max(now(), reference_time(session))


def _text(value: str, what: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"Enter {what}.")
    if len(value) > limit:
        raise InvalidInput(f"The {what} is too long (at most {limit} characters).")
    return value


def _kind(kind: str) -> str:
    if kind not in {k.value for k in MeetingKind}:
        raise InvalidInput(f"Unknown meeting kind {kind!r}; use one of {', '.join(k.value for k in MeetingKind)}.")
    return kind


def _approx_metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance in metres for points a few hundred metres apart (equirectangular)."""
    kx = 111_320.0 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * 110_574.0)


def _norm_place(name: str) -> str:
    return "".join((name or "").split()).lower()


def occurrence_key(series_id: int, day: date) -> str:
    return f"s{series_id}:{day.isoformat()}"


def meeting_key(meeting_id: int) -> str:
    return f"m{meeting_id}"


def _overlaps(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 < b1 and b0 < a1


# ---------------------------------------------------------------- recurrence


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The n-th (1..5, or -1 = last) `weekday` of a month, or None when there is none."""
    if nth == -1:
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7) + timedelta(weeks=nth - 1)
    return day if day.month == month else None


def _month_days(rule: RecurrenceRule, start: date, end: date) -> Iterable[date]:
    y, mth = rule.first_day.year, rule.first_day.month
    while date(y, mth, 1) < end:
        if rule.month_day is not None:
            nxt = date(y + (mth == 12), mth % 12 + 1, 1)
            last = (nxt - timedelta(days=1)).day
            d: date | None = date(y, mth, min(rule.month_day, last))
        else:
            assert rule.weekday is not None and rule.month_week is not None
            d = _nth_weekday(y, mth, rule.weekday, rule.month_week)
        if d is not None and d >= start:
            yield d
        y, mth = (y + 1, 1) if mth == 12 else (y, mth + 1)


def rule_days(rule: RecurrenceRule, start: date, end: date) -> list[date]:
    """The rule's days in [start, end), before exceptions and the holiday policy."""
    lo = max(start, rule.first_day)
    hi = end if rule.until_day is None else min(end, rule.until_day + timedelta(days=1))
    if lo >= hi:
        return []
    if rule.frequency in (Frequency.WEEKLY, Frequency.BIWEEKLY):
        assert rule.weekday is not None
        first = rule.first_day + timedelta(days=(rule.weekday - rule.first_day.weekday()) % 7)
        step = 7 if rule.frequency == Frequency.WEEKLY else 14
        skip = max(0, (lo - first).days // step)
        d = first + timedelta(days=skip * step)
        out = []
        while d < hi:
            if d >= lo:
                out.append(d)
            d += timedelta(days=step)
        return out
    if rule.frequency == Frequency.MONTHLY:
        return [d for d in _month_days(rule, lo, hi) if lo <= d < hi]
    raise ValueError(f"unknown frequency {rule.frequency!r}")


def validate_rule(rule: RecurrenceRule) -> None:
    """Raise InvalidInput when the rule cannot be expanded."""
    if rule.frequency not in {f.value for f in Frequency}:
        raise InvalidInput(f"Unknown frequency {rule.frequency!r}; use weekly, biweekly or monthly.")
    if rule.holiday_policy not in {p.value for p in HolidayPolicy}:
        raise InvalidInput(f"Unknown holiday policy {rule.holiday_policy!r}.")
    if not 0 <= rule.start_minute < 24 * 60:
        raise InvalidInput("The start time must be within the day.")
    if not MIN_DURATION <= rule.duration_minutes <= MAX_DURATION:
        raise InvalidInput(f"A meeting lasts from {MIN_DURATION} minutes to {MAX_DURATION // 60} hours.")
    if rule.until_day is not None and rule.until_day < rule.first_day:
        raise InvalidInput("The last day of a regular meeting cannot be before its first day.")
    if rule.frequency in (Frequency.WEEKLY, Frequency.BIWEEKLY):
        if rule.weekday is None or not 0 <= rule.weekday <= 6:
            raise InvalidInput("Choose the weekday of a weekly or biweekly meeting.")
    else:
        if rule.month_day is not None:
            if not 1 <= rule.month_day <= 31:
                raise InvalidInput("The day of the month must be from 1 to 31.")
        elif rule.weekday is None or rule.month_week not in (1, 2, 3, 4, -1) or not 0 <= rule.weekday <= 6:
            raise InvalidInput("Choose a day of the month, or a week (1st-4th or last) and a weekday.")


def expand_rule(
    rule: RecurrenceRule, start: date, end: date, calendar: HolidayCalendar | None = None
) -> list[Occurrence]:
    """The occurrences whose meeting day lies in [start, end): the rule's days without
    `exdates`, with the holiday policy applied (a holiday occurrence is skipped, moved to
    the next working day, or kept and marked)."""
    cal = calendar or HolidayCalendar()
    # look a little before `start`: an occurrence moved off a holiday may land inside
    out: list[Occurrence] = []
    for d in rule_days(rule, start - timedelta(days=14), end):
        if d in rule.exdates:
            continue
        day, moved, holiday = d, False, ""
        if d in cal.holidays:
            if rule.holiday_policy == HolidayPolicy.SKIP:
                continue
            if rule.holiday_policy == HolidayPolicy.NEXT_WORKING_DAY:
                while not cal.is_working_day(day):
                    day += timedelta(days=1)
                moved = True
            else:
                holiday = cal.names.get(d, "holiday") or "holiday"
        if not start <= day < end:
            continue
        s = datetime.combine(day, time()) + timedelta(minutes=rule.start_minute)
        out.append(Occurrence(d, s, s + timedelta(minutes=rule.duration_minutes), moved, holiday))
    return out


def series_rule(s: MeetingSeries) -> RecurrenceRule:
    return RecurrenceRule(
        frequency=s.frequency,
        first_day=s.first_day,
        start_minute=s.start_minute,
        duration_minutes=s.duration_minutes,
        weekday=s.weekday,
        month_week=s.month_week,
        month_day=s.month_day,
        until_day=s.until_day,
        holiday_policy=s.holiday_policy,
        exdates=frozenset(date.fromisoformat(x) for x in (s.exdates or [])),
    )


WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def rule_text(rule: RecurrenceRule) -> str:
    """An English description ("weekly on Monday at 08:30, 60 min")."""
    hhmm = f"{rule.start_minute // 60:02d}:{rule.start_minute % 60:02d}"
    if rule.frequency == Frequency.MONTHLY:
        if rule.month_day is not None:
            when = f"monthly on day {rule.month_day}"
        else:
            nth = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}.get(rule.month_week or 0, "?")
            when = f"monthly on the {nth} {WEEKDAY_EN[rule.weekday or 0]}"
    else:
        when = f"{rule.frequency} on {WEEKDAY_EN[rule.weekday or 0]}"
    return f"{when} at {hhmm}, {rule.duration_minutes} min"


# ---------------------------------------------------------------- lookups


@dataclass(slots=True)
class _Names:
    departments: dict[int, tuple[str, str, bool, str]]  # id -> name, level, active, code
    units: dict[int, tuple[str, str]]  # id -> name, admin code
    externals: dict[int, tuple[str, bool]]

    def name(self, kind: str, ref_id: int) -> str:
        if kind == PartyKind.DEPARTMENT:
            return self.departments.get(ref_id, (f"#{ref_id}",))[0]
        if kind == PartyKind.ADMIN_UNIT:
            return self.units.get(ref_id, (f"#{ref_id}",))[0]
        return self.externals.get(ref_id, (f"#{ref_id}",))[0]


def _names(session: Session) -> _Names:
    return _Names(
        {
            i: (n, lv, bool(a), c)
            for i, n, lv, a, c in session.execute(
                select(m.Department.id, m.Department.name, m.Department.level, m.Department.active, m.Department.code)
            )
        },
        {i: (n, c) for i, n, c in session.execute(select(m.AdminUnit.id, m.AdminUnit.name, m.AdminUnit.admin_code))},
        {i: (n, bool(a)) for i, n, a in session.execute(select(ExternalParty.id, ExternalParty.name, ExternalParty.active))},
    )


def _party_ref(row: MeetingParty) -> tuple[str, int]:
    if row.kind == PartyKind.DEPARTMENT and row.department_id is not None:
        return (PartyKind.DEPARTMENT, row.department_id)
    if row.kind == PartyKind.ADMIN_UNIT and row.admin_unit_id is not None:
        return (PartyKind.ADMIN_UNIT, row.admin_unit_id)
    return (PartyKind.EXTERNAL, int(row.external_party_id or 0))


# ---------------------------------------------------------------- who is busy when


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str
    meeting_id: int | None
    series_id: int | None
    occurrence_day: date | None
    kind: str
    status: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place_name: str
    lon: float | None
    lat: float | None
    key_point_id: int | None
    requesting_unit_id: int | None
    parties: tuple[tuple[tuple[str, int], str, str], ...]  # (key, name, role)
    case_ids: tuple[int, ...]
    version: int
    minutes_recorded: bool

    @property
    def party_keys(self) -> frozenset[tuple[str, int]]:
        return frozenset(k for k, _, _ in self.parties)


def _same_place(a: _Entry | MeetingDraft, b: _Entry) -> bool:
    if a.key_point_id is not None and a.key_point_id == b.key_point_id:
        return True
    if (
        a.lon is not None
        and a.lat is not None
        and b.lon is not None
        and b.lat is not None
        and _approx_metres(a.lon, a.lat, b.lon, b.lat) <= PLACE_RADIUS_M
    ):
        return True
    na, nb = _norm_place(a.place_name), _norm_place(b.place_name)
    return bool(na) and na == nb


def _series_parties(s: MeetingSeries, names: _Names) -> tuple[tuple[tuple[str, int], str, str], ...]:
    out = []
    if s.requesting_unit_id is not None:
        key = (str(PartyKind.ADMIN_UNIT), s.requesting_unit_id)
        out.append((key, names.name(*key), str(PartyRole.REQUESTER)))
    for p in s.parties or []:
        key = (str(p["kind"]), int(p["id"]))
        if key not in {k for k, _, _ in out}:
            out.append((key, names.name(*key), str(PartyRole.INVITED)))
    return tuple(out)


def _entries(
    session: Session,
    start: datetime,
    end: datetime,
    *,
    include_cancelled: bool = False,
    names: _Names | None = None,
    calendar: HolidayCalendar | None = None,
) -> list[_Entry]:
    """Every meeting overlapping [start, end): stored ones and computed occurrences."""
    names = names or _names(session)
    stmt = select(Meeting).where(Meeting.starts_at < end, Meeting.ends_at > start)
    if not include_cancelled:
        stmt = stmt.where(Meeting.status != MeetingStatus.CANCELLED)
    rows = session.execute(stmt.order_by(Meeting.starts_at, Meeting.id)).scalars().all()
    ids = [r.id for r in rows]
    parties: dict[int, list[MeetingParty]] = {}
    cases: dict[int, list[int]] = {}
    if ids:
        for p in session.execute(select(MeetingParty).where(MeetingParty.meeting_id.in_(ids)).order_by(MeetingParty.id)).scalars():
            parties.setdefault(p.meeting_id, []).append(p)
        for mid, cid in session.execute(
            select(MeetingAgendaItem.meeting_id, MeetingAgendaItem.case_id).where(
                MeetingAgendaItem.meeting_id.in_(ids), MeetingAgendaItem.case_id.is_not(None)
            )
        ):
            if cid is not None:
                cases.setdefault(mid, []).append(int(cid))
    out = [
        _Entry(
            meeting_key(r.id), r.id, r.series_id, r.occurrence_day, r.kind, r.status, r.title, r.starts_at, r.ends_at,
            r.place_name, r.lon, r.lat, r.key_point_id, r.requesting_unit_id,
            tuple((_party_ref(p), p.name, p.role) for p in parties.get(r.id, [])),
            tuple(cases.get(r.id, [])), r.version, bool((r.minutes or "").strip()),
        )
        for r in rows
    ]
    # computed occurrences of the regular meetings
    series = session.execute(
        select(MeetingSeries).where(
            MeetingSeries.active.is_(True),
            MeetingSeries.first_day <= end.date(),
            (MeetingSeries.until_day.is_(None)) | (MeetingSeries.until_day >= start.date() - timedelta(days=14)),
        )
    ).scalars().all()
    if series:
        cal = calendar or load_calendar(session)
        occ: list[tuple[MeetingSeries, Occurrence]] = []
        for s in series:
            occ.extend((s, o) for o in expand_rule(series_rule(s), start.date(), end.date() + timedelta(days=1), cal))
        if occ:
            days = {o.day for _, o in occ}
            stored = set(
                session.execute(
                    select(Meeting.series_id, Meeting.occurrence_day).where(
                        Meeting.series_id.in_([s.id for s in series]), Meeting.occurrence_day.in_(days)
                    )
                ).all()
            )
            for s, o in occ:
                if (s.id, o.day) in stored or not _overlaps(o.starts_at, o.ends_at, start, end):
                    continue
                out.append(
                    _Entry(
                        occurrence_key(s.id, o.day), None, s.id, o.day, s.kind, MeetingStatus.SCHEDULED, s.title,
                        o.starts_at, o.ends_at, s.place_name, s.lon, s.lat, s.key_point_id, s.requesting_unit_id,
                        _series_parties(s, names), (), s.version, False,
                    )
                )
    out.sort(key=lambda e: (e.starts_at, e.key))
    return out


def _clashes(
    entry: _Entry | MeetingDraft,
    party_keys: frozenset[tuple[str, int]],
    starts_at: datetime,
    ends_at: datetime,
    others: Sequence[_Entry],
    names: _Names,
    skip_keys: frozenset[str] = frozenset(),
) -> list[ConflictWarning]:
    """Party and place clashes of one meeting with `others`."""
    out: list[ConflictWarning] = []
    for o in others:
        if o.key in skip_keys or o.status == MeetingStatus.CANCELLED:
            continue
        if not _overlaps(starts_at, ends_at, o.starts_at, o.ends_at):
            continue
        when = f"{o.starts_at:%Y-%m-%d %H:%M}-{o.ends_at:%H:%M}"
        for key in sorted(party_keys & o.party_keys):
            who = names.name(*key)
            out.append(
                ConflictWarning(
                    "party_busy", f"{who} is already booked at {when} for “{o.title}”.", o.starts_at.date(),
                    party_name=who, other_title=o.title, other_key=o.key, other_start=o.starts_at, other_end=o.ends_at,
                )
            )
        if _same_place(entry, o):
            place = o.place_name or "the place"
            out.append(
                ConflictWarning(
                    "place_busy", f"{place} is already booked at {when} for “{o.title}”.", o.starts_at.date(),
                    party_name=o.place_name, other_title=o.title, other_key=o.key, other_start=o.starts_at,
                    other_end=o.ends_at,
                )
            )
    return out


def _day_warnings(starts_at: datetime, ends_at: datetime, cal: HolidayCalendar, at: datetime) -> list[ConflictWarning]:
    out = []
    day = starts_at.date()
    if day in cal.holidays:
        name = cal.names.get(day, "") or "a public holiday"
        out.append(ConflictWarning("holiday", f"{day.isoformat()} is a holiday ({name}).", day, holiday_name=name))
    elif not cal.is_working_day(day):
        out.append(ConflictWarning("non_working_day", f"{day.isoformat()} is not a working day.", day))
    in_hours = any(
        datetime.combine(day, b) <= starts_at and ends_at <= datetime.combine(day, e) for b, e in WORK_PERIODS
    )
    if not in_hours:
        out.append(
            ConflictWarning(
                "outside_hours",
                f"{starts_at:%H:%M}-{ends_at:%H:%M} is outside office hours (08:30-12:00, 13:00-17:30).",
                day,
            )
        )
    if starts_at < at:
        out.append(ConflictWarning("past", f"The meeting would start in the past ({starts_at:%Y-%m-%d %H:%M}).", day))
    return out


def _slot_free(
    party_keys: frozenset[tuple[str, int]], draft: MeetingDraft, s: datetime, e: datetime, busy: Sequence[_Entry]
) -> bool:
    for o in busy:
        if o.status == MeetingStatus.CANCELLED or not _overlaps(s, e, o.starts_at, o.ends_at):
            continue
        if party_keys & o.party_keys or _same_place(draft, o):
            return False
    return True


def suggest_slots(
    session: Session,
    draft: MeetingDraft,
    *,
    count: int = 3,
    exclude_keys: Iterable[str] = (),
    after: datetime | None = None,
    calendar: HolidayCalendar | None = None,
) -> list[Slot]:
    """The next free slots for `draft`'s parties and place: on working days, inside one
    office-hours period, from the requested start (or now, if later) on, at most one per
    half day, up to `count`."""
    cal = calendar or load_calendar(session)
    duration = timedelta(minutes=int(draft.duration_minutes))
    begin = max(draft.starts_at, after or clock(session))
    # round up to the slot step
    base = datetime.combine(begin.date(), time())
    steps = math.ceil((begin - base) / SLOT_STEP)
    begin = base + steps * SLOT_STEP
    horizon = datetime.combine(begin.date() + timedelta(days=SUGGEST_DAYS), time())
    skip = frozenset(exclude_keys)
    busy = [e for e in _entries(session, begin, horizon + duration, calendar=cal) if e.key not in skip]
    keys = _draft_party_keys(draft)
    out: list[Slot] = []
    day = begin.date()
    while day < horizon.date() and len(out) < count:
        if cal.is_working_day(day):
            for b, e in WORK_PERIODS:
                p0, p1 = datetime.combine(day, b), datetime.combine(day, e)
                s = max(p0, begin)
                if s > p0:  # align to the period's own half hours
                    s = p0 + math.ceil((s - p0) / SLOT_STEP) * SLOT_STEP
                while s + duration <= p1:
                    if _slot_free(keys, draft, s, s + duration, busy):
                        out.append(Slot(s, s + duration))
                        break
                    s += SLOT_STEP
                if len(out) >= count:
                    break
        day += timedelta(days=1)
    return out


def _draft_party_keys(draft: MeetingDraft) -> frozenset[tuple[str, int]]:
    keys = {p.key for p in draft.parties}
    if draft.requesting_unit_id is not None:
        keys.add((PartyKind.ADMIN_UNIT.value, draft.requesting_unit_id))
    return frozenset((str(k), int(i)) for k, i in keys)


def check_draft_in(
    session: Session,
    draft: MeetingDraft,
    *,
    exclude_keys: Iterable[str] = (),
    suggestions: int = 3,
) -> ConflictReport:
    """The scheduling rules for a draft, in an open session (see the module docstring)."""
    names = _names(session)
    cal = load_calendar(session)
    skip = frozenset(exclude_keys)
    start, end = draft.starts_at, draft.ends_at
    others = _entries(session, start - timedelta(hours=12), end + timedelta(hours=12), names=names, calendar=cal)
    warnings = _clashes(draft, _draft_party_keys(draft), start, end, others, names, skip)
    warnings += _day_warnings(start, end, cal, clock(session))
    slots: list[Slot] = []
    if suggestions and any(w.kind != "outside_hours" for w in warnings):
        slots = suggest_slots(session, draft, count=suggestions, exclude_keys=skip, calendar=cal)
    return ConflictReport(tuple(warnings), tuple(slots))


def check_draft(
    engine: Engine, draft: MeetingDraft, *, meeting_id: int | None = None, suggestions: int = 3
) -> ConflictReport:
    """Check a draft before saving (the dialog calls this live). `meeting_id`: the meeting
    being edited, which does not clash with itself."""
    with Session(engine) as session:
        exclude = _self_keys(session, meeting_id)
        probe = replace(draft, parties=list(draft.parties), agenda=list(draft.agenda))
        if probe.key_point_id is not None and (probe.lon is None or probe.lat is None):
            kp = session.get(m.KeyPoint, probe.key_point_id)
            if kp is not None:
                probe.lon, probe.lat = kp.lon, kp.lat
                probe.place_name = probe.place_name or kp.name
        return check_draft_in(session, probe, exclude_keys=exclude, suggestions=suggestions)


def _self_keys(session: Session, meeting_id: int | None) -> set[str]:
    if meeting_id is None:
        return set()
    keys = {meeting_key(meeting_id)}
    row = session.get(Meeting, meeting_id)
    if row is not None and row.series_id is not None and row.occurrence_day is not None:
        keys.add(occurrence_key(row.series_id, row.occurrence_day))
    return keys


def check_series(engine: Engine, draft: SeriesDraft) -> ConflictReport:
    """Check the occurrences of a new regular meeting in the next three months."""
    with Session(engine) as session:
        return _check_series_in(session, draft)


def _check_series_in(session: Session, draft: SeriesDraft) -> ConflictReport:
    validate_rule(draft.rule)
    names = _names(session)
    cal = load_calendar(session)
    first = draft.rule.first_day
    occ = expand_rule(draft.rule, first, first + timedelta(days=SERIES_CHECK_DAYS), cal)
    if not occ:
        return ConflictReport()
    others = _entries(
        session, occ[0].starts_at - timedelta(hours=1), occ[-1].ends_at + timedelta(hours=1), names=names, calendar=cal
    )
    probe = _series_probe(draft)
    keys = _draft_party_keys(probe)
    warnings: list[ConflictWarning] = []
    for o in occ:
        warnings += _clashes(probe, keys, o.starts_at, o.ends_at, others, names)
        if o.holiday:
            warnings.append(
                ConflictWarning(
                    "holiday", f"{o.starts_at.date().isoformat()} is a holiday ({o.holiday}).", o.starts_at.date(),
                    holiday_name=o.holiday,
                )
            )
    return ConflictReport(tuple(warnings))


def _series_probe(draft: SeriesDraft) -> MeetingDraft:
    return MeetingDraft(
        kind=draft.kind, title=draft.title, starts_at=datetime.combine(draft.rule.first_day, time()),
        duration_minutes=draft.rule.duration_minutes, requesting_unit_id=draft.requesting_unit_id,
        parties=list(draft.parties), place_name=draft.place_name, key_point_id=draft.key_point_id,
        lon=draft.lon, lat=draft.lat, grid_id=draft.grid_id,
    )


# ---------------------------------------------------------------- validating a draft


def _resolve_place(session: Session, draft: MeetingDraft | SeriesDraft) -> None:
    """Fill the place from the key point (name, coordinates, grid) or the coordinates'
    grid; refuse a draft without any place."""
    from db.case_queries import locate

    draft.place_name = (draft.place_name or "").strip()
    if len(draft.place_name) > 128:
        raise InvalidInput("The place name is too long (at most 128 characters).")
    if draft.key_point_id is not None:
        kp = session.get(m.KeyPoint, draft.key_point_id)
        if kp is None:
            raise NotFound(f"Key point {draft.key_point_id} does not exist.")
        if draft.lon is None or draft.lat is None:
            draft.lon, draft.lat = kp.lon, kp.lat
        draft.place_name = draft.place_name or kp.name
        draft.grid_id = draft.grid_id or kp.grid_id
    if (draft.lon is None) != (draft.lat is None):
        raise InvalidInput("Give both longitude and latitude of the meeting point, or neither.")
    if draft.lon is not None and draft.lat is not None:
        lon, lat = float(draft.lon), float(draft.lat)
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0) or lon != lon or lat != lat:
            raise InvalidInput(f"({lon}, {lat}) is not a longitude/latitude; pick the point on the map again.")
        draft.lon, draft.lat = lon, lat
        if draft.grid_id is None:
            draft.grid_id = locate(session, lon, lat).grid_id
    if not draft.place_name and draft.lon is None:
        raise InvalidInput("Choose where the meeting is held: a key point, a point on the map or a place name.")
    if draft.grid_id is not None and session.get(m.Grid, draft.grid_id) is None:
        raise NotFound(f"Grid {draft.grid_id} does not exist.")


def _check_parties(session: Session, parties: Sequence[PartyRef], requesting_unit_id: int | None) -> list[PartyRef]:
    names = _names(session)
    seen: set[tuple[str, int]] = set()
    out: list[PartyRef] = []
    if requesting_unit_id is not None:
        if requesting_unit_id not in names.units:
            raise NotFound(f"Village or committee {requesting_unit_id} does not exist.")
        seen.add((PartyKind.ADMIN_UNIT.value, requesting_unit_id))
    for p in parties:
        if p.kind not in {k.value for k in PartyKind}:
            raise InvalidInput(f"Unknown party kind {p.kind!r}.")
        key = (str(p.kind), int(p.id))
        if key in seen:
            continue
        if p.kind == PartyKind.DEPARTMENT:
            d = names.departments.get(p.id)
            if d is None:
                raise NotFound(f"Department {p.id} does not exist.")
            if not d[2]:
                raise InvalidInput(f"{d[0]} is no longer active; invite another department.")
        elif p.kind == PartyKind.ADMIN_UNIT:
            if p.id not in names.units:
                raise NotFound(f"Village or committee {p.id} does not exist.")
        else:
            x = names.externals.get(p.id)
            if x is None:
                raise NotFound(f"Outside party {p.id} does not exist.")
            if not x[1]:
                raise InvalidInput(f"{x[0]} is no longer active; invite another party.")
        seen.add(key)
        out.append(PartyRef(str(p.kind), int(p.id)))
    return out


def _validate(session: Session, draft: MeetingDraft) -> MeetingDraft:
    d = replace(draft, parties=list(draft.parties), agenda=list(draft.agenda))
    _kind(d.kind)
    d.title = _text(d.title, "a title for the meeting", MAX_TITLE)
    if not isinstance(d.starts_at, datetime):
        raise InvalidInput("Choose the date and time of the meeting.")
    d.starts_at = d.starts_at.replace(second=0, microsecond=0, tzinfo=None)
    if not MIN_DURATION <= int(d.duration_minutes) <= MAX_DURATION:
        raise InvalidInput(f"A meeting lasts from {MIN_DURATION} minutes to {MAX_DURATION // 60} hours.")
    if d.kind == MeetingKind.JOINT_ONSITE and d.requesting_unit_id is None:
        raise InvalidInput("A joint on-site meeting needs the village or committee that requests it.")
    d.parties = _check_parties(session, d.parties, d.requesting_unit_id)
    if d.kind in (MeetingKind.JOINT_ONSITE, MeetingKind.CONSULTATION) and not any(
        p.kind in (PartyKind.DEPARTMENT, PartyKind.EXTERNAL) for p in d.parties
    ):
        raise InvalidInput("Invite at least one department or outside party.")
    if d.origin not in {o.value for o in MeetingOrigin}:
        raise InvalidInput(f"Unknown origin {d.origin!r}.")
    if d.origin_case_id is not None and session.get(m.Case, d.origin_case_id) is None:
        raise NotFound(f"Case {d.origin_case_id} does not exist.")
    _resolve_place(session, d)
    agenda = []
    for item in d.agenda:
        title = _text(item.title, "the agenda item", 200)
        if item.case_id is not None and session.get(m.Case, item.case_id) is None:
            raise NotFound(f"Case {item.case_id} on the agenda does not exist.")
        agenda.append(AgendaDraft(title, item.case_id, (item.note or "").strip()))
    d.agenda = agenda
    return d


# ---------------------------------------------------------------- locking and conflicts


def _lock_meeting(session: Session, meeting_id: int) -> Meeting:
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(
            select(Meeting).where(Meeting.id == meeting_id).with_for_update().execution_options(populate_existing=True)
        ).scalar_one_or_none()
    else:
        # a no-op write takes SQLite's write lock: nobody can commit a change after our read
        session.execute(update(_MEETINGS).where(_MEETINGS.c.id == meeting_id).values(updated_at=_MEETINGS.c.updated_at))
        row = session.get(Meeting, meeting_id, populate_existing=True)
    if row is None:
        raise NotFound(f"Meeting {meeting_id} does not exist.")
    return row


def _conflict(session: Session, row: Meeting) -> Conflict:
    """Who changed the meeting last, from the audit trail."""
    rec = session.execute(
        select(m.AuditRecord)
        .where(m.AuditRecord.entity == "meeting", m.AuditRecord.entity_id == row.id)
        .order_by(m.AuditRecord.seq.desc())
        .limit(1)
    ).scalar_one_or_none()
    if rec is None:
        msg = f"“{row.title}” was changed by someone else; reload it and try again."
    else:
        where = f" at workstation {rec.workstation}" if rec.workstation else ""
        what = rec.action.removeprefix("meeting_").replace("_", " ")
        msg = f"“{row.title}” was changed ({what}) by {rec.username}{where} at {rec.at:%Y-%m-%d %H:%M}; reload it and try again."
    return Conflict(msg, current={"meeting_id": row.id, "version": row.version, "status": row.status})


def _load(session: Session, meeting_id: int, expected_version: int | None) -> Meeting:
    row = _lock_meeting(session, meeting_id)
    if expected_version is not None and row.version != expected_version:
        raise _conflict(session, row)
    return row


def _need_open(row: Meeting, action: str) -> None:
    if row.status == MeetingStatus.CANCELLED:
        raise InvalidTransition(f"“{row.title}” was cancelled and cannot be {action}.")


def _snapshot(row: Meeting) -> dict[str, Any]:
    return {
        "title": row.title,
        "kind": row.kind,
        "status": row.status,
        "starts_at": _jsonable(row.starts_at),
        "ends_at": _jsonable(row.ends_at),
        "place": row.place_name,
        "key_point_id": row.key_point_id,
        "lon": row.lon,
        "lat": row.lat,
        "version": row.version,
    }


# ---------------------------------------------------------------- notices (the outbox)


def _party_target(names: _Names, p: MeetingParty) -> str:
    if p.kind == PartyKind.DEPARTMENT and p.department_id is not None:
        return names.departments.get(p.department_id, ("", "", True, f"D#{p.department_id}"))[3]
    if p.kind == PartyKind.ADMIN_UNIT and p.admin_unit_id is not None:
        return "unit:" + names.units.get(p.admin_unit_id, ("", str(p.admin_unit_id)))[1]
    return f"external:{p.external_party_id}"


def notice_payload(session: Session, row: Meeting, kind: str, party: MeetingParty | None = None) -> dict[str, Any]:
    """What a printed notice shows (also the outbox payload)."""
    names = _names(session)
    town = session.execute(select(m.Town.name, m.Town.district)).first()
    requester = names.units.get(row.requesting_unit_id, ("", ""))[0] if row.requesting_unit_id else ""
    agenda = [{"title": a.title, "case_number": _case_bits(session, a.case_id)[0]} for a in row.agenda_items]
    return {
        "notice": f"meeting_{kind}",
        "notice_kind": str(kind),
        "meeting_id": row.id,
        "meeting_kind": row.kind,
        "title": row.title,
        "starts_at": _jsonable(row.starts_at),
        "ends_at": _jsonable(row.ends_at),
        "place": row.place_name,
        "lon": row.lon,
        "lat": row.lat,
        "requester": requester,
        "party": party.name if party is not None else "",
        "party_id": party.id if party is not None else None,
        "parties": [{"name": p.name, "role": p.role} for p in row.parties],
        "agenda": agenda,
        "organiser": row.created_by_name,
        "cancel_reason": row.cancel_reason if kind == NoticeKind.CANCELLATION else "",
        "town": town[0] if town else "",
        "district": town[1] if town else "",
        "issued_at": _jsonable(now()),
    }


def _queue_notices(ctx: OperationContext, row: Meeting, kind: str, changes: ChangeSet) -> int:
    """One outbox notice per party (the requester gets a copy too)."""
    names = _names(ctx.session)
    n = 0
    for p in row.parties:
        msg = outbox.enqueue(
            ctx.session,
            kind=OutboxKind.NOTICE,
            target=_party_target(names, p),
            payload=notice_payload(ctx.session, row, kind, p),
            case_id=row.origin_case_id,
            created_by=ctx.actor.user_id,
        )
        ctx.session.add(MeetingNotice(meeting_id=row.id, party_id=p.id, kind=kind, outbox_id=msg.id, created_at=now()))
        changes.add("outbox", msg.id)
        n += 1
    ctx.session.flush()
    return n


# ---------------------------------------------------------------- creating and changing


def _apply_parties(session: Session, row: Meeting, draft: MeetingDraft) -> None:
    """Make the meeting's parties those of the draft; recorded attendance is kept."""
    names = _names(session)
    wanted: list[tuple[tuple[str, int], str]] = []
    if draft.requesting_unit_id is not None:
        wanted.append(((PartyKind.ADMIN_UNIT.value, draft.requesting_unit_id), PartyRole.REQUESTER.value))
    wanted += [(p.key, PartyRole.INVITED.value) for p in draft.parties]
    existing = {_party_ref(p): p for p in row.parties}
    keep = {k for k, _ in wanted}
    for key, old in existing.items():
        if key not in keep:
            row.parties.remove(old)
    for key, role in wanted:
        found = existing.get(key)
        if found is not None:
            found.role = role
            continue
        kind, ref = key
        row.parties.append(
            MeetingParty(
                kind=kind,
                role=role,
                department_id=ref if kind == PartyKind.DEPARTMENT else None,
                admin_unit_id=ref if kind == PartyKind.ADMIN_UNIT else None,
                external_party_id=ref if kind == PartyKind.EXTERNAL else None,
                name=names.name(kind, ref),
                attendance=Attendance.PENDING,
                attendee_name="",
                attendance_note="",
                rating_comment="",
                rated_by_name="",
            )
        )


def _apply_agenda(row: Meeting, agenda: Sequence[AgendaDraft]) -> None:
    old = list(row.agenda_items)
    for i, item in enumerate(agenda):
        if i < len(old):
            old[i].position, old[i].title, old[i].case_id, old[i].note = i + 1, item.title, item.case_id, item.note
        else:
            row.agenda_items.append(MeetingAgendaItem(position=i + 1, title=item.title, case_id=item.case_id, note=item.note))
    for extra in old[len(agenda):]:
        row.agenda_items.remove(extra)


def _acknowledge(report: ConflictReport, acknowledge: bool) -> list[dict[str, Any]]:
    if report.blocking and not acknowledge:
        raise MeetingConflicts(report)
    return [w.as_dict() for w in report.warnings]


@operation(Permission.MEETING_SCHEDULE)
def create_meeting(
    ctx: OperationContext,
    draft: MeetingDraft,
    *,
    acknowledge_conflicts: bool = False,
    send_invitations: bool = True,
) -> ChangeSet:
    """Schedule a meeting from a draft (a case, a key point, a grid or scratch). Refuses
    with `MeetingConflicts` while the scheduling rules find something the officer has not
    acknowledged; queues an invitation per party in the outbox."""
    session = ctx.session
    d = _validate(session, draft)
    report = check_draft_in(session, d)
    acknowledged = _acknowledge(report, acknowledge_conflicts)
    at = now()
    row = Meeting(
        kind=d.kind,
        status=MeetingStatus.SCHEDULED,
        title=d.title,
        requesting_unit_id=d.requesting_unit_id,
        origin=d.origin,
        origin_case_id=d.origin_case_id,
        grid_id=d.grid_id,
        key_point_id=d.key_point_id,
        place_name=d.place_name,
        lon=d.lon,
        lat=d.lat,
        starts_at=d.starts_at,
        ends_at=d.ends_at,
        minutes="",
        minutes_by_name="",
        cancel_reason="",
        acknowledged_warnings=acknowledged,
        created_at=at,
        created_by=ctx.actor.user_id,
        created_by_name=_name(ctx.actor),
        updated_at=at,
    )
    session.add(row)
    _apply_parties(session, row, d)
    _apply_agenda(row, d.agenda)
    session.flush()
    changes = ChangeSet(summary=f"meeting “{row.title}” scheduled for {row.starts_at:%Y-%m-%d %H:%M}").add("meeting", row.id)
    if send_invitations:
        _queue_notices(ctx, row, NoticeKind.INVITATION, changes)
    ctx.record(
        "meeting_create", "meeting", row.id, None,
        {**_snapshot(row), "parties": [p.name for p in row.parties], "origin": d.origin,
         "origin_case_id": d.origin_case_id, "acknowledged": acknowledged},
    )
    if d.origin_case_id is not None:
        changes.add("case", d.origin_case_id)
    return changes


def _draft_of(row: Meeting) -> MeetingDraft:
    return MeetingDraft(
        kind=row.kind, title=row.title, starts_at=row.starts_at,
        duration_minutes=int((row.ends_at - row.starts_at).total_seconds() // 60),
        requesting_unit_id=row.requesting_unit_id,
        parties=[PartyRef(*_party_ref(p)) for p in row.parties if p.role == PartyRole.INVITED],
        place_name=row.place_name, key_point_id=row.key_point_id, lon=row.lon, lat=row.lat, grid_id=row.grid_id,
        origin=row.origin, origin_case_id=row.origin_case_id,
        agenda=[AgendaDraft(a.title, a.case_id, a.note) for a in row.agenda_items],
    )


@operation(Permission.MEETING_SCHEDULE)
def update_meeting(
    ctx: OperationContext,
    meeting_id: int,
    expected_version: int,
    draft: MeetingDraft,
    *,
    acknowledge_conflicts: bool = False,
    notify: bool = True,
) -> ChangeSet:
    """Change a scheduled meeting; a new time or place sends a change notice to every
    party, a newly invited party gets an invitation."""
    session = ctx.session
    row = _load(session, meeting_id, expected_version)
    _need_open(row, "changed")
    if row.status == MeetingStatus.HELD:
        raise InvalidTransition(f"“{row.title}” has already been held; record its minutes instead.")
    d = _validate(session, draft)
    report = check_draft_in(session, d, exclude_keys=_self_keys(session, row.id))
    acknowledged = _acknowledge(report, acknowledge_conflicts)
    before = {**_snapshot(row), "parties": [p.name for p in row.parties]}
    old_parties = {_party_ref(p) for p in row.parties}
    moved = (row.starts_at, row.ends_at, row.place_name, row.key_point_id, row.lon, row.lat) != (
        d.starts_at, d.ends_at, d.place_name, d.key_point_id, d.lon, d.lat
    )
    row.kind, row.title, row.requesting_unit_id = d.kind, d.title, d.requesting_unit_id
    row.starts_at, row.ends_at = d.starts_at, d.ends_at
    row.place_name, row.key_point_id, row.lon, row.lat, row.grid_id = d.place_name, d.key_point_id, d.lon, d.lat, d.grid_id
    row.acknowledged_warnings = acknowledged
    row.updated_at = now()
    _apply_parties(session, row, d)
    _apply_agenda(row, d.agenda)
    session.flush()
    changes = ChangeSet(summary=f"meeting “{row.title}” changed").add("meeting", row.id)
    if row.series_id is not None:
        changes.add("meeting_series", row.series_id)
    if notify:
        names = _names(session)
        for p in row.parties:
            kind = NoticeKind.CHANGE if _party_ref(p) in old_parties else NoticeKind.INVITATION
            if kind == NoticeKind.CHANGE and not moved:
                continue
            msg = outbox.enqueue(
                session, kind=OutboxKind.NOTICE, target=_party_target(names, p),
                payload=notice_payload(session, row, kind, p), case_id=row.origin_case_id,
                created_by=ctx.actor.user_id,
            )
            session.add(MeetingNotice(meeting_id=row.id, party_id=p.id, kind=kind, outbox_id=msg.id, created_at=now()))
            changes.add("outbox", msg.id)
        session.flush()
    ctx.record("meeting_update", "meeting", row.id, before,
               {**_snapshot(row), "parties": [p.name for p in row.parties], "acknowledged": acknowledged})
    return changes


@operation(Permission.MEETING_SCHEDULE)
def cancel_meeting(
    ctx: OperationContext, meeting_id: int, expected_version: int, reason: str, *, notify: bool = True
) -> ChangeSet:
    """Cancel a scheduled meeting with a reason; every party gets a cancellation notice."""
    session = ctx.session
    reason = _text(reason, "a reason for cancelling", 500)
    row = _load(session, meeting_id, expected_version)
    _need_open(row, "cancelled again")
    if row.status == MeetingStatus.HELD:
        raise InvalidTransition(f"“{row.title}” has already been held and cannot be cancelled.")
    before = _snapshot(row)
    row.status = MeetingStatus.CANCELLED
    row.cancelled_at = now()
    row.cancel_reason = reason
    row.updated_at = now()
    session.flush()
    changes = ChangeSet(summary=f"meeting “{row.title}” cancelled").add("meeting", row.id)
    if row.series_id is not None:
        changes.add("meeting_series", row.series_id)
    if notify:
        _queue_notices(ctx, row, NoticeKind.CANCELLATION, changes)
    ctx.record("meeting_cancel", "meeting", row.id, before, {**_snapshot(row), "reason": reason})
    return changes


# ---------------------------------------------------------------- regular meetings


def _validate_series(session: Session, draft: SeriesDraft) -> SeriesDraft:
    d = replace(draft, parties=list(draft.parties), agenda=list(draft.agenda))
    _kind(d.kind)
    d.title = _text(d.title, "a title for the meeting", MAX_TITLE)
    validate_rule(d.rule)
    d.parties = _check_parties(session, d.parties, d.requesting_unit_id)
    if not d.parties and d.requesting_unit_id is None:
        raise InvalidInput("Invite at least one party to the regular meeting.")
    _resolve_place(session, d)
    d.agenda = [_text(a, "the agenda item", 200) for a in d.agenda]
    return d


@operation(Permission.MEETING_SCHEDULE)
def create_series(ctx: OperationContext, draft: SeriesDraft, *, acknowledge_conflicts: bool = False) -> ChangeSet:
    """Set up a regular meeting (联席会议, 例会). Its occurrences in the next three months
    are checked like single meetings."""
    session = ctx.session
    d = _validate_series(session, draft)
    report = _check_series_in(session, d)
    acknowledged = _acknowledge(report, acknowledge_conflicts)
    at = now()
    r = d.rule
    row = MeetingSeries(
        kind=d.kind, title=d.title, requesting_unit_id=d.requesting_unit_id, grid_id=d.grid_id,
        key_point_id=d.key_point_id, place_name=d.place_name, lon=d.lon, lat=d.lat,
        frequency=r.frequency, weekday=r.weekday, month_week=r.month_week if r.month_day is None else None,
        month_day=r.month_day, start_minute=r.start_minute, duration_minutes=r.duration_minutes,
        first_day=r.first_day, until_day=r.until_day, holiday_policy=r.holiday_policy,
        exdates=sorted(x.isoformat() for x in r.exdates),
        parties=[{"kind": p.kind, "id": p.id} for p in d.parties],
        agenda=list(d.agenda), active=True, created_at=at, created_by=ctx.actor.user_id,
        created_by_name=_name(ctx.actor), updated_at=at,
    )
    session.add(row)
    session.flush()
    ctx.record(
        "meeting_series_create", "meeting_series", row.id, None,
        {"title": row.title, "kind": row.kind, "rule": rule_text(r), "first_day": _jsonable(r.first_day),
         "until_day": _jsonable(r.until_day), "parties": [p.key for p in d.parties], "acknowledged": acknowledged},
    )
    return ChangeSet(summary=f"regular meeting “{row.title}” set up ({rule_text(r)})").add("meeting_series", row.id)


def _load_series(session: Session, series_id: int, expected_version: int | None = None) -> MeetingSeries:
    row = session.get(MeetingSeries, series_id, populate_existing=True)
    if row is None:
        raise NotFound(f"Regular meeting {series_id} does not exist.")
    if expected_version is not None and row.version != expected_version:
        raise Conflict(
            f"The regular meeting “{row.title}” was changed by someone else; reload it and try again.",
            current={"series_id": row.id, "version": row.version},
        )
    return row


@operation(Permission.MEETING_SCHEDULE)
def end_series(ctx: OperationContext, series_id: int, expected_version: int, last_day: date) -> ChangeSet:
    """Stop a regular meeting after `last_day` (occurrences already recorded stay)."""
    row = _load_series(ctx.session, series_id, expected_version)
    if last_day < row.first_day - timedelta(days=1):
        raise InvalidInput("The last day cannot be before the first meeting.")
    before = {"until_day": _jsonable(row.until_day), "version": row.version}
    row.until_day = last_day
    row.updated_at = now()
    ctx.session.flush()
    ctx.record("meeting_series_end", "meeting_series", row.id, before, {"until_day": _jsonable(last_day), "version": row.version})
    return ChangeSet(summary=f"regular meeting “{row.title}” ends on {last_day.isoformat()}").add("meeting_series", row.id)


def _occurrence_of(session: Session, s: MeetingSeries, day: date) -> Occurrence:
    cal = load_calendar(session)
    for o in expand_rule(series_rule(s), day - timedelta(days=1), day + timedelta(days=15), cal):
        if o.day == day:
            return o
    raise NotFound(f"“{s.title}” has no meeting on {day.isoformat()}.")


def _materialise(ctx: OperationContext, s: MeetingSeries, day: date) -> tuple[Meeting, bool]:
    session = ctx.session
    existing = session.execute(
        select(Meeting).where(Meeting.series_id == s.id, Meeting.occurrence_day == day)
    ).scalar_one_or_none()
    if existing is not None:
        return existing, False
    o = _occurrence_of(session, s, day)
    at = now()
    row = Meeting(
        kind=s.kind, status=MeetingStatus.SCHEDULED, title=s.title, requesting_unit_id=s.requesting_unit_id,
        origin=MeetingOrigin.SERIES, grid_id=s.grid_id, key_point_id=s.key_point_id, place_name=s.place_name,
        lon=s.lon, lat=s.lat, starts_at=o.starts_at, ends_at=o.ends_at, series_id=s.id, occurrence_day=day,
        minutes="", minutes_by_name="", cancel_reason="", acknowledged_warnings=[], created_at=at,
        created_by=ctx.actor.user_id, created_by_name=_name(ctx.actor), updated_at=at,
    )
    session.add(row)
    draft = MeetingDraft(
        kind=s.kind, title=s.title, starts_at=o.starts_at, duration_minutes=s.duration_minutes,
        requesting_unit_id=s.requesting_unit_id,
        parties=[PartyRef(str(p["kind"]), int(p["id"])) for p in s.parties or []],
    )
    _apply_parties(session, row, draft)
    _apply_agenda(row, [AgendaDraft(t) for t in s.agenda or []])
    session.flush()
    ctx.record("meeting_open_occurrence", "meeting", row.id, None, {**_snapshot(row), "series_id": s.id, "day": day.isoformat()})
    return row, True


@operation(Permission.MEETING_ATTEND)
def open_occurrence(ctx: OperationContext, series_id: int, day: date) -> ChangeSet:
    """Make the occurrence of a regular meeting on `day` a stored meeting, so attendance,
    minutes and decisions can be recorded on it (nothing happens if it already is)."""
    s = _load_series(ctx.session, series_id)
    row, created = _materialise(ctx, s, day)
    summary = f"meeting “{row.title}” of {day.isoformat()} opened" if created else f"meeting “{row.title}” is open"
    return ChangeSet(summary=summary).add("meeting", row.id).add("meeting_series", s.id)


@operation(Permission.MEETING_SCHEDULE)
def skip_occurrence(ctx: OperationContext, series_id: int, day: date, reason: str) -> ChangeSet:
    """No regular meeting on `day` (an exception to the rule); a stored occurrence is
    cancelled and its parties notified."""
    session = ctx.session
    reason = _text(reason, "a reason for skipping the meeting", 500)
    s = _load_series(session, series_id)
    stored = session.execute(select(Meeting).where(Meeting.series_id == s.id, Meeting.occurrence_day == day)).scalar_one_or_none()
    if stored is not None:
        return cancel_meeting(ctx, stored.id, stored.version, reason)
    _occurrence_of(session, s, day)  # NotFound if there is none that day
    before = {"exdates": list(s.exdates or []), "version": s.version}
    s.exdates = sorted({*(s.exdates or []), day.isoformat()})
    s.updated_at = now()
    session.flush()
    ctx.record("meeting_series_skip", "meeting_series", s.id, before, {"exdates": s.exdates, "reason": reason, "version": s.version})
    return ChangeSet(summary=f"no “{s.title}” on {day.isoformat()}").add("meeting_series", s.id)


# ---------------------------------------------------------------- on the day


def _party(session: Session, party_id: int, expected_version: int | None) -> tuple[MeetingParty, Meeting]:
    p = session.get(MeetingParty, party_id, populate_existing=True)
    if p is None:
        raise NotFound(f"Meeting party {party_id} does not exist.")
    row = _lock_meeting(session, p.meeting_id)
    session.refresh(p)
    if expected_version is not None and p.version != expected_version:
        raise Conflict(
            f"The record of {p.name} at “{row.title}” was changed by someone else; reload it and try again.",
            current={"party_id": p.id, "version": p.version, "attendance": p.attendance, "rating": p.rating},
        )
    return p, row


def _need_started(session: Session, row: Meeting, what: str, early: timedelta = ATTEND_EARLY) -> None:
    if row.starts_at - early > clock(session):
        raise InvalidTransition(f"“{row.title}” starts on {row.starts_at:%Y-%m-%d %H:%M}; {what} on the day.")


@operation(Permission.MEETING_ATTEND)
def record_attendance(
    ctx: OperationContext,
    party_id: int,
    expected_version: int,
    attendance: str,
    *,
    attendee_name: str = "",
    note: str = "",
    at: datetime | None = None,
) -> ChangeSet:
    """Check a party in: present, late, absent or sent a deputy (the deputy's name is
    required), or back to pending."""
    session = ctx.session
    if attendance not in {a.value for a in Attendance}:
        raise InvalidInput(f"Unknown attendance {attendance!r}; use present, late, absent or deputy.")
    p, row = _party(session, party_id, expected_version)
    _need_open(row, "checked in")
    _need_started(session, row, "check the parties in")
    attendee_name = (attendee_name or "").strip()
    if attendance == Attendance.DEPUTY and not attendee_name:
        raise InvalidInput(f"Enter the name of the deputy {p.name} sent.")
    if len(attendee_name) > 64:
        raise InvalidInput("The attendee's name is too long (at most 64 characters).")
    before = {"party": p.name, "attendance": p.attendance, "attendee_name": p.attendee_name, "version": p.version}
    p.attendance = attendance
    p.attendee_name = attendee_name if attendance != Attendance.ABSENT else ""
    p.attendance_note = (note or "").strip()
    p.checked_in_at = (at or now()) if attendance in (Attendance.PRESENT, Attendance.LATE, Attendance.DEPUTY) else None
    session.flush()
    ctx.record(
        "meeting_attendance", "meeting", row.id, before,
        {"party": p.name, "party_id": p.id, "attendance": attendance, "attendee_name": p.attendee_name, "version": p.version},
    )
    return ChangeSet(summary=f"{p.name}: {attendance}").add("meeting", row.id)


@operation(Permission.MEETING_ATTEND)
def save_minutes(ctx: OperationContext, meeting_id: int, expected_version: int, minutes: str) -> ChangeSet:
    """Save the minutes (会议纪要) of a meeting that has started."""
    session = ctx.session
    row = _load(session, meeting_id, expected_version)
    _need_open(row, "minuted")
    _need_started(session, row, "write the minutes", early=timedelta(0))
    text = (minutes or "").strip()
    if len(text) > 20000:
        raise InvalidInput("The minutes are too long (at most 20,000 characters).")
    before = {"minutes_chars": len(row.minutes or ""), "version": row.version}
    row.minutes = text
    row.minutes_updated_at = now()
    row.minutes_by_name = _name(ctx.actor)
    row.updated_at = now()
    session.flush()
    ctx.record("meeting_minutes", "meeting", row.id, before, {"minutes_chars": len(text), "version": row.version})
    return ChangeSet(summary=f"minutes of “{row.title}” saved").add("meeting", row.id)


@operation(Permission.MEETING_ATTEND)
def finish_meeting(ctx: OperationContext, meeting_id: int, expected_version: int) -> ChangeSet:
    """Mark a meeting held: every party checked in and the minutes written."""
    session = ctx.session
    row = _load(session, meeting_id, expected_version)
    _need_open(row, "closed")
    if row.status == MeetingStatus.HELD:
        raise InvalidTransition(f"“{row.title}” is already closed.")
    _need_started(session, row, "close the meeting", early=timedelta(0))
    pending = [p.name for p in row.parties if p.attendance == Attendance.PENDING]
    if pending:
        raise InvalidInput(f"Check in every party first: {', '.join(pending)}.")
    if not (row.minutes or "").strip():
        raise InvalidInput("Write the minutes before closing the meeting.")
    before = _snapshot(row)
    row.status = MeetingStatus.HELD
    row.held_at = now()
    row.updated_at = now()
    session.flush()
    ctx.record("meeting_finish", "meeting", row.id, before, _snapshot(row))
    return ChangeSet(summary=f"meeting “{row.title}” closed").add("meeting", row.id)


@operation(Permission.MEETING_ATTEND)
def add_decision(ctx: OperationContext, meeting_id: int, text: str, *, agenda_item_id: int | None = None) -> ChangeSet:
    """Record a decision (议定事项) of a meeting that has started."""
    session = ctx.session
    text = _text(text, "the decision", 4000)
    row = _lock_meeting(session, meeting_id)
    _need_open(row, "given decisions")
    _need_started(session, row, "record decisions", early=timedelta(0))
    if agenda_item_id is not None and agenda_item_id not in {a.id for a in row.agenda_items}:
        raise NotFound(f"Agenda item {agenda_item_id} is not on this meeting's agenda.")
    pos = len(row.decisions) + 1
    dec = MeetingDecision(
        meeting_id=row.id, position=pos, text=text, agenda_item_id=agenda_item_id, created_at=now(),
        created_by_name=_name(ctx.actor),
    )
    row.decisions.append(dec)
    session.flush()
    ctx.record("meeting_decision", "meeting", row.id, None, {"decision_id": dec.id, "position": pos, "text": text})
    return ChangeSet(summary=f"decision {pos} of “{row.title}” recorded").add("meeting", row.id)


@operation(Permission.MEETING_ATTEND)
def add_follow_up(
    ctx: OperationContext,
    meeting_id: int,
    title: str,
    department_id: int,
    deadline_at: datetime,
    *,
    category_id: int | None = None,
    description: str = "",
    owner_name: str = "",
    decision_id: int | None = None,
) -> ChangeSet:
    """A follow-up task agreed at the meeting becomes a case: reported at the meeting's
    place, registered, and dispatched to the owning town department (or escalated to the
    owning district office) with the agreed deadline. The category defaults to that of the
    meeting's original case. Needs the case permissions too (create, register, dispatch)."""
    from db import cases

    session = ctx.session
    title = _text(title, "the follow-up task", 200)
    owner_name = (owner_name or "").strip()
    if len(owner_name) > 64:
        raise InvalidInput("The owner's name is too long (at most 64 characters).")
    row = _lock_meeting(session, meeting_id)
    _need_open(row, "given follow-up tasks")
    _need_started(session, row, "record follow-up tasks", early=timedelta(0))
    dept = session.get(m.Department, department_id)
    if dept is None:
        raise NotFound(f"Department {department_id} does not exist.")
    if not isinstance(deadline_at, datetime):
        raise InvalidInput("Choose the deadline of the follow-up task.")
    if deadline_at <= now():
        raise InvalidInput("The deadline of a follow-up task must be in the future.")
    if decision_id is not None and decision_id not in {x.id for x in row.decisions}:
        raise NotFound(f"Decision {decision_id} is not one of this meeting's decisions.")
    origin = session.get(m.Case, row.origin_case_id) if row.origin_case_id else None
    if category_id is None:
        if origin is None:
            raise InvalidInput("Choose a category for the follow-up case.")
        category_id = origin.category_id
    cat = session.get(m.Category, category_id)
    if cat is None:
        raise NotFound(f"Category {category_id} does not exist.")
    if cat.police:
        raise InvalidInput(f"{cat.name} is a police matter; choose a category a department can handle.")
    lon, lat = row.lon, row.lat
    if (lon is None or lat is None) and origin is not None:
        lon, lat = origin.lon, origin.lat
    if (lon is None or lat is None) and row.grid_id is not None:
        grid = session.get(m.Grid, row.grid_id)
        if grid is not None:
            pt = grid.geometry.representative_point()
            lon, lat = float(pt.x), float(pt.y)
    if lon is None or lat is None:
        raise InvalidInput("The meeting has no point on the map; give it one before creating follow-up cases.")
    desc = title if not description.strip() else f"{title}\n{description.strip()}"
    changes = ChangeSet()
    made = cases.report_case(
        ctx, source=m.CaseSource.DEPARTMENT.value, category_id=cat.id, lon=lon, lat=lat,
        key_point_id=row.key_point_id, description=desc, address=row.place_name[:128],
    )
    changes.merge(made)
    (case_id,) = made.ids("case")
    c = session.get(m.Case, case_id)
    assert c is not None
    note = f"meeting {row.id}: {row.title}"
    changes.merge(cases.register_case(ctx, c.id, c.version, note=note))
    if dept.level == m.DepartmentLevel.DISTRICT:
        changes.merge(cases.escalate_case(ctx, c.id, c.version, dept.id, f"{note}: {title}", deadline_at=deadline_at))
    else:
        changes.merge(cases.dispatch_case(ctx, c.id, c.version, dept.id, instructions=f"{note}: {title}", deadline_at=deadline_at))
    fu = MeetingFollowUp(
        meeting_id=row.id, decision_id=decision_id, title=title, description=description.strip(),
        department_id=dept.id, owner_name=owner_name, deadline_at=deadline_at, case_id=c.id, created_at=now(),
        created_by_name=_name(ctx.actor),
    )
    row.follow_ups.append(fu)
    session.flush()
    ctx.record(
        "meeting_follow_up", "meeting", row.id, None,
        {"follow_up_id": fu.id, "title": title, "department": dept.code, "owner": owner_name,
         "deadline_at": _jsonable(deadline_at), "case_id": c.id, "case_number": c.number},
    )
    changes.summary = f"follow-up “{title}” became case {c.number} for {dept.name}"
    return changes.add("meeting", row.id)


def rating_points(attendance: str, stars: int | None) -> float | None:
    """A department's points (0-100) for one meeting: stars × 20, less 10 when it came
    late and 5 when it sent a deputy; an absent department scores 0 whatever the stars;
    an unrated one that came is not counted (None)."""
    if attendance == Attendance.ABSENT:
        return 0.0
    if stars is None:
        return None
    points = float(stars) * 20.0
    if attendance == Attendance.LATE:
        points -= 10.0
    elif attendance == Attendance.DEPUTY:
        points -= 5.0
    return max(0.0, points)


@operation(Permission.MEETING_SCHEDULE)
def rate_department(
    ctx: OperationContext,
    party_id: int,
    expected_version: int,
    stars: int,
    *,
    comment: str = "",
    rated_by: str = "",
) -> ChangeSet:
    """The requesting village's or committee's rating (1-5 stars) of a department's
    response at a meeting that has taken place. `rated_by`: who of the committee rated
    (the officer records it on their behalf)."""
    session = ctx.session
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise InvalidInput("A rating is 1 to 5 stars.")
    p, row = _party(session, party_id, expected_version)
    _need_open(row, "rated")
    if row.requesting_unit_id is None:
        raise InvalidInput("Only meetings requested by a village or committee are rated.")
    if p.kind != PartyKind.DEPARTMENT:
        raise InvalidInput(f"{p.name} is not a department; only departments are rated.")
    if row.starts_at > clock(session):
        raise InvalidTransition(f"“{row.title}” has not taken place yet; rate the departments afterwards.")
    rated_by = (rated_by or "").strip() or _name(ctx.actor)
    before = {"party": p.name, "rating": p.rating, "comment": p.rating_comment, "version": p.version}
    p.rating = stars
    p.rating_comment = (comment or "").strip()[:2000]
    p.rated_at = now()
    p.rated_by_name = rated_by[:64]
    session.flush()
    ctx.record(
        "meeting_rating", "meeting", row.id, before,
        {"party": p.name, "party_id": p.id, "department_id": p.department_id, "rating": stars,
         "comment": p.rating_comment, "rated_by": p.rated_by_name, "version": p.version},
    )
    return ChangeSet(summary=f"{p.name} rated {stars} of 5").add("meeting", row.id)


@operation(Permission.MEETING_SCHEDULE)
def queue_reminders(ctx: OperationContext, *, hours_ahead: int = 24) -> ChangeSet:
    """Queue a reminder for every party of the meetings starting within `hours_ahead`
    hours that have not had one (occurrences of regular meetings are opened for it)."""
    session = ctx.session
    at = clock(session)
    until = at + timedelta(hours=hours_ahead)
    changes = ChangeSet()
    count = 0
    for e in _entries(session, at, until):
        if e.starts_at < at or e.status != MeetingStatus.SCHEDULED:
            continue
        if e.meeting_id is None:
            assert e.series_id is not None and e.occurrence_day is not None
            s = _load_series(session, e.series_id)
            row, _ = _materialise(ctx, s, e.occurrence_day)
        else:
            row = _lock_meeting(session, e.meeting_id)
        sent = session.execute(
            select(func.count()).select_from(MeetingNotice).where(
                MeetingNotice.meeting_id == row.id, MeetingNotice.kind == NoticeKind.REMINDER
            )
        ).scalar_one()
        if sent:
            continue
        count += _queue_notices(ctx, row, NoticeKind.REMINDER, changes)
        changes.add("meeting", row.id)
        ctx.record("meeting_reminders", "meeting", row.id, None, {"parties": len(row.parties), "starts_at": _jsonable(row.starts_at)})
    changes.summary = f"{count} reminders queued"
    return changes


@operation(Permission.MEETING_SCHEDULE)
def add_external_party(
    ctx: OperationContext, name: str, kind: str, *, contact_name: str = "", phone: str = "", note: str = ""
) -> ChangeSet:
    """Register an outside party (a property company, a developer, ...) meetings can invite."""
    session = ctx.session
    name = _text(name, "the party's name", 96)
    if kind not in {k.value for k in ExternalPartyKind}:
        raise InvalidInput(f"Unknown kind of outside party {kind!r}.")
    if session.execute(select(ExternalParty.id).where(ExternalParty.name == name)).first():
        raise InvalidInput(f"{name} is already registered; pick it from the list.")
    row = ExternalParty(
        name=name, kind=kind, contact_name=(contact_name or "").strip()[:32], phone=(phone or "").strip()[:20],
        note=(note or "").strip(), active=True, created_at=now(),
    )
    session.add(row)
    session.flush()
    ctx.record("external_party_create", "external_party", row.id, None, {"name": name, "kind": kind})
    return ChangeSet(summary=f"{name} registered").add("external_party", row.id)


# ---------------------------------------------------------------- reading


def _summaries(session: Session, entries: Sequence[_Entry], names: _Names, *, flag_conflicts: bool = True) -> list[MeetingSummary]:
    out = []
    for e in entries:
        conflicts: tuple[ConflictWarning, ...] = ()
        if flag_conflicts and e.status != MeetingStatus.CANCELLED:
            others = [o for o in entries if o.key != e.key]
            conflicts = tuple(_clashes(e, e.party_keys, e.starts_at, e.ends_at, others, names))
        out.append(
            MeetingSummary(
                key=e.key, meeting_id=e.meeting_id, series_id=e.series_id, occurrence_day=e.occurrence_day, kind=e.kind,
                status=e.status, title=e.title, starts_at=e.starts_at, ends_at=e.ends_at, place_name=e.place_name,
                lon=e.lon, lat=e.lat, key_point_id=e.key_point_id, requesting_unit_id=e.requesting_unit_id,
                requesting_unit=names.units.get(e.requesting_unit_id, ("",))[0] if e.requesting_unit_id else "",
                parties=tuple(n for _, n, r in e.parties if r == PartyRole.INVITED),
                party_keys=tuple(k for k, _, _ in e.parties), case_ids=e.case_ids, version=e.version,
                conflicts=conflicts, minutes_recorded=e.minutes_recorded,
            )
        )
    return out


def meetings_between(
    engine: Engine, start: datetime, end: datetime, *, include_cancelled: bool = True
) -> list[MeetingSummary]:
    """Every meeting overlapping [start, end), stored or computed, with its clashes."""
    with Session(engine) as session:
        names = _names(session)
        entries = _entries(session, start, end, include_cancelled=include_cancelled, names=names)
        return _summaries(session, entries, names)


def calendar_week(engine: Engine, first_day: date, *, days: int = 7, at: datetime | None = None) -> CalendarWeek:
    """The week calendar's data: `days` days from `first_day`, their meetings and holidays."""
    with Session(engine) as session:
        names = _names(session)
        cal = load_calendar(session)
        start = datetime.combine(first_day, time())
        end = start + timedelta(days=days)
        entries = _entries(session, start, end, include_cancelled=True, names=names, calendar=cal)
        meetings = tuple(_summaries(session, entries, names))
        span = [first_day + timedelta(days=i) for i in range(days)]
        holidays = {
            d: ("holiday" if d in cal.holidays else "workday", cal.names.get(d, ""))
            for d in span
            if d in cal.holidays or d in cal.workdays
        }
        return CalendarWeek(first_day, tuple(span), meetings, holidays, at or clock(session))


def upcoming_meetings(engine: Engine, days: int = 7, *, at: datetime | None = None, limit: int = 50) -> list[MeetingSummary]:
    """The meetings not cancelled that end after now and start within `days` days, in
    time order (what the duty console lists)."""
    with Session(engine) as session:
        start = at or clock(session)
        names = _names(session)
        entries = [e for e in _entries(session, start, start + timedelta(days=days), names=names) if e.ends_at > start]
        return _summaries(session, entries, names)[:limit]


def meeting_markers(engine: Engine, *, days: int = 14, at: datetime | None = None) -> list[MeetingMarker]:
    """The meetings with a point on the map from today to `days` days ahead (not cancelled)."""
    with Session(engine) as session:
        start = datetime.combine((at or clock(session)).date(), time())
        names = _names(session)
        entries = _entries(session, start, start + timedelta(days=days), names=names)
        out = []
        for s in _summaries(session, entries, names):
            if s.lon is None or s.lat is None:
                continue
            out.append(
                MeetingMarker(
                    s.key, s.meeting_id, s.series_id, s.occurrence_day, s.lon, s.lat, s.title, s.kind, s.status,
                    s.starts_at, s.ends_at, s.place_name, bool(s.conflicts),
                )
            )
        return out


def _case_bits(session: Session, case_id: int | None) -> tuple[str, str]:
    if case_id is None:
        return "", ""
    c = session.get(m.Case, case_id)
    return (c.number, c.state) if c is not None else ("", "")


def meeting_detail(engine: Engine, meeting_id: int) -> MeetingDetail:
    """Everything the on-the-day view shows of a stored meeting."""
    with Session(engine) as session:
        row = session.get(Meeting, meeting_id)
        if row is None:
            raise NotFound(f"Meeting {meeting_id} does not exist.")
        names = _names(session)
        window = _entries(session, row.starts_at - timedelta(hours=1), row.ends_at + timedelta(hours=1), names=names)
        entry = next((e for e in _entries(session, row.starts_at, row.ends_at, include_cancelled=True, names=names)
                      if e.key == meeting_key(row.id)), None)
        assert entry is not None
        summary = _summaries(session, [entry, *[e for e in window if e.key != entry.key]], names)[0]
        parties = tuple(
            PartyInfo(
                p.id, p.kind, p.role, _party_ref(p)[1], p.name,
                names.departments.get(p.department_id, ("", ""))[1] if p.department_id else "",
                p.attendance, p.attendee_name, p.checked_in_at, p.attendance_note, p.rating, p.rating_comment,
                p.rated_by_name, p.version,
            )
            for p in row.parties
        )
        agenda = tuple(
            AgendaInfo(a.id, a.position, a.title, a.case_id, *_case_bits(session, a.case_id), a.note) for a in row.agenda_items
        )
        decisions = tuple(DecisionInfo(x.id, x.position, x.text, x.created_at, x.created_by_name) for x in row.decisions)
        follow_ups = tuple(
            FollowUpInfo(
                f.id, f.title, f.department_id, names.departments.get(f.department_id, ("",))[0], f.owner_name,
                f.deadline_at, f.case_id, *_case_bits(session, f.case_id), f.decision_id,
            )
            for f in row.follow_ups
        )
        party_names = {p.id: p.name for p in row.parties}
        notice_rows = session.execute(
            select(MeetingNotice, OutboxMessage.status)
            .outerjoin(OutboxMessage, OutboxMessage.id == MeetingNotice.outbox_id)
            .where(MeetingNotice.meeting_id == row.id)
            .order_by(MeetingNotice.id)
        ).all()
        notices = tuple(
            NoticeInfo(n.id, n.kind, party_names.get(n.party_id or 0, ""), n.outbox_id, status or "", n.created_at)
            for n, status in notice_rows
        )
        series = session.get(MeetingSeries, row.series_id) if row.series_id else None
        grid = session.get(m.Grid, row.grid_id) if row.grid_id else None
        return MeetingDetail(
            summary=summary, origin=row.origin, origin_case_id=row.origin_case_id,
            origin_case_number=_case_bits(session, row.origin_case_id)[0], grid_id=row.grid_id,
            grid_name=grid.name if grid else "", parties=parties, agenda=agenda, decisions=decisions,
            follow_ups=follow_ups, notices=notices, minutes=row.minutes or "", minutes_updated_at=row.minutes_updated_at,
            minutes_by_name=row.minutes_by_name, cancel_reason=row.cancel_reason,
            created_by_name=row.created_by_name, acknowledged_warnings=tuple(row.acknowledged_warnings or []),
            series_title=series.title if series else "", rule_text=rule_text(series_rule(series)) if series else "",
        )


def meeting_draft(engine: Engine, meeting_id: int) -> tuple[MeetingDraft, int]:
    """A stored meeting as a draft for the edit dialog, with its version."""
    with Session(engine) as session:
        row = session.get(Meeting, meeting_id)
        if row is None:
            raise NotFound(f"Meeting {meeting_id} does not exist.")
        return _draft_of(row), row.version


def notice_document(engine: Engine, meeting_id: int, kind: str = NoticeKind.INVITATION) -> dict[str, Any]:
    """The payload of a printable notice addressed to all parties (for the PDF)."""
    if kind not in {k.value for k in NoticeKind}:
        raise InvalidInput(f"Unknown notice kind {kind!r}.")
    with Session(engine) as session:
        row = session.get(Meeting, meeting_id)
        if row is None:
            raise NotFound(f"Meeting {meeting_id} does not exist.")
        return notice_payload(session, row, kind)


def notice_payload_of(engine: Engine, notice_id: int) -> dict[str, Any]:
    """The stored outbox payload of one queued notice (what was sent to that party)."""
    with Session(engine) as session:
        n = session.get(MeetingNotice, notice_id)
        if n is None:
            raise NotFound(f"Notice {notice_id} does not exist.")
        msg = session.get(OutboxMessage, n.outbox_id) if n.outbox_id else None
        if msg is not None:
            return dict(msg.payload or {})
        row = session.get(Meeting, n.meeting_id)
        assert row is not None
        party = session.get(MeetingParty, n.party_id) if n.party_id else None
        return notice_payload(session, row, n.kind, party)


def department_ratings(engine: Engine, start: datetime, end: datetime) -> list[DepartmentRating]:
    """Each department's rating over the meetings requested by villages and committees that
    started in [start, end) and were not cancelled; best score first."""
    with Session(engine) as session:
        rows = session.execute(
            select(MeetingParty.department_id, MeetingParty.attendance, MeetingParty.rating)
            .join(Meeting, Meeting.id == MeetingParty.meeting_id)
            .where(
                MeetingParty.kind == PartyKind.DEPARTMENT,
                Meeting.requesting_unit_id.is_not(None),
                Meeting.status != MeetingStatus.CANCELLED,
                Meeting.starts_at >= start,
                Meeting.starts_at < end,
            )
        ).all()
        names = _names(session)
    return aggregate_ratings(
        [(int(d), str(a), r) for d, a, r in rows if d is not None],
        {i: (v[0], v[1]) for i, v in names.departments.items()},
    )


def aggregate_ratings(
    rows: Iterable[tuple[int, str, int | None]], departments: dict[int, tuple[str, str]]
) -> list[DepartmentRating]:
    """(department id, attendance, stars) per meeting → one DepartmentRating each."""
    by: dict[int, list[tuple[str, int | None]]] = {}
    for dept, attendance, given in rows:
        by.setdefault(dept, []).append((attendance, given))
    out = []
    for dept, items in by.items():
        stars = [s for _, s in items if s is not None]
        points = [p for p in (rating_points(a, s) for a, s in items) if p is not None]
        name, level = departments.get(dept, (f"#{dept}", ""))
        out.append(
            DepartmentRating(
                department_id=dept, name=name, level=level, meetings=len(items),
                rated=sum(1 for _, s in items if s is not None),
                mean_stars=round(sum(stars) / len(stars), 2) if stars else None,
                present=sum(1 for a, _ in items if a == Attendance.PRESENT),
                late=sum(1 for a, _ in items if a == Attendance.LATE),
                deputy=sum(1 for a, _ in items if a == Attendance.DEPUTY),
                absent=sum(1 for a, _ in items if a == Attendance.ABSENT),
                score=round(sum(points) / len(points), 1) if points else None,
            )
        )
    out.sort(key=lambda r: (-(r.score if r.score is not None else -1.0), r.name))
    return out


def department_unit_scores(engine: Engine, start: datetime, end: datetime) -> list[tuple[int, int, float, int]]:
    """(department id, requesting unit id, score 0-100, meetings counted) over [start, end):
    the villages' and committees' ratings of the departments, for the assessment."""
    with Session(engine) as session:
        rows = session.execute(
            select(Meeting.requesting_unit_id, MeetingParty.department_id, MeetingParty.attendance, MeetingParty.rating)
            .join(Meeting, Meeting.id == MeetingParty.meeting_id)
            .where(
                MeetingParty.kind == PartyKind.DEPARTMENT,
                Meeting.requesting_unit_id.is_not(None),
                Meeting.status != MeetingStatus.CANCELLED,
                Meeting.starts_at >= start,
                Meeting.starts_at < end,
            )
        ).all()
    acc: dict[tuple[int, int], list[float]] = {}
    for unit, dept, attendance, stars in rows:
        pts = rating_points(attendance, stars)
        if pts is not None and dept is not None and unit is not None:
            acc.setdefault((int(dept), int(unit)), []).append(pts)
    return sorted((d, u, round(sum(v) / len(v), 1), len(v)) for (d, u), v in acc.items())


def pick_lists(engine: Engine) -> PickLists:
    """The departments, district offices, villages and committees, outside parties, key
    points and case categories the scheduling dialog offers."""
    with Session(engine) as session:
        deps = session.execute(
            select(m.Department).where(m.Department.active.is_(True)).order_by(m.Department.code)
        ).scalars().all()
        units = session.execute(select(m.AdminUnit).order_by(m.AdminUnit.kind.desc(), m.AdminUnit.admin_code)).scalars().all()
        ext = session.execute(select(ExternalParty).where(ExternalParty.active.is_(True)).order_by(ExternalParty.name)).scalars().all()
        kps = session.execute(
            select(m.KeyPoint.id, m.KeyPoint.name, m.KeyPoint.kind, m.KeyPoint.lon, m.KeyPoint.lat, m.KeyPoint.grid_id)
            .order_by(m.KeyPoint.kind, m.KeyPoint.name)
        ).all()
        cats = session.execute(
            select(m.Category.id, m.Category.name, m.Category.major, m.Category.code)
            .where(m.Category.active.is_(True), m.Category.police.is_(False))
            .order_by(m.Category.code)
        ).all()
        return PickLists(
            town_departments=tuple(PickItem(d.id, d.name, d.kind, d.level) for d in deps if d.level == m.DepartmentLevel.TOWN),
            district_offices=tuple(PickItem(d.id, d.name, d.kind, d.level) for d in deps if d.level == m.DepartmentLevel.DISTRICT),
            admin_units=tuple(PickItem(u.id, u.name, u.kind) for u in units),
            external_parties=tuple(PickItem(x.id, x.name, x.kind) for x in ext),
            key_points=tuple(PickItem(i, n, k, "", lo, la, g) for i, n, k, lo, la, g in kps),
            categories=tuple(PickItem(i, f"{c} {n}", mj) for i, n, mj, c in cats),
        )


def find_case(engine: Engine, number: str) -> CaseBrief:
    """A case by its number (for linking it to an agenda), or NotFound."""
    number = (number or "").strip().upper()
    if not number:
        raise InvalidInput("Enter a case number.")
    with Session(engine) as session:
        c = session.execute(select(m.Case).where(m.Case.number == number)).scalar_one_or_none()
        if c is None:
            raise NotFound(f"There is no case {number}.")
        return _brief(session, c)


def _brief(session: Session, c: m.Case) -> CaseBrief:
    cat = session.get(m.Category, c.category_id)
    return CaseBrief(
        c.id, c.number, c.state, cat.name if cat else "", c.description, c.address, c.lon, c.lat, c.grid_id,
        c.key_point_id, c.department_id, c.category_id,
    )


def _unit_of_grid(session: Session, grid_id: int | None) -> int | None:
    if grid_id is None:
        return None
    g = session.get(m.Grid, grid_id)
    return g.admin_unit_id if g is not None else None


def _next_half_hour(at: datetime, days: int = 1) -> datetime:
    """A default start: 09:30 on the next working day (or the day after `days`)."""
    return datetime.combine(at.date() + timedelta(days=days), time(9, 30))


def _what(brief: CaseBrief) -> str:
    """The case's description, or its category when the description says no more."""
    text = (brief.description or "").strip()
    return text if text and text != brief.category else brief.category


def draft_from_case(engine: Engine, case_id: int) -> MeetingDraft:
    """A joint on-site meeting prefilled from a case: its place, its grid's village or
    committee as the requester, its department invited, the case on the agenda."""
    with Session(engine) as session:
        c = session.get(m.Case, case_id)
        if c is None:
            raise NotFound(f"Case {case_id} does not exist.")
        brief = _brief(session, c)
        parties = [PartyRef(PartyKind.DEPARTMENT.value, c.department_id)] if c.department_id else []
        kp = session.get(m.KeyPoint, c.key_point_id) if c.key_point_id else None
        return MeetingDraft(
            kind=MeetingKind.JOINT_ONSITE.value,
            title=f"{brief.category} {c.number}"[:MAX_TITLE],
            starts_at=_next_half_hour(clock(session)),
            requesting_unit_id=_unit_of_grid(session, c.grid_id),
            parties=parties,
            place_name=(kp.name if kp else c.address)[:128],
            key_point_id=c.key_point_id,
            lon=c.lon,
            lat=c.lat,
            grid_id=c.grid_id,
            origin=MeetingOrigin.CASE.value,
            origin_case_id=c.id,
            agenda=[AgendaDraft(f"{c.number} {_what(brief)}"[:200], c.id)],
        )


def draft_from_key_point(engine: Engine, key_point_id: int) -> MeetingDraft:
    """A joint on-site meeting at a key point: its grid's village or committee requests,
    its responsible department is invited, its open cases are on the agenda."""
    with Session(engine) as session:
        kp = session.get(m.KeyPoint, key_point_id)
        if kp is None:
            raise NotFound(f"Key point {key_point_id} does not exist.")
        open_cases = session.execute(
            select(m.Case).where(m.Case.key_point_id == kp.id, m.Case.state.in_([s.value for s in m.OPEN_STATES]))
            .order_by(m.Case.reported_at).limit(5)
        ).scalars().all()
        return MeetingDraft(
            kind=MeetingKind.JOINT_ONSITE.value,
            title=kp.name[:MAX_TITLE],
            starts_at=_next_half_hour(clock(session)),
            requesting_unit_id=_unit_of_grid(session, kp.grid_id),
            parties=[PartyRef(PartyKind.DEPARTMENT.value, kp.department_id)] if kp.department_id else [],
            place_name=kp.name[:128],
            key_point_id=kp.id,
            lon=kp.lon,
            lat=kp.lat,
            grid_id=kp.grid_id,
            origin=MeetingOrigin.KEY_POINT.value,
            agenda=[AgendaDraft(f"{c.number} {c.description}"[:200], c.id) for c in open_cases],
        )


def draft_from_grid(engine: Engine, grid_id: int) -> MeetingDraft:
    """A meeting in a grid: its village or committee requests, the meeting point is the
    grid's representative point, the grid's department is invited."""
    with Session(engine) as session:
        g = session.get(m.Grid, grid_id)
        if g is None:
            raise NotFound(f"Grid {grid_id} does not exist.")
        pt = g.geometry.representative_point()
        return MeetingDraft(
            kind=MeetingKind.JOINT_ONSITE.value,
            title=g.name[:MAX_TITLE],
            starts_at=_next_half_hour(clock(session)),
            requesting_unit_id=g.admin_unit_id,
            parties=[PartyRef(PartyKind.DEPARTMENT.value, g.department_id)] if g.department_id else [],
            place_name=g.name[:128],
            lon=float(pt.x),
            lat=float(pt.y),
            grid_id=g.id,
            origin=MeetingOrigin.GRID.value,
        )


def blank_draft(engine: Engine) -> MeetingDraft:
    """A meeting from scratch, at 09:30 on the next day."""
    with Session(engine) as session:
        return MeetingDraft(kind=MeetingKind.JOINT_ONSITE.value, title="", starts_at=_next_half_hour(clock(session)))


def meeting_clock(engine: Engine) -> datetime:
    """The meeting clock (see `clock`)."""
    with Session(engine) as session:
        return clock(session)


def meeting_change_entities() -> frozenset[str]:
    """The change-log entities the meeting views refresh on."""
    return frozenset({"meeting", "meeting_series", "external_party"})
