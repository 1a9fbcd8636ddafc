"""The Celery app, bound to Flask so every task runs inside an application context."""
from __future__ import annotations

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
        worker_prefetch_multiplier=1,
        beat_schedule=BEAT_SCHEDULE,
        broker_connection_retry_on_startup=True,
        imports=("tasks.archives", "tasks.desk", "tasks.heartbeat", "tasks.notifications"),
    )
    celery.conf.update(app.config.get("CELERY_OVERRIDES", {}))
    celery.set_default()
    app.extensions["celery"] = celery
    return celery
