"""The office's import pages: a 200-row sheet imported in two steps, a bad sheet refused with
every problem listed and nothing saved (issue 10's done path, by route)."""
from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.desk_support import PROPOSAL_HEADER, proposal_rows, xlsx
from workflow.extensions import db
from workflow.models import Event, Proposal


def _count() -> int:
    return db.session.execute(select(func.count(Proposal.id))).scalar_one()


def _upload(client, content: bytes, kind: str = "proposals"):
    return client.post(f"/office/imports/{kind}", data={"file": (io.BytesIO(content), "录入.xlsx")},
                       content_type="multipart/form-data")


def test_the_template_names_the_columns_in_chinese(login, w):
    response = login("office").get("/office/imports/proposals/template.xlsx")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    book = load_workbook(io.BytesIO(response.data))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:5] == ["会次（*）", "类型", "编号", "标题（*）", "提出人（*）"]
    assert book.worksheets[0].freeze_panes == "A2"
    assert book.worksheets[1]["A2"].value == w.session.name


def test_a_200_row_sheet_is_previewed_then_imported(login, w):
    office = login("office")
    content = xlsx(PROPOSAL_HEADER, proposal_rows(w, 200))
    preview = _upload(office, content)
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "200" in page and 'data-testid="sheet-ok"' in page
    assert _count() == 0  # nothing saved by the preview
    token = page.split('name="token" value="')[1].split('"')[0]
    done = office.post("/office/imports/proposals/confirm", data={"token": token})
    assert done.status_code == 302
    assert _count() == 200
    states = set(db.session.execute(select(Proposal.state)).scalars())
    assert states == {"submitted"}
    assert db.session.execute(select(func.count(Event.id)).where(Event.action == "import")).scalar_one() == 200
    again = office.post("/office/imports/proposals/confirm", data={"token": token})
    assert again.status_code == 302 and _count() == 200  # the kept file is gone once imported


def test_a_bad_sheet_is_refused_with_every_problem_and_nothing_saved(login, w):
    w.proposal("filed")  # 第1号 is taken
    rows = proposal_rows(w, 5, start=2, numbered=True)
    rows[0][4] = "无名氏"  # unknown proposer
    rows[1][5] = "杨文艳、查无此人"  # unknown co-signer
    rows[2][0] = "不存在的会议"  # bad session
    rows[3][3] = rows[4][3]  # the same title twice
    rows[4][8] = ""  # missing text
    rows.append([w.session.name, "建议", "第1号", "关于另一件事的提案", "杨文艳", "", "", w.category.name, "正文"])
    before = _count()
    response = _upload(login("office"), xlsx(PROPOSAL_HEADER, rows))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for expected in ("“无名氏”不是本类型的委员或代表", "“查无此人”不是本类型的委员或代表", "没有名为“不存在的会议”的会次",
                     "第5行在同一会次有相同标题", "“正文”为空", "本会次已有编号第1号", "会次“测试cppcc会议”属于另一类型"):
        assert expected in page, expected
    assert 'name="token"' not in page
    assert _count() == before


def test_only_the_office_imports(login, w):
    assert login("clerk").get("/office/imports/proposals").status_code == 403
    assert _upload(login("proposer"), b"x").status_code == 403


def test_a_file_that_is_no_workbook_is_refused(login, w):
    response = _upload(login("office"), b"%PDF-1.4 not a sheet")
    assert response.status_code == 400
    assert "请上传Excel工作簿" in response.get_data(as_text=True)
