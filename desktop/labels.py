"""Display names of the codes the data carries (case states, sources, key point kinds, roles,
layers) and the deadline countdown text, all translated: one place for the vocabulary.

The English texts are the translation sources (resources/translations/griddesk_zh_CN.ts
gives the Chinese, the default interface language).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import QCoreApplication


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for extraction by lupdate (which looks for this name) and return it as is.
    A typed stand-in for PySide6's, whose stub returns `object`."""
    return text


STATE_NAMES: dict[str, str] = {
    "reported": QT_TRANSLATE_NOOP("CaseState", "Reported"),  # 待受理
    "to_dispatch": QT_TRANSLATE_NOOP("CaseState", "To dispatch"),  # 待派遣
    "dispatched": QT_TRANSLATE_NOOP("CaseState", "Being handled"),  # 处置中
    "feedback": QT_TRANSLATE_NOOP("CaseState", "To verify"),  # 待核查
    "closed": QT_TRANSLATE_NOOP("CaseState", "Closed"),  # 已结案
    "rejected": QT_TRANSLATE_NOOP("CaseState", "Not accepted"),  # 不予受理
    "returned": QT_TRANSLATE_NOOP("CaseState", "Returned"),  # 退回
    "escalated": QT_TRANSLATE_NOOP("CaseState", "Escalated to district"),  # 抄报区级
    "police": QT_TRANSLATE_NOOP("CaseState", "Police matter"),  # 警务类
    "long_term": QT_TRANSLATE_NOOP("CaseState", "Long-term"),  # 挂账
}

# The order the queue header counts them in: the flow 发现 → 派单 → 处置 → 反馈.
STATE_ORDER: tuple[str, ...] = (
    "reported",
    "to_dispatch",
    "dispatched",
    "feedback",
    "returned",
    "escalated",
    "police",
    "long_term",
    "closed",
    "rejected",
)

SOURCE_NAMES: dict[str, str] = {
    "patrol": QT_TRANSLATE_NOOP("CaseSource", "Grid member patrol"),  # 网格员巡查
    "citizen_qr": QT_TRANSLATE_NOOP("CaseSource", "Citizen QR scan"),  # 市民扫码
    "hotline": QT_TRANSLATE_NOOP("CaseSource", "Hotline"),  # 热线
    "camera": QT_TRANSLATE_NOOP("CaseSource", "Camera / sensor"),  # 视频/感知设备
    "department": QT_TRANSLATE_NOOP("CaseSource", "Department"),  # 职能部门
    "inspection": QT_TRANSLATE_NOOP("CaseSource", "Inspection"),  # 督查
}

# Two-character forms for the narrow queue column (the tooltip gives the full name).
SOURCE_SHORT_NAMES: dict[str, str] = {
    "patrol": QT_TRANSLATE_NOOP("CaseSourceShort", "Patrol"),  # 巡查
    "citizen_qr": QT_TRANSLATE_NOOP("CaseSourceShort", "QR scan"),  # 扫码
    "hotline": QT_TRANSLATE_NOOP("CaseSourceShort", "Hotline"),  # 热线
    "camera": QT_TRANSLATE_NOOP("CaseSourceShort", "Camera"),  # 视频
    "department": QT_TRANSLATE_NOOP("CaseSourceShort", "Dept."),  # 部门
    "inspection": QT_TRANSLATE_NOOP("CaseSourceShort", "Inspection"),  # 督查
}

KIND_NAMES: dict[str, str] = {
    "shop": QT_TRANSLATE_NOOP("PointKind", "Shop"),
    "enterprise": QT_TRANSLATE_NOOP("PointKind", "Enterprise"),
    "river": QT_TRANSLATE_NOOP("PointKind", "River"),
    "construction_site": QT_TRANSLATE_NOOP("PointKind", "Construction site"),
    "public_place": QT_TRANSLATE_NOOP("PointKind", "Public place"),
    "camera": QT_TRANSLATE_NOOP("PointKind", "Camera"),
}


class Role(StrEnum):
    DUTY_OFFICER = "duty_officer"
    SUPERVISOR = "supervisor"
    MAP_EDITOR = "map_editor"
    DEPARTMENT_LIAISON = "department_liaison"
    ADMIN = "admin"


