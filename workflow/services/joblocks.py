"""Locks for periodic jobs, taken in one step, and when each job last ran.

With REDIS_URL the lock is a Redis key set with SET NX EX; without it, a lease on the job's row
taken by one conditional UPDATE. Either way a second taker fails at once instead of waiting, and
a holder that died frees the lock when its lease ends. Locks use the wall clock, never a `now`
passed in for the job's own arithmetic.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from workflow.clock import utcnow
from workflow.extensions import db
from workflow.models import JobLock

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


def acquire(name: str, seconds: float) -> str | None:
    """A token when the lock was free, None when someone holds it."""
    token = uuid.uuid4().hex
    client = _redis()
    if client is not None:
        return token if client.set(_key(name), token, nx=True, ex=max(1, int(seconds))) else None
    db.session.commit()  # the UPDATE below opens the transaction (on SQLite: as a writer)
    now = utcnow()
    _ensure_row(name)
    taken = db.session.execute(
        update(JobLock)
        .where(JobLock.name == name, or_(JobLock.locked_until.is_(None), JobLock.locked_until <= now))
        .values(holder=token, locked_until=now + timedelta(seconds=seconds)),
        execution_options={"synchronize_session": False},
    ).rowcount
    db.session.commit()
    return token if taken == 1 else None


def release(name: str, token: str) -> None:
    client = _redis()
    if client is not None:
        client.eval(_RELEASE, 1, _key(name), token)
        return
    db.session.rollback()
    db.session.execute(
        update(JobLock).where(JobLock.name == name, JobLock.holder == token).values(holder=None, locked_until=None),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def record_run(name: str, at: datetime, result: dict | None = None) -> None:
    db.session.rollback()
    _ensure_row(name)
    db.session.execute(
        update(JobLock).where(JobLock.name == name).values(last_run_at=at, last_result=result),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def last_run(name: str) -> tuple[datetime | None, dict | None]:
    row = db.session.execute(select(JobLock.last_run_at, JobLock.last_result).where(JobLock.name == name)).first()
    return (row[0], row[1]) if row else (None, None)


def begin_write() -> None:
    """Open the session's next transaction as a writer on SQLite (BEGIN IMMEDIATE).

    SQLite allows one writer; a transaction that reads first and writes later fails with
    "database is locked" when another writer committed in between, instead of waiting. Taking
    the write lock first makes concurrent jobs queue behind each other. PostgreSQL needs nothing:
    its row locks and unique indexes settle concurrent writers."""
    db.session.commit()
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _ensure_row(name: str) -> None:
    from workflow.services.upsert import insert_ignoring

    insert_ignoring(JobLock, [{"name": name}], ["name"])


def _key(name: str) -> str:
    return f"workflow:lock:{name}"


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("workflow_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        current_app.extensions["workflow_redis"] = client
    return client


def claim_run(model, row_id: int, start) -> tuple[object | None, bool]:
    """Move a queued run (an archive, a desk job) along `start` (a transition from its queued
    states to running) in one UPDATE, so a second delivery of its task claims nothing: the row,
    and whether this call claimed it."""
    claimed = db.session.execute(
        update(model).where(model.id == row_id, model.state.in_(start.sources)).values(state=start.target)
    ).rowcount
    db.session.commit()
    return db.session.get(model, row_id), bool(claimed)
