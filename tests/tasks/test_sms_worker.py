"""A text message goes from the state change to the fake Aliyun server: the row is handed to a
real Celery worker once the transaction commits, the worker retries while the gateway is down,
and the message arrives once."""
import time

import pytest
from sqlalchemy import select

from tests.factories import NOW, World
from tests.sms_gateway import KEY_ID, SECRET, FakeAliyun
from workflow.extensions import db
from workflow.models import Notification
from workflow.services import assignment
from workflow.services.assignment import BureauChoice

pytestmark = pytest.mark.worker


@pytest.fixture
def fake(app, monkeypatch):
    server = FakeAliyun()
    for key, value in {
        "SMS_GATEWAY": "aliyun", "SMS_ALIYUN_ENDPOINT": server.endpoint, "SMS_ALIYUN_ACCESS_KEY_ID": KEY_ID,
        "SMS_ALIYUN_ACCESS_KEY_SECRET": SECRET, "SMS_ALIYUN_TEMPLATES": {"default": "SMS_100"}, "SMS_TIMEOUT": 3,
        "ENQUEUE_TASKS": True,
    }.items():
        monkeypatch.setitem(app.config, key, value)
    yield server
    server.stop()


def wait_for(fake: FakeAliyun, n: int, seconds: float = 30) -> list[dict]:
    deadline = time.monotonic() + seconds
    while len(fake.accepted) < n and time.monotonic() < deadline:
        time.sleep(0.1)
    return list(fake.accepted)


def test_a_notice_reaches_the_clerks_phone_once_after_the_gateway_comes_back(ctx, worker, fake, celery_app):
    w = World()
    w.clerk.mobile, w.clerk.notify_sms = "13800138001", True
    db.session.commit()
    proposal = w.proposal("filed")
    fake.answer_with(503, "ServiceUnavailable")  # down when the row is handed over
    assignment.assign(w.office, proposal.id, [BureauChoice(w.lead.id, "lead")], NOW)
    deadline = time.monotonic() + 20
    while fake.requests < 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert fake.requests >= 1 and fake.accepted == []
    fake.answer_with(200, "OK")  # the task's retry after the backoff (0.5 s in tests) gets through
    [message] = wait_for(fake, 1)
    row = db.session.execute(select(Notification).where(Notification.recipient_id == w.clerk.id)).scalar_one()
    assert message["OutId"] == str(row.id) and message["PhoneNumbers"] == "13800138001"
    celery_app.send_task("tasks.notifications.requeue").get(timeout=30)  # the safety net finds nothing left
    time.sleep(1)
    assert len(fake.accepted) == 1
    db.session.expire_all()
    assert row.sms_state == "sent" and row.sms_attempts >= 2
