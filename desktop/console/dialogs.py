"""One dialog per case operation (db/cases.py): verify and register, reject, set the
category, handled on the spot, dispatch (and dispatch again), escalate to the district,
forward to the police, feedback, return, extension request and decision, verify on site,
close, rework, the long-term register on and off, merge duplicates; and the audited
"reveal the reporter's contact".

Every dialog runs its operation off the GUI thread (`perform` with the case's version as
the user saw it) and closes only when it succeeded; an error is shown inside the dialog in
the user's language and the input stays. When the case changes underneath an open dialog
(another workstation), `case_changed` shows who changed it, on which workstation, and
keeps what the user typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db import cases as ops
from db.case_queries import CaseDetail, CategoryItem, DepartmentItem, DuplicateCandidate
from db.clock import now as town_now
from db.ops import ChangeSet, Conflict
from desktop import labels, theme
from desktop.console import texts
from desktop.console.common import STYLE, ConsoleContext, chip, dim_label


class InputProblem(Exception):
    """Something the user must fix before the operation can run (shown in the dialog)."""


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def fmt(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value is not None else "–"


def deadline_edit(parent: QWidget, initial: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(to_qdatetime(initial), parent)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    edit.setMinimumDateTime(to_qdatetime(town_now() + timedelta(minutes=1)))
    return edit


def text_box(parent: QWidget, placeholder: str, height: int = 84) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


# --------------------------------------------------------------------------- the base


class OperationDialog(QDialog):
    """A dialog that runs one case operation. Subclasses add their fields in `build` and
    say what to run in `call` (raising InputProblem for input to fix)."""

    succeeded = Signal(object)  # the ChangeSet
    conflicted = Signal(object)  # a Conflict: the controller reloads the case
    failed = Signal(object)  # any other error (already shown in the dialog)

    key = ""  # the action name (desktop.console.actions)
    width = 520

    def __init__(self, ctx: ConsoleContext, case: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"dialog_{self.key}")
        self.setStyleSheet(STYLE)
        self.setModal(True)
        self.ctx = ctx
        self.case = case
        self.expected_version = case.version
        self.changes: ChangeSet | None = None
        self.error: BaseException | None = None
        self.busy = False
        self._dirty = False
        self.setMinimumWidth(self.width)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 14)
        outer.setSpacing(10)
        head = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("consoleTitle")
        head.addWidget(self.heading)
        head.addStretch(1)
        self.state_chip = chip("", theme.ACCENT, self)
        head.addWidget(self.state_chip)
        outer.addLayout(head)
        self.case_line = dim_label("", self)
        outer.addWidget(self.case_line)

        self.warning_box = QFrame(self)
        self.warning_box.setObjectName("consoleWarning")
        wl = QVBoxLayout(self.warning_box)
        wl.setContentsMargins(10, 6, 10, 6)
        self.warning_label = QLabel(self.warning_box)
        self.warning_label.setWordWrap(True)
        wl.addWidget(self.warning_label)
        self.warning_box.setVisible(False)
        outer.addWidget(self.warning_box)

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(8)
        outer.addLayout(self.form)

        self.error_box = QFrame(self)
        self.error_box.setObjectName("consoleErrorBox")
        el = QVBoxLayout(self.error_box)
        el.setContentsMargins(10, 6, 10, 6)
        self.error_label = QLabel(self.error_box)
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.RichText)
        el.addWidget(self.error_label)
        self.error_box.setVisible(False)
        outer.addWidget(self.error_box)

        buttons = QHBoxLayout()
        self.busy_label = dim_label("", self)
        buttons.addWidget(self.busy_label, 1)
        self.cancel_button = QPushButton(QCoreApplication.translate("ConsoleDialog", "Cancel"), self)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = QPushButton(self.ok_text(), self)
        self.ok_button.setObjectName("primaryButton")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        self.ok_button.setToolTip(QCoreApplication.translate("ConsoleDialog", "Ctrl+Enter"))
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        outer.addLayout(buttons)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self.submit)

        self.setWindowTitle(self.title())
        self.heading.setText(self.title())
        self._show_case()
        self.build(self.form)

    # ------------------------------------------------------------------ for subclasses
    def title(self) -> str:
        return ""

    def ok_text(self) -> str:
        return QCoreApplication.translate("ConsoleDialog", "Save")

    def build(self, form: QFormLayout) -> None:
        """Add the fields."""

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        """The operation and its arguments after (case_id, expected_version)."""
        raise NotImplementedError

    def full_args(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        fn, args, kwargs = self.call()
        return fn, (self.case.id, self.expected_version, *args), kwargs

    def watch(self, *widgets: QWidget) -> None:
        """Note when the user changes these fields (unsaved input)."""
        for w in widgets:
            sig = None
            if isinstance(w, QPlainTextEdit | QLineEdit):
                sig = w.textChanged
            elif isinstance(w, QComboBox):
                sig = w.currentIndexChanged
            elif isinstance(w, QDateTimeEdit):
                sig = w.dateTimeChanged
            elif isinstance(w, QCheckBox | QRadioButton):
                sig = w.toggled
            if sig is not None:
                sig.connect(self._mark_dirty)

    def _mark_dirty(self, *_args: object) -> None:
        self._dirty = True

    def has_input(self) -> bool:
        """The user typed or chose something not saved yet."""
        return self._dirty

    # ------------------------------------------------------------------ showing the case
    def _show_case(self) -> None:
        c = self.case
        colour = theme.STATE_COLOURS.get(c.state, theme.DEFAULT_STATE_COLOUR)
        from desktop.console.common import set_chip

        set_chip(self.state_chip, labels.state_label(c.state), colour)
        where = c.grid_name or c.grid_code or ""
        self.case_line.setText(f"{c.number} · {c.category_code} {c.category_name}" + (f" · {where}" if where else ""))

    def case_changed(self, detail: CaseDetail) -> None:
        """The case changed while the dialog was open (another workstation, or a conflict):
        take the fresh version, say who changed it, keep the input."""
        if detail.id != self.case.id or detail.version == self.expected_version:
            return
        self.case = detail
        self.expected_version = detail.version
        self._show_case()
        last = detail.timeline[-1] if detail.timeline else None
        if last is not None:
            text = QCoreApplication.translate("ConsoleDialog", "This case was just changed by {who} on workstation {ws} at {time}: {what}. "
                "Your input is kept; check the case before you save."
            ).format(
                who=last.actor_name or QCoreApplication.translate("ConsoleDialog", "someone"),
                ws=last.workstation or "–",
                time=f"{last.at:%H:%M:%S}",
                what=texts.event_label(last.kind),
            )
        else:
            text = QCoreApplication.translate("ConsoleDialog", "This case was just changed elsewhere. Your input is kept; check the case before you save.")
        self.warning_label.setText(text + " " + QCoreApplication.translate("ConsoleDialog", "It is now: {state}.").format(state=labels.state_label(detail.state)))
        self.warning_box.setVisible(True)

    # ------------------------------------------------------------------ running
    def show_error(self, html: str) -> None:
        self.error_label.setText(html)
        self.error_box.setVisible(True)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.ok_button.setEnabled(not busy)
        self.busy_label.setText(QCoreApplication.translate("ConsoleDialog", "Saving…") if busy else "")

    def submit(self) -> None:
        if self.busy:
            return
        try:
            fn, args, kwargs = self.full_args()
        except InputProblem as problem:
            head = QCoreApplication.translate("ConsoleDialog", "Please check your entries")
            self.show_error(f"<b>{texts.esc(head)}</b><br>{texts.esc(str(problem))}")
            return
        if not self.ctx.available:
            self.show_error(texts.esc(QCoreApplication.translate("ConsoleDialog", "The case console is not available: this data source has no database.")))
            return
        self.error_box.setVisible(False)
        self._set_busy(True)
        self.ctx.run(
            self, ops.perform, self.ctx.engine, self.ctx.actor, fn, *args,
            on_done=self._done, on_error=self._failed, **kwargs,
        )

    def _done(self, changes: ChangeSet) -> None:
        self._set_busy(False)
        self.changes = changes
        self.succeeded.emit(changes)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.error = exc
        self.show_error(texts.error_html(exc))
        if isinstance(exc, Conflict):
            self.conflicted.emit(exc)
        else:
            self.failed.emit(exc)

    def reject(self) -> None:
        if self.busy:
            return  # the operation is running: its answer closes or keeps the dialog
        super().reject()


def _required(box: QPlainTextEdit | QLineEdit, message: str) -> str:
    value = box.toPlainText() if isinstance(box, QPlainTextEdit) else box.text()
    value = value.strip()
    if not value:
        box.setFocus()
        raise InputProblem(message)
    return value


def _note(box: QPlainTextEdit) -> str:
    return box.toPlainText().strip()


# --------------------------------------------------------------------------- category picker


class CategoryPicker(QComboBox):
    """The 240-item checklist as a searchable combo ("0202 无证摊贩")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.items: list[CategoryItem] = []
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setMinimumContentsLength(24)

    def set_items(self, items: list[CategoryItem], current: int | None) -> None:
        self.items = list(items)
        self.blockSignals(True)
        self.clear()
        for c in items:
            self.addItem(f"{c.code} {texts.localized(c.name, c.name_en)} · {c.major}", c.id)
        i = self.findData(current) if current is not None else -1
        self.setCurrentIndex(max(i, 0))
        self.blockSignals(False)

    def category(self) -> CategoryItem | None:
        i = self.findText(self.currentText())
        if i < 0:
            return None
        cid = self.itemData(i)
        return next((c for c in self.items if c.id == cid), None)


