"""Delivering notification rows by e-mail, at least once and, unless a sender dies between the
mail server's "250 OK" and its own commit, exactly once.

A sender claims rows in one UPDATE (state pending, not leased by a live sender, due to be tried):
the claim leases them for NOTIFY_CLAIM_SECONDS and counts the attempt. It then sends each message
and marks its rows sent in a commit of their own. A sender killed mid-batch leaves leased rows
that the requeue job hands out again once the lease has passed; rows already marked sent are
never claimed again. A mail server that fails puts the rows back with a backoff, and after
NOTIFY_MAX_ATTEMPTS tries they show as failed for an admin to retry.

Celery carries only row ids, so a broker that lost its messages loses nothing: `stale()` finds
every pending row from the database.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from workflow.clock import utcnow
from workflow.domain.reminders import retry_delay
from workflow.extensions import db
from workflow.mail.compose import Composer
from workflow.mail.transport import PermanentFailure, TemporaryFailure, open_transport
from workflow.models import Assignment, Delivery, DeliveryState, MailboxMessage, Notification, User
from workflow.services import calendar, joblocks

log = logging.getLogger(__name__)

# The tasks that send, by name: services hand work to Celery without importing `tasks`.
DELIVER_TASK = "tasks.notifications.deliver"
DELIVER_DIGEST_TASK = "tasks.notifications.deliver_digest"
P = DeliveryState


@dataclass
class Outcome:
    sent: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)  # put back, to be tried again after `delay`
    failed: list[int] = field(default_factory=list)
    delay: float | None = None

    def summary(self) -> dict:
        return {"sent": len(self.sent), "retry": len(self.retry), "failed": len(self.failed)}


def deliver(ids: Iterable[int], now: datetime | None = None) -> Outcome:
    """Send the single-delivery rows among `ids` that are pending and free to claim."""
    now = now or utcnow()
    token = uuid.uuid4().hex
    claimed = _claim([Notification.id.in_(list(ids)), Notification.delivery == Delivery.SINGLE], now, token)
    outcome = Outcome()
    if not claimed:
        return outcome
    rows = _load(claimed)
    config = current_app.config
    messages, unwritable = [], []
    with Composer(now, calendar.load()).open() as composer:
        # All messages first: each row marked sent below is its own commit, which expires what
        # the session loaded.
        for row in rows:
            try:
                messages.append((row.id, composer.single(row)))
            except UNWRITABLE as exc:
                unwritable.append((row.id, exc))
    for row_id, exc in unwritable:  # the same message cannot be written next time either
        _put_back([row_id], token, now, _unwritable(exc), outcome, permanent=True)
    with open_transport(config) as transport:
        for position, (row_id, message) in enumerate(messages):
            try:
                copy = transport.send(message, [row_id], now)
            except TemporaryFailure as exc:
                _put_back([i for i, _ in messages[position:]], token, now, exc.summary, outcome)
                break
            except PermanentFailure as exc:
                _put_back([row_id], token, now, exc.summary, outcome, permanent=True)
            else:
                _mark_sent([row_id], token, now, outcome, copy)
    return outcome


def deliver_digest(recipient_id: int, now: datetime | None = None) -> Outcome:
    """Send one e-mail gathering a recipient's digest rows whose time has come."""
    now = now or utcnow()
    token = uuid.uuid4().hex
    claimed = _claim([Notification.recipient_id == recipient_id, Notification.delivery == Delivery.DIGEST], now, token)
    outcome = Outcome()
    if not claimed:
        return outcome
    rows = _load(claimed)
    try:
        with Composer(now, calendar.load()).open() as composer:
            message = composer.digest(rows[0].recipient, rows)
    except UNWRITABLE as exc:
        _put_back(claimed, token, now, _unwritable(exc), outcome, permanent=True)
        return outcome
    with open_transport(current_app.config) as transport:
        try:
            copy = transport.send(message, claimed, now)
        except TemporaryFailure as exc:
            _put_back(claimed, token, now, exc.summary, outcome)
        except PermanentFailure as exc:
            _put_back(claimed, token, now, exc.summary, outcome, permanent=True)
        else:
            _mark_sent(claimed, token, now, outcome, copy)
    return outcome


# What writing a message raises when its recipient's address or name cannot be put in a header
# (no address, one that is not ASCII, a line break): the notice can never be sent as it is, so
# it fails at once for an admin to see (Administration → Notifications), rather than being
# leased and tried again without end.
UNWRITABLE = (ValueError, TypeError, AttributeError, UnicodeError)


def _unwritable(exc: Exception) -> str:
    return f"cannot write the message: {type(exc).__name__}"


def stale(now: datetime | None = None, older_than: float | None = None, limit: int = 10_000):
    """Pending rows due to be tried and leased by nobody alive, as (single ids, digest recipients).

    The requeue job sends these again: rows whose task a flushed broker lost, whose sender was
    killed, or whose retry message never came back."""
    now = now or utcnow()
    if older_than is None:
        older_than = current_app.config.get("NOTIFY_REQUEUE_AFTER_SECONDS", 120)
    query = (
        select(Notification.id, Notification.recipient_id, Notification.delivery)
        .where(
            Notification.state == P.PENDING,
            Notification.next_attempt_at <= now - timedelta(seconds=older_than),
            or_(Notification.claimed_until.is_(None), Notification.claimed_until < now),
        )
        .order_by(Notification.next_attempt_at, Notification.id)
        .limit(limit)
    )
    singles, recipients = [], set()
    for row_id, recipient_id, kind in db.session.execute(query):
        if kind == Delivery.DIGEST:
            recipients.add(recipient_id)
        else:
            singles.append(row_id)
    return singles, sorted(recipients)


