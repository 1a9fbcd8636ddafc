"""The figures' rates and their edge cases (SPEC 6), as a table."""
from decimal import Decimal

import pytest

from workflow.domain.figures import CoCounts, Counts, average, co_total, percent, show_number, show_percent, total


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (0, 0, None),  # nothing to measure: no rate, not 0%
        (0, 5, Decimal("0.0")),
        (5, 5, Decimal("100.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),
        (1, 16, Decimal("6.3")),  # 6.25 rounds half up, not to even
        (3, 16, Decimal("18.8")),  # 18.75
        (1, 7, Decimal("14.3")),
        (999, 1000, Decimal("99.9")),
        (1999, 2000, Decimal("100.0")),  # 99.95 rounds up to 100.0
    ],
)
def test_percent(numerator, denominator, expected):
    assert percent(numerator, denominator) == expected


@pytest.mark.parametrize(("numerator", "denominator"), [(3, 2), (-1, 2), (1, -1), (1, 0)])
def test_a_share_larger_than_its_whole_is_a_bug(numerator, denominator):
    with pytest.raises(ValueError):
        percent(numerator, denominator)


@pytest.mark.parametrize(
    ("total_days", "count", "expected"),
    [(0, 0, None), (24, 3, Decimal("8.0")), (10, 4, Decimal("2.5")), (1, 3, Decimal("0.3")), (2.5, 2, Decimal("1.3"))],
)
def test_average(total_days, count, expected):
    assert average(total_days, count) == expected


@pytest.mark.parametrize(
    ("value", "shown_percent", "shown_number"),
    [(None, "—", "—"), (Decimal("0.0"), "0.0%", "0.0"), (Decimal("66.7"), "66.7%", "66.7"), (Decimal("100.0"), "100.0%", "100.0")],
)
def test_shown(value, shown_percent, shown_number):
    assert (show_percent(value), show_number(value)) == (shown_percent, shown_number)


def test_totals_pool_the_counts_not_the_rates():
    busy = Counts(assigned=9, filed=9, closed=9, sent=9, on_time=9, feedback=9, satisfied=5, basically_satisfied=4,
                  days_total=90, days_count=9, categories={"A": 9})
    idle = Counts(assigned=1, filed=1, sent=1, on_time=0, feedback=1, satisfied=0, days_total=30, days_count=1,
                  categories={"C": 1})
    both = total([busy, idle])
    assert both.on_time_rate == Decimal("90.0")  # 9 of 10, not the mean of 100% and 0%
    assert both.satisfaction_rate == Decimal("90.0")
    assert (both.satisfied_rate, both.basically_satisfied_rate) == (Decimal("50.0"), Decimal("40.0"))
    assert both.completion_rate == Decimal("90.0")
    assert both.average_days == Decimal("12.0")  # 120 days over 10 replies
    assert both.categories == {"A": 9, "C": 1}
    assert (both.share("A"), both.share("B"), both.share("C")) == (Decimal("90.0"), Decimal("0.0"), Decimal("10.0"))


def test_nothing_counted_has_no_rates():
    empty = total([])
    assert empty == Counts()
    assert (empty.completion_rate, empty.on_time_rate, empty.contact_rate, empty.satisfaction_rate) == (None,) * 4
    assert empty.average_days is None and empty.share("A") is None


def test_completion_is_closed_of_filed_not_of_assigned():
    # Two items filed, one closed, one of them assigned to two bureaus: 50%, not 1 of 3 assignments.
    counts = Counts(assigned=3, filed=2, closed=1)
    assert counts.completion_rate == Decimal("50.0")


def test_co_handling_on_time_rate():
    rows = [CoCounts(assigned=2, given=2, on_time=1), CoCounts(assigned=1)]
    assert co_total(rows) == CoCounts(3, 2, 1) and co_total(rows).on_time_rate == Decimal("50.0")
    assert CoCounts(assigned=1).on_time_rate is None  # nothing given: nothing to measure
