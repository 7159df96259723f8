"""Case attachments (案件附件): add, soft-remove, list and read back files kept with a case.

`add_attachment` and `remove_attachment` are operations (run them with `attach` /
`detach`, which pick the permission, or with `db.ops.run_operation`). Each writes a
`case_events` row on the case ("attach" / "attach_remove") and an audit entry holding the
file's name, size and SHA-256, never its bytes. Attaching does not change the case's
version: it is no step of the workflow, so nobody's open dialog goes stale because of it.

Who may attach: whoever may create cases (duty officers, supervisors) or record feedback
(department liaisons, on the cases of their own department). Removing needs
CASE_VERIFY_CLOSE and only marks the row removed: the record is evidence.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db import models as m
from db.attachment_models import CaseAttachment
from db.clock import now
from db.ops import (
    Actor,
    ChangeSet,
    InvalidInput,
    NotFound,
    OperationContext,
    PermissionDenied,
    require,
    run_operation,
)
from db.permissions import Permission, has_permission

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_FILENAME_CHARS = 200
ADD_PERMISSIONS = (Permission.CASE_CREATE, Permission.CASE_FEEDBACK)
REMOVE_PERMISSION = Permission.CASE_VERIFY_CLOSE


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    """One attachment as lists show it (no bytes)."""

    id: int
    case_id: int
    filename: str
    mime: str
    size: int
    sha256: str
    uploaded_by: int | None
    uploader_name: str
    workstation: str
    uploaded_at: datetime
    note: str
    removed: bool
    removed_by_name: str
    removed_at: datetime | None
    removed_reason: str


def sanitize_filename(name: str) -> str:
    """The file's own name: no folders, no control characters, at most 200 characters
    (the extension kept)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = base.strip().strip(".").strip()
    if len(base) > MAX_FILENAME_CHARS:
        stem, dot, ext = base.rpartition(".")
        if dot and 0 < len(ext) <= 16:
            base = stem[: MAX_FILENAME_CHARS - len(ext) - 1] + "." + ext
        else:
            base = base[:MAX_FILENAME_CHARS]
    return base or "attachment"


