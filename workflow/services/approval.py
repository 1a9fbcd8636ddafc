"""From draft to sent (SPEC 3.3, 5): submitting for approval, co-signature by co bureaus,
approval with the document number, return with comments, sending."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from workflow.domain import docnumber, richtext
from workflow.domain.assignment import AssignmentRole, AssignmentState
from workflow.domain.clocks import ClockKind
from workflow.domain.deadlines import local_date
from workflow.domain.notices import Notice
from workflow.domain.opinion import OpinionState
from workflow.domain.reply import (
    REPLY,
    CosignState,
    ReplyFields,
    ReplyKind,
    ReplyState,
    approver_fits,
    incomplete,
    submit_target,
)
from workflow.extensions import db
from workflow.models import Assignment, Contact, CoOpinion, Event, Reply, ReplyCosign, User
from workflow.services import calendar, clocks, counters, events, notices, progress, publication, settings
from workflow.services.errors import Forbidden, Invalid, StateConflict
from workflow.services.guard import check, check_version, commit, guarded
from workflow.services.handling import require_handling
from workflow.services.reply_access import get_reply, pending_cosign, reply_roles

R = ReplyState
NOTE_MAX = 2000

MISSING = {
    "title": _l("Give the reply a title."),
    "salutation": _l("Address the proposer (主送)."),
    "body_text": _l("Write the reply."),
    "resolution": _l("Choose the resolution category."),
    "disclosure": _l("Decide whether the reply is published."),
    "disclosure_reason": _l("Say why the reply is not published."),
    "contact_name": _l("Name the contact person."),
    "contact_phone": _l("Give a contact phone number."),
}
FIELD_NAMES = {"body_text": "body"}  # the domain checks the body's text; the form's field is "body"


@guarded
def submit(actor: User, reply_id: int, now: datetime, confirm_missing_opinions: bool = False,
           version: int | None = None) -> Reply:
    reply = _checked(actor, reply_id, "submit", version)
    require_handling(reply.assignment)
    _check_complete(reply)
    if settings.get("contact_before_reply") and reply.kind == ReplyKind.ANSWER and not _contacted(reply.assignment):
        raise StateConflict(
            _("Record a contact with the proposer before the reply goes to approval (先沟通后答复)."), reply.state
        )
    missing = missing_opinions(reply) if reply.kind == ReplyKind.ANSWER else []
    if missing and not confirm_missing_opinions:
        raise Invalid({"confirm_missing_opinions": _(
            "No opinion yet from: %(bureaus)s. Confirm that the reply goes to approval without it.",
            bureaus="、".join(a.bureau.name for a in missing),
        )})
    if missing:
        events.record(
            "proceed-without-opinions", now, actor, proposal_id=reply.proposal_id, assignment_id=reply.assignment_id,
            note="、".join(a.bureau.name for a in missing),
        )
    co_bureaus = _co_assignments(reply) if settings.get("co_signature_before_approval") else []
    target = submit_target(bool(co_bureaus))
    # The answers to an earlier submission are in the log; this one asks again. Deleted first:
    # a flush would insert the new rows before deleting the old ones.
    for row in list(reply.cosigns):
        reply.cosigns.remove(row)
    db.session.flush()
    reply.cosigns.extend(ReplyCosign(assignment_id=a.id, state=CosignState.PENDING) for a in co_bureaus)
    reply.submitted_at, reply.return_note = now, None
    event = _move(reply, target, "reply-submit", actor, now)
    notice = Notice.COSIGN if target == R.COSIGNING else Notice.APPROVAL
    notices.announce(notice, event, reply.assignment, now, actor=actor, reply=reply)
    if reply.kind == ReplyKind.ANSWER:  # 并案: it answers the items merged into this one too
        notices.announce(Notice.MERGED_REPLY, event, reply.assignment, now, actor=actor, reply=reply)
    commit()
    return reply


@guarded
def cosign(actor: User, reply_id: int, now: datetime) -> Reply:
    reply = _checked(actor, reply_id, "cosign")
    row = pending_cosign(actor, reply)
    row.state, row.user_id, row.answered_at = CosignState.CONFIRMED, actor.id, now
    events.record("reply-cosign", now, actor, proposal_id=reply.proposal_id, assignment_id=row.assignment_id)
    if all(r.state == CosignState.CONFIRMED for r in reply.cosigns):
        event = _move(reply, R.AWAITING_APPROVAL, "reply-cosigned", None, now)
        notices.announce(Notice.APPROVAL, event, reply.assignment, now, actor=actor, reply=reply)
    commit()
    return reply


@guarded
def object_(actor: User, reply_id: int, note: str | None, now: datetime) -> Reply:
    reply = _checked(actor, reply_id, "object")
    note = _note(note, _("Say what the lead bureau should change."))
    row = pending_cosign(actor, reply)
    row.state, row.user_id, row.answered_at, row.note = CosignState.OBJECTED, actor.id, now, note
    reply.return_note = note
    event = _move(reply, R.RETURNED, "reply-object", actor, now, note, assignment_id=row.assignment_id)
    notices.announce(Notice.RETURNED, event, reply.assignment, now, actor=actor, reply=reply, note=note)
    commit()
    return reply


@guarded
def approve(actor: User, reply_id: int, now: datetime, version: int | None = None) -> Reply:
    """签发: the document number is drawn in this transaction, so a failure gives it back."""
    reply = _checked(actor, reply_id, "approve", version)
    if not approver_fits(reply.proposal.is_key, actor.principal_leader):
        raise Forbidden(_("This is a key item: the bureau's principal leader approves its reply."))
    prefix = (reply.bureau.prefix_npc if reply.proposal.channel == "npc" else reply.bureau.prefix_cppcc) or ""
    if not prefix.strip():
        raise StateConflict(
            _("%(bureau)s has no document number prefix for this channel; an administrator sets it.",
              bureau=reply.bureau.name), reply.state,
        )
    year = local_date(now).year
    approved_version = len(reply.versions)
    n = counters.next_value(docnumber.counter_scope(reply.bureau_id, prefix.strip(), year))
    # No query from here on: the number and the state are written together (a CHECK ties them).
    reply.doc_prefix, reply.doc_year, reply.doc_seq = prefix.strip(), year, n
    reply.doc_number = docnumber.format_doc_number(prefix, year, n)
    reply.approved_at, reply.approved_by_id, reply.approved_version = now, actor.id, approved_version
    _move(reply, R.APPROVED, "reply-approve", actor, now, reply.doc_number)
    commit()
    return reply


@guarded
def return_(actor: User, reply_id: int, note: str | None, now: datetime, version: int | None = None) -> Reply:
    reply = _checked(actor, reply_id, "return", version)
    note = _note(note, _("Say what to change; the clerk sees your comments."))
    reply.return_note = note
    event = _move(reply, R.RETURNED, "reply-return", actor, now, note)
    notices.announce(Notice.RETURNED, event, reply.assignment, now, actor=actor, reply=reply, note=note)
    commit()
    return reply


@guarded
def send(actor: User, reply_id: int, now: datetime) -> Reply:
    """The proposer and co-signers see it now; the office and the co bureaus get copies."""
    reply = _checked(actor, reply_id, "send")
    reply.sent_at, reply.sent_by_id = now, actor.id
    event = _move(reply, R.SENT, "reply-send", actor, now, reply.doc_number)
    publication.start_clock(reply, now)  # a public reply is published within its period (SPEC 4)
    if reply.kind == ReplyKind.ANSWER:
        kinds = [ClockKind.REPLY, ClockKind.REHANDLING, ClockKind.FIRST_CONTACT]
        clocks.stop(now, assignment_id=reply.assignment_id, kinds=kinds)
        clocks.start(ClockKind.FEEDBACK, reply.proposal, now, calendar.load(), reply.assignment)
        progress.advance(reply.proposal, now)
    notice = Notice.SENT if reply.kind == ReplyKind.ANSWER else Notice.FOLLOW_UP
    notices.announce(notice, event, reply.assignment, now, actor=actor, reply=reply)
    commit()
    return reply


def missing_opinions(reply: Reply) -> list[Assignment]:
    """Co bureaus whose opinion has not reached the lead bureau."""
    submitted = set(db.session.execute(
        select(CoOpinion.assignment_id).where(
            CoOpinion.proposal_id == reply.proposal_id, CoOpinion.state == OpinionState.SUBMITTED
        )
    ).scalars())
    return [a for a in _co_assignments(reply) if a.id not in submitted]


def _co_assignments(reply: Reply) -> list[Assignment]:
    return [
        a for a in reply.proposal.assignments
        if a.role == AssignmentRole.CO and a.state != AssignmentState.WITHDRAWN
    ]


def _contacted(assignment: Assignment) -> bool:
    count = db.session.execute(select(func.count(Contact.id)).where(Contact.assignment_id == assignment.id)).scalar()
    return count > 0


def _check_complete(reply: Reply) -> None:
    fields = ReplyFields(
        title=reply.title, salutation=reply.salutation, body_text=richtext.to_text(reply.body),
        resolution=reply.resolution, disclosure=reply.disclosure, disclosure_reason=reply.disclosure_reason,
        contact_name=reply.contact_name, contact_phone=reply.contact_phone,
    )
    codes = frozenset(c.code for c in settings.resolution_categories(reply.proposal.channel))
    missing = incomplete(fields, codes)
    if missing:
        raise Invalid({FIELD_NAMES.get(name, name): str(MISSING[name]) for name in missing})


def _checked(actor: User, reply_id: int, action: str, version: int | None = None) -> Reply:
    reply = get_reply(actor, reply_id)
    check(REPLY, action, reply.state, reply_roles(actor, reply))
    check_version(reply.version, version)
    return reply


def _note(note: str | None, message: str) -> str:
    note = (note or "").strip()
    if not note:
        raise Invalid({"note": message})
    if len(note) > NOTE_MAX:
        raise Invalid({"note": _("At most %(n)d characters.", n=NOTE_MAX)})
    return note


def _move(reply: Reply, target: R, event: str, actor: User | None, now: datetime, note: str | None = None,
          assignment_id: int | None = None) -> Event:
    recorded = events.record(
        event, now, actor, proposal_id=reply.proposal_id, assignment_id=assignment_id or reply.assignment_id,
        from_state=reply.state, to_state=target, note=note,
    )
    reply.state, reply.updated_at = target, now
    return recorded
