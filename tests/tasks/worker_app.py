"""The Celery app a fault test runs as a worker in a separate process (so that it can be killed
with SIGKILL): the test's database, broker and SMTP sink, given as JSON in WORKFLOW_TEST_OVERRIDES.

    celery -A tests.tasks.worker_app.celery worker -Q <queue> --pool=solo
"""
import json
import os

from config import TestConfig
from tasks.celery_app import make_celery
from workflow import create_app

app = create_app(TestConfig, **json.loads(os.environ["WORKFLOW_TEST_OVERRIDES"]))
celery = make_celery(app)