def category_facts(c: CategoryItem | None) -> str:
    if c is None:
        return ""
    parts = [
        QCoreApplication.translate("ConsoleDialog", "police-type") if c.police else QCoreApplication.translate("ConsoleDialog", "non-police"),
        QCoreApplication.translate("ConsoleDialog", "urgent") if c.urgent else "",
        QCoreApplication.translate("ConsoleDialog", "time limit {h} working hours").format(h=c.time_limit_hours),
        QCoreApplication.translate("ConsoleDialog", "dispatch within {m} min").format(m=c.dispatch_minutes),
        texts.level_label(c.default_level),
    ]
    return " · ".join(p for p in parts if p)


def load_into(dialog: QWidget, ctx: ConsoleContext, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None], **kwargs: Any) -> None:
    """Fill a pick list off the GUI thread."""
    if not ctx.available:
        return
    ctx.run(dialog, fn, *args, on_done=on_done, **kwargs)


# --------------------------------------------------------------------------- 立案 / 不予受理


class RegisterDialog(OperationDialog):
    key = "register"

    def title(self) -> str:
        return self.tr("Verify and register")

    def ok_text(self) -> str:
        return self.tr("Register (F2)")

    def build(self, form: QFormLayout) -> None:
        self.category = CategoryPicker(self)
        self.category.addItem(f"{self.case.category_code} {self.case.category_name}", self.case.category_id)
        self.facts = dim_label("", self)
        self.note = text_box(self, self.tr("What was verified (optional)"))
        form.addRow(self.tr("Category"), self.category)
        form.addRow("", self.facts)
        form.addRow(self.tr("Note"), self.note)
        self.category.currentIndexChanged.connect(lambda _i: self.facts.setText(category_facts(self.category.category())))
        self.watch(self.category, self.note)
        load_into(self, self.ctx, self.ctx.source.categories, on_done=self._categories)

    def _categories(self, items: list[CategoryItem]) -> None:
        dirty = self._dirty
        self.category.set_items(items, self.case.category_id)
        self.facts.setText(category_facts(self.category.category()))
        self._dirty = dirty

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        cat = self.category.category() if self.category.items else None
        if self.category.items and cat is None:
            raise InputProblem(self.tr("Choose a category from the checklist."))
        category_id = cat.id if cat is not None and cat.id != self.case.category_id else None
        return ops.register_case, (), {"category_id": category_id, "note": _note(self.note)}


