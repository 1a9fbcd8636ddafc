"""flask worklist rebuild: write the stored work list again from its task sources (issue 13)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from workflow.extensions import db


@click.group("worklist")
def worklist_cli():
    """The stored work list (待办)."""


@worklist_cli.command("rebuild")
@click.option("--if-stale", is_flag=True,
              help="Only when the code that says what is a task changed since the last rebuild (after an upgrade).")
@with_appcontext
def rebuild(if_stale: bool):
    """Write every open task again from the items, their assignments, clocks and replies."""
    from workflow.services import work_tasks

    if if_stale:
        count = work_tasks.rebuild_if_stale(db.session)
    else:
        count = work_tasks.rebuild(db.session)
        db.session.commit()
    click.echo("the stored work list is up to date" if count is None else f"stored {count} open tasks")
