"""The grid editor's controller: one edit session, the selection, live validation, and the
database calls (load, commit) -- the Qt side of gis.editing.EditSession.

Gestures run on the GUI thread: they are in-memory and local (a vertex move on the town
takes under 10 ms, the live validation around it a few ms), and running them synchronously
keeps one gesture = one undo step trivially ordered. Database calls (load, commit) and the
full validation of a big layer run off the GUI thread; while they run the session is
frozen (`busy`), so a commit always writes exactly the state the user saw.

Views observe the signals and refresh only what a gesture touched (`Gesture.extent`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import shapely
from PySide6.QtCore import QObject, Signal

from db.grid_edit import commit_edit_session, load_edit_session
from db.ops import Actor, Conflict
from desktop.editor import texts
from desktop.worker import run_async
from gis.editing import EditGrid, EditRefused, EditSession, Gesture
from gis.validation import MANAGEMENT, RESPONSIBILITY, Issue, ValidationReport, validate_grids


class EditorController(QObject):
    """Owns the edit session of one editor window."""

    loaded = Signal()  # a (new) session is ready
    load_failed = Signal(object)  # the exception
    edited = Signal(object, str)  # Gesture, "do" | "undo" | "redo" | "revert"
    refused = Signal(str, object)  # the user's-language reason, the EditRefused
    selection_changed = Signal()
    issues_changed = Signal()  # `issues` was replaced (live or full validation)
    busy_changed = Signal(bool)
    committed = Signal(object)  # db.grid_edit.CommitResult
    commit_failed = Signal(object)  # Conflict, TilingInvalid, ConnectionLost, ...

    def __init__(self, engine: Any, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.actor = actor
        self.session: EditSession | None = None
        self.selected: list[int] = []
        self.level = MANAGEMENT  # the level select / draw / split / merge act on
        self.issues: list[Issue] = []
        self.full_report: ValidationReport | None = None  # the last on-demand validation
        self.revision = 0  # bumped at every change of the session (view caches key on it)
        self.snap_pixels = 10.0  # snapping tolerance in screen pixels (0: off)
        self._busy = False

    # ------------------------------------------------------------------ state
    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    @property
    def ready(self) -> bool:
        return self.session is not None and not self._busy

    @property
    def dirty(self) -> bool:
        return self.session is not None and self.session.dirty

    def grid(self, key: int) -> EditGrid | None:
        return None if self.session is None else self.session.grids.get(key)

    def code_of(self, key: int) -> str:
        g = self.grid(key)
        if g is None and self.session is not None:
            g = self.session.loaded(key)
        return g.code if g is not None else f"#{key}"

    # ------------------------------------------------------------------ loading
    def load(self, on_done: Callable[[], None] | None = None) -> None:
        """(Re)load the live grids from the database, off the GUI thread; the edits of the
        current session are dropped (the caller asked the user first)."""
        self._set_busy(True)

        def done(session: EditSession) -> None:
            self._set_busy(False)
            self.set_session(session)
            if on_done is not None:
                on_done()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self.load_failed.emit(exc)

        run_async(self, load_edit_session, self.engine, on_done=done, on_error=failed)

    def set_session(self, session: EditSession) -> None:
        self.session = session
        self.selected = []
        self.issues = []
        self.full_report = None
        self.revision += 1
        self.loaded.emit()
        self.selection_changed.emit()
        self.issues_changed.emit()

    def grid_at(self, x: float, y: float, level: str | None = None) -> EditGrid | None:
        """The grid of `level` (default: the editing level) containing the point."""
        if self.session is None:
            return None
        level = level or self.level
        pt = shapely.Point(x, y)
        for k in self.session.keys_in((x, y, x, y), level=level):
            g = self.session.grids[k]
            if g.geometry.covers(pt):
                return g
        return None

    def grids_along(self, line: Any, level: str | None = None) -> list[EditGrid]:
        """Grids of `level` a drawn line runs through, longest stretch first."""
        if self.session is None:
            return []
        level = level or self.level
        out: list[tuple[float, EditGrid]] = []
        for k in self.session.keys_in(line.bounds, level=level):
            g = self.session.grids[k]
            if g.geometry.intersects(line):
                length = g.geometry.intersection(line).length
                if length > 0:
                    out.append((length, g))
        out.sort(key=lambda t: -t[0])
        return [g for _, g in out]

    def neighbours(self, key: int, level: str | None = None) -> list[EditGrid]:
        """Grids (of `level`, default the grid's own) sharing an edge with grid `key`."""
        g = self.grid(key)
        if g is None or self.session is None:
            return []
        level = level or g.level
        out = []
        boundary = g.geometry.boundary
        for k in self.session.keys_in(g.geometry.bounds, level=level):
            other = self.session.grids[k]
            if other.key == key:
                continue
            if other.geometry.intersects(g.geometry) and other.geometry.boundary.intersection(boundary).length > 0.01:
                out.append(other)
        return sorted(out, key=lambda x: x.code)

    # ------------------------------------------------------------------ selection
    def select(self, keys: list[int]) -> None:
        keys = [k for k in dict.fromkeys(keys) if self.grid(k) is not None]
        if keys != self.selected:
            self.selected = keys
            self.revision += 1
            self.selection_changed.emit()

    def toggle(self, key: int) -> None:
        self.select([k for k in self.selected if k != key] if key in self.selected else [*self.selected, key])

    def set_level(self, level: str) -> None:
        if level not in (MANAGEMENT, RESPONSIBILITY):
            raise ValueError(level)
        if level != self.level:
            self.level = level
            self.select([k for k in self.selected if (g := self.grid(k)) is not None and g.level == level])

    # ------------------------------------------------------------------ gestures
    def do(self, gesture: str, *args: Any, **kwargs: Any) -> Gesture | None:
        """Run one gesture of the session (a method name of EditSession). A refusal is
        reported through `refused` (in the user's language) and changes nothing."""
        if self.session is None or self._busy:
            return None
        try:
            result: Gesture = getattr(self.session, gesture)(*args, **kwargs)
        except EditRefused as exc:
            self.refused.emit(texts.refusal_text(exc), exc)
            return None
        self._after(result, "do")
        return result

    def undo(self) -> Gesture | None:
        if self.session is None or self._busy or not self.session.can_undo:
            return None
        result = self.session.undo()
        self._after(result, "undo")
        return result

    def redo(self) -> Gesture | None:
        if self.session is None or self._busy or not self.session.can_redo:
            return None
        result = self.session.redo()
        self._after(result, "redo")
        return result

    def revert(self) -> None:
        """Roll back every edit of the session (the database was never touched)."""
        if self.session is None or self._busy:
            return
        self.session.revert()
        self.revision += 1
        self.select([k for k in self.selected if self.grid(k) is not None])
        self.issues = []
        self.issues_changed.emit()
        self.edited.emit(None, "revert")

    def _after(self, gesture: Gesture, kind: str) -> None:
        assert self.session is not None
        self.revision += 1
        # a merged-away grid leaves the selection; a grid created by the gesture joins it
        keep = [k for k in self.selected if self.grid(k) is not None]
        if kind != "undo":
            keep += [k for k in gesture.created if k not in keep]
        if keep != self.selected:
            self.selected = keep
            self.selection_changed.emit()
        self.edited.emit(gesture, kind)
        self._live_validate(gesture)

    def _live_validate(self, gesture: Gesture) -> None:
        """Validate around the gesture and merge the result into the list: issues in that
        area are replaced, the others stay."""
        assert self.session is not None
        x0, y0, x1, y1 = gesture.extent()
        margin = 1.0
        report = self.session.validate(shapely.box(x0 - margin, y0 - margin, x1 + margin, y1 + margin))

        def inside(issue: Issue) -> bool:
            bx0, by0, bx1, by1 = issue.bbox
            return bx0 >= x0 - margin and by0 >= y0 - margin and bx1 <= x1 + margin and by1 <= y1 + margin

        kept = [i for i in self.issues if not inside(i) and all(self.grid(k) is not None for k in i.keys)]
        self.issues = kept + report.issues
        self.issues_changed.emit()

    # ------------------------------------------------------------------ full validation
    def validate_all(self, on_done: Callable[[ValidationReport], None] | None = None) -> None:
        """Validate the whole layer off the GUI thread (a snapshot: grids are immutable)."""
        if self.session is None or self._busy:
            return
        grids = list(self.session.grids.values())
        town, config = self.session.town, self.session.config
        revision = self.revision
        self._set_busy(True)

        def done(report: ValidationReport) -> None:
            self._set_busy(False)
            if revision == self.revision:
                self.full_report = report
                self.issues = list(report.issues)
                self.issues_changed.emit()
            if on_done is not None:
                on_done(report)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self.refused.emit(texts.refusal_text(str(exc)), exc)

        run_async(self, validate_grids, grids, town, config=config, on_done=done, on_error=failed)

    def apply_fix(self, issue: Issue) -> Gesture | None:
        if issue.fix is None:
            return None
        gesture = self.do("apply_fix", issue.fix)
        if gesture is not None:
            self.issues = [i for i in self.issues if i is not issue]
            self.issues_changed.emit()
        return gesture

    # ------------------------------------------------------------------ commit
    def commit(self, note: str, effective_date: date | None) -> None:
        """Write every change as one boundary version, off the GUI thread. On success the
        session is reloaded from the database (new ids, versions); on a refusal nothing was
        written and the edits stay in the session."""
        if self.session is None or self._busy:
            return
        session = self.session
        self._set_busy(True)

        def done(result: Any) -> None:
            # the version is saved whatever the reload does next: say so first, then
            # reload (new ids and versions; a failed reload is reported on its own)
            self._set_busy(False)
            self.load()
            self.committed.emit(result)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            issues = getattr(exc, "issues", None)
            if issues:
                self.issues = list(issues)
                self.issues_changed.emit()
            self.commit_failed.emit(exc)

        run_async(
            self, commit_edit_session, self.engine, self.actor, session,
            note=note, effective_date=effective_date, on_done=done, on_error=failed,
        )

    def conflict_keys(self, exc: Conflict) -> list[int]:
        """The session keys of the grids a Conflict names."""
        gid = exc.current.get("grid_id")
        return [gid] if isinstance(gid, int) and self.grid(gid) is not None else []
