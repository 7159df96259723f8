"""Glue shared by the security screens: the engine behind a data source, the acting user,
errors from db/ in the user's language, the vocabulary of the audit trail and of
permissions, times, and the screens' style sheet (on top of desktop.theme)."""

from __future__ import annotations

import math
import socket
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from db.auth import (
    ADMIN_LOCK_UNTIL,
    AccountDisabled,
    AccountLocked,
    PasswordChangeRequired,
    SignInFailed,
)
from db.clock import now as town_now
from db.ops import (
    Actor,
)
from db.permissions import Permission, has_permission
from desktop import errors, labels, theme
from desktop.labels import QT_TRANSLATE_NOOP

CTX = "Security"


def engine_of(source: Any) -> Any | None:
    """The database engine of a data source, or None (test fakes have none)."""
    return getattr(source, "engine", None)


def workstation_actor(role: str) -> Actor:
    """Who acts in a window opened without a sign-in (tests, screenshots): the role itself."""
    return Actor(None, str(role), str(role), labels.role_label(str(role)), socket.gethostname())


def actor_of(window: Any) -> Actor:
    """The signed-in Actor of a main window, else a role-only actor for its role."""
    actor = getattr(window, "actor", None)
    if isinstance(actor, Actor):
        return actor
    return workstation_actor(str(getattr(window, "role", "duty_officer")))


def may(actor: Actor, permission: Permission) -> bool:
    return has_permission(actor.role, permission)


def person_name(display_name: str, role: str = "") -> str:
    """A display name without a leading job title ("值班员 王海" -> "王海"); a name that is
    only a title ("系统管理员") stays."""
    first, _, rest = display_name.strip().partition(" ")
    titles = {labels.role_label(role), role} if role else set()
    if rest and (first in titles or first.endswith("员")):
        return rest.strip()
    return display_name.strip()


def actor_text(actor: Actor) -> str:
    """ "王海 (duty1) · 值班员": the person, the account, the role."""
    name = person_name(actor.display_name or actor.username, actor.role)
    return QCoreApplication.translate("Security", "{name} ({user}) · {role}").format(
        name=name, user=actor.username, role=labels.role_label(actor.role)
    )


def minutes_until(until: datetime, at: datetime | None = None) -> int:
    """Whole minutes (rounded up, at least 1) from now (town time) until `until`."""
    seconds = (until - (at or town_now())).total_seconds()
    return max(1, math.ceil(seconds / 60))


def when(value: datetime | None, empty: str = "—") -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value is not None else empty


# --------------------------------------------------------------------------- errors


def sign_in_error_text(exc: BaseException) -> str:
    """The message a sign-in, unlock or handover refusal shows (translated)."""
    if isinstance(exc, SignInFailed):
        return QCoreApplication.translate("Security", "Wrong username or password.")
    if isinstance(exc, AccountLocked):
        if exc.until >= ADMIN_LOCK_UNTIL:
            return QCoreApplication.translate("Security", "This account is locked by an administrator. Ask an administrator to unlock it.")
        return QCoreApplication.translate("Security",
            "Too many wrong passwords: this account is locked for another {n} min (until {t}). "
            "Try again then, or ask an administrator to unlock it."
        ).format(n=minutes_until(exc.until), t=f"{exc.until:%H:%M}")
    if isinstance(exc, AccountDisabled):
        return QCoreApplication.translate("Security", "This account has been deactivated. Ask an administrator.")
    if isinstance(exc, PasswordChangeRequired):
        return change_reason_text(exc.reason)
    head, detail = error_text(exc)
    return f"{head} {detail}".strip()


def change_reason_text(reason: str) -> str:
    if reason == "expired":
        return QCoreApplication.translate("Security", "Your password has expired. Choose a new password to continue.")
    if reason == "reset":
        return QCoreApplication.translate("Security", "An administrator set this password. Choose your own password to continue.")
    return QCoreApplication.translate("Security", "This is the first sign-in with this password. Choose your own password to continue.")


