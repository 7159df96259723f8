"""The case detail (案件详情): number, state, urgency and the deadline countdown; the
action bar with every operation the officer may take now; location, grid and key point,
category, source, department, who has the case; the reporter's contact masked, with an
audited "reveal"; nearby possible duplicates with a merge action; extension requests and
outgoing messages (with the escalation sheet PDF); the timeline (who, workstation, when,
what changed).

Loaded off the GUI thread from `source.case_detail`; `reload()` after a change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from db.case_queries import CaseDetail, TimelineEvent
from desktop import labels, theme
from desktop.console import texts
from desktop.console.actions import ACTIONS, allowed, may_ever
from desktop.console.common import (
    STYLE,
    ConsoleContext,
    FlowLayout,
    chip,
    dim_label,
    set_chip,
    title_label,
)
from desktop.labels import Urgency


def _fmt(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value is not None else "–"


class CaseDetailPanel(QWidget):
    """One case in full, with its actions. Emits `action_requested(name)` for the
    controller (which opens the dialog), `merge_requested(other_id)` from a duplicate."""

    action_requested = Signal(str)
    merge_requested = Signal(int)
    loaded = Signal(object)  # the CaseDetail shown (None if the case is gone)
    open_in_window = Signal(int)

    def __init__(self, ctx: ConsoleContext | None, parent: QWidget | None = None, *, compact: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("caseDetailPanel")
        self.setStyleSheet(STYLE)
        self.ctx = ctx
        self.compact = compact
        self.case_id: int | None = None
        self.detail: CaseDetail | None = None
        self.documents: dict[int, str] = {}  # outbox id -> PDF written on this workstation
        self._gen = 0
        self.buttons: dict[str, QPushButton] = {}
        self.attachments: Any = None  # the AttachmentsSection of the case shown

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.header = QFrame(self)
        self.header.setObjectName("consoleHeader")
        hl = QVBoxLayout(self.header)
        hl.setContentsMargins(12, 8, 12, 8)
        hl.setSpacing(4)
        top = QHBoxLayout()
        self.number_label = QLabel(self.header)
        self.number_label.setObjectName("consoleTitle")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_chip = chip("", theme.ACCENT, self.header)
        self.urgent_chip = chip("", theme.URGENT_COLOUR, self.header)
        self.level_chip = chip("", theme.TEXT_DIM, self.header)
        self.claim_chip = chip("", "#6cb6ff", self.header)
        top.addWidget(self.number_label)
        top.addStretch(1)
        for c in (self.claim_chip, self.urgent_chip, self.level_chip, self.state_chip):
            top.addWidget(c)
        hl.addLayout(top)
        second = QHBoxLayout()
        self.category_label = QLabel(self.header)
        self.category_label.setObjectName("consoleSub")
        self.category_label.setWordWrap(True)
        self.countdown_label = QLabel(self.header)
        self.countdown_label.setObjectName("consoleCountdown")
        second.addWidget(self.category_label, 1)
        second.addWidget(self.countdown_label)
        hl.addLayout(second)
        outer.addWidget(self.header)

        self.action_frame = QFrame(self)
        self.action_frame.setObjectName("actionBar")
        al = FlowLayout(self.action_frame, spacing=6)
        al.setContentsMargins(10, 8, 10, 8)
        self.action_layout = al
        for action in sorted(ACTIONS, key=lambda a: a.secondary):
            button = QPushButton(action.label(), self.action_frame)
            button.setObjectName("actionButton")
            button.setProperty("primary", "true" if action.primary else "false")
            button.setProperty("danger", "true" if action.danger else "false")
            button.setProperty("secondary", "true" if action.secondary else "false")
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _c=False, n=action.name: self.action_requested.emit(n))
            button.setVisible(False)
            al.addWidget(button)
            self.buttons[action.name] = button
        outer.addWidget(self.action_frame)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget(self.scroll)
        self.body.setObjectName("caseDetailBody")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(12, 8, 12, 12)
        self.body_layout.setSpacing(6)
        self.scroll.setWidget(self.body)
        outer.addWidget(self.scroll, 1)

        self.placeholder = dim_label("", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setContentsMargins(16, 24, 16, 24)
        outer.addWidget(self.placeholder)
        if ctx is None or not ctx.available:
            self.show_message(
                self.tr("The case console is not available: this data source has no database.")
            )
        else:
            self.show_message(self.tr("Select a case in the queue or on the map."))

    # ------------------------------------------------------------------ states of the panel
    def show_message(self, text: str) -> None:
        self.header.setVisible(False)
        self.action_frame.setVisible(False)
        self.scroll.setVisible(False)
        self.placeholder.setText(text)
        self.placeholder.setVisible(True)

    def _show_body(self) -> None:
        self.placeholder.setVisible(False)
        self.header.setVisible(True)
        self.action_frame.setVisible(True)
        self.scroll.setVisible(True)

    # ------------------------------------------------------------------ loading
    def show_case(self, case_id: int | None) -> None:
        if self.ctx is None or not self.ctx.available:
            return
        if case_id is None:
            self.case_id = None
            self.detail = None
            self.show_message(self.tr("Select a case in the queue or on the map."))
            return
        if case_id != self.case_id:
            self.case_id = int(case_id)
            if self.detail is None or self.detail.id != case_id:
                self.number_label.setText("")
        self.reload()

    def reload(self) -> None:
        if self.ctx is None or not self.ctx.available or self.case_id is None:
            return
        self._gen += 1
        gen, case_id = self._gen, self.case_id
        self.ctx.run(
            self, self.ctx.source.case_detail, case_id, at=self.ctx.now(),
            on_done=lambda d: self._loaded(gen, case_id, d),
            on_error=lambda exc: self._failed(gen, exc),
        )

    def _loaded(self, gen: int, case_id: int, detail: CaseDetail | None) -> None:
        if gen != self._gen or case_id != self.case_id:
            return
        if detail is None:
            self.detail = None
            self.show_message(self.tr("Case {id} no longer exists.").format(id=case_id))
            self.loaded.emit(None)
            return
        self.set_detail(detail)
        self.loaded.emit(detail)

    def _failed(self, gen: int, exc: Exception) -> None:
        if gen != self._gen:
            return
        if self.detail is None:
            self.show_message(f"{texts.error_headline(exc)}\n{texts.error_detail(exc)}")

    # ------------------------------------------------------------------ showing
    def set_detail(self, d: CaseDetail) -> None:
        self.detail = d
        self.case_id = d.id
        self._show_body()
        self.number_label.setText(d.number)
        set_chip(self.state_chip, labels.state_label(d.state), theme.STATE_COLOURS.get(d.state, theme.DEFAULT_STATE_COLOUR), filled=True)
        set_chip(self.urgent_chip, self.tr("Urgent") if d.urgent else "", theme.URGENT_COLOUR)
        set_chip(self.level_chip, texts.level_chip(d.level), theme.TEXT_DIM)
        set_chip(self.claim_chip, self.tr("Taken by {name}").format(name=d.claimed_by_name) if d.claimed_by_name else "", "#6cb6ff")
        flags = [self.tr("police-type") if d.police else ""]
        if d.hazard:
            flags.append(self.tr("hazard"))
        self.category_label.setText(
            " · ".join(
                x for x in (f"{d.category_code} {texts.localized(d.category_name, d.category_name_en)}", d.category_major, *flags) if x
            )
        )
        self.tick()
        self._update_actions()
        self._fill_body(d)

    def tick(self) -> None:
        """Refresh the countdown (the window's clock calls this)."""
        d = self.detail
        if d is None or self.ctx is None:
            return
        now = self.ctx.now()
        if d.state in ("closed", "rejected"):
            text = self.tr("Closed {time}").format(time=_fmt(d.closed_at)) if d.closed_at else labels.state_label(d.state)
            colour = theme.TEXT_DIM
        else:
            urgency = labels.deadline_urgency(d.reported_at, d.deadline_at, now, d.state == "long_term")
            text = labels.countdown_text(d.deadline_at, now)
            colour = {
                Urgency.OVERDUE: theme.OVERDUE_COLOUR,
                Urgency.WARN: theme.WARN_COLOUR,
                Urgency.NONE: theme.TEXT_DIM,
            }.get(urgency, theme.OK_COLOUR)
        self.countdown_label.setText(text)
        self.countdown_label.setStyleSheet(f"color: {colour};")

    def _update_actions(self) -> None:
        actor = self.ctx.actor if self.ctx is not None else None
        shown = 0
        for action in ACTIONS:
            button = self.buttons[action.name]
            ok = allowed(action, self.detail, actor)
            if action.name == "meeting":
                ok = ok and bool(self.ctx and self.ctx.extra.get("meetings_available", True))
                button.setToolTip(
                    "" if ok or not may_ever(action, actor) else self.tr("Joint on-site meetings are not available in this build.")
                )
            button.setVisible(ok)
            shown += ok
        self.action_frame.setVisible(shown > 0)
        self.action_layout.invalidate()

    def allowed_actions(self) -> list[str]:
        return [name for name, b in self.buttons.items() if not b.isHidden()]

    # ------------------------------------------------------------------ the body
    def _clear_body(self) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()

    def _grid(self) -> tuple[QWidget, QGridLayout]:
        box = QWidget(self.body)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(5)
        grid.setColumnStretch(1, 1)
        return box, grid

    def _row(self, grid: QGridLayout, key: str, value: str, *, rich: bool = False, colour: str = "") -> QLabel:
        r = grid.rowCount()
        k = QLabel(key)
        k.setObjectName("consoleKey")
        k.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        v = QLabel(value or "–")
        v.setObjectName("consoleValue")
        v.setWordWrap(True)
        v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        if rich:
            v.setTextFormat(Qt.TextFormat.RichText)
        if colour:
            v.setStyleSheet(f"color: {colour};")
        grid.addWidget(k, r, 0)
        grid.addWidget(v, r, 1)
        return v

    def _fill_body(self, d: CaseDetail) -> None:
        self._clear_body()
        add = self.body_layout.addWidget
        box, g = self._grid()
        place = texts.esc(d.address) if d.address else ""
        coords = f"{d.lon:.5f}°E {d.lat:.5f}°N"
        place = f"{place}<br><span style='color:{theme.TEXT_DIM}'>{coords}</span>" if place else coords
        if d.outside_town:
            place += f"<br><b style='color:{theme.WARN_COLOUR}'>{texts.esc(self.tr('Outside the town boundary: check the location'))}</b>"
        self._row(g, self.tr("Location"), place, rich=True)
        grid_text = f"{d.grid_name} ({d.grid_code})" if d.grid_code else self.tr("no grid")
        if d.responsibility_grid_name:
            grid_text += " · " + self.tr("in {name}").format(name=d.responsibility_grid_name)
        if d.grid_leader_name:
            grid_text += " · " + self.tr("grid leader {name}").format(name=d.grid_leader_name)
        self._row(g, self.tr("Grid"), grid_text)
        if d.key_point_name:
            kp = d.key_point_name
            if d.key_point_kind:
                kp += f" · {texts.key_point_kind_label(d.key_point_kind)}"
            if d.key_point_qr:
                kp += " · " + self.tr("QR {code}").format(code=d.key_point_qr)
            self._row(g, self.tr("Key point"), kp)
        self._row(g, self.tr("Source"), labels.source_label(d.source))
        self._row(
            g,
            self.tr("Category"),
            self.tr("{code} {name} · time limit {h} working hours · dispatch within {m} min").format(
                code=d.category_code, name=texts.localized(d.category_name, d.category_name_en),
                h=d.time_limit_hours, m=d.dispatch_minutes,
            ),
        )
        self._row(g, self.tr("Level"), texts.level_label(d.level))
        if d.department_name:
            dept = texts.localized(d.department_name, d.department_name_en)
            if d.department_level == "district":
                dept += " · " + self.tr("district")
            self._row(g, self.tr("Department"), dept)
        times = [self.tr("reported {t}").format(t=_fmt(d.reported_at))]
        if d.registered_at:
            times.append(self.tr("registered {t}").format(t=_fmt(d.registered_at)))
        if d.dispatched_at:
            times.append(self.tr("dispatched {t}").format(t=_fmt(d.dispatched_at)))
        self._row(g, self.tr("Times"), " · ".join(times))
        deadline = _fmt(d.deadline_at)
        if d.state in ("reported", "to_dispatch", "returned") and d.dispatch_due_at is not None:
            deadline += " · " + self.tr("dispatch by {t}").format(t=_fmt(d.dispatch_due_at))
        self._row(g, self.tr("Deadline"), deadline)
        if d.claimed_by_name:
            self._row(g, self.tr("Taken by"), f"{d.claimed_by_name} · {_fmt(d.claimed_at)}")
        if d.rework_count:
            self._row(g, self.tr("Reworks"), str(d.rework_count), colour=theme.WARN_COLOUR)
        if d.merged_into_number:
            self._row(g, self.tr("Merged into"), d.merged_into_number)
        self._row(g, self.tr("Description"), d.description)
        contact = " ".join(x for x in (d.reporter_name, d.reporter_phone) if x) if d.has_contact else self.tr("none given")
        contact_label = self._row(g, self.tr("Reporter"), contact)
        contact_label.setObjectName("reporterContact")
        add(box)

        # duplicates
        add(title_label(self.tr("Possible duplicates ({n})").format(n=len(d.duplicates)), self.body))
        if d.duplicates:
            dup_box, dg = self._grid()
            dg.setColumnStretch(1, 0)
            dg.setColumnStretch(4, 1)
            can_merge = allowed("merge", d, self.ctx.actor if self.ctx else None)
            for i, dup in enumerate(d.duplicates[:8]):
                cells = (
                    dup.number,
                    labels.state_label(dup.state),
                    self.tr("{m} m").format(m=f"{dup.distance_m:.0f}"),
                    _fmt(dup.reported_at),
                    dup.address,
                )
                for col, text in enumerate(cells):
                    lab = QLabel(text)
                    lab.setObjectName("consoleValue" if col == 0 else "consoleDim")
                    dg.addWidget(lab, i, col)
                if can_merge:
                    b = QPushButton(self.tr("Merge…"))
                    b.setObjectName("linkButton")
                    b.clicked.connect(lambda _c=False, oid=dup.id: self.merge_requested.emit(oid))
                    dg.addWidget(b, i, 5)
            add(dup_box)
        else:
            add(dim_label(self.tr("None of the same category within 250 m and 7 days."), self.body))

        # extensions
        if d.extensions:
            add(title_label(self.tr("Extension requests"), self.body))
            for e in d.extensions:
                text = self.tr("{who} asked on {at} for {deadline}: {reason} · {status}").format(
                    who=e.requested_by_name or "–", at=_fmt(e.requested_at), deadline=_fmt(e.requested_deadline),
                    reason=e.reason, status=texts.extension_status_label(e.status),
                )
                if e.decided_at:
                    text += " · " + self.tr("decided by {who} on {at}").format(who=e.decided_by_name, at=_fmt(e.decided_at))
                add(dim_label(text, self.body))

        # outgoing messages and documents
        if d.outbox:
            add(title_label(self.tr("Messages and documents"), self.body))
            for o in d.outbox:
                row = QWidget(self.body)
                rl = QHBoxLayout(row)
                rl.setContentsMargins(0, 0, 0, 0)
                text = f"{texts.outbox_kind_label(o.kind)} · {o.target} · {texts.outbox_status_label(o.status)} · {_fmt(o.created_at)}"
                if o.last_error and o.status != "sent":
                    text += f" · {o.last_error[:80]}"
                lab = dim_label(text, row)
                rl.addWidget(lab, 1)
                path = self.documents.get(o.id) or (o.external_ref if o.kind == "escalation_sheet" and o.external_ref.endswith(".pdf") else "")
                if path:
                    b = QPushButton(self.tr("Open PDF"), row)
                    b.setObjectName("linkButton")
                    b.setToolTip(path)
                    b.clicked.connect(lambda _c=False, p=path: QDesktopServices.openUrl(QUrl.fromLocalFile(p)))
                    rl.addWidget(b)
                if o.kind in ("notice", "escalation_sheet"):
                    b2 = QPushButton(self.tr("Print…") if o.kind == "notice" else self.tr("Render again"), row)
                    b2.setObjectName("linkButton")
                    b2.clicked.connect(lambda _c=False, oid=o.id: self.action_requested.emit(f"document:{oid}"))
                    rl.addWidget(b2)
                add(row)

        # attachments (附件)
        if self.ctx is not None and self.ctx.available:
            from desktop.console.attachments import AttachmentsSection

            self.attachments = AttachmentsSection(self.ctx, d.id, getattr(d, "attachments", []), self.body)
            self.attachments.changed.connect(self._attachments_changed)
            add(self.attachments)

        # timeline
        add(title_label(self.tr("Timeline ({n})").format(n=len(d.timeline)), self.body))
        for ev in reversed(d.timeline):
            add(self._event_widget(ev))
        self.body_layout.addStretch(1)

    def _attachments_changed(self, changes: Any) -> None:
        if self.ctx is not None and self.ctx.on_result is not None:
            self.ctx.on_result(changes)
        self.reload()

    def _event_widget(self, ev: TimelineEvent) -> QWidget:
        w = QFrame(self.body)
        w.setObjectName("timelineEntry")
        w.setStyleSheet(f"QFrame#timelineEntry {{ border-left: 3px solid {theme.STATE_COLOURS.get(ev.to_state or '', theme.BORDER)}; }}")
        lay = QVBoxLayout(w)
        lay.setContentsMargins(8, 2, 0, 4)
        lay.setSpacing(1)
        who = ev.actor_name or self.tr("system")
        ws = self.tr("workstation {ws}").format(ws=ev.workstation) if ev.workstation else ""
        head = QLabel(
            f"<b>{texts.esc(texts.event_label(ev.kind))}</b>"
            f"&nbsp;&nbsp;<span style='color:{theme.TEXT_DIM}'>{ev.at:%m-%d %H:%M:%S} · {texts.esc(who)}"
            + (f" · {texts.esc(ws)}" if ws else "")
            + "</span>"
        )
        head.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(head)
        details = []
        if ev.from_state and ev.to_state and ev.from_state != ev.to_state:
            details.append(f"{labels.state_label(ev.from_state)} → {labels.state_label(ev.to_state)}")
        if ev.department_name and ev.kind in ("dispatch", "redispatch", "escalate", "return", "feedback"):
            details.append(ev.department_name)
        changed = (ev.data or {}).get("changed") if isinstance(ev.data, dict) else None
        if isinstance(changed, dict):
            names = [texts.field_label(k) for k in changed if k not in ("state", "claimed_at", "updated_at")]
            if names:
                details.append(self.tr("changed: {fields}").format(fields="、".join(names) if _zh() else ", ".join(names)))
        if ev.note:
            details.append(ev.note)
        if details:
            body = QLabel(" · ".join(details))
            body.setObjectName("consoleDim")
            body.setWordWrap(True)
            lay.addWidget(body)
        return w


def _zh() -> bool:
    return QCoreApplication.translate("ConsoleText", "Reported") != "Reported"


def detail_summary(d: CaseDetail | None) -> dict[str, Any]:
    """A few fields for tests and logs."""
    if d is None:
        return {}
    return {"id": d.id, "number": d.number, "state": d.state, "version": d.version}
