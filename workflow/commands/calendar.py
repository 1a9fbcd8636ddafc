"""flask calendar …: the holiday calendar and the deadline arithmetic.

Messages follow the operator's locale (LC_ALL, LC_MESSAGES or LANG: en… for English, zh… for
Chinese; otherwise the application's default language)."""
from __future__ import annotations

import os
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from workflow.clock import utcnow
from workflow.domain.calendar_diff import DayChange
from workflow.domain.calendar_file import CalendarFileError, parse_calendar_file
from workflow.domain.deadlines import Period, due_date
from workflow.due_label import due_label
from workflow.services import calendar
from workflow.services.errors import Invalid


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
@click.option("--replace", is_flag=True, help="Replace the year if the calendar has it already.")
@click.option("--confirm-missing-holidays", is_flag=True,
              help="Save even though the file makes statutory holidays working days.")
@click.option("--dry-run", is_flag=True, help="Show what the file changes; save nothing.")
@with_appcontext
def import_file(file, replace, confirm_missing_holidays, dry_run):
    """Import one year's holidays and adjusted working days from a CSV: date,kind,name.

    It first shows what the file changes against the statutory holidays and against the year as
    stored, and how many running due dates move."""
    with force_locale(_operator_locale()):
        try:
            year, entries = parse_calendar_file(file.read())
        except CalendarFileError as exc:
            raise click.ClickException(calendar.file_problem(exc)) from None
        _show_preview(year, calendar.preview(year, entries))
        if dry_run:
            click.echo(_("Dry run: nothing was saved."))
            return
        try:
            moved = calendar.import_year(year, entries, utcnow(), None, replace=replace,
                                         confirm_missing=confirm_missing_holidays)
        except Invalid as refused:
            raise click.ClickException(_cli_refusal(year, refused)) from None
        click.echo(_("Imported %(year)d: %(days)d day(s).", year=year, days=len(entries)) + " "
                   + ngettext("%(num)d running due date moved.", "%(num)d running due dates moved.", moved))


@calendar_cli.command("recompute")
@with_appcontext
def recompute():
    """Give every running clock the due date the calendar gives it now (once after an upgrade
    that changed the rules, e.g. the statutory holidays of provisional years). Each move is
    logged on its item's timeline and told to its bureau, as an import does."""
    from workflow.extensions import db
    from workflow.services import clocks

    with force_locale(_operator_locale()):
        moved = clocks.recompute_running(utcnow(), None)
        db.session.commit()
        click.echo(ngettext("%(num)d running due date moved.", "%(num)d running due dates moved.", moved))


@calendar_cli.command("due")
@click.argument("start", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--working-days", type=click.IntRange(min=1))
@click.option("--months", type=click.IntRange(min=1))
@with_appcontext
def due(start, working_days, months):
    """Print the due date of a period that starts on START (marked when provisional)."""
    if (working_days is None) == (months is None):
        raise click.UsageError("give exactly one of --working-days and --months")
    period = Period(working_days, "working_days") if working_days else Period(months, "months")
    result = due_date(date(start.year, start.month, start.day), period, calendar.load())
    with force_locale(_operator_locale()):
        click.echo(due_label(result.date, result.provisional))


def _show_preview(year: int, preview: calendar.ImportPreview) -> None:
    cmp = preview.comparison
    _section(_("Statutory holidays missing (the file makes them working days):"), cmp.missing)
    _section(_("Extra days off (not named by the law):"), cmp.extra_days_off)
    _section(_("Adjusted workdays:"), cmp.adjusted_workdays)
    if cmp.against_stored is None:
        click.echo(_("%(year)d is not in the calendar yet.", year=year))
    else:
        click.echo(_("Stored now: %(source)s.", source=calendar.source_label(preview.stored_source)))
        _section(_("Become days off:"), [c for c in cmp.against_stored if c.becomes_day_off])
        _section(_("Become working days:"), [c for c in cmp.against_stored if not c.becomes_day_off])
    click.echo(ngettext("%(num)d running due date moves.", "%(num)d running due dates move.", preview.moves))


def _section(title: str, changes: list[DayChange] | tuple[DayChange, ...]) -> None:
    if not changes:
        return
    click.echo(title)
    for change in changes:
        click.echo(f"  {change.day.isoformat()} {change.name}".rstrip())


def _cli_refusal(year: int, refused: Invalid) -> str:
    if "replace" in refused.errors:
        return _("%(year)d is in the calendar already. Give --replace to replace it.", year=year)
    return _("Not saved: the file makes statutory holidays working days (listed above). Correct the file, or "
             "give --confirm-missing-holidays if the State Council's arrangement really does so.")


def _operator_locale() -> str:
    setting = next((os.environ[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(k)), "")
    if setting.lower().startswith("en"):
        return "en"
    if setting.lower().startswith("zh"):
        return "zh_Hans"
    return current_app.config["BABEL_DEFAULT_LOCALE"]
