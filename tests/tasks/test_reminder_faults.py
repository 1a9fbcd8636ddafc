"""The faults reminders survive, each against the real broker (the SQLite file broker, or Redis when
REDIS_URL is set), a real Celery worker in a process of its own, and a real SMTP server:

- the worker is killed in the middle of sending: after restart every reminder arrives, none twice;
- the broker loses its data: pending rows are sent again from the database;
- the SMTP server is down for a while: everything is delivered once it is back;
- two sweeps run at the same moment: no duplicates;
- the calendar gains a new year: provisional due dates move and reminders follow them.

The worker runs `tests/tasks/worker_app.py` on a queue of its own, so no other worker takes its
tasks. Times are passed explicitly and retry delays are short (TestConfig), so each takes seconds.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from kombu import Exchange, Queue
from sqlalchemy import func, select, text

import tasks.notifications  # noqa: F401 - registers the task names this test sends
from tests.factories import REMINDERS, World, give_emails
from tests.smtp_sink import SmtpSink
from workflow.domain.calendar import CalendarEntry
from workflow.domain.deadlines import SHANGHAI
from workflow.extensions import db
from workflow.models import Clock, Notification
from workflow.services import calendar, delivery, reminders

pytestmark = pytest.mark.worker

ROOT = Path(__file__).resolve().parents[2]
QUEUE = f"faults-{uuid.uuid4().hex[:8]}"
SWEEP, REQUEUE = "tasks.notifications.sweep", "tasks.notifications.requeue"


def at(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=SHANGHAI)


class Worker:
    """`celery worker` in its own process group, so SIGKILL takes it down at once."""

    def __init__(self, app, sink: SmtpSink, tmp: Path):
        config = app.config
        self.overrides = {
            "SQLALCHEMY_DATABASE_URI": config["SQLALCHEMY_DATABASE_URI"],
            "CELERY_BROKER_URL": config["CELERY_BROKER_URL"],
            "CELERY_RESULT_BACKEND": config["CELERY_RESULT_BACKEND"],
            "RATELIMIT_STORAGE_URI": "memory://",
            "MAIL_SERVER": sink.host,
            "MAIL_PORT": sink.port,
            "MAIL_TIMEOUT": 5,
            "CELERY_OVERRIDES": {"task_default_queue": QUEUE},
        }
        self.tmp = tmp
        self.args: list[str] = []  # more options of `celery worker` (-B for an embedded beat)
        self.process: subprocess.Popen | None = None
        self.log: list[str] = []
        self._ready = threading.Event()

    def start(self) -> Worker:
        env = {**os.environ, "WORKFLOW_TEST_OVERRIDES": json.dumps(self.overrides), "PYTHONPATH": str(ROOT),
               "WORKFLOW_VAR_DIR": str(self.tmp)}
        self._ready.clear()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tests.tasks.worker_app.celery", "worker", "--pool=solo",
             "-Q", QUEUE, "-n", f"{QUEUE}-{uuid.uuid4().hex[:4]}@%h", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--loglevel=INFO", *self.args],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()
        if not self._ready.wait(60):
            self.kill()
            raise AssertionError("the worker did not start:\n" + "".join(self.log[-40:]))
        return self

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.log.append(line)
            if " ready." in line:
                self._ready.set()


@pytest.fixture
def sink():
    server = SmtpSink()
    yield server
    server.release()
    server.stop()


@pytest.fixture
def worker(app, celery_app, sink, tmp_path):
    with celery_app.connection_for_write() as conn:  # declare the queue before the worker races for it
        Queue(QUEUE, Exchange(QUEUE), routing_key=QUEUE)(conn.default_channel).declare()
    process = Worker(app, sink, tmp_path)
    yield process
    process.kill()  # tasks are safe to cut short; a warm shutdown would only cost seconds


@pytest.fixture
def w(ctx):
    world = World()
    give_emails(world.clerk, world.approver, world.coclerk, world.office)
    return world


def send(celery_app, name: str, *args) -> None:
    celery_app.send_task(name, args=list(args), queue=QUEUE)


def enqueue(celery_app, report) -> None:
    """What the sweep task does after a sweep, onto this test's queue."""
    for chunk in delivery.chunks(sorted(report.single_ids), 50):
        send(celery_app, delivery.DELIVER_TASK, chunk)
    for recipient_id in sorted(report.digest_recipients):
        send(celery_app, delivery.DELIVER_DIGEST_TASK, recipient_id)


