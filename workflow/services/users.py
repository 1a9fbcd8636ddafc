"""Accounts: creation, passwords, API tokens."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from workflow.domain import passwords
from workflow.domain.lifecycle import Channel
from workflow.domain.passwords import Weakness
from workflow.extensions import db
from workflow.models import ApiToken, Bureau, Role, User, UserRole
from workflow.services.errors import Invalid

PASSWORD_MAX = passwords.MAX_LENGTH  # argon2 on huge inputs is a denial of service


@cache
def _hasher(time_cost: int, memory_cost: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost)


def hasher() -> PasswordHasher:
    """Argon2id with the configured cost; tests lower it, production keeps the library's default."""
    config = current_app.config
    return _hasher(config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"])


@cache
def _dummy_hash(time_cost: int, memory_cost: int) -> str:
    # Verified against when the username is unknown, so both paths take the same time.
    return _hasher(time_cost, memory_cost).hash("not-a-password")


def hash_password(password: str) -> str:
    return hasher().hash(password)


def password_problem(password: str | None, username: str | None = None) -> str | None:
    """What is wrong with a new password (domain/passwords.py), in the user's language."""
    found = passwords.weakness(password, username)
    if found in (Weakness.TOO_SHORT, Weakness.TOO_LONG):
        return _("The password needs %(min)d to %(max)d characters.", min=passwords.MIN_LENGTH,
                 max=passwords.MAX_LENGTH)
    if found == Weakness.COMMON:
        return _("This password is one of the most common ones and easily guessed. Choose another.")
    if found == Weakness.USERNAME:
        return _("The password may not be the username.")
    return None


def log_out_everywhere(user: User) -> None:
    end_web_sessions(user)
    db.session.commit()


def end_web_sessions(user: User) -> None:
    """Every web session of the user ends at its next request (the caller commits): each holds
    the session version of its login, which no longer matches."""
    user.session_version = (user.session_version or 1) + 1


def create_user(
    username: str,
    password: str,
    roles: list[str],
    now: datetime,
    *,
    name: str | None = None,
    email: str | None = None,
    bureau_code: str | None = None,
    channel: str | None = None,
    group_name: str | None = None,
    group_prefix: str | None = None,
    principal_leader: bool = False,
    enforce_policy: bool = True,
    mobile: str | None = None,
) -> User:
    """A new account. `enforce_policy=False` is for the demo data alone (the password `demo`),
    and refused unless DEMO_MODE is on."""
    if not enforce_policy and not current_app.config.get("DEMO_MODE"):
        raise RuntimeError("the password policy may be bypassed for demo data only (DEMO_MODE)")
    errors: dict[str, str] = {}
    username = (username or "").strip()
    if not username or len(username) > 64 or not username.replace("_", "").replace(".", "").isalnum():
        errors["username"] = _("Use letters, digits, dots and underscores, at most 64.")
    elif db.session.execute(select(User).where(func.lower(User.username) == username.lower())).first():
        errors["username"] = _("This username is taken.")
    problem = password_problem(password, username) if enforce_policy else None
    if problem:
        errors["password"] = problem
    if not roles or any(r not in set(Role) for r in roles):
        errors["roles"] = _("Choose one or more roles.")
    bureau = None
    if bureau_code:
        bureau = db.session.execute(select(Bureau).where(Bureau.code == bureau_code)).scalar_one_or_none()
        if bureau is None:
            errors["bureau"] = _("No bureau has this code.")
    if {Role.CLERK, Role.APPROVER} & set(roles) and bureau is None and "bureau" not in errors:
        errors["bureau"] = _("Clerks and leaders belong to a bureau.")
    if channel and channel not in set(Channel):
        errors["channel"] = _("Choose CPPCC or NPC.")
    if email and "@" not in email:
        errors["email"] = _("Enter a valid e-mail address.")
    if errors:
        raise Invalid(errors)
    user = User(
        username=username,
        name=(name or username).strip(),
        email=email or None,
        mobile=mobile or None,
        password_hash=hash_password(password),
        bureau_id=bureau.id if bureau else None,
        channel=channel or None,
        group_name=group_name or None,
        group_prefix=group_prefix or None,
        principal_leader=principal_leader,
        created_at=now,
    )
    user.role_rows = [UserRole(role=r) for r in dict.fromkeys(roles)]
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(username: str, password: str) -> User | None:
    if not username or not password or len(password) > PASSWORD_MAX:
        return None
    user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    try:
        config = current_app.config
        dummy = _dummy_hash(config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"])
        hasher().verify(user.password_hash if user else dummy, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    return user


def issue_token(user: User, now: datetime, hours: int) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(user_id=user.id, token_hash=_digest(token), created_at=now, expires_at=now + timedelta(hours=hours))
    )
    db.session.commit()
    return token


def user_for_token(token: str, now: datetime) -> User | None:
    row = db.session.execute(select(ApiToken).where(ApiToken.token_hash == _digest(token))).scalar_one_or_none()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    return row.user if row.user.active else None


def revoke_token(token: str, now: datetime) -> bool:
    row = db.session.execute(select(ApiToken).where(ApiToken.token_hash == _digest(token))).scalar_one_or_none()
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now
    db.session.commit()
    return True


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
