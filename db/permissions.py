"""Who may do what. db/ operations check these; the desktop only hides what they refuse.

One permission set per role; `has_permission` is the single place that decides.
"""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    VIEW = "view"
    CASE_CREATE = "create cases"
    CASE_REGISTER = "verify, register or reject reports"
    CASE_CATEGORIZE = "set a case's category"
    CASE_DISPATCH = "dispatch cases"
    CASE_ESCALATE = "escalate cases to the district"
    CASE_FORWARD_POLICE = "forward cases to the police platform"
    CASE_FEEDBACK = "record department feedback"
    CASE_RETURN = "return a case as not ours"
    CASE_EXTENSION_REQUEST = "request a deadline extension"
    CASE_EXTENSION_APPROVE = "approve deadline extensions"
    CASE_VERIFY_CLOSE = "verify and close cases"
    CASE_LONG_TERM = "put cases on the long-term register"
    CASE_MERGE = "merge duplicate cases"
    CASE_REVEAL_CONTACT = "reveal a reporter's contact details"
    SHIFT_HANDOVER = "hand over the shift"
    MEETING_SCHEDULE = "schedule meetings"
    MEETING_ATTEND = "record meeting attendance"
    GRID_EDIT = "edit grid boundaries"
    SUPERVISION_RECORD = "record patrols and inspections"
    ASSESSMENT_MANAGE = "manage assessments"
    EXPORT = "export data"
    AUDIT_VIEW = "view the audit trail"
    USER_ADMIN = "manage accounts and roles"
    SETTINGS_ADMIN = "change settings"
    BACKUP = "back up and restore"


P = Permission

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "duty_officer": frozenset(
        {
            P.VIEW, P.CASE_CREATE, P.CASE_REGISTER, P.CASE_CATEGORIZE, P.CASE_DISPATCH,
            P.CASE_ESCALATE, P.CASE_FORWARD_POLICE, P.CASE_FEEDBACK, P.CASE_EXTENSION_APPROVE,
            P.CASE_VERIFY_CLOSE, P.CASE_LONG_TERM, P.CASE_MERGE, P.CASE_REVEAL_CONTACT,
            P.SHIFT_HANDOVER, P.MEETING_SCHEDULE, P.MEETING_ATTEND, P.EXPORT,
        }
    ),
    "supervisor": frozenset(
        {
            P.VIEW, P.CASE_CREATE, P.CASE_EXTENSION_APPROVE, P.CASE_LONG_TERM, P.MEETING_SCHEDULE,
            P.SUPERVISION_RECORD, P.ASSESSMENT_MANAGE, P.EXPORT, P.AUDIT_VIEW,
        }
    ),
    "map_editor": frozenset({P.VIEW, P.GRID_EDIT, P.EXPORT}),
    "department_liaison": frozenset(
        {P.VIEW, P.CASE_FEEDBACK, P.CASE_RETURN, P.CASE_EXTENSION_REQUEST, P.MEETING_ATTEND}
    ),
    "admin": frozenset(Permission),
}


def has_permission(role: str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def permissions_of(role: str) -> frozenset[Permission]:
    return ROLE_PERMISSIONS.get(role, frozenset())