def retry(ids: Iterable[int] | None, now: datetime) -> int:
    """An admin's retry: failed rows (all, or those named) become pending again, tries reset."""
    query = update(Notification).where(Notification.state == P.FAILED)
    if ids is not None:
        query = query.where(Notification.id.in_(list(ids)))
    stmt = query.values(state=P.PENDING, attempts=0, next_attempt_at=now, claimed_until=None, claim_token=None)
    returned = db.session.execute(
        stmt.returning(Notification.id, Notification.delivery, Notification.recipient_id),
        execution_options={"synchronize_session": False},
    ).all()
    db.session.commit()
    enqueue([r.id for r in returned if r.delivery == Delivery.SINGLE],
            {r.recipient_id for r in returned if r.delivery == Delivery.DIGEST})
    return len(returned)


def counts(states: Iterable[str] = tuple(DeliveryState)) -> dict[str, int]:
    """Rows per delivery state. /healthz asks for pending and failed only: an index range, where
    counting the sent ones would read every row ever written."""
    states = [str(s) for s in states]
    query = select(Notification.state, func.count()).where(Notification.state.in_(states)).group_by(Notification.state)
    found = {str(state): n for state, n in db.session.execute(query).all()}
    return {state: found.get(state, 0) for state in states}


def enqueue(single_ids: Iterable[int], digest_recipients: Iterable[int]) -> None:
    """Hand rows to the Celery workers after commit. Best effort: when Celery is not bound or the
    broker is down, the rows stay pending and the requeue job sends them."""
    config = current_app.config
    celery = current_app.extensions.get("celery")
    if celery is None or not config.get("ENQUEUE_TASKS", True):
        return
    try:
        for chunk in chunks(list(single_ids), int(config.get("NOTIFY_BATCH", 50))):
            celery.send_task(DELIVER_TASK, args=[chunk])
        for recipient_id in digest_recipients:
            celery.send_task(DELIVER_DIGEST_TASK, args=[recipient_id])
    except Exception as exc:  # the database holds the rows; the requeue job is the guarantee
        log.warning("could not enqueue notifications (%s); the requeue job will", type(exc).__name__)


def chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _claim(where: list, now: datetime, token: str) -> list[int]:
    """Lease the matching rows in one UPDATE; a row another sender holds, or has sent, is not
    matched. On PostgreSQL a concurrent claimer waits for the row, then re-checks and skips it."""
    lease = now + timedelta(seconds=float(current_app.config.get("NOTIFY_CLAIM_SECONDS", 300)))
    joblocks.begin_write()
    statement = (
        update(Notification)
        .where(
            *where,
            Notification.state == P.PENDING,
            Notification.next_attempt_at <= now,
            or_(Notification.claimed_until.is_(None), Notification.claimed_until < now),
        )
        .values(claimed_until=lease, claim_token=token, attempts=Notification.attempts + 1)
        .returning(Notification.id)
    )
    ids = sorted(db.session.execute(statement, execution_options={"synchronize_session": False}).scalars())
    db.session.commit()
    return ids


def _load(ids: list[int]) -> list[Notification]:
    query = (
        select(Notification)
        .where(Notification.id.in_(ids))
        .options(
            selectinload(Notification.proposal),
            selectinload(Notification.recipient).selectinload(User.role_rows),
            selectinload(Notification.assignment).selectinload(Assignment.bureau),
        )
        .order_by(Notification.id)
    )
    return db.session.execute(query).scalars().all()


def _mark_sent(ids: list[int], token: str, now: datetime, outcome: Outcome, copy: MailboxMessage | None) -> None:
    """Commit "sent" for the rows this sender still holds, together with the mailbox's copy of
    the message when there is one (so the embedded mailbox gets each message exactly once)."""
    joblocks.begin_write()
    marked = db.session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.claim_token == token, Notification.state == P.PENDING)
        .values(state=P.SENT, sent_at=now, claimed_until=None, last_error=None),
        execution_options={"synchronize_session": False},
    ).rowcount
    if copy is not None and marked:
        db.session.add(copy)
    db.session.commit()
    if marked < len(ids):  # our lease ran out and another sender took the rows over
        log.warning("lost the lease on %d notification(s) while sending", len(ids) - marked)
    if marked:
        outcome.sent += ids


def _put_back(ids: list[int], token: str, now: datetime, error: str, outcome: Outcome, permanent=False) -> None:
    """After a failed try: pending again after a backoff, or failed after the last try."""
    config = current_app.config
    max_attempts = int(config.get("NOTIFY_MAX_ATTEMPTS", 8))
    base, cap = float(config.get("NOTIFY_RETRY_SECONDS", 60)), float(config.get("NOTIFY_RETRY_MAX_SECONDS", 3600))
    db.session.rollback()
    joblocks.begin_write()
    rows = db.session.execute(
        select(Notification.id, Notification.attempts).where(
            Notification.id.in_(ids), Notification.claim_token == token, Notification.state == P.PENDING
        )
    ).all()
    changes = []
    for row_id, attempts in rows:
        if permanent or attempts >= max_attempts:
            changes.append({"id": row_id, "state": str(P.FAILED), "claimed_until": None, "last_error": error})
            outcome.failed.append(row_id)
        else:
            delay = retry_delay(attempts, base, cap)
            changes.append({"id": row_id, "claimed_until": None, "last_error": error,
                            "next_attempt_at": now + timedelta(seconds=delay)})
            outcome.retry.append(row_id)
            outcome.delay = delay if outcome.delay is None else min(outcome.delay, delay)
    if changes:
        db.session.execute(update(Notification), changes)
    db.session.commit()
