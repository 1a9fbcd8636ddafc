"""Issue 9 §2 and §9 in the browser, as the office: approving a 退办 request names the new bureau in
the same step (or the item waits as 待重新交办); merging takes the number as typed, full-width
digits too, and both items' pages show the merge."""
import pytest
from playwright.sync_api import expect

from tests.factories import World
from tests.handling_support import lead_of
from workflow.clock import utcnow
from workflow.extensions import db
from workflow.models import Assignment
from workflow.services import assignment

pytestmark = pytest.mark.e2e


@pytest.fixture
def w(ctx):
    return World()


def test_the_office_approves_a_reassignment_naming_the_new_bureau(w, login, live_server):
    proposal = w.proposal("in_handling", now=utcnow())
    assignment.request_reassignment(w.clerk, lead_of(proposal).id, "不属于我局职责", utcnow())
    office = login("office")
    office.goto(f"{live_server}/proposals/{proposal.id}")
    office.click("[data-testid=decide-reassignment]")
    office.select_option("[data-testid=new-bureau]", label="市教育局")
    office.once("dialog", lambda dialog: dialog.accept())  # "Withdraw the assignment from this bureau? …"
    office.click("button[name=decision][value=approve]")
    expect(office.locator("[data-testid=assignments]")).to_contain_text("市教育局")
    db.session.expire_all()
    new = Assignment.query.filter_by(proposal_id=proposal.id, bureau_id=w.other.id).one()
    assert (new.role, new.state) == ("lead", "pending_receipt")


def test_the_office_merges_by_the_number_as_typed(w, login, live_server):
    target = w.proposal("in_handling", title="关于城市停车难的提案", now=utcnow())
    merged = w.proposal("under_review", title="关于增设停车位的提案", author=w.proposer2, now=utcnow())
    office = login("office")
    office.goto(f"{live_server}/proposals/{merged.id}")
    office.locator("details.action summary", has_text="并案").click()
    office.fill("#target_number", "第１号")
    office.once("dialog", lambda dialog: dialog.accept())  # a confirmation, where the page asks one
    office.click("form[action$='/merge'] button[type=submit]")
    expect(office.locator("[data-testid=merge]")).to_contain_text("第1号")
    office.goto(f"{live_server}/proposals/{target.id}")
    expect(office.locator("[data-testid=merged-members]")).to_contain_text("关于增设停车位的提案")
