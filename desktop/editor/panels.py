"""The editor's side panels: the selected grid's attributes (with live code validation) and
the list of problems (live and on demand) that zooms to each one and applies safe fixes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import theme
from desktop.editor import texts
from desktop.editor.controller import EditorController
from gis.editing import EditGrid
from gis.gridcode import GridCodeError, parse_grid_code
from gis.validation import MANAGEMENT, RESPONSIBILITY, Issue, Severity


def level_text(level: str) -> str:
    if level == RESPONSIBILITY:
        return QCoreApplication.translate("EditorPanels", "Responsibility grid")
    return QCoreApplication.translate("EditorPanels", "Management grid")


class TypingComboBox(QComboBox):
    """A combo box that keeps the letters typed into it for its own search, rather than
    letting the window's one-key shortcuts (V, P, K, R, M) take them."""

    def event(self, event: QEvent) -> bool:
        typed = (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and bool(event.text().strip())
            and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        )
        if typed:
            event.accept()
            return True
        return super().event(event)


class AttributePanel(QWidget):
    """Code, name, responsible person and phone, department of the selected grid; Apply
    runs one `set_attributes` gesture (one undo step)."""

    def __init__(self, controller: EditorController, departments: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorAttributes")
        self.controller = controller
        self.key: int | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        self.heading = QLabel(self)
        self.heading.setObjectName("editorHeading")
        self.heading.setWordWrap(True)
        lay.addWidget(self.heading)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.level = QLabel(self)
        self.parent_label = QLabel(self)
        self.area = QLabel(self)
        self.code = QLineEdit(self)
        self.code.setObjectName("editorCode")
        self.code.setMaxLength(14)
        self.code_problem = QLabel(self)
        self.code_problem.setObjectName("editorCodeProblem")
        self.code_problem.setWordWrap(True)
        self.code_problem.setStyleSheet(f"color: {theme.OVERDUE_COLOUR};")
        self.name = QLineEdit(self)
        self.name.setObjectName("editorName")
        self.name.setMaxLength(64)
        self.leader = QLineEdit(self)
        self.leader.setMaxLength(32)
        self.phone = QLineEdit(self)
        self.phone.setMaxLength(20)
        self.department = TypingComboBox(self)
        self.department.addItem(self.tr("(none)"), None)
        for d in departments:
            self.department.addItem(f"{d.name}", d.id)
        form.addRow(self.tr("Level"), self.level)
        form.addRow(self.tr("Responsibility grid"), self.parent_label)
        form.addRow(self.tr("Area"), self.area)
        form.addRow(self.tr("Code"), self.code)
        form.addRow("", self.code_problem)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Responsible person"), self.leader)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Department"), self.department)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.apply_button = QPushButton(self.tr("Apply"), self)
        self.apply_button.setObjectName("editorApply")
        self.apply_button.setDefault(True)
        self.reset_button = QPushButton(self.tr("Reset"), self)
        row.addStretch(1)
        row.addWidget(self.reset_button)
        row.addWidget(self.apply_button)
        lay.addLayout(row)
        lay.addStretch(1)
        self.fields: list[QWidget] = [self.code, self.name, self.leader, self.phone, self.department]
        self.apply_button.clicked.connect(self.apply)
        self.reset_button.clicked.connect(self.show_selected)
        self.code.textChanged.connect(self._check_code)
        for w in (self.code, self.name, self.leader, self.phone):
            w.returnPressed.connect(self.apply)  # type: ignore[attr-defined]
        QShortcut(QKeySequence("Ctrl+Return"), self, self.apply)
        controller.selection_changed.connect(self.show_selected)
        controller.edited.connect(lambda *_: self.show_selected())
        controller.loaded.connect(self.show_selected)
        self.show_selected()

    def grid(self) -> EditGrid | None:
        return None if self.key is None else self.controller.grid(self.key)

    def show_selected(self) -> None:
        c = self.controller
        sel = c.selected
        g = c.grid(sel[0]) if len(sel) == 1 else None
        self.key = g.key if g is not None else None
        enabled = g is not None
        for w in (*self.fields, self.apply_button, self.reset_button):
            w.setEnabled(enabled)
        if g is None:
            self.heading.setText(
                self.tr("%n grids selected; Merge joins them.", "", len(sel)) if sel
                else self.tr("Click a grid on the map to see and edit its attributes.")
            )
            for w in (self.code, self.name, self.leader, self.phone):
                w.setText("")  # type: ignore[attr-defined]
            self.level.setText("")
            self.parent_label.setText("")
            self.area.setText("")
            self.code_problem.setText("")
            return
        self.heading.setText(f"<b>{g.code}</b>  {g.name}")
        self.level.setText(level_text(g.level))
        parent = c.grid(g.parent) if g.parent is not None else None
        self.parent_label.setText(f"{parent.code} {parent.name}" if parent is not None else "—")
        self.area.setText(self.tr("%1 km²").replace("%1", f"{g.geometry.area / 1e6:.3f}"))
        self.code.setText(g.code)
        self.name.setText(g.name)
        self.leader.setText(str(g.attrs.get("leader_name") or ""))
        self.phone.setText(str(g.attrs.get("leader_phone") or ""))
        i = self.department.findData(g.attrs.get("department_id"))
        self.department.setCurrentIndex(max(i, 0))
        self._check_code()

    def code_problem_text(self, code: str) -> str:
        """Why `code` cannot be the selected grid's code ("" when it can)."""
        g = self.grid()
        if g is None or code == g.code:
            return ""
        try:
            parsed = parse_grid_code(code)
        except GridCodeError:
            return self.tr("A grid code is 14 digits: county (6), town (3), community (2), number (3).")
        if g.level == RESPONSIBILITY and not parsed.is_responsibility:
            return self.tr("A responsibility grid's code ends in 00.")
        if g.level == MANAGEMENT:
            if parsed.is_responsibility:
                return self.tr("Only responsibility grid codes end in 00.")
            parent = self.controller.grid(g.parent) if g.parent is not None else None
            if parent is not None and parsed.parent_code != parent.code:
                return self.tr("The code must begin with its responsibility grid's %1.").replace(
                    "%1", parent.code[:12]
                )
        session = self.controller.session
        if session is not None and (other := session.by_code(code)) is not None and other.key != g.key:
            return self.tr("Grid %1 (%2) already has this code.").replace("%1", other.code).replace("%2", other.name)
        return ""

    def _check_code(self) -> None:
        problem = self.code_problem_text(self.code.text().strip())
        self.code_problem.setText(problem)
        self.code_problem.setVisible(bool(problem))
        self.code.setProperty("invalid", bool(problem))
        self.code.setStyleSheet(f"border: 1px solid {theme.OVERDUE_COLOUR};" if problem else "")
        self.apply_button.setEnabled(self.key is not None and not problem)

    def changes(self) -> dict[str, Any]:
        g = self.grid()
        if g is None:
            return {}
        out: dict[str, Any] = {}
        if self.code.text().strip() != g.code:
            out["code"] = self.code.text().strip()
        if self.name.text().strip() != g.name:
            out["name"] = self.name.text().strip()
        if self.leader.text().strip() != str(g.attrs.get("leader_name") or ""):
            out["leader_name"] = self.leader.text().strip()
        if self.phone.text().strip() != str(g.attrs.get("leader_phone") or ""):
            out["leader_phone"] = self.phone.text().strip()
        if self.department.currentData() != g.attrs.get("department_id"):
            out["department_id"] = self.department.currentData()
        return out

    def apply(self) -> None:
        g = self.grid()
        changes = self.changes()
        if g is None or not changes or self.code_problem_text(self.code.text().strip()):
            return
        self.controller.do("set_attributes", g.key, **changes)


