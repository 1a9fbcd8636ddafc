"""/office/figures: the office's figures page, its filters, charts and XLSX download (SPEC 6)."""
import io
import re

import pytest
from openpyxl import load_workbook

from tests.figures_support import ASKED_AT, build


@pytest.fixture
def world(w, monkeypatch):
    monkeypatch.setattr("workflow.office.figures.utcnow", lambda: ASKED_AT)
    w.items = build(w)
    return w


def html(response) -> str:
    return response.get_data(as_text=True)


def cells(page: str, testid: str) -> list[list[str]]:
    table = re.search(rf'data-testid="{testid}">(.*?)</table>', page, re.S).group(1)
    body = table.split("<tbody>")[1]
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_office_sees_totals_bureaus_and_charts_in_chinese(login, world):
    client = login("office")
    page = html(client.get("/office/figures"))
    assert 'data-testid="nav-figures"' in page
    assert "按期答复率" in page and "满意率" in page and "办结率" in page
    # 交办, 已答复, 立案, 办结, 办结率, 答复, 按期率, 逾期, 平均天数, 沟通率, 反馈, 满意, 基本满意, 两者合计,
    # 满意占比, 基本满意占比, 满意率 (两者), A, B, C
    assert cells(page, "figures-totals") == [
        ["5", "3", "6", "2", "33.3%", "4", "75.0%", "1", "8.0", "50.0%", "3", "1", "1", "2", "33.3%", "33.3%",
         "66.7%", "66.7%", "33.3%", "0.0%"]
    ]
    assert cells(page, "figures-bureaus") == [
        ["市经信局", "4", "3", "4", "2", "50.0%", "4", "75.0%", "0", "8.0", "50.0%", "3", "1", "1", "2", "33.3%",
         "33.3%", "66.7%", "66.7%", "33.3%", "0.0%"],
        ["市教育局", "1", "0", "1", "0", "0.0%", "0", "—", "1", "—", "—", "0", "0", "0", "0", "—", "—", "—", "—", "—",
         "—"],
    ]
    # 协办件数, 已提交意见, 按期提交, 按期提交率
    assert cells(page, "figures-co") == [
        ["市财政局", "2", "2", "1", "50.0%"], ["市教育局", "1", "0", "0", "—"], ["全部协办单位", "3", "2", "1", "50.0%"],
    ]
    assert "满意" in page and "基本满意" in page and "协办" in page
    for chart in ("chart-on-time", "chart-satisfaction", "chart-share"):
        svg = re.search(rf'<svg[^>]*data-testid="{chart}".*?</svg>', page, re.S).group(0)
        assert "<title" in svg and "<desc" in svg and 'role="img"' in svg and "style=" not in svg
    assert "<script>" not in page and " style=" not in page
    client.post("/lang/en")
    page = html(client.get("/office/figures"))
    assert "On-time rate" in page and "Satisfaction rate" in page


def test_filters_narrow_the_figures(login, world):
    client = login("office")
    page = html(client.get(f"/office/figures?bureau={world.other.id}&key=1"))
    assert 'data-testid="figures-none"' in page and 'data-testid="figures-co-none"' in page
    page = html(client.get(f"/office/figures?bureau={world.other.id}"))
    assert cells(page, "figures-co") == [["市教育局", "1", "0", "0", "—"], ["全部协办单位", "1", "0", "0", "—"]]
    page = html(client.get(f"/office/figures?bureau={world.other.id}"))
    assert [row[0] for row in cells(page, "figures-bureaus")] == ["市教育局"]
    page = html(client.get(f"/office/figures?session={world.session.id}&channel=cppcc&category={world.category.id}"))
    assert cells(page, "figures-totals")[0][:5] == ["5", "3", "6", "2", "33.3%"]


def test_unknown_filter_values_are_left_out_visibly(login, world):
    client = login("office")
    response = client.get("/office/figures?session=99999&channel=xyz&bureau=abc&category=-1&key=yes")
    assert response.status_code == 200
    page = html(response)
    notice = re.search(r'data-testid="figures-ignored">(.*?)</div>', page, re.S).group(1)
    assert all(word in notice for word in ("会次", "承办单位", "分类", "类型", "重点"))
    assert cells(page, "figures-totals")[0][0] == "5"  # the rest of the page: all items


@pytest.mark.parametrize("who", ["clerk", "approver", "proposer"])
def test_others_are_refused(login, world, who):
    client = login(who)
    assert client.get("/office/figures").status_code == 403
    assert client.get("/office/figures.xlsx").status_code == 403
    assert 'data-testid="nav-figures"' not in html(client.get("/"))


def test_the_workbook_reads_back(login, world):
    client = login("office")
    response = client.get(f"/office/figures.xlsx?session={world.session.id}")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["合计", "按承办单位", "协办"]
    totals, bureaus, co = book["合计"], book["按承办单位"], book["协办"]
    assert "测试cppcc会议" in totals["A1"].value and "2026-03-25" in totals["A1"].value
    headers = [c.value for c in totals[2]]
    assert headers[:6] == ["承办单位", "交办件数", "已答复", "立案件数", "已办结", "办结率"]
    assert headers[12:18] == ["满意", "基本满意", "满意和基本满意", "满意占比", "基本满意占比", "满意率"]
    assert headers[-3:] == ["A类占比", "B类占比", "C类占比"]
    row = [c.value for c in totals[3]]
    assert row[1:5] == [5, 3, 6, 2] and row[5] == pytest.approx(2 / 6, abs=0.001)
    assert totals["F3"].number_format == "0.0%"
    assert row[12:15] == [1, 1, 2] and row[17] == pytest.approx(0.667)
    rows = [[c.value for c in r] for r in bureaus.iter_rows(min_row=3)]
    assert [r[0] for r in rows] == ["市经信局", "市教育局"]
    assert rows[0][7] == pytest.approx(0.75) and rows[0][9] == pytest.approx(8.0)
    assert rows[1][7] == "—"  # no reply sent: nothing to measure
    assert [c.value for c in co[2]] == ["承办单位", "协办件数", "已提交意见", "按期提交", "按期提交率"]
    assert [[c.value for c in r] for r in co.iter_rows(min_row=3)] == [
        ["全部协办单位", 3, 2, 1, 0.5], ["市财政局", 2, 2, 1, 0.5], ["市教育局", 1, 0, 0, "—"],
    ]
