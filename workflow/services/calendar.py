"""The work calendar as stored, importing a year, and what a year's import changes."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, extract, select

from workflow.domain.calendar import CalendarEntry, WorkCalendar
from workflow.domain.calendar_diff import YearComparison, compare_year
from workflow.domain.calendar_file import CalendarFileError
from workflow.extensions import db
from workflow.models import CalendarDay, CalendarYear, User
from workflow.services.errors import Invalid


def load() -> WorkCalendar:
    years = db.session.execute(select(CalendarYear.year)).scalars().all()
    return WorkCalendar.from_entries(_entries(), years)


def covered_years() -> list[CalendarYear]:
    return db.session.execute(select(CalendarYear).order_by(CalendarYear.year.desc())).scalars().all()


def days_of(year: int) -> list[CalendarDay]:
    query = select(CalendarDay).where(extract("year", CalendarDay.day) == year).order_by(CalendarDay.day)
    return db.session.execute(query).scalars().all()


def stored_entries(year: int) -> list[CalendarEntry] | None:
    """The year as stored, or None when the calendar does not cover it."""
    if db.session.get(CalendarYear, year) is None:
        return None
    return [CalendarEntry(d.day, d.kind, d.name) for d in days_of(year)]


@dataclass(frozen=True)
class ImportPreview:
    """What saving a year would do, shown before it is saved."""

    comparison: YearComparison
    stored_source: str | None  # "chinesecalendar" or "admin" when the year is stored already
    moves: int  # running clocks whose due date would move
    confirms: int  # running clocks whose provisional (待定) date would become final as it is


def preview(year: int, entries: list[CalendarEntry]) -> ImportPreview:
    from workflow.services.clocks import moves

    stored = stored_entries(year)
    row = db.session.get(CalendarYear, year)
    changed = moves(_with_year(year, entries))
    moved = sum(1 for clock, due in changed if due.date != clock.due_date)
    return ImportPreview(compare_year(year, entries, stored), row.source if row else None, moved,
                         len(changed) - moved)


def import_year(
    year: int,
    entries: list[CalendarEntry],
    now: datetime,
    actor: User | None,
    *,
    replace: bool = False,
    confirm_missing: bool = False,
) -> int:
    """Store an administrator's year and recompute every running clock it moves; returns how
    many due dates moved. Refused (Invalid) when the year is stored and `replace` is not given,
    or when the file lacks a statutory holiday and `confirm_missing` is not given."""
    check_import(year, entries, replace=replace, confirm_missing=confirm_missing)
    from workflow.services.clocks import recompute_running

    store_year(year, entries, "admin", now)
    db.session.flush()
    moved = recompute_running(now, actor)
    db.session.commit()
    return moved


def check_import(year: int, entries: list[CalendarEntry], *, replace: bool, confirm_missing: bool) -> None:
    existing = db.session.get(CalendarYear, year)
    if existing is not None and not replace:
        raise Invalid({"replace": _(
            "%(year)d is in the calendar already (source: %(source)s). Tick the box to replace it.",
            year=year, source=source_label(existing.source))})
    missing = compare_year(year, entries, None).missing
    if missing and not confirm_missing:
        days = "、".join(f"{c.day.isoformat()} {c.name}" for c in missing)
        raise Invalid({"confirm_missing": _(
            "The file makes working days of statutory holidays: %(days)s. Correct the file, or confirm "
            "that the State Council's arrangement really lists them as working days.", days=days)})


def file_problem(exc: CalendarFileError) -> str:
    """A problem of an import file, in the user's language, with its line."""
    return _("Line %(line)d: %(message)s", line=exc.line_no, message=_(exc.template) % exc.params)


def source_label(source: str) -> str:
    return _("imported by an administrator") if source == "admin" else source


def store_year(year: int, entries: Iterable[CalendarEntry], source: str, now: datetime) -> None:
    """Replace one year's days; the caller commits."""
    db.session.execute(delete(CalendarDay).where(extract("year", CalendarDay.day) == year))
    db.session.add_all(CalendarDay(day=e.day, kind=e.kind, name=e.name or "") for e in entries)
    row = db.session.get(CalendarYear, year)
    if row is None:
        db.session.add(CalendarYear(year=year, source=source, updated_at=now))
    else:
        row.source, row.updated_at = source, now


def seed(now: datetime) -> int:
    """Load the years the chinesecalendar package knows, where the table lacks them."""
    from workflow.calendar_seed import seed_entries

    years, entries = seed_entries()
    known = set(db.session.execute(select(CalendarYear.year)).scalars())
    by_year: dict[int, list[CalendarEntry]] = {}
    for entry in entries:
        by_year.setdefault(entry.day.year, []).append(entry)
    added = 0
    for year in sorted(set(years) - known):
        store_year(year, by_year.get(year, []), "chinesecalendar", now)
        added += 1
    db.session.commit()
    return added


def _entries() -> list[CalendarEntry]:
    rows = db.session.execute(select(CalendarDay.day, CalendarDay.kind, CalendarDay.name)).all()
    return [CalendarEntry(day=day, kind=kind, name=name) for day, kind, name in rows]


def _with_year(year: int, entries: list[CalendarEntry]) -> WorkCalendar:
    """The calendar as it would be with `year` replaced by `entries`."""
    years = set(db.session.execute(select(CalendarYear.year)).scalars()) | {year}
    kept = [e for e in _entries() if e.day.year != year]
    return WorkCalendar.from_entries(kept + entries, years)


def span(first: date, last: date) -> WorkCalendar:
    """The calendar's entries between two days, for the working days left to a page's due dates:
    two statements and a few rows, where load() reads every year."""
    rows = db.session.execute(
        select(CalendarDay.day, CalendarDay.kind, CalendarDay.name).where(CalendarDay.day.between(first, last))
    ).all()
    years = db.session.execute(
        select(CalendarYear.year).where(CalendarYear.year.between(first.year, last.year))
    ).scalars().all()
    return WorkCalendar.from_entries([CalendarEntry(day=d, kind=k, name=n) for d, k, n in rows], years)
