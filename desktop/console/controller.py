"""The duty console in the main window, installed in one call (`install_console`): the
case-detail dock under the queue, the case actions and their dialogs, "take the next case",
the shift handover, the escalation sheets, the urgent-case alert and the live updates with
the offline banner.

Every operation runs off the GUI thread and refreshes only what its ChangeSet names: the
queue rows of those cases (`cases_by_ids`), the map model's records of them, the open case
detail. Changes from other workstations arrive through desktop.live.LiveUpdates and take
the same path; a dialog open on a case that changed keeps its input and says who changed
it. Without a database (test fakes) the detail dock says the console is not available.
"""

from __future__ import annotations

import dataclasses
import logging
import socket
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox

from db import cases as ops
from db.case_queries import CaseDetail, Queue, QueueRow
from db.meetings import meeting_change_entities
from db.ops import Actor, ChangeSet, Conflict
from db.permissions import Permission, has_permission
from desktop import labels
from desktop.case_queue import ALL, QUEUE_STATES, feature_from_row
from desktop.console import actions as case_actions
from desktop.console import documents, texts
from desktop.console.alert import UrgentAlert
from desktop.console.banner import BannerBar
from desktop.console.common import ConsoleContext, engine_of
from desktop.console.detail import CaseDetailPanel
from desktop.console.dialogs import DIALOGS, MergeDialog, OperationDialog, RevealContactDialog
from desktop.console.meetings_dock import install_meetings_dock
from desktop.qtutil import observe
from gis.mapmodel import LayerId

log = logging.getLogger(__name__)

MEETING_ENTITIES = meeting_change_entities()  # live changes that refresh meetings and markers
# the queues "take the next case" tries from "all open", in the order a duty officer works
NEXT_ORDER = (Queue.REPORTED, Queue.TO_DISPATCH, Queue.RETURNED, Queue.FEEDBACK, Queue.OVERDUE)


def _has_console_queries(source: Any) -> bool:
    return engine_of(source) is not None and all(
        hasattr(source, n) for n in ("case_detail", "queue_snapshot", "cases_by_ids", "latest_change_seq")
    )


def _meetings_available() -> bool:
    try:
        from desktop.meetings import ScheduleDialog  # noqa: F401
    except ImportError:
        return False
    return True


