"""The frame every record-changing operation runs in.

An operation is a plain function `fn(session, actor, ...) -> ChangeSet` wrapped by
`run_operation`: one transaction, the actor's permission checked first, an audit record
and a change-log entry written for what changed, everything committed together or rolled
back together. The GUI runs it off the GUI thread and refreshes only what the returned
ChangeSet names (Anki's pattern); other workstations learn of it from the change log.

Errors a user can cause are `OperationError` subclasses with a message fit to show.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from db.audit import append_audit
from db.changes import record_changes
from db.health import BUSY, LOST, classify, short_reason
from db.permissions import Permission, has_permission

P = ParamSpec("P")


# ---------------------------------------------------------------- who is acting


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in user at a workstation."""

    user_id: int | None
    username: str
    role: str
    display_name: str = ""
    workstation: str = field(default_factory=socket.gethostname)
    department_id: int | None = None

    @classmethod
    def system(cls, workstation: str = "system") -> Actor:
        return cls(None, "system", "admin", "系统", workstation)


# ---------------------------------------------------------------- what changed


@dataclass(slots=True)
class ChangeSet:
    """Ids of the records an operation created, changed or deleted, by entity name
    ("case", "grid", "key_point", "meeting", "user", ...), plus a short summary."""

    changed: dict[str, set[int]] = field(default_factory=dict)
    summary: str = ""

    def add(self, entity: str, *ids: int) -> ChangeSet:
        self.changed.setdefault(entity, set()).update(int(i) for i in ids)
        return self

    def ids(self, entity: str) -> set[int]:
        return self.changed.get(entity, set())

    def merge(self, other: ChangeSet) -> ChangeSet:
        for entity, ids in other.changed.items():
            self.add(entity, *ids)
        return self

    def __bool__(self) -> bool:
        return any(self.changed.values())


# ---------------------------------------------------------------- errors a user can cause


class OperationError(Exception):
    """An operation refused for a reason the user should read."""


class PermissionDenied(OperationError):
    pass


class NotFound(OperationError):
    pass


class InvalidInput(OperationError):
    pass


class InvalidTransition(OperationError):
    """The record is not in a state that allows this action."""


class Conflict(OperationError):
    """Someone else changed the record first. `current` describes what they did."""

    def __init__(self, message: str, current: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.current = current or {}


class ConnectionLost(OperationError):
    """The database went away. Nothing was applied, unless `outcome_unknown`: the
    connection broke during COMMIT itself, so the change may or may not be saved (reload
    and look; version checks make a retried update fail safely rather than apply twice)."""

    def __init__(self, message: str, outcome_unknown: bool = False) -> None:
        super().__init__(message)
        self.outcome_unknown = outcome_unknown


class Busy(OperationError):
    """A lock wait, deadlock or serialisation conflict with another workstation's change;
    nothing was applied and the same action may simply be tried again."""


def require(actor: Actor, permission: Permission) -> None:
    if not has_permission(actor.role, permission):
        raise PermissionDenied(f"{actor.username} ({actor.role}) may not {permission.value}")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """What an operation tells the audit trail; `run_operation` writes it."""

    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class OperationContext:
    """Handed to an operation: the session, the actor, and where to note audit entries."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor
        self.audit: list[AuditEntry] = []

    def record(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self.audit.append(AuditEntry(action, entity, entity_id, before, after))


def run_operation(
    engine: Engine,
    actor: Actor,
    permission: Permission,
    fn: Callable[Concatenate[OperationContext, P], ChangeSet],
    *args: P.args,
    **kwargs: P.kwargs,
) -> ChangeSet:
    """Run `fn` in one transaction after checking `permission`; write its audit entries and
    change-log rows in the same transaction; return its ChangeSet."""
    require(actor, permission)
    committing = False
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            ctx = OperationContext(session, actor)
            changes = fn(ctx, *args, **kwargs)
            for entry in ctx.audit:
                append_audit(session, actor, entry.action, entry.entity, entry.entity_id, entry.before, entry.after)
            record_changes(session, changes, actor.workstation)
            session.flush()
            committing = True  # only COMMIT itself is left
            return changes
    except StaleDataError as exc:
        raise Conflict("someone else changed this record at the same time; reload and try again") from exc
    except DBAPIError as exc:
        kind = classify(exc)
        if kind == BUSY:
            raise Busy(
                f"another workstation was changing the same records; nothing was saved, try again ({short_reason(exc)})"
            ) from exc
        if kind == LOST or isinstance(exc, OperationalError):
            if committing:
                raise ConnectionLost(
                    "the database connection was lost while saving; reload to see whether the "
                    f"change was saved ({short_reason(exc)})",
                    outcome_unknown=True,
                ) from exc
            raise ConnectionLost(f"the database connection was lost; nothing was saved ({short_reason(exc)})") from exc
        raise
