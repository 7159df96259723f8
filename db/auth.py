"""Sign-in: accounts in the database, argon2 password hashes, a password policy, lockout.

- `authenticate(engine, username, password, workstation)` returns the signed-in `Actor` or
  raises an `AuthError` whose message is fit to show. An unknown user and a wrong password
  give the same message (`WRONG_CREDENTIALS`), so the screen does not tell which names exist.
- After `max_failures` (5) wrong passwords in a row the account is locked for
  `lockout_minutes` (15). While it is locked no password is checked at all, so a right
  password cannot be told from a wrong one; an administrator can unlock it earlier.
- A password that must be changed (new account, reset by an administrator, a demo password
  outside the demo, or older than `expiry_days`) raises `PasswordChangeRequired`; the screen
  then asks for a new one and calls `change_password`, which signs in.
- Every sign-in, failed sign-in (with the username tried), lockout, sign-out, password change
  and screen lock/unlock is an audit record.
- Switching officer at shift handover is `switch_officer`: the incoming officer signs in and,
  only if that succeeds, the outgoing one is signed out, both in one transaction.

The policy lives in the settings table (keys `security.*`, defaults below) and is changed by
the `set_security_policy` operation (Permission.SETTINGS_ADMIN).

Demo accounts: the demo town creates one account per role with the documented passwords in
`DEMO_PASSWORDS` (README "Demo accounts"), flagged `demo_account` and `must_change_password`.
While the setting `security.demo_sign_in` is "1" (the demo build sets it) they sign in with
those passwords and the sign-in screen may offer them (`demo_accounts`); anywhere else, or once
an administrator turns demo sign-in off, they must be changed on first use.
"""

from __future__ import annotations

import re
import socket
import unicodedata
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, Table, select, update
from sqlalchemy.orm import Session

from db import models as m
from db.audit import append_audit
from db.changes import record_changes
from db.clock import now as town_now
from db.ops import Actor, ChangeSet, InvalidInput, OperationContext, OperationError

WRONG_CREDENTIALS = "Wrong username or password."
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MAX_PASSWORD = 128  # characters; longer input is refused before hashing
MAX_INPUT = 256  # anything longer than this is not even looked up
ADMIN_LOCK_UNTIL = datetime(9999, 12, 31)  # locked_until of an account an administrator locked

# The demo town's accounts (db/demo.py DEMO_USERS) and their documented passwords.
DEMO_PASSWORDS: dict[str, str] = {
    "duty1": "Duty#2026",
    "duty2": "Duty#2026",
    "supervisor1": "Super#2026",
    "editor1": "Editor#2026",
    "liaison1": "Liaison#2026",
    "admin": "Admin#2026",
}
DEMO_SIGN_IN_KEY = "security.demo_sign_in"

# Audit actions written here.
A_SIGN_IN = "sign_in"
A_SIGN_IN_FAILED = "sign_in_failed"
A_SIGN_IN_REFUSED = "sign_in_refused"
A_ACCOUNT_LOCKED = "account_locked"
A_PASSWORD_CHANGE_REQUIRED = "password_change_required"
A_PASSWORD_CHANGED = "password_changed"
A_SIGN_OUT = "sign_out"
A_SCREEN_LOCKED = "screen_locked"
A_SCREEN_UNLOCKED = "screen_unlocked"
A_POLICY_CHANGED = "security_policy_changed"


# ---------------------------------------------------------------- errors


class AuthError(OperationError):
    """Sign-in refused; the message is fit to show."""


class SignInFailed(AuthError):
    """Unknown user or wrong password (always the same message)."""

    def __init__(self) -> None:
        super().__init__(WRONG_CREDENTIALS)


class AccountLocked(AuthError):
    def __init__(self, until: datetime, by_admin: bool = False) -> None:
        if by_admin or until >= ADMIN_LOCK_UNTIL:
            msg = "This account is locked by an administrator. Ask an administrator to unlock it."
        else:
            msg = (
                f"This account is locked after too many failed sign-ins until {until:%H:%M}. "
                "Try again then, or ask an administrator to unlock it."
            )
        super().__init__(msg)
        self.until = until


