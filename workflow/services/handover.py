"""Handing work to the Celery workers after commit, best effort: the database holds the work
(pending rows, queued jobs), so with no broker bound, tasks switched off (ENQUEUE_TASKS, off in
tests) or the broker down, nothing is lost; the requeue job or the page that shows the row's state
takes over."""
from __future__ import annotations

import logging
from collections.abc import Iterable

from flask import current_app

log = logging.getLogger(__name__)


def send_tasks(calls: Iterable[tuple[str, list]], what: str) -> None:
    """Send each (task name, args); `what` names the work in the log line of a failure."""
    celery = current_app.extensions.get("celery")
    if celery is None or not current_app.config.get("ENQUEUE_TASKS", True):
        return
    try:
        for name, args in calls:
            celery.send_task(name, args=args)
    except Exception as exc:  # the database holds the work; see the module's docstring
        log.warning("could not enqueue %s (%s)", what, type(exc).__name__)
