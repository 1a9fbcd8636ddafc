"""The publication task on the work list page and in the navigation's counts: linked to the masked
preview where the reply is published, due and overdue like every task, gone once published."""
import re

import pytest

from tests.factories import World
from tests.public.support import credit_codes, sent_reply
from workflow.extensions import db
from workflow.services import settings


@pytest.fixture
def w(ctx):
    world = World()
    credit_codes(world)
    return world


def html(response) -> str:
    return response.get_data(as_text=True)


def task_row(page: str) -> str | None:
    found = re.search(r'<tr data-task="publish_reply">.*?</tr>', page, re.S)
    return found.group(0) if found else None


def test_the_office_is_led_from_its_work_list_to_publishing(w, login) -> None:
    reply = sent_reply(w)
    office = login("office")
    page = html(office.get("/"))
    row = task_row(page)
    assert row is not None and "在公开平台公开答复" in row
    assert f'href="/publishing/replies/{reply.id}"' in row
    # Sent on 2026-03-17, due 20 working days later; the wall clock is past it: overdue, in red.
    assert 'data-mark="overdue"><span class="dot" aria-hidden="true"></span>2026-04-15' in row
    assert 'data-testid="work-count">1<' in page and 'data-testid="overdue-count">1<' in page
    assert task_row(html(office.get("/?task=publish_reply"))) is not None
    response = office.post(f"/publishing/replies/{reply.id}", data={"action": "publish"})
    assert response.status_code == 302
    page = html(office.get("/"))
    assert task_row(page) is None and 'data-testid="work-count"' not in page


def test_the_bureau_does_not_see_it_in_office_mode(w, login) -> None:
    sent_reply(w)
    assert task_row(html(login("clerk").get("/"))) is None
    assert task_row(html(login("approver").get("/"))) is None


def test_in_bureau_mode_it_waits_on_the_bureau_not_the_office(w, login) -> None:
    settings.put("publication.publisher", "bureau")
    db.session.commit()
    reply = sent_reply(w)
    assert task_row(html(login("office").get("/"))) is None
    assert task_row(html(login("coclerk").get("/"))) is None
    clerk = login("clerk")
    clerk.post("/lang/en")
    row = task_row(html(clerk.get("/")))
    assert row is not None and "Publish the reply to the public portal" in row
    assert f'href="/publishing/replies/{reply.id}"' in row
