"""Text messages in the pages: each user's choice of channels, the admin's mobile field, and the
local gateway's phone the demo reads (in Chinese, the default language)."""
import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import NOW, make_user
from tests.web.admin_support import field_error, sign_in
from workflow.extensions import db
from workflow.models import Notification, User
from workflow.services import sms_delivery


def html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def phone_file(app, monkeypatch, tmp_path):
    path = tmp_path / "sms.jsonl"
    monkeypatch.setitem(app.config, "SMS_GATEWAY", "local")
    monkeypatch.setitem(app.config, "SMS_LOCAL_FILE", str(path))
    return path


def fresh(user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def test_a_user_chooses_text_messages_with_a_mobile_number(login, w):
    client = login("proposer")
    page = html(client.get("/notifications/preferences"))
    assert "提醒设置" in page and "短信" in page and "手机号" in page
    refused = client.post("/notifications/preferences", data={"notify_email": "y", "notify_sms": "y", "mobile": ""})
    assert refused.status_code == 200 and "接收短信需要填写手机号" in html(refused)
    bad = client.post("/notifications/preferences", data={"notify_sms": "y", "mobile": "1380013800"})
    assert "请输入 11 位手机号" in html(bad) and fresh(w.proposer.id).mobile == "13800138004"
    saved = client.post("/notifications/preferences", data={"notify_sms": "y", "mobile": "+86 139-0000-1111"})
    assert saved.status_code == 302
    user = fresh(w.proposer.id)
    assert (user.mobile, user.notify_sms, user.notify_email) == ("13900001111", True, False)


def test_the_admin_gives_a_user_a_mobile_number(ctx, client):
    admin = make_user("root", roles=("admin",))
    member = make_user("yang", name="杨文艳", channel="cppcc")
    sign_in(client, admin)
    data = {"name": "杨文艳", "roles": ["proposer"], "channel": "cppcc", "mobile": "12345"}
    page = html(client.post(f"/admin/users/{member.id}", data=data))
    assert field_error(page, "mobile") == "Enter an 11-digit mobile number, such as 13800138000."
    assert client.post(f"/admin/users/{member.id}", data=dict(data, mobile="138 0013 8000")).status_code == 302
    assert fresh(member.id).mobile == "13800138000"
    assert 'value="13800138000"' in html(client.get(f"/admin/users/{member.id}"))


def test_a_notice_reaches_the_members_phone_through_the_local_gateway(login, w, phone_file):
    proposal = w.proposal("in_handling")
    ids = db.session.execute(select(Notification.id).where(Notification.sms_state == "pending")).scalars().all()
    outcome = sms_delivery.deliver(ids, datetime.now(NOW.tzinfo) + timedelta(minutes=1))
    assert sorted(outcome.sent) == sorted(ids)
    lines = [json.loads(line) for line in phone_file.read_text(encoding="utf-8").splitlines()]
    to_clerk = next(m for m in lines if m["mobile"] == w.clerk.mobile)
    assert to_clerk["text"].startswith("【提案办理】新交办：") and proposal.title in to_clerk["text"]
    assert len(to_clerk["text"]) <= 70
    page = html(login("admin").get("/admin/sms"))
    assert "本地网关" in page and page.count('data-testid="sms-message"') == len(ids)
    assert "新交办：" in page and w.clerk.mobile in page
    assert login("office").get("/admin/sms").status_code == 403
    rows = html(login("admin").get("/admin/notifications"))
    assert rows.count('<td data-testid="sms-state">已发送') == len(ids)


def test_failed_texts_are_sent_again_from_the_admin_page(login, w, phone_file, app, monkeypatch):
    w.proposal("in_handling")
    ids = db.session.execute(select(Notification.id).where(Notification.sms_state == "pending")).scalars().all()
    monkeypatch.setitem(app.config, "SMS_GATEWAY", "aliyun")  # no template configured: refused at once
    assert sorted(sms_delivery.deliver(ids, datetime.now(NOW.tzinfo)).failed) == sorted(ids)
    monkeypatch.setitem(app.config, "SMS_GATEWAY", "local")
    client = login("admin")
    assert 'data-testid="retry-sms"' in html(client.get("/admin/sms"))
    assert client.post("/admin/sms/retry").status_code == 302
    assert sms_delivery.counts()["pending"] == len(ids)
