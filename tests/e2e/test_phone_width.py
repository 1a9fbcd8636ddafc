"""The members' side on a phone (issue 12): at 390 px every page a member uses reads without
horizontal scrolling. Each page is taken in Chromium at phone width and fails when the document is
wider than the window (document.documentElement.scrollWidth > innerWidth); the public pages of
issue 12 too. Then the done path: an anonymous visitor sends a clue and follows it, the office
passes it to the member, who starts a proposal from it on a phone-sized screen."""
from __future__ import annotations

import pytest

from tests.factories import NOW, World
from tests.public.support import credit_codes, sent_reply
from workflow.extensions import db
from workflow.services import clues, submission, topics
from workflow.services.submission import DraftInput

# Not `is_mobile`: a mobile viewport widens itself to fit what overflows (innerWidth follows the
# content), which would hide the very overflow the test looks for.
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "has_touch": True}
OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"
NARROWEST_CELL = """() => Math.min(...Array.from(document.querySelectorAll('main tbody td'))
    .filter((td) => td.offsetParent !== null).map((td) => td.getBoundingClientRect().width))"""
LONG = "关于" + "进一步加强和改进城乡基层社区公共服务设施建设与运营管理" * 3 + "的建议"


@pytest.fixture
def phone(browser, live_server):
    contexts = []

    def _open(username: str | None = None):
        context = browser.new_context(locale="zh-CN", **PHONE)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if username:
            page.goto(f"{live_server}/login")
            page.fill("#username", username)
            page.fill("#password", "secret-pw")
            page.click("button[type=submit].primary")
            page.wait_for_url(f"{live_server}/")
        return page

    yield _open
    for context in contexts:
        context.close()


def _fits(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    width, inner = page.evaluate(OVERFLOW)
    assert width <= inner, f"{url}: {width}px wide in a {inner}px window"


@pytest.fixture
def member_world(ctx):
    w = World()
    credit_codes(w)
    w.session.progress_public = True
    db.session.commit()
    reply = sent_reply(w)  # a reply to 杨文艳's proposal, waiting for her rating
    joint = submission.create_draft(w.proposer2, DraftInput(LONG, "正文" * 200, w.session.id, "joint",
                                                            cosigner_ids=[w.proposer.id]), NOW)
    submission.submit(w.proposer2, joint.id, NOW)  # 杨文艳 is asked to co-sign
    draft = w.draft(title=LONG)
    topic = topics.create(w.office, topics.TopicInput(w.session.id, LONG, "说明" * 100, "市经信局、市财政局"), NOW)
    clue = clues.send(clues.ClueInput(LONG[:150], "内容" * 300, "13858012345"), NOW)
    clues.accept(w.office, clue.id, NOW)
    clues.pass_on(w.office, clue.id, "城市管理", w.proposer.id, NOW)
    return {"reply": reply, "joint": joint, "draft": draft, "topic": topic, "clue": clue}


def test_member_pages_fit_a_phone(phone, live_server, member_world):
    page = phone("proposer")
    data = member_world
    for path in (
        "/", "/proposals/", "/proposals/new", f"/proposals/new?topic={data['topic'].id}",
        f"/proposals/{data['draft'].id}", f"/proposals/{data['draft'].id}/edit",
        f"/proposals/{data['joint'].id}",  # co-signing
        f"/proposals/{data['reply'].proposal_id}", f"/replies/{data['reply'].id}",  # reading and rating
        "/notifications/", "/notifications/preferences", "/clues/", f"/clues/{data['clue'].id}",
    ):
        _fits(page, f"{live_server}{path}")
    # lists become cards whose cells name their column and take the card's width, never squeezed
    # into columns of a few characters
    for path in ("/", "/proposals/", "/clues/"):
        page.goto(f"{live_server}{path}")
        assert page.locator("main tbody td[data-label]").count() > 0, path
        narrowest = page.evaluate(NARROWEST_CELL)
        assert narrowest >= 300, f"{path}: a list cell {narrowest}px wide"
    # the rating form's button is large enough for a thumb
    page.goto(f"{live_server}/replies/{data['reply'].id}")
    box = page.get_by_test_id("action-feedback").bounding_box()
    assert box["height"] >= 44


def test_public_pages_fit_a_phone(phone, live_server, member_world):
    page = phone()
    status = clues.status(member_world["clue"].code)
    for path in ("/public/", "/public/progress/", f"/public/progress/{member_world['reply'].proposal_id}",
                 "/public/clues/", "/public/clues/new", f"/public/clues/{status.code}"):
        _fits(page, f"{live_server}{path}")


def test_the_check_fails_on_overflow(phone, live_server, member_world):
    """The check itself can fail: a page made wider than the window is caught."""
    page = phone()
    page.goto(f"{live_server}/public/progress/")
    page.evaluate("() => { const d = document.createElement('div'); d.style.width = '600px';"
                  " d.style.height = '1px'; document.body.appendChild(d); }")
    width, inner = page.evaluate(OVERFLOW)
    assert width > inner


def test_manifest_and_icons(phone, live_server, member_world):
    page = phone()
    page.goto(f"{live_server}/public/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.request.get(f"{live_server}{href}").json()
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        assert page.request.get(f"{live_server}{icon['src']}").headers["content-type"] == "image/png"


def test_done_path_on_a_phone(phone, browser, live_server, member_world):
    visitor = phone()
    visitor.goto(f"{live_server}/public/clues/")
    visitor.get_by_test_id("send-clue").click()
    visitor.fill("#subject", "老旧小区加装电梯推进慢")
    visitor.fill("#body", "建议简化审批。我的手机13900001111。")
    visitor.fill("#contact", "13900001111")
    visitor.click("form[data-testid=clue-form] button[type=submit]")
    code = visitor.get_by_test_id("clue-code").inner_text().strip()
    assert visitor.get_by_test_id("clue-state").get_attribute("data-status") == "received"

    db.session.expire_all()
    clue = clues.status(code)
    from workflow.models import Clue

    row = db.session.execute(db.select(Clue).where(Clue.code == clue.code)).scalar_one()
    office = phone("office")
    office.goto(f"{live_server}/clues/{row.id}")
    office.get_by_test_id("accept").click()
    office.fill("#topic", "城市管理")
    office.select_option("#member", str(member_world["reply"].proposal.proposer_id))
    office.click("form[data-testid=pass-form] button[type=submit]")
    assert office.get_by_test_id("clue-state").get_attribute("data-state") == "passed"

    member = phone("proposer")
    member.goto(f"{live_server}/clues/")
    member.get_by_role("link", name="老旧小区加装电梯推进慢").click()
    assert "13900001111" not in member.content()
    member.get_by_test_id("start-from-clue").click()
    width, inner = member.evaluate(OVERFLOW)
    assert width <= inner
    member.click("form[data-testid=draft-form] button[value=save]")
    member.wait_for_url(f"{live_server}/proposals/*")

    visitor.goto(f"{live_server}/public/clues/{code}")
    assert visitor.get_by_test_id("clue-state").get_attribute("data-status") == "writing"
