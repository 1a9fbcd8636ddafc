"""Delivering notification rows by e-mail, exactly once unless a sender is killed in the moment
between the mail server's "250 OK" and its own commit (then the row goes again, marked as such,
under the same Message-ID, so a mail client drops the copy).

A sender claims rows in one UPDATE (state pending, not leased by a live sender, due to be tried):
the claim leases them for NOTIFY_CLAIM_SECONDS (30 s) and counts the attempt; a thread renews the
lease while the batch is sent. Before each message it commits, in one transaction, "sent" for the
message before and "handed to the mail server" (`handed_at`) for this one. When the database
drops the connection, the sender keeps what the server accepted and writes it again on a fresh
connection (the pool's pre-ping finds the dropped ones), so a cut between the server's
acceptance and the commit sends nothing twice. On PostgreSQL these commits are asynchronous: a
crash of the database server (not of a sender, nor a cut connection) can lose the last fraction
of a second of marks, and those rows go again under their Message-IDs. A sender killed mid-batch leaves rows whose lease
ends within 30 s; the requeue job (every NOTIFY_REQUEUE_EVERY_SECONDS, 60 s) hands them out
again. A mail server that fails puts the rows back with a backoff, and after
NOTIFY_MAX_ATTEMPTS tries they show as failed for an admin to retry.

Celery carries only row ids, so a broker that lost its messages loses nothing: `stale()` finds
every pending row from the database.
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

from flask import current_app
from sqlalchemy import bindparam, case, func, or_, select, update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import selectinload

from workflow.clock import utcnow
from workflow.domain.reminders import retry_delay
from workflow.extensions import db
from workflow.mail.compose import Composer, Mail
from workflow.mail.transport import PermanentFailure, TemporaryFailure, open_transport
from workflow.models import Assignment, Delivery, DeliveryState, MailboxMessage, Notification, User
from workflow.services import calendar, handover, joblocks

log = logging.getLogger(__name__)

# The tasks that send, by name: services hand work to Celery without importing `tasks`.
DELIVER_TASK = "tasks.notifications.deliver"
DELIVER_DIGEST_TASK = "tasks.notifications.deliver_digest"
P = DeliveryState
T = TypeVar("T")


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
                messages.append((row.id, _resent(composer.single(row), [row])))
            except UNWRITABLE as exc:
                unwritable.append((row.id, exc))
    for row_id, exc in unwritable:  # the same message cannot be written next time either
        _put_back([row_id], token, now, _unwritable(exc), outcome, permanent=True)
    with _Batch([row_id for row_id, _ in messages], token, now, outcome) as batch, open_transport(config) as transport:
        for position, (row_id, message) in enumerate(messages):
            batch.hand([row_id])
            try:
                copy = transport.send(message, [row_id], now)
            except TemporaryFailure as exc:
                batch.flush()
                _put_back([i for i, _ in messages[position:]], token, now, exc.summary, outcome)
                break
            except PermanentFailure as exc:
                batch.flush()
                _put_back([row_id], token, now, exc.summary, outcome, permanent=True)
            else:
                batch.accepted([row_id], copy)
        batch.flush()
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
            message = _resent(composer.digest(rows[0].recipient, rows), rows)
    except UNWRITABLE as exc:
        _put_back(claimed, token, now, _unwritable(exc), outcome, permanent=True)
        return outcome
    with _Batch(claimed, token, now, outcome) as batch, open_transport(current_app.config) as transport:
        batch.hand(claimed)
        try:
            copy = transport.send(message, claimed, now)
        except TemporaryFailure as exc:
            _put_back(claimed, token, now, exc.summary, outcome)
        except PermanentFailure as exc:
            _put_back(claimed, token, now, exc.summary, outcome, permanent=True)
        else:
            batch.accepted(claimed, copy)
            batch.flush()
    return outcome


def _resent(mail: Mail, rows: list[Notification]) -> Mail:
    """A message whose rows a sender had begun to hand to the mail server before it died (or lost
    the database for longer than it waits): it may have arrived already. It goes again, with the
    same Message-ID (a mail client drops the copy) and a header that says so."""
    handed = [row.handed_at for row in rows if row.handed_at is not None]
    if handed:
        mail.message["X-Workflow-Resent"] = min(handed).isoformat()
        log.warning("sending again %d notification(s) whose sender stopped while handing them over", len(handed))
    return mail


class _Batch:
    """What a sender has done, written down before and after each message in one commit: the rows
    the mail server accepted are marked sent and the next message's rows marked handed to it
    (`handed_at`). A commit the database cut off is tried again on a fresh connection: the sender
    still knows what the server accepted, so nothing is sent twice. While the batch lasts, a
    thread renews the lease on the rows still to send (every third of NOTIFY_CLAIM_SECONDS), so a
    short lease never runs out under a live sender, however slow the mail server.

    The commits do not expire what the session holds (the batch's rows, their proposals and
    people): a commit per message would expire each of them every time, a tenth of a sender's
    CPU; they are expired once, when the batch ends."""

    def __init__(self, ids: list[int], token: str, now: datetime, outcome: Outcome):
        self.token, self.now, self.outcome = token, now, outcome
        self.held = frozenset(ids)  # replaced, never changed in place: the lease thread reads it
        self.lease = float(current_app.config.get("NOTIFY_CLAIM_SECONDS", 30))
        self.started = time.monotonic()
        self.accepted_ones: list[tuple[list[int], MailboxMessage | None]] = []
        self._engine = db.engine
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._keep_lease, name="notification-lease", daemon=True)

    def __enter__(self) -> _Batch:
        self._session = db.session()
        self._expiring, self._session.expire_on_commit = self._session.expire_on_commit, False
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._session.expire_on_commit = self._expiring
        self._session.expire_all()

    def clock(self) -> datetime:
        return self.now + timedelta(seconds=time.monotonic() - self.started)

    def hand(self, ids: list[int]) -> None:
        self._write(handing=ids)

    def accepted(self, ids: list[int], copy: MailboxMessage | None) -> None:
        self.accepted_ones.append((ids, copy))

    def flush(self) -> None:
        if self.accepted_ones:
            self._write(handing=None)

    def _write(self, handing: list[int] | None) -> None:
        accepted, token = self.accepted_ones, self.token

        def work() -> list[int]:
            joblocks.begin_write()
            connection = db.session.connection()
            if connection.dialect.name == "postgresql":
                # These marks need not wait for the disk (a third of a sender's time per message):
                # only a crash of the database server itself can lose the last fraction of a second
                # of them, and the rows then go again under the same Message-ID, which a mail
                # client drops. https://www.postgresql.org/docs/15/wal-async-commit.html
                connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
            done = [i for ids, _ in accepted for i in ids]
            changed = set(connection.execute(_MARK, {
                "rows": done + (handing or []), "done": done, "token": token, "now": self.now, "handed": self.clock(),
            }).scalars())
            marked: list[int] = []
            for ids, copy in accepted:
                hit = not changed.isdisjoint(ids)
                if hit and copy is not None:
                    db.session.add(_copy_of(copy))
                if hit or _marked_by(ids, token):  # the latter: a commit cut off after it took effect
                    marked += ids
                else:  # our lease ran out and another sender took the rows over
                    log.warning("lost the lease on %d notification(s) while sending", len(ids))
            db.session.commit()
            return marked

        marked = retrying(work)
        self.outcome.sent += marked
        self.held = self.held - {i for ids, _ in accepted for i in ids}
        self.accepted_ones = []

    def _keep_lease(self) -> None:
        while not self._stop.wait(self.lease / 3):
            held = sorted(self.held)
            if not held:
                continue
            try:
                with self._engine.begin() as conn:
                    conn.execute(
                        update(Notification)
                        .where(Notification.id.in_(held), Notification.claim_token == self.token,
                               Notification.state == P.PENDING)
                        .values(claimed_until=self.clock() + timedelta(seconds=self.lease))
                    )
            except Exception as exc:  # the next turn tries again; the rows are safe meanwhile
                log.warning("could not renew the lease on %d notification(s): %s", len(held), type(exc).__name__)


# One statement, built once, marks the accepted rows sent and the next message's rows handed.
_SENT = Notification.id.in_(bindparam("done", expanding=True))
_MARK = (
    update(Notification)
    .where(Notification.id.in_(bindparam("rows", expanding=True)), Notification.claim_token == bindparam("token"),
           Notification.state == P.PENDING)
    .values(state=case((_SENT, P.SENT), else_=Notification.state),
            sent_at=case((_SENT, bindparam("now")), else_=Notification.sent_at),
            claimed_until=case((_SENT, None), else_=Notification.claimed_until),
            handed_at=case((_SENT, None), else_=bindparam("handed")),
            last_error=case((_SENT, None), else_=Notification.last_error))
    .returning(Notification.id)
)


def _marked_by(ids: list[int], token: str) -> bool:
    query = select(func.count()).where(Notification.id.in_(ids), Notification.claim_token == token,
                                       Notification.state == P.SENT)
    return db.session.execute(query).scalar_one() == len(ids)


def _copy_of(copy: MailboxMessage) -> MailboxMessage:
    """A fresh row each try: a rolled-back session may have expunged the first."""
    return MailboxMessage(message_id=copy.message_id, recipient=copy.recipient, subject=copy.subject,
                          text_body=copy.text_body, html_body=copy.html_body,
                          notification_ids=copy.notification_ids, created_at=copy.created_at)


# A connection the database or the network dropped (pg_terminate_backend, a restart, a failover):
# the work is done again on a fresh connection, which the pool's pre-ping hands out.
DROPPED = (OperationalError, InterfaceError)


def retrying(work: Callable[[], T]) -> T:
    """Run `work` (its statements and their commit) until it succeeds, starting afresh after the
    database dropped the connection, for up to NOTIFY_DB_RETRY_SECONDS. `work` must be safe to
    run again after a commit whose answer was lost."""
    deadline = time.monotonic() + float(current_app.config.get("NOTIFY_DB_RETRY_SECONDS", 30))
    delay = 0.05
    while True:
        try:
            return work()
        except DROPPED as exc:
            try:
                db.session.rollback()
            except DROPPED:
                db.session.close()
            if time.monotonic() + delay > deadline:
                raise
            log.warning("database connection lost (%s); trying again", type(exc.orig or exc).__name__)
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


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
    size = int(current_app.config.get("NOTIFY_BATCH", 50))
    handover.send_tasks([*((DELIVER_TASK, [chunk]) for chunk in chunks(list(single_ids), size)),
                         *((DELIVER_DIGEST_TASK, [recipient_id]) for recipient_id in digest_recipients)],
                        "notifications")


def chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _claim(where: list, now: datetime, token: str) -> list[int]:
    """Lease the matching rows in one UPDATE; a row another sender holds, or has sent, is not
    matched. On PostgreSQL a concurrent claimer waits for the row, then re-checks and skips it.
    Tried again after a dropped connection: rows the lost commit leased to `token` match again."""
    lease = now + timedelta(seconds=float(current_app.config.get("NOTIFY_CLAIM_SECONDS", 30)))

    def work() -> list[int]:
        joblocks.begin_write()
        statement = (
            update(Notification)
            .where(
                *where,
                Notification.state == P.PENDING,
                Notification.next_attempt_at <= now,
                or_(Notification.claimed_until.is_(None), Notification.claimed_until < now,
                    Notification.claim_token == token),
            )
            .values(claimed_until=lease, claim_token=token, attempts=Notification.attempts + 1)
            .returning(Notification.id)
        )
        ids = sorted(db.session.execute(statement, execution_options={"synchronize_session": False}).scalars())
        db.session.commit()
        return ids

    return retrying(work)


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


def _put_back(ids: list[int], token: str, now: datetime, error: str, outcome: Outcome, permanent=False) -> None:
    """After a failed try: pending again after a backoff, or failed after the last try."""
    config = current_app.config
    max_attempts = int(config.get("NOTIFY_MAX_ATTEMPTS", 8))
    base, cap = float(config.get("NOTIFY_RETRY_SECONDS", 60)), float(config.get("NOTIFY_RETRY_MAX_SECONDS", 3600))

    def work() -> list[tuple[int, float | None]]:
        db.session.rollback()
        joblocks.begin_write()
        rows = db.session.execute(
            select(Notification.id, Notification.attempts).where(
                Notification.id.in_(ids), Notification.claim_token == token, Notification.state == P.PENDING
            )
        ).all()
        changes, decided = [], []
        for row_id, attempts in rows:
            if permanent or attempts >= max_attempts:
                changes.append({"id": row_id, "state": str(P.FAILED), "claimed_until": None, "handed_at": None,
                                "last_error": error})
                decided.append((row_id, None))
            else:
                delay = retry_delay(attempts, base, cap)
                changes.append({"id": row_id, "claimed_until": None, "handed_at": None, "last_error": error,
                                "next_attempt_at": now + timedelta(seconds=delay)})
                decided.append((row_id, delay))
        if changes:
            db.session.execute(update(Notification), changes)
        db.session.commit()
        return decided

    for row_id, delay in retrying(work):
        if delay is None:
            outcome.failed.append(row_id)
        else:
            outcome.retry.append(row_id)
            outcome.delay = delay if outcome.delay is None else min(outcome.delay, delay)
