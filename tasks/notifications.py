"""Reminder tasks: the sweep, the senders and the requeue job. Thin: each calls a service.

Tasks take ids and are safe to run twice: the sweep's rows have a unique key, and senders claim
rows before sending, so a task the broker delivers again finds nothing left to do.
"""
from __future__ import annotations

from datetime import datetime

from celery import shared_task
from flask import current_app

from workflow.clock import utcnow
from workflow.extensions import db
from workflow.services import delivery, reminders, sms_delivery

# A sender whose database stayed away longer than it waits (NOTIFY_DB_RETRY_SECONDS) tries the
# task again this often, this many times; after that the requeue job finds its rows.
DB_RETRY_COUNTDOWN, DB_RETRIES = 2.0, 10


@shared_task(name="tasks.notifications.sweep")
def sweep(now: str | None = None) -> dict:
    """Write the rows of every reached threshold, then hand them to the senders."""
    report = reminders.sweep(datetime.fromisoformat(now) if now else utcnow())
    enqueue(report.single_ids, report.digest_recipients)
    enqueue_sms(report.sms_ids)
    return report.summary()


def _send(task, send, retry_args) -> dict:
    """Run a sender. A dropped database connection tries the task again soon, a few times; a
    channel that failed (mail server, gateway) tries the rows `retry_args(outcome)` names again
    after their backoff."""
    try:
        outcome = send()
    except delivery.DROPPED as exc:
        db.session.remove()
        raise task.retry(exc=exc, countdown=DB_RETRY_COUNTDOWN, max_retries=DB_RETRIES) from exc
    if outcome.retry:
        raise task.retry(args=retry_args(outcome), countdown=_countdown(outcome.delay))
    return outcome.summary()


@shared_task(bind=True, name=delivery.DELIVER_TASK, max_retries=None)
def deliver(self, ids: list[int]) -> dict:
    return _send(self, lambda: delivery.deliver(ids), lambda outcome: [outcome.retry])


@shared_task(bind=True, name=delivery.DELIVER_DIGEST_TASK, max_retries=None)
def deliver_digest(self, recipient_id: int) -> dict:
    return _send(self, lambda: delivery.deliver_digest(recipient_id), lambda _outcome: [recipient_id])


@shared_task(bind=True, name=sms_delivery.DELIVER_SMS_TASK, max_retries=None)
def deliver_sms(self, ids: list[int]) -> dict:
    """Text messages of these rows, through the configured gateway (workflow/sms)."""
    return _send(self, lambda: sms_delivery.deliver(ids), lambda outcome: [outcome.retry])


@shared_task(name="tasks.notifications.requeue")
def requeue() -> dict:
    """Send again what the database says is pending: rows a flushed broker, a killed worker or a
    lost retry left behind."""
    singles, recipients = delivery.stale()
    enqueue(singles, recipients)
    texts = sms_delivery.stale()
    enqueue_sms(texts)
    return {"single": len(singles), "digest_recipients": len(recipients), "sms": len(texts)}


def enqueue(single_ids: list[int], digest_recipients) -> None:
    for chunk in delivery.chunks(list(single_ids), int(current_app.config.get("NOTIFY_BATCH", 50))):
        deliver.delay(chunk)
    for recipient_id in sorted(digest_recipients):
        deliver_digest.delay(recipient_id)


def enqueue_sms(ids: list[int]) -> None:
    for chunk in delivery.chunks(list(ids), int(current_app.config.get("NOTIFY_BATCH", 50))):
        deliver_sms.delay(chunk)


def _countdown(delay: float | None) -> float:
    return (delay or 0) + 0.2  # a little after next_attempt_at, so the claim finds the rows due
