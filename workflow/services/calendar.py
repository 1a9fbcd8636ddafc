"""The work calendar as stored, its import, and what a new year changes."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import delete, extract, select

from workflow.domain.calendar import CalendarEntry, WorkCalendar
from workflow.extensions import db
from workflow.models import CalendarDay, CalendarYear, User


def load() -> WorkCalendar:
    rows = db.session.execute(select(CalendarDay.day, CalendarDay.kind, CalendarDay.name)).all()
    years = db.session.execute(select(CalendarYear.year)).scalars().all()
    entries = [CalendarEntry(day=day, kind=kind, name=name) for day, kind, name in rows]
    return WorkCalendar.from_entries(entries, years)


def covered_years() -> list[CalendarYear]:
    return db.session.execute(select(CalendarYear).order_by(CalendarYear.year.desc())).scalars().all()


def days_of(year: int) -> list[CalendarDay]:
    query = select(CalendarDay).where(extract("year", CalendarDay.day) == year).order_by(CalendarDay.day)
    return db.session.execute(query).scalars().all()


def store_year(year: int, entries: Iterable[CalendarEntry], source: str, now: datetime) -> None:
    """Replace one year's days; the caller commits."""
    db.session.execute(delete(CalendarDay).where(extract("year", CalendarDay.day) == year))
    db.session.add_all(CalendarDay(day=e.day, kind=e.kind, name=e.name or "") for e in entries)
    row = db.session.get(CalendarYear, year)
    if row is None:
        db.session.add(CalendarYear(year=year, source=source, updated_at=now))
    else:
        row.source, row.updated_at = source, now


def import_year(year: int, entries: list[CalendarEntry], now: datetime, actor: User | None) -> int:
    """Store an admin's year and recompute every open provisional due date; returns how many moved."""
    from workflow.services.clocks import recompute_provisional

    store_year(year, entries, "admin", now)
    db.session.flush()
    changed = recompute_provisional(now, actor)
    db.session.commit()
    return changed


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
