"""Issue 3's done path in the browser: from an item in handling to closed, as each role."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.factories import World
from tests.handling_support import received
from tests.letters.format_checks import assert_letter_format
from workflow.clock import utcnow
from workflow.domain.deadlines import local_date
from workflow.extensions import db
from workflow.models import Proposal, Reply

pytestmark = pytest.mark.e2e


def open_task(page, task):
    """Follow the work list's link of this task."""
    row = page.locator(f"[data-testid=worklist] tr[data-task={task}]")
    expect(row).to_have_count(1)
    row.locator("a").click()


def write_and_save(page, text):
    page.locator("[data-testid=rich-editor]").fill(text)
    page.click("[data-testid=save-reply]")
    expect(page.locator("[data-testid=letter]")).to_contain_text(text)


def approve(page):
    # The login fixture's pages accept the confirmation ("Approve? The number is assigned …").
    page.click("[data-testid=action-approve]")
    expect(page.locator("[data-testid=doc-number]")).to_be_visible()
    return page.locator("[data-testid=doc-number]").inner_text()


def downloaded(page, testid) -> bytes:
    with page.expect_download() as info:
        page.click(f"[data-testid={testid}]")
    with open(info.value.path(), "rb") as file:
        return file.read()


def test_contact_opinion_reply_approval_feedback_rehandling_closed(ctx, live_server, login):
    w = World()
    proposal = received(w)
    today = local_date(utcnow()).isoformat()

    # clerk records a contact from the work list.
    clerk = login("clerk")
    open_task(clerk, "draft_reply")
    clerk.click("[data-testid=contacts-card] summary")
    clerk.fill("#contacted_on", today)
    clerk.select_option("#way", "in_person")
    clerk.fill("#participants", "杨文艳委员、邵军")
    clerk.fill("#notes", "面商办理思路")
    clerk.click("[data-testid=save-contact]")
    expect(clerk.locator("[data-testid=contacts]")).to_contain_text("面商办理思路")
    handling_url = clerk.url

    # coclerk submits the co-handling opinion.
    coclerk = login("coclerk")
    open_task(coclerk, "write_opinion")
    coclerk.fill("#body", "同意主办单位意见，财政资金予以保障。")
    coclerk.click("[data-testid=submit-opinion]")
    expect(coclerk.locator("[data-testid=opinion-card] [data-state=submitted]")).to_be_visible()

    # clerk drafts (title and salutation pre-filled, the opinion beside), revises and submits.
    clerk.goto(handling_url)
    clerk.click("[data-testid=write-reply]")
    expect(clerk.locator("#title")).to_have_value("关于对测试cppcc会议第1号提案答复的函")
    expect(clerk.locator("#salutation")).to_have_value("杨文艳委员：")
    expect(clerk.locator("[data-testid=opinions-beside]")).to_contain_text("财政资金予以保障")
    clerk.select_option("#resolution", "A")
    clerk.fill("#contact_phone", "0579-82468101")
    write_and_save(clerk, "您提出的建议收悉。我局将设立小微企业转贷资金池。")
    clerk.click("[data-testid=action-edit]")
    write_and_save(clerk, "您提出的建议收悉。我局会同市财政局设立小微企业转贷资金池。")
    expect(clerk.locator("[data-testid=versions]")).to_contain_text("2")
    clerk.click("[data-testid=action-submit]")
    expect(clerk.locator("h1 + p [data-state]")).to_have_attribute("data-state", "awaiting_approval")
    reply_url = clerk.url

    # approver returns it once, with comments.
    approver = login("approver")
    open_task(approver, "approve_reply")
    approver.click("[data-testid=reply-link]")
    approver.locator("details:has(#note-return) summary").click()
    approver.fill("#note-return", "请写明资金池规模。")
    approver.click("[data-testid=action-return]")
    expect(approver.locator("[data-testid=return-note]")).to_contain_text("请写明资金池规模。")

    # clerk revises and submits again; approver approves: the document number appears.
    clerk.goto(reply_url)
    expect(clerk.locator("[data-testid=return-note]")).to_contain_text("请写明资金池规模。")
    clerk.click("[data-testid=action-edit]")
    write_and_save(clerk, "您提出的建议收悉。我局会同市财政局设立规模5000万元的小微企业转贷资金池。")
    clerk.click("[data-testid=action-submit]")
    approver.goto(reply_url)
    number = approve(approver)
    assert number == f"{w.lead.prefix_cppcc}〔{local_date(utcnow()).year}〕1号"
    clerk.goto(reply_url)
    clerk.click("[data-testid=action-send]")
    expect(clerk.locator("h1 + p [data-state]")).to_have_attribute("data-state", "sent")

    # The proposer downloads the letter in both formats, with the number, and rates it unsatisfied.
    proposer = login("proposer")
    open_task(proposer, "rate_reply")
    proposer.locator("[data-testid=replies] a").first.click()
    docx = downloaded(proposer, "download-docx")
    pdf = downloaded(proposer, "download-pdf")
    assert_letter_format(pdf, docx, number)
    proposer.check("[data-testid=rating-unsatisfied]")
    proposer.check("[data-testid=attitude-satisfied]")
    proposer.check("[data-testid=result-unsatisfied]")
    proposer.fill("#feedback-comments", "资金池何时落地没有说明。")
    proposer.click("[data-testid=action-feedback]")
    expect(proposer.locator("[data-testid=outcome]")).to_be_visible()

    # The office orders re-handling.
    office = login("office")
    open_task(office, "decide_feedback")
    expect(office.locator("[data-testid=decide-feedback]")).to_contain_text("资金池何时落地没有说明。")
    office.fill("#rehandle-note", "请明确落地时间。")
    office.click("[data-testid=action-order-rehandling]")
    expect(office.locator("[data-state]").first).to_have_attribute("data-state", "rehandling")
    proposal_url = office.url

    # The second reply goes the same way and is rated satisfied.
    clerk.goto("/".join(clerk.url.split("/")[:3]) + "/")
    open_task(clerk, "draft_reply")
    clerk.click("[data-testid=write-reply]")
    clerk.select_option("#resolution", "A")
    clerk.fill("#contact_phone", "0579-82468101")
    write_and_save(clerk, "经再次研究，资金池将于今年年底前投入运行。")
    clerk.click("[data-testid=action-submit]")
    approver.goto(clerk.url)
    second_number = approve(approver)
    assert second_number.endswith("2号")
    clerk.reload()
    clerk.click("[data-testid=action-send]")
    expect(clerk.locator("h1 + p [data-state]")).to_have_attribute("data-state", "sent")
    proposer.goto(clerk.url)
    for name in ("rating", "attitude", "result"):
        proposer.check(f"[data-testid={name}-satisfied]")
    proposer.click("[data-testid=action-feedback]")

    # Closed, with every step on the timeline.
    office.goto(proposal_url)
    expect(office.locator("[data-state]").first).to_have_attribute("data-state", "closed")
    expect(office.locator("[data-testid=closed]")).to_be_visible()
    timeline = office.locator("[data-testid=timeline]")
    for step in ("add-contact", "opinion-submit", "reply-save", "reply-submit", "reply-return", "reply-approve",
                 "reply-send", "reply-rated", "order-rehandling", "rehandle", "closed-satisfied"):
        expect(timeline.locator(f"li[data-action='{step}']").first).to_be_attached()
    expect(timeline.locator("li[data-action='reply-approve']")).to_have_count(2)
    db.session.expire_all()
    closed = db.session.get(Proposal, proposal.id)
    assert (closed.state, closed.close_reason) == ("closed", "satisfied")
    numbers = db.session.execute(select(Reply.doc_number).order_by(Reply.id)).scalars().all()
    assert numbers == [number, second_number]
