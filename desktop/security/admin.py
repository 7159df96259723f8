"""The administrator's window: every account, its role and state; create, edit, change role,
reset password, lock, unlock, deactivate and reactivate - each a db.accounts operation run
through db.ops.run_operation off the GUI thread (Permission.USER_ADMIN, audited), after a
confirmation. db/ refuses whatever the role may not do, this window only mirrors it.

A dialog stays open with its input when db/ refuses (a taken user name, a weak password), so
nothing typed is lost; a Conflict (someone changed the account meanwhile) reloads the list.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QColor, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from db import accounts
from db.accounts import UserInfo
from db.auth import (
    MAX_PASSWORD,
    SecurityPolicy,
    password_problems,
    security_policy,
    set_demo_sign_in,
)
from db.ops import Actor, ChangeSet, Conflict, run_operation
from db.permissions import Permission, permissions_of
from desktop import labels, theme
from desktop.security.common import (
    ROLE_COLOURS,
    STYLE,
    engine_of,
    error_html,
    header_bar,
    may,
    permission_label,
    set_chip,
    when,
)
from desktop.worker import run_async

ROLES: tuple[str, ...] = tuple(labels.Role)
USERNAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{1,31}"
_AMBIGUOUS = set("O0Il1|`'\"\\")


def generate_password(length: int = 12) -> str:
    """A random temporary password that keeps the default rules: every class, no look-alikes."""
    pools = [
        [c for c in string.ascii_lowercase if c not in _AMBIGUOUS],
        [c for c in string.ascii_uppercase if c not in _AMBIGUOUS],
        [c for c in string.digits if c not in _AMBIGUOUS],
        list("#%+=?@*-_!"),
    ]
    chars = [secrets.choice(pool) for pool in pools]
    everything = [c for pool in pools for c in pool]
    chars += [secrets.choice(everything) for _ in range(max(length, 8) - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


# --------------------------------------------------------------------------- the table


def status_of(u: UserInfo) -> tuple[str, str]:
    """(translated state, colour) of an account."""
    if not u.active:
        return QCoreApplication.translate("Security", "Deactivated"), theme.TEXT_DIM
    if u.locked_by_admin:
        return QCoreApplication.translate("Security", "Locked by administrator"), theme.OVERDUE_COLOUR
    if u.locked:
        return QCoreApplication.translate("Security", "Locked until {t}").format(t=f"{u.locked_until:%H:%M}" if u.locked_until else ""), theme.OVERDUE_COLOUR
    if u.demo_account:
        return QCoreApplication.translate("Security", "Demo account"), theme.ACCENT
    if u.must_change_password:
        return QCoreApplication.translate("Security", "Must choose a password"), theme.WARN_COLOUR
    return QCoreApplication.translate("Security", "Active"), theme.OK_COLOUR


class AccountTableModel(QAbstractTableModel):
    USER, NAME, ROLE, DEPARTMENT, STATUS, LAST, PASSWORD = range(7)
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.users: list[UserInfo] = []
        self.departments: dict[int, str] = {}
        self.headers = [
            self.tr("Username"),
            self.tr("Name"),
            self.tr("Role"),
            self.tr("Department"),
            self.tr("State"),
            self.tr("Last sign-in"),
            self.tr("Password set"),
        ]

    def set_users(self, users: list[UserInfo], departments: dict[int, str]) -> None:
        self.beginResetModel()
        self.users = list(users)
        self.departments = departments
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.users)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        u = self.users[index.row()]
        col = index.column()
        if role == self.ID_ROLE:
            return u.id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.USER:
                return u.username
            if col == self.NAME:
                return u.display_name
            if col == self.ROLE:
                return labels.role_label(u.role)
            if col == self.DEPARTMENT:
                return self.departments.get(u.department_id, "") if u.department_id else ""
            if col == self.STATUS:
                return status_of(u)[0]
            if col == self.LAST:
                return when(u.last_sign_in_at, "")
            if col == self.PASSWORD:
                return when(u.password_changed_at, "")
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.ROLE:
                return QColor(ROLE_COLOURS.get(u.role, theme.TEXT))
            if col == self.STATUS:
                return QColor(status_of(u)[1])
            if not u.active:
                return QColor(theme.TEXT_DIM)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.ROLE:
            return ", ".join(permission_label(p) for p in sorted(permissions_of(u.role)))
        return None

    def user(self, row: int) -> UserInfo | None:
        return self.users[row] if 0 <= row < len(self.users) else None


class _ActiveFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.show_inactive = True

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, AccountTableModel)
        u = model.user(source_row)
        if u is not None and not u.active and not self.show_inactive:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


# --------------------------------------------------------------------------- dialogs


class _OperationDialog(QDialog):
    """A dialog that runs its db/ operation itself and closes only when it succeeded."""

    def __init__(self, window: AccountAdminWindow, title: str) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(title)
        self.setModal(True)
        self.setStyleSheet(STYLE)
        self.result_changes: ChangeSet | None = None
        self.message = QLabel(self)
        self.message.setObjectName("securityError")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.ok_button = QPushButton(self)
        self.ok_button.setObjectName("primaryButton")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(QCoreApplication.translate("Security", "Cancel"), self)
        self.cancel_button.clicked.connect(self.reject)

    def buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.ok_button)
        return row

    def show_error(self, html: str) -> None:
        self.message.setText(html)
        self.message.setVisible(True)

    def run(self, fn: Any, *args: Any) -> None:
        self.ok_button.setEnabled(False)
        self.message.setVisible(False)
        self.window_.run_background(fn, *args, on_done=self._done, on_error=self._failed)

    def _done(self, changes: ChangeSet) -> None:
        self.ok_button.setEnabled(True)
        self.result_changes = changes
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.ok_button.setEnabled(True)
        self.show_error(error_html(exc))
        if isinstance(exc, Conflict):
            self.window_.reload()

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


def _department_combo(parent: QWidget, departments: list[Any], current: int | None) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(QCoreApplication.translate("Security", "— none —"), None)
    for d in departments:
        combo.addItem(d.name, d.id)
    combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
    return combo


def _role_combo(parent: QWidget, current: str | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for role in ROLES:
        combo.addItem(labels.role_label(role), role)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class AccountDialog(_OperationDialog):
    """Create an account (with a temporary password) or edit its name and department."""

    def __init__(self, window: AccountAdminWindow, user: UserInfo | None = None) -> None:
        super().__init__(window, self.tr("New account") if user is None else self.tr("Edit account"))
        self.user = user
        lay = QVBoxLayout(self)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(10)
        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("newUsername")
        self.username_edit.setMaxLength(32)
        self.username_edit.setValidator(QRegularExpressionValidator(QRegularExpression(USERNAME_PATTERN), self))
        self.username_edit.setPlaceholderText(self.tr("e.g. duty3 (letters, digits, . _ -)"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("displayName")
        self.name_edit.setMaxLength(64)
        self.name_edit.setPlaceholderText(self.tr("The person's name, e.g. 张伟"))
        self.role_combo = _role_combo(self, user.role if user else "duty_officer")
        self.department_combo = _department_combo(self, window.department_list, user.department_id if user else None)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("initialPassword")
        self.password_edit.setMaxLength(MAX_PASSWORD)
        generate = QPushButton(self.tr("Generate"), self)
        generate.clicked.connect(lambda: self.password_edit.setText(generate_password()))
        pw_row = QHBoxLayout()
        pw_row.addWidget(self.password_edit, 1)
        pw_row.addWidget(generate)
        if user is None:
            form.addRow(self.tr("Username"), self.username_edit)
        else:
            shown = QLabel(f"<b>{user.username}</b>", self)
            form.addRow(self.tr("Username"), shown)
            self.name_edit.setText(user.display_name)
        form.addRow(self.tr("Name"), self.name_edit)
        if user is None:
            form.addRow(self.tr("Role"), self.role_combo)
        form.addRow(self.tr("Department"), self.department_combo)
        if user is None:
            form.addRow(self.tr("Temporary password"), pw_row)
        lay.addLayout(form)
        if user is None:
            hint = QLabel(
                self.tr("Tell the person this password in private. They must choose their own at the first sign-in."),
                self,
            )
            hint.setObjectName("securityHint")
            hint.setWordWrap(True)
            lay.addWidget(hint)
        dept_hint = QLabel(self.tr("A department liaison needs a department."), self)
        dept_hint.setObjectName("securityHint")
        lay.addWidget(dept_hint)
        lay.addWidget(self.message)
        lay.addLayout(self.buttons())
        self.ok_button.setText(self.tr("Create account") if user is None else self.tr("Save"))
        self.resize(520, self.sizeHint().height())

    def submit(self) -> None:
        name = self.name_edit.text().strip()
        department = self.department_combo.currentData()
        if self.user is None:
            username = self.username_edit.text().strip()
            role = str(self.role_combo.currentData())
            password = self.password_edit.text()
            problems = []
            if not self.username_edit.hasAcceptableInput():
                problems.append(self.tr("The username must be 2 to 32 letters, digits, '.', '_' or '-'."))
            if not name:
                problems.append(self.tr("Enter the person's name."))
            if role == labels.Role.DEPARTMENT_LIAISON and department is None:
                problems.append(self.tr("A department liaison needs a department: choose one."))
            if password_problems(password, self.window_.policy, username.lower()):
                problems.append(self.window_.rules_text())
            if problems:
                self.show_error("<br>".join(problems))
                return
            self.run(accounts.create_user, username, name, role, password, department)
        else:
            if not name:
                self.show_error(self.tr("Enter the person's name."))
                return
            self.run(accounts.update_user, self.user.id, self.user.version, name, department)


def _assign_role(
    engine: Any, actor: Actor, user: UserInfo, role: str, department_id: int | None
) -> ChangeSet:
    """Give `user` a role; a liaison without a department gets the chosen one first."""
    version = user.version
    changes = ChangeSet()
    if department_id is not None and department_id != user.department_id:
        changes.merge(run_operation(
            engine, actor, Permission.USER_ADMIN, accounts.update_user, user.id, version, user.display_name, department_id
        ))
        version = accounts.get_user(engine, actor, user.id).version
    return changes.merge(run_operation(engine, actor, Permission.USER_ADMIN, accounts.set_role, user.id, role, version))


class RoleDialog(_OperationDialog):
    """Give an account another role; shows what the new role may do."""

    def __init__(self, window: AccountAdminWindow, user: UserInfo) -> None:
        super().__init__(window, self.tr("Change role"))
        self.user = user
        lay = QVBoxLayout(self)
        head = QLabel(
            self.tr("Role of <b>{name}</b> ({user}), now: {role}").format(
                name=user.display_name, user=user.username, role=labels.role_label(user.role)
            ),
            self,
        )
        head.setWordWrap(True)
        lay.addWidget(head)
        form = QFormLayout()
        self.role_combo = _role_combo(self, user.role)
        self.role_combo.setObjectName("roleCombo")
        self.department_combo = _department_combo(self, window.department_list, user.department_id)
        self.department_label = QLabel(self.tr("Department"), self)
        form.addRow(self.tr("New role"), self.role_combo)
        form.addRow(self.department_label, self.department_combo)
        lay.addLayout(form)
        self.permissions = QListWidget(self)
        self.permissions.setObjectName("permissionList")
        self.permissions.setMinimumHeight(220)
        lay.addWidget(QLabel(self.tr("The new role may:"), self))
        lay.addWidget(self.permissions, 1)
        lay.addWidget(self.message)
        lay.addLayout(self.buttons())
        self.ok_button.setText(self.tr("Change role"))
        self.role_combo.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self.resize(500, 540)

    def _role_changed(self) -> None:
        role = str(self.role_combo.currentData())
        self.permissions.clear()
        for p in sorted(permissions_of(role), key=lambda p: list(Permission).index(p)):
            self.permissions.addItem("√  " + permission_label(p))
        liaison = role == labels.Role.DEPARTMENT_LIAISON
        self.department_combo.setVisible(liaison)
        self.department_label.setVisible(liaison)
        self.ok_button.setEnabled(role != self.user.role)

    def submit(self) -> None:
        role = str(self.role_combo.currentData())
        department = self.department_combo.currentData() if role == labels.Role.DEPARTMENT_LIAISON else None
        if role == labels.Role.DEPARTMENT_LIAISON and department is None:
            self.show_error(self.tr("A department liaison needs a department: choose one."))
            return
        if self.user.role == labels.Role.ADMIN:
            answer = QMessageBox.question(
                self,
                self.tr("Change role"),
                self.tr("{user} will no longer be an administrator. Continue?").format(user=self.user.username),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        engine, actor = self.window_.engine, self.window_.actor
        self.ok_button.setEnabled(False)
        self.message.setVisible(False)
        run_async(self, _assign_role, engine, actor, self.user, role, department, on_done=self._done, on_error=self._failed)


class ResetPasswordDialog(_OperationDialog):
    def __init__(self, window: AccountAdminWindow, user: UserInfo) -> None:
        super().__init__(window, self.tr("Reset password"))
        self.user = user
        lay = QVBoxLayout(self)
        text = QLabel(
            self.tr("Set a temporary password for <b>{name}</b> ({user}). They must choose their own at the "
                    "next sign-in; a lock after failed sign-ins is lifted.").format(
                name=user.display_name, user=user.username
            ),
            self,
        )
        text.setWordWrap(True)
        lay.addWidget(text)
        row = QHBoxLayout()
        self.password_edit = QLineEdit(generate_password(), self)
        self.password_edit.setObjectName("resetPassword")
        self.password_edit.setMaxLength(MAX_PASSWORD)
        generate = QPushButton(self.tr("Generate"), self)
        generate.clicked.connect(lambda: self.password_edit.setText(generate_password()))
        row.addWidget(self.password_edit, 1)
        row.addWidget(generate)
        lay.addLayout(row)
        rules = QLabel(window.rules_text(), self)
        rules.setObjectName("securityHint")
        rules.setWordWrap(True)
        lay.addWidget(rules)
        lay.addWidget(self.message)
        lay.addLayout(self.buttons())
        self.ok_button.setText(self.tr("Reset password"))
        self.resize(520, self.sizeHint().height())

    def submit(self) -> None:
        password = self.password_edit.text()
        if password_problems(password, self.window_.policy, self.user.username):
            self.show_error(self.window_.rules_text())
            return
        self.run(accounts.reset_password, self.user.id, password, self.user.version)


# --------------------------------------------------------------------------- the window


class AccountAdminWindow(QMainWindow):
    """Accounts and roles (Permission.USER_ADMIN)."""

    def __init__(self, source: Any, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if parent is not None:
            self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("accountAdminWindow")
        self.setWindowTitle(self.tr("Accounts and roles · GridDesk"))
        self.setStyleSheet(STYLE)
        self.source = source
        self.engine = engine_of(source)
        self.actor = actor
        self.policy = SecurityPolicy()
        self.department_list: list[Any] = []
        self.demo_sign_in: bool | None = None
        self._loaded = False
        self._pending = 0
        self._select_after: int | None = None
        self.resize(1280, 760)
        if self.engine is None:
            self._refuse(self.tr("Account administration is not available: this data source has no database."))
            return
        if not may(actor, Permission.USER_ADMIN):
            self._refuse(self.tr("Your role ({role}) may not manage accounts and roles.").format(
                role=labels.role_label(actor.role)))
            return
        self._build()
        self.reload()

    def _refuse(self, text: str) -> None:
        self.refusal = QLabel(text, self)
        self.refusal.setObjectName("securityWarn")
        self.refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.refusal.setWordWrap(True)
        self.setCentralWidget(self.refusal)
        self._loaded = True

    # ------------------------------------------------------------------ construction
    def _action(self, text: str, slot: Any, shortcut: str | None = None, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        tip_text = tip or text
        action.setToolTip(f"{tip_text} ({shortcut})" if shortcut else tip_text)
        action.setStatusTip(tip_text)
        action.triggered.connect(lambda _c=False: slot())
        self.toolbar.addAction(action)
        return action

    def _build(self) -> None:
        self.toolbar = QToolBar(self.tr("Accounts"), self)
        self.toolbar.setObjectName("securityToolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.act_new = self._action(self.tr("New account…"), self.new_account, "Ctrl+N")
        self.act_edit = self._action(self.tr("Edit…"), self.edit_account, "Ctrl+E", self.tr("Change name and department"))
        self.act_role = self._action(self.tr("Change role…"), self.change_role, "Ctrl+R")
        self.act_reset = self._action(self.tr("Reset password…"), self.reset_password, "Ctrl+Shift+P")
        self.toolbar.addSeparator()
        self.act_lock = self._action(self.tr("Lock"), self.lock_account, tip=self.tr("Lock the account until an administrator unlocks it"))
        self.act_unlock = self._action(self.tr("Unlock"), self.unlock_account, tip=self.tr("Lift a lock and clear the failed sign-ins"))
        self.act_deactivate = self._action(self.tr("Deactivate"), self.deactivate_account, tip=self.tr("The account can no longer sign in; it is never deleted"))
        self.act_reactivate = self._action(self.tr("Reactivate"), self.reactivate_account)
        self.toolbar.addSeparator()
        self.act_demo = self._action(self.tr("Demo sign-in"), self.toggle_demo_sign_in, tip=self.tr(
            "Offer the demo accounts with their public passwords on the sign-in screen"))
        self.act_demo.setCheckable(True)
        self.act_refresh = self._action(self.tr("Reload"), self.reload, "F5")

        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        header, _title, self.subtitle = header_bar(self.tr("Accounts and roles"), self.tr("Loading…"), central)
        lay.addWidget(header)

        body = QWidget(central)
        blay = QVBoxLayout(body)
        blay.setContentsMargins(12, 10, 12, 8)
        filters = QHBoxLayout()
        self.filter_edit = QLineEdit(body)
        self.filter_edit.setObjectName("accountFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter by username, name, role or state"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMaxLength(64)
        self.show_inactive = QCheckBox(self.tr("Show deactivated accounts"), body)
        self.show_inactive.setChecked(True)
        filters.addWidget(self.filter_edit, 1)
        filters.addSpacing(12)
        filters.addWidget(self.show_inactive)
        blay.addLayout(filters)

        split = QSplitter(Qt.Orientation.Horizontal, body)
        self.model = AccountTableModel(self)
        self.proxy = _ActiveFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.table = QTableView(split)
        self.table.setObjectName("accountTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AccountTableModel.USER, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda _i: self.edit_account())
        self.detail = self._build_detail(split)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([860, 380])
        blay.addWidget(split, 1)
        lay.addWidget(body, 1)
        self.setCentralWidget(central)

        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.show_inactive.toggled.connect(self._toggle_inactive)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self._selection_changed()

    def _build_detail(self, parent: QWidget) -> QFrame:
        card = QFrame(parent)
        card.setObjectName("securityCard")
        card.setMinimumWidth(320)
        lay = QVBoxLayout(card)
        lay.setContentsMargins(16, 14, 16, 14)
        lay.setSpacing(6)
        self.detail_name = QLabel(card)
        self.detail_name.setObjectName("detailName")
        self.detail_user = QLabel(card)
        self.detail_user.setObjectName("securitySub")
        chips = QHBoxLayout()
        self.role_chip = QLabel(card)
        self.state_chip = QLabel(card)
        chips.addWidget(self.role_chip)
        chips.addWidget(self.state_chip)
        chips.addStretch(1)
        lay.addWidget(self.detail_name)
        lay.addWidget(self.detail_user)
        lay.addLayout(chips)
        lay.addSpacing(6)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        self.detail_values: dict[str, QLabel] = {}
        rows = (
            ("department", self.tr("Department")),
            ("created", self.tr("Created")),
            ("last", self.tr("Last sign-in")),
            ("password", self.tr("Password set")),
            ("failed", self.tr("Failed sign-ins")),
        )
        for i, (key, text) in enumerate(rows):
            k = QLabel(text, card)
            k.setObjectName("detailKey")
            v = QLabel(card)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(k, i, 0)
            grid.addWidget(v, i, 1)
            self.detail_values[key] = v
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        lay.addSpacing(8)
        self.permissions_title = QLabel(card)
        self.permissions_title.setObjectName("panelTitle")
        lay.addWidget(self.permissions_title)
        self.permission_list = QListWidget(card)
        self.permission_list.setObjectName("permissionList")
        self.permission_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        lay.addWidget(self.permission_list, 1)
        return card

    # ------------------------------------------------------------------ data
    def is_loaded(self) -> bool:
        return self._loaded and self._pending == 0

    def reload(self) -> None:
        """Read the accounts, departments, policy and demo switch again (off the GUI thread)."""
        if self.engine is None or not may(self.actor, Permission.USER_ADMIN):
            return
        source, actor = self.source, self.actor

        def load(engine: Any) -> tuple[list[UserInfo], list[Any], SecurityPolicy, bool | None]:
            users = accounts.list_users(engine, actor)
            departments_of = getattr(source, "departments", None)
            departments = list(departments_of()) if callable(departments_of) else []
            demo_of = getattr(source, "demo_sign_in_enabled", None)
            demo = bool(demo_of()) if callable(demo_of) else None
            return users, departments, security_policy(engine), demo

        self._pending += 1
        run_async(self, load, self.engine, on_done=self._loaded_data, on_error=self._load_failed)

    def _loaded_data(self, result: tuple[list[UserInfo], list[Any], SecurityPolicy, bool | None]) -> None:
        self._pending -= 1
        users, departments, self.policy, self.demo_sign_in = result
        self.department_list = departments
        keep = self._select_after if self._select_after is not None else self.selected_id()
        self._select_after = None
        self.model.set_users(users, {d.id: d.name for d in departments})
        self.table.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            self.table.setColumnWidth(col, self.table.columnWidth(col) + 18)
        active = sum(1 for u in users if u.active)
        locked = sum(1 for u in users if u.locked)
        demo = (
            self.tr("demo sign-in on") if self.demo_sign_in else
            self.tr("demo sign-in off") if self.demo_sign_in is not None else ""
        )
        self.subtitle.setText(
            self.tr("{n} accounts · {a} active · {l} locked").format(n=len(users), a=active, l=locked)
            + (f" · {demo}" if demo else "")
        )
        self.act_demo.setEnabled(self.demo_sign_in is not None)
        self.act_demo.blockSignals(True)
        self.act_demo.setChecked(bool(self.demo_sign_in))
        self.act_demo.blockSignals(False)
        self._loaded = True
        if keep is not None:
            self.select_user(keep)
        elif self.proxy.rowCount():
            self.table.selectRow(0)
        self._selection_changed()

    def _load_failed(self, exc: Exception) -> None:
        self._pending -= 1
        self._loaded = True
        self.subtitle.setText(error_html(exc).replace("<br>", " "))

    def rules_text(self) -> str:
        p = self.policy
        return self.tr(
            "Passwords need at least {n} characters mixing {k} of: lower-case letters, capitals, digits, "
            "symbols, and must not contain the username."
        ).format(n=p.min_length, k=p.min_classes)

    # ------------------------------------------------------------------ selection
    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if hasattr(self, "table") else []
        if not rows:
            return None
        value = rows[0].data(AccountTableModel.ID_ROLE)
        return int(value) if value is not None else None

    def selected_user(self) -> UserInfo | None:
        uid = self.selected_id()
        return next((u for u in self.model.users if u.id == uid), None) if uid is not None else None

    def select_user(self, user_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(AccountTableModel.ID_ROLE) == user_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.proxy.index(row, 0))
                return True
        return False

    def _toggle_inactive(self, checked: bool) -> None:
        self.proxy.show_inactive = checked
        self.proxy.invalidate()

    def _selection_changed(self) -> None:
        u = self.selected_user()
        me = u is not None and u.id == self.actor.user_id
        self.act_edit.setEnabled(u is not None)
        self.act_role.setEnabled(u is not None and not me)
        self.act_reset.setEnabled(u is not None)
        self.act_lock.setEnabled(u is not None and not me and u.active and not u.locked_by_admin)
        self.act_unlock.setEnabled(u is not None and (u.locked or u.failed_count > 0))
        self.act_deactivate.setEnabled(u is not None and not me and u.active)
        self.act_reactivate.setEnabled(u is not None and not u.active)
        self.detail.setVisible(True)
        if u is None:
            self.detail_name.setText(self.tr("No account selected"))
            self.detail_user.clear()
            self.role_chip.clear()
            self.role_chip.setStyleSheet("")
            self.state_chip.clear()
            self.state_chip.setStyleSheet("")
            for v in self.detail_values.values():
                v.clear()
            self.permissions_title.clear()
            self.permission_list.clear()
            return
        self.detail_name.setText(u.display_name)
        self.detail_user.setText(
            self.tr("Username: {user}").format(user=u.username) + (self.tr(" (you)") if me else "")
        )
        set_chip(self.role_chip, labels.role_label(u.role), ROLE_COLOURS.get(u.role, theme.ACCENT))
        state, colour = status_of(u)
        set_chip(self.state_chip, state, colour)
        dept = self.model.departments.get(u.department_id, "") if u.department_id else ""
        self.detail_values["department"].setText(dept or "—")
        self.detail_values["created"].setText(when(u.created_at))
        self.detail_values["last"].setText(when(u.last_sign_in_at, self.tr("never")))
        self.detail_values["password"].setText(when(u.password_changed_at, self.tr("not chosen yet")))
        self.detail_values["failed"].setText(str(u.failed_count))
        perms = sorted(permissions_of(u.role), key=lambda p: list(Permission).index(p))
        self.permissions_title.setText(self.tr("This role may ({n}):").format(n=len(perms)))
        self.permission_list.clear()
        for p in perms:
            self.permission_list.addItem("√  " + permission_label(p))

    # ------------------------------------------------------------------ running operations
    def run_background(self, fn: Any, *args: Any, on_done: Any, on_error: Any) -> None:
        """run_operation(engine, actor, USER_ADMIN, fn, *args) off the GUI thread."""
        run_async(self, run_operation, self.engine, self.actor, Permission.USER_ADMIN, fn, *args,
                  on_done=on_done, on_error=on_error)

    def _apply(self, changes: ChangeSet | None, message: str) -> None:
        """Refresh from a ChangeSet: reload and select the account it names."""
        ids = sorted(changes.ids("user")) if changes is not None else []
        self._select_after = ids[0] if ids else self.selected_id()
        self.statusBar().showMessage(message, 8000)
        self.reload()

    def _operation(self, fn: Any, *args: Any, done: str) -> None:
        def ok(changes: ChangeSet) -> None:
            self._apply(changes, done)

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, self.tr("Accounts and roles"), error_html(exc))
            if isinstance(exc, Conflict):
                self.reload()

        self.run_background(fn, *args, on_done=ok, on_error=failed)

    def _confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ actions
    def _open(self, dialog: _OperationDialog, done: str) -> _OperationDialog:
        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self._apply(dialog.result_changes, done)
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        self._dialog = dialog
        return dialog

    def new_account(self) -> _OperationDialog:
        return self._open(AccountDialog(self), self.tr("Account created."))

    def edit_account(self) -> _OperationDialog | None:
        u = self.selected_user()
        return self._open(AccountDialog(self, u), self.tr("Account saved.")) if u else None

    def change_role(self) -> _OperationDialog | None:
        u = self.selected_user()
        return self._open(RoleDialog(self, u), self.tr("Role changed.")) if u else None

    def reset_password(self) -> _OperationDialog | None:
        u = self.selected_user()
        return self._open(ResetPasswordDialog(self, u), self.tr("Password reset.")) if u else None

    def lock_account(self, confirm: bool = True) -> None:
        u = self.selected_user()
        if u is None:
            return
        if confirm and not self._confirm(self.tr("Lock account"), self.tr(
                "Lock <b>{user}</b>? It cannot sign in until an administrator unlocks it.").format(user=u.username)):
            return
        self._operation(accounts.lock_user, u.id, u.version, done=self.tr("Account locked."))

    def unlock_account(self, confirm: bool = True) -> None:
        u = self.selected_user()
        if u is None:
            return
        if confirm and not self._confirm(self.tr("Unlock account"), self.tr(
                "Unlock <b>{user}</b> and clear its failed sign-ins?").format(user=u.username)):
            return
        self._operation(accounts.unlock_user, u.id, u.version, done=self.tr("Account unlocked."))

    def deactivate_account(self, confirm: bool = True) -> None:
        u = self.selected_user()
        if u is None:
            return
        if confirm and not self._confirm(self.tr("Deactivate account"), self.tr(
                "Deactivate <b>{user}</b>? It can no longer sign in. The account is kept, with everything "
                "the audit trail says it did, and can be reactivated.").format(user=u.username)):
            return
        self._operation(accounts.deactivate_user, u.id, u.version, done=self.tr("Account deactivated."))

    def reactivate_account(self, confirm: bool = True) -> None:
        u = self.selected_user()
        if u is None:
            return
        if confirm and not self._confirm(self.tr("Reactivate account"), self.tr(
                "Reactivate <b>{user}</b>? It must choose a new password at the next sign-in.").format(user=u.username)):
            return
        self._operation(accounts.reactivate_user, u.id, u.version, done=self.tr("Account reactivated."))

    def toggle_demo_sign_in(self, confirm: bool = True) -> None:
        enable = not bool(self.demo_sign_in)
        if confirm:
            text = (
                self.tr("Turn demo sign-in on? The sign-in screen then offers the demo accounts with their "
                        "public passwords. Only for a demonstration database.")
                if enable else
                self.tr("Turn demo sign-in off? The demo accounts must then choose a new password at their "
                        "next sign-in, and the sign-in screen no longer offers them.")
            )
            if not self._confirm(self.tr("Demo sign-in"), text):
                self.act_demo.blockSignals(True)
                self.act_demo.setChecked(bool(self.demo_sign_in))
                self.act_demo.blockSignals(False)
                return
        self._operation(set_demo_sign_in, enable,
                        done=self.tr("Demo sign-in is on.") if enable else self.tr("Demo sign-in is off."))
