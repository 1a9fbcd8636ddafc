"""Bureaus: creation and editing with validation."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from workflow.domain import bureau_keywords
from workflow.extensions import db
from workflow.models import Bureau, User
from workflow.services import events
from workflow.services.errors import Invalid, NotFound

DUTIES_MAX = 4000
KEYWORDS_MAX = 4000
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


@dataclass
class BureauInput:
    code: str
    name: str
    short_name: str | None = None
    credit_code: str | None = None
    prefix_cppcc: str | None = None
    prefix_npc: str | None = None
    active: bool = True
    co_opinion_signoff: bool | None = None  # None: as the system setting says
    duties: str | None = None  # 职能, a paragraph as in its 三定 summary (suggested bureaus use it)
    keywords: str | None = None  # 分办关键词, the names of its matters (suggested bureaus find them)

    def cleaned(self) -> BureauInput:
        def text(value: str | None) -> str | None:
            return (value or "").strip() or None

        return BureauInput(
            code=(self.code or "").strip(), name=(self.name or "").strip(), short_name=text(self.short_name),
            credit_code=(text(self.credit_code) or "").upper() or None, prefix_cppcc=text(self.prefix_cppcc),
            prefix_npc=text(self.prefix_npc), active=bool(self.active), co_opinion_signoff=self.co_opinion_signoff,
            duties=text(self.duties), keywords=bureau_keywords.normal(self.keywords),
        )


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


def validate_input(data: BureauInput, bureau_id: int | None = None) -> dict[str, str]:
    """Every rule for a bureau entered on the admin screen, on cleaned input."""
    errors = validate(data.code, data.name, data.credit_code, bureau_id)
    if data.short_name and len(data.short_name) > 32:
        errors["short_name"] = _("At most %(n)d characters.", n=32)
    for name in ("prefix_cppcc", "prefix_npc"):
        value = getattr(data, name)
        if value and (len(value) > 32 or any(ch in value for ch in "{}〔〕[]")):
            errors[name] = _("Only the prefix, e.g. 金经信办建, at most 32 characters; the year and number are added.")
    if data.duties and len(data.duties) > DUTIES_MAX:
        errors["duties"] = _("At most %(n)d characters.", n=DUTIES_MAX)
    if data.keywords and len(data.keywords) > KEYWORDS_MAX:
        errors["keywords"] = _("At most %(n)d characters.", n=KEYWORDS_MAX)
    return errors


def create_bureau(
    code: str, name: str, *, credit_code: str | None = None, prefix: str | None = None, short_name: str | None = None,
    prefix_npc: str | None = None, duties: str | None = None, keywords: str | None = None,
) -> Bureau:
    """The command line's creation: one --prefix serves both channels unless prefix_npc is given."""
    data = BureauInput(
        code=code, name=name, short_name=short_name, credit_code=credit_code, prefix_cppcc=prefix,
        prefix_npc=prefix_npc or prefix, duties=duties, keywords=keywords,
    ).cleaned()
    errors = validate_input(data)
    if errors:
        raise Invalid(errors)
    bureau = Bureau()
    _apply(bureau, data)
    db.session.add(bureau)
    db.session.commit()
    return bureau


def get_bureau(bureau_id: int) -> Bureau:
    bureau = db.session.get(Bureau, bureau_id)
    if bureau is None:
        raise NotFound(_("No such bureau."))
    return bureau


def save_bureau(actor: User, bureau_id: int | None, data: BureauInput, now: datetime) -> Bureau:
    """Create (bureau_id None) or change a bureau, as entered on the admin screen."""
    bureau = get_bureau(bureau_id) if bureau_id is not None else Bureau()
    data = data.cleaned()
    errors = validate_input(data, bureau_id)
    if errors:
        raise Invalid(errors)
    changes = _apply(bureau, data)
    if bureau_id is None:
        db.session.add(bureau)
    if changes:
        events.record("bureau-create" if bureau_id is None else "bureau-update", now, actor, note=data.code,
                      changes=changes)
    db.session.commit()
    return bureau


def _apply(bureau: Bureau, data: BureauInput) -> dict:
    return events.diff(bureau, {
        "code": data.code, "name": data.name, "short_name": data.short_name, "credit_code": data.credit_code,
        "prefix_cppcc": data.prefix_cppcc, "prefix_npc": data.prefix_npc, "active": data.active,
        "co_opinion_signoff": data.co_opinion_signoff, "duties": data.duties, "keywords": data.keywords,
    })
