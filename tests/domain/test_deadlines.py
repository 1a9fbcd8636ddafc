"""Deadline arithmetic under the Civil Code's rules on periods, on the real 2025/2026 calendar."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from dateutil.relativedelta import relativedelta

from workflow.calendar_seed import seed_entries
from workflow.domain.calendar import WorkCalendar
from workflow.domain.calendar_file import parse_calendar_file
from workflow.domain.deadlines import (
    SHANGHAI,
    Due,
    Period,
    due_date,
    end_of_day,
    is_overdue,
    local_date,
    subtract_working_days,
    working_days_between,
)

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    years, entries = seed_entries()
    return WorkCalendar.from_entries(entries, years)


def days(first: str, last: str) -> list[date]:
    start, end = D(first), D(last)
    return [start + timedelta(n) for n in range((end - start).days + 1)]


# --- Period -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("15wd", Period(15, "working_days")),
        ("1wd", Period(1, "working_days")),
        ("3m", Period(3, "months")),
        ("12m", Period(12, "months")),
        (" 6m ", Period(6, "months")),
    ],
)
def test_period_parse(text: str, period: Period) -> None:
    assert Period.parse(text) == period
    assert str(period) == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "15",
        "wd",
        "m",
        "0wd",
        "0m",
        "015wd",
        "-1m",
        "1.5m",
        "3 m",
        "3M",
        "3y",
        "3mm",
        "\uff11\uff15wd",
        "15d",
    ],
)
def test_period_parse_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="not a period"):
        Period.parse(text)


@pytest.mark.parametrize(("amount", "unit"), [(0, "months"), (-1, "working_days"), (1, "years")])
def test_period_refuses_bad_values(amount: int, unit: str) -> None:
    with pytest.raises(ValueError, match="period"):
        Period(amount, unit)  # type: ignore[arg-type]


# --- due_date ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "period", "due"),
    [
        # SPEC 4 examples
        ("2026-01-31", "1m", "2026-02-28"),  # no 02-31; 02-28 is also an adjusted Saturday
        ("2026-07-07", "3m", "2026-10-08"),  # 10-07 is a National Day holiday
        ("2026-09-24", "5wd", "2026-10-09"),
        ("2026-02-13", "1wd", "2026-02-14"),  # an adjusted Saturday
        # month ends
        ("2026-03-31", "1m", "2026-04-30"),
        ("2025-08-31", "6m", "2026-02-28"),
        ("2026-05-31", "1m", "2026-06-30"),
        ("2026-02-14", "1m", "2026-03-16"),  # Sat 03-14 is an ordinary rest day
        ("2025-12-31", "2m", "2026-02-28"),
        # leap years
        ("2024-02-29", "12m", "2025-02-28"),
        ("2024-01-31", "1m", "2024-02-29"),
        ("2023-12-29", "2m", "2024-02-29"),
        # months ending in holidays
        ("2025-11-17", "3m", "2026-02-24"),  # 02-17 Spring Festival
        ("2026-02-01", "3m", "2026-05-06"),  # 05-01 Labour Day
        ("2026-03-19", "3m", "2026-06-22"),  # 06-19 Dragon Boat Festival
        ("2024-10-29", "3m", "2025-02-05"),  # 2025-01-29 Spring Festival
        ("2025-04-01", "1m", "2025-05-06"),  # 2025-05-01 Labour Day
        ("2025-07-01", "3m", "2025-10-09"),  # 2025-10-01 National Day, through 10-08
        # working days across holidays and adjusted weekends
        ("2026-02-13", "2wd", "2026-02-24"),
        ("2026-02-24", "4wd", "2026-02-28"),
        ("2025-12-31", "1wd", "2026-01-04"),  # 01-01..03 off, Sunday 01-04 worked
        ("2026-04-30", "2wd", "2026-05-07"),
        ("2026-05-08", "1wd", "2026-05-09"),
        ("2026-09-18", "1wd", "2026-09-20"),  # Sunday worked
        ("2026-10-09", "1wd", "2026-10-10"),  # Saturday worked
        ("2026-06-01", "15wd", "2026-06-23"),
        ("2025-01-24", "2wd", "2025-01-27"),  # Sunday 01-26 worked
        ("2025-04-25", "1wd", "2025-04-27"),
        ("2025-09-30", "1wd", "2025-10-09"),
        ("2025-10-10", "1wd", "2025-10-11"),
        # a start on a holiday: the counting begins the day after it
        ("2026-10-01", "5wd", "2026-10-13"),
        ("2026-10-03", "1wd", "2026-10-08"),
        ("2026-10-01", "1m", "2026-11-02"),  # 11-01 is a Sunday
        ("2026-02-17", "1m", "2026-03-17"),
    ],
)
def test_due_date(cal: WorkCalendar, start: str, period: str, due: str) -> None:
    assert due_date(D(start), Period.parse(period), cal) == Due(D(due), provisional=False)


@pytest.mark.parametrize(
    ("start", "period", "due"),
    [
        ("2026-08-31", "6m", "2027-03-01"),  # 2027-02-28 is a Sunday
        ("2026-11-30", "3m", "2027-03-01"),
        ("2027-01-31", "1m", "2027-03-01"),
        ("2028-01-31", "1m", "2028-02-29"),
        ("2026-12-24", "10wd", "2027-01-08"),  # 2027-01-01, 元旦, is a statutory holiday
        ("2026-12-31", "1wd", "2027-01-04"),
        ("2026-11-06", "3m", "2027-02-09"),  # 02-06 is 初一: 除夕 to 初三 (02-05..02-08) are off
        ("2027-03-05", "1m", "2027-04-06"),  # 04-05 is 清明
        ("2027-04-01", "1m", "2027-05-03"),  # 05-01 and 05-02: 劳动节; no bridge day foreseen
        ("2027-05-09", "1m", "2027-06-10"),  # 06-09: 端午
        ("2027-08-15", "1m", "2027-09-16"),  # 09-15: 中秋
        ("2027-07-01", "3m", "2027-10-04"),  # 10-01 to 10-03: 国庆节
    ],
)
def test_due_date_in_an_uncovered_year_is_provisional(
    cal: WorkCalendar, start: str, period: str, due: str
) -> None:
    assert due_date(D(start), Period.parse(period), cal) == Due(D(due), provisional=True)


@pytest.mark.parametrize(
    ("start", "period", "due"),
    [
        ("2026-12-30", "1wd", "2026-12-31"),
        ("2026-09-30", "3m", "2026-12-30"),
        ("2026-12-29", "2wd", "2026-12-31"),
    ],
)
def test_due_date_at_the_end_of_the_data_is_final(
    cal: WorkCalendar, start: str, period: str, due: str
) -> None:
    assert due_date(D(start), Period.parse(period), cal) == Due(D(due), provisional=False)


def test_due_date_is_final_once_the_year_is_entered(cal: WorkCalendar) -> None:
    # Hypothetical 2027 data: 2027-03-01 declared a holiday, to show the entered year is used.
    start, period = D("2026-08-31"), Period.parse("6m")
    year, entries = parse_calendar_file("date,kind,name\n2027-03-01,holiday,test\n")
    with_2027 = WorkCalendar(
        holidays=cal.holidays | {e.day for e in entries},
        workdays=cal.workdays,
        years=cal.years | {year},
    )
    assert due_date(start, period, cal) == Due(D("2027-03-01"), provisional=True)
    assert due_date(start, period, with_2027) == Due(D("2027-03-02"), provisional=False)


def test_an_empty_entered_year_still_counts_as_covered(cal: WorkCalendar) -> None:
    with_2027 = WorkCalendar(cal.holidays, cal.workdays, cal.years | {2027})
    assert due_date(D("2026-12-24"), Period.parse("10wd"), with_2027) == Due(
        D("2027-01-07"), provisional=False
    )


# --- counting working days --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2026-09-24", "2026-10-09", 5),
        ("2026-10-09", "2026-09-24", -5),
        ("2026-03-10", "2026-03-10", 0),
        ("2026-03-09", "2026-03-10", 1),
        ("2026-03-10", "2026-03-09", -1),
        ("2026-02-13", "2026-02-24", 2),
        ("2026-09-30", "2026-10-08", 1),
        ("2026-10-01", "2026-10-07", 0),  # all National Day
        ("2026-10-12", "2026-10-09", -2),  # overdue by Sat 10-10 (worked) and Mon 10-12
        ("2026-03-13", "2026-03-16", 1),  # Friday to Monday
        ("2026-12-30", "2027-01-04", 2),  # 12-31 and 01-04; 2027-01-01 is 元旦 even provisionally
        ("2025-01-01", "2025-12-31", 248),  # 2025 had 248 working days
        ("2025-12-31", "2026-12-31", 248),  # so does 2026: 261 weekdays - 19 off + 6 worked
    ],
)
def test_working_days_between(cal: WorkCalendar, start: str, end: str, count: int) -> None:
    assert working_days_between(D(start), D(end), cal) == count


@pytest.mark.parametrize(
    ("due", "n", "expected"),
    [
        ("2026-10-09", 5, "2026-09-24"),
        ("2026-10-08", 0, "2026-10-08"),
        ("2026-10-08", 1, "2026-09-30"),
        ("2026-02-24", 1, "2026-02-14"),  # the adjusted Saturday before Spring Festival
        ("2026-10-12", 1, "2026-10-10"),  # the adjusted Saturday after National Day
        ("2026-10-12", 10, "2026-09-21"),
        ("2026-03-16", 1, "2026-03-13"),
        ("2026-01-05", 1, "2026-01-04"),
        ("2026-01-05", 2, "2025-12-31"),
        # a due date on a day off (only a fixed date set by the office can be one)
        ("2026-10-04", 0, "2026-09-30"),
        ("2026-10-04", 1, "2026-09-29"),
    ],
)
def test_subtract_working_days(cal: WorkCalendar, due: str, n: int, expected: str) -> None:
    result = subtract_working_days(D(due), n, cal)
    assert result == D(expected)
    assert working_days_between(result, D(due), cal) == n


def test_subtract_working_days_refuses_a_negative_count(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        subtract_working_days(D("2026-10-08"), -1, cal)


@pytest.mark.parametrize("n", [1, 3, 5, 10, 15, 20])
def test_working_days_round_trip(cal: WorkCalendar, n: int) -> None:
    period = Period(n, "working_days")
    for start in days("2025-01-01", "2026-11-30"):
        due = due_date(start, period, cal).date
        assert cal.is_working_day(due)
        assert working_days_between(start, due, cal) == n
        if cal.is_working_day(start):
            assert subtract_working_days(due, n, cal) == start
            assert due_date(subtract_working_days(due, n, cal), period, cal).date == due


@pytest.mark.parametrize("n", [0, 1, 5, 10])
def test_reminder_days_are_working_days_before_the_due_date(cal: WorkCalendar, n: int) -> None:
    for due in days("2025-01-01", "2026-12-31"):
        reminder = subtract_working_days(due, n, cal)
        assert cal.is_working_day(reminder)
        assert reminder <= due
        assert working_days_between(reminder, due, cal) == n
        # the latest such day: the next working day already has fewer left
        assert working_days_between(cal.next_working_day(reminder + timedelta(1)), due, cal) < n


@pytest.mark.parametrize("months", [1, 3, 6, 12])
def test_months_due_dates_are_the_first_working_day_from_the_corresponding_day(
    cal: WorkCalendar, months: int
) -> None:
    for start in days("2025-01-01", "2025-12-31"):
        corresponding = start + relativedelta(months=months)
        due = due_date(start, Period(months, "months"), cal)
        assert not due.provisional
        assert cal.is_working_day(due.date)
        assert corresponding <= due.date
        assert not any(
            cal.is_working_day(day) for day in days(str(corresponding), str(due.date))[:-1]
        )


# --- end of day, overdue ----------------------------------------------------------------------


def test_end_of_day_is_midnight_in_shanghai() -> None:
    end = end_of_day(D("2026-03-10"))
    assert end == datetime(2026, 3, 11, 0, 0, tzinfo=SHANGHAI)
    assert end == datetime(2026, 3, 10, 16, 0, tzinfo=UTC)
    assert end.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    ("due", "now", "overdue"),
    [
        ("2026-03-10", datetime(2026, 3, 10, 15, 59, 59, tzinfo=UTC), False),
        ("2026-03-10", datetime(2026, 3, 10, 16, 0, 0, tzinfo=UTC), True),
        ("2026-03-10", datetime(2026, 3, 10, 15, 59, 59, 999999, tzinfo=UTC), False),
        ("2026-03-10", datetime(2026, 3, 10, 23, 59, 59, tzinfo=SHANGHAI), False),
        ("2026-03-10", datetime(2026, 3, 11, 0, 0, tzinfo=SHANGHAI), True),
        ("2026-03-10", datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI), False),
        ("2026-03-10", datetime(2026, 3, 9, 12, 0, tzinfo=UTC), False),
        (
            "2026-03-10",
            datetime(2026, 3, 11, 1, 0, tzinfo=timezone(timedelta(hours=9))),
            True,
        ),  # Tokyo
        ("2026-12-31", datetime(2026, 12, 31, 16, 0, tzinfo=UTC), True),
        ("2026-12-31", datetime(2026, 12, 31, 15, 59, tzinfo=UTC), False),
    ],
)
def test_is_overdue(due: str, now: datetime, overdue: bool) -> None:
    assert is_overdue(D(due), now) is overdue


@pytest.mark.parametrize(
    ("now", "day"),
    [
        (datetime(2026, 3, 10, 15, 59, 59, tzinfo=UTC), "2026-03-10"),
        (datetime(2026, 3, 10, 16, 0, 0, tzinfo=UTC), "2026-03-11"),
        (datetime(2026, 12, 31, 16, 0, tzinfo=UTC), "2027-01-01"),
        (datetime(2026, 3, 10, 0, 0, tzinfo=SHANGHAI), "2026-03-10"),
        (datetime(2026, 3, 10, 23, 0, tzinfo=timezone(timedelta(hours=-5))), "2026-03-11"),
    ],
)
def test_local_date(now: datetime, day: str) -> None:
    assert local_date(now) == D(day)


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 3, 10, 16, 0, tzinfo=UTC).replace(tzinfo=None)
    with pytest.raises(ValueError, match="aware"):
        is_overdue(D("2026-03-10"), naive)
    with pytest.raises(ValueError, match="aware"):
        local_date(naive)
