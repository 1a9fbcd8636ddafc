"""flask calendar …: the holiday calendar and the deadline arithmetic."""
from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from workflow.clock import utcnow
from workflow.domain.calendar_file import CalendarFileError, parse_calendar_file
from workflow.domain.deadlines import Period, due_date
from workflow.services import calendar


@click.group("calendar", help="The holiday calendar.")
def calendar_cli():
    pass


@calendar_cli.command("seed")
@with_appcontext
def seed():
    """Load the years the chinesecalendar package knows (2004–2026)."""
    added = calendar.seed(utcnow())
    click.echo(f"seeded {added} year(s)")


@calendar_cli.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@with_appcontext
def import_file(file):
    """Import one year's holidays and adjusted working days from a CSV: date,kind,name."""
    try:
        year, entries = parse_calendar_file(file.read())
    except CalendarFileError as exc:
        raise click.ClickException(str(exc)) from None
    changed = calendar.import_year(year, entries, utcnow(), None)
    click.echo(f"imported {year}: {len(entries)} day(s); {changed} provisional due date(s) recomputed")


@calendar_cli.command("due")
@click.argument("start", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--working-days", type=click.IntRange(min=1))
@click.option("--months", type=click.IntRange(min=1))
@with_appcontext
def due(start, working_days, months):
    """Print the due date of a period that starts on START."""
    if (working_days is None) == (months is None):
        raise click.UsageError("give exactly one of --working-days and --months")
    period = Period(working_days, "working_days") if working_days else Period(months, "months")
    result = due_date(date(start.year, start.month, start.day), period, calendar.load())
    click.echo(result.date.isoformat() + (" provisional" if result.provisional else ""))