class RejectDialog(OperationDialog):
    key = "reject"

    def title(self) -> str:
        return self.tr("Reject the report")

    def ok_text(self) -> str:
        return self.tr("Reject")

    def build(self, form: QFormLayout) -> None:
        self.reason = text_box(self, self.tr("Why the report is not accepted (required)"))
        form.addRow(self.tr("Reason"), self.reason)
        self.watch(self.reason)

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        return ops.reject_case, (_required(self.reason, self.tr("Enter the reason for rejecting the report.")),), {}


class CategoryDialog(OperationDialog):
    key = "categorize"
    width = 600

    def title(self) -> str:
        return self.tr("Set the category")

    def ok_text(self) -> str:
        return self.tr("Set category")

    def build(self, form: QFormLayout) -> None:
        self.category = CategoryPicker(self)
        self.facts = dim_label("", self)
        self.hint = dim_label(
            self.tr("The checklist item decides police or non-police, urgency, the default level and the deadline."),
            self,
        )
        self.note = text_box(self, self.tr("Why the category changes (optional)"), 64)
        form.addRow(self.tr("Category"), self.category)
        form.addRow("", self.facts)
        form.addRow("", self.hint)
        form.addRow(self.tr("Note"), self.note)
        self.category.currentIndexChanged.connect(lambda _i: self.facts.setText(category_facts(self.category.category())))
        self.watch(self.category, self.note)
        load_into(self, self.ctx, self.ctx.source.categories, on_done=self._categories)

    def _categories(self, items: list[CategoryItem]) -> None:
        dirty = self._dirty
        self.category.set_items(items, self.case.category_id)
        self.facts.setText(category_facts(self.category.category()))
        self._dirty = dirty

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        cat = self.category.category()
        if cat is None:
            raise InputProblem(self.tr("Choose a category from the checklist."))
        if cat.id == self.case.category_id:
            raise InputProblem(self.tr("The case already has this category; choose another."))
        return ops.set_category, (cat.id,), {"note": _note(self.note)}