def error_text(exc: BaseException) -> tuple[str, str]:
    """(headline in the user's language, the detail from db/) for an operation's error."""
    return errors.error_text(
        exc,
        QCoreApplication.translate("Security", "Someone else changed this account first. The list was reloaded; try again."),
    )


def error_html(exc: BaseException) -> str:
    head, detail = error_text(exc)
    return f"<b>{escape(head)}</b><br><span style='color:{theme.TEXT_DIM}'>{escape(detail)}</span>"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------- permissions

PERMISSION_NAMES: dict[str, str] = {
    Permission.VIEW: QT_TRANSLATE_NOOP("Permissions", "view"),
    Permission.CASE_CREATE: QT_TRANSLATE_NOOP("Permissions", "create cases"),
    Permission.CASE_REGISTER: QT_TRANSLATE_NOOP("Permissions", "verify, register or reject reports"),
    Permission.CASE_CATEGORIZE: QT_TRANSLATE_NOOP("Permissions", "set a case's category"),
    Permission.CASE_DISPATCH: QT_TRANSLATE_NOOP("Permissions", "dispatch cases"),
    Permission.CASE_ESCALATE: QT_TRANSLATE_NOOP("Permissions", "escalate cases to the district"),
    Permission.CASE_FORWARD_POLICE: QT_TRANSLATE_NOOP("Permissions", "forward cases to the police platform"),
    Permission.CASE_FEEDBACK: QT_TRANSLATE_NOOP("Permissions", "record department feedback"),
    Permission.CASE_RETURN: QT_TRANSLATE_NOOP("Permissions", "return a case as not ours"),
    Permission.CASE_EXTENSION_REQUEST: QT_TRANSLATE_NOOP("Permissions", "request a deadline extension"),
    Permission.CASE_EXTENSION_APPROVE: QT_TRANSLATE_NOOP("Permissions", "approve deadline extensions"),
    Permission.CASE_VERIFY_CLOSE: QT_TRANSLATE_NOOP("Permissions", "verify and close cases"),
    Permission.CASE_LONG_TERM: QT_TRANSLATE_NOOP("Permissions", "put cases on the long-term register"),
    Permission.CASE_MERGE: QT_TRANSLATE_NOOP("Permissions", "merge duplicate cases"),
    Permission.CASE_REVEAL_CONTACT: QT_TRANSLATE_NOOP("Permissions", "reveal a reporter's contact details"),
    Permission.SHIFT_HANDOVER: QT_TRANSLATE_NOOP("Permissions", "hand over the shift"),
    Permission.MEETING_SCHEDULE: QT_TRANSLATE_NOOP("Permissions", "schedule meetings"),
    Permission.MEETING_ATTEND: QT_TRANSLATE_NOOP("Permissions", "record meeting attendance"),
    Permission.GRID_EDIT: QT_TRANSLATE_NOOP("Permissions", "edit grid boundaries"),
    Permission.SUPERVISION_RECORD: QT_TRANSLATE_NOOP("Permissions", "record patrols and inspections"),
    Permission.ASSESSMENT_MANAGE: QT_TRANSLATE_NOOP("Permissions", "manage assessments"),
    Permission.EXPORT: QT_TRANSLATE_NOOP("Permissions", "export data"),
    Permission.AUDIT_VIEW: QT_TRANSLATE_NOOP("Permissions", "view the audit trail"),
    Permission.USER_ADMIN: QT_TRANSLATE_NOOP("Permissions", "manage accounts and roles"),
    Permission.SETTINGS_ADMIN: QT_TRANSLATE_NOOP("Permissions", "change settings"),
    Permission.BACKUP: QT_TRANSLATE_NOOP("Permissions", "back up and restore"),
}


def permission_label(value: str) -> str:
    src = PERMISSION_NAMES.get(value)
    return QCoreApplication.translate("Permissions", src) if src else value


# --------------------------------------------------------------------------- the audit trail

