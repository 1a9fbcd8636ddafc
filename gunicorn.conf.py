"""gunicorn's settings, read by `flask up` and by `gunicorn -c gunicorn.conf.py wsgi:app`.

The worker class and counts were chosen on a quiet 2-core machine by measurement (BENCHMARKS.md,
"Serving"): sync workers, one more than the cores. Threads (gthread) served fewer requests: the
pages' time is Python's, and the threads of one process take turns on its interpreter lock. Set
GUNICORN_THREADS above 1 for gthread (gunicorn switches the class itself). Run it behind a
buffering proxy (nginx), as gunicorn's documentation says of sync workers.
Every value can be set from the environment; command-line options override this file.
"""
import faulthandler
import os
import sys

wsgi_app = "wsgi:app"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:5000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = int(os.environ.get("GUNICORN_WORKERS", str((os.cpu_count() or 2) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A process is replaced after this many requests (a little apart, so they are not all replaced at
# once): whatever a long-lived process accumulates is let go.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log


def post_fork(server, worker):
    """A worker that dies of a signal prints every thread's stack first (wsgi.py enables this too;
    here it also holds when the app is given otherwise)."""
    faulthandler.enable()


def worker_abort(worker):
    """A worker gunicorn kills for its timeout (SIGABRT): where each thread was, in the log."""
    faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
