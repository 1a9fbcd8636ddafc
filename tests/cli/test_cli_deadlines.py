"""flask deadlines sweep / send / reschedule: the beat job's code from the command line."""
import pytest
from sqlalchemy import func, select

from tests.factories import World
from workflow.extensions import db
from workflow.models import Clock, MailboxMessage, Notification


@pytest.fixture
def runner(ctx):
    return ctx.test_cli_runner()


@pytest.fixture
def w(ctx):
    world = World()
    world.clerk.email, world.coclerk.email = "clerk@example.gov.cn", "coclerk@example.gov.cn"
    db.session.commit()
    return world


def test_sweep_writes_and_sends(runner, w):
    w.proposal("in_handling")  # the receipt clocks remind one working day before 03-13
    result = runner.invoke(args=["deadlines", "sweep", "--now", "2026-03-12T09:01+08:00"])
    assert result.exit_code == 0, result.output
    assert "2 clock(s) due, 2 notification(s) written" in result.output
    # Sending sends every pending row: the two reminders, and the assignment's notices to the clerks.
    assert "4 notification(s) sent, 0 to retry, 0 failed" in result.output
    db.session.expire_all()
    assert db.session.execute(select(func.count()).select_from(MailboxMessage)).scalar_one() == 4
    again = runner.invoke(args=["deadlines", "sweep", "--now", "2026-03-12T09:01+08:00"])
    assert "0 clock(s) due, 0 notification(s) written" in again.output


def test_sweep_without_sending_leaves_rows_pending_for_send(runner, w):
    w.proposal("in_handling")
    runner.invoke(args=["deadlines", "sweep", "--no-send", "--now", "2026-03-12T09:01+08:00"])
    db.session.expire_all()
    # The proposer, who has no e-mail address, hears of the assignment on the bell only (skipped).
    states = db.session.execute(select(Notification.state, Notification.last_error)).all()
    assert {state for state, _error in states} == {"pending", "skipped"}
    assert {error for state, error in states if state == "skipped"} == {"no e-mail address"}
    result = runner.invoke(args=["deadlines", "send"])
    assert "4 notification(s) sent" in result.output  # with the assignment's notices to the clerks


def test_a_naive_time_is_refused(runner, w):
    result = runner.invoke(args=["deadlines", "sweep", "--now", "2026-03-12T09:01"])
    assert result.exit_code != 0 and "time zone" in result.output


def test_reschedule_missing_fills_clocks_from_before_the_upgrade(runner, w):
    w.proposal("in_handling")
    db.session.execute(Clock.__table__.update().values(next_remind_at=None))
    db.session.commit()
    result = runner.invoke(args=["deadlines", "reschedule", "--missing"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    running = db.session.execute(select(Clock).where(Clock.stopped_at.is_(None))).scalars().all()
    reminding = [c for c in running if c.kind != "reassign_window"]
    assert reminding and all(c.next_remind_at is not None for c in reminding)
    assert f"{len(reminding)} clock(s) rescheduled" in result.output