AUDIT_ACTIONS: dict[str, str] = {
    # sign-in and the session (db/auth.py)
    "sign_in": QT_TRANSLATE_NOOP("AuditAction", "Signed in"),
    "sign_in_failed": QT_TRANSLATE_NOOP("AuditAction", "Sign-in failed"),
    "sign_in_refused": QT_TRANSLATE_NOOP("AuditAction", "Sign-in refused"),
    "account_locked": QT_TRANSLATE_NOOP("AuditAction", "Account locked (failed sign-ins)"),
    "password_change_required": QT_TRANSLATE_NOOP("AuditAction", "Password change required"),
    "password_changed": QT_TRANSLATE_NOOP("AuditAction", "Password changed"),
    "sign_out": QT_TRANSLATE_NOOP("AuditAction", "Signed out"),
    "screen_locked": QT_TRANSLATE_NOOP("AuditAction", "Screen locked"),
    "screen_unlocked": QT_TRANSLATE_NOOP("AuditAction", "Screen unlocked"),
    "security_policy_changed": QT_TRANSLATE_NOOP("AuditAction", "Security policy changed"),
    "demo_sign_in_changed": QT_TRANSLATE_NOOP("AuditAction", "Demo sign-in switched"),
    # accounts (db/accounts.py)
    "user_created": QT_TRANSLATE_NOOP("AuditAction", "Account created"),
    "user_updated": QT_TRANSLATE_NOOP("AuditAction", "Account edited"),
    "user_role_changed": QT_TRANSLATE_NOOP("AuditAction", "Role changed"),
    "password_reset": QT_TRANSLATE_NOOP("AuditAction", "Password reset"),
    "user_locked": QT_TRANSLATE_NOOP("AuditAction", "Account locked by administrator"),
    "user_unlocked": QT_TRANSLATE_NOOP("AuditAction", "Account unlocked"),
    "user_deactivated": QT_TRANSLATE_NOOP("AuditAction", "Account deactivated"),
    "user_reactivated": QT_TRANSLATE_NOOP("AuditAction", "Account reactivated"),
    # personal data, exports, the database
    "reveal_contact": QT_TRANSLATE_NOOP("AuditAction", "Reporter contact revealed"),
    "export": QT_TRANSLATE_NOOP("AuditAction", "Data exported"),
    "backup": QT_TRANSLATE_NOOP("AuditAction", "Database backed up"),
    "restore": QT_TRANSLATE_NOOP("AuditAction", "Database restored"),
    # cases (db/cases.py: case_<event>)
    "case_report": QT_TRANSLATE_NOOP("AuditAction", "Case reported"),
    "case_register": QT_TRANSLATE_NOOP("AuditAction", "Case registered"),
    "case_reject": QT_TRANSLATE_NOOP("AuditAction", "Report not accepted"),
    "case_categorize": QT_TRANSLATE_NOOP("AuditAction", "Case re-categorised"),
    "case_handle_on_spot": QT_TRANSLATE_NOOP("AuditAction", "Handled on the spot"),
    "case_dispatch": QT_TRANSLATE_NOOP("AuditAction", "Case dispatched"),
    "case_redispatch": QT_TRANSLATE_NOOP("AuditAction", "Case dispatched again"),
    "case_escalate": QT_TRANSLATE_NOOP("AuditAction", "Escalated to district"),
    "case_forward_police": QT_TRANSLATE_NOOP("AuditAction", "Forwarded to police"),
    "case_feedback": QT_TRANSLATE_NOOP("AuditAction", "Feedback recorded"),
    "case_return": QT_TRANSLATE_NOOP("AuditAction", "Case returned"),
    "case_extension_request": QT_TRANSLATE_NOOP("AuditAction", "Extension requested"),
    "case_extension_approved": QT_TRANSLATE_NOOP("AuditAction", "Extension granted"),
    "case_extension_refused": QT_TRANSLATE_NOOP("AuditAction", "Extension refused"),
    "case_verify": QT_TRANSLATE_NOOP("AuditAction", "Verified on site"),
    "case_close": QT_TRANSLATE_NOOP("AuditAction", "Case closed"),
    "case_rework": QT_TRANSLATE_NOOP("AuditAction", "Sent back for rework"),
    "case_long_term": QT_TRANSLATE_NOOP("AuditAction", "Put on long-term register"),
    "case_long_term_off": QT_TRANSLATE_NOOP("AuditAction", "Taken off long-term register"),
    "case_merge": QT_TRANSLATE_NOOP("AuditAction", "Cases merged"),
    "case_merged_from": QT_TRANSLATE_NOOP("AuditAction", "Duplicate merged in"),
    "case_claim": QT_TRANSLATE_NOOP("AuditAction", "Case taken"),
    "case_release": QT_TRANSLATE_NOOP("AuditAction", "Case released"),
    # meetings, grids, handovers
    "meeting_create": QT_TRANSLATE_NOOP("AuditAction", "Meeting scheduled"),
    "meeting_update": QT_TRANSLATE_NOOP("AuditAction", "Meeting changed"),
    "meeting_cancel": QT_TRANSLATE_NOOP("AuditAction", "Meeting cancelled"),
    "meeting_finish": QT_TRANSLATE_NOOP("AuditAction", "Meeting held"),
    "grid.commit": QT_TRANSLATE_NOOP("AuditAction", "Grid boundaries changed"),
    "shift_handover": QT_TRANSLATE_NOOP("AuditAction", "Shift handed over"),
    "handover_acknowledged": QT_TRANSLATE_NOOP("AuditAction", "Handover acknowledged"),
}

