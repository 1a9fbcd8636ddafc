"""The lists as XLSX (issue 10, Excel out): Chinese headers, dates as dates, frozen header, the
page's filters applied, only what the user may see, and no cell from user text starting a formula."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta

from openpyxl import load_workbook

from tests.factories import make_session
from workflow.clock import utcnow
from workflow.domain.deadlines import local_date, working_days_between
from workflow.extensions import db
from workflow.models import Clock
from workflow.services import calendar

HOSTILE = '=HYPERLINK("http://evil.example.com","点此")'


def _sheet(response):
    assert response.status_code == 200, response.data[:300]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data)).worksheets[0]


def _rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]


def test_the_proposal_list_follows_the_filter(login, w):
    filed = w.proposal("filed", title=HOSTILE)
    w.proposal("in_handling", title="关于第二件事的提案")
    w.proposal("submitted", author=w.deputy, title="关于人大的建议")
    sheet = _sheet(login("office").get(f"/proposals/export.xlsx?session={w.session.id}"))
    assert "提案" in sheet["A1"].value and w.session.name in sheet["A1"].value
    header = [c.value for c in sheet[2]]
    assert header[:4] == ["编号", "类型", "会次", "标题"]
    assert sheet.freeze_panes == "A3"
    rows = _rows(sheet)
    assert [r[0] for r in rows] == ["第1号", "第2号"]  # the NPC item is filtered out
    assert rows[0][3] == "'" + HOSTILE  # text, never a formula
    assert isinstance(rows[0][12], datetime) and rows[0][12].date() == date(2026, 3, 10)
    assert rows[1][10] == "市经信局" and rows[1][11] == "市财政局"
    assert filed.number == "第1号"


def test_a_member_exports_only_their_own(login, w):
    w.proposal("submitted", title="杨委员的提案")
    w.proposal("submitted", author=w.proposer2, title="戴委员的提案")
    rows = _rows(_sheet(login("proposer").get("/proposals/export.xlsx")))
    assert [r[3] for r in rows] == ["杨委员的提案"]


def test_the_assignment_list_of_a_bureau(login, w):
    w.proposal("in_handling")
    office_rows = _rows(_sheet(login("office").get(f"/bureau/assignments.xlsx?bureau={w.co.id}")))
    assert [(r[3], r[4]) for r in office_rows] == [("市财政局", "协办")]
    clerk_rows = _rows(_sheet(login("clerk").get(f"/bureau/assignments.xlsx?bureau={w.co.id}")))
    assert [(r[3], r[4]) for r in clerk_rows] == [("市经信局", "主办")]  # a clerk gets their own bureau's
    assert login("proposer").get("/bureau/assignments.xlsx").status_code == 403


def test_the_overdue_list(login, w):
    now = utcnow()
    late = w.proposal("in_handling", title="逾期的提案", now=now)
    w.proposal("in_handling", title="按期的提案", now=now)
    clock = db.session.execute(db.select(Clock).where(Clock.proposal_id == late.id, Clock.kind == "reply")).scalars().first()
    clock.due_date = local_date(now) - timedelta(days=10)
    db.session.commit()
    sheet = _sheet(login("office").get("/office/overdue.xlsx"))
    days = -working_days_between(local_date(now), clock.due_date, calendar.load())
    assert days >= 5
    assert [(r[1], r[3], r[5], r[7]) for r in _rows(sheet)] == [("逾期的提案", "市经信局", "答复", days)]
    assert [c.value for c in sheet[2]][7] == "逾期工作日数"
    assert _rows(_sheet(login("coclerk").get("/office/overdue.xlsx"))) == []  # the co bureau is not late


def test_the_handling_summary(login, w):
    w.proposal("in_handling")
    other = make_session("cppcc", name="另一会次")
    rows = _rows(_sheet(login("office").get(f"/office/handling.xlsx?session={w.session.id}")))
    assert [(r[0], r[3], r[4]) for r in rows] == [("第1号", "市经信局", "主办")]
    assert _rows(_sheet(login("office").get(f"/office/handling.xlsx?session={other.id}"))) == []
    assert login("clerk").get("/office/handling.xlsx").status_code == 403


def test_no_export_holds_a_formula_from_user_text(login, w):
    """Titles, names and bureau names that look like formulas stay text in every list."""
    w.lead.name, w.proposer.name, w.session.name = HOSTILE, "+1+2", "@SUM(A1:A9)"
    db.session.commit()
    now = utcnow()
    item = w.proposal("in_handling", title="-2+3", now=now)
    clock = db.session.execute(db.select(Clock).where(Clock.proposal_id == item.id, Clock.kind == "reply")).scalars().first()
    clock.due_date = local_date(now) - timedelta(days=10)
    db.session.commit()
    office = login("office")
    for url in ("/proposals/export.xlsx", f"/bureau/assignments.xlsx?bureau={w.lead.id}", "/office/overdue.xlsx",
                "/office/handling.xlsx", f"/proposals/export.xlsx?session={w.session.id}"):
        sheet = _sheet(office.get(url))
        values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert not [v for v in values if v[:1] in "=+-@"], url
        assert any(v.startswith("'") for v in values), url


def test_the_offices_assignment_list_has_a_sheet_per_bureau(login, w):
    w.proposal("in_handling")
    w.co.short_name = "财政:局"  # a character sheet names cannot hold
    db.session.commit()
    response = login("office").get("/bureau/assignments.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    assert [s.title for s in book.worksheets] == ["交办清单", "市经信局", "财政局"]
    assert [[c.value for c in row][3] for row in book["财政局"].iter_rows(min_row=2)] == ["市财政局"]
    assert book["财政局"].freeze_panes == "A2"


def test_the_office_chooses_a_bureau_to_export(login, w):
    w.proposal("in_handling")
    page = login("office").get("/bureau/assignments").get_data(as_text=True)
    assert 'data-testid="bureau-export"' in page and f'<option value="{w.co.id}">市财政局</option>' in page
    assert 'data-testid="bureau-export"' not in login("clerk").get("/bureau/assignments").get_data(as_text=True)