# --------------------------------------------------------------------------- the three levels


class OnSpotDialog(OperationDialog):
    key = "handle_on_spot"

    def title(self) -> str:
        return self.tr("Handled on the spot (level 1)")

    def ok_text(self) -> str:
        return self.tr("Record")

    def build(self, form: QFormLayout) -> None:
        form.addRow(dim_label(self.tr("The grid member found and handled it on the spot; the case goes to verification."), self))
        self.note = text_box(self, self.tr("What the grid member did (optional)"))
        form.addRow(self.tr("Note"), self.note)
        self.watch(self.note)

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        return ops.handle_on_spot, (), {"note": _note(self.note)}


class DispatchDialog(OperationDialog):
    """Level 2: dispatch to a town department (suggested from category and grid; any other
    may be chosen), with instructions and the deadline."""

    key = "dispatch"
    width = 620
    ready = Signal()

    def title(self) -> str:
        if self.case.state == "returned":
            return self.tr("Dispatch again")
        return self.tr("Dispatch to a town department")

    def ok_text(self) -> str:
        return self.tr("Dispatch (F3)")

    def build(self, form: QFormLayout) -> None:
        self.loaded = 0
        self.suggestions = QListWidget(self)
        self.suggestions.setObjectName("suggestions")
        self.suggestions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.suggestions.setFixedHeight(104)
        self.suggestions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.suggestions.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.suggestions.addItem(self.tr("Loading suggestions…"))
        self.suggestions.currentItemChanged.connect(self._suggestion_picked)
        self.department = QComboBox(self)
        self.department.setEditable(True)
        self.department.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.department.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.department.setMinimumContentsLength(20)
        self.instructions = text_box(self, self.tr("What the department should do (optional)"))
        self.keep_deadline = QRadioButton(
            self.tr("Keep the category deadline: {time}").format(time=fmt(self.case.deadline_at)), self
        )
        self.custom_deadline = QRadioButton(self.tr("Set a deadline:"), self)
        group = QButtonGroup(self)
        group.addButton(self.keep_deadline)
        group.addButton(self.custom_deadline)
        self.keep_deadline.setChecked(True)
        default = max(self.case.deadline_at or town_now(), town_now()) + timedelta(hours=4)
        self.deadline = deadline_edit(self, default)
        self.deadline.setEnabled(False)
        self.custom_deadline.toggled.connect(self.deadline.setEnabled)
        deadline_row = QVBoxLayout()
        deadline_row.addWidget(self.keep_deadline)
        line = QHBoxLayout()
        line.addWidget(self.custom_deadline)
        line.addWidget(self.deadline, 1)
        deadline_row.addLayout(line)
        self.notify = QCheckBox(self.tr("Send the dispatch notice to the department"), self)
        self.notify.setChecked(True)
        form.addRow(self.tr("Suggested"), self.suggestions)
        form.addRow(self.tr("Department"), self.department)
        form.addRow(self.tr("Instructions"), self.instructions)
        form.addRow(self.tr("Deadline"), deadline_row)
        form.addRow("", self.notify)
        self.watch(self.department, self.instructions, self.custom_deadline, self.deadline, self.notify)
        if self.ctx.available:
            load_into(self, self.ctx, self.ctx.source.departments, "town", on_done=self._departments)
            load_into(self, self.ctx, self.ctx.source.suggest_departments, self.case.id, at=self.ctx.now(), on_done=self._suggested)

    def _departments(self, items: list[DepartmentItem]) -> None:
        dirty = self._dirty
        current = self.department.currentData()
        self.department.blockSignals(True)
        self.department.clear()
        for d in items:
            self.department.addItem(texts.localized(d.name, d.name_en), d.id)
        self.department.setCurrentIndex(-1)
        self.department.blockSignals(False)
        if current is not None:
            self.department.setCurrentIndex(self.department.findData(current))
        self._dirty = dirty
        self._loaded()

    def _suggested(self, items: list[Any]) -> None:
        dirty = self._dirty
        self.suggestions.clear()
        returned_by = self.case.department_id if self.case.state == "returned" else None
        for s in items:
            if s.department_id == returned_by:
                continue
            why = self.tr("the category's department") if s.reason == "category_default" else self.tr("handled such cases here")
            text = f"{texts.localized(s.name, s.name_en)}  ·  {why}"
            if s.cases:
                text += "  ·  " + self.tr("{n} in a year").format(n=s.cases)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, s.department_id)
            self.suggestions.addItem(item)
        if not self.suggestions.count():
            self.suggestions.addItem(self.tr("No suggestion: choose the department below."))
        self._dirty = dirty
        self._loaded()

    def _loaded(self) -> None:
        self.loaded += 1
        if self.loaded == 2:
            first = self.suggestions.item(0)
            if first is not None and first.data(Qt.ItemDataRole.UserRole) is not None and self.department.currentIndex() < 0:
                dirty = self._dirty
                self.suggestions.setCurrentRow(0)
                self._dirty = dirty
            self.ready.emit()

    def _suggestion_picked(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        did = item.data(Qt.ItemDataRole.UserRole)
        if did is not None:
            i = self.department.findData(did)
            if i >= 0:
                self.department.setCurrentIndex(i)

    def chosen_department(self) -> int | None:
        i = self.department.findText(self.department.currentText())
        return int(self.department.itemData(i)) if i >= 0 else None

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        dept = self.chosen_department()
        if dept is None:
            self.department.setFocus()
            raise InputProblem(self.tr("Choose the department to dispatch to."))
        deadline = None
        if self.custom_deadline.isChecked():
            deadline = from_qdatetime(self.deadline.dateTime())
            if deadline <= town_now():
                raise InputProblem(self.tr("The deadline must be in the future."))
        return (
            ops.dispatch_case,
            (dept,),
            {"instructions": self.instructions.toPlainText().strip(), "deadline_at": deadline, "notify": self.notify.isChecked()},
        )


class EscalateDialog(OperationDialog):
    """Level 3: escalate / copy to a district department with a reason; the escalation
    sheet (PDF) is produced for the record."""

    key = "escalate"
    width = 580
    ready = Signal()

    def title(self) -> str:
        return self.tr("Escalate to a district department")

    def ok_text(self) -> str:
        return self.tr("Escalate (F4)")

    def build(self, form: QFormLayout) -> None:
        self.department = QComboBox(self)
        self.department.addItem(self.tr("Loading…"), None)
        self.department.setMinimumContentsLength(20)
        self.reason = text_box(self, self.tr("Why the town cannot solve it (required)"))
        self.set_deadline = QCheckBox(self.tr("Set a deadline:"), self)
        default = max(self.case.deadline_at or town_now(), town_now()) + timedelta(days=3)
        self.deadline = deadline_edit(self, default)
        self.deadline.setEnabled(False)
        self.set_deadline.toggled.connect(self.deadline.setEnabled)
        line = QHBoxLayout()
        line.addWidget(self.set_deadline)
        line.addWidget(self.deadline, 1)
        form.addRow(self.tr("District department"), self.department)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Deadline"), line)
        form.addRow("", dim_label(self.tr("An escalation sheet (PDF) is produced for the record."), self))
        self.watch(self.department, self.reason, self.set_deadline, self.deadline)
        if self.ctx.available:
            load_into(self, self.ctx, self.ctx.source.departments, "district", on_done=self._departments)

    def _departments(self, items: list[DepartmentItem]) -> None:
        dirty = self._dirty
        self.department.clear()
        self.department.addItem(self.tr("Choose…"), None)
        for d in items:
            self.department.addItem(texts.localized(d.name, d.name_en), d.id)
        self._dirty = dirty
        self.ready.emit()

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        dept = self.department.currentData()
        if dept is None:
            self.department.setFocus()
            raise InputProblem(self.tr("Choose the district department."))
        reason = _required(self.reason, self.tr("Enter the reason for escalating."))
        deadline = from_qdatetime(self.deadline.dateTime()) if self.set_deadline.isChecked() else None
        return ops.escalate_case, (int(dept), reason), {"deadline_at": deadline}


class PoliceDialog(OperationDialog):
    key = "forward_police"

    def title(self) -> str:
        return self.tr("Forward to the police platform")

    def ok_text(self) -> str:
        return self.tr("Forward")

    def build(self, form: QFormLayout) -> None:
        form.addRow(dim_label(self.tr("A police-type case goes to the police platform with the reporter's contact."), self))
        self.note = text_box(self, self.tr("Note for the police (optional)"))
        form.addRow(self.tr("Note"), self.note)
        self.watch(self.note)

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        return ops.forward_to_police, (), {"note": _note(self.note)}


# --------------------------------------------------------------------------- the department's side


class FeedbackDialog(OperationDialog):
    key = "feedback"

    def title(self) -> str:
        return self.tr("Record the feedback")

    def ok_text(self) -> str:
        return self.tr("Record feedback")

    def build(self, form: QFormLayout) -> None:
        self.result = text_box(self, self.tr("What the unit did and the result (required)"), 110)
        form.addRow(self.tr("Result"), self.result)
        self.watch(self.result)

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        return ops.record_feedback, (_required(self.result, self.tr("Enter the result of the handling.")),), {}


class ReturnDialog(OperationDialog):
    key = "return"

    def title(self) -> str:
        return self.tr("Return the case (not ours)")

    def ok_text(self) -> str:
        return self.tr("Return")

    def build(self, form: QFormLayout) -> None:
        self.reason = text_box(self, self.tr("Why it is not this department's case (required)"))
        self.suggest = QComboBox(self)
        self.suggest.addItem(self.tr("No suggestion"), None)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Better handled by"), self.suggest)
        self.watch(self.reason, self.suggest)
        if self.ctx.available:
            load_into(self, self.ctx, self.ctx.source.departments, on_done=self._departments)

    def _departments(self, items: list[DepartmentItem]) -> None:
        dirty = self._dirty
        for d in items:
            if d.id != self.case.department_id:
                self.suggest.addItem(texts.localized(d.name, d.name_en), d.id)
        self._dirty = dirty

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        reason = _required(self.reason, self.tr("Enter the reason for returning the case."))
        return ops.return_case, (reason,), {"suggested_department_id": self.suggest.currentData()}


class ExtensionRequestDialog(OperationDialog):
    key = "request_extension"

    def title(self) -> str:
        return self.tr("Request a deadline extension")

    def ok_text(self) -> str:
        return self.tr("Request")

    def build(self, form: QFormLayout) -> None:
        base = max(self.case.deadline_at or town_now(), town_now())
        self.deadline = deadline_edit(self, base + timedelta(days=2))
        self.reason = text_box(self, self.tr("Why more time is needed (required)"))
        form.addRow(self.tr("Current deadline"), QLabel(fmt(self.case.deadline_at), self))
        form.addRow(self.tr("New deadline"), self.deadline)
        form.addRow(self.tr("Reason"), self.reason)
        self.watch(self.deadline, self.reason)

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        reason = _required(self.reason, self.tr("Enter the reason for the extension."))
        wanted = from_qdatetime(self.deadline.dateTime())
        if self.case.deadline_at is not None and wanted <= self.case.deadline_at:
            raise InputProblem(self.tr("The new deadline must be later than the current one."))
        return ops.request_extension, (wanted, reason), {}


class ExtensionDecisionDialog(OperationDialog):
    key = "decide_extension"

    def title(self) -> str:
        return self.tr("Decide on the extension request")

    def ok_text(self) -> str:
        return self.tr("Save decision")

    def build(self, form: QFormLayout) -> None:
        ext = self.case.pending_extension
        asked = ext.requested_deadline if ext is not None else (self.case.deadline_at or town_now())
        if ext is not None:
            form.addRow(self.tr("Requested by"), QLabel(f"{ext.requested_by_name} · {fmt(ext.requested_at)}", self))
            form.addRow(self.tr("Requested deadline"), QLabel(fmt(ext.requested_deadline), self))
            reason = QLabel(ext.reason, self)
            reason.setWordWrap(True)
            form.addRow(self.tr("Reason"), reason)
        self.approve = QRadioButton(self.tr("Approve"), self)
        self.refuse = QRadioButton(self.tr("Refuse"), self)
        self.approve.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.approve)
        group.addButton(self.refuse)
        line = QHBoxLayout()
        line.addWidget(self.approve)
        line.addWidget(self.refuse)
        line.addStretch(1)
        self.deadline = deadline_edit(self, max(asked, town_now() + timedelta(hours=1)))
        self.approve.toggled.connect(self.deadline.setEnabled)
        self.note = text_box(self, self.tr("Note (optional)"), 64)
        form.addRow(self.tr("Decision"), line)
        form.addRow(self.tr("Granted deadline"), self.deadline)
        form.addRow(self.tr("Note"), self.note)
        self.watch(self.approve, self.deadline, self.note)

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        approve = self.approve.isChecked()
        deadline = from_qdatetime(self.deadline.dateTime()) if approve else None
        return ops.decide_extension, (approve,), {"deadline": deadline, "note": _note(self.note)}