class AccountDisabled(AuthError):
    def __init__(self) -> None:
        super().__init__("This account has been deactivated. Ask an administrator.")


class PasswordChangeRequired(AuthError):
    """The password was right but must be changed first: call `change_password`."""

    def __init__(self, username: str, reason: str) -> None:
        msg = {
            "expired": "Your password has expired. Choose a new password to continue.",
            "reset": "An administrator set this password. Choose your own password to continue.",
        }.get(reason, "Choose a new password before you continue.")
        super().__init__(msg)
        self.username = username
        self.reason = reason  # "first_use", "reset" or "expired"


# ---------------------------------------------------------------- the policy


@dataclass(frozen=True, slots=True)
class SecurityPolicy:
    """Password and session rules, stored in the settings table as `security.<field>`."""

    min_length: int = 8
    min_classes: int = 3  # of: lower-case, capitals, digits, symbols
    expiry_days: int = 90  # 0: passwords never expire
    max_failures: int = 5
    lockout_minutes: int = 15
    idle_lock_minutes: int = 10  # the screen locks after this idle time; 0: never

    BOUNDS = {  # noqa: RUF012 - class-level constant, not a field
        "min_length": (8, MAX_PASSWORD),
        "min_classes": (1, 4),
        "expiry_days": (0, 3650),
        "max_failures": (3, 20),
        "lockout_minutes": (1, 1440),
        "idle_lock_minutes": (0, 240),
    }


POLICY_PREFIX = "security."


def load_policy(session: Session) -> SecurityPolicy:
    """The policy of this database: stored values over the defaults."""
    keys = [POLICY_PREFIX + f.name for f in fields(SecurityPolicy)]
    stored = {
        str(k): str(v)
        for k, v in session.execute(select(m.Setting.key, m.Setting.value).where(m.Setting.key.in_(keys)))
    }
    values: dict[str, Any] = {}
    for f in fields(SecurityPolicy):
        raw = stored.get(POLICY_PREFIX + f.name)
        if raw is None:
            continue
        try:
            values[f.name] = int(raw)
        except ValueError:
            continue  # a broken value falls back to the default
    return SecurityPolicy(**values)


def security_policy(engine: Engine) -> SecurityPolicy:
    with Session(engine) as session:
        return load_policy(session)


def set_security_policy(ctx: OperationContext, policy: SecurityPolicy) -> ChangeSet:
    """Operation (Permission.SETTINGS_ADMIN): store a new password/lockout/idle policy."""
    problems = []
    for name, (lo, hi) in SecurityPolicy.BOUNDS.items():
        value = getattr(policy, name)
        if not isinstance(value, int) or not lo <= value <= hi:
            problems.append(f"{name} must be a whole number from {lo} to {hi}.")
    if problems:
        raise InvalidInput(" ".join(problems))
    before = asdict(load_policy(ctx.session))
    after = asdict(policy)
    for name, value in after.items():
        row = ctx.session.get(m.Setting, POLICY_PREFIX + name)
        if row is None:
            ctx.session.add(m.Setting(key=POLICY_PREFIX + name, value=str(value)))
        else:
            row.value = str(value)
    ctx.record(A_POLICY_CHANGED, "setting", None, before, after)
    return ChangeSet(summary="security policy changed").add("setting", 0)


def password_problems(password: str, policy: SecurityPolicy, username: str = "") -> list[str]:
    """What is wrong with `password` under `policy` (empty list: acceptable)."""
    if not isinstance(password, str):
        return ["The password must be text."]
    problems = []
    if len(password) < policy.min_length:
        problems.append(f"The password must have at least {policy.min_length} characters.")
    if len(password) > MAX_PASSWORD:
        problems.append(f"The password must have at most {MAX_PASSWORD} characters.")
    if any(unicodedata.category(ch) == "Cc" for ch in password):
        problems.append("The password must not contain control characters.")
    classes = sum(
        (
            any(ch.islower() for ch in password),
            any(ch.isupper() for ch in password),
            any(ch.isdigit() for ch in password),
            any(not ch.isalnum() and not ch.isspace() for ch in password),
        )
    )
    if classes < policy.min_classes:
        problems.append(
            f"The password must mix at least {policy.min_classes} of: lower-case letters, "
            "capitals, digits, symbols."
        )
    if username and len(username) >= 3 and username.lower() in password.lower():
        problems.append("The password must not contain the user name.")
    return problems


