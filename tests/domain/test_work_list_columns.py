"""The work lists' columns (issue 9 §10): the mark of a due date, red, amber or green by the
working days left on the real 2026 calendar, and the stage that tells where an assignment really
stands, not 已签收 from signing to the end."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.domain.calendar import CalendarEntry, WorkCalendar
from workflow.domain.clocks import DUE_SOON_WORKING_DAYS, ClockKind, DueMark, due_mark
from workflow.domain.deadlines import working_days_between
from workflow.domain.stage import Stage, assignment_stage

# 2026: 国庆 and 中秋 from 10-01 to 10-08, Saturday 10-10 a working day.
CAL = WorkCalendar.from_entries(
    [CalendarEntry(date(2026, 10, d), "holiday") for d in range(1, 9)] + [CalendarEntry(date(2026, 10, 10), "workday")],
    [2026],
)


def mark_on(today: date, due: date, kind: str | None = ClockKind.REPLY) -> DueMark | None:
    return due_mark(kind, due, today, working_days_between(today, due, CAL))


@pytest.mark.parametrize(
    ("today", "due", "expected"),
    [
        (date(2026, 9, 29), date(2026, 10, 9), DueMark.DUE_SOON),  # 09-30, 10-09: two working days
        (date(2026, 9, 24), date(2026, 10, 9), DueMark.ON_TRACK),  # 09-25, 28, 29, 30, 10-09: five
        (date(2026, 9, 28), date(2026, 10, 9), DueMark.DUE_SOON),  # 09-29, 09-30, 10-09: three, across the holiday
        (date(2026, 10, 9), date(2026, 10, 9), DueMark.DUE_SOON),  # the day itself: still open, due today
        (date(2026, 10, 10), date(2026, 10, 9), DueMark.OVERDUE),  # the next day, a working Saturday
        (date(2026, 10, 3), date(2026, 9, 30), DueMark.OVERDUE),  # in the holiday: no working day since
    ],
)
def test_the_mark_counts_working_days_of_the_calendar(today, due, expected):
    assert mark_on(today, due) == expected


def test_amber_is_three_working_days_or_fewer():
    assert DUE_SOON_WORKING_DAYS == 3
    assert mark_on(date(2026, 3, 10), date(2026, 3, 13)) == DueMark.DUE_SOON  # Tue → Fri: 3
    assert mark_on(date(2026, 3, 10), date(2026, 3, 16)) == DueMark.ON_TRACK  # Tue → next Mon: 4


def test_a_window_that_passed_has_no_mark_and_no_date_none():
    assert mark_on(date(2026, 3, 20), date(2026, 3, 17), ClockKind.REASSIGN_WINDOW) is None
    assert due_mark(ClockKind.REPLY, None, date(2026, 3, 20), None) is None


@given(st.dates(date(2026, 1, 1), date(2026, 12, 31)), st.dates(date(2026, 1, 1), date(2026, 12, 31)))
def test_red_exactly_when_past_amber_or_green_by_the_days_left(today, due):
    left = working_days_between(today, due, CAL)
    mark = due_mark(ClockKind.REPLY, due, today, left)
    assert (mark == DueMark.OVERDUE) is (due < today)
    if due >= today:
        assert (mark == DueMark.DUE_SOON) is (left <= DUE_SOON_WORKING_DAYS)


@pytest.mark.parametrize(
    ("state", "role", "proposal", "reply", "opinion", "expected"),
    [
        ("pending_receipt", "lead", "in_handling", None, None, Stage.PENDING_RECEIPT),
        ("received", "lead", "in_handling", None, None, Stage.HANDLING),
        ("received", "lead", "in_handling", "draft", None, Stage.HANDLING),
        ("received", "lead", "in_handling", "returned", None, Stage.HANDLING),
        ("received", "lead", "in_handling", "cosigning", None, Stage.COSIGNING),
        ("received", "lead", "in_handling", "awaiting_approval", None, Stage.AWAITING_APPROVAL),
        ("received", "lead", "in_handling", "approved", None, Stage.APPROVED),
        ("received", "lead", "replied", "sent", None, Stage.REPLIED),  # 已答复, not 已签收
        ("received", "separate", "in_handling", "sent", None, Stage.REPLIED),  # the other has not
        ("received", "lead", "closed", "sent", None, Stage.CLOSED),  # 已办结
        ("received", "lead", "rehandling", None, None, Stage.REHANDLING),  # the new round has no reply yet
        ("received", "co", "in_handling", None, None, Stage.HANDLING),
        ("received", "co", "in_handling", None, "awaiting_approval", Stage.OPINION_AWAITING_SIGNOFF),
        ("received", "co", "in_handling", None, "submitted", Stage.OPINION_SENT),
        ("received", "co", "replied", None, "submitted", Stage.REPLIED),
        ("received", "co", "closed", None, "submitted", Stage.CLOSED),
        ("reassignment_requested", "co", "in_handling", None, None, Stage.REASSIGNMENT_REQUESTED),
        ("withdrawn", "lead", "closed", None, None, Stage.WITHDRAWN),  # taken back, whatever came after
    ],
)
def test_the_stage_tells_where_an_assignment_stands(state, role, proposal, reply, opinion, expected):
    assert assignment_stage(state, role, proposal, reply, opinion) == expected