# --------------------------------------------------------------------------- 核查 / 结案


class VerifyDialog(OperationDialog):
    key = "verify"

    def title(self) -> str:
        return self.tr("Verify on site")

    def ok_text(self) -> str:
        return self.tr("Record verification")

    def build(self, form: QFormLayout) -> None:
        self.passed = QRadioButton(self.tr("Done as reported"), self)
        self.failed_ = QRadioButton(self.tr("Not done: send back for rework"), self)
        self.passed.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.passed)
        group.addButton(self.failed_)
        col = QVBoxLayout()
        col.addWidget(self.passed)
        col.addWidget(self.failed_)
        self.note = text_box(self, self.tr("What was found on site (required when not done)"))
        form.addRow(self.tr("Result"), col)
        form.addRow(self.tr("Note"), self.note)
        self.watch(self.passed, self.note)

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        passed = self.passed.isChecked()
        note = _note(self.note) if passed else _required(self.note, self.tr("Say what was not done."))
        return ops.verify_on_site, (), {"passed": passed, "note": note}


class CloseDialog(OperationDialog):
    key = "close"

    def title(self) -> str:
        return self.tr("Close the case")

    def ok_text(self) -> str:
        return self.tr("Close case")

    def build(self, form: QFormLayout) -> None:
        self.note = text_box(self, self.tr("Closing note (optional)"))
        form.addRow(self.tr("Note"), self.note)
        self.watch(self.note)

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        return ops.close_case, (), {"note": _note(self.note)}


