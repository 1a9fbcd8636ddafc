"""Delivering notification rows by text message, beside their e-mail: the same rows, their own
columns (sms_state, sms_attempts, sms_claimed_until, …), the same rules as services/delivery.py.

A sender claims rows in one UPDATE (text pending, not leased by a live sender, due), leasing
them for SMS_CLAIM_SECONDS and counting the try; it sends each message through the gateway
(workflow/sms) and marks it sent in a commit of its own. Before a message, once a third of the
lease has passed, it renews the lease on the rows still to send: a short lease never runs out
under a live sender, however slow the gateway, and a killed sender's rows go again within the
lease and one run of the requeue job (as e-mail's, services/delivery.py). A gateway that is down
puts the rest of the batch back with a backoff, and after NOTIFY_MAX_ATTEMPTS tries the rows show
as failed; a message the provider refuses (a bad number, no template) fails at once. A row
marked sent is never claimed again, and a mark the database cut off is written again on a fresh
connection, so a message goes once unless the sender dies between the provider's "OK" and its
commit.
"""
from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from workflow.clock import utcnow
from workflow.domain.reminders import retry_delay
from workflow.extensions import db
from workflow.models import DeliveryState, Notification
from workflow.services import handover, joblocks
from workflow.services.delivery import Outcome, chunks, retrying
from workflow.sms import PermanentFailure, TemporaryFailure, open_gateway
from workflow.sms.texts import SENT_BY_SMS, message_for

log = logging.getLogger(__name__)

DELIVER_SMS_TASK = "tasks.notifications.deliver_sms"
P = DeliveryState


def row_columns(person, reason: str, now: datetime) -> dict:
    """The text-message columns of a new row for `person` (services/recipients.Person)."""
    if not person.sms or reason not in SENT_BY_SMS:
        return {"sms_state": None, "sms_last_error": None, "sms_next_attempt_at": None}
    if not person.mobile:
        return {"sms_state": str(P.SKIPPED), "sms_last_error": "no mobile number", "sms_next_attempt_at": None}
    return {"sms_state": str(P.PENDING), "sms_last_error": None, "sms_next_attempt_at": now}


def deliver(ids: Iterable[int], now: datetime | None = None) -> Outcome:
    """Send the text messages of the rows among `ids` that are pending and free to claim."""
    now = now or utcnow()
    config = current_app.config
    outcome = Outcome()
    if (config.get("SMS_GATEWAY") or "local").lower() == "off":
        return outcome  # switched off: the rows wait, untried, until a gateway is set
    token = uuid.uuid4().hex
    claimed = _claim([Notification.id.in_(list(ids))], now, token)
    if not claimed:
        return outcome
    signature = config.get("SMS_SIGNATURE", "")
    messages, unwritable = [], []
    for row in _load(claimed):
        try:
            with force_locale(row.recipient.locale or config.get("BABEL_DEFAULT_LOCALE", "zh_Hans")):
                messages.append((row.id, message_for(row, signature)))
        except (KeyError, ValueError, TypeError) as exc:
            unwritable.append((row.id, f"cannot write the message: {type(exc).__name__}"))
    for row_id, error in unwritable:
        _put_back([row_id], token, now, error, outcome, permanent=True)
    try:
        gateway = open_gateway(config)
    except (TemporaryFailure, PermanentFailure) as exc:
        _put_back([i for i, _ in messages], token, now, exc.summary, outcome)
        return outcome
    except (ValueError, TypeError) as exc:  # settings an admin must fix (SMS_ALIYUN_TEMPLATES not JSON)
        _put_back([i for i, _ in messages], token, now, f"SMS settings: {type(exc).__name__}", outcome)
        return outcome
    lease = float(config.get("SMS_CLAIM_SECONDS", 30))
    started = renewed = time.monotonic()
    for position, (row_id, message) in enumerate(messages):
        if time.monotonic() - renewed > lease / 3:
            renewed = time.monotonic()
            _renew([i for i, _ in messages[position:]], token, now + timedelta(seconds=renewed - started + lease))
        try:
            reference = gateway.send(message)
        except TemporaryFailure as exc:  # the gateway is down: the rest wait for the next try
            _put_back([i for i, _ in messages[position:]], token, now, exc.summary, outcome)
            break
        except PermanentFailure as exc:
            _put_back([row_id], token, now, exc.summary, outcome, permanent=True)
        else:
            _mark_sent(row_id, token, now, outcome, reference)
    return outcome


def stale(now: datetime | None = None, older_than: float | None = None, limit: int = 10_000) -> list[int]:
    """Rows whose text message is pending, due and leased by nobody alive (for the requeue job)."""
    now = now or utcnow()
    if older_than is None:
        older_than = current_app.config.get("NOTIFY_REQUEUE_AFTER_SECONDS", 120)
    query = (
        select(Notification.id)
        .where(
            Notification.sms_state == P.PENDING,
            Notification.sms_next_attempt_at <= now - timedelta(seconds=older_than),
            or_(Notification.sms_claimed_until.is_(None), Notification.sms_claimed_until < now),
        )
        .order_by(Notification.sms_next_attempt_at, Notification.id)
        .limit(limit)
    )
    return list(db.session.execute(query).scalars())


