"""Admin screen for text messages: how many are pending, sent, failed; a retry for the failed
ones; and, with the local gateway, the messages it wrote (the demo's phone)."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from workflow.admin.routes import bp, require_button
from workflow.clock import utcnow
from workflow.services import sms_delivery
from workflow.sms.local import latest


@bp.get("/sms")
def sms_page():
    config = current_app.config
    gateway = (config.get("SMS_GATEWAY") or "local").lower()
    messages = latest(config["SMS_LOCAL_FILE"], 50) if gateway == "local" else []
    return render_template("admin/sms.html", counts=sms_delivery.counts(), gateway=gateway, messages=messages)


@bp.post("/sms/retry")
def retry_sms():
    require_button()
    n = sms_delivery.retry(None, utcnow())
    flash(_("%(n)d text messages will be sent again.", n=n) if n else _("No text message has failed."),
          "success" if n else "info")
    return redirect(url_for("admin.sms_page"))
