"""The beat's heartbeat: proves worker and beat run, read by /healthz."""
from celery import shared_task

from workflow.clock import utcnow
from workflow.extensions import db
from workflow.services import settings


@shared_task(name="tasks.heartbeat.beat")
def beat() -> str:
    stamp = utcnow().isoformat()
    settings.put("beat.last_run", stamp)
    db.session.commit()
    return stamp
