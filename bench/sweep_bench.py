"""Benchmark of the reminder sweep and of e-mail delivery (not a test; see BENCHMARKS.md).

Fills one scratch database with 10,000 and another with 200,000 open (running) reply clocks, of
which the same 1,000 are due (the same ids, dates and recipients in both), and times
`reminders.sweep()` on each: several runs, alternating between the two databases so that whatever
else the machine does weighs on both alike; each run starts from the same state (the previous
run's rows and events deleted, `next_remind_at` of the 1,000 put back). Reports the medians and
their ratio. Then delivers the rows of one sweep over SMTP to an aiosmtpd server on loopback (a
process of its own, storing into a Maildir) and reports messages per second.

    .venv/bin/python bench/sweep_bench.py          # SQLite files in $TMPDIR/h4bench
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_h4 .venv/bin/python bench/sweep_bench.py

With PostgreSQL, the databases <name>_10000 and <name>_200000 are created if missing and emptied:
the URL names a scratch database.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, insert, text, update  # noqa: E402

from config import Config  # noqa: E402
from workflow import create_app  # noqa: E402
from workflow.domain.deadlines import SHANGHAI  # noqa: E402
from workflow.extensions import db  # noqa: E402
from workflow.models import (  # noqa: E402
    Assignment,
    Bureau,
    Clock,
    Event,
    JobLock,
    MailboxMessage,
    Notification,
    Proposal,
    Session,
    User,
    UserRole,
)
from workflow.services import calendar, delivery, reminders  # noqa: E402

NOW = datetime(2026, 3, 10, 9, 5, tzinfo=SHANGHAI)  # Tuesday, five minutes after the due clocks' reminders fell
BUREAUS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,200000")
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--senders", default="1", help="concurrent senders (threads) to measure, e.g. 1,4")
    parser.add_argument("--json", help="write the results here as well")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    scratch = Path(tempfile.gettempdir()) / "h4bench"
    scratch.mkdir(exist_ok=True)
    apps = {size: bench_app(database_url(os.environ.get("DATABASE_URL"), size, scratch), scratch) for size in sizes}
    results: dict = {"machine": machine(), "due": args.due, "runs": args.runs, "sweep": {}}
    for size, app in apps.items():
        with app.app_context():
            results["database"] = db_label()
            started = time.perf_counter()
            fresh_schema()
            calendar.seed(datetime.now(UTC))
            fill(directory(), size, args.due)
            analyze()
            print(f"{size:>7} open clocks written in {time.perf_counter() - started:.0f} s", flush=True)
    print(f"{results['database']} on {results['machine']}", flush=True)
    results["load_before"] = os.getloadavg()

    timings: dict[int, list[float]] = {size: [] for size in sizes}
    for run in range(args.runs):
        for size in sizes if run % 2 == 0 else reversed(sizes):
            with apps[size].app_context():
                timings[size].append(timed_sweep(args.due))
    for size in sizes:
        median = statistics.median(timings[size])
        results["sweep"][size] = {"median_s": median, "min_s": min(timings[size]), "runs_s": timings[size]}
        print(f"{size:>7} open clocks, {args.due} due: sweep median {median * 1000:.1f} ms, min "
              f"{min(timings[size]) * 1000:.1f} ms (runs: {', '.join(f'{t * 1000:.0f}' for t in timings[size])} ms)")
    results["load_after"] = os.getloadavg()
    print("load average (1, 5, 15 min) before and after the timed runs: "
          f"{' '.join(f'{x:.1f}' for x in results['load_before'])}; {' '.join(f'{x:.1f}' for x in results['load_after'])}")
    ratio = results["sweep"][sizes[-1]]["median_s"] / results["sweep"][sizes[0]]["median_s"]
    results["ratio"] = ratio
    print(f"ratio of the medians, {sizes[-1]} / {sizes[0]}: {ratio:.2f}x (goal: within 1.5x)")
    with apps[sizes[-1]].app_context():
        results["plan"] = query_plan()
        print("plan of the sweep's query:", results["plan"])
        results["delivery"] = [delivery_rate(apps[sizes[-1]], args.due, int(n)) for n in args.senders.split(",")]
    for rate in results["delivery"]:
        print(f"delivery to a local SMTP sink, {rate['senders']} sender(s): {rate['messages']} messages in "
              f"{rate['seconds']:.2f} s = {rate['per_second']:.0f} messages/s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))


def database_url(base: str | None, size: int, scratch: Path) -> str:
    if not base:
        path = scratch / f"bench_{size}.db"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(base)
    name = f"{url.database}_{size}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def bench_app(url: str, scratch: Path):
    return create_app(Config, SQLALCHEMY_DATABASE_URI=url, ENQUEUE_TASKS=False, RATELIMIT_STORAGE_URI="memory://",
                      CELERY_BROKER_URL=f"sqla+sqlite:///{scratch / 'broker.db'}", MAIL_SERVER=None)


def fresh_schema() -> None:
    from flask_migrate import upgrade

    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(directory=str(ROOT / "migrations"), revision="heads")


def directory() -> dict:
    """A session, bureaus with a clerk and a leader each, two office users."""
    now = datetime.now(UTC)
    session = Session(channel="cppcc", name="基准测试会议", term=1, meeting=1, year=2026, number_format="第{n}号")
    db.session.add(session)
    bureaus = [Bureau(code=f"b{i}", name=f"基准局{i}") for i in range(BUREAUS)]
    db.session.add_all(bureaus)
    db.session.flush()
    people = []
    for role, bureau in [("office", None), ("office", None), ("proposer", None)] + [
        (role, b) for b in bureaus for role in ("clerk", "approver")
    ]:
        n = len(people)
        user = User(username=f"u{n}", name=f"用户{n}", email=f"u{n}@example.gov.cn", password_hash="x",
                    bureau_id=bureau.id if bureau else None, channel="cppcc" if role == "proposer" else None,
                    created_at=now)
        db.session.add(user)
        db.session.flush()
        db.session.add(UserRole(user_id=user.id, role=role))
        people.append(user)
    db.session.commit()
    return {"session": session.id, "bureaus": [b.id for b in bureaus], "proposer": people[2].id}


def fill(world: dict, size: int, due: int) -> None:
    """Proposals 1..size, each assigned to one bureau with a running reply clock; the first `due`
    have reached a reminder, the rest remind later."""
    created = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    chunk = 5000
    for first in range(0, size, chunk):
        ids = range(first, min(size, first + chunk))
        db.session.execute(insert(Proposal), [
            {"id": i + 1, "channel": "cppcc", "session_id": world["session"], "proposer_id": world["proposer"],
             "title": f"基准建议{i}", "body": "", "state": "in_handling", "created_at": created, "updated_at": created}
            for i in ids
        ])
        db.session.execute(insert(Assignment), [
            {"id": i + 1, "proposal_id": i + 1, "bureau_id": world["bureaus"][i % BUREAUS], "role": "lead",
             "state": "received", "assigned_at": created}
            for i in ids
        ])
        db.session.execute(insert(Clock), [clock_row(i, due) for i in ids])
        db.session.commit()
    fix_sequences()


# The due clocks reach "10, 5 and 1 working days before" and "on the day" at 09:00 on 03-10, a
# quarter each (due 03-24, 03-17, 03-11, 03-10), and started on one of 50 different days.
DUE_DATES = (date(2026, 3, 24), date(2026, 3, 17), date(2026, 3, 11), date(2026, 3, 10))


def clock_row(i: int, due: int) -> dict:
    start = date(2026, 1, 5) + timedelta(days=i % 50)
    if i < due:
        due_date, next_at = DUE_DATES[i % 4], datetime(2026, 3, 10, 1, 0, tzinfo=UTC)  # 03-10 09:00 in Shanghai
    else:  # due later, spread over the year: their next reminder lies ahead
        due_date = date(2026, 4, 1) + timedelta(days=i % 240)
        next_at = datetime(2026, 3, 20, 1, 0, tzinfo=UTC) + timedelta(minutes=i % 100_000)
    return {"id": i + 1, "proposal_id": i + 1, "assignment_id": i + 1, "kind": "reply", "start_date": start,
            "period": None, "due_date": due_date, "provisional": False, "next_remind_at": next_at}


def fix_sequences() -> None:
    if db.engine.dialect.name == "postgresql":
        for table in ("proposals", "assignments", "clocks"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
        db.session.commit()


def analyze() -> None:
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def reset(due: int) -> None:
    db.session.execute(delete(Notification))
    db.session.execute(delete(Event))
    db.session.execute(delete(MailboxMessage))
    db.session.execute(delete(JobLock))
    db.session.execute(
        update(Clock).where(Clock.id <= due).values(next_remind_at=datetime(2026, 3, 10, 1, 0, tzinfo=UTC))
    )
    db.session.commit()


def timed_sweep(due: int) -> float:
    reset(due)
    started = time.perf_counter()
    report = reminders.sweep(NOW)
    elapsed = time.perf_counter() - started
    assert report.clocks == due and report.created == 2 * due, report.summary()  # a clerk and a leader each
    return elapsed


def query_plan() -> str:
    """How the database answers the sweep's question (the same WHERE as services/reminders.py)."""
    prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
    sql = "SELECT id FROM clocks WHERE next_remind_at <= :t AND stopped_at IS NULL ORDER BY next_remind_at, id LIMIT 1000"
    rows = db.session.execute(text(prefix + sql), {"t": NOW.astimezone(UTC).replace(tzinfo=None)}).all()
    return " | ".join(str(r[-1]).strip() for r in rows)


