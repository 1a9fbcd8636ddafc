"""Deadline arithmetic under the Civil Code's rules on periods (民法典 第二百零一至二百零三条).

See SPEC 4 "Date arithmetic". All functions are pure: the calendar and `now` are passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from workflow.domain.calendar import WorkCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")

PeriodUnit = Literal["working_days", "months"]
_SUFFIX: dict[PeriodUnit, str] = {"working_days": "wd", "months": "m"}
_UNIT = {suffix: unit for unit, suffix in _SUFFIX.items()}
# [0-9], not \d, which takes fullwidth digits too; no leading zero, so str() gives the text back.
_PERIOD = re.compile(r"([1-9][0-9]{0,3})(wd|m)")
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    amount: int
    unit: PeriodUnit

    def __post_init__(self) -> None:
        if self.unit not in _SUFFIX:
            raise ValueError(f"unknown period unit {self.unit!r}")
        if self.amount < 1:
            raise ValueError("a period is at least 1 working day or 1 month")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse an admin setting such as "15wd" (working days) or "3m" (months)."""
        match = _PERIOD.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a period like 15wd or 3m")
        return cls(int(match[1]), _UNIT[match[2]])

    def __str__(self) -> str:
        return f"{self.amount}{_SUFFIX[self.unit]}"


@dataclass(frozen=True)
class Due:
    date: date
    provisional: bool  # True when a year consulted is not covered by the calendar


def due_date(start: date, period: Period, cal: WorkCalendar) -> Due:
    """The last day of a period that starts on `start` (the day of assignment, submission, ...)."""
    if period.unit == "months":
        # Art. 202: the corresponding day of the last month, or its last day when it has none;
        # relativedelta clamps 01-31 + 1 month to 02-28/29 exactly so. Art. 203: a last day
        # that is a holiday or rest day gives way to the next working day.
        first_consulted = start + relativedelta(months=period.amount)
        end = cal.next_working_day(first_consulted)
    else:
        # Art. 201: the day the period starts on is not counted.
        first_consulted = start + _ONE_DAY
        end = _nth_working_day_after(start, period.amount, cal)
    return Due(end, provisional=not _covers_span(cal, first_consulted, end))


def fixed_due(day: date, cal: WorkCalendar) -> Due:
    """A date the office fixed (a batch date, a granted extension): it ends the period as it is,
    unless it is a holiday or rest day, when art. 203 moves it to the next working day. It is
    provisional while its year's arrangement is not in the calendar."""
    end = cal.next_working_day(day)
    return Due(end, provisional=not _covers_span(cal, day, end))


def working_days_between(start: date, end: date, cal: WorkCalendar) -> int:
    """Working days after `start` up to and including `end`; negative when `end` < `start`.

    With `start` = today and `end` = the due date this is "N working days left", and once the
    due date has passed, minus "overdue by N working days".
    """
    if end < start:
        return -working_days_between(end, start, cal)
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        count += cal.is_working_day(day)
        day += _ONE_DAY
    return count


def subtract_working_days(due: date, n: int, cal: WorkCalendar) -> date:
    """The latest working day `d` with `working_days_between(d, due) == n`.

    Used for reminders "10, 5, 1 working days before". For a working `due`, n = 0 is `due` itself
    and n = 1 the working day before it; the result never lands on a holiday or rest day.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    remaining = n
    day = due
    while remaining or not cal.is_working_day(day):
        remaining -= cal.is_working_day(day)
        day -= _ONE_DAY
    return day


def end_of_day(day: date) -> datetime:
    """24:00 Asia/Shanghai on `day`, written as the next day's 00:00 (art. 203: a period ends
    at the end of its last day)."""
    return datetime.combine(day + _ONE_DAY, time(0), tzinfo=SHANGHAI)


def is_overdue(due: date, now: datetime) -> bool:
    return _require_aware(now) >= end_of_day(due)


def local_date(now: datetime) -> date:
    """The Asia/Shanghai calendar date of an aware datetime."""
    return _require_aware(now).astimezone(SHANGHAI).date()


def _nth_working_day_after(start: date, n: int, cal: WorkCalendar) -> date:
    day = start
    for _ in range(n):
        day = cal.next_working_day(day + _ONE_DAY)
    return day


def _covers_span(cal: WorkCalendar, first: date, last: date) -> bool:
    return all(cal.covers(year) for year in range(first.year, last.year + 1))


def _require_aware(now: datetime) -> datetime:
    # A naive datetime would silently be read as the server's local time.
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now
