"""In the browser: a provisional 2027 due date reads 待定 and avoids the Spring Festival; importing
2027 shows the changes first, refuses a file without statutory holidays until confirmed, then
moves the due date."""
import pytest
from playwright.sync_api import expect

from tests.calendar_support import NOVEMBER_2026, WITHOUT_TWO_2027
from tests.factories import World
from workflow.extensions import db
from workflow.models import CalendarYear

pytestmark = pytest.mark.e2e


def test_provisional_date_then_import_with_preview_and_confirmation(ctx, live_server, login):
    w = World()
    proposal = w.proposal("in_handling", now=NOVEMBER_2026)

    clerk = login("clerk")
    clerk.goto(f"{live_server}/proposals/{proposal.id}")
    expect(clerk.get_by_text("2027-02-09 待定").first).to_be_visible()

    admin = login("admin")
    admin.goto(f"{live_server}/admin/calendar")
    admin.set_input_files("#file", files=[{"name": "2027.csv", "mimeType": "text/csv",
                                           "buffer": WITHOUT_TWO_2027.encode("utf-8-sig")}])
    admin.click("[data-testid=calendar-import] button[type=submit]")
    missing = admin.locator("[data-testid=missing-holidays]")
    expect(missing).to_contain_text("2027-06-09")
    expect(missing).to_contain_text("中秋节")
    expect(admin.locator("[data-testid=moves]")).to_contain_text("将有1个正在计时的截止日期变更")

    admin.click("[data-testid=calendar-save] button[type=submit]")  # not confirmed: refused
    expect(admin.locator("#confirm_missing ~ *, .has-error .error").first).to_contain_text("2027-06-09 端午节")
    db.session.expire_all()
    assert db.session.get(CalendarYear, 2027) is None

    admin.check("#confirm_missing")
    admin.click("[data-testid=calendar-save] button[type=submit]")
    admin.wait_for_url(f"{live_server}/admin/calendar/2027")
    expect(admin.locator(".flash.success")).to_contain_text("1个正在计时的截止日期已变更")

    clerk.goto(f"{live_server}/proposals/{proposal.id}")
    expect(clerk.locator("[data-testid=due-event]")).to_contain_text("2027-02-09（待定） → 2027-02-14")
