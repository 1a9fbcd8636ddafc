"""The publication task on the work list (SPEC 3.5, 4): each sent public reply not yet published
waits on whoever publishes by the setting, due with its publication clock, until it is published."""
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import NOW, World, make_user
from tests.handling_support import LATER
from tests.public.support import PUBLISHED_AT, credit_codes, sent_reply
from workflow.domain.publication import PUBLISHER
from workflow.extensions import db
from workflow.services import publication, settings, worklist

DUE = "2026-04-15"  # 20 working days from sending on 2026-03-17 (清明 off)


@pytest.fixture
def w(ctx):
    world = World()
    credit_codes(world)
    return world


def publish_tasks(user) -> list[tuple[int, str | None]]:
    return [(i.reply_id, i.due.isoformat() if i.due else None)
            for i in worklist.items(user, LATER) if i.task == "publish_reply"]


def bureau_mode() -> None:
    settings.put("publication.publisher", "bureau")
    db.session.commit()


def test_the_office_publishes_each_sent_public_reply(w) -> None:
    reply = sent_reply(w)
    sent_reply(w, disclosure="not_public", disclosure_reason="涉及个人隐私")
    assert publish_tasks(w.office) == [(reply.id, DUE)]
    item = next(i for i in worklist.items(w.office, LATER) if i.task == "publish_reply")
    assert item.assignment.id == reply.assignment_id and item.proposal.id == reply.proposal_id
    for user in (w.clerk, w.approver, w.coclerk, w.otherclerk, w.proposer):
        assert publish_tasks(user) == []


def test_the_task_goes_once_published_and_does_not_come_back_on_withdrawal(w) -> None:
    reply = sent_reply(w)
    row = publication.publish(w.office, reply.id, PUBLISHED_AT)
    assert publish_tasks(w.office) == []
    publication.withdraw(w.office, row.id, "误发", PUBLISHED_AT)
    assert publish_tasks(w.office) == []  # withdrawn on purpose: republishing is the office's choice


def test_in_bureau_mode_the_bureaus_clerks_and_leaders_publish_and_the_office_does_not(w) -> None:
    bureau_mode()
    reply = sent_reply(w)
    assert publish_tasks(w.clerk) == [(reply.id, DUE)] and publish_tasks(w.approver) == [(reply.id, DUE)]
    assert publish_tasks(w.office) == []
    assert publish_tasks(w.coclerk) == [] and publish_tasks(w.otherclerk) == []
    publication.publish(w.approver, reply.id, PUBLISHED_AT)
    assert publish_tasks(w.clerk) == [] and publish_tasks(w.approver) == []


@pytest.mark.parametrize("mode", ["office", "bureau"])
def test_the_list_agrees_with_who_may_publish(w, mode) -> None:
    settings.put("publication.publisher", mode)
    db.session.commit()
    reply = sent_reply(w)
    both = make_user("both", roles=("office", "clerk"), bureau=w.lead)
    for user in (w.office, w.clerk, w.approver, w.coclerk, w.otherclerk, w.proposer, w.admin, both):
        listed = publish_tasks(user) == [(reply.id, DUE)]
        assert listed == (PUBLISHER in publication.roles(user, reply)), (mode, user.username)


def test_the_task_is_sorted_by_due_date_counted_and_turns_overdue(w) -> None:
    reply = sent_reply(w)
    w.proposal("submitted", now=NOW)  # the review is due before the publication
    w.proposal("submitted", now=NOW + timedelta(days=40))  # and this one after it
    listed = [(i.task, i.due.isoformat()) for i in worklist.items(w.office, LATER)]
    assert [task for task, _ in listed] == ["start_review", "publish_reply", "start_review"]
    assert listed[1] == ("publish_reply", DUE) and listed[0][1] < DUE < listed[2][1]
    assert worklist.counts(w.office, LATER) == {"total": 3, "overdue": 0}
    on_due_day = datetime(2026, 4, 15, 15, 59, tzinfo=UTC)  # 23:59 in Shanghai: still in time
    day_after = datetime(2026, 4, 15, 16, 0, tzinfo=UTC)
    assert not next(i for i in worklist.items(w.office, on_due_day) if i.reply_id == reply.id).overdue(on_due_day)
    assert next(i for i in worklist.items(w.office, day_after) if i.reply_id == reply.id).overdue(day_after)
