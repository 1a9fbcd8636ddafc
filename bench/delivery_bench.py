"""Delivery benchmark (issue 13): 10,000 reminder e-mails through real Celery workers, PostgreSQL,
Redis and an SMTP server on loopback, timed from the moment the tasks are queued to the moment
the last row is marked sent; then every message the server accepted is read back and checked:
each of the 10,000 rows arrived exactly once.

    .venv/bin/python bench/delivery_bench.py                                # 2 workers, 10,000 e-mails
    .venv/bin/python bench/delivery_bench.py --workers 1 --rounds 3
    .venv/bin/python bench/delivery_bench.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_delivery \\
        --redis redis://127.0.0.1:6379/3
    .venv/bin/python bench/delivery_bench.py --profile 1000                 # cProfile of one sender in-process
    .venv/bin/python bench/delivery_bench.py --compose                      # CPU time to write one message

The database (created when missing, its schema rebuilt) holds 5,000 proposals whose reply clocks
reach a reminder, for a clerk and a leader each (bench/sweep_bench.py's data): the sweep writes
the 10,000 rows. The workers are `celery worker --pool=solo` processes (production Config,
bench/delivery_worker.py) on a queue of their own; the rows go out in tasks of NOTIFY_BATCH (50),
as the sweep hands them over. The SMTP server is aiosmtpd in a process of its own storing into a
Maildir. The machine's load average is printed before and after.
"""
from __future__ import annotations

import argparse
import json
import mailbox
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from bench.sweep_bench import NOW, Sink, directory, fill, fix_sequences, fresh_schema, machine, reset  # noqa: E402
from config import Config  # noqa: E402
from workflow import create_app  # noqa: E402
from workflow.extensions import db  # noqa: E402
from workflow.models import Notification  # noqa: E402
from workflow.services import calendar, delivery, reminders  # noqa: E402

CLOCKS = 5000  # two reminders each: 10,000 e-mails


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_delivery"))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--clocks", type=int, default=CLOCKS)
    parser.add_argument("--profile", type=int, default=0, help="profile one in-process sender over N rows")
    parser.add_argument("--compose", action="store_true", help="CPU time to write and flatten one message")
    parser.add_argument("--json")
    args = parser.parse_args()

    url = ensure_database(args.database)
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, REDIS_URL=args.redis, CELERY_BROKER_URL=args.redis,
                     CELERY_RESULT_BACKEND=args.redis, ENQUEUE_TASKS=False, RATELIMIT_STORAGE_URI="memory://")
    print(f"# machine: {machine()}; load average before: {load()}")
    with app.app_context():
        build(args.clocks)
        if args.profile:
            profile(app, args.profile)
            return
        if args.compose:
            compose_cpu()
            return
        results = [one_round(app, url, args) for _ in range(args.rounds)]
    seconds = [r["seconds"] for r in results]
    print(f"# load average after: {load()}")
    print(f"{args.workers} worker(s), {results[0]['messages']} e-mails: median {statistics.median(seconds):.1f} s "
          f"({results[0]['messages'] / statistics.median(seconds):.0f}/s), runs {', '.join(f'{s:.1f}' for s in seconds)}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


def ensure_database(base: str) -> str:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(base)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}).first():
            conn.execute(text(f'CREATE DATABASE "{url.database}" TEMPLATE template0 ENCODING \'UTF8\' '
                              "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"))
    admin.dispose()
    return url.render_as_string(hide_password=False)


def build(clocks: int) -> None:
    from workflow.models import Clock

    have = db.session.execute(select(func.count()).select_from(Clock)).scalar_one() if _has_schema() else 0
    db.session.commit()  # the count's transaction would block the schema's DROP
    if have != clocks:
        fresh_schema()
        calendar.seed(NOW)
        fill(directory(), clocks, clocks)
        fix_sequences()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))


def _has_schema() -> bool:
    from sqlalchemy import inspect

    return inspect(db.engine).has_table("clocks")


def swept(clocks: int) -> list[int]:
    reset(clocks)
    ids = sorted(reminders.sweep(NOW).single_ids)
    assert len(ids) == 2 * clocks, len(ids)
    return ids


def vacuum() -> None:
    """Autovacuum is off on the benchmark machine: without this, each round's updates leave the
    next round's rows behind dead ones, and later rounds slow down (62, 64, 79 s in a row)."""
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE notifications, events, clocks"))