def retry(ids: Iterable[int] | None, now: datetime) -> int:
    """An admin's retry: failed text messages (all, or those named) become pending again."""
    query = update(Notification).where(Notification.sms_state == P.FAILED)
    if ids is not None:
        query = query.where(Notification.id.in_(list(ids)))
    stmt = query.values(sms_state=P.PENDING, sms_attempts=0, sms_next_attempt_at=now, sms_claimed_until=None,
                        sms_claim_token=None)
    returned = db.session.execute(stmt.returning(Notification.id), execution_options={"synchronize_session": False})
    returned = list(returned.scalars())
    db.session.commit()
    enqueue(returned)
    return len(returned)


def counts() -> dict[str, int]:
    states = [str(s) for s in DeliveryState]
    query = (select(Notification.sms_state, func.count()).where(Notification.sms_state.in_(states))
             .group_by(Notification.sms_state))
    found = {str(state): n for state, n in db.session.execute(query).all()}
    return {state: found.get(state, 0) for state in states}


def enqueue(ids: Iterable[int]) -> None:
    """Hand rows to the Celery workers after commit; best effort, as services/delivery.enqueue."""
    size = int(current_app.config.get("NOTIFY_BATCH", 50))
    handover.send_tasks(((DELIVER_SMS_TASK, [chunk]) for chunk in chunks(list(ids), size)), "text messages")


def _claim(where: list, now: datetime, token: str) -> list[int]:
    lease = now + timedelta(seconds=float(current_app.config.get("SMS_CLAIM_SECONDS", 30)))
    joblocks.begin_write()
    statement = (
        update(Notification)
        .where(
            *where,
            Notification.sms_state == P.PENDING,
            Notification.sms_next_attempt_at <= now,
            or_(Notification.sms_claimed_until.is_(None), Notification.sms_claimed_until < now),
        )
        .values(sms_claimed_until=lease, sms_claim_token=token, sms_attempts=Notification.sms_attempts + 1)
        .returning(Notification.id)
    )
    ids = sorted(db.session.execute(statement, execution_options={"synchronize_session": False}).scalars())
    db.session.commit()
    return ids


def _renew(ids: list[int], token: str, until: datetime) -> None:
    def work() -> None:
        joblocks.begin_write()
        db.session.execute(
            update(Notification)
            .where(Notification.id.in_(ids), Notification.sms_claim_token == token, Notification.sms_state == P.PENDING)
            .values(sms_claimed_until=until),
            execution_options={"synchronize_session": False},
        )
        db.session.commit()

    retrying(work)


def _load(ids: list[int]) -> list[Notification]:
    query = (
        select(Notification)
        .where(Notification.id.in_(ids))
        .options(selectinload(Notification.proposal), selectinload(Notification.recipient))
        .order_by(Notification.id)
    )
    return db.session.execute(query).scalars().all()


def _mark_sent(row_id: int, token: str, now: datetime, outcome: Outcome, reference: str) -> None:
    """Mark a text the provider accepted as sent. A commit the database cut off is written again on
    a fresh connection, as the e-mail sender does (delivery.retrying): the row must not go out a
    second time once its lease runs out."""

    def work() -> bool:
        joblocks.begin_write()
        marked = db.session.execute(
            update(Notification)
            .where(Notification.id == row_id, Notification.sms_claim_token == token,
                   Notification.sms_state == P.PENDING)
            .values(sms_state=P.SENT, sms_sent_at=now, sms_claimed_until=None, sms_last_error=None,
                    sms_reference=(reference or "")[:64] or None),
            execution_options={"synchronize_session": False},
        ).rowcount
        db.session.commit()
        return bool(marked) or _sent_by(row_id, token)  # the latter: a commit cut off after it took effect

    if retrying(work):
        outcome.sent.append(row_id)
    else:  # our lease ran out and another sender took the row over
        log.warning("lost the lease on text message %d while sending", row_id)


def _sent_by(row_id: int, token: str) -> bool:
    query = select(func.count()).where(Notification.id == row_id, Notification.sms_claim_token == token,
                                       Notification.sms_state == P.SENT)
    return db.session.execute(query).scalar_one() == 1


def _put_back(ids: list[int], token: str, now: datetime, error: str, outcome: Outcome, permanent=False) -> None:
    config = current_app.config
    max_attempts = int(config.get("NOTIFY_MAX_ATTEMPTS", 8))
    base, cap = float(config.get("NOTIFY_RETRY_SECONDS", 60)), float(config.get("NOTIFY_RETRY_MAX_SECONDS", 3600))
    db.session.rollback()
    joblocks.begin_write()
    rows = db.session.execute(
        select(Notification.id, Notification.sms_attempts).where(
            Notification.id.in_(ids), Notification.sms_claim_token == token, Notification.sms_state == P.PENDING
        )
    ).all()
    changes = []
    for row_id, attempts in rows:
        if permanent or attempts >= max_attempts:
            changes.append({"id": row_id, "sms_state": str(P.FAILED), "sms_claimed_until": None,
                            "sms_last_error": error[:200]})
            outcome.failed.append(row_id)
        else:
            delay = retry_delay(attempts, base, cap)
            changes.append({"id": row_id, "sms_claimed_until": None, "sms_last_error": error[:200],
                            "sms_next_attempt_at": now + timedelta(seconds=delay)})
            outcome.retry.append(row_id)
            outcome.delay = delay if outcome.delay is None else min(outcome.delay, delay)
    if changes:
        db.session.execute(update(Notification), changes)
    db.session.commit()
