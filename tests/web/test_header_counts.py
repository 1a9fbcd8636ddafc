"""The header's task badges (web.header_counts, issue 13): a page other than the work list shows
the user's last count for WORK_COUNTS_SECONDS without counting the open work again; the work list
counts afresh, any change the user makes drops the kept count, and a kept count expires."""
import re
from datetime import timedelta

import pytest

from tests.factories import World
from tests.sql_support import page_and_statements as get
from workflow.clock import utcnow


@pytest.fixture
def w(ctx, app, monkeypatch):
    monkeypatch.setitem(app.config, "WORK_COUNTS_SECONDS", 60)
    return World()


def badge(page: str) -> int:
    found = re.search(r'data-testid="work-count">(\d+)<', page)
    return int(found.group(1)) if found else 0


def counted(statements: list[str]) -> bool:
    """Whether the open work was counted: the grouped count over the union of task sources."""
    return any("count(*)" in s and "tasks.task" in s for s in statements)


def test_a_list_page_shows_the_kept_count_and_the_work_list_counts_afresh(w, login):
    w.proposal("in_handling", now=utcnow())
    clerk = login("clerk")
    page, seen = get(clerk, "/")
    assert badge(page) == 1 and counted(seen)
    w.proposal("in_handling", now=utcnow())  # assigned meanwhile by the office

    page, seen = get(clerk, "/bureau/assignments")
    assert badge(page) == 1 and not counted(seen)
    page, seen = get(clerk, "/")
    assert badge(page) == 2 and counted(seen)


def test_a_change_of_the_users_own_drops_the_kept_count(w, login):
    w.proposal("in_handling", now=utcnow())
    clerk = login("clerk")
    assert badge(get(clerk, "/")[0]) == 1
    w.proposal("in_handling", now=utcnow())
    clerk.post("/lang/zh_Hans", data={"next": "/"})  # any POST of the user's

    page, seen = get(clerk, "/bureau/assignments")
    assert badge(page) == 2 and counted(seen)


def test_a_kept_count_expires(w, login, monkeypatch):
    w.proposal("in_handling", now=utcnow())
    clerk = login("clerk")
    assert badge(get(clerk, "/")[0]) == 1
    w.proposal("in_handling", now=utcnow())
    later = utcnow() + timedelta(seconds=61)
    monkeypatch.setattr("workflow.web.utcnow", lambda: later)

    page, seen = get(clerk, "/bureau/assignments")
    assert badge(page) == 2 and counted(seen)


def test_without_keeping_every_page_counts(w, app, login):
    app.config["WORK_COUNTS_SECONDS"] = 0
    w.proposal("in_handling", now=utcnow())
    clerk = login("clerk")
    get(clerk, "/")
    w.proposal("in_handling", now=utcnow())
    page, seen = get(clerk, "/bureau/assignments")
    assert badge(page) == 2 and counted(seen)
