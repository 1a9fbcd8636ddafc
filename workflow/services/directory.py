"""The admin's directory: user accounts, sessions, and the ordered lists the office picks from
(categories per channel, not-filed reasons). Every change is validated as a whole, saved in one
transaction and written to the event log with what changed."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from workflow.domain.lifecycle import Channel
from workflow.domain.numbering import NumberFormatError, validate_format
from workflow.domain.sms import MOBILE, normal_mobile
from workflow.extensions import db
from workflow.models import ApiToken, Bureau, Category, NotFiledReason, Proposal, Role, Session, User, UserRole
from workflow.services import events, users
from workflow.services.errors import Invalid, NotFound

USERNAME = re.compile(r"[A-Za-z0-9_.]{1,64}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
BUREAU_ROLES = frozenset({Role.CLERK, Role.APPROVER})


# --- users -----------------------------------------------------------------------------------


@dataclass
class UserInput:
    name: str
    roles: list[str]
    email: str | None = None
    bureau_id: int | None = None
    channel: str | None = None
    group_name: str | None = None
    group_prefix: str | None = None
    principal_leader: bool = False
    mobile: str | None = None

    def cleaned(self) -> UserInput:
        def text(value: str | None) -> str | None:
            return (value or "").strip() or None

        return UserInput(
            name=(self.name or "").strip(), roles=list(dict.fromkeys(self.roles or [])), email=text(self.email),
            bureau_id=self.bureau_id or None, channel=text(self.channel), group_name=text(self.group_name),
            group_prefix=text(self.group_prefix), principal_leader=bool(self.principal_leader),
            mobile=normal_mobile(self.mobile) or text(self.mobile),
        )


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such user."))
    return user


def create_user(actor: User, username: str, password: str, data: UserInput, now: datetime) -> User:
    """Validate everything in one round, then create through services.users.create_user."""
    data = data.cleaned()
    username = (username or "").strip()
    errors = _username_errors(username) | _password_errors(password, username) | _profile_errors(data, None, actor)
    if errors:
        raise Invalid(errors)
    bureau = db.session.get(Bureau, data.bureau_id) if data.bureau_id else None
    # Recorded first, so the event commits together with the account.
    events.record("user-create", now, actor, note=username, changes=_profile_changes(None, data, bureau))
    try:
        return users.create_user(
            username, password, data.roles, now, name=data.name or username, email=data.email,
            bureau_code=bureau.code if bureau else None, channel=data.channel, group_name=data.group_name,
            group_prefix=data.group_prefix, principal_leader=data.principal_leader, mobile=data.mobile,
        )
    except Invalid:
        db.session.rollback()
        raise


def update_user(actor: User, user_id: int, data: UserInput, now: datetime) -> User:
    """Change a user's profile and roles; the roles count from the user's next request."""
    user = get_user(user_id)
    data = data.cleaned()
    errors = _profile_errors(data, user, actor)
    if errors:
        raise Invalid(errors)
    bureau = db.session.get(Bureau, data.bureau_id) if data.bureau_id else None
    changes = _profile_changes(user, data, bureau)
    events.diff(user, {
        "name": data.name, "email": data.email, "mobile": data.mobile, "bureau_id": data.bureau_id,
        "channel": data.channel,
        "group_name": data.group_name, "group_prefix": data.group_prefix, "principal_leader": data.principal_leader,
    })
    wanted = set(data.roles)
    for row in [r for r in user.role_rows if r.role not in wanted]:
        user.role_rows.remove(row)
    for role in [r for r in data.roles if r not in user.roles]:
        user.role_rows.append(UserRole(role=role))
    if changes:
        events.record("user-update", now, actor, note=user.username, changes=changes)
    db.session.commit()
    return user


def set_user_active(actor: User, user_id: int, active: bool, now: datetime) -> User:
    """Deactivating logs the user out at their next request and revokes their API tokens."""
    user = get_user(user_id)
    if user.id == actor.id and not active:
        raise Invalid({"active": _("You cannot deactivate your own account.")})
    if user.active == active:
        return user
    user.active = active
    if not active:
        users.end_web_sessions(user)
        _revoke_tokens(user, now)
    events.record("user-activate" if active else "user-deactivate", now, actor, note=user.username,
                  changes={"active": [not active, active]})
    db.session.commit()
    return user


def reset_password(actor: User, user_id: int, password: str, now: datetime) -> User:
    """A new password ends the user's web sessions and revokes their API tokens."""
    user = get_user(user_id)
    errors = _password_errors(password, user.username)
    if errors:
        raise Invalid(errors)
    user.password_hash = users.hash_password(password)
    users.end_web_sessions(user)
    _revoke_tokens(user, now)
    events.record("user-password-reset", now, actor, note=user.username)
    db.session.commit()
    return user


