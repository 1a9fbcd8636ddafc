"""What a year's file changes: against the law and against the year as stored."""
from datetime import date

from tests.calendar_support import CORRECTED_2027, FULL_2027, WITHOUT_TWO_2027
from workflow.domain.calendar_diff import compare_year
from workflow.domain.calendar_file import parse_calendar_file

D = date.fromisoformat


def entries(text: str):
    return parse_calendar_file(text)[1]


def days(changes) -> list[str]:
    return [c.day.isoformat() for c in changes]


def test_a_complete_year_against_the_law() -> None:
    cmp = compare_year(2027, entries(FULL_2027), None)
    assert cmp.missing == () and cmp.against_stored is None
    # Weekend days listed as holidays change nothing; weekdays off beyond the law do.
    assert days(cmp.extra_days_off) == [
        "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12",  # 春节 after 初三
        "2027-05-03", "2027-05-04", "2027-05-05",
        "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07",
    ]
    assert days(cmp.adjusted_workdays) == ["2027-02-14", "2027-04-25", "2027-09-26", "2027-10-09"]
    assert {c.name for c in cmp.extra_days_off} == {"春节", "劳动节", "国庆节"}


def test_statutory_holidays_left_out_are_missing_with_their_names() -> None:
    cmp = compare_year(2027, entries(WITHOUT_TWO_2027), None)
    assert [(c.day, c.name) for c in cmp.missing] == [(D("2027-06-09"), "端午节"), (D("2027-09-15"), "中秋节")]
    assert all(c.working_after for c in cmp.missing)
    assert "2027-06-09" not in days(cmp.adjusted_workdays)


def test_a_statutory_weekend_day_made_a_workday_is_missing_too() -> None:
    text = FULL_2027.replace("2027-05-01,holiday,劳动节", "2027-05-01,workday,劳动节")  # a Saturday
    assert days(compare_year(2027, entries(text), None).missing) == ["2027-05-01"]


def test_a_weekend_statutory_day_not_listed_is_not_missing() -> None:
    text = FULL_2027.replace("2027-05-01,holiday,劳动节\n", "").replace("2027-05-02,holiday,劳动节\n", "")
    assert compare_year(2027, entries(text), None).missing == ()


def test_against_the_stored_year() -> None:
    cmp = compare_year(2027, entries(CORRECTED_2027), entries(FULL_2027))
    assert [(c.day, c.name, c.becomes_day_off) for c in cmp.against_stored] == [(D("2027-02-14"), "春节", True)]
    assert compare_year(2027, entries(FULL_2027), entries(FULL_2027)).against_stored == ()
