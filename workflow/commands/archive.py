"""flask archive session <id>"""
import click
from flask.cli import AppGroup

from workflow.clock import utcnow
from workflow.domain.archive import ArchiveState
from workflow.services import archives
from workflow.services.errors import ServiceError

archive_cli = AppGroup("archive", help="Archives of sessions.")


@archive_cli.command("session")
@click.argument("session_id", type=int)
def archive_session(session_id: int):
    """Build the archive of a session now, in this process, and print where the ZIP is."""
    try:
        archive = archives.build_now(session_id, utcnow)
    except ServiceError as exc:
        raise click.ClickException(exc.message) from None
    if archive.state != ArchiveState.DONE:
        raise click.ClickException(f"archive {archive.id} failed: {archive.error}")
    click.echo(f"archive {archive.id}: {archive.items} items in {archives.archive_dir() / archive.file_name}")