class IssuePanel(QWidget):
    """Problems of the tiling: double-click (or Enter) zooms to one, Fix applies its safe
    fix as one gesture, Validate all checks the whole layer."""

    zoom_requested = Signal(object)  # Issue

    def __init__(self, controller: EditorController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorIssues")
        self.controller = controller
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        top = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("editorIssueSummary")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.validate_button = QPushButton(self.tr("Validate all"), self)
        self.validate_button.setObjectName("editorValidateAll")
        top.addWidget(self.validate_button)
        lay.addLayout(top)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("editorIssueList")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels([self.tr("Problem"), self.tr("Grids"), self.tr("Fix")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        lay.addWidget(self.tree, 1)
        # the selected problem in full: the sentence says where and why
        self.details = QLabel(self)
        self.details.setObjectName("editorIssueDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(48)
        lay.addWidget(self.details)
        bottom = QHBoxLayout()
        self.fix_label = QLabel(self)
        self.fix_label.setWordWrap(True)
        self.fix_label.setStyleSheet(f"color: {theme.TEXT_DIM};")
        self.zoom_button = QPushButton(self.tr("Show on map"), self)
        self.fix_button = QPushButton(self.tr("Fix"), self)
        self.fix_button.setObjectName("editorFix")
        bottom.addWidget(self.fix_label, 1)
        bottom.addWidget(self.zoom_button)
        bottom.addWidget(self.fix_button)
        lay.addLayout(bottom)
        self.validate_button.clicked.connect(lambda: controller.validate_all())
        self.tree.itemActivated.connect(lambda *_: self.zoom_to_current())
        self.tree.currentItemChanged.connect(lambda *_: self._current_changed())
        self.zoom_button.clicked.connect(self.zoom_to_current)
        self.fix_button.clicked.connect(self.fix_current)
        controller.issues_changed.connect(self.refresh)
        controller.busy_changed.connect(lambda busy: self.validate_button.setEnabled(not busy))
        self.refresh()

    def issues(self) -> list[Issue]:
        return list(self.controller.issues)

    def refresh(self) -> None:
        issues = sorted(self.controller.issues, key=lambda i: (i.severity != Severity.ERROR, str(i.kind)))
        self.tree.clear()
        for issue in issues:
            codes = "、".join(self.controller.code_of(k) for k in issue.keys)
            item = QTreeWidgetItem(
                [texts.issue_kind_text(issue.kind), codes, self.tr("available") if issue.fix is not None else ""]
            )
            item.setForeground(2, QColor(theme.OK_COLOUR))
            item.setData(0, Qt.ItemDataRole.UserRole, issue)
            colour = theme.OVERDUE_COLOUR if issue.severity == Severity.ERROR else theme.WARN_COLOUR
            item.setForeground(0, QColor(colour))
            item.setToolTip(0, texts.issue_text(issue))
            item.setToolTip(1, texts.issue_text(issue))
            self.tree.addTopLevelItem(item)
        errors = sum(1 for i in issues if i.severity == Severity.ERROR)
        warnings = len(issues) - errors
        report = self.controller.full_report
        if not issues:
            self.summary.setText(
                self.tr("No problems: the grids tile the town exactly.") if report is not None
                else self.tr("No problems found around your edits.")
            )
            self.summary.setStyleSheet(f"color: {theme.OK_COLOUR};")
        else:
            self.summary.setText(
                self.tr("%1 errors (they block saving), %2 warnings.")
                .replace("%1", str(errors)).replace("%2", str(warnings))
            )
            self.summary.setStyleSheet(f"color: {theme.OVERDUE_COLOUR if errors else theme.WARN_COLOUR};")
        if issues:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._current_changed()

    def current(self) -> Issue | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, Qt.ItemDataRole.UserRole)

    def _current_changed(self) -> None:
        issue = self.current()
        self.zoom_button.setEnabled(issue is not None)
        self.fix_button.setEnabled(issue is not None and issue.fix is not None)
        self.details.setText(texts.issue_text(issue) if issue is not None else "")
        self.fix_label.setText(
            self.tr("Fix: %1").replace("%1", texts.fix_text(issue.fix))
            if issue is not None and issue.fix is not None else ""
        )

    def zoom_to_current(self) -> None:
        issue = self.current()
        if issue is not None:
            self.zoom_requested.emit(issue)

    def fix_current(self) -> None:
        issue = self.current()
        if issue is not None and issue.fix is not None:
            self.controller.apply_fix(issue)
