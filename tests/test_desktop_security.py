"""The desktop half of accounts, roles and the audit trail (desktop/security), offscreen with
pytest-qt on a copy of the small demo town: sign-in and its refusals, the must-change-password
step, the demo accounts, the idle lock over unsaved input, shift handover, the administrator
window acting through real db/ operations, role-filtered menus, the audit viewer."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

import db.auth as auth
from db import accounts
from db.audit import query_audit, verify_audit_trail
from db.auth import authenticate, set_demo_sign_in
from db.datasource import DatabaseSource
from db.ops import Actor, PermissionDenied, run_operation
from db.permissions import Permission
from db.session import make_engine, resolve_url
from desktop.app import create_application
from desktop.main_window import MainWindow
from desktop.security import (
    AccountAdminWindow,
    AuditViewerWindow,
    SignInDialog,
    WorkstationSession,
)
from desktop.security.admin import generate_password
from desktop.worker import busy, wait_idle

WS = "test-ws"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """New hashes with light argon2 parameters (the demo's stay as they are)."""
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(auth, "_DUMMY_HASH", None)


@pytest.fixture
def zh(qapp: QApplication) -> QApplication:
    return create_application("zh_CN")


@pytest.fixture
def source(small_demo_sqlite_url: str) -> Iterator[DatabaseSource]:
    engine = make_engine(resolve_url(small_demo_sqlite_url))
    yield DatabaseSource(engine)
    wait_idle(10000)
    engine.dispose()


def _settle(qtbot: Any, ready: Any, timeout: int = 15000) -> None:
    """Wait until `ready()` and every background call has answered."""
    qtbot.waitUntil(lambda: ready() and not busy(), timeout=timeout)


def _admin(source: DatabaseSource) -> Actor:
    return authenticate(source.engine, "admin", "Admin#2026", WS)


def _audit_actions(source: DatabaseSource, **filters: Any) -> list[str]:
    page = query_audit(source.engine, Actor(None, "t", "admin"), page_size=500, **filters)
    return [r.action for r in page.rows]


def _dialog(qtbot: Any, source: DatabaseSource, **kwargs: Any) -> SignInDialog:
    dialog = SignInDialog(source.engine, workstation=WS, description=source.describe(), **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle(qtbot, dialog.is_ready)
    return dialog


def _sign_in(qtbot: Any, dialog: SignInDialog, user: str, password: str) -> None:
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(password)
    dialog.sign_in_button.click()
    _settle(qtbot, dialog.is_ready)


# --------------------------------------------------------------------------- sign-in


def test_sign_in_success_and_refusals(zh, qtbot, source) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, source)
    assert dialog.windowTitle().startswith("登录")
    # empty fields are caught before the database is asked
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "请输入用户名。"
    # wrong password and unknown user: the same message
    _sign_in(qtbot, dialog, "duty1", "not-the-password")
    assert dialog.message.text() == "用户名或密码错误。"
    assert dialog.password_edit.text() == "" and dialog.user_edit.text() == "duty1"
    _sign_in(qtbot, dialog, "nobody", "whatever#1A")
    assert dialog.message.text() == "用户名或密码错误。"
    assert dialog.actor is None and dialog.isVisible()
    # the right password signs in
    with qtbot.waitSignal(dialog.signed_in, timeout=10000) as signal:
        _sign_in(qtbot, dialog, "duty1", "Duty#2026")
    actor = signal.args[0]
    assert actor == dialog.actor and actor.username == "duty1" and actor.role == "duty_officer"
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert _audit_actions(source, username="duty1")[:2] == ["sign_in", "sign_in_failed"]


def test_lockout_and_deactivated_messages(zh, qtbot, source) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, source)
    for _ in range(4):
        _sign_in(qtbot, dialog, "editor1", "Wrong#2026")
        assert dialog.message.text() == "用户名或密码错误。"
    _sign_in(qtbot, dialog, "editor1", "Wrong#2026")
    text = dialog.message.text()
    assert "锁定" in text and ("15 分钟" in text or "14 分钟" in text), text
    # while locked even the right password is refused, with the remaining minutes
    _sign_in(qtbot, dialog, "editor1", "Editor#2026")
    assert "锁定" in dialog.message.text() and dialog.actor is None
    # an administrator's lock and a deactivated account have their own messages
    admin = _admin(source)
    uid = accounts.find_user_id(source.engine, "liaison1")
    assert uid is not None
    run_operation(source.engine, admin, Permission.USER_ADMIN, accounts.deactivate_user, uid,
                  accounts.get_user(source.engine, admin, uid).version)
    _sign_in(qtbot, dialog, "liaison1", "Liaison#2026")
    assert dialog.message.text() == "此账户已停用，请联系系统管理员。"
    uid = accounts.find_user_id(source.engine, "supervisor1")
    assert uid is not None
    run_operation(source.engine, admin, Permission.USER_ADMIN, accounts.lock_user, uid,
                  accounts.get_user(source.engine, admin, uid).version)
    _sign_in(qtbot, dialog, "supervisor1", "Super#2026")
    assert dialog.message.text() == "此账户已被管理员锁定，请联系系统管理员解锁。"


