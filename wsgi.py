"""The WSGI application for gunicorn, and the Celery app bound to it."""
from tasks.celery_app import make_celery
from workflow import create_app

app = create_app()
celery = make_celery(app)
