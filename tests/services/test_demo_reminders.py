"""The demo data includes an item whose reply falls due two working days on: the first sweep sends
its reminder to the bureau's clerk and leader, by (local mailbox) e-mail and in the application,
once."""
from datetime import UTC, datetime, timedelta

from flask_babel import force_locale, ngettext
from sqlalchemy import select

from tests.factories import REMINDERS
from workflow.demo import seed
from workflow.demo.deadlines import TITLE
from workflow.extensions import db
from workflow.models import Clock, MailboxMessage, Notification, Proposal
from workflow.services import delivery, notifications, reminders


def test_the_demo_item_due_soon_is_reminded_once(ctx):
    now = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # Tuesday, 10:00 in Shanghai
    seed.seed(now)
    proposal = db.session.execute(select(Proposal).where(Proposal.title == TITLE)).scalar_one()
    running = db.session.execute(
        select(Clock).where(Clock.proposal_id == proposal.id, Clock.stopped_at.is_(None), Clock.kind != "reassign_window")
    ).scalars().all()
    assert [(c.kind, c.due_date.isoformat()) for c in running] == [("reply", "2026-03-12")]

    first = reminders.sweep(now + timedelta(minutes=2))
    assert reminders.sweep(now + timedelta(minutes=4)).created == 0
    mine = db.session.execute(
        select(Notification).where(Notification.proposal_id == proposal.id, REMINDERS)
    ).scalars().all()
    assert {(n.recipient.username, n.threshold) for n in mine} == {("clerk", "before:5"), ("approver", "before:5")}
    assert {n.id for n in mine} <= set(first.single_ids)

    delivery.deliver(first.single_ids, now + timedelta(minutes=3))
    mails = [m for m in db.session.execute(select(MailboxMessage)).scalars() if TITLE in m.subject]
    assert sorted(m.recipient.split("<")[1] for m in mails) == ["chenlixin@example.gov.cn>", "shaojun@example.gov.cn>"]
    with force_locale("zh_Hans"):  # the demo users' language
        left = ngettext("%(num)d working day left", "%(num)d working days left", 2)
    assert all("2026-03-12" in m.text_body and left in m.text_body for m in mails)
    clerk = mine[0].recipient if mine[0].recipient.username == "clerk" else mine[1].recipient
    assert notifications.unread_count(clerk) >= 1
