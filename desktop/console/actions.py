"""The case actions of the console: which operation, which permission, in which states
(mirroring db/cases.py, which decides), with their key and button text. The detail panel's
action bar and the main window's Case menu (desktop.actions, handler `console_action`)
both enable an action only when `allowed` says so; db/ checks again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from db import cases as ops
from db.case_queries import CaseDetail
from db.ops import Actor
from db.permissions import Permission, has_permission
from desktop.labels import QT_TRANSLATE_NOOP

P = Permission
OPEN = frozenset({"reported", "to_dispatch", "dispatched", "feedback", "returned", "escalated", "police", "long_term"})


@dataclass(frozen=True, slots=True)
class CaseAction:
    name: str
    text: str  # English source, context "ConsoleAction"
    permission: Permission
    states: frozenset[str]
    shortcut: str = ""
    primary: bool = False
    danger: bool = False
    check: Callable[[CaseDetail, Actor], bool] | None = None
    secondary: bool = False  # shown smaller, after the workflow steps

    def label(self) -> str:
        text = QCoreApplication.translate("ConsoleAction", self.text)
        return f"{text} ({self.shortcut})" if self.shortcut else text


def _not_police(c: CaseDetail, _a: Actor) -> bool:
    return not c.police


def _police(c: CaseDetail, _a: Actor) -> bool:
    return c.police


def _own_department(c: CaseDetail, a: Actor) -> bool:
    return a.role != "department_liaison" or (a.department_id is not None and a.department_id == c.department_id)


def _no_pending_extension(c: CaseDetail, a: Actor) -> bool:
    return c.pending_extension is None and _own_department(c, a)


def _pending_extension(c: CaseDetail, _a: Actor) -> bool:
    return c.pending_extension is not None


def _has_duplicates(c: CaseDetail, _a: Actor) -> bool:
    return bool(c.duplicates)


def _unclaimed(c: CaseDetail, a: Actor) -> bool:
    return c.claimed_by is None and a.user_id is not None


def _claimed(c: CaseDetail, a: Actor) -> bool:
    return c.claimed_by is not None and (c.claimed_by == a.user_id or has_permission(a.role, P.CASE_DISPATCH))


def _has_contact(c: CaseDetail, _a: Actor) -> bool:
    return c.has_contact


def _taker(_c: CaseDetail, a: Actor) -> bool:
    return any(has_permission(a.role, p) for p in ops.QUEUE_PERMISSION.values())


ACTIONS: tuple[CaseAction, ...] = (
    CaseAction("register", QT_TRANSLATE_NOOP("ConsoleAction", "Register"), P.CASE_REGISTER, frozenset({"reported"}), "F2", primary=True),
    CaseAction("reject", QT_TRANSLATE_NOOP("ConsoleAction", "Reject"), P.CASE_REGISTER, frozenset({"reported"}), "Shift+F2", danger=True),
    CaseAction("handle_on_spot", QT_TRANSLATE_NOOP("ConsoleAction", "Handled on the spot"), P.CASE_DISPATCH,
               frozenset({"reported", "to_dispatch", "returned"}), "F7", check=_not_police),
    CaseAction("dispatch", QT_TRANSLATE_NOOP("ConsoleAction", "Dispatch"), P.CASE_DISPATCH,
               frozenset({"to_dispatch", "returned"}), "F3", primary=True, check=_not_police),
    CaseAction("escalate", QT_TRANSLATE_NOOP("ConsoleAction", "Escalate to district"), P.CASE_ESCALATE,
               frozenset({"to_dispatch", "returned", "dispatched"}), "F4", check=_not_police),
    CaseAction("forward_police", QT_TRANSLATE_NOOP("ConsoleAction", "Forward to police"), P.CASE_FORWARD_POLICE,
               frozenset({"reported", "to_dispatch", "returned"}), "F6", primary=True, check=_police),
    CaseAction("categorize", QT_TRANSLATE_NOOP("ConsoleAction", "Set category"), P.CASE_CATEGORIZE,
               frozenset(ops.CATEGORIZABLE), "Ctrl+Shift+C", secondary=True),
    CaseAction("feedback", QT_TRANSLATE_NOOP("ConsoleAction", "Record feedback"), P.CASE_FEEDBACK,
               frozenset({"dispatched", "escalated", "police"}), "F8", check=_own_department),
    CaseAction("return", QT_TRANSLATE_NOOP("ConsoleAction", "Return (not ours)"), P.CASE_RETURN,
               frozenset({"dispatched"}), check=_own_department),
    CaseAction("request_extension", QT_TRANSLATE_NOOP("ConsoleAction", "Request extension"), P.CASE_EXTENSION_REQUEST,
               frozenset({"dispatched", "escalated"}), check=_no_pending_extension),
    CaseAction("decide_extension", QT_TRANSLATE_NOOP("ConsoleAction", "Decide extension"), P.CASE_EXTENSION_APPROVE,
               frozenset({"dispatched", "escalated", "feedback", "long_term", "returned"}), primary=True, check=_pending_extension),
    CaseAction("verify", QT_TRANSLATE_NOOP("ConsoleAction", "Verify on site"), P.CASE_VERIFY_CLOSE,
               frozenset({"feedback"}), "F9", primary=True),
    CaseAction("close", QT_TRANSLATE_NOOP("ConsoleAction", "Close case"), P.CASE_VERIFY_CLOSE,
               frozenset({"feedback", "police"}), "Ctrl+Shift+E"),
    CaseAction("rework", QT_TRANSLATE_NOOP("ConsoleAction", "Send back for rework"), P.CASE_VERIFY_CLOSE,
               frozenset({"feedback"}), danger=True),
    CaseAction("long_term", QT_TRANSLATE_NOOP("ConsoleAction", "Long-term register"), P.CASE_LONG_TERM,
               frozenset(ops.LONG_TERM_FROM), "Ctrl+Shift+L", secondary=True),
    CaseAction("long_term_off", QT_TRANSLATE_NOOP("ConsoleAction", "Off the long-term register"), P.CASE_LONG_TERM,
               frozenset({"long_term"}), "Ctrl+Shift+L", secondary=True),
    CaseAction("merge", QT_TRANSLATE_NOOP("ConsoleAction", "Merge duplicate"), P.CASE_MERGE, OPEN, check=_has_duplicates, secondary=True),
    CaseAction("meeting", QT_TRANSLATE_NOOP("ConsoleAction", "Joint on-site meeting"), P.MEETING_SCHEDULE, OPEN, secondary=True),
    CaseAction("claim", QT_TRANSLATE_NOOP("ConsoleAction", "Take this case"), P.VIEW, OPEN, check=lambda c, a: _unclaimed(c, a) and _taker(c, a), secondary=True),
    CaseAction("release", QT_TRANSLATE_NOOP("ConsoleAction", "Release"), P.VIEW, OPEN, check=lambda c, a: _claimed(c, a) and _taker(c, a), secondary=True),
    CaseAction("reveal_contact", QT_TRANSLATE_NOOP("ConsoleAction", "Reveal contact"), P.CASE_REVEAL_CONTACT,
               frozenset({*OPEN, "closed", "rejected"}), check=_has_contact, secondary=True),
)

BY_NAME: dict[str, CaseAction] = {a.name: a for a in ACTIONS}


def allowed(action: CaseAction | str, case: CaseDetail | None, actor: Actor | None) -> bool:
    """May `actor` take `action` on `case` now (permission, state, case facts)?"""
    a = BY_NAME[action] if isinstance(action, str) else action
    if case is None or actor is None:
        return False
    if not has_permission(actor.role, a.permission):
        return False
    if case.state not in a.states:
        return False
    return a.check is None or bool(a.check(case, actor))


def may_ever(action: CaseAction | str, actor: Actor | None) -> bool:
    """Could the actor's role ever take it (the button shows, maybe disabled)?"""
    a = BY_NAME[action] if isinstance(action, str) else action
    return actor is not None and has_permission(actor.role, a.permission)
