"""Hypothesis on the date arithmetic (issue 13) on the real 2004–2026 calendar and past it: the
properties every due date, count and reminder day must have, whatever the start and the period
(tests/domain/test_deadlines.py holds the worked examples; test_statutory_holidays.py the
provisional years)."""
from __future__ import annotations

from datetime import UTC, date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.calendar_seed import seed_entries
from workflow.domain.calendar import WorkCalendar
from workflow.domain.deadlines import (
    Period,
    due_date,
    end_of_day,
    is_overdue,
    local_date,
    subtract_working_days,
    working_days_between,
)

years, entries = seed_entries()
CAL = WorkCalendar.from_entries(entries, years)
DAYS = st.dates(min_value=date(2005, 1, 1), max_value=date(2028, 12, 31))
PROPERTIES = settings(max_examples=150, deadline=None, derandomize=True, database=None)


@PROPERTIES
@given(start=DAYS, n=st.integers(1, 400))
def test_a_working_day_period_ends_on_a_working_day_exactly_n_working_days_on(start, n):
    due = due_date(start, Period(n, "working_days"), CAL).date
    assert CAL.is_working_day(due) and due > start
    assert working_days_between(start, due, CAL) == n
    assert working_days_between(start, due - timedelta(days=1), CAL) == n - 1  # not a day later


@PROPERTIES
@given(start=DAYS, months=st.integers(1, 24))
def test_a_month_period_ends_on_the_first_working_day_from_the_same_day_of_the_month(start, months):
    due = due_date(start, Period(months, "months"), CAL).date
    same_day = start + relativedelta(months=months)  # or the month's last day (art. 202)
    assert CAL.is_working_day(due) and due >= same_day
    assert not any(CAL.is_working_day(same_day + timedelta(days=k)) for k in range((due - same_day).days))


@PROPERTIES
@given(a=DAYS, b=DAYS)
def test_counting_working_days_is_antisymmetric(a, b):
    assert working_days_between(a, b, CAL) == -working_days_between(b, a, CAL)


@PROPERTIES
@given(due=DAYS, n=st.integers(0, 60))
def test_a_reminder_day_is_a_working_day_n_working_days_before(due, n):
    day = subtract_working_days(due, n, CAL)
    assert CAL.is_working_day(day) and day <= due
    assert working_days_between(day, due, CAL) == n or (n == 0 and not CAL.is_working_day(due))


@PROPERTIES
@given(due=DAYS, seconds=st.integers(-3 * 86400, 3 * 86400))
def test_overdue_exactly_after_the_due_days_end_in_shanghai(due, seconds):
    now = end_of_day(due).astimezone(UTC) + timedelta(seconds=seconds)
    assert is_overdue(due, now) == (seconds >= 0)
    assert local_date(end_of_day(due) - timedelta(seconds=1)) == due


def test_the_calendar_is_the_real_one():
    """2026-02-16 (春节) is off and 2026-02-14 (调休) is worked, so the properties meet both."""
    assert not CAL.is_working_day(date(2026, 2, 16)) and CAL.is_working_day(date(2026, 2, 14))