class ReworkDialog(OperationDialog):
    key = "rework"

    def title(self) -> str:
        return self.tr("Send back for rework")

    def ok_text(self) -> str:
        return self.tr("Send back")

    def build(self, form: QFormLayout) -> None:
        self.reason = text_box(self, self.tr("What still has to be done (required)"))
        form.addRow(self.tr("Reason"), self.reason)
        self.watch(self.reason)

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        return ops.rework_case, (_required(self.reason, self.tr("Enter what still has to be done.")),), {}


class LongTermDialog(OperationDialog):
    key = "long_term"

    def title(self) -> str:
        return self.tr("Put on the long-term register")

    def ok_text(self) -> str:
        return self.tr("Put on register")

    def build(self, form: QFormLayout) -> None:
        form.addRow(dim_label(self.tr("A hard case on the long-term register leaves the overdue count."), self))
        self.reason = text_box(self, self.tr("Why it cannot be solved within its deadline (required)"))
        form.addRow(self.tr("Reason"), self.reason)
        self.watch(self.reason)

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        return ops.put_on_long_term, (_required(self.reason, self.tr("Enter the reason for the long-term register.")),), {}


class LongTermOffDialog(OperationDialog):
    key = "long_term_off"

    def title(self) -> str:
        return self.tr("Take off the long-term register")

    def ok_text(self) -> str:
        return self.tr("Take off register")

    def build(self, form: QFormLayout) -> None:
        self.set_deadline = QCheckBox(self.tr("New deadline:"), self)
        self.deadline = deadline_edit(self, town_now() + timedelta(days=5))
        self.deadline.setEnabled(False)
        self.set_deadline.toggled.connect(self.deadline.setEnabled)
        line = QHBoxLayout()
        line.addWidget(self.set_deadline)
        line.addWidget(self.deadline, 1)
        self.note = text_box(self, self.tr("Note (optional)"), 64)
        form.addRow(self.tr("Deadline"), line)
        form.addRow(self.tr("Note"), self.note)
        self.watch(self.set_deadline, self.deadline, self.note)

    def call(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        deadline = from_qdatetime(self.deadline.dateTime()) if self.set_deadline.isChecked() else None
        return ops.take_off_long_term, (), {"deadline_at": deadline, "note": _note(self.note)}


# --------------------------------------------------------------------------- duplicates


class MergeDialog(OperationDialog):
    """Merge a possible duplicate: this case into the other, or the other into this one
    (the earlier report is the master by default)."""

    key = "merge"
    width = 560

    def __init__(
        self, ctx: ConsoleContext, case: CaseDetail, other: DuplicateCandidate | None = None, parent: QWidget | None = None
    ) -> None:
        self.other = other
        super().__init__(ctx, case, parent)

    def title(self) -> str:
        return self.tr("Merge duplicate cases")

    def ok_text(self) -> str:
        return self.tr("Merge")

    def build(self, form: QFormLayout) -> None:
        self.others = QComboBox(self)
        for d in self.case.duplicates:
            self.others.addItem(
                self.tr("{number} · {state} · {distance} m · {time}").format(
                    number=d.number, state=labels.state_label(d.state), distance=f"{d.distance_m:.0f}", time=fmt(d.reported_at)
                ),
                d.id,
            )
        if self.other is not None:
            self.others.setCurrentIndex(max(self.others.findData(self.other.id), 0))
        self.into_other = QRadioButton(self)
        self.into_this = QRadioButton(self)
        group = QButtonGroup(self)
        group.addButton(self.into_other)
        group.addButton(self.into_this)
        col = QVBoxLayout()
        col.addWidget(self.into_other)
        col.addWidget(self.into_this)
        self.note = text_box(self, self.tr("Note (optional)"), 64)
        form.addRow(self.tr("Other case"), self.others)
        form.addRow(self.tr("Keep"), col)
        form.addRow(self.tr("Note"), self.note)
        self.others.currentIndexChanged.connect(lambda _i: self._describe())
        self._describe()
        self.watch(self.others, self.into_other, self.note)

    def _other(self) -> DuplicateCandidate | None:
        oid = self.others.currentData()
        return next((d for d in self.case.duplicates if d.id == oid), None)

    def _describe(self) -> None:
        other = self._other()
        if other is None:
            self.into_other.setText(self.tr("No possible duplicate"))
            self.into_this.setText("")
            self.ok_button.setEnabled(False)
            return
        self.into_other.setText(self.tr("Close {this} as a duplicate of {other}").format(this=self.case.number, other=other.number))
        self.into_this.setText(self.tr("Close {other} as a duplicate of {this}").format(this=self.case.number, other=other.number))
        # the earlier report stays the master
        (self.into_other if other.reported_at <= self.case.reported_at else self.into_this).setChecked(True)

    def full_args(self) -> tuple[Callable[..., ChangeSet], tuple[Any, ...], dict[str, Any]]:
        other = self._other()
        if other is None:
            raise InputProblem(self.tr("Choose the other case."))
        note = _note(self.note)
        if self.into_other.isChecked():
            return ops.merge_cases, (self.case.id, self.expected_version, other.id), {"master_version": other.version, "note": note}
        return ops.merge_cases, (other.id, other.version, self.case.id), {"master_version": self.expected_version, "note": note}


# --------------------------------------------------------------------------- the reporter's contact


class RevealContactDialog(QDialog):
    """Show the reporter's contact in full, for a reason that goes into the audit trail."""

    revealed = Signal(object)  # db.cases.ReporterContact

    def __init__(self, ctx: ConsoleContext, case: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog_reveal_contact")
        self.setStyleSheet(STYLE)
        self.ctx, self.case = ctx, case
        self.contact: Any = None
        self.error: BaseException | None = None
        self.setWindowTitle(self.tr("Reporter's contact"))
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 14, 16, 14)
        lay.setSpacing(10)
        head = QLabel(self.tr("Reporter's contact"), self)
        head.setObjectName("consoleTitle")
        lay.addWidget(head)
        lay.addWidget(
            dim_label(
                self.tr("Case {number}: shown masked ({name}, {phone}). Revealing it in full is recorded in the audit trail with your reason.").format(
                    number=case.number, name=case.reporter_name or "–", phone=case.reporter_phone or "–"
                ),
                self,
            )
        )
        form = QFormLayout()
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("e.g. call back the reporter about the location"))
        form.addRow(self.tr("Reason"), self.reason)
        self.name_label = QLabel("", self)
        self.phone_label = QLabel("", self)
        for lab in (self.name_label, self.phone_label):
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lab.setStyleSheet(f"color: {theme.ACCENT}; font-size: 13pt; font-weight: bold;")
        form.addRow(self.tr("Name"), self.name_label)
        form.addRow(self.tr("Phone"), self.phone_label)
        lay.addLayout(form)
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("consoleError")
        self.error_label.setWordWrap(True)
        lay.addWidget(self.error_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.clicked.connect(self.accept)
        self.reveal_button = QPushButton(self.tr("Reveal"), self)
        self.reveal_button.setObjectName("primaryButton")
        self.reveal_button.setDefault(True)
        self.reveal_button.clicked.connect(self.reveal)
        row.addWidget(self.close_button)
        row.addWidget(self.reveal_button)
        lay.addLayout(row)

    def reveal(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.error_label.setText(self.tr("Enter why you need the contact: it is recorded."))
            self.reason.setFocus()
            return
        self.reveal_button.setEnabled(False)
        self.error_label.setText("")
        self.ctx.run(
            self, ops.reveal_contact, self.ctx.engine, self.ctx.actor, self.case.id, reason,
            on_done=self._shown, on_error=self._failed,
        )

    def _shown(self, contact: Any) -> None:
        self.contact = contact
        self.name_label.setText(contact.name or "–")
        self.phone_label.setText(contact.phone or "–")
        self.revealed.emit(contact)

    def _failed(self, exc: Exception) -> None:
        self.error = exc
        self.reveal_button.setEnabled(True)
        self.error_label.setText(f"{texts.error_headline(exc)}: {texts.error_detail(exc)}")


DIALOGS: dict[str, type[OperationDialog]] = {
    cls.key: cls
    for cls in (
        RegisterDialog, RejectDialog, CategoryDialog, OnSpotDialog, DispatchDialog, EscalateDialog,
        PoliceDialog, FeedbackDialog, ReturnDialog, ExtensionRequestDialog, ExtensionDecisionDialog,
        VerifyDialog, CloseDialog, ReworkDialog, LongTermDialog, LongTermOffDialog, MergeDialog,
    )
}
