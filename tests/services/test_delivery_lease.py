"""A sender's short lease is renewed while it sends (issue 13): however long the mail server takes,
a live sender keeps its rows and nobody else sends them; and a sender that claims rows another
sender had begun to hand over marks the message as a possible resend, under the same Message-ID."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from tests.factories import REMINDERS, World, give_emails
from workflow.domain.deadlines import SHANGHAI
from workflow.extensions import db
from workflow.models import Notification
from workflow.services import delivery, reminders

SWEPT = datetime(2026, 3, 12, 9, 1, tzinfo=SHANGHAI)
SEND = SWEPT + timedelta(minutes=1)
LEASE = 0.6


@pytest.fixture
def w(ctx):
    world = World()
    give_emails(world.clerk, world.approver, world.coclerk, world.office)
    return world


def swept(w) -> list[int]:
    w.proposal("in_handling")
    return sorted(reminders.sweep(SWEPT).single_ids)


def test_a_live_sender_keeps_its_rows_past_its_lease(app, w, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFY_CLAIM_SECONDS", LEASE)
    ids = swept(w)
    assert len(ids) == 2
    smtp.stall_on(1)  # the first message hangs in the SMTP conversation for five leases
    outcome = []

    def sender():
        with app.app_context():
            outcome.append(delivery.deliver(ids, SEND))
            db.session.remove()

    thread = threading.Thread(target=sender)
    thread.start()
    assert smtp.stalled.wait(20)
    time.sleep(5 * LEASE)
    # Another sender, later than the first lease, finds nothing to claim: the lease was renewed.
    assert delivery.deliver(ids, SEND + timedelta(seconds=3 * LEASE)).sent == []
    db.session.expire_all()
    leases = db.session.execute(select(Notification.claimed_until).where(Notification.id.in_(ids))).scalars().all()
    assert all(lease > SEND + timedelta(seconds=3 * LEASE) for lease in leases), leases
    smtp.release()
    thread.join(30)
    assert sorted(outcome[0].sent) == ids
    smtp.wait_for(2)
    time.sleep(0.5)
    assert sorted(smtp.notification_ids()) == ids  # each once


def test_rows_a_dead_sender_had_handed_over_go_again_marked_as_a_resend(app, w, smtp):
    ids = swept(w)
    handed = SEND - timedelta(minutes=5)
    # A sender claimed both, recorded the first as handed to the server, and died (its lease ran out).
    db.session.execute(update(Notification).where(Notification.id.in_(ids)).values(
        claimed_until=SEND - timedelta(minutes=4), claim_token="dead", attempts=1))
    db.session.execute(update(Notification).where(Notification.id == ids[0]).values(handed_at=handed))
    db.session.commit()
    assert sorted(delivery.deliver(ids, SEND).sent) == ids
    received = {int(m["X-Workflow-Notifications"]): m for m in smtp.wait_for(2)}
    assert received[ids[0]]["X-Workflow-Resent"].startswith("2026-03-12")  # when the first try was handed over
    assert received[ids[0]]["Message-ID"] == f"<notification-{ids[0]}@127.0.0.1>"  # the same as the first try's
    assert received[ids[1]]["X-Workflow-Resent"] is None
    db.session.expire_all()
    rows = db.session.execute(select(Notification).where(REMINDERS)).scalars().all()
    assert {(r.state, r.handed_at) for r in rows} == {("sent", None)}
