"""flask sms: text messages from the command line.

`send` delivers every pending text message in this process (without a Celery worker); `test`
sends one message through the configured gateway (SMS_GATEWAY), to check its settings."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from workflow.domain.sms import normal_mobile
from workflow.services import delivery, sms_delivery
from workflow.sms import DeliveryFailure, open_gateway
from workflow.sms.texts import compose


@click.group("sms")
def sms_cli():
    """Text messages (短信提醒)."""


@sms_cli.command("send")
@with_appcontext
def send():
    """Deliver every pending text message that is due, in this process."""
    sent = failed = retry = 0
    for chunk in delivery.chunks(sms_delivery.stale(older_than=0), 200):
        outcome = sms_delivery.deliver(chunk)
        sent, failed, retry = sent + len(outcome.sent), failed + len(outcome.failed), retry + len(outcome.retry)
    click.echo(f"{sent} text message(s) sent, {retry} to retry, {failed} failed")


@sms_cli.command("test")
@click.argument("mobile")
@with_appcontext
def test(mobile: str):
    """Send one test message to MOBILE through the configured gateway."""
    number = normal_mobile(mobile)
    if number is None:
        raise click.BadParameter("an 11-digit mainland mobile number", param_hint="MOBILE")
    config = current_app.config
    message = compose("manual", {"office": "提案委", "item": "短信通道测试"}, number, config.get("SMS_SIGNATURE", ""),
                      "test")
    try:
        reference = open_gateway(config).send(message)
    except DeliveryFailure as exc:
        raise click.ClickException(f"not sent: {exc.summary}") from exc
    click.echo(f"sent through {config.get('SMS_GATEWAY')}: {reference}")
