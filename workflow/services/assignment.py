"""Assigning bureaus (交办), signing for, and reassignment (SPEC 3.2)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from workflow.domain.assignment import (
    ACTIVE_STATES,
    ASSIGNMENT,
    HANDLED_ITEM_STATES,
    AssignmentRole,
    AssignmentState,
    CompositionError,
    check_composition,
    open_in_item,
)
from workflow.domain.calendar import WorkCalendar
from workflow.domain.clocks import CO_CLOCKS, LEAD_CLOCKS, ClockKind, DueState, due_state
from workflow.domain.deadlines import due_date, fixed_due, local_date
from workflow.domain.lifecycle import PROPOSAL, ProposalState
from workflow.domain.notices import Notice
from workflow.extensions import db
from workflow.models import Assignment, Bureau, Clock, Event, Proposal, User
from workflow.services import access, calendar, clocks, events, notices, text_index
from workflow.services.errors import Invalid, StateConflict
from workflow.services.guard import check, check_version, guarded, touch
from workflow.services.moves import move_proposal

A = AssignmentState

COMPOSITION_MESSAGES = {
    "duplicate_bureau": _l("A bureau can be assigned only once."),
    "lead_and_separate": _l("Choose either one lead bureau or separate bureaus, not both."),
    "several_leads": _l("There can be only one lead bureau."),
    "no_lead": _l("Choose a lead bureau, or one or more separate bureaus."),
}


@dataclass(frozen=True)
class BureauChoice:
    bureau_id: int
    role: str


@guarded
def assign(
    actor: User,
    proposal_id: int,
    choices: list[BureauChoice],
    now: datetime,
    reply_due: date | None = None,
    version: int | None = None,
) -> list[Assignment]:
    proposal = access.get_proposal(actor, proposal_id)
    check(PROPOSAL, "assign", proposal.state, access.proposal_roles(actor, proposal))
    check_version(proposal.version, version)
    touch(proposal)  # the composition is checked against the assignments as they are
    if proposal.merged_into_id is not None:
        raise StateConflict(_("A merged item is handled with the item it joined; assign that one."), proposal.state)
    _validate(proposal, choices, reply_due, now)
    created = _create(proposal, choices, actor, now, reply_due)
    text_index.learn(proposal)  # suggested bureaus learn from every assignment the office makes
    db.session.commit()
    return created


@guarded
def receive(actor: User, assignment_id: int, now: datetime, version: int | None = None) -> Assignment:
    assignment = _checked(actor, assignment_id, "receive", version)
    assignment.received_at, assignment.received_by_id = now, actor.id
    event = _move(assignment, A.RECEIVED, "receive", actor, now)
    clocks.stop(now, assignment_id=assignment.id, kinds=[ClockKind.RECEIPT])
    if assignment.role != AssignmentRole.CO:  # the proposer's contact is the bureau that answers
        notices.announce(Notice.CONTACT, event, assignment, now, actor=actor)
    db.session.commit()
    return assignment


@guarded
def request_reassignment(actor: User, assignment_id: int, reason: str, now: datetime) -> Assignment:
    assignment = _checked(actor, assignment_id, "request-reassignment")
    window = _clock(assignment, ClockKind.REASSIGN_WINDOW)
    if window is not None and due_state(window.kind, window.due_date, now) == DueState.CLOSED:
        raise StateConflict(
            _("The window for reassignment requests closed on %(day)s.", day=window.due_date.isoformat()),
            assignment.state,
        )
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": _("Say why another bureau should handle it.")})
    assignment.reassignment_reason = reason
    event = _move(assignment, A.REASSIGNMENT_REQUESTED, "request-reassignment", actor, now, note=reason)
    clocks.stop(now, assignment_id=assignment.id, kinds=[ClockKind.RECEIPT])
    clocks.start(ClockKind.REASSIGN_ANSWER, assignment.proposal, now, calendar.load(), assignment)
    notices.announce(Notice.REASSIGN_ASKED, event, assignment, now, actor=actor, note=reason)
    db.session.commit()
    return assignment


@guarded
def decide_reassignment(
    actor: User,
    assignment_id: int,
    approve: bool,
    note: str | None,
    now: datetime,
    choices: list[BureauChoice] | None = None,
    reply_due: date | None = None,
) -> Assignment:
    """Approve (退办 granted) or refuse a reassignment request. Approving may name the new bureaus
    in the same step (`choices`); without them an item left with no bureau that answers it waits on
    the office's work list as 待重新交办, on the reassign clock (SPEC 3.2)."""
    action = "approve-reassignment" if approve else "refuse-reassignment"
    assignment = _checked(actor, assignment_id, action)
    note = (note or "").strip() or None
    if not approve and not note:
        raise Invalid({"note": _("Say why the request is refused; the bureau is told.")})
    if not approve and choices:
        raise Invalid({"bureaus": _("New bureaus are named only when the request is approved.")})
    assignment.decision_note = note
    if approve:
        event = _move(assignment, A.WITHDRAWN, action, actor, now, note=note)
        clocks.stop(now, assignment_id=assignment.id)
        notices.announce(Notice.REASSIGN_DECIDED, event, assignment, now, actor=actor, note=note)
        _assign_again(assignment.proposal, choices or [], actor, now, reply_due)
        text_index.learn(assignment.proposal)
    else:
        event = _move(assignment, A.RECEIVED, action, actor, now, note=note)
        assignment.received_at = assignment.received_at or now
        notices.announce(Notice.REASSIGN_DECIDED, event, assignment, now, actor=actor, note=note)
        clocks.stop(now, assignment_id=assignment.id, kinds=[ClockKind.REASSIGN_ANSWER, ClockKind.RECEIPT])
    db.session.commit()
    return assignment


