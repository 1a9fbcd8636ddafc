"""Admin screens for the holiday calendar: covered years, a year's days, importing a year, and a
due date calculator that uses the same arithmetic as the clocks and `flask calendar due`."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from workflow.admin.forms import CalendarImportForm, DueForm
from workflow.admin.routes import bp
from workflow.clock import utcnow
from workflow.domain import cells
from workflow.domain.calendar import is_weekend
from workflow.domain.calendar_file import HEADER, HEADER_ZH, KIND_ZH, CalendarFileError, parse_calendar_file
from workflow.domain.deadlines import Due, Period, due_date
from workflow.extensions import db
from workflow.models import CalendarDay, CalendarYear, Clock
from workflow.services import calendar as calendar_service
from workflow.services.errors import Invalid

MAX_FILE_BYTES = 64 * 1024


@dataclass
class HolidayRun:
    """Consecutive days off of one name, e.g. 春节 2026-02-15 … 2026-02-23."""

    name: str
    first: date
    last: date
    days: int


@bp.get("/calendar")
def calendar():
    due_form = DueForm(request.args)
    result: Due | None = None
    if "start" in request.args and due_form.validate():
        period = Period(due_form.amount.data, due_form.unit.data)
        result = due_date(due_form.start.data, period, calendar_service.load())
    return _calendar_page(CalendarImportForm(formdata=None), due_form, result)


@bp.post("/calendar/import")
def import_calendar():
    """First the preview: what the file changes against the law and against the year as stored,
    and which running due dates move. Its form sends the same rows back with `save`; the rules
    (replace a stored year, statutory holidays missing) are checked again by the service."""
    form = CalendarImportForm()
    parsed = _parse(form) if form.validate_on_submit() else None
    if parsed is None:
        return _calendar_page(form, DueForm(formdata=None), None)
    year, entries, text = parsed
    if form.save.data:
        try:
            moved = calendar_service.import_year(
                year, entries, utcnow(), current_user,
                replace=form.replace.data, confirm_missing=form.confirm_missing.data,
            )
        except Invalid as refused:
            for name, message in refused.errors.items():
                form[name].errors.append(message)
        else:
            holidays = sum(1 for e in entries if e.kind == "holiday")
            flash(
                _("Imported %(year)d (holidays: %(holidays)d, adjusted workdays: %(workdays)d).", year=year,
                  holidays=holidays, workdays=len(entries) - holidays)
                + " " + ngettext("%(num)d running due date moved.", "%(num)d running due dates moved.", moved),
                "success",
            )
            return redirect(url_for("admin.calendar_year", year=year))
    form.text.data = text  # the preview's form carries the rows, whether they came as a file or pasted
    return render_template("admin/calendar_preview.html", form=form, year=year,
                           preview=calendar_service.preview(year, entries),
                           source_label=calendar_service.source_label)


@bp.get("/calendar/<int:year>")
def calendar_year(year: int):
    row = _year_or_404(year)
    days = calendar_service.days_of(year)
    runs = _holiday_runs([d for d in days if d.kind == "holiday"])
    workdays = [d for d in days if d.kind == "workday"]
    return render_template("admin/calendar_year.html", row=row, runs=runs, workdays=workdays, days=days)


@bp.get("/calendar/<int:year>.csv")
def calendar_year_csv(year: int):
    """The year in the import format, to edit and import again."""
    _year_or_404(year)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # In the reader's language: the Chinese interface writes 日期,类型,名称 and 放假/上班, which the
    # import reads as well as the English words.
    chinese = str(get_locale()).startswith("zh")
    writer.writerow(HEADER_ZH if chinese else HEADER)
    for day in calendar_service.days_of(year):
        kind = KIND_ZH[day.kind] if chinese else day.kind
        writer.writerow(cells.row([day.day.isoformat(), kind, day.name]))  # parse_calendar_file restores
    return Response(
        "\ufeff" + out.getvalue(), mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=calendar-{year}.csv"},
    )


def _calendar_page(import_form: CalendarImportForm, due_form: DueForm, result: Due | None):
    years = calendar_service.covered_years()
    counts = select(
        func.extract("year", CalendarDay.day).label("year"), CalendarDay.kind, func.count()
    ).group_by("year", CalendarDay.kind)
    tally: dict[int, dict[str, int]] = {}
    for year, kind, n in db.session.execute(counts):
        tally.setdefault(int(year), {})[kind] = n
    provisional = db.session.execute(
        select(func.count()).select_from(Clock).where(Clock.stopped_at.is_(None), Clock.provisional.is_(True))
    ).scalar_one()
    return render_template(
        "admin/calendar.html", years=years, tally=tally, provisional=provisional, import_form=import_form,
        due_form=due_form, result=result, next_year=(years[0].year + 1) if years else utcnow().year,
    )


def _parse(form: CalendarImportForm):
    """The file's year, entries and text, or None with the problem put next to its field."""
    upload = form.file.data
    if upload is not None and upload.filename:
        field, text = form.file, _decode(upload.stream.read(MAX_FILE_BYTES + 1))
        if text is None:
            field.errors.append(_("Upload a CSV text file (UTF-8 or GB18030) of at most 64 KB."))
            return None
    elif (form.text.data or "").strip():
        field, text = form.text, form.text.data
    else:
        form.file.errors.append(_("Choose a file or paste the rows."))
        return None
    try:
        year, entries = parse_calendar_file(text)
    except CalendarFileError as exc:
        field.errors.append(calendar_service.file_problem(exc))
        return None
    return year, entries, text


def _decode(raw: bytes) -> str | None:
    """Text of an upload, or None when it is too big or not text. Excel on Chinese Windows saves
    CSV in GB18030 (GBK), so that is tried after UTF-8."""
    if len(raw) > MAX_FILE_BYTES or b"\x00" in raw:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _year_or_404(year: int):
    row = db.session.get(CalendarYear, year)
    if row is None:
        abort(404)
    return row


def _holiday_runs(days: list[CalendarDay]) -> list[HolidayRun]:
    """Group days off by name; a file may leave out the weekend days inside a holiday period."""
    runs: list[HolidayRun] = []
    for day in days:
        last = runs[-1] if runs else None
        if last and last.name == day.name and _only_weekend_between(last.last, day.day):
            last.last, last.days = day.day, last.days + 1
        else:
            runs.append(HolidayRun(day.name, day.day, day.day, 1))
    return runs


def _only_weekend_between(first: date, last: date) -> bool:
    gap = (last - first).days
    return all(is_weekend(first + timedelta(days=i)) for i in range(1, gap))
