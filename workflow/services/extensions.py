"""Extension requests (延期) and the office's decision (SPEC 3.3). A grant moves the running reply
clock, never past the maximum total period from its start."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from workflow.domain.clocks import ANSWER_CLOCKS, MAX_REPLY_PERIOD
from workflow.domain.deadlines import Period, fixed_due
from workflow.domain.extension import EXTENSION, OPEN_STATES, ExtensionState, ceiling, check_new_due, first_state
from workflow.domain.notices import Notice
from workflow.extensions import db
from workflow.models import Assignment, Clock, ExtensionRequest, User
from workflow.services import access, calendar, events, notices, reminders
from workflow.services.errors import Invalid, StateConflict
from workflow.services.guard import check, check_version, commit
from workflow.services.handling import checked_assignment, require_handling
from workflow.services.reply_access import get_extension

E = ExtensionState
REASON_MAX = 2000


def request(actor: User, assignment_id: int, reason: str, asked_due: date | None, now: datetime) -> ExtensionRequest:
    assignment = checked_assignment(actor, assignment_id, "request-extension")
    if _open_request(assignment) is not None:
        raise StateConflict(_("An extension request of this assignment already waits for a decision."), assignment.state)
    clock = answer_clock(assignment)
    if clock is None:
        raise StateConflict(_("No reply clock runs for this assignment."), assignment.state)
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why the reply needs more time.")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("At most %(n)d characters.", n=REASON_MAX)
    problem = _due_problem(clock, asked_due)
    if problem:
        errors["asked_due"] = problem
    if errors:
        raise Invalid(errors)
    row = ExtensionRequest(
        proposal_id=assignment.proposal_id, assignment_id=assignment.id, clock_id=clock.id,
        state=first_state(access.assignment_roles(actor, assignment)), reason=reason, current_due=clock.due_date,
        asked_due=asked_due, requested_by_id=actor.id, requested_at=now,
    )
    db.session.add(row)
    event = events.record(
        "request-extension", now, actor, proposal_id=assignment.proposal_id, assignment_id=assignment.id,
        to_state=row.state, note=reason, changes={"due_date": [clock.due_date.isoformat(), asked_due.isoformat()]},
    )
    _announce(row, event, actor, now, reason)
    commit()
    return row


def endorse(actor: User, request_id: int, now: datetime, version: int | None = None) -> ExtensionRequest:
    row = _checked(actor, request_id, "endorse", version)
    row.endorsed_by_id = actor.id
    _move(row, E.AWAITING_OFFICE, "endorse-extension", actor, now)
    commit()
    return row


def decline(actor: User, request_id: int, note: str | None, now: datetime, version: int | None = None) -> ExtensionRequest:
    """The bureau leader stops the request before it reaches the office."""
    return _refuse(actor, request_id, note, now, version, "decline")


def grant(actor: User, request_id: int, due: date | None, note: str | None, now: datetime,
          version: int | None = None) -> ExtensionRequest:
    """Grant the date asked, or the office's own (earlier) date; the reply clock moves there."""
    row = _checked(actor, request_id, "grant", version)
    due = due or row.asked_due
    clock = row.clock
    if clock.stopped_at is not None:
        raise StateConflict(_("The reply clock has stopped: the reply was sent."), row.state)
    problem = _due_problem(clock, due)
    if problem:
        raise Invalid({"due": problem})
    previous = clock.due_date
    # A fixed date from now on: a calendar change never moves it earlier (services/clocks.py),
    # only past a day that has become a day off; it is 待定 while its year is not imported.
    cal = calendar.load()
    moved = fixed_due(due, cal)
    clock.due_date, clock.provisional, clock.period = moved.date, moved.provisional, None
    reminders.reschedule(clock, now, cal)  # reminders follow the new due date
    row.granted_due, row.decision_note = due, (note or "").strip() or None
    row.decided_by_id, row.decided_at = actor.id, now
    _move(row, E.GRANTED, "grant-extension", actor, now, row.decision_note,
          changes={"due_date": [previous.isoformat(), moved.date.isoformat()]})
    commit()
    return row


