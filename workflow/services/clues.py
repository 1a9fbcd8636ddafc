"""Clues from citizens (提案线索, issue 12): sending one from the portal, its public status, the
office's screening (accept, merge, decline with a reason, pass to a member by topic) and a member
taking one up in a proposal.

Anyone but the office reads a clue masked (mobiles, ID-card numbers, e-mail addresses and the
sender's own contact wherever it occurs); its files and the contact reach the office alone.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import func, select

from workflow.domain import masking
from workflow.domain.clues import (
    CLUE,
    MEMBER,
    OFFICE,
    ClueState,
    PublicClueStatus,
    new_code,
    normalize_code,
    public_status,
)
from workflow.domain.lifecycle import ProposalState
from workflow.domain.machine import WrongRole, WrongState
from workflow.domain.masking_base import MaskingRules
from workflow.extensions import db
from workflow.models import Clue, ClueFile, Proposal, Role, User
from workflow.public_labels import CLUE_ACTION_LABELS, CLUE_STATE_LABELS
from workflow.services import events, uploads
from workflow.services.errors import Forbidden, Invalid, NotFound, StateConflict
from workflow.services.guard import guarded
from workflow.services.queries import Page

SUBJECT_MAX = 200
BODY_MAX = 5000
CONTACT_MAX = 200
REASON_MAX = 2000
TOPIC_MAX = 200
FILES_MAX = 3
PAGE_SIZE = 20
HIDDEN = "***"
SHOWN_STATES = frozenset(ProposalState) - {ProposalState.DRAFT, ProposalState.AWAITING_COSIGNERS,
                                           ProposalState.SUBMITTED, ProposalState.UNDER_REVIEW,
                                           ProposalState.NOT_FILED, ProposalState.WITHDRAWN}


@dataclass
class ClueInput:
    subject: str
    body: str
    contact: str
    files: list[uploads.Upload] = field(default_factory=list)
    honeypot: str = ""  # a field people do not see; robots fill it in


# --- sending and following ------------------------------------------------------------------------

def send(data: ClueInput, now: datetime) -> Clue:
    """A new clue with its tracking code; nothing stored while anything is refused."""
    if data.honeypot.strip():
        raise Invalid({"website": _("This field must stay empty.")})
    subject, body, contact = data.subject.strip(), data.body.strip(), data.contact.strip()
    errors = {}
    for name, value, limit in (("subject", subject, SUBJECT_MAX), ("body", body, BODY_MAX),
                               ("contact", contact, CONTACT_MAX)):
        if not value:
            errors[name] = _("This field is required.")
        elif len(value) > limit:
            errors[name] = _("At most %(n)d characters.", n=limit)
    if len([u for u in data.files if u.data or u.filename]) > FILES_MAX:
        errors["files"] = _("At most %(n)d files at a time.", n=FILES_MAX)
    if errors:
        raise Invalid(errors)
    staged = uploads.check(data.files, "files")
    clue = Clue(code=_unused_code(), subject=subject, body=body, contact=contact, state=ClueState.RECEIVED,
                created_at=now, updated_at=now)
    db.session.add(clue)
    written: list[Path] = []
    try:
        for item in staged:
            name = secrets.token_hex(16)
            path = uploads.path_for(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as out:
                out.write(item.data)
            written.append(path)
            clue.files.append(ClueFile(filename=item.name, kind=item.file_type.key, size=len(item.data),
                                       sha256=item.sha256, storage_name=name))
        db.session.flush()
        events.record("clue-send", now, None, to_state=ClueState.RECEIVED, changes={"clue": [None, clue.id]})
        db.session.commit()
    except BaseException:
        db.session.rollback()
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return clue


def _unused_code() -> str:
    while True:
        code = new_code(secrets.choice)
        if db.session.execute(select(Clue.id).where(Clue.code == code)).first() is None:
            return code


@dataclass
class Status:
    code: str
    subject: str  # masked
    received_at: datetime
    status: PublicClueStatus
    reason: str | None = None  # why not taken up (masked)
    proposal_number: str | None = None
    proposal_id: int | None = None  # its progress page, when its session shows progress


def status(code_text: str) -> Status:
    """What the status page says of the clue with this code (NotFound for any other text)."""
    code = normalize_code(code_text)
    clue = db.session.execute(select(Clue).where(Clue.code == code)).scalar_one_or_none() if code else None
    if clue is None:
        raise NotFound(_("No clue has this tracking code."))
    first = clue
    for _hop in range(10):  # a merged clue answers with what became of the one it joined
        if clue.state != ClueState.MERGED or clue.merged_into is None:
            break
        clue = clue.merged_into
    proposal = clue.proposal if clue.state == ClueState.TAKEN_UP else None
    shown = proposal is not None and proposal.state in SHOWN_STATES and proposal.number
    result = Status(code=first.code, subject=masked_text(first, first.subject), received_at=first.created_at,
                    status=public_status(clue.state, proposal.number if shown else None))
    if clue.state == ClueState.DECLINED:
        result.reason = masked_text(clue, clue.decline_reason or "")
    if shown:
        result.proposal_number = proposal.number
        result.proposal_id = proposal.id if proposal.session.progress_public else None
    return result


def masked_text(clue: Clue, text: str) -> str:
    """The text as anyone but the office reads it: the reply masking's number rules, and the
    sender's contact wherever it is written out."""
    text = masking.mask(text, MaskingRules())
    contact = clue.contact.strip()
    if len(contact) >= 3:
        text = text.replace(contact, HIDDEN)
    return text


# --- who sees what ---------------------------------------------------------------------------------

