"""The work calendar: which days count as working days (SPEC 4, "The calendar").

Statutory holidays and the State Council's adjusted working weekends (调休上班) are data, one
year at a time. A year the data does not cover is provisional: its days off are the weekends and
the statutory holidays the law names (domain/statutory_holidays.py), and deadline code marks
anything computed on such a year as provisional (待定).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from workflow.domain.statutory_holidays import is_statutory_holiday

EntryKind = Literal["holiday", "workday"]
ENTRY_KINDS: tuple[EntryKind, ...] = ("holiday", "workday")

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def is_weekend(day: date) -> bool:
    return day.weekday() >= _SATURDAY


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    kind: EntryKind
    name: str = ""


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date]  # statutory days off, including the weekdays of holiday periods
    workdays: frozenset[date]  # weekend days that are adjusted working days (调休上班)
    years: frozenset[int]  # years the data covers

    @classmethod
    def from_entries(cls, entries: Iterable[CalendarEntry], years: Iterable[int]) -> WorkCalendar:
        """Build a calendar; refuse entries outside `years` or a day listed as both kinds."""
        covered = frozenset(years)
        holidays: set[date] = set()
        workdays: set[date] = set()
        for entry in entries:
            if entry.day.year not in covered:
                raise ValueError(f"{entry.day} lies outside the covered years")
            if entry.kind not in ENTRY_KINDS:
                raise ValueError(f"{entry.day}: unknown kind {entry.kind!r}")
            (holidays if entry.kind == "holiday" else workdays).add(entry.day)
        both = holidays & workdays
        if both:
            raise ValueError(f"{min(both)} is listed both as a holiday and as a workday")
        return cls(frozenset(holidays), frozenset(workdays), covered)

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_working_day(self, day: date) -> bool:
        if not self.covers(day.year):
            # Without the State Council's arrangement only the law is known: weekends and the
            # statutory holidays; its bridge days and adjusted workdays are not.
            return not is_weekend(day) and not is_statutory_holiday(day)
        if day in self.workdays:
            return True
        return not is_weekend(day) and day not in self.holidays

    def next_working_day(self, day: date) -> date:
        """The first working day on or after `day`."""
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day
