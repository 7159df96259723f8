"""The console's actions drive real operations on a real database (the small demo town on
SQLite): keys open the dialogs, the dialogs run db/cases operations off the GUI thread, and
the queue, the map and the detail refresh from the ChangeSet. Conflicts between two
windows, the escalation sheet PDF, take-next, reveal-contact and the shift handover."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models as m
from db.console_models import OutboxMessage, ShiftHandover
from desktop.app import create_application
from desktop.console.dialogs import DispatchDialog, EscalateDialog, OperationDialog
from gis.mapmodel import LayerId
from tests.console_helpers import (
    case_state,
    events_of,
    first_case,
    open_case,
    open_window,
    show_queue,
    wait_for,
)


@pytest.fixture
def zh_app(qapp: QApplication) -> Iterator[QApplication]:
    yield create_application("zh_CN")


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type (QTest cannot send non-ASCII key events): insert as if typed."""
    if hasattr(widget, "insertPlainText"):
        widget.setFocus()
        widget.insertPlainText(text)
    else:
        widget.setFocus()
        widget.insert(text)


def _dialog(qtbot, win, cls=OperationDialog) -> OperationDialog:  # type: ignore[no-untyped-def]
    wait_for(qtbot, lambda: isinstance(win.console.dialog, cls) and win.console.dialog.isVisible())
    return win.console.dialog  # type: ignore[no-any-return]


