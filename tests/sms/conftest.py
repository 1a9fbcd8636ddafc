"""Text messages: users who chose them, a fake Aliyun endpoint on loopback, and the sender set
to use it."""
import pytest
from flask_babel import force_locale

from tests.factories import World
from tests.sms_gateway import KEY_ID, SECRET, FakeAliyun
from workflow.extensions import db


@pytest.fixture
def w(ctx):
    world = World()
    for number, user in enumerate([world.clerk, world.approver, world.coclerk, world.proposer], start=1):
        user.mobile, user.notify_sms = f"1380013800{number}", True
    db.session.commit()
    return world


@pytest.fixture
def fake(app, monkeypatch):
    server = FakeAliyun()
    for key, value in {
        "SMS_GATEWAY": "aliyun", "SMS_ALIYUN_ENDPOINT": server.endpoint, "SMS_ALIYUN_ACCESS_KEY_ID": KEY_ID,
        "SMS_ALIYUN_ACCESS_KEY_SECRET": SECRET, "SMS_ALIYUN_TEMPLATES": {"default": "SMS_100", "assigned": "SMS_200"},
        "SMS_TIMEOUT": 3, "NOTIFY_MAX_ATTEMPTS": 3,
    }.items():
        monkeypatch.setitem(app.config, key, value)
    yield server
    server.stop()


@pytest.fixture
def chinese(ctx):
    with force_locale("zh_Hans"):
        yield
