"""GET /healthz: the database, the broker and the last beat run."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from workflow.extensions import db
from workflow.services import settings

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    report = {"database": _check(lambda: db.session.execute(text("SELECT 1")).scalar_one())}
    report["broker"] = _check(_ping_broker)
    last = settings.get("beat.last_run")
    report["beat"] = {"last_run": last}
    report["notifications"] = _check_notifications()
    report["search"] = _check_search()
    ok = report["database"]["ok"] and report["broker"]["ok"]
    return jsonify({"ok": ok, **report}), 200 if ok else 503


def _check(probe) -> dict:
    try:
        probe()
    except Exception as exc:  # a health check reports every failure kind, never raises
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def _check_notifications() -> dict:
    """When the reminder sweep last ran, and how many notifications wait or failed."""
    from workflow.services import delivery, reminders

    try:
        counts = delivery.counts(("pending", "failed"))
        last = reminders.last_sweep()
    except Exception as exc:  # reported, like the other checks
        db.session.rollback()
        return {"ok": False, "error": type(exc).__name__}
    return {
        "ok": True,
        "last_sweep": last.isoformat() if last else None,
        "pending": counts["pending"],
        "failed": counts["failed"],
    }


def _check_search() -> dict:
    """Whether the database can search Chinese (PostgreSQL needs a UTF-8 LC_CTYPE for pg_trgm)."""
    from workflow.services import search

    try:
        return search.warn_if_unfit()
    except Exception as exc:  # reported, like the other checks
        db.session.rollback()
        return {"ok": False, "error": type(exc).__name__}


def _ping_broker() -> None:
    from kombu import Connection

    with Connection(current_app.config["CELERY_BROKER_URL"], connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1)
