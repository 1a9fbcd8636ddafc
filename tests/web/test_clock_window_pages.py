"""A reassignment window that has passed reads as closed, never as overdue: on the proposal page,
under "overdue only" and in the overdue count of the work list; a task past its date next to it
still is overdue, in red."""
import re
from datetime import timedelta

from sqlalchemy import select

from tests.handling_support import lead_of
from workflow.clock import utcnow
from workflow.domain.deadlines import local_date
from workflow.extensions import db
from workflow.models import Clock


def html(response) -> str:
    return response.get_data(as_text=True)


def clocks_table(page: str) -> str:
    return re.search(r'<table data-testid="clocks">.*?</table>', page, re.S).group(0)


def set_due(proposal, **days_from_today) -> dict[str, Clock]:
    """Move the lead bureau's clocks: kind=days from today (others a month ahead)."""
    today = local_date(utcnow())
    clocks = db.session.execute(
        select(Clock).where(Clock.assignment_id == lead_of(proposal).id)
    ).scalars().all()
    for clock in clocks:
        clock.due_date = today + timedelta(days=days_from_today.get(clock.kind, 30))
        clock.provisional = False
    db.session.commit()
    return {c.kind: c for c in clocks}


def test_a_past_reassignment_window_is_closed_not_overdue(login, w):
    proposal = w.proposal("in_handling", now=utcnow())
    window = set_due(proposal, reassign_window=-3)["reassign_window"].due_date
    client = login("clerk")

    page = html(client.get(f"/proposals/{proposal.id}"))
    clocks = clocks_table(page)
    assert f'<span class="due closed">{window.isoformat()} · 已截止</span>' in clocks
    assert "due overdue" not in clocks and "逾期" not in clocks
    assert 'data-testid="overdue-count"' not in page  # the work list counts nothing overdue
    link = f'href="/proposals/{proposal.id}"'
    assert link not in html(client.get("/proposals/?overdue=1"))
    assert link in html(client.get("/proposals/"))

    client.post("/lang/en")
    clocks = clocks_table(html(client.get(f"/proposals/{proposal.id}")))
    assert f'<span class="due closed">{window.isoformat()} · closed</span>' in clocks


def test_a_task_past_its_date_beside_it_is_overdue(login, w):
    proposal = w.proposal("in_handling", now=utcnow())
    receipt = set_due(proposal, reassign_window=-3, receipt=-3)["receipt"].due_date
    client = login("clerk")

    page = html(client.get(f"/proposals/{proposal.id}"))
    assert f'<span class="due overdue">{receipt.isoformat()} · 逾期</span>' in clocks_table(page)
    assert 'data-testid="overdue-count">1<' in page  # signing for it is overdue; the window is not
    assert f'href="/proposals/{proposal.id}"' in html(client.get("/proposals/?overdue=1"))
    worklist = html(client.get("/"))
    # The work list's mark: red, and in words (templates/macros.html due_left).
    assert f'data-mark="overdue"><span class="dot" aria-hidden="true"></span>{receipt.isoformat()}' in worklist
    assert '<span class="left">逾期' in worklist