@guarded
def withdraw(actor: User, assignment_id: int, note: str | None, now: datetime) -> Assignment:
    """The office takes an item back from a bureau on its own (it then assigns again)."""
    assignment = _checked(actor, assignment_id, "withdraw")
    note = (note or "").strip()
    if not note:
        raise Invalid({"note": _("Say why the assignment is withdrawn.")})
    event = _move(assignment, A.WITHDRAWN, "withdraw", actor, now, note=note)
    clocks.stop(now, assignment_id=assignment.id)
    notices.announce(Notice.WITHDRAWN, event, assignment, now, actor=actor, note=note)
    _assign_again(assignment.proposal, [], actor, now, None)
    text_index.learn(assignment.proposal)
    db.session.commit()
    return assignment


def waits_for_assignment(proposal: Proposal) -> bool:
    """待重新交办: the item is in handling and no bureau answers it any more."""
    if proposal.state not in HANDLED_ITEM_STATES:
        return False
    return not any(a.role != AssignmentRole.CO for a in _active(proposal))


def _assign_again(
    proposal: Proposal, choices: list[BureauChoice], actor: User, now: datetime, reply_due: date | None
) -> None:
    """After a withdrawal: assign the bureaus named in the same step, or, when none answers the item
    now, start the office's reassign clock (once: a second withdrawal does not restart it)."""
    db.session.flush()
    if choices:
        _validate(proposal, choices, reply_due, now)
        _create(proposal, choices, actor, now, reply_due)
        return
    if waits_for_assignment(proposal) and not _running(proposal, ClockKind.REASSIGN):
        clocks.start(ClockKind.REASSIGN, proposal, now, calendar.load())


def _running(proposal: Proposal, kind: ClockKind) -> bool:
    query = select(Clock.id).where(Clock.proposal_id == proposal.id, Clock.assignment_id.is_(None),
                                   Clock.kind == kind, Clock.stopped_at.is_(None))
    return db.session.execute(query).first() is not None


def due_preview(choices: list[BureauChoice], now: datetime, reply_due: date | None = None) -> dict[str, dict]:
    """The due dates an assignment made now would get, per role, for the assign screen."""
    cal = calendar.load()
    preview = {}
    for role in {c.role for c in choices} or set(AssignmentRole):
        kinds = CO_CLOCKS if role == AssignmentRole.CO else LEAD_CLOCKS
        preview[role] = {str(k): _due(k, now, cal, reply_due) for k in kinds}
    return preview


