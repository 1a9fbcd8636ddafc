"""Writing the reply (答复函): a draft pre-filled from the item, every save a version, a stale
save refused (SPEC 3.3, 7). Follow-up replies to B-category items use the same editor."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from workflow.domain import reply_text, richtext
from workflow.domain.assignment import AssignmentRole, AssignmentState
from workflow.domain.lifecycle import ProposalState
from workflow.domain.reply import REPLY, Disclosure, ReplyKind, ReplyState
from workflow.extensions import db
from workflow.models import Assignment, Attachment, CosignerState, Proposal, Reply, ReplyVersion, User
from workflow.services import events, settings, uploads
from workflow.services.errors import Invalid, StateConflict
from workflow.services.guard import check, check_version, committing
from workflow.services.handling import checked_assignment, require_handling
from workflow.services.reply_access import get_reply, reply_roles
from workflow.services.uploads import Upload

TEXT_LIMITS = {"title": 200, "salutation": 200, "disclosure_reason": 200, "contact_name": 64, "contact_phone": 32}
BODY_MAX = 100_000
COPY_TO_MAX = 20
ANSWERING_STATES = frozenset({ProposalState.IN_HANDLING, ProposalState.REHANDLING})
FOLLOW_UP_STATES = frozenset({ProposalState.REPLIED, ProposalState.REHANDLING, ProposalState.CLOSED})


@dataclass
class DraftInput:
    title: str = ""
    salutation: str = ""
    body: str = ""
    resolution: str | None = None
    disclosure: str | None = None
    disclosure_reason: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    copy_to: list[str] = field(default_factory=list)
    attachments: list[Upload] = field(default_factory=list)
    remove_attachment_ids: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, reply: Reply) -> DraftInput:
        return cls(
            title=reply.title, salutation=reply.salutation, body=reply.body, resolution=reply.resolution,
            disclosure=reply.disclosure, disclosure_reason=reply.disclosure_reason, contact_name=reply.contact_name,
            contact_phone=reply.contact_phone, copy_to=list(reply.copy_to or []),
        )


def prefill(actor: User, assignment: Assignment) -> DraftInput:
    """A new draft: title from the channel's template, salutation from the proposers, the
    clerk as contact person, the co bureaus on the copy-to list."""
    proposal: Proposal = assignment.proposal
    template = str(settings.get(f"reply_title.{proposal.channel}") or "")
    names = [proposal.proposer.name] + [c.user.name for c in proposal.cosigners if c.state == CosignerState.CONFIRMED]
    co_bureaus = [
        a.bureau.name for a in proposal.assignments
        if a.role == AssignmentRole.CO and a.state != AssignmentState.WITHDRAWN
    ]
    return DraftInput(
        title=reply_text.default_title(template, proposal.session.name, proposal.number, proposal.title),
        salutation=reply_text.salutation(proposal.channel, names, proposal.collective_name),
        disclosure=Disclosure.PUBLIC, contact_name=actor.name, copy_to=co_bureaus,
    )


def current_reply(assignment: Assignment, kind: str = ReplyKind.ANSWER) -> Reply | None:
    """The answer of the assignment's current round, or its latest follow-up."""
    query = select(Reply).where(Reply.assignment_id == assignment.id, Reply.kind == kind)
    if kind == ReplyKind.ANSWER:
        query = query.where(Reply.round == assignment.round)
    return db.session.execute(query.order_by(Reply.round.desc())).scalars().first()


def save_draft(actor: User, assignment_id: int, data: DraftInput, now: datetime, version: int | None = None,
               kind: str = ReplyKind.ANSWER) -> Reply:
    """Save the assignment's current draft, starting it when there is none."""
    assignment = checked_assignment(actor, assignment_id, "save-draft")
    require_handling(assignment)
    reply = current_reply(assignment, kind)
    if reply is not None and not (kind == ReplyKind.FOLLOW_UP and reply.state == ReplyState.SENT):
        return save(actor, reply.id, data, now, version)
    _may_start(assignment, kind)
    values = _clean(data, assignment.proposal.channel)  # refused before anything is added
    staged = uploads.check(data.attachments)
    if data.remove_attachment_ids:
        raise Invalid({"remove_attachment_ids": _("Remove only files of this reply.")})
    reply = Reply(
        proposal=assignment.proposal, assignment=assignment, bureau_id=assignment.bureau_id, kind=kind,
        round=assignment.round if kind == ReplyKind.ANSWER else (reply.round + 1 if reply else 1),
        state=ReplyState.DRAFT, created_by_id=actor.id, created_at=now, updated_at=now, copy_to=[],
    )
    db.session.add(reply)
    return _store(actor, reply, values, staged, [], now, creates=True)


def save(actor: User, reply_id: int, data: DraftInput, now: datetime, version: int | None) -> Reply:
    reply = get_reply(actor, reply_id)
    check(REPLY, "save", reply.state, reply_roles(actor, reply))
    require_handling(reply.assignment)
    if version is None:
        raise Invalid({"version": _("Send the version of the draft you edited.")})
    check_version(reply.version, version)
    values = _clean(data, reply.proposal.channel)
    staged = uploads.check(data.attachments)
    return _store(actor, reply, values, staged, data.remove_attachment_ids, now, creates=False)


