"""The WSGI application for gunicorn, and the Celery app bound to it."""
import faulthandler

from tasks.celery_app import make_celery
from workflow import create_app

# A worker that dies of a signal (SIGSEGV in a compiled library, SIGABRT) prints every thread's
# Python stack to stderr first, so the log says where (web and Celery processes both import this).
faulthandler.enable()

app = create_app()
celery = make_celery(app)
