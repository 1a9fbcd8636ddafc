"""Supervision notes (督办意见, SPEC 3.6): the office writes them, optionally to one assigned
bureau, whose clerks are told at once; the office and that bureau read them, proposers never."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workflow.domain import supervision as domain
from workflow.domain.assignment import ACTIVE_STATES
from workflow.domain.lifecycle import PROPOSAL
from workflow.domain.notices import Notice
from workflow.extensions import db
from workflow.models import Assignment, Proposal, Role, SupervisionNote, User
from workflow.services import access, events, notices
from workflow.services.errors import Invalid
from workflow.services.guard import check


def write_note(
    actor: User, proposal_id: int, body: str | None, now: datetime, assignment_id: int | None = None
) -> SupervisionNote:
    proposal = access.get_proposal(actor, proposal_id)
    check(PROPOSAL, "supervise", proposal.state, access.proposal_roles(actor, proposal))
    text = domain.clean_body(body)
    if not text:
        raise Invalid({"body": _("Write the supervision note.")})
    if len(text) > domain.BODY_MAX:
        raise Invalid({"body": _("The note is too long (at most %(n)d characters).", n=domain.BODY_MAX)})
    target = _addressed(proposal, assignment_id)
    note = SupervisionNote(
        proposal_id=proposal.id, assignment_id=target.id if target else None, body=text,
        created_by_id=actor.id, created_at=now,
    )
    db.session.add(note)
    # The event marks the step on the timeline; the text stays in the note, which only its readers see.
    event = events.record("supervise", now, actor, proposal_id=proposal.id,
                          assignment_id=target.id if target else None)
    if target is not None:
        notices.announce(Notice.SUPERVISED, event, target, now, actor=actor, note=text)
    db.session.commit()
    return note


def notes_for(reader: User, proposal: Proposal) -> list[SupervisionNote]:
    """The notes of an item that `reader` may read, oldest first."""
    office = access.sees_everything(reader)
    bureaus = {reader.bureau_id} if reader.bureau_id and _bureau_user(reader) else set()
    if not office and not bureaus:
        return []
    query = (
        select(SupervisionNote).where(SupervisionNote.proposal_id == proposal.id)
        .options(selectinload(SupervisionNote.assignment).selectinload(Assignment.bureau),
                 selectinload(SupervisionNote.created_by))
        .order_by(SupervisionNote.id)
    )
    notes = db.session.execute(query).scalars().all()
    return [n for n in notes if domain.may_read(n.bureau_id, office=office, reader_bureau_ids=bureaus)]


def _addressed(proposal: Proposal, assignment_id: int | None) -> Assignment | None:
    """The assignment a note goes to: one of the item's, not withdrawn."""
    if assignment_id is None:
        return None
    found = next((a for a in proposal.assignments if a.id == assignment_id and a.state in ACTIVE_STATES), None)
    if found is None:
        raise Invalid({"assignment_id": _("Choose a bureau this item is assigned to.")})
    return found


def _bureau_user(user: User) -> bool:
    return user.has_role(Role.CLERK) or user.has_role(Role.APPROVER)
