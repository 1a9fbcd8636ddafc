"""The office's decisions after the reply (SPEC 3.3, 3.4): re-handling or closing an item rated
unsatisfied, and correcting a reply's resolution category."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from workflow.domain.clocks import ClockKind
from workflow.domain.lifecycle import PROPOSAL, CloseReason, ProposalState
from workflow.domain.notices import Notice
from workflow.domain.reply import REPLY
from workflow.models import Proposal, Reply, User
from workflow.services import access, calendar, clocks, events, notices, progress, settings
from workflow.services.errors import Invalid, StateConflict
from workflow.services.guard import check, commit, guarded
from workflow.services.moves import move_proposal
from workflow.services.reply_access import get_reply, reply_roles

NOTE_MAX = 2000


@guarded
def order_rehandling(actor: User, proposal_id: int, note: str | None, now: datetime) -> Proposal:
    """重新办理: each bureau whose reply was rated unsatisfied writes a new one, on a new clock;
    the earlier reply, its feedback and the log stay."""
    proposal = _checked(actor, proposal_id, "order-rehandling")
    note = _clean(note, required=False)
    cal = calendar.load()
    for assignment, _reply in progress.unsatisfied(proposal):
        event = events.record("rehandle", now, actor, proposal_id=proposal.id, assignment_id=assignment.id,
                              changes={"round": [assignment.round, assignment.round + 1]})
        assignment.round += 1
        clocks.start(ClockKind.REHANDLING, proposal, now, cal, assignment)
        notices.announce(Notice.REHANDLING, event, assignment, now, actor=actor, note=note)
    move_proposal(proposal, ProposalState.REHANDLING, "order-rehandling", actor, now, note=note)
    commit()
    return proposal


@guarded
def close(actor: User, proposal_id: int, note: str | None, now: datetime) -> Proposal:
    """Close an item rated unsatisfied, with the office's note."""
    proposal = _checked(actor, proposal_id, "close")
    note = _clean(note, required=True)
    event = progress.close(proposal, CloseReason.OFFICE, note, actor, now, "close")
    notices.announce_item(Notice.CLOSED, event, proposal.id, now, actor=actor, note=note)
    commit()
    return proposal


@guarded
def correct_category(actor: User, reply_id: int, resolution: str | None, note: str | None, now: datetime) -> Reply:
    """The office corrects the resolution category after review; the letter as sent keeps its
    own, the figures use the corrected one, and the log says who changed what and why."""
    reply = get_reply(actor, reply_id)
    check(REPLY, "correct-category", reply.state, reply_roles(actor, reply))
    codes = [c.code for c in settings.resolution_categories(reply.proposal.channel)]
    errors = {}
    if resolution not in codes:
        errors["resolution"] = _("Choose a resolution category of the list.")
    elif resolution == reply.resolution:
        errors["resolution"] = _("This is the category already.")
    note = (note or "").strip()
    if not note:
        errors["note"] = _("Say why the category is corrected.")
    if errors:
        raise Invalid(errors)
    events.record("correct-category", now, actor, proposal_id=reply.proposal_id, assignment_id=reply.assignment_id,
                  note=_clean(note, required=True), changes={"resolution": [reply.resolution, resolution]})
    reply.resolution, reply.updated_at = resolution, now
    commit()
    return reply


def _checked(actor: User, proposal_id: int, action: str) -> Proposal:
    proposal = access.get_proposal(actor, proposal_id)
    check(PROPOSAL, action, proposal.state, access.proposal_roles(actor, proposal))
    if not progress.unsatisfied(proposal):
        raise StateConflict(_("No reply of this item was rated unsatisfied; nothing waits for a decision."),
                            proposal.state)
    return proposal


def _clean(note: str | None, required: bool) -> str | None:
    note = (note or "").strip()
    if required and not note:
        raise Invalid({"note": _("Write the note that closes the item; the proposer reads it.")})
    if len(note) > NOTE_MAX:
        raise Invalid({"note": _("At most %(n)d characters.", n=NOTE_MAX)})
    return note or None
