"""/notifications: the user's list and preferences; the office's 催办 from an item's page."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from workflow.clock import utcnow
from workflow.notifications.forms import ButtonForm, PreferencesForm, RemindForm
from workflow.notifications.links import target_url
from workflow.services import notifications, reminders
from workflow.services.errors import Invalid, ServiceError
from workflow.web_forms import apply_errors, claim_once, flash_error, int_arg, small_int

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
bp.before_request(login_required(lambda: None))
bp.add_app_template_global(target_url, "notification_url")


@bp.app_context_processor
def _bell() -> dict:
    if not current_user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": notifications.unread_count(current_user)}


@bp.get("/")
def index():
    unread_only = request.args.get("unread") == "1"
    page = notifications.for_user(current_user, int_arg("page") or 1, unread_only)
    return render_template("notifications/index.html", page=page, unread_only=unread_only, form=ButtonForm())


@bp.post("/read")
def mark_read():
    if not ButtonForm().validate_on_submit():
        flash(_("The form expired. Try again."), "error")
        return redirect(url_for("notifications.index"))
    ids = [n for n in map(small_int, request.form.getlist("id")) if n is not None]
    everything = request.form.get("all") == "1"
    notifications.mark_read(current_user, None if everything else ids, utcnow())
    return redirect(url_for("notifications.index", unread=request.args.get("unread")))


@bp.route("/preferences", methods=["GET", "POST"])
def preferences():
    data = {"email_digest": current_user.email_digest, "notify_email": current_user.notify_email,
            "notify_sms": current_user.notify_sms, "mobile": current_user.mobile}
    form = PreferencesForm(data=data if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            notifications.set_channels(current_user, email=form.notify_email.data, digest=form.email_digest.data,
                                       sms=form.notify_sms.data, mobile=form.mobile.data)
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            flash(_("Your choice is saved."), "success")
            return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form)


@bp.post("/remind/<int:proposal_id>")
def remind(proposal_id: int):
    form = RemindForm()
    if not form.validate_on_submit():
        flash(_("The form expired or the bureau is not one of the list. Try again."), "error")
        return redirect(url_for("proposals.show", proposal_id=proposal_id))
    if claim_once() is not None:
        return redirect(url_for("proposals.show", proposal_id=proposal_id))
    try:
        sent = reminders.remind(current_user, proposal_id, form.note.data, utcnow(), form.assignment_id.data)
    except ServiceError as exc:
        flash_error(exc)
        if exc.status == 404:
            return redirect(url_for("proposals.index"))
    else:
        if sent:
            flash(_("Reminder sent to %(n)d people.", n=sent), "success")
        else:
            flash(_("The reminder reached nobody: the bureau has no active clerk or leader. Add a user under "
                    "Administration, or reach the bureau another way."), "warning")
    return redirect(url_for("proposals.show", proposal_id=proposal_id))
