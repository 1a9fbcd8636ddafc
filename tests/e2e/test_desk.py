"""Issue 10's done path for the desk, in the browser: the office imports a 200-row sheet (and sees a
bad sheet refused with every problem listed, nothing saved), assigns ten items to one bureau in
one step and prints their 交办通知单, exports the overdue list; a clerk signs for several at once."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.desk_support import PROPOSAL_HEADER, proposal_rows, xlsx
from tests.factories import World
from workflow.extensions import db
from workflow.models import Assignment, Proposal

pytestmark = pytest.mark.e2e


def _count(model) -> int:
    db.session.expire_all()
    return db.session.execute(select(func.count(model.id))).scalar_one()


def test_the_office_desk_from_a_sheet_to_signed_assignments(ctx, live_server, login, tmp_path):
    w = World()
    bad_rows = proposal_rows(w, 3, numbered=True)
    bad_rows[0][4], bad_rows[1][8] = "无名氏", ""
    (tmp_path / "bad.xlsx").write_bytes(xlsx(PROPOSAL_HEADER, bad_rows))
    (tmp_path / "good.xlsx").write_bytes(xlsx(PROPOSAL_HEADER, proposal_rows(w, 200, numbered=True)))

    office = login("office")
    office.click("[data-testid=nav-import]")
    office.set_input_files("#file", str(tmp_path / "bad.xlsx"))
    office.click("[data-testid=upload-form] button[type=submit]")
    expect(office.locator("[data-testid=sheet-refused]")).to_be_visible()
    expect(office.locator("[data-testid=problems] li")).to_have_count(2)
    expect(office.locator("[data-testid=problems]")).to_contain_text("“无名氏”不是本类型的委员或代表")
    expect(office.locator("[data-testid=confirm-import]")).to_have_count(0)
    assert _count(Proposal) == 0

    office.set_input_files("#file", str(tmp_path / "good.xlsx"))
    office.click("[data-testid=upload-form] button[type=submit]")
    expect(office.locator("[data-testid=sheet-ok]")).to_contain_text("200")
    office.click("[data-testid=confirm-import]", timeout=120_000)  # 200 items indexed for search on the way
    expect(office.locator(".flash.success")).to_contain_text("已导入200件", timeout=120_000)
    assert _count(Proposal) == 200

    # Ten filed items to one bureau in one step, then their notice.
    office.goto(f"{live_server}/proposals/?state=filed")
    boxes = office.locator("input[name=items]")
    for index in range(10):
        boxes.nth(index).check()
    office.select_option("#lead", label=w.lead.name)
    office.click("[data-testid=batch-submit]", timeout=60_000)
    expect(office.locator("[data-testid=saved] li")).to_have_count(10)
    assert _count(Assignment) == 10
    href = office.locator("[data-testid=notice-pdf]").get_attribute("href")
    pdf = office.request.get(f"{live_server}{href}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")

    # The overdue list downloads as a workbook.
    office.goto(f"{live_server}/proposals/?overdue=1")
    with office.expect_download() as download:
        office.click("[data-testid=export-overdue]")
    assert download.value.suggested_filename.startswith("overdue-")

    # The lead bureau's clerk signs for several at once.
    clerk = login("clerk")
    clerk.goto(f"{live_server}/bureau/assignments")
    chosen = clerk.locator("input[name=items]")
    for index in range(4):
        chosen.nth(index).check()
    clerk.click("[data-testid=sign-chosen]")
    expect(clerk.locator("[data-testid=saved] li")).to_have_count(4)
    db.session.expire_all()
    received = db.session.execute(select(func.count(Assignment.id)).where(Assignment.state == "received"))
    assert received.scalar_one() == 4
