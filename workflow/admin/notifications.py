"""Admin screens for reminders: every notification with its delivery state and a retry button,
and the local mailbox where e-mail goes when no MAIL_SERVER is set."""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from workflow.admin.routes import bp, require_button
from workflow.clock import utcnow
from workflow.models import DeliveryState
from workflow.services import delivery, notifications, reminders
from workflow.web_forms import int_arg

# An e-mail's HTML is shown as sent, sandboxed: no scripts, nothing fetched, no forms.
MAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


@bp.get("/notifications")
def notifications_page():
    state = request.args.get("state") or None
    if state not in set(DeliveryState):
        state = None
    return render_template(
        "admin/notifications.html",
        page=notifications.listing(state, int_arg("page") or 1),
        state=state,
        counts=delivery.counts(),
        last_sweep=reminders.last_sweep(),
    )


@bp.post("/notifications/<int:notification_id>/retry")
def retry_notification(notification_id: int):
    require_button()
    if delivery.retry([notification_id], utcnow()):
        flash(_("The notification will be sent again."), "success")
    else:
        flash(_("Only a failed notification can be retried."), "error")
    return redirect(url_for("admin.notifications_page", state=request.args.get("state")))


@bp.post("/notifications/retry-failed")
def retry_failed():
    require_button()
    count = delivery.retry(None, utcnow())
    flash(_("%(n)d failed notification(s) will be sent again.", n=count), "success")
    return redirect(url_for("admin.notifications_page"))


@bp.get("/outbox")
def outbox():
    return render_template("admin/outbox.html", page=notifications.mailbox(int_arg("page") or 1))


@bp.get("/outbox/<int:message_id>")
def outbox_message(message_id: int):
    return render_template("admin/outbox_message.html", message=notifications.mailbox_message(message_id))


@bp.get("/outbox/<int:message_id>/html")
def outbox_html(message_id: int):
    message = notifications.mailbox_message(message_id)
    response = Response(message.html_body, mimetype="text/html")
    response.headers["Content-Security-Policy"] = MAIL_CSP
    return response
