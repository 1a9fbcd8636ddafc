"""The work calendar, as seeded from chinesecalendar, and the admin's import file."""

from datetime import date

import pytest

from workflow.calendar_seed import seed_entries
from workflow.domain.calendar import CalendarEntry, WorkCalendar
from workflow.domain.calendar_file import CalendarFileError, parse_calendar_file

D = date.fromisoformat


@pytest.fixture(scope="module")
def seed() -> tuple[set[int], list[CalendarEntry]]:
    return seed_entries()


@pytest.fixture(scope="module")
def cal(seed: tuple[set[int], list[CalendarEntry]]) -> WorkCalendar:
    years, entries = seed
    return WorkCalendar.from_entries(entries, years)


# --- the seed ---------------------------------------------------------------------------------


def test_seed_covers_2004_to_2026(seed: tuple[set[int], list[CalendarEntry]]) -> None:
    years, _ = seed
    assert years == set(range(2004, 2027))


def test_seed_workdays_are_all_weekend_days(seed: tuple[set[int], list[CalendarEntry]]) -> None:
    _, entries = seed
    assert all(e.day.weekday() >= 5 for e in entries if e.kind == "workday")


def test_seed_lists_each_day_once(seed: tuple[set[int], list[CalendarEntry]]) -> None:
    _, entries = seed
    assert len({e.day for e in entries}) == len(entries)


@pytest.mark.parametrize(
    ("day", "kind", "name"),
    [
        ("2026-10-01", "holiday", "国庆节"),
        ("2026-10-10", "workday", "国庆节"),
        ("2026-01-04", "workday", "元旦"),
        ("2026-02-14", "workday", "春节"),
        ("2026-02-17", "holiday", "春节"),
        ("2026-02-28", "workday", "春节"),
        ("2026-05-09", "workday", "劳动节"),
        ("2026-09-20", "workday", "国庆节"),
        ("2025-10-06", "holiday", "中秋"),
        ("2015-09-03", "holiday", "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"),
    ],
)
def test_seed_entries(
    seed: tuple[set[int], list[CalendarEntry]], day: str, kind: str, name: str
) -> None:
    _, entries = seed
    assert CalendarEntry(D(day), kind, name) in entries  # type: ignore[arg-type]


def test_seed_2026_adjusted_workdays(seed: tuple[set[int], list[CalendarEntry]]) -> None:
    _, entries = seed
    workdays_2026 = sorted(e.day for e in entries if e.kind == "workday" and e.day.year == 2026)
    expected = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
    assert workdays_2026 == [D(day) for day in expected]


# --- working days -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2026 New Year's Day: Thu 01-01 to Sat 01-03 off, Sun 01-04 worked
        ("2026-01-01", False),
        ("2026-01-02", False),
        ("2026-01-03", False),
        ("2026-01-04", True),
        ("2026-01-05", True),
        # 2026 Spring Festival: Sat 02-14 worked, 02-15 to 02-23 off, Sat 02-28 worked
        ("2026-02-13", True),
        ("2026-02-14", True),
        ("2026-02-15", False),
        ("2026-02-17", False),
        ("2026-02-23", False),
        ("2026-02-24", True),
        ("2026-02-28", True),
        ("2026-03-01", False),  # an ordinary Sunday
        ("2026-04-06", False),  # Tomb-sweeping Day, a Monday
        # 2026 Labour Day: 05-01 to 05-05 off, Sat 05-09 worked
        ("2026-05-01", False),
        ("2026-05-05", False),
        ("2026-05-06", True),
        ("2026-05-09", True),
        ("2026-05-10", False),
        ("2026-06-19", False),  # Dragon Boat Festival, a Friday
        # 2026 Mid-autumn and National Day: Sun 09-20 worked, 09-25 to 09-27 and 10-01 to
        # 10-07 off, Sat 10-10 worked
        ("2026-09-20", True),
        ("2026-09-25", False),
        ("2026-09-30", True),
        ("2026-10-01", False),
        ("2026-10-07", False),
        ("2026-10-08", True),
        ("2026-10-10", True),
        ("2026-10-11", False),
        # 2025
        ("2025-01-26", True),  # Sunday worked before Spring Festival
        ("2025-01-28", False),
        ("2025-02-04", False),
        ("2025-02-08", True),  # Saturday worked after it
        ("2025-04-27", True),  # Sunday worked before Labour Day
        ("2025-05-01", False),
        ("2025-05-05", False),
        ("2025-09-28", True),  # Sunday worked before National Day
        ("2025-10-06", False),  # Mid-autumn inside the National Day week
        ("2025-10-08", False),
        ("2025-10-09", True),
        ("2025-10-11", True),
        # uncovered years: weekends and the statutory holidays of the law, nothing else
        ("2027-01-01", False),  # 元旦, a Friday
        ("2027-01-02", False),
        ("2027-02-04", True),  # the Thursday before 除夕
        ("2027-02-05", False),  # 除夕 (statutory since 2025)
        ("2027-02-08", False),  # 初三, a Monday
        ("2027-02-09", True),
        ("2027-05-03", True),  # 劳动节 is 05-01 and 05-02 only; a bridge day cannot be foreseen
        ("2027-10-01", False),
        ("2027-10-04", True),
        ("2003-10-01", False),  # 国庆节 under the 1999 edition
        ("1999-10-01", True),  # before the editions this module knows: weekends only
    ],
)
def test_is_working_day(cal: WorkCalendar, day: str, working: bool) -> None:
    assert cal.is_working_day(D(day)) is working