def _username_errors(username: str) -> dict[str, str]:
    if not USERNAME.fullmatch(username):
        return {"username": _("Use letters, digits, dots and underscores, at most 64.")}
    if db.session.execute(select(User.id).where(func.lower(User.username) == username.lower())).first():
        return {"username": _("This username is taken.")}
    return {}


def _password_errors(password: str | None, username: str) -> dict[str, str]:
    problem = users.password_problem(password, username)
    return {"password": problem} if problem else {}


def _profile_errors(data: UserInput, user: User | None, actor: User) -> dict[str, str]:
    errors: dict[str, str] = {}
    if user is not None and not data.name:
        errors["name"] = _("Give the user's name.")
    elif len(data.name) > 64:
        errors["name"] = _("At most %(n)d characters.", n=64)
    if data.email and (len(data.email) > 254 or not EMAIL.fullmatch(data.email)):
        errors["email"] = _("Enter a valid e-mail address.")
    if data.mobile and not MOBILE.fullmatch(data.mobile):
        errors["mobile"] = _("Enter an 11-digit mobile number, such as 13800138000.")
    roles = set(data.roles)
    if not roles or not roles <= set(Role):
        errors["roles"] = _("Choose one or more roles.")
    elif user is not None and user.id == actor.id and Role.ADMIN not in roles:
        errors["roles"] = _("You cannot remove your own administrator role.")
    bureau = db.session.get(Bureau, data.bureau_id) if data.bureau_id else None
    if data.bureau_id and bureau is None:
        errors["bureau"] = _("Choose a bureau from the list.")
    elif bureau is not None and not bureau.active and (user is None or user.bureau_id != bureau.id):
        errors["bureau"] = _("This bureau is inactive.")
    elif bureau is None and roles & BUREAU_ROLES:
        errors["bureau"] = _("Clerks and leaders belong to a bureau.")
    if data.principal_leader and Role.APPROVER not in roles:
        errors["principal_leader"] = _("Only a bureau leader can be a principal leader.")
    if data.channel and data.channel not in set(Channel):
        errors["channel"] = _("Choose CPPCC or NPC.")
    elif not data.channel and Role.PROPOSER in roles:
        errors["channel"] = _("A member or deputy belongs to the CPPCC or the NPC.")
    if data.group_name and len(data.group_name) > 64:
        errors["group_name"] = _("At most %(n)d characters.", n=64)
    if data.group_prefix and len(data.group_prefix) > 8:
        errors["group_prefix"] = _("At most %(n)d characters.", n=8)
    elif data.group_prefix and data.channel != Channel.NPC:
        errors["group_prefix"] = _("Only NPC deputies number their suggestions with a delegation prefix.")
    return errors