AUDIT_ENTITIES: dict[str, str] = {
    "user": QT_TRANSLATE_NOOP("AuditEntity", "Account"),
    "case": QT_TRANSLATE_NOOP("AuditEntity", "Case"),
    "meeting": QT_TRANSLATE_NOOP("AuditEntity", "Meeting"),
    "meeting_series": QT_TRANSLATE_NOOP("AuditEntity", "Meeting series"),
    "grid": QT_TRANSLATE_NOOP("AuditEntity", "Grid"),
    "grid_version": QT_TRANSLATE_NOOP("AuditEntity", "Grid version"),
    "key_point": QT_TRANSLATE_NOOP("AuditEntity", "Key point"),
    "setting": QT_TRANSLATE_NOOP("AuditEntity", "Setting"),
    "database": QT_TRANSLATE_NOOP("AuditEntity", "Database"),
    "shift_handover": QT_TRANSLATE_NOOP("AuditEntity", "Shift handover"),
    "patrol": QT_TRANSLATE_NOOP("AuditEntity", "Patrol"),
    "inspection": QT_TRANSLATE_NOOP("AuditEntity", "Inspection"),
    "outbox": QT_TRANSLATE_NOOP("AuditEntity", "Outgoing message"),
}


def audit_action_label(code: str) -> str:
    src = AUDIT_ACTIONS.get(code)
    return QCoreApplication.translate("AuditAction", src) if src else code


def audit_entity_label(code: str) -> str:
    src = AUDIT_ENTITIES.get(code)
    return QCoreApplication.translate("AuditEntity", src) if src else code


# Fields inside the before/after documents, and coded values, as the viewer shows them.
AUDIT_FIELDS: dict[str, str] = {
    "reason": QT_TRANSLATE_NOOP("AuditField", "reason"),
    "username": QT_TRANSLATE_NOOP("AuditField", "username"),
    "failed_count": QT_TRANSLATE_NOOP("AuditField", "failed sign-ins"),
    "locked_until": QT_TRANSLATE_NOOP("AuditField", "locked until"),
    "role": QT_TRANSLATE_NOOP("AuditField", "role"),
    "display_name": QT_TRANSLATE_NOOP("AuditField", "name"),
    "department_id": QT_TRANSLATE_NOOP("AuditField", "department"),
    "active": QT_TRANSLATE_NOOP("AuditField", "active"),
    "must_change_password": QT_TRANSLATE_NOOP("AuditField", "must change password"),
    "handed_to": QT_TRANSLATE_NOOP("AuditField", "handed to"),
    "handed_over_by": QT_TRANSLATE_NOOP("AuditField", "handed over by"),
    "enabled": QT_TRANSLATE_NOOP("AuditField", "on"),
    "number": QT_TRANSLATE_NOOP("AuditField", "case number"),
    "state": QT_TRANSLATE_NOOP("AuditField", "state"),
    "version": QT_TRANSLATE_NOOP("AuditField", "version"),
    "note": QT_TRANSLATE_NOOP("AuditField", "note"),
    "file": QT_TRANSLATE_NOOP("AuditField", "file"),
    "rows": QT_TRANSLATE_NOOP("AuditField", "rows"),
    "masked": QT_TRANSLATE_NOOP("AuditField", "masked"),
}

