"""Account administration (Permission.USER_ADMIN): create accounts, set roles, reset
passwords, lock, unlock, deactivate. Accounts are never deleted: the audit trail names them.

Every change is an operation `fn(ctx, ...) -> ChangeSet` for db.ops.run_operation, e.g.

    run_operation(engine, actor, Permission.USER_ADMIN, set_role, user_id, "supervisor", version)

Changes to an existing account take the `version` the administrator saw (UserInfo.version);
if someone changed the account since, the operation raises Conflict naming who did what.
Guards: nobody deactivates, locks or demotes themselves, and the last active administrator
stays an active, unlocked administrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from db import models as m
from db.auth import (
    ADMIN_LOCK_UNTIL,
    check_password,
    hash_password,
    load_policy,
    normalize_username,
    printable,
    valid_username,
)
from db.clock import now as town_now
from db.ops import Actor, ChangeSet, Conflict, InvalidInput, NotFound, OperationContext, require
from db.permissions import ROLE_PERMISSIONS, Permission

ROLES: tuple[str, ...] = tuple(r.value for r in m.Role)
ROLE_NAMES_ZH = {
    m.Role.DUTY_OFFICER: "值班员",
    m.Role.SUPERVISOR: "督查/考核人员",
    m.Role.MAP_EDITOR: "网格编辑员",
    m.Role.DEPARTMENT_LIAISON: "部门联络员",
    m.Role.ADMIN: "系统管理员",
}


@dataclass(frozen=True, slots=True)
class UserInfo:
    """One account as the administrator screen shows it (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    department_id: int | None
    active: bool
    must_change_password: bool
    locked: bool
    locked_until: datetime | None
    locked_by_admin: bool
    failed_count: int
    demo_account: bool
    last_sign_in_at: datetime | None
    password_changed_at: datetime | None
    created_at: datetime
    version: int


def _info(u: m.User, at: datetime) -> UserInfo:
    locked = u.locked_until is not None and u.locked_until > at
    return UserInfo(
        id=u.id,
        username=u.username,
        display_name=u.display_name,
        role=u.role,
        department_id=u.department_id,
        active=u.active,
        must_change_password=u.must_change_password,
        locked=locked,
        locked_until=u.locked_until if locked else None,
        locked_by_admin=locked and u.locked_until is not None and u.locked_until >= ADMIN_LOCK_UNTIL,
        failed_count=u.failed_count if u.locked_until is None or locked else 0,
        demo_account=u.demo_account,
        last_sign_in_at=u.last_sign_in_at,
        password_changed_at=u.password_changed_at,
        created_at=u.created_at,
        version=u.version,
    )


# ---------------------------------------------------------------- reading


def list_users(engine: Engine, actor: Actor, *, include_inactive: bool = True) -> list[UserInfo]:
    """Every account, by user name (Permission.USER_ADMIN)."""
    require(actor, Permission.USER_ADMIN)
    at = town_now()
    with Session(engine) as session:
        q = select(m.User).order_by(m.User.username)
        if not include_inactive:
            q = q.where(m.User.active.is_(True))
        return [_info(u, at) for u in session.execute(q).scalars()]


def get_user(engine: Engine, actor: Actor, user_id: int) -> UserInfo:
    """One account (Permission.USER_ADMIN; everyone may read their own)."""
    if actor.user_id != user_id:
        require(actor, Permission.USER_ADMIN)
    with Session(engine) as session:
        u = session.get(m.User, user_id)
        if u is None:
            raise NotFound(f"There is no account with id {user_id}.")
        return _info(u, town_now())


def find_user_id(engine: Engine, username: str) -> int | None:
    """The id of the account called `username` (any case), or None."""
    if not isinstance(username, str) or len(username) > 64:
        return None
    name = normalize_username(username)
    if not valid_username(name):
        return None
    with Session(engine) as session:
        return session.execute(select(m.User.id).where(m.User.username == name)).scalar_one_or_none()


# ---------------------------------------------------------------- helpers


def _load(ctx: OperationContext, user_id: int, expected_version: int | None) -> m.User:
    user = ctx.session.get(m.User, user_id)
    if user is None:
        raise NotFound(f"There is no account with id {user_id}.")
    if expected_version is not None and user.version != expected_version:
        last = ctx.session.execute(
            select(m.AuditRecord)
            .where(m.AuditRecord.entity == "user", m.AuditRecord.entity_id == user_id)
            .order_by(m.AuditRecord.seq.desc())
            .limit(1)
        ).scalar_one_or_none()
        who = f"{last.username} ({last.action.replace('_', ' ')}, {last.at:%m-%d %H:%M})" if last else "someone"
        raise Conflict(
            f"{who} changed the account {user.username} since you opened it. Reload and try again.",
            {"version": user.version, "by": last.username if last else None, "action": last.action if last else None},
        )
    return user


def _snapshot(u: m.User) -> dict[str, Any]:
    return {
        "username": u.username,
        "display_name": u.display_name,
        "role": u.role,
        "department_id": u.department_id,
        "active": u.active,
        "must_change_password": u.must_change_password,
        "locked_until": u.locked_until,
    }


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {printable(role, 32)!r}: choose one of {', '.join(ROLES)}.")
    return role


def _check_display_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput("Enter the person's name.")
    name = name.strip()
    if len(name) > 64 or any(ord(ch) < 32 for ch in name):
        raise InvalidInput("The name must be at most 64 characters, without control characters.")
    return name


def _check_department(ctx: OperationContext, role: str, department_id: int | None) -> int | None:
    if department_id is not None and ctx.session.get(m.Department, department_id) is None:
        raise InvalidInput(f"There is no department with id {department_id}.")
    if role == m.Role.DEPARTMENT_LIAISON and department_id is None:
        raise InvalidInput("A department liaison needs a department: choose one.")
    return department_id


def _active_admins(ctx: OperationContext, at: datetime) -> int:
    return int(
        ctx.session.execute(
            select(func.count())
            .select_from(m.User)
            .where(
                m.User.role == m.Role.ADMIN,
                m.User.active.is_(True),
                (m.User.locked_until.is_(None)) | (m.User.locked_until <= at),
            )
        ).scalar_one()
    )


def _guard_last_admin(ctx: OperationContext, user: m.User, what: str) -> None:
    at = town_now()
    effective = user.active and (user.locked_until is None or user.locked_until <= at)
    if user.role == m.Role.ADMIN and effective and _active_admins(ctx, at) <= 1:
        raise InvalidInput(f"{user.username} is the last active administrator and cannot be {what}.")


def _not_self(ctx: OperationContext, user: m.User, what: str) -> None:
    if ctx.actor.user_id is not None and ctx.actor.user_id == user.id:
        raise InvalidInput(f"You cannot {what} your own account; ask another administrator.")


def _done(ctx: OperationContext, user: m.User, action: str, before: dict[str, Any], summary: str) -> ChangeSet:
    ctx.session.flush()
    ctx.record(action, "user", user.id, before, _snapshot(user))
    return ChangeSet(summary=summary).add("user", user.id)


# ---------------------------------------------------------------- operations


def create_user(
    ctx: OperationContext,
    username: str,
    display_name: str,
    role: str,
    password: str,
    department_id: int | None = None,
) -> ChangeSet:
    """A new account with an initial password the user must change at first sign-in."""
    if not isinstance(username, str) or len(username) > 64:
        raise InvalidInput("The user name must be 2 to 32 characters: letters, digits, '.', '_' or '-'.")
    name = normalize_username(username)
    if not valid_username(name):
        raise InvalidInput("The user name must be 2 to 32 characters: letters, digits, '.', '_' or '-'.")
    display = _check_display_name(display_name)
    _check_role(role)
    dept = _check_department(ctx, role, department_id)
    check_password(password, load_policy(ctx.session), name)
    if ctx.session.execute(select(m.User.id).where(m.User.username == name)).first() is not None:
        raise InvalidInput(f"The user name {name} is taken; choose another.")
    at = town_now()
    user = m.User(
        username=name,
        display_name=display,
        role=role,
        department_id=dept,
        password_hash=hash_password(password),
        must_change_password=True,
        active=True,
        created_at=at,
        failed_count=0,
        demo_account=False,
        password_changed_at=None,  # never chosen by the user: "first_use"
    )
    ctx.session.add(user)
    ctx.session.flush()
    ctx.record("user_created", "user", user.id, None, _snapshot(user))
    return ChangeSet(summary=f"account {name} created").add("user", user.id)


def update_user(
    ctx: OperationContext, user_id: int, expected_version: int, display_name: str, department_id: int | None
) -> ChangeSet:
    """Change an account's name and department."""
    user = _load(ctx, user_id, expected_version)
    before = _snapshot(user)
    name = _check_display_name(display_name)
    dept = _check_department(ctx, user.role, department_id)
    user.display_name, user.department_id = name, dept
    return _done(ctx, user, "user_updated", before, f"account {user.username} updated")


def set_role(ctx: OperationContext, user_id: int, role: str, expected_version: int) -> ChangeSet:
    """Give an account another role (and so another permission set)."""
    user = _load(ctx, user_id, expected_version)
    _check_role(role)
    if role == user.role:
        return ChangeSet()
    if user.role == m.Role.ADMIN:
        _not_self(ctx, user, "demote")
        _guard_last_admin(ctx, user, "given another role")
    _check_department(ctx, role, user.department_id)
    before = _snapshot(user)
    user.role = role
    return _done(ctx, user, "user_role_changed", before, f"{user.username} is now {role}")


def reset_password(ctx: OperationContext, user_id: int, new_password: str, expected_version: int) -> ChangeSet:
    """Set a temporary password; the user must choose their own at the next sign-in. Also
    clears a lock from failed sign-ins (not a lock an administrator set)."""
    user = _load(ctx, user_id, expected_version)
    check_password(new_password, load_policy(ctx.session), user.username)
    before = _snapshot(user)
    user.password_hash = hash_password(new_password)
    user.must_change_password = True
    user.demo_account = False
    user.password_changed_at = town_now()
    user.failed_count = 0
    if user.locked_until is not None and user.locked_until < ADMIN_LOCK_UNTIL:
        user.locked_until = None
    return _done(ctx, user, "password_reset", before, f"password of {user.username} reset")


def lock_user(ctx: OperationContext, user_id: int, expected_version: int) -> ChangeSet:
    """Lock an account until an administrator unlocks it."""
    user = _load(ctx, user_id, expected_version)
    _not_self(ctx, user, "lock")
    _guard_last_admin(ctx, user, "locked")
    before = _snapshot(user)
    user.locked_until = ADMIN_LOCK_UNTIL
    return _done(ctx, user, "user_locked", before, f"account {user.username} locked")


def unlock_user(ctx: OperationContext, user_id: int, expected_version: int) -> ChangeSet:
    """Lift a lock (from failed sign-ins or an administrator) and clear the failure count."""
    user = _load(ctx, user_id, expected_version)
    before = _snapshot(user)
    user.locked_until = None
    user.failed_count = 0
    return _done(ctx, user, "user_unlocked", before, f"account {user.username} unlocked")


def deactivate_user(ctx: OperationContext, user_id: int, expected_version: int) -> ChangeSet:
    """Deactivate an account: it can no longer sign in, and it stays in the records."""
    user = _load(ctx, user_id, expected_version)
    if not user.active:
        return ChangeSet()
    _not_self(ctx, user, "deactivate")
    _guard_last_admin(ctx, user, "deactivated")
    before = _snapshot(user)
    user.active = False
    return _done(ctx, user, "user_deactivated", before, f"account {user.username} deactivated")


def reactivate_user(ctx: OperationContext, user_id: int, expected_version: int) -> ChangeSet:
    """Let a deactivated account sign in again (with a password change first)."""
    user = _load(ctx, user_id, expected_version)
    if user.active:
        return ChangeSet()
    before = _snapshot(user)
    user.active = True
    user.must_change_password = True
    user.failed_count = 0
    return _done(ctx, user, "user_reactivated", before, f"account {user.username} reactivated")


def role_permissions(role: str) -> list[str]:
    """The permissions of `role`, as their English descriptions, for the administrator screen."""
    return sorted(p.value for p in ROLE_PERMISSIONS.get(role, frozenset()))
