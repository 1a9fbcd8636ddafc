"""Helpers shared by the blueprints' routes: service errors onto forms, query arguments, and the
one-time token that makes a form posted twice create once."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import RadioField

from workflow.clock import utcnow
from workflow.domain.batch import BatchMode
from workflow.extensions import db
from workflow.services import idempotency
from workflow.services.errors import Invalid, Repeated, ServiceError

ONCE_FIELD = "once"  # the hidden field of templates/macros.html `once()`


def claim_once() -> Repeated | None:
    """Claim the posted form's one-time token in this request's transaction, before the use case
    runs in it. A form sent a second time (a double click, a page sent again) is answered with
    `Repeated`, already flashed; a form without a token is not guarded."""
    token = request.form.get(ONCE_FIELD)
    if not idempotency.valid(token) or not current_user.is_authenticated:
        return None
    key = f"web:{current_user.id}:{token}"
    try:
        idempotency.claim(current_user, key, utcnow())
    except Repeated as exc:
        db.session.rollback()
        flash(exc.message, "info")
        return exc
    g.once_key = key  # web.py keeps where the first post led, for the second
    return None


def repeated_redirect(exc: Repeated, fallback: str | None = None) -> Response:
    return redirect(exc.location or fallback or url_for("worklist.index"))


def apply_errors(form: FlaskForm, exc: Invalid, aliases: dict[str, str] | None = None) -> None:
    """Put each service message next to its field; messages for fields the form lacks are flashed."""
    for name, message in exc.errors.items():
        field = getattr(form, (aliases or {}).get(name, name), None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [message]
        else:
            flash(message, "error")


def flash_error(exc: ServiceError) -> None:
    if isinstance(exc, Invalid):
        for message in exc.errors.values():
            flash(message, "error")
    else:
        flash(exc.message, "error")


def submit_form(
    form: FlaskForm,
    call: Callable[[], Any],
    success: object | Callable[[Any], object],
    to: str | Callable[[Any], str],
    *,
    aliases: dict[str, str] | None = None,
    invalid_message: str | None = None,
) -> Response | None:
    """The form-post shape: validate the form and make one service call. On success flash
    `success` and redirect to `to` (either may be a function of the call's result); on refusal
    put an `Invalid`'s messages next to their fields and flash any other. None tells the caller
    to render the form again; `invalid_message` is flashed when the form's own checks failed."""
    if not form.validate_on_submit():
        if invalid_message and form.errors:
            flash(invalid_message, "error")
        return None
    repeated = claim_once()
    if repeated is not None:
        return repeated_redirect(repeated, None if callable(to) else to)
    try:
        result = call()
    except Invalid as exc:
        db.session.rollback()  # the form's token too: the corrected form may be sent
        apply_errors(form, exc, aliases)
        return None
    except ServiceError as exc:
        db.session.rollback()
        flash_error(exc)
        return None
    flash(str(success(result) if callable(success) else success), "success")
    return redirect(to(result) if callable(to) else to)


def run_button(call: Callable[[], Any], success: object) -> ServiceError | None:
    """A button's post, whose page is left by a redirect whatever happens: make the service call
    and flash its refusal or `success`. Returns the refusal, for callers that redirect elsewhere
    on some refusals (a button sent twice is refused as `Repeated`, already flashed)."""
    repeated = claim_once()
    if repeated is not None:
        return repeated
    try:
        call()
    except ServiceError as exc:
        db.session.rollback()
        flash_error(exc)
        return exc
    flash(str(success), "success")
    return None


def small_int(value: Any) -> int | None:
    """A whole number as a form or a query string sends it: ASCII digits, at most nine (a database
    integer holds it). str.isdigit() alone lets '²' through, which int() refuses: a 500."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def int_arg(name: str) -> int | None:
    return small_int(request.args.get(name, ""))


def batch_mode_field() -> RadioField:
    """What a batch does when some of its items are refused: save the others, or nothing."""
    return RadioField(_l("If some items are refused"), default=BatchMode.SAVE_REST.value,
                      choices=[(BatchMode.SAVE_REST.value, _l("Save the others")),
                               (BatchMode.ALL_OR_NOTHING.value, _l("Save nothing"))])
