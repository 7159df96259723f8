"""Demo meetings: the Huazhongyuan (华中苑) external-wall joint meeting of DOMAIN.md, the
joint on-site meetings of this week and the next, and the regular meetings (a monthly
grid party-building joint meeting 联席会议 and a weekly work meeting 例会).

Written by `db.demo.build_demo` inside its transaction, relative to the demo's reference
time, deterministically (no random numbers): the same town and reference give the same
meetings. Demo rows are written directly, like the rest of the demo history (no audit
entries); the follow-up cases of past meetings are inserted with their timelines.

The Huazhongyuan story: residents report falling facing tiles on the estate's walls; the
case goes to the town housing office; the residential committee invites the district and
town housing offices, city management, market regulation, the property company and the
developer to a joint on-site meeting; the developer repairs under warranty from the
following month (August for the reference date 2026-11-27), finished by November.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import models as m
from db.console_models import OutboxKind, OutboxMessage, OutboxStatus
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
from db.worktime import HolidayCalendar, load_calendar

ORGANISER = "值班员 王海"
EXTERNALS = [
    ("上海华中物业管理有限公司", ExternalPartyKind.PROPERTY_COMPANY, "周经理", "021-59701234"),
    ("上海华中置业发展有限公司", ExternalPartyKind.DEVELOPER, "孙工", "021-59705678"),
    ("上海崧泽建设工程有限公司", ExternalPartyKind.ENTERPRISE, "钱项目经理", "13801860000"),
]


@dataclass(frozen=True, slots=True)
class DemoMeetingsReport:
    meetings: int
    series: int
    follow_up_cases: int


class _Writer:
    def __init__(self, session: Session, reference: datetime) -> None:
        self.s = session
        self.ref = reference
        self.monday = reference.date() - timedelta(days=reference.weekday())
        self.cal: HolidayCalendar = load_calendar(session)
        self.dept = {c: (i, n) for i, c, n in session.execute(select(m.Department.id, m.Department.code, m.Department.name))}
        self.units = {i: n for i, n in session.execute(select(m.AdminUnit.id, m.AdminUnit.name))}
        self.users = {u: i for u, i in session.execute(select(m.User.username, m.User.id))}
        self.ext: dict[str, tuple[int, str]] = {}
        self.meetings = 0
        self.cases = 0

    # ------------------------------------------------------------ helpers

    def this_afternoon(self, at: time) -> datetime:
        """`at` today, or on the next working day when the reference is past noon or off."""
        day = self.ref.date()
        if self.ref.time() >= time(12, 0) or not self.cal.is_working_day(day):
            day = self.workday(day + timedelta(days=1))
        return datetime.combine(day, at)

    def workday(self, day: date, forward: bool = True) -> date:
        step = timedelta(days=1 if forward else -1)
        while not self.cal.is_working_day(day):
            day += step
        return day

    def party(self, kind: str, ref: int, role: str = PartyRole.INVITED) -> MeetingParty:
        if kind == PartyKind.DEPARTMENT:
            name = next(n for i, n in self.dept.values() if i == ref)
        elif kind == PartyKind.ADMIN_UNIT:
            name = self.units[ref]
        else:
            name = next(n for i, n in self.ext.values() if i == ref)
        return MeetingParty(
            kind=kind, role=role, department_id=ref if kind == PartyKind.DEPARTMENT else None,
            admin_unit_id=ref if kind == PartyKind.ADMIN_UNIT else None,
            external_party_id=ref if kind == PartyKind.EXTERNAL else None, name=name,
            attendance=Attendance.PENDING, attendee_name="", attendance_note="", rating_comment="", rated_by_name="",
        )

    def depts(self, *codes: str) -> list[tuple[str, int]]:
        return [(PartyKind.DEPARTMENT.value, self.dept[c][0]) for c in codes if c in self.dept]

    def meeting(
        self,
        *,
        kind: str,
        title: str,
        start: datetime,
        minutes_long: int,
        unit_id: int | None,
        parties: list[tuple[str, int]],
        place: str,
        lon: float | None,
        lat: float | None,
        grid_id: int | None = None,
        key_point_id: int | None = None,
        origin: str = MeetingOrigin.SCRATCH,
        origin_case_id: int | None = None,
        agenda: list[tuple[str, int | None]] | None = None,
        created_at: datetime | None = None,
        series_id: int | None = None,
        occurrence_day: date | None = None,
        acknowledged: list[dict[str, Any]] | None = None,
    ) -> Meeting:
        if created_at is not None:
            created = created_at
        elif start.date() >= self.monday + timedelta(days=7):
            created = self.ref - timedelta(minutes=40)  # scheduled this morning: invitations pending
        else:
            created = min(self.ref, start) - timedelta(days=3)
        row = Meeting(
            kind=kind, status=MeetingStatus.SCHEDULED, title=title, requesting_unit_id=unit_id, origin=origin,
            origin_case_id=origin_case_id, grid_id=grid_id, key_point_id=key_point_id, place_name=place, lon=lon,
            lat=lat, starts_at=start, ends_at=start + timedelta(minutes=minutes_long), series_id=series_id,
            occurrence_day=occurrence_day, minutes="", minutes_by_name="", cancel_reason="",
            acknowledged_warnings=acknowledged or [], created_at=created, created_by=self.users.get("duty1"),
            created_by_name=ORGANISER, updated_at=created,
        )
        if unit_id is not None:
            row.parties.append(self.party(PartyKind.ADMIN_UNIT, unit_id, PartyRole.REQUESTER))
        seen = {(PartyKind.ADMIN_UNIT.value, unit_id)}
        for kind_, ref in parties:
            if (kind_, ref) not in seen:
                seen.add((kind_, ref))
                row.parties.append(self.party(kind_, ref))
        for pos, (text, case_id) in enumerate(agenda or [], start=1):
            row.agenda_items.append(MeetingAgendaItem(position=pos, title=text, case_id=case_id, note=""))
        self.s.add(row)
        self.s.flush()
        self.meetings += 1
        self.notices(row, NoticeKind.INVITATION, created)
        return row

    def notices(self, row: Meeting, kind: str, at: datetime) -> None:
        sent = at < self.ref - timedelta(hours=1)  # older notices were delivered
        for p in row.parties:
            payload = {
                "notice": f"meeting_{kind}", "notice_kind": str(kind), "meeting_id": row.id, "meeting_kind": row.kind,
                "title": row.title, "starts_at": row.starts_at.isoformat(), "ends_at": row.ends_at.isoformat(),
                "place": row.place_name, "lon": row.lon, "lat": row.lat,
                "requester": self.units.get(row.requesting_unit_id or 0, ""), "party": p.name, "party_id": p.id,
                "parties": [{"name": x.name, "role": x.role} for x in row.parties],
                "agenda": [{"title": a.title, "case_number": ""} for a in row.agenda_items],
                "organiser": ORGANISER, "cancel_reason": row.cancel_reason, "town": "", "district": "",
                "issued_at": at.isoformat(),
            }
            msg = OutboxMessage(
                kind=OutboxKind.NOTICE, case_id=row.origin_case_id, target=self._target(p), payload=payload,
                status=OutboxStatus.SENT if sent else OutboxStatus.PENDING, attempts=1 if sent else 0, last_error="",
                created_at=at, created_by=self.users.get("duty1"), sent_at=at + timedelta(minutes=2) if sent else None,
                external_ref=f"demo/{row.id}/{p.id}" if sent else "",
            )
            self.s.add(msg)
            self.s.flush()
            msg.payload = {**payload, "message_id": msg.id, "kind": OutboxKind.NOTICE.value, "target": msg.target}
            self.s.add(MeetingNotice(meeting_id=row.id, party_id=p.id, kind=kind, outbox_id=msg.id, created_at=at))
        self.s.flush()

    def _target(self, p: MeetingParty) -> str:
        if p.department_id is not None:
            return next(c for c, (i, _) in self.dept.items() if i == p.department_id)
        if p.admin_unit_id is not None:
            return f"unit:{p.admin_unit_id}"
        return f"external:{p.external_party_id}"

    def hold(
        self,
        row: Meeting,
        attendance: dict[str, tuple[str, str]],
        minutes: str,
        decisions: list[str],
        ratings: dict[str, tuple[int, str]] | None = None,
        rated_by: str = "",
    ) -> None:
        """Record the meeting as held: attendance by party name (default present), minutes,
        decisions, ratings by department name."""
        for p in row.parties:
            status, who = attendance.get(p.name, (Attendance.PRESENT, ""))
            p.attendance = status
            p.attendee_name = who
            if status == Attendance.LATE:
                p.checked_in_at = row.starts_at + timedelta(minutes=20)
            elif status != Attendance.ABSENT:
                p.checked_in_at = row.starts_at - timedelta(minutes=10)
            if ratings and p.name in ratings:
                p.rating, p.rating_comment = ratings[p.name]
                p.rated_at = row.ends_at + timedelta(days=1)
                p.rated_by_name = rated_by
        row.minutes = minutes
        row.minutes_updated_at = row.ends_at + timedelta(minutes=30)
        row.minutes_by_name = ORGANISER
        for pos, text in enumerate(decisions, start=1):
            row.decisions.append(
                MeetingDecision(position=pos, text=text, created_at=row.ends_at, created_by_name=ORGANISER)
            )
        row.status = MeetingStatus.HELD
        row.held_at = row.ends_at + timedelta(minutes=30)
        row.updated_at = row.held_at
        self.s.flush()

    # ------------------------------------------------------------ cases

    def case_number(self, day: date) -> str:
        stem = f"ZX{day:%Y%m%d}-"
        highest = self.s.execute(
            select(func.max(m.Case.number)).where(m.Case.number >= stem, m.Case.number < stem[:-1] + ".")
        ).scalar()
        seq = int(str(highest)[len(stem):]) if highest else 0
        return f"{stem}{seq + 1:04d}"

    def case(
        self,
        *,
        category_code: str,
        source: str,
        dept_code: str,
        lon: float,
        lat: float,
        grid_id: int | None,
        description: str,
        address: str,
        reported: datetime,
        deadline: datetime,
        steps: list[tuple[str, datetime, str | None, str | None, str]],
        state: str,
    ) -> m.Case | None:
        cat = self.s.execute(select(m.Category).where(m.Category.code == category_code)).scalar_one_or_none()
        if cat is None or dept_code not in self.dept:
            return None
        dept_id = self.dept[dept_code][0]
        closed = next((at for kind, at, *_ in steps if kind == "close"), None)
        dispatched = next((at for kind, at, *_ in steps if kind in ("dispatch", "escalate")), None)
        c = m.Case(
            number=self.case_number(reported.date()), category_id=cat.id, source=source, state=state,
            level=3 if dept_code.startswith("Q") else 2, urgent=False, police=False, hazard=cat.hazard, lon=lon, lat=lat,
            address=address, grid_id=grid_id, department_id=dept_id, description=description, reported_at=reported,
            registered_at=reported + timedelta(minutes=25), dispatched_at=dispatched, deadline_at=deadline,
            dispatch_due_at=reported + timedelta(minutes=cat.dispatch_minutes), closed_at=closed, rework_count=0,
            updated_at=steps[-1][1], version=len(steps),
        )
        self.s.add(c)
        self.s.flush()
        for kind, at, frm, to, note in steps:
            self.s.add(
                m.CaseEvent(
                    case_id=c.id, at=at, kind=kind, actor_user_id=None if kind == "report" else self.users.get("duty1"),
                    actor_name="" if kind == "report" else ORGANISER, workstation="" if kind == "report" else "DEMO",
                    from_state=frm, to_state=to, department_id=dept_id, note=note, data=None,
                )
            )
        self.s.flush()
        self.cases += 1
        return c

    def follow_up(
        self, row: Meeting, title: str, dept_code: str, owner: str, deadline: datetime, done: datetime | None,
        category_code: str, decision: int | None = None,
    ) -> None:
        at = row.ends_at + timedelta(minutes=40)
        steps: list[tuple[str, datetime, str | None, str | None, str]] = [
            ("report", at, None, "reported", "department"),
            ("register", at + timedelta(minutes=5), "reported", "to_dispatch", f"meeting {row.id}: {row.title}"),
            ("dispatch", at + timedelta(minutes=8), "to_dispatch", "dispatched", f"meeting {row.id}: {title}"),
        ]
        state = "dispatched"
        if done is not None:
            steps += [
                ("feedback", done, "dispatched", "feedback", "已按约请会议要求完成"),
                ("verify", done + timedelta(hours=20), "feedback", "feedback", "现场核查属实"),
                ("close", done + timedelta(days=1), "feedback", "closed", ""),
            ]
            state = "closed"
        assert row.lon is not None and row.lat is not None
        c = self.case(
            category_code=category_code, source=m.CaseSource.DEPARTMENT.value, dept_code=dept_code, lon=row.lon,
            lat=row.lat, grid_id=row.grid_id, description=title, address=row.place_name, reported=at,
            deadline=deadline, steps=steps, state=state,
        )
        if c is None:
            return
        dec_id = row.decisions[decision - 1].id if decision and len(row.decisions) >= decision else None
        row.follow_ups.append(
            MeetingFollowUp(
                decision_id=dec_id, title=title, description="", department_id=self.dept[dept_code][0], owner_name=owner,
                deadline_at=deadline, case_id=c.id, created_at=at, created_by_name=ORGANISER,
            )
        )
        self.s.flush()


def _month(d: date) -> str:
    return f"{d.month}月{d.day}日"


def _huazhongyuan(w: _Writer) -> None:
    """The external-wall joint meeting of DOMAIN.md, its follow-ups and ratings."""
    grid = w.s.execute(
        select(m.Grid).where(m.Grid.name == "华中苑", m.Grid.level == m.GridLevel.MANAGEMENT)
    ).scalars().first()
    if grid is None:
        return
    pt = grid.geometry.representative_point()
    lon, lat = float(pt.x), float(pt.y)
    ref = w.ref
    reported = datetime.combine(w.workday(ref.date() - timedelta(days=140)), time(10, 12))
    meet_day = w.workday(reported.date() + timedelta(days=6))
    start = datetime.combine(meet_day, time(14, 30))
    repair_start = w.workday(date(meet_day.year, meet_day.month, 1) + timedelta(days=35))  # early next month
    repaired = w.workday(ref.date() - timedelta(days=17), forward=False)
    wall = w.case(
        category_code="0701", source=m.CaseSource.HOTLINE.value, dept_code="D07", lon=lon, lat=lat, grid_id=grid.id,
        description="华中苑小区多幢住宅外墙饰面砖脱落，存在高空坠落隐患，居民反映强烈，要求尽快修缮。",
        address="华中苑小区", reported=reported, deadline=datetime.combine(repaired + timedelta(days=10), time(17, 30)),
        steps=[
            ("report", reported, None, "reported", "hotline"),
            ("register", reported + timedelta(minutes=25), "reported", "to_dispatch", ""),
            ("dispatch", reported + timedelta(minutes=40), "to_dispatch", "dispatched", "请镇房管办牵头处置"),
            ("extension_approved", start + timedelta(hours=3), "dispatched", "dispatched",
             "约请会议议定外墙修缮工期，处置时限顺延至修缮完工"),
            ("feedback", datetime.combine(repaired, time(16, 0)), "dispatched", "feedback", "外墙修缮已完工"),
            ("verify", datetime.combine(repaired + timedelta(days=1), time(10, 0)), "feedback", "feedback",
             "居委会会同房管办现场验收合格"),
            ("close", datetime.combine(repaired + timedelta(days=2), time(9, 0)), "feedback", "closed", ""),
        ],
        state="closed",
    )
    prop, dev = w.ext["上海华中物业管理有限公司"][0], w.ext["上海华中置业发展有限公司"][0]
    row = w.meeting(
        kind=MeetingKind.JOINT_ONSITE, title="华中苑小区外墙脱落问题现场约请会", start=start, minutes_long=120,
        unit_id=grid.admin_unit_id,
        parties=[*w.depts("Q06", "D07", "D02", "D03"), (PartyKind.EXTERNAL.value, prop), (PartyKind.EXTERNAL.value, dev)],
        place="华中苑小区物业服务中心", lon=lon, lat=lat, grid_id=grid.id, origin=MeetingOrigin.CASE,
        origin_case_id=wall.id if wall else None,
        agenda=[
            ("通报外墙饰面砖脱落情况及居民诉求", wall.id if wall else None),
            ("明确修缮责任主体、资金来源和工期", None),
            ("施工期间安全防护、占道管理和施工单位资质", None),
        ],
        created_at=reported + timedelta(days=2),
    )
    minutes = (
        f"{meet_day.year}年{_month(meet_day)}下午，居委会约请区房管局、镇房管办、镇城管执法中队、赵巷市场监管所、"
        "物业公司和开发商在华中苑小区现场办公。与会各方实地查看了3号、7号、12号楼外墙饰面砖脱落部位，听取了居民代表意见。"
        "经协商：外墙问题属开发商保修责任范围，由开发商出资修缮；物业公司立即落实安全防护；区、镇房管部门监管修缮方案和施工质量；"
        "城管中队负责脚手架搭设期间的占道管理；市场监管所核查施工单位资质。"
        f"修缮计划{_month(repair_start)}进场，{repaired.month}月底前完工。"
    )
    w.hold(
        row,
        {
            "青浦区房管局": (Attendance.DEPUTY, "物业科 陆科长"),
            "赵巷市场监管所": (Attendance.LATE, "注册科 许所长"),
            w.units[grid.admin_unit_id]: (Attendance.PRESENT, "居委会书记 沈红"),
        },
        minutes,
        [
            f"开发商在保修责任范围内出资修缮外墙，{_month(repair_start)}进场施工，{repaired.month}月底前完工。",
            "物业公司即日起对脱落风险区域设置安全围挡和警示标识，落实每日巡查。",
            "区、镇房管部门监管修缮方案和施工质量；城管中队负责脚手架占道管理；市场监管所核查施工单位资质。",
            "居委会做好居民沟通解释，修缮进度每月向居民公示。",
        ],
        ratings={
            "青浦区房管局": (5, "区局现场拍板，明确了开发商的保修责任"),
            "镇房屋管理办公室": (5, "全程跟踪，修缮质量好"),
            "镇城管执法中队": (4, "占道审批及时"),
            "赵巷市场监管所": (4, "资质核查到位，到场稍晚"),
        },
        rated_by="居委会书记 沈红",
    )
    w.follow_up(row, "外墙脱落区域设置安全围挡和警示标识", "D07", "镇房管办 顾工",
                start + timedelta(days=3), start + timedelta(days=1, hours=20), "0701", 2)
    w.follow_up(row, "核查外墙修缮施工单位资质", "D03", "许所长",
                start + timedelta(days=14), start + timedelta(days=8), "0701", 3)
    w.follow_up(row, "脚手架搭设期间占道管理", "D02", "城管中队 张队",
                datetime.combine(repair_start + timedelta(days=30), time(17, 30)),
                datetime.combine(repair_start + timedelta(days=3), time(15, 0)), "0701", 3)
    w.follow_up(row, "外墙修缮工程施工监管", "D07", "镇房管办 顾工",
                datetime.combine(repaired + timedelta(days=10), time(17, 30)),
                datetime.combine(repaired, time(11, 0)), "0701", 1)


def _case_meetings(w: _Writer, monday: date) -> None:
    """Joint on-site meetings on hard open cases, today and next week."""
    rows = w.s.execute(
        select(m.Case, m.Category)
        .join(m.Category, m.Category.id == m.Case.category_id)
        .where(m.Case.state.in_(["escalated", "long_term"]), m.Case.grid_id.is_not(None), m.Case.police.is_(False))
        .order_by(m.Case.reported_at, m.Case.id)
    ).all()
    picked: list[tuple[m.Case, m.Category]] = []
    grids: set[int] = set()
    for c, cat in rows:
        if c.grid_id not in grids:
            grids.add(c.grid_id or 0)
            picked.append((c, cat))
        if len(picked) == 2:
            break
    slots = [w.this_afternoon(time(14, 30)), datetime.combine(w.workday(monday + timedelta(days=8)), time(9, 30))]
    for (c, cat), start in zip(picked, slots, strict=False):
        grid = w.s.get(m.Grid, c.grid_id)
        assert grid is not None
        parties = [(PartyKind.DEPARTMENT.value, d) for d in dict.fromkeys(x for x in (c.department_id, cat.department_id) if x)]
        parties += w.depts("D02")
        w.meeting(
            kind=MeetingKind.JOINT_ONSITE, title=f"{cat.name}问题现场约请会", start=start, minutes_long=90,
            unit_id=grid.admin_unit_id, parties=parties, place=c.address or grid.name, lon=c.lon, lat=c.lat,
            grid_id=grid.id, key_point_id=c.key_point_id, origin=MeetingOrigin.CASE, origin_case_id=c.id,
            agenda=[(f"{c.number} {cat.name}：{c.description}"[:200], c.id), ("明确责任部门和处置时限", None)],
        )


def _key_point_meetings(w: _Writer, monday: date) -> None:
    kps = {
        kind: w.s.execute(select(m.KeyPoint).where(m.KeyPoint.kind == kind).order_by(m.KeyPoint.id)).scalars().first()
        for kind in ("river", "construction_site", "shop")
    }
    grid_unit = {g: u for g, u in w.s.execute(select(m.Grid.id, m.Grid.admin_unit_id))}
    river, site, shop = kps["river"], kps["construction_site"], kps["shop"]
    if river is not None:
        w.meeting(
            kind=MeetingKind.JOINT_ONSITE, title=f"{river.name}水体异味现场约请会",
            start=datetime.combine(w.workday(monday + timedelta(days=9)), time(9, 30)), minutes_long=90,
            unit_id=grid_unit.get(river.grid_id), parties=w.depts("D08", "D34", "Q05"), place=river.name,
            lon=river.lon, lat=river.lat, grid_id=river.grid_id, key_point_id=river.id, origin=MeetingOrigin.KEY_POINT,
            agenda=[("沿河排口排查及截污纳管", None), ("河长制巡河问题整改", None)],
        )
    wed = w.workday(monday + timedelta(days=9))
    if site is not None:
        contractor = w.ext["上海崧泽建设工程有限公司"][0]
        w.meeting(
            kind=MeetingKind.CONSULTATION, title="在建工地夜间施工噪声协商会",
            start=datetime.combine(wed, time(14, 0)), minutes_long=90, unit_id=grid_unit.get(site.grid_id),
            parties=[*w.depts("D06", "D02"), (PartyKind.EXTERNAL.value, contractor)], place=site.name, lon=site.lon,
            lat=site.lat, grid_id=site.grid_id, key_point_id=site.id, origin=MeetingOrigin.KEY_POINT,
            agenda=[("夜间施工许可及噪声监测", None), ("渣土车辆出入管理", None)],
        )
    if shop is not None:
        # the city-management squad is double-booked with this afternoon's case meeting:
        # the officer acknowledged it (the squad sends two teams), the calendar marks it
        squad = w.dept.get("D02", (0, ""))[1]
        w.meeting(
            kind=MeetingKind.JOINT_ONSITE, title=f"{shop.name}跨门营业问题约请会",
            start=w.this_afternoon(time(15, 0)), minutes_long=60, unit_id=grid_unit.get(shop.grid_id),
            parties=w.depts("D02", "D03"), place=shop.name, lon=shop.lon, lat=shop.lat, grid_id=shop.grid_id,
            key_point_id=shop.id, origin=MeetingOrigin.KEY_POINT, agenda=[("沿街商户门责落实", None)],
            acknowledged=[{"kind": "party_busy", "message": f"{squad} is already booked", "party": squad}],
        )
    # held earlier this week, with ratings
    shop2 = w.s.execute(select(m.KeyPoint).where(m.KeyPoint.kind == "shop").order_by(m.KeyPoint.id).offset(1)).scalars().first()
    tue = w.workday(monday + timedelta(days=1))
    if shop2 is not None and datetime.combine(tue, time(16, 0)) < w.ref:
        row = w.meeting(
            kind=MeetingKind.JOINT_ONSITE, title=f"{shop2.name}油烟扰民问题约请会", start=datetime.combine(tue, time(14, 0)),
            minutes_long=90, unit_id=grid_unit.get(shop2.grid_id), parties=w.depts("D03", "D02", "D06"),
            place=shop2.name, lon=shop2.lon, lat=shop2.lat, grid_id=shop2.grid_id, key_point_id=shop2.id,
            origin=MeetingOrigin.KEY_POINT, agenda=[("油烟净化设施整改", None)],
        )
        w.hold(
            row, {"镇规划建设和生态环境办公室": (Attendance.ABSENT, "")},
            "居委会约请市场监管所、城管中队现场查看商户油烟排放情况。商户承诺一周内加装油烟净化设施并定期清洗。",
            ["商户一周内加装油烟净化设施，城管中队复查。", "市场监管所督促商户规范经营。"],
            ratings={"赵巷市场监管所": (5, "现场指导细致"), "镇城管执法中队": (4, "")},
            rated_by="居委会主任",
        )
        w.follow_up(row, "复查商户油烟净化设施加装情况", "D02", "城管中队",
                    datetime.combine(w.workday(tue + timedelta(days=9)), time(17, 30)), None, "1101")
    # cancelled this week
    thu = monday + timedelta(days=3)
    if shop is not None and w.cal.is_working_day(thu):
        row = w.meeting(
            kind=MeetingKind.CONSULTATION, title="沿街店招店牌安全隐患协商会", start=datetime.combine(thu, time(10, 0)),
            minutes_long=60, unit_id=grid_unit.get(shop.grid_id), parties=w.depts("D09", "D02"), place=shop.name,
            lon=shop.lon, lat=shop.lat, grid_id=shop.grid_id, key_point_id=shop.id,
        )
        row.status = MeetingStatus.CANCELLED
        row.cancel_reason = "绿化市容所当日有防台防汛紧急任务，改期另行通知"
        row.cancelled_at = datetime.combine(thu - timedelta(days=1), time(16, 20))
        w.notices(row, NoticeKind.CANCELLATION, row.cancelled_at)


def _series(w: _Writer, monday: date) -> int:
    town = w.s.execute(select(m.Town)).scalars().first()
    pt = town.geometry.representative_point() if town is not None else None
    lon, lat = (float(pt.x), float(pt.y)) if pt is not None else (None, None)
    created = datetime.combine(monday - timedelta(weeks=12, days=3), time(10, 0))
    weekly = MeetingSeries(
        kind=MeetingKind.REGULAR, title="网格化管理工作例会", place_name="镇城市运行管理中心", lon=lon, lat=lat,
        frequency=Frequency.WEEKLY, weekday=0, start_minute=8 * 60 + 30, duration_minutes=60,
        first_day=monday - timedelta(weeks=12), holiday_policy=HolidayPolicy.NEXT_WORKING_DAY,
        exdates=[(monday - timedelta(weeks=4)).isoformat()],
        parties=[{"kind": k, "id": i} for k, i in w.depts("D29", "D15", "D02", "D03", "D30")],
        agenda=["上周案件处置情况通报", "超期、返工案件分析", "本周重点工作部署"],
        active=True, created_at=created, created_by=w.users.get("duty1"), created_by_name=ORGANISER, updated_at=created,
    )
    first_month = date(monday.year - (monday.month <= 6), (monday.month - 7) % 12 + 1, 1)
    # the party-building service centre is a few hundred metres from the operations centre
    plon, plat = (lon + 0.003, lat + 0.002) if lon is not None and lat is not None else (None, None)
    monthly = MeetingSeries(
        kind=MeetingKind.PARTY_JOINT, title="网格党建联席会议", place_name="镇党建服务中心", lon=plon, lat=plat,
        frequency=Frequency.MONTHLY, weekday=2, month_week=1, start_minute=14 * 60, duration_minutes=120,
        first_day=first_month, holiday_policy=HolidayPolicy.NEXT_WORKING_DAY, exdates=[],
        parties=[{"kind": k, "id": i} for k, i in w.depts("D30", "D15", "D29")]
        + [{"kind": PartyKind.ADMIN_UNIT.value, "id": u} for u in sorted(w.units)[:3]],
        agenda=["各网格党建引领基层治理情况交流", "疑难问题会商", "下月重点工作"],
        active=True, created_at=created, created_by=w.users.get("duty1"), created_by_name=ORGANISER, updated_at=created,
    )
    w.s.add_all([weekly, monthly])
    w.s.flush()
    # this week's work meeting was held
    from db.meetings import expand_rule, series_rule

    this_week = [o for o in expand_rule(series_rule(weekly), monday, monday + timedelta(days=7), w.cal)]
    if this_week and this_week[0].ends_at < w.ref:
        o = this_week[0]
        row = w.meeting(
            kind=weekly.kind, title=weekly.title, start=o.starts_at, minutes_long=weekly.duration_minutes, unit_id=None,
            parties=[(p["kind"], p["id"]) for p in weekly.parties], place=weekly.place_name, lon=lon, lat=lat,
            origin=MeetingOrigin.SERIES, agenda=[(t, None) for t in weekly.agenda], series_id=weekly.id,
            occurrence_day=o.day, created_at=o.starts_at - timedelta(days=3),
        )
        w.hold(
            row, {"镇党建服务中心": (Attendance.DEPUTY, "组织科 王干事")},
            "通报上周全镇案件处置情况，分析超期和返工案件原因；部署本周沿街商户门责和河道巡查重点工作。",
            ["城管中队牵头开展沿街商户跨门营业专项整治。", "平安办汇总超期案件，周五前反馈整改情况。"],
        )
    # last month's party-building joint meeting was held
    past = expand_rule(series_rule(monthly), monday - timedelta(days=45), w.ref.date(), w.cal)
    if past:
        o = past[-1]
        row = w.meeting(
            kind=monthly.kind, title=monthly.title, start=o.starts_at, minutes_long=monthly.duration_minutes,
            unit_id=None, parties=[(p["kind"], p["id"]) for p in monthly.parties], place=monthly.place_name,
            lon=plon, lat=plat, origin=MeetingOrigin.SERIES, agenda=[(t, None) for t in monthly.agenda],
            series_id=monthly.id, occurrence_day=o.day, created_at=o.starts_at - timedelta(days=5),
        )
        w.hold(
            row, {},
            "各村居党组织书记交流网格党建引领基层治理做法；会商华中苑外墙修缮进度和沿河违规养殖整治；部署下月重点工作。",
            ["推广“问题不出组、不出村”经验做法。", "疑难问题通过基层约请制度提交相关职能部门现场办公。"],
        )
    return 2


def write_demo_meetings(session: Session, reference: datetime) -> DemoMeetingsReport:
    """Add the demo meetings to a freshly built demo town (see the module docstring)."""
    w = _Writer(session, reference)
    for name, kind, contact, phone in EXTERNALS:
        x = ExternalParty(name=name, kind=kind, contact_name=contact, phone=phone, note="演示数据", active=True,
                          created_at=reference - timedelta(days=200))
        session.add(x)
        session.flush()
        w.ext[name] = (x.id, name)
    monday = reference.date() - timedelta(days=reference.weekday())
    _huazhongyuan(w)
    _case_meetings(w, monday)
    _key_point_meetings(w, monday)
    n_series = _series(w, monday)
    session.flush()
    return DemoMeetingsReport(w.meetings, n_series, w.cases)
