"""Helpers shared by the blueprints' routes: service errors onto forms, query arguments."""
from __future__ import annotations

from flask import flash, request
from flask_wtf import FlaskForm

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


def int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None
