"""Case attachments (db/attachments.py, desktop/console/attachments.py): bytes stored in the
database and read back identical, size and empty-file refusals, permissions, soft removal
with events and audit, and the case detail panel listing an attachment."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import attachments as att
from db import models as m
from db.attachment_models import CaseAttachment
from db.auth import demo_actor
from db.case_queries import case_detail
from db.ops import InvalidInput, PermissionDenied
from db.session import make_engine, resolve_url


def _engine(url: str) -> Any:
    return make_engine(resolve_url(url))


def _open_case(engine: Any, state: str = "dispatched") -> m.Case:
    with Session(engine) as s:
        c = s.execute(select(m.Case).where(m.Case.state == state).order_by(m.Case.id).limit(1)).scalar_one()
        s.expunge(c)
        return c


def _events(engine: Any, case_id: int, kind: str) -> list[m.CaseEvent]:
    with Session(engine) as s:
        return list(s.execute(select(m.CaseEvent).where(m.CaseEvent.case_id == case_id, m.CaseEvent.kind == kind)).scalars())


def test_add_list_read_back(small_demo_url: str) -> None:
    engine = _engine(small_demo_url)
    officer = demo_actor(engine, "duty_officer", "WS-A")
    c = _open_case(engine)
    payload = bytes(range(256)) * 1000 + b"\x00\xff"
    changes = att.attach(engine, officer, c.id, "C:\\photos\\..\\现场照片 1.jpg", payload, note="处置前")
    assert changes.ids("case") == {c.id}
    with Session(engine) as s:
        items = att.list_attachments(s, c.id)
        assert len(items) == 1
        a = items[0]
        assert a.filename == "现场照片 1.jpg"
        assert a.mime == "image/jpeg"
        assert a.size == len(payload)
        assert a.sha256 == hashlib.sha256(payload).hexdigest()
        assert a.uploader_name and a.workstation == "WS-A" and not a.removed
        assert att.attachment_data(s, a.id) == payload
        detail = case_detail(s, c.id)
        assert detail is not None and [x.id for x in detail.attachments] == [a.id]
        version = s.get(m.Case, c.id).version  # type: ignore[union-attr]
        assert version == c.version  # attaching is no workflow step
        audit = s.execute(select(m.AuditRecord).where(m.AuditRecord.action == "case_attach")).scalars().all()
        assert len(audit) == 1
        assert "sha256" in str(audit[0].after) or "sha256" in repr(vars(audit[0]))
    ev = _events(engine, c.id, "attach")
    assert len(ev) == 1 and ev[0].data and ev[0].data["attachment_id"] == a.id


def test_refusals(small_demo_url: str) -> None:
    engine = _engine(small_demo_url)
    officer = demo_actor(engine, "duty_officer")
    c = _open_case(engine)
    with pytest.raises(InvalidInput, match="empty"):
        att.attach(engine, officer, c.id, "a.txt", b"")
    with pytest.raises(InvalidInput, match="at most 20 MB"):
        att.attach(engine, officer, c.id, "big.bin", b"x" * (att.MAX_ATTACHMENT_BYTES + 1))
    editor = demo_actor(engine, "map_editor")
    with pytest.raises(PermissionDenied):
        att.attach(engine, editor, c.id, "a.txt", b"hello")
    with pytest.raises(PermissionDenied):
        att.run_operation(engine, editor, att.ADD_PERMISSIONS[0], att.add_attachment, c.id, "a.txt", b"x")
    with Session(engine) as s:
        assert att.list_attachments(s, c.id) == []
    # a department liaison attaches to the cases of their own department only
    liaison = demo_actor(engine, "department_liaison")
    with Session(engine) as s:
        own = s.execute(
            select(m.Case).where(m.Case.department_id == liaison.department_id, m.Case.state == "dispatched").limit(1)
        ).scalar_one_or_none()
        other = s.execute(
            select(m.Case).where(m.Case.department_id != liaison.department_id, m.Case.state == "dispatched").limit(1)
        ).scalar_one()
    if own is not None:
        att.attach(engine, liaison, own.id, "after.png", b"\x89PNG....")
    with pytest.raises(PermissionDenied, match="not with your department"):
        att.attach(engine, liaison, other.id, "after.png", b"\x89PNG....")
    # and may not remove
    with Session(engine) as s:
        any_id = s.execute(select(CaseAttachment.id).limit(1)).scalar()
    if any_id is not None:
        with pytest.raises(PermissionDenied):
            att.detach(engine, liaison, any_id, "wrong photo")


def test_soft_remove(small_demo_url: str) -> None:
    engine = _engine(small_demo_url)
    officer = demo_actor(engine, "duty_officer", "WS-B")
    c = _open_case(engine)
    att.attach(engine, officer, c.id, "scan.pdf", b"%PDF-1.4 test")
    with Session(engine) as s:
        aid = att.list_attachments(s, c.id)[0].id
    with pytest.raises(InvalidInput, match="reason"):
        att.detach(engine, officer, aid, "  ")
    att.detach(engine, officer, aid, "wrong case")
    with Session(engine) as s:
        row = s.get(CaseAttachment, aid)
        assert row is not None and row.removed and row.removed_reason == "wrong case" and row.removed_at is not None
        assert att.attachment_data(s, aid) == b"%PDF-1.4 test"
        assert att.list_attachments(s, c.id, include_removed=False) == []
        assert len(att.list_attachments(s, c.id)) == 1
    assert len(_events(engine, c.id, "attach_remove")) == 1
    with pytest.raises(InvalidInput, match="already removed"):
        att.detach(engine, officer, aid, "again")


def test_sanitize_filename() -> None:
    assert att.sanitize_filename("../../etc/passwd") == "passwd"
    assert att.sanitize_filename("a\x00b\n.txt") == "ab.txt"
    assert att.sanitize_filename("") == "attachment"
    long = att.sanitize_filename("x" * 500 + ".jpeg")
    assert len(long) == 200 and long.endswith(".jpeg")


def test_detail_panel_lists_attachment(qtbot: Any, small_demo_sqlite_url: str) -> None:
    from tests.console_helpers import open_case, open_window, wait_for

    engine = _engine(small_demo_sqlite_url)
    officer = demo_actor(engine, "duty_officer", "WS-A")
    c = _open_case(engine)
    att.attach(engine, officer, c.id, "现场照片.jpg", b"\xff\xd8\xff" + b"0" * 2048)
    win = open_window(qtbot, small_demo_sqlite_url, engine=engine)
    open_case(qtbot, win, c.id)
    panel = win.console.detail
    wait_for(qtbot, lambda: panel.attachments is not None and len(panel.attachments.rows) == 1)
    section = panel.attachments
    assert section.add_button.isVisibleTo(panel)
    texts = " ".join(w.text() for w in section.findChildren(type(section.status)) if hasattr(w, "text"))
    assert "现场照片.jpg" in texts
    # adding through the section stores it off the GUI thread and the panel reloads
    path = os.path.join(os.path.dirname(small_demo_sqlite_url.removeprefix("sqlite:///")), "note.txt")
    with open(path, "wb") as f:
        f.write(b"on site at 09:10")
    assert section.add_file(path)
    wait_for(qtbot, lambda: panel.attachments is not section and panel.attachments is not None and len(panel.attachments.rows) == 2)
    # an empty file is refused before anything is stored
    empty = path + ".empty"
    open(empty, "wb").close()
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    orig = QMessageBox.warning
    QMessageBox.warning = staticmethod(lambda *a, **k: shown.append(a[2]))  # type: ignore[method-assign]
    try:
        assert not panel.attachments.add_file(empty)
    finally:
        QMessageBox.warning = orig  # type: ignore[method-assign]
    assert shown and "empty" in shown[0]
    with Session(engine) as s:
        assert len(att.list_attachments(s, c.id)) == 2
