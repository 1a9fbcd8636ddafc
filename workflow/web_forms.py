"""Helpers shared by the blueprints' routes: service errors onto forms, query arguments."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, request
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from workflow.services.errors import Invalid, ServiceError


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
    try:
        result = call()
    except Invalid as exc:
        apply_errors(form, exc, aliases)
        return None
    except ServiceError as exc:
        flash_error(exc)
        return None
    flash(str(success(result) if callable(success) else success), "success")
    return redirect(to(result) if callable(to) else to)


def run_button(call: Callable[[], Any], success: object) -> ServiceError | None:
    """A button's post, whose page is left by a redirect whatever happens: make the service call
    and flash its refusal or `success`. Returns the refusal, for callers that redirect elsewhere
    on some refusals."""
    try:
        call()
    except ServiceError as exc:
        flash_error(exc)
        return exc
    flash(str(success), "success")
    return None


def int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None
