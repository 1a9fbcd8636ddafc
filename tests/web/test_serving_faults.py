"""Serving through faults (issue 13): a database that dropped the app's connections between two
requests costs no 500 (the pool pings a connection before handing it out), nor does one dropped
in the middle of a read (the read is answered again; a write never is), and the web and worker
processes print every thread's stack when a signal kills them (faulthandler)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import OperationalError

from tests.factories import World
from workflow.clock import utcnow
from workflow.extensions import db
from workflow.read_again import ReadAgain
from workflow.services import users

ROOT = Path(__file__).resolve().parents[2]

on_postgres = pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL") or "").startswith("postgresql"), reason="terminates PostgreSQL connections"
)


@pytest.fixture
def w(ctx):
    return World()


def terminate_all(url: str) -> int:
    """pg_terminate_backend on every other connection to the database, as a restart would."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            return len(conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")).all())
    finally:
        engine.dispose()


def test_the_engine_pings_a_pooled_connection_before_use(app):
    with app.app_context():
        assert db.engine.pool._pre_ping is True


@on_postgres
def test_connections_the_database_dropped_between_two_requests_cost_no_500(app, w, login):
    office, member = login("office"), login("proposer")
    api = app.test_client()
    token = users.issue_token(w.office, utcnow(), 1)
    pages = [(office, "/"), (office, "/proposals/"), (member, "/"), (api, "/api/v1/proposals")]

    def ask(client, url):
        headers = {"Authorization": f"Bearer {token}"} if client is api else {}
        return client.get(url, headers=headers).status_code

    assert [ask(c, u) for c, u in pages] == [200] * len(pages)
    db.session.remove()  # the test's own session gives its connection back to the pool too
    assert terminate_all(app.config["SQLALCHEMY_DATABASE_URI"]) >= 1
    assert [ask(c, u) for c, u in pages] == [200] * len(pages)
    # and a write after the cut
    assert terminate_all(app.config["SQLALCHEMY_DATABASE_URI"]) >= 1
    assert office.post("/logout").status_code in (302, 303)


@on_postgres
def test_a_read_whose_connection_the_database_drops_midway_is_answered_again(app, w, login):
    office = login("office")
    assert office.get("/proposals/").status_code == 200
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    cut: list[int] = []

    def drop_at_the_third(conn, cursor, statement, parameters, context, executemany):
        state["statements"] += 1
        if state["armed"] and state["statements"] == 3:
            cut.append(conn.connection.dbapi_connection.info.backend_pid)
            engine = create_engine(url, isolation_level="AUTOCOMMIT")
            with engine.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": cut[-1]})
            engine.dispose()

    state = {"armed": True, "statements": 0}
    event.listen(db.engine, "before_cursor_execute", drop_at_the_third)
    try:
        response = office.get("/proposals/")
    finally:
        event.remove(db.engine, "before_cursor_execute", drop_at_the_third)
    assert len(cut) == 1 and state["statements"] > 3  # cut once, then every statement again
    assert response.status_code == 200 and "<table" in response.text


def _failing_app(environ, start_response):
    environ["calls"] = environ.get("calls", 0) + 1
    if environ["calls"] == 1:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"), connection_invalidated=True)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"again"]


@pytest.mark.parametrize("method, answered", [("GET", True), ("HEAD", True), ("POST", False), ("PUT", False)])
def test_only_reads_are_asked_again(method, answered):
    environ, started = {"REQUEST_METHOD": method, "PATH_INFO": "/x"}, []
    wrapped = ReadAgain(_failing_app)
    if answered:
        assert list(wrapped(environ, lambda *a: started.append(a))) == [b"again"]
        assert environ["calls"] == 2 and [s[0] for s in started] == ["200 OK"]
    else:
        with pytest.raises(OperationalError):
            wrapped(environ, lambda *a: started.append(a))
        assert environ["calls"] == 1 and started == []


def test_web_and_worker_processes_enable_faulthandler(tmp_path):
    """wsgi.py is what gunicorn (`wsgi:app`) and Celery (`-A wsgi.celery`) import."""
    env = {**os.environ, "WORKFLOW_VAR_DIR": str(tmp_path), "PYTHONFAULTHANDLER": "", "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONFAULTHANDLER")
    out = subprocess.run(
        [sys.executable, "-c", "import faulthandler; assert not faulthandler.is_enabled(); import wsgi; "
         "print(faulthandler.is_enabled())"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert out.stdout.strip().endswith("True"), out.stderr[-2000:]


def test_gunicorn_conf_is_valid_and_chooses_sync_workers(tmp_path):
    """`flask up` and the README's production line start gunicorn with gunicorn.conf.py."""
    env = {**os.environ, "WORKFLOW_VAR_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    for name in ("GUNICORN_WORKER_CLASS", "GUNICORN_WORKERS", "GUNICORN_THREADS"):
        env.pop(name, None)
    out = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--check-config",
                          "--print-config", "wsgi:app"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    settings = {k.strip(): v.strip() for k, v in (line.split(" = ", 1) for line in out.stdout.splitlines()
                                                   if " = " in line)}
    assert settings["worker_class"] == "sync"
    assert int(settings["threads"]) == 1 and int(settings["workers"]) == (os.cpu_count() or 2) + 1