class CaseWindow(QMainWindow):
    """One case in its own window (Enter on a queue row)."""

    def __init__(self, controller: ConsoleController, case_id: int) -> None:
        super().__init__(controller.window)
        self.setObjectName("caseWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.controller = controller
        self.panel = CaseDetailPanel(controller.ctx, self, compact=False)
        self.setCentralWidget(self.panel)
        self.panel.action_requested.connect(lambda name: controller.trigger(name, self.panel))
        self.panel.merge_requested.connect(lambda oid: controller.open_merge(self.panel, oid))
        self.panel.loaded.connect(self._loaded)
        self.setWindowTitle(self.tr("Case {id}").format(id=case_id))
        self.resize(760, 860)
        self.panel.show_case(case_id)

    def _loaded(self, detail: CaseDetail | None) -> None:
        if detail is not None:
            self.setWindowTitle(self.tr("Case {number} · {state}").format(number=detail.number, state=labels.state_label(detail.state)))
        self.controller._detail_loaded(detail)


class ConsoleController(QObject):
    """What `install_console` adds to a MainWindow."""

    def __init__(self, window: Any, *, live: bool = True, sound: bool = True) -> None:
        super().__init__(window)
        self.window = window
        source = window.source
        self.available = _has_console_queries(source)
        actor = getattr(window, "actor", None)
        if actor is None:
            actor = self._actor_for(source, str(window.role))
            window.actor = actor
        self._window_actor = actor
        self.ctx = ConsoleContext(
            source=source,
            engine=engine_of(source) if self.available else None,
            actor=actor,
            clock=window.model.now,
            on_result=self.apply_changes,
            report=self._report,
        )
        self.ctx.extra["meetings_available"] = _meetings_available()
        self.documents_dir: Path = documents.documents_dir()
        self.last_document: Path | None = None
        self.dialog: OperationDialog | None = None
        self.case_windows: list[CaseWindow] = []
        self.live_updates: Any = None
        self._known: set[int] = {c.id for c in window.model.cases()}
        self._hide_banner_after_refresh = False

        # the detail dock, under the queue
        self.detail = CaseDetailPanel(self.ctx, window)
        self.detail_dock = QDockWidget(self.tr("Case detail"), window)
        self.detail_dock.setObjectName("caseDetailDock")
        self.detail_dock.setWidget(self.detail)
        self.detail_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.detail_dock)
        window.splitDockWidget(window.queue_dock, self.detail_dock, Qt.Orientation.Vertical)
        self.detail.action_requested.connect(lambda name: self.trigger(name, self.detail))
        self.detail.merge_requested.connect(lambda oid: self.open_merge(self.detail, oid))
        self.detail.loaded.connect(self._detail_loaded)
        # upcoming meetings (近期会议), a tab next to the case detail
        self.meetings = install_meetings_dock(window, self.detail_dock)

        # banners and the alert
        self.banners = BannerBar(window)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banners)
        self.alert = UrgentAlert(window, self.banners, window.queue_panel, sound=sound)
        self.banners.alert.open_requested.connect(self._open_alerted)
        self.banners.alert.dismissed.connect(self._dismiss_alert)
        self.banners.offline.retry_requested.connect(self._retry)

        # the queue and the map
        queue = window.queue_panel
        queue.case_selected.connect(self.show_case)
        queue.case_activated.connect(self.open_case_window)
        queue.load_failed.connect(self._report)
        queue.refreshed.connect(self._queue_refreshed)
        observe(self, window.model.selection_changed, self._on_map_selection)

        # keys: Enter opens the selected row's case (only while the queue has the focus)
        open_action = getattr(window, "actions_by_id", {}).get("case.open")
        if isinstance(open_action, QAction):
            open_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            queue.table.addAction(open_action)

        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self._tick)
        self.clock.start()
        window.installEventFilter(self)

        if self.available:
            seq = self._safe(source.latest_change_seq)
            queue.attach_source(source)
            if live:
                self.start_live(seq)
        self.update_actions()

    # ------------------------------------------------------------------ set-up helpers
    @staticmethod
    def _actor_for(source: Any, role: str) -> Actor:
        fn = getattr(source, "demo_actor", None)
        if fn is not None and engine_of(source) is not None:
            try:
                return fn(role)  # type: ignore[no-any-return]
            except Exception:
                log.exception("could not find an account for role %s", role)
        return Actor(None, role, role, "", socket.gethostname())

    def _safe(self, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except Exception as exc:
            self._report(exc)
            return None

    def start_live(self, after_seq: int | None, **kwargs: Any) -> Any:
        from desktop.live import LiveUpdates

        if self.live_updates is not None:
            self.live_updates.close()
        self.live_updates = LiveUpdates(self.ctx.engine, after_seq, self, **kwargs)
        self.live_updates.changed.connect(self.on_live_changes)
        self.live_updates.reload_all.connect(self.reload_everything)
        self.live_updates.health_changed.connect(self._on_health)
        self.live_updates.recovered.connect(self._on_recovered)
        return self.live_updates

    def fit_docks(self) -> None:
        """Split the right column between the queue and the case detail."""
        h = max(self.window.height(), 600)
        self.window.resizeDocks(
            [self.window.queue_dock, self.detail_dock], [int(h * 0.6), int(h * 0.4)], Qt.Orientation.Vertical
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def shutdown(self) -> None:
        self.clock.stop()
        self.alert.stop()
        if self.live_updates is not None:
            self.live_updates.close()
        for w in list(self.case_windows):
            w.close()

    # ------------------------------------------------------------------ showing cases
    def show_case(self, case_id: int) -> None:
        self.detail.show_case(int(case_id))
        self.update_actions()

    def _on_map_selection(self, hit: object) -> None:
        if isinstance(hit, tuple) and hit[0] == LayerId.CASES and int(hit[1]) != self.detail.case_id:
            self.show_case(int(hit[1]))

    def open_case(self, case_id: int) -> None:
        """Show a case everywhere: its queue row, the map, the detail."""
        queue = self.window.queue_panel
        row = queue.table_model.get(case_id)
        queue.show_case(case_id, row.state if row else None)
        model = self.window.model
        if model.has_feature(LayerId.CASES, case_id):
            model.select(LayerId.CASES, case_id)
            model.zoom_to_feature(LayerId.CASES, case_id)
        self.show_case(case_id)
        self.detail_dock.raise_()

    def open_case_window(self, case_id: int | None = None) -> CaseWindow | None:
        cid = case_id if case_id is not None else (self.window.queue_panel.selected_case_id() or self.detail.case_id)
        if cid is None or not self.available:
            self._status(self.tr("Select a case first."))
            return None
        for w in self.case_windows:
            if w.panel.case_id == cid:
                w.raise_()
                w.activateWindow()
                return w
        w = CaseWindow(self, int(cid))
        self.case_windows.append(w)
        w.destroyed.connect(lambda _o=None, win=w: self.case_windows.remove(win) if win in self.case_windows else None)
        w.show()
        return w

    def _panels(self) -> list[CaseDetailPanel]:
        return [self.detail, *(w.panel for w in self.case_windows)]

    # ------------------------------------------------------------------ actions
    def _sync_actor(self) -> None:
        """Follow a change of the signed-in officer (sign-in, switch officer)."""
        actor = getattr(self.window, "actor", None)
        if actor is not None and actor is not self._window_actor:
            self._window_actor = actor
            self.ctx.actor = actor
            self.update_actions()
            for panel in self._panels():
                panel.reload()

    def trigger(self, name: str, panel: CaseDetailPanel | None = None) -> None:
        """Run a console action by name (menu, key, action bar)."""
        self._sync_actor()
        if name == "take_next":
            self.take_next()
            return
        if name == "open":
            self.open_case_window()
            return
        if name == "handover":
            self.open_handover()
            return
        if name == "queue_search":
            self.window.queue_panel.search_edit.setFocus()
            self.window.queue_panel.search_edit.selectAll()
            return
        if name == "render_sheets":
            self.render_documents()
            return
        if name.startswith("document:"):
            self.print_document(int(name.split(":", 1)[1]), panel or self.detail)
            return
        panel = panel or self.detail
        detail = panel.detail
        if not self.available:
            self._status(self.tr("The case console is not available: this data source has no database."))
            return
        if detail is None:
            self._status(self.tr("Select a case first."))
            return
        if name == "long_term":
            name = "long_term_off" if detail.state == "long_term" else "long_term"
        if name in case_actions.BY_NAME and not case_actions.allowed(name, detail, self.ctx.actor):
            self._status(
                self.tr("{action} is not possible for case {number} now ({state}).").format(
                    action=case_actions.BY_NAME[name].label(), number=detail.number, state=labels.state_label(detail.state)
                )
            )
            return
        if name == "claim":
            self._immediate(ops.claim_case, detail, self.tr("Case {number} is now yours."))
        elif name == "release":
            self._immediate(ops.release_case, detail, self.tr("Case {number} is back in its queue."))
        elif name == "reveal_contact":
            dialog = RevealContactDialog(self.ctx, detail, self.window)
            dialog.open()
            self.contact_dialog = dialog
        elif name == "meeting":
            self.schedule_meeting(detail)
        elif name == "merge":
            self.open_merge(panel, None)
        elif name in DIALOGS:
            self.open_dialog(name, detail)
        else:
            raise ValueError(f"unknown console action {name!r}")

    def open_dialog(self, name: str, detail: CaseDetail, **kwargs: Any) -> OperationDialog:
        cls = DIALOGS[name]
        dialog = cls(self.ctx, detail, parent=self.window, **kwargs)
        dialog.succeeded.connect(lambda changes, n=name, num=detail.number: self._succeeded(n, num, changes))
        dialog.conflicted.connect(lambda exc, cid=detail.id: self._conflict(cid, exc))
        dialog.finished.connect(lambda _r, d=dialog: self._dialog_closed(d))
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_merge(self, panel: CaseDetailPanel, other_id: int | None) -> None:
        detail = panel.detail
        if detail is None:
            return
        other = next((d for d in detail.duplicates if d.id == other_id), None)
        dialog = MergeDialog(self.ctx, detail, other, parent=self.window)
        dialog.succeeded.connect(lambda changes, num=detail.number: self._succeeded("merge", num, changes))
        dialog.conflicted.connect(lambda exc, cid=detail.id: self._conflict(cid, exc))
        dialog.finished.connect(lambda _r, d=dialog: self._dialog_closed(d))
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: OperationDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _immediate(self, fn: Any, detail: CaseDetail, done_text: str) -> None:
        def done(changes: ChangeSet) -> None:
            self._status(done_text.format(number=detail.number))
            self.apply_changes(changes)

        self.ctx.run(
            self, ops.perform, self.ctx.engine, self.ctx.actor, fn, detail.id, detail.version,
            on_done=done, on_error=lambda exc: self._show_error(exc, detail.id),
        )

    def _succeeded(self, name: str, number: str, changes: ChangeSet) -> None:
        action = case_actions.BY_NAME.get(name)
        what = QCoreApplication.translate("ConsoleAction", action.text) if action else name
        self._status(self.tr("{action}: case {number}").format(action=what, number=number))
        self.apply_changes(changes)

    def _conflict(self, case_id: int, exc: Exception) -> None:
        self._status(texts.error_headline(exc) + " · " + texts.error_detail(exc))
        self.refresh_cases({case_id})

    def _show_error(self, exc: Exception, case_id: int | None = None) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("GridDesk"), texts.error_headline(exc), parent=self.window)
        info = texts.error_detail(exc)
        if isinstance(exc, Conflict):
            info += "\n" + texts.conflict_current(exc)
        box.setInformativeText(info)
        box.setObjectName("consoleErrorMessage")
        box.open()
        self.error_box = box
        if case_id is not None:
            self.refresh_cases({case_id})

    # ------------------------------------------------------------------ take the next case
    def take_next(self) -> None:
        if not self.available:
            self._status(self.tr("The case console is not available: this data source has no database."))
            return
        queue = self.window.queue_panel
        role = self.ctx.actor.role
        if queue.queue == ALL:
            candidates = [q for q in NEXT_ORDER if has_permission(role, ops.QUEUE_PERMISSION[q])]
        else:
            candidates = [Queue(queue.queue)] if has_permission(role, ops.QUEUE_PERMISSION[Queue(queue.queue)]) else []
        if not candidates:
            self._status(self.tr("Your role does not take cases from this queue."))
            return
        filters = queue.current_filter()
        engine, actor = self.ctx.engine, self.ctx.actor

        def take() -> int | None:
            for q in candidates:
                cid = ops.take_next_case(engine, actor, q.value, filters=filters)
                if cid is not None:
                    return cid
            return None

        def done(cid: int | None) -> None:
            if cid is None:
                self._status(self.tr("No unclaimed case waiting in this queue."))
                return
            self.refresh_cases({cid})
            self.open_case(cid)
            self._status(self.tr("You took the next case."))

        self.ctx.run(self, take, on_done=done, on_error=lambda exc: self._show_error(exc))

    # ------------------------------------------------------------------ refreshing from changes
    def apply_changes(self, changes: ChangeSet) -> None:
        """Refresh what a ChangeSet names (after an operation of this workstation)."""
        ids = changes.ids("case")
        if ids:
            self.refresh_cases(ids)
        if changes.ids("outbox"):
            self.render_documents(changes.ids("outbox"))

    def on_live_changes(self, grouped: dict[str, set[int]]) -> None:
        """Changes committed anywhere (this workstation too), from the change feed."""
        ids = grouped.get("case", set())
        if ids:
            self.refresh_cases(ids, live=True)
        elif "outbox" in grouped:
            for panel in self._panels():
                panel.reload()
        if "shift_handover" in grouped:
            self._check_handovers()
        if grouped.keys() & {"grid", "key_point", "camera"}:
            self.reload_map()
        if grouped.keys() & MEETING_ENTITIES:
            self.meetings.refresh()
            layer = getattr(self.window, "meeting_layer", None)
            if layer is not None:
                layer.refresh()

    def refresh_cases(self, ids: set[int], *, live: bool = False) -> None:
        ids = {int(i) for i in ids}
        self.window.queue_panel.refresh_cases(ids, on_rows=lambda rows: self._rows_arrived(rows, live))
        for panel in self._panels():
            if panel.case_id in ids:
                panel.reload()

    def _rows_arrived(self, rows: list[QueueRow], live: bool) -> None:
        fresh = [r for r in rows if r.id not in self._known and r.urgent and r.state == "reported"]
        self.update_map(rows)
        self._known |= {r.id for r in rows}
        if fresh:
            self.alert.trigger(fresh)

    def update_map(self, rows: list[QueueRow]) -> bool:
        """Put fresh rows into the map model: changed cases updated, closed ones removed."""
        model = self.window.model
        data = model.source_data
        by_id = {c.id: c for c in data.cases}
        changed = False
        for r in rows:
            if r.state in QUEUE_STATES:
                feat = feature_from_row(r)
                if by_id.get(r.id) != feat:
                    by_id[r.id] = feat
                    changed = True
            elif r.id in by_id:
                del by_id[r.id]
                changed = True
        if not changed:
            return False
        with self.window.queue_panel.model_sync_suspended():
            model.set_data(dataclasses.replace(data, cases=list(by_id.values()), now=model.now()))
        return True

    def reload_map(self) -> None:
        """Reload the whole map off the GUI thread (grids or key points changed)."""

        def done(data: Any) -> None:
            with self.window.queue_panel.model_sync_suspended():
                self.window.model.set_data(data)
            self._known |= {c.id for c in data.cases}

        self.ctx.run(self, self.ctx.source.load_map_data, on_done=done)

    def reload_everything(self) -> None:
        """After RELOAD_ALL or a reconnect: queue, map and open cases from scratch."""
        self.window.queue_panel.refresh()
        self.reload_map()
        for panel in self._panels():
            panel.reload()

    def _detail_loaded(self, detail: CaseDetail | None) -> None:
        dialog = self.dialog
        if (
            detail is not None
            and dialog is not None
            and dialog.case.id == detail.id
            and dialog.isVisible()
            and detail.version != dialog.expected_version
            and not dialog.busy
        ):
            dialog.case_changed(detail)
        self.update_actions()

    def update_actions(self) -> None:
        """Enable the Case menu's entries for what the shown case allows."""
        actions = getattr(self.window, "actions_by_id", {})
        detail = self.detail.detail
        for action_id, qaction in actions.items():
            if not action_id.startswith("case."):
                continue
            name = action_id[5:]
            if name in ("take_next", "handover", "queue_search", "render_sheets") or name == "open":
                qaction.setEnabled(self.available)
            elif name == "long_term":
                qaction.setEnabled(
                    case_actions.allowed("long_term", detail, self.ctx.actor)
                    or case_actions.allowed("long_term_off", detail, self.ctx.actor)
                )
            elif name in case_actions.BY_NAME:
                qaction.setEnabled(case_actions.allowed(name, detail, self.ctx.actor))

    # ------------------------------------------------------------------ documents
    def render_documents(self, outbox_ids: set[int] | None = None) -> None:
        """Render pending escalation sheets (those named, or all) and mark them done."""
        if not self.available:
            return

        def done(items: list[Any]) -> None:
            for item in items:
                if outbox_ids is not None and item.id not in outbox_ids:
                    continue
                self._render_sheet(item)

        self.ctx.run(self, self.ctx.source.pending_documents, on_done=done)

    def _render_sheet(self, item: Any) -> None:
        from db.ops import run_operation
        from db.outbox import mark_document_rendered

        try:
            path = documents.render_escalation_sheet(item.payload, item.id, self.documents_dir)
        except OSError as exc:
            self._status(self.tr("Could not write the escalation sheet: {error}").format(error=exc))
            return
        self.last_document = path
        for panel in self._panels():
            panel.documents[item.id] = str(path)
        self._status(self.tr("Escalation sheet saved: {path}").format(path=path), 20000)
        if has_permission(self.ctx.actor.role, Permission.CASE_ESCALATE):
            self.ctx.run(
                self, run_operation, self.ctx.engine, self.ctx.actor, Permission.CASE_ESCALATE,
                mark_document_rendered, item.id, str(path),
                on_done=self.apply_changes, on_error=lambda exc: self._show_error(exc),
            )

    def print_document(self, message_id: int, panel: CaseDetailPanel) -> None:
        """Render a notice or an escalation sheet of the shown case to PDF."""
        detail = panel.detail
        if detail is None or not self.available:
            return

        def done(items: list[Any]) -> None:
            item = next((i for i in items if i.id == message_id), None)
            if item is None:
                return
            try:
                if item.kind == "escalation_sheet":
                    path = documents.render_escalation_sheet(item.payload, item.id, self.documents_dir)
                else:
                    path = documents.render_notice(item.payload, item.id, self.documents_dir)
            except OSError as exc:
                self._status(str(exc))
                return
            self.last_document = path
            panel.documents[item.id] = str(path)
            panel.reload()
            self._status(self.tr("Saved: {path}").format(path=path), 20000)

        self.ctx.run(self, self.ctx.source.outbox_messages, detail.id, on_done=done)

    # ------------------------------------------------------------------ meetings and handover
    def schedule_meeting(self, detail: CaseDetail) -> None:
        if not self.ctx.extra.get("meetings_available"):
            self._status(self.tr("Joint on-site meetings are not available in this build."))
            return
        from db import meetings as mt
        from desktop.meetings import ScheduleDialog

        def open_dialog(draft: Any) -> None:
            dialog = ScheduleDialog(self.ctx.engine, self.ctx.actor, draft, parent=self.window)
            dialog.open()
            self.meeting_dialog = dialog

        self.ctx.run(self, mt.draft_from_case, self.ctx.engine, detail.id, on_done=open_dialog,
                     on_error=lambda exc: self._show_error(exc))

    def open_handover(self) -> Any:
        from desktop.console.handover import HandoverDialog

        if not self.available:
            self._status(self.tr("The case console is not available: this data source has no database."))
            return None
        dialog = HandoverDialog(self.ctx, self.window)
        dialog.handed_over.connect(lambda _c: self._status(self.tr("Shift handed over.")))
        dialog.acknowledged.connect(lambda _c: self._status(self.tr("Handover acknowledged.")))
        dialog.open()
        self.handover_dialog = dialog
        return dialog

    def _check_handovers(self) -> None:
        actor = self.ctx.actor
        if actor.user_id is None or not has_permission(actor.role, Permission.SHIFT_HANDOVER):
            return

        def done(context: dict[str, Any]) -> None:
            if context.get("awaiting"):
                h = context["awaiting"][0]
                self._status(
                    self.tr("{who} handed the shift over to you: open Shift handover (Ctrl+H) to acknowledge.").format(
                        who=h.outgoing_name
                    ),
                    30000,
                )

        self.ctx.run(self, self.ctx.source.handover_context, self.ctx.now(), actor.user_id, on_done=done)

    # ------------------------------------------------------------------ health and the banner
    def _report(self, exc: BaseException | None) -> None:
        if self.live_updates is not None:
            self.live_updates.report(exc)

    def _on_health(self, health: Any) -> None:
        if health.online:
            if self.banners.offline_shown:
                self.banners.show_recovering()
        else:
            self.banners.show_offline(health)

    def _on_recovered(self) -> None:
        if self.banners.offline_shown:
            self.banners.show_recovering()
            self._hide_banner_after_refresh = True
        if self.live_updates is not None:
            self.live_updates.poll()  # catch up on the change log now
        self.reload_everything()

    def _queue_refreshed(self) -> None:
        if self._hide_banner_after_refresh and (self.live_updates is None or self.live_updates.online):
            self._hide_banner_after_refresh = False
            self.banners.hide_offline()

    def _retry(self) -> None:
        if self.live_updates is not None:
            self.live_updates.check_now()
            self.live_updates.poll()

    # ------------------------------------------------------------------ the alert
    def _open_alerted(self, case_id: int) -> None:
        self._dismiss_alert()
        self.open_case(case_id)

    def _dismiss_alert(self) -> None:
        self.alert.stop()
        self.banners.hide_alert()

    # ------------------------------------------------------------------ misc
    def _status(self, text: str, ms: int = 8000) -> None:
        self.window.statusBar().showMessage(text, ms)

    def _tick(self) -> None:
        self._sync_actor()
        for panel in self._panels():
            panel.tick()


def install_console(window: Any, **kwargs: Any) -> ConsoleController:
    """Add the duty console to a MainWindow (see the module docstring)."""
    return ConsoleController(window, **kwargs)