AUDIT_VALUES: dict[str, str] = {
    "wrong_password": QT_TRANSLATE_NOOP("AuditValue", "wrong password"),
    "unknown_user": QT_TRANSLATE_NOOP("AuditValue", "unknown user"),
    "locked": QT_TRANSLATE_NOOP("AuditValue", "account locked"),
    "deactivated": QT_TRANSLATE_NOOP("AuditValue", "account deactivated"),
    "shift_handover": QT_TRANSLATE_NOOP("AuditValue", "shift handover"),
    "sign_out": QT_TRANSLATE_NOOP("AuditValue", "signed out"),
    "closed": QT_TRANSLATE_NOOP("AuditValue", "window closed"),
    "idle": QT_TRANSLATE_NOOP("AuditValue", "idle time"),
    "manual": QT_TRANSLATE_NOOP("AuditValue", "by hand"),
    "first_use": QT_TRANSLATE_NOOP("AuditValue", "first use"),
    "reset": QT_TRANSLATE_NOOP("AuditValue", "reset by administrator"),
    "expired": QT_TRANSLATE_NOOP("AuditValue", "expired"),
    "voluntary": QT_TRANSLATE_NOOP("AuditValue", "by the user"),
}


def audit_field_label(key: str) -> str:
    src = AUDIT_FIELDS.get(key)
    return QCoreApplication.translate("AuditField", src) if src else key


def audit_value_text(key: str, value: Any, limit: int = 40) -> str:
    """A value of a before/after document, readable: codes named, roles translated, times
    without the ISO "T", booleans as yes/no."""
    if value is None:
        return "∅"
    if isinstance(value, bool):
        return QCoreApplication.translate("AuditValue", "yes" if value else "no")
    if isinstance(value, str):
        if key == "role":
            text = labels.role_label(value)
        elif value in AUDIT_VALUES:
            text = QCoreApplication.translate("AuditValue", AUDIT_VALUES[value])
        elif value.startswith("9999-"):  # db.auth.ADMIN_LOCK_UNTIL
            text = QCoreApplication.translate("AuditValue", "until an administrator unlocks it")
        elif len(value) >= 19 and value[4] == "-" and value[10] == "T":
            text = value.replace("T", " ", 1)
        else:
            text = value
    else:
        import json

        text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_YES_NO = (QT_TRANSLATE_NOOP("AuditValue", "yes"), QT_TRANSLATE_NOOP("AuditValue", "no"))


# Why a hash chain broke (db/audit.py verify_chain reasons).
def chain_reason_text(reason: str) -> str:
    if reason.endswith("is missing"):
        return QCoreApplication.translate("Security", "a record is missing")
    if "link" in reason:
        return QCoreApplication.translate("Security", "its link to the previous record is broken")
    if "content" in reason:
        return QCoreApplication.translate("Security", "its content was changed after it was written")
    if "deleted" in reason:
        return QCoreApplication.translate("Security", "records after it were deleted")
    return reason


# --------------------------------------------------------------------------- widgets


def header_bar(title: str, subtitle: str, parent: QWidget | None = None) -> tuple[QFrame, QLabel, QLabel]:
    """The screens' title bar: a gold title and a dim subtitle, returned with both labels."""
    bar = QFrame(parent)
    bar.setObjectName("securityHeader")
    lay = QHBoxLayout(bar)
    lay.setContentsMargins(16, 10, 16, 10)
    texts = QVBoxLayout()
    texts.setSpacing(2)
    t = QLabel(title, bar)
    t.setObjectName("securityTitle")
    s = QLabel(subtitle, bar)
    s.setObjectName("securitySub")
    texts.addWidget(t)
    texts.addWidget(s)
    lay.addLayout(texts, 1)
    return bar, t, s


