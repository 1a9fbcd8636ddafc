"""Irreversible actions ask first, in Chinese, and nothing happens when the answer is no; the reply
editor warns before a page with unsaved text is left (issue 9 §10)."""
import pytest
from playwright.sync_api import expect

from tests.factories import World, make_reason
from tests.handling_support import approved, draft, received
from workflow.extensions import db
from workflow.models import Proposal, Reply

pytestmark = pytest.mark.e2e


class Asked(list):
    """The questions a page asked, as (type, message); each answered with `answer` (yes or no)."""

    answer = False


def answering(page, answer: bool) -> Asked:
    page.answers_dialogs = True  # the login fixture's handler stands back
    asked = Asked()
    asked.answer = answer

    def handle(dialog):
        asked.append((dialog.type, dialog.message))
        dialog.accept() if asked.answer else dialog.dismiss()

    page.on("dialog", handle)
    return asked


def test_not_filing_asks_first_and_no_leaves_the_item_as_it_was(ctx, live_server, login):
    w = World()
    make_reason()
    item = w.proposal("under_review", author=w.deputy)
    page = login("office")
    asked = answering(page, False)
    page.goto(f"{live_server}/proposals/{item.id}")
    page.locator("details.action:has([data-testid=action-reject]) summary").click()
    page.select_option("#reason", index=1)
    page.click("[data-testid=action-reject]")
    page.wait_for_timeout(300)
    assert [kind for kind, _ in asked] == ["confirm"]
    assert "不作为代表建议处理" in asked[0][1] and "代表" in asked[0][1]  # the NPC channel's words
    db.session.expire_all()
    assert db.session.get(Proposal, item.id).state == "under_review"

    asked.answer = True
    page.click("[data-testid=action-reject]")
    expect(page.locator(".flash")).to_be_visible()
    assert len(asked) == 2
    db.session.expire_all()
    assert db.session.get(Proposal, item.id).state == "not_filed"


def test_sending_a_reply_and_withdrawing_an_assignment_ask_first(ctx, live_server, login):
    w = World()
    reply = approved(w)
    page = login("clerk")
    asked = answering(page, False)
    page.goto(f"{live_server}/replies/{reply.id}")
    page.click("[data-testid=action-send]")
    page.wait_for_timeout(300)
    assert len(asked) == 1 and "委员" in asked[0][1] and "不能撤回" in asked[0][1]
    db.session.expire_all()
    assert db.session.get(Reply, reply.id).state == "approved"

    item = received(w, title="关于另一件提案的建议")
    office = login("office")
    asked = answering(office, False)
    office.goto(f"{live_server}/proposals/{item.id}")
    office.locator("details.action:has([data-testid=action-withdraw-assignment]) summary").first.click()
    office.locator("details[open] textarea[name=note]").fill("交办有误")
    office.locator("[data-testid=action-withdraw-assignment]").first.click()
    office.wait_for_timeout(300)
    assert len(asked) == 1 and "撤回" in asked[0][1]
    db.session.expire_all()
    assert {a.state for a in db.session.get(Proposal, item.id).assignments} == {"received"}


def test_the_reply_editor_warns_before_unsaved_text_is_left(ctx, live_server, login):
    w = World()
    proposal = received(w)
    reply = draft(w, proposal)
    page = login("clerk")
    asked = answering(page, False)
    page.goto(f"{live_server}/replies/{reply.id}/edit")
    # Nothing typed: leaving asks nothing.
    page.goto(f"{live_server}/replies/{reply.id}")
    assert asked == []
    page.goto(f"{live_server}/replies/{reply.id}/edit")
    titles = page.locator(".rich-toolbar button").evaluate_all("buttons => buttons.map(b => b.title)")
    assert titles == ["加粗", "倾斜", "下划线", "编号列表", "项目符号列表"]  # the editor's tooltips in Chinese
    page.locator("[data-testid=rich-editor]").click()
    page.keyboard.type("我局将进一步加大扶持力度。")
    page.click(f"a[href='/proposals/{proposal.id}']")
    page.wait_for_timeout(500)
    assert [kind for kind, _ in asked] == ["beforeunload"]
    assert page.url.endswith(f"/replies/{reply.id}/edit")  # dismissed: the text is still here
    expect(page.locator("[data-testid=rich-editor]")).to_contain_text("进一步加大扶持力度")
    # Saved: leaving asks nothing more.
    page.click("[data-testid=save-reply]")
    expect(page.locator("[data-testid=letter]")).to_contain_text("进一步加大扶持力度")
    page.goto(f"{live_server}/proposals/{proposal.id}")
    assert len(asked) == 1
