"""The Celery app bench/delivery_bench.py runs as its workers: production Config, with the
benchmark's database, broker and SMTP server given as JSON in BENCH_OVERRIDES.

    celery -A bench.delivery_worker.celery worker -Q <queue> --pool=solo
"""
import faulthandler
import json
import os

from config import Config
from tasks.celery_app import make_celery
from workflow import create_app

faulthandler.enable()
app = create_app(Config, **json.loads(os.environ["BENCH_OVERRIDES"]))
celery = make_celery(app)
