"""The meetings vocabulary (kinds, statuses, attendance, notices, recurrence) and the
colours of the meeting kinds, all translated in context "Meetings"; and the translated
sentences for the scheduling warnings db.meetings returns as structured data."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor

from db.meetings import ConflictWarning
from desktop.labels import QT_TRANSLATE_NOOP

CTX = "Meetings"

KIND_NAMES: dict[str, str] = {
    "joint_onsite": QT_TRANSLATE_NOOP("Meetings", "Joint on-site meeting"),  # 基层约请现场办公
    "consultation": QT_TRANSLATE_NOOP("Meetings", "Consultation meeting"),  # 协商议事会
    "party_joint": QT_TRANSLATE_NOOP("Meetings", "Party-building joint meeting"),  # 网格党建联席会议
    "regular": QT_TRANSLATE_NOOP("Meetings", "Regular work meeting"),  # 工作例会
}
KIND_SHORT: dict[str, str] = {
    "joint_onsite": QT_TRANSLATE_NOOP("Meetings", "On-site"),  # 约请
    "consultation": QT_TRANSLATE_NOOP("Meetings", "Consult"),  # 协商
    "party_joint": QT_TRANSLATE_NOOP("Meetings", "Joint mtg"),  # 联席
    "regular": QT_TRANSLATE_NOOP("Meetings", "Regular"),  # 例会
}
KIND_COLOURS: dict[str, str] = {
    "joint_onsite": "#e0b450",  # the duty-room gold
    "consultation": "#4dd0e1",
    "party_joint": "#ef6f6c",
    "regular": "#64a8f6",
}
STATUS_NAMES: dict[str, str] = {
    "scheduled": QT_TRANSLATE_NOOP("Meetings", "Scheduled"),
    "held": QT_TRANSLATE_NOOP("Meetings", "Held"),
    "cancelled": QT_TRANSLATE_NOOP("Meetings", "Cancelled"),
}
ATTENDANCE_NAMES: dict[str, str] = {
    "pending": QT_TRANSLATE_NOOP("Meetings", "Not checked in"),
    "present": QT_TRANSLATE_NOOP("Meetings", "Present"),
    "late": QT_TRANSLATE_NOOP("Meetings", "Late"),
    "deputy": QT_TRANSLATE_NOOP("Meetings", "Sent a deputy"),
    "absent": QT_TRANSLATE_NOOP("Meetings", "Absent"),
}
ATTENDANCE_COLOURS: dict[str, str] = {
    "pending": "#8d9aab",
    "present": "#7fd18b",
    "late": "#f2a93b",
    "deputy": "#64a8f6",
    "absent": "#ff4d4f",
}
PARTY_KIND_NAMES: dict[str, str] = {
    "department": QT_TRANSLATE_NOOP("Meetings", "Department"),
    "admin_unit": QT_TRANSLATE_NOOP("Meetings", "Village / committee"),
    "external": QT_TRANSLATE_NOOP("Meetings", "Outside party"),
}
ROLE_NAMES: dict[str, str] = {
    "requester": QT_TRANSLATE_NOOP("Meetings", "Requester"),
    "invited": QT_TRANSLATE_NOOP("Meetings", "Invited"),
}
EXTERNAL_KIND_NAMES: dict[str, str] = {
    "property_company": QT_TRANSLATE_NOOP("Meetings", "Property company"),
    "developer": QT_TRANSLATE_NOOP("Meetings", "Developer"),
    "enterprise": QT_TRANSLATE_NOOP("Meetings", "Enterprise"),
    "other": QT_TRANSLATE_NOOP("Meetings", "Other"),
}
NOTICE_NAMES: dict[str, str] = {
    "invitation": QT_TRANSLATE_NOOP("Meetings", "Invitation"),
    "reminder": QT_TRANSLATE_NOOP("Meetings", "Reminder"),
    "change": QT_TRANSLATE_NOOP("Meetings", "Change notice"),
    "cancellation": QT_TRANSLATE_NOOP("Meetings", "Cancellation notice"),
}
OUTBOX_STATUS_NAMES: dict[str, str] = {
    "pending": QT_TRANSLATE_NOOP("Meetings", "Waiting to be sent"),
    "sent": QT_TRANSLATE_NOOP("Meetings", "Sent"),
    "failed": QT_TRANSLATE_NOOP("Meetings", "Sending failed"),
}
FREQUENCY_NAMES: dict[str, str] = {
    "weekly": QT_TRANSLATE_NOOP("Meetings", "Every week"),
    "biweekly": QT_TRANSLATE_NOOP("Meetings", "Every second week"),
    "monthly": QT_TRANSLATE_NOOP("Meetings", "Every month"),
}
HOLIDAY_POLICY_NAMES: dict[str, str] = {
    "next_working_day": QT_TRANSLATE_NOOP("Meetings", "Move to the next working day"),
    "skip": QT_TRANSLATE_NOOP("Meetings", "Skip that meeting"),
    "keep": QT_TRANSLATE_NOOP("Meetings", "Hold it anyway"),
}
MONTH_WEEK_NAMES: dict[int, str] = {
    1: QT_TRANSLATE_NOOP("Meetings", "first"),
    2: QT_TRANSLATE_NOOP("Meetings", "second"),
    3: QT_TRANSLATE_NOOP("Meetings", "third"),
    4: QT_TRANSLATE_NOOP("Meetings", "fourth"),
    -1: QT_TRANSLATE_NOOP("Meetings", "last"),
}
CASE_STATE_FALLBACK = QT_TRANSLATE_NOOP("Meetings", "unknown")


def translated(text: str) -> str:
    """A QT_TRANSLATE_NOOP("Meetings", ...) string in the user's language."""
    return QCoreApplication.translate(CTX, text)


