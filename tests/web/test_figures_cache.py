"""The office's figures are kept a short time per filter (services/figures_cache.py): a second
reading within FIGURES_CACHE_SECONDS runs none of their grouped queries, another filter is
computed on its own, and only those who may see the figures get them from the cache."""
import re

import pytest

from tests.figures_support import ASKED_AT, build
from tests.sql_support import page_and_statements as statements
from workflow.services import figures_cache


@pytest.fixture
def world(w, app, monkeypatch):
    monkeypatch.setattr("workflow.office.figures.utcnow", lambda: ASKED_AT)
    monkeypatch.setitem(app.config, "FIGURES_CACHE_SECONDS", 60)
    figures_cache.forget()
    w.items = build(w)
    yield w
    figures_cache.forget()


def tables(page: str) -> list[str]:
    return re.findall(r"<table.*?</table>", page, re.S)


def grouped(seen: list[str]) -> int:
    return sum("GROUP BY assignments.bureau_id" in s for s in seen)


def test_the_figures_are_kept_per_filter_for_a_short_time(world, login):
    office = login("office")
    first, seen = statements(office, "/office/figures")
    computed = grouped(seen)
    assert computed >= 3  # the grouped aggregates by bureau (services/figures.py)
    again, seen = statements(office, "/office/figures")
    assert grouped(seen) == 0 and tables(again) == tables(first) != []
    _page, seen = statements(office, f"/office/figures?bureau={world.lead.id}")
    assert grouped(seen) == computed  # another filter, computed on its own
    figures_cache.forget()
    _page, seen = statements(office, "/office/figures")
    assert grouped(seen) == computed


def test_the_cache_answers_only_those_who_may_see_the_figures(world, login):
    login("office").get("/office/figures")
    assert login("clerk").get("/office/figures").status_code == 403
