"""A list of proposals counts its rows up to queries.COUNT_CAP (a search up to SEARCH_COUNT_CAP) and
then says "more than" (issue 13): what a page costs follows the page, not ten years of items. The
page and the API agree; below the cap the count is exact, and every row stays reachable page by
page."""
import pytest

from workflow.clock import utcnow
from workflow.services import queries, submission


@pytest.mark.parametrize("items, capped", [(2, False), (3, True)])
def test_the_list_counts_up_to_the_cap(world, api, login, monkeypatch, items, capped):
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    for n in range(items):
        submission.submit(world.proposer, world.draft(title=f"关于第{n}件事的建议", now=utcnow()).id, utcnow())

    page = login("office").get("/proposals/").get_data(as_text=True)
    assert ("超过2条" in page) is capped and ("共2条" in page) is not capped
    body = api(world.office).get("proposals?per_page=1").get_json()
    assert body["total"] == 2 and body["total_is_lower_bound"] is capped
    seen = {p["id"] for n in (1, 2, 3) for p in api(world.office).get(f"proposals?per_page=1&page={n}").get_json()["items"]}
    assert len(seen) == items


def test_a_search_counts_up_to_its_own_cap(world, api, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 5)
    monkeypatch.setattr(queries, "SEARCH_COUNT_CAP", 2)
    for n in range(3):
        submission.submit(world.proposer, world.draft(title=f"关于第{n}件事的建议", now=utcnow()).id, utcnow())
    office = api(world.office)
    listed, searched = office.get("proposals").get_json(), office.get("proposals?q=件事").get_json()
    assert (listed["total"], listed["total_is_lower_bound"]) == (3, False)
    assert (searched["total"], searched["total_is_lower_bound"]) == (2, True)
