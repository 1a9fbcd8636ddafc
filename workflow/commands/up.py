"""flask up: web, Celery worker and Celery beat together, until Ctrl-C."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def demo_logins() -> str:
    from workflow.demo import directory, seed

    return f"{', '.join(a['username'] for a in directory.accounts())} (password: {seed.PASSWORD})"


@click.command("up")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@with_appcontext
def up(host: str, port: int):
    """Start the whole system in the foreground."""
    compiled = ensure_translations(Path(current_app.root_path) / "translations")
    if compiled:
        click.echo(f"  Compiled the translations: {', '.join(compiled)}")
    _declare_queues()
    _check_search()
    _settle_work_lists()
    python = sys.executable
    var = os.environ.get("WORKFLOW_VAR_DIR", "var")
    env = child_environment(os.environ, host, port)
    commands = [
        [python, "-m", "celery", "-A", "wsgi.celery", "worker", "--loglevel=INFO", "--concurrency=2"],
        [python, "-m", "celery", "-A", "wsgi.celery", "beat", "--loglevel=INFO", "--schedule", f"{var}/celerybeat-schedule"],
        # Worker class and counts: gunicorn.conf.py (measured on 2 cores, BENCHMARKS.md "Serving").
        [python, "-m", "gunicorn", "--config", str(GUNICORN_CONF), "--bind", f"{host}:{port}", "wsgi:app"],
    ]
    # bandit B603: fixed argument lists, no shell
    processes = [subprocess.Popen(cmd, env=env) for cmd in commands]  # nosec B603
    time.sleep(1.5)
    click.secho(f"\n  Proposal handling is running at {env['BASE_URL']}/", fg="green", bold=True)
    if current_app.config.get("DEMO_MODE"):
        click.secho(f"  Demo logins: {demo_logins()}", fg="green")
    click.echo("  Web, Celery worker and Celery beat are up. Ctrl-C stops all of them.\n")
    _wait(processes)


def ensure_translations(directory: Path) -> list[str]:
    """Compile each catalog (.po) whose .mo is missing or older, as `make translations` does: a
    checkout without compiled catalogs would otherwise start in English. Returns the locales compiled."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = []
    for po in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        with mo.open("wb") as target:
            write_mo(target, catalog, use_fuzzy=True)  # as `make translations` (pybabel compile -f)
        compiled.append(po.parent.parent.name)
    return compiled


def child_environment(environ: Mapping[str, str], host: str, port: int) -> dict[str, str]:
    """The environment of web, worker and beat: the address the system runs at (BASE_URL, which
    the links in e-mails follow) is the one `--host` and `--port` give, unless BASE_URL is set."""
    env = dict(environ)
    if not env.get("BASE_URL"):
        # Every address: this machine's. (bandit B104: a comparison, it binds nothing.)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # nosec B104
        env["BASE_URL"] = f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"
    return env


def _check_search() -> None:
    """Chinese search needs a UTF-8 LC_CTYPE on PostgreSQL: say so at start-up, not in silence."""
    from workflow.services import search

    report = search.warn_if_unfit()
    if not report["ok"]:
        click.secho(f"  Warning: {report.get('message') or report}", fg="yellow", bold=True)


def _settle_work_lists() -> None:
    """Write the stored work list again when the code that says what is a task changed (an
    upgrade), before anyone reads it: as `flask worklist rebuild --if-stale`."""
    from workflow.extensions import db
    from workflow.services import work_tasks

    count = work_tasks.rebuild_if_stale(db.session)
    if count is not None:
        click.echo(f"  Wrote the work lists again: {count} open tasks")


def _declare_queues() -> None:
    """Create the broker's queues before worker and beat race to do it (kombu's SQL transport)."""
    celery = current_app.extensions["celery"]
    with celery.connection_for_write() as conn:
        for queue in celery.amqp.queues.values():
            queue(conn.default_channel).declare()


def _wait(processes: list[subprocess.Popen]) -> None:
    def stop(*_):
        for p in processes:
            if p.poll() is None:
                p.terminate()
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        click.echo("a process stopped; stopping the others", err=True)
    except KeyboardInterrupt:
        pass
    stop()