def _label(table: dict[str, str], code: str) -> str:
    src = table.get(code)
    return translated(src) if src else code


def kind_label(kind: str) -> str:
    return _label(KIND_NAMES, kind)


def kind_short(kind: str) -> str:
    return _label(KIND_SHORT, kind)


def kind_colour(kind: str) -> QColor:
    return QColor(KIND_COLOURS.get(kind, "#a0aab6"))


def status_label(status: str) -> str:
    return _label(STATUS_NAMES, status)


def attendance_label(code: str) -> str:
    return _label(ATTENDANCE_NAMES, code)


def party_kind_label(code: str) -> str:
    return _label(PARTY_KIND_NAMES, code)


def role_label(code: str) -> str:
    return _label(ROLE_NAMES, code)


def external_kind_label(code: str) -> str:
    return _label(EXTERNAL_KIND_NAMES, code)


def notice_label(code: str) -> str:
    return _label(NOTICE_NAMES, code)


def outbox_status_label(code: str) -> str:
    return _label(OUTBOX_STATUS_NAMES, code)


def weekday_name(day: date | int, short: bool = False) -> str:
    """The locale's weekday name (Monday = 0)."""
    wd = day if isinstance(day, int) else day.weekday()
    fmt = QLocale.FormatType.ShortFormat if short else QLocale.FormatType.LongFormat
    return QLocale().dayName(wd + 1, fmt)


def day_text(day: date) -> str:
    """ "11月30日 周一" / "Mon 30 Nov"."""
    return QCoreApplication.translate("Meetings", "{month}/{day} {weekday}").format(month=day.month, day=day.day, weekday=weekday_name(day, True))


def when_text(start: datetime, end: datetime, today: date | None = None) -> str:
    """ "今天 14:30-16:00" / "12月2日 周三 09:30-11:00"."""
    if today is not None and start.date() == today:
        head = QCoreApplication.translate("Meetings", "Today")
    elif today is not None and (start.date() - today).days == 1:
        head = QCoreApplication.translate("Meetings", "Tomorrow")
    else:
        head = day_text(start.date())
    return f"{head} {start:%H:%M}-{end:%H:%M}"


def warning_text(w: ConflictWarning) -> str:
    """A scheduling warning in the user's language."""
    when = ""
    if w.other_start is not None and w.other_end is not None:
        when = f"{day_text(w.other_start.date())} {w.other_start:%H:%M}-{w.other_end:%H:%M}"
    if w.kind == "party_busy":
        return QCoreApplication.translate("Meetings", "{party} is already booked {when} for “{meeting}”.").format(
            party=w.party_name, when=when, meeting=w.other_title
        )
    if w.kind == "place_busy":
        return QCoreApplication.translate("Meetings", "The place is already booked {when} for “{meeting}”.").format(when=when, meeting=w.other_title)
    day = day_text(w.day) if w.day else ""
    if w.kind == "holiday":
        return QCoreApplication.translate("Meetings", "{day} is a holiday ({name}).").format(day=day, name=w.holiday_name)
    if w.kind == "non_working_day":
        return QCoreApplication.translate("Meetings", "{day} is not a working day.").format(day=day)
    if w.kind == "outside_hours":
        return QCoreApplication.translate("Meetings", "Outside office hours (08:30-12:00, 13:00-17:30).")
    if w.kind == "past":
        return QCoreApplication.translate("Meetings", "The meeting would start in the past.")
    return w.message


def stars_text(stars: int | None) -> str:
    if not stars:
        return ""
    return "★" * stars + "☆" * (5 - stars)
