"""Notification rows caused by one event (the office's 催办, event notices), written in the
caller's transaction and handed to the senders once it commits.

The sweep writes the rows of the clocks' thresholds itself; these are the rows of a person's
action. They go through the same table, sender and bell. Their threshold names the event
("manual:<event>", "event:<notice>:<event>…"), and each event is written once by the service
that records it, so its rows exist once per recipient even where the unique key cannot hold
(a NULL clock or due date).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import event as orm_event
from sqlalchemy import select

from workflow.domain.reminders import next_digest_time
from workflow.extensions import db
from workflow.models import Assignment, Clock, Delivery, DeliveryState, Event, Notification
from workflow.services import calendar, delivery, sms_delivery
from workflow.services.recipients import Person
from workflow.services.upsert import insert_ignoring

KEY = ("clock_id", "due_date", "threshold", "recipient_id")
_WRITTEN = "outbox.written"  # session.info: rows of the open transaction, sent once it commits


def rows(
    event: Event,
    threshold: str,
    recipients: Iterable[Person],
    assignment: Assignment | None,
    now: datetime,
    *,
    clock: Clock | None = None,
    of_clock: bool = True,
    note: str | None = None,
    proposal_id: int | None = None,
) -> list[dict]:
    """One row per recipient; a digest reader's row waits for their next digest. `clock` gives
    the due date the e-mail shows; with `of_clock` the row is also keyed to that clock (a 催办
    is about the clock; a notice is about its event and only shows the date). A notice about the
    item itself (filed, not filed) has no assignment: `proposal_id` names the item."""
    next_digest = next_digest_time(now, calendar.load())
    return [
        {
            "clock_id": clock.id if clock is not None and of_clock else None,
            "proposal_id": assignment.proposal_id if assignment is not None else proposal_id,
            "assignment_id": assignment.id if assignment is not None else None,
            "clock_kind": str(clock.kind) if clock else None,
            "due_date": clock.due_date if clock else None,
            "due_provisional": bool(clock and clock.provisional),
            "threshold": threshold,
            "recipient_id": person.id,
            "delivery": str(Delivery.DIGEST if person.digest else Delivery.SINGLE),
            **email_columns(person),
            "attempts": 0,
            "next_attempt_at": next_digest if person.digest else now,
            "event_id": event.id,
            "note": note,
            "created_at": now,
            **sms_delivery.row_columns(person, threshold.partition(":")[0], now),
        }
        for person in recipients
    ]


def email_columns(person: Person) -> dict:
    """The e-mail's state of a new row: skipped when the person has no address or chose no e-mail."""
    if not person.email_on:
        return {"state": str(DeliveryState.SKIPPED), "last_error": "e-mail turned off"}
    if not person.email:
        return {"state": str(DeliveryState.SKIPPED), "last_error": "no e-mail address"}
    return {"state": str(DeliveryState.PENDING), "last_error": None}


def write(new_rows: list[dict]) -> int:
    """Insert the rows; the senders get them after the transaction commits, never before (and
    never, if it rolls back). Returns how many were written."""
    inserted = insert_ignoring(
        Notification, new_rows, KEY,
        returning=(Notification.id, Notification.recipient_id, Notification.delivery, Notification.state,
                   Notification.sms_state),
    )
    db.session.info.setdefault(_WRITTEN, []).extend(inserted)
    return len(inserted)


def first_running(assignment: Assignment, kinds: Iterable[str]) -> Clock | None:
    """The assignment's running clock of the first of `kinds` that has one."""
    kinds = [str(k) for k in kinds]
    if not kinds:
        return None
    running = db.session.execute(
        select(Clock).where(Clock.assignment_id == assignment.id, Clock.stopped_at.is_(None),
                            Clock.kind.in_(kinds))
    ).scalars().all()
    ranked = sorted(running, key=lambda c: (kinds.index(c.kind), c.id))
    return ranked[0] if ranked else None


@orm_event.listens_for(db.session, "after_commit")
def _hand_over(session) -> None:
    written = session.info.pop(_WRITTEN, None)
    if written:
        pending = [r for r in written if r.state == DeliveryState.PENDING]
        delivery.enqueue([r.id for r in pending if r.delivery == Delivery.SINGLE],
                         {r.recipient_id for r in pending if r.delivery == Delivery.DIGEST})
        sms_delivery.enqueue([r.id for r in written if r.sms_state == DeliveryState.PENDING])


@orm_event.listens_for(db.session, "after_transaction_end")
def _forget(session, transaction) -> None:
    if transaction.parent is None:  # rolled back (a commit has handed them over already)
        session.info.pop(_WRITTEN, None)
