"""flask sms send / test."""
import json

from workflow.extensions import db
from workflow.services import sms_delivery


def test_send_delivers_the_pending_texts_without_a_worker(app, w, monkeypatch, tmp_path):
    phone = tmp_path / "sms.jsonl"
    monkeypatch.setitem(app.config, "SMS_LOCAL_FILE", str(phone))
    w.proposal("in_handling")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["sms", "send"])
    assert result.exit_code == 0, result.output
    # The two clerks' assignment notices, and the proposer's of the filing and the bureaus (issue 9 §3).
    assert "4 text message(s) sent, 0 to retry, 0 failed" in result.output
    assert len(phone.read_text(encoding="utf-8").splitlines()) == 4
    db.session.expire_all()
    assert sms_delivery.counts()["sent"] == 4
    assert "0 text message(s) sent" in runner.invoke(args=["sms", "send"]).output


def test_a_test_message_through_the_fake_aliyun_server(app, ctx, fake):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["sms", "test", "+86 138 0013 8000"])
    assert result.exit_code == 0, result.output
    [message] = fake.accepted
    assert message["PhoneNumbers"] == "13800138000" and json.loads(message["TemplateParam"])["item"] == "短信通道测试"
    assert runner.invoke(args=["sms", "test", "12345"]).exit_code != 0
    fake.stop()
    down = runner.invoke(args=["sms", "test", "13800138000"])
    assert down.exit_code != 0 and "unreachable" in down.output
