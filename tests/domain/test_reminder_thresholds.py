"""Reminder thresholds on the real 2026 calendar: offsets before a due date, overdue notices on
working days, the office's weekly digest, catching up once, and whom each clock kind reminds."""
from datetime import UTC, date, datetime, timedelta
from itertools import islice

import pytest

from workflow.calendar_seed import seed_entries
from workflow.domain.calendar import WorkCalendar
from workflow.domain.clocks import ClockKind
from workflow.domain.deadlines import SHANGHAI
from workflow.domain.reminders import (
    DEFAULT_OFFSETS,
    NO_REMINDERS,
    PLANS,
    Audience,
    Reason,
    ReminderPlan,
    clean_offsets,
    next_after,
    next_digest_time,
    parse_key,
    plan_for,
    reached,
    reminder_instant,
    retry_delay,
    standing,
    thresholds,
)

D = date.fromisoformat
REPLY = PLANS["reply"]
START = D("2026-01-05")


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    years, entries = seed_entries()
    return WorkCalendar.from_entries(entries, years)


def at(text: str) -> datetime:
    """A Shanghai wall-clock time, e.g. "2026-03-19 09:00"."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def keys(plan, due, cal, n=9, start=START, offsets=DEFAULT_OFFSETS):
    return [t.key for t in islice(thresholds(plan, due, start, cal, offsets), n)]


# --- when thresholds fall -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("due", "expected"),
    [
        # An ordinary March week: 10, 5, 1 working days before, the day, then every working day.
        ("2026-03-20", ["before:10", "before:5", "before:1", "before:0", "overdue:2026-03-23",
                        "weekly:2026-03-23", "overdue:2026-03-24"]),
        # Spring Festival (02-15 to 02-23 off; Saturdays 02-14 and 02-28 are working days).
        ("2026-02-25", ["before:10", "before:5", "before:1", "before:0", "overdue:2026-02-26",
                        "overdue:2026-02-27", "overdue:2026-02-28", "overdue:2026-03-02", "weekly:2026-03-02"]),
        # A fixed due date inside the National Day holiday: the day's reminder goes on 09-30, the first
        # overdue notice on 10-08, and the adjusted working Saturday 10-10 gets one too.
        ("2026-10-03", ["before:10", "before:5", "before:1", "before:0", "overdue:2026-10-08",
                        "weekly:2026-10-08", "overdue:2026-10-09", "overdue:2026-10-10", "overdue:2026-10-12"]),
    ],
)
def test_threshold_sequence(cal, due, expected):
    assert keys(REPLY, D(due), cal, len(expected)) == expected


@pytest.mark.parametrize(
    ("due", "key", "day"),
    [
        ("2026-03-20", "before:10", "2026-03-06"),
        ("2026-03-20", "before:5", "2026-03-13"),
        ("2026-03-20", "before:1", "2026-03-19"),
        ("2026-03-20", "before:0", "2026-03-20"),
        ("2026-02-25", "before:1", "2026-02-24"),  # 02-23 is still Spring Festival
        ("2026-02-25", "before:5", "2026-02-11"),  # 02-12, 02-13, 02-14 (Sat, working), 02-24, 02-25
        ("2026-10-03", "before:0", "2026-09-30"),
        ("2026-10-03", "before:1", "2026-09-29"),
        ("2026-04-03", "weekly:2026-04-07", "2026-04-07"),  # Monday 04-06 is Qingming: Tuesday's 09:00
    ],
)
def test_every_threshold_is_at_nine_in_shanghai_on_a_working_day(cal, due, key, day):
    found = {t.key: t for t in islice(thresholds(REPLY, D(due), START, cal), 12)}
    assert found[key].at == datetime(*D(day).timetuple()[:3], 9, 0, tzinfo=SHANGHAI)
    assert found[key].at.tzinfo is UTC and found[key].at.hour == 1
    assert cal.is_working_day(D(day))


def test_offsets_on_or_before_the_start_day_are_left_out(cal):
    # Sign for within 3 working days of 03-10: the 10- and 5-day reminders would precede the start.
    assert keys(PLANS["receipt"], D("2026-03-13"), cal, 4, start=D("2026-03-10")) == [
        "before:1", "before:0", "overdue:2026-03-16", "weekly:2026-03-16",
    ]


def test_configured_offsets_replace_the_defaults(cal):
    assert keys(REPLY, D("2026-03-20"), cal, 3, offsets=(3, 0)) == ["before:3", "before:0", "overdue:2026-03-23"]
    found = {t.key: t.at for t in islice(thresholds(REPLY, D("2026-03-20"), START, cal, (3, 0)), 2)}
    assert found["before:3"] == reminder_instant(D("2026-03-17"))


def test_a_kind_without_overdue_notices_ends_at_its_due_date(cal):
    feedback = list(thresholds(PLANS["feedback"], D("2026-03-20"), START, cal))
    assert [t.key for t in feedback] == ["before:10", "before:5", "before:1", "before:0"]
    assert next_after(PLANS["feedback"], D("2026-03-20"), START, cal, DEFAULT_OFFSETS, at("2026-03-20 09:00")) is None


def test_office_kinds_have_no_weekly_digest(cal):
    assert "weekly" not in " ".join(keys(PLANS["review"], D("2026-03-20"), cal, 12))


# --- catching up once ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("since", "now", "expected"),
    [
        # On time: exactly the threshold that fell.
        ("2026-03-13 09:00", "2026-03-13 09:02", ["before:5"]),
        ("2026-03-13 09:00", "2026-03-13 08:59", []),
        # Down from before 03-13 to 03-19 10:00: one reminder (the latest), not two.
        ("2026-03-13 09:00", "2026-03-19 10:00", ["before:1"]),
        # Down over the due date into the next week: one overdue notice and the week's digest.
        ("2026-03-19 09:00", "2026-03-25 10:00", ["weekly:2026-03-23", "overdue:2026-03-25"]),
        # Thresholds before `since` were handled already.
        ("2026-03-24 09:00", "2026-03-24 09:05", ["overdue:2026-03-24"]),
    ],
)
def test_reached_sends_the_latest_of_each_track(cal, since, now, expected):
    found = reached(REPLY, D("2026-03-20"), START, cal, DEFAULT_OFFSETS, at(since), at(now))
    assert [t.key for t in found] == expected


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("2026-01-05 10:00", "2026-03-06 09:00"),
        ("2026-03-06 09:00", "2026-03-13 09:00"),  # strictly after
        ("2026-03-20 09:30", "2026-03-23 09:00"),  # over the weekend to the first overdue notice
        ("2026-03-23 09:00", "2026-03-24 09:00"),  # the digest at the same instant does not repeat it
    ],
)
def test_next_after(cal, after, expected):
    assert next_after(REPLY, D("2026-03-20"), START, cal, DEFAULT_OFFSETS, at(after)) == at(expected)


def test_a_year_the_calendar_does_not_cover_counts_weekends_and_statutory_holidays(cal):
    assert not cal.covers(2027)
    # 2027-01-01 is a Friday and 元旦: without the State Council's arrangement the law still says it is off.
    assert keys(REPLY, D("2027-01-04"), cal, 3, start=D("2026-11-02")) == ["before:10", "before:5", "before:1"]
    found = {t.key: t.at for t in islice(thresholds(REPLY, D("2027-01-04"), D("2026-11-02"), cal), 3)}
    assert found["before:1"] == reminder_instant(D("2026-12-31"))


# --- who is reminded -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("kind", "before", "overdue", "digest"),
    [
        ("cosign", {"pending_cosigners"}, {"pending_cosigners", "proposer"}, False),
        ("review", {"office"}, {"office"}, False),
        ("receipt", {"clerks"}, {"clerks", "approvers"}, True),
        ("reassign_window", set(), set(), False),
        ("reassign_answer", {"office"}, {"office"}, False),
        ("first_contact", {"clerks"}, {"clerks", "approvers"}, True),
        ("co_opinion", {"clerks"}, {"clerks", "approvers"}, True),
        ("reply", {"clerks", "approvers"}, {"clerks", "approvers"}, True),
        ("feedback", {"proposer"}, set(), False),
        ("publication", {"office"}, {"office"}, False),
        ("rehandling", {"clerks", "approvers"}, {"clerks", "approvers"}, True),
    ],
)
def test_recipients_per_kind(kind, before, overdue, digest):
    plan = plan_for(kind)
    assert set(plan.audiences(Reason.BEFORE)) == before
    assert set(plan.audiences(Reason.OVERDUE)) == overdue
    assert (plan.audiences(Reason.WEEKLY) == (Audience.OFFICE,)) is digest


def test_every_clock_kind_has_a_plan():
    """A new ClockKind needs a line in PLANS (NO_REMINDERS if nobody is to be reminded)."""
    assert {str(k) for k in ClockKind} <= set(PLANS)


def test_an_unknown_kind_reminds_nobody(cal):
    assert plan_for("not-yet-invented") is NO_REMINDERS
    assert not NO_REMINDERS.reminds
    assert list(thresholds(NO_REMINDERS, D("2026-03-20"), START, cal)) == []
    assert ReminderPlan(overdue=(Audience.OFFICE,)).reminds


# --- helpers -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("values", "expected"),
    [((0, 1, 5, 10), (10, 5, 1, 0)), ([3, 3, 0], (3, 0)), ((60,), (60,))],
)
def test_clean_offsets(values, expected):
    assert clean_offsets(values) == expected


@pytest.mark.parametrize("values", [(), (-1,), (61,), (5, 100)])
def test_clean_offsets_refuses(values):
    with pytest.raises(ValueError):
        clean_offsets(values)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-03-20 10:00", "2026-03-23 09:00"),  # Friday after nine: Monday
        ("2026-03-23 08:00", "2026-03-23 09:00"),  # Monday before nine: the same morning
        ("2026-09-30 12:00", "2026-10-08 09:00"),  # over the National Day holiday
        ("2026-10-09 18:00", "2026-10-10 09:00"),  # the adjusted working Saturday
    ],
)
def test_next_digest_time(cal, now, expected):
    assert next_digest_time(at(now), cal) == at(expected)


def test_parse_key():
    assert parse_key("before:5") == (Reason.BEFORE, "5")
    assert parse_key("overdue:2026-03-23") == (Reason.OVERDUE, "2026-03-23")
    assert parse_key("manual:17") == (Reason.MANUAL, "17")
    with pytest.raises(ValueError):
        parse_key("sometime:1")


@pytest.mark.parametrize(("attempts", "expected"), [(1, 60), (2, 120), (3, 240), (7, 3600), (20, 3600)])
def test_retry_delay_doubles_up_to_a_cap(attempts, expected):
    assert retry_delay(attempts, 60, 3600) == expected


def test_reminder_instant_is_one_in_the_morning_utc():
    assert reminder_instant(D("2026-03-20")) == datetime(2026, 3, 20, 1, 0, tzinfo=UTC)
    assert reminder_instant(D("2026-03-20")) - reminder_instant(D("2026-03-19")) == timedelta(days=1)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-03-18 10:00", ("left", 2)),
        ("2026-03-20 23:59", ("left", 0)),  # the last day runs to midnight
        ("2026-03-21 00:00", ("overdue", 0)),  # Saturday: overdue, no working day since
        ("2026-03-24 09:00", ("overdue", 2)),
    ],
)
def test_standing(cal, now, expected):
    assert standing(D("2026-03-20"), at(now), cal) == expected