def sent_states() -> dict[int, str]:
    db.session.rollback()
    return dict(db.session.execute(select(Notification.id, Notification.state).where(REMINDERS)).all())


def wait_until(condition, timeout: float = 30, what: str = "condition", worker: Worker | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        if condition():
            return
        time.sleep(0.1)
    log = "".join(worker.log[-60:]) if worker else ""
    raise AssertionError(f"timed out waiting for {what}\n{log}")


def assert_each_delivered_once(sink: SmtpSink, ids: list[int]) -> None:
    time.sleep(1)  # a late duplicate would arrive within the retry delays
    received = sink.notification_ids()
    assert sorted(received) == sorted(ids), (sorted(received), sorted(ids))
    assert set(sent_states().values()) == {"sent"}


def assigned(w, n: int) -> None:
    for i in range(n):
        w.proposal("in_handling", title=f"关于第{i + 1}项民生实事的建议")
    # The assignments' notices to the clerks went out when they were made (their delivery is
    # tested in test_notice_delivery.py); settled here, so these faults concern the reminders alone.
    db.session.execute(Notification.__table__.update().where(~REMINDERS).values(state="sent"))
    db.session.commit()


def flush_broker(app, celery_app) -> int:
    """Lose every message the broker holds, as a broker restarted without its data would."""
    url = app.config["CELERY_BROKER_URL"]
    if url.startswith("redis"):
        import redis

        client = redis.Redis.from_url(url)
        lost = client.llen(QUEUE)
        client.flushdb()
        return lost
    from sqlalchemy import create_engine

    engine = create_engine(url.removeprefix("sqla+"))
    with engine.begin() as conn:
        lost = conn.execute(text("SELECT count(*) FROM kombu_message")).scalar_one()
        conn.execute(text("DELETE FROM kombu_message"))
    engine.dispose()
    return lost


# ------------------------------------------------------------------------------------------------

def test_a_worker_killed_mid_send_delivers_everything_once_after_restart(w, worker, sink, celery_app):
    assigned(w, 4)  # 8 reminders on 03-12: the receipt clocks of a lead and a co bureau each
    sink.stall_on(3)  # the third message hangs in the SMTP conversation
    sink.start()
    worker.start()
    send(celery_app, SWEEP, at("2026-03-12 09:01").isoformat())
    assert sink.stalled.wait(30), "".join(worker.log[-30:])
    assert len(sink.snapshot()) == 2
    worker.kill()  # SIGKILL in the middle of sending
    sink.release()
    ids = sorted(sent_states())
    assert len(ids) == 8
    states = sent_states()
    assert sorted(states.values()).count("sent") == 2  # the two the server accepted, marked at once
    # The worker's lease on the rest runs out (2 s in tests); a new worker, and the requeue job that
    # beat runs every few minutes, send them.
    worker.start()
    time.sleep(2.1)
    send(celery_app, REQUEUE)
    wait_until(lambda: len(sink.snapshot()) >= 8, what="8 messages")
    assert_each_delivered_once(sink, ids)


def test_a_broker_that_lost_its_data_loses_no_reminder(app, w, worker, sink, celery_app):
    assigned(w, 3)
    sink.start()
    report = reminders.sweep(at("2026-03-12 09:01"))  # as the beat job would, with its deliveries queued
    enqueue(celery_app, report)
    ids = sorted(report.single_ids)
    assert len(ids) == 6
    assert flush_broker(app, celery_app) >= 1  # the delivery tasks are gone
    worker.start()
    time.sleep(1.5)
    assert sink.snapshot() == [] and set(sent_states().values()) == {"pending"}
    send(celery_app, REQUEUE)  # the database still knows what is pending
    wait_until(lambda: len(sink.snapshot()) >= 6, what="6 messages")
    assert_each_delivered_once(sink, ids)


def test_a_mail_server_down_for_a_while_gets_everything_once_it_is_back(w, worker, sink, celery_app):
    assigned(w, 2)
    worker.start()  # the SMTP server is not up yet: connections are refused
    send(celery_app, SWEEP, at("2026-03-12 09:01").isoformat())
    wait_until(lambda: db.session.execute(
        select(func.count()).where(Notification.attempts >= 2)).scalar_one() == 4, what="two failed tries")
    assert sink.snapshot() == []
    db.session.rollback()
    row = db.session.execute(select(Notification).where(REMINDERS)).scalars().first()
    assert (row.state, row.last_error) == ("pending", "ConnectionRefusedError")
    sink.start()  # back; the next retry (after at most 2 s) delivers
    wait_until(lambda: len(sink.snapshot()) >= 4, what="4 messages")
    assert_each_delivered_once(sink, sorted(sent_states()))


@pytest.mark.parametrize("lock", [True, False], ids=["with-lock", "unique-key-only"])
def test_two_sweeps_at_the_same_moment_write_and_send_each_reminder_once(app, w, worker, sink, celery_app, lock):
    assigned(w, 5)
    now = at("2026-03-12 09:01")
    barrier = threading.Barrier(3)
    reports, errors = [], []

    def run():
        with app.app_context():
            try:
                barrier.wait()
                reports.append(reminders.sweep(now, lock=lock))
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(r.created for r in reports) == 10
    keys = db.session.execute(
        select(Notification.clock_id, Notification.threshold, Notification.recipient_id).where(REMINDERS)
    ).all()
    assert len(keys) == len(set(keys)) == 10
    sink.start()
    worker.start()
    for report in reports:  # each sweep hands its own rows to the senders
        enqueue(celery_app, report)
    send(celery_app, REQUEUE)  # and the requeue job, running meanwhile, offers them all again
    wait_until(lambda: len(sink.snapshot()) >= 10, what="10 messages")
    assert_each_delivered_once(sink, [k for k in sorted(sent_states())])


def test_a_new_calendar_year_moves_provisional_due_dates_and_their_reminders(w, worker, sink, celery_app):
    late = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # three months on lands in 2027, not yet in the calendar
    proposal = w.proposal("in_handling", now=late)
    reply = db.session.execute(
        select(Clock).where(Clock.proposal_id == proposal.id, Clock.kind == "reply", Clock.assignment_id.is_not(None))
    ).scalar_one()
    assert (reply.due_date, reply.provisional) == (date(2027, 2, 2), True)
    # The State Council announces 2027: 02-01 to 02-05 off (as an admin imports it).
    holidays = [CalendarEntry(date(2027, 2, d), "holiday", "春节") for d in range(1, 6)]
    calendar.import_year(2027, holidays, late + timedelta(days=1), w.admin, confirm_missing=True)  # mechanics only
    db.session.refresh(reply)
    assert (reply.due_date, reply.provisional) == (date(2027, 2, 8), False)
    sink.start()
    worker.start()
    # Friday 01-29 is now the last working day before the due date; the old date's eve (02-01) is a holiday.
    for moment in ("2027-01-29 09:05", "2027-02-01 09:05", "2027-02-02 09:05"):
        send(celery_app, SWEEP, at(moment).isoformat())
    wait_until(lambda: db.session.execute(select(func.count()).where(
        Notification.clock_id == reply.id, Notification.state == "sent")).scalar_one() == 2, what="the reply reminders",
        worker=worker)
    time.sleep(1)
    db.session.rollback()
    found = db.session.execute(select(Notification).where(Notification.clock_id == reply.id)).scalars().all()
    assert {(n.recipient.username, n.threshold, n.due_date) for n in found} == {
        ("clerk", "before:1", date(2027, 2, 8)), ("approver", "before:1", date(2027, 2, 8)),
    }
    mails = [m for m in sink.snapshot() if set(m["X-Workflow-Notifications"].split(",")) & {str(n.id) for n in found}]
    assert len(mails) == 2
    assert all("2027-02-08" in m["Subject"] and "2027-02-02" not in m.get_body(("plain",)).get_content()
               for m in mails)