def test_must_change_password_shows_the_rules_and_signs_in(zh, qtbot, source) -> None:  # type: ignore[no-untyped-def]
    admin = _admin(source)
    run_operation(source.engine, admin, Permission.USER_ADMIN, accounts.create_user,
                  "duty9", "值班员 孙丽", "duty_officer", "Start#2026x")
    dialog = _dialog(qtbot, source)
    _sign_in(qtbot, dialog, "duty9", "Start#2026x")
    assert dialog.pages.currentIndex() == SignInDialog.PAGE_CHANGE
    assert dialog.actor is None
    assert "首次登录" in dialog.change_reason.text()
    rules = [label.text() for label in dialog.rule_labels]
    assert any("至少 8 个字符" in r for r in rules)
    assert "90 天" in dialog.expiry_label.text()
    assert not dialog.change_button.isEnabled()
    # too short, one class only: the rules say so and the button stays off
    qtbot.keyClicks(dialog.new_edit, "abc")
    assert [ok for _t, ok in dialog.rule_states()][:2] == [False, False]
    assert not dialog.change_button.isEnabled()
    # the user name inside, and the old password again, are refused too
    dialog.new_edit.setText("Duty9#abcdef")
    dialog.confirm_edit.setText("Duty9#abcdef")
    assert dict((t, ok) for t, ok in dialog.rule_states())[dialog.tr("Does not contain the username")] is False
    dialog.new_edit.setText("Start#2026x")
    dialog.confirm_edit.setText("Start#2026x")
    assert not dialog.change_button.isEnabled()
    # a good one, typed twice
    dialog.new_edit.setText("Harbour#Lights7")
    dialog.confirm_edit.setText("Harbour#Light")
    assert not dialog.change_button.isEnabled()
    dialog.confirm_edit.setText("Harbour#Lights7")
    assert dialog.change_button.isEnabled()
    with qtbot.waitSignal(dialog.signed_in, timeout=10000):
        qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is not None and dialog.actor.username == "duty9"
    assert authenticate(source.engine, "duty9", "Harbour#Lights7", WS).username == "duty9"
    assert "password_changed" in _audit_actions(source, username="duty9")


def test_demo_accounts_offered_only_while_demo_sign_in_is_on(zh, qtbot, source) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, source)
    assert not dialog.demo_box.isHidden()
    names = [b.account.username for b in dialog.demo_buttons]
    assert names == ["duty1", "duty2", "supervisor1", "editor1", "liaison1", "admin"]
    supervisor = dialog.demo_buttons[2]
    assert "陈刚" in supervisor.text() and "supervisor1" in supervisor.text()
    qtbot.mouseClick(supervisor, Qt.MouseButton.LeftButton)  # one click fills in
    assert dialog.user_edit.text() == "supervisor1" and dialog.password_edit.text() == "Super#2026"
    assert dialog.actor is None
    with qtbot.waitSignal(dialog.signed_in, timeout=10000):
        qtbot.mouseDClick(dialog.demo_buttons[0], Qt.MouseButton.LeftButton)  # a double click signs in
    assert dialog.actor is not None and dialog.actor.username == "duty1"

    run_operation(source.engine, _admin(source), Permission.USER_ADMIN, set_demo_sign_in, False)
    closed = _dialog(qtbot, source)
    assert closed.demo_box.isHidden() and closed.demo_buttons == []
    # and the demo password now leads to the must-change step, not into the app
    _sign_in(qtbot, closed, "duty2", "Duty#2026")
    assert closed.pages.currentIndex() == SignInDialog.PAGE_CHANGE and closed.actor is None


