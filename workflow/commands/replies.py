"""flask replies close-expired"""
import click
from flask.cli import AppGroup

from workflow.clock import utcnow
from workflow.services import feedback

replies_cli = AppGroup("replies", help="Replies and their feedback.")


@replies_cli.command("close-expired")
def close_expired():
    """Close as "no feedback" every reply whose feedback window has passed (SPEC 3.1)."""
    closed = feedback.close_expired(utcnow())
    click.echo(f"{closed} repl{'y' if closed == 1 else 'ies'} closed as no feedback")
