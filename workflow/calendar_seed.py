"""The work calendar's seed, read from the `chinesecalendar` package (2004 to 2026 in 1.11.0).

Years after the package's data are entered by an admin (see `workflow.domain.calendar_file`).
"""

from __future__ import annotations

from datetime import date

import chinese_calendar

from workflow.domain.calendar import CalendarEntry, is_weekend


def seed_entries() -> tuple[set[int], list[CalendarEntry]]:
    """The years the package covers and their holidays and adjusted working weekends."""
    holidays: dict[date, str] = chinese_calendar.holidays
    workdays: dict[date, str] = chinese_calendar.workdays
    years = {day.year for day in holidays} | {day.year for day in workdays}
    entries = [CalendarEntry(day, "holiday", _chinese_name(name)) for day, name in holidays.items()]
    # The package lists working weekends only, but a weekday there would mean nothing to us.
    entries += [
        CalendarEntry(day, "workday", _chinese_name(name))
        for day, name in workdays.items()
        if is_weekend(day)
    ]
    entries.sort(key=lambda entry: entry.day)
    return years, entries


def _chinese_name(english: str) -> str:
    # The package's dicts hold the English name; its Holiday enum knows the Chinese one, which
    # matches what admins type into their import files (元旦, 春节, ...).
    try:
        return chinese_calendar.Holiday(english).chinese
    except ValueError:
        return english
