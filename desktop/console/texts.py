"""The duty console's words: timeline events, outbox messages, response levels, and the
headline in the user's language for every error a db/ operation can raise.

English source texts, translated through resources/translations/console_zh_CN.ts.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from db.auth import AuthError
from db.ops import (
    Busy,
    Conflict,
    ConnectionLost,
    InvalidInput,
    InvalidTransition,
    NotFound,
    OperationError,
    PermissionDenied,
)
from desktop import theme
from desktop.labels import QT_TRANSLATE_NOOP

CTX = "ConsoleText"

EVENT_NAMES: dict[str, str] = {
    "report": QT_TRANSLATE_NOOP("ConsoleText", "Reported"),  # 上报
    "register": QT_TRANSLATE_NOOP("ConsoleText", "Verified and registered"),  # 立案
    "reject": QT_TRANSLATE_NOOP("ConsoleText", "Rejected"),  # 不予受理
    "categorize": QT_TRANSLATE_NOOP("ConsoleText", "Category corrected"),
    "handle_on_spot": QT_TRANSLATE_NOOP("ConsoleText", "Handled on the spot"),  # 即发现即处置
    "dispatch": QT_TRANSLATE_NOOP("ConsoleText", "Dispatched"),  # 派单
    "redispatch": QT_TRANSLATE_NOOP("ConsoleText", "Dispatched again"),
    "escalate": QT_TRANSLATE_NOOP("ConsoleText", "Escalated to district"),  # 抄报区级
    "forward_police": QT_TRANSLATE_NOOP("ConsoleText", "Forwarded to police"),
    "feedback": QT_TRANSLATE_NOOP("ConsoleText", "Feedback"),  # 反馈
    "return": QT_TRANSLATE_NOOP("ConsoleText", "Returned"),  # 退回
    "extension_request": QT_TRANSLATE_NOOP("ConsoleText", "Extension requested"),
    "extension_approved": QT_TRANSLATE_NOOP("ConsoleText", "Extension granted"),
    "extension_refused": QT_TRANSLATE_NOOP("ConsoleText", "Extension refused"),
    "verify": QT_TRANSLATE_NOOP("ConsoleText", "Verified on site"),  # 核查
    "close": QT_TRANSLATE_NOOP("ConsoleText", "Closed"),  # 结案
    "rework": QT_TRANSLATE_NOOP("ConsoleText", "Sent back for rework"),  # 返工
    "long_term": QT_TRANSLATE_NOOP("ConsoleText", "Put on the long-term register"),  # 挂账
    "long_term_off": QT_TRANSLATE_NOOP("ConsoleText", "Taken off the long-term register"),
    "merge": QT_TRANSLATE_NOOP("ConsoleText", "Merged into another case"),
    "merged_from": QT_TRANSLATE_NOOP("ConsoleText", "Merged with a duplicate"),
    "claim": QT_TRANSLATE_NOOP("ConsoleText", "Taken"),
    "release": QT_TRANSLATE_NOOP("ConsoleText", "Released"),
    "attach": QT_TRANSLATE_NOOP("ConsoleText", "Attachment added"),
    "attach_remove": QT_TRANSLATE_NOOP("ConsoleText", "Attachment removed"),
}

LEVEL_NAMES: dict[int, str] = {
    1: QT_TRANSLATE_NOOP("ConsoleText", "Level 1 · handled on the spot"),
    2: QT_TRANSLATE_NOOP("ConsoleText", "Level 2 · town department"),
    3: QT_TRANSLATE_NOOP("ConsoleText", "Level 3 · district department"),
}

LEVEL_CHIPS: dict[int, str] = {
    1: QT_TRANSLATE_NOOP("ConsoleText", "Level 1"),  # 一级响应
    2: QT_TRANSLATE_NOOP("ConsoleText", "Level 2"),  # 二级响应
    3: QT_TRANSLATE_NOOP("ConsoleText", "Level 3"),  # 三级响应
}

OUTBOX_KINDS: dict[str, str] = {
    "police_forward": QT_TRANSLATE_NOOP("ConsoleText", "To the police platform"),
    "notice": QT_TRANSLATE_NOOP("ConsoleText", "Notice to the department"),
    "escalation_sheet": QT_TRANSLATE_NOOP("ConsoleText", "Escalation sheet (PDF)"),
}

OUTBOX_STATUS: dict[str, str] = {
    "pending": QT_TRANSLATE_NOOP("ConsoleText", "pending"),
    "sent": QT_TRANSLATE_NOOP("ConsoleText", "done"),
    "failed": QT_TRANSLATE_NOOP("ConsoleText", "failed"),
}

EXTENSION_STATUS: dict[str, str] = {
    "pending": QT_TRANSLATE_NOOP("ConsoleText", "waiting for a decision"),
    "approved": QT_TRANSLATE_NOOP("ConsoleText", "approved"),
    "refused": QT_TRANSLATE_NOOP("ConsoleText", "refused"),
}

KEY_POINT_KINDS: dict[str, str] = {
    "shop": QT_TRANSLATE_NOOP("ConsoleText", "shop"),
    "enterprise": QT_TRANSLATE_NOOP("ConsoleText", "enterprise"),
    "river": QT_TRANSLATE_NOOP("ConsoleText", "river"),
    "construction_site": QT_TRANSLATE_NOOP("ConsoleText", "construction site"),
    "public_place": QT_TRANSLATE_NOOP("ConsoleText", "public place"),
}

# the changed fields a timeline entry may name
FIELD_NAMES: dict[str, str] = {
    "state": QT_TRANSLATE_NOOP("ConsoleText", "state"),
    "department_id": QT_TRANSLATE_NOOP("ConsoleText", "department"),
    "level": QT_TRANSLATE_NOOP("ConsoleText", "level"),
    "deadline_at": QT_TRANSLATE_NOOP("ConsoleText", "deadline"),
    "category_id": QT_TRANSLATE_NOOP("ConsoleText", "category"),
    "police": QT_TRANSLATE_NOOP("ConsoleText", "police-type"),
    "urgent": QT_TRANSLATE_NOOP("ConsoleText", "urgent"),
    "rework_count": QT_TRANSLATE_NOOP("ConsoleText", "reworks"),
    "claimed_by": QT_TRANSLATE_NOOP("ConsoleText", "taken by"),
    "registered_at": QT_TRANSLATE_NOOP("ConsoleText", "registered"),
    "dispatched_at": QT_TRANSLATE_NOOP("ConsoleText", "dispatched"),
    "closed_at": QT_TRANSLATE_NOOP("ConsoleText", "closed"),
    "merged_into_id": QT_TRANSLATE_NOOP("ConsoleText", "merged into"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def event_label(kind: str) -> str:
    src = EVENT_NAMES.get(kind)
    return tr(src) if src else kind


def level_label(level: int) -> str:
    src = LEVEL_NAMES.get(int(level or 0))
    return tr(src) if src else str(level)


def level_chip(level: int) -> str:
    src = LEVEL_CHIPS.get(int(level or 0))
    return tr(src) if src else ""


def outbox_kind_label(kind: str) -> str:
    src = OUTBOX_KINDS.get(kind)
    return tr(src) if src else kind


def outbox_status_label(status: str) -> str:
    src = OUTBOX_STATUS.get(status)
    return tr(src) if src else status


def extension_status_label(status: str) -> str:
    src = EXTENSION_STATUS.get(status)
    return tr(src) if src else status


def key_point_kind_label(kind: str) -> str:
    src = KEY_POINT_KINDS.get(kind)
    return tr(src) if src else kind


def field_label(name: str) -> str:
    src = FIELD_NAMES.get(name)
    return tr(src) if src else name


def localized(name: str, name_en: str) -> str:
    """The English name of a record in the English interface (when it has one)."""
    from desktop.app import current_lang

    return name_en if name_en and current_lang() == "en" else name


def esc(value: Any) -> str:
    return str(value if value is not None else "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- errors


def error_headline(exc: BaseException) -> str:
    """The headline of an error from db/ in the user's language."""
    if isinstance(exc, Conflict):
        return QCoreApplication.translate("ConsoleText", "Someone else changed this case first")
    if isinstance(exc, PermissionDenied):
        return QCoreApplication.translate("ConsoleText", "Your role may not do this")
    if isinstance(exc, InvalidInput):
        return QCoreApplication.translate("ConsoleText", "Please check your entries")
    if isinstance(exc, InvalidTransition):
        return QCoreApplication.translate("ConsoleText", "This cannot be done in the case's current state")
    if isinstance(exc, NotFound):
        return QCoreApplication.translate("ConsoleText", "The record no longer exists")
    if isinstance(exc, ConnectionLost):
        if exc.outcome_unknown:
            return QCoreApplication.translate("ConsoleText", "The connection broke while saving: check whether the change was saved")
        return QCoreApplication.translate("ConsoleText", "The database cannot be reached; nothing was saved")
    if isinstance(exc, Busy):
        return QCoreApplication.translate("ConsoleText", "Another workstation was changing the same case; nothing was saved, try again")
    if isinstance(exc, AuthError):
        return QCoreApplication.translate("ConsoleText", "Sign-in problem")
    if isinstance(exc, OperationError):
        return QCoreApplication.translate("ConsoleText", "The action was refused")
    return QCoreApplication.translate("ConsoleText", "Something went wrong; nothing was saved")


