"""The roster from sheets (issue 10): users and bureaus, checked in full, then created or updated
all or nothing, each change written to the event log as the admin screens write it.

New accounts get no password (a hash nothing matches): the admin sets one, as for any account,
before the user logs in. A blank cell of an existing user leaves that field as it is; the roles
column replaces the user's roles."""
from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from workflow.domain import roster_sheet
from workflow.domain.lifecycle import Channel
from workflow.domain.roster_sheet import (
    BUREAU_COLUMNS,
    USER_COLUMNS,
    BureauDirectory,
    BureauRow,
    UserDirectory,
    UserRow,
)
from workflow.domain.sheet import SheetCheck
from workflow.extensions import db
from workflow.labels import ROLE_LABELS
from workflow.models import Bureau, Role, User, UserRole
from workflow.services import events, sheet_import
from workflow.services.errors import Forbidden
from workflow.services.guard import committing
from workflow.services.sheet_import import SheetRefused
from workflow.terms import term

# Not an argon2 hash: authenticate() refuses every password until one is set (bandit B105: not a password).
NO_PASSWORD = "!"  # nosec B105


def _check_admin(actor: User | None) -> None:
    if actor is not None and not actor.has_role(Role.ADMIN):
        raise Forbidden(_("Only administrators import the roster."))


def _checked(actor: User | None, content: bytes, columns, check_rows, directory) -> SheetCheck:
    """Read the sheet and check every row against the roster as it stands; save nothing."""
    _check_admin(actor)
    found = sheet_import.read(content, columns)
    if found.rows:
        check_rows(found.rows, directory())
    return found


def _saved(found: SheetCheck, save, actor: User | None, now: datetime) -> list:
    """Every row, or nothing: a sheet with a problem is refused whole, and so is one whose username
    or code another import took meanwhile."""
    if not found.ok:
        raise SheetRefused(found)
    with committing(creates_unique=True):
        saved = [save(actor, row.parsed, now) for row in found.rows]
        db.session.commit()
    return saved


# --- users ---------------------------------------------------------------------------------------


def check_users(actor: User | None, content: bytes) -> SheetCheck:
    return _checked(actor, content, USER_COLUMNS, roster_sheet.check_users, user_directory)


def import_users(actor: User | None, content: bytes, now: datetime) -> list[User]:
    return _saved(check_users(actor, content), _save_user, actor, now)


def user_directory() -> UserDirectory:
    usernames = {name.casefold(): uid for uid, name in db.session.execute(select(User.id, User.username))}
    bureaus = {}
    for bureau in db.session.execute(select(Bureau)).scalars():
        for key in (bureau.short_name, bureau.name, bureau.code):  # the code wins a clash
            if key:
                bureaus[key] = bureau.id
    roles = {}
    for role in Role:
        roles[str(role)] = str(role)
        roles[str(ROLE_LABELS[role]).casefold()] = str(role)
        with force_locale("zh_Hans"):
            roles[str(ROLE_LABELS[role]).casefold()] = str(role)
            if role == Role.PROPOSER:
                for channel in Channel:
                    roles[term(channel, "person").casefold()] = str(role)
    return UserDirectory(usernames, bureaus, roles, channel_words())


def channel_words() -> dict[str, str]:
    words = {}
    for channel in Channel:
        words[str(channel)] = str(channel)
        for locale in ("en", "zh_Hans"):
            with force_locale(locale):
                for word in ("person", "item"):
                    words[term(channel, word).casefold()] = str(channel)
                words[(_("CPPCC") if channel == Channel.CPPCC else _("NPC")).casefold()] = str(channel)
    return words


def _save_user(actor: User | None, row: UserRow, now: datetime) -> User:
    user = db.session.get(User, row.user_id) if row.user_id else None
    values = {
        "name": row.name, "channel": row.channel, "group_name": row.group_name, "group_prefix": row.group_prefix,
        "bureau_id": row.bureau_id, "mobile": row.mobile, "email": row.email,
        "principal_leader": row.principal_leader,
    }
    if user is None:
        user = User(username=row.username, password_hash=NO_PASSWORD, created_at=now, **values)
        user.role_rows = [UserRole(role=r) for r in row.roles]
        db.session.add(user)
        changes = {k: [None, v] for k, v in values.items() if v} | {"roles": [None, sorted(row.roles)]}
        events.record("user-create", now, actor, note=row.username, changes=changes)
        return user
    given = {k: v for k, v in values.items() if v is not None and v != "" or k == "principal_leader"}
    changes = events.diff(user, given)
    if set(row.roles) != set(user.roles):
        changes["roles"] = [sorted(user.roles), sorted(row.roles)]
        for role_row in [r for r in user.role_rows if r.role not in row.roles]:
            user.role_rows.remove(role_row)
        for role in [r for r in row.roles if r not in user.roles]:
            user.role_rows.append(UserRole(role=role))
    if changes:
        events.record("user-update", now, actor, note=user.username, changes=changes)
    return user


# --- bureaus -------------------------------------------------------------------------------------


def check_bureaus(actor: User | None, content: bytes) -> SheetCheck:
    return _checked(actor, content, BUREAU_COLUMNS, roster_sheet.check_bureaus, bureau_directory)


def import_bureaus(actor: User | None, content: bytes, now: datetime) -> list[Bureau]:
    return _saved(check_bureaus(actor, content), _save_bureau, actor, now)


def bureau_directory() -> BureauDirectory:
    codes, credit = {}, {}
    for bureau in db.session.execute(select(Bureau)).scalars():
        codes[bureau.code] = bureau.id
        if bureau.credit_code:
            credit[bureau.credit_code] = bureau.id
    return BureauDirectory(codes, credit)


def _save_bureau(actor: User | None, row: BureauRow, now: datetime) -> Bureau:
    bureau = db.session.get(Bureau, row.bureau_id) if row.bureau_id else None
    values = {
        "name": row.name, "short_name": row.short_name, "credit_code": row.credit_code,
        "prefix_cppcc": row.prefix_cppcc, "prefix_npc": row.prefix_npc, "duties": row.duties,
        "keywords": row.keywords,
    }
    if bureau is None:
        bureau = Bureau(code=row.code, active=True, **values)
        db.session.add(bureau)
        events.record("bureau-create", now, actor, note=row.code,
                      changes={k: [None, v] for k, v in values.items() if v})
        return bureau
    changes = events.diff(bureau, {k: v for k, v in values.items() if v is not None})
    if changes:
        events.record("bureau-update", now, actor, note=row.code, changes=changes)
    return bureau
