"""The one registry of user actions: menus and toolbars are built from it, filtered by role.

Each `ActionSpec` names its menu, text (English source, translated in context "Actions"),
shortcuts, icon, the roles allowed to see it and the name of the handler method on the
window. `build_actions` turns the specs a role may use into QActions bound to a window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar

from db.permissions import Permission, has_permission
from desktop import icons
from desktop.labels import QT_TRANSLATE_NOOP, Role

ALL_ROLES: frozenset[str] = frozenset(Role)

MENUS: dict[str, str] = {
    "file": QT_TRANSLATE_NOOP("Actions", "&File"),
    "view": QT_TRANSLATE_NOOP("Actions", "&View"),
    "case": QT_TRANSLATE_NOOP("Actions", "&Cases"),
    "meetings": QT_TRANSLATE_NOOP("Actions", "&Meetings"),
    "supervision": QT_TRANSLATE_NOOP("Actions", "S&upervision"),
    "grids": QT_TRANSLATE_NOOP("Actions", "&Grids"),
    "edit": QT_TRANSLATE_NOOP("Actions", "&Edit"),
    "tools": QT_TRANSLATE_NOOP("Actions", "&Tools"),
    "system": QT_TRANSLATE_NOOP("Actions", "S&ystem"),
    "help": QT_TRANSLATE_NOOP("Actions", "&Help"),
}


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    menu: str  # a MENUS key
    text: str  # English source text, context "Actions"
    handler: str  # method name on the window; called with `param` if it is not None
    shortcuts: tuple[str, ...] = ()  # portable key sequences ("Ctrl+Q", "Home", "+")
    icon: str | None = None  # desktop.icons name
    roles: frozenset[str] = ALL_ROLES
    param: str | None = None
    checkable: bool = False
    toolbar: bool = False
    separator_before: bool = False
    tip: str | None = None  # English source of the status tip
    extra: dict[str, str] = field(default_factory=dict)

    def allowed(self, role: str) -> bool:
        return role in self.roles


def _layer_toggle(layer_id: str, title: str) -> ActionSpec:
    return ActionSpec(
        id=f"view.layer.{layer_id}",
        menu="view",
        text=title,
        handler="toggle_layer",
        param=layer_id,
        checkable=True,
        extra={"context": "Layers"},
    )


def _case(
    name: str,
    text: str,
    permission: Permission,
    shortcuts: tuple[str, ...] = (),
    tip: str | None = None,
    separator_before: bool = False,
) -> ActionSpec:
    """An entry of the Case menu: runs `window.console_action(name)` (desktop/console)."""
    return ActionSpec(
        f"case.{name}",
        "case",
        text,
        "console_action",
        shortcuts=shortcuts,
        roles=frozenset(r for r in Role if has_permission(r, permission)),
        param=name,
        tip=tip,
        separator_before=separator_before,
    )


_TAKERS = frozenset({Role.DUTY_OFFICER, Role.SUPERVISOR, Role.ADMIN})
_CASE_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "case.take_next", "case", QT_TRANSLATE_NOOP("Actions", "Take &next case"), "console_action",
        shortcuts=("Ctrl+N",), icon="next_case", roles=_TAKERS, param="take_next", toolbar=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Take the most urgent, oldest unclaimed case of the queue shown"),
    ),
    ActionSpec(
        "case.open", "case", QT_TRANSLATE_NOOP("Actions", "&Open case"), "console_action",
        shortcuts=("Return", "Enter"), param="open",
        tip=QT_TRANSLATE_NOOP("Actions", "Open the selected case in its own window"),
    ),
    ActionSpec(
        "case.queue_search", "case", QT_TRANSLATE_NOOP("Actions", "Find in the &queue"), "console_action",
        shortcuts=("Ctrl+Shift+F",), param="queue_search",
        tip=QT_TRANSLATE_NOOP("Actions", "Filter the queue by case number"),
    ),
    _case("register", QT_TRANSLATE_NOOP("Actions", "Verify and &register…"), Permission.CASE_REGISTER, ("F2",),
          separator_before=True),
    _case("reject", QT_TRANSLATE_NOOP("Actions", "Re&ject report…"), Permission.CASE_REGISTER, ("Shift+F2",)),
    _case("categorize", QT_TRANSLATE_NOOP("Actions", "Set &category…"), Permission.CASE_CATEGORIZE, ("Ctrl+Shift+C",)),
    _case("handle_on_spot", QT_TRANSLATE_NOOP("Actions", "Handled on the &spot…"), Permission.CASE_DISPATCH, ("F7",)),
    _case("dispatch", QT_TRANSLATE_NOOP("Actions", "&Dispatch…"), Permission.CASE_DISPATCH, ("F3",)),
    _case("escalate", QT_TRANSLATE_NOOP("Actions", "&Escalate to district…"), Permission.CASE_ESCALATE, ("F4",)),
    _case("forward_police", QT_TRANSLATE_NOOP("Actions", "Forward to &police…"), Permission.CASE_FORWARD_POLICE, ("F6",)),
    _case("feedback", QT_TRANSLATE_NOOP("Actions", "Record &feedback…"), Permission.CASE_FEEDBACK, ("F8",),
          separator_before=True),
    _case("return", QT_TRANSLATE_NOOP("Actions", "Re&turn (not ours)…"), Permission.CASE_RETURN),
    _case("request_extension", QT_TRANSLATE_NOOP("Actions", "Request e&xtension…"), Permission.CASE_EXTENSION_REQUEST),
    _case("decide_extension", QT_TRANSLATE_NOOP("Actions", "Decide extension…"), Permission.CASE_EXTENSION_APPROVE),
    _case("verify", QT_TRANSLATE_NOOP("Actions", "&Verify on site…"), Permission.CASE_VERIFY_CLOSE, ("F9",),
          separator_before=True),
    _case("close", QT_TRANSLATE_NOOP("Actions", "C&lose case…"), Permission.CASE_VERIFY_CLOSE, ("Ctrl+Shift+E",)),
    _case("rework", QT_TRANSLATE_NOOP("Actions", "Send back for re&work…"), Permission.CASE_VERIFY_CLOSE),
    _case("long_term", QT_TRANSLATE_NOOP("Actions", "Long-term register on/off…"), Permission.CASE_LONG_TERM, ("Ctrl+Shift+L",)),
    _case("merge", QT_TRANSLATE_NOOP("Actions", "&Merge duplicate…"), Permission.CASE_MERGE),
    _case("claim", QT_TRANSLATE_NOOP("Actions", "Take this case"), Permission.CASE_DISPATCH, separator_before=True),
    _case("release", QT_TRANSLATE_NOOP("Actions", "Release case"), Permission.CASE_DISPATCH),
    _case("reveal_contact", QT_TRANSLATE_NOOP("Actions", "Reveal reporter contact…"), Permission.CASE_REVEAL_CONTACT),
    ActionSpec(
        "case.handover", "case", QT_TRANSLATE_NOOP("Actions", "Shift &handover…"), "console_action",
        shortcuts=("Ctrl+H",), icon="handover", param="handover", separator_before=True, toolbar=True,
        roles=frozenset(r for r in Role if has_permission(r, Permission.SHIFT_HANDOVER)),
        tip=QT_TRANSLATE_NOOP("Actions", "The shift summary, signed off to the incoming officer"),
    ),
)

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "file.screenshot",
        "file",
        QT_TRANSLATE_NOOP("Actions", "Save &screenshot…"),
        "save_window_screenshot",
        shortcuts=("Ctrl+Shift+S",),
        icon="screenshot",
        toolbar=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Save the whole window as a PNG image"),
    ),
    ActionSpec(
        "file.export_map",
        "file",
        QT_TRANSLATE_NOOP("Actions", "&Export map as PNG…"),
        "export_map_png",
        shortcuts=("Ctrl+E",),
        icon="export",
        tip=QT_TRANSLATE_NOOP("Actions", "Render the current map view to a PNG image"),
    ),
    ActionSpec(
        "file.export_pdf",
        "file",
        QT_TRANSLATE_NOOP("Actions", "Export map as P&DF…"),
        "export_map_pdf",
        shortcuts=("Ctrl+P",),
        icon="export",
        tip=QT_TRANSLATE_NOOP(
            "Actions", "A printable page of the current map: A4 or A3, title, legend, scale bar"
        ),
    ),
    # the session (desktop/security): lock, shift handover, sign out
    ActionSpec(
        "file.lock",
        "file",
        QT_TRANSLATE_NOOP("Actions", "&Lock screen"),
        "lock_screen",
        shortcuts=("Ctrl+L",),
        icon="lock",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Cover every window until your password is entered again; the work stays"),
    ),
    ActionSpec(
        "file.switch_officer",
        "file",
        QT_TRANSLATE_NOOP("Actions", "S&witch officer…"),
        "switch_officer",
        shortcuts=("Ctrl+Shift+O",),
        tip=QT_TRANSLATE_NOOP("Actions", "Shift handover: the incoming officer signs in, you are signed out"),
    ),
    ActionSpec(
        "file.sign_out",
        "file",
        QT_TRANSLATE_NOOP("Actions", "Sign &out"),
        "sign_out",
        shortcuts=("Ctrl+Shift+Q",),
        tip=QT_TRANSLATE_NOOP("Actions", "Close every window and return to the sign-in screen"),
    ),
    ActionSpec(
        "file.quit",
        "file",
        QT_TRANSLATE_NOOP("Actions", "&Quit"),
        "close",
        shortcuts=("Ctrl+Q",),
        icon="quit",
        separator_before=True,
    ),
    ActionSpec(
        "view.full_extent",
        "view",
        QT_TRANSLATE_NOOP("Actions", "&Full extent"),
        "zoom_full_extent",
        shortcuts=("Home",),
        icon="extent",
        toolbar=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Show the whole town"),
    ),
    ActionSpec(
        "view.zoom_in",
        "view",
        QT_TRANSLATE_NOOP("Actions", "Zoom &in"),
        "zoom_in",
        shortcuts=("+", "="),
        icon="zoom_in",
        toolbar=True,
    ),
    ActionSpec(
        "view.zoom_out",
        "view",
        QT_TRANSLATE_NOOP("Actions", "Zoom &out"),
        "zoom_out",
        shortcuts=("-",),
        icon="zoom_out",
        toolbar=True,
    ),
    ActionSpec(
        "view.zoom_selection",
        "view",
        QT_TRANSLATE_NOOP("Actions", "Zoom to &selection"),
        "zoom_to_selection",
        shortcuts=("Ctrl+J",),
        tip=QT_TRANSLATE_NOOP("Actions", "Show every selected feature"),
    ),
    ActionSpec(
        "view.search",
        "view",
        QT_TRANSLATE_NOOP("Actions", "&Find on the map…"),
        "focus_search",
        shortcuts=("Ctrl+F",),
        tip=QT_TRANSLATE_NOOP(
            "Actions", "Find a grid, key point, QR code, case number or a position"
        ),
    ),
    ActionSpec(
        "view.refresh",
        "view",
        QT_TRANSLATE_NOOP("Actions", "&Refresh data"),
        "refresh_data",
        shortcuts=("F5",),
        icon="refresh",
        toolbar=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Reload grids, key points and cases from the database"),
    ),
    _layer_toggle("town", QT_TRANSLATE_NOOP("Layers", "Town boundary")),
    _layer_toggle("responsibility_grids", QT_TRANSLATE_NOOP("Layers", "Responsibility grids")),
    _layer_toggle("management_grids", QT_TRANSLATE_NOOP("Layers", "Management grids")),
    _layer_toggle("rivers", QT_TRANSLATE_NOOP("Layers", "Rivers")),
    _layer_toggle("river_placards", QT_TRANSLATE_NOOP("Layers", "River QR placards")),
    _layer_toggle("shops", QT_TRANSLATE_NOOP("Layers", "Shops")),
    _layer_toggle("enterprises", QT_TRANSLATE_NOOP("Layers", "Enterprises")),
    _layer_toggle("construction_sites", QT_TRANSLATE_NOOP("Layers", "Construction sites")),
    _layer_toggle("public_places", QT_TRANSLATE_NOOP("Layers", "Public places")),
    _layer_toggle("other_key_points", QT_TRANSLATE_NOOP("Layers", "Other key points")),
    _layer_toggle("cameras", QT_TRANSLATE_NOOP("Layers", "Cameras")),
    _layer_toggle("meetings", QT_TRANSLATE_NOOP("Layers", "Meetings")),
    _layer_toggle("cases", QT_TRANSLATE_NOOP("Layers", "Cases")),
    # the duty console (desktop/console): handler console_action(name)
    *_CASE_ACTIONS,
    # joint on-site and regular meetings (desktop/meetings)
    ActionSpec(
        "meetings.calendar",
        "meetings",
        QT_TRANSLATE_NOOP("Actions", "Meeting &calendar…"),
        "open_meetings",
        shortcuts=("Ctrl+Shift+M",),
        icon="calendar",
        roles=frozenset({Role.DUTY_OFFICER, Role.SUPERVISOR, Role.DEPARTMENT_LIAISON, Role.ADMIN}),
        toolbar=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Joint on-site meetings and regular meetings, week by week"),
    ),
    ActionSpec(
        "meetings.schedule",
        "meetings",
        QT_TRANSLATE_NOOP("Actions", "&Schedule joint meeting…"),
        "schedule_meeting",
        shortcuts=("Ctrl+Shift+J",),
        roles=frozenset({Role.DUTY_OFFICER, Role.SUPERVISOR, Role.ADMIN}),
        tip=QT_TRANSLATE_NOOP("Actions", "Schedule a joint on-site meeting for the selected case, key point or grid"),
    ),
    # supervision, assessment and statistics (desktop/supervision)
    ActionSpec(
        "supervision.patrols",
        "supervision",
        QT_TRANSLATE_NOOP("Actions", "&Patrol records…"),
        "open_supervision",
        shortcuts=("Ctrl+Shift+P",),
        roles=frozenset({Role.SUPERVISOR, Role.ADMIN}),
        param="patrols",
        tip=QT_TRANSLATE_NOOP("Actions", "Patrols per grid and day; missed patrols; record a patrol"),
    ),
    ActionSpec(
        "supervision.inspections",
        "supervision",
        QT_TRANSLATE_NOOP("Actions", "Biweekly &inspection…"),
        "open_supervision",
        shortcuts=("Ctrl+Shift+I",),
        roles=frozenset({Role.SUPERVISOR, Role.ADMIN}),
        param="inspections",
        tip=QT_TRANSLATE_NOOP("Actions", "The proposed agenda, inspection records and their reports"),
    ),
    ActionSpec(
        "supervision.assessment",
        "supervision",
        QT_TRANSLATE_NOOP("Actions", "Department &assessment…"),
        "open_supervision",
        shortcuts=("Ctrl+Shift+K",),
        roles=frozenset({Role.SUPERVISOR, Role.ADMIN}),
        param="assessment",
        tip=QT_TRANSLATE_NOOP("Actions", "Bimonthly and year-end ranking of the departments, with trend"),
    ),
    ActionSpec(
        "supervision.statistics",
        "supervision",
        QT_TRANSLATE_NOOP("Actions", "&Statistics…"),
        "open_supervision",
        shortcuts=("Ctrl+Shift+D",),
        roles=frozenset({Role.SUPERVISOR, Role.DUTY_OFFICER, Role.ADMIN}),
        param="statistics",
        icon="chart",
        toolbar=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Cases this year against last year, by category, source, grid and department"),
    ),
    # the grid editor (desktop/editor)
    ActionSpec(
        "grids.edit",
        "grids",
        QT_TRANSLATE_NOOP("Actions", "&Edit grid boundaries…"),
        "open_grid_editor",
        shortcuts=("Ctrl+Shift+G",),
        icon="edit_grids",
        roles=frozenset(r for r in Role if has_permission(r, Permission.GRID_EDIT)),
        param="edit",
        toolbar=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Redraw, split and merge grids; the tiling is checked at every step"),
    ),
    ActionSpec(
        "grids.history",
        "grids",
        QT_TRANSLATE_NOOP("Actions", "Boundary &versions…"),
        "open_grid_editor",
        roles=frozenset(r for r in Role if has_permission(r, Permission.GRID_EDIT)),
        param="history",
        tip=QT_TRANSLATE_NOOP("Actions", "Every committed boundary change: who, when, what moved"),
    ),
    ActionSpec(
        "grids.import",
        "grids",
        QT_TRANSLATE_NOOP("Actions", "&Import grid boundaries…"),
        "open_grid_editor",
        roles=frozenset(r for r in Role if has_permission(r, Permission.GRID_EDIT)),
        param="import",
        separator_before=True,
        tip=QT_TRANSLATE_NOOP("Actions", "Read grids from a GeoJSON or Shapefile, checked before anything changes"),
    ),
    ActionSpec(
        "grids.export",
        "grids",
        QT_TRANSLATE_NOOP("Actions", "E&xport grid boundaries…"),
        "open_grid_editor",
        roles=frozenset(r for r in Role if has_permission(r, Permission.GRID_EDIT)),
        param="export",
        tip=QT_TRANSLATE_NOOP("Actions", "Write the grids to GeoJSON or a Shapefile"),
    ),
    # accounts and the audit trail (desktop/security)
    ActionSpec(
        "system.accounts",
        "system",
        QT_TRANSLATE_NOOP("Actions", "&Accounts and roles…"),
        "open_account_admin",
        icon="users",
        roles=frozenset(r for r in Role if has_permission(r, Permission.USER_ADMIN)),
        tip=QT_TRANSLATE_NOOP("Actions", "Create accounts, set roles, reset passwords, lock and unlock"),
    ),
    ActionSpec(
        "system.audit",
        "system",
        QT_TRANSLATE_NOOP("Actions", "Audit &trail…"),
        "open_audit_log",
        icon="audit",
        roles=frozenset(r for r in Role if has_permission(r, Permission.AUDIT_VIEW)),
        tip=QT_TRANSLATE_NOOP("Actions", "Who did what and when; verify the hash chain"),
    ),
    ActionSpec(
        "help.about",
        "help",
        QT_TRANSLATE_NOOP("Actions", "&About GridDesk"),
        "show_about",
        icon="about",
    ),
)

# The first layer toggle gets a separator and a sub-heading in the View menu.
LAYER_MENU_TITLE = QT_TRANSLATE_NOOP("Actions", "&Layers")


def actions_for_role(role: str, registry: Iterable[ActionSpec] = ACTIONS) -> list[ActionSpec]:
    """The specs `role` may use, in registry order."""
    return [spec for spec in registry if spec.allowed(role)]


def _tr(text: str, context: str = "Actions") -> str:
    return QCoreApplication.translate(context, text)


_MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")


def plain_text(text: str) -> str:
    """Menu text without its mnemonic ("保存截图(&S)…" -> "保存截图", "&Quit" -> "Quit")."""
    return _MNEMONIC.sub("", text).replace("…", "").replace("...", "").strip()


def build_actions(
    window: QObject, role: str, registry: Sequence[ActionSpec] = ACTIONS
) -> dict[str, QAction]:
    """QActions for the specs `role` may use, triggered into `window.<handler>(param)`.

    A spec whose handler the window lacks is skipped (a view may not offer everything)."""
    built: dict[str, QAction] = {}
    for spec in actions_for_role(role, registry):
        handler = getattr(window, spec.handler, None)
        if handler is None:
            continue
        action = QAction(_tr(spec.text, spec.extra.get("context", "Actions")), window)
        action.setObjectName(spec.id)
        action.setIconText(plain_text(action.text()))
        if spec.shortcuts:
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        if spec.icon:
            action.setIcon(icons.icon(spec.icon))
        if spec.tip:
            action.setStatusTip(_tr(spec.tip))
            action.setToolTip(_tr(spec.tip))
        action.setCheckable(spec.checkable)
        if spec.param is not None:
            param = spec.param
            if spec.checkable:
                action.toggled.connect(lambda checked, h=handler, p=param: h(p, checked))
            else:
                action.triggered.connect(lambda _checked=False, h=handler, p=param: h(p))
        else:
            action.triggered.connect(lambda _checked=False, h=handler: h())
        built[spec.id] = action
    return built


def populate_menus(
    menubar: QMenuBar,
    actions: dict[str, QAction],
    registry: Sequence[ActionSpec] = ACTIONS,
) -> dict[str, QMenu]:
    """Fill a menu bar, one menu per MENUS key that has at least one permitted action."""
    menus: dict[str, QMenu] = {}
    layer_menu: QMenu | None = None
    for spec in registry:
        action = actions.get(spec.id)
        if action is None:
            continue
        menu = menus.get(spec.menu)
        if menu is None:
            menu = menubar.addMenu(_tr(MENUS[spec.menu]))
            menu.setObjectName(f"menu.{spec.menu}")
            menus[spec.menu] = menu
        if spec.id.startswith("view.layer."):
            if layer_menu is None:
                menu.addSeparator()
                layer_menu = menu.addMenu(icons.icon("layers"), _tr(LAYER_MENU_TITLE))
                layer_menu.setObjectName("menu.view.layers")
            layer_menu.addAction(action)
            continue
        if spec.separator_before:
            menu.addSeparator()
        menu.addAction(action)
    return menus


def populate_toolbar(
    toolbar: QToolBar, actions: dict[str, QAction], registry: Sequence[ActionSpec] = ACTIONS
) -> None:
    for spec in registry:
        if spec.toolbar and spec.id in actions:
            toolbar.addAction(actions[spec.id])
