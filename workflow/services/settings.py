"""Admin settings with their defaults, and the validation of what an admin enters."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from workflow.domain.clocks import DEFAULT_PERIODS, MAX_REPLY_PERIOD, ClockKind
from workflow.domain.deadlines import Period
from workflow.extensions import db
from workflow.models import Setting, User
from workflow.services import events
from workflow.services.errors import Invalid

DEFAULTS: dict[str, object] = {
    "contact_before_reply": True,
    **{f"period.{kind}": period for kind, period in DEFAULT_PERIODS.items()},
}

PERIOD_KEYS: tuple[str, ...] = tuple(f"period.{kind}" for kind in ClockKind)
BOOLEAN_KEYS: tuple[str, ...] = ("contact_before_reply",)
EDITABLE_KEYS: tuple[str, ...] = PERIOD_KEYS + BOOLEAN_KEYS


def get(key: str) -> object:
    row = db.session.get(Setting, key)
    return row.value if row is not None else DEFAULTS.get(key)


def put(key: str, value: object) -> None:
    row = db.session.get(Setting, key)
    if row is None:
        db.session.add(Setting(key=key, value=value))
    else:
        row.value = value


def clean_period(key: str, text: object) -> str:
    """The period as stored ("15wd", "3m"); ValueError with the user's message when it is not one."""
    try:
        period = Period.parse(str(text or ""))
    except ValueError:
        raise ValueError(_("Write a period like 15wd (15 working days) or 3m (3 months).")) from None
    ceiling = Period.parse(MAX_REPLY_PERIOD)
    if key == f"period.{ClockKind.REPLY}" and period.unit == ceiling.unit and period.amount > ceiling.amount:
        raise ValueError(_("At most %(max)s: with extensions a reply may take %(max)s in total.", max=str(ceiling)))
    return str(period)


def clean(values: dict[str, object]) -> dict[str, object]:
    """Check every editable setting in `values`; Invalid names each bad key."""
    cleaned: dict[str, object] = {}
    errors: dict[str, str] = {}
    for key, value in values.items():
        if key in PERIOD_KEYS:
            try:
                cleaned[key] = clean_period(key, value)
            except ValueError as exc:
                errors[key] = str(exc)
        elif key in BOOLEAN_KEYS:
            if not isinstance(value, bool):
                errors[key] = _("Choose yes or no.")
            cleaned[key] = value
        else:
            errors[key] = _("This setting cannot be changed here.")
    if errors:
        raise Invalid(errors)
    return cleaned


def current() -> dict[str, object]:
    return {key: get(key) for key in EDITABLE_KEYS}


def save(actor: User, values: dict[str, object], now: datetime) -> dict[str, list]:
    """Validate all, store all in one transaction, log what changed. New periods apply to clocks
    started from now on; running clocks keep the due date they were given."""
    cleaned = clean(values)
    before = current()
    changes = {key: [before[key], value] for key, value in cleaned.items() if before[key] != value}
    for key, value in cleaned.items():
        if key in changes:
            put(key, value)
    if changes:
        events.record("settings-update", now, actor, changes=changes)
    db.session.commit()
    return changes