def _profile_changes(user: User | None, data: UserInput, bureau: Bureau | None) -> dict:
    """{field: [previous, new]} in words a reader of the log understands (codes, not ids)."""
    before = {
        "name": user.name, "email": user.email, "mobile": user.mobile, "roles": sorted(user.roles),
        "bureau": user.bureau.code if user.bureau else None, "channel": user.channel,
        "group_name": user.group_name, "group_prefix": user.group_prefix, "principal_leader": user.principal_leader,
    } if user is not None else {}
    after = {
        "name": data.name, "email": data.email, "mobile": data.mobile, "roles": sorted(data.roles),
        "bureau": bureau.code if bureau else None,
        "channel": data.channel, "group_name": data.group_name, "group_prefix": data.group_prefix,
        "principal_leader": data.principal_leader,
    }
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v and (user or v)}


def _revoke_tokens(user: User, now: datetime) -> None:
    db.session.execute(
        update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)).values(revoked_at=now)
    )


# --- sessions --------------------------------------------------------------------------------


@dataclass
class SessionInput:
    channel: str
    name: str
    term: int | None
    meeting: int | None
    year: int | None
    number_format: str
    active: bool = True
    progress_public: bool = False  # 办理进度公开 (issue 12)


def get_session(session_id: int) -> Session:
    found = db.session.get(Session, session_id)
    if found is None:
        raise NotFound(_("No such session."))
    return found


def save_session(actor: User, session_id: int | None, data: SessionInput, now: datetime) -> Session:
    """Create (session_id None) or change a session (会次)."""
    existing = get_session(session_id) if session_id is not None else None
    data.name, data.number_format = (data.name or "").strip(), (data.number_format or "").strip()
    errors = _session_errors(data, existing)
    if errors:
        raise Invalid(errors)
    target = existing or Session()
    changes = events.diff(target, {
        "channel": data.channel, "name": data.name, "term": data.term, "meeting": data.meeting, "year": data.year,
        "number_format": data.number_format, "active": data.active, "progress_public": bool(data.progress_public),
    })
    if existing is None:
        db.session.add(target)
    if changes:
        events.record("session-create" if existing is None else "session-update", now, actor, note=data.name,
                      changes=changes)
    db.session.commit()
    return target


