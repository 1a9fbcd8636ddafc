"""Exports and imports too large for one request (issue 10), as archives are built: the user asks,
a row is queued and handed to a worker after commit; the worker claims it in one UPDATE (a task
delivered twice finds nothing to claim), reports its progress on the row, and ends it done (an
export's file, an import's count) or failed (an import's problems, or an error's kind).

Progress is written through a connection of its own, so the page sees it while the job's work is
still uncommitted. On SQLite an import's writing phase holds the database's one write lock, so
its progress shows the checking phase and then the end."""
from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from workflow.domain.desk_job import JOB, SYSTEM, JobKind, JobState
from workflow.extensions import db
from workflow.models import DeskJob, User
from workflow.services import handover, joblocks, sheet_import
from workflow.services.errors import NotFound, ServiceError, StateConflict
from workflow.services.sheet_import import SheetRefused

log = logging.getLogger(__name__)
RUN_TASK = "tasks.desk.run_job"
JOBS_SHOWN = 20


def queue_export(actor: User, kind: JobKind, args: dict, now: datetime) -> DeskJob:
    job = DeskJob(kind=kind, state=JobState.QUEUED, requested_by_id=actor.id, requested_at=now,
                  params={"args": {k: str(v)[:200] for k, v in list(args.items())[:20]}})
    db.session.add(job)
    db.session.commit()
    _enqueue(job.id)
    return job


def queue_import(actor: User, kind: JobKind, content: bytes, now: datetime) -> DeskJob:
    name = f"import-{secrets.token_hex(16)}.xlsx"
    (job_dir() / name).write_bytes(content)
    job = DeskJob(kind=kind, state=JobState.QUEUED, requested_by_id=actor.id, requested_at=now, params={},
                  source_name=name)
    db.session.add(job)
    db.session.commit()
    _enqueue(job.id)
    return job


def run(job_id: int, clock: Callable[[], datetime]) -> DeskJob | None:
    """Do a queued job. Safe to run twice: the claim moves it from queued to running in one UPDATE."""
    job, claimed = joblocks.claim_run(DeskJob, job_id, JOB["start"])
    if not claimed:
        return job
    actor = job.requested_by
    kind = JobKind(job.kind)
    try:
        with force_locale(actor.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "zh_Hans")):
            values = _do(job, actor, kind, clock)
    except SheetRefused as exc:
        db.session.rollback()
        problems = [vars(p) for p in sheet_import.said(exc.check, _columns(kind))]
        return _finish(job_id, "fail", clock(), result={"problems": problems[:2000], "message": exc.message})
    except ServiceError as exc:
        db.session.rollback()
        return _finish(job_id, "fail", clock(), result={"message": exc.message}, error=type(exc).__name__)
    except Exception as exc:  # recorded on the row for the user; the log keeps the trace
        db.session.rollback()
        log.exception("desk job %s failed", job_id)
        return _finish(job_id, "fail", clock(), error=type(exc).__name__)
    return _finish(job_id, "finish", clock(), **values)


def _do(job: DeskJob, actor: User, kind: JobKind, clock) -> dict:
    report = _reporter(job.id)
    if kind.is_import:
        content = (job_dir() / job.source_name).read_bytes()
        check, save = _importers(kind)
        found = check(actor, content)
        report(0, len(found.rows))
        saved = save(actor, content, clock())
        (job_dir() / job.source_name).unlink(missing_ok=True)
        return {"result": {"saved": len(saved)}, "done": len(saved), "total": len(saved)}
    from workflow.desk.exports import BUILDERS

    content, stem = BUILDERS[kind](actor, job.params.get("args", {}), clock(), report)
    name = f"{stem}-{job.id}-{secrets.token_hex(8)}.xlsx"
    (job_dir() / name).write_bytes(content)
    return {"file_name": name, "result": {"stem": stem}}


def _reporter(job_id: int) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        try:
            with db.engine.begin() as conn:
                conn.execute(update(DeskJob).where(DeskJob.id == job_id).values(done=done, total=total))
        except Exception as exc:  # progress is a courtesy; the job goes on without it
            log.warning("progress of desk job %s not written (%s)", job_id, type(exc).__name__)

    return report


def _importers(kind: JobKind):
    from workflow.services import proposal_import, roster_import

    return {
        JobKind.IMPORT_PROPOSALS: (proposal_import.check, proposal_import.import_sheet),
        JobKind.IMPORT_USERS: (roster_import.check_users, roster_import.import_users),
        JobKind.IMPORT_BUREAUS: (roster_import.check_bureaus, roster_import.import_bureaus),
    }[kind]


def _columns(kind: JobKind):
    from workflow.domain import proposal_sheet, roster_sheet

    return {
        JobKind.IMPORT_PROPOSALS: proposal_sheet.COLUMNS, JobKind.IMPORT_USERS: roster_sheet.USER_COLUMNS,
        JobKind.IMPORT_BUREAUS: roster_sheet.BUREAU_COLUMNS,
    }[kind]


def _finish(job_id: int, action: str, now: datetime, **values) -> DeskJob:
    job = db.session.get(DeskJob, job_id)
    db.session.refresh(job)  # the progress was written through a connection of its own
    job.state = JOB.check(action, JobState(job.state), {SYSTEM}).target
    job.finished_at = now
    for name, value in values.items():
        setattr(job, name, value)
    if action == "finish":
        job.total = job.total or 1
        job.done = job.total  # the bar ends full
    db.session.commit()
    return job


def job_of(actor: User, job_id: int) -> DeskJob:
    """A job the actor asked for; nobody else's."""
    job = db.session.get(DeskJob, job_id)
    if job is None or job.requested_by_id != actor.id:
        raise NotFound(_("No such job."))
    return job


def recent(actor: User) -> list[DeskJob]:
    query = select(DeskJob).where(DeskJob.requested_by_id == actor.id).order_by(DeskJob.id.desc()).limit(JOBS_SHOWN)
    return db.session.execute(query).scalars().all()


def download(actor: User, job_id: int) -> tuple[Path, str]:
    job = job_of(actor, job_id)
    if job.state != JobState.DONE or not job.file_name:
        raise StateConflict(_("The file is not ready yet."), job.state)
    path = job_dir() / job.file_name
    if not path.is_file():
        raise NotFound(_("The file is missing; export the list again."))
    stem = (job.result or {}).get("stem", "export")
    return path, f"{stem}-{job.requested_at:%Y%m%d}.xlsx"


def job_dir() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"]) / "desk"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _enqueue(job_id: int) -> None:
    """Best effort: with no broker the row stays queued and the page says so."""
    handover.send_tasks([(RUN_TASK, [job_id])], f"desk job {job_id}")