def one_round(app, url: str, args) -> dict:
    ids = swept(args.clocks)
    vacuum()
    queue = f"bench-{uuid.uuid4().hex[:6]}"
    sink = Sink()
    workers = [start_worker(url, args.redis, queue, sink, n) for n in range(args.workers)]
    try:
        celery = app.extensions.get("celery") or _celery(app)
        db.session.remove()
        started = time.perf_counter()
        for chunk in delivery.chunks(ids, int(app.config["NOTIFY_BATCH"])):
            celery.send_task(delivery.DELIVER_TASK, args=[chunk], queue=queue)
        while True:
            sent = db.session.execute(select(func.count()).where(Notification.state == "sent")).scalar_one()
            db.session.rollback()
            if sent >= len(ids):
                break
            if time.perf_counter() - started > 900:
                raise SystemExit(f"only {sent} of {len(ids)} sent after 900 s")
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
    finally:
        for process in workers:
            process.terminate()
        for process in workers:
            process.wait(30)
    received = check_exactly_once(sink, ids)
    sink.stop()
    print(f"  {len(ids)} e-mails, {args.workers} worker(s): {elapsed:.1f} s, {len(ids) / elapsed:.0f}/s, "
          f"load {load()}")
    return {"workers": args.workers, "messages": received, "seconds": elapsed, "load": load()}


def check_exactly_once(sink: Sink, ids: list[int]) -> int:
    carried: list[int] = []
    message_ids = set()
    for message in mailbox.Maildir(sink.maildir / "mail", create=False):
        carried += [int(i) for i in message["X-Workflow-Notifications"].split(",")]
        message_ids.add(message["Message-ID"])
    assert sorted(carried) == ids, f"{len(carried)} rows carried for {len(ids)}; duplicates: {len(carried) - len(set(carried))}"
    assert len(message_ids) == len(ids)
    return len(carried)


def start_worker(url: str, redis: str, queue: str, sink: Sink, n: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WORKFLOW_VAR_DIR": tempfile.mkdtemp(prefix="bench-worker-"),
           "BENCH_OVERRIDES": json.dumps({
               "SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": redis, "CELERY_BROKER_URL": redis,
               "CELERY_RESULT_BACKEND": redis, "RATELIMIT_STORAGE_URI": "memory://", "MAIL_SERVER": sink.host,
               "MAIL_PORT": sink.port, "CELERY_OVERRIDES": {"task_default_queue": queue}})}
    log = open(Path(env["WORKFLOW_VAR_DIR"]) / "worker.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bench.delivery_worker.celery", "worker", "--pool=solo", "-Q", queue,
         "-n", f"{queue}-{n}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return process


def _celery(app):
    from tasks.celery_app import make_celery

    return make_celery(app)


def profile(app, n: int) -> None:
    import cProfile
    import pstats

    sink = Sink()
    app.config.update(MAIL_SERVER=sink.host, MAIL_PORT=sink.port)
    ids = swept(CLOCKS)[:n]
    db.session.remove()
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for chunk in delivery.chunks(ids, int(app.config["NOTIFY_BATCH"])):
        delivery.deliver(chunk)
    profiler.disable()
    elapsed = time.perf_counter() - started
    sink.stop()
    print(f"{n} e-mails by one sender in-process: {elapsed:.1f} s ({n / elapsed:.0f}/s)")
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(25)
    stats.print_stats("compose|babel|jinja|templating|transport", 30)


def compose_cpu(n: int = 500) -> None:
    """CPU time (not wall time: the machine is shared) to write one message and flatten it to bytes."""
    from workflow.clock import utcnow
    from workflow.mail.compose import Composer

    rows = delivery._load(swept(CLOCKS)[:n])
    with Composer(utcnow(), calendar.load()).open() as composer:
        for row in rows[:20]:
            composer.single(row)
        runs = []
        for _ in range(3):
            started = time.process_time()
            for row in rows:
                composer.single(row).message.as_bytes()
            runs.append((time.process_time() - started) / len(rows) * 1000)
    print(f"CPU per message, written and flattened: {', '.join(f'{r:.2f}' for r in runs)} ms ({n} messages, 3 runs)")


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
