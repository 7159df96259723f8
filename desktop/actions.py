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

from desktop import icons
from desktop.labels import QT_TRANSLATE_NOOP, Role

ALL_ROLES: frozenset[str] = frozenset(Role)

MENUS: dict[str, str] = {
    "file": QT_TRANSLATE_NOOP("Actions", "&File"),
    "view": QT_TRANSLATE_NOOP("Actions", "&View"),
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
    _layer_toggle("cases", QT_TRANSLATE_NOOP("Layers", "Cases")),
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
