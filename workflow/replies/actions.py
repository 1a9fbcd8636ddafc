"""The reply's POST actions: one service call each, then back to the reply with a message."""
from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from workflow.clock import utcnow
from workflow.replies.forms import CategoryForm, FeedbackForm, NoteForm, SubmitForm
from workflow.replies.routes import bp
from workflow.services import approval, decisions, feedback, reply_access
from workflow.services.errors import ServiceError
from workflow.web_forms import run_button, small_int


def _version(form) -> int | None:
    return small_int(form.version.data)


def _run(reply_id: int, form, call: Callable[[], object], success) -> object:
    """Check the form's CSRF token, call the service, flash its refusal or the success."""
    if not form.validate_on_submit():
        flash(_("The form expired. Try again."), "error")
        return redirect(url_for("replies.show", reply_id=reply_id))
    refusal = run_button(call, success)
    if refusal is not None and refusal.status == 404:
        return redirect(url_for("worklist.index"))
    # The reply may have left the user's sight (a co bureau after co-signing sees it again once sent).
    try:
        reply_access.get_reply(current_user, reply_id)
    except ServiceError:
        return redirect(url_for("worklist.index"))
    return redirect(url_for("replies.show", reply_id=reply_id))


@bp.post("/replies/<int:reply_id>/submit")
def submit(reply_id: int):
    form = SubmitForm()
    return _run(reply_id, form, lambda: approval.submit(
        current_user, reply_id, utcnow(), bool(form.confirm_missing_opinions.data), _version(form)),
        _l("Submitted for approval."))


@bp.post("/replies/<int:reply_id>/cosign")
def cosign(reply_id: int):
    return _run(reply_id, NoteForm(), lambda: approval.cosign(current_user, reply_id, utcnow()), _l("Co-signed."))


@bp.post("/replies/<int:reply_id>/object")
def object_(reply_id: int):
    form = NoteForm()
    return _run(reply_id, form, lambda: approval.object_(current_user, reply_id, form.note.data, utcnow()),
                _l("Returned to the lead bureau with your comments."))


@bp.post("/replies/<int:reply_id>/approve")
def approve(reply_id: int):
    form = NoteForm()
    return _run(reply_id, form, lambda: approval.approve(current_user, reply_id, utcnow(), _version(form)),
                _l("Approved. The document number is assigned and the text is locked."))


@bp.post("/replies/<int:reply_id>/return")
def return_(reply_id: int):
    form = NoteForm()
    return _run(reply_id, form, lambda: approval.return_(current_user, reply_id, form.note.data, utcnow(),
                                                         _version(form)),
                _l("Returned to the clerk with your comments."))


@bp.post("/replies/<int:reply_id>/send")
def send(reply_id: int):
    return _run(reply_id, NoteForm(), lambda: approval.send(current_user, reply_id, utcnow()),
                _l("Sent. The proposer can read and rate the reply now."))


@bp.post("/replies/<int:reply_id>/feedback")
def rate(reply_id: int):
    form = FeedbackForm()
    data = feedback.FeedbackInput(form.rating.data or None, form.attitude.data or None, form.result.data or None,
                                  form.comments.data or "")
    return _run(reply_id, form, lambda: feedback.rate(current_user, reply_id, data, utcnow()),
                _l("Thank you. Your rating is recorded."))


@bp.post("/replies/<int:reply_id>/category")
def correct_category(reply_id: int):
    form = CategoryForm()
    return _run(reply_id, form, lambda: decisions.correct_category(
        current_user, reply_id, form.resolution.data or None, form.note.data, utcnow()),
        _l("The resolution category is corrected."))
