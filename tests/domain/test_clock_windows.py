"""A window closes, a task falls overdue: where a clock's due date stands, decided in one place
(domain/clocks.py), and a window's end reminds nobody."""
from datetime import date, datetime
from itertools import islice

import pytest

from workflow.domain.calendar import WorkCalendar
from workflow.domain.clocks import WINDOWS, ClockKind, DueState, counts_as_overdue, due_state
from workflow.domain.deadlines import SHANGHAI
from workflow.domain.reminders import PLANS, Audience, ReminderPlan, plan_for, thresholds

DUE = date(2026, 3, 17)  # a Tuesday
ON_THE_DAY = datetime(2026, 3, 17, 23, 59, tzinfo=SHANGHAI)  # a period ends at 24:00 of its last day
AFTER = datetime(2026, 3, 18, 0, 0, tzinfo=SHANGHAI)


def test_the_reassignment_window_is_the_only_window():
    assert {k for k in ClockKind if k.is_window} == {ClockKind.REASSIGN_WINDOW} == WINDOWS


@pytest.mark.parametrize(
    ("kind", "now", "expected"),
    [
        (ClockKind.REASSIGN_WINDOW, ON_THE_DAY, DueState.OPEN),
        (ClockKind.REASSIGN_WINDOW, AFTER, DueState.CLOSED),
        ("reassign_window", AFTER, DueState.CLOSED),  # as a Clock row holds its kind
        (ClockKind.RECEIPT, ON_THE_DAY, DueState.OPEN),
        (ClockKind.RECEIPT, AFTER, DueState.OVERDUE),
        (ClockKind.REPLY, AFTER, DueState.OVERDUE),
        (ClockKind.REASSIGN_ANSWER, AFTER, DueState.OVERDUE),  # the office's answer is a task
        (None, ON_THE_DAY, DueState.OPEN),  # a due date of no named clock is a task's
        (None, AFTER, DueState.OVERDUE),
    ],
)
def test_past_its_date_a_task_is_overdue_and_a_window_closed(kind, now, expected):
    assert due_state(kind, DUE, now) == expected
    assert counts_as_overdue(kind, DUE, now) is (expected == DueState.OVERDUE)


def test_no_due_date_is_never_overdue():
    assert counts_as_overdue(ClockKind.REPLY, None, AFTER) is False


def test_every_kind_but_the_window_falls_overdue():
    late = {k for k in ClockKind if due_state(k, DUE, AFTER) == DueState.OVERDUE}
    assert late == set(ClockKind) - {ClockKind.REASSIGN_WINDOW}


def weekdays() -> WorkCalendar:
    return WorkCalendar(holidays=frozenset(), workdays=frozenset(), years=frozenset({2026}))


def test_a_window_reminds_nobody_once_it_closed(monkeypatch):
    assert plan_for(ClockKind.REASSIGN_WINDOW) == ReminderPlan()
    # Even a table line that asked for it gives no overdue notice and no weekly digest: only
    # reminders before the window closes would go out.
    bureau = ReminderPlan((Audience.CLERKS,), (Audience.CLERKS, Audience.APPROVERS), office_digest=True)
    monkeypatch.setitem(PLANS, "reassign_window", bureau)
    plan = plan_for("reassign_window")
    assert plan == ReminderPlan((Audience.CLERKS,))
    sent = list(islice(thresholds(plan, DUE, date(2026, 3, 1), weekdays(), (5, 0)), 10))  # else endless
    assert [t.key for t in sent] == ["before:5", "before:0"]
    assert plan_for(ClockKind.RECEIPT) == PLANS["receipt"]  # a task keeps its table line