def _due(kind: ClockKind, now: datetime, cal: WorkCalendar, reply_due: date | None):
    if kind == ClockKind.REPLY and reply_due is not None:
        return fixed_due(reply_due, cal)  # as clocks.start will keep it
    return due_date(local_date(now), clocks.period_of(kind), cal)


def _validate(proposal: Proposal, choices: list[BureauChoice], reply_due: date | None, now: datetime) -> None:
    if not choices:
        raise Invalid({"bureaus": _("Choose at least one bureau.")})
    ids = [c.bureau_id for c in choices]
    bureaus = {b.id: b for b in db.session.execute(select(Bureau).where(Bureau.id.in_(ids))).scalars()}
    if any(i not in bureaus or not bureaus[i].active for i in ids):
        raise Invalid({"bureaus": _("Choose bureaus from the list.")})
    if any(c.role not in set(AssignmentRole) for c in choices):
        raise Invalid({"bureaus": _("Choose lead, co-handling or separate for each bureau.")})
    existing = _active(proposal)
    try:
        check_composition(
            [a.role for a in existing] + [c.role for c in choices],
            [a.bureau_id for a in existing] + ids,
        )
    except CompositionError as exc:
        raise Invalid({"bureaus": str(COMPOSITION_MESSAGES[exc.code])}) from None
    if reply_due is not None and reply_due <= local_date(now):
        raise Invalid({"reply_due": _("The reply due date must lie in the future.")})


def _create(
    proposal: Proposal, choices: list[BureauChoice], actor: User, now: datetime, reply_due: date | None
) -> list[Assignment]:
    cal = calendar.load()
    created = []
    for choice in choices:
        assignment = Assignment(
            proposal_id=proposal.id,
            bureau_id=choice.bureau_id,
            role=choice.role,
            state=A.PENDING_RECEIPT,
            assigned_at=now,
            assigned_by_id=actor.id,
        )
        db.session.add(assignment)
        db.session.flush()
        kinds = CO_CLOCKS if choice.role == AssignmentRole.CO else LEAD_CLOCKS
        for kind in kinds:
            fixed = reply_due if kind == ClockKind.REPLY else None
            clocks.start(kind, proposal, now, cal, assignment, fixed_due=fixed)
        event = events.record(
            "assign", now, actor, proposal_id=proposal.id, assignment_id=assignment.id, to_state=A.PENDING_RECEIPT
        )
        notices.announce(Notice.ASSIGNED, event, assignment, now, actor=actor)
        created.append(assignment)
    if created:  # the proposers learn which bureaus handle their item, once per step
        notices.announce_item(Notice.HANDLERS, event, proposal.id, now, actor=actor)
    if proposal.state == ProposalState.FILED:  # re-handling stays re-handling with a new bureau
        move_proposal(proposal, ProposalState.IN_HANDLING, "assign", actor, now)
    if not waits_for_assignment(proposal):
        clocks.stop(now, proposal_id=proposal.id, kinds=[ClockKind.REASSIGN])
    return created


def _active(proposal: Proposal) -> list[Assignment]:
    query = select(Assignment).where(
        Assignment.proposal_id == proposal.id, Assignment.state.in_([str(s) for s in ACTIVE_STATES])
    )
    return db.session.execute(query).scalars().all()


def _checked(actor: User, assignment_id: int, action: str, version: int | None = None) -> Assignment:
    assignment = access.get_assignment(actor, assignment_id)
    check(ASSIGNMENT, action, assignment.state, access.assignment_roles(actor, assignment))
    if not open_in_item(action, assignment.proposal.state):
        raise StateConflict(_("The item is no longer being handled: its bureaus stay as they are."), assignment.state)
    check_version(assignment.version, version)
    return assignment


def _clock(assignment: Assignment, kind: ClockKind) -> Clock | None:
    query = select(Clock).where(Clock.assignment_id == assignment.id, Clock.kind == kind)
    return db.session.execute(query.order_by(Clock.id.desc())).scalars().first()


def _move(assignment: Assignment, target: A, action: str, actor: User, now: datetime, note: str | None = None) -> Event:
    event = events.record(
        action, now, actor, proposal_id=assignment.proposal_id, assignment_id=assignment.id,
        from_state=assignment.state, to_state=target, note=note,
    )
    assignment.state = target
    return event
