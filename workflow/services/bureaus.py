"""Bureaus: creation and editing with validation."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select

from workflow.extensions import db
from workflow.models import Bureau
from workflow.services.errors import Invalid

CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def validate(code: str, name: str, credit_code: str | None, bureau_id: int | None = None) -> dict[str, str]:
    errors = {}
    if not code or len(code) > 32 or not re.fullmatch(r"[A-Za-z0-9_.-]+", code):
        errors["code"] = _("Use letters, digits, dots, dashes and underscores, at most 32.")
    else:
        clash = db.session.execute(select(Bureau).where(Bureau.code == code)).scalar_one_or_none()
        if clash is not None and clash.id != bureau_id:
            errors["code"] = _("Another bureau has this code.")
    if not name or len(name) > 128:
        errors["name"] = _("Give the bureau's full name (at most 128 characters).")
    if credit_code and not CREDIT_CODE.match(credit_code):
        errors["credit_code"] = _("A unified social credit code has 18 characters of digits and capitals.")
    return errors


def create_bureau(
    code: str, name: str, *, credit_code: str | None = None, prefix: str | None = None, short_name: str | None = None,
    prefix_npc: str | None = None,
) -> Bureau:
    code, name = (code or "").strip(), (name or "").strip()
    errors = validate(code, name, credit_code)
    if errors:
        raise Invalid(errors)
    bureau = Bureau(
        code=code, name=name, credit_code=credit_code or None, prefix_cppcc=prefix or None,
        prefix_npc=prefix_npc or prefix or None, short_name=short_name or None,
    )
    db.session.add(bureau)
    db.session.commit()
    return bureau
