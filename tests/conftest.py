"""Fixtures: one app and schema per run (SQLite file, or PostgreSQL when DATABASE_URL is set),
rows deleted after each test. Rollback tricks do not hold once a worker thread commits."""
from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask.ctx import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import create_engine, delete, event, extract, text
from sqlalchemy.engine import make_url

from config import TestConfig
from tests.work_list_support import differences
from workflow import create_app
from workflow.extensions import db, limiter

KEEP = {"calendar_days", "calendar_years", "alembic_version"}


class IsolatedClient(FlaskClient):
    """Each request gets its own app context, as in production. Without this, a request made while
    a test holds an app context shares its `g`, and with it the logged-in user and the locale."""

    def open(self, *args, **kwargs):
        # Hide the held context without popping it: popping would tear down its database session.
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


def _per_worker(worker: str) -> tuple[str | None, str | None]:
    """Under pytest-xdist each worker (gw0, gw1, …) gets a PostgreSQL database and a Redis database
    of its own, so parallel workers never delete each other's rows or take each other's tasks."""
    url, redis = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if worker == "master":
        return url, redis
    index = int(worker.removeprefix("gw"))
    if url:
        url = _own_database(make_url(url), f"{make_url(url).database}_{worker}")
    if redis:
        base = redis.rsplit("/", 1)
        redis = f"{base[0]}/{int(base[1] or 0) + 10 + index}" if base[1].isdigit() else f"{redis}/{10 + index}"
    return url, redis


def _own_database(url, name: str) -> str:
    """Create the worker's database once (UTF-8, as pg_trgm needs for Chinese) and return its URL."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' '
                              "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    url, redis = _per_worker(os.environ.get("PYTEST_XDIST_WORKER", "master"))
    app = create_app(
        TestConfig,
        TESTING=True,
        SQLALCHEMY_DATABASE_URI=url or f"sqlite:///{var / 'test.db'}",
        REDIS_URL=redis,
        CELERY_BROKER_URL=redis or f"sqla+sqlite:///{var / 'broker.db'}",
        CELERY_RESULT_BACKEND=redis or f"db+sqlite:///{var / 'results.db'}",
        RATELIMIT_STORAGE_URI="memory://",
        UPLOAD_DIR=str(var / "uploads"),
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        event.listen(db.engine, "connect", _no_sync)
        _fresh_schema()
        from workflow.services import calendar

        calendar.seed(datetime.now(UTC))
    yield app


def _no_sync(dbapi_connection, _record) -> None:
    """The suite's database is thrown away after the run: commit without waiting for the disk
    (SQLite: only a crash of the machine could damage the file; PostgreSQL: such a crash could
    lose the last commits, never mix them). This process's connections only; the servers and
    workers some tests start keep the defaults."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous = OFF")
    else:
        dbapi_connection.execute("SET synchronous_commit = off")
        dbapi_connection.commit()


def _fresh_schema() -> None:
    """Drop whatever a previous run left, then build the schema through the migrations."""
    from flask_migrate import upgrade

    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(revision="heads")


@pytest.fixture(autouse=True)
def _clean(request):
    yield
    if "app" not in request.fixturenames:
        return
    wipe_rows(request.getfixturevalue("app"))


# The tables holding rows, in one statement: a test writes a few of the schema's tables, and a
# DELETE of each of them cost more than the test itself in many cases.
_WRITTEN = text(" UNION ALL ".join(
    f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM {t.name})" for t in db.metadata.sorted_tables if t.name not in KEEP
))


def wipe_rows(app) -> None:
    """Delete every row a test made (the calendar's seeded years stay), having checked that what
    the test committed kept the stored work list equal to its sources (services/work_tasks.py)."""
    with app.app_context():
        db.session.rollback()
        stale, missing = differences()
        written = set(db.session.execute(_WRITTEN).scalars())
        for table in reversed(db.metadata.sorted_tables):
            if table.name in written:
                db.session.execute(table.delete())
        from workflow.models import CalendarDay, CalendarYear

        db.session.execute(delete(CalendarDay).where(extract("year", CalendarDay.day) > 2026))
        db.session.execute(delete(CalendarYear).where(CalendarYear.year > 2026))
        db.session.commit()
        db.session.remove()
        limiter.reset()  # login throttling counts must not leak from one test into the next
    assert not stale and not missing, f"the stored work list is off: extra {stale}, missing {missing}"


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server on loopback that the app's mail goes to (tests/smtp_sink.py)."""
    from tests.smtp_sink import SmtpSink

    sink = SmtpSink().start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", sink.host)
    monkeypatch.setitem(app.config, "MAIL_PORT", sink.port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 5)
    yield sink
    sink.release()
    sink.stop()


@pytest.fixture
def now():
    return datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, a Tuesday


@pytest.fixture
def login(app):
    """A test client logged in as `username` (factories' password)."""

    def _login(username: str):
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": "secret-pw"})
        assert response.status_code == 302, response.data[:500]
        return client

    return _login


def pytest_make_parametrize_id(config, val, argname):
    """Files given as parameters are named by the parameter, not their bytes: a file made at
    collection time carries a timestamp, and pytest-xdist's workers must collect identical ids."""
    if isinstance(val, bytes | bytearray):
        return argname
    return None


# .ci/run's second pass (PostgreSQL + Redis) is for what the database and the broker change. It
# leaves out, by these markers, what does not touch them or only repeats the services through the
# interface, and costs the most time: the pure domain tests; the browser walks, the pages
# (tests/web: the services under them run in both passes), the letters, and the sweeps of every
# route and form. The first pass (`make test`) runs everything.
INTERFACE = ("tests/e2e/", "tests/web/", "tests/letters/", "tests/security/test_authorization_matrix.py",
             "tests/security/test_form_fuzz.py", "tests/api/test_schemathesis.py")
# ... except the pages whose cost or answer depends on the database: statement counts, and a
# dropped PostgreSQL connection.
ON_BOTH = ("tests/web/test_list_statements.py", "tests/web/test_serving_faults.py")
TESTS = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = "tests/" + Path(item.path).relative_to(TESTS).as_posix()
        if path.startswith("tests/domain/"):
            item.add_marker(pytest.mark.pure)
        if path.startswith(INTERFACE) and not path.startswith(ON_BOTH):
            item.add_marker(pytest.mark.interface)
