"""Issue 11's done path in the browser: a member writes and sees similar proposals and the
pre-check's advice as they type; the office sees a likely duplicate at review, files the proposal
and assigns it with one click on the suggested bureaus; a reply that skips a numbered suggestion is
flagged before approval."""
import pytest
from playwright.sync_api import expect

from tests.factories import NOW, World
from workflow.domain import richtext
from workflow.extensions import db
from workflow.services import assignment, drafting

pytestmark = pytest.mark.e2e

PARKING = ("城区停车难问题突出，老旧小区停车位不足，早晚高峰路边乱停车现象普遍，影响交通和消防通道。" * 8
           + "为此建议：\n1. 建设立体停车场，盘活闲置地块。\n2. 推广错时共享停车，开放机关单位车位。\n3. 规范路边停车收费，加强执法。")


def test_similar_precheck_suggested_bureaus_duplicates_and_coverage(ctx, live_server, login):
    w = World()
    w.other.duties = "负责城市道路、停车场建设和交通管理。"
    w.lead.duties = "负责工业经济和中小企业发展。"
    db.session.commit()
    earlier = w.proposal("filed", author=w.proposer2, title="关于缓解城区停车难的建议", body=PARKING)

    # The member types: the aside shows the earlier proposal and the pre-check's advice.
    page = login("proposer")
    page.goto(f"{live_server}/proposals/new")
    page.select_option("#session_id", str(w.session.id))
    page.fill("#title", "停车难")
    page.fill("#body", "老旧小区停车难，建议建设立体停车场。")
    expect(page.locator(f"[data-testid=similar-item][data-proposal-id='{earlier.id}']")).to_be_visible()
    expect(page.locator("[data-testid=precheck] [data-rule=title_form]")).to_be_visible()
    page.fill("#title", "关于缓解城区停车难问题的提案")
    page.fill("#body", PARKING)
    expect(page.locator("[data-testid=precheck-clean]")).to_be_visible()
    page.click("button[name=then][value=save]")
    page.click("[data-testid=action-submit]")
    expect(page.locator("[data-state]").first).to_have_attribute("data-state", "submitted")
    proposal_url = page.url

    # The office starts the review, sees the likely duplicate, files it and assigns as suggested.
    office = login("office")
    office.goto(proposal_url)
    office.click("[data-testid=action-start-review]")
    duplicate = office.locator(f"[data-testid=duplicate][data-proposal-id='{earlier.id}']")
    expect(duplicate.locator("[data-testid=likely-duplicate]")).to_be_visible()
    office.select_option("#category_id", str(w.category.id))
    office.click("[data-testid=action-file]")
    expect(office.locator("[data-testid=suggested-lead]")).to_contain_text(w.other.name)
    office.click("[data-testid=accept-suggested]")
    expect(office.locator("[data-state]").first).to_have_attribute("data-state", "in_handling")

    # A reply that skips suggestion 3 is flagged for the approver.
    db.session.expire_all()
    lead = db.session.get(type(earlier), int(proposal_url.rstrip("/").rsplit("/", 1)[1])).assignments[0]
    otherclerk = w.otherclerk
    assignment.receive(otherclerk, lead.id, NOW)
    reply = drafting.save_draft(otherclerk, lead.id, drafting.DraftInput(
        title="答复", salutation="杨文艳委员：", resolution="A", disclosure="public", contact_name="张三",
        contact_phone="0579-82468101",
        body=richtext.from_plain("一、关于“建设立体停车场”。已规划三处。\n二、关于“推广错时共享停车”。已开放机关车位。")), NOW)
    clerk = login("otherclerk")
    clerk.goto(f"{live_server}/replies/{reply.id}")
    expect(clerk.locator("[data-testid=submit-unanswered]")).to_contain_text("3")
    expect(clerk.locator("[data-testid=coverage-point][data-answered=no]")).to_have_count(1)
