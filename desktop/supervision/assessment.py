"""The assessment (考核) of the town departments: a cycle's ranking with its trend against
the previous cycle, the weights, the villages' and committees' ratings, finalising, and
the exports to Excel and PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import stats
from db import supervision as sv
from db.ops import Actor, run_operation
from db.permissions import Permission, has_permission
from desktop import theme
from desktop.supervision.charts import BarChart, BarItem
from desktop.supervision.common import (
    METRICS,
    cycle_label,
    error_html,
    num,
    pct,
    title,
    word,
)
from desktop.supervision.exports import (
    assessment_headers,
    export_assessment_pdf,
    export_assessment_xlsx,
    trend_text,
)
from desktop.worker import run_async

translate = QCoreApplication.translate


def _dept(f: stats.DepartmentFigures) -> str:
    from desktop.app import current_lang

    return f.name_en if current_lang() == "en" and f.name_en else f.name


class AssessmentPanel(QWidget):
    loaded = Signal()
    exported = Signal(str)

    def __init__(self, engine: Any, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentPanel")
        self.engine, self.actor = engine, actor
        self.result: stats.Assessment | None = None
        self.cycles: list[stats.Cycle] = []
        self.status = "open"
        manage = has_permission(actor.role, Permission.ASSESSMENT_MANAGE)
        export = has_permission(actor.role, Permission.EXPORT)

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 10, 12, 10)
        root.setSpacing(8)
        head = QHBoxLayout()
        head.addWidget(title(self.tr("Department assessment"), self))
        self.cycle = QComboBox(self)
        self.cycle.setObjectName("cycleCombo")
        self.cycle.setMinimumWidth(210)
        self.cycle.currentIndexChanged.connect(self._on_cycle)
        head.addWidget(self.cycle)
        head.addStretch(1)
        self.ratings_button = QPushButton(self.tr("Villages' ratings…"), self)
        self.ratings_button.clicked.connect(self.edit_ratings)
        self.weights_button = QPushButton(self.tr("Weights…"), self)
        self.weights_button.clicked.connect(self.edit_weights)
        self.xlsx_button = QPushButton(self.tr("Export Excel…"), self)
        self.xlsx_button.setShortcut(QKeySequence("Ctrl+E"))
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.pdf_button = QPushButton(self.tr("Export PDF…"), self)
        self.pdf_button.setShortcut(QKeySequence("Ctrl+P"))
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.finalise_button = QPushButton(self.tr("Finalise…"), self)
        self.finalise_button.clicked.connect(self.finalise)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setShortcut(QKeySequence("F5"))
        self.refresh_button.clicked.connect(self.reload)
        for b in (self.ratings_button, self.weights_button, self.finalise_button):
            b.setEnabled(manage)
        for b in (self.xlsx_button, self.pdf_button):
            b.setEnabled(export)
        for b in (
            self.ratings_button,
            self.weights_button,
            self.xlsx_button,
            self.pdf_button,
            self.finalise_button,
            self.refresh_button,
        ):
            head.addWidget(b)
        root.addLayout(head)
        info = QHBoxLayout()
        self.state = QLabel("", self)
        self.state.setObjectName("supSub")
        info.addWidget(self.state)
        self.weights_label = QLabel("", self)
        self.weights_label.setObjectName("supHint")
        self.weights_label.setWordWrap(True)
        info.addWidget(self.weights_label, 1)
        root.addLayout(info)
        self.error = QLabel("", self)
        self.error.setObjectName("supError")
        self.error.setWordWrap(True)
        self.error.hide()
        root.addWidget(self.error)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        root.addWidget(split, 1)
        card = QFrame(split)
        card.setObjectName("supCard")
        cl = QVBoxLayout(card)
        cl.setContentsMargins(8, 8, 8, 8)
        self.table = QTableWidget(0, 11, card)
        self.table.setObjectName("rankingTable")
        self.table.setHorizontalHeaderLabels(assessment_headers())
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        hh.setMinimumSectionSize(48)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        hh.setFixedHeight(52)
        for col, width in enumerate((52, 58, 180, 62, 84, 92, 80, 100, 96, 84, 80)):
            self.table.setColumnWidth(col, width)
        cl.addWidget(self.table)
        split.addWidget(card)
        chart_card = QFrame(split)
        chart_card.setObjectName("supCard")
        ccl = QVBoxLayout(chart_card)
        ccl.setContentsMargins(10, 10, 10, 10)
        ct = QLabel(self.tr("Total score (marker: previous cycle)"), chart_card)
        ct.setObjectName("supSection")
        ccl.addWidget(ct)
        self.chart = BarChart(horizontal=True, parent=chart_card, label_width=150)
        self.chart.bar_clicked.connect(self._select_department)
        ccl.addWidget(self.chart, 1)
        split.addWidget(chart_card)
        split.setSizes([1130, 440])

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        run_async(
            self,
            sv.read,
            self.engine,
            stats.cycles_with_data,
            on_done=self._set_cycles,
            on_error=self._failed,
        )

    def _set_cycles(self, cycles: list[stats.Cycle]) -> None:
        self.cycles = cycles
        self.cycle.blockSignals(True)
        self.cycle.clear()
        for c in cycles:
            self.cycle.addItem(cycle_label(c.year, c.period), f"{c.year}-{c.period}")
        # the latest finished bimonthly cycle: the one a supervisor reviews
        finished = [i for i, c in enumerate(cycles) if c.period != 0]
        self.cycle.setCurrentIndex(finished[1] if len(finished) > 1 else 0)
        self.cycle.blockSignals(False)
        self.reload()

    def selected_cycle(self) -> stats.Cycle | None:
        data = self.cycle.currentData()
        if not data:
            return None
        year, period = str(data).split("-")
        return stats.Cycle(int(year), int(period))

    def set_cycle(self, cycle: stats.Cycle) -> None:
        i = self.cycle.findData(f"{cycle.year}-{cycle.period}")
        if i >= 0:
            self.cycle.setCurrentIndex(i)

    def _on_cycle(self, _index: int) -> None:
        self.reload()

    def reload(self) -> None:
        cycle = self.selected_cycle()
        if cycle is None:
            return
        self.state.setText(self.tr("Computing…"))
        run_async(self, self._compute, cycle, on_done=self._show, on_error=self._failed)

    def _compute(self, cycle: stats.Cycle) -> tuple[stats.Assessment, str]:
        return stats.load_assessment(self.engine, cycle), sv.read(
            self.engine, sv.cycle_status, cycle
        )

    def _failed(self, exc: Exception) -> None:
        self.state.setText("")
        self.error.setText(error_html(exc))
        self.error.show()

    def _show(self, result: tuple[stats.Assessment, str]) -> None:
        a, status = result
        self.error.hide()
        self.result, self.status = a, status
        finalised = a.finalised or status == "finalised"
        self.state.setText(
            self.tr("finalised")
            if finalised
            else self.tr("provisional, as of {t}").format(t=f"{a.as_of:%Y-%m-%d %H:%M}")
        )
        self.finalise_button.setEnabled(
            not finalised and has_permission(self.actor.role, Permission.ASSESSMENT_MANAGE)
        )
        self.weights_label.setText(
            self.tr("Weights: {w}. Trend against {prev}.").format(
                w="；".join(
                    f"{word(METRICS, k)} {a.weights.get(k, 0) * 100:.0f}%" for k in stats.METRICS
                ),
                prev=cycle_label(a.previous.year, a.previous.period) if a.previous else "—",
            )
        )
        t = self.table
        t.setRowCount(len(a.rows))
        bold = QFont(t.font())
        bold.setBold(True)
        for i, r in enumerate(a.rows):
            f = r.figures
            values = (
                "—" if r.rank is None else str(r.rank),
                trend_text(r.rank_change),
                _dept(f),
                str(f.cases),
                pct(f.closure_rate),
                pct(f.on_time_rate),
                pct(f.rework_rate),
                num(f.avg_handling_hours),
                pct(f.accurate_dispatch_rate),
                num(f.village_score),
                num(r.total, 2),
            )
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setTextAlignment(
                    (
                        Qt.AlignmentFlag.AlignLeft
                        if j == 2
                        else Qt.AlignmentFlag.AlignRight
                        if j > 2
                        else Qt.AlignmentFlag.AlignCenter
                    )
                    | Qt.AlignmentFlag.AlignVCenter
                )
                if j == 1 and r.rank_change:
                    item.setForeground(
                        QColor(theme.OK_COLOUR if r.rank_change > 0 else theme.OVERDUE_COLOUR)
                    )
                    item.setToolTip(
                        self.tr("Rank {prev} in the previous cycle").format(prev=r.previous_rank)
                    )
                if j == 10:
                    item.setFont(bold)
                    item.setForeground(QColor(theme.ACCENT))
                if r.rank is None:
                    item.setForeground(QColor(theme.TEXT_DIM))
                t.setItem(i, j, item)
        ranked = [r for r in a.rows if r.total is not None][:18]
        self.chart.set_items(
            [
                BarItem(
                    str(r.figures.department_id),
                    _dept(r.figures),
                    round(r.total or 0, 1),
                    r.previous_total,
                )
                for r in ranked
            ],
            baseline=max(0.0, (min((r.total or 0) for r in ranked) // 10) * 10 - 10)
            if ranked
            else 0.0,
        )
        self.loaded.emit()

    def _select_department(self, key: str) -> None:
        if self.result is None:
            return
        for i, r in enumerate(self.result.rows):
            if str(r.figures.department_id) == key:
                self.table.selectRow(i)
                self.table.scrollToItem(self.table.item(i, 0))

    # ------------------------------------------------------------------ exports
    def _ask(self, caption: str, name: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, caption, str(Path.home() / name), pattern)
        return Path(path) if path else None

    def _stem(self) -> str:
        a = self.result
        return "assessment" if a is None else f"assessment-{a.cycle.year}-{a.cycle.period}"

    def export_xlsx(self, path: str | Path | None = None) -> Path | None:
        if self.result is None:
            return None
        target = (
            Path(path)
            if path
            else self._ask(
                self.tr("Export to Excel"),
                self._stem() + ".xlsx",
                self.tr("Excel workbooks (*.xlsx)"),
            )
        )
        if target is None:
            return None
        try:
            out = export_assessment_xlsx(self.result, target)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Export failed"),
                self.tr("Could not write {path}: {e}").format(path=target, e=exc),
            )
            return None
        self.exported.emit(str(out))
        return out

    def export_pdf(self, path: str | Path | None = None) -> Path | None:
        if self.result is None:
            return None
        target = (
            Path(path)
            if path
            else self._ask(
                self.tr("Export to PDF"), self._stem() + ".pdf", self.tr("PDF files (*.pdf)")
            )
        )
        if target is None:
            return None
        try:
            out = export_assessment_pdf(self.result, target)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Export failed"),
                self.tr("Could not write {path}: {e}").format(path=target, e=exc),
            )
            return None
        self.exported.emit(str(out))
        return out

    # ------------------------------------------------------------------ changes
    def edit_weights(self) -> None:
        weights = self.result.weights if self.result is not None else dict(stats.DEFAULT_WEIGHTS)
        dlg = WeightsDialog(self.engine, self.actor, weights, self)
        dlg.saved.connect(lambda _c: self.reload())
        dlg.open()

    def edit_ratings(self) -> None:
        cycle = self.selected_cycle()
        if cycle is None or self.result is None:
            return
        dlg = RatingsDialog(self.engine, self.actor, cycle, self.result, self)
        dlg.saved.connect(lambda _c: self.reload())
        dlg.open()

    def finalise(self) -> None:
        cycle = self.selected_cycle()
        if cycle is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Finalise the assessment"),
            self.tr(
                "Freeze the results of {cycle}? They are tied to pay and ranking and will no longer change."
            ).format(cycle=cycle_label(cycle.year, cycle.period)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        run_async(
            self,
            run_operation,
            self.engine,
            self.actor,
            Permission.ASSESSMENT_MANAGE,
            sv.finalise_cycle,
            cycle,
            on_done=lambda _c: self.reload(),
            on_error=self._failed,
        )


class WeightsDialog(QDialog):
    """The weights of the parts of the total, in percent; they must add up to 100."""

    saved = Signal(object)

    def __init__(
        self, engine: Any, actor: Actor, weights: dict[str, float], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("weightsDialog")
        self.setWindowTitle(self.tr("Assessment weights"))
        self.setMinimumWidth(420)
        self.engine, self.actor = engine, actor
        lay = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "The villages' and committees' score holds 50% by default. The parts must add up to 100%."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setObjectName("supHint")
        lay.addWidget(hint)
        form = QFormLayout()
        self.spins: dict[str, QDoubleSpinBox] = {}
        for k in stats.METRICS:
            spin = QDoubleSpinBox(self)
            spin.setRange(0.0, 100.0)
            spin.setDecimals(1)
            spin.setSuffix(" %")
            spin.setValue(round(weights.get(k, 0.0) * 100, 1))
            spin.valueChanged.connect(self._update)
            self.spins[k] = spin
            form.addRow(word(METRICS, k), spin)
        lay.addLayout(form)
        self.sum_label = QLabel("", self)
        lay.addWidget(self.sum_label)
        self.error = QLabel("", self)
        self.error.setObjectName("supError")
        self.error.setWordWrap(True)
        self.error.hide()
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_defaults
        )
        lay.addWidget(self.buttons)
        self._update()

    def values(self) -> dict[str, float]:
        return {k: round(s.value() / 100.0, 4) for k, s in self.spins.items()}

    def restore_defaults(self) -> None:
        for k, s in self.spins.items():
            s.setValue(stats.DEFAULT_WEIGHTS[k] * 100)

    def _update(self) -> None:
        total = sum(s.value() for s in self.spins.values())
        ok = abs(total - 100.0) < 0.05
        self.sum_label.setText(self.tr("Total: {t}%").format(t=f"{total:.1f}"))
        self.sum_label.setStyleSheet(
            f"color: {theme.OK_COLOUR if ok else theme.OVERDUE_COLOUR}; font-weight: bold;"
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(ok)
        save.setToolTip(
            ""
            if ok
            else self.tr("The weights add up to {t}%; they must add up to 100%.").format(
                t=f"{total:.1f}"
            )
        )

    def save(self) -> None:
        self.buttons.setEnabled(False)
        run_async(
            self,
            run_operation,
            self.engine,
            self.actor,
            Permission.ASSESSMENT_MANAGE,
            sv.set_assessment_weights,
            self.values(),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_html(exc))
        self.error.show()

    def _saved(self, changes: Any) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(changes)
        self.accept()


class RatingsDialog(QDialog):
    """A village's or committee's scores (0-100) of the town departments in a cycle."""

    saved = Signal(object)

    def __init__(
        self,
        engine: Any,
        actor: Actor,
        cycle: stats.Cycle,
        a: stats.Assessment,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ratingsDialog")
        self.setWindowTitle(
            self.tr("Villages' ratings of the departments, {cycle}").format(
                cycle=cycle_label(cycle.year, cycle.period)
            )
        )
        self.engine, self.actor, self.cycle = engine, actor, cycle
        self.departments = [
            (r.figures.department_id, _dept(r.figures))
            for r in sorted(a.rows, key=lambda r: r.figures.code)
        ]
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Village or committee"), self))
        self.unit = QComboBox(self)
        self.unit.currentIndexChanged.connect(self._load_scores)
        row.addWidget(self.unit, 1)
        lay.addLayout(row)
        self.table = QTableWidget(len(self.departments), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Department"), self.tr("Score (0-100)")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.spins: dict[int, QDoubleSpinBox] = {}
        for i, (dep, name) in enumerate(self.departments):
            self.table.setItem(i, 0, QTableWidgetItem(name))
            spin = QDoubleSpinBox(self.table)
            spin.setRange(-1.0, 100.0)
            spin.setDecimals(1)
            spin.setSpecialValueText(self.tr("not rated"))
            spin.setValue(-1.0)
            self.table.setCellWidget(i, 1, spin)
            self.spins[dep] = spin
        lay.addWidget(self.table, 1)
        self.error = QLabel("", self)
        self.error.setObjectName("supError")
        self.error.setWordWrap(True)
        self.error.hide()
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.resize(560, 760)
        run_async(self, sv.read, self.engine, sv.admin_units, on_done=self._set_units)

    def _set_units(self, units: list[sv.UnitInfo]) -> None:
        for u in units:
            self.unit.addItem(u.name, u.id)

    def _load_scores(self) -> None:
        uid = self.unit.currentData()
        if uid is None:
            return
        run_async(
            self,
            sv.read,
            self.engine,
            sv.ratings_of,
            self.cycle,
            int(uid),
            on_done=self._set_scores,
        )

    def _set_scores(self, scores: dict[int, float]) -> None:
        for dep, spin in self.spins.items():
            spin.setValue(scores.get(dep, -1.0))

    def scores(self) -> dict[int, float]:
        return {dep: spin.value() for dep, spin in self.spins.items() if spin.value() >= 0}

    def save(self) -> None:
        uid = self.unit.currentData()
        if uid is None:
            return
        self.buttons.setEnabled(False)
        run_async(
            self,
            run_operation,
            self.engine,
            self.actor,
            Permission.ASSESSMENT_MANAGE,
            sv.rate_departments,
            self.cycle,
            int(uid),
            self.scores(),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_html(exc))
        self.error.show()

    def _saved(self, changes: Any) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(changes)
        self.accept()