ROLE_NAMES: dict[str, str] = {
    Role.DUTY_OFFICER: QT_TRANSLATE_NOOP("Role", "Duty officer"),
    Role.SUPERVISOR: QT_TRANSLATE_NOOP("Role", "Supervisor"),
    Role.MAP_EDITOR: QT_TRANSLATE_NOOP("Role", "Map editor"),
    Role.DEPARTMENT_LIAISON: QT_TRANSLATE_NOOP("Role", "Department liaison"),
    Role.ADMIN: QT_TRANSLATE_NOOP("Role", "Administrator"),
}

# Layer titles come from gis.mapmodel.default_layers(); listed here so lupdate extracts them.
LAYER_TITLES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Layers", "Town boundary"),
    QT_TRANSLATE_NOOP("Layers", "Responsibility grids"),
    QT_TRANSLATE_NOOP("Layers", "Management grids"),
    QT_TRANSLATE_NOOP("Layers", "Rivers"),
    QT_TRANSLATE_NOOP("Layers", "River QR placards"),
    QT_TRANSLATE_NOOP("Layers", "Shops"),
    QT_TRANSLATE_NOOP("Layers", "Enterprises"),
    QT_TRANSLATE_NOOP("Layers", "Construction sites"),
    QT_TRANSLATE_NOOP("Layers", "Public places"),
    QT_TRANSLATE_NOOP("Layers", "Other key points"),
    QT_TRANSLATE_NOOP("Layers", "Cameras"),
    QT_TRANSLATE_NOOP("Layers", "Cases"),
)


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def state_label(state: str) -> str:
    """Display name of a case state ("dispatched" -> 处置中); unknown codes pass through."""
    src = STATE_NAMES.get(state)
    return _tr("CaseState", src) if src else state


def source_label(source: str) -> str:
    src = SOURCE_NAMES.get(source)
    return _tr("CaseSource", src) if src else source


def source_short_label(source: str) -> str:
    src = SOURCE_SHORT_NAMES.get(source)
    return _tr("CaseSourceShort", src) if src else source_label(source)


def kind_label(kind: str) -> str:
    src = KIND_NAMES.get(kind)
    return _tr("PointKind", src) if src else kind


def role_label(role: str) -> str:
    src = ROLE_NAMES.get(role)
    return _tr("Role", src) if src else role


def layer_title(title: str) -> str:
    return _tr("Layers", title)


# --------------------------------------------------------------------------- deadlines


class Urgency(StrEnum):
    NONE = "none"  # no deadline
    OK = "ok"
    WARN = "warn"  # in the last quarter of the allowed time
    OVERDUE = "overdue"


def duration_text(seconds: float) -> str:
    """A short, translated duration: "1 d 4 h", "3 h 12 min", "25 min"."""
    minutes = int(abs(seconds) // 60)
    d, rem = divmod(minutes, 24 * 60)
    h, m = divmod(rem, 60)
    if d:
        return QCoreApplication.translate("Time", "{d} d {h} h").format(d=d, h=h)
    if h:
        return QCoreApplication.translate("Time", "{h} h {m} min").format(h=h, m=m)
    return QCoreApplication.translate("Time", "{m} min").format(m=m)


def deadline_urgency(
    reported: datetime, deadline: datetime | None, now: datetime, parked: bool = False
) -> Urgency:
    """How pressing a deadline is; a parked case (挂账) is never more than OK."""
    if deadline is None:
        return Urgency.NONE
    if parked:
        return Urgency.OK
    if now > deadline:
        return Urgency.OVERDUE
    allowed = (deadline - reported).total_seconds()
    left = (deadline - now).total_seconds()
    if allowed > 0 and left <= allowed / 4:
        return Urgency.WARN
    return Urgency.OK


def countdown_text(deadline: datetime | None, now: datetime) -> str:
    """ "3 h 12 min left" / "overdue 1 d 2 h" (剩余 3小时12分 / 超期 1天2小时)."""
    if deadline is None:
        return QCoreApplication.translate("Time", "no deadline")
    left = (deadline - now).total_seconds()
    if left < 0:
        return QCoreApplication.translate("Time", "overdue {t}").format(t=duration_text(-left))
    return QCoreApplication.translate("Time", "{t} left").format(t=duration_text(left))