def _submit(qtbot, dialog: OperationDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def _closed(qtbot, dialog: OperationDialog) -> None:  # type: ignore[no-untyped-def]
    wait_for(qtbot, lambda: not dialog.isVisible() and dialog.changes is not None)
    parent = dialog.parentWidget()
    if parent is not None:  # the window is active again (offscreen does not do it by itself)
        parent.activateWindow()
        wait_for(qtbot, lambda: QApplication.activeWindow() is parent)


def _map_state(win, case_id: int) -> str | None:  # type: ignore[no-untyped-def]
    model = win.model
    return model.record(LayerId.CASES, case_id).state if model.has_feature(LayerId.CASES, case_id) else None


def test_register_with_f2_and_dispatch_with_f3_update_queue_map_and_detail(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    engine = win.source.engine
    panel = win.queue_panel
    show_queue(qtbot, win, "reported")
    before_reported = panel.chips["reported"].count
    before_to_dispatch = panel.chips["to_dispatch"].count
    case_id = first_case(engine, "reported", police=False)
    open_case(qtbot, win, case_id)
    panel.table.setFocus()

    qtbot.keyClick(win, Qt.Key.Key_F2)
    dialog = _dialog(qtbot, win)
    assert dialog.windowTitle() == "核实立案"
    type_text(dialog.note, "电话回访核实属实")
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    wait_for(qtbot, lambda: case_state(engine, case_id)[0] == "to_dispatch")
    # only the rows named refresh: the case leaves 待受理, the counts move
    wait_for(qtbot, lambda: panel.chips["reported"].count == before_reported - 1)
    assert panel.chips["to_dispatch"].count == before_to_dispatch + 1
    assert panel.table_model.row_of(case_id) is None or panel._proxy_index_of(case_id) is None
    wait_for(qtbot, lambda: _map_state(win, case_id) == "to_dispatch")
    detail = win.console.detail
    wait_for(qtbot, lambda: detail.detail is not None and detail.detail.state == "to_dispatch")
    assert ("register", "值班员 王海", "WS-A") in events_of(engine, case_id)
    assert "立案" in win.statusBar().currentMessage()

    # F3: dispatch to the suggested department
    qtbot.keyClick(win, Qt.Key.Key_F3)
    dispatch = _dialog(qtbot, win, DispatchDialog)
    assert isinstance(dispatch, DispatchDialog)
    wait_for(qtbot, lambda: dispatch.loaded == 2)
    suggested = dispatch.chosen_department()
    assert suggested is not None and dispatch.suggestions.count() >= 1
    type_text(dispatch.instructions, "今日内到场处置")
    _submit(qtbot, dispatch)
    _closed(qtbot, dispatch)
    wait_for(qtbot, lambda: case_state(engine, case_id)[0] == "dispatched")
    with Session(engine) as s:
        c = s.get(m.Case, case_id)
        assert c is not None and c.department_id == suggested
        notice = s.execute(select(OutboxMessage).where(OutboxMessage.case_id == case_id, OutboxMessage.kind == "notice")).scalar_one()
        assert notice.payload["instructions"] == "今日内到场处置"
    wait_for(qtbot, lambda: _map_state(win, case_id) == "dispatched")
    assert win.model.record(LayerId.CASES, case_id).department_name
    wait_for(qtbot, lambda: detail.detail is not None and detail.detail.state == "dispatched")
    assert "escalate" in detail.allowed_actions() and "dispatch" not in detail.allowed_actions()


def test_reject_needs_a_reason_and_keeps_the_dialog_open(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    engine = win.source.engine
    case_id = first_case(engine, "reported")
    open_case(qtbot, win, case_id)
    version = case_state(engine, case_id)[1]
    qtbot.keyClick(win, Qt.Key.Key_F2, Qt.KeyboardModifier.ShiftModifier)
    dialog = _dialog(qtbot, win)
    _submit(qtbot, dialog)
    assert dialog.isVisible() and not dialog.error_box.isHidden()
    assert "请填写不予受理的原因" in dialog.error_label.text()
    assert case_state(engine, case_id) == ("reported", version)
    type_text(dialog.reason, "重复上报，现场无此情况")
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    assert case_state(engine, case_id)[0] == "rejected"
    wait_for(qtbot, lambda: not win.model.has_feature(LayerId.CASES, case_id))  # off the map


def test_escalation_writes_the_sheet_as_pdf_and_marks_it_rendered(zh_app, qtbot, small_demo_sqlite_url, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url, documents_dir=tmp_path)
    engine = win.source.engine
    case_id = first_case(engine, "dispatched", police=False)
    open_case(qtbot, win, case_id)
    qtbot.keyClick(win, Qt.Key.Key_F4)
    dialog = _dialog(qtbot, win, EscalateDialog)
    assert isinstance(dialog, EscalateDialog)
    wait_for(qtbot, lambda: dialog.department.count() > 1)
    dialog.department.setCurrentIndex(1)
    _submit(qtbot, dialog)  # no reason yet
    assert dialog.isVisible() and "抄报原因" in dialog.error_label.text()
    type_text(dialog.reason, "涉及区管道路，镇级无权处置")
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    assert case_state(engine, case_id)[0] == "escalated"
    wait_for(qtbot, lambda: win.console.last_document is not None)
    pdf = win.console.last_document
    assert pdf is not None and pdf.parent.parent == tmp_path
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
    with Session(engine) as s:
        wait_for(qtbot, lambda: _sheet_status(engine, case_id) == "sent")
        sheet = s.execute(
            select(OutboxMessage).where(OutboxMessage.case_id == case_id, OutboxMessage.kind == "escalation_sheet")
        ).scalar_one()
        assert sheet.external_ref == str(pdf)


def _sheet_status(engine, case_id: int) -> str:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return str(
            s.execute(
                select(OutboxMessage.status).where(OutboxMessage.case_id == case_id, OutboxMessage.kind == "escalation_sheet")
            ).scalar_one()
        )


def test_two_windows_one_case_the_second_is_told_who_did_what(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    a = open_window(qtbot, small_demo_sqlite_url, workstation="WS-A")
    b = open_window(qtbot, small_demo_sqlite_url, role="duty_officer", workstation="WS-B")
    # B acts as the second duty officer
    from db.auth import demo_actor

    engine = a.source.engine
    b.console.ctx.actor = demo_actor(b.source.engine, "duty_officer", "WS-B")
    with Session(engine) as s:
        duty2 = s.execute(select(m.User).where(m.User.username == "duty2")).scalar_one()
    from db.ops import Actor

    b.console.ctx.actor = Actor(duty2.id, duty2.username, duty2.role, duty2.display_name, "WS-B")
    case_id = first_case(engine, "returned", police=False)
    open_case(qtbot, a, case_id)
    open_case(qtbot, b, case_id)
    a.console.live_updates.stop()  # A does not hear of B's change before it saves
    a.console.trigger("dispatch")
    dialog_a = _dialog(qtbot, a, DispatchDialog)
    wait_for(qtbot, lambda: dialog_a.loaded == 2)
    type_text(dialog_a.instructions, "A 的派单要求")
    b.console.trigger("dispatch")
    dialog_b = _dialog(qtbot, b, DispatchDialog)
    wait_for(qtbot, lambda: dialog_b.loaded == 2)
    if dialog_b.chosen_department() is None:
        dialog_b.department.setCurrentIndex(0)
    _submit(qtbot, dialog_b)
    _closed(qtbot, dialog_b)
    assert case_state(engine, case_id)[0] == "dispatched"
    if dialog_a.chosen_department() is None:
        dialog_a.department.setCurrentIndex(0)
    _submit(qtbot, dialog_a)
    wait_for(qtbot, lambda: dialog_a.error is not None)
    text = dialog_a.error_label.text()
    assert "此案件已被他人先行更改" in text
    assert "值班员 李静" in text and "WS-B" in text  # who, and on which workstation
    assert dialog_a.isVisible()  # the input stays
    assert dialog_a.instructions.toPlainText() == "A 的派单要求"
    # A sees the fresh case
    wait_for(qtbot, lambda: a.console.detail.detail is not None and a.console.detail.detail.state == "dispatched")
    assert ("dispatch" in [k for k, _n, _w in events_of(engine, case_id)] or
            "redispatch" in [k for k, _n, _w in events_of(engine, case_id)])
    assert sum(1 for k, _n, w in events_of(engine, case_id) if k in ("dispatch", "redispatch") and w == "WS-A") == 0


def test_take_next_case_with_ctrl_n(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    engine = win.source.engine
    show_queue(qtbot, win, "reported")
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_for(qtbot, lambda: win.console.detail.detail is not None and win.console.detail.detail.claimed_by is not None)
    d = win.console.detail.detail
    assert d is not None and d.state == "reported"
    with Session(engine) as s:
        c = s.get(m.Case, d.id)
        assert c is not None and c.claimed_by == win.console.ctx.actor.user_id
    assert win.queue_panel.selected_case_id() == d.id
    assert not win.console.detail.claim_chip.isHidden()


def test_workflow_to_close_rework_and_the_long_term_register(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    engine = win.source.engine
    # verify on site (F9), then close (Ctrl+Shift+E)
    case_id = first_case(engine, "feedback")
    open_case(qtbot, win, case_id)
    qtbot.keyClick(win, Qt.Key.Key_F9)
    dialog = _dialog(qtbot, win)
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    wait_for(qtbot, lambda: win.console.detail.detail is not None and win.console.detail.detail.version == case_state(engine, case_id)[1])
    qtbot.keyClick(win, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = _dialog(qtbot, win)
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    assert case_state(engine, case_id)[0] == "closed"
    wait_for(qtbot, lambda: not win.model.has_feature(LayerId.CASES, case_id))
    # rework from the action bar
    other = first_case(engine, "feedback")
    open_case(qtbot, win, other)
    qtbot.mouseClick(win.console.detail.buttons["rework"], Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, win)
    type_text(dialog.reason, "路面仍有坑洼")
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    with Session(engine) as s:
        c = s.get(m.Case, other)
        assert c is not None and c.rework_count == 1 and c.state != "feedback"
    # Ctrl+L puts a case on the long-term register and takes it off again
    third = first_case(engine, "dispatched", police=False)
    open_case(qtbot, win, third)
    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = _dialog(qtbot, win)
    assert dialog.key == "long_term"
    type_text(dialog.reason, "需区级规划调整")
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    assert case_state(engine, third)[0] == "long_term"
    wait_for(qtbot, lambda: win.console.detail.detail is not None and win.console.detail.detail.state == "long_term")
    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = _dialog(qtbot, win)
    assert dialog.key == "long_term_off"
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    assert case_state(engine, third)[0] == "dispatched"


def test_police_category_then_forward_to_police(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    engine = win.source.engine
    case_id = first_case(engine, "reported", police=False)
    open_case(qtbot, win, case_id)
    assert "forward_police" not in win.console.detail.allowed_actions()
    win.console.trigger("categorize")
    dialog = _dialog(qtbot, win)
    wait_for(qtbot, lambda: len(dialog.category.items) > 200)
    police = next(c for c in dialog.category.items if c.police)
    dialog.category.setCurrentIndex(dialog.category.findData(police.id))
    assert "警务类" in dialog.facts.text()
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    wait_for(qtbot, lambda: win.console.detail.detail is not None and win.console.detail.detail.police)
    qtbot.keyClick(win, Qt.Key.Key_F6)
    dialog = _dialog(qtbot, win)
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    assert case_state(engine, case_id)[0] == "police"
    with Session(engine) as s:
        assert s.execute(
            select(OutboxMessage.kind).where(OutboxMessage.case_id == case_id, OutboxMessage.kind == "police_forward")
        ).scalar_one()


def test_extension_requested_by_the_department_and_decided_by_the_officer(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    liaison = open_window(qtbot, small_demo_sqlite_url, role="department_liaison", workstation="DEPT-1")
    engine = liaison.source.engine
    dept = liaison.console.ctx.actor.department_id
    with Session(engine) as s:
        case_id = int(
            s.execute(
                select(m.Case.id).where(m.Case.state == "dispatched", m.Case.department_id == dept).order_by(m.Case.id).limit(1)
            ).scalar_one()
        )
    open_case(qtbot, liaison, case_id)
    assert set(liaison.console.detail.allowed_actions()) >= {"feedback", "return", "request_extension"}
    assert "dispatch" not in liaison.console.detail.allowed_actions()
    liaison.console.trigger("request_extension")
    dialog = _dialog(qtbot, liaison)
    type_text(dialog.reason, "需等待配件到货")
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    officer = open_window(qtbot, small_demo_sqlite_url, workstation="WS-A")
    open_case(qtbot, officer, case_id)
    assert "decide_extension" in officer.console.detail.allowed_actions()
    officer.console.trigger("decide_extension")
    dialog = _dialog(qtbot, officer)
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    with Session(engine) as s:
        kinds = [k for k, _a, _w in events_of(engine, case_id)]
        assert kinds[-2:] == ["extension_request", "extension_approved"]


def test_reveal_contact_is_audited(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    engine = win.source.engine
    case_id = first_case(engine, "reported")
    d = open_case(qtbot, win, case_id)
    assert "*" in d.reporter_name + d.reporter_phone
    win.console.trigger("reveal_contact")
    wait_for(qtbot, lambda: getattr(win.console, "contact_dialog", None) is not None)
    dialog = win.console.contact_dialog
    qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
    assert "审计" in dialog.error_label.text()  # a reason is required
    type_text(dialog.reason, "回访核实位置")
    qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: dialog.contact is not None)
    with Session(engine) as s:
        c = s.get(m.Case, case_id)
        assert c is not None and dialog.phone_label.text() == c.reporter_phone
        audit = s.execute(
            select(m.AuditRecord).where(m.AuditRecord.action == "reveal_contact", m.AuditRecord.entity_id == case_id)
        ).scalar_one()
        assert audit.after["reason"] == "回访核实位置" and audit.workstation == "WS-A"


def test_handover_is_signed_off_and_acknowledged(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url)
    engine = win.source.engine
    qtbot.keyClick(win, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    wait_for(qtbot, lambda: getattr(win.console, "handover_dialog", None) is not None)
    dialog = win.console.handover_dialog
    wait_for(qtbot, lambda: dialog.context is not None)
    summary = dialog.context["summary"]
    assert summary.still_open > 0
    assert dialog.incoming.currentText().startswith("值班员 李静")
    type_text(dialog.notes, "和园1组积水点需回访")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: dialog.changes is not None)
    with Session(engine) as s:
        h = s.execute(select(ShiftHandover)).scalar_one()
        assert h.outgoing_name == "值班员 王海" and h.incoming_name == "值班员 李静"
        assert h.notes == "和园1组积水点需回访" and h.summary["still_open"] == summary.still_open
    # the incoming officer acknowledges on another workstation
    from db.ops import Actor

    other = open_window(qtbot, small_demo_sqlite_url, workstation="WS-B")
    with Session(engine) as s:
        duty2 = s.execute(select(m.User).where(m.User.username == "duty2")).scalar_one()
    other.console.ctx.actor = Actor(duty2.id, duty2.username, duty2.role, duty2.display_name, "WS-B")
    dialog2 = other.console.open_handover()
    wait_for(qtbot, lambda: dialog2.context is not None)
    assert not dialog2.awaiting_box.isHidden() and "值班员 王海" in dialog2.awaiting_label.text()
    qtbot.mouseClick(dialog2.ack_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: _handover_status(engine) == "acknowledged")


def _handover_status(engine) -> str:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return str(s.execute(select(ShiftHandover.status)).scalar_one())


def test_merge_a_duplicate_from_the_detail(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    from db import cases as ops
    from db.auth import demo_actor

    win = open_window(qtbot, small_demo_sqlite_url)
    engine = win.source.engine
    with Session(engine) as s:
        c = s.execute(select(m.Case).where(m.Case.state == "dispatched").order_by(m.Case.reported_at.desc()).limit(1)).scalar_one()
        cat, lon, lat = c.category_id, c.lon, c.lat
        master = c.id
    dup = ops.report(
        engine, demo_actor(engine, "duty_officer", "WS-Z"), source="hotline", category_id=cat,
        lon=lon + 0.0003, lat=lat, description="同一处又有人报",
    ).case_id
    d = open_case(qtbot, win, dup)
    assert master in {x.id for x in d.duplicates}
    win.console.open_merge(win.console.detail, master)
    dialog = _dialog(qtbot, win)
    assert dialog.into_other.isChecked()  # the earlier report stays
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    with Session(engine) as s:
        merged = s.get(m.Case, dup)
        assert merged is not None and merged.state == "closed" and merged.merged_into_id == master


def test_dispatch_notice_prints_to_pdf(zh_app, qtbot, small_demo_sqlite_url, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = open_window(qtbot, small_demo_sqlite_url, documents_dir=tmp_path)
    engine = win.source.engine
    case_id = first_case(engine, "to_dispatch", police=False)
    open_case(qtbot, win, case_id)
    win.console.trigger("dispatch")
    dialog = _dialog(qtbot, win, DispatchDialog)
    wait_for(qtbot, lambda: dialog.loaded == 2)
    if dialog.chosen_department() is None:
        dialog.department.setCurrentIndex(0)
    _submit(qtbot, dialog)
    _closed(qtbot, dialog)
    detail = win.console.detail
    wait_for(qtbot, lambda: detail.detail is not None and any(o.kind == "notice" for o in detail.detail.outbox))
    notice = next(o for o in detail.detail.outbox if o.kind == "notice")
    detail.action_requested.emit(f"document:{notice.id}")  # the "Print…" button of the message
    wait_for(qtbot, lambda: win.console.last_document is not None)
    pdf = win.console.last_document
    assert pdf.parent == tmp_path / "notices" and pdf.read_bytes().startswith(b"%PDF")


def test_joint_meeting_is_scheduled_from_the_case(zh_app, qtbot, small_demo_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    from desktop.meetings import ScheduleDialog

    win = open_window(qtbot, small_demo_sqlite_url)
    engine = win.source.engine
    case_id = first_case(engine, "dispatched", police=False)
    d = open_case(qtbot, win, case_id)
    assert "meeting" in win.console.detail.allowed_actions()
    qtbot.mouseClick(win.console.detail.buttons["meeting"], Qt.MouseButton.LeftButton)
    wait_for(qtbot, lambda: isinstance(getattr(win.console, "meeting_dialog", None), ScheduleDialog))
    dialog = win.console.meeting_dialog
    assert dialog.initial.origin_case_id == case_id
    dialog.close()
    assert d.number
