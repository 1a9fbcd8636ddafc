"""flask seed-demo"""
import click
from flask import current_app
from flask.cli import with_appcontext

from workflow.clock import utcnow
from workflow.demo import seed


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@with_appcontext
def seed_demo(if_empty: bool):
    """Load demo sessions, bureaus, users (password “demo”) and proposals."""
    if not current_app.config.get("DEMO_MODE"):
        raise click.ClickException("demo data needs DEMO_MODE=1: demo accounts have the password 'demo'")
    if not seed.is_empty():
        if if_empty:
            click.echo("database not empty; demo data not loaded")
            return
        raise click.ClickException("the database is not empty")
    seed.seed(utcnow())
    click.echo("demo data loaded")
