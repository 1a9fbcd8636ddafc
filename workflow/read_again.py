"""A read whose database connection dropped mid-request is answered once more, not with a 500.

The pool's pre-ping replaces a connection the database dropped while it lay in the pool; one
dropped while a request used it (a restart, a failover, `pg_terminate_backend`) fails that
request. A GET or HEAD changes nothing, so the whole request — every before-request hook, the
login and the view — runs once more on a fresh connection. A POST is never run twice: it may have
taken effect before the connection dropped.

Flask turns the error into a 500 response (or, when testing, lets it propagate); a signal handler
marks the request's environ when the error was a dropped connection, and the WSGI wrapper below
discards that first answer and asks the app again.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from flask import Flask, got_request_exception, request
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

DROPPED = "workflow.connection_dropped"
READS = frozenset({"GET", "HEAD"})


def init_app(app: Flask) -> None:
    got_request_exception.connect(_mark, app, weak=False)
    app.wsgi_app = ReadAgain(app.wsgi_app)  # type: ignore[method-assign]


def _mark(sender, exception: BaseException, **_) -> None:
    if isinstance(exception, DBAPIError) and exception.connection_invalidated:
        request.environ[DROPPED] = True


class ReadAgain:
    def __init__(self, wsgi_app: Callable):
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") not in READS:
            return self.wsgi_app(environ, start_response)
        held: list = []

        def hold(status, headers, exc_info=None):
            held[:] = [status, headers, exc_info]
            return lambda data: None  # Werkzeug never writes through it

        try:
            body = self.wsgi_app(environ, hold)
        except DBAPIError as exc:  # propagated, as when testing: the same rule
            if not exc.connection_invalidated:
                raise
            body, environ[DROPPED] = [], True
        if not environ.pop(DROPPED, False):
            start_response(*held)
            return body
        if hasattr(body, "close"):
            body.close()
        log.warning("database connection dropped during %s %s; answering it again",
                    environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"))
        return self.wsgi_app(environ, start_response)
