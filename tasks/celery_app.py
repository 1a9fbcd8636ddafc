"""The Celery app, bound to Flask so every task runs inside an application context."""
from __future__ import annotations

from datetime import timedelta

from celery import Celery, Task
from flask import Flask

from tasks.schedule import BEAT_SCHEDULE


def make_celery(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=app.config["CELERY_BROKER_URL"],
        result_backend=app.config["CELERY_RESULT_BACKEND"],
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        timezone="Asia/Shanghai",
        enable_utc=True,
        task_acks_late=True,  # a task killed mid-run is delivered again; tasks are safe to run twice
        task_reject_on_worker_lost=True,  # a pool process killed mid-task: its task goes back at once
        worker_prefetch_multiplier=1,
        beat_schedule=_schedule(app),
        broker_connection_retry_on_startup=True,
        imports=("tasks.archives", "tasks.desk", "tasks.heartbeat", "tasks.notifications"),
    )
    celery.conf.update(app.config.get("CELERY_OVERRIDES", {}))
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def _schedule(app: Flask) -> dict:
    """The periodic jobs, with the requeue job's interval from NOTIFY_REQUEUE_EVERY_SECONDS."""
    schedule = {name: dict(job) for name, job in BEAT_SCHEDULE.items()}
    every = app.config.get("NOTIFY_REQUEUE_EVERY_SECONDS")
    if every:
        schedule["notification-requeue"]["schedule"] = timedelta(seconds=float(every))
    return schedule