def error_detail(exc: BaseException) -> str:
    detail = str(exc)
    if not isinstance(exc, OperationError):
        detail = f"{type(exc).__name__}: {detail}"
    return detail


def conflict_current(exc: BaseException) -> str:
    """One line on what the case looks like now (Conflict.current), translated."""
    from desktop import labels

    current: dict[str, Any] = getattr(exc, "current", None) or {}
    if not current:
        return ""
    parts = [QCoreApplication.translate("ConsoleText", "Now: {state}").format(state=labels.state_label(str(current.get("state", ""))))]
    if current.get("department_name"):
        parts.append(QCoreApplication.translate("ConsoleText", "department {name}").format(name=current["department_name"]))
    last = current.get("last_event") or {}
    if last:
        at = last.get("at")
        when = f"{at:%Y-%m-%d %H:%M}" if hasattr(at, "strftime") else str(at or "")
        who = last.get("actor") or ""
        ws = last.get("workstation") or ""
        parts.append(
            QCoreApplication.translate("ConsoleText", "last step: {what} by {who} on workstation {ws} at {when}").format(
                what=event_label(str(last.get("kind", ""))), who=who, ws=ws or "-", when=when
            )
        )
    return " · ".join(parts)


def error_html(exc: BaseException) -> str:
    """Headline (bold) and detail, for a label in a dialog."""
    extra = conflict_current(exc) if isinstance(exc, Conflict) else ""
    html = f"<b>{esc(error_headline(exc))}</b><br><span style='color:{theme.TEXT_DIM}'>{esc(error_detail(exc))}</span>"
    if extra:
        html += f"<br><span style='color:{theme.WARN_COLOUR}'>{esc(extra)}</span>"
    return html