def refuse(actor: User, request_id: int, note: str | None, now: datetime, version: int | None = None) -> ExtensionRequest:
    return _refuse(actor, request_id, note, now, version, "refuse")


def _refuse(actor: User, request_id: int, note: str | None, now: datetime, version: int | None, action: str):
    row = _checked(actor, request_id, action, version)
    row.decision_note = _required_note(note)
    row.decided_by_id, row.decided_at = actor.id, now
    _move(row, E.REFUSED, f"{action}-extension", actor, now, row.decision_note)
    commit()
    return row


def answer_clock(assignment: Assignment) -> Clock | None:
    query = select(Clock).where(
        Clock.assignment_id == assignment.id, Clock.kind.in_([str(k) for k in ANSWER_CLOCKS]),
        Clock.stopped_at.is_(None),
    )
    return db.session.execute(query.order_by(Clock.id.desc())).scalars().first()


def limit_for(clock: Clock) -> date:
    return ceiling(clock.start_date, Period.parse(MAX_REPLY_PERIOD), calendar.load())


def available(actor: User, row: ExtensionRequest) -> list[str]:
    return EXTENSION.available(row.state, access.assignment_roles(actor, row.assignment))


def _due_problem(clock: Clock, wanted: date | None) -> str | None:
    if wanted is None:
        return _("Enter the due date you ask for.")
    problem = check_new_due(clock.due_date, wanted, limit_for(clock))
    if problem is None:
        return None
    if problem.code == "not_later":
        return _("Ask for a date after the current due date, %(day)s.", day=problem.limit.isoformat())
    return _("At most %(day)s: a reply may take %(max)s in total.", day=problem.limit.isoformat(), max=MAX_REPLY_PERIOD)


def _open_request(assignment: Assignment) -> ExtensionRequest | None:
    query = select(ExtensionRequest).where(
        ExtensionRequest.assignment_id == assignment.id, ExtensionRequest.state.in_([str(s) for s in OPEN_STATES])
    )
    return db.session.execute(query).scalars().first()


def _checked(actor: User, request_id: int, action: str, version: int | None) -> ExtensionRequest:
    row = get_extension(actor, request_id)
    check(EXTENSION, action, row.state, access.assignment_roles(actor, row.assignment))
    if action in ("endorse", "decline"):
        require_handling(row.assignment)
    check_version(row.version, version)
    return row


def _required_note(note: str | None) -> str:
    note = (note or "").strip()
    if not note:
        raise Invalid({"note": _("Say why; the bureau is told.")})
    if len(note) > REASON_MAX:
        raise Invalid({"note": _("At most %(n)d characters.", n=REASON_MAX)})
    return note


def _move(row: ExtensionRequest, target: E, event: str, actor: User, now: datetime, note: str | None = None,
          changes: dict | None = None) -> None:
    recorded = events.record(event, now, actor, proposal_id=row.proposal_id, assignment_id=row.assignment_id,
                             from_state=row.state, to_state=target, note=note, changes=changes)
    row.state = target
    _announce(row, recorded, actor, now, note)


# Who must act next on a request in each state (issue 9 §3): its bureau's leaders, the office, or,
# once decided, the bureau that asked.
_NOTICE_OF_STATE = {
    E.AWAITING_LEADER: Notice.EXTENSION_ENDORSE,
    E.AWAITING_OFFICE: Notice.EXTENSION_ASKED,
    E.GRANTED: Notice.EXTENSION_DECIDED,
    E.REFUSED: Notice.EXTENSION_DECIDED,
}


def _announce(row: ExtensionRequest, event, actor: User, now: datetime, note: str | None) -> None:
    notice = _NOTICE_OF_STATE.get(E(row.state))
    if notice in (Notice.EXTENSION_ENDORSE, Notice.EXTENSION_ASKED):
        note = row.reason  # whoever decides reads why the bureau asks
    if notice is not None:
        notices.announce(notice, event, db.session.get(Assignment, row.assignment_id), now, actor=actor, note=note)


