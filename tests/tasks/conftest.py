"""A real Celery worker (a thread in this process) on the real broker: the SQLite file broker by
default, Redis when REDIS_URL is set."""
import pytest
from celery.contrib.testing.worker import start_worker

from tasks.celery_app import make_celery


@pytest.fixture(scope="session")
def celery_app(app):
    import celery.contrib.testing.tasks  # noqa: F401 - the ping task start_worker checks with

    celery = make_celery(app)
    celery.conf.update(task_ignore_result=False, broker_pool_limit=None)
    celery.loader.import_default_modules()  # every task module of `imports`, as a worker loads them
    with celery.connection_for_write() as conn:  # declare queues before anything races for them
        for queue in celery.amqp.queues.values():
            queue(conn.default_channel).declare()
    return celery


@pytest.fixture(scope="session")
def worker(celery_app):
    with start_worker(celery_app, pool="threads", concurrency=1, perform_ping_check=True, shutdown_timeout=10) as w:
        yield w
