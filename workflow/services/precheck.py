"""The pre-check before submitting (智能预审, issue 11): advice, never a block. The rules are
domain/precheck.py's; which are on, and the minimum length, are rows an administrator edits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from workflow.domain import precheck
from workflow.domain.precheck import DEFAULTS, Finding, Rule
from workflow.extensions import db
from workflow.models import NotFiledReason, PrecheckRule, Role, User
from workflow.services import events
from workflow.services.errors import Forbidden, Invalid

RULE_LABELS = {
    Rule.TITLE_FORM: _l("The title reads 关于……的提案 or 关于……的建议"),
    Rule.TOO_SHORT: _l("The text is long enough to act on"),
    Rule.NO_SUGGESTIONS: _l("The text ends with numbered suggestions"),
    Rule.OUTSIDE_REMIT: _l("The matter is not one the list of reasons for not filing names"),
    Rule.PERSONAL_DATA: _l("No personal data of other people"),
}
MIN_LENGTH_LIMITS = (50, 5000)


@dataclass(frozen=True)
class RuleSetting:
    rule: Rule
    active: bool
    parameter: int | None


def settings() -> list[RuleSetting]:
    """Every rule, as stored; a rule without a row is on with its default parameter."""
    rows = {r.code: r for r in db.session.execute(select(PrecheckRule)).scalars()}
    found = []
    for rule, default in DEFAULTS.items():
        row = rows.get(rule.value)
        found.append(RuleSetting(rule, row.active if row else True,
                                 (row.parameter if row and row.parameter is not None else default)))
    return found


def run(title: str, body: str) -> list[Finding]:
    active = {s.rule: s.parameter for s in settings() if s.active}
    reasons = db.session.execute(
        select(NotFiledReason.text).where(NotFiledReason.active.is_(True)).order_by(NotFiledReason.position)
    ).scalars().all()
    return precheck.check(title, body, active, reasons)


def message(finding: Finding, channel: str | None) -> str:
    """The advice in the reader's language."""
    d = finding.detail
    if finding.rule == Rule.TITLE_FORM:
        return _("The office expects a title of the form 关于……的%(item)s, naming the matter.",
                 item="提案" if channel == "cppcc" else "建议" if channel == "npc" else "提案/建议")
    if finding.rule == Rule.TOO_SHORT:
        return _("The text has %(length)d characters; a bureau needs at least about %(minimum)d to act on: the "
                 "situation, the reasons and what you suggest.", length=d["length"], minimum=d["minimum"])
    if finding.rule == Rule.NO_SUGGESTIONS:
        return _("No numbered suggestions were found. End with the 建议 part: measures numbered 1. 2. 3., so the "
                 "bureau can answer each.")
    if finding.rule == Rule.OUTSIDE_REMIT:
        parts = [_("“%(words)s” may be a matter the office does not file: %(reason)s", words=m["words"],
                   reason=m["reason"]) for m in d["matters"]]
        return "；".join(parts)
    return _("The text holds personal data (%(kinds)s: %(examples)s). Leave out other people's phone numbers, ID "
             "numbers and e-mail addresses.", kinds="、".join(_kind(k) for k in d["kinds"]),
             examples="、".join(d["masked"]))


def _kind(kind: str) -> str:
    return {"mobile": _("mobile number"), "id_card": _("ID card number"), "email": _("e-mail address")}.get(kind, kind)


def save(actor: User, changes: dict[str, tuple[bool, int | None]], now: datetime) -> None:
    """Switch rules on or off and set the minimum length: {code: (active, parameter)}."""
    if not actor.has_role(Role.ADMIN):
        raise Forbidden(_("Only administrators change the pre-check."))
    errors = {}
    for code, (_active, parameter) in changes.items():
        if code not in {r.value for r in Rule}:
            errors[code] = _("No such rule.")
        elif code == Rule.TOO_SHORT and (parameter is None or not MIN_LENGTH_LIMITS[0] <= parameter <= MIN_LENGTH_LIMITS[1]):
            errors[code] = _("Give a number of characters from %(min)d to %(max)d.", min=MIN_LENGTH_LIMITS[0],
                             max=MIN_LENGTH_LIMITS[1])
    if errors:
        raise Invalid(errors)
    recorded = {}
    for code, (active, parameter) in changes.items():
        row = db.session.get(PrecheckRule, code) or PrecheckRule(code=code, active=True)
        db.session.add(row)
        parameter = parameter if code == Rule.TOO_SHORT else None
        if row.active != active or row.parameter != parameter:
            recorded[code] = [[row.active, row.parameter], [active, parameter]]
        row.active, row.parameter = bool(active), parameter
    if recorded:
        events.record("precheck-settings", now, actor, changes=recorded)
    db.session.commit()
