"""The desk's large exports and imports, run by a worker. Thin: the service claims the queued
row, so a task the broker delivers twice does the work once."""
from __future__ import annotations

from celery import shared_task

from workflow.clock import utcnow
from workflow.services import desk_jobs


@shared_task(name=desk_jobs.RUN_TASK)
def run_job(job_id: int) -> str | None:
    job = desk_jobs.run(job_id, utcnow)
    return job.state if job is not None else None
