"""Beat's heartbeat runs on a real worker and shows in /healthz."""
from datetime import datetime

import pytest

from tasks.heartbeat import beat
from tasks.schedule import BEAT_SCHEDULE
from workflow.extensions import db
from workflow.services import settings

pytestmark = pytest.mark.worker


def test_heartbeat_runs_on_a_worker_and_reports_in_healthz(ctx, worker, client):
    result = beat.delay()
    stamp = result.get(timeout=30)
    db.session.expire_all()
    assert settings.get("beat.last_run") == stamp
    assert datetime.fromisoformat(stamp).tzinfo is not None
    health = client.get("/healthz").get_json()
    assert health["ok"] is True and health["broker"]["ok"] is True
    assert health["beat"]["last_run"] == stamp


def test_every_scheduled_task_is_registered(celery_app):
    for entry in BEAT_SCHEDULE.values():
        assert entry["task"] in celery_app.tasks