def _session_errors(data: SessionInput, existing: Session | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.channel not in set(Channel):
        errors["channel"] = _("Choose CPPCC or NPC.")
    if not data.name or len(data.name) > 128:
        errors["name"] = _("Give the session's name (at most 128 characters).")
    else:
        clash = select(Session.id).where(Session.channel == data.channel, Session.name == data.name)
        if existing is not None:
            clash = clash.where(Session.id != existing.id)
        if db.session.execute(clash).first():
            errors["name"] = _("Another session of this channel has this name.")
    for name, low, high in (("term", 1, 99), ("meeting", 1, 99), ("year", 1949, 2200)):
        value = getattr(data, name)
        if value is None or not low <= value <= high:
            errors[name] = _("Enter a whole number from %(low)d to %(high)d.", low=low, high=high)
    try:
        if len(data.number_format) > 32:
            raise NumberFormatError(data.number_format)
        validate_format(data.number_format)
    except NumberFormatError:
        errors["number_format"] = _(
            "Write {n} once where the number goes, and {delegation} for a delegation prefix if wanted, "
            "e.g. 第{n}号 or {delegation}{n}号 (at most 32 characters)."
        )
    if existing is not None:
        errors.update(_session_locks(data, existing))
    return errors


def _session_locks(data: SessionInput, existing: Session) -> dict[str, str]:
    """Once proposals exist, the channel stays; once numbers are given, so does their format."""
    errors = {}
    in_session = select(Proposal.id).where(Proposal.session_id == existing.id)
    if data.channel != existing.channel and db.session.execute(in_session.limit(1)).first():
        errors["channel"] = _("Proposals were written in this session; its channel cannot change.")
    numbered = in_session.where(Proposal.number.is_not(None)).limit(1)
    if data.number_format != existing.number_format and db.session.execute(numbered).first():
        errors["number_format"] = _("Numbers were given in this format already; it cannot change now.")
    return errors


# --- ordered lists: categories per channel, not-filed reasons --------------------------------


@dataclass(frozen=True)
class ListKind:
    name: str  # "category" | "reason"
    model: type
    text_attr: str
    max_length: int
    scoped: bool = False  # one list per channel


LISTS = {
    "category": ListKind("category", Category, "name", 64, scoped=True),
    "reason": ListKind("reason", NotFiledReason, "text", 200),
}


def list_items(kind: str, channel: str | None = None) -> list:
    spec = LISTS[kind]
    return db.session.execute(_siblings_query(spec, channel)).scalars().all()


def get_item(kind: str, item_id: int):
    item = db.session.get(LISTS[kind].model, item_id)
    if item is None:
        raise NotFound(_("No such entry."))
    return item


def add_item(actor: User, kind: str, text: str, now: datetime, channel: str | None = None):
    spec = LISTS[kind]
    text = (text or "").strip()
    if spec.scoped and channel not in set(Channel):
        raise Invalid({"channel": _("Choose CPPCC or NPC.")})
    errors = _item_errors(spec, text, channel, None)
    if errors:
        raise Invalid(errors)
    last = db.session.execute(select(func.max(spec.model.position)).where(_scope(spec, channel))).scalar()
    item = spec.model(position=0 if last is None else last + 1, **{spec.text_attr: text})
    if spec.scoped:
        item.channel = channel
    db.session.add(item)
    events.record(f"{kind}-create", now, actor, note=text, changes={spec.text_attr: [None, text]})
    db.session.commit()
    return item


def rename_item(actor: User, kind: str, item_id: int, text: str, now: datetime):
    spec = LISTS[kind]
    item = get_item(kind, item_id)
    text = (text or "").strip()
    errors = _item_errors(spec, text, getattr(item, "channel", None), item.id)
    if errors:
        raise Invalid(errors)
    changes = events.diff(item, {spec.text_attr: text})
    if changes:
        events.record(f"{kind}-update", now, actor, note=text, changes=changes)
    db.session.commit()
    return item


def move_item(actor: User, kind: str, item_id: int, step: int, now: datetime):
    """Move an entry one place up (step -1) or down (+1); positions are renumbered 0, 1, 2, …"""
    spec = LISTS[kind]
    item = get_item(kind, item_id)
    siblings = db.session.execute(_siblings_query(spec, getattr(item, "channel", None))).scalars().all()
    index = siblings.index(item)
    other = index + (1 if step > 0 else -1)
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings):
            sibling.position = position
        events.record(f"{kind}-move", now, actor, note=getattr(item, spec.text_attr),
                      changes={"position": [index, other]})
    db.session.commit()
    return item


def set_item_active(actor: User, kind: str, item_id: int, active: bool, now: datetime):
    """An inactive entry is no longer offered; what was filed with it keeps it."""
    spec = LISTS[kind]
    item = get_item(kind, item_id)
    if item.active != active:
        item.active = active
        events.record(f"{kind}-{'activate' if active else 'deactivate'}", now, actor,
                      note=getattr(item, spec.text_attr), changes={"active": [not active, active]})
    db.session.commit()
    return item


def _scope(spec: ListKind, channel: str | None):
    return spec.model.channel == channel if spec.scoped else True


def _siblings_query(spec: ListKind, channel: str | None):
    return select(spec.model).where(_scope(spec, channel)).order_by(spec.model.position, spec.model.id)


def _item_errors(spec: ListKind, text: str, channel: str | None, item_id: int | None) -> dict[str, str]:
    if not text or len(text) > spec.max_length:
        return {"text": _("Write 1 to %(n)d characters.", n=spec.max_length)}
    column = getattr(spec.model, spec.text_attr)
    clash = select(spec.model.id).where(_scope(spec, channel), column == text)
    if item_id is not None:
        clash = clash.where(spec.model.id != item_id)
    if db.session.execute(clash).first():
        return {"text": _("This entry exists already (perhaps deactivated).")}
    return {}
