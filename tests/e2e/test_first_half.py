"""Issue 2's done path, in the browser: a joint proposal from writing to assignment."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.factories import World
from workflow.clock import utcnow
from workflow.domain.clocks import ClockKind
from workflow.domain.deadlines import due_date, local_date
from workflow.extensions import db
from workflow.models import Proposal
from workflow.services import calendar, clocks

pytestmark = pytest.mark.e2e


def test_joint_proposal_from_draft_to_assignment(ctx, live_server, login):
    w = World()
    lead_name, co_name = w.lead.name, w.co.name

    # The proposer writes a joint proposal with proposer2 and submits it.
    page = login("proposer")
    page.click("nav a[href='/proposals/new']")
    page.select_option("#session_id", str(w.session.id))
    page.check("input[name=author_kind][value=joint]")
    page.select_option("#cosigners", str(w.proposer2.id))
    page.fill("#title", "关于扶持小微企业成长升级的建议")
    page.fill("#body", "小微企业融资难、融资贵，建议设立小微企业转贷资金池。")
    page.click("button[name=then][value=save]")
    expect(page.locator("[data-state]").first).to_have_attribute("data-state", "draft")
    page.click("[data-testid=action-submit]")
    expect(page.locator("[data-state]").first).to_have_attribute("data-state", "awaiting_cosigners")
    proposal_url = page.url

    # proposer2 sees the invitation in the work list and confirms.
    page2 = login("proposer2")
    expect(page2.locator("[data-testid=worklist] tr[data-task=cosign]")).to_have_count(1)
    page2.click("[data-testid=worklist] tr[data-task=cosign] a")
    page2.click("[data-testid=action-confirm-cosign]")
    expect(page2.locator("[data-state]").first).to_have_attribute("data-state", "submitted")

    # The office starts the review, files it and assigns a lead and a co bureau.
    office = login("office")
    office.goto(proposal_url)
    office.click("[data-testid=action-start-review]")
    office.select_option("#category_id", str(w.category.id))
    office.click("[data-testid=action-file]")
    expect(office.locator("[data-testid=proposal-number]")).to_have_text("第1号")
    office.click("[data-testid=action-assign]")
    office.select_option("#rows-0-bureau_id", label=lead_name)
    office.select_option("#rows-0-role", "lead")
    office.select_option("#rows-1-bureau_id", label=co_name)
    office.select_option("#rows-1-role", "co")
    office.click("[data-testid=assign-submit]")
    expect(office.locator("[data-state]").first).to_have_attribute("data-state", "in_handling")
    expect(office.locator("[data-testid=assignments] tbody tr")).to_have_count(2)

    # Both bureaus see it in their work lists, with the due dates the calendar gives.
    start = local_date(utcnow())
    cal = calendar.load()
    receipt = due_date(start, clocks.period_of(ClockKind.RECEIPT), cal).date.isoformat()
    for signed, username in enumerate(("clerk", "coclerk"), start=1):
        bureau_page = login(username)
        row = bureau_page.locator("[data-testid=worklist] tr[data-task=receive]")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("关于扶持小微企业成长升级的建议")
        reply_kind = ClockKind.REPLY if username == "clerk" else ClockKind.CO_OPINION
        handling_due = due_date(start, clocks.period_of(reply_kind), cal).date.isoformat()
        expect(row.locator("[data-testid=due]")).to_contain_text(receipt)
        expect(row.locator("[data-testid=handling-due]")).to_contain_text(handling_due)
        expect(bureau_page.locator("[data-testid=work-count]")).to_have_text("1")
        bureau_page.click("[data-testid=worklist] tr[data-task=receive] a")
        expect(bureau_page.locator("[data-testid=assignments]")).to_contain_text(handling_due)
        bureau_page.click("[data-testid=action-receive]")
        expect(bureau_page.locator("[data-testid=assignments] [data-state=received]")).to_have_count(signed)

    db.session.expire_all()
    proposal = db.session.execute(select(Proposal)).scalar_one()
    assert proposal.state == "in_handling"
    assert {a.state for a in proposal.assignments} == {"received"}
