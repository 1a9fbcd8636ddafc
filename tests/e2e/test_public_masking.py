"""Issue 9 §6-§8 in the browser: the office checks the masked copy of an attachment and publishes;
the visitor reads the disclosure block as the published seeds show it (发布机构 the short name,
公开范围, 信息分类), a letter where 何明-like characters inside words are left alone, and gets the
attachment only as a masked copy; the office's figures show 办结率 over the filed items, 满意 and
基本满意 apart, and the co bureaus' table."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.factories import World
from tests.figures_support import build
from tests.files_support import PERSONAL, docx_with_personal_data, png, zip_text
from tests.public.support import credit_codes, sent_reply
from workflow.extensions import db
from workflow.models import Publication
from workflow.services.uploads import Upload

pytestmark = pytest.mark.e2e

BODY = ("<p>杨文艳委员：您提出的建议收悉。经与杨文艳委员电话沟通（Tel 138.5801.2345），现答复如下：</p>"
        "<p>我局将研究如何明确补贴对象，对任何明显不符合条件的企业不予支持。</p>")


def test_the_public_gets_the_seed_metadata_and_only_masked_copies(ctx, live_server, login, browser):
    w = World()
    credit_codes(w)
    w.lead.name, w.lead.short_name = "金华市经济和信息化局", "市经信局"
    db.session.commit()
    reply = sent_reply(w, body=BODY, attachments=[Upload("杨文艳委员名单.docx", docx_with_personal_data()),
                                                  Upload("现场照片.png", png())])

    office = login("office")
    office.goto(f"{live_server}/publishing/replies/{reply.id}")
    offers = office.locator("[data-testid=attachment-offers]")
    expect(offers).to_contain_text("以脱敏件公开")
    expect(offers).to_contain_text("不公开：图片无法脱敏")
    with office.expect_download() as checked:
        office.click("[data-testid=masked-copy-preview]")
    with open(checked.value.path(), "rb") as copy:
        data = copy.read()
    assert [v for v in PERSONAL if v in zip_text(data)] == []
    preview = office.locator("[data-testid=masked-preview]")
    expect(preview).to_contain_text("如何明确补贴对象")
    expect(preview.locator("mark[data-kind=mobile]")).to_have_text("138.****.2345")
    office.click("[data-testid=publish]")
    expect(office.locator("[data-testid=publication-meta]")).to_contain_text("/2026-00001")
    row = db.session.execute(select(Publication)).scalar_one()

    visitor = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = visitor.new_page()
    page.goto(f"{live_server}/public/replies/{row.id}")
    expect(page.locator("[data-testid=publisher]")).to_have_text("市经信局")
    expect(page.locator("[data-testid=scope]")).to_have_text("面向社会")
    expect(page.locator("[data-testid=information-class]")).to_have_text("政协委员提案")
    text = page.locator("[data-testid=letter-text]")
    expect(text).to_contain_text("杨**委员")
    expect(text).to_contain_text("如何明确补贴对象，对任何明显不符合条件")
    expect(text).to_contain_text("金华市经济和信息化局")  # the letter is signed with the full name
    files = page.locator("[data-testid=published-file]")
    expect(files).to_have_count(1)
    expect(files).to_contain_text("杨**委员名单（脱敏）.docx")
    with page.expect_download() as download:
        files.locator("a").click()
    with open(download.value.path(), "rb") as copy:
        data = copy.read()
    assert [v for v in PERSONAL if v in zip_text(data)] == []
    assert "现场照片" not in page.content()
    visitor.close()


def test_the_figures_page_shows_the_figures_of_spec_6(ctx, live_server, login):
    w = World()
    build(w)
    office = login("office")
    office.goto(f"{live_server}/office/figures")
    totals = office.locator("[data-testid=figures-totals]")
    for header in ("立案件数", "办结率", "满意", "基本满意", "满意和基本满意", "满意率"):
        expect(totals).to_contain_text(header)
    co = office.locator("[data-testid=figures-co]")
    expect(co.locator("tbody tr")).to_have_count(3)
    expect(co).to_contain_text("市财政局")
    expect(co).to_contain_text("按期提交率")
