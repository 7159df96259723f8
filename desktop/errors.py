"""What went wrong with a db/ call, in the user's language: one headline per kind of error
(db.ops exceptions), and the detail db/ gave. Every workspace uses this; a workspace may
word the "someone else changed it first" case for its own records."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from db.ops import (
    Busy,
    Conflict,
    ConnectionLost,
    InvalidInput,
    InvalidTransition,
    NotFound,
    OperationError,
    PermissionDenied,
)
from desktop import theme


def error_text(exc: BaseException, conflict: str | None = None) -> tuple[str, str]:
    """(headline in the user's language, the detail) for an error from a db/ call;
    `conflict` replaces the headline of a Conflict (already translated)."""
    detail = str(exc)
    if isinstance(exc, Conflict):
        return conflict or QCoreApplication.translate("Errors", "Someone else changed this record first. Reload and try again."), detail
    if isinstance(exc, PermissionDenied):
        return QCoreApplication.translate("Errors", "Your role may not do this."), detail
    if isinstance(exc, InvalidInput):
        return QCoreApplication.translate("Errors", "Please check the entries; nothing was saved."), detail
    if isinstance(exc, InvalidTransition):
        return QCoreApplication.translate("Errors", "This cannot be done now."), detail
    if isinstance(exc, NotFound):
        return QCoreApplication.translate("Errors", "The record no longer exists. Reload and try again."), detail
    if isinstance(exc, ConnectionLost | Busy):
        return QCoreApplication.translate("Errors", "The database is busy or unreachable; nothing was saved. Try again."), detail
    if isinstance(exc, OperationError):
        return QCoreApplication.translate("Errors", "The action was refused."), detail
    return (
        QCoreApplication.translate("Errors", "The database cannot be reached or answered with an error; nothing was saved."),
        f"{type(exc).__name__}: {detail}"[:400],
    )


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def error_html(exc: BaseException, conflict: str | None = None) -> str:
    """The headline (bold) and the detail (dim) as rich text for a label."""
    head, detail = error_text(exc, conflict)
    return f"<b>{escape(head)}</b><br><span style='color:{theme.TEXT_DIM}'>{escape(detail)}</span>"