def delivery_rate(app, due: int, senders: int) -> dict:
    """Deliver one sweep's rows over SMTP to a sink on loopback, in batches of NOTIFY_BATCH as the
    tasks do, by `senders` concurrent senders (threads here; worker processes in production)."""
    from concurrent.futures import ThreadPoolExecutor

    sink = Sink()
    app.config.update(MAIL_SERVER=sink.host, MAIL_PORT=sink.port, NOTIFY_CLAIM_SECONDS=600)
    reset(due)
    ids = sorted(reminders.sweep(NOW).single_ids)
    db.session.remove()

    def send(chunk: list[int]) -> int:
        with app.app_context():
            return len(delivery.deliver(chunk).sent)

    started = time.perf_counter()
    with ThreadPoolExecutor(senders) as pool:
        sent = sum(pool.map(send, delivery.chunks(ids, int(app.config.get("NOTIFY_BATCH", 50)))))
    elapsed = time.perf_counter() - started
    received = sink.count  # every message the server accepted, read back from its Maildir
    sink.stop()
    app.config.update(MAIL_SERVER=None)
    assert sent == received == len(ids), (sent, received, len(ids))
    return {"senders": senders, "messages": sent, "seconds": elapsed, "per_second": sent / elapsed}


class Sink:
    """aiosmtpd in a process of its own on loopback, storing what it accepts in a Maildir."""

    def __init__(self):
        import socket
        import subprocess

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.host, self.port = "127.0.0.1", s.getsockname()[1]
        self.maildir = Path(tempfile.mkdtemp(prefix="h4sink-"))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"{self.host}:{self.port}",
             "-c", "aiosmtpd.handlers.Mailbox", str(self.maildir / "mail")],
            cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection((self.host, self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the SMTP sink did not start")

    @property
    def count(self) -> int:
        import mailbox

        return len(mailbox.Maildir(self.maildir / "mail", create=False))

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(10)


def db_label() -> str:
    if db.engine.dialect.name == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (file)"
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT version()")).scalar_one().split(",")[0]


def machine() -> str:
    cores = os.cpu_count()
    memory = ""
    try:
        kib = int(next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{platform.system()} {platform.machine()}, {cores} cores{memory}, Python {platform.python_version()}"


if __name__ == "__main__":
    main()
