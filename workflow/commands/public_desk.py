"""flask progress open|close SESSION_ID; flask progress list; flask clues count"""
import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from workflow.clock import utcnow
from workflow.extensions import db
from workflow.models import Clue, Session
from workflow.services import open_progress
from workflow.services.errors import NotFound

progress_cli = AppGroup("progress", help="Progress in the open (办理进度公开, issue 12).")
clues_cli = AppGroup("clues", help="Clues from citizens (提案线索, issue 12).")


@progress_cli.command("list")
def list_sessions():
    """Every session and whether the portal shows its progress."""
    for session in db.session.execute(select(Session).order_by(Session.year, Session.id)).scalars():
        click.echo(f"{session.id}\t{'open' if session.progress_public else '-'}\t{session.name}")


@progress_cli.command("open")
@click.argument("session_id", type=int)
def open_session(session_id: int):
    """Show the session's filed items and where they stand on the portal."""
    _set(session_id, True)


@progress_cli.command("close")
@click.argument("session_id", type=int)
def close_session(session_id: int):
    """Stop showing the session's progress."""
    _set(session_id, False)


def _set(session_id: int, on: bool) -> None:
    try:
        session = open_progress.set_open(session_id, on, utcnow())
    except NotFound as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"{session.name}: progress {'shown' if on else 'not shown'} on the portal")


@clues_cli.command("count")
def count():
    """Clues by state."""
    rows = db.session.execute(select(Clue.state, func.count()).group_by(Clue.state).order_by(Clue.state))
    for state, n in rows:
        click.echo(f"{state}\t{n}")
