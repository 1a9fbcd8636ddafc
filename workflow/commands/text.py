"""flask suggest bureaus … / flask text reindex: the text features from the command line (issue 11)."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from workflow.extensions import db
from workflow.models import Proposal


@click.group("suggest", help="Suggestions from the text of an item.")
def suggest_cli():
    pass


@suggest_cli.command("bureaus")
@click.option("--title", required=True, help="The item's title.")
@click.option("--body-file", type=click.File("r", encoding="utf-8"), help="A file with its text ('-' reads stdin).")
@click.option("--limit", default=10, show_default=True, help="How many bureaus to print.")
@with_appcontext
def suggest_bureaus(title, body_file, limit):
    """Print the bureaus for an item, best first: name, score (tab-separated), one a line."""
    from workflow.services import routing

    body = body_file.read() if body_file else ""
    result = routing.suggest_text(title, body)
    if not result.ranking:
        click.echo("no bureau matches: give the bureaus their duties and keywords "
                   "(flask bureaus create --duties --keywords)", err=True)
        raise SystemExit(1)
    for row in result.ranking[:limit]:
        click.echo(f"{row.bureau.name}\t{row.score:.3f}")


@click.group("text", help="The stored words of proposals (similar proposals, suggested bureaus).")
def text_cli():
    pass


@text_cli.command("reindex")
@click.option("--missing", is_flag=True, help="Only proposals without stored words (after an upgrade).")
@with_appcontext
def reindex(missing):
    """Segment proposals again and store their words; learn the assignments not learnt yet."""
    from workflow.services import text_index

    ids = text_index.missing_proposals() if missing else list(db.session.execute(db.select(Proposal.id)).scalars())
    for n, proposal_id in enumerate(ids, 1):
        text_index.store_proposal(db.session.get(Proposal, proposal_id))
        if n % 200 == 0:
            db.session.commit()
            print(f"{n} proposals", file=sys.stderr)
    learnt = text_index.missing_examples() if missing else ids
    for proposal_id in learnt:
        text_index.learn(db.session.get(Proposal, proposal_id))
    db.session.commit()
    click.echo(f"stored the words of {len(ids)} proposals; learnt {len(learnt)} assignments")
