"""Tables of joint on-site meetings (基层约请 / 现场办公), consultation meetings and the
regular meetings of the grid (party-building joint meetings 联席会议, work meetings 例会).

A meeting has a requesting village or residential committee, invited parties (town
departments, district offices, outside parties such as a property company or a developer),
a place (a key point or a point on the map), a time, an agenda with linked cases, the
attendance of each party, minutes, decisions, follow-up tasks that become cases, and the
requesting committee's rating of each department's response.

Regular meetings are a `MeetingSeries` (a recurrence rule); its occurrences are computed
(db/meetings.py `expand_rule`) and only become `Meeting` rows when something is recorded on
them (attendance, minutes, a move or a cancellation): a row with `series_id` and
`occurrence_day` overrides the computed occurrence of that day.

Invitations, reminders, change and cancellation notices go to the shared outbox
(db/outbox.py, kind "notice"); `MeetingNotice` links each one to its meeting and party.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models import Base


class MeetingKind(StrEnum):
    JOINT_ONSITE = "joint_onsite"  # 基层约请 / 现场办公: departments hold office on site
    CONSULTATION = "consultation"  # 协商议事会: a consultation meeting on a hard case
    PARTY_JOINT = "party_joint"  # 网格党建联席会议
    REGULAR = "regular"  # 例会: the regular work meeting


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"  # took place; minutes closed
    CANCELLED = "cancelled"


class MeetingOrigin(StrEnum):
    CASE = "case"
    KEY_POINT = "key_point"
    GRID = "grid"
    SCRATCH = "scratch"
    SERIES = "series"  # an occurrence of a regular meeting


class PartyKind(StrEnum):
    DEPARTMENT = "department"  # a town department or a district office (departments table)
    ADMIN_UNIT = "admin_unit"  # a village or residential committee
    EXTERNAL = "external"  # a property company, developer, enterprise ...


class PartyRole(StrEnum):
    REQUESTER = "requester"  # the village/committee that asked for the meeting
    INVITED = "invited"


class Attendance(StrEnum):
    PENDING = "pending"  # not checked in yet
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"
    DEPUTY = "deputy"  # sent a deputy instead of the person invited


class ExternalPartyKind(StrEnum):
    PROPERTY_COMPANY = "property_company"  # 物业公司
    DEVELOPER = "developer"  # 开发商
    ENTERPRISE = "enterprise"  # 企业
    OTHER = "other"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class HolidayPolicy(StrEnum):
    """What a regular meeting does when an occurrence falls on a holiday."""

    SKIP = "skip"
    NEXT_WORKING_DAY = "next_working_day"
    KEEP = "keep"  # held anyway (and warned about)


class NoticeKind(StrEnum):
    INVITATION = "invitation"  # 约请函 / 会议通知
    REMINDER = "reminder"
    CHANGE = "change"  # time or place changed
    CANCELLATION = "cancellation"


class ExternalParty(Base):
    """An outside party a meeting can invite: a property company, a developer, ..."""

    __tablename__ = "external_parties"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(96), unique=True)
    kind: Mapped[str] = mapped_column(String(24), default=ExternalPartyKind.OTHER)
    contact_name: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class MeetingSeries(Base):
    """A regular meeting (联席会议, 例会): the recurrence rule and the template of its
    occurrences (parties and agenda as JSON lists)."""

    __tablename__ = "meeting_series"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(128))
    requesting_unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_units.id"))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    key_point_id: Mapped[int | None] = mapped_column(ForeignKey("key_points.id"))
    place_name: Mapped[str] = mapped_column(String(128), default="")
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    frequency: Mapped[str] = mapped_column(String(16))
    weekday: Mapped[int | None] = mapped_column(Integer)  # 0 = Monday (weekly, biweekly, monthly nth)
    month_week: Mapped[int | None] = mapped_column(Integer)  # monthly: 1..4, -1 = the last
    month_day: Mapped[int | None] = mapped_column(Integer)  # monthly: day of month 1..31
    start_minute: Mapped[int] = mapped_column(Integer)  # minutes after midnight
    duration_minutes: Mapped[int] = mapped_column(Integer)
    first_day: Mapped[date] = mapped_column(Date)
    until_day: Mapped[date | None] = mapped_column(Date)
    holiday_policy: Mapped[str] = mapped_column(String(24), default=HolidayPolicy.NEXT_WORKING_DAY)
    exdates: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO days without a meeting
    parties: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    agenda: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_name: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Meeting(Base):
    """One meeting: a joint on-site meeting, a consultation, or one occurrence of a series."""

    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), default=MeetingStatus.SCHEDULED)
    title: Mapped[str] = mapped_column(String(128))
    requesting_unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_units.id"))
    origin: Mapped[str] = mapped_column(String(16), default=MeetingOrigin.SCRATCH)
    origin_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    key_point_id: Mapped[int | None] = mapped_column(ForeignKey("key_points.id"))
    place_name: Mapped[str] = mapped_column(String(128), default="")
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id"), index=True)
    occurrence_day: Mapped[date | None] = mapped_column(Date)  # the series day this row stands for
    minutes: Mapped[str] = mapped_column(Text, default="")
    minutes_updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    minutes_by_name: Mapped[str] = mapped_column(String(64), default="")
    held_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    acknowledged_warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_name: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    parties: Mapped[list[MeetingParty]] = relationship(
        back_populates="meeting", order_by="MeetingParty.id", cascade="all, delete-orphan"
    )
    agenda_items: Mapped[list[MeetingAgendaItem]] = relationship(
        order_by="MeetingAgendaItem.position", cascade="all, delete-orphan"
    )
    decisions: Mapped[list[MeetingDecision]] = relationship(
        order_by="MeetingDecision.position", cascade="all, delete-orphan"
    )
    follow_ups: Mapped[list[MeetingFollowUp]] = relationship(
        order_by="MeetingFollowUp.id", cascade="all, delete-orphan"
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_meetings_starts_at", "starts_at"),
        Index("ix_meetings_status_starts_at", "status", "starts_at"),
        UniqueConstraint("series_id", "occurrence_day"),
    )


class MeetingParty(Base):
    """A party of a meeting (requester or invited), its attendance and its rating."""

    __tablename__ = "meeting_parties"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16), default=PartyRole.INVITED)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    admin_unit_id: Mapped[int | None] = mapped_column(ForeignKey("admin_units.id"))
    external_party_id: Mapped[int | None] = mapped_column(ForeignKey("external_parties.id"))
    name: Mapped[str] = mapped_column(String(96))  # the party's name when invited
    attendance: Mapped[str] = mapped_column(String(16), default=Attendance.PENDING)
    attendee_name: Mapped[str] = mapped_column(String(64), default="")  # who came (or the deputy)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    attendance_note: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[int | None] = mapped_column(Integer)  # 1..5 stars, by the requesting committee
    rating_comment: Mapped[str] = mapped_column(Text, default="")
    rated_at: Mapped[datetime | None] = mapped_column(DateTime)
    rated_by_name: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    meeting: Mapped[Meeting] = relationship(back_populates="parties")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class MeetingAgendaItem(Base):
    __tablename__ = "meeting_agenda_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")


class MeetingDecision(Base):
    """A decision taken at a meeting (会议议定事项)."""

    __tablename__ = "meeting_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_agenda_items.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_name: Mapped[str] = mapped_column(String(64), default="")


class MeetingFollowUp(Base):
    """A follow-up task agreed at a meeting; it becomes a case with a deadline and an owner."""

    __tablename__ = "meeting_follow_ups"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_decisions.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    owner_name: Mapped[str] = mapped_column(String(64), default="")
    deadline_at: Mapped[datetime] = mapped_column(DateTime)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_name: Mapped[str] = mapped_column(String(64), default="")


class MeetingNotice(Base):
    """An invitation, reminder, change or cancellation notice queued in the outbox."""

    __tablename__ = "meeting_notices"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_parties.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    # no foreign key: the outbox (migration 0003) is another branch's table, and delivered
    # messages may be purged from it while the notice record stays
    outbox_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
