"""GET /api/v1/figures: the office's figures as JSON, the same filters and rules as the page."""
import pytest

from tests.figures_support import ASKED_AT, build


@pytest.fixture
def built(world, monkeypatch):
    monkeypatch.setattr("workflow.api.figures.utcnow", lambda: ASKED_AT)
    build(world)
    return world


def test_the_office_reads_the_figures(api, built):
    body = api(built.office).get("figures").get_json()
    totals = body["totals"]
    assert (totals["assigned"], totals["filed"], totals["closed"], totals["completion_rate"]) == (5, 6, 2, 33.3)
    assert (totals["satisfied"], totals["basically_satisfied"], totals["satisfied_or_basically"]) == (1, 1, 2)
    assert (totals["satisfied_rate"], totals["basically_satisfied_rate"], totals["satisfaction_rate"]) == (
        33.3, 33.3, 66.7)
    co = body["co_handling"]
    assert co["totals"] == {"assigned": 3, "given": 2, "on_time": 1, "on_time_rate": 50.0}
    assert [(b["bureau"]["name"], b["given"], b["on_time"], b["on_time_rate"]) for b in co["bureaus"]] == [
        ("市财政局", 2, 1, 50.0), ("市教育局", 0, 0, None)]
    lead, other = body["bureaus"]
    assert lead["bureau"]["name"] == "市经信局"
    assert (lead["on_time_rate"], lead["contact_rate"], lead["satisfaction_rate"], lead["average_days"]) == (
        75.0, 50.0, 66.7, 8.0,
    )
    assert lead["categories"]["A"] == {"count": 2, "share": 66.7}
    assert other["overdue"] == 1 and other["on_time_rate"] is None and other["categories"]["A"]["share"] is None
    key = api(built.office).get("figures?key=true").get_json()
    assert [b["bureau"]["name"] for b in key["bureaus"]] == ["市经信局"] and key["filter"]["key"] is True


def test_refusals(api, built):
    assert api(built.clerk).get("figures").status_code == 403
    assert api().get("figures").status_code == 401
    response = api(built.office).get("figures?channel=xyz&session=abc")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid"


def test_described_in_openapi(api, built):
    document = api().get("openapi.json").get_json()
    assert "/api/v1/figures" in document["paths"] and "Figures" in document["components"]["schemas"]
    assert "co_handling" in document["components"]["schemas"]["Figures"]["properties"]
    assert "basically_satisfied" in document["components"]["schemas"]["FigureCounts"]["properties"]
