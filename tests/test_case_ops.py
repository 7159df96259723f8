"""The case workflow operations (db/cases.py) on SQLite and PostgreSQL: every path of the
state machine, every illegal transition, permissions, optimistic locking, racing claims,
deadlines on the holiday calendar, the outbox, and all-or-nothing failure."""

from __future__ import annotations

import functools
import inspect
import json
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from db import case_queries as Q
from db import cases as C
from db import models as m
from db import outbox
from db.console_models import CaseExtension, OutboxMessage
from db.ops import (
    Actor,
    Conflict,
    InvalidInput,
    InvalidTransition,
    PermissionDenied,
    run_operation,
)
from db.permissions import Permission
from db.session import make_engine, resolve_url
from db.worktime import (
    HolidayCalendar,
    case_deadline,
    load_calendar,
    remove_calendar_day,
    set_calendar_day,
    working_hours_between,
)

S = m.CaseState


# ---------------------------------------------------------------- helpers


class Town:
    """Handles on a small demo town: engine, actors, a few categories, a grid point."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(resolve_url(url))
        with Session(self.engine) as s:
            self.users = {u.username: u for u in s.execute(select(m.User)).scalars()}
            cats = {c.code: c for c in s.execute(select(m.Category)).scalars()}
            self.cat = cats["0101"]  # exposed garbage: town, 8 h, level 2
            self.urgent_cat = cats["0301"]  # missing manhole cover: urgent
            self.police_cat = cats["1401"]  # fight: police
            self.grid = s.execute(
                select(m.Grid).where(m.Grid.level == m.GridLevel.MANAGEMENT.value).order_by(m.Grid.id)
            ).scalars().first()
            assert self.grid is not None
            p = self.grid.geometry.representative_point()
            self.lon, self.lat = p.x, p.y
            self.town_dept = s.execute(
                select(m.Department).where(m.Department.level == "town").order_by(m.Department.id)
            ).scalars().first()
            self.district_dept = s.execute(
                select(m.Department).where(m.Department.level == "district").order_by(m.Department.id)
            ).scalars().first()
            liaison = self.users["liaison1"]
            self.liaison_dept_id = liaison.department_id
            self.other_dept_id = s.execute(
                select(m.Department.id).where(
                    m.Department.level == "town", m.Department.id != liaison.department_id
                ).order_by(m.Department.id)
            ).scalars().first()

    def actor(self, username: str, workstation: str = "ws-1") -> Actor:
        u = self.users[username]
        return Actor(u.id, u.username, u.role, u.display_name, workstation, u.department_id)

    @property
    def duty(self) -> Actor:
        return self.actor("duty1", "ws-1")

    @property
    def duty2(self) -> Actor:
        return self.actor("duty2", "ws-2")

    @property
    def liaison(self) -> Actor:
        return self.actor("liaison1", "dept-ws")

    def report(self, cat: m.Category | None = None, **kw: Any) -> int:
        args: dict[str, Any] = {
            "source": "patrol", "category_id": (cat or self.cat).id, "lon": self.lon, "lat": self.lat,
        }
        args.update(kw)
        return C.report(self.engine, self.duty, **args).case_id

    def case(self, case_id: int) -> m.Case:
        with Session(self.engine) as s:
            c = s.get(m.Case, case_id)
            assert c is not None
            return c

    def v(self, case_id: int) -> int:
        return self.case(case_id).version

    def do(self, actor: Actor, fn: Callable[..., Any], case_id: int, *args: Any, **kw: Any) -> Any:
        return C.perform(self.engine, actor, fn, case_id, self.v(case_id), *args, **kw)

    def events(self, case_id: int) -> list[str]:
        with Session(self.engine) as s:
            return [e.kind for e in Q.case_timeline(s, case_id)]

    def registered(self, cat: m.Category | None = None) -> int:
        cid = self.report(cat)
        self.do(self.duty, C.register_case, cid)
        return cid

    def dispatched_to_liaison(self) -> int:
        cid = self.registered()
        self.do(self.duty, C.dispatch_case, cid, self.liaison_dept_id, instructions="请处理")
        return cid

    def audit_actions(self, case_id: int) -> list[str]:
        with Session(self.engine) as s:
            return list(
                s.execute(
                    select(m.AuditRecord.action)
                    .where(m.AuditRecord.entity == "case", m.AuditRecord.entity_id == case_id)
                    .order_by(m.AuditRecord.seq)
                ).scalars()
            )


@pytest.fixture
def town(small_demo_url: str) -> Any:
    t = Town(small_demo_url)
    yield t
    t.engine.dispose()


# ---------------------------------------------------------------- lifecycle paths


def test_full_lifecycle_report_to_close(town: Town) -> None:
    out = C.report(
        town.engine, town.duty, source="hotline", category_id=town.cat.id, lon=town.lon, lat=town.lat,
        description="路边垃圾堆积", reporter_name="张三", reporter_phone="13812345678",
    )
    assert out.grid_id == town.grid.id and not out.outside_town
    assert out.number.startswith("ZX") and len(out.number) == len("ZX20261127-0012")
    cid = out.case_id
    c = town.case(cid)
    assert c.state == S.REPORTED and c.version == 1 and c.deadline_at is not None and c.dispatch_due_at is not None
    changes = town.do(town.duty, C.register_case, cid)
    assert changes.ids("case") == {cid}
    c = town.case(cid)
    assert c.state == S.TO_DISPATCH and c.registered_at is not None and c.claimed_by == town.duty.user_id
    changes = town.do(town.duty, C.dispatch_case, cid, town.liaison_dept_id, instructions="请今日处理")
    c = town.case(cid)
    assert c.state == S.DISPATCHED and c.department_id == town.liaison_dept_id and c.claimed_by is None
    assert len(changes.ids("outbox")) == 1  # the dispatch notice
    town.do(town.liaison, C.record_feedback, cid, "已清运完毕")
    town.do(town.duty, C.verify_on_site, cid, passed=True, note="现场已清理")
    assert town.case(cid).state == S.FEEDBACK
    town.do(town.duty, C.close_case, cid)
    c = town.case(cid)
    assert c.state == S.CLOSED and c.closed_at is not None and c.version == 6
    assert town.events(cid) == ["report", "register", "dispatch", "feedback", "verify", "close"]
    assert town.audit_actions(cid) == [
        "case_report", "case_register", "case_dispatch", "case_feedback", "case_verify", "case_close",
    ]
    with Session(town.engine) as s:
        tl = Q.case_timeline(s, cid)
    assert [(e.from_state, e.to_state) for e in tl] == [
        (None, "reported"), ("reported", "to_dispatch"), ("to_dispatch", "dispatched"),
        ("dispatched", "feedback"), ("feedback", "feedback"), ("feedback", "closed"),
    ]
    assert tl[3].actor_name == town.users["liaison1"].display_name and tl[3].workstation == "dept-ws"
    assert tl[2].data is not None and tl[2].data["changed"]["department_id"] == [None, town.liaison_dept_id]


def test_level_1_handled_on_the_spot(town: Town) -> None:
    cid = town.report()
    town.do(town.duty, C.handle_on_spot, cid, note="网格员现场劝导清理")
    c = town.case(cid)
    assert c.state == S.FEEDBACK and c.level == 1 and c.registered_at is not None and c.department_id is None
    town.do(town.duty, C.close_case, cid)
    assert town.events(cid) == ["report", "handle_on_spot", "close"]


def test_level_3_escalation_writes_the_sheet_request(town: Town) -> None:
    cid = town.registered()
    changes = town.do(town.duty, C.escalate_case, cid, town.district_dept.id, "涉及区级职权")
    c = town.case(cid)
    assert c.state == S.ESCALATED and c.level == 3 and c.department_id == town.district_dept.id
    assert len(changes.ids("outbox")) == 2
    with Session(town.engine) as s:
        docs = outbox.pending_documents(s)
        sheet = next(d for d in docs if d.case_id == cid)
        assert sheet.kind == "escalation_sheet" and sheet.target == town.district_dept.code
        assert sheet.payload["case_number"] == c.number and sheet.payload["reason"] == "涉及区级职权"
        assert sheet.payload["district_department_name"] == town.district_dept.name
        assert [t["kind"] for t in sheet.payload["timeline"]] == ["report", "register", "escalate"]
    run_operation(town.engine, town.duty, Permission.CASE_ESCALATE, outbox.mark_document_rendered, sheet.id, "/tmp/x.pdf")
    with Session(town.engine) as s:
        assert all(d.id != sheet.id for d in outbox.pending_documents(s))
    # a town department is refused as an escalation target, a district one as a dispatch target
    cid2 = town.registered()
    with pytest.raises(InvalidInput, match="town department"):
        town.do(town.duty, C.escalate_case, cid2, town.town_dept.id, "x")
    with pytest.raises(InvalidInput, match="district department"):
        town.do(town.duty, C.dispatch_case, cid2, town.district_dept.id)
    with pytest.raises(InvalidInput, match="reason"):
        town.do(town.duty, C.escalate_case, cid2, town.district_dept.id, "  ")
    town.do(town.duty, C.record_feedback, cid, "区房管局已处理")
    town.do(town.duty, C.close_case, cid)
    assert town.case(cid).state == S.CLOSED


def test_police_forward_and_outbox_adapter(town: Town, tmp_path: Path) -> None:
    cid = town.report(town.police_cat, reporter_name="李四", reporter_phone="13900001111")
    assert town.case(cid).police
    changes = town.do(town.duty, C.forward_to_police, cid, note="现场有人打架")
    c = town.case(cid)
    assert c.state == S.POLICE and c.department_id is None and c.registered_at is not None
    (msg_id,) = changes.ids("outbox")

    class Broken:
        name = "broken"

        def send(self, message: outbox.OutboxItem) -> str:
            raise ConnectionError("police platform unreachable")

    report = outbox.send_pending(town.engine, Broken(), limit=1000)  # the demo has queued notices too
    assert msg_id in report.failed and "unreachable" in report.errors[msg_id]
    with Session(town.engine) as s:
        row = s.get(OutboxMessage, msg_id)
        assert row is not None and row.status == "failed" and row.attempts == 1 and row.next_attempt_at is not None
    # not due yet: nothing is tried again until its retry time
    assert outbox.send_pending(town.engine, Broken()).attempted == 0
    run_operation(town.engine, town.duty, Permission.CASE_FORWARD_POLICE, outbox.retry_message, msg_id)
    adapter = outbox.JsonFolderAdapter(tmp_path / "out")
    report = outbox.send_pending(town.engine, adapter)
    assert msg_id in report.sent and not report.failed
    files = sorted((tmp_path / "out" / "police_forward").glob("*.json"))
    assert len(files) == 1 and c.number in files[0].name
    doc = json.loads(files[0].read_text(encoding="utf-8"))
    assert doc["message_id"] == msg_id and doc["kind"] == "police_forward"
    assert doc["payload"]["case_number"] == c.number
    assert doc["payload"]["reporter_phone"] == "13900001111"  # the police get the contact in full
    with Session(town.engine) as s:
        row = s.get(OutboxMessage, msg_id)
        assert row is not None and row.status == "sent" and row.attempts == 1 and row.external_ref == str(files[0])
        assert outbox.outbox_counts(s)["sent"] >= 1
        actions = s.execute(select(m.AuditRecord.action).where(m.AuditRecord.entity == "outbox")).scalars().all()
        assert "outbox_failed" in actions and "outbox_sent" in actions and "outbox_retry" in actions
    assert outbox.send_pending(town.engine, adapter).attempted == 0  # nothing left
    # the police platform dealt with it
    town.do(town.duty, C.close_case, cid, note="派出所已处置")
    assert town.events(cid) == ["report", "forward_police", "close"]
    # a non-police case cannot be forwarded; a police case cannot be dispatched
    other = town.registered()
    with pytest.raises(InvalidTransition, match="not police-type"):
        town.do(town.duty, C.forward_to_police, other)
    pol = town.registered(town.police_cat)
    with pytest.raises(InvalidTransition, match="police platform"):
        town.do(town.duty, C.dispatch_case, pol, town.town_dept.id)


def test_return_and_redispatch(town: Town) -> None:
    cid = town.dispatched_to_liaison()
    town.do(town.liaison, C.return_case, cid, "不属于本单位职责", suggested_department_id=town.other_dept_id)
    c = town.case(cid)
    assert c.state == S.RETURNED
    with pytest.raises(InvalidInput, match="another department"):
        town.do(town.duty, C.dispatch_case, cid, town.liaison_dept_id)
    town.do(town.duty, C.dispatch_case, cid, town.other_dept_id)
    c = town.case(cid)
    assert c.state == S.DISPATCHED and c.department_id == town.other_dept_id
    assert town.events(cid)[-2:] == ["return", "redispatch"]
    # the liaison may not act on another department's case
    with pytest.raises(PermissionDenied, match="your own"):
        town.do(town.liaison, C.record_feedback, cid, "done")
    with pytest.raises(InvalidInput, match="reason"):
        town.do(town.actor("admin"), C.return_case, cid, "")


def test_extension_request_and_decisions(town: Town) -> None:
    cid = town.dispatched_to_liaison()
    old = town.case(cid).deadline_at
    assert old is not None
    want = old + timedelta(days=3)
    with pytest.raises(InvalidInput, match="later"):
        town.do(town.liaison, C.request_extension, cid, old - timedelta(hours=1), "need time")
    changes = town.do(town.liaison, C.request_extension, cid, want, "需协调物业")
    assert len(changes.ids("extension")) == 1
    with pytest.raises(InvalidTransition, match="already has an extension"):
        town.do(town.liaison, C.request_extension, cid, want + timedelta(days=1), "again")
    with pytest.raises(PermissionDenied):
        town.do(town.liaison, C.decide_extension, cid, True)
    town.do(town.duty, C.decide_extension, cid, True, note="同意")
    assert town.case(cid).deadline_at == want
    town.do(town.liaison, C.request_extension, cid, want + timedelta(days=5), "还要更久")
    town.do(town.actor("supervisor1"), C.decide_extension, cid, False, note="不同意")
    assert town.case(cid).deadline_at == want
    with pytest.raises(InvalidTransition, match="no extension request"):
        town.do(town.duty, C.decide_extension, cid, True)
    with Session(town.engine) as s:
        exts = s.execute(select(CaseExtension).where(CaseExtension.case_id == cid).order_by(CaseExtension.id)).scalars().all()
        assert [e.status for e in exts] == ["approved", "refused"]
        assert exts[0].granted_deadline == want and exts[0].old_deadline == old
        detail = Q.case_detail(s, cid)
        assert detail is not None and len(detail.extensions) == 2 and detail.pending_extension is None
    assert town.events(cid)[-4:] == ["extension_request", "extension_approved", "extension_request", "extension_refused"]


def test_rework_and_failed_verification(town: Town) -> None:
    cid = town.dispatched_to_liaison()
    town.do(town.liaison, C.record_feedback, cid, "已处理")
    town.do(town.duty, C.rework_case, cid, "现场核查未处置到位")
    c = town.case(cid)
    assert c.state == S.DISPATCHED and c.rework_count == 1 and c.department_id == town.liaison_dept_id
    town.do(town.liaison, C.record_feedback, cid, "已再次处理")
    with pytest.raises(InvalidInput, match="not done"):
        town.do(town.duty, C.verify_on_site, cid, passed=False)
    town.do(town.duty, C.verify_on_site, cid, passed=False, note="仍有垃圾")
    c = town.case(cid)
    assert c.state == S.DISPATCHED and c.rework_count == 2
    # an escalated case goes back to the district, a level-1 case back to dispatch
    esc = town.registered()
    town.do(town.duty, C.escalate_case, esc, town.district_dept.id, "区级")
    town.do(town.duty, C.record_feedback, esc, "done")
    town.do(town.duty, C.rework_case, esc, "not done")
    assert town.case(esc).state == S.ESCALATED
    spot = town.report()
    town.do(town.duty, C.handle_on_spot, spot)
    town.do(town.duty, C.rework_case, spot, "not done")
    assert town.case(spot).state == S.TO_DISPATCH


def test_long_term_register(town: Town) -> None:
    cid = town.dispatched_to_liaison()
    with Session(town.engine) as s:
        at = datetime(2030, 1, 1)  # every deadline has passed
        before = Q.queue_counts(s, at=at)
    town.do(town.actor("supervisor1"), C.put_on_long_term, cid, "需区级协调，长期挂账")
    assert town.case(cid).state == S.LONG_TERM
    with Session(town.engine) as s:
        after = Q.queue_counts(s, at=at)
    assert after["long_term"] == before["long_term"] + 1
    assert after["dispatched"] == before["dispatched"] - 1
    assert after["overdue"] == before["overdue"] - 1  # the register leaves the overdue count
    new_deadline = (datetime.now() + timedelta(days=30)).replace(microsecond=0)
    town.do(town.duty, C.take_off_long_term, cid, deadline_at=new_deadline)
    c = town.case(cid)
    assert c.state == S.DISPATCHED and c.deadline_at == new_deadline
    assert town.events(cid)[-2:] == ["long_term", "long_term_off"]


def test_merge_a_duplicate(town: Town) -> None:
    master = town.registered()
    dup = town.report()
    with Session(town.engine) as s:
        assert master in [d.id for d in Q.possible_duplicates(s, dup)]
    with pytest.raises(InvalidInput, match="itself"):
        town.do(town.duty, C.merge_cases, dup, dup)
    changes = town.do(town.duty, C.merge_cases, dup, master, note="同一点位重复上报")
    assert changes.ids("case") == {dup, master}
    d, mc = town.case(dup), town.case(master)
    assert d.state == S.CLOSED and d.merged_into_id == master and d.closed_at is not None
    assert mc.state == S.TO_DISPATCH and mc.version == 3
    assert town.events(dup)[-1] == "merge" and town.events(master)[-1] == "merged_from"
    with pytest.raises(InvalidTransition, match="merged into another case"):
        town.do(town.duty, C.register_case, dup)
    with Session(town.engine) as s:
        detail = Q.case_detail(s, dup)
        assert detail is not None and detail.merged_into_number == mc.number
        assert dup not in [x.id for x in Q.possible_duplicates(s, master)]  # merged cases drop out


def test_report_outside_the_town_is_kept_and_flagged(town: Town) -> None:
    out = C.report(town.engine, town.duty, source="hotline", category_id=town.cat.id, lon=121.9, lat=31.6)
    assert out.outside_town and out.grid_id is None
    c = town.case(out.case_id)
    assert c.outside_town and c.state == S.REPORTED
    with Session(town.engine) as s:
        assert any(r.id == out.case_id and r.outside_town for r in Q.queue_rows(s, "reported"))
    changes = C.perform(town.engine, town.duty, C.report_case, source="camera", category_id=town.cat.id, lon=121.9, lat=31.6)
    assert "outside the town" in changes.summary
    # a key point gives the location when none is given
    with Session(town.engine) as s:
        kp = s.execute(select(m.KeyPoint).order_by(m.KeyPoint.id)).scalars().first()
        assert kp is not None
    out = C.report(town.engine, town.duty, source="citizen_qr", category_id=town.cat.id, key_point_id=kp.id)
    c = town.case(out.case_id)
    assert (c.lon, c.lat) == (kp.lon, kp.lat) and c.grid_id == kp.grid_id and c.key_point_id == kp.id
    with pytest.raises(InvalidInput, match="location"):
        C.report(town.engine, town.duty, source="hotline", category_id=town.cat.id)
    with pytest.raises(InvalidInput, match="source"):
        C.report(town.engine, town.duty, source="pigeon", category_id=town.cat.id, lon=town.lon, lat=town.lat)


def test_set_category_recomputes_police_urgency_and_deadline(town: Town) -> None:
    cid = town.report()
    c0 = town.case(cid)
    town.do(town.duty, C.set_category, cid, town.urgent_cat.id)
    c = town.case(cid)
    assert c.urgent and c.category_id == town.urgent_cat.id
    assert c.deadline_at == c.reported_at + timedelta(hours=town.urgent_cat.time_limit_hours)
    assert c.dispatch_due_at == c.reported_at + timedelta(minutes=town.urgent_cat.dispatch_minutes)
    assert c.deadline_at != c0.deadline_at
    town.do(town.duty, C.set_category, cid, town.police_cat.id)
    assert town.case(cid).police
    with pytest.raises(InvalidInput, match="already"):
        town.do(town.duty, C.set_category, cid, town.police_cat.id)
    town.do(town.duty, C.register_case, cid, category_id=town.cat.id)
    c = town.case(cid)
    assert not c.police and c.category_id == town.cat.id and c.state == S.TO_DISPATCH


def test_case_numbers_are_unique_under_concurrency(town: Town) -> None:
    numbers: list[str] = []
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        actor = town.actor("duty1" if n % 2 else "duty2", f"ws-{n}")
        try:
            for _ in range(5):
                numbers.append(
                    C.report(town.engine, actor, source="patrol", category_id=town.cat.id, lon=town.lon, lat=town.lat).number
                )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(numbers) == 20 and len(set(numbers)) == 20
    seqs = sorted(int(n.split("-")[1]) for n in numbers)
    assert seqs == list(range(seqs[0], seqs[0] + 20))  # one day's sequence, no gaps


# ---------------------------------------------------------------- every illegal transition

ALL_STATES = [s.value for s in S]


def _call_for(town: Town, name: str, cid: int, version: int) -> Callable[[], Any]:
    e, duty, admin = town.engine, town.duty, town.actor("admin")
    later = datetime.now() + timedelta(days=60)
    calls: dict[str, Callable[[], Any]] = {
        "register": lambda: C.perform(e, duty, C.register_case, cid, version),
        "reject": lambda: C.perform(e, duty, C.reject_case, cid, version, "重复"),
        "categorize": lambda: C.perform(e, duty, C.set_category, cid, version, town.urgent_cat.id),
        "on_spot": lambda: C.perform(e, duty, C.handle_on_spot, cid, version),
        "dispatch": lambda: C.perform(e, duty, C.dispatch_case, cid, version, town.other_dept_id),
        "escalate": lambda: C.perform(e, duty, C.escalate_case, cid, version, town.district_dept.id, "区级"),
        "forward_police": lambda: C.perform(e, duty, C.forward_to_police, cid, version),
        "feedback": lambda: C.perform(e, admin, C.record_feedback, cid, version, "done"),
        "return": lambda: C.perform(e, admin, C.return_case, cid, version, "not ours"),
        "request_extension": lambda: C.perform(e, admin, C.request_extension, cid, version, later, "time"),
        "verify": lambda: C.perform(e, duty, C.verify_on_site, cid, version),
        "close": lambda: C.perform(e, duty, C.close_case, cid, version),
        "rework": lambda: C.perform(e, duty, C.rework_case, cid, version, "again"),
        "long_term": lambda: C.perform(e, duty, C.put_on_long_term, cid, version, "hard"),
        "long_term_off": lambda: C.perform(e, duty, C.take_off_long_term, cid, version),
        "merge": lambda: C.perform(e, duty, C.merge_cases, cid, version, town.master_id),  # type: ignore[attr-defined]
    }
    return calls[name]


# which states each action may start from (police-ness aside: the test case is not police,
# so forward_police is allowed from nowhere and checked separately above)
ALLOWED: dict[str, set[str]] = {
    "register": {"reported"},
    "reject": {"reported"},
    "categorize": {"reported", "to_dispatch", "returned", "dispatched", "escalated", "long_term"},
    "on_spot": {"reported", "to_dispatch", "returned"},
    "dispatch": {"to_dispatch", "returned"},
    "escalate": {"to_dispatch", "returned", "dispatched"},
    "forward_police": set(),
    "feedback": {"dispatched", "escalated", "police"},
    "return": {"dispatched"},
    "request_extension": {"dispatched", "escalated"},
    "verify": {"feedback"},
    "close": {"feedback", "police"},
    "rework": {"feedback"},
    "long_term": {"to_dispatch", "dispatched", "escalated", "returned", "feedback"},
    "long_term_off": {"long_term"},
    "merge": {s.value for s in m.OPEN_STATES},
}


def test_every_illegal_transition_is_refused(town: Town) -> None:
    town.master_id = town.registered()  # type: ignore[attr-defined]
    cid = town.report()
    with town.engine.begin() as conn:  # a department the case can be "with"
        conn.execute(update(m.Case).where(m.Case.id == cid).values(department_id=town.liaison_dept_id))
    refused = 0
    for name, allowed in ALLOWED.items():
        for state in ALL_STATES:
            with town.engine.begin() as conn:
                conn.execute(update(m.Case).where(m.Case.id == cid).values(state=state, version=m.Case.version + 1))
            version = town.v(cid)
            call = _call_for(town, name, cid, version)
            if state in allowed:
                continue  # legal moves are exercised by the path tests
            with pytest.raises(InvalidTransition) as err:
                call()
            refused += 1
            number = town.case(cid).number
            assert number in str(err.value)
            if state == "closed":
                assert str(err.value) == f"case {number} is already closed"
            assert town.v(cid) == version  # nothing changed
    assert refused == sum(len(set(ALL_STATES) - a) for a in ALLOWED.values())


# ---------------------------------------------------------------- permissions


def _dummy_args(fn: Callable[..., Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    if fn is C.report_case:
        return (), {"source": "patrol", "category_id": 1, "lon": 121.2, "lat": 31.1}
    if fn is C.claim_next_case:
        return ("to_dispatch",), {}
    if fn is C.reveal_contact_op:
        return (1, "why", []), {}
    params = inspect.signature(fn).parameters.values()
    positional = [p for p in params if p.kind == p.POSITIONAL_OR_KEYWORD and p.default is p.empty]
    return (1,) * (len(positional) - 1), {}


def test_map_editor_can_do_nothing_on_cases(town: Town) -> None:
    editor = town.actor("editor1")
    assert len(C.PERMISSION_OF) >= 20
    for fn in C.PERMISSION_OF:
        args, kw = _dummy_args(fn)
        with pytest.raises(PermissionDenied):
            C.perform(town.engine, editor, fn, *args, **kw)
        # also when a caller hands run_operation a weaker permission: the operation checks
        with pytest.raises(PermissionDenied):
            run_operation(town.engine, editor, Permission.VIEW, fn, *args, **kw)
    with pytest.raises(PermissionDenied):
        C.take_next_case(town.engine, editor, "to_dispatch")
    with pytest.raises(PermissionDenied):
        C.reveal_contact(town.engine, editor, 1, "why")


def test_role_refusals(town: Town) -> None:
    cid = town.registered()
    liaison, supervisor = town.liaison, town.actor("supervisor1")
    with pytest.raises(PermissionDenied, match="dispatch"):
        town.do(liaison, C.dispatch_case, cid, town.liaison_dept_id)
    with pytest.raises(PermissionDenied):
        town.do(liaison, C.register_case, cid)
    with pytest.raises(PermissionDenied):
        town.do(supervisor, C.dispatch_case, cid, town.liaison_dept_id)
    with pytest.raises(PermissionDenied):
        town.do(town.duty, C.return_case, cid, "duty officers do not return cases")
    with pytest.raises(PermissionDenied):
        C.take_next_case(town.engine, liaison, "to_dispatch")
    assert town.case(cid).version == 2  # nothing happened


def test_reveal_contact_is_audited(town: Town) -> None:
    cid = town.report(source="hotline", reporter_name="张三", reporter_phone="13812345678")
    with Session(town.engine) as s:
        d = Q.case_detail(s, cid)
        assert d is not None and d.reporter_name == "张*" and d.reporter_phone == "138****5678" and d.has_contact
    with pytest.raises(PermissionDenied):
        C.reveal_contact(town.engine, town.actor("supervisor1"), cid, "check")
    with pytest.raises(InvalidInput):
        C.reveal_contact(town.engine, town.duty, cid, "")
    contact = C.reveal_contact(town.engine, town.duty, cid, "回访市民")
    assert (contact.name, contact.phone) == ("张三", "13812345678")
    with Session(town.engine) as s:
        rec = s.execute(
            select(m.AuditRecord).where(m.AuditRecord.action == "reveal_contact", m.AuditRecord.entity_id == cid)
        ).scalar_one()
        assert rec.username == "duty1" and rec.after is not None and rec.after["reason"] == "回访市民"
        assert "13812345678" not in json.dumps(rec.after, ensure_ascii=False)


# ---------------------------------------------------------------- optimistic locking


def test_stale_version_is_a_conflict_naming_who_did_what(town: Town) -> None:
    cid = town.registered()
    v = town.v(cid)
    town.do(town.duty, C.dispatch_case, cid, town.liaison_dept_id)
    with pytest.raises(Conflict) as err:
        C.perform(town.engine, town.duty2, C.escalate_case, cid, v, town.district_dept.id, "区级")
    msg = str(err.value)
    assert town.users["duty1"].display_name in msg and "dispatched" in msg and "ws-1" in msg
    assert err.value.current["version"] == v + 1 and err.value.current["state"] == "dispatched"
    assert err.value.current["last_event"]["kind"] == "dispatch"


def _race(calls: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run the calls in threads released at the same moment; their results or errors."""
    barrier = threading.Barrier(len(calls))
    results: dict[str, Any] = {}

    def act(who: str, fn: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[who] = fn()
        except BaseException as exc:
            results[who] = exc

    threads = [threading.Thread(target=act, args=(who, fn)) for who, fn in calls.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_sessions_on_one_version_exactly_one_wins(town: Town) -> None:
    e = town.engine
    for _ in range(3):
        cid = town.registered()
        v = town.v(cid)
        results = _race(
            {
                "a": functools.partial(C.perform, e, town.duty, C.dispatch_case, cid, v, town.liaison_dept_id),
                "b": functools.partial(C.perform, e, town.duty2, C.escalate_case, cid, v, town.district_dept.id, "区级"),
            }
        )
        conflicts = [r for r in results.values() if isinstance(r, Conflict)]
        wins = [r for r in results.values() if not isinstance(r, BaseException)]
        assert len(conflicts) == 1 and len(wins) == 1, results
        c = town.case(cid)
        assert c.version == v + 1 and c.state in (S.DISPATCHED, S.ESCALATED)
        winner = town.users["duty1"] if c.state == S.DISPATCHED else town.users["duty2"]
        assert winner.display_name in str(conflicts[0])


# ---------------------------------------------------------------- take the next case


def _fill_queue(town: Town, n: int, state: str = "to_dispatch") -> set[int]:
    """Turn n closed cases into unclaimed cases of `state` (raw SQL, test set-up only)."""
    with town.engine.begin() as conn:
        ids = conn.execute(
            select(m.Case.id).where(m.Case.state == "closed", m.Case.police.is_(False)).order_by(m.Case.id).limit(n)
        ).scalars().all()
        conn.execute(update(m.Case).where(m.Case.id.in_(ids)).values(state=state, claimed_by=None, closed_at=None))
        conn.execute(update(m.Case).where(m.Case.state == state, m.Case.id.not_in(ids)).values(claimed_by=-1))
    return set(ids)


def test_take_next_is_most_urgent_oldest_first(town: Town) -> None:
    ids = _fill_queue(town, 6)
    with town.engine.begin() as conn:
        conn.execute(update(m.Case).where(m.Case.id.in_(ids)).values(urgent=False))
        conn.execute(update(m.Case).where(m.Case.id == max(ids)).values(urgent=True))
    got = C.take_next_case(town.engine, town.duty, "to_dispatch")
    assert got == max(ids)
    with Session(town.engine) as s:
        rows = Q.queue_rows(s, "to_dispatch", filters=Q.CaseFilter(unclaimed=True))
        expected = sorted(rows, key=lambda r: (not r.urgent, r.reported_at, r.id))
        assert [r.id for r in rows] == [r.id for r in expected]
        nxt = rows[0].id
    assert C.take_next_case(town.engine, town.duty2, "to_dispatch") == nxt
    c = town.case(nxt)
    assert c.claimed_by == town.duty2.user_id and c.version == 2
    assert town.events(nxt)[-1] == "claim"
    with pytest.raises(Conflict, match="taken"):
        C.perform(town.engine, town.duty, C.claim_case, nxt, c.version)
    C.perform(town.engine, town.duty2, C.release_case, nxt, c.version)
    assert town.case(nxt).claimed_by is None


def test_take_next_racing_threads_never_share_a_case(town: Town) -> None:
    ids = _fill_queue(town, 40)
    barrier = threading.Barrier(6)
    got: list[tuple[str, int]] = []
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        actor = town.actor("duty1" if n % 2 else "duty2", f"ws-{n}")
        barrier.wait()
        try:
            while True:
                cid = C.take_next_case(town.engine, actor, "to_dispatch")
                if cid is None:
                    return
                got.append((actor.workstation, cid))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    claimed = [cid for _, cid in got]
    assert len(claimed) == len(set(claimed)) == len(ids) and set(claimed) == ids
    with Session(town.engine) as s:
        n_claims = s.execute(
            select(func.count()).select_from(m.CaseEvent).where(m.CaseEvent.kind == "claim")
        ).scalar_one()
    assert n_claims == len(ids)


def _claim_all(url: str, username: str, workstation: str, start_at: float) -> list[int]:
    """A separate process taking cases until the queue is empty."""
    import time as _time

    engine = make_engine(resolve_url(url))
    with Session(engine) as s:
        u = s.execute(select(m.User).where(m.User.username == username)).scalar_one()
        actor = Actor(u.id, u.username, u.role, u.display_name, workstation)
    while _time.time() < start_at:
        _time.sleep(0.005)
    out: list[int] = []
    while True:
        cid = C.take_next_case(engine, actor, "reported")
        if cid is None:
            break
        out.append(cid)
    engine.dispose()
    return out


@pytest.mark.postgres
def test_take_next_racing_processes_on_postgres(small_demo_pg_url: str) -> None:
    import time as _time

    town = Town(small_demo_pg_url)
    ids = _fill_queue(town, 60, state="reported")
    town.engine.dispose()
    start_at = _time.time() + 4.0  # let every process import and connect first
    with ProcessPoolExecutor(max_workers=3, mp_context=get_context("spawn")) as pool:
        futures = [
            pool.submit(_claim_all, small_demo_pg_url, "duty1" if n % 2 else "duty2", f"proc-{n}", start_at)
            for n in range(3)
        ]
        results = [f.result(timeout=120) for f in futures]
    claimed = [cid for r in results for cid in r]
    assert len(claimed) == len(set(claimed)) == len(ids) and set(claimed) == ids


# ---------------------------------------------------------------- all or nothing


def test_an_operation_failing_half_way_leaves_nothing(town: Town, monkeypatch: pytest.MonkeyPatch) -> None:
    cid = town.registered(town.police_cat)
    before = town.case(cid)

    def counts() -> tuple[int, ...]:
        with Session(town.engine) as s:
            return tuple(
                s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("case_events", "audit_log", "outbox", "change_log")
            )

    n_before = counts()

    def boom(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(outbox, "enqueue", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        town.do(town.duty, C.forward_to_police, cid)
    after = town.case(cid)
    assert (after.state, after.version, after.department_id, after.dispatched_at) == (
        before.state, before.version, before.department_id, before.dispatched_at,
    )
    assert counts() == n_before


# ---------------------------------------------------------------- deadlines and the calendar


def test_working_hours_with_the_holiday_calendar(sqlite_url: str) -> None:
    from db.migrate import upgrade

    engine = make_engine(resolve_url(sqlite_url))
    upgrade(engine)
    with Session(engine) as s:
        cal = load_calendar(s)
    assert date(2026, 10, 1) in cal.holidays and date(2026, 10, 7) in cal.holidays
    assert date(2026, 10, 10) in cal.workdays and date(2026, 9, 20) in cal.workdays
    assert date(2025, 1, 28) in cal.holidays and date(2025, 2, 8) in cal.workdays
    assert len(cal.holidays) == 61 and len(cal.workdays) == 11
    assert cal.names[date(2026, 2, 15)] == "春节"
    # National Day: Wednesday 30 Sep 16:30 + 8 working hours = one hour before the holiday,
    # seven after it on Thursday 8 Oct
    start = datetime(2026, 9, 30, 16, 30)
    assert case_deadline(start, 8, urgent=False, calendar=cal) == datetime(2026, 10, 8, 16, 30)
    # the make-up Saturday 10 Oct works: Friday 9 Oct 16:30 + 4 h ends on Saturday
    assert case_deadline(datetime(2026, 10, 9, 16, 30), 4, urgent=False, calendar=cal) == datetime(2026, 10, 10, 11, 30)
    # without the calendar the same limit ends on 1 Oct
    assert case_deadline(start, 8, urgent=False, calendar=HolidayCalendar()) == datetime(2026, 10, 1, 16, 30)
    # urgent categories count clock hours, holidays or not
    assert case_deadline(datetime(2026, 10, 1, 3, 0), 4, urgent=True, calendar=cal) == datetime(2026, 10, 1, 7, 0)
    # remaining working hours for countdowns
    assert working_hours_between(datetime(2026, 9, 30, 16, 30), datetime(2026, 10, 8, 16, 30), cal.holidays, cal.workdays) == 8.0
    assert working_hours_between(datetime(2026, 10, 8, 16, 30), datetime(2026, 9, 30, 16, 30), cal.holidays, cal.workdays) == -8.0
    # the calendar is configurable: an extra holiday moves the deadline a day on
    admin = Actor(None, "admin", "admin", "管理员", "ws")
    run_operation(engine, admin, Permission.SETTINGS_ADMIN, set_calendar_day, date(2026, 10, 8), "holiday", "调休")
    with Session(engine) as s:
        cal2 = load_calendar(s)
    assert case_deadline(start, 8, urgent=False, calendar=cal2) == datetime(2026, 10, 9, 16, 30)
    run_operation(engine, admin, Permission.SETTINGS_ADMIN, remove_calendar_day, date(2026, 10, 8))
    with Session(engine) as s:
        assert date(2026, 10, 8) not in load_calendar(s).holidays
    with pytest.raises(PermissionDenied):
        run_operation(engine, Actor(2, "duty1", "duty_officer"), Permission.VIEW, set_calendar_day, date(2026, 10, 8), "holiday")
    with pytest.raises(InvalidInput):
        run_operation(engine, admin, Permission.SETTINGS_ADMIN, set_calendar_day, date(2026, 10, 8), "party")
    engine.dispose()


def test_report_deadline_uses_the_database_calendar(town: Town) -> None:
    rep = datetime(2026, 9, 30, 16, 30)
    cid = town.report(reported_at=rep)
    c = town.case(cid)
    assert town.cat.time_limit_hours == 8 and not town.cat.urgent
    assert c.deadline_at == datetime(2026, 10, 8, 16, 30)
    assert c.dispatch_due_at == rep + timedelta(minutes=town.cat.dispatch_minutes)
    assert c.number.startswith("ZX20260930-")
    urgent = town.case(town.report(town.urgent_cat, reported_at=datetime(2026, 10, 1, 3, 0)))
    assert urgent.deadline_at == datetime(2026, 10, 1, 3, 0) + timedelta(hours=town.urgent_cat.time_limit_hours)
    assert urgent.dispatch_due_at == datetime(2026, 10, 1, 3, 10)