def roles(actor: User, clue: Clue) -> set[str]:
    found = set()
    if actor.has_role(Role.OFFICE):
        found.add(OFFICE)
    if clue.member_id == actor.id and actor.has_role(Role.PROPOSER):
        found.add(MEMBER)
    return found


def get(actor: User, clue_id: int) -> Clue:
    """The clue, for the office or the member it was passed to; 404 for anyone else."""
    clue = db.session.get(Clue, clue_id)
    if clue is None or not roles(actor, clue):
        raise NotFound(_("No such clue."))
    return clue


def sees_original(actor: User) -> bool:
    return actor.has_role(Role.OFFICE)


def available(actor: User, clue: Clue) -> list[str]:
    return CLUE.available(ClueState(clue.state), roles(actor, clue))


def listing(actor: User, state: str | None, page: int = 1, size: int = PAGE_SIZE) -> Page:
    """The office: every clue (by state); a member: the clues passed to them, newest first."""
    where = []
    if not actor.has_role(Role.OFFICE):
        if not actor.has_role(Role.PROPOSER):
            raise Forbidden(_("Clues are read by the office and the members they are passed to."))
        where.append(Clue.member_id == actor.id)
    if state in set(ClueState):
        where.append(Clue.state == state)
    page = max(1, page)
    total = db.session.execute(select(func.count()).select_from(Clue).where(*where)).scalar_one()
    items = db.session.execute(
        select(Clue).where(*where).order_by(Clue.id.desc()).offset((page - 1) * size).limit(size)
    ).scalars().all()
    return Page(items=list(items), total=total, page=page, size=size)


def passed_to(actor: User, limit: int = 20) -> list[Clue]:
    """The clues waiting for this member to take up (the editor's aside)."""
    query = select(Clue).where(Clue.member_id == actor.id, Clue.state == ClueState.PASSED)
    return list(db.session.execute(query.order_by(Clue.id.desc()).limit(limit)).scalars())


# --- the office's screening ----------------------------------------------------------------------

def _check(actor: User, clue: Clue, action: str) -> None:
    try:
        CLUE.check(action, ClueState(clue.state), roles(actor, clue))
    except WrongRole:
        raise Forbidden(_("You may not do this: %(action)s.", action=str(CLUE_ACTION_LABELS[action]))) from None
    except WrongState:
        raise StateConflict(
            _("“%(action)s” is not possible while the clue is “%(state)s”.",
              action=str(CLUE_ACTION_LABELS[action]), state=str(CLUE_STATE_LABELS[clue.state])),
            clue.state,
        ) from None


def _move(actor: User, clue: Clue, action: str, now: datetime, note: str | None = None, **values) -> Clue:
    before = clue.state
    target = CLUE[action].target
    for name, value in values.items():
        setattr(clue, name, value)
    clue.state = target
    clue.updated_at = now
    events.record(f"clue-{action}", now, actor, from_state=before, to_state=target, note=note,
                  changes={"clue": [None, clue.id]})
    db.session.commit()
    return clue


@guarded
def accept(actor: User, clue_id: int, now: datetime) -> Clue:
    clue = get(actor, clue_id)
    _check(actor, clue, "accept")
    return _move(actor, clue, "accept", now)


@guarded
def pass_on(actor: User, clue_id: int, topic: str, member_id: int | None, now: datetime) -> Clue:
    clue = get(actor, clue_id)
    _check(actor, clue, "pass")
    topic = (topic or "").strip()
    errors = {}
    if not topic:
        errors["topic"] = _("Name the topic it is passed on as.")
    elif len(topic) > TOPIC_MAX:
        errors["topic"] = _("At most %(n)d characters.", n=TOPIC_MAX)
    member = db.session.get(User, member_id) if member_id else None
    if member is None or not member.active or not member.has_role(Role.PROPOSER):
        errors["member"] = _("Choose a member or deputy.")
    if errors:
        raise Invalid(errors)
    return _move(actor, clue, "pass", now, note=topic, topic=topic, member_id=member.id)


@guarded
def merge(actor: User, clue_id: int, target_id: int | None, now: datetime) -> Clue:
    clue = get(actor, clue_id)
    _check(actor, clue, "merge")
    target = db.session.get(Clue, target_id) if target_id else None
    if target is None or target.id == clue.id or target.state in (ClueState.MERGED, ClueState.DECLINED):
        raise Invalid({"target": _("Choose another clue that is still open.")})
    return _move(actor, clue, "merge", now, merged_into_id=target.id)


@guarded
def decline(actor: User, clue_id: int, reason: str, now: datetime) -> Clue:
    clue = get(actor, clue_id)
    _check(actor, clue, "decline")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": _("Say why it is not taken up: the sender reads it.")})
    if len(reason) > REASON_MAX:
        raise Invalid({"reason": _("At most %(n)d characters.", n=REASON_MAX)})
    return _move(actor, clue, "decline", now, note=reason, decline_reason=reason)


def to_take_up(actor: User, clue_id: int) -> Clue:
    """The clue a member starts a draft from, checked before anything is written."""
    clue = get(actor, clue_id)
    _check(actor, clue, "take-up")
    return clue


def take_up(actor: User, clue: Clue, proposal: Proposal, now: datetime) -> None:
    """Within the new draft's transaction (services/submission.py): the clue is taken up in it.
    The caller commits."""
    proposal.clue_id = clue.id
    clue.state = ClueState.TAKEN_UP
    clue.updated_at = now
    events.record("clue-take-up", now, actor, proposal_id=proposal.id, from_state=ClueState.PASSED,
                  to_state=ClueState.TAKEN_UP, changes={"clue": [None, clue.id]})
