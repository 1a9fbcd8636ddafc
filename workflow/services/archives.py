"""Archiving a session (SPEC 3.6). The office asks; a Celery worker (or `flask archive session`)
builds the ZIP under UPLOAD_DIR/archives; the office downloads it once done. Every request is a
new archive row whose state follows domain/archive.py."""
from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workflow.archive.package import write_zip
from workflow.domain.archive import ARCHIVE, SYSTEM, ArchiveState, zip_file_name
from workflow.extensions import db
from workflow.models import Archive, Role, Session, User
from workflow.services import handover, joblocks
from workflow.services.archive_records import item_record, session_items
from workflow.services.errors import Forbidden, NotFound, StateConflict

log = logging.getLogger(__name__)
BUILD_TASK = "tasks.archives.build"


def request_archive(actor: User, session_id: int, now: datetime) -> Archive:
    """Queue a new archive of the session and hand it to the workers after commit."""
    _check_office(actor)
    archive = _new(session_id, actor.id, now)
    db.session.commit()
    _enqueue(archive.id)
    return archive


def build_now(session_id: int, clock: Callable[[], datetime]) -> Archive:
    """Build an archive in this process (the command line): queued and run at once."""
    archive = _new(session_id, None, clock())
    db.session.commit()
    return run(archive.id, clock)


def run(archive_id: int, clock: Callable[[], datetime]) -> Archive | None:
    """Build a queued archive. Safe to run twice: the claim moves it from queued to running in one
    UPDATE, so a second delivery of the task finds nothing to claim and leaves it alone. `clock`
    is read when the build ends: a large session takes a while."""
    archive, claimed = joblocks.claim_run(Archive, archive_id, ARCHIVE["start-build"])
    if not claimed:
        return archive
    target = archive_dir() / zip_file_name(archive.session_id, archive.id, secrets.token_hex(8))
    try:
        count = write_zip(target, (item_record(p) for p in session_items(archive.session_id)))
    except Exception as exc:  # recorded on the row for the office; the log keeps the trace
        db.session.rollback()
        log.exception("archive %s failed", archive_id)
        target.unlink(missing_ok=True)
        _finish(archive, "fail-build", clock(), error=type(exc).__name__)
        return archive
    _finish(archive, "finish-build", clock(), file_name=target.name, items=count)
    return archive


ARCHIVES_SHOWN = 100


def archives_of(actor: User, session_id: int | None = None, limit: int = ARCHIVES_SHOWN) -> list[Archive]:
    """The latest runs, newest first; runs pile up with every request, so the list is bounded."""
    _check_office(actor)
    # The page shows each run's session and requester: loaded with the list, not row by row.
    query = select(Archive).options(selectinload(Archive.session), selectinload(Archive.requested_by))
    query = query.order_by(Archive.id.desc()).limit(limit)
    if session_id is not None:
        query = query.where(Archive.session_id == session_id)
    return db.session.execute(query).scalars().all()


def download(actor: User, archive_id: int) -> tuple[Path, str]:
    """The stored ZIP of a finished archive, and the name it is downloaded under."""
    _check_office(actor)
    archive = db.session.get(Archive, archive_id)
    if archive is None:
        raise NotFound(_("No such archive."))
    if archive.state != ArchiveState.DONE:
        raise StateConflict(_("The archive is not ready yet."), archive.state)
    path = archive_dir() / archive.file_name
    if not path.is_file():
        raise NotFound(_("The archive's file is missing; make a new archive."))
    return path, f"{archive.session.name}-{archive.requested_at:%Y%m%d}.zip"


def archive_dir() -> Path:
    """Where ZIPs are stored: next to the uploads, under names the service generates."""
    folder = Path(current_app.config["UPLOAD_DIR"]) / "archives"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _new(session_id: int, actor_id: int | None, now: datetime) -> Archive:
    if db.session.get(Session, session_id) is None:
        raise NotFound(_("No such session."))
    archive = Archive(session_id=session_id, state=ArchiveState.QUEUED, requested_by_id=actor_id, requested_at=now)
    db.session.add(archive)
    return archive


def _finish(archive: Archive, action: str, now: datetime, **values) -> None:
    target = ARCHIVE.check(action, ArchiveState(archive.state), {SYSTEM}).target
    archive.state = target
    archive.finished_at = now
    for name, value in values.items():
        setattr(archive, name, value)
    db.session.commit()


def _check_office(actor: User) -> None:
    if not actor.has_role(Role.OFFICE):
        raise Forbidden(_("Only the proposal office archives sessions."))


def _enqueue(archive_id: int) -> None:
    """Best effort: with no broker the row stays queued and the office sees it."""
    handover.send_tasks([(BUILD_TASK, [archive_id])], f"archive {archive_id}")
