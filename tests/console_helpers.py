"""Helpers for the console tests (tests/test_console_*.py, tests/test_desktop_live.py): a
main window over a real database acting as a given workstation, and waits for the work the
console does off the GUI thread."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models as m
from db.auth import demo_actor
from db.datasource import DatabaseSource
from db.ops import Actor
from db.session import make_engine, resolve_url


class WorkstationSource(DatabaseSource):
    """A DatabaseSource whose windows act as the demo account of their role at a named
    workstation (two windows in one test are two workstations)."""

    def __init__(self, engine: Any, workstation: str) -> None:
        super().__init__(engine)
        self.workstation = workstation

    def demo_actor(self, role: str, workstation: str | None = None) -> Actor:
        return demo_actor(self.engine, role, workstation or self.workstation)


def engine_for(url: str) -> Any:
    return make_engine(resolve_url(url))


def open_window(
    qtbot: Any,
    url: str,
    *,
    role: str = "duty_officer",
    workstation: str = "WS-A",
    engine: Any = None,
    documents_dir: Path | None = None,
) -> Any:
    from desktop.main_window import MainWindow

    source = WorkstationSource(engine or engine_for(url), workstation)
    win = MainWindow(source, role=role)
    qtbot.addWidget(win)
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    win.console.documents_dir = documents_dir or Path(tempfile.mkdtemp(prefix="griddesk-docs-"))
    wait_queue(qtbot, win)
    return win


def wait_queue(qtbot: Any, win: Any, timeout: int = 8000) -> None:
    panel = win.queue_panel
    qtbot.waitUntil(lambda: not panel._loading and panel.live, timeout=timeout)


def show_queue(qtbot: Any, win: Any, key: str) -> None:
    win.queue_panel.set_queue(key)
    wait_queue(qtbot, win)


def open_case(qtbot: Any, win: Any, case_id: int) -> Any:
    win.console.open_case(case_id)
    qtbot.waitUntil(lambda: win.console.detail.detail is not None and win.console.detail.detail.id == case_id, timeout=8000)
    return win.console.detail.detail


def wait_for(qtbot: Any, predicate: Callable[[], bool], timeout: int = 8000) -> None:
    qtbot.waitUntil(predicate, timeout=timeout)


def case_state(engine: Any, case_id: int) -> tuple[str, int]:
    with Session(engine) as s:
        row = s.execute(select(m.Case.state, m.Case.version).where(m.Case.id == case_id)).one()
        return str(row[0]), int(row[1])


def first_case(engine: Any, state: str, *, police: bool | None = None) -> int:
    with Session(engine) as s:
        stmt = select(m.Case.id).where(m.Case.state == state).order_by(m.Case.id)
        if police is not None:
            stmt = stmt.where(m.Case.police.is_(police))
        return int(s.execute(stmt.limit(1)).scalar_one())


def events_of(engine: Any, case_id: int) -> list[tuple[str, str, str]]:
    with Session(engine) as s:
        return [
            (k, a, w)
            for k, a, w in s.execute(
                select(m.CaseEvent.kind, m.CaseEvent.actor_name, m.CaseEvent.workstation)
                .where(m.CaseEvent.case_id == case_id)
                .order_by(m.CaseEvent.id)
            ).all()
        ]


def close_window(win: Any) -> None:
    win.close()