# --------------------------------------------------------------------------- the idle lock


def _typing_field(window: QWidget) -> QLineEdit:
    fields = [e for e in window.findChildren(QLineEdit) if e.isVisible() and e.isEnabled() and not e.isReadOnly()]
    assert fields, "the main window has no text field to type into"
    return fields[0]


def test_idle_lock_keeps_unsaved_input_and_unlocks_with_the_password(zh, qtbot, source) -> None:  # type: ignore[no-untyped-def]
    session = WorkstationSession(source, idle_ms=0, maximize=False, workstation=WS)
    actor = authenticate(source.engine, "duty1", "Duty#2026", WS)
    window = session.begin(actor)
    qtbot.addWidget(window)
    assert window.actor == actor and window.security_session is session
    assert "王海" in window.role_label.text()
    field = _typing_field(window)
    field.setFocus()
    qtbot.keyClicks(field, "Huazhong ")  # half-typed, not submitted
    field.insert("华中苑外墙")  # what an input method commits
    typed = field.text()
    assert typed == "Huazhong 华中苑外墙"
    session.screen_lock.set_idle_ms(300)  # the injected idle time
    qtbot.waitUntil(session.screen_lock.is_locked, timeout=5000)
    assert session.screen_lock.idle_seconds() >= 0.3
    overlays = [o for o in session.screen_lock.overlays if o.window_under is window]
    assert len(overlays) == 1
    overlay = overlays[0]
    assert overlay.isVisible() and overlay.geometry() == window.rect()
    # input meant for the work underneath goes nowhere; shortcuts do not fire
    qtbot.keyClicks(field, "XYZ")
    assert field.text() == typed
    window.actions_by_id["file.lock"].trigger()  # locking twice is harmless
    # a wrong password is refused and counted
    qtbot.keyClicks(overlay.password_edit, "wrong-one")
    qtbot.keyClick(overlay.password_edit, Qt.Key.Key_Return)
    _settle(qtbot, lambda: overlay.message.isVisible())
    assert overlay.message.text() == "密码错误。"
    assert session.screen_lock.is_locked()
    # the right one unlocks; the half-typed text and the window are as they were
    qtbot.keyClicks(overlay.password_edit, "Duty#2026")
    with qtbot.waitSignal(session.screen_lock.unlocked, timeout=10000):
        qtbot.keyClick(overlay.password_edit, Qt.Key.Key_Return)
    assert not session.screen_lock.is_locked()
    assert field.text() == typed and QApplication.focusWidget() is field
    assert session.window is window and window.isVisible()
    wait_idle()
    actions = _audit_actions(source, username="duty1")
    assert actions[:3] == ["screen_unlocked", "sign_in_failed", "screen_locked"]
    session.screen_lock.set_idle_ms(0)
    session.screen_lock.uninstall()


def test_lock_by_hand_and_handover_from_the_lock(zh, qtbot, source) -> None:  # type: ignore[no-untyped-def]
    session = WorkstationSession(source, idle_ms=0, maximize=False, workstation=WS)
    window = session.begin(authenticate(source.engine, "duty1", "Duty#2026", WS))
    qtbot.addWidget(window)
    assert "file.lock" in window.actions_by_id
    assert window.actions_by_id["file.lock"].shortcut().toString() == "Ctrl+L"
    window.lock_screen()
    assert session.screen_lock.is_locked()
    # the incoming officer of the same role takes over: the window stays, acting as them
    incoming = auth.switch_officer(source.engine, session.actor, "duty2", "Duty#2026", WS)
    session.take_over(incoming)
    assert not session.screen_lock.is_locked()
    assert session.window is window and window.actor.username == "duty2"
    assert "李静" in window.role_label.text()
    # another role: the main window is rebuilt with that role's menus
    supervisor = auth.switch_officer(source.engine, session.actor, "supervisor1", "Super#2026", WS)
    session.take_over(supervisor)
    assert session.window is not window and session.window.role == "supervisor"
    qtbot.addWidget(session.window)
    assert "system.audit" in session.window.actions_by_id
    assert "system.accounts" not in session.window.actions_by_id
    wait_idle()
    assert _audit_actions(source, username="duty2")[:2] == ["sign_out", "sign_in"]
    session.screen_lock.uninstall()