def set_chip(label: QLabel, text: str, colour: str) -> None:
    """A small rounded label in a colour (role, status)."""
    label.setText(text)
    label.setStyleSheet(
        f"QLabel {{ color: {colour}; background: transparent; border: 1px solid {colour};"
        " border-radius: 9px; padding: 1px 9px; font-weight: bold; }"
    )


ROLE_COLOURS: dict[str, str] = {
    "duty_officer": "#64a8f6",
    "supervisor": "#e0b450",
    "map_editor": "#7fd18b",
    "department_liaison": "#4dd0e1",
    "admin": "#ff6b5e",
}


STYLE = f"""
QFrame#securityHeader {{ background: {theme.BG_HEADER}; border-bottom: 1px solid {theme.BORDER}; }}
QLabel#securityTitle {{ font-size: 15pt; font-weight: bold; color: {theme.ACCENT}; }}
QLabel#securitySub, QLabel#securityHint {{ color: {theme.TEXT_DIM}; }}
QLabel#securityHint {{ font-size: 10pt; }}
QLabel#securityError {{ color: {theme.OVERDUE_COLOUR}; font-weight: bold; }}
QLabel#securityOk {{ color: {theme.OK_COLOUR}; font-weight: bold; }}
QLabel#securityWarn {{ color: {theme.WARN_COLOUR}; font-weight: bold; }}
QLabel#fieldLabel {{ color: {theme.TEXT_DIM}; }}
QLabel#detailName {{ font-size: 15pt; font-weight: bold; color: {theme.TEXT}; }}
QLabel#detailKey {{ color: {theme.TEXT_DIM}; }}
QFrame#securityCard {{ background: {theme.BG_PANEL}; border: 1px solid {theme.BORDER}; border-radius: 6px; }}
QFrame#chainBanner {{ border-radius: 4px; border: 1px solid {theme.BORDER}; background: {theme.BG_PANEL}; }}
QFrame#chainBanner[state="ok"] {{ border-color: #3f6f4a; background: #15231a; }}
QFrame#chainBanner[state="broken"] {{ border-color: {theme.OVERDUE_COLOUR}; background: #2a1416; }}
QPushButton#primaryButton {{
    background: {theme.HIGHLIGHT}; color: white; border: 1px solid #3b7fd6; border-radius: 4px;
    padding: 6px 18px; font-weight: bold;
}}
QPushButton#primaryButton:disabled {{ background: #1d2a3b; color: #5c6775; border-color: {theme.BORDER}; }}
QPushButton#dangerButton {{
    background: #5a1f22; color: white; border: 1px solid {theme.OVERDUE_COLOUR}; border-radius: 4px;
    padding: 6px 18px; font-weight: bold;
}}
QPushButton {{ padding: 5px 14px; }}
QLineEdit, QComboBox, QDateTimeEdit, QSpinBox, QPlainTextEdit {{
    background: {theme.BG_BASE}; border: 1px solid #2f3b4c; border-radius: 3px; padding: 4px 6px;
    selection-background-color: {theme.HIGHLIGHT};
}}
QLineEdit:focus, QComboBox:focus, QDateTimeEdit:focus, QPlainTextEdit:focus {{ border-color: #4a90e8; }}
QLineEdit[invalid="true"] {{ border-color: {theme.OVERDUE_COLOUR}; }}
QListWidget#permissionList {{ background: {theme.BG_PANEL}; border: none; }}
QToolBar#securityToolbar {{ background: {theme.BG_WINDOW}; border-bottom: 1px solid {theme.BORDER}; }}
QToolBar#securityToolbar QToolButton {{ padding: 5px 10px; }}
QToolBar#securityToolbar QToolButton:checked {{ background: #24466f; border: 1px solid #4a90e8; color: white; }}
"""
