"""The work list and the bureau's list as pages (issues 9 §10 and 13): paged with the filters kept,
counts by kind of task, each row's status as it really stands and its due date with the working
days left and a red/amber/green mark in words."""
import re

import pytest

from tests.factories import World
from tests.handling_support import LATER, lead_of, sent
from workflow.clock import utcnow
from workflow.services import assignment_list, feedback, submission, worklist
from workflow.services.feedback import FeedbackInput


@pytest.fixture
def w(ctx):
    return World()


def html(response) -> str:
    return response.get_data(as_text=True)


def rows(page: str, testid: str) -> list[str]:
    table = re.search(rf'<table data-testid="{testid}">.*?</table>', page, re.S).group(0)
    return re.findall(r"<tr[^>]*>.*?</tr>", table.split("<tbody>")[1], re.S)


def test_the_work_list_is_paged_and_keeps_its_filters(w, login, monkeypatch):
    monkeypatch.setattr(worklist, "PAGE_SIZE", 2)
    for n in range(3):
        draft = w.draft(title=f"关于第{n}件事的建议", now=utcnow())
        submission.submit(w.proposer, draft.id, utcnow())
    office = login("office")
    first = html(office.get("/?task=start_review&sort=title"))
    assert len(rows(first, "worklist")) == 2 and "共3条" in first
    assert 'href="/?task=start_review&amp;sort=title&amp;page=2"' in first
    second = html(office.get("/?task=start_review&sort=title&page=2"))
    assert [re.search(r"关于第(\d)件", r).group(1) for r in rows(second, "worklist")] == ["2"]
    # The kind of task shows its count; the header counts every task, not only this page's.
    assert '<option value="start_review" selected>' in first and "(3)</option>" in first
    assert 'data-testid="work-count">3<' in first


def test_a_row_shows_the_working_days_left_and_its_mark(w, login):
    w.proposal("in_handling", now=utcnow())
    page = html(login("clerk").get("/"))
    (row,) = rows(page, "worklist")
    assert 'data-task="receive"' in row and 'data-mark="due_soon"' in row  # 3 working days to sign for it
    assert "个工作日" in row and 'data-stage="pending_receipt"' in row


def test_the_status_columns_tell_the_truth(w, login):
    reply = sent(w)
    clerk = login("clerk")
    (row,) = rows(html(clerk.get("/bureau/assignments")), "assignment-list")
    assert 'data-stage="replied"' in row and "已答复" in row  # not 已签收 once the reply is sent
    assert rows(html(login("coclerk").get("/bureau/assignments")), "assignment-list")[0].count('data-stage="replied"')
    feedback.rate(w.proposer, reply.id, FeedbackInput("satisfied", "satisfied", "satisfied", ""), LATER)
    (row,) = rows(html(clerk.get("/bureau/assignments")), "assignment-list")
    assert 'data-stage="closed"' in row and "已办结" in row
    assert assignment_list.assignments(w.clerk, utcnow()).items[0].assignment.id == lead_of(reply.proposal).id
