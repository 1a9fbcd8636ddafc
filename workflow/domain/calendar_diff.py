"""What importing a year's calendar changes, shown to the administrator before it is saved.

A year's file is compared day by day, as working day or day off, with two others: the statutory
list (weekends and the holidays the law names, domain/statutory_holidays.py), and the year as
stored, when it is already in the calendar. Only a day whose status differs matters to a due date,
so a weekend day listed as a holiday is no change, and an adjusted working weekend (调休上班) is.

A statutory holiday the file would make a working day is *missing*: the law gives that day off,
so a file without it is most likely wrong (a truncated export, a wrong year), and saving it needs
the administrator's explicit confirmation.

Pure: calendars in, lists of days out.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from workflow.domain.calendar import CalendarEntry, WorkCalendar
from workflow.domain.statutory_holidays import statutory_holidays

# The law alone: a calendar that covers no year is weekends plus the statutory holidays.
STATUTORY = WorkCalendar(frozenset(), frozenset(), frozenset())


@dataclass(frozen=True)
class DayChange:
    day: date
    name: str  # the holiday's name, from the file, the stored year or the law
    working_before: bool
    working_after: bool

    @property
    def becomes_day_off(self) -> bool:
        return self.working_before and not self.working_after


@dataclass(frozen=True)
class YearComparison:
    year: int
    against_law: tuple[DayChange, ...]  # extra days off, adjusted workdays, missing statutory days
    missing: tuple[DayChange, ...]  # statutory holidays the file makes working days
    against_stored: tuple[DayChange, ...] | None  # None when the year is not stored yet

    @property
    def extra_days_off(self) -> tuple[DayChange, ...]:
        """Days off the law does not name: bridge days, make-up days for a holiday on a weekend."""
        return tuple(c for c in self.against_law if c.becomes_day_off)

    @property
    def adjusted_workdays(self) -> tuple[DayChange, ...]:
        """Weekend days worked by adjustment (调休上班)."""
        missing = {c.day for c in self.missing}
        return tuple(c for c in self.against_law if not c.becomes_day_off and c.day not in missing)


def compare_year(
    year: int, entries: Iterable[CalendarEntry], stored: Iterable[CalendarEntry] | None
) -> YearComparison:
    """Compare a year's new entries with the law and, if given, with the year as stored."""
    entries = list(entries)
    after = WorkCalendar.from_entries(entries, {year})
    names = dict(statutory_holidays(year))
    before_stored = None
    if stored is not None:
        stored = list(stored)
        before_stored = WorkCalendar.from_entries(stored, {year})
        names.update((e.day, e.name) for e in stored if e.name)
    names.update((e.day, e.name) for e in entries if e.name)
    against_law = changes(year, STATUTORY, after, names)
    law = statutory_holidays(year)
    return YearComparison(
        year=year,
        against_law=against_law,
        missing=tuple(c for c in against_law if c.day in law and c.working_after),
        against_stored=changes(year, before_stored, after, names) if before_stored is not None else None,
    )


def changes(year: int, before: WorkCalendar, after: WorkCalendar, names: dict[date, str]) -> tuple[DayChange, ...]:
    """Every day of `year` that is a working day in one calendar and a day off in the other."""
    found = []
    day, last = date(year, 1, 1), date(year, 12, 31)
    while day <= last:
        was, now = before.is_working_day(day), after.is_working_day(day)
        if was != now:
            found.append(DayChange(day, names.get(day, ""), was, now))
        day += timedelta(days=1)
    return tuple(found)
