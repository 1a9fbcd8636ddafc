"""flask users … / flask bureaus …"""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from workflow.clock import utcnow
from workflow.extensions import db
from workflow.models import Bureau, Role
from workflow.services import users as user_service
from workflow.services.errors import Invalid


@click.group("users", help="Manage user accounts.")
def users():
    pass


@users.command("create")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]))
@click.option("--bureau", "bureau_code", help="Code of the bureau (clerks and leaders).")
@click.option("--email")
@click.option("--name", help="Display name; defaults to the username.")
@click.option("--channel", type=click.Choice(["cppcc", "npc"]), help="Proposers: CPPCC member or NPC deputy.")
@click.option("--group", "group_name", help="界别 or 代表团.")
@click.option("--prefix", "group_prefix", help="Delegation prefix for NPC numbers, e.g. 义.")
@click.option("--principal", is_flag=True, help="A principal leader, who may approve key items.")
@with_appcontext
def create_user(username, roles, bureau_code, email, name, channel, group_name, group_prefix, principal):
    """Create USERNAME; the password comes from a prompt, or from stdin when it is not a terminal."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = user_service.create_user(
            username, password, list(roles), utcnow(), name=name, email=email, bureau_code=bureau_code,
            channel=channel, group_name=group_name, group_prefix=group_prefix, principal_leader=principal,
        )
    except Invalid as exc:
        _fail(exc)
    click.echo(f"created user {user.username} ({', '.join(sorted(user.roles))})")


@click.group("bureaus", help="Manage bureaus.")
def bureaus():
    pass


@bureaus.command("create")
@click.argument("code")
@click.argument("name")
@click.option("--credit-code", help="Unified social credit code (18 characters).")
@click.option("--prefix", help="Document number prefix, e.g. 金经信办建.")
@click.option("--short-name", help="Short name, the 发布机构 of its public replies, e.g. 市经信局.")
@click.option("--duties", help="Its duties (职能), a paragraph as in its 三定 summary; suggested bureaus use them.")
@click.option("--keywords", help="Its keywords (分办关键词), the names of its matters separated by spaces or 、; "
                                 "suggested bureaus find them in an item's text.")
@with_appcontext
def create_bureau(code, name, credit_code, prefix, short_name, duties, keywords):
    from workflow.services.bureaus import create_bureau as create

    try:
        bureau = create(code, name, credit_code=credit_code, prefix=prefix, short_name=short_name, duties=duties,
                        keywords=keywords)
    except Invalid as exc:
        _fail(exc)
    click.echo(f"created bureau {bureau.code} {bureau.name}")


@bureaus.command("list")
@with_appcontext
def list_bureaus():
    for bureau in db.session.execute(db.select(Bureau).order_by(Bureau.code)).scalars():
        click.echo(f"{bureau.code}\t{bureau.name}\t{bureau.credit_code or ''}\t{bureau.prefix_cppcc or ''}"
                   f"\t{bureau.short_name or ''}")


def _fail(exc: Invalid):
    for field, message in exc.errors.items():
        click.echo(f"error: {field}: {message}", err=True)
    raise SystemExit(2)
