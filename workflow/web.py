"""Blueprint registration and what every page shares: headers, errors, template globals."""
from __future__ import annotations

import secrets

from flask import Flask, current_app, g, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from workflow import input_guard, labels
from workflow.clock import utcnow
from workflow.domain.clocks import due_state
from workflow.domain.deadlines import local_date
from workflow.due_label import due_label
from workflow.services.errors import ServiceError
from workflow.terms import term

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)


class IdConverter(IntegerConverter):
    """`<int:…>` capped at PostgreSQL's integer, so a huge id is a 404, not a database overflow."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def register(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    input_guard.register(app)
    from workflow.admin.routes import bp as admin_bp
    from workflow.api import bp as api_bp
    from workflow.auth.routes import bp as auth_bp
    from workflow.clues.routes import bp as clues_bp
    from workflow.desk.batch_routes import bp as desk_batch_bp
    from workflow.desk.exports import bp as desk_exports_bp
    from workflow.desk.imports import bp as desk_imports_bp
    from workflow.desk.jobs import bp as desk_jobs_bp
    from workflow.evaluations.routes import bp as evaluations_bp
    from workflow.handling.routes import bp as handling_bp
    from workflow.health import bp as health_bp
    from workflow.notifications.routes import bp as notifications_bp
    from workflow.office.archives import bp as archives_bp
    from workflow.office.routes import bp as office_bp
    from workflow.office.topics import bp as topics_bp
    from workflow.proposals.routes import bp as proposals_bp
    from workflow.public.progress import bp as portal_bp
    from workflow.public.publishing import bp as publishing_bp
    from workflow.public.routes import bp as public_bp
    from workflow.replies.routes import bp as replies_bp
    from workflow.worklist.routes import bp as worklist_bp

    for bp in (auth_bp, worklist_bp, proposals_bp, office_bp, handling_bp, admin_bp, api_bp, health_bp,
               notifications_bp, replies_bp, public_bp, publishing_bp, archives_bp, evaluations_bp, portal_bp, clues_bp,
               topics_bp, desk_imports_bp, desk_exports_bp, desk_batch_bp, desk_jobs_bp):
        app.register_blueprint(bp)

    app.before_request(_drop_badges)
    app.after_request(_security_headers)
    app.after_request(_cache_headers)
    app.after_request(_remember_first_post)
    app.context_processor(_template_globals)
    app.jinja_env.globals["due_label"] = due_label  # e-mails render outside a page's context too
    for status in (400, 403, 404, 405, 409, 410, 412, 429, 500):
        app.register_error_handler(status, _error_page)
    app.register_error_handler(ServiceError, _service_error)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _cache_headers(response):
    """What a signed-in user or an API caller with a token gets is theirs alone, personal data
    included: no cache may keep it (`no-store`), downloads too (letters, attachments, exports,
    archives), whatever send_file proposed. Public pages change with the data (a withdrawn
    reply published again answers 200 where it answered 410): caches must ask again each time,
    unless the response set its own policy. Static files keep theirs."""
    if request.endpoint == "static":
        return response
    if g.get("api_user") is not None or current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    elif "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-cache"
    return response


def _remember_first_post(response):
    """A form claimed by its one-time token (web_forms.claim_once) that led somewhere: keep where,
    so the same form sent again leads there too."""
    key = g.pop("once_key", None)
    if key is not None and response.status_code in (302, 303) and response.location:
        from workflow.services import idempotency

        idempotency.remember(key, response.location)
    return response


def keep_work_counts(by_task: dict) -> None:
    """The work list page's counts, read with its page: the header shows them, not a count of its own."""
    g.work_counts = by_task


# The header's badges as last counted for this user: [user id, total, overdue, counted at].
_BADGES = "work_badges"


def header_counts(now) -> dict:
    """The header's badges: total and overdue tasks. Counting the open work of a whole office is
    the dearest statement of most pages (30 ms at 100,000 items), so a page other than the work
    list shows the user's last count while it is younger than WORK_COUNTS_SECONDS; the work list
    itself counts afresh, and any change the user makes drops the kept count (_drop_badges).
    Another user's change shows within WORK_COUNTS_SECONDS."""
    from workflow.services import worklist

    if not current_user.is_authenticated:
        return {}
    max_age = current_app.config["WORK_COUNTS_SECONDS"]
    fresh = g.get("work_counts")
    kept = session.get(_BADGES)
    if fresh is None and max_age > 0 and isinstance(kept, list) and len(kept) == 4 \
            and kept[0] == current_user.id and 0 <= now.timestamp() - kept[3] < max_age:
        return {"total": kept[1], "overdue": kept[2]}
    counts = worklist.counts(current_user, now, fresh)
    if max_age > 0:
        session[_BADGES] = [current_user.id, counts["total"], counts["overdue"], now.timestamp()]
    return counts


def _drop_badges() -> None:
    if request.method not in ("GET", "HEAD", "OPTIONS") and _BADGES in session:
        session.pop(_BADGES)


def _template_globals() -> dict:
    now = utcnow()
    counts = header_counts(now)
    return {
        "get_locale": get_locale,
        "labels": labels,
        "label": labels.label,
        "term": term,
        "now": now,
        "today": local_date(now),
        # "open", "overdue" or "closed" (a window that has passed); kind None: a task's due date.
        "due_state": lambda due, kind=None: due_state(kind, due, now),
        "work_counts": counts,
        "once_token": lambda: secrets.token_urlsafe(16),  # a create form's one-time token (macros.html)
    }


def _service_error(exc: ServiceError):
    """A refusal that escaped a route (usually a 404 while loading what it shows)."""
    if request.path.startswith("/api/"):
        from workflow.api.errors import error_response

        return error_response(exc.status, exc.message, exc.code, field=exc.field)
    return render_template("error.html", status=exc.status, error=exc), exc.status


def _error_page(error):
    status = getattr(error, "code", 500) or 500
    if request.path.startswith("/api/"):
        from workflow.api.errors import error_response

        return error_response(status)
    return render_template("error.html", status=status, error=error), status

