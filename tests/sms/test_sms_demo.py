"""The demo (make run): members and clerks who chose text messages get them through the local
gateway, and the admin's phone page shows them."""
import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from workflow.demo import seed
from workflow.extensions import db
from workflow.models import Notification
from workflow.services import delivery, sms_delivery


def test_the_demos_texts_reach_the_members_phone(ctx, app, monkeypatch, tmp_path):
    phone = tmp_path / "sms.jsonl"
    monkeypatch.setitem(app.config, "SMS_LOCAL_FILE", str(phone))
    now = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)
    seed.seed(now)
    # What the requeue job hands the worker when `flask up` starts.
    pending = sms_delivery.stale(datetime.now(UTC) + timedelta(minutes=1))
    assert pending and delivery.stale(now)[0] is not None
    outcome = sms_delivery.deliver(pending, datetime.now(UTC) + timedelta(minutes=1))
    assert sorted(outcome.sent) == sorted(pending)
    texts = [json.loads(line) for line in phone.read_text(encoding="utf-8").splitlines()]
    to_member = [t for t in texts if t["mobile"] == seed.DEMO_MOBILES["proposer"]]
    assert to_member and all(t["text"].startswith("【提案办理】") and len(t["text"]) <= 70 for t in texts)
    sent = db.session.execute(select(Notification).where(Notification.sms_state == "sent")).scalars().all()
    assert {r.recipient.username for r in sent} >= {"proposer", "clerk"}
