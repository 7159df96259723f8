"""Case attachments (案件附件): photos and documents kept with a case.

The bytes live in the database (`data`), so every workstation sharing the database sees
them. Rows are never deleted: the record is evidence; removing one only marks it
(`removed`, who, when, why).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class CaseAttachment(Base):
    """One file attached to a case."""

    __tablename__ = "case_attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(127), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploader_name: Mapped[str] = mapped_column(String(64), default="")
    workstation: Mapped[str] = mapped_column(String(64), default="")
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    removed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_by_name: Mapped[str] = mapped_column(String(64), default="")
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)
    removed_reason: Mapped[str] = mapped_column(Text, default="")
