"""flask proposals import FILE / flask users import FILE / flask bureaus import FILE: the web
page's imports from the command line. A bad sheet lists every problem, saves nothing and exits 2."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from workflow.clock import utcnow
from workflow.commands import directory
from workflow.extensions import db
from workflow.models import User
from workflow.services import sheet_import
from workflow.services.errors import Invalid
from workflow.services.sheet_import import SheetRefused


@click.group("proposals", help="Proposals and suggestions.")
def proposals_cli():
    pass


def run_import(path: str, by: str | None, dry_run: bool, check, run, columns, what: str) -> None:
    """Shared by the three imports: read FILE, check or import, print every problem."""
    content = Path(path).read_bytes()
    actor = None
    if by:
        actor = db.session.execute(select(User).where(User.username == by)).scalar_one_or_none()
        if actor is None:
            raise click.UsageError(f"no user {by}")
    try:
        if dry_run:
            found = check(actor, content)
            if not found.ok:
                raise SheetRefused(found)
            click.echo(f"{len(found.rows)} rows, no problems (nothing saved: --check)")
            return
        created = run(actor, content, utcnow())
    except SheetRefused as exc:
        for problem in sheet_import.said(exc.check, columns):
            where = f"line {problem.line}" if problem.line else "header"
            column = f" [{problem.column}]" if problem.column else ""
            click.echo(f"{where}{column}: {problem.message}", err=True)
        click.echo(exc.message, err=True)
        raise SystemExit(2) from None
    except Invalid as exc:
        for message in exc.errors.values():
            click.echo(f"error: {message}", err=True)
        raise SystemExit(2) from None
    click.echo(f"imported {len(created)} {what}")


def import_command(group: click.Group, who: str):
    """`flask <group> import FILE [--by USER] [--check]`, run in the app context."""
    def decorate(function):
        function = with_appcontext(function)
        function = click.option("--check", "dry_run", is_flag=True,
                                help="Check the sheet and list its problems; save nothing.")(function)
        function = click.option("--by", help=f"Username of the {who} the log names (default: the command line).")(
            function)
        function = click.argument("path", type=click.Path(exists=True, dir_okay=False))(function)
        return group.command("import")(function)
    return decorate


@import_command(proposals_cli, "office user")
def import_proposals(path, by, dry_run):
    """Import proposals typed in from paper (the XLSX template of /office/imports/proposals)."""
    from workflow.domain.proposal_sheet import COLUMNS
    from workflow.services import proposal_import

    run_import(path, by, dry_run, proposal_import.check, proposal_import.import_sheet, COLUMNS, "items")


@import_command(directory.users, "administrator")
def import_users(path, by, dry_run):
    """Create or update users (members, deputies, staff) from an XLSX sheet."""
    from workflow.domain.roster_sheet import USER_COLUMNS
    from workflow.services import roster_import

    run_import(path, by, dry_run, roster_import.check_users, roster_import.import_users, USER_COLUMNS, "users")


@import_command(directory.bureaus, "administrator")
def import_bureaus(path, by, dry_run):
    """Create or update bureaus from an XLSX sheet."""
    from workflow.domain.roster_sheet import BUREAU_COLUMNS
    from workflow.services import roster_import

    run_import(path, by, dry_run, roster_import.check_bureaus, roster_import.import_bureaus, BUREAU_COLUMNS,
               "bureaus")