def test_handover_dialog_signs_the_incoming_officer_in(zh, qtbot, source) -> None:  # type: ignore[no-untyped-def]
    outgoing = authenticate(source.engine, "duty1", "Duty#2026", WS)
    dialog = _dialog(qtbot, source, handover_from=outgoing)
    assert "交接班" in dialog.windowTitle()
    assert "duty1" not in [b.account.username for b in dialog.demo_buttons]
    _sign_in(qtbot, dialog, "duty1", "Duty#2026")
    assert dialog.actor is None and "接班" in dialog.message.text()
    _sign_in(qtbot, dialog, "duty2", "Duty#2026")
    assert dialog.actor is not None and dialog.actor.username == "duty2"
    page = query_audit(source.engine, Actor(None, "t", "admin"), username="duty1", action="sign_out")
    assert page.rows[0].after == {"reason": "shift_handover", "handed_to": "duty2"}


# --------------------------------------------------------------------------- administration


def test_admin_window_creates_an_account_and_changes_its_role(zh, qtbot, source) -> None:  # type: ignore[no-untyped-def]
    admin = _admin(source)
    window = AccountAdminWindow(source, admin)
    qtbot.addWidget(window)
    window.show()
    _settle(qtbot, window.is_loaded)
    assert window.model.rowCount() == 6
    assert "演示登录已开启" in window.subtitle.text()

    dialog = window.new_account()
    dialog.username_edit.setText("duty7")
    dialog.name_edit.setText("值班员 钱进")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("duty_officer"))
    dialog.password_edit.setText("weak")
    dialog.submit()  # refused in the dialog: nothing is lost
    assert dialog.isVisible() and dialog.message.isVisible() and dialog.name_edit.text() == "值班员 钱进"
    dialog.password_edit.setText(generate_password())
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.submit()
    _settle(qtbot, window.is_loaded)
    created = window.selected_user()
    assert created is not None and created.username == "duty7" and created.role == "duty_officer"
    assert created.must_change_password

    # a taken user name: db/ refuses, the dialog stays open with its input
    again = window.new_account()
    again.username_edit.setText("duty7")
    again.name_edit.setText("重名")
    again.password_edit.setText(generate_password())
    again.submit()
    _settle(qtbot, lambda: again.message.isVisible())
    assert again.isVisible() and "duty7" in again.message.text()
    again.reject()

    role = window.change_role()
    role.role_combo.setCurrentIndex(role.role_combo.findData("supervisor"))
    assert role.ok_button.isEnabled() and role.permissions.count() == 9
    with qtbot.waitSignal(role.finished, timeout=10000):
        role.submit()
    _settle(qtbot, window.is_loaded)
    assert window.selected_user() is not None and window.selected_user().role == "supervisor"
    uid = accounts.find_user_id(source.engine, "duty7")
    assert uid is not None and accounts.get_user(source.engine, admin, uid).role == "supervisor"

    # lock and unlock, without the confirmation box
    window.lock_account(confirm=False)
    _settle(qtbot, lambda: window.is_loaded() and window.selected_user().locked_by_admin)
    window.unlock_account(confirm=False)
    _settle(qtbot, lambda: window.is_loaded() and not window.selected_user().locked)
    actions = _audit_actions(source, entity="user", entity_id=uid)
    assert actions == ["user_unlocked", "user_locked", "user_role_changed", "user_created"]
    # the administrator cannot demote or lock themselves (the actions are off)
    window.select_user(admin.user_id)
    assert not window.act_role.isEnabled() and not window.act_lock.isEnabled()


