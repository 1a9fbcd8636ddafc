"""The stored work list (services/work_tasks.py): after each commit, exactly the rows the task
sources give, whichever table the change touched; what a transaction changed shows on its own
reads before the commit and goes with a rollback; a rebuild follows a change of the sources.

Each case below changes one kind of row only, so it fails when that kind is not watched (the
state machine of test_owner_invariant.py changes several at a time); tests/conftest.py checks
the same invariant at the end of every test of the suite."""
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from tests.factories import NOW, World, make_user
from tests.handling_support import LATER, lead_of, reply_sent
from tests.security.test_races import _meet_after
from tests.services.test_concurrency import _run_at_once
from tests.work_list_support import differences
from workflow.domain.calendar import CalendarEntry
from workflow.extensions import db
from workflow.models import Proposal, User, WorkTask
from workflow.services import (
    assignment,
    calendar,
    feedback,
    review,
    settings,
    submission,
    work_tasks,
    worklist,
)
from workflow.services.feedback import FeedbackInput

NONE = (Counter(), Counter())


@pytest.fixture
def w(ctx):
    return World()


def tasks(user, now=LATER) -> list[str]:
    return sorted(i.task for i in worklist.items(user, now))


def joint_reply_sent(w, *others):
    """A joint proposal (proposer2 co-signed, and any `others`) whose reply was sent."""
    proposal = w.draft(author_kind="joint", cosigner_ids=[w.proposer2.id, *(u.id for u in others)])
    submission.submit(w.proposer, proposal.id, NOW)
    assert tasks(w.proposer2) == ["cosign"]
    submission.answer_cosign(w.proposer2, proposal.id, True, NOW)  # a co-signer row only
    db.session.commit()
    assert differences() == NONE and tasks(w.proposer2) == []
    for other in others:
        submission.answer_cosign(other, proposal.id, True, NOW)
    return reply_sent(w, proposal)


def test_a_co_signers_rating_takes_the_task_off_that_member_only(w):
    reply = joint_reply_sent(w)
    assert tasks(w.proposer) == ["rate_reply"] and tasks(w.proposer2) == ["rate_reply"]
    rating = FeedbackInput("unsatisfied", "basically_satisfied", "unsatisfied", "问题没有解决")
    feedback.rate(w.proposer2, reply.id, rating, LATER)  # a rating row only
    db.session.commit()
    assert differences() == NONE
    assert tasks(w.proposer) == ["rate_reply"] and tasks(w.proposer2) == []


def test_two_co_signers_rating_at_once_leave_the_proposers_task_once(app, w, monkeypatch):
    """Two transactions change one item at once, each writing its tasks again: the item's row
    lock makes the second wait and then select what the first committed. Without it, the second
    kept the first's rows beside its own (PostgreSQL, READ COMMITTED). SQLite lets one writer
    at a time: there the second could not even flush before the first committed."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite runs one writing transaction at a time (.ci/run runs it on PostgreSQL)")
    third = make_user("member3")
    reply = joint_reply_sent(w, third)
    db.session.commit()
    members = [w.proposer2.id, third.id]
    _meet_after(work_tasks, "_refreshing", monkeypatch)  # both flushed, neither has written its tasks
    rating = FeedbackInput("unsatisfied", "basically_satisfied", "unsatisfied", "问题没有解决")
    errors = _run_at_once(app, lambda i: feedback.rate(db.session.get(User, members[i]), reply.id, rating, LATER), 2)
    assert errors == []
    db.session.expire_all()
    assert differences() == NONE
    assert tasks(w.proposer) == ["rate_reply"] and tasks(w.proposer2) == [] and tasks(third) == []


def test_a_due_date_moved_by_the_calendar_moves_the_task(w):
    """A new year's holidays move a provisional due date: only clock rows change."""
    late = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # three months on lands in 2027, not yet in the calendar
    proposal = w.proposal("in_handling", now=late)
    assignment.receive(w.clerk, lead_of(proposal).id, late)

    def reply_task():
        found = [(i.due, i.provisional) for i in worklist.items(w.clerk, late) if i.task == "draft_reply"]
        return found[0] if found else None

    assert reply_task() == (date(2027, 2, 2), True)
    holidays = [CalendarEntry(date(2027, 2, d), "holiday", "春节") for d in range(1, 6)]
    calendar.import_year(2027, holidays, late + timedelta(days=1), w.admin, confirm_missing=True)
    assert differences() == NONE and reply_task() == (date(2027, 2, 8), False)


def test_a_transaction_reads_its_own_changes_and_a_rollback_takes_them_away(w):
    proposal = w.proposal("submitted")
    assert tasks(w.office) == ["start_review"]
    review.start_review(w.office, proposal.id, NOW)
    db.session.commit()
    proposal = db.session.get(Proposal, proposal.id)
    proposal.state = "filed"  # by hand, not committed
    assert tasks(w.office) == ["assign"]
    db.session.rollback()
    assert tasks(w.office) == ["review"] and differences() == NONE


def test_a_rebuild_writes_what_a_bulk_load_left_out_and_follows_a_change_of_the_sources(ctx):
    w = World()
    proposal = w.proposal("submitted")
    db.session.execute(insert(WorkTask).values(task="review", proposal_id=proposal.id, principal_only=False))
    db.session.commit()  # a row no source gives: as a load that bypassed the session would leave
    assert differences() != NONE
    runner = ctx.test_cli_runner()
    assert work_tasks.stale(db.session)  # never rebuilt with these sources
    result = runner.invoke(args=["worklist", "rebuild", "--if-stale"])
    assert result.exit_code == 0 and "stored 1 open tasks" in result.output
    assert differences() == NONE and not work_tasks.stale(db.session)
    assert "up to date" in runner.invoke(args=["worklist", "rebuild", "--if-stale"]).output
    settings.put(work_tasks.STAMP, "older code")
    db.session.commit()
    assert work_tasks.stale(db.session)
