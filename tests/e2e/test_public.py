"""Issue 5's done path, in the browser: the office publishes sent replies (one after marking a
name by hand, the others at once from the list) and withdraws one; an anonymous visitor finds
them by searching 小微企业 and 融资, reads a masked reply with its metadata block, downloads its
letter, and sees the withdrawn one marked as withdrawn; the API answers the same. Then the office
publishes the withdrawn one again from its work, and the visitor finds it by a two-character word."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.factories import World
from tests.public.support import credit_codes, sent_reply
from workflow.extensions import db
from workflow.models import Publication

pytestmark = pytest.mark.e2e

FIRST = ("<p>杨文艳委员：您提出的关于扶持小微企业成长升级的建议收悉。经与杨文艳委员电话沟通（手机13858012345），现答复如下：</p>"
         "<p>一、缓解小微企业融资难。我局会同市金融办设立转贷资金池。学员张三丰反映的问题已办结。</p>")
SECOND = "<p>您提出的关于小微企业园建设的建议收悉。现答复如下：</p><p>全市已建成小微企业园15个，园区融资服务站覆盖率达到80%。</p>"
THIRD = "<p>您提出的关于停车难的建议收悉。现答复如下：</p><p>新建公共停车场3处，小微企业集聚区增设停车位。</p>"


def test_office_publishes_and_the_public_finds_reads_and_downloads(ctx, live_server, login, browser):
    w = World()
    credit_codes(w)
    first = sent_reply(w, body=FIRST, title="关于扶持小微企业成长升级的建议的答复")
    sent_reply(w, body=SECOND, title="关于小微企业园建设的建议的答复")
    third = sent_reply(w, body=THIRD, title="关于缓解停车难的建议的答复")

    # The office's work list holds a publication task per public reply, each due with its clock.
    office = login("office")
    tasks = office.locator("[data-testid=worklist] tr[data-task=publish_reply]")
    expect(tasks).to_have_count(3)
    expect(tasks.first.locator("[data-testid=due]")).not_to_be_empty()

    # The publishing list: three public replies wait, each with its due date.
    office.click("[data-testid=nav-publishing]")
    expect(office.locator("[data-testid=due-list] tbody tr[data-reply-id]")).to_have_count(3)
    office.click(f"[data-reply-id='{first.id}'] a")
    preview = office.locator("[data-testid=masked-preview]")
    expect(preview.locator("mark[data-kind=person]").first).to_have_text("杨**")
    expect(preview.locator("mark[data-kind=mobile]")).to_have_text("138****2345")
    expect(preview).not_to_contain_text("杨文艳")
    office.fill("#phrases", "张三丰")
    office.click("button[value=preview]")
    expect(preview.locator("mark[data-kind=manual]")).to_have_attribute("title", "张三丰")
    office.click("[data-testid=publish]")
    expect(office.locator("[data-testid=publication-meta]")).to_contain_text("/2026-00001")

    # The other two at once from the filtered list.
    office.click("[data-testid=nav-publishing]")
    expect(office.locator("[data-testid=due-list] tbody tr[data-reply-id]")).to_have_count(2)
    office.check("input[name=reply_ids] >> nth=0")
    office.check("input[name=reply_ids] >> nth=1")
    office.click("[data-testid=publish-selected]")
    expect(office.locator(".flash.success")).to_be_visible()
    expect(office.locator("[data-testid=due-list] tbody tr[data-reply-id]")).to_have_count(0)

    # One is withdrawn, with a reason.
    office.goto(f"{live_server}/publishing/replies/{third.id}")
    office.fill("#reason", "答复中的停车场数据有误，更正后重新公开。")
    office.click("[data-testid=withdraw]")
    expect(office.locator("[data-testid=publication-meta]")).to_contain_text("答复中的停车场数据有误")

    db.session.expire_all()
    rows = {r.reply_id: r for r in db.session.execute(select(Publication)).scalars()}
    published, withdrawn = rows[first.id], rows[third.id]

    # An anonymous visitor on a phone-sized screen.
    visitor = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = visitor.new_page()
    page.goto(f"{live_server}/public/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("[data-testid=results] li")).to_have_count(2)
    page.fill("#q", "小微企业")
    page.press("#q", "Enter")
    results = page.locator("[data-testid=results] li")
    expect(results).to_have_count(2)
    expect(results.locator("mark").first).to_have_text("小微企业")
    page.fill("#q", "融资")
    page.press("#q", "Enter")
    expect(results).to_have_count(2)
    expect(page.locator("[data-testid=results]")).not_to_contain_text("停车")

    # Reads the masked reply with its metadata block.
    page.goto(f"{live_server}/public/replies/{published.id}")
    meta = page.locator("[data-testid=metadata]")
    expect(meta).to_contain_text(published.index_number)
    for label in ("发布机构", "成文日期", "发布日期", "公开方式", "主题分类", "文件编号", "解决类别"):
        expect(meta).to_contain_text(label)
    expect(meta).to_contain_text("主动公开")
    text = page.locator("[data-testid=letter-text]")
    expect(text).to_contain_text("杨**委员")
    expect(text).to_contain_text("138****2345")
    expect(text).to_contain_text("学员***反映")
    expect(text).not_to_contain_text("杨文艳")
    expect(text).not_to_contain_text("张三丰")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll

    # Downloads the letter.
    with page.expect_download() as download:
        page.click("[data-testid=download-pdf]")
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")

    # The withdrawn one says so, and when.
    response = page.goto(f"{live_server}/public/replies/{withdrawn.id}")
    assert response.status == 410
    expect(page.locator("[data-testid=withdrawn]")).to_contain_text(withdrawn.index_number)
    expect(page.locator("body")).not_to_contain_text("新建公共停车场")

    # The API answers the same.
    answer = page.request.get(f"{live_server}/api/v1/public/replies?q=小微企业")
    assert answer.ok
    assert sorted(i["id"] for i in answer.json()["items"]) == sorted(
        r.id for r in rows.values() if r.state == "published")
    gone = page.request.get(f"{live_server}/api/v1/public/replies/{withdrawn.id}")
    assert gone.status == 410 and gone.json()["error"]["code"] == "withdrawn"

    # The office publishes the withdrawn one again, its marks corrected: same 索引号 and address.
    office.goto(f"{live_server}/")
    expect(office.locator("[data-testid=worklist] tr[data-task=publish_reply]")).to_have_count(0)
    office.goto(f"{live_server}/publishing/replies/{third.id}")
    office.click("[data-testid=open-republish]")
    expect(office.locator("[data-testid=republish-hint]")).to_contain_text("停车场数据有误")
    office.fill("#phrases", "小微企业集聚区")
    office.click("button[value=preview]")
    expect(office.locator("[data-testid=masked-preview] mark[data-kind=manual]")).to_have_attribute("title", "小微企业集聚区")
    office.click("[data-testid=republish]")
    office.wait_for_url(f"**/publishing/replies/{third.id}")
    expect(office.locator("[data-testid=republish-card]")).to_have_count(0)
    expect(office.locator("[data-testid=publication-meta]")).to_contain_text(withdrawn.index_number)

    response = page.goto(f"{live_server}/public/replies/{withdrawn.id}")
    assert response.status == 200
    expect(page.locator("[data-testid=letter-text]")).to_contain_text("新建公共停车场")
    expect(page.locator("[data-testid=letter-text]")).not_to_contain_text("小微企业集聚区")
    page.goto(f"{live_server}/public/")
    page.fill("#q", "停车")  # two characters: the index of character pairs
    page.press("#q", "Enter")
    expect(page.locator("[data-testid=results] li")).to_have_count(1)
    expect(page.locator("[data-testid=results] li mark").first).to_have_text("停车")
    visitor.close()
