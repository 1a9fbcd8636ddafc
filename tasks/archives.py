"""The archive of a session, built by a worker. Thin: the service claims the queued row, so a
task the broker delivers twice builds it once."""
from __future__ import annotations

from celery import shared_task

from workflow.clock import utcnow
from workflow.services import archives


@shared_task(name=archives.BUILD_TASK)
def build(archive_id: int) -> str | None:
    archive = archives.run(archive_id, utcnow)
    return archive.state if archive is not None else None  # None: the row is gone
