"""The office's figures kept for a short time per filter (FIGURES_CACHE_SECONDS, default 60): they
are grouped queries over every item the filter selects, whose cost grows with the years kept,
and the office reads the same figures again and again (the page, its charts, the workbook, the
API). A change shows within that time; 0 turns the cache off. Each process keeps its own."""
from __future__ import annotations

import threading
import time
from datetime import datetime

from flask import current_app

from workflow.models import User
from workflow.services import figures
from workflow.services.figures import FigureFilter, Figures

KEPT_FILTERS = 256
_kept: dict[tuple, tuple[float, Figures]] = {}
_lock = threading.Lock()


def figures_for(actor: User, f: FigureFilter, now: datetime) -> Figures:
    """figures.figures(), or its answer to the same filter from less than the configured time
    ago. Permission is checked on every call: the cache only holds what the office may see."""
    seconds = current_app.config.get("FIGURES_CACHE_SECONDS", 0)
    if not seconds or not figures.may_see(actor):
        return figures.figures(actor, f, now)
    key = (current_app.config["SQLALCHEMY_DATABASE_URI"], f)
    with _lock:
        hit = _kept.get(key)
    if hit is not None and time.monotonic() - hit[0] < seconds:
        return hit[1]
    result = figures.figures(actor, f, now)
    with _lock:
        if len(_kept) >= KEPT_FILTERS:
            _kept.clear()
        _kept[key] = (time.monotonic(), result)
    return result


def forget() -> None:
    with _lock:
        _kept.clear()
