"""In the browser: a clerk chooses text messages with a mobile number; the next assignment reaches
the clerk's phone through the local gateway, which the admin reads; the office reads the bureau
scores and a member's record."""
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.factories import World
from workflow.extensions import db
from workflow.models import Notification, User
from workflow.services import sms_delivery

pytestmark = pytest.mark.e2e


def test_a_clerk_gets_texts_and_the_office_reads_the_evaluations(ctx, app, live_server, login, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "SMS_LOCAL_FILE", str(tmp_path / "sms.jsonl"))
    w = World()
    clerk = login("clerk")
    clerk.goto(f"{live_server}/notifications/preferences")
    clerk.check("#notify_sms")
    clerk.fill("#mobile", "139 0000 1111")
    clerk.click("[data-testid=save-preferences]")
    expect(clerk.locator(".flash").first).to_contain_text("已保存")
    db.session.expire_all()
    assert db.session.get(User, w.clerk.id).mobile == "13900001111"

    proposal = w.proposal("in_handling")
    ids = db.session.execute(select(Notification.id).where(Notification.sms_state == "pending")).scalars().all()
    assert sms_delivery.deliver(ids, datetime.now(UTC) + timedelta(minutes=1)).sent == ids

    admin = login("admin")
    admin.goto(f"{live_server}/admin/sms")
    message = admin.locator("[data-testid=sms-message]").first
    expect(message).to_contain_text("13900001111")
    expect(message).to_contain_text(f"【提案办理】新交办：{proposal.number} {proposal.title}")

    office = login("office")
    office.goto(f"{live_server}/evaluations/bureaus?session={w.session.id}")
    expect(office.locator("h1")).to_have_text("承办单位办理绩效")
    expect(office.locator("[data-testid=bureau-scores]")).to_contain_text("市经信局")
    office.goto(f"{live_server}/evaluations/members/{w.proposer.id}?session={w.session.id}")
    expect(office.locator("[data-testid=written]")).to_contain_text("1")
    expect(office.locator("[data-testid=record-items]")).to_contain_text(proposal.title)