def test_non_admin_roles_do_not_see_the_admin_action_and_are_refused(zh, qtbot, source) -> None:  # type: ignore[no-untyped-def]
    menus: dict[str, set[str]] = {}
    for role in ("duty_officer", "supervisor", "map_editor", "department_liaison", "admin"):
        win = MainWindow(source, role=role)
        qtbot.addWidget(win)
        menus[role] = set(win.actions_by_id)
        assert {"file.lock", "file.switch_officer", "file.sign_out"} <= menus[role]
    assert {r for r, ids in menus.items() if "system.accounts" in ids} == {"admin"}
    assert {r for r, ids in menus.items() if "system.audit" in ids} == {"supervisor", "admin"}
    duty = authenticate(source.engine, "duty1", "Duty#2026", WS)
    with pytest.raises(PermissionDenied):
        run_operation(source.engine, duty, Permission.USER_ADMIN, accounts.create_user,
                      "sneaky", "偷偷", "admin", "Sneaky#2026x")
    with pytest.raises(PermissionDenied):
        accounts.list_users(source.engine, duty)
    window = AccountAdminWindow(source, duty)
    qtbot.addWidget(window)
    assert "值班员" in window.refusal.text() and not hasattr(window, "table")
    viewer = AuditViewerWindow(source, duty)
    qtbot.addWidget(viewer)
    assert "审计" in viewer.refusal.text()
    assert accounts.find_user_id(source.engine, "sneaky") is None


# --------------------------------------------------------------------------- the audit viewer


def test_audit_viewer_filters_pages_and_verifies(zh, qtbot, source) -> None:  # type: ignore[no-untyped-def]
    for pw in ("Wrong#1", "Wrong#2"):
        with pytest.raises(auth.SignInFailed):
            authenticate(source.engine, "duty2", pw, WS)
    admin = _admin(source)
    authenticate(source.engine, "duty1", "Duty#2026", WS)
    viewer = AuditViewerWindow(source, admin)
    qtbot.addWidget(viewer)
    viewer.show()
    _settle(qtbot, viewer.is_loaded)
    assert viewer.page_data is not None and viewer.page_data.total >= 4
    assert viewer.action_combo.findData("sign_in_failed") >= 0
    assert viewer.action_combo.itemText(viewer.action_combo.findData("sign_in_failed")) == "登录失败"

    viewer.set_filters(action="sign_in_failed", range_index=viewer.RANGE_ALL)
    viewer.apply_filters()
    _settle(qtbot, viewer.is_loaded)
    rows = viewer.model.rows
    assert len(rows) == 2 and {r.action for r in rows} == {"sign_in_failed"}
    assert viewer.model.index(0, viewer.model.ACTION).data() == "登录失败"
    assert "登录失败次数: 2" in viewer.model.index(0, viewer.model.SUMMARY).data()
    assert "密码错误" in viewer.model.index(0, viewer.model.SUMMARY).data()

    viewer.clear_filters()
    uid = accounts.find_user_id(source.engine, "duty1")
    viewer.set_filters(entity="user", entity_id=uid, username="duty1")
    viewer.apply_filters()
    _settle(qtbot, viewer.is_loaded)
    assert [r.action for r in viewer.model.rows] == ["sign_in"]
    assert viewer.detail_title.text().startswith("记录")

    # bad input gets a message and queries nothing
    viewer.entity_id_edit.setText("12x")
    viewer.apply_filters()
    assert viewer.filter_message.isVisible() and "整数" in viewer.filter_message.text()
    viewer.entity_id_edit.clear()
    viewer.user_combo.setEditText("x' OR '1'='1")
    viewer.apply_filters()
    _settle(qtbot, viewer.is_loaded)
    assert viewer.model.rows == [] and not viewer.filter_message.isVisible()

    # paging: one record per page
    viewer.clear_filters()
    _settle(qtbot, viewer.is_loaded)
    viewer.size_combo.setCurrentIndex(0)  # 50 per page; use the smallest the page allows
    _settle(qtbot, viewer.is_loaded)
    total = viewer.page_data.total
    assert viewer.page_label.text() == f"第 1 / {max(1, -(-total // 50))} 页"

    viewer.verify_chain()
    _settle(qtbot, lambda: viewer.chain is not None)
    assert viewer.chain.ok and verify_audit_trail(source.engine).ok
    assert "完整" in viewer.chain_label.text()


