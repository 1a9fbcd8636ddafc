"""Document numbers under racing approvals (SPEC 5): many approvals at once, each in its own
thread, app context and database session, get exactly 1..N, no gap, no duplicate. On PostgreSQL
the counter row's lock orders them; on SQLite the database's write lock does."""
import threading

import pytest
from sqlalchemy import select

from tests.factories import NOW, World
from tests.handling_support import LATER, draft, lead_of
from workflow.extensions import db
from workflow.models import Counter, Reply, User
from workflow.services import approval, assignment, counters, settings

N = 12


def _run_at_once(app, work, n):
    """Run work(i) in n threads released together; return the exceptions raised."""
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(i):
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                work(i)
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.fixture
def awaiting(ctx):
    """N replies of one bureau awaiting approval, committed."""
    w = World()
    settings.put("contact_before_reply", False)
    ids = []
    for i in range(N):
        proposal = w.proposal("in_handling", title=f"并发测试第{i}件")
        assignment.receive(w.clerk, lead_of(proposal).id, NOW)
        reply = draft(w, proposal)
        approval.submit(w.clerk, reply.id, LATER, confirm_missing_opinions=True)
        ids.append(reply.id)
    db.session.commit()
    return w, ids


def test_concurrent_approvals_number_1_to_n(app, awaiting):
    w, ids = awaiting
    approver_id = w.approver.id

    def approve(i):
        approval.approve(db.session.get(User, approver_id), ids[i], LATER)

    errors = _run_at_once(app, approve, N)
    assert errors == []
    db.session.expire_all()
    replies = db.session.execute(select(Reply).where(Reply.id.in_(ids))).scalars().all()
    assert sorted(r.doc_seq for r in replies) == list(range(1, N + 1))
    assert len({r.doc_number for r in replies}) == N
    assert all(r.state == "approved" for r in replies)
    scope = f"docnum:{w.lead.id}:{w.lead.prefix_cppcc}:2026"
    assert db.session.get(Counter, scope).value == N


def test_racing_transactions_create_the_same_counter_row_once(app, ctx):
    scope = "race:new-series"
    values: list[int] = []

    def draw(i):
        values.append(counters.next_value(scope))
        db.session.commit()

    errors = _run_at_once(app, draw, 8)
    assert errors == []
    assert sorted(values) == list(range(1, 9))
    db.session.expire_all()
    assert db.session.get(Counter, scope).value == 8


def test_a_rolled_back_approval_gives_its_number_back(app, awaiting):
    w, ids = awaiting
    approval.approve(w.approver, ids[0], LATER)
    counters.next_value(f"docnum:{w.lead.id}:{w.lead.prefix_cppcc}:2026")  # drawn, then rolled back
    db.session.rollback()
    second = approval.approve(db.session.get(User, w.approver.id), ids[1], LATER)
    assert second.doc_seq == 2
