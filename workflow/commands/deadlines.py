"""flask deadlines: the reminder sweep and the senders, from the command line (cron or by hand).

`sweep` runs the same service as the Celery beat job; without a worker, `--send` (the default)
delivers in this process what the sweep wrote and whatever else is pending."""
from __future__ import annotations

from datetime import datetime

import click
from flask.cli import with_appcontext

from workflow.clock import utcnow
from workflow.extensions import db
from workflow.services import delivery, reminders


def _now(value: str | None) -> datetime:
    if not value:
        return utcnow()
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise click.BadParameter("give a time zone, e.g. 2026-03-10T09:00+08:00", param_hint="--now")
    return parsed


@click.group("deadlines")
def deadlines_cli():
    """Reminders of the statutory deadlines."""


@deadlines_cli.command("sweep")
@click.option("--now", help="Sweep as of this time (ISO 8601 with offset); default: now.")
@click.option("--send/--no-send", default=True, help="Deliver pending e-mail in this process afterwards.")
@with_appcontext
def sweep(now: str | None, send: bool):
    """Write the notifications of every reached reminder threshold."""
    report = reminders.sweep(_now(now))
    if report.skipped:
        click.echo("another sweep holds the lock; nothing done")
        return
    click.echo(f"{report.clocks} clock(s) due, {report.created} notification(s) written")
    if send:
        _send_pending()


@deadlines_cli.command("send")
@with_appcontext
def send():
    """Deliver every pending notification that is due, in this process."""
    _send_pending()


@deadlines_cli.command("reschedule")
@click.option("--missing", is_flag=True, help="Only clocks without a next reminder time (after an upgrade).")
@with_appcontext
def reschedule(missing: bool):
    """Recompute when each running clock next reminds."""
    changed = reminders.reschedule_running(utcnow(), only_missing=missing)
    db.session.commit()
    click.echo(f"{changed} clock(s) rescheduled")


def _send_pending() -> None:
    singles, recipients = delivery.stale(older_than=0)
    sent = failed = retry = 0
    for chunk in delivery.chunks(singles, 200):
        outcome = delivery.deliver(chunk)
        sent, failed, retry = sent + len(outcome.sent), failed + len(outcome.failed), retry + len(outcome.retry)
    for recipient_id in recipients:
        outcome = delivery.deliver_digest(recipient_id)
        sent, failed, retry = sent + len(outcome.sent), failed + len(outcome.failed), retry + len(outcome.retry)
    click.echo(f"{sent} notification(s) sent, {retry} to retry, {failed} failed")
