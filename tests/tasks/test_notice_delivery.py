"""An event notice goes from the state change to the recipient's mailbox: the row is handed to a
real Celery worker once the transaction commits, and the worker sends it over real SMTP, once."""
import time

import pytest
from sqlalchemy import select

from tests.factories import NOW, World
from workflow.extensions import db
from workflow.models import Notification
from workflow.services import assignment
from workflow.services.assignment import BureauChoice

pytestmark = pytest.mark.worker


@pytest.fixture
def sink(app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "ENQUEUE_TASKS", True)  # as in production: hand rows over on commit
    return smtp


def test_an_assignment_notice_reaches_the_clerk_by_e_mail_once(ctx, worker, sink, celery_app):
    w = World()
    w.clerk.email = "clerk@example.gov.cn"
    db.session.commit()
    proposal = w.proposal("filed")
    [lead] = assignment.assign(w.office, proposal.id, [BureauChoice(w.lead.id, "lead")], NOW)

    [message] = sink.wait_for(1)
    row = db.session.execute(select(Notification).where(Notification.recipient_id == w.clerk.id)).scalar_one()
    assert message["X-Workflow-Notifications"] == str(row.id) and "clerk@example.gov.cn" in message["To"]
    # In the clerk's language (the default, Chinese): the item's number and title, what happened, the link.
    assert message["Subject"] == f"市经信局新交办件：{proposal.number} {proposal.title}"
    plain, html = message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()
    link = f"http://127.0.0.1:5000/bureau/assignments/{lead.id}"
    assert "提案委已将此件交贵单位办理（主办），请在办理页面签收。" in plain and link in plain
    assert plain.splitlines()[0] == "clerk同志："  # a letter's greeting (the factory names the clerk by login)
    assert f'href="{link}"' in html and proposal.title in html and "2026-03-13" in plain

    celery_app.send_task("tasks.notifications.requeue").get(timeout=30)  # the safety net finds nothing left
    time.sleep(1)
    assert len(sink.snapshot()) == 1
    db.session.expire_all()
    assert (row.state, row.attempts) == ("sent", 1)