def may_follow_up(assignment: Assignment) -> bool:
    """A follow-up reply: after a sent answer whose category stays followed up (B), while no
    other follow-up is open."""
    if assignment.proposal.state not in FOLLOW_UP_STATES:
        return False
    answer = db.session.execute(
        select(Reply).where(Reply.assignment_id == assignment.id, Reply.kind == ReplyKind.ANSWER,
                            Reply.state == ReplyState.SENT).order_by(Reply.round.desc())
    ).scalars().first()
    if answer is None:
        return False
    followed = {c.code for c in settings.resolution_categories(assignment.proposal.channel) if c.follow_up}
    latest = current_reply(assignment, ReplyKind.FOLLOW_UP)
    return answer.resolution in followed and (latest is None or latest.state == ReplyState.SENT)


def _may_start(assignment: Assignment, kind: str) -> None:
    proposal = assignment.proposal
    if kind == ReplyKind.FOLLOW_UP:
        if not may_follow_up(assignment):
            raise StateConflict(
                _("A follow-up reply is for items whose reply is still being solved (category B)."), proposal.state
            )
    elif proposal.state not in ANSWERING_STATES:
        raise StateConflict(_("The item does not wait for a reply now."), proposal.state)


def _store(actor: User, reply: Reply, values: dict, staged: list, remove_ids: list[int], now: datetime,
           creates: bool) -> Reply:
    if creates:
        with committing(creates_unique=True):  # the same round's draft started meanwhile
            db.session.flush()
    with committing(), uploads.storing(actor, reply.proposal_id, now) as store:
        removed = _remove(reply, remove_ids, now)
        changed = {k: v for k, v in values.items() if getattr(reply, k) != v}
        if not (changed or staged or removed or creates):
            return reply
        for name, value in values.items():
            setattr(reply, name, value)
        for item in staged:
            store(item, reply_id=reply.id)
        db.session.flush()
        reply.updated_at = now  # also moves the row's version, so a concurrent save fails
        number = len(reply.versions) + 1
        reply.versions.append(_snapshot(reply, number, actor, now))
        events.record(
            "reply-save", now, actor, proposal_id=reply.proposal_id, assignment_id=reply.assignment_id,
            to_state=reply.state if creates else None, note=f"v{number}",  # no words: the log is read in any language
        )
        db.session.commit()
    return reply


def _clean(data: DraftInput, channel: str) -> dict:
    """Drafts may be incomplete (submitting checks that); they must not be too long or unknown."""
    errors: dict[str, str] = {}
    values: dict = {}
    for name, maximum in TEXT_LIMITS.items():
        text = (getattr(data, name) or "").strip()
        if len(text) > maximum:
            errors[name] = _("At most %(n)d characters.", n=maximum)
        values[name] = text if name in ("title", "salutation") else (text or None)
    body = richtext.sanitize(data.body or "")
    if len(body) > BODY_MAX:
        errors["body"] = _("The text is too long.")
    values["body"] = body
    codes = {c.code for c in settings.resolution_categories(channel)}
    resolution = (data.resolution or "").strip() or None
    if resolution is not None and resolution not in codes:
        errors["resolution"] = _("Choose a resolution category of the list.")
    values["resolution"] = resolution
    disclosure = (data.disclosure or "").strip() or None
    if disclosure is not None and disclosure not in set(Disclosure):
        errors["disclosure"] = _("Choose public or not public.")
    values["disclosure"] = disclosure
    if disclosure == Disclosure.PUBLIC:
        values["disclosure_reason"] = None
    copy_to = [name.strip() for name in data.copy_to if name and name.strip()]
    if len(copy_to) > COPY_TO_MAX or any(len(name) > 128 for name in copy_to):
        errors["copy_to"] = _("At most %(n)d recipients of up to 128 characters.", n=COPY_TO_MAX)
    values["copy_to"] = list(dict.fromkeys(copy_to))
    if errors:
        raise Invalid(errors)
    return values


def _remove(reply: Reply, ids: list[int], now: datetime) -> list[Attachment]:
    if not ids:
        return []
    rows = db.session.execute(
        select(Attachment).where(Attachment.reply_id == reply.id, Attachment.id.in_(ids), Attachment.removed_at.is_(None))
    ).scalars().all()
    if len(rows) != len(set(ids)):
        raise Invalid({"remove_attachment_ids": _("Remove only files of this reply.")})
    for row in rows:
        row.removed_at = now
    return rows


def _snapshot(reply: Reply, number: int, actor: User, now: datetime) -> ReplyVersion:
    current = db.session.execute(
        select(Attachment.id).where(Attachment.reply_id == reply.id, Attachment.removed_at.is_(None)).order_by(Attachment.id)
    ).scalars().all()
    return ReplyVersion(
        number=number, title=reply.title, salutation=reply.salutation, body=reply.body, resolution=reply.resolution,
        disclosure=reply.disclosure, disclosure_reason=reply.disclosure_reason, contact_name=reply.contact_name,
        contact_phone=reply.contact_phone, copy_to=list(reply.copy_to or []), attachment_ids=list(current),
        author_id=actor.id, created_at=now,
    )