@pytest.mark.parametrize(
    ("year", "covered"), [(2003, False), (2004, True), (2026, True), (2027, False)]
)
def test_covers(cal: WorkCalendar, year: int, covered: bool) -> None:
    assert cal.covers(year) is covered


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-10-01", "2026-10-08"),
        ("2026-10-08", "2026-10-08"),
        ("2026-10-10", "2026-10-10"),  # an adjusted Saturday is a working day itself
        ("2026-02-15", "2026-02-24"),
        ("2026-01-01", "2026-01-04"),  # onto an adjusted Sunday
        ("2026-03-14", "2026-03-16"),
        ("2027-01-01", "2027-01-04"),
        ("2027-02-05", "2027-02-09"),  # 除夕 to 初三 (Mon 02-08)
    ],
)
def test_next_working_day(cal: WorkCalendar, day: str, expected: str) -> None:
    assert cal.next_working_day(D(day)) == D(expected)


def test_from_entries_refuses_an_entry_outside_its_years() -> None:
    with pytest.raises(ValueError, match="outside"):
        WorkCalendar.from_entries([CalendarEntry(D("2027-01-01"), "holiday")], years={2026})


def test_from_entries_refuses_a_day_of_both_kinds() -> None:
    entries = [CalendarEntry(D("2027-01-02"), "holiday"), CalendarEntry(D("2027-01-02"), "workday")]
    with pytest.raises(ValueError, match="both"):
        WorkCalendar.from_entries(entries, years={2027})


def test_a_year_added_from_a_file_is_covered(cal: WorkCalendar) -> None:
    # Hypothetical 2027 data, for the mechanics only.
    year, entries = parse_calendar_file(
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节\n"
    )
    extended = WorkCalendar.from_entries([*entries], years={year})
    assert extended.covers(2027)
    assert not extended.is_working_day(D("2027-01-01"))
    assert extended.is_working_day(D("2027-02-06"))
    # Uncovered, 2027-02-06 (a Saturday and 初一) is off; imported as a workday, it counts.
    assert not cal.is_working_day(D("2027-02-06"))


# --- the import file --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "entries"),
    [
        (
            "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节\n",
            2027,
            [("2027-01-01", "holiday", "元旦"), ("2027-02-06", "workday", "春节")],
        ),
        # spreadsheet export: BOM, CRLF, padded fields, blank lines, slashes, no name
        (
            "\ufeffDate, Kind ,Name\r\n2027/1/1 , holiday , 元旦\r\n\r\n2027/1/2,Holiday\r\n,,\r\n",
            2027,
            [("2027-01-01", "holiday", "元旦"), ("2027-01-02", "holiday", "")],
        ),
        ("date,kind\n2028-02-29,holiday\n", 2028, [("2028-02-29", "holiday", "")]),
        (
            'date,kind,name\n2027-10-01,holiday,"国庆节, 第一天"\n',
            2027,
            [("2027-10-01", "holiday", "国庆节, 第一天")],
        ),
        # a holiday on a weekend day of a holiday period is fine
        (
            "date,kind,name\n2027-10-02,holiday,国庆节\n",
            2027,
            [("2027-10-02", "holiday", "国庆节")],
        ),
    ],
)
def test_parse_calendar_file(text: str, year: int, entries: list[tuple[str, str, str]]) -> None:
    assert parse_calendar_file(text) == (year, [CalendarEntry(D(d), k, n) for d, k, n in entries])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "line_no", "message"),
    [
        ("", 1, "header"),
        ("2027-01-01,holiday,元旦\n", 1, "header"),
        ("day,kind,name\n2027-01-01,holiday\n", 1, "header"),
        ("date,kind,name\n", 1, "no days"),
        ("date,kind,name\n\n\n", 3, "no days"),
        ("date,kind,name\n2027-13-01,holiday\n", 2, "not a day"),
        ("date,kind,name\n2027-02-29,holiday\n", 2, "not a day"),
        ("date,kind,name\n20270101,holiday\n", 2, "not a date"),
        ("date,kind,name\n2027-W01-1,holiday\n", 2, "not a date"),
        ("date,kind,name\n01/01/2027,holiday\n", 2, "not a date"),
        ("date,kind,name\n2027-01/01,holiday\n", 2, "not a date"),
        ("date,kind,name\n2027-01-01,vacation\n", 2, "kind"),
        ("date,kind,name\n2027-01-01\n", 2, "kind"),
        ("date,kind,name\n2027-01-01,休\n", 2, "kind"),
        ("date,kind,name\n2027-01-01,holiday,元旦\n2028-01-01,holiday,元旦\n", 3, "one year"),
        ("date,kind,name\n2027-01-01,holiday\n2027-01-01,holiday\n", 3, "line 2"),
        ("date,kind,name\n2027-01-02,holiday\n2027-01-02,workday\n", 3, "line 2"),
        ("date,kind,name\n2027-01-04,workday\n", 2, "weekday"),  # a Monday
        ("date,kind,name\n2027-01-01,holiday,元旦,extra\n", 2, "fields"),
    ],
)
def test_parse_calendar_file_refuses(text: str, line_no: int, message: str) -> None:
    with pytest.raises(CalendarFileError, match=message) as refused:
        parse_calendar_file(text)
    assert refused.value.line_no == line_no
    assert str(refused.value).startswith(f"line {line_no}: ")