def _size_text(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def may_add(actor: Actor) -> bool:
    return any(has_permission(actor.role, p) for p in ADD_PERMISSIONS)


def add_permission(actor: Actor) -> Permission:
    """The permission `attach` runs `add_attachment` under for this actor."""
    return next((p for p in ADD_PERMISSIONS if has_permission(actor.role, p)), ADD_PERMISSIONS[0])


def _name(actor: Actor) -> str:
    return actor.display_name or actor.username


def _event(ctx: OperationContext, c: m.Case, kind: str, note: str, data: dict[str, object]) -> None:
    ctx.session.add(
        m.CaseEvent(
            case_id=c.id,
            at=now(),
            kind=kind,
            actor_user_id=ctx.actor.user_id,
            actor_name=_name(ctx.actor),
            workstation=ctx.actor.workstation,
            from_state=c.state,
            to_state=c.state,
            department_id=c.department_id,
            note=note,
            data=data,
        )
    )


def add_attachment(
    ctx: OperationContext,
    case_id: int,
    filename: str,
    data: bytes,
    *,
    mime: str | None = None,
    note: str = "",
) -> ChangeSet:
    """Attach a file (at most 20 MB, not empty) to a case; the bytes go into the database."""
    actor = ctx.actor
    if not may_add(actor):
        raise PermissionDenied(f"{actor.username} ({actor.role}) may not attach files to cases")
    c = ctx.session.get(m.Case, case_id)
    if c is None:
        raise NotFound(f"case {case_id} does not exist")
    if actor.role == m.Role.DEPARTMENT_LIAISON and (actor.department_id is None or actor.department_id != c.department_id):
        raise PermissionDenied(f"case {c.number} is not with your department; you may attach files only to your own cases")
    name = sanitize_filename(filename)
    data = bytes(data or b"")
    if not data:
        raise InvalidInput(f"{name} is empty; choose a file with content")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(
            f"{name} is {_size_text(len(data))}; attachments may be at most 20 MB: make it smaller or split it"
        )
    mime = (mime or "").strip() or mimetypes.guess_type(name)[0] or "application/octet-stream"
    digest = hashlib.sha256(data).hexdigest()
    note = (note or "").strip()
    row = CaseAttachment(
        case_id=c.id,
        filename=name,
        mime=mime[:127],
        size=len(data),
        sha256=digest,
        data=data,
        uploaded_by=actor.user_id,
        uploader_name=_name(actor),
        workstation=actor.workstation,
        uploaded_at=now(),
        note=note,
        removed=False,
        removed_by_name="",
        removed_reason="",
    )
    ctx.session.add(row)
    ctx.session.flush()
    meta = {"attachment_id": row.id, "filename": name, "mime": row.mime, "size": row.size, "sha256": digest}
    _event(ctx, c, "attach", note or name, meta)
    ctx.record("case_attach", "case_attachment", row.id, None, {"case": c.number, **meta, **({"note": note} if note else {})})
    return ChangeSet(summary=f"{name} attached to case {c.number}").add("case", c.id).add("case_attachment", row.id)


def remove_attachment(ctx: OperationContext, attachment_id: int, reason: str) -> ChangeSet:
    """Mark an attachment removed (who, when, why); the row and its bytes stay."""
    require(ctx.actor, REMOVE_PERMISSION)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("a reason is required to remove an attachment")
    row = ctx.session.get(CaseAttachment, attachment_id)
    if row is None:
        raise NotFound(f"attachment {attachment_id} does not exist")
    c = ctx.session.get(m.Case, row.case_id)
    assert c is not None
    if row.removed:
        raise InvalidInput(
            f"{row.filename} was already removed by {row.removed_by_name or 'someone'}"
            + (f" at {row.removed_at:%Y-%m-%d %H:%M}" if row.removed_at else "")
        )
    row.removed = True
    row.removed_by = ctx.actor.user_id
    row.removed_by_name = _name(ctx.actor)
    row.removed_at = now()
    row.removed_reason = reason
    ctx.session.flush()
    meta = {"attachment_id": row.id, "filename": row.filename, "size": row.size, "sha256": row.sha256}
    _event(ctx, c, "attach_remove", reason, meta)
    ctx.record(
        "case_attach_remove", "case_attachment", row.id,
        {"case": c.number, "filename": row.filename, "removed": False},
        {"case": c.number, "filename": row.filename, "removed": True, "reason": reason},
    )
    return ChangeSet(summary=f"{row.filename} removed from case {c.number}").add("case", c.id).add("case_attachment", row.id)


def attach(
    engine: Engine, actor: Actor, case_id: int, filename: str, data: bytes, *, mime: str | None = None, note: str = ""
) -> ChangeSet:
    """Run `add_attachment` with the permission this actor holds for it."""
    return run_operation(engine, actor, add_permission(actor), add_attachment, case_id, filename, data, mime=mime, note=note)


def detach(engine: Engine, actor: Actor, attachment_id: int, reason: str) -> ChangeSet:
    """Run `remove_attachment`."""
    return run_operation(engine, actor, REMOVE_PERMISSION, remove_attachment, attachment_id, reason)


# ---------------------------------------------------------------- queries


def list_attachments(session: Session, case_id: int, *, include_removed: bool = True) -> list[AttachmentInfo]:
    """A case's attachments, oldest first, without their bytes."""
    a = CaseAttachment
    stmt = select(
        a.id, a.case_id, a.filename, a.mime, a.size, a.sha256, a.uploaded_by, a.uploader_name, a.workstation,
        a.uploaded_at, a.note, a.removed, a.removed_by_name, a.removed_at, a.removed_reason,
    ).where(a.case_id == case_id)
    if not include_removed:
        stmt = stmt.where(a.removed.is_(False))
    return [AttachmentInfo(**row._asdict()) for row in session.execute(stmt.order_by(a.uploaded_at, a.id))]


def attachment_data(session: Session, attachment_id: int) -> bytes:
    """The stored bytes of an attachment (removed ones too: they stay evidence)."""
    data = session.execute(select(CaseAttachment.data).where(CaseAttachment.id == attachment_id)).scalar_one_or_none()
    if data is None:
        raise NotFound(f"attachment {attachment_id} does not exist")
    return bytes(data)
