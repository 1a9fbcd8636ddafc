"""The statutory holidays of 《全国年节及纪念日放假办法》 and the provisional calendar built on them."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.calendar_seed import seed_entries
from workflow.domain.calendar import WorkCalendar, is_weekend
from workflow.domain.deadlines import Period, due_date
from workflow.domain.statutory_holidays import edition_for, is_statutory_holiday, statutory_holidays

D = date.fromisoformat
_SEED = seed_entries()
_CAL = WorkCalendar.from_entries(_SEED[1], _SEED[0])  # 2004-2026, as the seed loads it


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return _CAL


STATUTORY_2027 = {
    "2027-01-01": "元旦",
    "2027-02-05": "春节",  # 除夕
    "2027-02-06": "春节",  # 初一
    "2027-02-07": "春节",
    "2027-02-08": "春节",  # 初三
    "2027-04-05": "清明节",
    "2027-05-01": "劳动节",
    "2027-05-02": "劳动节",
    "2027-06-09": "端午节",
    "2027-09-15": "中秋节",
    "2027-10-01": "国庆节",
    "2027-10-02": "国庆节",
    "2027-10-03": "国庆节",
}


def test_2027_under_the_2024_revision() -> None:
    assert statutory_holidays(2027) == {D(day): name for day, name in STATUTORY_2027.items()}
    assert edition_for(2027).order == "国务院令第795号"


@pytest.mark.parametrize(("year", "order", "days"), [
    (2004, "国务院令第270号", 10),  # 春节 3, 劳动节 3, 国庆 3, 元旦 1 (no overlaps that year)
    (2008, "国务院令第513号", 11),  # adds 清明, 端午, 中秋; 劳动节 1 day; 春节 from 除夕
    (2014, "国务院令第644号", 11),  # 春节 from 初一 again
    (2025, "国务院令第795号", 13),  # 除夕 and 5月2日 added
])
def test_each_edition_applies_from_its_first_year(year: int, order: str, days: int) -> None:
    assert edition_for(year).order == order
    assert len(statutory_holidays(year)) == days


def test_2024_spring_festival_has_no_new_years_eve_and_2025_has() -> None:
    # 2024-02-09 was 除夕 and a working day (the 2013 edition); 2025-01-28 was 除夕 and statutory.
    assert not is_statutory_holiday(D("2024-02-09"))
    assert is_statutory_holiday(D("2025-01-28"))
    assert is_statutory_holiday(D("2025-05-02")) and not is_statutory_holiday(D("2024-05-02"))


def test_outside_the_known_editions_there_are_none() -> None:
    assert statutory_holidays(1999) == {} and statutory_holidays(2200) == {}


@pytest.mark.parametrize("year", range(2004, 2027))
def test_every_statutory_day_is_off_in_the_published_arrangement(year: int) -> None:
    """Checked against the State Council's arrangements as `chinesecalendar` records them. The
    arrangements also add bridge days and adjusted working weekends, which the law does not name
    and a provisional calendar cannot know; the other direction is therefore no test."""
    computed = statutory_holidays(year)
    assert computed, year
    not_off = [d for d in computed if not chinese_calendar.is_holiday(d)]
    assert not_off == []
    # Listed as holidays by name, except a weekend day the arrangement had no reason to list.
    unlisted = [d for d in computed if d not in chinese_calendar.holidays and not is_weekend(d)]
    assert unlisted == []


@pytest.mark.parametrize(("start", "period", "due"), [
    # The case of the issue: a reply clock started in November 2026 fell due on 初三 2027-02-08.
    ("2026-11-06", "3m", "2027-02-09"),
    ("2026-11-05", "3m", "2027-02-09"),  # 2027-02-05 is 除夕
    ("2026-11-08", "3m", "2027-02-09"),  # 2027-02-08 is 初三
    ("2026-12-31", "1wd", "2027-01-04"),  # 元旦
    ("2027-02-04", "1wd", "2027-02-09"),
    ("2027-04-02", "1wd", "2027-04-06"),  # 清明 (Mon 04-05)
    ("2027-04-30", "1wd", "2027-05-03"),  # 劳动节 (Sat 05-01, Sun 05-02)
    ("2027-06-08", "1wd", "2027-06-10"),  # 端午 (Wed 06-09)
    ("2027-09-14", "1wd", "2027-09-16"),  # 中秋 (Wed 09-15)
    ("2027-09-30", "1wd", "2027-10-04"),  # 国庆节 (Fri 10-01 to Sun 10-03)
])
def test_provisional_2027_due_dates_avoid_the_statutory_holidays(cal, start, period, due) -> None:
    result = due_date(D(start), Period.parse(period), cal)
    assert result.date == D(due) and result.provisional
    assert result.date != D("2027-02-08")


@settings(deadline=None)  # no timed assertion: the first use of a year computes its lunar dates
@given(
    start=st.dates(min_value=date(2026, 10, 1), max_value=date(2040, 12, 31)),
    amount=st.integers(min_value=1, max_value=120),
    unit=st.sampled_from(["working_days", "months"]),
)
def test_a_provisional_due_date_is_never_a_weekend_or_a_statutory_holiday(start, amount, unit) -> None:
    period = Period(amount if unit == "working_days" else max(1, amount // 10), unit)
    result = due_date(start, period, _CAL)
    assert not is_weekend(result.date)
    assert not is_statutory_holiday(result.date)
    assert result.date > start
    if result.date.year > 2026:
        assert result.provisional


@settings(deadline=None)
@given(day=st.dates(min_value=date(2027, 1, 1), max_value=date(2100, 12, 31)))
def test_an_uncovered_day_is_off_exactly_when_weekend_or_statutory(day) -> None:
    assert _CAL.is_working_day(day) is not (is_weekend(day) or is_statutory_holiday(day))
    if not _CAL.is_working_day(day):
        assert _CAL.next_working_day(day) - day <= timedelta(days=9)