def test_audit_viewer_names_a_broken_record(zh, qtbot, source) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from tests.audit_tamper import drop_append_only_guard

    authenticate(source.engine, "duty1", "Duty#2026", WS)
    authenticate(source.engine, "duty2", "Duty#2026", WS)
    with source.engine.begin() as conn:
        drop_append_only_guard(conn)
        conn.execute(text("UPDATE audit_log SET workstation = 'forged' WHERE seq = 1"))
    viewer = AuditViewerWindow(source, _admin(source))
    qtbot.addWidget(viewer)
    _settle(qtbot, viewer.is_loaded)
    viewer.verify_chain()
    _settle(qtbot, lambda: viewer.chain is not None)
    assert not viewer.chain.ok and viewer.chain.first_broken_seq == 1
    label = viewer.chain_label.text()
    assert "第 1 条" in label and "duty1" in label and "内容" in label


# --------------------------------------------------------------------------- screenshots


def test_security_views_render(zh, qtbot, source, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.screenshot import VIEWS, save_screenshot

    for view in ("signin", "lock", "admin", "audit"):
        assert view in VIEWS
        out = save_screenshot(source, tmp_path / f"{view}.png", size=(1200, 800), view=view)
        assert out.stat().st_size > 10_000
    # the screenshots wrote nothing: no sign-in, no lock in the trail
    assert _audit_actions(source) == []


def test_sign_out_closes_the_windows_and_asks_for_a_sign_in_again(zh, qtbot, source, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    session = WorkstationSession(source, idle_ms=0, maximize=False, workstation=WS)
    first = session.begin(authenticate(source.engine, "admin", "Admin#2026", WS))  # deleted by the sign-out
    first.open_account_admin()
    admin_window = first._account_admin_window
    assert admin_window.isVisible()
    nxt = authenticate(source.engine, "editor1", "Editor#2026", WS)
    monkeypatch.setattr(session, "ask_sign_in", lambda: nxt)
    assert session.sign_out(ask=False)
    assert not first.isVisible() and not admin_window.isVisible()
    assert session.actor is None and session.window is None
    qtbot.waitUntil(lambda: session.window is not None, timeout=10000)
    qtbot.addWidget(session.window)
    assert session.actor == nxt and session.window.role == "map_editor"
    assert "system.accounts" not in session.window.actions_by_id
    assert _audit_actions(source, username="admin", action="sign_out") == ["sign_out"]
    session.screen_lock.uninstall()


@pytest.fixture
def any_source(small_demo_url: str) -> Iterator[DatabaseSource]:
    engine = make_engine(resolve_url(small_demo_url))
    yield DatabaseSource(engine)
    wait_idle(10000)
    engine.dispose()


def test_admin_and_audit_windows_on_both_databases(zh, qtbot, any_source) -> None:  # type: ignore[no-untyped-def]
    source = any_source
    admin = _admin(source)
    window = AccountAdminWindow(source, admin)
    qtbot.addWidget(window)
    _settle(qtbot, window.is_loaded)
    dialog = window.new_account()
    dialog.username_edit.setText("liaison2")
    dialog.name_edit.setText("部门联络员 郑华")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("department_liaison"))
    dialog.password_edit.setText(generate_password())
    dialog.submit()  # a liaison needs a department
    assert dialog.isVisible() and "部门" in dialog.message.text()
    dialog.department_combo.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.submit()
    _settle(qtbot, window.is_loaded)
    created = window.selected_user()
    assert created is not None and created.username == "liaison2" and created.department_id is not None
    role = window.change_role()
    role.role_combo.setCurrentIndex(role.role_combo.findData("map_editor"))
    with qtbot.waitSignal(role.finished, timeout=10000):
        role.submit()
    _settle(qtbot, window.is_loaded)
    assert window.selected_user().role == "map_editor"

    viewer = AuditViewerWindow(source, admin)
    qtbot.addWidget(viewer)
    _settle(qtbot, viewer.is_loaded)
    viewer.set_filters(entity="user", entity_id=created.id)
    viewer.apply_filters()
    _settle(qtbot, viewer.is_loaded)
    assert [r.action for r in viewer.model.rows] == ["user_role_changed", "user_created"]
    viewer.verify_chain()
    _settle(qtbot, lambda: viewer.chain is not None)
    assert viewer.chain.ok
