"""Issue 9 §11 in the browser: logging out on one device ends the session on the other."""
import pytest
from playwright.sync_api import expect

from tests.factories import World

pytestmark = pytest.mark.e2e


def test_logging_out_on_one_device_ends_the_other(ctx, live_server, login):
    World()
    desk, phone = login("proposer"), login("proposer")
    desk.click("header form[action='/logout'] button")
    desk.wait_for_url(f"{live_server}/login")
    phone.goto(f"{live_server}/proposals/")
    expect(phone).to_have_url(f"{live_server}/login?next=%2Fproposals%2F")
