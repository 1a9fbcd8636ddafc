"""Who learns of each event (the notice rules), whom they leave out, and the notice keys."""
import pytest

from workflow.domain.clocks import ClockKind
from workflow.domain.notices import (
    RULES,
    Notice,
    NoticeKey,
    drafters,
    parse_notice_key,
    recipients,
    signers,
)
from workflow.domain.reminders import Audience, parse_key

# An item's people by audience: clerks 1, 2; approvers 3 (principal leader), 4; drafter 2;
# lead proposer 5; confirmed co-signers 6, 7; the office 9; clerk 10 and leader 11 of the co bureaus
# whose co-signature the reply awaits.
PEOPLE = {
    Audience.CLERKS: {1, 2},
    Audience.APPROVERS: {3, 4},
    Audience.SIGNERS: {3, 4},
    Audience.DRAFTERS: {2},
    Audience.PROPOSER: {5},
    Audience.COSIGNERS: {6, 7},
    Audience.PENDING_COSIGNERS: {8},
    Audience.OFFICE: {9},
    Audience.CO_SIGNING: {10, 11},
}


def members(people=PEOPLE):
    return lambda audience: people.get(audience, set())


@pytest.mark.parametrize(
    ("notice", "expected"),
    [
        (Notice.ASSIGNED, [1, 2]),  # the bureau's clerks
        (Notice.COSIGN, [10, 11]),  # whoever of the co bureaus may co-sign it
        (Notice.APPROVAL, [3, 4]),  # the approvers who may approve it
        (Notice.RETURNED, [2]),  # the clerk who drafted it
        (Notice.SENT, [5, 6, 7]),  # the lead proposer and the co-signers who confirmed
        (Notice.FOLLOW_UP, [5, 6, 7]),
        (Notice.REHANDLING, [1, 2]),
    ],
)
def test_each_notice_reaches_its_audience_and_nobody_else(notice, expected):
    assert recipients(notice, members(), actor_id=None) == expected


def test_every_notice_has_a_rule():
    assert set(RULES) == set(Notice)


def test_the_actor_is_not_told_of_what_they_did():
    assert recipients(Notice.APPROVAL, members(), actor_id=3) == [4]  # a leader who drafted and submitted
    assert recipients(Notice.SENT, members(), actor_id=None) == [5, 6, 7]


def test_a_return_reaches_the_bureaus_clerks_when_no_drafter_is_left():
    nobody_drafted = {**PEOPLE, Audience.DRAFTERS: set()}
    assert recipients(Notice.RETURNED, members(nobody_drafted), actor_id=None) == [1, 2]
    # The fallback leaves the actor out too.
    assert recipients(Notice.RETURNED, members(nobody_drafted), actor_id=1) == [2]


def test_an_audience_of_nobody_gives_no_recipient():
    assert recipients(Notice.ASSIGNED, members({}), actor_id=None) == []


@pytest.mark.parametrize(
    ("is_key", "expected"),
    [(False, {3, 4}), (True, {3})],  # a key item's reply is approved by the principal leader only
)
def test_signers_follow_the_approval_rule(is_key, expected):
    assert signers([(3, True), (4, False)], is_key) == expected


def test_drafters_are_the_authors_still_clerks_of_the_bureau():
    assert drafters([2, 11], [1, 2]) == {2}  # 11 drafted it and has left the bureau
    assert drafters([], [1, 2]) == set()


@pytest.mark.parametrize(
    ("notice", "clocks"),
    [
        (Notice.ASSIGNED, (ClockKind.RECEIPT,)),
        (Notice.COSIGN, (ClockKind.REHANDLING, ClockKind.REPLY)),  # the lead's reply due date
        (Notice.APPROVAL, (ClockKind.REHANDLING, ClockKind.REPLY)),
        (Notice.SENT, (ClockKind.FEEDBACK,)),
        (Notice.FOLLOW_UP, ()),
        (Notice.REHANDLING, (ClockKind.REHANDLING,)),
    ],
)
def test_each_notice_shows_the_due_date_its_recipients_work_against(notice, clocks):
    assert RULES[notice].clocks == clocks


@pytest.mark.parametrize(
    ("key", "text"),
    [
        (NoticeKey(Notice.ASSIGNED, 12), "event:assigned:12"),
        (NoticeKey(Notice.APPROVAL, 17, 3), "event:approval:17:3"),
        (NoticeKey(Notice.COSIGN, 17, 3), "event:cosign:17:3"),
        (NoticeKey(Notice.FOLLOW_UP, 2_147_483_647, 2_147_483_647), "event:follow_up:2147483647:2147483647"),
    ],
)
def test_notice_keys_round_trip_and_fit_the_threshold_column(key, text):
    assert str(key) == text and len(text) <= 40
    assert parse_notice_key(text) == key
    assert parse_key(text)[0] == "event"


@pytest.mark.parametrize("threshold", ["before:5", "overdue:2026-03-12", "weekly:2026-03-16", "manual:17"])
def test_a_reminders_threshold_is_no_notice(threshold):
    assert parse_notice_key(threshold) is None