def check_password(password: str, policy: SecurityPolicy, username: str = "") -> None:
    """Raise InvalidInput naming every rule `password` breaks."""
    problems = password_problems(password, policy, username)
    if problems:
        raise InvalidInput(" ".join(problems))


# ---------------------------------------------------------------- hashing

_HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
_DUMMY_HASH: str | None = None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True if `password` matches `stored_hash`. Always spends one argon2 verification, so
    an account without a password takes as long as one with a wrong one."""
    global _DUMMY_HASH
    if not stored_hash:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = _HASHER.hash("griddesk-dummy-password")
        stored_hash, password = _DUMMY_HASH, password + "\x01"
    try:
        return bool(_HASHER.verify(stored_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return bool(_HASHER.check_needs_rehash(stored_hash))
    except InvalidHashError:
        return True


# ---------------------------------------------------------------- input hygiene


def normalize_username(username: str) -> str:
    """The canonical form of a user name: NFKC, trimmed, lower case."""
    return unicodedata.normalize("NFKC", username).strip().lower()


def valid_username(username: str) -> bool:
    return bool(USERNAME_RE.fullmatch(username))


def printable(value: Any, limit: int) -> str:
    """`value` as text safe for a log column: control characters (NUL included) replaced,
    cut to `limit` characters."""
    s = value if isinstance(value, str) else repr(value)
    s = s[: limit * 4]
    s = "".join("\ufffd" if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in s)
    return s[:limit]


# ---------------------------------------------------------------- demo sign-in


def demo_sign_in_enabled(session: Session) -> bool:
    row = session.get(m.Setting, DEMO_SIGN_IN_KEY)
    return row is not None and row.value == "1"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    password: str


def demo_accounts(engine: Engine) -> list[DemoAccount]:
    """The accounts the sign-in screen may offer with their documented passwords: only in a
    database with demo sign-in on, and only accounts still on their demo password."""
    with Session(engine) as session:
        if not demo_sign_in_enabled(session):
            return []
        users = session.execute(
            select(m.User)
            .where(m.User.demo_account.is_(True), m.User.active.is_(True))
            .order_by(m.User.id)
        ).scalars()
        return [
            DemoAccount(u.username, u.display_name, u.role, DEMO_PASSWORDS[u.username])
            for u in users
            if u.username in DEMO_PASSWORDS
        ]


def set_demo_sign_in(ctx: OperationContext, enabled: bool) -> ChangeSet:
    """Operation (Permission.USER_ADMIN): allow or forbid signing in with the documented demo
    passwords. Turned off, the demo accounts must change their password on first use."""
    row = ctx.session.get(m.Setting, DEMO_SIGN_IN_KEY)
    before = {"enabled": bool(row and row.value == "1")}
    if row is None:
        ctx.session.add(m.Setting(key=DEMO_SIGN_IN_KEY, value="1" if enabled else "0"))
    else:
        row.value = "1" if enabled else "0"
    ctx.record("demo_sign_in_changed", "setting", None, before, {"enabled": bool(enabled)})
    return ChangeSet(summary="demo sign-in " + ("on" if enabled else "off")).add("setting", 0)


# ---------------------------------------------------------------- signing in


def _actor(user: m.User, workstation: str) -> Actor:
    return Actor(user.id, user.username, user.role, user.display_name, workstation, user.department_id)


def _change_reason(user: m.User, policy: SecurityPolicy, demo_open: bool, at: datetime) -> str | None:
    if user.must_change_password:
        if user.demo_account and demo_open:
            return None
        if user.demo_account or user.password_changed_at is None:
            return "first_use"
        return "reset"
    if (
        policy.expiry_days
        and user.password_changed_at is not None
        and at - user.password_changed_at > timedelta(days=policy.expiry_days)
    ):
        return "expired"
    return None


def _sign_in(
    engine: Engine,
    username: Any,
    password: Any,
    workstation: str | None,
    *,
    at: datetime | None,
    new_password: str | None = None,
    handover_from: Actor | None = None,
    only_user_id: int | None = None,
    success_action: str = A_SIGN_IN,
) -> Actor:
    at = at or town_now()
    ws = printable(workstation or socket.gethostname(), 64)
    tried = printable(username, 64)
    name = normalize_username(username) if isinstance(username, str) and len(username) <= MAX_INPUT else ""
    name_ok = valid_username(name)
    pw = password if isinstance(password, str) else ""
    pw_ok = isinstance(password, str) and 0 < len(password) <= MAX_PASSWORD and "\x00" not in password
    failure: AuthError | None = None
    result: Actor | None = None
    users = cast(Table, m.User.__table__)

    with Session(engine, expire_on_commit=False) as session, session.begin():
        policy = load_policy(session)
        user: m.User | None = None
        if name_ok:
            # Lock the account's row first (a write lock on SQLite), so that concurrent
            # attempts count every failure.
            session.execute(
                update(users).where(users.c.username == name).values(failed_count=users.c.failed_count)
            )
            user = session.execute(select(m.User).where(m.User.username == name)).scalar_one_or_none()
        if user is not None and only_user_id is not None and user.id != only_user_id:
            user = None

        anonymous = Actor(None, printable(name or tried, 32), "", "", ws)

        def audit(action: str, who: Actor, entity_id: int | None, **after: Any) -> None:
            append_audit(session, who, action, "user", entity_id, None, after or None)

        if user is None:
            verify_password(None, pw[: MAX_PASSWORD + 1])  # as long as a real check
            audit(A_SIGN_IN_FAILED, anonymous, None, username=tried, reason="unknown_user")
            failure = SignInFailed()
        else:
            who = _actor(user, ws)
            if user.locked_until is not None and user.locked_until > at:
                verify_password(None, pw[: MAX_PASSWORD + 1])  # the password is not looked at
                audit(A_SIGN_IN_REFUSED, who, user.id, reason="locked", locked_until=user.locked_until)
                failure = AccountLocked(user.locked_until)
            else:
                failed = user.failed_count if user.locked_until is None else 0
                ok = verify_password(user.password_hash if pw_ok else None, pw[: MAX_PASSWORD + 1]) and pw_ok
                if not ok:
                    failed += 1
                    values: dict[str, Any] = {"failed_count": failed, "locked_until": None}
                    audit(A_SIGN_IN_FAILED, who, user.id, username=tried, reason="wrong_password", failed_count=failed)
                    if failed >= policy.max_failures:
                        until = at + timedelta(minutes=policy.lockout_minutes)
                        values = {"failed_count": failed, "locked_until": until}
                        audit(A_ACCOUNT_LOCKED, who, user.id, failed_count=failed, locked_until=until)
                        failure = AccountLocked(until)
                    else:
                        failure = SignInFailed()
                    session.execute(update(users).where(users.c.id == user.id).values(**values))
                    record_changes(session, ChangeSet().add("user", user.id), ws)
                elif not user.active:
                    audit(A_SIGN_IN_REFUSED, who, user.id, reason="deactivated")
                    session.execute(
                        update(users).where(users.c.id == user.id).values(failed_count=0, locked_until=None)
                    )
                    failure = AccountDisabled()
                else:
                    reason = _change_reason(user, policy, demo_sign_in_enabled(session), at)
                    values = {"failed_count": 0, "locked_until": None}
                    if new_password is not None:
                        check_password(new_password, policy, user.username)
                        if new_password == pw:
                            raise InvalidInput("The new password must differ from the old one.")
                        values.update(
                            password_hash=hash_password(new_password),
                            must_change_password=False,
                            demo_account=False,
                            password_changed_at=at,
                        )
                        audit(A_PASSWORD_CHANGED, who, user.id, reason=reason or "voluntary")
                        reason = None
                    elif needs_rehash(user.password_hash or ""):
                        values["password_hash"] = hash_password(pw)
                    if reason is not None:
                        audit(A_PASSWORD_CHANGE_REQUIRED, who, user.id, reason=reason)
                        failure = PasswordChangeRequired(user.username, reason)
                    else:
                        if handover_from is not None:
                            append_audit(
                                session,
                                handover_from,
                                A_SIGN_OUT,
                                "user",
                                handover_from.user_id,
                                None,
                                {"reason": "shift_handover", "handed_to": user.username},
                            )
                        values["last_sign_in_at"] = at
                        extra = {"handed_over_by": handover_from.username} if handover_from else {}
                        audit(success_action, who, user.id, **extra)
                        result = who
                    session.execute(update(users).where(users.c.id == user.id).values(**values))
                    record_changes(session, ChangeSet().add("user", user.id), ws)
    if failure is not None:
        raise failure
    assert result is not None
    return result


def authenticate(
    engine: Engine,
    username: str,
    password: str,
    workstation: str | None = None,
    *,
    at: datetime | None = None,
) -> Actor:
    """Sign in. Returns the Actor; raises SignInFailed (unknown user or wrong password, the
    same message), AccountLocked, AccountDisabled or PasswordChangeRequired. `at` replaces
    the clock (tests)."""
    return _sign_in(engine, username, password, workstation, at=at)


def change_password(
    engine: Engine,
    username: str,
    old_password: str,
    new_password: str,
    workstation: str | None = None,
    *,
    at: datetime | None = None,
    handover_from: Actor | None = None,
) -> Actor:
    """Change one's own password (also after PasswordChangeRequired) and sign in. The old
    password is checked like a sign-in (failures count towards the lock); the new one must
    meet the policy (InvalidInput names every broken rule)."""
    if not isinstance(new_password, str):
        raise InvalidInput("The new password must be text.")
    return _sign_in(
        engine, username, old_password, workstation, at=at, new_password=new_password, handover_from=handover_from
    )


def switch_officer(
    engine: Engine,
    outgoing: Actor,
    username: str,
    password: str,
    workstation: str | None = None,
    *,
    at: datetime | None = None,
) -> Actor:
    """Shift handover: sign the incoming officer in and the outgoing one out, in one
    transaction. If the incoming officer cannot sign in, the outgoing one stays signed in.
    After PasswordChangeRequired, finish with change_password(..., handover_from=outgoing)."""
    return _sign_in(engine, username, password, workstation or outgoing.workstation, at=at, handover_from=outgoing)


def sign_out(engine: Engine, actor: Actor, *, reason: str = "sign_out") -> None:
    """Record that `actor` signed out (`reason`: "sign_out", "idle", "closed", ...)."""
    with Session(engine) as session, session.begin():
        append_audit(session, actor, A_SIGN_OUT, "user", actor.user_id, None, {"reason": printable(reason, 32)})


def lock_screen(engine: Engine, actor: Actor, *, reason: str = "idle") -> None:
    """Record that the screen was locked (idle time or by hand); the work stays underneath."""
    with Session(engine) as session, session.begin():
        append_audit(session, actor, A_SCREEN_LOCKED, "user", actor.user_id, None, {"reason": printable(reason, 32)})


def unlock_screen(engine: Engine, actor: Actor, password: str, *, at: datetime | None = None) -> Actor:
    """Unlock the screen with the signed-in user's own password. Failures count towards the
    account lock like sign-in failures; a different officer uses switch_officer instead."""
    if actor.user_id is None:
        raise SignInFailed()
    return _sign_in(
        engine,
        actor.username,
        password,
        actor.workstation,
        at=at,
        only_user_id=actor.user_id,
        success_action=A_SCREEN_UNLOCKED,
    )


# ---------------------------------------------------------------- until the sign-in dialog lands


def demo_actor(engine: Engine, role: str, workstation: str | None = None) -> Actor:
    """The Actor of the first active account of `role` (the demo account, in the demo town),
    for a window opened without a sign-in. Without such an account the role acts
    anonymously (user_id None): reads work, and db/ operations that need a signed-in user
    say so."""
    ws = workstation or socket.gethostname()
    with Session(engine) as session:
        user = session.execute(
            select(m.User)
            .where(m.User.role == role, m.User.active.is_(True))
            .order_by(m.User.demo_account.desc(), m.User.id)
            .limit(1)
        ).scalar_one_or_none()
    if user is None:
        return Actor(None, role, role, "", ws)
    return _actor(user, ws)
