"""Event notices (domain/notices.py): the services that change a state call `announce` with the
event they recorded, in the same transaction, so a rollback leaves no notice and a request
refused the second time writes none twice."""
from __future__ import annotations

from datetime import datetime

from workflow.domain import notices as domain
from workflow.domain.notices import Notice, NoticeKey
from workflow.extensions import db
from workflow.models import Assignment, Clock, Event, Reply, User
from workflow.services import outbox
from workflow.services.guard import committing
from workflow.services.recipients import Directory


def announce(
    notice: Notice,
    event: Event,
    assignment: Assignment,
    now: datetime,
    *,
    actor: User | None,
    reply: Reply | None = None,
    note: str | None = None,
    clock: Clock | None = None,
) -> int:
    """Write the notice's rows for the people its rule names; returns how many. `clock`: the clock
    the notice is about, when it is one (a moved due date), instead of the rule's first running."""
    with committing():  # the flush checks the reply's version early: a lost race reads as a stale edit
        db.session.flush()  # for the event's id, the reply's versions, the clocks just started
    reply_id = reply.id if reply is not None else None
    people = Directory([assignment.proposal_id], [assignment.id], [reply_id] if reply_id else [])
    ids = domain.recipients(
        notice, lambda audience: people.ids(audience, assignment.proposal_id, assignment.id, reply_id),
        actor.id if actor is not None else None,
    )
    recipients = [people.people[i] for i in ids if i in people.people]
    key = NoticeKey(notice, event.id, reply_id)
    clock = clock or outbox.first_running(assignment, domain.RULES[notice].clocks)
    return outbox.write(outbox.rows(event, str(key), recipients, assignment, now, clock=clock, of_clock=False,
                                    note=note))


def announce_item(
    notice: Notice, event: Event, proposal_id: int, now: datetime, *, actor: User | None, note: str | None = None,
) -> int:
    """A notice about the item itself, for its proposers or the office (filed, not filed, merged,
    a co-signature asked): rows without an assignment."""
    db.session.flush()  # for the event's id
    people = Directory([proposal_id], [])
    ids = domain.recipients(notice, lambda audience: people.ids(audience, proposal_id, None),
                            actor.id if actor is not None else None)
    recipients = [people.people[i] for i in ids if i in people.people]
    return outbox.write(outbox.rows(event, str(NoticeKey(notice, event.id)), recipients, None, now,
                                    of_clock=False, note=note, proposal_id=proposal_id))
